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
//! - `search/incidents/<k>.json`: title, page, date, companies, actors, count affected and
//!   status of incidents `k*100 .. k*100+99`, loaded only for the results (or table rows) shown.
//!
//! Incident numbers count from the most recently disclosed, so sorting by number is sorting
//! newest first, in the order the lists use.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::lang::Words;
use super::views::{latest_first_indices, year_of, Urls};
use crate::content::index::Library;
use crate::content::model::{slugify, squash, Alias, Status};
use crate::error::Error;

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
    /// Words left out of the index as too common: a query ignores them, and says so.
    stop: Vec<String>,
}

#[derive(Serialize)]
struct NameEntry {
    /// The name as shown.
    n: String,
    /// "c" company, "a" actor, "p" campaign.
    k: &'static str,
    u: String,
    /// The squashed spellings that find it: the name, then each alias in the order of `a`.
    s: Vec<String>,
    /// The alias that matched is shown; aliases as written.
    a: Vec<String>,
    /// What each alias is, said beside it: "former name of Lumen".
    x: Vec<String>,
    /// The spellings from a later word on, with the spelling (as in `s`) each comes from:
    /// "typhoon" finds Salt Typhoon, "technologies" Lumen Technologies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    w: Vec<(String, usize)>,
    i: Vec<usize>,
}

/// Words that end company names without naming one: "group" finds no company by itself.
const NAME_FILLERS: &[&str] = &[
    "and",
    "the",
    "of",
    "inc",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "llc",
    "plc",
    "lp",
    "sa",
    "ag",
    "nv",
    "gmbh",
    "group",
    "holdings",
    "international",
    "us",
    "usa",
];

/// The squashed spellings of `name` from its second word on ("salt-typhoon" → "typhoon"),
/// each at least three letters and not starting with a filler ("inc", "of america").
fn later_words(name: &str) -> Vec<String> {
    let slug = slugify(name);
    let parts: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    (1..parts.len())
        .filter(|&i| parts[i].len() >= 2 && !NAME_FILLERS.contains(&parts[i]))
        .map(|i| parts[i..].concat())
        .filter(|s| s.len() >= 3)
        .collect()
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
    /// For the table's filtered rows: the disclosure date as ISO (to sort by), the actors, the
    /// count affected as written and as a number (to sort by).
    i: String,
    a: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    r: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<u64>,
}

/// Words of no use to find an incident by, in the languages tally speaks: left out of the index
/// and ignored in a query, like the words too common to narrow anything.
const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "au", "aux", "by", "de", "des", "du", "en", "et", "for", "from", "has", "in", "is",
    "it", "its", "la", "le", "les", "of", "on", "or", "par", "pour", "sur", "that", "the", "to", "un", "une", "was",
    "were", "with",
];

/// The words a title is found by: folded to lower-case ASCII, split at anything but letters and
/// digits, two characters long at least. The browser splits a query the same way (`words` in
/// `static/search.js`).
pub fn title_words(title: &str) -> Vec<String> {
    let mut out: Vec<String> = slugify(title)
        .split('-')
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_string)
        .collect();
    out.dedup();
    out
}

/// What an alias is, said beside it when a search finds it: "Kaspersky's name for Salt
/// Typhoon", "former name of Lumen" (its note says "former ..."), else "another name for Lumen".
fn alias_note(words: &Words, alias: &Alias, name: &str) -> String {
    let note = alias.note.as_deref().unwrap_or("").trim().to_lowercase();
    let text = if let Some(by) = &alias.by {
        words.t("search_alias_by").replace("{by}", by)
    } else if note.starts_with("former") || note.starts_with("ancien") {
        words.t("search_alias_former").to_string()
    } else {
        words.t("search_alias_other").to_string()
    };
    text.replace("{name}", name)
}

fn json<T: Serialize>(v: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(v).map_err(|e| Error::internal("cannot write the search index", e))
}

/// `(path, bytes)` of every index file.
pub fn files(lib: &Library, urls: &Urls, words: &Words) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let total = lib.incidents.len();
    // Number n is the n-th most recently disclosed, the order of the lists.
    let order = latest_first_indices(lib);
    let mut numbers = vec![0; total];
    for (n, &i) in order.iter().enumerate() {
        numbers[i] = n;
    }
    let number = |library_index: usize| numbers[library_index];
    let mut out = Vec::new();

    let years: Vec<i32> = lib
        .incidents
        .iter()
        .map(year_of)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut f = String::with_capacity(total * 2);
    for e in order.iter().map(|&i| &lib.incidents[i]) {
        let y = years.binary_search(&year_of(e)).unwrap_or(0);
        let s = Status::ALL.iter().position(|&s| s == e.incident.status).unwrap_or(0);
        f.push(char::from_u32('A' as u32 + y as u32).unwrap_or('A'));
        f.push(char::from_u32('A' as u32 + s as u32).unwrap_or('A'));
    }

    // Each entity is filed under every spelling that finds it (once per shard).
    let mut named: Vec<(String, usize, usize)> = Vec::new();
    let mut entries: Vec<NameEntry> = Vec::new();
    let mut add = |name: &str, kind: &'static str, url: String, aliases: &[Alias], incidents: &[usize]| {
        // Parallel to the name then the aliases, so the browser knows which spelling matched.
        let spellings: Vec<String> = std::iter::once(name)
            .chain(aliases.iter().map(|a| a.name.as_str()))
            .map(squash)
            .collect();
        let mut ids: Vec<usize> = incidents.iter().map(|&i| number(i)).collect();
        ids.sort_unstable();
        let id = entries.len();
        let later: Vec<(String, usize)> = std::iter::once(name)
            .chain(aliases.iter().map(|a| a.name.as_str()))
            .enumerate()
            .flat_map(|(k, n)| later_words(n).into_iter().map(move |w| (w, k)))
            .filter(|(w, _)| !spellings.contains(w))
            .collect();
        let mut filed: Vec<&String> = spellings
            .iter()
            .chain(later.iter().map(|(w, _)| w))
            .filter(|s| !s.is_empty())
            .collect();
        filed.sort();
        filed.dedup();
        for s in filed {
            named.push((s.clone(), ids.len(), id));
        }
        entries.push(NameEntry {
            n: name.to_string(),
            k: kind,
            u: url,
            s: spellings,
            a: aliases.iter().map(|a| a.name.clone()).collect(),
            x: aliases.iter().map(|a| alias_note(words, a, name)).collect(),
            w: later,
            i: ids,
        });
    };
    for c in &lib.companies {
        let aliases = c.profile.as_ref().map_or(&[][..], |p| &p.aliases[..]);
        add(&c.name, "c", urls.company(&c.slug), aliases, &c.incidents);
    }
    for a in &lib.actors {
        let aliases = a.profile.as_ref().map_or(&[][..], |p| &p.aliases[..]);
        add(&a.name, "a", urls.actor(&a.slug), aliases, &a.incidents);
    }
    for c in &lib.campaigns {
        add(&c.name, "p", urls.campaign(&c.slug), &[], &c.incidents);
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
        for word in title_words(&e.incident.title) {
            postings.entry(word).or_default().insert(number(i));
        }
    }
    let common = (total / 10).max(50);
    let mut stop: Vec<String> = STOP_WORDS.iter().map(|w| w.to_string()).collect();
    let mut word_items: Vec<(String, usize, (String, Vec<usize>))> = Vec::new();
    for (w, ids) in postings {
        if ids.len() > common {
            stop.push(w);
        } else if !STOP_WORDS.contains(&w.as_str()) {
            word_items.push((w.clone(), ids.len(), (w, ids.into_iter().collect())));
        }
    }
    stop.sort();
    stop.dedup();
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
        stop,
    };
    out.push(("search/facets.json".to_string(), json(&facets)?));
    let newest_first: Vec<_> = order.iter().map(|&i| &lib.incidents[i]).collect();
    for (k, chunk) in newest_first.chunks(SHARD).enumerate() {
        let metas: Vec<Meta> = chunk
            .iter()
            .map(|e| Meta {
                t: crate::markdown::smart_text(&e.incident.title),
                u: urls.incident(&e.incident.slug),
                d: words.date(e.incident.disclosed),
                c: e.companies
                    .iter()
                    .map(|l| lib.companies[l.target].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                s: e.incident.status.as_str().to_string(),
                l: words.t(&format!("status_{}", e.incident.status.as_str())).to_string(),
                i: e.incident.disclosed.iso(),
                a: e.actors
                    .iter()
                    .map(|l| lib.actors[l.target].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                r: e.incident
                    .records
                    .as_ref()
                    .map(|r| super::format::records(words, r))
                    .unwrap_or_default(),
                n: e.incident.records.as_ref().map(|r| r.count),
            })
            .collect();
        out.push((format!("search/incidents/{k}.json"), json(&metas)?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::config::Language;

    #[test]
    fn titles_split_into_folded_words_of_two_characters_or_more() {
        assert_eq!(
            title_words("T-Mobile confirms 2021 hack; count rises to about 76 million"),
            ["mobile", "confirms", "2021", "hack", "count", "rises", "to", "about", "76", "million"]
        );
        assert_eq!(
            title_words("Fuite chez Orange Télécom : données exposées"),
            ["fuite", "chez", "orange", "telecom", "donnees", "exposees"]
        );
        assert_eq!(
            title_words("AT&T, Verizon and Lumen"),
            ["at", "verizon", "and", "lumen"]
        );
    }

    fn shipped() -> (Library, Vec<(String, Vec<u8>)>) {
        let opts = crate::BuildOptions {
            root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            ..Default::default()
        };
        let site = crate::prepare(&opts).unwrap();
        let words = Words::new(Language::En).unwrap();
        let files = files(&site.library, &Urls::new(""), &words).unwrap();
        (site.library, files)
    }

    fn file(files: &[(String, Vec<u8>)], path: &str) -> serde_json::Value {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no {path}"));
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn incidents_are_numbered_newest_disclosed_first_and_filed_by_disclosure_year() {
        let (lib, files) = shipped();
        let facets = file(&files, "search/facets.json");
        let first = file(&files, "search/incidents/0.json");
        let titles: Vec<&str> = first
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["t"].as_str().unwrap())
            .collect();
        assert_eq!(titles.len(), lib.incidents.len());
        assert!(
            titles[0].starts_with("Viasat named as a Salt Typhoon victim"),
            "{titles:?}"
        );
        // Titles as the pages show them, typographic apostrophes included.
        assert!(
            titles.iter().any(|t| t.contains("Salt Typhoon\u{2019}s victims")),
            "{titles:?}"
        );
        // Experian's breach began in 2013 and was disclosed in 2015: the last, and filed under 2015.
        assert!(titles[titles.len() - 1].starts_with("Experian says"), "{titles:?}");
        let years: Vec<i64> = facets["years"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y.as_i64().unwrap())
            .collect();
        let f = facets["f"].as_str().unwrap().as_bytes();
        let last = titles.len() - 1;
        assert_eq!(years[(f[2 * last] - b'A') as usize], 2015);
    }

    #[test]
    fn stop_words_are_left_out_and_listed() {
        let (_, files) = shipped();
        let facets = file(&files, "search/facets.json");
        let stop: Vec<&str> = facets["stop"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert!(stop.contains(&"the") && stop.contains(&"and"), "{stop:?}");
        let t = file(&files, "search/words/t.json");
        assert!(t.get("the").is_none() && t.get("typhoon").is_some(), "{t}");
    }

    #[test]
    fn aliases_say_what_they_are() {
        let (_, files) = shipped();
        let entry = |shard: &str, name: &str| {
            file(&files, shard)
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["n"] == name)
                .cloned()
                .unwrap_or_else(|| panic!("no {name} in {shard}"))
        };
        let lumen = entry("search/names/c.json", "Lumen");
        assert_eq!(lumen["s"][1], "centurylink");
        assert_eq!(lumen["a"][0], "CenturyLink");
        assert_eq!(lumen["x"][0], "former name of Lumen");
        assert_eq!(lumen["x"][1], "another name for Lumen");
        let salt = entry("search/names/g.json", "Salt Typhoon");
        let k = salt["a"]
            .as_array()
            .unwrap()
            .iter()
            .position(|a| a == "GhostEmperor")
            .unwrap();
        assert_eq!(salt["x"][k], "Kaspersky's name for Salt Typhoon");
        assert_eq!(salt["s"][k + 1], "ghostemperor");
        // Filed under its later words too, each with the spelling it comes from.
        let typhoon = entry("search/names/t.json", "Salt Typhoon");
        assert!(
            typhoon["w"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!(["typhoon", 0])),
            "{typhoon}"
        );
        let lapsus = entry("search/names/t.json", "LAPSUS$");
        let tempest = lapsus["a"]
            .as_array()
            .unwrap()
            .iter()
            .position(|a| a == "Strawberry Tempest")
            .unwrap();
        assert!(
            lapsus["w"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!(["tempest", tempest + 1])),
            "{lapsus}"
        );
    }

    #[test]
    fn later_words_skip_fillers_and_short_words() {
        assert_eq!(later_words("Salt Typhoon"), ["typhoon"]);
        assert_eq!(later_words("Bank of America Corp"), ["americacorp"]);
        assert_eq!(later_words("T-Mobile US"), ["mobileus"]);
        assert_eq!(later_words("Lumen"), Vec::<String>::new());
        assert_eq!(later_words("AT&T Inc."), Vec::<String>::new());
    }
}
