//! How dates and counts are written for readers, in the site's language.

use serde::Serialize;

use super::lang::Words;
use crate::model::{PartialDate, Records, When};

/// A date for a page: the reader's text and the machine form for `<time datetime>`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateView {
    pub text: String,
    pub iso: String,
}

pub fn partial(w: &Words, d: PartialDate) -> DateView {
    DateView {
        text: w.date(d),
        iso: d.iso(),
    }
}

pub fn day(w: &Words, d: chrono::NaiveDate) -> DateView {
    partial(w, PartialDate::Day(d))
}

/// "September 2013 to September 2015", or a single date.
pub fn when(w: &Words, when: When) -> DateView {
    match when {
        When::At(d) => partial(w, d),
        When::Range { from, to } => DateView {
            text: w.range(&w.date(from), &w.date(to)),
            iso: format!("{}/{}", from.iso(), to.iso()),
        },
    }
}

/// "about 76 million people", "836 customers".
pub fn records(w: &Words, r: &Records) -> String {
    let n = w.count(r.count);
    let n = if r.approximate { w.about(&n) } else { n };
    format!("{n} {}", r.unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    #[test]
    fn dates_ranges_and_records() {
        let w = Words::new(Language::En).unwrap();
        let r = when(
            &w,
            When::Range {
                from: PartialDate::parse("2013-09").unwrap(),
                to: PartialDate::parse("2015-09").unwrap(),
            },
        );
        assert_eq!(
            (r.text.as_str(), r.iso.as_str()),
            ("September 2013 to September 2015", "2013-09/2015-09")
        );
        let rec = Records {
            count: 15_000_000,
            unit: "applicants".into(),
            approximate: true,
        };
        assert_eq!(records(&w, &rec), "about 15 million applicants");
        let fr = Words::new(Language::Fr).unwrap();
        assert_eq!(records(&fr, &rec), "environ 15 millions applicants");
    }
}
