//! The library's error: what went wrong, never printed here. `main` prints it and picks the
//! exit code: 1 for problems in the tracker's content or templates, 2 for usage and I/O.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::{self, Diagnostic};

#[derive(Debug)]
pub enum Error {
    /// Problems in the content tree, every one found (and any warnings beside them).
    Content(Vec<Diagnostic>),
    /// A template failed to compile or to render a page.
    Template {
        template: String,
        page: Option<String>,
        message: String,
    },
    /// The command was asked something it cannot do (a bad folder, a bad option value).
    Usage(String),
    /// A file that tally will not overwrite already exists (path relative to the tracker).
    Exists(PathBuf),
    /// Reading or writing a file failed.
    Io { path: PathBuf, source: io::Error },
}

impl Error {
    pub fn io(path: &Path, source: io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// 1 for the tracker's own mistakes, 2 for usage and system errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_) | Error::Template { .. } | Error::Exists(_) => 1,
            Error::Usage(_) | Error::Io { .. } => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(diags) => {
                let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
                write!(f, "the content has {}; nothing was written", diag::summary(&errors))
            }
            Error::Template {
                template,
                page: Some(page),
                message,
            } => write!(f, "template `{template}` failed while rendering {page}: {message}"),
            Error::Template {
                template,
                page: None,
                message,
            } => write!(f, "template `{template}` has an error: {message}"),
            Error::Usage(message) => f.write_str(message),
            Error::Exists(path) => write!(
                f,
                "{} already exists, and tally never overwrites a file: edit it, or choose another headline",
                diag::display_path(path)
            ),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
