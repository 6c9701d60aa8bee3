//! `tally init`: a new tracker folder that builds at once with the built-in theme.

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
    (".gitignore", include_str!("init/gitignore")),
    ("README.md", include_str!("init/README.md")),
    (".github/workflows/pages.yml", include_str!("init/pages.yml")),
    (".github/workflows/checks.yml", include_str!("init/checks.yml")),
];

/// Stands in the workflows for the address tally is installed from.
const TALLY_GIT: &str = "@TALLY_GIT@";

/// Creates the tracker in `dir`, which must not exist or be empty. `tally_git` is the address
/// of tally's git repository, written into the workflows that install it. Returns the files.
pub fn init(dir: &Path, tally_git: Option<&str>) -> Result<Vec<PathBuf>, Error> {
    if let Some(url) = tally_git {
        if !crate::validate::is_web_url(url) && !url.starts_with("ssh://") && !url.starts_with("git@") {
            return Err(Error::Usage(format!(
                "--tally-git: `{url}` is not a git address (https://… or git@…)"
            )));
        }
    }
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io(Op::List, dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "{} is not empty: tally init creates a new tracker in a new or empty folder",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(Op::CreateFolder, parent, e))?;
        }
        let text = text.replace(TALLY_GIT, tally_git.unwrap_or(""));
        fs::write(&path, text).map_err(|e| Error::io(Op::Write, &path, e))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}
