//! The tracker shipped in this repository builds, and says what it should.

use crate::util::{build, link_to, read, repo, text};

#[test]
fn t_mobile_page_shows_its_tally_and_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let t = text(&read(&out, "companies/t-mobile/index.html"));
    assert!(t.contains("10 known incidents counted in this tracker."), "{t}");
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

/// Issue 14: the three kinds of error the Nu HTML Checker found in the theme.
#[test]
fn issue_14_ranges_figures_and_year_headings_are_valid_html() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    // A range is two `<time>` elements, each with a value `datetime` accepts.
    let inc = read(&out, "incidents/2015-10-01-experian-t-mobile-applicants/index.html");
    assert!(
        inc.contains(
            "<time datetime=\"2013-09\">September 2013</time> to <time datetime=\"2015-09\">September 2015</time>"
        ),
        "{inc}"
    );
    let year = read(&out, "incidents/2013/index.html");
    assert!(
        year.contains("<time datetime=\"2013-09\">September 2013</time> to "),
        "{year}"
    );
    assert!(!year.contains("2013-09/2015-09"), "{year}");
    // The caption is the figure's last child, after the screen-reader table.
    let stats = read(&out, "stats/index.html");
    let figure = &stats[stats.find("<figure").unwrap()..stats.find("</figure>").unwrap()];
    assert!(
        figure.find("</table>").unwrap() < figure.find("<figcaption>").unwrap(),
        "{figure}"
    );
    // A year page goes h1, h2, then the cards' h3.
    let h1 = year.find("<h1>2013</h1>").unwrap();
    let h2 = year.find("<h2 class=\"visually-hidden\">Incidents</h2>").unwrap();
    let h3 = year.find("<h3").unwrap();
    assert!(h1 < h2 && h2 < h3, "{year}");
}
