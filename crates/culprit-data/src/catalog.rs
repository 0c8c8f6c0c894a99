//! The compiled reference catalog: O*NET occupations, tasks, titles and DWAs; exposure labels;
//! AI applicability; OEWS employment and wages; the O*NET-SOC -> SOC 2018 crosswalk. Built once
//! from the upstream files into one versioned binary file that loads in milliseconds, and rebuilt
//! when a source file changes.

use crate::error::{DataError, Result};
use crate::exposure::{mean_exposure, weighted_exposure, Exposure, Measure};
use crate::observed::{self, JoinRule, Observed, ObservedCoverage, ObservedInputs, TaskUse};
use crate::registry::{sha256_file, Registry};
use crate::upstream::{self, Label, TaskType, TitleKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Bumped whenever the layout of [`Catalog`] changes, so that old files are rebuilt.
pub const FORMAT_VERSION: u32 = 3;
const MAGIC: &[u8; 8] = b"CULPRCAT";

/// The sources the catalog is compiled from.
pub const CATALOG_SOURCES: [&str; 11] = [
    "onet_occupations",
    "onet_tasks",
    "onet_alternate_titles",
    "onet_reported_titles",
    "onet_tasks_to_dwas",
    "onet_dwa_reference",
    "onet_job_zones",
    "gpts_labels",
    "ms_ai_applicability",
    "oews_national",
    "onet_soc_crosswalk",
];

/// Sources the catalog uses when they are present (observed AI use): without them the catalog
/// builds, the observed measures are missing (None) and the coverage states the gap.
pub const OPTIONAL_SOURCES: [&str; 5] = observed::SOURCES;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceStamp {
    pub id: String,
    pub path: PathBuf,
    pub size: u64,
    pub modified_ns: u128,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogMeta {
    pub format_version: u32,
    pub culprit_version: String,
    pub built_unix: u64,
    pub sources: Vec<SourceStamp>,
}

/// Where an occupation's exposure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExposureBasis {
    /// The label set's own task list for this O*NET-SOC code (reproduces the paper's file).
    LabelSet,
    /// The occupation is not in the label set; its O*NET 29.2 tasks were joined to labels by Task ID.
    TaskJoin,
    /// No labelled task.
    None,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Occupation {
    pub onet_soc: String,
    pub soc: String,
    pub title: String,
    pub description: String,
    pub job_zone: Option<u8>,
    pub exposure: Option<Exposure>,
    pub basis: ExposureBasis,
    /// Label-set tasks behind the exposure (or joined tasks for `TaskJoin`).
    pub labeled_tasks: u32,
    /// Range into `Catalog::tasks`.
    pub tasks: (u32, u32),
    /// Index into `Catalog::socs`.
    pub soc_index: u32,
    /// Observed AI use; None when the release listed none of its tasks.
    pub observed: Option<Observed>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskOrigin {
    /// In O*NET 29.2 (and labelled if the label set has its Task ID).
    Onet,
    /// Only in the (older) label set; shown because the occupation's exposure counts it.
    LabelSetOnly,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Task {
    pub id: u32,
    pub occupation: u32,
    pub text: String,
    pub kind: TaskType,
    pub gpt4: Option<Label>,
    pub human: Option<Label>,
    pub origin: TaskOrigin,
    /// Indices into `Catalog::dwas`.
    pub dwas: Vec<u32>,
    /// Observed Claude use (Anthropic Economic Index); None when the release shows none.
    pub usage: Option<TaskUse>,
    /// How the release's own task list joined this task; None when the release did not list it.
    pub in_release: Option<JoinRule>,
}

impl Task {
    pub fn value(&self, m: Measure) -> Option<f64> {
        Some(m.task_value(m.label_of(self.gpt4?, self.human?)))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dwa {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SocOccupation {
    pub soc: String,
    pub title: String,
    pub employment: Option<f64>,
    pub annual_mean_wage: Option<f64>,
    pub annual_median_wage: Option<f64>,
    pub hourly_mean_wage: Option<f64>,
    pub hourly_median_wage: Option<f64>,
    pub wage_footnotes: Vec<String>,
    pub exposure: Option<Exposure>,
    pub ai_applicability: Option<f64>,
    /// Observed AI use: unweighted mean of its O*NET-SOC occupations that have it.
    pub observed: Option<Observed>,
    /// Indices into `Catalog::occupations`.
    pub onet: Vec<u32>,
    /// For an OEWS aggregate code (such as 31-1120, published for 31-1121 and 31-1122 together),
    /// the SOC codes whose exposure was averaged for it.
    pub aggregate_of: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TitleEntry {
    pub text: String,
    pub occupation: u32,
    pub kind: TitleKind,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Coverage {
    pub onet_occupations: usize,
    pub onet_tasks: usize,
    pub onet_tasks_labeled: usize,
    pub onet_tasks_unlabeled: usize,
    pub label_tasks: usize,
    pub label_tasks_not_in_onet: usize,
    pub label_occupations_not_in_onet: Vec<String>,
    pub occupations_label_set: usize,
    pub occupations_task_join: usize,
    pub occupations_without_exposure: usize,
    pub onet_codes_not_in_crosswalk: Vec<String>,
    pub socs: usize,
    pub socs_with_exposure: usize,
    pub socs_with_employment: usize,
    pub socs_with_both: usize,
    pub socs_with_applicability: usize,
    /// OEWS aggregate codes given the mean exposure of their detailed members.
    pub oews_aggregates: usize,
    /// OEWS all-occupations employment (00-0000).
    pub employment_total: f64,
    /// Employment of OEWS detailed occupations with exposure.
    pub employment_covered: f64,
    /// Employment of OEWS detailed occupations without exposure, with the largest ones.
    pub employment_without_exposure: f64,
    pub largest_without_exposure: Vec<(String, String, f64)>,
    pub employment_with_applicability: f64,
    pub titles: usize,
    pub titles_by_kind: BTreeMap<String, usize>,
    pub dwa_links: usize,
    /// The join of the Anthropic Economic Index to the tasks.
    pub observed: ObservedCoverage,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    pub meta: CatalogMeta,
    pub occupations: Vec<Occupation>,
    pub tasks: Vec<Task>,
    pub socs: Vec<SocOccupation>,
    pub dwas: Vec<Dwa>,
    pub titles: Vec<TitleEntry>,
    pub coverage: Coverage,
}

/// How the catalog was obtained by [`Catalog::open`].
#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    pub path: PathBuf,
    pub rebuilt: bool,
    pub reason: Option<String>,
}

impl Catalog {
    /// Load the compiled catalog from the cache, building it first if it is missing, of another
    /// format, or older than a source file.
    pub fn open(reg: &Registry) -> Result<(Catalog, Opened)> {
        let path = catalog_path(reg);
        let reason = match Catalog::read(&path) {
            Ok(cat) => match cat.stale_reason(reg) {
                None => return Ok((cat, Opened { path, rebuilt: false, reason: None })),
                Some(r) => r,
            },
            Err(e) if path.exists() => format!("unreadable ({e})"),
            Err(_) => "not built yet".to_string(),
        };
        let cat = Catalog::build(reg)?;
        cat.write(&path)?;
        Ok((cat, Opened { path, rebuilt: true, reason: Some(reason) }))
    }

    /// Why the catalog must be rebuilt, or None when every source is as stamped.
    pub fn stale_reason(&self, reg: &Registry) -> Option<String> {
        if self.meta.format_version != FORMAT_VERSION {
            return Some("catalog format changed".into());
        }
        for id in CATALOG_SOURCES.iter().chain(&OPTIONAL_SOURCES).copied() {
            let Some(stamp) = self.meta.sources.iter().find(|s| s.id == id) else {
                if OPTIONAL_SOURCES.contains(&id) && reg.locate(id).is_err() {
                    // Still absent: the catalog already states the gap.
                    continue;
                }
                return Some(format!("source `{id}` is new"));
            };
            let Ok(now) = reg.locate(id) else {
                // The source is gone; the compiled catalog still holds its content.
                continue;
            };
            if now != stamp.path {
                return Some(format!("source `{id}` is now read from {}", now.display()));
            }
            match std::fs::metadata(&now) {
                Ok(md) if md.len() == stamp.size && mtime_ns(&md) == stamp.modified_ns => {}
                _ => return Some(format!("source `{id}` changed on disk")),
            }
        }
        None
    }

    pub fn read(path: &Path) -> Result<Catalog> {
        let bytes = std::fs::read(path).map_err(|e| DataError::io(path, e))?;
        let bad = |m: &str| DataError::Catalog { path: path.into(), message: m.into() };
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(bad("not a culprit catalog file"));
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
        if version != FORMAT_VERSION {
            return Err(bad(&format!("format {version}, expected {FORMAT_VERSION}")));
        }
        bincode::deserialize(&bytes[12..]).map_err(|e| bad(&format!("corrupt: {e}")))
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let mut bytes = Vec::with_capacity(8 << 20);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bincode::serialize_into(&mut bytes, self).map_err(|e| DataError::Catalog { path: path.into(), message: e.to_string() })?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| DataError::io(dir, e))?;
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, &bytes).map_err(|e| DataError::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| DataError::io(path, e))?;
        Ok(())
    }

    /// Compile the catalog from the upstream files, verifying each one's sha256.
    pub fn build(reg: &Registry) -> Result<Catalog> {
        let mut stamps = Vec::new();
        let mut paths = HashMap::new();
        for id in CATALOG_SOURCES {
            let p = reg.locate(id)?;
            let src = reg.source(id)?;
            let md = std::fs::metadata(&p).map_err(|e| DataError::io(&p, e))?;
            let sha = sha256_file(&p)?;
            if sha != src.sha256 {
                return Err(DataError::HashMismatch { id: id.into(), path: p, expected: src.sha256.clone(), actual: sha });
            }
            stamps.push(SourceStamp { id: id.into(), path: p.clone(), size: md.len(), modified_ns: mtime_ns(&md), sha256: sha });
            paths.insert(id, p);
        }
        // Observed AI use: all five files, or a stated gap.
        let mut observed_gap = None;
        let mut observed_paths = Vec::new();
        for id in OPTIONAL_SOURCES {
            match reg.locate(id) {
                Ok(p) => observed_paths.push((id, p)),
                Err(e) => {
                    observed_gap = Some(format!("no observed AI use: {e}"));
                    break;
                }
            }
        }
        let observed = if observed_gap.is_none() {
            for (id, p) in &observed_paths {
                let src = reg.source(id)?;
                let md = std::fs::metadata(p).map_err(|e| DataError::io(p, e))?;
                let sha = sha256_file(p)?;
                if sha != src.sha256 {
                    return Err(DataError::HashMismatch { id: id.to_string(), path: p.clone(), expected: src.sha256.clone(), actual: sha });
                }
                stamps.push(SourceStamp { id: id.to_string(), path: p.clone(), size: md.len(), modified_ns: mtime_ns(&md), sha256: sha });
            }
            let ps: Vec<&Path> = observed_paths.iter().map(|(_, p)| p.as_path()).collect();
            Some(observed::read_inputs(&[ps[0], ps[1], ps[2], ps[3], ps[4]])?)
        } else {
            None
        };
        let inputs = Inputs {
            occupations: upstream::read_onet_occupations(&paths["onet_occupations"])?,
            tasks: upstream::read_onet_tasks(&paths["onet_tasks"])?,
            alternate_titles: upstream::read_onet_alternate_titles(&paths["onet_alternate_titles"])?,
            reported_titles: upstream::read_onet_reported_titles(&paths["onet_reported_titles"])?,
            task_dwas: upstream::read_tasks_to_dwas(&paths["onet_tasks_to_dwas"])?,
            dwa_reference: upstream::read_dwa_reference(&paths["onet_dwa_reference"])?,
            job_zones: upstream::read_job_zones(&paths["onet_job_zones"])?,
            labels: upstream::read_labels(&paths["gpts_labels"])?,
            applicability: upstream::read_ai_applicability(&paths["ms_ai_applicability"])?,
            oews: upstream::read_oews_national(&paths["oews_national"])?,
            crosswalk: upstream::read_onet_soc_crosswalk(&paths["onet_soc_crosswalk"])?,
            dwa_file: paths["onet_tasks_to_dwas"].clone(),
            observed,
            observed_gap,
        };
        let meta = CatalogMeta {
            format_version: FORMAT_VERSION,
            culprit_version: env!("CARGO_PKG_VERSION").into(),
            built_unix: std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
            sources: stamps,
        };
        compile(inputs, meta)
    }

    pub fn occupation_by_code(&self, onet_soc: &str) -> Option<&Occupation> {
        self.occupations.binary_search_by(|o| o.onet_soc.as_str().cmp(onet_soc)).ok().map(|i| &self.occupations[i])
    }

    pub fn soc_by_code(&self, soc: &str) -> Option<&SocOccupation> {
        self.socs.binary_search_by(|s| s.soc.as_str().cmp(soc)).ok().map(|i| &self.socs[i])
    }

    pub fn soc_index(&self, soc: &str) -> Option<usize> {
        self.socs.binary_search_by(|s| s.soc.as_str().cmp(soc)).ok()
    }

    pub fn tasks_of(&self, occ: &Occupation) -> &[Task] {
        &self.tasks[occ.tasks.0 as usize..occ.tasks.1 as usize]
    }
}

/// Parsed upstream tables, the input of [`compile`] (separate so that tests can use fixtures).
pub struct Inputs {
    pub occupations: Vec<upstream::RawOccupation>,
    pub tasks: Vec<upstream::RawTask>,
    pub alternate_titles: Vec<upstream::RawTitle>,
    pub reported_titles: Vec<upstream::RawTitle>,
    pub task_dwas: Vec<(String, u32, String, u64)>,
    pub dwa_reference: Vec<(String, String)>,
    pub job_zones: Vec<(String, u8)>,
    pub labels: Vec<upstream::RawLabel>,
    pub applicability: Vec<(String, String, f64)>,
    pub oews: Vec<upstream::OewsRow>,
    pub crosswalk: Vec<(String, String, String)>,
    /// For error messages about DWA links.
    pub dwa_file: PathBuf,
    /// The Anthropic Economic Index release and the 2010 -> 2019 crosswalk, if present.
    pub observed: Option<ObservedInputs>,
    /// Why `observed` is None.
    pub observed_gap: Option<String>,
}

pub fn compile(mut inp: Inputs, meta: CatalogMeta) -> Result<Catalog> {
    let mut cov = Coverage::default();
    inp.occupations.sort_by(|a, b| a.code.cmp(&b.code));
    let occ_index: HashMap<&str, u32> = inp.occupations.iter().enumerate().map(|(i, o)| (o.code.as_str(), i as u32)).collect();
    cov.onet_occupations = inp.occupations.len();

    // Labels by Task ID (for joining O*NET tasks) and by occupation (the label set's own lists).
    let label_by_task: HashMap<u32, &upstream::RawLabel> = inp.labels.iter().map(|l| (l.task_id, l)).collect();
    let mut labels_by_occ: BTreeMap<&str, Vec<&upstream::RawLabel>> = BTreeMap::new();
    for l in &inp.labels {
        labels_by_occ.entry(l.code.as_str()).or_default().push(l);
    }
    cov.label_tasks = inp.labels.len();

    // DWAs.
    let dwa_index: HashMap<&str, u32> = inp.dwa_reference.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i as u32)).collect();
    let onet_task_ids: HashMap<u32, &str> = inp.tasks.iter().map(|t| (t.id, t.code.as_str())).collect();
    let mut dwas_of_task: HashMap<u32, Vec<u32>> = HashMap::new();
    for (code, task, dwa, line) in &inp.task_dwas {
        if !onet_task_ids.contains_key(task) {
            return Err(DataError::malformed(
                &inp.dwa_file,
                *line,
                format!("Task ID {task} (of {code}) points to no task of Task Statements"),
                "the two files must be of the same O*NET release",
            ));
        }
        let Some(&d) = dwa_index.get(dwa.as_str()) else {
            return Err(DataError::malformed(
                &inp.dwa_file,
                *line,
                format!("DWA ID {dwa} is not in DWA Reference"),
                "the two files must be of the same O*NET release",
            ));
        };
        dwas_of_task.entry(*task).or_default().push(d);
    }
    cov.dwa_links = inp.task_dwas.len();

    // Tasks grouped by occupation: O*NET 29.2 tasks, then label-set-only tasks of that code.
    let mut tasks_by_occ: Vec<Vec<Task>> = vec![Vec::new(); inp.occupations.len()];
    for t in &inp.tasks {
        let Some(&o) = occ_index.get(t.code.as_str()) else {
            return Err(DataError::malformed(
                "Task Statements.txt",
                t.line,
                format!("task {} belongs to {}, which is not in Occupation Data", t.id, t.code),
                "the two files must be of the same O*NET release",
            ));
        };
        let l = label_by_task.get(&t.id);
        if l.is_some() {
            cov.onet_tasks_labeled += 1;
        } else {
            cov.onet_tasks_unlabeled += 1;
        }
        tasks_by_occ[o as usize].push(Task {
            id: t.id,
            occupation: o,
            text: t.text.clone(),
            kind: t.kind,
            gpt4: l.map(|l| l.gpt4),
            human: l.map(|l| l.human),
            origin: TaskOrigin::Onet,
            dwas: dwas_of_task.remove(&t.id).unwrap_or_default(),
            usage: None,
            in_release: None,
        });
    }
    cov.onet_tasks = inp.tasks.len();
    for l in &inp.labels {
        if onet_task_ids.contains_key(&l.task_id) {
            continue;
        }
        cov.label_tasks_not_in_onet += 1;
        if let Some(&o) = occ_index.get(l.code.as_str()) {
            tasks_by_occ[o as usize].push(Task {
                id: l.task_id,
                occupation: o,
                text: l.text.clone(),
                kind: l.kind,
                gpt4: Some(l.gpt4),
                human: Some(l.human),
                origin: TaskOrigin::LabelSetOnly,
                dwas: Vec::new(),
                usage: None,
                in_release: None,
            });
        }
    }
    for code in labels_by_occ.keys() {
        if !occ_index.contains_key(code) {
            cov.label_occupations_not_in_onet.push(code.to_string());
        }
    }

    // Crosswalk to SOC 2018.
    let xwalk: HashMap<&str, (&str, &str)> = inp.crosswalk.iter().map(|(o, s, t)| (o.as_str(), (s.as_str(), t.as_str()))).collect();
    let zones: HashMap<&str, u8> = inp.job_zones.iter().map(|(c, z)| (c.as_str(), *z)).collect();

    // SOC table: union of crosswalk targets, OEWS detailed rows, applicability rows.
    let mut soc_map: BTreeMap<String, SocOccupation> = BTreeMap::new();
    let blank = |soc: &str, title: &str| SocOccupation {
        soc: soc.into(),
        title: title.into(),
        employment: None,
        annual_mean_wage: None,
        annual_median_wage: None,
        hourly_mean_wage: None,
        hourly_median_wage: None,
        wage_footnotes: Vec::new(),
        exposure: None,
        ai_applicability: None,
        observed: None,
        onet: Vec::new(),
        aggregate_of: Vec::new(),
    };
    for r in &inp.oews {
        if r.soc == "00-0000" {
            cov.employment_total = r.employment.unwrap_or(0.0);
            continue;
        }
        if r.level != "detailed" {
            continue;
        }
        let mut s = blank(&r.soc, &r.title);
        s.employment = r.employment;
        s.annual_mean_wage = r.annual_mean;
        s.annual_median_wage = r.annual_median;
        s.hourly_mean_wage = r.hourly_mean;
        s.hourly_median_wage = r.hourly_median;
        s.wage_footnotes = r.footnotes.clone();
        soc_map.insert(r.soc.clone(), s);
    }
    for (_, soc, title) in &inp.crosswalk {
        soc_map.entry(soc.clone()).or_insert_with(|| blank(soc, title));
    }
    for (soc, title, score) in &inp.applicability {
        soc_map.entry(soc.clone()).or_insert_with(|| blank(soc, title)).ai_applicability = Some(*score);
    }

    // Occupations with their exposure.
    let mut occupations = Vec::with_capacity(inp.occupations.len());
    let mut tasks = Vec::with_capacity(inp.tasks.len() + cov.label_tasks_not_in_onet);
    for (i, o) in inp.occupations.iter().enumerate() {
        let soc = match xwalk.get(o.code.as_str()) {
            Some((s, _)) => s.to_string(),
            None => {
                cov.onet_codes_not_in_crosswalk.push(o.code.clone());
                o.code[..7].to_string()
            }
        };
        soc_map.entry(soc.clone()).or_insert_with(|| blank(&soc, &o.title));
        let mine = std::mem::take(&mut tasks_by_occ[i]);
        let (exposure, basis, labeled) = match labels_by_occ.get(o.code.as_str()) {
            Some(ls) => (weighted_exposure(ls.iter().map(|l| (l.kind, l.gpt4, l.human))), ExposureBasis::LabelSet, ls.len()),
            None => {
                let joined: Vec<_> = mine.iter().filter_map(|t| Some((t.kind, t.gpt4?, t.human?))).collect();
                let n = joined.len();
                match weighted_exposure(joined) {
                    Some(e) => (Some(e), ExposureBasis::TaskJoin, n),
                    None => (None, ExposureBasis::None, 0),
                }
            }
        };
        match basis {
            ExposureBasis::LabelSet => cov.occupations_label_set += 1,
            ExposureBasis::TaskJoin => cov.occupations_task_join += 1,
            ExposureBasis::None => cov.occupations_without_exposure += 1,
        }
        let start = tasks.len() as u32;
        tasks.extend(mine);
        occupations.push(Occupation {
            onet_soc: o.code.clone(),
            soc,
            title: o.title.clone(),
            description: o.description.clone(),
            job_zone: zones.get(o.code.as_str()).copied(),
            exposure,
            basis,
            labeled_tasks: labeled as u32,
            tasks: (start, tasks.len() as u32),
            soc_index: 0,
            observed: None,
        });
    }

    // Observed AI use: join the release to the tasks, then per occupation.
    match &inp.observed {
        Some(obs) => {
            let codes: Vec<String> = occupations.iter().map(|o| o.onet_soc.clone()).collect();
            let ranges: Vec<(u32, u32)> = occupations.iter().map(|o| o.tasks).collect();
            cov.observed = observed::join(&mut tasks, &codes, &ranges, obs);
            for o in occupations.iter_mut() {
                o.observed = observed::occupation_observed(&tasks[o.tasks.0 as usize..o.tasks.1 as usize], obs.automation_total);
                cov.observed.occupations_observed += o.observed.is_some() as usize;
                let ts = &tasks[o.tasks.0 as usize..o.tasks.1 as usize];
                cov.observed.occupations_too_few_known += (o.observed.is_none() && ts.iter().any(|t| t.in_release.is_some())) as usize;
            }
        }
        None => cov.observed.gap = inp.observed_gap.clone().or(Some("no observed AI use: the release was not given".into())),
    }

    let mut socs: Vec<SocOccupation> = soc_map.into_values().collect();
    let soc_pos: HashMap<String, u32> = socs.iter().enumerate().map(|(i, s)| (s.soc.clone(), i as u32)).collect();
    for (i, o) in occupations.iter_mut().enumerate() {
        o.soc_index = soc_pos[&o.soc];
        socs[o.soc_index as usize].onet.push(i as u32);
    }
    for s in socs.iter_mut() {
        s.exposure = mean_exposure(s.onet.iter().filter_map(|&i| occupations[i as usize].exposure.as_ref()));
        s.observed = observed::mean_observed(s.onet.iter().filter_map(|&i| occupations[i as usize].observed.as_ref()));
    }
    // OEWS publishes some occupations only as an aggregate of detailed SOC codes (31-1120 for
    // 31-1121 and 31-1122). Such a code has employment but no O*NET occupation: it takes the
    // unweighted mean of the detailed codes of its broad group (same first five digits) that
    // have exposure and no employment of their own, so no worker is counted twice.
    let aggregates: Vec<(usize, Vec<usize>)> = socs
        .iter()
        .enumerate()
        .filter(|(_, s)| s.employment.is_some() && s.onet.is_empty() && s.exposure.is_none())
        .map(|(i, s)| {
            let members = socs
                .iter()
                .enumerate()
                .filter(|(j, m)| *j != i && m.soc[..6] == s.soc[..6] && m.employment.is_none() && m.exposure.is_some() && !m.onet.is_empty())
                .map(|(j, _)| j)
                .collect();
            (i, members)
        })
        .filter(|(_, m): &(usize, Vec<usize>)| !m.is_empty())
        .collect();
    for (i, members) in aggregates {
        let e = mean_exposure(members.iter().filter_map(|&j| socs[j].exposure.as_ref()));
        socs[i].exposure = e;
        socs[i].observed = observed::mean_observed(members.iter().filter_map(|&j| socs[j].observed.as_ref()));
        socs[i].aggregate_of = members.iter().map(|&j| socs[j].soc.clone()).collect();
        cov.oews_aggregates += 1;
    }

    // Coverage of employment.
    cov.socs = socs.len();
    let mut left_out = Vec::new();
    for s in &socs {
        let has_e = s.exposure.is_some();
        cov.socs_with_exposure += has_e as usize;
        cov.socs_with_applicability += s.ai_applicability.is_some() as usize;
        cov.observed.socs_observed += s.observed.is_some() as usize;
        if let Some(emp) = s.employment {
            cov.socs_with_employment += 1;
            if has_e {
                cov.socs_with_both += 1;
                cov.employment_covered += emp;
            } else {
                cov.employment_without_exposure += emp;
                left_out.push((s.soc.clone(), s.title.clone(), emp));
            }
            if s.ai_applicability.is_some() {
                cov.employment_with_applicability += emp;
            }
        }
    }
    left_out.sort_by(|a, b| b.2.total_cmp(&a.2));
    left_out.truncate(10);
    cov.largest_without_exposure = left_out;

    // Titles.
    let mut titles = Vec::with_capacity(inp.occupations.len() + inp.alternate_titles.len() + inp.reported_titles.len());
    for (i, o) in occupations.iter().enumerate() {
        titles.push(TitleEntry { text: o.title.clone(), occupation: i as u32, kind: TitleKind::Occupation });
    }
    for t in inp.alternate_titles.iter().chain(&inp.reported_titles) {
        // Titles of codes absent from Occupation Data would point nowhere: refuse them.
        let Some(&o) = occ_index.get(t.code.as_str()) else {
            return Err(DataError::Registry(format!(
                "title `{}` belongs to {}, which is not in Occupation Data: the O*NET files are of different releases",
                t.title, t.code
            )));
        };
        titles.push(TitleEntry { text: t.title.clone(), occupation: o, kind: t.kind });
    }
    cov.titles = titles.len();
    for t in &titles {
        *cov.titles_by_kind.entry(format!("{:?}", t.kind).to_lowercase()).or_default() += 1;
    }

    let dwas = inp.dwa_reference.into_iter().map(|(id, title)| Dwa { id, title }).collect();
    Ok(Catalog { meta, occupations, tasks, socs, dwas, titles, coverage: cov })
}

pub fn catalog_path(reg: &Registry) -> PathBuf {
    if let Some(p) = std::env::var_os("CULPRIT_CATALOG") {
        return PathBuf::from(p);
    }
    reg.cache.join(format!("catalog-v{FORMAT_VERSION}.bin"))
}

fn mtime_ns(md: &std::fs::Metadata) -> u128 {
    md.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_nanos()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upstream::{OewsRow, RawLabel, RawOccupation, RawTask, RawTitle};
    use Label::*;

    fn occ(code: &str, title: &str) -> RawOccupation {
        RawOccupation { code: code.into(), title: title.into(), description: String::new() }
    }
    fn task(code: &str, id: u32, kind: TaskType) -> RawTask {
        RawTask { code: code.into(), id, text: format!("task {id}"), kind, line: id as u64 + 1 }
    }
    fn label(code: &str, id: u32, kind: TaskType, gpt4: Label, human: Label) -> RawLabel {
        RawLabel { code: code.into(), task_id: id, text: format!("task {id}"), kind, title: String::new(), gpt4, human }
    }
    fn oews(soc: &str, emp: f64) -> OewsRow {
        OewsRow {
            soc: soc.into(),
            title: format!("occ {soc}"),
            level: if soc == "00-0000" { "total".into() } else { "detailed".into() },
            employment: Some(emp),
            annual_mean: Some(50_000.0),
            annual_median: Some(45_000.0),
            hourly_mean: None,
            hourly_median: None,
            footnotes: vec![],
        }
    }
    fn meta() -> CatalogMeta {
        CatalogMeta { format_version: FORMAT_VERSION, culprit_version: "test".into(), built_unix: 0, sources: vec![] }
    }

    /// Two O*NET occupations under one SOC (one in the label set, one joined by Task ID), and a
    /// third without any label.
    fn inputs() -> Inputs {
        Inputs {
            occupations: vec![occ("11-1011.00", "Chief Executives"), occ("11-1011.03", "Chief Sustainability Officers"), occ("45-2091.00", "Farmworkers")],
            tasks: vec![
                task("11-1011.00", 1, TaskType::Core),
                task("11-1011.00", 2, TaskType::Supplemental),
                task("11-1011.03", 3, TaskType::Core),
                task("45-2091.00", 4, TaskType::Core),
            ],
            alternate_titles: vec![RawTitle { code: "11-1011.00".into(), title: "CEO".into(), kind: TitleKind::Alternate }],
            reported_titles: vec![],
            task_dwas: vec![("11-1011.00".into(), 1, "D1".into(), 2)],
            dwa_reference: vec![("D1".into(), "Direct organizations".into())],
            job_zones: vec![("11-1011.00".into(), 5)],
            labels: vec![
                // Label-set occupation 11-1011.00: task 1 (Core, E1) and an older task 9 (Supplemental, E2).
                label("11-1011.00", 1, TaskType::Core, E1, E0),
                label("11-1011.00", 9, TaskType::Supplemental, E2, E2),
                // Task 3 is labelled under an older code; 11-1011.03 gets it by Task ID.
                label("11-1011.99", 3, TaskType::Core, E2, E1),
            ],
            applicability: vec![("11-1011".into(), "Chief Executives".into(), 0.2)],
            oews: vec![oews("00-0000", 1000.0), oews("11-1011", 100.0), oews("45-2091", 300.0)],
            crosswalk: vec![
                ("11-1011.00".into(), "11-1011".into(), "Chief Executives".into()),
                ("11-1011.03".into(), "11-1011".into(), "Chief Executives".into()),
                ("45-2091.00".into(), "45-2091".into(), "Agricultural Equipment Operators".into()),
            ],
            dwa_file: "Tasks to DWAs.txt".into(),
            observed: None,
            observed_gap: None,
        }
    }

    #[test]
    fn compiles_exposure_by_the_stated_rules() {
        let cat = compile(inputs(), meta()).unwrap();
        let ceo = cat.occupation_by_code("11-1011.00").unwrap();
        assert_eq!(ceo.basis, ExposureBasis::LabelSet);
        // gpt4 alpha: (2*1 + 1*0) / 3; human gamma: (2*0 + 1*1) / 3
        let e = ceo.exposure.unwrap();
        assert!((e[Measure::Gpt4Alpha as usize] - 2.0 / 3.0).abs() < 1e-12);
        assert!((e[Measure::HumanGamma as usize] - 1.0 / 3.0).abs() < 1e-12);
        let cso = cat.occupation_by_code("11-1011.03").unwrap();
        assert_eq!(cso.basis, ExposureBasis::TaskJoin);
        assert_eq!(cso.exposure.unwrap()[Measure::HumanAlpha as usize], 1.0);
        let farm = cat.occupation_by_code("45-2091.00").unwrap();
        assert_eq!((farm.basis, farm.exposure), (ExposureBasis::None, None));
        // SOC = unweighted mean of its two O*NET occupations.
        let soc = cat.soc_by_code("11-1011").unwrap();
        let want = (e[Measure::HumanAlpha as usize] + 1.0) / 2.0;
        assert!((soc.exposure.unwrap()[Measure::HumanAlpha as usize] - want).abs() < 1e-12);
        assert_eq!(soc.ai_applicability, Some(0.2));
        // Coverage: employment of 45-2091 is left out, and the label-only task 9 is shown.
        assert_eq!(cat.coverage.employment_covered, 100.0);
        assert_eq!(cat.coverage.employment_without_exposure, 300.0);
        assert_eq!(cat.coverage.label_tasks_not_in_onet, 1);
        assert_eq!(cat.coverage.label_occupations_not_in_onet, vec!["11-1011.99".to_string()]);
        assert_eq!(cat.tasks_of(ceo).len(), 3);
        assert_eq!(cat.tasks_of(ceo)[0].dwas, vec![0]);
        assert_eq!(cat.titles.len(), 4);
    }

    #[test]
    fn without_the_release_observed_measures_are_missing_and_the_gap_is_stated() {
        let mut inp = inputs();
        inp.observed_gap = Some("no observed AI use: source `aei_task_pct` was not found".into());
        let cat = compile(inp, meta()).unwrap();
        assert!(cat.coverage.observed.gap.as_deref().unwrap().contains("aei_task_pct"));
        assert!(cat.occupations.iter().all(|o| o.observed.is_none()) && cat.socs.iter().all(|s| s.observed.is_none()));
        let rows = crate::national::national_summary(&cat);
        let r = rows.iter().find(|r| r.measure == "observed_exposure").unwrap();
        assert!(r.mean.is_nan() && r.usage_matched.is_none() && r.covered_employment == 0.0);
        assert!(r.rule.contains("aei_task_pct"), "{}", r.rule);
    }

    #[test]
    fn with_the_release_soc_figures_are_the_mean_of_their_onet_occupations() {
        use crate::observed::{Modes, ObservedInputs, Statement, UsageRow};
        let mut inp = inputs();
        // Tasks 1 (11-1011.00) and 3 (11-1011.03) used, 4 (farmworkers) listed but unused.
        let u = |t: &str, pct: f64| UsageRow { text: t.into(), norm: crate::observed::normalise(t), share: pct / 100.0, line: 0 };
        inp.observed = Some(ObservedInputs {
            usage: vec![u("task 1", 70.0), u("task 3", 30.0)],
            modes: vec![(crate::observed::normalise("task 1"), Modes { directive: 1.0, ..Default::default() }, 0)],
            automation_total: 0.5,
            statements: vec![Statement { code: "45-2091.00".into(), task_id: 4, norm: "task 4".into(), line: 0 }],
            crosswalk: vec![],
        });
        let cat = compile(inp, meta()).unwrap();
        let ceo = cat.occupation_by_code("11-1011.00").unwrap().observed.unwrap();
        // Known tasks of the CEO: task 1 (Core, used); task 2 and the label-only task 9 unknown:
        // weight 2 of 4 is exactly half, enough.
        assert_eq!((ceo.known_tasks, ceo.used_tasks, ceo.automation), (1, 1, Some(1.0)));
        let cso = cat.occupation_by_code("11-1011.03").unwrap().observed.unwrap();
        let soc = cat.soc_by_code("11-1011").unwrap().observed.unwrap();
        assert!((soc.usage_share - 1.0).abs() < 1e-12);
        assert_eq!(soc.tasks_used, (ceo.tasks_used + cso.tasks_used) / 2.0);
        // Farmworkers: listed, unused: observed_usage 0 is a real zero, not missing.
        let farm = cat.soc_by_code("45-2091").unwrap().observed.unwrap();
        assert_eq!((farm.tasks_used, farm.automation), (0.0, None));
        assert_eq!(cat.coverage.observed.usage_matched, 1.0);
    }

    #[test]
    fn an_oews_aggregate_code_takes_the_mean_of_its_detailed_codes() {
        let mut inp = inputs();
        inp.oews[1] = oews("11-1010", 100.0);
        let cat = compile(inp, meta()).unwrap();
        let agg = cat.soc_by_code("11-1010").unwrap();
        assert_eq!(agg.aggregate_of, vec!["11-1011".to_string()]);
        assert_eq!(agg.exposure, cat.soc_by_code("11-1011").unwrap().exposure);
        assert_eq!(cat.coverage.employment_covered, 100.0);
        assert_eq!(cat.coverage.oews_aggregates, 1);
    }

    #[test]
    fn a_dwa_link_to_no_task_is_refused_with_its_line() {
        let mut inp = inputs();
        inp.task_dwas.push(("11-1011.00".into(), 77, "D1".into(), 9));
        let e = compile(inp, meta()).unwrap_err().to_string();
        assert!(e.contains("Tasks to DWAs.txt:9") && e.contains("Task ID 77"), "{e}");
        let mut inp = inputs();
        inp.task_dwas.push(("11-1011.00".into(), 2, "D404".into(), 5));
        assert!(compile(inp, meta()).unwrap_err().to_string().contains("DWA ID D404"));
    }

    #[test]
    fn a_task_of_an_unknown_occupation_is_refused() {
        let mut inp = inputs();
        inp.tasks.push(task("99-9999.00", 50, TaskType::Core));
        let e = compile(inp, meta()).unwrap_err().to_string();
        assert!(e.contains(":51") && e.contains("99-9999.00"), "{e}");
    }
}
