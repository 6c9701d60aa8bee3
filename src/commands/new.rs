//! `tally new`: writes a new incident file with every field present, the known ones filled in.
//!
//! Names given with another spelling of a known company or actor get the known spelling, and
//! the report says so. An existing file is never overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::index::Library;
use crate::content::model::{name_key, slugify, squash, variant_key, Alias, PartialDate};
use crate::content::yaml::quote;
use crate::error::{Error, Op};

/// What the journalist asked for.
#[derive(Debug, Clone)]
pub struct Request {
    pub title: String,
    pub companies: Vec<String>,
    pub actors: Vec<String>,
    /// The day it became public, or the month when the day is not known.
    pub disclosed: PartialDate,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Relative to the tracker's root.
    pub path: PathBuf,
    /// What tally changed or suggests about the names given.
    pub notes: Vec<String>,
}

/// The longest slug part taken from a headline, in characters: whole words are taken while
/// they fit (a first word longer than this is kept whole, never cut, up to [`WORD_MAX`]).
const SLUG_WORDS_MAX: usize = 60;

/// The longest one word may make a file name: file systems take names of 255 bytes.
const WORD_MAX: usize = 200;

/// The file name for an incident: `<disclosed>-<slug of the headline>.md`.
pub fn file_name(title: &str, disclosed: PartialDate) -> String {
    let mut slug = String::new();
    for word in slugify(title).split('-').filter(|w| !w.is_empty()) {
        let longer = if slug.is_empty() {
            word.len()
        } else {
            slug.len() + 1 + word.len()
        };
        if !slug.is_empty() && longer > SLUG_WORDS_MAX {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        // Slugs are ASCII: cutting at a byte count is cutting at a character.
        slug.push_str(&word[..word.len().min(WORD_MAX)]);
    }
    let date = disclosed.iso();
    if slug.is_empty() {
        format!("{date}-incident.md")
    } else {
        format!("{date}-{slug}.md")
    }
}

/// Every name and alias of some companies or actors, each as (spelling, the entity's name).
fn spellings<'a>(entities: impl Iterator<Item = (&'a str, Option<&'a [Alias]>)>) -> Vec<(String, String)> {
    entities
        .flat_map(|(name, aliases)| {
            std::iter::once(name)
                .chain(aliases.into_iter().flatten().map(|a| a.name.as_str()))
                .map(move |s| (s.to_string(), name.to_string()))
        })
        .collect()
}

/// The spelling to write for `given`, and a note when it differs or looks like a typo.
fn resolve(given: &str, kind: &str, known: &[(String, String)]) -> (String, Option<String>) {
    let given = given.trim();
    // An alias is kept as the name the sources used (CenturyLink in 2019): the incident joins
    // its company's page, which says it was listed under that name.
    let alias_note =
        |spelling: &str, canonical: &str| format!("the incident joins the page of {canonical}, listed as “{spelling}”");
    if let Some((spelling, canonical)) = known.iter().find(|(s, _)| name_key(s) == name_key(given)) {
        return match (spelling == given, spelling == canonical) {
            (true, true) => (given.to_string(), None),
            (true, false) => (
                given.to_string(),
                Some(format!(
                    "{kind} “{given}” is an alias of {canonical}: {}",
                    alias_note(spelling, canonical)
                )),
            ),
            (false, true) => (
                spelling.clone(),
                Some(format!(
                    "{kind} “{given}” is written “{spelling}”, as this tracker knows it"
                )),
            ),
            (false, false) => (
                spelling.clone(),
                Some(format!(
                    "{kind} “{given}” is written “{spelling}”, an alias of {canonical}: {}",
                    alias_note(spelling, canonical)
                )),
            ),
        };
    }
    let variant = variant_key(given);
    if let Some((spelling, canonical)) = known.iter().find(|(s, _)| variant_key(s) == variant) {
        let what = if spelling == canonical {
            String::new()
        } else {
            format!(", an alias of {canonical}: {}", alias_note(spelling, canonical))
        };
        return (
            spelling.clone(),
            Some(format!("{kind} “{given}” is written “{spelling}”{what}")),
        );
    }
    let sq = squash(given);
    let near = known
        .iter()
        .map(|(s, c)| (strsim::jaro_winkler(&sq, &squash(s)), s, c))
        .filter(|(score, _, _)| *score >= 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match near {
        Some((_, spelling, _)) => (
            given.to_string(),
            Some(format!(
                "{kind} “{given}” is new to this tracker; did you mean “{spelling}”?"
            )),
        ),
        None => (given.to_string(), None),
    }
}

/// The text of a new incident file.
pub fn render(req: &Request, companies: &[String], actors: &[String]) -> String {
    let list = |items: &[String]| {
        if items.is_empty() {
            " []".to_string()
        } else {
            items.iter().map(|i| format!("\n  - {}", quote(i))).collect()
        }
    };
    format!(
        "---
# The headline.
title: {title}
# The day it became public: YYYY-MM-DD (YYYY-MM if only the month is known).
disclosed: {disclosed}
# When it happened: YYYY, YYYY-MM or YYYY-MM-DD, or a span {{from: 2022-11, to: 2023-01}}. Empty if not known.
occurred:
# The victims, one per line, by name or alias.
companies:{companies}
# Who did it, one per line, by name or alias. [] if not attributed.
actors:{actors}
# The campaign it belongs to, if any, e.g. Salt Typhoon telecom intrusions.
campaign:
# confirmed, reported, alleged, disputed or retracted.
status: reported
# Kinds of attack, e.g. [ransomware, espionage].
types: []
# How many were affected: a number, or {{count: 37000000, unit: accounts, approximate: true}}. Empty if not known.
records:
# Kinds of data exposed, e.g. [names, phone numbers].
data: []
# false keeps it out of the companies' tallies.
tally: true
# One sentence for lists and feeds.
summary:
# Where each fact comes from: at least one, with its address and publisher.
sources:
  - url:
    publisher:
    title:
    date:
# Dated corrections, one item each in place of [], e.g.
#   - date: 2024-12-01
#     note: The count was revised to 40 million.
updates: []
# A draft: `tally serve` shows it marked Draft, `tally build` leaves it out, and fields
# still empty are warnings. Delete this line when it is ready to publish.
draft: true
---
",
        title = quote(req.title.trim()),
        disclosed = req.disclosed.iso(),
        companies = list(companies),
        actors = list(actors),
    )
}

/// Writes the new incident under `root`, using `lib` for the known spellings; `files`, the
/// incident files there are (relative to `root`), for the names that are taken.
pub fn create(root: &Path, lib: &Library, files: &[PathBuf], req: &Request) -> Result<Created, Error> {
    if req.title.trim().is_empty() {
        return Err(Error::Usage(
            "the headline is empty: tally new \"What happened\" --company NAME".into(),
        ));
    }
    if req.companies.is_empty() {
        return Err(Error::Usage("name at least one company: --company NAME".into()));
    }
    for (names, flag) in [(&req.companies, "--company"), (&req.actors, "--actor")] {
        for name in names {
            // `--company "Verizon, AT&T"`: two names, each given its own flag.
            if name.contains(',') && !crate::content::validate::ends_with_legal_form(name) {
                let flags: Vec<String> = name
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| format!("{flag} \"{p}\""))
                    .collect();
                return Err(Error::Usage(format!(
                    "`{name}` reads as several names: give each its own {flag}, e.g. {}",
                    flags.join(" ")
                )));
            }
            // `--actor Unknown`: nobody's name.
            if crate::content::validate::is_placeholder(name) {
                let fix = if flag == "--actor" {
                    "leave --actor out while nobody has attributed the incident"
                } else {
                    "give the name of the company attacked"
                };
                return Err(Error::Usage(format!("`{name}` says the name is not known: {fix}")));
            }
        }
    }
    let company_names = spellings(
        lib.companies
            .iter()
            .map(|c| (c.name.as_str(), c.profile.as_ref().map(|p| p.aliases.as_slice()))),
    );
    let actor_names = spellings(
        lib.actors
            .iter()
            .map(|a| (a.name.as_str(), a.profile.as_ref().map(|p| p.aliases.as_slice()))),
    );
    let mut notes = Vec::new();
    let mut pick = |names: &[String], kind: &str, known: &[(String, String)]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in names {
            let (name, note) = resolve(n, kind, known);
            notes.extend(note);
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    };
    let companies = pick(&req.companies, "company", &company_names);
    let actors = pick(&req.actors, "actor", &actor_names);
    let rel = Path::new("content/incidents").join(file_name(&req.title, req.disclosed));
    let path = root.join(&rel);
    // An incident's address is its file name, whatever folder below content/incidents/ holds
    // it: one of that name, there or in a folder below, would clash with the new file (one
    // the load could not read is caught by `create_new` below).
    if let Some(filed) = files.iter().find(|f| f.file_name() == rel.file_name()) {
        return Err(Error::Exists(filed.clone()));
    }
    let dir = root.join("content/incidents");
    fs::create_dir_all(&dir).map_err(|e| Error::io(Op::CreateFolder, &dir, e))?;
    let text = render(req, &companies, &actors);
    // create_new: never replace a file that appeared in the meantime.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Exists(rel.clone())
            } else {
                Error::io(Op::Write, &path, e)
            }
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| Error::io(Op::Write, &path, e))?;
    Ok(Created { path: rel, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn file_names_are_dated_slugs() {
        assert_eq!(
            file_name("T-Mobile hacked by Salt Typhoon", day("2024-11-15")),
            "2024-11-15-t-mobile-hacked-by-salt-typhoon.md"
        );
        let long = file_name(&"word ".repeat(40), day("2024-01-01"));
        assert!(long.len() <= "2024-01-01-".len() + SLUG_WORDS_MAX + 3, "{long}");
        assert!(!long.trim_end_matches(".md").ends_with('-'));
        assert_eq!(file_name("!!!", day("2024-01-01")), "2024-01-01-incident.md");
        assert_eq!(file_name("Acme breach", day("2024-11")), "2024-11-acme-breach.md");
    }

    #[test]
    fn file_names_never_cut_a_word_in_half() {
        // 59 characters of words, then a word that would cross the limit: it is left out whole.
        let title = format!("{} telecommunications", "abcd ".repeat(12).trim_end());
        assert_eq!(
            file_name(&title, day("2024-01-01")),
            format!("2024-01-01-{}.md", "abcd-".repeat(12).trim_end_matches('-'))
        );
        // One word longer than the limit is kept whole.
        let word = "x".repeat(70);
        assert_eq!(file_name(&word, day("2024-01-01")), format!("2024-01-01-{word}.md"));
        // Up to what a file name may hold.
        let word = "y".repeat(300);
        assert_eq!(
            file_name(&word, day("2024-01-01")),
            format!("2024-01-01-{}.md", &word[..200])
        );
    }

    #[test]
    fn spellings_resolve_to_the_known_name() {
        let known = vec![
            ("T-Mobile".to_string(), "T-Mobile".to_string()),
            ("Salt Typhoon".to_string(), "Salt Typhoon".to_string()),
            ("GhostEmperor".to_string(), "Salt Typhoon".to_string()),
        ];
        assert_eq!(resolve("T-Mobile", "company", &known), ("T-Mobile".into(), None));
        assert_eq!(
            resolve("t-mobile", "company", &known),
            (
                "T-Mobile".into(),
                Some("company “t-mobile” is written “T-Mobile”, as this tracker knows it".into())
            )
        );
        assert_eq!(
            resolve("Ghost Emperor", "actor", &known),
            ("GhostEmperor".into(), Some("actor “Ghost Emperor” is written “GhostEmperor”, an alias of Salt Typhoon: the incident joins the page of Salt Typhoon, listed as “GhostEmperor”".into()))
        );
        assert_eq!(
            resolve("GhostEmperor", "actor", &known),
            ("GhostEmperor".into(), Some("actor “GhostEmperor” is an alias of Salt Typhoon: the incident joins the page of Salt Typhoon, listed as “GhostEmperor”".into()))
        );
        assert_eq!(
            resolve("T-Mobil", "company", &known),
            (
                "T-Mobil".into(),
                Some("company “T-Mobil” is new to this tracker; did you mean “T-Mobile”?".into())
            )
        );
        assert_eq!(resolve("Acme", "company", &known), ("Acme".into(), None));
        assert_eq!(
            resolve("T-Mobile Inc.", "company", &known),
            (
                "T-Mobile".into(),
                Some("company “T-Mobile Inc.” is written “T-Mobile”".into())
            )
        );
    }
}
