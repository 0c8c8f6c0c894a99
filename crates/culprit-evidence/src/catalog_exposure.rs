//! The real [`RoleExposure`]: culprit-titles codes titles to catalog occupations with their
//! exposure ([`CatalogTitles`]); here under every measure, headline measure first.

use crate::exposure::{soc_dash, CodedRole, RoleExposure};
use culprit_data::exposure::{Exposure, Measure};
use culprit_data::national::APPLICABILITY;
use culprit_data::observed::Observed;
use culprit_titles::{CatalogTitles, TitleExposure};

pub struct CatalogExposure {
    pub titles: CatalogTitles,
}

fn measures(e: Exposure, applicability: Option<f64>, observed: Option<Observed>) -> Vec<(String, f64)> {
    let mut v = vec![(Measure::HEADLINE.name().to_string(), e[Measure::HEADLINE as usize])];
    v.extend(Measure::ALL.iter().filter(|&&m| m != Measure::HEADLINE).map(|&m| (m.name().to_string(), e[m as usize])));
    if let Some(a) = applicability {
        v.push((APPLICABILITY.to_string(), a));
    }
    if let Some(o) = observed {
        v.extend(o.measures());
    }
    v
}

impl RoleExposure for CatalogExposure {
    fn title_exposure(&self, title: &str) -> Option<CodedRole> {
        let t = self.titles.title_occupation(title).filter(|t| t.occupation_index.is_some())?;
        let e = t.exposure?;
        Some(CodedRole { soc: t.soc, occupation: t.occupation, confidence: t.confidence as f64, measures: measures(e, t.ai_applicability, t.observed) })
    }

    fn soc_exposure(&self, soc: &str) -> Option<Vec<(String, f64)>> {
        let s = self.titles.catalog.soc_by_code(&soc_dash(soc))?;
        Some(measures(s.exposure?, s.ai_applicability, s.observed))
    }

    fn describe(&self) -> String {
        format!(
            "culprit-titles over O*NET 29.2 ({} titles); exposure: Eloundou et al. 2024 labels, headline {}",
            self.titles.coder.indexed_titles(),
            Measure::HEADLINE.name()
        )
    }
}

/// Exposure of SOC occupations straight from the catalog, without the title coder (which takes
/// a while to build): for industry mixes, where occupations come as SOC codes. It codes no
/// titles.
pub struct CatalogSocExposure {
    pub catalog: std::sync::Arc<culprit_data::Catalog>,
}

impl RoleExposure for CatalogSocExposure {
    fn title_exposure(&self, _title: &str) -> Option<CodedRole> {
        None
    }

    fn soc_exposure(&self, soc: &str) -> Option<Vec<(String, f64)>> {
        let s = self.catalog.soc_by_code(&soc_dash(soc))?;
        Some(measures(s.exposure?, s.ai_applicability, s.observed))
    }

    fn describe(&self) -> String {
        format!("exposure catalog (Eloundou et al. 2024 labels over O*NET 29.2, Microsoft AI applicability), headline {}", Measure::HEADLINE.name())
    }
}
