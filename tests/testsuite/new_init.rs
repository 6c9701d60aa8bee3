//! `tally new` and `tally init`.

use std::fs;

use crate::util::{copy_of, fixture, stderr, stdout, tally};

#[test]
fn new_writes_every_field_with_known_spellings() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let o = tally(
        &root,
        &[
            "new",
            "Lumen: hackers reach \"wiretap\" systems",
            "--company",
            "centurylink",
            "--company",
            "Acme Corp",
            "--actor",
            "Ghost Emperor",
            "--disclosed",
            "2024-10-05",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "note: company “centurylink” is written “CenturyLink”, an alias of Lumen: the incident joins the page of Lumen, listed as “CenturyLink”\n\
         note: actor “Ghost Emperor” is written “GhostEmperor”, an alias of Salt Typhoon: the incident joins the page of Salt Typhoon, listed as “GhostEmperor”\n\
         Created content/incidents/2024-10-05-lumen-hackers-reach-wiretap-systems.md\n\
         Fill it in, then check it with `tally check` and preview it with `tally serve`.\n"
    );
    let text =
        fs::read_to_string(root.join("content/incidents/2024-10-05-lumen-hackers-reach-wiretap-systems.md")).unwrap();
    assert!(
        text.starts_with("---\n# The headline.\ntitle: \"Lumen: hackers reach \\\"wiretap\\\" systems\"\n"),
        "{text}"
    );
    assert!(
        text.contains("\ncompanies:\n  - \"CenturyLink\"\n  - \"Acme Corp\"\n"),
        "{text}"
    );
    assert!(text.contains("\nactors:\n  - \"GhostEmperor\"\n"), "{text}");
    for key in [
        "disclosed: 2024-10-05",
        "occurred:",
        "campaign:",
        "status: reported",
        "types: []",
        "records:",
        "data: []",
        "tally: true",
        "summary:",
        "sources:",
        "updates: []",
        "draft: true",
    ] {
        assert!(text.contains(&format!("\n{key}\n")), "{key} missing:\n{text}");
    }
    // Until a source is filled in, check says exactly what is missing; a draft may wait.
    let o = tally(&root, &["check"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains(
            "content/incidents/2024-10-05-lumen-hackers-reach-wiretap-systems.md:32:5: warning: `publisher` is empty\n"
        ),
        "{}",
        stdout(&o)
    );
}

/// `tally new` of one headline on one day: the same file name each time.
const SAME_HEADLINE: [&str; 6] = [
    "new",
    "Same headline",
    "--company",
    "Lumen",
    "--disclosed",
    "2024-01-01",
];

#[test]
fn new_never_overwrites() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let args = SAME_HEADLINE;
    assert_eq!(tally(&root, &args).status.code(), Some(0));
    let path = root.join("content/incidents/2024-01-01-same-headline.md");
    fs::write(&path, "edited by hand").unwrap();
    let o = tally(&root, &args);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: content/incidents/2024-01-01-same-headline.md already exists, and tally never overwrites a file: edit it, or choose another headline\n"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "edited by hand");
}

#[test]
fn new_refuses_a_name_already_filed_in_a_folder() {
    // Entries filed by year: a new file of the same name would take the same address.
    let (_dir, root) = copy_of(&fixture("basic"));
    let folder = root.join("content/incidents/2024");
    fs::create_dir_all(&folder).unwrap();
    let filed = folder.join("2024-01-01-same-headline.md");
    fs::write(
        &filed,
        "---\ntitle: Same headline\ndisclosed: 2024-01-01\ncompanies: [Lumen]\ndraft: true\n---\n",
    )
    .unwrap();
    let o = tally(&root, &SAME_HEADLINE);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: content/incidents/2024/2024-01-01-same-headline.md already exists, and tally never overwrites a file: edit it, or choose another headline\n"
    );
    assert!(!root.join("content/incidents/2024-01-01-same-headline.md").exists());
}

#[test]
fn init_makes_a_tracker_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let o = tally(dir.path(), &["init", "news"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let root = dir.path().join("news");
    for f in [
        "site.yaml",
        ".gitignore",
        "README.md",
        "content/companies/example-telecom.md",
        "content/actors/example-group.md",
    ] {
        assert!(root.join(f).is_file(), "{f}");
    }
    assert_eq!(
        fs::read_to_string(root.join(".gitignore")).unwrap(),
        "public/\n.public.tally-*\n"
    );
    let o = tally(&root, &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Built 48 files (1 incident, 1 company, 1 actor, 0 campaigns)"),
        "{}",
        stdout(&o)
    );
    let page = fs::read_to_string(root.join("public/companies/example-telecom/index.html")).unwrap();
    assert!(page.contains("Also known as <strong>Example Tel</strong> (former name)"));
    let o = tally(dir.path(), &["init", "news"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: news already holds a tracker (site.yaml exists): tally init never writes into one; choose another folder\n"
    );
}

/// A journalist creates an empty repository on GitHub with a README, a LICENSE and a
/// `.gitignore`, clones it and runs `tally init .` in it.
#[test]
fn init_adds_a_tracker_to_a_fresh_clone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = std::process::Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(git.success());
    fs::write(root.join("README.md"), "# my-tracker\n").unwrap();
    fs::write(root.join("LICENSE"), "MIT License\n").unwrap();
    fs::write(root.join(".gitignore"), "# Logs\n*.log").unwrap();
    let o = tally(root, &["init", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Created a new tracker in . (7 files).\n\
         Added tally's lines to .gitignore\n\
         Skipped README.md (it exists, and tally never overwrites a file)\n\
         The editors' guide is in EDITING.md.\n\
         To publish, fill in the address of tally's git repository on this line of .github/workflows/pages.yml and checks.yml:\n  \
         TALLY_GIT: \"\"\n\
         Next: tally serve\n"
    );
    // What was there is kept; `.gitignore` gets the line it lacks.
    assert_eq!(fs::read_to_string(root.join("README.md")).unwrap(), "# my-tracker\n");
    assert_eq!(fs::read_to_string(root.join("LICENSE")).unwrap(), "MIT License\n");
    assert_eq!(
        fs::read_to_string(root.join(".gitignore")).unwrap(),
        "# Logs\n*.log\npublic/\n.public.tally-*\n"
    );
    let guide = fs::read_to_string(root.join("EDITING.md")).unwrap();
    assert!(guide.starts_with("# Editing this tracker\n"));
    for f in [
        "site.yaml",
        ".github/workflows/pages.yml",
        ".github/workflows/checks.yml",
        "content/incidents/2024-01-15-example-telecom-customer-records.md",
    ] {
        assert!(root.join(f).is_file(), "{f}");
    }
    let o = tally(root, &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(" files (1 incident, 1 company, 1 actor, 0 campaigns) in "),
        "{}",
        stdout(&o)
    );
    assert!(root
        .join("public/incidents/2024-01-15-example-telecom-customer-records/index.html")
        .is_file());
    let o = tally(root, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A second init finds the tracker and changes nothing.
    let o = tally(root, &["init", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: . already holds a tracker (site.yaml exists): tally init never writes into one; choose another folder\n"
    );
}

#[test]
fn init_keeps_gitignore_lines_single_and_refuses_content() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("t");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join(".gitignore"), "target/\npublic/\n.public.tally-*\n").unwrap();
    fs::write(root.join("EDITING.md"), "mine").unwrap();
    let o = tally(
        dir.path(),
        &["init", "t", "--tally-git", "https://git.example.org/tally.git"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Both lines are there already: neither is written twice.
    assert_eq!(
        fs::read_to_string(root.join(".gitignore")).unwrap(),
        "target/\npublic/\n.public.tally-*\n"
    );
    assert!(!stdout(&o).contains(".gitignore"), "{}", stdout(&o));
    // No README there, so the guide is the README; EDITING.md is someone else's and stays.
    assert!(fs::read_to_string(root.join("README.md"))
        .unwrap()
        .contains("Settings → Pages"));
    assert_eq!(fs::read_to_string(root.join("EDITING.md")).unwrap(), "mine");
    assert!(!stdout(&o).contains("fill in"), "{}", stdout(&o));

    let other = dir.path().join("u");
    fs::create_dir_all(other.join("content")).unwrap();
    let o = tally(dir.path(), &["init", "u"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: u already holds a tracker (content exists): tally init never writes into one; choose another folder\n"
    );
    assert_eq!(fs::read_dir(&other).unwrap().count(), 1);
}

/// The editors' guide walks through publishing, adding an entry and reviewing a pull request.
#[test]
fn the_editors_guide_walks_through_publishing() {
    let guide = tally::commands::init::FILES
        .iter()
        .find(|(p, _)| *p == "README.md")
        .unwrap()
        .1;
    for step in [
        "**Settings → Pages**",
        "set **Source** to **GitHub Actions**",
        "git push",
        "\"Your site is live at …\"",
        "https://USER.github.io/REPOSITORY/",
        "tally new \"",
        "**Files changed** tab, on the line",
        "TALLY_GIT: \"\"",
    ] {
        assert!(guide.contains(step), "the guide lacks {step}");
    }
}

#[test]
fn new_says_when_it_dates_an_entry_today_and_reads_a_date_written_otherwise() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let o = tally(&root, &["new", "Lumen hit again", "--company", "Lumen"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let today = chrono::Local::now().date_naive();
    assert!(
        stdout(&o).contains(&format!(
            "note: disclosed today, {today}, as no --disclosed was given: if it became public another day, change `disclosed:` (and the date the file's name starts with)\n"
        )),
        "{}",
        stdout(&o)
    );
    let o = tally(
        &root,
        &["new", "Lumen hit", "--company", "Lumen", "--disclosed", "March 5, 2024"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "`March 5, 2024` is not a date written the way tally reads dates: write `--disclosed 2024-03-05`"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_refuses_several_names_in_one_flag_and_a_name_that_is_not_known() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let o = tally(&root, &["new", "Two hit", "--company", "Verizon, AT&T"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: `Verizon, AT&T` reads as several names: give each its own --company, e.g. --company \"Verizon\" --company \"AT&T\"\n"
    );
    let o = tally(&root, &["new", "Lumen hit", "--company", "Lumen", "--actor", "Unknown"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: `Unknown` says the name is not known: leave --actor out while nobody has attributed the incident\n"
    );
    assert!(!root
        .join("content/incidents")
        .read_dir()
        .unwrap()
        .any(|e| { e.unwrap().file_name().to_string_lossy().contains("hit") }));
    // A legal form after a comma is one name.
    let o = tally(
        &root,
        &[
            "new",
            "Example hit",
            "--company",
            "Example, Inc.",
            "--disclosed",
            "2024-01-02",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
