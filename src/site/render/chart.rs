//! Bar charts drawn as SVG at build time: no JavaScript, colours from the page's CSS (so they
//! follow dark mode), a title and a description for assistive technology, and the numbers
//! beside them as a table.
//!
//! The drawing has no `viewBox`: its horizontal positions are percentages of its width and its
//! heights are pixels, so the text keeps its size (12 px) on a phone and on a wide screen
//! instead of shrinking and growing with the drawing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::lang::Words;
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
    /// What each colour stands for, when bars are split (by status): (label, CSS class).
    pub legend: Vec<(String, String)>,
}

/// What a chart's words are: its title, description, the table's headers, and the nouns for
/// a bar's tooltip ("3 incidents").
pub struct Labels<'a> {
    pub title: &'a str,
    pub desc: &'a str,
    pub label_header: &'a str,
    pub value_header: &'a str,
    pub one: &'a str,
    pub many: &'a str,
}

/// One part of a split bar: its label for the legend and tooltip, and its CSS class.
pub struct Part {
    pub label: String,
    pub class: String,
}

/// Height of the drawing, and where the bars stand, in pixels.
const HEIGHT: usize = 200;
const TOP: f64 = 16.0;
const BASELINE: f64 = 172.0;
/// The axis's numbers stand left of the bars, in this share of the width.
const GUTTER: f64 = 6.0;
/// At least this many slots: a single year is one slim bar in the middle, not a wall.
const MIN_SLOTS: usize = 8;
/// Above this many years, the counts over the bars would collide; the tooltips and the
/// table still give them.
const VALUES_UP_TO: usize = 12;

/// One bar per year from the first to the last (years without incidents get an empty slot),
/// each a link to `link(year)`.
pub fn bars(words: &Words, labels: &Labels, counts: &BTreeMap<i32, usize>, link: &dyn Fn(i32) -> String) -> Chart {
    let split: BTreeMap<i32, Vec<usize>> = counts.iter().map(|(&y, &n)| (y, vec![n])).collect();
    let part = Part {
        label: String::new(),
        class: String::new(),
    };
    let mut chart = stacked(words, labels, &split, std::slice::from_ref(&part), link);
    chart.legend.clear();
    chart
}

/// The gridlines' step: 1, 2 or 5 times a power of ten, making 2 to 4 steps up to `max`, so
/// the axis has 3 to 5 lines with the baseline.
pub fn step(max: usize) -> usize {
    let max = max.max(2);
    let mut unit = 1;
    loop {
        for m in [1, 2, 5] {
            let s = unit * m;
            if max.div_ceil(s) <= 4 {
                return s;
            }
        }
        unit *= 10;
    }
}

/// Which years get a label under their slot, of those from `first` to `last`: all of up to
/// 10; of up to 20, every other counted back from the last, so the latest year is always
/// named (and the first too when the count allows); beyond, every fifth, and the last when
/// it stands two slots or more from the fifth before it.
fn labelled(year: i32, first: i32, last: i32) -> bool {
    match last - first + 1 {
        0..=10 => true,
        11..=20 => (last - year) % 2 == 0,
        _ => year % 5 == 0 || (year == last && last % 5 >= 2),
    }
}

/// Bars split into `parts` (the counts per year list one number per part, in order).
pub fn stacked(
    words: &Words,
    labels: &Labels,
    counts: &BTreeMap<i32, Vec<usize>>,
    parts: &[Part],
    link: &dyn Fn(i32) -> String,
) -> Chart {
    let (first, last) = match (counts.keys().next(), counts.keys().next_back()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => (0, -1),
    };
    let years: Vec<i32> = (first..=last).collect();
    let total = |y: &i32| counts.get(y).map_or(0, |v| v.iter().sum::<usize>());
    let max = years.iter().map(total).max().unwrap_or(0);
    let step = step(max);
    let top = max.max(2).div_ceil(step) * step;
    let scale = (BASELINE - TOP) / top as f64;
    let slots = years.len().max(MIN_SLOTS);
    let slot = (100.0 - GUTTER) / slots as f64;
    let offset = (slots - years.len()) as f64 / 2.0;
    let id = format!("chart-{}", crate::content::model::slugify(labels.title));
    let mut svg = format!(
        "<svg class=\"chart\" width=\"100%\" height=\"{HEIGHT}\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape_html(labels.title),
        escape_html(labels.desc)
    );
    for k in 0..=top / step {
        let y = BASELINE - (k * step) as f64 * scale;
        let _ = write!(
            svg,
            "<line class=\"chart-grid\" x1=\"0\" x2=\"100%\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>"
        );
    }
    for (i, year) in years.iter().enumerate() {
        let n = total(year);
        let x = GUTTER + (offset + i as f64) * slot;
        let centre = x + slot / 2.0;
        if n > 0 {
            let values = counts.get(year).map(Vec::as_slice).unwrap_or(&[]);
            let mut tip = format!(
                "{year}{}{}",
                words.t("colon"),
                words.counted(n, labels.one, labels.many)
            );
            let shares: Vec<String> = parts
                .iter()
                .zip(values)
                .filter(|(p, &v)| v > 0 && !p.label.is_empty())
                .map(|(p, &v)| format!("{} {}", words.grouped(v as u64), p.label))
                .collect();
            if parts.len() > 1 && !shares.is_empty() {
                tip = format!("{tip} ({})", shares.join(", "));
            }
            let _ = write!(
                svg,
                "<a href=\"{}\"><title>{}</title><rect class=\"chart-hit\" x=\"{x:.2}%\" y=\"{TOP}\" width=\"{slot:.2}%\" height=\"{:.1}\"/>",
                escape_html(&link(*year)),
                escape_html(&tip),
                BASELINE - TOP
            );
            let mut y = BASELINE;
            for (part, &v) in parts.iter().zip(values) {
                if v == 0 {
                    continue;
                }
                let h = v as f64 * scale;
                y -= h;
                let class = match part.class.as_str() {
                    "" => "chart-bar".to_string(),
                    c => format!("chart-bar {c}"),
                };
                let _ = write!(
                    svg,
                    "<rect class=\"{class}\" x=\"{:.2}%\" y=\"{y:.1}\" width=\"{:.2}%\" height=\"{h:.1}\"/>",
                    x + slot * 0.2,
                    slot * 0.6
                );
            }
            if years.len() <= VALUES_UP_TO {
                let _ = write!(
                    svg,
                    "<text class=\"chart-value\" x=\"{centre:.2}%\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                    y - 4.0,
                    words.grouped(n as u64)
                );
            }
            svg.push_str("</a>");
        }
        if labelled(*year, first, last) {
            let _ = write!(
                svg,
                "<text class=\"chart-label\" x=\"{centre:.2}%\" y=\"{}\" text-anchor=\"middle\">{year}</text>",
                BASELINE + 18.0
            );
        }
    }
    // The axis's numbers, in the gutter.
    for k in 1..=top / step {
        let y = BASELINE - (k * step) as f64 * scale;
        let _ = write!(
            svg,
            "<text class=\"chart-tick\" x=\"0\" y=\"{:.1}\">{}</text>",
            y - 3.0,
            words.grouped((k * step) as u64)
        );
    }
    let _ = write!(
        svg,
        "<line class=\"chart-axis\" x1=\"0\" y1=\"{BASELINE}\" x2=\"100%\" y2=\"{BASELINE}\"/></svg>"
    );
    let used: Vec<bool> = (0..parts.len())
        .map(|p| counts.values().any(|v| v.get(p).is_some_and(|&n| n > 0)))
        .collect();
    Chart {
        title: labels.title.to_string(),
        desc: labels.desc.to_string(),
        svg,
        label_header: labels.label_header.to_string(),
        value_header: labels.value_header.to_string(),
        rows: years
            .iter()
            .rev()
            .filter(|y| counts.contains_key(y))
            .map(|y| (y.to_string(), total(y)))
            .collect(),
        legend: parts
            .iter()
            .zip(used)
            .filter(|(_, used)| *used)
            .map(|(p, _)| (p.label.clone(), p.class.clone()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::config::Language;

    fn labels() -> Labels<'static> {
        Labels {
            title: "Incidents <per> year",
            desc: "Desc",
            label_header: "Year",
            value_header: "Incidents",
            one: "incident",
            many: "incidents",
        }
    }

    fn link(y: i32) -> String {
        format!("/incidents/{y}/")
    }

    #[test]
    fn bars_link_their_year_with_a_tooltip_and_a_slot_per_year() {
        let w = Words::new(Language::En).unwrap();
        let counts: BTreeMap<i32, usize> = [(2015, 1), (2018, 3)].into_iter().collect();
        let c = bars(&w, &labels(), &counts, &link);
        assert!(c.svg.starts_with("<svg class=\"chart\" width=\"100%\" height=\"200\""));
        assert!(!c.svg.contains("viewBox"), "text keeps its size at any width");
        assert!(c
            .svg
            .contains("<title id=\"chart-incidents-per-year-t\">Incidents &lt;per&gt; year</title>"));
        assert!(c
            .svg
            .contains("<a href=\"/incidents/2018/\"><title>2018: 3 incidents</title>"));
        assert!(c.svg.contains("<title>2015: 1 incident</title>"));
        assert_eq!(c.svg.matches("class=\"chart-bar\"").count(), 2);
        assert_eq!(c.svg.matches("class=\"chart-label\"").count(), 4, "2015 to 2018");
        assert_eq!(c.rows, vec![("2018".to_string(), 3), ("2015".to_string(), 1)]);
        // Gridlines at 0, 1, 2, 3 with their numbers.
        assert_eq!(c.svg.matches("class=\"chart-grid\"").count(), 4);
        assert!(c.svg.contains(">3</text><line class=\"chart-axis\""));
    }

    #[test]
    fn one_year_is_a_slim_bar_in_the_middle() {
        let w = Words::new(Language::En).unwrap();
        let counts: BTreeMap<i32, usize> = [(2020, 5)].into_iter().collect();
        let c = bars(&w, &labels(), &counts, &link);
        // Eight slots of 11.75% right of the axis's 6%: the bar is 7.05% wide, in the middle.
        assert!(
            c.svg
                .contains("<rect class=\"chart-bar\" x=\"49.48%\" y=\"42.0\" width=\"7.05%\" height=\"130.0\"/>"),
            "{}",
            c.svg
        );
    }

    /// The years named under the bars, in order.
    fn year_labels(svg: &str) -> Vec<&str> {
        svg.split("class=\"chart-label\"")
            .skip(1)
            .filter_map(|s| s.split('>').nth(1)?.split('<').next())
            .collect()
    }

    #[test]
    fn many_years_label_every_fifth_and_drop_the_counts() {
        let w = Words::new(Language::En).unwrap();
        let counts: BTreeMap<i32, usize> = (1990..=2024).map(|y| (y, 1200)).collect();
        let c = bars(&w, &labels(), &counts, &link);
        let shown = year_labels(&c.svg);
        assert_eq!(shown, ["1990", "1995", "2000", "2005", "2010", "2015", "2020", "2024"]);
        assert!(!c.svg.contains("chart-value"));
        assert!(c.svg.contains("<title>2003: 1,200 incidents</title>"));
        assert!(c.svg.contains(">1,000</text>"), "ticks grouped");
        let evens: BTreeMap<i32, usize> = (2005..=2020).map(|y| (y, 1)).collect();
        let c = bars(&w, &labels(), &evens, &link);
        assert_eq!(c.svg.matches("class=\"chart-label\"").count(), 8, "every other year");
        assert!(
            c.svg.contains(">2020</text>") && !c.svg.contains(">2019</text>"),
            "the latest is named"
        );
        // Eleven years, 2015 to 2025: both ends are named.
        let eleven: BTreeMap<i32, usize> = (2015..=2025).map(|y| (y, 1)).collect();
        let c = bars(&w, &labels(), &eleven, &link);
        let shown = year_labels(&c.svg);
        assert_eq!(shown, ["2015", "2017", "2019", "2021", "2023", "2025"]);
    }

    #[test]
    fn gridlines_are_three_to_five() {
        for max in 0..5000 {
            let s = step(max);
            let lines = max.max(2).div_ceil(s) + 1;
            assert!((3..=5).contains(&lines), "{max}: step {s} makes {lines} lines");
        }
        assert_eq!((step(1), step(10), step(11), step(900)), (1, 5, 5, 500));
    }

    #[test]
    fn split_bars_say_each_part() {
        let w = Words::new(Language::En).unwrap();
        let counts: BTreeMap<i32, Vec<usize>> = [(2021, vec![2, 0, 1])].into_iter().collect();
        let parts: Vec<Part> = ["confirmed", "alleged", "disputed"]
            .iter()
            .map(|s| Part {
                label: s.to_string(),
                class: format!("status-{s}"),
            })
            .collect();
        let c = stacked(&w, &labels(), &counts, &parts, &link);
        assert!(c
            .svg
            .contains("<title>2021: 3 incidents (2 confirmed, 1 disputed)</title>"));
        assert_eq!(c.svg.matches("class=\"chart-bar status-").count(), 2);
        assert_eq!(
            c.legend,
            vec![
                ("confirmed".to_string(), "status-confirmed".to_string()),
                ("disputed".to_string(), "status-disputed".to_string())
            ]
        );
    }
}
