//! The view structs templates see: made for the pages, with URLs, display text and machine
//! dates worked out, so templates only lay them out. Built from the library, never the reverse.

use serde::Serialize;

use super::format::{self, DateView};
use crate::config::Config;
use crate::index::{Actor, Company, Entry, Library};
use crate::markdown;
use crate::model::{Alias, Source};

/// URLs of every page, each starting with the base path.
#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(base_path: &str) -> Self {
        Urls {
            base: base_path.to_string(),
        }
    }
    pub fn base(&self) -> &str {
        &self.base
    }
    pub fn page(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }
    pub fn incident(&self, slug: &str) -> String {
        format!("{}/incidents/{slug}/", self.base)
    }
    pub fn company(&self, slug: &str) -> String {
        format!("{}/companies/{slug}/", self.base)
    }
    pub fn actor(&self, slug: &str) -> String {
        format!("{}/actors/{slug}/", self.base)
    }
    pub fn campaign(&self, slug: &str) -> String {
        format!("{}/campaigns/{slug}/", self.base)
    }
}

/// What every page knows of the site.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub lang: &'static str,
    /// The base path, `` or `/tracker`.
    pub base: String,
    /// The home page's URL.
    pub home: String,
    pub nav: Vec<NavItem>,
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: &'static str,
    pub url: String,
    /// The first path segment this item stands for, to mark the current section.
    pub section: &'static str,
}

pub fn site(config: &Config, urls: &Urls) -> SiteView {
    let item = |label, section: &'static str| NavItem {
        label,
        url: urls.page(&format!("{section}/")),
        section,
    };
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        lang: config.language.code(),
        base: urls.base().to_string(),
        home: urls.page(""),
        nav: vec![
            item("Incidents", "incidents"),
            item("Companies", "companies"),
            item("Actors", "actors"),
            item("Campaigns", "campaigns"),
            item("About", "about"),
        ],
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NameLink {
    pub name: String,
    pub url: String,
}

/// An incident in a list.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub title: String,
    pub url: String,
    pub disclosed: DateView,
    pub occurred: Option<DateView>,
    pub status: &'static str,
    pub summary: Option<String>,
    pub companies: Vec<NameLink>,
    pub actors: Vec<NameLink>,
    pub records: Option<String>,
}

pub fn card(lib: &Library, e: &Entry, urls: &Urls) -> Card {
    let i = &e.incident;
    Card {
        title: i.title.clone(),
        url: urls.incident(&i.slug),
        disclosed: format::partial(i.disclosed),
        occurred: i.occurred.map(format::when),
        status: i.status.as_str(),
        summary: i.summary.clone(),
        companies: e
            .companies
            .iter()
            .map(|l| company_link(&lib.companies[l.target], urls))
            .collect(),
        actors: e
            .actors
            .iter()
            .map(|l| actor_link(&lib.actors[l.target], urls))
            .collect(),
        records: i.records.as_ref().map(format::records),
    }
}

fn company_link(c: &Company, urls: &Urls) -> NameLink {
    NameLink {
        name: c.name.clone(),
        url: urls.company(&c.slug),
    }
}

fn actor_link(a: &Actor, urls: &Urls) -> NameLink {
    NameLink {
        name: a.name.clone(),
        url: urls.actor(&a.slug),
    }
}

#[derive(Debug, Serialize)]
pub struct Totals {
    pub incidents: usize,
    pub companies: usize,
    pub actors: usize,
    pub campaigns: usize,
}

pub fn totals(lib: &Library) -> Totals {
    Totals {
        incidents: lib.incidents.len(),
        companies: lib.companies.len(),
        actors: lib.actors.len(),
        campaigns: lib.campaigns.len(),
    }
}

#[derive(Debug, Serialize)]
pub struct HomeView {
    pub totals: Totals,
    pub latest: Vec<Card>,
    pub most_hit: Vec<CompanyRow>,
    pub tally_rule: Option<String>,
}

/// How many incidents the home page lists.
const LATEST: usize = 10;

pub fn home(lib: &Library, config: &Config, urls: &Urls) -> HomeView {
    let mut latest: Vec<&Entry> = lib.incidents.iter().collect();
    latest.sort_by(|a, b| {
        (b.incident.disclosed.sort_key(), &b.incident.slug).cmp(&(a.incident.disclosed.sort_key(), &a.incident.slug))
    });
    let mut most_hit = company_rows(lib, urls);
    most_hit.sort_by(|a, b| b.tally.cmp(&a.tally).then_with(|| a.sort_name.cmp(&b.sort_name)));
    most_hit.retain(|r| r.tally > 0);
    most_hit.truncate(LATEST);
    HomeView {
        totals: totals(lib),
        latest: latest.into_iter().take(LATEST).map(|e| card(lib, e, urls)).collect(),
        most_hit,
        tally_rule: config.tally_rule.clone(),
    }
}

#[derive(Debug, Serialize)]
pub struct YearGroup {
    pub year: i32,
    pub incidents: Vec<Card>,
}

#[derive(Debug, Serialize)]
pub struct IncidentsView {
    pub total: usize,
    pub years: Vec<YearGroup>,
}

/// All incidents, newest year first, newest first within a year.
pub fn incidents(lib: &Library, urls: &Urls) -> IncidentsView {
    let mut years: Vec<YearGroup> = Vec::new();
    for e in lib.incidents.iter().rev() {
        let year = e.incident.occurred.map_or(e.incident.disclosed, |w| w.start()).year();
        match years.last_mut() {
            Some(g) if g.year == year => g.incidents.push(card(lib, e, urls)),
            _ => years.push(YearGroup {
                year,
                incidents: vec![card(lib, e, urls)],
            }),
        }
    }
    IncidentsView {
        total: lib.incidents.len(),
        years,
    }
}

#[derive(Debug, Serialize)]
pub struct CompanyMention {
    pub name: String,
    pub url: String,
    /// The spelling the incident used, when it differs from the company's name.
    pub written_as: Option<String>,
    /// "10th": its place in the company's tally, when it counts.
    pub ordinal: Option<String>,
    pub counted: bool,
}

#[derive(Debug, Serialize)]
pub struct ActorMention {
    pub name: String,
    pub url: String,
    pub written_as: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub url: Option<String>,
    /// Only web addresses become links.
    pub link: bool,
    pub publisher: String,
    pub title: Option<String>,
    pub date: Option<DateView>,
}

fn source(s: &Source) -> SourceView {
    SourceView {
        url: s.url.clone(),
        link: s.url.as_deref().is_some_and(crate::validate::is_web_url),
        publisher: s.publisher.clone(),
        title: s.title.clone(),
        date: s.date.map(format::partial),
    }
}

#[derive(Debug, Serialize)]
pub struct UpdateView {
    pub date: DateView,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct IncidentView {
    pub title: String,
    pub url: String,
    pub status: &'static str,
    /// Why the tally leaves it out, when it does.
    pub not_counted: Option<&'static str>,
    pub disclosed: DateView,
    pub occurred: Option<DateView>,
    pub companies: Vec<CompanyMention>,
    pub actors: Vec<ActorMention>,
    pub campaign: Option<NameLink>,
    pub records: Option<String>,
    pub types: Vec<String>,
    pub data: Vec<String>,
    pub summary: Option<String>,
    pub sources: Vec<SourceView>,
    pub updates: Vec<UpdateView>,
    pub body: String,
}

fn differs(written: &str, name: &str) -> Option<String> {
    (written.trim() != name).then(|| written.trim().to_string())
}

pub fn incident(lib: &Library, e: &Entry, urls: &Urls) -> IncidentView {
    let i = &e.incident;
    let not_counted = if !i.tally {
        Some("the editors keep it out of the companies' tallies")
    } else if i.status == crate::model::Status::Retracted {
        Some("it was retracted, so it does not count toward the tallies")
    } else {
        None
    };
    let mut updates: Vec<UpdateView> = i
        .updates
        .iter()
        .map(|u| UpdateView {
            date: format::day(u.date),
            note: u.note.clone(),
        })
        .collect();
    updates.sort_by(|a, b| a.date.iso.cmp(&b.date.iso));
    IncidentView {
        title: i.title.clone(),
        url: urls.incident(&i.slug),
        status: i.status.as_str(),
        not_counted,
        disclosed: format::partial(i.disclosed),
        occurred: i.occurred.map(format::when),
        companies: e
            .companies
            .iter()
            .map(|l| {
                let c = &lib.companies[l.target];
                CompanyMention {
                    name: c.name.clone(),
                    url: urls.company(&c.slug),
                    written_as: differs(&l.written, &c.name),
                    ordinal: l.ordinal.map(crate::model::ordinal),
                    counted: l.ordinal.is_some(),
                }
            })
            .collect(),
        actors: e
            .actors
            .iter()
            .map(|l| {
                let a = &lib.actors[l.target];
                ActorMention {
                    name: a.name.clone(),
                    url: urls.actor(&a.slug),
                    written_as: differs(&l.written, &a.name),
                }
            })
            .collect(),
        campaign: e.campaign.map(|c| NameLink {
            name: lib.campaigns[c].name.clone(),
            url: urls.campaign(&lib.campaigns[c].slug),
        }),
        records: i.records.as_ref().map(format::records),
        types: i.types.clone(),
        data: i.data.clone(),
        summary: i.summary.clone(),
        sources: i.sources.iter().map(source).collect(),
        updates,
        body: markdown::to_html(&i.body, urls.base()),
    }
}

#[derive(Debug, Serialize)]
pub struct CompanyRow {
    pub name: String,
    pub url: String,
    pub tally: usize,
    pub total: usize,
    pub latest: Option<DateView>,
    #[serde(skip)]
    pub sort_name: String,
}

pub fn company_rows(lib: &Library, urls: &Urls) -> Vec<CompanyRow> {
    lib.companies
        .iter()
        .map(|c| CompanyRow {
            name: c.name.clone(),
            url: urls.company(&c.slug),
            tally: c.tally,
            total: c.incidents.len(),
            latest: c
                .incidents
                .iter()
                .map(|&i| lib.incidents[i].incident.disclosed)
                .max_by_key(|d| d.sort_key())
                .map(format::partial),
            sort_name: c.name.to_lowercase(),
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct CompaniesView {
    pub by_tally: Vec<CompanyRow>,
    pub by_name: Vec<CompanyRow>,
}

pub fn companies(lib: &Library, urls: &Urls) -> CompaniesView {
    let mut by_tally = company_rows(lib, urls);
    by_tally.sort_by(|a, b| {
        b.tally
            .cmp(&a.tally)
            .then(b.total.cmp(&a.total))
            .then_with(|| a.sort_name.cmp(&b.sort_name))
    });
    let mut by_name = company_rows(lib, urls);
    by_name.sort_by(|a, b| a.sort_name.cmp(&b.sort_name).then_with(|| a.url.cmp(&b.url)));
    CompaniesView { by_tally, by_name }
}

#[derive(Debug, Serialize)]
pub struct AliasView {
    pub name: String,
    pub by: Option<String>,
    pub note: Option<String>,
}

fn alias(a: &Alias) -> AliasView {
    AliasView {
        name: a.name.clone(),
        by: a.by.clone(),
        note: a.note.clone(),
    }
}

/// One incident on a company's timeline.
#[derive(Debug, Serialize)]
pub struct TimelineItem {
    pub card: Card,
    /// "10th", when it counts toward the tally.
    pub ordinal: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CompanyView {
    pub name: String,
    pub url: String,
    pub aliases: Vec<AliasView>,
    pub sector: Option<String>,
    pub country: Option<String>,
    pub website: Option<String>,
    pub website_link: bool,
    pub body: Option<String>,
    pub tally: usize,
    pub total: usize,
    pub timeline: Vec<TimelineItem>,
    pub actors: Vec<NameLink>,
}

pub fn company(lib: &Library, index: usize, urls: &Urls) -> CompanyView {
    let c = &lib.companies[index];
    let profile = c.profile.as_ref();
    let timeline = c
        .incidents
        .iter()
        .rev()
        .map(|&i| {
            let e = &lib.incidents[i];
            let ordinal = e
                .companies
                .iter()
                .find(|l| l.target == index)
                .and_then(|l| l.ordinal)
                .map(crate::model::ordinal);
            TimelineItem {
                card: card(lib, e, urls),
                ordinal,
            }
        })
        .collect();
    CompanyView {
        name: c.name.clone(),
        url: urls.company(&c.slug),
        aliases: profile
            .map(|p| p.aliases.iter().map(alias).collect())
            .unwrap_or_default(),
        sector: profile.and_then(|p| p.sector.clone()),
        country: profile.and_then(|p| p.country.clone()),
        website: profile.and_then(|p| p.website.clone()),
        website_link: profile
            .and_then(|p| p.website.as_deref())
            .is_some_and(crate::validate::is_web_url),
        body: profile
            .filter(|p| !p.body.trim().is_empty())
            .map(|p| markdown::to_html(&p.body, urls.base())),
        tally: c.tally,
        total: c.incidents.len(),
        timeline,
        actors: c.actors.iter().map(|&a| actor_link(&lib.actors[a], urls)).collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct ActorRow {
    pub name: String,
    pub url: String,
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub incidents: usize,
    pub victims: usize,
    pub last: Option<DateView>,
}

#[derive(Debug, Serialize)]
pub struct ActorsView {
    pub actors: Vec<ActorRow>,
}

pub fn actors(lib: &Library, urls: &Urls) -> ActorsView {
    let mut actors: Vec<ActorRow> = lib
        .actors
        .iter()
        .map(|a| ActorRow {
            name: a.name.clone(),
            url: urls.actor(&a.slug),
            aliases: a
                .profile
                .as_ref()
                .map(|p| p.aliases.iter().map(|x| x.name.clone()).collect())
                .unwrap_or_default(),
            kind: a.profile.as_ref().and_then(|p| p.kind.clone()),
            country: a.profile.as_ref().and_then(|p| p.country.clone()),
            incidents: a.incidents.len(),
            victims: a.victims.len(),
            last: a.last.map(format::partial),
        })
        .collect();
    actors.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.url.cmp(&b.url))
    });
    ActorsView { actors }
}

#[derive(Debug, Serialize)]
pub struct MitreView {
    pub id: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct VictimView {
    pub name: String,
    pub url: String,
    /// Incidents of this actor at this company.
    pub incidents: usize,
}

#[derive(Debug, Serialize)]
pub struct ActorView {
    pub name: String,
    pub url: String,
    pub aliases: Vec<AliasView>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub sponsor: Option<String>,
    pub mitre: Option<MitreView>,
    pub first_seen: Option<DateView>,
    pub sources: Vec<SourceView>,
    pub body: Option<String>,
    pub victims: Vec<VictimView>,
    pub incidents: Vec<Card>,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
}

pub fn actor(lib: &Library, index: usize, urls: &Urls) -> ActorView {
    let a = &lib.actors[index];
    let profile = a.profile.as_ref();
    // Incidents per victim, counted in one pass over the actor's incidents.
    let mut per_victim: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for &i in &a.incidents {
        for l in &lib.incidents[i].companies {
            *per_victim.entry(l.target).or_default() += 1;
        }
    }
    let victims = a
        .victims
        .iter()
        .map(|&v| {
            let c = &lib.companies[v];
            VictimView {
                name: c.name.clone(),
                url: urls.company(&c.slug),
                incidents: per_victim.get(&v).copied().unwrap_or(0),
            }
        })
        .collect();
    ActorView {
        name: a.name.clone(),
        url: urls.actor(&a.slug),
        aliases: profile
            .map(|p| p.aliases.iter().map(alias).collect())
            .unwrap_or_default(),
        kind: profile.and_then(|p| p.kind.clone()),
        country: profile.and_then(|p| p.country.clone()),
        sponsor: profile.and_then(|p| p.sponsor.clone()),
        mitre: profile.and_then(|p| p.mitre.clone()).map(|id| MitreView {
            url: format!("https://attack.mitre.org/groups/{id}/"),
            id,
        }),
        first_seen: profile.and_then(|p| p.first_seen).map(format::partial),
        sources: profile
            .map(|p| p.sources.iter().map(source).collect())
            .unwrap_or_default(),
        body: profile
            .filter(|p| !p.body.trim().is_empty())
            .map(|p| markdown::to_html(&p.body, urls.base())),
        victims,
        incidents: a
            .incidents
            .iter()
            .rev()
            .map(|&i| card(lib, &lib.incidents[i], urls))
            .collect(),
        first: a.first.map(format::partial),
        last: a.last.map(format::partial),
    }
}

#[derive(Debug, Serialize)]
pub struct CampaignView {
    pub name: String,
    pub url: String,
    pub incidents: Vec<Card>,
    pub victims: Vec<NameLink>,
    pub actors: Vec<NameLink>,
}

pub fn campaign(lib: &Library, index: usize, urls: &Urls) -> CampaignView {
    let c = &lib.campaigns[index];
    CampaignView {
        name: c.name.clone(),
        url: urls.campaign(&c.slug),
        incidents: c
            .incidents
            .iter()
            .rev()
            .map(|&i| card(lib, &lib.incidents[i], urls))
            .collect(),
        victims: c
            .victims
            .iter()
            .map(|&v| company_link(&lib.companies[v], urls))
            .collect(),
        actors: c.actors.iter().map(|&a| actor_link(&lib.actors[a], urls)).collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct CampaignRow {
    pub name: String,
    pub url: String,
    pub incidents: usize,
    pub victims: usize,
}

#[derive(Debug, Serialize)]
pub struct CampaignsView {
    pub campaigns: Vec<CampaignRow>,
}

pub fn campaigns(lib: &Library, urls: &Urls) -> CampaignsView {
    CampaignsView {
        campaigns: lib
            .campaigns
            .iter()
            .map(|c| CampaignRow {
                name: c.name.clone(),
                url: urls.campaign(&c.slug),
                incidents: c.incidents.len(),
                victims: c.victims.len(),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct AboutView {
    pub tally_rule: Option<String>,
    pub totals: Totals,
}

pub fn about(lib: &Library, config: &Config) -> AboutView {
    AboutView {
        tally_rule: config.tally_rule.clone(),
        totals: totals(lib),
    }
}
