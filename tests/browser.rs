//! The shipped tracker in a real browser: headless Chromium driven through WebDriver
//! (chromedriver), against the site built for `http://127.0.0.1:PORT/tracker` and served on
//! loopback under `/tracker/`.
//!
//! Ignored by default because it needs Chromium, chromedriver and axe-core:
//! `.ci/run` installs them (Debian's `chromium` and `chromium-driver`, npm's `axe-core` into
//! `target/npm`) and runs `cargo test --test browser -- --ignored`.
//!
//! A reader's path is clicked through, the text checked at each step; any console error, any
//! request to another host and any response other than 200 (but the deliberate missing page)
//! fails the test. axe-core checks five pages for serious or critical violations, and
//! screenshots at 390 and 1280 pixels, light and dark, go to `target/screenshots/`.
//! `tally serve` is checked too: its warnings, error banner and live reload in a real page.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// Requests the static server answered: (path, status).
type Log = Arc<Mutex<Vec<(String, u16)>>>;

/// Serves `root` under `/tracker/`, as GitHub Pages would: `dir/` is `dir/index.html`, and a
/// missing file gets `404.html` with status 404.
fn serve_static(listener: TcpListener, root: PathBuf, log: Log) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let log = log.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &root, &log);
            });
        }
    });
}

fn answer(mut stream: TcpStream, root: &Path, log: &Log) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let file = path
        .strip_prefix("/tracker/")
        .filter(|p| !p.split('/').any(|s| s == ".."))
        .map(|p| {
            if p.is_empty() || p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p.to_string()
            }
        });
    let (status, file) = match file.map(|f| root.join(f)) {
        Some(f) if f.is_file() => (200, f),
        _ => (404, root.join("404.html")),
    };
    log.lock().unwrap().push((path, status));
    let body = fs::read(&file)?;
    let ct = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    let reason = if status == 200 { "OK" } else { "Not Found" };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    Ok(())
}

/// chromedriver, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_chromedriver() -> (Driver, String) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is not installed: apt-get install chromium chromium-driver");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (Driver(child), format!("http://127.0.0.1:{port}"))
}

/// A chromedriver command that fantoccini has no method for.
#[derive(Debug)]
struct Raw {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Raw {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/{}", session.unwrap_or(""), self.path))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Browser console entries at SEVERE level since the last call.
async fn console_errors(c: &Client) -> Vec<String> {
    let entries = c
        .issue_cmd(Raw {
            path: "se/log",
            body: json!({"type": "browser"}),
        })
        .await
        .unwrap();
    entries
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or("").to_string())
        .collect()
}

async fn dark_mode(c: &Client, dark: bool) {
    let features = json!([{"name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" }}]);
    c.issue_cmd(Raw {
        path: "goog/cdp/execute",
        body: json!({"cmd": "Emulation.setEmulatedMedia", "params": {"features": features}}),
    })
    .await
    .unwrap();
}

async fn browser(driver: &str) -> Client {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut caps = Capabilities::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.display()),
                // Nothing but the loopback server can be reached, whatever a page asks for.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ]
        }),
    );
    caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await
        .expect("cannot start Chromium through chromedriver")
}

/// The strings of a JSON array returned by a script.
fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// Every resource a page loaded, as the browser saw it.
async fn resources(c: &Client) -> Vec<String> {
    let v = c
        .execute(
            "return performance.getEntries().map(e => e.name).filter(n => n.includes('://'));",
            vec![],
        )
        .await
        .unwrap();
    strings(&v)
}

async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
}

async fn click_link(c: &Client, text: &str) {
    c.find(Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("no link `{text}`: {e}"))
        .click()
        .await
        .unwrap();
}

/// Checks that the page loaded only from the loopback server and logged no error.
async fn assert_clean(c: &Client, origin: &str, what: &str) {
    for r in resources(c).await {
        assert!(r.starts_with(origin), "{what}: request to another host: {r}");
    }
    let errors = console_errors(c).await;
    assert!(errors.is_empty(), "{what}: console errors: {errors:?}");
}

fn axe_source() -> String {
    let path = std::env::var("AXE_CORE").map(PathBuf::from).unwrap_or_else(|_| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/npm/node_modules/axe-core/axe.min.js")
    });
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core not found at {} ({e}): npm install --prefix target/npm axe-core",
            path.display()
        )
    })
}

/// Serious and critical axe-core violations on the current page.
async fn axe(c: &Client, source: &str) -> Vec<String> {
    c.execute(source, vec![]).await.unwrap();
    let v = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {resultTypes: ['violations']}).then(r => done(
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))));",
            vec![],
        )
        .await
        .unwrap();
    strings(&v)
}

fn build_site(port: u16) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["build", "--output"])
        .arg(out.path().join("site"))
        .args(["--base-url", &format!("http://127.0.0.1:{port}/tracker")])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success());
    out
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs Chromium, chromedriver and axe-core; .ci/run installs them and runs it with --ignored"]
async fn a_reader_clicks_through_the_tracker() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let site = build_site(port);
    let log: Log = Arc::default();
    serve_static(listener, site.path().join("site"), log.clone());
    let origin = format!("http://127.0.0.1:{port}/");
    let base = format!("http://127.0.0.1:{port}/tracker/");

    let (_driver, url) = start_chromedriver();
    let c = browser(&url).await;
    c.set_window_size(1280, 1000).await.unwrap();

    // Home → a company.
    c.goto(&base).await.unwrap();
    assert_eq!(c.title().await.unwrap(), "Telecom Breach Tally");
    assert!(body_text(&c).await.contains("Most-hit companies"));
    assert_clean(&c, &origin, "home").await;
    click_link(&c, "T-Mobile").await;
    assert_eq!(
        c.current_url().await.unwrap().as_str(),
        format!("{base}companies/t-mobile/")
    );
    let t = body_text(&c).await;
    assert!(
        t.contains("10 known incidents counted in this tracker (1 disputed)."),
        "{t}"
    );
    assert_clean(&c, &origin, "company").await;

    // → one of its incidents.
    click_link(
        &c,
        "T-Mobile hacked in the Salt Typhoon campaign, WSJ reports; T-Mobile says it saw no significant impact",
    )
    .await;
    let incident_url = format!("{base}incidents/2024-11-15-salt-typhoon-t-mobile/");
    assert_eq!(c.current_url().await.unwrap().as_str(), incident_url);
    let t = body_text(&c).await;
    assert!(
        t.contains("The 10th known incident at T-Mobile in this tracker."),
        "{t}"
    );
    assert_clean(&c, &origin, "incident").await;

    // → an actor, then back.
    click_link(&c, "Salt Typhoon").await;
    assert_eq!(
        c.current_url().await.unwrap().as_str(),
        format!("{base}actors/salt-typhoon/")
    );
    let t = body_text(&c).await;
    assert!(t.contains("GhostEmperor") && t.contains("Kaspersky"), "{t}");
    assert!(t.contains("Verizon") && t.contains("Lumen"), "{t}");
    assert_clean(&c, &origin, "actor").await;
    c.back().await.unwrap();
    assert_eq!(c.current_url().await.unwrap().as_str(), incident_url);
    assert!(body_text(&c).await.contains("The 10th known incident at T-Mobile"));

    // The search box, with a former name: CenturyLink finds Lumen's incident.
    c.goto(&base).await.unwrap();
    c.find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys("CenturyLink")
        .await
        .unwrap();
    c.find(Locator::Css("form.search-box button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let hit = c
        .wait()
        .for_element(Locator::Css("#search-out .search-hit"))
        .await
        .unwrap();
    assert!(hit
        .text()
        .await
        .unwrap()
        .contains("China-linked hackers breached AT&T, Verizon and Lumen"));
    assert!(body_text(&c).await.contains("Lumen"));
    assert_clean(&c, &origin, "search").await;
    // A vendor's name for an actor finds its incidents, narrowed by status.
    c.goto(&format!("{base}search/?q=GhostEmperor&status=disputed"))
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#search-out .search-hit"))
        .await
        .unwrap();
    let hits = c.find_all(Locator::Css("#search-out .search-hit")).await.unwrap();
    assert_eq!(hits.len(), 1, "only the disputed one");
    assert!(hits[0]
        .text()
        .await
        .unwrap()
        .contains("T-Mobile hacked in the Salt Typhoon campaign"));
    assert_clean(&c, &origin, "search by alias").await;
    // A status alone, no words: every incident of that status.
    c.goto(&format!("{base}search/?status=disputed")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#search-out .search-hit"))
        .await
        .unwrap();
    let hits = c.find_all(Locator::Css("#search-out .search-hit")).await.unwrap();
    assert_eq!(hits.len(), 1, "the one disputed incident");
    assert!(hits[0]
        .text()
        .await
        .unwrap()
        .contains("T-Mobile hacked in the Salt Typhoon campaign"));

    // A missing page: the site's 404 page, with links that work.
    c.goto(&format!("{base}no-such-page/")).await.unwrap();
    assert!(body_text(&c).await.contains("Page not found"));
    let _ = console_errors(&c).await; // The 404 status itself is logged by Chromium.
    click_link(&c, "Companies and their tallies").await;
    assert_eq!(c.current_url().await.unwrap().as_str(), format!("{base}companies/"));
    assert_clean(&c, &origin, "companies").await;

    // Every response was 200 but the missing page's.
    let bad: Vec<_> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, s)| *s != 200 && p != "/tracker/no-such-page/")
        .cloned()
        .collect();
    assert!(bad.is_empty(), "unexpected responses: {bad:?}");

    // Accessibility and screenshots of five pages, at two widths, light and dark.
    let source = axe_source();
    let pages: BTreeMap<&str, String> = [
        ("home", base.clone()),
        ("incident", incident_url.clone()),
        ("company", format!("{base}companies/t-mobile/")),
        ("actor", format!("{base}actors/salt-typhoon/")),
        ("stats", format!("{base}stats/")),
        ("404", format!("{base}no-such-page/")),
    ]
    .into_iter()
    .collect();
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    fs::create_dir_all(&shots).unwrap();
    let mut violations = Vec::new();
    for dark in [false, true] {
        dark_mode(&c, dark).await;
        for (name, url) in &pages {
            for width in [390, 1280] {
                c.set_window_size(width, 2200).await.unwrap();
                c.goto(url).await.unwrap();
                let png = c.screenshot().await.unwrap();
                let scheme = if dark { "dark" } else { "light" };
                fs::write(shots.join(format!("{name}-{width}-{scheme}.png")), png).unwrap();
                if width == 1280 {
                    violations.extend(
                        axe(&c, &source)
                            .await
                            .into_iter()
                            .map(|v| format!("{name} ({scheme}): {v}")),
                    );
                }
            }
        }
    }
    assert!(violations.is_empty(), "axe-core found:\n{}", violations.join("\n"));
    c.close().await.unwrap();
}

/// The shipped tracker built from a copy, `extra` appended to its site.yaml.
fn build_copy(port: u16, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = dir.path().join("tracker");
    for sub in ["content/incidents", "content/companies", "content/actors"] {
        fs::create_dir_all(root.join(sub)).unwrap();
        for f in fs::read_dir(repo.join(sub)).unwrap().flatten() {
            fs::copy(f.path(), root.join(sub).join(f.file_name())).unwrap();
        }
    }
    let site = fs::read_to_string(repo.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), format!("{site}\n{extra}\n")).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["build", "--output"])
        .arg(dir.path().join("site"))
        .args(["--base-url", &format!("http://127.0.0.1:{port}/tracker")])
        .arg("--root")
        .arg(&root)
        .status()
        .unwrap();
    assert!(status.success());
    dir
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no `{css}`: {e}"))
        .text()
        .await
        .unwrap()
}

async fn texts_of(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

/// Waits until the search has written its results heading, and returns the results' titles.
async fn search_for(c: &Client, base: &str, query: &str) -> Vec<String> {
    let url = url::Url::parse_with_params(&format!("{base}search/"), &[("q", query)]).unwrap();
    c.goto(url.as_str()).await.unwrap();
    c.wait().for_element(Locator::Css("#search-out h2")).await.unwrap();
    texts_of(c, "#search-out .search-hit > a").await
}

/// Waits until `script` returns true.
async fn until(c: &Client, script: &str) {
    until_within(c, script, Duration::from_secs(10)).await
}

/// Waits until `script` returns true, for at most `limit`.
async fn until_within(c: &Client, script: &str, limit: Duration) {
    let start = Instant::now();
    loop {
        if c.execute(script, vec![]).await.unwrap() == Value::Bool(true) {
            return;
        }
        assert!(start.elapsed() < limit, "never true: {script}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs Chromium and chromedriver; .ci/run installs them and runs it with --ignored"]
async fn issue_12_search_answers_natural_questions_page_by_page() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Four to a page, so T-Mobile's ten incidents take three.
    let site = build_copy(port, "per_page: 4");
    let log: Log = Arc::default();
    serve_static(listener, site.path().join("site"), log.clone());
    let origin = format!("http://127.0.0.1:{port}/");
    let base = format!("http://127.0.0.1:{port}/tracker/");
    let (_driver, url) = start_chromedriver();
    let c = browser(&url).await;
    c.set_window_size(1280, 1000).await.unwrap();

    // A name, a word no title holds, and a year: the year filters by disclosure, the word is
    // ignored and the page says so; the header's box keeps the query; the lists for readers
    // without JavaScript make way for the results.
    let hits = search_for(&c, &base, "T-Mobile breach 2021").await;
    assert_eq!(
        hits,
        ["T-Mobile confirms 2021 hack; count of people affected rises to about 76 million"]
    );
    let notes = text_of(&c, "#search-out .search-notes").await;
    assert!(
        notes.contains("Disclosed in 2021") && notes.contains("Words left out of the search: breach"),
        "{notes}"
    );
    assert_eq!(text_of(&c, "#search-out h2").await, "Results (1)");
    let kept = c.find(Locator::Id("q")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("T-Mobile breach 2021"));
    assert!(!c
        .find(Locator::Id("search-lists"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());
    assert_clean(&c, &origin, "search with a year").await;

    // The Experian breach began in 2013 but was disclosed in 2015: 2015 finds it, 2013 does not.
    let hits = search_for(&c, &base, "experian 2015").await;
    assert!(hits[0].starts_with("Experian says"), "{hits:?}");
    assert!(search_for(&c, &base, "experian 2013").await.is_empty());

    // Misspelt names, found and corrected; names found by an alias say whose it is.
    let hits = search_for(&c, &base, "centurylnk").await;
    assert_eq!(
        hits,
        ["China-linked hackers breached AT&T, Verizon and Lumen, The Wall Street Journal reports"]
    );
    assert!(text_of(&c, "#search-out .search-notes")
        .await
        .contains("Did you mean CenturyLink?"));
    assert_eq!(
        texts_of(&c, "#search-out .search-names li").await,
        ["CenturyLink — former name of Lumen"]
    );
    let hits = search_for(&c, &base, "verison").await;
    assert_eq!(
        texts_of(&c, "#search-out .search-names li").await,
        ["Verizon — company"]
    );
    assert!(text_of(&c, "#search-out .search-notes")
        .await
        .contains("Did you mean Verizon?"));
    assert_eq!(hits.len(), 1, "{hits:?}");
    search_for(&c, &base, "GhostEmperor").await;
    assert_eq!(
        texts_of(&c, "#search-out .search-names li").await,
        ["GhostEmperor — Kaspersky's name for Salt Typhoon"]
    );
    assert_clean(&c, &origin, "misspelt names").await;

    // A later word of a name or alias finds it: "Typhoon" every Salt Typhoon incident, also
    // the one whose title does not say "Typhoon"; "Tempest" LAPSUS$ by Microsoft's name.
    let hits = search_for(&c, &base, "Typhoon").await;
    assert_eq!(
        texts_of(&c, "#search-out .search-names li").await,
        [
            "Salt Typhoon — threat actor",
            "Salt Typhoon telecom intrusions — campaign"
        ]
    );
    assert!(hits.iter().any(|h| h.contains("AT&T, Verizon and Lumen")), "{hits:?}");
    search_for(&c, &base, "Tempest").await;
    assert_eq!(
        texts_of(&c, "#search-out .search-names li").await,
        ["Strawberry Tempest — Microsoft's name for LAPSUS$"]
    );
    // A company's name matches titles by whole words: "ATT" is AT&T, not "attack".
    let hits = search_for(&c, &base, "ATT").await;
    assert_eq!(hits.len(), 1, "{hits:?}");

    // No silent cut: the total, a page at a time, and "more results" until all are shown.
    let hits = search_for(&c, &base, "T-Mobile").await;
    assert_eq!(hits.len(), 4);
    assert_eq!(text_of(&c, "#search-out h2").await, "Results (10)");
    assert_eq!(text_of(&c, ".search-count").await, "Showing 4 of 10");
    for shown in [8, 10] {
        c.find(Locator::Css(".search-more"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        until(
            &c,
            &format!("return document.querySelectorAll('.search-hit').length === {shown};"),
        )
        .await;
        assert_eq!(text_of(&c, ".search-count").await, format!("Showing {shown} of 10"));
    }
    assert!(!c
        .find(Locator::Css(".search-more"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());
    let all = texts_of(&c, "#search-out .search-hit > a").await;
    assert!(
        all[0].starts_with("T-Mobile hacked in the Salt Typhoon campaign"),
        "{all:?}"
    );
    assert!(all[9].starts_with("Experian says"), "{all:?}");
    // The first new result takes the focus, where reading goes on.
    let focused = c
        .execute("return document.activeElement.textContent;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!(all[8]));
    assert_clean(&c, &origin, "more results").await;

    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    fs::create_dir_all(&shots).unwrap();
    for dark in [false, true] {
        dark_mode(&c, dark).await;
        for width in [390, 1280] {
            c.set_window_size(width, 1400).await.unwrap();
            search_for(&c, &base, "salt typhon verison 2024").await;
            let scheme = if dark { "dark" } else { "light" };
            fs::write(
                shots.join(format!("search-{width}-{scheme}.png")),
                c.screenshot().await.unwrap(),
            )
            .unwrap();
        }
    }
    let bad: Vec<_> = log.lock().unwrap().iter().filter(|(_, s)| *s != 200).cloned().collect();
    assert!(bad.is_empty(), "unexpected responses: {bad:?}");
    c.close().await.unwrap();
}

/// How a page fits a phone: its width and the width it scrolls to, and the widest element
/// that sticks out, if one does.
async fn overflow(c: &Client) -> (i64, i64, String) {
    let v = c
        .execute(
            "const d = document.documentElement;
             let worst = '';
             for (const e of document.querySelectorAll('body *')) {
               const r = e.getBoundingClientRect();
               if (r.right > d.clientWidth + 0.5 && !e.closest('.visually-hidden, .skip-link, thead')) {
                 worst = e.tagName + '.' + e.className + ' ' + Math.round(r.right); break;
               }
             }
             return [d.scrollWidth, d.clientWidth, worst];",
            vec![],
        )
        .await
        .unwrap();
    (
        v[0].as_i64().unwrap(),
        v[1].as_i64().unwrap(),
        v[2].as_str().unwrap_or("").to_string(),
    )
}

/// The focused element's outline: its contrast against what is behind it (the first opaque
/// background among its ancestors), and how far it reaches past the page's top-left corner
/// (negative: cut off).
async fn focus_ring(c: &Client) -> (f64, f64, String) {
    let v = c
        .execute(
            "const e = document.activeElement, s = getComputedStyle(e);
             const rgb = t => (t.match(/[\\d.]+/g) || []).map(Number);
             const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
               .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
             let p = e.parentElement, bg = null;
             while (p) { const c = rgb(getComputedStyle(p).backgroundColor); if (c.length === 3 || c[3] > 0) { bg = c; break; } p = p.parentElement; }
             bg = bg || [255, 255, 255];
             const a = lum(rgb(s.outlineColor)), b = lum(bg);
             const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
             const r = e.getBoundingClientRect(), reach = parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth);
             return [s.outlineStyle === 'none' ? 0 : ratio, Math.min(r.top - reach, r.left - reach),
                     e.tagName + '.' + e.className + ' ' + s.outlineColor + ' on rgb(' + bg.join(',') + ')'];",
            vec![],
        )
        .await
        .unwrap();
    (
        v[0].as_f64().unwrap(),
        v[1].as_f64().unwrap(),
        v[2].as_str().unwrap_or("").to_string(),
    )
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs Chromium, chromedriver and axe-core; .ci/run installs them and runs it with --ignored"]
async fn lists_fit_a_phone_and_the_focus_ring_shows() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let site = build_site(port);
    serve_static(listener, site.path().join("site"), Log::default());
    let base = format!("http://127.0.0.1:{port}/tracker/");
    let (_driver, url) = start_chromedriver();
    let c = browser(&url).await;
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    fs::create_dir_all(&shots).unwrap();

    // At 390 px nothing is wider than the screen: no sideways scrolling, no cut words.
    c.set_window_size(390, 2200).await.unwrap();
    for (name, path) in [
        ("companies", "companies/"),
        ("actors", "actors/"),
        ("actor", "actors/salt-typhoon/"),
        ("company", "companies/t-mobile/"),
        ("incident", "incidents/2024-11-15-salt-typhoon-t-mobile/"),
        ("stats", "stats/"),
    ] {
        for dark in [false, true] {
            dark_mode(&c, dark).await;
            c.goto(&format!("{base}{path}")).await.unwrap();
            let (scroll, client, worst) = overflow(&c).await;
            assert!(client <= 390, "{name}: the window is {client} px wide");
            assert_eq!(scroll, client, "{name} scrolls sideways at 390 px: {worst}");
            assert!(worst.is_empty(), "{name}: {worst} sticks out at 390 px");
            let scheme = if dark { "dark" } else { "light" };
            let png = c.screenshot().await.unwrap();
            fs::write(shots.join(format!("phone-{name}-{scheme}.png")), png).unwrap();
        }
    }

    // The focus ring, light and dark: the skip link (first Tab), then the site's name in the
    // header, then the first link of the page's text.
    c.set_window_size(1280, 1000).await.unwrap();
    for dark in [false, true] {
        dark_mode(&c, dark).await;
        c.goto(&format!("{base}companies/")).await.unwrap();
        for stop in 0..3 {
            c.find(Locator::Css(if stop == 0 { "body" } else { ":focus" }))
                .await
                .unwrap()
                .send_keys(&fantoccini::key::Key::Tab.to_string())
                .await
                .unwrap();
            let (ratio, reach, what) = focus_ring(&c).await;
            assert!(
                ratio >= 3.0,
                "focus ring {what} (dark: {dark}): contrast {ratio:.2}, less than 3:1"
            );
            if stop == 0 {
                assert!(what.starts_with("A.skip-link"), "{what}");
                assert!(reach >= 0.0, "the skip link's outline is cut off by {reach} px");
                let png = c.screenshot().await.unwrap();
                let scheme = if dark { "dark" } else { "light" };
                fs::write(shots.join(format!("focus-skip-link-{scheme}.png")), png).unwrap();
            }
        }
    }
    c.close().await.unwrap();
}

/// `tally serve` in the browser: the warnings folded at the top of the page, the error banner
/// after a broken save and gone after the fix, all through the live-reload script, with no
/// script error.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs Chromium and chromedriver; .ci/run installs them and runs it with --ignored"]
async fn serve_shows_warnings_and_errors_as_the_tracker_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tracker");
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    assert!(Command::new("cp")
        .arg("-r")
        .arg(&fixture)
        .arg(&root)
        .status()
        .unwrap()
        .success());
    let mut server = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["serve", "--port", "0", "--now", "2026-11-25", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let server = Driver(server);
    let site = line.split_whitespace().nth(1).unwrap().to_string();
    let origin = site.trim_end_matches('/').to_string();

    let (_driver, url) = start_chromedriver();
    let c = browser(&url).await;
    // A rebuild, then the page's own reload: longer than a click takes.
    let eventually = |script: &'static str| until_within(&c, script, Duration::from_secs(20));
    c.goto(&format!("{site}incidents/a-2020/")).await.unwrap();
    eventually("const w = document.getElementById('tally-warnings'); return !!w && !w.open && w.textContent.includes('has no write-up');").await;

    // A mistyped year: the incident is held back, and the list says so.
    let good = fs::read_to_string(root.join("content/incidents/a-2020.md")).unwrap();
    fs::write(
        root.join("content/incidents/e-2026.md"),
        good.replace("disclosed: 2020-01-15", "disclosed: 2027-07-12"),
    )
    .unwrap();
    eventually("const w = document.getElementById('tally-warnings'); return !!w && w.textContent.includes('held back until 2027-07-12');").await;

    // A broken save: the banner comes; fixed: it goes, and the page is the new one.
    let file = root.join("content/incidents/a-2020.md");
    fs::write(&file, "---\ntitle: broken\n").unwrap();
    eventually("const e = document.getElementById('tally-error'); return !!e && e.textContent.includes('a-2020.md:1:1: error');").await;
    fs::write(
        &file,
        good.replace("First Lumen incident", "First Lumen incident, fixed"),
    )
    .unwrap();
    eventually("return !document.getElementById('tally-error') && document.querySelector('h1').textContent === 'First Lumen incident, fixed';").await;

    assert_clean(&c, &origin, "serve").await;
    c.close().await.unwrap();
    drop(server);
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs Chromium, chromedriver and axe-core; .ci/run installs them and runs it with --ignored"]
async fn issue_12_the_table_of_incidents_sorts_and_filters() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let site = build_site(port);
    let log: Log = Arc::default();
    serve_static(listener, site.path().join("site"), log.clone());
    let origin = format!("http://127.0.0.1:{port}/");
    let base = format!("http://127.0.0.1:{port}/tracker/");
    let (_driver, url) = start_chromedriver();
    let c = browser(&url).await;
    c.set_window_size(1280, 1000).await.unwrap();
    let titles = "return Array.from(document.querySelectorAll('#incident-table tbody tr td:nth-child(2)')).map(td => td.textContent);";

    c.goto(&format!("{base}table/")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#incident-table th button"))
        .await
        .unwrap();
    let rows = strings(&c.execute(titles, vec![]).await.unwrap());
    assert_eq!(rows.len(), 13);
    assert!(rows[0].starts_with("Viasat named"), "{rows:?}");

    // Sorted by the count affected: ascending, then descending, whatever the unit.
    let affected = c.find(Locator::XPath("//th/button[text()='Affected']")).await.unwrap();
    affected.click().await.unwrap();
    affected.click().await.unwrap();
    let th = c.find(Locator::XPath("//th[button[text()='Affected']]")).await.unwrap();
    assert_eq!(th.attr("aria-sort").await.unwrap().as_deref(), Some("descending"));
    let rows = strings(&c.execute(titles, vec![]).await.unwrap());
    assert!(rows[0].starts_with("T-Mobile confirms 2021 hack"), "{rows:?}");
    assert!(
        rows[1].starts_with("T-Mobile says an attacker abused an API"),
        "{rows:?}"
    );
    // By title, A to Z.
    c.find(Locator::XPath("//th/button[text()='Incident']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rows = strings(&c.execute(titles, vec![]).await.unwrap());
    assert!(rows[0].starts_with("Charter, Consolidated"), "{rows:?}");

    // Filtered through the search index: an actor's vendor name and a year.
    c.find(Locator::Id("table-q"))
        .await
        .unwrap()
        .send_keys("GhostEmperor 2025")
        .await
        .unwrap();
    until(
        &c,
        "return document.querySelectorAll('#incident-table tbody tr').length === 2;",
    )
    .await;
    let rows = strings(&c.execute(titles, vec![]).await.unwrap());
    assert!(
        rows[0].starts_with("Viasat named") && rows[1].starts_with("Charter, Consolidated"),
        "{rows:?}"
    );
    assert_eq!(text_of(&c, "#table-count").await, "2 matching");
    assert!(!c
        .find(Locator::Id("table-pager"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());
    let cells = texts_of(&c, "#incident-table tbody tr:first-child td").await;
    assert_eq!(
        cells,
        [
            "17 June 2025",
            "Viasat named as a Salt Typhoon victim, Bloomberg reports; Viasat confirms a breach",
            "Viasat",
            "Salt Typhoon",
            "",
            "CONFIRMED"
        ]
    );
    // Sorting works on the filtered rows too, and clearing the filter brings the page back.
    c.find(Locator::XPath("//th/button[text()='Disclosed']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rows = strings(&c.execute(titles, vec![]).await.unwrap());
    assert!(rows[0].starts_with("Charter, Consolidated"), "{rows:?}");
    c.execute(
        "const q = document.getElementById('table-q'); q.value = ''; q.dispatchEvent(new Event('input'));",
        vec![],
    )
    .await
    .unwrap();
    until(
        &c,
        "return document.querySelectorAll('#incident-table tbody tr').length === 13;",
    )
    .await;
    assert_clean(&c, &origin, "table").await;

    // Accessibility and screenshots of the pages this issue changes.
    let source = axe_source();
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    fs::create_dir_all(&shots).unwrap();
    let pages = [
        ("table", format!("{base}table/?q=salt%20typhoon")),
        ("search-natural", format!("{base}search/?q=T-Mobile%20breach%202021")),
        ("incident-lead", format!("{base}incidents/2021-08-t-mobile-76-million/")),
        ("company-totals", format!("{base}companies/t-mobile/")),
        ("incidents-by-year", format!("{base}incidents/")),
    ];
    let mut violations = Vec::new();
    for dark in [false, true] {
        dark_mode(&c, dark).await;
        for (name, url) in &pages {
            for width in [390, 1280] {
                c.set_window_size(width, 1600).await.unwrap();
                c.goto(url).await.unwrap();
                tokio::time::sleep(Duration::from_millis(400)).await;
                let scheme = if dark { "dark" } else { "light" };
                fs::write(
                    shots.join(format!("{name}-{width}-{scheme}.png")),
                    c.screenshot().await.unwrap(),
                )
                .unwrap();
                violations.extend(
                    axe(&c, &source)
                        .await
                        .into_iter()
                        .map(|v| format!("{name} {width} ({scheme}): {v}")),
                );
            }
        }
    }
    assert!(violations.is_empty(), "axe-core found:\n{}", violations.join("\n"));
    let bad: Vec<_> = log.lock().unwrap().iter().filter(|(_, s)| *s != 200).cloned().collect();
    assert!(bad.is_empty(), "unexpected responses: {bad:?}");
    c.close().await.unwrap();
}
