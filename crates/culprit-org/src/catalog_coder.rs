//! The real [`JobCoder`]: culprit-titles codes each title to an O*NET-SOC occupation of the
//! culprit-data catalog, which gives its exposure under every measure and its BLS wages (the
//! lookup is culprit-titles' [`CatalogTitles`]).

use crate::coder::{JobCoder, JobFacts};
use culprit_data::catalog::Catalog;
use culprit_data::exposure::Measure;
use culprit_data::national::APPLICABILITY;
use culprit_titles::{CatalogTitles, Coder, TitleOccupation};
use std::sync::Arc;

pub struct CatalogCoder {
    pub titles: CatalogTitles,
    /// The measure behind `ai_doable_share`.
    pub headline: Measure,
}

impl CatalogCoder {
    pub fn new(catalog: Arc<Catalog>, coder: Arc<Coder>) -> Self {
        CatalogCoder { titles: CatalogTitles::new(catalog, coder), headline: Measure::HEADLINE }
    }
}

/// The facts of a coded catalog occupation: exposure under every measure (and AI applicability),
/// the AI-doable share under the headline measure, wages from OEWS.
pub fn facts_of(t: &TitleOccupation, headline: Measure) -> JobFacts {
    let mut measures: Vec<(String, f64)> = match t.exposure {
        Some(e) => Measure::ALL.iter().map(|&m| (m.name().to_string(), e[m as usize])).collect(),
        None => Vec::new(),
    };
    if let Some(a) = t.ai_applicability {
        measures.push((APPLICABILITY.to_string(), a));
    }
    // Observed AI use: a measure without a value for this occupation is left out (NaN in the
    // roll-ups), never 0.
    if let Some(o) = t.observed {
        measures.extend(o.measures());
    }
    JobFacts {
        soc: t.soc.clone(),
        onet_soc: t.onet_soc.clone(),
        occupation: t.occupation.clone(),
        confidence: t.confidence,
        // No labelled task anywhere in the SOC code: nothing is known to be AI-doable.
        ai_doable_share: t.exposure.map(|e| e[headline as usize]).unwrap_or(0.0),
        exposure: measures,
        median_wage: t.median_wage,
        mean_wage: t.mean_wage,
    }
}

impl CatalogCoder {
    /// A title coded with its context to a catalog occupation, with its facts.
    fn code_with(&self, title: &str, ctx: &culprit_titles::TitleContext) -> Option<JobFacts> {
        let t = self.titles.title_occupation_with(title, ctx).filter(|t| t.occupation_index.is_some())?;
        Some(facts_of(&t, self.headline))
    }
}

impl JobCoder for CatalogCoder {
    fn code(&self, title: &str) -> Option<JobFacts> {
        self.code_with(title, &culprit_titles::TitleContext::default())
    }

    fn code_in_department(&self, title: &str, department: &str) -> Option<JobFacts> {
        self.code_with(title, &culprit_titles::TitleContext { department: Some(department), ..Default::default() })
    }

    fn reads_department(&self, title: &str) -> bool {
        self.titles.coder.reads_department(title)
    }

    fn name(&self) -> String {
        format!(
            "culprit-titles {} over O*NET 29.2 ({} indexed titles), exposure from Eloundou et al. 2024",
            env!("CARGO_PKG_VERSION"),
            self.titles.coder.indexed_titles()
        )
    }

    fn headline_measure(&self) -> String {
        self.headline.name().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use culprit_data::observed::Observed;

    #[test]
    fn observed_measures_join_the_facts_and_a_missing_one_is_left_out() {
        let observed = Observed { usage_share: 0.01, tasks_used: 0.6, automation: None, exposure: Some(0.3), theoretical: Some(0.8), known_tasks: 10, used_tasks: 6 };
        let t = TitleOccupation {
            soc: "15-1252".into(),
            onet_soc: "15-1252.00".into(),
            occupation: "Software Developers".into(),
            confidence: 0.9,
            occupation_index: Some(0),
            exposure: Some([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
            ai_applicability: Some(0.28),
            observed: Some(observed),
            median_wage: None,
            mean_wage: None,
        };
        let f = facts_of(&t, Measure::HumanBeta);
        let get = |m: &str| f.exposure.iter().find(|(n, _)| n == m).map(|(_, v)| *v);
        assert_eq!(get("observed_usage"), Some(0.6));
        assert_eq!(get("observed_exposure"), Some(0.3));
        // No classified use: not a measure of this occupation (NaN in roll-ups), never 0.
        assert_eq!(get("observed_automation"), None);
        // The AI-doable share stays on the headline (theory) measure.
        assert_eq!(f.ai_doable_share, 0.5);
        let none = facts_of(&TitleOccupation { observed: None, ..t }, Measure::HumanBeta);
        assert!(none.exposure.iter().all(|(n, _)| !n.starts_with("observed_")));
    }
}
