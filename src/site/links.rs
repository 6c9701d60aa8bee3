//! The link check: reads a built site and finds every internal `href` or `src` that does not
//! lead to a written file, and every `#fragment` with no element of that `id`; and points each
//! broken link at what produced it: the Markdown file, line and column of a write-up's link, or
//! the template of the page.
//!
//! [`check_write_ups`] needs no built site: it finds links in write-ups to incidents, companies,
//! actors or campaigns that do not exist, and what a write-up would not show as meant (HTML
//! tags, links that lead nowhere or were not made, citations with spaces). It writes nothing.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use memchr::memmem;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::index::Library;
use crate::content::load::{split_front_matter, SourceFile, Tree};
use crate::diag::Diagnostic;
use crate::error::{Error, Op};
use crate::markdown;
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

/// Where a link starts in a file: 1-based line and column (in characters).
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    (line, text[line_start..at].chars().count() + 1)
}

/// Each link of a file's write-up: (address as written, line, column).
fn write_up_links(file: &SourceFile) -> Vec<(String, usize, usize)> {
    in_write_up(file, markdown::links, |l| l.start)
        .into_iter()
        .map(|(l, line, column)| (l.dest, line, column))
        .collect()
}

/// What in a file's write-up the page would not show as meant (see [`markdown::mistakes`]).
fn mistakes_in(file: &SourceFile) -> Vec<Diagnostic> {
    in_write_up(file, markdown::mistakes, |m| m.start)
        .into_iter()
        .map(|(m, line, column)| Diagnostic::warning(&file.path, line, column, m.message).with_hint(m.hint))
        .collect()
}

/// What `find` finds in a file's write-up, each with the line and column in the file of the
/// byte offset `start` gives (offsets are the write-up's own).
fn in_write_up<T>(file: &SourceFile, find: fn(&str) -> Vec<T>, start: fn(&T) -> usize) -> Vec<(T, usize, usize)> {
    let Ok(fm) = split_front_matter(&file.text) else {
        return Vec::new();
    };
    let body_start = file.text.len() - fm.body.len();
    find(fm.body)
        .into_iter()
        .map(|t| {
            let (line, column) = line_column(&file.text, body_start + start(&t));
            (t, line, column)
        })
        .collect()
}

/// Links in write-ups (`[Lumen](/companies/lumen/)`) to an incident, company, actor or
/// campaign that the site does not have, each at its Markdown file, line and column. They are
/// warnings (the site builds, with a link that leads nowhere); `check --links` makes them errors.
pub fn check_write_ups(tree: &Tree, lib: &Library) -> Vec<Diagnostic> {
    let slugs = |kind: &str| -> Vec<&str> {
        match kind {
            "incidents" => lib.incidents.iter().map(|e| e.incident.slug.as_str()).collect(),
            "companies" => lib.companies.iter().map(|c| c.slug.as_str()).collect(),
            "actors" => lib.actors.iter().map(|a| a.slug.as_str()).collect(),
            _ => lib.campaigns.iter().map(|c| c.slug.as_str()).collect(),
        }
    };
    let known: HashMap<&str, HashSet<&str>> = ["incidents", "companies", "actors", "campaigns"]
        .into_iter()
        .map(|k| (k, slugs(k).into_iter().collect()))
        .collect();
    // Only links into these folders are checked: a file that names none of them (most do not)
    // needs no parsing, unless an escape (`\/`) or an entity (`&#47;`) could spell one. The
    // search is byte-wise (memchr), a pass per folder name: the files are most of what a
    // build reads.
    let folders: Vec<memmem::Finder<'static>> = known
        .keys()
        .map(|k| memmem::Finder::new(&format!("{k}/")).into_owned())
        .collect();
    let may_link = |f: &SourceFile| {
        let text = f.text.as_bytes();
        memchr::memchr2(b'\\', b'&', text).is_some() || folders.iter().any(|k| k.find(text).is_some())
    };
    let files: Vec<&SourceFile> = tree
        .incidents
        .iter()
        .chain(&tree.companies)
        .chain(&tree.actors)
        .collect();
    // Files side by side, their warnings kept in file order.
    let per_file: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|file| {
            let mut out = if may_link(file) {
                broken_in(file, &known)
            } else {
                Vec::new()
            };
            out.extend(mistakes_in(file));
            out.sort_by_key(|d| (d.line, d.column));
            out
        })
        .collect();
    per_file.into_iter().flatten().collect()
}

/// The links of one file's write-up to an incident, company, actor or campaign not in `known`.
fn broken_in(file: &SourceFile, known: &HashMap<&str, HashSet<&str>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (dest, line, column) in write_up_links(file) {
        if !dest.starts_with('/') || dest.starts_with("//") {
            continue;
        }
        let path = dest.split(['#', '?']).next().unwrap_or("");
        let mut parts = path.trim_matches('/').split('/');
        let (Some(kind), Some(slug)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Some(set) = known.get(kind) else { continue };
        // List pages live beside the single pages: /incidents/2024/, /companies/a-z/ ...
        let list_page = slug == "page"
            || (kind == "incidents" && crate::content::model::is_reserved_incident_slug(slug))
            || (kind != "incidents" && crate::content::model::is_reserved_name_slug(slug));
        if list_page || set.contains(slug) {
            continue;
        }
        let what = match kind {
            "incidents" => "incident",
            "companies" => "company",
            "actors" => "actor",
            _ => "campaign",
        };
        let mut candidates: Vec<&str> = set.iter().copied().collect();
        candidates.sort_unstable();
        let hint = match crate::content::validate::did_you_mean(slug, &candidates) {
            Some(near) => format!("did you mean `/{kind}/{near}/`?"),
            None => {
                let example = candidates.first().copied().unwrap_or("name");
                match kind {
                    "incidents" => format!("an incident's address is /incidents/ and its file name without `.md`, e.g. `/incidents/{example}/`"),
                    "actors" => format!("an actor's address is /actors/ and its name in lower case, words joined by `-`, e.g. `/actors/{example}/`"),
                    _ => format!("a {what}'s address is /{kind}/ and its name in lower case, words joined by `-`, e.g. `/{kind}/{example}/`"),
                }
            }
        };
        out.push(
            Diagnostic::warning(
                &file.path,
                line,
                column,
                format!("broken link `{dest}`: there is no {what} `{slug}`"),
            )
            .with_hint(hint),
        );
    }
    out
}

/// What to do about a broken link in a write-up. A relative address (`leak.png`, beside the
/// entry's file) is read from the page's address, where nothing is copied: files for pages go
/// in `static/`, linked from the site's root.
fn write_up_hint(target: &str) -> String {
    // `sec.gov/filing`: a web address without its `https://`.
    if let Some((_, hint)) = markdown::nowhere(target) {
        return hint;
    }
    let relative = !target.starts_with('/') && !target.contains("://") && !target.starts_with('#');
    let name = target.rsplit('/').next().unwrap_or(target);
    // A file (`leak.png`, `../files/report.pdf`), not a page (`../nothere/`).
    if relative && name.contains('.') {
        format!(
            "fix the link's address in the write-up; a picture or document of your own goes in the tracker's `static/` folder (say `static/files/{name}`), linked as `/files/{name}`"
        )
    } else {
        "fix the link's address in the write-up".into()
    }
}

/// Reports broken links of the rendered site at what produced each: the write-up's Markdown
/// file, line and column when its text holds the link, else the page's template (the tracker's
/// own `templates/NAME` when it has one). `root` is the tracker, read for the write-ups.
pub fn diagnose(broken: &[BrokenLink], root: &Path, lib: &Library, base_path: &str) -> Vec<Diagnostic> {
    let mut files: HashMap<PathBuf, Option<SourceFile>> = HashMap::new();
    let mut out = Vec::new();
    for b in broken {
        let owner = owner_file(&b.page, lib);
        let found = owner.and_then(|path| {
            let file = files.entry(path.clone()).or_insert_with(|| {
                crate::content::load::read_one(root, &path, &mut Vec::new())
                    .ok()
                    .flatten()
            });
            let file = file.as_ref()?;
            let (_, line, column) = write_up_links(file)
                .into_iter()
                .find(|(dest, _, _)| markdown::page_url(dest, base_path) == b.target)?;
            Some(
                Diagnostic::error(
                    path,
                    line,
                    column,
                    format!("broken link `{}` (on public/{}): {}", b.target, b.page, b.reason),
                )
                .with_hint(write_up_hint(&b.target))
                .with_source(&file.text),
            )
        });
        let d = match found {
            Some(d) => d,
            None => {
                let template = template_of(&b.page);
                let own = Path::new("templates").join(template);
                let text = fs::read_to_string(root.join(&own)).ok();
                let (path, whose) = if text.is_some() {
                    (own, "this template".to_string())
                } else {
                    (
                        PathBuf::from(format!("public/{}", b.page)),
                        format!("the theme's template `{template}`"),
                    )
                };
                // A link written out in the tracker's own template is found on its line.
                let bare = b.target.strip_prefix(base_path).unwrap_or(&b.target);
                let (line, column) = text
                    .as_deref()
                    .and_then(|t| {
                        let at = t.find(b.target.as_str()).or_else(|| t.find(bare))?;
                        Some(line_column(t, at))
                    })
                    .unwrap_or((1, 1));
                let d = Diagnostic::error(
                    path,
                    line,
                    column,
                    format!(
                        "broken link `{}` on public/{}, made by the template `{template}`: {}",
                        b.target, b.page, b.reason
                    ),
                )
                .with_hint(format!(
                    "fix the link in {whose} or a partial it includes (templates/partials/)"
                ));
                match &text {
                    Some(t) if line > 1 || column > 1 => d.with_source(t),
                    _ => d,
                }
            }
        };
        out.push(d);
    }
    out
}

/// The content file whose write-up is shown on a page, when it has one.
fn owner_file(page: &str, lib: &Library) -> Option<PathBuf> {
    let parts: Vec<&str> = page.split('/').collect();
    let [kind, slug, "index.html"] = parts.as_slice() else {
        return None;
    };
    match *kind {
        "incidents" => lib
            .incidents
            .iter()
            .find(|e| e.incident.slug == *slug)
            .map(|e| e.incident.path.clone()),
        "companies" => lib
            .companies
            .iter()
            .find(|c| c.slug == *slug)
            .and_then(|c| Some(c.profile.as_ref()?.path.clone())),
        "actors" => lib
            .actors
            .iter()
            .find(|a| a.slug == *slug)
            .and_then(|a| Some(a.profile.as_ref()?.path.clone())),
        _ => None,
    }
}

/// The theme template that renders a page, from the page's path.
fn template_of(page: &str) -> &'static str {
    let parts: Vec<&str> = page
        .trim_end_matches("index.html")
        .trim_end_matches('/')
        .split('/')
        .collect();
    match parts.as_slice() {
        [""] => "index.html",
        ["404.html"] => "404.html",
        ["incidents"] | ["incidents", "page", ..] => "incidents.html",
        ["incidents", y] if crate::content::model::is_reserved_incident_slug(y) => "year.html",
        ["incidents", ..] => "incident.html",
        ["companies"] | ["companies", "page", ..] => "companies.html",
        ["companies", "a-z", ..] => "companies_a_z.html",
        ["companies", ..] => "company.html",
        ["actors"] | ["actors", "page", ..] => "actors.html",
        ["actors", ..] => "actor.html",
        ["campaigns"] | ["campaigns", "page", ..] => "campaigns.html",
        ["campaigns", ..] => "campaign.html",
        ["stats", ..] => "stats.html",
        ["data", ..] => "data.html",
        ["about", ..] => "about.html",
        ["changes", ..] => "changes.html",
        ["search", ..] => "search.html",
        ["embed", ..] => "embed.html",
        _ => "base.html",
    }
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
    let mut out = Vec::new();
    for_each_attribute(html, |attr, value| {
        if attr.eq_ignore_ascii_case(name) {
            out.push(value.replace("&amp;", "&"));
        }
    });
    out
}

/// Calls `f` with each attribute (name, value as written) of each start tag, and only of tags:
/// a write-up that shows `<a href="x">` as text has it escaped (`&lt;a`), so its `href="x"` is
/// not an attribute; nor is anything inside `<script>` or `<style>`.
fn for_each_attribute(html: &str, mut f: impl FnMut(&str, &str)) {
    let b = html.as_bytes();
    let space = |c: u8| c.is_ascii_whitespace();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        let mut j = i + lt + 1;
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i = j;
            continue;
        }
        let tag_start = j;
        while j < b.len() && !space(b[j]) && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let tag = &html[tag_start..j];
        loop {
            while j < b.len() && (space(b[j]) || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < b.len() && !space(b[j]) && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let attr = &html[name_start..j];
            while j < b.len() && space(b[j]) {
                j += 1;
            }
            if b.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while j < b.len() && space(b[j]) {
                j += 1;
            }
            let value = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = memchr::memchr(q, &b[j + 1..]).map_or(b.len(), |e| j + 1 + e);
                    let v = &html[j + 1..end];
                    j = (end + 1).min(b.len());
                    v
                }
                _ => {
                    let s = j;
                    while j < b.len() && !space(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                    &html[s..j]
                }
            };
            f(attr, value);
        }
        i = j;
        // What a script or a style holds is not markup.
        for raw in ["script", "style"] {
            if tag.eq_ignore_ascii_case(raw) {
                let close = format!("</{raw}");
                // Its end tag, in any case (`</SCRIPT>`).
                i = b[i..]
                    .windows(close.len())
                    .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                    .map_or(b.len(), |e| i + e);
            }
        }
    }
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
    fn only_attributes_of_tags_are_links() {
        // A write-up quoting markup shows it as text; a code span leaves its quotes as they are.
        let html = r#"<p>The page held <code>&lt;a href="login.html"&gt;</code> and &lt;img src="x.png"&gt;.</p><script type="application/ld+json">{"a":"<a href=\"in-script\">"}</script><a class=x href='/one/' data-x="a>b"><img alt="a > b" src=/two.png></a><A HREF="/three/">"#;
        assert_eq!(attribute_values(html, "href"), ["/one/", "/three/"]);
        assert_eq!(attribute_values(html, "src"), ["/two.png"]);
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
