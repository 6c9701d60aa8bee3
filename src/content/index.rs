//! Index: resolves the names incidents use to companies, actors and campaigns, and derives
//! timelines, tallies, ordinals, victims and date spans.
//!
//! Every step is a single pass over the incidents with hash lookups, so the work grows with the
//! number of incidents, never with its square. Orders are total (ties broken by slug), so the
//! same content always gives the same library.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::model::{
    name_key, slugify, ActorProfile, Alias, Claim, CompanyProfile, Incident, NameRef, PartialDate, Status,
};
use crate::diag::{display_path, Diagnostic};

/// The resolved tracker.
#[derive(Debug, Clone)]
pub struct Library {
    /// Incidents in time order: when they occurred (else were disclosed), oldest first.
    pub incidents: Vec<Entry>,
    /// Companies by slug.
    pub companies: Vec<Company>,
    /// Actors by slug.
    pub actors: Vec<Actor>,
    /// Campaigns by slug.
    pub campaigns: Vec<Campaign>,
}

/// An incident with what its names resolved to.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Shared with `serve`'s inputs, so re-indexing after an edit copies no incident.
    pub incident: Arc<Incident>,
    pub companies: Vec<Link>,
    pub actors: Vec<Link>,
    pub campaign: Option<usize>,
}

/// A resolved name: the index of what it names, and the spelling the incident used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: usize,
    pub written: String,
    /// For companies: this incident's place in the company's tally, if it counts.
    pub ordinal: Option<usize>,
    /// For actors: who attributes the incident to it, and how sure they are.
    pub claim: Claim,
}

/// A company and an actor (or a campaign) linked by incidents, with the firmest status among
/// them: a victim whose only link is a disputed incident is marked "disputed".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tie {
    pub target: usize,
    pub status: Status,
}

/// One company's, actor's or campaign's ties: what `side` of each of its incidents (`held`)
/// links, each target once with the firmest status among its links (confirmed before
/// disputed), in name order (`rank`: each target's place in it).
fn ties_of(held: &[usize], entries: &[Entry], side: fn(&Entry) -> &[Link], rank: &[usize]) -> Vec<Tie> {
    let mut links: Vec<(usize, usize, Status)> = (held.iter())
        .flat_map(|&i| {
            side(&entries[i])
                .iter()
                .map(move |l| (rank[l.target], l.target, entries[i].incident.status))
        })
        .collect();
    links.sort_unstable();
    links.dedup_by_key(|&mut (place, _, _)| place);
    links
        .into_iter()
        .map(|(_, target, status)| Tie { target, status })
        .collect()
}

/// Each name's place in natural order (ties by index): sorting by it is sorting by
/// [`crate::content::model::natural_key`], whose keys are made once each, not at every comparison.
fn name_ranks<'a>(names: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let keys: Vec<_> = names.map(crate::content::model::natural_key).collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
    let mut rank = vec![0; keys.len()];
    for (place, i) in order.into_iter().enumerate() {
        rank[i] = place;
    }
    rank
}

#[derive(Debug, Clone)]
pub struct Company {
    pub slug: String,
    pub name: String,
    pub profile: Option<CompanyProfile>,
    /// Indices into `Library::incidents`, oldest first.
    pub incidents: Vec<usize>,
    /// How many of them count toward the tally.
    pub tally: usize,
    /// Actors named in its incidents, by name.
    pub actors: Vec<Tie>,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub slug: String,
    pub name: String,
    pub profile: Option<ActorProfile>,
    pub incidents: Vec<usize>,
    /// Distinct companies hit, by name.
    pub victims: Vec<Tie>,
    pub first: Option<PartialDate>,
    pub last: Option<PartialDate>,
}

#[derive(Debug, Clone)]
pub struct Campaign {
    pub slug: String,
    pub name: String,
    pub incidents: Vec<usize>,
    pub victims: Vec<Tie>,
    pub actors: Vec<Tie>,
}

/// Builds the library. Ambiguous names and clashing addresses are reported, naming both files;
/// two incident files of one name are [`incident_addresses`]' to find, among every incident read.
pub fn index<I: Into<Arc<Incident>>>(
    incidents: Vec<I>,
    company_profiles: Vec<CompanyProfile>,
    actor_profiles: Vec<ActorProfile>,
) -> (Library, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut companies = Registry::new(
        company_profiles.into_iter().map(|p| {
            let names = std::iter::once((p.name.clone(), 1)).chain(p.aliases.iter().map(|a| (a.name.clone(), a.line)));
            let names: Vec<_> = names.collect();
            (p.slug.clone(), p.name.clone(), p.path.clone(), names, p)
        }),
        "companies",
        &mut diags,
    );
    let mut actors = Registry::new(
        actor_profiles.into_iter().map(|p| {
            let names = std::iter::once((p.name.clone(), 1)).chain(p.aliases.iter().map(|a| (a.name.clone(), a.line)));
            let names: Vec<_> = names.collect();
            (p.slug.clone(), p.name.clone(), p.path.clone(), names, p)
        }),
        "actors",
        &mut diags,
    );
    let mut campaigns: Registry<()> = Registry::new(std::iter::empty(), "campaigns", &mut diags);

    let incidents = in_time_order(incidents.into_iter().map(Into::into).collect());
    companies.prefer(
        incidents
            .iter()
            .flat_map(|i| i.companies.iter().map(move |n| (i.path.as_path(), n))),
    );
    actors.prefer(
        incidents
            .iter()
            .flat_map(|i| i.actors.iter().map(move |n| (i.path.as_path(), n))),
    );
    campaigns.prefer(
        incidents
            .iter()
            .filter_map(|i| Some((i.path.as_path(), i.campaign.as_ref()?))),
    );

    let mut entries = Vec::with_capacity(incidents.len());
    for incident in incidents {
        let company_links = resolve_all(&mut companies, &incident.companies, &incident.path, &mut diags);
        let actor_links = resolve_all(&mut actors, &incident.actors, &incident.path, &mut diags);
        let campaign = incident
            .campaign
            .as_ref()
            .and_then(|c| campaigns.resolve(c, &incident.path, &mut diags));
        entries.push(Entry {
            incident,
            companies: company_links,
            actors: actor_links,
            campaign,
        });
    }

    // Registries hand out indices in order of first appearance; re-number them by slug.
    let (company_order, mut company_list) = companies.finish();
    let (actor_order, mut actor_list) = actors.finish();
    let (campaign_order, campaign_list) = campaigns.finish();
    for e in &mut entries {
        for l in &mut e.companies {
            l.target = company_order[l.target];
        }
        for l in &mut e.actors {
            l.target = actor_order[l.target];
        }
        e.campaign = e.campaign.map(|c| campaign_order[c]);
    }

    let mut campaigns: Vec<Campaign> = campaign_list
        .into_iter()
        .map(|(slug, name)| campaign(slug, name))
        .collect();
    derive_order(&mut entries, &mut company_list, &mut actor_list, &mut campaigns);
    derive_ties(&entries, &mut company_list, &mut actor_list, &mut campaigns);
    let library = Library {
        incidents: entries,
        companies: company_list,
        actors: actor_list,
        campaigns,
    };
    (library, diags)
}

/// An incident's address is its file's name, wherever in `content/incidents/` it is filed:
/// two files of one name (`x.md` and `2023/x.md`) would be one page, the other lost. Each of
/// them is reported, naming the others. Run over every incident read, drafts and those held
/// back by their date among them: a clash is found when the file is written, not the day it
/// is shown.
pub fn incident_addresses(incidents: &[Arc<Incident>]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // One folder holds one file of a name: only files in folders below it can clash.
    let top = Path::new("content/incidents");
    if incidents.iter().all(|i| i.path.parent() == Some(top)) {
        return diags;
    }
    let mut by_slug: Vec<(&str, &Path)> = incidents.iter().map(|i| (i.slug.as_str(), i.path.as_path())).collect();
    by_slug.sort_unstable();
    for group in by_slug.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        let slug = group[0].0;
        for &(_, path) in group {
            let others: Vec<String> = (group.iter())
                .filter(|(_, other)| *other != path)
                .map(|(_, other)| display_path(other))
                .collect();
            diags.push(
                Diagnostic::error(
                    path,
                    1,
                    1,
                    format!(
                        "the address /incidents/{slug}/ is taken by this file and by {}: an incident's address is its file name, whatever folder it is in",
                        others.join(" and ")
                    ),
                )
                .with_hint("if one is a copy of the other, delete it; if they are two incidents, rename one (its page's address is its new name)"),
            );
        }
    }
    diags
}

/// Incidents in time order: when they occurred (else were disclosed), ties by disclosure then
/// slug, a total order, so the same content always gives the same library. Keys are made once
/// each, not at every comparison.
fn in_time_order(incidents: Vec<Arc<Incident>>) -> Vec<Arc<Incident>> {
    let mut keyed: Vec<_> = incidents.iter().map(|i| (time_key(i), i)).collect();
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, i)| i.clone()).collect()
}

/// What [`in_time_order`] sorts by: when, disclosure, slug.
type TimeKey<'a> = ((i32, u32, u32), (i32, u32, u32), &'a str);

fn time_key(i: &Incident) -> TimeKey<'_> {
    (i.when_key(), i.disclosed.sort_key(), &i.slug)
}

/// What follows from the incidents' order and status once their names are resolved: each
/// company's, actor's and campaign's incidents, tallies and ordinals, and actors' spans.
/// `entries` are in time order, without ordinals; the lists hold none of this yet.
fn derive_order(entries: &mut [Entry], companies: &mut [Company], actors: &mut [Actor], campaigns: &mut [Campaign]) {
    for (i, e) in entries.iter_mut().enumerate() {
        let counts = e.incident.counts();
        for link in &mut e.companies {
            let c = &mut companies[link.target];
            c.incidents.push(i);
            if counts {
                c.tally += 1;
                link.ordinal = Some(c.tally);
            }
        }
        for link in &e.actors {
            actors[link.target].incidents.push(i);
        }
        if let Some(c) = e.campaign {
            campaigns[c].incidents.push(i);
        }
    }
    for a in actors {
        (a.first, a.last) = Incident::span_of(a.incidents.iter().map(|&i| &*entries[i].incident)).unzip();
    }
}

/// What follows from which incidents link what, with their status, whatever their order: the
/// ties between companies, actors and campaigns, in name order.
fn derive_ties(entries: &[Entry], companies: &mut [Company], actors: &mut [Actor], campaigns: &mut [Campaign]) {
    let all = Touched {
        companies: (0..companies.len()).collect(),
        actors: (0..actors.len()).collect(),
        campaigns: (0..campaigns.len()).collect(),
    };
    all.derive_ties(entries, companies, actors, campaigns);
}

/// A campaign named by incidents, before anything is derived.
fn campaign(slug: String, name: String) -> Campaign {
    Campaign {
        slug,
        name,
        incidents: Vec::new(),
        victims: Vec::new(),
        actors: Vec::new(),
    }
}

/// The library with the incident at `at` replaced by an edited version of it, when the edit
/// leaves everything the index derives as it was: the same address, place in time order,
/// names (so the same links, tallies and ties), status and dates. A change of wording (the
/// title, the write-up, sources, notes) is such an edit; `None` asks for a full [`index`].
///
/// The route table reads no more of an incident than this (its lists' order and membership,
/// the change log's dates, the site's first and last change), so it holds for the result too.
pub fn replace(old: &Library, at: usize, incident: Arc<Incident>) -> Option<Library> {
    let was = &old.incidents.get(at)?.incident;
    let update_days = |i: &Incident| i.updates.iter().map(|u| u.date).collect::<Vec<_>>();
    let same = incident.slug == was.slug
        && incident.path == was.path
        && incident.disclosed == was.disclosed
        && incident.occurred == was.occurred
        && incident.status == was.status
        && incident.tally == was.tally
        && incident.published() == was.published()
        && incident.modified() == was.modified()
        && names(&incident) == names(was)
        && update_days(&incident) == update_days(was);
    if !same {
        return None;
    }
    let mut library = old.clone();
    let entry = &mut library.incidents[at];
    with_claims(entry, &incident)?;
    entry.incident = incident;
    Some(library)
}

/// The library with the incident at `at` replaced by an edited version of it that names only
/// companies, actors and campaigns that already exist: its dates, status or tally may have
/// changed, and so its place in time order, and it may name others, as long as each name it
/// writes is one the tracker already knows (see [`relink`]) and whatever it stops naming keeps
/// other incidents. The old library had no clash of names (a session keeps no library with
/// errors), and whether any clash exists depends on which names are written, not on their
/// order, so every name resolves as a full index would resolve it; only what follows from order, links
/// and status is derived again ([`derive_order`], and [`derive_ties`] unless the names and
/// status are as they were), sparing the resolution of every name. `None` asks for a full
/// [`index`]: also when the new order would change how a company, actor or campaign without a
/// profile is named (as the first incident, in time order, to name it spells it).
pub fn reorder(old: &Library, at: usize, incident: Arc<Incident>) -> Option<Library> {
    let was = &old.incidents.get(at)?.incident;
    if incident.slug != was.slug || incident.path != was.path {
        return None;
    }
    let same_names = names(&incident) == names(was);
    let same_ties = same_names && incident.status == was.status;
    let mut entries: Vec<Entry> = old.incidents.clone();
    let mut edited = entries.remove(at);
    // What the incident linked before the edit: with what it links after, whose ties may change.
    let mut touched = Touched::default();
    touched.add(&edited);
    if same_names {
        with_claims(&mut edited, &incident)?;
    } else {
        relink(old, &mut edited, &incident)?;
    }
    edited.incident = incident;
    touched.add(&edited);
    // The others keep their order: the edited one only has to find its new place.
    let key = time_key(&edited.incident);
    let to = entries.partition_point(|e| time_key(&e.incident) < key);
    entries.insert(to, edited);
    for e in &mut entries {
        for l in &mut e.companies {
            l.ordinal = None;
        }
    }
    // A name without a profile is shown as its first incident spells it.
    let mut company_names: Vec<Option<&str>> = vec![None; old.companies.len()];
    let mut actor_names: Vec<Option<&str>> = vec![None; old.actors.len()];
    let mut campaign_names: Vec<Option<&str>> = vec![None; old.campaigns.len()];
    for e in &entries {
        for (names, links) in [(&mut company_names, &e.companies), (&mut actor_names, &e.actors)] {
            for l in links {
                names[l.target].get_or_insert(&l.written);
            }
        }
        if let (Some(c), Some(n)) = (e.campaign, &e.incident.campaign) {
            campaign_names[c].get_or_insert(&n.name);
        }
    }
    // (name, has a profile) of each company, actor and campaign, beside its first spelling now.
    let renamed = |shown: &mut dyn Iterator<Item = (&str, bool)>, firsts: &[Option<&str>]| {
        shown
            .zip(firsts)
            .any(|((name, profiled), first)| !profiled && first.is_some_and(|f| f != name))
    };
    if renamed(
        &mut old.companies.iter().map(|c| (c.name.as_str(), c.profile.is_some())),
        &company_names,
    ) || renamed(
        &mut old.actors.iter().map(|a| (a.name.as_str(), a.profile.is_some())),
        &actor_names,
    ) || renamed(
        &mut old.campaigns.iter().map(|c| (c.name.as_str(), false)),
        &campaign_names,
    ) {
        return None;
    }
    let mut companies: Vec<Company> = old
        .companies
        .iter()
        .map(|c| CompanyProfile::build(c.slug.clone(), c.name.clone(), c.profile.clone()))
        .collect();
    let mut actors: Vec<Actor> = old
        .actors
        .iter()
        .map(|a| ActorProfile::build(a.slug.clone(), a.name.clone(), a.profile.clone()))
        .collect();
    let mut campaigns: Vec<Campaign> = old
        .campaigns
        .iter()
        .map(|c| campaign(c.slug.clone(), c.name.clone()))
        .collect();
    derive_order(&mut entries, &mut companies, &mut actors, &mut campaigns);
    // Ties do not depend on order: they are as they were, but for what the incident linked
    // before or after the edit when its names or status changed.
    for (c, was) in companies.iter_mut().zip(&old.companies) {
        c.actors = was.actors.clone();
    }
    for (a, was) in actors.iter_mut().zip(&old.actors) {
        a.victims = was.victims.clone();
    }
    for (c, was) in campaigns.iter_mut().zip(&old.campaigns) {
        c.victims = was.victims.clone();
        c.actors = was.actors.clone();
    }
    if !same_ties {
        touched.derive_ties(&entries, &mut companies, &mut actors, &mut campaigns);
    }
    Some(Library {
        incidents: entries,
        companies,
        actors,
        campaigns,
    })
}

/// The companies, actors and campaigns one incident links, before and after an edit: the only
/// ones whose ties the edit can change.
#[derive(Default)]
struct Touched {
    companies: Vec<usize>,
    actors: Vec<usize>,
    campaigns: Vec<usize>,
}

impl Touched {
    fn add(&mut self, e: &Entry) {
        self.companies.extend(e.companies.iter().map(|l| l.target));
        self.actors.extend(e.actors.iter().map(|l| l.target));
        self.campaigns.extend(e.campaign);
    }

    /// Their ties derived again from their incidents (`entries`, and the lists' incidents
    /// derived already by [`derive_order`]).
    fn derive_ties(
        mut self,
        entries: &[Entry],
        companies: &mut [Company],
        actors: &mut [Actor],
        campaigns: &mut [Campaign],
    ) {
        for list in [&mut self.companies, &mut self.actors, &mut self.campaigns] {
            list.sort_unstable();
            list.dedup();
        }
        let company_rank = name_ranks(companies.iter().map(|c| c.name.as_str()));
        let actor_rank = name_ranks(actors.iter().map(|a| a.name.as_str()));
        let of_companies: fn(&Entry) -> &[Link] = |e| &e.companies;
        let of_actors: fn(&Entry) -> &[Link] = |e| &e.actors;
        for &c in &self.companies {
            companies[c].actors = ties_of(&companies[c].incidents, entries, of_actors, &actor_rank);
        }
        for &a in &self.actors {
            actors[a].victims = ties_of(&actors[a].incidents, entries, of_companies, &company_rank);
        }
        for &k in &self.campaigns {
            let c = &mut campaigns[k];
            c.victims = ties_of(&c.incidents, entries, of_companies, &company_rank);
            c.actors = ties_of(&c.incidents, entries, of_actors, &actor_rank);
        }
    }
}

/// Points `entry`'s links at what the edited `incident`'s names resolve to, when each is a
/// name the tracker already knows: a profile's name or alias, or the spelling incidents already
/// write for a company, actor or campaign without a profile. Then no address is taken that was
/// free, and no name is written that could clash. `None` (a full index is needed) for a new
/// name, one that would clash, or when a company, actor or campaign without a profile that the
/// incident stops naming has no other incident (it would no longer exist).
fn relink(old: &Library, entry: &mut Entry, incident: &Incident) -> Option<()> {
    let companies = links(&old.companies, &incident.companies)?;
    let actors = links(&old.actors, &incident.actors)?;
    let campaign = match &incident.campaign {
        Some(n) => Some(known(&old.campaigns, &HashMap::new(), &n.name)?),
        None => None,
    };
    let kept = |before: &[Link], after: &[Link], still: &dyn Fn(usize) -> bool| {
        (before.iter().map(|l| l.target))
            .filter(|&t| after.iter().all(|l| l.target != t))
            .all(still)
    };
    let named_elsewhere = |incidents: &[usize]| incidents.len() > 1;
    let still = kept(&entry.companies, &companies, &|t| {
        let c = &old.companies[t];
        c.profile.is_some() || named_elsewhere(&c.incidents)
    }) && kept(&entry.actors, &actors, &|t| {
        let a = &old.actors[t];
        a.profile.is_some() || named_elsewhere(&a.incidents)
    }) && entry
        .campaign
        .is_none_or(|c| campaign == Some(c) || named_elsewhere(&old.campaigns[c].incidents));
    if !still {
        return None;
    }
    entry.companies = companies;
    entry.actors = actors;
    entry.campaign = campaign;
    Some(())
}

/// What [`relink`] reads of a company, actor or campaign: its slug, its name, and its
/// profile's name and aliases when it has one.
trait Known {
    fn known(&self) -> (&str, &str, Option<(&str, &[Alias])>);
}

impl Known for Company {
    fn known(&self) -> (&str, &str, Option<(&str, &[Alias])>) {
        let profile = self.profile.as_ref().map(|p| (p.name.as_str(), p.aliases.as_slice()));
        (&self.slug, &self.name, profile)
    }
}

impl Known for Actor {
    fn known(&self) -> (&str, &str, Option<(&str, &[Alias])>) {
        let profile = self.profile.as_ref().map(|p| (p.name.as_str(), p.aliases.as_slice()));
        (&self.slug, &self.name, profile)
    }
}

impl Known for Campaign {
    fn known(&self) -> (&str, &str, Option<(&str, &[Alias])>) {
        (&self.slug, &self.name, None)
    }
}

/// The links `names` make among `all` (a library's companies or actors), as [`resolve_all`]
/// makes them, when every name is known.
fn links<T: Known>(all: &[T], names: &[NameRef]) -> Option<Vec<Link>> {
    let profiled: HashMap<String, usize> = (all.iter().enumerate())
        .filter_map(|(i, e)| Some((i, e.known().2?)))
        .flat_map(|(i, (name, aliases))| {
            std::iter::once(name)
                .chain(aliases.iter().map(|a| a.name.as_str()))
                .map(move |n| (name_key(n), i))
        })
        .collect();
    let mut links: Vec<Link> = Vec::with_capacity(names.len());
    for n in names {
        link(&mut links, known(all, &profiled, &n.name)?, n);
    }
    Some(links)
}

/// What `name` resolves to among `all` (sorted by slug), without adding to them: the one whose
/// profile has the name (`profiled`: its names' keys), else the one without a profile at the
/// address the name takes, when it is written the same up to case and surrounding spaces (in a
/// library without errors, incidents write one such spelling for each of those addresses).
fn known<T: Known>(all: &[T], profiled: &HashMap<String, usize>, name: &str) -> Option<usize> {
    let key = name_key(name);
    if let Some(&i) = profiled.get(&key) {
        return Some(i);
    }
    let slug = slugify(name);
    let i = all.binary_search_by(|e| e.known().0.cmp(slug.as_str())).ok()?;
    let (_, name, profile) = all[i].known();
    (profile.is_none() && name_key(name) == key).then_some(i)
}

/// The names an incident writes, in order: companies, actors, campaign.
fn names(i: &Incident) -> Vec<&str> {
    let mut all: Vec<&str> = i.companies.iter().map(|n| n.name.as_str()).collect();
    all.push("\0");
    all.extend(i.actors.iter().map(|n| n.name.as_str()));
    all.push("\0");
    all.extend(i.campaign.as_ref().map(|n| n.name.as_str()));
    all
}

/// Gives `entry`'s links what `incident`, which writes the same names, says of each (its
/// claim). The same names in the same order resolve to the same links, and a link keeps
/// what the first name that resolved to it says, as `resolve_all` does.
fn with_claims(entry: &mut Entry, incident: &Incident) -> Option<()> {
    for (links, refs) in [
        (&mut entry.companies, &incident.companies),
        (&mut entry.actors, &incident.actors),
    ] {
        for link in links.iter_mut() {
            let n = refs.iter().find(|n| n.name == link.written)?;
            link.claim = n.claim.clone();
        }
    }
    Some(())
}

fn resolve_all<P: Profile>(
    reg: &mut Registry<P>,
    names: &[NameRef],
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Link> {
    let mut links: Vec<Link> = Vec::with_capacity(names.len());
    for n in names {
        if let Some(target) = reg.resolve(n, path, diags) {
            link(&mut links, target, n);
        }
    }
    links
}

/// Adds the link `n` makes to `target`, unless an earlier name of the incident made it:
/// "Lumen" and "CenturyLink" in one incident are one victim, as the first name says.
fn link(links: &mut Vec<Link>, target: usize, n: &NameRef) {
    if !links.iter().any(|l| l.target == target) {
        links.push(Link {
            target,
            written: n.name.clone(),
            ordinal: None,
            claim: n.claim.clone(),
        });
    }
}

/// ", the spelling used most (3 times)", for a hint; nothing when spellings tie (the first
/// written is suggested then).
fn most_used(p: &Spelling) -> String {
    if p.most {
        format!(", the spelling used most ({} times)", p.uses)
    } else {
        String::new()
    }
}

/// What the registry needs of a profile to build a company or actor from it.
pub trait Profile {
    type Out;
    fn build(slug: String, name: String, profile: Option<Self>) -> Self::Out
    where
        Self: Sized;
}

impl Profile for CompanyProfile {
    type Out = Company;
    fn build(slug: String, name: String, profile: Option<Self>) -> Company {
        Company {
            slug,
            name,
            profile,
            incidents: Vec::new(),
            tally: 0,
            actors: Vec::new(),
        }
    }
}

impl Profile for ActorProfile {
    type Out = Actor;
    fn build(slug: String, name: String, profile: Option<Self>) -> Actor {
        Actor {
            slug,
            name,
            profile,
            incidents: Vec::new(),
            victims: Vec::new(),
            first: None,
            last: None,
        }
    }
}

impl Profile for () {
    type Out = (String, String);
    fn build(slug: String, name: String, _: Option<Self>) -> (String, String) {
        (slug, name)
    }
}

/// One namespace of names (companies, actors or campaigns): profiles first, then each new
/// name an incident uses, with the file that introduced it for messages.
struct Registry<P> {
    kind: &'static str,
    /// name key → entity.
    by_name: HashMap<String, usize>,
    /// slug → entity.
    by_slug: HashMap<String, usize>,
    entities: Vec<Entity<P>>,
    /// For each address that several spellings (none a profile's) would take: the spelling
    /// used most, which takes it, and the others are errors that suggest it.
    preferred: HashMap<String, Spelling>,
}

/// One spelling of a name, as incidents write it.
#[derive(Debug, Clone)]
struct Spelling {
    written: String,
    key: String,
    /// How many times incidents write it.
    uses: usize,
    /// The first file (in time order) that writes it.
    first: PathBuf,
    /// Whether it is used more than any other spelling of the address.
    most: bool,
}

struct Entity<P> {
    slug: String,
    name: String,
    /// The file that defined it: its profile, or the first incident naming it.
    origin: PathBuf,
    profile: Option<P>,
}

impl<P: Profile> Registry<P> {
    fn new(
        profiles: impl Iterator<Item = (String, String, PathBuf, Vec<(String, usize)>, P)>,
        kind: &'static str,
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut reg = Registry {
            kind,
            by_name: HashMap::new(),
            by_slug: HashMap::new(),
            entities: Vec::new(),
            preferred: HashMap::new(),
        };
        // Where each name was written: (file, line).
        let mut written_at: HashMap<String, (PathBuf, usize)> = HashMap::new();
        for (slug, name, path, names, profile) in profiles {
            if crate::content::model::is_reserved_name_slug(&slug) {
                diags.push(
                    Diagnostic::error(
                        &path,
                        1,
                        1,
                        format!("the file name `{slug}.md` is taken by the site's own pages"),
                    )
                    .with_hint("name the file after the company or actor, e.g. `t-mobile.md`"),
                );
                continue;
            }
            if let Some(&other) = reg.by_slug.get(&slug) {
                let other_path = display_path(&reg.entities[other].origin);
                diags.push(
                    Diagnostic::error(
                        &path,
                        1,
                        1,
                        format!(
                            "the address /{kind}/{slug}/ is taken by this file and by {other_path}: a profile's address is its file name, whatever folder it is in"
                        ),
                    )
                    .with_hint("if one is a copy of the other, delete it; if they are two profiles, rename one"),
                );
                continue;
            }
            let id = reg.entities.len();
            reg.by_slug.insert(slug.clone(), id);
            for (alias, line) in names {
                let key = name_key(&alias);
                match reg.by_name.get(&key) {
                    Some(&other) if other != id => {
                        let other_path = display_path(&reg.entities[other].origin);
                        // Pointed at the alias that repeats another's name, which is the line
                        // to change: a profile's own name (line 1) is rarely the mistake.
                        // Of two aliases, the one whose profile's name it does not contain
                        // (`T-Mobile US` in Sprint's profile, not in T-Mobile's).
                        let contains = |owner: &str| {
                            let owner = name_key(owner);
                            !owner.is_empty() && key.contains(&owner)
                        };
                        let (at_path, at_line) = match written_at.get(&key) {
                            Some((p, l)) if line == 1 && *l != 1 => (p.clone(), *l),
                            Some((p, l)) if *l != 1 && contains(&name) && !contains(&reg.entities[other].name) => {
                                (p.clone(), *l)
                            }
                            _ => (path.clone(), line),
                        };
                        diags.push(
                            Diagnostic::error(&at_path, at_line, 1, format!("the name `{alias}` belongs to two {kind}: {other_path} and {}", display_path(&path)))
                                .with_hint("keep the name (or alias) in one profile only; incidents would not know which one they mean"),
                        );
                    }
                    _ => {
                        written_at.insert(key.clone(), (path.clone(), line));
                        reg.by_name.insert(key, id);
                    }
                }
            }
            reg.entities.push(Entity {
                slug,
                name,
                origin: path,
                profile: Some(profile),
            });
        }
        reg
    }

    /// Counts the spellings of the names incidents use (in time order), so that when several
    /// would take one address the one used most takes it, not the first file's.
    fn prefer<'n>(&mut self, uses: impl Iterator<Item = (&'n Path, &'n NameRef)>) {
        let mut by_slug: HashMap<String, Vec<Spelling>> = HashMap::new();
        for (path, n) in uses {
            let key = name_key(&n.name);
            if self.by_name.contains_key(&key) {
                continue;
            }
            let spellings = by_slug.entry(slugify(&n.name)).or_default();
            match spellings.iter_mut().find(|s| s.key == key) {
                Some(s) => s.uses += 1,
                None => spellings.push(Spelling {
                    written: n.name.trim().to_string(),
                    key,
                    uses: 1,
                    first: path.to_path_buf(),
                    most: false,
                }),
            }
        }
        for (slug, spellings) in by_slug {
            if spellings.len() > 1 {
                // The most used; among equals, the first written (the list is in time order).
                let mut best = spellings
                    .iter()
                    .rev()
                    .max_by_key(|s| s.uses)
                    .cloned()
                    .expect("two spellings or more");
                best.most = spellings.iter().filter(|s| s.uses == best.uses).count() == 1;
                self.preferred.insert(slug, best);
            }
        }
    }

    fn resolve(&mut self, n: &NameRef, path: &Path, diags: &mut Vec<Diagnostic>) -> Option<usize> {
        let key = name_key(&n.name);
        if let Some(&id) = self.by_name.get(&key) {
            return Some(id);
        }
        let slug = slugify(&n.name);
        let kind = self.kind;
        let problem = if crate::content::model::is_reserved_name_slug(&slug) {
            Some((
                format!(
                    "`{}` would take the address of the site's own /{kind}/{slug}/ page",
                    n.name
                ),
                "write the name in full, as readers know it".to_string(),
            ))
        } else if slug.is_empty() {
            Some((
                format!("`{}` has no letters or digits to make a web address from", n.name),
                "write the name as readers know it, with at least one letter".to_string(),
            ))
        } else if let Some(&other) = self.by_slug.get(&slug) {
            let e = &self.entities[other];
            let origin = display_path(&e.origin);
            let (name, why) = match self.preferred.get(&slug) {
                _ if e.profile.is_some() => (
                    e.name.clone(),
                    format!(
                        " (the name in its profile) or add `{}` to the aliases in {origin}",
                        n.name
                    ),
                ),
                Some(p) => (p.written.clone(), most_used(p)),
                None => (e.name.clone(), String::new()),
            };
            Some((
                format!(
                    "`{}` and `{}` ({origin}) would share the address /{kind}/{slug}/",
                    n.name, e.name
                ),
                format!("if they are the same, write `{name}`{why}; if not, tell them apart in the name"),
            ))
        } else {
            // The address is free, but another spelling is used more: this one is the outlier.
            self.preferred.get(&slug).filter(|p| p.key != key).map(|p| {
                (
                    format!(
                        "`{}` and `{}` ({}) would share the address /{kind}/{slug}/",
                        n.name,
                        p.written,
                        display_path(&p.first)
                    ),
                    format!(
                        "if they are the same, write `{}`{}; if not, tell them apart in the name",
                        p.written,
                        most_used(p)
                    ),
                )
            })
        };
        if let Some((message, hint)) = problem {
            diags.push(Diagnostic::error(path, n.line, n.column, message).with_hint(hint));
            return None;
        }
        let id = self.entities.len();
        self.by_name.insert(key, id);
        self.by_slug.insert(slug.clone(), id);
        self.entities.push(Entity {
            slug,
            name: n.name.clone(),
            origin: path.to_path_buf(),
            profile: None,
        });
        Some(id)
    }

    /// The entities sorted by slug, and the map from old index to new.
    fn finish(self) -> (Vec<usize>, Vec<P::Out>) {
        let mut order: Vec<usize> = (0..self.entities.len()).collect();
        order.sort_by(|&a, &b| self.entities[a].slug.cmp(&self.entities[b].slug));
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut slots: Vec<Option<Entity<P>>> = self.entities.into_iter().map(Some).collect();
        let out = order
            .iter()
            .map(|&old| {
                let e = slots[old].take().expect("each entity is taken once");
                P::build(e.slug, e.name, e.profile)
            })
            .collect();
        (new_index, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Source, Status, When};

    fn name(n: &str) -> NameRef {
        NameRef {
            name: n.into(),
            line: 5,
            column: 5,
            claim: Default::default(),
        }
    }

    fn incident(slug: &str, disclosed: &str, companies: &[&str], actors: &[&str]) -> Incident {
        Incident {
            slug: slug.into(),
            path: PathBuf::from(format!("content/incidents/{slug}.md")),
            title: slug.into(),
            disclosed: PartialDate::parse(disclosed).unwrap(),
            occurred: None,
            companies: companies.iter().map(|c| name(c)).collect(),
            actors: actors.iter().map(|c| name(c)).collect(),
            campaign: None,
            status: Status::Reported,
            types: vec![],
            records: None,
            data: vec![],
            tally: true,
            summary: None,
            sources: vec![Source {
                id: None,
                url: Some("https://x".into()),
                publisher: "P".into(),
                title: None,
                date: None,
            }],
            updates: vec![],
            draft: false,
            body: Default::default(),
            citations: vec![0],
            dates: Default::default(),
        }
    }

    fn lumen() -> CompanyProfile {
        CompanyProfile {
            slug: "lumen".into(),
            path: PathBuf::from("content/companies/lumen.md"),
            name: "Lumen".into(),
            aliases: vec![Alias {
                name: "CenturyLink".into(),
                by: None,
                note: None,
                line: 3,
            }],
            sector: None,
            country: None,
            website: None,
            body: Default::default(),
            dates: Default::default(),
        }
    }

    #[test]
    fn aliases_resolve_without_regard_to_case_or_spaces() {
        let incs = vec![incident("a", "2024-01-01", &["  centurylink "], &[])];
        let (lib, diags) = index(incs, vec![lumen()], vec![]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(lib.companies.len(), 1);
        assert_eq!(lib.companies[0].slug, "lumen");
        assert_eq!(lib.incidents[0].companies[0].written, "  centurylink ");
    }

    #[test]
    fn tallies_and_ordinals_follow_time_and_skip_uncounted() {
        let mut retracted = incident("b", "2021-01-01", &["T-Mobile"], &[]);
        retracted.status = Status::Retracted;
        let mut untallied = incident("d", "2023-01-01", &["T-Mobile"], &[]);
        untallied.tally = false;
        let incs = vec![
            incident("c", "2022-01-01", &["T-Mobile"], &["X"]),
            retracted,
            incident("a", "2020-01-01", &["T-Mobile", "AT&T"], &["X"]),
            untallied,
            incident("e", "2024-01-01", &["t-mobile"], &[]),
        ];
        let (lib, diags) = index(incs, vec![], vec![]);
        assert!(diags.is_empty(), "{diags:?}");
        let slugs: Vec<&str> = lib.incidents.iter().map(|e| e.incident.slug.as_str()).collect();
        assert_eq!(slugs, ["a", "b", "c", "d", "e"]);
        let tm = lib.companies.iter().find(|c| c.slug == "t-mobile").unwrap();
        assert_eq!(tm.tally, 3);
        assert_eq!(tm.incidents, vec![0, 1, 2, 3, 4]);
        let ordinals: Vec<Option<usize>> = lib.incidents.iter().map(|e| e.companies[0].ordinal).collect();
        assert_eq!(ordinals, [Some(1), None, Some(2), None, Some(3)]);
        let x = &lib.actors[0];
        assert_eq!(
            x.victims
                .iter()
                .map(|v| lib.companies[v.target].name.as_str())
                .collect::<Vec<_>>(),
            ["AT&T", "T-Mobile"]
        );
        assert_eq!(x.first.unwrap().iso(), "2020-01-01");
        assert_eq!(x.last.unwrap().iso(), "2022-01-01");
    }

    #[test]
    fn a_victim_linked_only_by_a_disputed_incident_is_marked_disputed() {
        let mut disputed = incident("b", "2024-11-15", &["T-Mobile", "AT&T"], &["X"]);
        disputed.status = Status::Disputed;
        let incs = vec![incident("a", "2024-10-05", &["AT&T"], &["X"]), disputed];
        let (lib, _) = index(incs, vec![], vec![]);
        let victims: Vec<(&str, Status)> = lib.actors[0]
            .victims
            .iter()
            .map(|v| (lib.companies[v.target].name.as_str(), v.status))
            .collect();
        assert_eq!(victims, [("AT&T", Status::Reported), ("T-Mobile", Status::Disputed)]);
        let t_mobile = lib.companies.iter().find(|c| c.name == "T-Mobile").unwrap();
        assert_eq!(t_mobile.actors[0].status, Status::Disputed);
    }

    #[test]
    fn a_name_matching_two_profiles_names_both_files() {
        let mut other = lumen();
        other.slug = "level3".into();
        other.name = "Level 3".into();
        other.path = PathBuf::from("content/companies/level3.md");
        let (_, diags) = index(Vec::<Incident>::new(), vec![lumen(), other], vec![]);
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "the name `CenturyLink` belongs to two companies: content/companies/lumen.md and content/companies/level3.md"
        );
        assert_eq!(diags[0].path, PathBuf::from("content/companies/level3.md"));
        assert_eq!(diags[0].line, 3);
        // A profile whose own name another profile lists as an alias: the alias is pointed at.
        let mut centurylink = lumen();
        centurylink.slug = "centurylink".into();
        centurylink.name = "CenturyLink".into();
        centurylink.aliases.clear();
        centurylink.path = PathBuf::from("content/companies/centurylink.md");
        let (_, diags) = index(Vec::<Incident>::new(), vec![lumen(), centurylink], vec![]);
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "the name `CenturyLink` belongs to two companies: content/companies/lumen.md and content/companies/centurylink.md"
        );
        assert_eq!(
            (diags[0].path.as_path(), diags[0].line),
            (Path::new("content/companies/lumen.md"), 3)
        );
    }

    #[test]
    fn two_spellings_with_one_slug_name_both_files() {
        let incs = vec![
            incident("a", "2020-01-01", &["T-Mobile"], &[]),
            incident("b", "2021-01-01", &["T Mobile"], &[]),
        ];
        let (_, diags) = index(incs, vec![], vec![]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].path, PathBuf::from("content/incidents/b.md"));
        assert_eq!(
            diags[0].message,
            "`T Mobile` and `T-Mobile` (content/incidents/a.md) would share the address /companies/t-mobile/"
        );
    }

    #[test]
    fn the_spelling_used_most_takes_the_address_not_the_first_one() {
        let incs = vec![
            incident("a", "2020-01-01", &["T-Mobile"], &[]),
            incident("b", "2021-01-01", &["T Mobile"], &[]),
            incident("c", "2022-01-01", &["T Mobile"], &[]),
        ];
        let (_, diags) = index(incs, vec![], vec![]);
        let got: Vec<(&Path, &str, Option<&str>)> = diags
            .iter()
            .map(|d| (d.path.as_path(), d.message.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            got,
            [(
                Path::new("content/incidents/a.md"),
                "`T-Mobile` and `T Mobile` (content/incidents/b.md) would share the address /companies/t-mobile/",
                Some("if they are the same, write `T Mobile`, the spelling used most (2 times); if not, tell them apart in the name")
            )]
        );
    }

    #[test]
    fn a_spelling_that_would_take_a_profiles_address_is_told_the_profiles_name() {
        let mut tm = lumen();
        tm.slug = "t-mobile".into();
        tm.name = "T-Mobile US".into();
        tm.path = PathBuf::from("content/companies/t-mobile.md");
        tm.aliases.clear();
        let incs = vec![
            incident("a", "2020-01-01", &["T Mobile"], &[]),
            incident("b", "2021-01-01", &["T Mobile"], &[]),
        ];
        let (_, diags) = index(incs, vec![tm], vec![]);
        assert_eq!(diags.len(), 2);
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("if they are the same, write `T-Mobile US` (the name in its profile) or add `T Mobile` to the aliases in content/companies/t-mobile.md; if not, tell them apart in the name")
        );
    }

    #[test]
    fn names_that_would_take_a_list_page_are_refused() {
        let (_, diags) = index(vec![incident("a", "2020-01-01", &["Page"], &[])], vec![], vec![]);
        assert_eq!(
            diags[0].message,
            "`Page` would take the address of the site's own /companies/page/ page"
        );
    }

    /// The library `reorder` makes after `edit` of the incident `slug`, checked against a
    /// full index of the edited incidents; `None` when it asks for a full index.
    fn reordered(incs: Vec<Incident>, slug: &str, edit: impl Fn(&mut Incident)) -> Option<Library> {
        let (old, diags) = index(incs.clone(), vec![lumen()], vec![]);
        assert!(diags.is_empty(), "{diags:?}");
        let at = old.incidents.iter().position(|e| e.incident.slug == slug).unwrap();
        let mut edited = (*old.incidents[at].incident).clone();
        edit(&mut edited);
        let fresh = reorder(&old, at, Arc::new(edited.clone()))?;
        let incs: Vec<Incident> = incs
            .into_iter()
            .map(|i| if i.slug == slug { edited.clone() } else { i })
            .collect();
        let (whole, diags) = index(incs, vec![lumen()], vec![]);
        assert!(diags.is_empty(), "{diags:?}");
        // Debug shows every field, so equal text is an equal library.
        assert_eq!(format!("{fresh:#?}"), format!("{whole:#?}"));
        Some(fresh)
    }

    fn tracker() -> Vec<Incident> {
        let mut c = incident("c", "2022-01-01", &["T-Mobile", "Lumen"], &["X", "Y"]);
        c.campaign = Some(name("Operation One"));
        let mut d = incident("d", "2023-01-01", &["AT&T"], &["Y"]);
        d.campaign = Some(name("Operation One"));
        vec![
            incident("a", "2020-01-01", &["T-Mobile", "CenturyLink"], &["X"]),
            incident("b", "2021-01-01", &["t-mobile"], &[]),
            c,
            d,
        ]
    }

    #[test]
    fn an_incident_moved_in_time_is_reordered_as_a_full_index_would() {
        let lib = reordered(tracker(), "d", |i| {
            i.disclosed = PartialDate::parse("2019-06-01").unwrap()
        })
        .unwrap();
        let slugs: Vec<&str> = lib.incidents.iter().map(|e| e.incident.slug.as_str()).collect();
        assert_eq!(slugs, ["d", "a", "b", "c"]);
        let y = lib.actors.iter().find(|a| a.name == "Y").unwrap();
        assert_eq!(y.first.unwrap().iso(), "2019-06-01");
        let mut occurred = tracker();
        occurred[2].occurred = Some(When::At(PartialDate::parse("2019-02").unwrap()));
        reordered(occurred, "c", |i| i.occurred = None).unwrap();
    }

    #[test]
    fn a_status_or_tally_changed_is_derived_again_as_a_full_index_would() {
        let lib = reordered(tracker(), "a", |i| i.status = Status::Retracted).unwrap();
        let ordinals: Vec<Option<usize>> = lib.incidents.iter().map(|e| e.companies[0].ordinal).collect();
        assert_eq!(ordinals, [None, Some(1), Some(2), Some(1)]);
        reordered(tracker(), "c", |i| i.status = Status::Disputed).unwrap();
        reordered(tracker(), "b", |i| i.tally = false).unwrap();
    }

    #[test]
    fn an_edit_that_changes_a_names_spelling_or_its_first_use_is_indexed_whole() {
        // "T-Mobile" is shown as the first incident spells it: moving "t-mobile" first renames it.
        let moved = |i: &mut Incident| i.disclosed = PartialDate::parse("2019-01-01").unwrap();
        assert!(reordered(tracker(), "b", moved).is_none());
        // A profile's name stays whoever writes it first: "Lumen" before "CenturyLink" is Lumen.
        assert!(reordered(tracker(), "c", moved).is_some());
        // The first incident writing "t-mobile" would rename T-Mobile too.
        assert!(reordered(tracker(), "a", |i| i.companies[0] = name("t-mobile")).is_none());
        // New names take new addresses.
        assert!(reordered(tracker(), "d", |i| i.campaign = Some(name("Operation Two"))).is_none());
        assert!(reordered(tracker(), "b", |i| i.companies.push(name("Verizon"))).is_none());
        assert!(reordered(tracker(), "b", |i| i.actors.push(name("Z"))).is_none());
        // AT&T, named by d alone, would be gone.
        assert!(reordered(tracker(), "d", |i| i.companies = vec![name("T-Mobile")]).is_none());
        // "T Mobile" would share T-Mobile's address: left to a full index, which says so.
        assert!(reordered(tracker(), "b", |i| i.companies = vec![name("T Mobile")]).is_none());
        let mut clash = tracker();
        clash[1].companies = vec![name("T Mobile")];
        assert_eq!(index(clash, vec![lumen()], vec![]).1.len(), 1);
    }

    #[test]
    fn an_edit_that_names_what_the_tracker_knows_is_linked_as_a_full_index_would() {
        // Lumen keeps its profile, and T-Mobile incident a.
        let lib = reordered(tracker(), "c", |i| i.companies.truncate(1)).unwrap();
        let lumen = lib.companies.iter().find(|c| c.name == "Lumen").unwrap();
        assert_eq!(lumen.incidents.len(), 1);
        // A name another incident writes, an alias, a spelling up to case, an actor added with a
        // claim, a campaign dropped that another incident keeps, and a date moved besides.
        let lib = reordered(tracker(), "b", |i| {
            i.companies.push(name("AT&T"));
            i.companies.push(name("CenturyLink"));
            let mut y = name("Y");
            y.claim.by = Some("Mandiant".into());
            i.actors.push(y);
        })
        .unwrap();
        let b = &lib.incidents[1];
        assert_eq!(b.companies.len(), 3);
        assert_eq!(b.actors[0].claim.by.as_deref(), Some("Mandiant"));
        reordered(tracker(), "d", |i| {
            i.companies = vec![name("AT&T"), name("T-MOBILE")];
            i.campaign = None;
            i.disclosed = PartialDate::parse("2021-06-01").unwrap();
        })
        .unwrap();
        // One company written twice (a profile's name and its alias) is one victim.
        reordered(tracker(), "b", |i| {
            i.companies = vec![name("Lumen"), name("t-mobile"), name("centurylink")]
        })
        .unwrap();
    }

    #[test]
    fn two_incident_files_of_one_name_are_refused_naming_both() {
        let mut again = incident("a", "2019-01-01", &["AT&T"], &[]);
        again.path = PathBuf::from("content/incidents/2023/a.md");
        let mut incs: Vec<Arc<Incident>> = tracker().into_iter().map(Arc::new).collect();
        incs.push(Arc::new(again));
        let diags = incident_addresses(&incs);
        let said: Vec<(String, &str)> = diags
            .iter()
            .map(|d| (display_path(&d.path), d.message.as_str()))
            .collect();
        let by = |other: &str| {
            format!("the address /incidents/a/ is taken by this file and by {other}: an incident's address is its file name, whatever folder it is in")
        };
        assert_eq!(
            said,
            [
                (
                    "content/incidents/2023/a.md".to_string(),
                    by("content/incidents/a.md").as_str()
                ),
                (
                    "content/incidents/a.md".to_string(),
                    by("content/incidents/2023/a.md").as_str()
                ),
            ]
        );
    }

    #[test]
    fn one_company_named_twice_in_an_incident_is_one_victim() {
        let incs = vec![incident("a", "2020-01-01", &["Lumen", "CenturyLink"], &[])];
        let (lib, _) = index(incs, vec![lumen()], vec![]);
        assert_eq!(lib.incidents[0].companies.len(), 1);
        assert_eq!(lib.companies[0].tally, 1);
    }
}
