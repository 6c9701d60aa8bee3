//! Warnings: things that build but are probably mistakes, reported by `tally check`.
//!
//! One name written several ways, likely misspellings of known names, odd sources, sources
//! without an address or never cited, dates in an unlikely order, incidents held back by their
//! disclosure date, and empty write-ups.
//! Positions come from the files' text, found again with the YAML locator.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::content::index::Library;
use crate::content::load::{split_front_matter, Tree};
use crate::content::model::{name_key, squash, variant_key, Incident, NameRef};
use crate::content::validate::is_web_url;
use crate::content::yaml::{Locator, Step};
use crate::diag::{display_path, Diagnostic};

/// Finds the line and column of a key path in an incident file.
struct Positions<'a> {
    tree: &'a Tree,
    /// Made on the first warning: most builds have none, and the build counts warnings.
    texts: std::cell::OnceCell<HashMap<&'a Path, (&'a str, usize)>>,
}

impl<'a> Positions<'a> {
    fn new(tree: &'a Tree) -> Self {
        Positions {
            tree,
            texts: std::cell::OnceCell::new(),
        }
    }

    fn get(&self, path: &Path) -> Option<&(&'a str, usize)> {
        let texts = self.texts.get_or_init(|| {
            self.tree
                .incidents
                .iter()
                .filter_map(|f| {
                    let fm = split_front_matter(&f.text).ok()?;
                    Some((f.path.as_path(), (fm.yaml, fm.yaml_offset)))
                })
                .collect()
        });
        texts.get(path)
    }

    /// The line of the `---` that closes the front matter.
    fn closing_fence(&self, path: &Path) -> usize {
        self.get(path)
            .map_or(1, |(yaml, offset)| offset + yaml.lines().count() + 1)
    }

    fn at(&self, path: &Path, steps: &[Step]) -> (usize, usize) {
        match self.get(path) {
            Some((yaml, offset)) => {
                let spot = Locator::new(yaml).find(steps);
                (spot.line + 1 + offset, spot.column + 1)
            }
            None => (1, 1),
        }
    }

    /// Where the value at `steps` starts (after `key: `), as [`Positions::at`] gives the key.
    fn value_at(&self, path: &Path, steps: &[Step]) -> (usize, usize) {
        let (line, column) = self.at(path, steps);
        let text = self
            .get(path)
            .and_then(|(yaml, offset)| yaml.lines().nth(line.checked_sub(1 + offset)?));
        match text {
            Some(text) => (line, crate::content::yaml::value_column(text, column, steps)),
            None => (line, column),
        }
    }
}

/// How the notice of an incident held back by its disclosure date starts: an embargo is
/// meant, so `check --strict` does not fail on it.
pub const HELD_BACK: &str = "disclosed in the future: held back until";

/// All warnings for a tracker. `held` are the incidents the build holds back.
pub fn lint(tree: &Tree, lib: &Library, published: &Library, held: &[(&Incident, NaiveDate)]) -> Vec<Diagnostic> {
    let pos = Positions::new(tree);
    let mut out = Vec::new();
    for e in &lib.incidents {
        incident(&e.incident, &pos, &mut out);
    }
    for (i, until) in held {
        let (line, column) = pos.at(&i.path, &[Step::Key("disclosed")]);
        out.push(
            Diagnostic::warning(&i.path, line, column, format!("{HELD_BACK} {until}"))
                .with_hint("it will appear in builds from that day on; `--drafts` shows it now"),
        );
        incident(i, &pos, &mut out);
    }
    let all: Vec<&Incident> = lib
        .incidents
        .iter()
        .map(|e| &*e.incident)
        .chain(held.iter().map(|(i, _)| *i))
        .collect();
    duplicates(&all, &mut out);
    names(lib, &mut out);
    // Links lead to the pages the site has: a draft's own page is not one of them.
    out.extend(crate::site::links::check_write_ups(tree, published));
    out
}

/// Two files of one incident: the same title, disclosed on the same date (day or month),
/// naming the same companies (a file copied to start another and not yet changed, or one
/// entry written twice). Counted twice, it would add to each tally. The later file (by name)
/// gets the warning; a title of its own clears it.
fn duplicates(incidents: &[&Incident], out: &mut Vec<Diagnostic>) {
    type Key = (crate::content::model::PartialDate, Vec<String>);
    let mut by_key: HashMap<Key, Vec<&Incident>> = HashMap::new();
    for i in incidents {
        let mut companies: Vec<String> = i.companies.iter().map(|n| name_key(&n.name)).collect();
        companies.sort();
        by_key.entry((i.disclosed, companies)).or_default().push(i);
    }
    let mut groups: Vec<Vec<&Incident>> = by_key.into_values().filter(|g| g.len() > 1).collect();
    for group in &mut groups {
        group.sort_by(|a, b| a.path.cmp(&b.path));
    }
    groups.sort_by(|a, b| a[0].path.cmp(&b[0].path));
    for group in groups {
        for (n, later) in group.iter().enumerate().skip(1) {
            let same = group[..n]
                .iter()
                .find(|earlier| earlier.title.trim().eq_ignore_ascii_case(later.title.trim()));
            if let Some(earlier) = same {
                out.push(
                    Diagnostic::warning(
                        &later.path,
                        1,
                        1,
                        format!(
                            "this looks like the same incident as {}: the same title, disclosure date and companies",
                            display_path(&earlier.path)
                        ),
                    )
                    .with_hint("if it is a copy, delete one, or it counts twice in each company's tally; if they are two incidents, give each its own title"),
                );
            }
        }
    }
}

/// What to write instead of a source address that is not a web address.
fn web_url_hint(url: &str) -> String {
    // `“https://…”`, `<https://…>`: marks around the address, copied with it.
    let inner = crate::content::validate::typographic_quotes(url)
        .or_else(|| url.strip_prefix('<').and_then(|u| u.strip_suffix('>')))
        .filter(|inner| is_web_url(inner.trim()));
    if let Some(inner) = inner {
        return format!("write the address without the marks around it: `{}`", inner.trim());
    }
    let scheme = url.starts_with("https://") || url.starts_with("http://");
    // `http//x`, `https:/x`: the start is there, misspelt.
    let lower = url.to_ascii_lowercase();
    let after = lower.strip_prefix("https").or_else(|| lower.strip_prefix("http"));
    if let Some(after) = after.filter(|a| !scheme && a.starts_with([':', '/'])) {
        let rest = &url[url.len() - after.len()..];
        return format!(
            "an address starts with https:// (a colon and two slashes): `https://{}`",
            rest.trim_start_matches([':', '/'])
        );
    }
    if scheme && url.contains(char::is_whitespace) {
        // A space in the host name cannot be written as %20: the address must be copied again.
        let host = url
            .split_once("://")
            .map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
        if host.contains(char::is_whitespace) {
            return "an address has no spaces, and its site name (before the first `/`) cannot hold one: copy the address again from the browser's address bar".into();
        }
        return format!(
            "an address has no spaces: copy it again from the browser's address bar, or write each space as %20 (`{}`)",
            url.split_whitespace().collect::<Vec<_>>().join("%20")
        );
    }
    if !scheme && url.contains('.') && !url.contains(':') {
        return format!(
            "write the full address, starting with https:// (`https://{}`)",
            url.trim_start_matches('/')
        );
    }
    "write the full address, starting with https://; readers cannot follow other kinds".into()
}

fn incident(i: &Incident, pos: &Positions, out: &mut Vec<Diagnostic>) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (n, s) in i.sources.iter().enumerate() {
        let Some(url) = &s.url else { continue };
        let at = [Step::Key("sources"), Step::Index(n), Step::Key("url")];
        if !is_web_url(url) {
            let (line, column) = pos.value_at(&i.path, &at);
            out.push(
                Diagnostic::warning(
                    &i.path,
                    line,
                    column,
                    format!("the source address `{url}` is not a web address"),
                )
                .with_hint(web_url_hint(url)),
            );
        }
        if !seen.insert(url.as_str()) {
            let (line, column) = pos.at(&i.path, &at);
            out.push(
                Diagnostic::warning(&i.path, line, column, format!("the source `{url}` is listed twice"))
                    .with_hint("remove the second one"),
            );
        }
    }
    if !i.sources.is_empty() && i.sources.iter().all(|s| s.url.is_none()) {
        let (line, column) = pos.at(&i.path, &[Step::Key("sources")]);
        out.push(
            Diagnostic::warning(
                &i.path,
                line,
                column,
                "no source of this incident has an address (`url`)",
            )
            .with_hint("add the address of at least one source, so readers can check the facts"),
        );
    }
    // Once a write-up cites its sources, a source it never cites is probably forgotten.
    // Attributions and updates that rest on a source count as citing it.
    if i.citations.iter().any(|&n| n > 0) {
        let mut used: Vec<bool> = i.citations.iter().map(|&n| n > 0).collect();
        let claims = i.actors.iter().filter_map(|a| a.claim.source);
        for n in claims.chain(i.updates.iter().filter_map(|u| u.source)) {
            if let Some(u) = used.get_mut(n) {
                *u = true;
            }
        }
        for (n, s) in i.sources.iter().enumerate().filter(|(n, _)| !used[*n]) {
            let (line, column) = pos.at(&i.path, &[Step::Key("sources"), Step::Index(n)]);
            let cite = match &s.id {
                Some(id) => format!("cite it where it is used with `[^{id}]`"),
                None => "give it an `id:` and cite it where it is used with `[^id]`".to_string(),
            };
            out.push(
                Diagnostic::warning(
                    &i.path,
                    line,
                    column,
                    match s.publisher.as_str() {
                        "" => format!("the source {} is never cited", n + 1),
                        publisher => format!("the source {} ({publisher}) is never cited", n + 1),
                    },
                )
                .with_hint(format!("{cite}, or remove it if nothing rests on it")),
            );
        }
    }
    if let Some(w) = i.occurred {
        if w.start().first_day() > i.disclosed.last_day() {
            let (line, column) = pos.at(&i.path, &[Step::Key("occurred")]);
            out.push(
                Diagnostic::warning(
                    &i.path,
                    line,
                    column,
                    format!("`occurred` ({}) is after `disclosed` ({})", w.start(), i.disclosed),
                )
                .with_hint("an incident cannot happen after it became public: check both dates"),
            );
        }
    }
    if i.body.trim().is_empty() {
        let line = pos.closing_fence(&i.path);
        out.push(
            Diagnostic::warning(&i.path, line, 1, "the incident has no write-up")
                .with_hint("add a few sentences after the closing `---`: what happened, who said so"),
        );
    }
    for (n, u) in i.updates.iter().enumerate() {
        if u.date < i.disclosed.first_day() {
            let (line, column) = pos.at(&i.path, &[Step::Key("updates"), Step::Index(n), Step::Key("date")]);
            out.push(
                Diagnostic::warning(
                    &i.path,
                    line,
                    column,
                    format!(
                        "an update dated {} comes before the disclosure ({})",
                        u.date, i.disclosed
                    ),
                )
                .with_hint("updates follow the disclosure: check the dates"),
            );
        }
    }
}

/// A known name a new one may be a misspelling of: (spelling, the entity's own name).
struct Known {
    spelling: String,
    /// Whether the entity has a profile, where aliases are written.
    profile: bool,
    /// The spelling in lower case, to find names that start with it.
    lower: String,
    squashed: String,
    letters: Letters,
    owner: String,
}

impl Known {
    /// "`Lumen`", or "`CenturyLink`, an alias of Lumen".
    fn named(&self) -> String {
        if self.spelling == self.owner {
            format!("`{}`", self.spelling)
        } else {
            format!("`{}`, an alias of {}", self.spelling, self.owner)
        }
    }
}

/// How many times each letter occurs in a squashed name (`a`–`z`, `0`–`9`, anything else in
/// one bucket), and its length in characters: enough to bound how alike two names can be
/// before comparing them, which a large tracker does for thousands of pairs.
struct Letters {
    counts: [u32; 37],
    len: usize,
}

impl Letters {
    fn of(squashed: &str) -> Letters {
        let mut counts = [0u32; 37];
        let mut len = 0;
        for c in squashed.chars() {
            let bucket = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26 + (c as usize - '0' as usize),
                _ => 36,
            };
            counts[bucket] += 1;
            len += 1;
        }
        Letters { counts, len }
    }

    /// An upper bound of `strsim::jaro_winkler` of the two names. Jaro counts `m` letters
    /// matched within a window, so `m` is at most the letters the names share in any order,
    /// and jaro ≤ (m/|a| + m/|b| + 1) / 3; Winkler's bonus for a common prefix (at most 4
    /// letters, 0.1 each) gives at most jaro × 0.6 + 0.4. The bucket of other characters
    /// counts any two as one letter, which only raises the bound: names in other scripts are
    /// always compared.
    fn jaro_winkler_bound(&self, other: &Letters) -> f64 {
        if self.len == 0 || other.len == 0 {
            return 1.0;
        }
        let shared: usize = (self.counts.iter().zip(&other.counts))
            .map(|(a, b)| *a.min(b) as usize)
            .sum();
        let m = shared as f64;
        let jaro = (m / self.len as f64 + m / other.len as f64 + 1.0) / 3.0;
        jaro * 0.6 + 0.4
    }
}

fn names(lib: &Library, out: &mut Vec<Diagnostic>) {
    // Where each entity is named, in time order of incidents.
    let mut company_uses: Vec<Vec<(&Path, &NameRef)>> = vec![Vec::new(); lib.companies.len()];
    let mut actor_uses: Vec<Vec<(&Path, &NameRef)>> = vec![Vec::new(); lib.actors.len()];
    for e in &lib.incidents {
        let i = &e.incident;
        for l in &e.companies {
            if let Some(n) = i.companies.iter().find(|n| n.name == l.written) {
                company_uses[l.target].push((i.path.as_path(), n));
            }
        }
        for l in &e.actors {
            if let Some(n) = i.actors.iter().find(|n| n.name == l.written) {
                actor_uses[l.target].push((i.path.as_path(), n));
            }
        }
    }
    // (name, has a profile, aliases) of each entity.
    fn describe<'a>(name: &'a str, aliases: Option<&[crate::content::model::Alias]>) -> (&'a str, bool, Vec<String>) {
        (
            name,
            aliases.is_some(),
            aliases.into_iter().flatten().map(|a| a.name.clone()).collect(),
        )
    }
    let companies: Vec<_> = lib
        .companies
        .iter()
        .map(|c| describe(&c.name, c.profile.as_ref().map(|p| p.aliases.as_slice())))
        .collect();
    let actors: Vec<_> = lib
        .actors
        .iter()
        .map(|a| describe(&a.name, a.profile.as_ref().map(|p| p.aliases.as_slice())))
        .collect();
    namespace("company", &companies, &company_uses, out);
    namespace("actor", &actors, &actor_uses, out);
    // Campaigns have no profiles: a name used once that is close to one used more is a typo.
    let mut campaign_uses: Vec<Vec<(&Path, &NameRef)>> = vec![Vec::new(); lib.campaigns.len()];
    for e in &lib.incidents {
        if let (Some(c), Some(n)) = (e.campaign, e.incident.campaign.as_ref()) {
            campaign_uses[c].push((e.incident.path.as_path(), n));
        }
    }
    let campaigns: Vec<_> = lib.campaigns.iter().map(|c| describe(&c.name, None)).collect();
    namespace("campaign", &campaigns, &campaign_uses, out);
}

/// How alike (Jaro-Winkler) a name used once must be to a known one to be called a misspelling.
const NEAR: f64 = 0.93;

fn namespace(
    kind: &str,
    entities: &[(&str, bool, Vec<String>)],
    uses: &[Vec<(&Path, &NameRef)>],
    out: &mut Vec<Diagnostic>,
) {
    let grouped = variant_groups(kind, entities, uses, out);
    // Names to compare against: every profile's name and aliases, and names used more than once.
    let mut known: Vec<Known> = Vec::new();
    for (i, (name, has_profile, aliases)) in entities.iter().enumerate() {
        if *has_profile || uses[i].len() > 1 {
            for spelling in std::iter::once(*name).chain(aliases.iter().map(String::as_str)) {
                let squashed = squash(spelling);
                known.push(Known {
                    spelling: spelling.to_string(),
                    profile: *has_profile,
                    lower: spelling.to_lowercase(),
                    letters: Letters::of(&squashed),
                    squashed,
                    owner: name.to_string(),
                });
            }
        }
    }
    // A name used once, with no profile, that is close to a known one: probably a typo. One
    // that is close to none is left alone (a new company is not a mistake).
    for (i, (name, has_profile, _)) in entities.iter().enumerate() {
        if *has_profile || uses[i].len() != 1 || grouped[i] {
            continue;
        }
        let (path, at) = uses[i][0];
        if let Some((message, hint)) = name_warning(name, kind, &known) {
            out.push(Diagnostic::warning(path, at.line, at.column, message).with_hint(hint));
        }
    }
}

/// What a name used once is likely to be, when it is a slip: several names written as one,
/// who attributes it written into an actor's name, half of a note in parentheses, a
/// misspelling of a known name, or a known name made longer. (message, hint); `None` for a
/// name that looks like a new one.
fn name_warning(name: &str, kind: &str, known: &[Known]) -> Option<(String, String)> {
    if let Some(parts) = several(name, known).filter(|_| kind != "campaign") {
        let key = plural(kind);
        return Some((
            format!("`{name}` looks like {} {kind} names written as one", parts.len()),
            if name.contains(',') {
                // Quoted with its comma: the list to write, without the quotation marks.
                format!(
                    "if they are {} {key}, write them as items of the list, without quotation marks around them together: `{key}: [{}]`",
                    parts.len(),
                    parts.join(", ")
                )
            } else {
                format!(
                    "if they are {} {key}, write each as an item of the `{key}` list: `{}` in place of `{name}`",
                    parts.len(),
                    parts.join(", ")
                )
            },
        ));
    }
    // `Salt Typhoon (high confidence, per FBI)`: who said it, written into the name.
    if kind == "actor" {
        // In a list on one line a comma inside the parentheses splits it: the first part
        // (`Salt Typhoon (high confidence`) is the one to point at.
        if let Some((before, inside)) = name.split_once('(') {
            let before_sq = squash(before);
            if let Some(k) = known.iter().find(|k| k.squashed == before_sq) {
                let inside = inside.trim_end().trim_end_matches(')').trim();
                return Some((
                    format!("`{name}` holds who attributes it in the actor's name: it makes a page of its own"),
                    format!(
                        "write the claim with its parts, one item of `actors` (not on one line): `- name: {}` then, on lines of their own below it, `by:` who attributes it and `confidence:` confirmed, high, moderate or low (from `{inside}`)",
                        k.spelling
                    ),
                ));
            }
        }
    }
    // `per FBI)`: the end of a note in parentheses that a comma cut off in a one-line list.
    if name.matches('(').count() != name.matches(')').count() {
        let key = plural(kind);
        return Some((
            format!("`{name}` has a parenthesis without its pair: in a list on one line, a comma inside parentheses cuts the name in two"),
            format!("write `{key}` one item per line, each starting with `- `"),
        ));
    }
    let sq = squash(name);
    let letters = Letters::of(&sq);
    let near = known
        .iter()
        .filter(|k| k.owner != *name && letters.jaro_winkler_bound(&k.letters) >= NEAR - 1e-9)
        .map(|k| (strsim::jaro_winkler(&sq, &k.squashed), k))
        .filter(|(score, _)| *score >= NEAR)
        // Names that differ in their numbers (`... 2023`, `... 2024`; `APT28`, `APT29`)
        // are different names, not a slip.
        .filter(|(_, k)| digits(&k.squashed) == digits(&sq))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k);
    if let Some(k) = near {
        return Some((
            format!("`{name}` is probably a misspelling of {}", k.named()),
            format!(
                "write `{}` so the incident joins that {kind}'s page{}",
                k.spelling,
                if kind == "campaign" { "" } else { " and tally" }
            ),
        ));
    }
    if let Some(k) = longer_of(name, known).filter(|_| kind != "campaign") {
        // `Charter Communications` where `Charter` is known: one company split in two.
        let folder = plural(kind);
        let same = if k.profile {
            format!("write `{}` (or add `{name}` to the aliases in its profile)", k.spelling)
        } else {
            format!("write `{}`", k.spelling)
        };
        return Some((
            format!("`{name}` starts with the name {}, and makes a page of its own", k.named()),
            format!("if it is the same {kind}, {same}; if it is another, give it a profile in content/{folder}/ and this warning goes"),
        ));
    }
    None
}

/// The digits of a name, in order.
fn digits(squashed: &str) -> String {
    squashed.chars().filter(char::is_ascii_digit).collect()
}

/// The key and folder of a kind of name: `companies`, `actors`, `campaigns`.
fn plural(kind: &str) -> &'static str {
    match kind {
        "company" => "companies",
        "actor" => "actors",
        _ => "campaigns",
    }
}

/// A known name that `name` starts with, followed by more words (`Charter` in `Charter
/// Communications`); a known name of four letters at least, so `AT` is not one.
fn longer_of<'k>(name: &str, known: &'k [Known]) -> Option<&'k Known> {
    let lower = name.to_lowercase();
    known
        .iter()
        .filter(|k| k.owner != name && k.spelling.chars().count() >= 4)
        .filter(|k| {
            lower.len() > k.lower.len() && lower.starts_with(&k.lower) && lower[k.lower.len()..].starts_with(' ')
        })
        .max_by_key(|k| k.spelling.len())
}

/// The names a name is made of when it is several joined (`Windstream and Lumen`,
/// `Windstream; Lumen`, `Windstream/Lumen`) and one of them at least is known: each as the
/// known spelling where there is one. A misspelling hint would keep one and drop the others.
fn several(name: &str, known: &[Known]) -> Option<Vec<String>> {
    let mut parts: Vec<&str> = vec![name];
    for sep in [";", "/", " and ", " & ", " + ", "|", ","] {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    let parts: Vec<&str> = parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect();
    // `Example, Inc.`: a company's legal form after a comma is part of its name.
    if name.contains(',') && crate::content::validate::ends_with_legal_form(name) {
        return None;
    }
    if parts.len() < 2 {
        return None;
    }
    let mut any = false;
    let named: Vec<String> = parts
        .iter()
        .map(|p| {
            let sq = squash(p);
            match known.iter().find(|k| k.squashed == sq) {
                Some(k) => {
                    any = true;
                    k.spelling.clone()
                }
                None => p.to_string(),
            }
        })
        .collect();
    // `Johnson & Johnson`: one name, twice, is one company.
    let mut distinct = named.clone();
    distinct.sort();
    distinct.dedup();
    (any && distinct.len() > 1).then_some(named)
}

/// One warning per set of names that are one name written several ways (the same
/// [`variant_key`]) but make separate pages. Returns which entities were in such a set.
fn variant_groups(
    kind: &str,
    entities: &[(&str, bool, Vec<String>)],
    uses: &[Vec<(&Path, &NameRef)>],
    out: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    // Entities joined when any of their spellings share a key (union-find by first owner).
    let mut parent: Vec<usize> = (0..entities.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // A name or alias that two profiles both claim (the same name key: two entities can share
    // one no other way) is an error already said: it joins nothing.
    let mut claims: HashMap<String, HashSet<usize>> = HashMap::new();
    for (i, (name, _, aliases)) in entities.iter().enumerate() {
        for s in std::iter::once(*name).chain(aliases.iter().map(String::as_str)) {
            claims.entry(name_key(s)).or_default().insert(i);
        }
    }
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (i, (name, _, aliases)) in entities.iter().enumerate() {
        let written = uses[i].iter().map(|(_, n)| n.name.as_str());
        // Most incidents write a name as its entity does: each spelling is keyed once.
        let mut spellings: HashSet<&str> = HashSet::new();
        for s in std::iter::once(*name)
            .chain(aliases.iter().map(String::as_str))
            .chain(written)
        {
            if !spellings.insert(s) {
                continue;
            }
            if claims.get(&name_key(s)).is_some_and(|c| c.len() > 1) {
                continue;
            }
            let key = variant_key(s);
            let first = *owner.entry(key).or_insert(i);
            let (a, b) = (root(&mut parent, first), root(&mut parent, i));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..entities.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut grouped = vec![false; entities.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        for &m in members {
            grouped[m] = true;
        }
        out.extend(variant_warning(kind, entities, uses, members));
    }
    grouped
}

/// The warning for one set of spellings: at the first use of a spelling other than the one
/// suggested (the profile's, else the one used most), listing every spelling with its files.
fn variant_warning(
    kind: &str,
    entities: &[(&str, bool, Vec<String>)],
    uses: &[Vec<(&Path, &NameRef)>],
    members: &[usize],
) -> Option<Diagnostic> {
    // Every spelling written, with the files that write it, in order of first use.
    let mut spellings: Vec<(String, usize, Vec<&Path>)> = Vec::new();
    for &m in members {
        for (path, n) in &uses[m] {
            let written = n.name.trim();
            match spellings.iter_mut().find(|(s, _, _)| s == written) {
                Some((_, count, files)) => {
                    *count += 1;
                    if !files.contains(path) {
                        files.push(path);
                    }
                }
                None => spellings.push((written.to_string(), 1, vec![*path])),
            }
        }
    }
    // The profile's spelling that the others match, else the most used (first among equals).
    let profile = members.iter().find(|&&m| entities[m].1);
    let (suggested, entity, why) = match profile {
        Some(&p) => {
            let (name, _, aliases) = &entities[p];
            let keys: HashSet<String> = members
                .iter()
                .filter(|&&m| m != p)
                .flat_map(|&m| uses[m].iter().map(|(_, n)| variant_key(&n.name)))
                .collect();
            match aliases.iter().find(|a| keys.contains(&variant_key(a))) {
                Some(a) if !keys.contains(&variant_key(name)) => (a.clone(), p, format!(" (an alias of {name})")),
                _ => (name.to_string(), p, " (the name in its profile)".to_string()),
            }
        }
        None => {
            let (best, count, _) = spellings.iter().rev().max_by_key(|(_, c, _)| *c)?;
            let most = spellings.iter().filter(|(_, c, _)| c == count).count() == 1;
            let entity = *members
                .iter()
                .find(|&&m| uses[m].iter().any(|(_, n)| n.name.trim() == best))?;
            let why = if most {
                format!(" (the spelling used most: {count} times)")
            } else {
                String::new()
            };
            (best.clone(), entity, why)
        }
    };
    let others: Vec<&(String, usize, Vec<&Path>)> = spellings
        .iter()
        .filter(|(s, _, _)| variant_owner(members, uses, s) != Some(entity))
        .collect();
    let first_other = members
        .iter()
        .filter(|&&m| m != entity)
        .flat_map(|&m| uses[m].iter())
        .min_by_key(|(path, n)| (*path, n.line, n.column))?;
    let names: Vec<String> = others.iter().map(|(s, _, _)| format!("`{s}`")).collect();
    let list = match names.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => return None,
    };
    let are = if names.len() == 1 {
        "looks like another spelling"
    } else {
        "look like other spellings"
    };
    let mut hint = format!(
        "write `{suggested}`{why} in each file, so they share one page and tally; if they are different {}, tell them apart in the name. The spellings:",
        plural(kind)
    );
    for (s, count, files) in &mut spellings {
        files.sort();
        let shown: Vec<String> = files.iter().take(3).map(|p| display_path(p)).collect();
        let more = files.len().saturating_sub(3);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let times = if *count == 1 {
            "once".to_string()
        } else {
            format!("{count} times")
        };
        hint.push_str(&format!("\n`{s}`: {times} ({}{more})", shown.join(", ")));
    }
    let (path, at) = first_other;
    Some(
        Diagnostic::warning(
            *path,
            at.line,
            at.column,
            format!("{list} {are} of the {kind} `{suggested}`"),
        )
        .with_hint(hint),
    )
}

/// The entity among `members` whose incidents write `spelling`.
fn variant_owner(members: &[usize], uses: &[Vec<(&Path, &NameRef)>], spelling: &str) -> Option<usize> {
    members
        .iter()
        .copied()
        .find(|&m| uses[m].iter().any(|(_, n)| n.name.trim() == spelling))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_that_is_not_a_web_address_gets_the_hint_for_its_mistake() {
        assert_eq!(
            web_url_hint("https://therecord.media/a b"),
            "an address has no spaces: copy it again from the browser's address bar, or write each space as %20 (`https://therecord.media/a%20b`)"
        );
        assert_eq!(
            web_url_hint("therecord.media/x"),
            "write the full address, starting with https:// (`https://therecord.media/x`)"
        );
        assert_eq!(
            web_url_hint("http//therecord.media/x"),
            "an address starts with https:// (a colon and two slashes): `https://therecord.media/x`"
        );
        assert_eq!(
            web_url_hint("https://www.bleeping computer.com/x y"),
            "an address has no spaces, and its site name (before the first `/`) cannot hold one: copy the address again from the browser's address bar"
        );
        assert_eq!(
            web_url_hint("\u{201c}https://therecord.media/x\u{201d}"),
            "write the address without the marks around it: `https://therecord.media/x`"
        );
        assert_eq!(
            web_url_hint("<https://therecord.media/x>"),
            "write the address without the marks around it: `https://therecord.media/x`"
        );
        assert_eq!(
            web_url_hint("ftp://example.com/file"),
            "write the full address, starting with https://; readers cannot follow other kinds"
        );
    }

    #[test]
    fn the_letters_bound_how_alike_two_names_can_be() {
        let names = [
            "tmobile",
            "tmobil",
            "mobilet",
            "tmoblie",
            "atandt",
            "att",
            "verizon",
            "verzion",
            "lumen",
            "lumentech",
            "centurylink",
            "centurylnk",
            "saltyphoon",
            "salttyphoon",
            "ghostemperor",
            "a",
            "",
            "x1",
            "1x",
            "zz",
        ];
        for a in names {
            for b in names {
                let exact = strsim::jaro_winkler(a, b);
                let bound = Letters::of(a).jaro_winkler_bound(&Letters::of(b));
                assert!(exact <= bound + 1e-9, "{a} / {b}: {exact} over the bound {bound}");
            }
        }
        // Names with few letters in common are left out without comparing them.
        assert!(Letters::of("verizon").jaro_winkler_bound(&Letters::of("tmobile")) < NEAR);
        assert!(Letters::of("verzion").jaro_winkler_bound(&Letters::of("verizon")) >= NEAR);
    }

    #[test]
    fn squash_ignores_case_spaces_and_punctuation() {
        assert_eq!(squash("Ghost Emperor"), squash("GhostEmperor"));
        assert_eq!(squash("T Mobile"), "tmobile");
    }
}
