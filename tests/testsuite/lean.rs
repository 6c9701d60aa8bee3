//! Lean output: feeds carry the latest `feed_limit` entries while the pages keep everything,
//! pages repeat nothing twice in their head, and per-company and per-actor STIX bundles hold
//! only what concerns their company or actor.

use std::fs;
use std::path::Path;

use crate::util::{build, copy_of, fixture, read, stderr, synthetic, tally, text};

fn feed(out: &Path, path: &str) -> atom_syndication::Feed {
    read(out, path).parse().unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The incident slugs a feed's entries point at, in feed order.
fn slugs(feed: &atom_syndication::Feed) -> Vec<String> {
    let slug = |e: &atom_syndication::Entry| e.id().trim_end_matches('/').rsplit('/').next().unwrap().to_string();
    feed.entries().iter().map(slug).collect()
}

/// A synthetic tracker of `n` incidents with `extra` appended to its site.yaml, built.
fn synthetic_built(n: usize, extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tracker");
    synthetic(&root, n);
    let site = root.join("site.yaml");
    fs::write(&site, fs::read_to_string(&site).unwrap() + extra).unwrap();
    let out = root.join("public");
    build(&root, &out, &["--now", "2026-11-25"]);
    (dir, out)
}

#[test]
fn feeds_carry_the_latest_twenty_by_default() {
    let (_dir, out) = synthetic_built(30, "");
    let site = slugs(&feed(&out, "feed.xml"));
    assert_eq!(site.len(), 20);
    // Incidents 19 (2024-08-20) and 18 (2023-07-19) are the latest disclosed; outside git,
    // the disclosure is when an incident last changed.
    assert_eq!(site[..2], ["incident-19", "incident-18"]);
    // Company 0 has ten incidents: all fit.
    assert_eq!(slugs(&feed(&out, "companies/company-0/feed.xml")).len(), 10);
}

#[test]
fn feed_limit_trims_every_feed_and_no_page() {
    let (_dir, out) = synthetic_built(30, "feed_limit: 3\n");
    assert_eq!(
        slugs(&feed(&out, "feed.xml")),
        ["incident-19", "incident-18", "incident-17"]
    );
    let company = slugs(&feed(&out, "companies/company-0/feed.xml"));
    assert_eq!(company, ["incident-18", "incident-15", "incident-12"]);
    // The About page says what the feeds hold, and how they are dated: by disclosure here,
    // where nothing says when an incident was added (no git history, no `added:`).
    let about = text(&read(&out, "about/index.html"));
    assert!(
        about.contains("Each Atom feed holds the 3 incidents most recently disclosed or changed. An entry is dated by the day the incident was disclosed (this tracker does not record when it added each one)."),
        "{about}"
    );
    // Once entries say when they were added, by that day.
    let root = out.parent().unwrap();
    let first = fs::read_dir(root.join("content/incidents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let text_of = fs::read_to_string(&first).unwrap();
    fs::write(&first, text_of.replacen("---\n", "---\nadded: 2024-01-02\n", 1)).unwrap();
    build(root, &out, &["--now", "2026-11-25"]);
    let about = text(&read(&out, "about/index.html"));
    assert!(
        about.contains("Each Atom feed holds the 3 incidents most recently added or changed. An entry is dated by the day it was added to this tracker, not by the day of the breach"),
        "{about}"
    );
    // The company's page still lists all ten.
    let page = text(&read(&out, "companies/company-0/index.html"));
    for i in [0, 3, 6, 9, 12, 15, 18, 21, 24, 27] {
        assert!(page.contains(&format!("Incident {i} ")), "incident {i} missing: {page}");
    }

    // The changes log: its feed is trimmed, its page keeps every update.
    let (_dir, root) = copy_of(&fixture("provenance"));
    let site = root.join("site.yaml");
    fs::write(&site, fs::read_to_string(&site).unwrap() + "feed_limit: 1\n").unwrap();
    let out = root.join("public");
    build(&root, &out, &["--now", "2026-01-01"]);
    let changes = feed(&out, "changes/feed.xml");
    assert_eq!(changes.entries().len(), 1);
    assert!(changes.entries()[0]
        .id()
        .contains("2024-11-15-t-mobile/#update-2025-01-06"));
    let page = text(&read(&out, "changes/index.html"));
    assert!(
        page.contains("T-Mobile told The Register it was not one of the nine."),
        "{page}"
    );
    assert!(
        page.contains("The White House counted both companies among the breached telecoms."),
        "{page}"
    );
}

#[test]
fn a_feed_limit_that_is_not_a_count_is_an_error_at_its_line() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let site = root.join("site.yaml");
    fs::write(&site, fs::read_to_string(&site).unwrap() + "feed_limit: all\n").unwrap();
    let o = tally(&root, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let report = stderr(&o);
    assert!(
        report.starts_with("site.yaml:6:13: error: `feed_limit` must be a whole number from 1 to 10000\n"),
        "{report}"
    );
    assert!(report.contains("6 | feed_limit: all\n"), "{report}");
    assert!(report.contains("= hint: write e.g. `feed_limit: 20`\n"), "{report}");
}

fn stix(out: &Path, path: &str) -> Vec<serde_json::Value> {
    let bundle: serde_json::Value = serde_json::from_str(&read(out, path)).unwrap();
    bundle["objects"].as_array().unwrap().clone()
}

fn id_named(objects: &[serde_json::Value], kind: &str, name: &str) -> String {
    let found = objects.iter().find(|o| o["type"] == kind && o["name"] == name);
    found.unwrap_or_else(|| panic!("no {kind} {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Relationships as (type, source, target).
fn relationships(objects: &[serde_json::Value]) -> Vec<(String, String, String)> {
    let s = |o: &serde_json::Value, k: &str| o[k].as_str().unwrap().to_string();
    objects
        .iter()
        .filter(|o| o["type"] == "relationship")
        .map(|o| (s(o, "relationship_type"), s(o, "source_ref"), s(o, "target_ref")))
        .collect()
}

#[test]
fn company_and_actor_bundles_hold_only_what_concerns_them() {
    let (_dir, root) = copy_of(&fixture("provenance"));
    let out = root.join("public");
    build(&root, &out, &["--now", "2026-01-01"]);
    let all = stix(&out, "data/stix.json");
    let campaign = id_named(&all, "campaign", "Telecom intrusions");
    let targets_of_campaign = |objects: &[serde_json::Value]| {
        relationships(objects)
            .into_iter()
            .filter(|(kind, from, _)| kind == "targets" && *from == campaign)
            .map(|(_, _, to)| to)
            .collect::<Vec<_>>()
    };
    // The whole bundle ties the campaign to its three victims.
    assert_eq!(targets_of_campaign(&all).len(), 3);

    let company = stix(&out, "companies/at-t/stix.json");
    let att = id_named(&company, "identity", "AT&T");
    assert_eq!(targets_of_campaign(&company), std::slice::from_ref(&att));
    let incidents: Vec<String> = relationships(&company)
        .into_iter()
        .filter(|(kind, from, to)| kind == "related-to" && *to == att && from.starts_with("incident--"))
        .map(|(_, from, _)| from)
        .collect();
    assert_eq!(incidents.len(), 1);
    for (kind, from, to) in relationships(&company) {
        assert!(to == att || incidents.contains(&from), "{kind} {from} -> {to}");
    }
    // Its incident's other victims are still named: the incident's facts stay whole.
    assert!(company.iter().any(|o| o["name"] == "Verizon"));

    let actor = stix(&out, "actors/salt-typhoon/stix.json");
    let salt = id_named(&actor, "intrusion-set", "Salt Typhoon");
    let incidents: Vec<String> = relationships(&actor)
        .into_iter()
        .filter(|(kind, from, to)| kind == "related-to" && *to == salt && from.starts_with("incident--"))
        .map(|(_, from, _)| from)
        .collect();
    assert_eq!(incidents.len(), 2);
    for (kind, from, to) in relationships(&actor) {
        assert!(
            from == salt || to == salt || incidents.contains(&from),
            "{kind} {from} -> {to}"
        );
    }
    assert!(targets_of_campaign(&actor).is_empty());
}

#[test]
fn pages_say_each_thing_once_and_keep_styles_and_scripts_in_their_files() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    build(&root, &out, &["--now", "2026-11-25"]);
    let html = read(&out, "incidents/b-2021/index.html");
    let head = html.split("</head>").next().unwrap();
    // Twitter reads og:title and og:description; the stylesheet sets the colour scheme.
    for gone in ["twitter:title", "twitter:description", "name=\"color-scheme\""] {
        assert!(!head.contains(gone), "{gone} in {head}");
    }
    for once in [
        "og:title",
        "og:description",
        "og:url",
        "twitter:card",
        "rel=\"canonical\"",
    ] {
        assert_eq!(head.matches(once).count(), 1, "{once} in {head}");
    }
    assert!(read(&out, "style.css").contains("color-scheme: light dark;"));
    assert!(!head.contains("\n\n"), "blank lines in {head}");
    // JSON-LD leaves the address and the language to the head, and writes no nulls.
    let ld = head
        .split("application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
    let keys: Vec<&str> = ld.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "@context",
            "@type",
            "about",
            "creativeWorkStatus",
            "dateModified",
            "datePublished",
            "description",
            "headline",
            "publisher"
        ]
    );
    let a_2020 = read(&out, "incidents/a-2020/index.html");
    assert!(!a_2020.contains("null"), "a page without a summary writes no null");

    // The footer links to what the navigation does not.
    let nav = html.split("<nav").nth(1).unwrap().split("</nav>").next().unwrap();
    let footer = html.split("<footer").nth(1).unwrap();
    let footer_links = crate::util::hrefs(footer);
    assert_eq!(footer_links, ["/about/", "/changes/", "/feed.xml"]);
    for l in crate::util::hrefs(nav) {
        assert!(l == "/about/" || !footer_links.contains(&l), "{l} in both");
    }

    // Company pages load the copy buttons' script; embed cards their sheet.
    let company = read(&out, "companies/lumen/index.html");
    assert!(company.contains("<script src=\"/share.js\" defer></script>"));
    assert!(!company.contains("<script>"), "an inline script on the company page");
    assert!(read(&out, "share.js").contains("navigator.clipboard.writeText"));
    let card = read(&out, "companies/lumen/embed/index.html");
    assert!(!card.contains("<style"), "a style block in the embed card");
    assert!(card.contains("<link rel=\"stylesheet\" href=\"https://example.org/embed.css\">"));
    assert!(read(&out, "embed.css").contains("@media (prefers-color-scheme: dark)"));
}
