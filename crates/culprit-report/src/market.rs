//! The market page: the monthly index of the WARN register with its before/after band, jobs
//! stacked by exposure band, the sectors, states and companies, layoffs.fyi, what was set apart,
//! the sources and the caveats. The same sections serve `culprit report market` and the dashboard.

use crate::report::{Chart, Section, SimpleTable};
use crate::svg::{Lines, Stacked};
use culprit_evidence::market::barometer::{Barometer, GroupRow};
use culprit_evidence::market::break_test::{BreakTest, Window};
use culprit_evidence::market::Month;

fn pct(x: Option<f64>) -> String {
    x.and_then(|v| culprit_data::numbers::percent(v, 1)).unwrap_or_default()
}

fn num(x: f64) -> String {
    culprit_data::numbers::grouped(x, 0).unwrap_or_else(|| "n/a".into())
}

fn idx(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite()).map(|v| format!("{v:.2}")).unwrap_or_default()
}

fn window(w: &Window) -> String {
    format!("{} [95% CI {} to {}]", idx(w.index), idx(w.ci_low), idx(w.ci_high))
}

/// One sentence on a break test.
pub fn break_sentence(source: &str, bt: &BreakTest) -> String {
    let Some(d) = bt.difference else {
        return format!("{source}: not enough months on both sides of {} for a before/after comparison.", bt.break_month);
    };
    let (lo, hi) = (bt.difference_ci_low.unwrap_or(f64::NAN), bt.difference_ci_high.unwrap_or(f64::NAN));
    let verdict = if lo > 0.0 {
        "the jobs cut have moved towards more exposed industries since then"
    } else if hi < 0.0 {
        "the jobs cut have moved towards less exposed industries since then"
    } else {
        "the interval of the difference includes zero: no shift towards more exposed industries can be told from noise"
    };
    format!(
        "{source}: index {} before {} ({} months) and {} from {} on ({} months); difference {d:+.3} [95% CI {lo:+.3} to {hi:+.3}]: {verdict}.",
        window(&bt.before),
        bt.break_month,
        bt.before.months,
        window(&bt.after),
        bt.break_month,
        bt.after.months
    )
}

fn group_table(title: &str, rows: &[GroupRow], emp_header: &str) -> SimpleTable {
    let mut t = SimpleTable {
        title: title.into(),
        headers: ["", "notices", "jobs", "jobs exposure", emp_header, "index", "index before", "index after"].iter().map(|s| s.to_string()).collect(),
        numeric: vec![1, 2, 3, 4, 5, 6, 7],
        ..Default::default()
    };
    for r in rows {
        t.rows.push(vec![r.key.clone(), num(r.notices as f64), num(r.jobs as f64), pct(r.jobs_exposure), pct(r.employment_exposure), idx(r.index), idx(r.index_before), idx(r.index_after)]);
    }
    t
}

/// The index line: monthly, with the pooled before/after level and its interval as a band.
fn index_chart(b: &Barometer) -> Lines {
    let bt = &b.break_test;
    let months: Vec<(Month, f64)> = b
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let m = b.from.plus(if b.by == culprit_evidence::market::barometer::Granularity::Month { i as i32 } else { 3 * i as i32 });
            (m, p.index.unwrap_or(f64::NAN))
        })
        .collect();
    // A level per window, drawn from the first to the last month of each run of months in it
    // (the COVID months and the break cut the runs): two points a run, gaps between.
    let step = |f: &dyn Fn(&Window) -> Option<f64>| -> Vec<(f64, f64)> {
        let mut pts: Vec<(f64, f64)> = Vec::new();
        let mut run: Option<(Month, Month, f64)> = None;
        let flush = |run: &mut Option<(Month, Month, f64)>, pts: &mut Vec<(f64, f64)>| {
            if let Some((a, z, v)) = run.take() {
                pts.push((a.as_year(), v));
                if z != a {
                    pts.push((z.as_year(), v));
                }
                pts.push((z.as_year(), f64::NAN));
            }
        };
        for (m, _) in &months {
            let covid = *m >= b.covid.from && *m <= b.covid.to;
            let w = if *m < bt.break_month { &bt.before } else { &bt.after };
            let v = if covid { None } else { f(w) };
            match (v, &mut run) {
                (Some(v), Some((_, z, rv))) if *rv == v && (*m < bt.break_month) == (*z < bt.break_month) => *z = *m,
                (Some(v), _) => {
                    flush(&mut run, &mut pts);
                    run = Some((*m, *m, v));
                }
                (None, _) => flush(&mut run, &mut pts),
            }
        }
        flush(&mut run, &mut pts);
        pts
    };
    Lines {
        title: format!("Exposure index of the WARN jobs cut ({}), by {}", b.measure, if months.len() == b.periods.len() { "month" } else { "quarter" }),
        unit: "index: exposure of the jobs cut / exposure of employment (1 = as employment)".into(),
        series: vec![
            ("index".into(), "actual".into(), months.iter().map(|(m, v)| (m.as_year(), *v)).collect()),
            ("pooled before / after".into(), "kept".into(), step(&|w| w.index)),
            ("95% CI".into(), "trend".into(), step(&|w| w.ci_low)),
            ("95% CI (high)".into(), "trend".into(), step(&|w| w.ci_high)),
        ],
        markers: vec![(bt.break_month.as_year(), "ChatGPT".into()), (b.covid.from.as_year(), "COVID".into())],
    }
}

/// Every section of the market page.
pub fn market_sections(b: &Barometer) -> Vec<Section> {
    let bt = &b.break_test;
    let m = &b.matching;
    let mut out = Vec::new();
    let levels: Vec<String> = m.by_level.iter().map(|l| format!("{} {}", l.level, pct((m.jobs_matched > 0).then(|| l.jobs as f64 / m.jobs_matched as f64)))).collect();
    let findings = vec![
        format!(
            "From {} to {}, {} jobs in {} WARN notices were matched to an industry exposure: {} of the jobs on dated notices with a count (the rest has no NAICS code or an unknown one). By the level matched: {}.",
            b.from,
            b.to,
            num(m.jobs_matched as f64),
            num(m.notices_matched as f64),
            pct(m.share_jobs_matched),
            levels.join(", ")
        ),
        format!("Employment baseline: {}, {} exposure {}.", b.employment_baseline, b.measure, pct(Some(b.employment_exposure))),
        break_sentence("WARN notices", bt),
        if b.covid.warn_jobs == 0 {
            format!("No notice of the window falls in the COVID months {}..{}, which would be shown and left out of the test.", b.covid.from, b.covid.to)
        } else {
            format!(
                "The COVID months {}..{} ({} jobs, index {}) are shown and left out of the test: the pandemic closures fell on restaurants, hotels and factories, the least exposed industries.",
                b.covid.from,
                b.covid.to,
                num(b.covid.warn_jobs as f64),
                idx(b.covid.index)
            )
        },
    ];
    let stacked = Stacked {
        title: "WARN jobs by the exposure band of their industry".into(),
        unit: "jobs in notices matched to an industry exposure".into(),
        series: vec![("low exposure".into(), "human".into()), ("middle".into(), "kept".into()), ("high exposure".into(), "cut".into())],
        columns: b.periods.iter().map(|p| (p.period.clone(), p.jobs_by_band.iter().map(|j| *j as f64).collect())).collect(),
        label_every: if b.by == culprit_evidence::market::barometer::Granularity::Month { 12 } else { 4 },
    };
    let mut periods = SimpleTable {
        title: format!("By {}", if b.by == culprit_evidence::market::barometer::Granularity::Month { "month" } else { "quarter" }),
        headers: ["period", "WARN jobs", "notices", "jobs exposure", "index", "low / middle / high jobs", "set apart (jobs)", "layoffs.fyi jobs", "fyi index", "note"].iter().map(|s| s.to_string()).collect(),
        numeric: vec![1, 2, 3, 4, 6, 7, 8],
        ..Default::default()
    };
    for p in &b.periods {
        let note = [p.covid.then_some("COVID"), p.partial.then_some("partial")].into_iter().flatten().collect::<Vec<_>>().join(", ");
        periods.rows.push(vec![
            p.period.clone(),
            num(p.warn_jobs as f64),
            num(p.warn_notices as f64),
            pct(p.jobs_exposure),
            idx(p.index),
            format!("{} / {} / {}", num(p.jobs_by_band[0] as f64), num(p.jobs_by_band[1] as f64), num(p.jobs_by_band[2] as f64)),
            format!("{} ({})", num(p.set_apart_notices as f64), num(p.set_apart_jobs as f64)),
            num(p.fyi_jobs as f64),
            idx(p.fyi_index),
            note,
        ]);
    }
    out.push(Section {
        id: "barometer".into(),
        title: "Are AI-exposed jobs cut more than employment would predict?".into(),
        findings,
        charts: vec![Chart::Lines(index_chart(b)), Chart::Stacked(stacked)],
        tables: vec![periods],
        method: vec![bt.method.clone()],
    });

    let mut bands = SimpleTable { title: "By exposure band".into(), headers: ["band", "industry exposure", "jobs", "share before", "share after"].iter().map(|s| s.to_string()).collect(), numeric: vec![2, 3, 4], ..Default::default() };
    for r in &b.bands {
        let range = match (r.exposure_from, r.exposure_to) {
            (None, Some(h)) => format!("<= {}", pct(Some(h))),
            (Some(l), Some(h)) => format!("{} - {}", pct(Some(l)), pct(Some(h))),
            (Some(l), None) => format!("> {}", pct(Some(l))),
            _ => String::new(),
        };
        bands.rows.push(vec![r.band.clone(), range, num(r.jobs as f64), pct(r.share_before), pct(r.share_after)]);
    }
    let mut measures = SimpleTable { title: "Every measure (pooled index, COVID months left out)".into(), headers: ["measure", "employment exposure", "index before", "index after"].iter().map(|s| s.to_string()).collect(), numeric: vec![1, 2, 3], ..Default::default() };
    for r in &b.by_measure {
        measures.rows.push(vec![r.measure.clone(), pct(Some(r.employment_exposure)), idx(r.index_before), idx(r.index_after)]);
    }
    let top_sector = b.by_sector.first().map(|s| format!("The most jobs were cut in {} ({} jobs, within-sector index {}).", s.key, num(s.jobs as f64), idx(s.index))).unwrap_or_default();
    out.push(Section {
        id: "breakdowns".into(),
        title: "Exposure bands, sectors and states".into(),
        findings: vec![
            "Bands: the 3-digit OEWS industries ranked by exposure and cut where their employment reaches a third and two thirds; a notice takes its industry's band.".into(),
            format!("{top_sector} A sector's index compares its jobs cut with its own employment: it shows a shift inside the sector, which the national index cannot tell from a shift between sectors."),
        ],
        charts: vec![],
        tables: vec![bands, group_table("By sector", &b.by_sector, "sector employment exposure"), group_table("By state (top)", &b.by_state, "employment exposure"), measures],
        method: vec![],
    });

    let mut co = SimpleTable {
        title: "Companies with WARN jobs in the window (by the larger of their WARN and layoffs.fyi jobs)".into(),
        headers: ["company", "ticker", "WARN jobs", "notices", "industry", "exposure", "layoffs.fyi jobs", "evidence"].iter().map(|s| s.to_string()).collect(),
        numeric: vec![2, 3, 5, 6],
        ..Default::default()
    };
    for r in &b.top_companies {
        co.rows.push(vec![
            r.company.clone(),
            r.ticker.clone().unwrap_or_default(),
            num(r.warn_jobs as f64),
            num(r.warn_notices as f64),
            r.industry.clone().unwrap_or_else(|| "(no NAICS)".into()),
            pct(r.exposure),
            num(r.fyi_jobs as f64),
            r.evidence.clone(),
        ]);
    }
    out.push(Section {
        id: "companies".into(),
        title: "Companies".into(),
        findings: vec!["WARN jobs and layoffs.fyi jobs are never added: one cut can be in both. `culprit market companies --year 2025` lists every company of a year.".into()],
        charts: vec![],
        tables: vec![co],
        method: vec![],
    });

    let f = &b.layoffs_fyi;
    let mut labels = SimpleTable { title: "layoffs.fyi industry labels and the sector used".into(), headers: ["label", "NAICS sector", "events", "jobs"].iter().map(|s| s.to_string()).collect(), numeric: vec![2, 3], ..Default::default() };
    for (l, s, n, j) in &f.by_label {
        labels.rows.push(vec![l.clone(), s.clone(), num(*n as f64), num(*j as f64)]);
    }
    let mut fa = SimpleTable { title: "layoffs.fyi events set apart".into(), headers: ["reason", "events", "jobs"].iter().map(|s| s.to_string()).collect(), numeric: vec![1, 2], ..Default::default() };
    for (_, l, n, j) in &f.set_apart {
        fa.rows.push(vec![l.clone(), num(*n as f64), num(*j as f64)]);
    }
    out.push(Section {
        id: "layoffs-fyi".into(),
        title: "The same for layoffs.fyi".into(),
        findings: vec![format!("{} of {} events used ({} jobs).", num(f.events_used as f64), num(f.events_read as f64), num(f.jobs_used as f64)), break_sentence("layoffs.fyi", &f.break_test), f.caveat.clone()],
        charts: vec![],
        tables: vec![labels, fa],
        method: vec![f.rule.clone()],
    });

    let u = &b.unmatched;
    let mut reasons = SimpleTable { title: format!("Set apart ({})", u.scope), headers: ["reason", "notices", "jobs"].iter().map(|s| s.to_string()).collect(), numeric: vec![1, 2], ..Default::default() };
    for r in &u.reasons {
        reasons.rows.push(vec![r.label.clone(), num(r.notices as f64), num(r.jobs as f64)]);
    }
    let mut lv = SimpleTable { title: "Notices matched, by the level of the industry used".into(), headers: ["level", "notices", "jobs", "fell back from a more detailed code"].iter().map(|s| s.to_string()).collect(), numeric: vec![1, 2, 3], ..Default::default() };
    for l in &m.by_level {
        lv.rows.push(vec![l.level.clone(), num(l.notices as f64), num(l.jobs as f64), num(l.fallback_notices as f64)]);
    }
    let mut tables = vec![reasons, lv];
    if !u.unknown_naics_codes.is_empty() {
        let mut c = SimpleTable { title: "Unknown NAICS codes".into(), headers: ["code", "notices", "jobs"].iter().map(|s| s.to_string()).collect(), numeric: vec![1, 2], ..Default::default() };
        for x in &u.unknown_naics_codes {
            c.rows.push(vec![x.naics.clone(), num(x.notices as f64), num(x.jobs as f64)]);
        }
        tables.push(c);
    }
    out.push(Section {
        id: "set-apart".into(),
        title: "What was set apart, and how notices were matched".into(),
        findings: vec![format!("{} notices ({} jobs) are counted apart, one reason each; none is in the index. `culprit market barometer --notices FILE` lists every notice with its status.", num(u.notices as f64), num(u.jobs as f64)), m.rule.clone()],
        charts: vec![],
        tables,
        method: vec![],
    });

    out.push(Section {
        id: "caveats".into(),
        title: "Caveats, rules and sources".into(),
        findings: b.caveats.clone(),
        charts: vec![],
        tables: vec![],
        method: b.rules.iter().chain(b.sources.iter()).cloned().collect(),
    });
    out
}

/// The summary lines of the page.
pub fn market_summary(b: &Barometer) -> Vec<String> {
    vec![
        break_sentence("WARN notices", &b.break_test),
        format!("{} of the WARN jobs could be matched to an industry exposure; notices without NAICS, jobs or a usable date are counted apart.", pct(b.matching.share_jobs_matched)),
        "Industry exposure is not the exposure of the people cut, a notice is not a reason, and WARN covers only large layoffs (California is missing).".into(),
    ]
}
