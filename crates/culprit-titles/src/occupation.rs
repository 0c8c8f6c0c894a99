//! A job title to a catalog occupation with what the catalog knows of it (exposure under every
//! measure, AI applicability, wages): the one lookup behind the organisation engine's job coder,
//! the evidence engine's role exposure and the postings engine's title coder.

use crate::Coder;
use culprit_data::catalog::Catalog;
use culprit_data::exposure::Exposure;
use culprit_data::observed::Observed;
use std::sync::Arc;

/// A title coded to an occupation.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleOccupation {
    /// SOC 2018 code, e.g. "15-1252".
    pub soc: String,
    /// O*NET-SOC code, e.g. "15-1252.00" (empty when the code is not a catalog occupation).
    pub onet_soc: String,
    pub occupation: String,
    /// Calibrated probability that the six-digit SOC code is right, 0..1.
    pub confidence: f32,
    /// Index into `Catalog::occupations`; None for a SOC code outside the catalog (an override).
    pub occupation_index: Option<usize>,
    /// The O*NET-SOC occupation's own exposure where it has labels, else its SOC code's (the
    /// mean of its labelled siblings); None when neither has labels.
    pub exposure: Option<Exposure>,
    /// Microsoft's AI applicability score of the SOC code.
    pub ai_applicability: Option<f64>,
    /// Observed AI use (Anthropic Economic Index) of the O*NET-SOC occupation where the release
    /// listed its tasks, else of its SOC code; None when neither has it.
    pub observed: Option<Observed>,
    /// Employment-weighted annual wages of the SOC code (BLS OEWS).
    pub median_wage: Option<f64>,
    pub mean_wage: Option<f64>,
}

/// Codes a job title to an occupation with its exposure.
pub trait TitleExposure: Sync {
    fn title_occupation(&self, title: &str) -> Option<TitleOccupation>;
    /// The coder and catalog, as shown in outputs.
    fn describe(&self) -> String;
}

/// culprit-titles over the compiled catalog.
#[derive(Clone)]
pub struct CatalogTitles {
    pub catalog: Arc<Catalog>,
    pub coder: Arc<Coder>,
}

impl CatalogTitles {
    pub fn new(catalog: Arc<Catalog>, coder: Arc<Coder>) -> Self {
        CatalogTitles { catalog, coder }
    }

    /// The facts of one catalog occupation, coded with `confidence`.
    pub fn at(&self, occupation_index: usize, confidence: f32) -> TitleOccupation {
        let occ = &self.catalog.occupations[occupation_index];
        let soc = &self.catalog.socs[occ.soc_index as usize];
        TitleOccupation {
            soc: occ.soc.clone(),
            onet_soc: occ.onet_soc.clone(),
            occupation: occ.title.clone(),
            confidence,
            occupation_index: Some(occupation_index),
            exposure: occ.exposure.or(soc.exposure),
            ai_applicability: soc.ai_applicability,
            observed: occ.observed.or(soc.observed),
            median_wage: soc.annual_median_wage,
            mean_wage: soc.annual_mean_wage,
        }
    }
}

impl CatalogTitles {
    /// [`TitleExposure::title_occupation`] with what the file says around the title (its
    /// department, the employer's industry).
    pub fn title_occupation_with(&self, title: &str, ctx: &crate::TitleContext) -> Option<TitleOccupation> {
        let c = self.coder.code_with(title, ctx);
        match c.occupation_index {
            Some(oi) => Some(self.at(oi as usize, c.confidence)),
            None => c.soc.zip(c.occupation).map(|(soc, occupation)| TitleOccupation {
                soc: soc.to_string(),
                onet_soc: c.onet_soc.map(|s| s.to_string()).unwrap_or_default(),
                occupation: occupation.to_string(),
                confidence: c.confidence,
                occupation_index: None,
                exposure: None,
                ai_applicability: None,
                observed: None,
                median_wage: None,
                mean_wage: None,
            }),
        }
    }

}

impl TitleExposure for CatalogTitles {
    fn title_occupation(&self, title: &str) -> Option<TitleOccupation> {
        self.title_occupation_with(title, &crate::TitleContext::default())
    }

    fn describe(&self) -> String {
        format!("culprit-titles over O*NET 29.2 ({} titles)", self.coder.indexed_titles())
    }
}
