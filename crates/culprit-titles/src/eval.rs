//! Evaluation: accuracy at six, five, three and two SOC digits, coverage and speed against a gold
//! file; held-out k-fold evaluation on the catalog's own titles (a fold's titles are removed from
//! the index, by normalised form, before they are coded); fitting of the confidence calibration.

use crate::error::TitlesError;
use crate::{index::TitleIndex, score, soc_digits, Coded, Coder, CoderOptions, Method};
use ahash::{AHashMap, AHashSet};
use culprit_data::{Catalog, TitleKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Instant;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldItem {
    pub title: String,
    pub soc: String,
}

/// Shares of all gold titles coded right at 6, 5, 3 and 2 digits (uncoded titles count as wrong).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct DigitAccuracy {
    pub six: f64,
    pub five: f64,
    pub three: f64,
    pub two: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvalReport {
    pub name: String,
    pub titles: usize,
    /// Gold rows whose SOC code is not six digits (left out).
    pub invalid_gold: usize,
    pub coded: usize,
    pub coverage: f64,
    pub accuracy: DigitAccuracy,
    /// Six-digit accuracy among the coded titles only.
    pub precision_six: f64,
    pub seconds: f64,
    pub titles_per_second: f64,
    pub by_method: BTreeMap<String, usize>,
    /// Mean confidence of the coded titles (compare with `precision_six`).
    pub mean_confidence: f64,
}

/// What calibration needs of one coded held-out title.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub exact: bool,
    pub top: f32,
    pub second: f32,
    pub confidence: f32,
    pub correct: bool,
}

/// Score coded titles against gold codes.
pub fn score_codes(name: &str, gold: &[GoldItem], coded: &[Coded], seconds: f64) -> (EvalReport, Vec<Outcome>) {
    let mut r = EvalReport { name: name.into(), seconds, ..Default::default() };
    let mut hits = [0usize; 4];
    let mut conf = 0.0;
    let mut outcomes = Vec::new();
    for (g, c) in gold.iter().zip(coded) {
        let Some(want) = soc_digits(&g.soc) else {
            r.invalid_gold += 1;
            continue;
        };
        r.titles += 1;
        *r.by_method.entry(c.method.summary_key()).or_default() += 1;
        let Some(got) = c.soc.as_deref().and_then(soc_digits) else { continue };
        r.coded += 1;
        conf += c.confidence as f64;
        for (i, n) in [6, 5, 3, 2].into_iter().enumerate() {
            hits[i] += (got[..n] == want[..n]) as usize;
        }
        if c.method != Method::Override {
            outcomes.push(Outcome {
                exact: c.method == Method::Exact,
                top: c.score,
                second: c.alternatives.first().map_or(0.0, |a| a.score),
                confidence: c.confidence,
                correct: got == want,
            });
        }
    }
    let n = r.titles.max(1) as f64;
    r.coverage = r.coded as f64 / n;
    r.accuracy = DigitAccuracy { six: hits[0] as f64 / n, five: hits[1] as f64 / n, three: hits[2] as f64 / n, two: hits[3] as f64 / n };
    r.precision_six = hits[0] as f64 / r.coded.max(1) as f64;
    r.mean_confidence = conf / r.coded.max(1) as f64;
    r.titles_per_second = if seconds > 0.0 { gold.len() as f64 / seconds } else { 0.0 };
    (r, outcomes)
}

/// Code the gold titles with `coder` (in parallel, with its cache option) and score them.
pub fn evaluate(coder: &Coder, gold: &[GoldItem], name: &str) -> (EvalReport, Vec<Outcome>) {
    let titles: Vec<&str> = gold.iter().map(|g| g.title.as_str()).collect();
    let t = Instant::now();
    let coded = coder.code_many(&titles);
    let secs = t.elapsed().as_secs_f64();
    score_codes(name, gold, &coded, secs)
}

/// Read a gold CSV (any delimiter, BOM allowed): title and SOC columns by name.
pub fn read_gold(bytes: &[u8], origin: &str, title_col: &str, soc_col: &str) -> Result<Vec<GoldItem>, TitlesError> {
    let (headers, mut rdr) = crate::bulk::open_csv(bytes, origin)?;
    let t = crate::bulk::find_column(&headers, title_col, origin)?;
    let s = crate::bulk::find_column(&headers, soc_col, origin)?;
    let mut out = Vec::new();
    for (i, rec) in rdr.byte_records().enumerate() {
        let rec = rec.map_err(|e| TitlesError::Csv { origin: origin.into(), message: format!("row {}: {e}", i + 2) })?;
        let get = |c: usize| String::from_utf8_lossy(rec.get(c).unwrap_or(b"")).trim().to_string();
        out.push(GoldItem { title: get(t), soc: get(s) });
    }
    Ok(out)
}

/// A held-out evaluation over several folds.
#[derive(Debug, Clone, Serialize)]
pub struct HeldOut {
    pub report: EvalReport,
    pub folds: usize,
    /// Index titles removed per fold, on average.
    pub removed_per_fold: f64,
    #[serde(skip)]
    pub outcomes: Vec<Outcome>,
}

/// The gold set of the catalog's titles of some kinds: distinct (title, SOC) pairs.
pub fn catalog_gold(cat: &Catalog, kinds: &[TitleKind]) -> Vec<(usize, GoldItem)> {
    let mut seen = AHashSet::new();
    let mut out = Vec::new();
    for (i, t) in cat.titles.iter().enumerate() {
        if !kinds.contains(&t.kind) {
            continue;
        }
        let soc = cat.occupations[t.occupation as usize].soc.clone();
        if seen.insert((t.text.clone(), soc.clone())) {
            out.push((i, GoldItem { title: t.text.clone(), soc }));
        }
    }
    out
}

/// k-fold held-out evaluation on the catalog's titles of `kinds`. Titles go to folds by a seeded
/// hash of their normalised form (equal forms share a fold); for each fold, every catalog title
/// whose normalised form (or any of its parenthesised parts) equals a fold title's is removed
/// from the index, and the fold is then coded.
pub fn held_out(cat: &Catalog, kinds: &[TitleKind], folds: usize, seed: u64, options: &CoderOptions, name: &str) -> HeldOut {
    let folds = folds.max(2);
    let full = TitleIndex::build(cat, &|_| false);
    let nz = &full.normalizer;
    let forms = |text: &str| -> Vec<String> {
        let mut v = vec![nz.index(text).key()];
        if let (Some(a), Some(b)) = (text.find('('), text.rfind(')')) {
            if a < b {
                v.push(nz.index(&format!("{} {}", &text[..a], &text[b + 1..])).key());
                v.push(nz.index(&text[a + 1..b]).key());
            }
        }
        if let Ok(q) = nz.query(text) {
            v.push(q.key());
        }
        v.retain(|k| !k.is_empty());
        v
    };
    let title_forms: Vec<Vec<String>> = cat.titles.iter().map(|t| forms(&t.text)).collect();
    let gold = catalog_gold(cat, kinds);
    let fold_of = |key: &str| -> usize {
        use std::hash::{BuildHasher, Hasher};
        let mut h = ahash::RandomState::with_seeds(seed, 0x5eed, 1, 2).build_hasher();
        h.write(key.as_bytes());
        (h.finish() % folds as u64) as usize
    };
    let mut all_gold = Vec::new();
    let mut all_coded = Vec::new();
    let mut secs = 0.0;
    let mut removed = 0usize;
    for f in 0..folds {
        let mine: Vec<&(usize, GoldItem)> = gold.iter().filter(|(i, _)| fold_of(title_forms[*i].first().map_or("", |s| s.as_str())) == f).collect();
        let keys: AHashSet<&str> = mine.iter().flat_map(|(i, _)| title_forms[*i].iter().map(|s| s.as_str())).collect();
        let excluded: Vec<bool> = title_forms.iter().map(|fs| fs.iter().any(|k| keys.contains(k.as_str()))).collect();
        removed += excluded.iter().filter(|&&x| x).count();
        let coder = Coder::held_out(cat, options.clone(), &|i| excluded[i]);
        let items: Vec<GoldItem> = mine.iter().map(|(_, g)| g.clone()).collect();
        let titles: Vec<&str> = items.iter().map(|g| g.title.as_str()).collect();
        let t = Instant::now();
        let coded = coder.code_many(&titles);
        secs += t.elapsed().as_secs_f64();
        all_gold.extend(items);
        all_coded.extend(coded);
    }
    let (report, outcomes) = score_codes(name, &all_gold, &all_coded, secs);
    HeldOut { report, folds, removed_per_fold: removed as f64 / folds as f64, outcomes }
}

/// Fit the logistic calibration (see [`score::CALIBRATION`]) to held-out outcomes by Newton's
/// method on the log-likelihood (four parameters, so the 4x4 system is solved directly).
pub fn fit_calibration(outcomes: &[Outcome]) -> [f32; 4] {
    let mut w = [0f64; 4];
    for _ in 0..25 {
        let mut g = [0f64; 4];
        let mut h = [[0f64; 4]; 4];
        for o in outcomes {
            let x = score::features(o.exact, o.top, o.second).map(|v| v as f64);
            let z: f64 = w.iter().zip(x).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = o.correct as u8 as f64;
            for i in 0..4 {
                g[i] += (y - p) * x[i];
                for j in 0..4 {
                    h[i][j] += p * (1.0 - p) * x[i] * x[j];
                }
            }
        }
        for (i, row) in h.iter_mut().enumerate() {
            row[i] += 1e-6; // ridge: the exact feature may be constant in a fold
        }
        let step = solve4(h, g);
        for i in 0..4 {
            w[i] += step[i];
        }
        if step.iter().all(|s| s.abs() < 1e-7) {
            break;
        }
    }
    w.map(|v| v as f32)
}

fn solve4(mut a: [[f64; 4]; 4], mut b: [f64; 4]) -> [f64; 4] {
    for c in 0..4 {
        let p = (c..4).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs())).unwrap();
        a.swap(c, p);
        b.swap(c, p);
        if a[c][c].abs() < 1e-12 {
            return [0.0; 4];
        }
        let pivot = a[c];
        for r in c + 1..4 {
            let f = a[r][c] / pivot[c];
            for (x, p) in a[r].iter_mut().zip(pivot).skip(c) {
                *x -= f * p;
            }
            b[r] -= f * b[c];
        }
    }
    let mut x = [0.0; 4];
    for c in (0..4).rev() {
        x[c] = (b[c] - (c + 1..4).map(|k| a[c][k] * x[k]).sum::<f64>()) / a[c][c];
    }
    x
}

/// Reliability table: per confidence bin, (bin low, bin high, titles, mean confidence, accuracy).
pub fn reliability(outcomes: &[Outcome], bins: usize) -> Vec<(f32, f32, usize, f64, f64)> {
    let mut acc: AHashMap<usize, (usize, f64, usize)> = AHashMap::new();
    for o in outcomes {
        let b = ((o.confidence * bins as f32) as usize).min(bins - 1);
        let e = acc.entry(b).or_default();
        e.0 += 1;
        e.1 += o.confidence as f64;
        e.2 += o.correct as usize;
    }
    (0..bins)
        .filter_map(|b| {
            let &(n, c, k) = acc.get(&b)?;
            Some((b as f32 / bins as f32, (b + 1) as f32 / bins as f32, n, c / n as f64, k as f64 / n as f64))
        })
        .collect()
}

/// Expected calibration error: the titles-weighted mean |confidence - accuracy| over bins.
pub fn calibration_error(outcomes: &[Outcome], bins: usize) -> f64 {
    let n: usize = outcomes.len().max(1);
    reliability(outcomes, bins).iter().map(|&(_, _, k, c, a)| k as f64 * (c - a).abs()).sum::<f64>() / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coded(soc: Option<&str>, method: Method) -> Coded {
        Coded {
            title: String::new(),
            soc: soc.map(std::sync::Arc::from),
            onet_soc: None,
            occupation_index: None,
            occupation: None,
            confidence: 0.5,
            score: 0.5,
            method,
            seniority: None,
            evidence: None,
            alternatives: vec![],
        }
    }

    #[test]
    fn accuracy_counts_digits_and_uncoded_as_wrong() {
        let gold = ["15-1252", "151253", "11-3121.00", "43-4051", "bad"].map(|s| GoldItem { title: "x".into(), soc: s.into() });
        let got = [
            coded(Some("15-1252"), Method::Exact),
            coded(Some("15-1252"), Method::Ranked),
            coded(Some("11-3131"), Method::Ranked),
            coded(None, Method::Uncodable { reason: "r".into() }),
            coded(Some("15-1252"), Method::Exact),
        ];
        let (r, o) = score_codes("t", &gold, &got, 1.0);
        assert_eq!((r.titles, r.invalid_gold, r.coded), (4, 1, 3));
        assert_eq!(r.accuracy.six, 0.25);
        assert_eq!(r.accuracy.five, 0.5);
        assert_eq!(r.accuracy.three, 0.75);
        assert_eq!(r.accuracy.two, 0.75);
        assert_eq!(r.by_method["uncodable"], 1);
        assert_eq!(o.len(), 3);
    }

    #[test]
    fn calibration_fit_recovers_a_logistic_relation() {
        // Outcomes generated from a known rule: right when top - second > 0.2, else wrong.
        let mut outs = Vec::new();
        for i in 0..400 {
            let top = 0.4 + (i % 20) as f32 * 0.03;
            let second = top - (i / 20) as f32 * 0.02;
            outs.push(Outcome { exact: false, top, second, confidence: 0.0, correct: top - second > 0.2 || (i % 7 == 0) });
        }
        let c = fit_calibration(&outs);
        assert!(c[3] > 1.0, "margin must raise confidence: {c:?}");
        let lo = score::confidence_with(&c, false, 0.8, 0.78);
        let hi = score::confidence_with(&c, false, 0.8, 0.3);
        assert!(hi > 0.8 && lo < 0.3, "{lo} {hi}");
    }
}
