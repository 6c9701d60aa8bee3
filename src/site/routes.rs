//! Routes: every file of the output, named before anything is rendered.
//!
//! A route is an output path, what produces it (a template and its view, or a data writer)
//! and what it depends on. The build renders the table, the sitemap lists it, and `serve`
//! reads it to know which files a change makes stale: paths are made here and nowhere else.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::content::config::Config;
use crate::content::index::Library;
use crate::site::render::views;

/// The folder segment of a list's later pages (`incidents/page/2/`).
pub const PAGE_SEGMENT: &str = "page";
/// The companies' alphabetical list, beside their pages (`companies/a-z/`).
pub const A_Z_SEGMENT: &str = "a-z";
/// The data writer's files, under `data/`.
pub const DATA_FILES: [&str; 4] = [
    "data/incidents.json",
    "data/incidents.csv",
    "data/companies.json",
    "data/actors.json",
];
/// The folder of the search index, whose shards the search writer names.
pub const SEARCH_DIR: &str = "search/";
/// URLs per sitemap file, the protocol's limit.
pub const SITEMAP_LIMIT: usize = 50_000;

/// Companies or actors: the two kinds of named things with pages, feeds, bundles and badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Named {
    Company,
    Actor,
}

/// What makes a route's bytes. Numbers are indices into the library; pages count from 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Producer {
    Home,
    About,
    Stats,
    Data,
    Search,
    Campaigns,
    CompaniesAz,
    NotFound,
    Incidents(usize),
    /// The table of every incident, page `n`.
    Table(usize),
    Year(i32),
    Companies(usize),
    Actors(usize),
    Changes(usize),
    Incident(usize),
    /// A company's or an actor's page `n`.
    Named(Named, usize, usize),
    NamedFeed(Named, usize),
    NamedStix(Named, usize),
    Badge(Named, usize),
    Embed(usize),
    Campaign(usize),
    SiteFeed,
    ChangesFeed,
    SiteStix,
    /// One of [`DATA_FILES`].
    DataFile(usize),
    /// The search index: a writer of many files under [`SEARCH_DIR`].
    SearchIndex,
    /// `sitemap.xml` (an index when the site outgrows one file) and `sitemap-N.xml`.
    Sitemap,
    SitemapPart(usize),
    Robots,
    Cname,
    /// A file of the theme's `static/`, copied as it is.
    Static,
}

/// One thing of the library a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Thing {
    Incident(usize),
    Company(usize),
    Actor(usize),
    Campaign(usize),
}

/// What a route's bytes depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deps {
    /// The whole site: stale after any change.
    Site,
    /// Only the theme and the configuration (a static file, `robots.txt`): an edit of the
    /// content leaves it as it is.
    Theme,
    /// The things it shows, and a digest of what else it shows of the whole (a pager's length,
    /// totals): stale when one of them changes, when the list is not the same, or the digest.
    Things { things: Vec<Thing>, digest: u64 },
}

/// One output file (or, for a writer, the folder of its files).
#[derive(Debug, Clone)]
pub struct Route {
    /// Inside the output folder, with `/`; a writer's ends with `/`.
    pub path: String,
    pub producer: Producer,
    pub deps: Deps,
    /// Whether the sitemap lists it.
    pub listed: bool,
}

impl Route {
    fn new(path: String, producer: Producer, deps: Deps) -> Route {
        Route {
            path,
            producer,
            deps,
            listed: false,
        }
    }

    fn listed(mut self) -> Route {
        self.listed = true;
        self
    }

    /// Whether this route writes the file at `path`: its own, or one in its folder.
    pub fn writes(&self, path: &str) -> bool {
        if self.path.ends_with('/') {
            path.starts_with(&self.path)
        } else {
            self.path == path
        }
    }

    /// Its address under the base path: `incidents/x/` for `incidents/x/index.html`.
    pub fn url_path(&self) -> &str {
        self.path.trim_end_matches("index.html")
    }
}

/// The output folder of each kind of page.
pub fn incident_dir(slug: &str) -> String {
    format!("incidents/{slug}")
}
pub fn company_dir(slug: &str) -> String {
    format!("companies/{slug}")
}
pub fn actor_dir(slug: &str) -> String {
    format!("actors/{slug}")
}
pub fn campaign_dir(slug: &str) -> String {
    format!("campaigns/{slug}")
}
pub fn named_dir(kind: Named, slug: &str) -> String {
    match kind {
        Named::Company => company_dir(slug),
        Named::Actor => actor_dir(slug),
    }
}

fn digest(parts: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// An incident and what it names: what a bundle holds of it.
fn incident_things(lib: &Library, i: usize) -> Vec<Thing> {
    let mut things = Vec::new();
    push_incident_things(&mut things, lib, i);
    things
}

/// Adds [`incident_things`] to `things`, with no list of its own: bundles gather thousands.
fn push_incident_things(things: &mut Vec<Thing>, lib: &Library, i: usize) {
    let e = &lib.incidents[i];
    things.push(Thing::Incident(i));
    things.extend(e.companies.iter().map(|l| Thing::Company(l.target)));
    things.extend(e.actors.iter().map(|l| Thing::Actor(l.target)));
    things.extend(e.campaign.map(Thing::Campaign));
}

fn page(dir: &str) -> String {
    format!("{dir}/index.html")
}

/// Every route of the site: pages, feeds, data files, the sitemap and the theme's files.
pub fn table(lib: &Library, config: &Config, statics: &BTreeMap<String, Vec<u8>>) -> Vec<Route> {
    let per = config.per_page;
    let mut routes = Vec::with_capacity(lib.incidents.len() * 2 + lib.companies.len() * 6 + 64);
    let site = |path: &str, p: Producer| Route::new(path.to_string(), p, Deps::Site);
    // Pages that show only the configuration (the data page lists the files, not their size).
    let fixed = |path: &str, p: Producer| Route::new(path.to_string(), p, Deps::Theme);
    // Pages that show a few figures of the whole: stale when those change.
    let figures = |path: &str, p: Producer, digest: u64| {
        Route::new(
            path.to_string(),
            p,
            Deps::Things {
                things: Vec::new(),
                digest,
            },
        )
    };
    // Lists group by disclosure year (`views::year_of`), so they run in disclosure order.
    let newest_first: Vec<usize> = views::latest_first_indices(lib);
    let years = views::per_year(lib.incidents.iter());
    let mut status_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &lib.incidents {
        *status_counts.entry(e.incident.status.as_str()).or_default() += 1;
    }
    let totals = (
        lib.incidents.len(),
        lib.companies.len(),
        lib.actors.len(),
        lib.campaigns.len(),
        &status_counts,
    );
    routes.push(site("index.html", Producer::Home).listed());
    // The About page also says how many incidents are attributed.
    routes.push(
        figures(
            "about/index.html",
            Producer::About,
            digest((totals, views::attributed(lib))),
        )
        .listed(),
    );
    routes.push(site("stats/index.html", Producer::Stats).listed());
    routes.push(fixed("data/index.html", Producer::Data).listed());
    // The search form offers every company, actor and year.
    let names = (
        lib.companies.iter().map(|c| (&c.slug, &c.name)).collect::<Vec<_>>(),
        lib.actors.iter().map(|a| (&a.slug, &a.name)).collect::<Vec<_>>(),
        years.keys().collect::<Vec<_>>(),
    );
    routes.push(figures("search/index.html", Producer::Search, digest(names)).listed());
    routes.push(
        Route::new(
            "campaigns/index.html".to_string(),
            Producer::Campaigns,
            Deps::Things {
                things: (0..lib.campaigns.len()).map(Thing::Campaign).collect(),
                digest: 0,
            },
        )
        .listed(),
    );
    // Every company's row: what [`Changed`] follows of each.
    routes.push(
        Route::new(
            format!("companies/{A_Z_SEGMENT}/index.html"),
            Producer::CompaniesAz,
            Deps::Things {
                things: (0..lib.companies.len()).map(Thing::Company).collect(),
                digest: 0,
            },
        )
        .listed(),
    );
    routes.push(fixed("404.html", Producer::NotFound));

    // Long lists, page by page: a page shows its items, and of the whole list its length
    // (the pager) and totals.
    let count = views::page_count(newest_first.len(), per);
    for n in 1..=count {
        let things = views::slice(&newest_first, n, per)
            .iter()
            .map(|&i| Thing::Incident(i))
            .collect();
        let digest = digest((count, n == 1, &years, &status_counts));
        routes.push(
            Route::new(
                views::page_path("incidents", n),
                Producer::Incidents(n),
                Deps::Things { things, digest },
            )
            .listed(),
        );
    }
    let count = views::page_count(newest_first.len(), views::TABLE_ROWS);
    for n in 1..=count {
        let things = views::slice(&newest_first, n, views::TABLE_ROWS)
            .iter()
            .map(|&i| Thing::Incident(i))
            .collect();
        let digest = digest((count, &status_counts));
        routes.push(
            Route::new(
                views::page_path("table", n),
                Producer::Table(n),
                Deps::Things { things, digest },
            )
            .listed(),
        );
    }
    // Each year's incidents, newest first, in one pass over the list.
    let mut of_year: BTreeMap<i32, Vec<Thing>> = years.iter().map(|(&y, &n)| (y, Vec::with_capacity(n))).collect();
    for &i in &newest_first {
        if let Some(things) = of_year.get_mut(&views::year_of(&lib.incidents[i])) {
            things.push(Thing::Incident(i));
        }
    }
    for (year, things) in of_year.into_iter().rev() {
        routes.push(
            Route::new(
                page(&format!("incidents/{year}")),
                Producer::Year(year),
                Deps::Things {
                    things,
                    digest: digest(&years),
                },
            )
            .listed(),
        );
    }
    let companies = views::companies_order(lib);
    let count = views::page_count(companies.len(), per);
    // Every page shows the Incidents column or none does, by all the companies.
    let show_total = lib.companies.iter().any(|c| c.tally != c.incidents.len());
    for n in 1..=count {
        let things = views::slice(&companies, n, per)
            .iter()
            .map(|&c| Thing::Company(c))
            .collect();
        routes.push(
            Route::new(
                views::page_path("companies", n),
                Producer::Companies(n),
                Deps::Things {
                    things,
                    digest: digest((count, show_total)),
                },
            )
            .listed(),
        );
    }
    let actors = views::actors_order(lib);
    let count = views::page_count(actors.len(), per);
    for n in 1..=count {
        let things = views::slice(&actors, n, per).iter().map(|&a| Thing::Actor(a)).collect();
        routes.push(
            Route::new(
                views::page_path("actors", n),
                Producer::Actors(n),
                Deps::Things {
                    things,
                    digest: digest(count),
                },
            )
            .listed(),
        );
    }
    let changes = views::changes_newest_first(lib);
    let count = views::page_count(changes.len(), per);
    for n in 1..=count {
        let things = views::slice(&changes, n, per)
            .iter()
            .map(|&(i, _)| Thing::Incident(i))
            .collect();
        routes.push(
            Route::new(
                views::page_path("changes", n),
                Producer::Changes(n),
                Deps::Things {
                    things,
                    digest: digest((count, changes.len())),
                },
            )
            .listed(),
        );
    }

    // The pages of single things. An incident's page names its companies (with its place in
    // their tallies), its actors and its campaign: [`Changed`] counts a change of those names
    // or places as a change of the incident, so the page depends on it alone.
    for (i, e) in lib.incidents.iter().enumerate() {
        routes.push(
            Route::new(
                page(&incident_dir(&e.incident.slug)),
                Producer::Incident(i),
                Deps::Things {
                    things: vec![Thing::Incident(i)],
                    digest: 0,
                },
            )
            .listed(),
        );
    }
    let span = (
        lib.incidents.iter().map(|e| e.incident.published()).min(),
        lib.incidents.iter().map(|e| e.incident.modified()).max(),
    );
    let named = lib
        .companies
        .iter()
        .enumerate()
        .map(|(i, c)| (Named::Company, i, &c.slug, c.incidents.len()))
        .chain(
            lib.actors
                .iter()
                .enumerate()
                .map(|(i, a)| (Named::Actor, i, &a.slug, a.incidents.len())),
        );
    for (kind, i, slug, incidents) in named {
        let dir = named_dir(kind, slug);
        let thing = match kind {
            Named::Company => Thing::Company(i),
            Named::Actor => Thing::Actor(i),
        };
        let deps = Deps::Things {
            things: vec![thing],
            digest: 0,
        };
        for n in 1..=views::page_count(incidents, per) {
            let route = Route::new(views::page_path(&dir, n), Producer::Named(kind, i, n), deps.clone());
            routes.push(if n == 1 { route.listed() } else { route });
        }
        routes.push(Route::new(
            format!("{dir}/feed.xml"),
            Producer::NamedFeed(kind, i),
            deps.clone(),
        ));
        // A bundle holds its incidents with what they name, and the tracker's own identity,
        // dated by the whole site's first and last change.
        let held = match kind {
            Named::Company => &lib.companies[i].incidents,
            Named::Actor => &lib.actors[i].incidents,
        };
        let mut things = Vec::with_capacity(1 + held.len() * 4);
        things.push(thing);
        for &e in held {
            push_incident_things(&mut things, lib, e);
        }
        routes.push(Route::new(
            format!("{dir}/stix.json"),
            Producer::NamedStix(kind, i),
            Deps::Things {
                things,
                digest: digest(span),
            },
        ));
        routes.push(Route::new(
            format!("{dir}/badge.svg"),
            Producer::Badge(kind, i),
            deps.clone(),
        ));
        if kind == Named::Company {
            routes.push(Route::new(page(&format!("{dir}/embed")), Producer::Embed(i), deps));
        }
    }
    for (i, c) in lib.campaigns.iter().enumerate() {
        routes.push(
            Route::new(
                page(&campaign_dir(&c.slug)),
                Producer::Campaign(i),
                Deps::Things {
                    things: vec![Thing::Campaign(i)],
                    digest: 0,
                },
            )
            .listed(),
        );
    }

    routes.push(site("feed.xml", Producer::SiteFeed));
    routes.push(site("changes/feed.xml", Producer::ChangesFeed));
    routes.push(site("data/stix.json", Producer::SiteStix));
    for (n, path) in DATA_FILES.iter().enumerate() {
        routes.push(site(path, Producer::DataFile(n)));
    }
    routes.push(site(SEARCH_DIR, Producer::SearchIndex));
    let listed = routes.iter().filter(|r| r.listed).count();
    if listed > SITEMAP_LIMIT {
        for n in 1..=listed.div_ceil(SITEMAP_LIMIT) {
            routes.push(site(&format!("sitemap-{n}.xml"), Producer::SitemapPart(n)));
        }
    }
    routes.push(site("sitemap.xml", Producer::Sitemap));
    routes.push(fixed("robots.txt", Producer::Robots));
    if config.cname.is_some() {
        routes.push(fixed("CNAME", Producer::Cname));
    }
    // A static file of a page's or a data file's path (`static/robots.txt`) replaces it: one
    // route per path, so one writer and a true count.
    if routes.iter().any(|r| statics.contains_key(&r.path)) {
        routes.retain(|r| !statics.contains_key(&r.path));
    }
    for path in statics.keys() {
        routes.push(Route::new(path.clone(), Producer::Static, Deps::Theme));
    }
    routes
}

/// What a change altered, in the terms of the new library: each thing whose pages may show
/// something new.
///
/// A rebuild of a large tracker asks this of every route, so things are flags and indices
/// by kind (incidents, companies, actors, campaigns, in that order), not hashed.
#[derive(Debug, Default)]
pub struct Changed {
    /// For each thing of the new library, whether it changed.
    things: [Vec<bool>; 4],
    /// For each thing of the new library, the index of the same one (by its slug) in the old,
    /// if it was there.
    olds: [Vec<Option<usize>>; 4],
}

/// A thing's kind (its place in [`Changed`]'s lists) and index.
fn kind_of(thing: Thing) -> (usize, usize) {
    match thing {
        Thing::Incident(i) => (0, i),
        Thing::Company(i) => (1, i),
        Thing::Actor(i) => (2, i),
        Thing::Campaign(i) => (3, i),
    }
}

impl Changed {
    /// Compares two libraries, knowing which incident files were edited (by path).
    pub fn between(old: &Library, new: &Library, edited: &HashSet<&std::path::Path>) -> Changed {
        fn slugs(l: &Library) -> [Vec<&str>; 4] {
            [
                l.incidents.iter().map(|e| e.incident.slug.as_str()).collect(),
                l.companies.iter().map(|c| c.slug.as_str()).collect(),
                l.actors.iter().map(|a| a.slug.as_str()).collect(),
                l.campaigns.iter().map(|c| c.slug.as_str()).collect(),
            ]
        }
        let (old_slugs, new_slugs) = (slugs(old), slugs(new));
        let olds: [Vec<Option<usize>>; 4] = std::array::from_fn(|k| same_slugs(&old_slugs[k], &new_slugs[k]));
        // The name and incidents of each company, actor and campaign (kinds 1 to 3 of `olds`).
        fn named_parts(l: &Library) -> [Vec<(&str, &[usize])>; 3] {
            [
                l.companies
                    .iter()
                    .map(|c| (c.name.as_str(), c.incidents.as_slice()))
                    .collect(),
                l.actors
                    .iter()
                    .map(|a| (a.name.as_str(), a.incidents.as_slice()))
                    .collect(),
                l.campaigns
                    .iter()
                    .map(|c| (c.name.as_str(), c.incidents.as_slice()))
                    .collect(),
            ]
        }
        let (old_parts, new_parts) = (named_parts(old), named_parts(new));
        // What an incident shows of what it names: the name and address (the same thing under
        // the same name), as old indices.
        let named: [Vec<Option<usize>>; 3] = std::array::from_fn(|k| {
            olds[k + 1]
                .iter()
                .enumerate()
                .map(|(i, &o)| o.filter(|&o| old_parts[k][o].0 == new_parts[k][i].0))
                .collect()
        });
        let same_links =
            |a: &[crate::content::index::Link], b: &[crate::content::index::Link], named: &[Option<usize>]| {
                a.len() == b.len()
                    && a.iter().zip(b).all(|(x, y)| {
                        named[y.target] == Some(x.target)
                            && x.written == y.written
                            && x.ordinal == y.ordinal
                            && x.claim == y.claim
                    })
            };

        // An incident shows its own fields and what its names resolved to.
        let incidents: Vec<bool> = new
            .incidents
            .iter()
            .zip(&olds[0])
            .map(|(e, &o)| {
                let Some(was) = o.map(|o| &old.incidents[o]) else {
                    return true;
                };
                // An incident not read again is shared with the old library: its path need not be looked up.
                let same = (Arc::ptr_eq(&was.incident, &e.incident) || !edited.contains(e.incident.path.as_path()))
                    && same_links(&was.companies, &e.companies, &named[0])
                    && same_links(&was.actors, &e.actors, &named[1])
                    && was.campaign.map(Some) == e.campaign.map(|c| named[2][c]);
                !same
            })
            .collect();
        // A named thing shows its name and its incidents.
        let named_things: [Vec<bool>; 3] = std::array::from_fn(|k| {
            new_parts[k]
                .iter()
                .map(|&(_, list)| list)
                .zip(&named[k])
                .map(|(list, &o)| {
                    let same = o.is_some_and(|o| {
                        let was = old_parts[k][o].1;
                        was.len() == list.len() && was.iter().zip(list).all(|(&x, &y)| olds[0][y] == Some(x))
                    });
                    !same || list.iter().any(|&i| incidents[i])
                })
                .collect()
        });
        let [companies, actors, campaigns] = named_things;
        Changed {
            things: [incidents, companies, actors, campaigns],
            olds,
        }
    }

    /// Whether `thing`, of the new library, changed.
    fn contains(&self, thing: Thing) -> bool {
        let (kind, i) = kind_of(thing);
        self.things[kind].get(i).copied().unwrap_or(true)
    }

    /// Whether `old`, of the old library, is `new` of the new one.
    fn same(&self, old: Thing, new: Thing) -> bool {
        let ((kind, a), (new_kind, b)) = (kind_of(old), kind_of(new));
        kind == new_kind && self.olds[kind].get(b) == Some(&Some(a))
    }
}

/// For each slug of `news`, the index of the same slug in `olds`, if there. Most things keep
/// their place after an edit, or move by one (another was added, removed or moved past them),
/// so those places are looked at before a map of every slug is made.
fn same_slugs(olds: &[&str], news: &[&str]) -> Vec<Option<usize>> {
    let mut by_slug: Option<HashMap<&str, usize>> = None;
    news.iter()
        .enumerate()
        .map(|(i, slug)| {
            let near = [i, i.wrapping_sub(1), i + 1];
            if let Some(&o) = near.iter().find(|&&o| olds.get(o) == Some(slug)) {
                return Some(o);
            }
            let map = by_slug.get_or_insert_with(|| olds.iter().enumerate().map(|(o, &s)| (s, o)).collect());
            map.get(slug).copied()
        })
        .collect()
}

/// What lists the incident at `i` by its wording besides the lists of incidents: its
/// companies, actors and campaign, on their own pages and feeds.
pub fn listing(lib: &Library, i: usize) -> Vec<Thing> {
    let mut things = incident_things(lib, i);
    things.retain(|t| *t != Thing::Incident(i));
    things
}

/// Whether a route must be rendered again after an edit of the incident at `i` that left the
/// route table as it was (see [`crate::content::index::replace`]): an edit of its wording
/// only. Its names, dates, status and place are as they were, so what its companies, actors
/// and campaign show elsewhere (names, tallies, spans: badges, rows, other bundles) is too;
/// what shows the incident, and the pages and feeds of what it names (`listing`), are not.
pub fn shows_edit(route: &Route, i: usize, listing: &[Thing]) -> bool {
    let listed = match route.producer {
        Producer::Named(Named::Company, c, _) | Producer::NamedFeed(Named::Company, c) | Producer::Embed(c) => {
            Some(Thing::Company(c))
        }
        Producer::Named(Named::Actor, a, _) | Producer::NamedFeed(Named::Actor, a) => Some(Thing::Actor(a)),
        Producer::Campaign(k) => Some(Thing::Campaign(k)),
        _ => None,
    };
    match &route.deps {
        Deps::Site => true,
        Deps::Theme => false,
        Deps::Things { things, .. } => {
            listed.is_some_and(|t| listing.contains(&t)) || things.contains(&Thing::Incident(i))
        }
    }
}

/// Whether a route of the new table must be rendered again, given the route of the same path
/// in the old table (if any) and what changed.
pub fn is_stale(old: Option<&Route>, route: &Route, changed: &Changed) -> bool {
    let Some(old_route) = old else {
        return true;
    };
    match (&old_route.deps, &route.deps) {
        (Deps::Theme, Deps::Theme) => false,
        (
            Deps::Things {
                things: old_things,
                digest: old_digest,
            },
            Deps::Things { things, digest },
        ) => {
            old_digest != digest
                || things.iter().any(|&t| changed.contains(t))
                || old_things.len() != things.len()
                || old_things.iter().zip(things).any(|(&a, &b)| !changed.same(a, b))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::new("T", "https://x.org")
    }

    #[test]
    fn the_data_writer_writes_the_files_the_table_names() {
        let lib = Library {
            incidents: Vec::new(),
            companies: Vec::new(),
            actors: Vec::new(),
            campaigns: Vec::new(),
        };
        let written: Vec<String> = crate::site::render::data::files(&lib, &config())
            .unwrap()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(written, DATA_FILES);
        let table = table(&lib, &config(), &BTreeMap::new());
        let paths: Vec<&str> = table.iter().map(|r| r.path.as_str()).collect();
        for p in [
            "index.html",
            "404.html",
            "incidents/index.html",
            "sitemap.xml",
            "robots.txt",
            SEARCH_DIR,
        ] {
            assert!(paths.contains(&p), "{p} is a route");
        }
        assert!(!paths.contains(&"CNAME"), "no CNAME without `cname`");
        let mut unique = paths.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), paths.len(), "one route per path");
    }
}
