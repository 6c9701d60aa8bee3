//! The tracker shipped in this repository builds, and says what it should.

use crate::util::{build, link_to, read, repo, text};

#[test]
fn t_mobile_page_shows_its_tally_and_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let t = text(&read(&out, "companies/t-mobile/index.html"));
    assert!(
        t.contains("10 known incidents counted in this tracker (1 disputed)."),
        "{t}"
    );
    let first = t
        .find("T-Mobile says it was hit in the \"industry-wide\" Salt Typhoon attack")
        .unwrap();
    let last = t.find("Breach at Experian exposes data").unwrap();
    assert!(first < last, "the timeline runs newest first");
    assert!(t.contains("10th T-Mobile says it was hit"), "{t}");
    let inc = text(&read(&out, "incidents/2024-11-15-salt-typhoon-t-mobile/index.html"));
    assert!(
        inc.contains("The 10th known incident at T-Mobile in this tracker."),
        "{inc}"
    );
}

#[test]
fn salt_typhoon_lists_its_victims_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let t = text(&read(&out, "actors/salt-typhoon/index.html"));
    for victim in [
        "AT&T",
        "Verizon",
        "Lumen",
        "T-Mobile",
        "Charter",
        "Consolidated Communications",
        "Windstream",
    ] {
        assert!(t.contains(victim), "{victim} missing: {t}");
    }
    for alias in [
        "GhostEmperor Kaspersky",
        "FamousSparrow ESET",
        "OPERATOR PANDA CrowdStrike",
        "UNC2286 Mandiant",
    ] {
        assert!(t.contains(alias), "{alias} missing: {t}");
    }
}

#[test]
fn centurylink_leads_to_lumen() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let html = read(&out, "incidents/2024-10-05-salt-typhoon-att-verizon-lumen/index.html");
    assert_eq!(link_to(&html, "Lumen").as_deref(), Some("/companies/lumen/"));
    assert!(text(&html).contains("The 1st known incident at Lumen in this tracker (listed as “CenturyLink”)."));
}

#[test]
fn every_link_resolves_at_the_root_and_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("root");
    build(&repo(), &out, &[]);
    assert_eq!(tally::links::check(&out, "").unwrap(), vec![]);
    let out = dir.path().join("sub");
    build(&repo(), &out, &["--base-url", "https://user.github.io/tracker"]);
    assert_eq!(tally::links::check(&out, "/tracker").unwrap(), vec![]);
    let html = read(&out, "companies/t-mobile/index.html");
    assert!(html.contains("href=\"/tracker/style.css\""));
}
