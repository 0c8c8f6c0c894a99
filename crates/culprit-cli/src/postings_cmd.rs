//! `culprit postings scan|taxonomy`, `culprit synth postings` and `culprit cluster
//! scheduler|executor`: the job postings scanner on its engines.

use crate::output::{pct, print_json, print_table, thousands, Format, Table};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use culprit_postings::aggregate::Dimension;
use culprit_postings::output::{write_tables, PostingsCsv, Summary};
use culprit_postings::synth::{self, SynthConfig};
use culprit_postings::{ColumnMap, Matcher, NoCoder, ScanOptions, Taxonomy, TitleCoder, TitleTable};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub enum PostingsCommand {
    /// Scan postings files (CSV, JSON Lines, Parquet) for AI mentions: per posting, by class and
    /// context; aggregates by month, company, occupation and state; the top-keywords chart.
    Scan(ScanArgs),
    /// List the AI taxonomy: every keyword, its class and its forms.
    Taxonomy {
        /// A taxonomy file instead of the built-in one.
        #[arg(long)]
        taxonomy: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    /// The built-in Rust scanner (always available; streams, one pass).
    Rust,
    /// Apache DataFusion: SQL over the files with the scanner as UDFs (needs the `engine` feature).
    Datafusion,
}

/// The built-in scanner: on one machine it is the faster engine (it streams JSON Lines without
/// building values, and writes rows in input order); DataFusion stays for `--engine datafusion`
/// and `--cluster`.
fn default_engine() -> Engine {
    Engine::Rust
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Postings files: .csv, .jsonl/.ndjson/.json (JSON Lines) or .parquet.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Aggregate tables to write, comma-separated: month, company, occupation, state.
    #[arg(long, value_delimiter = ',', default_value = "month,company,occupation,state")]
    pub by: Vec<String>,
    /// Directory for postings.csv, by_*.csv, keywords.csv, summary.json and keywords.svg.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Column for a field, FIELD=COLUMN (fields: id, date, company, title, description, location).
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    /// The date that relative posting dates ("3 days ago", "just posted") count back from,
    /// usually the day the postings were scraped (YYYY-MM-DD). Without it they have no month.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Day order of numeric dates when a file cannot tell (no day above 12): mdy or dmy.
    #[arg(long, value_enum)]
    pub date_order: Option<crate::inputs_cmd::DateOrderArg>,
    /// A taxonomy file instead of the built-in ai-taxonomy-v1.
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
    /// A CSV (title, soc, occupation) coding posting titles to occupations (instead of the
    /// built-in title coder).
    #[arg(long)]
    pub title_map: Option<PathBuf>,
    /// Do not code posting titles to occupations (no by-occupation table).
    #[arg(long)]
    pub no_coding: bool,
    /// Scan engine. Default: rust (the built-in streaming scanner); --cluster implies datafusion.
    #[arg(long, value_enum)]
    pub engine: Option<Engine>,
    /// Run on an Apache DataFusion Ballista cluster: the scheduler's URL (df://host:50050).
    #[arg(long, value_name = "URL")]
    pub cluster: Option<String>,
    /// With --cluster: seconds one job (the scan of one file) may run before culprit gives up
    /// on it and reports the file as not scanned (Ballista's own client would wait forever).
    #[arg(long, value_name = "SECS", default_value_t = 1800)]
    pub cluster_timeout: u64,
    /// Longest description scanned, in bytes; longer ones are scanned up to it and reported.
    #[arg(long, default_value_t = culprit_postings::input::DEFAULT_MAX_DESCRIPTION)]
    pub max_description_bytes: usize,
    /// Print the time of each stage (read, parse, scan, code, aggregate, write) on stderr
    /// (rust engine).
    #[arg(long)]
    pub timings: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

fn dims(by: &[String]) -> Result<Vec<Dimension>> {
    by.iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| Dimension::parse(s).with_context(|| format!("--by {s}: expected month, company, occupation or state")))
        .collect()
}

pub fn load_taxonomy(path: &Option<PathBuf>) -> Result<Taxonomy> {
    Ok(match path {
        Some(p) => Taxonomy::from_file(p)?,
        None => Taxonomy::builtin(),
    })
}

pub fn run_postings(cmd: PostingsCommand) -> Result<()> {
    match cmd {
        PostingsCommand::Scan(a) => run_scan(a),
        PostingsCommand::Taxonomy { taxonomy, format } => {
            let t = load_taxonomy(&taxonomy)?;
            if format == Format::Json {
                return print_json(&t);
            }
            let mut tab = Table::new(["keyword", "class", "case-sensitive forms", "case-insensitive forms", "ambiguous forms"]);
            for x in &t.terms {
                tab.push([x.keyword.clone(), x.class.as_str().into(), x.exact.join(", "), x.phrases.join(", "), x.ambiguous.join(", ")]);
            }
            print_table(&tab, format)?;
            if format == Format::Table {
                println!("{}: {} keywords. Rules: docs/postings.md", t.version, t.terms.len());
            }
            Ok(())
        }
    }
}

fn run_scan(a: ScanArgs) -> Result<()> {
    let start = Instant::now();
    let tax = load_taxonomy(&a.taxonomy)?;
    let matcher = Matcher::new(&tax)?;
    let mut map = ColumnMap::parse(&a.map)?;
    map.as_of = a.as_of;
    map.date_order = a.date_order.map(crate::inputs_cmd::DateOrderArg::order);
    let opts = ScanOptions { map, max_description: a.max_description_bytes, dims: dims(&a.by)? };
    let engine = if a.cluster.is_some() { Engine::Datafusion } else { a.engine.unwrap_or_else(default_engine) };
    let table = match &a.title_map {
        Some(p) => Some(TitleTable::from_csv(p)?),
        None => None,
    };
    let summary = match engine {
        Engine::Rust => {
            // The catalog title coder takes a few tenths of a second to build: it is built on
            // another thread while the first chunks are read, parsed and scanned.
            let cell = culprit_postings::CoderCell::default();
            let coding = match &table {
                Some(t) => culprit_postings::Coding::Ready(t),
                None if a.no_coding => culprit_postings::Coding::Ready(&NoCoder),
                None => culprit_postings::Coding::Pending(&cell),
            };
            let mut times = a.timings.then(culprit_postings::StageTimes::default);
            let (res, coder_secs) = std::thread::scope(|sc| {
                let builder = matches!(coding, culprit_postings::Coding::Pending(_)).then(|| {
                    sc.spawn(|| {
                        let t = Instant::now();
                        let c = crate::coding::build_apart(crate::coding::postings_coder);
                        cell.set(c.map(|c| Box::new(c) as Box<dyn TitleCoder + Send>).map_err(|e| format!("{e:#}")));
                        t.elapsed().as_secs_f64()
                    })
                });
                let t = Instant::now();
                let res = (|| -> Result<(culprit_postings::JobOutcome, f64)> {
                    let mut csv = a.out.as_ref().map(|d| PostingsCsv::create(d)).transpose()?;
                    let outcome = culprit_postings::scan_files_streaming(&a.inputs, &matcher, coding, &opts, csv.as_mut(), times.as_mut())?;
                    if let Some(w) = csv {
                        w.finish()?;
                    }
                    Ok((outcome, t.elapsed().as_secs_f64()))
                })();
                let secs = builder.map(|b| b.join().unwrap_or(0.0));
                (res, secs)
            });
            let (outcome, secs) = res?;
            let t = Instant::now();
            let not_scanned = outcome.not_scanned();
            let s = Summary::new("rust", &matcher, &outcome.aggregates, outcome.files, not_scanned, secs);
            if let Some(dir) = &a.out {
                write_tables(dir, &matcher, &outcome.aggregates, &s)?;
            }
            if let Some(tm) = &times {
                print_timings(tm, coder_secs, t.elapsed().as_secs_f64(), start.elapsed().as_secs_f64());
            }
            // The process ends after the report: freeing the coder's hundreds of thousands of
            // allocations one by one would only delay that (about 10 ms).
            std::mem::forget(cell);
            s
        }
        Engine::Datafusion => {
            let real;
            let coder: &dyn TitleCoder = match &table {
                Some(t) => t,
                None if a.no_coding => &NoCoder,
                None => {
                    real = crate::coding::postings_coder()?;
                    &real
                }
            };
            run_engine(&a, &tax, &matcher, coder, &opts)?
        }
    };
    report(&a, &summary)
}

/// The stage line of `--timings` (stderr).
fn print_timings(t: &culprit_postings::StageTimes, coder: Option<f64>, tables: f64, whole: f64) {
    let threads = t.threads;
    eprintln!(
        "culprit: {} postings, {:.1} MB of description text, {:.2} s in all ({:.2} GB/s of text)",
        thousands(t.postings as f64, 0),
        t.bytes as f64 / 1e6,
        whole,
        t.bytes as f64 / 1e9 / whole.max(1e-9)
    );
    eprintln!(
        "culprit: stages, seconds: setup (format and columns) {:.3}; read {:.3} (reader thread, in read(){}); parse {:.3}, scan {:.3}, code {:.3}, aggregate {:.3}, encode rows {:.3} (summed over {threads} threads); write postings.csv {:.3}; waiting for the title coder {:.3}{}; tables and summary {:.3}{}",
        t.setup,
        t.read,
        if t.mapped_files > 0 { format!("; {} file(s) memory-mapped, not read", t.mapped_files) } else { String::new() },
        t.parse,
        t.scan,
        t.code,
        t.aggregate,
        t.encode,
        t.write,
        t.wait_coder,
        coder.map(|c| format!(" (built in {c:.3} on its own thread)")).unwrap_or_default(),
        tables,
        if t.batch_path > 0.0 { format!("; files read by the batch path (not JSON Lines) {:.3}", t.batch_path) } else { String::new() }
    );
}

#[cfg(feature = "engine")]
fn run_engine(a: &ScanArgs, tax: &Taxonomy, m: &Matcher, coder: &dyn TitleCoder, opts: &ScanOptions) -> Result<Summary> {
    use culprit_postings_engine::{run_scan, Target};
    let t = Instant::now();
    let (target, name) = match &a.cluster {
        Some(url) => (Target::Cluster { url: url.clone(), job_timeout: std::time::Duration::from_secs(a.cluster_timeout.max(1)) }, format!("ballista {url}")),
        None => (Target::Embedded, "datafusion".to_string()),
    };
    let mut csv = a.out.as_ref().map(|d| PostingsCsv::create(d)).transpose()?;
    let out = run_scan(&target, tax, &a.inputs, coder, opts, |rows| match csv.as_mut() {
        Some(w) => w.write(rows),
        None => Ok(()),
    })?;
    if let Some(w) = csv {
        w.finish()?;
    }
    let job = culprit_postings::JobOutcome { aggregates: out.aggregates, files: out.files };
    let not_scanned = job.not_scanned();
    let s = Summary::new(&name, m, &job.aggregates, job.files, not_scanned, t.elapsed().as_secs_f64());
    if let Some(dir) = &a.out {
        write_tables(dir, m, &job.aggregates, &s)?;
    }
    Ok(s)
}

/// The cluster roles listen on loopback unless --bind says otherwise: Ballista has no
/// authentication.
#[cfg(feature = "cluster")]
pub const DEFAULT_SCHEDULER_BIND: &str = "127.0.0.1:50050";
#[cfg(feature = "cluster")]
pub const DEFAULT_EXECUTOR_BIND: &str = "127.0.0.1:50051";

#[cfg(feature = "cluster")]
#[derive(Subcommand, Debug)]
pub enum ClusterCommand {
    /// Run an Apache DataFusion Ballista scheduler that knows culprit's UDFs.
    Scheduler {
        /// Address to listen on. Loopback (127.0.0.1) by default. Ballista has no authentication:
        /// another address (e.g. 0.0.0.0:50050) lets anyone who reaches it submit query plans,
        /// which the executors run with their file access (any file they can read). Bind one only
        /// on a network you trust (docs/postings.md).
        #[arg(long, default_value = DEFAULT_SCHEDULER_BIND)]
        bind: std::net::SocketAddr,
        #[arg(long)]
        taxonomy: Option<PathBuf>,
    },
    /// Run a Ballista executor with culprit's UDFs; serves on --bind (flight) and port + 1 (gRPC).
    Executor {
        /// The scheduler, df://HOST:PORT.
        #[arg(long)]
        scheduler: String,
        /// Address to serve on (and its port + 1). Loopback (127.0.0.1) by default. Ballista has
        /// no authentication: on another address (e.g. 0.0.0.0:50051) anyone who reaches it can
        /// fetch its task results (rows of the postings scanned) and send it tasks, which run
        /// query plans with this process's file access. Bind one only on a network you trust
        /// (docs/postings.md).
        #[arg(long, default_value = DEFAULT_EXECUTOR_BIND)]
        bind: std::net::SocketAddr,
        /// Tasks run at once (default: cores).
        #[arg(long)]
        concurrency: Option<usize>,
        /// A taxonomy file; must be the one the clients use (checked at connection).
        #[arg(long)]
        taxonomy: Option<PathBuf>,
        /// Directory for shuffle files.
        #[arg(long)]
        work_dir: Option<PathBuf>,
    },
}

#[cfg(feature = "cluster")]
pub fn run_cluster(cmd: ClusterCommand) -> Result<()> {
    // Ballista logs each job, stage and task at info; by default only its warnings and errors.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    match cmd {
        ClusterCommand::Scheduler { bind, taxonomy } => {
            let tax = load_taxonomy(&taxonomy)?;
            eprintln!("culprit: Ballista scheduler on {bind} (clients: --cluster df://HOST:{}), taxonomy {}", bind.port(), tax.version);
            warn_if_reachable(bind, "anyone who reaches it can submit query plans that the executors run with their file access");
            rt.block_on(culprit_postings_engine::cluster::run_scheduler(bind, &tax))?;
        }
        ClusterCommand::Executor { scheduler, bind, concurrency, taxonomy, work_dir } => {
            let tax = load_taxonomy(&taxonomy)?;
            let n = concurrency.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
            eprintln!("culprit: Ballista executor on {bind} for {scheduler}, {n} tasks, taxonomy {}", tax.version);
            warn_if_reachable(bind, "anyone who reaches it can fetch its task results and send it tasks that run with this process's file access");
            rt.block_on(culprit_postings_engine::cluster::run_executor(&scheduler, bind, n, &tax, work_dir.map(|p| p.display().to_string())))?;
        }
    }
    Ok(())
}

/// A bind beyond loopback is the user's explicit choice; say once what it exposes.
#[cfg(feature = "cluster")]
fn warn_if_reachable(bind: std::net::SocketAddr, what: &str) {
    if !bind.ip().is_loopback() {
        eprintln!("culprit: warning: {bind} is not loopback and Ballista has no authentication: {what}. Use it only on a network you trust (docs/postings.md).");
    }
}

#[cfg(not(feature = "engine"))]
fn run_engine(_: &ScanArgs, _: &Taxonomy, _: &Matcher, _: &dyn TitleCoder, _: &ScanOptions) -> Result<Summary> {
    bail!("this culprit was built without the DataFusion engine: use --engine rust, or rebuild with `cargo build --release --features engine`")
}

fn report(a: &ScanArgs, s: &Summary) -> Result<()> {
    // The mapping of every file read, before the results (stderr for JSON).
    let reads: Vec<(culprit_input::SourceInfo, culprit_input::Mapping)> = s
        .files
        .iter()
        .filter_map(|f| f.mapping.clone().map(|m| (f.source.clone().unwrap_or_else(|| culprit_input::SourceInfo { path: f.path.display().to_string(), format: "file".into(), ..Default::default() }), m)))
        .collect();
    crate::inputs_cmd::print_mappings(&reads, a.format != Format::Table);
    for line in &s.not_scanned {
        eprintln!("culprit: not scanned: {line}");
    }
    let no_month: u64 = s.files.iter().map(|f| f.no_month).sum();
    let relative: u64 = s.files.iter().map(|f| f.relative_dates).sum();
    match a.format {
        Format::Json => print_json(s)?,
        f => {
            let mut t = Table::new(["measure", "value"]).numeric([1]);
            let opt = |x: Option<f64>| x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into());
            t.push(["postings scanned".to_string(), thousands(s.postings as f64, 0)]);
            t.push(["postings mentioning AI".to_string(), format!("{} ({})", thousands(s.ai_postings as f64, 0), s.ai_share.map(|x| pct(x, 1)).unwrap_or_else(|| "n/a".into()))]);
            t.push(["generic / specific / tool mentions".to_string(), format!("{} / {} / {}", s.generic_mentions, s.specific_mentions, s.tool_mentions)]);
            t.push(["specificity index = specific/(generic+specific)".to_string(), opt(s.specificity_index)]);
            t.push(["AI postings naming only generic terms".to_string(), s.generic_only_share.map(|x| pct(x, 1)).unwrap_or_else(|| "n/a".into())]);
            for (k, v) in &s.contexts {
                t.push([format!("context: {k}"), thousands(*v as f64, 0)]);
            }
            t.push(["rows skipped".to_string(), s.rows_skipped.to_string()]);
            t.push([
                "postings without a month".to_string(),
                if relative > 0 { format!("{} ({} relative dates such as '3 days ago': give --as-of DATE)", thousands(no_month as f64, 0), thousands(relative as f64, 0)) } else { thousands(no_month as f64, 0) },
            ]);
            t.push(["engine, seconds".to_string(), format!("{}, {:.2}", s.engine, s.seconds)]);
            print_table(&t, f)?;
            if f == Format::Table {
                let mut k = Table::new(["keyword", "class", "mentions", "postings"]).numeric([2, 3]);
                for r in s.top_keywords.iter().take(10) {
                    k.push([r.keyword.clone(), r.class.as_str().into(), thousands(r.mentions as f64, 0), thousands(r.postings as f64, 0)]);
                }
                println!("{}", k.to_terminal());
                if let Some(d) = &a.out {
                    println!("written to {}: postings.csv, by_*.csv, keywords.csv, summary.json, keywords.svg", d.display());
                }
            }
        }
    }
    let aborted: Vec<_> = s.files.iter().filter(|f| f.aborted.is_some()).collect();
    if !aborted.is_empty() {
        bail!(
            "{} of {} input files were not fully scanned (see above); the results cover the rest",
            aborted.len(),
            s.files.len()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------- synth

#[derive(Args, Debug)]
pub struct SynthPostingsArgs {
    /// Number of postings.
    #[arg(long)]
    pub n: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Output JSON Lines file (id, date, company, title, description, location).
    #[arg(long)]
    pub out: PathBuf,
    /// Multiply every occupation's AI-mention rate.
    #[arg(long, default_value_t = 1.0)]
    pub ai_scale: f64,
    /// Set one occupation's base AI-mention rate, SOC=RATE (e.g. 29-1141=0.2). Repeatable.
    #[arg(long = "rate", value_name = "SOC=RATE")]
    pub rates: Vec<String>,
    /// Also write the generator's title list (title, soc, occupation) for `scan --title-map`.
    #[arg(long)]
    pub titles_out: Option<PathBuf>,
}

pub fn run_synth_postings(a: SynthPostingsArgs) -> Result<()> {
    let mut rates = BTreeMap::new();
    for r in &a.rates {
        let (soc, v) = r.split_once('=').with_context(|| format!("--rate {r}: expected SOC=RATE"))?;
        let v: f64 = v.parse().with_context(|| format!("--rate {r}: not a number"))?;
        if !(0.0..=1.0).contains(&v) {
            bail!("--rate {r}: a rate is between 0 and 1");
        }
        if !synth::OCCUPATIONS.iter().any(|o| o.soc == soc) {
            bail!("--rate {r}: the generator has no occupation {soc} (it has {})", synth::OCCUPATIONS.iter().map(|o| o.soc).collect::<Vec<_>>().join(", "));
        }
        rates.insert(soc.to_string(), v);
    }
    let cfg = SynthConfig { n: a.n, seed: a.seed, ai_scale: a.ai_scale, rates, ..Default::default() };
    let t = Instant::now();
    let f = std::fs::File::create(&a.out).with_context(|| format!("cannot create {}", a.out.display()))?;
    let bytes = synth::write_jsonl(&cfg, std::io::BufWriter::with_capacity(1 << 20, f)).with_context(|| format!("writing {}", a.out.display()))?;
    if let Some(p) = &a.titles_out {
        culprit_postings::output::write_csv(p, &synth::title_rows().into_iter().map(|(title, soc, occupation)| TitleRow { title, soc, occupation }).collect::<Vec<_>>())?;
    }
    eprintln!(
        "culprit: wrote {} postings ({:.1} MB of description text) to {} in {:.1} s",
        a.n,
        bytes as f64 / 1e6,
        a.out.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

#[derive(serde::Serialize)]
struct TitleRow {
    title: String,
    soc: String,
    occupation: String,
}
