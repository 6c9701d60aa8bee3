//! Tally badges: a small SVG ("T-Mobile · 10 known incidents") that articles embed, linked to the
//! company's or actor's page. Self-contained: system fonts only, its colours switch with the
//! reader's light or dark scheme, and a `<title>` gives screen readers the same words.

use serde::Serialize;

use super::format::{self, DateView};
use super::views::Cx;
use crate::markdown::escape_html;

/// Longest name shown, in characters: a badge stays small whatever the name.
const NAME_LIMIT: usize = 48;

/// Pixels per character at 11px: an estimate, made exact by `textLength`.
const CHAR_WIDTH: usize = 7;
const PADDING: usize = 12;

fn shorten(name: &str) -> String {
    let name = name.trim();
    if name.chars().count() <= NAME_LIMIT {
        return name.to_string();
    }
    let mut s: String = name.chars().take(NAME_LIMIT - 1).collect();
    s.push('…');
    s
}

/// The words of a badge: the name and the count ("10 known incidents").
pub fn label(name: &str, count: &str) -> String {
    format!("{} · {count}", shorten(name))
}

/// The SVG of a badge for `name` with `count` already in words.
pub fn svg(name: &str, count: &str) -> Vec<u8> {
    let name = shorten(name);
    let label = escape_html(&format!("{name} · {count}"));
    let width = |t: &str| t.chars().count() * CHAR_WIDTH;
    let (lw, rw) = (width(&name) + PADDING, width(count) + PADDING);
    let (ltext, rtext) = (width(&name), width(count));
    let total = lw + rw;
    let (lx, rx) = (lw / 2, lw + rw / 2);
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{total}\" height=\"20\" viewBox=\"0 0 {total} 20\" role=\"img\" aria-label=\"{label}\">",
            "<title>{label}</title>",
            // Its own colours, whatever the reader's scheme: the page it sits on does not
            // follow that scheme, and a badge drawn light for a dark scheme fades on a light page.
            "<style>.l{{fill:#333}}.r{{fill:#b3261e}}text{{fill:#fff;font:11px Verdana,\"DejaVu Sans\",sans-serif}}</style>",
            "<rect class=\"l\" width=\"{total}\" height=\"20\" rx=\"3\"/>",
            "<path class=\"r\" d=\"M{lw} 0h{rw_in}a3 3 0 0 1 3 3v14a3 3 0 0 1-3 3h-{rw_in}z\"/>",
            "<text x=\"{lx}\" y=\"14\" text-anchor=\"middle\" textLength=\"{ltext}\" lengthAdjust=\"spacingAndGlyphs\">{name}</text>",
            "<text x=\"{rx}\" y=\"14\" text-anchor=\"middle\" textLength=\"{rtext}\" lengthAdjust=\"spacingAndGlyphs\">{count}</text>",
            "</svg>\n"
        ),
        total = total,
        label = label,
        lw = lw,
        rw_in = rw - 3,
        lx = lx,
        rx = rx,
        ltext = ltext,
        rtext = rtext,
        name = escape_html(&name),
        count = escape_html(count),
    )
    .into_bytes()
}

/// What a company's or actor's page offers to reuse it: its STIX bundle, its badge, and the
/// snippets that embed them.
#[derive(Debug, Serialize)]
pub struct Share {
    pub stix: String,
    /// The badge's address on this site (the page shows it from here, so previews show it too)
    /// and its absolute URL, for the snippets.
    pub badge_path: String,
    pub badge: String,
    /// The badge's words, its `alt` text.
    pub label: String,
    /// The badge linked to the page, as HTML and as Markdown.
    pub html: String,
    pub markdown: String,
    /// The compact card for an iframe (companies only), and its `<iframe>` snippet.
    pub embed: Option<String>,
    pub iframe: Option<String>,
}

/// "10 known incidents": the tally a company's badge shows.
pub fn company_count(cx: &Cx, c: usize) -> String {
    cx.words
        .counted(cx.lib.companies[c].tally, "badge_incident", "badge_incidents")
}

/// "7 victims": the victims an actor's badge shows.
pub fn actor_count(cx: &Cx, a: usize) -> String {
    cx.words
        .counted(cx.lib.actors[a].victims.len(), "badge_victim", "badge_victims")
}

fn share(cx: &Cx, dir: &str, name: &str, count: &str, embed: bool) -> Share {
    let abs = |path: &str| cx.config.absolute(&cx.urls.page(&format!("{dir}/{path}")));
    let page = abs("");
    let badge = abs("badge.svg");
    let label = label(name, count);
    // Markdown's link text ends at `]`: brackets in a name are escaped.
    let md_label = label.replace('\\', "\\\\").replace('[', "\\[").replace(']', "\\]");
    let embed_url = embed.then(|| abs("embed/"));
    Share {
        stix: cx.urls.page(&format!("{dir}/stix.json")),
        badge_path: cx.urls.page(&format!("{dir}/badge.svg")),
        html: format!(
            "<a href=\"{}\"><img src=\"{}\" alt=\"{}\" height=\"20\"></a>",
            escape_html(&page),
            escape_html(&badge),
            escape_html(&label)
        ),
        markdown: format!("[![{md_label}]({badge})]({page})"),
        iframe: embed_url.as_ref().map(|u| {
            format!(
                "<iframe src=\"{}\" title=\"{}\" width=\"360\" height=\"240\" loading=\"lazy\"></iframe>",
                escape_html(u),
                escape_html(&label)
            )
        }),
        embed: embed_url,
        badge,
        label,
    }
}

pub fn company_share(cx: &Cx, c: usize) -> Share {
    let company = &cx.lib.companies[c];
    share(
        cx,
        &crate::site::routes::company_dir(&company.slug),
        &company.name,
        &company_count(cx, c),
        true,
    )
}

pub fn actor_share(cx: &Cx, a: usize) -> Share {
    let actor = &cx.lib.actors[a];
    share(
        cx,
        &crate::site::routes::actor_dir(&actor.slug),
        &actor.name,
        &actor_count(cx, a),
        false,
    )
}

/// The compact card of `/companies/<slug>/embed/`: every link absolute, to the full site.
#[derive(Debug, Serialize)]
pub struct EmbedView {
    pub name: String,
    pub url: String,
    pub count: String,
    /// "1 disputed": what the company's page says of the count.
    pub note: Option<String>,
    pub latest: Vec<EmbedItem>,
    pub site_url: String,
}

#[derive(Debug, Serialize)]
pub struct EmbedItem {
    pub title: String,
    pub url: String,
    pub disclosed: DateView,
    /// "disputed": a status short of reported, as lists mark it.
    pub status: Option<String>,
}

/// How many incidents the card lists, newest first.
const LATEST: usize = 3;

pub fn embed(cx: &Cx, c: usize) -> EmbedView {
    let company = &cx.lib.companies[c];
    let abs = |path: String| cx.config.absolute(&path);
    EmbedView {
        name: company.name.clone(),
        url: abs(cx.urls.company(&company.slug)),
        count: company_count(cx, c),
        note: cx.status_note(cx.tally_statuses(company).into_iter()),
        latest: company
            .incidents
            .iter()
            .rev()
            .take(LATEST)
            .map(|&i| {
                let i = &cx.lib.incidents[i].incident;
                EmbedItem {
                    title: i.title.clone(),
                    url: abs(cx.urls.incident(&i.slug)),
                    disclosed: format::partial(&cx.words, i.disclosed),
                    status: i.status.is_marked().then(|| cx.status(i.status)),
                }
            })
            .collect(),
        site_url: abs(cx.urls.page("")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_and_shortened() {
        let svg = String::from_utf8(svg("AT&T <Mobility>", "3 known incidents")).unwrap();
        assert!(svg.contains("<title>AT&amp;T &lt;Mobility&gt; · 3 known incidents</title>"));
        assert!(!svg.contains("<Mobility>"));
        let long = "X".repeat(300);
        let svg = svg_text(&long);
        assert!(svg.len() < 2048, "{} bytes", svg.len());
        assert!(svg.contains(&format!("{}…", "X".repeat(NAME_LIMIT - 1))));
    }

    fn svg_text(name: &str) -> String {
        String::from_utf8(svg(name, "1 known incident")).unwrap()
    }
}
