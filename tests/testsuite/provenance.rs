//! Provenance: attributions as claims (who, how sure, on which source), `[^id]` citations,
//! dates of addition and change from git, the changes log, and statuses marked wherever an
//! incident is counted or listed. Fixture: `tests/fixtures/provenance`.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::{build, copy_of, fixture, read, stderr, tally, text};

const WIRETAP: &str = "incidents/2024-10-05-wiretap/index.html";
const T_MOBILE: &str = "incidents/2024-11-15-t-mobile/index.html";

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = copy_of(&fixture("provenance"));
    let out = root.join("public");
    build(&root, &out, &["--now", "2026-01-01"]);
    (dir, out)
}

fn json(out: &Path, path: &str) -> Value {
    serde_json::from_str(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The feed entry of the incident `slug`.
fn entry_of<'f>(feed: &'f atom_syndication::Feed, slug: &str) -> &'f atom_syndication::Entry {
    let id = format!("/{slug}/");
    let found = feed.entries().iter().find(|e| e.id().ends_with(&id));
    found.unwrap_or_else(|| panic!("no entry for {slug}"))
}

/// The entry of a JSON data file whose slug is `slug`.
fn row(out: &Path, path: &str, slug: &str) -> Value {
    let all = json(out, path);
    let found = all.as_array().unwrap().iter().find(|i| i["slug"] == slug).cloned();
    found.unwrap_or_else(|| panic!("{path} has no {slug}"))
}

fn feed(out: &Path, path: &str) -> atom_syndication::Feed {
    read(out, path).parse().unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The JSON-LD of a page.
fn json_ld(html: &str) -> Value {
    let start = html.find("application/ld+json\">").expect("a JSON-LD block") + "application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

fn meta(html: &str, attr: &str) -> String {
    let at = html.find(attr).unwrap_or_else(|| panic!("no {attr}"));
    let rest = &html[at..];
    let c = rest.find("content=\"").unwrap() + "content=\"".len();
    rest[c..c + rest[c..].find('"').unwrap()].to_string()
}

#[test]
fn a_structured_attribution_says_who_and_how_sure_everywhere() {
    let (_dir, out) = built();
    let page = text(&read(&out, WIRETAP));
    assert!(
        page.contains(
            "Attributed to Salt Typhoon by US officials cited by The Wall Street Journal (moderate confidence) 1 Campaign"
        ),
        "{page}"
    );
    // The actor page's incident list keeps the confidence.
    let actor = text(&read(&out, "actors/salt-typhoon/index.html"));
    assert!(
        actor.contains("attributed to Salt Typhoon (moderate confidence)"),
        "{actor}"
    );
    // A plain name is shown without a confidence.
    let plain = text(&read(&out, T_MOBILE));
    assert!(plain.contains("Attributed to Salt Typhoon Campaign"), "{plain}");

    let wiretap = row(&out, "data/incidents.json", "2024-10-05-wiretap");
    assert_eq!(
        wiretap["attributions"],
        serde_json::json!([{
            "actor": "Salt Typhoon",
            "actor_slug": "salt-typhoon",
            "by": "US officials cited by The Wall Street Journal",
            "confidence": "moderate",
            "source": "wsj"
        }])
    );
    let csv = read(&out, "data/incidents.csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == "attributions").unwrap();
    let row = rows
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "2024-10-05-wiretap")
        .unwrap();
    assert_eq!(
        &row[col],
        "Salt Typhoon by US officials cited by The Wall Street Journal (moderate confidence)"
    );
    // An actor's sponsor is a claim too.
    assert!(
        actor.contains("Sponsor China's Ministry of State Security (by US Treasury, confirmed) 1"),
        "{actor}"
    );
}

#[test]
fn citations_link_to_their_sources_and_back() {
    let (_dir, out) = built();
    let html = read(&out, WIRETAP);
    assert!(html.contains(
        "wiretap systems.<sup class=\"cite\" id=\"cite-1-1\"><a href=\"/tracker/incidents/2024-10-05-wiretap/#source-1\">1</a></sup>"
    ));
    assert!(html.contains("<li id=\"source-1\">"));
    assert!(html.contains("<a href=\"#cite-1-1\" class=\"backref\""));
    assert!(html.contains("<a href=\"#cite-2-1\" class=\"backref\""));
    // Ordinary footnotes and code are left alone.
    assert!(html.contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>"));
    assert!(html.contains("<code>[^wsj]</code>"));
    // In the feed, read away from the site, a citation is a full address, and the entry's
    // own address is the base of any link left relative.
    let feed = read(&out, "feed.xml");
    assert!(
        feed.contains("wiretap systems.&lt;sup class=&quot;cite&quot; id=&quot;cite-1-1&quot;&gt;&lt;a href=&quot;https://example.org/tracker/incidents/2024-10-05-wiretap/#source-1&quot;&gt;1&lt;/a&gt;&lt;/sup&gt;"),
        "{feed}"
    );
    assert!(feed.contains("<entry xml:base=\"https://example.org/tracker/incidents/2024-10-05-wiretap/\">"));
}

#[test]
fn an_unknown_source_id_is_an_error_at_its_line_and_column() {
    let (_dir, root) = copy_of(&fixture("provenance"));
    let file = root.join("content/incidents/2024-11-15-t-mobile.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("first.[^wsj]", "first.[^wsjj]")
            .replace("source: register", "source: regster"),
    )
    .unwrap();
    let o = tally(&root, &["build", "--output", "out"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "content/incidents/2024-11-15-t-mobile.md:22:31: error: `[^wsjj]` cites no source: no source has the id `wsjj`\n"
        ),
        "{err}"
    );
    assert!(err.contains("= hint: did you mean `wsj`?"), "{err}");
    assert!(
        err.contains("content/incidents/2024-11-15-t-mobile.md:19:13: error: no source has the id `regster`\n"),
        "{err}"
    );
    assert!(!root.join("out").exists());
}

#[test]
fn a_status_that_contradicts_the_latest_update_is_an_error() {
    let (_dir, root) = copy_of(&fixture("provenance"));
    let file = root.join("content/incidents/2024-11-15-t-mobile.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("campaign:", "status: confirmed\ncampaign:")).unwrap();
    let o = tally(&root, &["check"]);
    let err = stdout_or_err(&o);
    assert!(
        err.contains("content/incidents/2024-11-15-t-mobile.md:6:9: error: `status` says `confirmed` but the latest update (2025-01-06) says `disputed`"),
        "{err}"
    );
}

fn stdout_or_err(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(o))
}

fn git(root: &Path, args: &[&str], day: &str) {
    let stamp = format!("{day}T12:00:00+00:00");
    let o = Command::new("git")
        .args(["-c", "user.name=Editor", "-c", "user.email=editor@example.org"])
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

#[test]
fn dates_of_addition_and_change_come_from_git_history() {
    let (_dir, root) = copy_of(&fixture("provenance"));
    git(&root, &["init", "-q"], "2024-11-16");
    git(&root, &["add", "."], "2024-11-16");
    git(&root, &["commit", "-q", "-m", "first entries"], "2024-11-16");
    let file = root.join("content/incidents/2024-11-15-t-mobile.md");
    fs::write(&file, fs::read_to_string(&file).unwrap() + "\nA later correction.\n").unwrap();
    git(&root, &["commit", "-q", "-am", "correction"], "2024-12-27");
    let out = root.join("public");
    build(&root, &out, &["--now", "2026-01-01"]);

    let html = read(&out, T_MOBILE);
    assert!(
        text(&html).contains("Added 16 November 2024 Last updated 27 December 2024"),
        "{}",
        text(&html)
    );
    let ld = json_ld(&html);
    assert_eq!(ld["datePublished"], "2024-11-16");
    assert_eq!(ld["dateModified"], "2024-12-27");
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains(
        "<url><loc>https://example.org/tracker/incidents/2024-11-15-t-mobile/</loc><lastmod>2024-12-27</lastmod></url>"
    ));
    assert!(sitemap.contains(
        "<url><loc>https://example.org/tracker/incidents/2024-10-05-wiretap/</loc><lastmod>2024-11-16</lastmod></url>"
    ));
    // A campaign's page changes when any of its incidents does.
    assert!(sitemap.contains(
        "<url><loc>https://example.org/tracker/campaigns/telecom-intrusions/</loc><lastmod>2024-12-27</lastmod></url>"
    ));
    let site = feed(&out, "feed.xml");
    let entry = entry_of(&site, "2024-11-15-t-mobile");
    assert_eq!(entry.published().unwrap().to_rfc3339(), "2024-11-16T00:00:00+00:00");
    assert_eq!(entry.updated().to_rfc3339(), "2024-12-27T00:00:00+00:00");
    let t = row(&out, "data/incidents.json", "2024-11-15-t-mobile");
    assert_eq!(
        (&t["added"], &t["modified"]),
        (&Value::from("2024-11-16"), &Value::from("2024-12-27"))
    );

    // A file not yet committed counts as changed on the build date.
    fs::write(&file, fs::read_to_string(&file).unwrap() + "\nNot committed.\n").unwrap();
    build(&root, &out, &["--now", "2026-01-01"]);
    assert!(text(&read(&out, T_MOBILE)).contains("Added 16 November 2024 Last updated 1 January 2026"));
}

#[test]
fn outside_git_no_date_is_invented() {
    let (_dir, out) = built();
    let page = text(&read(&out, T_MOBILE));
    assert!(!page.contains("Added"), "{page}");
    let incidents = json(&out, "data/incidents.json");
    assert_eq!(incidents[0]["added"], Value::Null);
}

#[test]
fn the_changes_log_lists_status_changes_with_a_feed() {
    let (_dir, out) = built();
    let page = text(&read(&out, "changes/index.html"));
    let disputed = "T-Mobile named among the victims, according to The Wall Street Journal 6 January 2025: disputed T-Mobile told The Register it was not one of the nine. (The Register)";
    let confirmed = "AT&T and Verizon wiretap systems reached, according to The Wall Street Journal 27 December 2024: confirmed The White House counted both companies among the breached telecoms. (The White House)";
    let (d, c) = (page.find(disputed), page.find(confirmed));
    assert!(d.is_some() && c.is_some() && d < c, "newest first:\n{page}");
    let html = read(&out, "changes/index.html");
    assert!(html.contains("<a href=\"/tracker/incidents/2024-11-15-t-mobile/\">"));
    let changes = feed(&out, "changes/feed.xml");
    let titles: Vec<&str> = changes.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(
        titles,
        [
            "T-Mobile named among the victims, according to The Wall Street Journal (disputed)",
            "AT&T and Verizon wiretap systems reached, according to The Wall Street Journal (confirmed)"
        ]
    );
    assert_eq!(changes.entries()[0].categories()[0].term(), "disputed");
    // The incident page shows its status history.
    assert!(text(&read(&out, T_MOBILE)).contains("Status history 6 January 2025: disputed"));
}

#[test]
fn a_disputed_incident_is_marked_wherever_it_is_counted_or_listed() {
    let (_dir, out) = built();
    let page = |p: &str| text(&read(&out, p));
    // Victim lists on actor and campaign pages.
    let actor = page("actors/salt-typhoon/index.html");
    assert!(actor.contains("T-Mobile disputed"), "{actor}");
    assert!(!actor.contains("Verizon disputed"), "{actor}");
    let campaign = page("campaigns/telecom-intrusions/index.html");
    assert!(campaign.contains("AT&T, T-Mobile disputed, Verizon"), "{campaign}");
    // "Threat actors involved" on the company page, and its tally.
    let company = page("companies/t-mobile/index.html");
    assert!(
        company.contains("Threat actors involved Salt Typhoon disputed"),
        "{company}"
    );
    assert!(
        company.contains("1 known incident counted in this tracker (1 disputed)"),
        "{company}"
    );
    // Every tally figure: home, companies list, A-Z, stats.
    assert!(page("index.html").contains("T-Mobile 1 (1 disputed)"));
    assert!(page("index.html").contains("2 incidents (1 disputed)"));
    assert!(page("companies/index.html").contains("T-Mobile 1 (1 disputed) 1"));
    assert!(page("companies/a-z/index.html").contains("T-Mobile 1 (1 disputed)"));
    assert!(page("stats/index.html").contains("T-Mobile 1 (1 disputed)"));
    // The actor's victim count, on its page, the list and the stats.
    assert!(actor.contains("3 victims (1 disputed)"), "{actor}");
    assert!(page("actors/index.html").contains("3 (1 disputed)"));
    assert!(page("stats/index.html").contains("Salt Typhoon 2 (1 disputed) 3 victims (1 disputed)"));
    // Every count of incidents says how many are disputed: actor page, lists, archives.
    assert!(actor.contains("In this tracker 2 incidents (1 disputed)"), "{actor}");
    assert!(page("actors/index.html").contains("2 (1 disputed) 3 (1 disputed)"));
    assert!(page("incidents/index.html").contains("2 incidents (1 disputed) in this tracker"));
    assert!(page("incidents/2024/index.html").contains("2 incidents (1 disputed)"));
    // Data files count by status.
    let t = row(&out, "data/companies.json", "t-mobile");
    assert_eq!(t["incidents_by_status"], serde_json::json!({"disputed": 1}));
    assert_eq!(
        t["actors"],
        serde_json::json!([{"slug": "salt-typhoon", "status": "disputed"}])
    );
    let actors = json(&out, "data/actors.json");
    assert_eq!(
        actors[0]["victims_by_status"],
        serde_json::json!({"confirmed": 2, "disputed": 1})
    );
    assert_eq!(
        actors[0]["incidents_by_status"],
        serde_json::json!({"confirmed": 1, "disputed": 1})
    );
    // Atom entries: a category and the status in the title.
    let site = feed(&out, "feed.xml");
    let entry = entry_of(&site, "2024-11-15-t-mobile");
    assert_eq!(
        entry.title().as_str(),
        "T-Mobile named among the victims, according to The Wall Street Journal (disputed)"
    );
    assert!(entry.categories().iter().any(|c| c.term() == "disputed"));
    let company_feed = feed(&out, "companies/t-mobile/feed.xml");
    assert!(company_feed.entries()[0].title().ends_with("(disputed)"));
    // OpenGraph, Twitter and JSON-LD.
    let html = read(&out, T_MOBILE);
    let title = "T-Mobile named among the victims, according to The Wall Street Journal (disputed)";
    assert_eq!(meta(&html, "property=\"og:title\""), title);
    let ld = json_ld(&html);
    assert_eq!(ld["headline"], title);
    assert_eq!(ld["creativeWorkStatus"], "disputed");
}
