//! Access control. With a token, every request must carry it: `Authorization: Bearer T`, or the
//! `culprit_token` cookie that visiting any page with `?token=T` once sets. Without (loopback
//! only), requests must name a local host, so a web page elsewhere cannot reach the dashboard
//! through DNS rebinding. Every response forbids loading anything from elsewhere.

use crate::config::Access;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const COOKIE: &str = "culprit_token";

/// Compare without leaking where the first difference is.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn bearer(req: &Request) -> Option<&str> {
    req.headers().get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

fn cookie(req: &Request) -> Option<String> {
    for v in req.headers().get_all(header::COOKIE) {
        for part in v.to_str().ok()?.split(';') {
            if let Some((k, val)) = part.trim().split_once('=') {
                if k == COOKIE {
                    return Some(val.to_string());
                }
            }
        }
    }
    None
}

fn query_token(req: &Request) -> Option<String> {
    req.uri().query()?.split('&').find_map(|kv| kv.strip_prefix("token=").map(|t| t.to_string()))
}

fn local_host(host: &str) -> bool {
    let h = if host.starts_with('[') { host.split(']').next().unwrap_or("").trim_start_matches('[') } else { host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host) };
    matches!(h, "localhost" | "127.0.0.1" | "::1") || h.starts_with("127.")
}

fn unauthorized(msg: &str) -> Response {
    let mut r = (StatusCode::UNAUTHORIZED, axum::Json(serde_json::json!({"error": msg, "status": 401}))).into_response();
    r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"culprit\""));
    r
}

pub async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let mut set_cookie = None;
    match &app.access {
        Access::LocalOnly => {
            if let Some(h) = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()) {
                if !local_host(h) {
                    return (StatusCode::FORBIDDEN, format!("culprit serve answers only on localhost (Host: {h})")).into_response();
                }
            }
        }
        Access::Token { token, .. } => {
            let ok = bearer(&req).is_some_and(|t| same(t, token)) || cookie(&req).is_some_and(|t| same(&t, token));
            if !ok {
                match query_token(&req) {
                    Some(t) if same(&t, token) => set_cookie = Some(format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict")),
                    _ => return unauthorized("this server requires its access token: send `Authorization: Bearer TOKEN`, or open any page once with ?token=TOKEN"),
                }
            }
        }
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    if let Some(c) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        h.append(header::SET_COOKIE, c);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'"),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for h in ["localhost", "localhost:8080", "127.0.0.1:80", "[::1]:8080", "127.0.0.2"] {
            assert!(local_host(h), "{h}");
        }
        for h in ["evil.example", "evil.example:8080", "192.168.1.2:8080", "localhost.evil.example"] {
            assert!(!local_host(h), "{h}");
        }
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
