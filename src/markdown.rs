//! Markdown to HTML for write-ups and profiles. Pure.
//!
//! Raw HTML in a write-up is shown as text, not passed through, and links may only use web,
//! mail or relative addresses: whatever a contributor types, the page stays safe to publish.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

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
    let is_bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
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
    let text = replace_controls(text);
    let parser = Parser::new_ext(&text, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url, base_path),
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
            dest_url: safe_url(dest_url, base_path),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
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

/// Plain text of a Markdown fragment, for summaries and feeds.
pub fn to_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) if !out.ends_with(' ') && !out.is_empty() => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_page() {
        let html = to_html("```\0js\n\0\u{1b}\n```\n\ntext\0\u{85}", "");
        assert!(!html.contains(|c: char| c.is_control() && c != '\n'), "{html:?}");
        assert!(
            html.contains("<code class=\"language-\u{fffd}js\">\u{fffd}\u{fffd}\n</code>"),
            "{html:?}"
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
    fn plain_text_drops_markup() {
        assert_eq!(
            to_text("One *two* [three](https://x).\n\nFour."),
            "One two three. Four."
        );
    }
}
