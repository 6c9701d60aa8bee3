//! Publishing: the GitHub workflows (parsed, with the steps that matter checked) and the
//! output folder's safety rules, a killed build included.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tally::yaml::{parse, Node};

use crate::util::{build, copy_of, fixture, read, repo, stderr, tally};

fn get<'a>(node: &'a Node, key: &str) -> &'a Node {
    match node {
        Node::Map(entries) => entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("no `{key}` in {node:?}")),
        other => panic!("not a map at `{key}`: {other:?}"),
    }
}

fn text(node: &Node) -> &str {
    match node {
        Node::Str(s) => s,
        other => panic!("not text: {other:?}"),
    }
}

fn steps(job: &Node) -> &[Node] {
    match get(job, "steps") {
        Node::List(items) => items,
        other => panic!("steps: {other:?}"),
    }
}

fn step_using<'a>(job: &'a Node, action: &str) -> &'a Node {
    steps(job)
        .iter()
        .find(|s| matches!(s, Node::Map(e) if e.iter().any(|(k, v)| k == "uses" && matches!(v, Node::Str(u) if u.starts_with(action)))))
        .unwrap_or_else(|| panic!("no step uses {action}"))
}

fn runs(job: &Node) -> Vec<String> {
    steps(job)
        .iter()
        .filter_map(|s| match s {
            Node::Map(e) => e.iter().find(|(k, _)| k == "run").map(|(_, v)| text(v).to_string()),
            _ => None,
        })
        .collect()
}

/// The checks every Pages workflow must pass: permissions, base URL wiring, artifact, deploy.
fn check_pages_workflow(path: &Path) {
    let wf = parse(&fs::read_to_string(path).unwrap(), 0).unwrap();
    let perms = get(&wf, "permissions");
    assert_eq!(text(get(perms, "pages")), "write");
    assert_eq!(text(get(perms, "id-token")), "write");
    assert_eq!(text(get(perms, "contents")), "read");
    assert_eq!(text(get(get(&wf, "concurrency"), "group")), "pages");
    let jobs = get(&wf, "jobs");
    let build = get(jobs, "build");
    step_using(build, "actions/checkout@");
    step_using(build, "Swatinem/rust-cache@");
    let configure = step_using(build, "actions/configure-pages@");
    let id = text(get(configure, "id"));
    let wiring = format!("--base-url \"${{{{ steps.{id}.outputs.base_url }}}}\"");
    assert!(
        runs(build).iter().any(|r| r.contains(" build ") && r.contains(&wiring)),
        "{:?} lacks {wiring}",
        runs(build)
    );
    let upload = step_using(build, "actions/upload-pages-artifact@");
    assert_eq!(text(get(get(upload, "with"), "path")), "public");
    let deploy = get(jobs, "deploy");
    assert!(matches!(get(deploy, "needs"), Node::Str(s) if s == "build"));
    assert_eq!(text(get(get(deploy, "environment"), "name")), "github-pages");
    let step = step_using(deploy, "actions/deploy-pages@");
    assert_eq!(
        text(get(get(deploy, "environment"), "url")),
        format!("${{{{ steps.{}.outputs.page_url }}}}", text(get(step, "id")))
    );
}

#[test]
fn this_repository_publishes_with_the_pages_workflow() {
    check_pages_workflow(&repo().join(".github/workflows/pages.yml"));
}

#[test]
fn pull_requests_run_the_checks_with_github_annotations() {
    let wf = parse(
        &fs::read_to_string(repo().join(".github/workflows/checks.yml")).unwrap(),
        0,
    )
    .unwrap();
    assert!(matches!(get(&wf, "on"), Node::Map(e) if e.iter().any(|(k, _)| k == "pull_request")));
    let job = get(get(&wf, "jobs"), "checks");
    let r = runs(job);
    assert!(r.iter().any(|r| r == "bash .ci/run"), "{r:?}");
    assert!(r.iter().any(|r| r.contains("check --format github")), "{r:?}");
}

#[test]
fn init_writes_the_same_publishing_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let o = tally(
        dir.path(),
        &["init", "t", "--tally-git", "https://git.example.org/tally.git"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join("t/.github/workflows/pages.yml");
    check_pages_workflow(&path);
    let wf = parse(&fs::read_to_string(&path).unwrap(), 0).unwrap();
    assert_eq!(
        text(get(get(&wf, "env"), "TALLY_GIT")),
        "https://git.example.org/tally.git"
    );
    assert!(runs(get(get(&wf, "jobs"), "build"))
        .iter()
        .any(|r| r.contains("cargo install --locked --git \"$TALLY_GIT\" tally")));
    let checks = parse(
        &fs::read_to_string(dir.path().join("t/.github/workflows/checks.yml")).unwrap(),
        0,
    )
    .unwrap();
    assert!(runs(get(get(&checks, "jobs"), "check"))
        .iter()
        .any(|r| r.contains("tally check --format github")));
}

#[test]
fn refuses_output_folders_that_are_not_builds() {
    let (dir, root) = copy_of(&fixture("basic"));
    let r = root.to_str().unwrap();
    let parent = dir.path().to_str().unwrap();
    let cases = [
        (r, "it is the tracker itself"),
        (parent, "it contains the tracker"),
        ("/", "it is the root of the file system"),
        ("content/..", "it is the tracker itself"),
    ];
    for (out, why) in cases {
        let o = tally(&root, &["build", "--output", out]);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert_eq!(
            stderr(&o),
            format!("error: refusing to use {out} as the output folder: {why}; choose another folder with --output\n")
        );
    }
    let other = copy_of(&fixture("basic"));
    let o = tally(&root, &["build", "--output", other.1.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("it holds a tracker (site.yaml or content/)"),
        "{}",
        stderr(&o)
    );
    let home = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["build", "--output", home.path().to_str().unwrap()])
        .current_dir(&root)
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("it is your home folder"));
    assert!(
        fs::read_dir(home.path()).unwrap().next().is_none(),
        "nothing was written there"
    );
}

#[test]
fn cname_and_dot_files_are_kept_and_written() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let out = root.join("public");
    fs::create_dir_all(out.join(".well-known")).unwrap();
    fs::write(out.join(".well-known/security.txt"), "Contact: x").unwrap();
    fs::write(out.join("CNAME"), "old.example.org\n").unwrap();
    fs::write(out.join("stale.html"), "old").unwrap();
    build(&root, &out, &[]);
    assert_eq!(read(&out, ".well-known/security.txt"), "Contact: x");
    assert_eq!(read(&out, "CNAME"), "old.example.org\n");
    assert_eq!(read(&out, ".nojekyll"), "");
    assert!(!out.join("stale.html").exists());
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), format!("{site}cname: breaches.example.org\n")).unwrap();
    build(&root, &out, &[]);
    assert_eq!(read(&out, "CNAME"), "breaches.example.org\n");
}

#[test]
fn a_killed_build_leaves_the_previous_output_as_it_was() {
    let (_dir, root) = copy_of(&fixture("basic"));
    // Enough incidents that writing takes a while.
    for i in 0..3000 {
        fs::write(
            root.join(format!("content/incidents/bulk-{i}.md")),
            format!("---\ntitle: Bulk {i}\ndisclosed: 2020-01-01\ncompanies: [Bulk {}]\nsources:\n  - url: https://example.com/{i}\n    publisher: P\n---\nText.\n", i % 300),
        )
        .unwrap();
    }
    let out = root.join("public");
    build(&root, &out, &[]);
    let snapshot = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(dir).unwrap().display().to_string(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = snapshot(&out);
    fs::write(
        root.join("content/incidents/a-2020.md"),
        fs::read_to_string(root.join("content/incidents/a-2020.md"))
            .unwrap()
            .replace("First Lumen", "Changed"),
    )
    .unwrap();
    let staging = root.join(".public.tally-new");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(["build"])
        .current_dir(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it while it is writing the staging folder.
    let start = Instant::now();
    while !staging.exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the build was stopped before it finished");
    assert!(snapshot(&out) == before, "the previous output changed");
    // The next build cleans up and succeeds.
    build(&root, &out, &[]);
    assert!(read(&out, "incidents/a-2020/index.html").contains("<h1>Changed incident</h1>"));
    assert!(!staging.exists());
}
