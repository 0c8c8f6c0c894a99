#!/usr/bin/env python3
"""Python `re` baseline for the postings scanner benchmark (standard library only).

Usage: bench_postings_baseline.py CORPUS.jsonl REGEX_FILE
Reads the corpus, then times `re.findall` with the taxonomy's baseline regex (written by the
benchmark from Taxonomy::baseline_regex) over every description. JSON parsing is timed apart,
so the regex figure is comparable with the scanner's description throughput.
Prints one JSON object: postings, description_bytes, parse_seconds, regex_seconds, matches,
postings_with_match.
"""
import json
import re
import sys
import time


def main() -> None:
    corpus, regex_file = sys.argv[1], sys.argv[2]
    pattern = re.compile(open(regex_file, encoding="utf-8").read().strip())
    t0 = time.perf_counter()
    descriptions = []
    with open(corpus, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                descriptions.append(json.loads(line).get("description") or "")
    t1 = time.perf_counter()
    matches = 0
    with_match = 0
    for d in descriptions:
        n = len(pattern.findall(d))
        matches += n
        with_match += n > 0
    t2 = time.perf_counter()
    print(json.dumps({
        "postings": len(descriptions),
        "description_bytes": sum(len(d.encode("utf-8")) for d in descriptions),
        "parse_seconds": t1 - t0,
        "regex_seconds": t2 - t1,
        "matches": matches,
        "postings_with_match": with_match,
    }))


if __name__ == "__main__":
    main()
