//! The real [`JobCoder`]: culprit-titles codes each title to an O*NET-SOC occupation of the
//! culprit-data catalog, which gives its exposure under every measure and its BLS wages.

use crate::coder::{JobCoder, JobFacts};
use culprit_data::catalog::Catalog;
use culprit_data::exposure::Measure;
use culprit_data::national::APPLICABILITY;
use culprit_titles::Coder;
use std::sync::Arc;

pub struct CatalogCoder {
    pub catalog: Arc<Catalog>,
    pub coder: Arc<Coder>,
    /// The measure behind `ai_doable_share`.
    pub headline: Measure,
}

impl CatalogCoder {
    pub fn new(catalog: Arc<Catalog>, coder: Arc<Coder>) -> Self {
        CatalogCoder { catalog, coder, headline: Measure::HEADLINE }
    }
}

/// The facts of one catalog occupation: the O*NET-SOC occupation's own exposure where it has
/// labels, else its SOC code's (the mean of its labelled siblings); wages from OEWS.
pub fn facts_of(cat: &Catalog, occupation_index: usize, confidence: f32, headline: Measure) -> JobFacts {
    let occ = &cat.occupations[occupation_index];
    let soc = &cat.socs[occ.soc_index as usize];
    let exposure = occ.exposure.or(soc.exposure);
    let mut measures: Vec<(String, f64)> = match exposure {
        Some(e) => Measure::ALL.iter().map(|&m| (m.name().to_string(), e[m as usize])).collect(),
        None => Vec::new(),
    };
    if let Some(a) = soc.ai_applicability {
        measures.push((APPLICABILITY.to_string(), a));
    }
    JobFacts {
        soc: occ.soc.clone(),
        onet_soc: occ.onet_soc.clone(),
        occupation: occ.title.clone(),
        confidence,
        // No labelled task anywhere in the SOC code: nothing is known to be AI-doable.
        ai_doable_share: exposure.map(|e| e[headline as usize]).unwrap_or(0.0),
        exposure: measures,
        median_wage: soc.annual_median_wage,
        mean_wage: soc.annual_mean_wage,
    }
}

impl JobCoder for CatalogCoder {
    fn code(&self, title: &str) -> Option<JobFacts> {
        let c = self.coder.code(title);
        let oi = c.occupation_index? as usize;
        Some(facts_of(&self.catalog, oi, c.confidence, self.headline))
    }

    fn name(&self) -> String {
        format!(
            "culprit-titles {} over O*NET 29.2 ({} indexed titles), exposure from Eloundou et al. 2024",
            env!("CARGO_PKG_VERSION"),
            self.coder.indexed_titles()
        )
    }

    fn headline_measure(&self) -> String {
        self.headline.name().to_string()
    }
}
