//! culprit-titles: job-title normalisation and the title -> SOC 2018 / O*NET-SOC coder.
//!
//! ```no_run
//! # use culprit_data::{Catalog, Registry};
//! # use culprit_titles::{Coder, CoderOptions};
//! let (cat, _) = Catalog::open(&Registry::builtin().unwrap()).unwrap();
//! let coder = Coder::new(&cat, CoderOptions::default()).unwrap();
//! let c = coder.code("Sr. SDE II");
//! assert_eq!(c.soc.as_deref(), Some("15-1252"));
//! ```

pub mod abbreviations;
pub mod bulk;
pub mod compiled;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod gold;
pub mod index;
pub mod normalize;
pub mod occupation;
pub mod overrides;
pub mod score;

pub use abbreviations::Rank;
pub use error::TitlesError;
pub use normalize::{Normalized, Refusal, Seniority};
pub use occupation::{CatalogTitles, TitleExposure, TitleOccupation};
pub use overrides::Overrides;

use ahash::AHashMap;
use culprit_data::{Catalog, TitleKind};
use index::TitleIndex;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// How a title was coded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Method {
    /// A user rule from the overrides file.
    Override,
    /// The normalised title equals an indexed title.
    Exact,
    /// The best of a ranked match.
    Ranked,
    /// The title is blank.
    Blank,
    /// The title cannot be coded; the reason says why.
    Uncodable { reason: String },
}

impl Method {
    /// The method as counted in summaries: the label, with every refusal reason as `uncodable`.
    pub fn summary_key(&self) -> String {
        match self {
            Method::Uncodable { .. } => "uncodable".to_string(),
            m => m.label(),
        }
    }

    /// A short label for tables and CSV (`uncodable: <reason>` for refusals).
    pub fn label(&self) -> String {
        match self {
            Method::Override => "override".into(),
            Method::Exact => "exact".into(),
            Method::Ranked => "ranked".into(),
            Method::Blank => "blank".into(),
            Method::Uncodable { reason } => format!("uncodable: {reason}"),
        }
    }
}

/// One candidate occupation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    #[serde(with = "shared_str")]
    pub soc: Arc<str>,
    #[serde(with = "shared_str")]
    pub onet_soc: Arc<str>,
    pub occupation_index: u32,
    #[serde(with = "shared_str")]
    pub occupation: Arc<str>,
    /// The raw match score (cosine plus bonuses; about 0 to 2.3).
    pub score: f32,
    /// Calibrated probability that this is the right six-digit SOC code.
    pub confidence: f32,
    /// Which indexed title matched.
    #[serde(with = "shared_str")]
    pub evidence: Arc<str>,
}

/// A coded title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coded {
    pub title: String,
    #[serde(with = "shared_str::option")]
    pub soc: Option<Arc<str>>,
    #[serde(with = "shared_str::option")]
    pub onet_soc: Option<Arc<str>>,
    /// Index into `Catalog::occupations`.
    pub occupation_index: Option<u32>,
    #[serde(with = "shared_str::option")]
    pub occupation: Option<Arc<str>>,
    /// Calibrated probability in [0, 1] that `soc` is right at six digits.
    pub confidence: f32,
    /// The raw match score of the first candidate (0 when nothing matched).
    pub score: f32,
    pub method: Method,
    pub seniority: Option<Seniority>,
    /// Which indexed title (or override rule) decided.
    #[serde(with = "shared_str::option")]
    pub evidence: Option<Arc<str>>,
    /// The next best occupations (for exact matches to a title of one occupation: none).
    pub alternatives: Vec<Candidate>,
}

/// What a file says around a title: the department or business unit and the employer's industry
/// (a NAICS code, any length). Context changes only titles that are ambiguous without it (see
/// `Coder::code_with`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TitleContext<'a> {
    pub department: Option<&'a str>,
    pub industry: Option<&'a str>,
}

/// How common each occupation is in one industry: OEWS employment of the industry by detailed
/// occupation, as `ln(1 + employment) / ln(1 + largest)` per SOC code (0 where the industry
/// employs none or OEWS suppresses the cell). Added to the candidates' scores, times
/// [`score::INDUSTRY_PRIOR_WEIGHT`], it breaks the ties that words cannot: a retailer's "Tax
/// Analyst" is not a government tax examiner, a grocer's "Checker" is a cashier.
#[derive(Debug, Clone, Default)]
pub struct IndustryPrior {
    /// The industry, as the data named it ("455000 General Merchandise Retailers").
    pub industry: String,
    /// Per SOC index of the catalog.
    by_soc: Vec<f32>,
    /// Per SOC index: not a reading in this industry (see [`IndustryPrior::exclude_absent`]).
    excluded: Vec<bool>,
}

impl IndustryPrior {
    /// From (SOC code, employment) pairs; codes the catalog does not have are ignored.
    pub fn from_employment(cat: &Catalog, industry: &str, employment: &[(String, f64)]) -> IndustryPrior {
        let max = employment.iter().map(|(_, e)| *e).fold(0.0f64, f64::max).ln_1p().max(1e-9);
        let mut by_soc = vec![0.0f32; cat.socs.len()];
        for (soc, e) in employment {
            if let Some(i) = cat.socs.iter().position(|s| &s.soc == soc) {
                by_soc[i] = (e.max(0.0).ln_1p() / max) as f32;
            }
        }
        IndustryPrior { industry: industry.to_string(), excluded: vec![false; by_soc.len()], by_soc }
    }

    /// Of the given occupations (SOC codes), those this industry shows no employment in are
    /// not readings of its titles: a retailer's "Tax Analyst" is not a government tax examiner,
    /// its "Investigation Specialist" not a police detective. The caller passes occupations
    /// that exist almost only in one kind of employer (government: `score::PUBLIC_SHARE`).
    pub fn exclude_absent(&mut self, cat: &Catalog, socs: &[String]) {
        for soc in socs {
            if let Some(i) = cat.socs.iter().position(|s| &s.soc == soc) {
                if self.by_soc[i] == 0.0 {
                    self.excluded[i] = true;
                }
            }
        }
    }

    pub fn get(&self, soc_index: u32) -> f32 {
        self.by_soc.get(soc_index as usize).copied().unwrap_or(0.0)
    }

    pub fn excludes(&self, soc_index: u32) -> bool {
        self.excluded.get(soc_index as usize).copied().unwrap_or(false)
    }

    /// How many occupations are excluded.
    pub fn excluded_count(&self) -> usize {
        self.excluded.iter().filter(|x| **x).count()
    }
}

/// A title after the steps that depend on its raw text.
enum Prepared {
    /// Decided already (blank, refused, an override rule).
    Done(Coded),
    /// To be ranked: the result so far, the normalised reading and, when the department gave a
    /// role-only title its function, that department (said in the evidence).
    Query(Coded, Normalized, Option<Arc<str>>),
}

/// The ranking of one normalised reading, shared by every title that reads the same.
struct Reading {
    method: Method,
    score: f32,
    top: Option<Candidate>,
    alternatives: Vec<Candidate>,
}

impl Reading {
    /// Give `out` this reading's ranking; `department`, when it named the function, is said in
    /// the evidence.
    fn apply_with(&self, out: &mut Coded, department: Option<&Arc<str>>) {
        self.apply(out);
        if let (Some(d), Some(e)) = (department, &out.evidence) {
            out.evidence = Some(format!("{e}, the function read from department \"{d}\"").into());
        }
    }

    fn apply(&self, out: &mut Coded) {
        out.method = self.method.clone();
        out.score = self.score;
        out.alternatives = self.alternatives.clone();
        if let Some(top) = &self.top {
            out.soc = Some(top.soc.clone());
            out.onet_soc = Some(top.onet_soc.clone());
            out.occupation_index = Some(top.occupation_index);
            out.occupation = Some(top.occupation.clone());
            out.confidence = top.confidence;
            out.evidence = Some(top.evidence.clone());
        }
    }
}

/// Options of the coder.
#[derive(Debug, Clone)]
pub struct CoderOptions {
    /// Candidates kept (the first plus `top_k - 1` alternatives).
    pub top_k: usize,
    /// Below this match score a title is uncodable (its candidates are still listed).
    pub min_score: f32,
    /// The overrides file, if any.
    pub overrides: Option<PathBuf>,
    /// Code each distinct title once in `code_many`.
    pub cache: bool,
}

impl Default for CoderOptions {
    fn default() -> Self {
        CoderOptions { top_k: 5, min_score: 0.3, overrides: None, cache: true }
    }
}

#[derive(Serialize, Deserialize)]
struct OccInfo {
    soc: Arc<str>,
    onet_soc: Arc<str>,
    title: Arc<str>,
}

/// The title coder. Build once per catalog; `code` and `code_many` are thread-safe.
pub struct Coder {
    index: TitleIndex,
    occupations: Vec<OccInfo>,
    /// Per catalog title: the evidence text ("alternate title \"...\""), built once.
    evidence: Vec<Arc<str>>,
    n_socs: usize,
    overrides: Overrides,
    options: CoderOptions,
    /// Per catalog title: it names a manager ("Software Development Manager", "Director of
    /// Nursing", "Vice President"), read from its last word.
    managerial: Vec<bool>,
    /// The occupation of a manager whose function the title does not say (General and
    /// Operations Managers, 11-1021).
    general_manager: Option<score::Ranked>,
    /// Industry priors by the industry code a file gives (NAICS as written in the file).
    industry_priors: AHashMap<String, Arc<IndustryPrior>>,
}

/// Words that make a title a manager's when they are its head noun (after normalisation).
pub const MANAGER_HEADS: [&str; 5] = ["manager", "director", "president", "executive", "chief"];

/// Management occupations: SOC major group 11, and the first-line supervisors (`NN-10NN` in
/// major groups 33-53, where minor group 1 is the supervisors; elsewhere `NN-1NNN` is not).
fn is_management_soc(soc: &str) -> bool {
    let major: u8 = soc.get(..2).and_then(|m| m.parse().ok()).unwrap_or(0);
    major == 11 || ((33..=53).contains(&major) && soc.get(3..5) == Some("10"))
}

impl Coder {
    /// Build the coder over every title of the catalog, with the overrides file of the options.
    pub fn new(cat: &Catalog, options: CoderOptions) -> Result<Coder, TitlesError> {
        let overrides = Overrides::of_options(&options, cat)?;
        Ok(Self::build(cat, options, &|_| false).with_overrides(overrides))
    }

    /// Build the coder with some catalog titles left out of the index (held-out evaluation).
    pub fn held_out(cat: &Catalog, options: CoderOptions, exclude: &(dyn Fn(usize) -> bool + Sync)) -> Coder {
        Self::build(cat, options, exclude)
    }

    fn build(cat: &Catalog, options: CoderOptions, exclude: &(dyn Fn(usize) -> bool + Sync)) -> Coder {
        let index = TitleIndex::build(cat, exclude);
        Coder {
            index,
            occupations: cat.occupations.iter().map(|o| OccInfo { soc: o.soc.as_str().into(), onet_soc: o.onet_soc.as_str().into(), title: o.title.as_str().into() }).collect(),
            evidence: cat.titles.iter().map(|t| format!("{} \"{}\"", kind_name(t.kind), t.text).into()).collect(),
            n_socs: cat.socs.len(),
            overrides: Overrides::default(),
            options,
            managerial: cat
                .titles
                .iter()
                .map(|t| {
                    let base = t.text.split('(').next().unwrap_or("");
                    let last = base.split(|c: char| !c.is_ascii_alphabetic()).rfind(|w| !w.is_empty()).unwrap_or("").to_ascii_lowercase();
                    let last = last.strip_suffix('s').filter(|_| last.ends_with("ers") || last.ends_with("ors")).unwrap_or(&last);
                    MANAGER_HEADS.contains(&last) || last == "head" || last == "supervisor" || last == "superintendent"
                })
                .collect(),
            industry_priors: AHashMap::new(),
            general_manager: cat.occupations.iter().position(|o| o.onet_soc == "11-1021.00").and_then(|occ| {
                let soc_index = cat.socs.iter().position(|s| s.soc == "11-1021")?;
                let title = cat.titles.iter().position(|t| t.occupation == occ as u32 && t.kind == TitleKind::Occupation)?;
                Some(score::Ranked { soc_index: soc_index as u32, occupation: occ as u32, title: title as u32, doc: u32::MAX, score: 0.0 })
            }),
        }
    }

    /// Use these industry priors, keyed by the industry code as files give it (`TitleContext::
    /// industry`); see [`IndustryPrior`].
    pub fn with_industry_priors(mut self, priors: AHashMap<String, Arc<IndustryPrior>>) -> Coder {
        self.industry_priors = priors;
        self
    }

    /// The prior for an industry code, if one was given for it.
    pub fn industry_prior(&self, industry: Option<&str>) -> Option<&Arc<IndustryPrior>> {
        industry.map(str::trim).filter(|s| !s.is_empty()).and_then(|i| self.industry_priors.get(i))
    }

    /// Use these override rules (replacing any others).
    pub fn with_overrides(mut self, mut overrides: Overrides) -> Coder {
        overrides.index_keys(|t| self.index.normalizer.query(t).ok().map(|n| n.key()).filter(|k| !k.is_empty()));
        self.overrides = overrides;
        self
    }

    pub fn options(&self) -> &CoderOptions {
        &self.options
    }

    pub fn index(&self) -> &TitleIndex {
        &self.index
    }

    /// Number of distinct normalised titles in the index.
    pub fn indexed_titles(&self) -> usize {
        self.index.docs.len()
    }

    /// Code one title.
    pub fn code(&self, raw: &str) -> Coded {
        self.code_with(raw, &TitleContext::default())
    }

    /// How each word of a title is read: (the word as normalised, what it is read as, how:
    /// `known`, `expanded`, `compound`, `mended`, `abbreviation` or `unknown`). Words the
    /// normaliser drops (levels, ranks, locations, schedule words) are not listed; a title the
    /// normaliser refuses gives none.
    pub fn word_readings(&self, raw: &str) -> Vec<(String, String, &'static str)> {
        let Ok(q) = self.index.normalizer.query(raw) else { return Vec::new() };
        let ix = &self.index;
        score::word_readings(ix, &q)
            .into_iter()
            .map(|(w, r)| {
                let read = match r {
                    score::WordRead::Known(t) | score::WordRead::Expanded(t) | score::WordRead::Mended(t) | score::WordRead::Abbreviation(t) => ix.words[t as usize].clone(),
                    score::WordRead::Compound(a, b) => format!("{} {}", ix.words[a as usize], ix.words[b as usize]),
                    score::WordRead::Unknown => String::new(),
                };
                (w, read, r.kind())
            })
            .collect()
    }

    /// Code one title with what the file says around it.
    pub fn code_with(&self, raw: &str, ctx: &TitleContext) -> Coded {
        match self.prepare(raw, ctx) {
            Prepared::Done(c) => c,
            Prepared::Query(mut out, q, dept) => {
                let r = self.rank_reading(&q, self.industry_prior(ctx.industry).map(|p| &**p));
                r.apply_with(&mut out, dept.as_ref());
                out
            }
        }
    }

    /// Code a batch of distinct (title, context) pairs in parallel. Titles that read the same
    /// after normalisation ("Cook | Remote", "Cook - Night Shift", "COOK") are ranked once.
    pub fn code_batch(&self, items: &[(&str, TitleContext)]) -> Vec<Coded> {
        let prepared: Vec<Prepared> = items.par_iter().map(|(t, c)| self.prepare(t, c)).collect();
        type Key<'a> = (&'a [String], &'a [String], *const IndustryPrior);
        let mut slot: AHashMap<Key, u32> = AHashMap::with_capacity(prepared.len() / 2 + 16);
        let mut readings: Vec<(&Normalized, Option<&IndustryPrior>)> = Vec::new();
        let which: Vec<u32> = prepared
            .iter()
            .zip(items)
            .map(|(p, (_, ctx))| match p {
                Prepared::Done(_) => u32::MAX,
                Prepared::Query(_, q, _) => {
                    let prior = self.industry_prior(ctx.industry).map(|p| &**p);
                    *slot.entry((q.core.as_slice(), q.context.as_slice(), prior.map_or(std::ptr::null(), |p| p as *const _))).or_insert_with(|| {
                        readings.push((q, prior));
                        (readings.len() - 1) as u32
                    })
                }
            })
            .collect();
        let ranked: Vec<Reading> = readings.par_iter().map(|(q, prior)| self.rank_reading(q, *prior)).collect();
        prepared
            .into_par_iter()
            .zip(which)
            .map(|(p, i)| match p {
                Prepared::Done(c) => c,
                Prepared::Query(mut out, _, dept) => {
                    ranked[i as usize].apply_with(&mut out, dept.as_ref());
                    out
                }
            })
            .collect()
    }

    /// Everything that depends on the raw title: refusals, override rules, seniority and the
    /// normalised reading (with the department).
    fn prepare(&self, raw: &str, ctx: &TitleContext) -> Prepared {
        let mut out = Coded {
            title: raw.to_string(),
            soc: None,
            onet_soc: None,
            occupation_index: None,
            occupation: None,
            confidence: 0.0,
            score: 0.0,
            method: Method::Blank,
            seniority: None,
            evidence: None,
            alternatives: Vec::new(),
        };
        if !self.overrides.is_empty() && raw.chars().count() <= normalize::MAX_TITLE_CHARS {
            if let Some(r) = self.overrides.match_raw(raw) {
                let r = r.clone();
                out.seniority = self.index.normalizer.query(raw).ok().map(|n| n.seniority).filter(|s| !s.is_empty());
                self.set_override(&mut out, &r);
                return Prepared::Done(out);
            }
        }
        let mut function_from = None;
        let q = match self.index.normalizer.query(raw) {
            Ok(mut q) => {
                if let Some(d) = ctx.department.map(str::trim).filter(|d| !d.is_empty()) {
                    if self.index.normalizer.read_with_department(&mut q, d) {
                        function_from = Some(Arc::from(d));
                    }
                }
                q
            }
            Err(Refusal::Blank) => return Prepared::Done(out),
            Err(e) => {
                out.method = Method::Uncodable { reason: e.to_string() };
                return Prepared::Done(out);
            }
        };
        out.seniority = Some(q.seniority.clone()).filter(|s| !s.is_empty());
        if let Some(r) = if self.overrides.is_empty() { None } else { self.overrides.match_key(&q.key()) } {
            let r = r.clone();
            self.set_override(&mut out, &r);
            return Prepared::Done(out);
        }
        Prepared::Query(out, q, function_from)
    }

    /// Whether a title names only a role ("Associate", "Sr Manager II"), so that a department
    /// beside it would give its function and change its coding. Callers that code a title once
    /// for many people (an organisation) code these titles once per department.
    pub fn reads_department(&self, raw: &str) -> bool {
        self.index.normalizer.query(raw).is_ok_and(|q| self.index.normalizer.names_role_only(&q))
    }

    /// A manager of a function manages it: "Manager III, Software Dev", "Sr Mgr, Data Science",
    /// "Director, Procurement" name a manager, but the titles that match them best are often
    /// the function's own ("Software Developer"). When the title's head noun is a manager's and
    /// the first occupation is neither a management occupation nor matched through a manager's
    /// title, the best management occupation among the first 60 goes first (its own score
    /// kept, so the confidence reads the doubt). A manager of no known function ("Manager",
    /// "Sr. Manager III") is a general and operations manager. A player-coach ("Lead Software
    /// Engineer") has an engineer's head noun and is left alone.
    fn manager_of_function(&self, q: &Normalized, ranking: &mut score::Ranking) {
        let Some(head) = q.core.last() else { return };
        if !MANAGER_HEADS.contains(&head.as_str()) {
            return;
        }
        let managing = |r: &score::Ranked| is_management_soc(&self.occupations[r.occupation as usize].soc) || self.managerial[r.title as usize];
        let function_words = q.core.iter().filter(|w| !MANAGER_HEADS.contains(&w.as_str()) && !self.index.normalizer.is_head(w)).count();
        if function_words == 0 {
            if let Some(gm) = self.general_manager {
                if ranking.top.first().is_none_or(|r| r.occupation != gm.occupation) {
                    let score = ranking.top.first().map_or(self.options.min_score, |r| r.score);
                    ranking.top.retain(|r| r.occupation != gm.occupation);
                    ranking.top.insert(0, score::Ranked { score, ..gm });
                    ranking.exact = false;
                }
            }
            return;
        }
        if ranking.top.first().is_none_or(managing) {
            return;
        }
        let wide = score::rank(&self.index, q, 60, self.n_socs);
        if let Some(m) = wide.top.iter().find(|r| managing(r)).copied() {
            ranking.top.retain(|r| r.occupation != m.occupation);
            ranking.top.insert(0, m);
            ranking.exact = false;
        }
    }

    /// Everything that depends only on the normalised reading: the ranking and its candidates.
    fn rank_reading(&self, q: &Normalized, prior: Option<&IndustryPrior>) -> Reading {
        // At least the share pool, whatever top_k: the confidence reads the margin over the
        // runner-up, and the alternatives' shares are taken over the same candidates. With an
        // industry, a wider pool: the prior may lift an occupation from further down.
        let pool = self.options.top_k.max(1 + score::ALT_POOL);
        let mut ranking = score::rank(&self.index, q, if prior.is_some() { pool.max(score::INDUSTRY_POOL) } else { pool }, self.n_socs);
        if let Some(p) = prior {
            if ranking.exact && ranking.top.len() == 1 && p.get(ranking.top[0].soc_index) == 0.0 {
                let exact = ranking.top[0];
                ranking = score::rank_beyond_exact(&self.index, q, pool.max(score::INDUSTRY_POOL), self.n_socs);
                if !ranking.top.iter().any(|r| r.occupation == exact.occupation) {
                    ranking.top.push(exact);
                }
            }
            for r in &mut ranking.top {
                r.score += score::INDUSTRY_PRIOR_WEIGHT * p.get(r.soc_index);
            }
            // An excluded reading goes only where nothing else matched.
            if ranking.top.iter().any(|r| !p.excludes(r.soc_index)) {
                if ranking.top.first().is_some_and(|r| p.excludes(r.soc_index)) {
                    ranking.exact = false;
                }
                ranking.top.retain(|r| !p.excludes(r.soc_index));
            }
            ranking.top.sort_by(score::by_score);
            ranking.top.truncate(pool);
        }
        self.manager_of_function(q, &mut ranking);
        let Some(best) = ranking.top.first().copied() else {
            return Reading { method: Method::Uncodable { reason: "no word of the title is in the O*NET title index".into() }, score: 0.0, top: None, alternatives: Vec::new() };
        };
        let second = ranking.top.get(1).map_or(0.0, |r| r.score);
        let conf = score::confidence(ranking.exact, best.score, second);
        let shares = score::alternative_shares(conf, best.score, &ranking.top[1..]);
        ranking.top.truncate(self.options.top_k.max(1));
        let mut cands = ranking.top.iter().enumerate().map(|(i, r)| self.candidate(r, if i == 0 { conf } else { shares[i - 1] }));
        let top = cands.next().unwrap();
        let mut alternatives: Vec<Candidate> = cands.collect();
        if best.score < self.options.min_score {
            let method = Method::Uncodable { reason: format!("no indexed title is close enough (best: {} at {:.2})", top.evidence, best.score) };
            alternatives.insert(0, top);
            return Reading { method, score: best.score, top: None, alternatives };
        }
        Reading { method: if ranking.exact { Method::Exact } else { Method::Ranked }, score: best.score, top: Some(top), alternatives }
    }

    /// Code many titles in parallel; with the cache option each distinct title is coded once
    /// (and each distinct reading ranked once).
    pub fn code_many(&self, titles: &[&str]) -> Vec<Coded> {
        if !self.options.cache {
            return titles.par_iter().map(|t| self.code(t)).collect();
        }
        let mut slot: AHashMap<&str, u32> = AHashMap::with_capacity(titles.len() / 4 + 16);
        let mut uniq: Vec<(&str, TitleContext)> = Vec::new();
        let which: Vec<u32> = titles
            .iter()
            .map(|t| {
                *slot.entry(t).or_insert_with(|| {
                    uniq.push((t, TitleContext::default()));
                    (uniq.len() - 1) as u32
                })
            })
            .collect();
        let coded = self.code_batch(&uniq);
        which.par_iter().map(|&i| coded[i as usize].clone()).collect()
    }

    fn candidate(&self, r: &score::Ranked, confidence: f32) -> Candidate {
        let o = &self.occupations[r.occupation as usize];
        Candidate {
            soc: o.soc.clone(),
            onet_soc: o.onet_soc.clone(),
            occupation_index: r.occupation,
            occupation: o.title.clone(),
            score: r.score,
            confidence,
            evidence: self.evidence[r.title as usize].clone(),
        }
    }

    fn set_override(&self, out: &mut Coded, r: &overrides::Rule) {
        let o = &self.occupations[r.occupation as usize];
        out.method = Method::Override;
        out.soc = Some(o.soc.clone());
        out.onet_soc = Some(o.onet_soc.clone());
        out.occupation_index = Some(r.occupation);
        out.occupation = Some(o.title.clone());
        out.confidence = 1.0;
        out.evidence = Some(format!("override rule \"{}\" (line {})", r.title, r.line).into());
    }
}

/// Serde for the shared strings of [`Candidate`] and [`Coded`] (serde's own `Arc` support needs
/// its `rc` feature, which would rebuild every crate that uses serde).
mod shared_str {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(v: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
        String::deserialize(d).map(Arc::from)
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(v: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(v) => s.serialize_some(&**v),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
            Option::<String>::deserialize(d).map(|o| o.map(Arc::from))
        }
    }
}

fn kind_name(k: TitleKind) -> &'static str {
    match k {
        TitleKind::Occupation => "occupation title",
        TitleKind::Alternate => "alternate title",
        TitleKind::Short => "short title",
        TitleKind::Reported => "reported title",
    }
}

/// The delimiter of a CSV header line: the most frequent of `,` `;` tab `|`.
pub fn sniff_delimiter(header: &str) -> u8 {
    [b',', b';', b'\t', b'|'].into_iter().max_by_key(|&d| (header.bytes().filter(|&b| b == d).count(), d == b',')).unwrap_or(b',')
}

/// Six SOC digits of a code written with or without the hyphen ("15-1252", "151252",
/// "15-1252.00"), or None.
pub fn soc_digits(code: &str) -> Option<[u8; 6]> {
    let d: Vec<u8> = code.bytes().filter(|b| b.is_ascii_digit()).collect();
    if d.len() == 6 || d.len() == 8 {
        Some([d[0], d[1], d[2], d[3], d[4], d[5]])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coded_titles_round_trip_through_json_as_plain_strings() {
        let alt = Candidate { soc: "11-2021".into(), onet_soc: "11-2021.00".into(), occupation_index: 7, occupation: "Marketing Managers".into(), score: 0.8, confidence: 0.1, evidence: "alternate title \"Brand Manager\"".into() };
        let c = Coded {
            title: "Brand Mgr".into(),
            soc: Some("11-2021".into()),
            onet_soc: None,
            occupation_index: Some(7),
            occupation: Some("Marketing Managers".into()),
            confidence: 0.9,
            score: 1.1,
            method: Method::Ranked,
            seniority: None,
            evidence: None,
            alternatives: vec![alt],
        };
        let j = serde_json::to_string(&c).unwrap();
        assert!(j.contains(r#""soc":"11-2021""#) && j.contains(r#""onet_soc":null"#), "{j}");
        let back: Coded = serde_json::from_str(&j).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn soc_codes_are_read_with_or_without_the_hyphen() {
        assert_eq!(soc_digits("15-1252"), Some(*b"151252"));
        assert_eq!(soc_digits("151252"), Some(*b"151252"));
        assert_eq!(soc_digits("15-1252.00"), Some(*b"151252"));
        assert_eq!(soc_digits("15-12"), None);
        assert_eq!(soc_digits(""), None);
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a,b,c"), b',');
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("title"), b',');
    }
}
