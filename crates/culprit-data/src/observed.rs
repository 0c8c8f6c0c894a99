//! Observed AI use: the Anthropic Economic Index (release 2025-03-27) joined to the catalog's
//! O*NET 29.2 tasks, and the three observed measures built on it.
//!
//! The release gives, per O*NET task *text* (lower-cased, no Task ID, no occupation), the share of
//! Claude.ai conversations about that task (`task_pct_v2.csv`, percent, sums to 100) and how the
//! conversations about it split between automation (directive, feedback loop) and augmentation
//! (task iteration, validation, learning), with a `filtered` share too small to classify
//! (`automation_vs_augmentation_by_task.csv`). Its task list is an older O*NET (2010 O*NET-SOC
//! codes) that it ships as `onet_task_statements.csv`.
//!
//! Join, in this order, each rule only for what the previous ones left:
//! 1. `text`: the normalised text (lower-case, every run of non-alphanumerics folded to one space)
//!    equals the normalised text of O*NET 29.2 tasks (or of label-set tasks the catalog keeps);
//! 2. `task_id`: the text is a statement of the release's own task list, whose Task ID is a
//!    catalog task's;
//! 3. `fuzzy`: within the release statement's occupation, mapped from O*NET-SOC 2010 to 2019 by
//!    the O*NET crosswalk, the catalog task with the highest Sørensen-Dice similarity of character
//!    bigrams, if it is at least [`FUZZY_THRESHOLD`].
//!
//! A usage text that joins several catalog tasks (the same task text in several occupations)
//! splits its share equally among them. The same three rules applied to every statement of the
//! release's task list mark the catalog tasks the release *knew*: only those count in an
//! occupation's denominators, so an occupation whose tasks the release never listed (such as
//! 15-1252, created in the 2019 taxonomy with new task texts, where no fuzzy match clears the
//! threshold) has no observed figure (None), never 0.

use crate::catalog::Task;
use crate::error::{DataError, Result};
use crate::exposure::Measure;
use crate::upstream::read_delimited;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Minimum Sørensen-Dice similarity (character bigrams, whitespace ignored) for a fuzzy match.
pub const FUZZY_THRESHOLD: f64 = 0.85;
/// A task counts as used when its share of all conversations is above this (any listed use: the
/// release lists only tasks above its own privacy minimum of conversations).
pub const USAGE_THRESHOLD: f64 = 0.0;
/// An occupation has observed figures only when the release lists at least this share of its task
/// weight: below it (an occupation created or rewritten after the release's O*NET, whose few
/// listed tasks are generic ones shared with older occupations) the figure would rest on a
/// handful of tasks, and is left missing.
pub const MIN_KNOWN_SHARE: f64 = 0.5;
/// Weight of augmentative use in observed exposure (automated use weighs 1).
pub const AUGMENTATION_WEIGHT: f64 = 0.5;
/// Tolerance on the documented sums (100 for `pct`, 1 for each row of the mode shares).
const PCT_TOLERANCE: f64 = 0.01;
const ROW_TOLERANCE: f64 = 1e-6;

/// Registry ids of the release files and the crosswalk the join reads.
pub const SOURCES: [&str; 5] = ["aei_task_pct", "aei_automation_by_task", "aei_automation_total", "aei_task_statements", "onet_2010_2019_crosswalk"];

/// Names of the three observed measures.
pub const OBSERVED_USAGE: &str = "observed_usage";
pub const OBSERVED_AUTOMATION: &str = "observed_automation";
pub const OBSERVED_EXPOSURE: &str = "observed_exposure";
pub const MEASURES: [&str; 3] = [OBSERVED_USAGE, OBSERVED_AUTOMATION, OBSERVED_EXPOSURE];

pub const RULE_USAGE: &str = "share of the occupation's task weight (Core 2, Supplemental 1) with any Claude use in the Anthropic Economic Index (2025-03-27), over the tasks the release lists; SOC = unweighted mean of its O*NET-SOC occupations";
pub const RULE_AUTOMATION: &str = "usage-weighted share of the occupation's classified conversations that automate (directive + feedback loop) rather than augment (task iteration, validation, learning)";
pub const RULE_EXPOSURE: &str = "share of the occupation's task weight that is theoretically exposed (human beta > 0: E1 or E2) and used (any use), used tasks weighted 1 for automated and 0.5 for augmentative use; after Anthropic's 2026 observed exposure";

/// Lower-case; every run of characters that are not letters or digits becomes one space.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars().flat_map(|c| c.to_lowercase()) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// Sørensen-Dice similarity of character bigrams (whitespace ignored), 0..1.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::sorensen_dice(a, b)
}

/// The release's own `none` row: conversations that matched no task.
pub const NONE_ROW: &str = "none";

#[derive(Debug, Clone, PartialEq)]
pub struct UsageRow {
    pub text: String,
    pub norm: String,
    /// Share of all conversations, 0..1 (the file's percent / 100).
    pub share: f64,
    pub line: u64,
}

/// Mode shares of one task's conversations (each 0..1; the six sum to 1).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Modes {
    pub feedback_loop: f64,
    pub directive: f64,
    pub task_iteration: f64,
    pub validation: f64,
    pub learning: f64,
    pub filtered: f64,
}

impl Modes {
    /// Automation share of the classified conversations; None when all were filtered.
    pub fn automation(&self) -> Option<f64> {
        let classified = 1.0 - self.filtered;
        (classified > 1e-9).then(|| ((self.directive + self.feedback_loop) / classified).clamp(0.0, 1.0))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub code: String,
    pub task_id: u32,
    pub norm: String,
    pub line: u64,
}

/// Everything the join needs, parsed.
#[derive(Debug, Clone, Default)]
pub struct ObservedInputs {
    pub usage: Vec<UsageRow>,
    pub modes: Vec<(String, Modes, u64)>,
    /// Automation share of all classified conversations (the release's aggregate file), used for
    /// a task whose own conversations were all filtered.
    pub automation_total: f64,
    pub statements: Vec<Statement>,
    /// O*NET-SOC 2010 -> 2019.
    pub crosswalk: Vec<(String, String)>,
}

/// Refuse a file whose header is not exactly `expected` (other columns mean another release).
fn exact_header(path: &Path, expected: &[&str]) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| DataError::io(path, e))?;
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(std::io::BufReader::new(file));
    let found: Vec<String> = rdr
        .headers()
        .map_err(|e| DataError::malformed(path, 1, format!("unreadable header: {e}"), "restore the original file"))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    if found != expected {
        return Err(DataError::malformed(
            path,
            1,
            format!("the header is {found:?}; the Anthropic Economic Index release 2025-03-27 has exactly {expected:?}"),
            "this is another release or an edited file: restore the release_2025_03_27 file (see sources.toml and PROVENANCE.md)",
        ));
    }
    Ok(())
}

fn share_in_unit(r: &crate::upstream::Row, i: usize, name: &str) -> Result<f64> {
    let v = r.parse_f64(i)?;
    if !(-ROW_TOLERANCE..=1.0 + ROW_TOLERANCE).contains(&v) {
        return Err(r.err(format!("`{name}` is {v}, outside [0, 1]"), "restore the original file"));
    }
    Ok(v.clamp(0.0, 1.0))
}

/// `task_pct_v2.csv`: task_name, pct (percent of conversations, summing to 100).
pub fn read_task_pct(path: &Path) -> Result<Vec<UsageRow>> {
    let cols = ["task_name", "pct"];
    exact_header(path, &cols)?;
    let mut out: Vec<UsageRow> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut total = 0.0;
    read_delimited(path, b',', true, &cols, |r| {
        let text = r.get(0);
        if text.is_empty() {
            return Err(r.err("empty task_name", "restore the original file"));
        }
        if let Some(first) = seen.insert(text.to_string(), r.line) {
            return Err(r.err(
                format!("task text `{text}` appears twice (first on line {first}); the release keys tasks by text, so a duplicate would count its usage twice"),
                "remove the duplicated row or restore the original file",
            ));
        }
        let pct = r.parse_f64(1)?;
        if pct < 0.0 {
            return Err(r.err(format!("pct is {pct}, negative"), "restore the original file"));
        }
        total += pct;
        out.push(UsageRow { text: text.to_string(), norm: normalise(text), share: pct / 100.0, line: r.line });
        Ok(())
    })?;
    if (total - 100.0).abs() > PCT_TOLERANCE {
        return Err(DataError::malformed(
            path,
            0,
            format!("pct sums to {total:.4} over {} rows; the release documents that it sums to 100", out.len()),
            "the file is truncated or of another release: restore release_2025_03_27/task_pct_v2.csv",
        ));
    }
    Ok(out)
}

/// `automation_vs_augmentation_by_task.csv`: six shares per task that sum to 1.
pub fn read_modes(path: &Path) -> Result<Vec<(String, Modes, u64)>> {
    let cols = ["task_name", "feedback_loop", "directive", "task_iteration", "validation", "learning", "filtered"];
    exact_header(path, &cols)?;
    let mut out = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    read_delimited(path, b',', true, &cols, |r| {
        let text = r.get(0);
        if let Some(first) = seen.insert(text.to_string(), r.line) {
            return Err(r.err(format!("task text `{text}` appears twice (first on line {first})"), "remove the duplicated row or restore the original file"));
        }
        let mut v = [0.0; 6];
        for (k, x) in v.iter_mut().enumerate() {
            *x = share_in_unit(r, k + 1, cols[k + 1])?;
        }
        let sum: f64 = v.iter().sum();
        if (sum - 1.0).abs() > ROW_TOLERANCE * 10.0 {
            return Err(r.err(
                format!("the six shares sum to {sum:.6}; the release documents that they sum to 1"),
                "restore release_2025_03_27/automation_vs_augmentation_by_task.csv",
            ));
        }
        let m = Modes { feedback_loop: v[0], directive: v[1], task_iteration: v[2], validation: v[3], learning: v[4], filtered: v[5] };
        out.push((normalise(text), m, r.line));
        Ok(())
    })?;
    Ok(out)
}

/// `automation_vs_augmentation.csv` (aggregate): the automation share of classified conversations.
pub fn read_automation_total(path: &Path) -> Result<f64> {
    let cols = ["interaction_type", "pct"];
    exact_header(path, &cols)?;
    let mut by: HashMap<String, f64> = HashMap::new();
    read_delimited(path, b',', true, &cols, |r| {
        let kind = r.get(0).to_string();
        if !matches!(kind.as_str(), "directive" | "feedback loop" | "learning" | "none" | "task iteration" | "validation") {
            return Err(r.err(format!("unknown interaction type `{kind}`"), "restore the original file"));
        }
        let v = r.parse_f64(1)?;
        if by.insert(kind.clone(), v).is_some() {
            return Err(r.err(format!("interaction type `{kind}` appears twice"), "restore the original file"));
        }
        Ok(())
    })?;
    // The six types sum to about 84 in the release: the rest of the conversations were too few
    // to classify (the per-task file's `filtered`). More than 100 cannot be.
    let total: f64 = by.values().sum();
    if total > 100.0 + PCT_TOLERANCE || by.len() != 6 {
        return Err(DataError::malformed(
            path,
            0,
            format!("{} interaction types summing to {total:.4}; the release has the six types summing to at most 100", by.len()),
            "restore release_2025_03_27/automation_vs_augmentation_v1.csv",
        ));
    }
    let g = |k: &str| by.get(k).copied().unwrap_or(0.0);
    let auto = g("directive") + g("feedback loop");
    let classified = total - g("none");
    if classified <= 0.0 {
        return Err(DataError::malformed(path, 0, "no classified conversations", "restore the original file"));
    }
    Ok(auto / classified)
}

/// The release's `onet_task_statements.csv` (O*NET 20.1-era, 2010 O*NET-SOC codes).
pub fn read_statements(path: &Path) -> Result<Vec<Statement>> {
    let all = ["O*NET-SOC Code", "Title", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"];
    exact_header(path, &all)?;
    let mut out = Vec::new();
    let mut seen: HashMap<u32, u64> = HashMap::new();
    read_delimited(path, b',', true, &["O*NET-SOC Code", "Task ID", "Task"], |r| {
        let id = r.parse_task_id(1)?;
        if let Some(first) = seen.insert(id, r.line) {
            return Err(r.err(format!("Task ID {id} appears twice (first on line {first})"), "restore the original file"));
        }
        out.push(Statement { code: r.get(0).to_string(), task_id: id, norm: normalise(r.get(2)), line: r.line });
        Ok(())
    })?;
    Ok(out)
}

/// O*NET-SOC 2010 -> 2019 crosswalk (CSV).
pub fn read_2010_2019(path: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    read_delimited(path, b',', true, &["O*NET-SOC 2010 Code", "O*NET-SOC 2019 Code"], |r| {
        out.push((r.get(0).to_string(), r.get(1).to_string()));
        Ok(())
    })?;
    Ok(out)
}

/// Read the release and the crosswalk from their registry paths (in [`SOURCES`] order).
pub fn read_inputs(paths: &[&Path; 5]) -> Result<ObservedInputs> {
    Ok(ObservedInputs {
        usage: read_task_pct(paths[0])?,
        modes: read_modes(paths[1])?,
        automation_total: read_automation_total(paths[2])?,
        statements: read_statements(paths[3])?,
        crosswalk: read_2010_2019(paths[4])?,
    })
}

/// Which rule joined a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum JoinRule {
    Text,
    TaskId,
    Fuzzy,
}

impl JoinRule {
    pub fn name(self) -> &'static str {
        match self {
            JoinRule::Text => "text",
            JoinRule::TaskId => "task_id",
            JoinRule::Fuzzy => "fuzzy",
        }
    }
}

/// Observed use of one catalog task.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TaskUse {
    /// Share of all Claude.ai conversations attributed to this task, 0..1.
    pub share: f64,
    /// Automation share of its classified conversations; None when all were filtered.
    pub automation: Option<f64>,
    pub rule: JoinRule,
}

impl TaskUse {
    pub fn augmentation(&self) -> Option<f64> {
        self.automation.map(|a| 1.0 - a)
    }
}

/// One row of the join's coverage table.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RuleCoverage {
    pub rule: String,
    /// Release task texts joined by this rule.
    pub tasks: usize,
    /// Their share of all conversations, 0..1.
    pub usage: f64,
}

/// The join's coverage, as the catalog states it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ObservedCoverage {
    /// Why there are no observed measures (the release is not on this machine), if so.
    pub gap: Option<String>,
    pub release_tasks: usize,
    /// Texts that differ from another only by punctuation, merged (shares added).
    pub merged_texts: usize,
    /// text, task_id, fuzzy, then the release's own `none` row, then unmatched.
    pub by_rule: Vec<RuleCoverage>,
    /// Share of all conversations joined to a catalog task.
    pub usage_matched: f64,
    /// The largest unmatched texts with their share.
    pub largest_unmatched: Vec<(String, f64)>,
    /// Usage texts without a row in the mode file.
    pub without_modes: usize,
    pub automation_total: f64,
    pub statements: usize,
    pub statements_matched: usize,
    pub catalog_tasks_known: usize,
    pub catalog_tasks_used: usize,
    pub occupations_observed: usize,
    /// O*NET occupations with some task the release listed, but under [`MIN_KNOWN_SHARE`] of
    /// their task weight: left without observed figures.
    pub occupations_too_few_known: usize,
    pub socs_observed: usize,
    pub fuzzy_threshold: f64,
}

/// Observed figures of an occupation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Observed {
    /// Sum of its tasks' shares of all conversations, 0..1.
    pub usage_share: f64,
    /// `observed_usage`: share of its task weight with any use.
    pub tasks_used: f64,
    /// `observed_automation`: usage-weighted automation share; None without classified use.
    pub automation: Option<f64>,
    /// `observed_exposure`; None when no task the release knew has a human label.
    pub exposure: Option<f64>,
    /// Share of the same task weight that is theoretically exposed (human beta > 0), the
    /// "could" beside `exposure`'s "does".
    pub theoretical: Option<f64>,
    /// Tasks the release listed, and those of them with use.
    pub known_tasks: u32,
    pub used_tasks: u32,
}

impl Observed {
    pub fn value(&self, measure: &str) -> Option<f64> {
        match measure {
            OBSERVED_USAGE => Some(self.tasks_used),
            OBSERVED_AUTOMATION => self.automation,
            OBSERVED_EXPOSURE => self.exposure,
            _ => None,
        }
    }

    /// (name, value) of the three measures that have a value.
    pub fn measures(&self) -> Vec<(String, f64)> {
        MEASURES.iter().filter_map(|m| self.value(m).map(|v| (m.to_string(), v))).collect()
    }
}

/// Observed figures of one occupation from its catalog tasks, over the tasks the release listed.
/// None when those are under [`MIN_KNOWN_SHARE`] of its task weight (or there are none).
pub fn occupation_observed(tasks: &[Task], automation_total: f64) -> Option<Observed> {
    let known: Vec<&Task> = tasks.iter().filter(|t| t.in_release.is_some() || t.usage.is_some()).collect();
    let w_total: f64 = tasks.iter().map(|t| t.kind.weight()).sum();
    let w_known: f64 = known.iter().map(|t| t.kind.weight()).sum();
    if known.is_empty() || w_known < MIN_KNOWN_SHARE * w_total {
        return None;
    }
    let used = |t: &Task| t.usage.is_some_and(|u| u.share > USAGE_THRESHOLD);
    let (mut w_all, mut w_used, mut share, mut auto_num, mut auto_den) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let (mut w_lab, mut w_theory, mut w_obs) = (0.0, 0.0, 0.0);
    let mut used_tasks = 0u32;
    for t in &known {
        let w = t.kind.weight();
        w_all += w;
        if let Some(u) = t.usage {
            share += u.share;
            if let Some(a) = u.automation {
                auto_num += u.share * a;
                auto_den += u.share;
            }
        }
        if used(t) {
            w_used += w;
            used_tasks += 1;
        }
        if let Some(h) = t.human {
            w_lab += w;
            if Measure::HumanBeta.task_value(h) > 0.0 {
                w_theory += w;
                if used(t) {
                    let a = t.usage.and_then(|u| u.automation).unwrap_or(automation_total);
                    w_obs += w * (a + AUGMENTATION_WEIGHT * (1.0 - a));
                }
            }
        }
    }
    Some(Observed {
        usage_share: share,
        tasks_used: w_used / w_all,
        automation: (auto_den > 0.0).then(|| auto_num / auto_den),
        exposure: (w_lab > 0.0).then(|| w_obs / w_lab),
        theoretical: (w_lab > 0.0).then(|| w_theory / w_lab),
        known_tasks: known.len() as u32,
        used_tasks,
    })
}

/// Unweighted mean of several occupations' figures (SOC from its O*NET-SOC occupations); the
/// usage shares add up.
pub fn mean_observed<'a>(items: impl IntoIterator<Item = &'a Observed>) -> Option<Observed> {
    let items: Vec<&Observed> = items.into_iter().collect();
    if items.is_empty() {
        return None;
    }
    let mean_opt = |f: &dyn Fn(&Observed) -> Option<f64>| {
        let v: Vec<f64> = items.iter().filter_map(|o| f(o)).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    Some(Observed {
        usage_share: items.iter().map(|o| o.usage_share).sum(),
        tasks_used: items.iter().map(|o| o.tasks_used).sum::<f64>() / items.len() as f64,
        automation: mean_opt(&|o| o.automation),
        exposure: mean_opt(&|o| o.exposure),
        theoretical: mean_opt(&|o| o.theoretical),
        known_tasks: items.iter().map(|o| o.known_tasks).sum(),
        used_tasks: items.iter().map(|o| o.used_tasks).sum(),
    })
}

/// Join the release to the catalog's tasks: sets `usage` and `in_release` on `tasks` and returns
/// the coverage. `occupation_codes[i]` is the O*NET-SOC code of catalog occupation i, whose
/// tasks are `tasks[ranges[i].0..ranges[i].1]`.
pub fn join(tasks: &mut [Task], occupation_codes: &[String], ranges: &[(u32, u32)], inp: &ObservedInputs) -> ObservedCoverage {
    let mut cov = ObservedCoverage { fuzzy_threshold: FUZZY_THRESHOLD, automation_total: inp.automation_total, ..Default::default() };
    let norms: Vec<String> = tasks.iter().map(|t| normalise(&t.text)).collect();
    // Bigram counts as strsim's Sørensen-Dice takes them (whitespace removed).
    let bigrams = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count().saturating_sub(1) as f64;
    let bigrams_of: Vec<f64> = norms.iter().map(|s| bigrams(s)).collect();
    let mut by_norm: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_id: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, t) in tasks.iter().enumerate() {
        by_norm.entry(norms[i].as_str()).or_default().push(i);
        by_id.entry(t.id).or_default().push(i);
    }
    let occ_of: HashMap<&str, usize> = occupation_codes.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
    let mut xwalk: HashMap<&str, Vec<usize>> = HashMap::new();
    for (old, new) in &inp.crosswalk {
        if let Some(&o) = occ_of.get(new.as_str()) {
            xwalk.entry(old.as_str()).or_default().push(o);
        }
    }
    // A 2010 code absent from the crosswalk may still be a 2019 code.
    let occupations_of = |code: &str| -> Vec<usize> {
        match xwalk.get(code) {
            Some(v) => v.clone(),
            None => occ_of.get(code).map(|&o| vec![o]).unwrap_or_default(),
        }
    };
    let fuzzy = |norm: &str, code: &str| -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for o in occupations_of(code) {
            let (a, b) = ranges[o];
            for i in a as usize..b as usize {
                // Dice >= t needs 2 min(n, m) / (n + m) >= t over the bigram counts n, m: skip
                // candidates whose lengths alone rule it out.
                let (n, m) = (bigrams(norm), bigrams_of[i]);
                if 2.0 * n.min(m) < FUZZY_THRESHOLD * (n + m) {
                    continue;
                }
                let s = similarity(norm, &norms[i]);
                if s >= FUZZY_THRESHOLD && best.is_none_or(|(bs, _)| s > bs) {
                    best = Some((s, i));
                }
            }
        }
        best.map(|(_, i)| i)
    };

    // Statements: which catalog tasks the release knew.
    let mut in_release: Vec<Option<JoinRule>> = vec![None; tasks.len()];
    let mut stmts_by_norm: HashMap<&str, Vec<&Statement>> = HashMap::new();
    cov.statements = inp.statements.len();
    for s in &inp.statements {
        stmts_by_norm.entry(s.norm.as_str()).or_default().push(s);
        let (hits, rule) = if let Some(v) = by_norm.get(s.norm.as_str()) {
            (v.clone(), JoinRule::Text)
        } else if let Some(v) = by_id.get(&s.task_id) {
            (v.clone(), JoinRule::TaskId)
        } else {
            (fuzzy(&s.norm, &s.code).into_iter().collect(), JoinRule::Fuzzy)
        };
        if !hits.is_empty() {
            cov.statements_matched += 1;
        }
        for i in hits {
            in_release[i].get_or_insert(rule);
        }
    }

    // Usage: merge texts equal after normalising, then join each.
    let modes: HashMap<&str, Modes> = inp.modes.iter().map(|(n, m, _)| (n.as_str(), *m)).collect();
    let mut merged: Vec<(String, String, f64, Option<f64>, f64)> = Vec::new(); // norm, text, share, automation-weighted sum, classified share
    let mut pos: HashMap<&str, usize> = HashMap::new();
    for u in &inp.usage {
        let a = modes.get(u.norm.as_str()).and_then(|m| m.automation());
        if !modes.contains_key(u.norm.as_str()) && u.norm != NONE_ROW {
            cov.without_modes += 1;
        }
        match pos.get(u.norm.as_str()) {
            Some(&k) => {
                cov.merged_texts += 1;
                let m = &mut merged[k];
                m.2 += u.share;
                if let Some(a) = a {
                    m.3 = Some(m.3.unwrap_or(0.0) + a * u.share);
                    m.4 += u.share;
                }
            }
            None => {
                pos.insert(u.norm.as_str(), merged.len());
                merged.push((u.norm.clone(), u.text.clone(), u.share, a.map(|a| a * u.share), if a.is_some() { u.share } else { 0.0 }));
            }
        }
    }
    cov.release_tasks = inp.usage.len();
    let mut rows: HashMap<&'static str, RuleCoverage> = HashMap::new();
    let mut unmatched = Vec::new();
    let mut usage: Vec<Option<TaskUse>> = vec![None; tasks.len()];
    for (norm, text, share, auto_sum, classified) in &merged {
        let automation = auto_sum.map(|s| s / classified);
        let (hits, rule): (Vec<usize>, Option<JoinRule>) = if norm == NONE_ROW {
            (Vec::new(), None)
        } else if let Some(v) = by_norm.get(norm.as_str()) {
            (v.clone(), Some(JoinRule::Text))
        } else {
            let stmts = stmts_by_norm.get(norm.as_str()).cloned().unwrap_or_default();
            let ids: Vec<usize> = stmts.iter().flat_map(|s| by_id.get(&s.task_id).cloned().unwrap_or_default()).collect();
            if !ids.is_empty() {
                (ids, Some(JoinRule::TaskId))
            } else {
                let mut f: Vec<usize> = stmts.iter().filter_map(|s| fuzzy(norm, &s.code)).collect();
                f.sort_unstable();
                f.dedup();
                (f, Some(JoinRule::Fuzzy))
            }
        };
        let key = match (norm == NONE_ROW, hits.is_empty(), rule) {
            (true, _, _) => "none (the release's own row: no task)",
            (false, true, _) => "unmatched",
            (false, false, Some(r)) => r.name(),
            _ => unreachable!(),
        };
        let row = rows.entry(key).or_insert_with(|| RuleCoverage { rule: key.into(), ..Default::default() });
        row.tasks += 1;
        row.usage += share;
        if hits.is_empty() {
            if norm != NONE_ROW {
                unmatched.push((text.clone(), *share));
            }
            continue;
        }
        let each = share / hits.len() as f64;
        for i in hits {
            in_release[i].get_or_insert(rule.unwrap());
            let u = usage[i].get_or_insert(TaskUse { share: 0.0, automation: None, rule: rule.unwrap() });
            // Usage-weighted automation over the texts joined to this task.
            let prev = u.automation.map(|a| a * u.share);
            u.share += each;
            u.automation = match (prev, automation) {
                (Some(p), Some(a)) => Some((p + a * each) / u.share),
                (None, Some(a)) => Some(a),
                (p, None) => p.map(|p| p / u.share),
            };
        }
    }
    for key in ["text", "task_id", "fuzzy", "none (the release's own row: no task)", "unmatched"] {
        cov.by_rule.push(rows.remove(key).unwrap_or(RuleCoverage { rule: key.into(), ..Default::default() }));
    }
    cov.usage_matched = cov.by_rule.iter().filter(|r| matches!(r.rule.as_str(), "text" | "task_id" | "fuzzy")).map(|r| r.usage).sum();
    unmatched.sort_by(|a, b| b.1.total_cmp(&a.1));
    unmatched.truncate(10);
    cov.largest_unmatched = unmatched;
    for (i, t) in tasks.iter_mut().enumerate() {
        t.in_release = in_release[i];
        t.usage = usage[i];
    }
    cov.catalog_tasks_known = tasks.iter().filter(|t| t.in_release.is_some()).count();
    cov.catalog_tasks_used = tasks.iter().filter(|t| t.usage.is_some()).count();
    cov
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::TaskOrigin;
    use crate::upstream::{Label, TaskType};
    use Label::*;

    fn task(id: u32, occ: u32, text: &str, kind: TaskType, human: Option<Label>) -> Task {
        Task { id, occupation: occ, text: text.into(), kind, gpt4: human, human, origin: TaskOrigin::Onet, dwas: vec![], usage: None, in_release: None }
    }

    fn inputs() -> ObservedInputs {
        let u = |t: &str, pct: f64| UsageRow { text: t.into(), norm: normalise(t), share: pct / 100.0, line: 0 };
        let m = |t: &str, d: f64, ti: f64, f: f64| (normalise(t), Modes { directive: d, task_iteration: ti, filtered: f, ..Default::default() }, 0);
        let s = |code: &str, id: u32, t: &str| Statement { code: code.into(), task_id: id, norm: normalise(t), line: 0 };
        ObservedInputs {
            usage: vec![
                u("write code for programs.", 50.0),
                u("Write code, for programs", 10.0),            // merged with the first
                u("review old reports.", 20.0),                  // Task ID through the release's statements
                u("test the software for error in code.", 10.0), // fuzzy within the occupation
                u("fly aircraft.", 5.0),                         // no counterpart
                u("none", 5.0),
            ],
            modes: vec![m("write code for programs.", 0.5, 0.5, 0.0), m("review old reports.", 0.0, 0.5, 0.5), m("test the software for error in code.", 0.0, 0.0, 1.0)],
            automation_total: 0.4,
            statements: vec![
                s("15-1132.00", 7, "review old reports."),
                s("15-1132.00", 8, "test the software for error in code."),
                s("15-1132.00", 9, "attend meetings."),
            ],
            crosswalk: vec![("15-1132.00".into(), "15-1252.00".into())],
        }
    }

    fn catalog_tasks() -> (Vec<Task>, Vec<String>, Vec<(u32, u32)>) {
        let tasks = vec![
            task(1, 0, "Write code for programs.", TaskType::Core, Some(E1)),
            task(7, 0, "Review reports in detail.", TaskType::Core, Some(E2)),
            task(3, 0, "Test the software for errors in code.", TaskType::Supplemental, Some(E1)),
            task(4, 0, "Lift boxes.", TaskType::Core, Some(E0)),
            task(5, 1, "Write code for programs.", TaskType::Core, Some(E1)),
            task(6, 2, "Drive trucks.", TaskType::Core, Some(E0)),
        ];
        (tasks, vec!["15-1252.00".into(), "15-1299.00".into(), "53-3032.00".into()], vec![(0, 4), (4, 5), (5, 6)])
    }

    #[test]
    fn normalising_folds_case_and_punctuation() {
        assert_eq!(normalise("  Write code, for programs."), "write code for programs");
        assert_eq!(normalise("story's emphasis—length"), "story s emphasis length");
    }

    #[test]
    fn joins_by_text_then_task_id_then_fuzzy_and_counts_coverage() {
        let (mut tasks, codes, ranges) = catalog_tasks();
        let cov = join(&mut tasks, &codes, &ranges, &inputs());
        let row = |r: &str| cov.by_rule.iter().find(|x| x.rule == r).unwrap().clone();
        assert_eq!((row("text").tasks, (row("text").usage * 100.0).round()), (1, 60.0));
        assert_eq!((row("task_id").tasks, (row("task_id").usage * 100.0).round()), (1, 20.0));
        assert_eq!((row("fuzzy").tasks, (row("fuzzy").usage * 100.0).round()), (1, 10.0));
        assert_eq!((row("unmatched").tasks, (row("unmatched").usage * 100.0).round()), (1, 5.0));
        assert_eq!(cov.merged_texts, 1);
        assert!((cov.usage_matched - 0.90).abs() < 1e-12);
        assert_eq!(cov.largest_unmatched[0].0, "fly aircraft.");
        // The text shared by two occupations splits its 60% equally.
        assert!((tasks[0].usage.unwrap().share - 0.30).abs() < 1e-12);
        assert!((tasks[4].usage.unwrap().share - 0.30).abs() < 1e-12);
        assert_eq!(tasks[1].usage.unwrap().rule, JoinRule::TaskId);
        assert_eq!(tasks[2].usage.unwrap().rule, JoinRule::Fuzzy);
        // All filtered: no automation share of its own.
        assert_eq!(tasks[2].usage.unwrap().automation, None);
        // The release never listed "lift boxes" nor "drive trucks".
        assert_eq!((tasks[3].in_release, tasks[5].in_release), (None, None));
    }

    #[test]
    fn occupation_measures_follow_the_stated_rules() {
        let (mut tasks, codes, ranges) = catalog_tasks();
        let inp = inputs();
        join(&mut tasks, &codes, &ranges, &inp);
        let o = occupation_observed(&tasks[0..4], inp.automation_total).unwrap();
        // Known tasks: 1 (Core), 7 (Core), 3 (Supplemental); "lift boxes" is not known.
        assert_eq!((o.known_tasks, o.used_tasks), (3, 3));
        assert!((o.tasks_used - 1.0).abs() < 1e-12);
        // Automation: task 1 0.5 (share .30), task 7 0.0 (share .20), task 3 filtered.
        assert!((o.automation.unwrap() - 0.15 / 0.50).abs() < 1e-12);
        // Exposure: weights 2, 2, 1 all exposed and used; mode factors 0.75, 0.5, 0.7 (aggregate 0.4).
        let want = (2.0 * 0.75 + 2.0 * 0.5 + 1.0 * 0.7) / 5.0;
        assert!((o.exposure.unwrap() - want).abs() < 1e-12, "{o:?}");
        assert_eq!(o.theoretical, Some(1.0));
        // An occupation the release never listed has no figure at all, not zero.
        assert_eq!(occupation_observed(&tasks[5..6], 0.4), None);
        // Nor one whose listed tasks are under half of its task weight: "write code" (Core) is
        // listed, three unlisted Core tasks are not.
        let mut few = vec![tasks[4].clone()];
        for id in [20, 21, 22] {
            few.push(task(id, 1, "Unlisted work.", TaskType::Core, Some(E1)));
        }
        assert_eq!(occupation_observed(&few, 0.4), None);
        few.truncate(2);
        assert!(occupation_observed(&few, 0.4).is_some());
    }

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn bad_release_files_are_refused_with_file_line_and_fix() {
        let d = tempfile::tempdir().unwrap();
        let ok = write(d.path(), "ok.csv", "task_name,pct\na.,60\nb.,40\n");
        assert_eq!(read_task_pct(&ok).unwrap().len(), 2);
        let e = read_task_pct(&write(d.path(), "cols.csv", "task_name,pct,soc\na.,100,x\n")).unwrap_err().to_string();
        assert!(e.contains("cols.csv:1") && e.contains("exactly") && e.contains("fix:"), "{e}");
        let e = read_task_pct(&write(d.path(), "dup.csv", "task_name,pct\na.,50\na.,50\n")).unwrap_err().to_string();
        assert!(e.contains("dup.csv:3") && e.contains("first on line 2"), "{e}");
        let e = read_task_pct(&write(d.path(), "sum.csv", "task_name,pct\na.,50\nb.,40\n")).unwrap_err().to_string();
        assert!(e.contains("sums to 90") && e.contains("100"), "{e}");
        let e = read_modes(&write(d.path(), "m.csv", "task_name,feedback_loop,directive,task_iteration,validation,learning,filtered\na.,0.5,0.5,0.5,0,0,0\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("m.csv:2") && e.contains("sum to 1.5"), "{e}");
        let e = read_task_pct(&d.path().join("absent.csv")).unwrap_err().to_string();
        assert!(e.contains("absent.csv"), "{e}");
    }
}
