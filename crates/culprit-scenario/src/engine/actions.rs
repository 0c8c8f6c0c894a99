//! The actions phase: cuts, delayering and AI adoption applied in order to a working copy of the
//! organisation ([`State`]), each with its report and warnings.

use super::{ActionReport, Outcome, ScenarioError};
use crate::select::{Compiled, People};
use crate::spec::{Action, Amount, Order, RemovedManagers, Scenario};
use culprit_org::raw::NONE;
use culprit_org::tree::Shape;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// The mutable organisation while actions apply.
pub(crate) struct State<'a> {
    pub people: &'a People<'a>,
    pub parent: Vec<u32>,
    pub alive: Vec<bool>,
    pub left: Vec<Option<(usize, Outcome)>>,
    pub demoted: Vec<Option<usize>>,
    pub takeover: Vec<f32>,
    pub span: Vec<u32>,
    pub layer: Vec<u16>,
}

impl<'a> State<'a> {
    pub fn new(people: &'a People<'a>) -> Self {
        let org = people.org;
        let n = org.nodes();
        let mut s = State {
            people,
            parent: org.parent.clone(),
            alive: vec![true; n],
            left: vec![None; n],
            demoted: vec![None; n],
            takeover: vec![0.0; n],
            span: vec![0; n],
            layer: vec![0; n],
        };
        s.refresh();
        s
    }

    /// Recompute current spans and layers over the living.
    fn refresh(&mut self) {
        let org = self.people.org;
        self.span.iter_mut().for_each(|x| *x = 0);
        for (i, &p) in self.parent.iter().enumerate() {
            if p != NONE && self.alive[i] && org.is_person(i) {
                self.span[p as usize] += 1;
            }
        }
        self.layer = Shape::build(&self.parent).layer;
    }

    pub fn is_manager(&self, i: usize) -> bool {
        self.span[i] > 0 && self.people.org.is_person(i)
    }

    /// Remove people: their living reports move to the nearest living ancestor.
    fn remove(&mut self, who: &[u32], action: usize, outcome: Outcome) {
        for &d in who {
            self.alive[d as usize] = false;
            self.left[d as usize] = Some((action, outcome));
        }
        self.reattach();
        for &d in who {
            self.parent[d as usize] = NONE;
        }
        self.refresh();
    }

    /// Point every living node whose manager left to the nearest living ancestor.
    fn reattach(&mut self) {
        let n = self.parent.len();
        let mut resolved = vec![NONE; n];
        for v in 0..n {
            if !self.alive[v] {
                continue;
            }
            let p = self.parent[v];
            if p == NONE || self.alive[p as usize] {
                continue;
            }
            // Climb through departed managers (their parent pointers are still the old ones).
            let mut path = Vec::new();
            let mut q = p;
            while q != NONE && !self.alive[q as usize] {
                if resolved[q as usize] != NONE {
                    q = resolved[q as usize];
                    break;
                }
                path.push(q);
                q = self.parent[q as usize];
            }
            for x in path {
                resolved[x as usize] = q;
            }
            self.parent[v] = q;
        }
    }

    /// Managers who stay as individual contributors: their reports move to their manager.
    fn demote(&mut self, who: &[u32], action: usize) {
        let mut is_demoted = vec![false; self.parent.len()];
        for &m in who {
            is_demoted[m as usize] = true;
            self.demoted[m as usize] = Some(action);
        }
        for v in 0..self.parent.len() {
            let mut p = self.parent[v];
            while p != NONE && is_demoted[p as usize] {
                p = self.parent[p as usize];
            }
            if self.alive[v] {
                self.parent[v] = p;
            }
        }
        self.refresh();
    }
}

pub(crate) fn err(s: &Scenario, line: usize, message: String) -> ScenarioError {
    ScenarioError::Action { file: s.file.clone(), line, message }
}


/// What the actions leave: the organisation after them, one report per action, and the
/// warnings (file:line: message).
pub(crate) struct Applied<'a> {
    pub st: State<'a>,
    pub reports: Vec<ActionReport>,
    pub warnings: Vec<String>,
}

/// Apply the plan's actions in order.
pub(crate) fn apply<'a>(people: &'a People<'a>, scenario: &Scenario) -> Result<Applied<'a>, ScenarioError> {
    let org = people.org;
    let base_dir = scenario.file.parent().map(|p| p.to_path_buf()).unwrap_or_default();
    let mut st = State::new(people);
    let mut reports = Vec::new();
    let mut warnings = Vec::new();
    let pay_known = org.has_pay;
    for (k, action) in scenario.actions.iter().enumerate() {
        let mut rep = ActionReport {
            line: action.line(),
            action: action.kind(),
            description: String::new(),
            matched: 0,
            left: 0,
            demoted: 0,
            takeover_people: 0,
            warnings: Vec::new(),
        };
        match action {
            Action::Cut { line, select, amount, order, seed } => {
                let sel = Compiled::new(select, people, &base_dir).map_err(|m| err(scenario, *line, m))?;
                rep.warnings.extend(sel.unknown.iter().cloned());
                let mut matched: Vec<u32> = (0..org.nodes())
                    .filter(|&i| st.alive[i] && org.is_person(i) && sel.matches(i, people, st.layer[i], st.is_manager(i), None))
                    .map(|i| i as u32)
                    .collect();
                // The top is never cut: the plan would have no organisation left to run it.
                if let Some(pos) = matched.iter().position(|&i| i == org.root) {
                    matched.remove(pos);
                    rep.warnings.push("the top of the organisation matched and was left out: it is never cut".into());
                }
                rep.matched = matched.len() as u64;
                let n = match amount {
                    Amount::All => matched.len(),
                    Amount::Share(s) => (s * matched.len() as f64).round() as usize,
                    Amount::Count(c) => {
                        if *c as usize > matched.len() {
                            return Err(err(
                                scenario,
                                *line,
                                format!("cut of {c} people, but only {} match ({}): lower the count or widen the selection", matched.len(), select.describe()),
                            ));
                        }
                        *c as usize
                    }
                };
                if matched.is_empty() {
                    rep.warnings.push(format!("the selection ({}) matches nobody{}", select.describe(), closest_filter(&sel, people, &st)));
                }
                match order {
                    Order::HighestExposure => matched.sort_by(|&x, &y| {
                        let (ex, ey) = (people.exposure[x as usize], people.exposure[y as usize]);
                        let (ex, ey) = (if ex.is_nan() { -1.0 } else { ex }, if ey.is_nan() { -1.0 } else { ey });
                        ey.total_cmp(&ex).then(org.pay[y as usize].total_cmp(&org.pay[x as usize])).then(x.cmp(&y))
                    }),
                    Order::HighestPay => matched.sort_by(|&x, &y| {
                        let (px, py) = (org.pay[x as usize], org.pay[y as usize]);
                        let (px, py) = (if px.is_nan() { -1.0 } else { px }, if py.is_nan() { -1.0 } else { py });
                        py.total_cmp(&px).then(x.cmp(&y))
                    }),
                    Order::Random => matched.shuffle(&mut ChaCha8Rng::seed_from_u64(*seed)),
                }
                if *order == Order::HighestPay && !pay_known {
                    rep.warnings.push("order = highest_pay but the file has no pay: the order falls back to file order".into());
                }
                matched.truncate(n);
                rep.left = matched.len() as u64;
                rep.description = format!("cut {} of {} matching ({}), {}", matched.len(), rep.matched, select.describe(), order.name());
                st.remove(&matched, k, Outcome::Cut);
            }
            Action::Delayer { remove_layer, target_span, max_layers, removed_managers, .. } => {
                let (left, demoted, desc) = delayer(&mut st, k, *remove_layer, *target_span, *max_layers, *removed_managers);
                rep.left = left;
                rep.demoted = demoted;
                rep.description = desc;
                if left + demoted == 0 {
                    rep.warnings.push("the organisation already meets this rule: no manager was removed".into());
                }
            }
            Action::AdoptAi { line, select, takeover } => {
                let sel = Compiled::new(select, people, &base_dir).map_err(|m| err(scenario, *line, m))?;
                rep.warnings.extend(sel.unknown.iter().cloned());
                let mut n = 0u64;
                for i in 0..org.nodes() {
                    if st.alive[i] && org.is_person(i) && sel.matches(i, people, st.layer[i], st.is_manager(i), None) {
                        st.takeover[i] = st.takeover[i].max(*takeover as f32);
                        n += 1;
                    }
                }
                if n == 0 {
                    rep.warnings.push(format!("the selection ({}) matches nobody{}", select.describe(), closest_filter(&sel, people, &st)));
                }
                rep.matched = n;
                rep.takeover_people = n;
                rep.description = format!("AI takes over {:.0}% of the AI-doable task time of {n} people ({})", takeover * 100.0, select.describe());
            }
        }
        for w in &rep.warnings {
            warnings.push(format!("{}:{}: {}", scenario.file.display(), rep.line, w));
        }
        reports.push(rep);
    }
    Ok(Applied { st, reports, warnings })
}

/// Explain an empty selection: which single criterion, dropped, would match people.
fn closest_filter(sel: &Compiled, people: &People, st: &State) -> String {
    let org = people.org;
    let mut best: Option<(&str, usize)> = None;
    for c in sel.criteria() {
        let n = (0..org.nodes())
            .filter(|&i| st.alive[i] && org.is_person(i) && sel.matches(i, people, st.layer[i], st.is_manager(i), Some(c)))
            .count();
        if n > 0 && best.is_none_or(|b| n < b.1) {
            best = Some((c, n));
        }
    }
    match best {
        Some((c, n)) => format!("; without its `{c}` filter it would match {n} people"),
        None => String::new(),
    }
}


/// Delayering by one of the stated rules. Returns (people who left, managers demoted, description).
fn delayer(st: &mut State, k: usize, remove_layer: Option<u16>, target_span: Option<u32>, max_layers: Option<u16>, mode: RemovedManagers) -> (u64, u64, String) {
    let org = st.people.org;
    let n = org.nodes();
    let mut total = 0u64;
    let mut apply = |st: &mut State, who: Vec<u32>, outcome: Outcome| {
        total += who.len() as u64;
        match mode {
            RemovedManagers::Leave => st.remove(&who, k, outcome),
            RemovedManagers::IndividualContributor => st.demote(&who, k),
        }
    };
    let mut parts = Vec::new();
    if let Some(l) = remove_layer {
        let who: Vec<u32> = (0..n).filter(|&i| st.alive[i] && st.layer[i] == l && st.is_manager(i) && i as u32 != org.root).map(|i| i as u32).collect();
        parts.push(format!("removed the {} managers of layer {l}; their reports move up one layer", who.len()));
        apply(st, who, Outcome::Delayered);
    }
    if let Some(m) = max_layers {
        let mut passes = 0;
        loop {
            let shape = Shape::build(&st.parent);
            let depth = (0..n).filter(|&i| st.alive[i] && org.is_person(i)).map(|i| shape.layer[i]).max().unwrap_or(0);
            if depth <= m || passes > 64 {
                break;
            }
            passes += 1;
            // Height of each node's subtree (levels below it).
            let mut height = vec![0u16; n];
            for &v in shape.order.iter().rev() {
                let p = st.parent[v as usize];
                if p != NONE && st.alive[v as usize] {
                    height[p as usize] = height[p as usize].max(height[v as usize] + 1);
                }
            }
            // Candidates: managers below the top on a line deeper than the limit. Remove the layer
            // whose candidates have the narrowest mean span, so each pass shortens every deep line
            // by one at the least cost in management capacity.
            let mut by_layer: BTreeMap<u16, (Vec<u32>, u64)> = BTreeMap::new();
            for i in 0..n {
                if st.alive[i] && st.is_manager(i) && i as u32 != org.root && shape.layer[i] >= 2 && shape.layer[i] + height[i] > m {
                    let e = by_layer.entry(shape.layer[i]).or_default();
                    e.0.push(i as u32);
                    e.1 += st.span[i] as u64;
                }
            }
            let Some((&layer, _)) = by_layer.iter().min_by(|a, b| {
                let ma = a.1 .1 as f64 / a.1 .0.len() as f64;
                let mb = b.1 .1 as f64 / b.1 .0.len() as f64;
                ma.total_cmp(&mb).then(b.0.cmp(a.0))
            }) else {
                break;
            };
            let who = by_layer.remove(&layer).unwrap().0;
            parts.push(format!("pass {passes}: removed {} managers of layer {layer} on lines deeper than {m}", who.len()));
            apply(st, who, Outcome::Delayered);
        }
    }
    if let Some(s) = target_span {
        // Merge sibling teams of the same department whose managers are below the target span:
        // the smaller team joins the largest sibling team it fits into (sum of spans <= target),
        // and its manager leaves (or becomes an individual contributor in the merged team).
        let mut merged_total = 0u64;
        for _pass in 0..10 {
            let mut groups: BTreeMap<(u32, u32), Vec<u32>> = BTreeMap::new();
            for i in 0..n {
                if st.alive[i] && st.is_manager(i) && st.span[i] < s && st.parent[i] != NONE {
                    groups.entry((st.parent[i], org.department.codes[i])).or_default().push(i as u32);
                }
            }
            let mut removed = Vec::new();
            let mut into: Vec<(u32, u32)> = Vec::new();
            for (_, mut v) in groups {
                v.sort_by_key(|&i| (st.span[i as usize], i));
                let mut spans: Vec<u32> = v.iter().map(|&i| st.span[i as usize]).collect();
                let mut live: Vec<bool> = vec![true; v.len()];
                for x in 0..v.len() {
                    if !live[x] {
                        continue;
                    }
                    let extra = u32::from(mode == RemovedManagers::IndividualContributor);
                    // Largest other team that the smaller one fits into.
                    let target = (0..v.len()).rev().find(|&y| y != x && live[y] && spans[y] >= spans[x] && spans[x] + spans[y] + extra <= s);
                    if let Some(y) = target {
                        live[x] = false;
                        spans[y] += spans[x] + extra;
                        removed.push(v[x]);
                        into.push((v[x], v[y]));
                        if spans[y] >= s {
                            live[y] = false;
                        }
                    }
                }
            }
            if removed.is_empty() {
                break;
            }
            merged_total += removed.len() as u64;
            // Move the reports of each merged manager to the manager they merge into.
            let mut target = vec![NONE; n];
            for (from, to) in &into {
                target[*from as usize] = *to;
            }
            // Follow chains (a -> b where b itself merged this pass cannot happen: b stays live
            // as a receiver, since receivers are never removed in the same pass).
            for v in 0..n {
                let p = st.parent[v];
                if p != NONE && target[p as usize] != NONE && st.alive[v] {
                    st.parent[v] = target[p as usize];
                }
            }
            match mode {
                RemovedManagers::Leave => {
                    total += removed.len() as u64;
                    st.remove(&removed, k, Outcome::Merged);
                }
                RemovedManagers::IndividualContributor => {
                    total += removed.len() as u64;
                    for (from, to) in &into {
                        st.parent[*from as usize] = *to;
                        st.demoted[*from as usize] = Some(k);
                    }
                    st.refresh();
                }
            }
        }
        parts.push(format!("merged {merged_total} sibling teams below a span of {s} into their largest sibling that fits"));
    }
    let (left, demoted) = match mode {
        RemovedManagers::Leave => (total, 0),
        RemovedManagers::IndividualContributor => (0, total),
    };
    (left, demoted, parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::test_org::{analysis, plan};

    #[test]
    fn a_cut_removes_the_people_and_moves_their_reports_up() {
        let a = analysis();
        let people = People::new(&a.org, &a.coding, "human_beta").unwrap();
        let s = plan("[[action]]\ntype = \"cut\"\nselect = { ids = [\"2\"] }\nall = true\n");
        let ap = apply(&people, &s).unwrap();
        let i = |id: &str| a.org.find(id).unwrap();
        assert!(!ap.st.alive[i("2")] && ap.st.left[i("2")] == Some((0, Outcome::Cut)));
        // The engineers of 2 now report to the CEO.
        assert_eq!(ap.st.parent[i("21")], i("1") as u32);
        assert_eq!((ap.reports[0].matched, ap.reports[0].left), (1, 1));
    }

    #[test]
    fn demoting_keeps_the_manager_and_moves_the_team() {
        let a = analysis();
        let people = People::new(&a.org, &a.coding, "human_beta").unwrap();
        let s = plan("[[action]]\ntype = \"delayer\"\nremove_layer = 2\nremoved_managers = \"individual_contributor\"\n");
        let ap = apply(&people, &s).unwrap();
        let i = |id: &str| a.org.find(id).unwrap();
        assert!(ap.st.alive[i("2")] && ap.st.demoted[i("2")] == Some(0));
        assert_eq!(ap.st.parent[i("21")], i("1") as u32);
        assert_eq!(ap.reports[0].demoted, 3);
    }

    #[test]
    fn adopting_ai_marks_the_takeover() {
        let a = analysis();
        let people = People::new(&a.org, &a.coding, "human_beta").unwrap();
        let s = plan("[[action]]\ntype = \"adopt_ai\"\nselect = { department = [\"Operations\"] }\ntakeover = 0.5\n");
        let ap = apply(&people, &s).unwrap();
        assert_eq!(ap.reports[0].takeover_people, 3);
        assert!(ap.st.takeover.iter().filter(|&&t| t == 0.5).count() == 3);
    }
}
