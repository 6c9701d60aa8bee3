//! Details readers see: pages of long lists (titles, headings, the pager's window), natural
//! sorting, grouped numbers, the home heading, the 404 page's head, typographic quotes in
//! titles, the data licence, the tables on phones, the charts, and the French interface's
//! spans, words and spaces.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{build, copy_of, fixture, hrefs, read, synthetic, text};

/// The synthetic tracker of `n` incidents with `extra` added to its site.yaml, built.
fn synthetic_built(n: usize, extra: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tracker");
    synthetic(&root, n);
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), format!("{site}{extra}")).unwrap();
    let out = root.join("public");
    build(&root, &out, &[]);
    (dir, out)
}

/// The basic fixture, with `edit` applied to its folder before the build.
fn basic_built(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = copy_of(&fixture("basic"));
    edit(&root);
    let out = root.join("public");
    build(&root, &out, &[]);
    (dir, out)
}

/// A page's visible text with its spaces as they are (`text` folds them, narrow ones too).
fn raw_text(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let body = body.split("<script").next().unwrap_or(body);
    // The embed snippets are code to copy, not text.
    let body: String = body
        .split("<textarea")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once("</textarea>").map_or("", |x| x.1)
            }
        })
        .collect();
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

fn title(html: &str) -> &str {
    html.split("<title>").nth(1).unwrap().split("</title>").next().unwrap()
}

fn h1(html: &str) -> String {
    text(
        html.split("<h1")
            .nth(1)
            .unwrap()
            .split_once('>')
            .unwrap()
            .1
            .split("</h1>")
            .next()
            .unwrap(),
    )
}

/// The pager's items, as read: numbers, "…" for gaps, "[n]" for the current page.
fn pager(html: &str) -> String {
    let nav = html
        .split("<nav class=\"pager\"")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    let list = nav.split("<ul>").nth(1).unwrap().split("</ul>").next().unwrap();
    list.split("<li>")
        .skip(1)
        .map(|li| {
            let t = text(li);
            if li.contains("aria-current") {
                format!("[{t}]")
            } else {
                t
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn later_pages_say_which_page_and_the_pager_shows_a_window() {
    // 60 incidents, three a year over 2005-2024; two a page make 30 pages.
    let (_dir, out) = synthetic_built(60, "per_page: 2\n");
    let first = read(&out, "incidents/index.html");
    assert_eq!(title(&first), "All incidents · Synthetic Tracker");
    assert_eq!(h1(&first), "All incidents");
    assert_eq!(pager(&first), "[1] 2 3 4 5 … 30");
    let tenth = read(&out, "incidents/page/10/index.html");
    assert_eq!(title(&tenth), "All incidents, page 10 of 30 · Synthetic Tracker");
    assert_eq!(h1(&tenth), "All incidents, page 10 of 30");
    assert_eq!(pager(&tenth), "1 … 8 9 [10] 11 12 … 30");
    assert!(tenth.contains("<a rel=\"prev\" href=\"/incidents/page/9/\">"));
    let last = read(&out, "incidents/page/30/index.html");
    assert_eq!(pager(&last), "1 … 26 27 28 29 [30]");
    // Page 2 holds the third incident of the newest year: its heading continues page 1's.
    let second = text(&read(&out, "incidents/page/2/index.html"));
    assert!(second.contains("2024 (continued)"), "{second}");
    assert!(
        second.contains("2023 Incident"),
        "a year that starts here is not continued: {second}"
    );
    // A company's timeline and an actor-less list page alike.
    let company = read(&out, "companies/company-0/page/2/index.html");
    assert_eq!(title(&company), "Company 0, page 2 of 5 · Synthetic Tracker");
    assert!(text(&company).contains("Timeline (continued)"));
    assert_eq!(h1(&read(&out, "companies/company-0/index.html")), "Company 0");
    assert_eq!(tally::site::links::check(&out, "").unwrap(), vec![]);
}

#[test]
fn names_sort_naturally_and_numbers_are_grouped() {
    let (_dir, out) = synthetic_built(1200, "per_page: 1000\n");
    let az = read(&out, "companies/a-z/index.html");
    let order: Vec<String> = hrefs(&az)
        .into_iter()
        .filter(|h| h.starts_with("/companies/company-"))
        .take(12)
        .collect();
    assert_eq!(
        order,
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(|i| format!("/companies/company-{i}/"))
    );
    let home = text(&read(&out, "index.html"));
    assert!(home.contains("1,200 incidents 240 companies"), "{home}");
    let stats = text(&read(&out, "stats/index.html"));
    assert!(stats.contains("1,200 incidents"), "{stats}");
    assert!(stats.contains("reported 1,200"), "{stats}");
    let list = read(&out, "incidents/index.html");
    assert!(list.contains("<title>2005: 60 incidents</title>"), "chart tooltips");
    // The years chart's axis: 0, 20, 40, 60.
    assert!(list.contains(">60</text><line class=\"chart-axis\""));
}

#[test]
fn home_heading_404_head_and_typographic_titles() {
    let (_dir, out) = basic_built(|root| {
        fs::write(
            root.join("content/incidents/e-quotes.md"),
            "---\ntitle: Carrier says \"no impact\" -- it's 'fine'\ndisclosed: 2023-02-01\ncompanies: [Lumen]\nsummary: The carrier's \"statement\".\nsources:\n  - url: https://example.com/e\n    publisher: P\n---\nA \"quoted\" write-up.\n",
        )
        .unwrap();
    });
    let home = read(&out, "index.html");
    assert_eq!(
        h1(&home),
        "A small tracker for tests.",
        "the description, not the name again"
    );
    let body = home.split("<body>").nth(1).unwrap();
    assert_eq!(
        body.matches(">Fixture Tracker<").count(),
        1,
        "the name once, in the header"
    );
    let missing = read(&out, "404.html");
    assert!(missing.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!missing.contains("rel=\"canonical\""));
    assert!(!missing.contains("og:url"));
    assert!(read(&out, "about/index.html").contains("<link rel=\"canonical\" href=\"https://example.org/about/\">"));
    let page = read(&out, "incidents/e-quotes/index.html");
    assert_eq!(h1(&page), "Carrier says “no impact” – it’s ‘fine’");
    assert_eq!(title(&page), "Carrier says “no impact” – it’s ‘fine’ · Fixture Tracker");
    assert!(
        page.contains("<p>A “quoted” write-up.</p>"),
        "the same quotes as the write-up"
    );
    assert!(text(&page).contains("The carrier’s “statement”."));
    let card = text(&read(&out, "incidents/index.html"));
    assert!(card.contains("Carrier says “no impact” – it’s ‘fine’"), "{card}");
}

#[test]
fn the_licence_is_on_the_data_page_and_in_every_json_row() {
    let (_dir, out) = basic_built(|root| {
        let site = fs::read_to_string(root.join("site.yaml")).unwrap();
        fs::write(root.join("site.yaml"), format!("{site}license: CC BY 4.0\n")).unwrap();
    });
    let data = text(&read(&out, "data/index.html"));
    assert!(data.contains("Licence: CC BY 4.0."), "{data}");
    for file in ["incidents", "companies", "actors"] {
        let rows: Value = serde_json::from_str(&read(&out, &format!("data/{file}.json"))).unwrap();
        let rows = rows.as_array().unwrap();
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r["license"] == "CC BY 4.0"), "{file}");
    }
    let (_dir, plain) = basic_built(|_| {});
    assert!(!text(&read(&plain, "data/index.html")).contains("Licence"));
    let rows: Value = serde_json::from_str(&read(&plain, "data/incidents.json")).unwrap();
    assert_eq!(rows[0]["license"], Value::Null);
}

#[test]
fn tables_stack_on_phones_and_keep_one_of_two_equal_columns() {
    let (_dir, out) = basic_built(|_| {});
    // Lumen has a retracted incident: its tally and its incidents differ, so both show.
    let companies = read(&out, "companies/index.html");
    assert!(companies.contains("<table class=\"stack\">"));
    assert!(companies.contains("<td class=\"num\" data-label=\"Incidents: \">3</td>"));
    let (_dir, same) = synthetic_built(10, "");
    let companies = read(&same, "companies/index.html");
    assert!(!companies.contains(">Incidents</th>"), "equal to the tally: one column");
    assert!(companies.contains(">Tally</th>"));
    let actor = read(&out, "actors/salt-typhoon/index.html");
    assert!(actor.contains("<table class=\"stack\">"));
    let incident = read(&out, "incidents/b-2021/index.html");
    assert!(incident.contains("<dl class=\"facts pairs\">\n<div><dt>Occurred</dt>"));
    let css = read(&out, "style.css");
    assert!(css.contains("@media (max-width: 40rem) {\n  table.stack thead"));
}

#[test]
fn company_charts_split_by_status_and_records_add_up_per_unit() {
    let (_dir, out) = basic_built(|root| {
        for (slug, count, unit) in [("e-people", 9_000_000, "people"), ("f-accounts", 500_000, "Accounts")] {
            fs::write(
                root.join(format!("content/incidents/{slug}.md")),
                format!("---\ntitle: {slug}\ndisclosed: 2021-07-01\ncompanies: [Lumen]\nrecords: {{count: {count}, unit: {unit}}}\nsources:\n  - url: https://example.com/{slug}\n    publisher: P\n---\nText.\n"),
            )
            .unwrap();
        }
    });
    let lumen = read(&out, "companies/lumen/index.html");
    let t = text(&lumen);
    assert!(
        t.contains("Total affected in its counted incidents: about 2 million accounts in 2 incidents ; 9 million people in 1 incident"),
        "{t}"
    );
    assert!(
        lumen.contains("<title>2021: 3 incidents (1 confirmed, 2 reported)</title>"),
        "{lumen}"
    );
    assert!(lumen.contains("<a href=\"/incidents/2022/\"><title>2022: 1 incident (1 retracted)</title>"));
    assert!(lumen.contains("<rect class=\"chart-bar status-retracted\""));
    assert!(t.contains("by status confirmed reported retracted"), "the legend: {t}");
}

#[test]
fn french_spans_words_and_spaces() {
    let (_dir, out) = basic_built(|root| {
        let site = fs::read_to_string(root.join("site.yaml"))
            .unwrap()
            .replace("language: en", "language: fr");
        fs::write(root.join("site.yaml"), site).unwrap();
        fs::write(
            root.join("content/incidents/e-span.md"),
            "---\ntitle: Span\ndisclosed: 2022-11-02\noccurred: {from: 2022-05-01, to: 2022-10-31}\ncompanies: [Lumen]\nsources:\n  - url: https://example.com/e\n    publisher: P\n---\nText.\n",
        )
        .unwrap();
    });
    let span = text(&read(&out, "incidents/e-span/index.html"));
    assert!(span.contains("du 1er mai 2022 au 31 octobre 2022"), "{span}");
    let b = text(&read(&out, "incidents/b-2021/index.html"));
    assert!(b.contains("de février 2021 à avril 2021"), "{b}");
    let retracted = text(&read(&out, "incidents/c-2022/index.html"));
    assert!(
        retracted.contains("retiré") && !retracted.contains("démenti"),
        "{retracted}"
    );
    let lumen = text(&read(&out, "companies/lumen/index.html"));
    assert!(lumen.contains("Incidents de cette entreprise par année"), "{lumen}");
    // Every colon and semicolon of the interface has a narrow no-break space before it.
    let mut pages = vec![];
    let mut todo = vec![out.clone()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "html") && !p.ends_with("embed/index.html") {
                pages.push(p);
            }
        }
    }
    assert!(pages.len() > 20);
    for p in pages {
        let t = raw_text(&fs::read_to_string(&p).unwrap());
        assert!(!t.contains("dans cette entreprise"), "{}", p.display());
        for (i, c) in t.char_indices() {
            if c == ':' || c == ';' {
                let before = t[..i].chars().next_back();
                // Inside URLs and code written by the editors ("https:", "javascript:") there is none.
                let word = t[..i].rsplit(' ').next().unwrap_or("");
                if ["https", "http", "javascript"].iter().any(|w| word.ends_with(w)) {
                    continue;
                }
                assert_eq!(
                    before,
                    Some('\u{202f}'),
                    "{}: `{}` has no narrow no-break space before `{c}`",
                    p.display(),
                    t[..i]
                        .chars()
                        .rev()
                        .take(40)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<String>()
                );
            }
        }
    }
}
