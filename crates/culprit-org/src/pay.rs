//! Parsing pay as HR exports write it: "$120,000.00", "120.000,50 €", "USD 95k", "(1,200)",
//! "85 000", and converting hourly/weekly/monthly pay to annual.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PayError {
    Blank,
    Unparsable,
    Negative(f64),
}

/// How often a pay figure is paid; the multiplier to a year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PayBasis {
    Annual,
    Monthly,
    SemiMonthly,
    BiWeekly,
    Weekly,
    Daily,
    Hourly,
}

impl PayBasis {
    /// Recognise a pay-basis cell ("Hourly", "Salaried", "Bi-Weekly", "Per Annum"...). Blank means annual.
    pub fn parse(s: &str) -> Option<PayBasis> {
        // Fast path for the usual spellings: no allocation per row.
        for (word, b) in [("Salaried", PayBasis::Annual), ("Hourly", PayBasis::Hourly), ("Annual", PayBasis::Annual), ("", PayBasis::Annual)] {
            if s.eq_ignore_ascii_case(word) {
                return Some(b);
            }
        }
        let k: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        Some(match k.as_str() {
            "" | "annual" | "annually" | "yearly" | "year" | "peryear" | "perannum" | "salary" | "salaried" | "exempt" | "a" | "y" => PayBasis::Annual,
            "monthly" | "month" | "permonth" | "m" => PayBasis::Monthly,
            "semimonthly" | "twicemonthly" => PayBasis::SemiMonthly,
            "biweekly" | "fortnightly" | "everytwoweeks" => PayBasis::BiWeekly,
            "weekly" | "week" | "perweek" | "w" => PayBasis::Weekly,
            "daily" | "day" | "perday" | "d" => PayBasis::Daily,
            "hourly" | "hour" | "perhour" | "hr" | "h" | "nonexempt" => PayBasis::Hourly,
            _ => return None,
        })
    }

    /// Periods per year. Hourly uses the stated hours per year; daily uses 260 working days.
    pub fn per_year(self, hours_per_year: f64) -> f64 {
        match self {
            PayBasis::Annual => 1.0,
            PayBasis::Monthly => 12.0,
            PayBasis::SemiMonthly => 24.0,
            PayBasis::BiWeekly => 26.0,
            PayBasis::Weekly => 52.0,
            PayBasis::Daily => hours_per_year / 8.0,
            PayBasis::Hourly => hours_per_year,
        }
    }
}

/// Parse one pay cell into a number. Currency symbols and ISO codes are ignored; `k`/`m` suffixes
/// multiply; spaces and apostrophes group thousands. When both `.` and `,` occur, the last one is
/// the decimal mark; a lone `,` followed by exactly three digits groups thousands ("120,000"),
/// otherwise it is a decimal comma ("12,5"); a lone `.` is a decimal point, several group thousands.
pub fn parse_amount(raw: &str) -> Result<f64, PayError> {
    let s = raw.trim();
    if s.is_empty() || s == "-" || s.eq_ignore_ascii_case("n/a") || s.eq_ignore_ascii_case("null") || s.eq_ignore_ascii_case("nan") {
        return Err(PayError::Blank);
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
            '-' | '\u{2212}' => negative = true,
            '(' | ')' => negative = true,
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2009}' | '_' => {}
            '$' | '€' | '£' | '¥' | '₹' | '₩' | '₽' | '₺' | '₪' | '฿' | '₫' | '¤' => {}
            c if c.is_alphabetic() => letters.extend(c.to_lowercase()),
            _ => return Err(PayError::Unparsable),
        }
    }
    let mult = match strip_currency_code(&letters) {
        "" => 1.0,
        "k" => 1e3,
        "m" | "mm" | "mn" => 1e6,
        _ => return Err(PayError::Unparsable),
    };
    if body.is_empty() || !body.bytes().any(|b| b.is_ascii_digit()) {
        return Err(PayError::Unparsable);
    }
    let number = normalise_separators(&body).ok_or(PayError::Unparsable)?;
    let v: f64 = number.parse().map_err(|_| PayError::Unparsable)?;
    let v = v * mult;
    if negative && v != 0.0 {
        return Err(PayError::Negative(-v));
    }
    Ok(v)
}

/// Remove a leading or trailing ISO currency code (or "us", "usd", "eur"...), keeping a k/m suffix.
fn strip_currency_code(letters: &str) -> &str {
    const CODES: [&str; 16] =
        ["usd", "eur", "gbp", "cad", "aud", "chf", "jpy", "inr", "cny", "sek", "nok", "dkk", "nzd", "sgd", "hkd", "brl"];
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
    for c in ["us", "ca", "au"] {
        if let Some(rest) = l.strip_prefix(c) {
            l = rest;
        }
    }
    l
}

fn normalise_separators(body: &str) -> Option<String> {
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let (thousands, decimal) = match (dots, commas) {
        (0, 0) => return Some(body.to_string()),
        (_, 0) if dots == 1 => (None, Some('.')),
        (_, 0) => (Some('.'), None),
        (0, 1) => {
            let after = body.len() - body.find(',')? - 1;
            if after == 3 {
                (Some(','), None)
            } else {
                (None, Some(','))
            }
        }
        (0, _) => (Some(','), None),
        _ => {
            if body.rfind('.')? > body.rfind(',')? {
                (Some(','), Some('.'))
            } else {
                (Some('.'), Some(','))
            }
        }
    };
    let mut out = String::with_capacity(body.len());
    let mut seen_decimal = false;
    for c in body.chars() {
        if Some(c) == thousands {
            continue;
        }
        if Some(c) == decimal {
            if seen_decimal {
                return None;
            }
            seen_decimal = true;
            out.push('.');
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_and_separators() {
        assert_eq!(parse_amount("$120,000.00"), Ok(120_000.0));
        assert_eq!(parse_amount("120.000,50 €"), Ok(120_000.5));
        assert_eq!(parse_amount("USD 95k"), Ok(95_000.0));
        assert_eq!(parse_amount("£45,000"), Ok(45_000.0));
        assert_eq!(parse_amount("85 000"), Ok(85_000.0));
        assert_eq!(parse_amount("85\u{a0}000,00"), Ok(85_000.0));
        assert_eq!(parse_amount("1,234,567"), Ok(1_234_567.0));
        assert_eq!(parse_amount("1.234.567"), Ok(1_234_567.0));
        assert_eq!(parse_amount("12,5"), Ok(12.5));
        assert_eq!(parse_amount("23.75"), Ok(23.75));
        assert_eq!(parse_amount("CHF 1'250'000"), Ok(1_250_000.0));
        assert_eq!(parse_amount("1.2M"), Ok(1_200_000.0));
        assert_eq!(parse_amount("95000 EUR"), Ok(95_000.0));
    }

    #[test]
    fn blank_unparsable_negative() {
        assert_eq!(parse_amount("  "), Err(PayError::Blank));
        assert_eq!(parse_amount("N/A"), Err(PayError::Blank));
        assert_eq!(parse_amount("confidential"), Err(PayError::Unparsable));
        assert_eq!(parse_amount("12/05/2020"), Err(PayError::Unparsable));
        assert_eq!(parse_amount("1.2.3,4,5"), Err(PayError::Unparsable));
        assert_eq!(parse_amount("-5000"), Err(PayError::Negative(-5000.0)));
        assert_eq!(parse_amount("(1,200)"), Err(PayError::Negative(-1200.0)));
    }

    #[test]
    fn pay_basis() {
        assert_eq!(PayBasis::parse("Hourly"), Some(PayBasis::Hourly));
        assert_eq!(PayBasis::parse("Bi-Weekly"), Some(PayBasis::BiWeekly));
        assert_eq!(PayBasis::parse("Salaried"), Some(PayBasis::Annual));
        assert_eq!(PayBasis::parse(""), Some(PayBasis::Annual));
        assert_eq!(PayBasis::parse("whenever"), None);
        assert_eq!(PayBasis::Hourly.per_year(2080.0), 2080.0);
    }
}
