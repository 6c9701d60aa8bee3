//! When each content file was added and last changed, read from the tracker's git history.
//!
//! One `git log` over `content/` and one `git status` give the dates of every file at once,
//! whatever the size of the tracker: asking per file would start thousands of processes. A
//! tracker outside git (or a machine without git), or a shallow clone whose history is cut,
//! gets no dates: none are invented.
//!
//! `git log` must compare every commit's tree with its parent's, which costs the size of the
//! folders each commit touches: seconds for 10,000 commits into a folder of 10,000 incidents.
//! So the result is kept beside git's own files (`.git/tally-history`, never committed) with
//! the commit it was read at, and the next build reads only the commits made since.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::NaiveDate;

use crate::content::model::Dates;

/// The dates of the content files, by path relative to the tracker's root.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// From the log: when each file was added and last committed.
    dates: HashMap<PathBuf, Dates>,
    /// Files with uncommitted changes, or not committed yet: changed today.
    dirty: HashSet<PathBuf>,
    /// The commit the log was read at; none before the first.
    head: Option<String>,
    /// The tracker's place in the repository (`site/` or nothing), as git names it.
    prefix: String,
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
        let mut d = self.dates.get(path).copied().unwrap_or_default();
        if self.dirty.contains(path) {
            d.modified = None;
        }
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

    /// The history as it is now for the files at `paths` (relative to `root`), after they
    /// changed: only their state in the work tree is read again, unless a commit was made
    /// since, when the whole is (its log from the cache, so that costs little more).
    pub fn refresh(&mut self, root: &Path, paths: &[PathBuf]) {
        if !self.tracked {
            *self = History::read(root);
            return;
        }
        // One process: the commit checked out and the state of the saved files.
        let mut args = vec!["--literal-pathspecs"];
        args.extend(STATUS);
        args.push("--");
        // Names with `*` or `[` are file names here, not patterns.
        let names: Vec<String> = paths.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        args.extend(names.iter().map(String::as_str));
        let Some(status) = git(root, &args) else {
            *self = History::read(root);
            return;
        };
        let (head, dirty) = parse_status(&status, &self.prefix);
        if head != self.head {
            *self = History::read(root);
            return;
        }
        for path in paths {
            self.dirty.remove(path);
        }
        self.dirty.extend(dirty);
    }

    fn try_read(root: &Path) -> Option<History> {
        let info = git(
            root,
            &[
                "rev-parse",
                "--show-prefix",
                "--is-shallow-repository",
                "--git-path",
                CACHE,
            ],
        )?;
        let mut lines = info.lines();
        let (prefix, shallow, cache) = (lines.next()?, lines.next()?, lines.next()?);
        if shallow == "true" {
            return None;
        }
        // Relative to `root`, where git ran.
        let cache = root.join(cache);
        // Changed and new files are "changed today"; the caller supplies today.
        let status = git(root, &[&STATUS[..], &["--", "content"]].concat())?;
        let (head, dirty) = parse_status(&status, prefix);
        let dates = match &head {
            Some(head) => log_since_cache(root, prefix, head, &cache)?,
            // A repository with no commit yet: every file is new.
            None => HashMap::new(),
        };
        Some(History {
            dates,
            dirty: dirty.into_iter().collect(),
            head,
            prefix: prefix.to_string(),
            tracked: true,
        })
    }
}

/// The cache's name inside the git folder.
const CACHE: &str = "tally-history";
/// `git status` as the history reads it: the commit checked out, and the files changed or new
/// since (porcelain v2: `--branch` adds the commit to it; git 2.18 and later, for
/// `--no-renames`). Without `--no-ahead-behind`, a branch with an upstream would be compared
/// with it on every save.
const STATUS: [&str; 7] = [
    "status",
    "--porcelain=v2",
    "--branch",
    "--no-ahead-behind",
    "-z",
    "--no-renames",
    "--untracked-files=all",
];
const CACHE_HEADER: &str = "tally-history 1";

/// The dates of every file at commit `head`: from the cache when it was written at `head` or at
/// an older commit of the same history (then only the commits since are read), else from the
/// whole log. The cache is rewritten for the next build; failing to write it changes nothing.
fn log_since_cache(root: &Path, prefix: &str, head: &str, cache: &Path) -> Option<HashMap<PathBuf, Dates>> {
    let cached = std::fs::read(cache).ok().and_then(|bytes| parse_cache(&bytes, prefix));
    let (mut dates, range) = match cached {
        Some((at, dates)) if at == head => return Some(dates),
        Some((at, dates)) if git(root, &["merge-base", "--is-ancestor", &at, head]).is_some() => {
            (dates, format!("{at}..{head}"))
        }
        _ => (HashMap::new(), head.to_string()),
    };
    let log = git(
        root,
        &[
            "-c",
            "log.showSignature=false",
            "log",
            "-z",
            "--no-color",
            "--format=%x01%ci",
            "--name-only",
            "--no-renames",
            &range,
            "--",
            "content",
        ],
    )?;
    for (path, newer) in parse_log(&log, prefix) {
        let d = dates.entry(path).or_default();
        *d = span(*d, newer);
    }
    // Written aside and renamed into place: a build killed while writing, or two writing at
    // once, never leave a cut-short cache behind.
    let aside = cache.with_extension(format!("new-{}", std::process::id()));
    if std::fs::write(&aside, write_cache(head, prefix, &dates)).is_ok() && std::fs::rename(&aside, cache).is_err() {
        let _ = std::fs::remove_file(&aside);
    }
    Some(dates)
}

/// The earliest addition and the latest change of two readings: commits do not always come in
/// date order (a merged branch may hold older commits), so neither reading wins by position.
fn span(a: Dates, b: Dates) -> Dates {
    let earliest = |x: Option<NaiveDate>, y: Option<NaiveDate>| match (x, y) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    Dates {
        added: earliest(a.added, b.added),
        modified: a.modified.max(b.modified),
    }
}

/// The cache: a header line with the commit, the number of files and the tracker's place in the
/// repository, then `path NUL added NUL modified NUL` for each file.
fn write_cache(head: &str, prefix: &str, dates: &HashMap<PathBuf, Dates>) -> Vec<u8> {
    let mut out = format!("{CACHE_HEADER} {head} {} {prefix}\n", dates.len()).into_bytes();
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut paths: Vec<_> = dates.iter().collect();
    paths.sort_by(|a, b| a.0.cmp(b.0));
    for (path, d) in paths {
        out.extend_from_slice(
            format!("{}\0{}\0{}\0", path.to_string_lossy(), day(d.added), day(d.modified)).as_bytes(),
        );
    }
    out
}

/// The cache's commit and dates, if it was written for this tracker by this version.
fn parse_cache(bytes: &[u8], prefix: &str) -> Option<(String, HashMap<PathBuf, Dates>)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (header, rest) = text.split_once('\n')?;
    let mut words = header.strip_prefix(CACHE_HEADER)?.trim_start().splitn(3, ' ');
    let head = words.next()?.to_string();
    let count: usize = words.next()?.parse().ok()?;
    if words.next().unwrap_or("") != prefix {
        return None;
    }
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let fields: Vec<&str> = rest.split('\0').collect();
    let mut dates = HashMap::new();
    for record in fields.chunks_exact(3) {
        dates.insert(
            PathBuf::from(record[0]),
            Dates {
                added: day(record[1]),
                modified: day(record[2]),
            },
        );
    }
    // A cache cut short is no cache.
    (dates.len() == count && fields.len() == count * 3 + 1).then_some((head, dates))
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

/// `git log -z --format=%x01%ci --name-only`: each commit's date, then its files. A file's
/// earliest date is its addition, its latest its last change.
fn parse_log(log: &str, prefix: &str) -> HashMap<PathBuf, Dates> {
    let mut dates: HashMap<PathBuf, Dates> = HashMap::new();
    let mut day: Option<NaiveDate> = None;
    for token in log.split('\0') {
        if let Some(stamp) = token.strip_prefix('\u{1}') {
            // `%ci` ("2024-11-16 12:00:00 +0000", any git): the day as the committer saw it.
            day = stamp
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
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
        let this = Some(day);
        *d = span(
            *d,
            Dates {
                added: this,
                modified: this,
            },
        );
    }
    dates
}

/// `git status` as [`STATUS`] asks for it: the commit checked out (none before the first), and
/// the files with uncommitted changes or not yet committed.
fn parse_status(status: &str, prefix: &str) -> (Option<String>, Vec<PathBuf>) {
    let mut head = None;
    let mut dirty = Vec::new();
    for entry in status.split('\0') {
        // `1 XY sub mH mI mW hH hI path`, `u XY sub m1 m2 m3 mW h1 h2 h3 path`, `? path`;
        // `2` (a rename) does not come with `--no-renames`.
        let path = match entry.as_bytes().first() {
            Some(b'#') => {
                // `(initial)` before the first commit.
                if let Some(oid) = entry.strip_prefix("# branch.oid ") {
                    head = (oid != "(initial)").then(|| oid.to_string());
                }
                continue;
            }
            Some(b'1') => entry.splitn(9, ' ').nth(8),
            Some(b'u') => entry.splitn(11, ' ').nth(10),
            Some(b'?') => entry.get(2..),
            _ => None,
        };
        dirty.extend(path.and_then(|p| p.strip_prefix(prefix)).map(PathBuf::from));
    }
    (head, dirty)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Runs git in `root` as of `day`, failing the test when git does.
    fn run(root: &Path, args: &[&str], day: &str) {
        let stamp = format!("{day}T12:00:00+00:00");
        let out = Command::new("git")
            .args(["-c", "user.name=Editor", "-c", "user.email=editor@example.org"])
            .args(args)
            .current_dir(root)
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn a_refresh_reads_the_saved_files_again_and_a_new_commit_whole() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let (a, b) = (PathBuf::from("content/a.md"), PathBuf::from("content/b.md"));
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(root.join(&a), "a").unwrap();
        std::fs::write(root.join(&b), "b").unwrap();
        run(root, &["init", "-q"], "2024-01-01");
        run(root, &["add", "."], "2024-01-01");
        run(root, &["commit", "-q", "-m", "first"], "2024-01-01");
        let today = day("2024-03-01");
        let committed = Dates {
            added: Some(day("2024-01-01")),
            modified: Some(day("2024-01-01")),
        };
        let changed = Dates {
            modified: Some(today),
            ..committed
        };
        let mut history = History::read(root);
        assert_eq!(history.dates(&a, today), committed);

        // Saved: changed today; put back as committed: its commit's date again.
        std::fs::write(root.join(&a), "a, edited").unwrap();
        history.refresh(root, std::slice::from_ref(&a));
        assert_eq!(history.dates(&a, today), changed);
        assert_eq!(history.dates(&b, today), committed);
        std::fs::write(root.join(&a), "a").unwrap();
        history.refresh(root, std::slice::from_ref(&a));
        assert_eq!(history.dates(&a, today), committed);

        // A commit made meanwhile is read, though the file saved is another.
        std::fs::write(root.join(&b), "b, edited").unwrap();
        run(root, &["commit", "-q", "-am", "second"], "2024-02-01");
        history.refresh(root, std::slice::from_ref(&a));
        assert_eq!(history.dates(&b, today).modified, Some(day("2024-02-01")));
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
    fn an_older_commit_listed_later_changes_neither_date_wrongly() {
        // A merged branch: its 1 December commit comes after the 10 December one in the log.
        let log = "\u{1}2024-12-10 09:00:00 +0000\0\ncontent/a.md\0\u{1}2024-12-01 09:00:00 +0000\0\ncontent/a.md\0\u{1}2024-12-05 09:00:00 +0000\0\ncontent/a.md\0";
        let d = parse_log(log, "")[Path::new("content/a.md")];
        assert_eq!(
            (d.added, d.modified),
            (Some(day("2024-12-01")), Some(day("2024-12-10")))
        );
    }

    #[test]
    fn paths_are_taken_relative_to_the_tracker() {
        let log = "\u{1}2024-12-27\0\ntracker/content/a.md\0\u{1}2024-12-01\0\nother/content/b.md\0";
        let d = parse_log(log, "tracker/");
        assert_eq!(d.len(), 1);
        assert!(d.contains_key(Path::new("content/a.md")));
        let (head, dirty) = parse_status(
            "# branch.oid 0123abcd\0# branch.head main\0\
             1 .M N... 100644 100644 100644 e69de29 e69de29 tracker/content/a b.md\0\
             u UU N... 100644 100644 100644 100644 e69de29 e69de29 e69de29 tracker/content/c.md\0\
             ? tracker/content/new.md\0? other/content/d.md\0",
            "tracker/",
        );
        assert_eq!(head.as_deref(), Some("0123abcd"));
        assert_eq!(
            dirty,
            ["content/a b.md", "content/c.md", "content/new.md"].map(PathBuf::from)
        );
        assert_eq!(parse_status("# branch.oid (initial)\0", "").0, None);
    }

    #[test]
    fn the_cache_reads_back_what_it_wrote() {
        let mut dates = HashMap::new();
        dates.insert(
            PathBuf::from("content/incidents/a b.md"),
            Dates {
                added: Some(day("2024-11-16")),
                modified: Some(day("2024-12-27")),
            },
        );
        let bytes = write_cache("abc123", "tracker/", &dates);
        assert_eq!(parse_cache(&bytes, "tracker/"), Some(("abc123".to_string(), dates)));
        assert_eq!(
            parse_cache(&bytes, "other/"),
            None,
            "another tracker's cache is not used"
        );
        assert_eq!(parse_cache(b"something else\n", ""), None);
        let cut = &bytes[..bytes.len() - 4];
        assert_eq!(parse_cache(cut, "tracker/"), None, "a cache cut short is no cache");
    }

    #[test]
    fn outside_git_no_date_is_invented() {
        let h = History::default();
        assert_eq!(h.dates(Path::new("content/a.md"), day("2026-01-01")), Dates::default());
    }
}
