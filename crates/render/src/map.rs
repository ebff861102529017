//! A choropleth map of municipalities as SVG, drawn on the server from their borders.
//!
//! Borders come in WGS-84 longitude and latitude. A region of Finland spans a few degrees,
//! so an equirectangular projection with the longitude scaled by the cosine of the middle
//! latitude keeps shapes true to within a percent or two there, needs no projection
//! library, and is what people expect of a small map (docs/decisions.md).
//!
//! Colours are the five steps of viridis, ordered from light to dark: they differ in
//! lightness for every kind of colour vision and print as greys in order. A municipality
//! without a figure is hatched, not coloured, and the legend names it "ei tietoa".

use std::fmt::Write;

/// Colours of the classes, lowest first (viridis, reversed so that more is darker).
pub const PALETTE: [&str; 5] = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];

/// A ring of (longitude, latitude) points.
pub type Ring = Vec<(f64, f64)>;

/// One area of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    pub code: String,
    /// Each polygon's rings, the outer first (holes after it).
    pub polygons: Vec<Vec<Ring>>,
    /// The class of its figure (index into the breaks), None when the figure is missing.
    pub class: Option<usize>,
    /// The tooltip: "Lahti: 120 027".
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    pub id: String,
    pub title: String,
    pub description: String,
    pub areas: Vec<MapArea>,
}

/// Class breaks of the figures: the upper bounds of up to five classes of about equal
/// count (quantiles), so ten municipalities are spread over the colours whatever the
/// skew; fewer classes when there are fewer distinct figures.
pub fn class_breaks(values: &[f64]) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    if sorted.is_empty() {
        return Vec::new();
    }
    let classes = sorted.len().min(PALETTE.len());
    let mut breaks: Vec<f64> = (1..=classes).map(|k| sorted[(k * sorted.len()).div_ceil(classes) - 1]).collect();
    breaks.dedup();
    breaks
}

/// The class of `value` under `breaks` (the first upper bound it does not exceed).
pub fn class_of(value: f64, breaks: &[f64]) -> Option<usize> {
    if breaks.is_empty() {
        return None;
    }
    Some(breaks.iter().position(|b| value <= *b).unwrap_or(breaks.len() - 1))
}

/// The colour of class `class` when there are `classes` of them: spread over the palette
/// so that two classes are light and dark, not the two lightest.
pub fn colour(class: usize, classes: usize) -> &'static str {
    if classes <= 1 {
        return PALETTE[PALETTE.len() / 2];
    }
    let at = class * (PALETTE.len() - 1) / (classes - 1);
    PALETTE[at.min(PALETTE.len() - 1)]
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const WIDTH: f64 = 360.0;
const MARGIN: f64 = 6.0;

/// The map as an `<svg>` element; `classes` is the number of classes (the breaks' count).
pub fn choropleth(map: &Map, classes: usize) -> String {
    let points = || map.areas.iter().flat_map(|a| a.polygons.iter().flatten().flatten());
    let (mut west, mut east, mut south, mut north) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for (lon, lat) in points() {
        west = west.min(*lon);
        east = east.max(*lon);
        south = south.min(*lat);
        north = north.max(*lat);
    }
    if !west.is_finite() {
        (west, east, south, north) = (0.0, 1.0, 0.0, 1.0);
    }
    let k = ((south + north) / 2.0).to_radians().cos();
    let span_x = ((east - west) * k).max(f64::EPSILON);
    let span_y = (north - south).max(f64::EPSILON);
    let scale = (WIDTH - 2.0 * MARGIN) / span_x;
    let height = (span_y * scale + 2.0 * MARGIN).ceil();
    let project = |(lon, lat): (f64, f64)| (MARGIN + (lon - west) * k * scale, MARGIN + (north - lat) * scale);
    let id = escape(&map.id);
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        "<svg class=\"map\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>\
         <defs><pattern id=\"{id}-missing\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#767676\" stroke-width=\"2\"/>\
         </pattern></defs>",
        escape(&map.title),
        escape(&map.description)
    );
    for area in &map.areas {
        let fill = match area.class {
            Some(class) => colour(class, classes).to_owned(),
            None => format!("url(#{id}-missing)"),
        };
        let mut d = String::new();
        for polygon in &area.polygons {
            for ring in polygon {
                for (i, point) in ring.iter().enumerate() {
                    let (x, y) = project(*point);
                    let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" });
                }
                d.push('Z');
            }
        }
        let _ = write!(
            svg,
            "<path class=\"area\" data-code=\"{}\" fill=\"{fill}\" fill-rule=\"evenodd\" d=\"{d}\"><title>{}</title></path>",
            escape(&area.code),
            escape(&area.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_breaks_spread_the_figures_over_the_colours() {
        let values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(class_breaks(&values), [2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(class_of(1.0, &class_breaks(&values)), Some(0));
        assert_eq!(class_of(7.0, &class_breaks(&values)), Some(3));
        assert_eq!(class_breaks(&[5.0, 5.0, 9.0]), [5.0, 9.0]);
        assert_eq!(class_breaks(&[]), Vec::<f64>::new());
        assert_eq!(class_of(3.0, &[]), None);
        // Two classes take the ends of the palette.
        assert_eq!((colour(0, 2), colour(1, 2)), (PALETTE[0], PALETTE[4]));
    }

    #[test]
    fn a_missing_figure_is_hatched_and_every_area_has_its_title() {
        let square = vec![vec![(25.0, 61.0), (25.5, 61.0), (25.5, 61.5), (25.0, 61.5), (25.0, 61.0)]];
        let map = Map {
            id: "m".into(),
            title: "Väestö 2022".into(),
            description: "Kunnat".into(),
            areas: vec![
                MapArea { code: "398".into(), polygons: vec![square.clone()], class: Some(1), label: "Lahti: 120 027".into() },
                MapArea { code: "016".into(), polygons: vec![square], class: None, label: "Asikkala: ei tietoa".into() },
            ],
        };
        let svg = choropleth(&map, 2);
        assert!(svg.contains("role=\"img\" aria-labelledby=\"m-title m-desc\""));
        assert!(svg.contains(&format!("data-code=\"398\" fill=\"{}\"", PALETTE[4])));
        assert!(svg.contains("data-code=\"016\" fill=\"url(#m-missing)\""));
        assert!(svg.contains("<title>Asikkala: ei tietoa</title>"));
        // Longitude is shortened by cos(61.25°): the square is about twice as tall as wide.
        let height: f64 = svg.split("viewBox=\"0 0 360 ").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!((700.0..=760.0).contains(&height), "{height}");
    }
}
