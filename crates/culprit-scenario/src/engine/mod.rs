//! Applying a plan to an analysed organisation, in phases: the actions ([`actions`]: cuts,
//! delayering and AI adoption, in order), then the outcomes ([`outcomes`]: receivers and load,
//! economics by group, money, structure after, summary), then the privacy rule
//! ([`crate::privacy`]). One entry point, [`run`]; the organisation before the plan is the
//! analysis's (its spans, roll-ups, archetypes and privacy rule), so the two cannot disagree.

mod actions;
mod outcomes;

pub use crate::result::*;

use crate::economics::GroupEconomics;
use crate::select::People;
use crate::spec::Scenario;
use culprit_org::privacy::Privacy;
use culprit_org::Analysis;
use std::time::Instant;

/// How to run a plan. The archetypes and the privacy threshold are the analysis's.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Monte Carlo draws.
    pub draws: usize,
    /// Seed of the Monte Carlo (default: the plan's `seed`).
    pub seed: Option<u64>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { draws: 10_000, seed: None }
    }
}

/// Apply a plan to an analysed organisation. Deterministic for a seed.
pub fn run(analysis: &Analysis, scenario: &Scenario, opts: &RunOptions) -> Result<ScenarioResult, ScenarioError> {
    let t0 = Instant::now();
    let people = People::new(&analysis.org, &analysis.coding, &scenario.measure).map_err(|m| actions::err(scenario, 1, m))?;
    let applied = actions::apply(&people, scenario)?;
    let mut timings = vec![("actions".to_string(), t0.elapsed().as_secs_f64())];
    let mut lap = Instant::now();
    let mut mark = |name: &str| {
        timings.push((name.to_string(), lap.elapsed().as_secs_f64()));
        lap = Instant::now();
    };
    let ctx = outcomes::Context {
        analysis,
        org: &analysis.org,
        coding: &analysis.coding,
        scenario,
        people: &people,
        st: &applied.st,
        a: &scenario.assumptions,
    };
    let load = outcomes::receivers_and_load(&ctx);
    let groups = outcomes::economics_by_group(&ctx, &load);
    mark("work, load and groups");
    let money = outcomes::money(&ctx, &groups, opts);
    mark("monte carlo");
    let structure = outcomes::structure_after(&ctx);
    mark("structure and roll-ups before and after");
    let summary = outcomes::summary(&ctx, &groups, &money, &structure, &load);
    let mut warnings = applied.warnings;
    warnings.extend(outcomes::warnings(&groups.totals));
    let privacy: Privacy = ctx.privacy();
    let assumptions = scenario.assumptions.used();
    let mut result = ScenarioResult {
        summary,
        actions: applied.reports,
        warnings,
        breakdown: money.breakdown,
        monte_carlo: money.monte_carlo,
        compute: money.compute,
        spans_before: analysis.spans.summary.clone(),
        spans_after: structure.spans_after,
        departments: structure.departments,
        layers: structure.layers,
        levels: structure.levels,
        load: load.summary,
        teams: load.teams,
        economics_by_department: groups.groups.iter().map(GroupEconomics::from).collect(),
        assumptions,
        caveat: CAVEAT,
        timings,
        cut: groups.cut,
        demoted: groups.demoted,
    };
    crate::privacy::apply(&mut result, &privacy);
    Ok(result)
}


#[cfg(test)]
pub(crate) mod test_org {
    //! A small hand-made organisation for the phase tests.
    use culprit_org::coder::KeywordCoder;
    use culprit_org::import::no_progress;
    use culprit_org::{analyze, Analysis, AnalyzeOptions};

    /// CEO (1) -> Eng manager (2) with 3 engineers, Ops manager (3) with 2 associates, Eng
    /// manager (4) with 2 engineers.
    pub const ORG: &str = include_str!("../../tests/fixtures/small_org.csv");

    pub fn analysis() -> Analysis {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("org.csv");
        std::fs::write(&p, ORG).unwrap();
        let opts = AnalyzeOptions { privacy: culprit_org::privacy::Privacy { min_group: 1 }, ..Default::default() };
        analyze(&p, &opts, &KeywordCoder::sample(), &no_progress).unwrap()
    }

    pub fn plan(body: &str) -> crate::Scenario {
        crate::spec::parse_str(body, std::path::Path::new("plan.toml")).unwrap()
    }
}
