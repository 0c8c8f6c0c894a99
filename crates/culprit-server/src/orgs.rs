//! Organisations in the workspace: an upload is imported and validated from its temporary file
//! first; only a file that passes is written as Parquet and recorded. The analysis stays in
//! memory for team pages and scenario runs; the Parquet file is imported again only after a
//! restart (the workspace survives restarts).

use crate::error::{Result, ServerError};
use crate::state::App;
use crate::upload::Upload;
use culprit_org::analyze::AnalyzeOptions;
use culprit_org::raw::NONE;
use culprit_org::tables::{Column, ColumnData, Frame};
use culprit_org::validate::PLACEHOLDER_ID;
use culprit_org::{Analysis, OrgError};
use culprit_org::rollup::GroupRow;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// The group roll-ups stored with an organisation (pay already suppressed by the org engine).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgGroups {
    pub layers: Vec<GroupRow>,
    pub departments: Vec<GroupRow>,
    pub levels: Vec<GroupRow>,
}

pub type Progress<'a> = &'a (dyn Fn(&str, u64, Option<u64>) + Sync);

fn options(app: &App, repair: bool) -> AnalyzeOptions {
    let mut o = AnalyzeOptions::default();
    o.validate.repair = repair;
    o.privacy = app.privacy;
    o
}

/// Turn an import error into the message the CLI prints, with the upload's name in place of
/// the temporary path; a refused file keeps its problems (line, id, kind, detail).
pub fn import_error(e: OrgError, clean: impl Fn(&str) -> String) -> ServerError {
    match e {
        OrgError::Refused(report) => {
            let msg = clean(&OrgError::Refused(report.clone()).to_string());
            let line = report.problems.first().map(|p| p.line as usize);
            let problems = report.problems.clone();
            ServerError::Invalid { message: msg, line, problems }
        }
        OrgError::Io { .. } | OrgError::Write { .. } => ServerError::Internal(clean(&e.to_string())),
        other => ServerError::invalid(clean(&other.to_string())),
    }
}

/// Import, validate and analyse an upload; store it only if it passes. Blocking.
pub fn store_upload(app: &App, up: &Upload) -> Result<i64> {
    let Some(f) = &up.file else { return Err(ServerError::BadRequest("no file in the upload (form field `file`)".into())) };
    if f.bytes == 0 {
        return Err(ServerError::invalid(format!("{} is empty: an HR export needs a header row and one row per person", f.name)));
    }
    let repair = up.flag("repair");
    let coder = app.coder()?;
    let a = culprit_org::analyze(&f.path, &options(app, repair), coder.as_ref(), &|_, _, _| {}).map_err(|e| import_error(e, |m| up.clean_message(m)))?;
    let mut summary = a.summary.clone();
    summary.import.source.path = f.name.clone();
    let summary_json = serde_json::to_string(&summary).map_err(|e| ServerError::Internal(e.to_string()))?;
    let groups = groups_of(&a);
    let groups_json = serde_json::to_string(&groups).map_err(|e| ServerError::Internal(e.to_string()))?;
    // Written inside the workspace under a temporary name, renamed when the row is inserted.
    let incoming = app.workspace.dir.join("orgs").join(format!("incoming-{}.parquet", crate::config::generate_token()));
    if let Err(e) = write_parquet(&a, &incoming) {
        let _ = std::fs::remove_file(&incoming);
        return Err(e);
    }
    let name = up.field("name").map(|s| s.trim().to_string()).unwrap_or_else(|| f.name.clone());
    let id = app.workspace.insert_org(&name, a.summary.spans.people, repair, &incoming, &summary_json, &groups_json).inspect_err(|_| {
        let _ = std::fs::remove_file(&incoming);
    })?;
    app.cache_org(id, Arc::new(a));
    Ok(id)
}

pub fn groups_of(a: &Analysis) -> OrgGroups {
    OrgGroups { layers: a.rollups.layers.clone(), departments: a.rollups.departments.clone(), levels: a.rollups.levels.clone() }
}

/// The validated people as a Parquet table with recognised headers: pay already annual,
/// people under the placeholder pointing at it (so a repaired file re-imports the same way).
fn write_parquet(a: &Analysis, path: &Path) -> Result<()> {
    let org = &a.org;
    let people: Vec<usize> = (0..org.nodes()).filter(|&i| org.is_person(i)).collect();
    let text = |f: &dyn Fn(usize) -> String| ColumnData::Str(people.iter().map(|&i| Some(f(i))).collect());
    let mut columns = vec![
        Column { name: "employee_id".into(), data: text(&|i| org.id(i).to_string()) },
        Column {
            name: "manager_id".into(),
            data: text(&|i| {
                let p = org.parent[i];
                if p == NONE {
                    String::new()
                } else if org.synthetic == Some(p) {
                    PLACEHOLDER_ID.to_string()
                } else {
                    org.id(p as usize).to_string()
                }
            }),
        },
        Column { name: "job_title".into(), data: text(&|i| org.title.get(i).unwrap_or("").to_string()) },
        Column { name: "job_level".into(), data: text(&|i| org.level.get(i).unwrap_or("").to_string()) },
        Column { name: "department".into(), data: text(&|i| org.department.get(i).unwrap_or("").to_string()) },
        Column { name: "location".into(), data: text(&|i| org.location.get(i).unwrap_or("").to_string()) },
    ];
    if org.has_pay {
        columns.push(Column {
            name: "annual_salary".into(),
            data: ColumnData::Float(people.iter().map(|&i| Some(org.pay[i]).filter(|p| p.is_finite())).collect()),
        });
    }
    let frame = Frame { columns, rows: people.len() };
    frame.write_parquet(path).map_err(|e| ServerError::Internal(e.to_string()))
}

/// The analysis of a stored organisation (in memory; after a restart, imported once from its
/// Parquet file).
/// Blocking.
pub fn load(app: &App, id: i64, progress: Progress<'_>) -> Result<Arc<Analysis>> {
    if let Some(a) = app.cached_org(id) {
        return Ok(a);
    }
    let _guard = app.org_loading.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(a) = app.cached_org(id) {
        return Ok(a);
    }
    let rec = app.workspace.org(id)?;
    let coder = app.coder()?;
    let a = culprit_org::analyze(&rec.parquet, &options(app, rec.repaired), coder.as_ref(), progress)
        .map_err(|e| ServerError::Internal(format!("re-importing organisation {id}: {e}")))?;
    let a = Arc::new(a);
    app.cache_org(id, a.clone());
    Ok(a)
}
