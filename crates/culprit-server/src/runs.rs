//! Scenario runs in the background: a row in the workspace tracks status, stage and progress;
//! the result (with the engine's privacy rule applied) is stored when the run finishes.

use crate::error::{Result, ServerError};
use crate::state::AppState;
use crate::workspace::ScenarioRecord;
use culprit_scenario::spec::parse_str;
use culprit_scenario::RunOptions;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Parse a scenario text the way `culprit scenario run` reads a file: errors carry the line.
pub fn parse(name: &str, toml: &str) -> Result<culprit_scenario::Scenario> {
    let file = if name.ends_with(".toml") { name.to_string() } else { format!("{}.toml", crate::upload::safe_name(name)) };
    Ok(parse_str(toml, Path::new(&file))?)
}

/// Check the plan and the organisation, record a queued run and start it. Returns the run id.
pub fn start(app: &AppState, scenario: &ScenarioRecord, org_id: i64) -> Result<i64> {
    let plan = parse(&scenario.name, &scenario.toml)?;
    app.workspace.org(org_id)?;
    let run_id = app.workspace.insert_run(scenario, org_id)?;
    let app2 = app.clone();
    tokio::task::spawn_blocking(move || {
        let outcome = execute(&app2, run_id, org_id, &plan);
        let stored = match &outcome {
            Ok(v) => app2.workspace.finish_run(run_id, Ok(v)),
            Err(e) => app2.workspace.finish_run(run_id, Err(&e.to_string())),
        };
        if let Err(e) = stored {
            eprintln!("culprit serve: run {run_id}: could not store the result: {e}");
        }
    });
    Ok(run_id)
}

fn execute(app: &AppState, run_id: i64, org_id: i64, plan: &culprit_scenario::Scenario) -> Result<serde_json::Value> {
    // Import progress (0..60%), at most a few updates a second.
    let last = AtomicU64::new(0);
    let t0 = Instant::now();
    let progress = |stage: &str, done: u64, total: Option<u64>| {
        let ms = t0.elapsed().as_millis() as u64;
        let prev = last.load(Ordering::Relaxed);
        if ms >= prev + 250 || prev == 0 {
            last.store(ms.max(1), Ordering::Relaxed);
            let f = total.filter(|t| *t > 0).map(|t| done as f64 / t as f64).unwrap_or(0.0);
            let _ = app.workspace.set_run_progress(run_id, &format!("loading the organisation: {stage}"), 0.6 * f);
        }
    };
    app.workspace.set_run_progress(run_id, "loading the organisation", 0.0)?;
    let analysis = crate::orgs::load(app, org_id, &progress)?;
    app.workspace.set_run_progress(run_id, "applying the plan and drawing the Monte Carlo", 0.6)?;
    let opts = RunOptions { draws: app.config.draws, seed: None };
    let r = culprit_scenario::run(&analysis, plan, &opts).map_err(|e| ServerError::invalid(e.to_string()))?;
    // The engine has applied the privacy rule (culprit_scenario::privacy) to the typed result.
    serde_json::to_value(&r).map_err(|e| ServerError::Internal(e.to_string()))
}

/// Wait until a run finishes (tests and the API's `wait` option). Async.
pub async fn wait(app: &AppState, run_id: i64, timeout: Duration) -> Result<crate::workspace::RunRecord> {
    let t = Instant::now();
    loop {
        let r = app.workspace.run(run_id)?;
        if matches!(r.status, crate::workspace::RunStatus::Done | crate::workspace::RunStatus::Failed) || t.elapsed() > timeout {
            return Ok(r);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
