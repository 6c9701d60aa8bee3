//! Drafts: `tally new` writes one, `serve` previews it marked "Draft", `build` leaves it out
//! unless `--drafts`, and what a draft leaves empty is a warning until `draft: true` goes.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::util::{copy_of, fixture, read, stderr, stdout, tally, text};

const NEW: &str = "content/incidents/2024-10-05-acme-loses-customer-data.md";

/// `tally new` in a copy of the basic fixture: the new draft's path.
fn new_draft(root: &std::path::Path) {
    let o = tally(
        root,
        &[
            "new",
            "Acme loses customer data",
            "--company",
            "Lumen",
            "--disclosed",
            "2024-10-05",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_new_draft_previews_with_warnings_and_is_held_out_of_the_build() {
    let (_dir, root) = copy_of(&fixture("basic"));
    new_draft(&root);
    let written = fs::read_to_string(root.join(NEW)).unwrap();
    assert!(written.contains("\ndraft: true\n---\n"), "{written}");

    // Half-written: the empty publisher is a warning, so the draft still builds.
    let o = tally(&root, &["check", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!(
            "{NEW}:30:5: warning: `publisher` is empty\n30 |     publisher:\n   |     ^\n   = hint: write who published it, e.g. `publisher: The Record`\n           (a draft may leave it empty; fill it in before removing `draft: true`)\n"
        )),
        "{}",
        stdout(&o)
    );

    // `build` leaves it out; `build --drafts` shows it, marked on its page and in lists.
    let out = root.join("public");
    let o = tally(&root, &["build", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!out
        .join("incidents/2024-10-05-acme-loses-customer-data/index.html")
        .exists());
    assert!(!text(&read(&out, "incidents/index.html")).contains("Acme loses customer data"));
    let o = tally(&root, &["build", "--drafts", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = read(&out, "incidents/2024-10-05-acme-loses-customer-data/index.html");
    assert!(
        page.contains("<p class=\"kicker\"><span class=\"draft\">Draft</span> "),
        "{page}"
    );
    assert!(text(&read(&out, "incidents/index.html")).contains("Draft Acme loses customer data"));
    assert!(text(&read(&out, "companies/lumen/index.html")).contains("Draft Acme loses customer data"));
    // A published incident carries no mark.
    assert!(!read(&out, "incidents/a-2020/index.html").contains("class=\"draft\""));

    // Without `draft: true`, the same gap is an error.
    fs::write(root.join(NEW), written.replace("\ndraft: true\n", "\n")).unwrap();
    let o = tally(&root, &["check", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!(
            "{NEW}:30:5: error: `publisher` is empty\n30 |     publisher:\n   |     ^\n   = hint: write who published it, e.g. `publisher: The Record`\n"
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_draft_with_every_required_field_empty_still_previews() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let path = root.join("content/incidents/2024-11-02-untitled.md");
    fs::write(
        &path,
        "---\ntitle:\ndisclosed:\ncompanies: []\nsources:\ndraft: true\n---\n",
    )
    .unwrap();
    let o = tally(&root, &["check", "--drafts", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    for (line, message) in [
        ("2:1", "`title` is empty"),
        ("3:1", "`disclosed` is empty"),
        ("4:12", "`companies` needs at least one name"),
        ("5:1", "`sources` is empty"),
    ] {
        let want = format!("content/incidents/2024-11-02-untitled.md:{line}: warning: {message}\n");
        assert!(stdout(&o).contains(&want), "{want}{}", stdout(&o));
    }
    let out = root.join("public");
    let o = tally(&root, &["build", "--drafts", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The file name stands in for the title, and its date for the disclosure.
    let page = text(&read(&out, "incidents/2024-11-02-untitled/index.html"));
    assert!(page.contains("Draft reported 2024-11-02-untitled"), "{page}");
    assert!(page.contains("Disclosed 2 November 2024"), "{page}");
}

#[test]
fn new_takes_a_month_for_disclosed() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let o = tally(
        &root,
        &["new", "Acme breach", "--company", "Lumen", "--disclosed", "2024-11"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = fs::read_to_string(root.join("content/incidents/2024-11-acme-breach.md")).unwrap();
    assert!(written.contains("\ndisclosed: 2024-11\n"), "{written}");
    let o = tally(
        &root,
        &["new", "Acme breach", "--company", "Lumen", "--disclosed", "2024"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`2024` has only the year: write YYYY-MM-DD, or YYYY-MM if the day is not known"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn serve_shows_drafts_marked_by_default() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let get = |path: &str| -> String {
        let addr = line.split_whitespace().nth(1).unwrap().trim_start_matches("http://");
        let addr = addr.split('/').next().unwrap();
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        raw
    };
    // d-2023 is `draft: true` in the fixture.
    let page = get("/incidents/d-2023/");
    let list = get("/incidents/");
    let _ = child.kill();
    let _ = child.wait();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("<span class=\"draft\">Draft</span>"), "{page}");
    assert!(text(&list).contains("Draft Draft incident"), "{}", text(&list));
}
