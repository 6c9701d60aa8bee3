//! Warnings: things that build but are probably mistakes, reported by `tally check`.
//!
//! Likely misspellings of known names, odd sources, sources without an address or never cited,
//! dates in an unlikely order, incidents held
//! back by their disclosure date, empty write-ups, and names used once without a profile.
//! Positions come from the files' text, found again with the YAML locator.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::content::index::Library;
use crate::content::load::{split_front_matter, Tree};
use crate::content::model::{squash, Incident, NameRef};
use crate::content::validate::is_web_url;
use crate::content::yaml::{Locator, Step};
use crate::diag::Diagnostic;

/// Finds the line and column of a key path in an incident file.
struct Positions<'a> {
    texts: HashMap<&'a Path, (&'a str, usize)>,
}

impl<'a> Positions<'a> {
    fn new(tree: &'a Tree) -> Self {
        let texts = tree
            .incidents
            .iter()
            .filter_map(|f| {
                let fm = split_front_matter(&f.text).ok()?;
                Some((f.path.as_path(), (fm.yaml, fm.yaml_offset)))
            })
            .collect();
        Positions { texts }
    }

    /// The line of the `---` that closes the front matter.
    fn closing_fence(&self, path: &Path) -> usize {
        self.texts
            .get(path)
            .map_or(1, |(yaml, offset)| offset + yaml.lines().count() + 1)
    }

    fn at(&self, path: &Path, steps: &[Step]) -> (usize, usize) {
        match self.texts.get(path) {
            Some((yaml, offset)) => {
                let spot = Locator::new(yaml).find(steps);
                (spot.line + 1 + offset, spot.column + 1)
            }
            None => (1, 1),
        }
    }
}

/// All warnings for a tracker. `held` are the incidents the build holds back.
pub fn lint(tree: &Tree, lib: &Library, held: &[(&Incident, NaiveDate)]) -> Vec<Diagnostic> {
    let pos = Positions::new(tree);
    let mut out = Vec::new();
    for e in &lib.incidents {
        incident(&e.incident, &pos, &mut out);
    }
    for (i, until) in held {
        let (line, column) = pos.at(&i.path, &[Step::Key("disclosed")]);
        out.push(
            Diagnostic::warning(
                &i.path,
                line,
                column,
                format!("disclosed in the future: held back until {until}"),
            )
            .with_hint("it will appear in builds from that day on; `--drafts` shows it now"),
        );
        incident(i, &pos, &mut out);
    }
    names(lib, &mut out);
    out
}

fn incident(i: &Incident, pos: &Positions, out: &mut Vec<Diagnostic>) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (n, s) in i.sources.iter().enumerate() {
        let Some(url) = &s.url else { continue };
        let at = [Step::Key("sources"), Step::Index(n), Step::Key("url")];
        if !is_web_url(url) {
            let (line, column) = pos.at(&i.path, &at);
            out.push(
                Diagnostic::warning(
                    &i.path,
                    line,
                    column,
                    format!("the source address `{url}` is not a web address"),
                )
                .with_hint("write the full address, starting with https://; readers cannot follow other kinds"),
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
                    format!("the source {} ({}) is never cited", n + 1, s.publisher),
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
    squashed: String,
    owner: String,
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
}

fn namespace(
    kind: &str,
    entities: &[(&str, bool, Vec<String>)],
    uses: &[Vec<(&Path, &NameRef)>],
    out: &mut Vec<Diagnostic>,
) {
    // Names to compare against: every profile's name and aliases, and names used more than once.
    let mut known: Vec<Known> = Vec::new();
    for (i, (name, has_profile, aliases)) in entities.iter().enumerate() {
        if *has_profile || uses[i].len() > 1 {
            known.push(Known {
                spelling: name.to_string(),
                squashed: squash(name),
                owner: name.to_string(),
            });
            for a in aliases {
                known.push(Known {
                    spelling: a.clone(),
                    squashed: squash(a),
                    owner: name.to_string(),
                });
            }
        }
    }
    let by_squash: HashMap<&str, &Known> = known.iter().map(|k| (k.squashed.as_str(), k)).collect();
    for (i, (name, has_profile, _)) in entities.iter().enumerate() {
        if *has_profile || uses[i].len() != 1 {
            continue;
        }
        let (path, at) = uses[i][0];
        let sq = squash(name);
        let exact = by_squash.get(sq.as_str()).copied();
        let near = exact.or_else(|| {
            known
                .iter()
                .filter(|k| k.owner != *name)
                .map(|k| (strsim::jaro_winkler(&sq, &k.squashed), k))
                .filter(|(score, _)| *score >= 0.93)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| k)
        });
        let d = match near {
            Some(k) if k.owner != *name => {
                let what = if k.spelling == k.owner {
                    String::new()
                } else {
                    format!(", an alias of {}", k.owner)
                };
                Diagnostic::warning(
                    path,
                    at.line,
                    at.column,
                    format!("`{name}` is probably a misspelling of `{}`{what}", k.spelling),
                )
                .with_hint(format!(
                    "write `{}` so the incident joins that {kind}'s page and tally",
                    k.spelling
                ))
            }
            _ => Diagnostic::warning(
                path,
                at.line,
                at.column,
                format!("the {kind} `{name}` is named only once and has no profile"),
            )
            .with_hint(format!(
                "check the spelling, or add a profile in content/{}/",
                if kind == "company" { "companies" } else { "actors" }
            )),
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_ignores_case_spaces_and_punctuation() {
        assert_eq!(squash("Ghost Emperor"), squash("GhostEmperor"));
        assert_eq!(squash("T Mobile"), "tmobile");
    }
}
