//! The router in process (tower `oneshot`): every API route, bad input, optimistic concurrency,
//! the token, the OpenAPI document and persistence across a restart.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use culprit_server::{build, ServeConfig};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::Path;
use tower::ServiceExt;

fn mirror_present() -> bool {
    culprit_data::registry::registry_for_tests().is_some()
}

fn config(ws: &Path) -> ServeConfig {
    let mut c = ServeConfig::new("127.0.0.1:0".parse().unwrap(), ws.to_path_buf());
    c.draws = 500;
    c
}

fn app(ws: &Path) -> Router {
    build(config(ws)).unwrap().1
}

async fn send(r: &Router, req: Request<Body>) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    let resp = r.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, body, headers)
}

async fn get(r: &Router, uri: &str) -> (StatusCode, Value) {
    let (s, b, _) = send(r, Request::get(uri).body(Body::empty()).unwrap()).await;
    (s, serde_json::from_slice(&b).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&b).into())))
}

async fn get_html(r: &Router, uri: &str) -> (StatusCode, String) {
    let (s, b, _) = send(r, Request::get(uri).body(Body::empty()).unwrap()).await;
    (s, String::from_utf8_lossy(&b).into())
}

async fn json_req(r: &Router, method: &str, uri: &str, body: Value) -> (StatusCode, Value) {
    let req = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).unwrap();
    let (s, b, _) = send(r, req).await;
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

fn multipart(file_name: &str, bytes: &[u8], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "----culpritboundary7MA4YWxkTrZu0gW";
    let mut b = Vec::new();
    for (k, v) in fields {
        b.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    b.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    b.extend_from_slice(bytes);
    b.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), b)
}

async fn upload(r: &Router, uri: &str, file_name: &str, bytes: &[u8], fields: &[(&str, &str)]) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    let (ct, body) = multipart(file_name, bytes, fields);
    send(r, Request::post(uri).header(header::CONTENT_TYPE, ct).body(Body::from(body)).unwrap()).await
}

fn synth_csv(people: usize) -> Vec<u8> {
    let org = culprit_org::synth::generate(&culprit_org::synth::SynthOptions { people, seed: 7, corporate_only: false, pay: None }).unwrap();
    let mut out = Vec::new();
    org.write_csv(&mut out).unwrap();
    out
}

fn parquet_files(ws: &Path) -> usize {
    std::fs::read_dir(ws.join("orgs")).map(|d| d.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "parquet")).count()).unwrap_or(0)
}

#[tokio::test]
async fn openapi_describes_every_route_and_nothing_else() {
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    let (s, doc) = get(&r, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.0.3");
    let routes = culprit_server::api_routes().list;
    assert!(routes.len() >= 19, "{routes:?}");
    for (m, p) in &routes {
        let op = &doc["paths"][*p][*m];
        assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()), "{m} {p} missing from the OpenAPI document");
        assert!(op["responses"].as_object().is_some_and(|o| !o.is_empty()), "{m} {p} has no responses");
    }
    let mut described = 0;
    for (p, ops) in doc["paths"].as_object().unwrap() {
        for m in ops.as_object().unwrap().keys() {
            described += 1;
            assert!(routes.iter().any(|(rm, rp)| rm == m && rp == p), "{m} {p} is described but not routed");
        }
    }
    assert_eq!(described, routes.len());
    // Unknown API paths answer JSON 404.
    let (s, v) = get(&r, "/api/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["error"].as_str().unwrap().contains("openapi"));
}

#[tokio::test]
async fn occupations_search_sort_and_one_occupation() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    let (s, v) = get(&r, "/api/occupations?sort=human_beta&limit=5").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert!(v["total"].as_u64().unwrap() > 700);
    let b: Vec<f64> = rows.iter().map(|r| r["human_beta"].as_f64().unwrap()).collect();
    assert!(b.windows(2).all(|w| w[0] >= w[1]), "{b:?}");
    assert!(v["caveat"].as_str().unwrap().contains("not a probability of losing a job"));

    let (_, v) = get(&r, "/api/occupations?q=software%20developers").await;
    assert!(v["rows"].as_array().unwrap().iter().any(|r| r["soc"] == "15-1252"), "{v}");

    let (s, v) = get(&r, "/api/occupations?sort=bogus").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("unknown sort key"));

    let (s, v) = get(&r, "/api/occupations/15-1252").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["title"], "Software Developers");
    assert!(v["tasks"].as_array().unwrap().len() >= 15);
    let trimmed = json!({
        "soc": v["soc"], "title": v["title"],
        "measures": v["measures"].as_array().unwrap().iter().map(|m| json!({"measure": m["measure"], "rule": m["rule"], "has_value": m["value"].is_number()})).collect::<Vec<_>>(),
        "caveat": v["caveat"],
    });
    insta::assert_json_snapshot!("occupation_15_1252_trimmed", trimmed);

    let (s, _) = get(&r, "/api/occupations/99-9999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = get(&r, "/api/exposure/summary").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn org_upload_team_drilldown_and_privacy() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    let (s, b, _) = upload(&r, "/api/orgs", "staff.csv", &synth_csv(400), &[("name", "Test org")]).await;
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["org"]["id"].as_i64().unwrap();
    assert_eq!(v["org"]["name"], "Test org");
    assert_eq!(v["summary"]["people"], 400);
    assert_eq!(v["summary"]["import"]["path"], "staff.csv", "the temporary path never shows");
    assert_eq!(parquet_files(d.path()), 1);

    let (_, list) = get(&r, "/api/orgs").await;
    assert_eq!(list["orgs"].as_array().unwrap().len(), 1);
    let (s, o) = get(&r, &format!("/api/orgs/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    // Pay is suppressed for every group below the threshold, in the API as on the pages.
    let mut small = 0;
    for key in ["layers", "departments", "levels"] {
        for g in o["groups"][key].as_array().unwrap() {
            if g["people"].as_u64().unwrap() < 5 {
                small += 1;
                assert!(g["payroll"].is_null() && g["mean_pay"].is_null() && g["pay_suppressed"] == true, "{g}");
            }
        }
    }
    let top = o["summary"]["top"].as_str().unwrap().to_string();
    let (s, t) = get(&r, &format!("/api/orgs/{id}/teams/{top}")).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["team"]["team"]["people"], 400);
    let reports = t["team"]["direct_reports"].as_array().unwrap();
    assert!(!reports.is_empty());
    for rep in reports {
        assert!(rep.get("pay").is_none() && rep.get("payroll").is_none(), "no person-level pay: {rep}");
    }
    let (s, _) = get(&r, &format!("/api/orgs/{id}/teams/no-such-person")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, html) = get_html(&r, &format!("/org/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("not a probability of losing a job") && html.contains("<svg"));
    // The exposure charts are the report crate's section.
    assert!(html.contains("<section id=\"exposure\">") && html.contains("Exposure of the largest occupations in the organisation"), "{html}");
    if small > 0 {
        assert!(html.contains("suppressed"));
    }
    let (s, html) = get_html(&r, &format!("/org/{id}/team/{top}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Direct reports"));
}

#[tokio::test]
async fn bad_uploads_store_nothing_and_say_why_with_the_line() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    // Not an HR export at all.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let (s, b, _) = upload(&r, "/api/orgs", "photo.png", png, &[]).await;
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let msg = v["error"].as_str().unwrap();
    assert!(msg.contains("photo.png") && !msg.contains("culprit-upload-"), "{msg}");
    // An export with problems: the CLI's message, each problem with its line.
    let csv = "Employee ID,Manager ID,Job Title\n1,,CEO\n2,1,Engineer\n2,1,Engineer\n4,99,Analyst\n";
    let (s, b, _) = upload(&r, "/api/orgs", "staff.csv", csv.as_bytes(), &[]).await;
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"].as_str().unwrap().contains("line 4: duplicate_id") || v["error"].as_str().unwrap().contains("line 4"), "{v}");
    let problems = v["problems"].as_array().unwrap();
    assert!(problems.iter().any(|p| p["line"] == 4 && p["kind"] == "duplicate_id"), "{v}");
    assert!(problems.iter().any(|p| p["line"] == 5 && p["kind"] == "orphan"), "{v}");
    // The page shows the same message and the problems table.
    let (s, b, _) = upload(&r, "/org", "staff.csv", csv.as_bytes(), &[]).await;
    let html = String::from_utf8_lossy(&b);
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("duplicate_id") && html.contains("--repair"), "{html}");
    // Nothing half-stored.
    let (_, list) = get(&r, "/api/orgs").await;
    assert!(list["orgs"].as_array().unwrap().is_empty());
    assert_eq!(parquet_files(d.path()), 0);
    // With repair the same file is accepted.
    let (s, _, _) = upload(&r, "/api/orgs", "staff.csv", csv.as_bytes(), &[("repair", "true")]).await;
    assert_eq!(s, StatusCode::CREATED);
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let mut c = config(d.path());
    c.max_upload_bytes = 1024;
    let r = build(c).unwrap().1;
    let big = vec![b'a'; 8 * 1024];
    let (s, b, _) = upload(&r, "/api/orgs", "big.csv", &big, &[]).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{}", String::from_utf8_lossy(&b));
    assert_eq!(parquet_files(d.path()), 0);
}

#[tokio::test]
async fn scenario_errors_name_the_line_and_store_nothing() {
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    let bad = "name = \"x\"\n\n[[action]]\ntype = \"cut\"\nselect = { layer = \"5-7\" }\nshare = 0.04\norder = \"lowest_performers\"\n";
    let (s, v) = json_req(&r, "POST", "/api/scenarios", json!({"toml": bad})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["line"], 7, "{v}");
    assert!(v["error"].as_str().unwrap().starts_with("scenario.toml:7:"), "{v}");
    let (_, list) = get(&r, "/api/scenarios").await;
    assert!(list["scenarios"].as_array().unwrap().is_empty());
    // The page: same message, the text kept in the editor.
    let req = Request::post("/scenarios").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(format!("toml={}", urlencode(bad)))).unwrap();
    let (s, b, _) = send(&r, req).await;
    let html = String::from_utf8_lossy(&b);
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("scenario.toml:7:") && html.contains("lowest_performers"), "{html}");
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn two_editors_the_stale_save_gets_409_and_nothing_is_lost() {
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    let base = include_str!("../../../examples/scenario-cut-managers.toml");
    let (s, v) = json_req(&r, "POST", "/api/scenarios", json!({"toml": base})).await;
    assert_eq!(s, StatusCode::CREATED);
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["name"], "Cut 4% of layer 5-7 managers");
    let first = base.replace("share = 0.04", "share = 0.05");
    let second = base.replace("share = 0.04", "share = 0.10");
    let (s, v) = json_req(&r, "PUT", &format!("/api/scenarios/{id}"), json!({"toml": first, "version": 1})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["version"], 2);
    let (s, v) = json_req(&r, "PUT", &format!("/api/scenarios/{id}"), json!({"toml": second, "version": 1})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["current_version"], 2);
    let (_, v) = get(&r, &format!("/api/scenarios/{id}")).await;
    assert!(v["toml"].as_str().unwrap().contains("share = 0.05"));
    // The page says so and keeps the user's text.
    let req = Request::post(format!("/scenarios/{id}")).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(format!("version=1&toml={}", urlencode(&second)))).unwrap();
    let (s, b, _) = send(&r, req).await;
    let html = String::from_utf8_lossy(&b);
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("changed by someone else") && html.contains("share = 0.10"));
    // Many concurrent saves on the same version: exactly one wins.
    let mut tasks = Vec::new();
    for k in 0..8 {
        let r2 = r.clone();
        let t = base.replace("share = 0.04", &format!("share = 0.0{}", k + 1));
        tasks.push(tokio::spawn(async move { json_req(&r2, "PUT", &format!("/api/scenarios/{id}"), json!({"toml": t, "version": 2})).await.0 }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(ok, 1);
    let (_, v) = get(&r, &format!("/api/scenarios/{id}")).await;
    assert_eq!(v["version"], 3);
    // A PUT without a version is refused.
    let (s, _) = json_req(&r, "PUT", &format!("/api/scenarios/{id}"), json!({"toml": base})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn run_in_the_background_with_progress_and_suppressed_pay() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let (app_state, r) = build(config(d.path())).unwrap();
    let (s, b, _) = upload(&r, "/api/orgs", "org.csv", &synth_csv(2000), &[]).await;
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&b));
    let org: Value = serde_json::from_slice(&b).unwrap();
    let org_id = org["org"]["id"].as_i64().unwrap();
    let mut ids = Vec::new();
    for plan in [include_str!("../../../examples/scenario-cut-managers.toml"), include_str!("../../../examples/scenario-delayer-span8.toml")] {
        let (_, v) = json_req(&r, "POST", "/api/scenarios", json!({"toml": plan})).await;
        let sid = v["id"].as_i64().unwrap();
        let (s, v) = send(&r, Request::post(format!("/api/scenarios/{sid}/run?org={org_id}")).body(Body::empty()).unwrap()).await.map_or3();
        assert_eq!(s, StatusCode::ACCEPTED, "{v}");
        let run_id = v["run_id"].as_i64().unwrap();
        let rec = culprit_server::runs::wait(&app_state, run_id, std::time::Duration::from_secs(120)).await.unwrap();
        assert_eq!(rec.status, culprit_server::workspace::RunStatus::Done, "{:?}", rec.error);
        ids.push(run_id);
    }
    let (_, small) = get(&r, &format!("/api/runs/{}", ids[0])).await;
    let sm = &small["result"]["summary"];
    let cut = sm["people_cut"].as_u64().unwrap();
    assert!(cut > 0);
    if cut < 5 {
        assert_eq!(sm["pay_suppressed"], true);
        assert!(sm["payroll_freed"].is_null() && sm["net_saving"].is_null() && small["result"]["breakdown"]["severance"].is_null());
        let (_, html) = get_html(&r, &format!("/runs/{}", ids[0])).await;
        assert!(html.contains("suppressed") && html.contains("not a probability of losing a job"));
    }
    let (_, big) = get(&r, &format!("/api/runs/{}", ids[1])).await;
    let bs = &big["result"]["summary"];
    assert!(bs["people_cut"].as_u64().unwrap() >= 5, "{bs}");
    assert!(bs["payroll_freed"].as_f64().unwrap() > 0.0);
    assert!(bs["net_saving"]["p50"].is_number());
    assert_eq!(big["progress"], 1.0);
    // The run page shows the same figures as the API.
    let (_, html) = get_html(&r, &format!("/runs/{}", ids[1])).await;
    let want = format!("data-v=\"{}\" data-k=\"payroll_freed\"", bs["payroll_freed"]);
    assert!(html.contains(&want), "{want}");
    // Compare side by side.
    let (s, html) = get_html(&r, &format!("/scenarios/compare?run={}&run={}", ids[0], ids[1])).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Plans side by side") && html.contains("<svg"));
    let (_, runs) = get(&r, "/api/runs").await;
    assert_eq!(runs["runs"].as_array().unwrap().len(), 2);
    // A run against an organisation that does not exist.
    let (s, _) = send(&r, Request::post("/api/scenarios/1/run?org=999").body(Body::empty()).unwrap()).await.map_or3();
    assert_eq!(s, StatusCode::NOT_FOUND);
}

trait Json3 {
    fn map_or3(self) -> (StatusCode, Value);
}
impl Json3 for (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    fn map_or3(self) -> (StatusCode, Value) {
        (self.0, serde_json::from_slice(&self.1).unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn token_is_required_when_configured() {
    let d = tempfile::tempdir().unwrap();
    let mut c = config(d.path());
    c.require_token = true;
    c.token = Some("test-token-0123456789abcdef".into());
    let r = build(c).unwrap().1;
    for uri in ["/", "/api/openapi.json", "/api/scenarios", "/org"] {
        let (s, _, h) = send(&r, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{uri}");
        assert!(h.contains_key(header::WWW_AUTHENTICATE));
    }
    let (s, _, _) = send(&r, Request::get("/api/scenarios").header(header::AUTHORIZATION, "Bearer wrong-token-0123456789abc").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = send(&r, Request::post("/api/scenarios").header(header::CONTENT_TYPE, "application/json").body(Body::from("{\"toml\":\"name='x'\"}")).unwrap()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "writes too");
    let (s, _, _) = send(&r, Request::get("/api/scenarios").header(header::AUTHORIZATION, "Bearer test-token-0123456789abcdef").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, h) = send(&r, Request::get("/api/scenarios?token=test-token-0123456789abcdef").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    let cookie = h.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.starts_with("culprit_token="));
    let pair = cookie.split(';').next().unwrap().to_string();
    let (s, _, _) = send(&r, Request::get("/api/orgs").header(header::COOKIE, pair).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn non_loopback_bind_generates_a_token_and_loopback_checks_the_host() {
    let d = tempfile::tempdir().unwrap();
    let mut c = config(d.path());
    c.bind = "0.0.0.0:0".parse().unwrap();
    let (state, r) = build(c).unwrap();
    let culprit_server::Access::Token { token, generated } = state.access.clone() else { panic!("a non-loopback bind must require a token") };
    assert!(generated);
    let (s, _, _) = send(&r, Request::get("/api/openapi.json").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = send(&r, Request::get("/api/openapi.json").header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    // Loopback without a token: a foreign Host header (DNS rebinding) is refused.
    let d2 = tempfile::tempdir().unwrap();
    let r2 = app(d2.path());
    let (s, _, _) = send(&r2, Request::get("/api/openapi.json").header(header::HOST, "evil.example:8080").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, h) = send(&r2, Request::get("/api/openapi.json").header(header::HOST, "localhost:8080").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().starts_with("default-src 'none'"));
}

#[tokio::test]
async fn workspace_survives_a_restart() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let (org_id, summary, sid, top) = {
        let r = app(d.path());
        let (s, b, _) = upload(&r, "/api/orgs", "org.csv", &synth_csv(300), &[]).await;
        assert_eq!(s, StatusCode::CREATED);
        let v: Value = serde_json::from_slice(&b).unwrap();
        let (_, sc) = json_req(&r, "POST", "/api/scenarios", json!({"toml": include_str!("../../../examples/scenario-cut-managers.toml")})).await;
        (v["org"]["id"].as_i64().unwrap(), v["summary"].clone(), sc["id"].as_i64().unwrap(), v["summary"]["top"].as_str().unwrap().to_string())
    };
    // A new application on the same folder: nothing is cached in memory.
    let r = app(d.path());
    let (s, v) = get(&r, &format!("/api/orgs/{org_id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["summary"]["people"], summary["people"]);
    assert_eq!(v["summary"]["payroll"], summary["payroll"]);
    // The team view re-imports the stored Parquet table: same organisation.
    let (s, t) = get(&r, &format!("/api/orgs/{org_id}/teams/{top}")).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["team"]["team"]["people"], summary["people"]);
    // The top's team payroll is summed bottom-up through the tree, the total in file order: the
    // same money, added in another order (equal to rounding).
    let (team_pay, total_pay) = (t["team"]["team"]["payroll"].as_f64().unwrap(), summary["payroll"].as_f64().unwrap());
    assert!((team_pay - total_pay).abs() <= 1e-9 * total_pay, "{team_pay} vs {total_pay}");
    let (s, sc) = get(&r, &format!("/api/scenarios/{sid}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(sc["version"], 1);
}

#[tokio::test]
async fn company_profiles_scorecard_and_bad_profiles() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    let (_, v) = get(&r, "/api/company/profiles").await;
    assert_eq!(v["profiles"][0]["key"], "amazon");
    let (s, card) = get(&r, "/api/company/amazon/scorecard").await;
    assert_eq!(s, StatusCode::OK, "{card}");
    assert_eq!(card["sections"].as_array().unwrap().len(), 3);
    let amazon = include_str!("../../../examples/amazon.toml");
    // Not valid TOML: the file and the line, nothing stored.
    let (s, v) = json_req(&r, "POST", "/api/company/profiles", json!({"name": "acme.toml", "toml": "[company]\nname = \"Acme\"\nticker = \n"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"].as_str().unwrap().contains("acme.toml") && v["line"] == 3, "{v}");
    // No layoff event: refused.
    let (s, v) = json_req(&r, "POST", "/api/company/profiles", json!({"name": "acme.toml", "toml": "[company]\nname = \"Acme\"\n"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (_, list) = get(&r, "/api/company/profiles").await;
    assert_eq!(list["profiles"].as_array().unwrap().len(), 1, "nothing stored");
    // A profile with gaps (an unverified value): stored, the issues listed.
    let gappy = amazon.replacen("value = 566000", "value = -5", 1);
    let (s, v) = json_req(&r, "POST", "/api/company/profiles", json!({"name": "gappy.toml", "toml": gappy})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let key = v["key"].as_str().unwrap().to_string();
    let (_, card) = get(&r, &format!("/api/company/{key}/scorecard")).await;
    assert!(!card["issues"].as_array().unwrap().is_empty(), "{}", card["issues"]);
    let (s, html) = get_html(&r, &format!("/company/{key}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Input issues"));
}

#[tokio::test]
async fn events_summary_from_the_mirror() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    let (s, v) = get(&r, "/api/events").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let fams: Vec<&str> = v["sources"].as_array().unwrap().iter().map(|s| s["family"].as_str().unwrap()).collect();
    assert!(fams.len() >= 2, "{fams:?}");
    for f in v["sources"].as_array().unwrap() {
        assert!(f["counted_jobs"].as_u64().unwrap() > 0);
    }
}

#[tokio::test]
async fn market_barometer_from_the_mirror_as_the_cli_writes_it() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    let (s, v) = get(&r, "/api/market").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let p = v["periods"].as_array().unwrap();
    assert_eq!(p[0]["period"], "2020-01");
    for k in ["warn_jobs", "warn_notices", "jobs_exposure", "employment_exposure", "index"] {
        assert!(p[0].get(k).is_some(), "{k}");
    }
    assert_eq!(v["break_test"]["break_month"], "2022-11");
    assert!(v["unmatched"]["notices"].as_u64().unwrap() > 0);
    // The page shows the API's figures.
    let (s, html) = get_html(&r, "/market").await;
    assert_eq!(s, StatusCode::OK);
    let before = v["break_test"]["before"]["index"].as_f64().unwrap();
    let at = html.find("data-k=\"index_before\"").expect("index_before card");
    let raw: f64 = html[..at].rsplit("data-v=\"").next().unwrap().trim_end().trim_end_matches('"').parse().unwrap();
    assert!((raw - before).abs() < 1e-12, "{raw} vs {before}");
    assert!(html.contains("Exposure index of the WARN jobs cut") && html.contains("California is missing"));
}

#[tokio::test]
async fn every_page_renders_and_loads_nothing_from_the_network() {
    if !mirror_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let r = app(d.path());
    for (uri, must) in [
        ("/", "not a probability of losing a job"),
        ("/occupations", "not a probability of losing a job"),
        ("/occupations?q=nurse&sort=human_beta", "Registered Nurses"),
        ("/occupations/15-1252", "not a probability of losing a job"),
        ("/org", "Upload and validate"),
        ("/scenarios", "Save plan"),
        ("/company", "Amazon"),
        ("/company/amazon", "not a probability of losing a job"),
        ("/events", "WARN"),
        ("/market", "not a probability of losing a job"),
    ] {
        let (s, html) = get_html(&r, uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert!(html.contains(must), "{uri}: {must}");
        for bad in ["src=\"http", "href=\"http", "src=\"//", "@import", "url(http"] {
            assert!(!html.contains(bad), "{uri} loads from the network: {bad}");
        }
    }
    let (s, _) = get_html(&r, "/org/12345").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
