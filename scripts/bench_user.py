#!/usr/bin/env python3
"""Whole commands as a user runs them, next to their peers, in one run (the table that opens
docs/benchmarks.md). The machine these figures come from is shared and noisy: read the ratios
(culprit / peer, measured back to back) more than the seconds.

Usage: python3 scripts/bench_user.py [--culprit PATH] [--work DIR] [--runs 3]
                                     [--only titles,postings,org,build] [--cold-build]
                                     [--markdown FILE]

Rows:
- titles:   `culprit titles code --input FILE --output OUT` on 1,000,000 shuffled rows of noisy
            real-world-style titles (see TITLES CORPUS HOOK below), and the same rows sorted.
- postings: `culprit postings scan p.jsonl --out DIR --format json` (title coding on) on 200,000
            synthetic postings (`culprit synth postings --n 200000 --seed 42`, about 300 MB),
            beside `rg -c` with three words on the same file.
- org:      `culprit org analyze big.csv --out DIR --format json` on 1.6 M people
            (`culprit synth org --people 1600000 --seed 42`), beside DuckDB's layers and spans
            (scripts/bench_org_vs_duckdb.py, which also checks that they agree).
- build:    with --cold-build, a cold `cargo build --release` (the build of the README's first
            command, `cargo run --release -- demo`) in a temporary target directory, deleted
            afterwards; the load average is sampled during it.

The venv ~/.cache/culprit-bench-venv holds duckdb, pandas and ripgrep (`rg`, from PyPI) and is
created on first use.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bench_org_vs_duckdb as org  # noqa: E402


def child(cmd, **kw):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    ok = p.returncode == 0 or (p.returncode == 1 and os.path.basename(cmd[0]) == "rg")  # rg: 1 = no match
    if not ok:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')[-2000:]}")
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), p


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def rg_path():
    venv_rg = os.path.join(org.VENV, "bin", "rg")
    if os.path.exists(venv_rg):
        return venv_rg
    found = shutil.which("rg")
    if found:
        return found
    subprocess.check_call([os.path.join(org.VENV, "bin", "python"), "-m", "pip", "install", "-q", "ripgrep"])
    return venv_rg


# The titles corpus: `culprit synth titles` (culprit_titles::corpus): O*NET's reported and
# alternate titles dressed as job boards write them (pay, places, schedules, codes, typos),
# 1,000,000 rows over 309,423 distinct strings, Zipf repeats, shuffled, seed 7. A file given with
# --titles-file (or CULPRIT_TITLES_CORPUS) is used instead.
def titles_corpus(culprit, work, given):
    path = given or os.environ.get("CULPRIT_TITLES_CORPUS")
    if path:
        return path
    out = os.path.join(work, "titles-1m-shuffled.csv")
    if not os.path.exists(out):
        subprocess.check_call([culprit, "synth", "titles", "--rows", "1000000", "--distinct", "309423", "--seed", "7", "--out", out])
    return out
# ------------------------------------------------------------------ end of the hook


def bench_titles(culprit, work, runs, given):
    src = titles_corpus(culprit, work, given)
    if not src:
        return [("`titles code`, 1,000,000 shuffled noisy titles", None, None, None, None, "not run: no corpus (see the TITLES CORPUS HOOK in scripts/bench_user.py)")]
    sorted_path = os.path.join(work, "titles-sorted.csv")
    if not os.path.exists(sorted_path) or os.path.getmtime(sorted_path) < os.path.getmtime(src):
        with open(src, encoding="utf-8", errors="replace") as f:
            header = f.readline()
            rows = f.readlines()
        rows.sort()
        with open(sorted_path, "w", encoding="utf-8") as f:
            f.write(header)
            f.writelines(rows)
    out = []
    for label, path in (("`titles code`, 1,000,000 shuffled noisy titles", src), ("`titles code`, the same rows sorted", sorted_path)):
        ws, cs = [], []
        for _ in range(runs):
            w, c, _ = child([culprit, "titles", "code", "--input", path, "--output", os.path.join(work, "titles.coded.csv")])
            ws.append(w)
            cs.append(c)
        out.append((label, med(ws), med(cs), None, None, ""))
    return out


def bench_postings(culprit, work, runs):
    p = os.path.join(work, "postings-200000-42.jsonl")
    if not os.path.exists(p):
        subprocess.check_call([culprit, "synth", "postings", "--n", "200000", "--seed", "42", "--out", p])
    size = os.path.getsize(p)
    rg = rg_path()
    child([culprit, "postings", "scan", p, "--format", "json"])  # warm: page cache, catalog
    ws, cs, rws, rcs = [], [], [], []
    for _ in range(runs):
        w, c, _ = child([culprit, "postings", "scan", p, "--out", os.path.join(work, "postings-out"), "--format", "json"])
        ws.append(w)
        cs.append(c)
        w, c, _ = child([rg, "-c", "-e", "AI", "-e", "LLM", "-e", "ChatGPT", p])
        rws.append(w)
        rcs.append(c)
    gb = size / 1e9
    label = f"`postings scan` (title coding on), 200,000 postings, {size / 1e6:.0f} MB JSON Lines"
    return [(label, med(ws), med(cs), med(rws), "`rg -c -e AI -e LLM -e ChatGPT`", f"{gb / med(ws):.2f} GB/s; rg {gb / med(rws):.2f} GB/s")]


def bench_org(culprit, work, runs):
    csv = os.path.join(work, "org-1600000-42.csv")
    if not os.path.exists(csv):
        subprocess.check_call([culprit, "synth", "org", "--people", "1600000", "--seed", "42", "--out", csv])
    out_dir = os.path.join(work, "org-out")
    org.run_culprit(culprit, csv, out_dir)  # warm
    ws, cs, dws, dcs, aws, acs = [], [], [], [], [], []
    agree = True
    for _ in range(runs):
        w, c, s, stages = org.run_culprit(culprit, csv, out_dir)
        ws.append(w)
        cs.append(c)
        # The analysis alone (its summary as JSON on stdout, no table files).
        w, c, _ = org.child_run([culprit, "org", "analyze", csv, "--format", "json"])
        aws.append(w)
        acs.append(c)
        w, c, d = org.run_duckdb(csv)
        dws.append(w)
        dcs.append(c)
        agree &= d == s
    st = ", ".join(f"{n} {v:.2f}" for n, v in stages)
    note = f"layers/spans agree: {'yes' if agree else 'NO'}; stages (wall s): {st}"
    duck = "DuckDB: read CSV, recursive CTE layers, spans (in-process)"
    return [
        ("`org analyze` (title coding, exposure roll-ups; summary as JSON), 1.6 M people, 135 MB CSV", med(aws), med(acs), med(dws), duck, "the analysis alone, no table files"),
        ("`org analyze --out DIR` (the same, and 13 tables as CSV and Parquet)", med(ws), med(cs), med(dws), duck, note),
    ]


def bench_build(work):
    target = os.path.expanduser("~/.cache/culprit-target-coldbuild")
    shutil.rmtree(target, ignore_errors=True)
    loads = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            loads.append(float(open("/proc/loadavg").read().split()[0]))
            stop.wait(30)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    w, c, _ = child(["cargo", "build", "--release", "--locked"], cwd=ROOT, env=env)
    stop.set()
    shutil.rmtree(target, ignore_errors=True)
    note = f"load average during it {min(loads):.1f}-{max(loads):.1f}" if loads else ""
    return [("cold `cargo build --release` (what `cargo run --release -- demo` builds first)", w, c, None, None, note)]


def fmt(x):
    return "" if x is None else f"{x:.2f} s"


def main():
    org.ensure_venv()
    ap = argparse.ArgumentParser()
    ap.add_argument("--culprit", default=org.default_culprit())
    ap.add_argument("--work", default=os.path.expanduser("~/.cache/culprit-bench-user"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="titles,postings,org,build")
    ap.add_argument("--titles-file")
    ap.add_argument("--cold-build", action="store_true", help="also time a cold release build (minutes; deletes its target dir after)")
    ap.add_argument("--markdown", help="also write the table to this file")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    only = set(a.only.split(","))
    load0 = open("/proc/loadavg").read().split()[:3]
    rows = []
    if "titles" in only:
        rows += bench_titles(a.culprit, a.work, a.runs, a.titles_file)
    if "postings" in only:
        rows += bench_postings(a.culprit, a.work, a.runs)
    if "org" in only:
        rows += bench_org(a.culprit, a.work, a.runs)
    if "build" in only and a.cold_build:
        rows += bench_build(a.work)
    load1 = open("/proc/loadavg").read().split()[:3]
    lines = [
        f"Load average {' '.join(load0)} at the start, {' '.join(load1)} at the end; {a.runs} runs each, medians; CPU = user + system of the process.",
        "",
        "| command | wall | CPU | peer | peer wall | culprit / peer | notes |",
        "|---|---:|---:|---|---:|---:|---|",
    ]
    for label, w, c, pw, peer, note in rows:
        ratio = f"{w / pw:.2f}x" if (w and pw) else ""
        lines.append(f"| {label} | {fmt(w)} | {fmt(c)} | {peer or ''} | {fmt(pw)} | {ratio} | {note} |")
    text = "\n".join(lines)
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
