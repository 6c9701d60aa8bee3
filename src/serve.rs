//! `tally serve`: the site served from memory over HTTP, rebuilt when a file changes.
//!
//! Pages live in memory (see [`crate::session`]), so nothing outside the built site can be
//! served: a request path is decoded, any `..` is refused, and only the pages of the build
//! are looked up. Open pages reload through server-sent events; the reload script and the
//! error banner are added to HTML responses here, never to `build` output. When a rebuild
//! fails, the last good pages are served with the errors shown on top.
//!
//! The server shows drafts and embargoed entries, so it answers only requests addressed to
//! this computer by name (`localhost`, `127.0.0.1`, `[::1]`), to the `--bind` address, or to
//! a host given with `--allowed-host`: a web page that rebinds its own domain to 127.0.0.1
//! (DNS rebinding) gets 403, not the drafts. No CORS headers are ever sent.

use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
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

use crate::diag;
use crate::error::Error;
use crate::session::{Pages, Session};
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
    Rebuilt { pages: usize, elapsed: Duration },
    Failed(Error),
}

/// What the HTTP handlers share with the rebuild thread.
struct Shared {
    pages: RwLock<Arc<Pages>>,
    /// The report of the last failed rebuild, until a rebuild succeeds.
    error: RwLock<Option<String>>,
    reload: broadcast::Sender<()>,
    base_path: String,
    /// The host names requests may be addressed to, lower case, without port.
    hosts: Vec<String>,
}

/// A running server. Dropping it stops watching; the process ends the server.
pub struct Server {
    url: String,
    events: mpsc::Receiver<Event>,
    _runtime: tokio::runtime::Runtime,
    _watcher: Watcher,
}

type Watcher = Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>;

/// How long the watcher waits for a burst of file events to settle: an editor's save (write,
/// or write-then-rename) is over within a few milliseconds, and the wait is most of the time
/// from a save to the reload.
const DEBOUNCE: Duration = Duration::from_millis(40);

/// The path of the live-reload event stream, under the base path.
pub const EVENTS_PATH: &str = "/__tally/events";

impl Server {
    /// Builds the site, binds the address and starts serving and watching.
    pub fn start(opts: Options) -> Result<Server, Error> {
        let listener = TcpListener::bind((opts.bind.as_str(), opts.port))
            .map_err(|e| Error::Usage(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port)))?;
        let addr: SocketAddr = listener
            .local_addr()
            .map_err(|e| Error::internal("cannot read the server's address", e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::internal("cannot set up the server's socket", e))?;
        let origin = format!("http://{addr}");
        let (mut session, _) = Session::start(opts.build.clone(), Some(origin.clone()))?;
        let base_path = session.config().base_path().to_string();
        let (reload, _) = broadcast::channel(16);
        let shared = Arc::new(Shared {
            pages: RwLock::new(Arc::new(session.pages().clone())),
            error: RwLock::new(None),
            reload,
            base_path: base_path.clone(),
            hosts: allowed_hosts(&opts.bind, &opts.allowed_hosts),
        });

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::internal("cannot start the server", e))?;
        let app = Router::new()
            .route(&format!("{base_path}{EVENTS_PATH}"), get(events))
            .fallback(get(page))
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

        // Watch the tracker; rebuild on a separate thread, one change at a time.
        let (tx, events) = mpsc::channel();
        let (change_tx, change_rx) = mpsc::channel::<Vec<PathBuf>>();
        let mut watcher = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
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
        .map_err(|e| Error::Usage(format!("cannot watch the tracker's files: {e}")))?;
        let root = opts.build.root.clone();
        let site = root.join(crate::load::SITE_FILE);
        if site.exists() {
            watch(&mut watcher, &site, RecursiveMode::NonRecursive)?;
        }
        for dir in ["content", "templates", "static"] {
            let d = root.join(dir);
            if d.is_dir() {
                watch(&mut watcher, &d, RecursiveMode::Recursive)?;
            }
        }
        let rebuild_shared = shared.clone();
        std::thread::spawn(move || {
            while let Ok(mut paths) = change_rx.recv() {
                // Gather what else changed meanwhile into the same rebuild.
                while let Ok(more) = change_rx.try_recv() {
                    paths.extend(more);
                }
                paths.retain(|p| !is_hidden(p));
                if paths.is_empty() {
                    continue;
                }
                match session.apply(&paths) {
                    Ok(outcome) => {
                        *rebuild_shared.pages.write().unwrap_or_else(|e| e.into_inner()) =
                            Arc::new(session.pages().clone());
                        *rebuild_shared.error.write().unwrap_or_else(|e| e.into_inner()) = None;
                        let _ = rebuild_shared.reload.send(());
                        let _ = tx.send(Event::Rebuilt {
                            pages: outcome.rendered,
                            elapsed: outcome.elapsed,
                        });
                    }
                    Err(e) => {
                        *rebuild_shared.error.write().unwrap_or_else(|e| e.into_inner()) = Some(error_text(&e));
                        let _ = rebuild_shared.reload.send(());
                        let _ = tx.send(Event::Failed(e));
                    }
                }
            }
        });

        Ok(Server {
            url: format!("{origin}{base_path}/"),
            events,
            _runtime: runtime,
            _watcher: watcher,
        })
    }

    /// The address of the home page.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Rebuilds and failures, as they happen; blocks between them.
    pub fn events(&self) -> impl Iterator<Item = Event> + '_ {
        self.events.iter()
    }
}

fn watch(w: &mut Watcher, path: &std::path::Path, mode: RecursiveMode) -> Result<(), Error> {
    w.watch(path, mode)
        .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", path.display())))
}

/// Editors' swap and backup files do not trigger rebuilds.
fn is_hidden(path: &std::path::Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~') || n.ends_with(".swp"))
}

/// The same report `check` prints, without colour.
fn error_text(e: &Error) -> String {
    match e {
        Error::Content(diags) => format!("{}error: {e}", diag::render_human(diags, false)),
        other => format!("error: {other}"),
    }
}

async fn events(Extract(shared): Extract<Arc<Shared>>) -> impl IntoResponse {
    let ready = tokio_stream::once(Ok::<_, Infallible>(SseEvent::default().event("ready").data("ready")));
    let reloads = BroadcastStream::new(shared.reload.subscribe())
        .filter_map(|r| r.ok())
        .map(|_| Ok::<_, Infallible>(SseEvent::default().event("reload").data("reload")));
    Sse::new(ready.chain(reloads)).keep_alive(KeepAlive::default())
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
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The page a request path names, relative to the site: `None` for anything that is not
/// plainly inside it (`..`, backslashes, NUL, outside the base path).
pub fn site_path(request: &str, base_path: &str) -> Option<String> {
    let decoded = percent_decode(request)?;
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

/// Adds the reload script, and the error banner when the last rebuild failed, to a page.
fn decorate(html: &[u8], base_path: &str, error: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"{base_path}{EVENTS_PATH}\");s.addEventListener(\"reload\",function(){{location.reload();}});}})();</script>"
    );
    let mut out = html.replacen("</body>", &format!("{script}</body>"), 1);
    if let Some(err) = error {
        let banner = format!(
            "<div id=\"tally-error\" role=\"alert\" style=\"background:#fff3f2;color:#5c0a0a;border:3px solid #b3261e;margin:0;padding:1rem;font:14px/1.4 monospace;white-space:pre-wrap;overflow:auto\"><strong>The last change has errors. Showing the last good build until they are fixed.</strong>\n\n{}</div>",
            crate::markdown::escape_html(err)
        );
        out = out.replacen("<body>", &format!("<body>{banner}"), 1);
    }
    out.into_bytes()
}

async fn page(Extract(shared): Extract<Arc<Shared>>, uri: Uri) -> Response {
    let base = shared.base_path.as_str();
    if !base.is_empty() && (uri.path() == "/" || uri.path() == base) {
        return redirect(&format!("{base}/"));
    }
    let pages = shared.pages.read().unwrap_or_else(|e| e.into_inner()).clone();
    let error = shared.error.read().unwrap_or_else(|e| e.into_inner()).clone();
    let found = site_path(uri.path(), base).and_then(|p| {
        if pages.contains_key(&p) {
            Some(Ok(p))
        } else if pages.contains_key(&format!("{p}/index.html")) {
            Some(Err(format!("{}/", uri.path())))
        } else {
            None
        }
    });
    match found {
        Some(Ok(path)) => respond(
            StatusCode::OK,
            &path,
            &pages.get(&path).unwrap_or_default(),
            base,
            error.as_deref(),
        ),
        Some(Err(location)) => redirect(&location),
        None => match pages.get("404.html") {
            Some(body) => respond(StatusCode::NOT_FOUND, "404.html", &body, base, error.as_deref()),
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    }
}

fn respond(status: StatusCode, path: &str, body: &[u8], base: &str, error: Option<&str>) -> Response {
    let ct = content_type(path);
    let bytes = if ct.starts_with("text/html") {
        decorate(body, base, error)
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

fn redirect(location: &str) -> Response {
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
    fn pages_get_the_reload_script_and_the_error_banner() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(decorate(html, "/t", Some("a.md:1:1: error: <bad>"))).unwrap();
        assert!(out.contains("new EventSource(\"/t/__tally/events\")"));
        assert!(out.contains("<body><div id=\"tally-error\""));
        assert!(out.contains("a.md:1:1: error: &lt;bad&gt;"));
        assert!(out.contains("<p>x</p>"));
    }
}
