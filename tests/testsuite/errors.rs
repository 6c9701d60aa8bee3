//! Broken content: the full error report, the exit code, and that nothing is written.

use std::fs;

use crate::util::{build, copy_of, fixture, read, stderr, stdout, tally};

#[test]
fn broken_fixture_reports_every_problem_with_file_and_line() {
    let (_dir, root) = copy_of(&fixture("broken"));
    let o = tally(&root, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let expected = fs::read_to_string(fixture("broken/expected-stderr.txt")).unwrap();
    assert_eq!(stderr(&o), expected);
    assert!(!root.join("public").exists(), "a failed build writes nothing");
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    build(&root, &out, &[]);
    let before = read(&out, "incidents/a-2020/index.html");
    fs::write(root.join("content/incidents/a-2020.md"), "---\ntitle: x\n").unwrap();
    let o = tally(&root, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .starts_with("content/incidents/a-2020.md:1:1: error: the front matter opened here has no closing `---`\n"),
        "{}",
        stderr(&o)
    );
    assert_eq!(read(&out, "incidents/a-2020/index.html"), before);
}

#[test]
fn two_incident_files_of_one_name_in_two_folders_fail_the_build() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    build(&root, &out, &[]);
    let before = read(&out, "incidents/a-2020/index.html");
    fs::create_dir_all(root.join("content/incidents/2024")).unwrap();
    let text = fs::read_to_string(root.join("content/incidents/a-2020.md")).unwrap();
    fs::write(
        root.join("content/incidents/2024/a-2020.md"),
        text.replace("disclosed: 2020-01-15", "disclosed: 2024-01-15"),
    )
    .unwrap();
    let o = tally(&root, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for (file, other) in [
        ("content/incidents/2024/a-2020.md", "content/incidents/a-2020.md"),
        ("content/incidents/a-2020.md", "content/incidents/2024/a-2020.md"),
    ] {
        let said = format!(
            "{file}:1:1: error: the address /incidents/a-2020/ is taken by this file and by {other}: an incident's address is its file name, whatever folder it is in\n"
        );
        assert!(err.contains(&said), "{err}");
    }
    assert!(
        err.contains("= hint: if one is a copy of the other, delete it; if they are two incidents, rename one (its page's address is its new name)\n"),
        "{err}"
    );
    assert_eq!(read(&out, "incidents/a-2020/index.html"), before);
    // check counts both files among those with errors.
    let o = tally(&root, &["check", "--now", "2026-11-25"]);
    assert!(
        stdout(&o).contains(
            "Checked 5 incidents (0 held back until their disclosure date, 1 draft, 2 with errors): 2 errors"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn two_profiles_of_one_name_in_two_folders_fail_the_build() {
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::create_dir_all(root.join("content/companies/telecoms")).unwrap();
    fs::write(
        root.join("content/companies/telecoms/lumen.md"),
        "---\nname: Other Corp\n---\nAnother company.\n",
    )
    .unwrap();
    let o = tally(&root, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stdout(&o) + &stderr(&o);
    assert!(
        err.contains("content/companies/telecoms/lumen.md:1:1: error: the address /companies/lumen/ is taken by this file and by content/companies/lumen.md: a profile's address is its file name, whatever folder it is in\n"),
        "{err}"
    );
    assert!(
        err.contains("= hint: if one is a copy of the other, delete it; if they are two profiles, rename one\n"),
        "{err}"
    );
}

#[test]
fn a_draft_or_an_entry_held_back_by_its_date_clashes_the_day_it_is_written() {
    // Neither is published yet, but each would take the address of b-2021 once it is.
    for (what, front) in [("draft", "draft: true\n"), ("held back", "")] {
        let (_dir, root) = copy_of(&fixture("basic"));
        fs::create_dir_all(root.join("content/incidents/2099")).unwrap();
        let text = fs::read_to_string(root.join("content/incidents/b-2021.md")).unwrap();
        let text = text.replacen("---\n", &format!("---\n{front}"), 1);
        let text = text.replace("disclosed: 2021", "disclosed: 2099");
        fs::write(root.join("content/incidents/2099/b-2021.md"), text).unwrap();
        let o = tally(&root, &["check"]);
        assert_eq!(o.status.code(), Some(1), "{what}");
        let said = "content/incidents/2099/b-2021.md:1:1: error: the address /incidents/b-2021/ is taken by this file and by content/incidents/b-2021.md: an incident's address is its file name, whatever folder it is in\n";
        assert!(stdout(&o).contains(said), "{what}: {}", stdout(&o));
    }
}

#[test]
fn usage_errors_exit_2() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let o = tally(&root, &["build", "--root", "no-such-folder"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: no-such-folder is not a folder\n");
    let o = tally(&root, &["build", "--base-url", "user.github.io/tracker"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --base-url: `user.github.io/tracker` is not a web address: it must start with https:// or http://\n"
    );
    let o = tally(&root, &["build", "--output", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: refusing to use . as the output folder: it is the tracker itself; choose another folder with --output\n");
    let o = tally(&root, &["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_template_error_names_the_template_and_page() {
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/company.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.nope.deeper }}{% endblock content %}",
    )
    .unwrap();
    let o = tally(&root, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: template `company.html` failed while rendering companies/"),
        "{err}"
    );
    assert!(!root.join("public").exists());
    // `check` finds what stops the build, at the template's line, and writes nothing.
    let o = tally(&root, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("templates/company.html:1:53: error: template `company.html` fails while rendering companies/"),
        "{out}"
    );
    assert!(
        out.contains("  = hint: `tally build` stops at it: fix the template\n"),
        "{out}"
    );
    assert!(!root.join("public").exists());
    // An `{% if %}` left open.
    fs::write(
        root.join("templates/company.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{% if page.name %}\n{% endblock content %}\n",
    )
    .unwrap();
    let out = stdout(&tally(&root, &["check"]));
    assert!(
        out.contains("templates/company.html:4:4: error: template `company.html` has an error: Unknown tag\n"),
        "{out}"
    );
    assert!(out.contains("is closed (`{% endif %}`"), "{out}");
    // Two templates failing: each is named, every time.
    fs::write(
        root.join("templates/company.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.nope.deeper }}{% endblock content %}",
    )
    .unwrap();
    fs::write(
        root.join("templates/about.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.nope }}{% endblock content %}",
    )
    .unwrap();
    for _ in 0..3 {
        let out = stdout(&tally(&root, &["check"]));
        assert!(out.contains("templates/company.html:1:53: error"), "{out}");
        assert!(
            out.contains(
                "templates/about.html:1:53: error: template `about.html` fails while rendering about/index.html"
            ),
            "{out}"
        );
    }
}
