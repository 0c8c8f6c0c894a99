//! The privacy rule for scenario results, applied once, in the engine, before a result reaches
//! any output (terminal, files, report, web API and pages). Every figure it may withhold is an
//! `Option` in the result types, so a withheld figure cannot be printed by mistake.
//!
//! On top of what the organisation roll-ups already suppress ([`culprit_org::privacy`]):
//! - a cut of fewer than `min_group` people would reveal their pay through the payroll freed and
//!   everything priced from it (savings, severance, the Monte Carlo, compute equivalents): all
//!   withheld, and `pay_suppressed` is set;
//! - an organisation smaller than `min_group` shows no payroll before;
//! - in each partition (departments, layers, levels, and the economics by department) the groups
//!   that lose people add up to the people cut, so a group's payroll before minus after (or its
//!   payroll cut and severance) is the pay of the people it lost. Those figures are withheld for
//!   a group that loses fewer than `min_group` people, and with the partition rule
//!   ([`Privacy::partition`]) the withheld groups together hold at least `min_group` people cut;
//! - the payroll of fewer than `min_group` AI adopters in a group is withheld.

use crate::economics::GroupEconomics;
use crate::result::{CompareRow, ScenarioResult};
use culprit_org::privacy::Privacy;

/// Apply the rule to a result in place. Returns true when the figures priced from the pay of the
/// people cut were withheld.
pub fn apply(r: &mut ScenarioResult, privacy: &Privacy) -> bool {
    let s = &mut r.summary;
    let hide_total = s.people_cut > 0 && !privacy.shows(s.people_cut);
    if !privacy.shows(s.people_before) {
        s.payroll_before = None;
    }
    if hide_total {
        s.pay_suppressed = true;
        s.payroll_freed = None;
        s.payroll_freed_share = None;
        s.gross_saving = None;
        s.net_saving = None;
        s.net_saving_recurring = None;
        s.loss_probability = None;
        s.h100_equivalent = None;
        s.gpu_hours_per_year = None;
        s.gigawatts = None;
        s.share_of_capex = None;
        s.share_of_capex_growth = None;
        let b = &mut r.breakdown;
        for x in [
            &mut b.payroll_freed,
            &mut b.gross_saving,
            &mut b.severance,
            &mut b.rehire_cost,
            &mut b.workslop_cost,
            &mut b.failed_pilot_cost,
            &mut b.net_saving_first_year,
            &mut b.net_saving_recurring,
            &mut b.workslop_cost_published_rate,
        ] {
            *x = None;
        }
        let m = &mut r.monte_carlo;
        (m.net_saving, m.net_saving_recurring, m.loss_probability) = (None, None, None);
        let c = &mut r.compute;
        for x in [
            &mut c.payroll_freed,
            &mut c.h100_equivalent,
            &mut c.gpu_hours_per_year,
            &mut c.h100_rented_full_time,
            &mut c.gigawatts,
            &mut c.share_of_capex,
            &mut c.share_of_capex_growth,
        ] {
            *x = None;
        }
        r.warnings.push(format!(
            "fewer than {} people leave: figures priced from their pay are withheld (privacy threshold, --min-group)",
            privacy.min_group
        ));
    }
    for rows in [&mut r.departments, &mut r.layers, &mut r.levels] {
        compare_rows(rows, privacy, hide_total);
    }
    economics_rows(&mut r.economics_by_department, privacy, hide_total);
    hide_total
}

/// Which rows of a partition must withhold the pay of the people they lost: (row index, shown).
fn cut_partition(cut: &[f64], privacy: &Privacy, hide_all: bool) -> Vec<(usize, bool)> {
    let idx: Vec<usize> = (0..cut.len()).filter(|&i| cut[i] > 0.0).collect();
    let sizes: Vec<u64> = idx.iter().map(|&i| cut[i].round() as u64).collect();
    let shown = privacy.partition(&sizes);
    idx.into_iter().zip(shown).map(|(i, s)| (i, s && !hide_all)).collect()
}

fn compare_rows(rows: &mut [CompareRow], privacy: &Privacy, hide_all: bool) {
    let cut: Vec<f64> = rows.iter().map(|r| r.people_cut as f64).collect();
    for (i, shown) in cut_partition(&cut, privacy, hide_all) {
        if !shown {
            rows[i].pay_suppressed = true;
        }
    }
    for r in rows.iter_mut().filter(|r| r.pay_suppressed) {
        (r.payroll_before, r.payroll_after) = (None, None);
    }
}

fn economics_rows(rows: &mut [GroupEconomics], privacy: &Privacy, hide_all: bool) {
    let cut: Vec<f64> = rows.iter().map(|r| r.people_cut).collect();
    for (i, shown) in cut_partition(&cut, privacy, hide_all) {
        if !shown {
            (rows[i].payroll_cut, rows[i].severance) = (None, None);
        }
    }
    for r in rows.iter_mut() {
        if hide_all {
            (r.payroll_cut, r.severance) = (None, None);
        }
        if r.adopters > 0.0 && !privacy.shows(r.adopters.round() as u64) {
            r.adopter_payroll = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(group: &str, people_cut: u64) -> CompareRow {
        CompareRow {
            group: group.into(),
            people_before: 100,
            people_after: 100 - people_cut,
            people_cut,
            managers_before: 10,
            managers_after: 10,
            mean_span_before: None,
            mean_span_after: None,
            payroll_before: Some(1e6),
            payroll_after: Some(9e5),
            pay_suppressed: false,
            work_removed_fte: 0.0,
            ai_doable_fte: 0.0,
            human_only_fte: 0.0,
        }
    }

    #[test]
    fn a_small_group_cut_takes_the_next_smallest_with_it() {
        let p = Privacy { min_group: 5 };
        let mut rows = vec![row("A", 2), row("B", 9), row("C", 0), row("D", 30)];
        compare_rows(&mut rows, &p, false);
        let hidden: Vec<bool> = rows.iter().map(|r| r.pay_suppressed && r.payroll_before.is_none() && r.payroll_after.is_none()).collect();
        // A lost 2 (hidden); B goes too, or the total cut minus the shown groups would reveal A.
        assert_eq!(hidden, [true, true, false, false]);
    }

    #[test]
    fn the_organisation_rule_is_kept() {
        let p = Privacy { min_group: 5 };
        let mut rows = vec![row("A", 0), row("B", 10)];
        rows[0].pay_suppressed = true;
        compare_rows(&mut rows, &p, false);
        assert!(rows[0].payroll_before.is_none() && rows[1].payroll_before.is_some());
    }

    #[test]
    fn adopters_and_cuts_in_the_economics() {
        let p = Privacy { min_group: 5 };
        let g = |group: &str, people_cut: f64, adopters: f64| GroupEconomics {
            group: group.into(),
            people_cut,
            payroll_cut: Some(1.0),
            ai_doable_fte_low: 0.0,
            ai_doable_fte_high: 0.0,
            ai_doable_fte: 0.0,
            severance: Some(1.0),
            adopters,
            adopter_payroll: Some(1.0),
            relies_on_ai: false,
        };
        let mut rows = vec![g("A", 2.0, 3.0), g("B", 9.0, 30.0), g("C", 20.0, 0.0)];
        economics_rows(&mut rows, &p, false);
        assert!(rows[0].payroll_cut.is_none() && rows[0].severance.is_none() && rows[0].adopter_payroll.is_none());
        assert!(rows[1].payroll_cut.is_none() && rows[1].adopter_payroll.is_some());
        assert!(rows[2].payroll_cut.is_some());
    }
}
