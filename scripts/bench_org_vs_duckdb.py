#!/usr/bin/env python3
"""`culprit org analyze` against DuckDB (and pandas) on the same synthetic HR export.

Usage: python3 scripts/bench_org_vs_duckdb.py [--culprit PATH] [--people 1600000] [--seed 42]
                                              [--runs 3] [--work DIR] [--no-pandas]

- Creates a venv under ~/.cache/culprit-bench-venv (duckdb, pandas) on first use and re-runs
  itself inside it.
- Generates the file with `culprit synth org --people N --seed S` (kept in --work).
- Runs, interleaved, --runs times each:
  culprit: `culprit org analyze big.csv --out DIR --format json` (the whole analysis: import,
           validation, title coding, spans and layers, exposure and pay roll-ups, 13 tables);
  DuckDB:  read the CSV, layers by a recursive CTE from the top, spans per manager (direct
           reports), the same summary figures;
  pandas:  the same with a breadth-first walk of merges (once: it is slow).
  culprit is timed as a whole process (wall and CPU of the child); DuckDB and pandas inside
  this Python process, from the CSV read to the summary, after `import` (their start-up is not
  counted: in their favour).
- Checks that they agree on people, managers, layers, people per layer, mean / median / max span.
- Prints a table with medians and ratios (culprit / peer).
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

VENV = os.path.expanduser("~/.cache/culprit-bench-venv")


def ensure_venv():
    if os.environ.get("CULPRIT_BENCH_VENV") == "1":
        return
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    need = [m for m in ("duckdb", "pandas") if subprocess.call([py, "-c", f"import {m}"], stderr=subprocess.DEVNULL) != 0]
    if need:
        subprocess.check_call([py, "-m", "pip", "install", "-q", *need])
    env = dict(os.environ, CULPRIT_BENCH_VENV="1")
    os.execve(py, [py, *sys.argv], env)


def default_culprit():
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(here, "..", "target"))
    return os.path.join(target, "release", "culprit")


def child_run(cmd):
    """Wall seconds and CPU seconds (user + sys) of a child process."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr.decode(errors='replace')}")
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), p.stdout


def self_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_culprit(culprit, csv, out):
    wall, cpu, _ = child_run([culprit, "org", "analyze", csv, "--out", out, "--format", "json"])
    with open(os.path.join(out, "summary.json")) as f:
        s = json.load(f)
    per_layer = {}
    with open(os.path.join(out, "layers.csv")) as f:
        next(f)
        for line in f:
            parts = line.split(",")
            per_layer[int(parts[0])] = int(parts[1])
    summary = {
        "people": s["people"],
        "managers": s["managers"],
        "layers": s["layers"],
        "mean_span": round(s["mean_span"], 6),
        "median_span": float(s["median_span"]),
        "max_span": s["max_span"],
        "people_per_layer": per_layer,
    }
    return wall, cpu, summary, s.get("timings", [])


DUCKDB_SQL = """
CREATE OR REPLACE TEMP TABLE p AS
  SELECT CAST("Employee ID" AS VARCHAR) AS id, NULLIF(TRIM(CAST("Manager ID" AS VARCHAR)), '') AS mgr
  FROM read_csv('{csv}', header = true, all_varchar = true);
CREATE OR REPLACE TEMP TABLE layers AS
  WITH RECURSIVE walk(id, layer) AS (
    SELECT id, 1 FROM p WHERE mgr IS NULL OR mgr NOT IN (SELECT id FROM p)
    UNION ALL
    SELECT p.id, walk.layer + 1 FROM p JOIN walk ON p.mgr = walk.id
  )
  SELECT id, layer FROM walk;
CREATE OR REPLACE TEMP TABLE spans AS
  SELECT mgr AS id, count(*) AS span FROM p WHERE mgr IN (SELECT id FROM p) GROUP BY mgr;
"""


def run_duckdb(csv):
    import duckdb

    c0 = self_cpu()
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(DUCKDB_SQL.format(csv=csv.replace("'", "''")))
    people = con.execute("SELECT count(*) FROM p").fetchone()[0]
    layers, = con.execute("SELECT max(layer) FROM layers").fetchone()
    per_layer = dict(con.execute("SELECT layer, count(*) FROM layers GROUP BY layer ORDER BY layer").fetchall())
    managers, mean_span, median_span, max_span = con.execute("SELECT count(*), avg(span), median(span), max(span) FROM spans").fetchone()
    wall = time.perf_counter() - t0
    cpu = self_cpu() - c0
    con.close()
    summary = {
        "people": people,
        "managers": managers,
        "layers": layers,
        "mean_span": round(mean_span, 6),
        "median_span": float(median_span),
        "max_span": max_span,
        "people_per_layer": {int(k): int(v) for k, v in per_layer.items()},
    }
    return wall, cpu, summary


def run_pandas(csv):
    import pandas as pd

    c0 = self_cpu()
    t0 = time.perf_counter()
    df = pd.read_csv(csv, usecols=["Employee ID", "Manager ID"], dtype=str, keep_default_na=False)
    df.columns = ["id", "mgr"]
    df["mgr"] = df["mgr"].str.strip()
    ids = set(df["id"])
    top = (df["mgr"] == "") | ~df["mgr"].isin(ids)
    layer = pd.Series(0, index=df["id"].values)
    frontier = df.loc[top, "id"]
    layer[frontier.values] = 1
    depth = 1
    children = df[~top]
    while len(frontier):
        depth += 1
        nxt = children.loc[children["mgr"].isin(set(frontier)), "id"]
        layer[nxt.values] = depth
        frontier = nxt
    spans = children.groupby("mgr").size()
    per_layer = layer.value_counts().sort_index()
    wall = time.perf_counter() - t0
    cpu = self_cpu() - c0
    summary = {
        "people": len(df),
        "managers": int(len(spans)),
        "layers": int(layer.max()),
        "mean_span": round(float(spans.mean()), 6),
        "median_span": float(spans.median()),
        "max_span": int(spans.max()),
        "people_per_layer": {int(k): int(v) for k, v in per_layer.items()},
    }
    return wall, cpu, summary


def main():
    ensure_venv()
    ap = argparse.ArgumentParser()
    ap.add_argument("--culprit", default=default_culprit())
    ap.add_argument("--people", type=int, default=1_600_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default=os.path.expanduser("~/.cache/culprit-bench-org"))
    ap.add_argument("--no-pandas", action="store_true")
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    csv = os.path.join(a.work, f"org-{a.people}-{a.seed}.csv")
    if not os.path.exists(csv):
        subprocess.check_call([a.culprit, "synth", "org", "--people", str(a.people), "--seed", str(a.seed), "--out", csv])
    # Warm the page cache and the catalog once.
    run_culprit(a.culprit, csv, os.path.join(a.work, "out"))
    res = {"culprit": [], "duckdb": [], "pandas": []}
    sums = {}
    stages = None
    for _ in range(a.runs):
        w, c, s, stages = run_culprit(a.culprit, csv, os.path.join(a.work, "out"))
        res["culprit"].append((w, c))
        sums["culprit"] = s
        w, c, s = run_duckdb(csv)
        res["duckdb"].append((w, c))
        sums["duckdb"] = s
    if not a.no_pandas:
        w, c, s = run_pandas(csv)
        res["pandas"].append((w, c))
        sums["pandas"] = s
    ok = True
    for k, s in sums.items():
        if s != sums["culprit"]:
            ok = False
            print(f"DISAGREE: {k}: {json.dumps(s)}\n  culprit: {json.dumps(sums['culprit'])}")
    load = open("/proc/loadavg").read().split()[:3]
    print(f"file: {csv} ({os.path.getsize(csv) / 1e6:.0f} MB, {a.people:,} people, seed {a.seed}); load average {' '.join(load)}; {a.runs} runs, medians")
    print(f"agreement on people, managers, layers, people per layer, mean/median/max span: {'yes' if ok else 'NO'}")
    s = sums["culprit"]
    print(f"  {s['people']:,} people, {s['managers']:,} managers, {s['layers']} layers, span mean {s['mean_span']:.3f} / median {s['median_span']} / max {s['max_span']}")
    cw = statistics.median(w for w, _ in res["culprit"])
    cc = statistics.median(c for _, c in res["culprit"])
    print(f"{'run':<62} {'wall s':>8} {'CPU s':>8} {'culprit / this':>15}")
    rows = [
        ("culprit org analyze (whole process: everything, 13 tables)", "culprit"),
        ("DuckDB: read CSV + recursive CTE layers + spans (in-process)", "duckdb"),
        ("pandas: read CSV + breadth-first layers + spans (in-process)", "pandas"),
    ]
    out = {"load": load, "agree": ok, "stages": stages}
    for label, k in rows:
        if not res[k]:
            continue
        w = statistics.median(x for x, _ in res[k])
        c = statistics.median(x for _, x in res[k])
        out[k] = {"wall": w, "cpu": c, "runs": res[k]}
        print(f"{label:<62} {w:8.2f} {c:8.2f} {cw / w:14.2f}x")
    if stages:
        print("culprit stages (wall s, last run): " + ", ".join(f"{n} {v:.2f}" for n, v in stages))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
