//! `cargo bench -p culprit-scenario`: the scenario engine on a synthetic organisation
//! (default 1.6 M people; `CULPRIT_BENCH_PEOPLE` to change), with a keyword coder so the bench
//! needs no mirror. Prints each stage's time and the Monte Carlo alone at 10,000 draws.

use culprit_org::coder::KeywordCoder;
use culprit_org::import::no_progress;
use culprit_org::synth::{generate, SynthOptions};
use culprit_org::{analyze, AnalyzeOptions};
use culprit_scenario::{economics, parse_file, run, RunOptions};
use std::time::Instant;

fn main() {
    let people: usize = std::env::var("CULPRIT_BENCH_PEOPLE").ok().and_then(|s| s.parse().ok()).unwrap_or(1_600_000);
    let dir = std::env::temp_dir().join(format!("culprit-scenario-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("org.csv");
    generate(&SynthOptions { people, seed: 7, corporate_only: false, pay: None }).unwrap().write(&csv).unwrap();
    let t = Instant::now();
    let analysis = analyze(&csv, &AnalyzeOptions::default(), &KeywordCoder::sample(), &no_progress).unwrap();
    println!("setup: {people} people imported, validated, coded and analysed in {:.2} s", t.elapsed().as_secs_f64());
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    for name in ["scenario-cut-managers.toml", "scenario-delayer-span8.toml"] {
        let plan = parse_file(&std::path::Path::new(examples).join(name)).unwrap();
        let opts = RunOptions { draws: 10_000, ..Default::default() };
        let t = Instant::now();
        let r = run(&analysis, &plan, &opts).unwrap();
        println!("{name}: {:.2} s in all ({} people cut, {} groups, {} draws)", t.elapsed().as_secs_f64(), r.summary.people_cut, r.economics_by_department.len(), r.monte_carlo.draws);
        for (stage, secs) in &r.timings {
            println!("  {stage:<42} {secs:>8.3} s");
        }
        // The groups as shown (a withheld figure counts as 0 here; the bench times the draws).
        let groups: Vec<economics::GroupAgg> = r
            .economics_by_department
            .iter()
            .map(|g| economics::GroupAgg {
                group: g.group.clone(),
                people_cut: g.people_cut,
                payroll_cut: g.payroll_cut.unwrap_or(0.0),
                ai_doable_fte_low: g.ai_doable_fte_low,
                ai_doable_fte_high: g.ai_doable_fte_high,
                ai_doable_fte: g.ai_doable_fte,
                severance: g.severance.unwrap_or(0.0),
                adopters: g.adopters,
                adopter_payroll: g.adopter_payroll.unwrap_or(0.0),
                relies_on_ai: g.relies_on_ai,
            })
            .collect();
        let t = Instant::now();
        let mc = economics::monte_carlo(&groups, &plan.assumptions, 10_000, 1);
        println!("  monte carlo alone, 10,000 draws             {:>8.3} s (p50 {:.0})", t.elapsed().as_secs_f64(), mc.net_saving.map_or(f64::NAN, |q| q.p50));
    }
    std::fs::remove_dir_all(&dir).ok();
}
