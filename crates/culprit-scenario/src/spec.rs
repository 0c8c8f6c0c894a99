//! The scenario file (TOML): a named plan of actions applied in order, assumptions that override
//! the defaults, and the capital spending to compare the payroll freed with.
//!
//! Errors name the file and line; unknown keys suggest the nearest known one.

use culprit_data::assumptions::{closest, Assumptions};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("{}:{line}: {message}", file.display())]
    At { file: PathBuf, line: usize, message: String },
    #[error("{}: {source}", file.display())]
    Io { file: PathBuf, source: std::io::Error },
}

/// A parsed, checked scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub file: PathBuf,
    pub name: String,
    pub description: String,
    /// The exposure measure that splits removed work into AI-doable and human-only.
    pub measure: String,
    pub actions: Vec<Action>,
    pub assumptions: Assumptions,
    pub compare: Compare,
    /// Monte Carlo seed unless `--seed` says otherwise.
    pub seed: u64,
}

/// Capital spending to set the payroll freed against.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    /// Capital spending of the year of the plan, USD.
    pub capex_usd: Option<f64>,
    /// Capital spending of the year before, USD (for growth).
    pub capex_prior_usd: Option<f64>,
    pub capex_label: Option<String>,
    pub capex_source: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Cut { line: usize, select: Selector, amount: Amount, order: Order, seed: u64 },
    Delayer { line: usize, remove_layer: Option<u16>, target_span: Option<u32>, max_layers: Option<u16>, removed_managers: RemovedManagers },
    AdoptAi { line: usize, select: Selector, takeover: f64 },
}

impl Action {
    pub fn line(&self) -> usize {
        match self {
            Action::Cut { line, .. } | Action::Delayer { line, .. } | Action::AdoptAi { line, .. } => *line,
        }
    }
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Cut { .. } => "cut",
            Action::Delayer { .. } => "delayer",
            Action::AdoptAi { .. } => "adopt_ai",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    Count(u64),
    Share(f64),
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    HighestExposure,
    HighestPay,
    Random,
}

impl Order {
    pub fn name(self) -> &'static str {
        match self {
            Order::HighestExposure => "highest exposure first",
            Order::HighestPay => "highest pay first",
            Order::Random => "random order (seeded)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovedManagers {
    /// Removed managers leave the company (their pay is freed).
    Leave,
    /// Removed managers stay as individual contributors (no pay freed).
    IndividualContributor,
}

/// Which people an action applies to. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Selector {
    /// Department names (exact, case-insensitive).
    #[serde(default)]
    pub department: Vec<String>,
    /// Job levels (exact, case-insensitive), or a range of levels with a common prefix: "L5-L7".
    #[serde(default)]
    pub level: Vec<String>,
    /// Layers: "5-7" or "3" (layer 1 is the top).
    #[serde(default)]
    pub layer: Option<String>,
    /// SOC code prefixes ("11-", "15-1252").
    #[serde(default)]
    pub occupation: Vec<String>,
    /// Exposure band under the scenario's measure: [min, max] in 0..1.
    #[serde(default)]
    pub exposure: Option<[f64; 2]>,
    /// Regular expression on the job title (case-insensitive).
    #[serde(default)]
    pub title: Option<String>,
    /// Explicit employee ids.
    #[serde(default)]
    pub ids: Vec<String>,
    /// A file with one employee id per line (relative to the scenario file).
    #[serde(default)]
    pub ids_file: Option<String>,
    /// Only managers (people with at least one direct report).
    #[serde(default)]
    pub managers_only: bool,
    /// Only individual contributors.
    #[serde(default)]
    pub individual_contributors_only: bool,
}

impl Selector {
    pub fn layer_range(&self) -> Option<(u16, u16)> {
        let s = self.layer.as_deref()?.trim();
        match s.split_once('-') {
            Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
            None => s.parse().ok().map(|x| (x, x)),
        }
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.department.is_empty() {
            parts.push(format!("department in {:?}", self.department));
        }
        if !self.level.is_empty() {
            parts.push(format!("level in {:?}", self.level));
        }
        if let Some(l) = &self.layer {
            parts.push(format!("layer {l}"));
        }
        if !self.occupation.is_empty() {
            parts.push(format!("occupation {:?}", self.occupation));
        }
        if let Some([a, b]) = self.exposure {
            parts.push(format!("exposure {a}-{b}"));
        }
        if let Some(t) = &self.title {
            parts.push(format!("title ~ /{t}/"));
        }
        if !self.ids.is_empty() {
            parts.push(format!("{} listed ids", self.ids.len()));
        }
        if let Some(f) = &self.ids_file {
            parts.push(format!("ids from {f}"));
        }
        if self.managers_only {
            parts.push("managers".into());
        }
        if self.individual_contributors_only {
            parts.push("individual contributors".into());
        }
        if parts.is_empty() {
            "everyone".into()
        } else {
            parts.join(", ")
        }
    }
}

// ----- raw TOML shapes -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Option<String>,
    #[serde(default)]
    description: String,
    measure: Option<Spanned<String>>,
    seed: Option<u64>,
    #[serde(default)]
    assumptions: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    compare: Option<Spanned<Compare>>,
    #[serde(default, rename = "action")]
    actions: Vec<Spanned<RawAction>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    #[serde(default)]
    select: Option<Spanned<Selector>>,
    count: Option<Spanned<i64>>,
    share: Option<Spanned<f64>>,
    all: Option<bool>,
    order: Option<Spanned<Order>>,
    seed: Option<u64>,
    remove_layer: Option<Spanned<i64>>,
    target_span: Option<Spanned<i64>>,
    max_layers: Option<Spanned<i64>>,
    removed_managers: Option<RemovedManagers>,
    takeover: Option<Spanned<f64>>,
}

const TOP_KEYS: &[&str] = &["name", "description", "measure", "seed", "assumptions", "compare", "action"];
const ACTION_KEYS: &[&str] =
    &["type", "select", "count", "share", "all", "order", "seed", "remove_layer", "target_span", "max_layers", "removed_managers", "takeover"];
const SELECT_KEYS: &[&str] =
    &["department", "level", "layer", "occupation", "exposure", "title", "ids", "ids_file", "managers_only", "individual_contributors_only"];
const COMPARE_KEYS: &[&str] = &["capex_usd", "capex_prior_usd", "capex_label", "capex_source"];
/// The label measures, then the observed ones (Anthropic Economic Index: `observed_exposure` is
/// the exposed work AI is actually used for; people whose occupation has no observed figure
/// count as uncoded under them, never as 0).
pub const MEASURES: &[&str] =
    &["human_beta", "human_alpha", "human_gamma", "gpt4_alpha", "gpt4_beta", "gpt4_gamma", "observed_exposure", "observed_usage", "observed_automation"];

fn line_of(text: &str, span: &Range<usize>) -> usize {
    text[..span.start.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Rewrites serde's "unknown field `x`, expected one of ..." into a suggestion of the nearest key.
fn explain_toml_error(message: &str) -> String {
    let msg = message.trim();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some((field, _)) = rest.split_once('`') {
            let all: Vec<&str> = TOP_KEYS.iter().chain(ACTION_KEYS).chain(SELECT_KEYS).chain(COMPARE_KEYS).copied().collect();
            let hint = closest(field, &all).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            return format!("unknown field `{field}`{hint} ({})", msg.split_once(", ").map(|x| x.1).unwrap_or(""));
        }
    }
    msg.to_string()
}

pub fn parse_file(path: &Path) -> Result<Scenario, SpecError> {
    let text = std::fs::read_to_string(path).map_err(|e| SpecError::Io { file: path.into(), source: e })?;
    parse_str(&text, path)
}

pub fn parse_str(text: &str, file: &Path) -> Result<Scenario, SpecError> {
    let at = |span: &Range<usize>, message: String| SpecError::At { file: file.into(), line: line_of(text, span), message };
    let raw: RawScenario = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, &s)).unwrap_or(0);
        SpecError::At { file: file.into(), line, message: explain_toml_error(e.message()) }
    })?;

    let measure = match raw.measure {
        Some(m) => {
            let v = m.get_ref().trim().to_string();
            if !MEASURES.contains(&v.as_str()) {
                let hint = closest(&v, MEASURES).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
                return Err(at(&m.span(), format!("unknown measure `{v}`{hint} (one of {})", MEASURES.join(", "))));
            }
            v
        }
        None => "human_beta".into(),
    };

    let mut assumptions = Assumptions::default();
    for (k, v) in &raw.assumptions {
        assumptions.set(k, *v.get_ref()).map_err(|e| at(&v.span(), e.to_string()))?;
    }

    let compare = match raw.compare {
        Some(c) => {
            let span = c.span();
            let c = c.into_inner();
            for (name, x) in [("capex_usd", c.capex_usd), ("capex_prior_usd", c.capex_prior_usd)] {
                if let Some(x) = x {
                    if !(x.is_finite() && x > 0.0) {
                        return Err(at(&span, format!("[compare] {name} = {x}: capital spending must be a positive number of dollars")));
                    }
                }
            }
            c
        }
        None => Compare::default(),
    };

    let mut actions = Vec::new();
    for (k, a) in raw.actions.iter().enumerate() {
        let span = a.span();
        let line = line_of(text, &span);
        let r = a.get_ref();
        let kind = r.kind.get_ref().as_str();
        let kinds = ["cut", "delayer", "adopt_ai"];
        let sel = r.select.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default();
        if let Some(s) = &r.select {
            check_selector(s.get_ref()).map_err(|m| at(&s.span(), m))?;
        }
        let forbid = |present: bool, name: &str| -> Result<(), SpecError> {
            if present {
                Err(at(&span, format!("action {} ({kind}): `{name}` does not apply to a {kind} action", k + 1)))
            } else {
                Ok(())
            }
        };
        match kind {
            "cut" => {
                forbid(r.takeover.is_some(), "takeover")?;
                forbid(r.target_span.is_some() || r.max_layers.is_some() || r.remove_layer.is_some(), "delayering keys")?;
                let n_amounts = r.count.is_some() as u8 + r.share.is_some() as u8 + r.all.unwrap_or(false) as u8;
                if n_amounts != 1 {
                    return Err(at(&span, format!("action {} (cut): give exactly one of `count = N`, `share = 0.04` or `all = true`", k + 1)));
                }
                let amount = if let Some(c) = &r.count {
                    let v = *c.get_ref();
                    if v < 0 {
                        return Err(at(&c.span(), format!("count = {v}: a count cannot be negative")));
                    }
                    Amount::Count(v as u64)
                } else if let Some(s) = &r.share {
                    let v = *s.get_ref();
                    if !(0.0..=1.0).contains(&v) {
                        return Err(at(&s.span(), format!("share = {v}: a share must lie in [0, 1] (0.04 is 4%)")));
                    }
                    Amount::Share(v)
                } else {
                    Amount::All
                };
                let order = r.order.as_ref().map(|o| *o.get_ref()).unwrap_or(Order::HighestExposure);
                actions.push(Action::Cut { line, select: sel, amount, order, seed: r.seed.unwrap_or(raw.seed.unwrap_or(42) + k as u64) });
            }
            "delayer" => {
                forbid(r.count.is_some() || r.share.is_some() || r.all.is_some(), "cut amounts")?;
                forbid(r.takeover.is_some(), "takeover")?;
                forbid(r.select.is_some(), "select")?;
                let pos = |v: &Option<Spanned<i64>>, name: &str, min: i64| -> Result<Option<i64>, SpecError> {
                    match v {
                        Some(x) if *x.get_ref() < min => Err(at(&x.span(), format!("{name} = {}: must be at least {min}", x.get_ref()))),
                        Some(x) => Ok(Some(*x.get_ref())),
                        None => Ok(None),
                    }
                };
                let remove_layer = pos(&r.remove_layer, "remove_layer", 2)?.map(|x| x as u16);
                let target_span = pos(&r.target_span, "target_span", 2)?.map(|x| x as u32);
                let max_layers = pos(&r.max_layers, "max_layers", 2)?.map(|x| x as u16);
                if remove_layer.is_none() && target_span.is_none() && max_layers.is_none() {
                    return Err(at(&span, format!("action {} (delayer): give `remove_layer = N`, or `target_span` and/or `max_layers`", k + 1)));
                }
                if remove_layer.is_some() && (target_span.is_some() || max_layers.is_some()) {
                    return Err(at(&span, format!("action {} (delayer): `remove_layer` and `target_span`/`max_layers` are two different rules; use two actions", k + 1)));
                }
                actions.push(Action::Delayer {
                    line,
                    remove_layer,
                    target_span,
                    max_layers,
                    removed_managers: r.removed_managers.unwrap_or(RemovedManagers::Leave),
                });
            }
            "adopt_ai" => {
                forbid(r.count.is_some() || r.share.is_some() || r.all.is_some(), "cut amounts")?;
                let Some(t) = &r.takeover else {
                    return Err(at(&span, format!("action {} (adopt_ai): give `takeover = 0.5`, the share of AI-doable task time AI takes over", k + 1)));
                };
                let v = *t.get_ref();
                if !(0.0..=1.0).contains(&v) {
                    return Err(at(&t.span(), format!("takeover = {v}: a share must lie in [0, 1]")));
                }
                actions.push(Action::AdoptAi { line, select: sel, takeover: v });
            }
            other => {
                let hint = closest(other, &kinds).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
                return Err(at(&r.kind.span(), format!("unknown action type `{other}`{hint} (one of cut, delayer, adopt_ai)")));
            }
        }
    }
    if actions.is_empty() {
        return Err(SpecError::At { file: file.into(), line: 1, message: "the scenario has no [[action]]; add at least one cut, delayer or adopt_ai action".into() });
    }
    check_contradictions(&actions).map_err(|(line, m)| SpecError::At { file: file.into(), line, message: m })?;

    Ok(Scenario {
        file: file.into(),
        name: raw.name.unwrap_or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()),
        description: raw.description,
        measure,
        actions,
        assumptions,
        compare,
        seed: raw.seed.unwrap_or(42),
    })
}

fn check_selector(s: &Selector) -> Result<(), String> {
    if s.layer.is_some() {
        match s.layer_range() {
            Some((a, b)) if a >= 1 && a <= b => {}
            _ => return Err(format!("select.layer = {:?}: write a layer or a range like \"5-7\" (layer 1 is the top)", s.layer.as_deref().unwrap_or(""))),
        }
    }
    if let Some([a, b]) = s.exposure {
        if !(0.0..=1.0).contains(&a) || !(0.0..=1.0).contains(&b) || a > b {
            return Err(format!("select.exposure = [{a}, {b}]: give [min, max] with 0 <= min <= max <= 1"));
        }
    }
    if let Some(t) = &s.title {
        regex::RegexBuilder::new(t).case_insensitive(true).build().map_err(|e| format!("select.title: not a valid regular expression: {e}"))?;
    }
    if s.managers_only && s.individual_contributors_only {
        return Err("select: `managers_only` and `individual_contributors_only` together match nobody".into());
    }
    Ok(())
}

/// Actions that cannot both be meant: two delayerings to different max layers, or a layer
/// removed twice.
fn check_contradictions(actions: &[Action]) -> Result<(), (usize, String)> {
    let mut max_layers: Option<(u16, usize)> = None;
    for a in actions {
        if let Action::Delayer { line, max_layers: Some(m), .. } = a {
            if let Some((prev, pline)) = max_layers {
                if prev != *m {
                    return Err((*line, format!("contradictory actions: max_layers = {m} here but {prev} on line {pline}")));
                }
            }
            max_layers = Some((*m, *line));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Scenario, SpecError> {
        parse_str(text, Path::new("plan.toml"))
    }

    const CUT: &str = r#"
name = "Cut managers"
measure = "human_beta"

[assumptions]
pilot_success_probability = 0.3

[compare]
capex_usd = 131.8e9
capex_prior_usd = 83.0e9

[[action]]
type = "cut"
select = { layer = "5-7", managers_only = true }
share = 0.04
order = "random"

[[action]]
type = "delayer"
target_span = 8
max_layers = 8

[[action]]
type = "adopt_ai"
select = { department = ["Engineering"] }
takeover = 0.5
"#;

    #[test]
    fn parses_a_full_scenario() {
        let s = parse(CUT).unwrap();
        assert_eq!(s.name, "Cut managers");
        assert_eq!(s.actions.len(), 3);
        match &s.actions[0] {
            Action::Cut { select, amount, order, line, .. } => {
                assert_eq!(select.layer_range(), Some((5, 7)));
                assert!(select.managers_only);
                assert_eq!(*amount, Amount::Share(0.04));
                assert_eq!(*order, Order::Random);
                assert_eq!(*line, 12);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.assumptions.value("pilot_success_probability"), 0.3);
        assert_eq!(s.compare.capex_usd, Some(131.8e9));
    }

    #[test]
    fn observed_measures_are_measures_and_near_misses_are_refused() {
        let with = |m: &str| CUT.replace("measure = \"human_beta\"", &format!("measure = \"{m}\""));
        assert_eq!(parse(&with("observed_exposure")).unwrap().measure, "observed_exposure");
        assert_eq!(parse(&with("observed_usage")).unwrap().measure, "observed_usage");
        let e = parse(&with("observed_exposur")).unwrap_err().to_string();
        assert!(e.contains("did you mean `observed_exposure`"), "{e}");
    }

    #[test]
    fn unknown_field_suggests_the_right_one_with_line() {
        let e = parse(&CUT.replace("share = 0.04", "shar = 0.04")).unwrap_err().to_string();
        assert!(e.starts_with("plan.toml:15:") && e.contains("unknown field `shar`") && e.contains("did you mean `share`"), "{e}");
        let e = parse(&CUT.replace("managers_only", "manager_only")).unwrap_err().to_string();
        assert!(e.contains("did you mean `managers_only`"), "{e}");
    }

    #[test]
    fn out_of_range_assumption_names_its_line() {
        let e = parse(&CUT.replace("pilot_success_probability = 0.3", "pilot_success_probability = 1.4")).unwrap_err().to_string();
        assert!(e.starts_with("plan.toml:6:") && e.contains("[0, 1]"), "{e}");
        let e = parse(&CUT.replace("pilot_success_probability = 0.3", "pilot_succes_probability = 0.3")).unwrap_err().to_string();
        assert!(e.contains("did you mean `pilot_success_probability`"), "{e}");
    }

    #[test]
    fn bad_actions_are_refused() {
        let e = parse(&CUT.replace("share = 0.04", "share = 0.04\ncount = 3")).unwrap_err().to_string();
        assert!(e.contains("exactly one of"), "{e}");
        let e = parse(&CUT.replace("share = 0.04", "share = 4")).unwrap_err().to_string();
        assert!(e.contains("share = 4") && e.contains("0.04 is 4%"), "{e}");
        let e = parse(&CUT.replace("type = \"cut\"", "type = \"cutt\"")).unwrap_err().to_string();
        assert!(e.contains("did you mean `cut`"), "{e}");
        let e = parse(&CUT.replace("layer = \"5-7\"", "layer = \"7-5\"")).unwrap_err().to_string();
        assert!(e.contains("select.layer"), "{e}");
        let e = parse(&CUT.replace("takeover = 0.5", "takeover = 1.5")).unwrap_err().to_string();
        assert!(e.contains("takeover = 1.5"), "{e}");
        let e = parse(&CUT.replace("measure = \"human_beta\"", "measure = \"human_bta\"")).unwrap_err().to_string();
        assert!(e.contains("did you mean `human_beta`"), "{e}");
        let e = parse("name = \"x\"\n").unwrap_err().to_string();
        assert!(e.contains("no [[action]]"), "{e}");
    }

    #[test]
    fn contradictory_delayering_is_refused() {
        let two = format!("{CUT}\n[[action]]\ntype = \"delayer\"\nmax_layers = 6\n");
        let e = parse(&two).unwrap_err().to_string();
        assert!(e.contains("contradictory") && e.contains("max_layers = 6"), "{e}");
    }
}

#[cfg(test)]
mod example_tests {
    #[test]
    fn every_example_scenario_parses() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"));
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name.contains("scenario") && name.ends_with(".toml") {
                super::parse_file(&p).unwrap_or_else(|e| panic!("{e}"));
                n += 1;
            }
        }
        assert!(n >= 4, "{n} example scenarios");
    }
}
