//! Number formatting for the plain sentences of the scorecard, from [`culprit_data::numbers`].

use culprit_data::numbers::{grouped, percent, usd_short};

/// 1234567 -> "1,234,567" (rounded).
pub fn int(x: f64) -> String {
    grouped(x.round(), 0).unwrap_or_else(|| "n/a".into())
}

/// Dollars with a B or M suffix: "$83.0 B", "$186k".
pub fn usd(x: f64) -> String {
    usd_short(x)
}

pub fn pct(x: f64) -> String {
    percent(x, 1).unwrap_or_else(|| "n/a".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        assert_eq!(super::int(1608000.4), "1,608,000");
        assert_eq!(super::int(-1234.0), "-1,234");
        assert_eq!(super::usd(82.999e9), "$83.0 B");
        assert_eq!(super::usd(186_000.0), "$186k");
        assert_eq!(super::pct(0.0391), "3.9%");
        assert_eq!(super::pct(0.25), "25.0%");
    }
}
