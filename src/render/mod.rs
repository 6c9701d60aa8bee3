//! Render: the library → pages in memory. Pure: it reads no file and writes none.
//!
//! The theme is the embedded default (`templates/` and `static/` of this repository, compiled
//! in) with the tracker's own files of the same name laid over it.

pub mod format;
pub mod views;

use std::collections::{BTreeMap, HashSet};

use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::error::Error;
use crate::index::Library;
use views::Urls;

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
    tera.global_context().insert("site", &views::site(config, &urls));
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

/// A page to render: where it goes, which template, and its view.
struct Job<V> {
    path: String,
    template: &'static str,
    section: &'static str,
    view: V,
}

fn render_one<V: Serialize>(tera: &Tera, job: &Job<V>) -> Result<Page, Error> {
    let mut ctx = Context::new();
    ctx.insert("page", &job.view);
    ctx.insert("section", job.section);
    ctx.insert("path", &job.path);
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

fn render_all<V: Serialize + Sync>(tera: &Tera, jobs: &[Job<V>]) -> Result<Vec<Page>, Error> {
    jobs.par_iter().map(|j| render_one(tera, j)).collect()
}

/// Which pages to render: everything, or the pages that depend on a change.
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

/// The output path of each kind of page.
pub fn incident_path(slug: &str) -> String {
    format!("incidents/{slug}/index.html")
}
pub fn company_path(slug: &str) -> String {
    format!("companies/{slug}/index.html")
}
pub fn actor_path(slug: &str) -> String {
    format!("actors/{slug}/index.html")
}
pub fn campaign_path(slug: &str) -> String {
    format!("campaigns/{slug}/index.html")
}

/// Renders every page of the site, plus the theme's static files.
pub fn render(lib: &Library, config: &Config, theme: &Theme) -> Result<Vec<Page>, Error> {
    let tera = engine(theme, config)?;
    let mut pages = render_selected(&tera, lib, config, &Selection::all())?;
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

/// Renders the selected pages, and always the lists and the home page, with a compiled engine.
pub fn render_selected(tera: &Tera, lib: &Library, config: &Config, sel: &Selection) -> Result<Vec<Page>, Error> {
    let urls = Urls::new(config.base_path());
    fn job<T: Serialize>(path: &str, template: &'static str, section: &'static str, view: &T) -> Job<tera::Value> {
        Job {
            path: path.to_string(),
            template,
            section,
            view: tera::Value::from_serializable(view),
        }
    }
    // Pages with one view each.
    let singles = vec![
        job("index.html", "index.html", "home", &views::home(lib, config, &urls)),
        job(
            "incidents/index.html",
            "incidents.html",
            "incidents",
            &views::incidents(lib, &urls),
        ),
        job(
            "companies/index.html",
            "companies.html",
            "companies",
            &views::companies(lib, &urls),
        ),
        job("actors/index.html", "actors.html", "actors", &views::actors(lib, &urls)),
        job(
            "campaigns/index.html",
            "campaigns.html",
            "campaigns",
            &views::campaigns(lib, &urls),
        ),
        job("about/index.html", "about.html", "about", &views::about(lib, config)),
        job("404.html", "404.html", "404", &()),
    ];
    let mut pages = render_all(tera, &singles)?;
    let pick = |n: usize, set: &HashSet<usize>| -> Vec<usize> {
        if sel.all {
            (0..n).collect()
        } else {
            let mut v: Vec<usize> = set.iter().copied().filter(|&i| i < n).collect();
            v.sort_unstable();
            v
        }
    };

    // One page per incident, company, actor and campaign, rendered in parallel.
    let incident_pages: Result<Vec<Page>, Error> = pick(lib.incidents.len(), &sel.incidents)
        .into_par_iter()
        .map(|i| {
            let e = &lib.incidents[i];
            let job = Job {
                path: incident_path(&e.incident.slug),
                template: "incident.html",
                section: "incidents",
                view: views::incident(lib, e, &urls),
            };
            render_one(tera, &job)
        })
        .collect();
    pages.extend(incident_pages?);
    let company_jobs: Vec<_> = pick(lib.companies.len(), &sel.companies)
        .into_par_iter()
        .map(|i| Job {
            path: company_path(&lib.companies[i].slug),
            template: "company.html",
            section: "companies",
            view: views::company(lib, i, &urls),
        })
        .collect();
    pages.extend(render_all(tera, &company_jobs)?);
    let actor_jobs: Vec<_> = pick(lib.actors.len(), &sel.actors)
        .into_par_iter()
        .map(|i| Job {
            path: actor_path(&lib.actors[i].slug),
            template: "actor.html",
            section: "actors",
            view: views::actor(lib, i, &urls),
        })
        .collect();
    pages.extend(render_all(tera, &actor_jobs)?);
    let campaign_jobs: Vec<_> = pick(lib.campaigns.len(), &sel.campaigns)
        .into_iter()
        .map(|i| Job {
            path: campaign_path(&lib.campaigns[i].slug),
            template: "campaign.html",
            section: "campaigns",
            view: views::campaign(lib, i, &urls),
        })
        .collect();
    pages.extend(render_all(tera, &campaign_jobs)?);
    Ok(pages)
}
