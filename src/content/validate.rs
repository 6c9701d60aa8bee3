//! Validate: raw text → the checked model.
//!
//! Each file is checked on its own and every problem in it is collected; nothing stops at the
//! first. Messages name the key, say what is wrong in plain words, and carry a hint saying what
//! to write instead. Lines and columns are those of the whole file, not of the front matter.

use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::content::config::{normalise_base_url, Config, Language};
use crate::content::keys::{
    self, ACTOR as ACTOR_KEYS, COMPANY as COMPANY_KEYS, INCIDENT as INCIDENT_KEYS, SITE as SITE_KEYS,
};
use crate::content::load::{split_front_matter, SourceFile, Tree};
use crate::content::model::{
    is_slug, slugify, ActorProfile, Alias, Claim, CompanyProfile, Confidence, Dates, Incident, NameRef, PartialDate,
    Records, Source, Stated, Status, Update, When,
};
use crate::content::yaml::{self, Locator, Node, Step};
use crate::diag::Diagnostic;

/// What validation accepted: each file that passed, and the settings.
#[derive(Debug)]
pub struct Checked {
    pub config: Config,
    pub incidents: Vec<Incident>,
    pub companies: Vec<CompanyProfile>,
    pub actors: Vec<ActorProfile>,
}

/// Checks the whole tree. The diagnostics hold every problem found; what passed is returned
/// beside them so later stages can report their own problems too.
pub fn validate(tree: &Tree) -> (Checked, Vec<Diagnostic>) {
    let mut diags = tree.problems.clone();
    let config = match &tree.site {
        Some(file) => {
            let (config, d) = site(file);
            diags.extend(d);
            config
        }
        None => {
            diags.push(
                Diagnostic::error(crate::content::load::SITE_FILE, 1, 1, "the tracker has no site.yaml").with_hint(
                    "create site.yaml beside content/ with at least `title:` and `base_url:` (tally init writes one)",
                ),
            );
            None
        }
    };
    let config = config.unwrap_or_else(|| Config::new("", "http://localhost"));

    let incidents = collect(&tree.incidents, incident, &mut diags);
    let companies = collect(&tree.companies, company, &mut diags);
    let actors = collect(&tree.actors, actor, &mut diags);
    (
        Checked {
            config,
            incidents,
            companies,
            actors,
        },
        diags,
    )
}

/// Checks files in parallel, keeping file order in both results and diagnostics.
fn collect<T: Send>(
    files: &[SourceFile],
    check: fn(&SourceFile) -> (Option<T>, Vec<Diagnostic>),
    diags: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let results: Vec<_> = files.par_iter().map(check).collect();
    let mut out = Vec::with_capacity(results.len());
    for (item, d) in results {
        diags.extend(d);
        out.extend(item);
    }
    out
}

/// Checks `site.yaml`.
pub fn site(file: &SourceFile) -> (Option<Config>, Vec<Diagnostic>) {
    let mut c = Check::new(&file.path, &file.text, &file.text, 0);
    let Some(mut f) = c.document() else {
        return (None, c.diags);
    };
    let before_errors = c.errors();
    let title = c.take_text(&mut f, "title", true);
    let description = c.take_text(&mut f, "description", false);
    let base_url = c
        .take_text(&mut f, "base_url", true)
        .and_then(|url| match normalise_base_url(&url) {
            Ok(url) => Some(url),
            Err(msg) => {
                c.error_at_value(
                    &[Step::Key("base_url")],
                    msg,
                    Some("write the address the site is published at, e.g. https://user.github.io/tracker".into()),
                );
                None
            }
        });
    let language = match c.take_text(&mut f, "language", false) {
        None => Some(Language::En),
        Some(code) => match Language::parse(&code) {
            Some(l) => Some(l),
            None => {
                let known: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
                c.error_at_value(
                    &[Step::Key("language")],
                    format!("`{code}` is not a language tally speaks"),
                    Some(format!("write one of: {}", known.join(", "))),
                );
                None
            }
        },
    };
    let tally_rule = c.take_text(&mut f, "tally_rule", false);
    let license = c.take_text(&mut f, "license", false);
    let cname = c
        .take_text(&mut f, "cname", false)
        .and_then(|host| match crate::content::config::check_cname(&host) {
            Ok(h) => Some(h),
            Err(msg) => {
                c.error_at_value(
                    &[Step::Key("cname")],
                    msg,
                    Some("leave out https:// and any path".into()),
                );
                None
            }
        });
    let per_page = match c.take(&mut f, "per_page", false) {
        None => Some(crate::content::config::PER_PAGE),
        Some(Node::Int(n)) if (1..=10_000).contains(&n) => Some(n as usize),
        Some(_) => {
            c.error_at_value(
                &[Step::Key("per_page")],
                "`per_page` must be a whole number from 1 to 10000",
                Some("write e.g. `per_page: 50`".into()),
            );
            None
        }
    };
    let feed_limit = match c.take(&mut f, "feed_limit", false) {
        None => Some(crate::content::config::FEED_LIMIT),
        Some(Node::Int(n)) if (1..=10_000).contains(&n) => Some(n as usize),
        Some(_) => {
            c.error_at_value(
                &[Step::Key("feed_limit")],
                "`feed_limit` must be a whole number from 1 to 10000",
                Some("write e.g. `feed_limit: 20`".into()),
            );
            None
        }
    };
    // A custom domain says where the site lives; base_url must say the same, or every link
    // (made from base_url) breaks there.
    if let (Some(host), Some(url)) = (&cname, &base_url) {
        let parsed = url::Url::parse(url).ok();
        let same_host = parsed.as_ref().and_then(|u| u.host_str()) == Some(host.as_str());
        let no_path = parsed.as_ref().is_some_and(|u| u.path().trim_matches('/').is_empty());
        if !(same_host && no_path) {
            let (line, column) = c.value_pos(&[Step::Key("cname")]);
            let harm = if no_path {
                format!("its canonical addresses, feeds and sitemap would name {url}")
            } else {
                "its links start with the path of `base_url`, which the custom domain does not have".to_string()
            };
            let d = Diagnostic::warning(
                &file.path,
                line,
                column,
                format!("`cname` publishes the site at https://{host}/, but `base_url` is {url}: {harm}"),
            )
            .with_hint(format!("write `base_url: https://{host}`, or leave `cname` out"))
            .with_source(&file.text);
            c.diags.push(d);
        }
    }
    c.unknown_keys(f, &[], &SITE_KEYS);
    if c.errors() > before_errors {
        return (None, c.diags);
    }
    let config = Config {
        title: title.unwrap_or_default(),
        description,
        base_url: base_url.unwrap_or_default(),
        language: language.unwrap_or_default(),
        tally_rule,
        cname,
        per_page: per_page.unwrap_or(crate::content::config::PER_PAGE),
        license,
        feed_limit: feed_limit.unwrap_or(crate::content::config::FEED_LIMIT),
    };
    (Some(config), c.diags)
}

/// Checks one incident file.
pub fn incident(file: &SourceFile) -> (Option<Incident>, Vec<Diagnostic>) {
    let (mut c, slug, body) = match Check::markdown(file) {
        Ok(parts) => parts,
        Err(diags) => return (None, diags),
    };
    if crate::content::model::is_reserved_incident_slug(&slug) {
        c.diags.push(
            Diagnostic::error(
                file.path.clone(),
                1,
                1,
                format!("the file name `{slug}.md` is taken by the site's own pages"),
            )
            .with_hint("start the name with the date it was disclosed, e.g. `2024-11-15-what-happened.md`"),
        );
    }
    let Some(mut f) = c.document() else {
        return (None, c.diags);
    };
    let before = c.errors();
    // A draft may leave required fields empty, so whether it is one is read first.
    let draft = c
        .take(&mut f, "draft", false)
        .map_or(Some(false), |n| c.boolean(&n, "draft"));
    c.draft = draft == Some(true);
    // Sources first: attributions, updates and citations refer to their ids.
    let before_sources = c.errors();
    let sources = c.take(&mut f, "sources", true).and_then(|n| c.sources(n, true));
    // With a broken source list, citations of it would only repeat that problem.
    let sources_ok = c.errors() == before_sources;
    let no_sources = Vec::new();
    let known = sources.as_ref().unwrap_or(&no_sources);
    let title = c.take_text(&mut f, "title", true);
    let disclosed = c.take(&mut f, "disclosed", true).and_then(|n| c.disclosed(&n));
    let occurred = c.take(&mut f, "occurred", false).and_then(|n| c.when(n));
    let companies = c
        .take(&mut f, "companies", true)
        .map(|n| c.names(n, "companies", true, None));
    let actors = c
        .take(&mut f, "actors", false)
        .map(|n| c.names(n, "actors", false, Some(known)))
        .unwrap_or_default();
    let campaign = c.take_text(&mut f, "campaign", false).map(|name| {
        let (line, column) = c.value_pos(&[Step::Key("campaign")]);
        NameRef {
            name,
            line,
            column,
            claim: Claim::default(),
        }
    });
    let written_status = c.take_text(&mut f, "status", false).map(|s| {
        let parsed = c.status(&s, &[Step::Key("status")]);
        (s, parsed)
    });
    let types = c
        .take(&mut f, "types", false)
        .map(|n| c.text_list(n, "types"))
        .unwrap_or_default();
    let records = c.take(&mut f, "records", false).and_then(|n| c.records(n));
    let data = c
        .take(&mut f, "data", false)
        .map(|n| c.text_list(n, "data"))
        .unwrap_or_default();
    let tally = c
        .take(&mut f, "tally", false)
        .map_or(Some(true), |n| c.boolean(&n, "tally"));
    let summary = c.take_text(&mut f, "summary", false);
    let updates = c
        .take(&mut f, "updates", false)
        .map(|n| c.updates(n, known))
        .unwrap_or_default();
    let added = c
        .take(&mut f, "added", false)
        .and_then(|n| c.day(&n, &[Step::Key("added")]));
    c.unknown_keys(f, &[], &INCIDENT_KEYS);
    let status = c.settle_status(written_status, &updates);
    let citations = if sources_ok {
        c.citations(body, known)
    } else {
        vec![0; known.len()]
    };
    if c.errors() > before {
        return (None, c.diags);
    }
    // What a draft left empty (each gap a warning above) gets a stand-in, so it previews.
    let (title, disclosed, companies, sources) = if c.draft {
        let disclosed = disclosed.or_else(|| c.draft_disclosed(&slug));
        (
            title.or_else(|| Some(slug.clone())),
            disclosed,
            companies.or_else(|| Some(Vec::new())),
            sources.or_else(|| Some(Vec::new())),
        )
    } else {
        (title, disclosed, companies, sources)
    };
    let (Some(title), Some(disclosed), Some(companies), Some(status), Some(tally), Some(sources), Some(draft)) =
        (title, disclosed, companies, status, tally, sources, draft)
    else {
        return (None, c.diags);
    };
    let incident = Incident {
        slug,
        path: file.path.clone(),
        title,
        disclosed,
        occurred,
        companies,
        actors,
        campaign,
        status,
        types,
        records,
        data,
        tally,
        summary,
        sources,
        updates,
        draft,
        // A slice of the file's text when it is one (always, as read); a copy otherwise.
        body: file
            .text
            .try_substr_from(body)
            .unwrap_or_else(|| arcstr::Substr::from(body)),
        citations,
        dates: Dates { added, modified: None },
    };
    (Some(incident), c.diags)
}

/// Checks one company profile.
pub fn company(file: &SourceFile) -> (Option<CompanyProfile>, Vec<Diagnostic>) {
    let (mut c, slug, body) = match Check::markdown(file) {
        Ok(parts) => parts,
        Err(diags) => return (None, diags),
    };
    let Some(mut f) = c.document() else {
        return (None, c.diags);
    };
    if c.an_incident_among_profiles(&f, &file.path, "company") {
        return (None, c.diags);
    }
    let before = c.diags.len();
    let name = c.take_text(&mut f, "name", true);
    let aliases = c
        .take(&mut f, "aliases", false)
        .map(|n| c.aliases(n))
        .unwrap_or_default();
    let sector = c.take_text(&mut f, "sector", false);
    let country = c.take_text(&mut f, "country", false);
    let website = c.take_text(&mut f, "website", false);
    if let Some(url) = &website {
        if !is_web_url(url) {
            c.error_at_value(
                &[Step::Key("website")],
                format!("`{url}` is not a web address"),
                Some("write the full address, starting with https://".into()),
            );
        }
    }
    c.unknown_keys(f, &[], &COMPANY_KEYS);
    if c.diags.len() > before {
        return (None, c.diags);
    }
    let Some(name) = name else { return (None, c.diags) };
    let profile = CompanyProfile {
        slug,
        path: file.path.clone(),
        name,
        aliases,
        sector,
        country,
        website,
        body: body.to_string(),
        dates: Dates::default(),
    };
    (Some(profile), c.diags)
}

/// Checks one threat-actor profile.
pub fn actor(file: &SourceFile) -> (Option<ActorProfile>, Vec<Diagnostic>) {
    let (mut c, slug, body) = match Check::markdown(file) {
        Ok(parts) => parts,
        Err(diags) => return (None, diags),
    };
    let Some(mut f) = c.document() else {
        return (None, c.diags);
    };
    if c.an_incident_among_profiles(&f, &file.path, "threat-actor") {
        return (None, c.diags);
    }
    let before = c.diags.len();
    let name = c.take_text(&mut f, "name", true);
    let aliases = c
        .take(&mut f, "aliases", false)
        .map(|n| c.aliases(n))
        .unwrap_or_default();
    let sources = c
        .take(&mut f, "sources", false)
        .map_or(Some(Vec::new()), |n| c.sources(n, false));
    let no_sources = Vec::new();
    let known = sources.as_ref().unwrap_or(&no_sources);
    let kind = c.take_text(&mut f, "kind", false);
    let country = c
        .take(&mut f, "country", false)
        .and_then(|n| c.stated(n, "country", known));
    let sponsor = c
        .take(&mut f, "sponsor", false)
        .and_then(|n| c.stated(n, "sponsor", known));
    let mitre = c.take_text(&mut f, "mitre", false);
    if let Some(id) = &mitre {
        let ok = id.len() == 5 && id.starts_with('G') && id[1..].bytes().all(|b| b.is_ascii_digit());
        if !ok {
            c.error_at_value(
                &[Step::Key("mitre")],
                format!("`{id}` is not a MITRE ATT&CK group ID"),
                Some("write the group's ID as it appears on attack.mitre.org, e.g. G1045".into()),
            );
        }
    }
    let first_seen = c
        .take(&mut f, "first_seen", false)
        .and_then(|n| c.partial(&n, &[Step::Key("first_seen")]));
    c.unknown_keys(f, &[], &ACTOR_KEYS);
    let citations = c.citations(body, known);
    if c.diags.len() > before {
        return (None, c.diags);
    }
    let Some(name) = name else { return (None, c.diags) };
    let profile = ActorProfile {
        slug,
        path: file.path.clone(),
        name,
        aliases,
        kind,
        country,
        sponsor,
        mitre,
        first_seen,
        sources: sources.unwrap_or_default(),
        body: body.to_string(),
        citations,
        dates: Dates::default(),
    };
    (Some(profile), c.diags)
}

/// What a count written another way is, and what to write: `1,200,000` → `1200000`,
/// `1.2 billion` → `1200000000`, `5000 customers` → a count with its unit, `about 5000` → an
/// estimate, `unknown` → nothing.
fn count_hint(raw: &str, key: &str) -> (String, String) {
    let text = raw.trim_matches(['"', '\'']).trim();
    let lower = text.to_lowercase();
    let shown = format!("`{text}`");
    let example = "write a whole number without spaces or words, e.g. 37000000; for an estimate (\"about 37 million\") write `records: {count: 37000000, unit: accounts, approximate: true}`; leave `records` out when the number is unknown";
    if [
        "unknown",
        "not known",
        "n/a",
        "na",
        "?",
        "tbd",
        "undisclosed",
        "not disclosed",
        "none",
    ]
    .contains(&lower.as_str())
    {
        return (
            shown,
            "leave `records` out when the number is not known: pages then say \"not disclosed\"".to_string(),
        );
    }
    // Words before the number that make it an estimate.
    let (approximate, rest) = [
        "about ",
        "around ",
        "approximately ",
        "roughly ",
        "~",
        "over ",
        "more than ",
        "nearly ",
        "almost ",
        "up to ",
    ]
    .iter()
    .find_map(|w| lower.strip_prefix(w).map(|r| (true, r.trim())))
    .unwrap_or((false, lower.as_str()));
    // The number, with its separators and a scale word.
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '_' | '\u{a0}' | '\u{202f}' | '\'')))
        .unwrap_or(rest.len());
    let (digits, words) = (rest[..end].trim(), rest[end..].trim());
    // `5,000+ customers`: more than, an estimate.
    let (approximate, words) = match words.strip_prefix('+') {
        Some(w) => (true, w.trim()),
        None => (approximate, words),
    };
    let (scale, unit) = match words.split_once(' ').unwrap_or((words, "")) {
        ("thousand" | "k", u) => (1_000u64, u),
        ("million" | "millions" | "m" | "mn", u) => (1_000_000, u),
        ("billion" | "billions" | "bn" | "b", u) => (1_000_000_000, u),
        _ => (1, words),
    };
    let value = if scale > 1 {
        // "1.2 million", and "1,5 million" as French writes it: a mark before one or two
        // digits at the end is the decimal point; other marks separate thousands.
        let (whole, fraction) = match digits.rfind([',', '.']) {
            Some(i) if (2..=3).contains(&(digits.len() - i)) => (&digits[..i], &digits[i + 1..]),
            _ => (digits, ""),
        };
        let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
        format!("{whole}.{fraction}0")
            .parse::<f64>()
            .ok()
            .map(|f| (f * scale as f64).round() as u64)
    } else {
        // Separators between groups of three digits (`1,200,000`, `1 200 000`); `1.5` is a
        // fraction, not a count.
        let mut groups = digits.split([',', '.', ' ', '_', '\u{a0}', '\u{202f}', '\'']);
        let grouped = digits.bytes().all(|b| b.is_ascii_digit())
            || (groups.next().is_some_and(|g| (1..=3).contains(&g.len())) && groups.all(|g| g.len() == 3));
        let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
        grouped.then(|| plain.parse::<u64>().ok()).flatten()
    };
    let Some(n) = value.filter(|_| !digits.is_empty()) else {
        return (shown, example.into());
    };
    let unit = unit.trim();
    // Inside `records: {...}`, the count is its own key: the rest goes in the keys beside it.
    if key == "count" {
        let mut keys = format!("`count: {n}`");
        if !unit.is_empty() {
            keys.push_str(&format!(" and `unit: {unit}`"));
        }
        if approximate {
            keys.push_str(" and `approximate: true`");
        }
        return (shown, format!("write {keys}"));
    }
    let written = match (unit.is_empty(), approximate) {
        (true, false) => format!("`{key}: {n}`"),
        (true, true) => format!("`{key}: {{count: {n}, unit: records, approximate: true}}`"),
        (false, false) => format!("`{key}: {{count: {n}, unit: {unit}}}`"),
        (false, true) => format!("`{key}: {{count: {n}, unit: {unit}, approximate: true}}`"),
    };
    (shown, format!("write {written}"))
}

/// The text inside typographic quotation marks (“…”, ‘…’, «…», „…“) that wrap a whole value:
/// a word processor's quotes, which YAML takes as part of the text.
pub fn typographic_quotes(text: &str) -> Option<&str> {
    let t = text.trim();
    let mut chars = t.chars();
    let (open, close) = (chars.next()?, chars.next_back()?);
    let pairs = [
        ('“', '”'),
        ('”', '”'),
        ('‘', '’'),
        ('’', '’'),
        ('«', '»'),
        ('„', '“'),
        ('"', '”'),
        ('“', '"'),
    ];
    pairs
        .contains(&(open, close))
        .then(|| t[open.len_utf8()..t.len() - close.len_utf8()].trim())
        .filter(|inner| !inner.is_empty())
}

pub fn is_web_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

/// The closest of `words` to `word`, when one is close enough to be a likely typo.
pub fn did_you_mean<'w>(word: &str, words: &[&'w str]) -> Option<&'w str> {
    let lower = word.to_lowercase();
    words
        .iter()
        // `unconfirmed` is not a misspelling of `confirmed`: it says the opposite.
        .filter(|w| !is_negation_of(&lower, &w.to_lowercase()))
        .map(|w| (strsim::jaro_winkler(&lower, &w.to_lowercase()), *w))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, w)| w)
}

/// Whether `word` is `base` negated: `unconfirmed`, `not confirmed`, `non-confirmed`.
fn is_negation_of(word: &str, base: &str) -> bool {
    ["un", "non", "non-", "not ", "not-"]
        .iter()
        .any(|prefix| word.strip_prefix(prefix) == Some(base))
}

/// Words written for a status, a confidence or a key that mean one of the words tally knows
/// (or its opposite), with what to write instead. They are looked up before the nearest word by
/// its letters, which for these can be wrong (`date` is nearest `data`).
const MEANT: [(&str, &str, &str); 28] = [
    // (what is checked, the word written, the hint)
    ("status", "unconfirmed", "nobody has confirmed it: write `reported` when credible outlets report it, `alleged` when it is only claimed (by the attackers, say)"),
    ("status", "unverified", "nobody has confirmed it: write `reported` when credible outlets report it, `alleged` when it is only claimed (by the attackers, say)"),
    ("status", "claimed", "write `alleged`: claimed, for example by the attackers, but not established"),
    ("status", "rumored", "write `alleged`: claimed, for example by the attackers, but not established"),
    ("status", "rumoured", "write `alleged`: claimed, for example by the attackers, but not established"),
    ("status", "denied", "write `disputed`: the company, or other sources, contest the report"),
    ("status", "contested", "write `disputed`: the company, or other sources, contest the report"),
    ("status", "verified", "write `confirmed`: the company or an authority has confirmed it"),
    ("status", "withdrawn", "write `retracted`: the report was withdrawn"),
    ("status", "debunked", "write `retracted`: the report was withdrawn"),
    ("confidence", "medium", "write `moderate`"),
    ("confidence", "certain", "write `confirmed`"),
    ("key", "date", "write `disclosed` for the day it was made public, `occurred` for when it happened"),
    ("key", "published", "write `disclosed` for the day it was made public"),
    ("key", "published", "write `date` for the day the source was published"),
    ("key", "disclosure", "write `disclosed` for the day it was made public"),
    ("key", "headline", "write `title`"),
    ("key", "description", "write `summary` for one sentence in lists and feeds, or put the text below the closing `---`"),
    ("key", "victims", "write `companies`"),
    ("key", "victim", "write `companies`"),
    ("key", "targets", "write `companies`"),
    ("key", "attackers", "write `actors`"),
    ("key", "attacker", "write `actors`"),
    ("key", "group", "write `actors`"),
    ("key", "tags", "write `types` for the kinds of attack"),
    ("key", "confidence", "a confidence goes with an attribution, under `actors` (`- {name: Salt Typhoon, confidence: moderate}`); how established the incident is, is its `status`"),
    ("key", "url", "list each address under `sources`, with its publisher"),
    ("key", "link", "list each address under `sources`, with its publisher"),
];

/// The hint for `word` written where `what` (`status`, `confidence`, `key`) is checked, when it
/// is a word of [`MEANT`] whose advice names one of `words` (the words allowed there).
fn meant(what: &str, word: &str, words: &[&str]) -> Option<&'static str> {
    let lower = word.trim().to_lowercase();
    let lower = if is_negation_of(&lower, "confirmed") || is_negation_of(&lower, "verified") {
        "unconfirmed"
    } else {
        &lower
    };
    MEANT
        .iter()
        .find(|(w, written, hint)| {
            *w == what && *written == lower && words.iter().any(|k| hint.contains(&format!("`{k}`")))
        })
        .map(|(_, _, hint)| *hint)
}

/// Two sentences of a hint, the first a question or not.
fn then(first: &str, second: &str) -> String {
    if first.ends_with('?') {
        format!("{first} {second}")
    } else {
        format!("{first}. {second}")
    }
}

/// What to write instead of `word`, one of `words`, where `what` is checked.
fn instead(what: &str, word: &str, words: &[&str]) -> Option<String> {
    // "medium confidence", "high confidence": the word, with one more.
    let lower = word.trim().to_lowercase();
    let bare = lower.strip_suffix(" confidence").unwrap_or(&lower);
    if let Some(hint) = meant(what, bare, words) {
        return Some(hint.to_string());
    }
    if let Some(w) = words.iter().find(|w| **w == bare && bare != lower) {
        return Some(format!("write `{w}`"));
    }
    did_you_mean(word, words).map(|w| format!("did you mean `{w}`?"))
}

/// The keys of a mapping, taken one by one as they are checked.
struct Fields {
    entries: Vec<(String, Node)>,
}

impl Fields {
    fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    /// Takes a key's value out, as written (an empty value is `Node::Null`).
    fn take(&mut self, key: &str) -> Option<Node> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(i).1)
    }

    /// Takes an optional key's value out; an empty value counts as absent.
    fn optional(&mut self, key: &str) -> Option<Node> {
        self.take(key).filter(|n| *n != Node::Null)
    }
}

/// The path of `key` inside the mapping at `at`.
fn child<'s>(at: &[Step<'s>], key: &'s str) -> Vec<Step<'s>> {
    let mut path = at.to_vec();
    path.push(Step::Key(key));
    path
}

/// The checking state for one file.
struct Check<'a> {
    path: &'a Path,
    /// The whole file's text, for showing lines.
    text: &'a str,
    /// The YAML text.
    yaml: &'a str,
    /// Lines of the file before the YAML starts.
    offset: usize,
    loc: Locator<'a>,
    diags: Vec<Diagnostic>,
    /// A draft (`draft: true`): a required field left empty is a warning, not an error.
    draft: bool,
    /// Whether a value may start with `&` or `!`, which YAML takes for its own and drops
    /// (`title: !Update Verizon` reads "Verizon"): rare, so values are looked at only then.
    marks: bool,
}

impl<'a> Check<'a> {
    fn new(path: &'a Path, text: &'a str, yaml: &'a str, offset: usize) -> Self {
        Check {
            path,
            text,
            yaml,
            offset,
            loc: Locator::new(yaml),
            diags: Vec::new(),
            draft: false,
            marks: [": &", ": !", "- &", "- !"].iter().any(|m| yaml.contains(m)),
        }
    }

    /// How many errors were found so far (warnings do not reject a file).
    fn errors(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }

    /// A required value left empty: an error, or in a draft a warning that says the gap must
    /// be filled before it is published.
    fn empty(&mut self, (line, column): (usize, usize), message: String, hint: String) {
        if !self.draft {
            self.push((line, column), message, Some(hint));
            return;
        }
        let d = Diagnostic::warning(self.path, line, column, message)
            .with_hint(format!(
                "{hint}\n(a draft may leave it empty; fill it in before removing `draft: true`)"
            ))
            .with_source(self.text);
        self.diags.push(d);
    }

    /// The disclosure date of a draft that left `disclosed` empty: the date its file name
    /// starts with (as `tally new` writes it). Without one it is an error.
    fn draft_disclosed(&mut self, slug: &str) -> Option<PartialDate> {
        let from_name = slug.get(..10).and_then(|d| PartialDate::parse(d).ok());
        if from_name.is_none() {
            let at = self.value_pos(&[Step::Key("disclosed")]);
            self.push(
                at,
                "a draft needs `disclosed`, or a file name that starts with the date".into(),
                Some(self.example("disclosed")),
            );
        }
        from_name
    }

    /// Splits a Markdown file and checks its name; the diagnostic when it cannot be split.
    fn markdown(file: &'a SourceFile) -> Result<(Check<'a>, String, &'a str), Vec<Diagnostic>> {
        let fm = split_front_matter(&file.text).map_err(|e| {
            vec![Diagnostic::error(file.path.clone(), e.line, 1, e.message)
                .with_hint(e.hint)
                .with_source(&file.text)]
        })?;
        let mut c = Check::new(&file.path, &file.text, fm.yaml, fm.yaml_offset);
        let stem = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if !is_slug(&stem) {
            let better = slugify(&stem);
            c.diags.push(
                Diagnostic::error(
                    file.path.clone(),
                    1,
                    1,
                    format!("the file name `{stem}.md` cannot be a web address"),
                )
                .with_hint(format!(
                    "file names use lower-case letters, digits and hyphens: rename it to `{}.md`",
                    if better.is_empty() {
                        "incident-name".into()
                    } else {
                        better
                    }
                )),
            );
        }
        Ok((c, stem, fm.body))
    }

    /// Parses the YAML and requires a mapping at its top.
    fn document(&mut self) -> Option<Fields> {
        match yaml::parse(self.yaml, self.offset) {
            Err(e) => {
                let line = e.line;
                // An error found at the end of the text belongs to its last line, not the fence.
                let last = self
                    .yaml
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.trim().is_empty())
                    .last()
                    .map_or(1, |(i, _)| i + 1);
                let (line, column) = if e.line > last + self.offset {
                    (last + self.offset, 1)
                } else {
                    (line, e.column)
                };
                let d = Diagnostic::error(
                    self.path,
                    line,
                    column,
                    format!("{} is not valid YAML: {}", self.what(), e.message),
                )
                .with_hint(e.hint)
                .with_source(self.text);
                self.diags.push(d);
                None
            }
            Ok(Node::Map(entries)) => Some(Fields { entries }),
            Ok(other) => {
                self.error(
                    &[],
                    format!("{} must be keys and values, not {}", self.what(), other.kind()),
                    Some("write one `key: value` per line".into()),
                );
                None
            }
        }
    }

    /// The file position (1-based) of a path inside the YAML.
    fn pos(&self, at: &[Step]) -> (usize, usize) {
        if at.is_empty() {
            return (self.offset + 1, 1);
        }
        let spot = self.loc.find(at);
        (spot.line + 1 + self.offset, spot.column + 1)
    }

    /// The position of the value at a path: after `key: ` or `- ` on its line.
    fn value_pos(&self, at: &[Step]) -> (usize, usize) {
        let (line, column) = self.pos(at);
        match self.text.lines().nth(line - 1) {
            Some(text) => (line, crate::content::yaml::value_column(text, column, at)),
            None => (line, column),
        }
    }

    /// What the text checked is: `site.yaml` (read whole, from its first line) or a file's
    /// front matter.
    fn what(&self) -> &'static str {
        if self.offset == 0 {
            "site.yaml"
        } else {
            "the front matter"
        }
    }

    /// What to write for `key`, in this file: site.yaml's title names the tracker.
    fn example(&self, key: &str) -> String {
        match (self.offset, key) {
            (0, "title") => "write the tracker's name, e.g. `title: Telecom breach tracker`".into(),
            (0, "description") => "write one sentence on what the tracker follows".into(),
            _ => example(key),
        }
    }

    /// Whether a profile's front matter is an incident's (`title` and `disclosed`, no `name`):
    /// one error saying where it goes, rather than one per key it does not know.
    fn an_incident_among_profiles(&mut self, f: &Fields, path: &std::path::Path, kind: &str) -> bool {
        if f.has("name") || !f.has("title") || !(f.has("disclosed") || f.has("companies")) {
            return false;
        }
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        self.push(
            (1 + self.offset, 1),
            format!("this is an incident (it has `title` and `disclosed`), saved among the {kind} profiles"),
            Some(format!("move it to `content/incidents/{name}`")),
        );
        true
    }

    fn push(&mut self, (line, column): (usize, usize), message: String, hint: Option<String>) {
        let mut d = Diagnostic::error(self.path, line, column, message).with_source(self.text);
        d.hint = hint;
        self.diags.push(d);
    }

    fn error(&mut self, at: &[Step], message: impl Into<String>, hint: Option<String>) {
        self.push(self.pos(at), message.into(), hint);
    }

    fn error_at_value(&mut self, at: &[Step], message: impl Into<String>, hint: Option<String>) {
        self.push(self.value_pos(at), message.into(), hint);
    }

    /// Where a missing key would go: the closing `---` of the front matter.
    fn missing(&mut self, key: &str, hint: String) {
        let yaml_lines = self.yaml.lines().count();
        let line = if self.offset == 0 {
            1
        } else {
            self.offset + yaml_lines + 1
        };
        self.push((line, 1), format!("`{key}` is missing"), Some(hint));
    }

    fn take(&mut self, f: &mut Fields, key: &str, required: bool) -> Option<Node> {
        match f.take(key) {
            Some(Node::Null) if required => {
                self.null(&[Step::Key(key)], key);
                None
            }
            None if required => {
                let hint = match self.misspelt(f, &[], key) {
                    Some(hint) => hint,
                    None => format!("add it: {}", self.example(key)),
                };
                self.missing(key, hint);
                None
            }
            node => node.filter(|n| *n != Node::Null),
        }
    }

    /// When a required `key` is missing: a key written beside it that is probably it
    /// (`compnies` for `companies`), so the two messages name one fix.
    fn misspelt(&self, f: &Fields, at: &[Step], key: &str) -> Option<String> {
        // A word with a meaning of its own (`published`, `date`) is not a misspelling: its
        // unknown-key message says what to write.
        let has_meaning = |k: &str| {
            MEANT
                .iter()
                .any(|(w, written, _)| *w == "key" && *written == k.to_lowercase())
        };
        let (written, _) = f.entries.iter().find(|(k, _)| {
            meant("key", k, &[key]).is_some() || (!has_meaning(k) && did_you_mean(k, &[key]).is_some())
        })?;
        let (line, _) = self.pos(&child(at, written));
        Some(format!(
            "`{written}` on line {line} is probably meant: write `{key}` there"
        ))
    }

    fn take_text(&mut self, f: &mut Fields, key: &str, required: bool) -> Option<String> {
        let node = self.take(f, key, required)?;
        self.text_at(&node, &[Step::Key(key)], key)
    }

    /// A scalar as text; numbers are accepted as written (`title: 2024` is the text "2024").
    fn text_at(&mut self, node: &Node, at: &[Step], what: &str) -> Option<String> {
        if let Some(written) = self.as_written(node, at) {
            return Some(written);
        }
        if self.marks {
            if let Some(raw) = self.raw(at).filter(|r| r.starts_with(['&', '!'])) {
                let mark = &raw[..1];
                self.error_at_value(
                    at,
                    format!(
                        "the value starts with `{mark}`, which YAML takes for its own and drops with the word after it"
                    ),
                    Some(format!(
                        "put the whole value in single quotes: `{what}: {}`",
                        crate::content::yaml::single_quoted(&raw)
                    )),
                );
                return None;
            }
        }
        match node.scalar_text() {
            Some(s) if !s.trim().is_empty() => {
                self.comment_after(at, what, s.trim());
                Some(s.trim().to_string())
            }
            Some(_) => {
                let at = self.value_pos(at);
                self.empty(at, format!("`{what}` is empty"), self.example(what));
                None
            }
            None => {
                self.error_at_value(
                    at,
                    format!("`{what}` must be text, not {}", node.kind()),
                    Some(self.example(what)),
                );
                None
            }
        }
    }

    /// A warning when YAML cut a plain one-line value at ` #`, which it reads as the start of a
    /// comment: `title: Carrier #1 hit by ransomware` is the title "Carrier". A comment on a
    /// quoted value, or on a line of its own, is left alone.
    fn comment_after(&mut self, at: &[Step], what: &str, value: &str) {
        // A word from a closed list or an address cannot hold the comment: the value reads
        // right, and quoting it would make it wrong.
        if matches!(what, "status" | "confidence" | "id" | "url" | "source") {
            return;
        }
        // Most front matter has no `#` at all: nothing to look for, line by line.
        if !self.yaml.contains('#') {
            return;
        }
        let Some((line, column, rest)) = self.line_from_value(at) else {
            return;
        };
        if rest.starts_with(['"', '\'', '|', '>']) || rest.trim_end() == value {
            return;
        }
        let Some(cut) = rest.find(" #").or_else(|| rest.find("\t#")) else {
            return;
        };
        // A comment meant as one is set apart (`name: Lumen   # required`, `# the parent`);
        // a `#` that touches its word after a single space is text (`#1`, `#breach`).
        let after = &rest[cut + 2..];
        if rest[..cut].ends_with([' ', '\t']) || after.is_empty() || after.starts_with([' ', '\t']) {
            return;
        }
        // The value must end where the comment starts: a value running on over more lines is
        // not this case.
        if rest[..cut].trim() != value {
            return;
        }
        let comment = rest[cut..].trim();
        let whole = rest.trim_end();
        let d = Diagnostic::warning(
            self.path,
            line,
            column + rest[..cut].chars().count() + 1,
            format!(
                "{} ends at `{value}`: YAML reads `{comment}` after it as a comment and leaves it out",
                match at.last() {
                    Some(Step::Index(n)) => format!("item {} of `{what}`", n + 1),
                    _ => format!("`{what}`"),
                }
            ),
        )
        .with_hint(format!(
            "if it is part of the value, put the whole value in single quotes: `{}`; if it is a note to yourself, put it on a line of its own",
            match at.last() {
                Some(Step::Index(_)) => format!("- {}", crate::content::yaml::single_quoted(whole)),
                _ => format!("{what}: {}", crate::content::yaml::single_quoted(whole)),
            }
        ))
        .with_source(self.text);
        self.diags.push(d);
    }

    /// Whether the value at `at` is written in quotation marks.
    fn quoted(&self, at: &[Step]) -> bool {
        self.raw(at).is_some_and(|r| r.starts_with(['"', '\'']))
    }

    /// A required value YAML reads as empty: left empty, or written `null` or `~`, which YAML
    /// takes for "nothing" (a title "Null" must be quoted).
    fn null(&mut self, at: &[Step], key: &str) {
        let pos = self.value_pos(at);
        match self
            .raw(at)
            .filter(|r| ["null", "Null", "NULL", "~"].contains(&r.as_str()))
        {
            Some(raw) => self.push(
                pos,
                format!("`{key}` is `{raw}`, which YAML reads as empty"),
                Some(format!(
                    "if that is the value, put it in quotes: `{key}: {}`",
                    crate::content::yaml::single_quoted(&raw)
                )),
            ),
            None => self.empty(pos, format!("`{key}` is empty"), self.example(key)),
        }
    }

    /// The value at `at` as the line writes it, up to a comment.
    fn raw(&self, at: &[Step]) -> Option<String> {
        let (_, _, rest) = self.line_from_value(at)?;
        Some(rest.split(" #").next()?.trim().to_string())
    }

    /// Where the value at `at` starts (line, column) and its line from there, comment and all.
    fn line_from_value(&self, at: &[Step]) -> Option<(usize, usize, String)> {
        let (line, column) = self.value_pos(at);
        let text = self.text.lines().nth(line.checked_sub(1)?)?;
        Some((line, column, text.chars().skip(column - 1).collect()))
    }

    /// A number or true/false where text is wanted, as the file writes it: YAML reads
    /// `title: 1.0` as the number 1, which would print as "1".
    fn as_written(&self, node: &Node, at: &[Step]) -> Option<String> {
        if !matches!(node, Node::Int(_) | Node::Float(_) | Node::Bool(_)) {
            return None;
        }
        let raw = self.raw(at)?;
        // What YAML reads the text as must be the value itself (`0x1F` is 31, `1.0` is 1):
        // then the text is what the writer meant.
        let read = crate::content::yaml::parse_scalar(&raw)?;
        (read == *node).then_some(raw)
    }

    /// Reports each key not in `known`, with a did-you-mean.
    fn unknown_keys(&mut self, f: Fields, at: &[Step], known: &[&str]) {
        for (key, _) in f.entries {
            let mut path = at.to_vec();
            path.push(Step::Key(&key));
            let pos = self.pos(&path);
            let in_braces = self
                .text
                .lines()
                .nth(pos.0.saturating_sub(1))
                .is_some_and(|l| l.contains('{'));
            let hint = match instead("key", &key, known) {
                Some(hint) => hint,
                // `- {date: 2025-02-12, note: The company, which declined, confirmed it.}`
                None if in_braces && (key.contains(' ') || key.starts_with(|c: char| c.is_ascii_digit())) => format!(
                    "inside {{ }} a comma or a `: ` starts another key, so `{key}` was read as one: put the text in single quotes (`note: 'The company, which declined, confirmed it.'`), or write the item over two lines, `- date: 2025-02-12` and `  note: ...` under it"
                ),
                // No key has a space: this is text, read as a key for its `: `.
                None if key.contains(' ') => "if this line continues the value of the line above, put the whole value on that line, in quotes; if it is the write-up, end the front matter above it with a line of only `---`".to_string(),
                None => format!("the keys here are: {}", known.join(", ")),
            };
            self.push(pos, format!("unknown key `{key}`"), Some(hint));
        }
    }

    fn fields(&mut self, node: Node, at: &[Step], what: &str) -> Option<Fields> {
        match node {
            Node::Map(entries) => Some(Fields { entries }),
            other => {
                self.error_at_value(
                    at,
                    format!("`{what}` must be a set of keys, not {}", other.kind()),
                    Some(self.example(what)),
                );
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, key: &str) -> Option<bool> {
        match node {
            Node::Bool(b) => Some(*b),
            other => {
                self.error_at_value(
                    &[Step::Key(key)],
                    format!("`{key}` must be true or false, not {}", other.kind()),
                    Some(format!("write `{key}: true` or `{key}: false`")),
                );
                None
            }
        }
    }

    /// A full day, YYYY-MM-DD.
    fn day(&mut self, node: &Node, at: &[Step]) -> Option<NaiveDate> {
        let key = last_key(at);
        match self.partial(node, at)? {
            PartialDate::Day(d) => Some(d),
            other => {
                self.error_at_value(
                    at,
                    format!("`{key}` needs the full day, not only `{other}`"),
                    Some("write the date as YYYY-MM-DD, e.g. 2024-11-15: the day orders the changes log; when only the month is known, use the day of the report the change comes from".into()),
                );
                None
            }
        }
    }

    /// The disclosure date: the day, or the month when the day is not known.
    fn disclosed(&mut self, node: &Node) -> Option<PartialDate> {
        let at = [Step::Key("disclosed")];
        match self.partial(node, &at)? {
            PartialDate::Year(y) => {
                self.error_at_value(
                    &at,
                    format!("`disclosed` needs at least the month, not only `{y}`"),
                    Some("write the day it became public as YYYY-MM-DD (or YYYY-MM if the day is not known)".into()),
                );
                None
            }
            d => Some(d),
        }
    }

    /// YYYY, YYYY-MM or YYYY-MM-DD.
    fn partial(&mut self, node: &Node, at: &[Step]) -> Option<PartialDate> {
        let key = last_key(at);
        let text = match node {
            Node::Str(s) => s.clone(),
            Node::Int(i) => i.to_string(),
            other => {
                self.error_at_value(
                    at,
                    format!("`{key}` must be a date, not {}", other.kind()),
                    Some(format!("write {}, e.g. 2024-11-15", date_form(at))),
                );
                return None;
            }
        };
        match PartialDate::parse(&text) {
            Ok(d) => Some(d),
            Err(msg) => {
                let form = date_form(at);
                // A guess without the day is no help where the day is needed.
                // “2025-02-10”: a word processor's quotes are part of the text to YAML.
                let bare = typographic_quotes(&text).filter(|inner| PartialDate::parse(inner).is_ok());
                let guess = PartialDate::guess(&text).filter(|g| form != "YYYY-MM-DD" || g.len() == form.len());
                let hint = match (bare, guess) {
                    (Some(bare), _) => format!("write `{key}: {bare}`, without the typographic quotation marks, which YAML reads as part of the text"),
                    (None, Some(guess)) => format!("write `{key}: {guess}` ({form})"),
                    (None, None) => format!("write {form}, e.g. 2024-11-15"),
                };
                self.error_at_value(at, msg, Some(hint));
                None
            }
        }
    }

    fn when(&mut self, node: Node) -> Option<When> {
        let at = [Step::Key("occurred")];
        match node {
            Node::Map(entries) => {
                let mut f = Fields { entries };
                let from = self.take_in(&mut f, &at, "from");
                let to = self.take_in(&mut f, &at, "to");
                self.unknown_keys(f, &at, &keys::SPAN);
                let from = from.and_then(|n| self.partial(&n, &child(&at, "from")));
                let to = to.and_then(|n| self.partial(&n, &child(&at, "to")));
                let (from, to) = (from?, to?);
                if from.sort_key() > to.sort_key() {
                    self.error(
                        &[Step::Key("occurred"), Step::Key("to")],
                        format!("`occurred` ends ({to}) before it starts ({from})"),
                        Some("swap `from` and `to`".into()),
                    );
                    return None;
                }
                Some(When::Range { from, to })
            }
            other => {
                // `2024-01 to 2024-02`, `2023-2024`, `Q1 2024`, `[2024-01, 2024-02]`: a span
                // written as one value, which the hint for one date would cut in half.
                if let Some((from, to)) = span_written(&other) {
                    self.error_at_value(
                        &at,
                        "`occurred` is a span written as one value",
                        Some(format!(
                            "write a span with its two ends: `occurred: {{from: {from}, to: {to}}}`"
                        )),
                    );
                    return None;
                }
                self.partial(&other, &at).map(When::At)
            }
        }
    }

    /// A required key inside a nested mapping; reported at the mapping when missing.
    fn take_in(&mut self, f: &mut Fields, at: &[Step], key: &str) -> Option<Node> {
        match f.take(key) {
            Some(Node::Null) => {
                self.null(&child(at, key), key);
                None
            }
            Some(node) => Some(node),
            None => {
                let parent = last_key(at);
                let hint = match self.misspelt(f, at, key) {
                    Some(hint) => hint,
                    None => format!("add `{key}:` under `{parent}`: {}", self.example(key)),
                };
                let whose = match at.last() {
                    Some(Step::Index(i)) => format!("item {} of `{parent}`", i + 1),
                    _ => format!("`{parent}`"),
                };
                self.error(at, format!("{whose} has no `{key}`"), Some(hint));
                None
            }
        }
    }

    /// A list of items; a single scalar is accepted as a list of one.
    fn list(&mut self, node: Node, key: &str) -> Vec<Node> {
        match node {
            Node::List(items) => items,
            Node::Map(_) => {
                self.error_at_value(
                    &[Step::Key(key)],
                    format!("`{key}` must be a list"),
                    Some(self.example(key)),
                );
                Vec::new()
            }
            scalar => vec![scalar],
        }
    }

    fn text_list(&mut self, node: Node, key: &str) -> Vec<String> {
        let is_list = matches!(node, Node::List(_));
        let items = self.list(node, key);
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = if is_list {
                vec![Step::Key(key), Step::Index(i)]
            } else {
                vec![Step::Key(key)]
            };
            if let Some(s) = self.text_at(item, &at, key) {
                if !is_list && s.contains(',') {
                    // `data: names, emails` is one kind of data, "names, emails".
                    let items: Vec<&str> = s.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
                    self.error_at_value(
                        &at,
                        format!("`{key}` is one item here, `{s}`: outside a list a comma does not separate items"),
                        Some(format!(
                            "write a list: `{key}: [{}]`, or one item per line under `{key}:` starting with `- `",
                            items.join(", ")
                        )),
                    );
                    continue;
                }
                self.folded_item(&at, &s);
                out.push(s);
            }
        }
        out
    }

    /// Warns when YAML folded a list item into the one above: `- data theft` then a `- cloud`
    /// indented further is one item, `data theft - cloud`. The warning is on the second line.
    fn folded_item(&mut self, at: &[Step], value: &str) {
        if !matches!(at.last(), Some(Step::Index(_))) || !value.contains(" - ") {
            return;
        }
        let (line, column) = self.pos(at);
        let dash = column - 1;
        let mut lines = self.text.lines().enumerate().skip(line - 1);
        if !lines
            .next()
            .is_some_and(|(_, l)| l.get(dash..).is_some_and(|r| r.starts_with("- ")))
        {
            return;
        }
        for (i, l) in lines {
            let rest = l.trim_start_matches(' ');
            if rest.trim().is_empty() {
                continue;
            }
            let indent = l.len() - rest.len();
            if indent <= dash || l.trim_end() == "---" {
                return;
            }
            if rest.starts_with("- ") {
                let d = Diagnostic::warning(
                    self.path,
                    i + 1,
                    indent + 1,
                    format!("this line is read as part of the item above (`{value}`), not as an item of its own"),
                )
                .with_hint(format!(
                    "line up its `-` with the `-` of the item above (column {column})"
                ))
                .with_source(self.text);
                self.diags.push(d);
                return;
            }
        }
    }

    /// A list of names. With `sources` (for `actors`), an item may also be a claim:
    /// `{name, by, confidence, source}`.
    fn names(&mut self, node: Node, key: &str, at_least_one: bool, sources: Option<&[Source]>) -> Vec<NameRef> {
        let is_list = matches!(node, Node::List(_));
        let items = self.list(node, key);
        if items.is_empty() && at_least_one {
            let at = self.value_pos(&[Step::Key(key)]);
            self.empty(at, format!("`{key}` needs at least one name"), self.example(key));
        }
        let mut out = Vec::with_capacity(items.len());
        // A flow list (`[A, B]`) stands on the key's line: its items are found by walking that
        // line once, left to right, so thousands of names on one line stay linear.
        let (key_line, key_column) = self.value_pos(&[Step::Key(key)]);
        let line_text = self.text.lines().nth(key_line - 1).unwrap_or("");
        let start: usize = line_text.chars().take(key_column - 1).map(char::len_utf8).sum();
        let flow = is_list && line_text[start..].starts_with('[');
        // (byte offset, column) just after the last name found on the line.
        let mut cursor = (start, key_column);
        for (i, item) in items.into_iter().enumerate() {
            let at = if is_list {
                vec![Step::Key(key), Step::Index(i)]
            } else {
                vec![Step::Key(key)]
            };
            let item = match (item, sources) {
                (Node::Map(entries), Some(sources)) => {
                    if let Some((name, claim)) = self.claimed(entries, &at, "name", sources) {
                        let (line, column) = self.value_pos(&child(&at, "name"));
                        out.push(NameRef {
                            name,
                            line,
                            column,
                            claim,
                        });
                    }
                    continue;
                }
                (other, _) => other,
            };
            if let Some(name) = self.text_at(&item, &at, key) {
                let (line, column) = if flow {
                    match line_text[cursor.0..].find(name.as_str()) {
                        Some(found) => {
                            let column = cursor.1 + line_text[cursor.0..cursor.0 + found].chars().count();
                            cursor = (cursor.0 + found + name.len(), column + name.chars().count());
                            (key_line, column)
                        }
                        // Not on the key's line: a flow list written over several lines.
                        None => self.value_pos(&at),
                    }
                } else {
                    self.value_pos(&at)
                };
                if !self.one_name((line, column), &at, key, &name, is_list) {
                    continue;
                }
                if !flow {
                    self.folded_item(&at, &name);
                }
                out.push(NameRef {
                    name,
                    line,
                    column,
                    claim: Claim::default(),
                });
            }
        }
        out
    }

    /// Whether `name`, written at `at` under `key`, is one name as written; if not (`-A -B`
    /// without spaces, typographic quotes, a comma outside a list), an error says what to write.
    fn one_name(&mut self, pos: (usize, usize), at: &[Step], key: &str, name: &str, is_list: bool) -> bool {
        if !is_list && name.starts_with('-') && !self.quoted(at) {
            // Pointed at the first such item, on the line below the key.
            let first = name.split_whitespace().next().unwrap_or(name);
            let pos = (pos.0..=pos.0 + 1)
                .find_map(|n| {
                    let text = self.text.lines().nth(n.checked_sub(1)?)?;
                    let at = text.find(first)?;
                    Some((n, text[..at].chars().count() + 1))
                })
                .unwrap_or(pos);
            // `-Windstream` on lines of their own: YAML reads one name, "-Windstream -Lumen".
            let parts: Vec<&str> = name
                .split(" -")
                .map(|p| p.trim().trim_start_matches('-').trim())
                .filter(|p| !p.is_empty())
                .collect();
            self.push(
                pos,
                format!("`{name}` is read as one name: a list item needs a space after its `-`"),
                Some(format!(
                    "write `- {}` on its own line under `{key}:`, or the list on one line: `{key}: [{}]`",
                    parts.first().copied().unwrap_or("Example"),
                    parts.join(", ")
                )),
            );
            return false;
        }
        if let Some(bare) = typographic_quotes(name) {
            self.push(
                pos,
                format!("`{name}` is in typographic quotation marks, which YAML does not read as quotes: they would be part of the name"),
                Some(format!("write `{bare}` without them, or in straight quotes: `\"{bare}\"`")),
            );
            return false;
        }
        if is_placeholder(name) {
            // `actors: [Unknown]` would publish a threat actor called Unknown, with its page
            // and its tally.
            let (what, hint) = match key {
                "actors" => (
                    "a threat actor",
                    format!("delete `{name}` and keep the names of actors someone has attributed it to; with none, leave `actors` out (or write `actors: []`)"),
                ),
                "companies" => (
                    "a company",
                    "write the name of the company attacked (an incident needs one); until it is known, leave `companies:` empty and keep the entry a draft (`draft: true`)".to_string(),
                ),
                _ => ("a name", format!("leave `{key}` out until it is known")),
            };
            self.push(
                pos,
                format!("`{name}` is not {what}: it says the name is not known, and would get a page and a tally of its own"),
                Some(hint),
            );
            return false;
        }
        if !is_list && name.contains(',') && !self.quoted(at) {
            // `companies: Verizon, AT&T` is one name, with a comma in it.
            self.push(
                pos,
                format!("`{key}` is one name here, `{name}`: outside a list a comma does not separate names"),
                Some(format!(
                    "write a list: `{key}: [{name}]`, or one name per line under `{key}:` starting with `- `; a name with a comma in it goes in quotes inside the list: `{key}: [\"Example, Inc.\"]`"
                )),
            );
            return false;
        }
        true
    }

    /// `by`, `confidence` and `source` of a claim in the mapping at `at`. A `by` that is one of
    /// the sources' ids stands for that source: its publisher makes the claim.
    fn claim(&mut self, f: &mut Fields, at: &[Step], sources: &[Source]) -> Claim {
        let by = f.optional("by").and_then(|n| self.text_at(&n, &child(at, "by"), "by"));
        let confidence = f
            .optional("confidence")
            .and_then(|n| self.text_at(&n, &child(at, "confidence"), "confidence"))
            .and_then(|text| {
                Confidence::parse(&text).or_else(|| {
                    let words: Vec<&str> = Confidence::ALL.iter().map(|c| c.as_str()).collect();
                    let hint = match instead("confidence", &text, &words) {
                        Some(hint) => then(&hint, &format!("The confidences are: {}", words.join(", "))),
                        None => format!("write one of: {}", words.join(", ")),
                    };
                    self.error_at_value(
                        &child(at, "confidence"),
                        format!("`{text}` is not a confidence"),
                        Some(hint),
                    );
                    None
                })
            });
        let mut source = f
            .optional("source")
            .and_then(|n| self.source_ref(&n, &child(at, "source"), sources));
        let by = by.map(
            |by| match sources.iter().position(|s| s.id.as_deref() == Some(by.as_str())) {
                Some(i) => {
                    source.get_or_insert(i);
                    sources[i].publisher.clone()
                }
                None => by,
            },
        );
        Claim { by, confidence, source }
    }

    /// A claim written out: `{name, by, confidence, source}` at `at`; `what` names the value in
    /// messages.
    fn claimed(
        &mut self,
        entries: Vec<(String, Node)>,
        at: &[Step],
        what: &str,
        sources: &[Source],
    ) -> Option<(String, Claim)> {
        let mut f = Fields { entries };
        let name = self
            .take_in(&mut f, at, "name")
            .and_then(|n| self.text_at(&n, &child(at, "name"), what));
        let claim = self.claim(&mut f, at, sources);
        self.unknown_keys(f, at, &keys::CLAIM);
        Some((name?, claim))
    }

    /// A value that may be a claim: plain text, or `{name, by, confidence, source}`.
    fn stated(&mut self, node: Node, key: &str, sources: &[Source]) -> Option<Stated> {
        let at = [Step::Key(key)];
        match node {
            Node::Map(entries) => self
                .claimed(entries, &at, key, sources)
                .map(|(value, claim)| Stated { value, claim }),
            other => self.text_at(&other, &at, key).map(|value| Stated {
                value,
                claim: Claim::default(),
            }),
        }
    }

    /// The index of the source whose id is written at `at`.
    fn source_ref(&mut self, node: &Node, at: &[Step], sources: &[Source]) -> Option<usize> {
        let id = self.text_at(node, at, "source")?;
        if let Some(i) = sources.iter().position(|s| s.id.as_deref() == Some(id.as_str())) {
            return Some(i);
        }
        let hint = self.id_hint(&id, sources);
        self.error_at_value(at, format!("no source has the id `{id}`"), Some(hint));
        None
    }

    /// What to write instead of an unknown source id.
    fn id_hint(&self, id: &str, sources: &[Source]) -> String {
        let ids: Vec<&str> = sources.iter().filter_map(|s| s.id.as_deref()).collect();
        match did_you_mean(id, &ids) {
            Some(near) => format!("did you mean `{near}`?"),
            None if ids.is_empty() => {
                "give the source an id in `sources:` (e.g. `- id: wsj` above its `publisher:`), then cite that id"
                    .into()
            }
            None => format!("the ids of this file's sources are: {}", ids.join(", ")),
        }
    }

    /// A status, or an error naming the statuses.
    fn status(&mut self, s: &str, at: &[Step]) -> Option<Status> {
        Status::parse(s).or_else(|| {
            let words: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            let hint = match instead("status", s, &words) {
                Some(hint) => then(&hint, &format!("The statuses are: {}", words.join(", "))),
                None => format!("write one of: {}", words.join(", ")),
            };
            self.error_at_value(at, format!("`{s}` is not a status"), Some(hint));
            None
        })
    }

    /// The incident's status: the latest update's that carries one, or `status:`; when both
    /// are written they must agree.
    fn settle_status(&mut self, written: Option<(String, Option<Status>)>, updates: &[Update]) -> Option<Status> {
        let latest = updates
            .iter()
            .enumerate()
            .filter_map(|(i, u)| Some((u.date, i, u.status?)))
            .max_by_key(|(date, i, _)| (*date, *i));
        match (written, latest) {
            (None, None) => Some(Status::default()),
            (None, Some((_, _, s))) => Some(s),
            (Some((_, parsed)), None) => parsed,
            (Some((_, None)), Some(_)) => None,
            (Some((_, Some(s))), Some((_, _, latest))) if s == latest => Some(s),
            (Some((text, Some(_))), Some((date, _, latest))) => {
                self.error_at_value(
                    &[Step::Key("status")],
                    format!(
                        "`status` says `{text}` but the latest update ({}) says `{}`",
                        date,
                        latest.as_str()
                    ),
                    Some(format!(
                        "the status is the latest update's: remove `status:` or write `status: {}`",
                        latest.as_str()
                    )),
                );
                None
            }
        }
    }

    /// Checks the write-up's `[^id]` citations; how many times each source is cited.
    fn citations(&mut self, body: &str, sources: &[Source]) -> Vec<usize> {
        let mut counts = vec![0; sources.len()];
        let body_start = self.text.len() - body.len();
        for cite in crate::markdown::citations(body) {
            match sources
                .iter()
                .position(|s| s.id.as_deref() == Some(cite.label.as_str()))
            {
                Some(i) => counts[i] += 1,
                None => {
                    let at = body_start + cite.start;
                    let line = self.text[..at].matches('\n').count() + 1;
                    let line_start = self.text[..at].rfind('\n').map_or(0, |n| n + 1);
                    let column = self.text[line_start..at].chars().count() + 1;
                    let hint = self.id_hint(&cite.label, sources);
                    self.push(
                        (line, column),
                        format!(
                            "`[^{}]` cites no source: no source has the id `{}`",
                            cite.label, cite.label
                        ),
                        Some(format!(
                            "{hint} (an ordinary footnote needs its text on a line of its own: `[^{}]: ...`)",
                            cite.label
                        )),
                    );
                }
            }
        }
        counts
    }

    fn records(&mut self, node: Node) -> Option<Records> {
        let at = [Step::Key("records")];
        match node {
            Node::Map(entries) => {
                let mut f = Fields { entries };
                let count = self.take_in(&mut f, &at, "count");
                let unit = f.optional("unit");
                let approx = f.optional("approximate");
                self.unknown_keys(f, &at, &keys::RECORDS);
                let count = count.and_then(|n| self.count(&n, &child(&at, "count")));
                let unit = match unit {
                    None => Some("records".to_string()),
                    Some(n) => self.text_at(&n, &child(&at, "unit"), "unit"),
                };
                let approximate = match approx {
                    None => Some(false),
                    Some(Node::Bool(b)) => Some(b),
                    Some(other) => {
                        self.error_at_value(
                            &child(&at, "approximate"),
                            format!("`approximate` must be true or false, not {}", other.kind()),
                            Some("write `approximate: true` when the count is an estimate".into()),
                        );
                        None
                    }
                };
                Some(Records {
                    count: count?,
                    unit: unit?,
                    approximate: approximate?,
                })
            }
            other => self.count(&other, &at).map(|count| Records {
                count,
                unit: "records".into(),
                approximate: false,
            }),
        }
    }

    fn count(&mut self, node: &Node, at: &[Step]) -> Option<u64> {
        let key = last_key(at);
        // The value as written, read only where it matters: a count in another base, or a
        // count that is not a number (most counts are plain numbers).
        let raw = if !matches!(node, Node::Int(_)) || self.yaml.contains("0x") || self.yaml.contains("0o") {
            self.raw(at).unwrap_or_default()
        } else {
            String::new()
        };
        match node {
            // `0x1F` and `0o17` are numbers to YAML (31, 15); nobody counts records that way.
            Node::Int(_) if raw.len() > 2 && raw.starts_with('0') && raw[1..2].chars().all(char::is_alphabetic) => {
                self.error_at_value(
                    at,
                    format!("`{key}` is written `{raw}`, which YAML reads as a number in another base"),
                    Some("write the count in plain digits, e.g. `records: 5000`".into()),
                );
                None
            }
            Node::Int(0) => {
                let pos = self.value_pos(at);
                self.diags.push(
                    Diagnostic::warning(
                        self.path,
                        pos.0,
                        pos.1,
                        format!("`{key}` is 0: pages would say that nothing was affected"),
                    )
                    .with_hint("if the number is not known, leave `records` out: pages then say \"not disclosed\"")
                    .with_source(self.text),
                );
                Some(0)
            }
            Node::Int(i) if *i >= 0 => Some(*i as u64),
            Node::Int(_) => {
                self.error_at_value(at, format!("`{key}` cannot be negative"), Some(self.example("count")));
                None
            }
            // `1e6`, `1.0e6`, `37000000.0`: a whole number YAML read as a fraction.
            Node::Float(f) if *f >= 1.0 && f.fract() == 0.0 && *f < 1e18 => {
                let written = raw.trim();
                self.error_at_value(
                    at,
                    format!("`{key}` must be a whole number in plain digits, not `{written}`"),
                    Some(format!("write `{key}: {}`", *f as u64)),
                );
                None
            }
            // `"1200000"`: quotation marks make a number text.
            Node::Str(t) if self.quoted(at) && !t.trim().is_empty() && t.trim().bytes().all(|b| b.is_ascii_digit()) => {
                self.error_at_value(
                    at,
                    format!("`{key}` is in quotation marks, which make the number text"),
                    Some(format!(
                        "write it without them: `{key}: {}`",
                        t.trim().trim_start_matches('0').max("0")
                    )),
                );
                None
            }
            _ => {
                // The value itself, not the line from it: inside `{count: ..., unit: ...}` the
                // line goes on.
                let written = node.scalar_text().map_or(raw, |t| t.trim().to_string());
                let (what, hint) = count_hint(&written, key);
                self.error_at_value(at, format!("`{key}` must be a whole number, not {what}"), Some(hint));
                None
            }
        }
    }

    fn sources(&mut self, node: Node, at_least_one: bool) -> Option<Vec<Source>> {
        let Node::List(items) = node else {
            self.error_at_value(
                &[Step::Key("sources")],
                "`sources` must be a list of sources",
                Some(example("sources")),
            );
            return None;
        };
        if items.is_empty() && at_least_one {
            let at = self.pos(&[Step::Key("sources")]);
            self.empty(at, "`sources` needs at least one source".into(), example("sources"));
            return self.draft.then(Vec::new);
        }
        // A source that is not a mapping is left out; its diagnostic rejects the file anyway.
        let mut out = Vec::new();
        let mut ids: Vec<(String, usize)> = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let at = [Step::Key("sources"), Step::Index(i)];
            let Some(mut f) = self.fields(item, &at, "sources") else {
                continue;
            };
            let url = f
                .optional("url")
                .and_then(|n| self.text_at(&n, &child(&at, "url"), "url"));
            let publisher = self
                .take_in(&mut f, &at, "publisher")
                .and_then(|n| self.text_at(&n, &child(&at, "publisher"), "publisher"));
            let title = f
                .optional("title")
                .and_then(|n| self.text_at(&n, &child(&at, "title"), "title"));
            let date = f.optional("date").and_then(|n| self.partial(&n, &child(&at, "date")));
            let id = f
                .optional("id")
                .and_then(|n| self.source_id(&n, &child(&at, "id"), &ids));
            self.unknown_keys(f, &at, &keys::SOURCE);
            if let Some(id) = &id {
                ids.push((id.clone(), i + 1));
            }
            // Kept without its publisher too, so what cites its id finds it: the publisher's
            // problem is reported once, not again at each citation. (It rejects the file, or
            // in a draft is a warning and the preview shows the address.)
            let publisher = publisher.or_else(|| url.clone()).unwrap_or_default();
            out.push(Source {
                id,
                url,
                publisher,
                title,
                date,
            });
        }
        Some(out)
    }

    /// A source's id: a short word, unique in the file (`ids`: those before it, with their
    /// place in the list).
    fn source_id(&mut self, node: &Node, at: &[Step], ids: &[(String, usize)]) -> Option<String> {
        let id = self.text_at(node, at, "id")?;
        let word = id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && id.starts_with(|c: char| c.is_ascii_alphanumeric());
        if !word {
            self.error_at_value(
                at,
                format!("the source id `{id}` is not a short word"),
                Some(format!(
                    "use letters, digits and hyphens only, e.g. `id: {}`",
                    slugify(&id).chars().take(24).collect::<String>().trim_matches('-')
                )),
            );
            return None;
        }
        if let Some((_, n)) = ids.iter().find(|(other, _)| *other == id) {
            self.error_at_value(
                at,
                format!("the source id `{id}` is already used by source {n} of this file"),
                Some("give each source its own id, e.g. add the date: `wsj-2024-10-05`".into()),
            );
            return None;
        }
        Some(id)
    }

    fn updates(&mut self, node: Node, sources: &[Source]) -> Vec<Update> {
        let Node::List(items) = node else {
            self.error_at_value(
                &[Step::Key("updates")],
                "`updates` must be a list",
                Some(example("updates")),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let at = [Step::Key("updates"), Step::Index(i)];
            let Some(mut f) = self.fields(item, &at, "updates") else {
                continue;
            };
            let date = self
                .take_in(&mut f, &at, "date")
                .and_then(|n| self.day(&n, &child(&at, "date")));
            let note = self
                .take_in(&mut f, &at, "note")
                .and_then(|n| self.text_at(&n, &child(&at, "note"), "note"));
            // A bad status or source is reported here; the report rejects the file.
            let status = f.optional("status").and_then(|n| {
                let text = self.text_at(&n, &child(&at, "status"), "status")?;
                self.status(&text, &child(&at, "status"))
            });
            let source = f
                .optional("source")
                .and_then(|n| self.source_ref(&n, &child(&at, "source"), sources));
            self.unknown_keys(f, &at, &keys::UPDATE);
            if let (Some(date), Some(note)) = (date, note) {
                out.push(Update {
                    date,
                    note,
                    status,
                    source,
                });
            }
        }
        out
    }

    fn aliases(&mut self, node: Node) -> Vec<Alias> {
        let is_list = matches!(node, Node::List(_));
        let items = self.list(node, "aliases");
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let at = if is_list {
                vec![Step::Key("aliases"), Step::Index(i)]
            } else {
                vec![Step::Key("aliases")]
            };
            let (line, _) = self.value_pos(&at);
            match item {
                Node::Map(entries) => {
                    let mut f = Fields { entries };
                    let name = self
                        .take_in(&mut f, &at, "name")
                        .and_then(|n| self.text_at(&n, &child(&at, "name"), "name"));
                    let by = f.optional("by").and_then(|n| self.text_at(&n, &child(&at, "by"), "by"));
                    let note = f
                        .optional("note")
                        .and_then(|n| self.text_at(&n, &child(&at, "note"), "note"));
                    self.unknown_keys(f, &at, &keys::ALIAS);
                    if let Some(name) = name {
                        out.push(Alias { name, by, note, line });
                    }
                }
                scalar => {
                    if let Some(name) = self.text_at(&scalar, &at, "aliases") {
                        if !self.one_name(self.value_pos(&at), &at, "aliases", &name, is_list) {
                            continue;
                        }
                        self.folded_item(&at, &name);
                        out.push(Alias {
                            name,
                            by: None,
                            note: None,
                            line,
                        });
                    }
                }
            }
        }
        out
    }
}

fn last_key<'s>(at: &[Step<'s>]) -> &'s str {
    at.iter()
        .rev()
        .find_map(|s| match s {
            Step::Key(k) => Some(*k),
            Step::Index(_) => None,
        })
        .unwrap_or("value")
}

/// What to write, for each key: the hint that closes most messages.
fn example(key: &str) -> String {
    match key {
        "title" => "write a headline, e.g. `title: T-Mobile says hackers took data of 37 million accounts`".into(),
        "disclosed" => "write the day it became public, e.g. `disclosed: 2024-11-15`".into(),
        "companies" => "list the victims, one per line, e.g.\ncompanies:\n  - T-Mobile".into(),
        "actors" => "list who did it, one per line, e.g.\nactors:\n  - Salt Typhoon".into(),
        "sources" => "list each source with its address and publisher, e.g.\nsources:\n  - url: https://example.com/story\n    publisher: TechCrunch".into(),
        "updates" => "list dated updates, e.g.\nupdates:\n  - date: 2024-12-04\n    note: The count was revised.".into(),
        "records" | "count" => "write a whole number, e.g. `records: 37000000`, or `records: {count: 37000000, unit: accounts, approximate: true}`".into(),
        "url" => "write the full address of the source, starting with https://".into(),
        "publisher" => "write who published it, e.g. `publisher: The Record`".into(),
        "from" | "to" => "write a date as YYYY, YYYY-MM or YYYY-MM-DD".into(),
        "date" => "write the date as YYYY-MM-DD".into(),
        "note" => "write what changed, in one or two sentences".into(),
        "name" => "write the name as readers know it".into(),
        "base_url" => "write the address the site is published at, e.g. `base_url: https://user.github.io/tracker`".into(),
        other => format!("write a value for `{other}`"),
    }
}

/// How the date at `at` is written, for hints: `disclosed` needs the month at least, an update's
/// `date` and `added` the day.
fn date_form(at: &[Step]) -> &'static str {
    match at {
        [Step::Key("disclosed")] => "YYYY-MM-DD, or YYYY-MM when the day is not known",
        [Step::Key("added")] | [Step::Key("updates"), ..] => "YYYY-MM-DD",
        _ => "YYYY, YYYY-MM or YYYY-MM-DD",
    }
}

/// The two ends of a span written as one value: `2024-01 to 2024-02`, `2023–2024`,
/// `2024-01/2024-02`, `Q1 2024`, or a list of two dates.
fn span_written(node: &Node) -> Option<(PartialDate, PartialDate)> {
    let date = |n: &Node| match n {
        Node::Str(s) => PartialDate::parse(s.trim()).ok(),
        Node::Int(i) => PartialDate::parse(&i.to_string()).ok(),
        _ => None,
    };
    let text = match node {
        Node::List(items) if items.len() == 2 => return Some((date(&items[0])?, date(&items[1])?)),
        Node::Str(s) => s.trim(),
        _ => return None,
    };
    if let Some((q, year)) = text
        .split_once(' ')
        .filter(|(q, _)| q.len() == 2 && q.starts_with(['Q', 'q']))
    {
        let quarter: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n))?;
        let year = year.trim();
        let from = PartialDate::parse(&format!("{year}-{:02}", quarter * 3 - 2)).ok()?;
        let to = PartialDate::parse(&format!("{year}-{:02}", quarter * 3)).ok()?;
        return Some((from, to));
    }
    [" to ", " until ", " through ", " - ", " – ", "–", "—", "/", "-"]
        .iter()
        .find_map(|sep| {
            let (a, b) = text.split_once(sep)?;
            // `2023-2024` splits at its `-`; `2024-03` does not (`03` is no date).
            let (from, to) = (PartialDate::parse(a.trim()).ok()?, PartialDate::parse(b.trim()).ok()?);
            (from.sort_key() <= to.sort_key()).then_some((from, to))
        })
}

/// Whether a name with a comma ends with a company's legal form (`Example, Inc.`,
/// `Bank of America, N.A.`): one name, not several.
pub(crate) fn ends_with_legal_form(name: &str) -> bool {
    let last = name.rsplit(',').next().unwrap_or("");
    let folded: String = last
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    [
        "inc", "llc", "ltd", "corp", "co", "sa", "plc", "ag", "nv", "lp", "gmbh", "limited", "na", "llp", "bv", "sas",
        "spa",
    ]
    .contains(&folded.as_str())
}

/// Whether a name only says that the name is not known: `Unknown`, `N/A`, `TBD`, `none`.
pub(crate) fn is_placeholder(name: &str) -> bool {
    let folded: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect();
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    // A name of symbols alone (`?`, `-`, `--`) says nothing either; one of other symbols
    // (an emoji) is left to the other checks.
    let says_nothing = folded.is_empty()
        && !name.trim().is_empty()
        && name
            .trim()
            .chars()
            .all(|c| matches!(c, '?' | '-' | '\u{2013}' | '\u{2014}' | '.' | ' '));
    says_nothing
        || matches!(
            folded.as_str(),
            "unknown"
                | "unknown actor"
                | "unknown actors"
                | "unknown group"
                | "unknown hackers"
                | "unknown attacker"
                | "unknown attackers"
                | "unknown company"
                | "na"
                | "none"
                | "nil"
                | "null"
                | "tbd"
                | "tbc"
                | "tba"
                | "unattributed"
                | "not attributed"
                | "not known"
                | "to be determined"
                | "to be confirmed"
        ) && !name.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(format!("content/incidents/{name}")),
            text: text.into(),
        }
    }

    /// Each problem as (line, column, message, hint).
    fn said(diags: &[Diagnostic]) -> Vec<(usize, usize, &str, Option<&str>)> {
        diags
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str(), d.hint.as_deref()))
            .collect()
    }

    const GOOD: &str = "---\ntitle: T-Mobile breach\ndisclosed: 2023-01-19\noccurred: {from: 2022-11-25, to: 2023-01-05}\ncompanies: [T-Mobile]\nrecords: {count: 37000000, unit: accounts}\nsources:\n  - url: https://example.com/a\n    publisher: The Record\n---\nText.\n";

    #[test]
    fn a_good_incident_validates() {
        let (inc, diags) = incident(&file("2023-t-mobile.md", GOOD));
        assert!(diags.is_empty(), "{diags:?}");
        let inc = inc.unwrap();
        assert_eq!(inc.slug, "2023-t-mobile");
        assert_eq!(inc.companies[0].name, "T-Mobile");
        assert_eq!(inc.companies[0].line, 5);
        assert_eq!(inc.records.unwrap().unit, "accounts");
        assert_eq!(inc.status, Status::Reported);
        assert!(inc.tally);
        assert_eq!(inc.body, "Text.\n");
    }

    #[test]
    fn a_misspelt_key_is_one_fix_and_a_citation_still_finds_its_source() {
        let text = "---\ntitle: X\ndisclosed: 2024-01-01\ncompnies: [A]\nactors:\n  - name: Y\n    source: rec\nsources:\n  - id: rec\n    url: https://example.com/r\n    publsher: The Record\n---\n";
        let (_, mut diags) = incident(&file("x.md", text));
        crate::diag::sort(&mut diags);
        let got: Vec<(usize, &str, Option<&str>)> = diags
            .iter()
            .map(|d| (d.line, d.message.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (4, "unknown key `compnies`", Some("did you mean `companies`?")),
                (
                    9,
                    "item 1 of `sources` has no `publisher`",
                    Some("`publsher` on line 11 is probably meant: write `publisher` there")
                ),
                (11, "unknown key `publsher`", Some("did you mean `publisher`?")),
                (
                    12,
                    "`companies` is missing",
                    Some("`compnies` on line 4 is probably meant: write `companies` there")
                ),
            ]
        );
    }

    #[test]
    fn a_value_cut_at_a_comment_is_a_warning_that_shows_it_quoted() {
        let text = GOOD
            .replace("title: T-Mobile breach", "title: Carrier #1 in Ohio hit #breach")
            .replace(
                "companies: [T-Mobile]",
                "companies:\n  - T-Mobile #2\n  - AT&T   #meant as a comment\n  - Lumen # the parent\ncampaign: 'Quoted #1' # ok\nstatus: reported #unconfirmed",
            )
            .replace(
                "    publisher: The Record",
                "    publisher: The Record\n# a note on its own line",
            );
        let (inc, diags) = incident(&file("x.md", &text));
        assert_eq!(inc.unwrap().title, "Carrier");
        assert_eq!(
            said(&diags),
            [
                (
                    2,
                    16,
                    "`title` ends at `Carrier`: YAML reads `#1 in Ohio hit #breach` after it as a comment and leaves it out",
                    Some("if it is part of the value, put the whole value in single quotes: `title: 'Carrier #1 in Ohio hit #breach'`; if it is a note to yourself, put it on a line of its own")
                ),
                (
                    6,
                    14,
                    "item 1 of `companies` ends at `T-Mobile`: YAML reads `#2` after it as a comment and leaves it out",
                    Some("if it is part of the value, put the whole value in single quotes: `- 'T-Mobile #2'`; if it is a note to yourself, put it on a line of its own")
                ),
            ]
        );
    }

    #[test]
    fn a_count_written_another_way_gets_the_count_to_write() {
        let said = |records: &str| {
            let text = GOOD.replace(
                "records: {count: 37000000, unit: accounts}",
                &format!("records: {records}"),
            );
            let (_, diags) = incident(&file("x.md", &text));
            let d = diags.first().unwrap_or_else(|| panic!("{records}: nothing said"));
            (d.message.clone(), d.hint.clone().unwrap_or_default())
        };
        let hint = |records: &str| said(records).1;
        assert_eq!(
            said("1,200,000"),
            (
                "`records` must be a whole number, not `1,200,000`".into(),
                "write `records: 1200000`".into()
            )
        );
        assert_eq!(hint("1.2 billion"), "write `records: 1200000000`");
        assert_eq!(hint("1_200_000"), "write `records: 1200000`");
        assert_eq!(
            said("\"1200000\""),
            (
                "`records` is in quotation marks, which make the number text".into(),
                "write it without them: `records: 1200000`".into()
            )
        );
        assert_eq!(
            said("1e6"),
            (
                "`records` must be a whole number in plain digits, not `1e6`".into(),
                "write `records: 1000000`".into()
            )
        );
        assert_eq!(hint("1,5 million"), "write `records: 1500000`");
        assert_eq!(
            hint("5,000+ customers"),
            "write `records: {count: 5000, unit: customers, approximate: true}`"
        );
        assert_eq!(
            said("{count: about 5000, unit: accounts}"),
            (
                "`count` must be a whole number, not `about 5000`".into(),
                "write `count: 5000` and `approximate: true`".into()
            )
        );
        assert_eq!(
            hint("5000 customers"),
            "write `records: {count: 5000, unit: customers}`"
        );
        assert_eq!(
            hint("about 76 million people"),
            "write `records: {count: 76000000, unit: people, approximate: true}`"
        );
        assert_eq!(
            hint("unknown"),
            "leave `records` out when the number is not known: pages then say \"not disclosed\""
        );
        assert!(hint("1.5").starts_with("write a whole number without spaces or words"));
        assert_eq!(
            said("0x1F"),
            (
                "`records` is written `0x1F`, which YAML reads as a number in another base".into(),
                "write the count in plain digits, e.g. `records: 5000`".into()
            )
        );
        let text = GOOD.replace("records: {count: 37000000, unit: accounts}", "records: 0");
        let (inc, diags) = incident(&file("x.md", &text));
        assert_eq!(inc.unwrap().records.unwrap().count, 0);
        assert_eq!(diags[0].severity, crate::diag::Severity::Warning);
        assert_eq!(
            diags[0].message,
            "`records` is 0: pages would say that nothing was affected"
        );
    }

    #[test]
    fn a_comma_inside_braces_is_named_as_the_cause() {
        let text = GOOD.replace(
            "---\nText.",
            "updates:\n  - {date: 2023-02-01, note: The company, which declined before, confirmed it.}\n---\nText.",
        );
        let (_, diags) = incident(&file("x.md", &text));
        let got = said(&diags);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].2, "unknown key `which declined before`");
        assert!(got[0].3.unwrap().starts_with("inside { } a comma or a `: ` starts another key, so `which declined before` was read as one: put the text in single quotes"), "{got:?}");
    }

    #[test]
    fn names_written_with_commas_outside_a_list_are_refused() {
        let text = GOOD.replace("companies: [T-Mobile]", "companies: Verizon, AT&T");
        let (inc, diags) = incident(&file("x.md", &text));
        assert!(inc.is_none());
        let got = said(&diags);
        assert_eq!(
            got,
            [(
                5,
                12,
                "`companies` is one name here, `Verizon, AT&T`: outside a list a comma does not separate names",
                Some("write a list: `companies: [Verizon, AT&T]`, or one name per line under `companies:` starting with `- `; a name with a comma in it goes in quotes inside the list: `companies: [\"Example, Inc.\"]`")
            )]
        );
        // In a list, a quoted name keeps its comma; one name alone has none to worry about.
        for fine in [
            "companies: [\"Example, Inc.\"]",
            "companies: Verizon",
            "companies: \"Example, Inc.\"",
        ] {
            let (inc, diags) = incident(&file("x.md", &GOOD.replace("companies: [T-Mobile]", fine)));
            assert!(diags.is_empty(), "{fine}: {diags:?}");
            assert!(inc.is_some(), "{fine}");
        }
    }

    #[test]
    fn dates_written_another_way_are_shown_as_tally_writes_them() {
        let hint = |line: &str| {
            let (_, diags) = incident(&file("x.md", &GOOD.replace("disclosed: 2023-01-19", line)));
            let d = diags.first().unwrap_or_else(|| panic!("{line}: no problem"));
            (d.message.clone(), d.hint.clone().unwrap_or_default())
        };
        assert_eq!(
            hint("disclosed: “2024-03-05”").1,
            "write `disclosed: 2024-03-05`, without the typographic quotation marks, which YAML reads as part of the text"
        );
        assert_eq!(
            hint("disclosed: March 2024"),
            (
                "`March 2024` is not a date written the way tally reads dates".into(),
                "write `disclosed: 2024-03` (YYYY-MM-DD, or YYYY-MM when the day is not known)".into()
            )
        );
        assert_eq!(
            hint("disclosed: March 5th, 2024").1,
            "write `disclosed: 2024-03-05` (YYYY-MM-DD, or YYYY-MM when the day is not known)"
        );
        assert_eq!(
            hint("disclosed: 2024/3/5").1,
            "write `disclosed: 2024-03-05` (YYYY-MM-DD, or YYYY-MM when the day is not known)"
        );
        // Day and month in an order that cannot be told: no guess.
        assert_eq!(
            hint("disclosed: 05/03/2024").1,
            "write YYYY-MM-DD, or YYYY-MM when the day is not known, e.g. 2024-11-15"
        );
        assert_eq!(
            hint("disclosed: 2024-13-01"),
            (
                "`2024-13-01` is not a date: there is no month 13".into(),
                "write YYYY-MM-DD, or YYYY-MM when the day is not known, e.g. 2024-11-15".into()
            )
        );
        let occurred = GOOD.replace("occurred: {from: 2022-11-25, to: 2023-01-05}", "occurred: Nov 2022");
        let (_, diags) = incident(&file("x.md", &occurred));
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("write `occurred: 2022-11` (YYYY, YYYY-MM or YYYY-MM-DD)")
        );
        // Where the day is needed, a month is no answer.
        let added = GOOD.replace("disclosed: 2023-01-19", "disclosed: 2023-01-19\nadded: March 2024");
        let (_, diags) = incident(&file("x.md", &added));
        assert_eq!(diags[0].hint.as_deref(), Some("write YYYY-MM-DD, e.g. 2024-11-15"));
        assert_eq!(PartialDate::guess("Marching 2024"), None);
        assert_eq!(PartialDate::guess("15 Sept. 2024").as_deref(), Some("2024-09-15"));
    }

    #[test]
    fn a_value_yaml_would_cut_short_is_refused() {
        for (line, mark, quoted) in [
            ("title: !Update Verizon breach", "!", "title: '!Update Verizon breach'"),
            ("title: &Co Verizon breach", "&", "title: '&Co Verizon breach'"),
        ] {
            let (inc, diags) = incident(&file("x.md", &GOOD.replace("title: T-Mobile breach", line)));
            assert!(inc.is_none(), "{line}");
            let got = said(&diags);
            let message = format!(
                "the value starts with `{mark}`, which YAML takes for its own and drops with the word after it"
            );
            let hint = format!("put the whole value in single quotes: `{quoted}`");
            assert_eq!(got, [(2, 8, message.as_str(), Some(hint.as_str()))], "{line}");
        }
        // Quoted, the marks are text.
        let (inc, diags) = incident(&file(
            "x.md",
            &GOOD.replace("title: T-Mobile breach", "title: '!Update: Verizon'"),
        ));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(inc.unwrap().title, "!Update: Verizon");
    }

    #[test]
    fn a_value_yaml_reads_as_nothing_says_so() {
        let (_, diags) = incident(&file("x.md", &GOOD.replace("title: T-Mobile breach", "title: Null")));
        assert_eq!(
            said(&diags),
            [(
                2,
                8,
                "`title` is `Null`, which YAML reads as empty",
                Some("if that is the value, put it in quotes: `title: 'Null'`")
            )]
        );
        for empty in ["title: # to do", "title:", "title: \"\""] {
            let (_, diags) = incident(&file("x.md", &GOOD.replace("title: T-Mobile breach", empty)));
            assert_eq!(diags[0].message, "`title` is empty", "{empty}");
        }
    }

    #[test]
    fn numbers_written_as_text_keep_their_spelling() {
        let text = GOOD
            .replace("title: T-Mobile breach", "title: 1.0 # the version\nsummary: 0x1F")
            .replace("publisher: The Record", "publisher: 007")
            .replace("companies: [T-Mobile]", "companies:\n  - 1.50\n  - True");
        let (inc, diags) = incident(&file("x.md", &text));
        assert!(diags.is_empty(), "{diags:?}");
        let inc = inc.unwrap();
        assert_eq!(inc.title, "1.0");
        assert_eq!(inc.summary.as_deref(), Some("0x1F"));
        assert_eq!(inc.sources[0].publisher, "007");
        let names: Vec<&str> = inc.companies.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["1.50", "True"]);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "---\ntitle: X\ndisclosed: 2024-02-30\nactor: Salt Typhoon\ncompanies: [A]\nstatus: confirmd\n---\n";
        let (inc, mut diags) = incident(&file("x.md", text));
        assert!(inc.is_none());
        crate::diag::sort(&mut diags);
        let got = said(&diags);
        assert_eq!(
            got,
            vec![
                (3, 12, "`2024-02-30` is not a date: February has no day 30", Some("write YYYY-MM-DD, or YYYY-MM when the day is not known, e.g. 2024-11-15")),
                (4, 1, "unknown key `actor`", Some("did you mean `actors`?")),
                (6, 9, "`confirmd` is not a status", Some("did you mean `confirmed`? The statuses are: confirmed, reported, alleged, disputed, retracted")),
                (7, 1, "`sources` is missing", Some("add it: list each source with its address and publisher, e.g.\nsources:\n  - url: https://example.com/story\n    publisher: TechCrunch")),
            ]
        );
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "---\ntitle: X\ncompanies: [A\ndisclosed: 2024-01-01\n---\n";
        let (_, diags) = incident(&file("x.md", text));
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].message.starts_with("the front matter is not valid YAML"),
            "{}",
            diags[0].message
        );
        assert!(diags[0].line >= 3, "line {}", diags[0].line);
    }

    #[test]
    fn bad_file_names_are_errors() {
        let (_, diags) = incident(&file("Salt Typhoon.md", GOOD));
        assert_eq!(
            diags[0].message,
            "the file name `Salt Typhoon.md` cannot be a web address"
        );
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("file names use lower-case letters, digits and hyphens: rename it to `salt-typhoon.md`")
        );
    }

    #[test]
    fn nested_source_problems_point_at_the_item() {
        let text = "---\ntitle: X\ndisclosed: 2024-01-01\ncompanies: [A]\nsources:\n  - url: https://a\n    publisher: P\n  - url: https://b\n    publsher: Q\n---\n";
        let (_, diags) = incident(&file("x.md", text));
        let got: Vec<(usize, usize, &str)> = diags.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (8, 3, "item 2 of `sources` has no `publisher`"),
                (9, 5, "unknown key `publsher`")
            ]
        );
    }

    /// Malformed input of every shape gives diagnostics, never a panic: every prefix of a good
    /// file, every line dropped, doubled or indented, and odd characters in each place.
    #[test]
    fn no_malformed_file_panics() {
        let text = "---\ntitle: \"Breach: 1\"\ndisclosed: 2023-01-19\noccurred: {from: 2022-11, to: 2023-01-05}\ncompanies:\n  - T-Mobile\n  - é\nactors: [X]\nrecords: {count: 5, unit: accounts}\nsources:\n  - url: https://example.com/a\n    publisher: P\n    date: 2023\nupdates:\n  - date: 2023-02-01\n    note: n\n---\nBody\n";
        let mut variants: Vec<String> = text.char_indices().map(|(i, _)| text[..i].to_string()).collect();
        let lines: Vec<&str> = text.lines().collect();
        for i in 0..lines.len() {
            let mut dropped = lines.clone();
            dropped.remove(i);
            variants.push(dropped.join("\n"));
            let mut doubled = lines.clone();
            doubled.insert(i, lines[i]);
            variants.push(doubled.join("\n"));
            let mut shifted: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            shifted[i] = format!("   {}", shifted[i]);
            variants.push(shifted.join("\n"));
            for odd in [
                "\t", ":", "- ", "[", "{", "\"", "'", "#", "&a", "*a", "!!binary", "~", "\u{0}",
            ] {
                let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                v[i] = format!("{odd}{}", v[i]);
                variants.push(v.join("\n"));
                let mut w: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                w[i].push_str(odd);
                variants.push(w.join("\n"));
            }
        }
        for v in &variants {
            let (inc, diags) = incident(&file("x.md", v));
            assert!(inc.is_some() || !diags.is_empty(), "rejected without a word: {v:?}");
            for d in &diags {
                assert!(d.line >= 1 && d.column >= 1, "{d:?}");
            }
        }
    }

    #[test]
    fn a_list_item_folded_into_the_one_above_is_a_warning_at_its_line() {
        let text = "---\ntitle: X\ndisclosed: 2024-01-01\ncompanies:\n  - Lumen\n     - Acme\ndata:\n  - data theft\n    - cloud\n  - names\nsources:\n  - url: https://a\n    publisher: P\n---\n";
        let (inc, diags) = incident(&file("x.md", text));
        let inc = inc.expect("a warning does not reject the file");
        assert_eq!(inc.data, ["data theft - cloud", "names"]);
        let got = said(&diags);
        assert_eq!(
            got,
            [
                (
                    6,
                    6,
                    "this line is read as part of the item above (`Lumen - Acme`), not as an item of its own",
                    Some("line up its `-` with the `-` of the item above (column 3)")
                ),
                (
                    9,
                    5,
                    "this line is read as part of the item above (`data theft - cloud`), not as an item of its own",
                    Some("line up its `-` with the `-` of the item above (column 3)")
                ),
            ]
        );
        assert!(diags.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn hints_know_what_journalists_write_and_never_offer_the_opposite() {
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(did_you_mean("unconfirmed", &statuses), None);
        assert_eq!(did_you_mean("Unconfirmed", &statuses), None);
        let unconfirmed = Some("nobody has confirmed it: write `reported` when credible outlets report it, `alleged` when it is only claimed (by the attackers, say)".to_string());
        for word in ["unconfirmed", "Not confirmed", "non-confirmed", "unverified"] {
            assert_eq!(instead("status", word, &statuses), unconfirmed, "{word}");
        }
        let confidences: Vec<&str> = Confidence::ALL.iter().map(|c| c.as_str()).collect();
        for (what, word, words, hint) in [
            (
                "status",
                "denied",
                &statuses,
                "write `disputed`: the company, or other sources, contest the report",
            ),
            ("status", "confirmd", &statuses, "did you mean `confirmed`?"),
            ("confidence", "medium", &confidences, "write `moderate`"),
            ("confidence", "High confidence", &confidences, "write `high`"),
        ] {
            assert_eq!(instead(what, word, words).as_deref(), Some(hint), "{word}");
        }
        assert_eq!(
            instead("key", "date", &INCIDENT_KEYS).as_deref(),
            Some("write `disclosed` for the day it was made public, `occurred` for when it happened")
        );
        assert_eq!(
            instead("key", "url", &INCIDENT_KEYS).as_deref(),
            Some("list each address under `sources`, with its publisher")
        );
        let source_keys = keys::SOURCE;
        assert_eq!(
            instead("key", "published", &source_keys).as_deref(),
            Some("write `date` for the day the source was published")
        );
        // Only where the word it points to is allowed: an actor's profile has no `disclosed`.
        assert_eq!(instead("key", "date", &ACTOR_KEYS), None);
        assert_eq!(
            instead("key", "actor", &INCIDENT_KEYS).as_deref(),
            Some("did you mean `actors`?")
        );
        assert_eq!(
            then("did you mean `confirmed`?", "The statuses are: x"),
            "did you mean `confirmed`? The statuses are: x"
        );
        assert_eq!(
            then("write `moderate`", "The confidences are: x"),
            "write `moderate`. The confidences are: x"
        );
    }

    #[test]
    fn did_you_mean_finds_near_words_only() {
        assert_eq!(did_you_mean("actor", &INCIDENT_KEYS), Some("actors"));
        assert_eq!(did_you_mean("disclosed_on", &INCIDENT_KEYS), Some("disclosed"));
        assert_eq!(did_you_mean("zzz", &INCIDENT_KEYS), None);
    }

    #[test]
    fn a_span_written_as_one_value_is_read_for_its_hint() {
        let ends = |n: Node| span_written(&n).map(|(a, b)| (a.to_string(), b.to_string()));
        let str_node = |s: &str| Node::Str(s.into());
        for (written, from, to) in [
            ("2024-01 to 2024-02", "2024-01", "2024-02"),
            ("2023-2024", "2023", "2024"),
            ("2023 \u{2013} 2024", "2023", "2024"),
            ("Q4 2023", "2023-10", "2023-12"),
            ("2024-01/2024-02", "2024-01", "2024-02"),
        ] {
            assert_eq!(ends(str_node(written)), Some((from.into(), to.into())), "{written}");
        }
        assert_eq!(
            ends(Node::List(vec![str_node("2024-01"), Node::Int(2025)])),
            Some(("2024-01".into(), "2025".into()))
        );
        for one in ["2024-03", "2024", "2024-03-05", "2024/3/5", "2024 to 2023", "Q5 2024"] {
            assert_eq!(ends(str_node(one)), None, "{one}");
        }
    }
}
