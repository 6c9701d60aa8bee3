//! Load: the only code that reads the tracker's folder.
//!
//! It gathers `site.yaml`, the Markdown files under `content/`, and the tracker's own
//! `templates/` and `static/` files as plain text and bytes, and splits front matter from the
//! write-up ([`split_front_matter`], pure, so tests work on strings). [`history`] reads when each
//! content file was added and last changed.

pub mod history;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::Diagnostic;
use crate::error::{Error, Op};

/// A text file of the content tree: its path relative to the root, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Shared: an incident's write-up is a slice of it, not a copy.
    pub text: arcstr::ArcStr,
}

/// Everything the build reads, before any checking.
#[derive(Debug, Default)]
pub struct Tree {
    pub root: PathBuf,
    pub site: Option<SourceFile>,
    pub incidents: Vec<SourceFile>,
    pub companies: Vec<SourceFile>,
    pub actors: Vec<SourceFile>,
    /// The tracker's own templates (name relative to `templates/`, text): overrides of the theme.
    pub templates: Vec<(String, String)>,
    /// The tracker's own static files (path relative to `static/`, bytes).
    pub statics: Vec<(String, Vec<u8>)>,
    /// Problems found while reading (a file that is not UTF-8, say).
    pub problems: Vec<Diagnostic>,
    /// When each content file was added and last changed, from git.
    pub history: history::History,
}

pub const SITE_FILE: &str = "site.yaml";

/// Whether `root` is a tracker's folder (it has `site.yaml` or `content/`): a usage error
/// saying what to do if not.
pub fn is_tracker(root: &Path) -> Result<(), Error> {
    if !root.is_dir() {
        return Err(Error::Usage(format!("{} is not a folder", root.display())));
    }
    if !root.join(SITE_FILE).exists() && !root.join("content").exists() {
        return Err(Error::Usage(format!(
            "{} is not a tracker: it has no site.yaml and no content/ folder; run tally in the tracker's folder (or a folder inside it), or name it with --root DIR (tally init DIR makes a new one)",
            root.display()
        )));
    }
    Ok(())
}

/// Reads the tracker at `root`.
pub fn load(root: &Path) -> Result<Tree, Error> {
    is_tracker(root)?;
    let mut tree = Tree {
        root: root.to_path_buf(),
        ..Tree::default()
    };
    let site = root.join(SITE_FILE);
    if site.is_file() {
        tree.site = read_text(root, &site, &mut tree.problems)?;
    }
    tree.incidents = read_markdown(root, "content/incidents", &mut tree.problems)?;
    tree.companies = read_markdown(root, "content/companies", &mut tree.problems)?;
    tree.actors = read_markdown(root, "content/actors", &mut tree.problems)?;
    misplaced(root, &mut tree.problems)?;
    for (rel, path) in files_under(&root.join("templates"))? {
        let text = fs::read_to_string(&path).map_err(|e| Error::io(Op::Read, &path, e))?;
        tree.templates.push((rel, text));
    }
    for (rel, path) in files_under(&root.join("static"))? {
        let bytes = fs::read(&path).map_err(|e| Error::io(Op::Read, &path, e))?;
        tree.statics.push((rel, bytes));
    }
    tree.history = history::History::read(root);
    Ok(tree)
}

/// Reads one file of the tree again (`path` relative to `root`), for a rebuild after a change.
/// `None` when the file is gone; problems reading it are pushed to `problems`.
pub fn read_one(root: &Path, path: &Path, problems: &mut Vec<Diagnostic>) -> Result<Option<SourceFile>, Error> {
    let full = root.join(path);
    if !full.is_file() {
        return Ok(None);
    }
    read_text(root, &full, problems)
}

/// The Markdown files of one content folder, sorted by name. A missing folder is empty.
/// Files are read in parallel (a large tracker has tens of thousands), and kept, with their
/// problems, in name order.
fn read_markdown(root: &Path, dir: &str, problems: &mut Vec<Diagnostic>) -> Result<Vec<SourceFile>, Error> {
    let (paths, others): (Vec<PathBuf>, Vec<PathBuf>) = files_under(&root.join(dir))?
        .into_iter()
        .map(|(_, path)| path)
        .partition(|path| path.extension().and_then(|e| e.to_str()) == Some("md"));
    for path in others {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if let Some(name) = unread_write_up(&path).or_else(|| starts_like_an_entry(&path)) {
            problems.push(
                Diagnostic::warning(
                    rel,
                    1,
                    1,
                    "this file is not read: tally reads only files whose names end in `.md`",
                )
                .with_hint(format!("if it is an entry, rename it `{name}`")),
            );
        } else if matches!(ext.as_str(), "docx" | "doc" | "odt" | "rtf" | "pages") {
            problems.push(
                Diagnostic::warning(rel, 1, 1, "a word processor's document is not read: entries are plain-text Markdown files")
                    .with_hint("start the entry with `tally new`, or copy the text into a `.md` file written in a plain-text editor"),
            );
        }
    }
    let read: Vec<_> = paths
        .par_iter()
        .map(|path| {
            let mut found = Vec::new();
            (read_text(root, path, &mut found), found)
        })
        .collect();
    let mut out = Vec::with_capacity(read.len());
    for (file, found) in read {
        problems.extend(found);
        out.extend(file?);
    }
    Ok(out)
}

fn read_text(root: &Path, path: &Path, problems: &mut Vec<Diagnostic>) -> Result<Option<SourceFile>, Error> {
    let bytes = fs::read(path).map_err(|e| Error::io(Op::Read, path, e))?;
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(SourceFile {
            path: rel,
            text: lone_cr_to_lf(text).into(),
        })),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            problems.push(
                Diagnostic::error(rel, line, 1, "this file is not UTF-8 text")
                    .with_hint("save it as UTF-8 (\"Unicode\") in your editor"),
            );
            Ok(None)
        }
    }
}

/// A lone carriage return (old Mac line ends, or a stray one) ends a line for the YAML and
/// Markdown parsers: it becomes a newline here, so the line a problem is reported on is the
/// line shown under it.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    out
}

/// The name a write-up saved under another ending should have: `x.markdown`, `x.MD`,
/// `x.md.txt` (Notepad's), `x.mdx` become `x.md`. Other files (an image beside an entry, say)
/// give nothing.
fn unread_write_up(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let (stem, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    let stem = match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" | "mdx" => stem,
        // Notepad's `x.md.txt`; other text files (notes, lists of sources) are left alone.
        "txt" => stem.strip_suffix(".md").or_else(|| stem.strip_suffix(".MD"))?,
        _ => return None,
    };
    (!stem.is_empty()).then(|| format!("{stem}.md"))
}

/// The `.md` name of a text file that holds an entry under another name (`x.txt`, Notepad's
/// default, or `x` without an ending): it starts with `---`.
fn starts_like_an_entry(path: &Path) -> Option<String> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), None | Some("txt" | "text")) || !starts_with_front_matter(path) {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    (!stem.is_empty()).then(|| format!("{stem}.md"))
}

/// Whether a file starts with `---` (after a byte-order mark): an entry's front matter.
fn starts_with_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 6];
    let Some(n) = fs::File::open(path).ok().and_then(|mut f| f.read(&mut head).ok()) else {
        return false;
    };
    let head = &head[..n];
    head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head).starts_with(b"---")
}

/// Markdown files under `content/` outside the three folders tally reads (`content/x.md`,
/// `content/incident/x.md`): a warning each, naming the folder to move it to.
fn misplaced(root: &Path, problems: &mut Vec<Diagnostic>) -> Result<(), Error> {
    let content = root.join("content");
    // The three folders read are not walked again: a large tracker's are most of its files.
    let mut others: Vec<(String, PathBuf)> = Vec::new();
    if let Ok(entries) = fs::read_dir(&content) {
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.') || (path.is_dir() && matches!(name.as_str(), "incidents" | "companies" | "actors"))
            {
                continue;
            }
            if path.is_dir() {
                others.extend(
                    files_under(&path)?
                        .into_iter()
                        .map(|(rel, p)| (format!("{name}/{rel}"), p)),
                );
            } else {
                others.push((name, path));
            }
        }
    }
    others.sort();
    for (rel, path) in others {
        let top = rel.split('/').next().unwrap_or("");
        // Only what reads as an entry (it starts with `---`): a README beside the folders is
        // the tracker's own notes.
        if !rel.to_ascii_lowercase().ends_with(".md") || !starts_with_front_matter(&path) {
            continue;
        }
        let folder = match top.to_ascii_lowercase().as_str() {
            t if t.starts_with("compan") => "content/companies/",
            t if t.starts_with("actor") || t.starts_with("threat") => "content/actors/",
            _ => "content/incidents/",
        };
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        problems.push(
            Diagnostic::warning(
                path.strip_prefix(root).unwrap_or(&path),
                1,
                1,
                "this file is not read: tally reads entries in `content/incidents/`, company profiles in `content/companies/` and actor profiles in `content/actors/`",
            )
            .with_hint(format!("move it to `{folder}{name}`")),
        );
    }
    Ok(())
}

/// Regular files below `dir` (not hidden ones), as (path relative to `dir` with `/`, full path),
/// sorted, so every build sees them in the same order.
fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(Op::List, &path, e.into())
        })?;
        // A link to a file is read as the file, as serve reads it.
        if entry.file_type().is_file() || (entry.path_is_symlink() && entry.path().is_file()) {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.push((rel, entry.path().to_path_buf()));
        }
    }
    Ok(out)
}

/// A Markdown file split at its front matter.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The YAML between the two `---` lines.
    pub yaml: &'a str,
    /// How many lines of the file stand before the YAML: the opening `---`.
    pub yaml_offset: usize,
    /// The write-up after the closing `---`.
    pub body: &'a str,
}

/// Why front matter could not be split: a message and a hint, at a 1-based line.
#[derive(Debug, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: String,
    pub hint: String,
}

/// Splits `---\nYAML\n---\nbody`. The closing fence may be followed by nothing at all.
pub fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text.trim().is_empty() {
        return Err(SplitError {
            line: 1,
            message: "the file is empty".into(),
            hint: "write the entry in it (`tally new` starts one), or delete it".into(),
        });
    }
    if text[..first_end].trim_end() != "---" {
        let first = text[..first_end].trim();
        if first.is_empty() && text.lines().find(|l| !l.trim().is_empty()).map(str::trim_end) == Some("---") {
            return Err(SplitError {
                line: 1,
                message: "the file starts with a blank line, before its `---`".into(),
                hint: "delete the blank lines above `---`: it must be the very first line".into(),
            });
        }
        if let Some(what) = fence_like(first) {
            return Err(SplitError {
                line: 1,
                message: format!("the first line is {what}, not `---`"),
                hint: "write three hyphens, `---` (a word processor may turn them into a dash: type them in a plain-text editor)".into(),
            });
        }
        return Err(SplitError {
            line: 1,
            message: "the file does not start with front matter".into(),
            hint: "the first line must be `---`, then the keys (title, disclosed ...), then another `---` line".into(),
        });
    }
    let yaml_start = first_end;
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "---" {
            return Ok(FrontMatter {
                yaml: &text[yaml_start..pos],
                yaml_offset: 1,
                body: &text[end..],
            });
        }
        pos = end;
    }
    // A closing line mistyped: `----`, `--`, or a dash a word processor made of `---`.
    if let Some((i, what)) = text
        .lines()
        .enumerate()
        .skip(1)
        .find_map(|(i, l)| fence_like(l.trim()).map(|what| (i, what)))
    {
        return Err(SplitError {
            line: i + 1,
            message: format!("this line is {what}, not `---`, so the front matter has no closing line"),
            hint: "write exactly three hyphens: `---`".into(),
        });
    }
    Err(SplitError {
        line: 1,
        message: "the front matter opened here has no closing `---`".into(),
        hint: "add a line with only `---` after the last key, before the write-up".into(),
    })
}

/// A line meant as a `---` fence but not one: dashes (`—`, `–`), or hyphens other than three.
fn fence_like(line: &str) -> Option<String> {
    let dashes = ['-', '\u{2014}', '\u{2013}', '\u{2012}', '\u{2015}', '\u{2212}'];
    if line == "---" || line.is_empty() || !line.chars().all(|c| dashes.contains(&c)) {
        return None;
    }
    let hyphens = line.chars().filter(|&c| c == '-').count();
    Some(if hyphens == line.chars().count() {
        if hyphens < 2 {
            return None;
        }
        format!("`{line}`, {hyphens} hyphens")
    } else {
        format!("`{line}`, a dash")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        assert_eq!(lone_cr_to_lf("a\rb\r\nc\r".into()), "a\nb\r\nc\n");
        assert_eq!(lone_cr_to_lf("plain\n".into()), "plain\n");
    }

    #[test]
    fn splits_yaml_from_body() {
        let fm = split_front_matter("---\ntitle: X\n---\nBody *here*.\n").unwrap();
        assert_eq!(fm.yaml, "title: X\n");
        assert_eq!(fm.yaml_offset, 1);
        assert_eq!(fm.body, "Body *here*.\n");
    }

    #[test]
    fn accepts_bom_crlf_and_no_body() {
        let fm = split_front_matter("\u{feff}---\r\ntitle: X\r\n---").unwrap();
        assert_eq!(fm.yaml, "title: X\r\n");
        assert_eq!(fm.body, "");
    }

    #[test]
    fn a_thematic_break_in_the_body_stays_in_the_body() {
        let fm = split_front_matter("---\na: 1\n---\none\n---\ntwo\n").unwrap();
        assert_eq!(fm.body, "one\n---\ntwo\n");
    }

    #[test]
    fn fences_mistyped_are_named() {
        let e = |t: &str| {
            let e = split_front_matter(t).unwrap_err();
            (e.line, e.message)
        };
        assert_eq!(
            e("\n---\ntitle: X\n---\n"),
            (1, "the file starts with a blank line, before its `---`".into())
        );
        assert_eq!(
            e("\u{2014}\ntitle: X\n---\n"),
            (1, "the first line is `\u{2014}`, a dash, not `---`".into())
        );
        assert_eq!(
            e("---\ntitle: X\n----\nBody\n"),
            (
                3,
                "this line is `----`, 4 hyphens, not `---`, so the front matter has no closing line".into()
            )
        );
        assert_eq!(fence_like("-"), None);
        assert_eq!(fence_like("---"), None);
    }

    #[test]
    fn missing_fences_are_explained() {
        let e = split_front_matter("title: X\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert_eq!(e.message, "the file does not start with front matter");
        assert_eq!(split_front_matter(" \n\n").unwrap_err().message, "the file is empty");
        let e = split_front_matter("---\ntitle: X\nBody\n").unwrap_err();
        assert_eq!(e.message, "the front matter opened here has no closing `---`");
    }
}
