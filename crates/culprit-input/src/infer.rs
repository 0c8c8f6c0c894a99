//! Choosing which column holds each field: every (field, column) pair is scored by the header
//! name and by the column's content, the best pairs are taken greedily (a column serves one
//! field; a `multi` field takes every column that fits), and the result is a [`Mapping`] with a
//! confidence per field and the notes a reader should see. `--map FIELD=COLUMN` overrides.
//!
//! Scores, 0..1:
//! - name: an alias of the field, exactly (after normalising): 0.85-1.0, earlier aliases higher;
//!   every word of a multi-word alias in the header: 0.7; one of the field's words: 0.45; a
//!   header with one of the field's `not_words` never matches by words.
//! - content: the share of sampled values that fit the field's type (see [`crate::sniff`]).
//! - together: name x (0.4 + 0.6 x content), content 0.3 for a column empty in the sample; a column whose header says nothing is taken by
//!   content alone only for fields that allow it and when at least 85% of values fit (score
//!   0.5 x content).
//!
//! Fields whose values refer to another column (a manager id refers to the employee ids; a
//! manager's name to the employees' names) are scored after the others are placed.
//! Two columns that tie for one field (same name score, content within 0.05) are ambiguous:
//! the mapping stops and asks for `--map`, naming both.

use crate::error::{InputError, Result};
use crate::schema::{normalise, words, FieldSpec, Schema, ValueType};
use crate::sniff::{self, Context, Fit};
use crate::source::Row;
use crate::values::{DateHint, DayOrder};
use ahash::AHashSet;
use serde::Serialize;
use std::path::Path;

/// Below this a candidate is not taken.
const THRESHOLD: f64 = 0.3;

/// A `--map FIELD=COLUMN` override. COLUMN is a header as written, or `#N` for the N-th column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub field: String,
    pub column: String,
}

impl std::str::FromStr for Override {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self> {
        let (k, c) = s.split_once('=').ok_or_else(|| InputError::MapSyntax(s.to_string()))?;
        if k.trim().is_empty() || c.trim().is_empty() {
            return Err(InputError::MapSyntax(s.to_string()));
        }
        Ok(Override { field: k.trim().to_string(), column: c.trim().trim_matches('"').to_string() })
    }
}

/// How a column was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChosenBy {
    /// `--map`.
    Map,
    /// The header is an alias and the content fits.
    Name,
    /// The header only has a word of the field.
    NameWord,
    /// The content alone.
    Content,
}

/// One field's column.
#[derive(Debug, Clone, Serialize)]
pub struct Chosen {
    pub field: &'static str,
    pub label: &'static str,
    /// 0-based column index.
    pub column: usize,
    pub header: String,
    /// 0..1.
    pub confidence: f64,
    pub by: ChosenBy,
    /// What the content sniffer found ("epoch milliseconds", "names as 'Last, First'").
    pub detected: Option<String>,
    #[serde(skip)]
    pub date_hint: Option<DateHint>,
}

/// The mapping of a file's columns to a schema's fields.
#[derive(Debug, Clone, Serialize)]
pub struct Mapping {
    pub kind: &'static str,
    pub columns: Vec<Chosen>,
    /// Optional fields with no column.
    pub missing: Vec<&'static str>,
    /// Headers not used for any field.
    pub unused: Vec<String>,
    pub notes: Vec<String>,
}

impl Mapping {
    /// The first column of a field.
    pub fn get(&self, key: &str) -> Option<usize> {
        self.columns.iter().find(|c| c.field == key).map(|c| c.column)
    }
    /// Every column of a field, in column order (several for a `multi` field).
    pub fn all(&self, key: &str) -> Vec<usize> {
        let mut v: Vec<usize> = self.columns.iter().filter(|c| c.field == key).map(|c| c.column).collect();
        v.sort_unstable();
        v
    }
    pub fn chosen(&self, key: &str) -> Option<&Chosen> {
        self.columns.iter().find(|c| c.field == key)
    }
    pub fn header(&self, key: &str) -> Option<&str> {
        self.chosen(key).map(|c| c.header.as_str())
    }
    pub fn date_hint(&self, key: &str) -> DateHint {
        self.chosen(key).and_then(|c| c.date_hint).unwrap_or_default()
    }
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    /// Drop a field's column (a rule decided against it), with a note.
    pub fn drop_field(&mut self, key: &str, note: String) {
        let before = self.columns.len();
        self.columns.retain(|c| c.field != key);
        if self.columns.len() < before {
            self.notes.push(note);
        }
    }

    /// The mapping as `--map` arguments, to copy and edit.
    pub fn as_map_args(&self) -> String {
        self.columns.iter().map(|c| format!("--map {}=\"{}\"", c.field, c.header)).collect::<Vec<_>>().join(" ")
    }

    /// A plain-text table of the mapping, for the terminal (printed before any result).
    pub fn render(&self, source: &str) -> String {
        let mut out = format!("Read {source} as {}:\n", self.kind);
        let w = self.columns.iter().map(|c| c.field.len()).max().unwrap_or(5);
        let hw = self.columns.iter().map(|c| c.header.chars().count() + 2).max().unwrap_or(6).min(40);
        for c in &self.columns {
            let how = match c.by {
                ChosenBy::Map => "--map".to_string(),
                ChosenBy::Name => "name".to_string(),
                ChosenBy::NameWord => "name (partial)".to_string(),
                ChosenBy::Content => "content".to_string(),
            };
            let header = format!("`{}`", c.header);
            out.push_str(&format!(
                "  {:<w$} <- {:<hw$} {:>4.2} {:<14}{}\n",
                c.field,
                header,
                c.confidence,
                how,
                c.detected.as_deref().map(|d| format!(" {d}")).unwrap_or_default(),
            ));
        }
        if !self.missing.is_empty() {
            out.push_str(&format!("  not in the file: {}\n", self.missing.join(", ")));
        }
        for n in &self.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
        out.push_str("  (change with --map FIELD=COLUMN; `culprit inputs schema` lists the fields)\n");
        out
    }
}

/// Options of the inference.
#[derive(Debug, Clone, Default)]
pub struct InferOptions {
    pub overrides: Vec<Override>,
    /// Day order of numeric dates, when the user says it (`--date-order`).
    pub date_order: Option<DayOrder>,
    /// Date that relative dates ("3 days ago") count back from (`--as-of`).
    pub as_of: Option<chrono::NaiveDate>,
}

fn name_score(f: &FieldSpec, header: &str) -> (f64, ChosenBy) {
    let n = normalise(header);
    if n.is_empty() {
        return (0.0, ChosenBy::Content);
    }
    let len = f.aliases.len().max(1) as f64;
    if let Some(i) = f.aliases.iter().position(|a| normalise(a) == n) {
        return (1.0 - 0.15 * i as f64 / len, ChosenBy::Name);
    }
    let ws = words(header);
    let has_word = |w: &str| {
        let w = w.to_lowercase();
        if w.contains(' ') {
            n.contains(&normalise(&w))
        } else {
            ws.iter().any(|x| *x == w || (w.len() >= 5 && x.starts_with(&w)))
        }
    };
    if f.not_words.iter().any(|w| has_word(w)) {
        return (0.0, ChosenBy::Content);
    }
    for a in f.aliases {
        let aw = words(a);
        if aw.len() >= 2 && aw.iter().all(|w| ws.contains(w)) {
            return (0.7, ChosenBy::NameWord);
        }
    }
    if f.words.iter().any(|w| has_word(w)) {
        return (0.45, ChosenBy::NameWord);
    }
    (0.0, ChosenBy::Content)
}

fn depends(f: &FieldSpec) -> bool {
    matches!(f.value, ValueType::RefersTo(_) | ValueType::NameOf(_))
}

struct Cand {
    score: f64,
    name: f64,
    content: f64,
    field: usize,
    col: usize,
    by: ChosenBy,
    fit: Option<Fit>,
}

/// Find a column by `--map` text: the header as written (any case), then normalised, then `#N`.
fn find_column(headers: &[String], want: &str) -> Option<usize> {
    if let Some(n) = want.strip_prefix('#').and_then(|n| n.trim().parse::<usize>().ok()) {
        return (n >= 1 && n <= headers.len()).then(|| n - 1);
    }
    headers
        .iter()
        .position(|h| h == want)
        .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(want)))
        .or_else(|| headers.iter().position(|h| normalise(h) == normalise(want)))
}

/// Map a file's columns to a schema's fields.
pub fn infer(schema: &Schema, path: &Path, headers: &[String], sample: &[Row], opts: &InferOptions) -> Result<Mapping> {
    let ncol = headers.len();
    let col_values: Vec<Vec<&str>> = (0..ncol).map(|c| sample.iter().filter(|r| r.problem.is_none()).map(|r| r.get(c).unwrap_or("")).collect()).collect();
    let mut chosen: Vec<Chosen> = Vec::new();
    let mut used = vec![false; ncol];
    let mut notes = Vec::new();

    // 1. Overrides.
    for o in &opts.overrides {
        let f = schema.field_by_key(&o.field).ok_or_else(|| InputError::MapUnknownField {
            spec: format!("{}={}", o.field, o.column),
            field: o.field.clone(),
            kind: schema.kind.name().to_string(),
            fields: schema.fields.iter().map(|f| f.key).collect::<Vec<_>>().join(", "),
        })?;
        let col = find_column(headers, &o.column).ok_or_else(|| InputError::MapColumnNotFound {
            path: path.to_path_buf(),
            spec: format!("{}={}", o.field, o.column),
            column: o.column.clone(),
            found: headers.join(", "),
        })?;
        if !f.multi {
            chosen.retain(|c| c.field != f.key);
        }
        used[col] = true;
        let fit = sniff::fit(f.value, &col_values[col], &Context { column_of: &|_| None, person_keys: None, date_order: opts.date_order, as_of: opts.as_of });
        chosen.push(Chosen {
            field: f.key,
            label: f.label,
            column: col,
            header: headers[col].clone(),
            confidence: 1.0,
            by: ChosenBy::Map,
            detected: fit.as_ref().and_then(|f| f.detected.clone()),
            date_hint: fit.and_then(|f| f.date_hint),
        });
    }
    let overridden: AHashSet<&str> = chosen.iter().map(|c| c.field).collect();

    // 2. Independent fields, then 3. the fields that refer to others.
    for phase in [false, true] {
        let person_keys = person_keys(&chosen, &col_values);
        let chosen_cols: Vec<(&'static str, usize)> = chosen.iter().map(|c| (c.field, c.column)).collect();
        let column_of = |key: &str| chosen_cols.iter().find(|(f, _)| *f == key).map(|(_, c)| col_values[*c].clone());
        let ctx = Context { column_of: &column_of, person_keys: person_keys.as_ref(), date_order: opts.date_order, as_of: opts.as_of };
        let mut cands: Vec<Cand> = Vec::new();
        for (fi, f) in schema.fields.iter().enumerate() {
            if depends(f) != phase || overridden.contains(f.key) {
                continue;
            }
            for col in 0..ncol {
                if used[col] {
                    continue;
                }
                let (name, by) = name_score(f, &headers[col]);
                if name == 0.0 && !f.by_content {
                    continue;
                }
                let fit = sniff::fit(f.value, &col_values[col], &ctx);
                let content = fit.as_ref().map(|f| f.score);
                // A column empty in the sample can still be named, but a filled one named almost
                // as well is better.
                let score = if name > 0.0 {
                    name * (0.4 + 0.6 * content.unwrap_or(0.3))
                } else {
                    match content {
                        Some(c) if c >= 0.85 => 0.5 * c,
                        _ => 0.0,
                    }
                };
                if score >= THRESHOLD {
                    cands.push(Cand { score, name, content: content.unwrap_or(0.3), field: fi, col, by, fit });
                }
            }
        }
        cands.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.col.cmp(&b.col)));
        let mut taken: Vec<usize> = Vec::new();
        for (i, c) in cands.iter().enumerate() {
            let f = &schema.fields[c.field];
            if used[c.col] || (!f.multi && chosen.iter().any(|x| x.field == f.key)) {
                continue;
            }
            // A multi field takes extra columns only by name.
            if f.multi && chosen.iter().any(|x| x.field == f.key) && c.name == 0.0 {
                continue;
            }
            used[c.col] = true;
            taken.push(i);
            chosen.push(Chosen {
                field: f.key,
                label: f.label,
                column: c.col,
                header: headers[c.col].clone(),
                confidence: c.score,
                by: c.by,
                detected: c.fit.as_ref().and_then(|f| f.detected.clone()),
                date_hint: c.fit.as_ref().and_then(|f| f.date_hint),
            });
        }
        // Ties: the runner-up for a single-column field that no other field took.
        for &i in &taken {
            let w = &cands[i];
            let f = &schema.fields[w.field];
            if f.multi {
                continue;
            }
            if let Some(r) = cands.iter().find(|r| {
                r.field == w.field && r.col != w.col && (r.name - w.name).abs() < 1e-9 && (r.content - w.content).abs() < 0.05 && !chosen.iter().any(|x| x.column == r.col && x.field != f.key)
            }) {
                return Err(InputError::Ambiguous {
                    path: path.to_path_buf(),
                    label: f.label.to_string(),
                    candidates: format!("`{}` (column {}) and `{}` (column {})", headers[w.col], w.col + 1, headers[r.col], r.col + 1),
                    fix: format!("--map {}=\"{}\" or --map {}=#{}", f.key, headers[w.col], f.key, r.col + 1),
                });
            }
        }
    }

    // Required fields and one-of groups.
    for f in schema.fields.iter().filter(|f| f.required) {
        if !chosen.iter().any(|c| c.field == f.key) {
            return Err(missing(schema, path, headers, f));
        }
    }
    for group in schema.one_of {
        if !group.iter().any(|k| chosen.iter().any(|c| c.field == *k)) {
            let f = schema.field(group[0]).expect("declared");
            let mut e = missing(schema, path, headers, f);
            if let InputError::MissingField { hint, .. } = &mut e {
                *hint = format!(" (or one of: {})", group[1..].iter().map(|k| format!("--map {k}=...")).collect::<Vec<_>>().join(", "));
            }
            return Err(e);
        }
    }
    for c in &chosen {
        if c.by == ChosenBy::Content {
            notes.push(format!("`{}` was taken as the {} from its content alone; if that is wrong, --map {}=COLUMN", c.header, c.label, c.field));
        }
    }
    let dup: Vec<&String> = headers.iter().enumerate().filter(|(i, h)| headers[..*i].contains(h)).map(|(_, h)| h).collect();
    if !dup.is_empty() {
        notes.push(format!("repeated header(s): {}; `--map FIELD=#N` picks a column by position", dup.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")));
    }
    if schema.kind == crate::schema::Kind::Hr {
        hr_rules(&mut chosen, &mut notes, &overridden);
    }
    chosen.sort_by_key(|c| (schema.fields.iter().position(|f| f.key == c.field), c.column));
    let missing_fields = schema.fields.iter().filter(|f| !chosen.iter().any(|c| c.field == f.key)).map(|f| f.key).collect();
    let unused = headers.iter().enumerate().filter(|(i, _)| !chosen.iter().any(|c| c.column == *i)).map(|(_, h)| h.clone()).collect();
    Ok(Mapping { kind: schema.kind.name(), columns: chosen, missing: missing_fields, unused, notes })
}

/// HR rules on the mapping. A pay column named as annual ("Annual Salary") says its own unit: a
/// pay-frequency column beside it ("Pay Frequency: Biweekly", as Workday and ADP exports have)
/// says how often people are paid, not the unit of that column; applied, it would multiply annual
/// pay by 26. Only `--map pay_basis=...` applies it then.
fn hr_rules(chosen: &mut Vec<Chosen>, notes: &mut Vec<String>, overridden: &AHashSet<&str>) {
    let annual = |h: &str| {
        let n = normalise(h);
        ["annual", "yearly", "perannum", "peryear"].iter().any(|w| n.contains(w))
    };
    let pay = chosen.iter().find(|c| c.field == "pay").map(|c| c.header.clone());
    let basis = chosen.iter().find(|c| c.field == "pay_basis").map(|c| c.header.clone());
    if let (Some(p), Some(b)) = (pay, basis) {
        if !overridden.contains("pay_basis") && annual(&p) {
            notes.push(format!("pay column `{p}` is annual by its name, so column `{b}` is not read as its pay basis (`--map pay_basis=\"{b}\"` applies it)"));
            chosen.retain(|c| c.field != "pay_basis");
        }
    }
}

fn missing(schema: &Schema, path: &Path, headers: &[String], f: &FieldSpec) -> InputError {
    let hint = if headers.len() == 1 {
        " (the file has one column: no comma, semicolon, tab or pipe separates its header)".to_string()
    } else {
        String::new()
    };
    InputError::MissingField {
        path: path.to_path_buf(),
        kind: schema.kind.name().to_string(),
        label: f.label.to_string(),
        key: f.key.to_string(),
        found: headers.join(", "),
        aliases: f.aliases.iter().take(8).copied().collect::<Vec<_>>().join(", ") + if f.aliases.len() > 8 { ", ..." } else { "" },
        hint,
    }
}

/// The person-name keys of the people in the sample: from a full-name column, or first + last.
fn person_keys(chosen: &[Chosen], col_values: &[Vec<&str>]) -> Option<AHashSet<String>> {
    let col = |k: &str| chosen.iter().find(|c| c.field == k).map(|c| c.column);
    let mut keys = AHashSet::new();
    if let Some(c) = col("name") {
        keys.extend(col_values[c].iter().filter_map(|v| crate::values::person_key(v)));
    }
    if let (Some(a), Some(b)) = (col("first_name"), col("last_name")) {
        for (f, l) in col_values[a].iter().zip(&col_values[b]) {
            if let Some(k) = crate::values::person_key(&format!("{l}, {f}")) {
                keys.insert(k);
            }
        }
    }
    (!keys.is_empty()).then_some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{HR, POSTINGS, WARN};

    fn rows(data: &[&[&str]]) -> Vec<Row> {
        data.iter().enumerate().map(|(i, r)| Row { line: i as u64 + 2, cells: r.iter().map(|s| s.to_string()).collect(), ..Default::default() }).collect()
    }

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn run(schema: &Schema, headers: &[&str], data: &[&[&str]]) -> Result<Mapping> {
        infer(schema, Path::new("x.csv"), &h(headers), &rows(data), &InferOptions::default())
    }

    #[test]
    fn manager_column_of_names_is_a_manager_name() {
        let m = run(
            &HR,
            &["Employee ID", "Employee Name", "Reports To", "Job Title"],
            &[&["1", "Albert, Michael", "", "CEO"], &["2", "Doe, Jane", "Michael Albert", "CFO"], &["3", "Roe, Rick", "Jane Doe", "Analyst"]],
        )
        .unwrap();
        assert_eq!(m.get("manager_name"), Some(2), "{m:?}");
        assert_eq!(m.get("manager"), None);
        let m = run(&HR, &["Employee ID", "Reports To"], &[&["1", ""], &["2", "1"], &["3", "1"]]).unwrap();
        assert_eq!(m.get("manager"), Some(1));
    }

    #[test]
    fn ids_are_not_taken_from_manager_columns() {
        let m = run(&HR, &["Manager ID", "ID"], &[&["", "1"], &["1", "2"]]).unwrap();
        assert_eq!((m.get("id"), m.get("manager")), (Some(1), Some(0)));
    }

    #[test]
    fn postings_without_id_and_with_epoch_millis() {
        let long = "We are looking for an analyst who will use AI tools and work with data every day; ".repeat(3);
        let m = run(
            &POSTINGS,
            &["job_id", "company_name", "title", "description", "listed_time"],
            &[&["11", "Acme", "Analyst", &long, "1713397508000.0"], &["12", "Beta", "Cook", &long, "1713397509000.0"]],
        )
        .unwrap();
        assert_eq!(m.get("id"), Some(0));
        assert_eq!(m.get("company"), Some(1));
        assert_eq!(m.get("date"), Some(4));
        assert_eq!(m.date_hint("date").numeric, Some(crate::values::NumericDate::EpochMillis));
        let m = run(
            &POSTINGS,
            &["Company", "Title", "Responsibilities", "Minimum Qualifications", "Preferred Qualifications"],
            &[&["Google", "SWE", &long, "BS degree", "MS degree"]],
        )
        .unwrap();
        assert_eq!(m.all("description"), [2, 3, 4]);
        assert_eq!(m.get("id"), None);
    }

    #[test]
    fn two_unnamed_date_columns_are_ambiguous() {
        let e = run(&WARN, &["Company", "Workers", "D1", "D2"], &[&["A", "10", "2024-01-02", "2024-02-02"]]).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("D1") && s.contains("D2") && s.contains("--map notice_date="), "{s}");
    }

    #[test]
    fn warn_layouts_map_without_help() {
        let m = run(&WARN, &["Company", "Location", "Layoff Start Date", "# of Workers"], &[&["Acme", "Tacoma", "01/05/2025", "120 (approx.)"]]).unwrap();
        // No notice date: the only date is the layoff date, which is the effective date.
        assert_eq!((m.get("company"), m.get("location"), m.get("effective_date"), m.get("jobs"), m.get("notice_date")), (Some(0), Some(1), Some(2), Some(3), None));
        let m = run(&WARN, &["notice_date", "company", "num_employees"], &[&["2025-01-05", "Acme", "12"]]).unwrap();
        assert_eq!((m.get("notice_date"), m.get("company"), m.get("jobs")), (Some(0), Some(1), Some(2)));
        let m = run(&WARN, &["Company", "Received", "permanent_job_losses", "temporary_job_losses"], &[&["A", "1/2/2025", "10", "2"]]).unwrap();
        assert_eq!((m.get("jobs_permanent"), m.get("jobs_temporary"), m.get("jobs")), (Some(2), Some(3), None));
    }

    #[test]
    fn overrides_win_and_name_the_column() {
        let o = InferOptions { overrides: vec!["id=Badge".parse().unwrap(), "manager=#2".parse().unwrap()], ..Default::default() };
        let m = infer(&HR, Path::new("x"), &h(&["Badge", "Boss", "Employee ID"]), &rows(&[&["a", "", "x"], &["b", "a", "y"]]), &o).unwrap();
        assert_eq!((m.get("id"), m.get("manager")), (Some(0), Some(1)));
        assert!(m.render("x").contains("--map"));
        let o = InferOptions { overrides: vec!["colour=Red".parse().unwrap()], ..Default::default() };
        assert!(matches!(infer(&HR, Path::new("x"), &h(&["A"]), &[], &o), Err(InputError::MapUnknownField { .. })));
        assert!("nonsense".parse::<Override>().is_err());
    }

    #[test]
    fn missing_required_names_headers_and_fix() {
        let e = run(&HR, &["Foo", "Bar"], &[&["x", "y"]]).unwrap_err().to_string();
        assert!(e.contains("employee id") && e.contains("Foo, Bar") && e.contains("--map id="), "{e}");
    }
}
