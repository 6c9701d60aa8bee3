//! `tally check`: every problem in one run, in three formats, with exit codes.

use std::fs;

use crate::util::{copy_of, fixture, stdout, tally};

fn expected(name: &str) -> String {
    fs::read_to_string(fixture(name)).unwrap()
}

#[test]
fn warnings_fixture_in_all_three_formats() {
    let (_dir, root) = copy_of(&fixture("warnings"));
    for format in ["human", "json", "github"] {
        let o = tally(&root, &["check", "--now", "2026-11-25", "--format", format]);
        assert_eq!(o.status.code(), Some(0), "warnings alone pass ({format})");
        assert_eq!(
            stdout(&o),
            expected(&format!("warnings/expected-{format}.txt")),
            "{format}"
        );
    }
}

#[test]
fn strict_fails_on_warnings() {
    let (_dir, root) = copy_of(&fixture("warnings"));
    let o = tally(&root, &["check", "--now", "2026-11-25", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn errors_fail_and_are_listed_with_warnings() {
    let (_dir, root) = copy_of(&fixture("broken"));
    let o = tally(&root, &["check", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), expected("broken/expected-check.txt"));
    assert!(!root.join("public").exists(), "check writes nothing");
}

#[test]
fn held_back_incidents_appear_once_their_date_comes() {
    let (_dir, root) = copy_of(&fixture("warnings"));
    let o = tally(&root, &["build", "--now", "2026-11-25"]);
    assert!(stdout(&o).contains(" kB, build date 2026-11-25)"), "{}", stdout(&o));
    assert!(!root.join("public/incidents/future/index.html").exists());
    let o = tally(&root, &["build", "--now", "2030-01-01"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(root.join("public/incidents/future/index.html").exists());
    let o = tally(&root, &["build", "--now", "2026-11-25", "--drafts"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(root.join("public/incidents/future/index.html").exists());
}

#[test]
fn link_check_of_the_shipped_tracker_finds_nothing() {
    let root = crate::util::repo();
    for base in ["https://tally.example.org", "https://user.github.io/tracker"] {
        let o = tally(&root, &["check", "--links", "--base-url", base]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        assert!(stdout(&o).contains("; 0 broken links"), "{}", stdout(&o));
    }
}

#[test]
fn markup_quoted_in_a_write_up_is_not_a_link() {
    // A phishing write-up shows the page's markup: in a code span and in plain text.
    let (_dir, root) = copy_of(&fixture("basic"));
    let file = root.join("content/incidents/a-2020.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text + "\nThe page held `<a href=\"login.html\">` and a form, <img src=\"logo.png\"> as text.\n",
    )
    .unwrap();
    let o = tally(&root, &["check", "--links"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("; 0 broken links"), "{}", stdout(&o));
    let page = fs::read_to_string(root.join("public/incidents/a-2020/index.html"));
    assert!(page.is_err(), "check writes nothing");
}

#[test]
fn an_entry_saved_under_another_ending_is_named_and_a_linked_one_is_read() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let incidents = root.join("content/incidents");
    let text = fs::read_to_string(incidents.join("a-2020.md")).unwrap();
    for name in [
        "e-2021.markdown",
        "f-2021.MD",
        "g-2021.md.txt",
        "h-2021.txt",
        "i-2021",
        "logo.png",
    ] {
        fs::write(incidents.join(name), &text).unwrap();
    }
    fs::write(incidents.join("notes.txt"), "Sources to read.\n").unwrap();
    fs::write(incidents.join("draft.docx"), "PK").unwrap();
    fs::create_dir_all(root.join("content/incident")).unwrap();
    fs::write(root.join("content/incident/j-2021.md"), &text).unwrap();
    fs::write(root.join("content/k-2021.md"), &text).unwrap();
    fs::write(root.join("content/README.md"), "# Notes for editors\n").unwrap();
    let o = tally(&root, &["check"]);
    let out = stdout(&o);
    for said in [
        "content/incidents/draft.docx:1:1: warning: a word processor's document is not read: entries are plain-text Markdown files\n",
        "content/incident/j-2021.md:1:1: warning: this file is not read: tally reads entries in `content/incidents/`, company profiles in `content/companies/` and actor profiles in `content/actors/`\n  = hint: move it to `content/incidents/j-2021.md`\n",
        "content/k-2021.md:1:1: warning: this file is not read",
    ] {
        assert!(out.contains(said), "{said}\n{out}");
    }
    assert!(!out.contains("notes.txt") && !out.contains("README"), "{out}");
    for (name, should) in [
        ("e-2021.markdown", "e-2021.md"),
        ("f-2021.MD", "f-2021.md"),
        ("g-2021.md.txt", "g-2021.md"),
        ("h-2021.txt", "h-2021.md"),
        ("i-2021", "i-2021.md"),
    ] {
        let said = format!(
            "content/incidents/{name}:1:1: warning: this file is not read: tally reads only files whose names end in `.md`\n  = hint: if it is an entry, rename it `{should}`\n"
        );
        assert!(out.contains(&said), "{out}");
    }
    assert!(!out.contains("logo.png"), "{out}");
    #[cfg(unix)]
    {
        let elsewhere = _dir.path().join("h-2021.md");
        fs::write(&elsewhere, text.replace("a-2020", "h-2021")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, incidents.join("h-2021.md")).unwrap();
        let o = tally(&root, &["check"]);
        assert!(stdout(&o).contains("Checked 5 incidents"), "{}", stdout(&o));
    }
}

#[test]
fn names_run_together_are_named_with_the_list_to_write() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let entry = |name: &str, companies: &str, actors: &str| {
        fs::write(
            root.join(format!("content/incidents/{name}.md")),
            format!("---\ntitle: T\ndisclosed: 2024-01-01\ncompanies:{companies}\nactors: {actors}\nsources:\n  - url: https://example.com/{name}\n    publisher: P\n---\nText.\n"),
        )
        .unwrap();
    };
    entry("e-2024", " [Lumen and Acme Corp]", "[Salt Typhoon]");
    let o = tally(&root, &["check"]);
    let out = stdout(&o);
    assert!(
        out.contains("content/incidents/e-2024.md:4:13: warning: `Lumen and Acme Corp` looks like 2 company names written as one\n"),
        "{out}"
    );
    assert!(
        out.contains("  = hint: if they are 2 companies, write each as an item of the `companies` list: `Lumen, Acme Corp` in place of `Lumen and Acme Corp`\n"),
        "{out}"
    );
    assert!(!out.contains("misspelling"), "{out}");
    // Quoted, a comma is inside the name: the same warning, not a misspelling of Lumen.
    entry("e-2024", " [\"Lumen, Acme Corp\"]", "[Salt Typhoon]");
    let out = stdout(&tally(&root, &["check"]));
    assert!(
        out.contains(
            "content/incidents/e-2024.md:4:14: warning: `Lumen, Acme Corp` looks like 2 company names written as one\n"
        ),
        "{out}"
    );
    assert!(!out.contains("misspelling"), "{out}");

    entry("e-2024", "\n  -Lumen\n  -Acme Corp", "[“Salt Typhoon”]");
    let o = tally(&root, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for said in [
        "content/incidents/e-2024.md:5:3: error: `-Lumen -Acme Corp` is read as one name: a list item needs a space after its `-`\n",
        "  = hint: write `- Lumen` on its own line under `companies:`, or the list on one line: `companies: [Lumen, Acme Corp]`\n",
        "content/incidents/e-2024.md:7:10: error: `“Salt Typhoon”` is in typographic quotation marks, which YAML does not read as quotes: they would be part of the name\n",
        "  = hint: write `Salt Typhoon` without them, or in straight quotes: `\"Salt Typhoon\"`\n",
    ] {
        assert!(out.contains(said), "{said}\n{out}");
    }

    // A profile's aliases run together in one text get the same error as an incident's names.
    fs::write(
        root.join("content/actors/famous-sparrow.md"),
        "---\nname: FamousSparrow\naliases: Earth Estries, UNC2286\n---\nProfile.\n",
    )
    .unwrap();
    let out = stdout(&tally(&root, &["check"]));
    assert!(
        out.contains("content/actors/famous-sparrow.md:3:10: error: `aliases` is one name here, `Earth Estries, UNC2286`: outside a list a comma does not separate names\n"),
        "{out}"
    );
}

#[test]
fn a_name_that_says_it_is_not_known_is_an_error_not_a_page() {
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::write(
        root.join("content/incidents/e-2024.md"),
        "---\ntitle: T\ndisclosed: 2024-01-01\ncompanies: [TBD]\nactors:\n  - Unknown\n  - N/A\nsources:\n  - url: https://example.com/e\n    publisher: P\n---\nText.\n",
    )
    .unwrap();
    let o = tally(&root, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for said in [
        "content/incidents/e-2024.md:4:13: error: `TBD` is not a company: it says the name is not known, and would get a page and a tally of its own\n",
        "  = hint: write the name of the company attacked (an incident needs one); until it is known, leave `companies:` empty and keep the entry a draft (`draft: true`)\n",
        "content/incidents/e-2024.md:6:5: error: `Unknown` is not a threat actor: it says the name is not known, and would get a page and a tally of its own\n",
        "  = hint: delete `Unknown` and keep the names of actors someone has attributed it to; with none, leave `actors` out (or write `actors: []`)\n",
        "content/incidents/e-2024.md:7:5: error: `N/A` is not a threat actor",
    ] {
        assert!(out.contains(said), "{said}\n{out}");
    }
}

#[test]
fn kinds_of_data_and_attack_run_together_with_commas_are_an_error() {
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::write(
        root.join("content/incidents/e-2024.md"),
        "---\ntitle: T\ndisclosed: 2024-01-01\ncompanies: [Lumen]\ntypes: sim swap, phishing\ndata: names, phone numbers\nsummary: Names, then numbers.\nsources:\n  - url: https://example.com/e\n    publisher: P\n---\nText.\n",
    )
    .unwrap();
    let o = tally(&root, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for said in [
        "content/incidents/e-2024.md:5:8: error: `types` is one item here, `sim swap, phishing`: outside a list a comma does not separate items\n",
        "  = hint: write a list: `types: [sim swap, phishing]`, or one item per line under `types:` starting with `- `\n",
        "content/incidents/e-2024.md:6:7: error: `data` is one item here, `names, phone numbers`",
    ] {
        assert!(out.contains(said), "{said}\n{out}");
    }
    assert!(!out.contains("summary"), "{out}");
}

#[test]
fn what_a_write_up_would_not_show_as_meant_is_a_warning_at_its_line() {
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::write(
        root.join("content/incidents/e-2024.md"),
        "---\ntitle: T\ndisclosed: 2024-01-01\ncompanies: [Lumen]\nsources:\n  - id: bl\n    url: https://example.com/e\n    publisher: P\n---\n\
         Text.[^bl] and [^ bl] end.\n\n<p>Attackers <b>stole</b> data.</p>\n\n\
         See [z](htps://example.com/x), [doc](C:\\Users\\me\\leak.png), [sp](https://example.com/a b) and [f](www.sec.gov/filing).\n\n\
         `[x](a b)` in code, <https://example.com/auto> and [fine](https://example.com/y \"a title\").\n",
    )
    .unwrap();
    let o = tally(&root, &["check"]);
    let out = stdout(&o);
    let e: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("content/incidents/e-2024.md"))
        .collect();
    assert_eq!(
        e,
        [
            "content/incidents/e-2024.md:10:16: warning: `[^ bl]` is not a citation: a space inside the brackets makes it plain text",
            "content/incidents/e-2024.md:12:1: warning: `<p>` is HTML, which the page shows as text: readers would see the tags (4 tags in this write-up)",
            "content/incidents/e-2024.md:14:5: warning: the link `htps://example.com/x` is not a web address: the page links nowhere (`#`)",
            "content/incidents/e-2024.md:14:32: warning: the link `C:\\Users\\me\\leak.png` is not a web address: the page links nowhere (`#`)",
            "content/incidents/e-2024.md:14:66: warning: `https://example.com/a b` is not made a link: an address cannot hold spaces, so the page shows the brackets as written",
            "content/incidents/e-2024.md:14:95: warning: the link `www.sec.gov/filing` is read as a page of this site, not as a web address",
        ],
        "{out}"
    );
    for hint in [
        "  = hint: write `[^bl]`\n",
        "  = hint: write Markdown instead: **bold**, *italic*, [words](https://address) for a link, a blank line between paragraphs; or delete the tags (a tag shown on purpose goes in backticks: `<iframe>`)\n",
        "  = hint: write `https://example.com/x`\n",
        "  = hint: a file on your computer cannot be linked: put it in the tracker's `static/files/` folder and link it as `/files/NAME`\n",
        "  = hint: write the address without spaces (`%20` for each), or in angle brackets: `(<https://example.com/a b>)`\n",
        "  = hint: write `https://www.sec.gov/filing`\n",
    ] {
        assert!(out.contains(hint), "{hint}\n{out}");
    }
}

#[test]
fn an_incident_saved_among_the_profiles_is_told_where_it_goes() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let text = fs::read_to_string(root.join("content/incidents/a-2020.md")).unwrap();
    fs::write(root.join("content/companies/e-2021.md"), &text).unwrap();
    let o = tally(&root, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("content/companies/e-2021.md:2:1: error: this is an incident (it has `title` and `disclosed`), saved among the company profiles\n"),
        "{out}"
    );
    assert!(
        out.contains("  = hint: move it to `content/incidents/e-2021.md`\n"),
        "{out}"
    );
    assert!(!out.contains("unknown key"), "{out}");
}

#[test]
fn a_longer_name_of_a_known_company_and_a_misspelt_campaign_are_warnings() {
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::write(
        root.join("content/incidents/e-2024.md"),
        "---\ntitle: T\ndisclosed: 2024-01-01\ncompanies: [Lumen Technologies]\ncampaign: Test campain\nsources:\n  - url: https://example.com/e\n    publisher: P\n---\nText.\n",
    )
    .unwrap();
    // A campaign named by two incidents is known; one named once, close to it, is a typo.
    fs::write(
        root.join("content/incidents/f-2024.md"),
        "---\ntitle: F\ndisclosed: 2024-02-01\ncompanies: [Lumen]\ncampaign: Test Campaign\nsources:\n  - url: https://example.com/f\n    publisher: P\n---\nText.\n",
    )
    .unwrap();
    let out = stdout(&tally(&root, &["check"]));
    for said in [
        "content/incidents/e-2024.md:4:13: warning: `Lumen Technologies` starts with the name `Lumen`, and makes a page of its own\n",
        "  = hint: if it is the same company, write `Lumen` (or add `Lumen Technologies` to the aliases in its profile); if it is another, give it a profile in content/companies/ and this warning goes\n",
        "content/incidents/e-2024.md:5:11: warning: `Test campain` is probably a misspelling of `Test Campaign`\n",
        "  = hint: write `Test Campaign` so the incident joins that campaign's page\n",
    ] {
        assert!(out.contains(said), "{said}\n{out}");
    }
    // A name that differs by its number is another name.
    let e = root.join("content/incidents/e-2024.md");
    fs::write(
        &e,
        fs::read_to_string(&e)
            .unwrap()
            .replace("Test campain", "Test Campaign 2"),
    )
    .unwrap();
    assert!(!stdout(&tally(&root, &["check"])).contains("Test Campaign 2` is probably"));
}

#[test]
fn an_entry_filed_twice_is_a_warning_naming_the_first() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let incidents = root.join("content/incidents");
    fs::copy(incidents.join("a-2020.md"), incidents.join("a-2020-copy.md")).unwrap();
    let out = stdout(&tally(&root, &["check"]));
    assert!(
        out.contains("content/incidents/a-2020.md:1:1: warning: this looks like the same incident as content/incidents/a-2020-copy.md: the same title, disclosure date and companies\n"),
        "{out}"
    );
    assert_eq!(out.matches("looks like the same incident").count(), 1, "{out}");
    // Retitled, it is another incident, whatever it shares.
    let text = fs::read_to_string(incidents.join("a-2020.md")).unwrap();
    let title = text.lines().find(|l| l.starts_with("title:")).unwrap().to_string();
    fs::write(
        incidents.join("a-2020-copy.md"),
        text.replace(&title, "title: Another one"),
    )
    .unwrap();
    assert!(!stdout(&tally(&root, &["check"])).contains("looks like the same incident"));
}

#[test]
fn a_reader_that_stops_early_is_no_failure() {
    // `tally check | head`: the pipe closes before the report is written.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["check", "--root"])
        .arg(fixture("warnings"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn drafts_are_checked_though_the_site_leaves_them_out() {
    // `tally new` writes drafts: the check a journalist runs next must look at them.
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::write(
        root.join("content/incidents/e-2024.md"),
        "---\ntitle: Draft\ndisclosed: 2024-01-01\ncompanies: [Lumenn]\ndraft: true\nsources:\n  - url: https://example.com/e\n    publisher: Example News\n---\nText.\n",
    )
    .unwrap();
    let o = tally(&root, &["check", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("content/incidents/e-2024.md:4:13: warning: `Lumenn` is probably a misspelling of `Lumen`\n"),
        "{out}"
    );
    assert!(
        out.contains("content/incidents/d-2023.md:9:1: warning: the incident has no write-up\n"),
        "{out}"
    );
    assert!(
        out.ends_with("Checked 5 incidents (0 held back until their disclosure date, 2 drafts): 5 warnings (build date 2026-11-25)\n"),
        "{out}"
    );
}

#[test]
fn a_drafts_warnings_do_not_fail_strict_and_links_lead_to_published_pages_only() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let path = |name: &str| root.join("content/incidents").join(name);
    let b = fs::read_to_string(path("b-2021.md")).unwrap();
    fs::write(
        path("b-2021.md"),
        b.replace("javascript:alert(1)", "https://example.com/b2")
            .replace("<b>raw html</b>", "**bold**"),
    )
    .unwrap();
    // A published write-up linking to the draft's page, which the site does not have.
    let c = fs::read_to_string(path("c-2022.md")).unwrap();
    fs::write(path("c-2022.md"), c + "See [the draft](/incidents/d-2023/).\n").unwrap();
    let o = tally(&root, &["check", "--strict", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(1), "the broken link fails it");
    let out = stdout(&o);
    assert!(
        out.contains("content/incidents/c-2022.md:10:5: warning: broken link"),
        "{out}"
    );
    assert!(
        out.ends_with("Checked 4 incidents (0 held back until their disclosure date, 1 draft): 2 warnings, 1 of which (not in drafts) fails the check with --strict (build date 2026-11-25)\n"),
        "{out}"
    );
    // The link mended, the draft's own warning is said but does not fail the check.
    fs::write(
        path("c-2022.md"),
        fs::read_to_string(path("c-2022.md"))
            .unwrap()
            .replace("See [the draft](/incidents/d-2023/).\n", "A write-up.\n"),
    )
    .unwrap();
    let o = tally(&root, &["check", "--strict", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).ends_with("1 warning, all in drafts, which --strict lets pass (build date 2026-11-25)\n"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("content/incidents/d-2023.md:9:1: warning: the incident has no write-up\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn site_yaml_is_named_as_itself() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), site.replace("title: Fixture Tracker\n", "")).unwrap();
    let out = stdout(&tally(&root, &["check"]));
    assert!(out.contains("site.yaml:1:1: error: `title` is missing\n"), "{out}");
    assert!(
        out.contains("  = hint: add it: write the tracker's name, e.g. `title: Telecom breach tracker`\n"),
        "{out}"
    );
    fs::write(root.join("site.yaml"), "- a\n- b\n").unwrap();
    let out = stdout(&tally(&root, &["check"]));
    assert!(
        out.contains("site.yaml:1:1: error: site.yaml must be keys and values, not a list\n"),
        "{out}"
    );
}

#[test]
fn an_alias_two_profiles_claim_is_one_error_at_the_profile_it_fits_least() {
    let (_dir, root) = copy_of(&fixture("basic"));
    // Lumen's profile has the alias CenturyLink; a new profile for Acme Corp claims
    // `Lumen Technologies`, and Lumen's is given it too.
    let lumen = root.join("content/companies/lumen.md");
    let text = fs::read_to_string(&lumen).unwrap();
    fs::write(
        &lumen,
        text.replace(
            "    note: former name\n",
            "    note: former name\n  - Lumen Technologies\n",
        ),
    )
    .unwrap();
    fs::write(
        root.join("content/companies/acme-corp.md"),
        "---\nname: Acme Corp\naliases: [Acme, Lumen Technologies]\n---\nAcme.\n",
    )
    .unwrap();
    let o = tally(&root, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(
            "content/companies/acme-corp.md:3:1: error: the name `Lumen Technologies` belongs to two companies"
        ),
        "{out}"
    );
    assert!(!out.contains("looks like another spelling"), "{out}");
}

#[test]
fn who_attributes_an_incident_written_into_the_actors_name_gets_the_claim_to_write() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let entry = |actors: &str| {
        fs::write(
            root.join("content/incidents/e-2024.md"),
            format!("---\ntitle: T\ndisclosed: 2024-01-01\ncompanies: [Lumen]\nactors:{actors}\nsources:\n  - url: https://example.com/e\n    publisher: P\n---\nText.\n"),
        )
        .unwrap();
        stdout(&tally(&root, &["check"]))
    };
    let out = entry("\n  - Salt Typhoon (high confidence, per FBI)");
    assert!(
        out.contains("content/incidents/e-2024.md:6:5: warning: `Salt Typhoon (high confidence, per FBI)` holds who attributes it in the actor's name: it makes a page of its own\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "`- name: Salt Typhoon` then, on lines of their own below it, `by:` who attributes it and `confidence:`"
        ),
        "{out}"
    );
    let out = entry(" [Salt Typhoon (high confidence, per FBI)]");
    assert!(
        out.contains("content/incidents/e-2024.md:5:41: warning: `per FBI)` has a parenthesis without its pair: in a list on one line, a comma inside parentheses cuts the name in two\n"),
        "{out}"
    );
}
