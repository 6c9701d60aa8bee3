//! Render: the library → pages in memory. Pure: it reads no file and writes none.
//!
//! The theme is the embedded default (`templates/` and `static/` of this repository, compiled
//! in) with the tracker's own files of the same name laid over it.

pub mod badge;
pub mod chart;
pub mod data;
pub mod feed;
pub mod format;
pub mod lang;
pub mod search;
pub mod stix;
pub mod views;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::config::Config;
use crate::content::index::Library;
use crate::error::Error;
use crate::site::routes::{self, Named, Producer, Route, SITEMAP_LIMIT};
use lang::Words;
use views::{Cx, Urls};

static THEME_TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static THEME_STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// One output file: its path inside the output folder (with `/`), and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The theme in use: templates and static files, overrides applied.
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The embedded theme with the tracker's own files laid over it.
    pub fn with_overrides(templates: &[(String, String)], statics: &[(String, Vec<u8>)]) -> Theme {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            statics: BTreeMap::new(),
        };
        for file in files(&THEME_TEMPLATES) {
            if let Some(text) = file.contents_utf8() {
                theme.templates.insert(path_of(file), text.to_string());
            }
        }
        for file in files(&THEME_STATIC) {
            theme.statics.insert(path_of(file), file.contents().to_vec());
        }
        theme.templates.extend(templates.iter().cloned());
        theme.statics.extend(statics.iter().cloned());
        theme
    }
}

fn files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(files(sub));
    }
    out
}

fn path_of(file: &include_dir::File<'_>) -> String {
    file.path().to_string_lossy().replace('\\', "/")
}

/// Compiles the theme's templates; an error names the template.
pub fn engine(theme: &Theme, config: &Config) -> Result<Tera, Error> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let words = Words::new(config.language)?;
    // `{{ n | num }}`: a count grouped as the language groups it, "1,000" / "1 000".
    let thousands = words.thousands().to_string();
    tera.register_filter("num", move |n: i64, _: tera::Kwargs, _: &tera::State| {
        let digits = lang::group(n.unsigned_abs(), &thousands);
        if n < 0 {
            format!("-{digits}")
        } else {
            digits
        }
    });
    // JSON inside a page's <script>: markup characters as JSON's \u escapes.
    tera.register_filter("json", |v: &tera::Value, _: tera::Kwargs, _: &tera::State| {
        escape_json(&serde_json::to_string(v).unwrap_or_default())
    });
    tera.add_raw_templates(theme.templates.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| Error::Template {
            template: template_of(&e).unwrap_or_else(|| "(theme)".into()),
            page: None,
            message: e.to_string(),
        })?;
    let urls = Urls::new(config.base_path());
    tera.global_context()
        .insert("site", &views::site(config, &urls, &words));
    tera.global_context().insert("t", &words.ui);
    Ok(tera)
}

fn template_of(e: &tera::Error) -> Option<String> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r.filename().to_string()),
        tera::ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        tera::ErrorKind::CircularExtend { tpl, .. } | tera::ErrorKind::CircularInclude { tpl, .. } => Some(tpl.clone()),
        _ => None,
    }
}

/// What a page's `<head>` says about it: canonical address, social cards, feeds, neighbours.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Meta {
    pub canonical: String,
    pub title: String,
    pub description: String,
    pub og_type: &'static str,
    pub feeds: Vec<FeedLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// schema.org data, already serialised for a `<script type="application/ld+json">`.
    pub json_ld: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    pub url: String,
}

/// A page to render: where it goes, which template, its view and its head.
struct Job<'a> {
    path: &'a str,
    template: &'static str,
    section: &'static str,
    view: tera::Value,
    meta: Meta,
}

fn render_one(tera: &Tera, job: Job<'_>) -> Result<Vec<u8>, Error> {
    let mut ctx = Context::new();
    // The view is a template value already: no second serialisation (values share by Arc).
    ctx.insert_value("page", job.view);
    ctx.insert("section", job.section);
    ctx.insert("path", job.path);
    ctx.insert("meta", &job.meta);
    let html = tera.render(job.template, &ctx).map_err(|e| Error::Template {
        template: template_of(&e).unwrap_or_else(|| job.template.to_string()),
        page: Some(job.path.to_string()),
        message: e.to_string(),
    })?;
    Ok(html.into_bytes())
}

fn v<T: Serialize>(view: &T) -> tera::Value {
    tera::Value::from_serializable(view)
}

/// Renders every file of the site: the route table, rendered in parallel, in memory.
pub fn render(lib: &Library, config: &Config, theme: &Theme) -> Result<Vec<Page>, Error> {
    let tera = engine(theme, config)?;
    let table = routes::table(lib, config, &theme.statics);
    let renderer = Renderer::new(&tera, lib, config, theme, &table)?;
    let parts: Result<Vec<Vec<Page>>, Error> = table.par_iter().map(|r| renderer.render(r)).collect();
    Ok(parts?.into_iter().flatten().collect())
}

fn escape_json(json: &str) -> String {
    // Inside <script>, markup characters must not appear as such: JSON's \u escapes say the same.
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// What several routes share, made once when first needed.
struct Shared<'a> {
    newest_first: Vec<&'a crate::content::index::Entry>,
    year_links: Vec<views::YearLink>,
}

/// Renders routes of one site: the producer of every route in the table.
pub struct Renderer<'a> {
    tera: &'a Tera,
    cx: Cx<'a>,
    theme: &'a Theme,
    table: &'a [Route],
    site_feed: FeedLink,
    changes_feed: FeedLink,
    shared: OnceLock<Shared<'a>>,
    company_rows: OnceLock<Vec<views::CompanyRow>>,
    actor_rows: OnceLock<Vec<views::ActorRow>>,
    changes: OnceLock<Vec<(usize, usize)>>,
    stix: OnceLock<stix::Objects>,
    /// When anything last changed: the sitemap's date for every page that lists everything.
    site_modified: OnceLock<Option<chrono::NaiveDate>>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        tera: &'a Tera,
        lib: &'a Library,
        config: &'a Config,
        theme: &'a Theme,
        table: &'a [Route],
    ) -> Result<Renderer<'a>, Error> {
        let cx = Cx::new(lib, config, Words::new(config.language)?);
        let site_feed = FeedLink {
            title: cx.words.t("feed_site").to_string(),
            url: cx.urls.page("feed.xml"),
        };
        let changes_feed = FeedLink {
            title: cx.words.t("feed_changes").to_string(),
            url: cx.urls.page("changes/feed.xml"),
        };
        Ok(Renderer {
            tera,
            cx,
            theme,
            table,
            site_feed,
            changes_feed,
            shared: OnceLock::new(),
            company_rows: OnceLock::new(),
            actor_rows: OnceLock::new(),
            changes: OnceLock::new(),
            stix: OnceLock::new(),
            site_modified: OnceLock::new(),
        })
    }

    fn shared(&self) -> &Shared<'a> {
        self.shared.get_or_init(|| Shared {
            // Lists group by disclosure year (`views::year_of`), so they run in disclosure order.
            newest_first: views::latest_first(self.cx.lib),
            year_links: views::year_links(&self.cx),
        })
    }

    fn changes(&self) -> &[(usize, usize)] {
        self.changes.get_or_init(|| views::changes_newest_first(self.cx.lib))
    }

    fn stix(&self) -> &stix::Objects {
        self.stix.get_or_init(|| stix::objects(self.cx.lib, self.cx.config))
    }

    /// The head of a page at `path` (its URL under the base path).
    fn meta(&self, path: &str, title: &str, description: Option<&str>) -> Meta {
        let config = self.cx.config;
        Meta {
            canonical: config.absolute(&self.cx.urls.page(path)),
            title: title.to_string(),
            description: description
                .or(config.description.as_deref())
                .unwrap_or(&config.title)
                .to_string(),
            og_type: "website",
            feeds: vec![self.site_feed.clone()],
            prev: None,
            next: None,
            json_ld: None,
        }
    }

    /// The head of a list's page, with its neighbours.
    fn list_meta(&self, route: &Route, title: &str, pager: &Option<views::Pager>) -> Meta {
        let mut m = self.meta(route.url_path(), title, None);
        if let Some(p) = pager {
            // "All incidents, page 10 of 20": each later page of a list has its own title.
            if p.current > 1 {
                m.title = format!("{}, {}", m.title, p.label);
            }
            m.prev = p.prev.clone();
            m.next = p.next.clone();
        }
        m
    }

    fn page(
        &self,
        route: &Route,
        template: &'static str,
        section: &'static str,
        view: tera::Value,
        meta: Meta,
    ) -> Result<Vec<u8>, Error> {
        render_one(
            self.tera,
            Job {
                path: &route.path,
                template,
                section,
                view,
                meta,
            },
        )
    }

    fn feed(&self, route: &Route, view: &feed::FeedView) -> Result<Vec<u8>, Error> {
        self.page(route, "feed.xml", "feed", v(view), Meta::default())
    }

    /// The file(s) of one route: one, except for a writer of several.
    pub fn render(&self, route: &Route) -> Result<Vec<Page>, Error> {
        let one = |bytes: Vec<u8>| {
            Ok(vec![Page {
                path: route.path.clone(),
                bytes,
            }])
        };
        let cx = &self.cx;
        let (lib, config, w) = (cx.lib, cx.config, &cx.words);
        use Producer as P;
        match &route.producer {
            P::Home => one(self.page(
                route,
                "index.html",
                "home",
                v(&views::home(cx)),
                self.meta("", &config.title, None),
            )?),
            P::About => one(self.page(
                route,
                "about.html",
                "about",
                v(&views::about(cx)),
                self.meta("about/", w.t("about_title"), None),
            )?),
            P::Stats => one(self.page(
                route,
                "stats.html",
                "stats",
                v(&views::stats(cx)),
                self.meta("stats/", w.t("stats_title"), None),
            )?),
            P::Data => one(self.page(
                route,
                "data.html",
                "data",
                v(&views::data(cx)),
                self.meta("data/", w.t("data_title"), None),
            )?),
            P::Search => one(self.page(
                route,
                "search.html",
                "search",
                v(&views::search(cx)),
                self.meta("search/", w.t("search_title"), None),
            )?),
            P::Campaigns => one(self.page(
                route,
                "campaigns.html",
                "campaigns",
                v(&views::campaigns(cx)),
                self.meta("campaigns/", w.t("campaigns_title"), None),
            )?),
            P::CompaniesAz => one(self.page(
                route,
                "companies_a_z.html",
                "companies",
                v(&views::companies_a_z(cx)),
                self.meta(route.url_path(), w.t("a_z_link"), None),
            )?),
            P::NotFound => one(self.page(
                route,
                "404.html",
                "404",
                v(&()),
                self.meta("404.html", w.t("not_found_title"), None),
            )?),
            P::Incidents(n) => {
                let s = self.shared();
                let view = views::incidents(cx, &s.newest_first, &s.year_links, *n);
                let meta = self.list_meta(route, w.t("all_incidents"), &view.pager);
                one(self.page(route, "incidents.html", "incidents", v(&view), meta)?)
            }
            P::Table(n) => {
                let s = self.shared();
                let view = views::table(cx, &s.newest_first, *n);
                let meta = self.list_meta(route, w.t("table_title"), &view.pager);
                one(self.page(route, "table.html", "incidents", v(&view), meta)?)
            }
            P::Year(year) => {
                let s = self.shared();
                let meta = self.meta(route.url_path(), &year.to_string(), None);
                let view = views::year(cx, &s.newest_first, &s.year_links, *year);
                one(self.page(route, "year.html", "incidents", v(&view), meta)?)
            }
            P::Companies(n) => {
                let rows = self.company_rows.get_or_init(|| views::companies_by_tally(cx));
                let view = views::companies(cx, rows, *n);
                let meta = self.list_meta(route, w.t("companies_title"), &view.pager);
                one(self.page(route, "companies.html", "companies", v(&view), meta)?)
            }
            P::Actors(n) => {
                let rows = self.actor_rows.get_or_init(|| views::actor_rows(cx));
                let view = views::actors(cx, rows, *n);
                let meta = self.list_meta(route, w.t("actors_title"), &view.pager);
                one(self.page(route, "actors.html", "actors", v(&view), meta)?)
            }
            P::Changes(n) => {
                let view = views::changes(cx, self.changes(), *n);
                let mut meta = self.list_meta(route, w.t("changes_title"), &view.pager);
                meta.feeds.push(self.changes_feed.clone());
                one(self.page(route, "changes.html", "changes", v(&view), meta)?)
            }
            P::Incident(i) => one(self.incident(route, *i)?),
            P::Named(kind, i, n) => one(self.named(route, *kind, *i, *n)?),
            P::NamedFeed(kind, i) => {
                let (name, slug, incidents) = self.named_parts(*kind, *i);
                let link = self.named_feed(*kind, name, slug);
                let page_url = match kind {
                    Named::Company => cx.urls.company(slug),
                    Named::Actor => cx.urls.actor(slug),
                };
                let title = format!("{} · {}", link.title, config.title);
                let view = feed::feed(cx, title, &link.url, &page_url, incidents, feed::Content::Facts);
                one(self.feed(route, &view)?)
            }
            P::NamedStix(kind, i) => one(match kind {
                Named::Company => self.stix().company(lib, *i),
                Named::Actor => self.stix().actor(lib, *i),
            }),
            P::Badge(kind, i) => {
                let (name, _, _) = self.named_parts(*kind, *i);
                let count = match kind {
                    Named::Company => badge::company_count(cx, *i),
                    Named::Actor => badge::actor_count(cx, *i),
                };
                one(badge::svg(name, &count))
            }
            P::Embed(i) => {
                let c = &lib.companies[*i];
                let mut m = self.meta(route.url_path(), &c.name, None);
                m.canonical = config.absolute(&cx.urls.company(&c.slug));
                one(self.page(route, "embed.html", "embed", v(&badge::embed(cx, *i)), m)?)
            }
            P::Campaign(i) => {
                let c = &lib.campaigns[*i];
                let meta = self.meta(route.url_path(), &c.name, None);
                one(self.page(route, "campaign.html", "campaigns", v(&views::campaign(cx, *i)), meta)?)
            }
            P::SiteFeed => {
                let all: Vec<usize> = (0..lib.incidents.len()).collect();
                let view = feed::feed(
                    cx,
                    config.title.clone(),
                    &cx.urls.page("feed.xml"),
                    &cx.urls.page(""),
                    &all,
                    feed::Content::WriteUp,
                );
                one(self.feed(route, &view)?)
            }
            P::ChangesFeed => {
                let title = format!("{} · {}", self.changes_feed.title, config.title);
                one(self.feed(route, &feed::changes(cx, title, self.changes()))?)
            }
            P::SiteStix => one(self.stix().all()),
            P::DataFile(n) => one(data::file(lib, config, *n)?),
            P::SearchIndex => Ok(search::files(lib, &cx.urls, w)?
                .into_iter()
                .map(|(path, bytes)| Page { path, bytes })
                .collect()),
            P::Sitemap => one(self.sitemap(None)?),
            P::SitemapPart(n) => one(self.sitemap(Some(*n))?),
            P::Robots => one(format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                config.absolute(&cx.urls.page("sitemap.xml"))
            )
            .into_bytes()),
            P::Cname => one(format!("{}\n", config.cname.as_deref().unwrap_or_default()).into_bytes()),
            P::Static => one(self.theme.statics.get(&route.path).cloned().unwrap_or_default()),
        }
    }

    fn incident(&self, route: &Route, i: usize) -> Result<Vec<u8>, Error> {
        let cx = &self.cx;
        let config = cx.config;
        let e = &cx.lib.incidents[i];
        let view = views::incident(cx, i);
        // Titles shared to social cards and search engines say what the page says: a
        // disputed incident is disputed there too.
        let title = if e.incident.status.is_marked() {
            format!("{} ({})", view.title, view.status_label)
        } else {
            view.title.clone()
        };
        let mut m = self.meta(route.url_path(), &title, view.summary.as_deref());
        m.og_type = "article";
        // The head names the site's feed only: the companies' and actors' feeds are linked in
        // the page, and on their own pages' heads, rather than repeated on every incident.
        // schema.org's description of the page, from the theme's `incident.jsonld`.
        let ld = serde_json::json!({
            "headline": title,
            "published": e.incident.published().to_string(),
            "modified": e.incident.modified().to_string(),
            "status": e.incident.status.as_str(),
            "description": view.summary,
            "about": view.companies.iter().map(|c| serde_json::json!({"name": c.name, "url": config.absolute(&c.url)})).collect::<Vec<_>>(),
            "citation": e.incident.sources.iter().map(|s| s.url.clone().unwrap_or_else(|| s.publisher.clone())).collect::<Vec<_>>(),
            "publisher": config.title,
        });
        let mut ctx = Context::new();
        ctx.insert("ld", &ld);
        let json = self.tera.render("incident.jsonld", &ctx).map_err(|e| Error::Template {
            template: template_of(&e).unwrap_or_else(|| "incident.jsonld".into()),
            page: Some(route.path.clone()),
            message: e.to_string(),
        })?;
        m.json_ld = Some(json);
        self.page(route, "incident.html", "incidents", v(&view), m)
    }

    fn named_parts(&self, kind: Named, i: usize) -> (&'a str, &'a str, &'a [usize]) {
        let lib = self.cx.lib;
        match kind {
            Named::Company => {
                let c = &lib.companies[i];
                (&c.name, &c.slug, &c.incidents)
            }
            Named::Actor => {
                let a = &lib.actors[i];
                (&a.name, &a.slug, &a.incidents)
            }
        }
    }

    fn named_feed(&self, kind: Named, name: &str, slug: &str) -> FeedLink {
        let key = match kind {
            Named::Company => "feed_title_company",
            Named::Actor => "feed_title_actor",
        };
        FeedLink {
            title: self.cx.words.t(key).replace("{name}", name),
            url: self
                .cx
                .urls
                .page(&format!("{}/feed.xml", routes::named_dir(kind, slug))),
        }
    }

    /// A company's or an actor's page `n` (its incident list may run over several).
    fn named(&self, route: &Route, kind: Named, i: usize, n: usize) -> Result<Vec<u8>, Error> {
        let cx = &self.cx;
        let (name, slug, _) = self.named_parts(kind, i);
        let (view, pager, template, section) = match kind {
            Named::Company => {
                let view = views::company(cx, i, n);
                let pager = view.pager.clone();
                (v(&view), pager, "company.html", "companies")
            }
            Named::Actor => {
                let view = views::actor(cx, i, n);
                let pager = view.pager.clone();
                (v(&view), pager, "actor.html", "actors")
            }
        };
        let mut m = self.list_meta(route, name, &pager);
        m.feeds.push(self.named_feed(kind, name, slug));
        self.page(route, template, section, view, m)
    }

    /// When a listed page last changed: a single thing's page when it or its incidents did;
    /// pages that list everything when anything did.
    fn lastmod(&self, route: &Route) -> Option<chrono::NaiveDate> {
        let lib = self.cx.lib;
        let changed = |incidents: &[usize], profile: Option<chrono::NaiveDate>| {
            incidents
                .iter()
                .map(|&i| lib.incidents[i].incident.modified())
                .chain(profile)
                .max()
        };
        match route.producer {
            Producer::Incident(i) => Some(lib.incidents[i].incident.modified()),
            Producer::Named(Named::Company, c, _) => {
                let c = &lib.companies[c];
                changed(&c.incidents, c.profile.as_ref().and_then(|p| p.dates.modified))
            }
            Producer::Named(Named::Actor, a, _) => {
                let a = &lib.actors[a];
                changed(&a.incidents, a.profile.as_ref().and_then(|p| p.dates.modified))
            }
            Producer::Campaign(c) => changed(&lib.campaigns[c].incidents, None),
            _ => *self
                .site_modified
                .get_or_init(|| lib.incidents.iter().map(|e| e.incident.modified()).max()),
        }
    }

    /// `sitemap.xml` (`part` None): the list of every listed route, or past the protocol's
    /// limit an index of the `sitemap-N.xml` parts.
    fn sitemap(&self, part: Option<usize>) -> Result<Vec<u8>, Error> {
        let config = self.cx.config;
        let mut urls: Vec<(String, Option<chrono::NaiveDate>)> = self
            .table
            .iter()
            .filter(|r| r.listed)
            .map(|r| (config.absolute(&self.cx.urls.page(r.url_path())), self.lastmod(r)))
            .collect();
        urls.sort();
        let view = SitemapView::new(&urls, part, |n| {
            config.absolute(&self.cx.urls.page(&format!("sitemap-{n}.xml")))
        });
        render_sitemap(self.tera, &view)
    }
}

/// Renders the `sitemap.xml` template with `view`.
fn render_sitemap(tera: &Tera, view: &SitemapView) -> Result<Vec<u8>, Error> {
    let mut ctx = Context::new();
    ctx.insert("page", view);
    tera.render("sitemap.xml", &ctx)
        .map(String::into_bytes)
        .map_err(|e| Error::Template {
            template: template_of(&e).unwrap_or_else(|| "sitemap.xml".into()),
            page: Some("sitemap.xml".into()),
            message: e.to_string(),
        })
}

/// What `sitemap.xml` lists: page addresses with when each last changed, or (an index) the
/// addresses of its parts.
#[derive(Serialize)]
struct SitemapView {
    urls: Vec<SitemapUrl>,
    parts: Vec<String>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

impl SitemapView {
    /// The file `part` (None: `sitemap.xml`) of a sitemap of `urls`, sorted; `part_url` is the
    /// address of part `n`.
    fn new(
        urls: &[(String, Option<chrono::NaiveDate>)],
        part: Option<usize>,
        part_url: impl Fn(usize) -> String,
    ) -> SitemapView {
        let parts = urls.len().div_ceil(SITEMAP_LIMIT);
        match part {
            None if parts > 1 => SitemapView {
                urls: Vec::new(),
                parts: (1..=parts).map(part_url).collect(),
            },
            None => SitemapView::urls(urls),
            Some(n) => SitemapView::urls(urls.chunks(SITEMAP_LIMIT).nth(n - 1).unwrap_or_default()),
        }
    }

    fn urls(urls: &[(String, Option<chrono::NaiveDate>)]) -> SitemapView {
        SitemapView {
            urls: urls
                .iter()
                .map(|(loc, d)| SitemapUrl {
                    loc: loc.clone(),
                    lastmod: d.map(|d| d.to_string()),
                })
                .collect(),
            parts: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_split_past_the_limit_with_an_index() {
        let config = Config::new("T", "https://x.org/t");
        let tera = engine(&Theme::with_overrides(&[], &[]), &config).unwrap();
        let urls: Vec<(String, Option<chrono::NaiveDate>)> = (0..SITEMAP_LIMIT + 1)
            .map(|i| (format!("https://x.org/t/incidents/i{i}/"), None))
            .collect();
        let part_url = |n| format!("https://x.org/t/sitemap-{n}.xml");
        let text =
            |part| String::from_utf8(render_sitemap(&tera, &SitemapView::new(&urls, part, part_url)).unwrap()).unwrap();
        let index = text(None);
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://x.org/t/sitemap-2.xml</loc>"));
        assert_eq!(text(Some(2)).matches("<url>").count(), 1);
        assert_eq!(text(Some(1)).matches("<url>").count(), SITEMAP_LIMIT);
        let small =
            String::from_utf8(render_sitemap(&tera, &SitemapView::new(&urls[..3], None, part_url)).unwrap()).unwrap();
        assert!(small.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"));
        assert!(small.contains("  <url><loc>https://x.org/t/incidents/i0/</loc></url>\n"));
        let dated = [(
            "https://x.org/t/a&b/".to_string(),
            chrono::NaiveDate::from_ymd_opt(2024, 12, 27),
        )];
        let dated =
            String::from_utf8(render_sitemap(&tera, &SitemapView::new(&dated, None, part_url)).unwrap()).unwrap();
        assert!(dated.contains("<url><loc>https://x.org/t/a&amp;b/</loc><lastmod>2024-12-27</lastmod></url>"));
    }
}
