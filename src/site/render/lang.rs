//! The interface's words, one file per language (`lang/en.yaml`, `lang/fr.yaml`): labels for
//! the templates, and the words and signs used to write dates, numbers and counts.

use std::collections::BTreeMap;

use chrono::Datelike;

use crate::content::config::Language;
use crate::content::model::PartialDate;
use crate::content::yaml::{self, Node};
use crate::error::Error;

pub struct Words {
    pub language: Language,
    /// Labels for templates, given to them as `t`.
    pub ui: BTreeMap<String, String>,
    months: Vec<String>,
    format: BTreeMap<String, String>,
}

fn source(language: Language) -> &'static str {
    match language {
        Language::En => include_str!("lang/en.yaml"),
        Language::Fr => include_str!("lang/fr.yaml"),
    }
}

fn strings(node: Option<&Node>, what: &str) -> Result<BTreeMap<String, String>, Error> {
    match node {
        Some(Node::Map(entries)) => Ok(entries
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.scalar_text()?)))
            .collect()),
        _ => Err(Error::internal(
            "the language file is broken",
            format!("it has no `{what}` section"),
        )),
    }
}

impl Words {
    pub fn new(language: Language) -> Result<Words, Error> {
        let root = yaml::parse(source(language), 0)
            .map_err(|e| Error::internal(format!("the {} language file is broken", language.code()), e.message))?;
        let Node::Map(entries) = &root else {
            return Err(Error::internal(
                "the language file is broken",
                "it must be a set of keys",
            ));
        };
        let get = |k: &str| entries.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        let months = match get("months") {
            Some(Node::List(items)) if items.len() == 12 => items.iter().filter_map(Node::scalar_text).collect(),
            _ => {
                return Err(Error::internal(
                    "the language file is broken",
                    "it needs the 12 month names",
                ))
            }
        };
        Ok(Words {
            language,
            ui: strings(get("ui"), "ui")?,
            months,
            format: strings(get("format"), "format")?,
        })
    }

    /// A label; the key itself when missing, so a gap shows rather than breaks the page.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.ui.get(key).map(String::as_str).unwrap_or(key)
    }

    fn f(&self, key: &str) -> &str {
        self.format.get(key).map(String::as_str).unwrap_or("")
    }

    pub fn month(&self, m: u32) -> &str {
        self.months
            .get(m.wrapping_sub(1) as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }

    /// "15 November 2024" / "15 novembre 2024", "1er mars 2023"; months and years alone too.
    pub fn date(&self, d: PartialDate) -> String {
        match d {
            PartialDate::Year(y) => y.to_string(),
            PartialDate::Month(y, m) => format!("{} {y}", self.month(m)),
            PartialDate::Day(d) => {
                let day = if self.language == Language::Fr && d.day() == 1 {
                    "1er".to_string()
                } else {
                    d.day().to_string()
                };
                format!("{day} {} {}", self.month(d.month()), d.year())
            }
        }
    }

    /// "September 2013 to September 2015" / "de septembre 2013 à septembre 2015", "du 1er mai
    /// 2022 au 31 octobre 2022": French says "du … au" of days, "de … à" of months and years,
    /// and elides "de" before a vowel ("d’avril 2021").
    pub fn range(&self, from: PartialDate, to: PartialDate, from_text: &str, to_text: &str) -> String {
        self.range_pattern(from, to, from_text)
            .replace("{from}", from_text)
            .replace("{to}", to_text)
    }

    /// The words around a range, `{from}` and `{to}` standing for its ends (`from_text` is
    /// how the start is written, for the elision).
    pub fn range_pattern(&self, from: PartialDate, to: PartialDate, from_text: &str) -> String {
        let day = |d: PartialDate| matches!(d, PartialDate::Day(_));
        let start = self.f(if day(from) { "range_from_day" } else { "range_from" });
        let start = match start.strip_suffix("de {from}") {
            Some(head) if from_text.starts_with(['a', 'e', 'i', 'o', 'u', 'é', 'A', 'E', 'I', 'O', 'U']) => {
                format!("{head}d’{{from}}")
            }
            _ => start.to_string(),
        };
        let end = self.f(if day(to) { "range_to_day" } else { "range_to" });
        format!("{start} {end}")
    }

    /// The thousands separator: "," / a narrow no-break space.
    pub fn thousands(&self) -> &str {
        self.f("thousands")
    }

    /// 1234567 → "1,234,567" / "1 234 567".
    pub fn grouped(&self, n: u64) -> String {
        group(n, self.thousands())
    }

    fn tenths(&self, t: u64) -> String {
        if t % 10 == 0 {
            self.grouped(t / 10)
        } else {
            format!("{}{}{}", self.grouped(t / 10), self.f("decimal"), t % 10)
        }
    }

    /// A count as a reader says it: "37 million" / "37 millions", "76.6 million", "836".
    pub fn count(&self, n: u64) -> String {
        let big = |unit: u64, one: &str, many: &str| {
            let t = n / (unit / 10);
            let word = if t < 20 { self.f(one) } else { self.f(many) };
            format!("{} {word}", self.tenths(t))
        };
        if n >= 1_000_000_000 && n % 100_000_000 == 0 {
            return big(1_000_000_000, "billion", "billions");
        }
        if n >= 1_000_000 && n % 100_000 == 0 {
            return big(1_000_000, "million", "millions");
        }
        self.grouped(n)
    }

    /// "about 76 million" / "environ 76 millions".
    pub fn about(&self, text: &str) -> String {
        self.f("about").replace("{n}", text)
    }

    /// "1st", "2nd", "10th" / "1er", "2e", "10e".
    pub fn ordinal(&self, n: usize) -> String {
        let key = match (self.language, n % 10, n % 100) {
            (Language::Fr, _, _) if n == 1 => "ordinal_1",
            (Language::Fr, _, _) => "ordinal_n",
            (_, _, 11..=13) => "ordinal_n",
            (_, 1, _) => "ordinal_1",
            (_, 2, _) => "ordinal_2",
            (_, 3, _) => "ordinal_3",
            _ => "ordinal_n",
        };
        format!("{n}{}", self.f(key))
    }

    /// The noun for `n` things: the singular for 1 (and for 0 in French).
    pub fn noun<'a>(&'a self, n: usize, one: &'a str, many: &'a str) -> &'a str {
        let singular = match self.language {
            Language::Fr => n <= 1,
            Language::En => n == 1,
        };
        self.t(if singular { one } else { many })
    }

    /// "3 incidents", "1 incident"; French takes the singular for 0 and 1.
    pub fn counted(&self, n: usize, one: &str, many: &str) -> String {
        format!("{} {}", self.grouped(n as u64), self.noun(n, one, many))
    }
}

/// `n` with `sep` between groups of three digits.
pub fn group(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let en = Words::new(Language::En).unwrap();
        let fr = Words::new(Language::Fr).unwrap();
        assert_eq!(en.ui.keys().collect::<Vec<_>>(), fr.ui.keys().collect::<Vec<_>>());
        assert_eq!(
            en.format.keys().collect::<Vec<_>>(),
            fr.format.keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn dates_and_numbers_in_each_language() {
        let en = Words::new(Language::En).unwrap();
        let fr = Words::new(Language::Fr).unwrap();
        let d = PartialDate::parse("2024-11-15").unwrap();
        assert_eq!(en.date(d), "15 November 2024");
        assert_eq!(fr.date(d), "15 novembre 2024");
        assert_eq!(fr.date(PartialDate::parse("2023-03-01").unwrap()), "1er mars 2023");
        assert_eq!(en.count(37_000_000), "37 million");
        assert_eq!(fr.count(37_000_000), "37 millions");
        assert_eq!(fr.count(1_500_000), "1,5 million");
        assert_eq!(en.count(76_600_000), "76.6 million");
        assert_eq!(en.count(1_234_567), "1,234,567");
        assert_eq!(fr.count(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(en.count(2_000_000_000), "2 billion");
        assert_eq!(fr.count(2_000_000_000), "2 milliards");
        assert_eq!(en.about(&en.count(15_000_000)), "about 15 million");
        assert_eq!(fr.about(&fr.count(15_000_000)), "environ 15 millions");
        let ords: Vec<String> = [1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 23, 101, 111]
            .iter()
            .map(|&n| en.ordinal(n))
            .collect();
        assert_eq!(
            ords,
            ["1st", "2nd", "3rd", "4th", "10th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"]
        );
        assert_eq!(fr.ordinal(1), "1er");
        assert_eq!(fr.ordinal(10), "10e");
        assert_eq!(en.counted(1, "incident", "incidents"), "1 incident");
        assert_eq!(en.counted(0, "incident", "incidents"), "0 incidents");
        assert_eq!(fr.counted(0, "incident", "incidents"), "0 incident");
        let range = |w: &Words, from: &str, to: &str| {
            let (from, to) = (PartialDate::parse(from).unwrap(), PartialDate::parse(to).unwrap());
            w.range(from, to, &w.date(from), &w.date(to))
        };
        assert_eq!(range(&en, "2013-09", "2015-09"), "September 2013 to September 2015");
        assert_eq!(range(&fr, "2013-09", "2015-09"), "de septembre 2013 à septembre 2015");
        assert_eq!(
            range(&fr, "2022-05-01", "2022-10-31"),
            "du 1er mai 2022 au 31 octobre 2022"
        );
        assert_eq!(range(&fr, "2021-04", "2021-08"), "d’avril 2021 à août 2021");
        assert_eq!(range(&fr, "2021", "2022-08-01"), "de 2021 au 1er août 2022");
        assert_eq!(range(&en, "2022-05-01", "2022-10-31"), "1 May 2022 to 31 October 2022");
    }
}
