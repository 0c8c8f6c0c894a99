//! Company evidence and layoff events: the scorecard of a profile (the built-in Amazon example
//! or an uploaded one), and the summary of layoffs.fyi and WARN notices from the data mirror.
//! The scorecard is assembled by `culprit_evidence::assemble`, as for `culprit company report`.

use crate::error::{Result, ServerError};
use crate::state::App;
use culprit_evidence::assemble::{build_scorecard, BaselineSource, ScorecardRequest};
use culprit_evidence::catalog_exposure::CatalogExposure;
use culprit_evidence::events::{summarise, ParsedEvents, SummaryOptions};
use culprit_evidence::profile::{CompanyProfile, LoadedProfile};
use culprit_evidence::scorecard::Scorecard;
use culprit_evidence::{layoffs, mirror, warn};
use serde::Serialize;
use std::sync::Arc;

/// The profiles shipped with culprit.
pub const BUILTIN: [(&str, &str, &str); 1] = [("amazon", "examples/amazon.toml", include_str!("../../../examples/amazon.toml"))];

#[derive(Debug, Clone, Serialize)]
pub struct ProfileEntry {
    /// `amazon` for a built-in profile, `p<id>` for an uploaded one.
    pub key: String,
    pub name: String,
    pub origin: String,
}

pub fn profiles(app: &App) -> Result<Vec<ProfileEntry>> {
    let mut v: Vec<ProfileEntry> =
        BUILTIN.iter().map(|(k, path, _)| ProfileEntry { key: k.to_string(), name: format!("{} (built-in)", profile_name(path)), origin: path.to_string() }).collect();
    for p in app.workspace.profiles()? {
        v.push(ProfileEntry { key: format!("p{}", p.id), name: p.name.clone(), origin: format!("uploaded {}", p.uploaded) });
    }
    Ok(v)
}

fn profile_name(path: &str) -> String {
    BUILTIN
        .iter()
        .find(|b| b.1 == path)
        .and_then(|b| CompanyProfile::from_toml(b.2, b.1).ok())
        .map(|l| l.profile.company.name)
        .unwrap_or_else(|| path.to_string())
}

/// Parse a profile the way the CLI does; a file that is not valid TOML, or has an unknown
/// field, is refused with the file name and line.
pub fn parse(origin: &str, text: &str) -> Result<LoadedProfile> {
    CompanyProfile::from_toml(text, origin).map_err(|e| {
        let msg = e.to_string();
        let line = line_in(&msg);
        ServerError::Invalid { message: msg, line, problems: Vec::new() }
    })
}

/// "TOML parse error at line 12, column 3" -> 12.
fn line_in(msg: &str) -> Option<usize> {
    let i = msg.find("line ")?;
    msg[i + 5..].chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().ok()
}

/// The profile text of a key. Blocking.
pub fn profile_text(app: &App, key: &str) -> Result<(String, String)> {
    if let Some(b) = BUILTIN.iter().find(|b| b.0 == key) {
        return Ok((b.1.to_string(), b.2.to_string()));
    }
    let id: i64 = key.strip_prefix('p').and_then(|s| s.parse().ok()).ok_or_else(|| ServerError::NotFound(format!("company profile `{key}` not found")))?;
    let p = app.workspace.profile(id)?;
    Ok((p.name, p.toml))
}

/// Build the scorecard of a profile (as `culprit company report --format json` does). Blocking.
pub fn scorecard(app: &App, origin: &str, text: &str) -> Result<Scorecard> {
    let loaded = parse(origin, text)?;
    let exposure = match app.coder() {
        Ok(c) => Some(CatalogExposure { titles: c.titles.clone() }),
        Err(_) => None,
    };
    let oews = mirror_root().map(|m| m.join("bls_oews_2025/oews-2025.sqlite.gz")).ok_or_else(|| "data mirror not found (set CULPRIT_MIRROR)".to_string());
    let built = build_scorecard(ScorecardRequest {
        profile: loaded,
        xbrl: Vec::new(),
        event: None,
        overrides: Default::default(),
        exposure: exposure.as_ref().map(|e| e as &dyn culprit_evidence::exposure::RoleExposure),
        baseline: BaselineSource::Industry(oews),
        roles: None,
    })
    .map_err(|e| ServerError::invalid(format!("{origin}: {e}")))?;
    Ok(built.scorecard)
}

/// Cached scorecard of a profile key. Blocking.
pub fn scorecard_for(app: &App, key: &str) -> Result<Arc<Scorecard>> {
    if let Some(v) = app.scorecards.lock().unwrap_or_else(|p| p.into_inner()).get(key) {
        return Ok(v.clone());
    }
    let (origin, text) = profile_text(app, key)?;
    let v = Arc::new(scorecard(app, &origin, &text)?);
    app.scorecards.lock().unwrap_or_else(|p| p.into_inner()).insert(key.to_string(), v.clone());
    Ok(v)
}

/// The data mirror, found the one way the CLI finds it ([`mirror::locate`]): `$CULPRIT_MIRROR`,
/// else `shared/data` beside the repository, looked for above the current folder, the executable
/// and the source tree, so the server finds it whatever folder it was started from.
pub fn mirror_root() -> Option<std::path::PathBuf> {
    mirror::locate(None)
}

/// The layoffs.fyi and WARN summary from the mirror (top 15 of each table). Blocking.
pub fn events_summary() -> Result<culprit_evidence::events::EventsSummary> {
    let root = mirror_root().ok_or_else(|| ServerError::Unavailable("data mirror not found: set CULPRIT_MIRROR".into()))?;
    let mut all = ParsedEvents::default();
    let err = |e: culprit_evidence::EvidenceError| ServerError::Unavailable(e.to_string());
    all.extend(layoffs::read_layoffs_fyi(&root.join("layoffs_fyi/layoffs.csv")).map_err(err)?);
    let w = root.join("warn");
    all.extend(warn::read_warn(&w.join("warn_database_2026_amp2026.csv")).map_err(err)?);
    all.extend(warn::read_warn_dir(&w.join("ny_state_2001_2021")).map_err(err)?);
    Ok(summarise(&all, &SummaryOptions { company: None, year: None, top: 15, amendment_window_days: 90 }))
}

/// The market barometer on the mirror's WARN register and layoffs.fyi, default options (as
/// `culprit market barometer --format json`). Blocking.
pub fn market_barometer(app: &App) -> Result<culprit_evidence::market::barometer::Barometer> {
    use culprit_evidence::market::{barometer, load};
    let root = mirror_root().ok_or_else(|| ServerError::Unavailable("data mirror not found: set CULPRIT_MIRROR".into()))?;
    let exposure = culprit_evidence::catalog_exposure::CatalogSocExposure { catalog: app.catalog()? };
    let data = load::load(&load::MarketFiles::default(), Some(&root), &exposure).map_err(|e| ServerError::Unavailable(e.to_string()))?;
    barometer::barometer(&data, &barometer::BarometerOptions::default()).map_err(ServerError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profile_parses_and_bad_toml_names_the_line() {
        let l = parse("examples/amazon.toml", BUILTIN[0].2).unwrap();
        assert_eq!(l.profile.company.name, "Amazon.com, Inc.");
        match parse("bad.toml", "[company]\nname = \"X\"\nbogus_field = 1\n") {
            Err(ServerError::Invalid { message, line, .. }) => {
                assert!(message.contains("bad.toml"), "{message}");
                assert_eq!(line, Some(3), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
