//! Page metadata for sharing and search engines: OpenGraph, Twitter cards
//! and JSON-LD (`NewsArticle` on essays, `WebSite` on the home page,
//! `ProfilePage` on author pages).
//!
//! JSON-LD is built with serde_json and escaped so that no `<`, `>` or `&`
//! appears in it: a title containing `</script>` cannot end the script.
//!
//! May use: `site`, `config`.

use serde::Serialize;
use serde_json::{Value, json};

use crate::content::slug::slugify;
use crate::site::{Author, EssayPage, Site};

/// `page.meta`: what `<head>` says about the page beyond title and description.
#[derive(Debug, Default, Serialize)]
pub struct Meta {
    /// `og:type`: `article`, `profile` or `website`.
    pub og_type: &'static str,
    /// `og:title` / `twitter:title` (without the site name).
    pub title: String,
    /// `article:published_time`.
    pub published: Option<String>,
    /// `article:modified_time`.
    pub modified: Option<String>,
    /// `article:author`: absolute URLs of the authors' pages.
    pub authors: Vec<String>,
    /// `article:tag`.
    pub tags: Vec<String>,
    /// The JSON-LD document, escaped for a `<script>` element.
    pub json_ld: String,
}

/// Serializes JSON-LD for an HTML `<script>`: `<`, `>` and `&` become
/// `\u003c`, `\u003e`, `\u0026` (they can only occur inside JSON strings).
pub fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values always serialize")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn organization(site: &Site) -> Value {
    let config = &site.config;
    json!({
        "@type": "Organization",
        "name": config.title,
        "url": config.base_url,
        "logo": { "@type": "ImageObject", "url": config.absolute_url(&config.site_path("favicon.svg")) },
    })
}

fn author_url(site: &Site, name: &str) -> String {
    let config = &site.config;
    config.absolute_url(&config.site_path(&format!(
        "{}{}/",
        crate::site::AUTHORS_PATH,
        slugify(name)
    )))
}

/// Metadata of an essay page.
pub fn essay(site: &Site, entry: &EssayPage) -> Meta {
    let config = &site.config;
    let essay = &entry.essay;
    let permalink = config.absolute_url(&config.site_path(&entry.path));
    let modified = essay.updated.unwrap_or(essay.date).max(essay.date);
    let authors: Vec<String> = essay
        .authors
        .iter()
        .map(|a| author_url(site, &a.name))
        .collect();
    let people: Vec<Value> = essay
        .authors
        .iter()
        .zip(&authors)
        .map(|(a, url)| json!({ "@type": "Person", "name": a.name, "url": url }))
        .collect();
    let citations: Vec<Value> = entry
        .body
        .cited
        .iter()
        .map(|cited| {
            let source = &essay.sources[cited.source];
            let mut work =
                json!({ "@type": "CreativeWork", "name": source.title, "url": source.url });
            if let Some(publisher) = &source.publisher {
                work["publisher"] = json!({ "@type": "Organization", "name": publisher });
            }
            if let Some(author) = &source.author {
                work["author"] = json!({ "@type": "Person", "name": author });
            }
            if let Some(date) = &source.date {
                work["datePublished"] = json!(date.machine());
            }
            work
        })
        .collect();
    let mut document = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": essay.title,
        "url": permalink,
        "mainEntityOfPage": { "@type": "WebPage", "@id": permalink },
        "datePublished": essay.date.rfc3339(),
        "dateModified": modified.rfc3339(),
        "author": people,
        "publisher": organization(site),
        "wordCount": entry.body.words,
        "inLanguage": config.language,
        "citation": citations,
    });
    if !entry.body.summary_text.is_empty() {
        document["description"] = json!(entry.body.summary_text);
    }
    if !essay.tags.is_empty() {
        document["keywords"] = json!(
            essay
                .tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
        );
    }
    Meta {
        og_type: "article",
        title: essay.title.clone(),
        published: Some(essay.date.rfc3339()),
        modified: Some(modified.rfc3339()),
        authors,
        tags: essay.tags.iter().map(|t| t.name.clone()).collect(),
        json_ld: script_json(&document),
    }
}

/// Metadata of the home page.
pub fn home(site: &Site) -> Meta {
    let config = &site.config;
    let mut document = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title,
        "url": config.base_url,
        "inLanguage": config.language,
        "publisher": organization(site),
    });
    if !config.description.is_empty() {
        document["description"] = json!(config.description);
    }
    Meta {
        og_type: "website",
        title: config.title.clone(),
        json_ld: script_json(&document),
        ..Meta::default()
    }
}

/// Metadata of an author's page.
pub fn author(site: &Site, author: &Author) -> Meta {
    let url = author_url(site, &author.name);
    let mut person = json!({ "@type": "Person", "name": author.name, "url": url });
    if let Some(profile) = &author.profile {
        let same_as: Vec<&str> = profile
            .url
            .iter()
            .map(String::as_str)
            .chain(profile.links.iter().map(|l| l.url.as_str()))
            .collect();
        if !same_as.is_empty() {
            person["sameAs"] = json!(same_as);
        }
        if let Some(bio) = site.fragments.bio(&author.name) {
            person["description"] = json!(text_of(bio));
        }
    }
    let document = json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": person,
    });
    Meta {
        og_type: "profile",
        title: author.name.clone(),
        json_ld: script_json(&document),
        ..Meta::default()
    }
}

/// The text of an HTML fragment: tags dropped, entities decoded, spaces squashed.
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Metadata of any other page.
pub fn plain(title: &str) -> Meta {
    Meta {
        og_type: "website",
        title: title.to_string(),
        ..Meta::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_html() {
        assert_eq!(
            text_of("<p>She wrote <em>The Straits</em> &amp; more.</p>\n"),
            "She wrote The Straits & more."
        );
    }

    #[test]
    fn script_json_cannot_end_the_script() {
        let text = script_json(&json!({ "headline": "</script><script>alert(1)</script> & more" }));
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back["headline"],
            "</script><script>alert(1)</script> & more"
        );
    }
}
