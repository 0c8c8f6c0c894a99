//! Spans and layers: direct span of every manager (averages are over managers: individual
//! contributors have no span), people under each manager, one-over-one managers, layers per
//! reporting line, and spans against archetype targets.
//!
//! Archetypes (McKinsey, "How to identify the right 'spans and layers' in your organization",
//! 2017): player/coach 3-5, coach 6-7, supervisor 8-10, facilitator 11-15, coordinator 15+.
//! Which archetype a manager should match depends on the work of the team; culprit assigns a
//! default per function from the department name (a culprit convention, configurable).

use crate::error::{OrgError, Result};
use crate::tree::Org;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Archetype {
    pub name: String,
    pub min: u32,
    /// None: no upper bound.
    pub max: Option<u32>,
}

/// Archetype ranges and the rules that give each department its default archetype.
#[derive(Debug, Clone, Serialize)]
pub struct ArchetypeConfig {
    pub archetypes: Vec<Archetype>,
    /// (keyword in the lower-cased department name, archetype index); first match wins.
    pub rules: Vec<(String, usize)>,
    /// Archetype for departments no rule matches (and people without a department).
    pub default: usize,
}

impl Default for ArchetypeConfig {
    fn default() -> Self {
        let a = |name: &str, min, max| Archetype { name: name.into(), min, max };
        let archetypes = vec![
            a("player_coach", 3, Some(5)),
            a("coach", 6, Some(7)),
            a("supervisor", 8, Some(10)),
            a("facilitator", 11, Some(15)),
            a("coordinator", 15, None),
        ];
        // Specialist work where managers do much of it themselves -> player/coach; standardised,
        // high-volume work -> coordinator (culprit convention from the archetype descriptions).
        let rules: &[(&str, usize)] = &[
            ("legal", 0),
            ("finance", 0),
            ("account", 0),
            ("strategy", 0),
            ("research", 0),
            ("engineer", 1),
            ("software", 1),
            ("product", 1),
            ("design", 1),
            ("data", 1),
            ("marketing", 1),
            ("human", 1),
            ("hr", 1),
            ("people", 1),
            ("it", 2),
            ("technology", 2),
            ("sales", 2),
            ("customer", 3),
            ("support", 3),
            ("service", 3),
            ("operations", 4),
            ("fulfil", 4),
            ("warehouse", 4),
            ("logistics", 4),
            ("manufactur", 4),
        ];
        ArchetypeConfig { archetypes, rules: rules.iter().map(|(k, i)| (k.to_string(), *i)).collect(), default: 1 }
    }
}

impl ArchetypeConfig {
    pub fn index(&self, name: &str) -> Result<usize> {
        let n = name.trim().to_lowercase().replace(['-', '/', ' '], "_");
        self.archetypes.iter().position(|a| a.name == n).ok_or_else(|| {
            OrgError::Option(format!(
                "unknown archetype `{name}`; archetypes are {}",
                self.archetypes.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")
            ))
        })
    }

    /// Add a rule `Department keyword=archetype` in front of the defaults.
    pub fn add_rule(&mut self, spec: &str) -> Result<()> {
        let (k, a) = spec
            .split_once('=')
            .ok_or_else(|| OrgError::Option(format!("--archetype {spec}: expected DEPARTMENT=ARCHETYPE, e.g. Sales=supervisor")))?;
        let idx = self.index(a)?;
        self.rules.insert(0, (k.trim().to_lowercase(), idx));
        Ok(())
    }

    pub fn set_default(&mut self, name: &str) -> Result<()> {
        self.default = self.index(name)?;
        Ok(())
    }

    /// The archetype for a department name. Keywords match whole words of the name, or its start
    /// ("fulfil" matches "Fulfillment"), so "it" does not match "Facilities".
    pub fn for_department(&self, dept: Option<&str>) -> usize {
        let Some(d) = dept else { return self.default };
        let d = d.to_lowercase();
        let words: Vec<&str> = d.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        for (k, i) in &self.rules {
            if d == *k || words.iter().any(|w| w == k || (k.len() >= 4 && w.starts_with(k.as_str()))) || (k.contains(' ') && d.contains(k.as_str())) {
                return *i;
            }
        }
        self.default
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Below,
    Within,
    Above,
}

/// One row per manager (managers.csv).
#[derive(Debug, Clone, Serialize)]
pub struct ManagerRow {
    pub manager_id: String,
    pub title: String,
    pub department: String,
    pub level: String,
    pub layer: u16,
    /// Direct reports.
    pub span: u32,
    /// All people under this manager.
    pub people_under: u32,
    pub one_over_one: bool,
    pub archetype: String,
    pub target_min: u32,
    pub target_max: Option<u32>,
    pub target_status: TargetStatus,
}

/// Organisation-wide spans and layers.
#[derive(Debug, Clone, Serialize)]
pub struct SpanSummary {
    pub people: u64,
    pub managers: u64,
    pub individual_contributors: u64,
    /// Number of layers: the deepest layer holding a person (top = 1).
    pub layers: u16,
    pub mean_span: f64,
    pub median_span: f64,
    pub max_span: u32,
    pub manager_share: f64,
    pub one_over_one_managers: u64,
    /// Layers from the top down to each individual contributor (a reporting line).
    pub mean_layers_per_line: f64,
    pub median_layers_per_line: f64,
    pub managers_below_target: u64,
    pub managers_above_target: u64,
    pub managers_off_target_share: f64,
    /// Managers by span: 1, 2, ... 15, 16-20, 21-30, 31+.
    pub span_histogram: Vec<(String, u64)>,
}

#[derive(Debug, Clone)]
pub struct Spans {
    pub summary: SpanSummary,
    pub managers: Vec<ManagerRow>,
    /// Per node: archetype index (managers only meaningful) and status.
    pub status: Vec<Option<TargetStatus>>,
}

/// Median of a list of counts (mean of the two middle values for an even count); NaN when empty.
pub fn median_u32(v: &mut [u32]) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let (_, m, _) = v.select_nth_unstable(n / 2);
    let hi = *m as f64;
    if n % 2 == 1 {
        return hi;
    }
    let lo = *v[..n / 2].iter().max().unwrap() as f64;
    (lo + hi) / 2.0
}

fn bucket(span: u32) -> usize {
    match span {
        0 => 0,
        1..=15 => span as usize - 1,
        16..=20 => 15,
        21..=30 => 16,
        _ => 17,
    }
}

fn bucket_label(b: usize) -> String {
    match b {
        0..=14 => (b + 1).to_string(),
        15 => "16-20".into(),
        16 => "21-30".into(),
        _ => "31+".into(),
    }
}

pub fn compute(org: &Org, cfg: &ArchetypeConfig) -> Spans {
    let n = org.nodes();
    let dept_arch: Vec<usize> = org.department.values.iter().map(|d| cfg.for_department(Some(d))).collect();
    let mut status = vec![None; n];
    let mut managers = Vec::new();
    let mut spans = Vec::new();
    let mut ic_layers = Vec::new();
    let mut hist = vec![0u64; 18];
    let (mut below, mut above, mut one, mut layers, mut max_span) = (0u64, 0u64, 0u64, 0u16, 0u32);
    for i in 0..n {
        if !org.is_person(i) {
            continue;
        }
        layers = layers.max(org.layer(i));
        if !org.is_manager(i) {
            ic_layers.push(org.layer(i) as u32);
            continue;
        }
        let s = org.span[i];
        spans.push(s);
        hist[bucket(s)] += 1;
        max_span = max_span.max(s);
        one += u64::from(s == 1);
        let code = org.department.codes[i];
        let a = if code == crate::raw::NONE { cfg.default } else { dept_arch[code as usize] };
        let arch = &cfg.archetypes[a];
        let st = if s < arch.min {
            below += 1;
            TargetStatus::Below
        } else if arch.max.is_some_and(|m| s > m) {
            above += 1;
            TargetStatus::Above
        } else {
            TargetStatus::Within
        };
        status[i] = Some(st);
        managers.push(ManagerRow {
            manager_id: org.id(i).to_string(),
            title: org.title.get(i).unwrap_or("").to_string(),
            department: org.department.get(i).unwrap_or("").to_string(),
            level: org.level.get(i).unwrap_or("").to_string(),
            layer: org.layer(i),
            span: s,
            people_under: org.under[i],
            one_over_one: s == 1,
            archetype: arch.name.clone(),
            target_min: arch.min,
            target_max: arch.max,
            target_status: st,
        });
    }
    let people = org.people() as u64;
    let m = managers.len() as u64;
    let total_span: u64 = spans.iter().map(|&s| s as u64).sum();
    let summary = SpanSummary {
        people,
        managers: m,
        individual_contributors: people - m,
        manager_share: if people > 0 { m as f64 / people as f64 } else { f64::NAN },
        layers,
        mean_span: if m > 0 { total_span as f64 / m as f64 } else { f64::NAN },
        median_span: median_u32(&mut spans),
        max_span,
        one_over_one_managers: one,
        mean_layers_per_line: if ic_layers.is_empty() {
            f64::NAN
        } else {
            ic_layers.iter().map(|&l| l as f64).sum::<f64>() / ic_layers.len() as f64
        },
        median_layers_per_line: median_u32(&mut ic_layers),
        managers_below_target: below,
        managers_above_target: above,
        managers_off_target_share: if m > 0 { (below + above) as f64 / m as f64 } else { f64::NAN },
        span_histogram: hist.iter().enumerate().filter(|(_, c)| **c > 0).map(|(b, c)| (bucket_label(b), *c)).collect(),
    };
    Spans { summary, managers, status }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests_support::org_from;

    #[test]
    fn known_tree() {
        // 1 -> {2,3,4}; 2 -> {5}; 3 -> {6,7}; 7 -> {8}
        let org = org_from(&[("1", ""), ("2", "1"), ("3", "1"), ("4", "1"), ("5", "2"), ("6", "3"), ("7", "3"), ("8", "7")]);
        let s = compute(&org, &ArchetypeConfig::default()).summary;
        assert_eq!(s.people, 8);
        assert_eq!(s.managers, 4); // 1, 2, 3, 7
        assert_eq!(s.individual_contributors, 4);
        assert_eq!(s.layers, 4);
        // spans 3, 1, 2, 1: mean 7/4, median 1.5
        assert_eq!(s.mean_span, 1.75);
        assert_eq!(s.median_span, 1.5);
        assert_eq!(s.one_over_one_managers, 2);
        assert_eq!(s.max_span, 3);
        // ICs 4 (layer 2), 5 (3), 6 (3), 8 (4)
        assert_eq!(s.mean_layers_per_line, 3.0);
        assert_eq!(s.median_layers_per_line, 3.0);
        // Default archetype coach (6-7): every manager is below target.
        assert_eq!(s.managers_below_target, 4);
        assert_eq!(org.under[0], 7);
        assert_eq!(org.under[2], 3);
    }

    #[test]
    fn archetype_rules() {
        let mut c = ArchetypeConfig::default();
        assert_eq!(c.archetypes[c.for_department(Some("Fulfillment Operations"))].name, "coordinator");
        assert_eq!(c.archetypes[c.for_department(Some("Legal"))].name, "player_coach");
        assert_eq!(c.archetypes[c.for_department(Some("Facilities"))].name, "coach");
        assert_eq!(c.archetypes[c.for_department(Some("IT"))].name, "supervisor");
        assert_eq!(c.archetypes[c.for_department(None)].name, "coach");
        c.add_rule("legal=facilitator").unwrap();
        assert_eq!(c.archetypes[c.for_department(Some("Legal"))].name, "facilitator");
        assert!(c.add_rule("legal=boss").is_err());
        c.set_default("supervisor").unwrap();
        assert_eq!(c.archetypes[c.for_department(Some("Mystery"))].name, "supervisor");
    }

    #[test]
    fn median() {
        assert_eq!(median_u32(&mut [5, 1, 3]), 3.0);
        assert_eq!(median_u32(&mut [4, 1, 3, 2]), 2.5);
        assert!(median_u32(&mut []).is_nan());
    }
}
