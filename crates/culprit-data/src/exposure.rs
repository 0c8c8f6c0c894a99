//! The exposure model of Eloundou et al. ("GPTs are GPTs", Science 2024), as culprit applies it.
//!
//! Per task: alpha = E1, beta = E1 + 0.5 E2, gamma = E1 + E2, for the GPT-4 and the human
//! labels. Per O*NET occupation: the mean over its tasks with Core tasks weighted 2 and
//! Supplemental (or unrated) tasks 1. Per SOC 2018 occupation: the unweighted mean over its
//! O*NET-SOC occupations that have labels. Nationally: employment-weighted with OEWS.
//!
//! Exposure is technical feasibility (could an LLM halve the time of the task?), not a
//! probability that a job is lost.

use crate::upstream::{Label, TaskType};
use serde::{Deserialize, Serialize};

/// The six task-label measures, in the fixed order of [`Exposure`] arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Gpt4Alpha,
    Gpt4Beta,
    Gpt4Gamma,
    HumanAlpha,
    HumanBeta,
    HumanGamma,
}

/// Values of the six measures, indexed by `Measure as usize`.
pub type Exposure = [f64; 6];

impl Measure {
    pub const ALL: [Measure; 6] =
        [Measure::Gpt4Alpha, Measure::Gpt4Beta, Measure::Gpt4Gamma, Measure::HumanAlpha, Measure::HumanBeta, Measure::HumanGamma];

    /// The measure culprit leads with where one number is needed (human raters, E1 + half E2).
    pub const HEADLINE: Measure = Measure::HumanBeta;

    pub fn name(self) -> &'static str {
        match self {
            Measure::Gpt4Alpha => "gpt4_alpha",
            Measure::Gpt4Beta => "gpt4_beta",
            Measure::Gpt4Gamma => "gpt4_gamma",
            Measure::HumanAlpha => "human_alpha",
            Measure::HumanBeta => "human_beta",
            Measure::HumanGamma => "human_gamma",
        }
    }

    pub fn parse(s: &str) -> Option<Measure> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_").replace("dv_", "gpt4_").replace("zeta", "gamma");
        Measure::ALL.into_iter().find(|m| m.name() == norm)
    }

    pub fn is_human(self) -> bool {
        matches!(self, Measure::HumanAlpha | Measure::HumanBeta | Measure::HumanGamma)
    }

    pub fn rule(self) -> &'static str {
        match self {
            Measure::Gpt4Alpha | Measure::HumanAlpha => "alpha = E1",
            Measure::Gpt4Beta | Measure::HumanBeta => "beta = E1 + 0.5 x E2",
            Measure::Gpt4Gamma | Measure::HumanGamma => "gamma = E1 + E2",
        }
    }

    /// The task value of a label under this measure.
    pub fn task_value(self, label: Label) -> f64 {
        match (label, self) {
            (Label::E0, _) => 0.0,
            (Label::E1, _) => 1.0,
            (Label::E2, Measure::Gpt4Alpha | Measure::HumanAlpha) => 0.0,
            (Label::E2, Measure::Gpt4Beta | Measure::HumanBeta) => 0.5,
            (Label::E2, Measure::Gpt4Gamma | Measure::HumanGamma) => 1.0,
        }
    }

    /// Picks the label this measure reads: the GPT-4 label or the human one.
    pub fn label_of(self, gpt4: Label, human: Label) -> Label {
        if self.is_human() {
            human
        } else {
            gpt4
        }
    }
}

/// Occupation exposure: the task-type-weighted mean of task values, for all six measures.
/// `tasks` yields (task type, GPT-4 label, human label). Returns None for no tasks.
pub fn weighted_exposure(tasks: impl IntoIterator<Item = (TaskType, Label, Label)>) -> Option<Exposure> {
    let mut sum = [0.0f64; 6];
    let mut weight = 0.0f64;
    for (kind, gpt4, human) in tasks {
        let w = kind.weight();
        weight += w;
        for m in Measure::ALL {
            sum[m as usize] += w * m.task_value(m.label_of(gpt4, human));
        }
    }
    (weight > 0.0).then(|| sum.map(|s| s / weight))
}

/// Unweighted mean of several exposure vectors (SOC from its O*NET-SOC occupations).
pub fn mean_exposure<'a>(items: impl IntoIterator<Item = &'a Exposure>) -> Option<Exposure> {
    let mut sum = [0.0f64; 6];
    let mut n = 0usize;
    for e in items {
        for (s, x) in sum.iter_mut().zip(e) {
            *s += x;
        }
        n += 1;
    }
    (n > 0).then(|| sum.map(|s| s / n as f64))
}

/// Figures the paper published, to print beside culprit's.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub share_ge_10pct: Option<f64>,
    pub share_ge_50pct: Option<f64>,
    /// A single mean or a range (low, high).
    pub mean: Option<(f64, f64)>,
    pub note: &'static str,
}

/// The paper's headline figures that correspond to a measure (Eloundou et al. 2024, abstract and
/// section 4): about 80% of workers with at least 10% of tasks exposed and about 19% with at
/// least 50% (beta, E1 + 0.5 E2); about 15% of all tasks faster with an LLM alone (alpha); 47-56%
/// with software on top (gamma).
pub fn published(measure: Measure) -> Published {
    match measure {
        Measure::Gpt4Beta | Measure::HumanBeta => Published {
            share_ge_10pct: Some(0.80),
            share_ge_50pct: Some(0.19),
            mean: None,
            note: "paper headline: ~80% of workers have >=10% of tasks exposed, ~19% have >=50%",
        },
        Measure::Gpt4Alpha | Measure::HumanAlpha => Published {
            share_ge_10pct: None,
            share_ge_50pct: None,
            mean: Some((0.15, 0.15)),
            note: "paper headline: ~15% of all worker tasks could be done significantly faster by an LLM alone",
        },
        Measure::Gpt4Gamma | Measure::HumanGamma => Published {
            share_ge_10pct: None,
            share_ge_50pct: None,
            mean: Some((0.47, 0.56)),
            note: "paper headline: 47-56% of all tasks with LLM-powered software on top",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Label::*;
    use TaskType::*;

    #[test]
    fn task_values_follow_the_rubric() {
        assert_eq!(Measure::HumanBeta.task_value(E2), 0.5);
        assert_eq!(Measure::Gpt4Alpha.task_value(E2), 0.0);
        assert_eq!(Measure::Gpt4Gamma.task_value(E2), 1.0);
        assert_eq!(Measure::HumanAlpha.task_value(E1), 1.0);
        assert_eq!(Measure::HumanGamma.task_value(E0), 0.0);
    }

    #[test]
    fn core_tasks_weigh_double() {
        // Core E1 (weight 2) and Supplemental E0 (weight 1): alpha = 2/3.
        let e = weighted_exposure([(Core, E1, E0), (Supplemental, E0, E2)]).unwrap();
        assert!((e[Measure::Gpt4Alpha as usize] - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(e[Measure::HumanAlpha as usize], 0.0);
        assert!((e[Measure::HumanBeta as usize] - 0.5 / 3.0).abs() < 1e-15);
        assert!((e[Measure::HumanGamma as usize] - 1.0 / 3.0).abs() < 1e-15);
        assert!(weighted_exposure([]).is_none());
    }

    #[test]
    fn measure_names_round_trip() {
        for m in Measure::ALL {
            assert_eq!(Measure::parse(m.name()), Some(m));
        }
        assert_eq!(Measure::parse("dv_beta"), Some(Measure::Gpt4Beta));
        assert_eq!(Measure::parse("Human Zeta"), Some(Measure::HumanGamma));
        assert_eq!(Measure::parse("delta"), None);
    }
}
