//! What validation finds: a problem with one row, its kind, and the report of a whole file.
//! Data only, in a module of its own, so that the table readers (`raw`, `import`), the errors and
//! validation all use it without depending on each other.

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    RaggedRow,
    BlankId,
    DuplicateId,
    SelfManager,
    Orphan,
    /// The manager's name matches several people.
    AmbiguousManager,
    Cycle,
    MultipleRoots,
    BlankPay,
    UnparsablePay,
    NegativePay,
}

impl ProblemKind {
    pub fn label(self) -> &'static str {
        match self {
            ProblemKind::RaggedRow => "ragged_row",
            ProblemKind::BlankId => "blank_id",
            ProblemKind::DuplicateId => "duplicate_id",
            ProblemKind::SelfManager => "self_manager",
            ProblemKind::Orphan => "orphan",
            ProblemKind::AmbiguousManager => "ambiguous_manager",
            ProblemKind::Cycle => "cycle",
            ProblemKind::MultipleRoots => "multiple_roots",
            ProblemKind::BlankPay => "blank_pay",
            ProblemKind::UnparsablePay => "unparsable_pay",
            ProblemKind::NegativePay => "negative_pay",
        }
    }

    pub(crate) fn repair_rule(self) -> &'static str {
        match self {
            ProblemKind::RaggedRow => "kept; missing fields blank, extra fields ignored",
            ProblemKind::BlankId => "given the id row-<line>",
            ProblemKind::DuplicateId => "row dropped; the first row with this id is kept",
            ProblemKind::SelfManager => "treated as having no manager",
            ProblemKind::Orphan => "placed under the synthetic placeholder `(unknown manager)`",
            ProblemKind::AmbiguousManager => "placed under the synthetic placeholder `(unknown manager)`",
            ProblemKind::Cycle => "cycle broken here: manager link removed, placed under `(unknown manager)`",
            ProblemKind::MultipleRoots => "placed directly under the chosen top",
            ProblemKind::BlankPay | ProblemKind::UnparsablePay | ProblemKind::NegativePay => {
                "pay unknown: excluded from payroll, counted in headcount"
            }
        }
    }
}

/// One problem with one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// 1-based line in the file (sheet row for spreadsheets, row number for Parquet).
    pub line: u64,
    pub employee_id: String,
    pub kind: ProblemKind,
    pub detail: String,
    /// What `--repair` did; empty when not repaired.
    pub repair: String,
}

impl Problem {
    pub fn new(line: u64, id: &str, kind: ProblemKind, detail: String) -> Problem {
        Problem { line, employee_id: id.to_string(), kind, detail, repair: String::new() }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ValidationReport {
    pub source: String,
    pub rows_read: u64,
    pub people_kept: u64,
    pub repaired: bool,
    /// Problem counts by kind.
    pub counts: BTreeMap<ProblemKind, u64>,
    /// Every problem, by line.
    pub problems: Vec<Problem>,
    /// The id of the top of the organisation (after repair).
    pub top: Option<String>,
    /// True when `--repair` created the `(unknown manager)` placeholder.
    pub placeholder: bool,
    /// Managers referenced by several rows but not in the file, added as placeholders (not
    /// people: no pay, not in headcount) so that their teams keep their shape.
    pub placeholders: Vec<PlaceholderManager>,
}

/// A manager referenced but not in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceholderManager {
    /// The manager as referenced (an id, or a name).
    pub id: String,
    /// Rows that name this manager.
    pub direct_reports: u64,
    /// A name that stands for no person ("Board of Directors"): the top of the organisation.
    pub pseudo: bool,
}

impl ValidationReport {
    pub fn counts_text(&self) -> String {
        if self.counts.is_empty() {
            return "no problems".into();
        }
        self.counts.iter().map(|(k, n)| format!("{} {}", n, k.label())).collect::<Vec<_>>().join(", ")
    }

    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}
