//! `tally serve`: serves under the base path, reloads on change, survives broken edits,
//! and never serves a file from outside the site. Loopback only.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{copy_of, fixture};

/// The server process, stopped when dropped.
struct Serve {
    child: Child,
    addr: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &std::path::Path) -> Serve {
    serve_with(root, &[])
}

fn serve_with(root: &std::path::Path, extra: &[&str]) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut line).unwrap();
    // Keep reading what the server prints, as a terminal would.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    // "Serving http://127.0.0.1:PORT/tracker/ (press Ctrl-C to stop)"
    let url = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/tracker/"),
        "{url}"
    );
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
    Serve { child, addr }
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
        err.starts_with("warning: --bind 192.0.2.1 can be reached from other computers: anyone on that network can read the drafts and embargoed entries this server shows\nerror: cannot listen on 192.0.2.1:0: "),
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
