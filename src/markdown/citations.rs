//! Citations: `[@id]`, `[@a; @b]`, `[@a, p. 4]` -> numbered, back-linked source notes.
//!
//! pulldown-cmark hands every `[…]` without a link definition to a
//! broken-link callback; the ones that parse as citation groups become
//! citation markers (code spans and `\[@` never reach it). [`Citations`]
//! numbers sources by first citation, gives every use its own anchor, and
//! renders the superscripts and the Sources list with back-links.
//!
//! May use: `content` (types), `diagnostics`.

use std::fmt::Write as _;
use std::ops::Range;

use super::highlight::escape_into;
use crate::content::Source;

/// One `@id` of a citation group, with its optional locator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationItem {
    /// The cited source id.
    pub id: String,
    /// `p. 4`, `pp. 12-15`, `chap. 3`.
    pub locator: Option<String>,
    /// Byte range of `@id` inside the bracketed text.
    pub span: Range<usize>,
}

/// Parses the text of a bracketed group (`[@a; @b, p. 4]`, brackets
/// included) into its items; `None` when it is not a citation.
pub fn parse_group(bracketed: &str) -> Option<Vec<CitationItem>> {
    let inner = bracketed.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut offset = 1;
    for part in inner.split(';') {
        let lead = part.len() - part.trim_start().len();
        let rest = part.trim_start().strip_prefix('@')?;
        let id_len = id_length(rest);
        if id_len == 0 {
            return None;
        }
        let id = &rest[..id_len];
        let after = rest[id_len..].trim();
        let locator = if after.is_empty() {
            None
        } else {
            let locator = after.strip_prefix(',')?.trim();
            if locator.is_empty() {
                return None;
            }
            Some(locator.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        let start = offset + lead;
        items.push(CitationItem {
            id: id.to_string(),
            locator,
            span: start..start + 1 + id_len,
        });
        offset += part.len() + 1;
    }
    Some(items)
}

/// Length of the id at the start of `text`: letters, digits, `_`, and
/// `-:.` when followed by more id characters (so `@a.` ends before the dot).
fn id_length(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() || b == b'_' {
            i += 1;
            end = i;
        } else if matches!(b, b'-' | b':' | b'.') && end == i && i > 0 {
            i += 1;
        } else {
            break;
        }
    }
    end
}

/// One use of a source in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationUse {
    /// The anchor id of the superscript (`cite-2-1`).
    pub anchor: String,
    /// Its locator, if any.
    pub locator: Option<String>,
}

/// A source as cited in one essay: its number and every use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedSource {
    /// Index into the essay's `sources`.
    pub source: usize,
    /// Its number in the text, from 1, by first citation.
    pub number: usize,
    /// Every place it is cited, in order.
    pub uses: Vec<CitationUse>,
}

/// Numbering state for one essay.
#[derive(Debug)]
pub struct Citations<'a> {
    sources: &'a [Source],
    cited: Vec<CitedSource>,
}

impl<'a> Citations<'a> {
    /// Nothing cited yet.
    pub fn new(sources: &'a [Source]) -> Self {
        Self {
            sources,
            cited: Vec::new(),
        }
    }

    /// The sources the essay may cite.
    pub fn sources(&self) -> &'a [Source] {
        self.sources
    }

    /// Records a citation and returns the HTML of its marker, or `None`
    /// when the id is unknown.
    pub fn cite(&mut self, item: &CitationItem) -> Option<String> {
        let index = self.sources.iter().position(|s| s.id == item.id)?;
        let next_number = self.cited.len() + 1;
        let cited = match self.cited.iter().position(|c| c.source == index) {
            Some(i) => &mut self.cited[i],
            None => {
                self.cited.push(CitedSource {
                    source: index,
                    number: next_number,
                    uses: Vec::new(),
                });
                self.cited.last_mut().expect("just pushed")
            }
        };
        let anchor = format!("cite-{}-{}", cited.number, cited.uses.len() + 1);
        cited.uses.push(CitationUse {
            anchor: anchor.clone(),
            locator: item.locator.clone(),
        });
        let number = cited.number;
        let mut html = String::new();
        let _ = write!(
            html,
            "<sup class=\"cite\"><a href=\"#source-{number}\" id=\"{anchor}\" aria-describedby=\"source-{number}-desc\""
        );
        if let Some(locator) = &item.locator {
            html.push_str(" data-locator=\"");
            escape_into(&mut html, locator);
            html.push('"');
        }
        let _ = write!(html, ">{number}</a></sup>");
        Some(html)
    }

    /// The cited sources in number order.
    pub fn into_cited(self) -> Vec<CitedSource> {
        self.cited
    }
}

/// The Sources section for the cited sources (empty when none).
pub fn sources_html(sources: &[Source], cited: &[CitedSource]) -> String {
    if cited.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<section class=\"sources\" aria-labelledby=\"sources-title\">\n<h2 id=\"sources-title\">Sources</h2>\n<ol>\n",
    );
    for entry in cited {
        let source = &sources[entry.source];
        let number = entry.number;
        let _ = write!(html, "<li id=\"source-{number}\">");
        html.push_str(&backrefs(
            number,
            &entry
                .uses
                .iter()
                .map(|u| u.anchor.as_str())
                .collect::<Vec<_>>(),
            "citation",
        ));
        // The description a citation's preview and screen readers use.
        let _ = write!(
            html,
            " <span class=\"source-desc\" id=\"source-{number}-desc\">"
        );
        if let Some(publisher) = &source.publisher {
            html.push_str("<span class=\"publisher\">");
            escape_into(&mut html, publisher);
            html.push_str("</span>, ");
        }
        html.push_str("<a class=\"source-title\" href=\"");
        escape_into(&mut html, &source.url);
        html.push_str("\">");
        escape_into(&mut html, &source.title);
        html.push_str("</a>");
        if let Some(author) = &source.author {
            html.push_str(", <span class=\"source-author\">");
            escape_into(&mut html, author);
            html.push_str("</span>");
        }
        if let Some(date) = &source.date {
            let _ = write!(
                html,
                ", <time datetime=\"{}\">{}</time>",
                date.machine(),
                date.long()
            );
        }
        html.push_str("</span>");
        let mut locators: Vec<&str> = Vec::new();
        for locator in entry.uses.iter().filter_map(|u| u.locator.as_deref()) {
            if !locators.contains(&locator) {
                locators.push(locator);
            }
        }
        if !locators.is_empty() {
            html.push_str("<span class=\"locators\"> (");
            escape_into(&mut html, &locators.join("; "));
            html.push_str(")</span>");
        }
        html.push('.');
        if let Some(accessed) = &source.accessed {
            let _ = write!(
                html,
                " <span class=\"accessed\">Accessed <time datetime=\"{}\">{}</time>.</span>",
                accessed.machine(),
                accessed.long()
            );
        }
        if let Some(archive) = &source.archive_url {
            html.push_str(" <a class=\"archive\" href=\"");
            escape_into(&mut html, archive);
            html.push_str("\">Archived copy</a>.");
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</section>\n");
    html
}

/// `↩` for one use; `↩ a b c` (Wikipedia style) for several.
pub fn backrefs(number: usize, anchors: &[&str], what: &str) -> String {
    let mut html = String::from("<span class=\"backrefs\">");
    match anchors {
        [single] => {
            let _ = write!(
                html,
                "<a href=\"#{single}\" aria-label=\"Back to {what} {number}\">↩</a>"
            );
        }
        many => {
            html.push_str("<span aria-hidden=\"true\">↩</span>");
            for (i, anchor) in many.iter().enumerate() {
                let letter = letter(i);
                let _ = write!(
                    html,
                    " <a href=\"#{anchor}\" aria-label=\"Back to {what} {number}, use {}\">{letter}</a>",
                    i + 1
                );
            }
        }
    }
    html.push_str("</span>");
    html
}

/// `a`…`z`, then `aa`, `ab`…
fn letter(i: usize) -> String {
    let alphabet = b"abcdefghijklmnopqrstuvwxyz";
    if i < 26 {
        (alphabet[i] as char).to_string()
    } else {
        format!("{}{}", letter(i / 26 - 1), alphabet[i % 26] as char)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Option<Vec<(String, Option<String>)>> {
        parse_group(text).map(|items| items.into_iter().map(|i| (i.id, i.locator)).collect())
    }

    #[test]
    fn parses_groups() {
        assert_eq!(ids("[@a]"), Some(vec![("a".into(), None)]));
        assert_eq!(
            ids("[@a; @b-2]"),
            Some(vec![("a".into(), None), ("b-2".into(), None)])
        );
        assert_eq!(
            ids("[@iiss, p. 214; @x, pp. 12-15]"),
            Some(vec![
                ("iiss".into(), Some("p. 214".into())),
                ("x".into(), Some("pp. 12-15".into()))
            ])
        );
        assert_eq!(ids("[see @a]"), None);
        assert_eq!(ids("[@]"), None);
        assert_eq!(ids("[@a b]"), None);
        assert_eq!(ids("[@a,]"), None);
        assert_eq!(ids("[email@x]"), None);
    }

    #[test]
    fn item_spans_point_at_the_id() {
        let text = "[@a; @bb, p. 4]";
        let items = parse_group(text).unwrap();
        assert_eq!(&text[items[0].span.clone()], "@a");
        assert_eq!(&text[items[1].span.clone()], "@bb");
    }

    #[test]
    fn letters() {
        assert_eq!(letter(0), "a");
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
    }
}
