//! A site kept in memory, for `tally serve`: the same pipeline as `build` (read, check, index,
//! then the route table), with pages rendered when first asked for and kept.
//!
//! A change goes read → index → which routes it makes stale → those are dropped, and rendered
//! again when asked for; every other page keeps its bytes. A changed incident file is read and
//! checked alone; anything else (a profile, a template, `site.yaml`) is read whole. An edit of
//! one incident's wording (not its names, dates or status) changes neither the index nor the
//! route table: the library is patched in place of re-indexing, and the table is kept, so the
//! rebuild costs little more than reading the file. An edit that keeps its names but moves its
//! dates or status re-orders the library rather than indexing it again, then makes a new
//! table as any other change does.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Tera;

use crate::content::config::Config;
use crate::content::index::{self, Library};
use crate::content::load::{self, Tree};
use crate::content::model::Incident;
use crate::content::validate;
use crate::diag::{self, Diagnostic};
use crate::error::Error;
use crate::site::render::{self, Page, Renderer, Theme};
use crate::site::routes::{self, Changed, Route};
use crate::{BuildOptions, Inputs};

/// One state of the site: what its routes are rendered from.
struct Built {
    config: Config,
    library: Library,
    theme: Arc<Theme>,
    tera: Arc<Tera>,
    /// Shared with the state before when an edit left it as it was.
    table: Arc<Vec<Route>>,
    /// Route index by output path (a writer's by its folder).
    by_path: Arc<HashMap<String, usize>>,
    /// The routes that write a folder of files.
    writers: Arc<Vec<usize>>,
}

impl Built {
    fn new(config: Config, library: Library, theme: Arc<Theme>, tera: Arc<Tera>) -> Built {
        let table = routes::table(&library, &config, &theme.statics);
        let (by_path, writers) = lookups(&table);
        Built {
            config,
            library,
            theme,
            tera,
            table: Arc::new(table),
            by_path: Arc::new(by_path),
            writers: Arc::new(writers),
        }
    }

    /// The state after a change of incidents alone: this one's settings and theme, with the
    /// new library and its route table (a new one, or this one's when the change kept it).
    fn succeeded_by(
        &self,
        library: Library,
        table: Arc<Vec<Route>>,
        by_path: Arc<HashMap<String, usize>>,
        writers: Arc<Vec<usize>>,
    ) -> Built {
        Built {
            config: self.config.clone(),
            library,
            theme: self.theme.clone(),
            tera: self.tera.clone(),
            table,
            by_path,
            writers,
        }
    }

    /// The index of the route that writes `path`: its own, or a writer's whose folder holds it.
    fn index_of(&self, path: &str) -> Option<usize> {
        match self.by_path.get(path) {
            Some(&i) => Some(i),
            None => self.writers.iter().copied().find(|&i| self.table[i].writes(path)),
        }
    }

    /// The route that writes `path`.
    fn route_of(&self, path: &str) -> Option<&Route> {
        self.index_of(path).map(|i| &self.table[i])
    }

    fn renderer(&self) -> Result<Renderer<'_>, Error> {
        Renderer::new(&self.tera, &self.library, &self.config, &self.theme, &self.table)
    }
}

/// Which routes a change made stale: a flag for each route of the new table, and the routes of
/// the old table whose path the new one no longer has (indices into the old table).
struct Stale {
    routes: Vec<bool>,
    gone: Vec<usize>,
}

/// A table's route index by output path, and its writers (see [`Built`]).
fn lookups(table: &[Route]) -> (HashMap<String, usize>, Vec<usize>) {
    let by_path = table.iter().enumerate().map(|(i, r)| (r.path.clone(), i)).collect();
    let writers = (0..table.len()).filter(|&i| table[i].path.ends_with('/')).collect();
    (by_path, writers)
}

/// A file of the site: its output path and its bytes.
pub type File = (String, Arc<Vec<u8>>);

/// Rendered files by output path. Keys are shared, so that carrying the pages a change left
/// alone over to the new state copies no path.
type Kept = HashMap<Arc<str>, Arc<Vec<u8>>>;

/// Whether `route`'s files are rendered: its own, or for a writer any in its folder that
/// is not a route of its own.
fn is_kept(kept: &Kept, built: &Built, route: &Route) -> bool {
    kept.contains_key(route.path.as_str())
        || (route.path.ends_with('/')
            && kept
                .keys()
                .any(|k| route.writes(k) && !built.by_path.contains_key(&**k)))
}

/// The pages of the site, by output path: rendered on first request, then kept until a
/// change makes them stale. Cheap to clone: clones share the state and the kept pages.
#[derive(Clone)]
pub struct Pages {
    built: Arc<Built>,
    kept: Arc<RwLock<Kept>>,
}

impl Pages {
    /// The file at `path` (inside the output folder), rendered if not yet kept; `None` when
    /// the site has no such file, and a page that fails to render (see [`Pages::fetch`]).
    pub fn get(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.fetch(path).ok().flatten()
    }

    /// [`Pages::get`], with why a page could not be rendered (a template's error).
    pub fn fetch(&self, path: &str) -> Result<Option<Arc<Vec<u8>>>, Error> {
        if let Some(bytes) = self.kept.read().unwrap_or_else(|e| e.into_inner()).get(path) {
            return Ok(Some(bytes.clone()));
        }
        let Some(route) = self.built.route_of(path) else {
            return Ok(None);
        };
        let pages = self.built.renderer().and_then(|r| r.render(route))?;
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        let mut found = None;
        for p in pages {
            let bytes = Arc::new(p.bytes);
            if p.path == path {
                found = Some(bytes.clone());
            }
            kept.insert(p.path.into(), bytes);
        }
        Ok(found)
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Renders every route not yet kept, in parallel; returns how many files that made.
    pub fn render_all(&self) -> Result<usize, Error> {
        let renderer = self.built.renderer()?;
        let missing: Vec<&Route> = {
            let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
            self.built
                .table
                .iter()
                .filter(|r| !is_kept(&kept, &self.built, r))
                .collect()
        };
        let fresh: Vec<Vec<Page>> = missing
            .par_iter()
            .map(|r| renderer.render(r))
            .collect::<Result<_, _>>()?;
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        let mut n = 0;
        for p in fresh.into_iter().flatten() {
            kept.insert(p.path.into(), Arc::new(p.bytes));
            n += 1;
        }
        Ok(n)
    }

    /// Every file of the site with its bytes, each rendered if need be, sorted by path.
    pub fn all(&self) -> Result<Vec<File>, Error> {
        self.render_all()?;
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<File> = kept.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// How many files are rendered and kept.
    pub fn kept(&self) -> usize {
        self.kept.read().unwrap_or_else(|e| e.into_inner()).len()
    }
}

pub struct Session {
    opts: BuildOptions,
    /// Where the site is served (`http://127.0.0.1:1111`): links are made for it.
    origin: Option<String>,
    inputs: Inputs,
    pages: Pages,
}

/// A changed incident file: its path, and what it holds now (nothing once deleted).
type Update = (PathBuf, Option<(load::SourceFile, Arc<Incident>)>);

/// What a rebuild did.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    /// Routes of the new site whose pages must be rendered again (the others kept theirs).
    pub rendered: usize,
    pub elapsed: Duration,
    /// Whether only the routes depending on the change were made stale.
    pub incremental: bool,
}

impl Session {
    /// Reads, checks and indexes the whole tracker, as `build` does; pages are rendered when
    /// first asked for.
    pub fn start(opts: BuildOptions, origin: Option<String>) -> Result<(Session, Outcome), Error> {
        let start = Instant::now();
        let mut analysis = crate::analyse_with(&opts, false, true)?;
        if analysis.has_errors() {
            return Err(Error::Content(analysis.diagnostics));
        }
        let mut site = analysis.site;
        if let Some(origin) = &origin {
            site.config.base_url = format!("{origin}{}", site.config.base_path());
        }
        let tera = Arc::new(render::engine(&site.theme, &site.config)?);
        let built = Built::new(site.config, site.library, Arc::new(site.theme), tera);
        let rendered = built.table.len();
        let mut inputs = analysis.inputs.take().unwrap_or_default();
        // Kept in path order, so that an edit finds its place by bisection.
        inputs.incidents.sort_by(|a, b| a.path.cmp(&b.path));
        inputs.tree.incidents.sort_by(|a, b| a.path.cmp(&b.path));
        let session = Session {
            opts,
            origin,
            inputs,
            pages: Pages {
                built: Arc::new(built),
                kept: Arc::default(),
            },
        };
        let outcome = Outcome {
            rendered,
            elapsed: start.elapsed(),
            incremental: false,
        };
        Ok((session, outcome))
    }

    /// The site's pages, as of the last successful (re)build.
    pub fn pages(&self) -> &Pages {
        &self.pages
    }

    pub fn config(&self) -> &Config {
        &self.pages.built.config
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
        self.inputs.tree.history.refresh(&self.opts.root, rel);
        let history = &self.inputs.tree.history;
        let today = self.opts.today();
        // Read and check the changed files before touching anything.
        let mut updates: Vec<Update> = Vec::new();
        for path in rel {
            match load::read_one(&self.opts.root, path, &mut problems)? {
                None => updates.push((path.clone(), None)),
                Some(file) => {
                    let (mut incident, diags) = validate::incident(&file);
                    if let Some(i) = &mut incident {
                        i.dates = i.dates.or(history.dates(&i.path, today));
                    }
                    problems.extend(diags);
                    if let Some(incident) = incident {
                        updates.push((path.clone(), Some((file, Arc::new(incident)))));
                    }
                }
            }
        }
        if problems.iter().any(Diagnostic::is_error) {
            diag::sort(&mut problems);
            return Err(Error::Content(problems));
        }
        let edited: HashSet<&Path> = rel.iter().map(PathBuf::as_path).collect();
        let old = self.pages.built.clone();
        let one = self.edited_one(&updates);
        let fresh = one.and_then(|(at, incident)| self.edited_in_place(at, incident));
        let (built, Stale { routes: stale, gone }) = match fresh {
            Some(fresh) => fresh,
            None => self.reindexed(&updates, &edited, one)?,
        };
        // Pages of routes that are not stale keep their bytes. They move to the new state
        // rather than being copied: a request still holding the old state renders again
        // what it asks for, and the old state is only kept until that request ends. The files
        // of stale and vanished routes are taken out by path, which costs what they number,
        // not what the site does.
        let mut dropped = Vec::new();
        let kept: Kept = {
            let mut old_kept = self.pages.kept.write().unwrap_or_else(|e| e.into_inner());
            let mut kept = std::mem::take(&mut *old_kept);
            let stale_routes = (built.table.iter().zip(&stale)).filter_map(|(r, &s)| s.then_some(r));
            let mut writers = Vec::new();
            for route in stale_routes.chain(gone.iter().map(|&j| &old.table[j])) {
                if route.path.ends_with('/') {
                    writers.push(route);
                } else {
                    dropped.extend(kept.remove(route.path.as_str()));
                }
            }
            // A writer's files are those in its folder that are not routes of their own.
            if !writers.is_empty() {
                kept.retain(|path, bytes| {
                    let keep = !writers.iter().any(|w| w.writes(path)) || built.by_path.contains_key(&**path);
                    if !keep {
                        dropped.push(bytes.clone());
                    }
                    keep
                });
            }
            kept
        };
        let rendered = stale.iter().filter(|&&s| s).count();
        drop(old);
        let retired = std::mem::replace(
            &mut self.pages,
            Pages {
                built: Arc::new(built),
                kept: Arc::new(RwLock::new(kept)),
            },
        );
        // Freeing a large site's old state (and its stale pages) takes longer than the rest:
        // not on the way to the reload.
        std::thread::spawn(move || drop((retired, dropped)));
        for (path, update) in updates {
            let incidents = &mut self.inputs.incidents;
            match (incidents.binary_search_by(|i| i.path.cmp(&path)), &update) {
                (Ok(k), Some((_, incident))) => incidents[k] = incident.clone(),
                (Ok(k), None) => drop(incidents.remove(k)),
                (Err(k), Some((_, incident))) => incidents.insert(k, incident.clone()),
                (Err(_), None) => {}
            }
            let files = &mut self.inputs.tree.incidents;
            match (files.binary_search_by(|f| f.path.cmp(&path)), update) {
                (Ok(k), Some((file, _))) => files[k] = file,
                (Ok(k), None) => drop(files.remove(k)),
                (Err(k), Some((file, _))) => files.insert(k, file),
                (Err(_), None) => {}
            }
        }
        Ok(Outcome {
            rendered,
            elapsed: start.elapsed(),
            incremental: true,
        })
    }

    /// The new state when one incident was edited in a way that leaves the index and the
    /// route table as they were (its wording, not its names, dates or status): the library
    /// is patched, the table shared, and what shows the incident is stale.
    fn edited_in_place(&self, at: usize, incident: &Arc<Incident>) -> Option<(Built, Stale)> {
        let old = &self.pages.built;
        let library = index::replace(&old.library, at, incident.clone())?;
        let listing = routes::listing(&library, at);
        let stale = old.table.iter().map(|r| routes::shows_edit(r, at, &listing)).collect();
        let built = old.succeeded_by(library, old.table.clone(), old.by_path.clone(), old.writers.clone());
        Some((
            built,
            Stale {
                routes: stale,
                gone: Vec::new(),
            },
        ))
    }

    /// When the change is an edit of one incident that was shown and still is: its place in
    /// the old library, and what it holds now.
    fn edited_one<'u>(&self, updates: &'u [Update]) -> Option<(usize, &'u Arc<Incident>)> {
        let [(path, Some((_, incident)))] = updates else {
            return None;
        };
        if !self.opts.shows(incident, self.opts.today()) {
            return None;
        }
        // File names first: `Path`'s `==` goes component by component, and this looks through
        // every incident of the tracker. Whole paths then, not their bytes: the two may spell
        // the separator differently (`content/incidents\x.md` on Windows).
        let incidents = &self.pages.built.library.incidents;
        let name = path.file_name();
        let at = incidents
            .iter()
            .position(|e| e.incident.path.file_name() == name && e.incident.path == *path)?;
        Some((at, incident))
    }

    /// The new state after any change of incidents, with a new route table compared route by
    /// route with the old. An edit of one incident that names only what the tracker already
    /// knows (a date moved, a status changed, a company added that other incidents name) is
    /// re-ordered in the old library (see [`index::reorder`]); any other change is indexed
    /// again whole.
    ///
    /// The steps that do not need each other run side by side: the new table is made while
    /// the libraries are compared, then looked up by path while its routes are compared.
    fn reindexed(
        &self,
        updates: &[Update],
        edited: &HashSet<&Path>,
        one: Option<(usize, &Arc<Incident>)>,
    ) -> Result<(Built, Stale), Error> {
        let old = &self.pages.built;
        let reordered = one.and_then(|(at, incident)| index::reorder(&old.library, at, incident.clone()));
        let library = match reordered {
            Some(library) => library,
            None => self.indexed(updates, edited)?,
        };
        let (table, changed) = rayon::join(
            || routes::table(&library, &old.config, &old.theme.statics),
            || Changed::between(&old.library, &library, edited),
        );
        let ((by_path, writers), (before, stale)): (_, (Vec<Option<usize>>, Vec<bool>)) = rayon::join(
            || lookups(&table),
            || {
                (table.par_iter())
                    .with_min_len(1024)
                    .map(|route| {
                        let before = old.by_path.get(&route.path).copied();
                        (before, routes::is_stale(before.map(|i| &old.table[i]), route, &changed))
                    })
                    .unzip()
            },
        );
        let mut matched = vec![false; old.table.len()];
        for &i in before.iter().flatten() {
            matched[i] = true;
        }
        let gone = (0..old.table.len()).filter(|&i| !matched[i]).collect();
        let built = old.succeeded_by(library, Arc::new(table), Arc::new(by_path), Arc::new(writers));
        Ok((built, Stale { routes: stale, gone }))
    }

    /// The library of every incident as the change leaves them, indexed whole.
    fn indexed(&self, updates: &[Update], edited: &HashSet<&Path>) -> Result<Library, Error> {
        let today = self.opts.today();
        // The incidents as they would be, changed ones replaced, in path order as `load` reads them.
        let mut all: Vec<Arc<Incident>> = (self.inputs.incidents.iter())
            .filter(|i| !edited.contains(i.path.as_path()))
            .cloned()
            .collect();
        for (_, update) in updates {
            if let Some((_, incident)) = update {
                let at = all.partition_point(|i| i.path < incident.path);
                all.insert(at, incident.clone());
            }
        }
        let mut diags = index::incident_addresses(&all);
        all.retain(|i| self.opts.shows(i, today));
        let (library, index_diags) = index::index(all, self.inputs.companies.clone(), self.inputs.actors.clone());
        diags.extend(index_diags);
        if diags.iter().any(Diagnostic::is_error) {
            // Only the files the problems name need their lines.
            let named: HashSet<&Path> = diags.iter().map(|d| d.path.as_path()).collect();
            let tree = Tree {
                incidents: self
                    .inputs
                    .tree
                    .incidents
                    .iter()
                    .filter(|f| named.contains(f.path.as_path()) && !edited.contains(f.path.as_path()))
                    .cloned()
                    .chain(updates.iter().filter_map(|(_, u)| u.as_ref().map(|(f, _)| f.clone())))
                    .collect(),
                ..Tree::default()
            };
            crate::attach_source_lines(&tree, &mut diags);
            diag::sort(&mut diags);
            return Err(Error::Content(diags));
        }
        Ok(library)
    }
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
