//! Validation of an imported table into an organisation tree. Nobody is dropped silently: every
//! problem is listed by row. By default any problem refuses the file; `--repair` applies the
//! stated rules below and records, on each problem, what it did.
//!
//! Repair rules:
//! - blank id: the person gets the id `row-<line>`;
//! - duplicate id: the first row with the id is kept, later rows are dropped (and listed);
//! - self-manager: treated as having no manager (a common way to mark the top);
//! Before any problem is counted, a manager who is not in the file but is named by several rows
//! (`placeholder_min_reports`, default 2) becomes a placeholder manager: a node that is not a
//! person (no pay, not in headcount, spans or payroll), placed directly under the top (its own
//! manager is unknown), so that the team under it keeps its shape. A pseudo-manager named by
//! several rows ("Board of Directors") becomes a placeholder root instead; named by one row it
//! marks that row as the top. Placeholders are listed in the report, not counted as problems.
//!
//! - orphan (manager id not in the file): placed under one synthetic placeholder manager,
//!   `(unknown manager)`, itself placed under the top; it is not a person and is excluded from
//!   headcount, payroll and span statistics;
//! - cycle: broken at the member that comes first in the file: its manager link is removed and
//!   it is placed under the placeholder like an orphan;
//! - several people without a manager: the one with the most people under them is the top
//!   (ties: first in the file); the others are placed directly under it;
//! - blank, unparsable or negative pay, unknown pay basis: pay unknown (excluded from payroll,
//!   still counted in headcount);
//! - ragged row: kept; missing fields are blank, extra fields ignored.

pub use crate::problems::{PlaceholderManager, Problem, ProblemKind, ValidationReport};

use crate::error::{OrgError, Result};
use crate::raw::{DictColumn, RawTable, StrColumn, NONE};
use crate::tree::{Org, Shape};
use ahash::AHashMap;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Id given to the synthetic placeholder manager.
pub const PLACEHOLDER_ID: &str = "(unknown manager)";

#[derive(Debug, Clone)]
pub struct ValidateOptions {
    /// Apply the repair rules instead of refusing.
    pub repair: bool,
    /// A manager not in the file who is named by at least this many rows becomes a placeholder
    /// manager (below it, they are orphans).
    pub placeholder_min_reports: usize,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions { repair: false, placeholder_min_reports: 2 }
    }
}

/// Manager cells that mean "no manager".
fn blank_manager(m: &str) -> bool {
    // Compared without lowering a copy: this runs once per row.
    m.is_empty() || ["null", "none", "n/a", "na", "#n/a", "-", "nan"].iter().any(|w| m.eq_ignore_ascii_case(w))
}

/// Id -> first row with that id. Numeric ids (digits, no leading zero, as most HRIS use) are
/// keyed as integers, sorted, so that all the managers' ids are found in one merge of two sorted
/// lists (cache-friendly; a hash table of 1.6 M ids was looked up at random, 40% of validation);
/// any other id switches the whole index to a hash table of strings. A manager cell that is not
/// a canonical number then cannot match.
enum IdKeys<'a> {
    /// (id, first row with it), sorted by id.
    Numeric(Vec<(u64, u32)>),
    Text(AHashMap<&'a str, u32>),
}

struct IdIndex<'a> {
    keys: IdKeys<'a>,
    /// (duplicate row, first row with the id), by duplicate row.
    duplicates: Vec<(usize, usize)>,
}

/// Sort (id, row) pairs by id, keeping the given order among equal ids: a radix sort, which
/// skips the bytes every id shares (8-digit ids take 4 passes, not the 21 levels of a comparison
/// sort). On 1.6 M people the validation stage went from 0.30-0.41 s to 0.20-0.22 s with the two
/// parallel comparison sorts this replaced.
fn sort_by_id(pairs: &mut [(u64, u32)]) {
    radsort::sort_by_key(pairs, |p| p.0);
}

/// The numeric ones of `n` ids looked up at once, as (id, position) sorted by id: what
/// [`IdIndex::get_all`] merges with a numeric index.
fn numeric_queries<'b>(n: usize, id_of: &(impl Fn(usize) -> &'b str + Sync)) -> Vec<(u64, u32)> {
    let mut q: Vec<(u64, u32)> = (0..n).into_par_iter().with_min_len(1 << 14).filter_map(|i| numeric_id(id_of(i)).map(|k| (k, i as u32))).collect();
    sort_by_id(&mut q);
    q
}

fn numeric_id(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 18 || (b[0] == b'0' && b.len() > 1) || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u64, |a, d| a * 10 + (d - b'0') as u64))
}

impl<'a> IdIndex<'a> {
    fn build(n: usize, id_of: &(impl Fn(usize) -> &'a str + Sync)) -> IdIndex<'a> {
        let nums: Option<Vec<(u64, u32)>> = (0..n).into_par_iter().with_min_len(1 << 14).map(|i| numeric_id(id_of(i)).map(|k| (k, i as u32))).collect();
        let mut duplicates = Vec::new();
        let keys = match nums {
            Some(mut pairs) => {
                // By id, then row (the pairs are in row order and the sort is stable): an id's
                // first row comes first.
                sort_by_id(&mut pairs);
                let mut firsts: Vec<(u64, u32)> = Vec::with_capacity(pairs.len());
                for (k, i) in pairs {
                    match firsts.last() {
                        Some(&(fk, fi)) if fk == k => duplicates.push((i as usize, fi as usize)),
                        _ => firsts.push((k, i)),
                    }
                }
                duplicates.sort_unstable();
                IdKeys::Numeric(firsts)
            }
            None => {
                let mut m: AHashMap<&str, u32> = AHashMap::with_capacity(n);
                for i in 0..n {
                    let id = id_of(i);
                    if let Some(&first) = m.get(id) {
                        duplicates.push((i, first as usize));
                    } else {
                        m.insert(id, i as u32);
                    }
                }
                IdKeys::Text(m)
            }
        };
        IdIndex { keys, duplicates }
    }

    fn get(&self, id: &str) -> Option<u32> {
        match &self.keys {
            IdKeys::Numeric(v) => numeric_id(id).and_then(|k| v.binary_search_by_key(&k, |x| x.0).ok().map(|j| v[j].1)),
            IdKeys::Text(m) => m.get(id).copied(),
        }
    }

    /// `get` of `n` ids at once: the row of each (NONE where absent), in the order given.
    /// `sorted` is [`numeric_queries`] of the same ids (made while the index was built).
    fn get_all<'b>(&self, n: usize, id_of: &(impl Fn(usize) -> &'b str + Sync), sorted: Vec<(u64, u32)>) -> Vec<u32> {
        match &self.keys {
            IdKeys::Numeric(v) => {
                let mut out = vec![NONE; n];
                let mut j = 0;
                for (k, i) in sorted {
                    while j < v.len() && v[j].0 < k {
                        j += 1;
                    }
                    if j < v.len() && v[j].0 == k {
                        out[i as usize] = v[j].1;
                    }
                }
                out
            }
            IdKeys::Text(m) => (0..n).into_par_iter().with_min_len(1 << 14).map(|i| m.get(id_of(i)).copied().unwrap_or(NONE)).collect(),
        }
    }
}

/// Validate (and with `repair`, fix) an imported table into an organisation.
pub fn validate(mut raw: RawTable, opts: &ValidateOptions) -> Result<(Org, ValidationReport)> {
    let n = raw.rows();
    let mut problems = std::mem::take(&mut raw.problems);
    let line = &raw.line;

    // Ids: blank ids get row-<line>; duplicates are flagged and excluded from the tree.
    let blank_ids: Vec<usize> = (0..n).filter(|&i| raw.id.get(i).is_empty()).collect();
    let generated: Option<AHashMap<usize, String>> =
        (!blank_ids.is_empty()).then(|| blank_ids.iter().map(|&i| (i, format!("row-{}", line[i]))).collect());
    for &i in &blank_ids {
        problems.push(Problem::new(line[i], "", ProblemKind::BlankId, "the employee id is blank".into()));
    }
    let id_of = |i: usize| -> &str {
        match &generated {
            Some(g) => g.get(&i).map(String::as_str).unwrap_or_else(|| raw.id.get(i)),
            None => raw.id.get(i),
        }
    };
    // The two sorts (the ids, and the managers' ids to look up) run side by side.
    let manager_of = |i: usize| raw.manager.get(i);
    let (index, queries) = rayon::join(|| IdIndex::build(n, &id_of), || numeric_queries(n, &manager_of));
    let mut keep = vec![true; n];
    for (i, first) in index.duplicates.iter() {
        keep[*i] = false;
        problems.push(Problem::new(line[*i], id_of(*i), ProblemKind::DuplicateId, format!("id also on line {}", line[*first])));
    }

    // Manager links: looked up in parallel, problems collected in file order.
    let zero_is_id = index.get("0").is_some();
    let found = index.get_all(n, &manager_of, queries);
    #[derive(Clone, Copy)]
    enum Link {
        Dropped,
        Root,
        SelfManager,
        Parent(u32),
        Orphan,
        Ambiguous,
    }
    let links: Vec<Link> = (0..n)
        .into_par_iter()
        .with_min_len(1 << 14)
        .map(|i| {
            if !keep[i] {
                return Link::Dropped;
            }
            let m = raw.manager.get(i);
            if blank_manager(m) || (!zero_is_id && m.bytes().all(|b| b == b'0')) {
                Link::Root
            } else if m == crate::import::names::AMBIGUOUS {
                Link::Ambiguous
            } else if m == id_of(i) {
                Link::SelfManager
            } else {
                match found[i] {
                    NONE => Link::Orphan,
                    j => Link::Parent(j),
                }
            }
        })
        .collect();
    // Managers named by several rows but not in the file become placeholders: add them as rows
    // and validate again (once: a table with placeholders is not extended again).
    if raw.in_file.is_empty() {
        let mut missing: AHashMap<&str, u64> = AHashMap::new();
        for (i, l) in links.iter().enumerate() {
            if matches!(l, Link::Orphan) {
                *missing.entry(raw.manager.get(i)).or_default() += 1;
            }
        }
        let pseudo_single: Vec<usize> = (0..n).filter(|&i| matches!(links[i], Link::Orphan) && missing.get(raw.manager.get(i)) == Some(&1) && culprit_input::values::is_pseudo_manager(raw.manager.get(i))).collect();
        let mut add: Vec<(String, u64)> =
            missing.into_iter().filter(|(m, c)| *c as usize >= opts.placeholder_min_reports.max(1) || (*c >= 2 && culprit_input::values::is_pseudo_manager(m))).map(|(m, c)| (m.to_string(), c)).collect();
        if !add.is_empty() || !pseudo_single.is_empty() {
            add.sort();
            drop(index);
            drop(generated);
            raw.problems = problems;
            // A pseudo-manager named once marks its row as the top.
            if !pseudo_single.is_empty() {
                let mut m = StrColumn::with_capacity(n, n * 8);
                for i in 0..n {
                    m.push(if pseudo_single.binary_search(&i).is_ok() { "" } else { raw.manager.get(i) });
                }
                raw.source.notes.extend(pseudo_single.iter().map(|&i| format!("line {}: manager `{}` stands for no person; this row is taken as the top", raw.line[i], raw.manager.get(i))));
                raw.manager = m;
            }
            raw.in_file = vec![true; n];
            for (m, _) in &add {
                raw.line.push(0);
                raw.id.push(m);
                raw.manager.push("");
                if raw.name.len() == n {
                    raw.name.push(m);
                }
                if raw.manager_name.len() == n {
                    raw.manager_name.push("");
                }
                if raw.email.len() == n {
                    raw.email.push("");
                    raw.manager_email.push("");
                }
                for d in [&mut raw.title, &mut raw.level, &mut raw.department, &mut raw.location] {
                    d.codes.push(NONE);
                }
                raw.pay.push(f64::NAN);
                raw.in_file.push(false);
            }
            let (org, mut report) = validate(raw, opts)?;
            report.rows_read = n as u64;
            report.placeholders = add.into_iter().map(|(id, c)| PlaceholderManager { pseudo: culprit_input::values::is_pseudo_manager(&id), id, direct_reports: c }).collect();
            report.people_kept -= report.placeholders.len() as u64;
            return Ok((org, report));
        }
    }
    let in_file = |i: usize| raw.in_file.is_empty() || raw.in_file[i];
    let pseudo_root = |i: usize| !in_file(i) && culprit_input::values::is_pseudo_manager(raw.id.get(i));

    let mut parent = vec![NONE; n];
    let mut roots: Vec<u32> = Vec::new();
    let mut detached: Vec<u32> = Vec::new(); // orphans, then broken cycles
    for (i, l) in links.into_iter().enumerate() {
        match l {
            Link::Dropped => {}
            Link::Root => roots.push(i as u32),
            Link::SelfManager => {
                problems.push(Problem::new(line[i], id_of(i), ProblemKind::SelfManager, "the person is their own manager".into()));
                roots.push(i as u32);
            }
            Link::Parent(j) => parent[i] = j,
            Link::Orphan => {
                let m = raw.manager.get(i);
                problems.push(Problem::new(line[i], id_of(i), ProblemKind::Orphan, format!("manager `{m}` is not in the file")));
                detached.push(i as u32);
            }
            // The problem was recorded when the name was matched.
            Link::Ambiguous => detached.push(i as u32),
        }
    }

    // Cycles: kept rows not reachable from a root or an orphan.
    let shape = Shape::build(&parent);
    let mut mark = vec![0u32; n];
    for (i, l) in shape.layer.iter().enumerate() {
        if *l > 0 || !keep[i] {
            mark[i] = u32::MAX;
        }
    }
    let mut walk = 0u32;
    let mut walk_broke = false;
    for i in 0..n {
        if mark[i] != 0 {
            continue;
        }
        walk += 1;
        let mut j = i;
        let mut path = Vec::new();
        while mark[j] == 0 {
            mark[j] = walk;
            path.push(j);
            j = parent[j] as usize;
        }
        if mark[j] == walk {
            let mut members = vec![j];
            let mut k = parent[j] as usize;
            while k != j {
                members.push(k);
                k = parent[k] as usize;
            }
            let head = *members.iter().min_by_key(|&&m| line[m]).unwrap();
            let pos = members.iter().position(|&m| m == head).unwrap();
            members.rotate_left(pos);
            let mut chain: Vec<&str> = members.iter().take(12).map(|&m| id_of(m)).collect();
            if members.len() > 12 {
                chain.push("...");
            }
            chain.push(id_of(head));
            problems.push(Problem::new(
                line[head],
                id_of(head),
                ProblemKind::Cycle,
                format!("reporting cycle of {} people: {}", members.len(), chain.join(" -> ")),
            ));
            parent[head] = NONE;
            detached.push(head as u32);
            walk_broke = true;
        }
        // Each node is walked once: O(n) over all walks.
        for &m in &path {
            mark[m] = u32::MAX;
        }
    }

    // The top: the root with the most people under it. Subtree sizes (a pass up the tree, at
    // random in memory) are needed only to choose among several roots.
    let shape = if walk_broke { Shape::build(&parent) } else { shape };
    let mut size = Vec::new();
    if roots.len() > 1 {
        size = vec![1u32; n];
        for &v in shape.order.iter().rev() {
            let p = parent[v as usize];
            if p != NONE {
                size[p as usize] += size[v as usize];
            }
        }
    }
    let size_of = |r: usize| size.get(r).copied().unwrap_or(0);
    // Placeholders for absent managers are never the top while a person or a pseudo-manager
    // ("Board of Directors") can be; they go under the top without a problem.
    let candidate = |r: u32| in_file(r as usize) || pseudo_root(r as usize);
    let top = roots
        .iter()
        .copied()
        .filter(|&r| candidate(r) || !roots.iter().any(|&x| candidate(x)))
        .max_by_key(|&r| (size_of(r as usize), std::cmp::Reverse(line[r as usize])));
    if roots.len() > 1 {
        let t = top.unwrap() as usize;
        for &r in &roots {
            if Some(r) != top && candidate(r) {
                problems.push(Problem::new(
                    line[r as usize],
                    id_of(r as usize),
                    ProblemKind::MultipleRoots,
                    format!(
                        "one of {} people with no manager; the top is `{}` (line {}, {} people in its organisation)",
                        roots.len(),
                        id_of(t),
                        line[t],
                        size_of(t)
                    ),
                ));
            }
        }
    }

    problems.sort_by(|a, b| (a.line, a.kind).cmp(&(b.line, b.kind)));
    let mut counts = BTreeMap::new();
    for p in &problems {
        *counts.entry(p.kind).or_insert(0u64) += 1;
    }
    let people_kept = keep.iter().filter(|k| **k).count() as u64;
    let placeholder_nodes = (0..n).filter(|&i| !in_file(i)).count();
    if placeholder_nodes > 0 {
        let t = top.map(|t| id_of(t as usize).to_string()).unwrap_or_default();
        raw.source.notes.push(format!(
            "{placeholder_nodes} manager(s) named by several rows are not in the file: added as placeholders (not people: no pay, not in headcount or spans); those without a known manager are placed under the top `{t}`"
        ));
    }
    let mut report = ValidationReport {
        source: raw.source.path.clone(),
        rows_read: n as u64,
        people_kept,
        repaired: false,
        counts,
        problems,
        top: top.map(|t| id_of(t as usize).to_string()),
        placeholder: false,
        placeholders: Vec::new(),
    };
    if !report.problems.is_empty() && !opts.repair {
        return Err(OrgError::Refused(Box::new(report)));
    }
    if !report.problems.is_empty() {
        report.repaired = true;
        for p in &mut report.problems {
            p.repair = p.kind.repair_rule().to_string();
        }
    }

    // Assemble the repaired tree.
    if let Some(t) = top {
        for &r in &roots {
            if r != t {
                parent[r as usize] = t;
            }
        }
    }
    // Compact away dropped duplicates.
    let dropped = n as u64 - people_kept;
    let (mut ids, mut lines, mut parent, dicts, mut pay, remap) = if dropped == 0 && generated.is_none() {
        // Nothing dropped or renamed: the columns move as they are (no copy of a large file).
        let dicts = [
            std::mem::take(&mut raw.title),
            std::mem::take(&mut raw.level),
            std::mem::take(&mut raw.department),
            std::mem::take(&mut raw.location),
        ];
        (std::mem::take(&mut raw.id), std::mem::take(&mut raw.line), parent, dicts, std::mem::take(&mut raw.pay), None)
    } else {
        let mut remap = vec![NONE; n];
        let mut k = 0u32;
        for i in 0..n {
            if keep[i] {
                remap[i] = k;
                k += 1;
            }
        }
        let mut ids = StrColumn::with_capacity(k as usize, k as usize * 8);
        for i in (0..n).filter(|&i| keep[i]) {
            ids.push(id_of(i));
        }
        let pick = |d: &DictColumn| DictColumn {
            codes: (0..n).filter(|&i| keep[i]).map(|i| d.codes[i]).collect(),
            values: d.values.clone(),
        };
        let dicts = [pick(&raw.title), pick(&raw.level), pick(&raw.department), pick(&raw.location)];
        let lines = (0..n).filter(|&i| keep[i]).map(|i| line[i]).collect();
        let par = (0..n).filter(|&i| keep[i]).map(|i| if parent[i] == NONE { NONE } else { remap[parent[i] as usize] }).collect();
        let pay = (0..n).filter(|&i| keep[i]).map(|i| raw.pay[i]).collect();
        (ids, lines, par, dicts, pay, Some(remap))
    };
    let mut in_file_nodes: Option<Vec<bool>> = (!raw.in_file.is_empty()).then(|| (0..n).filter(|&i| keep[i]).map(|i| raw.in_file[i]).collect());
    let map_idx = |i: u32| remap.as_ref().map(|r| r[i as usize]).unwrap_or(i);
    let mut synthetic = None;
    if !detached.is_empty() {
        let s = parent.len() as u32;
        for &d in &detached {
            parent[map_idx(d) as usize] = s;
        }
        parent.push(top.map(map_idx).unwrap_or(NONE));
        ids.push(PLACEHOLDER_ID);
        lines.push(0);
        pay.push(f64::NAN);
        if let Some(v) = in_file_nodes.as_mut() {
            v.push(false);
        }
        synthetic = Some(s);
        report.placeholder = true;
    }
    let mut dicts = dicts;
    if synthetic.is_some() {
        for d in dicts.iter_mut() {
            d.codes.push(NONE);
        }
    }
    let unchanged = synthetic.is_none() && remap.is_none() && roots.len() <= 1;
    let org = Org::assemble_with(raw.source, ids, lines, parent, dicts, pay, raw.has_pay, synthetic, in_file_nodes, unchanged.then_some(shape));
    debug_assert_eq!(org.shape.order.len(), org.nodes(), "every node is reachable after repair");
    Ok((org, report))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::raw::{DictColumn, SourceInfo};

    proptest::proptest! {
        /// The radix sort orders (id, row) pairs as the comparison sort of the pairs does, when
        /// the pairs come in row order: by id, then by row (duplicates and ids of any width).
        #[test]
        fn sorting_by_id_is_sorting_the_pairs(ids in proptest::collection::vec(proptest::prop_oneof![0u64..50, 10_000_000u64..10_000_100, proptest::num::u64::ANY], 0..400)) {
            let mut a: Vec<(u64, u32)> = ids.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
            let mut b = a.clone();
            sort_by_id(&mut a);
            b.sort_unstable();
            proptest::prop_assert_eq!(a, b);
        }
    }

    /// The sorted numeric index and the hash of strings find the same first rows, duplicates
    /// and misses, one id at a time and all at once.
    #[test]
    fn numeric_and_text_ids_are_found_alike() {
        let ids = ["30", "7", "30", "1001", "7", "5"];
        let queries = ["7", "30", "", "0030", "999", "5", "1001", "x7"];
        let index = IdIndex::build(ids.len(), &|i| ids[i]);
        assert!(matches!(index.keys, IdKeys::Numeric(_)));
        assert_eq!(index.duplicates, [(2, 0), (4, 1)]);
        let q = |i: usize| queries[i];
        let all = index.get_all(queries.len(), &q, numeric_queries(queries.len(), &q));
        assert_eq!(all, [1, 0, NONE, NONE, NONE, 5, 3, NONE]);
        for (q, want) in queries.iter().zip(&all) {
            assert_eq!(index.get(q).unwrap_or(NONE), *want, "{q}");
        }
        // One id that is not a canonical number: the whole index is text, with the same answers
        // for the numeric ids.
        let text = ["30", "7", "30", "1001", "7", "5", "A-1"];
        let index = IdIndex::build(text.len(), &|i| text[i]);
        assert!(matches!(index.keys, IdKeys::Text(_)));
        assert_eq!(index.duplicates, [(2, 0), (4, 1)]);
        assert_eq!(index.get_all(queries.len(), &q, numeric_queries(queries.len(), &q)), all);
        assert_eq!(index.get("A-1"), Some(6));
    }

    /// A raw table from (id, manager) pairs; line = index + 2 (after a header).
    pub(crate) fn raw(rows: &[(&str, &str)]) -> RawTable {
        let mut t = RawTable { source: SourceInfo { path: "test.csv".into(), ..Default::default() }, ..Default::default() };
        for (i, (id, m)) in rows.iter().enumerate() {
            t.line.push(i as u64 + 2);
            t.id.push(id);
            t.manager.push(m);
            t.pay.push(100.0);
        }
        let blank = DictColumn { codes: vec![NONE; rows.len()], values: vec![] };
        t.title = blank.clone();
        t.level = blank.clone();
        t.department = blank.clone();
        t.location = blank;
        t
    }

    fn refused(rows: &[(&str, &str)]) -> ValidationReport {
        match validate(raw(rows), &ValidateOptions::default()) {
            Err(OrgError::Refused(r)) => *r,
            other => panic!("expected refusal, got {:?}", other.map(|(_, r)| r)),
        }
    }

    fn repaired(rows: &[(&str, &str)]) -> (Org, ValidationReport) {
        validate(raw(rows), &ValidateOptions { repair: true, ..Default::default() }).unwrap()
    }

    #[test]
    fn clean_tree_passes() {
        let (org, rep) = validate(raw(&[("1", ""), ("2", "1"), ("3", "1"), ("4", "2")]), &ValidateOptions::default()).unwrap();
        assert!(rep.is_clean());
        assert_eq!(org.people(), 4);
        assert_eq!(org.synthetic, None);
        assert_eq!(rep.top.as_deref(), Some("1"));
    }

    #[test]
    fn duplicate_ids_refused_then_first_kept() {
        let rows = [("1", ""), ("2", "1"), ("2", "1"), ("3", "2")];
        let r = refused(&rows);
        assert_eq!(r.counts[&ProblemKind::DuplicateId], 1);
        assert_eq!(r.problems[0].line, 4);
        assert!(r.problems[0].detail.contains("line 3"));
        let (org, rep) = repaired(&rows);
        assert_eq!(org.people(), 3);
        assert_eq!(rep.people_kept, 3);
        assert_eq!(rep.rows_read, 4);
        assert!(rep.problems[0].repair.contains("dropped"));
        let three = org.find("3").unwrap();
        assert_eq!(org.id(org.parent[three] as usize), "2");
    }

    #[test]
    fn orphans_go_under_placeholder() {
        let rows = [("1", ""), ("2", "1"), ("3", "99"), ("4", "3")];
        let r = refused(&rows);
        assert_eq!(r.counts[&ProblemKind::Orphan], 1);
        assert!(r.problems[0].detail.contains("`99`"));
        let (org, rep) = repaired(&rows);
        assert!(rep.placeholder);
        assert_eq!(org.people(), 4);
        assert_eq!(org.nodes(), 5);
        let s = org.synthetic.unwrap() as usize;
        assert_eq!(org.id(s), PLACEHOLDER_ID);
        assert_eq!(org.parent[org.find("3").unwrap()] as usize, s);
        assert_eq!(org.parent[s] as usize, org.find("1").unwrap());
        // The placeholder is not a person: the top's span counts only person "2".
        assert_eq!(org.span[org.find("1").unwrap()], 1);
        assert_eq!(org.under[org.find("1").unwrap()], 3);
    }

    #[test]
    fn cycles_broken_at_first_member() {
        let rows = [("1", ""), ("2", "1"), ("3", "5"), ("4", "3"), ("5", "4"), ("6", "4")];
        let r = refused(&rows);
        assert_eq!(r.counts[&ProblemKind::Cycle], 1);
        let c = &r.problems[0];
        assert_eq!(c.employee_id, "3");
        assert!(c.detail.contains("cycle of 3 people: 3 -> 5 -> 4 -> 3"), "{}", c.detail);
        let (org, _) = repaired(&rows);
        assert_eq!(org.people(), 6);
        assert_eq!(org.shape.order.len(), org.nodes());
        assert_eq!(org.parent[org.find("3").unwrap()], org.synthetic.unwrap());
    }

    #[test]
    fn self_manager_and_multiple_roots() {
        let rows = [("1", "1"), ("2", "1"), ("3", "1"), ("9", ""), ("8", "9")];
        let r = refused(&rows);
        assert_eq!(r.counts[&ProblemKind::SelfManager], 1);
        assert_eq!(r.counts[&ProblemKind::MultipleRoots], 1);
        assert_eq!(r.top.as_deref(), Some("1"));
        let mr = r.problems.iter().find(|p| p.kind == ProblemKind::MultipleRoots).unwrap();
        assert_eq!(mr.employee_id, "9");
        let (org, _) = repaired(&rows);
        assert_eq!(org.id(org.root as usize), "1");
        assert_eq!(org.parent[org.find("9").unwrap()] as usize, org.find("1").unwrap());
        assert_eq!(org.layer(org.find("8").unwrap()), 3);
    }

    #[test]
    fn blank_ids_get_row_ids() {
        let rows = [("1", ""), ("", "1")];
        let r = refused(&rows);
        assert_eq!(r.counts[&ProblemKind::BlankId], 1);
        let (org, _) = repaired(&rows);
        assert!(org.find("row-3").is_some());
    }

    #[test]
    fn null_like_and_zero_managers_mean_top() {
        let (org, rep) = validate(raw(&[("1", "NULL"), ("2", "1")]), &ValidateOptions::default()).unwrap();
        assert!(rep.is_clean());
        assert_eq!(org.people(), 2);
        let (_, rep) = validate(raw(&[("1", "0"), ("2", "1")]), &ValidateOptions::default()).unwrap();
        assert!(rep.is_clean());
    }

    #[test]
    fn numeric_and_text_ids() {
        assert_eq!(numeric_id("1234"), Some(1234));
        assert_eq!(numeric_id("007"), None);
        assert_eq!(numeric_id("0"), Some(0));
        assert_eq!(numeric_id("E12"), None);
        // "7" and "007" are different people; a text id switches the index to strings.
        let (org, rep) = validate(raw(&[("7", ""), ("007", "7"), ("8", "007")]), &ValidateOptions::default()).unwrap();
        assert!(rep.is_clean());
        assert_eq!(org.layer(org.find("8").unwrap()), 3);
        let r = refused(&[("1", ""), ("2", "1"), ("3", "02")]);
        assert_eq!(r.counts[&ProblemKind::Orphan], 1);
    }

    #[test]
    fn refusal_message_lists_rows() {
        let e = validate(raw(&[("1", ""), ("2", "x")]), &ValidateOptions::default()).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("line 3") && s.contains("orphan") && s.contains("--repair"), "{s}");
    }
}
