//! The self-contained HTML report (styles and charts inline, nothing loaded from the network)
//! and the same content as JSON. A report is a title, a plain-language summary, sections built
//! from the typed results of the analyses, the assumptions used and every source.

use crate::svg::{escape, short_number, Bars, Fan, Lines, Scatter, Stacked};
use culprit_data::catalog::Catalog;
use culprit_data::lookup::OccupationView;
use culprit_data::national::MeasureSummary;
use culprit_evidence::scorecard::{self, Cell, Scorecard};
use culprit_org::Analysis;
use culprit_scenario::economics::Quantiles;
use culprit_scenario::ScenarioResult;
use serde::Serialize;
use std::fmt::Write;

pub const CAVEAT: &str = "Exposure is technical feasibility (could an LLM, alone or with software built on it, halve the time a task takes at equal quality?), not a probability that a job is lost.";

/// A chart, kept as data (for JSON) and drawn by the one SVG renderer: the svg types themselves.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Chart {
    Bars(Bars),
    Lines(Lines),
    Fan(Fan),
    Scatter(Scatter),
    Stacked(Stacked),
}

impl Chart {
    pub fn svg(&self) -> String {
        match self {
            Chart::Bars(b) => b.render(),
            Chart::Lines(l) => l.render(),
            Chart::Fan(f) => f.render(),
            Chart::Scatter(x) => x.render(),
            Chart::Stacked(c) => c.render(),
        }
    }
}

/// A small table of formatted cells; `numeric` columns are right-aligned.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SimpleTable {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// Plain sentences that say what the section shows.
    pub findings: Vec<String>,
    pub charts: Vec<Chart>,
    pub tables: Vec<SimpleTable>,
    /// Method notes and sources specific to the section.
    pub method: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceLine {
    pub what: String,
    pub citation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub subtitle: String,
    /// The plain-language summary at the top.
    pub summary: Vec<String>,
    pub sections: Vec<Section>,
    pub assumptions: Vec<(String, String, String, String)>,
    pub sources: Vec<SourceLine>,
    pub caveat: &'static str,
    pub generated_by: String,
}

impl Report {
    pub fn new(title: impl Into<String>, subtitle: impl Into<String>) -> Report {
        Report {
            title: title.into(),
            subtitle: subtitle.into(),
            summary: Vec::new(),
            sections: Vec::new(),
            assumptions: Vec::new(),
            sources: default_sources(),
            caveat: CAVEAT,
            generated_by: format!("culprit {}", env!("CARGO_PKG_VERSION")),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("report serialises")
    }

    pub fn add_source(&mut self, what: &str, citation: &str) {
        if !self.sources.iter().any(|s| s.what == what && s.citation == citation) {
            self.sources.push(SourceLine { what: what.into(), citation: citation.into() });
        }
    }
}

fn default_sources() -> Vec<SourceLine> {
    let s = |w: &str, c: &str| SourceLine { what: w.into(), citation: c.into() };
    vec![
        s("Tasks, titles, occupations", "O*NET 29.2 Database, U.S. Department of Labor, Employment and Training Administration (USDOL/ETA), CC BY 4.0"),
        s("Task exposure labels (E0/E1/E2, GPT-4 and human)", "Eloundou, Manning, Mishkin, Rock (2024), GPTs are GPTs, Science 384(6702); labels MIT licence"),
        s("AI applicability (second measure)", "Tomlinson, Jaffe, Wang, Counts, Suri (2025), Working with AI, arXiv:2507.07935, CC BY 4.0"),
        s("Employment and wages", "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2025"),
        s("Crosswalk", "O*NET-SOC 2019 to SOC 2018 crosswalk, O*NET Resource Center"),
    ]
}

fn money(x: f64) -> String {
    if x.is_finite() {
        format!("{}${}", if x < 0.0 { "-" } else { "" }, short_number(x.abs()))
    } else {
        "n/a".into()
    }
}

/// A figure the privacy rule may withhold, for the formatters and charts below, which show a
/// non-finite number as "n/a" (and JSON as null).
fn shown(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

fn shown_q(q: Option<Quantiles>) -> Quantiles {
    q.unwrap_or(Quantiles { p10: f64::NAN, p50: f64::NAN, p90: f64::NAN, mean: f64::NAN })
}

fn pct(x: f64) -> String {
    culprit_data::numbers::percent(x, 1).unwrap_or_else(|| "n/a".into())
}

fn num(x: f64) -> String {
    culprit_data::numbers::grouped(x, 0).unwrap_or_else(|| "n/a".into())
}

// ---------------------------------------------------------------------------------------------
// Sections from each analysis.

/// National exposure figures.
pub fn national_section(rows: &[MeasureSummary]) -> Section {
    let chart = Chart::Bars(Bars {
        title: "Share of U.S. workers in occupations with at least half of their tasks exposed".into(),
        unit: "share of covered employment (OEWS May 2025)".into(),
        percent: true,
        rows: rows.iter().map(|r| (r.measure.clone(), r.share_ge_50pct, if r.measure.starts_with("human") { "specific".into() } else { "generic".into() })).collect(),
        second: None,
        first_label: None,
    });
    let mut t = SimpleTable { title: "National exposure by measure".into(), headers: vec!["measure".into(), ">= 10% of tasks".into(), ">= 50% of tasks".into(), "mean".into(), "workers covered".into()], numeric: vec![1, 2, 3, 4], ..Default::default() };
    for r in rows {
        t.rows.push(vec![r.measure.clone(), pct(r.share_ge_10pct), pct(r.share_ge_50pct), pct(r.mean), num(r.covered_employment)]);
    }
    let beta = rows.iter().find(|r| r.measure == "human_beta");
    Section {
        id: "national".into(),
        title: "How exposed is U.S. work?".into(),
        findings: beta
            .map(|b| vec![format!(
                "Under the human-rated beta measure, {} of covered workers are in occupations with at least 10% of tasks exposed and {} with at least half (the paper: about 80% and 19%; the threshold shares depend on the aggregation rule).",
                pct(b.share_ge_10pct),
                pct(b.share_ge_50pct)
            )])
            .unwrap_or_default(),
        charts: vec![chart],
        tables: vec![t],
        method: rows.first().map(|r| vec![format!("Rule: {}", r.rule)]).unwrap_or_default(),
    }
}

/// Theory against observed use: one point per SOC occupation with both figures and employment,
/// x = human beta (could), y = observed exposure (does), sized by employment; `marked` SOC codes
/// (the occupation shown, or the roles cut) drawn in the cut colour.
pub fn theory_vs_use_chart(cat: &Catalog, marked: &[String], title: &str) -> Chart {
    let mut points = Vec::new();
    for s in &cat.socs {
        let (Some(e), Some(o), Some(emp)) = (s.exposure, s.observed.and_then(|o| o.exposure), s.employment) else { continue };
        let x = e[culprit_data::exposure::Measure::HumanBeta as usize];
        let m = marked.iter().any(|c| c == &s.soc);
        points.push((if m { format!("{} {}", s.soc, s.title) } else { s.title.clone() }, x, o, emp, m));
    }
    let n = points.len();
    Chart::Scatter(Scatter {
        title: title.into(),
        x_label: "exposed in theory (human beta, share of task time)".into(),
        y_label: "exposed and used (observed exposure)".into(),
        points,
        note: format!("{n} SOC occupations with both figures and OEWS employment; area ~ employment; dashed: used as much as exposed. Use: Anthropic Economic Index 2025-03-27."),
    })
}

/// The theory-against-use section: the chart and the national observed figures.
pub fn theory_vs_use_section(cat: &Catalog, rows: &[MeasureSummary], marked: &[String], what: &str) -> Section {
    let get = |m: &str| rows.iter().find(|r| r.measure == m);
    let mut findings = Vec::new();
    if let (Some(b), Some(o)) = (get("human_beta"), get("observed_exposure")) {
        if o.mean.is_finite() {
            findings.push(format!(
                "Across U.S. employment, occupations are {} exposed in theory (human beta) and {} in observed use (observed exposure); {} of the release's Claude use joined a catalog task.",
                pct(b.mean),
                pct(o.mean),
                o.usage_matched.map(pct).unwrap_or("n/a".into())
            ));
        }
    }
    Section {
        id: "theory-vs-use".into(),
        title: "Could versus does: exposure in theory against observed AI use".into(),
        findings,
        charts: vec![theory_vs_use_chart(cat, marked, &format!("Theory against observed use, one point per occupation ({what} marked)"))],
        tables: vec![],
        method: vec![format!("observed exposure: {}", culprit_data::observed::RULE_EXPOSURE)],
    }
}

/// One occupation: measures and tasks.
pub fn occupation_section(v: &OccupationView) -> Section {
    let rows: Vec<(String, f64, String)> = v.measures.iter().filter_map(|m| Some((m.measure.to_string(), m.value?, if m.measure.starts_with("human") { "specific".into() } else { "generic".into() }))).collect();
    let mut tasks = SimpleTable { title: format!("Tasks of {} by exposure (human beta)", v.title), headers: vec!["task".into(), "type".into(), "human".into(), "GPT-4".into()], ..Default::default() };
    for t in v.tasks.iter().take(30) {
        tasks.rows.push(vec![t.task.clone(), format!("{:?}", t.task_type), t.human_label.map(|l| format!("{l:?}")).unwrap_or("-".into()), t.gpt4_label.map(|l| format!("{l:?}")).unwrap_or("-".into())]);
    }
    Section {
        id: format!("occupation-{}", v.soc),
        title: format!("{} {}", v.soc, v.title),
        findings: vec![format!(
            "{} people work as {} (OEWS May 2025), median annual wage {}.",
            v.employment.map(num).unwrap_or("an unknown number of".into()),
            v.title.to_lowercase(),
            v.annual_median_wage.map(money).unwrap_or("n/a".into())
        )],
        charts: vec![Chart::Bars(Bars { title: "Exposure under each measure".into(), unit: "share of task time exposed".into(), percent: true, rows, second: None, first_label: None })],
        tables: vec![tasks],
        method: vec![],
    }
}

/// The exposure charts of an organisation: by department (mean over measures) and of its largest
/// occupations. Shared by the report's organisation section and the dashboard's organisation page.
pub fn org_exposure_charts(a: &Analysis) -> [Chart; 2] {
    let mut depts: Vec<_> = a.rollups.departments.iter().filter(|d| d.exposure.exposure_mean.is_some()).collect();
    depts.sort_by(|x, y| y.exposure.exposure_mean.partial_cmp(&x.exposure.exposure_mean).unwrap());
    let exposure = Chart::Bars(Bars {
        title: "Exposure by department (mean over measures)".into(),
        unit: "share of task time exposed; technical feasibility, not job loss".into(),
        percent: true,
        rows: depts.iter().map(|d| (d.group.clone(), d.exposure.exposure_mean.unwrap_or(0.0), "ai".into())).collect(),
        second: None,
        first_label: None,
    });
    let mut occs: Vec<_> = a.rollups.occupations.iter().filter(|o| o.exposure.exposure_mean.is_some()).collect();
    occs.sort_by(|x, y| y.people.cmp(&x.people));
    occs.truncate(12);
    let occ_chart = Chart::Bars(Bars {
        title: "Exposure of the largest occupations in the organisation".into(),
        unit: "share of task time exposed".into(),
        percent: true,
        rows: occs.iter().map(|o| (o.group.clone(), o.exposure.exposure_mean.unwrap_or(0.0), "ai".into())).collect(),
        second: None,
        first_label: None,
    });
    [exposure, occ_chart]
}

/// The exposure of an organisation as a section of its own (the dashboard's organisation page).
pub fn org_exposure_section(a: &Analysis) -> Section {
    let st = &a.summary.exposure.stats;
    Section {
        id: "exposure".into(),
        title: "Exposure".into(),
        findings: vec![format!(
            "{} people coded to an occupation ({} with low confidence), {} not coded; exposure is the share of an occupation's task time that AI could technically do, not a probability of losing a job.",
            num(st.coded as f64),
            num(st.low_confidence as f64),
            num(st.uncoded as f64)
        )],
        charts: org_exposure_charts(a).into(),
        tables: vec![],
        method: vec![format!("Job titles coded by {}.", a.coding.coder)],
    }
}

/// An organisation: structure, pay (suppressed below the privacy threshold) and exposure.
pub fn org_section(a: &Analysis) -> Section {
    let s = &a.summary.spans;
    let layers = Chart::Bars(Bars {
        title: "People by layer".into(),
        unit: "people (layer 1 is the top)".into(),
        percent: false,
        rows: a.rollups.layers.iter().map(|l| (format!("layer {}", l.group), l.people as f64, "kept".into())).collect(),
        second: None,
        first_label: None,
    });
    let [exposure, occ_chart] = org_exposure_charts(a);
    let mut t = SimpleTable {
        title: "Departments".into(),
        headers: vec!["department".into(), "people".into(), "managers".into(), "mean span".into(), "payroll".into(), "exposure".into(), "AI-doable FTE".into(), "low-confidence codes".into()],
        numeric: vec![1, 2, 3, 4, 5, 6, 7],
        ..Default::default()
    };
    for d in &a.rollups.departments {
        t.rows.push(vec![
            d.group.clone(),
            num(d.people as f64),
            num(d.managers as f64),
            d.mean_span.map(|x| format!("{x:.1}")).unwrap_or("-".into()),
            if d.pay_suppressed { "suppressed".into() } else { d.payroll.map(money).unwrap_or("-".into()) },
            d.exposure.exposure_mean.map(pct).unwrap_or("-".into()),
            num(d.exposure.ai_doable_fte),
            num(d.exposure.low_confidence as f64),
        ]);
    }
    Section {
        id: "organisation".into(),
        title: "The organisation".into(),
        findings: vec![format!(
            "{} people, {} managers, {} layers, median span {:.1}; {} of the managers are off their archetype target.",
            num(s.people as f64),
            num(s.managers as f64),
            s.layers,
            s.median_span,
            pct(a.spans.summary.managers_off_target_share)
        )],
        charts: vec![layers, exposure, occ_chart],
        tables: vec![t],
        method: vec![
            "Layers count from the top (1). Spans count direct reports of managers only. Pay is not shown for groups below the privacy threshold.".into(),
            format!("Job titles coded by {}.", a.coding.coder),
        ],
    }
}

/// One scenario: who leaves, work, load, money, compute.
pub fn scenario_section(r: &ScenarioResult) -> Section {
    let s = &r.summary;
    let layers = Chart::Bars(Bars {
        title: "People by layer, as-is and to-be".into(),
        unit: "people".into(),
        percent: false,
        rows: r.layers.iter().map(|l| (format!("layer {}", l.group), l.people_before as f64, "asis".into())).collect(),
        second: Some(("to-be".into(), r.layers.iter().map(|l| l.people_after as f64).collect())),
        first_label: Some("as-is".into()),
    });
    let load = Chart::Bars(Bars {
        title: "Survivors by added workload".into(),
        unit: "people who stay, by the work added per person in their team".into(),
        percent: false,
        rows: r.load.distribution.iter().map(|(k, v)| (k.clone(), *v as f64, if k.contains("15-30") || k.contains("over") { "warn".into() } else { "kept".into() })).collect(),
        second: None,
        first_label: None,
    });
    let work = Chart::Bars(Bars {
        title: "Work removed with the people who leave".into(),
        unit: format!("FTE, split by exposure ({})", s.measure),
        percent: false,
        rows: vec![("AI-doable".into(), s.ai_doable_fte, "ai".into()), ("human-only".into(), s.human_only_fte, "human".into())],
        second: None,
        first_label: None,
    });
    let c = &r.compute;
    let mut compute_rows = vec![("payroll freed".to_string(), shown(c.payroll_freed), "cut".to_string())];
    if let Some(g) = c.capex_growth_usd {
        compute_rows.push(("capex growth".into(), g, "tobe".into()));
    }
    if let Some(x) = c.capex_usd {
        compute_rows.push(("capex".into(), x, "tobe".into()));
    }
    let compute = Chart::Bars(Bars { title: "Payroll freed next to capital spending".into(), unit: c.capex_label.clone().unwrap_or("USD per year".into()), percent: false, rows: compute_rows, second: None, first_label: None });
    let fan = Chart::Fan(Fan {
        title: "Net saving, first year (p10 / p50 / p90)".into(),
        unit: format!("USD; {} Monte Carlo draws, seed {}", r.monte_carlo.draws, r.monte_carlo.seed),
        rows: vec![
            ("first year".into(), shown_q(r.monte_carlo.net_saving).p10, shown_q(r.monte_carlo.net_saving).p50, shown_q(r.monte_carlo.net_saving).p90),
            ("later years".into(), shown_q(r.monte_carlo.net_saving_recurring).p10, shown_q(r.monte_carlo.net_saving_recurring).p50, shown_q(r.monte_carlo.net_saving_recurring).p90),
        ],
    });
    let b = &r.breakdown;
    let money_t = SimpleTable {
        title: "Where the saving goes".into(),
        headers: vec!["item".into(), "amount".into()],
        numeric: vec![1],
        rows: vec![
            vec!["gross saving per year (payroll freed x loaded cost)".into(), money(shown(b.gross_saving))],
            vec!["severance (one-off)".into(), money(-shown(b.severance))],
            vec!["rehires per year".into(), money(-shown(b.rehire_cost))],
            vec![format!("workslop per year ({} AI users)", num(s.ai_adopters as f64)), money(-shown(b.workslop_cost))],
            vec!["failed AI pilots per year (work backfilled)".into(), money(-shown(b.failed_pilot_cost))],
            vec!["net saving, first year, at the assumptions' values".into(), money(shown(b.net_saving_first_year))],
        ],
    };
    let mut teams = SimpleTable {
        title: "Most loaded receiving teams".into(),
        headers: vec!["manager".into(), "department".into(), "team".into(), "people lost into team".into(), "added load per person".into()],
        numeric: vec![2, 3, 4],
        ..Default::default()
    };
    for t in r.teams.iter().take(10) {
        teams.rows.push(vec![t.manager_id.clone(), t.department.clone(), num(t.team_size as f64), num(t.people_lost_into_team as f64), pct(t.added_load_per_person)]);
    }
    let mut findings = vec![
        format!(
            "{} people leave ({} managers), freeing {} a year of payroll ({} of payroll).",
            num(s.people_cut as f64),
            num(s.managers_removed as f64),
            money(shown(s.payroll_freed)),
            pct(shown(s.payroll_freed_share))
        ),
        format!(
            "Of the {} FTE of work that leaves with them, {} FTE is AI-doable under {} ({} to {} across measures); {} FTE is human-only and lands on the teams that stay: {} teams gain more than +{:.0}% per person.",
            num(s.work_removed_fte),
            num(s.ai_doable_fte),
            s.measure,
            num(s.ai_doable_fte_low),
            num(s.ai_doable_fte_high),
            num(s.human_only_fte),
            num(s.teams_overloaded as f64),
            r.load.threshold * 100.0
        ),
        format!(
            "Net saving in the first year: p10 {}, p50 {}, p90 {}; the plan loses money in {} of draws once severance, rehires, workslop and failed pilots are counted.",
            money(shown_q(s.net_saving).p10),
            money(shown_q(s.net_saving).p50),
            money(shown_q(s.net_saving).p90),
            pct(shown(s.loss_probability))
        ),
        format!(
            "The payroll freed buys about {} H100s, or {} of data-centre capacity{}.",
            num(shown(s.h100_equivalent)),
            if shown(s.gigawatts) >= 0.1 { format!("{:.2} GW", shown(s.gigawatts)) } else { format!("{:.0} MW", shown(s.gigawatts) * 1000.0) },
            s.share_of_capex.map(|x| format!(", {} of {}", pct(x), c.capex_label.clone().unwrap_or("capex".into()))).unwrap_or_default()
        ),
        format!("Layers {} -> {}; median span {:.1} -> {:.1}.", s.layers_before, s.layers_after, s.median_span_before, s.median_span_after),
    ];
    findings.extend(r.warnings.iter().map(|w| format!("Warning: {w}")));
    Section {
        id: format!("scenario-{}", slug(&s.scenario)),
        title: format!("Scenario: {}", s.scenario),
        findings,
        charts: vec![fan, work, load, layers, compute],
        tables: vec![money_t, teams],
        method: vec![
            "Work removed: 1 FTE per person who leaves, split by their occupation's exposure; human-only work goes to the team of the nearest remaining manager; AI-doable work also lands there when the AI deployment fails (1 - pilot success probability).".into(),
            "Costs: severance by weeks of pay, rehires (rate x saving), workslop (AI users x prevalence x incidents x hours x loaded pay), failed pilots (AI-doable work backfilled). See docs/scenario.md.".into(),
            format!("Monte Carlo: {}.", r.monte_carlo.varied.join("; ")),
        ],
    }
}

/// Several scenarios side by side.
pub fn compare_section(results: &[&ScenarioResult]) -> Section {
    let fan = Chart::Fan(Fan {
        title: "Net saving, first year, by plan (p10 / p50 / p90)".into(),
        unit: "USD".into(),
        rows: results.iter().map(|r| (r.summary.scenario.clone(), shown_q(r.summary.net_saving).p10, shown_q(r.summary.net_saving).p50, shown_q(r.summary.net_saving).p90)).collect(),
    });
    let mut t = SimpleTable { title: "Plans side by side".into(), headers: vec!["".into()], numeric: (1..=results.len()).collect(), ..Default::default() };
    t.headers.extend(results.iter().map(|r| r.summary.scenario.clone()));
    let mut row = |name: &str, f: &dyn Fn(&ScenarioResult) -> String| {
        let mut v = vec![name.to_string()];
        v.extend(results.iter().map(|r| f(r)));
        t.rows.push(v);
    };
    row("people cut", &|r| num(r.summary.people_cut as f64));
    row("payroll freed", &|r| money(shown(r.summary.payroll_freed)));
    row("AI-doable FTE removed", &|r| num(r.summary.ai_doable_fte));
    row("human-only FTE removed", &|r| num(r.summary.human_only_fte));
    row("teams over the load threshold", &|r| num(r.summary.teams_overloaded as f64));
    row("net saving p50", &|r| money(shown_q(r.summary.net_saving).p50));
    row("probability of a first-year loss", &|r| pct(shown(r.summary.loss_probability)));
    row("H100 equivalent", &|r| num(shown(r.summary.h100_equivalent)));
    Section { id: "compare".into(), title: "Plans compared".into(), findings: vec![], charts: vec![fan], tables: vec![t], method: vec![] }
}

fn cell(c: &Cell) -> String {
    match serde_json::to_value(c).unwrap_or_default() {
        serde_json::Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if x.abs() < 1.0 && x != 0.0 {
                format!("{:.3}", x)
            } else {
                num(x)
            }
        }
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => "-".into(),
        v => v.to_string(),
    }
}

fn cell_f64(c: &Cell) -> Option<f64> {
    serde_json::to_value(c).ok()?.as_f64()
}

/// A company scorecard: the three explanations with their charts.
pub fn company_sections(card: &Scorecard) -> Vec<Section> {
    let mut out = Vec::new();
    for sec in &card.sections {
        let mut charts = Vec::new();
        let id = format!("{:?}", sec.explanation).to_lowercase();
        let table_by = |tid: &str| card.tables.iter().find(|t| t.id == tid);
        if id.contains("over") {
            if let Some(t) = table_by("headcount_trend") {
                let col = |name: &str| t.headers.iter().position(|h| h == name);
                if let (Some(y), Some(a), Some(tr)) = (col("year"), col("actual"), col("trend")) {
                    let pts = |c: usize| -> Vec<(f64, f64)> {
                        t.rows.iter().filter_map(|r| Some((cell(&r[y]).replace(',', "").parse::<f64>().ok()?, cell_f64(&r[c]).unwrap_or(f64::NAN)))).collect()
                    };
                    charts.push(Chart::Lines(Lines {
                        title: "Headcount against its pre-2020 trend".into(),
                        unit: "people at year end".into(),
                        series: vec![("actual".into(), "actual".into(), pts(a)), ("pre-2020 trend".into(), "trend".into(), pts(tr))],
                        markers: vec![(2020.0, "pandemic".into())],
                    }));
                }
            }
        } else if id.contains("fund") || id.contains("capex") {
            if let Some(t) = table_by("payroll_freed") {
                let rows = t.rows.iter().filter_map(|r| Some((cell(&r[0]), cell_f64(r.get(2)?)?, "cut".to_string()))).collect();
                charts.push(Chart::Bars(Bars { title: "Payroll freed per year, by pay source".into(), unit: "USD".into(), percent: false, rows, second: None, first_label: None }));
            }
        } else if let Some(role) = sec.indicators.iter().find(|i| i.id == "cut_exposure").and_then(|i| i.value) {
            let mut rows = vec![("roles cut".to_string(), role, "cut".to_string())];
            if let Some(b) = sec.indicators.iter().find(|i| i.id == "baseline_exposure").and_then(|i| i.value) {
                rows.push(("baseline".into(), b, "kept".into()));
            }
            charts.push(Chart::Bars(Bars { title: "Exposure of the roles cut against the baseline".into(), unit: "share of task time exposed (headline measure)".into(), percent: true, rows, second: None, first_label: None }));
        }
        let mut t = SimpleTable { title: "Indicators".into(), headers: vec!["indicator".into(), "value".into(), "detail".into()], numeric: vec![1], ..Default::default() };
        for i in &sec.indicators {
            let v = match i.value {
                Some(x) if i.unit == "share" => pct(x),
                Some(x) if i.unit == "usd" => money(x),
                Some(x) if i.unit == "gw" => format!("{x:.2} GW"),
                Some(x) if i.unit == "months" => format!("{x:.1} months"),
                Some(x) => {
                    if x.abs() < 10.0 && x.fract() != 0.0 {
                        format!("{x:.2}")
                    } else {
                        num(x)
                    }
                }
                None => String::new(),
            };
            t.rows.push(vec![i.name.clone(), v, i.detail.clone().unwrap_or_default()]);
        }
        let mut method: Vec<String> = sec.indicators.iter().map(|i| format!("{}: {}{}", i.name, i.method, if i.sources.is_empty() { String::new() } else { format!(" Sources: {}", i.sources.join("; ")) })).collect();
        method.extend(sec.missing.iter().map(|m| format!("Missing: {m}")));
        let mut tables = vec![t];
        if id.contains("over") {
            // How the answer moves with the window and the acquisitions.
            if let Some(w) = table_by("trend_windows") {
                let mut wt = SimpleTable { title: w.title.clone(), headers: w.headers.clone(), numeric: (1..w.headers.len()).collect(), ..Default::default() };
                for r in &w.rows {
                    wt.rows.push(r.iter().zip(&w.headers).map(|(c, h)| match c {
                        Cell::Number(x) if h.contains("growth") || h.contains("/ trend") => pct(*x),
                        Cell::Number(x) => num(*x),
                        other => cell(other),
                    }).collect());
                }
                tables.push(wt);
            }
        }
        out.push(Section { id, title: sec.title.clone(), findings: vec![sec.finding.clone()], charts, tables, method });
    }
    {
        let mut t = SimpleTable { title: "The three explanations weighed".into(), headers: vec!["explanation".into(), "strength".into(), "deciding number".into(), "why".into()], ..Default::default() };
        for l in &card.verdict.lines {
            let decider = match (&l.deciding_id, l.deciding_value, l.deciding_unit.as_deref()) {
                (Some(id), Some(v), Some("share")) => format!("{id} = {}", pct(v)),
                (Some(id), Some(v), Some("usd")) => format!("{id} = {}", money(v)),
                (Some(id), Some(v), _) => format!("{id} = {}", num(v)),
                _ => String::new(),
            };
            let why = match &l.would_decide {
                Some(w) => format!("{}. Would decide it: {w}.", l.reason),
                None => format!("{}.", l.reason),
            };
            t.rows.push(vec![scorecard::explanation_name(l.explanation).to_string(), l.strength.label().to_string(), decider, why]);
        }
        out.push(Section { id: "verdict".into(), title: "Verdict".into(), findings: vec![card.verdict.summary.clone()], charts: vec![], tables: vec![t], method: vec![format!(
            "Strong / weak / contradicted / cannot tell, by fixed rules: over-hiring is strong when headcount was above its pre-2020 trend before the cut in every window fitted and by more than the cut, contradicted when it was above in none; funding is strong when the payroll freed is at least {} of the capex increase, weak from {}, contradicted below; AI substitution is strong when the roles cut are at least {} points more exposed than the baseline with at least {} of the people cut coded, contradicted when they are that much less exposed (docs/evidence.md).",
            pct(scorecard::FUNDING_STRONG), pct(scorecard::FUNDING_WEAK), (scorecard::EXPOSURE_GAP_MATERIAL * 100.0).round(), pct(scorecard::CODED_SHARE_ENOUGH)
        )] });
    }
    if !card.claims.is_empty() {
        let mut t = SimpleTable { title: "Claims checked".into(), headers: vec!["claim".into(), "verdict".into(), "how".into()], ..Default::default() };
        for c in &card.claims {
            t.rows.push(vec![c.text.clone(), format!("{:?}", c.status), c.sentence.clone()]);
        }
        out.push(Section { id: "claims".into(), title: "Claims checked".into(), findings: vec![], charts: vec![], tables: vec![t], method: vec![] });
    }
    out
}

fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect::<String>().split('-').filter(|x| !x.is_empty()).collect::<Vec<_>>().join("-")
}

// ---------------------------------------------------------------------------------------------
// HTML

const CSS: &str = r#"
:root { --ink:#0f172a; --muted:#475569; --line:#e2e8f0; --accent:#1d4ed8; --warn:#b91c1c; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #f8fafc; line-height: 1.5; }
main { max-width: 980px; margin: 0 auto; padding: 32px 24px 64px; background: #fff; }
h1 { font-size: 28px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 40px 0 8px; border-top: 1px solid var(--line); padding-top: 24px; }
h3 { font-size: 15px; margin: 20px 0 6px; color: var(--muted); }
.subtitle { color: var(--muted); margin: 0 0 20px; }
.summary { background: #eff6ff; border-left: 4px solid var(--accent); padding: 12px 20px; }
.summary li { margin: 6px 0; }
.caveat { font-size: 13px; color: var(--muted); border: 1px solid var(--line); padding: 8px 12px; border-radius: 6px; }
.findings li { margin: 4px 0; }
figure { margin: 16px 0; overflow-x: auto; } svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f1f5f9; font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
details { margin: 8px 0; font-size: 13px; color: var(--muted); } summary { cursor: pointer; }
nav a { margin-right: 12px; font-size: 13px; color: var(--accent); text-decoration: none; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print { body { background: #fff; } main { padding: 0; } h2 { page-break-before: auto; } figure, table { page-break-inside: avoid; } }
"#;

pub fn table_html(t: &SimpleTable) -> String {
    let mut s = String::new();
    if !t.title.is_empty() {
        let _ = write!(s, "<h3>{}</h3>", escape(&t.title));
    }
    s.push_str("<table><thead><tr>");
    for (i, h) in t.headers.iter().enumerate() {
        let _ = write!(s, "<th{}>{}</th>", if t.numeric.contains(&i) { " class=\"num\"" } else { "" }, escape(h));
    }
    s.push_str("</tr></thead><tbody>");
    for r in &t.rows {
        s.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(s, "<td{}>{}</td>", if t.numeric.contains(&i) { " class=\"num\"" } else { "" }, escape(c));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

pub fn section_html(sec: &Section) -> String {
    let mut s = String::new();
    let _ = write!(s, "<section id=\"{}\"><h2>{}</h2>", escape(&sec.id), escape(&sec.title));
    if !sec.findings.is_empty() {
        s.push_str("<ul class=\"findings\">");
        for f in &sec.findings {
            let _ = write!(s, "<li>{}</li>", escape(f));
        }
        s.push_str("</ul>");
    }
    for c in &sec.charts {
        let _ = write!(s, "<figure>{}</figure>", c.svg());
    }
    for t in &sec.tables {
        s.push_str(&table_html(t));
    }
    if !sec.method.is_empty() {
        s.push_str("<details><summary>Method and sources</summary><ul>");
        for m in &sec.method {
            let _ = write!(s, "<li>{}</li>", escape(m));
        }
        s.push_str("</ul></details>");
    }
    s.push_str("</section>");
    s
}

/// The whole report as one self-contained HTML page.
pub fn render_html(r: &Report) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{}</style></head><body><main>",
        escape(&r.title),
        CSS
    );
    let _ = write!(s, "<h1>{}</h1><p class=\"subtitle\">{}</p>", escape(&r.title), escape(&r.subtitle));
    s.push_str("<nav>");
    for sec in &r.sections {
        let _ = write!(s, "<a href=\"#{}\">{}</a>", escape(&sec.id), escape(&sec.title));
    }
    s.push_str("<a href=\"#sources\">Sources</a></nav>");
    if !r.summary.is_empty() {
        s.push_str("<div class=\"summary\"><strong>In short</strong><ul>");
        for l in &r.summary {
            let _ = write!(s, "<li>{}</li>", escape(l));
        }
        s.push_str("</ul></div>");
    }
    let _ = write!(s, "<p class=\"caveat\">{}</p>", escape(r.caveat));
    for sec in &r.sections {
        s.push_str(&section_html(sec));
    }
    s.push_str("<section id=\"sources\"><h2>Assumptions and sources</h2>");
    if !r.assumptions.is_empty() {
        let t = SimpleTable {
            title: "Assumptions (every one can be overridden; culprit scenario explain)".into(),
            headers: vec!["assumption".into(), "value".into(), "unit".into(), "source".into()],
            rows: r.assumptions.iter().map(|(a, b, c, d)| vec![a.clone(), b.clone(), c.clone(), d.clone()]).collect(),
            numeric: vec![1],
        };
        s.push_str(&table_html(&t));
    }
    s.push_str("<h3>Data</h3><ul>");
    for src in &r.sources {
        let _ = write!(s, "<li><strong>{}</strong>: {}</li>", escape(&src.what), escape(&src.citation));
    }
    s.push_str("</ul></section>");
    let _ = write!(s, "<footer>Made offline by {}. Nothing in this file loads anything from the network.</footer></main></body></html>", escape(&r.generated_by));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_self_contained_and_escaped() {
        let mut r = Report::new("A <report>", "sub & title");
        r.summary.push("1 < 2".into());
        r.sections.push(Section {
            id: "s".into(),
            title: "S".into(),
            findings: vec!["f".into()],
            charts: vec![Chart::Fan(Fan { title: "fan".into(), unit: "USD".into(), rows: vec![("a".into(), -1.0, 0.0, 1.0)] })],
            tables: vec![SimpleTable { title: "t".into(), headers: vec!["h".into(), "n".into()], rows: vec![vec!["<x>".into(), "1".into()]], numeric: vec![1] }],
            method: vec!["m".into()],
        });
        let html = render_html(&r);
        assert!(html.starts_with("<!doctype html>") && html.ends_with("</html>"));
        assert!(html.contains("A &lt;report&gt;") && html.contains("&lt;x&gt;") && html.contains("1 &lt; 2"));
        assert!(html.contains("<svg") && html.contains(CAVEAT.split(' ').next().unwrap()));
        for banned in ["http://", "https://", "<script src", "<link "] {
            assert!(!html.replace("http://www.w3.org/2000/svg", "").contains(banned), "{banned}");
        }
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["sections"][0]["charts"][0]["kind"], "fan");
    }

    #[test]
    fn numbers_format() {
        assert_eq!(num(1234567.4), "1,234,567");
        assert_eq!(num(-1500.0), "-1,500");
        assert_eq!(money(2.5e9), "$2.5B");
        assert_eq!(money(-12.5e6), "-$12.5M");
        assert_eq!(pct(0.1234), "12.3%");
        assert_eq!(slug("Cut 4% of layer 5-7"), "cut-4-of-layer-5-7");
    }
}
