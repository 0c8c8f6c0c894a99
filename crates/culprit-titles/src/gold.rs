//! The project's real-world title gold set (`crates/culprit-titles/gold/real_titles.csv`, how it
//! was made: its README): loading, with titles taken from the data mirror joined back by their
//! sha256 key (the repository keeps no copy of them), and scoring at 6/5/3/2 digits, weighted by
//! how common each title is, on the long tail, by split and by source, with calibration.

use crate::error::TitlesError;
use crate::eval::{calibration_error, DigitAccuracy, Outcome};
use crate::{soc_digits, Coded, Coder, Method, TitleContext};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Sources whose titles live in the data mirror: (source, file under the mirror, title column).
pub const MIRROR_SOURCES: &[(&str, &str, &str)] = &[("amazon_warn", "warn/amazon_wa_2025/job_titles.csv", "jobTitleCanonical")];

/// One labelled title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldRow {
    pub id: String,
    pub title: String,
    pub source: String,
    pub soc: String,
    pub alt_soc: Option<String>,
    pub department: Option<String>,
    pub industry: Option<String>,
    pub employer: Option<String>,
    /// How common the title is (people affected, or the 1/3/10/30 scale of written titles).
    pub count: f64,
    pub frozen: bool,
}

impl GoldRow {
    pub fn context(&self) -> TitleContext<'_> {
        TitleContext { department: self.department.as_deref(), industry: self.industry.as_deref() }
    }
}

/// First 16 hex characters of the sha256 of a title (the key of a mirror title in the gold file).
pub fn title_key(title: &str) -> String {
    let d = Sha256::digest(title.as_bytes());
    d.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Whether a CSV header row is the gold set's (it has `title_key` and `split`).
pub fn is_gold_set(headers: &[String]) -> bool {
    let has = |n: &str| headers.iter().any(|h| h.eq_ignore_ascii_case(n));
    has("title_key") && has("split") && has("soc")
}

/// Load the gold set; `mirror` is the data mirror's root, needed when rows refer to mirror titles.
pub fn load(bytes: &[u8], origin: &str, mirror: Option<&Path>) -> Result<Vec<GoldRow>, TitlesError> {
    let (headers, mut rdr) = crate::bulk::open_csv(bytes, origin)?;
    let col = |n: &str| crate::bulk::find_column(&headers, n, origin);
    let (id, title, key, source, soc, alt, dept, ind, emp, count, split) =
        (col("id")?, col("title")?, col("title_key")?, col("source")?, col("soc")?, col("alt_soc")?, col("department")?, col("industry_naics")?, col("employer")?, col("count")?, col("split")?);
    let mut keyed: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut rows = Vec::new();
    let err = |line: usize, m: String| TitlesError::Csv { origin: origin.into(), message: format!("line {line}: {m}") };
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| err(line, e.to_string()))?;
        let get = |c: usize| rec.get(c).unwrap_or("").trim().to_string();
        let opt = |c: usize| Some(get(c)).filter(|s| !s.is_empty());
        let mut t = get(title);
        let src = get(source);
        if t.is_empty() {
            let k = get(key);
            if k.is_empty() {
                return Err(err(line, "neither a title nor a title_key".into()));
            }
            if !keyed.contains_key(&src) {
                keyed.insert(src.clone(), mirror_titles(&src, mirror, origin)?);
            }
            t = keyed[&src].get(&k).cloned().ok_or_else(|| err(line, format!("title_key {k} matches no title of the mirror's {src} list")))?;
        }
        let c = get(count);
        rows.push(GoldRow {
            id: get(id),
            title: t,
            source: src,
            soc: get(soc),
            alt_soc: opt(alt),
            department: opt(dept),
            industry: opt(ind),
            employer: opt(emp),
            count: if c.is_empty() { 1.0 } else { c.parse().map_err(|_| err(line, format!("count `{c}` is not a number")))? },
            frozen: match get(split).as_str() {
                "frozen" => true,
                "dev" => false,
                s => return Err(err(line, format!("split `{s}` is neither dev nor frozen"))),
            },
        });
    }
    Ok(rows)
}

/// key -> title for a mirror source.
fn mirror_titles(source: &str, mirror: Option<&Path>, origin: &str) -> Result<BTreeMap<String, String>, TitlesError> {
    let Some(&(_, file, column)) = MIRROR_SOURCES.iter().find(|(s, _, _)| *s == source) else {
        return Err(TitlesError::Csv { origin: origin.into(), message: format!("source `{source}` has title keys but no mirror file is known for it") });
    };
    let Some(root) = mirror else {
        return Err(TitlesError::Csv { origin: origin.into(), message: format!("rows of `{source}` name their titles by key; the data mirror is needed to read them (set CULPRIT_MIRROR)") });
    };
    let path = root.join(file);
    let bytes = std::fs::read(&path).map_err(|e| TitlesError::Csv { origin: path.display().to_string(), message: e.to_string() })?;
    let (headers, mut rdr) = crate::bulk::open_csv(&bytes, &path.display().to_string())?;
    let c = crate::bulk::find_column(&headers, column, &path.display().to_string())?;
    let mut out = BTreeMap::new();
    for rec in rdr.records().flatten() {
        if let Some(t) = rec.get(c) {
            out.insert(title_key(t), t.to_string());
        }
    }
    Ok(out)
}

/// Accuracy of one part of the set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PartScore {
    pub titles: usize,
    pub coverage: f64,
    /// Share of titles right at 6/5/3/2 digits (uncoded titles are wrong).
    pub accuracy: DigitAccuracy,
    /// The same, each title weighted by its `count`.
    pub weighted: DigitAccuracy,
    /// Six digits, the label or its defensible second code (`alt_soc`).
    pub six_or_alt: f64,
    pub mean_confidence: f64,
    /// Expected calibration error over 10 bins (coded titles).
    pub calibration_error: f64,
}

/// The gold set scored, whole and in parts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldReport {
    pub all: PartScore,
    /// Keyed `split:dev`, `split:frozen`, `source:...`, `tail` (count 1), `context` (rows with a
    /// department or industry).
    pub parts: BTreeMap<String, PartScore>,
    pub seconds: f64,
    /// Rows coded wrong at six digits (not even the alternative): id, title, gold, coded.
    pub misses: Vec<(String, String, String, String)>,
    /// What calibration needs of each coded row (override rules left out), with its split
    /// (true: frozen).
    #[serde(skip)]
    pub outcomes: Vec<(bool, Outcome)>,
}

/// The logistic calibration refitted on the dev split of real titles (see
/// [`crate::score::CALIBRATION`]), scored on the frozen split it never saw.
#[derive(Debug, Clone, Serialize)]
pub struct Recalibration {
    /// The constants in use: intercept, exact, top score, margin.
    pub current: [f32; 4],
    /// Fitted on the dev split.
    pub fitted: [f32; 4],
    pub dev_titles: usize,
    pub frozen_titles: usize,
    /// Expected calibration error (10 bins) with the current and the fitted constants.
    pub dev_error: (f64, f64),
    pub frozen_error: (f64, f64),
    /// Mean confidence with the current and the fitted constants, and the accuracy they stand for.
    pub frozen_mean_confidence: (f64, f64),
    pub frozen_accuracy: f64,
}

/// Refit the calibration on the dev split and score it on the frozen split.
pub fn recalibrate(report: &GoldReport) -> Recalibration {
    let split = |frozen: bool| report.outcomes.iter().filter(|(f, _)| *f == frozen).map(|(_, o)| *o).collect::<Vec<Outcome>>();
    let (dev, frozen) = (split(false), split(true));
    let fitted = crate::eval::fit_calibration(&dev);
    let with = |c: &[f32; 4], os: &[Outcome]| -> Vec<Outcome> {
        os.iter().map(|o| Outcome { confidence: crate::score::confidence_with(c, o.exact, o.top, o.second), ..*o }).collect()
    };
    let current = crate::score::CALIBRATION;
    let mean = |os: &[Outcome]| os.iter().map(|o| o.confidence as f64).sum::<f64>() / os.len().max(1) as f64;
    let (fc, ff) = (with(&current, &frozen), with(&fitted, &frozen));
    Recalibration {
        current,
        fitted,
        dev_titles: dev.len(),
        frozen_titles: frozen.len(),
        dev_error: (calibration_error(&with(&current, &dev), 10), calibration_error(&with(&fitted, &dev), 10)),
        frozen_error: (calibration_error(&fc, 10), calibration_error(&ff, 10)),
        frozen_mean_confidence: (mean(&fc), mean(&ff)),
        frozen_accuracy: frozen.iter().filter(|o| o.correct).count() as f64 / frozen.len().max(1) as f64,
    }
}

/// The calibration features of a coded title: the runner-up's score is the first
/// alternative's (the coder ranks at least `score::ALT_POOL` more when that many match).
fn outcome(c: &Coded, correct: bool) -> Outcome {
    Outcome { exact: c.method == Method::Exact, top: c.score, second: c.alternatives.first().map_or(0.0, |a| a.score), confidence: c.confidence, correct }
}

fn score_part(rows: &[(&GoldRow, &Coded)]) -> PartScore {
    let mut p = PartScore { titles: rows.len(), ..Default::default() };
    let (mut hits, mut whits, mut wsum, mut alt, mut coded, mut conf) = ([0.0; 4], [0.0; 4], 0.0, 0.0, 0.0, 0.0);
    let mut outcomes = Vec::new();
    for (g, c) in rows {
        wsum += g.count;
        let Some(want) = soc_digits(&g.soc) else { continue };
        let Some(got) = c.soc.as_deref().and_then(soc_digits) else { continue };
        coded += 1.0;
        conf += c.confidence as f64;
        for (i, n) in [6, 5, 3, 2].into_iter().enumerate() {
            if got[..n] == want[..n] {
                hits[i] += 1.0;
                whits[i] += g.count;
            }
        }
        let right = got == want || g.alt_soc.as_deref().and_then(soc_digits).is_some_and(|a| a == got);
        alt += right as u8 as f64;
        if c.method != Method::Override {
            outcomes.push(outcome(c, got == want));
        }
    }
    let n = rows.len().max(1) as f64;
    let acc = |h: [f64; 4], d: f64| DigitAccuracy { six: h[0] / d, five: h[1] / d, three: h[2] / d, two: h[3] / d };
    p.accuracy = acc(hits, n);
    p.weighted = acc(whits, wsum.max(1e-9));
    p.six_or_alt = alt / n;
    p.coverage = coded / n;
    p.mean_confidence = conf / coded.max(1.0);
    p.calibration_error = calibration_error(&outcomes, 10);
    p
}

/// Code every row with its context and score the set.
pub fn evaluate(coder: &Coder, rows: &[GoldRow], use_context: bool) -> GoldReport {
    use rayon::prelude::*;
    let t = std::time::Instant::now();
    let coded: Vec<Coded> = rows.par_iter().map(|g| if use_context { coder.code_with(&g.title, &g.context()) } else { coder.code(&g.title) }).collect();
    let seconds = t.elapsed().as_secs_f64();
    let pairs: Vec<(&GoldRow, &Coded)> = rows.iter().zip(&coded).collect();
    let mut r = GoldReport { all: score_part(&pairs), seconds, ..Default::default() };
    let mut parts: BTreeMap<String, Vec<(&GoldRow, &Coded)>> = BTreeMap::new();
    for &(g, c) in &pairs {
        parts.entry(format!("split:{}", if g.frozen { "frozen" } else { "dev" })).or_default().push((g, c));
        parts.entry(format!("source:{}", g.source)).or_default().push((g, c));
        if g.count <= 1.0 {
            parts.entry("tail".into()).or_default().push((g, c));
        }
        if g.department.is_some() || g.industry.is_some() {
            parts.entry("context".into()).or_default().push((g, c));
        }
        let want = soc_digits(&g.soc);
        let got = c.soc.as_deref().and_then(soc_digits);
        if let (Some(w), Some(x)) = (want, got) {
            if c.method != Method::Override {
                r.outcomes.push((g.frozen, outcome(c, w == x)));
            }
        }
        if got.is_none() || (got != want && got != g.alt_soc.as_deref().and_then(soc_digits)) {
            r.misses.push((g.id.clone(), g.title.clone(), g.soc.clone(), format!("{} {}", c.soc.as_deref().unwrap_or("-"), c.occupation.as_deref().unwrap_or(""))));
        }
    }
    r.parts = parts.iter().map(|(k, v)| (k.clone(), score_part(v))).collect();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_first_16_hex_of_sha256() {
        // sha256("abc") is the FIPS 180-2 test vector ba7816bf8f01cfea414140de...
        assert_eq!(title_key("abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn written_rows_load_and_bad_rows_name_their_line() {
        let csv = "id,title,title_key,source,soc,alt_soc,department,industry_naics,employer,count,split,note\r\n\
                   hr-1,Cashier,,written_hr,41-2011,,,,,30,dev,\r\n\
                   hr-2,Guard,,written_hr,33-9032,33-3012,,922140,,3,frozen,prison\r\n";
        let rows = load(csv.as_bytes(), "g.csv", None).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].alt_soc.as_deref(), Some("33-3012"));
        assert_eq!(rows[1].industry.as_deref(), Some("922140"));
        assert!(rows[1].frozen && !rows[0].frozen);
        let bad = csv.replace("frozen,prison", "held,prison");
        let e = load(bad.as_bytes(), "g.csv", None).unwrap_err().to_string();
        assert!(e.contains("line 3") && e.contains("held"), "{e}");
        let keyed = "id,title,title_key,source,soc,alt_soc,department,industry_naics,employer,count,split,note\nA,,0123,amazon_warn,11-1021,,,,,1,dev,\n";
        let e = load(keyed.as_bytes(), "g.csv", None).unwrap_err().to_string();
        assert!(e.contains("CULPRIT_MIRROR"), "{e}");
    }
}
