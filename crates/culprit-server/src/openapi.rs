//! The OpenAPI 3 description of the JSON API, written by hand from one table. A test checks that
//! it describes every route the router registers, and nothing else.

use serde_json::{json, Map, Value};

struct Op {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    /// (name, in, required, type, description)
    params: &'static [(&'static str, &'static str, bool, &'static str, &'static str)],
    /// Request body media type and a description.
    body: Option<(&'static str, &'static str)>,
    /// (status, description)
    responses: &'static [(&'static str, &'static str)],
}

const ERR: (&str, &str) = ("default", "Error: {error, status, line?, problems?, current_version?}");

const OPS: &[Op] = &[
    Op { method: "get", path: "/api/openapi.json", summary: "This document.", params: &[], body: None, responses: &[("200", "OpenAPI 3 document")] },
    Op {
        method: "get",
        path: "/api/occupations",
        summary: "SOC occupations with every exposure measure: all of them sorted by a measure, or those matching words or a code.",
        params: &[
            ("q", "query", false, "string", "words or a SOC / O*NET-SOC code"),
            ("sort", "query", false, "string", "employment, wage, gpt4_alpha, gpt4_beta, gpt4_gamma, human_alpha, human_beta, human_gamma, ms_ai_applicability, observed_usage, observed_automation, observed_exposure, soc"),
            ("limit", "query", false, "integer", "rows returned (default 100, at most 5000)"),
        ],
        body: None,
        responses: &[("200", "{query, sort, total, rows: [OccupationRow], caveat}"), ("400", "unknown sort key"), ERR],
    },
    Op {
        method: "get",
        path: "/api/occupations/{soc}",
        summary: "One occupation: employment, wages, every measure with its rule, O*NET occupations and tasks.",
        params: &[("soc", "path", true, "string", "SOC code (15-1252) or O*NET-SOC code (15-1252.00)")],
        body: None,
        responses: &[("200", "OccupationView"), ("404", "no such code"), ERR],
    },
    Op { method: "get", path: "/api/exposure/summary", summary: "National exposure figures per measure, with the aggregation rule.", params: &[], body: None, responses: &[("200", "{measures, rule, caveat}"), ERR] },
    Op { method: "get", path: "/api/orgs", summary: "Organisations uploaded to the workspace.", params: &[], body: None, responses: &[("200", "{orgs: [OrgRecord]}")] },
    Op {
        method: "post",
        path: "/api/orgs",
        summary: "Upload an HR export (CSV, XLSX, Parquet). It is imported and validated before anything is stored; a refused file stores nothing.",
        params: &[],
        body: Some(("multipart/form-data", "file (the export), name (optional), repair (true to apply the repair rules)")),
        responses: &[("201", "{org, summary, groups, caveat}"), ("413", "larger than --max-upload-mb"), ("422", "not an HR export, or problems with their lines"), ERR],
    },
    Op {
        method: "get",
        path: "/api/orgs/{id}",
        summary: "An organisation: summary (people, managers, layers, spans, payroll), import and validation, roll-ups by layer, department and level (pay suppressed below the group threshold).",
        params: &[("id", "path", true, "integer", "organisation id")],
        body: None,
        responses: &[("200", "{org, summary, groups, caveat}"), ("404", "no such organisation"), ERR],
    },
    Op {
        method: "get",
        path: "/api/orgs/{id}/teams/{manager}",
        summary: "One manager's team: roll-up, direct reports, people by layer.",
        params: &[("id", "path", true, "integer", "organisation id"), ("manager", "path", true, "string", "employee id of the manager")],
        body: None,
        responses: &[("200", "{org_id, team: TeamView, caveat}"), ("404", "no such person"), ("400", "an individual contributor has no team"), ERR],
    },
    Op { method: "get", path: "/api/scenarios", summary: "Saved scenarios (with their version) and the built-in examples.", params: &[], body: None, responses: &[("200", "{scenarios, examples}")] },
    Op {
        method: "post",
        path: "/api/scenarios",
        summary: "Save a new scenario. A plan with errors is refused with the line, and nothing is stored.",
        params: &[],
        body: Some(("application/json", "{toml}")),
        responses: &[("201", "ScenarioRecord {id, name, toml, version, updated}"), ("422", "plan error with its line"), ERR],
    },
    Op {
        method: "get",
        path: "/api/scenarios/{id}",
        summary: "One saved scenario.",
        params: &[("id", "path", true, "integer", "scenario id")],
        body: None,
        responses: &[("200", "ScenarioRecord"), ("404", "no such scenario")],
    },
    Op {
        method: "put",
        path: "/api/scenarios/{id}",
        summary: "Replace a scenario's text. `version` is the version the edit is based on; if someone saved since, the answer is 409 and nothing changes.",
        params: &[("id", "path", true, "integer", "scenario id")],
        body: Some(("application/json", "{toml, version}")),
        responses: &[("200", "ScenarioRecord (version + 1)"), ("409", "stale version: {error, current_version}"), ("422", "plan error with its line"), ERR],
    },
    Op {
        method: "post",
        path: "/api/scenarios/{id}/run",
        summary: "Run a scenario against an organisation in the background; poll the run for progress.",
        params: &[("id", "path", true, "integer", "scenario id"), ("org", "query", true, "integer", "organisation id")],
        body: None,
        responses: &[("202", "{run_id, status_url, page}"), ("404", "no such scenario or organisation"), ("422", "plan error"), ERR],
    },
    Op { method: "get", path: "/api/runs", summary: "Runs, newest first (without results).", params: &[], body: None, responses: &[("200", "{runs: [RunRecord]}")] },
    Op {
        method: "get",
        path: "/api/runs/{id}",
        summary: "A run: status (queued, running, done, failed), stage, progress 0..1, and the ScenarioResult once done (pay figures suppressed for cuts below the group threshold).",
        params: &[("id", "path", true, "integer", "run id")],
        body: None,
        responses: &[("200", "RunRecord"), ("404", "no such run")],
    },
    Op { method: "get", path: "/api/company/profiles", summary: "Company profiles: the built-in examples and the uploaded ones.", params: &[], body: None, responses: &[("200", "{profiles: [{key, name, origin}]}")] },
    Op {
        method: "post",
        path: "/api/company/profiles",
        summary: "Upload a company profile (TOML). It must parse and give a scorecard; else it is refused with the line and nothing is stored.",
        params: &[],
        body: Some(("application/json", "{name (file name shown in messages), toml}")),
        responses: &[("201", "{key, scorecard}"), ("422", "profile error with its line"), ERR],
    },
    Op {
        method: "get",
        path: "/api/company/{key}/scorecard",
        summary: "The evidence scorecard of a profile: over-hiring, funding AI capex, AI substitution, claims, tables, input issues.",
        params: &[("key", "path", true, "string", "amazon (built-in) or p<id> (uploaded)")],
        body: None,
        responses: &[("200", "Scorecard"), ("404", "no such profile"), ERR],
    },
    Op {
        method: "get",
        path: "/api/market",
        summary: "The market barometer: per month, WARN jobs, the exposure of their industries against employment's (the index), the break test around 2022-11, what was set apart (as `culprit market barometer --format json`).",
        params: &[],
        body: None,
        responses: &[("200", "{periods: [{period, warn_jobs, warn_notices, jobs_exposure, employment_exposure, index, ...}], break_test, unmatched, matching, bands, by_sector, by_state, top_companies, layoffs_fyi, rules, caveats, sources}"), ("503", "no data mirror")],
    },
    Op { method: "get", path: "/api/events", summary: "Layoff events from layoffs.fyi and WARN notices in the mirror, summarised apart (never added).", params: &[], body: None, responses: &[("200", "EventsSummary"), ("503", "no data mirror")] },
];

pub fn document() -> Value {
    let mut paths = Map::new();
    for op in OPS {
        let entry = paths.entry(op.path).or_insert_with(|| json!({}));
        let params: Vec<Value> = op
            .params
            .iter()
            .map(|(name, loc, req, ty, desc)| json!({"name": name, "in": loc, "required": req, "schema": {"type": ty}, "description": desc}))
            .collect();
        let mut responses = Map::new();
        for (code, desc) in op.responses {
            responses.insert(code.to_string(), json!({"description": desc, "content": {"application/json": {"schema": {"type": "object"}}}}));
        }
        let mut o = json!({
            "summary": op.summary,
            "operationId": format!("{}_{}", op.method, op.path.trim_start_matches("/api/").replace(['/', '.'], "_").replace(['{', '}'], "")),
            "parameters": params,
            "responses": responses,
            "security": [{"bearer": []}, {}],
        });
        if let Some((mt, desc)) = op.body {
            o["requestBody"] = json!({"required": true, "description": desc, "content": {mt: {"schema": {"type": "object"}}}});
        }
        entry[op.method] = o;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "culprit dashboard API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON behind `culprit serve`'s pages. Exposure is technical feasibility, not a probability of losing a job. Pay is suppressed for groups below the privacy threshold (default 5) in every response.",
        },
        "servers": [{"url": "/"}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "Required when the server is bound to a non-loopback address or started with --require-token; a `culprit_token` cookie works too."}}},
        "paths": paths,
    })
}
