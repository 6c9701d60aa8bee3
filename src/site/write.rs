//! Write: the only code that writes the output tree.
//!
//! One build writes an output folder at a time: it holds an advisory lock on a file beside the
//! folder (`.public.tally-lock`), which the system releases when the process ends, however it
//! ends. Pages go to a staging folder beside the output, which is then swapped in with one
//! atomic exchange (two renames where the system lacks it): a build that fails or is killed
//! at any moment leaves the previous output as it was, and the next build clears what it left.
//! Dot-files of the old output (`.git`, `.well-known` ...) and `CNAME` are carried over.
//! Folders that hold a tracker, or that are `/` or the home folder, are refused; no path
//! leaves the output folder.

use std::ffi::OsString;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use fs4::fs_std::FileExt;
use rayon::prelude::*;

use crate::error::{Error, Op};
use crate::site::render::Page;

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// What to do when another build holds the output folder.
#[derive(Clone, Copy)]
pub enum Wait<'a> {
    /// Wait for it, after telling the caller (who may print) that we are waiting.
    Block(&'a dyn Fn(&Path)),
    /// Give up at once with [`Error::Busy`].
    Refuse,
}

/// The right to write one output folder, until dropped or until the process ends.
#[derive(Debug)]
pub struct OutputLock {
    output: PathBuf,
    _file: fs::File,
}

impl OutputLock {
    /// The output folder this lock holds.
    pub fn output(&self) -> &Path {
        &self.output
    }
}

/// Takes the lock of the output folder, waiting for (or refusing, with [`Wait::Refuse`]) a
/// build that holds it. The lock file sits beside the folder, not in it, since the folder
/// itself is swapped.
pub fn lock(output: &Path, wait: Wait<'_>) -> Result<OutputLock, Error> {
    let parent = parent_of(output);
    fs::create_dir_all(parent).map_err(|e| Error::io(Op::CreateFolder, parent, e))?;
    let path = sibling(output, "lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(Op::Lock, &path, e))?;
    let free = file.try_lock_exclusive().map_err(|e| Error::io(Op::Lock, &path, e))?;
    if !free {
        match wait {
            Wait::Refuse => return Err(Error::Busy(output.to_path_buf())),
            Wait::Block(notify) => {
                notify(output);
                file.lock_exclusive().map_err(|e| Error::io(Op::Lock, &path, e))?;
            }
        }
    }
    Ok(OutputLock {
        output: output.to_path_buf(),
        _file: file,
    })
}

/// Refuses output folders whose replacement would destroy something that is not a build.
pub fn check_output(output: &Path, root: &Path) -> Result<(), Error> {
    let out = absolute(output)?;
    let root = absolute(root)?;
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to use {} as the output folder: {why}; choose another folder with --output",
            output.display()
        )))
    };
    if out.parent().is_none() {
        return refuse("it is the root of the file system");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if let Ok(home) = absolute(Path::new(&home)) {
            if home == out {
                return refuse("it is your home folder");
            }
            if home.starts_with(&out) {
                return refuse("it contains your home folder");
            }
        }
    }
    if out == root {
        return refuse("it is the tracker itself");
    }
    if root.starts_with(&out) {
        return refuse("it contains the tracker");
    }
    // The tracker's own folders: a build would replace what journalists wrote.
    for own in ["content", "templates", "static", ".git", ".github"] {
        if out.starts_with(root.join(own)) {
            return refuse(&format!("it is in the tracker's own `{own}` folder"));
        }
    }
    if out.join("site.yaml").exists() || out.join("content").is_dir() {
        return refuse("it holds a tracker (site.yaml or content/)");
    }
    // The build replaces the folder: a link would be replaced too, not what it points to.
    // `public/` names the link's target: the link itself, without the slash.
    let link: PathBuf = output.components().collect();
    if fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse(&format!(
            "it is a link to {}, which the build would replace with a folder",
            fs::read_link(&link).map_or_else(|_| "another folder".to_string(), |t| t.display().to_string())
        ));
    }
    // A folder with files in it must be a site (a build's, or another generator's): the
    // build replaces everything in it but dot-files and CNAME.
    if let Ok(entries) = fs::read_dir(&out) {
        let names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let site = names.iter().any(|n| n.ends_with(".html") || n == ".nojekyll");
        if let Some(other) = names.iter().filter(|n| !is_preserved(n)).min().filter(|_| !site) {
            return refuse(&format!(
                "it holds files that are not a built site (`{other}`, and no HTML page), which the build would delete"
            ));
        }
    }
    Ok(())
}

/// An absolute, normalised path, without requiring it to exist.
fn absolute(path: &Path) -> Result<PathBuf, Error> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(Op::Read, Path::new("."), e))?
            .join(path)
    };
    // Resolve symlinks for the part that exists, so two spellings of one folder compare equal.
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(OsString::from), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    let mut normal = PathBuf::new();
    for c in out.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other.as_os_str()),
        }
    }
    Ok(normal)
}

/// Whether an output path stays inside the output folder: relative, no `..`, no root.
fn is_contained(path: &str) -> bool {
    !path.is_empty() && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

/// Entries of an old output that tally keeps: dot-files and folders, and `CNAME`.
fn is_preserved(name: &str) -> bool {
    name.starts_with('.') || name == "CNAME"
}

/// The folder that holds `output`.
fn parent_of(output: &Path) -> &Path {
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.tally-{tag}"))
}

/// Writes `pages` as the new content of the locked output folder, swapping it in whole.
pub fn write(lock: &OutputLock, root: &Path, pages: &[Page]) -> Result<Written, Error> {
    if let Some(bad) = pages.iter().find(|p| !is_contained(&p.path)) {
        return Err(leaves(&bad.path));
    }
    let folders = folders(pages.iter().map(|p| p.path.as_str()));
    write_with(lock, root, &folders, pages, |p| Ok(vec![p.clone()]))
}

/// Writes the files `produce` makes of each job, in parallel and as they are made (so the
/// whole site is never held in memory), as the new content of the locked output folder,
/// swapped in whole once every file is written. `folders` are made first, once each.
pub fn write_with<T: Sync>(
    lock: &OutputLock,
    root: &Path,
    folders: &[String],
    jobs: &[T],
    produce: impl Fn(&T) -> Result<Vec<Page>, Error> + Sync,
) -> Result<Written, Error> {
    write_staged(lock, root, folders, |staging| staging.write(jobs, produce))
}

/// [`write_with`] in as many rounds as `rounds` makes: it calls [`Staging::write`] once for
/// each, and may free between them what the rounds before needed. The output is swapped in
/// once every round has written its files; if one fails, nothing is.
pub fn write_staged(
    lock: &OutputLock,
    root: &Path,
    folders: &[String],
    rounds: impl FnOnce(&Staging) -> Result<(), Error>,
) -> Result<Written, Error> {
    let output = lock.output();
    check_output(output, root)?;
    if output.exists() && !output.is_dir() {
        return Err(Error::Usage(format!(
            "{} exists and is not a folder: move it away, or choose another folder with --output",
            output.display()
        )));
    }
    let staging = sibling(output, "new");
    let old = sibling(output, "old");
    clean_up(output, &staging, &old)?;

    let written = match stage(&staging, folders, rounds) {
        Ok(w) => w,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if !output.exists() {
        fs::rename(&staging, output).map_err(|e| Error::io(Op::Move, &staging, e))?;
        return Ok(written);
    }
    // After the swap the staging name holds the previous site; if it fails, the new one,
    // which is not left behind.
    if let Err(e) = swap(&staging, output, &old) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let previous = if staging.exists() { &staging } else { &old };
    carry_over(previous, output)?;
    fs::remove_dir_all(previous).map_err(|e| Error::io(Op::Remove, previous, e))?;
    Ok(written)
}

/// Every folder that holds one of `paths`, with the folders above it, parents first.
pub fn folders<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut set = std::collections::BTreeSet::new();
    for path in paths {
        let mut dir = path.trim_end_matches('/');
        if !path.ends_with('/') {
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
        while !dir.is_empty() && set.insert(dir.to_string()) {
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
    }
    // A parent sorts before its children ("a" < "a/b"), so one pass creates them in order.
    set.into_iter().collect()
}

/// Clears what a build killed earlier left beside the output, keeping the dot-files and
/// `CNAME` it was carrying over.
fn clean_up(output: &Path, staging: &Path, old: &Path) -> Result<(), Error> {
    // Killed between the two renames of the fallback swap: the previous site is aside.
    if old.is_dir() && !output.exists() {
        fs::rename(old, output).map_err(|e| Error::io(Op::Move, old, e))?;
    }
    for leftover in [staging, old] {
        if leftover.exists() {
            if output.is_dir() {
                carry_over(leftover, output)?;
            }
            fs::remove_dir_all(leftover).map_err(|e| Error::io(Op::Remove, leftover, e))?;
        }
    }
    Ok(())
}

/// Puts `staging` in place of `output`. On Linux one atomic exchange, so the output folder
/// is at every instant either the previous site or the new one, and `staging` ends up
/// holding the previous site; elsewhere (or on file systems without it) the previous site is
/// renamed to `old` first.
fn swap(staging: &Path, output: &Path, old: &Path) -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(Error::io(Op::Move, staging, e.into())),
        }
    }
    fs::rename(output, old).map_err(|e| Error::io(Op::Move, output, e))?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(old, output);
        return Err(Error::io(Op::Move, staging, e));
    }
    Ok(())
}

fn stage(
    staging: &Path,
    folders: &[String],
    rounds: impl FnOnce(&Staging) -> Result<(), Error>,
) -> Result<Written, Error> {
    fs::create_dir_all(staging).map_err(|e| Error::io(Op::CreateFolder, staging, e))?;
    for f in folders {
        if !is_contained(f) {
            return Err(leaves(f));
        }
        let dir = staging.join(f);
        fs::create_dir(&dir).map_err(|e| Error::io(Op::CreateFolder, &dir, e))?;
    }
    let writer = Staging {
        dir: staging,
        files: AtomicUsize::new(0),
        bytes: AtomicU64::new(0),
    };
    rounds(&writer)?;
    let nojekyll = staging.join(".nojekyll");
    fs::write(&nojekyll, b"").map_err(|e| Error::io(Op::Write, &nojekyll, e))?;
    Ok(Written {
        files: writer.files.into_inner(),
        bytes: writer.bytes.into_inner(),
    })
}

/// The folder a build writes into before it is swapped in, and what has been written to it.
pub struct Staging<'a> {
    dir: &'a Path,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl Staging<'_> {
    /// Writes the files `produce` makes of each job, in parallel, each as soon as it is made.
    pub fn write<T: Sync>(
        &self,
        jobs: &[T],
        produce: impl Fn(&T) -> Result<Vec<Page>, Error> + Sync,
    ) -> Result<(), Error> {
        jobs.par_iter().try_for_each(|job| {
            for p in produce(job)? {
                if !is_contained(&p.path) {
                    return Err(leaves(&p.path));
                }
                let path = self.dir.join(&p.path);
                // A writer of several files may name folders of its own.
                if let Some(dir) = path.parent().filter(|d| !d.is_dir()) {
                    fs::create_dir_all(dir).map_err(|e| Error::io(Op::CreateFolder, dir, e))?;
                }
                // One open, one write, one close: the bytes are all there already.
                fs::write(&path, &p.bytes).map_err(|e| Error::io(Op::Write, &path, e))?;
                self.files.fetch_add(1, Ordering::Relaxed);
                self.bytes.fetch_add(p.bytes.len() as u64, Ordering::Relaxed);
            }
            Ok(())
        })
    }
}

fn leaves(path: &str) -> Error {
    Error::Usage(format!("refusing to write `{path}`: it would leave the output folder"))
}

/// Moves the kept entries of the old output into the new one, unless the build wrote its own.
fn carry_over(old: &Path, output: &Path) -> Result<(), Error> {
    let entries = fs::read_dir(old).map_err(|e| Error::io(Op::List, old, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(Op::List, old, e))?;
        let name = entry.file_name();
        if is_preserved(&name.to_string_lossy()) {
            let target = output.join(&name);
            if !target.exists() {
                fs::rename(entry.path(), &target).map_err(|e| Error::io(Op::Move, &entry.path(), e))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(out: &Path, root: &Path, pages: &[Page]) -> Result<Written, Error> {
        super::write(&lock(out, Wait::Refuse)?, root, pages)
    }

    fn page(path: &str, text: &str) -> Page {
        Page {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_swaps_and_keeps_dot_files_and_cname() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("tracker");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        write(&out, &root, &[page("index.html", "one"), page("a/index.html", "a")]).unwrap();
        fs::create_dir_all(out.join(".git")).unwrap();
        fs::write(out.join(".git/HEAD"), "ref").unwrap();
        fs::write(out.join("CNAME"), "example.org").unwrap();
        let w = write(&out, &root, &[page("index.html", "two")]).unwrap();
        assert_eq!(w.files, 1);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("a").exists(), "stale pages are removed");
        assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref");
        assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "example.org");
        assert!(out.join(".nojekyll").exists());
        let mut names: Vec<String> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".public.tally-lock", "public"],
            "no staging folder is left behind"
        );
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("tracker");
        fs::create_dir_all(root.join("content")).unwrap();
        let msg = |out: &Path| check_output(out, &root).unwrap_err().to_string();
        assert!(msg(&root).ends_with("it is the tracker itself; choose another folder with --output"));
        assert!(msg(dir.path()).contains("it contains the tracker"));
        assert!(msg(&root.join("public/../")).contains("it is the tracker itself"));
        assert!(msg(Path::new("/")).contains("it is the root of the file system"));
        let other = dir.path().join("other");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("site.yaml"), "").unwrap();
        assert!(msg(&other).contains("it holds a tracker"));
        assert!(check_output(&root.join("public"), &root).is_ok());
        // The tracker's own folders, and a folder of other files.
        assert!(msg(&root.join("content")).contains("it is in the tracker's own `content` folder"));
        assert!(msg(&root.join("content/incidents")).contains("it is in the tracker's own `content` folder"));
        assert!(msg(&root.join(".git")).contains("it is in the tracker's own `.git` folder"));
        let papers = dir.path().join("papers");
        fs::create_dir_all(papers.join("drafts")).unwrap();
        fs::write(papers.join("thesis.txt"), "mine").unwrap();
        fs::write(papers.join(".keep"), "").unwrap();
        assert!(msg(&papers).ends_with(
            "it holds files that are not a built site (`drafts`, and no HTML page), which the build would delete; choose another folder with --output"
        ));
        // A built site, or a folder of dot-files (a clone of a gh-pages branch), is taken.
        fs::write(papers.join("index.html"), "").unwrap();
        assert!(check_output(&papers, &root).is_ok());
        let clone = dir.path().join("clone");
        fs::create_dir_all(clone.join(".git")).unwrap();
        fs::write(clone.join("CNAME"), "x.org").unwrap();
        assert!(check_output(&clone, &root).is_ok());
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&clone, &link).unwrap();
            assert!(msg(&dir.path().join("link/")).contains("it is a link to"));
            assert_eq!(
                msg(&link),
                format!(
                    "refusing to use {} as the output folder: it is a link to {}, which the build would replace with a folder; choose another folder with --output",
                    link.display(),
                    clone.display()
                )
            );
        }
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("t");
        fs::create_dir_all(&root).unwrap();
        let err = write(&root.join("public"), &root, &[page("../evil.html", "x")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "refusing to write `../evil.html`: it would leave the output folder"
        );
        assert!(!dir.path().join("evil.html").exists());
        assert!(!root.join("public").exists());
    }

    #[test]
    fn folders_come_once_each_and_parents_first() {
        let paths = [
            "index.html",
            "a/b/index.html",
            "a/feed.xml",
            "a-z/index.html",
            "search/",
        ];
        assert_eq!(folders(paths.into_iter()), ["a", "a-z", "a/b", "search"]);
    }

    #[test]
    fn restores_an_output_left_aside_by_a_killed_swap() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("t");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let old = sibling(&out, "old");
        fs::create_dir_all(old.join(".git")).unwrap();
        write(&out, &root, &[page("index.html", "new")]).unwrap();
        assert!(out.join(".git").is_dir());
        assert!(!old.exists());
    }
}
