//! `culprit data ...`, `culprit occupation`, `culprit occupations`, `culprit exposure summary`.

use crate::output::{pct, print_json, print_table, thousands, Format, Table};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use culprit_data::catalog::{catalog_path, Catalog};
use culprit_data::lookup::{self, Found, OccupationView};
use culprit_data::national::{national_summary, MeasureSummary, RULE};
use culprit_data::observed::{OBSERVED_AUTOMATION, OBSERVED_EXPOSURE, OBSERVED_USAGE};
use culprit_data::Registry;
use std::time::Instant;

/// Open the catalog, building it on first use (said on stderr, with the time it took).
pub fn open_catalog() -> Result<Catalog> {
    Ok(open_catalog_file()?.0)
}

/// [`open_catalog`], with the path of the catalog file (the compiled title coder is kept beside it).
pub fn open_catalog_file() -> Result<(Catalog, std::path::PathBuf)> {
    let reg = Registry::builtin()?;
    let t = Instant::now();
    let (cat, opened) = Catalog::open(&reg)?;
    if opened.rebuilt {
        eprintln!(
            "culprit: built the catalog ({}) in {:.2} s -> {}",
            opened.reason.unwrap_or_default(),
            t.elapsed().as_secs_f64(),
            opened.path.display()
        );
    }
    Ok((cat, opened.path))
}

#[derive(Subcommand, Debug)]
pub enum DataCommand {
    /// List every upstream source: where it was found and whether its sha256 matches.
    Status {
        /// Skip hashing the files (faster; says only where they are).
        #[arg(long)]
        no_verify: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Download missing sources into the cache and verify them (needs internet).
    ///
    /// With --company TICKER|CIK: download that company's SEC companyfacts and latest 10-K from
    /// EDGAR into the cache, where `culprit company report --company` reads them.
    Fetch {
        /// A company's ticker or CIK (SEC EDGAR).
        #[arg(long)]
        company: Option<String>,
        /// The User-Agent SEC asks for: "Your Name you@example.org" (else $CULPRIT_SEC_USER_AGENT).
        #[arg(long, requires = "company")]
        user_agent: Option<String>,
    },
    /// Rebuild the compiled catalog now and print its coverage.
    Build {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run_data(cmd: DataCommand) -> Result<()> {
    let reg = Registry::builtin()?;
    match cmd {
        DataCommand::Status { no_verify, format } => {
            let st = reg.status(!no_verify);
            if format == Format::Json {
                return print_json(&st);
            }
            let mut t = Table::new(["source", "found in", "verified", "licence", "path"]);
            for s in &st {
                t.push([
                    s.id.clone(),
                    s.location.to_string(),
                    match s.verified {
                        Some(true) => "sha256 ok".into(),
                        Some(false) => "MISMATCH".into(),
                        None if s.found.is_some() => "not checked".into(),
                        None => "-".into(),
                    },
                    s.licence.clone(),
                    s.found.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| s.path.clone()),
                ]);
            }
            print_table(&t, format)?;
            if format == Format::Table {
                let missing = st.iter().filter(|s| s.found.is_none()).count();
                let bad = st.iter().filter(|s| s.verified == Some(false)).count();
                println!(
                    "{} sources: {} found, {} missing, {} with a wrong hash. Search order: $CULPRIT_MIRROR, {}, cache {}",
                    st.len(),
                    st.len() - missing,
                    missing,
                    bad,
                    reg.mirrors.iter().map(|m| m.display().to_string()).collect::<Vec<_>>().join(", "),
                    reg.cache.display()
                );
                println!("catalog: {}", catalog_path(&reg).display());
            }
            Ok(())
        }
        DataCommand::Fetch { company: Some(c), user_agent } => {
            let ua = culprit_data::edgar::user_agent(user_agent.as_deref())?;
            let cache = culprit_data::registry::default_cache();
            let got = culprit_data::edgar::fetch_company(&c, &cache, &ua, &|m| eprintln!("fetching {m}"))?;
            println!("CIK {}{}: {} file(s) in {}", got.cik, got.name.map(|n| format!(" ({n})")).unwrap_or_default(), got.files.len(), culprit_data::edgar::company_dir(&cache, &got.cik).display());
            for f in &got.files {
                println!("  {}", f.display());
            }
            Ok(())
        }
        DataCommand::Fetch { company: None, .. } => {
            let fetched = reg.fetch_missing(|s| eprintln!("fetching {} from {}", s.id, s.url))?;
            if fetched.is_empty() {
                println!("every source is present; nothing to fetch");
            } else {
                println!("fetched and verified: {}", fetched.join(", "));
            }
            Ok(())
        }
        DataCommand::Build { format } => {
            let t = Instant::now();
            let cat = Catalog::build(&reg)?;
            let built = t.elapsed();
            let path = catalog_path(&reg);
            cat.write(&path)?;
            if format == Format::Json {
                return print_json(&cat.coverage);
            }
            println!("built the catalog in {:.2} s -> {}", built.as_secs_f64(), path.display());
            print_coverage(&cat);
            Ok(())
        }
    }
}

pub fn print_coverage(cat: &Catalog) {
    let c = &cat.coverage;
    let mut t = Table::new(["what", "with", "without", "note"]).numeric([1, 2]);
    t.push([
        "O*NET 29.2 tasks with exposure labels".into(),
        thousands(c.onet_tasks_labeled as f64, 0),
        thousands(c.onet_tasks_unlabeled as f64, 0),
        format!("labels are for an older O*NET task list; {} labelled tasks are not in 29.2", thousands(c.label_tasks_not_in_onet as f64, 0)),
    ]);
    t.push([
        "O*NET occupations with exposure".into(),
        thousands((c.occupations_label_set + c.occupations_task_join) as f64, 0),
        thousands(c.occupations_without_exposure as f64, 0),
        format!("{} from the label set's task lists, {} by joining 29.2 tasks to labels", c.occupations_label_set, c.occupations_task_join),
    ]);
    t.push([
        "SOC occupations with OEWS employment".into(),
        thousands(c.socs_with_employment as f64, 0),
        thousands((c.socs - c.socs_with_employment) as f64, 0),
        format!("{} with both employment and exposure ({} OEWS aggregate codes take the mean of their detailed codes)", c.socs_with_both, c.oews_aggregates),
    ]);
    t.push([
        "Employment in occupations with exposure".into(),
        thousands(c.employment_covered, 0),
        thousands(c.employment_total - c.employment_covered, 0),
        format!("{} of OEWS all-occupation employment {}", pct(c.employment_covered / c.employment_total, 1), thousands(c.employment_total, 0)),
    ]);
    t.push([
        "Employment with an AI applicability score".into(),
        thousands(c.employment_with_applicability, 0),
        thousands(c.employment_total - c.employment_with_applicability, 0),
        format!("{} SOC codes scored", c.socs_with_applicability),
    ]);
    t.push([
        "Job titles indexed".into(),
        thousands(c.titles as f64, 0),
        "".into(),
        c.titles_by_kind.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", "),
    ]);
    println!("{}", t.to_terminal());
    print_observed_coverage(cat);
    if !c.largest_without_exposure.is_empty() {
        println!("largest occupations left out of exposure figures (no labelled tasks):");
        for (soc, title, emp) in &c.largest_without_exposure {
            println!("  {soc}  {title}: {}", thousands(*emp, 0));
        }
    }
}

/// The join of the Anthropic Economic Index to the catalog's tasks, rule by rule.
pub fn print_observed_coverage(cat: &Catalog) {
    let o = &cat.coverage.observed;
    if let Some(gap) = &o.gap {
        println!("observed AI use: {gap}");
        return;
    }
    let mut t = Table::new(["Anthropic Economic Index task texts", "tasks", "share of usage", "rule"]).numeric([1, 2]);
    for r in &o.by_rule {
        let rule = match r.rule.as_str() {
            "text" => "normalised text equals an O*NET 29.2 (or label-set) task's".to_string(),
            "task_id" => "the release's own task statement has the Task ID of a catalog task".to_string(),
            "fuzzy" => format!("closest task text of the same occupation (2010 -> 2019 crosswalk), bigram similarity >= {:.2}", o.fuzzy_threshold),
            "unmatched" => "no counterpart in O*NET 29.2 (the task was dropped or rewritten beyond the threshold)".to_string(),
            _ => "conversations the release mapped to no task".to_string(),
        };
        t.push([format!("  {}", r.rule), thousands(r.tasks as f64, 0), pct(r.usage, 1), rule]);
    }
    println!("{}", t.to_terminal());
    println!(
        "  usage matched {} ({} texts differing only in punctuation merged); the release's {} task statements matched {}: {} catalog tasks known to the release, {} with use; {} O*NET and {} SOC occupations with observed figures ({} O*NET occupations left out: the release lists under {} of their task weight)",
        pct(o.usage_matched, 1),
        o.merged_texts,
        thousands(o.statements as f64, 0),
        thousands(o.statements_matched as f64, 0),
        thousands(o.catalog_tasks_known as f64, 0),
        thousands(o.catalog_tasks_used as f64, 0),
        o.occupations_observed,
        o.socs_observed,
        o.occupations_too_few_known,
        pct(culprit_data::observed::MIN_KNOWN_SHARE, 0)
    );
    if !o.largest_unmatched.is_empty() {
        println!("  largest unmatched: {}", o.largest_unmatched.iter().take(5).map(|(t, s)| format!("`{t}` {}", pct(*s, 2))).collect::<Vec<_>>().join("; "));
    }
}

#[derive(Args, Debug)]
pub struct OccupationArgs {
    /// A SOC code (15-1252), an O*NET-SOC code (15-1252.00) or words ("human resources managers").
    pub query: Vec<String>,
    /// How many tasks to show in the table (all in csv and json).
    #[arg(long, default_value_t = 25)]
    pub tasks: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run_occupation(args: OccupationArgs) -> Result<()> {
    let query = args.query.join(" ");
    if query.trim().is_empty() {
        bail!("give a SOC code (15-1252), an O*NET-SOC code (15-1252.00) or words, e.g. culprit occupation \"human resources managers\"");
    }
    let cat = open_catalog()?;
    match lookup::find(&cat, &query) {
        Found::None => bail!("no occupation matches `{query}`; try fewer words, or `culprit occupations` for the full list"),
        Found::Several(c) => {
            if args.format == Format::Json {
                let v: Vec<_> = c
                    .iter()
                    .map(|(i, score, matched)| serde_json::json!({"soc": cat.socs[*i].soc, "title": cat.socs[*i].title, "score": score, "matched_title": matched}))
                    .collect();
                return print_json(&serde_json::json!({"query": query, "matches": v}));
            }
            let mut t = Table::new(["rank", "soc", "occupation", "matched title", "score", "employment"]).numeric([0, 4, 5]);
            for (k, (i, score, matched)) in c.iter().enumerate() {
                let s = &cat.socs[*i];
                t.push([
                    (k + 1).to_string(),
                    s.soc.clone(),
                    s.title.clone(),
                    matched.clone(),
                    format!("{score:.2}"),
                    s.employment.map(|e| thousands(e, 0)).unwrap_or_else(|| "-".into()),
                ]);
            }
            print_table(&t, args.format)?;
            if args.format == Format::Table {
                println!("{} occupations match `{query}`; show one with `culprit occupation <soc>`", c.len());
            }
            Ok(())
        }
        Found::One { soc, onet } => {
            let v = OccupationView::new(&cat, soc, onet);
            match args.format {
                Format::Json => print_json(&v),
                Format::Csv => print_tasks(&v, usize::MAX, Format::Csv),
                Format::Table => {
                    print_occupation(&v);
                    print_tasks(&v, args.tasks, Format::Table)
                }
            }
        }
    }
}

fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map(f).unwrap_or_else(|| "-".into())
}

fn print_occupation(v: &OccupationView) {
    println!("{}  {}", v.soc, v.title);
    println!(
        "  employment {} (OEWS May 2025)   annual wage: mean ${}, median ${}{}",
        opt(v.employment, |e| thousands(e, 0)),
        opt(v.annual_mean_wage, |e| thousands(e, 0)),
        opt(v.annual_median_wage, |e| thousands(e, 0)),
        if v.wage_footnotes.is_empty() { String::new() } else { format!("  (BLS footnotes: {})", v.wage_footnotes.join(", ")) }
    );
    let mut t = Table::new(["measure", "exposure", "rule"]).numeric([1]);
    for m in &v.measures {
        t.push([m.measure.to_string(), opt(m.value, |x| pct(x, 1)), m.rule.to_string()]);
    }
    t.push(["ms_ai_applicability".to_string(), opt(v.ai_applicability, |x| format!("{x:.3}")), "Microsoft Working with AI score (0-1)".to_string()]);
    let o = &v.observed;
    t.push([OBSERVED_USAGE.to_string(), opt(o.observed_usage, |x| pct(x, 1)), "share of task weight with any Claude use (Anthropic Economic Index)".to_string()]);
    t.push([OBSERVED_AUTOMATION.to_string(), opt(o.observed_automation, |x| pct(x, 1)), "usage-weighted share of use that automates (directive, feedback loop)".to_string()]);
    t.push([OBSERVED_EXPOSURE.to_string(), opt(o.observed_exposure, |x| pct(x, 1)), "task weight exposed (human beta > 0) and used; automation 1, augmentation 0.5".to_string()]);
    println!("{}", t.to_terminal());
    match (o.theoretical_share, o.observed_exposure) {
        (Some(th), Some(obs)) => println!(
            "  Could versus does: {} of the task weight is exposed in theory (human beta > 0), {} is exposed and used ({} of {} tasks the release lists have use; {} of all Claude conversations)",
            pct(th, 1),
            pct(obs, 1),
            o.used_tasks,
            o.known_tasks,
            opt(o.usage_share, |x| pct(x, 2))
        ),
        _ => println!("  Observed use: {}", o.gap.clone().unwrap_or_else(|| "no labelled task the release lists".into())),
    }
    if !o.top_tasks.is_empty() {
        println!("  Most used tasks (share of all Claude conversations, automation share of that use, join rule):");
        for (k, task) in o.top_tasks.iter().enumerate() {
            println!(
                "    {}. {}  {}  automation {}  [{}]  {}",
                k + 1,
                opt(task.usage_share, |x| pct(x, 3)),
                label(task.human_label),
                opt(task.automation_share, |x| pct(x, 0)),
                task.usage_join.map(|r| r.name()).unwrap_or("-"),
                task.task
            );
        }
    }
    for o in &v.onet_occupations {
        println!(
            "  O*NET {} {} (job zone {}): {} labelled tasks, exposure from {:?}",
            o.onet_soc,
            o.title,
            o.job_zone.map(|z| z.to_string()).unwrap_or_else(|| "-".into()),
            o.labeled_tasks,
            o.exposure_basis
        );
    }
    println!("  {}", v.caveat);
}

fn label(l: Option<culprit_data::Label>) -> String {
    l.map(|l| format!("{l:?}")).unwrap_or_else(|| "-".into())
}

fn print_tasks(v: &OccupationView, limit: usize, format: Format) -> Result<()> {
    let mut t = Table::new(["onet_soc", "task_id", "type", "in", "human", "gpt4", "human_beta", "gpt4_beta", "task"]).numeric([1, 6, 7]);
    for task in v.tasks.iter().take(limit) {
        t.push([
            task.onet_soc.clone(),
            task.task_id.to_string(),
            format!("{:?}", task.task_type),
            match task.origin {
                culprit_data::catalog::TaskOrigin::Onet => "O*NET 29.2".into(),
                culprit_data::catalog::TaskOrigin::LabelSetOnly => "label set".into(),
            },
            label(task.human_label),
            label(task.gpt4_label),
            opt(task.human_beta, |x| format!("{x:.1}")),
            opt(task.gpt4_beta, |x| format!("{x:.1}")),
            task.task.clone(),
        ]);
    }
    print_table(&t, format)?;
    if format == Format::Table && v.tasks.len() > limit {
        println!("  ... {} more tasks (--tasks N, or --format csv for all)", v.tasks.len() - limit);
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct OccupationsArgs {
    /// Sort by: employment, wage, gpt4_alpha|beta|gamma, human_alpha|beta|gamma, ms_ai_applicability,
    /// observed_usage|automation|exposure, soc.
    #[arg(long, default_value = "human_beta")]
    pub sort: String,
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run_occupations(args: OccupationsArgs) -> Result<()> {
    let cat = open_catalog()?;
    let mut rows = lookup::occupation_rows(&cat, &args.sort).map_err(anyhow::Error::msg)?;
    let total = rows.len();
    if let Some(n) = args.limit {
        rows.truncate(n);
    }
    if args.format == Format::Json {
        return print_json(&rows);
    }
    let mut t = Table::new([
        "soc", "title", "employment", "median_wage", "gpt4_a", "gpt4_b", "gpt4_g", "human_a", "human_b", "human_g", "ms_applic", "obs_usage", "obs_auto",
        "obs_exp",
    ])
    .numeric(2..14);
    let raw = args.format == Format::Csv;
    let p = |x: Option<f64>| x.map(|x| if raw { format!("{x}") } else { pct(x, 1) }).unwrap_or_default();
    for r in &rows {
        t.push([
            r.soc.clone(),
            r.title.clone(),
            r.employment.map(|e| if raw { format!("{e}") } else { thousands(e, 0) }).unwrap_or_default(),
            r.annual_median_wage.map(|e| if raw { format!("{e}") } else { thousands(e, 0) }).unwrap_or_default(),
            p(r.gpt4_alpha),
            p(r.gpt4_beta),
            p(r.gpt4_gamma),
            p(r.human_alpha),
            p(r.human_beta),
            p(r.human_gamma),
            r.ms_ai_applicability.map(|x| format!("{x:.3}")).unwrap_or_default(),
            p(r.observed_usage),
            p(r.observed_automation),
            p(r.observed_exposure),
        ]);
    }
    print_table(&t, args.format)?;
    if args.format == Format::Table {
        println!("{} of {total} SOC occupations, sorted by {}. {}", rows.len(), args.sort, lookup::CAVEAT);
    }
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum ExposureCommand {
    /// National figures: share of workers with >=10% and >=50% of tasks exposed, mean exposure.
    Summary {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run_exposure(cmd: ExposureCommand) -> Result<()> {
    let ExposureCommand::Summary { format } = cmd;
    let cat = open_catalog()?;
    let rows = national_summary(&cat);
    if format == Format::Json {
        return print_json(&rows);
    }
    print_summary(&rows, format).context("printing the summary")
}

fn print_summary(rows: &[MeasureSummary], format: Format) -> Result<()> {
    let raw = format == Format::Csv;
    let f = |x: f64| if x.is_nan() { "-".to_string() } else if raw { format!("{x:.6}") } else { pct(x, 1) };
    let mut t = Table::new(["measure", ">=10% of tasks", ">=50% of tasks", "mean", "paper", "ours - paper", "workers covered"]).numeric([1, 2, 3, 6]);
    for r in rows {
        let (paper, diff) = match &r.published {
            Some(p) => {
                let mut a = Vec::new();
                let mut d = Vec::new();
                if let Some(x) = p.share_ge_10pct {
                    a.push(format!(">=10%: {}", pct(x, 0)));
                    d.push(format!("{:+.1} pts", (r.share_ge_10pct - x) * 100.0));
                }
                if let Some(x) = p.share_ge_50pct {
                    a.push(format!(">=50%: {}", pct(x, 0)));
                    d.push(format!("{:+.1} pts", (r.share_ge_50pct - x) * 100.0));
                }
                if let Some((lo, hi)) = p.mean {
                    if lo == hi {
                        a.push(format!("tasks: {}", pct(lo, 0)));
                        d.push(format!("{:+.1} pts", (r.mean - lo) * 100.0));
                    } else {
                        a.push(format!("tasks: {}-{}", pct(lo, 0), pct(hi, 0)));
                        let off = if r.mean < lo { r.mean - lo } else if r.mean > hi { r.mean - hi } else { 0.0 };
                        d.push(if off == 0.0 { "within".into() } else { format!("{:+.1} pts", off * 100.0) });
                    }
                }
                (a.join("; "), d.join("; "))
            }
            None => match r.usage_matched {
                Some(m) => (format!("usage matched: {}", pct(m, 1)), "-".into()),
                None => ("-".into(), "-".into()),
            },
        };
        t.push([
            r.measure.clone(),
            f(r.share_ge_10pct),
            f(r.share_ge_50pct),
            f(r.mean),
            paper,
            diff,
            if raw { format!("{}", r.covered_employment) } else { format!("{} of {}", thousands(r.covered_employment, 0), thousands(r.total_employment, 0)) },
        ]);
    }
    print_table(&t, format)?;
    if format == Format::Table {
        println!("Rule: {RULE}.");
        println!("The paper's 80% / 19% are worker shares; its 15% and 47-56% are shares of all tasks (unweighted), so they compare only roughly with an employment-weighted mean.");
        println!("{}", lookup::CAVEAT);
        if let Some(r) = rows.iter().find(|r| r.measure == OBSERVED_EXPOSURE) {
            println!("Observed (Anthropic Economic Index 2025-03-27, Claude.ai conversations Feb-Mar 2025): observed_usage = {}; observed_automation = {}; observed_exposure = {}. `usage matched` is the share of the release's conversations whose task joined a catalog task (culprit data build shows the join rule by rule).", culprit_data::observed::RULE_USAGE, culprit_data::observed::RULE_AUTOMATION, r.rule);
        }
        println!("Sources: Eloundou et al. (2024) labels (MIT); O*NET 29.2 (CC BY 4.0); BLS OEWS May 2025; Microsoft Working with AI (CC BY 4.0); Anthropic Economic Index (CC BY).");
    }
    Ok(())
}
