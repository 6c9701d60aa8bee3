//! Records the commit tally is built from, for `tally --version`.
//!
//! A small script rather than a crate such as vergen: one `git rev-parse` is all it needs, and a
//! build from a source tarball (no git, or inside someone else's repository) must still work and
//! say honestly that the commit is unknown.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).current_dir(dir).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest);
    println!("cargo:rerun-if-env-changed=TALLY_COMMIT");
    // A packager who builds from a tarball may know the commit and say so.
    let given = std::env::var("TALLY_COMMIT").ok().filter(|c| !c.trim().is_empty());
    // Only this crate's own repository counts: a tarball unpacked inside another repository
    // must not report that repository's commit.
    let own_repo = git(dir, &["rev-parse", "--show-toplevel"])
        .and_then(|top| Path::new(&top).canonicalize().ok())
        .is_some_and(|top| dir.canonicalize().is_ok_and(|d| d == top));
    let found = if own_repo {
        for path in ["HEAD", "packed-refs"] {
            if let Some(p) = git(dir, &["rev-parse", "--git-path", path]) {
                println!("cargo:rerun-if-changed={}", dir.join(p).display());
            }
        }
        if let Some(r) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
            if let Some(p) = git(dir, &["rev-parse", "--git-path", &r]) {
                println!("cargo:rerun-if-changed={}", dir.join(p).display());
            }
        }
        git(dir, &["rev-parse", "--short=12", "HEAD"])
    } else {
        None
    };
    let commit = match given.or(found) {
        Some(c) => format!("commit {}", c.trim()),
        None => "unknown commit".to_string(),
    };
    println!(
        "cargo:rustc-env=TALLY_VERSION={} ({commit})",
        std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION")
    );
}
