//! The library's error: what went wrong, never printed here. `main` prints it and picks the
//! exit code: 1 for problems in the tracker's content or templates, 2 for usage and I/O, 3 for
//! a failure inside tally or the system it runs on (a socket, a data file, a language file).

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
    /// Reading or writing a file failed: what tally was doing, to which path.
    Io { op: Op, path: PathBuf, source: io::Error },
    /// Another build is writing to the output folder, and the caller asked not to wait.
    Busy(PathBuf),
    /// Something failed that the user did not ask wrongly for: what tally was doing, and why.
    Internal {
        what: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// What tally was doing to a file when the system said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Read,
    List,
    CreateFolder,
    Write,
    /// Renaming, the step that swaps a new site in.
    Move,
    Remove,
    /// Taking the lock that keeps two builds from writing one output folder.
    Lock,
}

impl Op {
    fn verb(self) -> &'static str {
        match self {
            Op::Read => "read",
            Op::List => "list the folder",
            Op::CreateFolder => "create the folder",
            Op::Write => "write",
            Op::Move => "move",
            Op::Remove => "remove",
            Op::Lock => "lock",
        }
    }

    fn writes(self) -> bool {
        !matches!(self, Op::Read | Op::List)
    }
}

/// What the user can do about an I/O error, from what failed and why.
fn io_hint(op: Op, e: &io::Error) -> &'static str {
    use io::ErrorKind as K;
    match e.kind() {
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => {
            "the disk is full: free some space (the previous site is kept until the new one is complete), then build again"
        }
        K::PermissionDenied | K::ReadOnlyFilesystem if op.writes() => {
            "tally may not write there (permissions, or a read-only disk): fix that, or choose another folder with --output"
        }
        K::PermissionDenied => "tally may not read it: check its permissions",
        K::NotADirectory | K::AlreadyExists | K::IsADirectory => {
            "a file stands where tally needs a folder (or the reverse): move it away, or choose another folder with --output"
        }
        K::DirectoryNotEmpty => {
            "another program is using it (another build, a file manager, a sync tool): close it and build again"
        }
        K::ResourceBusy => {
            "another program is using it (a file manager, a sync tool), or it is a mount point, which cannot be replaced: close the program, or build into a folder inside the mount point"
        }
        K::NotFound => "it is gone: another program may have moved or deleted it; build again",
        K::InvalidData => "it is not UTF-8 text: save it as UTF-8",
        _ if op == Op::Lock => "the file system may not support locks: choose another folder with --output",
        _ => "check the disk and the path, then try again",
    }
}

impl Error {
    pub fn io(op: Op, path: &Path, source: io::Error) -> Error {
        Error::Io {
            op,
            path: path.to_path_buf(),
            source,
        }
    }

    /// A failure inside tally or its system while doing `what`, keeping its cause.
    pub fn internal(what: impl Into<String>, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
        Error::Internal {
            what: what.into(),
            source: source.into(),
        }
    }

    /// 1 for the tracker's own mistakes, 2 for usage and system errors, 3 for internal failures.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_) | Error::Template { .. } | Error::Exists(_) => 1,
            Error::Usage(_) | Error::Io { .. } | Error::Busy(_) => 2,
            Error::Internal { .. } => 3,
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
            // The engine's message starts with its own "error: ", which the report has said.
            Error::Template {
                template,
                page: Some(page),
                message,
            } => write!(
                f,
                "template `{template}` failed while rendering {page}: {}",
                message.trim_start_matches("error: ")
            ),
            Error::Template {
                template,
                page: None,
                message,
            } => write!(
                f,
                "template `{template}` has an error: {}",
                message.trim_start_matches("error: ")
            ),
            Error::Usage(message) => f.write_str(message),
            Error::Exists(path) => write!(
                f,
                "{} already exists, and tally never overwrites a file: edit it, or choose another headline",
                diag::display_path(path)
            ),
            Error::Io { op, path, source } => write!(
                f,
                "cannot {} {}: {source}; {}",
                op.verb(),
                path.display(),
                io_hint(*op, source)
            ),
            Error::Busy(output) => write!(
                f,
                "another build is writing to {}/; run again when it has finished, or without --no-wait to wait for it",
                output.display().to_string().trim_end_matches('/')
            ),
            Error::Internal { what, source } => write!(f, "{what}: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Internal { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_failures_keep_their_cause_and_their_own_exit_code() {
        let cause = serde_json::from_str::<u8>("x").unwrap_err();
        let shown = format!("cannot write the search index: {cause}");
        let e = Error::internal("cannot write the search index", cause);
        assert_eq!(e.to_string(), shown);
        assert_eq!(e.exit_code(), 3);
        let source = std::error::Error::source(&e).expect("the cause is kept");
        assert!(source.downcast_ref::<serde_json::Error>().is_some());
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
    }
}
