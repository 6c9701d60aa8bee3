//! Reader features, read back with real parsers: feeds, data downloads, sitemap, search
//! index, pagination and archives, stats, metadata, charts, and the French interface.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{build, copy_of, fixture, hrefs, read, text};

fn built(extra_site: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = copy_of(&fixture("basic"));
    if !extra_site.is_empty() {
        let site = fs::read_to_string(root.join("site.yaml")).unwrap();
        fs::write(root.join("site.yaml"), format!("{site}{extra_site}")).unwrap();
    }
    let out = root.join("public");
    build(&root, &out, &[]);
    (dir, out)
}

fn feed(out: &Path, path: &str) -> atom_syndication::Feed {
    read(out, path)
        .parse::<atom_syndication::Feed>()
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn feeds_parse_and_updates_move_entries_up() {
    let (_dir, out) = built("");
    let site = feed(&out, "feed.xml");
    assert_eq!(site.title().as_str(), "Fixture Tracker");
    assert_eq!(site.id(), "https://example.org/feed.xml");
    let ids: Vec<&str> = site.entries().iter().map(|e| e.id()).collect();
    // b-2021 was updated on 2021-06-01, after c-2022's disclosure? No: c is newer (2022-03-01).
    assert_eq!(
        ids,
        [
            "https://example.org/incidents/c-2022/",
            "https://example.org/incidents/b-2021/",
            "https://example.org/incidents/a-2020/"
        ]
    );
    let b = &site.entries()[1];
    assert_eq!(b.updated().to_rfc3339(), "2021-06-01T00:00:00+00:00");
    assert_eq!(
        b.published().map(|p| p.to_rfc3339()).as_deref(),
        Some("2021-05-03T00:00:00+00:00")
    );
    assert!(b
        .content()
        .and_then(|c| c.value())
        .unwrap()
        .contains("The count was revised."));
    assert_eq!(
        b.categories().iter().map(|c| c.term()).collect::<Vec<_>>(),
        ["Lumen", "Acme Corp"]
    );
    assert_eq!(site.updated().to_rfc3339(), "2022-03-01T00:00:00+00:00");

    let lumen = feed(&out, "companies/lumen/feed.xml");
    assert_eq!(lumen.title().as_str(), "Incidents at Lumen · Fixture Tracker");
    assert_eq!(lumen.entries().len(), 3);
    // A company's feed says what is new and links to the write-up; the site's feed carries it.
    let content = |e: &atom_syndication::Entry| e.content().and_then(|c| c.value()).unwrap().to_string();
    assert_eq!(
        content(&lumen.entries()[1]),
        "<p>A summary.</p><p>Disclosed 3 May 2021 · confirmed · about 1.5 million accounts</p>\
         <p>Lumen, Acme Corp · attributed to Salt Typhoon</p><p><strong>1 June 2021:</strong> The count was revised.</p>"
    );
    assert!(!content(&site.entries()[1]).contains("Disclosed 3 May 2021"));
    let actor = feed(&out, "actors/salt-typhoon/feed.xml");
    assert_eq!(actor.entries().len(), 1);
    let page = read(&out, "companies/lumen/index.html");
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Incidents at Lumen\" href=\"/companies/lumen/feed.xml\">"));
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed of every incident\" href=\"/feed.xml\">"));
}

#[test]
fn data_downloads_carry_every_field_and_the_derived_ones() {
    let (_dir, out) = built("");
    let incidents: Value = serde_json::from_str(&read(&out, "data/incidents.json")).unwrap();
    let b = incidents
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "b-2021")
        .unwrap();
    assert_eq!(b["title"], "Second <script>alert(1)</script> incident");
    assert_eq!(b["url"], "https://example.org/incidents/b-2021/");
    assert_eq!(b["disclosed"], "2021-05-03");
    assert_eq!(
        (b["occurred_from"].as_str(), b["occurred_to"].as_str()),
        (Some("2021-02"), Some("2021-04"))
    );
    assert_eq!(b["companies"], serde_json::json!(["Lumen", "Acme Corp"]));
    assert_eq!(b["company_slugs"], serde_json::json!(["lumen", "acme-corp"]));
    assert_eq!(b["actor_slugs"], serde_json::json!(["salt-typhoon"]));
    assert_eq!(b["campaign_slug"], "test-campaign");
    assert_eq!(b["status"], "confirmed");
    assert_eq!(b["records_count"], 1_500_000);
    assert_eq!(b["records_unit"], "accounts");
    assert_eq!(b["records_approximate"], true);
    assert_eq!(
        b["ordinals"],
        serde_json::json!([{"company": "lumen", "ordinal": 2}, {"company": "acme-corp", "ordinal": 1}])
    );
    assert_eq!(b["counted"], true);
    assert_eq!(
        b["updates"],
        serde_json::json!([{"date": "2021-06-01", "note": "The count was revised.", "status": null, "source": null}])
    );
    assert_eq!(b["last_updated"], "2021-06-01");
    let c = incidents
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "c-2022")
        .unwrap();
    assert_eq!(
        (c["counted"].as_bool(), c["records_count"].is_null()),
        (Some(false), true),
        "unknown is absent, never 0"
    );

    let csv_text = read(&out, "data/incidents.csv");
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    let headers: Vec<String> = csv.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers, tally::site::render::data::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = csv.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    let b = rows.iter().find(|r| &r[0] == "b-2021").unwrap();
    assert_eq!(&b[6], "Lumen; Acme Corp");
    assert_eq!(&b[20], "lumen: 2; acme-corp: 1");
    assert_eq!(&b[22], "https://example.com/b; javascript:alert(1)");

    let companies: Value = serde_json::from_str(&read(&out, "data/companies.json")).unwrap();
    let lumen = companies
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "lumen")
        .unwrap();
    assert_eq!(
        (lumen["tally"].as_u64(), lumen["incidents"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(
        lumen["aliases"],
        serde_json::json!([{"name": "CenturyLink", "by": null, "note": "former name"}])
    );
    let actors: Value = serde_json::from_str(&read(&out, "data/actors.json")).unwrap();
    assert_eq!(actors[0]["victim_slugs"], serde_json::json!(["acme-corp", "lumen"]));
    assert_eq!(actors[0]["mitre"], "G1045");
    assert!(read(&out, "data/index.html").contains("href=\"/data/incidents.csv\""));
}

#[test]
fn a_csv_cell_never_starts_a_spreadsheet_formula() {
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::write(
        root.join("content/incidents/e-2024.md"),
        "---\ntitle: '=HYPERLINK(\"https://evil.example\", \"Lumen\")'\ndisclosed: 2024-01-15\n\
         companies: [Lumen]\nsummary: '-1 million records, +2 servers'\nsources:\n  \
         - url: https://example.com/e\n    publisher: '@Example'\n---\nText.\n",
    )
    .unwrap();
    let out = root.join("public");
    build(&root, &out, &[]);
    let csv_text = read(&out, "data/incidents.csv");
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    let e = csv.records().map(|r| r.unwrap()).find(|r| &r[0] == "e-2024").unwrap();
    assert_eq!(&e[2], "'=HYPERLINK(\"https://evil.example\", \"Lumen\")");
    assert_eq!(&e[21], "'-1 million records, +2 servers");
    assert_eq!(&e[23], "'@Example");
    assert_eq!(&e[3], "2024-01-15", "other cells stay as written");
    // The JSON keeps the title as written.
    assert!(read(&out, "data/incidents.json").contains(r#""title":"=HYPERLINK(\"https://evil.example\", \"Lumen\")""#));
}

#[test]
fn sitemap_lists_every_page_and_robots_points_at_it() {
    let (_dir, out) = built("");
    let xml = read(&out, "sitemap.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut locs = Vec::new();
    let mut in_loc = false;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"loc" => in_loc = true,
            quick_xml::events::Event::Text(t) if in_loc => locs.push(t.decode().unwrap().to_string()),
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"loc" => in_loc = false,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    let pages: usize = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_name() == "index.html")
        // Embeddable cards are for iframes and ask not to be indexed.
        .filter(|e| !e.as_ref().unwrap().path().parent().unwrap().ends_with("embed"))
        .count();
    assert_eq!(locs.len(), pages);
    for l in &locs {
        let rel = l.strip_prefix("https://example.org/").unwrap();
        assert!(out.join(rel).join("index.html").is_file(), "{l}");
    }
    assert!(locs.contains(&"https://example.org/incidents/b-2021/".to_string()));
    assert_eq!(
        read(&out, "robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn search_index_finds_aliases_and_title_words() {
    let (_dir, out) = built("");
    let facets: Value = serde_json::from_str(&read(&out, "search/facets.json")).unwrap();
    assert_eq!(facets["years"], serde_json::json!([2020, 2021, 2022]));
    assert_eq!(facets["names"], serde_json::json!(["a", "c", "g", "l", "s", "t"]));
    // Numbers count from the newest: 0 = c-2022 (retracted), 1 = b-2021 (confirmed), 2 = a-2020.
    assert_eq!(facets["f"], "CEBAAB");
    let c: Value = serde_json::from_str(&read(&out, "search/names/c.json")).unwrap();
    let lumen = c
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["n"] == "Lumen")
        .expect("CenturyLink leads to Lumen");
    assert_eq!(lumen["s"], serde_json::json!(["lumen", "centurylink"]));
    assert_eq!(lumen["i"], serde_json::json!([0, 1, 2]));
    assert_eq!(lumen["u"], "/companies/lumen/");
    let g: Value = serde_json::from_str(&read(&out, "search/names/g.json")).unwrap();
    assert_eq!(g[0]["n"], "Salt Typhoon");
    assert_eq!(g[0]["i"], serde_json::json!([1]));
    let words: Value = serde_json::from_str(&read(&out, "search/words/r.json")).unwrap();
    assert_eq!(words["retracted"], serde_json::json!([0]));
    let meta: Value = serde_json::from_str(&read(&out, "search/incidents/0.json")).unwrap();
    assert_eq!(meta[1]["t"], "Second <script>alert(1)</script> incident");
    assert_eq!(meta[1]["u"], "/incidents/b-2021/");
    assert_eq!(meta[1]["c"], "Lumen, Acme Corp");
    assert!(read(&out, "search.js").contains("fetch(base + path)"));
    let page = read(&out, "index.html");
    assert!(page.contains("<form class=\"search-box\" role=\"search\" action=\"/search/\"><input id=\"q\" name=\"q\" type=\"search\" aria-label=\"Search companies, actors, aliases and titles\""));
    let t = text(&read(&out, "search/index.html"));
    assert!(
        t.contains("Companies Acme Corp Lumen"),
        "without JavaScript, the lists: {t}"
    );
}

#[test]
fn pagination_archives_and_links() {
    let (_dir, out) = built("per_page: 1\n");
    for p in [
        "incidents/index.html",
        "incidents/page/2/index.html",
        "incidents/page/3/index.html",
        "companies/page/2/index.html",
        "companies/lumen/page/3/index.html",
    ] {
        assert!(out.join(p).is_file(), "{p}");
    }
    assert!(!out.join("incidents/page/4").exists());
    let p2 = read(&out, "incidents/page/2/index.html");
    assert!(p2.contains("<link rel=\"prev\" href=\"/incidents/\">"));
    assert!(p2.contains("<link rel=\"next\" href=\"/incidents/page/3/\">"));
    assert!(text(&p2).contains("Second <script>alert(1)</script> incident"));
    let year = text(&read(&out, "incidents/2021/index.html"));
    assert!(year.contains("1 incident disclosed that year."), "{year}");
    assert!(year.contains("Second <script>"));
    assert_eq!(tally::site::links::check(&out, "").unwrap(), vec![]);
}

#[test]
fn stats_page_never_mixes_units() {
    let (dir, root) = copy_of(&fixture("basic"));
    fs::write(
        root.join("content/incidents/e-people.md"),
        "---\ntitle: People exposed\ndisclosed: 2021-07-01\ncompanies: [Lumen]\ntypes: [intrusion]\nrecords: {count: 9000000, unit: people}\nsources:\n  - url: https://example.com/e\n    publisher: P\n---\nText.\n",
    )
    .unwrap();
    let out = root.join("public");
    build(&root, &out, &[]);
    let t = text(&read(&out, "stats/index.html"));
    assert!(
        t.contains("Unit: people People exposed: 9 million people (1 July 2021)"),
        "{t}"
    );
    assert!(
        t.contains("Unit: accounts Second <script>alert(1)</script> incident: about 1.5 million accounts (3 May 2021)"),
        "{t}"
    );
    assert!(
        t.contains("By status confirmed 1 reported 2 alleged 0 disputed 0 retracted 1"),
        "{t}"
    );
    assert!(t.contains("By kind of attack intrusion 1"), "{t}");
    drop(dir);
}

#[test]
fn metadata_and_charts() {
    let (_dir, out) = built("");
    let html = read(&out, "incidents/b-2021/index.html");
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/incidents/b-2021/\">"));
    assert!(html.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(
        html.contains(
            "<meta property=\"og:title\" content=\"Second &lt;script&gt;alert(1)&lt;&#x2F;script&gt; incident\">"
        ) || html
            .contains("<meta property=\"og:title\" content=\"Second &lt;script&gt;alert(1)&lt;/script&gt; incident\">")
    );
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    let ld = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    assert!(!ld.contains('<'));
    let ld: Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["headline"], "Second <script>alert(1)</script> incident");
    assert_eq!(ld["datePublished"], "2021-05-03");
    assert_eq!(ld["about"][0]["name"], "Lumen");
    assert_eq!(ld["about"][1]["name"], "Acme Corp");
    let home = read(&out, "index.html");
    assert!(home.contains("<svg class=\"chart\" width=\"100%\" height=\"200\" aria-labelledby=\"chart-incidents-per-year-t chart-incidents-per-year-d\""));
    assert!(home.contains("<a href=\"/incidents/2021/\"><title>2021: 1 incident</title>"));
    assert!(
        text(&home).contains("Year Incidents 2022 1 2021 1 2020 1"),
        "the numbers as a table"
    );
    assert!(hrefs(&home).iter().any(|h| h == "/feed.xml"));
}

#[test]
fn french_interface() {
    let (_dir, out) = built("");
    let (_dir2, root) = copy_of(&fixture("basic"));
    let site = fs::read_to_string(root.join("site.yaml"))
        .unwrap()
        .replace("language: en", "language: fr");
    fs::write(root.join("site.yaml"), site).unwrap();
    let fr = root.join("public");
    build(&root, &fr, &[]);
    let html = read(&fr, "incidents/b-2021/index.html");
    assert!(html.starts_with("<!doctype html>\n<html lang=\"fr\">"));
    let t = text(&html);
    assert!(
        t.contains("Le 2e incident connu chez Lumen dans ce suivi (inscrit comme « CenturyLink »)."),
        "{t}"
    );
    assert!(t.contains("Révélé 3 mai 2021"), "{t}");
    assert!(t.contains("Survenu de février 2021 à avril 2021"), "{t}");
    assert!(t.contains("environ 1,5 million accounts touchés"), "{t}");
    assert!(
        html.contains("1er juin 2021</time>\u{202f}: The count was revised."),
        "{html}"
    );
    assert!(text(&read(&fr, "index.html"))
        .contains("3 incidents (1 retiré) 2 entreprises 1 acteur de la menace 1 campagne"));
    assert_ne!(read(&out, "about/index.html"), read(&fr, "about/index.html"));
    // An actor's and a campaign's span read as French says a range of months.
    for page in ["actors/salt-typhoon/index.html", "campaigns/test-campaign/index.html"] {
        let t = text(&read(&fr, page));
        assert!(
            t.contains("Dans ce suivi 1 incident, de février 2021 à avril 2021"),
            "{page}: {t}"
        );
    }
}
