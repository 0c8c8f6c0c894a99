//! `culprit report ...` (a self-contained HTML report, and its JSON, for any analysis) and
//! `culprit demo` (the seed case end to end: Amazon, October 2025).

use crate::catalog_cmd::open_catalog;
use crate::company_cmd::{build_card, ReportArgs, ReportFormat};
use crate::org_cmd::{run_analysis, InputArgs};
use crate::output::{shown, shown_q, thousands};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use culprit_data::lookup::{self, Found, OccupationView};
use culprit_data::national::national_summary;
use culprit_org::synth::{generate, SynthOptions};
use culprit_report::report::{self, Report};
use culprit_scenario::{parse_file, spec::parse_str, RunOptions, ScenarioResult};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Report on an organisation (HR export).
    Org {
        file: PathBuf,
        #[command(flatten)]
        common: OutArgs,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Report on one or more scenarios applied to an organisation (several plans are compared).
    Scenario {
        org: PathBuf,
        #[arg(required = true, num_args = 1..)]
        scenarios: Vec<PathBuf>,
        #[arg(long, default_value_t = 10_000)]
        draws: usize,
        #[arg(long)]
        seed: Option<u64>,
        #[command(flatten)]
        common: OutArgs,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Report on a company's evidence scorecard.
    Company {
        profile: PathBuf,
        #[arg(long)]
        event: Option<chrono::NaiveDate>,
        #[command(flatten)]
        common: OutArgs,
    },
    /// The whole market: the monthly exposure index of the WARN register against employment, with
    /// the before/after test around 2022-11, bands, sectors, companies and what was set apart.
    Market {
        #[command(flatten)]
        source: crate::market_cmd::SourceArgs,
        #[command(flatten)]
        window: crate::market_cmd::WindowArgs,
        #[command(flatten)]
        common: OutArgs,
    },
    /// Report on one occupation (SOC code or words).
    Occupation {
        query: Vec<String>,
        #[command(flatten)]
        common: OutArgs,
    },
}

#[derive(Args, Debug, Clone)]
pub struct OutArgs {
    /// The HTML file to write.
    #[arg(long, default_value = "report.html")]
    pub out: PathBuf,
    /// Also write the same content as JSON here.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

fn write_report(r: &Report, out: &OutArgs) -> Result<()> {
    std::fs::write(&out.out, report::render_html(r)).with_context(|| format!("writing {}", out.out.display()))?;
    if let Some(j) = &out.json {
        std::fs::write(j, r.to_json()).with_context(|| format!("writing {}", j.display()))?;
    }
    println!("wrote {}{}", out.out.display(), out.json.as_ref().map(|j| format!(" and {}", j.display())).unwrap_or_default());
    Ok(())
}

fn add_assumptions(rep: &mut Report, r: &ScenarioResult) {
    if rep.assumptions.is_empty() {
        rep.assumptions = r
            .assumptions
            .iter()
            .map(|a| {
                let range = a.spread.map(|(lo, hi)| format!(" (Monte Carlo range {lo}-{hi})")).unwrap_or_default();
                let note = a.range_note.as_ref().map(|n| format!(". At the end of its range: {n}")).unwrap_or_default();
                (a.key.clone(), format!("{}{}", a.value, if a.overridden { " (set)" } else { "" }), a.unit.clone(), format!("{}{range}{note}", a.source))
            })
            .collect();
    }
}

pub fn run_report(cmd: ReportCommand) -> Result<()> {
    match cmd {
        ReportCommand::Org { file, common, input } => {
            let a = run_analysis(&file, &input, None)?;
            let mut r = Report::new(format!("Organisation: {}", file.display()), "Layers, spans, payroll and AI exposure");
            let sec = report::org_section(&a);
            r.summary = sec.findings.clone();
            r.sections.push(sec);
            write_report(&r, &common)
        }
        ReportCommand::Scenario { org, scenarios, draws, seed, common, input } => {
            let plans = scenarios.iter().map(|p| parse_file(p).map_err(anyhow::Error::from)).collect::<Result<Vec<_>>>()?;
            let a = run_analysis(&org, &input, None)?;
            let opts = RunOptions { draws, seed };
            let results: Vec<ScenarioResult> = plans.iter().map(|p| culprit_scenario::run(&a, p, &opts)).collect::<Result<_, _>>()?;
            let mut r = Report::new(format!("Restructuring scenarios on {}", org.display()), "Who leaves, what is saved, what lands on the people who stay");
            r.sections.push(report::org_section(&a));
            if results.len() > 1 {
                r.sections.push(report::compare_section(&results.iter().collect::<Vec<_>>()));
            }
            for res in &results {
                let sec = report::scenario_section(res);
                r.summary.extend(sec.findings.iter().take(3).map(|f| format!("{}: {f}", res.summary.scenario)));
                r.sections.push(sec);
                add_assumptions(&mut r, res);
            }
            write_report(&r, &common)
        }
        ReportCommand::Company { profile, event, common } => {
            let card = build_card(&report_args(profile, event))?.scorecard;
            let mut r = Report::new(format!("{}: why did it cut?", card.company.name), "Evidence for the three explanations: over-hiring, funding AI capex, AI substitution");
            let secs = report::company_sections(&card);
            r.summary = secs.iter().flat_map(|s| s.findings.iter().take(1).cloned()).collect();
            r.sections.extend(secs);
            let cat = open_catalog()?;
            r.sections.push(report::theory_vs_use_section(&cat, &national_summary(&cat), &cut_socs(&card), "the roles cut"));
            r.assumptions = card.assumptions.iter().map(|a| (a.key.clone(), a.value.to_string(), a.unit.clone(), a.source.clone())).collect();
            write_report(&r, &common)
        }
        ReportCommand::Market { source, window, common } => {
            let (_, b) = crate::market_cmd::build(&source, &window)?;
            let mut r = Report::new("The whole market: are AI-exposed jobs being cut more than others?", format!("WARN notices {}..{} against employment, by {}; measure {}", b.from, b.to, if b.by == culprit_evidence::market::barometer::Granularity::Month { "month" } else { "quarter" }, b.measure));
            r.summary = culprit_report::market::market_summary(&b);
            r.sections.extend(culprit_report::market::market_sections(&b));
            r.assumptions = b.assumptions.iter().map(|a| (a.key.clone(), a.value.clone(), String::new(), a.source.clone())).collect();
            r.add_source("WARN notices", "WARN Notice Register (github.com/bchaps1999/warn-notice-register, Apache-2.0; notices are state records), 45 states and DC, California missing");
            r.add_source("Layoff tracker", "layoffs.fyi export (U.S. events)");
            write_report(&r, &common)
        }
        ReportCommand::Occupation { query, common } => {
            let cat = open_catalog()?;
            let q = query.join(" ");
            let (soc, onet) = match lookup::find(&cat, &q) {
                Found::One { soc, onet } => (soc, onet),
                Found::Several(c) => (c[0].0, None),
                Found::None => bail!("no occupation matches `{q}`"),
            };
            let v = OccupationView::new(&cat, soc, onet);
            let mut r = Report::new(format!("{} {}", v.soc, v.title), "What could AI really do of this work?");
            let sec = report::occupation_section(&v);
            r.summary = sec.findings.clone();
            r.sections.push(sec);
            r.sections.push(report::theory_vs_use_section(&cat, &national_summary(&cat), std::slice::from_ref(&v.soc), "this occupation"));
            write_report(&r, &common)
        }
    }
}

/// SOC codes of the roles cut, from the scorecard's roles table.
fn cut_socs(card: &culprit_evidence::scorecard::Scorecard) -> Vec<String> {
    use culprit_evidence::scorecard::Cell;
    card.tables
        .iter()
        .filter(|t| t.id == "roles_cut")
        .flat_map(|t| t.rows.iter())
        .filter_map(|r| match r.get(2) {
            Some(Cell::Text(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn report_args(profile: PathBuf, event: Option<chrono::NaiveDate>) -> ReportArgs {
    ReportArgs {
        profile: Some(profile),
        company: None,
        naics: None,
        event,
        format: ReportFormat::Table,
        xbrl: Vec::new(),
        roles: None,
        org: None,
        oews: None,
        exposure_titles: None,
        exposure_socs: None,
        set: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// The demo

/// Amazon's corporate staff in October 2025 (about 350,000; REFERENCE_FACTS.md, V).
const AMAZON_CORPORATE: usize = 350_000;
const AMAZON: &str = include_str!("../../../examples/amazon.toml");
const PLAN_14K: &str = include_str!("../../../examples/scenario-amazon-oct-2025.toml");
const PLAN_30K: &str = include_str!("../../../examples/scenario-amazon-30k.toml");

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// People in the synthetic Amazon-shaped corporate organisation.
    #[arg(long, default_value_t = 350_000)]
    pub people: usize,
    #[arg(long, default_value_t = 2025)]
    pub seed: u64,
    /// Monte Carlo draws per scenario.
    #[arg(long, default_value_t = 10_000)]
    pub draws: usize,
    /// The HTML report to write.
    #[arg(long, default_value = "report.html")]
    pub out: PathBuf,
    /// Also write the report's content as JSON.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

fn step(msg: &str, t: &Instant) {
    eprintln!("[{:>5.1}s] {msg}", t.elapsed().as_secs_f64());
}

pub fn run_demo(a: DemoArgs) -> Result<()> {
    let t = Instant::now();
    let cat = open_catalog()?;
    step("catalog ready", &t);
    let dir = tempdir()?;
    let org_path = dir.join("amazon-corporate-synthetic.csv");
    // One pay model: the synthetic organisation is paid by level from the profile's pay, as the
    // scorecard prices the cut.
    let amazon = culprit_evidence::profile::CompanyProfile::from_toml(AMAZON, "examples/amazon.toml")?;
    let pay = crate::org_cmd::company_pay(&amazon.profile, "examples/amazon.toml", None)?;
    generate(&SynthOptions { people: a.people, seed: a.seed, corporate_only: true, pay: Some(pay) })?.write(&org_path)?;
    step(&format!("synthetic corporate organisation of {} people", thousands(a.people as f64, 0)), &t);
    let input = InputArgs::for_demo();
    let analysis = run_analysis(&org_path, &input, None)?;
    step("organisation imported, validated, coded, layered", &t);
    let mut plans = [
        parse_str(PLAN_14K, Path::new("examples/scenario-amazon-oct-2025.toml"))?,
        parse_str(PLAN_30K, Path::new("examples/scenario-amazon-30k.toml"))?,
    ];
    // The plans count people for a 350,000-person corporate staff; a smaller or larger demo
    // organisation scales the counts in proportion (and says so).
    if a.people != AMAZON_CORPORATE {
        let f = a.people as f64 / AMAZON_CORPORATE as f64;
        for p in plans.iter_mut() {
            for act in p.actions.iter_mut() {
                if let culprit_scenario::spec::Action::Cut { amount: culprit_scenario::spec::Amount::Count(c), .. } = act {
                    *c = (*c as f64 * f).round() as u64;
                }
            }
        }
        eprintln!("note: the plans' head counts are scaled by {f:.4} to the {}-person demo organisation", a.people);
    }
    let opts = RunOptions { draws: a.draws, seed: None };
    let results: Vec<ScenarioResult> = plans.iter().map(|p| culprit_scenario::run(&analysis, p, &opts)).collect::<Result<_, _>>()?;
    step("two scenarios run", &t);
    let profile_path = dir.join("amazon.toml");
    std::fs::write(&profile_path, AMAZON)?;
    let card = build_card(&report_args(profile_path, None))?.scorecard;
    step("company scorecard built", &t);
    let national = national_summary(&cat);

    // The headline answers, in the terminal.
    println!("culprit demo: is AI the real culprit of Amazon's October 2025 layoffs, or the scapegoat?\n");
    for sec in &card.sections {
        println!("{}\n  {}\n", sec.title.to_uppercase(), sec.finding);
    }
    println!("VERDICT\n  {}", card.verdict.summary);
    for l in &card.verdict.lines {
        println!("  - {}: {} ({})", culprit_evidence::scorecard::explanation_name(l.explanation), l.strength.label(), l.reason);
    }
    println!();
    for c in &card.claims {
        println!("Claim \"{}\": {:?}. {}", c.text, c.status, c.sentence);
    }
    println!();
    for r in &results {
        let s = &r.summary;
        println!(
            "Scenario \"{}\" on a synthetic {}-person corporate organisation:\n  {} people leave, {} of payroll freed a year = {} H100s ({:.1}% of 2025 capex, {:.1}% of its growth).\n  {} of the {} FTE removed is AI-doable ({}); {} teams of survivors gain more than +15% work per person.\n  Net saving, first year: p10 {}, p50 {}, p90 {} (loses money in {:.0}% of draws).\n",
            s.scenario,
            thousands(s.people_before as f64, 0),
            thousands(s.people_cut as f64, 0),
            usd(shown(s.payroll_freed)),
            thousands(shown(s.h100_equivalent), 0),
            s.share_of_capex.unwrap_or(f64::NAN) * 100.0,
            s.share_of_capex_growth.unwrap_or(f64::NAN) * 100.0,
            thousands(s.ai_doable_fte, 0),
            thousands(s.work_removed_fte, 0),
            s.measure,
            thousands(s.teams_overloaded as f64, 0),
            usd(shown_q(s.net_saving).p10),
            usd(shown_q(s.net_saving).p50),
            usd(shown_q(s.net_saving).p90),
            shown(s.loss_probability) * 100.0
        );
    }

    // The same cut priced twice: say whether the two figures agree, and why not.
    let pricing = one_cut_two_prices(&card, &results[0]);
    if let Some(line) = &pricing {
        println!("{line}\n");
    }

    let mut rep = Report::new(
        "Amazon, October 2025: AI culprit or scapegoat?",
        format!(
            "The company's public record, a synthetic {}-person corporate organisation shaped like Amazon's, and two plans: the 14,000 cut of 28 Oct 2025 and the 30,000 in all",
            thousands(a.people as f64, 0)
        ),
    );
    let company = report::company_sections(&card);
    rep.summary.extend(company.iter().filter(|s| s.id != "claims").flat_map(|s| s.findings.iter().take(1).cloned()));
    for r in &results {
        rep.summary.push(format!(
            "{}: {} people leave; net saving p50 {} in the first year; {} of survivors' teams overloaded.",
            r.summary.scenario,
            thousands(r.summary.people_cut as f64, 0),
            usd(shown_q(r.summary.net_saving).p50),
            thousands(r.summary.teams_overloaded as f64, 0)
        ));
    }
    if let Some(line) = pricing {
        rep.summary.push(line);
    }
    rep.sections.extend(company);
    rep.sections.push(report::compare_section(&results.iter().collect::<Vec<_>>()));
    for r in &results {
        rep.sections.push(report::scenario_section(r));
        add_assumptions(&mut rep, r);
    }
    rep.sections.push(report::org_section(&analysis));
    rep.sections.push(report::national_section(&national));
    rep.sections.push(report::theory_vs_use_section(&cat, &national, &cut_socs(&card), "the roles cut"));
    rep.add_source("Amazon company profile", "examples/amazon.toml: every figure with its source (10-K, XBRL, press, REFERENCE_FACTS.md)");
    rep.add_source("Synthetic organisation", &format!("culprit synth org --people {} --seed {} --corporate-only --company examples/amazon.toml (not Amazon's real org chart; pay by level from the profile)", a.people, a.seed));
    std::fs::write(&a.out, report::render_html(&rep)).with_context(|| format!("writing {}", a.out.display()))?;
    if let Some(j) = &a.json {
        std::fs::write(j, rep.to_json())?;
    }
    std::fs::remove_dir_all(&dir).ok();
    step(&format!("wrote {}", a.out.display()), &t);
    println!("Report: {} (self-contained; open it in any browser, offline).", a.out.display());
    Ok(())
}

fn usd(x: f64) -> String {
    crate::output::usd(x, 0)
}

/// The scorecard's payroll freed and the scenario's, per person cut, with why they differ: both
/// use the profile's pay by level; the scorecard weighs the levels as the profile says (equal
/// weights when no level mix of the people cut is known), the scenario pays each person chosen
/// by the plan the pay of their level.
fn one_cut_two_prices(card: &culprit_evidence::scorecard::Scorecard, r: &ScenarioResult) -> Option<String> {
    let ind = card.sections.iter().flat_map(|s| &s.indicators).find(|i| i.id == "payroll_freed")?;
    let card_total = ind.value?;
    let card_each = card_total / card.event.count as f64;
    let s = &r.summary;
    let scen_total = s.payroll_freed?;
    if s.people_cut == 0 {
        return None;
    }
    let scen_each = scen_total / s.people_cut as f64;
    let gap = scen_each / card_each - 1.0;
    let why = if gap.abs() < 0.05 {
        "they agree within 5%".to_string()
    } else {
        format!(
            "they differ by {:+.0}% per person because the scorecard weighs the pay levels as the profile says ({}), while the scenario pays each person the plan picks the pay of their own level (levels the profile lacks scaled from the nearest one); a level mix of the people cut in the profile would close the gap",
            gap * 100.0,
            ind.method.split("; ").last().unwrap_or("")
        )
    };
    Some(format!(
        "One cut, one pay model (the profile's pay by level): the scorecard prices the {} people cut at {} a year ({} each); the scenario \"{}\" prices its {} people at {} ({} each): {why}.",
        thousands(card.event.count as f64, 0),
        usd(card_total),
        usd(card_each),
        s.scenario,
        thousands(s.people_cut as f64, 0),
        usd(scen_total),
        usd(scen_each)
    ))
}

fn tempdir() -> Result<PathBuf> {
    let d = std::env::temp_dir().join(format!("culprit-demo-{}", std::process::id()));
    std::fs::create_dir_all(&d).with_context(|| format!("creating {}", d.display()))?;
    Ok(d)
}
