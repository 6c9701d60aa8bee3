//! `tally check`: every problem in one run, in three formats, with exit codes.

use std::fs;

use crate::util::{copy_of, fixture, stdout, tally};

fn expected(name: &str) -> String {
    fs::read_to_string(fixture(name)).unwrap()
}

#[test]
fn warnings_fixture_in_all_three_formats() {
    let (_dir, root) = copy_of(&fixture("warnings"));
    for format in ["human", "json", "github"] {
        let o = tally(&root, &["check", "--now", "2026-11-25", "--format", format]);
        assert_eq!(o.status.code(), Some(0), "warnings alone pass ({format})");
        assert_eq!(
            stdout(&o),
            expected(&format!("warnings/expected-{format}.txt")),
            "{format}"
        );
    }
}

#[test]
fn strict_fails_on_warnings() {
    let (_dir, root) = copy_of(&fixture("warnings"));
    let o = tally(&root, &["check", "--now", "2026-11-25", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn errors_fail_and_are_listed_with_warnings() {
    let (_dir, root) = copy_of(&fixture("broken"));
    let o = tally(&root, &["check", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), expected("broken/expected-check.txt"));
    assert!(!root.join("public").exists(), "check writes nothing");
}

#[test]
fn held_back_incidents_appear_once_their_date_comes() {
    let (_dir, root) = copy_of(&fixture("warnings"));
    let o = tally(&root, &["build", "--now", "2026-11-25"]);
    assert!(stdout(&o).contains(" kB, build date 2026-11-25)"), "{}", stdout(&o));
    assert!(!root.join("public/incidents/future/index.html").exists());
    let o = tally(&root, &["build", "--now", "2030-01-01"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(root.join("public/incidents/future/index.html").exists());
    let o = tally(&root, &["build", "--now", "2026-11-25", "--drafts"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(root.join("public/incidents/future/index.html").exists());
}

#[test]
fn link_check_of_the_shipped_tracker_finds_nothing() {
    let root = crate::util::repo();
    for base in ["https://tally.example.org", "https://user.github.io/tracker"] {
        let o = tally(&root, &["check", "--links", "--base-url", base]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        assert!(stdout(&o).contains("; 0 broken links"), "{}", stdout(&o));
    }
}

#[test]
fn a_reader_that_stops_early_is_no_failure() {
    // `tally check | head`: the pipe closes before the report is written.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["check", "--root"])
        .arg(fixture("warnings"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
