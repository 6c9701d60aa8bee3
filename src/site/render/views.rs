//! The view structs templates see: made for the pages, with URLs, display text and machine
//! dates worked out, so templates only lay them out. Built from the library, never the reverse.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::chart::{self, Chart};
use super::format::{self, DateView};
use super::lang::Words;
use crate::content::config::Config;
use crate::content::index::{Actor, Company, Entry, Library, Link, Tie};
use crate::content::model::{Alias, Claim, PartialDate, Source, Stated, Status, When};
use crate::markdown;

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
    pub fn year(&self, year: i32) -> String {
        format!("{}/incidents/{year}/", self.base)
    }
}

/// What every view builder needs.
pub struct Cx<'a> {
    pub lib: &'a Library,
    pub config: &'a Config,
    pub urls: Urls,
    pub words: Words,
}

impl<'a> Cx<'a> {
    pub fn new(lib: &'a Library, config: &'a Config, words: Words) -> Cx<'a> {
        Cx {
            lib,
            config,
            urls: Urls::new(config.base_path()),
            words,
        }
    }

    /// The write-up of incident `i` (an index into the library) as HTML, its citations linked
    /// to its sources. Made each time it is asked for, never kept: the page and the site's feed
    /// ask for it, and keeping every write-up would hold the whole tracker's HTML in memory.
    pub fn body(&self, i: usize) -> String {
        let incident = &self.lib.incidents[i].incident;
        let page = self.urls.incident(&incident.slug);
        markdown::to_html_cited(&incident.body, self.urls.base(), &cited(&incident.sources, page))
    }

    /// [`Cx::body`] for a feed: the site's links and the citations are full addresses, since a
    /// feed reader shows the entry away from the site.
    pub fn feed_body(&self, i: usize) -> String {
        let incident = &self.lib.incidents[i].incident;
        let page = self.config.absolute(&self.urls.incident(&incident.slug));
        let base = self.config.absolute(self.urls.base());
        markdown::to_html_cited(&incident.body, &base, &cited(&incident.sources, page))
    }

    /// "1 disputed, 2 alleged": how many of these statuses are marked ones, or `None`.
    pub fn status_note(&self, statuses: impl Iterator<Item = Status>) -> Option<String> {
        let mut counts = [0usize; Status::ALL.len()];
        for s in statuses.filter(|s| s.is_marked()) {
            counts[s as usize] += 1;
        }
        let parts: Vec<String> = Status::ALL
            .iter()
            .filter(|s| counts[**s as usize] > 0)
            .map(|s| format!("{} {}", self.words.grouped(counts[*s as usize] as u64), self.status(*s)))
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// "10 incidents (1 disputed)": a count with its marked statuses.
    pub fn counted_with(&self, statuses: impl Iterator<Item = Status> + Clone, one: &str, many: &str) -> String {
        let text = self.words.counted(statuses.clone().count(), one, many);
        match self.status_note(statuses) {
            Some(note) => format!("{text} ({note})"),
            None => text,
        }
    }

    /// A company's counted incidents' statuses.
    pub fn tally_statuses(&self, c: &Company) -> Vec<Status> {
        c.incidents
            .iter()
            .map(|&i| &self.lib.incidents[i].incident)
            .filter(|i| i.counts())
            .map(|i| i.status)
            .collect()
    }

    fn date(&self, d: crate::content::model::PartialDate) -> DateView {
        format::partial(&self.words, d)
    }
    /// From `from` to `to` ("February 2021 to April 2021"), or the one date when they are the same.
    fn span(&self, from: crate::content::model::PartialDate, to: crate::content::model::PartialDate) -> DateView {
        format::when(&self.words, crate::content::model::When::Range { from, to })
    }
    /// A status as readers read it: "disputed" / "contesté".
    pub(super) fn status(&self, s: Status) -> String {
        self.words.t(&format!("status_{}", s.as_str())).to_string()
    }

    /// Who makes a claim and how sure: the same words wherever an attribution is shown.
    pub fn claim(&self, claim: &Claim, sources: &[Source], page: &str) -> ClaimView {
        let confidence = claim.confidence.map(|c| c.as_str());
        ClaimView {
            by: claim.by.clone(),
            confidence,
            confidence_label: confidence.map(|c| self.words.t(&format!("confidence_{c}")).to_string()),
            source: claim
                .source
                .and_then(|i| sources.get(i).map(|s| SourceRef::new(page, i, s))),
        }
    }

    /// A link to a company or actor with how firmly incidents tie it to the page's subject.
    fn tie(&self, t: &Tie, name: &str, url: String) -> TieView {
        TieView {
            name: name.to_string(),
            url,
            status: t.status.is_marked().then(|| t.status.as_str()),
            status_label: t.status.is_marked().then(|| self.status(t.status)),
        }
    }
}

/// A write-up's sources as its citations see them: their ids, and the page they are listed on.
fn cited(sources: &[Source], page: String) -> markdown::Sources<'_> {
    markdown::Sources {
        ids: sources.iter().map(|s| s.id.as_deref()).collect(),
        page,
    }
}

/// Who makes a claim and how sure they are (see [`Cx::claim`]).
#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    pub by: Option<String>,
    /// `confirmed`, `high`, `moderate`, `low`.
    pub confidence: Option<&'static str>,
    /// "moderate confidence": shown wherever the attribution is, cards included.
    pub confidence_label: Option<String>,
    pub source: Option<SourceRef>,
}

/// A numbered source of a page, and the link to it in the page's list.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub number: usize,
    pub url: String,
    /// Its publisher, for pages where the number alone means nothing (the changes log).
    pub publisher: String,
}

impl SourceRef {
    /// Source `i` (from 0) of the page at `page`.
    fn new(page: &str, i: usize, source: &Source) -> SourceRef {
        SourceRef {
            number: i + 1,
            url: format!("{page}#source-{}", i + 1),
            publisher: source.publisher.clone(),
        }
    }
}

/// A company or actor, marked when the only incidents tying it to the page's subject are
/// alleged, disputed or retracted.
#[derive(Debug, Clone, Serialize)]
pub struct TieView {
    pub name: String,
    pub url: String,
    pub status: Option<&'static str>,
    pub status_label: Option<String>,
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
    pub feed: String,
    pub search: String,
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: String,
    pub url: String,
    /// The first path segment this item stands for, to mark the current section.
    pub section: &'static str,
}

pub fn site(config: &Config, urls: &Urls, words: &Words) -> SiteView {
    let item = |key: &str, section: &'static str| NavItem {
        label: words.t(key).to_string(),
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
            item("nav_incidents", "incidents"),
            item("nav_companies", "companies"),
            item("nav_actors", "actors"),
            item("nav_campaigns", "campaigns"),
            item("nav_stats", "stats"),
            item("nav_data", "data"),
            item("nav_about", "about"),
        ],
        feed: urls.page("feed.xml"),
        search: urls.page("search/"),
    }
}

/// A page of a list split into pages.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub current: usize,
    pub count: usize,
    /// "page 10 of 20", for the page's title and heading.
    pub label: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first and last pages and five around the current one, with gaps between: a list
    /// of 200 pages does not make 200 links.
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// An ellipsis standing for the pages left out here; `number` and `url` are empty.
    pub gap: bool,
}

/// The output path and URL of page `n` (from 1) of a list at `dir` (`incidents`, `companies/x`).
pub fn page_path(dir: &str, n: usize) -> String {
    if n <= 1 {
        format!("{dir}/index.html")
    } else {
        format!("{dir}/page/{n}/index.html")
    }
}

fn page_url(urls: &Urls, dir: &str, n: usize) -> String {
    if n <= 1 {
        urls.page(&format!("{dir}/"))
    } else {
        urls.page(&format!("{dir}/page/{n}/"))
    }
}

/// How many pages `total` items make.
pub fn page_count(total: usize, per_page: usize) -> usize {
    total.div_ceil(per_page.max(1)).max(1)
}

/// The page numbers the pager links for page `n` of `count`, `None` for a gap: the first, five
/// around `n`, the last. A gap of one page shows that page instead of an ellipsis.
pub fn page_window(n: usize, count: usize) -> Vec<Option<usize>> {
    let hi = (n.max(1) + 2).max(5).min(count);
    let lo = hi.saturating_sub(4).max(1);
    let mut shown: Vec<usize> = vec![1];
    shown.extend(lo..=hi);
    shown.push(count);
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::new();
    for (i, &p) in shown.iter().enumerate() {
        if let Some(&before) = i.checked_sub(1).and_then(|j| shown.get(j)) {
            match p - before {
                1 => {}
                2 => out.push(Some(before + 1)),
                _ => out.push(None),
            }
        }
        out.push(Some(p));
    }
    out
}

/// The pager for page `n`, or `None` when the list fits on one page.
pub fn pager(urls: &Urls, words: &Words, dir: &str, n: usize, count: usize) -> Option<Pager> {
    (count > 1).then(|| Pager {
        current: n,
        count,
        label: words
            .t("page_of")
            .replace("{n}", &words.grouped(n as u64))
            .replace("{count}", &words.grouped(count as u64)),
        prev: (n > 1).then(|| page_url(urls, dir, n - 1)),
        next: (n < count).then(|| page_url(urls, dir, n + 1)),
        pages: page_window(n, count)
            .into_iter()
            .map(|p| match p {
                Some(i) => PageLink {
                    number: i,
                    url: page_url(urls, dir, i),
                    current: i == n,
                    gap: false,
                },
                None => PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                },
            })
            .collect(),
    })
}

/// The items of page `n`.
pub fn slice<T>(items: &[T], n: usize, per_page: usize) -> &[T] {
    let start = (n - 1) * per_page;
    &items[start.min(items.len())..(start + per_page).min(items.len())]
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
    pub status_label: String,
    pub summary: Option<String>,
    pub companies: Vec<NameLink>,
    /// "and 4,990 others", when the list of companies is cut short; links to the incident.
    pub more_companies: Option<String>,
    pub actors: Vec<ActorMention>,
    pub records: Option<String>,
    /// Marked `draft: true`: only previews show it.
    pub draft: bool,
}

/// How many companies a card names on a company page. One incident can name thousands (a
/// supply-chain breach), and each of their pages would otherwise list all the others.
pub const CO_VICTIMS: usize = 10;

pub fn card(cx: &Cx, e: &Entry) -> Card {
    card_naming(cx, e, usize::MAX)
}

/// A card that names at most `limit` companies, and says how many more the incident names.
pub fn card_naming(cx: &Cx, e: &Entry, limit: usize) -> Card {
    let i = &e.incident;
    let more = e.companies.len().saturating_sub(limit);
    Card {
        title: markdown::smart_text(&i.title),
        url: cx.urls.incident(&i.slug),
        disclosed: cx.date(i.disclosed),
        occurred: i
            .occurred
            .filter(|w| occurred_differs(*w, i.disclosed))
            .map(|w| format::when(&cx.words, w)),
        status: i.status.as_str(),
        status_label: cx.status(i.status),
        summary: i.summary.as_deref().map(markdown::smart_text),
        companies: e
            .companies
            .iter()
            .take(limit)
            .map(|l| company_link(&cx.lib.companies[l.target], &cx.urls))
            .collect(),
        more_companies: (more > 0).then(|| {
            cx.words
                .noun(more, "and_other", "and_others")
                .replace("{n}", &cx.words.grouped(more as u64))
        }),
        actors: e.actors.iter().map(|l| actor_mention(cx, e, l)).collect(),
        records: i.records.as_ref().map(|r| format::records(&cx.words, r)),
        draft: i.draft,
    }
}

/// Whether a card shows when an incident happened beside when it was disclosed (the date
/// lists go by): only when it says something else than the disclosure's month.
fn occurred_differs(occurred: When, disclosed: PartialDate) -> bool {
    let month = |d: PartialDate| {
        let (y, m, _) = d.sort_key();
        (y, m)
    };
    match occurred {
        When::At(d) => month(d) != month(disclosed),
        When::Range { .. } => true,
    }
}

/// An actor as an incident names it, with the attribution's claim.
fn actor_mention(cx: &Cx, e: &Entry, l: &Link) -> ActorMention {
    let a = &cx.lib.actors[l.target];
    ActorMention {
        name: a.name.clone(),
        url: cx.urls.actor(&a.slug),
        written_as: differs(&l.written, &a.name, a.profile.as_ref().map_or(&[][..], |p| &p.aliases)),
        claim: cx.claim(&l.claim, &e.incident.sources, &cx.urls.incident(&e.incident.slug)),
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
    /// The same, as words: "12 incidents".
    pub incidents_text: String,
    /// "1 disputed": the incidents whose status lists and counts mark.
    pub incidents_note: Option<String>,
    pub companies_text: String,
    pub actors_text: String,
    pub campaigns_text: String,
    /// The nouns alone, in the right number: "incidents".
    pub incidents_noun: String,
    pub companies_noun: String,
    pub actors_noun: String,
    pub campaigns_noun: String,
}

pub fn totals(cx: &Cx) -> Totals {
    let w = &cx.words;
    let lib = cx.lib;
    Totals {
        incidents: lib.incidents.len(),
        companies: lib.companies.len(),
        actors: lib.actors.len(),
        campaigns: lib.campaigns.len(),
        incidents_text: w.counted(lib.incidents.len(), "incident", "incidents"),
        incidents_note: cx.status_note(lib.incidents.iter().map(|e| e.incident.status)),
        companies_text: w.counted(lib.companies.len(), "company", "companies"),
        actors_text: w.counted(lib.actors.len(), "actor", "actors"),
        campaigns_text: w.counted(lib.campaigns.len(), "campaign", "campaigns"),
        incidents_noun: w.noun(lib.incidents.len(), "incident", "incidents").to_string(),
        companies_noun: w.noun(lib.companies.len(), "company", "companies").to_string(),
        actors_noun: w.noun(lib.actors.len(), "actor", "actors").to_string(),
        campaigns_noun: w.noun(lib.campaigns.len(), "campaign", "campaigns").to_string(),
    }
}

/// How many incidents are attributed to an actor, as the About page says.
pub fn attributed(lib: &Library) -> usize {
    lib.incidents.iter().filter(|e| !e.actors.is_empty()).count()
}

/// The year an incident is filed under, by lists, archives, charts and the search filter
/// alike: the year it was disclosed, which is always known (when it happened often is not, or
/// spans years).
pub fn year_of(e: &Entry) -> i32 {
    e.incident.disclosed.year()
}

/// Incidents per year, for a set of incidents.
pub fn per_year<'a>(entries: impl Iterator<Item = &'a Entry>) -> BTreeMap<i32, usize> {
    let mut m = BTreeMap::new();
    for e in entries {
        *m.entry(year_of(e)).or_insert(0) += 1;
    }
    m
}

fn chart_labels<'a>(cx: &'a Cx, title_key: &'a str) -> chart::Labels<'a> {
    chart::Labels {
        title: cx.words.t(title_key),
        desc: cx.words.t("per_year_desc"),
        label_header: cx.words.t("year"),
        value_header: cx.words.t("count"),
        one: "incident",
        many: "incidents",
    }
}

/// Incidents per year, each bar leading to its year's page.
fn year_chart(cx: &Cx, counts: &BTreeMap<i32, usize>, title_key: &str) -> Option<Chart> {
    (!counts.is_empty()).then(|| chart::bars(&cx.words, &chart_labels(cx, title_key), counts, &|y| cx.urls.year(y)))
}

/// A company's incidents per year, each bar split by status.
fn status_chart<'a>(cx: &Cx, entries: impl Iterator<Item = &'a Entry>, title_key: &str) -> Option<Chart> {
    let mut counts: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for e in entries {
        counts.entry(year_of(e)).or_insert_with(|| vec![0; Status::ALL.len()])[e.incident.status as usize] += 1;
    }
    let parts: Vec<chart::Part> = Status::ALL
        .iter()
        .map(|&s| chart::Part {
            label: cx.status(s),
            class: format!("status-{}", s.as_str()),
        })
        .collect();
    (!counts.is_empty()).then(|| {
        chart::stacked(&cx.words, &chart_labels(cx, title_key), &counts, &parts, &|y| {
            cx.urls.year(y)
        })
    })
}

#[derive(Debug, Serialize)]
pub struct HomeView {
    pub totals: Totals,
    pub latest: Vec<Card>,
    pub most_hit: Vec<CompanyRow>,
    /// Each ranked company's place: companies with as many incidents share it (1, 2, 2, 4).
    pub most_hit_ranks: Vec<usize>,
    pub chart: Option<Chart>,
}

/// How many incidents the home page lists, and companies it ranks.
const LATEST: usize = 10;

/// Incidents, most recently disclosed first.
pub fn latest_first(lib: &Library) -> Vec<&Entry> {
    latest_first_indices(lib)
        .into_iter()
        .map(|i| &lib.incidents[i])
        .collect()
}

/// The library indices of the incidents, most recently disclosed first.
pub fn latest_first_indices(lib: &Library) -> Vec<usize> {
    // Keys made once each, not at every comparison: `serve` orders a large tracker at each edit.
    let mut keyed: Vec<_> = lib
        .incidents
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.incident.disclosed.sort_key(), e.incident.slug.as_str()), i))
        .collect();
    // Slugs are unique, so no two keys are equal and the unstable sort's order is the only one.
    keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0));
    keyed.into_iter().map(|(_, i)| i).collect()
}

pub fn home(cx: &Cx) -> HomeView {
    let mut most_hit = company_rows(cx);
    most_hit.sort_by(|a, b| b.tally.cmp(&a.tally).then_with(|| a.sort_name.cmp(&b.sort_name)));
    most_hit.retain(|r| r.tally > 0);
    most_hit.truncate(LATEST);
    let most_hit_ranks = (0..most_hit.len())
        .map(|i| {
            let tally = most_hit[i].tally;
            most_hit.iter().position(|r| r.tally == tally).unwrap_or(i) + 1
        })
        .collect();
    HomeView {
        most_hit_ranks,
        totals: totals(cx),
        latest: latest_first(cx.lib)
            .into_iter()
            .take(LATEST)
            .map(|e| card(cx, e))
            .collect(),
        most_hit,
        chart: year_chart(cx, &per_year(cx.lib.incidents.iter()), "per_year"),
    }
}

#[derive(Debug, Serialize)]
pub struct YearGroup {
    pub year: i32,
    pub incidents: Vec<Card>,
    /// The year's list began on the previous page, and its heading says so.
    pub continued: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct IncidentsView {
    pub total_text: String,
    pub years: Vec<YearGroup>,
    pub year_links: Vec<YearLink>,
    pub chart: Option<Chart>,
    pub pager: Option<Pager>,
}

pub fn year_links(cx: &Cx) -> Vec<YearLink> {
    per_year(cx.lib.incidents.iter())
        .into_iter()
        .rev()
        .map(|(year, count)| YearLink {
            year,
            url: cx.urls.year(year),
            count,
        })
        .collect()
}

fn group_by_year(cx: &Cx, entries: &[&Entry]) -> Vec<YearGroup> {
    let mut years: Vec<YearGroup> = Vec::new();
    for e in entries {
        let year = year_of(e);
        match years.last_mut() {
            Some(g) if g.year == year => g.incidents.push(card(cx, e)),
            _ => years.push(YearGroup {
                year,
                incidents: vec![card(cx, e)],
                continued: false,
            }),
        }
    }
    years
}

/// Page `n` of all incidents (`newest_first`), grouped by year; `years` links the archives.
pub fn incidents(cx: &Cx, newest_first: &[&Entry], years: &[YearLink], n: usize) -> IncidentsView {
    let per = cx.config.per_page;
    let count = page_count(newest_first.len(), per);
    let mut years_here = group_by_year(cx, slice(newest_first, n, per));
    let before = ((n - 1) * per).checked_sub(1).and_then(|i| newest_first.get(i));
    if let (Some(first), Some(before)) = (years_here.first_mut(), before) {
        first.continued = year_of(before) == first.year;
    }
    IncidentsView {
        total_text: cx.counted_with(newest_first.iter().map(|e| e.incident.status), "incident", "incidents"),
        years: years_here,
        year_links: years.to_vec(),
        chart: if n == 1 {
            year_chart(cx, &per_year(cx.lib.incidents.iter()), "per_year")
        } else {
            None
        },
        pager: pager(&cx.urls, &cx.words, "incidents", n, count),
    }
}

/// Rows a page of the table of all incidents holds: dense, but never all of a large tracker.
pub const TABLE_ROWS: usize = 500;

#[derive(Debug, Serialize)]
pub struct TableRow {
    pub card: Card,
    /// The count affected, whatever the unit, for sorting.
    pub count: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct TableView {
    pub total_text: String,
    pub rows: Vec<TableRow>,
    pub pager: Option<Pager>,
    pub index: String,
    pub search_script: String,
    pub script: String,
    pub per_page: usize,
}

/// Page `n` of the table of all incidents, most recently disclosed first.
pub fn table(cx: &Cx, newest_first: &[&Entry], n: usize) -> TableView {
    TableView {
        total_text: cx.counted_with(newest_first.iter().map(|e| e.incident.status), "incident", "incidents"),
        rows: slice(newest_first, n, TABLE_ROWS)
            .iter()
            .map(|e| TableRow {
                card: card_naming(cx, e, CO_VICTIMS),
                count: e.incident.records.as_ref().map(|r| r.count),
            })
            .collect(),
        pager: pager(
            &cx.urls,
            &cx.words,
            "table",
            n,
            page_count(newest_first.len(), TABLE_ROWS),
        ),
        index: cx.urls.page("search/"),
        search_script: cx.urls.page("search.js"),
        script: cx.urls.page("table.js"),
        per_page: TABLE_ROWS,
    }
}

#[derive(Debug, Serialize)]
pub struct YearView {
    pub year: i32,
    pub total_text: String,
    /// "disclosed this year", agreeing with the count ("révélé" / "révélés").
    pub disclosed_text: String,
    pub incidents: Vec<Card>,
    pub year_links: Vec<YearLink>,
}

/// The years that have incidents, newest first.
pub fn years(lib: &Library) -> Vec<i32> {
    per_year(lib.incidents.iter()).into_keys().rev().collect()
}

pub fn year(cx: &Cx, newest_first: &[&Entry], years: &[YearLink], year: i32) -> YearView {
    let entries: Vec<&&Entry> = newest_first.iter().filter(|e| year_of(e) == year).collect();
    YearView {
        year,
        total_text: cx.counted_with(entries.iter().map(|e| e.incident.status), "incident", "incidents"),
        disclosed_text: cx
            .words
            .t(if entries.len() == 1 {
                "year_lede_one"
            } else {
                "year_lede"
            })
            .to_string(),
        incidents: entries.iter().map(|e| card(cx, e)).collect(),
        year_links: years.to_vec(),
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

#[derive(Debug, Clone, Serialize)]
pub struct ActorMention {
    pub name: String,
    pub url: String,
    pub written_as: Option<String>,
    pub claim: ClaimView,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    /// Its place in the list, from 1: the anchor `#source-N` and the citations' number.
    pub number: usize,
    /// Anchors of the citations of it in the write-up (`cite-N-K`), to link back to.
    pub cited_at: Vec<String>,
    pub url: Option<String>,
    /// Only web addresses become links.
    pub link: bool,
    pub publisher: String,
    pub title: Option<String>,
    pub date: Option<DateView>,
}

fn source(w: &Words, number: usize, s: &Source, citations: usize) -> SourceView {
    SourceView {
        number,
        cited_at: (1..=citations).map(|k| format!("cite-{number}-{k}")).collect(),
        url: s.url.clone(),
        link: s.url.as_deref().is_some_and(crate::content::validate::is_web_url),
        publisher: s.publisher.clone(),
        title: s.title.clone(),
        date: s.date.map(|d| format::partial(w, d)),
    }
}

fn sources(w: &Words, sources: &[Source], citations: &[usize]) -> Vec<SourceView> {
    sources
        .iter()
        .enumerate()
        .map(|(i, s)| source(w, i + 1, s, citations.get(i).copied().unwrap_or(0)))
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    pub date: DateView,
    pub note: String,
    /// The status from this day on, when the update changed it.
    pub status: Option<&'static str>,
    pub status_label: Option<String>,
    pub source: Option<SourceRef>,
}

/// When an entry was added and last changed, for its page.
#[derive(Debug, Serialize)]
pub struct DatesView {
    pub added: Option<DateView>,
    /// Shown only when it differs from `added`.
    pub updated: Option<DateView>,
}

fn dates(w: &Words, d: crate::content::model::Dates) -> DatesView {
    DatesView {
        added: d.added.map(|a| format::day(w, a)),
        updated: d.modified.filter(|m| Some(*m) != d.added).map(|m| format::day(w, m)),
    }
}

#[derive(Debug, Serialize)]
pub struct IncidentView {
    pub title: String,
    pub url: String,
    pub status: &'static str,
    pub status_label: String,
    /// Why the tally leaves it out, when it does.
    pub not_counted: Option<String>,
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
    /// The status changes, oldest first.
    pub status_history: Vec<UpdateView>,
    pub dates: DatesView,
    pub body: String,
    /// Marked `draft: true`: only previews show it.
    pub draft: bool,
    /// The figure the page leads with, in large type: "about 76 million" and "people".
    pub affected: Option<AffectedView>,
    /// When the entry last changed (or was added, if never since).
    pub last_updated: Option<DateView>,
    /// The feeds of its companies and actors, linked on the page and in its head.
    pub feeds: Vec<FeedView>,
}

#[derive(Debug, Serialize)]
pub struct AffectedView {
    pub count: String,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedView {
    pub title: String,
    pub url: String,
}

/// How an incident wrote a name, when readers should see it beside the name it resolved to: an
/// alias (as its profile spells it: `centurylink` shows as CenturyLink) or another spelling;
/// nothing when it differs from the name in case and spaces alone.
fn differs(written: &str, name: &str, aliases: &[crate::content::model::Alias]) -> Option<String> {
    let written = written.trim();
    let same = |a: &str| a.trim().to_lowercase() == written.to_lowercase();
    if same(name) {
        return None;
    }
    Some(
        aliases
            .iter()
            .find(|a| same(&a.name))
            .map_or(written, |a| a.name.as_str())
            .to_string(),
    )
}

pub fn incident(cx: &Cx, index: usize) -> IncidentView {
    let e = &cx.lib.incidents[index];
    let i = &e.incident;
    let lib = cx.lib;
    let not_counted = if !i.tally {
        Some(cx.words.t("not_counted_untallied").to_string())
    } else if i.status == Status::Retracted {
        Some(cx.words.t("not_counted_retracted").to_string())
    } else {
        None
    };
    let page = cx.urls.incident(&i.slug);
    let mut updates: Vec<UpdateView> = i.updates.iter().map(|u| update(cx, i, u, &page)).collect();
    updates.sort_by(|a, b| a.date.iso.cmp(&b.date.iso));
    let status_history = updates.iter().filter(|u| u.status.is_some()).cloned().collect();
    IncidentView {
        title: markdown::smart_text(&i.title),
        url: cx.urls.incident(&i.slug),
        status: i.status.as_str(),
        status_label: cx.status(i.status),
        not_counted,
        disclosed: cx.date(i.disclosed),
        occurred: i.occurred.map(|w| format::when(&cx.words, w)),
        companies: e
            .companies
            .iter()
            .map(|l| {
                let c = &lib.companies[l.target];
                CompanyMention {
                    name: c.name.clone(),
                    url: cx.urls.company(&c.slug),
                    written_as: differs(&l.written, &c.name, c.profile.as_ref().map_or(&[][..], |p| &p.aliases)),
                    ordinal: l.ordinal.map(|n| cx.words.ordinal(n)),
                    counted: l.ordinal.is_some(),
                }
            })
            .collect(),
        actors: e.actors.iter().map(|l| actor_mention(cx, e, l)).collect(),
        campaign: e.campaign.map(|c| NameLink {
            name: lib.campaigns[c].name.clone(),
            url: cx.urls.campaign(&lib.campaigns[c].slug),
        }),
        records: i.records.as_ref().map(|r| format::records(&cx.words, r)),
        types: i.types.clone(),
        data: i.data.clone(),
        summary: i.summary.as_deref().map(markdown::smart_text),
        sources: sources(&cx.words, &i.sources, &i.citations),
        updates,
        status_history,
        dates: dates(&cx.words, i.dates),
        body: cx.body(index),
        draft: i.draft,
        affected: i.records.as_ref().map(|r| {
            let n = cx.words.count(r.count);
            AffectedView {
                count: if r.approximate { cx.words.about(&n) } else { n },
                unit: r.unit.clone(),
            }
        }),
        last_updated: i.dates.modified.or(i.dates.added).map(|d| format::day(&cx.words, d)),
        feeds: e
            .companies
            .iter()
            .map(|l| {
                let c = &lib.companies[l.target];
                FeedView {
                    title: cx.words.t("feed_title_company").replace("{name}", &c.name),
                    url: cx.urls.page(&format!("companies/{}/feed.xml", c.slug)),
                }
            })
            .chain(e.actors.iter().map(|l| {
                let a = &lib.actors[l.target];
                FeedView {
                    title: cx.words.t("feed_title_actor").replace("{name}", &a.name),
                    url: cx.urls.page(&format!("actors/{}/feed.xml", a.slug)),
                }
            }))
            .collect(),
    }
}

/// One dated update of an incident whose page is at `page`.
fn update(cx: &Cx, i: &crate::content::model::Incident, u: &crate::content::model::Update, page: &str) -> UpdateView {
    UpdateView {
        date: format::day(&cx.words, u.date),
        note: u.note.clone(),
        status: u.status.map(Status::as_str),
        status_label: u.status.map(|s| cx.status(s)),
        source: u
            .source
            .and_then(|n| i.sources.get(n).map(|s| SourceRef::new(page, n, s))),
    }
}

#[derive(Debug, Serialize)]
pub struct CompanyRow {
    pub name: String,
    pub url: String,
    pub tally: usize,
    /// "1 disputed": marked statuses among the counted incidents.
    pub tally_note: Option<String>,
    pub total: usize,
    pub latest: Option<DateView>,
    #[serde(skip)]
    pub sort_name: crate::content::model::NaturalKey,
}

pub fn company_rows(cx: &Cx) -> Vec<CompanyRow> {
    cx.lib.companies.iter().map(|c| company_row(cx, c)).collect()
}

fn company_row(cx: &Cx, c: &Company) -> CompanyRow {
    let lib = cx.lib;
    CompanyRow {
        name: c.name.clone(),
        url: cx.urls.company(&c.slug),
        tally: c.tally,
        tally_note: cx.status_note(cx.tally_statuses(c).into_iter()),
        total: c.incidents.len(),
        latest: c
            .incidents
            .iter()
            .map(|&i| lib.incidents[i].incident.disclosed)
            .max_by_key(|d| d.sort_key())
            .map(|d| cx.date(d)),
        sort_name: crate::content::model::natural_key(&c.name),
    }
}

/// Companies by tally, then by incidents, then by name.
pub fn companies_by_tally(cx: &Cx) -> Vec<CompanyRow> {
    companies_order(cx.lib)
        .into_iter()
        .map(|i| company_row(cx, &cx.lib.companies[i]))
        .collect()
}

/// The order of the list of companies, as library indices: its pages and the route table
/// (which pages show which companies) both follow it.
pub fn companies_order(lib: &Library) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lib.companies.len()).collect();
    let key = |c: usize| (lib.companies[c].tally, lib.companies[c].incidents.len());
    let names: Vec<_> = lib
        .companies
        .iter()
        .map(|c| crate::content::model::natural_key(&c.name))
        .collect();
    order.sort_by(|&a, &b| key(b).cmp(&key(a)).then_with(|| names[a].cmp(&names[b])));
    order
}

/// The order of the list of actors (by name, naturally), as library indices: its pages and the
/// route table both follow it.
pub fn actors_order(lib: &Library) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lib.actors.len()).collect();
    let keys: Vec<_> = lib
        .actors
        .iter()
        .map(|a| (crate::content::model::natural_key(&a.name), format!("{}/", a.slug)))
        .collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    order
}

#[derive(Debug, Serialize)]
pub struct CompaniesView {
    pub rows: Vec<CompanyRow>,
    pub a_z: String,
    pub pager: Option<Pager>,
    /// The rank of the first row on this page, for the ordered list.
    pub start: usize,
    /// Whether the Incidents column differs anywhere from the Tally: when nothing is left out
    /// of a tally the two say the same, and one is enough (a phone has no room for both).
    pub show_total: bool,
}

pub fn companies(cx: &Cx, rows: &[CompanyRow], n: usize) -> CompaniesView {
    let per = cx.config.per_page;
    let page = slice(rows, n, per);
    CompaniesView {
        rows: page
            .iter()
            .map(|r| CompanyRow {
                name: r.name.clone(),
                url: r.url.clone(),
                tally: r.tally,
                tally_note: r.tally_note.clone(),
                total: r.total,
                latest: r.latest.clone(),
                sort_name: Default::default(),
            })
            .collect(),
        a_z: cx.urls.page("companies/a-z/"),
        pager: pager(&cx.urls, &cx.words, "companies", n, page_count(rows.len(), per)),
        start: (n - 1) * per + 1,
        show_total: rows.iter().any(|r| r.tally != r.total),
    }
}

#[derive(Debug, Serialize)]
pub struct AzView {
    pub companies: Vec<CompanyRow>,
}

pub fn companies_a_z(cx: &Cx) -> AzView {
    let mut rows = company_rows(cx);
    rows.sort_by(|a, b| a.sort_name.cmp(&b.sort_name).then_with(|| a.url.cmp(&b.url)));
    AzView { companies: rows }
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
    pub tally_note: Option<String>,
    pub total: usize,
    pub uncounted: usize,
    pub timeline: Vec<TimelineItem>,
    pub actors: Vec<TieView>,
    pub dates: DatesView,
    pub chart: Option<Chart>,
    pub feed: String,
    /// The STIX bundle, the badge and its embed snippets.
    pub share: super::badge::Share,
    pub pager: Option<Pager>,
    /// "10 incidents", all listed, counted or not.
    pub total_text: String,
    /// Records affected, added up within each unit: "about 140 million people in 7 incidents".
    pub records: Vec<String>,
}

/// Records affected across incidents, added up within each unit (people and accounts are
/// never summed together), over the incidents that count toward the tally (retracted reports
/// and those marked `tally: false` are left out).
pub fn records_by_unit<'a>(w: &Words, entries: impl Iterator<Item = &'a Entry>) -> Vec<String> {
    // One unit however it is capitalised ("Accounts", "accounts"), named as first written.
    let mut units: BTreeMap<String, (&str, u64, bool, usize)> = BTreeMap::new();
    for e in entries.filter(|e| e.incident.counts()) {
        if let Some(r) = &e.incident.records {
            let unit = r.unit.trim();
            let u = units.entry(unit.to_lowercase()).or_insert((unit, 0, false, 0));
            u.1 = u.1.saturating_add(r.count);
            u.2 |= r.approximate;
            u.3 += 1;
        }
    }
    let mut list: Vec<_> = units.into_values().collect();
    list.sort_by(|a, b| b.3.cmp(&a.3).then(a.0.cmp(b.0)));
    list.into_iter()
        .map(|(unit, sum, approximate, n)| {
            // A sum of rounded figures is as rough as they are: two significant digits.
            let count = if approximate {
                w.about(&w.count(two_digits(sum)))
            } else {
                w.count(sum)
            };
            w.t("records_in")
                .replace("{records}", &format!("{count} {unit}"))
                .replace("{incidents}", &w.counted(n, "incident", "incidents"))
        })
        .collect()
}

/// `n` rounded to two significant digits: 2,200,836 → 2,200,000.
fn two_digits(n: u64) -> u64 {
    let mut unit = 1;
    while n / unit >= 100 {
        unit *= 10;
    }
    (n + unit / 2) / unit * unit
}

pub fn company(cx: &Cx, index: usize, n: usize) -> CompanyView {
    let lib = cx.lib;
    let c = &lib.companies[index];
    let profile = c.profile.as_ref();
    let newest_first: Vec<usize> = c.incidents.iter().rev().copied().collect();
    let per = cx.config.per_page;
    let timeline = slice(&newest_first, n, per)
        .iter()
        .map(|&i| {
            let e = &lib.incidents[i];
            let ordinal = e
                .companies
                .iter()
                .find(|l| l.target == index)
                .and_then(|l| l.ordinal)
                .map(|o| cx.words.ordinal(o));
            TimelineItem {
                card: card_naming(cx, e, CO_VICTIMS),
                ordinal,
            }
        })
        .collect();
    let dir = format!("companies/{}", c.slug);
    CompanyView {
        name: c.name.clone(),
        url: cx.urls.company(&c.slug),
        aliases: profile
            .map(|p| p.aliases.iter().map(alias).collect())
            .unwrap_or_default(),
        sector: profile.and_then(|p| p.sector.clone()),
        country: profile.and_then(|p| p.country.clone()),
        website: profile.and_then(|p| p.website.clone()),
        website_link: profile
            .and_then(|p| p.website.as_deref())
            .is_some_and(crate::content::validate::is_web_url),
        body: profile
            .filter(|p| !p.body.trim().is_empty())
            .map(|p| markdown::to_html(&p.body, cx.urls.base())),
        tally: c.tally,
        tally_note: cx.status_note(cx.tally_statuses(c).into_iter()),
        total: c.incidents.len(),
        uncounted: c.incidents.len() - c.tally,
        timeline,
        actors: c
            .actors
            .iter()
            .map(|t| {
                let a = &lib.actors[t.target];
                cx.tie(t, &a.name, cx.urls.actor(&a.slug))
            })
            .collect(),
        dates: dates(&cx.words, profile.map(|p| p.dates).unwrap_or_default()),
        chart: if n == 1 {
            status_chart(cx, c.incidents.iter().map(|&i| &lib.incidents[i]), "company_chart")
        } else {
            None
        },
        feed: cx.urls.page(&format!("companies/{}/feed.xml", c.slug)),
        share: super::badge::company_share(cx, index),
        pager: pager(&cx.urls, &cx.words, &dir, n, page_count(newest_first.len(), per)),
        total_text: cx.words.counted(c.incidents.len(), "incident", "incidents"),
        records: records_by_unit(&cx.words, c.incidents.iter().map(|&i| &lib.incidents[i])),
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
    /// "1 disputed": the actor's incidents whose status lists mark.
    pub incidents_note: Option<String>,
    pub victims: usize,
    /// "1 disputed": victims tied to the actor only by marked incidents.
    pub victims_note: Option<String>,
    pub last: Option<DateView>,
}

#[derive(Debug, Serialize)]
pub struct ActorsView {
    pub actors: Vec<ActorRow>,
    pub pager: Option<Pager>,
}

pub fn actor_rows(cx: &Cx) -> Vec<ActorRow> {
    actors_order(cx.lib)
        .into_iter()
        .map(|i| &cx.lib.actors[i])
        .map(|a| ActorRow {
            name: a.name.clone(),
            url: cx.urls.actor(&a.slug),
            aliases: a
                .profile
                .as_ref()
                .map(|p| p.aliases.iter().map(|x| x.name.clone()).collect())
                .unwrap_or_default(),
            kind: a.profile.as_ref().and_then(|p| p.kind.clone()),
            country: a
                .profile
                .as_ref()
                .and_then(|p| p.country.as_ref())
                .map(|c| c.value.clone()),
            incidents: a.incidents.len(),
            incidents_note: cx.status_note(a.incidents.iter().map(|&i| cx.lib.incidents[i].incident.status)),
            victims: a.victims.len(),
            victims_note: cx.status_note(a.victims.iter().map(|v| v.status)),
            // The latest disclosure, as the companies' list gives it (the span of activity,
            // which mixes when incidents happened with when they were disclosed, is the actor's
            // page's).
            last: a
                .incidents
                .iter()
                .map(|&i| cx.lib.incidents[i].incident.disclosed)
                .max_by_key(|d| d.sort_key())
                .map(|d| cx.date(d)),
        })
        .collect()
}

pub fn actors(cx: &Cx, rows: &[ActorRow], n: usize) -> ActorsView {
    let per = cx.config.per_page;
    ActorsView {
        actors: slice(rows, n, per)
            .iter()
            .map(|r| ActorRow {
                name: r.name.clone(),
                url: r.url.clone(),
                aliases: r.aliases.clone(),
                kind: r.kind.clone(),
                country: r.country.clone(),
                incidents: r.incidents,
                incidents_note: r.incidents_note.clone(),
                victims: r.victims,
                victims_note: r.victims_note.clone(),
                last: r.last.clone(),
            })
            .collect(),
        pager: pager(&cx.urls, &cx.words, "actors", n, page_count(rows.len(), per)),
    }
}

#[derive(Debug, Serialize)]
pub struct MitreView {
    pub id: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct VictimView {
    #[serde(flatten)]
    pub tie: TieView,
    /// Incidents of this actor at this company.
    pub incidents: usize,
}

/// An actor's `sponsor` or `country`, with who states it.
#[derive(Debug, Serialize)]
pub struct StatedView {
    pub value: String,
    pub claim: ClaimView,
}

#[derive(Debug, Serialize)]
pub struct ActorView {
    pub name: String,
    pub url: String,
    pub aliases: Vec<AliasView>,
    pub kind: Option<String>,
    pub country: Option<StatedView>,
    pub sponsor: Option<StatedView>,
    pub mitre: Option<MitreView>,
    pub first_seen: Option<DateView>,
    pub sources: Vec<SourceView>,
    pub body: Option<String>,
    pub victims: Vec<VictimView>,
    /// "7 victims (1 disputed)".
    pub victims_text: String,
    pub incidents: Vec<Card>,
    pub incidents_text: String,
    pub dates: DatesView,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
    /// First to last in the language's words ("de février 2021 à avril 2021"), or one date.
    pub span: Option<DateView>,
    pub feed: String,
    /// The STIX bundle, the badge and its embed snippets.
    pub share: super::badge::Share,
    pub pager: Option<Pager>,
}

pub fn actor(cx: &Cx, index: usize, n: usize) -> ActorView {
    let lib = cx.lib;
    let a = &lib.actors[index];
    let profile = a.profile.as_ref();
    // Incidents per victim, counted in one pass over the actor's incidents.
    let mut per_victim: HashMap<usize, usize> = HashMap::new();
    for &i in &a.incidents {
        for l in &lib.incidents[i].companies {
            *per_victim.entry(l.target).or_default() += 1;
        }
    }
    let victims = a
        .victims
        .iter()
        .map(|v| {
            let c = &lib.companies[v.target];
            VictimView {
                tie: cx.tie(v, &c.name, cx.urls.company(&c.slug)),
                incidents: per_victim.get(&v.target).copied().unwrap_or(0),
            }
        })
        .collect();
    let page = cx.urls.actor(&a.slug);
    let no_sources = Vec::new();
    let profile_sources = profile.map_or(&no_sources, |p| &p.sources);
    let stated = |s: &Stated| StatedView {
        value: s.value.clone(),
        claim: cx.claim(&s.claim, profile_sources, &page),
    };
    let newest_first: Vec<usize> = a.incidents.iter().rev().copied().collect();
    let per = cx.config.per_page;
    ActorView {
        name: a.name.clone(),
        url: cx.urls.actor(&a.slug),
        aliases: profile
            .map(|p| p.aliases.iter().map(alias).collect())
            .unwrap_or_default(),
        kind: profile.and_then(|p| p.kind.clone()),
        country: profile.and_then(|p| p.country.as_ref()).map(stated),
        sponsor: profile.and_then(|p| p.sponsor.as_ref()).map(stated),
        mitre: profile.and_then(|p| p.mitre.clone()).map(|id| MitreView {
            url: format!("https://attack.mitre.org/groups/{id}/"),
            id,
        }),
        first_seen: profile.and_then(|p| p.first_seen).map(|d| cx.date(d)),
        sources: sources(&cx.words, profile_sources, profile.map_or(&[][..], |p| &p.citations)),
        body: profile
            .filter(|p| !p.body.trim().is_empty())
            .map(|p| markdown::to_html_cited(&p.body, cx.urls.base(), &cited(&p.sources, page.clone()))),
        victims_text: cx.counted_with(a.victims.iter().map(|v| v.status), "victim", "victims"),
        victims,
        dates: dates(&cx.words, profile.map(|p| p.dates).unwrap_or_default()),
        incidents: slice(&newest_first, n, per)
            .iter()
            .map(|&i| card(cx, &lib.incidents[i]))
            .collect(),
        incidents_text: cx.counted_with(
            a.incidents.iter().map(|&i| lib.incidents[i].incident.status),
            "incident",
            "incidents",
        ),
        first: a.first.map(|d| cx.date(d)),
        last: a.last.map(|d| cx.date(d)),
        span: a.first.zip(a.last).map(|(from, to)| cx.span(from, to)),
        feed: cx.urls.page(&format!("actors/{}/feed.xml", a.slug)),
        share: super::badge::actor_share(cx, index),
        pager: pager(
            &cx.urls,
            &cx.words,
            &format!("actors/{}", a.slug),
            n,
            page_count(newest_first.len(), per),
        ),
    }
}

#[derive(Debug, Serialize)]
pub struct CampaignView {
    pub name: String,
    pub url: String,
    pub incidents: Vec<Card>,
    /// "4 incidents (1 disputed)", and when they happened (else were disclosed).
    pub incidents_text: String,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
    /// First to last in the language's words, or one date.
    pub span: Option<DateView>,
    pub victims: Vec<TieView>,
    pub actors: Vec<TieView>,
}

pub fn campaign(cx: &Cx, index: usize) -> CampaignView {
    let lib = cx.lib;
    let c = &lib.campaigns[index];
    let span = crate::content::model::Incident::span_of(c.incidents.iter().map(|&i| &*lib.incidents[i].incident));
    CampaignView {
        name: c.name.clone(),
        url: cx.urls.campaign(&c.slug),
        incidents: c.incidents.iter().rev().map(|&i| card(cx, &lib.incidents[i])).collect(),
        incidents_text: cx.counted_with(
            c.incidents.iter().map(|&i| lib.incidents[i].incident.status),
            "incident",
            "incidents",
        ),
        first: span.map(|(first, _)| cx.date(first)),
        last: span.map(|(_, last)| cx.date(last)),
        span: span.map(|(from, to)| cx.span(from, to)),
        victims: c
            .victims
            .iter()
            .map(|t| {
                let v = &lib.companies[t.target];
                cx.tie(t, &v.name, cx.urls.company(&v.slug))
            })
            .collect(),
        actors: c
            .actors
            .iter()
            .map(|t| {
                let a = &lib.actors[t.target];
                cx.tie(t, &a.name, cx.urls.actor(&a.slug))
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct CampaignRow {
    pub name: String,
    pub url: String,
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct CampaignsView {
    pub campaigns: Vec<CampaignRow>,
}

pub fn campaigns(cx: &Cx) -> CampaignsView {
    CampaignsView {
        campaigns: cx
            .lib
            .campaigns
            .iter()
            .map(|c| CampaignRow {
                name: c.name.clone(),
                url: cx.urls.campaign(&c.slug),
                summary: format!(
                    "{}, {}",
                    cx.counted_with(
                        c.incidents.iter().map(|&i| cx.lib.incidents[i].incident.status),
                        "incident",
                        "incidents"
                    ),
                    cx.counted_with(c.victims.iter().map(|v| v.status), "victim", "victims")
                ),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct AboutView {
    pub tally_rule: Option<String>,
    pub totals: Totals,
    /// What the feeds hold and how their entries are dated, with `feed_limit` filled in.
    pub feeds: String,
    /// "5 of them attributed to 2 threat actors": how many incidents name an actor, and how
    /// many actors; none when no incident does.
    pub attributed: Option<String>,
}

pub fn about(cx: &Cx) -> AboutView {
    AboutView {
        tally_rule: cx.config.tally_rule.clone(),
        totals: totals(cx),
        // Without any date of addition (no git history, no `added:`), entries are dated by
        // their disclosure, and the page says so.
        feeds: cx
            .words
            .t(if cx.lib.incidents.iter().any(|e| e.incident.dates.added.is_some()) {
                "feeds_explained"
            } else {
                "feeds_explained_undated"
            })
            .replace("{n}", &cx.words.grouped(cx.config.feed_limit as u64)),
        attributed: {
            let n = attributed(cx.lib);
            (n > 0).then(|| {
                cx.words
                    .noun(n, "about_counts_attributed_one", "about_counts_attributed")
                    .replace("{n}", &cx.words.grouped(n as u64))
                    .replace("{actors}", &cx.words.counted(cx.lib.actors.len(), "actor", "actors"))
            })
        },
    }
}

#[derive(Debug, Serialize)]
pub struct Ranked {
    pub name: String,
    pub url: String,
    pub value: String,
    pub detail: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct UnitGroup {
    pub unit: String,
    pub rows: Vec<Ranked>,
}

#[derive(Debug, Serialize)]
pub struct Counted {
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct StatsView {
    pub totals: Totals,
    pub largest: Vec<UnitGroup>,
    pub most_hit: Vec<Ranked>,
    pub most_active: Vec<Ranked>,
    pub by_status: Vec<Counted>,
    pub by_type: Vec<Counted>,
    pub chart: Option<Chart>,
}

/// How many rows each ranking on the stats page shows.
const TOP: usize = 10;

pub fn stats(cx: &Cx) -> StatsView {
    let lib = cx.lib;
    // Largest by records, one ranking per unit: accounts and people are never added together.
    let mut by_unit: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in &lib.incidents {
        if let Some(r) = &e.incident.records {
            by_unit.entry(r.unit.to_lowercase()).or_default().push(e);
        }
    }
    let mut largest: Vec<(u64, UnitGroup)> = by_unit
        .into_iter()
        .map(|(unit, mut entries)| {
            entries.sort_by(|a, b| {
                let (ra, rb) = (
                    a.incident.records.as_ref().map_or(0, |r| r.count),
                    b.incident.records.as_ref().map_or(0, |r| r.count),
                );
                rb.cmp(&ra).then_with(|| a.incident.slug.cmp(&b.incident.slug))
            });
            let top = entries
                .first()
                .and_then(|e| e.incident.records.as_ref())
                .map_or(0, |r| r.count);
            let rows = entries
                .iter()
                .take(TOP)
                .map(|e| Ranked {
                    name: markdown::smart_text(&e.incident.title),
                    url: cx.urls.incident(&e.incident.slug),
                    value: e
                        .incident
                        .records
                        .as_ref()
                        .map(|r| format::records(&cx.words, r))
                        .unwrap_or_default(),
                    detail: Some(match e.incident.status.is_marked() {
                        true => format!(
                            "{}, {}",
                            cx.date(e.incident.disclosed).text,
                            cx.status(e.incident.status)
                        ),
                        false => cx.date(e.incident.disclosed).text,
                    }),
                })
                .collect();
            (top, UnitGroup { unit, rows })
        })
        .collect();
    largest.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.unit.cmp(&b.1.unit)));
    let most_hit = companies_by_tally(cx)
        .into_iter()
        .filter(|r| r.tally > 0)
        .take(TOP)
        .map(|r| Ranked {
            value: cx.words.grouped(r.tally as u64),
            name: r.name,
            url: r.url,
            detail: r.tally_note,
        })
        .collect();
    let mut actors: Vec<&Actor> = lib.actors.iter().collect();
    actors.sort_by(|a, b| {
        b.incidents
            .len()
            .cmp(&a.incidents.len())
            .then_with(|| crate::content::model::natural_key(&a.name).cmp(&crate::content::model::natural_key(&b.name)))
    });
    let most_active = actors
        .into_iter()
        .take(TOP)
        .map(|a| Ranked {
            name: a.name.clone(),
            url: cx.urls.actor(&a.slug),
            value: match cx.status_note(a.incidents.iter().map(|&i| lib.incidents[i].incident.status)) {
                Some(note) => format!("{} ({note})", cx.words.grouped(a.incidents.len() as u64)),
                None => cx.words.grouped(a.incidents.len() as u64),
            },
            detail: Some(cx.counted_with(a.victims.iter().map(|v| v.status), "victim", "victims")),
        })
        .collect();
    let by_status = Status::ALL
        .iter()
        .map(|&s| Counted {
            label: cx.status(s),
            count: lib.incidents.iter().filter(|e| e.incident.status == s).count(),
        })
        .collect();
    // Kinds counted whatever their case, each shown as it is most often written ("API abuse").
    let mut types: BTreeMap<String, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    for e in &lib.incidents {
        for t in &e.incident.types {
            let (count, spellings) = types.entry(t.to_lowercase()).or_default();
            *count += 1;
            *spellings.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut by_type: Vec<Counted> = types
        .into_values()
        .map(|(count, spellings)| Counted {
            // The most written; among as many, the first in order (upper case first).
            label: spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map_or_else(String::new, |(s, _)| s.to_string()),
            count,
        })
        .collect();
    by_type.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    StatsView {
        totals: totals(cx),
        largest: largest.into_iter().map(|(_, g)| g).collect(),
        most_hit,
        most_active,
        by_status,
        by_type,
        chart: year_chart(cx, &per_year(lib.incidents.iter()), "per_year"),
    }
}

#[derive(Debug, Serialize)]
pub struct DataView {
    pub files: Vec<NameLink>,
    /// `license` in site.yaml.
    pub license: Option<String>,
}

pub fn data(cx: &Cx) -> DataView {
    let f = |key: &str, path: &str| NameLink {
        name: cx.words.t(key).to_string(),
        url: cx.urls.page(path),
    };
    DataView {
        files: vec![
            f("data_incidents_json", "data/incidents.json"),
            f("data_incidents_csv", "data/incidents.csv"),
            f("data_companies_json", "data/companies.json"),
            f("data_actors_json", "data/actors.json"),
            f("data_stix_json", "data/stix.json"),
        ],
        license: cx.config.license.clone(),
    }
}

#[derive(Debug, Serialize)]
pub struct SearchView {
    pub companies: Vec<NameLink>,
    pub actors: Vec<NameLink>,
    pub years: Vec<i32>,
    pub index: String,
    pub script: String,
    /// Results shown at a time, as many as a list page holds.
    pub per_page: usize,
}

pub fn search(cx: &Cx) -> SearchView {
    let mut companies: Vec<NameLink> = cx.lib.companies.iter().map(|c| company_link(c, &cx.urls)).collect();
    companies.sort_by_cached_key(|c| crate::content::model::natural_key(&c.name));
    let mut actors: Vec<NameLink> = cx.lib.actors.iter().map(|a| actor_link(a, &cx.urls)).collect();
    actors.sort_by_cached_key(|a| crate::content::model::natural_key(&a.name));
    SearchView {
        companies,
        actors,
        years: years(cx.lib),
        index: cx.urls.page("search/"),
        script: cx.urls.page("search.js"),
        per_page: cx.config.per_page,
    }
}

/// One dated update of one incident, on the tracker's changes log.
#[derive(Debug, Serialize)]
pub struct ChangeItem {
    pub incident: NameLink,
    pub update: UpdateView,
}

#[derive(Debug, Serialize)]
pub struct ChangesView {
    pub total_text: String,
    pub changes: Vec<ChangeItem>,
    pub feed: String,
    pub pager: Option<Pager>,
}

/// Every dated update across the tracker, newest first, as (incident index, update index).
pub fn changes_newest_first(lib: &Library) -> Vec<(usize, usize)> {
    let mut keyed: Vec<_> = lib
        .incidents
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            let e = &e.incident;
            e.updates
                .iter()
                .enumerate()
                .map(move |(u, up)| ((up.date, e.slug.as_str(), u), i))
        })
        .collect();
    // (slug, update) is unique: the unstable sort has one order to find.
    keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0));
    keyed.into_iter().map(|((_, _, u), i)| (i, u)).collect()
}

/// The change at (incident, update), for the log and its feed.
pub fn change(cx: &Cx, (i, u): (usize, usize)) -> ChangeItem {
    let incident = &cx.lib.incidents[i].incident;
    let page = cx.urls.incident(&incident.slug);
    ChangeItem {
        incident: NameLink {
            name: markdown::smart_text(&incident.title),
            url: page.clone(),
        },
        update: update(cx, incident, &incident.updates[u], &page),
    }
}

/// Page `n` of the changes log.
pub fn changes(cx: &Cx, all: &[(usize, usize)], n: usize) -> ChangesView {
    let per = cx.config.per_page;
    ChangesView {
        total_text: cx.words.counted(all.len(), "change", "changes"),
        changes: slice(all, n, per).iter().map(|&c| change(cx, c)).collect(),
        feed: cx.urls.page("changes/feed.xml"),
        pager: pager(&cx.urls, &cx.words, "changes", n, page_count(all.len(), per)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_written_another_way_is_shown_as_its_profile_spells_it() {
        let alias = |name: &str| crate::content::model::Alias {
            name: name.into(),
            by: None,
            note: None,
            line: 1,
        };
        let aliases = [alias("CenturyLink")];
        assert_eq!(
            differs("centurylink", "Lumen", &aliases).as_deref(),
            Some("CenturyLink")
        );
        assert_eq!(
            differs("CenturyLink", "Lumen", &aliases).as_deref(),
            Some("CenturyLink")
        );
        assert_eq!(differs(" lumen ", "Lumen", &aliases), None);
        assert_eq!(
            differs("Lumen Technologies", "Lumen", &aliases).as_deref(),
            Some("Lumen Technologies")
        );
    }

    #[test]
    fn the_pager_shows_a_window_not_every_page() {
        let show = |n, count| -> String {
            page_window(n, count)
                .into_iter()
                .map(|p| p.map_or("…".to_string(), |p| p.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(10, 20), "1 … 8 9 10 11 12 … 20");
        assert_eq!(show(1, 200), "1 2 3 4 5 … 200");
        assert_eq!(show(200, 200), "1 … 196 197 198 199 200");
        assert_eq!(show(4, 20), "1 2 3 4 5 6 … 20", "a gap of one page shows the page");
        assert_eq!(show(5, 20), "1 2 3 4 5 6 7 … 20");
        assert_eq!(show(2, 3), "1 2 3");
        assert_eq!(show(1, 7), "1 2 3 4 5 6 7");
        let words = Words::new(crate::content::config::Language::Fr).unwrap();
        let p = pager(&Urls::new("/t"), &words, "incidents", 1000, 2000).unwrap();
        assert_eq!(p.label, "page 1\u{202f}000 sur 2\u{202f}000");
        assert_eq!(p.pages.len(), 9);
        assert!(p.pages[1].gap && p.pages[7].gap);
        assert_eq!(p.pages[8].url, "/t/incidents/page/2000/");
        assert_eq!(p.prev.as_deref(), Some("/t/incidents/page/999/"));
    }
}
