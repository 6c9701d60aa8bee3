//! The one module that talks to the YAML parser.
//!
//! Front matter is parsed into [`Node`], tally's own tree, so the rest of the crate never sees
//! `serde_yaml` and the parser can be swapped here alone. Because the parser's tree carries no
//! positions, [`Locator`] finds the line and column of a key or list item by reading the text's
//! indentation; validation uses it to point every message at the right line.

use std::fmt;

use crate::content::keys;

/// A parsed YAML value. Mappings keep their keys in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    /// A word for the kind of value, for messages ("a list", "a number" ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "empty",
            Node::Bool(_) => "true/false",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::List(_) => "a list",
            Node::Map(_) => "a set of keys",
        }
    }

    /// Scalars as text, the way a reader would write them (`2024` for the number 2024).
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Str(s) => Some(s.clone()),
            Node::Int(i) => Some(i.to_string()),
            Node::Float(f) => Some(f.to_string()),
            Node::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// A syntax error with its position inside the parsed text (1-based), said in plain words.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses one YAML document. An empty document is an empty mapping. `line_offset` is the
/// number of lines before the text in its file, so positions and messages speak of file lines.
pub fn parse(text: &str, line_offset: usize) -> Result<Node, SyntaxError> {
    if text.trim().is_empty() {
        return Ok(Node::Map(Vec::new()));
    }
    // An invisible character where YAML needs a space explains a failure, or a key that
    // holds one (`summary\u{a0}`); in values, where it is text, it is left alone.
    let invisible_here = || {
        invisible(text).map(|mut err| {
            err.line += line_offset;
            err
        })
    };
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            if let Some(err) = invisible_here() {
                return Err(err);
            }
            let at = e.location().map(|l| (l.line(), l.column()));
            let mut err = explain(text, &e.to_string(), at, line_offset);
            err.line += line_offset;
            return Err(err);
        }
    };
    if has_odd_key(&value) {
        if let Some(err) = invisible_here() {
            return Err(err);
        }
    }
    convert(value)
}

/// What a character is, said to a writer, when it looks like a space or like nothing but is
/// not a space to YAML; `None` for any other.
fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{a0}' => "a non-breaking space (U+00A0, often pasted from Word or a web page)",
        '\u{202f}' => "a narrow non-breaking space (U+202F, as French typography puts before `:`)",
        '\u{2007}' => "a figure space (U+2007)",
        '\u{200b}' => "a zero-width space (U+200B), which cannot be seen",
        '\u{200c}' | '\u{200d}' | '\u{2060}' => "an invisible joiner character",
        '\u{feff}' => "an invisible byte-order mark (U+FEFF)",
        '\u{2028}' | '\u{2029}' => "a Unicode line separator (U+2028), which cannot be seen",
        '\u{b}' => "an invisible line break (U+000B, Word's Shift+Enter)",
        '\u{c}' => "an invisible page break (U+000C)",
        c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => "an invisible control character",
        _ => return None,
    })
}

/// Whether a key anywhere in `value` holds a character that looks like a space or nothing.
fn has_odd_key(value: &serde_yaml::Value) -> bool {
    let odd = |c: char| invisible_name(c).is_some();
    match value {
        serde_yaml::Value::Mapping(m) => m
            .iter()
            .any(|(k, v)| k.as_str().is_some_and(|k| k.contains(odd)) || has_odd_key(v)),
        serde_yaml::Value::Sequence(items) => items.iter().any(has_odd_key),
        serde_yaml::Value::Tagged(t) => has_odd_key(&t.value),
        _ => false,
    }
}

/// `text` as a single-quoted YAML scalar, which reads back exactly as written: `'` is written
/// twice, nothing else is special. For hints that show a value to write.
pub fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// One scalar as YAML reads it (`0x1F` → 31, `true`, `1.0` → 1.0), or `None` when the text
/// is not a scalar on its own.
pub fn parse_scalar(text: &str) -> Option<Node> {
    match serde_yaml::from_str::<serde_yaml::Value>(text).ok()? {
        v @ (serde_yaml::Value::Bool(_) | serde_yaml::Value::Number(_)) => convert(v).ok(),
        _ => None,
    }
}

/// Where the value of the key or list item at `column` (1-based, in characters) of `line`
/// starts: after `key: ` or `- `; the key's own column when its value is on other lines.
/// `at` is the path that led there: its last step says which of the two it is.
pub fn value_column(line: &str, column: usize, at: &[Step]) -> usize {
    let rest: String = line.chars().skip(column - 1).collect();
    let skip = if matches!(at.last(), Some(Step::Key(_))) {
        match rest.find(':') {
            Some(i) => {
                let after = &rest[i + 1..];
                let value = after.trim_start();
                if value.is_empty() {
                    return column;
                }
                rest[..i + 1].chars().count() + (after.chars().count() - value.chars().count())
            }
            None => 0,
        }
    } else if let Some(after) = rest.strip_prefix('-') {
        1 + (after.chars().count() - after.trim_start().chars().count())
    } else {
        0
    };
    column + skip
}

/// The parser's (line, column) as a line and column of the text. The parser reads YAML 1.1,
/// which also ends lines at NEL, LS and PS (U+0085, U+2028, U+2029); the file's lines, the
/// ones shown under a problem, end only at newlines.
fn file_position(text: &str, (line, column): (usize, usize)) -> (usize, usize) {
    if !text.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        return (line, column);
    }
    let (mut yaml_line, mut yaml_column, mut file_line, mut file_column) = (1, 1, 1, 1);
    for c in text.chars() {
        if (yaml_line, yaml_column) >= (line, column) {
            break;
        }
        match c {
            '\n' => {
                (yaml_line, yaml_column) = (yaml_line + 1, 1);
                (file_line, file_column) = (file_line + 1, 1);
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => {
                (yaml_line, yaml_column) = (yaml_line + 1, 1);
                file_column += 1;
            }
            _ => {
                yaml_column += 1;
                file_column += 1;
            }
        }
    }
    (file_line, file_column)
}

/// "… at line 2 column 12" → (2, 12).
fn position_in(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.find("at line ")? + 8..];
    let mut words = rest.split(' ');
    let line = words.next()?.trim_end_matches(',').parse().ok()?;
    let column = match (words.next(), words.next()) {
        (Some("column"), Some(c)) => c.trim_end_matches(',').parse().unwrap_or(1),
        _ => 1,
    };
    Some((line, column))
}

/// Turns the parser's message into one a non-programmer can act on.
fn explain(text: &str, raw: &str, at: Option<(usize, usize)>, offset: usize) -> SyntaxError {
    let (problem, context) = match raw.split_once(", while ") {
        Some((p, c)) => (p, Some(c)),
        None => (raw, None),
    };
    let (line, column) = file_position(text, at.or_else(|| position_in(problem)).unwrap_or((1, 1)));
    let opened = context.and_then(position_in).map(|p| file_position(text, p));
    let file_line = |l: usize| l + offset;
    let make = |(line, column): (usize, usize), message: String, hint: &str| SyntaxError {
        line,
        column,
        message,
        hint: hint.to_string(),
    };
    // A value's quotation, or a `[`, read as YAML where the writer meant text: the error the
    // parser gives is about a later key or line, the cause is on this one.
    let upto = line.max(opened.map_or(0, |o| o.0));
    if !problem.contains("duplicate entry with key") {
        if let Some(err) = colon_without_space(text, upto) {
            return err;
        }
        if let Some(err) = misquoted(text, upto, offset) {
            return err;
        }
    }
    if problem.starts_with("deserializing from YAML containing more than one document") {
        // `  title: ...` then `disclosed: ...`: the first key indented, the others not.
        if let Some((i, l)) = text
            .lines()
            .enumerate()
            .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .filter(|(_, l)| l.starts_with([' ', '\t']))
        {
            return make(
                (i + 1, 1),
                "this line is indented, and the keys below it are not".into(),
                &format!(
                    "start every key of the front matter at the beginning of its line: `{}`",
                    l.trim()
                ),
            );
        }
    }
    // `\U` and `\x` start escapes of a number: `"C:\Users"` fails on the digits.
    if problem.starts_with("found unknown escape character")
        || problem.starts_with("did not find expected hexadecimal number")
    {
        // `summary: "C:\Users"`: in double quotes `\` starts an escape.
        let written = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        // The escape is the `\` at or before the column, and the letter after it.
        let at = written
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(written.len(), |(b, _)| b);
        let slash = written[..(at + 1).min(written.len())].rfind('\\').unwrap_or(at);
        let escape: String = written[slash..].chars().take(2).collect();
        let hint = written
            .trim_start()
            .trim_start_matches("- ")
            .split_once(": ")
            .and_then(|(key, value)| {
                let inner = value.trim().strip_prefix('"')?.strip_suffix('"')?;
                // What the writer meant: `\"` a quotation mark, `\\` one backslash.
                let meant = inner
                    .replace("\\\\", "\u{0}")
                    .replace("\\\"", "\"")
                    .replace('\u{0}', "\\");
                Some(format!(
                    "put the value in single quotes, where `\\` is an ordinary character: `{key}: {}`",
                    single_quoted(&meant)
                ))
            })
            .unwrap_or_else(|| {
                "put the value in single quotes instead of double quotes: there `\\` is an ordinary character".into()
            });
        return make(
            (line, column),
            format!("`{escape}` is read as an escape, as `\\` starts one inside double quotes (`\\n`, `\\\"`), and is not a valid one"),
            &hint,
        );
    }
    if problem.starts_with("did not find expected ',' or ']'") {
        if let Some((l, c)) = opened {
            return make(
                (l, c),
                format!("the list opened with `[` on line {} is not closed", file_line(l)),
                "end it with `]` on the same line, e.g. `companies: [T-Mobile, AT&T]`",
            );
        }
    }
    if problem.starts_with("did not find expected ',' or '}'") {
        if let Some((l, c)) = opened {
            return make(
                (l, c),
                format!("the `{{` opened on line {} is not closed", file_line(l)),
                "end it with `}` on the same line, e.g. `occurred: {from: 2022-11, to: 2023-01}`",
            );
        }
    }
    if context.is_some_and(|c| c.starts_with("scanning a quoted scalar")) {
        if let Some((l, c)) = opened {
            return make(
                (l, c),
                format!("the quotation mark opened on line {} is not closed", file_line(l)),
                "end the value with the same quotation mark it starts with",
            );
        }
    }
    if problem.starts_with("mapping values are not allowed") {
        // A line above without its `:` (`title Regional carrier hit`) runs into this one.
        let lines: Vec<&str> = text.lines().collect();
        let bare = (0..line.saturating_sub(1).min(lines.len())).find(|&i| {
            let l = lines[i].trim();
            !l.is_empty()
                && !l.starts_with('#')
                && !l.starts_with('-')
                && !l.contains(':')
                && lines[i].len() == lines[i].trim_start().len()
                && fixed_by(&lines, i, "", line)
        });
        if let Some(i) = bare {
            let l = lines[i].trim();
            let hint = match l.split_once(' ') {
                Some((word, rest)) if word.bytes().all(|b| b.is_ascii_alphabetic()) => {
                    format!("put a `:` after its key: `{word}: {}`", rest.trim())
                }
                _ => {
                    "write `key: value`; if it is the write-up, end the front matter above it with a line of only `---`"
                        .into()
                }
            };
            return make((i + 1, 1), "this line has no `:` after its key".into(), &hint);
        }
        // A value running on from the key's line (`summary: A gang said` / `  it stole files:
        // all`): the whole value, from the key's line, goes in quotes.
        if let Some(err) = continued_value(&lines, line, offset) {
            return err;
        }
        // The value as written, in single quotes: what it holds stays as it is.
        let hint = text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| {
                let rest = l.trim_start();
                let rest = rest.strip_prefix("- ").map_or(rest, str::trim_start);
                let colon = rest.find(": ")?;
                let (key, value) = (&rest[..colon], rest[colon + 2..].trim());
                Some(format!(
                    "put the whole value in single quotes, writing any `'` in it twice: `{key}: {}`",
                    single_quoted(value)
                ))
            })
            .unwrap_or_else(|| "put the whole value in single quotes, e.g. `title: 'Breach: what we know'`".into());
        return make(
            (line, column),
            "a value contains `: `, which YAML reads as a new key".into(),
            &hint,
        );
    }
    // Nested mappings prefix the message with their path (`sources[0]: duplicate ...`): the
    // same words and hint at every depth.
    if let Some(at) = problem.find("duplicate entry with key") {
        let key = problem[at..].split('"').nth(1).unwrap_or("");
        let second = second_key(text, key, (line, column))
            .or_else(|| {
                text.lines()
                    .enumerate()
                    .filter(|(_, l)| key_of(l.trim_start_matches([' ', '-'])) == Some(key))
                    .nth(1)
                    .map(|(i, l)| (i + 1, l.len() - l.trim_start().len() + 1))
            })
            .unwrap_or((line, column));
        // In an item of a list (`sources[0]: duplicate ...`), the second is more likely the
        // first key of a new item whose `- ` is missing.
        let hint = if problem[..at].contains('[') {
            "if it starts another item of the list, begin that line with `- ` lined up with the `- ` above; otherwise keep one of them"
        } else {
            "keep one of them"
        };
        return make(second, format!("the key `{key}` is written twice"), hint);
    }
    if problem.contains("tab character") || problem.contains("cannot start any token") {
        // The tab is on the reported line, or starts the line the parser stopped at.
        let tab = text.lines().nth(line.saturating_sub(1)).and_then(|l| {
            let lead = &l[..l.len() - l.trim_start().len()];
            lead.find('\t').map(|i| lead[..i].chars().count() + 1)
        });
        if let Some(tab_column) = tab {
            return make(
                (line, tab_column),
                "this line is indented with a tab, and YAML reads only spaces there".into(),
                "indent with spaces, not tabs (most editors can show tabs and turn them into spaces)",
            );
        }
    }
    if problem.starts_with("did not find expected key") || problem.starts_with("did not find expected '-'") {
        return make(
            (line, column),
            "this line is not lined up with the keys around it".into(),
            "start each key at the same column as the keys above it; list items start with `- ` under their key",
        );
    }
    if problem.starts_with("could not find expected ':'") {
        // The parser stops at the key after the line that has none: name the first such line.
        let lines: Vec<&str> = text.lines().collect();
        // The first whose removal takes the error away: text inside a `summary: |` is not it.
        let bare = (0..line.min(lines.len())).find(|&i| {
            let l = lines[i].trim();
            !l.is_empty()
                && !l.starts_with('#')
                && !l.starts_with('-')
                && key_of(l).is_none()
                && fixed_by(&lines, i, "", line)
        });
        let at = bare.map_or((line, column), |i| (i + 1, 1));
        // A blank line above it: more likely the write-up, the closing `---` forgotten.
        let after_blank = bare.is_some_and(|i| i > 0 && lines[..i].iter().any(|l| l.trim().is_empty()));
        let hint = if after_blank {
            "if this is the write-up, the front matter above it needs its closing line: add a line with only `---` after the last key; otherwise write `key: value`"
        } else {
            "if it continues the value of the line above, put the whole value on that line; if it is the write-up, end the front matter above it with a line of only `---`; otherwise write `key: value`"
        };
        return make(at, "this line has no `:` after its key".into(), hint);
    }
    if problem.contains("cannot start any token") {
        return make(
            (line, column),
            "this line has a character YAML cannot read here (often a tab)".into(),
            "indent with spaces, not tabs, and quote values that start with a symbol",
        );
    }
    // A number beyond what YAML's reader holds (`records: 99999999999999999999999`).
    if let Some(number) = problem
        .strip_prefix("invalid type: integer `")
        .or_else(|| problem.split_once(": invalid type: integer `").map(|(_, n)| n))
        .and_then(|rest| rest.split('`').next())
    {
        let at = text
            .lines()
            .position(|l| l.contains(number))
            .map(|i| {
                (
                    i + 1,
                    text.lines()
                        .nth(i)
                        .map_or(0, |l| l[..l.find(number).unwrap_or(0)].chars().count())
                        + 1,
                )
            })
            .unwrap_or((line, column));
        return make(
            at,
            format!("the number `{number}` is too large to be a count"),
            "check the number: a count has at most 18 digits; if it is not a count, put it in quotes",
        );
    }
    let cut = problem.find(" at line ").unwrap_or(problem.len());
    make((line, column), problem[..cut].to_string(), "check the indentation and that each line is `key: value`; quote values that contain `: ` or start with a symbol")
}

fn convert(value: serde_yaml::Value) -> Result<Node, SyntaxError> {
    use serde_yaml::Value as V;
    Ok(match value {
        V::Null => Node::Null,
        V::Bool(b) => Node::Bool(b),
        V::Number(n) => match n.as_i64() {
            Some(i) => Node::Int(i),
            None => Node::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        // Control characters come only from escapes like "\u0000": never wanted on a page.
        V::String(s) => Node::Str(crate::markdown::replace_controls(&s).into_owned()),
        V::Sequence(items) => Node::List(items.into_iter().map(convert).collect::<Result<_, _>>()?),
        V::Mapping(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    V::String(s) => s,
                    V::Number(n) => n.to_string(),
                    V::Bool(b) => b.to_string(),
                    other => {
                        let what = match other {
                            V::Null => "empty",
                            V::Sequence(_) => "a list",
                            V::Mapping(_) => "a set of keys",
                            _ => "a value in brackets",
                        };
                        return Err(SyntaxError {
                            line: 1,
                            column: 1,
                            message: format!("a key must be a plain word, not {what}"),
                            hint: "write `key: value`, the key a word such as `title`".into(),
                        });
                    }
                };
                entries.push((key, convert(v)?));
            }
            Node::Map(entries)
        }
        V::Tagged(tagged) => convert(tagged.value)?,
    })
}

/// A string as a double-quoted YAML scalar, safe whatever it contains.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Finds where keys and list items stand in block-style YAML text.
pub struct Locator<'a> {
    lines: Vec<LineInfo<'a>>,
}

#[derive(Debug)]
struct LineInfo<'a> {
    /// Columns of leading spaces.
    indent: usize,
    /// The line's content after the indentation.
    rest: &'a str,
}

/// A position found by the locator: 0-based line index in the text and 0-based column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub line: usize,
    pub column: usize,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let lines = text
            .lines()
            .map(|l| {
                let indent = l.len() - l.trim_start_matches(' ').len();
                LineInfo {
                    indent,
                    rest: &l[indent..],
                }
            })
            .collect();
        Locator { lines }
    }

    fn is_content(&self, i: usize) -> bool {
        let r = self.lines[i].rest.trim_end();
        !r.is_empty() && !r.starts_with('#')
    }

    /// The deepest position of `path` that can be found; the start of the text when none is.
    pub fn find(&self, path: &[Step]) -> Spot {
        let mut best = Spot { line: 0, column: 0 };
        // The block being searched: lines [start, end), items at columns >= min_indent.
        let mut start = 0;
        let mut end = self.lines.len();
        let mut min_indent = 0;
        for step in path {
            let found = match step {
                Step::Key(key) => self.find_key(key, start, end, min_indent),
                Step::Index(n) => self.find_item(*n, start, end, min_indent),
            };
            let Some((line, column, child_start)) = found else {
                break;
            };
            best = Spot { line, column };
            start = child_start;
            end = self.block_end(line, column, end, matches!(step, Step::Key(_)));
            min_indent = column;
        }
        best
    }

    /// The end of the block owned by the entry at (line, column): the next content line
    /// indented at or left of it (a key's list items may stand at its own column, as `- `).
    fn block_end(&self, line: usize, column: usize, end: usize, is_key: bool) -> usize {
        for i in line + 1..end {
            if !self.is_content(i) {
                continue;
            }
            let info = &self.lines[i];
            let same_level_ends = !is_key || !info.rest.starts_with("- ");
            if info.indent < column || (info.indent == column && same_level_ends) {
                return i;
            }
        }
        end
    }

    fn find_key(&self, key: &str, start: usize, end: usize, min_indent: usize) -> Option<(usize, usize, usize)> {
        // The first content line of the block fixes the indentation of its keys, which may
        // also follow a "- " on that line.
        let mut level = None;
        for i in start..end {
            if !self.is_content(i) {
                continue;
            }
            let info = &self.lines[i];
            let (col, rest) = strip_dash(info.indent, info.rest, i == start);
            if col < min_indent {
                break;
            }
            let level = *level.get_or_insert(col);
            if col == level && key_of(rest) == Some(key) {
                return Some((i, col, i + 1));
            }
            if col < level {
                break;
            }
        }
        None
    }

    fn find_item(&self, n: usize, start: usize, end: usize, min_indent: usize) -> Option<(usize, usize, usize)> {
        let mut level = None;
        let mut count = 0;
        for i in start..end {
            if !self.is_content(i) {
                continue;
            }
            let info = &self.lines[i];
            if info.indent < min_indent {
                break;
            }
            if info.rest.starts_with("- ") || info.rest.trim_end() == "-" {
                let level = *level.get_or_insert(info.indent);
                if info.indent == level {
                    if count == n {
                        // The item's own content starts on this line, after the dash.
                        return Some((i, info.indent, i));
                    }
                    count += 1;
                }
            }
        }
        None
    }
}

/// For the first line of a list item's block, looks past the "- " to the key it starts.
fn strip_dash(indent: usize, rest: &str, first: bool) -> (usize, &str) {
    if first {
        if let Some(after) = rest.strip_prefix("- ") {
            let extra = after.len() - after.trim_start().len();
            return (indent + 2 + extra, after.trim_start());
        }
    }
    (indent, rest)
}

/// The second `key:` of the mapping that starts at (line, column) (1-based, as the parser
/// reports a duplicate): the keys at that mapping's column, up to the end of its block.
fn second_key(text: &str, key: &str, (line, column): (usize, usize)) -> Option<(usize, usize)> {
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let rest = l.trim_start_matches(' ');
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        // The first line may hold the mapping after a list item's `- `.
        let (col, rest) = if i + 1 == line {
            let lead = l.len() - rest.len();
            match rest.strip_prefix("- ") {
                Some(after) => (lead + 2 + (after.len() - after.trim_start().len()), after.trim_start()),
                None => (lead, rest),
            }
        } else {
            (l.len() - rest.len(), rest)
        };
        if col < indent {
            break;
        }
        if col == indent && key_of(rest) == Some(key) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, col + 1));
            }
        }
    }
    None
}

/// The key a line starts with, if it is a `key:` line.
/// The first value, on the lines up to `upto`, whose quotation or `[` does not hold the whole
/// value as the writer meant: a quotation mark never closed on its line (`title: "Verizon says`),
/// or words left after the quotation or list closes (`title: "Salt Typhoon" hits Verizon`,
/// `title: [Update] Verizon breach`).
fn misquoted(text: &str, upto: usize, offset: usize) -> Option<SyntaxError> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate().take(upto) {
        let rest = l.trim_start();
        let item = rest.strip_prefix("- ").map(str::trim_start);
        let rest = item.unwrap_or(rest);
        if rest.starts_with('#') {
            continue;
        }
        // A key's value, or a list item's when it has no key: where it starts in the line (a
        // byte offset) and how to write it.
        let (start, lead) = match (key_of(rest), rest.find(':')) {
            (Some(key), Some(colon)) => (l.len() - rest.len() + colon + 1, format!("{key}: ")),
            _ if item.is_some() => (l.len() - rest.len(), "- ".to_string()),
            _ => continue,
        };
        let start = start + (l[start..].len() - l[start..].trim_start().len());
        let value = l[start..].trim_end();
        let Some(found) = misquoted_value(value, &lead, i + 1 + offset) else {
            continue;
        };
        // Only when writing that value plainly takes the error away (or further down) is it
        // the cause: a quotation mark in a write-up held in `summary: |`, or a value quoted
        // over two lines, is not.
        if !fixed_by(&lines, i, &format!("{}''", &l[..start]), upto) {
            continue;
        }
        let (message, hint) = found;
        return Some(SyntaxError {
            line: i + 1,
            // Counted in characters, as every column is.
            column: l[..start].chars().count() + 1,
            message,
            hint,
        });
    }
    None
}

/// What is wrong with a value as written, if it is one of the quoting mistakes
/// [`misquoted`] looks for: (message, hint). `lead` is what comes before it (`title: `, `- `),
/// `line` the file's line, for the message.
fn misquoted_value(value: &str, lead: &str, line: usize) -> Option<(String, String)> {
    // In single quotes, the value reads as written; a `'` in it is written twice.
    let example = format!("`{lead}{}`", single_quoted(value));
    if let Some(mark @ ('*' | '@' | '`' | '%' | '&' | '!')) = value.chars().next() {
        return Some((
            format!("the value starts with `{mark}`, which YAML keeps for its own use at the start of a value"),
            format!("put the whole value in single quotes: {example}"),
        ));
    }
    // `>5,000 customers` and `|` start a block of text on the lines below; `- ` a list.
    let block = |rest: &str| {
        !rest.trim().is_empty()
            && !rest.trim_start().starts_with('#')
            && !rest
                .trim()
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'+' || b == b'-')
    };
    match value.chars().next()? {
        mark @ ('>' | '|') if block(&value[1..]) => {
            return Some((
                format!("the value starts with `{mark}`, which YAML reads as the start of a block of text on the lines below"),
                format!("put the whole value in single quotes: {example}"),
            ));
        }
        '-' if value.starts_with("- ") && lead != "- " => {
            let key = lead.trim_end().trim_end_matches(':');
            let item = value[2..].trim();
            // For a list, the `- ` was meant: the item goes on its own line, or in brackets.
            let hint = if ["companies", "actors", "types", "data", "aliases"].contains(&key) {
                format!("write `{key}: [{item}]`, or `- {item}` on its own line under `{key}:`")
            } else {
                format!("put the whole value in single quotes: {example}")
            };
            return Some((
                "the value starts with `- `, which YAML reads as the start of a list".into(),
                hint,
            ));
        }
        _ => {}
    }
    let closed = match value.chars().next()? {
        '"' => closing_quote(value, '"'),
        '\'' => closing_quote(value, '\''),
        '[' => Some(value.find(']')? + 1),
        '{' => Some(value.find('}')? + 1),
        _ => return None,
    };
    let Some(end) = closed else {
        return Some((
            format!("the quotation mark opened on line {line} is not closed"),
            "end the value with the same quotation mark it starts with".into(),
        ));
    };
    let left = value[end..].trim_start();
    if left.is_empty() || left.starts_with('#') {
        return None;
    }
    if left.starts_with(',') && !value.starts_with('[') {
        return Some((
            "names separated by commas make a list only inside `[` and `]`".into(),
            format!("write `{lead}[{value}]`"),
        ));
    }
    let message = if value.starts_with('[') {
        "the value starts with `[`, which makes it a list ending at `]`, and the words after it are left over"
    } else if value.starts_with('{') {
        "the value starts with `{`, which makes it a set of keys ending at `}`, and the words after it are left over"
    } else {
        "the value starts with a quotation mark, so it ends where that quotation closes, and the words after it are left over"
    };
    // `"Says: "no" access"`: the outer marks were meant to quote it, the inner ones are text.
    // `'it's broken'` likewise: the apostrophe inside is written twice.
    let wrapped = |q: char| value.len() > 1 && value.starts_with(q) && value.ends_with(q);
    let inner = (wrapped('"') || wrapped('\'')).then(|| &value[1..value.len() - 1]);
    let example = match inner {
        Some(inner) => format!("`{lead}{}`", single_quoted(inner)),
        None => example,
    };
    Some((
        message.into(),
        format!("put the whole value in single quotes, writing any `'` in it twice: {example}"),
    ))
}

/// The `: ` on line `line` (1-based) inside a value that began on a key's line above it and
/// runs on over indented lines: the error and the whole value quoted, when that reads.
fn continued_value(lines: &[&str], line: usize, offset: usize) -> Option<SyntaxError> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let at = line.checked_sub(1)?;
    let here = lines.get(at)?;
    // The key's line: the nearest above with less indentation.
    let start = (0..at)
        .rev()
        .find(|&i| !lines[i].trim().is_empty() && indent(lines[i]) < indent(here))?;
    let first = lines[start];
    if let Some(err) = indented_key(lines, start, at, line) {
        return Some(err);
    }
    let rest = first.trim_start();
    let colon = rest.find(": ")?;
    let key = &rest[..colon];
    let head = rest[colon + 2..].trim();
    if key.is_empty() || key.contains(' ') || head.is_empty() || head.starts_with(['"', '\'', '|', '>', '[', '{']) {
        return None;
    }
    let words: Vec<&str> = std::iter::once(head)
        .chain(lines[start + 1..=at].iter().map(|l| l.trim()))
        .collect();
    let value = words.join(" ");
    let written = format!("{}{key}: {}", &first[..indent(first)], single_quoted(&value));
    // Only when the quoted value takes the error away.
    if !fixed_by_lines(lines, start..=at, &written, line) {
        return None;
    }
    Some(SyntaxError {
        line: start + 1,
        column: indent(first) + colon + 3,
        message: format!(
            "the value of `{key}` runs on to line {}, where its `: ` is read as a new key",
            line + offset
        ),
        hint: format!(
            "put the whole value on one line, in single quotes: `{}`",
            written.trim()
        ),
    })
}

/// A known key on lines `start + 1 ..= at`, indented further than the key's line `start` (` disclosed:`
/// under `title: ...`): YAML reads it as words of that value. Named when lining it up with
/// the key above takes the error away.
fn indented_key(lines: &[&str], start: usize, at: usize, line: usize) -> Option<SyntaxError> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let first = lines[start];
    let first_rest = first.trim_start();
    // The keys of a list item line up after its `- `.
    let (column, above) = match first_rest.strip_prefix("- ") {
        Some(item) => (indent(first) + 2, item),
        None => (indent(first), first_rest),
    };
    let above = above.split(':').next().unwrap_or("").trim();
    // The keys of the level the line would join.
    let of_level = if column == 0 { keys::is_top } else { keys::is_inner };
    (start + 1..=at).find_map(|i| {
        let rest = lines[i].trim_start();
        let key = rest
            .split_once(": ")
            .map(|(k, _)| k)
            .or_else(|| rest.strip_suffix(':'))?;
        if !of_level(key) || indent(lines[i]) <= column {
            return None;
        }
        let fixed = format!("{}{rest}", " ".repeat(column));
        fixed_by(lines, i, &fixed, line).then(|| SyntaxError {
            line: i + 1,
            column: indent(lines[i]) + 1,
            message: format!(
                "`{key}` is indented further than `{above}` above it, so YAML reads it as words of that value"
            ),
            hint: format!("start `{key}:` at the same column as `{above}:`"),
        })
    })
}

/// Where the front matter holds a character that looks like a space or nothing but is not
/// one (a non-breaking space pasted from Word, a zero-width space, Word's manual line break)
/// in a key, its indentation or right after its `:`, or a control character anywhere: YAML's
/// own message would blame another line, or the key's spelling. Values may hold them.
fn invisible(text: &str) -> Option<SyntaxError> {
    let odd = invisible_name;
    // Most files hold none of these: ASCII controls, or a UTF-8 sequence starting C2, E2 or EF.
    if !text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7F | 0xC2 | 0xE2 | 0xEF))
    {
        return None;
    }
    // The indentation of the key whose `|` or `>` block the lines are in: its text is a value.
    let mut block: Option<usize> = None;
    for (i, l) in text.split('\n').enumerate() {
        let l = l.strip_suffix('\r').unwrap_or(l);
        let indent = l.len() - l.trim_start_matches(' ').len();
        if let Some(key_indent) = block {
            if l.trim().is_empty()
                || l.trim_matches(|c: char| c == ' ' || odd(c).is_some()).is_empty()
                || indent > key_indent
            {
                // A block's text is a value, but the parser refuses ASCII controls even there.
                if let Some((b, c)) = l.char_indices().find(|&(_, c)| c < ' ' && c != '\t') {
                    return Some(SyntaxError {
                        line: i + 1,
                        column: l[..b].chars().count() + 1,
                        message: format!(
                            "{} in this line: YAML does not read it as a space",
                            odd(c).unwrap_or("an invisible control character")
                        ),
                        hint:
                            "delete it and type a plain space where one is needed (retyping the line by hand is surest)"
                                .into(),
                    });
                }
                continue;
            }
            block = None;
        }
        if l.split_once(": ")
            .is_some_and(|(_, v)| v.trim_start().starts_with(['|', '>']) && !v.contains(['"', '\'']))
        {
            block = Some(indent + usize::from(l.trim_start().starts_with("- ")) * 2);
        }
        // The structural part: indentation, `- `, the key and its `:`, and the spaces after it.
        let lead_end = l
            .find(|c: char| c != ' ' && c != '-' && odd(c).is_none())
            .unwrap_or(l.len());
        let key_end = l[lead_end..]
            .find(':')
            .filter(|&k| !l[lead_end..lead_end + k].contains(['"', '\'', '[', '{']))
            .map(|k| {
                let after = lead_end + k + 1;
                after
                    + l[after..]
                        .find(|c: char| c != ' ' && odd(c).is_none())
                        .unwrap_or(l.len() - after)
            })
            .unwrap_or(lead_end);
        // Only where the line is plainly a key or a list item: words of a long value may
        // hold a `:` after a non-breaking space.
        let key_word: String = l[lead_end..key_end]
            .chars()
            .filter(|&c| odd(c).is_none())
            .take_while(|&c| c != ':')
            .collect();
        let key_like = keys::is_top(key_word.trim()) || keys::is_inner(key_word.trim());
        let lead_counts = key_like || l[lead_end..].trim().is_empty() || l[..lead_end].contains('-');
        let end = if key_like {
            key_end
        } else if lead_counts {
            lead_end
        } else {
            0
        };
        let found = l[..end]
            .char_indices()
            .find_map(|(b, c)| odd(c).map(|what| (b, c, what)))
            .or_else(|| {
                // ASCII controls and line separators anywhere: the parser refuses the first,
                // and breaks the line at the second, where nothing can be seen.
                l.char_indices().find_map(|(b, c)| {
                    (c < ' ' && c != '\t' || matches!(c, '\u{7f}' | '\u{2028}' | '\u{2029}'))
                        .then(|| (b, c, odd(c).unwrap_or("an invisible character")))
                })
            });
        if let Some((b, c, what)) = found {
            let anywhere = b >= end;
            let place = if anywhere {
                "in this line"
            } else if b < lead_end {
                "at the start of this line"
            } else if l[..b].contains(':') {
                "after the `:`"
            } else if b < key_end {
                "in the key"
            } else {
                "in this line"
            };
            let hint = if c == ' ' {
                "delete it".to_string()
            } else if anywhere || b < lead_end || l[..b].contains(':') {
                "delete it and type a plain space where one is needed (retyping the line by hand is surest)".to_string()
            } else {
                let key: String = l[lead_end..key_end].chars().filter(|&c| odd(c).is_none()).collect();
                format!(
                    "delete it: write `{}`",
                    key.trim_end().trim_end_matches(':').trim_end().to_string() + ":"
                )
            };
            return Some(SyntaxError {
                line: i + 1,
                column: l[..b].chars().count() + 1,
                message: format!("{what} {place}: YAML does not read it as a space"),
                hint,
            });
        }
    }
    None
}

/// A key written without a space after its colon (`title:Regional carrier hit`): YAML reads
/// the line as text, and fails at a later line. Named when adding the space takes the error
/// away.
fn colon_without_space(text: &str, upto: usize) -> Option<SyntaxError> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate().take(upto) {
        let rest = l.trim_start();
        let rest = rest.strip_prefix("- ").map_or(rest, str::trim_start);
        let Some(colon) = rest.find(':') else { continue };
        let (key, after) = (&rest[..colon], &rest[colon + 1..]);
        let is_key = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !is_key || after.is_empty() || after.starts_with([' ', '\t']) || after.starts_with("//") {
            continue;
        }
        let at = l.len() - rest.len() + colon + 1;
        let fixed = format!("{} {}", &l[..at], &l[at..]);
        if !fixed_by(&lines, i, &fixed, upto) {
            continue;
        }
        return Some(SyntaxError {
            line: i + 1,
            column: l[..at].chars().count() + 1,
            message: format!("there is no space after the `:` of `{key}`, so YAML reads the whole line as text"),
            hint: format!("write `{}`", fixed.trim()),
        });
    }
    None
}

/// Whether the text, with line `i` (0-based) written as `instead`, reads as YAML, or fails only
/// after line `upto` (1-based) where it failed before.
fn fixed_by(lines: &[&str], i: usize, instead: &str, upto: usize) -> bool {
    fixed_by_lines(lines, i..=i, instead, upto)
}

/// [`fixed_by`] for lines `range`, written as one: `instead` on the first, the others left
/// empty (so the lines after them keep their numbers).
fn fixed_by_lines(lines: &[&str], range: std::ops::RangeInclusive<usize>, instead: &str, upto: usize) -> bool {
    let mut text = String::new();
    for (j, l) in lines.iter().enumerate() {
        if j == *range.start() {
            text.push_str(instead);
        } else if !range.contains(&j) {
            text.push_str(l);
        }
        text.push('\n');
    }
    match serde_yaml::from_str::<serde_yaml::Value>(&text) {
        Ok(_) => true,
        Err(e) => e.location().is_some_and(|at| at.line() > upto),
    }
}

/// Where the quoted value that `value` starts closes (just after its closing mark), if on this
/// line: `\"` stays inside a double-quoted value, `''` inside a single-quoted one.
fn closing_quote(value: &str, mark: char) -> Option<usize> {
    let mut chars = value.char_indices().skip(1).peekable();
    while let Some((j, c)) = chars.next() {
        if mark == '"' && c == '\\' {
            chars.next();
        } else if c == mark {
            if mark == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
            } else {
                return Some(j + c.len_utf8());
            }
        }
    }
    None
}

fn key_of(rest: &str) -> Option<&str> {
    let colon = rest.find(':')?;
    let after = &rest[colon + 1..];
    if !(after.is_empty() || after.starts_with(' ') || after.starts_with('\t')) {
        return None;
    }
    let key = rest[..colon].trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key);
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_after_a_next_line_character_name_the_file_line() {
        // The parser takes U+0085 for a line end; the file, and the line shown, do not.
        let text = "title: a\u{85}b\nsummary: 'open\n";
        let err = parse(text, 1).unwrap_err();
        assert_eq!(
            (err.line, err.column, err.message.as_str()),
            (3, 10, "the quotation mark opened on line 3 is not closed"),
            "the line of `summary` in the file: {err:?}"
        );
    }

    #[test]
    fn control_characters_in_strings_are_replaced() {
        let Node::Map(entries) = parse("title: \"a\\u0000b\\tc\"\n", 0).unwrap() else {
            panic!("not a map")
        };
        assert_eq!(entries[0].1, Node::Str("a\u{fffd}b\tc".into()));
    }

    #[test]
    fn parses_scalars_lists_and_maps_in_order() {
        assert_eq!(
            parse("x: [a\n", 4).unwrap_err().message,
            "the list opened with `[` on line 5 is not closed"
        );
        let node = parse("b: 1\na: [x, 2024-11-15]\nc:\n  d: true\n", 0).unwrap();
        assert_eq!(
            node,
            Node::Map(vec![
                ("b".into(), Node::Int(1)),
                (
                    "a".into(),
                    Node::List(vec![Node::Str("x".into()), Node::Str("2024-11-15".into())])
                ),
                ("c".into(), Node::Map(vec![("d".into(), Node::Bool(true))])),
            ])
        );
    }

    fn err(text: &str) -> (usize, usize, String) {
        let e = parse(text, 0).unwrap_err();
        (e.line, e.column, e.message)
    }

    #[test]
    fn syntax_errors_are_explained_where_they_start() {
        assert_eq!(
            err("title: ok\nsources: [a, b\n"),
            (2, 10, "the list opened with `[` on line 2 is not closed".into())
        );
        assert_eq!(
            err("title: a: b\n"),
            (1, 9, "a value contains `: `, which YAML reads as a new key".into())
        );
        assert_eq!(err("a: 1\nb: 2\na: 3\n"), (3, 1, "the key `a` is written twice".into()));
        // Inside a list item and deeper, the same words, at the second key of that mapping.
        let nested = "title: x\nurl: top\nsources:\n  - url: a\n    publisher: P\n    url: b\n";
        assert_eq!(err(nested), (6, 5, "the key `url` is written twice".into()));
        let deeper = "sources:\n  - url: a\n    extra:\n      a: 1\n      a: 2\n";
        assert_eq!(err(deeper), (5, 7, "the key `a` is written twice".into()));
        let tab = "this line is indented with a tab, and YAML reads only spaces there";
        assert_eq!(err("title: x\n\tdate: y\n"), (2, 1, tab.into()));
        assert_eq!(err("sources:\n  - url: a\n\tpublisher: P\n"), (3, 1, tab.into()));
        assert_eq!(err("sources:\n\t- url: a\n"), (2, 1, tab.into()));
        let hints: Vec<String> = ["a: 1\na: 2\n", "s:\n  - u: 1\n    u: 2\n"]
            .iter()
            .map(|t| parse(t, 0).unwrap_err().hint)
            .collect();
        assert_eq!(
            hints,
            [
                "keep one of them",
                "if it starts another item of the list, begin that line with `- ` lined up with the `- ` above; otherwise keep one of them"
            ]
        );
        assert_eq!(
            err("a: \"x\n"),
            (1, 4, "the quotation mark opened on line 1 is not closed".into())
        );
        assert_eq!(
            err("a:\n  - x\n - y\n"),
            (3, 2, "this line is not lined up with the keys around it".into())
        );
    }

    #[test]
    fn a_colon_without_its_space_or_a_key_without_its_colon_is_named_on_its_line() {
        let hint = |text: &str| {
            let e = parse(text, 0).unwrap_err();
            (e.line, e.column, e.message, e.hint)
        };
        assert_eq!(
            hint("title:Regional carrier hit\ndisclosed: 2025-02-10\n"),
            (
                1,
                7,
                "there is no space after the `:` of `title`, so YAML reads the whole line as text".into(),
                "write `title: Regional carrier hit`".into()
            )
        );
        assert_eq!(
            hint("title: T\nsources:\n  - url: https://x.org/a\n    publisher:The Record\n").3,
            "write `publisher: The Record`"
        );
        assert_eq!(
            hint("title Regional carrier\ndisclosed: 2025-02-10\n"),
            (
                1,
                1,
                "this line has no `:` after its key".into(),
                "put a `:` after its key: `title: Regional carrier`".into()
            )
        );
        // A value that runs on over a second line, with `: ` in it: the whole value is quoted.
        assert_eq!(
            hint("summary: A gang said\n  it stole files: all of them.\ntitle: T\n"),
            (
                1,
                10,
                "the value of `summary` runs on to line 2, where its `: ` is read as a new key".into(),
                "put the whole value on one line, in single quotes: `summary: 'A gang said it stole files: all of them.'`".into()
            )
        );
        // Values starting with what YAML reads as a block, a list or a set of keys.
        for (text, message) in [
            ("summary: >5,000 customers were hit.\n", "the value starts with `>`, which YAML reads as the start of a block of text on the lines below"),
            ("summary: - Windstream said so\n", "the value starts with `- `, which YAML reads as the start of a list"),
            ("title: {Update} Lumen breach\n", "the value starts with `{`, which makes it a set of keys ending at `}`, and the words after it are left over"),
        ] {
            assert_eq!(hint(text).2, message, "{text}");
        }
        // A list key's `- ` was meant as a list item.
        assert_eq!(
            hint("companies: - T-Mobile\n").3,
            "write `companies: [T-Mobile]`, or `- T-Mobile` on its own line under `companies:`"
        );
        // Written as YAML means them, they read.
        assert!(parse(
            "summary: >-\n  Folded text.\noccurred: {from: 2022, to: 2023}\nlist:\n  - a\n",
            0
        )
        .is_ok());
        // A quoted value with the same mark inside: the inner one is written twice, once.
        assert_eq!(
            hint("title: 'it's broken'\n").3,
            "put the whole value in single quotes, writing any `'` in it twice: `title: 'it''s broken'`"
        );
    }

    #[test]
    fn invisible_characters_and_keys_indented_too_far_are_named() {
        let err = |t: &str| {
            let e = parse(t, 1).unwrap_err();
            (e.line, e.column, e.message, e.hint)
        };
        assert_eq!(
            err("title: T\nsummary\u{a0}: x\n"),
            (
                3,
                8,
                "a non-breaking space (U+00A0, often pasted from Word or a web page) in the key: YAML does not read it as a space".into(),
                "delete it: write `summary:`".into()
            )
        );
        assert_eq!(
            err("title: T\ncompanies:\n\u{a0}\u{a0}- Lumen\n").2,
            "a non-breaking space (U+00A0, often pasted from Word or a web page) at the start of this line: YAML does not read it as a space"
        );
        assert_eq!(err("title: T\ndisclosed:\u{202f}2024-01-01\n").1, 11);
        assert_eq!(
            err("title: T-Mobile hit\u{b}again\n").2,
            "an invisible line break (U+000B, Word's Shift+Enter) in this line: YAML does not read it as a space"
        );
        // Valid YAML stays valid: a block's line that is only a non-breaking space (Word puts
        // one between paragraphs), a Word bullet, a value that starts with one, French
        // typography in a block.
        for fine in [
            "title: T\nsummary: |\n  First.\n  \u{a0}\n  Second.\n",
            "title: T\nsummary: |\n  Stolen:\n  -\u{a0}names\n",
            "title: T\nsummary: \u{a0}Leading\n",
            "title: T\nsummary: |\n  date\u{202f}: inconnue\n  note\u{202f}: voir\n",
        ] {
            assert!(parse(fine, 1).is_ok(), "{fine:?}: {:?}", parse(fine, 1));
        }
        // Nor is a block's text blamed for an error elsewhere.
        assert_eq!(
            err("summary: |\n  First.\n  \u{a0}\n  Second.\ntitle: [T\n").2,
            "the list opened with `[` on line 6 is not closed"
        );
        // In a value, where it is text, it is left alone.
        assert!(parse(
            "title: T\u{a0}Mobile\nsummary: |\n  Un r\u{e9}sum\u{e9}\u{202f}: suite\n",
            1
        )
        .is_ok());
        // A key indented under another key's value.
        assert_eq!(
            err("title: T-Mobile hit\n disclosed: 2024-03-05\ncompanies: [T-Mobile]\n"),
            (
                3,
                2,
                "`disclosed` is indented further than `title` above it, so YAML reads it as words of that value".into(),
                "start `disclosed:` at the same column as `title:`".into()
            )
        );
        assert_eq!(
            err("title: T\nsources:\n  - url: https://example.com/x\n      publisher: P\n").3,
            "start `publisher:` at the same column as `url:`"
        );
        // Words of a wrapped value that look like a key of another level are words.
        assert!(
            !err("summary: The ransom note gave a deadline and a\n  date: March 5, after which files leak.\n")
                .2
                .contains("indented further")
        );
        // A value that runs on, with `: ` in its words, is still quoted whole.
        assert_eq!(
            err("summary: A gang said\n  it stole files: all of them\n").3,
            "put the whole value on one line, in single quotes: `summary: 'A gang said it stole files: all of them'`"
        );
    }

    #[test]
    fn the_parsers_own_words_are_put_plainly() {
        let err = |t: &str| {
            let e = parse(t, 1).unwrap_err();
            (e.line, e.column, e.message, e.hint)
        };
        assert_eq!(
            err("  title: T-Mobile hit\ndisclosed: 2024-01-01\n"),
            (
                2,
                1,
                "this line is indented, and the keys below it are not".into(),
                "start every key of the front matter at the beginning of its line: `title: T-Mobile hit`".into()
            )
        );
        assert_eq!(
            err("title: T\nsummary: \"x \\q y\"\n"),
            (
                3,
                13,
                "`\\q` is read as an escape, as `\\` starts one inside double quotes (`\\n`, `\\\"`), and is not a valid one".into(),
                "put the value in single quotes, where `\\` is an ordinary character: `summary: 'x \\q y'`".into()
            )
        );
        // Followed, the hint shows what was meant: `\"` a quotation mark.
        assert_eq!(
            err("title: \"He said \\\"C:\\Users\\\" was hit\"\n").3,
            "put the value in single quotes, where `\\` is an ordinary character: `title: 'He said \"C:\\Users\" was hit'`"
        );
        // Word's line break inside a block is named too.
        assert_eq!(
            err("title: T\nsummary: |\n  Line one\u{b}\n  Line two\n").2,
            "an invisible line break (U+000B, Word's Shift+Enter) in this line: YAML does not read it as a space"
        );
    }

    #[test]
    fn a_line_without_a_key_is_named_not_the_key_after_it() {
        let err = |t: &str| {
            let e = parse(t, 1).unwrap_err();
            (e.line, e.column, e.message, e.hint)
        };
        // A headline wrapped onto a second line.
        assert_eq!(
            err("title: Verizon says\nhackers got in\ndisclosed: 2024-12-01\n"),
            (
                3,
                1,
                "this line has no `:` after its key".into(),
                "if it continues the value of the line above, put the whole value on that line; if it is the write-up, end the front matter above it with a line of only `---`; otherwise write `key: value`"
                    .into()
            )
        );
        // The closing `---` forgotten: the front matter runs on into the write-up.
        assert_eq!(
            err("title: X\ndisclosed: 2024-12-01\n\nVerizon was hit, it said.\n\nMore text.\n"),
            (
                5,
                1,
                "this line has no `:` after its key".into(),
                "if this is the write-up, the front matter above it needs its closing line: add a line with only `---` after the last key; otherwise write `key: value`".into()
            )
        );
    }

    #[test]
    fn a_value_quoted_only_in_part_is_named_on_its_own_line() {
        let err = |t: &str| {
            let e = parse(t, 1).unwrap_err();
            (e.line, e.column, e.message, e.hint)
        };
        let left = "the value starts with a quotation mark, so it ends where that quotation closes, and the words after it are left over";
        assert_eq!(
            err("title: \"Salt Typhoon\" hits Verizon\ndisclosed: 2024-12-01\n"),
            (
                2,
                8,
                left.into(),
                "put the whole value in single quotes, writing any `'` in it twice: `title: '\"Salt Typhoon\" hits Verizon'`".into()
            )
        );
        assert_eq!(err("title: x\nsummary: 'It's over' they said\n").2, left);
        assert_eq!(
            err("title: [Update] Verizon's breach\n"),
            (
                2,
                8,
                "the value starts with `[`, which makes it a list ending at `]`, and the words after it are left over".into(),
                "put the whole value in single quotes, writing any `'` in it twice: `title: '[Update] Verizon''s breach'`".into()
            )
        );
        // A quotation never closed, in a file whose later values are quoted: the parser stops
        // lines below, at the next quotation mark; the cause is line 2 of the file.
        let unclosed = "# The headline.\ntitle: \"Verizon says hackers got in\n# The day.\ndisclosed: 2024-12-01\ncompanies:\n  - \"Verizon\"\n";
        assert_eq!(
            err(unclosed),
            (
                3,
                8,
                "the quotation mark opened on line 3 is not closed".into(),
                "end the value with the same quotation mark it starts with".into()
            )
        );
        assert_eq!(
            err("title: *Exclusive* Verizon breach\n"),
            (
                2,
                8,
                "the value starts with `*`, which YAML keeps for its own use at the start of a value".into(),
                "put the whole value in single quotes: `title: '*Exclusive* Verizon breach'`".into()
            )
        );
        // A list item quoted in part, after non-ASCII text: the column counts characters.
        assert_eq!(
            err("companies:\n  - \"Société\" Générale\n"),
            (
                3,
                5,
                left.into(),
                "put the whole value in single quotes, writing any `'` in it twice: `- '\"Société\" Générale'`".into()
            )
        );
        assert_eq!(err("title: é \"x\" y\nsummary: \"a\" b   \n").1, 10);
        // Quoted whole, with quotation marks inside: single quotes around what is inside.
        assert_eq!(
            err("title: \"T-Mobile says: \"no evidence\" of access\"\n").3,
            "put the whole value in single quotes, writing any `'` in it twice: `title: 'T-Mobile says: \"no evidence\" of access'`"
        );
        // A `: ` in a plain value: the value itself, in single quotes.
        assert_eq!(
            err("title: T-Mobile says: \"no evidence\" of access\n").3,
            "put the whole value in single quotes, writing any `'` in it twice: `title: 'T-Mobile says: \"no evidence\" of access'`"
        );
        // A source whose `- ` went missing: its keys join the item above.
        let merged = "sources:\n  - id: a\n    url: https://a.example\n    id: b\n    url: https://b.example\n";
        assert_eq!(
            (err(merged).0, err(merged).2, err(merged).3),
            (
                5,
                "the key `id` is written twice".into(),
                "if it starts another item of the list, begin that line with `- ` lined up with the `- ` above; otherwise keep one of them".into()
            )
        );
        // Quoted names side by side, outside a list.
        assert_eq!(
            err("companies: \"Verizon\", \"AT&T\"\n"),
            (
                2,
                12,
                "names separated by commas make a list only inside `[` and `]`".into(),
                "write `companies: [\"Verizon\", \"AT&T\"]`".into()
            )
        );
        // A value quoted over two lines, and quotation marks in a write-up held in `summary: |`,
        // are fine: the error is elsewhere, and is named there.
        let later = "summary: \"Verizon said hackers\n  got in\"\nnote: |\n  The company said: \"no\" access.\n  Read more: [report](https://x.example)\ntitle: Breach: what we know\n";
        assert_eq!(
            err(later),
            (
                7,
                14,
                "a value contains `: `, which YAML reads as a new key".into(),
                "put the whole value in single quotes, writing any `'` in it twice: `title: 'Breach: what we know'`"
                    .into()
            )
        );
        let bare = "summary: >\n  Verizon said hackers got in.\ntitle: X\noops no colon\ndisclosed: 2024-01-01\n";
        assert_eq!(err(bare).0, 5, "{:?}", err(bare));
        // Quotations closed, escaped or doubled inside, lists and comments are left alone.
        for fine in [
            "title: \"Salt \\\"Typhoon\\\" hits\" # a comment\n",
            "title: 'It''s over'\n",
            "companies: [\"AT&T\", Verizon]\n",
            "# e.g.: \"quoted\ntitle: x\n",
            "companies: [\"AT&T [US]\", b]\n",
            "x: &a v\n",
        ] {
            assert!(parse(fine, 0).is_ok(), "{fine}");
            // With a mistake further down, that mistake is named, not these lines.
            let text = format!("{fine}summary: Breach: what we know\n");
            let lines = text.lines().count();
            let e = parse(&text, 0).unwrap_err();
            assert_eq!(
                (e.line, e.message.as_str()),
                (lines, "a value contains `: `, which YAML reads as a new key"),
                "{fine}"
            );
        }
    }

    #[test]
    fn quoted_strings_read_back_the_same() {
        for t in [
            "T-Mobile",
            "Breach: what we know",
            "say \"hi\"",
            "back\\slash",
            "two\nlines",
            "#hash",
            "- dash",
        ] {
            let node = parse(&format!("k: {}", quote(t)), 0).unwrap();
            assert_eq!(node, Node::Map(vec![("k".into(), Node::Str(t.into()))]), "{t}");
        }
    }

    #[test]
    fn locates_top_level_keys_and_nested_items() {
        let text = "title: T\nsources:\n  - url: a\n    publisher: P\n  - url: b\n    title: X\nupdates:\n- date: 2024-01-01\n  note: n\n";
        let loc = Locator::new(text);
        assert_eq!(loc.find(&[Step::Key("sources")]), Spot { line: 1, column: 0 });
        assert_eq!(
            loc.find(&[Step::Key("sources"), Step::Index(1)]),
            Spot { line: 4, column: 2 }
        );
        assert_eq!(
            loc.find(&[Step::Key("sources"), Step::Index(1), Step::Key("title")]),
            Spot { line: 5, column: 4 }
        );
        assert_eq!(
            loc.find(&[Step::Key("sources"), Step::Index(0), Step::Key("publisher")]),
            Spot { line: 3, column: 4 }
        );
        assert_eq!(
            loc.find(&[Step::Key("updates"), Step::Index(0), Step::Key("note")]),
            Spot { line: 8, column: 2 }
        );
        // Not found: the deepest known position.
        assert_eq!(
            loc.find(&[Step::Key("sources"), Step::Index(7)]),
            Spot { line: 1, column: 0 }
        );
    }
}
