//! A reader for inline-XBRL 10-K filings (the XHTML document a company files with EDGAR): the
//! tagged facts (`ix:nonFraction` numbers with their scale and sign, `ix:nonNumeric` dei facts)
//! become an [`XbrlInstance`] that [`crate::sec_facts`] reads like any instance, and the visible
//! text is kept for what filings state only in prose: the headcount sentence of Item 1
//! ("As of December 31, 2024, Alphabet had 183,323 employees").

use crate::error::{EvidenceError, Result};
use crate::xbrl::{attr, ContextBuilder, Fact, Period, XbrlInstance};
use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// An inline filing: its facts and its visible text.
#[derive(Debug, Clone)]
pub struct InlineFiling {
    pub origin: String,
    pub instance: XbrlInstance,
    /// The document's visible text, one line per block element, without the hidden header.
    pub text: String,
}

impl InlineFiling {
    pub fn load(path: &Path) -> Result<InlineFiling> {
        let bytes = std::fs::read(path).map_err(|e| EvidenceError::io(path, e))?;
        parse(&String::from_utf8_lossy(&bytes), &path.display().to_string())
    }

    pub fn dei(&self, local: &str) -> Option<&str> {
        self.instance.dei(local)
    }

    /// Fiscal year the filing reports on: `dei:DocumentFiscalYearFocus`, else the year of
    /// `dei:DocumentPeriodEndDate`.
    pub fn fiscal_year(&self) -> Option<i32> {
        self.dei("DocumentFiscalYearFocus").and_then(|y| y.trim().parse().ok()).or_else(|| self.period_end().map(|d| chrono::Datelike::year(&d)))
    }

    pub fn period_end(&self) -> Option<NaiveDate> {
        self.dei("DocumentPeriodEndDate").and_then(parse_text_date)
    }
}

/// A sentence that states the number of employees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadcountSentence {
    pub employees: f64,
    /// The date the count is as of, where the sentence gives one.
    pub as_of: Option<NaiveDate>,
    /// The sentence, whitespace folded.
    pub sentence: String,
}

/// Elements after which the visible text breaks a line.
fn is_block(local: &[u8]) -> bool {
    matches!(local, b"p" | b"div" | b"tr" | b"br" | b"li" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"table" | b"td" | b"th")
}

/// The number an `ix:nonFraction` displays, read with its `format` transform, or None for a
/// format this reader does not know (the fact is then left out, never guessed).
fn transform_number(text: &str, format: Option<&str>) -> Option<f64> {
    let t = text.trim();
    let f = format.map(|f| f.rsplit(':').next().unwrap_or(f)).unwrap_or("num-dot-decimal");
    match f {
        "fixed-zero" | "fixedzero" | "zerodash" | "numwordsen" if !t.chars().any(|c| c.is_ascii_digit()) => Some(0.0),
        "num-dot-decimal" | "numdotdecimal" | "numcommadot" | "num-dot-decimal-apos" => t.replace([',', ' ', '\u{a0}', '\''], "").parse().ok(),
        "num-comma-decimal" | "numcommadecimal" | "numdotcomma" => t.replace(['.', ' ', '\u{a0}'], "").replace(',', ".").parse().ok(),
        "fixed-zero" | "fixedzero" | "zerodash" => Some(0.0),
        _ => t.replace(',', "").parse().ok(),
    }
}

/// Parse an inline-XBRL XHTML document.
pub fn parse(text: &str, origin: &str) -> Result<InlineFiling> {
    let err = |m: String| EvidenceError::Xbrl { path: origin.into(), message: m };
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = false;
    let mut inst = XbrlInstance::default();
    let mut visible = String::with_capacity(text.len() / 8);
    let mut in_header = 0usize;
    let mut hidden_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut ctx: Option<ContextBuilder> = None;
    let mut unit: Option<(String, Vec<String>)> = None;
    let mut text_target: Option<String> = None;
    let mut buf = String::new();
    // Facts being read (they nest: a nonNumeric text block holds nonFractions).
    let mut open: Vec<Open> = Vec::new();
    let mut prefixes: HashMap<String, String> = HashMap::new();
    let mut saw_ix = false;
    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => return Err(err(format!("XHTML error at byte {}: {e}", reader.buffer_position()))),
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.name();
                let local = name.local_name();
                let local = local.as_ref();
                let prefix = name.prefix().map(|p| String::from_utf8_lossy(p.as_ref()).into_owned()).unwrap_or_default();
                if depth == 0 {
                    for a in e.attributes().flatten() {
                        let k = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                        if let Some(p) = k.strip_prefix("xmlns:") {
                            prefixes.insert(p.to_string(), String::from_utf8_lossy(&a.value).into_owned());
                        }
                    }
                }
                let is_ix = prefixes.get(&prefix).is_some_and(|u| u.contains("inlineXBRL")) || prefix == "ix";
                if is_ix {
                    saw_ix = true;
                }
                if is_ix && local == b"header" {
                    in_header += 1;
                }
                if hidden_depth.is_none() && !empty && attr(e, b"style").is_some_and(|s| s.replace(' ', "").contains("display:none")) {
                    hidden_depth = Some(depth);
                }
                if local == b"context" && !is_ix {
                    ctx = Some(ContextBuilder::new(attr(e, b"id").unwrap_or_default()));
                } else if local == b"unit" && !is_ix && ctx.is_none() {
                    unit = Some((attr(e, b"id").unwrap_or_default(), Vec::new()));
                } else if let Some(c) = &mut ctx {
                    if c.open(local, e, empty) {
                        buf.clear();
                    }
                } else if unit.is_some() && local == b"measure" {
                    text_target = Some("measure".into());
                    buf.clear();
                } else if is_ix && (local == b"nonFraction" || local == b"nonNumeric") {
                    if let (Some(name), Some(context)) = (attr(e, b"name"), attr(e, b"contextRef")) {
                        let (p, l) = name.split_once(':').unwrap_or(("", name.as_str()));
                        let family = prefixes.get(p).map(|u| {
                            if u.contains("fasb.org/us-gaap") {
                                "us-gaap".to_string()
                            } else if u.contains("xbrl.sec.gov/dei") {
                                "dei".to_string()
                            } else {
                                p.to_string()
                            }
                        });
                        let fact = Fact {
                            concept: format!("{}:{l}", family.unwrap_or_else(|| p.to_string())),
                            context,
                            unit: attr(e, b"unitRef"),
                            decimals: attr(e, b"decimals"),
                            value: String::new(),
                            id: attr(e, b"id"),
                        };
                        let o = Open {
                            fact,
                            depth,
                            text: String::new(),
                            numeric: local == b"nonFraction",
                            scale: attr(e, b"scale").and_then(|s| s.parse().ok()).unwrap_or(0),
                            negative: attr(e, b"sign").is_some_and(|s| s == "-"),
                            format: attr(e, b"format"),
                        };
                        if empty {
                            // A nil or empty fact: keep a zero only when its format says so.
                            if let Some(v) = o.numeric.then(|| transform_number("", o.format.as_deref())).flatten() {
                                let mut f = o.fact;
                                f.value = v.to_string();
                                inst.facts.push(f);
                            }
                        } else {
                            open.push(o);
                        }
                    }
                }
                if in_header == 0 && hidden_depth.is_none() && is_block(local) && !visible.ends_with('\n') {
                    visible.push('\n');
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| err(e.to_string()))?;
                let s = quick_xml::escape::unescape(&s).map(|c| c.into_owned()).unwrap_or_else(|_| s.into_owned());
                push_text(&s, &mut buf, &mut open, text_target.is_some() || ctx.as_ref().is_some_and(ContextBuilder::is_reading), in_header == 0 && hidden_depth.is_none(), &mut visible);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| err(e.to_string()))?;
                let s = match name.as_ref() {
                    "amp" => "&".to_string(),
                    "lt" => "<".into(),
                    "gt" => ">".into(),
                    "quot" => "\"".into(),
                    "apos" => "'".into(),
                    n => n
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32)
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| " ".into()),
                };
                push_text(&s, &mut buf, &mut open, text_target.is_some() || ctx.as_ref().is_some_and(ContextBuilder::is_reading), in_header == 0 && hidden_depth.is_none(), &mut visible);
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                let name = e.name();
                let local = name.local_name();
                let local = local.as_ref();
                if hidden_depth == Some(depth) {
                    hidden_depth = None;
                }
                if local == b"header" && in_header > 0 && name.prefix().is_some() {
                    in_header -= 1;
                }
                if open.last().is_some_and(|o| o.depth == depth) {
                    let o = open.pop().expect("checked");
                    let mut f = o.fact;
                    if o.numeric {
                        if let Some(v) = transform_number(&o.text, o.format.as_deref()) {
                            let v = v * 10f64.powi(o.scale);
                            f.value = format!("{}", if o.negative { -v } else { v });
                            inst.facts.push(f);
                        }
                    } else {
                        f.value = o.text.split_whitespace().collect::<Vec<_>>().join(" ");
                        inst.facts.push(f);
                    }
                    continue;
                }
                if ctx.as_mut().is_some_and(|c| c.close(&buf)) {
                    continue;
                }
                if text_target.take().is_some() {
                    if let Some(u) = &mut unit {
                        u.1.push(buf.trim().to_string());
                    }
                    continue;
                }
                if local == b"context" {
                    if let Some(c) = ctx.take() {
                        // A context without a readable period is kept as "forever": its facts
                        // then match no fiscal year and are not used.
                        let period = c.period().unwrap_or(Period::Forever);
                        inst.contexts.insert(c.id().to_string(), c.into_context(period));
                    }
                } else if local == b"unit" {
                    if let Some((id, measures)) = unit.take() {
                        inst.units.insert(id, measures.join("/"));
                    }
                } else if is_block(local) && in_header == 0 && hidden_depth.is_none() && !visible.ends_with('\n') {
                    visible.push('\n');
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_ix {
        return Err(err("no ix: element: not an inline-XBRL filing (an SEC 10-K in .htm form is)".into()));
    }
    if inst.contexts.is_empty() {
        return Err(err("inline-XBRL filing without contexts in its ix:header".into()));
    }
    Ok(InlineFiling { origin: origin.into(), instance: inst, text: visible })
}

/// A tagged fact whose end tag has not been read yet.
struct Open {
    fact: Fact,
    depth: usize,
    text: String,
    numeric: bool,
    scale: i32,
    negative: bool,
    format: Option<String>,
}

fn push_text(s: &str, buf: &mut String, open: &mut [Open], target: bool, shown: bool, visible: &mut String) {
    if target {
        buf.push_str(s);
    }
    for o in open.iter_mut() {
        o.text.push_str(s);
    }
    if shown {
        visible.push_str(s);
    }
}

/// Dates as filings write them in prose and in dei facts: "December 31, 2024", "2024-12-31",
/// "31 December 2024".
pub fn parse_text_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim().replace('\u{a0}', " ");
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    for f in ["%B %d, %Y", "%B %d,%Y", "%b %d, %Y", "%Y-%m-%d", "%d %B %Y", "%B %e, %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(&t, f) {
            return Some(d);
        }
    }
    None
}

fn headcount_patterns() -> &'static (Regex, Regex, Regex) {
    static P: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    P.get_or_init(|| {
        (
            // A count of people: a number followed, within a few words, by a word for staff.
            Regex::new(r"(?i)\b(\d{1,3}(?:,\d{3})+|\d{4,7})\b((?:\s+[a-z-]+){0,6}?)\s+(employees|full-time employees|team members|associates|people|workforce|personnel|staff)\b").unwrap(),
            // "workforce of 74,067", "headcount of 1,234", "total headcount was 5,000".
            Regex::new(r"(?i)\b(?:workforce|headcount)\b(?:\s+[a-z]+){0,3}?\s+(?:of|was|totaled|totalled|is)\s+(?:approximately\s+|about\s+)?(\d{1,3}(?:,\d{3})+|\d{4,7})\b").unwrap(),
            Regex::new(r"(?i)\b(?:as of|at)\s+((?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s*\d{4})").unwrap(),
        )
    })
}

/// Sentences of a filing's text that state its number of employees, best first: those that
/// also give an "as of" date, then in document order.
pub fn headcount_sentences(text: &str) -> Vec<HeadcountSentence> {
    let (count_re, workforce_re, date_re) = headcount_patterns();
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.to_ascii_lowercase();
        if !["employ", "workforce", "headcount", "team member", "associates", "personnel"].iter().any(|w| l.contains(w)) {
            continue;
        }
        for sentence in split_sentences(line) {
            let lower = sentence.to_ascii_lowercase();
            // Counts of something else that mention employees (plans, shares, dollars).
            if lower.contains('$') || lower.contains("shares") || lower.contains("per employee") {
                continue;
            }
            let n = workforce_re
                .captures(&sentence)
                .and_then(|c| c.get(1))
                .or_else(|| count_re.captures(&sentence).and_then(|c| c.get(1)))
                .and_then(|m| m.as_str().replace(',', "").parse::<f64>().ok());
            let Some(n) = n.filter(|n| !(1900.0..=2100.0).contains(n) || sentence.contains(&format!("{},", *n as i64))) else { continue };
            let as_of = date_re.captures(&sentence).and_then(|c| parse_text_date(&c[1]));
            out.push(HeadcountSentence { employees: n, as_of, sentence: sentence.clone() });
        }
    }
    // Sentences with a date first; ties keep document order.
    out.sort_by_key(|s| s.as_of.is_none());
    out
}

fn split_sentences(line: &str) -> Vec<String> {
    let folded = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = folded.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        if c == '.' && chars.get(i + 1) == Some(&' ') && chars.get(i + 2).is_some_and(|n| n.is_uppercase()) && !cur.ends_with("Inc.") && !cur.ends_with("Co.") {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:us-gaap="http://fasb.org/us-gaap/2024" xmlns:dei="http://xbrl.sec.gov/dei/2024" xmlns:ixt="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12" xmlns:xbrldi="http://xbrl.org/2006/xbrldi">
<body><div style="display:none"><ix:header><ix:hidden>
<ix:nonNumeric contextRef="c-1" name="dei:DocumentFiscalYearFocus">2024</ix:nonNumeric>
<ix:nonNumeric contextRef="c-1" name="dei:EntityRegistrantName">Fixture Corp</ix:nonNumeric>
<ix:nonNumeric contextRef="c-1" name="dei:EntityCentralIndexKey">0000000042</ix:nonNumeric>
</ix:hidden><ix:resources>
<xbrli:context id="c-1"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000000042</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="c-2"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000000042</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:startDate>2023-01-01</xbrli:startDate><xbrli:endDate>2023-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="c-3"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000000042</xbrli:identifier><xbrli:segment><xbrldi:explicitMember dimension="us-gaap:StatementBusinessSegmentsAxis">f:CloudMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity><xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
</ix:resources></ix:header></div>
<div><p>Item 1. Business</p><p>Human Capital</p>
<p>As of December&#160;31, 2024, Fixture had 12,345 employees. We had 2,000 employees in 2000 and paid $5,000 per employee.</p>
<table><tr><td>Purchases of property and equipment</td><td>(<ix:nonFraction unitRef="usd" contextRef="c-1" decimals="-6" name="us-gaap:PaymentsToAcquirePropertyPlantAndEquipment" format="ixt:num-dot-decimal" scale="6">1,234</ix:nonFraction>)</td>
<td><ix:nonFraction unitRef="usd" contextRef="c-2" decimals="-6" name="us-gaap:PaymentsToAcquirePropertyPlantAndEquipment" format="ixt:num-dot-decimal" scale="6">1,000</ix:nonFraction></td>
<td><ix:nonFraction unitRef="usd" contextRef="c-3" decimals="-6" name="us-gaap:PaymentsToAcquirePropertyPlantAndEquipment" format="ixt:num-dot-decimal" scale="6">900</ix:nonFraction></td>
<td><ix:nonFraction unitRef="usd" contextRef="c-1" decimals="-6" name="us-gaap:NetIncomeLoss" format="ixt:num-dot-decimal" scale="6" sign="-">20</ix:nonFraction></td>
<td><ix:nonFraction unitRef="usd" contextRef="c-2" decimals="-6" name="us-gaap:NetIncomeLoss" format="ixt:fixed-zero" scale="6">—</ix:nonFraction></td></tr></table>
</div></body></html>"#;

    #[test]
    fn facts_contexts_and_text() {
        let f = parse(MINI, "mini.htm").unwrap();
        assert_eq!(f.fiscal_year(), Some(2024));
        assert_eq!(f.dei("EntityRegistrantName"), Some("Fixture Corp"));
        assert_eq!(f.instance.contexts.len(), 3);
        assert_eq!(f.instance.units["usd"], "iso4217:USD");
        let capex: Vec<f64> = f.instance.facts.iter().filter(|x| x.concept.ends_with("PaymentsToAcquirePropertyPlantAndEquipment")).filter_map(|x| x.number()).collect();
        assert_eq!(capex, vec![1_234e6, 1_000e6, 900e6]);
        let ni: Vec<f64> = f.instance.facts.iter().filter(|x| x.concept == "us-gaap:NetIncomeLoss").filter_map(|x| x.number()).collect();
        assert_eq!(ni, vec![-20e6, 0.0]);
        // The hidden header is not visible text.
        assert!(!f.text.contains("Fixture Corp"));
        let facts = crate::sec_facts::from_instance(&f.instance, "mini.htm");
        assert_eq!(facts.get("capex", 2024).map(|a| a.value), Some(1_234e6));
        assert_eq!(facts.get("capex", 2023).map(|a| a.value), Some(1_000e6));
    }

    #[test]
    fn the_headcount_sentence_is_found_and_cited() {
        let f = parse(MINI, "mini.htm").unwrap();
        let s = headcount_sentences(&f.text);
        assert_eq!(s[0].employees, 12_345.0);
        assert_eq!(s[0].as_of, NaiveDate::from_ymd_opt(2024, 12, 31));
        assert_eq!(s[0].sentence, "As of December 31, 2024, Fixture had 12,345 employees.");
        // Prose forms of real 10-Ks.
        for (t, n) in [
            ("As of December 31, 2024, we employed approximately 1,556,000 full-time and part-time employees.", 1_556_000.0),
            ("We had a global workforce of 74,067 employees as of December 31, 2024.", 74_067.0),
            ("As of January 31, 2025, we had 76,453 employees.", 76_453.0),
            ("At December 31, 2024, we had approximately 490,000 team members worldwide.", 490_000.0),
        ] {
            let s = headcount_sentences(t);
            assert_eq!(s.first().map(|x| x.employees), Some(n), "{t}");
            assert!(s[0].as_of.is_some(), "{t}");
        }
        assert!(headcount_sentences("Our 401(k) plan covers employees; we paid $1,000 per employee.").is_empty());
    }

    #[test]
    fn not_inline_xbrl_is_a_clear_error() {
        let e = parse("<html><body><p>hello</p></body></html>", "x.htm").unwrap_err();
        assert!(e.to_string().contains("not an inline-XBRL filing"), "{e}");
    }
}
