//! User rules that fix an organisation's own titles once: title -> SOC, exact or by pattern,
//! applied before the index.
//!
//! File format (CSV with a header; any of `,` `;` tab as delimiter):
//!
//! ```text
//! title,soc,match,note
//! HRBP,13-1071,exact,HR business partners are specialists here
//! ^Area Manager\b,53-1047,regex,first-line supervisors in our fulfilment centres
//! ```
//!
//! `soc` is a SOC 2018 code (`13-1071` or `131071`) or an O*NET-SOC code (`13-1071.00`). `match`
//! is `exact` (default: the title compared case-insensitively with collapsed spaces, and also by
//! its normalised form, so that "Sr. HRBP II" hits a rule for "HRBP") or `regex` (case-insensitive,
//! searched in the raw title). Exact rules are tried first, then patterns in file order.

use crate::error::TitlesError;
use ahash::AHashMap;
use culprit_data::Catalog;
use regex::{Regex, RegexBuilder};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Rule {
    pub title: String,
    pub occupation: u32,
    pub line: u64,
    pub note: String,
}

#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub(crate) exact: Vec<Rule>,
    pub(crate) patterns: Vec<(Regex, Rule)>,
    by_raw: AHashMap<String, usize>,
    by_key: AHashMap<String, usize>,
}

/// Lower case with collapsed white space: how exact rules compare raw titles.
pub fn fold_raw(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.patterns.is_empty()
    }

    pub fn len(&self) -> usize {
        self.exact.len() + self.patterns.len()
    }

    /// The overrides file of a coder's options, or none.
    pub fn of_options(options: &crate::CoderOptions, cat: &Catalog) -> Result<Overrides, TitlesError> {
        match &options.overrides {
            Some(p) => Overrides::load(p, cat),
            None => Ok(Overrides::default()),
        }
    }

    pub fn load(path: &Path, cat: &Catalog) -> Result<Overrides, TitlesError> {
        let bytes = std::fs::read(path).map_err(|e| TitlesError::Io { path: path.into(), source: e })?;
        Self::parse(&bytes, &path.display().to_string(), cat)
    }

    pub fn parse(bytes: &[u8], origin: &str, cat: &Catalog) -> Result<Overrides, TitlesError> {
        let bad = |line: u64, message: String| TitlesError::Overrides { origin: origin.into(), line, message };
        let text = String::from_utf8_lossy(bytes);
        let text = text.trim_start_matches('\u{FEFF}');
        let delim = crate::sniff_delimiter(text.lines().next().unwrap_or(""));
        let mut rdr = csv::ReaderBuilder::new().delimiter(delim).flexible(true).from_reader(text.as_bytes());
        let headers: Vec<String> = rdr.headers().map_err(|e| bad(1, e.to_string()))?.iter().map(|h| h.trim().to_lowercase()).collect();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(ct), Some(cs)) = (col("title"), col("soc")) else {
            return Err(bad(1, format!("needs columns `title` and `soc`; found {}", headers.join(", "))));
        };
        let (cm, cn) = (col("match"), col("note"));
        let mut out = Overrides::default();
        for (i, rec) in rdr.records().enumerate() {
            let line = i as u64 + 2;
            let rec = rec.map_err(|e| bad(line, e.to_string()))?;
            let title = rec.get(ct).unwrap_or("").trim().to_string();
            let code = rec.get(cs).unwrap_or("").trim();
            if title.is_empty() && code.is_empty() {
                continue;
            }
            if title.is_empty() {
                return Err(bad(line, "blank title".into()));
            }
            let occupation = resolve_code(code, cat).ok_or_else(|| bad(line, format!("`{code}` is not a SOC 2018 or O*NET-SOC code of the catalog")))?;
            let note = cn.and_then(|c| rec.get(c)).unwrap_or("").trim().to_string();
            let rule = Rule { title: title.clone(), occupation, line, note };
            match cm.and_then(|c| rec.get(c)).map(|m| m.trim().to_lowercase()).as_deref() {
                None | Some("") | Some("exact") => out.exact.push(rule),
                Some("regex") | Some("pattern") => {
                    let re = RegexBuilder::new(&title).case_insensitive(true).size_limit(1 << 20).build().map_err(|e| bad(line, format!("bad pattern: {e}")))?;
                    out.patterns.push((re, rule));
                }
                Some(other) => return Err(bad(line, format!("match must be `exact` or `regex`, not `{other}`"))),
            }
        }
        for (i, r) in out.exact.iter().enumerate() {
            // The first rule for a title wins, as in the file.
            out.by_raw.entry(fold_raw(&r.title)).or_insert(i);
        }
        Ok(out)
    }

    /// Index the exact rules by their normalised form too (needs the coder's normaliser).
    pub(crate) fn index_keys(&mut self, key_of: impl Fn(&str) -> Option<String>) {
        self.by_key.clear();
        for (i, r) in self.exact.iter().enumerate() {
            if let Some(k) = key_of(&r.title) {
                self.by_key.entry(k).or_insert(i);
            }
        }
    }

    /// The rule for a raw title, by raw form and by pattern.
    pub fn match_raw(&self, raw: &str) -> Option<&Rule> {
        if let Some(&i) = self.by_raw.get(&fold_raw(raw)) {
            return Some(&self.exact[i]);
        }
        self.patterns.iter().find(|(re, _)| re.is_match(raw)).map(|(_, r)| r)
    }

    /// The exact rule for a normalised title.
    pub fn match_key(&self, key: &str) -> Option<&Rule> {
        self.by_key.get(key).map(|&i| &self.exact[i])
    }
}

/// A SOC 2018 or O*NET-SOC code -> the occupation (for a SOC code: its `.00` occupation, else
/// the first O*NET occupation under it).
pub fn resolve_code(code: &str, cat: &Catalog) -> Option<u32> {
    let digits: String = code.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() == 8 {
        let onet = format!("{}-{}.{}", &digits[..2], &digits[2..6], &digits[6..]);
        return cat.occupations.binary_search_by(|o| o.onet_soc.as_str().cmp(&onet)).ok().map(|i| i as u32);
    }
    if digits.len() != 6 {
        return None;
    }
    let soc = format!("{}-{}", &digits[..2], &digits[2..]);
    let s = cat.soc_by_code(&soc)?;
    s.onet.iter().copied().find(|&o| cat.occupations[o as usize].onet_soc.ends_with(".00")).or_else(|| s.onet.first().copied())
}
