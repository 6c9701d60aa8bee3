//! Tally badges (`/companies/<slug>/badge.svg`, `/actors/<slug>/badge.svg`), the embed section of
//! company and actor pages, and the embeddable card `/companies/<slug>/embed/`.

use std::fs;
use std::path::PathBuf;

use crate::util::{build, copy_of, fixture, hrefs, read, text};

/// The fixture built, with `site.yaml` edited first.
fn built(name: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = copy_of(&fixture(name));
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), edit(site)).unwrap();
    let out = root.join("public");
    build(&root, &out, &["--now", "2026-01-01"]);
    (dir, out)
}

fn title(svg: &str) -> &str {
    let start = svg.find("<title>").expect("a <title>") + "<title>".len();
    &svg[start..start + svg[start..].find("</title>").unwrap()]
}

#[test]
fn badges_count_in_the_singular_and_plural_and_escape_names() {
    let (_dir, out) = built("provenance", |s| s);
    let att = read(&out, "companies/at-t/badge.svg");
    assert_eq!(title(&att), "AT&amp;T · 1 known incident");
    assert!(att.contains(">AT&amp;T</text>"));
    assert!(att.len() < 2048, "{} bytes", att.len());
    // Its own colours on any page, light or dark, whatever the reader's scheme.
    assert!(!att.contains("prefers-color-scheme"));
    assert!(!att.contains("@import") && !att.contains("@font-face") && !att.contains("href"));
    assert_eq!(
        title(&read(&out, "actors/salt-typhoon/badge.svg")),
        "Salt Typhoon · 3 victims"
    );
    let (_dir, basic) = built("basic", |s| s);
    assert_eq!(
        title(&read(&basic, "companies/lumen/badge.svg")),
        "Lumen · 2 known incidents"
    );
}

#[test]
fn badges_speak_the_sites_language() {
    let (_dir, out) = built("provenance", |s| s.replace("language: en", "language: fr"));
    assert_eq!(
        title(&read(&out, "companies/t-mobile/badge.svg")),
        "T-Mobile · 1 incident connu"
    );
    assert_eq!(
        title(&read(&out, "actors/salt-typhoon/badge.svg")),
        "Salt Typhoon · 3 victimes"
    );
    let (_dir, basic) = built("basic", |s| s.replace("language: en", "language: fr"));
    assert_eq!(
        title(&read(&basic, "companies/lumen/badge.svg")),
        "Lumen · 2 incidents connus"
    );
}

#[test]
fn the_embed_section_gives_the_snippets_to_copy() {
    // The fixture is published under a sub-path: https://example.org/tracker.
    let (_dir, out) = built("provenance", |s| s);
    let page = read(&out, "companies/at-t/index.html");
    let shown = text(&page);
    assert!(
        shown.contains(
            "<a href=\"https://example.org/tracker/companies/at-t/\"><img src=\"https://example.org/tracker/companies/at-t/badge.svg\" alt=\"AT&amp;T · 1 known incident\" height=\"20\"></a>"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("[![AT&T · 1 known incident](https://example.org/tracker/companies/at-t/badge.svg)](https://example.org/tracker/companies/at-t/)"),
        "{shown}"
    );
    assert!(page.contains(
        "<button type=\"button\" class=\"copy\" data-done=\"Copied\" data-copy=\"embed-html\" hidden>Copy</button>"
    ));
    assert!(
        shown.contains("<iframe src=\"https://example.org/tracker/companies/at-t/embed/\""),
        "{shown}"
    );
    let actor = read(&out, "actors/salt-typhoon/index.html");
    // The page shows the badge from the site; the snippet carries its absolute address.
    assert!(actor.contains("<img src=\"/tracker/actors/salt-typhoon/badge.svg\" alt=\"Salt Typhoon · 3 victims\""));
    assert!(text(&actor).contains(
        "<img src=\"https://example.org/tracker/actors/salt-typhoon/badge.svg\" alt=\"Salt Typhoon · 3 victims\""
    ));
}

#[test]
fn the_embed_card_links_to_the_full_site_under_its_sub_path() {
    let (_dir, out) = built("basic", |s| {
        s.replace("https://example.org", "https://example.org/tracker")
    });
    let card = read(&out, "companies/lumen/embed/index.html");
    assert!(card.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!card.contains("<nav"), "no navigation in an embed");
    let links = hrefs(&card);
    assert!(!links.is_empty());
    for l in &links {
        assert!(l.starts_with("https://example.org/tracker/"), "{l}");
    }
    assert!(
        links.contains(&"https://example.org/tracker/companies/lumen/".to_string()),
        "{links:?}"
    );
    let shown = text(&card);
    assert!(shown.contains("Lumen 2 known incidents Latest incidents"), "{shown}");
    // Newest first, three at most.
    assert!(card.matches("/tracker/incidents/").count() <= 3);
    // Not in the sitemap: the card is for iframes, the page is what search engines should list.
    assert!(!read(&out, "sitemap.xml").contains("embed"));
}
