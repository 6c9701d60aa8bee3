//! The tracker's settings, from `site.yaml`, once checked (see `validate::site`).

/// Interface language of the published site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    En,
    Fr,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }

    pub fn parse(text: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == text.trim())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// The address the site is published at, without a trailing slash:
    /// `https://user.github.io/tracker` or `https://breaches.example.org`.
    pub base_url: String,
    pub language: Language,
    /// The editorial rule for what counts toward a company's tally, shown on the site.
    pub tally_rule: Option<String>,
    /// A custom domain for GitHub Pages branch publishing: written to `CNAME` in the output.
    pub cname: Option<String>,
    /// How many items a list page shows before the next page.
    pub per_page: usize,
    /// The data's licence ("CC BY 4.0"), shown on /data/ and in the JSON files.
    pub license: Option<String>,
    /// How many of the latest entries each feed carries (the changes page keeps them all).
    pub feed_limit: usize,
}

/// The default for `per_page`.
pub const PER_PAGE: usize = 50;

/// The default for `feed_limit`: enough for a reader who checks weekly, and a feed per company
/// stays a few pages of text rather than the company's whole history.
pub const FEED_LIMIT: usize = 20;

impl Config {
    /// The settings a `site.yaml` with only `title` and `base_url` gives: every other one at
    /// its default.
    pub fn new(title: &str, base_url: &str) -> Config {
        Config {
            title: title.to_string(),
            description: None,
            base_url: base_url.to_string(),
            language: Language::En,
            tally_rule: None,
            cname: None,
            per_page: PER_PAGE,
            license: None,
            feed_limit: FEED_LIMIT,
        }
    }

    /// The path part of `base_url` without a trailing slash: `/tracker`, or `` at a domain root.
    /// Every internal link starts with it.
    pub fn base_path(&self) -> &str {
        base_path(&self.base_url)
    }

    /// The scheme and host of `base_url`: `https://user.github.io`.
    pub fn origin(&self) -> &str {
        &self.base_url[..self.base_url.len() - self.base_path().len()]
    }

    /// The absolute URL of a site path (`/tracker/companies/x/`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }
}

/// The path part of an absolute URL, without a trailing slash.
pub fn base_path(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(url, |i| &url[i + 3..]);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.trim_end_matches('/')
}

/// Checks a `cname`: a bare host name such as `breaches.example.org`.
pub fn check_cname(host: &str) -> Result<String, String> {
    let host = host.trim();
    let ok = !host.is_empty()
        && host.contains('.')
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if ok {
        Ok(host.to_ascii_lowercase())
    } else {
        Err(format!(
            "`{host}` is not a host name: write only the domain, e.g. breaches.example.org"
        ))
    }
}

/// Checks a base URL: absolute http(s), no query or fragment. Returns it without trailing slash.
pub fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` is not a web address: it must start with https:// or http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("`{url}` has no host name after the scheme"));
    }
    if url.contains(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '<' | '>' | '\\')) {
        return Err(format!(
            "`{}` must not contain spaces, line breaks, quotes, `?` or `#`",
            url.escape_debug()
        ));
    }
    // `https://user.github.io/tracker/index.html`: a page, where the folder is meant.
    let last = rest.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if rest.contains('/')
        && [".html", ".htm", ".php", ".xml"]
            .iter()
            .any(|e| last.to_ascii_lowercase().ends_with(e))
    {
        let trimmed = url.trim_end_matches('/');
        let folder = &trimmed[..trimmed.len() - last.len()];
        return Err(format!(
            "`{url}` ends with a page, `{last}`: the address is the folder the site is published in, `{}`",
            folder.trim_end_matches('/')
        ));
    }
    Ok(url.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_ending_with_a_page_names_its_folder() {
        assert_eq!(
            normalise_base_url("https://user.github.io/tracker/index.html"),
            Err("`https://user.github.io/tracker/index.html` ends with a page, `index.html`: the address is the folder the site is published in, `https://user.github.io/tracker`".into())
        );
        assert_eq!(
            normalise_base_url("https://example.html.org").as_deref(),
            Ok("https://example.html.org")
        );
        // With a trailing slash, and letters beyond ASCII before it.
        assert_eq!(
            normalise_base_url("https://example.org/tracker/index.html/"),
            Err("`https://example.org/tracker/index.html/` ends with a page, `index.html`: the address is the folder the site is published in, `https://example.org/tracker`".into())
        );
        assert!(normalise_base_url("https://example.org/\u{e9}t\u{e9}.html/").is_err());
    }

    #[test]
    fn base_path_is_the_url_path_without_trailing_slash() {
        assert_eq!(base_path("https://user.github.io/tracker"), "/tracker");
        assert_eq!(base_path("https://user.github.io/tracker/"), "/tracker");
        assert_eq!(base_path("https://breaches.example.org"), "");
        assert_eq!(base_path("http://127.0.0.1:8080/a/b/"), "/a/b");
    }

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(normalise_base_url("https://x.org/t/").unwrap(), "https://x.org/t");
        assert!(normalise_base_url("x.org/t")
            .unwrap_err()
            .contains("must start with https://"));
        assert!(normalise_base_url("https:///t").is_err());
        assert!(normalise_base_url("https://x.org/?a").is_err());
        assert_eq!(
            normalise_base_url("https://x.org/t\nDisallow:/").unwrap_err(),
            "`https://x.org/t\\nDisallow:/` must not contain spaces, line breaks, quotes, `?` or `#`"
        );
        assert!(normalise_base_url("https://x.org/a\tb").is_err());
    }
}
