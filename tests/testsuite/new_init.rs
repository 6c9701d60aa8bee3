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
        "note: company “centurylink” is written “Lumen”, as this tracker knows it\n\
         note: actor “Ghost Emperor” is written “Salt Typhoon”: it matches “GhostEmperor” (an alias of Salt Typhoon)\n\
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
        text.contains("\ncompanies:\n  - \"Lumen\"\n  - \"Acme Corp\"\n"),
        "{text}"
    );
    assert!(text.contains("\nactors:\n  - \"Salt Typhoon\"\n"), "{text}");
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
        "draft: false",
    ] {
        assert!(text.contains(&format!("\n{key}\n")), "{key} missing:\n{text}");
    }
    // Until a source is filled in, check says exactly what is missing.
    let o = tally(&root, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            "content/incidents/2024-10-05-lumen-hackers-reach-wiretap-systems.md:32:5: error: `publisher` is empty\n"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn new_never_overwrites() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let args = [
        "new",
        "Same headline",
        "--company",
        "Lumen",
        "--disclosed",
        "2024-01-01",
    ];
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
    assert_eq!(fs::read_to_string(root.join(".gitignore")).unwrap(), "public/\n");
    let o = tally(&root, &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Built 43 files (1 incident, 1 company, 1 actor, 0 campaigns)"),
        "{}",
        stdout(&o)
    );
    let page = fs::read_to_string(root.join("public/companies/example-telecom/index.html")).unwrap();
    assert!(page.contains("Also known as <strong>Example Tel</strong> (former name)"));
    let o = tally(dir.path(), &["init", "news"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not empty"));
}
