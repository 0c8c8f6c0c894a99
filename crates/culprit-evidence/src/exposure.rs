//! The boundary with the job-title coder and the exposure catalog: a trait the CLI implements
//! with the real coder, and a table-backed implementation for tests and user-supplied tables.
//!
//! Exposure is technical feasibility (share of an occupation's tasks an LLM-based system could
//! do in half the time at equal quality), not a probability of losing a job.

use crate::error::{EvidenceError, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// A job title coded to an occupation, with its exposure measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodedRole {
    /// SOC 2018 detailed code, `15-1252`.
    pub soc: String,
    pub occupation: String,
    /// Coder confidence, 0..1.
    pub confidence: f64,
    /// Exposure measures by name (share of tasks exposed, 0..1). The first is the headline measure.
    pub measures: Vec<(String, f64)>,
}

impl CodedRole {
    pub fn headline(&self) -> Option<(&str, f64)> {
        self.measures.first().map(|(n, v)| (n.as_str(), *v))
    }
}

/// What the evidence engine needs from the title coder and the exposure catalog.
pub trait RoleExposure: Sync {
    /// Code a job title to an occupation and return its exposure (share of tasks exposed, 0..1)
    /// under the headline measure (first) plus all measures by name.
    fn title_exposure(&self, title: &str) -> Option<CodedRole>;
    /// Exposure of a SOC 6-digit occupation (`15-1252` or `151252`), headline measure first, for
    /// the OEWS industry baseline.
    fn soc_exposure(&self, soc: &str) -> Option<Vec<(String, f64)>>;
    /// A short description of the coder and catalog, shown as the source.
    fn describe(&self) -> String {
        "job-title coder and exposure catalog".into()
    }
}

/// The name of the observed measure the scorecard sets beside the headline (theory).
pub const OBSERVED_MEASURE: &str = "observed_exposure";

/// Theory against observed use for a group of roles: weighted means of the headline measure and
/// of `observed_exposure` (over the weight that has it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TheoryVsUse {
    pub theory_measure: String,
    pub theory: f64,
    pub observed: Option<f64>,
    /// Share of the group's weight (people or employment) with an observed figure.
    pub observed_coverage: f64,
}

/// `items`: (weight, measures headline first). None when no item has a headline measure.
pub fn theory_vs_use<'a>(items: impl IntoIterator<Item = (f64, &'a [(String, f64)])>) -> Option<TheoryVsUse> {
    let (mut tn, mut td, mut on, mut od, mut name) = (0.0, 0.0, 0.0, 0.0, String::new());
    for (w, m) in items {
        let Some((n, v)) = m.first() else { continue };
        tn += w * v;
        td += w;
        name = n.clone();
        if let Some((_, o)) = m.iter().find(|(n, _)| n == OBSERVED_MEASURE) {
            on += w * o;
            od += w;
        }
    }
    (td > 0.0).then(|| TheoryVsUse { theory_measure: name, theory: tn / td, observed: (od > 0.0).then(|| on / od), observed_coverage: od / td })
}

/// The scorecard's sentence: the roles cut in theory and in observed use, against a baseline.
/// It says no more than the numbers: a scapegoat signal only when the cut is at least as exposed
/// in theory as the baseline but less used in practice.
pub fn theory_vs_use_sentence(cut: &TheoryVsUse, baseline: Option<(&TheoryVsUse, &str)>) -> String {
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    let Some(co) = cut.observed else {
        return format!(
            " On observed use (Anthropic Economic Index), none of the roles cut has a figure: the release lists none of their tasks, so theory ({} {}) cannot be set against use.",
            cut.theory_measure,
            pct(cut.theory)
        );
    };
    let mut s = format!(
        " The roles cut are {} exposed in theory ({}) and {} in observed use ({OBSERVED_MEASURE}: exposed tasks Claude is actually used for, automation weighted 1 and augmentation 0.5; {} of the coded people have a figure)",
        pct(cut.theory),
        cut.theory_measure,
        pct(co),
        pct(cut.observed_coverage)
    );
    match baseline {
        Some((b, desc)) => match b.observed {
            Some(bo) => {
                s.push_str(&format!("; the baseline ({desc}) is {} in theory and {} in observed use.", pct(b.theory), pct(bo)));
                if cut.theory >= b.theory - 0.02 && co < bo - 0.02 {
                    s.push_str(&format!(
                        " The cut falls on roles at least as exposed in theory but less used with AI in practice ({} points below the baseline): a scapegoat signal on this measure, not proof.",
                        ((bo - co) * 100.0).round()
                    ));
                } else if co > bo + 0.02 {
                    s.push_str(&format!(" The roles cut are more used with AI in practice than the baseline ({} points): consistent with substitution, not proof of it.", ((co - bo) * 100.0).round()));
                } else {
                    s.push_str(" On observed use the cut does not stand out from the baseline.");
                }
            }
            None => s.push_str(&format!("; the baseline ({desc}) has no observed figure.")),
        },
        None => s.push('.'),
    }
    s
}

/// Normalise a SOC code to `NN-NNNN`.
pub fn soc_dash(soc: &str) -> String {
    let digits: String = soc.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 6 {
        format!("{}-{}", &digits[..2], &digits[2..])
    } else {
        soc.trim().to_string()
    }
}

/// Exposure from two small tables: titles (`pattern,soc`) and occupations
/// (`soc,occupation,<measure>,<measure>...`, the first measure the headline). A title matches a
/// pattern when every word of the pattern appears in it (case-insensitive, plural "s" ignored);
/// the pattern with most words wins; confidence = pattern words / title words.
#[derive(Debug, Clone, Default)]
pub struct TableExposure {
    patterns: Vec<(Vec<String>, String)>,
    socs: BTreeMap<String, (String, Vec<(String, f64)>)>,
    pub description: String,
}

fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| if w.len() > 3 { w.trim_end_matches('s').to_string() } else { w.to_string() })
        .collect()
}

impl TableExposure {
    pub fn from_csv(titles_csv: &str, socs_csv: &str, description: &str) -> Result<TableExposure> {
        let bad = |m: String| EvidenceError::Invalid(format!("exposure table: {m}"));
        let mut t = TableExposure { description: description.to_string(), ..Default::default() };
        let mut r = csv::Reader::from_reader(socs_csv.as_bytes());
        let headers: Vec<String> = r.headers().map_err(|e| bad(e.to_string()))?.iter().map(str::to_string).collect();
        if headers.len() < 3 || headers[0] != "soc" || headers[1] != "occupation" {
            return Err(bad(format!("occupation table needs soc,occupation,<measures...>; found {headers:?}")));
        }
        for rec in r.records() {
            let rec = rec.map_err(|e| bad(e.to_string()))?;
            let mut measures = Vec::new();
            for (i, h) in headers.iter().enumerate().skip(2) {
                let v: f64 = rec.get(i).unwrap_or("").trim().parse().map_err(|_| bad(format!("{h} of {:?} is not a number", rec.get(0))))?;
                measures.push((h.clone(), v));
            }
            t.socs.insert(soc_dash(&rec[0]), (rec[1].to_string(), measures));
        }
        let mut r = csv::Reader::from_reader(titles_csv.as_bytes());
        for rec in r.records() {
            let rec = rec.map_err(|e| bad(e.to_string()))?;
            let soc = soc_dash(rec.get(1).unwrap_or(""));
            if !t.socs.contains_key(&soc) {
                return Err(bad(format!("title pattern {:?} points to unknown SOC {soc}", rec.get(0))));
            }
            t.patterns.push((words(&rec[0]), soc));
        }
        Ok(t)
    }
}

impl RoleExposure for TableExposure {
    fn title_exposure(&self, title: &str) -> Option<CodedRole> {
        let tw = words(title);
        let (pat, soc) = self
            .patterns
            .iter()
            .filter(|(p, _)| !p.is_empty() && p.iter().all(|w| tw.contains(w)))
            .max_by_key(|(p, _)| p.len())?;
        let (occ, measures) = self.socs.get(soc)?;
        Some(CodedRole { soc: soc.clone(), occupation: occ.clone(), confidence: pat.len() as f64 / tw.len().max(1) as f64, measures: measures.clone() })
    }

    fn soc_exposure(&self, soc: &str) -> Option<Vec<(String, f64)>> {
        self.socs.get(&soc_dash(soc)).map(|(_, m)| m.clone())
    }

    fn describe(&self) -> String {
        self.description.clone()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Small fixture values for tests only; not the catalog's numbers.
    pub const SOCS: &str = "soc,occupation,beta,alpha
15-1252,Software Developers,0.60,0.30
11-3021,Computer and Information Systems Managers,0.50,0.25
11-1021,General and Operations Managers,0.40,0.20
41-2031,Retail Salespersons,0.20,0.10
53-7062,\"Laborers and Freight, Stock, and Material Movers, Hand\",0.05,0.00
";
    pub const TITLES: &str = "pattern,soc
software engineer,15-1252
software development engineer,15-1252
manager,11-1021
engineering manager,11-3021
sales associate,41-2031
warehouse associate,53-7062
";

    pub fn fixture() -> TableExposure {
        TableExposure::from_csv(TITLES, SOCS, "test fixture exposure table").unwrap()
    }

    #[test]
    fn theory_against_use_is_weighted_and_says_no_more_than_the_numbers() {
        let m = |t: f64, o: Option<f64>| {
            let mut v = vec![("human_beta".to_string(), t)];
            if let Some(o) = o {
                v.push((OBSERVED_MEASURE.to_string(), o));
            }
            v
        };
        let (a, b, c) = (m(0.6, Some(0.1)), m(0.4, None), m(0.5, Some(0.3)));
        let cut = theory_vs_use([(3.0, a.as_slice()), (1.0, b.as_slice())]).unwrap();
        assert!((cut.theory - 0.55).abs() < 1e-12 && (cut.observed.unwrap() - 0.1).abs() < 1e-12 && (cut.observed_coverage - 0.75).abs() < 1e-12);
        let base = theory_vs_use([(1.0, c.as_slice())]).unwrap();
        let s = theory_vs_use_sentence(&cut, Some((&base, "the industry")));
        assert!(s.contains("55.0% exposed in theory") && s.contains("10.0% in observed use") && s.contains("scapegoat signal"), "{s}");
        let s = theory_vs_use_sentence(&base, Some((&cut, "x")));
        assert!(s.contains("more used with AI") && !s.contains("scapegoat"), "{s}");
        assert!(theory_vs_use([(1.0, b.as_slice())]).unwrap().observed.is_none());
        assert!(theory_vs_use(std::iter::empty()).is_none());
    }

    #[test]
    fn codes_titles_by_longest_pattern() {
        let t = fixture();
        let c = t.title_exposure("Software Development Engineer II").unwrap();
        assert_eq!(c.soc, "15-1252");
        assert_eq!(c.headline(), Some(("beta", 0.60)));
        assert!((c.confidence - 0.75).abs() < 1e-12);
        assert_eq!(t.title_exposure("Senior Engineering Manager").unwrap().soc, "11-3021");
        assert_eq!(t.title_exposure("Managers").unwrap().soc, "11-1021");
        assert!(t.title_exposure("Chef").is_none());
        assert_eq!(t.soc_exposure("151252").unwrap()[0], ("beta".to_string(), 0.6));
    }

    #[test]
    fn bad_tables_are_refused() {
        assert!(TableExposure::from_csv("pattern,soc\nx,99-9999\n", SOCS, "").is_err());
        assert!(TableExposure::from_csv(TITLES, "soc,occupation,beta\n15-1252,SD,high\n", "").is_err());
    }
}
