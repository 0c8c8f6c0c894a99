#!/usr/bin/env python3
"""Validate the real-world job-title gold set and print its counts.

    python3 scripts/gold_titles_check.py                 # validate + counts
    python3 scripts/gold_titles_check.py --sample 200 --seed 7 > blind.csv

The gold file is crates/culprit-titles/gold/real_titles.csv (see the README next to it).
Titles taken from the data mirror are stored by reference (title_key = first 16 hex chars of
sha256 of the exact UTF-8 title, plus the source path); this script joins them back from the
mirror. The mirror is $CULPRIT_MIRROR, else ../shared/data relative to the repository root,
else /work/shared/data.

--sample N --seed S writes a blind sample for the second labeller to stdout as CSV:
id, title (resolved), department, industry_naics, employer. No labels. The sample is drawn
from all rows (both splits) with random.Random(S), stratified by source in proportion.
Validation messages go to stderr in that mode. Exit code 1 if the file fails validation.
"""
import argparse
import collections
import csv
import hashlib
import os
import random
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLD = os.path.join(REPO, 'crates', 'culprit-titles', 'gold', 'real_titles.csv')
COLS = ['id', 'title', 'title_key', 'source', 'soc', 'alt_soc', 'department', 'industry_naics',
        'employer', 'count', 'split', 'note']
SOURCES = {'amazon_warn', 'written_hr', 'written_posting'}
MIRROR_SOURCES = {'amazon_warn': 'warn/amazon_wa_2025/job_titles.csv'}
SOC_RE = re.compile(r'^\d{2}-\d{4}$')
WRITTEN_COUNTS = {'1', '3', '10', '30'}
MAJOR = {
    '11': 'Management', '13': 'Business and Financial Operations', '15': 'Computer and Mathematical',
    '17': 'Architecture and Engineering', '19': 'Life, Physical, and Social Science',
    '21': 'Community and Social Service', '23': 'Legal', '25': 'Educational Instruction and Library',
    '27': 'Arts, Design, Entertainment, Sports, and Media', '29': 'Healthcare Practitioners and Technical',
    '31': 'Healthcare Support', '33': 'Protective Service', '35': 'Food Preparation and Serving Related',
    '37': 'Building and Grounds Cleaning and Maintenance', '39': 'Personal Care and Service',
    '41': 'Sales and Related', '43': 'Office and Administrative Support', '45': 'Farming, Fishing, and Forestry',
    '47': 'Construction and Extraction', '49': 'Installation, Maintenance, and Repair', '51': 'Production',
    '53': 'Transportation and Material Moving', '55': 'Military Specific',
}


def mirror_root():
    env = os.environ.get('CULPRIT_MIRROR')
    if env:
        return env
    for cand in (os.path.join(REPO, '..', 'shared', 'data'), '/work/shared/data'):
        if os.path.isdir(cand):
            return os.path.normpath(cand)
    return os.path.normpath(os.path.join(REPO, '..', 'shared', 'data'))


def title_key(title):
    return hashlib.sha256(title.encode('utf-8')).hexdigest()[:16]


def load_valid_socs(root):
    """Six-digit SOC codes in O*NET 29.2 Occupation Data or in OEWS May 2025 (detailed level)."""
    codes = {}
    onet = os.path.join(root, 'onet_29_2', 'Occupation Data.txt')
    with open(onet, encoding='utf-8') as f:
        next(f)
        for line in f:
            code, title = line.split('\t')[:2]
            codes.setdefault(code[:7], title)
    oews = os.path.join(root, 'bls_oews_2025', 'oews_may2025_national_cross_industry.csv')
    with open(oews, encoding='utf-8', newline='') as f:
        for r in csv.DictReader(f):
            if r['occ_level'] == 'detailed':
                codes.setdefault(r['soc_code'], r['occ_title'])
    return codes


def load_mirror_titles(root):
    """source -> {title_key: [titles]} for sources stored by reference."""
    out = {}
    for src, rel in MIRROR_SOURCES.items():
        keys = collections.defaultdict(list)
        with open(os.path.join(root, rel), encoding='utf-8', newline='') as f:
            for r in csv.DictReader(f):
                t = r['jobTitleCanonical']
                keys[title_key(t)].append(t)
        out[src] = keys
    return out


def validate(rows, header, socs, mirror):
    errs = []
    if header != COLS:
        errs.append(f'columns are {header}, expected {COLS}')
    ids = collections.Counter(r['id'] for r in rows)
    errs += [f'duplicate id {i}' for i, c in ids.items() if c > 1]
    seen_keys = collections.Counter()
    resolved = {}
    for r in rows:
        rid = r['id']
        if r['source'] not in SOURCES:
            errs.append(f'{rid}: unknown source {r["source"]!r}')
            continue
        for col in ('soc', 'alt_soc'):
            v = r[col]
            if col == 'alt_soc' and v == '':
                continue
            if not SOC_RE.match(v):
                errs.append(f'{rid}: {col} {v!r} is not NN-NNNN')
            elif v not in socs:
                errs.append(f'{rid}: {col} {v} is in neither O*NET 29.2 nor OEWS May 2025')
        if r['alt_soc'] and r['alt_soc'] == r['soc']:
            errs.append(f'{rid}: alt_soc equals soc')
        if r['split'] not in ('dev', 'frozen'):
            errs.append(f'{rid}: split {r["split"]!r}')
        if r['industry_naics'] and not re.match(r'^\d{2,6}$', r['industry_naics']):
            errs.append(f'{rid}: industry_naics {r["industry_naics"]!r}')
        if not r['count'].isdigit() or int(r['count']) < 1:
            errs.append(f'{rid}: count {r["count"]!r}')
        if r['source'] in MIRROR_SOURCES:
            if r['title']:
                errs.append(f'{rid}: mirror title must be stored by reference only (title must be empty)')
            hits = mirror[r['source']].get(r['title_key'], [])
            if len(hits) != 1:
                errs.append(f'{rid}: title_key {r["title_key"]} resolves to {len(hits)} titles')
            else:
                resolved[rid] = hits[0]
            seen_keys[r['title_key']] += 1
        else:
            if not r['title'].strip() or r['title_key']:
                errs.append(f'{rid}: written title must be stored in full with an empty title_key')
            if r['count'] not in WRITTEN_COUNTS:
                errs.append(f'{rid}: written count must be 1/3/10/30, got {r["count"]}')
            resolved[rid] = r['title']
    errs += [f'title_key {k} used {c} times' for k, c in seen_keys.items() if c > 1]
    for src, keys in mirror.items():
        missing = set(keys) - set(seen_keys)
        if missing:
            errs.append(f'{src}: {len(missing)} mirror titles have no gold row')
    for src in SOURCES:
        part = [r for r in rows if r['source'] == src]
        fz = sum(r['split'] == 'frozen' for r in part)
        if part and not (0 < fz < len(part)):
            errs.append(f'{src}: both splits must hold rows ({fz}/{len(part)} frozen)')
    fz = sum(r['split'] == 'frozen' for r in rows)
    if rows and not 0.35 <= fz / len(rows) <= 0.45:
        errs.append(f'frozen share {fz / len(rows):.2f} outside 0.35-0.45')
    # near-duplicates among written titles: same normalised title with the same context
    # (mirror titles are the employer's own list and may legitimately differ only in spelling)
    norm = collections.Counter()
    for r in rows:
        if r['source'] in MIRROR_SOURCES:
            continue
        t = re.sub(r'[^a-z0-9]+', ' ', resolved.get(r['id'], '').lower()).strip()
        norm[(t, r['department'].lower(), r['industry_naics'])] += 1
    errs += [f'duplicate title+context {k}' for k, c in norm.items() if c > 1]
    return errs, resolved


def print_counts(rows, socs, out):
    p = lambda *a: print(*a, file=out)
    p(f'rows: {len(rows)}')
    p('\nby source and split:')
    c = collections.Counter((r['source'], r['split']) for r in rows)
    for src in sorted(SOURCES):
        d, f = c[(src, 'dev')], c[(src, 'frozen')]
        p(f'  {src:16} dev {d:4}  frozen {f:4}  total {d + f:4}')
    p(f'  {"all":16} dev {sum(v for (s, sp), v in c.items() if sp == "dev"):4}  '
      f'frozen {sum(v for (s, sp), v in c.items() if sp == "frozen"):4}')
    written = [r for r in rows if r['source'] != 'amazon_warn']
    ctx = sum(bool(r['department'] or r['industry_naics']) for r in written)
    p(f'\nwritten rows with department or industry: {ctx}/{len(written)} ({ctx / max(1, len(written)):.0%})')
    p(f'rows with alt_soc: {sum(bool(r["alt_soc"]) for r in rows)}')
    p('written count scale: ' + ', '.join(f'{k}: {v}' for k, v in
                                         sorted(collections.Counter(r['count'] for r in written).items(),
                                                key=lambda kv: int(kv[0]))))
    p('\nby SOC major group (rows; amazon / written; written weighted by count):')
    g = collections.defaultdict(lambda: [0, 0, 0])
    for r in rows:
        m = r['soc'][:2]
        if r['source'] == 'amazon_warn':
            g[m][0] += 1
        else:
            g[m][1] += 1
            g[m][2] += int(r['count'])
    for m in sorted(g):
        a, w, wt = g[m]
        p(f'  {m}-0000 {MAJOR.get(m, "?")[:44]:44} {a + w:4}  {a:4} / {w:4}  {wt:5}')
    p(f'\ndistinct soc codes: {len({r["soc"] for r in rows})}')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--gold', default=GOLD)
    ap.add_argument('--sample', type=int, help='write a blind sample of N rows to stdout')
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    root = mirror_root()
    with open(a.gold, encoding='utf-8', newline='') as f:
        rd = csv.DictReader(f)
        header = rd.fieldnames
        rows = list(rd)
    socs = load_valid_socs(root)
    mirror = load_mirror_titles(root)
    errs, resolved = validate(rows, header, socs, mirror)
    info = sys.stderr if a.sample else sys.stdout
    for e in errs:
        print('ERROR', e, file=sys.stderr)
    if a.sample:
        rng = random.Random(a.seed)
        by_src = collections.defaultdict(list)
        for r in rows:
            by_src[r['source']].append(r)
        picked = []
        for src in sorted(by_src):
            part = by_src[src]
            k = min(len(part), round(a.sample * len(part) / len(rows)))
            picked += rng.sample(part, k)
        rng.shuffle(picked)
        w = csv.writer(sys.stdout, lineterminator='\n')
        w.writerow(['id', 'title', 'department', 'industry_naics', 'employer'])
        for r in picked:
            w.writerow([r['id'], resolved.get(r['id'], ''), r['department'], r['industry_naics'], r['employer']])
        print(f'blind sample: {len(picked)} rows, seed {a.seed}', file=sys.stderr)
    else:
        print(f'mirror: {root}', file=info)
        print_counts(rows, socs, info)
    print('OK' if not errs else f'FAILED: {len(errs)} problems', file=info if not errs else sys.stderr)
    return 1 if errs else 0


if __name__ == '__main__':
    sys.exit(main())
