//! `culprit scenario run | compare | explain`.

use crate::org_cmd::{run_analysis, InputArgs};
use crate::output::{pct, print_json, print_table, shown, shown_q, thousands, Format, Table};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use culprit_data::assumptions::{Assumptions, Support};
use culprit_scenario::{engine::ScenarioResult, parse_file, RunOptions, Scenario};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub enum ScenarioCommand {
    /// Apply a plan to an organisation: who leaves, savings, work left to survivors, AI costs.
    Run(RunArgs),
    /// Several plans on the same organisation, side by side.
    Compare(CompareArgs),
    /// Every assumption: its default, range, unit and source.
    Explain {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// Options shared by `scenario run` and `scenario compare`.
#[derive(Args, Debug)]
pub struct DrawArgs {
    /// Monte Carlo draws.
    #[arg(long, default_value_t = 10_000)]
    pub draws: usize,
    /// Seed of the Monte Carlo (default: the plan's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override an assumption, KEY=VALUE (repeatable; after the plan's [assumptions]).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The HR export (CSV, XLSX or Parquet).
    pub org: PathBuf,
    /// The plan (TOML; see docs/scenario.md and examples/*scenario*.toml).
    pub scenario: PathBuf,
    /// Write the tables (cut.csv, demoted.csv, departments.csv, ...) and result.json here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub common: DrawArgs,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The HR export (CSV, XLSX or Parquet).
    pub org: PathBuf,
    /// Two or more plans.
    #[arg(required = true, num_args = 1..)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub common: DrawArgs,
}

pub fn run_scenario(cmd: ScenarioCommand) -> Result<()> {
    match cmd {
        ScenarioCommand::Explain { format } => explain(format),
        ScenarioCommand::Run(a) => run_one(a),
        ScenarioCommand::Compare(a) => compare(a),
    }
}

fn load_plan(path: &Path, set: &[String]) -> Result<Scenario> {
    let mut s = parse_file(path)?;
    for kv in set {
        let Some((k, v)) = kv.split_once('=') else { bail!("--set {kv}: write KEY=VALUE, e.g. --set pilot_success_probability=0.5") };
        let v: f64 = v.trim().parse().with_context(|| format!("--set {kv}: `{v}` is not a number"))?;
        s.assumptions.set(k.trim(), v).with_context(|| format!("--set {kv}"))?;
    }
    Ok(s)
}

fn run_opts(draws: usize, seed: Option<u64>) -> Result<RunOptions> {
    if draws == 0 {
        bail!("--draws must be at least 1");
    }
    Ok(RunOptions { draws, seed })
}

fn run_one(run_args: RunArgs) -> Result<()> {
    let RunArgs { org, scenario, out, common: a } = run_args;
    // Read the plan first: a plan with errors should fail before a long import.
    let plan = load_plan(&scenario, &a.set)?;
    let analysis = run_analysis(&org, &a.input, out.as_deref())?;
    crate::org_cmd::print_import_mapping(&analysis, Format::Json);
    let opts = run_opts(a.draws, a.seed)?;
    let t = Instant::now();
    let r = culprit_scenario::run(&analysis, &plan, &opts)?;
    let took = t.elapsed();
    if let Some(dir) = &out {
        culprit_scenario::write_outputs(&r, dir)?;
    }
    match a.format {
        Format::Json => print_json(&r)?,
        _ => print_result(&r, &plan, &analysis.summary.spans.people, took.as_secs_f64(), out.as_deref()),
    }
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

fn usd(x: f64) -> String {
    crate::output::usd(x, 1)
}

fn print_result(r: &ScenarioResult, plan: &Scenario, people: &u64, secs: f64, out: Option<&Path>) {
    let s = &r.summary;
    println!("Scenario: {} ({})", s.scenario, plan.file.display());
    if !plan.description.is_empty() {
        println!("  {}", plan.description);
    }
    println!(
        "Organisation: {} people, {} layers, median span {:.1}, payroll {}",
        thousands(*people as f64, 0),
        s.layers_before,
        s.median_span_before,
        usd(shown(s.payroll_before))
    );
    println!("Actions:");
    for act in &r.actions {
        println!("  line {:>3}  {:<9} {}", act.line, act.action, act.description);
    }
    println!();
    println!(
        "Who leaves      {} people ({} of them managers); {} managers become individual contributors",
        thousands(s.people_cut as f64, 0),
        thousands(s.managers_removed as f64, 0),
        thousands(s.managers_demoted as f64, 0)
    );
    println!("Payroll freed   {} a year ({} of payroll)", usd(shown(s.payroll_freed)), pct(shown(s.payroll_freed_share), 2));
    println!(
        "Work removed    {} FTE: AI-doable {} FTE under {} ({} to {} across the six measures), human-only {} FTE",
        thousands(s.work_removed_fte, 0),
        thousands(s.ai_doable_fte, 0),
        s.measure,
        thousands(s.ai_doable_fte_low, 0),
        thousands(s.ai_doable_fte_high, 0),
        thousands(s.human_only_fte, 0)
    );
    let l = &r.load;
    println!(
        "Survivors' load {} teams receive work; {} of them (with {} people) gain more than +{:.0}% per person; mean +{:.1}%, max +{:.0}%",
        thousands(l.teams_receiving_work as f64, 0),
        thousands(l.teams_overloaded as f64, 0),
        thousands(l.survivors_in_overloaded_teams as f64, 0),
        l.threshold * 100.0,
        l.mean_added_load_receiving * 100.0,
        l.max_added_load * 100.0
    );
    println!(
        "Structure       layers {} -> {}; median span {:.1} -> {:.1}; managers off their archetype target {} -> {}",
        s.layers_before,
        s.layers_after,
        s.median_span_before,
        s.median_span_after,
        thousands(s.managers_off_target_before as f64, 0),
        thousands(s.managers_off_target_after as f64, 0)
    );
    let b = &r.breakdown;
    println!();
    let mut t = Table::new(["money", "amount", "how"]).numeric([1]);
    t.push(["gross saving (per year)".to_string(), usd(shown(b.gross_saving)), format!("payroll freed x loaded cost factor {:.2}", b.loaded_cost_factor)]);
    t.push(["severance (one-off)".to_string(), format!("-{}", usd(shown(b.severance))), "max(minimum weeks, weeks per year x tenure) of pay".to_string()]);
    t.push(["rehires (per year)".to_string(), format!("-{}", usd(shown(b.rehire_cost))), "rehire rate x gross saving, plus hiring cost".to_string()]);
    t.push([
        "workslop (per year)".to_string(),
        format!("-{}", usd(shown(b.workslop_cost))),
        format!("{} AI users x prevalence x incidents x hours x loaded pay (published $186/month rate: {})", thousands(s.ai_adopters as f64, 0), usd(shown(b.workslop_cost_published_rate))),
    ]);
    t.push(["failed AI pilots (per year)".to_string(), format!("-{}", usd(shown(b.failed_pilot_cost))), "(1 - success probability) x AI-doable work backfilled".to_string()]);
    t.push(["net saving, first year (point)".to_string(), usd(shown(b.net_saving_first_year)), "at the assumptions' values".to_string()]);
    println!("{}", t.to_terminal());
    let mc = &r.monte_carlo;
    println!(
        "Net saving, first year ({} draws, seed {}): p10 {}  p50 {}  p90 {}; loses money in {} of draws. Later years: p50 {}",
        thousands(mc.draws as f64, 0),
        mc.seed,
        usd(shown_q(mc.net_saving).p10),
        usd(shown_q(mc.net_saving).p50),
        usd(shown_q(mc.net_saving).p90),
        pct(shown(mc.loss_probability), 1),
        usd(shown_q(mc.net_saving_recurring).p50)
    );
    let c = &r.compute;
    println!(
        "In compute      {} buys {} H100s at {} each, or {} H100-hours a year at {} ({} GPUs rented all year), or {} of data centre at {} per GW",
        usd(shown(c.payroll_freed)),
        thousands(shown(c.h100_equivalent), 0),
        usd(c.h100_price_usd),
        thousands(shown(c.gpu_hours_per_year), 0),
        usd(c.gpu_hour_price_usd),
        thousands(shown(c.h100_rented_full_time), 0),
        if shown(c.gigawatts) >= 0.1 { format!("{:.2} GW", shown(c.gigawatts)) } else { format!("{:.1} MW", shown(c.gigawatts) * 1000.0) },
        usd(c.datacentre_cost_per_gw_usd)
    );
    if let (Some(share), Some(capex)) = (c.share_of_capex, c.capex_usd) {
        println!(
            "                {} of {} ({}){}",
            pct(share, 2),
            c.capex_label.clone().unwrap_or_else(|| "capex".into()),
            usd(capex),
            c.share_of_capex_growth.map(|g| format!("; {} of its growth ({})", pct(g, 2), usd(c.capex_growth_usd.unwrap_or(0.0)))).unwrap_or_default()
        );
    }
    println!();
    println!(
        "Assumptions (culprit scenario explain lists their sources): {}",
        r.assumptions
            .iter()
            .filter(|a| a.overridden || matches!(a.key.as_str(), "pilot_success_probability" | "workslop_prevalence" | "rehire_rate" | "loaded_cost_factor" | "h100_price_usd"))
            .map(|a| format!("{}={}{}", a.key, a.value, if a.overridden { " (set)" } else { "" }))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("{}", r.caveat);
    match out {
        Some(d) => println!("Tables written to {} (cut.csv lists exactly the people who leave). Scenario engine: {:.2} s.", d.display(), secs),
        None => println!("Scenario engine: {:.2} s. Use --out DIR for cut.csv and the tables.", secs),
    }
}

fn compare(c: CompareArgs) -> Result<()> {
    let CompareArgs { org, scenarios, common: a } = c;
    let plans: Vec<Scenario> = scenarios.iter().map(|p| load_plan(p, &a.set)).collect::<Result<_>>()?;
    let analysis = run_analysis(&org, &a.input, None)?;
    crate::org_cmd::print_import_mapping(&analysis, Format::Json);
    let opts = run_opts(a.draws, a.seed)?;
    let results: Vec<ScenarioResult> = plans.iter().map(|p| culprit_scenario::run(&analysis, p, &opts)).collect::<Result<_, _>>()?;
    if a.format == Format::Json {
        let v: Vec<_> = results.iter().map(|r| serde_json::json!({"scenario": r.summary.scenario, "summary": r.summary, "breakdown": r.breakdown, "compute": r.compute})).collect();
        return print_json(&v);
    }
    let mut headers = vec!["".to_string()];
    headers.extend(results.iter().map(|r| r.summary.scenario.clone()));
    let mut t = Table::new(headers).numeric(1..=results.len());
    let row = |t: &mut Table, name: &str, f: &dyn Fn(&ScenarioResult) -> String| {
        let mut v = vec![name.to_string()];
        v.extend(results.iter().map(f));
        t.push(v);
    };
    let raw = a.format == Format::Csv;
    let money = |x: f64| if raw { format!("{x:.0}") } else { usd(x) };
    let num = |x: f64| if raw { format!("{x:.2}") } else { thousands(x, 0) };
    row(&mut t, "people cut", &|r| num(r.summary.people_cut as f64));
    row(&mut t, "managers removed", &|r| num(r.summary.managers_removed as f64));
    row(&mut t, "payroll freed", &|r| money(shown(r.summary.payroll_freed)));
    row(&mut t, "AI-doable FTE removed", &|r| num(r.summary.ai_doable_fte));
    row(&mut t, "human-only FTE removed", &|r| num(r.summary.human_only_fte));
    row(&mut t, "teams over the load threshold", &|r| num(r.summary.teams_overloaded as f64));
    row(&mut t, "layers after", &|r| r.summary.layers_after.to_string());
    row(&mut t, "median span after", &|r| format!("{:.1}", r.summary.median_span_after));
    row(&mut t, "net saving p10", &|r| money(shown_q(r.summary.net_saving).p10));
    row(&mut t, "net saving p50", &|r| money(shown_q(r.summary.net_saving).p50));
    row(&mut t, "net saving p90", &|r| money(shown_q(r.summary.net_saving).p90));
    row(&mut t, "probability of a first-year loss", &|r| pct(shown(r.summary.loss_probability), 1));
    row(&mut t, "H100 equivalent", &|r| num(shown(r.summary.h100_equivalent)));
    row(&mut t, "share of capex", &|r| r.summary.share_of_capex.map(|x| pct(x, 2)).unwrap_or_else(|| "-".into()));
    print_table(&t, a.format)?;
    Ok(())
}

fn explain(format: Format) -> Result<()> {
    let a = Assumptions::default();
    if format == Format::Json {
        return print_json(&a.iter().collect::<Vec<_>>());
    }
    let mut t = Table::new(["assumption", "default", "unit", "Monte Carlo range", "support", "source"]).numeric([1]);
    for x in a.iter() {
        t.push([
            x.key.to_string(),
            format!("{}", x.value),
            x.unit.to_string(),
            x.spread.map(|(lo, hi)| format!("{lo} to {hi}")).unwrap_or_else(|| "-".into()),
            match x.support {
                Support::Verified => "verified source",
                Support::Secondary => "secondary source",
                Support::Derived => "derived from sources",
                Support::Convention => "culprit convention",
            }
            .to_string(),
            x.source.to_string(),
        ]);
    }
    print_table(&t, format)?;
    if format == Format::Table {
        for x in a.iter().filter(|x| x.at_range_end()) {
            println!("{}: the default is at an end of its Monte Carlo range: {}.", x.key, x.range_note.unwrap_or("no reason recorded"));
        }
        println!("Override any of them in a plan's [assumptions] table or with --set KEY=VALUE. Values outside their valid range are refused.");
    }
    Ok(())
}
