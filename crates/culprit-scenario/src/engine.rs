//! Applying a plan to an organisation: cuts, delayering and AI adoption, in order; then the
//! outcomes: who leaves, payroll freed, work removed (AI-doable and human-only), the load that
//! lands on the teams that stay, spans and layers after, and the economics.

use crate::economics::{self, Breakdown, ComputeEquivalent, GroupAgg, GroupEconomics, MonteCarlo, Quantiles};
use crate::select::{Compiled, People};
use crate::spec::{Action, Amount, Order, RemovedManagers, Scenario};
use culprit_org::coder::Coding;
use culprit_org::privacy::Privacy;
use culprit_org::raw::NONE;
use culprit_org::restructure::restructure;
use culprit_org::rollup::{self, GroupRow};
use culprit_org::spans::{self, ArchetypeConfig, SpanSummary};
use culprit_org::tree::{Org, Shape};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("{}:{line}: {message}", file.display())]
    Action { file: std::path::PathBuf, line: usize, message: String },
    #[error("{0}")]
    Other(String),
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub draws: usize,
    pub seed: Option<u64>,
    pub archetypes: ArchetypeConfig,
    pub privacy: Privacy,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { draws: 10_000, seed: None, archetypes: ArchetypeConfig::default(), privacy: Privacy::default() }
    }
}

/// Why a person left (or a manager became an individual contributor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Cut,
    Delayered,
    Merged,
    BecameIndividualContributor,
}

/// One row of cut.csv: a person who leaves. Occupation-derived figures only (no pay).
#[derive(Debug, Clone, Serialize)]
pub struct CutRow {
    pub employee_id: String,
    pub action_line: usize,
    pub action: &'static str,
    pub outcome: Outcome,
    pub title: String,
    pub department: String,
    pub level: String,
    pub layer_before: u16,
    pub was_manager: bool,
    pub soc: String,
    pub occupation: String,
    pub exposure: Option<f64>,
    /// The surviving manager whose team receives this person's remaining work.
    pub work_goes_to: String,
}

/// A manager who became an individual contributor (they stay; no pay is freed).
#[derive(Debug, Clone, Serialize)]
pub struct DemotedRow {
    pub employee_id: String,
    pub action_line: usize,
    pub title: String,
    pub department: String,
    pub layer_before: u16,
    pub span_before: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionReport {
    pub line: usize,
    pub action: &'static str,
    pub description: String,
    /// People the selector matched when the action ran.
    pub matched: u64,
    /// People who left through this action.
    pub left: u64,
    /// Managers who became individual contributors through this action.
    pub demoted: u64,
    pub takeover_people: u64,
    pub warnings: Vec<String>,
}

/// As-is beside to-be for one group.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub group: String,
    pub people_before: u64,
    pub people_after: u64,
    pub people_cut: u64,
    pub managers_before: u64,
    pub managers_after: u64,
    pub mean_span_before: Option<f64>,
    pub mean_span_after: Option<f64>,
    /// None where the group is below the privacy threshold.
    pub payroll_before: Option<f64>,
    pub payroll_after: Option<f64>,
    pub pay_suppressed: bool,
    pub work_removed_fte: f64,
    pub ai_doable_fte: f64,
    pub human_only_fte: f64,
}

/// The work that lands on one surviving team (a manager and their direct reports).
#[derive(Debug, Clone, Serialize)]
pub struct TeamLoad {
    pub manager_id: String,
    pub title: String,
    pub department: String,
    pub team_size: u64,
    pub people_lost_into_team: u64,
    /// Human-only work of the people who left, in FTE.
    pub human_only_fte: f64,
    /// AI-doable work that also lands on the team when the AI deployment fails (expected: times
    /// 1 - success probability).
    pub ai_fallback_fte: f64,
    /// Capacity freed by AI adoption in the team (expected: times the success probability).
    pub ai_capacity_fte: f64,
    /// Net added load per team member, as a share of one FTE.
    pub added_load_per_person: f64,
    pub overloaded: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoadSummary {
    pub threshold: f64,
    pub teams_receiving_work: u64,
    pub teams_overloaded: u64,
    pub survivors_in_overloaded_teams: u64,
    pub mean_added_load_receiving: f64,
    pub max_added_load: f64,
    /// Survivors by added load: 0, (0, 5%], (5, 15%], (15, 30%], > 30%.
    pub distribution: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    /// True when fewer people leave than the privacy threshold: every figure priced from their
    /// pay (payroll freed, savings, compute equivalents) is withheld (`None`; see [`crate::privacy`]).
    pub pay_suppressed: bool,
    pub measure: String,
    pub people_before: u64,
    pub people_cut: u64,
    pub people_after: u64,
    pub managers_removed: u64,
    pub managers_demoted: u64,
    pub payroll_before: Option<f64>,
    /// Sum of the annual pay of the people who leave.
    pub payroll_freed: Option<f64>,
    pub payroll_freed_share: Option<f64>,
    pub people_cut_without_pay: u64,
    pub work_removed_fte: f64,
    pub ai_doable_fte: f64,
    pub ai_doable_fte_low: f64,
    pub ai_doable_fte_high: f64,
    pub human_only_fte: f64,
    pub people_cut_uncoded: u64,
    pub ai_adopters: u64,
    pub gross_saving: Option<f64>,
    pub net_saving: Option<Quantiles>,
    pub net_saving_recurring: Option<Quantiles>,
    pub loss_probability: Option<f64>,
    pub h100_equivalent: Option<f64>,
    pub gpu_hours_per_year: Option<f64>,
    pub gigawatts: Option<f64>,
    pub share_of_capex: Option<f64>,
    pub share_of_capex_growth: Option<f64>,
    pub layers_before: u16,
    pub layers_after: u16,
    pub median_span_before: f64,
    pub median_span_after: f64,
    pub managers_off_target_before: u64,
    pub managers_off_target_after: u64,
    pub teams_overloaded: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssumptionUsed {
    pub key: String,
    pub value: f64,
    pub unit: String,
    pub spread: Option<(f64, f64)>,
    pub overridden: bool,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub summary: Summary,
    pub actions: Vec<ActionReport>,
    pub warnings: Vec<String>,
    pub breakdown: Breakdown,
    pub monte_carlo: MonteCarlo,
    pub compute: ComputeEquivalent,
    pub spans_before: SpanSummary,
    pub spans_after: SpanSummary,
    pub departments: Vec<CompareRow>,
    pub layers: Vec<CompareRow>,
    pub levels: Vec<CompareRow>,
    pub load: LoadSummary,
    /// The most loaded receiving teams (at most 50).
    pub teams: Vec<TeamLoad>,
    pub economics_by_department: Vec<GroupEconomics>,
    pub assumptions: Vec<AssumptionUsed>,
    pub caveat: &'static str,
    /// Seconds spent in each stage of the engine.
    pub timings: Vec<(String, f64)>,
    #[serde(skip)]
    pub cut: Vec<CutRow>,
    #[serde(skip)]
    pub demoted: Vec<DemotedRow>,
}

pub const CAVEAT: &str = "Exposure is technical feasibility, not a probability of losing a job; \
AI-doable work is what AI could do under the exposure measure, and it only leaves with the people \
if an AI deployment succeeds.";

/// The mutable organisation while actions apply.
struct State<'a> {
    people: &'a People<'a>,
    parent: Vec<u32>,
    alive: Vec<bool>,
    left: Vec<Option<(usize, Outcome)>>,
    demoted: Vec<Option<usize>>,
    takeover: Vec<f32>,
    span: Vec<u32>,
    layer: Vec<u16>,
}

impl<'a> State<'a> {
    fn new(people: &'a People<'a>) -> Self {
        let org = people.org;
        let n = org.nodes();
        let mut s = State {
            people,
            parent: org.parent.clone(),
            alive: vec![true; n],
            left: vec![None; n],
            demoted: vec![None; n],
            takeover: vec![0.0; n],
            span: vec![0; n],
            layer: vec![0; n],
        };
        s.refresh();
        s
    }

    /// Recompute current spans and layers over the living.
    fn refresh(&mut self) {
        let org = self.people.org;
        self.span.iter_mut().for_each(|x| *x = 0);
        for (i, &p) in self.parent.iter().enumerate() {
            if p != NONE && self.alive[i] && org.is_person(i) {
                self.span[p as usize] += 1;
            }
        }
        self.layer = Shape::build(&self.parent).layer;
    }

    fn is_manager(&self, i: usize) -> bool {
        self.span[i] > 0 && self.people.org.is_person(i)
    }

    /// Remove people: their living reports move to the nearest living ancestor.
    fn remove(&mut self, who: &[u32], action: usize, outcome: Outcome) {
        for &d in who {
            self.alive[d as usize] = false;
            self.left[d as usize] = Some((action, outcome));
        }
        self.reattach();
        for &d in who {
            self.parent[d as usize] = NONE;
        }
        self.refresh();
    }

    /// Point every living node whose manager left to the nearest living ancestor.
    fn reattach(&mut self) {
        let n = self.parent.len();
        let mut resolved = vec![NONE; n];
        for v in 0..n {
            if !self.alive[v] {
                continue;
            }
            let p = self.parent[v];
            if p == NONE || self.alive[p as usize] {
                continue;
            }
            // Climb through departed managers (their parent pointers are still the old ones).
            let mut path = Vec::new();
            let mut q = p;
            while q != NONE && !self.alive[q as usize] {
                if resolved[q as usize] != NONE {
                    q = resolved[q as usize];
                    break;
                }
                path.push(q);
                q = self.parent[q as usize];
            }
            for x in path {
                resolved[x as usize] = q;
            }
            self.parent[v] = q;
        }
    }

    /// Managers who stay as individual contributors: their reports move to their manager.
    fn demote(&mut self, who: &[u32], action: usize) {
        let mut is_demoted = vec![false; self.parent.len()];
        for &m in who {
            is_demoted[m as usize] = true;
            self.demoted[m as usize] = Some(action);
        }
        for v in 0..self.parent.len() {
            let mut p = self.parent[v];
            while p != NONE && is_demoted[p as usize] {
                p = self.parent[p as usize];
            }
            if self.alive[v] {
                self.parent[v] = p;
            }
        }
        self.refresh();
    }
}

fn err(s: &Scenario, line: usize, message: String) -> ScenarioError {
    ScenarioError::Action { file: s.file.clone(), line, message }
}

/// The organisation's structure before the plan, when the caller has already computed it (the
/// org analysis does), so that the engine does not compute it twice.
pub struct Before<'a> {
    pub spans: &'a spans::Spans,
    pub rollups: &'a rollup::Rollups,
}

pub fn run(org: &Org, coding: &Coding, scenario: &Scenario, opts: &RunOptions) -> Result<ScenarioResult, ScenarioError> {
    run_with(org, coding, scenario, opts, None)
}

pub fn run_with(org: &Org, coding: &Coding, scenario: &Scenario, opts: &RunOptions, before: Option<Before>) -> Result<ScenarioResult, ScenarioError> {
    let t0 = std::time::Instant::now();
    let people = People::new(org, coding, &scenario.measure).map_err(|m| err(scenario, 1, m))?;
    let base_dir = scenario.file.parent().map(|p| p.to_path_buf()).unwrap_or_default();
    let mut st = State::new(&people);
    let mut reports = Vec::new();
    let mut warnings = Vec::new();
    let pay_known = org.has_pay;
    let a = &scenario.assumptions;

    for (k, action) in scenario.actions.iter().enumerate() {
        let mut rep = ActionReport {
            line: action.line(),
            action: action.kind(),
            description: String::new(),
            matched: 0,
            left: 0,
            demoted: 0,
            takeover_people: 0,
            warnings: Vec::new(),
        };
        match action {
            Action::Cut { line, select, amount, order, seed } => {
                let sel = Compiled::new(select, &people, &base_dir).map_err(|m| err(scenario, *line, m))?;
                rep.warnings.extend(sel.unknown.iter().cloned());
                let mut matched: Vec<u32> = (0..org.nodes())
                    .filter(|&i| st.alive[i] && org.is_person(i) && sel.matches(i, &people, st.layer[i], st.is_manager(i), None))
                    .map(|i| i as u32)
                    .collect();
                // The top is never cut: the plan would have no organisation left to run it.
                if let Some(pos) = matched.iter().position(|&i| i == org.root) {
                    matched.remove(pos);
                    rep.warnings.push("the top of the organisation matched and was left out: it is never cut".into());
                }
                rep.matched = matched.len() as u64;
                let n = match amount {
                    Amount::All => matched.len(),
                    Amount::Share(s) => (s * matched.len() as f64).round() as usize,
                    Amount::Count(c) => {
                        if *c as usize > matched.len() {
                            return Err(err(
                                scenario,
                                *line,
                                format!("cut of {c} people, but only {} match ({}): lower the count or widen the selection", matched.len(), select.describe()),
                            ));
                        }
                        *c as usize
                    }
                };
                if matched.is_empty() {
                    rep.warnings.push(format!("the selection ({}) matches nobody{}", select.describe(), closest_filter(&sel, &people, &st)));
                }
                match order {
                    Order::HighestExposure => matched.sort_by(|&x, &y| {
                        let (ex, ey) = (people.exposure[x as usize], people.exposure[y as usize]);
                        let (ex, ey) = (if ex.is_nan() { -1.0 } else { ex }, if ey.is_nan() { -1.0 } else { ey });
                        ey.total_cmp(&ex).then(org.pay[y as usize].total_cmp(&org.pay[x as usize])).then(x.cmp(&y))
                    }),
                    Order::HighestPay => matched.sort_by(|&x, &y| {
                        let (px, py) = (org.pay[x as usize], org.pay[y as usize]);
                        let (px, py) = (if px.is_nan() { -1.0 } else { px }, if py.is_nan() { -1.0 } else { py });
                        py.total_cmp(&px).then(x.cmp(&y))
                    }),
                    Order::Random => matched.shuffle(&mut ChaCha8Rng::seed_from_u64(*seed)),
                }
                if *order == Order::HighestPay && !pay_known {
                    rep.warnings.push("order = highest_pay but the file has no pay: the order falls back to file order".into());
                }
                matched.truncate(n);
                rep.left = matched.len() as u64;
                rep.description = format!("cut {} of {} matching ({}), {}", matched.len(), rep.matched, select.describe(), order.name());
                st.remove(&matched, k, Outcome::Cut);
            }
            Action::Delayer { remove_layer, target_span, max_layers, removed_managers, .. } => {
                let (left, demoted, desc) = delayer(&mut st, k, *remove_layer, *target_span, *max_layers, *removed_managers);
                rep.left = left;
                rep.demoted = demoted;
                rep.description = desc;
                if left + demoted == 0 {
                    rep.warnings.push("the organisation already meets this rule: no manager was removed".into());
                }
            }
            Action::AdoptAi { line, select, takeover } => {
                let sel = Compiled::new(select, &people, &base_dir).map_err(|m| err(scenario, *line, m))?;
                rep.warnings.extend(sel.unknown.iter().cloned());
                let mut n = 0u64;
                for i in 0..org.nodes() {
                    if st.alive[i] && org.is_person(i) && sel.matches(i, &people, st.layer[i], st.is_manager(i), None) {
                        st.takeover[i] = st.takeover[i].max(*takeover as f32);
                        n += 1;
                    }
                }
                if n == 0 {
                    rep.warnings.push(format!("the selection ({}) matches nobody{}", select.describe(), closest_filter(&sel, &people, &st)));
                }
                rep.matched = n;
                rep.takeover_people = n;
                rep.description = format!("AI takes over {:.0}% of the AI-doable task time of {n} people ({})", takeover * 100.0, select.describe());
            }
        }
        for w in &rep.warnings {
            warnings.push(format!("{}:{}: {}", scenario.file.display(), rep.line, w));
        }
        reports.push(rep);
    }

    let actions_secs = t0.elapsed().as_secs_f64();
    let mut r = outcomes(org, coding, scenario, opts, &people, st, reports, warnings, a, before)?;
    r.timings.insert(0, ("actions".into(), actions_secs));
    Ok(r)
}

/// Explain an empty selection: which single criterion, dropped, would match people.
fn closest_filter(sel: &Compiled, people: &People, st: &State) -> String {
    let org = people.org;
    let mut best: Option<(&str, usize)> = None;
    for c in sel.criteria() {
        let n = (0..org.nodes())
            .filter(|&i| st.alive[i] && org.is_person(i) && sel.matches(i, people, st.layer[i], st.is_manager(i), Some(c)))
            .count();
        if n > 0 && best.is_none_or(|b| n < b.1) {
            best = Some((c, n));
        }
    }
    match best {
        Some((c, n)) => format!("; without its `{c}` filter it would match {n} people"),
        None => String::new(),
    }
}

/// Delayering by one of the stated rules. Returns (people who left, managers demoted, description).
fn delayer(st: &mut State, k: usize, remove_layer: Option<u16>, target_span: Option<u32>, max_layers: Option<u16>, mode: RemovedManagers) -> (u64, u64, String) {
    let org = st.people.org;
    let n = org.nodes();
    let mut total = 0u64;
    let mut apply = |st: &mut State, who: Vec<u32>, outcome: Outcome| {
        total += who.len() as u64;
        match mode {
            RemovedManagers::Leave => st.remove(&who, k, outcome),
            RemovedManagers::IndividualContributor => st.demote(&who, k),
        }
    };
    let mut parts = Vec::new();
    if let Some(l) = remove_layer {
        let who: Vec<u32> = (0..n).filter(|&i| st.alive[i] && st.layer[i] == l && st.is_manager(i) && i as u32 != org.root).map(|i| i as u32).collect();
        parts.push(format!("removed the {} managers of layer {l}; their reports move up one layer", who.len()));
        apply(st, who, Outcome::Delayered);
    }
    if let Some(m) = max_layers {
        let mut passes = 0;
        loop {
            let shape = Shape::build(&st.parent);
            let depth = (0..n).filter(|&i| st.alive[i] && org.is_person(i)).map(|i| shape.layer[i]).max().unwrap_or(0);
            if depth <= m || passes > 64 {
                break;
            }
            passes += 1;
            // Height of each node's subtree (levels below it).
            let mut height = vec![0u16; n];
            for &v in shape.order.iter().rev() {
                let p = st.parent[v as usize];
                if p != NONE && st.alive[v as usize] {
                    height[p as usize] = height[p as usize].max(height[v as usize] + 1);
                }
            }
            // Candidates: managers below the top on a line deeper than the limit. Remove the layer
            // whose candidates have the narrowest mean span, so each pass shortens every deep line
            // by one at the least cost in management capacity.
            let mut by_layer: BTreeMap<u16, (Vec<u32>, u64)> = BTreeMap::new();
            for i in 0..n {
                if st.alive[i] && st.is_manager(i) && i as u32 != org.root && shape.layer[i] >= 2 && shape.layer[i] + height[i] > m {
                    let e = by_layer.entry(shape.layer[i]).or_default();
                    e.0.push(i as u32);
                    e.1 += st.span[i] as u64;
                }
            }
            let Some((&layer, _)) = by_layer.iter().min_by(|a, b| {
                let ma = a.1 .1 as f64 / a.1 .0.len() as f64;
                let mb = b.1 .1 as f64 / b.1 .0.len() as f64;
                ma.total_cmp(&mb).then(b.0.cmp(a.0))
            }) else {
                break;
            };
            let who = by_layer.remove(&layer).unwrap().0;
            parts.push(format!("pass {passes}: removed {} managers of layer {layer} on lines deeper than {m}", who.len()));
            apply(st, who, Outcome::Delayered);
        }
    }
    if let Some(s) = target_span {
        // Merge sibling teams of the same department whose managers are below the target span:
        // the smaller team joins the largest sibling team it fits into (sum of spans <= target),
        // and its manager leaves (or becomes an individual contributor in the merged team).
        let mut merged_total = 0u64;
        for _pass in 0..10 {
            let mut groups: BTreeMap<(u32, u32), Vec<u32>> = BTreeMap::new();
            for i in 0..n {
                if st.alive[i] && st.is_manager(i) && st.span[i] < s && st.parent[i] != NONE {
                    groups.entry((st.parent[i], org.department.codes[i])).or_default().push(i as u32);
                }
            }
            let mut removed = Vec::new();
            let mut into: Vec<(u32, u32)> = Vec::new();
            for (_, mut v) in groups {
                v.sort_by_key(|&i| (st.span[i as usize], i));
                let mut spans: Vec<u32> = v.iter().map(|&i| st.span[i as usize]).collect();
                let mut live: Vec<bool> = vec![true; v.len()];
                for x in 0..v.len() {
                    if !live[x] {
                        continue;
                    }
                    let extra = u32::from(mode == RemovedManagers::IndividualContributor);
                    // Largest other team that the smaller one fits into.
                    let target = (0..v.len()).rev().find(|&y| y != x && live[y] && spans[y] >= spans[x] && spans[x] + spans[y] + extra <= s);
                    if let Some(y) = target {
                        live[x] = false;
                        spans[y] += spans[x] + extra;
                        removed.push(v[x]);
                        into.push((v[x], v[y]));
                        if spans[y] >= s {
                            live[y] = false;
                        }
                    }
                }
            }
            if removed.is_empty() {
                break;
            }
            merged_total += removed.len() as u64;
            // Move the reports of each merged manager to the manager they merge into.
            let mut target = vec![NONE; n];
            for (from, to) in &into {
                target[*from as usize] = *to;
            }
            // Follow chains (a -> b where b itself merged this pass cannot happen: b stays live
            // as a receiver, since receivers are never removed in the same pass).
            for v in 0..n {
                let p = st.parent[v];
                if p != NONE && target[p as usize] != NONE && st.alive[v] {
                    st.parent[v] = target[p as usize];
                }
            }
            match mode {
                RemovedManagers::Leave => {
                    total += removed.len() as u64;
                    st.remove(&removed, k, Outcome::Merged);
                }
                RemovedManagers::IndividualContributor => {
                    total += removed.len() as u64;
                    for (from, to) in &into {
                        st.parent[*from as usize] = *to;
                        st.demoted[*from as usize] = Some(k);
                    }
                    st.refresh();
                }
            }
        }
        parts.push(format!("merged {merged_total} sibling teams below a span of {s} into their largest sibling that fits"));
    }
    let (left, demoted) = match mode {
        RemovedManagers::Leave => (total, 0),
        RemovedManagers::IndividualContributor => (0, total),
    };
    (left, demoted, parts.join("; "))
}

#[allow(clippy::too_many_arguments)]
fn outcomes(
    org: &Org,
    coding: &Coding,
    scenario: &Scenario,
    opts: &RunOptions,
    people: &People,
    st: State,
    actions: Vec<ActionReport>,
    warnings: Vec<String>,
    a: &culprit_data::assumptions::Assumptions,
    before: Option<Before>,
) -> Result<ScenarioResult, ScenarioError> {
    let n = org.nodes();
    let mut lap = std::time::Instant::now();
    let mut timings: Vec<(String, f64)> = Vec::new();
    let mut mark = |name: &str, lap: &mut std::time::Instant| {
        timings.push((name.to_string(), lap.elapsed().as_secs_f64()));
        *lap = std::time::Instant::now();
    };
    let p_success = a.value("pilot_success_probability");
    let threshold = a.value("overload_threshold");
    let is_cut = |i: usize| !st.alive[i] && org.is_person(i);

    // Who receives each leaver's work: the nearest living ancestor in the original tree.
    let mut receiver = vec![NONE; n];
    for i in 0..n {
        if is_cut(i) {
            let mut q = org.parent[i];
            while q != NONE && !st.alive[q as usize] {
                q = org.parent[q as usize];
            }
            receiver[i] = q;
        }
    }

    // Per-person work split.
    let split = |i: usize| -> (f64, f64, f64, f64) {
        let e = people.exposure[i];
        if e.is_nan() {
            (0.0, 1.0, 0.0, 0.0)
        } else {
            (e, 1.0 - e, people.exposure_low[i], people.exposure_high[i])
        }
    };

    // Team loads: team = a surviving manager (receiver) and their surviving direct reports.
    let mut team_size = vec![0u32; n];
    for i in 0..n {
        if st.alive[i] && org.is_person(i) {
            team_size[i] += 1;
            let p = st.parent[i];
            if p != NONE {
                team_size[p as usize] += 1;
            }
        }
    }
    let mut recv_human = vec![0f64; n];
    let mut recv_ai = vec![0f64; n];
    let mut recv_people = vec![0u32; n];
    for i in 0..n {
        if is_cut(i) && receiver[i] != NONE {
            let r = receiver[i] as usize;
            let (ai, human, _, _) = split(i);
            recv_human[r] += human;
            recv_ai[r] += ai;
            recv_people[r] += 1;
        }
    }
    // AI capacity freed in each team by adoption (expected).
    let mut capacity = vec![0f64; n];
    for i in 0..n {
        if st.alive[i] && st.takeover[i] > 0.0 {
            let e = people.exposure[i];
            if e.is_finite() {
                let c = st.takeover[i] as f64 * e * p_success;
                let team = if recv_people[i] > 0 || st.parent[i] == NONE { i } else { st.parent[i] as usize };
                capacity[team] += c;
            }
        }
    }
    let mut teams = Vec::new();
    // Added load per person of each receiving team (0 elsewhere), for the distribution below.
    let mut person_load = vec![0f64; n];
    let mut adopters_in_receiving = vec![false; n];
    let mut dist = [0u64; 5];
    let (mut receiving, mut overloaded, mut surv_over, mut sum_load, mut max_load) = (0u64, 0u64, 0u64, 0f64, 0f64);
    for r in 0..n {
        if recv_people[r] == 0 {
            continue;
        }
        receiving += 1;
        let size = team_size[r].max(1) as f64;
        let fallback = recv_ai[r] * (1.0 - p_success);
        let load = ((recv_human[r] + fallback - capacity[r]) / size).max(0.0);
        person_load[r] = load;
        let over = load > threshold;
        if over {
            overloaded += 1;
            surv_over += team_size[r] as u64;
        }
        sum_load += load;
        max_load = max_load.max(load);
        if recv_ai[r] > 0.0 {
            adopters_in_receiving[r] = true;
        }
        teams.push(TeamLoad {
            manager_id: org.id(r).to_string(),
            title: org.title.get(r).unwrap_or("").to_string(),
            department: org.department.get(r).unwrap_or("").to_string(),
            team_size: team_size[r] as u64,
            people_lost_into_team: recv_people[r] as u64,
            human_only_fte: recv_human[r],
            ai_fallback_fte: fallback,
            ai_capacity_fte: capacity[r],
            added_load_per_person: load,
            overloaded: over,
        });
    }
    // Distribution of added load over all survivors.
    for i in 0..n {
        if !(st.alive[i] && org.is_person(i)) {
            continue;
        }
        // A person's team is their manager's team (where work lands), or their own if they
        // received work as the manager.
        let p = st.parent[i];
        let load = if recv_people[i] > 0 { person_load[i] } else if p != NONE { person_load[p as usize] } else { 0.0 };
        let b = if load <= 0.0 {
            0
        } else if load <= 0.05 {
            1
        } else if load <= 0.15 {
            2
        } else if load <= 0.30 {
            3
        } else {
            4
        };
        dist[b] += 1;
    }
    teams.sort_by(|x, y| y.added_load_per_person.total_cmp(&x.added_load_per_person).then(y.people_lost_into_team.cmp(&x.people_lost_into_team)));
    teams.truncate(50);
    let load = LoadSummary {
        threshold,
        teams_receiving_work: receiving,
        teams_overloaded: overloaded,
        survivors_in_overloaded_teams: surv_over,
        mean_added_load_receiving: if receiving > 0 { sum_load / receiving as f64 } else { 0.0 },
        max_added_load: max_load,
        distribution: vec![
            ("none".into(), dist[0]),
            ("up to 5%".into(), dist[1]),
            ("5-15%".into(), dist[2]),
            ("15-30%".into(), dist[3]),
            ("over 30%".into(), dist[4]),
        ],
    };

    // Economics per department.
    let n_dept = org.department.values.len() + 1;
    let dept_of = |i: usize| {
        let c = org.department.codes[i];
        if c == NONE {
            n_dept - 1
        } else {
            c as usize
        }
    };
    let mut groups: Vec<GroupAgg> = (0..n_dept)
        .map(|d| GroupAgg { group: org.department.values.get(d).cloned().unwrap_or_else(|| "(no department)".into()), ..Default::default() })
        .collect();
    let mut cut_rows = Vec::new();
    let mut demoted_rows = Vec::new();
    let (mut payroll_freed, mut no_pay, mut uncoded, mut ai_fte, mut ai_lo, mut ai_hi, mut human_fte) = (0.0, 0u64, 0u64, 0.0, 0.0, 0.0, 0.0);
    let mut managers_removed = 0u64;
    let mut adopters_unpriced = 0u64;
    for i in 0..n {
        if !org.is_person(i) {
            continue;
        }
        let g = &mut groups[dept_of(i)];
        if is_cut(i) {
            let (ai, human, lo, hi) = split(i);
            let pay = org.pay[i];
            g.people_cut += 1.0;
            if pay.is_finite() {
                g.payroll_cut += pay;
                payroll_freed += pay;
                g.severance += economics::severance(pay, None, a);
            } else {
                no_pay += 1;
            }
            if people.exposure[i].is_nan() {
                uncoded += 1;
            }
            g.ai_doable_fte += ai;
            g.ai_doable_fte_low += lo;
            g.ai_doable_fte_high += hi;
            if ai > 0.0 {
                g.relies_on_ai = true;
            }
            ai_fte += ai;
            ai_lo += lo;
            ai_hi += hi;
            human_fte += human;
            let was_manager = org.is_manager(i);
            managers_removed += u64::from(was_manager);
            let (action, outcome) = st.left[i].unwrap_or((0, Outcome::Cut));
            let occ = coding.occupation_of(org, i).map(|o| &coding.occupations[o]);
            cut_rows.push(CutRow {
                employee_id: org.id(i).to_string(),
                action_line: scenario.actions[action].line(),
                action: scenario.actions[action].kind(),
                outcome,
                title: org.title.get(i).unwrap_or("").to_string(),
                department: org.department.get(i).unwrap_or("").to_string(),
                level: org.level.get(i).unwrap_or("").to_string(),
                layer_before: org.layer(i),
                was_manager,
                soc: occ.map(|o| o.soc.clone()).unwrap_or_default(),
                occupation: occ.map(|o| o.name.clone()).unwrap_or_default(),
                exposure: people.exposure[i].is_finite().then_some(people.exposure[i]),
                work_goes_to: if receiver[i] == NONE { String::new() } else { org.id(receiver[i] as usize).to_string() },
            });
        } else if st.alive[i] && (st.takeover[i] > 0.0 || adopters_in_receiving[i] || st.parent[i] != NONE && adopters_in_receiving[st.parent[i] as usize]) {
            // People who use AI: those adopting it, and the teams expected to hand work to AI.
            // Workslop hours are priced at the person's pay, else at the occupation's median
            // wage; a person with neither is counted apart.
            let price = if org.pay[i].is_finite() {
                Some(org.pay[i])
            } else {
                coding.occupation_of(org, i).and_then(|o| coding.occupations[o].median_wage)
            };
            match price {
                Some(p) => {
                    g.adopters += 1.0;
                    g.adopter_payroll += p;
                }
                None => adopters_unpriced += 1,
            }
        }
        if let Some(action) = st.demoted[i] {
            demoted_rows.push(DemotedRow {
                employee_id: org.id(i).to_string(),
                action_line: scenario.actions[action].line(),
                title: org.title.get(i).unwrap_or("").to_string(),
                department: org.department.get(i).unwrap_or("").to_string(),
                layer_before: org.layer(i),
                span_before: org.span[i],
            });
        }
    }
    let people_cut = cut_rows.len() as u64;
    groups.retain(|g| g.people_cut > 0.0 || g.adopters > 0.0);

    mark("work, load and groups", &mut lap);
    let breakdown = economics::breakdown(&groups, a);
    let seed = opts.seed.unwrap_or(scenario.seed);
    let mc = economics::monte_carlo(&groups, a, opts.draws, seed);
    let compute = economics::compute_equivalent(payroll_freed, a, scenario.compare.capex_usd, scenario.compare.capex_prior_usd, scenario.compare.capex_label.clone());

    mark("monte carlo", &mut lap);
    // Structure after the plan.
    let keep: Vec<bool> = (0..n).map(|i| st.alive[i]).collect();
    let after = restructure(org, &st.parent, &keep);
    let computed;
    let (spans_before, roll_before) = match before {
        Some(b) => (b.spans, b.rollups),
        None => {
            let sp = spans::compute(org, &opts.archetypes);
            let ro = rollup::compute(org, coding, &sp, &opts.privacy);
            computed = (sp, ro);
            (&computed.0, &computed.1)
        }
    };
    let spans_after = spans::compute(&after, &opts.archetypes);
    let roll_after = rollup::compute(&after, coding, &spans_after, &opts.privacy);

    // Work removed per group of each partition.
    let mut removed_by: [BTreeMap<String, (f64, f64)>; 3] = Default::default();
    for i in 0..n {
        if is_cut(i) {
            let (ai, human, _, _) = split(i);
            let keys = [
                org.department.get(i).unwrap_or("").to_string(),
                org.layer(i).to_string(),
                org.level.get(i).unwrap_or("").to_string(),
            ];
            for (m, key) in removed_by.iter_mut().zip(keys) {
                let e = m.entry(key).or_default();
                e.0 += ai;
                e.1 += human;
            }
        }
    }
    mark("structure and roll-ups before and after", &mut lap);
    let departments = compare(&roll_before.departments, &roll_after.departments, &removed_by[0]);
    let layers = compare(&roll_before.layers, &roll_after.layers, &removed_by[1]);
    let levels = compare(&roll_before.levels, &roll_after.levels, &removed_by[2]);

    let payroll_before: f64 = (0..n).filter(|&i| org.is_person(i) && org.pay[i].is_finite()).map(|i| org.pay[i]).sum();
    let adopters: u64 = groups.iter().map(|g| g.adopters as u64).sum();
    let summary = Summary {
        scenario: scenario.name.clone(),
        pay_suppressed: false,
        measure: scenario.measure.clone(),
        people_before: org.people() as u64,
        people_cut,
        people_after: after.people() as u64,
        managers_removed,
        managers_demoted: demoted_rows.len() as u64,
        payroll_before: Some(payroll_before),
        payroll_freed: Some(payroll_freed),
        payroll_freed_share: (payroll_before > 0.0).then(|| payroll_freed / payroll_before),
        people_cut_without_pay: no_pay,
        work_removed_fte: people_cut as f64,
        ai_doable_fte: ai_fte,
        ai_doable_fte_low: ai_lo,
        ai_doable_fte_high: ai_hi,
        human_only_fte: human_fte,
        people_cut_uncoded: uncoded,
        ai_adopters: adopters,
        gross_saving: breakdown.gross_saving,
        net_saving: mc.net_saving,
        net_saving_recurring: mc.net_saving_recurring,
        loss_probability: mc.loss_probability,
        h100_equivalent: compute.h100_equivalent,
        gpu_hours_per_year: compute.gpu_hours_per_year,
        gigawatts: compute.gigawatts,
        share_of_capex: compute.share_of_capex,
        share_of_capex_growth: compute.share_of_capex_growth,
        layers_before: spans_before.summary.layers,
        layers_after: spans_after.summary.layers,
        median_span_before: spans_before.summary.median_span,
        median_span_after: spans_after.summary.median_span,
        managers_off_target_before: spans_before.summary.managers_below_target + spans_before.summary.managers_above_target,
        managers_off_target_after: spans_after.summary.managers_below_target + spans_after.summary.managers_above_target,
        teams_overloaded: overloaded,
    };
    let mut warnings = warnings;
    if no_pay > 0 {
        warnings.push(format!("{no_pay} of the people cut have no pay in the file: their pay is not in payroll freed"));
    }
    if adopters_unpriced > 0 {
        warnings.push(format!("{adopters_unpriced} AI adopters have neither pay nor a coded occupation: their workslop is not priced"));
    }
    if uncoded > 0 {
        warnings.push(format!("{uncoded} of the people cut have job titles the coder could not code: their work counts as human-only"));
    }
    let assumptions = a
        .iter()
        .map(|x| AssumptionUsed { key: x.key.into(), value: x.value, unit: x.unit.into(), spread: x.spread, overridden: x.overridden, source: x.source.into() })
        .collect();
    let mut result = ScenarioResult {
        summary,
        actions,
        warnings,
        breakdown,
        monte_carlo: mc,
        compute,
        spans_before: spans_before.summary.clone(),
        spans_after: spans_after.summary,
        departments,
        layers,
        levels,
        load,
        teams,
        economics_by_department: groups.iter().map(GroupEconomics::from).collect(),
        assumptions,
        caveat: CAVEAT,
        timings,
        cut: cut_rows,
        demoted: demoted_rows,
    };
    crate::privacy::apply(&mut result, &opts.privacy);
    Ok(result)
}

/// As-is beside to-be, group by group. Pay is as the organisation roll-ups show it;
/// [`crate::privacy`] then withholds what the cut would reveal.
fn compare(before: &[GroupRow], after: &[GroupRow], removed: &BTreeMap<String, (f64, f64)>) -> Vec<CompareRow> {
    let mut out = Vec::new();
    for b in before {
        let a = after.iter().find(|a| a.group == b.group);
        let (ai, human) = removed.get(&b.group).copied().unwrap_or((0.0, 0.0));
        let people_cut = b.people.saturating_sub(a.map(|a| a.people).unwrap_or(0));
        let suppressed = b.pay_suppressed || a.is_some_and(|a| a.pay_suppressed);
        out.push(CompareRow {
            group: b.group.clone(),
            people_before: b.people,
            people_after: a.map(|a| a.people).unwrap_or(0),
            people_cut,
            managers_before: b.managers,
            managers_after: a.map(|a| a.managers).unwrap_or(0),
            mean_span_before: b.mean_span,
            mean_span_after: a.and_then(|a| a.mean_span),
            payroll_before: if suppressed { None } else { b.payroll },
            payroll_after: if suppressed { None } else { a.and_then(|a| a.payroll) },
            pay_suppressed: suppressed,
            work_removed_fte: ai + human,
            ai_doable_fte: ai,
            human_only_fte: human,
        });
    }
    out
}
