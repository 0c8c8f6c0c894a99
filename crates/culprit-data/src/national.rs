//! National exposure figures: employment-weighted with OEWS May 2025 national cross-industry
//! employment, over the SOC 2018 occupations that have both an exposure and an employment.

use crate::catalog::Catalog;
use crate::exposure::{published, Measure, Published};
use crate::observed;
use serde::Serialize;

/// The aggregation rule, said wherever the national figures are shown.
pub const RULE: &str = "task value: alpha = E1, beta = E1 + 0.5 x E2, gamma = E1 + E2; \
O*NET occupation = mean over its tasks (Core weight 2, Supplemental 1); \
SOC 2018 occupation = unweighted mean over its O*NET-SOC occupations with labels \
(an OEWS aggregate code such as 31-1120 takes the mean of its detailed codes); \
national = weighted by OEWS May 2025 employment over SOC codes with both exposure and employment; \
share_ge_10pct / share_ge_50pct = share of that employment in occupations whose exposure is >= 0.10 / >= 0.50";

/// Name of the second measure (Microsoft AI applicability) in summaries.
pub const APPLICABILITY: &str = "ms_ai_applicability";

#[derive(Debug, Clone, Serialize)]
pub struct MeasureSummary {
    pub measure: String,
    pub share_ge_10pct: f64,
    pub share_ge_50pct: f64,
    pub mean: f64,
    pub covered_employment: f64,
    pub total_employment: f64,
    pub left_out_employment: f64,
    pub occupations: usize,
    pub rule: String,
    pub published: Option<Published>,
    /// Observed measures only: the share of the release's usage that joined a catalog task.
    pub usage_matched: Option<f64>,
}

fn summarise(name: &str, rule: &str, cat: &Catalog, value: impl Fn(usize) -> Option<f64>, published: Option<Published>) -> MeasureSummary {
    let (mut covered, mut ge10, mut ge50, mut sum, mut n, mut detailed) = (0.0, 0.0, 0.0, 0.0, 0usize, 0.0);
    for (i, s) in cat.socs.iter().enumerate() {
        let Some(emp) = s.employment else { continue };
        detailed += emp;
        let Some(v) = value(i) else { continue };
        covered += emp;
        n += 1;
        sum += emp * v;
        if v >= 0.10 {
            ge10 += emp;
        }
        if v >= 0.50 {
            ge50 += emp;
        }
    }
    let div = |x: f64| if covered > 0.0 { x / covered } else { f64::NAN };
    let total = if cat.coverage.employment_total > 0.0 { cat.coverage.employment_total } else { detailed };
    MeasureSummary {
        measure: name.into(),
        share_ge_10pct: div(ge10),
        share_ge_50pct: div(ge50),
        mean: div(sum),
        covered_employment: covered,
        total_employment: total,
        left_out_employment: total - covered,
        occupations: n,
        rule: rule.into(),
        published,
        usage_matched: None,
    }
}

/// One row per measure: the six label measures, then the AI applicability score.
pub fn national_summary(cat: &Catalog) -> Vec<MeasureSummary> {
    let mut out: Vec<MeasureSummary> = Measure::ALL
        .iter()
        .map(|&m| summarise(m.name(), m.rule(), cat, |i| cat.socs[i].exposure.map(|e| e[m as usize]), Some(published(m))))
        .collect();
    out.push(summarise(
        APPLICABILITY,
        "Microsoft Working with AI applicability score (0-1) per SOC; thresholds applied to the score",
        cat,
        |i| cat.socs[i].ai_applicability,
        None,
    ));
    let obs = &cat.coverage.observed;
    for (name, rule) in [
        (observed::OBSERVED_USAGE, observed::RULE_USAGE),
        (observed::OBSERVED_AUTOMATION, observed::RULE_AUTOMATION),
        (observed::OBSERVED_EXPOSURE, observed::RULE_EXPOSURE),
    ] {
        let rule = match &obs.gap {
            Some(gap) => format!("{rule}; {gap}"),
            None => rule.to_string(),
        };
        let mut row = summarise(name, &rule, cat, |i| cat.socs[i].observed.and_then(|o| o.value(name)), None);
        row.usage_matched = if obs.gap.is_none() { Some(obs.usage_matched) } else { None };
        out.push(row);
    }
    out
}
