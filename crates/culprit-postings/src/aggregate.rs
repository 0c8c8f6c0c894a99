//! Aggregates of scanned postings: share mentioning AI, the specificity index, generic-only
//! share, contexts and keyword counts, overall and by month, company, occupation and state.
//! The same derivations (month, state, occupation key) are used by every engine, so that the
//! embedded scanner and the SQL engines group identically.

use crate::matcher::{Matcher, TextScan};
use crate::taxonomy::{ContextClass, TermClass};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const UNKNOWN: &str = "unknown";
pub const UNCODED: &str = "uncoded";

/// "YYYY-MM" from an ISO date or datetime ("2024-03-05", "2024-03-05T10:00Z", "2024/03/05"),
/// a US date ("03/05/2024"), a month ("2024-03"), epoch seconds or milliseconds, a date with a
/// month name; else "unknown".
pub fn month_of(date: &str) -> String {
    let d = date.trim().as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if d.len() >= 7 && digits(&d[..4]) && (d[4] == b'-' || d[4] == b'/') {
        let rest = &d[5..];
        let mlen = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if (1..=2).contains(&mlen) {
            let m: u32 = std::str::from_utf8(&rest[..mlen]).unwrap().parse().unwrap();
            if (1..=12).contains(&m) {
                return format!("{}-{:02}", std::str::from_utf8(&d[..4]).unwrap(), m);
            }
        }
    }
    // Any other form the input layer reads (U.S. dates, epoch seconds or milliseconds, month
    // names), one value at a time; the Rust scanner has already made its dates ISO with the
    // column's own rule, so this serves the SQL engines.
    use culprit_input::values::{parse_date, DateHint, DateValue};
    match parse_date(date, &DateHint::default()) {
        DateValue::Date(d) | DateValue::Month(d) => d.format("%Y-%m").to_string(),
        _ => UNKNOWN.to_string(),
    }
}

use culprit_input::sniff::STATES;

/// The US state (two-letter code) of a location such as "Seattle, WA", "Austin, TX 78701",
/// "Boston, Massachusetts, United States"; else "unknown". The last matching part wins, so
/// "Washington, DC" is DC.
pub fn state_of(location: &str) -> String {
    let mut found = None;
    for part in location.split([',', '|', ';', '(', ')']) {
        let p = part.trim();
        let first = p.split_whitespace().next().unwrap_or("");
        if let Some((code, _)) = STATES.iter().find(|(c, _)| *c == first || *c == p) {
            found = Some(*code);
        } else if let Some((code, _)) = STATES.iter().find(|(_, n)| n.eq_ignore_ascii_case(p)) {
            found = Some(*code);
        }
    }
    found.unwrap_or(UNKNOWN).to_string()
}

/// The company key: trimmed, or "unknown".
pub fn company_of(company: &str) -> String {
    let c = company.trim();
    if c.is_empty() { UNKNOWN.to_string() } else { c.to_string() }
}

/// The occupation key: "SOC title", or "uncoded".
pub fn occupation_key(code: Option<(String, String)>) -> String {
    match code {
        Some((soc, title)) => format!("{soc} {title}"),
        None => UNCODED.to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Month,
    Company,
    Occupation,
    State,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [Dimension::Month, Dimension::Company, Dimension::Occupation, Dimension::State];
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Month => "month",
            Dimension::Company => "company",
            Dimension::Occupation => "occupation",
            Dimension::State => "state",
        }
    }
    pub fn parse(s: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == s.trim())
    }
}

/// Counts for a group of postings; additive, so groups merge across threads and machines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub postings: u64,
    pub ai_postings: u64,
    pub generic_mentions: u64,
    pub specific_mentions: u64,
    pub tool_mentions: u64,
    /// AI postings whose only mentions are generic.
    pub generic_only: u64,
    /// Postings by context, indexed like [`ContextClass::ALL`].
    pub contexts: [u64; 5],
}

impl Counts {
    pub fn add_scan(&mut self, s: &TextScan) {
        self.add_counts(s.generic, s.specific, s.tool, s.context());
    }

    pub fn add_counts(&mut self, generic: u32, specific: u32, tool: u32, context: ContextClass) {
        self.postings += 1;
        let any = generic + specific + tool > 0;
        self.ai_postings += any as u64;
        self.generic_mentions += generic as u64;
        self.specific_mentions += specific as u64;
        self.tool_mentions += tool as u64;
        self.generic_only += (generic > 0 && specific == 0 && tool == 0) as u64;
        self.contexts[ContextClass::ALL.iter().position(|c| *c == context).expect("listed")] += 1;
    }

    pub fn merge(&mut self, o: &Counts) {
        self.postings += o.postings;
        self.ai_postings += o.ai_postings;
        self.generic_mentions += o.generic_mentions;
        self.specific_mentions += o.specific_mentions;
        self.tool_mentions += o.tool_mentions;
        self.generic_only += o.generic_only;
        for i in 0..5 {
            self.contexts[i] += o.contexts[i];
        }
    }

    pub fn ai_share(&self) -> Option<f64> {
        (self.postings > 0).then(|| self.ai_postings as f64 / self.postings as f64)
    }

    /// Specificity index: specific / (generic + specific) over all mentions of the group.
    pub fn specificity_index(&self) -> Option<f64> {
        let d = self.generic_mentions + self.specific_mentions;
        (d > 0).then(|| self.specific_mentions as f64 / d as f64)
    }

    pub fn generic_only_share(&self) -> Option<f64> {
        (self.ai_postings > 0).then(|| self.generic_only as f64 / self.ai_postings as f64)
    }

    pub fn context(&self, c: ContextClass) -> u64 {
        self.contexts[ContextClass::ALL.iter().position(|x| *x == c).expect("listed")]
    }
}

/// One row of a `by_*.csv` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    pub key: String,
    pub postings: u64,
    pub ai_postings: u64,
    pub ai_share: Option<f64>,
    pub generic_mentions: u64,
    pub specific_mentions: u64,
    pub tool_mentions: u64,
    pub specificity_index: Option<f64>,
    pub generic_only_share: Option<f64>,
    pub build: u64,
    pub use_tools: u64,
    pub hiring_process: u64,
    pub bare_mention: u64,
}

impl GroupRow {
    pub fn new(key: &str, c: &Counts) -> GroupRow {
        GroupRow {
            key: key.to_string(),
            postings: c.postings,
            ai_postings: c.ai_postings,
            ai_share: c.ai_share(),
            generic_mentions: c.generic_mentions,
            specific_mentions: c.specific_mentions,
            tool_mentions: c.tool_mentions,
            specificity_index: c.specificity_index(),
            generic_only_share: c.generic_only_share(),
            build: c.context(ContextClass::Build),
            use_tools: c.context(ContextClass::UseTools),
            hiring_process: c.context(ContextClass::HiringProcess),
            bare_mention: c.context(ContextClass::BareMention),
        }
    }
}

/// One row of `keywords.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeywordRow {
    pub keyword: String,
    pub class: TermClass,
    pub mentions: u64,
    /// Postings mentioning the keyword at least once.
    pub postings: u64,
    pub share_of_ai_postings: Option<f64>,
}

/// Per-keyword totals, indexed by taxonomy term.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeywordCounts {
    pub mentions: Vec<u64>,
    pub postings: Vec<u64>,
}

impl KeywordCounts {
    pub fn new(terms: usize) -> KeywordCounts {
        KeywordCounts { mentions: vec![0; terms], postings: vec![0; terms] }
    }
    pub fn add_scan(&mut self, s: &TextScan) {
        let mut seen: Vec<u16> = Vec::with_capacity(s.mentions.len());
        for m in &s.mentions {
            self.mentions[m.term as usize] += 1;
            if !seen.contains(&m.term) {
                seen.push(m.term);
                self.postings[m.term as usize] += 1;
            }
        }
    }
    pub fn merge(&mut self, o: &KeywordCounts) {
        for i in 0..self.mentions.len() {
            self.mentions[i] += o.mentions[i];
            self.postings[i] += o.postings[i];
        }
    }
}

/// Everything the tables are made of; merge partial aggregates in any order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregates {
    pub overall: Counts,
    pub groups: BTreeMap<Dimension, BTreeMap<String, Counts>>,
    pub keywords: KeywordCounts,
}

/// The grouping keys of one posting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    pub month: String,
    pub company: String,
    pub occupation: String,
    pub state: String,
}

impl Keys {
    pub fn get(&self, d: Dimension) -> &str {
        match d {
            Dimension::Month => &self.month,
            Dimension::Company => &self.company,
            Dimension::Occupation => &self.occupation,
            Dimension::State => &self.state,
        }
    }
}

impl Aggregates {
    pub fn new(terms: usize, dims: &[Dimension]) -> Aggregates {
        Aggregates {
            overall: Counts::default(),
            groups: dims.iter().map(|d| (*d, BTreeMap::new())).collect(),
            keywords: KeywordCounts::new(terms),
        }
    }

    pub fn add(&mut self, keys: &Keys, s: &TextScan) {
        self.overall.add_scan(s);
        for (d, g) in self.groups.iter_mut() {
            let k = keys.get(*d);
            match g.get_mut(k) {
                Some(c) => c.add_scan(s),
                None => {
                    let mut c = Counts::default();
                    c.add_scan(s);
                    g.insert(k.to_string(), c);
                }
            }
        }
        self.keywords.add_scan(s);
    }

    pub fn merge(&mut self, o: &Aggregates) {
        self.overall.merge(&o.overall);
        for (d, g) in &o.groups {
            let mine = self.groups.entry(*d).or_default();
            for (k, c) in g {
                mine.entry(k.clone()).or_default().merge(c);
            }
        }
        if self.keywords.mentions.is_empty() {
            self.keywords = o.keywords.clone();
        } else {
            self.keywords.merge(&o.keywords);
        }
    }

    pub fn rows(&self, d: Dimension) -> Vec<GroupRow> {
        self.groups.get(&d).map(|g| g.iter().map(|(k, c)| GroupRow::new(k, c)).collect()).unwrap_or_default()
    }

    /// Keywords by mentions, most first (ties by name), without zero rows.
    pub fn keyword_rows(&self, m: &Matcher) -> Vec<KeywordRow> {
        let mut rows: Vec<KeywordRow> = m
            .terms()
            .iter()
            .enumerate()
            .filter(|(i, _)| self.keywords.mentions[*i] > 0)
            .map(|(i, t)| KeywordRow {
                keyword: t.keyword.clone(),
                class: t.class,
                mentions: self.keywords.mentions[i],
                postings: self.keywords.postings[i],
                share_of_ai_postings: (self.overall.ai_postings > 0).then(|| self.keywords.postings[i] as f64 / self.overall.ai_postings as f64),
            })
            .collect();
        rows.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.keyword.cmp(&b.keyword)));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_from_common_date_shapes() {
        assert_eq!(month_of("2024-03-05"), "2024-03");
        assert_eq!(month_of("2024-3-5T10:00:00Z"), "2024-03");
        assert_eq!(month_of("2024/11/30"), "2024-11");
        assert_eq!(month_of("03/05/2024"), "2024-03");
        assert_eq!(month_of("2024-13-01"), "unknown");
        assert_eq!(month_of("last week"), "unknown");
        assert_eq!(month_of(""), "unknown");
    }

    #[test]
    fn states_from_locations() {
        assert_eq!(state_of("Seattle, WA"), "WA");
        assert_eq!(state_of("Austin, TX 78701"), "TX");
        assert_eq!(state_of("Boston, Massachusetts, United States"), "MA");
        assert_eq!(state_of("Washington, DC"), "DC");
        assert_eq!(state_of("Remote"), "unknown");
        assert_eq!(state_of("London, UK"), "unknown");
    }

    #[test]
    fn counts_merge_and_ratios() {
        let mut a = Counts::default();
        a.add_counts(2, 1, 0, ContextClass::Build);
        a.add_counts(1, 0, 0, ContextClass::BareMention);
        let mut b = Counts::default();
        b.add_counts(0, 0, 0, ContextClass::None);
        b.add_counts(0, 0, 3, ContextClass::UseTools);
        a.merge(&b);
        assert_eq!((a.postings, a.ai_postings, a.generic_only), (4, 3, 1));
        assert_eq!(a.ai_share(), Some(0.75));
        assert_eq!(a.specificity_index(), Some(0.25));
        assert_eq!(a.generic_only_share(), Some(1.0 / 3.0));
        assert_eq!(a.context(ContextClass::None), 1);
        assert_eq!(Counts::default().specificity_index(), None);
    }
}
