//! `tally serve`: serves under the base path, reloads on change, survives broken edits,
//! and never serves a file from outside the site. Loopback only.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::util::{copy_of, fixture, repo};

/// The server process, stopped when dropped. What it prints, on stdout and stderr, goes to
/// one log file in the order it was written.
struct Serve {
    child: Child,
    addr: String,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until the server has printed `what` `times` times in all.
    fn wait_log(&self, what: &str, times: usize) -> String {
        let start = Instant::now();
        loop {
            let log = self.log();
            if log.matches(what).count() >= times {
                return log;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "`{what}` not printed {times} times:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn serve(root: &Path) -> Serve {
    serve_with(root, &[])
}

fn serve_with(root: &Path, extra: &[&str]) -> Serve {
    let log_dir = tempfile::tempdir().unwrap();
    let log = log_dir.path().join("serve.log");
    let file = fs::File::create(&log).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .args(extra)
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap();
    // "Serving http://127.0.0.1:PORT/tracker/ (press Ctrl-C to stop)"
    let start = Instant::now();
    let line = loop {
        let text = fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.starts_with("Serving ") && l.ends_with(')')) {
            break line.to_string();
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("tally serve ended ({status}) before serving:\n{text}");
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no address in:\n{text}");
        std::thread::sleep(Duration::from_millis(20));
    };
    let url = line.split_whitespace().nth(1).unwrap();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with('/'), "{url}");
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
    Serve {
        child,
        addr,
        log,
        _log_dir: log_dir,
    }
}

/// GET over a plain socket: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let (status, _, body) = get_as(addr, path, addr);
    (status, body)
}

/// GET with the given `Host` header (and an `Origin`, as a browser would send from another
/// site): (status, headers, body).
fn get_as(addr: &str, path: &str, host: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://attacker.example\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw.split_whitespace().nth(1).unwrap().parse().unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    (status, head.to_ascii_lowercase(), body.to_string())
}

/// Subscribes to the reload events and waits until the stream says it is ready.
fn subscribe(addr: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(s, "GET /tracker/__tally/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    wait_for(&mut s, "event: ready");
    s
}

fn wait_for(s: &mut TcpStream, what: &str) {
    let start = Instant::now();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains(what) {
        assert!(start.elapsed() < Duration::from_secs(15), "no `{what}` in {seen:?}");
        let n = s.read(&mut buf).unwrap_or(0);
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

fn fixture_under_tracker() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = copy_of(&fixture("basic"));
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        root.join("site.yaml"),
        site.replace("https://example.org", "https://user.github.io/tracker"),
    )
    .unwrap();
    (dir, root)
}

#[test]
fn serves_reloads_and_keeps_the_last_good_build() {
    let (_dir, root) = fixture_under_tracker();
    let server = serve(&root);
    let addr = server.addr.as_str();

    let (status, body) = get(addr, "/tracker/incidents/a-2020/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>First Lumen incident</h1>"));
    assert!(
        body.contains("href=\"/tracker/companies/lumen/\""),
        "links work under the prefix"
    );
    assert!(
        body.contains("new EventSource(\"/tracker/__tally/events\")"),
        "reload script injected"
    );
    assert_eq!(get(addr, "/tracker/style.css").0, 200);

    // An edit: a reload event, then the changed page.
    let mut events = subscribe(addr);
    let file = root.join("content/incidents/a-2020.md");
    let good = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        good.replace("First Lumen incident", "First Lumen incident, revised"),
    )
    .unwrap();
    wait_for(&mut events, "event: reload");
    let (_, body) = get(addr, "/tracker/incidents/a-2020/");
    assert!(body.contains("<h1>First Lumen incident, revised</h1>"), "{body}");
    let (_, lumen) = get(addr, "/tracker/companies/lumen/");
    assert!(
        lumen.contains("First Lumen incident, revised"),
        "the company page follows"
    );

    // A broken edit: the error on the page, the last good build under it.
    fs::write(&file, "---\ntitle: broken\n").unwrap();
    wait_for(&mut events, "event: reload");
    let (status, body) = get(addr, "/tracker/incidents/a-2020/");
    assert_eq!(status, 200);
    assert!(body.contains("id=\"tally-error\""), "{body}");
    assert!(
        body.contains("content/incidents/a-2020.md:1:1: error: the front matter opened here has no closing `---`"),
        "{body}"
    );
    assert!(
        body.contains("<h1>First Lumen incident, revised</h1>"),
        "last good build still served"
    );

    // Fixing it brings the site back by itself.
    fs::write(&file, &good).unwrap();
    wait_for(&mut events, "event: reload");
    let (_, body) = get(addr, "/tracker/incidents/a-2020/");
    assert!(!body.contains("tally-error"));
    assert!(body.contains("<h1>First Lumen incident</h1>"));
}

#[test]
fn never_serves_outside_the_site() {
    let (_dir, root) = fixture_under_tracker();
    let server = serve(&root);
    let addr = server.addr.as_str();
    for path in [
        "/../Cargo.toml",
        "/tracker/../Cargo.toml",
        "/tracker/%2e%2e/site.yaml",
        "/tracker/%2E%2E%2Fsite.yaml",
        "/tracker/..%2fsite.yaml",
        "/tracker/..%5csite.yaml",
        "/tracker/content/incidents/a-2020.md",
        "/site.yaml",
    ] {
        let (status, body) = get(addr, path);
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("Page not found"), "{path}: the site's own 404 page");
        assert!(!body.contains("base_url"), "{path}");
    }
    let (status, _) = get(addr, "/");
    assert_eq!(status, 302, "the root redirects to the base path");
}

#[test]
fn answers_only_requests_addressed_to_this_computer() {
    let (_dir, root) = fixture_under_tracker();
    let server = serve_with(&root, &["--allowed-host", "preview.newsroom.lan"]);
    let addr = server.addr.as_str();
    let port = addr.rsplit(':').next().unwrap();
    let refusal = "403 Forbidden: tally serve answers only requests addressed to localhost, 127.0.0.1, [::1], the --bind address or a host given with --allowed-host, so that other web sites cannot read the drafts it shows\n";
    for host in [
        "attacker.example".to_string(),
        format!("attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
    ] {
        for path in [
            "/tracker/",
            "/tracker/incidents/a-2020/",
            "/tracker/__tally/events",
            "/nowhere",
        ] {
            let (status, head, body) = get_as(addr, path, &host);
            assert_eq!(status, 403, "{host} {path}");
            assert_eq!(body, refusal, "{host} {path}");
            assert!(!head.contains("access-control-"), "{host} {path}: {head}");
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
        "preview.newsroom.lan".to_string(),
        format!("Preview.Newsroom.LAN:{port}"),
    ] {
        let (status, head, body) = get_as(addr, "/tracker/incidents/a-2020/", &host);
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("<h1>First Lumen incident</h1>"), "{host}");
        assert!(!head.contains("access-control-"), "{host}: {head}");
    }
}

#[test]
fn binding_beyond_this_computer_warns_that_drafts_can_be_read() {
    let (_dir, root) = fixture_under_tracker();
    // A documentation address (TEST-NET-1): no machine has it, so nothing is opened to a
    // network; the warning comes before the attempt.
    let o = crate::util::tally(
        &root,
        &[
            "serve",
            "--port",
            "0",
            "--bind",
            "192.0.2.1",
            "--root",
            root.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = crate::util::stderr(&o);
    assert!(
        err.starts_with("warning: --bind 192.0.2.1 can be reached from other computers: anyone on that network can read the drafts this server shows\nerror: cannot listen on 192.0.2.1:0: "),
        "{err}"
    );
    let o = crate::util::tally(
        &root,
        &["serve", "--port", "0", "--bind", "::1", "--root", "no-such-folder"],
    );
    assert_eq!(
        crate::util::stderr(&o),
        "error: no-such-folder is not a folder\n",
        "loopback binds do not warn"
    );
}

/// GETs `path` until `ok` accepts the answer; fails after 20 seconds with the last answer.
fn eventually(addr: &str, path: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let start = Instant::now();
    loop {
        let (status, body) = get(addr, path);
        if ok(status, &body) {
            return (status, body);
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{path} never came as expected; last answer {status}:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

/// Saves as `sed -i`, vim's `backupcopy=no` and many IDEs do: the new text goes to a temporary
/// file beside the file, which is then renamed over it.
fn save_by_rename(file: &Path, text: &str) {
    let temp = file.with_file_name("sedX7kQ2a");
    fs::write(&temp, text).unwrap();
    fs::rename(&temp, file).unwrap();
}

fn location(head: &str) -> Option<&str> {
    head.lines().find_map(|l| l.strip_prefix("location: ")).map(str::trim)
}

#[test]
fn starts_with_errors_then_shows_the_site_once_they_are_fixed() {
    let (_dir, root) = fixture_under_tracker();
    let file = root.join("content/incidents/a-2020.md");
    let good = fs::read_to_string(&file).unwrap();
    fs::write(&file, "---\ntitle: broken\n").unwrap();
    let server = serve(&root);
    let addr = server.addr.as_str();

    let error = "content/incidents/a-2020.md:1:1: error: the front matter opened here has no closing `---`";
    let log = server.wait_log("Serving a page listing the errors until they are fixed.", 1);
    assert!(log.contains(error), "{log}");
    for path in ["/tracker/", "/tracker/incidents/b-2021/"] {
        let (status, body) = get(addr, path);
        assert_eq!(status, 503, "{path}");
        assert!(body.contains("<div id=\"tally-error\""), "{path}: {body}");
        assert!(
            body.contains("The tracker has errors, so there is no site to show yet."),
            "{body}"
        );
        assert!(
            body.contains(error),
            "{path}: the same report as the terminal's: {body}"
        );
        assert!(
            body.contains("new EventSource(\"/tracker/__tally/events\")"),
            "the page reloads by itself: {body}"
        );
    }

    let mut events = subscribe(addr);
    fs::write(&file, &good).unwrap();
    wait_for(&mut events, "event: reload");
    let (status, body) = eventually(addr, "/tracker/incidents/a-2020/", |s, _| s == 200);
    assert_eq!(status, 200);
    assert!(body.contains("<h1>First Lumen incident</h1>"), "{body}");
    assert!(!body.contains("tally-error"), "{body}");
    assert!(server.log().contains("Rebuilt "), "{}", server.log());
}

#[test]
fn sees_every_save_however_the_editor_saves() {
    let (_dir, root) = fixture_under_tracker();
    let server = serve(&root);
    let addr = server.addr.as_str();
    let page = "/tracker/incidents/a-2020/";
    let file = root.join("content/incidents/a-2020.md");
    let good = fs::read_to_string(&file).unwrap();
    let titled = |t: &str| good.replace("First Lumen incident", t);
    let has = |text: &'static str| move |s: u16, b: &str| s == 200 && b.contains(text);

    // Written to a temporary file, renamed over the old one (sed -i, IDEs).
    save_by_rename(&file, &titled("Renamed into place"));
    eventually(addr, page, has("<h1>Renamed into place</h1>"));

    // Vim: the old file becomes a backup, a new file is written, the backup removed.
    let backup = root.join("content/incidents/a-2020.md~");
    fs::rename(&file, &backup).unwrap();
    fs::write(&file, titled("Written by vim")).unwrap();
    fs::remove_file(&backup).unwrap();
    eventually(addr, page, has("<h1>Written by vim</h1>"));

    // Deleted, then created again.
    fs::remove_file(&file).unwrap();
    eventually(addr, page, |s, _| s == 404);
    fs::write(&file, titled("Created again")).unwrap();
    eventually(addr, page, has("<h1>Created again</h1>"));

    // A folder of incidents moved out, moved back in, then renamed: its files count, or not.
    let folder = root.join("content/incidents/2020");
    fs::create_dir(&folder).unwrap();
    fs::rename(&file, folder.join("a-2020.md")).unwrap();
    eventually(addr, page, has("<h1>Created again</h1>"));
    let away = _dir.path().join("away");
    fs::rename(&folder, &away).unwrap();
    eventually(addr, page, |s, _| s == 404);
    fs::rename(&away, &folder).unwrap();
    eventually(addr, page, has("<h1>Created again</h1>"));
    fs::rename(&folder, root.join("content/incidents/y2020")).unwrap();
    fs::remove_dir_all(root.join("content/incidents/y2020")).unwrap();
    eventually(addr, page, |s, _| s == 404);
    fs::write(&file, titled("Created again")).unwrap();
    eventually(addr, page, has("<h1>Created again</h1>"));

    // site.yaml saved by renaming, twice: it is still watched after the first.
    let site = root.join("site.yaml");
    let settings = fs::read_to_string(&site).unwrap();
    save_by_rename(&site, &settings.replace("Fixture Tracker", "Once Renamed Tracker"));
    eventually(addr, "/tracker/", has("Once Renamed Tracker"));
    save_by_rename(&site, &settings.replace("Fixture Tracker", "Twice Renamed Tracker"));
    eventually(addr, "/tracker/", has("Twice Renamed Tracker"));

    // A mistake in site.yaml, saved by renaming, then fixed the same way: the error leaves
    // the page.
    save_by_rename(&site, &settings.replace("language: en", "language: [en"));
    eventually(addr, "/tracker/", |_, b| b.contains("id=\"tally-error\""));
    save_by_rename(&site, &settings);
    let (_, home) = eventually(addr, "/tracker/", |_, b| !b.contains("tally-error"));
    assert!(home.contains("Fixture Tracker"), "{home}");

    // Folders created after the start.
    fs::create_dir(root.join("static")).unwrap();
    fs::write(root.join("static/extra.css"), "p { color: teal }\n").unwrap();
    let (_, css) = eventually(addr, "/tracker/extra.css", |s, _| s == 200);
    assert_eq!(css, "p { color: teal }\n");
    fs::create_dir(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}\n{% block content %}<h1>Lost at sea</h1>{% endblock content %}\n",
    )
    .unwrap();
    eventually(addr, "/tracker/nowhere", |s, b| {
        s == 404 && b.contains("<h1>Lost at sea</h1>")
    });

    // A folder removed and made again is watched again.
    fs::remove_dir_all(root.join("static")).unwrap();
    eventually(addr, "/tracker/extra.css", |s, _| s == 404);
    fs::create_dir(root.join("static")).unwrap();
    fs::write(root.join("static/extra.css"), "p { color: navy }\n").unwrap();
    eventually(addr, "/tracker/extra.css", |s, b| {
        s == 200 && b == "p { color: navy }\n"
    });
    fs::write(root.join("static/extra.css"), "p { color: olive }\n").unwrap();
    eventually(addr, "/tracker/extra.css", |s, b| {
        s == 200 && b == "p { color: olive }\n"
    });
}

#[test]
fn a_new_base_url_moves_the_site_and_the_old_address_redirects() {
    let (_dir, root) = fixture_under_tracker();
    let server = serve(&root);
    let addr = server.addr.as_str();
    let mut events = subscribe(addr);
    let site = root.join("site.yaml");
    let settings = fs::read_to_string(&site).unwrap();
    save_by_rename(
        &site,
        &settings.replace("https://user.github.io/tracker", "https://user.github.io/newsroom"),
    );
    // The page open at the old address hears about it on the stream it already has.
    wait_for(&mut events, "event: reload");

    let (status, body) = eventually(addr, "/newsroom/incidents/a-2020/", |s, _| s == 200);
    assert_eq!(status, 200);
    assert!(body.contains("<h1>First Lumen incident</h1>"), "{body}");
    assert!(body.contains("href=\"/newsroom/companies/lumen/\""), "{body}");
    assert!(body.contains("href=\"/newsroom/style.css\""), "{body}");
    assert!(body.contains("new EventSource(\"/newsroom/__tally/events\")"), "{body}");
    let (status, css) = get(addr, "/newsroom/style.css");
    assert_eq!(status, 200);
    assert!(css.contains('{'), "{css}");
    assert_eq!(get(addr, "/newsroom/companies/lumen/").0, 200);

    for (old, new) in [
        ("/tracker/incidents/a-2020/", "/newsroom/incidents/a-2020/"),
        ("/tracker/incidents/a-2020", "/newsroom/incidents/a-2020/"),
        ("/tracker/", "/newsroom/"),
        ("/tracker/style.css", "/newsroom/style.css"),
        ("/", "/newsroom/"),
    ] {
        let (status, head, _) = get_as(addr, old, addr);
        assert_eq!(status, 302, "{old}");
        assert_eq!(location(&head), Some(new), "{old}: {head}");
    }
    assert_eq!(get(addr, "/tracker/no-such-page/").0, 404);
    let port = addr.rsplit(':').next().unwrap();
    let log = server.log();
    assert!(
        log.contains(&format!(
            "site.yaml moved the site: now serving http://127.0.0.1:{port}/newsroom/ (the old address redirects there)"
        )),
        "{log}"
    );
}

#[test]
fn a_base_path_beyond_ascii_is_served_redirected_and_reloads() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        root.join("site.yaml"),
        site.replace("https://example.org", "https://user.github.io/trackér"),
    )
    .unwrap();
    let server = serve(&root);
    let addr = server.addr.as_str();
    let (status, body) = get(addr, "/track%C3%A9r/incidents/a-2020/");
    assert_eq!(status, 200);
    assert!(body.contains("new EventSource(\"/trackér/__tally/events\")"), "{body}");
    // A browser asks for the page's stream with the path encoded.
    let mut events = TcpStream::connect(addr).unwrap();
    events.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(
        events,
        "GET /track%C3%A9r/__tally/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    wait_for(&mut events, "event: ready");
    let file = root.join("content/incidents/a-2020.md");
    let text = fs::read_to_string(&file).unwrap();
    save_by_rename(&file, &text.replace("First write-up.", "First write-up, revised."));
    wait_for(&mut events, "event: reload");
    // Redirects carry the path encoded, and the query as it was (`get_as` lowercases headers).
    for (from, to) in [
        ("/", "/track%c3%a9r/"),
        ("/track%C3%A9r", "/track%c3%a9r/"),
        (
            "/track%C3%A9r/search?q=Lumen%20corp",
            "/track%c3%a9r/search/?q=lumen%20corp",
        ),
    ] {
        let (status, head, _) = get_as(addr, from, addr);
        assert_eq!(status, 302, "{from}");
        assert_eq!(location(&head), Some(to), "{from}: {head}");
    }
}

#[test]
fn a_template_that_fails_shows_its_error_on_the_page_and_once_in_the_terminal() {
    let (_dir, root) = fixture_under_tracker();
    fs::create_dir_all(root.join("templates")).unwrap();
    let theme = fs::read_to_string(repo().join("templates/about.html")).unwrap();
    let broken = theme.replacen("{% block content %}", "{% block content %}{{ page.nosuchfield }}", 1);
    assert_ne!(broken, theme);
    fs::write(root.join("templates/about.html"), &broken).unwrap();
    let server = serve(&root);
    let addr = server.addr.as_str();
    for _ in 0..2 {
        let (status, body) = get(addr, "/tracker/about/");
        assert_eq!(status, 500, "{body}");
        assert!(
            body.contains("This page could not be made: a template has an error."),
            "{body}"
        );
        assert!(body.contains("Field `nosuchfield` is not defined"), "{body}");
        assert!(body.contains("new EventSource(\"/tracker/__tally/events\")"), "{body}");
    }
    assert_eq!(get(addr, "/tracker/incidents/a-2020/").0, 200, "other pages are served");
    // Asked for without its slash, the page's address with one, which says why.
    let (status, head, _) = get_as(addr, "/tracker/about", addr);
    assert_eq!((status, location(&head)), (302, Some("/tracker/about/")), "{head}");
    let log = server.wait_log("The page shows this error until it is fixed.", 1);
    assert_eq!(
        log.matches("template `about.html` failed while rendering about/index.html")
            .count(),
        1,
        "said once for two requests: {log}"
    );
    save_by_rename(&root.join("templates/about.html"), &theme);
    let (status, _) = eventually(addr, "/tracker/about/", |s, _| s == 200);
    assert_eq!(status, 200);
}

#[test]
fn serve_outside_a_tracker_says_so_and_ends() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: . is not a tracker: it has no site.yaml and no content/ folder"),
        "{err}"
    );
    assert!(!String::from_utf8_lossy(&o.stdout).contains("Serving"));
}

#[test]
fn a_save_through_a_temporary_file_reports_its_error_once() {
    let (_dir, root) = fixture_under_tracker();
    let server = serve(&root);
    let addr = server.addr.as_str();
    let file = root.join("content/incidents/a-2020.md");
    let good = fs::read_to_string(&file).unwrap();
    save_by_rename(&file, &good.replace("title: First Lumen incident", "title: [First"));

    let (_, body) = eventually(addr, "/tracker/incidents/a-2020/", |_, b| b.contains("tally-error"));
    let error = "content/incidents/a-2020.md:2:8: error: the front matter is not valid YAML";
    assert_eq!(body.matches(error).count(), 1, "{body}");
    assert!(body.contains("\n1 error to fix</div>"), "{body}");
    assert!(!body.contains("nothing was written"), "{body}");

    // Fixed: once that rebuild is reported, everything the broken save caused has been too.
    fs::write(&file, &good).unwrap();
    let log = server.wait_log("Rebuilt ", 1);
    assert_eq!(log.matches(error).count(), 1, "{log}");
    assert_eq!(log.matches("Still serving the last good build.").count(), 1, "{log}");
    assert!(log.contains("error: the content has 1 error;"), "{log}");
}

#[test]
fn warnings_show_in_the_terminal_and_in_a_collapsed_list_on_the_page() {
    let (_dir, root) = fixture_under_tracker();
    let server = serve_with(&root, &["--now", "2026-11-25"]);
    let addr = server.addr.as_str();
    let mut events = subscribe(addr);
    // A mistyped year: the incident vanishes from the site, held back until then.
    let good = fs::read_to_string(root.join("content/incidents/a-2020.md")).unwrap();
    fs::write(
        root.join("content/incidents/e-2026.md"),
        good.replace("disclosed: 2020-01-15", "disclosed: 2027-07-12")
            .replace("First Lumen incident", "Typo in the year"),
    )
    .unwrap();

    let held = "content/incidents/e-2026.md:3:1: warning: disclosed in the future: held back until 2027-07-12";
    wait_for(&mut events, "held back until 2027-07-12");
    let (status, body) = eventually(addr, "/tracker/", |_, b| b.contains("held back until 2027-07-12"));
    assert_eq!(status, 200);
    let list = body
        .split("<details id=\"tally-warnings\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no list of warnings: {body}"));
    let list = &list[..list.find("</details>").unwrap()];
    assert!(list.starts_with(' ') && !list.starts_with(" open"), "collapsed: {list}");
    assert!(list.contains("<summary>"), "{list}");
    assert!(list.contains(held), "{list}");
    assert!(!body.contains("Typo in the year"), "the incident itself is held back");
    let log = server.wait_log(held, 1);
    assert!(log.contains("Rebuilt "), "{log}");
}

#[test]
fn a_port_in_use_is_named_with_a_way_out() {
    let (_dir, root) = fixture_under_tracker();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let o = crate::util::tally(
        &root,
        &["serve", "--port", &port.to_string(), "--root", root.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        crate::util::stderr(&o),
        format!(
            "error: cannot listen on 127.0.0.1:{port}: port {port} is already in use, perhaps by another `tally serve`; stop that one, or choose another port with --port (--port {} for one, or --port 0 for any free port)\n",
            port + 1
        )
    );
}

#[test]
fn an_error_stays_on_the_page_until_its_own_file_is_fixed() {
    let (_dir, root) = fixture_under_tracker();
    let server = serve(&root);
    let addr = server.addr.as_str();
    let incidents = root.join("content/incidents");
    let (a, b, c) = (
        incidents.join("a-2020.md"),
        incidents.join("b-2021.md"),
        incidents.join("c-2022.md"),
    );
    let (good_a, good_b, good_c) = (
        fs::read_to_string(&a).unwrap(),
        fs::read_to_string(&b).unwrap(),
        fs::read_to_string(&c).unwrap(),
    );
    let error_a = "content/incidents/a-2020.md:1:1: error: the front matter opened here has no closing `---`";
    let error_c = "content/incidents/c-2022.md:2:8: error: the front matter is not valid YAML";

    fs::write(&a, "---\ntitle: broken\n").unwrap();
    eventually(addr, "/tracker/", |_, body| body.contains(error_a));
    // Another file saved without a mistake does not make the first one's error go away.
    fs::write(&b, good_b.replace("title: Second", "title: Edited meanwhile, second")).unwrap();
    fs::write(&c, good_c.replace("title: Retracted report", "title: [Retracted")).unwrap();
    let (_, body) = eventually(addr, "/tracker/", |_, body| body.contains(error_c));
    assert!(body.contains(error_a), "{body}");
    assert!(body.contains("\n2 errors to fix</div>"), "{body}");

    fs::write(&a, &good_a).unwrap();
    fs::write(&c, &good_c).unwrap();
    let (_, body) = eventually(addr, "/tracker/incidents/b-2021/", |_, body| {
        !body.contains("id=\"tally-error\"") && body.contains("Edited meanwhile")
    });
    assert!(body.contains("<h1>Edited meanwhile, second &lt;script&gt;"), "{body}");
}
