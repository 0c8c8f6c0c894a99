//! Assembling a scorecard from a request: a profile, SEC facts merged into it, assumption
//! overrides, the role exposure, the baseline (the company's own title counts, else its
//! industry's occupational mix from OEWS) and the roles cut. The CLI (`culprit company report`,
//! `report company`, `demo`) and the dashboard build every scorecard through [`build_scorecard`];
//! they only say where the files are.

use crate::baseline::{cache_dir, Industry, IndustryMix, OewsDb};
use crate::exposure::RoleExposure;
use crate::profile::{CompanyProfile, LoadedProfile, RoleCount};
use crate::scorecard::{self, Baseline, RolesInput, Scorecard, ScorecardInputs};
use crate::sec_facts::{self, MergeReport};
use crate::{EvidenceError, Result};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the comparison baseline comes from.
pub enum BaselineSource {
    /// A CSV `title,count` of the company's own staff.
    Org(PathBuf),
    /// The industry mix from an OEWS database (.sqlite or .sqlite.gz), or why there is none
    /// (e.g. the data mirror was not found): the scorecard then says the baseline is missing.
    Industry(std::result::Result<PathBuf, String>),
}

/// Everything a scorecard is built from.
pub struct ScorecardRequest<'a> {
    pub profile: LoadedProfile,
    /// SEC XBRL instances or companyfacts JSON files to merge into the profile, in order.
    pub xbrl: Vec<PathBuf>,
    /// The layoff event; default: the profile's focus event, else the latest.
    pub event: Option<NaiveDate>,
    /// Assumption overrides, after the profile's own.
    pub overrides: BTreeMap<String, f64>,
    pub exposure: Option<&'a dyn RoleExposure>,
    pub baseline: BaselineSource,
    /// A CSV `title,count` of the roles cut (replaces the event's list).
    pub roles: Option<PathBuf>,
}

/// A scorecard with the reports of the SEC facts merged on the way.
pub struct BuiltScorecard {
    pub scorecard: Scorecard,
    pub merges: Vec<MergeReport>,
    /// The company's yearly figures the scorecard was built on (actual values).
    pub facts: Vec<YearFact>,
}

/// One yearly figure of the company, as other tools read it (`facts` in the JSON output).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct YearFact {
    /// headcount, corporate_headcount, capex, revenue or net_income.
    pub id: String,
    pub fiscal_year: i32,
    pub value: f64,
    /// actual, guidance or estimate.
    pub kind: crate::profile::ValueKind,
    pub source: String,
    /// Support tag (V, S, D) and, where the value came from XBRL, the concept.
    pub tag: Option<crate::profile::Tag>,
    pub xbrl_tag: Option<String>,
}

/// Every yearly figure of a profile, series by series, in year order.
pub fn year_facts(profile: &CompanyProfile) -> Vec<YearFact> {
    crate::profile::SERIES
        .iter()
        .flat_map(|name| {
            profile.series(name).iter().map(move |p| YearFact {
                id: name.to_string(),
                fiscal_year: p.year(),
                value: p.value,
                kind: p.kind,
                source: p.source.clone(),
                tag: p.tag,
                xbrl_tag: p.xbrl_tag.clone(),
            })
        })
        .collect()
}

/// Build the scorecard of a request.
pub fn build_scorecard(req: ScorecardRequest) -> Result<BuiltScorecard> {
    let mut profile = req.profile.profile;
    let mut issues = req.profile.issues;
    let mut merges = Vec::new();
    for x in &req.xbrl {
        let facts = sec_facts::load_any(x)?;
        let rep = sec_facts::merge_into_profile(&mut profile, &facts);
        issues.extend(rep.issues.iter().cloned());
        merges.push(rep);
    }
    let assumptions = scorecard::assumptions_for(&profile, &req.overrides)?;
    let mix;
    let baseline = match &req.baseline {
        BaselineSource::Org(path) => Baseline::Org { roles: read_title_counts(path)?, source: path.display().to_string() },
        BaselineSource::Industry(Err(why)) => Baseline::Missing(why.clone()),
        BaselineSource::Industry(Ok(oews)) => match industry_mix(&profile, oews) {
            Ok(m) => {
                mix = m;
                Baseline::Industry(&mix)
            }
            Err(e) => Baseline::Missing(e),
        },
    };
    let roles = match &req.roles {
        Some(p) => {
            let t = read_title_counts(p)?;
            let total = t.iter().map(|x| x.1 as i64).sum();
            Some(RolesInput {
                titles: t.into_iter().map(|(title, c)| RoleCount { title, count: c as i64, at_least: false, note: None }).collect(),
                total,
                source: p.display().to_string(),
            })
        }
        None => None,
    };
    let card = scorecard::build(ScorecardInputs {
        profile: &profile,
        profile_issues: issues,
        event: req.event,
        assumptions: &assumptions,
        exposure: req.exposure,
        baseline,
        roles,
    })?;
    Ok(BuiltScorecard { scorecard: card, merges, facts: year_facts(&profile) })
}

/// An error with its causes, as "error: cause: cause".
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// The occupational mix of the profile's industry (`[company.industry]`) from an OEWS database.
/// The error is the reason, for the scorecard's missing baseline.
pub fn industry_mix(profile: &CompanyProfile, oews: &Path) -> std::result::Result<IndustryMix, String> {
    let Some(ind) = &profile.company.industry else { return Err("the profile names no industry ([company.industry])".into()) };
    let db = if oews.extension().is_some_and(|e| e == "gz") { OewsDb::open_gz(oews, &cache_dir()) } else { OewsDb::open(oews) }.map_err(|e| chain(&e))?;
    let mut industries: Vec<Industry> = Vec::new();
    let refs: Vec<&String> = if ind.oews.is_empty() { ind.naics.iter().collect() } else { ind.oews.iter().collect() };
    for r in refs {
        match db.resolve_industry(r).map_err(|e| chain(&e))? {
            Some(i) => industries.push(i),
            None => return Err(format!("industry {r:?} is not in OEWS {}", db.release)),
        }
    }
    if industries.is_empty() {
        return Err("the profile's [company.industry] lists no NAICS or OEWS code".into());
    }
    db.industry_mix(&industries, &ind.soc_major_groups).map_err(|e| chain(&e))
}

/// A CSV `title,count` (header names in any case, other columns ignored).
pub fn read_title_counts(path: &Path) -> Result<Vec<(String, f64)>> {
    let invalid = |m: String| EvidenceError::Invalid(m);
    let csv_err = |e: csv::Error| invalid(format!("reading {}: {e}", path.display()));
    let mut r = csv::Reader::from_path(path).map_err(csv_err)?;
    let h: Vec<String> = r.headers().map_err(csv_err)?.iter().map(|s| s.trim().to_lowercase()).collect();
    let (Some(ti), Some(ci)) = (h.iter().position(|x| x == "title"), h.iter().position(|x| x == "count")) else {
        return Err(invalid(format!("{}: needs columns title,count; found {h:?}", path.display())));
    };
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(csv_err)?;
        let text = rec.get(ci).unwrap_or("").trim();
        let count: f64 = text.parse().map_err(|e| invalid(format!("{}:{}: count is not a number: {e}", path.display(), i + 2)))?;
        if count < 0.0 {
            return Err(invalid(format!("{}:{}: negative count", path.display(), i + 2)));
        }
        out.push((rec.get(ti).unwrap_or("").trim().to_string(), count));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_counts_read_and_refuse() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("roles.csv");
        std::fs::write(&p, "Title,Count,Note\nRecruiter,12,x\nProgram Manager,3.5,\n").unwrap();
        assert_eq!(read_title_counts(&p).unwrap(), [("Recruiter".to_string(), 12.0), ("Program Manager".to_string(), 3.5)]);
        std::fs::write(&p, "title,count\nRecruiter,-1\n").unwrap();
        assert!(read_title_counts(&p).unwrap_err().to_string().ends_with(":2: negative count"));
        std::fs::write(&p, "name,n\nRecruiter,1\n").unwrap();
        assert!(read_title_counts(&p).unwrap_err().to_string().contains("needs columns title,count"));
    }

    #[test]
    fn a_missing_baseline_says_why() {
        let loaded = CompanyProfile::from_toml("[company]\nname = \"X\"\n", "x.toml").unwrap();
        let req = ScorecardRequest {
            profile: loaded,
            xbrl: vec![],
            event: None,
            overrides: BTreeMap::new(),
            exposure: None,
            baseline: BaselineSource::Industry(Err("data mirror not found".into())),
            roles: None,
        };
        // A profile without events cannot give a scorecard; the error says so.
        assert!(build_scorecard(req).is_err());
    }
}
