//! The checked content model: incidents, company and actor profiles, partial dates, slugs.
//!
//! Pure data and the small rules that belong to it; no I/O. A value of these types has passed
//! validation, so the rest of the pipeline never re-checks it.

use std::fmt;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

/// A date known to the year, the month or the day: `2015`, `2013-09`, `2024-11-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

/// The earliest year a date may have.
pub const FIRST_YEAR: i32 = 1900;

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error says what is wrong in plain words.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let t = text.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let num = |s: &str, len: usize| -> Option<u32> {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        };
        let shape = || format!("`{t}` is not a date written the way tally reads dates");
        // A year before computers is a slip of the keyboard (`0224` for 2024), and a year page of
        // fewer than four digits would take an incident's address.
        if let Some(year) = parts.first().and_then(|y| num(y, 4)).filter(|&y| y < FIRST_YEAR as u32) {
            return Err(format!(
                "`{t}` is not a date of this tracker: the year {year:04} is before {FIRST_YEAR}"
            ));
        }
        match parts.as_slice() {
            [y] => {
                let year = num(y, 4).ok_or_else(shape)? as i32;
                Ok(PartialDate::Year(year))
            }
            [y, m] => {
                let year = num(y, 4).ok_or_else(shape)? as i32;
                let month = num(m, 2).ok_or_else(shape)?;
                if !(1..=12).contains(&month) {
                    return Err(format!("`{t}` is not a date: there is no month {month}"));
                }
                Ok(PartialDate::Month(year, month))
            }
            [y, m, d] => {
                let year = num(y, 4).ok_or_else(shape)? as i32;
                let month = num(m, 2).ok_or_else(shape)?;
                let day = num(d, 2).ok_or_else(shape)?;
                if !(1..=12).contains(&month) {
                    return Err(format!("`{t}` is not a date: there is no month {month}"));
                }
                NaiveDate::from_ymd_opt(year, month, day)
                    .map(PartialDate::Day)
                    .ok_or_else(|| format!("`{t}` is not a date: {} has no day {day}", month_name(month)))
            }
            _ => Err(shape()),
        }
    }

    /// A date written another common way, as tally writes it: `March 2024` → `2024-03`,
    /// `15 March 2024` and `March 15, 2024` → `2024-03-15`, `2024/3/5` → `2024-03-05`. Forms
    /// whose order is ambiguous (`05/03/2024`) give nothing.
    pub fn guess(text: &str) -> Option<String> {
        let t = text.trim();
        // Year first, with other separators or without leading zeros.
        let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
        if parts.len() > 1
            && parts[0].len() == 4
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            let mut out = parts[0].to_string();
            for p in &parts[1..] {
                out.push_str(&format!("-{:0>2}", p));
            }
            return (out != t && PartialDate::parse(&out).is_ok()).then_some(out);
        }
        // A month named in English, a four-digit year, perhaps a day.
        let (mut year, mut month, mut day) = (None, None, None);
        for word in t.split([' ', ',']).filter(|w| !w.is_empty()) {
            let lower = word.to_lowercase();
            let number = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
            if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
                year = year.or(word.parse::<i32>().ok());
            } else if !number.is_empty() && number.len() <= 2 && number.bytes().all(|b| b.is_ascii_digit()) {
                day = day.or(number.parse::<u32>().ok());
            } else if let Some(m) = (1..=12).find(|&m| {
                let name = month_name(m).to_lowercase();
                let w = lower.trim_end_matches('.');
                w.len() >= 3 && name.starts_with(w)
            }) {
                month = month.or(Some(m));
            } else {
                return None;
            }
        }
        let out = match (year?, month?, day) {
            (y, m, None) => format!("{y}-{m:02}"),
            (y, m, Some(d)) => format!("{y}-{m:02}-{d:02}"),
        };
        PartialDate::parse(&out).is_ok().then_some(out)
    }

    pub fn year(&self) -> i32 {
        match *self {
            PartialDate::Year(y) | PartialDate::Month(y, _) => y,
            PartialDate::Day(d) => d.year(),
        }
    }

    /// Sorts a partial date at the start of the period it names.
    pub fn sort_key(&self) -> (i32, u32, u32) {
        match *self {
            PartialDate::Year(y) => (y, 0, 0),
            PartialDate::Month(y, m) => (y, m, 0),
            PartialDate::Day(d) => (d.year(), d.month(), d.day()),
        }
    }

    /// The last day of the period: a partial date is "after" a day only if all of it is.
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            PartialDate::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
            PartialDate::Month(y, m) => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                NaiveDate::from_ymd_opt(ny, nm, 1)
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(NaiveDate::MAX)
            }
            PartialDate::Day(d) => d,
        }
    }

    /// The first day of the period.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            PartialDate::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN),
            PartialDate::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN),
            PartialDate::Day(d) => d,
        }
    }

    /// The machine form, as written in front matter and in `<time datetime>`.
    pub fn iso(&self) -> String {
        match *self {
            PartialDate::Year(y) => format!("{y:04}"),
            PartialDate::Month(y, m) => format!("{y:04}-{m:02}"),
            PartialDate::Day(d) => d.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES.get(month.wrapping_sub(1) as usize).copied().unwrap_or("?")
}

/// When an incident happened: a partial date, or a range of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    At(PartialDate),
    Range { from: PartialDate, to: PartialDate },
}

impl When {
    pub fn start(&self) -> PartialDate {
        match *self {
            When::At(d) | When::Range { from: d, .. } => d,
        }
    }
    pub fn end(&self) -> PartialDate {
        match *self {
            When::At(d) | When::Range { to: d, .. } => d,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Status {
    Confirmed,
    #[default]
    Reported,
    Alleged,
    Disputed,
    Retracted,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Confirmed,
        Status::Reported,
        Status::Alleged,
        Status::Disputed,
        Status::Retracted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reported => "reported",
            Status::Alleged => "alleged",
            Status::Disputed => "disputed",
            Status::Retracted => "retracted",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// Whether lists and counts mark it: everything short of confirmed or reported.
    pub fn is_marked(self) -> bool {
        !matches!(self, Status::Confirmed | Status::Reported)
    }
}

/// How much was taken: a count with its unit ("accounts", "customers", "records").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Records {
    pub count: u64,
    pub unit: String,
    pub approximate: bool,
}

/// How sure an attribution is, as its maker or the sources express it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// A government or the company formally attributed it, or the actor claimed it and the claim
    /// was verified.
    Confirmed,
    High,
    Moderate,
    Low,
}

impl Confidence {
    pub const ALL: [Confidence; 4] = [
        Confidence::Confirmed,
        Confidence::High,
        Confidence::Moderate,
        Confidence::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::High => "high",
            Confidence::Moderate => "moderate",
            Confidence::Low => "low",
        }
    }

    pub fn parse(text: &str) -> Option<Confidence> {
        Confidence::ALL.into_iter().find(|c| c.as_str() == text.trim())
    }
}

/// Who makes a claim (an attribution, an actor's sponsor or country) and how sure they are.
/// All empty for a plain name: "by the sources listed", no confidence shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claim {
    /// Who attributes it, in their own words: "US officials cited by The Wall Street Journal".
    pub by: Option<String>,
    pub confidence: Option<Confidence>,
    /// The source it rests on: an index into the file's `sources`.
    pub source: Option<usize>,
}

/// A value stated with who states it: an actor's `sponsor` or `country`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub value: String,
    pub claim: Claim,
}

/// When an entry was added to the tracker and last changed: from the tracker's git history, or
/// `added:` in front matter. Unknown (never invented) outside git.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dates {
    pub added: Option<NaiveDate>,
    pub modified: Option<NaiveDate>,
}

impl Dates {
    /// These dates (written in front matter) completed from the history: a written `added`
    /// wins, and nothing is modified before it was added.
    pub fn or(self, history: Dates) -> Dates {
        let added = self.added.or(history.added);
        let modified = self
            .modified
            .or(history.modified)
            .map(|m| added.map_or(m, |a| m.max(a)));
        Dates { added, modified }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// A short word that citations (`[^id]`), attributions and updates refer to.
    pub id: Option<String>,
    /// The address; absent for print or paywalled sources known by publisher, title and date.
    pub url: Option<String>,
    pub publisher: String,
    pub title: Option<String>,
    pub date: Option<PartialDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub date: NaiveDate,
    pub note: String,
    /// The incident's status from this day on.
    pub status: Option<Status>,
    /// The source it rests on: an index into the incident's `sources`.
    pub source: Option<usize>,
}

/// A company or actor as an incident names it, with where it is written (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    pub name: String,
    pub line: usize,
    pub column: usize,
    /// For an actor: who attributes the incident to it, and how sure they are.
    pub claim: Claim,
}

/// Another name for a company or actor, and who uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub name: String,
    /// Who uses this name (a vendor, for threat actors: "Kaspersky").
    pub by: Option<String>,
    pub note: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// The file stem: the stable URL, kept when the title changes.
    pub slug: String,
    pub path: PathBuf,
    pub title: String,
    /// The day it became public; the month alone when the day is not known.
    pub disclosed: PartialDate,
    pub occurred: Option<When>,
    pub companies: Vec<NameRef>,
    pub actors: Vec<NameRef>,
    pub campaign: Option<NameRef>,
    pub status: Status,
    pub types: Vec<String>,
    pub records: Option<Records>,
    pub data: Vec<String>,
    /// False keeps the incident out of its companies' tallies.
    pub tally: bool,
    pub summary: Option<String>,
    pub sources: Vec<Source>,
    pub updates: Vec<Update>,
    pub draft: bool,
    /// The Markdown write-up: a slice of its file's text.
    pub body: arcstr::Substr,
    /// How many times the write-up cites each source (`[^id]`), in the order of `sources`.
    pub citations: Vec<usize>,
    pub dates: Dates,
}

impl Incident {
    /// The date the timeline sorts by: when it occurred, else when it was disclosed.
    pub fn when_key(&self) -> (i32, u32, u32) {
        self.span().0.sort_key()
    }

    /// When it happened, else when it was disclosed: (start, end).
    pub fn span(&self) -> (PartialDate, PartialDate) {
        match self.occurred {
            Some(w) => (w.start(), w.end()),
            None => (self.disclosed, self.disclosed),
        }
    }

    /// The span of several incidents, as [`Incident::span`] gives each: the earliest start and
    /// the latest end.
    pub fn span_of<'i>(incidents: impl IntoIterator<Item = &'i Incident>) -> Option<(PartialDate, PartialDate)> {
        incidents
            .into_iter()
            .map(Incident::span)
            .reduce(|(first, last), (start, end)| {
                (
                    if start.sort_key() < first.sort_key() {
                        start
                    } else {
                        first
                    },
                    if end.sort_key() > last.sort_key() { end } else { last },
                )
            })
    }

    /// The day it becomes public when that is after `today`: until then builds hold it back.
    pub fn held_until(&self, today: NaiveDate) -> Option<NaiveDate> {
        let day = self.disclosed.first_day();
        (day > today).then_some(day)
    }

    /// Whether it counts toward its companies' tallies.
    pub fn counts(&self) -> bool {
        self.tally && self.status != Status::Retracted
    }

    /// When it was added to the tracker: the tracker's history, else its disclosure.
    pub fn published(&self) -> NaiveDate {
        self.dates.added.unwrap_or_else(|| self.disclosed.first_day())
    }

    /// When it last changed: the tracker's history, else its latest update or disclosure.
    pub fn modified(&self) -> NaiveDate {
        self.dates
            .modified
            .unwrap_or_else(|| self.last_changed())
            .max(self.published())
    }

    /// The date of its latest update, else (the first day of) its disclosure.
    pub fn last_changed(&self) -> NaiveDate {
        let disclosed = self.disclosed.first_day();
        self.updates
            .iter()
            .map(|u| u.date)
            .max()
            .unwrap_or(disclosed)
            .max(disclosed)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompanyProfile {
    pub slug: String,
    pub path: PathBuf,
    pub name: String,
    pub aliases: Vec<Alias>,
    pub sector: Option<String>,
    pub country: Option<String>,
    pub website: Option<String>,
    pub body: String,
    pub dates: Dates,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActorProfile {
    pub slug: String,
    pub path: PathBuf,
    pub name: String,
    pub aliases: Vec<Alias>,
    pub kind: Option<String>,
    pub country: Option<Stated>,
    pub sponsor: Option<Stated>,
    pub mitre: Option<String>,
    pub first_seen: Option<PartialDate>,
    pub sources: Vec<Source>,
    pub body: String,
    /// How many times the profile cites each source (`[^id]`), in the order of `sources`.
    pub citations: Vec<usize>,
    pub dates: Dates,
}

/// The URL-safe form of a name: `T-Mobile` → `t-mobile`, `LAPSUS$` → `lapsus`.
pub fn slugify(name: &str) -> String {
    // Emoji and pictographs are left out: the slug crate spells them (🚨 as
    // "rotating-light"), words nobody wrote in the headline or the name.
    let is_pictograph = |c: char| {
        matches!(c as u32,
            0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF
            | 0xFE00..=0xFE0F | 0x200D | 0xE0000..=0xE007F)
    };
    if name.contains(is_pictograph) {
        let plain: String = name.chars().map(|c| if is_pictograph(c) { ' ' } else { c }).collect();
        return slug::slugify(plain);
    }
    slug::slugify(name)
}

/// How a name sorts for readers: case folded, and runs of digits by their value, so "Company 2"
/// comes before "Company 10". (Crates that do this compare with their own case rules; lists
/// here must agree with the lower-casing used everywhere else.)
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct NaturalKey(Vec<NamePart>);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum NamePart {
    /// Digits without leading zeros: a shorter run is a smaller number; then the digits;
    /// then how many zeros led, so "7" and "07" still sort in a fixed order.
    Number(usize, String, usize),
    Text(String),
}

pub fn natural_key(name: &str) -> NaturalKey {
    let mut parts = Vec::new();
    let lower = name.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(c) = rest.chars().next() {
        let digit = c.is_ascii_digit();
        let end = rest.find(|ch: char| ch.is_ascii_digit() != digit).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        parts.push(if digit {
            let value = run.trim_start_matches('0');
            NamePart::Number(value.len(), value.to_string(), run.len() - value.len())
        } else {
            NamePart::Text(run.to_string())
        });
        rest = tail;
    }
    NaturalKey(parts)
}

/// Whether a file stem is already a slug (lower-case letters, digits and single hyphens).
pub fn is_slug(text: &str) -> bool {
    !text.is_empty() && slugify(text) == text
}

/// Incident slugs that would collide with list pages: `/incidents/page/` and year archives.
pub fn is_reserved_incident_slug(slug: &str) -> bool {
    slug == "page" || (slug.len() == 4 && slug.bytes().all(|b| b.is_ascii_digit()))
}

/// Company and actor slugs that would collide with list pages (`/companies/page/`, `/companies/a-z/`).
pub fn is_reserved_name_slug(slug: &str) -> bool {
    matches!(slug, "page" | "a-z")
}

/// Names are compared without regard to case or surrounding spaces.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Words that say only what kind of company it is: "AT&T" and "AT&T Inc." are one name.
const LEGAL_SUFFIXES: [&str; 30] = [
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "sa",
    "sas",
    "sarl",
    "ag",
    "gmbh",
    "kg",
    "nv",
    "bv",
    "ab",
    "as",
    "asa",
    "oy",
    "oyj",
    "spa",
    "srl",
    "pty",
    "kk",
    "se",
];

/// A name with case and accents folded, and look-alike letters (Cyrillic "А", fullwidth "Ｔ")
/// made one by their Unicode confusable skeleton. Upper case goes in, since the skeletons of
/// capitals agree where small letters do not (`I` and `l` are one, `i` is not).
fn fold(text: &str) -> String {
    let upper = text.to_uppercase();
    unicode_security::skeleton(&upper)
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The key that tells spellings of one name apart from different names: case, accents,
/// punctuation and spacing ignored, `&` read as `and` and then left out, trailing legal
/// suffixes (Inc, Corp, Ltd, GmbH ...) dropped, and confusable letters folded. `AT&T`, `ATT`,
/// `AT and T`, `AT&T Inc.` and `A.T.&T.` all give `att`.
pub fn variant_key(name: &str) -> String {
    static SUFFIXES: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| LEGAL_SUFFIXES.iter().map(|s| fold(s)).collect());
    static AND: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| fold("and"));
    let spaced = name.replace('&', " and ");
    let mut words: Vec<String> = spaced
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '-' | '_' | '+'))
        .map(fold)
        .filter(|w| !w.is_empty() && *w != *AND)
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        words.pop();
    }
    let key = words.concat();
    if key.is_empty() {
        fold(name)
    } else {
        key
    }
}

/// Letters and digits only, lower-cased and transliterated: "Ghost Emperor", "GhostEmperor" and
/// "ghost-emperor" are one. What likely misspellings and search compare.
pub fn squash(name: &str) -> String {
    slugify(name).replace('-', "")
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_leave_emoji_out() {
        assert_eq!(
            super::slugify("\u{1f6a8} BREAKING: T-Mobile hacked!!! \u{1f6a8}"),
            "breaking-t-mobile-hacked"
        );
        assert_eq!(super::slugify("T-Mobile \u{1f4f1}"), "t-mobile");
        assert_eq!(super::slugify("Caf\u{e9} \u{2615}\u{fe0f} Co"), "cafe-co");
    }

    #[test]
    fn names_sort_naturally() {
        let mut names = vec![
            "Company 10",
            "company 2",
            "Company 1",
            "Acme 007",
            "Acme 7",
            "Acme",
            "Zeta",
            "b2b 10x",
        ];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(
            names,
            [
                "Acme",
                "Acme 7",
                "Acme 007",
                "b2b 10x",
                "Company 1",
                "company 2",
                "Company 10",
                "Zeta"
            ]
        );
        assert!(natural_key("Item 99") < natural_key("Item 100"));
        assert!(natural_key("x") < natural_key("x1"));
    }

    use super::*;

    #[test]
    fn variant_keys_make_spellings_of_one_name_one() {
        for n in ["AT&T", "ATT", "AT and T", "AT&T Inc.", "A.T.&T.", "at & t corp", "АТ&Т"] {
            assert_eq!(variant_key(n), "att", "{n}");
        }
        assert_eq!(variant_key("Société Générale S.A."), variant_key("Societe Generale"));
        assert_eq!(variant_key("Ｔ-Mobile"), variant_key("T Mobile"));
        assert_eq!(variant_key("Siemens AG"), variant_key("siemens"));
        // A suffix alone is still a name, and different names stay apart.
        assert_eq!(variant_key("Inc."), variant_key("inc"));
        assert_ne!(variant_key("Company 1"), variant_key("Company 2"));
        assert_ne!(variant_key("AT&T"), variant_key("T-Mobile"));
    }

    #[test]
    fn partial_dates_parse_at_each_precision() {
        assert_eq!(PartialDate::parse("2015"), Ok(PartialDate::Year(2015)));
        assert_eq!(PartialDate::parse("2013-09"), Ok(PartialDate::Month(2013, 9)));
        assert_eq!(
            PartialDate::parse("2024-11-15"),
            Ok(PartialDate::Day(NaiveDate::from_ymd_opt(2024, 11, 15).unwrap()))
        );
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            PartialDate::parse("2024-02-30").unwrap_err(),
            "`2024-02-30` is not a date: February has no day 30"
        );
        assert_eq!(
            PartialDate::parse("2023-13").unwrap_err(),
            "`2023-13` is not a date: there is no month 13"
        );
        assert_eq!(
            PartialDate::parse("15/11/2024").unwrap_err(),
            "`15/11/2024` is not a date written the way tally reads dates"
        );
        assert!(PartialDate::parse("2024-1-5").is_err());
        assert_eq!(
            PartialDate::parse("0024-01-01").unwrap_err(),
            "`0024-01-01` is not a date of this tracker: the year 0024 is before 1900"
        );
        assert!(PartialDate::parse("1899").is_err());
        assert_eq!(PartialDate::parse("1900"), Ok(PartialDate::Year(1900)));
    }

    #[test]
    fn partial_dates_sort_at_period_start_and_know_their_last_day() {
        let y = PartialDate::parse("2023").unwrap();
        let m = PartialDate::parse("2023-02").unwrap();
        let d = PartialDate::parse("2023-01-05").unwrap();
        let mut v = [m, d, y];
        v.sort_by_key(|p| p.sort_key());
        assert_eq!(v, [y, d, m]);
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2023, 2, 28).unwrap());
        assert_eq!(
            PartialDate::Month(2024, 12).last_day(),
            NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
        );
        assert_eq!(y.first_day(), NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
    }

    #[test]
    fn slugs_and_name_keys() {
        assert_eq!(slugify("T-Mobile"), "t-mobile");
        assert_eq!(slugify("LAPSUS$"), "lapsus");
        assert_eq!(slugify("AT&T"), "at-t");
        assert_eq!(slugify("Société Générale"), "societe-generale");
        assert!(is_slug("2024-11-15-salt-typhoon"));
        assert!(!is_slug("Salt Typhoon"));
        assert_eq!(name_key("  CenturyLink "), name_key("centurylink"));
    }
}
