//! How dates and counts are written for readers, in the site's language.

use serde::Serialize;

use super::lang::Words;
use crate::content::model::{PartialDate, Records, When};
use crate::markdown::escape_html;

/// A date for a page: the reader's text, its machine form, and both as `<time>` markup.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateView {
    pub text: String,
    /// ISO 8601: `2013`, `2013-09` or `2013-09-14`; a range is the interval `2013-09/2015-09`,
    /// which `<time datetime>` does not accept, so pages write `html` for dates that may be ranges.
    pub iso: String,
    /// Escaped markup: one `<time>` element, or for a range two in the language's words
    /// ("September 2013 to September 2015"), each with a valid `datetime`.
    pub html: String,
}

pub fn partial(w: &Words, d: PartialDate) -> DateView {
    let text = w.date(d);
    let iso = d.iso();
    let html = time_element(&iso, &text);
    DateView { text, iso, html }
}

fn time_element(iso: &str, text: &str) -> String {
    format!("<time datetime=\"{}\">{}</time>", escape_html(iso), escape_html(text))
}

pub fn day(w: &Words, d: chrono::NaiveDate) -> DateView {
    partial(w, PartialDate::Day(d))
}

/// "September 2013 to September 2015", or a single date.
pub fn when(w: &Words, when: When) -> DateView {
    match when {
        When::Range { from, to } if from != to => {
            let (from_date, to_date) = (from, to);
            let (from, to) = (partial(w, from), partial(w, to));
            // The pattern's words are escaped before the (already escaped) elements go in.
            let html = escape_html(&w.range_pattern(from_date, to_date, &from.text))
                .replacen("{from}", &from.html, 1)
                .replacen("{to}", &to.html, 1);
            DateView {
                text: w.range(from_date, to_date, &from.text, &to.text),
                iso: format!("{}/{}", from.iso, to.iso),
                html,
            }
        }
        // One date, or a span that starts and ends on it ("March 2022", not "March 2022 to
        // March 2022").
        _ => partial(w, when.start()),
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
    use crate::content::config::Language;

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
        assert_eq!(
            r.html,
            "<time datetime=\"2013-09\">September 2013</time> to <time datetime=\"2015-09\">September 2015</time>"
        );
        let march = PartialDate::parse("2022-03").unwrap();
        let r = when(&w, When::Range { from: march, to: march });
        assert_eq!((r.text.as_str(), r.iso.as_str()), ("March 2022", "2022-03"));
        let fr = Words::new(Language::Fr).unwrap();
        let r = when(&fr, When::At(PartialDate::parse("2023-03-01").unwrap()));
        assert_eq!(r.html, "<time datetime=\"2023-03-01\">1er mars 2023</time>");
        let r = when(
            &fr,
            When::Range {
                from: PartialDate::parse("2022-11-25").unwrap(),
                to: PartialDate::parse("2023").unwrap(),
            },
        );
        assert_eq!(
            r.html,
            "du <time datetime=\"2022-11-25\">25 novembre 2022</time> à <time datetime=\"2023\">2023</time>"
        );
        let rec = Records {
            count: 15_000_000,
            unit: "applicants".into(),
            approximate: true,
        };
        assert_eq!(records(&w, &rec), "about 15 million applicants");
        assert_eq!(records(&fr, &rec), "environ 15 millions applicants");
    }
}
