//! The sources index: every publisher cited on the site, and what cites it.
//!
//! Publishers are matched on the `publisher` field, ignoring case and
//! punctuation ("The Economist" and "the economist." are one); a source
//! without a publisher is filed under its web site's host name. Only cited
//! sources count. Each publisher lists the essays citing it, newest first,
//! with the titles each cited.
//!
//! May use: `content` (types), `markdown` (types).

use std::collections::BTreeMap;

use super::EssayPage;
use crate::content::slug::slugify;

/// A publisher and every essay that cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// The name as most often written.
    pub name: String,
    /// URL name (`/sources/{slug}/`).
    pub slug: String,
    /// Site path.
    pub path: String,
    /// Essays citing it, newest first.
    pub citations: Vec<PublisherCitation>,
    /// Its pages (`/sources/{slug}/page/N/`), over `citations`.
    pub pages: Vec<super::Pager>,
}

/// One essay's citations of a publisher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublisherCitation {
    /// Index of the essay in `Site::essays`.
    pub essay: usize,
    /// Indexes of the essay's sources from this publisher, in citation order.
    pub sources: Vec<usize>,
}

impl Publisher {
    /// Number of distinct sources of this publisher cited across the site.
    pub fn source_count(&self) -> usize {
        self.citations.iter().map(|c| c.sources.len()).sum()
    }
}

/// The host of an http(s) URL without `www.` (`https://www.reuters.com/x` -> `reuters.com`).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    host.strip_prefix("www.").unwrap_or(host)
}

/// Groups the cited sources of `essays` (newest first) by publisher, sorted
/// by name, `per_page` essays to a page.
pub fn index(essays: &[EssayPage], per_page: usize) -> Vec<Publisher> {
    // key -> (spellings with counts, citations)
    let mut groups: BTreeMap<String, (BTreeMap<String, usize>, Vec<PublisherCitation>)> =
        BTreeMap::new();
    for (essay_index, entry) in essays.iter().enumerate() {
        for cited in &entry.body.cited {
            let source = &entry.essay.sources[cited.source];
            let name = source
                .publisher
                .clone()
                .filter(|p| !slugify(p).is_empty())
                .unwrap_or_else(|| host(&source.url).to_string());
            let key = slugify(&name);
            if key.is_empty() {
                continue;
            }
            let (spellings, citations) = groups.entry(key).or_default();
            *spellings.entry(name).or_default() += 1;
            match citations.last_mut() {
                Some(last) if last.essay == essay_index => last.sources.push(cited.source),
                _ => citations.push(PublisherCitation {
                    essay: essay_index,
                    sources: vec![cited.source],
                }),
            }
        }
    }
    let mut publishers: Vec<Publisher> = groups
        .into_iter()
        .map(|(slug, (spellings, citations))| {
            let name = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(name, _)| name)
                .unwrap_or_default();
            Publisher {
                pages: super::paginate::paginate(
                    &format!("/sources/{slug}/"),
                    citations.len(),
                    per_page,
                ),
                path: format!("/sources/{slug}/"),
                name,
                slug,
                citations,
            }
        })
        .collect();
    publishers.sort_by_cached_key(|p| {
        let key = super::taxonomy::sort_key(&p.name);
        (
            key.strip_prefix("the ").unwrap_or(&key).to_string(),
            p.slug.clone(),
        )
    });
    publishers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.reuters.com/world/x"), "reuters.com");
        assert_eq!(host("http://user@csis.org:8080/a?b"), "csis.org");
    }
}
