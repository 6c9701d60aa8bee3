//! `tally init`: a new tracker folder that builds at once with the built-in theme, and publishes
//! from GitHub with the workflows it writes. It works in a fresh clone of an empty repository
//! (a README, a LICENSE, a `.gitignore`): it adds its files beside them and never overwrites one.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Op};

/// The files of a new tracker: (path inside it, text).
pub const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("init/site.yaml")),
    (
        "content/incidents/2024-01-15-example-telecom-customer-records.md",
        include_str!("init/content/incidents/2024-01-15-example-telecom-customer-records.md"),
    ),
    (
        "content/companies/example-telecom.md",
        include_str!("init/content/companies/example-telecom.md"),
    ),
    (
        "content/actors/example-group.md",
        include_str!("init/content/actors/example-group.md"),
    ),
    (GITIGNORE, include_str!("init/gitignore")),
    (README, include_str!("init/README.md")),
    (".github/workflows/pages.yml", include_str!("init/pages.yml")),
    (".github/workflows/checks.yml", include_str!("init/checks.yml")),
];

const GITIGNORE: &str = ".gitignore";
const README: &str = "README.md";
/// Where the editors' guide goes when the folder already has a README (a fresh clone does).
pub const GUIDE: &str = "EDITING.md";

/// Stands in the workflows for the line that says where tally is installed from.
const TALLY_GIT_LINE: &str = "@TALLY_GIT_LINE@";
/// Stands in the workflows for the version of tally's action they use.
const TALLY_VERSION: &str = "@TALLY_VERSION@";

/// The line of the workflows to fill in when init is not told where tally comes from.
pub const FILL_IN: &str = "TALLY_GIT: \"\"";

/// What `init` did, paths relative to the tracker.
#[derive(Debug, Default)]
pub struct Created {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Existing files that got lines appended (the `.gitignore` of a fresh clone).
    pub appended: Vec<PathBuf>,
    /// Files left as they were because they exist.
    pub skipped: Vec<PathBuf>,
    /// Whether the workflows still need the address of tally's repository filled in.
    pub needs_tally_git: bool,
}

/// The address tally's workflows install it from when `init` is given none: Cargo.toml's
/// `repository`, when it is set.
pub fn default_tally_git() -> Option<&'static str> {
    Some(env!("CARGO_PKG_REPOSITORY")).filter(|r| !r.is_empty())
}

/// Creates the tracker in `dir`: a new folder, an empty one, or one without a tracker in it
/// (no `site.yaml`, no `content/`). `tally_git` is the address of tally's git repository,
/// written into the workflows; without it they carry an empty value to fill in.
pub fn init(dir: &Path, tally_git: Option<&str>) -> Result<Created, Error> {
    if let Some(url) = tally_git {
        check_git_address(url)?;
    }
    for held in ["site.yaml", "content"] {
        if dir.join(held).exists() {
            return Err(Error::Usage(format!(
                "{} already holds a tracker ({held} exists): tally init never writes into one; choose another folder",
                dir.display()
            )));
        }
    }
    let mut created = Created {
        needs_tally_git: tally_git.is_none(),
        ..Created::default()
    };
    for (rel, text) in FILES {
        let mut rel = *rel;
        let path = dir.join(rel);
        if rel == GITIGNORE && path.exists() {
            if append_missing_lines(&path, text)? {
                created.appended.push(PathBuf::from(rel));
            }
            continue;
        }
        if rel == README && path.exists() {
            created.skipped.push(PathBuf::from(rel));
            rel = GUIDE;
        }
        let path = dir.join(rel);
        if path.exists() {
            created.skipped.push(PathBuf::from(rel));
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(Op::CreateFolder, parent, e))?;
        }
        let text = text
            .replace(TALLY_GIT_LINE, &tally_git_line(tally_git))
            .replace(TALLY_VERSION, env!("CARGO_PKG_VERSION"));
        fs::write(&path, text).map_err(|e| Error::io(Op::Write, &path, e))?;
        created.written.push(PathBuf::from(rel));
    }
    Ok(created)
}

/// The address goes between double quotes in YAML and is read by a shell, so only the
/// characters of a URL are taken.
fn check_git_address(url: &str) -> Result<(), Error> {
    let scheme_ok = crate::content::validate::is_web_url(url) || url.starts_with("ssh://") || url.starts_with("git@");
    let chars_ok = url
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@!&'()*+,;=%".contains(c));
    if scheme_ok && chars_ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--tally-git: `{url}` is not a git address: write https://host/owner/tally.git or git@host:owner/tally.git"
        )))
    }
}

/// The `env:` entry of the workflows naming where tally is installed from.
fn tally_git_line(tally_git: Option<&str>) -> String {
    match tally_git {
        Some(url) => {
            format!("  # Where tally comes from: the address of tally's git repository.\n  TALLY_GIT: \"{url}\"")
        }
        None => format!(
            "  # Where tally comes from. TO FILL IN: the address of tally's git repository\n  \
             # (https://… or git@…) between the quotes; until then this workflow stops with an error.\n  {FILL_IN}"
        ),
    }
}

/// Appends the lines of `text` that `path` lacks; returns whether it appended any.
fn append_missing_lines(path: &Path, text: &str) -> Result<bool, Error> {
    let existing = fs::read_to_string(path).map_err(|e| Error::io(Op::Read, path, e))?;
    let have: Vec<&str> = existing.lines().map(str::trim).collect();
    let missing: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !have.contains(&l.trim()))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut out = existing;
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for line in missing {
        out.push_str(line);
        out.push('\n');
    }
    fs::write(path, out).map_err(|e| Error::io(Op::Write, path, e))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_yaml_explains_every_key() {
        let text = FILES.iter().find(|(p, _)| *p == "site.yaml").unwrap().1;
        let lines: Vec<&str> = text.lines().collect();
        for key in crate::content::keys::SITE {
            let at = lines
                .iter()
                .position(|l| l.starts_with(&format!("{key}:")) || l.starts_with(&format!("# {key}:")))
                .unwrap_or_else(|| panic!("site.yaml lacks `{key}`"));
            let above = if at > 0 { lines[at - 1] } else { "" };
            let is_key = |l: &str| {
                crate::content::keys::SITE
                    .iter()
                    .any(|k| l.starts_with(&format!("# {k}:")))
            };
            assert!(
                above.starts_with("# ") && !is_key(above),
                "`{key}` has no comment above it"
            );
        }
        assert!(text.contains("en (English) or fr (French)"), "{text}");
    }

    #[test]
    fn gitignore_lines_are_appended_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitignore");
        fs::write(&path, "target/\n/public/\n*.log").unwrap();
        assert!(append_missing_lines(&path, "public/\n").unwrap());
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "target/\n/public/\n*.log\npublic/\n"
        );
        assert!(!append_missing_lines(&path, "public/\n").unwrap());
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "target/\n/public/\n*.log\npublic/\n"
        );
    }

    #[test]
    fn git_addresses_are_checked() {
        for ok in [
            "https://github.com/o/tally.git",
            "git@github.com:o/tally.git",
            "ssh://git@h/t",
        ] {
            assert!(check_git_address(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "github.com/o/tally",
            "https://h/t\"; rm",
            "https://h/$(x)",
            "https://h/a b",
        ] {
            assert!(check_git_address(bad).is_err(), "{bad}");
        }
    }
}
