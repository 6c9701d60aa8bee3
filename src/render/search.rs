//! The search index, built at build time and split so a first search stays small however large
//! the tracker grows:
//!
//! - `search/facets.json`: the years and statuses, and two characters per incident (its year and
//!   status) so results can be narrowed without loading them;
//! - `search/names/<c>.json`: companies, actors and campaigns whose squashed name or alias starts
//!   with `c`, each with its page and incident numbers;
//! - `search/words/<xy>.json`: title words starting with `xy`, each with its incident numbers
//!   (words in more than a tenth of all titles are left out, like stop words);
//! - `search/incidents/<k>.json`: title, page, date, companies and status of incidents
//!   `k*100 .. k*100+99`, loaded only for the results shown.
//!
//! Incident numbers count from the newest, so sorting by number is sorting newest first.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::lang::Words;
use super::views::{year_of, Urls};
use crate::error::Error;
use crate::index::Library;
use crate::model::{slugify, Status};

/// Incidents per metadata shard.
pub const SHARD: usize = 100;

/// Letters and digits only, lower-cased, accents dropped: what names are compared on.
pub fn squash(text: &str) -> String {
    slugify(text).replace('-', "")
}

/// The shard a squashed name or a word belongs to: its first one or two characters.
fn key(text: &str, len: usize) -> String {
    text.chars().take(len).collect()
}

#[derive(Serialize)]
struct Facets<'a> {
    years: Vec<i32>,
    statuses: Vec<&'a str>,
    /// For incident n: chars 2n (year index) and 2n+1 (status index), each as 'A' + index.
    f: String,
    /// The name and word shards that exist, so the browser asks for no missing file.
    names: Vec<String>,
    words: Vec<String>,
}

#[derive(Serialize)]
struct NameEntry {
    /// The name as shown.
    n: String,
    /// "c" company, "a" actor, "p" campaign.
    k: &'static str,
    u: String,
    /// The squashed spellings that find it: name and aliases.
    s: Vec<String>,
    /// The alias that matched is shown; aliases as written.
    a: Vec<String>,
    i: Vec<usize>,
}

#[derive(Serialize)]
struct Meta {
    t: String,
    u: String,
    d: String,
    c: String,
    /// Status code (for the style) and its label in the site's language.
    s: String,
    l: String,
}

fn json<T: Serialize>(v: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(v).map_err(|e| Error::Usage(format!("cannot write the search index: {e}")))
}

/// `(path, bytes)` of every index file.
pub fn files(lib: &Library, urls: &Urls, words: &Words) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let total = lib.incidents.len();
    // Number n is the n-th newest: library index total-1-n.
    let number = |library_index: usize| total - 1 - library_index;
    let mut out = Vec::new();

    let years: Vec<i32> = lib
        .incidents
        .iter()
        .map(year_of)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut f = String::with_capacity(total * 2);
    for e in lib.incidents.iter().rev() {
        let y = years.binary_search(&year_of(e)).unwrap_or(0);
        let s = Status::ALL.iter().position(|&s| s == e.incident.status).unwrap_or(0);
        f.push(char::from_u32('A' as u32 + y as u32).unwrap_or('A'));
        f.push(char::from_u32('A' as u32 + s as u32).unwrap_or('A'));
    }

    let mut names: BTreeMap<String, Vec<NameEntry>> = BTreeMap::new();
    let mut add = |name: &str, kind: &'static str, url: String, aliases: Vec<String>, incidents: &[usize]| {
        let mut spellings: Vec<String> = std::iter::once(name.to_string())
            .chain(aliases.iter().cloned())
            .map(|s| squash(&s))
            .collect();
        spellings.retain(|s| !s.is_empty());
        spellings.dedup();
        let mut ids: Vec<usize> = incidents.iter().map(|&i| number(i)).collect();
        ids.sort_unstable();
        let shards: BTreeSet<String> = spellings.iter().map(|s| key(s, 1)).collect();
        for shard in shards {
            names.entry(shard).or_default().push(NameEntry {
                n: name.to_string(),
                k: kind,
                u: url.clone(),
                s: spellings.clone(),
                a: aliases.clone(),
                i: ids.clone(),
            });
        }
    };
    for c in &lib.companies {
        let aliases = c
            .profile
            .iter()
            .flat_map(|p| p.aliases.iter().map(|a| a.name.clone()))
            .collect();
        add(&c.name, "c", urls.company(&c.slug), aliases, &c.incidents);
    }
    for a in &lib.actors {
        let aliases = a
            .profile
            .iter()
            .flat_map(|p| p.aliases.iter().map(|a| a.name.clone()))
            .collect();
        add(&a.name, "a", urls.actor(&a.slug), aliases, &a.incidents);
    }
    for c in &lib.campaigns {
        add(&c.name, "p", urls.campaign(&c.slug), Vec::new(), &c.incidents);
    }
    for (shard, entries) in &names {
        out.push((format!("search/names/{shard}.json"), json(entries)?));
    }

    let mut postings: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, e) in lib.incidents.iter().enumerate() {
        for word in slugify(&e.incident.title).split('-').filter(|w| w.chars().count() >= 2) {
            postings.entry(word.to_string()).or_default().insert(number(i));
        }
    }
    let common = (total / 10).max(50);
    let mut shards: BTreeMap<String, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (word, ids) in &postings {
        if ids.len() <= common {
            shards
                .entry(key(word, 2))
                .or_default()
                .insert(word, ids.iter().copied().collect());
        }
    }
    for (shard, words) in &shards {
        out.push((format!("search/words/{shard}.json"), json(words)?));
    }
    let facets = Facets {
        years,
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        f,
        names: names.keys().cloned().collect(),
        words: shards.keys().cloned().collect(),
    };
    out.push(("search/facets.json".to_string(), json(&facets)?));

    let newest_first: Vec<_> = lib.incidents.iter().rev().collect();
    for (k, chunk) in newest_first.chunks(SHARD).enumerate() {
        let metas: Vec<Meta> = chunk
            .iter()
            .map(|e| Meta {
                t: e.incident.title.clone(),
                u: urls.incident(&e.incident.slug),
                d: words.date(e.incident.disclosed),
                c: e.companies
                    .iter()
                    .map(|l| lib.companies[l.target].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                s: e.incident.status.as_str().to_string(),
                l: words.t(&format!("status_{}", e.incident.status.as_str())).to_string(),
            })
            .collect();
        out.push((format!("search/incidents/{k}.json"), json(&metas)?));
    }
    Ok(out)
}
