//! When each content file was added and last changed, read from the tracker's git history.
//!
//! One `git log` over `content/` and one `git status` give the dates of every file at once,
//! whatever the size of the tracker: asking per file would start thousands of processes. A
//! tracker outside git (or a machine without git) gets no dates: none are invented.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::NaiveDate;

use crate::model::Dates;

/// The dates of the content files, by path relative to the tracker's root.
#[derive(Debug, Clone, Default)]
pub struct History {
    dates: HashMap<PathBuf, Dates>,
    /// Whether the tracker is in a git repository at all.
    pub tracked: bool,
}

impl History {
    /// The dates of one file. A file git does not know yet, or one with uncommitted changes,
    /// counts as changed on `today` (the build date); outside git, both dates are unknown.
    pub fn dates(&self, path: &Path, today: NaiveDate) -> Dates {
        if !self.tracked {
            return Dates::default();
        }
        let d = self.dates.get(path).copied().unwrap_or_default();
        Dates {
            added: d.added.or(Some(today)),
            modified: d.modified.or(Some(today)),
        }
    }

    /// Reads the history of `root/content`. Any failure of git means no history, not an error:
    /// dates are an addition to a build, never a reason for it to fail.
    pub fn read(root: &Path) -> History {
        Self::try_read(root).unwrap_or_default()
    }

    fn try_read(root: &Path) -> Option<History> {
        let prefix = git(root, &["rev-parse", "--show-prefix"])?;
        let prefix = prefix.trim_end_matches(['\n', '\r']);
        let log = git(
            root,
            &[
                "log",
                "-z",
                "--format=%x01%cs",
                "--name-only",
                "--no-renames",
                "--",
                "content",
            ],
        )?;
        let mut dates = parse_log(&log, prefix);
        let status = git(
            root,
            &[
                "status",
                "--porcelain",
                "-z",
                "--no-renames",
                "--untracked-files=all",
                "--",
                "content",
            ],
        )?;
        // Changed and new files are "changed today"; the caller supplies today.
        for path in parse_status(&status, prefix) {
            dates.entry(path).or_default().modified = None;
        }
        Some(History { dates, tracked: true })
    }
}

/// Runs git in `root`; its output, or `None` when git is missing or fails (not a repository).
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `git log -z --format=%x01%cs --name-only`: newest commit first, each a date then its files.
/// The first date seen for a file is its last change, the last one seen its addition.
fn parse_log(log: &str, prefix: &str) -> HashMap<PathBuf, Dates> {
    let mut dates: HashMap<PathBuf, Dates> = HashMap::new();
    let mut day: Option<NaiveDate> = None;
    for token in log.split('\0') {
        if let Some(stamp) = token.strip_prefix('\u{1}') {
            day = NaiveDate::parse_from_str(stamp.trim(), "%Y-%m-%d").ok();
            continue;
        }
        let name = token.trim_start_matches('\n');
        let (Some(day), false) = (day, name.is_empty()) else {
            continue;
        };
        let Some(rel) = name.strip_prefix(prefix) else {
            continue;
        };
        let d = dates.entry(PathBuf::from(rel)).or_default();
        d.modified.get_or_insert(day);
        d.added = Some(day);
    }
    dates
}

/// `git status --porcelain -z`: the files with uncommitted changes or not yet committed.
fn parse_status(status: &str, prefix: &str) -> Vec<PathBuf> {
    status
        .split('\0')
        .filter(|entry| entry.len() > 3)
        .filter_map(|entry| entry[3..].strip_prefix(prefix).map(PathBuf::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_log_gives_first_and_last_dates() {
        let log = "\u{1}2024-12-27\0\ncontent/incidents/a.md\0content/incidents/we ird.md\0\u{1}2024-11-16\0\ncontent/incidents/a.md\0";
        let d = parse_log(log, "");
        assert_eq!(
            d[Path::new("content/incidents/a.md")],
            Dates {
                added: Some(day("2024-11-16")),
                modified: Some(day("2024-12-27"))
            }
        );
        assert_eq!(
            d[Path::new("content/incidents/we ird.md")].added,
            Some(day("2024-12-27"))
        );
    }

    #[test]
    fn paths_are_taken_relative_to_the_tracker() {
        let log = "\u{1}2024-12-27\0\ntracker/content/a.md\0\u{1}2024-12-01\0\nother/content/b.md\0";
        let d = parse_log(log, "tracker/");
        assert_eq!(d.len(), 1);
        assert!(d.contains_key(Path::new("content/a.md")));
        let s = parse_status(" M tracker/content/a.md\0?? tracker/content/new.md\0", "tracker/");
        assert_eq!(s, [PathBuf::from("content/a.md"), PathBuf::from("content/new.md")]);
    }

    #[test]
    fn outside_git_no_date_is_invented() {
        let h = History::default();
        assert_eq!(h.dates(Path::new("content/a.md"), day("2026-01-01")), Dates::default());
    }
}
