//! The HTML check (`tally check --html`): writes a rendered site to a temporary folder and runs
//! the Nu HTML Checker (the validator behind validator.w3.org) over its pages, its CSS and its
//! SVG, so a tracker whose own templates override the theme can keep its pages valid.
//!
//! The checker is a Java program, found outside tally: `java -jar $TALLY_VNU_JAR` when that
//! variable is set, otherwise a `vnu` command on PATH (npm's `vnu-jar` installs one).

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::error::Error;
use crate::site::render::Page;

/// The environment variable naming vnu.jar.
pub const JAR_VAR: &str = "TALLY_VNU_JAR";

/// How to install Java, said in every message that needs it.
const INSTALL_JAVA: &str = "install Java 11 or later (Debian and Ubuntu: `apt-get install default-jre-headless`)";

/// How to run the checker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checker {
    /// `java -jar JAR`, from `TALLY_VNU_JAR`.
    Jar(PathBuf),
    /// A `vnu` command, looked for on PATH when it is run.
    Command,
}

impl Checker {
    /// The checker the environment names: `TALLY_VNU_JAR` (which must be a file), else `vnu`.
    pub fn from_env() -> Result<Checker, Error> {
        Checker::from_jar_var(std::env::var_os(JAR_VAR))
    }

    fn from_jar_var(var: Option<OsString>) -> Result<Checker, Error> {
        match var.filter(|v| !v.is_empty()) {
            None => Ok(Checker::Command),
            Some(jar) => {
                let jar = PathBuf::from(jar);
                if jar.is_file() {
                    Ok(Checker::Jar(jar))
                } else {
                    Err(Error::Usage(format!(
                        "{JAR_VAR} is `{}`, which is not a file: set it to the path of vnu.jar (after `npm install vnu-jar`, node_modules/vnu-jar/build/dist/vnu.jar)",
                        jar.display()
                    )))
                }
            }
        }
    }

    fn command(&self) -> Command {
        match self {
            Checker::Jar(jar) => {
                let mut c = Command::new("java");
                c.arg("-jar").arg(jar);
                c
            }
            Checker::Command => Command::new("vnu"),
        }
    }

    /// What the checker failed to start with says, with what to install.
    fn not_found(&self) -> Error {
        Error::Usage(match self {
            Checker::Jar(jar) => format!(
                "check --html runs the Nu HTML Checker ({JAR_VAR}={}) with Java, and there is no `java` command on PATH: {INSTALL_JAVA}",
                jar.display()
            ),
            Checker::Command => format!(
                "check --html needs the Nu HTML Checker, and {JAR_VAR} is not set and there is no `vnu` command on PATH: {INSTALL_JAVA}, then install the checker with `npm install --global vnu-jar` (which gives the `vnu` command), or download vnu.jar from https://github.com/validator/validator/releases and set {JAR_VAR} to its path"
            ),
        })
    }

    fn name(&self) -> String {
        match self {
            Checker::Jar(jar) => format!("java -jar {}", jar.display()),
            Checker::Command => "vnu".to_string(),
        }
    }
}

/// One error the checker found in a written file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    /// The file, relative to the output folder (`incidents/2024/index.html`).
    page: String,
    /// 1-based line and column in that file.
    line: usize,
    column: usize,
    message: String,
}

/// Checks a rendered site's HTML pages, CSS and SVG files with `checker`, and returns each
/// error as a diagnostic. `root` is the tracker's folder.
///
/// Where each error is named: a file copied from the tracker's own `static/` there, at the
/// checker's line; a page line that is, word for word, a line of one of the tracker's own
/// templates and of no other template in use, at that template line; any other at the file
/// as `tally build` writes it (`public/stats/index.html`), since a page line that came through
/// template tags cannot be traced back with certainty.
pub fn check(
    pages: &[Page],
    root: &Path,
    templates: &BTreeMap<String, String>,
    checker: &Checker,
) -> Result<Vec<Diagnostic>, Error> {
    let problems = check_pages(pages, root, checker)?;
    let texts: HashMap<&str, String> = pages
        .iter()
        .map(|p| (p.path.as_str(), String::from_utf8_lossy(&p.bytes).into_owned()))
        .collect();
    let mut diags: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| {
            let built = Path::new("public").join(&p.page);
            let text = texts.get(p.page.as_str()).map(String::as_str).unwrap_or("");
            let line_text = text.lines().nth(p.line - 1).unwrap_or("");
            let own_static = Path::new("static").join(&p.page);
            let (d, source) = if !p.page.is_empty() && root.join(&own_static).is_file() {
                let d = Diagnostic::error(own_static, p.line, p.column, p.message)
                    .with_hint("this file is the tracker's own, copied as it is");
                (d, text)
            } else if let Some((name, line)) = template_line(line_text, root, templates) {
                let d =
                    Diagnostic::error(Path::new("templates").join(name), line, p.column, p.message).with_hint(format!(
                        "it is line {} of {}, as `tally build` writes it",
                        p.line,
                        crate::diag::display_path(&built)
                    ));
                (d, templates[name].as_str())
            } else {
                let d = Diagnostic::error(built, p.line, p.column, p.message).with_hint(
                    "the file as `tally build` writes it: fix the template (or write-up) that produces this line",
                );
                (d, text)
            };
            // A long line (an inline chart, a minified file) would bury the report.
            if line_text.chars().count() <= 200 {
                d.with_source(source)
            } else {
                d
            }
        })
        .collect();
    crate::diag::sort(&mut diags);
    Ok(diags)
}

/// The tracker's own template, and the line in it, that `line` is a copy of; `None` unless
/// exactly one line of all the templates in use is that text.
fn template_line<'a>(line: &str, root: &Path, templates: &'a BTreeMap<String, String>) -> Option<(&'a str, usize)> {
    if line.trim().is_empty() {
        return None;
    }
    let mut found = templates.iter().flat_map(|(name, text)| {
        text.lines()
            .enumerate()
            .filter(move |(_, l)| *l == line)
            .map(move |(i, _)| (name.as_str(), i + 1))
    });
    let (name, at) = found.next()?;
    let own = root.join("templates").join(name).is_file();
    (own && found.next().is_none()).then_some((name, at))
}

/// Writes `pages` (a whole rendered site) to a temporary folder and runs the checker on it.
fn check_pages(pages: &[Page], root: &Path, checker: &Checker) -> Result<Vec<Problem>, Error> {
    let tmp = tempfile::Builder::new()
        .prefix("tally-html-")
        .tempdir()
        .map_err(|e| Error::io(crate::error::Op::CreateFolder, &std::env::temp_dir(), e))?;
    let site = tmp.path().join("site");
    // A folder of its own: no other build writes there, so the lock is never waited for.
    let lock = crate::site::write::lock(&site, crate::site::write::Wait::Refuse)?;
    crate::site::write::write(&lock, root, pages)?;
    // Two runs: with `--also-check-css`, the checker reports HTML errors a line early.
    let mut messages = run(
        checker,
        &["--skip-non-html", "--also-check-svg"],
        std::slice::from_ref(&site),
    )?;
    let css: Vec<PathBuf> = pages
        .iter()
        .filter(|p| p.path.ends_with(".css"))
        .map(|p| site.join(&p.path))
        .collect();
    if !css.is_empty() {
        messages.extend(run(checker, &["--css"], &css)?);
    }
    let site_abs = site.canonicalize().unwrap_or(site);
    Ok(messages
        .into_iter()
        .filter(|m| m.kind != "info")
        .map(|m| Problem {
            page: m.url.as_deref().map(|u| page_of(u, &site_abs)).unwrap_or_default(),
            line: m.first_line.or(m.last_line).unwrap_or(1).max(1),
            column: m.first_column.unwrap_or(1).max(1),
            message: m.message,
        })
        .collect())
}

/// Runs the checker on `files` (or folders) and returns what it reports.
fn run(checker: &Checker, mode: &[&str], files: &[PathBuf]) -> Result<Vec<Message>, Error> {
    let output = checker
        .command()
        .args(["--errors-only", "--format", "json"])
        .args(mode)
        .args(files)
        .output()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => checker.not_found(),
            _ => Error::Usage(format!("could not run the Nu HTML Checker (`{}`): {e}", checker.name())),
        })?;
    // The report is JSON on stderr; a wrapper's own notes may come first, on either stream.
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr
        .find("{\"")
        .and_then(|start| serde_json::from_str::<Report>(stderr[start..].trim_end()).ok())
        .map(|r| r.messages)
        .ok_or_else(|| {
            let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr);
            Error::Usage(format!(
                "the Nu HTML Checker (`{}`) did not give a report ({}): {}",
                checker.name(),
                output.status,
                said.trim()
            ))
        })
}

/// The checker's JSON report (`--format json`).
#[derive(Deserialize)]
struct Report {
    messages: Vec<Message>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    /// `error`, `non-document-error` or `info` (warnings, which `--errors-only` leaves out).
    #[serde(rename = "type")]
    kind: String,
    url: Option<String>,
    first_line: Option<usize>,
    last_line: Option<usize>,
    first_column: Option<usize>,
    message: String,
}

/// A `file:` URL from the report as a path relative to the written site, with forward slashes.
fn page_of(url: &str, site: &Path) -> String {
    let path = url::Url::parse(url).ok().and_then(|u| u.to_file_path().ok());
    match path {
        Some(p) => {
            let p = p.canonicalize().unwrap_or(p);
            let rel = p.strip_prefix(site).unwrap_or(&p);
            crate::diag::display_path(rel)
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jar_variable_must_name_a_file() {
        assert_eq!(Checker::from_jar_var(None).unwrap(), Checker::Command);
        assert_eq!(Checker::from_jar_var(Some("".into())).unwrap(), Checker::Command);
        let dir = tempfile::tempdir().unwrap();
        let jar = dir.path().join("vnu.jar");
        std::fs::write(&jar, b"").unwrap();
        assert_eq!(
            Checker::from_jar_var(Some(jar.clone().into())).unwrap(),
            Checker::Jar(jar)
        );
        let missing = dir.path().join("nope.jar");
        let e = Checker::from_jar_var(Some(missing.clone().into())).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "TALLY_VNU_JAR is `{}`, which is not a file: set it to the path of vnu.jar (after `npm install vnu-jar`, node_modules/vnu-jar/build/dist/vnu.jar)",
                missing.display()
            )
        );
    }

    #[test]
    fn only_a_line_found_once_in_the_tracker_s_own_templates_is_traced() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("templates")).unwrap();
        std::fs::write(root.path().join("templates/own.html"), "").unwrap();
        let templates: BTreeMap<String, String> = [
            ("own.html", "<main>\n<p>Once</p>\n<p>Twice</p>\n"),
            ("theme.html", "<p>Twice</p>\n<p>Theme</p>\n"),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
        assert_eq!(
            template_line("<p>Once</p>", root.path(), &templates),
            Some(("own.html", 2))
        );
        assert_eq!(
            template_line("<p>Twice</p>", root.path(), &templates),
            None,
            "ambiguous"
        );
        assert_eq!(
            template_line("<p>Theme</p>", root.path(), &templates),
            None,
            "not the tracker's"
        );
        assert_eq!(template_line("  <p>Once</p>", root.path(), &templates), None);
        assert_eq!(template_line("", root.path(), &templates), None);
    }

    #[test]
    fn report_urls_become_paths_in_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().canonicalize().unwrap();
        let page = site.join("incidents/a b/index.html");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, "").unwrap();
        let url = url::Url::from_file_path(&page).unwrap();
        assert!(url.as_str().contains("a%20b"), "{url}");
        assert_eq!(page_of(url.as_str(), &site), "incidents/a b/index.html");
        assert_eq!(page_of("not a url", &site), "not a url");
    }
}
