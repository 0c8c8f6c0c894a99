//! The money: gross saving, the costs that take it back (severance, rehires, workslop, failed AI
//! pilots), a Monte Carlo of the net saving over the uncertain assumptions, and the payroll freed
//! in GPUs, GPU-hours, gigawatts and shares of capital spending.
//!
//! The Monte Carlo aggregates once per group (a department) and draws over groups, so 10,000
//! draws cost the same for 1,000 people as for 2 million.

use culprit_data::assumptions::Assumptions;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

/// Everything the economics needs about one group, summed once from the people in it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupAgg {
    pub group: String,
    pub people_cut: f64,
    /// Annual pay of the people who leave.
    pub payroll_cut: f64,
    /// FTE removed that AI could do, under the lowest and the highest exposure measure, and under
    /// the scenario's measure.
    pub ai_doable_fte_low: f64,
    pub ai_doable_fte_high: f64,
    pub ai_doable_fte: f64,
    /// One-off severance of the people cut.
    pub severance: f64,
    /// People who use AI for work: those in adopt_ai groups and the survivors who receive
    /// AI-doable work from people cut.
    pub adopters: f64,
    /// Their annual pay (to price the hours lost to workslop).
    pub adopter_payroll: f64,
    /// Whether the group's plan relies on an AI deployment (it has AI-doable work to hand to AI).
    pub relies_on_ai: bool,
}

/// One group's economics as shown (`economics_by_department`): the [`GroupAgg`] with its pay
/// figures `None` where [`crate::privacy`] withholds them.
#[derive(Debug, Clone, Serialize)]
pub struct GroupEconomics {
    pub group: String,
    pub people_cut: f64,
    pub payroll_cut: Option<f64>,
    pub ai_doable_fte_low: f64,
    pub ai_doable_fte_high: f64,
    pub ai_doable_fte: f64,
    pub severance: Option<f64>,
    pub adopters: f64,
    pub adopter_payroll: Option<f64>,
    pub relies_on_ai: bool,
}

impl From<&GroupAgg> for GroupEconomics {
    fn from(g: &GroupAgg) -> Self {
        GroupEconomics {
            group: g.group.clone(),
            people_cut: g.people_cut,
            payroll_cut: Some(g.payroll_cut),
            ai_doable_fte_low: g.ai_doable_fte_low,
            ai_doable_fte_high: g.ai_doable_fte_high,
            ai_doable_fte: g.ai_doable_fte,
            severance: Some(g.severance),
            adopters: g.adopters,
            adopter_payroll: Some(g.adopter_payroll),
            relies_on_ai: g.relies_on_ai,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Quantiles {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub mean: f64,
}

impl Quantiles {
    pub fn of(mut v: Vec<f64>) -> Quantiles {
        if v.is_empty() {
            return Quantiles { p10: f64::NAN, p50: f64::NAN, p90: f64::NAN, mean: f64::NAN };
        }
        v.sort_by(f64::total_cmp);
        let q = |p: f64| {
            // Linear interpolation between order statistics (type 7, as numpy's default).
            let h = (v.len() - 1) as f64 * p;
            let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
            v[lo] + (h - lo as f64) * (v[hi] - v[lo])
        };
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        Quantiles { p10: q(0.10), p50: q(0.50), p90: q(0.90), mean }
    }
}

/// Point estimates of each component at the assumptions' values (no draws). Every figure priced
/// from pay is `None` when [`crate::privacy`] withholds it.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub payroll_freed: Option<f64>,
    pub loaded_cost_factor: f64,
    pub gross_saving: Option<f64>,
    pub severance: Option<f64>,
    pub rehire_cost: Option<f64>,
    pub workslop_cost: Option<f64>,
    /// Expected cost of backfilling AI-doable work when pilots fail (1 - p of it).
    pub failed_pilot_cost: Option<f64>,
    pub net_saving_first_year: Option<f64>,
    pub net_saving_recurring: Option<f64>,
    /// The published $186 per affected employee per month, for comparison with the hours-based
    /// workslop cost.
    pub workslop_cost_published_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonteCarlo {
    pub draws: usize,
    pub seed: u64,
    /// First-year net saving (severance included); `None` when withheld for privacy.
    pub net_saving: Option<Quantiles>,
    /// Net saving in a later year (no severance).
    pub net_saving_recurring: Option<Quantiles>,
    /// Share of draws in which the plan loses money in the first year.
    pub loss_probability: Option<f64>,
    pub varied: Vec<String>,
}

/// One set of assumption values, fixed or drawn.
#[derive(Debug, Clone, Copy)]
struct Draw {
    loaded: f64,
    rehire_rate: f64,
    rehire_cost_share: f64,
    workslop_prevalence: f64,
    workslop_hours: f64,
    workslop_incidents: f64,
    pilot_p: f64,
    hours_per_year: f64,
    /// Position between the lowest (0) and highest (1) exposure measure.
    exposure_u: f64,
}

impl Draw {
    fn point(a: &Assumptions, exposure_u: f64) -> Draw {
        Draw {
            loaded: a.value("loaded_cost_factor"),
            rehire_rate: a.value("rehire_rate"),
            rehire_cost_share: a.value("rehire_cost_share_of_pay"),
            workslop_prevalence: a.value("workslop_prevalence"),
            workslop_hours: a.value("workslop_hours_per_incident"),
            workslop_incidents: a.value("workslop_incidents_per_month"),
            pilot_p: a.value("pilot_success_probability"),
            hours_per_year: a.value("hours_per_year"),
            exposure_u,
        }
    }

    fn random(a: &Assumptions, rng: &mut impl Rng) -> Draw {
        let mut u = |key: &str| {
            let x = a.get(key).unwrap();
            match x.spread {
                Some((lo, hi)) if hi > lo => rng.gen_range(lo..=hi),
                _ => x.value,
            }
        };
        Draw {
            loaded: u("loaded_cost_factor"),
            rehire_rate: u("rehire_rate"),
            rehire_cost_share: u("rehire_cost_share_of_pay"),
            workslop_prevalence: u("workslop_prevalence"),
            workslop_hours: u("workslop_hours_per_incident"),
            workslop_incidents: u("workslop_incidents_per_month"),
            pilot_p: u("pilot_success_probability"),
            hours_per_year: a.value("hours_per_year"),
            exposure_u: rng.gen::<f64>(),
        }
    }
}

fn ai_fte(g: &GroupAgg, u: f64) -> f64 {
    g.ai_doable_fte_low + u * (g.ai_doable_fte_high - g.ai_doable_fte_low)
}

fn workslop(g: &GroupAgg, d: &Draw) -> f64 {
    if g.adopters <= 0.0 {
        return 0.0;
    }
    let hourly = g.adopter_payroll / g.adopters / d.hours_per_year * d.loaded;
    g.adopters * d.workslop_prevalence * d.workslop_incidents * 12.0 * d.workslop_hours * hourly
}

fn cut_fte_cost(g: &GroupAgg, d: &Draw) -> f64 {
    if g.people_cut > 0.0 {
        g.payroll_cut / g.people_cut * d.loaded
    } else {
        0.0
    }
}

/// Point estimate at the assumptions' values, with the scenario's own exposure measure.
pub fn breakdown(groups: &[GroupAgg], a: &Assumptions) -> Breakdown {
    let d = Draw::point(a, 0.5);
    let payroll: f64 = groups.iter().map(|g| g.payroll_cut).sum();
    let gross = payroll * d.loaded;
    let severance: f64 = groups.iter().map(|g| g.severance).sum();
    let rehire = d.rehire_rate * gross * (1.0 + d.rehire_cost_share / d.loaded);
    let workslop_cost: f64 = groups.iter().map(|g| workslop(g, &d)).sum();
    let failed: f64 = groups.iter().filter(|g| g.relies_on_ai).map(|g| (1.0 - d.pilot_p) * g.ai_doable_fte * cut_fte_cost(g, &d)).sum();
    let published: f64 = groups.iter().map(|g| g.adopters * d.workslop_prevalence * a.value("workslop_cost_per_affected_month") * 12.0).sum();
    let recurring = gross - rehire - workslop_cost - failed;
    Breakdown {
        payroll_freed: Some(payroll),
        loaded_cost_factor: d.loaded,
        gross_saving: Some(gross),
        severance: Some(severance),
        rehire_cost: Some(rehire),
        workslop_cost: Some(workslop_cost),
        failed_pilot_cost: Some(failed),
        net_saving_first_year: Some(recurring - severance),
        net_saving_recurring: Some(recurring),
        workslop_cost_published_rate: Some(published),
    }
}

/// Net saving of one draw: (first year, recurring).
fn net_of_draw(groups: &[GroupAgg], a: &Assumptions, rng: &mut ChaCha8Rng) -> (f64, f64) {
    let d = Draw::random(a, rng);
    let mut gross = 0.0;
    let mut severance = 0.0;
    let mut costs = 0.0;
    for g in groups {
        gross += g.payroll_cut * d.loaded;
        severance += g.severance;
        costs += workslop(g, &d);
        // Each group's AI deployment succeeds or fails on its own.
        if g.relies_on_ai && rng.gen::<f64>() >= d.pilot_p {
            costs += ai_fte(g, d.exposure_u) * cut_fte_cost(g, &d);
        }
    }
    costs += d.rehire_rate * gross * (1.0 + d.rehire_cost_share / d.loaded);
    let recurring = gross - costs;
    (recurring - severance, recurring)
}

/// Monte Carlo over the uncertain assumptions; deterministic for a seed (each draw has its own
/// stream, so the result does not depend on the number of threads).
pub fn monte_carlo(groups: &[GroupAgg], a: &Assumptions, draws: usize, seed: u64) -> MonteCarlo {
    let results: Vec<(f64, f64)> = (0..draws)
        .into_par_iter()
        .map(|i| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(i as u64);
            net_of_draw(groups, a, &mut rng)
        })
        .collect();
    let losses = results.iter().filter(|r| r.0 < 0.0).count();
    let varied = a
        .iter()
        .filter(|x| x.spread.is_some_and(|(lo, hi)| hi > lo))
        .filter(|x| {
            matches!(
                x.key,
                "loaded_cost_factor"
                    | "rehire_rate"
                    | "workslop_prevalence"
                    | "workslop_hours_per_incident"
                    | "workslop_incidents_per_month"
                    | "pilot_success_probability"
            )
        })
        .map(|x| format!("{} in [{}, {}]", x.key, x.spread.unwrap().0, x.spread.unwrap().1))
        .chain(std::iter::once("exposure between the lowest and highest of the six measures, per draw".to_string()))
        .chain(std::iter::once("each group's AI pilot succeeds with the drawn probability".to_string()))
        .collect();
    MonteCarlo {
        draws,
        seed,
        net_saving: Some(Quantiles::of(results.iter().map(|r| r.0).collect())),
        net_saving_recurring: Some(Quantiles::of(results.iter().map(|r| r.1).collect())),
        loss_probability: (draws > 0).then(|| losses as f64 / draws as f64),
        varied,
    }
}

/// What the payroll freed buys in compute. The figures priced from the payroll freed are `None`
/// when [`crate::privacy`] withholds it; the prices are assumptions and always shown.
#[derive(Debug, Clone, Serialize)]
pub struct ComputeEquivalent {
    pub payroll_freed: Option<f64>,
    pub h100_equivalent: Option<f64>,
    pub h100_price_usd: f64,
    pub gpu_hours_per_year: Option<f64>,
    pub gpu_hour_price_usd: f64,
    /// H100s rented around the clock for a year.
    pub h100_rented_full_time: Option<f64>,
    pub gigawatts: Option<f64>,
    pub datacentre_cost_per_gw_usd: f64,
    pub capex_usd: Option<f64>,
    pub share_of_capex: Option<f64>,
    pub capex_growth_usd: Option<f64>,
    pub share_of_capex_growth: Option<f64>,
    pub capex_label: Option<String>,
}

pub fn compute_equivalent(payroll_freed: f64, a: &Assumptions, capex: Option<f64>, capex_prior: Option<f64>, label: Option<String>) -> ComputeEquivalent {
    let h100 = a.value("h100_price_usd");
    let hour = a.value("gpu_hour_price_usd");
    let gw = a.value("datacentre_cost_per_gw_usd");
    let growth = match (capex, capex_prior) {
        (Some(c), Some(p)) => Some(c - p),
        _ => None,
    };
    ComputeEquivalent {
        payroll_freed: Some(payroll_freed),
        h100_equivalent: Some(payroll_freed / h100),
        h100_price_usd: h100,
        gpu_hours_per_year: Some(payroll_freed / hour),
        gpu_hour_price_usd: hour,
        h100_rented_full_time: Some(payroll_freed / hour / 8760.0),
        gigawatts: Some(payroll_freed / gw),
        datacentre_cost_per_gw_usd: gw,
        capex_usd: capex,
        share_of_capex: capex.map(|c| payroll_freed / c),
        capex_growth_usd: growth,
        share_of_capex_growth: growth.filter(|g| *g > 0.0).map(|g| payroll_freed / g),
        capex_label: label,
    }
}

/// Severance for one person: max(minimum weeks, weeks per year x tenure) of weekly pay.
pub fn severance(pay: f64, tenure_years: Option<f64>, a: &Assumptions) -> f64 {
    let tenure = tenure_years.unwrap_or(a.value("default_tenure_years"));
    let weeks = (a.value("severance_weeks_per_year") * tenure).max(a.value("severance_minimum_weeks"));
    pay / 52.0 * weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> GroupAgg {
        GroupAgg {
            group: "Ops".into(),
            people_cut: 10.0,
            payroll_cut: 1_000_000.0,
            ai_doable_fte_low: 2.0,
            ai_doable_fte_high: 6.0,
            ai_doable_fte: 4.0,
            severance: 150_000.0,
            adopters: 100.0,
            adopter_payroll: 10_000_000.0,
            relies_on_ai: true,
        }
    }

    #[test]
    fn breakdown_adds_up() {
        let a = Assumptions::default();
        let b = breakdown(&[group()], &a);
        assert!((b.gross_saving.unwrap() - 1_420_000.0).abs() < 1e-6);
        // workslop: 100 adopters x 0.41 x 1 incident x 12 x 1.93 h x (100k / 2080 x 1.42) per h
        let want = 100.0 * 0.41 * 12.0 * 1.93 * (100_000.0 / 2080.0 * 1.42);
        assert!((b.workslop_cost.unwrap() - want).abs() < 1e-6, "{:?} vs {want}", b.workslop_cost);
        // failed pilots: (1 - 0.25) x 4 FTE x 142k
        assert!((b.failed_pilot_cost.unwrap() - 0.75 * 4.0 * 142_000.0).abs() < 1e-6);
        let [gross, rehire, workslop, failed, severance, net, published] =
            [b.gross_saving, b.rehire_cost, b.workslop_cost, b.failed_pilot_cost, b.severance, b.net_saving_first_year, b.workslop_cost_published_rate].map(Option::unwrap);
        assert!((net - (gross - rehire - workslop - failed - severance)).abs() < 1e-6);
        assert!((published - 100.0 * 0.41 * 186.0 * 12.0).abs() < 1e-6);
    }

    #[test]
    fn monte_carlo_is_seeded_and_ordered() {
        let a = Assumptions::default();
        let g = vec![group(), GroupAgg { group: "Eng".into(), ..group() }];
        let net = |m: &MonteCarlo| m.net_saving.unwrap();
        let (m1, m2) = (monte_carlo(&g, &a, 2000, 7), monte_carlo(&g, &a, 2000, 7));
        assert_eq!(net(&m1).p50, net(&m2).p50);
        assert!(net(&m1).p10 <= net(&m1).p50 && net(&m1).p50 <= net(&m1).p90);
        assert!(net(&m1).p90 > net(&m1).p10, "uncertain assumptions must spread the result");
        let m3 = monte_carlo(&g, &a, 2000, 8);
        assert_ne!(net(&m1).mean, net(&m3).mean);
        // Recurring saving has no severance, so it is higher.
        assert!(m1.net_saving_recurring.unwrap().p50 > net(&m1).p50);
    }

    #[test]
    fn certain_pilots_remove_the_backfill_cost() {
        let mut a = Assumptions::default();
        a.set("pilot_success_probability", 1.0).unwrap();
        let b = breakdown(&[group()], &a);
        assert_eq!(b.failed_pilot_cost, Some(0.0));
    }

    #[test]
    fn quantiles_interpolate() {
        let q = Quantiles::of((1..=11).map(f64::from).collect());
        assert_eq!((q.p10, q.p50, q.p90, q.mean), (2.0, 6.0, 10.0, 6.0));
    }

    #[test]
    fn compute_equivalents() {
        let a = Assumptions::default();
        let c = compute_equivalent(2.75e9, &a, Some(131.8e9), Some(83.0e9), None);
        assert!((c.h100_equivalent.unwrap() - 100_000.0).abs() < 1e-6);
        assert!((c.gigawatts.unwrap() - 2.75e9 / 42.5e9).abs() < 1e-12);
        assert!((c.share_of_capex_growth.unwrap() - 2.75e9 / 48.8e9).abs() < 1e-12);
        assert!((c.gpu_hours_per_year.unwrap() - 2.75e9 / 3.5).abs() < 1e-3);
    }

    #[test]
    fn severance_uses_the_minimum_and_tenure() {
        let a = Assumptions::default();
        assert!((severance(52_000.0, Some(1.0), &a) - 8_000.0).abs() < 1e-9);
        assert!((severance(52_000.0, Some(10.0), &a) - 20_000.0).abs() < 1e-9);
        assert!((severance(52_000.0, None, &a) - 8_200.0).abs() < 1e-9);
    }
}
