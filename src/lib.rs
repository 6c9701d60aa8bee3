//! tally: a static-site generator for breach trackers.
//!
//! The build is a pipeline: load (reads the tracker) → validate (front matter → checked model,
//! every problem collected) → index (names resolved, tallies and timelines) → render (pages)
//! → write (the output folder, swapped in whole). The source tree shows it in three floors,
//! each using only the floors below it and the shared pieces at this root ([`diag`],
//! [`error`], `markdown`):
//! - [`content`]: reading and checking a tracker ([`content::load`], [`content::validate`],
//!   [`content::index`]);
//! - [`site`]: making and writing the site ([`site::render`], [`site::write`]);
//! - [`commands`]: what the command line offers on top (serve, new, init, the checks).
//!
//! This file drives the pipeline. The library never prints; the binary reports what it returns.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod commands;
pub mod content;
pub mod diag;
pub mod error;
pub(crate) mod markdown;
pub mod site;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

/// How the notice of an incident held back by its disclosure date starts.
pub use commands::lint::HELD_BACK;
pub use diag::{Diagnostic, Severity};
pub use error::Error;

use commands::lint;
use content::config::{self, Config};
use content::index::{self, Library};
use content::model::{self, Incident};
use content::{load, validate};
use site::render::{self, Page, Theme};
use site::{routes, write};

/// What the build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The tracker's folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Where the site goes; `ROOT/public` when not given.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from site.yaml (e.g. the address GitHub Pages gives).
    pub base_url: Option<String>,
    /// Include incidents marked `draft: true`, and those disclosed after `now`.
    pub drafts: bool,
    /// Include incidents marked `draft: true` (but not those held back by their date), as
    /// `serve` does: a draft previews, marked "Draft", while `build` leaves it out.
    pub preview_drafts: bool,
    /// The build date: incidents disclosed later are held back. Today when not given.
    pub now: Option<NaiveDate>,
}

impl BuildOptions {
    /// The build date in force.
    pub fn today(&self) -> NaiveDate {
        self.now.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Whether a build on `today` shows the incident: not a draft, and not held back by its
    /// disclosure date, unless drafts are asked for.
    pub fn shows(&self, incident: &Incident, today: NaiveDate) -> bool {
        self.drafts || ((self.preview_drafts || !incident.draft) && incident.held_until(today).is_none())
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// A tracker read, checked and indexed, ready to render.
pub struct Site {
    pub config: Config,
    pub library: Library,
    pub theme: Theme,
}

/// Everything found by reading and checking a tracker, errors included.
pub struct Analysis {
    /// Errors, and warnings when asked for, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The site as far as it could be checked: files with errors are left out.
    pub site: Site,
    /// Incidents held back because they are disclosed after the build date: (slug, the day).
    pub held: Vec<(String, NaiveDate)>,
    /// Every incident file read (relative to the root), those with errors too.
    pub incident_files: Vec<PathBuf>,
    /// The drafts the site leaves out (none when drafts are shown).
    pub drafts: Vec<PathBuf>,
    /// What was read, kept for `serve`, which re-indexes after a change.
    pub(crate) inputs: Option<Inputs>,
}

/// The checked entries a library is indexed from, hidden incidents included.
#[derive(Default)]
pub(crate) struct Inputs {
    pub tree: load::Tree,
    /// In path order; shared with the library's entries.
    pub incidents: Vec<Arc<Incident>>,
    pub companies: Vec<model::CompanyProfile>,
    pub actors: Vec<model::ActorProfile>,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads, validates and indexes the tracker at `opts.root`, collecting every problem; with
/// `warnings`, also what is probably a mistake (see [`lint`]). Fails only on usage or I/O.
pub fn analyse(opts: &BuildOptions, warnings: bool) -> Result<Analysis, Error> {
    analyse_with(opts, warnings, false)
}

/// [`analyse`]; with `keep`, the analysis keeps its inputs (see [`Analysis::inputs`]).
pub(crate) fn analyse_with(opts: &BuildOptions, warnings: bool, keep: bool) -> Result<Analysis, Error> {
    let base_url = opts
        .base_url
        .as_deref()
        .map(|u| config::normalise_base_url(u).map_err(|m| Error::Usage(format!("--base-url: {m}"))))
        .transpose()?;
    let tree = load::load(&opts.root)?;
    let (mut checked, mut diags) = validate::validate(&tree);
    if let Some(url) = base_url {
        checked.config.base_url = url;
    }
    let today = opts.today();
    date_entries(&tree.history, today, &mut checked);
    let all: Vec<Arc<Incident>> = checked.incidents.into_iter().map(Arc::new).collect();
    let mut inputs = keep.then(|| Inputs {
        tree: load::Tree::default(),
        incidents: all.clone(),
        companies: checked.companies.clone(),
        actors: checked.actors.clone(),
    });
    diags.extend(index::incident_addresses(&all));
    let (incidents, hidden): (Vec<Arc<Incident>>, Vec<Arc<Incident>>) =
        all.into_iter().partition(|i| opts.shows(i, today));
    // Drafts left out of the site are checked all the same: what `check` warns of in them is
    // what `serve`, which shows them, warns of. Only then is a second library made.
    let hidden_drafts: Vec<&Arc<Incident>> = hidden.iter().filter(|i| i.draft).collect();
    let drafts: Vec<PathBuf> = hidden_drafts.iter().map(|i| i.path.clone()).collect();
    let with_drafts = (warnings && !drafts.is_empty()).then(|| {
        let shown_and_drafts: Vec<Arc<Incident>> = incidents.iter().chain(hidden_drafts).cloned().collect();
        (shown_and_drafts, checked.companies.clone(), checked.actors.clone())
    });
    let (library, index_diags) = index::index(incidents, checked.companies, checked.actors);
    diags.extend(index_diags);
    // Drafts are hidden by choice; the others are waiting for their disclosure date.
    let held_days: Vec<(&Incident, NaiveDate)> = hidden
        .iter()
        .filter(|i| !i.draft)
        .filter_map(|i| Some((&**i, i.held_until(today)?)))
        .collect();
    if warnings {
        // The library with the drafts names what they name; its own errors (a draft's clash of
        // names) are the ones `--drafts` and `serve` report.
        let linted = with_drafts.map(|(incidents, companies, actors)| index::index(incidents, companies, actors).0);
        diags.extend(lint::lint(
            &tree,
            linted.as_ref().unwrap_or(&library),
            &library,
            &held_days,
        ));
    }
    attach_source_lines(&tree, &mut diags);
    diag::sort(&mut diags);
    let held = held_days.iter().map(|(i, d)| (i.slug.clone(), *d)).collect();
    let incident_files = tree.incidents.iter().map(|f| f.path.clone()).collect();
    let theme = Theme::with_overrides(&tree.templates, &tree.statics);
    if let Some(inputs) = &mut inputs {
        inputs.tree = tree;
    }
    Ok(Analysis {
        diagnostics: diags,
        site: Site {
            config: checked.config,
            library,
            theme,
        },
        held,
        incident_files,
        drafts,
        inputs,
    })
}

/// Gives every entry its dates: added and last changed, from the tracker's history.
pub(crate) fn date_entries(history: &load::history::History, today: NaiveDate, checked: &mut validate::Checked) {
    for i in &mut checked.incidents {
        i.dates = i.dates.or(history.dates(&i.path, today));
    }
    for c in &mut checked.companies {
        c.dates = history.dates(&c.path, today);
    }
    for a in &mut checked.actors {
        a.dates = history.dates(&a.path, today);
    }
}

/// Loads, validates and indexes the tracker at `opts.root`. Every problem in the content is
/// returned at once as [`Error::Content`].
pub fn prepare(opts: &BuildOptions) -> Result<Site, Error> {
    let analysis = analyse(opts, false)?;
    if analysis.has_errors() {
        return Err(Error::Content(analysis.diagnostics));
    }
    Ok(analysis.site)
}

/// Gives each diagnostic that lacks it the text of its line, from the file it names.
pub(crate) fn attach_source_lines(tree: &load::Tree, diags: &mut [Diagnostic]) {
    let files: std::collections::HashMap<&Path, &str> = tree
        .site
        .iter()
        .chain(&tree.incidents)
        .chain(&tree.companies)
        .chain(&tree.actors)
        .map(|f| (f.path.as_path(), f.text.as_str()))
        .collect();
    for d in diags.iter_mut().filter(|d| d.source_line.is_none()) {
        if let Some(text) = files.get(d.path.as_path()) {
            d.source_line = text.lines().nth(d.line - 1).map(str::to_string);
        }
    }
}

/// Renders every page of a prepared site.
pub fn render_site(site: &Site) -> Result<Vec<Page>, Error> {
    render::render(&site.library, &site.config, &site.theme)
}

/// Renders every page a template makes, keeping none, and returns each failing template's
/// first failure (in the order of the pages) as a problem at the template's line: what `build`
/// would stop at, found by `check` without writing anything. Empty when every page renders.
pub fn check_templates(site: &Site) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    use routes::Producer as P;
    let failures = (|| -> Result<Vec<Error>, Error> {
        let tera = render::engine(&site.theme, &site.config)?;
        let table = routes::table(&site.library, &site.config, &site.theme.statics);
        let renderer = render::Renderer::new(&tera, &site.library, &site.config, &site.theme, &table)?;
        // Data writers use no template.
        Ok(table
            .par_iter()
            .filter(|r| {
                !matches!(
                    r.producer,
                    P::Static | P::SiteStix | P::NamedStix(..) | P::DataFile(_) | P::SearchIndex
                )
            })
            .filter_map(|r| renderer.render(r).err())
            .collect())
    })()
    .unwrap_or_else(|e| vec![e]);
    let mut seen = std::collections::HashSet::new();
    failures
        .iter()
        .filter(|e| match e {
            Error::Template { template, .. } => seen.insert(template.clone()),
            _ => true,
        })
        .map(|e| template_problem(e, &site.theme))
        .collect()
}

/// A template's failure as a problem at the template's line (`templates/NAME`), which the
/// template engine's message names (`--> about.html:4:31`).
fn template_problem(e: &Error, theme: &Theme) -> Diagnostic {
    let Error::Template {
        template,
        page,
        message,
    } = e
    else {
        return Diagnostic::error("templates", 1, 1, e.to_string());
    };
    let first = message.lines().next().unwrap_or("").trim_start_matches("error: ");
    let (line, column) = message
        .split_once(" --> ")
        .and_then(|(_, rest)| {
            let at = rest.lines().next()?;
            let mut parts = at.rsplitn(3, ':');
            let column = parts.next()?.trim().parse().ok()?;
            let line = parts.next()?.trim().parse().ok()?;
            Some((line, column))
        })
        .unwrap_or((1, 1));
    let what = match page {
        Some(page) => format!("template `{template}` fails while rendering {page}: {first}"),
        None => format!("template `{template}` has an error: {first}"),
    };
    // An `{% if %}` left open is found at the next closing tag, or at the end.
    let hint = if first.starts_with("Unknown tag") || first.starts_with("Unexpected end of input") {
        "check that every `{% if %}`, `{% for %}` and `{% block %}` above it is closed (`{% endif %}`, `{% endfor %}`, `{% endblock %}`); `tally build` stops here"
    } else {
        "`tally build` stops at it: fix the template"
    };
    let d = Diagnostic::error(Path::new("templates").join(template), line, column, what).with_hint(hint);
    match theme.templates.get(template) {
        Some(text) => d.with_source(text),
        None => d,
    }
}

/// Renders every route of a prepared site and writes each file as it is made, in parallel,
/// into the locked output folder (swapped in whole at the end).
///
/// In three rounds, so that what holds the whole tracker is never in memory twice: the pages
/// that show a write-up first, after which the write-ups (most of a tracker's bytes) are let
/// go; then the other pages and files; then the STIX bundles, which share every object. The
/// files made of the whole tracker (data files, search index, sitemap, the STIX bundle) are
/// made one after another beside the rest, not beside each other.
pub fn write_site(mut site: Site, lock: &write::OutputLock, root: &Path) -> Result<write::Written, Error> {
    use routes::Producer as P;
    let tera = render::engine(&site.theme, &site.config)?;
    let table = routes::table(&site.library, &site.config, &site.theme.statics);
    let folders = write::folders(table.iter().map(|r| r.path.as_str()));
    let round = |r: &routes::Route| match r.producer {
        P::Incident(_) | P::SiteFeed => 0,
        P::SiteStix | P::NamedStix(..) => 2,
        _ => 1,
    };
    let whole = |r: &&routes::Route| matches!(r.producer, P::SiteStix | P::DataFile(_) | P::SearchIndex | P::Sitemap);
    let mut rounds: [Vec<&routes::Route>; 3] = Default::default();
    for r in &table {
        rounds[round(r)].push(r);
    }
    write::write_staged(lock, root, &folders, |staging| {
        {
            let renderer = render::Renderer::new(&tera, &site.library, &site.config, &site.theme, &table)?;
            staging.write(&rounds[0], |r| renderer.render(r))?;
        }
        // A build holds each incident once; one shared with a serve session keeps its write-up.
        for e in &mut site.library.incidents {
            if let Some(incident) = std::sync::Arc::get_mut(&mut e.incident) {
                incident.body = Default::default();
            }
        }
        let renderer = render::Renderer::new(&tera, &site.library, &site.config, &site.theme, &table)?;
        for routes in &rounds[1..] {
            let (one_by_one, in_parallel): (Vec<&routes::Route>, Vec<&routes::Route>) =
                routes.iter().copied().partition(whole);
            let (a, b) = rayon::join(
                || {
                    one_by_one
                        .iter()
                        .try_for_each(|r| staging.write(std::slice::from_ref(r), |r| renderer.render(r)))
                },
                || staging.write(&in_parallel, |r| renderer.render(r)),
            );
            a.and(b)?;
        }
        Ok(())
    })
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub files: usize,
    pub incidents: usize,
    pub companies: usize,
    pub actors: usize,
    pub campaigns: usize,
    pub elapsed: Duration,
    /// The build date used for held-back incidents.
    pub today: NaiveDate,
    /// How many incidents were held back by their disclosure date.
    pub held: usize,
    /// How many drafts the site leaves out.
    pub drafts: usize,
    /// How many warnings `tally check` would show.
    pub warnings: usize,
    /// What the site's files hold, in bytes.
    pub bytes: u64,
}

/// GitHub Pages publishes sites of up to 1 GB.
pub const PAGES_LIMIT: u64 = 1_000_000_000;

impl BuildReport {
    /// The site's size for readers, in decimal units: "980 kB", "1.2 MB", "2.8 GB".
    pub fn size(&self) -> String {
        human_size(self.bytes)
    }

    /// What to tell a maintainer whose site GitHub Pages would refuse: `None` under its limit.
    pub fn pages_limit(&self) -> Option<(String, &'static str)> {
        (self.bytes > PAGES_LIMIT).then(|| {
            (
                format!(
                    "the site's files hold {} bytes, more than the 1 GB GitHub Pages supports: its deploy may fail",
                    render::lang::group(self.bytes, ",")
                ),
                "README's \"Output size\" says what takes the room; a host without that limit publishes it whole",
            )
        })
    }
}

/// Bytes in decimal units, one decimal under ten: "512 bytes", "9.5 kB", "218 MB", "2.8 GB".
pub fn human_size(bytes: u64) -> String {
    let units = [(1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")];
    // 999,600 bytes is "1.0 MB", not "1000 kB".
    match units.iter().find(|(unit, _)| bytes as f64 >= *unit as f64 * 0.9995) {
        None => format!("{bytes} bytes"),
        Some(&(unit, name)) => {
            let value = bytes as f64 / unit as f64;
            if value < 9.95 {
                format!("{value:.1} {name}")
            } else {
                format!("{value:.0} {name}")
            }
        }
    }
}

/// Builds the site: the whole pipeline. On any error nothing is written. Waits, silently,
/// for another build writing to the same output folder.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Error> {
    build_with(opts, write::Wait::Block(&|_| {}))
}

/// [`build`], saying what to do when another build is writing to the same output folder.
/// The lock is taken once the content has passed its checks (so a tracker with errors
/// creates nothing), and held until the new site is in place.
pub fn build_with(opts: &BuildOptions, wait: write::Wait<'_>) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let output = opts.output_dir();
    write::check_output(&output, &opts.root)?;
    // With the warnings, so the report can say how many `tally check` would show.
    let analysis = analyse(opts, true)?;
    if analysis.has_errors() {
        let errors = analysis.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
        return Err(Error::Content(errors));
    }
    let warnings = analysis.diagnostics.len();
    let held = analysis.held.len();
    let drafts = analysis.drafts.len();
    let site = analysis.site;
    let lib = &site.library;
    let (incidents, companies, actors, campaigns) = (
        lib.incidents.len(),
        lib.companies.len(),
        lib.actors.len(),
        lib.campaigns.len(),
    );
    let lock = write::lock(&output, wait)?;
    let written = write_site(site, &lock, &opts.root)?;
    Ok(BuildReport {
        output,
        files: written.files,
        incidents,
        companies,
        actors,
        campaigns,
        elapsed: start.elapsed(),
        today: opts.today(),
        held,
        drafts,
        warnings,
        bytes: written.bytes,
    })
}

/// The tracker root as given; else the current folder, or the nearest one above it holding a
/// site.yaml.
pub fn root_or_current(root: Option<&Path>) -> PathBuf {
    if let Some(root) = root {
        return root.to_path_buf();
    }
    let here = PathBuf::from(".");
    if here.join(load::SITE_FILE).exists() || here.join("content").exists() {
        return here;
    }
    // Run from inside a tracker (`content/incidents/`, say): the nearest folder above that
    // holds a site.yaml, written as `..` steps so messages stay relative.
    let Ok(cwd) = std::env::current_dir() else {
        return here;
    };
    cwd.ancestors()
        .position(|dir| dir.join(load::SITE_FILE).is_file())
        .map_or(here, |depth| (0..depth).map(|_| "..").collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(bytes: u64) -> BuildReport {
        BuildReport {
            output: PathBuf::from("public"),
            files: 1,
            incidents: 1,
            companies: 0,
            actors: 0,
            campaigns: 0,
            elapsed: Duration::ZERO,
            today: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            held: 0,
            drafts: 0,
            warnings: 0,
            bytes,
        }
    }

    #[test]
    fn sizes_read_in_decimal_units() {
        let sizes = [0, 999, 999_600, 9_949, 9_950, 218_316_905, 999_999_999, 2_774_000_000];
        let said: Vec<String> = sizes.into_iter().map(human_size).collect();
        assert_eq!(
            said,
            [
                "0 bytes",
                "999 bytes",
                "1.0 MB",
                "9.9 kB",
                "10 kB",
                "218 MB",
                "1.0 GB",
                "2.8 GB"
            ]
        );
    }

    #[test]
    fn a_site_over_github_pages_limit_is_said() {
        assert_eq!(report(PAGES_LIMIT).pages_limit(), None);
        let (message, hint) = report(2_774_000_000).pages_limit().unwrap();
        assert_eq!(
            message,
            "the site's files hold 2,774,000,000 bytes, more than the 1 GB GitHub Pages supports: its deploy may fail"
        );
        assert!(hint.contains("Output size"), "{hint}");
    }
}
