//! Helpers: run the real binary in a temporary copy of a fixture, read pages as text.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the shipped tracker).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a folder into a new temporary folder and returns both.
pub fn copy_of(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join("tracker");
    copy_dir(src, &dst);
    (dir, dst)
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "public" || name == "target" || name == ".git" {
            continue;
        }
        let to = dst.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// Runs `tally ARGS` in `dir`.
pub fn tally(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(args)
        .current_dir(dir)
        .env_remove("HOME")
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Builds `root` into `out` and asserts success.
pub fn build(root: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = tally(root, &args);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
}

pub fn read(out: &Path, page: &str) -> String {
    fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// A page's visible text: tags removed, entities for quotes and brackets decoded, spaces folded.
pub fn text(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let folded = out.split_whitespace().collect::<Vec<_>>().join(" ");
    // Tags split words from their punctuation: "T-Mobile ." reads "T-Mobile.".
    folded
        .replace(" .", ".")
        .replace(" :", ":")
        .replace(" ,", ",")
        .replace(" )", ")")
        .replace("( ", "(")
        .replace("“ ", "“")
        .replace(" ”", "”")
}

/// Every `href="…"` on a page.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split(" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The href of the first link whose text is `label`.
pub fn link_to(html: &str, label: &str) -> Option<String> {
    html.split("<a ").skip(1).find_map(|a| {
        let (attrs, rest) = a.split_once('>')?;
        let inner = rest.split("</a>").next()?;
        (inner == label).then(|| attrs.split("href=\"").nth(1)?.split('"').next().map(str::to_string))?
    })
}

/// Writes a tracker of `n` incidents over `n / 5` companies, deterministic, at `root`.
pub fn synthetic(root: &Path, n: usize) {
    fs::create_dir_all(root.join("content/incidents")).unwrap();
    fs::write(
        root.join("site.yaml"),
        "title: Synthetic Tracker\nbase_url: https://example.org\ntally_rule: Everything counts.\n",
    )
    .unwrap();
    let companies = (n / 5).max(1);
    for i in 0..n {
        let text = format!(
            "---\ntitle: Incident {i}\ndisclosed: {}-{:02}-{:02}\ncompanies: [Company {}, Company {}]\nsummary: Incident number {i}.\nsources:\n  - url: https://example.com/{i}\n    publisher: Example News\n---\nA write-up of incident {i}, with *emphasis*.\n",
            2005 + i % 20,
            1 + i % 12,
            1 + i % 28,
            i % companies,
            (i * 7 + 3) % companies
        );
        fs::write(root.join(format!("content/incidents/incident-{i}.md")), text).unwrap();
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                todo.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.insert(rel, fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

/// The names in a folder, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
