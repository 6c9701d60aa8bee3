//! The link check: reads a built site and finds every internal `href` or `src` that does not
//! lead to a written file, and every `#fragment` with no element of that `id`.
//!
//! It reads the output folder, never the content tree, and writes nothing.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use walkdir::WalkDir;

use crate::error::{Error, Op};
use crate::site::render::Page;

/// One link that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page it is on, relative to the output folder.
    pub page: String,
    /// The link as written.
    pub target: String,
    pub reason: String,
}

/// Checks every HTML page under `output`, a built site. `base_path` is the path part of the
/// site's base URL (`/tracker` or ``): a site-absolute link must start with it.
pub fn check(output: &Path, base_path: &str) -> Result<Vec<BrokenLink>, Error> {
    let mut pages = Vec::new();
    for entry in WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(Op::List, output, e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        // Only pages are parsed; other files only need to exist.
        let bytes = if rel.ends_with(".html") {
            fs::read(entry.path()).map_err(|e| Error::io(Op::Read, entry.path(), e))?
        } else {
            Vec::new()
        };
        pages.push(Page { path: rel, bytes });
    }
    Ok(check_pages(&pages, base_path))
}

/// Checks rendered pages in memory, as they would be written.
pub fn check_pages(pages: &[Page], base_path: &str) -> Vec<BrokenLink> {
    let files: HashSet<String> = pages.iter().map(|p| p.path.clone()).collect();
    let html: Vec<(&str, std::borrow::Cow<'_, str>)> = pages
        .iter()
        .filter(|p| p.path.ends_with(".html"))
        .map(|p| (p.path.as_str(), String::from_utf8_lossy(&p.bytes)))
        .collect();
    let ids: HashMap<&str, HashSet<String>> = html
        .iter()
        .map(|(p, text)| (*p, attribute_values(text, "id").into_iter().collect()))
        .collect();
    let mut broken = Vec::new();
    for (page, text) in &html {
        let mut targets = attribute_values(text, "href");
        targets.extend(attribute_values(text, "src"));
        for target in targets {
            if let Some(reason) = resolve(page, &target, base_path, &files, &ids) {
                broken.push(BrokenLink {
                    page: page.to_string(),
                    target,
                    reason,
                });
            }
        }
    }
    broken
}

/// Why a link does not resolve, or `None` when it does (or is external).
fn resolve(
    page: &str,
    target: &str,
    base_path: &str,
    files: &HashSet<String>,
    ids: &HashMap<&str, HashSet<String>>,
) -> Option<String> {
    let lower = target.to_ascii_lowercase();
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with("//")
    {
        return None;
    }
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let file = if path.is_empty() {
        page.to_string()
    } else if let Some(abs) = path.strip_prefix('/') {
        let inside = if base_path.is_empty() {
            Some(abs)
        } else {
            path.strip_prefix(base_path)
                .and_then(|p| if p.is_empty() { Some("") } else { p.strip_prefix('/') })
        };
        match inside {
            Some(p) => p.to_string(),
            None => return Some(format!("it does not start with the base path `{base_path}/`")),
        }
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{dir}/{path}")
    };
    let Some(file) = normalise(&file) else {
        return Some("it climbs out of the site".into());
    };
    let file = if file.is_empty() || file.ends_with('/') {
        format!("{file}index.html")
    } else if !files.contains(&file) && files.contains(&format!("{file}/index.html")) {
        format!("{file}/index.html")
    } else {
        file
    };
    if !files.contains(&file) {
        return Some(format!("no file `{file}` was written"));
    }
    match fragment {
        Some(f) if !f.is_empty() => match ids.get(file.as_str()) {
            Some(set) if set.contains(f) => None,
            Some(_) => Some(format!("`{file}` has no element with id `{f}`")),
            None => None,
        },
        _ => None,
    }
}

/// Resolves `.` and `..`; `None` when the path climbs out of the site.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The values of every `name="…"` attribute in an HTML text, with `&amp;` unescaped.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn finds_missing_pages_fragments_and_wrong_bases() {
        let dir = site(&[
            (
                "index.html",
                r##"<a href="/t/a/">a</a> <a href="/t/b/">b</a> <a href="/a/">c</a> <a href="/t/a/#x">d</a> <a href="/t/a/#y">e</a> <a href="https://x.org/">f</a> <link href="/t/style.css">"##,
            ),
            (
                "a/index.html",
                r#"<h2 id="x">X</h2><a href="../">up</a> <a href="../../../etc">out</a>"#,
            ),
            ("style.css", ""),
        ]);
        let got: Vec<(String, String, String)> = check(dir.path(), "/t")
            .unwrap()
            .into_iter()
            .map(|b| (b.page, b.target, b.reason))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "a/index.html".into(),
                    "../../../etc".into(),
                    "it climbs out of the site".into()
                ),
                (
                    "index.html".into(),
                    "/t/b/".into(),
                    "no file `b/index.html` was written".into()
                ),
                (
                    "index.html".into(),
                    "/a/".into(),
                    "it does not start with the base path `/t/`".into()
                ),
                (
                    "index.html".into(),
                    "/t/a/#y".into(),
                    "`a/index.html` has no element with id `y`".into()
                ),
            ]
        );
    }
}
