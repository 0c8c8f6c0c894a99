//! Named, overridable assumptions with their sources.
//!
//! Every number culprit prints that does not come from a data file comes from here. Each has a
//! default taken from `shared/REFERENCE_FACTS.md` (or a stated culprit convention), a valid range,
//! an optional uncertainty range that Monte Carlo draws from, and the citation to show.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How well a default is supported (the tags of REFERENCE_FACTS.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// Seen in a primary or near-primary source.
    Verified,
    /// Secondary report only.
    Secondary,
    /// Arithmetic on sourced figures.
    Derived,
    /// A culprit convention: no source claims it; override it with your own figure.
    Convention,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assumption {
    pub key: &'static str,
    pub value: f64,
    pub unit: &'static str,
    /// Values outside this range are refused.
    pub valid: (f64, f64),
    /// Uncertainty range used by Monte Carlo draws (uniform), when the source gives one.
    pub spread: Option<(f64, f64)>,
    pub description: &'static str,
    pub source: &'static str,
    pub support: Support,
    /// True once a user file or flag replaced the default.
    pub overridden: bool,
    /// Why the default sits at an end of its Monte Carlo range (or outside it), where it does:
    /// the point estimate is then not the middle of the draws, and reports say why.
    pub range_note: Option<&'static str>,
}

impl Assumption {
    /// The default lies at an end of its Monte Carlo range, or outside it.
    pub fn at_range_end(&self) -> bool {
        self.spread.is_some_and(|(lo, hi)| lo < hi && (self.value <= lo || self.value >= hi))
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AssumptionError {
    #[error("unknown assumption `{key}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    Unknown { key: String, suggestion: Option<String> },
    #[error("assumption `{key}` = {value} is out of range: it must lie in [{min}, {max}] ({unit})")]
    OutOfRange { key: String, value: f64, min: f64, max: f64, unit: String },
}

/// The full set of assumptions, keyed by name, in a stable order.
#[derive(Debug, Clone, Serialize)]
pub struct Assumptions {
    items: Vec<Assumption>,
}

const WORKSLOP: &str = "BetterUp Labs & Stanford Social Media Lab, \"AI-Generated 'Workslop' Is Destroying Productivity\", Harvard Business Review, 22 Sep 2025";
const NANDA: &str = "MIT NANDA, \"The GenAI Divide: State of AI in Business 2025\" (60% evaluated -> 20% piloted -> 5% in production)";
const VISIER: &str = "Visier, rehiring analysis of 2.4 M employees in 142 organisations, 2018-2024";
const COMPUTE: &str = "Press and vendor price reports 2025-26 (H100 $25-30k; cloud H100 $2-5 per GPU-hour)";
const DATACENTRE: &str = "Industry estimates 2025: $35-50 B per GW of AI data-centre capacity";

// One row of the assumptions table, in the table's column order: a struct literal per row would
// repeat every field name a hundred times.
#[allow(clippy::too_many_arguments)]
fn a(
    key: &'static str,
    value: f64,
    unit: &'static str,
    valid: (f64, f64),
    spread: Option<(f64, f64)>,
    description: &'static str,
    source: &'static str,
    support: Support,
) -> Assumption {
    Assumption { key, value, unit, valid, spread, description, source, support, overridden: false, range_note: None }
}

impl Default for Assumptions {
    fn default() -> Self {
        use Support::*;
        let items = vec![
            a("workslop_prevalence", 0.41, "share of AI adopters per month", (0.0, 1.0), Some((0.30, 0.50)),
              "Share of people using AI at work who receive workslop in a month", WORKSLOP, Verified),
            a("workslop_hours_per_incident", 1.93, "hours", (0.0, 40.0), Some((1.0, 3.0)),
              "Time lost per workslop incident (1 h 56 min)", WORKSLOP, Verified),
            a("workslop_incidents_per_month", 1.0, "incidents per affected person per month", (0.0, 100.0), Some((1.0, 2.0)),
              "Incidents per affected person per month (the survey counts at least one in the last month)", WORKSLOP, Convention),
            a("workslop_cost_per_affected_month", 186.0, "USD per affected person per month", (0.0, 10_000.0), None,
              "Published cost of workslop per affected employee per month (shown for comparison with the hours-based cost)", WORKSLOP, Verified),
            a("pilot_success_probability", 0.25, "probability", (0.0, 1.0), Some((0.05, 0.25)),
              "Probability that an AI deployment piloted to replace work reaches production (5% of 20% piloted; 5% of all evaluated)", NANDA, Derived),
            a("rehire_rate", 0.053, "share of people cut", (0.0, 1.0), Some((0.03, 0.08)),
              "Share of laid-off employees rehired by the same employer within 15 months", VISIER, Verified),
            a("rehire_cost_share_of_pay", 0.30, "share of annual pay per rehire", (0.0, 5.0), None,
              "Cost of rehiring (recruiting, onboarding, lost productivity) as a share of annual pay", "culprit convention; replace with your own cost-per-hire", Convention),
            a("severance_weeks_per_year", 2.0, "weeks of pay per year of service", (0.0, 52.0), None,
              "Severance formula: weeks of base pay per year of service", "culprit convention (common U.S. practice); replace with your plan's formula", Convention),
            a("severance_minimum_weeks", 8.0, "weeks of pay", (0.0, 104.0), None,
              "Minimum severance in weeks of pay", "culprit convention; replace with your plan's formula", Convention),
            a("default_tenure_years", 4.1, "years", (0.0, 60.0), None,
              "Tenure assumed where the HRIS file has none (median U.S. wage and salary worker tenure, Jan 2022)", "BLS, Employee Tenure in 2022 (USDL-22-1894)", Secondary),
            a("loaded_cost_factor", 1.42, "total cost / base pay", (1.0, 3.0), Some((1.25, 1.5)),
              "Fully loaded employment cost per dollar of pay (wages are about 70% of compensation costs)", "BLS, Employer Costs for Employee Compensation, 2025", Secondary),
            a("hours_per_year", 2080.0, "paid hours per FTE per year", (1.0, 8784.0), None,
              "Hours per full-time year, used to convert hourly pay and FTE", "culprit convention: 40 h x 52 weeks", Convention),
            a("h100_price_usd", 27_500.0, "USD per GPU", (1.0, 1e7), Some((25_000.0, 30_000.0)),
              "Purchase price of one NVIDIA H100", COMPUTE, Secondary),
            a("gpu_hour_price_usd", 3.5, "USD per H100-hour", (0.01, 1000.0), Some((2.0, 5.0)),
              "Cloud rental price of one H100 for one hour", COMPUTE, Secondary),
            a("datacentre_cost_per_gw_usd", 42.5e9, "USD per GW", (1e6, 1e13), Some((35e9, 50e9)),
              "Capital cost of one gigawatt of AI data-centre capacity", DATACENTRE, Secondary),
            a("overload_threshold", 0.15, "added load as share of capacity", (0.0, 10.0), None,
              "Added work per surviving person above which a team is flagged as overloaded", "culprit convention", Convention),
            a("min_group_size", 5.0, "people", (1.0, 1e9), None,
              "Groups smaller than this are suppressed wherever pay is shown", "culprit privacy rule (PRODUCT.md)", Convention),
        ];
        let mut items = items;
        for x in items.iter_mut() {
            x.range_note = match x.key {
                "pilot_success_probability" => Some(
                    "the default, 25%, is the share of piloted tools that reach production (5 of 20), the case a plan that relies on AI is in; the range runs down to 5%, the share of all tools evaluated, so the draws are more pessimistic than the point estimate",
                ),
                "workslop_incidents_per_month" => Some("the survey counts at least one incident in the last month: the default is that floor, and the draws run up to two"),
                _ => None,
            };
        }
        Assumptions { items }
    }
}

/// An assumption as a result used it: value, unit, Monte Carlo range, whether a user set it, and
/// its source. The one type every result (scenario, scorecard) lists its assumptions with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssumptionUsed {
    pub key: String,
    pub value: f64,
    pub unit: String,
    pub spread: Option<(f64, f64)>,
    pub overridden: bool,
    pub source: String,
    /// Why the value sits at an end of its Monte Carlo range, where it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_note: Option<String>,
}

impl From<&Assumption> for AssumptionUsed {
    fn from(x: &Assumption) -> Self {
        let range_note = if x.at_range_end() {
            Some(match (x.overridden, x.range_note) {
                (false, Some(n)) => n.to_string(),
                _ => "the value lies at an end of its Monte Carlo range (or outside it): the draws are not centred on it".to_string(),
            })
        } else {
            None
        };
        AssumptionUsed { key: x.key.into(), value: x.value, unit: x.unit.into(), spread: x.spread, overridden: x.overridden, source: x.source.into(), range_note }
    }
}

impl Assumptions {
    /// Every assumption as used, in order.
    pub fn used(&self) -> Vec<AssumptionUsed> {
        self.items.iter().map(AssumptionUsed::from).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Assumption> {
        self.items.iter()
    }

    pub fn get(&self, key: &str) -> Option<&Assumption> {
        self.items.iter().find(|a| a.key == key)
    }

    /// The value of a known assumption. Panics on an unknown key: keys are compile-time names.
    pub fn value(&self, key: &str) -> f64 {
        self.get(key).unwrap_or_else(|| panic!("no assumption named {key}")).value
    }

    /// Override one assumption, checking the name and the valid range.
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), AssumptionError> {
        let keys: Vec<&str> = self.items.iter().map(|a| a.key).collect();
        let Some(item) = self.items.iter_mut().find(|a| a.key == key) else {
            return Err(AssumptionError::Unknown { key: key.to_string(), suggestion: closest(key, &keys) });
        };
        if !(value >= item.valid.0 && value <= item.valid.1) {
            return Err(AssumptionError::OutOfRange {
                key: key.to_string(),
                value,
                min: item.valid.0,
                max: item.valid.1,
                unit: item.unit.to_string(),
            });
        }
        item.value = value;
        item.overridden = true;
        // A user's point value replaces the published spread only if it falls outside it.
        if let Some((lo, hi)) = item.spread {
            if value < lo || value > hi {
                item.spread = None;
            }
        }
        Ok(())
    }

    /// Apply a map of overrides (for example a `[assumptions]` table of a TOML file).
    pub fn apply(&mut self, overrides: &BTreeMap<String, f64>) -> Result<(), AssumptionError> {
        for (k, v) in overrides {
            self.set(k, *v)?;
        }
        Ok(())
    }
}

/// The candidate nearest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn closest(word: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .min()
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .map(|(_, c)| c.to_string())
}

pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_sources_and_lie_in_range() {
        let a = Assumptions::default();
        for x in a.iter() {
            assert!(!x.source.is_empty(), "{} has no source", x.key);
            assert!(x.value >= x.valid.0 && x.value <= x.valid.1, "{}", x.key);
            if let Some((lo, hi)) = x.spread {
                assert!(lo <= hi && lo >= x.valid.0 && hi <= x.valid.1, "{}", x.key);
                // A default inside its range, or a stated reason why it is at an end.
                assert!(x.value >= lo && x.value <= hi, "{}: default {} outside its Monte Carlo range", x.key, x.value);
                assert!(!x.at_range_end() || x.range_note.is_some(), "{}: default at an end of its range without a reason", x.key);
            }
        }
    }

    #[test]
    fn out_of_range_probability_is_refused() {
        let mut a = Assumptions::default();
        let e = a.set("pilot_success_probability", 1.4).unwrap_err();
        assert!(e.to_string().contains("[0, 1]"), "{e}");
        assert_eq!(a.value("pilot_success_probability"), 0.25);
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let mut a = Assumptions::default();
        let e = a.set("rehire_rat", 0.1).unwrap_err();
        assert_eq!(e, AssumptionError::Unknown { key: "rehire_rat".into(), suggestion: Some("rehire_rate".into()) });
        assert!(a.set("zzz", 1.0).unwrap_err().to_string().ends_with("`zzz`"));
    }

    #[test]
    fn override_marks_and_keeps_value() {
        let mut a = Assumptions::default();
        a.set("h100_price_usd", 40_000.0).unwrap();
        let x = a.get("h100_price_usd").unwrap();
        assert!(x.overridden);
        assert_eq!(x.value, 40_000.0);
        assert_eq!(x.spread, None);
    }
}
