//! Small line charts as SVG, drawn on the server so a page shows them without JavaScript.
//!
//! A chart is an image with a title and a description (`role="img"` and
//! `aria-labelledby` on both), and the page puts the same figures in a table beside it:
//! the chart is the overview, the table the reading. A missing figure is a gap in its
//! line, never a drop to zero.

use std::fmt::Write;

/// How a series is drawn; the legend says the same in words, so colour is never the only
/// difference (WCAG 1.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesStyle {
    /// A thin line (each municipality).
    Thin,
    /// A thick solid line (the region).
    Bold,
    /// A dashed line (the whole country).
    Dashed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub style: SeriesStyle,
    /// One entry per year of `LineChart::years`; None where the figure is missing.
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Unique on the page: the title's and description's ids are made of it.
    pub id: String,
    pub title: String,
    pub description: String,
    pub years: Vec<i32>,
    pub series: Vec<Series>,
}

/// Which scale the values are drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Linear,
    /// Powers of ten: counts that span orders of magnitude (a small municipality's and
    /// the whole country's population) on one axis, their growth as comparable slopes.
    Log,
}

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 76.0;
const RIGHT: f64 = 18.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;

/// The scale a chart of these values takes: logarithmic when every figure is positive and
/// the largest is at least fifty times the smallest, linear otherwise.
pub fn scale_for(values: impl Iterator<Item = f64>) -> Scale {
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        min = min.min(v);
        max = max.max(v);
    }
    if min.is_finite() && min > 0.0 && max / min >= 50.0 { Scale::Log } else { Scale::Linear }
}

/// Tick values of a linear axis from `min` to `max`: about five round steps (1, 2, 5 × 10ⁿ).
fn linear_ticks(min: f64, max: f64) -> Vec<f64> {
    let span = (max - min).max(f64::EPSILON);
    let raw = span / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    let first = (min / step).floor() * step;
    let mut ticks = Vec::new();
    let mut tick = first;
    // Up to the first tick at or above the largest value, so the axis ends on a round one.
    loop {
        ticks.push(tick);
        if tick >= max - step * 1e-9 || ticks.len() >= 12 {
            break ticks;
        }
        tick += step;
    }
}

/// Tick values of a logarithmic axis: the powers of ten, and 2× and 5× when few.
fn log_ticks(min: f64, max: f64) -> Vec<f64> {
    let (low, high) = (min.log10().floor() as i32, max.log10().ceil() as i32);
    let mut ticks: Vec<f64> = (low..=high).map(|p| 10f64.powi(p)).collect();
    if high - low <= 2 {
        ticks = (low..=high).flat_map(|p| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(p))).filter(|t| *t <= 10f64.powi(high)).collect();
    }
    ticks
}

/// Writes `v` with one decimal by integer arithmetic: a page of a hundred charts writes
/// tens of thousands of coordinates, and float formatting was a third of its time.
fn push_coordinate(out: &mut String, v: f64) {
    let tenths = (v * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let tenths = tenths.unsigned_abs();
    let _ = write!(out, "{}.{}", tenths / 10, tenths % 10);
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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

/// The chart as an `<svg>` element; `format` writes a tick value as people read it
/// ("100 000"). A chart without any figure is the frame and its title.
pub fn line_chart(chart: &LineChart, format: &dyn Fn(f64) -> String) -> String {
    let values = || chart.series.iter().flat_map(|s| s.values.iter().flatten().copied());
    let scale = scale_for(values());
    let (mut min, mut max) = values().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let has_values = min.is_finite();
    if !has_values {
        (min, max) = (0.0, 1.0);
    }
    let ticks = match scale {
        Scale::Log => log_ticks(min, max),
        Scale::Linear => {
            // Counts and rates start from zero unless they crowd near the top.
            let low = if min >= 0.0 && min < (max - min) * 2.0 { 0.0 } else { min };
            linear_ticks(low, if max == low { low + 1.0 } else { max })
        }
    };
    let (axis_min, axis_max) = (ticks.first().copied().unwrap_or(min).min(min), ticks.last().copied().unwrap_or(max).max(max));
    let project_value = |v: f64| -> f64 {
        let t = match scale {
            Scale::Log => (v.log10() - axis_min.log10()) / (axis_max.log10() - axis_min.log10()).max(f64::EPSILON),
            Scale::Linear => (v - axis_min) / (axis_max - axis_min).max(f64::EPSILON),
        };
        TOP + (1.0 - t) * (HEIGHT - TOP - BOTTOM)
    };
    let n = chart.years.len();
    let project_year = |i: usize| -> f64 {
        if n <= 1 { LEFT + (WIDTH - LEFT - RIGHT) / 2.0 } else { LEFT + i as f64 * (WIDTH - LEFT - RIGHT) / (n - 1) as f64 }
    };
    let id = escape(&chart.id);
    let mut svg = String::with_capacity(2048 + chart.series.len() * n * 16);
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(&chart.title),
        escape(&chart.description)
    );
    // Grid and value axis.
    svg.push_str("<g class=\"axis\">");
    for tick in &ticks {
        let y = project_value(*tick);
        let _ = write!(svg, "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"", WIDTH - RIGHT);
        push_coordinate(&mut svg, y);
        svg.push_str("\" y2=\"");
        push_coordinate(&mut svg, y);
        let _ = write!(svg, "\"/><text x=\"{}\" y=\"", LEFT - 4.0);
        push_coordinate(&mut svg, y + 3.5);
        let _ = write!(svg, "\" text-anchor=\"end\">{}</text>", escape(&format(*tick)));
    }
    // Year labels: the first, the last and a few between.
    let every = (n / 5).max(1);
    for (i, year) in chart.years.iter().enumerate() {
        if i % every == 0 || i + 1 == n {
            if i + 1 != n && n - 1 - i < every / 2 + 1 && i != 0 {
                continue;
            }
            svg.push_str("<text x=\"");
            push_coordinate(&mut svg, project_year(i));
            let _ = write!(svg, "\" y=\"{}\" text-anchor=\"middle\">{year}</text>", HEIGHT - 6.0);
        }
    }
    svg.push_str("</g>");
    // Municipalities first, so the region's and the country's lines lie on top.
    let mut order: Vec<&Series> = chart.series.iter().collect();
    order.sort_by_key(|s| match s.style {
        SeriesStyle::Thin => 0,
        SeriesStyle::Dashed => 1,
        SeriesStyle::Bold => 2,
    });
    for series in order {
        let class = match series.style {
            SeriesStyle::Thin => "s-thin",
            SeriesStyle::Bold => "s-bold",
            SeriesStyle::Dashed => "s-dashed",
        };
        let mut path = String::new();
        let mut dots = String::new();
        let mut pen_down = false;
        for (i, value) in series.values.iter().enumerate().take(n) {
            match value {
                Some(v) => {
                    let (x, y) = (project_year(i), project_value(*v));
                    path.push(if pen_down { 'L' } else { 'M' });
                    push_coordinate(&mut path, x);
                    path.push(',');
                    push_coordinate(&mut path, y);
                    // A figure with no neighbour would be invisible as a line.
                    let alone = !pen_down && series.values.get(i + 1).is_none_or(|next| next.is_none());
                    if alone {
                        dots.push_str("<circle cx=\"");
                        push_coordinate(&mut dots, x);
                        dots.push_str("\" cy=\"");
                        push_coordinate(&mut dots, y);
                        dots.push_str("\" r=\"2.5\"/>");
                    }
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        let _ = write!(svg, "<g class=\"{class}\"><title>{}</title>", escape(&series.name));
        if !path.is_empty() {
            let _ = write!(svg, "<path d=\"{path}\"/>");
        }
        svg.push_str(&dots);
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: Vec<Option<f64>>) -> LineChart {
        LineChart {
            id: "c1".into(),
            title: "Väestö <31.12.>".into(),
            description: "Lahti & maakunta".into(),
            years: (2000..2000 + values.len() as i32).collect(),
            series: vec![Series { name: "Lahti".into(), style: SeriesStyle::Bold, values }],
        }
    }

    #[test]
    fn a_chart_is_an_image_with_title_and_description() {
        let svg = line_chart(&chart(vec![Some(1.0), Some(2.0)]), &|v| format!("{v}"));
        assert!(svg.starts_with("<svg class=\"chart\""));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c1-title c1-desc\""));
        assert!(svg.contains("<title id=\"c1-title\">Väestö &lt;31.12.&gt;</title>"));
        assert!(svg.contains("<desc id=\"c1-desc\">Lahti &amp; maakunta</desc>"));
    }

    #[test]
    fn a_missing_figure_breaks_the_line_instead_of_falling_to_zero() {
        let svg = line_chart(&chart(vec![Some(10.0), Some(12.0), None, Some(11.0), Some(13.0)]), &|v| format!("{v}"));
        let path = svg.split("<path d=\"").nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(path.matches('M').count(), 2, "two pieces: {path}");
        assert_eq!(path.matches('L').count(), 2);
        // A lone figure is a dot.
        let svg = line_chart(&chart(vec![None, Some(5.0), None]), &|v| format!("{v}"));
        assert!(svg.contains("<circle"));
    }

    #[test]
    fn coordinates_are_written_with_one_decimal() {
        let mut out = String::new();
        for v in [0.0, 12.34, 12.36, -3.06, 199.99, -0.04] {
            push_coordinate(&mut out, v);
            out.push(' ');
        }
        assert_eq!(out, "0.0 12.3 12.4 -3.1 200.0 0.0 ");
    }

    #[test]
    fn counts_across_orders_of_magnitude_take_a_log_scale() {
        assert_eq!(scale_for([4_000.0, 5_500_000.0].into_iter()), Scale::Log);
        assert_eq!(scale_for([900.0, 1_200.0].into_iter()), Scale::Linear);
        assert_eq!(scale_for([0.0, 1_200.0].into_iter()), Scale::Linear);
        assert_eq!(log_ticks(4_000.0, 5_500_000.0), [1e3, 1e4, 1e5, 1e6, 1e7]);
        assert_eq!(linear_ticks(0.0, 1_180.0), [0.0, 500.0, 1000.0, 1500.0]);
    }
}
