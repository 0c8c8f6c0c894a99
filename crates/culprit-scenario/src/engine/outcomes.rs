//! The outcome phases, in order, on the organisation the actions left ([`Context`]):
//! 1. [`receivers_and_load`]: who receives each leaver's work and the load on each surviving team;
//! 2. [`economics_by_group`]: the people cut and the AI adopters, summed by department, with the
//!    rows of cut.csv and demoted.csv;
//! 3. [`money`]: the breakdown, the Monte Carlo and the compute equivalents;
//! 4. [`structure_after`]: spans, layers and roll-ups after the plan, as-is beside to-be;
//! 5. [`summary`] and [`warnings`].

use super::actions::State;
use super::{CompareRow, CutRow, DemotedRow, LoadSummary, Outcome, RunOptions, Summary, TeamLoad};
use crate::economics::{self, Breakdown, ComputeEquivalent, GroupAgg, MonteCarlo};
use crate::select::People;
use crate::spec::Scenario;
use culprit_data::assumptions::Assumptions;
use culprit_org::coder::Coding;
use culprit_org::privacy::Privacy;
use culprit_org::raw::NONE;
use culprit_org::restructure::restructure;
use culprit_org::rollup::{self, GroupRow};
use culprit_org::spans::{self, SpanSummary};
use culprit_org::tree::Org;
use culprit_org::Analysis;
use std::collections::BTreeMap;

/// What every outcome phase reads: the organisation before, the plan, the people's exposure and
/// the organisation after the actions.
pub(crate) struct Context<'a> {
    pub analysis: &'a Analysis,
    pub org: &'a Org,
    pub coding: &'a Coding,
    pub scenario: &'a Scenario,
    pub people: &'a People<'a>,
    pub st: &'a State<'a>,
    pub a: &'a Assumptions,
}

impl Context<'_> {
    /// A person who left (cut, delayered or merged away).
    pub fn is_cut(&self, i: usize) -> bool {
        !self.st.alive[i] && self.org.is_person(i)
    }

    /// A person's work: (AI-doable, human-only, AI-doable at the lowest and the highest measure),
    /// in FTE. An uncoded person's work is all human-only.
    pub fn split(&self, i: usize) -> (f64, f64, f64, f64) {
        let e = self.people.exposure[i];
        if e.is_nan() {
            (0.0, 1.0, 0.0, 0.0)
        } else {
            (e, 1.0 - e, self.people.exposure_low[i], self.people.exposure_high[i])
        }
    }

    /// The privacy rule of the analysis (the scenario shows pay the way the organisation does).
    pub fn privacy(&self) -> Privacy {
        Privacy { min_group: self.analysis.summary.privacy.min_group }
    }
}

/// Phase 1: receivers and load.
pub(crate) struct Load {
    /// Per node: the surviving manager whose team receives the leaver's work (NONE otherwise).
    pub receiver: Vec<u32>,
    /// Per node: a receiving team that gets AI-doable work (its people use AI).
    pub adopters_in_receiving: Vec<bool>,
    pub summary: LoadSummary,
    /// The most loaded receiving teams (at most 50).
    pub teams: Vec<TeamLoad>,
}

pub(crate) fn receivers_and_load(ctx: &Context) -> Load {
    let (org, st, people) = (ctx.org, ctx.st, ctx.people);
    let n = org.nodes();
    let p_success = ctx.a.value("pilot_success_probability");
    let threshold = ctx.a.value("overload_threshold");
    // Who receives each leaver's work: the nearest living ancestor in the original tree.
    let mut receiver = vec![NONE; n];
    for i in 0..n {
        if ctx.is_cut(i) {
            let mut q = org.parent[i];
            while q != NONE && !st.alive[q as usize] {
                q = org.parent[q as usize];
            }
            receiver[i] = q;
        }
    }
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
        if ctx.is_cut(i) && receiver[i] != NONE {
            let r = receiver[i] as usize;
            let (ai, human, _, _) = ctx.split(i);
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
    let summary = LoadSummary {
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
    Load { receiver, adopters_in_receiving, summary, teams }
}

/// Totals over the people cut.
#[derive(Debug, Default)]
pub(crate) struct CutTotals {
    pub payroll_freed: f64,
    pub without_pay: u64,
    pub uncoded: u64,
    pub ai_fte: f64,
    pub ai_fte_low: f64,
    pub ai_fte_high: f64,
    pub human_fte: f64,
    pub managers_removed: u64,
    pub adopters_unpriced: u64,
}

/// Phase 2: the groups the economics runs on, and the rows of the people who left or were demoted.
pub(crate) struct Groups {
    /// Departments with people cut or AI adopters.
    pub groups: Vec<GroupAgg>,
    pub cut: Vec<CutRow>,
    pub demoted: Vec<DemotedRow>,
    pub totals: CutTotals,
}

pub(crate) fn economics_by_group(ctx: &Context, load: &Load) -> Groups {
    let (org, st, coding, scenario) = (ctx.org, ctx.st, ctx.coding, ctx.scenario);
    let n = org.nodes();
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
    let mut t = CutTotals::default();
    for i in 0..n {
        if !org.is_person(i) {
            continue;
        }
        let g = &mut groups[dept_of(i)];
        if ctx.is_cut(i) {
            let (ai, human, lo, hi) = ctx.split(i);
            let pay = org.pay[i];
            g.people_cut += 1.0;
            if pay.is_finite() {
                g.payroll_cut += pay;
                t.payroll_freed += pay;
                g.severance += economics::severance(pay, None, ctx.a);
            } else {
                t.without_pay += 1;
            }
            if ctx.people.exposure[i].is_nan() {
                t.uncoded += 1;
            }
            g.ai_doable_fte += ai;
            g.ai_doable_fte_low += lo;
            g.ai_doable_fte_high += hi;
            if ai > 0.0 {
                g.relies_on_ai = true;
            }
            t.ai_fte += ai;
            t.ai_fte_low += lo;
            t.ai_fte_high += hi;
            t.human_fte += human;
            let was_manager = org.is_manager(i);
            t.managers_removed += u64::from(was_manager);
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
                exposure: ctx.people.exposure[i].is_finite().then_some(ctx.people.exposure[i]),
                work_goes_to: if load.receiver[i] == NONE { String::new() } else { org.id(load.receiver[i] as usize).to_string() },
            });
        } else if st.alive[i] && (st.takeover[i] > 0.0 || load.adopters_in_receiving[i] || st.parent[i] != NONE && load.adopters_in_receiving[st.parent[i] as usize]) {
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
                None => t.adopters_unpriced += 1,
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
    groups.retain(|g| g.people_cut > 0.0 || g.adopters > 0.0);
    Groups { groups, cut: cut_rows, demoted: demoted_rows, totals: t }
}

/// Phase 3: the money.
pub(crate) struct Money {
    pub breakdown: Breakdown,
    pub monte_carlo: MonteCarlo,
    pub compute: ComputeEquivalent,
}

pub(crate) fn money(ctx: &Context, groups: &Groups, opts: &RunOptions) -> Money {
    let s = ctx.scenario;
    let seed = opts.seed.unwrap_or(s.seed);
    Money {
        breakdown: economics::breakdown(&groups.groups, ctx.a),
        monte_carlo: economics::monte_carlo(&groups.groups, ctx.a, opts.draws, seed),
        compute: economics::compute_equivalent(groups.totals.payroll_freed, ctx.a, s.compare.capex_usd, s.compare.capex_prior_usd, s.compare.capex_label.clone()),
    }
}

/// Phase 4: the structure after the plan, beside the structure before (the analysis's).
pub(crate) struct Structure {
    pub people_after: u64,
    pub spans_after: SpanSummary,
    pub departments: Vec<CompareRow>,
    pub layers: Vec<CompareRow>,
    pub levels: Vec<CompareRow>,
}

pub(crate) fn structure_after(ctx: &Context) -> Structure {
    let (org, st, analysis) = (ctx.org, ctx.st, ctx.analysis);
    let n = org.nodes();
    let keep: Vec<bool> = (0..n).map(|i| st.alive[i]).collect();
    let after = restructure(org, &st.parent, &keep);
    // The same archetypes and privacy rule as the analysis of the organisation before.
    let spans_after = spans::compute(&after, &analysis.summary.archetypes);
    // Only the partitions are compared: no team rows.
    let roll_after = rollup::compute_with(&after, ctx.coding, &spans_after, &ctx.privacy(), false);
    // Work removed per group of each partition.
    let mut removed_by: [BTreeMap<String, (f64, f64)>; 3] = Default::default();
    for i in 0..n {
        if ctx.is_cut(i) {
            let (ai, human, _, _) = ctx.split(i);
            let keys = [org.department.get(i).unwrap_or("").to_string(), org.layer(i).to_string(), org.level.get(i).unwrap_or("").to_string()];
            for (m, key) in removed_by.iter_mut().zip(keys) {
                let e = m.entry(key).or_default();
                e.0 += ai;
                e.1 += human;
            }
        }
    }
    let before = &analysis.rollups;
    Structure {
        people_after: after.people() as u64,
        spans_after: spans_after.summary,
        departments: compare(&before.departments, &roll_after.departments, &removed_by[0]),
        layers: compare(&before.layers, &roll_after.layers, &removed_by[1]),
        levels: compare(&before.levels, &roll_after.levels, &removed_by[2]),
    }
}

/// Phase 5: the headline figures, before privacy ([`crate::privacy`] withholds what it must).
pub(crate) fn summary(ctx: &Context, groups: &Groups, money: &Money, structure: &Structure, load: &Load) -> Summary {
    let org = ctx.org;
    let n = org.nodes();
    let before = &ctx.analysis.spans.summary;
    let after = &structure.spans_after;
    let t = &groups.totals;
    let people_cut = groups.cut.len() as u64;
    let payroll_before: f64 = (0..n).filter(|&i| org.is_person(i) && org.pay[i].is_finite()).map(|i| org.pay[i]).sum();
    let (b, mc, c) = (&money.breakdown, &money.monte_carlo, &money.compute);
    Summary {
        scenario: ctx.scenario.name.clone(),
        pay_suppressed: false,
        measure: ctx.scenario.measure.clone(),
        people_before: org.people() as u64,
        people_cut,
        people_after: structure.people_after,
        managers_removed: t.managers_removed,
        managers_demoted: groups.demoted.len() as u64,
        payroll_before: Some(payroll_before),
        payroll_freed: Some(t.payroll_freed),
        payroll_freed_share: (payroll_before > 0.0).then(|| t.payroll_freed / payroll_before),
        people_cut_without_pay: t.without_pay,
        work_removed_fte: people_cut as f64,
        ai_doable_fte: t.ai_fte,
        ai_doable_fte_low: t.ai_fte_low,
        ai_doable_fte_high: t.ai_fte_high,
        human_only_fte: t.human_fte,
        people_cut_uncoded: t.uncoded,
        ai_adopters: groups.groups.iter().map(|g| g.adopters as u64).sum(),
        gross_saving: b.gross_saving,
        net_saving: mc.net_saving,
        net_saving_recurring: mc.net_saving_recurring,
        loss_probability: mc.loss_probability,
        h100_equivalent: c.h100_equivalent,
        gpu_hours_per_year: c.gpu_hours_per_year,
        gigawatts: c.gigawatts,
        share_of_capex: c.share_of_capex,
        share_of_capex_growth: c.share_of_capex_growth,
        layers_before: before.layers,
        layers_after: after.layers,
        median_span_before: before.median_span,
        median_span_after: after.median_span,
        managers_off_target_before: before.managers_below_target + before.managers_above_target,
        managers_off_target_after: after.managers_below_target + after.managers_above_target,
        teams_overloaded: load.summary.teams_overloaded,
    }
}

/// The warnings of the outcomes (after those of the actions).
pub(crate) fn warnings(t: &CutTotals) -> Vec<String> {
    let mut w = Vec::new();
    if t.without_pay > 0 {
        w.push(format!("{} of the people cut have no pay in the file: their pay is not in payroll freed", t.without_pay));
    }
    if t.adopters_unpriced > 0 {
        w.push(format!("{} AI adopters have neither pay nor a coded occupation: their workslop is not priced", t.adopters_unpriced));
    }
    if t.uncoded > 0 {
        w.push(format!("{} of the people cut have job titles the coder could not code: their work counts as human-only", t.uncoded));
    }
    w
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::actions;
    use crate::engine::test_org::{analysis, plan};

    /// Run the actions of `body` and hand the context to `check`.
    fn with_context(body: &str, check: impl FnOnce(&Context)) {
        let a = analysis();
        let s = plan(body);
        let people = People::new(&a.org, &a.coding, &s.measure).unwrap();
        let ap = actions::apply(&people, &s).unwrap();
        let ctx = Context { analysis: &a, org: &a.org, coding: &a.coding, scenario: &s, people: &people, st: &ap.st, a: &s.assumptions };
        check(&ctx);
    }

    const CUT_ENG_MANAGERS: &str = "[[action]]\ntype = \"cut\"\nselect = { ids = [\"2\", \"4\"] }\nall = true\n";

    #[test]
    fn receivers_are_the_nearest_surviving_manager() {
        with_context(CUT_ENG_MANAGERS, |ctx| {
            let load = receivers_and_load(ctx);
            let i = |id: &str| ctx.org.find(id).unwrap();
            assert_eq!(load.receiver[i("2")], i("1") as u32);
            assert_eq!(load.receiver[i("4")], i("1") as u32);
            assert_eq!(load.summary.teams_receiving_work, 1);
            // The CEO's team now: the CEO, the ops manager and the five engineers.
            assert_eq!(load.teams[0].team_size, 7);
            assert_eq!(load.teams[0].people_lost_into_team, 2);
            let survivors: u64 = load.summary.distribution.iter().map(|(_, n)| n).sum();
            assert_eq!(survivors, 9);
        });
    }

    #[test]
    fn economics_sums_the_people_cut_by_department() {
        with_context(CUT_ENG_MANAGERS, |ctx| {
            let load = receivers_and_load(ctx);
            let g = economics_by_group(ctx, &load);
            assert_eq!(g.cut.len(), 2);
            assert_eq!(g.totals.payroll_freed, 380_000.0);
            assert_eq!(g.totals.managers_removed, 2);
            let eng = g.groups.iter().find(|x| x.group == "Engineering").unwrap();
            assert_eq!((eng.people_cut, eng.payroll_cut), (2.0, 380_000.0));
            assert!(g.cut.iter().all(|c| c.work_goes_to == "1"));
        });
    }

    #[test]
    fn money_prices_the_groups() {
        with_context(CUT_ENG_MANAGERS, |ctx| {
            let load = receivers_and_load(ctx);
            let g = economics_by_group(ctx, &load);
            let m = money(ctx, &g, &RunOptions { draws: 100, seed: Some(3) });
            assert_eq!(m.breakdown.payroll_freed, Some(380_000.0));
            assert_eq!(m.compute.payroll_freed, Some(380_000.0));
            assert_eq!(m.monte_carlo.draws, 100);
            let q = m.monte_carlo.net_saving.unwrap();
            assert!(q.p10 <= q.p50 && q.p50 <= q.p90);
        });
    }

    #[test]
    fn structure_after_compares_with_the_analysis() {
        with_context(CUT_ENG_MANAGERS, |ctx| {
            let s = structure_after(ctx);
            assert_eq!(s.people_after, 9);
            let eng = s.departments.iter().find(|d| d.group == "Engineering").unwrap();
            assert_eq!((eng.people_before, eng.people_after, eng.people_cut), (7, 5, 2));
            assert_eq!((eng.managers_before, eng.managers_after), (2, 0));
            assert_eq!(s.spans_after.layers, 3);
        });
    }

    #[test]
    fn summary_and_warnings() {
        with_context(CUT_ENG_MANAGERS, |ctx| {
            let load = receivers_and_load(ctx);
            let g = economics_by_group(ctx, &load);
            let m = money(ctx, &g, &RunOptions { draws: 50, seed: Some(1) });
            let st = structure_after(ctx);
            let s = summary(ctx, &g, &m, &st, &load);
            assert_eq!((s.people_before, s.people_cut, s.people_after), (11, 2, 9));
            assert_eq!(s.payroll_freed, Some(380_000.0));
            assert_eq!(s.work_removed_fte, 2.0);
            assert!((s.ai_doable_fte + s.human_only_fte - 2.0).abs() < 1e-9);
            assert!(warnings(&g.totals).is_empty());
            let t = CutTotals { without_pay: 1, uncoded: 2, ..Default::default() };
            assert_eq!(warnings(&t).len(), 2);
        });
    }
}
