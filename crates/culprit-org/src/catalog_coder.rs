//! The real [`JobCoder`]: culprit-titles codes each title to an O*NET-SOC occupation of the
//! culprit-data catalog, which gives its exposure under every measure and its BLS wages (the
//! lookup is culprit-titles' [`CatalogTitles`]).

use crate::coder::{JobCoder, JobFacts};
use culprit_data::catalog::Catalog;
use culprit_data::exposure::Measure;
use culprit_data::national::APPLICABILITY;
use culprit_titles::{CatalogTitles, Coder, TitleExposure, TitleOccupation};
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

impl JobCoder for CatalogCoder {
    fn code(&self, title: &str) -> Option<JobFacts> {
        let t = self.titles.title_occupation(title).filter(|t| t.occupation_index.is_some())?;
        Some(facts_of(&t, self.headline))
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
