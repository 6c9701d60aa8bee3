//! `serve`'s incremental rebuild: a scripted series of edits goes through one running session,
//! and after each the session's every page equals, byte for byte, a fresh full build of the
//! same files; pages a change does not touch keep their bytes without being rendered again.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tally::commands::session::Session;

use crate::util::{build, copy_of, fixture, snapshot};

const NOW: &str = "2026-11-25";

/// The basic fixture, two to a list page, with twelve more incidents over the same names.
fn tracker() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = copy_of(&fixture("basic"));
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), format!("{site}per_page: 2\n")).unwrap();
    for i in 0..12 {
        let company = ["Lumen", "Acme Corp", "Globex"][i % 3];
        let text = format!(
            "---\ntitle: Extra incident {i}\ndisclosed: {}-{:02}-10\ncompanies: [{company}]\nactors: [GhostEmperor]\nstatus: confirmed\nsources:\n  - url: https://example.com/x{i}\n    publisher: Example News\nupdates:\n  - date: {}-12-01\n    note: Revised.\n---\nWrite-up {i}.\n",
            2015 + i % 6,
            1 + i % 12,
            2015 + i % 6,
        );
        fs::write(root.join(format!("content/incidents/extra-{i:02}.md")), text).unwrap();
    }
    (dir, root)
}

fn session(root: &Path) -> Session {
    let opts = tally::BuildOptions {
        root: root.to_path_buf(),
        now: chrono::NaiveDate::parse_from_str(NOW, "%Y-%m-%d").ok(),
        ..Default::default()
    };
    Session::start(opts, None).unwrap().0
}

/// Every file the session holds against a full build of the same tracker.
fn assert_same_as_a_build(session: &Session, root: &Path, step: &str) {
    let out = root.parent().unwrap().join(format!("built-{}", step.replace(' ', "-")));
    build(root, &out, &["--now", NOW]);
    let mut built = snapshot(&out);
    built.remove(".nojekyll");
    let held: Vec<(String, Arc<Vec<u8>>)> = session.pages().all().unwrap();
    let held_paths: Vec<&str> = held.iter().map(|(p, _)| p.as_str()).collect();
    let built_paths: Vec<&str> = built.keys().map(String::as_str).collect();
    assert_eq!(held_paths, built_paths, "after {step}: the same files");
    for (path, bytes) in &held {
        assert!(
            built[path] == **bytes,
            "after {step}: {path} differs from a full build:\n--- session\n{}\n--- build\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&built[path])
        );
    }
}

/// One scripted edit: it changes the tracker at the root given and returns the path it changed.
type Edit = dyn Fn(&Path) -> PathBuf;

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    PathBuf::from(rel)
}

#[test]
fn every_edit_through_a_session_gives_the_pages_of_a_full_build() {
    let (_dir, root) = tracker();
    let mut s = session(&root);
    assert_same_as_a_build(&s, &root, "start");

    // A retitle re-renders the incident and what lists it, not the newest list page, nor
    // what shows of its company only the name and tally.
    s.pages().render_all().unwrap();
    let first_list_page = s.pages().get("incidents/index.html").unwrap();
    let untouched = s.pages().get("incidents/extra-05/index.html").unwrap();
    let figures =
        ["companies/lumen/badge.svg", "companies/index.html", "about/index.html"].map(|p| s.pages().get(p).unwrap());
    let timeline = s.pages().get("companies/lumen/index.html").unwrap();
    let changed = edit(
        &root,
        "content/incidents/a-2020.md",
        "First Lumen incident",
        "Lumen's first incident",
    );
    let out = s.apply(&[changed]).unwrap();
    assert!(out.incremental);
    assert!(Arc::ptr_eq(
        &first_list_page,
        &s.pages().get("incidents/index.html").unwrap()
    ));
    assert!(Arc::ptr_eq(
        &untouched,
        &s.pages().get("incidents/extra-05/index.html").unwrap()
    ));
    for (path, before) in ["companies/lumen/badge.svg", "companies/index.html", "about/index.html"]
        .iter()
        .zip(&figures)
    {
        assert!(Arc::ptr_eq(before, &s.pages().get(path).unwrap()), "{path} kept");
    }
    assert!(!Arc::ptr_eq(
        &timeline,
        &s.pages().get("companies/lumen/index.html").unwrap()
    ));
    assert!(
        out.rendered < s.pages().kept(),
        "{} stale of {}",
        out.rendered,
        s.pages().kept()
    );
    assert_same_as_a_build(&s, &root, "retitle");

    let steps: Vec<(&str, Box<Edit>)> = vec![
        // Wording only, so the route table stays: the campaign's page lists the new summary,
        // and the actor's claim shows on the incident's page and in the bundles.
        (
            "a campaign's incident reworded",
            Box::new(|r| {
                edit(
                    r,
                    "content/incidents/b-2021.md",
                    "summary: A summary.",
                    "summary: Reworded.",
                )
            }),
        ),
        (
            "a claim added to an actor",
            Box::new(|r| {
                edit(
                    r,
                    "content/incidents/b-2021.md",
                    "actors: [GhostEmperor]",
                    "actors:\n  - name: GhostEmperor\n    by: Example News\n    confidence: moderate",
                )
            }),
        ),
        (
            "a date moved across years and pages",
            Box::new(|r| {
                edit(
                    r,
                    "content/incidents/a-2020.md",
                    "disclosed: 2020-01-15",
                    "disclosed: 2024-07-01",
                )
            }),
        ),
        (
            "a company renamed to its alias",
            Box::new(|r| {
                edit(
                    r,
                    "content/incidents/c-2022.md",
                    "companies: [lumen]",
                    "companies: [CenturyLink]",
                )
            }),
        ),
        (
            "an incident added",
            Box::new(|r| {
                let rel = "content/incidents/e-2025.md";
                fs::write(
                    r.join(rel),
                    "---\ntitle: A new breach\ndisclosed: 2025-02-02\ncompanies: [Globex, Lumen]\nsources:\n  - url: https://example.com/e\n    publisher: Example News\nupdates:\n  - date: 2025-03-01\n    note: Confirmed.\n---\nNew.\n",
                )
                .unwrap();
                PathBuf::from(rel)
            }),
        ),
        (
            "an incident deleted",
            Box::new(|r| {
                let rel = "content/incidents/extra-03.md";
                fs::remove_file(r.join(rel)).unwrap();
                PathBuf::from(rel)
            }),
        ),
        (
            "a status changed",
            Box::new(|r| {
                edit(
                    r,
                    "content/incidents/extra-07.md",
                    "status: confirmed",
                    "status: disputed",
                )
            }),
        ),
        // Names kept, order changed: the library is re-ordered rather than indexed again.
        (
            "an occurred date put an incident first in time",
            Box::new(|r| {
                edit(
                    r,
                    "content/incidents/extra-06.md",
                    "status: confirmed",
                    "occurred: 2014-05\nstatus: confirmed",
                )
            }),
        ),
        (
            "a retraction took an incident out of its company's tally",
            Box::new(|r| {
                edit(
                    r,
                    "content/incidents/extra-04.md",
                    "status: confirmed",
                    "status: retracted",
                )
            }),
        ),
        (
            "a company's name respelled in one incident",
            Box::new(|r| edit(r, "content/incidents/extra-11.md", "[Globex]", "[GLOBEX]")),
        ),
        // A company without a profile is named as its first incident spells it.
        (
            "the respelling moved first in time",
            Box::new(|r| {
                edit(
                    r,
                    "content/incidents/extra-11.md",
                    "disclosed: 2020-12-10",
                    "disclosed: 2014-12-10",
                )
            }),
        ),
        // Names the tracker knows, added or dropped: linked again without indexing the rest.
        (
            "a company added and the actor dropped",
            Box::new(|r| {
                let rel = edit(r, "content/incidents/extra-08.md", "[Globex]", "[Globex, Acme Corp]");
                edit(
                    r,
                    "content/incidents/extra-08.md",
                    "actors: [GhostEmperor]",
                    "actors: []",
                );
                rel
            }),
        ),
        (
            "a company replaced by one other incidents name",
            Box::new(|r| edit(r, "content/incidents/extra-09.md", "[Lumen]", "[Acme Corp]")),
        ),
        (
            "a campaign named that another incident writes",
            Box::new(|r| {
                edit(
                    r,
                    "content/incidents/extra-10.md",
                    "status: confirmed",
                    "campaign: Test Campaign\nstatus: confirmed",
                )
            }),
        ),
        (
            "site.yaml changed",
            Box::new(|r| edit(r, "site.yaml", "title: Fixture Tracker", "title: Renamed Tracker")),
        ),
    ];
    for (step, apply) in steps {
        // Every page rendered before the edit, so what is kept is what the edit left alone.
        s.pages().render_all().unwrap();
        let changed = apply(&root);
        let out = s.apply(&[root.join(changed)]).unwrap();
        assert_eq!(out.incremental, !step.starts_with("site.yaml"), "{step}");
        assert_same_as_a_build(&s, &root, step);
    }
}

#[test]
fn a_file_saved_in_a_folder_under_a_taken_name_is_refused_and_the_pages_stay() {
    let (_dir, root) = tracker();
    let mut s = session(&root);
    let before = s.pages().get("incidents/a-2020/index.html").unwrap();
    // Held back by its date, it is not shown yet; it would take a-2020's address once it is.
    fs::create_dir_all(root.join("content/incidents/2099")).unwrap();
    let text = fs::read_to_string(root.join("content/incidents/a-2020.md")).unwrap();
    let later = root.join("content/incidents/2099/a-2020.md");
    fs::write(&later, text.replace("disclosed: 2020-01-15", "disclosed: 2099-01-15")).unwrap();
    let Err(tally::Error::Content(problems)) = s.apply(std::slice::from_ref(&later)) else {
        panic!("the clash is not reported");
    };
    let said: Vec<String> = problems
        .iter()
        .map(|d| format!("{}: {}", d.path.display(), d.message))
        .collect();
    assert_eq!(
        said,
        [
            "content/incidents/2099/a-2020.md: the address /incidents/a-2020/ is taken by this file and by content/incidents/a-2020.md: an incident's address is its file name, whatever folder it is in",
            "content/incidents/a-2020.md: the address /incidents/a-2020/ is taken by this file and by content/incidents/2099/a-2020.md: an incident's address is its file name, whatever folder it is in",
        ]
    );
    assert_eq!(s.pages().get("incidents/a-2020/index.html").unwrap(), before);
}
