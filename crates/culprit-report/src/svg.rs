//! The one chart renderer that the HTML report and the dashboard share: server-side SVG, no
//! JavaScript, readable when printed, stable for snapshot tests.

use serde::Serialize;
use std::fmt::Write;

/// Colours by series class; the report's legend uses the same names.
pub fn colour(class: &str) -> &'static str {
    match class {
        "generic" | "cut" | "asis" | "actual" => "#c2410c",
        "specific" | "kept" | "tobe" | "trend" => "#1d4ed8",
        "tool" | "ai" => "#047857",
        "human" => "#6b7280",
        "warn" => "#b91c1c",
        _ => "#334155",
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Human-readable number: 1.2k, 3.4M, 5.6B.
pub fn short_number(x: f64) -> String {
    culprit_data::numbers::compact(x)
}

/// A horizontal bar chart: one bar per row, optionally a second bar per row (as-is vs to-be).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Bars {
    pub title: String,
    pub unit: String,
    /// Format values as percentages.
    pub percent: bool,
    /// (label, value, class)
    pub rows: Vec<(String, f64, String)>,
    /// Optional second value per row, drawn thinner below the first.
    pub second: Option<(String, Vec<f64>)>,
    pub first_label: Option<String>,
}

impl Bars {
    pub fn render(&self) -> String {
        let row_h = if self.second.is_some() { 30.0 } else { 22.0 };
        let label_w = 230.0;
        let width = 720.0;
        let plot_w = width - label_w - 90.0;
        let top = 34.0;
        let height = top + row_h * self.rows.len() as f64 + 30.0;
        let max = self
            .rows
            .iter()
            .map(|r| r.1)
            .chain(self.second.iter().flat_map(|s| s.1.iter().copied()))
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max)
            .max(1e-12);
        let fmt = |v: f64| if self.percent { format!("{:.1}%", v * 100.0) } else { short_number(v) };
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}" font-family="system-ui, sans-serif" font-size="12">"#,
            escape(&self.title)
        );
        let _ = write!(s, r#"<text x="0" y="16" font-size="14" font-weight="600">{}</text>"#, escape(&self.title));
        if let (Some(first), Some((second, _))) = (&self.first_label, &self.second) {
            let _ = write!(
                s,
                r#"<rect x="{}" y="6" width="10" height="10" fill="{}"/><text x="{}" y="15">{}</text><rect x="{}" y="6" width="10" height="10" fill="{}"/><text x="{}" y="15">{}</text>"#,
                width - 230.0,
                colour("asis"),
                width - 216.0,
                escape(first),
                width - 120.0,
                colour("tobe"),
                width - 106.0,
                escape(second)
            );
        }
        for (i, (label, v, class)) in self.rows.iter().enumerate() {
            let y = top + row_h * i as f64;
            let w = if v.is_finite() { (v / max * plot_w).max(0.0) } else { 0.0 };
            let bar_h = if self.second.is_some() { 11.0 } else { 15.0 };
            let _ = write!(
                s,
                r#"<text x="{}" y="{}" text-anchor="end">{}</text><rect x="{label_w}" y="{}" width="{w:.1}" height="{bar_h}" fill="{}"><title>{}: {}</title></rect><text x="{}" y="{}">{}</text>"#,
                label_w - 6.0,
                y + 12.0,
                escape(&truncate(label, 32)),
                y + 2.0,
                colour(class),
                escape(label),
                fmt(*v),
                label_w + w + 4.0,
                y + 13.0,
                fmt(*v)
            );
            if let Some((_, second)) = &self.second {
                let v2 = second.get(i).copied().unwrap_or(f64::NAN);
                let w2 = if v2.is_finite() { (v2 / max * plot_w).max(0.0) } else { 0.0 };
                let _ = write!(
                    s,
                    r#"<rect x="{label_w}" y="{}" width="{w2:.1}" height="11" fill="{}"><title>{}: {}</title></rect><text x="{}" y="{}" fill="{}">{}</text>"#,
                    y + 14.0,
                    colour("tobe"),
                    escape(label),
                    fmt(v2),
                    label_w + w2 + 4.0,
                    y + 24.0,
                    colour("tobe"),
                    fmt(v2)
                );
            }
        }
        if !self.unit.is_empty() {
            let _ = write!(s, r##"<text x="{label_w}" y="{}" fill="#64748b">{}</text>"##, height - 8.0, escape(&self.unit));
        }
        s.push_str("</svg>");
        s
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// A line chart over years (or any x), several series, optional shaded band between two.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Lines {
    pub title: String,
    pub unit: String,
    /// (name, class, points (x, y)); NaN y values are gaps.
    pub series: Vec<(String, String, Vec<(f64, f64)>)>,
    /// Vertical markers: (x, label).
    pub markers: Vec<(f64, String)>,
}

impl Lines {
    pub fn render(&self) -> String {
        let (width, height) = (720.0, 300.0);
        let (left, right, top, bottom) = (70.0, 20.0, 40.0, 40.0);
        let pts = self.series.iter().flat_map(|s| s.2.iter()).filter(|p| p.1.is_finite());
        let (mut x0, mut x1, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
        for p in pts {
            x0 = x0.min(p.0);
            x1 = x1.max(p.0);
            y1 = y1.max(p.1);
        }
        if !x0.is_finite() {
            (x0, x1, y1) = (0.0, 1.0, 1.0);
        }
        if x1 <= x0 {
            x1 = x0 + 1.0;
        }
        let y0 = 0.0;
        let y1 = y1 * 1.08 + 1e-12;
        let sx = |x: f64| left + (x - x0) / (x1 - x0) * (width - left - right);
        let sy = |y: f64| height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom);
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}" font-family="system-ui, sans-serif" font-size="12">"#,
            escape(&self.title)
        );
        let _ = write!(s, r#"<text x="0" y="16" font-size="14" font-weight="600">{}</text>"#, escape(&self.title));
        // Axes and grid.
        for k in 0..=4 {
            let y = y0 + (y1 - y0) * k as f64 / 4.0;
            let _ = write!(
                s,
                r##"<line x1="{left}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#e2e8f0"/><text x="{}" y="{:.1}" text-anchor="end" fill="#64748b">{}</text>"##,
                width - right,
                sy(y),
                sy(y),
                left - 6.0,
                sy(y) + 4.0,
                short_number(y)
            );
        }
        let step = ((x1 - x0) / 10.0).ceil().max(1.0);
        let mut x = x0.ceil();
        while x <= x1 + 1e-9 {
            let _ = write!(s, r##"<text x="{:.1}" y="{}" text-anchor="middle" fill="#64748b">{}</text>"##, sx(x), height - bottom + 16.0, x);
            x += step;
        }
        for (x, label) in &self.markers {
            let _ = write!(
                s,
                r##"<line x1="{:.1}" x2="{:.1}" y1="{top}" y2="{}" stroke="#94a3b8" stroke-dasharray="4 3"/><text x="{:.1}" y="{}" fill="#475569">{}</text>"##,
                sx(*x),
                sx(*x),
                height - bottom,
                sx(*x) + 3.0,
                top + 10.0,
                escape(label)
            );
        }
        for (k, (name, class, points)) in self.series.iter().enumerate() {
            let mut d = String::new();
            let mut pen = false;
            for (x, y) in points {
                if y.is_finite() {
                    let _ = write!(d, "{}{:.1},{:.1} ", if pen { "L" } else { "M" }, sx(*x), sy(*y));
                    pen = true;
                } else {
                    pen = false;
                }
            }
            let dash = if class == "trend" { r#" stroke-dasharray="6 4""# } else { "" };
            let _ = write!(s, r#"<path d="{}" fill="none" stroke="{}" stroke-width="2"{dash}/>"#, d.trim_end(), colour(class));
            for (x, y) in points.iter().filter(|p| p.1.is_finite()) {
                let _ = write!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"><title>{} {}: {}</title></circle>"#,
                    sx(*x),
                    sy(*y),
                    colour(class),
                    escape(name),
                    x,
                    short_number(*y)
                );
            }
            let lx = width - 200.0;
            let ly = top + 4.0 + 16.0 * k as f64;
            let _ = write!(
                s,
                r#"<rect x="{lx}" y="{}" width="14" height="3" fill="{}"/><text x="{}" y="{}">{}</text>"#,
                ly,
                colour(class),
                lx + 18.0,
                ly + 5.0,
                escape(name)
            );
        }
        if !self.unit.is_empty() {
            let _ = write!(s, r##"<text x="{left}" y="{}" fill="#64748b">{}</text>"##, height - 6.0, escape(&self.unit));
        }
        s.push_str("</svg>");
        s
    }
}

/// A scatter of occupations, theory (x) against observed use (y), both shares 0..1; each point's
/// area is proportional to its weight (employment); marked points are drawn in the `cut` colour
/// and labelled. The diagonal is "used as much as it could be".
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scatter {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// (label, x, y, weight, marked)
    pub points: Vec<(String, f64, f64, f64, bool)>,
    pub note: String,
}

impl Scatter {
    pub fn render(&self) -> String {
        let (width, height) = (720.0, 460.0);
        let (left, right, top, bottom) = (60.0, 20.0, 40.0, 56.0);
        let pw = width - left - right;
        let ph = height - top - bottom;
        let pts: Vec<&(String, f64, f64, f64, bool)> = self.points.iter().filter(|p| p.1.is_finite() && p.2.is_finite()).collect();
        let y_max = pts.iter().map(|p| p.2).fold(0.0f64, f64::max).max(0.05);
        // The y axis is stretched to the data (observed use is far below theory), in steps of 5%.
        let y_top = ((y_max * 1.1) / 0.05).ceil() * 0.05;
        let y_top = y_top.min(1.0);
        let sx = |x: f64| left + x.clamp(0.0, 1.0) * pw;
        let sy = |y: f64| top + ph - (y.clamp(0.0, y_top) / y_top) * ph;
        let w_max = pts.iter().map(|p| p.3).fold(0.0f64, f64::max).max(1e-9);
        let r = |w: f64| 1.5 + 11.0 * (w.max(0.0) / w_max).sqrt();
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}" font-family="system-ui, sans-serif" font-size="12">"#,
            escape(&self.title)
        );
        let _ = write!(s, r#"<text x="0" y="16" font-size="14" font-weight="600">{}</text>"#, escape(&self.title));
        for k in 0..=5 {
            let x = k as f64 / 5.0;
            let _ = write!(
                s,
                r##"<line x1="{:.1}" x2="{:.1}" y1="{top}" y2="{:.1}" stroke="#e2e8f0"/><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#64748b">{:.0}%</text>"##,
                sx(x),
                sx(x),
                top + ph,
                sx(x),
                top + ph + 16.0,
                x * 100.0
            );
            let y = y_top * k as f64 / 5.0;
            let _ = write!(
                s,
                r##"<line x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#e2e8f0"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#64748b">{:.0}%</text>"##,
                left + pw,
                sy(y),
                sy(y),
                left - 6.0,
                sy(y) + 4.0,
                y * 100.0
            );
        }
        // Diagonal y = x, as far as the y axis goes.
        let _ = write!(
            s,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#94a3b8" stroke-dasharray="4 3"><title>used as much as exposed (y = x)</title></line>"##,
            sx(0.0),
            sy(0.0),
            sx(y_top),
            sy(y_top)
        );
        // Labels for the marked points, at most the eight largest (the rest keep their tooltip).
        let mut by_weight: Vec<f64> = pts.iter().filter(|p| p.4).map(|p| p.3).collect();
        by_weight.sort_by(|a, b| b.total_cmp(a));
        let label_min = by_weight.get(7).copied().unwrap_or(f64::NEG_INFINITY);
        // Unmarked first, marked on top.
        for marked in [false, true] {
            for (label, x, y, w, m) in pts.iter().map(|p| (&p.0, p.1, p.2, p.3, p.4)) {
                if m != marked {
                    continue;
                }
                let (fill, opacity) = if m { (colour("cut"), 0.9) } else { (colour("specific"), 0.35) };
                let _ = write!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="{fill}" fill-opacity="{opacity}"><title>{}: theory {:.1}%, observed {:.1}%, weight {}</title></circle>"#,
                    sx(x),
                    sy(y),
                    r(w),
                    escape(label),
                    x * 100.0,
                    y * 100.0,
                    short_number(w)
                );
                if m && w >= label_min {
                    let _ = write!(s, r#"<text x="{:.1}" y="{:.1}" fill="{fill}">{}</text>"#, sx(x) + r(w) + 2.0, sy(y) + 4.0, escape(label));
                }
            }
        }
        let _ = write!(s, r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#334155">{}</text>"##, left + pw / 2.0, height - 22.0, escape(&self.x_label));
        let _ = write!(
            s,
            r##"<text x="14" y="{:.1}" text-anchor="middle" fill="#334155" transform="rotate(-90 14 {:.1})">{}</text>"##,
            top + ph / 2.0,
            top + ph / 2.0,
            escape(&self.y_label)
        );
        if !self.note.is_empty() {
            let _ = write!(s, r##"<text x="{left}" y="{:.1}" fill="#64748b">{}</text>"##, height - 6.0, escape(&self.note));
        }
        s.push_str("</svg>");
        s
    }
}

/// A distribution summary: a bar from p10 to p90 with the median marked, one row per item
/// (the net-saving fan of each scenario).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Fan {
    pub title: String,
    pub unit: String,
    /// (label, p10, p50, p90)
    pub rows: Vec<(String, f64, f64, f64)>,
}

impl Fan {
    pub fn render(&self) -> String {
        let width = 720.0;
        let label_w = 200.0;
        let plot_w = width - label_w - 40.0;
        let top = 44.0;
        let row_h = 34.0;
        let height = top + row_h * self.rows.len() as f64 + 36.0;
        let lo = self.rows.iter().map(|r| r.1).fold(0.0f64, f64::min);
        let hi = self.rows.iter().map(|r| r.3).fold(0.0f64, f64::max);
        let span = (hi - lo).max(1e-12);
        let sx = |v: f64| label_w + (v - lo) / span * plot_w;
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}" font-family="system-ui, sans-serif" font-size="12">"#,
            escape(&self.title)
        );
        let _ = write!(s, r#"<text x="0" y="16" font-size="14" font-weight="600">{}</text>"#, escape(&self.title));
        let _ = write!(
            s,
            r##"<line x1="{:.1}" x2="{:.1}" y1="{}" y2="{}" stroke="#0f172a"/><text x="{:.1}" y="{}" text-anchor="middle" fill="#0f172a">0</text>"##,
            sx(0.0),
            sx(0.0),
            top - 8.0,
            height - 30.0,
            sx(0.0),
            top - 12.0
        );
        for (i, (label, p10, p50, p90)) in self.rows.iter().enumerate() {
            let y = top + row_h * i as f64;
            let class = if *p50 < 0.0 { "warn" } else { "tobe" };
            let _ = write!(
                s,
                r#"<text x="{}" y="{}" text-anchor="end">{}</text><rect x="{:.1}" y="{}" width="{:.1}" height="14" fill="{}" opacity="0.35"><title>p10 {} / p90 {}</title></rect><rect x="{:.1}" y="{}" width="3" height="20" fill="{}"><title>p50 {}</title></rect><text x="{:.1}" y="{}" font-size="11">p10 {}</text><text x="{:.1}" y="{}" font-size="11" text-anchor="end">p90 {}</text><text x="{:.1}" y="{}" font-size="11" font-weight="600" text-anchor="middle">{}</text>"#,
                label_w - 8.0,
                y + 12.0,
                escape(&truncate(label, 27)),
                sx(*p10),
                y + 2.0,
                (sx(*p90) - sx(*p10)).max(1.0),
                colour(class),
                short_number(*p10),
                short_number(*p90),
                sx(*p50) - 1.5,
                y - 1.0,
                colour(class),
                short_number(*p50),
                sx(*p10),
                y + 28.0,
                short_number(*p10),
                sx(*p90),
                y + 28.0,
                short_number(*p90),
                sx(*p50),
                y - 3.0,
                short_number(*p50)
            );
        }
        if !self.unit.is_empty() {
            let _ = write!(s, r##"<text x="{label_w}" y="{}" fill="#64748b">{}</text>"##, height - 8.0, escape(&self.unit));
        }
        s.push_str("</svg>");
        s
    }
}

/// Stacked columns over periods (jobs by exposure band, month by month): one column per period,
/// one segment per series, a label every `label_every` periods.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stacked {
    pub title: String,
    pub unit: String,
    /// (name, class) of each series, bottom first.
    pub series: Vec<(String, String)>,
    /// (period label, one value per series).
    pub columns: Vec<(String, Vec<f64>)>,
    pub label_every: usize,
}

impl Stacked {
    pub fn render(&self) -> String {
        let (width, height) = (720.0, 300.0);
        let (left, right, top, bottom) = (60.0, 20.0, 44.0, 40.0);
        let n = self.columns.len().max(1) as f64;
        let plot_w = width - left - right;
        let step = plot_w / n;
        let max = self.columns.iter().map(|c| c.1.iter().filter(|v| v.is_finite()).sum::<f64>()).fold(0.0f64, f64::max).max(1e-12);
        let sy = |v: f64| (v / max) * (height - top - bottom);
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}" font-family="system-ui, sans-serif" font-size="12">"#,
            escape(&self.title)
        );
        let _ = write!(s, r#"<text x="0" y="16" font-size="14" font-weight="600">{}</text>"#, escape(&self.title));
        for (k, (name, class)) in self.series.iter().enumerate() {
            let lx = left + 130.0 * k as f64;
            let _ = write!(s, r#"<rect x="{lx}" y="24" width="10" height="10" fill="{}"/><text x="{}" y="33">{}</text>"#, colour(class), lx + 14.0, escape(name));
        }
        for k in 0..=4 {
            let v = max * k as f64 / 4.0;
            let y = height - bottom - sy(v);
            let _ = write!(
                s,
                r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#e2e8f0"/><text x="{}" y="{:.1}" text-anchor="end" fill="#64748b">{}</text>"##,
                width - right,
                left - 6.0,
                y + 4.0,
                short_number(v)
            );
        }
        let every = self.label_every.max(1);
        for (i, (label, vals)) in self.columns.iter().enumerate() {
            let x = left + step * i as f64;
            let mut base = height - bottom;
            for (k, v) in vals.iter().enumerate() {
                if !v.is_finite() || *v <= 0.0 {
                    continue;
                }
                let h = sy(*v);
                base -= h;
                let (name, class) = self.series.get(k).cloned().unwrap_or_default();
                let _ = write!(
                    s,
                    r#"<rect x="{x:.1}" y="{base:.1}" width="{:.1}" height="{h:.1}" fill="{}"><title>{} {}: {}</title></rect>"#,
                    (step * 0.85).max(0.5),
                    colour(&class),
                    escape(label),
                    escape(&name),
                    short_number(*v)
                );
            }
            if i % every == 0 {
                let _ = write!(s, r##"<text x="{x:.1}" y="{}" fill="#64748b">{}</text>"##, height - bottom + 16.0, escape(label));
            }
        }
        if !self.unit.is_empty() {
            let _ = write!(s, r##"<text x="{left}" y="{}" fill="#64748b">{}</text>"##, height - 6.0, escape(&self.unit));
        }
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(1_234_567.0), "1.2M");
        assert_eq!(short_number(83.0e9), "83.0B");
        assert_eq!(short_number(-2_500_000.0), "-2.5M");
        assert_eq!(short_number(12_000.0), "12.0k");
        assert_eq!(short_number(0.25), "0.25");
        assert_eq!(short_number(999.0), "999");
    }

    #[test]
    fn bars_escape_labels_and_scale() {
        let b = Bars {
            title: "A <b> & c".into(),
            rows: vec![("x<y".into(), 2.0, "cut".into()), ("z".into(), 1.0, "kept".into())],
            ..Default::default()
        };
        let svg = b.render();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("A &lt;b&gt; &amp; c") && svg.contains("x&lt;y"));
        assert!(!svg.contains("<b>"));
        // The largest bar spans the plot; the other is half of it.
        assert!(svg.contains(r#"width="400.0""#) && svg.contains(r#"width="200.0""#), "{svg}");
    }

    #[test]
    fn lines_and_fans_render_without_nan() {
        let l = Lines {
            title: "Headcount".into(),
            series: vec![("actual".into(), "actual".into(), vec![(2016.0, 1.0), (2017.0, f64::NAN), (2018.0, 3.0)])],
            markers: vec![(2020.0, "pandemic".into())],
            ..Default::default()
        };
        let svg = l.render();
        assert!(!svg.contains("NaN") && svg.contains("M") && svg.contains("pandemic"));
        let st = Stacked {
            title: "Jobs".into(),
            series: vec![("low".into(), "human".into()), ("high".into(), "cut".into())],
            columns: vec![("2020-01".into(), vec![1.0, f64::NAN]), ("2020-02".into(), vec![2.0, 2.0])],
            label_every: 12,
            ..Default::default()
        };
        let svg = st.render();
        assert!(!svg.contains("NaN") && svg.contains("2020-01") && !svg.contains(">2020-02<"));
        // The tallest column fills the plot (216 px): its two halves are 108 px each.
        assert!(svg.contains(r#"height="108.0""#), "{svg}");
        let f = Fan { title: "Net".into(), rows: vec![("A".into(), -1e6, 2e6, 5e6)], ..Default::default() };
        let svg = f.render();
        assert!(!svg.contains("NaN") && svg.contains("p10 -1.0M") && svg.contains("2.0M"));
    }

    #[test]
    fn scatter_sizes_by_weight_marks_and_labels_the_largest_marked() {
        let mut points = vec![("big".to_string(), 0.5, 0.2, 400.0, false), ("small".to_string(), 0.4, 0.1, 100.0, false), ("gap".to_string(), f64::NAN, 0.1, 1.0, false)];
        for k in 0..10 {
            points.push((format!("cut{k}"), 0.3, 0.05, 10.0 + k as f64, true));
        }
        let svg = Scatter { title: "T".into(), points, ..Default::default() }.render();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>") && !svg.contains("NaN"));
        // Area ~ weight: radius 1.5 + 11 sqrt(w / max); the NaN point is left out.
        assert!(svg.contains(r#"r="12.5""#) && svg.contains(r#"r="7.0""#), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 12);
        assert_eq!(svg.matches(r#"fill-opacity="0.9""#).count(), 10);
        // Only the eight largest marked points get a text label.
        assert!(svg.contains(">cut9</text>") && svg.contains(">cut2</text>") && !svg.contains(">cut1</text>"));
    }
}
