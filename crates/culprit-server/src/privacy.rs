//! Pay suppression for scenario results, on top of what the organisation and scenario engines
//! already suppress. A cut of fewer than `min_group` people would reveal their pay through the
//! payroll freed and everything priced from it; a department that loses fewer than `min_group`
//! people would reveal it through its payroll before minus after. Those figures are removed
//! (null) and `pay_suppressed` is set, with the same partition rule as the organisation roll-ups
//! (the hidden groups together hold at least `min_group` people).

use culprit_org::privacy::Privacy;
use serde_json::{json, Value};

/// Pay-derived keys of the summary, the breakdown, the Monte Carlo and the compute equivalents.
const SUMMARY_PAY: [&str; 10] = [
    "payroll_freed",
    "payroll_freed_share",
    "gross_saving",
    "net_saving",
    "net_saving_recurring",
    "h100_equivalent",
    "gpu_hours_per_year",
    "gigawatts",
    "share_of_capex",
    "share_of_capex_growth",
];
const BREAKDOWN_PAY: [&str; 9] = [
    "payroll_freed",
    "gross_saving",
    "severance",
    "rehire_cost",
    "workslop_cost",
    "failed_pilot_cost",
    "net_saving_first_year",
    "net_saving_recurring",
    "workslop_cost_published_rate",
];
const COMPUTE_PAY: [&str; 7] =
    ["payroll_freed", "h100_equivalent", "gpu_hours_per_year", "h100_rented_full_time", "gigawatts", "share_of_capex", "share_of_capex_growth"];

fn null_keys(v: &mut Value, keys: &[&str]) {
    if let Some(o) = v.as_object_mut() {
        for k in keys {
            if o.contains_key(*k) {
                o.insert((*k).to_string(), Value::Null);
            }
        }
    }
}

/// Apply the rule to a serialised `ScenarioResult` in place.
pub fn redact_run(v: &mut Value, privacy: &Privacy) {
    let people_cut = v["summary"]["people_cut"].as_u64().unwrap_or(0);
    let people_before = v["summary"]["people_before"].as_u64().unwrap_or(0);
    let hide_total = people_cut > 0 && !privacy.shows(people_cut);
    if hide_total {
        null_keys(&mut v["summary"], &SUMMARY_PAY);
        null_keys(&mut v["breakdown"], &BREAKDOWN_PAY);
        null_keys(&mut v["monte_carlo"], &["net_saving", "net_saving_recurring", "loss_probability"]);
        null_keys(&mut v["summary"], &["loss_probability"]);
        null_keys(&mut v["compute"], &COMPUTE_PAY);
    }
    if !privacy.shows(people_before) {
        null_keys(&mut v["summary"], &["payroll_before"]);
    }
    if let Some(o) = v["summary"].as_object_mut() {
        o.insert("pay_suppressed".into(), json!(hide_total));
    }
    // Groups: the people cut in each group form a partition of the cut.
    for key in ["departments", "layers", "levels"] {
        redact_groups(v, key, "people_cut", &["payroll_after"], privacy, hide_total);
    }
    redact_groups(v, "economics_by_department", "people_cut", &["payroll_cut", "severance"], privacy, hide_total);
    if let Some(rows) = v["economics_by_department"].as_array_mut() {
        for r in rows {
            let adopters = r["adopters"].as_f64().unwrap_or(0.0);
            if adopters > 0.0 && !privacy.shows(adopters.round() as u64) {
                null_keys(r, &["adopter_payroll"]);
            }
        }
    }
}

fn redact_groups(v: &mut Value, key: &str, size_key: &str, pay_keys: &[&str], privacy: &Privacy, hide_all: bool) {
    let Some(rows) = v[key].as_array_mut() else { return };
    let idx: Vec<usize> = (0..rows.len()).filter(|&i| rows[i][size_key].as_f64().unwrap_or(0.0) > 0.0).collect();
    let sizes: Vec<u64> = idx.iter().map(|&i| rows[i][size_key].as_f64().unwrap_or(0.0).round() as u64).collect();
    let shown = privacy.partition(&sizes);
    for (k, &i) in idx.iter().enumerate() {
        if hide_all || !shown[k] {
            null_keys(&mut rows[i], pay_keys);
            if let Some(o) = rows[i].as_object_mut() {
                o.insert("pay_suppressed".into(), json!(true));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(cut: u64) -> Value {
        json!({
            "summary": {"people_before": 100, "people_cut": cut, "payroll_before": 1e7, "payroll_freed": 3e5, "payroll_freed_share": 0.03,
                        "gross_saving": 4e5, "net_saving": {"p10": 1.0, "p50": 2.0, "p90": 3.0, "mean": 2.0}, "net_saving_recurring": {"p10": 1.0},
                        "h100_equivalent": 10.0, "gpu_hours_per_year": 1.0, "gigawatts": 0.0, "share_of_capex": null, "share_of_capex_growth": null, "loss_probability": 0.1},
            "breakdown": {"payroll_freed": 3e5, "gross_saving": 4e5, "severance": 1.0, "rehire_cost": 1.0, "workslop_cost": 1.0, "failed_pilot_cost": 1.0,
                          "net_saving_first_year": 1.0, "net_saving_recurring": 1.0, "workslop_cost_published_rate": 1.0, "loaded_cost_factor": 1.3},
            "monte_carlo": {"net_saving": {"p50": 1.0}, "net_saving_recurring": {"p50": 1.0}, "loss_probability": 0.1, "draws": 10},
            "compute": {"payroll_freed": 3e5, "h100_equivalent": 10.0, "h100_price_usd": 30000.0},
            "departments": [
                {"group": "A", "people_cut": 2, "payroll_before": 1e6, "payroll_after": 8e5},
                {"group": "B", "people_cut": 9, "payroll_before": 5e6, "payroll_after": 4e6},
                {"group": "C", "people_cut": 0, "payroll_before": 4e6, "payroll_after": 4e6}
            ],
            "economics_by_department": [
                {"group": "A", "people_cut": 2.0, "payroll_cut": 2e5, "severance": 1.0, "adopters": 3.0, "adopter_payroll": 1.0},
                {"group": "B", "people_cut": 9.0, "payroll_cut": 1e6, "severance": 1.0, "adopters": 30.0, "adopter_payroll": 1.0}
            ]
        })
    }

    #[test]
    fn small_cut_hides_every_pay_figure() {
        let mut v = result(3);
        redact_run(&mut v, &Privacy { min_group: 5 });
        assert!(v["summary"]["payroll_freed"].is_null() && v["summary"]["net_saving"].is_null());
        assert!(v["breakdown"]["severance"].is_null() && v["compute"]["h100_equivalent"].is_null());
        assert_eq!(v["summary"]["pay_suppressed"], json!(true));
        // Not pay: kept.
        assert_eq!(v["compute"]["h100_price_usd"], json!(30000.0));
        assert_eq!(v["breakdown"]["loaded_cost_factor"], json!(1.3));
        assert_eq!(v["summary"]["payroll_before"], json!(1e7));
    }

    #[test]
    fn groups_follow_the_partition_rule() {
        let mut v = result(11);
        redact_run(&mut v, &Privacy { min_group: 5 });
        assert_eq!(v["summary"]["payroll_freed"], json!(3e5));
        let d = v["departments"].as_array().unwrap();
        // A lost 2: hidden; B (the only other group with a cut) must go too, or total - B = A.
        assert!(d[0]["payroll_after"].is_null() && d[1]["payroll_after"].is_null());
        assert_eq!(d[2]["payroll_after"], json!(4e6));
        assert_eq!(d[0]["payroll_before"], json!(1e6));
        let e = v["economics_by_department"].as_array().unwrap();
        assert!(e[0]["payroll_cut"].is_null() && e[1]["payroll_cut"].is_null());
        assert!(e[0]["adopter_payroll"].is_null());
        assert_eq!(e[1]["adopter_payroll"], json!(1.0));
    }
}
