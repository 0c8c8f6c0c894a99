//! `culprit company report` and `culprit events summary`: the company evidence scorecard and the
//! layoff-events summary (crate culprit-evidence).

use crate::output::{pct, print_json, print_table, thousands, Format, Table};
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use culprit_evidence::assemble::{build_scorecard, BaselineSource, BuiltScorecard, ScorecardRequest};
use culprit_evidence::events::{summarise, EventsSummary, ParsedEvents, SummaryOptions};
use culprit_evidence::exposure::{RoleExposure, TableExposure};
use culprit_evidence::profile::CompanyProfile;
use culprit_evidence::scorecard::{Cell, Indicator, Scorecard};
use culprit_evidence::public_record::{self, AssembledProfile, RecordSources};
use culprit_evidence::{layoffs, mirror, warn};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum CompanyCommand {
    /// Evidence scorecard for a company and one of its layoffs: over-hiring, funding AI capex, AI substitution.
    ///
    /// Give a profile (TOML), or --company NAME|TICKER|CIK to assemble one from public records:
    /// SEC filings in the data mirror or the download cache, the WARN register and layoffs.fyi.
    Report(ReportArgs),
    /// Write a draft profile assembled from public records, for a person to check and complete:
    /// every value with its source and tag, every missing input named as a gap.
    Init(InitArgs),
    /// One table, one row per company: cuts by year, headcount, capex, payroll freed against
    /// capex growth, exposure, and which explanation the evidence favours.
    Compare(CompareArgs),
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Company name, ticker or SEC CIK, e.g. Alphabet, GOOGL or 1652044.
    pub company: String,
    /// The TOML file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The company's industry (NAICS code), when its WARN notices give none.
    #[arg(long)]
    pub naics: Option<String>,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Companies: a profile file (TOML) or a name, ticker or CIK each, e.g. examples/amazon.toml GOOGL META CRM.
    #[arg(required = true)]
    pub companies: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Subcommand, Debug)]
pub enum EventsCommand {
    /// Totals of layoff events by year, industry, state/country and company, and what could not be counted.
    Summary(SummaryArgs),
    /// WARN letters that list every affected job title: read, checked, coded, with the exposure
    /// of the roles cut by title, facility and occupation (default: Amazon's Washington letters).
    Letters(crate::letters_cmd::LettersArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Company profile (TOML; see docs/evidence.md), e.g. examples/amazon.toml.
    #[arg(required_unless_present = "company")]
    pub profile: Option<PathBuf>,
    /// Assemble the profile from public records instead: a name, ticker or SEC CIK (e.g. GOOGL);
    /// other names it goes by in WARN notices and layoffs.fyi after a + (GOOGL+Google).
    #[arg(long, conflicts_with = "profile")]
    pub company: Option<String>,
    /// The company's industry (NAICS code) for the baseline, when assembling from public records
    /// (default: the NAICS or SIC code on its WARN notices).
    #[arg(long, requires = "company")]
    pub naics: Option<String>,
    /// Date of the layoff event to report on (YYYY-MM-DD); default: the profile's focus_event, else the latest.
    #[arg(long)]
    pub event: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// SEC XBRL instance (.xml) or companyfacts JSON to merge into the profile.
    #[arg(long)]
    pub xbrl: Vec<PathBuf>,
    /// CSV `title,count` of the roles cut (replaces the event's list).
    #[arg(long)]
    pub roles: Option<PathBuf>,
    /// CSV `title,count` of the company's own staff: the baseline instead of the industry mix.
    #[arg(long)]
    pub org: Option<PathBuf>,
    /// OEWS database (.sqlite or .sqlite.gz); default: the mirror's bls_oews_2025/oews-2025.sqlite.gz.
    #[arg(long)]
    pub oews: Option<PathBuf>,
    /// Exposure table of title patterns (`pattern,soc`), used with --exposure-socs when no coder is plugged in.
    #[arg(long, requires = "exposure_socs")]
    pub exposure_titles: Option<PathBuf>,
    /// Exposure table of occupations (`soc,occupation,<measure>...`, headline first).
    #[arg(long, requires = "exposure_titles")]
    pub exposure_socs: Option<PathBuf>,
    /// Override a named assumption, e.g. --set h100_price_usd=30000 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventSource {
    Layoffs,
    Warn,
    All,
}

#[derive(Args, Debug)]
pub struct SummaryArgs {
    #[arg(long, value_enum, default_value_t = EventSource::All)]
    pub source: EventSource,
    /// layoffs.fyi export; default: the mirror's layoffs_fyi/layoffs.csv.
    #[arg(long)]
    pub layoffs: Option<PathBuf>,
    /// WARN files or folders of them, in any state's layout (CSV, .gz, XLSX/ODS, Parquet, JSON Lines);
    /// default: the mirror's WARN register (warn/register_2026/states: every notice in 45 states and
    /// DC since 2020, with NAICS and CIK/ticker). New York before 2020: --warn .../warn/ny_state_2001_2021.
    #[arg(long)]
    pub warn: Vec<PathBuf>,
    /// Override a WARN column: --map FIELD=COLUMN (fields: `culprit inputs schema --kind warn`).
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    /// Override a layoffs-tracker column: --layoffs-map FIELD=COLUMN.
    #[arg(long = "layoffs-map", value_name = "FIELD=COLUMN")]
    pub layoffs_map: Vec<String>,
    /// The state of WARN files that have no state column (else taken from the file's name, e.g. wa.csv).
    #[arg(long)]
    pub state: Option<String>,
    /// Day order of numeric dates when a file cannot tell (no day above 12): mdy or dmy.
    #[arg(long, value_enum)]
    pub date_order: Option<crate::inputs_cmd::DateOrderArg>,
    /// Only this company (canonical name, word prefix: "amazon" matches "Amazon Fresh").
    #[arg(long)]
    pub company: Option<String>,
    #[arg(long)]
    pub year: Option<i32>,
    /// Rows in the company, industry and region tables.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
    /// Days before an amendment within which it supersedes earlier notices.
    #[arg(long, default_value_t = 90)]
    pub amendment_window: i64,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run_company(cmd: CompanyCommand) -> Result<()> {
    match cmd {
        CompanyCommand::Report(a) => run_report(a),
        CompanyCommand::Init(a) => run_init(a),
        CompanyCommand::Compare(a) => run_compare(a),
    }
}

/// The public records on this machine: the mirror's SEC filings, WARN register and layoffs.fyi,
/// and the SEC downloads in the cache (`culprit data fetch --company`).
fn record_sources() -> Result<RecordSources> {
    let m = mirror::locate(None);
    let mut sec_dirs = vec![culprit_data::registry::default_cache().join("sec")];
    if let Some(m) = &m {
        sec_dirs.insert(0, m.join("sec_filings"));
    }
    let warn = match m.as_ref().map(|m| m.join("warn/register_2026/states")).filter(|p| p.is_dir()) {
        Some(dir) => Some(warn::read_warn_dir(&dir).with_context(|| format!("reading the WARN register {}", dir.display()))?),
        None => None,
    };
    let layoffs = match m.as_ref().map(|m| m.join("layoffs_fyi/layoffs.csv")).filter(|p| p.is_file()) {
        Some(p) => Some(layoffs::read_layoffs_fyi(&p).with_context(|| format!("reading {}", p.display()))?),
        None => None,
    };
    Ok(RecordSources { sec_dirs, warn, layoffs })
}

/// Assemble a company's profile from the records; with no pay in them, the industry's OEWS
/// mean wage stands in (and the gap says so).
fn assemble_company(query: &str, src: &RecordSources, naics: Option<&str>, oews: Option<&std::path::Path>) -> Result<AssembledProfile> {
    let mut a = public_record::assemble(query, src)?;
    if let Some(code) = naics {
        a.profile.company.industry = Some(culprit_evidence::profile::IndustryRef { naics: vec![code.to_string()], note: Some("given with --naics".into()), ..Default::default() });
        a.gaps.retain(|g| !g.starts_with("industry (NAICS)"));
    }
    if a.profile.pay.is_none() {
        if let Some(oews) = oews {
            if let Ok(mix) = culprit_evidence::assemble::industry_mix(&a.profile, oews) {
                if let Some(pay) = public_record::industry_pay(&mix) {
                    a.profile.pay = Some(pay);
                    for g in a.gaps.iter_mut().filter(|g| g.starts_with("pay by level")) {
                        g.push_str("; the industry's OEWS mean annual wage stands in (pay source oews_industry)");
                    }
                }
            }
        }
    }
    Ok(a)
}

fn default_oews(args_oews: Option<&PathBuf>) -> std::result::Result<PathBuf, String> {
    match args_oews {
        Some(p) => Ok(p.clone()),
        None => mirror::locate(None).map(|m| m.join("bls_oews_2025/oews-2025.sqlite.gz")).ok_or_else(|| "data mirror not found (set CULPRIT_MIRROR or pass --oews)".to_string()),
    }
}

fn run_init(a: InitArgs) -> Result<()> {
    if a.out.exists() && !a.force {
        anyhow::bail!("{} exists; pass --force to overwrite it", a.out.display());
    }
    let src = record_sources()?;
    let rec = assemble_company(&a.company, &src, a.naics.as_deref(), default_oews(None).ok().as_deref())?;
    let text = public_record::to_toml(&rec).map_err(|e| anyhow::anyhow!("writing the profile as TOML: {e}"))?;
    std::fs::write(&a.out, text).with_context(|| format!("writing {}", a.out.display()))?;
    eprintln!("wrote {} ({}): {} yearly values, {} layoff events; {} gaps listed at the top", a.out.display(), rec.identity.name, crate::company_cmd::count_values(&rec.profile), rec.profile.layoffs.len(), rec.gaps.len());
    for g in &rec.gaps {
        eprintln!("  gap: {g}");
    }
    Ok(())
}

/// One row of `company compare`.
#[derive(Debug, serde::Serialize)]
struct CompareRow {
    company: String,
    source: String,
    event: String,
    /// People in the profile's or the tracker's layoff events, by year.
    cuts_by_year: BTreeMap<i32, i64>,
    /// WARN jobs by year of notice.
    warn_jobs_by_year: BTreeMap<i32, u64>,
    headcount_by_year: BTreeMap<i32, f64>,
    capex_by_year: BTreeMap<i32, f64>,
    payroll_freed: Option<f64>,
    payroll_freed_share_of_capex_growth: Option<f64>,
    /// Exposure of the roles cut when their titles are known, else of the industry's jobs.
    exposure: Option<f64>,
    exposure_of: String,
    verdict: BTreeMap<String, String>,
    favoured: Option<String>,
}

fn run_compare(a: CompareArgs) -> Result<()> {
    let src = record_sources()?;
    let mut rows = Vec::new();
    for c in &a.companies {
        let path = std::path::Path::new(c);
        let is_file = path.is_file();
        let args = ReportArgs {
            profile: is_file.then(|| path.to_path_buf()),
            company: (!is_file).then(|| c.clone()),
            naics: None,
            event: None,
            format: ReportFormat::Json,
            xbrl: Vec::new(),
            roles: None,
            org: None,
            oews: None,
            exposure_titles: None,
            exposure_socs: None,
            set: Vec::new(),
        };
        let (built, record) = build_card_with(&args, Some(&src)).with_context(|| format!("company {c}"))?;
        let card = &built.scorecard;
        let profile_events: Vec<(i32, i64)> = card.all_events.iter().map(|e| (chrono::Datelike::year(&e.date), e.count)).collect();
        let mut cuts_by_year = BTreeMap::new();
        for (y, n) in profile_events {
            *cuts_by_year.entry(y).or_insert(0) += n;
        }
        let warn_years = match &record {
            Some(r) => r.warn_by_year.clone(),
            None => public_record::warn_by_year(&public_record::identity_of(&card.company), src.warn.as_ref().map(|w| w.records.as_slice()).unwrap_or(&[])),
        };
        let series = |id: &str| built.facts.iter().filter(|f| f.id == id && f.kind == culprit_evidence::profile::ValueKind::Actual).map(|f| (f.fiscal_year, f.value)).collect::<BTreeMap<i32, f64>>();
        let ind = |id: &str| card.sections.iter().flat_map(|s| &s.indicators).find(|i| i.id == id).and_then(|i| i.value);
        let (exposure, exposure_of) = match (ind("cut_exposure"), ind("baseline_exposure")) {
            (Some(x), _) => (Some(x), "roles cut".to_string()),
            (None, Some(x)) => (Some(x), "industry's jobs".to_string()),
            _ => (None, String::new()),
        };
        rows.push(CompareRow {
            company: card.company.name.clone(),
            source: if is_file { c.clone() } else { "public records".into() },
            event: format!("{} ({})", card.event.date, thousands(card.event.count as f64, 0)),
            cuts_by_year,
            warn_jobs_by_year: warn_years.into_iter().map(|(y, (j, _))| (y, j)).collect(),
            headcount_by_year: series("headcount"),
            capex_by_year: series("capex"),
            payroll_freed: ind("payroll_freed"),
            payroll_freed_share_of_capex_growth: ind("payroll_freed_share_of_capex_growth"),
            exposure,
            exposure_of,
            verdict: card.verdict.lines.iter().map(|l| (format!("{:?}", l.explanation).to_lowercase(), l.strength.label().to_string())).collect(),
            favoured: card.verdict.favoured.map(|e| culprit_evidence::scorecard::explanation_name(e).to_string()),
        });
    }
    if a.format == Format::Json {
        return print_json(&rows);
    }
    let recent = |m: &BTreeMap<i32, f64>, f: &dyn Fn(f64) -> String| m.iter().rev().take(3).rev().map(|(y, v)| format!("{y} {}", f(*v))).collect::<Vec<_>>().join(", ");
    let mut t = Table::new(["company", "event", "cuts by year", "WARN jobs by year", "headcount", "capex", "payroll freed / capex growth", "exposure", "verdict"]);
    for r in &rows {
        let cuts: BTreeMap<i32, f64> = r.cuts_by_year.iter().map(|(y, v)| (*y, *v as f64)).collect();
        let warnj: BTreeMap<i32, f64> = r.warn_jobs_by_year.iter().map(|(y, v)| (*y, *v as f64)).collect();
        t.push([
            r.company.clone(),
            r.event.clone(),
            recent(&cuts, &|v| thousands(v, 0)),
            recent(&warnj, &|v| thousands(v, 0)),
            recent(&r.headcount_by_year, &|v| thousands(v, 0)),
            recent(&r.capex_by_year, &usd),
            match (r.payroll_freed, r.payroll_freed_share_of_capex_growth) {
                (Some(p), Some(s)) => format!("{} / yr = {}", usd(p), pct(s, 1)),
                (Some(p), None) => format!("{} / yr (no capex growth)", usd(p)),
                _ => String::new(),
            },
            r.exposure.map(|x| format!("{} ({})", pct(x, 1), r.exposure_of)).unwrap_or_default(),
            r.favoured.clone().unwrap_or_else(|| {
                format!("cannot tell ({})", r.verdict.iter().map(|(k, v)| format!("{}: {v}", k.replace('_', " "))).collect::<Vec<_>>().join("; "))
            }),
        ]);
    }
    print_table(&t, Format::Table)?;
    println!("cuts: the profile's events, or layoffs.fyi's for companies assembled from public records; WARN: notices in the register (45 states and DC, not California); payroll freed: people cut in the event x mean pay (the profile's, or the industry's OEWS mean wage as a stand-in).");
    Ok(())
}

pub(crate) fn count_values(p: &CompanyProfile) -> usize {
    culprit_evidence::profile::SERIES.iter().map(|s| p.series(s).len()).sum()
}

pub fn run_events(cmd: EventsCommand) -> Result<()> {
    match cmd {
        EventsCommand::Summary(a) => run_summary(a),
        EventsCommand::Letters(a) => crate::letters_cmd::run(a),
    }
}

/// The job-title coder and exposure catalog. The lead plugs the real coder in here; until then
/// an exposure table given on the command line is used, else none (the report says what is missing).
fn role_exposure(args: &ReportArgs) -> Result<Option<Box<dyn RoleExposure>>> {
    if let (Some(t), Some(s)) = (&args.exposure_titles, &args.exposure_socs) {
        let titles = std::fs::read_to_string(t).with_context(|| format!("reading {}", t.display()))?;
        let socs = std::fs::read_to_string(s).with_context(|| format!("reading {}", s.display()))?;
        let desc = format!("exposure table {} + {}", t.display(), s.display());
        return Ok(Some(Box::new(TableExposure::from_csv(&titles, &socs, &desc)?)));
    }
    // The built-in coder and catalog; the tables above replace them when a user supplies both.
    let c = crate::coding::catalog_coder(None)?;
    Ok(Some(Box::new(culprit_evidence::catalog_exposure::CatalogExposure { titles: c.titles })))
}

fn parse_sets(sets: &[String]) -> Result<BTreeMap<String, f64>> {
    sets.iter()
        .map(|s| {
            let (k, v) = s.split_once('=').with_context(|| format!("--set {s}: expected KEY=VALUE"))?;
            Ok((k.trim().to_string(), v.trim().parse::<f64>().with_context(|| format!("--set {s}: value is not a number"))?))
        })
        .collect()
}

/// Build the scorecard of a profile with the CLI's options (also used by `report` and `demo`).
pub(crate) fn build_card(args: &ReportArgs) -> Result<BuiltScorecard> {
    Ok(build_card_with(args, None)?.0)
}

/// The scorecard of `args`, with the assembled public record when the profile came from one.
/// `sources`: records already read (compare reads them once for every company).
pub(crate) fn build_card_with(args: &ReportArgs, sources: Option<&RecordSources>) -> Result<(BuiltScorecard, Option<AssembledProfile>)> {
    let (profile, record) = match (&args.profile, &args.company) {
        (Some(p), _) => (CompanyProfile::load(p)?, None),
        (None, Some(q)) => {
            let owned;
            let src = match sources {
                Some(s) => s,
                None => {
                    owned = record_sources()?;
                    &owned
                }
            };
            let rec = assemble_company(q, src, args.naics.as_deref(), default_oews(args.oews.as_ref()).ok().as_deref())?;
            (rec.loaded(), Some(rec))
        }
        (None, None) => anyhow::bail!("give a profile file or --company NAME|TICKER|CIK"),
    };
    let overrides = parse_sets(&args.set)?;
    let exposure = role_exposure(args)?;
    // Baseline: the org file, else the OEWS industry mix (--oews, else the mirror's).
    let baseline = match &args.org {
        Some(org) => BaselineSource::Org(org.clone()),
        None => BaselineSource::Industry(match &args.oews {
            Some(p) => Ok(p.clone()),
            None => mirror::locate(None).map(|m| m.join("bls_oews_2025/oews-2025.sqlite.gz")).ok_or_else(|| "data mirror not found (set CULPRIT_MIRROR or pass --oews)".to_string()),
        }),
    };
    Ok((build_scorecard(ScorecardRequest { profile, xbrl: args.xbrl.clone(), event: args.event, overrides, exposure: exposure.as_deref(), baseline, roles: args.roles.clone() })?, record))
}

fn run_report(args: ReportArgs) -> Result<()> {
    let (BuiltScorecard { scorecard: card, merges, facts }, record) = build_card_with(&args, None)?;
    match args.format {
        ReportFormat::Json => print_json(&serde_json::json!({
            "scorecard": card,
            "facts": facts,
            "xbrl_merges": merges,
            "public_record": record.as_ref().map(|r| serde_json::json!({ "identity": r.identity, "used": r.used, "gaps": r.gaps, "warn_by_year": r.warn_by_year, "layoffs_by_year": r.layoffs_by_year })),
        })),
        ReportFormat::Table => {
            if let Some(r) = &record {
                println!("Profile assembled from public records ({} matched by {}):", r.identity.name, r.identity.matched_by);
                for u in &r.used {
                    println!("  used: {u}");
                }
                for g in &r.gaps {
                    println!("  gap: {g}");
                }
                println!();
            }
            print_scorecard(&card);
            for m in &merges {
                let mut t = Table::new(["series", "year", "XBRL value", "concept", "profile value", "action"]).numeric([2, 4]);
                for l in &m.lines {
                    t.push([l.series.clone(), l.year.to_string(), thousands(l.xbrl_value, 0), l.concept.clone(), l.profile_value.map(|v| thousands(v, 0)).unwrap_or_default(), format!("{:?}", l.action).to_lowercase()]);
                }
                println!("\nSEC facts merged from {}", m.origin);
                print_table(&t, Format::Table)?;
            }
            Ok(())
        }
    }
}

fn fmt_value(i: &Indicator) -> String {
    let Some(v) = i.value else { return String::new() };
    match i.unit.as_str() {
        "people" | "gpus" | "gpu_hours" => thousands(v, 0),
        "usd" => usd(v),
        "share" => pct(v, 1),
        "gw" => format!("{v:.2} GW"),
        "months" => format!("{v:.1} months"),
        "text" => String::new(),
        _ => thousands(v, 2),
    }
}

/// Dollars as the other commands print them ("$83.00 B", "$489.0 M", "$186,000").
fn usd(v: f64) -> String {
    crate::output::usd(v, 1)
}

fn cell(c: &Cell, header: &str) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Number(x) => {
            let h = header.to_lowercase();
            if h.contains("share") || h.contains("exposure") || h.contains("/ trend") || h.contains("confidence") {
                pct(*x, 1)
            } else if h.contains("pay") && !h.contains("source") {
                usd(*x)
            } else if h.starts_with("gw") {
                format!("{x:.3}")
            } else {
                thousands(*x, 0)
            }
        }
    }
}

fn print_scorecard(c: &Scorecard) {
    let e = &c.event;
    println!(
        "{}{} — layoff of {} ({}{} people, {:?}): evidence scorecard",
        c.company.name,
        c.company.ticker.as_ref().map(|t| format!(" ({t})")).unwrap_or_default(),
        e.date,
        if e.approximate { "about " } else { "" },
        thousands(e.count as f64, 0),
        e.scope
    );
    println!("Source: {}", e.source);
    if c.all_events.len() > 1 {
        let others: Vec<String> = c.all_events.iter().filter(|x| x.date != e.date).map(|x| format!("{} ({})", x.date, thousands(x.count as f64, 0))).collect();
        println!("Other events in the profile: {}", others.join(", "));
    }
    for (n, s) in c.sections.iter().enumerate() {
        println!("\n{}. {}", n + 1, s.title.to_uppercase());
        println!("Test: {}", s.test);
        let mut t = Table::new(["indicator", "value", "detail"]).numeric([1]);
        for i in &s.indicators {
            t.push([i.name.clone(), fmt_value(i), i.detail.clone().unwrap_or_default()]);
        }
        if !t.rows.is_empty() {
            println!("{}", t.to_terminal());
        }
        println!("What it shows: {}", s.finding);
        if !s.missing.is_empty() {
            println!("Missing:");
            for m in &s.missing {
                println!("  - {m}");
            }
        }
        println!("Method and sources:");
        for i in s.indicators.iter().filter(|i| i.unit != "text" || !i.sources.is_empty()) {
            let src = if i.sources.is_empty() { String::new() } else { format!(" Sources: {}", i.sources.join("; ")) };
            println!("  - {}: {}.{}", i.name, i.method, src);
        }
    }
    println!("\nVERDICT");
    for l in &c.verdict.lines {
        let num = match (&l.deciding_id, l.deciding_value) {
            (Some(id), Some(v)) => {
                let i = c.sections.iter().flat_map(|s| &s.indicators).find(|i| &i.id == id);
                format!(" [{id} = {}]", i.map(fmt_value).unwrap_or_else(|| thousands(v, 2)))
            }
            _ => String::new(),
        };
        println!("- {}: {}. {}{num}{}", culprit_evidence::scorecard::explanation_name(l.explanation), l.strength.label().to_uppercase(), l.reason, l.would_decide.as_ref().map(|w| format!(" Would decide it: {w}.")).unwrap_or_default());
    }
    println!("{}", c.verdict.summary);
    if !c.claims.is_empty() {
        println!("\nCLAIMS CHECKED");
        for cl in &c.claims {
            println!("- \"{}\" ({}{}): {:?}", cl.text, cl.source, cl.tag.map(|t| format!(" [{t:?}]")).unwrap_or_default(), cl.status);
            println!("  {}", cl.sentence);
            for l in &cl.lines {
                let inputs: Vec<String> = l.inputs.iter().map(|(k, v)| format!("{k} {v}")).collect();
                let val = if l.unit == "share" { pct(l.value, 1) } else { format!("{} {}", thousands(l.value, 0), l.unit) };
                println!("  · {}: {} [{}] <- {}", l.label, val, if l.holds { "within the claim" } else { "outside the claim" }, inputs.join("; "));
            }
        }
    }
    println!("\nASSUMPTIONS");
    for a in &c.assumptions {
        println!("- {} = {} {}{} ({})", a.key, thousands(a.value, if a.value < 100.0 { 2 } else { 0 }), a.unit, if a.overridden { " [overridden]" } else { "" }, a.source);
    }
    for t in &c.tables {
        println!("\n{}", t.title);
        let numeric: Vec<usize> = (0..t.headers.len()).filter(|i| t.rows.iter().all(|r| !matches!(r.get(*i), Some(Cell::Text(x)) if x.parse::<f64>().is_err() && !x.ends_with('+') && !x.contains(',')))).collect();
        let mut out = Table::new(t.headers.clone()).numeric(numeric);
        for r in &t.rows {
            out.push(r.iter().zip(&t.headers).map(|(c, h)| cell(c, h)));
        }
        println!("{}", out.to_terminal());
    }
    if !c.issues.is_empty() {
        println!("\nINPUT ISSUES (the rest was used)");
        for i in &c.issues {
            println!("- {i}");
        }
    }
    println!();
    for n in &c.notes {
        println!("Note: {n}");
    }
}

fn load_events(args: &SummaryArgs) -> Result<ParsedEvents> {
    let mut all = ParsedEvents::default();
    let m = || mirror::locate(None).context("data mirror not found: set CULPRIT_MIRROR or pass --layoffs / --warn");
    if args.source != EventSource::Warn {
        let p = match &args.layoffs {
            Some(p) => p.clone(),
            None => m()?.join("layoffs_fyi/layoffs.csv"),
        };
        all.extend(layoffs::read_layoffs_with(&p, &crate::inputs_cmd::overrides(&args.layoffs_map)?)?);
    }
    if args.source != EventSource::Layoffs {
        let paths: Vec<PathBuf> = if args.warn.is_empty() { vec![m()?.join("warn/register_2026/states")] } else { args.warn.clone() };
        let mut opts = warn::WarnOptions { map: crate::inputs_cmd::overrides(&args.map)?, state: args.state.clone(), ..Default::default() };
        opts.infer.date_order = args.date_order.map(crate::inputs_cmd::DateOrderArg::order);
        for p in paths {
            all.extend(if p.is_dir() { warn::read_warn_dir_with(&p, &opts)? } else { warn::read_warn_with(&p, &opts)? });
        }
    }
    Ok(all)
}

fn run_summary(args: SummaryArgs) -> Result<()> {
    let parsed = load_events(&args)?;
    let reads: Vec<_> = parsed.inputs.iter().map(|i| (i.source.clone(), i.mapping.clone())).collect();
    crate::inputs_cmd::print_mappings(&reads, args.format != Format::Table);
    let summary = summarise(
        &parsed,
        &SummaryOptions { company: args.company.clone(), year: args.year, top: args.top, amendment_window_days: args.amendment_window },
    );
    match args.format {
        Format::Json => print_json(&summary),
        Format::Csv => print_table(&summary_long_table(&summary), Format::Csv),
        Format::Table => {
            print_summary(&summary)?;
            Ok(())
        }
    }
}

/// One long table (source, dimension, key, rows, jobs) for CSV output.
fn summary_long_table(s: &EventsSummary) -> Table {
    let mut t = Table::new(["source", "dimension", "key", "rows", "jobs"]);
    for f in &s.sources {
        t.push([f.family.clone(), "total".into(), "counted".into(), f.counted_rows.to_string(), f.counted_jobs.to_string()]);
        for (dim, b) in [("year", &f.by_year), ("industry", &f.by_industry), ("state_or_country", &f.by_region), ("company", &f.by_company)] {
            for x in b {
                t.push([f.family.clone(), dim.into(), x.key.clone(), x.rows.to_string(), x.jobs.to_string()]);
            }
        }
        for n in &f.not_counted {
            t.push([f.family.clone(), "not_counted".into(), n.reason.clone(), n.rows.to_string(), n.jobs.to_string()]);
        }
    }
    t
}

fn print_summary(s: &EventsSummary) -> Result<()> {
    let filt: Vec<String> = [s.options.company.as_ref().map(|c| format!("company {c}")), s.options.year.map(|y| format!("year {y}"))].into_iter().flatten().collect();
    for f in &s.sources {
        println!(
            "\n{} — {} rows read{}; {} rows counted, {} jobs; {} companies",
            f.family.to_uppercase(),
            thousands(f.rows_read as f64, 0),
            if filt.is_empty() { String::new() } else { format!(", {} in filter ({})", thousands(f.rows_in_filter as f64, 0), filt.join(", ")) },
            thousands(f.counted_rows as f64, 0),
            thousands(f.counted_jobs as f64, 0),
            thousands(f.companies as f64, 0)
        );
        for (title, b) in [("By year", &f.by_year), ("By industry (top)", &f.by_industry), ("By state / country (top)", &f.by_region), ("By company (top)", &f.by_company)] {
            if b.is_empty() {
                continue;
            }
            let ids = b.iter().any(|x| x.cik.is_some() || x.ticker.is_some());
            let mut t = if ids { Table::new([title, "CIK", "ticker", "rows", "jobs"]).numeric([3, 4]) } else { Table::new([title, "rows", "jobs"]).numeric([1, 2]) };
            for x in b {
                let mut row = vec![x.key.clone()];
                if ids {
                    row.push(x.cik.clone().unwrap_or_default());
                    row.push(x.ticker.clone().unwrap_or_default());
                }
                row.push(thousands(x.rows as f64, 0));
                row.push(thousands(x.jobs as f64, 0));
                t.push(row);
            }
            println!("{}", t.to_terminal());
        }
        let mut t = Table::new(["not counted: reason", "rows", "jobs on those rows"]).numeric([1, 2]);
        for n in &f.not_counted {
            t.push([n.reason.clone(), thousands(n.rows as f64, 0), if n.jobs > 0 { thousands(n.jobs as f64, 0) } else { String::new() }]);
        }
        if !t.rows.is_empty() {
            println!("{}", t.to_terminal());
        }
        let po = &f.percentage_only;
        if po.rows > 0 {
            println!(
                "Percentage-only rows: {} rows from {} companies (median share cut {}); {}.",
                thousands(po.rows as f64, 0),
                thousands(po.companies as f64, 0),
                po.median_share.map(|m| pct(m, 0)).unwrap_or_else(|| "n/a".into()),
                po.method
            );
        }
        if f.counts_from_text.rows > 0 {
            println!("Counted from text cells (leading number): {} rows, {} jobs.", thousands(f.counts_from_text.rows as f64, 0), thousands(f.counts_from_text.jobs as f64, 0));
        }
        if f.years_from_file_name > 0 {
            println!("Year taken from the file name (no notice date): {} counted rows.", thousands(f.years_from_file_name as f64, 0));
        }
        if f.dated_by_effective_date > 0 {
            println!("Dated by the layoff (effective) date, the notice date being blank: {} counted rows.", thousands(f.dated_by_effective_date as f64, 0));
        }
        if f.year_unknown.rows > 0 {
            println!("Counted with year unknown (unparsable date): {} rows, {} jobs.", f.year_unknown.rows, thousands(f.year_unknown.jobs as f64, 0));
        }
        if f.issues_total > 0 {
            println!("Row issues: {} (first {} shown; --format json lists the sample):", f.issues_total, f.issues_sample.len().min(5));
            for i in f.issues_sample.iter().take(5) {
                println!("  - {}", i.to_string().replace('\n', " "));
            }
        }
    }
    println!("\nRules:");
    for r in &s.rules {
        println!("  - {r}");
    }
    Ok(())
}
