//! The report's chart: top AI keywords as horizontal bars coloured by class (generic, specific,
//! tool), the seed's "talk more than substance" picture. A self-contained SVG written with plain
//! string formatting: no script, no external font or stylesheet.

use crate::aggregate::KeywordRow;
use crate::taxonomy::TermClass;
use std::fmt::Write;

pub fn class_colour(c: TermClass) -> &'static str {
    match c {
        TermClass::Generic => "#d95f02",
        TermClass::Specific => "#1b9e77",
        TermClass::Tool => "#7570b3",
    }
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Bars for the first `top` rows (already sorted), lengths proportional to mentions.
pub fn keywords_svg(rows: &[KeywordRow], top: usize, title: &str, subtitle: &str) -> String {
    let rows = &rows[..rows.len().min(top)];
    let (w, left, right, bar, gap, head) = (760.0, 190.0, 90.0, 18.0, 6.0, 78.0);
    let h = head + rows.len() as f64 * (bar + gap) + 40.0;
    let max = rows.iter().map(|r| r.mentions).max().unwrap_or(1).max(1) as f64;
    let span = w - left - right;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="{t}">"#,
        t = escape(title)
    );
    let _ = write!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = write!(s, r##"<text x="16" y="24" font-size="16" font-weight="bold" fill="#222">{}</text>"##, escape(title));
    let _ = write!(s, r##"<text x="16" y="44" fill="#555">{}</text>"##, escape(subtitle));
    let mut lx = 16.0;
    for c in TermClass::ALL {
        let _ = write!(s, r##"<rect x="{lx}" y="56" width="12" height="12" fill="{}"/><text x="{}" y="66" fill="#333">{}</text>"##, class_colour(c), lx + 16.0, c.as_str());
        lx += 90.0;
    }
    for (i, r) in rows.iter().enumerate() {
        let y = head + i as f64 * (bar + gap);
        let bw = (r.mentions as f64 / max * span).max(1.0);
        let _ = write!(s, r##"<text x="{}" y="{}" text-anchor="end" fill="#222">{}</text>"##, left - 8.0, y + bar - 5.0, escape(&r.keyword));
        let _ = write!(s, r##"<rect x="{left}" y="{y}" width="{bw:.1}" height="{bar}" fill="{}"><title>{}: {} mentions in {} postings</title></rect>"##, class_colour(r.class), escape(&r.keyword), r.mentions, r.postings);
        let _ = write!(s, r##"<text x="{:.1}" y="{}" fill="#333">{}</text>"##, left + bw + 6.0, y + bar - 5.0, r.mentions);
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_coloured_and_escaped() {
        let rows = vec![
            KeywordRow { keyword: "AI".into(), class: TermClass::Generic, mentions: 100, postings: 80, share_of_ai_postings: None },
            KeywordRow { keyword: "R&D <x>".into(), class: TermClass::Specific, mentions: 50, postings: 40, share_of_ai_postings: None },
        ];
        let svg = keywords_svg(&rows, 10, "Top", "sub");
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("R&amp;D &lt;x&gt;"));
        assert!(svg.contains(r##"width="480.0" height="18" fill="#d95f02""##), "{svg}");
        assert!(svg.contains(r##"width="240.0" height="18" fill="#1b9e77""##));
        assert!(!svg.contains("<script"));
        assert_eq!(keywords_svg(&rows, 1, "t", "s").matches("<title>").count(), 1);
    }
}
