//! Exposure of an industry's jobs: for every OEWS industry (May 2025, national), the
//! employment-weighted exposure of its occupation mix under each measure, and the match of a
//! notice's NAICS code to the most detailed OEWS industry that has one.
//!
//! Rules:
//! - industry exposure under a measure = sum over the industry's detailed occupations (SOC,
//!   display level 3) of employment x exposure, divided by the employment of the occupations that
//!   have both (suppressed cells and occupations without exposure are left out; the share of
//!   employment covered is kept);
//! - a NAICS code is matched, in order, to: the OEWS industry of the same code (zero-padded to six
//!   digits); the NAICS 2022 industry that replaced a dissolved NAICS 2017 code (the baseline's
//!   table); its shorter parents (5, 4, 3 digits); its NAICS sector (OEWS `31--34` style codes; NAICS
//!   92 Public Administration goes to OEWS sector 99, Federal, State, and Local Government). The
//!   first of these that has an exposure wins, and the level (digits of the OEWS code, or sector)
//!   is kept with the notice;
//! - a code that is not 2 to 6 digits (or a sector range such as `44-45`), or that reaches no OEWS
//!   industry with an exposure, is unknown: set apart and listed, never guessed.

use crate::baseline::{Industry, OewsDb, NAICS_2017_TO_OEWS};
use crate::error::Result;
use crate::exposure::RoleExposure;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One OEWS industry with its exposure under every measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndustryExposure {
    /// OEWS industry code (`541500`, `31--34`, `000000`).
    pub code: String,
    pub name: String,
    /// How detailed the industry is: 6, 5, 4 or 3 NAICS digits, 2 for a sector, 0 for all industries.
    pub digits: u8,
    /// Employment of all occupations (the industry's total cell).
    pub employment: f64,
    /// Employment of the detailed occupations with an exposure under the first measure.
    pub covered_employment: f64,
    /// Employment-weighted exposure by measure, in the table's measure order.
    pub exposure: Vec<f64>,
}

/// Why a NAICS code reaches no industry exposure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NaicsProblem {
    /// The notice gives no NAICS code.
    Missing,
    /// A code that is not NAICS, or that reaches no OEWS industry with an exposure.
    Unknown,
}

/// A NAICS code matched to an OEWS industry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NaicsMatch {
    /// The code as the notice gives it.
    pub naics: String,
    /// The OEWS industry used.
    pub oews_code: String,
    /// Digits of the industry used (6, 5, 4, 3; 2 = sector).
    pub level: u8,
    /// The notice's own code had more digits than the industry used (a parent or the sector).
    pub fallback: bool,
    /// How the code was reached.
    pub how: String,
    /// The NAICS sector ("54 Professional, Scientific, and Technical Services").
    pub sector: String,
}

/// Level names used in tables and JSON.
pub fn level_name(level: u8) -> &'static str {
    match level {
        6 => "6-digit industry",
        5 => "5-digit industry",
        4 => "4-digit industry",
        3 => "3-digit industry",
        2 => "sector",
        _ => "all industries",
    }
}

/// Every OEWS industry with an exposure, and the national cross-industry figure.
#[derive(Debug, Clone, Serialize)]
pub struct IndustryTable {
    /// Measure names, headline first (the order of every `exposure` vector).
    pub measures: Vec<String>,
    /// By OEWS code: industries whose occupation mix has an exposure.
    pub industries: BTreeMap<String, IndustryExposure>,
    /// All industries, private and public (OEWS `000000`).
    pub national: IndustryExposure,
    /// NAICS two-digit prefix -> OEWS sector code.
    pub sectors: BTreeMap<String, String>,
    /// OEWS industries without national cells or without any occupation with an exposure.
    pub without_exposure: Vec<String>,
    pub source: String,
}

/// Digits of an OEWS industry code: `541330` -> 5, `561200` -> 4, `31--34` -> 2, `000000` -> 0.
pub fn oews_digits(code: &str) -> u8 {
    if code.contains('-') {
        return 2;
    }
    let sig = code.trim_end_matches('0').len();
    if sig == 0 {
        0
    } else {
        sig.clamp(3, 6) as u8
    }
}

/// The OEWS sector code of every NAICS two-digit prefix: `31--34` covers 31, 32 and 33.
fn sector_codes(industries: &[(String, String, i64)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (code, _, _) in industries {
        let Some((lo, hi)) = code.split_once("--") else { continue };
        let (Ok(lo), Ok(hi)) = (lo.parse::<u32>(), hi.parse::<u32>()) else { continue };
        for n in lo..hi {
            out.insert(n.to_string(), code.clone());
        }
    }
    // NAICS 92 Public Administration: OEWS publishes government as its own sector 99.
    if let Some((gov, _, _)) = industries.iter().find(|(c, _, _)| c == "99-100") {
        out.entry("92".to_string()).or_insert_with(|| gov.clone());
    }
    out
}

/// Employment-weighted exposure of an occupation mix under each measure; `None` when no
/// occupation has an exposure. Returns (exposure by measure, covered employment of the first).
pub fn mix_exposure(occupations: &[(String, f64)], exposure: &dyn RoleExposure, measures: &mut Vec<String>, cache: &mut HashMap<String, Option<Vec<(String, f64)>>>) -> Option<(Vec<f64>, f64)> {
    let mut num: Vec<f64> = vec![0.0; measures.len()];
    let mut den: Vec<f64> = vec![0.0; measures.len()];
    for (soc, emp) in occupations {
        let ms = cache.entry(soc.clone()).or_insert_with(|| exposure.soc_exposure(soc));
        let Some(ms) = ms else { continue };
        for (name, v) in ms.iter() {
            let i = match measures.iter().position(|m| m == name) {
                Some(i) => i,
                None => {
                    measures.push(name.clone());
                    num.push(0.0);
                    den.push(0.0);
                    measures.len() - 1
                }
            };
            num[i] += emp * v;
            den[i] += emp;
        }
    }
    if den.first().copied().unwrap_or(0.0) <= 0.0 {
        return None;
    }
    Some((num.iter().zip(&den).map(|(n, d)| if *d > 0.0 { n / d } else { f64::NAN }).collect(), den[0]))
}

impl IndustryTable {
    /// Build the table from an OEWS database and the exposure catalog.
    pub fn build(db: &OewsDb, exposure: &dyn RoleExposure) -> Result<IndustryTable> {
        let all = db.industries()?;
        let mut measures: Vec<String> = Vec::new();
        let mut cache = HashMap::new();
        let mut industries = BTreeMap::new();
        let mut without = Vec::new();
        let mut national = None;
        for (code, name, _level) in &all {
            let ind = Industry { code: code.clone(), name: name.clone(), mapping: format!("OEWS industry {code}") };
            let Ok(mix) = db.industry_mix(&[ind], &[]) else {
                without.push(code.clone());
                continue;
            };
            let occ: Vec<(String, f64)> = mix.occupations.iter().map(|o| (o.soc.clone(), o.employment)).collect();
            let Some((exp, covered)) = mix_exposure(&occ, exposure, &mut measures, &mut cache) else {
                without.push(code.clone());
                continue;
            };
            let row = IndustryExposure { code: code.clone(), name: name.clone(), digits: oews_digits(code), employment: mix.total_employment, covered_employment: covered, exposure: exp };
            if code == "000000" {
                national = Some(row);
            } else {
                industries.insert(code.clone(), row);
            }
        }
        let Some(mut national) = national else {
            return Err(crate::EvidenceError::Invalid(format!("OEWS database {}: no cross-industry (000000) national cells", db.path.display())));
        };
        // Measures first seen late (an occupation with a second measure) leave short vectors.
        let n = measures.len();
        national.exposure.resize(n, f64::NAN);
        for r in industries.values_mut() {
            r.exposure.resize(n, f64::NAN);
        }
        Ok(IndustryTable {
            measures,
            industries,
            national,
            sectors: sector_codes(&all),
            without_exposure: without,
            source: format!("BLS OEWS {} national industry-by-occupation employment (v01) x {}", db.release, exposure.describe()),
        })
    }

    /// Index of a measure by name; `None` for an unknown one.
    pub fn measure_index(&self, name: &str) -> Option<usize> {
        self.measures.iter().position(|m| m == name)
    }

    /// The OEWS sector code of a NAICS code or two-digit prefix (`54`, `541511`, `44-45`).
    pub fn sector_code(&self, naics: &str) -> Option<&String> {
        self.sectors.get(naics.get(..2)?)
    }

    /// Match a NAICS code, most detailed industry first. `Err` says why it cannot be matched.
    pub fn match_naics(&self, raw: &str) -> std::result::Result<NaicsMatch, NaicsProblem> {
        let code = raw.trim();
        let code = code.strip_suffix(".0").unwrap_or(code);
        if code.is_empty() {
            return Err(NaicsProblem::Missing);
        }
        let sector = crate::naics::sector_of(code).ok_or(NaicsProblem::Unknown)?;
        let b = code.as_bytes();
        let is_range = b.len() == 5 && b[2] == b'-' && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit);
        let digits_only = (2..=6).contains(&b.len()) && b.iter().all(u8::is_ascii_digit);
        if !is_range && !digits_only {
            return Err(NaicsProblem::Unknown);
        }
        let mut cands: Vec<(String, String)> = Vec::new();
        if digits_only && code.len() >= 3 {
            let padded = format!("{code:0<6}");
            cands.push((padded.clone(), "same code".into()));
            if let Some((_, to, why)) = NAICS_2017_TO_OEWS.iter().find(|(from, _, _)| *from == padded) {
                cands.push((to.to_string(), why.to_string()));
            }
            for k in (3..code.len()).rev() {
                cands.push((format!("{:0<6}", &code[..k]), format!("{k}-digit parent")));
            }
        }
        if let Some(s) = self.sector_code(code) {
            cands.push((s.clone(), "NAICS sector".into()));
        }
        // The notice's own level: its significant digits (`455000` is the 3-digit industry 455).
        let own = if is_range { 2 } else { code.trim_end_matches('0').len().clamp(2, 6) as u8 };
        for (c, how) in cands {
            if let Some(ind) = self.industries.get(&c) {
                return Ok(NaicsMatch { naics: code.to_string(), oews_code: c, level: ind.digits, fallback: ind.digits < own, how, sector });
            }
        }
        Err(NaicsProblem::Unknown)
    }

    /// Employment-weighted tercile cuts of a measure over the 3-digit OEWS industries (with
    /// government): (low/middle, middle/high). Each band holds about a third of their employment.
    pub fn tercile_cuts(&self, m: usize) -> (f64, f64) {
        let mut v: Vec<(f64, f64)> = self.industries.values().filter(|i| i.digits == 3 && i.exposure[m].is_finite()).map(|i| (i.exposure[m], i.employment)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: f64 = v.iter().map(|x| x.1).sum();
        let (mut acc, mut lo, mut hi) = (0.0, f64::NAN, f64::NAN);
        for (e, w) in &v {
            acc += w;
            if lo.is_nan() && acc >= total / 3.0 {
                lo = *e;
            }
            if hi.is_nan() && acc >= 2.0 * total / 3.0 {
                hi = *e;
            }
        }
        (lo, hi)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::baseline::tests::fixture_db;
    use crate::exposure::tests::fixture as exposure_fixture;

    /// A small table by hand: retail (low), software (high), its sector, and the national mix.
    pub fn table() -> IndustryTable {
        let row = |code: &str, name: &str, emp: f64, e: f64| IndustryExposure { code: code.into(), name: name.into(), digits: oews_digits(code), employment: emp, covered_employment: emp, exposure: vec![e, e / 2.0] };
        let mut industries = BTreeMap::new();
        for r in [
            row("455000", "General Merchandise Retailers", 3000.0, 0.10),
            row("44--46", "Retail Trade", 3000.0, 0.12),
            row("513200", "Software Publishers", 500.0, 0.60),
            row("513000", "Publishing Industries", 600.0, 0.50),
            row("51--52", "Information", 1000.0, 0.45),
            row("541500", "Computer Systems Design", 2000.0, 0.55),
            row("54--55", "Professional Services", 3000.0, 0.45),
            row("311000", "Food Manufacturing", 2000.0, 0.05),
            row("31--34", "Manufacturing", 2000.0, 0.08),
        ] {
            industries.insert(r.code.clone(), r);
        }
        let sectors = [("31", "31--34"), ("32", "31--34"), ("33", "31--34"), ("44", "44--46"), ("45", "44--46"), ("51", "51--52"), ("54", "54--55")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        IndustryTable {
            measures: vec!["beta".into(), "alpha".into()],
            industries,
            national: row("000000", "All", 10_000.0, 0.30),
            sectors,
            without_exposure: vec![],
            source: "test table".into(),
        }
    }

    #[test]
    fn codes_match_at_the_most_detailed_level_then_fall_back() {
        let t = table();
        let m = t.match_naics("513210").unwrap();
        assert_eq!((m.oews_code.as_str(), m.level, m.fallback), ("513200", 4, true));
        let m = t.match_naics("5132").unwrap();
        assert_eq!((m.oews_code.as_str(), m.level, m.fallback), ("513200", 4, false));
        let m = t.match_naics("455000.0").unwrap();
        assert_eq!((m.oews_code.as_str(), m.level, m.fallback), ("455000", 3, false));
        // NAICS 2017 Electronic Shopping -> 455000 by the baseline's stated table.
        let m = t.match_naics("454110").unwrap();
        assert_eq!(m.oews_code, "455000");
        assert!(m.how.contains("Electronic Shopping"), "{}", m.how);
        // A 6-digit code whose parents are missing goes to its sector.
        let m = t.match_naics("332311").unwrap();
        assert_eq!((m.oews_code.as_str(), m.level, m.sector.as_str()), ("31--34", 2, "31-33 Manufacturing"));
        let m = t.match_naics("44-45").unwrap();
        assert_eq!((m.oews_code.as_str(), m.level, m.fallback), ("44--46", 2, false));
        let m = t.match_naics("54").unwrap();
        assert_eq!(m.oews_code, "54--55");
        assert_eq!(t.match_naics(""), Err(NaicsProblem::Missing));
        assert_eq!(t.match_naics("99"), Err(NaicsProblem::Unknown));
        assert_eq!(t.match_naics("62"), Err(NaicsProblem::Unknown), "no health sector in the table");
        assert_eq!(t.match_naics("5A12"), Err(NaicsProblem::Unknown));
        assert_eq!(t.match_naics("5413301"), Err(NaicsProblem::Unknown));
    }

    #[test]
    fn digits_of_oews_codes() {
        assert_eq!(oews_digits("541330"), 5);
        assert_eq!(oews_digits("561200"), 4);
        assert_eq!(oews_digits("221111"), 6);
        assert_eq!(oews_digits("113000"), 3);
        assert_eq!(oews_digits("31--34"), 2);
        assert_eq!(oews_digits("000000"), 0);
    }

    #[test]
    fn terciles_split_employment_in_thirds() {
        let t = table();
        // 3-digit industries: food 0.05 (2000), retail 0.10 (3000), publishing 0.50 (600).
        let (lo, hi) = t.tercile_cuts(0);
        assert_eq!((lo, hi), (0.05, 0.10));
    }

    #[test]
    fn built_from_oews_and_the_catalog_with_employment_weights() {
        let dir = tempfile::tempdir().unwrap();
        let path = fixture_db(dir.path());
        // The fixture has no cross-industry rows: add them (and a sector).
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO industry VALUES ('000000', 'Cross-Industry', 0), ('44--46', 'Sectors 44 and 45 - Retail Trade', 2);
             INSERT INTO cell VALUES ('OEUN0000000000000000000','5000','1'), ('OEUN0000000000000412031','3000','1'), ('OEUN0000000000000151252','1000','1'),
               ('OEUN000000044--46000000','1000','1'), ('OEUN000000044--46412031','1000','1');",
        )
        .unwrap();
        drop(c);
        let db = OewsDb::open(&path).unwrap();
        let ex = exposure_fixture();
        let t = IndustryTable::build(&db, &ex).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.measures, ["beta", "alpha"]);
        // 455000: retail salespersons 600 x 0.20 + laborers 300 x 0.05 (software developers suppressed).
        let r = &t.industries["455000"];
        assert!((r.exposure[0] - (600.0 * 0.20 + 300.0 * 0.05) / 900.0).abs() < 1e-12, "{r:?}");
        assert_eq!(r.covered_employment, 900.0);
        assert_eq!(r.employment, 1000.0);
        // 518000: software developers 150 x 0.60 + IS managers 50 x 0.50.
        assert!((t.industries["518000"].exposure[0] - (150.0 * 0.6 + 50.0 * 0.5) / 200.0).abs() < 1e-12);
        assert!(t.match_naics("518210").is_ok());
        assert_eq!(t.match_naics("11"), Err(NaicsProblem::Unknown));
        assert_eq!(t.sectors["45"], "44--46");
        assert_eq!(t.match_naics("459").unwrap().oews_code, "44--46");
        assert!((t.national.exposure[0] - (3000.0 * 0.2 + 1000.0 * 0.6) / 4000.0).abs() < 1e-12);
    }
}
