//! Markdown to HTML for write-ups and profiles. Pure.
//!
//! Raw HTML in a write-up is shown as text, not passed through, and links may only use web,
//! mail or relative addresses: whatever a contributor types, the page stays safe to publish.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TextMergeStream};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The text with control characters other than tab and line ends (NUL, escape, C1 controls)
/// replaced by U+FFFD, as CommonMark does for NUL: they are invisible, never meant, and make a
/// page invalid HTML.
pub fn replace_controls(text: &str) -> std::borrow::Cow<'_, str> {
    // Noncharacters too: U+FFFE and U+FFFF make an XML file (a feed, a badge) unreadable.
    let is_bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || ('\u{fdd0}'..='\u{fdef}').contains(&c)
            || (c as u32 & 0xfffe) == 0xfffe
    };
    if text.contains(is_bad) {
        text.chars()
            .map(|c| if is_bad(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Renders Markdown to HTML. `base_path` is prefixed to site-relative links (`/companies/x/`).
pub fn to_html(text: &str, base_path: &str) -> String {
    to_html_cited(text, base_path, &Sources::default())
}

/// A write-up's sources, for its citations: each source's id (in list order), and the page's
/// own address, so a citation links to `page#source-N` from the page and from a feed alike.
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    pub ids: Vec<Option<&'a str>>,
    pub page: String,
}

impl Sources<'_> {
    /// The number (from 1) of the source with this id.
    pub fn number(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|i| *i == Some(id)).map(|i| i + 1)
    }
}

/// A `[^label]` in a write-up that is not an ordinary footnote (the write-up defines no
/// `[^label]:`) and not inside code: a citation of the source whose id is `label`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub label: String,
    /// Byte offset of its `[` in the text.
    pub start: usize,
}

/// Every citation in `text`, in reading order.
pub fn citations(text: &str) -> Vec<Citation> {
    // Most write-ups cite nothing: no need to parse them.
    if !text.contains("[^") {
        return Vec::new();
    }
    let mut defined: HashSet<String> = HashSet::new();
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                defined.insert(label.to_string());
            }
            // Code shows `[^x]` as written; a link or an image cannot hold a citation's link.
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. })
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_) => code.push(range),
            _ => {}
        }
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("[^") {
        let start = at + i;
        at = start + 2;
        let label_len = text[at..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            .count();
        let end = at + label_len;
        if label_len == 0 || bytes.get(end) != Some(&b']') {
            continue;
        }
        // `[^x]:` at the start of a line defines a footnote; `\[^x]` is escaped.
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        let is_definition = bytes.get(end + 1) == Some(&b':') && text[line_start..start].trim().is_empty();
        let escaped = start > 0 && bytes[start - 1] == b'\\';
        let label = &text[at..end];
        if is_definition || escaped || defined.contains(label) || code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        out.push(Citation {
            label: label.to_string(),
            start,
        });
        at = end + 1;
    }
    out
}

/// A link or image address in a write-up, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    /// Byte offset in the text where the link (its `[` or `<`) starts.
    pub start: usize,
}

/// Every link and image address in `text`, in reading order.
pub fn links(text: &str) -> Vec<LinkRef> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => Some(LinkRef {
                dest: dest_url.to_string(),
                start: range.start,
            }),
            _ => None,
        })
        .collect()
}

/// The address a written link gets on the page (see [`to_html`]).
pub fn page_url(dest: &str, base_path: &str) -> String {
    safe_url(CowStr::Borrowed(dest), base_path).to_string()
}

/// Marks a citation in the text handed to the parser: private-use characters around the source
/// number, which Markdown leaves alone, turned into a link once the text is parsed.
const CITE_OPEN: char = '\u{E000}';
const CITE_CLOSE: char = '\u{E001}';

/// Renders a write-up whose `[^id]` citations link to its sources (see [`Sources`]).
pub fn to_html_cited(text: &str, base_path: &str, sources: &Sources) -> String {
    let mut text = replace_controls(text);
    // The citation marks are the writer's own characters nowhere else.
    if text.contains([CITE_OPEN, CITE_CLOSE]) {
        text = std::borrow::Cow::Owned(text.replace([CITE_OPEN, CITE_CLOSE], "\u{FFFD}"));
    }
    let text = text.as_ref();
    let cites = if sources.ids.iter().any(Option::is_some) {
        citations(text)
    } else {
        Vec::new()
    };
    let mut marked = String::new();
    let text = if cites.is_empty() {
        text
    } else {
        let mut last = 0;
        for c in &cites {
            marked.push_str(&text[last..c.start]);
            match sources.number(&c.label) {
                Some(n) => marked.push_str(&format!("{CITE_OPEN}{n}{CITE_CLOSE}")),
                None => marked.push_str(&text[c.start..c.start + c.label.len() + 3]),
            }
            last = c.start + c.label.len() + 3;
        }
        marked.push_str(&text[last..]);
        &marked
    };
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let parser = safe_events(Parser::new_ext(text, options()), base_path);
    let parser = TextMergeStream::new(parser).flat_map(|event| match event {
        Event::Text(t) if !cites.is_empty() && t.contains(CITE_OPEN) => cite_links(&t, sources, &mut seen),
        other => vec![other],
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// Splits text holding citation marks into text and superscript links.
fn cite_links<'a>(text: &str, sources: &Sources, seen: &mut HashMap<usize, usize>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut first = true;
    while let Some(open) = rest.find(CITE_OPEN) {
        let after = &rest[open + CITE_OPEN.len_utf8()..];
        let Some(close) = after.find(CITE_CLOSE) else { break };
        let Ok(n) = after[..close].parse::<usize>() else { break };
        if open > 0 {
            out.push(Event::Text(CowStr::from(rest[..open].to_string())));
        }
        // Two citations side by side read "1,2"; one after words stands alone.
        let comma = if open == 0 && !first { "," } else { "" };
        first = false;
        let k = seen.entry(n).or_default();
        *k += 1;
        out.push(Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"cite\" id=\"cite-{n}-{k}\">{comma}<a href=\"{}#source-{n}\">{n}</a></sup>",
            escape_html(&sources.page)
        ))));
        rest = &after[close + CITE_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(CowStr::from(rest.to_string())));
    }
    out
}

/// Raw HTML becomes text; link and image addresses are made safe.
fn safe_events<'a>(events: impl Iterator<Item = Event<'a>>, base_path: &str) -> impl Iterator<Item = Event<'a>> {
    let base_path = base_path.to_string();
    events.map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url, &base_path),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url, &base_path),
            title,
            id,
        }),
        other => other,
    })
}

/// Keeps http(s), mailto, fragment and relative links; site-absolute ones get the base path;
/// anything else (`javascript:`, `data:` ...) becomes an inert `#`.
fn safe_url<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
        return url;
    }
    if url.starts_with("//") {
        return url;
    }
    if url.starts_with('/') {
        return CowStr::from(format!("{base_path}{url}"));
    }
    match lower.find(':') {
        // A scheme comes before any '/', '?' or '#'.
        Some(colon) if !lower[..colon].contains(['/', '?', '#']) => CowStr::Borrowed("#"),
        _ => url,
    }
}

/// Text made safe to place in HTML or XML, as element content or a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A line of plain text (a title, a summary) with the typographic quotes, apostrophes and
/// dashes the write-ups get: `"no impact"` → “no impact”, `T-Mobile's` → T-Mobile’s. Nothing
/// else is read as Markdown: every other ASCII sign is escaped before the parser sees it.
pub fn smart_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.trim().chars() {
        if c.is_ascii_punctuation() && !matches!(c, '\'' | '"' | '-') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    // A line that is only dashes would be a rule, and "- x" a list: the dashes stay as written.
    let escaped = match escaped.starts_with('-') {
        true => format!("\\{escaped}"),
        false => escaped,
    };
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(&escaped, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_get_typographic_quotes_and_nothing_else() {
        assert_eq!(
            smart_text("T-Mobile's \"no impact\" -- says 'Bob'"),
            "T-Mobile’s “no impact” – says ‘Bob’"
        );
        assert_eq!(
            smart_text("Second <script>alert(1)</script> *incident* [x](y) LAPSUS$ #1 `a`"),
            "Second <script>alert(1)</script> *incident* [x](y) LAPSUS$ #1 `a`"
        );
        assert_eq!(smart_text("1. Not a list"), "1. Not a list");
        assert_eq!(smart_text("- not a list"), "- not a list");
        assert_eq!(smart_text("a --- b"), "a — b");
        assert_eq!(smart_text("    indented"), "indented");
        assert_eq!(smart_text("a \\ b"), "a \\ b");
    }

    #[test]
    fn control_characters_never_reach_the_page() {
        let html = to_html("```\0js\n\0\u{1b}\n```\n\ntext\0\u{85}", "");
        assert!(!html.contains(|c: char| c.is_control() && c != '\n'), "{html:?}");
        assert!(
            html.contains("<code class=\"language-\u{fffd}js\">\u{fffd}\u{fffd}\n</code>"),
            "{html:?}"
        );
        // Noncharacters, which XML files may not hold, go the same way; U+FFFD stays.
        assert_eq!(
            replace_controls("A \u{ffff} B \u{fffe} \u{fdd0} \u{1fffe} \u{fffd}"),
            "A \u{fffd} B \u{fffd} \u{fffd} \u{fffd} \u{fffd}"
        );
    }

    #[test]
    fn citations_in_links_images_and_code_are_left_as_written() {
        let text = "A [link [^a]](https://x/[^a]) and ![alt [^a]](i.png), `[^a]`, then [^a].";
        let cites = citations(text);
        assert_eq!(cites.len(), 1);
        assert_eq!(&text[cites[0].start..], "[^a].");
        let sources = Sources {
            ids: vec![Some("a")],
            page: "/incidents/x/".into(),
        };
        let html = to_html_cited(&format!("{text} \u{E000}1\u{E001}"), "", &sources);
        assert!(html.contains("<a href=\"https://x/%5B^a%5D\">link [^a]</a>"), "{html}");
        assert!(html.contains("alt=\"alt [^a]\""), "{html}");
        assert_eq!(html.matches("<sup class=\"cite\"").count(), 1, "{html}");
        assert!(html.contains("\u{FFFD}1\u{FFFD}"), "{html}");
    }

    #[test]
    fn citations_side_by_side_are_separated_by_a_comma_and_others_not() {
        let sources = Sources {
            ids: vec![Some("a"), Some("b")],
            page: "/i/".into(),
        };
        let html = to_html_cited("One.[^a][^b] Two.[^b] Three, [^a]", "", &sources);
        assert_eq!(
            html,
            "<p>One.<sup class=\"cite\" id=\"cite-1-1\"><a href=\"/i/#source-1\">1</a></sup><sup class=\"cite\" id=\"cite-2-1\">,<a href=\"/i/#source-2\">2</a></sup> Two.<sup class=\"cite\" id=\"cite-2-2\"><a href=\"/i/#source-2\">2</a></sup> Three, <sup class=\"cite\" id=\"cite-1-2\"><a href=\"/i/#source-1\">1</a></sup></p>\n"
        );
    }

    #[test]
    fn renders_basic_markdown() {
        assert_eq!(to_html("Some *text*.", ""), "<p>Some <em>text</em>.</p>\n");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(
            to_html("a <script>alert(1)</script> b", ""),
            "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>\n"
        );
    }

    #[test]
    fn dangerous_links_are_neutralised_and_site_links_get_the_base() {
        assert_eq!(to_html("[x](javascript:alert(1))", ""), "<p><a href=\"#\">x</a></p>\n");
        assert_eq!(
            to_html("[x](/companies/lumen/)", "/tracker"),
            "<p><a href=\"/tracker/companies/lumen/\">x</a></p>\n"
        );
        assert_eq!(
            to_html("[x](https://example.com/a?b=c)", "/t"),
            "<p><a href=\"https://example.com/a?b=c\">x</a></p>\n"
        );
        assert_eq!(to_html("[x](../a:b)", ""), "<p><a href=\"../a:b\">x</a></p>\n");
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(
            escape_html("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
