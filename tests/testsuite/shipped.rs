//! The tracker shipped in this repository builds, and says what it should.

use crate::util::{build, link_to, read, repo, stderr, stdout, tally, text};

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
        .find("T-Mobile hacked in the Salt Typhoon campaign, WSJ reports")
        .unwrap();
    let last = t.find("Experian says attackers took data").unwrap();
    assert!(first < last, "the timeline runs newest first");
    assert!(t.contains("10th T-Mobile hacked in the Salt Typhoon campaign"), "{t}");
    let inc = text(&read(&out, "incidents/2024-11-15-salt-typhoon-t-mobile/index.html"));
    assert!(
        inc.contains("The 10th known incident at T-Mobile in this tracker."),
        "{inc}"
    );
    // The About page says how many incidents are attributed, not that all of them are.
    let about = text(&read(&out, "about/index.html"));
    assert!(
        about.contains("It lists 13 incidents at 9 companies, 5 of the incidents attributed to 2 threat actors."),
        "{about}"
    );
    // The embed card says what the page says of the count, and marks the disputed one.
    let card = text(&read(&out, "companies/t-mobile/embed/index.html"));
    assert!(
        card.contains("T-Mobile 10 known incidents (1 disputed) Latest incidents disputed T-Mobile hacked in the Salt Typhoon campaign"),
        "{card}"
    );
    let list = text(&read(&out, "incidents/index.html"));
    assert!(
        list.contains("13 incidents (1 disputed) in this tracker, newest first."),
        "{list}"
    );
}

#[test]
fn actors_and_campaigns_give_their_span_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let t = text(&read(&out, "actors/lapsus/index.html"));
    assert!(t.contains("In this tracker 1 incident, March 2022 "), "{t}");
    assert!(!t.contains("March 2022 to March 2022"), "{t}");
    // A campaign says the same of itself.
    let c = text(&read(&out, "campaigns/salt-typhoon-telecom-intrusions/index.html"));
    assert!(
        c.contains(
            "In this tracker 4 incidents (1 disputed), 5 October 2024 to 17 June 2025 Attributed to Salt Typhoon"
        ),
        "{c}"
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
        "T-Mobile disputed",
        "Charter",
        "Consolidated Communications",
        "Windstream",
        "Viasat",
    ] {
        assert!(t.contains(victim), "{victim} missing: {t}");
    }
    for alias in [
        "GhostEmperor Kaspersky",
        "OPERATOR PANDA CrowdStrike",
        "UNC2286 Mandiant",
    ] {
        assert!(t.contains(alias), "{alias} missing: {t}");
    }
    assert!(
        t.contains("“Salt Typhoon” is the name Microsoft gives this group"),
        "{t}"
    );
    // ESET treats FamousSparrow as a distinct group: the profile says so, and the name does not
    // lead to Salt Typhoon.
    assert!(
        t.contains("ESET (March 2025) treats FamousSparrow as a distinct group"),
        "{t}"
    );
    assert!(!t.contains("FamousSparrow ESET"), "{t}");
    assert!(
        t.contains("Sponsor People's Republic of China (by MITRE ATT&CK) 1"),
        "{t}"
    );
}

#[test]
fn lumen_is_named_lumen_in_2024() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let html = read(&out, "incidents/2024-10-05-salt-typhoon-att-verizon-lumen/index.html");
    assert_eq!(link_to(&html, "Lumen").as_deref(), Some("/companies/lumen/"));
    let t = text(&html);
    assert!(t.contains("The 1st known incident at Lumen in this tracker."), "{t}");
    assert!(!t.contains("listed as"), "{t}");
    let t = text(&read(&out, "companies/lumen/index.html"));
    assert!(
        t.contains("Also known as CenturyLink (former brand, until 2020)"),
        "{t}"
    );
}

#[test]
fn attributions_say_who_makes_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let page = |slug: &str| text(&read(&out, &format!("incidents/{slug}/index.html")));
    let t = page("2024-10-05-salt-typhoon-att-verizon-lumen");
    assert!(
        t.contains("Attributed to Salt Typhoon by AT&T and Verizon, as reported by The Register (confirmed)"),
        "{t}"
    );
    assert!(
        t.contains("Status history 5 October 2024: reported 30 December 2024: confirmed"),
        "{t}"
    );
    let t = page("2024-11-15-salt-typhoon-t-mobile");
    assert!(
        t.contains("Attributed to Salt Typhoon by The Wall Street Journal 1 Campaign"),
        "{t}"
    );
    assert!(
        t.contains("Status history 15 November 2024: reported 6 January 2025: disputed"),
        "{t}"
    );
    let t = page("2022-04-22-lapsus-t-mobile");
    assert!(
        t.contains("Attributed to LAPSUS$ by TechTarget (moderate confidence)"),
        "{t}"
    );
    // A private person is named only with who described him so, and is not an attributed actor.
    let t = page("2021-08-t-mobile-76-million");
    assert!(
        t.contains("The Wall Street Journal interviewed John Binns, whom it described as the hacker"),
        "{t}"
    );
    assert!(t.contains("Attributed to not attributed"), "{t}");
}

#[test]
fn sources_without_an_address_are_only_those_none_could_be_found_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let incidents: serde_json::Value = serde_json::from_str(&read(&out, "data/incidents.json")).unwrap();
    let mut without = Vec::new();
    for incident in incidents.as_array().unwrap() {
        let sources = incident["sources"].as_array().unwrap();
        assert!(
            sources.iter().any(|s| s["url"].is_string()),
            "{} has no source address",
            incident["slug"]
        );
        for s in sources.iter().filter(|s| s["url"].is_null()) {
            without.push(format!(
                "{} {}",
                s["publisher"].as_str().unwrap(),
                s["date"].as_str().unwrap_or("")
            ));
        }
    }
    without.sort();
    assert_eq!(
        without,
        [
            "FBI and CISA (joint statement) 2024-10-25",
            "FBI and CISA (joint statement) 2024-11-13",
            "Fierce ",
            "TechCrunch 2024-11-16",
            "The Register 2025-01-06",
            "The Wall Street Journal 2024-11-15",
            "The White House 2024-12-04",
        ]
    );
    // In the CSV, the n-th address is the n-th publisher's: a source without one keeps its place.
    let csv = read(&out, "data/incidents.csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (urls, publishers) = (col("source_urls"), col("source_publishers"));
    let row = rows
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "2023-04-28-t-mobile-836-customers")
        .unwrap();
    let pairs: Vec<(&str, &str)> = row[urls].split("; ").zip(row[publishers].split("; ")).collect();
    assert_eq!(row[urls].split("; ").count(), row[publishers].split("; ").count());
    assert_eq!(pairs.last().unwrap(), &("", "Fierce"), "{pairs:?}");
}

#[test]
fn the_shipped_tracker_passes_a_strict_check() {
    let o = tally(&repo(), &["check", "--strict"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("no problems found"), "{}", stdout(&o));
}

#[test]
fn every_link_resolves_at_the_root_and_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("root");
    build(&repo(), &out, &[]);
    assert_eq!(tally::site::links::check(&out, "").unwrap(), vec![]);
    let out = dir.path().join("sub");
    build(&repo(), &out, &["--base-url", "https://user.github.io/tracker"]);
    assert_eq!(tally::site::links::check(&out, "/tracker").unwrap(), vec![]);
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
    let year = read(&out, "incidents/2015/index.html");
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
    let h1 = year.find("<h1>2015</h1>").unwrap();
    let h2 = year.find("<h2 class=\"visually-hidden\">Incidents</h2>").unwrap();
    let h3 = year.find("<h3").unwrap();
    assert!(h1 < h2 && h2 < h3, "{year}");
}

#[test]
fn issue_12_lists_archives_charts_and_search_go_by_the_disclosure_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    // The Experian breach, disclosed in 2015, is filed under 2015 though it began in 2013;
    // its card says when it happened, since that differs.
    let all = text(&read(&out, "incidents/index.html"));
    assert!(
        all.contains("Lists, year pages, charts and the search go by the year an incident was disclosed"),
        "{all}"
    );
    let y2015 = all.find("2015 Experian says").unwrap();
    assert!(
        all[y2015..].contains("Disclosed 1 October 2015 Occurred September 2013 to September 2015"),
        "{all}"
    );
    assert!(!out.join("incidents/2013").exists());
    assert!(text(&read(&out, "incidents/2015/index.html")).contains("Experian says attackers took data"));
    // A card whose incident happened in the month it was disclosed names one date only.
    let y2021 = text(&read(&out, "incidents/2021/index.html"));
    assert!(y2021.contains("Disclosed August 2021 confirmed"), "{y2021}");
    // The year chart counts 2015 and no 2013; the search filter offers 2015.
    let stats = read(&out, "stats/index.html");
    assert!(stats.contains(">2015<") && !stats.contains(">2013<"), "{stats}");
    // Companies with as many incidents share their place in the ranking.
    let home = read(&out, "index.html");
    assert!(
        home.contains("<li value=\"1\"><a href=\"/companies/t-mobile/\">T-Mobile</a>"),
        "{home}"
    );
    assert_eq!(home.matches("<li value=\"2\">").count(), 8, "{home}");
    // A kind of attack is shown as its incident writes it.
    assert!(text(&stats).contains("API abuse 1"), "{}", text(&stats));
    let search = read(&out, "search/index.html");
    assert!(search.contains("<option value=\"2015\">2015</option>"), "{search}");
    let facets = read(&out, "search/facets.json");
    assert!(facets.starts_with("{\"years\":[2015,2018,"), "{facets}");
}

#[test]
fn issue_12_incident_pages_lead_with_the_count_and_dates_and_link_their_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let html = read(&out, "incidents/2024-10-05-salt-typhoon-att-verizon-lumen/index.html");
    let t = text(&html);
    // Not disclosed here: the lead says so, then the disclosure date.
    assert!(t.contains("Affected: not disclosed Disclosed 5 October 2024"), "{t}");
    let html76 = read(&out, "incidents/2021-08-t-mobile-76-million/index.html");
    assert!(
        html76.contains("<p class=\"affected\"><strong class=\"big\">about 76 million</strong> people affected</p>"),
        "{html76}"
    );
    // Every company's and actor's feed, linked on the page and announced in the head of its
    // own page (the incident's head names the site's feed only).
    for (name, feed, page) in [
        (
            "Incidents at AT&T",
            "/companies/at-t/feed.xml",
            "companies/at-t/index.html",
        ),
        (
            "Incidents at Lumen",
            "/companies/lumen/feed.xml",
            "companies/lumen/index.html",
        ),
        (
            "Incidents attributed to Salt Typhoon",
            "/actors/salt-typhoon/feed.xml",
            "actors/salt-typhoon/index.html",
        ),
    ] {
        let escaped = name.replace('&', "&amp;");
        assert_eq!(link_to(&html, &escaped).as_deref(), Some(feed), "{name}");
        let head =
            format!("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{escaped}\" href=\"{feed}\">");
        assert!(!html.contains(&head), "{name}");
        assert!(read(&out, page).contains(&head), "{name}");
    }
    assert_eq!(html.matches("<link rel=\"alternate\"").count(), 1);
    // A company page: every incident listed, and records added up within each unit only.
    let t = text(&read(&out, "companies/t-mobile/index.html"));
    assert!(
        t.contains(
            "Listed here: 10 incidents Total affected in its counted incidents: about 2.2 million customers in 3 incidents ; about 37 million accounts in 1 incident ; about 15 million applicants in 1 incident ; about 76 million people in 1 incident"
        ),
        "{t}"
    );
}

#[test]
fn issue_12_the_table_of_incidents_works_without_javascript_a_page_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo(), &out, &[]);
    let html = read(&out, "incidents/index.html");
    assert_eq!(
        link_to(&html, "Every incident in one table").as_deref(),
        Some("/table/")
    );
    let table = read(&out, "table/index.html");
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 13);
    // Newest disclosed first: date, title, companies, actors, records, status, each a cell.
    assert_eq!(
        text(rows[0]),
        "17 June 2025 Viasat named as a Salt Typhoon victim, Bloomberg reports; Viasat confirms a breach Viasat Salt Typhoon confirmed"
    );
    let t = text(&table);
    assert!(
        t.contains("August 2021 T-Mobile confirms 2021 hack; count of people affected rises to about 76 million T-Mobile about 76 million people confirmed"),
        "{t}"
    );
    assert!(
        table.contains("<td data-v=\"76000000\">about 76 million people</td>"),
        "{table}"
    );
    assert!(table.contains("<script src=\"/table.js\" defer></script>"));
    assert!(out.join("table.js").is_file());
    // On a narrow screen the table scrolls sideways: it says so, and the keyboard can scroll it.
    assert!(table.contains("<p class=\"scroll-hint\">Six columns: scroll the table sideways to see them all.</p>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table of incidents\">"));
    let css = read(&out, "style.css");
    assert!(css.contains("@media (max-width: 55rem) { .scroll-hint { display: block; } }"));
}

#[test]
fn issue_12_the_table_of_incidents_runs_over_pages_of_500() {
    let (_dir, root) = crate::util::copy_of(&crate::util::fixture("basic"));
    let root = root.parent().unwrap().join("synthetic");
    crate::util::synthetic(&root, 1001);
    let out = root.join("public");
    build(&root, &out, &[]);
    let rows = |page: &str| read(&out, page).matches("<tr>").count() - 1;
    assert_eq!(rows("table/index.html"), 500);
    assert_eq!(rows("table/page/2/index.html"), 500);
    assert_eq!(rows("table/page/3/index.html"), 1);
    assert!(!out.join("table/page/4").exists());
    let first = read(&out, "table/index.html");
    assert_eq!(link_to(&first, "3").as_deref(), Some("/table/page/3/"));
}
