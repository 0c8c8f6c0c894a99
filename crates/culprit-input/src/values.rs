//! Reading values as real exports write them: dates in a dozen forms (ISO, US, European, epoch
//! seconds or milliseconds, Excel serial days, month names, "3 days ago"), money ("$53K-$91K",
//! "120.000,50 €", "USD 95k", "$45/hr"), counts with trailing text ("120 (approx.)") and person
//! names in "Last, First M" or "First Last" form.
//!
//! Each parser reads one cell. The column-level decisions (is "03/04/2024" March or April? is
//! 45000 an Excel date?) are made once per column by the sniffers in [`crate::sniff`] and passed
//! in as a [`DateHint`].

use chrono::{Duration, NaiveDate};
use serde::Serialize;

// ------------------------------------------------------------------------------------ dates

/// Which number comes first in a numeric date with the year last ("03/04/2024").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DayOrder {
    /// Month first, as U.S. exports write it.
    #[default]
    MonthFirst,
    /// Day first, as European exports write it.
    DayFirst,
}

/// How a column of plain numbers encodes dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumericDate {
    EpochSeconds,
    EpochMillis,
    /// Days since 1899-12-30 (Excel's 1900 date system, as spreadsheets export it).
    ExcelSerial,
    /// 20240417.
    YyyyMmDd,
}

/// Column-level decisions that a single cell cannot make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DateHint {
    pub order: DayOrder,
    pub numeric: Option<NumericDate>,
    /// The date that relative dates ("3 days ago") count back from; none: they stay unknown.
    pub as_of: Option<NaiveDate>,
}

/// One date cell, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    Date(NaiveDate),
    /// Only a month ("2024-03", "March 2024"): the first of the month, flagged.
    Month(NaiveDate),
    /// "3 days ago", "just posted": a date only against an as-of date.
    Relative { days_ago: i64 },
    Blank,
    Invalid,
}

impl DateValue {
    /// The date, counting relative dates from `as_of` when it is given.
    pub fn date(self, as_of: Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            DateValue::Date(d) | DateValue::Month(d) => Some(d),
            DateValue::Relative { days_ago } => as_of.map(|a| a - Duration::days(days_ago)),
            _ => None,
        }
    }
}


fn month_of_word(w: &str) -> Option<u32> {
    const FULL: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    let w = w.to_ascii_lowercase();
    // "Sept" is a common fourth spelling.
    if w == "sept" {
        return Some(9);
    }
    // The three-letter abbreviation or any longer prefix of the full name ("Oct", "Octob", "October").
    FULL.iter().position(|m| w.len() >= 3 && m.starts_with(&w)).map(|i| i as u32 + 1)
}

fn is_weekday(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"].contains(&w.as_str())
        || ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].contains(&w.as_str())
}

fn ymd(y: i64, m: i64, d: i64) -> Option<NaiveDate> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
}

fn two_digit_year(y: i64) -> i64 {
    // Two-digit years: 70-99 are the 1900s, the rest this century (as spreadsheets read them).
    if y >= 70 {
        1900 + y
    } else {
        2000 + y
    }
}

/// A date from a plain number under a column's numeric rule.
pub fn date_from_number(v: f64, rule: NumericDate) -> Option<NaiveDate> {
    if !v.is_finite() {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    let d = match rule {
        NumericDate::EpochSeconds => epoch.checked_add_signed(Duration::try_seconds(v.floor() as i64)?)?,
        NumericDate::EpochMillis => epoch.checked_add_signed(Duration::try_milliseconds(v.floor() as i64)?)?,
        NumericDate::ExcelSerial => {
            // 1900 system; serial 60 is Excel's phantom 29 Feb 1900, so day 0 is 1899-12-30.
            if !(1.0..=2_958_465.0).contains(&v) {
                return None;
            }
            NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::try_days(v.floor() as i64)?)?
        }
        NumericDate::YyyyMmDd => {
            let n = v as i64;
            if v.fract() != 0.0 {
                return None;
            }
            ymd(n / 10_000, n / 100 % 100, n % 100)?
        }
    };
    ((1900..=2200).contains(&chrono::Datelike::year(&d))).then_some(d)
}

/// The numeric rule that a plain number most plausibly follows, from its size alone:
/// 13 digits are epoch milliseconds, 9-10 digits epoch seconds, 8 digits starting 19/20 yyyymmdd.
/// Excel serial days are never guessed from one cell (45000 is also a salary); see [`crate::sniff`].
pub fn numeric_rule_by_size(v: f64) -> Option<NumericDate> {
    if !(v.is_finite() && v > 0.0) {
        return None;
    }
    if (1.0e11..1.0e13).contains(&v) {
        Some(NumericDate::EpochMillis)
    } else if (1.0e8..1.0e10).contains(&v) {
        Some(NumericDate::EpochSeconds)
    } else if (19_000_101.0..=21_001_231.0).contains(&v) && v.fract() == 0.0 {
        Some(NumericDate::YyyyMmDd)
    } else {
        None
    }
}

/// Parse a plain number ("1713397508000", "1713397508000.0", "45123").
fn plain_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.is_empty() || !b.iter().all(|c| c.is_ascii_digit() || *c == b'.') || b.iter().filter(|c| **c == b'.').count() > 1 {
        return None;
    }
    s.parse().ok()
}

/// Relative dates as job boards write them: "3 days ago", "30+ days ago", "today", "yesterday",
/// "just posted", "an hour ago", "2 weeks ago", "Posted 5 days ago".
pub fn relative_days(s: &str) -> Option<i64> {
    let l = s.trim().to_ascii_lowercase();
    let l = l.strip_prefix("posted").map(str::trim).unwrap_or(&l);
    let l = l.strip_prefix("active").map(str::trim).unwrap_or(l);
    match l {
        "today" | "just posted" | "just now" | "new" | "now" => return Some(0),
        "yesterday" => return Some(1),
        _ => {}
    }
    let rest = l.strip_suffix("ago")?.trim();
    let mut parts = rest.split_whitespace();
    let n = parts.next()?;
    let unit = parts.next()?;
    let n: i64 = match n.trim_end_matches('+') {
        "a" | "an" | "one" => 1,
        x => x.parse().ok()?,
    };
    let per = match unit.trim_end_matches('s') {
        "second" | "sec" | "minute" | "min" | "hour" | "hr" | "h" | "m" => 0,
        "day" | "d" => 1,
        "week" | "wk" | "w" => 7,
        "month" | "mo" => 30,
        "year" | "yr" | "y" => 365,
        _ => return None,
    };
    Some(n * per)
}

/// Read one date cell.
pub fn parse_date(raw: &str, hint: &DateHint) -> DateValue {
    let s = raw.trim();
    if s.is_empty() || matches!(s.to_ascii_lowercase().as_str(), "n/a" | "na" | "null" | "none" | "-" | "tbd" | "unknown" | "nan" | "nat") {
        return DateValue::Blank;
    }
    if let Some(v) = plain_number(s) {
        let rule = hint.numeric.or_else(|| numeric_rule_by_size(v));
        return match rule.and_then(|r| date_from_number(v, r)) {
            Some(d) => DateValue::Date(d),
            None => DateValue::Invalid,
        };
    }
    if let Some(d) = relative_days(s) {
        return DateValue::Relative { days_ago: d };
    }
    let b = s.as_bytes();
    // Leading digit groups: "2024-04-17", "2024/4/17", "4/17/2024", "17.04.2024", "2024-04".
    let mut nums: Vec<(i64, usize)> = Vec::with_capacity(3); // (value, digits)
    let mut seps: Vec<u8> = Vec::with_capacity(2);
    let mut i = 0;
    while i < b.len() && nums.len() < 3 {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 4 {
            break;
        }
        nums.push((s[start..i].parse().unwrap_or(0), i - start));
        if nums.len() < 3 && i < b.len() && matches!(b[i], b'-' | b'/' | b'.') && i + 1 < b.len() && b[i + 1].is_ascii_digit() {
            seps.push(b[i]);
            i += 1;
        } else {
            break;
        }
    }
    // What follows the digits must end the date: end, time, space, 'T', or a letter (as in
    // New York's "3/20/2020Amendment: ...").
    // New York's "3/20/2020Amendment: ..." and ranges such as "04/17/2026-04/24/2026" included.
    let tail_ok = i >= b.len() || !b[i].is_ascii_digit();
    if nums.len() == 3 && tail_ok && seps.len() == 2 {
        let ((a, ad), (m, _), (c, cd)) = (nums[0], nums[1], nums[2]);
        if ad == 4 {
            return ymd(a, m, c).map(DateValue::Date).unwrap_or(DateValue::Invalid);
        }
        if cd == 4 || cd == 2 {
            let y = if cd == 2 { two_digit_year(c) } else { c };
            // A first number over 12 can only be a day, a second over 12 only a day.
            let (mo, d) = if a > 12 {
                (m, a)
            } else if m > 12 {
                (a, m)
            } else {
                match hint.order {
                    DayOrder::MonthFirst => (a, m),
                    DayOrder::DayFirst => (m, a),
                }
            };
            return ymd(y, mo, d).map(DateValue::Date).unwrap_or(DateValue::Invalid);
        }
        return DateValue::Invalid;
    }
    if nums.len() == 2 && tail_ok && seps.len() == 1 && i >= b.len() {
        let ((a, ad), (c, cd)) = (nums[0], nums[1]);
        if ad == 4 && cd <= 2 {
            return ymd(a, c, 1).map(DateValue::Month).unwrap_or(DateValue::Invalid);
        }
        if cd == 4 && ad <= 2 {
            return ymd(c, a, 1).map(DateValue::Month).unwrap_or(DateValue::Invalid);
        }
        return DateValue::Invalid;
    }
    month_name_date(s).unwrap_or(DateValue::Invalid)
}

/// "Oct 28, 2025", "28 October 2025", "28-Oct-25", "Tuesday, October 28, 2025", "October 2025",
/// "2025 Oct 28".
fn month_name_date(s: &str) -> Option<DateValue> {
    let mut month = None;
    let mut numbers: Vec<(i64, usize)> = Vec::new();
    for tok in s.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).take(6) {
        if tok.chars().all(|c| c.is_ascii_digit()) {
            if tok.len() > 4 {
                return None;
            }
            numbers.push((tok.parse().ok()?, tok.len()));
        } else if tok.chars().all(|c| c.is_alphabetic()) {
            if let Some(m) = month_of_word(tok) {
                if month.is_some() {
                    return None;
                }
                month = Some(m);
            } else if is_weekday(tok) {
                continue;
            } else if tok.len() <= 2 && numbers.last().is_some() && ["st", "nd", "rd", "th"].contains(&tok.to_ascii_lowercase().as_str()) {
                continue;
            } else if month.is_some() && numbers.len() >= 2 {
                // Trailing words after a complete date ("... at 10:00 AM").
                break;
            } else if ["at", "am", "pm", "utc", "gmt", "est", "pst", "edt", "pdt"].contains(&tok.to_ascii_lowercase().as_str()) {
                break;
            } else {
                return None;
            }
        } else {
            // "28th"
            let digits: String = tok.chars().take_while(|c| c.is_ascii_digit()).collect();
            let rest = &tok[digits.len()..];
            if !digits.is_empty() && ["st", "nd", "rd", "th"].contains(&rest.to_ascii_lowercase().as_str()) {
                numbers.push((digits.parse().ok()?, digits.len()));
            } else {
                return None;
            }
        }
    }
    let m = month? as i64;
    match numbers.as_slice() {
        [(y, 4)] => ymd(*y, m, 1).map(DateValue::Month),
        [(a, 4), (d, dl)] | [(d, dl), (a, 4)] if *dl <= 2 => ymd(*a, m, *d).map(DateValue::Date),
        [(d, dl), (y, 2)] if *dl <= 2 => ymd(two_digit_year(*y), m, *d).map(DateValue::Date),
        [(a, 4), (d, dl), ..] | [(d, dl), (a, 4), ..] if *dl <= 2 => ymd(*a, m, *d).map(DateValue::Date),
        _ => None,
    }
}

// ------------------------------------------------------------------------------------ money

/// How often an amount is paid, when the cell says so ("$45/hr", "per annum").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// A money cell: one amount, or a range ("$53K-$91K") with its low, high and midpoint.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Money {
    pub low: f64,
    pub high: f64,
    pub mid: f64,
    pub period: Option<Period>,
    /// ISO code when the cell gives a sign or code ("$" is read as USD).
    pub currency: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AmountError {
    Blank,
    Unparsable,
    Negative(f64),
}

const CODES: [&str; 18] = ["usd", "eur", "gbp", "cad", "aud", "chf", "jpy", "inr", "cny", "sek", "nok", "dkk", "nzd", "sgd", "hkd", "brl", "mxn", "zar"];

fn is_blank_word(s: &str) -> bool {
    s.is_empty() || s == "-" || s == "--" || ["n/a", "na", "null", "nan", "none", "tbd", "-"].iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// Parse one amount: currency signs and ISO codes are ignored; `k`/`m`/`bn` suffixes multiply;
/// spaces and apostrophes group thousands. When both `.` and `,` occur, the last one is the
/// decimal mark; a lone `,` followed by exactly three digits groups thousands ("120,000"),
/// otherwise it is a decimal comma ("12,5"); a lone `.` is a decimal point, several group thousands.
pub fn parse_amount(raw: &str) -> Result<f64, AmountError> {
    let s = raw.trim();
    if is_blank_word(s) {
        return Err(AmountError::Blank);
    }
    // Fast path: a plain number, as most machine exports write it.
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        if let Ok(v) = s.parse::<f64>() {
            return Ok(v);
        }
    }
    let mut negative = false;
    let mut body = String::with_capacity(s.len());
    let mut letters = String::new();
    for c in s.chars() {
        match c {
            '0'..='9' | '.' | ',' => body.push(c),
            '-' | '\u{2212}' | '(' | ')' => negative = true,
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2009}' | '_' | '+' => {}
            '$' | '€' | '£' | '¥' | '₹' | '₩' | '₽' | '₺' | '₪' | '฿' | '₫' | '¤' => {}
            c if c.is_alphabetic() => letters.extend(c.to_lowercase()),
            _ => return Err(AmountError::Unparsable),
        }
    }
    let mult = match strip_currency_code(&letters) {
        "" => 1.0,
        "k" | "thousand" => 1e3,
        "m" | "mm" | "mn" | "mio" | "million" => 1e6,
        "b" | "bn" | "billion" => 1e9,
        _ => return Err(AmountError::Unparsable),
    };
    if body.is_empty() || !body.bytes().any(|b| b.is_ascii_digit()) {
        return Err(AmountError::Unparsable);
    }
    let number = normalise_separators(&body).ok_or(AmountError::Unparsable)?;
    let v: f64 = number.parse().map_err(|_| AmountError::Unparsable)?;
    let v = v * mult;
    if !v.is_finite() {
        return Err(AmountError::Unparsable);
    }
    if negative && v != 0.0 {
        return Err(AmountError::Negative(-v));
    }
    Ok(v)
}

/// Remove a leading or trailing ISO currency code (or "us"), keeping a k/m suffix.
fn strip_currency_code(letters: &str) -> &str {
    let mut l = letters;
    for c in CODES {
        if let Some(rest) = l.strip_prefix(c) {
            l = rest;
            break;
        }
        if let Some(rest) = l.strip_suffix(c) {
            l = rest;
            break;
        }
    }
    let l = l.strip_prefix("us").unwrap_or(l);
    // "C$", "A$": the letter of a dollar sign.
    if matches!(l, "c" | "a" | "nz" | "s" | "hk") {
        return "";
    }
    l
}

/// Decide which of `.` and `,` is the decimal mark and return a Rust-parsable number.
fn normalise_separators(body: &str) -> Option<String> {
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let out = match (dots, commas) {
        (0, 0) => body.to_string(),
        (_, 0) if dots > 1 => body.replace('.', ""),
        (1, 0) => body.to_string(),
        (0, 1) => {
            let after = body.len() - body.find(',')? - 1;
            if after == 3 {
                body.replace(',', "")
            } else {
                body.replace(',', ".")
            }
        }
        (0, _) => body.replace(',', ""),
        _ => {
            let last_dot = body.rfind('.')?;
            let last_comma = body.rfind(',')?;
            if last_dot > last_comma {
                body.replace(',', "")
            } else {
                body.replace('.', "").replace(',', ".")
            }
        }
    };
    Some(out)
}

fn period_of(lower: &str) -> (Option<Period>, usize) {
    // (suffix, period): the longest matching suffix is cut off the text.
    const SUFFIXES: [(&str, Period); 22] = [
        ("per hour", Period::Hour),
        ("an hour", Period::Hour),
        ("/hour", Period::Hour),
        ("/hr", Period::Hour),
        ("/h", Period::Hour),
        ("hourly", Period::Hour),
        ("per day", Period::Day),
        ("/day", Period::Day),
        ("daily", Period::Day),
        ("per week", Period::Week),
        ("/week", Period::Week),
        ("/wk", Period::Week),
        ("weekly", Period::Week),
        ("per month", Period::Month),
        ("/month", Period::Month),
        ("/mo", Period::Month),
        ("monthly", Period::Month),
        ("per year", Period::Year),
        ("a year", Period::Year),
        ("/year", Period::Year),
        ("/yr", Period::Year),
        ("per annum", Period::Year),
    ];
    for (suf, p) in SUFFIXES {
        if lower.ends_with(suf) {
            return (Some(p), suf.len());
        }
    }
    for (suf, p) in [("annually", Period::Year), ("yearly", Period::Year), ("p.a.", Period::Year), ("/annum", Period::Year)] {
        if lower.ends_with(suf) {
            return (Some(p), suf.len());
        }
    }
    (None, 0)
}

fn currency_of(s: &str) -> Option<&'static str> {
    let l = s.to_ascii_lowercase();
    if s.contains('€') || l.contains("eur") {
        Some("EUR")
    } else if s.contains('£') || l.contains("gbp") {
        Some("GBP")
    } else if l.contains("cad") || l.contains("c$") {
        Some("CAD")
    } else if s.contains('$') || l.contains("usd") {
        Some("USD")
    } else {
        None
    }
}

/// Read a money cell, with ranges and periods: "$53K-$91K", "$120,000 - $150,000 a year",
/// "45 to 60 USD per hour", "95k". A range keeps low, high and their midpoint.
pub fn parse_money(raw: &str) -> Result<Money, AmountError> {
    let s = raw.trim();
    // Fast path: a plain number, as most machine exports write it (no allocation).
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        if let Ok(v) = s.parse::<f64>() {
            return Ok(Money { low: v, high: v, mid: v, period: None, currency: None });
        }
    }
    if is_blank_word(s) {
        return Err(AmountError::Blank);
    }
    // ASCII lower case keeps byte positions, so cuts found in it apply to `s`.
    let lower = s.to_ascii_lowercase();
    let (period, cut) = period_of(&lower);
    let body = s[..s.len() - cut].trim().trim_end_matches(['/', ',']).trim();
    let currency = currency_of(s);
    // Range separators: an en or em dash, " to ", or a hyphen between two amounts (a leading
    // hyphen is a minus sign).
    let lb = body.to_ascii_lowercase();
    let first = lb.chars().next().map_or(0, char::len_utf8);
    let split = ["\u{2013}", "\u{2014}", " to ", " - "]
        .iter()
        .find_map(|sep| lb.find(sep).map(|i| (i, sep.len())))
        .or_else(|| lb[first..].find('-').map(|i| (i + first, 1)).filter(|(i, _)| *i > 0));
    if let Some((i, n)) = split {
        let (a, b) = (&body[..i], &body[i + n..]);
        if let (Ok(lo), Ok(hi)) = (parse_amount(a), parse_amount(b)) {
            // "$53-91K": a suffix on the high end only applies to the low end too.
            let a_plain = !a.chars().any(|c| c.is_alphabetic());
            let b_base = parse_amount(b.trim().trim_end_matches(|c: char| c.is_alphabetic())).unwrap_or(hi);
            let mult = if b_base > 0.0 { hi / b_base } else { 1.0 };
            let lo = if a_plain && mult > 1.0 && lo * mult <= hi { lo * mult } else { lo };
            let (low, high) = if lo <= hi { (lo, hi) } else { (hi, lo) };
            return Ok(Money { low, high, mid: (low + high) / 2.0, period, currency });
        }
    }
    let v = parse_amount(body)?;
    Ok(Money { low: v, high: v, mid: v, period, currency })
}

// ------------------------------------------------------------------------------------ counts

/// How a count cell was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Count {
    /// The whole cell is a number ("120", "1,200", "120.0").
    Exact(u64),
    /// The leading number of a longer text ("120 (approx.)", "approx. 250", "147 (93 union/54 non-union)").
    FromText(u64),
    Blank,
    /// No usable number ("TBD", "Not known at this time").
    Unknown,
}

impl Count {
    pub fn value(self) -> Option<u64> {
        match self {
            Count::Exact(n) | Count::FromText(n) => Some(n),
            _ => None,
        }
    }
}

/// Read a count: a plain number, or the leading number of a text ("approx." and "about" before
/// it are allowed; "120+" reads as 120 from text).
pub fn parse_count(raw: &str) -> Count {
    let s = raw.trim();
    if s.is_empty() {
        return Count::Blank;
    }
    if let Ok(n) = s.parse::<u64>() {
        return Count::Exact(n);
    }
    if let Ok(v) = s.parse::<f64>() {
        return if v >= 0.0 && v.fract() == 0.0 && v < 1e15 { Count::Exact(v as u64) } else { Count::Unknown };
    }
    let lower = s.to_ascii_lowercase();
    let mut rest = lower.as_str();
    for p in ["approximately", "approx.", "approx", "about", "up to", "~", "ca.", "est.", "estimated"] {
        if let Some(r) = rest.strip_prefix(p) {
            rest = r.trim_start();
            break;
        }
    }
    let digits: usize = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b',').count();
    if digits == 0 {
        return Count::Unknown;
    }
    let num = &rest[..digits];
    // "1,200" groups thousands; "12,5" is not a count.
    let groups: Vec<&str> = num.split(',').collect();
    if groups.len() > 1 && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Count::Unknown;
    }
    let Ok(n) = num.replace(',', "").parse::<u64>() else { return Count::Unknown };
    let after = rest[digits..].trim_start_matches(".0").trim_start_matches(".00");
    if after.trim().is_empty() && rest.len() == lower.len() {
        return Count::Exact(n);
    }
    Count::FromText(n)
}

/// A share of a workforce: "12%", "0.12", "12" (read as percent when over 1).
pub fn parse_share(raw: &str) -> Option<f64> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let pct = s.ends_with('%');
    let v: f64 = s.trim_end_matches('%').trim().replace(',', ".").parse().ok()?;
    if !(0.0..=100.0).contains(&v) {
        return None;
    }
    Some(if pct || v > 1.0 { v / 100.0 } else { v })
}

/// Yes/no cells: true/false, yes/no, y/n, 1/0, x.
pub fn parse_flag(raw: &str) -> Option<bool> {
    let s = raw.trim().to_ascii_lowercase();
    match s.as_str() {
        "true" | "t" | "yes" | "y" | "1" | "1.0" | "x" => Some(true),
        "false" | "f" | "no" | "n" | "0" | "0.0" => Some(false),
        _ => None,
    }
}

// ------------------------------------------------------------------------------------ names

/// A person's name reduced to compare across forms: "Albert, Michael J." and "Michael Albert"
/// and "MICHAEL  J ALBERT" all give "michael albert". Titles (Dr, Mr, Ms) and suffixes (Jr, III)
/// are dropped, middle names and initials too (first and last are kept).
pub fn person_key(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let folded: String = s.chars().map(|c| if c.is_alphabetic() || c == ',' || c == '\'' || c == '-' { c } else { ' ' }).collect();
    let (first_part, last_part) = match folded.split_once(',') {
        // "Last, First M"
        Some((last, first)) if !first.trim().is_empty() && !first.contains(',') => (first.to_string(), last.to_string()),
        Some(_) => return None,
        None => {
            let toks: Vec<&str> = folded.split_whitespace().filter(|t| !is_honorific(t)).collect();
            if toks.len() < 2 {
                return None;
            }
            let last = toks.iter().rev().find(|t| !is_suffix(t) && t.chars().filter(|c| c.is_alphabetic()).count() > 1).copied()?;
            (toks[0].to_string(), last.to_string())
        }
    };
    let first = first_part.split_whitespace().find(|t| !is_honorific(t) && t.chars().filter(|c| c.is_alphabetic()).count() > 1)?;
    // The last word of the family name, so that "Jane van der Berg" and "van der Berg, Jane" meet.
    let last = last_part.split_whitespace().filter(|t| !is_suffix(t)).last()?.to_string();
    Some(format!("{} {}", first.to_lowercase(), last.to_lowercase()))
}

fn is_honorific(t: &str) -> bool {
    ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "mx"].contains(&t.trim_end_matches('.').to_lowercase().as_str())
}

fn is_suffix(t: &str) -> bool {
    ["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "cpa", "mba"].contains(&t.trim_end_matches('.').to_lowercase().as_str())
}

/// Whether a cell looks like a person's name: 2 to 5 words of letters (apostrophes, hyphens and
/// initials allowed), or "Last, First"; no digits, no @.
pub fn looks_like_person_name(s: &str) -> bool {
    let s = s.trim();
    if s.len() < 3 || s.len() > 60 || s.bytes().any(|b| b.is_ascii_digit() || b == b'@' || b == b'/' || b == b'&') {
        return false;
    }
    let words: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    if !(2..=5).contains(&words.len()) || s.matches(',').count() > 1 {
        return false;
    }
    words.iter().all(|w| w.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '.') && w.chars().next().is_some_and(|c| c.is_alphabetic()))
        && words.iter().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1).count() >= 2
}

/// Names that stand for no person: the top of an organisation chart in many exports.
pub fn is_pseudo_manager(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    [
        "board of directors",
        "the board",
        "board",
        "shareholders",
        "owner",
        "owners",
        "board of trustees",
        "trustees",
        "supervisory board",
        "none",
        "no manager",
        "n/a",
        "self",
        "vacant",
        "open position",
        "tbd",
    ]
    .contains(&l.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> DateValue {
        DateValue::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap())
    }

    #[test]
    fn dates_in_every_form() {
        let us = DateHint::default();
        let eu = DateHint { order: DayOrder::DayFirst, ..Default::default() };
        assert_eq!(parse_date("2024-04-17", &us), d(2024, 4, 17));
        assert_eq!(parse_date("2024-04-17T12:30:00Z", &us), d(2024, 4, 17));
        assert_eq!(parse_date("2024/4/7", &us), d(2024, 4, 7));
        assert_eq!(parse_date("4/17/2024", &us), d(2024, 4, 17));
        assert_eq!(parse_date("17/4/2024", &us), d(2024, 4, 17), "a first number over 12 is a day");
        assert_eq!(parse_date("03/04/2024", &us), d(2024, 3, 4));
        assert_eq!(parse_date("03/04/2024", &eu), d(2024, 4, 3));
        assert_eq!(parse_date("17.04.2024", &eu), d(2024, 4, 17));
        assert_eq!(parse_date("10/01/01\n", &us), d(2001, 10, 1));
        assert_eq!(parse_date("3/20/2020Amendment: 10/13/2020", &us), d(2020, 3, 20));
        assert_eq!(parse_date("04/17/2026-04/24/2026", &us), d(2026, 4, 17));
        assert_eq!(parse_date("1713397508000", &us), d(2024, 4, 17));
        assert_eq!(parse_date("1713397508000.0", &us), d(2024, 4, 17));
        assert_eq!(parse_date("1713397508", &us), d(2024, 4, 17));
        assert_eq!(parse_date("20240417", &us), d(2024, 4, 17));
        assert_eq!(parse_date("45399", &DateHint { numeric: Some(NumericDate::ExcelSerial), ..Default::default() }), d(2024, 4, 17));
        assert_eq!(parse_date("45399", &us), DateValue::Invalid, "a bare 5-digit number is no date without the column's say");
        assert_eq!(parse_date("October 28, 2025", &us), d(2025, 10, 28));
        assert_eq!(parse_date("Tuesday, October 28, 2025", &us), d(2025, 10, 28));
        assert_eq!(parse_date("28 Oct 2025", &us), d(2025, 10, 28));
        assert_eq!(parse_date("28-Oct-25", &us), d(2025, 10, 28));
        assert_eq!(parse_date("Sept 3rd, 2024", &us), d(2024, 9, 3));
        assert_eq!(parse_date("March 2024", &us), DateValue::Month(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()));
        assert_eq!(parse_date("2024-03", &us), DateValue::Month(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()));
        assert_eq!(parse_date("3 days ago", &us), DateValue::Relative { days_ago: 3 });
        assert_eq!(parse_date("30+ days ago", &us), DateValue::Relative { days_ago: 30 });
        assert_eq!(parse_date("Posted 2 weeks ago", &us), DateValue::Relative { days_ago: 14 });
        assert_eq!(parse_date("Just posted", &us), DateValue::Relative { days_ago: 0 });
        let as_of = NaiveDate::from_ymd_opt(2024, 5, 10);
        assert_eq!(parse_date("3 days ago", &us).date(as_of), NaiveDate::from_ymd_opt(2024, 5, 7));
        assert_eq!(parse_date("3 days ago", &us).date(None), None);
        for bad in ["TBD", "13/45/2020", "someday", "2024-13-01", "Mayor Smith", "12"] {
            assert!(matches!(parse_date(bad, &us), DateValue::Invalid | DateValue::Blank), "{bad}");
        }
    }

    #[test]
    fn money_with_signs_suffixes_and_ranges() {
        let m = |s| parse_money(s).unwrap();
        assert_eq!(m("$120,000.00").mid, 120_000.0);
        assert_eq!(m("120.000,50 €").mid, 120_000.5);
        assert_eq!(m("120.000,50 €").currency, Some("EUR"));
        assert_eq!(m("USD 95k").mid, 95_000.0);
        assert_eq!(m("1.2M").mid, 1_200_000.0);
        let r = m("$53K-$91K");
        assert_eq!((r.low, r.high, r.mid), (53_000.0, 91_000.0, 72_000.0));
        let r = m("$120,000 - $150,000 a year");
        assert_eq!((r.low, r.high, r.period), (120_000.0, 150_000.0, Some(Period::Year)));
        let r = m("$45/hr");
        assert_eq!((r.mid, r.period), (45.0, Some(Period::Hour)));
        let r = m("45 to 60 USD per hour");
        assert_eq!((r.low, r.high, r.period, r.currency), (45.0, 60.0, Some(Period::Hour), Some("USD")));
        let r = m("$53-91K");
        assert_eq!((r.low, r.high), (53_000.0, 91_000.0));
        assert_eq!(parse_amount("85 000"), Ok(85_000.0));
        assert_eq!(parse_amount("12,5"), Ok(12.5));
        assert_eq!(parse_amount("(1,200)"), Err(AmountError::Negative(-1200.0)));
        assert_eq!(parse_amount(""), Err(AmountError::Blank));
        assert_eq!(parse_amount("secret"), Err(AmountError::Unparsable));
    }

    #[test]
    fn counts_with_trailing_text() {
        assert_eq!(parse_count("120"), Count::Exact(120));
        assert_eq!(parse_count("1,200"), Count::Exact(1200));
        assert_eq!(parse_count("120.0"), Count::Exact(120));
        assert_eq!(parse_count("120 (approx.)"), Count::FromText(120));
        assert_eq!(parse_count("approx. 250"), Count::FromText(250));
        assert_eq!(parse_count("147 (93 union/54 non-union)"), Count::FromText(147));
        assert_eq!(parse_count("120+"), Count::FromText(120));
        assert_eq!(parse_count("TBD"), Count::Unknown);
        assert_eq!(parse_count(""), Count::Blank);
        assert_eq!(parse_count("12,5"), Count::Unknown);
        assert_eq!(parse_share("12%"), Some(0.12));
        assert_eq!(parse_share("0.08"), Some(0.08));
    }

    #[test]
    fn person_names_compare_across_forms() {
        let k = |s| person_key(s);
        assert_eq!(k("Albert, Michael"), Some("michael albert".into()));
        assert_eq!(k("Michael Albert"), Some("michael albert".into()));
        assert_eq!(k("  MICHAEL   J.  ALBERT "), Some("michael albert".into()));
        assert_eq!(k("Albert, Michael J"), Some("michael albert".into()));
        assert_eq!(k("Dr. Jane van der Berg"), Some("jane berg".into()));
        assert_eq!(k("van der Berg, Jane"), Some("jane berg".into()));
        assert_eq!(k("O'Neil, Mary-Kate"), Some("mary-kate o'neil".into()));
        assert_eq!(k("Smith Jr., John"), Some("john smith".into()));
        assert_eq!(k("Madonna"), None);
        assert!(looks_like_person_name("Albert, Michael"));
        assert!(looks_like_person_name("Mary-Kate O'Neil"));
        assert!(!looks_like_person_name("E1001"));
        assert!(!looks_like_person_name("Engineering"));
        assert!(!looks_like_person_name("jane@x.com"));
        assert!(is_pseudo_manager("Board of Directors"));
    }
}
