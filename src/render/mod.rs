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

use std::collections::{BTreeMap, HashSet};

use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::error::Error;
use crate::index::Library;
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
    tera.add_raw_templates(theme.templates.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| Error::Template {
            template: template_of(&e).unwrap_or_else(|| "(theme)".into()),
            page: None,
            message: e.to_string(),
        })?;
    let urls = Urls::new(config.base_path());
    let words = Words::new(config.language)?;
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
struct Job {
    path: String,
    template: &'static str,
    section: &'static str,
    view: tera::Value,
    meta: Meta,
}

fn render_one(tera: &Tera, job: &Job) -> Result<Page, Error> {
    let mut ctx = Context::new();
    // The view is a template value already: no second serialisation (values share by Arc).
    ctx.insert_value("page", job.view.clone());
    ctx.insert("section", job.section);
    ctx.insert("path", &job.path);
    ctx.insert("meta", &job.meta);
    let html = tera.render(job.template, &ctx).map_err(|e| Error::Template {
        template: template_of(&e).unwrap_or_else(|| job.template.to_string()),
        page: Some(job.path.clone()),
        message: e.to_string(),
    })?;
    Ok(Page {
        path: job.path.clone(),
        bytes: html.into_bytes(),
    })
}

fn render_all(tera: &Tera, jobs: &[Job]) -> Result<Vec<Page>, Error> {
    jobs.par_iter().map(|j| render_one(tera, j)).collect()
}

/// Which pages of single things to render: all, or those that depend on a change.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub all: bool,
    /// Indices into the library's incidents, companies, actors and campaigns.
    pub incidents: HashSet<usize>,
    pub companies: HashSet<usize>,
    pub actors: HashSet<usize>,
    pub campaigns: HashSet<usize>,
}

impl Selection {
    pub fn all() -> Selection {
        Selection {
            all: true,
            ..Selection::default()
        }
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

/// Renders every page of the site, plus the theme's static files.
pub fn render(lib: &Library, config: &Config, theme: &Theme) -> Result<Vec<Page>, Error> {
    let tera = engine(theme, config)?;
    let rendered = render_selected(&tera, lib, config, &Selection::all())?;
    let mut pages = rendered.global;
    pages.extend(rendered.entities);
    if let Some(host) = &config.cname {
        pages.push(Page {
            path: "CNAME".into(),
            bytes: format!("{host}\n").into_bytes(),
        });
    }
    for (path, bytes) in &theme.statics {
        pages.push(Page {
            path: path.clone(),
            bytes: bytes.clone(),
        });
    }
    Ok(pages)
}

fn json_ld(value: &serde_json::Value) -> String {
    // Inside <script>, markup characters must not appear as such: JSON's \u escapes say the same.
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Pages rendered: those that list or count everything, and those of single things
/// (each under its own folder: `incident_dir`, `company_dir` ...).
pub struct Rendered {
    pub global: Vec<Page>,
    pub entities: Vec<Page>,
}

/// Renders the selected pages of single things, and every page that lists or counts them.
pub fn render_selected(tera: &Tera, lib: &Library, config: &Config, sel: &Selection) -> Result<Rendered, Error> {
    let cx = Cx::new(lib, config, Words::new(config.language)?);
    let cx = &cx;
    let w = &cx.words;
    fn v<T: Serialize>(view: &T) -> tera::Value {
        tera::Value::from_serializable(view)
    }
    let site_feed = FeedLink {
        title: w.t("feed_site").to_string(),
        url: cx.urls.page("feed.xml"),
    };
    let meta = |path: &str, title: &str, description: Option<&str>| Meta {
        canonical: config.absolute(&cx.urls.page(path)),
        title: title.to_string(),
        description: description
            .or(config.description.as_deref())
            .unwrap_or(&config.title)
            .to_string(),
        og_type: "website",
        feeds: vec![site_feed.clone()],
        prev: None,
        next: None,
        json_ld: None,
    };
    let with_pager = |mut m: Meta, pager: &Option<views::Pager>| {
        if let Some(p) = pager {
            m.prev = p.prev.clone();
            m.next = p.next.clone();
        }
        m
    };
    let url_dir = |path: &str| path.trim_end_matches("index.html").to_string();

    // Pages that list or count everything.
    let jobs = vec![
        Job {
            path: "index.html".into(),
            template: "index.html",
            section: "home",
            view: v(&views::home(cx)),
            meta: meta("", &config.title, None),
        },
        Job {
            path: "about/index.html".into(),
            template: "about.html",
            section: "about",
            view: v(&views::about(cx)),
            meta: meta("about/", w.t("about_title"), None),
        },
        Job {
            path: "stats/index.html".into(),
            template: "stats.html",
            section: "stats",
            view: v(&views::stats(cx)),
            meta: meta("stats/", w.t("stats_title"), None),
        },
        Job {
            path: "data/index.html".into(),
            template: "data.html",
            section: "data",
            view: v(&views::data(cx)),
            meta: meta("data/", w.t("data_title"), None),
        },
        Job {
            path: "search/index.html".into(),
            template: "search.html",
            section: "search",
            view: v(&views::search(cx)),
            meta: meta("search/", w.t("search_title"), None),
        },
        Job {
            path: "campaigns/index.html".into(),
            template: "campaigns.html",
            section: "campaigns",
            view: v(&views::campaigns(cx)),
            meta: meta("campaigns/", w.t("campaigns_title"), None),
        },
        Job {
            path: "companies/a-z/index.html".into(),
            template: "companies_a_z.html",
            section: "companies",
            view: v(&views::companies_a_z(cx)),
            meta: meta("companies/a-z/", w.t("a_z_link"), None),
        },
        Job {
            path: "404.html".into(),
            template: "404.html",
            section: "404",
            view: v(&()),
            meta: meta("404.html", w.t("not_found_title"), None),
        },
    ];
    let per = config.per_page;
    let mut global = render_all(tera, &jobs)?;
    // Long lists, page by page: each view is rendered as soon as it is built.
    // Lists group by disclosure year (`views::year_of`), so they run in disclosure order.
    let newest_first = views::latest_first(lib);
    let year_links = views::year_links(cx);
    let incident_lists: Result<Vec<Page>, Error> = (1..=views::page_count(lib.incidents.len(), per))
        .into_par_iter()
        .map(|n| {
            let view = views::incidents(cx, &newest_first, &year_links, n);
            let path = views::page_path("incidents", n);
            let meta = with_pager(meta(&url_dir(&path), w.t("all_incidents"), None), &view.pager);
            render_one(
                tera,
                &Job {
                    path,
                    template: "incidents.html",
                    section: "incidents",
                    view: v(&view),
                    meta,
                },
            )
        })
        .collect();
    global.extend(incident_lists?);
    let table_pages: Result<Vec<Page>, Error> = (1..=views::page_count(lib.incidents.len(), views::TABLE_ROWS))
        .into_par_iter()
        .map(|n| {
            let view = views::table(cx, &newest_first, n);
            let path = views::page_path("table", n);
            let meta = with_pager(meta(&url_dir(&path), w.t("table_title"), None), &view.pager);
            let job = Job {
                path,
                template: "table.html",
                section: "incidents",
                view: v(&view),
                meta,
            };
            render_one(tera, &job)
        })
        .collect();
    global.extend(table_pages?);
    let year_pages: Result<Vec<Page>, Error> = views::years(lib)
        .into_par_iter()
        .map(|year| {
            let meta = meta(&format!("incidents/{year}/"), &year.to_string(), None);
            let path = format!("incidents/{year}/index.html");
            render_one(
                tera,
                &Job {
                    path,
                    template: "year.html",
                    section: "incidents",
                    view: v(&views::year(cx, &newest_first, &year_links, year)),
                    meta,
                },
            )
        })
        .collect();
    global.extend(year_pages?);
    let company_rows = views::companies_by_tally(cx);
    let company_lists: Result<Vec<Page>, Error> = (1..=views::page_count(company_rows.len(), per))
        .into_par_iter()
        .map(|n| {
            let view = views::companies(cx, &company_rows, n);
            let path = views::page_path("companies", n);
            let meta = with_pager(meta(&url_dir(&path), w.t("companies_title"), None), &view.pager);
            render_one(
                tera,
                &Job {
                    path,
                    template: "companies.html",
                    section: "companies",
                    view: v(&view),
                    meta,
                },
            )
        })
        .collect();
    global.extend(company_lists?);
    let actor_rows = views::actor_rows(cx);
    let actor_lists: Result<Vec<Page>, Error> = (1..=views::page_count(actor_rows.len(), per))
        .into_par_iter()
        .map(|n| {
            let view = views::actors(cx, &actor_rows, n);
            let path = views::page_path("actors", n);
            let meta = with_pager(meta(&url_dir(&path), w.t("actors_title"), None), &view.pager);
            render_one(
                tera,
                &Job {
                    path,
                    template: "actors.html",
                    section: "actors",
                    view: v(&view),
                    meta,
                },
            )
        })
        .collect();
    global.extend(actor_lists?);
    let changes = views::changes_newest_first(lib);
    let changes_feed = FeedLink {
        title: w.t("feed_changes").to_string(),
        url: cx.urls.page("changes/feed.xml"),
    };
    let change_lists: Result<Vec<Page>, Error> = (1..=views::page_count(changes.len(), per))
        .into_par_iter()
        .map(|n| {
            let view = views::changes(cx, &changes, n);
            let path = views::page_path("changes", n);
            let mut meta = with_pager(meta(&url_dir(&path), w.t("changes_title"), None), &view.pager);
            meta.feeds.push(changes_feed.clone());
            render_one(
                tera,
                &Job {
                    path,
                    template: "changes.html",
                    section: "changes",
                    view: v(&view),
                    meta,
                },
            )
        })
        .collect();
    global.extend(change_lists?);

    let pick = |n: usize, set: &HashSet<usize>| -> Vec<usize> {
        if sel.all {
            (0..n).collect()
        } else {
            let mut v: Vec<usize> = set.iter().copied().filter(|&i| i < n).collect();
            v.sort_unstable();
            v
        }
    };

    // One page per incident, company, actor and campaign, built and rendered in parallel.
    // Each view is rendered as soon as it is built, so views never pile up in memory.
    let incident_pages: Result<Vec<Page>, Error> = pick(lib.incidents.len(), &sel.incidents)
        .into_par_iter()
        .map(|i| {
            let e = &lib.incidents[i];
            let view = views::incident(cx, i);
            let dir = incident_dir(&e.incident.slug);
            // Titles shared to social cards and search engines say what the page says: a
            // disputed incident is disputed there too.
            let title = if e.incident.status.is_marked() {
                format!("{} ({})", view.title, view.status_label)
            } else {
                view.title.clone()
            };
            let mut m = meta(&format!("{dir}/"), &title, view.summary.as_deref());
            m.og_type = "article";
            m.feeds.extend(view.feeds.iter().map(|f| FeedLink { title: f.title.clone(), url: f.url.clone() }));
            let ld = serde_json::json!({
                "@context": "https://schema.org",
                "@type": "Article",
                "headline": title,
                "url": m.canonical,
                "datePublished": e.incident.published().format("%Y-%m-%d").to_string(),
                "dateModified": e.incident.modified().format("%Y-%m-%d").to_string(),
                "creativeWorkStatus": e.incident.status.as_str(),
                "description": view.summary,
                "about": view.companies.iter().map(|c| serde_json::json!({"@type": "Organization", "name": c.name, "url": config.absolute(&c.url)})).collect::<Vec<_>>(),
                "citation": e.incident.sources.iter().map(|s| s.url.clone().unwrap_or_else(|| s.publisher.clone())).collect::<Vec<_>>(),
                "publisher": {"@type": "Organization", "name": config.title},
                "inLanguage": config.language.code(),
            });
            m.json_ld = Some(json_ld(&ld));
            render_one(tera, &Job { path: format!("{dir}/index.html"), template: "incident.html", section: "incidents", view: v(&view), meta: m })
        })
        .collect();
    let mut entities = incident_pages?;

    // Companies and actors: their pages and feeds, built in parallel.
    let feed_job = |(path, view): (String, feed::FeedView)| Job {
        path,
        template: "feed.xml",
        section: "feed",
        view: v(&view),
        meta: Meta::default(),
    };
    let stix_objects = stix::objects(lib, config);
    let stix_objects = &stix_objects;
    // A company's or an actor's pages (its incident list may run over several), its feed, its
    // STIX bundle and its badge; a company's embeddable card too.
    let entity = |kind: EntityKind, index: usize| -> Result<Vec<Page>, Error> {
        let (slug, name, incidents) = match kind {
            EntityKind::Company => {
                let c = &lib.companies[index];
                (&c.slug, &c.name, &c.incidents)
            }
            EntityKind::Actor => {
                let a = &lib.actors[index];
                (&a.slug, &a.name, &a.incidents)
            }
        };
        let (dir, page_url, template, section, feed_key) = match kind {
            EntityKind::Company => (
                company_dir(slug),
                cx.urls.company(slug),
                "company.html",
                "companies",
                "feed_title_company",
            ),
            EntityKind::Actor => (
                actor_dir(slug),
                cx.urls.actor(slug),
                "actor.html",
                "actors",
                "feed_title_actor",
            ),
        };
        let feed_path = format!("{dir}/feed.xml");
        let feed_link = FeedLink {
            title: w.t(feed_key).replace("{name}", name),
            url: cx.urls.page(&feed_path),
        };
        let mut pages = Vec::new();
        for n in 1..=views::page_count(incidents.len(), per) {
            let (view, pager) = match kind {
                EntityKind::Company => {
                    let view = views::company(cx, index, n);
                    let pager = view.pager.clone();
                    (v(&view), pager)
                }
                EntityKind::Actor => {
                    let view = views::actor(cx, index, n);
                    let pager = view.pager.clone();
                    (v(&view), pager)
                }
            };
            let path = views::page_path(&dir, n);
            let mut m = with_pager(meta(&url_dir(&path), name, None), &pager);
            m.feeds.push(feed_link.clone());
            pages.push(render_one(
                tera,
                &Job {
                    path,
                    template,
                    section,
                    view,
                    meta: m,
                },
            )?);
        }
        let entries: &[usize] = incidents;
        let title = format!("{} · {}", feed_link.title, config.title);
        let feed = feed::feed(cx, title, &cx.urls.page(&feed_path), &page_url, entries);
        pages.push(render_one(tera, &feed_job((feed_path, feed)))?);
        let (bundle, count) = match kind {
            EntityKind::Company => (stix_objects.company(lib, index), badge::company_count(cx, index)),
            EntityKind::Actor => (stix_objects.actor(lib, index), badge::actor_count(cx, index)),
        };
        pages.push(Page {
            path: format!("{dir}/stix.json"),
            bytes: bundle,
        });
        pages.push(Page {
            path: format!("{dir}/badge.svg"),
            bytes: badge::svg(name, &count),
        });
        if let EntityKind::Company = kind {
            let mut m = meta(&format!("{dir}/embed/"), name, None);
            m.canonical = config.absolute(&page_url);
            pages.push(render_one(
                tera,
                &Job {
                    path: format!("{dir}/embed/index.html"),
                    template: "embed.html",
                    section: "embed",
                    view: v(&badge::embed(cx, index)),
                    meta: m,
                },
            )?);
        }
        Ok(pages)
    };
    let company_parts: Vec<Result<Vec<Page>, Error>> = pick(lib.companies.len(), &sel.companies)
        .into_par_iter()
        .map(|c| entity(EntityKind::Company, c))
        .collect();
    let actor_parts: Vec<Result<Vec<Page>, Error>> = pick(lib.actors.len(), &sel.actors)
        .into_par_iter()
        .map(|a| entity(EntityKind::Actor, a))
        .collect();
    for part in company_parts.into_iter().chain(actor_parts) {
        entities.extend(part?);
    }
    let mut campaign_jobs: Vec<Job> = Vec::new();
    for c in pick(lib.campaigns.len(), &sel.campaigns) {
        let dir = campaign_dir(&lib.campaigns[c].slug);
        campaign_jobs.push(Job {
            path: format!("{dir}/index.html"),
            template: "campaign.html",
            section: "campaigns",
            view: v(&views::campaign(cx, c)),
            meta: meta(&format!("{dir}/"), &lib.campaigns[c].name, None),
        });
    }
    entities.extend(render_all(tera, &campaign_jobs)?);

    let all: Vec<usize> = (0..lib.incidents.len()).collect();
    let site_feed = feed::feed(
        cx,
        config.title.clone(),
        &cx.urls.page("feed.xml"),
        &cx.urls.page(""),
        &all,
    );
    global.push(render_one(tera, &feed_job(("feed.xml".into(), site_feed)))?);
    let title = format!("{} · {}", changes_feed.title, config.title);
    let changes_feed = feed::changes(cx, title, &changes);
    global.push(render_one(tera, &feed_job(("changes/feed.xml".into(), changes_feed)))?);
    let (data_files, search_files) = rayon::join(|| data::files(lib, config), || search::files(lib, &cx.urls, w));
    global.push(Page {
        path: "data/stix.json".into(),
        bytes: stix_objects.all(),
    });
    for (path, bytes) in data_files?.into_iter().chain(search_files?) {
        global.push(Page { path, bytes });
    }
    // The sitemap lists every page: the single things' pages are named from the library, each
    // with when it last changed; pages that list everything changed when anything did.
    let changed = |incidents: &mut dyn Iterator<Item = usize>, profile: Option<chrono::NaiveDate>| {
        incidents
            .map(|i| lib.incidents[i].incident.modified())
            .chain(profile)
            .max()
    };
    let latest = changed(&mut (0..lib.incidents.len()), None);
    let mut page_paths: Vec<(String, Option<chrono::NaiveDate>)> =
        global.iter().map(|p| (p.path.clone(), latest)).collect();
    for e in &lib.incidents {
        page_paths.push((
            format!("{}/index.html", incident_dir(&e.incident.slug)),
            Some(e.incident.modified()),
        ));
    }
    for c in &lib.companies {
        let profile = c.profile.as_ref().and_then(|p| p.dates.modified);
        page_paths.push((
            format!("{}/index.html", company_dir(&c.slug)),
            changed(&mut c.incidents.iter().copied(), profile),
        ));
    }
    for a in &lib.actors {
        let profile = a.profile.as_ref().and_then(|p| p.dates.modified);
        page_paths.push((
            format!("{}/index.html", actor_dir(&a.slug)),
            changed(&mut a.incidents.iter().copied(), profile),
        ));
    }
    for c in &lib.campaigns {
        page_paths.push((
            format!("{}/index.html", campaign_dir(&c.slug)),
            changed(&mut c.incidents.iter().copied(), None),
        ));
    }
    global.extend(sitemap(config, &page_paths));
    Ok(Rendered { global, entities })
}

#[derive(Clone, Copy)]
enum EntityKind {
    Company,
    Actor,
}

/// URLs per sitemap file, the protocol's limit.
pub const SITEMAP_LIMIT: usize = 50_000;

/// `sitemap.xml` (an index of `sitemap-N.xml` files past the limit) and `robots.txt`.
/// `paths` are output paths with when each page last changed, if known.
pub fn sitemap(config: &Config, paths: &[(String, Option<chrono::NaiveDate>)]) -> Vec<Page> {
    let base = config.base_path();
    let mut urls: Vec<(String, Option<chrono::NaiveDate>)> = paths
        .iter()
        .filter(|(p, _)| p.ends_with("index.html"))
        .map(|(p, d)| {
            (
                config.absolute(&format!("{base}/{}", p.trim_end_matches("index.html"))),
                *d,
            )
        })
        .collect();
    urls.sort();
    let escape = crate::markdown::escape_html;
    let urlset = |chunk: &[(String, Option<chrono::NaiveDate>)]| {
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (u, lastmod) in chunk {
            match lastmod {
                Some(d) => x.push_str(&format!(
                    "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                    escape(u),
                    d.format("%Y-%m-%d")
                )),
                None => x.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(u))),
            }
        }
        x.push_str("</urlset>\n");
        x.into_bytes()
    };
    let mut out = Vec::new();
    if urls.len() <= SITEMAP_LIMIT {
        out.push(Page {
            path: "sitemap.xml".into(),
            bytes: urlset(&urls),
        });
    } else {
        let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (i, chunk) in urls.chunks(SITEMAP_LIMIT).enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            index.push_str(&format!(
                "  <sitemap><loc>{}</loc></sitemap>\n",
                escape(&config.absolute(&format!("{base}/{name}")))
            ));
            out.push(Page {
                path: name,
                bytes: urlset(chunk),
            });
        }
        index.push_str("</sitemapindex>\n");
        out.push(Page {
            path: "sitemap.xml".into(),
            bytes: index.into_bytes(),
        });
    }
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        config.absolute(&format!("{base}/sitemap.xml"))
    );
    out.push(Page {
        path: "robots.txt".into(),
        bytes: robots.into_bytes(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_split_past_the_limit_with_an_index() {
        let config = Config {
            title: "T".into(),
            description: None,
            base_url: "https://x.org/t".into(),
            language: crate::config::Language::En,
            tally_rule: None,
            cname: None,
            per_page: 50,
        };
        let paths: Vec<(String, Option<chrono::NaiveDate>)> = (0..SITEMAP_LIMIT + 1)
            .map(|i| (format!("incidents/i{i}/index.html"), None))
            .collect();
        let files = sitemap(&config, &paths);
        let names: Vec<&str> = files.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml", "robots.txt"]);
        let index = String::from_utf8(files[2].bytes.clone()).unwrap();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://x.org/t/sitemap-2.xml</loc>"));
        let second = String::from_utf8(files[1].bytes.clone()).unwrap();
        assert_eq!(second.matches("<url>").count(), 1);
        let small = sitemap(&config, &paths[..3]);
        assert_eq!(small[0].path, "sitemap.xml");
        assert!(String::from_utf8(small[0].bytes.clone())
            .unwrap()
            .contains("<loc>https://x.org/t/incidents/i0/</loc>"));
        let dated = sitemap(
            &config,
            &[("about/index.html".into(), chrono::NaiveDate::from_ymd_opt(2024, 12, 27))],
        );
        assert!(String::from_utf8(dated[0].bytes.clone())
            .unwrap()
            .contains("<url><loc>https://x.org/t/about/</loc><lastmod>2024-12-27</lastmod></url>"));
    }
}
