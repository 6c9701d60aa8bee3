//! `tally build` on the `basic` fixture: page text, link targets, ordinals, alias notes.

use std::fs;

use crate::util::{build, copy_of, fixture, hrefs, link_to, read, stdout, tally, text};

#[test]
fn incident_page_states_ordinal_alias_and_facts() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    build(&root, &out, &[]);
    let html = read(&out, "incidents/b-2021/index.html");
    let t = text(&html);
    assert!(
        t.contains("The 2nd known incident at Lumen in this tracker (listed as “CenturyLink”)."),
        "{t}"
    );
    assert!(
        t.contains("The 1st known incident at Acme Corp in this tracker."),
        "{t}"
    );
    assert!(
        t.contains("Attributed to Salt Typhoon (listed as “GhostEmperor”)"),
        "{t}"
    );
    assert!(t.contains("Disclosed 3 May 2021"), "{t}");
    assert!(t.contains("Occurred February 2021 to April 2021"), "{t}");
    assert!(t.contains("about 1.5 million accounts affected"), "{t}");
    assert!(t.contains("1 June 2021: The count was revised."), "{t}");
    assert!(t.contains("The story, Example News, 3 May 2021"), "{t}");
    assert_eq!(link_to(&html, "Lumen").as_deref(), Some("/companies/lumen/"));
    assert_eq!(link_to(&html, "Salt Typhoon").as_deref(), Some("/actors/salt-typhoon/"));
    assert_eq!(
        link_to(&html, "Test Campaign").as_deref(),
        Some("/campaigns/test-campaign/")
    );
    assert_eq!(link_to(&html, "The story").as_deref(), Some("https://example.com/b"));
}

#[test]
fn everything_a_contributor_writes_is_escaped() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    build(&root, &out, &[]);
    let html = read(&out, "incidents/b-2021/index.html");
    assert!(!html.contains("<script>"), "a title must not inject markup");
    assert!(
        html.contains("Second &lt;script&gt;alert(1)&lt;&#x2F;script&gt; incident")
            || html.contains("Second &lt;script&gt;alert(1)&lt;/script&gt; incident"),
        "{html}"
    );
    assert!(
        html.contains("&lt;b&gt;raw html&lt;/b&gt;"),
        "raw HTML in a write-up is shown as text"
    );
    assert!(
        !html.contains("javascript:alert") || !html.contains("href=\"javascript:"),
        "no javascript: link"
    );
    assert!(text(&html).contains("Bad Link (javascript:alert(1))"));
}

#[test]
fn company_page_has_tally_timeline_and_aliases() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    build(&root, &out, &[]);
    let t = text(&read(&out, "companies/lumen/index.html"));
    assert!(t.contains("Also known as CenturyLink (former name)"), "{t}");
    assert!(
        t.contains("2 known incidents counted in this tracker (3 listed; not counted: 1)."),
        "{t}"
    );
    // Newest first: the retracted one, then b, then a.
    let order: Vec<usize> = ["Retracted report", "Second", "First Lumen incident"]
        .iter()
        .map(|s| t.find(s).unwrap())
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{t}");
    assert!(t.contains("not counted Retracted report"), "{t}");
    assert!(t.contains("Profile of Lumen."), "{t}");
}

#[test]
fn actor_page_lists_aliases_with_who_uses_them_and_victims() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    build(&root, &out, &[]);
    let html = read(&out, "actors/salt-typhoon/index.html");
    let t = text(&html);
    assert!(t.contains("GhostEmperor Kaspersky"), "{t}");
    assert!(t.contains("MITRE ATT&CK G1045"), "{t}");
    assert!(t.contains("Victims 2 victims Acme Corp Lumen"), "{t}");
    assert_eq!(
        link_to(&html, "G1045").as_deref(),
        Some("https://attack.mitre.org/groups/G1045/")
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    build(&root, &out, &[]);
    assert!(!out.join("incidents/d-2023/index.html").exists());
    build(&root, &out, &["--drafts"]);
    assert!(out.join("incidents/d-2023/index.html").exists());
}

#[test]
fn base_url_path_prefixes_every_internal_link() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    build(&root, &out, &["--base-url", "https://user.github.io/tracker/"]);
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = fs::read_to_string(entry.path()).unwrap();
            for h in hrefs(&html).into_iter().filter(|h| h.starts_with('/')) {
                assert!(h.starts_with("/tracker/"), "{}: {h}", entry.path().display());
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} internal links seen");
    assert_eq!(tally::site::links::check(&out, "/tracker").unwrap(), vec![]);
}

#[test]
fn same_content_gives_byte_identical_output() {
    let (_dir, root) = copy_of(&fixture("basic"));
    build(&root, &root.join("one"), &[]);
    build(&root, &root.join("two"), &[]);
    let files = |d: &str| -> Vec<(String, Vec<u8>)> {
        let base = root.join(d);
        walkdir::WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(&base).unwrap().display().to_string(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let one = files("one");
    assert!(one.len() > 10);
    assert!(one == files("two"), "two builds differ");
}

#[test]
fn summary_line_counts_what_was_built() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let o = tally(&root, &["build"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    assert!(
        s.starts_with("Built 63 files (3 incidents, 2 companies, 1 actor, 1 campaign) in "),
        "{s}"
    );
    // The size is what the files hold, in decimal units.
    let bytes: u64 = walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum();
    let size = tally::human_size(bytes);
    assert!(size.ends_with(" kB"), "{size}");
    assert!(s.contains(&format!(" ms into ./public ({size}, build date ")), "{s}");
}
