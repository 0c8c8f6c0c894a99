//! `culprit market barometer` and `culprit market companies`: the whole market, are AI-exposed
//! jobs being cut more than others, month by month? (crate culprit-evidence, module `market`).

use crate::output::{pct, print_json, print_table, thousands, Format, Table};
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use culprit_evidence::catalog_exposure::CatalogSocExposure;
use culprit_evidence::market::barometer::{barometer, Barometer, BarometerOptions, Granularity, MarketData};
use culprit_evidence::market::break_test::{BootstrapOptions, BreakTest};
use culprit_evidence::market::companies::{companies, CompanyFilter, CompanyRow};
use culprit_evidence::market::industry::level_name;
use culprit_evidence::market::load::{load, MarketFiles};
use culprit_evidence::market::Month;
use culprit_evidence::{mirror, warn};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub enum MarketCommand {
    /// Per month: WARN jobs, the AI exposure of their industries against employment's (the
    /// index), by exposure band, sector and state, the same for layoffs.fyi, and a break test
    /// before/after 2022-11 (ChatGPT) with a block-bootstrap interval.
    #[command(long_about = "Per month (or quarter), from the WARN register (every notice of 45 states and DC with \
NAICS and CIK/ticker): the jobs in the notices, the employment-weighted AI exposure of their industries' \
occupation mix (OEWS May 2025 x the exposure catalog), the same for employment as a whole, and the index = \
the first / the second (above 1: the jobs cut are in industries more exposed than employment). Each notice's \
NAICS code is matched at the most detailed OEWS level, falling back to its parents and sector; notices with \
no date, no jobs, no or an unknown NAICS, duplicates and superseded amendments are counted apart and listed. \
The COVID months of 2020 are flagged and left out of the break test.\n\n\
Industry exposure is not the exposure of the people cut, a notice is not a reason, and exposure is technical \
feasibility, not a probability of losing a job. Every rule: docs/market.md.\n\n\
Examples:\n  culprit market barometer\n  culprit market barometer --by quarter --measure gpt4_beta\n  \
culprit market barometer --state WA --sector 51 --format json\n  culprit market barometer --notices notices.csv")]
    Barometer(BarometerArgs),
    /// Every company with WARN jobs or layoffs.fyi events in a year: jobs by source (never added),
    /// industry, its exposure, and the command that shows its evidence.
    Companies(CompaniesArgs),
}

/// Where the data comes from (default: the data mirror).
#[derive(Args, Debug, Clone)]
pub struct SourceArgs {
    /// WARN files or folders (any state's layout); default: the mirror's register
    /// (warn/register_2026/states).
    #[arg(long)]
    pub warn: Vec<PathBuf>,
    /// layoffs.fyi export; default: the mirror's layoffs_fyi/layoffs.csv.
    #[arg(long)]
    pub layoffs: Option<PathBuf>,
    /// Leave layoffs.fyi out.
    #[arg(long)]
    pub no_layoffs: bool,
    /// OEWS database (.sqlite or .sqlite.gz); default: the mirror's bls_oews_2025/oews-2025.sqlite.gz.
    #[arg(long)]
    pub oews: Option<PathBuf>,
    /// Notices dated after this day are set apart as future dates; default: the register's
    /// snapshot date (2026-08-08) for the mirror's register, else today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Days before an amendment within which it supersedes earlier notices of the same company and site.
    #[arg(long, default_value_t = 90)]
    pub amendment_window: i64,
    /// Override a WARN column: --map FIELD=COLUMN (fields: `culprit inputs schema --kind warn`).
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Month,
    Quarter,
}

/// The window and the test (shared with `culprit report market`).
#[derive(Args, Debug, Clone)]
pub struct WindowArgs {
    /// First month.
    #[arg(long, default_value = "2020-01", value_name = "YYYY-MM")]
    pub from: Month,
    /// Last month; default: the last month of the register.
    #[arg(long, value_name = "YYYY-MM")]
    pub to: Option<Month>,
    #[arg(long, value_enum, default_value_t = By::Month)]
    pub by: By,
    /// Exposure measure (human_beta, gpt4_beta, human_alpha, ..., ms_ai_applicability); default: the headline.
    #[arg(long)]
    pub measure: Option<String>,
    /// Only these states (two-letter codes or names; repeatable or comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub state: Vec<String>,
    /// Only these NAICS sectors (54, 31-33, 44-45...; repeatable or comma-separated): the
    /// employment baseline becomes those sectors' employment.
    #[arg(long, value_delimiter = ',')]
    pub sector: Vec<String>,
    /// The break month of the before/after test (ChatGPT came out on 30 November 2022).
    #[arg(long = "break", default_value = "2022-11", value_name = "YYYY-MM")]
    pub break_month: Month,
    /// First COVID month (flagged, left out of the break test).
    #[arg(long, default_value = "2020-03", value_name = "YYYY-MM")]
    pub covid_from: Month,
    /// Last COVID month.
    #[arg(long, default_value = "2020-12", value_name = "YYYY-MM")]
    pub covid_to: Month,
    /// Block length of the bootstrap, in months.
    #[arg(long, default_value_t = 6)]
    pub block_months: usize,
    /// Bootstrap draws.
    #[arg(long, default_value_t = 2000)]
    pub reps: usize,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 2025)]
    pub seed: u64,
    /// Rows of the sector, state and company tables.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
}

impl WindowArgs {
    pub fn options(&self) -> BarometerOptions {
        BarometerOptions {
            from: self.from,
            to: self.to,
            by: match self.by {
                By::Month => Granularity::Month,
                By::Quarter => Granularity::Quarter,
            },
            measure: self.measure.clone(),
            states: self.state.clone(),
            sectors: self.sector.clone(),
            break_month: self.break_month,
            covid_from: self.covid_from,
            covid_to: self.covid_to,
            bootstrap: BootstrapOptions { block_months: self.block_months.max(1), reps: self.reps, seed: self.seed },
            top: self.top,
            ..Default::default()
        }
    }
}

#[derive(Args, Debug)]
pub struct BarometerArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    /// Engine of the monthly sums: rust, or datafusion (the join of notices to industry exposures
    /// and the monthly aggregation as SQL on an embedded DataFusion context over the notices written
    /// as Parquet; the result is checked against the Rust path and the command fails if they differ).
    #[arg(long, value_enum, default_value_t = MarketEngine::Rust)]
    pub engine: MarketEngine,
    /// Write every WARN notice with its status (matched: industry, level, exposure; or the reason
    /// it was set apart) to this CSV.
    #[arg(long, value_name = "FILE")]
    pub notices: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarketEngine {
    Rust,
    /// Needs the `engine` feature (on by default).
    Datafusion,
}

#[derive(Args, Debug)]
pub struct CompaniesArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The year (notice dates for WARN, event dates for layoffs.fyi).
    #[arg(long, default_value_t = 2025)]
    pub year: i32,
    /// Only these states (WARN; layoffs.fyi gives no state, so it is left out with this filter).
    #[arg(long, value_delimiter = ',')]
    pub state: Vec<String>,
    /// Only these NAICS sectors.
    #[arg(long, value_delimiter = ',')]
    pub sector: Vec<String>,
    /// Exposure measure; default: the headline.
    #[arg(long)]
    pub measure: Option<String>,
    /// Rows in the table (JSON and CSV list every company).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(cmd: MarketCommand) -> Result<()> {
    match cmd {
        MarketCommand::Barometer(a) => run_barometer(a),
        MarketCommand::Companies(a) => run_companies(a),
    }
}

/// Read the register, layoffs.fyi, OEWS and the catalog, and classify every notice.
pub(crate) fn load_market(s: &SourceArgs) -> Result<MarketData> {
    let cat = Arc::new(crate::catalog_cmd::open_catalog()?);
    let exposure = CatalogSocExposure { catalog: cat };
    let files = MarketFiles {
        warn: s.warn.clone(),
        layoffs: s.layoffs.clone(),
        no_layoffs: s.no_layoffs,
        oews: s.oews.clone(),
        as_of: s.as_of,
        amendment_window_days: s.amendment_window,
        warn_options: warn::WarnOptions { map: crate::inputs_cmd::overrides(&s.map)?, ..Default::default() },
    };
    Ok(load(&files, mirror::locate(None).as_deref(), &exposure)?)
}

/// The barometer with the CLI's options (also used by `report market`).
pub(crate) fn build(source: &SourceArgs, window: &WindowArgs) -> Result<(MarketData, Barometer)> {
    let data = load_market(source)?;
    let b = barometer(&data, &window.options()).map_err(anyhow::Error::msg)?;
    Ok((data, b))
}

fn opt_pct(x: Option<f64>) -> String {
    x.map(|v| pct(v, 1)).unwrap_or_default()
}

fn opt_idx(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite()).map(|v| format!("{v:.2}")).unwrap_or_default()
}

fn int(x: impl Into<f64>) -> String {
    thousands(x.into(), 0)
}

fn run_barometer(a: BarometerArgs) -> Result<()> {
    let t0 = Instant::now();
    let (data, mut b) = build(&a.source, &a.window)?;
    let df_line = match a.engine {
        MarketEngine::Rust => None,
        MarketEngine::Datafusion => Some(through_datafusion(&data, &mut b, &a.window)?),
    };
    let secs = t0.elapsed().as_secs_f64();
    if let Some(l) = &df_line {
        eprintln!("{l}");
    }
    if let Some(p) = &a.notices {
        write_notices(&data, &b, p)?;
    }
    match a.format {
        Format::Json => print_json(&b),
        Format::Csv => print_table(&periods_table(&b), Format::Csv),
        Format::Table => {
            print_barometer(&b);
            if let Some(l) = &df_line {
                println!("{l}");
            }
            if let Some(p) = &a.notices {
                println!("Every notice with its status: {}", p.display());
            }
            println!("Read, matched and computed in {secs:.1} s.");
            Ok(())
        }
    }
}

/// The monthly sums through DataFusion (embedded) over the notices as Parquet: the periods'
/// WARN figures are replaced by DataFusion's, after checking they equal the Rust path's.
#[cfg(feature = "engine")]
fn through_datafusion(data: &MarketData, b: &mut Barometer, w: &WindowArgs) -> Result<String> {
    use culprit_postings_engine::market::{run_monthly, write_exposures, write_notices, NoticeRow};
    use std::collections::BTreeMap;
    anyhow::ensure!(w.sector.is_empty(), "--engine datafusion does not take --sector yet (the Rust path does)");
    let t0 = Instant::now();
    let m = data.table.measure_index(&b.measure).unwrap_or(0);
    let mut exposures: BTreeMap<String, f64> = BTreeMap::new();
    let rows: Vec<NoticeRow> = data
        .notices
        .iter()
        .map(|n| {
            let r = &data.warn[n.record];
            // The code the notice was matched on (its own, or its SIC code bridged to NAICS).
            let naics = match &n.status {
                Ok(h) => h.naics.clone(),
                Err(_) => r.naics.as_deref().unwrap_or("").trim().to_string(),
            };
            let status = match &n.status {
                Ok(h) => {
                    exposures.insert(naics.clone(), data.table.industries[&h.oews_code].exposure[m]);
                    "counted".to_string()
                }
                Err(why) => why.key().to_string(),
            };
            let month = match &n.status {
                Err(why) if why.undated() => String::new(),
                _ => n.month().map(|x| x.to_string()).unwrap_or_default(),
            };
            NoticeRow { month, state: n.state.clone().unwrap_or_default(), jobs: n.jobs.unwrap_or(0) as i64, naics, status }
        })
        .collect();
    let dir = tempfile_dir()?;
    let (np, ep) = (dir.join("notices.parquet"), dir.join("exposures.parquet"));
    write_notices(&np, &rows)?;
    write_exposures(&ep, &exposures.into_iter().collect::<Vec<_>>())?;
    let sums = run_monthly(&np, &ep, &b.from.to_string(), &b.to.to_string(), &b.states);
    let _ = std::fs::remove_dir_all(&dir);
    let sums = sums?;
    // DataFusion's months into the barometer's periods.
    let mut per: BTreeMap<String, (u64, usize, f64)> = BTreeMap::new();
    for s in &sums {
        let mo: Month = s.month.parse().map_err(anyhow::Error::msg)?;
        let key = if b.by == Granularity::Month { mo.to_string() } else { mo.quarter() };
        let e = per.entry(key).or_default();
        e.0 += s.jobs as u64;
        e.1 += s.notices as usize;
        e.2 += s.weighted;
    }
    let mut diffs = Vec::new();
    for p in &mut b.periods {
        let (jobs, notices, weighted) = per.remove(&p.period).unwrap_or_default();
        let rust_w = p.jobs_exposure.unwrap_or(0.0) * p.warn_jobs as f64;
        if jobs != p.warn_jobs || notices != p.warn_notices || (weighted - rust_w).abs() > 1e-6 * rust_w.max(1.0) {
            diffs.push(format!("{}: rust {} jobs, {} notices, {rust_w:.3}; datafusion {jobs}, {notices}, {weighted:.3}", p.period, p.warn_jobs, p.warn_notices));
        }
        p.warn_jobs = jobs;
        p.warn_notices = notices;
        p.jobs_exposure = (jobs > 0).then(|| weighted / jobs as f64);
        p.index = p.jobs_exposure.map(|e| e / p.employment_exposure);
    }
    diffs.extend(per.keys().map(|k| format!("{k}: a period only DataFusion has")));
    anyhow::ensure!(diffs.is_empty(), "DataFusion and the Rust path differ:\n  {}", diffs.join("\n  "));
    Ok(format!(
        "DataFusion (embedded, SQL over {} notices as Parquet): the same jobs, notices and jobs x exposure as the Rust path in all {} periods ({:.2} s)",
        rows.len(),
        b.periods.len(),
        t0.elapsed().as_secs_f64()
    ))
}

#[cfg(not(feature = "engine"))]
fn through_datafusion(_: &MarketData, _: &mut Barometer, _: &WindowArgs) -> Result<String> {
    anyhow::bail!("this culprit was built without DataFusion: use --engine rust, or rebuild with `cargo build --release --features engine`")
}

#[cfg(feature = "engine")]
fn tempfile_dir() -> Result<PathBuf> {
    let d = std::env::temp_dir().join(format!("culprit-market-{}", std::process::id()));
    std::fs::create_dir_all(&d).with_context(|| format!("creating {}", d.display()))?;
    Ok(d)
}

fn periods_table(b: &Barometer) -> Table {
    let mut t = Table::new([
        "period",
        "warn_jobs",
        "warn_notices",
        "jobs_exposure",
        "employment_exposure",
        "index",
        "jobs_low",
        "jobs_middle",
        "jobs_high",
        "set_apart_notices",
        "set_apart_jobs",
        "fyi_jobs",
        "fyi_events",
        "fyi_index",
        "covid",
        "partial",
    ]);
    let f = |x: Option<f64>| x.map(|v| format!("{v:.6}")).unwrap_or_default();
    for p in &b.periods {
        t.push([
            p.period.clone(),
            p.warn_jobs.to_string(),
            p.warn_notices.to_string(),
            f(p.jobs_exposure),
            format!("{:.6}", p.employment_exposure),
            f(p.index),
            p.jobs_by_band[0].to_string(),
            p.jobs_by_band[1].to_string(),
            p.jobs_by_band[2].to_string(),
            p.set_apart_notices.to_string(),
            p.set_apart_jobs.to_string(),
            p.fyi_jobs.to_string(),
            p.fyi_events.to_string(),
            f(p.fyi_index),
            p.covid.to_string(),
            p.partial.to_string(),
        ]);
    }
    t
}

fn window_line(label: &str, w: &culprit_evidence::market::break_test::Window) -> String {
    format!(
        "  {label} {}..{} ({} months, {} jobs): index {} [95% CI {} to {}]",
        w.from.map(|m| m.to_string()).unwrap_or_else(|| "-".into()),
        w.to.map(|m| m.to_string()).unwrap_or_else(|| "-".into()),
        w.months,
        int(w.jobs),
        opt_idx(w.index),
        opt_idx(w.ci_low),
        opt_idx(w.ci_high)
    )
}

fn print_break(bt: &BreakTest) {
    println!("{}", window_line("before", &bt.before));
    println!("{}", window_line("after ", &bt.after));
    if let Some(d) = bt.difference {
        println!(
            "  difference {:+.3} [95% CI {} to {}]; the index after is not higher in {} of {} draws",
            d,
            bt.difference_ci_low.map(|x| format!("{x:+.3}")).unwrap_or_default(),
            bt.difference_ci_high.map(|x| format!("{x:+.3}")).unwrap_or_default(),
            opt_pct(bt.share_draws_not_higher_after),
            int((bt.bootstrap.reps - bt.skipped_draws) as f64)
        );
    }
}

fn print_barometer(b: &Barometer) {
    let filt: Vec<String> = [
        (!b.states.is_empty()).then(|| format!("states {}", b.states.join(", "))),
        (!b.sectors.is_empty()).then(|| format!("sectors {}", b.sectors.join("; "))),
    ]
    .into_iter()
    .flatten()
    .collect();
    println!(
        "Market barometer: are AI-exposed jobs cut more than employment would predict? WARN notices {}..{} by {}, measure {}{}",
        b.from,
        b.to,
        if b.by == Granularity::Month { "month" } else { "quarter" },
        b.measure,
        if filt.is_empty() { String::new() } else { format!(" ({})", filt.join("; ")) }
    );
    println!("Employment baseline: {}: exposure {}.", b.employment_baseline, pct(b.employment_exposure, 1));
    let m = &b.matching;
    let levels: Vec<String> = m.by_level.iter().map(|l| format!("{} {} ({} notices)", l.level, opt_pct((m.jobs_matched > 0).then(|| l.jobs as f64 / m.jobs_matched as f64)), int(l.notices as f64))).collect();
    println!(
        "Jobs matched to an industry exposure: {} of {} ({}), {} notices; by the level matched: {}.",
        int(m.jobs_matched as f64),
        int(m.jobs_with_count as f64),
        opt_pct(m.share_jobs_matched),
        int(m.notices_matched as f64),
        levels.join(", ")
    );
    let mut t = Table::new(["period", "WARN jobs", "notices", "jobs exposure", "index", "jobs low / mid / high exposure", "set apart: notices (jobs)", "layoffs.fyi jobs", "fyi index", "note"]).numeric([1, 2, 3, 4, 6, 7, 8]);
    for p in &b.periods {
        let note = [p.covid.then_some("COVID"), p.partial.then_some("partial")].into_iter().flatten().collect::<Vec<_>>().join(", ");
        t.push([
            p.period.clone(),
            int(p.warn_jobs as f64),
            int(p.warn_notices as f64),
            opt_pct(p.jobs_exposure),
            opt_idx(p.index),
            format!("{} / {} / {}", int(p.jobs_by_band[0] as f64), int(p.jobs_by_band[1] as f64), int(p.jobs_by_band[2] as f64)),
            format!("{} ({})", int(p.set_apart_notices as f64), int(p.set_apart_jobs as f64)),
            int(p.fyi_jobs as f64),
            opt_idx(p.fyi_index),
            note,
        ]);
    }
    println!("{}", t.to_terminal());
    let bt = &b.break_test;
    println!(
        "\nBREAK TEST around {} (WARN; COVID months {}..{} left out: {} jobs, index {}):",
        bt.break_month,
        b.covid.from,
        b.covid.to,
        int(b.covid.warn_jobs as f64),
        opt_idx(b.covid.index)
    );
    print_break(bt);
    println!("  Method: {}.", bt.method);

    println!("\nBy exposure band (3-digit industries cut at a third and two thirds of their employment):");
    let mut t = Table::new(["band", "industry exposure", "jobs", "share before", "share after"]).numeric([2, 3, 4]);
    for r in &b.bands {
        let range = match (r.exposure_from, r.exposure_to) {
            (None, Some(h)) => format!("<= {}", pct(h, 1)),
            (Some(l), Some(h)) => format!("{} - {}", pct(l, 1), pct(h, 1)),
            (Some(l), None) => format!("> {}", pct(l, 1)),
            _ => String::new(),
        };
        t.push([r.band.clone(), range, int(r.jobs as f64), opt_pct(r.share_before), opt_pct(r.share_after)]);
    }
    println!("{}", t.to_terminal());
    for (title, rows, n) in [("By sector (within-sector index: against the sector's own employment)", &b.by_sector, b.by_sector.len()), ("By state (top)", &b.by_state, b.by_state.len())] {
        println!("\n{title}:");
        let mut t = Table::new(["", "notices", "jobs", "jobs exposure", "employment exposure", "index", "index before", "index after"]).numeric([1, 2, 3, 4, 5, 6, 7]);
        for r in rows.iter().take(n) {
            t.push([r.key.clone(), int(r.notices as f64), int(r.jobs as f64), opt_pct(r.jobs_exposure), opt_pct(r.employment_exposure), opt_idx(r.index), opt_idx(r.index_before), opt_idx(r.index_after)]);
        }
        println!("{}", t.to_terminal());
    }
    println!("\nTop companies with WARN jobs in the window (by the larger of their WARN and layoffs.fyi jobs, never added):");
    print_companies(&b.top_companies, b.top_companies.len());
    println!("\nEvery measure (pooled index before / after {}, COVID months left out):", bt.break_month);
    let mut t = Table::new(["measure", "employment exposure", "index before", "index after"]).numeric([1, 2, 3]);
    for r in &b.by_measure {
        t.push([r.measure.clone(), pct(r.employment_exposure, 1), opt_idx(r.index_before), opt_idx(r.index_after)]);
    }
    println!("{}", t.to_terminal());
    let f = &b.layoffs_fyi;
    println!("\nLAYOFFS.FYI: {} events read, {} used ({} jobs). Break test:", int(f.events_read as f64), int(f.events_used as f64), int(f.jobs_used as f64));
    print_break(&f.break_test);
    let apart: Vec<String> = f.set_apart.iter().map(|(_, l, n, j)| format!("{l}: {} ({} jobs)", int(*n as f64), int(*j as f64))).collect();
    println!("  Set apart: {}.", apart.join("; "));
    println!("  {}.", f.caveat);

    let u = &b.unmatched;
    println!("\nSET APART (never in the index; {}): {} notices, {} jobs", u.scope, int(u.notices as f64), int(u.jobs as f64));
    let mut t = Table::new(["reason", "notices", "jobs"]).numeric([1, 2]);
    for r in &u.reasons {
        t.push([r.label.clone(), int(r.notices as f64), int(r.jobs as f64)]);
    }
    println!("{}", t.to_terminal());
    if !u.unknown_naics_codes.is_empty() {
        let codes: Vec<String> = u.unknown_naics_codes.iter().take(12).map(|c| format!("{} ({} notices, {} jobs)", c.naics, c.notices, int(c.jobs as f64))).collect();
        println!("Unknown NAICS codes: {}{}.", codes.join(", "), if u.unknown_naics_codes.len() > 12 { format!(" and {} more", u.unknown_naics_codes.len() - 12) } else { String::new() });
    }
    println!("The first set apart: ");
    for e in u.examples.iter().take(5) {
        println!(
            "  - {}: {} ({}, {}, {} jobs, NAICS {}): {}",
            e.origin,
            e.company,
            e.state.as_deref().unwrap_or("-"),
            e.date.map(|d| d.to_string()).unwrap_or_else(|| "no date".into()),
            e.jobs.map(|j| j.to_string()).unwrap_or_else(|| "no".into()),
            e.naics.as_deref().unwrap_or("-"),
            e.reason.label()
        );
    }
    println!("  (--format json lists {}; --notices FILE writes every notice with its status.)", u.examples.len());
    println!("\nAssumptions (each can be overridden):");
    for a in &b.assumptions {
        println!("  - {} = {} ({})", a.key, a.value, a.source);
    }
    println!("Rules:");
    for r in &b.rules {
        println!("  - {r}");
    }
    println!("Caveats:");
    for c in &b.caveats {
        println!("  - {c}");
    }
    println!("Sources:");
    for s in &b.sources {
        println!("  - {s}");
    }
}

fn print_companies(rows: &[CompanyRow], n: usize) {
    let mut t = Table::new(["company", "ticker", "WARN jobs", "notices", "states", "industry (most WARN jobs)", "exposure", "layoffs.fyi jobs", "events", "evidence"]).numeric([2, 3, 6, 7, 8]);
    for r in rows.iter().take(n) {
        let states = if r.states.len() > 4 { format!("{} +{}", r.states[..4].join(","), r.states.len() - 4) } else { r.states.join(",") };
        t.push([
            r.company.clone(),
            r.ticker.clone().unwrap_or_default(),
            int(r.warn_jobs as f64),
            int(r.warn_notices as f64),
            states,
            r.industry.clone().map(|i| format!("{i} ({})", r.naics.clone().unwrap_or_default())).unwrap_or_else(|| if r.warn_jobs > 0 { "(no NAICS)".into() } else { r.fyi_industry.clone().map(|i| format!("layoffs.fyi: {i}")).unwrap_or_default() }),
            opt_pct(r.exposure),
            int(r.fyi_jobs as f64),
            int(r.fyi_events as f64),
            r.evidence.clone(),
        ]);
    }
    println!("{}", t.to_terminal());
}

fn write_notices(data: &MarketData, b: &Barometer, path: &PathBuf) -> Result<()> {
    let m = data.table.measure_index(&b.measure).unwrap_or(0);
    let mut w = csv::Writer::from_path(path).with_context(|| format!("writing {}", path.display()))?;
    w.write_record(["origin", "company", "state", "notice_date", "jobs", "naics", "status", "oews_industry", "oews_name", "level", "fallback", "how", &format!("exposure_{}", b.measure)])?;
    for n in &data.notices {
        let r = &data.warn[n.record];
        let base = [r.origin.clone(), r.display.clone(), n.state.clone().unwrap_or_default(), n.date.map(|d| d.to_string()).unwrap_or_default(), n.jobs.map(|j| j.to_string()).unwrap_or_default(), r.naics.clone().unwrap_or_default()];
        let rest = match &n.status {
            Ok(h) => {
                let ind = &data.table.industries[&h.oews_code];
                ["matched".to_string(), h.oews_code.clone(), ind.name.clone(), level_name(h.level).to_string(), h.fallback.to_string(), h.how.clone(), format!("{:.6}", ind.exposure[m])]
            }
            Err(why) => [why.key().to_string(), String::new(), String::new(), String::new(), String::new(), String::new(), String::new()],
        };
        w.write_record(base.iter().chain(rest.iter()))?;
    }
    w.flush()?;
    Ok(())
}

fn run_companies(a: CompaniesArgs) -> Result<()> {
    let data = load_market(&a.source)?;
    let m = data.measure(a.measure.as_deref()).map_err(anyhow::Error::msg)?;
    let mut sectors = Vec::new();
    for s in &a.sector {
        sectors.push(culprit_evidence::market::barometer::sector_label(s).with_context(|| format!("`{s}` is not a NAICS sector (e.g. 54, 31-33)"))?);
    }
    let states: Vec<String> = a.state.iter().map(|s| culprit_input::sniff::state_code(s).map(str::to_string).unwrap_or_else(|| s.trim().to_uppercase())).collect();
    let f = CompanyFilter { states, sectors, ..CompanyFilter::year(a.year, m) };
    let rows = companies(&data, &f);
    match a.format {
        Format::Json => print_json(&serde_json::json!({ "year": a.year, "measure": data.table.measures[m], "companies": rows, "rules": [
            "WARN jobs and layoffs.fyi jobs are never added (one cut can be in both); companies are joined by canonical name",
            "WARN: notices dated in the year, after duplicates and amendments, with jobs; those with no or an unknown NAICS count their jobs with no industry",
            "industry: the OEWS industry with most of the company's WARN jobs; exposure: jobs-weighted over its matched notices",
        ] })),
        Format::Csv => {
            let mut t = Table::new(["company", "key", "cik", "ticker", "warn_jobs", "warn_notices", "warn_jobs_no_industry", "states", "industry", "naics", "exposure", "fyi_jobs", "fyi_events", "fyi_industry", "evidence"]);
            for r in &rows {
                t.push([
                    r.company.clone(),
                    r.key.clone(),
                    r.cik.clone().unwrap_or_default(),
                    r.ticker.clone().unwrap_or_default(),
                    r.warn_jobs.to_string(),
                    r.warn_notices.to_string(),
                    r.warn_jobs_no_industry.to_string(),
                    r.states.join(" "),
                    r.industry.clone().unwrap_or_default(),
                    r.naics.clone().unwrap_or_default(),
                    r.exposure.map(|e| format!("{e:.6}")).unwrap_or_default(),
                    r.fyi_jobs.to_string(),
                    r.fyi_events.to_string(),
                    r.fyi_industry.clone().unwrap_or_default(),
                    r.evidence.clone(),
                ]);
            }
            print_table(&t, Format::Csv)
        }
        Format::Table => {
            let warn_n = rows.iter().filter(|r| r.warn_jobs > 0).count();
            let fyi_n = rows.iter().filter(|r| r.fyi_events > 0).count();
            println!(
                "Companies in the market, {}: {} with WARN jobs, {} with layoffs.fyi events ({} in both); exposure = {} of the industry with most of their WARN jobs",
                a.year,
                int(warn_n as f64),
                int(fyi_n as f64),
                int(rows.iter().filter(|r| r.warn_jobs > 0 && r.fyi_events > 0).count() as f64),
                data.table.measures[m]
            );
            print_companies(&rows, a.top);
            println!("WARN jobs and layoffs.fyi jobs are never added (one cut can be in both). Industry exposure is not the exposure of the people cut.");
            println!("{} companies in all; --format csv or json lists every one.", int(rows.len() as f64));
            Ok(())
        }
    }
}
