//! The real [`RoleExposure`]: culprit-titles codes titles to catalog occupations; the catalog
//! gives each occupation's exposure under every measure (headline measure first).

use crate::exposure::{soc_dash, CodedRole, RoleExposure};
use culprit_data::catalog::Catalog;
use culprit_data::exposure::{Exposure, Measure};
use culprit_data::national::APPLICABILITY;
use culprit_titles::Coder;
use std::sync::Arc;

pub struct CatalogExposure {
    pub catalog: Arc<Catalog>,
    pub coder: Arc<Coder>,
}

fn measures(e: Exposure, applicability: Option<f64>) -> Vec<(String, f64)> {
    let mut v = vec![(Measure::HEADLINE.name().to_string(), e[Measure::HEADLINE as usize])];
    v.extend(Measure::ALL.iter().filter(|&&m| m != Measure::HEADLINE).map(|&m| (m.name().to_string(), e[m as usize])));
    if let Some(a) = applicability {
        v.push((APPLICABILITY.to_string(), a));
    }
    v
}

impl RoleExposure for CatalogExposure {
    fn title_exposure(&self, title: &str) -> Option<CodedRole> {
        let c = self.coder.code(title);
        let occ = &self.catalog.occupations[c.occupation_index? as usize];
        let soc = &self.catalog.socs[occ.soc_index as usize];
        let e = occ.exposure.or(soc.exposure)?;
        Some(CodedRole { soc: occ.soc.clone(), occupation: occ.title.clone(), confidence: c.confidence as f64, measures: measures(e, soc.ai_applicability) })
    }

    fn soc_exposure(&self, soc: &str) -> Option<Vec<(String, f64)>> {
        let s = self.catalog.soc_by_code(&soc_dash(soc))?;
        Some(measures(s.exposure?, s.ai_applicability))
    }

    fn describe(&self) -> String {
        format!(
            "culprit-titles over O*NET 29.2 ({} titles); exposure: Eloundou et al. 2024 labels, headline {}",
            self.coder.indexed_titles(),
            Measure::HEADLINE.name()
        )
    }
}
