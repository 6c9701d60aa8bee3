//! Markdown to HTML for write-ups and profiles. Pure.
//!
//! Raw HTML in a write-up is shown as text, not passed through, and links may only use web,
//! mail or relative addresses: whatever a contributor types, the page stays safe to publish.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TextMergeStream};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The text with control characters other than tab and line ends (NUL, escape, C1 controls)
/// replaced by U+FFFD, as CommonMark does for NUL: they are invisible, never meant, and make a
/// page invalid HTML. A vertical tab (Word's manual line break) or a form feed (a page break)
/// becomes a space, as its writer saw it.
pub fn replace_controls(text: &str) -> std::borrow::Cow<'_, str> {
    // Noncharacters too: U+FFFE and U+FFFF make an XML file (a feed, a badge) unreadable.
    let is_bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || ('\u{fdd0}'..='\u{fdef}').contains(&c)
            || (c as u32 & 0xfffe) == 0xfffe
    };
    if text.contains(is_bad) {
        text.chars()
            .map(|c| match c {
                '\u{b}' | '\u{c}' => ' ',
                c if is_bad(c) => '\u{fffd}',
                c => c,
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// An opening quotation mark right after a digit and before a space, a punctuation mark or
/// the end is an inch mark that smart punctuation took for a quote (`12"` → `12“`): it
/// becomes ″. Run on text the parser has made typographic, so link addresses, code and HTML
/// are never seen.
fn inch_marks(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\u{201c}') {
        return text.into();
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let after_digit = i > 0 && chars[i - 1].is_ascii_digit();
            let ends = chars.get(i + 1).is_none_or(|n| !n.is_alphanumeric());
            if c == '\u{201c}' && after_digit && ends {
                '\u{2033}'
            } else {
                c
            }
        })
        .collect::<String>()
        .into()
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

/// Something in a write-up that the page would not show as its writer meant: HTML tags (shown
/// as text), a link that leads nowhere (`htps://`, `C:\\...`, `www.example.com` read as a page of
/// the site), a link that Markdown did not make (a space in its address), or a citation with a
/// space inside its brackets (`[^ bbc]`, shown as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// Byte offset in the text.
    pub start: usize,
    pub message: String,
    pub hint: String,
}

/// The [`Mistake`]s in `text`, in reading order: every link that leads nowhere (ten at most),
/// and the first of each other kind.
pub fn mistakes(text: &str) -> Vec<Mistake> {
    // Most write-ups hold none of what could go wrong: no need to parse them.
    let may_html = text.contains('<');
    let may_cite = text.contains("[^");
    // A reference definition (`[sec]: www.sec.gov/x`) holds an address too.
    let may_define = text
        .lines()
        .any(|l| l.trim_start().starts_with('[') && l.contains("]:"));
    let may_link = may_define
        || text.match_indices("](").any(|(at, _)| {
            let rest = &text[at + 2..];
            let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
            let web = lower.starts_with("https://") || lower.starts_with("http://");
            let plain = lower.starts_with('/') || lower.starts_with('#') || lower.starts_with("mailto:");
            // A space or a line end before the closing `)` (the link fails), or an address that is
            // neither on the web nor on the site.
            let dest = &rest[..rest.find(')').unwrap_or(rest.len())];
            !(web || plain) || dest.contains([' ', '\n'])
        });
    if !(may_html || may_cite || may_link) {
        return Vec::new();
    }
    let mut out: Vec<Mistake> = Vec::new();
    let mut html: Option<(usize, String)> = None;
    let mut html_count = 0;
    let mut links: Vec<Mistake> = Vec::new();
    // What links and images span: a `](` inside one is part of it.
    let mut links_at: Vec<std::ops::Range<usize>> = Vec::new();
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                code.push(range.clone());
                // Tags of HTML's own elements, and comments: `<redacted>` or `<CVE-2024-1234>`
                // is shown as written, which is what its writer meant.
                let tags: Vec<usize> = raw
                    .match_indices('<')
                    .map(|(i, _)| i)
                    .filter(|&i| is_html_tag(&raw[i + 1..]))
                    .collect();
                if tags.is_empty() {
                    continue;
                }
                html_count += tags.len();
                if html.is_none() {
                    let first = &raw[tags[0]..];
                    let name: String = first
                        .chars()
                        .skip(1)
                        .take_while(|c| !c.is_whitespace() && *c != '>')
                        .take(20)
                        .collect();
                    let shown = if name.starts_with("!--") {
                        "<!-- -->".to_string()
                    } else {
                        format!("<{name}>")
                    };
                    html = Some((range.start + tags[0], shown));
                }
            }
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => code.push(range),
            // An e-mail autolink (`<a@example.com>`) gets its `mailto:` from the writer.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {
                links_at.push(range);
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links_at.push(range.clone());
                if links.len() < 10 {
                    links.extend(nowhere(&dest_url).map(|(message, hint)| Mistake {
                        start: range.start,
                        message,
                        hint,
                    }));
                }
            }
            _ => {}
        }
    }
    if let Some((start, tag)) = html {
        let more = match html_count {
            1 => String::new(),
            n => format!(" ({n} tags in this write-up)"),
        };
        out.push(if tag == "<!-- -->" {
            Mistake {
                start,
                message: format!("an HTML comment is shown to readers as text{more}"),
                hint: "delete it: a note for editors goes outside the entry (in the pull request, say)".into(),
            }
        } else {
            Mistake {
                start,
                message: format!("`{tag}` is HTML, which the page shows as text: readers would see the tags{more}"),
                hint: "write Markdown instead: **bold**, *italic*, [words](https://address) for a link, a blank line between paragraphs; or delete the tags (a tag shown on purpose goes in backticks: `<iframe>`)".into(),
            }
        });
    }
    out.extend(links);
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    // `[text](https://a b)`: not a link, shown as written.
    if let Some(at) = text.match_indices("](").map(|(at, _)| at).find(|&at| {
        let rest = &text[at + 2..];
        let dest = &rest[..rest.find(')').unwrap_or(rest.len())];
        let open = text[..at].rfind('[');
        dest.contains(' ')
            && !dest.starts_with('<')
            && !dest.contains('"')
            && !links_at.iter().any(|r| r.contains(&at))
            && open.is_some_and(|o| !text[o..at].contains('\n') && !in_code(o))
    }) {
        let rest = &text[at + 2..];
        let dest = &rest[..rest.find(')').unwrap_or(rest.len())];
        out.push(Mistake {
            start: at + 2,
            message: format!(
                "`{dest}` is not made a link: an address cannot hold spaces, so the page shows the brackets as written"
            ),
            hint: format!("write the address without spaces (`%20` for each), or in angle brackets: `(<{dest}>)`"),
        });
    }
    // `[^ bbc]`, `[^bbc ]`: shown as written.
    if let Some((at, label)) = text.match_indices("[^").find_map(|(at, _)| {
        let rest = &text[at + 2..];
        let inside = &rest[..rest.find(']')?];
        let label = inside.trim();
        let spaced = inside != label;
        let label_like = !label.is_empty()
            && label.len() <= 40
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        (spaced && label_like && !in_code(at)).then(|| (at, label.to_string()))
    }) {
        let written = &text[at..at + text[at..].find(']').map_or(2, |e| e + 1)];
        out.push(Mistake {
            start: at,
            message: format!("`{written}` is not a citation: a space inside the brackets makes it plain text"),
            hint: format!("write `[^{label}]`"),
        });
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Whether text after a `<` starts a tag of one of HTML's own elements (`b>`, `/p>`,
/// `span style=...`) or a comment (`!--`).
fn is_html_tag(after: &str) -> bool {
    const ELEMENTS: &[&str] = &[
        "a",
        "abbr",
        "b",
        "big",
        "blockquote",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "iframe",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "o:p",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "script",
        "section",
        "small",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "video",
        "wbr",
    ];
    if after.starts_with("!--") {
        return true;
    }
    let name: String = after
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
        .collect::<String>()
        .to_ascii_lowercase();
    let ends =
        after.trim_start_matches('/')[name.len()..].starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace());
    ends && ELEMENTS.contains(&name.as_str())
}

/// Why a link's address leads nowhere on the page, with what to write: `None` for a web, mail,
/// site or relative address.
pub(crate) fn nowhere(dest: &str) -> Option<(String, String)> {
    let trimmed = dest.trim();
    // Addresses the page keeps as they are: web, mail, protocol-relative.
    let lower = trimmed.to_ascii_lowercase();
    if ["http://", "https://", "mailto:", "//"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return None;
    }
    if safe_url(CowStr::Borrowed(trimmed), "") == CowStr::Borrowed("#") && trimmed != "#" {
        let lower = trimmed.to_ascii_lowercase();
        let hint = if lower.starts_with("file:") || trimmed.contains('\\') || trimmed.get(1..3) == Some(":/") {
            "a file on your computer cannot be linked: put it in the tracker's `static/files/` folder and link it as `/files/NAME`".to_string()
        } else if let Some(rest) = [
            "htps://",
            "htp://",
            "http//",
            "https//",
            "http:/",
            "https:/",
            "htttps://",
            "hhttps://",
        ]
        .iter()
        .find_map(|typo| lower.strip_prefix(typo).map(|_| &trimmed[typo.len()..]))
        {
            format!("write `https://{}`", rest.trim_start_matches('/'))
        } else {
            "link to a web page, starting with https://".to_string()
        };
        return Some((
            format!("the link `{trimmed}` is not a web address: the page links nowhere (`#`)"),
            hint,
        ));
    }
    // `security@acme.com`: an e-mail address, which needs its `mailto:`.
    if trimmed.contains('@') && !trimmed.contains(['/', ':']) {
        return Some((
            format!("the link `{trimmed}` is read as a page of this site, not as an e-mail address"),
            format!("write `mailto:{trimmed}`"),
        ));
    }
    // `www.sec.gov/filing` is read as a page of this site.
    let first = trimmed.split(['/', '?', '#']).next().unwrap_or("");
    let tld = first.rsplit('.').next().unwrap_or("");
    let domain_like = first.contains('.')
        && !first.contains('@')
        && !trimmed.contains("://")
        && !trimmed.starts_with(['/', '.', '#'])
        && (first.starts_with("www.")
            || matches!(
                tld,
                "com"
                    | "org"
                    | "net"
                    | "gov"
                    | "edu"
                    | "io"
                    | "co"
                    | "uk"
                    | "fr"
                    | "de"
                    | "eu"
                    | "int"
                    | "mil"
                    | "news"
                    | "info"
            ));
    domain_like.then(|| {
        (
            format!("the link `{trimmed}` is read as a page of this site, not as a web address"),
            format!("write `https://{trimmed}`"),
        )
    })
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
    let parser = TextMergeStream::new(parser)
        .map(|event| match event {
            Event::Text(t) if t.contains('\u{201c}') => Event::Text(CowStr::from(inch_marks(&t).into_owned())),
            other => other,
        })
        .flat_map(|event| match event {
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
            // A summary of two paragraphs reads as one line, with a space between them.
            Event::End(pulldown_cmark::TagEnd::Paragraph) if !out.is_empty() && !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    // The quotes come as text of their own: the marks are read in the whole.
    inch_marks(out.trim_end()).into_owned()
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
        // A summary of two paragraphs keeps a space between them.
        assert_eq!(
            smart_text("Line one\nline two.\n\nPara two.\n"),
            "Line one line two. Para two."
        );
        // An inch mark is not an opening quote; a quotation that ends after a digit is one.
        assert_eq!(
            smart_text("A 12\" disk, a 5'10\" man"),
            "A 12\u{2033} disk, a 5’10\u{2033} man"
        );
        assert_eq!(
            smart_text("\"Windows 10\" and the '90s, Q3'24"),
            "“Windows 10” and the ’90s, Q3’24"
        );
        let html = to_html(
            "A 12\" disk, `a 12\" b`, \"Windows 10\", [a](https://example.com/v1'2/12\"x).\n\n```\n12\"\n```\n",
            "",
        );
        assert!(
            html.contains("A 12\u{2033} disk, <code>a 12\" b</code>, “Windows 10”, <a href=\"https://example.com/v1&#x27;2/12%22x\">a</a>.")
                && html.contains("<code>12\"\n</code>"),
            "{html}"
        );
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
        // Word's manual line break and a page break read as the space they look like.
        assert_eq!(replace_controls("Text.\u{b}More\u{c}."), "Text. More .");
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

    #[test]
    fn mistakes_leave_what_shows_as_meant_alone() {
        for fine in [
            "Plain text, a [link](https://example.com/a) and one [on the site](/companies/lumen/).",
            "An autolink <https://example.com/x>, a mail <a@example.com>, a [titled](https://x.org/ \"T\") link.",
            "A [file](/files/report.pdf), a [relative one](report.pdf), `<b>` and `[x](a b)` in code.",
            "A footnote.[^1]\n\n[^1]: Its text, then [^bbc] cited. Less than: 3 < 4.",
            "The name was <redacted>, the flaw <CVE-2024-1234>, a file <data.csv>.",
            "![Chart](/files/chart.png 'Leaks by month') and [![badge](/b.svg 'T')](/x/) and [see [1] here](https://x.org/ 'T').",
        ] {
            assert_eq!(mistakes(fine), [], "{fine}");
        }
        assert_eq!(
            mistakes("Write [to us](mailto:press@acme.com) or [MAILTO](MAILTO:a@b.org?subject=x)."),
            []
        );
        let m = mistakes("Write to [the team](security@acme.com).");
        assert_eq!(m[0].hint, "write `mailto:security@acme.com`");
        // An address in a reference definition is checked where it is used.
        let m = mistakes("See [the filing][sec].\n\n[sec]: www.sec.gov/x\n");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].hint, "write `https://www.sec.gov/x`");
        let m = mistakes("A [x](javascript:alert(1)) and <!-- a note -->.");
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!(m[0].hint, "link to a web page, starting with https://");
        assert!(m[1].message.starts_with("an HTML comment is shown to readers"), "{m:?}");
    }
}
