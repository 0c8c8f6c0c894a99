//! Number formatting for the plain sentences of the scorecard (tables format in the CLI).

/// 1234567 -> "1,234,567" (rounded).
pub fn int(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let neg = x < 0.0 && x.round() != 0.0;
    let s = format!("{:.0}", x.abs().round());
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// Dollars with a B or M suffix: "$83.0 B", "$186k".
pub fn usd(x: f64) -> String {
    let a = x.abs();
    let sign = if x < 0.0 { "-" } else { "" };
    if a >= 1e9 {
        format!("{sign}${:.1} B", a / 1e9)
    } else if a >= 1e6 {
        format!("{sign}${:.1} M", a / 1e6)
    } else if a >= 1e3 {
        format!("{sign}${:.0}k", a / 1e3)
    } else {
        format!("{sign}${a:.0}")
    }
}

pub fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    format!("{:.1}%", x * 100.0)
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
