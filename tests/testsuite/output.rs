//! Whole-output snapshots: every file the fixture trackers build, in English and in French, with
//! the build date fixed, so a change to any page, feed or data file shows in review.
//!
//! One snapshot per tracker and language (`snapshots/<tracker>-<language>.snap`): first every
//! path with its size and SHA-256, then each file's text. JSON is shown pretty-printed so a
//! one-line bundle diffs by field; the hashes are of the bytes as written, so any changed byte
//! fails, including one no text diff shows. How to accept a change: tests/README.md.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::util::{build, copy_of, fixture, snapshot};

/// The build date every snapshot is taken on: drafts and held-back incidents depend on it.
const BUILD_DATE: &str = "2026-11-25";

/// Builds a copy of `tracker` (outside git, so no dates come from history) in `language`.
fn built(tracker: &str, language: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = copy_of(&fixture(tracker));
    let config = root.join("site.yaml");
    let yaml = fs::read_to_string(&config).unwrap();
    assert!(
        yaml.contains("language: en\n"),
        "{tracker}/site.yaml must say `language: en`"
    );
    fs::write(
        &config,
        yaml.replace("language: en\n", &format!("language: {language}\n")),
    )
    .unwrap();
    let out = root.join("public");
    build(&root, &out, &["--now", BUILD_DATE]);
    (dir, out)
}

/// An output folder as one text: every path with its size and hash, then every file.
fn listing(out: &Path) -> String {
    let files = snapshot(out);
    let mut list = format!("{} files\n", files.len());
    for (path, bytes) in &files {
        let hash = Sha256::digest(bytes);
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        writeln!(list, "{}  {} bytes  sha256:{hex}", path.replace('\\', "/"), bytes.len()).unwrap();
    }
    for (path, bytes) in &files {
        let path = path.replace('\\', "/");
        write!(list, "\n=== {path}\n").unwrap();
        match std::str::from_utf8(bytes) {
            Err(_) => list.push_str("(binary: see its hash above)\n"),
            Ok(text) if path.ends_with(".json") => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(value) => {
                    list.push_str(&serde_json::to_string_pretty(&value).unwrap());
                    list.push('\n');
                }
                Err(e) => panic!("{path} is not JSON: {e}"),
            },
            Ok("") => list.push_str("(empty)\n"),
            Ok(text) => {
                list.push_str(text);
                if !text.ends_with('\n') {
                    list.push_str("\n(no newline at the end)\n");
                }
            }
        }
    }
    list
}

fn check(tracker: &str, language: &str) {
    let (_dir, out) = built(tracker, language);
    let list = listing(&out);
    insta::with_settings!({
        snapshot_path => Path::new("snapshots"),
        prepend_module_to_snapshot => false,
        description => format!("tally build of tests/fixtures/{tracker} in `{language}`, --now {BUILD_DATE}"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("{tracker}-{language}"), list);
    });
}

#[test]
fn basic_in_english() {
    check("basic", "en");
}

#[test]
fn basic_in_french() {
    check("basic", "fr");
}

#[test]
fn provenance_in_english() {
    check("provenance", "en");
}

#[test]
fn provenance_in_french() {
    check("provenance", "fr");
}

#[test]
fn warnings_in_english() {
    check("warnings", "en");
}

#[test]
fn warnings_in_french() {
    check("warnings", "fr");
}

/// The listing names every byte: a file that differs only where a text diff is blind (a
/// trailing newline) still changes a line of the snapshot.
#[test]
fn a_changed_byte_changes_the_listing() {
    let (_dir, out) = built("basic", "en");
    let before = listing(&out);
    let css = out.join("style.css");
    let mut bytes = fs::read(&css).unwrap();
    bytes.push(b'\n');
    fs::write(&css, &bytes).unwrap();
    let after = listing(&out);
    // The list of files with their sizes and hashes (the texts below it shift by the new line).
    let files = |l: &str| l.contains(" bytes  sha256:");
    let changed: Vec<(&str, &str)> = before
        .lines()
        .filter(|l| files(l))
        .zip(after.lines().filter(|l| files(l)))
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(changed[0].0.starts_with("style.css  "), "{changed:#?}");
    assert!(changed[0].1.starts_with("style.css  "), "{changed:#?}");
}
