//! `tally serve`: the site served from memory over HTTP, rebuilt when a file changes.
//!
//! Pages live in memory (see [`crate::commands::session`]), so nothing outside the built site can be
//! served: a request path is decoded, any `..` is refused, and only the pages of the build
//! are looked up. Open pages reload through server-sent events; the reload script, the error
//! banner and the list of warnings are added to HTML responses here, never to `build` output.
//!
//! The server never gives up on the tracker: when it has errors at the start, a page listing
//! them is served until they are fixed; when a rebuild fails, the last good pages are served
//! with the errors shown on top. A change to `site.yaml` is applied whole: when `base_url`
//! moves the site, the old path redirects to the new one.
//!
//! The tracker's folder is watched, not its single files: an editor that saves by writing a
//! temporary file and renaming it over the old one would end a watch on the file itself.
//! `content/`, `templates/` and `static/` are watched recursively, from the moment they
//! exist, and events are kept only for the files a build reads. Other folders (the output,
//! `.git`) are left unwatched, so a build or a commit costs no watches and no events.
//!
//! The server shows drafts (and with `--drafts` embargoed entries), so it answers only requests addressed to
//! this computer by name (`localhost`, `127.0.0.1`, `[::1]`), to the `--bind` address, or to
//! a host given with `--allowed-host`: a web page that rebinds its own domain to 127.0.0.1
//! (DNS rebinding) gets 403, not the drafts. No CORS headers are ever sent.

use std::collections::HashSet;
use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State as Extract};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

use crate::commands::session::{Outcome, Pages, Session};
use crate::diag::{self, Diagnostic};
use crate::error::Error;
use crate::BuildOptions;

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub build: BuildOptions,
    pub bind: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Host names, beyond this computer's and the bind address, that requests may be
    /// addressed to (with or without a port).
    pub allowed_hosts: Vec<String>,
}

/// What happens while serving, for the caller to report.
#[derive(Debug)]
pub enum Event {
    /// A change was built: `pages` rendered in `elapsed`.
    Rebuilt { pages: usize, elapsed: Duration },
    /// A build failed. With `last_good`, the last good build is still served; without, there
    /// has been none yet and a page listing the errors is served until they are fixed. The
    /// same failure twice in a row is reported once.
    Failed { error: Error, last_good: bool },
    /// `site.yaml` moved the site to another path: its new address. The old one redirects.
    Moved { url: String },
    /// What `tally check` warns about, looked at again after each rebuild (often nothing).
    Warnings(Vec<Diagnostic>),
    /// A page asked for could not be rendered (a template's error): the page shows why. Each
    /// error is reported once until the next rebuild.
    PageFailed { error: Error },
}

/// What the HTTP handlers serve: one snapshot, replaced whole after each rebuild.
#[derive(Clone, Default)]
struct View {
    /// The pages of the last good build; `None` until there is one.
    pages: Option<Arc<Pages>>,
    base_path: String,
    /// The paths the site was served under before `site.yaml` moved it: they redirect.
    old_bases: Vec<String>,
    /// The report of the last failed rebuild, until a rebuild succeeds.
    error: Option<String>,
    /// The list of warnings shown on pages (HTML; empty when there are none).
    warnings: Arc<str>,
}

/// What the live-reload stream tells open pages.
#[derive(Clone)]
enum Live {
    Reload,
    /// The list of warnings changed: the new one, to replace the old in place.
    Warnings(Arc<str>),
}

/// What the HTTP handlers share with the rebuild thread.
struct Shared {
    view: RwLock<Arc<View>>,
    live: broadcast::Sender<Live>,
    /// The host names requests may be addressed to, lower case, without port.
    hosts: Vec<String>,
    /// For the pages that fail to render when asked for.
    events: Mutex<mpsc::Sender<Event>>,
    /// The render errors reported since the last good rebuild, so each is said once.
    reported: Mutex<HashSet<String>>,
}

impl Shared {
    fn view(&self) -> Arc<View> {
        self.view.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn update<T>(&self, change: impl FnOnce(&mut View) -> T) -> T {
        let mut guard = self.view.write().unwrap_or_else(|e| e.into_inner());
        let mut view = View::clone(&guard);
        let out = change(&mut view);
        *guard = Arc::new(view);
        out
    }
}

/// A running server. Dropping it stops watching; the process ends the server.
pub struct Server {
    url: String,
    events: mpsc::Receiver<Event>,
    _runtime: tokio::runtime::Runtime,
    _watches: Arc<Mutex<Watches>>,
}

type Watcher = Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>;

/// How long the watcher waits for a burst of file events to settle: an editor's save (write,
/// or write-then-rename) is over within a few milliseconds, and the wait is most of the time
/// from a save to the reload.
const DEBOUNCE: Duration = Duration::from_millis(40);

/// The path of the live-reload event stream, under the base path.
pub const EVENTS_PATH: &str = "/__tally/events";

/// The folders of the tracker a build reads, watched recursively whenever they exist.
const FOLDERS: [&str; 3] = ["content", "templates", "static"];

impl Server {
    /// Binds the address, builds the site and starts serving and watching. Errors in the
    /// tracker do not stop it (they are the first event); only a bad address or root do.
    pub fn start(mut opts: Options) -> Result<Server, Error> {
        // Drafts preview here, marked "Draft"; `build` leaves them out.
        opts.build.preview_drafts = true;
        // A folder that is no tracker is a mistake to say, not a page of errors to serve.
        crate::content::load::is_tracker(&opts.build.root)?;
        let listener =
            TcpListener::bind((opts.bind.as_str(), opts.port)).map_err(|e| cannot_listen(&opts.bind, opts.port, &e))?;
        let addr: SocketAddr = listener
            .local_addr()
            .map_err(|e| Error::internal("cannot read the server's address", e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::internal("cannot set up the server's socket", e))?;
        let origin = format!("http://{addr}");
        let root = &opts.build.root;
        if !root.is_dir() {
            return Err(Error::Usage(format!("{} is not a folder", root.display())));
        }

        // Watching starts before the first build, so a save during it is not missed.
        let (change_tx, changes) = mpsc::channel::<Vec<PathBuf>>();
        let debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
            if let Ok(evs) = res {
                // Only changes count: the rebuild's own reads must not start another.
                let paths: Vec<PathBuf> = evs
                    .into_iter()
                    .filter(|e| {
                        matches!(
                            e.kind,
                            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                        )
                    })
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = change_tx.send(paths);
                }
            }
        })
        .map_err(|e| Error::internal("cannot watch the tracker's files", e))?;
        let watches = Arc::new(Mutex::new(Watches::start(debouncer, root)?));

        let (live, _) = broadcast::channel(16);
        let (events_tx, events) = mpsc::channel();
        let shared = Arc::new(Shared {
            view: RwLock::new(Arc::new(View {
                base_path: configured_base_path(root),
                ..View::default()
            })),
            live,
            hosts: allowed_hosts(&opts.bind, &opts.allowed_hosts),
            events: Mutex::new(events_tx.clone()),
            reported: Mutex::new(HashSet::new()),
        });
        let (lint_tx, lint_rx) = mpsc::channel();
        let mut builder = Builder {
            opts: opts.build.clone(),
            origin: origin.clone(),
            session: None,
            pending: Vec::new(),
            last_error: None,
            shared: shared.clone(),
            events: events_tx.clone(),
            lint: lint_tx,
        };
        let first = builder.build(&[]);
        builder.settle(first, &[], true);
        let url = format!("{origin}{}/", shared.view().base_path);

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::internal("cannot start the server", e))?;
        // One handler for every path: the base path may change while serving.
        let app = Router::new()
            .fallback(get(answer))
            .layer(middleware::from_fn_with_state(shared.clone(), check_host))
            .with_state(shared.clone());
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener)
                .map_err(|e| Error::internal("cannot set up the server's socket", e))?
        };
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });

        // Rebuild on one thread, one change at a time; look for warnings on another, so the
        // reload does not wait for them.
        let weak = Arc::downgrade(&watches);
        std::thread::spawn(move || builder.run(&changes, &weak));
        let lint_opts = opts.build.clone();
        std::thread::spawn(move || look_for_warnings(&lint_opts, &shared, &events_tx, &lint_rx));

        Ok(Server {
            url,
            events,
            _runtime: runtime,
            _watches: watches,
        })
    }

    /// The address of the home page.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Rebuilds, failures and warnings, as they happen; blocks between them. The first
    /// failure and warnings, if any, are those of the first build.
    pub fn events(&self) -> impl Iterator<Item = Event> + '_ {
        self.events.iter()
    }
}

/// Why the address cannot be listened on, saying what to do when the port is taken.
fn cannot_listen(bind: &str, port: u16, e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::AddrInUse {
        let other = port.checked_add(1).unwrap_or(port - 1);
        Error::Usage(format!(
            "cannot listen on {bind}:{port}: port {port} is already in use, perhaps by another `tally serve`; stop that one, or choose another port with --port (--port {other} for one, or --port 0 for any free port)"
        ))
    } else {
        Error::Usage(format!("cannot listen on {bind}:{port}: {e}"))
    }
}

/// The base path `site.yaml` asks for, as far as it can be read; the page listing errors is
/// served there before the first good build.
fn configured_base_path(root: &Path) -> String {
    let mut problems = Vec::new();
    let config = crate::content::load::read_one(root, Path::new(crate::content::load::SITE_FILE), &mut problems)
        .ok()
        .flatten()
        .and_then(|file| crate::content::validate::site(&file).0);
    config.map(|c| c.base_path().to_string()).unwrap_or_default()
}

/// The watches on the tracker: its folder, and each of [`FOLDERS`] that exists.
struct Watches {
    debouncer: Watcher,
    /// The tracker's folder, canonical, as event paths start with it.
    root: PathBuf,
    /// The folders of [`FOLDERS`] watched now.
    watching: Vec<&'static str>,
}

impl Watches {
    fn start(debouncer: Watcher, root: &Path) -> Result<Watches, Error> {
        let root = std::fs::canonicalize(root).map_err(|e| Error::io(crate::error::Op::Read, root, e))?;
        let mut w = Watches {
            debouncer,
            root,
            watching: Vec::new(),
        };
        let cannot = |path: &Path, e: notify_debouncer_full::notify::Error| {
            Error::Usage(format!("cannot watch {}: {e}", path.display()))
        };
        w.debouncer
            .watch(&w.root, RecursiveMode::NonRecursive)
            .map_err(|e| cannot(&w.root, e))?;
        w.rewatch(&FOLDERS).map_err(|(path, e)| cannot(&path, e))?;
        Ok(w)
    }

    /// Watches the named folders afresh: one created, removed or replaced since it was last
    /// watched (a watch follows the folder it was put on, not its name).
    fn rewatch(&mut self, names: &[&'static str]) -> Result<(), (PathBuf, notify_debouncer_full::notify::Error)> {
        for &name in names {
            let dir = self.root.join(name);
            if let Some(i) = self.watching.iter().position(|n| *n == name) {
                self.watching.remove(i);
                // It may be gone already, with its folder.
                let _ = self.debouncer.unwatch(&dir);
            }
            if dir.is_dir() {
                self.debouncer
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| (dir.clone(), e))?;
                self.watching.push(name);
            }
        }
        Ok(())
    }

    /// The changed paths a build reads, relative to the root, each once; the folders among
    /// them are watched afresh.
    fn note(&mut self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut rel: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(&self.root).ok())
            .map(Path::to_path_buf)
            .collect();
        let touched: Vec<&'static str> = FOLDERS
            .into_iter()
            .filter(|f| rel.iter().any(|r| r == Path::new(f)))
            .collect();
        // A folder that cannot be watched now is tried again at its next event.
        let _ = self.rewatch(&touched);
        let root = &self.root;
        rel.retain(|r| read_by_build(r) || is_content_folder(r, root.join(r).is_dir()));
        rel.sort();
        rel.dedup();
        rel
    }
}

/// Whether a path, relative to the root, is one a build reads: `site.yaml`, Markdown under
/// `content/`, anything under `templates/` and `static/`, or one of their folders. Hidden
/// files and editors' backup and swap files are not (the build skips them too).
fn read_by_build(rel: &Path) -> bool {
    let parts: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
    if parts.iter().any(|p| is_editor_file(p)) {
        return false;
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        [crate::content::load::SITE_FILE] | ["templates" | "static", ..] | ["content"] | ["content", _] => true,
        ["content", ..] => rel.extension().is_some_and(|e| e == "md"),
        _ => false,
    }
}

/// Whether a path below `content/` names a folder of it: one that is a folder now (moved in,
/// created, renamed to), or one without an extension that is gone (deleted, renamed from), whose
/// files the build read. Vim's test file (`4913`, four digits or more) is not one; a year or a
/// month (`2023`, `04`) is.
fn is_content_folder(rel: &Path, is_dir: bool) -> bool {
    let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    rel.starts_with("content")
        && !rel.iter().any(|p| is_editor_file(&p.to_string_lossy()))
        && (is_dir || (rel.extension().is_none() && !is_vim_test_file(&name)))
}

/// The file vim writes to see whether it may write a folder: a number counting up from 4913.
/// A year (`2024`) or a month (`04`), as trackers file incidents, is not one.
fn is_vim_test_file(name: &str) -> bool {
    name.len() >= 4 && name.bytes().all(|b| b.is_ascii_digit()) && !(name.len() == 4 && name < "3000")
}

/// Editors' hidden, swap, backup and autosave files.
fn is_editor_file(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Builds on changes and publishes what it built, or the errors, to the handlers.
struct Builder {
    opts: BuildOptions,
    /// `http://127.0.0.1:PORT`: links are made for it.
    origin: String,
    /// The last good build; `None` until there is one.
    session: Option<Session>,
    /// Changes a failed rebuild could not take in: read again with the next change, so their
    /// errors stay on screen until they are fixed.
    pending: Vec<PathBuf>,
    /// The last failure's report, so the same one is not reported twice.
    last_error: Option<String>,
    shared: Arc<Shared>,
    events: mpsc::Sender<Event>,
    /// Asks for the warnings to be looked at again.
    lint: mpsc::Sender<()>,
}

impl Builder {
    fn run(mut self, changes: &mpsc::Receiver<Vec<PathBuf>>, watches: &Weak<Mutex<Watches>>) {
        while let Ok(mut paths) = changes.recv() {
            // Gather what else changed meanwhile into the same rebuild.
            while let Ok(more) = changes.try_recv() {
                paths.extend(more);
            }
            let Some(watches) = watches.upgrade() else {
                return;
            };
            let changed = watches.lock().unwrap_or_else(|e| e.into_inner()).note(&paths);
            drop(watches);
            if changed.is_empty() {
                continue;
            }
            let result = self.build(&changed);
            self.settle(result, &changed, false);
        }
    }

    /// The first build, or a rebuild after `changed` (relative to the root).
    fn build(&mut self, changed: &[PathBuf]) -> Result<Outcome, Error> {
        match &mut self.session {
            Some(session) => {
                let mut paths = self.pending.clone();
                paths.extend_from_slice(changed);
                paths.sort();
                paths.dedup();
                session.apply(&paths)
            }
            None => {
                let (session, outcome) = Session::start(self.opts.clone(), Some(self.origin.clone()))?;
                self.session = Some(session);
                Ok(outcome)
            }
        }
    }

    /// Publishes a build's result to the handlers, the open pages and the caller.
    fn settle(&mut self, result: Result<Outcome, Error>, changed: &[PathBuf], first: bool) {
        match result {
            Ok(outcome) => {
                self.pending.clear();
                self.last_error = None;
                let Some(session) = &self.session else {
                    return;
                };
                let pages = Arc::new(session.pages().clone());
                let base = session.config().base_path().to_string();
                // New pages: a template that still fails is said again.
                self.shared.reported.lock().unwrap_or_else(|e| e.into_inner()).clear();
                let moved = self.shared.update(|v| {
                    v.pages = Some(pages);
                    v.error = None;
                    if v.base_path == base {
                        return false;
                    }
                    let old = std::mem::replace(&mut v.base_path, base.clone());
                    v.old_bases.retain(|b| *b != base && *b != old);
                    v.old_bases.push(old);
                    true
                });
                let _ = self.shared.live.send(Live::Reload);
                if !first {
                    let _ = self.events.send(Event::Rebuilt {
                        pages: outcome.rendered,
                        elapsed: outcome.elapsed,
                    });
                    if moved {
                        let url = format!("{}{base}/", self.origin);
                        let _ = self.events.send(Event::Moved { url });
                    }
                }
            }
            Err(error) => {
                self.pending.extend_from_slice(changed);
                let report = error_text(&error);
                if self.last_error.as_deref() == Some(report.as_str()) {
                    return;
                }
                self.last_error = Some(report.clone());
                self.shared.update(|v| v.error = Some(report));
                let _ = self.shared.live.send(Live::Reload);
                let _ = self.events.send(Event::Failed {
                    error,
                    last_good: self.session.is_some(),
                });
            }
        }
        let _ = self.lint.send(());
    }
}

/// Looks for warnings, as `tally check` does, each time it is asked (a burst of asks is one
/// look); a list that changed is pushed to open pages, and every look is reported.
fn look_for_warnings(opts: &BuildOptions, shared: &Shared, events: &mpsc::Sender<Event>, asked: &mpsc::Receiver<()>) {
    while asked.recv().is_ok() {
        while asked.try_recv().is_ok() {}
        let Ok(analysis) = crate::analyse(opts, true) else {
            continue;
        };
        let warnings: Vec<Diagnostic> = analysis.diagnostics.into_iter().filter(|d| !d.is_error()).collect();
        let html: Arc<str> = warnings_html(&warnings).into();
        let changed = shared.update(|v| {
            let changed = v.warnings != html;
            v.warnings = html.clone();
            changed
        });
        if changed {
            let _ = shared.live.send(Live::Warnings(html));
        }
        if events.send(Event::Warnings(warnings)).is_err() {
            return;
        }
    }
}

/// The errors as `check` prints them, without colour, for the banner on pages: the warnings
/// have their own list beside it, and nothing is written anywhere.
fn error_text(e: &Error) -> String {
    match e {
        Error::Content(diags) => {
            let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
            format!(
                "{}{} to fix",
                diag::render_human(&errors, false),
                diag::summary(&errors)
            )
        }
        other => format!("error: {other}"),
    }
}

/// The collapsed list of warnings shown on pages; empty when there are none.
fn warnings_html(warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    format!(
        "<details id=\"tally-warnings\" style=\"background:#fffbe6;color:#3d3000;border:3px solid #8a6d00;margin:0;padding:.5rem 1rem;font:14px/1.4 monospace\"><summary>{} (warnings do not stop the build)</summary><pre style=\"white-space:pre-wrap;overflow:auto;margin:.5rem 0 0\">{}</pre></details>",
        diag::summary(warnings),
        crate::markdown::escape_html(&diag::render_human(warnings, false))
    )
}

/// The live-reload stream: `ready`, the list of warnings as it is now, then each change.
fn events(shared: &Shared) -> Response {
    // Subscribed before the list is read, so no change falls between the two.
    let changes = BroadcastStream::new(shared.live.subscribe());
    let now = shared.view().warnings.clone();
    let start = tokio_stream::iter([
        SseEvent::default().event("ready").data("ready"),
        SseEvent::default().event("warnings").data(&*now),
    ]);
    let changes = changes.filter_map(|r| r.ok()).map(|live| match live {
        Live::Reload => SseEvent::default().event("reload").data("reload"),
        Live::Warnings(html) => SseEvent::default().event("warnings").data(&*html),
    });
    Sse::new(start.chain(changes).map(Ok::<_, Infallible>))
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// The host names a request may be addressed to: this computer's, the bind address, and
/// those given.
fn allowed_hosts(bind: &str, extra: &[String]) -> Vec<String> {
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]", bind]
        .into_iter()
        .chain(extra.iter().map(String::as_str))
        .map(|h| host_name(h.trim()))
        .collect();
    hosts.sort();
    hosts.dedup();
    hosts
}

/// The name part of a `Host` value, lower case: the port and a final dot removed, an IPv6
/// address in brackets.
fn host_name(host: &str) -> String {
    let name = if let Some(rest) = host.strip_prefix('[') {
        format!("[{}]", rest.split(']').next().unwrap_or(""))
    } else if host.matches(':').count() > 1 {
        // A bare IPv6 address, as given to --bind.
        format!("[{host}]")
    } else {
        host.split(':').next().unwrap_or("").to_string()
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether a request's `Host` names this server; a request without one is refused.
fn host_allowed(headers: &HeaderMap, hosts: &[String]) -> bool {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(host_name)
        .is_some_and(|name| !name.is_empty() && hosts.contains(&name))
}

const WRONG_HOST: &str = "403 Forbidden: tally serve answers only requests addressed to localhost, 127.0.0.1, [::1], the --bind address or a host given with --allowed-host, so that other web sites cannot read the drafts it shows\n";

async fn check_host(Extract(shared): Extract<Arc<Shared>>, request: Request, next: Next) -> Response {
    if host_allowed(request.headers(), &shared.hosts) {
        next.run(request).await
    } else {
        Response::builder()
            .status(StatusCode::FORBIDDEN)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::from(WRONG_HOST))
            .unwrap_or_else(|_| StatusCode::FORBIDDEN.into_response())
    }
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()
        .map(|p| p.into_owned())
}

/// A decoded path as a `Location` header carries it: bytes outside printable ASCII (a base
/// path such as `/trackér`), spaces, quotes and `%` escaped.
fn percent_encode(path: &str) -> String {
    const UNSAFE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'#')
        .add(b'?')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(path, UNSAFE).to_string()
}

/// The page a request path names, relative to the site: `None` for anything that is not
/// plainly inside it (`..`, backslashes, NUL, outside the base path).
pub fn site_path(request: &str, base_path: &str) -> Option<String> {
    inside_site(&percent_decode(request)?, base_path)
}

/// [`site_path`] of a path already decoded.
fn inside_site(decoded: &str, base_path: &str) -> Option<String> {
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let inside = if base_path.is_empty() {
        decoded.strip_prefix('/')?
    } else {
        decoded.strip_prefix(base_path)?.strip_prefix('/')?
    };
    if inside.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    if inside.is_empty() || inside.ends_with('/') {
        Some(format!("{inside}index.html"))
    } else {
        Some(inside.to_string())
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// What a page is served before the first good build, under the error banner.
const NO_SITE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>The tracker has errors</title></head>\n<body>\n</body>\n</html>\n";

/// Adds the reload script, the error banner when the last build failed, and the list of
/// warnings, to a page.
fn decorate(html: &[u8], view: &View) -> Vec<u8> {
    decorate_as(html, view, view.pages.is_some())
}

/// [`decorate`], saying whether a last good build is being shown.
fn decorate_as(html: &[u8], view: &View, has_site: bool) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let base_path = &view.base_path;
    // The list of warnings is replaced in place when it changes, keeping it open if it was.
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"{base_path}{EVENTS_PATH}\");s.addEventListener(\"reload\",function(){{location.reload();}});s.addEventListener(\"warnings\",function(e){{var o=document.getElementById(\"tally-warnings\"),t=document.createElement(\"template\");t.innerHTML=e.data;var n=t.content.firstElementChild;if(o&&n){{n.open=o.open;o.replaceWith(n);}}else if(o){{o.remove();}}else if(n){{var r=document.querySelector(\"body>[role=alert]\");if(r){{r.after(n);}}else{{document.body.prepend(n);}}}}}});}})();</script>"
    );
    let mut out = html.replacen("</body>", &format!("{script}</body>"), 1);
    let mut top = String::new();
    if let Some(err) = &view.error {
        let heading = if has_site {
            "The last change has errors. Showing the last good build until they are fixed."
        } else {
            "The tracker has errors, so there is no site to show yet. Fix them and save: this page reloads by itself."
        };
        top = error_banner(heading, err);
    }
    top.push_str(&view.warnings);
    // After the opening tag of the body, whatever attributes a tracker's template gives it.
    let body_open = out
        .match_indices("<body")
        .find(|(i, _)| out[i + 5..].starts_with(['>', ' ', '\t', '\n', '\r']))
        .and_then(|(i, _)| out[i..].find('>').map(|end| i + end + 1));
    if let Some(at) = body_open {
        out.insert_str(at, &top);
    }
    out.into_bytes()
}

/// A page of the site, found under the base path.
enum Found {
    Page(String),
    /// A folder asked for without its final slash: where to redirect.
    Folder(String),
}

/// The page a decoded request path names.
fn lookup(pages: &Pages, path: &str, base: &str) -> Option<Found> {
    let p = inside_site(path, base)?;
    if pages.contains_key(&p) {
        Some(Found::Page(p))
    } else if !matches!(pages.fetch(&format!("{p}/index.html")), Ok(None)) {
        // A folder's page, even one that fails to render: the address with its slash says why.
        Some(Found::Folder(format!("{path}/")))
    } else {
        None
    }
}

/// The rest of `path` after an old base path, starting with `/`.
fn under<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(base)?;
    match rest {
        "" => Some("/"),
        _ if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

async fn answer(Extract(shared): Extract<Arc<Shared>>, uri: Uri) -> Response {
    let view = shared.view();
    // Compared with the base path and the pages' names, which are decoded (`/trackér`).
    let Some(decoded) = percent_decode(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "the address is not UTF-8").into_response();
    };
    let path = decoded.as_str();
    if let Some(prefix) = path.strip_suffix(EVENTS_PATH) {
        // A page opened before the site moved keeps listening where it was.
        if prefix == view.base_path || view.old_bases.iter().any(|b| b == prefix) {
            return events(&shared);
        }
    }
    let Some(pages) = &view.pages else {
        return respond(StatusCode::SERVICE_UNAVAILABLE, "index.html", NO_SITE.as_bytes(), &view);
    };
    let base = view.base_path.as_str();
    if !base.is_empty() && (path == "/" || path == base) {
        return redirect(&format!("{base}/"), None);
    }
    // A page whose template fails shows why, as the build would say it.
    if let Some(Err(error)) = inside_site(path, base).map(|p| pages.fetch(&p)) {
        return page_failed(&shared, &view, error);
    }
    match lookup(pages, path, base) {
        Some(Found::Page(page)) => return respond(StatusCode::OK, &page, &pages.get(&page).unwrap_or_default(), &view),
        Some(Found::Folder(location)) => return redirect(&location, uri.query()),
        None => {}
    }
    // An address from before site.yaml moved the site: the same page at the new one.
    for old in &view.old_bases {
        let Some(rest) = under(path, old) else {
            continue;
        };
        let moved = format!("{base}{rest}");
        match lookup(pages, &moved, base) {
            Some(Found::Page(_)) => return redirect(&moved, uri.query()),
            Some(Found::Folder(location)) => return redirect(&location, uri.query()),
            None => {}
        }
    }
    match pages.get("404.html") {
        Some(body) => respond(StatusCode::NOT_FOUND, "404.html", &body, &view),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The banner that says what is wrong above a page: a heading, then the report as printed.
fn error_banner(heading: &str, report: &str) -> String {
    format!(
        "<div id=\"tally-error\" role=\"alert\" style=\"background:#fff3f2;color:#5c0a0a;border:3px solid #b3261e;margin:0;padding:1rem;font:14px/1.4 monospace;white-space:pre-wrap;overflow:auto\"><strong>{heading}</strong>\n\n{}</div>",
        crate::markdown::escape_html(report)
    )
}

/// The answer for a page that fails to render: the error on the page, reported once.
fn page_failed(shared: &Shared, view: &View, error: Error) -> Response {
    let text = error_text(&error);
    let first = shared
        .reported
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(text.clone());
    if first {
        let _ = shared
            .events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(Event::PageFailed { error });
    }
    let banner = error_banner(
        "This page could not be made: a template has an error. Fix it and save: this page reloads by itself.",
        &text,
    );
    let body = NO_SITE.replacen("<body>\n", &format!("<body>\n{banner}\n"), 1);
    respond(StatusCode::INTERNAL_SERVER_ERROR, "index.html", body.as_bytes(), view)
}

fn respond(status: StatusCode, path: &str, body: &[u8], view: &View) -> Response {
    let ct = content_type(path);
    let bytes = if ct.starts_with("text/html") {
        decorate(body, view)
    } else {
        body.to_vec()
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, ct)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(bytes))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// A redirect to a decoded path, with the request's query (still encoded) when it has one.
fn redirect(path: &str, query: Option<&str>) -> Response {
    let mut location = percent_encode(path);
    if let Some(q) = query {
        location.push('?');
        location.push_str(q);
    }
    Response::builder()
        .status(StatusCode::FOUND)
        .header(header::LOCATION, location)
        .body(Body::empty())
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_the_site() {
        assert_eq!(site_path("/tracker/", "/tracker").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/tracker/companies/lumen/", "/tracker").as_deref(),
            Some("companies/lumen/index.html")
        );
        assert_eq!(
            site_path("/tracker/style.css", "/tracker").as_deref(),
            Some("style.css")
        );
        assert_eq!(site_path("/style.css", "").as_deref(), Some("style.css"));
        for bad in [
            "/../Cargo.toml",
            "/tracker/../Cargo.toml",
            "/tracker/%2e%2e/Cargo.toml",
            "/tracker/%2E%2E%2FCargo.toml",
            "/tracker/..%5cCargo.toml",
            "/tracker/a/%00",
            "/other/index.html",
        ] {
            assert_eq!(site_path(bad, "/tracker"), None, "{bad}");
        }
    }

    #[test]
    fn only_this_computer_the_bind_address_and_allowed_hosts_are_answered() {
        let hosts = allowed_hosts("192.168.1.5", &["Preview.Local:8080".into()]);
        let ok = |host: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, host.parse().unwrap());
            host_allowed(&h, &hosts)
        };
        for good in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[::1]",
            "192.168.1.5",
            "192.168.1.5:1111",
            "preview.local",
            "preview.local:1111",
        ] {
            assert!(ok(good), "{good}");
        }
        for bad in [
            "attacker.example",
            "attacker.example:1111",
            "localhost.attacker.example",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "[::2]:1111",
            "",
        ] {
            assert!(!ok(bad), "{bad}");
        }
        assert!(!host_allowed(&HeaderMap::new(), &hosts), "no Host, no answer");
        assert_eq!(host_name("::1"), "[::1]");
    }

    #[test]
    fn the_error_banner_lists_the_errors_only() {
        let diags = vec![
            Diagnostic::error("content/incidents/a.md", 2, 8, "bad date"),
            Diagnostic::warning("content/incidents/b.md", 9, 1, "no write-up"),
        ];
        assert_eq!(
            error_text(&Error::Content(diags)),
            "content/incidents/a.md:2:8: error: bad date\n1 error to fix"
        );
    }

    #[test]
    fn pages_get_the_reload_script_the_error_banner_and_the_warnings() {
        let html = b"<html><body class=\"home\"><p>x</p></body></html>";
        let warning = Diagnostic::warning("content/incidents/e.md", 3, 12, "held back until <2027-07-12>");
        let mut view = View {
            base_path: "/t".into(),
            error: Some("a.md:1:1: error: <bad>".into()),
            warnings: warnings_html(&[warning]).into(),
            ..View::default()
        };
        let out = String::from_utf8(decorate_as(html, &view, true)).unwrap();
        assert!(out.contains("new EventSource(\"/t/__tally/events\")"));
        assert!(out.contains("<body class=\"home\"><div id=\"tally-error\""), "{out}");
        assert!(out.contains("a.md:1:1: error: &lt;bad&gt;"));
        assert!(out.contains("Showing the last good build until they are fixed."));
        assert!(out.contains("</div><details id=\"tally-warnings\""), "{out}");
        assert!(out.contains("<summary>1 warning (warnings do not stop the build)</summary>"));
        assert!(out.contains("content/incidents/e.md:3:12: warning: held back until &lt;2027-07-12&gt;"));
        assert!(out.contains("<p>x</p>"));

        view.warnings = "".into();
        let out = String::from_utf8(decorate(NO_SITE.as_bytes(), &view)).unwrap();
        assert!(
            out.contains("The tracker has errors, so there is no site to show yet."),
            "{out}"
        );
        assert!(!out.contains("<details"), "no warnings, no list: {out}");
    }

    #[test]
    fn only_the_files_a_build_reads_start_a_rebuild() {
        for read in [
            "site.yaml",
            "content",
            "content/incidents",
            "content/incidents/a.md",
            "content/companies/x/y.md",
            "templates/base.html",
            "templates",
            "static/img/logo.png",
        ] {
            assert!(read_by_build(Path::new(read)), "{read}");
        }
        for not in [
            "public/index.html",
            ".git/index",
            "site.yaml~",
            ".site.yaml.swp",
            "content/incidents/4913",
            "content/incidents/a.md~",
            "content/incidents/.a.md.swp",
            "content/incidents/#a.md#",
            "templates/.base.html.swp",
            "static/.DS_Store",
            "README.md",
        ] {
            assert!(!read_by_build(Path::new(not)), "{not}");
        }
        // A folder of incidents deleted, moved in or out, or renamed: the build read its files.
        assert!(is_content_folder(Path::new("content/incidents/2019"), true));
        assert!(is_content_folder(Path::new("content/incidents/y2019"), false));
        assert!(is_content_folder(Path::new("content/incidents/2019"), false));
        assert!(!is_content_folder(Path::new("content/incidents/4913"), false));
        assert!(is_content_folder(Path::new("content/incidents/2023/04"), false));
        assert!(!is_content_folder(Path::new("content/incidents/.cache"), true));
        assert!(!is_content_folder(Path::new("public/incidents"), true));
    }

    #[test]
    fn a_taken_port_is_named_with_a_way_out() {
        let e = std::io::Error::from(std::io::ErrorKind::AddrInUse);
        assert!(cannot_listen("127.0.0.1", u16::MAX, &e)
            .to_string()
            .contains("--port 65534 for one"));
    }
}
