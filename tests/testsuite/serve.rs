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
    let mut child = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
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
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
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
