//! Number formatting, once for every output: counts with thousands separators, shares as
//! percentages, money in its long ("$1.28 B", "$12,345"), grouped ("$1.28 B" from grouped
//! digits), short ("$83.0 B", "$186k") and compact ("1.2k", "3.4M") forms.
//!
//! A number that is not finite has no text here (`None`): each output says in its own words
//! what is missing ("n/a", "–", "withheld").

/// Digits with thousands separators and `decimals` decimals: 1234567.891 -> "1,234,567.9".
/// A minus sign only when a non-zero digit is shown.
pub fn grouped(x: f64, decimals: usize) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map(|(a, b)| (a, Some(b))).unwrap_or((&s, None));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if x < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    Some(out)
}

/// A share as a percentage with `decimals` decimals: 0.1234 -> "12.3%".
pub fn percent(x: f64, decimals: usize) -> Option<String> {
    x.is_finite().then(|| format!("{:.*}%", decimals, x * 100.0))
}

/// Dollars, long form: "$1.28 B", "$489.0 M" (with `million_decimals`), "$12,345", "$3.50"; the
/// minus sign before the dollar.
pub fn usd_long(x: f64, million_decimals: usize) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    let a = x.abs();
    let s = if a >= 1e9 {
        format!("${:.2} B", a / 1e9)
    } else if a >= 1e6 {
        format!("${:.*} M", million_decimals, a / 1e6)
    } else if a < 100.0 {
        format!("${a:.2}")
    } else {
        format!("${}", grouped(a, 0)?)
    };
    Some(if x < 0.0 { format!("-{s}") } else { s })
}

/// Dollars from grouped digits: "$1.28 B", "$12.3 M", "$12,345" (the sign after the dollar).
pub fn usd_grouped(x: f64) -> Option<String> {
    let g = |v: f64, d: usize| grouped(v, d).unwrap_or_else(|| "–".into());
    Some(if x.abs() >= 1e9 {
        format!("${} B", g(x / 1e9, 2))
    } else if x.abs() >= 1e6 {
        format!("${} M", g(x / 1e6, 1))
    } else {
        format!("${}", g(x, 0))
    })
}

/// Dollars, short form for sentences: "$83.0 B", "$12.5 M", "$186k", "$950".
pub fn usd_short(x: f64) -> String {
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

/// A compact number for charts: 1.2k (from 10,000), 3.4M, 5.6B, 7.8T; small numbers with up to
/// two decimals.
pub fn compact(x: f64) -> String {
    let a = x.abs();
    let (v, s) = if a >= 1e12 {
        (x / 1e12, "T")
    } else if a >= 1e9 {
        (x / 1e9, "B")
    } else if a >= 1e6 {
        (x / 1e6, "M")
    } else if a >= 1e4 {
        (x / 1e3, "k")
    } else {
        (x, "")
    };
    if s.is_empty() {
        if a >= 100.0 || x.fract() == 0.0 {
            format!("{x:.0}")
        } else if a >= 1.0 {
            format!("{x:.1}")
        } else {
            format!("{x:.2}")
        }
    } else if v.abs() >= 1000.0 {
        format!("{v:.0}{s}")
    } else {
        format!("{v:.1}{s}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_shares_and_money() {
        assert_eq!(grouped(1234567.891, 1).unwrap(), "1,234,567.9");
        assert_eq!(grouped(-1000.0, 0).unwrap(), "-1,000");
        assert_eq!(grouped(-0.0001, 0).unwrap(), "0");
        assert_eq!(grouped(1608000.4_f64.round(), 0).unwrap(), "1,608,000");
        assert!(grouped(f64::NAN, 0).is_none());
        assert_eq!(percent(0.1234, 1).unwrap(), "12.3%");
        assert!(percent(f64::INFINITY, 1).is_none());
        assert_eq!(usd_long(-1.5e9, 1).unwrap(), "-$1.50 B");
        assert_eq!(usd_long(489.04e6, 0).unwrap(), "$489 M");
        assert_eq!(usd_long(12_345.0, 1).unwrap(), "$12,345");
        assert_eq!(usd_long(3.5, 1).unwrap(), "$3.50");
        assert_eq!(usd_grouped(1.2849e9).unwrap(), "$1.28 B");
        assert_eq!(usd_grouped(-2.5e6).unwrap(), "$-2.5 M");
        assert_eq!(usd_short(82.999e9), "$83.0 B");
        assert_eq!(usd_short(186_000.0), "$186k");
        assert_eq!(compact(12_345.0), "12.3k");
        assert_eq!(compact(2.5e9), "2.5B");
        assert_eq!(compact(0.25), "0.25");
    }
}
