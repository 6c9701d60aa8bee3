//! Diagnostics: one problem in one file, at a line and column, with a hint saying what to write.
//!
//! The library collects them and never prints; `main` renders them with [`render_human`].
//! The first line of each is `path:line:column: severity: message`, the form editors and
//! terminals turn into a link to the spot.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the tracker's root where possible.
    pub path: PathBuf,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// What to write instead, when there is something to say.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: line.max(1),
            column: column.max(1),
            severity: Severity::Error,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the offending line, taken from the whole file's text.
    pub fn with_source(mut self, file_text: &str) -> Self {
        self.source_line = file_text.lines().nth(self.line - 1).map(str::to_string);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `path:line:column` location.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", display_path(&self.path), self.line, self.column)
    }
}

/// A path as shown to people: with forward slashes on every system.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Sorts diagnostics by file, line and column, so output is the same from run to run.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message).cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
}

/// Renders diagnostics for a terminal:
///
/// ```text
/// content/incidents/x.md:4:1: error: unknown key `actor`
///   4 | actor: Salt Typhoon
///     | ^
///     = hint: did you mean `actors`?
/// ```
pub fn render_human(diags: &[Diagnostic], colour: bool) -> String {
    let (red, yellow, bold, blue, reset) = if colour {
        ("\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[34m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    let mut out = String::new();
    for d in diags {
        let sev_colour = if d.is_error() { red } else { yellow };
        let _ = writeln!(
            out,
            "{bold}{}{reset}: {sev_colour}{bold}{}{reset}: {bold}{}{reset}",
            d.location(),
            d.severity.as_str(),
            d.message
        );
        let gutter = d.line.to_string().len();
        if let Some(src) = &d.source_line {
            let (src, column) = window(src, d.column);
            let _ = writeln!(out, "{blue}{:>gutter$} |{reset} {}", d.line, src);
            let pad: String = src
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{blue}{:>gutter$} |{reset} {pad}{sev_colour}^{reset}", "");
        }
        if let Some(hint) = &d.hint {
            let indent = format!("\n{:>gutter$}         ", "");
            let _ = writeln!(
                out,
                "{blue}{:>gutter$} ={reset} hint: {}",
                "",
                hint.replace('\n', &indent)
            );
        }
    }
    out
}

/// The longest line shown under a problem, in characters: a longer one is cut around the
/// column, with `…` where it was cut, so the `^` stays under what it points at.
const SHOWN: usize = 160;

/// The part of `line` to show, and the column in it.
fn window(line: &str, column: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= SHOWN {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(SHOWN / 2).min(len - SHOWN + 1).max(1);
    let end = (start + SHOWN).min(len + 1);
    let mut shown: String = line.chars().skip(start - 1).take(end - start).collect();
    let mut column = column - start + 1;
    if start > 1 {
        shown.insert(0, '…');
        column += 1;
    }
    if end <= len {
        shown.push('…');
    }
    (shown, column)
}

/// One JSON object per line, per diagnostic: path, line, column, severity, message, hint.
pub fn render_json(diags: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        path: String,
        line: usize,
        column: usize,
        severity: Severity,
        message: &'a str,
        hint: Option<&'a str>,
    }
    let mut out = String::new();
    for d in diags {
        let j = Json {
            path: display_path(&d.path),
            line: d.line,
            column: d.column,
            severity: d.severity,
            message: &d.message,
            hint: d.hint.as_deref(),
        };
        out.push_str(&serde_json::to_string(&j).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// GitHub Actions workflow commands, which put each problem on its line in a pull request.
pub fn render_github(diags: &[Diagnostic]) -> String {
    // Data is escaped as the runner expects: %, CR and LF; properties also , and :.
    fn data(s: &str) -> String {
        s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in diags {
        let mut message = d.message.clone();
        if let Some(h) = &d.hint {
            message.push_str("\nhint: ");
            message.push_str(h);
        }
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},title=tally::{}",
            d.severity.as_str(),
            property(&display_path(&d.path)),
            d.line,
            d.column,
            data(&message)
        );
    }
    out
}

/// Counts errors and warnings, for the closing line of a report.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems found".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_its_column() {
        let line = format!("title: {}X{}", "a".repeat(300), "b".repeat(300));
        let (shown, column) = window(&line, 308);
        assert_eq!(shown.chars().count(), SHOWN + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().nth(column - 1), Some('X'));
        let (shown, column) = window(&line, 1);
        assert!(shown.starts_with("title: aaa") && shown.ends_with('…'));
        assert_eq!(column, 1);
        let (shown, column) = window(&line, 607);
        assert!(shown.starts_with('…') && shown.ends_with("bbb"), "{shown}");
        assert_eq!(shown.chars().nth(column - 1), Some('b'));
        assert_eq!(window("short", 3), ("short".to_string(), 3));
    }

    #[test]
    fn renders_location_line_caret_and_hint() {
        let d = Diagnostic::error("content/incidents/x.md", 4, 3, "unknown key `actor`")
            .with_hint("did you mean `actors`?")
            .with_source("---\ntitle: X\ndisclosed: 2024-01-01\n  actor: Salt Typhoon\n---\n");
        assert_eq!(
            render_human(&[d], false),
            "content/incidents/x.md:4:3: error: unknown key `actor`\n\
             4 |   actor: Salt Typhoon\n  \
               |   ^\n  \
               = hint: did you mean `actors`?\n"
        );
    }

    #[test]
    fn json_and_github_formats() {
        let d = Diagnostic::warning("content/a,b.md", 3, 7, "50% done").with_hint("line one\nline two");
        assert_eq!(
            render_json(std::slice::from_ref(&d)),
            "{\"path\":\"content/a,b.md\",\"line\":3,\"column\":7,\"severity\":\"warning\",\"message\":\"50% done\",\"hint\":\"line one\\nline two\"}\n"
        );
        assert_eq!(
            render_github(&[d]),
            "::warning file=content/a%2Cb.md,line=3,col=7,title=tally::50%25 done%0Ahint: line one%0Aline two\n"
        );
    }

    #[test]
    fn summary_counts_both_kinds() {
        let e = Diagnostic::error("a", 1, 1, "x");
        let w = Diagnostic::warning("a", 1, 1, "y");
        assert_eq!(summary(&[e.clone(), e.clone(), w]), "2 errors, 1 warning");
        assert_eq!(summary(&[e]), "1 error");
        assert_eq!(summary(&[]), "no problems found");
    }
}
