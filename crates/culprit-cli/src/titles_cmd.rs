//! `culprit titles code` and `culprit titles eval`.

use crate::output::{pct, print_json, print_table, thousands, Format, Table};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use culprit_data::{Catalog, Registry};
use culprit_titles::{bulk, eval, Coder, CoderOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum TitlesCommand {
    /// Code job titles to SOC 2018 / O*NET-SOC occupations.
    Code(CodeArgs),
    /// Accuracy of the coder against a gold file of titles and SOC codes.
    Eval(EvalArgs),
}

#[derive(Args, Debug)]
pub struct CodeArgs {
    /// A title to code (or use --input for a CSV file).
    pub title: Option<String>,
    /// A file with a column of titles: CSV/TSV (any delimiter and encoding), .gz, XLSX/ODS, Parquet, JSON Lines.
    #[arg(long, conflicts_with = "title")]
    pub input: Option<PathBuf>,
    /// The column of --input that holds the titles (a header, or #N); default: found by its name
    /// ("Job Title", "Business Title", "Position", ...) and content.
    #[arg(long)]
    pub column: Option<String>,
    /// A column of --input that says where each person works (department, business unit): a
    /// title that names only a role ("Associate", "Manager") takes its function from it, and
    /// its words count as context for the others.
    #[arg(long, requires = "input", value_name = "COLUMN")]
    pub context_column: Option<String>,
    /// The employer's industry (NAICS code, any length or vintage): candidates are weighed by how
    /// many people the industry employs in each occupation (OEWS May 2025), so that a retailer's
    /// "Tax Analyst" is not a government tax examiner. Needs the data mirror's OEWS database.
    #[arg(long, value_name = "NAICS")]
    pub industry: Option<String>,
    /// Where to write the coded CSV (default: standard output).
    #[arg(long, requires = "input")]
    pub output: Option<PathBuf>,
    /// Overrides file: title -> SOC rules applied first (see examples/title-overrides.csv).
    #[arg(long)]
    pub overrides: Option<PathBuf>,
    /// Candidates to show.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// With --input: print the time of each stage (read, distinct, waiting for the coder, code,
    /// write) to standard error.
    #[arg(long, requires = "input")]
    pub timings: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold CSV with titles and their SOC codes (with or without the hyphen).
    #[arg(long)]
    pub gold: PathBuf,
    #[arg(long = "title-column", default_value = "title")]
    pub title_column: String,
    #[arg(long = "soc-column", default_value = "soc")]
    pub soc_column: String,
    #[arg(long)]
    pub overrides: Option<PathBuf>,
    /// For the project's real-title gold set (crates/culprit-titles/gold/real_titles.csv):
    /// code each title without its department and industry, to see what context gains.
    #[arg(long)]
    pub no_context: bool,
    /// For the real-title gold set: refit the confidence calibration on its dev split and show
    /// the calibration error on the frozen split with the constants in use and the refitted ones.
    #[arg(long)]
    pub fit_calibration: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(cmd: TitlesCommand) -> Result<()> {
    match cmd {
        TitlesCommand::Code(a) => code(a),
        TitlesCommand::Eval(a) => run_eval(a),
    }
}

fn coder(overrides: Option<PathBuf>, top: usize) -> Result<Coder> {
    let reg = Registry::builtin().context("loading the source registry")?;
    let (cat, opened) = Catalog::open(&reg).context("opening the catalog")?;
    let opts = CoderOptions { top_k: top.max(1), overrides, ..Default::default() };
    crate::coding::title_coder(&cat, &opened.path, opts)
}

/// The coder with the industry prior of `industry` (a NAICS code), from the mirror's OEWS.
fn with_industry(coder: Coder, industry: Option<&str>) -> Result<Coder> {
    let Some(code) = industry else { return Ok(coder) };
    let (priors, unresolved) = industry_priors([code])?;
    if !unresolved.is_empty() {
        bail!("--industry {code}: no OEWS industry for this NAICS code (give a NAICS code such as 454110 or 622)");
    }
    if let Some(p) = priors.get(code.trim()) {
        eprintln!("industry prior: {} (OEWS May 2025 employment by occupation)", p.industry);
    }
    Ok(coder.with_industry_priors(priors))
}

/// Industry priors for these NAICS codes from the mirror's OEWS database.
fn industry_priors<'a>(codes: impl IntoIterator<Item = &'a str>) -> Result<(culprit_evidence::baseline::TitlePriors, Vec<String>)> {
    let mirror = culprit_evidence::mirror::locate(None).context("the industry prior needs the data mirror's OEWS database: set CULPRIT_MIRROR")?;
    let db = culprit_evidence::baseline::OewsDb::open_gz(&mirror.join("bls_oews_2025/oews-2025.sqlite.gz"), &culprit_evidence::baseline::cache_dir())?;
    let cat = crate::catalog_cmd::open_catalog()?;
    Ok(db.title_priors(&cat, codes)?)
}

fn code(a: CodeArgs) -> Result<()> {
    if let Some(input) = &a.input {
        let column = a.column.as_deref().unwrap_or_default();
        let mut table = culprit_input::open(input, &culprit_input::OpenOptions::default(), None).with_context(|| format!("reading {}", input.display()))?;
        let origin = input.display().to_string();
        let col = bulk::title_column(&table, &origin, column)?;
        eprintln!("titles from column `{}` of {} [{}]", table.headers[col], origin, table.info.describe());
        let context_col = match &a.context_column {
            Some(c) => Some(bulk::find_column(&table.headers, c, &origin)?),
            None => None,
        };
        let out: Box<dyn std::io::Write> = match &a.output {
            Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)),
            None => Box::new(std::io::stdout().lock()),
        };
        let bar = progress_bar();
        let progress = |done: usize, total: usize| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        };
        // The coder (catalog, title index, industry prior) is built while the file is read.
        let summary = std::thread::scope(|s| {
            let (overrides, top, industry) = (a.overrides.clone(), a.top, a.industry.clone());
            let build = s.spawn(move || crate::coding::build_apart(|| with_industry(coder(overrides, top)?, industry.as_deref())));
            let get_coder = || match build.join() {
                Ok(Ok(c)) => Ok(Box::new(c)),
                Ok(Err(e)) => Err(culprit_titles::TitlesError::Coder(format!("{e:#}"))),
                Err(_) => Err(culprit_titles::TitlesError::Coder("the title coder's build panicked".into())),
            };
            bulk::code_table_with(&mut table, col, context_col, a.industry.as_deref(), &origin, get_coder, out, progress)
        })?;
        bar.finish_and_clear();
        if a.timings {
            eprintln!("stages (wall s): {}", summary.stages.iter().map(|(n, t)| format!("{n} {t:.2}")).collect::<Vec<_>>().join(", "));
        }
        if !summary.renamed_columns.is_empty() {
            eprintln!("the input already has columns named like the added ones; added as: {}", summary.renamed_columns.join(", "));
        }
        eprintln!(
            "coded {} of {} rows ({} distinct titles) in {:.2} s; {}",
            thousands(summary.coded as f64, 0),
            thousands(summary.rows as f64, 0),
            thousands(summary.distinct_titles as f64, 0),
            summary.seconds,
            summary.by_method.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ")
        );
        return Ok(());
    }
    let Some(title) = &a.title else { bail!("give a title, or --input FILE.csv --column NAME") };
    let coder = with_industry(coder(a.overrides.clone(), a.top)?, a.industry.as_deref())?;
    let c = coder.code_with(title, &culprit_titles::TitleContext { industry: a.industry.as_deref(), ..Default::default() });
    if a.format == Format::Json {
        return print_json(&c);
    }
    let mut t = Table::new(["rank", "soc", "onet_soc", "occupation", "confidence", "method", "evidence"]).numeric([0, 4]);
    if let Some(soc) = &c.soc {
        t.push([
            "1".to_string(),
            soc.to_string(),
            c.onet_soc.as_deref().unwrap_or_default().to_string(),
            c.occupation.as_deref().unwrap_or_default().to_string(),
            format!("{:.2}", c.confidence),
            c.method.label(),
            c.evidence.as_deref().unwrap_or_default().to_string(),
        ]);
    }
    let first = t.rows.len();
    for (i, alt) in c.alternatives.iter().enumerate() {
        let method = if c.soc.is_none() && i == 0 { c.method.label() } else { "alternative".into() };
        t.push([(first + i + 1).to_string(), alt.soc.to_string(), alt.onet_soc.to_string(), alt.occupation.to_string(), format!("{:.2}", alt.confidence), method, alt.evidence.to_string()]);
    }
    if t.rows.is_empty() {
        t.push(["-".to_string(), String::new(), String::new(), String::new(), String::new(), c.method.label(), String::new()]);
    }
    print_table(&t, a.format)?;
    if a.format == Format::Table {
        if let Some(s) = c.seniority.as_ref().filter(|s| !s.is_empty()) {
            println!("seniority: {}", s.describe());
        }
    }
    Ok(())
}

fn run_eval(a: EvalArgs) -> Result<()> {
    let bytes = std::fs::read(&a.gold).with_context(|| format!("reading {}", a.gold.display()))?;
    let (headers, _) = bulk::open_csv(&bytes, &a.gold.display().to_string())?;
    if culprit_titles::gold::is_gold_set(&headers) {
        return run_gold_eval(&a, &bytes);
    }
    let gold = eval::read_gold(&bytes, &a.gold.display().to_string(), &a.title_column, &a.soc_column)?;
    let coder = coder(a.overrides.clone(), 5)?;
    let (r, outcomes) = eval::evaluate(&coder, &gold, &a.gold.display().to_string());
    if a.format == Format::Json {
        return print_json(&r);
    }
    let mut t = Table::new(["measure", "value"]).numeric([1]);
    t.push(["titles".to_string(), thousands(r.titles as f64, 0)]);
    if r.invalid_gold > 0 {
        t.push(["gold rows without a 6-digit SOC (left out)".to_string(), thousands(r.invalid_gold as f64, 0)]);
    }
    t.push(["coverage (coded)".to_string(), pct(r.coverage, 1)]);
    t.push(["accuracy, 6 digits (detailed)".to_string(), pct(r.accuracy.six, 1)]);
    t.push(["accuracy, 5 digits (broad)".to_string(), pct(r.accuracy.five, 1)]);
    t.push(["accuracy, 3 digits (minor)".to_string(), pct(r.accuracy.three, 1)]);
    t.push(["accuracy, 2 digits (major)".to_string(), pct(r.accuracy.two, 1)]);
    t.push(["6-digit accuracy of coded titles".to_string(), pct(r.precision_six, 1)]);
    t.push(["mean confidence of coded titles".to_string(), pct(r.mean_confidence, 1)]);
    t.push(["calibration error (10 bins)".to_string(), format!("{:.3}", eval::calibration_error(&outcomes, 10))]);
    t.push(["titles per second".to_string(), thousands(r.titles_per_second, 0)]);
    for (m, n) in &r.by_method {
        t.push([format!("method: {m}"), thousands(*n as f64, 0)]);
    }
    print_table(&t, a.format)
}

/// The real-title gold set: accuracy at 6/5/3/2 digits, weighted by how common each title is,
/// for the whole set, each split, each source, the long tail and the rows with context.
fn run_gold_eval(a: &EvalArgs, bytes: &[u8]) -> Result<()> {
    let origin = a.gold.display().to_string();
    let mirror = culprit_evidence::mirror::locate(None);
    let rows = culprit_titles::gold::load(bytes, &origin, mirror.as_deref())?;
    let mut coder = coder(a.overrides.clone(), 5)?;
    if !a.no_context {
        let (priors, unresolved) = industry_priors(rows.iter().filter_map(|r| r.industry.as_deref()))?;
        if !unresolved.is_empty() {
            eprintln!("no OEWS industry for {}: those titles are coded without an industry", unresolved.join(", "));
        }
        coder = coder.with_industry_priors(priors);
    }
    let r = culprit_titles::gold::evaluate(&coder, &rows, !a.no_context);
    if a.format == Format::Json {
        return print_json(&r);
    }
    let mut t = Table::new(["part", "titles", "6 digits", "5", "3", "2", "6, by frequency", "6 or alternative", "coverage", "calibration error"]).numeric([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (name, p) in std::iter::once(("all", &r.all)).chain(r.parts.iter().map(|(k, v)| (k.as_str(), v))) {
        let label = match name {
            "tail" => "long tail (count 1)".to_string(),
            "context" => "with department or industry".to_string(),
            n => n.replace(':', ": "),
        };
        t.push([label, thousands(p.titles as f64, 0), pct(p.accuracy.six, 1), pct(p.accuracy.five, 1), pct(p.accuracy.three, 1), pct(p.accuracy.two, 1), pct(p.weighted.six, 1), pct(p.six_or_alt, 1), pct(p.coverage, 1), format!("{:.3}", p.calibration_error)]);
    }
    print_table(&t, a.format)?;
    if a.format == Format::Table {
        println!("{} titles coded in {:.2} s{}", thousands(rows.len() as f64, 0), r.seconds, if a.no_context { " (without context)" } else { " (with department and industry)" });
    }
    if a.fit_calibration {
        let c = culprit_titles::gold::recalibrate(&r);
        let f = |w: &[f32; 4]| format!("[{:.3}, {:.3}, {:.3}, {:.3}]", w[0], w[1], w[2], w[3]);
        println!(
            "calibration (intercept, exact, top score, margin): in use {}, refitted on {} dev titles {}",
            f(&c.current),
            thousands(c.dev_titles as f64, 0),
            f(&c.fitted)
        );
        println!(
            "calibration error on the dev split {:.3} -> {:.3}; on the {} frozen titles {:.3} -> {:.3} (mean confidence {:.3} -> {:.3} against accuracy {:.3})",
            c.dev_error.0,
            c.dev_error.1,
            thousands(c.frozen_titles as f64, 0),
            c.frozen_error.0,
            c.frozen_error.1,
            c.frozen_mean_confidence.0,
            c.frozen_mean_confidence.1,
            c.frozen_accuracy
        );
    }
    Ok(())
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} distinct titles {per_sec} eta {eta}").unwrap_or_else(|_| ProgressStyle::default_bar()));
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar
}
