//! Generated inputs: trackers made of random front matter (valid and broken YAML, every key,
//! odd Unicode, huge and empty values), Markdown bodies and site.yaml files, checked and
//! rendered through the library. Whatever comes in: no panic; every error names a file of
//! the tracker with a line and column inside it; every HTML page parses with html5ever and
//! holds no element, attribute or script from the input; every feed is well-formed XML.
//!
//! CI runs a fixed number of cases from a fixed seed. More, from any seed:
//! `PROPTEST_CASES=100000 PROPTEST_RNG_SEED=7 cargo test --release --test testsuite generated -- --nocapture`,
//! or `bash benches/generated.sh HOURS` to run new seeds until the time is up.

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use scraper::{Html, Selector};

/// Cases CI runs, and the seed they come from.
const CASES: u32 = 256;
const SEED: u64 = 0x7a11_2026;

/// Text meant to break out of where it is put: HTML, attributes, URLs, templates, YAML.
const HOSTILE: &[&str] = &[
    "<x-inj data-inj=1>",
    "\"><x-inj data-inj>",
    "'><img src=x data-inj onerror=inj()>",
    "<script>inj()</script>",
    "</title><x-inj>",
    "</textarea><x-inj>",
    "<!--<x-inj>-->",
    "]]><x-inj>",
    "javascript:inj()",
    "JaVaScRiPt:inj()",
    "data:text/html,<x-inj>",
    "{{ inj }}",
    "{% raw %}inj",
    "&lt;x-inj&gt;",
    "\u{202e}gnp.exe",
    "\u{200b}\u{feff}",
    "Ａｍａｚｏｎ",
    "Sосiété Générale",
    "👩‍💻🏳️‍🌈",
    "ﷺ",
    "\u{0}",
    "\t",
    "\r",
    "a\u{85}b",
    "..\\..\\etc\\passwd",
    "../../../etc/passwd",
    "%2e%2e%2f",
    "  ",
    "",
];

fn hostile() -> impl Strategy<Value = String> {
    prop::sample::select(HOSTILE).prop_map(str::to_string)
}

/// A piece of text a field might hold.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z0-9 .,'-]{0,30}",
        3 => hostile(),
        2 => any::<String>().prop_map(|s| s.chars().take(40).collect()),
        1 => (1usize..30_000).prop_map(|n| "é".repeat(n)),
        1 => Just(String::new()),
        1 => prop::collection::vec(hostile(), 1..4).prop_map(|v| v.concat()),
    ]
}

/// YAML for a string: quoted safely, or raw (which may well break the YAML).
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => text().prop_map(|t| quoted(&t)),
        2 => text(),
        1 => "(19|20)[0-9]{2}(-[01][0-9](-[0-3][0-9])?)?",
        1 => "-?[0-9]{1,25}(\\.[0-9]{1,3})?",
        1 => prop::sample::select(&["true", "false", "null", "~", "yes", "[]", "{}", "''", "0x1F", ".nan"][..])
            .prop_map(str::to_string),
    ]
}

/// Text that is not blank, for fields a valid incident requires.
fn filled() -> impl Strategy<Value = String> {
    text().prop_map(|t| if t.trim().is_empty() { format!("x{t}") } else { t })
}

/// A double-quoted YAML string.
fn quoted(t: &str) -> String {
    let mut out = String::from("\"");
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML value: a scalar, a flow list, a block list or a map, nested a little.
fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(inner.clone(), 1..4)
                .prop_map(|v| v.iter().map(|x| format!("\n  - {x}")).collect::<String>()),
            prop::collection::vec((key(), inner), 1..4)
                .prop_map(|v| { v.iter().map(|(k, x)| format!("\n  {k}: {x}")).collect::<String>() }),
        ]
    })
}

const KEYS: &[&str] = &[
    "title",
    "disclosed",
    "occurred",
    "companies",
    "actors",
    "campaign",
    "status",
    "types",
    "records",
    "data",
    "tally",
    "summary",
    "sources",
    "updates",
    "draft",
    "name",
    "aliases",
    "sector",
    "country",
    "website",
    "kind",
    "sponsor",
    "mitre",
    "first_seen",
    "url",
    "publisher",
    "date",
    "note",
    "count",
    "unit",
    "approximate",
    "from",
    "to",
    "by",
    "Title",
    "compnaies",
    "<x-inj>",
    "\"k\"",
];

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(KEYS).prop_map(str::to_string)
}

/// Front matter with any keys and values, often broken.
fn wild_front_matter() -> impl Strategy<Value = String> {
    prop::collection::vec((key(), value()), 0..10)
        .prop_map(|fields| fields.iter().map(|(k, v)| format!("{k}: {v}\n")).collect())
}

/// Front matter that is valid YAML with the required keys, its text fields generated: these
/// get through to the pages.
fn valid_incident() -> impl Strategy<Value = String> {
    (
        filled(),
        prop::collection::vec(filled(), 1..4),
        prop::collection::vec(filled(), 0..3),
        filled(),
        filled(),
        filled(),
        prop::sample::select(&["confirmed", "reported", "alleged", "disputed", "retracted"][..]),
        prop_oneof![Just(None), (0..i64::MAX, filled()).prop_map(Some)],
    )
        .prop_map(|(title, companies, actors, summary, publisher, note, status, records)| {
            let list = |v: &[String]| v.iter().map(|x| quoted(x)).collect::<Vec<_>>().join(", ");
            let records = records
                .map(|(n, unit)| format!("records: {{count: {n}, unit: {}}}\n", quoted(&unit)))
                .unwrap_or_default();
            format!(
                "title: {}\ndisclosed: 2024-03-05\ncompanies: [{}]\nactors: [{}]\nstatus: {status}\n{records}summary: {}\nsources:\n  - url: https://example.com/a?q={}\n    publisher: {}\nupdates:\n  - date: 2024-04-01\n    note: {}\n",
                quoted(&title),
                list(&companies),
                list(&actors),
                quoted(&summary),
                summary.len(),
                quoted(&publisher),
                quoted(&note)
            )
        })
}

/// A Markdown body built from pieces that exercise the parser and the escaping.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        text(),
        text().prop_map(|t| format!("# {t}")),
        text().prop_map(|t| format!("[{t}]({t})")),
        text().prop_map(|t| format!("![{t}]({t} \"{t}\")")),
        hostile().prop_map(|t| format!("[link]({t})")),
        hostile().prop_map(|t| format!("<a href=\"{t}\">x</a>")),
        text().prop_map(|t| format!("```{t}\n{t}\n```")),
        text().prop_map(|t| format!("| a | {t} |\n|---|---|\n| {t} | b |")),
        text().prop_map(|t| format!("> {t}\n- {t}\n1. {t}")),
        text().prop_map(|t| format!("*{t}* **{t}** ~~{t}~~ `{t}`")),
        text().prop_map(|t| format!("[^{t}]\n\n[^{t}]: {t}")),
        Just("---".to_string()),
        Just("<details><summary>x</summary><x-inj data-inj>".to_string()),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.join("\n\n"))
}

fn site_yaml() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (text(), text(), text(), prop::sample::select(&["en", "fr"][..]), 1usize..200).prop_map(
            |(title, description, rule, language, per_page)| {
                format!(
                    "title: {}\ndescription: {}\nbase_url: https://example.org/t\nlanguage: {language}\ntally_rule: {}\nper_page: {per_page}\n",
                    quoted(&title),
                    quoted(&description),
                    quoted(&rule)
                )
            }
        ),
        1 => wild_front_matter(),
    ]
}

/// Breaks a text now and then: a character inserted or removed, or a closing `---` lost.
fn mutate(text: String, m: Option<(usize, usize)>) -> String {
    const INSERTS: &[&str] = &[
        ":",
        "\t",
        "'",
        "\"",
        "[",
        "{",
        "- ",
        "\n",
        "---\n",
        "&a ",
        "*a",
        "!!binary ",
        "%",
        "\u{feff}",
        "?",
    ];
    let Some((at, what)) = m else { return text };
    let mut chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    match what % (INSERTS.len() + 1) {
        w if w < INSERTS.len() => {
            chars.splice(at..at, INSERTS[w].chars());
        }
        _ if at < chars.len() => {
            chars.remove(at);
        }
        _ => {}
    }
    chars.into_iter().collect()
}

#[derive(Debug, Clone)]
struct Tracker {
    site: String,
    incidents: Vec<(String, String)>,
    company: Option<(String, String)>,
}

fn tracker() -> impl Strategy<Value = Tracker> {
    let breakage = prop::option::weighted(0.3, (any::<usize>(), any::<usize>()));
    let incident = (
        prop_oneof![3 => valid_incident(), 1 => wild_front_matter()],
        markdown(),
        breakage.clone(),
        any::<bool>(),
    )
        .prop_map(|(fm, body, m, closed)| {
            let fm = mutate(fm, m);
            let close = if closed || m.is_none() { "---\n" } else { "" };
            (format!("---\n{fm}{close}{body}\n"), String::new())
        });
    (
        site_yaml(),
        breakage.clone(),
        prop::collection::vec(incident, 1..4),
        prop::option::of((
            filled(),
            filled(),
            prop_oneof![3 => text().prop_map(|t| format!("https://example.com/{}", t.len())), 1 => text()],
            markdown(),
        )),
    )
        .prop_map(|(site, m, incidents, company)| Tracker {
            site: mutate(site, m),
            incidents: incidents
                .into_iter()
                .enumerate()
                .map(|(k, (t, _))| (format!("i-{k}.md"), t))
                .collect(),
            company: company.map(|(name, sector, website, body)| {
                (
                    "c.md".to_string(),
                    format!(
                        "---\nname: {}\naliases: [{}]\nsector: {}\nwebsite: {}\n---\n{body}\n",
                        quoted(&name),
                        quoted(&sector),
                        quoted(&sector),
                        quoted(&website)
                    ),
                )
            }),
        })
}

fn write(root: &Path, t: &Tracker) {
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("content/incidents")).unwrap();
    fs::create_dir_all(root.join("content/companies")).unwrap();
    fs::write(root.join("site.yaml"), &t.site).unwrap();
    for (name, text) in &t.incidents {
        fs::write(root.join("content/incidents").join(name), text).unwrap();
    }
    if let Some((name, text)) = &t.company {
        fs::write(root.join("content/companies").join(name), text).unwrap();
    }
}

/// What one case found, for the summary.
#[derive(Default)]
struct Tally {
    cases: u32,
    with_errors: u32,
    rendered: u32,
    pages: usize,
    /// How often each problem stopped a case (its message, quoted parts left out).
    problems: std::collections::BTreeMap<String, u32>,
}

fn check(root: &Path, t: &Tracker, seen: &mut Tally) -> Result<(), TestCaseError> {
    write(root, t);
    seen.cases += 1;
    let opts = tally::BuildOptions {
        root: root.to_path_buf(),
        now: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
        ..Default::default()
    };
    let analysis = match tally::analyse(&opts, true) {
        Ok(a) => a,
        Err(e) => return Err(TestCaseError::fail(format!("not a diagnostic with a place: {e}"))),
    };
    for d in &analysis.diagnostics {
        let file = root.join(&d.path);
        let text = fs::read_to_string(&file).map_err(|e| {
            TestCaseError::fail(format!(
                "{}: names no file of the tracker ({e}): {d:?}",
                d.path.display()
            ))
        })?;
        // Lines end at a newline, or at a carriage return (alone or before a newline).
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let lines: Vec<&str> = text.split('\n').collect();
        prop_assert!(
            d.line >= 1 && d.line <= lines.len(),
            "line outside the file: {d:?}\n{text}"
        );
        let width = lines[d.line - 1].chars().count();
        prop_assert!(
            d.column >= 1 && d.column <= width + 1,
            "column outside the line: {d:?}\n{text}"
        );
    }
    if let Some(first) = analysis.diagnostics.iter().find(|d| d.is_error()) {
        let kind: Vec<&str> = first.message.split('`').step_by(2).collect();
        let kind = kind.join("`…`");
        *seen.problems.entry(kind).or_default() += 1;
        seen.with_errors += 1;
        return Ok(());
    }
    let pages = tally::render_site(&analysis.site).map_err(|e| TestCaseError::fail(format!("render: {e}")))?;
    seen.rendered += 1;
    seen.pages += pages.len();
    let injected = Selector::parse(
        "x-inj, [data-inj], [onerror], a[href^='javascript:' i], [src^='javascript:' i], a[href^='data:' i]",
    )
    .unwrap();
    let scripts = Selector::parse("script").unwrap();
    for page in &pages {
        let text = String::from_utf8_lossy(&page.bytes);
        if page.path.ends_with(".html") {
            let html = Html::parse_document(&text);
            prop_assert!(html.errors.is_empty(), "{}: {:?}", page.path, html.errors);
            if let Some(el) = html.select(&injected).next() {
                return Err(TestCaseError::fail(format!("{}: injected {}", page.path, el.html())));
            }
            for s in html.select(&scripts) {
                let code: String = s.text().collect();
                if s.value().attr("type") == Some("application/ld+json") {
                    // Input belongs there as data: it must stay inside the JSON.
                    let parsed = serde_json::from_str::<serde_json::Value>(&code);
                    prop_assert!(parsed.is_ok(), "{}: JSON-LD broken by the input: {code}", page.path);
                } else {
                    prop_assert!(!code.contains("inj("), "{}: script from the input: {code}", page.path);
                }
            }
        } else if page.path.ends_with(".xml") {
            let mut reader = quick_xml::Reader::from_str(&text);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => return Err(TestCaseError::fail(format!("{}: not XML: {e}", page.path))),
                }
            }
        }
    }
    Ok(())
}

fn config() -> Config {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    Config {
        cases: env("PROPTEST_CASES").map_or(CASES, |n| n as u32),
        rng_seed: RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(SEED)),
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..Config::default()
    }
}

#[test]
fn generated_trackers_never_panic_and_never_inject() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tracker");
    let config = config();
    let (cases, seed) = (config.cases, config.rng_seed);
    let mut runner = TestRunner::new(config);
    let seen = std::cell::RefCell::new(Tally::default());
    let result = runner.run(&tracker(), |t| check(&root, &t, &mut seen.borrow_mut()));
    let s = seen.borrow();
    eprintln!(
        "generated: {cases} cases asked ({seed:?}), {} run with shrinking: {} stopped by content errors, {} rendered ({} pages checked)",
        s.cases, s.with_errors, s.rendered, s.pages
    );
    let mut common: Vec<(&String, &u32)> = s.problems.iter().collect();
    common.sort_by_key(|(_, n)| std::cmp::Reverse(**n));
    for (kind, n) in common.iter().take(8) {
        eprintln!("  {n:>6} stopped by: {kind}");
    }
    if let Err(e) = result {
        panic!("{e}");
    }
}
