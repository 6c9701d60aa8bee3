//! Messages that point at what the journalist wrote: broken links at their Markdown line,
//! folded list items, duplicate keys and tabs at any depth, and the closing lines of `build`
//! and `check`.

use std::fs;
use std::process::Command;

use crate::util::{copy_of, fixture, stderr, stdout, tally};

/// The basic fixture with two broken links in a write-up and one in a template of its own.
fn broken_links() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = copy_of(&fixture("basic"));
    let file = root.join("content/incidents/a-2020.md");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("See [the other](/companies/lumn/)\nand [fine](/companies/lumen/), [relative](../nothere/).\n");
    fs::write(&file, text).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/about.html"),
        "{% extends \"base.html\" %}{% block content %}\n<h1 id=\"tally-rule\">About</h1>\n<p><a href=\"/nowhere/\">x</a></p>{% endblock %}\n",
    )
    .unwrap();
    (dir, root)
}

#[test]
fn plain_check_reports_a_write_ups_broken_link_at_its_markdown_line() {
    let (_dir, root) = broken_links();
    let o = tally(&root, &["check", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).starts_with(
            "content/incidents/a-2020.md:10:5: warning: broken link `/companies/lumn/`: there is no company `lumn`\n\
             10 | See [the other](/companies/lumn/)\n   |     ^\n   = hint: did you mean `/companies/lumen/`?\n"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_link_spelt_with_an_escape_is_checked_too() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let file = root.join("content/incidents/c-2022.md");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("Read [this](/actors\\/nobody/).\n");
    fs::write(&file, text).unwrap();
    let o = tally(&root, &["check", "--now", "2026-11-25"]);
    assert!(
        stdout(&o).contains(
            "content/incidents/c-2022.md:10:6: warning: broken link `/actors/nobody/`: there is no actor `nobody`\n"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_links_points_at_the_markdown_or_the_template() {
    let (_dir, root) = broken_links();
    let o = tally(
        &root,
        &["check", "--now", "2026-11-25", "--links", "--format", "github"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let broken: Vec<&str> = out.lines().filter(|l| l.contains("broken link")).collect();
    assert_eq!(
        broken,
        [
            "::error file=content/incidents/a-2020.md,line=10,col=5,title=tally::broken link `/companies/lumn/` (on public/incidents/a-2020/index.html): no file `companies/lumn/index.html` was written%0Ahint: fix the link's address in the write-up",
            "::error file=content/incidents/a-2020.md,line=11,col=32,title=tally::broken link `../nothere/` (on public/incidents/a-2020/index.html): no file `incidents/nothere/index.html` was written%0Ahint: fix the link's address in the write-up",
            "::error file=templates/about.html,line=3,col=13,title=tally::broken link `/nowhere/` on public/about/index.html, made by the template `about.html`: no file `nowhere/index.html` was written%0Ahint: fix the link in this template or a partial it includes (templates/partials/)",
        ],
        "{out}"
    );
    // Run from the repository that holds the tracker in a folder, the annotations name the
    // files from there, as GitHub reads them.
    let parent = root.parent().unwrap();
    let folder = root.file_name().unwrap().to_str().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["check", "--now", "2026-11-25", "--format", "github", "--root", folder])
        .current_dir(parent)
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .unwrap();
    assert!(
        stdout(&o).starts_with(&format!(
            "::warning file={folder}/content/incidents/a-2020.md,line=10,col=5,"
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn build_outside_a_tracker_suggests_root() {
    let dir = tempfile::tempdir().unwrap();
    let o = tally(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "error: . is not a tracker: it has no site.yaml and no content/ folder; run tally in the tracker's folder (or a folder inside it), or name it with --root DIR (tally init DIR makes a new one)\n"
    );
}

#[test]
fn check_from_a_folder_inside_the_tracker_finds_it() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let o = tally(&root.join("content/incidents"), &["check", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("Checked 4 incidents (0 held back until their disclosure date, 1 draft): 4 warnings (build date 2026-11-25)\n"),
        "{}",
        stdout(&o)
    );
    // `new` writes into the tracker, not into the folder it is run from.
    let o = tally(
        &root.join("content/incidents"),
        &["new", "From inside", "--company", "Lumen", "--disclosed", "2024-02-02"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(root.join("content/incidents/2024-02-02-from-inside.md").is_file());
    assert!(!root.join("content/incidents/content").exists());
}

#[test]
fn build_ends_with_what_it_held_back_and_the_warnings() {
    let (_dir, root) = copy_of(&fixture("warnings"));
    let o = tally(&root, &["build", "--now", "2026-11-25"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let last = stdout(&o).lines().last().unwrap_or_default().to_string();
    assert!(
        last.ends_with(" kB, build date 2026-11-25) (1 held back, 9 warnings: run tally check)"),
        "{last}"
    );
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::write(
        root.join("content/incidents/c-2022.md"),
        fs::read_to_string(root.join("content/incidents/c-2022.md")).unwrap() + "A write-up.\n",
    )
    .unwrap();
    fs::write(
        root.join("content/incidents/b-2021.md"),
        fs::read_to_string(root.join("content/incidents/b-2021.md"))
            .unwrap()
            .replace("javascript:alert(1)", "https://example.com/b2")
            .replace("<b>raw html</b>", "**bold**"),
    )
    .unwrap();
    // The draft, left out of the site, is checked too: it needs its write-up as well.
    fs::write(
        root.join("content/incidents/d-2023.md"),
        fs::read_to_string(root.join("content/incidents/d-2023.md")).unwrap() + "A write-up.\n",
    )
    .unwrap();
    let o = tally(&root, &["build", "--now", "2026-11-25"]);
    assert!(
        stdout(&o)
            .trim_end()
            .ends_with(" kB, build date 2026-11-25) (1 draft left out)"),
        "the draft is named: {}",
        stdout(&o)
    );
    let o = tally(&root, &["build", "--now", "2026-11-25", "--drafts"]);
    assert!(
        stdout(&o).trim_end().ends_with(" kB, build date 2026-11-25)"),
        "nothing skipped, nothing said: {}",
        stdout(&o)
    );
}

#[test]
fn strict_check_says_the_warnings_failed_it() {
    let (_dir, root) = copy_of(&fixture("warnings"));
    let o = tally(&root, &["check", "--now", "2026-11-25", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o).lines().last().unwrap(),
        "Checked 11 incidents (1 held back until their disclosure date): 9 warnings, 8 of which fail the check with --strict (the notice of an entry held back until its date does not) (build date 2026-11-25)"
    );
    // An embargo alone does not fail it.
    let (_dir, root) = copy_of(&fixture("basic"));
    let b = root.join("content/incidents/b-2021.md");
    let text = fs::read_to_string(&b).unwrap();
    fs::write(
        &b,
        text.replace("javascript:alert(1)", "https://example.com/b2")
            .replace("<b>raw html</b>", "**bold**"),
    )
    .unwrap();
    for f in ["c-2022.md", "d-2023.md"] {
        let path = root.join("content/incidents").join(f);
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("disclosed: 2022-", "disclosed: 2027-");
        fs::write(&path, text + "A write-up.\n").unwrap();
    }
    let o = tally(&root, &["check", "--now", "2026-11-25", "--strict"]);
    assert_eq!(
        stdout(&o).lines().last().unwrap(),
        "Checked 4 incidents (1 held back until their disclosure date, 1 draft): 1 warning, all notices of entries held back until their date, which --strict lets pass (build date 2026-11-25)"
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn folded_items_duplicate_keys_and_tabs_point_at_the_line_to_fix() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let dir = root.join("content/incidents");
    let head = "---\ntitle: X\ndisclosed: 2024-01-01\ncompanies: [Lumen]\n";
    fs::write(
        dir.join("folded.md"),
        format!("{head}data:\n  - data theft\n    - cloud\nsources:\n  - url: https://example.com/f\n    publisher: P\n---\nT.\n"),
    )
    .unwrap();
    fs::write(
        dir.join("twice.md"),
        format!("{head}sources:\n  - url: https://example.com/t\n    publisher: P\n    url: https://example.com/u\n---\nT.\n"),
    )
    .unwrap();
    fs::write(
        dir.join("tab.md"),
        format!("{head}sources:\n  - url: https://example.com/t\n\tpublisher: P\n---\nT.\n"),
    )
    .unwrap();
    let o = tally(&root, &["check", "--now", "2026-11-25"]);
    let out = stdout(&o);
    for want in [
        "content/incidents/folded.md:7:5: warning: this line is read as part of the item above (`data theft - cloud`), not as an item of its own\n7 |     - cloud\n  |     ^\n  = hint: line up its `-` with the `-` of the item above (column 3)\n",
        "content/incidents/twice.md:8:5: error: the front matter is not valid YAML: the key `url` is written twice\n8 |     url: https://example.com/u\n  |     ^\n  = hint: if it starts another item of the list, begin that line with `- ` lined up with the `- ` above; otherwise keep one of them\n",
        "content/incidents/tab.md:7:1: error: the front matter is not valid YAML: this line is indented with a tab, and YAML reads only spaces there\n",
    ] {
        assert!(out.contains(want), "{want}\nnot in:\n{out}");
    }
}
