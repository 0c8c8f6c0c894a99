//! The local workspace: a folder with `culprit.sqlite` (uploaded organisations, saved scenarios
//! with versions, company profiles, runs with status, progress and result) and `orgs/*.parquet`
//! (the validated organisation tables). Everything here survives a restart.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("workspace database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("workspace {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0} not found")]
    NotFound(String),
    #[error("scenario {id} was changed by someone else: it is at version {current}, your edit was based on version {yours}")]
    Conflict { id: i64, current: i64, yours: i64 },
}

pub type Result<T, E = WorkspaceError> = std::result::Result<T, E>;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS orgs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    uploaded TEXT NOT NULL,
    people INTEGER NOT NULL,
    repaired INTEGER NOT NULL,
    parquet TEXT NOT NULL,
    summary TEXT NOT NULL,
    groups TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scenarios (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    toml TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS profiles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    toml TEXT NOT NULL,
    uploaded TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL,
    scenario_version INTEGER NOT NULL,
    scenario_name TEXT NOT NULL,
    org_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    stage TEXT NOT NULL,
    progress REAL NOT NULL,
    error TEXT,
    result TEXT,
    created TEXT NOT NULL,
    finished TEXT
);
";

/// An uploaded organisation.
#[derive(Debug, Clone, Serialize)]
pub struct OrgRecord {
    pub id: i64,
    pub name: String,
    pub uploaded: String,
    pub people: i64,
    pub repaired: bool,
    #[serde(skip)]
    pub parquet: PathBuf,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioRecord {
    pub id: i64,
    pub name: String,
    pub toml: String,
    pub version: i64,
    pub updated: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileRecord {
    pub id: i64,
    pub name: String,
    #[serde(skip)]
    pub toml: String,
    pub uploaded: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Queued => "queued",
            RunStatus::Running => "running",
            RunStatus::Done => "done",
            RunStatus::Failed => "failed",
        }
    }
    fn parse(s: &str) -> RunStatus {
        match s {
            "queued" => RunStatus::Queued,
            "running" => RunStatus::Running,
            "done" => RunStatus::Done,
            _ => RunStatus::Failed,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RunRecord {
    pub id: i64,
    pub scenario_id: i64,
    pub scenario_version: i64,
    pub scenario_name: String,
    pub org_id: i64,
    pub status: RunStatus,
    pub stage: String,
    /// 0..1
    pub progress: f64,
    pub error: Option<String>,
    pub created: String,
    pub finished: Option<String>,
    /// The result (privacy rules applied) once done.
    pub result: Option<serde_json::Value>,
}

pub struct Workspace {
    pub dir: PathBuf,
    conn: Mutex<Connection>,
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

impl Workspace {
    /// Open (creating) the workspace in `dir`. Runs that were in flight when the server stopped
    /// are marked failed: their background task is gone.
    pub fn open(dir: &Path) -> Result<Workspace> {
        let io = |e| WorkspaceError::Io { path: dir.to_path_buf(), source: e };
        std::fs::create_dir_all(dir.join("orgs")).map_err(io)?;
        let conn = Connection::open(dir.join("culprit.sqlite"))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.execute_batch(SCHEMA)?;
        conn.execute(
            "UPDATE runs SET status = 'failed', error = 'interrupted: the server stopped before the run finished', finished = ?1 WHERE status IN ('queued', 'running')",
            params![now()],
        )?;
        // Parquet files left by an upload that never reached the database.
        if let Ok(rd) = std::fs::read_dir(dir.join("orgs")) {
            for e in rd.flatten() {
                if e.file_name().to_string_lossy().starts_with("incoming-") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(Workspace { dir: dir.to_path_buf(), conn: Mutex::new(conn) })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    // ---- organisations ----

    /// Store a validated organisation: the Parquet file at `incoming` (inside the workspace) is
    /// renamed to its final name in the same transaction that inserts the row, so either both
    /// exist or neither does.
    pub fn insert_org(&self, name: &str, people: u64, repaired: bool, incoming: &Path, summary: &str, groups: &str) -> Result<i64> {
        let mut c = self.conn();
        let tx = c.transaction()?;
        tx.execute(
            "INSERT INTO orgs (name, uploaded, people, repaired, parquet, summary, groups) VALUES (?1, ?2, ?3, ?4, '', ?5, ?6)",
            params![name, now(), people as i64, repaired, summary, groups],
        )?;
        let id = tx.last_insert_rowid();
        let rel = format!("orgs/org-{id}.parquet");
        tx.execute("UPDATE orgs SET parquet = ?1 WHERE id = ?2", params![rel, id])?;
        let dest = self.dir.join(&rel);
        std::fs::rename(incoming, &dest).map_err(|e| WorkspaceError::Io { path: dest.clone(), source: e })?;
        if let Err(e) = tx.commit() {
            let _ = std::fs::remove_file(&dest);
            return Err(e.into());
        }
        Ok(id)
    }

    fn org_row(&self, r: &rusqlite::Row) -> rusqlite::Result<OrgRecord> {
        Ok(OrgRecord {
            id: r.get(0)?,
            name: r.get(1)?,
            uploaded: r.get(2)?,
            people: r.get(3)?,
            repaired: r.get(4)?,
            parquet: self.dir.join(r.get::<_, String>(5)?),
        })
    }

    pub fn orgs(&self) -> Result<Vec<OrgRecord>> {
        let c = self.conn();
        let mut st = c.prepare("SELECT id, name, uploaded, people, repaired, parquet FROM orgs ORDER BY id DESC")?;
        let rows = st.query_map([], |r| self.org_row(r))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn org(&self, id: i64) -> Result<OrgRecord> {
        let c = self.conn();
        c.query_row("SELECT id, name, uploaded, people, repaired, parquet FROM orgs WHERE id = ?1", params![id], |r| self.org_row(r))
            .optional()?
            .ok_or_else(|| WorkspaceError::NotFound(format!("organisation {id}")))
    }

    /// The stored summary and group roll-ups (JSON) of an organisation.
    pub fn org_json(&self, id: i64) -> Result<(String, String)> {
        let c = self.conn();
        c.query_row("SELECT summary, groups FROM orgs WHERE id = ?1", params![id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| WorkspaceError::NotFound(format!("organisation {id}")))
    }

    // ---- scenarios ----

    pub fn insert_scenario(&self, name: &str, toml: &str) -> Result<ScenarioRecord> {
        let c = self.conn();
        let t = now();
        c.execute("INSERT INTO scenarios (name, toml, version, updated) VALUES (?1, ?2, 1, ?3)", params![name, toml, t])?;
        Ok(ScenarioRecord { id: c.last_insert_rowid(), name: name.into(), toml: toml.into(), version: 1, updated: t })
    }

    /// Save a new text if, and only if, the stored version is still `base_version`: a second
    /// browser saving an edit of an older version gets a conflict instead of overwriting.
    pub fn update_scenario(&self, id: i64, base_version: i64, name: &str, toml: &str) -> Result<ScenarioRecord> {
        let c = self.conn();
        let t = now();
        let n = c.execute(
            "UPDATE scenarios SET name = ?1, toml = ?2, version = version + 1, updated = ?3 WHERE id = ?4 AND version = ?5",
            params![name, toml, t, id, base_version],
        )?;
        drop(c);
        let cur = self.scenario(id)?;
        if n == 0 {
            return Err(WorkspaceError::Conflict { id, current: cur.version, yours: base_version });
        }
        Ok(cur)
    }

    pub fn scenario(&self, id: i64) -> Result<ScenarioRecord> {
        let c = self.conn();
        c.query_row("SELECT id, name, toml, version, updated FROM scenarios WHERE id = ?1", params![id], |r| {
            Ok(ScenarioRecord { id: r.get(0)?, name: r.get(1)?, toml: r.get(2)?, version: r.get(3)?, updated: r.get(4)? })
        })
        .optional()?
        .ok_or_else(|| WorkspaceError::NotFound(format!("scenario {id}")))
    }

    pub fn scenarios(&self) -> Result<Vec<ScenarioRecord>> {
        let c = self.conn();
        let mut st = c.prepare("SELECT id, name, toml, version, updated FROM scenarios ORDER BY id DESC")?;
        let rows = st
            .query_map([], |r| Ok(ScenarioRecord { id: r.get(0)?, name: r.get(1)?, toml: r.get(2)?, version: r.get(3)?, updated: r.get(4)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    // ---- company profiles ----

    pub fn insert_profile(&self, name: &str, toml: &str) -> Result<i64> {
        let c = self.conn();
        c.execute("INSERT INTO profiles (name, toml, uploaded) VALUES (?1, ?2, ?3)", params![name, toml, now()])?;
        Ok(c.last_insert_rowid())
    }

    pub fn profiles(&self) -> Result<Vec<ProfileRecord>> {
        let c = self.conn();
        let mut st = c.prepare("SELECT id, name, toml, uploaded FROM profiles ORDER BY id DESC")?;
        let rows = st
            .query_map([], |r| Ok(ProfileRecord { id: r.get(0)?, name: r.get(1)?, toml: r.get(2)?, uploaded: r.get(3)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn profile(&self, id: i64) -> Result<ProfileRecord> {
        let c = self.conn();
        c.query_row("SELECT id, name, toml, uploaded FROM profiles WHERE id = ?1", params![id], |r| {
            Ok(ProfileRecord { id: r.get(0)?, name: r.get(1)?, toml: r.get(2)?, uploaded: r.get(3)? })
        })
        .optional()?
        .ok_or_else(|| WorkspaceError::NotFound(format!("company profile {id}")))
    }

    // ---- runs ----

    pub fn insert_run(&self, s: &ScenarioRecord, org_id: i64) -> Result<i64> {
        let c = self.conn();
        c.execute(
            "INSERT INTO runs (scenario_id, scenario_version, scenario_name, org_id, status, stage, progress, created) VALUES (?1, ?2, ?3, ?4, 'queued', 'queued', 0, ?5)",
            params![s.id, s.version, s.name, org_id, now()],
        )?;
        Ok(c.last_insert_rowid())
    }

    pub fn set_run_progress(&self, id: i64, stage: &str, progress: f64) -> Result<()> {
        self.conn().execute(
            "UPDATE runs SET status = 'running', stage = ?1, progress = ?2 WHERE id = ?3 AND status IN ('queued', 'running')",
            params![stage, progress.clamp(0.0, 1.0), id],
        )?;
        Ok(())
    }

    pub fn finish_run(&self, id: i64, result: std::result::Result<&serde_json::Value, &str>) -> Result<()> {
        let c = self.conn();
        match result {
            Ok(v) => c.execute(
                "UPDATE runs SET status = 'done', stage = 'done', progress = 1, result = ?1, finished = ?2 WHERE id = ?3",
                params![v.to_string(), now(), id],
            )?,
            Err(e) => c.execute("UPDATE runs SET status = 'failed', stage = 'failed', error = ?1, finished = ?2 WHERE id = ?3", params![e, now(), id])?,
        };
        Ok(())
    }

    fn run_row(r: &rusqlite::Row, with_result: bool) -> rusqlite::Result<RunRecord> {
        let result: Option<String> = if with_result { r.get(11)? } else { None };
        Ok(RunRecord {
            id: r.get(0)?,
            scenario_id: r.get(1)?,
            scenario_version: r.get(2)?,
            scenario_name: r.get(3)?,
            org_id: r.get(4)?,
            status: RunStatus::parse(&r.get::<_, String>(5)?),
            stage: r.get(6)?,
            progress: r.get(7)?,
            error: r.get(8)?,
            created: r.get(9)?,
            finished: r.get(10)?,
            result: result.and_then(|s| serde_json::from_str(&s).ok()),
        })
    }

    const RUN_COLS: &'static str =
        "id, scenario_id, scenario_version, scenario_name, org_id, status, stage, progress, error, created, finished, result";

    pub fn run(&self, id: i64) -> Result<RunRecord> {
        let c = self.conn();
        c.query_row(&format!("SELECT {} FROM runs WHERE id = ?1", Self::RUN_COLS), params![id], |r| Self::run_row(r, true))
            .optional()?
            .ok_or_else(|| WorkspaceError::NotFound(format!("run {id}")))
    }

    /// Runs without their results, newest first.
    pub fn runs(&self) -> Result<Vec<RunRecord>> {
        let c = self.conn();
        let mut st = c.prepare(&format!("SELECT {} FROM runs ORDER BY id DESC", Self::RUN_COLS))?;
        let rows = st.query_map([], |r| Self::run_row(r, false))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_version_conflicts_and_keeps_the_first_save() {
        let d = tempfile::tempdir().unwrap();
        let w = Workspace::open(d.path()).unwrap();
        let s = w.insert_scenario("a", "name = \"a\"").unwrap();
        let first = w.update_scenario(s.id, 1, "a", "name = \"first\"").unwrap();
        assert_eq!(first.version, 2);
        match w.update_scenario(s.id, 1, "a", "name = \"second\"") {
            Err(WorkspaceError::Conflict { current: 2, yours: 1, .. }) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(w.scenario(s.id).unwrap().toml, "name = \"first\"");
    }

    #[test]
    fn runs_in_flight_fail_on_reopen() {
        let d = tempfile::tempdir().unwrap();
        let w = Workspace::open(d.path()).unwrap();
        let s = w.insert_scenario("a", "x").unwrap();
        let r = w.insert_run(&s, 1).unwrap();
        w.set_run_progress(r, "running scenario", 0.5).unwrap();
        drop(w);
        let w = Workspace::open(d.path()).unwrap();
        let run = w.run(r).unwrap();
        assert_eq!(run.status, RunStatus::Failed);
        assert!(run.error.unwrap().contains("interrupted"));
    }
}
