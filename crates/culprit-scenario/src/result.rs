//! What a scenario run returns: the typed result and its rows, and the engine's error. Data
//! only, in a module of its own, so that the engine and the privacy rule both use it without
//! depending on each other.

use crate::economics::{Breakdown, ComputeEquivalent, GroupEconomics, MonteCarlo, Quantiles};
use culprit_org::spans::SpanSummary;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("{}:{line}: {message}", file.display())]
    Action { file: std::path::PathBuf, line: usize, message: String },
    #[error("{0}")]
    Other(String),
}

/// Why a person left (or a manager became an individual contributor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Cut,
    Delayered,
    Merged,
    BecameIndividualContributor,
}

/// One row of cut.csv: a person who leaves. Occupation-derived figures only (no pay).
#[derive(Debug, Clone, Serialize)]
pub struct CutRow {
    pub employee_id: String,
    pub action_line: usize,
    pub action: &'static str,
    pub outcome: Outcome,
    pub title: String,
    pub department: String,
    pub level: String,
    pub layer_before: u16,
    pub was_manager: bool,
    pub soc: String,
    pub occupation: String,
    pub exposure: Option<f64>,
    /// The surviving manager whose team receives this person's remaining work.
    pub work_goes_to: String,
}

/// A manager who became an individual contributor (they stay; no pay is freed).
#[derive(Debug, Clone, Serialize)]
pub struct DemotedRow {
    pub employee_id: String,
    pub action_line: usize,
    pub title: String,
    pub department: String,
    pub layer_before: u16,
    pub span_before: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionReport {
    pub line: usize,
    pub action: &'static str,
    pub description: String,
    /// People the selector matched when the action ran.
    pub matched: u64,
    /// People who left through this action.
    pub left: u64,
    /// Managers who became individual contributors through this action.
    pub demoted: u64,
    pub takeover_people: u64,
    pub warnings: Vec<String>,
}

/// As-is beside to-be for one group.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub group: String,
    pub people_before: u64,
    pub people_after: u64,
    pub people_cut: u64,
    pub managers_before: u64,
    pub managers_after: u64,
    pub mean_span_before: Option<f64>,
    pub mean_span_after: Option<f64>,
    /// None where the group is below the privacy threshold.
    pub payroll_before: Option<f64>,
    pub payroll_after: Option<f64>,
    pub pay_suppressed: bool,
    pub work_removed_fte: f64,
    pub ai_doable_fte: f64,
    pub human_only_fte: f64,
}

/// The work that lands on one surviving team (a manager and their direct reports).
#[derive(Debug, Clone, Serialize)]
pub struct TeamLoad {
    pub manager_id: String,
    pub title: String,
    pub department: String,
    pub team_size: u64,
    pub people_lost_into_team: u64,
    /// Human-only work of the people who left, in FTE.
    pub human_only_fte: f64,
    /// AI-doable work that also lands on the team when the AI deployment fails (expected: times
    /// 1 - success probability).
    pub ai_fallback_fte: f64,
    /// Capacity freed by AI adoption in the team (expected: times the success probability).
    pub ai_capacity_fte: f64,
    /// Net added load per team member, as a share of one FTE.
    pub added_load_per_person: f64,
    pub overloaded: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoadSummary {
    pub threshold: f64,
    pub teams_receiving_work: u64,
    pub teams_overloaded: u64,
    pub survivors_in_overloaded_teams: u64,
    pub mean_added_load_receiving: f64,
    pub max_added_load: f64,
    /// Survivors by added load: 0, (0, 5%], (5, 15%], (15, 30%], > 30%.
    pub distribution: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    /// True when fewer people leave than the privacy threshold: every figure priced from their
    /// pay (payroll freed, savings, compute equivalents) is withheld (`None`; see [`crate::privacy`]).
    pub pay_suppressed: bool,
    pub measure: String,
    pub people_before: u64,
    pub people_cut: u64,
    pub people_after: u64,
    pub managers_removed: u64,
    pub managers_demoted: u64,
    pub payroll_before: Option<f64>,
    /// Sum of the annual pay of the people who leave.
    pub payroll_freed: Option<f64>,
    pub payroll_freed_share: Option<f64>,
    pub people_cut_without_pay: u64,
    pub work_removed_fte: f64,
    pub ai_doable_fte: f64,
    pub ai_doable_fte_low: f64,
    pub ai_doable_fte_high: f64,
    pub human_only_fte: f64,
    pub people_cut_uncoded: u64,
    pub ai_adopters: u64,
    pub gross_saving: Option<f64>,
    pub net_saving: Option<Quantiles>,
    pub net_saving_recurring: Option<Quantiles>,
    pub loss_probability: Option<f64>,
    pub h100_equivalent: Option<f64>,
    pub gpu_hours_per_year: Option<f64>,
    pub gigawatts: Option<f64>,
    pub share_of_capex: Option<f64>,
    pub share_of_capex_growth: Option<f64>,
    pub layers_before: u16,
    pub layers_after: u16,
    pub median_span_before: f64,
    pub median_span_after: f64,
    pub managers_off_target_before: u64,
    pub managers_off_target_after: u64,
    pub teams_overloaded: u64,
}

pub use culprit_data::assumptions::AssumptionUsed;

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub summary: Summary,
    pub actions: Vec<ActionReport>,
    pub warnings: Vec<String>,
    pub breakdown: Breakdown,
    pub monte_carlo: MonteCarlo,
    pub compute: ComputeEquivalent,
    pub spans_before: SpanSummary,
    pub spans_after: SpanSummary,
    pub departments: Vec<CompareRow>,
    pub layers: Vec<CompareRow>,
    pub levels: Vec<CompareRow>,
    pub load: LoadSummary,
    /// The most loaded receiving teams (at most 50).
    pub teams: Vec<TeamLoad>,
    pub economics_by_department: Vec<GroupEconomics>,
    pub assumptions: Vec<AssumptionUsed>,
    pub caveat: &'static str,
    /// Seconds spent in each stage of the engine.
    pub timings: Vec<(String, f64)>,
    #[serde(skip)]
    pub cut: Vec<CutRow>,
    #[serde(skip)]
    pub demoted: Vec<DemotedRow>,
}

pub const CAVEAT: &str = "Exposure is technical feasibility, not a probability of losing a job; \
AI-doable work is what AI could do under the exposure measure, and it only leaves with the people \
if an AI deployment succeeds.";
