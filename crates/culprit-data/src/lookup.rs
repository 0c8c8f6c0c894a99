//! Looking occupations up by code or by words, and the full view of one occupation that the CLI,
//! the report and the dashboard all render.

use crate::catalog::{Catalog, ExposureBasis, TaskOrigin};
use crate::exposure::Measure;
use crate::observed::{self, JoinRule, Observed};
use crate::upstream::{is_soc_code, Label, TaskType, TitleKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a query found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// One SOC 2018 occupation (index into `Catalog::socs`), with the O*NET-SOC code asked for,
    /// if the query was one.
    One { soc: usize, onet: Option<usize> },
    /// Several candidates, best first: (SOC index, score in 0..1, the title that matched).
    Several(Vec<(usize, f64, String)>),
    None,
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase();
            // Crude plural folding, enough for "managers" ~ "manager".
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .filter(|w| !matches!(w.as_str(), "and" | "of" | "the" | "a" | "an" | "or" | "in" | "for" | "all" | "other"))
        .collect()
}

/// Find an occupation by SOC code (`15-1252`, `151252`), O*NET-SOC code (`15-1252.00`) or words.
pub fn find(cat: &Catalog, query: &str) -> Found {
    let q = query.trim();
    let digits: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
    let looks_like_code = !q.is_empty() && q.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '.');
    if looks_like_code {
        if digits.len() == 8 {
            let code = format!("{}-{}.{}", &digits[..2], &digits[2..6], &digits[6..]);
            if let Ok(i) = cat.occupations.binary_search_by(|o| o.onet_soc.as_str().cmp(&code)) {
                return Found::One { soc: cat.occupations[i].soc_index as usize, onet: Some(i) };
            }
        }
        if digits.len() >= 6 {
            let code = format!("{}-{}", &digits[..2], &digits[2..6]);
            if is_soc_code(&code) {
                if let Some(i) = cat.soc_index(&code) {
                    return Found::One { soc: i, onet: None };
                }
            }
        }
        return Found::None;
    }
    let qw = words(q);
    if qw.is_empty() {
        return Found::None;
    }
    let ql = q.to_lowercase();
    // Exact title of a SOC or O*NET occupation wins outright.
    if let Some(i) = cat.socs.iter().position(|s| s.title.to_lowercase() == ql) {
        return Found::One { soc: i, onet: None };
    }
    if let Some(o) = cat.occupations.iter().position(|o| o.title.to_lowercase() == ql) {
        return Found::One { soc: cat.occupations[o].soc_index as usize, onet: Some(o) };
    }
    // Otherwise rank SOC occupations by the best-matching title among their own titles and the
    // O*NET titles of the occupations under them.
    let mut best: BTreeMap<usize, (f64, String)> = BTreeMap::new();
    let mut consider = |soc: usize, title: &str, weight: f64| {
        let tw = words(title);
        if tw.is_empty() {
            return;
        }
        let hits = qw.iter().filter(|w| tw.contains(w)).count() as f64;
        if hits == 0.0 {
            return;
        }
        // Share of the query found, lightly penalised by extra words in the title.
        let score = weight * (hits / qw.len() as f64) * (0.75 + 0.25 * hits / tw.len() as f64);
        let e = best.entry(soc).or_insert((0.0, String::new()));
        if score > e.0 {
            *e = (score, title.to_string());
        }
    };
    for (i, s) in cat.socs.iter().enumerate() {
        consider(i, &s.title, 1.0);
    }
    for t in &cat.titles {
        let w = match t.kind {
            TitleKind::Occupation => 1.0,
            TitleKind::Alternate | TitleKind::Reported => 0.9,
            TitleKind::Short => 0.8,
        };
        consider(cat.occupations[t.occupation as usize].soc_index as usize, &t.text, w);
    }
    let mut ranked: Vec<(usize, f64, String)> = best.into_iter().map(|(i, (s, t))| (i, s, t)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(cat.socs[b.0].employment.unwrap_or(0.0).total_cmp(&cat.socs[a.0].employment.unwrap_or(0.0))));
    ranked.truncate(15);
    match ranked.len() {
        0 => Found::None,
        1 => Found::One { soc: ranked[0].0, onet: None },
        _ => Found::Several(ranked),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureValue {
    pub measure: &'static str,
    pub value: Option<f64>,
    pub rule: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct OnetView {
    pub onet_soc: String,
    pub title: String,
    pub job_zone: Option<u8>,
    pub exposure_basis: ExposureBasis,
    pub labeled_tasks: u32,
    pub exposure: BTreeMap<&'static str, f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub onet_soc: String,
    pub task_id: u32,
    pub task: String,
    pub task_type: TaskType,
    pub gpt4_label: Option<Label>,
    pub human_label: Option<Label>,
    pub gpt4_beta: Option<f64>,
    pub human_beta: Option<f64>,
    pub origin: TaskOrigin,
    pub activities: Vec<String>,
    /// Share of all Claude.ai conversations about this task (Anthropic Economic Index), 0..1;
    /// None when the release shows no use.
    pub usage_share: Option<f64>,
    /// Automation and augmentation shares of its classified conversations.
    pub automation_share: Option<f64>,
    pub augmentation_share: Option<f64>,
    /// How the release's task joined this one (text, task_id, fuzzy).
    pub usage_join: Option<JoinRule>,
}

/// Theory against observed use for one occupation.
#[derive(Debug, Clone, Serialize)]
pub struct ObservedView {
    /// `observed_usage`: share of task weight with any use.
    pub observed_usage: Option<f64>,
    pub observed_automation: Option<f64>,
    pub observed_exposure: Option<f64>,
    /// Share of all conversations on its tasks, 0..1.
    pub usage_share: Option<f64>,
    /// Share of the same tasks' weight theoretically exposed (human beta > 0).
    pub theoretical_share: Option<f64>,
    pub known_tasks: u32,
    pub used_tasks: u32,
    /// The five most used tasks, most used first.
    pub top_tasks: Vec<TaskView>,
    pub rule: &'static str,
    /// Why there is no figure, when there is none.
    pub gap: Option<String>,
}

/// Everything culprit knows about one SOC 2018 occupation.
#[derive(Debug, Clone, Serialize)]
pub struct OccupationView {
    pub soc: String,
    pub title: String,
    pub employment: Option<f64>,
    pub annual_mean_wage: Option<f64>,
    pub annual_median_wage: Option<f64>,
    pub wage_footnotes: Vec<String>,
    pub measures: Vec<MeasureValue>,
    pub ai_applicability: Option<f64>,
    /// Observed AI use (the three observed measures, and the most used tasks).
    pub observed: ObservedView,
    pub onet_occupations: Vec<OnetView>,
    /// Sorted by exposure (human beta, then GPT-4 beta), highest first; unlabelled tasks last.
    pub tasks: Vec<TaskView>,
    pub caveat: &'static str,
    pub sources: Vec<&'static str>,
}

pub const CAVEAT: &str = "Exposure is technical feasibility (could an LLM, alone or with software, halve the time a task takes at equal quality?), not a probability of losing a job.";

impl OccupationView {
    /// The view of a SOC occupation; with `only_onet`, tasks of that O*NET-SOC occupation only.
    pub fn new(cat: &Catalog, soc_index: usize, only_onet: Option<usize>) -> OccupationView {
        let s = &cat.socs[soc_index];
        let measures = Measure::ALL
            .iter()
            .map(|&m| MeasureValue { measure: m.name(), value: s.exposure.map(|e| e[m as usize]), rule: m.rule() })
            .collect();
        let mut onet_occupations = Vec::new();
        let mut tasks = Vec::new();
        for &oi in &s.onet {
            let o = &cat.occupations[oi as usize];
            onet_occupations.push(OnetView {
                onet_soc: o.onet_soc.clone(),
                title: o.title.clone(),
                job_zone: o.job_zone,
                exposure_basis: o.basis,
                labeled_tasks: o.labeled_tasks,
                exposure: o.exposure.map(|e| Measure::ALL.iter().map(|&m| (m.name(), e[m as usize])).collect()).unwrap_or_default(),
            });
            if only_onet.is_some_and(|x| x != oi as usize) {
                continue;
            }
            for t in cat.tasks_of(o) {
                tasks.push(TaskView {
                    onet_soc: o.onet_soc.clone(),
                    task_id: t.id,
                    task: t.text.clone(),
                    task_type: t.kind,
                    gpt4_label: t.gpt4,
                    human_label: t.human,
                    gpt4_beta: t.value(Measure::Gpt4Beta),
                    human_beta: t.value(Measure::HumanBeta),
                    origin: t.origin,
                    activities: t.dwas.iter().map(|&d| cat.dwas[d as usize].title.clone()).collect(),
                    usage_share: t.usage.map(|u| u.share),
                    automation_share: t.usage.and_then(|u| u.automation),
                    augmentation_share: t.usage.and_then(|u| u.augmentation()),
                    usage_join: t.usage.map(|u| u.rule),
                });
            }
        }
        let key = |t: &TaskView| (t.human_beta.unwrap_or(-1.0), t.gpt4_beta.unwrap_or(-1.0));
        tasks.sort_by(|a, b| key(b).partial_cmp(&key(a)).unwrap().then(a.task_id.cmp(&b.task_id)));
        let mut top_tasks: Vec<TaskView> = tasks.iter().filter(|t| t.usage_share.is_some()).cloned().collect();
        top_tasks.sort_by(|a, b| b.usage_share.unwrap().total_cmp(&a.usage_share.unwrap()).then(a.task_id.cmp(&b.task_id)));
        top_tasks.truncate(5);
        let o: Option<Observed> = match only_onet {
            Some(oi) => cat.occupations[oi].observed,
            None => s.observed,
        };
        let gap = match (&cat.coverage.observed.gap, o) {
            (Some(g), _) => Some(g.clone()),
            (None, None) => Some("the Anthropic Economic Index release lists under half of this occupation's task weight (its task list is an older O*NET; no task text, Task ID or close text joined the rest): no observed figure".into()),
            (None, Some(_)) => None,
        };
        let observed = ObservedView {
            observed_usage: o.map(|o| o.tasks_used),
            observed_automation: o.and_then(|o| o.automation),
            observed_exposure: o.and_then(|o| o.exposure),
            usage_share: o.map(|o| o.usage_share),
            theoretical_share: o.and_then(|o| o.theoretical),
            known_tasks: o.map(|o| o.known_tasks).unwrap_or(0),
            used_tasks: o.map(|o| o.used_tasks).unwrap_or(0),
            top_tasks,
            rule: observed::RULE_EXPOSURE,
            gap,
        };
        OccupationView {
            soc: s.soc.clone(),
            title: s.title.clone(),
            employment: s.employment,
            annual_mean_wage: s.annual_mean_wage,
            annual_median_wage: s.annual_median_wage,
            wage_footnotes: s.wage_footnotes.clone(),
            measures,
            ai_applicability: s.ai_applicability,
            observed,
            onet_occupations,
            tasks,
            caveat: CAVEAT,
            sources: vec![
                "O*NET 29.2 (tasks, titles, DWAs), CC BY 4.0",
                "Eloundou et al. 2024, GPTs are GPTs (E0/E1/E2 labels), MIT",
                "Tomlinson et al. 2025, Working with AI (applicability), CC BY 4.0",
                "BLS OEWS May 2025 national cross-industry (employment, wages)",
                "Anthropic Economic Index, release 2025-03-27 (observed Claude use per task), CC BY",
            ],
        }
    }
}

/// One row of the occupations table.
#[derive(Debug, Clone, Serialize)]
pub struct OccupationRow {
    pub soc: String,
    pub title: String,
    pub employment: Option<f64>,
    pub annual_median_wage: Option<f64>,
    pub gpt4_alpha: Option<f64>,
    pub gpt4_beta: Option<f64>,
    pub gpt4_gamma: Option<f64>,
    pub human_alpha: Option<f64>,
    pub human_beta: Option<f64>,
    pub human_gamma: Option<f64>,
    pub ms_ai_applicability: Option<f64>,
    pub observed_usage: Option<f64>,
    pub observed_automation: Option<f64>,
    pub observed_exposure: Option<f64>,
    pub onet_occupations: usize,
}

impl OccupationRow {
    pub fn value(&self, key: &str) -> Option<f64> {
        match key {
            "employment" => self.employment,
            "wage" | "annual_median_wage" => self.annual_median_wage,
            "gpt4_alpha" => self.gpt4_alpha,
            "gpt4_beta" => self.gpt4_beta,
            "gpt4_gamma" => self.gpt4_gamma,
            "human_alpha" => self.human_alpha,
            "human_beta" => self.human_beta,
            "human_gamma" => self.human_gamma,
            "ms_ai_applicability" | "applicability" => self.ms_ai_applicability,
            "observed_usage" => self.observed_usage,
            "observed_automation" => self.observed_automation,
            "observed_exposure" => self.observed_exposure,
            _ => None,
        }
    }
}

pub const SORT_KEYS: [&str; 13] = [
    "employment",
    "wage",
    "gpt4_alpha",
    "gpt4_beta",
    "gpt4_gamma",
    "human_alpha",
    "human_beta",
    "human_gamma",
    "ms_ai_applicability",
    "observed_usage",
    "observed_automation",
    "observed_exposure",
    "soc",
];

/// All SOC occupations, sorted by `sort` (descending; `soc` ascending). Unknown keys are refused.
pub fn occupation_rows(cat: &Catalog, sort: &str) -> Result<Vec<OccupationRow>, String> {
    if !SORT_KEYS.contains(&sort) && sort != "applicability" && sort != "annual_median_wage" {
        let hint = crate::assumptions::closest(sort, &SORT_KEYS).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
        return Err(format!("unknown sort key `{sort}`{hint}; use one of {}", SORT_KEYS.join(", ")));
    }
    let mut rows: Vec<OccupationRow> = cat
        .socs
        .iter()
        .map(|s| {
            let e = |m: Measure| s.exposure.map(|e| e[m as usize]);
            OccupationRow {
                soc: s.soc.clone(),
                title: s.title.clone(),
                employment: s.employment,
                annual_median_wage: s.annual_median_wage,
                gpt4_alpha: e(Measure::Gpt4Alpha),
                gpt4_beta: e(Measure::Gpt4Beta),
                gpt4_gamma: e(Measure::Gpt4Gamma),
                human_alpha: e(Measure::HumanAlpha),
                human_beta: e(Measure::HumanBeta),
                human_gamma: e(Measure::HumanGamma),
                ms_ai_applicability: s.ai_applicability,
                observed_usage: s.observed.map(|o| o.tasks_used),
                observed_automation: s.observed.and_then(|o| o.automation),
                observed_exposure: s.observed.and_then(|o| o.exposure),
                onet_occupations: s.onet.len(),
            }
        })
        .collect();
    if sort != "soc" {
        rows.sort_by(|a, b| {
            let (x, y) = (a.value(sort), b.value(sort));
            y.unwrap_or(f64::NEG_INFINITY).total_cmp(&x.unwrap_or(f64::NEG_INFINITY)).then(a.soc.cmp(&b.soc))
        });
    }
    Ok(rows)
}
