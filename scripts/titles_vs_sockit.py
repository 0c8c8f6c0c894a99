#!/usr/bin/env python3
"""Head-to-head of culprit's title coder and sockit (RIPL's open SOC coder) on the same titles.

Usage: titles_vs_sockit.py CULPRIT_BIN SOCKIT_BIN MIRROR_DIR HAND_SETS_DIR WORK_DIR

Gold sets (written to WORK_DIR as CSV with id, title, soc):
  reported   O*NET 29.2 Sample of Reported Titles (code -> six-digit SOC 2018)
  alternate  O*NET 29.2 Alternate Titles
  hand       culprit's hand-labelled development titles
  frozen     culprit's frozen hand-labelled titles

Both coders are run as shipped, so both have the O*NET titles in their own index (sockit's index
is built from O*NET and other sources by sockit-data). culprit's held-out figures, with each
title removed from its index before it is coded, come from `examples/dev.rs` and are in
docs/titles.md. Accuracy is the share of all titles whose first code is right at 6/5/3/2 digits;
a title a coder leaves uncoded counts as wrong.

Standard library only. Prints a Markdown table and writes results.json to WORK_DIR.
"""
import csv
import json
import os
import subprocess
import sys
import time

DIGITS = (6, 5, 3, 2)


def soc6(code):
    """'11-1011.00' or '111011' -> '111011'."""
    return code.replace("-", "").strip()[:6]


def write_gold(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "soc"])
        for i, (title, soc) in enumerate(rows, 1):
            w.writerow([i, title, soc])


def onet_rows(path, title_col):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t")
        header = next(r)
        code, title = header.index("O*NET-SOC Code"), header.index(title_col)
        return [(row[title], soc6(row[code])) for row in r if row]


def hand_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [(row["title"], soc6(row["soc"])) for row in csv.DictReader(f)]


def score(gold, predicted):
    """gold: list of (title, soc6); predicted: list of soc6 or None, same order."""
    n = len(gold)
    hits = {d: 0 for d in DIGITS}
    coded = 0
    for (_, want), got in zip(gold, predicted):
        if not got:
            continue
        coded += 1
        for d in DIGITS:
            hits[d] += got[:d] == want[:d]
    return {"titles": n, "coverage": coded / n, **{f"acc{d}": hits[d] / n for d in DIGITS}}


def run_sockit(sockit, gold_csv, out):
    t = time.perf_counter()
    subprocess.run([sockit, "-q", "title", "--record_id", "id", "--title", "title",
                    "-i", gold_csv, "-o", out], check=True)
    seconds = time.perf_counter() - t
    by_id = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            x = json.loads(line)
            socs = x.get("socs") or []
            by_id[str(x["record_id"])] = soc6(socs[0]["soc"]) if socs else None
    return by_id, seconds


def run_culprit(culprit, gold_csv, out):
    t = time.perf_counter()
    subprocess.run([culprit, "titles", "code", "--input", gold_csv, "--column", "title",
                    "--output", out], check=True, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t
    by_id = {}
    with open(out, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            # The gold file has its own `soc` column, so culprit's is written as soc_coded.
            got = row.get("soc_coded", "")
            by_id[row["id"]] = soc6(got) if got else None
    return by_id, seconds


def main():
    culprit, sockit, mirror, hand_dir, work = sys.argv[1:6]
    os.makedirs(work, exist_ok=True)
    onet = os.path.join(mirror, "onet_29_2")
    sets = {
        "reported": onet_rows(os.path.join(onet, "Sample of Reported Titles.txt"), "Reported Job Title"),
        "alternate": onet_rows(os.path.join(onet, "Alternate Titles.txt"), "Alternate Title"),
        "hand": hand_rows(os.path.join(hand_dir, "hand_labelled_titles.csv")),
        "frozen": hand_rows(os.path.join(hand_dir, "frozen_holdout_titles.csv")),
    }
    # Start-up of each tool (index load), measured on a one-title file and reported apart.
    write_gold(os.path.join(work, "one.csv"), [("Registered Nurse", "291141")])
    _, sockit_start = run_sockit(sockit, os.path.join(work, "one.csv"), os.path.join(work, "one.sockit.jsonl"))
    _, culprit_start = run_culprit(culprit, os.path.join(work, "one.csv"), os.path.join(work, "one.culprit.csv"))

    results = {"startup_seconds": {"sockit": sockit_start, "culprit": culprit_start}, "sets": {}}
    print("| set | titles | coder | coverage | 6 digits | 5 digits | 3 digits | 2 digits | titles/s after start-up |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for name, gold in sets.items():
        gold_csv = os.path.join(work, f"{name}.csv")
        write_gold(gold_csv, gold)
        ids = [str(i) for i in range(1, len(gold) + 1)]
        for coder, run, start in (("culprit", run_culprit, culprit_start), ("sockit", run_sockit, sockit_start)):
            ext = "csv" if coder == "culprit" else "jsonl"
            by_id, seconds = run(culprit if coder == "culprit" else sockit, gold_csv,
                                 os.path.join(work, f"{name}.{coder}.{ext}"))
            s = score(gold, [by_id.get(i) for i in ids])
            # Below a few thousand titles the rate is all start-up noise, so it is not shown.
            rate = len(gold) / max(seconds - start, 1e-3) if len(gold) >= 5000 else None
            s.update(seconds=seconds, titles_per_second_after_startup=rate)
            results["sets"].setdefault(name, {})[coder] = s
            print(f"| {name} | {len(gold):,} | {coder} | {s['coverage']:.1%} | "
                  + " | ".join(f"{s[f'acc{d}']:.1%}" for d in DIGITS)
                  + (f" | {rate:,.0f} |" if rate else " | |"))
    print(f"\nstart-up (one title): culprit {culprit_start:.2f} s, sockit {sockit_start:.2f} s")
    with open(os.path.join(work, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
