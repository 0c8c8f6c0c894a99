//! A scenario result as files, beside the organisation's `write_outputs`: cut.csv (exactly the
//! people who leave), demoted.csv, teams_load.csv, actions.csv, departments.csv, layers.csv,
//! levels.csv, assumptions.csv and result.json. Pay figures are as the privacy rule left them.

use crate::result::{ScenarioError, ScenarioResult};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The header of cut.csv, written even when nobody leaves.
const CUT_HEADER: [&str; 13] =
    ["employee_id", "action_line", "action", "outcome", "title", "department", "level", "layer_before", "was_manager", "soc", "occupation", "exposure", "work_goes_to"];

fn write_err(path: &Path, e: impl std::fmt::Display) -> ScenarioError {
    ScenarioError::Other(format!("writing {}: {e}", path.display()))
}

/// One row of actions.csv (written without a header row, as it always has been).
#[derive(Serialize)]
struct ActionLine<'a> {
    line: usize,
    action: &'a str,
    description: &'a str,
    matched: u64,
    left: u64,
    demoted: u64,
    warnings: String,
}

/// One row of assumptions.csv (written without a header row, as it always has been).
#[derive(Serialize)]
struct AssumptionLine<'a> {
    key: &'a str,
    value: f64,
    unit: &'a str,
    overridden: bool,
    source: &'a str,
}

fn write_csv<T: Serialize>(path: &Path, rows: &[T]) -> Result<(), ScenarioError> {
    write_rows(path, rows, true)
}

fn write_rows<T: Serialize>(path: &Path, rows: &[T], header: bool) -> Result<(), ScenarioError> {
    let mut w = csv::WriterBuilder::new().has_headers(header).from_path(path).map_err(|e| write_err(path, e))?;
    for r in rows {
        w.serialize(r).map_err(|e| write_err(path, e))?;
    }
    w.flush().map_err(|e| write_err(path, e))
}

/// Write the tables and result.json into `dir` (created if missing). Returns the files written.
pub fn write_outputs(r: &ScenarioResult, dir: &Path) -> Result<Vec<PathBuf>, ScenarioError> {
    std::fs::create_dir_all(dir).map_err(|e| ScenarioError::Other(format!("creating {}: {e}", dir.display())))?;
    let mut files = Vec::new();
    let cut = dir.join("cut.csv");
    let mut w = csv::Writer::from_path(&cut).map_err(|e| write_err(&cut, e))?;
    if r.cut.is_empty() {
        w.write_record(CUT_HEADER).map_err(|e| write_err(&cut, e))?;
    }
    for c in &r.cut {
        w.serialize(c).map_err(|e| write_err(&cut, e))?;
    }
    w.flush().map_err(|e| write_err(&cut, e))?;
    files.push(cut);
    let mut table = |name: &str, f: &dyn Fn(&Path) -> Result<(), ScenarioError>| -> Result<(), ScenarioError> {
        let p = dir.join(name);
        f(&p)?;
        files.push(p);
        Ok(())
    };
    table("demoted.csv", &|p| write_csv(p, &r.demoted))?;
    table("teams_load.csv", &|p| write_csv(p, &r.teams))?;
    table("actions.csv", &|p| {
        let rows: Vec<ActionLine> = r
            .actions
            .iter()
            .map(|a| ActionLine { line: a.line, action: a.action, description: &a.description, matched: a.matched, left: a.left, demoted: a.demoted, warnings: a.warnings.join("; ") })
            .collect();
        write_rows(p, &rows, false)
    })?;
    table("departments.csv", &|p| write_csv(p, &r.departments))?;
    table("layers.csv", &|p| write_csv(p, &r.layers))?;
    table("levels.csv", &|p| write_csv(p, &r.levels))?;
    table("assumptions.csv", &|p| {
        let rows: Vec<AssumptionLine> = r.assumptions.iter().map(|a| AssumptionLine { key: &a.key, value: a.value, unit: &a.unit, overridden: a.overridden, source: &a.source }).collect();
        write_rows(p, &rows, false)
    })?;
    let json = serde_json::to_vec_pretty(r).map_err(|e| ScenarioError::Other(e.to_string()))?;
    table("result.json", &|p| std::fs::write(p, &json).map_err(|e| write_err(p, e)))?;
    Ok(files)
}
