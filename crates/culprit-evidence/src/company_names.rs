//! Company-name canonicalisation, so that "Amazon.com Services LLC", "Amazon" and
//! "*Updated* Amazon, Inc." count as one company.
//!
//! Rule (documented in docs/evidence.md):
//! 1. markers between asterisks (`*Updated*`, `*Rescinded*`, `*Amended*`) are removed and kept as flags;
//! 2. only the first line is read (New York notices put the address on the next lines);
//! 3. text in parentheses and after "dba"/"d/b/a" is removed; a site suffix after " - " is removed
//!    ("Amazon - SAN 13" -> "Amazon"), and so is a street address that starts with a house number
//!    after the name ("Jersey Lynne Farms, Inc. 8801 Foster Avenue" -> "Jersey Lynne Farms, Inc.");
//! 4. the key is lower case, "&" becomes "and", ".com" and punctuation are dropped, and trailing
//!    legal forms (inc, llc, ltd, corp, corporation, co, company, plc, lp, llp, ...) are removed,
//!    repeatedly, as is a leading "the".

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CanonicalName {
    /// The comparison key, e.g. `amazon`.
    pub key: String,
    /// A readable cleaned name, e.g. `Amazon.com Services LLC` -> `Amazon.com Services LLC`
    /// without markers, parentheses, site suffixes or addresses.
    pub display: String,
    /// `*Updated*` or `*Amended*` marker seen.
    pub updated: bool,
    /// `*Rescinded*` or `*Withdrawn*` marker seen.
    pub rescinded: bool,
}

const LEGAL_FORMS: &[&str] = &[
    "inc", "incorporated", "llc", "l l c", "ltd", "limited", "corp", "corporation", "co", "company", "plc",
    "lp", "llp", "pllc", "pc", "na", "n a", "sa", "ag", "gmbh", "bv", "nv", "pbc", "lllp",
    // SEC conformed names write ".com" as a word: "AMAZON COM INC".
    "com",
];

struct Res {
    marker: Regex,
    paren: Regex,
    dba: Regex,
    address: Regex,
    punct: Regex,
    spaces: Regex,
}

fn res() -> &'static Res {
    static R: OnceLock<Res> = OnceLock::new();
    R.get_or_init(|| Res {
        marker: Regex::new(r"\*\s*([A-Za-z ]+?)\s*\*").unwrap(),
        paren: Regex::new(r"\([^)]*\)?").unwrap(),
        dba: Regex::new(r"(?i)[\s,]+(d/b/a|dba|d\.b\.a\.?|a/k/a|formerly)\b.*$").unwrap(),
        address: Regex::new(r"(?i)(?:\s\d+(?:st|nd|rd|th|-\d+)?\s+\S|\s+(?:corporate office:|p\.?\s?o\.?\s+box\b|c/o\s)).*$").unwrap(),
        punct: Regex::new(r"[^a-z0-9 ]+").unwrap(),
        spaces: Regex::new(r"\s+").unwrap(),
    })
}

pub fn canonicalise(raw: &str) -> CanonicalName {
    let r = res();
    let mut updated = false;
    let mut rescinded = false;
    let first_line = raw.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let no_markers = r.marker.replace_all(first_line, |c: &regex::Captures| {
        let m = c[1].to_ascii_lowercase();
        if m.contains("rescind") || m.contains("withdraw") || m.contains("cancel") {
            rescinded = true;
        } else {
            updated = true;
        }
        " "
    });
    let mut s = r.paren.replace_all(&no_markers, " ").to_string();
    s = r.dba.replace(&s, "").to_string();
    if let Some((head, _)) = s.split_once(" - ") {
        if !head.trim().is_empty() {
            s = head.to_string();
        }
    }
    let addr_cut = r.address.replace(&s, "").to_string();
    if !addr_cut.trim().is_empty() {
        s = addr_cut;
    }
    let display = r.spaces.replace_all(s.trim().trim_end_matches([',', ';', '-']).trim(), " ").to_string();

    let mut k = display.to_lowercase().replace('&', " and ").replace(".com", " ");
    k = r.punct.replace_all(&k, " ").to_string();
    k = r.spaces.replace_all(k.trim(), " ").to_string();
    loop {
        let before = k.clone();
        for form in LEGAL_FORMS {
            if let Some(stripped) = k.strip_suffix(form) {
                if stripped.ends_with(' ') && stripped.trim().len() > 1 {
                    k = stripped.trim_end().to_string();
                }
            }
        }
        if let Some(stripped) = k.strip_prefix("the ") {
            if !stripped.is_empty() {
                k = stripped.to_string();
            }
        }
        if k == before {
            break;
        }
    }
    CanonicalName { key: k, display, updated, rescinded }
}

/// Does a canonical key match a user's company query? Exact key, or the query's key as a
/// leading whole-word prefix ("amazon" matches "amazon fresh" and "amazon services", not "amazonas").
pub fn matches(key: &str, query: &str) -> bool {
    let q = canonicalise(query).key;
    if q.is_empty() {
        return false;
    }
    key == q || key.strip_prefix(&q).is_some_and(|rest| rest.starts_with(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_markers_and_sites() {
        assert_eq!(canonicalise("Amazon.com Services LLC").key, "amazon services");
        assert_eq!(canonicalise("Amazon").key, "amazon");
        assert_eq!(canonicalise("Amazon - SAN 13").key, "amazon");
        assert_eq!(canonicalise("Amazon (LAX10)").key, "amazon");
        assert_eq!(canonicalise("Amazon - MAF1 facility").key, "amazon");
        let u = canonicalise("*Updated* Replimune, Inc.");
        assert_eq!((u.key.as_str(), u.updated, u.rescinded), ("replimune", true, false));
        let r = canonicalise("*Rescinded* Advanced Packaging, Inc.");
        assert_eq!((r.key.as_str(), r.rescinded), ("advanced packaging", true));
        assert_eq!(canonicalise("The Boeing Company").key, "boeing");
        assert_eq!(canonicalise("Boston Electrometallurgical Corporation (dba Boston Metal)").key, "boston electrometallurgical");
        assert_eq!(canonicalise("AT&T Inc.").key, "at and t");
        assert_eq!(canonicalise("3M Company").key, "3m");
    }

    #[test]
    fn new_york_addresses_are_cut() {
        let n = canonicalise("Jersey Lynne Farms, Inc. 8801 Foster Avenue Brooklyn, NY 11236");
        assert_eq!(n.display, "Jersey Lynne Farms, Inc.");
        assert_eq!(n.key, "jersey lynne farms");
        assert_eq!(canonicalise("BIG V SUPERMARKETS, INC.\n  240 EAST SANDFORD BLVD.").key, "big v supermarkets");
        assert_eq!(canonicalise("The Penn Traffic Company Corporate Office: P.O. Box 4737Syracuse, NY 13221-4737").key, "penn traffic");
        assert_eq!(canonicalise("Acme Corp. PO Box 12 Albany").key, "acme");
        assert_eq!(canonicalise("Eastman Kodak Company (Kodak  Office) 343 State Street Rochester, NY 14650").key, "eastman kodak");
    }

    #[test]
    fn query_matching_is_word_prefix() {
        assert!(matches("amazon fresh", "Amazon"));
        assert!(matches("amazon", "Amazon.com, Inc."));
        assert!(!matches("amazonas", "amazon"));
        assert!(!matches("amazon", ""));
    }
}
