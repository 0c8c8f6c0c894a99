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

/// Parse one pay cell into a number (the input layer's money reader: currency signs and codes,
/// `k`/`m` suffixes, thousands separators in every convention).
pub fn parse_amount(raw: &str) -> Result<f64, PayError> {
    use culprit_input::values::AmountError;
    culprit_input::values::parse_amount(raw).map_err(|e| match e {
        AmountError::Blank => PayError::Blank,
        AmountError::Unparsable => PayError::Unparsable,
        AmountError::Negative(v) => PayError::Negative(v),
    })
}

/// Parse a pay cell that may be a range ("$53K-$91K": the midpoint) or say its own period
/// ("$45/hr", "5,000 per month"): the amount, and the period the cell states, if any.
pub fn parse_pay(raw: &str) -> Result<(f64, Option<PayBasis>), PayError> {
    use culprit_input::values::{parse_money, AmountError, Period};
    match parse_money(raw) {
        Ok(m) => Ok((
            m.mid,
            m.period.map(|p| match p {
                Period::Hour => PayBasis::Hourly,
                Period::Day => PayBasis::Daily,
                Period::Week => PayBasis::Weekly,
                Period::Month => PayBasis::Monthly,
                Period::Year => PayBasis::Annual,
            }),
        )),
        Err(AmountError::Blank) => Err(PayError::Blank),
        Err(AmountError::Negative(v)) => Err(PayError::Negative(v)),
        Err(AmountError::Unparsable) => Err(PayError::Unparsable),
    }
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
    fn ranges_and_periods_in_the_cell() {
        assert_eq!(parse_pay("$53K-$91K"), Ok((72_000.0, None)));
        assert_eq!(parse_pay("$45/hr"), Ok((45.0, Some(PayBasis::Hourly))));
        assert_eq!(parse_pay("5,000 per month"), Ok((5_000.0, Some(PayBasis::Monthly))));
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
