//! Roll-ups of headcount, spans, payroll and exposure by team (a manager's whole subtree),
//! department, level, layer and occupation.
//!
//! Each person contributes one row of additive sums (people, managers, payroll, coded people,
//! exposure sums per measure...). Groups add the rows of their members; teams add them bottom-up
//! in reverse breadth-first order, so every subtree is summed in one O(n) pass. Means are taken
//! at the end: exposure means are over coded people only (uncoded people count in headcount and
//! payroll, and are reported per group), pay means over people with known pay.

use crate::coder::Coding;
use crate::privacy::Privacy;
use crate::raw::NONE;
use crate::spans::{median_u32, Spans, TargetStatus};
use crate::tree::Org;
use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

// Sums a team needs come first (a team row is `team_stride` = FIXED + 2 x measures wide, so the
// randomly accessed team accumulator is narrower); sums only groups need follow, at
// `team_stride + ...`.
const PEOPLE: usize = 0;
const MANAGERS: usize = 1;
const PAY_N: usize = 2;
const PAYROLL: usize = 3;
const CODED: usize = 4;
const LOW: usize = 5;
const UNCODED: usize = 6;
const DOABLE: usize = 7;
const BENCH_N: usize = 8;
const BENCH_SUM: usize = 9;
const FIXED: usize = 10;
// Group-only sums, after the team part.
const SPAN_SUM: usize = 0;
const ONE_OVER_ONE: usize = 1;
const LAYER_SUM: usize = 2;
const ICS: usize = 3;
const IC_LAYER_SUM: usize = 4;
const OFF_TARGET: usize = 5;
const GROUP_ONLY: usize = 6;

/// One group of a partition (department, level, layer, occupation) or the whole organisation.
/// Read back (Deserialize) where a stored roll-up is shown again (the dashboard).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupRow {
    pub group: String,
    pub people: u64,
    pub managers: u64,
    pub individual_contributors: u64,
    #[serde(deserialize_with = "nan_if_null")]
    pub manager_share: f64,
    pub mean_span: Option<f64>,
    pub median_span: Option<f64>,
    pub one_over_one_managers: u64,
    pub managers_off_target: u64,
    #[serde(deserialize_with = "nan_if_null")]
    pub mean_layer: f64,
    /// Mean layers from the top to the group's individual contributors.
    pub mean_layers_per_line: Option<f64>,
    /// Sum of known annual pay; None when suppressed (group too small) or no pay column.
    pub payroll: Option<f64>,
    pub mean_pay: Option<f64>,
    pub pay_known: Option<u64>,
    pub pay_suppressed: bool,
    #[serde(flatten)]
    pub exposure: ExposureStats,
}

/// A non-finite f64 is written as null (serde_json); read it back as NaN.
fn nan_if_null<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// Exposure of a group: coded, low-confidence and uncoded counts; means over coded people.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ExposureStats {
    pub coded: u64,
    pub low_confidence: u64,
    pub uncoded: u64,
    /// Mean over measures of the group's mean exposure under each measure.
    pub exposure_mean: Option<f64>,
    /// Lowest and highest measure mean: the spread between measures.
    pub exposure_min: Option<f64>,
    pub exposure_max: Option<f64>,
    /// Sum over coded people of the AI-doable share of their task time (1 person = 1 FTE).
    pub ai_doable_fte: f64,
    pub ai_doable_share: Option<f64>,
    /// Mean employment-weighted median wage of the coded people's occupations (BLS benchmark).
    pub benchmark_median_wage: Option<f64>,
    /// Mean exposure under each measure, as `exposure_<measure>`.
    #[serde(flatten)]
    pub by_measure: MeasureMeans,
}

/// The mean exposure under each measure, keyed `exposure_<measure>`, in key order: written as
/// map entries (flattened into the row, one column each). The names are one list shared by every
/// row and each row keeps only its values: teams.csv has a row per manager (183,000 rows for
/// 1.6 M people), where a tree of copied names per row, then a (name, value) pair per measure,
/// cost more than the rest of the row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureMeans {
    names: Arc<[String]>,
    values: Vec<Option<f64>>,
}

impl MeasureMeans {
    /// The means, one per name (names in key order).
    pub fn new(names: Arc<[String]>, values: Vec<Option<f64>>) -> MeasureMeans {
        debug_assert_eq!(names.len(), values.len());
        MeasureMeans { names, values }
    }

    /// The mean under measure `key` (`exposure_<measure>`), if the measure exists.
    pub fn get(&self, key: &str) -> Option<&Option<f64>> {
        self.names.iter().position(|k| k == key).map(|i| &self.values[i])
    }

    /// (name, mean) in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<f64>)> + '_ {
        self.names.iter().map(String::as_str).zip(self.values.iter().copied())
    }
}

impl std::ops::Index<&str> for MeasureMeans {
    type Output = Option<f64>;
    fn index(&self, key: &str) -> &Option<f64> {
        self.get(key).unwrap_or_else(|| panic!("no exposure measure {key}"))
    }
}

impl Serialize for MeasureMeans {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.values.len()))?;
        for (k, v) in self.iter() {
            m.serialize_entry(k, &v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for MeasureMeans {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let m = BTreeMap::<String, Option<f64>>::deserialize(d)?;
        let (names, values): (Vec<String>, Vec<Option<f64>>) = m.into_iter().unzip();
        Ok(MeasureMeans { names: names.into(), values })
    }
}

/// One row per manager: the manager's whole subtree (teams.csv).
#[derive(Debug, Clone, Serialize)]
pub struct TeamRow {
    pub manager_id: String,
    pub title: String,
    pub department: String,
    pub level: String,
    pub layer: u16,
    pub span: u32,
    /// People in the team, the manager included.
    pub people: u64,
    pub managers: u64,
    /// Layers below the manager down to the deepest person.
    pub layers_below: u16,
    pub payroll: Option<f64>,
    pub mean_pay: Option<f64>,
    pub pay_suppressed: bool,
    #[serde(flatten)]
    pub exposure: ExposureStats,
}

/// All roll-ups of an organisation.
#[derive(Debug, Clone, Serialize)]
pub struct Rollups {
    pub total: GroupRow,
    pub layers: Vec<GroupRow>,
    pub departments: Vec<GroupRow>,
    pub levels: Vec<GroupRow>,
    pub occupations: Vec<GroupRow>,
    /// One row per manager; empty when the roll-ups were computed without team rows
    /// ([`compute_with`]).
    pub teams: Vec<TeamRow>,
    /// Managers' teams whose pay is suppressed (counted with or without team rows).
    #[serde(skip)]
    pub teams_pay_suppressed: u64,
}

struct Ctx<'a> {
    org: &'a Org,
    coding: &'a Coding,
    spans: &'a Spans,
    k: usize,
    stride: usize,
    team_stride: usize,
    /// The measures' indices, in the order of their names.
    measure_columns: Vec<usize>,
    /// Their names, `exposure_<measure>`, shared by every row's [`MeasureMeans`].
    measure_names: Arc<[String]>,
}

impl<'a> Ctx<'a> {
    fn new(org: &'a Org, coding: &'a Coding, spans: &'a Spans) -> Ctx<'a> {
        let k = coding.measures.len();
        let team_stride = FIXED + 2 * k;
        let mut named: Vec<(usize, String)> = coding.measures.iter().enumerate().map(|(m, n)| (m, format!("exposure_{n}"))).collect();
        named.sort_by(|a, b| a.1.cmp(&b.1));
        let (measure_columns, names): (Vec<usize>, Vec<String>) = named.into_iter().unzip();
        Ctx { org, coding, spans, k, stride: team_stride + GROUP_ONLY, team_stride, measure_columns, measure_names: names.into() }
    }

    /// Add person i's contribution to an accumulator row.
    #[inline]
    fn add_person(&self, i: usize, acc: &mut [f64]) {
        let org = self.org;
        let layer = org.layer(i) as f64;
        acc[PEOPLE] += 1.0;
        acc[self.team_stride + LAYER_SUM] += layer;
        if org.is_manager(i) {
            acc[MANAGERS] += 1.0;
            acc[self.team_stride + SPAN_SUM] += org.span[i] as f64;
            acc[self.team_stride + ONE_OVER_ONE] += f64::from(org.span[i] == 1);
            acc[self.team_stride + OFF_TARGET] += f64::from(!matches!(self.spans.status[i], Some(TargetStatus::Within) | None));
        } else {
            acc[self.team_stride + ICS] += 1.0;
            acc[self.team_stride + IC_LAYER_SUM] += layer;
        }
        let pay = org.pay[i];
        if !pay.is_nan() {
            acc[PAY_N] += 1.0;
            acc[PAYROLL] += pay;
        }
        match self.coding.coding_of(org, i) {
            None => acc[UNCODED] += 1.0,
            Some((o, confidence)) => {
                let occ = &self.coding.occupations[o];
                acc[CODED] += 1.0;
                if self.coding.is_low(confidence) {
                    acc[LOW] += 1.0;
                }
                acc[DOABLE] += occ.ai_doable_share;
                if let Some(w) = occ.median_wage {
                    acc[BENCH_N] += 1.0;
                    acc[BENCH_SUM] += w;
                }
                for (m, v) in occ.exposure.iter().enumerate() {
                    if !v.is_nan() {
                        acc[FIXED + 2 * m] += v;
                        acc[FIXED + 2 * m + 1] += 1.0;
                    }
                }
            }
        }
    }

    fn exposure(&self, a: &[f64]) -> ExposureStats {
        let means: Vec<Option<f64>> =
            (0..self.k).map(|m| (a[FIXED + 2 * m + 1] > 0.0).then(|| a[FIXED + 2 * m] / a[FIXED + 2 * m + 1])).collect();
        // The mean and range are over the "could" measures; observed use (`observed_*`, what AI is
        // actually used for) is reported beside them in `by_measure`, not mixed in.
        let present: Vec<f64> =
            means.iter().zip(&self.coding.measures).filter(|(_, n)| !n.starts_with("observed_")).filter_map(|(v, _)| *v).collect();
        let coded = a[CODED];
        ExposureStats {
            coded: coded as u64,
            low_confidence: a[LOW] as u64,
            uncoded: a[UNCODED] as u64,
            exposure_mean: (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64),
            exposure_min: present.iter().copied().reduce(f64::min),
            exposure_max: present.iter().copied().reduce(f64::max),
            ai_doable_fte: a[DOABLE],
            ai_doable_share: (coded > 0.0).then(|| a[DOABLE] / coded),
            benchmark_median_wage: (a[BENCH_N] > 0.0).then(|| a[BENCH_SUM] / a[BENCH_N]),
            by_measure: MeasureMeans::new(self.measure_names.clone(), self.measure_columns.iter().map(|&m| means[m]).collect()),
        }
    }

    fn group_row(&self, group: String, a: &[f64], spans: &mut [u32], show_pay: bool) -> GroupRow {
        let people = a[PEOPLE];
        let managers = a[MANAGERS];
        let has_pay = self.org.has_pay;
        GroupRow {
            group,
            people: people as u64,
            managers: managers as u64,
            individual_contributors: a[self.team_stride + ICS] as u64,
            manager_share: if people > 0.0 { managers / people } else { f64::NAN },
            mean_span: (managers > 0.0).then(|| a[self.team_stride + SPAN_SUM] / managers),
            median_span: (!spans.is_empty()).then(|| median_u32(spans)),
            one_over_one_managers: a[self.team_stride + ONE_OVER_ONE] as u64,
            managers_off_target: a[self.team_stride + OFF_TARGET] as u64,
            mean_layer: if people > 0.0 { a[self.team_stride + LAYER_SUM] / people } else { f64::NAN },
            mean_layers_per_line: (a[self.team_stride + ICS] > 0.0).then(|| a[self.team_stride + IC_LAYER_SUM] / a[self.team_stride + ICS]),
            payroll: (has_pay && show_pay).then_some(a[PAYROLL]),
            mean_pay: (has_pay && show_pay && a[PAY_N] > 0.0).then(|| a[PAYROLL] / a[PAY_N]),
            pay_known: (has_pay && show_pay).then_some(a[PAY_N] as u64),
            pay_suppressed: has_pay && !show_pay,
            exposure: self.exposure(a),
        }
    }

    fn rows(&self, part: Part<'_>, privacy: &Privacy) -> Vec<GroupRow> {
        let Part { mut labels, acc, mut spans, .. } = part;
        let g = labels.len() + 1;
        let sizes: Vec<u64> = (0..g).map(|k| acc[k * self.stride + PEOPLE] as u64).collect();
        let shown = privacy.partition(&sizes);
        labels.push("(blank)".into());
        labels
            .into_iter()
            .enumerate()
            .filter(|(k, _)| sizes[*k] > 0)
            .map(|(k, label)| self.group_row(label, &acc[k * self.stride..(k + 1) * self.stride], &mut spans[k], shown[k]))
            .collect()
    }
}

/// A partition of people into labelled groups (None = the "(blank)" group).
struct Part<'a> {
    labels: Vec<String>,
    key: Box<dyn Fn(usize) -> Option<usize> + Send + Sync + 'a>,
    acc: Vec<f64>,
    spans: Vec<Vec<u32>>,
}

impl<'a> Part<'a> {
    fn new(labels: Vec<String>, stride: usize, key: impl Fn(usize) -> Option<usize> + Send + Sync + 'a) -> Part<'a> {
        let g = labels.len() + 1;
        Part { labels, key: Box::new(key), acc: vec![0.0; g * stride], spans: vec![Vec::new(); g] }
    }
}

/// "L10" after "L9": compare digit runs as numbers.
fn natural_key(s: &str) -> Vec<(u8, u64, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n = 0u64;
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                n = n.saturating_mul(10).saturating_add(d as u64 - '0' as u64);
                chars.next();
            }
            out.push((0, n, String::new()));
        } else {
            let mut t = String::new();
            while let Some(&d) = chars.peek().filter(|d| !d.is_ascii_digit()) {
                t.extend(d.to_lowercase());
                chars.next();
            }
            out.push((1, 0, t));
        }
    }
    out
}

pub fn compute(org: &Org, coding: &Coding, spans: &Spans, privacy: &Privacy) -> Rollups {
    compute_with(org, coding, spans, privacy, true)
}

/// [`compute`], with or without the team rows. Without them, the teams' sums are not computed
/// and `teams` is empty; the partitions, the total and the count of teams whose pay is
/// suppressed are the same. For callers that show no team (a summary, the organisation after a
/// scenario): on 1.6 M people the 183,000 rows are about 100 MB and a third of the roll-ups.
pub fn compute_with(org: &Org, coding: &Coding, spans: &Spans, privacy: &Privacy, team_rows: bool) -> Rollups {
    let ctx = Ctx::new(org, coding, spans);
    let stride = ctx.stride;
    let n = org.nodes();
    let max_layer = (0..n).map(|i| org.layer(i)).max().unwrap_or(0) as usize;
    let dict_key = |codes: &'_ [u32], i: usize| (codes[i] != NONE).then(|| codes[i] as usize);
    let new_parts = || {
        [
            Part::new(vec!["all".into()], stride, |_| Some(0)),
            Part::new((1..=max_layer).map(|l| l.to_string()).collect(), stride, move |i| Some(org.layer(i) as usize - 1)),
            Part::new(org.department.values.clone(), stride, move |i| dict_key(&org.department.codes, i)),
            Part::new(org.level.values.clone(), stride, move |i| dict_key(&org.level.codes, i)),
            Part::new(coding.occupations.iter().map(|o| format!("{} {}", o.soc, o.name)).collect(), stride, move |i| {
                coding.occupation_of(org, i)
            }),
        ]
    };

    let (slot, target, slot_node) = team_slots(org);
    let slots = slot_node.len();

    // Pass 1, in file order (cache-friendly) and in parallel: each person's contribution is
    // computed and added to every partition. The rows are cut into a number of chunks that
    // depends on n only, and the chunks' sums are added in chunk order, so floating sums do not
    // depend on the number of threads or on scheduling.
    let chunks = n.div_ceil(1 << 16).clamp(1, 2);
    let chunk = n.div_ceil(chunks).max(1);
    let (partials, team_acc) = rayon::join(
        || -> Vec<[Part<'_>; 5]> {
            (0..chunks)
                .into_par_iter()
                .map(|c| {
                    let mut parts = new_parts();
                    let mut buf = vec![0.0f64; stride];
                    for v in c * chunk..((c + 1) * chunk).min(n) {
                        if !org.is_person(v) {
                            continue;
                        }
                        buf.iter_mut().for_each(|x| *x = 0.0);
                        ctx.add_person(v, &mut buf);
                        let manager = org.is_manager(v);
                        for p in parts.iter_mut() {
                            let g = (p.key)(v).unwrap_or(p.labels.len());
                            add(&mut p.acc[g * stride..(g + 1) * stride], &buf);
                            if manager {
                                p.spans[g].push(org.span[v]);
                            }
                        }
                    }
                    parts
                })
                .collect()
        },
        || if team_rows { team_sums(&ctx, &target, slots, chunk) } else { Vec::new() },
    );
    let mut partials = partials.into_iter();
    let mut parts = partials.next().unwrap_or_else(new_parts);
    for pb in partials {
        for (a, b) in parts.iter_mut().zip(pb) {
            add(&mut a.acc, &b.acc);
            for (sa, sb) in a.spans.iter_mut().zip(b.spans) {
                sa.extend(sb);
            }
        }
    }
    let (teams, teams_pay_suppressed) = teams(&ctx, privacy, &slot, &slot_node, team_rows.then_some(team_acc));
    let [total, layers, departments, levels, occupations] = parts;
    let total = ctx.rows(total, privacy).remove(0);
    let layers = ctx.rows(layers, privacy);
    let mut departments = ctx.rows(departments, privacy);
    departments.sort_by(|a, b| a.group.cmp(&b.group));
    let mut levels = ctx.rows(levels, privacy);
    levels.sort_by_cached_key(|r| natural_key(&r.group));
    let mut occupations = ctx.rows(occupations, privacy);
    for r in occupations.iter_mut().filter(|r| r.group == "(blank)") {
        r.group = "(uncoded)".into();
    }
    occupations.sort_by(|a, b| b.people.cmp(&a.people).then_with(|| a.group.cmp(&b.group)));
    Rollups { total, layers, departments, levels, occupations, teams, teams_pay_suppressed }
}

/// Team slots: one per node with children, numbered in breadth-first order so that a parent's
/// slot comes before its children's. Returns (slot of each node, the slot each node's
/// contribution goes to, the node of each slot); `target` is computed here so that the pass over
/// people reads it in file order instead of chasing parent links.
fn team_slots(org: &Org) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
    let n = org.nodes();
    // Walking the tree and each node's children was a tenth of the analysis, at random in
    // memory and on one core; the same slots come from these passes, two of them parallel.
    let has_kids: Vec<bool> = (0..n).into_par_iter().with_min_len(1 << 14).map(|v| !org.shape.children_of(v).is_empty()).collect();
    let slot_node: Vec<u32> = org.shape.order.par_iter().with_min_len(1 << 14).copied().filter(|&v| has_kids[v as usize]).collect();
    let mut slot = vec![NONE; n];
    for (s, &v) in slot_node.iter().enumerate() {
        slot[v as usize] = s as u32;
    }
    // A manager's contributions go to their own slot, a leaf's to their manager's.
    let target = (0..n)
        .into_par_iter()
        .with_min_len(1 << 14)
        .map(|c| match (has_kids[c], org.parent[c]) {
            (true, _) => slot[c],
            (false, NONE) => NONE,
            (false, p) => slot[p as usize],
        })
        .collect();
    (slot, target, slot_node)
}

/// Each team slot's own sum: the contributions of the people whose contribution goes to the
/// slot (`target`), as pass 1 once summed them into one accumulator per chunk of rows: in file
/// order within the chunk, then chunk 0's sum plus chunk 1's, so the bytes out are those of that
/// design. People are grouped by slot first (a counting sort, in file order), so slots are summed
/// in parallel into one accumulator written once, instead of one 50 MB accumulator per chunk
/// written at random and then added.
fn team_sums(ctx: &Ctx<'_>, target: &[u32], slots: usize, chunk: usize) -> Vec<f64> {
    let org = ctx.org;
    let stride = ctx.team_stride;
    let mut start = vec![0u32; slots + 1];
    for (v, &t) in target.iter().enumerate() {
        if t != NONE && org.is_person(v) {
            start[t as usize + 1] += 1;
        }
    }
    for s in 0..slots {
        start[s + 1] += start[s];
    }
    let mut fill = start[..slots].to_vec();
    let mut members = vec![0u32; start[slots] as usize];
    for (v, &t) in target.iter().enumerate() {
        if t != NONE && org.is_person(v) {
            let f = &mut fill[t as usize];
            members[*f as usize] = v as u32;
            *f += 1;
        }
    }
    drop(fill);
    let mut acc = vec![0.0f64; slots * stride];
    acc.par_chunks_mut(stride).with_min_len(1 << 10).enumerate().for_each_init(
        || (vec![0.0f64; ctx.stride], vec![0.0f64; stride]),
        |(buf, later), (s, row)| {
            let ms = &members[start[s] as usize..start[s + 1] as usize];
            let split = ms.partition_point(|&v| (v as usize) < chunk);
            for (i, &v) in ms.iter().enumerate() {
                buf.iter_mut().for_each(|x| *x = 0.0);
                ctx.add_person(v as usize, buf);
                if i == split {
                    later.iter_mut().for_each(|x| *x = 0.0);
                }
                add(if i < split { &mut *row } else { &mut later[..] }, &buf[..stride]);
            }
            if split < ms.len() {
                add(row, later);
            }
        },
    );
    acc
}

fn add(dst: &mut [f64], src: &[f64]) {
    for (d, x) in dst.iter_mut().zip(src) {
        *d += x;
    }
}

/// Pass 2: add each slot into its parent's slot, children before parents (reverse slot
/// order), deciding pay suppression on the way; then one row per manager. Without the slots'
/// sums (`acc` None), only suppression is decided: (no rows, the count of suppressed teams).
fn teams(ctx: &Ctx<'_>, privacy: &Privacy, slot: &[u32], slot_node: &[u32], acc: Option<Vec<f64>>) -> (Vec<TeamRow>, u64) {
    let org = ctx.org;
    let stride = ctx.team_stride;
    let slots = slot_node.len();
    let rows = acc.is_some();
    let mut acc = acc.unwrap_or_default();
    let mut depth = vec![1u16; slots];
    let mut covered = vec![0u64; slots];
    let mut shown = vec![false; slots];
    for s in (0..slots).rev() {
        let v = slot_node[s] as usize;
        let person = org.is_person(v);
        // Privacy: the team's size, and the part of it not covered by shown sub-teams.
        let size = org.under[v] as u64 + u64::from(person);
        shown[s] = person && privacy.shows(size) && privacy.shows(size - covered[s]);
        let p = org.parent[v];
        if p != NONE {
            let ps = slot[p as usize] as usize;
            if rows {
                // Parents are numbered before children: split so both rows can be borrowed.
                let (lo, hi) = acc.split_at_mut(s * stride);
                add(&mut lo[ps * stride..(ps + 1) * stride], &hi[..stride]);
            }
            covered[ps] += if shown[s] { size } else { covered[s] };
            depth[ps] = depth[ps].max(depth[s] + 1);
        }
    }
    // The managers' slots, listed first so that their rows are collected straight into one vector
    // of the right size (a filtered parallel iterator collects pieces and copies them together).
    let managers: Vec<usize> = (0..slots).filter(|&s| org.is_manager(slot_node[s] as usize)).collect();
    let has_pay = org.has_pay;
    let suppressed = managers.iter().filter(|&&s| has_pay && !shown[s]).count() as u64;
    if !rows {
        return (Vec::new(), suppressed);
    }
    // One row per manager, built in parallel (rayon keeps the order).
    let rows: Vec<TeamRow> = managers
        .into_par_iter()
        .map(|s| {
            let v = slot_node[s] as usize;
            let a = &acc[s * stride..(s + 1) * stride];
            let show = shown[s];
            TeamRow {
                manager_id: org.id(v).to_string(),
                title: org.title.get(v).unwrap_or("").to_string(),
                department: org.department.get(v).unwrap_or("").to_string(),
                level: org.level.get(v).unwrap_or("").to_string(),
                layer: org.layer(v),
                span: org.span[v],
                people: a[PEOPLE] as u64,
                managers: a[MANAGERS] as u64,
                layers_below: depth[s],
                payroll: (has_pay && show).then_some(a[PAYROLL]),
                mean_pay: (has_pay && show && a[PAY_N] > 0.0).then(|| a[PAYROLL] / a[PAY_N]),
                pay_suppressed: has_pay && !show,
                exposure: ctx.exposure(a),
            }
        })
        .collect();
    (rows, suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coder::{code_titles, KeywordCoder, NoCoder, LOW_CONFIDENCE};
    use crate::spans::{self, ArchetypeConfig};
    use crate::tests_support::{org_with, synth_org};

    fn roll(org: &Org, coder: &dyn crate::coder::JobCoder, min_group: u64) -> Rollups {
        let coding = code_titles(&org.title.values, coder, LOW_CONFIDENCE);
        let sp = spans::compute(org, &ArchetypeConfig::default());
        compute(org, &coding, &sp, &Privacy { min_group })
    }

    /// CEO with two managers; each manager has ICs. Pay is 10 x row number.
    fn sample() -> Org {
        let mut rows = vec![("1", "", "Chief Executive Officer", "Exec", "L10", "1000")];
        rows.push(("2", "1", "Software Manager", "Engineering", "L7", "500"));
        rows.push(("3", "1", "Operations Manager", "Operations", "L7", "400"));
        for i in 0..6 {
            rows.push((["10", "11", "12", "13", "14", "15"][i], "2", "Software Engineer", "Engineering", "L5", "200"));
        }
        for i in 0..3 {
            rows.push((["20", "21", "22"][i], "3", "Fulfillment Associate", "Operations", "L1", "50"));
        }
        rows.push(("23", "3", "Poet", "Operations", "L1", ""));
        org_with(&rows)
    }

    #[test]
    fn totals_and_teams() {
        let org = sample();
        let r = roll(&org, &KeywordCoder::sample(), 5);
        assert_eq!(r.total.people, 13);
        assert_eq!(r.total.managers, 3);
        assert_eq!(r.total.payroll, Some(1000.0 + 500.0 + 400.0 + 6.0 * 200.0 + 150.0));
        assert_eq!(r.total.pay_known, Some(12));
        assert_eq!(r.total.exposure.uncoded, 1);
        assert_eq!(r.total.exposure.coded, 12);
        // "Software Manager" and "Operations Manager" match "software"/"manager" rules: software first.
        assert_eq!(r.teams.len(), 3);
        let top = &r.teams[0];
        assert_eq!(top.manager_id, "1");
        assert_eq!(top.people, 13);
        assert_eq!(top.layers_below, 2);
        let eng = r.teams.iter().find(|t| t.manager_id == "2").unwrap();
        assert_eq!(eng.people, 7);
        assert_eq!(eng.payroll, Some(1700.0));
        assert!((eng.exposure.ai_doable_fte - 7.0 * 0.45).abs() < 1e-9);
        assert_eq!(eng.exposure.by_measure["exposure_human_beta"], Some(0.6));
        let ops = r.teams.iter().find(|t| t.manager_id == "3").unwrap();
        assert_eq!(ops.people, 5);
        assert_eq!(ops.exposure.uncoded, 1);
        assert_eq!(ops.exposure.coded, 4);
        assert_eq!(ops.exposure.low_confidence, 0);
        // Top: 13 people, covered by the two shown sub-teams (7 + 5) leaves 1: suppressed.
        assert!(top.pay_suppressed && top.payroll.is_none());
        assert!(!eng.pay_suppressed && !ops.pay_suppressed);
    }

    #[test]
    fn exposure_means_exclude_uncoded_and_show_spread() {
        let org = sample();
        let r = roll(&org, &KeywordCoder::sample(), 1);
        let ops = r.departments.iter().find(|d| d.group == "Operations").unwrap();
        // Operations Manager (software rule? no: "operations manager" -> manager rule 0.45 beta) + 3 associates (0.05).
        assert_eq!(ops.people, 5);
        let beta = ops.exposure.by_measure["exposure_human_beta"].unwrap();
        assert!((beta - (0.45 + 3.0 * 0.05) / 4.0).abs() < 1e-12, "{beta}");
        assert!(ops.exposure.exposure_min.unwrap() < ops.exposure.exposure_max.unwrap());
        let none = roll(&org, &NoCoder, 1);
        assert_eq!(none.total.exposure.coded, 0);
        assert_eq!(none.total.exposure.exposure_mean, None);
        assert_eq!(none.total.payroll, r.total.payroll);
    }

    #[test]
    fn small_groups_are_suppressed() {
        let org = sample();
        let r = roll(&org, &NoCoder, 5);
        let exec = r.departments.iter().find(|d| d.group == "Exec").unwrap();
        assert_eq!(exec.people, 1);
        assert!(exec.pay_suppressed && exec.payroll.is_none() && exec.mean_pay.is_none());
        // Exec alone (1) would be revealed by total - others: Operations (5) is suppressed too.
        let ops = r.departments.iter().find(|d| d.group == "Operations").unwrap();
        assert!(ops.pay_suppressed);
        let eng = r.departments.iter().find(|d| d.group == "Engineering").unwrap();
        assert_eq!(eng.payroll, Some(1700.0));
        let layer1 = &r.layers[0];
        assert!(layer1.pay_suppressed);
        let r1 = roll(&org, &NoCoder, 1);
        assert!(r1.departments.iter().all(|d| !d.pay_suppressed));
    }

    /// Sums are added in a fixed order: the same bits whatever the number of threads.
    #[test]
    fn sums_do_not_depend_on_threads() {
        let org = synth_org(150_000, 7);
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| roll(&org, &KeywordCoder::sample(), 5))
        };
        let (a, b) = (run(1), run(3));
        assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
        let bits = |r: &Rollups| r.teams.iter().map(|t| t.payroll.map(f64::to_bits)).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&b));
        assert_eq!(a.total.payroll.map(f64::to_bits), b.total.payroll.map(f64::to_bits));
    }

    /// The team slots from the parallel passes are those of the walk down the tree they replaced,
    /// on a large synthetic organisation and on one with placeholder managers and a synthetic top.
    #[test]
    fn team_slots_are_those_of_the_walk() {
        fn walk(org: &Org) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
            let n = org.nodes();
            let (mut slot, mut target, mut slot_node) = (vec![NONE; n], vec![NONE; n], Vec::new());
            for &v in &org.shape.order {
                let kids = org.shape.children_of(v as usize);
                if !kids.is_empty() {
                    let s = slot_node.len() as u32;
                    slot[v as usize] = s;
                    target[v as usize] = s;
                    slot_node.push(v);
                    for &c in kids {
                        if org.shape.children_of(c as usize).is_empty() {
                            target[c as usize] = s;
                        }
                    }
                }
            }
            (slot, target, slot_node)
        }
        let big = synth_org(150_000, 5);
        assert_eq!(team_slots(&big), walk(&big));
        let rows = [("1", ""), ("2", "1"), ("3", "9"), ("4", "9"), ("5", "3"), ("6", "77"), ("7", "")];
        let (small, _) = crate::validate::validate(crate::validate::tests::raw(&rows), &crate::validate::ValidateOptions { repair: true, ..Default::default() }).unwrap();
        assert_eq!(team_slots(&small), walk(&small));
    }

    /// The slot-parallel team sums equal, bit for bit, one dense accumulator per chunk of rows
    /// summed in file order and then added in chunk order (the design before issue 17's third
    /// session, whose output bytes are kept).
    #[test]
    fn team_sums_equal_one_accumulator_per_chunk() {
        let org = synth_org(150_000, 11);
        let coding = code_titles(&org.title.values, &KeywordCoder::sample(), LOW_CONFIDENCE);
        let sp = spans::compute(&org, &ArchetypeConfig::default());
        let ctx = Ctx::new(&org, &coding, &sp);
        let (_, target, slot_node) = team_slots(&org);
        let n = org.nodes();
        let chunk = n.div_ceil(2);
        let got = team_sums(&ctx, &target, slot_node.len(), chunk);
        let mut want = vec![0.0f64; slot_node.len() * ctx.team_stride];
        for c in 0..2 {
            let mut acc = vec![0.0f64; want.len()];
            let mut buf = vec![0.0f64; ctx.stride];
            for v in c * chunk..((c + 1) * chunk).min(n) {
                let t = target[v];
                if t == NONE || !org.is_person(v) {
                    continue;
                }
                buf.iter_mut().for_each(|x| *x = 0.0);
                ctx.add_person(v, &mut buf);
                let t = t as usize * ctx.team_stride;
                add(&mut acc[t..t + ctx.team_stride], &buf[..ctx.team_stride]);
            }
            if c == 0 {
                want = acc;
            } else {
                add(&mut want, &acc);
            }
        }
        assert!(org.pay.iter().any(|p| p.fract() != 0.0), "pay with cents, so that the order of sums shows");
        assert_eq!(got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
    }

    /// The means are written as one map entry per measure, in key order, and read back equal.
    #[test]
    fn measure_means_round_trip_as_a_map() {
        let names: Arc<[String]> = vec!["exposure_a".to_string(), "exposure_b".to_string()].into();
        let m = MeasureMeans::new(names, vec![Some(0.25), None]);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"exposure_a":0.25,"exposure_b":null}"#);
        let back: MeasureMeans = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert_eq!(back["exposure_a"], Some(0.25));
        assert_eq!(back.get("exposure_c"), None);
    }

    /// Without team rows, every partition and the count of suppressed teams are the same.
    #[test]
    fn groups_without_team_rows_are_the_same() {
        let org = sample();
        let coding = code_titles(&org.title.values, &KeywordCoder::sample(), LOW_CONFIDENCE);
        let sp = spans::compute(&org, &ArchetypeConfig::default());
        for min_group in [1, 3, 5] {
            let privacy = Privacy { min_group };
            let full = compute(&org, &coding, &sp, &privacy);
            let groups = compute_with(&org, &coding, &sp, &privacy, false);
            assert!(groups.teams.is_empty() && !full.teams.is_empty());
            assert_eq!(groups.teams_pay_suppressed, full.teams.iter().filter(|t| t.pay_suppressed).count() as u64);
            let without_teams = |r: &Rollups| {
                let mut v = serde_json::to_value(r).unwrap();
                v.as_object_mut().unwrap().remove("teams");
                v
            };
            assert_eq!(without_teams(&groups), without_teams(&full));
        }
        assert!(compute(&org, &coding, &sp, &Privacy { min_group: 5 }).teams_pay_suppressed > 0);
    }

    #[test]
    fn levels_sort_naturally() {
        let r = roll(&sample(), &NoCoder, 1);
        let names: Vec<&str> = r.levels.iter().map(|l| l.group.as_str()).collect();
        assert_eq!(names, ["L1", "L5", "L7", "L10"]);
    }
}
