//! Atom feeds: the whole tracker, each company and each actor, and the changes log. An
//! incident's `<published>` is when it was added to the tracker and its `<updated>` when it last
//! changed, so a correction or a revised count brings it back to subscribers.

use serde::Serialize;

use super::views::Cx;
use crate::content::index::Entry;

#[derive(Debug, Serialize)]
pub struct FeedView {
    pub title: String,
    /// The feed's own absolute URL, also its id.
    pub id: String,
    /// The page it follows.
    pub alternate: String,
    pub updated: String,
    pub author: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub id: String,
    pub url: String,
    pub published: String,
    pub updated: String,
    pub summary: Option<String>,
    /// The write-up and the latest updates, as HTML (escaped again by the template).
    pub content: String,
    pub categories: Vec<String>,
}

fn stamp(d: chrono::NaiveDate) -> String {
    format!("{d}T00:00:00Z")
}

/// What a feed's entries carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// The whole write-up: the site's feed, read in a feed reader as on the page.
    WriteUp,
    /// The card's facts and the summary: a company's or an actor's feed, which says what is
    /// new and links to the write-up (it would otherwise repeat every write-up once for each
    /// company and actor it names).
    Facts,
}

/// A feed of `entries` (indices into the library, any order); `path` is the feed's site path,
/// `page` the page it follows.
pub fn feed(cx: &Cx, title: String, path: &str, page: &str, entries: &[usize], carry: Content) -> FeedView {
    let entry = |i: usize| -> &Entry { &cx.lib.incidents[i] };
    let mut list: Vec<usize> = entries.to_vec();
    list.sort_by(|&a, &b| {
        let (a, b) = (entry(a), entry(b));
        (b.incident.modified(), &b.incident.slug).cmp(&(a.incident.modified(), &a.incident.slug))
    });
    list.truncate(cx.config.feed_limit);
    let updated = list
        .iter()
        .map(|&i| entry(i).incident.modified())
        .max()
        .map(stamp)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    FeedView {
        title,
        id: cx.config.absolute(path),
        alternate: cx.config.absolute(page),
        updated,
        author: cx.config.title.clone(),
        entries: list
            .into_iter()
            .map(|index| {
                let e = entry(index);
                let i = &e.incident;
                let url = cx.config.absolute(&cx.urls.incident(&i.slug));
                let mut content = match carry {
                    Content::WriteUp => cx.feed_body(index),
                    Content::Facts => facts(cx, e),
                };
                let mut updates: Vec<_> = i.updates.iter().collect();
                updates.sort_by_key(|u| std::cmp::Reverse(u.date));
                for u in updates {
                    content.push_str(&format!(
                        "<p><strong>{}:</strong> {}</p>",
                        cx.words.date(crate::content::model::PartialDate::Day(u.date)),
                        crate::markdown::escape_html(&u.note)
                    ));
                }
                // A status short of reported is part of what the entry says: in its title
                // and as a category readers can filter on.
                let status = i.status.is_marked().then(|| cx.status(i.status));
                let mut categories: Vec<String> = e
                    .companies
                    .iter()
                    .map(|l| cx.lib.companies[l.target].name.clone())
                    .collect();
                categories.extend(i.status.is_marked().then(|| i.status.as_str().to_string()));
                FeedEntry {
                    title: match status {
                        Some(s) => format!("{} ({s})", i.title),
                        None => i.title.clone(),
                    },
                    id: url.clone(),
                    url,
                    published: stamp(i.published()),
                    updated: stamp(i.modified()),
                    summary: i.summary.clone(),
                    content,
                    categories,
                }
            })
            .collect(),
    }
}

/// A named feed's entry: the summary, then disclosure, status, count, companies and actors.
fn facts(cx: &Cx, e: &Entry) -> String {
    use crate::markdown::escape_html;
    let card = super::views::card(cx, e);
    let mut out = String::new();
    if let Some(summary) = &card.summary {
        out.push_str(&format!("<p>{}</p>", escape_html(summary)));
    }
    let mut line = vec![
        format!(
            "{} {}",
            escape_html(cx.words.t("disclosed")),
            escape_html(&card.disclosed.text)
        ),
        escape_html(&card.status_label),
    ];
    line.extend(card.records.as_deref().map(escape_html));
    out.push_str(&format!("<p>{}</p>", line.join(" · ")));
    let companies: Vec<String> = card.companies.iter().map(|c| escape_html(&c.name)).collect();
    let actors: Vec<String> = card.actors.iter().map(|a| escape_html(&a.name)).collect();
    let (companies, actors) = (companies.join(", "), actors.join(", "));
    out.push_str(&format!("<p>{companies}"));
    if !actors.is_empty() {
        out.push_str(&format!(" · {} {actors}", escape_html(cx.words.t("attributed_to"))));
    }
    out.push_str("</p>");
    out
}

/// The changes log's feed: the latest dated updates across the tracker, newest first.
pub fn changes(cx: &Cx, title: String, all: &[(usize, usize)]) -> FeedView {
    let path = cx.urls.page("changes/feed.xml");
    let entries: Vec<FeedEntry> = all
        .iter()
        .take(cx.config.feed_limit)
        .map(|&(i, u)| {
            let item = super::views::change(cx, (i, u));
            let update = &cx.lib.incidents[i].incident.updates[u];
            let url = cx.config.absolute(&item.incident.url);
            let day = stamp(update.date);
            let title = match &item.update.status_label {
                Some(status) => format!("{} ({status})", item.incident.name),
                None => item.incident.name.clone(),
            };
            FeedEntry {
                title,
                // One entry per update: the incident's address, the day and the update's place.
                id: format!("{url}#update-{}-{u}", update.date),
                url,
                published: day.clone(),
                updated: day,
                summary: Some(update.note.clone()),
                content: format!("<p>{}</p>", crate::markdown::escape_html(&update.note)),
                categories: item.update.status.map(str::to_string).into_iter().collect(),
            }
        })
        .collect();
    FeedView {
        title,
        id: cx.config.absolute(&path),
        alternate: cx.config.absolute(&cx.urls.page("changes/")),
        updated: entries
            .first()
            .map(|e| e.updated.clone())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
        author: cx.config.title.clone(),
        entries,
    }
}
