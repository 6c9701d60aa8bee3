//! How dates, counts and ordinals are written for readers.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{month_name, PartialDate, Records, When};

/// A date for a page: the reader's text and the machine form for `<time datetime>`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateView {
    pub text: String,
    pub iso: String,
}

pub fn day(d: NaiveDate) -> DateView {
    partial(PartialDate::Day(d))
}

pub fn partial(d: PartialDate) -> DateView {
    let text = match d {
        PartialDate::Year(y) => y.to_string(),
        PartialDate::Month(y, m) => format!("{} {y}", month_name(m)),
        PartialDate::Day(d) => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
    };
    DateView { text, iso: d.iso() }
}

/// "September 2013 to September 2015", or a single date.
pub fn when(w: When) -> DateView {
    match w {
        When::At(d) => partial(d),
        When::Range { from, to } => DateView {
            text: format!("{} to {}", partial(from).text, partial(to).text),
            iso: format!("{}/{}", from.iso(), to.iso()),
        },
    }
}

/// 1234567 → "1,234,567".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count as a reader says it: "37 million", "76.6 million", "836", "1,234,567".
pub fn count(n: u64) -> String {
    if n >= 1_000_000_000 && n % 100_000_000 == 0 {
        return format!("{} billion", tenths(n / 100_000_000));
    }
    if n >= 1_000_000 && n % 100_000 == 0 {
        return format!("{} million", tenths(n / 100_000));
    }
    grouped(n)
}

fn tenths(t: u64) -> String {
    if t % 10 == 0 {
        grouped(t / 10)
    } else {
        format!("{}.{}", grouped(t / 10), t % 10)
    }
}

/// "about 76 million people", "836 customers".
pub fn records(r: &Records) -> String {
    let about = if r.approximate { "about " } else { "" };
    format!("{about}{} {}", count(r.count), r.unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_at_each_precision() {
        assert_eq!(partial(PartialDate::parse("2015").unwrap()).text, "2015");
        assert_eq!(partial(PartialDate::parse("2013-09").unwrap()).text, "September 2013");
        let d = partial(PartialDate::parse("2024-11-05").unwrap());
        assert_eq!((d.text.as_str(), d.iso.as_str()), ("5 November 2024", "2024-11-05"));
        let r = when(When::Range {
            from: PartialDate::parse("2013-09").unwrap(),
            to: PartialDate::parse("2015-09").unwrap(),
        });
        assert_eq!(
            (r.text.as_str(), r.iso.as_str()),
            ("September 2013 to September 2015", "2013-09/2015-09")
        );
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(count(37_000_000), "37 million");
        assert_eq!(count(76_600_000), "76.6 million");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(836), "836");
        assert_eq!(count(0), "0");
        assert_eq!(count(2_000_000_000), "2 billion");
        let r = Records {
            count: 15_000_000,
            unit: "applicants".into(),
            approximate: true,
        };
        assert_eq!(records(&r), "about 15 million applicants");
    }
}
