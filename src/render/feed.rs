//! Atom feeds: the whole tracker, each company and each actor. An incident's `<updated>` is its
//! latest update, so a correction or a revised count brings it back to subscribers.

use serde::Serialize;

use super::views::Cx;
use crate::index::Entry;

/// The most entries a feed carries, newest first.
pub const ENTRIES: usize = 50;

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
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// A feed of `entries` (indices into the library, any order); `path` is the feed's site path,
/// `page` the page it follows.
pub fn feed(cx: &Cx, title: String, path: &str, page: &str, entries: &[usize]) -> FeedView {
    let entry = |i: usize| -> &Entry { &cx.lib.incidents[i] };
    let mut list: Vec<usize> = entries.to_vec();
    list.sort_by(|&a, &b| {
        let (a, b) = (entry(a), entry(b));
        (b.incident.last_changed(), &b.incident.slug).cmp(&(a.incident.last_changed(), &a.incident.slug))
    });
    list.truncate(ENTRIES);
    let updated = list
        .iter()
        .map(|&i| entry(i).incident.last_changed())
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
                let mut content = cx.body(index).to_string();
                let mut updates: Vec<_> = i.updates.iter().collect();
                updates.sort_by_key(|u| std::cmp::Reverse(u.date));
                for u in updates {
                    content.push_str(&format!(
                        "<p><strong>{}:</strong> {}</p>",
                        cx.words.date(crate::model::PartialDate::Day(u.date)),
                        crate::markdown::escape_html(&u.note)
                    ));
                }
                FeedEntry {
                    title: i.title.clone(),
                    id: url.clone(),
                    url,
                    published: stamp(i.disclosed.first_day()),
                    updated: stamp(i.last_changed()),
                    summary: i.summary.clone(),
                    content,
                    // Capped like the cards on company pages: a wide incident would otherwise
                    // repeat thousands of names in each of its companies' feeds.
                    categories: e
                        .companies
                        .iter()
                        .take(super::views::CO_VICTIMS)
                        .map(|l| cx.lib.companies[l.target].name.clone())
                        .collect(),
                }
            })
            .collect(),
    }
}
