//! `tally init`: a new tracker folder that builds at once with the built-in theme.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;

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
];

/// Creates the tracker in `dir`, which must not exist or be empty. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
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
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}
