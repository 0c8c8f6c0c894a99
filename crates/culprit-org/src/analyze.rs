//! The whole pipeline (import -> validate -> code titles -> spans and layers -> roll-ups), its
//! summary, the tables written to an output directory, and the view of one team.

use crate::coder::{code_people, Coding, JobCoder, LOW_CONFIDENCE};
use ahash::AHashMap;
use crate::error::{OrgError, Result};
use crate::import::{import_path, ImportOptions, Progress};
use crate::privacy::Privacy;
use crate::raw::SourceInfo;
use crate::rollup::{self, ExposureStats, GroupRow, Rollups, TeamRow};
use crate::spans::{self, ArchetypeConfig, SpanSummary, Spans};
use crate::tables::{write_table, Frame};
use crate::tree::Org;
use crate::validate::{validate, Problem, ProblemKind, ValidateOptions, ValidationReport};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    pub import: ImportOptions,
    pub validate: ValidateOptions,
    pub archetypes: ArchetypeConfig,
    pub privacy: Privacy,
    pub low_confidence: f32,
    /// Build one row per manager (teams.csv, `org team`). Off where only the summary and the
    /// groups are wanted: the rows are about a third of the roll-ups' time.
    pub team_rows: bool,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            import: ImportOptions::default(),
            validate: ValidateOptions::default(),
            archetypes: ArchetypeConfig::default(),
            privacy: Privacy::default(),
            low_confidence: LOW_CONFIDENCE,
            team_rows: true,
        }
    }
}

/// What the import did: rows read, people kept, problems by kind.
#[derive(Debug, Clone, Serialize)]
pub struct ImportSummary {
    #[serde(flatten)]
    pub source: SourceInfo,
    pub rows_read: u64,
    pub people_kept: u64,
    pub problems: BTreeMap<ProblemKind, u64>,
    pub repaired: bool,
    pub placeholder_manager: bool,
    /// Managers named by several rows but not in the file (placeholders: not people, no pay),
    /// counted apart from `people`.
    pub placeholder_managers: Vec<crate::validate::PlaceholderManager>,
}

/// Exposure of the whole organisation and how it was obtained.
#[derive(Debug, Clone, Serialize)]
pub struct ExposureSummary {
    pub coder: String,
    pub headline_measure: String,
    pub measures: Vec<String>,
    pub low_confidence_threshold: f32,
    pub distinct_titles: usize,
    pub titles_coded: usize,
    #[serde(flatten)]
    pub stats: ExposureStats,
    pub note: &'static str,
}

/// The organisation summary. Other tools rely on `people`, `managers`, `layers`, `mean_span`,
/// `median_span` and `payroll` at the top level.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// People, managers, layers, spans (written at the top level).
    #[serde(flatten)]
    pub spans: SpanSummary,
    /// Annual payroll of people with known pay; null when there is no pay column or the
    /// organisation is smaller than the privacy threshold.
    pub payroll: Option<f64>,
    pub mean_pay: Option<f64>,
    pub pay_known: Option<u64>,
    pub top: String,
    pub exposure: ExposureSummary,
    pub import: ImportSummary,
    pub privacy: PrivacyNote,
    pub archetypes: ArchetypeConfig,
    /// Seconds per stage.
    pub timings: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrivacyNote {
    pub min_group: u64,
    pub rule: String,
    pub groups_suppressed: u64,
}

pub struct Analysis {
    pub org: Org,
    pub report: ValidationReport,
    pub coding: Coding,
    pub spans: Spans,
    pub rollups: Rollups,
    pub summary: Summary,
}

/// Run the whole pipeline on a file.
pub fn analyze(path: &Path, opts: &AnalyzeOptions, coder: &dyn JobCoder, progress: Progress<'_>) -> Result<Analysis> {
    let mut timings = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name: &str, t: &mut Instant| {
        timings.push((name.to_string(), t.elapsed().as_secs_f64()));
        *t = Instant::now();
    };
    let raw = import_path(path, &opts.import, progress)?;
    lap("import", &mut t);
    progress("validate", 0, None);
    let (org, report) = validate(raw, &opts.validate)?;
    lap("validate", &mut t);
    progress("code titles", 0, None);
    let coding = code_people(&org, coder, opts.low_confidence);
    lap("code titles", &mut t);
    let spans = spans::compute(&org, &opts.archetypes);
    lap("spans and layers", &mut t);
    progress("roll up", 0, None);
    let rollups = rollup::compute_with(&org, &coding, &spans, &opts.privacy, opts.team_rows);
    lap("roll-ups", &mut t);
    let summary = summarise(&org, &report, &coding, &spans, &rollups, opts, timings);
    Ok(Analysis { org, report, coding, spans, rollups, summary })
}

fn summarise(
    org: &Org,
    report: &ValidationReport,
    coding: &Coding,
    spans: &Spans,
    r: &Rollups,
    opts: &AnalyzeOptions,
    timings: Vec<(String, f64)>,
) -> Summary {
    let s = &spans.summary;
    let suppressed = r.layers.iter().chain(&r.departments).chain(&r.levels).chain(&r.occupations).filter(|g| g.pay_suppressed).count()
        + r.teams_pay_suppressed as usize;
    Summary {
        spans: s.clone(),
        payroll: r.total.payroll,
        mean_pay: r.total.mean_pay,
        pay_known: r.total.pay_known,
        top: org.id(org.root as usize).to_string(),
        exposure: ExposureSummary {
            coder: coding.coder.clone(),
            headline_measure: coding.headline_measure.clone(),
            measures: coding.measures.clone(),
            low_confidence_threshold: coding.low_confidence_threshold,
            distinct_titles: coding.distinct_titles,
            titles_coded: coding.titles_coded,
            stats: r.total.exposure.clone(),
            note: "Exposure is technical feasibility of AI doing the tasks, not a probability of losing a job.",
        },
        import: ImportSummary {
            source: org.source.clone(),
            rows_read: report.rows_read,
            people_kept: report.people_kept,
            problems: report.counts.clone(),
            repaired: report.repaired,
            placeholder_manager: report.placeholder,
            placeholder_managers: report.placeholders.clone(),
        },
        privacy: PrivacyNote {
            min_group: opts.privacy.min_group,
            rule: format!(
                "pay is not shown for groups of fewer than {} people, nor where shown figures could be subtracted to isolate fewer (see docs/org.md)",
                opts.privacy.min_group
            ),
            groups_suppressed: suppressed as u64,
        },
        archetypes: opts.archetypes.clone(),
        timings,
    }
}

/// One row per person (people.csv): occupation-derived figures only, never pay.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub employee_id: String,
    pub manager_id: String,
    pub title: String,
    pub department: String,
    pub level: String,
    pub layer: u16,
    pub span: u32,
    pub people_under: u32,
    pub soc: String,
    pub occupation: String,
    pub coding_confidence: Option<f32>,
    pub low_confidence: bool,
    pub ai_doable_share: Option<f64>,
    pub benchmark_median_wage: Option<f64>,
    pub benchmark_mean_wage: Option<f64>,
    #[serde(flatten)]
    pub exposure: BTreeMap<String, Option<f64>>,
}

pub fn people_rows(a: &Analysis) -> Vec<PersonRow> {
    let org = &a.org;
    let c = &a.coding;
    (0..org.nodes())
        .filter(|&i| org.is_person(i))
        .map(|i| {
            let occ = c.occupation_of(org, i).map(|o| &c.occupations[o]);
            let conf = c.confidence_of(org, i);
            let p = org.parent[i];
            PersonRow {
                employee_id: org.id(i).to_string(),
                manager_id: if p == crate::raw::NONE { String::new() } else { org.id(p as usize).to_string() },
                title: org.title.get(i).unwrap_or("").to_string(),
                department: org.department.get(i).unwrap_or("").to_string(),
                level: org.level.get(i).unwrap_or("").to_string(),
                layer: org.layer(i),
                span: org.span[i],
                people_under: org.under[i],
                soc: occ.map(|o| o.soc.clone()).unwrap_or_default(),
                occupation: occ.map(|o| o.name.clone()).unwrap_or_default(),
                coding_confidence: conf,
                low_confidence: conf.is_some_and(|x| c.is_low(x)),
                ai_doable_share: occ.map(|o| o.ai_doable_share),
                benchmark_median_wage: occ.and_then(|o| o.median_wage),
                benchmark_mean_wage: occ.and_then(|o| o.mean_wage),
                exposure: c
                    .measures
                    .iter()
                    .enumerate()
                    .map(|(m, n)| (format!("exposure_{n}"), occ.map(|o| o.exposure[m]).filter(|v| !v.is_nan())))
                    .collect(),
            }
        })
        .collect()
}

/// Write the validation report (every problem) as CSV.
pub fn write_validation(report: &ValidationReport, path: &Path) -> Result<()> {
    #[derive(Serialize)]
    struct Row<'a> {
        line: u64,
        employee_id: &'a str,
        problem: &'static str,
        detail: &'a str,
        repair: &'a str,
    }
    let rows: Vec<Row<'_>> = report
        .problems
        .iter()
        .map(|p: &Problem| Row { line: p.line, employee_id: &p.employee_id, problem: p.kind.label(), detail: &p.detail, repair: &p.repair })
        .collect();
    let mut w = csv::Writer::from_path(path).map_err(|e| OrgError::Write { path: path.to_path_buf(), message: e.to_string() })?;
    if rows.is_empty() {
        // serialize() writes the header with the first row; a clean file still gets one.
        w.write_record(["line", "employee_id", "problem", "detail", "repair"])
            .map_err(|e| OrgError::Write { path: path.to_path_buf(), message: e.to_string() })?;
    }
    for r in &rows {
        w.serialize(r).map_err(|e| OrgError::Write { path: path.to_path_buf(), message: e.to_string() })?;
    }
    w.flush().map_err(|e| OrgError::Write { path: path.to_path_buf(), message: e.to_string() })
}

/// One distinct job title (titles.csv): how many people hold it and how the coder read it,
/// largest first, so that the titles worth an override (uncoded or low confidence, many people)
/// are at the top. Headcounts and titles only, never pay.
#[derive(Debug, Clone, Serialize)]
pub struct TitleRow {
    pub title: String,
    /// The department that gave a title naming only a role ("Associate") its function; such a
    /// title has one row per department. Empty when the title alone decided.
    pub department: String,
    pub people: u64,
    /// "coded", "low confidence" (below the threshold) or "uncoded".
    pub coding: &'static str,
    pub soc: String,
    pub occupation: String,
    pub coding_confidence: Option<f32>,
}

/// Every distinct title (a title that names only a role: every distinct title and department)
/// with its headcount and coding, by headcount (then title).
pub fn title_rows(a: &Analysis) -> Vec<TitleRow> {
    let org = &a.org;
    let c = &a.coding;
    // Key: (title code, department code or NONE when the title's own coding applies).
    let mut people: AHashMap<(u32, u32), u64> = AHashMap::new();
    for i in (0..org.nodes()).filter(|&i| org.is_person(i)) {
        let t = org.title.codes[i];
        if t != crate::raw::NONE {
            let d = org.department.codes[i];
            let d = if c.title_by_department[t as usize] && c.by_department.contains_key(&(t, d)) { d } else { crate::raw::NONE };
            *people.entry((t, d)).or_default() += 1;
        }
    }
    let mut rows: Vec<TitleRow> = people
        .into_iter()
        .map(|((t, d), n)| {
            let (o, conf) = match d {
                crate::raw::NONE => (c.title_occupation[t as usize], c.title_confidence[t as usize]),
                d => c.by_department[&(t, d)],
            };
            let occ = (o != crate::raw::NONE).then(|| &c.occupations[o as usize]);
            let conf = occ.map(|_| conf);
            TitleRow {
                title: org.title.values[t as usize].clone(),
                department: if d == crate::raw::NONE { String::new() } else { org.department.values[d as usize].clone() },
                people: n,
                coding: match conf {
                    None => "uncoded",
                    Some(x) if c.is_low(x) => "low confidence",
                    Some(_) => "coded",
                },
                soc: occ.map(|o| o.soc.clone()).unwrap_or_default(),
                occupation: occ.map(|o| o.name.clone()).unwrap_or_default(),
                coding_confidence: conf,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.people.cmp(&a.people).then_with(|| a.title.cmp(&b.title)).then_with(|| a.department.cmp(&b.department)));
    rows
}

/// Write summary.json, the tables (CSV and Parquet, titles.csv among them) and validation.csv to
/// `dir`; people.csv only when `people` is true. Returns the files written.
pub fn write_outputs(a: &Analysis, dir: &Path, people: bool) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| OrgError::Write { path: dir.to_path_buf(), message: e.to_string() })?;
    let mut files = Vec::new();
    let summary = dir.join("summary.json");
    let text = serde_json::to_string_pretty(&a.summary).map_err(|e| OrgError::Write { path: summary.clone(), message: e.to_string() })?;
    std::fs::write(&summary, text).map_err(|e| OrgError::Write { path: summary.clone(), message: e.to_string() })?;
    files.push(summary);
    let r = &a.rollups;
    let tables: [(&str, &[GroupRow]); 4] =
        [("layers", &r.layers), ("departments", &r.departments), ("levels", &r.levels), ("occupations", &r.occupations)];
    // The tables are independent: write them in parallel.
    let written: Vec<Result<Vec<PathBuf>>> = rayon::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel();
        for (name, rows) in tables {
            let tx = tx.clone();
            s.spawn(move |_| tx.send(write_table(dir, name, rows)).unwrap());
        }
        let tx2 = tx.clone();
        s.spawn(move |_| tx2.send(write_table(dir, "managers", &a.spans.managers)).unwrap());
        let tx3 = tx.clone();
        s.spawn(move |_| tx3.send(write_table::<TeamRow>(dir, "teams", &r.teams)).unwrap());
        let tx5 = tx.clone();
        s.spawn(move |_| tx5.send(write_table(dir, "titles", &title_rows(a))).unwrap());
        if people {
            let tx4 = tx.clone();
            s.spawn(move |_| tx4.send(write_table(dir, "people", &people_rows(a))).unwrap());
        }
        drop(tx);
        rx.iter().collect()
    });
    for w in written {
        files.extend(w?);
    }
    let v = dir.join("validation.csv");
    write_validation(&a.report, &v)?;
    files.push(v);
    files.sort();
    Ok(files)
}

/// One team: the manager's roll-up, the direct reports and the team by layer.
#[derive(Debug, Clone, Serialize)]
pub struct TeamView {
    pub team: TeamRow,
    pub manager_of_manager: Option<String>,
    pub direct_reports: Vec<ReportRow>,
    /// People in the team by layer of the organisation.
    pub by_layer: Vec<(u16, u64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub employee_id: String,
    pub title: String,
    pub level: String,
    pub is_manager: bool,
    pub span: u32,
    /// People in their team (themselves included).
    pub team_people: u64,
    pub occupation: String,
    pub exposure_mean: Option<f64>,
    pub ai_doable_share: Option<f64>,
}

pub fn team(a: &Analysis, manager_id: &str) -> Result<TeamView> {
    let org = &a.org;
    let i = org.find(manager_id).ok_or_else(|| OrgError::UnknownPerson(manager_id.to_string()))?;
    let id = org.id(i);
    let team = a
        .rollups
        .teams
        .iter()
        .find(|t| t.manager_id == id)
        .cloned()
        .ok_or_else(|| OrgError::Option(format!("`{id}` has no direct reports: an individual contributor has no team")))?;
    let c = &a.coding;
    let direct_reports = org
        .shape
        .children_of(i)
        .iter()
        .map(|&k| k as usize)
        .filter(|&k| org.is_person(k))
        .map(|k| {
            let occ = c.occupation_of(org, k).map(|o| &c.occupations[o]);
            let present: Vec<f64> = occ.map(|o| o.exposure.iter().copied().filter(|v| !v.is_nan()).collect()).unwrap_or_default();
            ReportRow {
                employee_id: org.id(k).to_string(),
                title: org.title.get(k).unwrap_or("").to_string(),
                level: org.level.get(k).unwrap_or("").to_string(),
                is_manager: org.is_manager(k),
                span: org.span[k],
                team_people: org.under[k] as u64 + 1,
                occupation: occ.map(|o| o.name.clone()).unwrap_or_default(),
                exposure_mean: (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64),
                ai_doable_share: occ.map(|o| o.ai_doable_share),
            }
        })
        .collect();
    let mut layers: BTreeMap<u16, u64> = BTreeMap::new();
    for k in org.subtree(i) {
        if org.is_person(k as usize) {
            *layers.entry(org.layer(k as usize)).or_default() += 1;
        }
    }
    let p = org.parent[i];
    Ok(TeamView {
        team,
        manager_of_manager: (p != crate::raw::NONE).then(|| org.id(p as usize).to_string()),
        direct_reports,
        by_layer: layers.into_iter().collect(),
    })
}

/// Frame of a table, for callers that render it themselves.
pub fn frame<T: Serialize>(rows: &[T]) -> Result<Frame> {
    Frame::from_rows(rows)
}
