//! Date parsing for the formats found in layoff trackers and WARN sheets.

use chrono::NaiveDate;

/// Parse a date written as `2026-04-17`, `2026-04-17 00:00:00`, `4/27/2026`, `10/01/01` (two-digit
/// years are 19xx from 70, else 20xx), `April 27, 2026` or `27 Apr 2026`. Only the first date of
/// a longer text is read when the text starts with a date (e.g. `3/20/2020Amendment: 10/13/2020`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let re = regex_cache();
    if let Some(c) = re.iso.captures(s) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    if let Some(c) = re.us.captures(s) {
        let mut y: i32 = c[3].parse().ok()?;
        if c[3].len() == 2 {
            y += if y >= 70 { 1900 } else { 2000 };
        }
        return NaiveDate::from_ymd_opt(y, c[1].parse().ok()?, c[2].parse().ok()?);
    }
    for fmt in ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    None
}

struct Res {
    iso: regex::Regex,
    us: regex::Regex,
}

fn regex_cache() -> &'static Res {
    static R: std::sync::OnceLock<Res> = std::sync::OnceLock::new();
    R.get_or_init(|| Res {
        iso: regex::Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[ T])").unwrap(),
        us: regex::Regex::new(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:$|\D)").unwrap(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(parse_date("2026-04-17"), d(2026, 4, 17));
        assert_eq!(parse_date("2026-06-15 00:00:00"), d(2026, 6, 15));
        assert_eq!(parse_date("4/27/2026"), d(2026, 4, 27));
        assert_eq!(parse_date("10/01/01\n   "), d(2001, 10, 1));
        assert_eq!(parse_date("3/20/2020Amendment: 10/13/2020"), d(2020, 3, 20));
        assert_eq!(parse_date("October 28, 2025"), d(2025, 10, 28));
        assert_eq!(parse_date("28 Jan 2026"), d(2026, 1, 28));
        assert_eq!(parse_date("TBD"), None);
        assert_eq!(parse_date("13/45/2020"), None);
        assert_eq!(parse_date("12/2020"), None);
    }
}
