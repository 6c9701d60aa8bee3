//! The search index, built at build time and split so a first search stays small however large
//! the tracker grows:
//!
//! - `search/facets.json`: the years and statuses, and two characters per incident (its year and
//!   status) so results can be narrowed without loading them;
//! - `search/names/<prefix>.json`: companies, actors and campaigns whose squashed name or alias
//!   starts with the prefix, each with its page and incident numbers;
//! - `search/words/<prefix>.json`: title words starting with the prefix, each with its incident
//!   numbers (words in more than a tenth of all titles are left out, like stop words).
//!   Prefixes are one letter, or longer where a shard would grow too heavy, so every shard
//!   stays small however large the tracker grows; `facets.json` lists them;
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
use crate::model::{slugify, squash, Status};

/// Incidents per metadata shard.
pub const SHARD: usize = 100;

/// The most weight (entries plus incident numbers) a shard holds before it is split.
const SHARD_WEIGHT: usize = 4000;

/// Groups `(key, weight, item)` into shards named by key prefixes: one letter first, and a
/// longer prefix wherever a shard would be too heavy, so no shard grows with the tracker.
/// An item whose key is shorter than its group's prefix gets a shard named by its whole key.
fn shard<T: Clone>(items: Vec<(String, usize, T)>) -> BTreeMap<String, Vec<T>> {
    let mut out = BTreeMap::new();
    split(items, 1, &mut out);
    out
}

fn split<T: Clone>(items: Vec<(String, usize, T)>, len: usize, out: &mut BTreeMap<String, Vec<T>>) {
    let mut groups: BTreeMap<String, Vec<(String, usize, T)>> = BTreeMap::new();
    for item in items {
        let prefix: String = item.0.chars().take(len).collect();
        groups.entry(prefix).or_default().push(item);
    }
    for (prefix, group) in groups {
        let weight: usize = group.iter().map(|(_, w, _)| w + 1).sum();
        let longer = group.iter().any(|(k, _, _)| k.chars().count() > len);
        if weight > SHARD_WEIGHT && longer {
            let (short, long): (Vec<_>, Vec<_>) = group.into_iter().partition(|(k, _, _)| k.chars().count() <= len);
            if !short.is_empty() {
                out.entry(prefix)
                    .or_default()
                    .extend(short.into_iter().map(|(_, _, t)| t));
            }
            split(long, len + 1, out);
        } else {
            out.entry(prefix)
                .or_default()
                .extend(group.into_iter().map(|(_, _, t)| t));
        }
    }
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
    serde_json::to_vec(v).map_err(|e| Error::internal("cannot write the search index", e))
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

    // Each entity is filed under every spelling that finds it (once per shard).
    let mut named: Vec<(String, usize, usize)> = Vec::new();
    let mut entries: Vec<NameEntry> = Vec::new();
    let mut add = |name: &str, kind: &'static str, url: String, aliases: Vec<String>, incidents: &[usize]| {
        let mut spellings: Vec<String> = std::iter::once(name.to_string())
            .chain(aliases.iter().cloned())
            .map(|s| squash(&s))
            .collect();
        spellings.retain(|s| !s.is_empty());
        spellings.dedup();
        let mut ids: Vec<usize> = incidents.iter().map(|&i| number(i)).collect();
        ids.sort_unstable();
        let id = entries.len();
        for s in &spellings {
            named.push((s.clone(), ids.len(), id));
        }
        entries.push(NameEntry {
            n: name.to_string(),
            k: kind,
            u: url,
            s: spellings,
            a: aliases,
            i: ids,
        });
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
    let names = shard(named);
    for (key, ids) in &names {
        let mut ids: Vec<usize> = ids.clone();
        ids.sort_unstable();
        ids.dedup();
        let list: Vec<&NameEntry> = ids.iter().map(|&i| &entries[i]).collect();
        out.push((format!("search/names/{key}.json"), json(&list)?));
    }

    let mut postings: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, e) in lib.incidents.iter().enumerate() {
        for word in slugify(&e.incident.title).split('-').filter(|w| w.chars().count() >= 2) {
            postings.entry(word.to_string()).or_default().insert(number(i));
        }
    }
    let common = (total / 10).max(50);
    let word_items: Vec<(String, usize, (String, Vec<usize>))> = postings
        .into_iter()
        .filter(|(_, ids)| ids.len() <= common)
        .map(|(w, ids)| (w.clone(), ids.len(), (w, ids.into_iter().collect())))
        .collect();
    let shards = shard(word_items);
    for (key, list) in &shards {
        let map: BTreeMap<&str, &Vec<usize>> = list.iter().map(|(w, ids)| (w.as_str(), ids)).collect();
        out.push((format!("search/words/{key}.json"), json(&map)?));
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
