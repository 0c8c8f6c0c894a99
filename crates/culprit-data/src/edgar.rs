//! Downloads from SEC EDGAR for one company: its companyfacts JSON (every XBRL fact it has
//! filed) and its latest 10-K (the inline-XBRL document, which also holds the headcount
//! sentence). Files go to `<cache>/sec/CIK##########/`, where `culprit company report
//! --company` finds them beside the data mirror's filings.
//!
//! SEC asks automated clients to send a User-Agent naming the person or organisation and an
//! email address (<https://www.sec.gov/os/accessing-edgar-data>) and to stay under ten requests
//! a second; this client sends at most four requests per company, one after the other.

use crate::error::{DataError, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

pub const TICKERS_URL: &str = "https://www.sec.gov/files/company_tickers.json";

/// What `fetch_company` wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Fetched {
    pub cik: String,
    pub name: Option<String>,
    pub files: Vec<PathBuf>,
}

/// Ten-digit CIK with leading zeros.
pub fn cik10(cik: &str) -> Option<String> {
    let d = cik.trim().trim_start_matches("CIK").trim_start_matches('0');
    (!d.is_empty() && d.len() <= 10 && d.chars().all(|c| c.is_ascii_digit())).then(|| format!("{d:0>10}"))
}

pub fn companyfacts_url(cik10: &str) -> String {
    format!("https://data.sec.gov/api/xbrl/companyfacts/CIK{cik10}.json")
}

pub fn submissions_url(cik10: &str) -> String {
    format!("https://data.sec.gov/submissions/CIK{cik10}.json")
}

/// The folder of a company's downloads in the cache.
pub fn company_dir(cache: &Path, cik10: &str) -> PathBuf {
    cache.join("sec").join(format!("CIK{cik10}"))
}

/// The User-Agent: `--user-agent`, else `$CULPRIT_SEC_USER_AGENT`; SEC refuses anonymous
/// clients, so there is no default.
pub fn user_agent(given: Option<&str>) -> Result<String> {
    let ua = given.map(str::to_string).or_else(|| std::env::var("CULPRIT_SEC_USER_AGENT").ok()).unwrap_or_default();
    let ua = ua.trim().to_string();
    if !ua.contains('@') {
        return Err(DataError::Sec(
            "SEC EDGAR asks every automated client for a User-Agent with a name and an email address\n  fix: pass --user-agent \"Your Name you@example.org\" or set CULPRIT_SEC_USER_AGENT".into(),
        ));
    }
    Ok(ua)
}

fn get(agent: &ureq::Agent, url: &str, ua: &str) -> Result<Vec<u8>> {
    let fail = |reason: String| DataError::Sec(format!("downloading {url}: {reason}\n  culprit reads SEC filings from the data mirror (sec_filings/) and from the cache; without internet, put the company's companyfacts JSON or 10-K .htm there"));
    let resp = agent.get(url).set("User-Agent", ua).set("Accept-Encoding", "identity").call().map_err(|e| fail(e.to_string()))?;
    let mut bytes = Vec::new();
    resp.into_reader().take(256 << 20).read_to_end(&mut bytes).map_err(|e| fail(e.to_string()))?;
    Ok(bytes)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| DataError::io(parent, e))?;
    }
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes).map_err(|e| DataError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| DataError::io(path, e))
}

/// The CIK of a ticker in SEC's `company_tickers.json` (`{"0": {"cik_str": 320193, "ticker":
/// "AAPL", "title": "Apple Inc."}, ...}`).
pub fn cik_of_ticker(tickers_json: &[u8], ticker: &str) -> Result<Option<(String, String)>> {
    let v: serde_json::Value = serde_json::from_slice(tickers_json).map_err(|e| DataError::Sec(format!("{TICKERS_URL}: not the JSON SEC publishes: {e}")))?;
    let want = ticker.trim().to_ascii_uppercase();
    let rows: Vec<&serde_json::Value> = match &v {
        serde_json::Value::Object(m) => m.values().collect(),
        serde_json::Value::Array(a) => a.iter().collect(),
        _ => Vec::new(),
    };
    for r in rows {
        if r.get("ticker").and_then(|t| t.as_str()).is_some_and(|t| t.eq_ignore_ascii_case(&want)) {
            let cik = r.get("cik_str").map(|c| c.to_string().trim_matches('"').to_string()).unwrap_or_default();
            let title = r.get("title").and_then(|t| t.as_str()).unwrap_or("").to_string();
            if let Some(c) = cik10(&cik) {
                return Ok(Some((c, title)));
            }
        }
    }
    Ok(None)
}

/// The latest 10-K in a submissions JSON: (accession number, primary document).
pub fn latest_10k(submissions_json: &[u8]) -> Result<Option<(String, String)>> {
    let v: serde_json::Value = serde_json::from_slice(submissions_json).map_err(|e| DataError::Sec(format!("submissions JSON: {e}")))?;
    let recent = &v["filings"]["recent"];
    let (Some(forms), Some(acc), Some(docs)) = (recent["form"].as_array(), recent["accessionNumber"].as_array(), recent["primaryDocument"].as_array()) else {
        return Ok(None);
    };
    for ((f, a), d) in forms.iter().zip(acc).zip(docs) {
        if f.as_str() == Some("10-K") {
            return Ok(Some((a.as_str().unwrap_or("").to_string(), d.as_str().unwrap_or("").to_string())));
        }
    }
    Ok(None)
}

/// Download a company's companyfacts and latest 10-K into the cache. `company` is a ticker or
/// a CIK.
pub fn fetch_company(company: &str, cache: &Path, ua: &str, progress: &dyn Fn(&str)) -> Result<Fetched> {
    let agent = ureq::AgentBuilder::new().timeout_connect(std::time::Duration::from_secs(10)).timeout_read(std::time::Duration::from_secs(120)).build();
    let (cik, name) = match cik10(company) {
        Some(c) => (c, None),
        None => {
            progress(&format!("looking up ticker {company} in {TICKERS_URL}"));
            let t = get(&agent, TICKERS_URL, ua)?;
            let (c, n) = cik_of_ticker(&t, company)?.ok_or_else(|| DataError::Sec(format!("ticker {company:?} is not in SEC's company_tickers.json; pass the CIK instead")))?;
            (c, Some(n))
        }
    };
    let dir = company_dir(cache, &cik);
    let mut files = Vec::new();
    progress(&format!("companyfacts of CIK {cik}"));
    let facts = get(&agent, &companyfacts_url(&cik), ua)?;
    let p = dir.join("companyfacts.json");
    write_atomic(&p, &facts)?;
    files.push(p);
    progress(&format!("filing index of CIK {cik}"));
    let subs = get(&agent, &submissions_url(&cik), ua)?;
    // Kept: it names the company's SIC code, tickers and former names.
    let p = dir.join("submissions.json");
    write_atomic(&p, &subs)?;
    files.push(p);
    if let Some((acc, doc)) = latest_10k(&subs)? {
        let url = format!("https://www.sec.gov/Archives/edgar/data/{}/{}/{doc}", cik.trim_start_matches('0'), acc.replace('-', ""));
        progress(&format!("10-K {acc} ({doc})"));
        let html = get(&agent, &url, ua)?;
        let p = dir.join(format!("10k-{acc}.htm"));
        write_atomic(&p, &html)?;
        files.push(p);
    }
    Ok(Fetched { cik, name, files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ciks_tickers_and_filings_are_read() {
        assert_eq!(cik10("1018724").as_deref(), Some("0001018724"));
        assert_eq!(cik10("CIK0001652044").as_deref(), Some("0001652044"));
        assert_eq!(cik10("AMZN"), None);
        let t = br#"{"0":{"cik_str":1018724,"ticker":"AMZN","title":"AMAZON COM INC"},"1":{"cik_str":1652044,"ticker":"GOOGL","title":"Alphabet Inc."}}"#;
        assert_eq!(cik_of_ticker(t, "googl").unwrap(), Some(("0001652044".into(), "Alphabet Inc.".into())));
        assert_eq!(cik_of_ticker(t, "XYZ").unwrap(), None);
        let s = br#"{"filings":{"recent":{"form":["8-K","10-K","10-K"],"accessionNumber":["a","0001018724-25-000004","b"],"primaryDocument":["x.htm","amzn-20241231.htm","y.htm"]}}}"#;
        assert_eq!(latest_10k(s).unwrap(), Some(("0001018724-25-000004".into(), "amzn-20241231.htm".into())));
        assert_eq!(companyfacts_url("0001018724"), "https://data.sec.gov/api/xbrl/companyfacts/CIK0001018724.json");
    }

    #[test]
    fn no_user_agent_is_a_clear_error() {
        // Only the explicit argument is tested: the environment may set one.
        assert!(user_agent(Some("anonymous")).unwrap_err().to_string().contains("name and an email"));
        assert_eq!(user_agent(Some(" Jo Doe jo@example.org ")).unwrap(), "Jo Doe jo@example.org");
    }
}
