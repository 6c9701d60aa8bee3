//! A build kept in memory, for `tally serve`: the first build is whole, and a change to one
//! incident re-renders only the pages that depend on it.
//!
//! The pages that depend on an incident are its own page, the pages of its companies (old and
//! new), actors and campaign, the other incidents of those companies (their ordinals may move),
//! and the lists and the home page. Anything else that changes (a profile, a template,
//! `site.yaml`) brings a whole rebuild.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tera::Tera;

use crate::content::config::Config;
use crate::content::index::{self, Library};
use crate::content::load::{self, Tree};
use crate::content::model::{ActorProfile, CompanyProfile, Incident};
use crate::diag::{self, Diagnostic};
use crate::error::Error;
use crate::site::render::{self, Selection, Theme};
use crate::{validate, BuildOptions};

/// The pages of the site, by output path.
pub type Pages = HashMap<String, Arc<Vec<u8>>>;

pub struct Session {
    opts: BuildOptions,
    /// Where the site is served (`http://127.0.0.1:1111`): links are made for it.
    origin: Option<String>,
    tree: Tree,
    config: Config,
    /// Every valid incident, drafts and held ones included (filtered at indexing).
    incidents: Vec<Incident>,
    companies: Vec<CompanyProfile>,
    actors: Vec<ActorProfile>,
    tera: Tera,
    library: Library,
    pages: Pages,
    /// The pages that list or count everything, replaced whole on every rebuild.
    global_keys: HashSet<String>,
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub rendered: usize,
    pub elapsed: Duration,
    /// Whether only the pages depending on the change were rendered.
    pub incremental: bool,
}

impl Session {
    /// Loads and builds the whole site in memory.
    pub fn start(opts: BuildOptions, origin: Option<String>) -> Result<(Session, Outcome), Error> {
        let start = Instant::now();
        let tree = load::load(&opts.root)?;
        let (mut checked, mut diags) = validate::validate(&tree);
        crate::date_entries(&tree.history, opts.today(), &mut checked);
        if let Some(origin) = &origin {
            checked.config.base_url = format!("{origin}{}", checked.config.base_path());
        }
        fail_on_errors(&tree, &mut diags)?;
        let theme = Theme::with_overrides(&tree.templates, &tree.statics);
        let tera = render::engine(&theme, &checked.config)?;
        let (library, index_diags) = index::index(
            visible(&opts, &checked.incidents),
            checked.companies.clone(),
            checked.actors.clone(),
        );
        fail_on_errors(&tree, &mut index_diags.clone())?;
        let mut pages = Pages::new();
        let rendered = render::render_selected(&tera, &library, &checked.config, &Selection::all())?;
        let global_keys = rendered.global.iter().map(|p| p.path.clone()).collect();
        for p in rendered.global.into_iter().chain(rendered.entities) {
            pages.insert(p.path, Arc::new(p.bytes));
        }
        for (path, bytes) in &theme.statics {
            pages.insert(path.clone(), Arc::new(bytes.clone()));
        }
        let rendered = pages.len();
        let session = Session {
            opts,
            origin,
            tree,
            config: checked.config,
            incidents: checked.incidents,
            companies: checked.companies,
            actors: checked.actors,
            tera,
            library,
            pages,
            global_keys,
        };
        let outcome = Outcome {
            rendered,
            elapsed: start.elapsed(),
            incremental: false,
        };
        Ok((session, outcome))
    }

    pub fn pages(&self) -> &Pages {
        &self.pages
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Rebuilds after the files at `changed` (absolute or relative to the root) changed. On an
    /// error the session keeps its last good pages.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Result<Outcome, Error> {
        let root = self.opts.root.clone();
        let rel: Vec<PathBuf> = changed
            .iter()
            .map(|p| relative_to(&root, p))
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        let incidents_only = !rel.is_empty()
            && rel
                .iter()
                .all(|p| p.starts_with("content/incidents") && p.extension().is_some_and(|e| e == "md"));
        if !incidents_only {
            let (session, outcome) = Session::start(self.opts.clone(), self.origin.clone())?;
            *self = session;
            return Ok(outcome);
        }
        self.apply_incidents(&rel)
    }

    fn apply_incidents(&mut self, rel: &[PathBuf]) -> Result<Outcome, Error> {
        let start = Instant::now();
        let mut problems = Vec::new();
        // A saved file is a changed file: its dates come from the history as it is now.
        self.tree.history = load::history::History::read(&self.opts.root);
        let today = self.opts.today();
        // Read and check the changed files before touching anything.
        let mut updates: Vec<(PathBuf, Option<(load::SourceFile, Incident)>)> = Vec::new();
        for path in rel {
            let file = load::read_one(&self.opts.root, path, &mut problems)?;
            match file {
                None => updates.push((path.clone(), None)),
                Some(file) => {
                    let (mut incident, diags) = validate::incident(&file);
                    if let Some(i) = &mut incident {
                        i.dates = i.dates.or(self.tree.history.dates(&i.path, today));
                    }
                    problems.extend(diags);
                    if let Some(incident) = incident {
                        updates.push((path.clone(), Some((file, incident))));
                    }
                }
            }
        }
        if problems.iter().any(Diagnostic::is_error) {
            diag::sort(&mut problems);
            return Err(Error::Content(problems));
        }

        let old = &self.library;
        let mut old_slugs = OldSlugs::default();
        let mut incidents = self.incidents.clone();
        let mut files = self.tree.incidents.clone();
        for (path, update) in &updates {
            if let Some(e) = old.incidents.iter().find(|e| &e.incident.path == path) {
                old_slugs.note(old, e);
            }
            incidents.retain(|i| &i.path != path);
            files.retain(|f| &f.path != path);
            if let Some((file, incident)) = update {
                incidents.push(incident.clone());
                files.push(file.clone());
            }
        }
        incidents.sort_by(|a, b| a.path.cmp(&b.path));
        files.sort_by(|a, b| a.path.cmp(&b.path));

        let (library, mut diags) = index::index(
            visible(&self.opts, &incidents),
            self.companies.clone(),
            self.actors.clone(),
        );
        if diags.iter().any(Diagnostic::is_error) {
            let tree = Tree {
                incidents: files,
                ..Tree::default()
            };
            return Err(errors_with_lines(&tree, &mut diags));
        }

        // What depends on the change, in the new library.
        let mut sel = Selection::default();
        let changed: HashSet<&Path> = rel.iter().map(PathBuf::as_path).collect();
        for (i, e) in library.incidents.iter().enumerate() {
            if changed.contains(e.incident.path.as_path()) {
                sel.incidents.insert(i);
                sel.companies.extend(e.companies.iter().map(|l| l.target));
                sel.actors.extend(e.actors.iter().map(|l| l.target));
                sel.campaigns.extend(e.campaign);
            }
        }
        let slug_index = |slugs: &HashSet<String>, names: Vec<&str>| -> Vec<usize> {
            names
                .iter()
                .enumerate()
                .filter(|(_, s)| slugs.contains(**s))
                .map(|(i, _)| i)
                .collect()
        };
        sel.companies.extend(slug_index(
            &old_slugs.companies,
            library.companies.iter().map(|c| c.slug.as_str()).collect(),
        ));
        sel.actors.extend(slug_index(
            &old_slugs.actors,
            library.actors.iter().map(|a| a.slug.as_str()).collect(),
        ));
        sel.campaigns.extend(slug_index(
            &old_slugs.campaigns,
            library.campaigns.iter().map(|c| c.slug.as_str()).collect(),
        ));
        // A company's other incidents carry ordinals that may have moved.
        for &c in &sel.companies {
            sel.incidents.extend(library.companies[c].incidents.iter().copied());
        }

        let fresh = render::render_selected(&self.tera, &library, &self.config, &sel)?;
        let rendered = fresh.global.len() + fresh.entities.len();
        // The folders of every single thing rendered again or gone: their old pages go first
        // (a timeline may have lost a page).
        let mut dirs: HashSet<String> = HashSet::new();
        dirs.extend(old_slugs.incidents.iter().map(|s| render::incident_dir(s)));
        dirs.extend(old_slugs.companies.iter().map(|s| render::company_dir(s)));
        dirs.extend(old_slugs.actors.iter().map(|s| render::actor_dir(s)));
        dirs.extend(old_slugs.campaigns.iter().map(|s| render::campaign_dir(s)));
        dirs.extend(
            sel.incidents
                .iter()
                .map(|&i| render::incident_dir(&library.incidents[i].incident.slug)),
        );
        dirs.extend(
            sel.companies
                .iter()
                .map(|&c| render::company_dir(&library.companies[c].slug)),
        );
        dirs.extend(sel.actors.iter().map(|&a| render::actor_dir(&library.actors[a].slug)));
        dirs.extend(
            sel.campaigns
                .iter()
                .map(|&c| render::campaign_dir(&library.campaigns[c].slug)),
        );
        self.pages.retain(|path, _| {
            let owned = path.rsplit_once('/').is_some_and(|(dir, _)| {
                dirs.contains(dir)
                    || dirs
                        .iter()
                        .any(|d| dir.starts_with(d.as_str()) && dir[d.len()..].starts_with('/'))
            });
            !owned && !self.global_keys.contains(path)
        });
        self.global_keys = fresh.global.iter().map(|p| p.path.clone()).collect();
        for p in fresh.global.into_iter().chain(fresh.entities) {
            self.pages.insert(p.path, Arc::new(p.bytes));
        }
        self.incidents = incidents;
        self.tree.incidents = files;
        self.library = library;
        Ok(Outcome {
            rendered,
            elapsed: start.elapsed(),
            incremental: true,
        })
    }
}

/// Slugs of what an incident touched before the change.
#[derive(Default)]
struct OldSlugs {
    incidents: HashSet<String>,
    companies: HashSet<String>,
    actors: HashSet<String>,
    campaigns: HashSet<String>,
}

impl OldSlugs {
    fn note(&mut self, lib: &Library, e: &index::Entry) {
        self.incidents.insert(e.incident.slug.clone());
        self.companies
            .extend(e.companies.iter().map(|l| lib.companies[l.target].slug.clone()));
        self.actors
            .extend(e.actors.iter().map(|l| lib.actors[l.target].slug.clone()));
        self.campaigns.extend(e.campaign.map(|c| lib.campaigns[c].slug.clone()));
    }
}

/// The incidents a build shows: not drafts, not disclosed after the build date (unless asked).
fn visible(opts: &BuildOptions, incidents: &[Incident]) -> Vec<Incident> {
    let today = opts.today();
    incidents.iter().filter(|i| opts.shows(i, today)).cloned().collect()
}

fn relative_to(root: &Path, path: &Path) -> PathBuf {
    if path.is_relative() {
        return path.to_path_buf();
    }
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let parent = path.parent().and_then(|p| std::fs::canonicalize(p).ok());
    match (parent, path.file_name()) {
        (Some(parent), Some(name)) => parent
            .join(name)
            .strip_prefix(&root)
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        _ => PathBuf::new(),
    }
}

fn fail_on_errors(tree: &Tree, diags: &mut Vec<Diagnostic>) -> Result<(), Error> {
    if diags.iter().any(Diagnostic::is_error) {
        return Err(errors_with_lines(tree, diags));
    }
    Ok(())
}

fn errors_with_lines(tree: &Tree, diags: &mut Vec<Diagnostic>) -> Error {
    crate::attach_source_lines(tree, diags);
    diag::sort(diags);
    Error::Content(std::mem::take(diags))
}
