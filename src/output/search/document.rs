//! What of an essay search indexes.
//!
//! [`essay`] gives the [`Document`] of an essay: its title (weighted as
//! Pagefind weights an `h1`), its own summary when the front matter has
//! one, the body as a reader reads it (code blocks left out), its headings
//! weighted by level and kept as anchors for results that point into the
//! essay, the titles, publishers and authors of the sources it cites, and
//! its authors and tags. The title is also the result's metadata.
//!
//! May use: `site`, `config`.

use std::collections::BTreeMap;

use super::bundle::{Anchor, Document, NORMAL, Run};
use crate::config::Config;
use crate::markdown::HeadingMark;
use crate::site::EssayPage;

/// Weight of a heading of `level` (1 to 6): 7 down to 2 times normal.
fn heading_weight(level: u8) -> u8 {
    NORMAL * (8 - level.clamp(1, 6))
}

/// The search document of `entry`, with the text it borrows kept in
/// `extra` (sources, authors, tags).
pub fn essay<'a>(config: &Config, entry: &'a EssayPage, extra: &'a str) -> Document<'a> {
    let essay = &entry.essay;
    let body = &entry.body;
    let mut runs = vec![Run {
        text: &essay.title,
        weight: heading_weight(1),
    }];
    if essay.summary.is_some() {
        runs.push(Run {
            text: &body.summary_text,
            weight: NORMAL,
        });
    }
    let before_body: usize = runs.iter().map(|r| r.text.split_whitespace().count()).sum();
    runs.extend(body_runs(&body.text, &body.headings));
    runs.push(Run {
        text: extra,
        weight: NORMAL,
    });
    let anchors = body
        .headings
        .iter()
        .map(|h| Anchor {
            element: format!("h{}", h.level),
            id: h.id.clone(),
            text: h.text.clone(),
            location: (before_body + h.word) as u32,
        })
        .collect();
    Document {
        url: config.site_path(&entry.path),
        meta: BTreeMap::from([("title".to_string(), essay.title.clone())]),
        runs,
        anchors,
    }
}

/// The words of an essay that are not in its body: the cited sources'
/// publishers, titles and authors, then the essay's authors and tags.
pub fn extra_text(entry: &EssayPage) -> String {
    let essay = &entry.essay;
    let mut words: Vec<&str> = Vec::new();
    for cited in &entry.body.cited {
        if let Some(source) = essay.sources.get(cited.source) {
            words.extend(source.publisher.as_deref());
            words.push(&source.title);
            words.extend(source.author.as_deref());
        }
    }
    words.extend(essay.authors.iter().map(|a| a.as_str()));
    words.extend(essay.tags.iter().map(|t| t.as_str()));
    words.join(" ")
}

/// The body's text cut into runs: headings at their weight, the rest
/// normal. `text` has its words separated by single spaces.
fn body_runs<'a>(text: &'a str, headings: &[HeadingMark]) -> Vec<Run<'a>> {
    // Byte offsets of word starts, found walking forward only as far as
    // the headings need.
    let mut spaces = text.match_indices(' ').map(|(i, _)| i + 1);
    let mut word = 0;
    let mut offset = 0;
    let mut at = |target: usize| {
        while word < target {
            match spaces.next() {
                Some(next) => offset = next,
                None => {
                    offset = text.len();
                    break;
                }
            }
            word += 1;
        }
        offset
    };
    let mut runs = Vec::new();
    let mut start = 0;
    let mut done = 0;
    for heading in headings {
        let first = heading.word;
        if first < done {
            continue;
        }
        let last = first + heading.text.split_whitespace().count();
        let (from, to) = (at(first), at(last));
        runs.push(Run {
            text: &text[start..from],
            weight: NORMAL,
        });
        runs.push(Run {
            text: &text[from..to],
            weight: heading_weight(heading.level),
        });
        start = to;
        done = last;
    }
    runs.push(Run {
        text: &text[start..],
        weight: NORMAL,
    });
    runs.retain(|r| !r.text.trim().is_empty());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_their_own_weight() {
        let headings = vec![HeadingMark {
            level: 2,
            id: "b".into(),
            text: "Big heading".into(),
            word: 2,
        }];
        let runs = body_runs("one two Big heading three", &headings);
        let texts: Vec<(&str, u8)> = runs.iter().map(|r| (r.text.trim(), r.weight)).collect();
        assert_eq!(
            texts,
            vec![("one two", 24), ("Big heading", 144), ("three", 24)]
        );
    }
}
