//! The keys a tracker's files are written with, at each level: what `validate` accepts, and
//! what `yaml` takes a line for when it explains a mistake.

pub const SITE: [&str; 9] = [
    "title",
    "description",
    "base_url",
    "language",
    "tally_rule",
    "cname",
    "per_page",
    "license",
    "feed_limit",
];

pub const INCIDENT: [&str; 16] = [
    "title",
    "disclosed",
    "occurred",
    "companies",
    "actors",
    "campaign",
    "status",
    "types",
    "records",
    "data",
    "tally",
    "summary",
    "sources",
    "updates",
    "draft",
    "added",
];

pub const COMPANY: [&str; 5] = ["name", "aliases", "sector", "country", "website"];

pub const ACTOR: [&str; 8] = [
    "name",
    "aliases",
    "kind",
    "country",
    "sponsor",
    "mitre",
    "first_seen",
    "sources",
];

/// An item of `sources`.
pub const SOURCE: [&str; 5] = ["id", "url", "publisher", "title", "date"];
/// An item of `updates`.
pub const UPDATE: [&str; 4] = ["date", "note", "status", "source"];
/// A name written as a claim (`- name: Salt Typhoon` with `by`, `confidence`, `source`).
pub const CLAIM: [&str; 4] = ["name", "by", "confidence", "source"];
/// A profile's alias written as a mapping.
pub const ALIAS: [&str; 3] = ["name", "by", "note"];
/// `records` written as a mapping.
pub const RECORDS: [&str; 3] = ["count", "unit", "approximate"];
/// `occurred` written as a span.
pub const SPAN: [&str; 2] = ["from", "to"];

/// Whether `key` is written at the top of a file (an incident's, a profile's, site.yaml).
pub fn is_top(key: &str) -> bool {
    [&INCIDENT[..], &COMPANY, &ACTOR, &SITE]
        .iter()
        .any(|keys| keys.contains(&key))
}

/// Whether `key` is written inside a list item or a mapping of a file.
pub fn is_inner(key: &str) -> bool {
    [&SOURCE[..], &UPDATE, &CLAIM, &ALIAS, &RECORDS, &SPAN]
        .iter()
        .any(|keys| keys.contains(&key))
}
