//! The boundary with the title coder. culprit-org does not know occupations: a [`JobCoder`]
//! codes each distinct job title to an occupation with its exposure measures and wage
//! benchmarks. Titles are deduplicated first (1.6 M people have only thousands of titles) and
//! coded in parallel; people then carry an index into the coded occupations.

use crate::raw::NONE;
use crate::tree::Org;
use ahash::AHashMap;
use rayon::prelude::*;
use serde::Serialize;

/// Below this confidence a coded person is reported as coded with low confidence.
pub const LOW_CONFIDENCE: f32 = 0.5;

/// What the coder knows about one job title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobFacts {
    /// SOC 2018 code, e.g. "15-1252".
    pub soc: String,
    /// O*NET-SOC code, e.g. "15-1252.00". Occupations are deduplicated on this code.
    pub onet_soc: String,
    pub occupation: String,
    /// Confidence of the title -> occupation match, 0..1.
    pub confidence: f32,
    /// Exposure under each measure (name, share 0..1), e.g. ("human_beta", 0.42).
    pub exposure: Vec<(String, f64)>,
    /// Share of the occupation's task time that is AI-doable under the headline measure.
    pub ai_doable_share: f64,
    /// Employment-weighted annual wage benchmarks (BLS OEWS).
    pub median_wage: Option<f64>,
    pub mean_wage: Option<f64>,
}

/// Codes job titles. Called once per distinct title, from several threads.
pub trait JobCoder: Sync {
    fn code(&self, title: &str) -> Option<JobFacts>;
    /// A title that names only a role ("Associate", "Sr Manager"), coded with the department
    /// that gives it its function. Called only for titles where [`JobCoder::reads_department`]
    /// is true, once per distinct (title, department).
    fn code_in_department(&self, title: &str, _department: &str) -> Option<JobFacts> {
        self.code(title)
    }
    /// Whether the department beside this title would change its coding.
    fn reads_department(&self, _title: &str) -> bool {
        false
    }
    /// Name and version shown in outputs.
    fn name(&self) -> String {
        "unnamed coder".into()
    }
    /// The measure behind `ai_doable_share`, shown in outputs.
    fn headline_measure(&self) -> String {
        "human_beta".into()
    }
}

/// Codes nothing: everyone is uncoded; headcount, spans and payroll still work.
pub struct NoCoder;

impl JobCoder for NoCoder {
    fn code(&self, _: &str) -> Option<JobFacts> {
        None
    }
    fn name(&self) -> String {
        "none (job titles not coded)".into()
    }
}

/// An occupation as used by roll-ups: exposure aligned to [`Coding::measures`] (NaN when the
/// coder gave no value for a measure).
#[derive(Debug, Clone, Serialize)]
pub struct Occupation {
    pub soc: String,
    pub onet_soc: String,
    pub name: String,
    pub exposure: Vec<f64>,
    pub ai_doable_share: f64,
    pub median_wage: Option<f64>,
    pub mean_wage: Option<f64>,
}

/// The coding of an organisation's distinct titles.
#[derive(Debug, Clone, Serialize)]
pub struct Coding {
    pub coder: String,
    pub headline_measure: String,
    pub low_confidence_threshold: f32,
    /// Measure names, sorted.
    pub measures: Vec<String>,
    pub occupations: Vec<Occupation>,
    /// Per title code (index into `org.title.values`): occupation index or NONE.
    #[serde(skip)]
    pub title_occupation: Vec<u32>,
    #[serde(skip)]
    pub title_confidence: Vec<f32>,
    /// Titles that name only a role, coded per department: (title code, department code) ->
    /// (occupation index or NONE, confidence). A person with such a title and a department
    /// takes this coding; without a department, the title's own.
    #[serde(skip)]
    pub by_department: AHashMap<(u32, u32), (u32, f32)>,
    /// Per title code: some of its holders are coded by department (a key of `by_department`),
    /// so that everyone else is resolved from two arrays without a hash lookup.
    #[serde(skip)]
    pub title_by_department: Vec<bool>,
    pub distinct_titles: usize,
    pub titles_coded: usize,
    /// Distinct (role-only title, department) pairs whose coding the department changed.
    pub titles_read_with_department: usize,
}

impl Coding {
    /// Occupation index of person i, if coded.
    pub fn occupation_of(&self, org: &Org, i: usize) -> Option<usize> {
        self.coding_of(org, i).map(|(o, _)| o)
    }

    pub fn confidence_of(&self, org: &Org, i: usize) -> Option<f32> {
        self.coding_of(org, i).map(|(_, c)| c)
    }

    /// Occupation index and confidence of person i, if coded: the department's reading of a
    /// role-only title, else the title's own.
    #[inline]
    pub fn coding_of(&self, org: &Org, i: usize) -> Option<(usize, f32)> {
        let t = org.title.codes[i];
        if t == NONE {
            return None;
        }
        let (o, c) = match self.title_by_department.get(t as usize) {
            Some(true) => self.by_department.get(&(t, org.department.codes[i])).copied(),
            _ => None,
        }
        .unwrap_or((self.title_occupation[t as usize], self.title_confidence[t as usize]));
        (o != NONE).then_some((o as usize, c))
    }

    pub fn is_low(&self, c: f32) -> bool {
        c < self.low_confidence_threshold
    }
}

/// Code every distinct title once, in parallel; a title that names only a role is coded again
/// once per department its holders work in, with the department as its function ("Associate"
/// in "Fulfillment Operations"), so that the import passes the department automatically.
pub fn code_people(org: &Org, coder: &dyn JobCoder, low_confidence: f32) -> Coding {
    let titles = &org.title.values;
    let role_only: Vec<bool> = titles.par_iter().map(|t| coder.reads_department(t)).collect();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    if role_only.iter().any(|r| *r) {
        let mut seen: ahash::AHashSet<(u32, u32)> = ahash::AHashSet::new();
        for i in (0..org.nodes()).filter(|&i| org.is_person(i)) {
            let (t, d) = (org.title.codes[i], org.department.codes[i]);
            if t != NONE && d != NONE && role_only[t as usize] && !org.department.values[d as usize].trim().is_empty() && seen.insert((t, d)) {
                pairs.push((t, d));
            }
        }
        pairs.sort_unstable();
    }
    let in_department: Vec<Option<JobFacts>> =
        pairs.par_iter().map(|&(t, d)| coder.code_in_department(&titles[t as usize], &org.department.values[d as usize])).collect();
    code_with_departments(titles, coder, low_confidence, pairs.into_iter().zip(in_department).collect())
}

/// Code every distinct title once, in parallel (no department context).
pub fn code_titles(titles: &[String], coder: &dyn JobCoder, low_confidence: f32) -> Coding {
    code_with_departments(titles, coder, low_confidence, Vec::new())
}

fn code_with_departments(titles: &[String], coder: &dyn JobCoder, low_confidence: f32, mut in_department: Vec<((u32, u32), Option<JobFacts>)>) -> Coding {
    let facts: Vec<Option<JobFacts>> = titles.par_iter().map(|t| coder.code(t)).collect();
    // Only the pairs the department changed are kept: elsewhere the title's own coding stands.
    let same = |a: &Option<JobFacts>, b: &Option<JobFacts>| match (a, b) {
        (Some(a), Some(b)) => a.onet_soc == b.onet_soc && a.soc == b.soc && a.confidence == b.confidence,
        (None, None) => true,
        _ => false,
    };
    in_department.retain(|((t, _), f)| !same(f, &facts[*t as usize]));
    let mut measures: Vec<String> =
        facts.iter().chain(in_department.iter().map(|(_, f)| f)).flatten().flat_map(|f| f.exposure.iter().map(|(m, _)| m.clone())).collect();
    measures.sort();
    measures.dedup();
    let mut by_code: AHashMap<String, u32> = AHashMap::new();
    let mut occupations = Vec::new();
    let mut title_occupation = vec![NONE; titles.len()];
    let mut title_confidence = vec![0f32; titles.len()];
    let mut add = |f: &JobFacts| -> u32 {
        let key = if f.onet_soc.is_empty() { f.soc.clone() } else { f.onet_soc.clone() };
        *by_code.entry(key).or_insert_with(|| {
            let exposure = measures
                .iter()
                .map(|m| f.exposure.iter().find(|(n, _)| n == m).map(|(_, v)| *v).unwrap_or(f64::NAN))
                .collect();
            occupations.push(Occupation {
                soc: f.soc.clone(),
                onet_soc: f.onet_soc.clone(),
                name: f.occupation.clone(),
                exposure,
                ai_doable_share: f.ai_doable_share,
                median_wage: f.median_wage,
                mean_wage: f.mean_wage,
            });
            (occupations.len() - 1) as u32
        })
    };
    for (t, f) in facts.iter().enumerate() {
        let Some(f) = f else { continue };
        title_occupation[t] = add(f);
        title_confidence[t] = f.confidence;
    }
    let by_department: AHashMap<(u32, u32), (u32, f32)> =
        in_department.iter().map(|(k, f)| (*k, f.as_ref().map_or((NONE, 0.0), |f| (add(f), f.confidence)))).collect();
    let titles_coded = title_occupation.iter().filter(|o| **o != NONE).count();
    Coding {
        coder: coder.name(),
        headline_measure: coder.headline_measure(),
        low_confidence_threshold: low_confidence,
        measures,
        occupations,
        title_occupation,
        title_confidence,
        titles_read_with_department: by_department.len(),
        title_by_department: {
            let mut v = vec![false; titles.len()];
            for &(t, _) in by_department.keys() {
                v[t as usize] = true;
            }
            v
        },
        by_department,
        distinct_titles: titles.len(),
        titles_coded,
    }
}

/// A tiny keyword coder for tests and demos: the first keyword found in the lower-cased title
/// decides. It is not a title coder; the real one lives in culprit-titles.
pub struct KeywordCoder {
    pub rules: Vec<(String, JobFacts)>,
}

impl KeywordCoder {
    /// A handful of occupations with made-up but plausible figures, for tests.
    pub fn sample() -> KeywordCoder {
        let f = |soc: &str, name: &str, conf: f32, beta: f64, alpha: f64, doable: f64, wage: f64| JobFacts {
            soc: soc.into(),
            onet_soc: format!("{soc}.00"),
            occupation: name.into(),
            confidence: conf,
            exposure: vec![("human_alpha".into(), alpha), ("human_beta".into(), beta), ("gpt4_beta".into(), (beta + 0.05).min(1.0))],
            ai_doable_share: doable,
            median_wage: Some(wage),
            mean_wage: Some(wage * 1.1),
        };
        let rules = vec![
            ("software", f("15-1252", "Software Developers", 0.9, 0.6, 0.4, 0.45, 133_080.0)),
            ("sde", f("15-1252", "Software Developers", 0.6, 0.6, 0.4, 0.45, 133_080.0)),
            ("engineer", f("17-2199", "Engineers, All Other", 0.4, 0.4, 0.25, 0.3, 117_750.0)),
            ("analyst", f("13-2051", "Financial and Investment Analysts", 0.8, 0.7, 0.5, 0.5, 101_350.0)),
            ("recruiter", f("13-1071", "Human Resources Specialists", 0.85, 0.65, 0.45, 0.5, 72_910.0)),
            ("customer service", f("43-4051", "Customer Service Representatives", 0.9, 0.55, 0.35, 0.4, 42_830.0)),
            ("associate", f("53-7065", "Stockers and Order Fillers", 0.7, 0.05, 0.02, 0.03, 37_180.0)),
            ("manager", f("11-1021", "General and Operations Managers", 0.55, 0.45, 0.2, 0.3, 101_280.0)),
            ("chief executive", f("11-1011", "Chief Executives", 0.95, 0.35, 0.15, 0.2, 206_420.0)),
        ];
        KeywordCoder { rules: rules.into_iter().map(|(k, f)| (k.to_string(), f)).collect() }
    }
}

impl JobCoder for KeywordCoder {
    fn code(&self, title: &str) -> Option<JobFacts> {
        let t = title.to_lowercase();
        self.rules.iter().find(|(k, _)| t.contains(k.as_str())).map(|(_, f)| f.clone())
    }
    fn name(&self) -> String {
        "keyword test coder".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedupes_occupations_and_aligns_measures() {
        let titles: Vec<String> = ["Software Engineer", "SDE II", "Warehouse Associate", "Poet", "Chief Executive Officer"].map(String::from).into();
        let c = code_titles(&titles, &KeywordCoder::sample(), LOW_CONFIDENCE);
        assert_eq!(c.measures, ["gpt4_beta", "human_alpha", "human_beta"]);
        assert_eq!(c.titles_coded, 4);
        assert_eq!(c.title_occupation[0], c.title_occupation[1]);
        assert_eq!(c.title_occupation[3], NONE);
        assert_eq!(c.occupations.len(), 3);
        assert_eq!(c.occupations[0].exposure, [0.65, 0.4, 0.6]);
        assert_eq!(c.title_confidence[1], 0.6);
        assert!(!c.is_low(c.title_confidence[1]) && c.is_low(0.4));
        let none = code_titles(&titles, &NoCoder, LOW_CONFIDENCE);
        assert_eq!(none.titles_coded, 0);
        assert!(none.measures.is_empty());
    }

    /// Reads "Associate" and "Manager" with the department as the function, as the real coder
    /// does for titles that name only a role.
    struct DepartmentCoder(KeywordCoder);
    impl JobCoder for DepartmentCoder {
        fn code(&self, title: &str) -> Option<JobFacts> {
            self.0.code(title)
        }
        fn reads_department(&self, title: &str) -> bool {
            matches!(title, "Associate" | "Manager")
        }
        fn code_in_department(&self, title: &str, department: &str) -> Option<JobFacts> {
            self.0.code(&format!("{department} {title}"))
        }
    }

    #[test]
    fn a_title_that_names_only_a_role_takes_its_function_from_each_holders_department() {
        let org = crate::tests_support::org_with(&[
            ("1", "", "Manager", "Executive", "L9", "900"),
            ("2", "1", "Associate", "Customer Service", "L1", "40"),
            ("3", "1", "Associate", "Customer Service", "L1", "40"),
            ("4", "1", "Associate", "Poetry", "L1", "40"),
            ("5", "1", "Associate", "", "L1", "40"),
            ("6", "1", "Software Engineer", "Customer Service", "L5", "150"),
        ]);
        let c = code_people(&org, &DepartmentCoder(KeywordCoder::sample()), LOW_CONFIDENCE);
        let soc = |id: &str| c.occupation_of(&org, org.find(id).unwrap()).map(|o| c.occupations[o].soc.as_str());
        // Department decides the role-only title...
        assert_eq!(soc("2"), Some("43-4051"));
        assert_eq!(soc("3"), Some("43-4051"));
        // ...its own reading when the department says nothing the coder knows (KeywordCoder
        // still finds "associate"), and when there is no department.
        assert_eq!(soc("4"), Some("53-7065"));
        assert_eq!(soc("5"), Some("53-7065"));
        // A title with its function is never re-read.
        assert_eq!(soc("6"), Some("15-1252"));
        assert_eq!(soc("1"), Some("11-1021"));
        // Only (Associate, Customer Service) changed: "Poetry Associate" and "Executive Manager"
        // read as the titles alone.
        assert_eq!(c.titles_read_with_department, 1);
        assert_eq!(c.confidence_of(&org, org.find("2").unwrap()), Some(0.9));
        // Without the department-reading coder nothing changes.
        let plain = code_people(&org, &KeywordCoder::sample(), LOW_CONFIDENCE);
        assert_eq!(plain.titles_read_with_department, 0);
        assert_eq!(plain.occupation_of(&org, org.find("2").unwrap()).map(|o| plain.occupations[o].soc.as_str()), Some("53-7065"));
    }
}
