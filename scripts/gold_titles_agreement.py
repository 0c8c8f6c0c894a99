#!/usr/bin/env python3
"""Inter-labeller agreement on the real-world job-title gold set.

    python3 scripts/gold_titles_agreement.py                    # figures + disagreement table
    python3 scripts/gold_titles_agreement.py --markdown         # same, table as Markdown

Compares the second labeller's blind labels (crates/culprit-titles/gold/second_labeller.csv,
columns id,soc,note) with the first labeller's `soc` / `alt_soc` in real_titles.csv, on the ids
the second file holds (the blind sample drawn with scripts/gold_titles_check.py --sample 200
--seed 18). Reports, overall and by source:

* agreement at 6, 5, 3 and 2 SOC digits (exact match of the first labeller's `soc`);
  5 digits = the broad group NN-NNN, 3 digits = minor group NN-N, 2 digits = major group NN;
* 6-digit agreement counting the first labeller's `alt_soc` as agreement too;
* Cohen's kappa at 2 digits (major group), with the chance term from the two labellers'
  marginal major-group distributions on the same rows.

Titles of mirror rows (Amazon) are joined back from the data mirror the way the checker does.
Both files are validated: every second label must be a six-digit code in O*NET 29.2 or OEWS
May 2025, every id must exist in the gold file and appear once.
"""
import argparse
import collections
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gold_titles_check as chk  # noqa: E402

SECOND = os.path.join(chk.REPO, 'crates', 'culprit-titles', 'gold', 'second_labeller.csv')
LEVELS = (('6', 7), ('5', 6), ('3', 4), ('2', 2))  # digits, prefix length of 'NN-NNNN'


def read_csv(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def kappa(pairs):
    """Cohen's kappa for a list of (a, b) category pairs."""
    n = len(pairs)
    if n == 0:
        return float('nan')
    po = sum(a == b for a, b in pairs) / n
    ca = collections.Counter(a for a, _ in pairs)
    cb = collections.Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else float('nan')


def figures(rows):
    n = len(rows)
    out = {'n': n}
    for digits, k in LEVELS:
        out[digits] = sum(r['first'][:k] == r['second'][:k] for r in rows)
    out['6alt'] = sum(r['second'] in (r['first'], r['alt']) for r in rows)
    out['kappa2'] = kappa([(r['first'][:2], r['second'][:2]) for r in rows])
    return out


def pct(x, n):
    return f'{x}/{n} ({100 * x / n:.1f}%)' if n else '-'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--gold', default=chk.GOLD)
    ap.add_argument('--second', default=SECOND)
    ap.add_argument('--markdown', action='store_true', help='print the disagreement table as Markdown')
    args = ap.parse_args()

    root = chk.mirror_root()
    socs = chk.load_valid_socs(root)
    mirror = chk.load_mirror_titles(root)
    gold = {r['id']: r for r in read_csv(args.gold)}
    second = read_csv(args.second)

    errs = []
    seen = collections.Counter(r['id'] for r in second)
    errs += [f'duplicate id {i} in second file' for i, c in seen.items() if c > 1]
    rows = []
    for s in second:
        g = gold.get(s['id'])
        if g is None:
            errs.append(f'{s["id"]}: not in gold file')
            continue
        if s['soc'] not in socs:
            errs.append(f'{s["id"]}: second soc {s["soc"]!r} is in neither O*NET 29.2 nor OEWS May 2025')
            continue
        if g['source'] in chk.MIRROR_SOURCES:
            hits = mirror[g['source']].get(g['title_key'], [])
            title = hits[0] if len(hits) == 1 else f'<unresolved {g["title_key"]}>'
        else:
            title = g['title']
        rows.append({'id': s['id'], 'title': title, 'source': g['source'], 'split': g['split'],
                     'first': g['soc'], 'alt': g['alt_soc'], 'second': s['soc'],
                     'second_note': s.get('note', '')})
    if errs:
        print('\n'.join(errs), file=sys.stderr)
        sys.exit(1)

    groups = [('all', rows)] + [(src, [r for r in rows if r['source'] == src])
                                for src in sorted({r['source'] for r in rows})]
    print(f'rows compared: {len(rows)}')
    print('| rows | n | 6-digit | 5-digit | 3-digit | 2-digit | 6-digit incl. alt_soc | kappa (2-digit) |')
    print('|---|---|---|---|---|---|---|---|')
    for name, rs in groups:
        f = figures(rs)
        n = f['n']
        print(f'| {name} | {n} | {pct(f["6"], n)} | {pct(f["5"], n)} | {pct(f["3"], n)} | '
              f'{pct(f["2"], n)} | {pct(f["6alt"], n)} | {f["kappa2"]:.3f} |')

    dis = [r for r in rows if r['first'] != r['second']]
    print()
    print(f'6-digit disagreements with soc: {len(dis)} '
          f'(second label = first alt_soc: {sum(r["second"] == r["alt"] for r in dis)}; '
          f'frozen rows among them: {sum(r["split"] == "frozen" for r in dis)})')
    if args.markdown:
        print('| id | title | split | first soc | first alt | second | match level |')
        print('|---|---|---|---|---|---|---|')
    for r in dis:
        lvl = next((d for d, k in LEVELS if r['first'][:k] == r['second'][:k]), '0')
        lvl = 'alt' if r['second'] == r['alt'] else f'{lvl}-digit'
        cells = [r['id'], r['title'], r['split'], f'{r["first"]} {socs.get(r["first"], "")}',
                 r['alt'], f'{r["second"]} {socs.get(r["second"], "")}', lvl]
        if args.markdown:
            print('| ' + ' | '.join(c.replace('|', '/') for c in cells) + ' |')
        else:
            print('\t'.join(cells))


if __name__ == '__main__':
    main()
