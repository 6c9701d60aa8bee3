//! Bar charts drawn as SVG at build time: no JavaScript, colours from the page's CSS (so they
//! follow dark mode), a title and a description for assistive technology, and the numbers
//! beside them as a table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::markdown::escape_html;

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub title: String,
    pub desc: String,
    /// The drawing, ready to place in the page.
    pub svg: String,
    pub label_header: String,
    pub value_header: String,
    pub rows: Vec<(String, usize)>,
}

const WIDTH: usize = 640;
const HEIGHT: usize = 180;
const BASELINE: usize = 150;
const TOP: usize = 20;

/// One bar per year from the first to the last (years without incidents get an empty slot).
pub fn bars(title: &str, desc: &str, label_header: &str, value_header: &str, counts: &BTreeMap<i32, usize>) -> Chart {
    let (first, last) = match (counts.keys().next(), counts.keys().next_back()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => (0, -1),
    };
    let years: Vec<i32> = (first..=last).collect();
    let max = counts.values().copied().max().unwrap_or(1).max(1);
    let slot = WIDTH as f64 / years.len().max(1) as f64;
    let bar = (slot * 0.7).max(2.0);
    let id = format!("chart-{}", crate::content::model::slugify(title));
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" preserveAspectRatio=\"xMidYMid meet\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape_html(title),
        escape_html(desc)
    );
    let label_every = (years.len() / 12).max(1);
    for (i, year) in years.iter().enumerate() {
        let n = counts.get(year).copied().unwrap_or(0);
        let h = (BASELINE - TOP) as f64 * n as f64 / max as f64;
        let x = i as f64 * slot + (slot - bar) / 2.0;
        let y = BASELINE as f64 - h;
        if n > 0 {
            let _ = write!(
                svg,
                "<rect class=\"chart-bar\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"><title>{year}: {n}</title></rect><text class=\"chart-value\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>",
                x + bar / 2.0,
                y - 4.0
            );
        }
        if i % label_every == 0 || i + 1 == years.len() {
            let _ = write!(
                svg,
                "<text class=\"chart-label\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{year}</text>",
                x + bar / 2.0,
                BASELINE + 18
            );
        }
    }
    let _ = write!(
        svg,
        "<line class=\"chart-axis\" x1=\"0\" y1=\"{BASELINE}\" x2=\"{WIDTH}\" y2=\"{BASELINE}\"/></svg>"
    );
    Chart {
        title: title.to_string(),
        desc: desc.to_string(),
        svg,
        label_header: label_header.to_string(),
        value_header: value_header.to_string(),
        rows: counts.iter().rev().map(|(y, n)| (y.to_string(), *n)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_have_title_description_and_a_slot_per_year() {
        let counts: BTreeMap<i32, usize> = [(2015, 1), (2018, 3)].into_iter().collect();
        let c = bars("Incidents <per> year", "Desc", "Year", "Incidents", &counts);
        assert!(c.svg.starts_with("<svg class=\"chart\""));
        assert!(c
            .svg
            .contains("<title id=\"chart-incidents-per-year-t\">Incidents &lt;per&gt; year</title>"));
        assert_eq!(c.svg.matches("<rect").count(), 2);
        assert_eq!(c.svg.matches("class=\"chart-label\"").count(), 4, "2015 to 2018");
        assert_eq!(c.rows, vec![("2018".to_string(), 3), ("2015".to_string(), 1)]);
    }
}
