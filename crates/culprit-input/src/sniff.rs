//! Content sniffers: how well a column's sampled values fit a value type, and for dates the
//! column-level reading (day order, epoch unit, Excel serials) that single cells cannot decide.

use crate::schema::ValueType;
use crate::values::{self, DateHint, DateValue, DayOrder, NumericDate};
use ahash::AHashSet;
use serde::Serialize;

/// What a column's content says about one value type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// 0..1: the share of non-empty values that fit, adjusted by the type's own tests.
    pub score: f64,
    /// What was detected, for the mapping table ("US month/day/year", "epoch milliseconds").
    pub detected: Option<String>,
    #[serde(skip)]
    pub date_hint: Option<DateHint>,
}

impl Fit {
    fn plain(score: f64) -> Fit {
        Fit { score, detected: None, date_hint: None }
    }
}

/// Values already known for other fields, for the sniffers that compare columns.
pub struct Context<'a> {
    /// Values of the column mapped to a field key (for `RefersTo`).
    pub column_of: &'a dyn Fn(&str) -> Option<Vec<&'a str>>,
    /// Person-name keys of the people in the file (for `NameOf`).
    pub person_keys: Option<&'a AHashSet<String>>,
    pub date_order: Option<DayOrder>,
    pub as_of: Option<chrono::NaiveDate>,
}

/// Canonical id text: "1001.0" (pandas float ids) reads as "1001".
pub fn canonical_id(s: &str) -> &str {
    let t = s.trim();
    match t.strip_suffix(".0") {
        Some(x) if !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()) => x,
        _ => t,
    }
}

fn share(values: &[&str], f: impl Fn(&str) -> bool) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|v| f(v)).count() as f64 / values.len() as f64
}

/// U.S. states, DC and Puerto Rico: (code, name).
pub const STATES: [(&str, &str); 52] = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"), ("CO", "Colorado"),
    ("CT", "Connecticut"), ("DE", "Delaware"), ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"),
    ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"),
    ("MN", "Minnesota"), ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"), ("NC", "North Carolina"),
    ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"),
    ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"),
    ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"), ("PR", "Puerto Rico"),
];

/// The two-letter code of a U.S. state written as a code or a name ("wa", "Washington", "WASHINGTON").
pub fn state_code(s: &str) -> Option<&'static str> {
    let t = s.trim();
    STATES.iter().find(|(c, n)| t.eq_ignore_ascii_case(c) || t.eq_ignore_ascii_case(n)).map(|(c, _)| *c)
}

/// The state's name from its code.
pub fn state_name(code: &str) -> Option<&'static str> {
    STATES.iter().find(|(c, _)| c.eq_ignore_ascii_case(code.trim())).map(|(_, n)| *n)
}

/// Read a column of dates as a whole: the numeric rule (epoch s/ms, Excel serial, yyyymmdd) and
/// the day order are decided from all the values, then each value is parsed with them.
pub fn sniff_dates(values: &[&str], order: Option<DayOrder>, as_of: Option<chrono::NaiveDate>) -> Fit {
    let ne: Vec<&str> = values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
    if ne.is_empty() {
        return Fit::plain(0.0);
    }
    let nums: Vec<f64> = ne.iter().filter_map(|v| if v.bytes().all(|b| b.is_ascii_digit() || b == b'.') { v.parse::<f64>().ok() } else { None }).collect();
    let mut hint = DateHint { order: order.unwrap_or_default(), numeric: None, as_of };
    let mut detected: Vec<String> = Vec::new();
    if nums.len() * 10 >= ne.len() * 8 {
        let mut sorted = nums.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        hint.numeric = values::numeric_rule_by_size(median).or_else(|| {
            // Excel serial days 1950-2100 (18264..73051): only a whole column of them says so.
            (sorted[0] >= 18_264.0 && sorted[sorted.len() - 1] <= 73_051.0).then_some(NumericDate::ExcelSerial)
        });
        detected.push(
            match hint.numeric {
                Some(NumericDate::EpochMillis) => "epoch milliseconds",
                Some(NumericDate::EpochSeconds) => "epoch seconds",
                Some(NumericDate::ExcelSerial) => "Excel serial days",
                Some(NumericDate::YyyyMmDd) => "yyyymmdd numbers",
                None => "numbers that are not dates",
            }
            .to_string(),
        );
    } else if order.is_none() {
        // Day order: a first number above 12 can only be a day, a second above 12 only a day.
        let (mut first_big, mut second_big, mut dotted, mut numeric_dmy) = (0usize, 0usize, 0usize, 0usize);
        for v in &ne {
            let parts: Vec<&str> = v.split(|c: char| c == '/' || c == '.' || c == '-').take(3).collect();
            if parts.len() == 3 && parts[0].len() <= 2 && parts[1].len() <= 2 && parts.iter().take(2).all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
                numeric_dmy += 1;
                if v.contains('.') {
                    dotted += 1;
                }
                let a: u32 = parts[0].parse().unwrap_or(0);
                let b: u32 = parts[1].parse().unwrap_or(0);
                first_big += usize::from(a > 12);
                second_big += usize::from(b > 12);
            }
        }
        if numeric_dmy > 0 {
            if first_big > 0 && second_big == 0 {
                hint.order = DayOrder::DayFirst;
                detected.push("day/month/year".into());
            } else if second_big > 0 && first_big == 0 {
                detected.push("month/day/year (U.S.)".into());
            } else if first_big > 0 && second_big > 0 {
                detected.push("mixed day/month orders: read as month/day unless the first number is over 12".into());
            } else if dotted * 2 > numeric_dmy {
                hint.order = DayOrder::DayFirst;
                detected.push("day.month.year (no day above 12 to confirm; --date-order mdy to change)".into());
            } else {
                detected.push("month/day/year assumed: no day above 12 in the sample (--date-order dmy to change)".into());
            }
        }
    } else {
        detected.push(format!("{:?} order as given", hint.order));
    }
    let mut parsed = 0usize;
    let (mut relative, mut months, mut named, mut iso) = (0usize, 0usize, 0usize, 0usize);
    for v in &ne {
        match values::parse_date(v, &hint) {
            DateValue::Date(_) => {
                parsed += 1;
                if v.as_bytes().first().is_some_and(|b| b.is_ascii_alphabetic()) || v.chars().any(|c| c.is_alphabetic()) && !v.contains('T') {
                    named += 1;
                } else if v.len() >= 10 && v.as_bytes()[4] == b'-' {
                    iso += 1;
                }
            }
            DateValue::Month(_) => {
                parsed += 1;
                months += 1;
            }
            DateValue::Relative { .. } => {
                parsed += 1;
                relative += 1;
            }
            _ => {}
        }
    }
    if iso * 2 > ne.len() {
        detected.insert(0, "ISO dates".into());
    }
    if named > 0 {
        detected.push(format!("{named} with month names"));
    }
    if months > 0 {
        detected.push(format!("{months} month-only"));
    }
    if relative > 0 {
        detected.push(format!(
            "{relative} relative ('3 days ago'){}",
            if as_of.is_some() { ", counted back from --as-of" } else { ": no month without --as-of" }
        ));
    }
    Fit { score: parsed as f64 / ne.len() as f64, detected: (!detected.is_empty()).then(|| detected.join("; ")), date_hint: Some(hint) }
}

/// How well a column's values fit a value type. `None` when the column is empty in the sample.
pub fn fit(ty: ValueType, values: &[&str], ctx: &Context<'_>) -> Option<Fit> {
    let ne: Vec<&str> = values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
    if ne.is_empty() {
        return None;
    }
    let fill = ne.len() as f64 / values.len().max(1) as f64;
    let numeric = |v: &str| v.replace([',', ' '], "").parse::<f64>().is_ok();
    Some(match ty {
        ValueType::Id => {
            let distinct: AHashSet<&str> = ne.iter().map(|v| canonical_id(v)).collect();
            let uniq = distinct.len() as f64 / ne.len() as f64;
            let short = share(&ne, |v| v.len() <= 40 && !v.contains("  "));
            let u = if uniq >= 0.999 {
                1.0
            } else if uniq >= 0.95 {
                0.6
            } else {
                uniq * 0.3
            };
            Fit { score: u * short * fill.max(0.5), detected: (uniq < 0.999).then(|| format!("{:.1}% distinct", uniq * 100.0)), date_hint: None }
        }
        ValueType::RefersTo(target) => {
            let Some(ids) = (ctx.column_of)(target) else { return Some(Fit::plain(0.0)) };
            let set: AHashSet<&str> = ids.iter().map(|v| canonical_id(v)).filter(|v| !v.is_empty()).collect();
            let s = share(&ne, |v| set.contains(canonical_id(v)));
            Fit { score: s, detected: Some(format!("{:.0}% of values are {target}s", s * 100.0)), date_hint: None }
        }
        ValueType::PersonName => {
            let s = share(&ne, values::looks_like_person_name);
            let comma = share(&ne, |v| v.contains(','));
            Fit { score: s, detected: Some(if comma > 0.5 { "names as 'Last, First'".into() } else { "names as 'First Last'".into() }), date_hint: None }
        }
        ValueType::NameOf(_) => match ctx.person_keys {
            Some(keys) if !keys.is_empty() => {
                let matched = share(&ne, |v| values::person_key(v).is_some_and(|k| keys.contains(&k)));
                let shaped = share(&ne, values::looks_like_person_name);
                Fit { score: matched.max(shaped * 0.7), detected: Some(format!("{:.0}% match an employee's name", matched * 100.0)), date_hint: None }
            }
            _ => Fit { score: share(&ne, values::looks_like_person_name) * 0.8, detected: Some("person names (no employee name column to match)".into()), date_hint: None },
        },
        ValueType::Text => Fit::plain(if share(&ne, |v| !numeric(v)) >= 0.8 { 1.0 } else { 0.4 }),
        ValueType::LongText => {
            let mean = ne.iter().map(|v| v.chars().count()).sum::<usize>() as f64 / ne.len() as f64;
            let s = if mean >= 200.0 {
                1.0
            } else if mean >= 80.0 {
                0.85
            } else if mean >= 40.0 {
                0.5
            } else {
                0.1
            };
            Fit { score: s, detected: Some(format!("mean {mean:.0} characters")), date_hint: None }
        }
        ValueType::Date => sniff_dates(values, ctx.date_order, ctx.as_of),
        ValueType::Money => {
            let s = share(&ne, |v| values::parse_money(v).is_ok());
            let ranges = share(&ne, |v| values::parse_money(v).is_ok_and(|m| m.low != m.high));
            let mut d = Vec::new();
            if ranges > 0.0 {
                d.push(format!("{:.0}% ranges (low, high, midpoint kept)", ranges * 100.0));
            }
            if let Some(c) = ne.iter().find_map(|v| values::parse_money(v).ok().and_then(|m| m.currency)) {
                d.push(c.to_string());
            }
            Fit { score: s, detected: (!d.is_empty()).then(|| d.join(", ")), date_hint: None }
        }
        ValueType::Count => {
            let exact = share(&ne, |v| matches!(values::parse_count(v), values::Count::Exact(_)));
            let any = share(&ne, |v| values::parse_count(v).value().is_some());
            // A number followed by text ("250 at both sites") is a count too.
            Fit { score: any, detected: (any > exact).then(|| format!("{:.0}% numbers with text after them", (any - exact) * 100.0)), date_hint: None }
        }
        ValueType::Share => Fit::plain(share(&ne, |v| values::parse_share(v).is_some())),
        ValueType::Naics => Fit::plain(share(&ne, |v| {
            let t = v.strip_suffix(".0").unwrap_or(v);
            (2..=6).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
        })),
        ValueType::Cik => Fit::plain(share(&ne, |v| {
            let t = v.strip_suffix(".0").unwrap_or(v);
            (1..=10).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
        })),
        ValueType::Ticker => Fit::plain(share(&ne, |v| (1..=6).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_uppercase() || b == b'.' || b == b'-'))),
        ValueType::State => Fit::plain(share(&ne, |v| state_code(v).is_some())),
        ValueType::Flag => Fit::plain(share(&ne, |v| values::parse_flag(v).is_some())),
        ValueType::Category => {
            let distinct: AHashSet<&str> = ne.iter().copied().collect();
            Fit::plain(if distinct.len() <= 30.max(ne.len() / 10) { 1.0 } else { 0.5 })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context<'static> {
        Context { column_of: &|_| None, person_keys: None, date_order: None, as_of: None }
    }

    #[test]
    fn date_columns_decide_order_and_units() {
        let f = sniff_dates(&["1713397508000", "1713397509000.0", ""], None, None);
        assert_eq!(f.score, 1.0);
        assert_eq!(f.date_hint.unwrap().numeric, Some(NumericDate::EpochMillis));
        let f = sniff_dates(&["45399", "45400", "44000"], None, None);
        assert_eq!(f.date_hint.unwrap().numeric, Some(NumericDate::ExcelSerial));
        let f = sniff_dates(&["03/04/2024", "25/04/2024"], None, None);
        assert_eq!(f.date_hint.unwrap().order, DayOrder::DayFirst);
        let f = sniff_dates(&["03/04/2024", "04/25/2024"], None, None);
        assert_eq!(f.date_hint.unwrap().order, DayOrder::MonthFirst);
        let f = sniff_dates(&["03/04/2024"], None, None);
        assert!(f.detected.unwrap().contains("assumed"));
        let f = sniff_dates(&["3 days ago", "2024-01-01"], None, None);
        assert_eq!(f.score, 1.0);
        assert!(f.detected.unwrap().contains("relative"));
        assert_eq!(sniff_dates(&["Engineering", "Sales"], None, None).score, 0.0);
    }

    #[test]
    fn fits_by_type() {
        let c = ctx();
        assert_eq!(fit(ValueType::Id, &["1", "2", "3"], &c).unwrap().score, 1.0);
        assert!(fit(ValueType::Id, &["a", "a", "b", "b"], &c).unwrap().score < 0.3);
        assert!(fit(ValueType::PersonName, &["Albert, Michael", "Jane Doe"], &c).unwrap().score > 0.99);
        assert!(fit(ValueType::Money, &["$53K-$91K", "$100,000"], &c).unwrap().score > 0.99);
        assert!(fit(ValueType::Count, &["120 (approx.)", "45"], &c).unwrap().score > 0.7);
        assert_eq!(fit(ValueType::State, &["WA", "New York", "xx"], &c).unwrap().score, 2.0 / 3.0);
        assert_eq!(fit(ValueType::Naics, &["454110", "51", "x"], &c).unwrap().score, 2.0 / 3.0);
        assert!(fit(ValueType::Text, &["", ""], &c).is_none());
        let ids = ["1", "2", "3"];
        let c2 = Context { column_of: &move |k| (k == "id").then(|| ids.to_vec()), person_keys: None, date_order: None, as_of: None };
        assert_eq!(fit(ValueType::RefersTo("id"), &["1", "2.0", "9", ""], &c2).unwrap().score, 2.0 / 3.0);
    }
}
