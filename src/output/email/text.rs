//! `email.txt`: an essay as plain text, wrapped at [`WIDTH`] columns.
//!
//! The essay's HTML (Cable's own, so well formed) is turned into text by a
//! small converter: paragraphs wrapped, headings underlined, lists with `-`
//! or `1.`, quotes with `>`, code indented and never wrapped, links as
//! `text <url>`, citations as `[1]` and note references as `[note 1]`. The
//! support block, the Notes and the numbered Sources with their URLs follow.
//! A URL longer than a line stands alone on its line, unbroken, so that mail
//! programs still recognise it.
//!
//! May use: `site`, `render` (views), `config`.

use crate::render::context::support_view;
use crate::site::{EssayPage, Site};

/// Columns of `email.txt`.
pub const WIDTH: usize = 72;

/// The plain-text email edition of an essay.
pub fn email_text(site: &Site, entry: &EssayPage) -> String {
    let config = &site.config;
    let essay = &entry.essay;
    let permalink = config.absolute_url(&config.site_path(&entry.path));
    let web = |html: &str| super::email_safe(html, config, &permalink);
    let mut doc = Doc::default();

    doc.lines(wrap(&config.title, WIDTH, "", ""));
    doc.blank();
    doc.heading(&essay.title, '=');
    if essay.summary.is_some() {
        doc.block(&html_to_text(&web(&entry.body.summary_html), WIDTH));
    }
    let authors: Vec<&str> = essay.authors.iter().map(|a| a.name.as_str()).collect();
    let mut byline = format!("By {} · {}", join_names(&authors), essay.date.long());
    if let Some(updated) = &essay.updated {
        byline.push_str(&format!(" · updated {}", updated.long()));
    }
    byline.push_str(&format!(" · {} min read", entry.body.reading_minutes()));
    doc.blank();
    doc.lines(wrap(&byline, WIDTH, "", ""));
    doc.lines(wrap(
        &format!("Read on the web: {permalink}"),
        WIDTH,
        "",
        "",
    ));
    doc.blank();
    doc.block(&html_to_text(
        &web(&super::without_heading_anchors(&entry.body.html)),
        WIDTH,
    ));

    if let Some(support) = support_view(site, entry, &permalink) {
        doc.blank();
        doc.heading("Support this newsletter", '-');
        if !support.message.is_empty() {
            doc.block(&html_to_text(&web(support.message), WIDTH));
            doc.blank();
        }
        let mut links: Vec<(&str, String)> = Vec::new();
        if let Some(primary) = &support.subscribe {
            links.push((primary.label, primary.url.to_string()));
        }
        links.extend(support.links.iter().map(|l| (l.label, l.url.to_string())));
        if let Some(url) = &support.comments_url {
            links.push(("Leave a comment", url.clone()));
        }
        for (label, url) in links {
            doc.lines(wrap(&format!("{label}: {url}"), WIDTH, "", "  "));
        }
    }

    if !entry.body.notes_html.is_empty() {
        doc.blank();
        doc.block(&html_to_text(
            &web(&super::without_backrefs(&entry.body.notes_html)),
            WIDTH,
        ));
    }

    if !entry.body.cited.is_empty() {
        doc.blank();
        doc.heading("Sources", '-');
        for cited in &entry.body.cited {
            let source = &essay.sources[cited.source];
            let marker = format!("[{}] ", cited.number);
            let indent = " ".repeat(marker.chars().count());
            let mut text = String::new();
            if let Some(publisher) = &source.publisher {
                text.push_str(publisher);
                text.push_str(", ");
            }
            text.push_str(&format!("“{}”", source.title));
            if let Some(author) = &source.author {
                text.push_str(&format!(", {author}"));
            }
            if let Some(date) = &source.date {
                text.push_str(&format!(", {}", date.long()));
            }
            let mut locators: Vec<&str> = Vec::new();
            for locator in cited.uses.iter().filter_map(|u| u.locator.as_deref()) {
                if !locators.contains(&locator) {
                    locators.push(locator);
                }
            }
            if !locators.is_empty() {
                text.push_str(&format!(" ({})", locators.join("; ")));
            }
            text.push('.');
            if let Some(accessed) = &source.accessed {
                text.push_str(&format!(" Accessed {}.", accessed.long()));
            }
            doc.lines(wrap(&text, WIDTH, &marker, &indent));
            doc.lines(wrap(&source.url, WIDTH, &indent, &indent));
            if let Some(archive) = &source.archive_url {
                doc.lines(wrap(
                    &format!("Archived copy: {archive}"),
                    WIDTH,
                    &indent,
                    &indent,
                ));
            }
        }
    }

    doc.blank();
    doc.lines(vec!["-- ".to_string()]);
    doc.lines(wrap(
        &format!("You are reading the email edition of {}.", config.title),
        WIDTH,
        "",
        "",
    ));
    doc.lines(wrap(
        &format!("Read on the web: {permalink}"),
        WIDTH,
        "",
        "",
    ));
    if config.subscribe.is_some() {
        let subscribe = config.absolute_url(&config.site_path(crate::site::SUBSCRIBE_PATH));
        doc.lines(wrap(&format!("Subscribe: {subscribe}"), WIDTH, "", ""));
    }
    doc.finish()
}

/// `A`, `A and B`, `A, B and C`.
fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Lines of text with at most one blank line between blocks.
#[derive(Debug, Default)]
struct Doc {
    lines: Vec<String>,
}

impl Doc {
    fn lines(&mut self, lines: Vec<String>) {
        self.lines.extend(lines);
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// A converted block (several lines, blank lines inside).
    fn block(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.blank();
        self.lines.extend(text.lines().map(str::to_string));
    }

    fn heading(&mut self, text: &str, underline: char) {
        let lines = wrap(text, WIDTH, "", "");
        let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        self.lines.extend(lines);
        self.lines
            .push(underline.to_string().repeat(longest.min(WIDTH)));
        self.lines.push(String::new());
    }

    fn finish(mut self) -> String {
        while self.lines.last().is_some_and(String::is_empty) {
            self.lines.pop();
        }
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }
}

/// Wraps `text` (words separated by spaces; `\n` forces a break) into lines
/// of at most `width` columns, the first starting with `first`, the others
/// with `rest`. A word longer than a line (a URL) gets a line of its own.
/// Non-breaking spaces join words and are written as spaces.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut prefix = first;
    for segment in text.split('\n') {
        let mut line = String::from(prefix);
        let mut line_len = prefix.chars().count();
        let mut has_word = false;
        for word in segment.split(' ').filter(|w| !w.is_empty()) {
            let word = word.replace('\u{a0}', " ");
            let len = word.chars().count();
            if has_word && line_len + 1 + len > width {
                lines.push(line.trim_end().to_string());
                prefix = rest;
                line = String::from(prefix);
                line_len = prefix.chars().count();
                has_word = false;
            }
            if has_word {
                line.push(' ');
                line_len += 1;
            }
            line.push_str(&word);
            line_len += len;
            has_word = true;
        }
        lines.push(line.trim_end().to_string());
        prefix = rest;
    }
    lines
}

/// One level of block nesting: what starts its lines.
#[derive(Debug)]
struct Level {
    /// The first line's prefix (`- `, `1. `, `> `).
    first: String,
    /// The other lines' prefix (spaces as wide as `first`, or `> `).
    rest: String,
    /// Whether the first line was written.
    used: bool,
}

/// A `<sup>` being read.
#[derive(Debug, PartialEq, Eq)]
enum Sup {
    /// A citation: `[1]`.
    Cite,
    /// A note reference: `[note 1]`.
    Note,
    /// Any other superscript.
    Plain,
}

#[derive(Debug, Default)]
struct Converter {
    width: usize,
    out: Vec<String>,
    /// The paragraph being read.
    inline: String,
    levels: Vec<Level>,
    /// Counters of the open lists (`None`: bullets), and whether an item
    /// was written.
    lists: Vec<(Option<usize>, bool)>,
    /// Inside `<pre>`: its text so far.
    pre: Option<String>,
    /// Open links: href and where their text starts in `inline`.
    links: Vec<(Option<String>, usize)>,
    /// Open superscripts and where their text starts.
    sups: Vec<(Sup, usize)>,
    /// Open heading level.
    heading: Option<u8>,
    /// An element being skipped: its tag and nesting depth.
    skip: Option<(String, usize)>,
    /// No blank line before the next block (list items, table rows).
    tight: bool,
    /// Cells written in the current table row.
    cells: usize,
    /// Rows written in the current table.
    rows: usize,
}

/// Turns Cable's HTML into text wrapped at `width` columns, blocks
/// separated by one blank line.
pub fn html_to_text(html: &str, width: usize) -> String {
    let mut c = Converter {
        width,
        ..Converter::default()
    };
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if rest.starts_with('<') {
            let end = tag_end(rest);
            c.tag(&rest[1..end.saturating_sub(1)]);
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        c.text(&decode(&rest[..end]));
        rest = &rest[end..];
    }
    c.flush();
    while c.out.last().is_some_and(String::is_empty) {
        c.out.pop();
    }
    c.out.join("\n")
}

/// The length of the tag at the start of `html` (through its `>`,
/// skipping quoted attribute values).
fn tag_end(html: &str) -> usize {
    let mut quote = None;
    for (i, ch) in html.char_indices() {
        match (quote, ch) {
            (None, '"' | '\'') => quote = Some(ch),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// The value of attribute `name` in a tag's inside (`a href="x" …`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().last();
        let after = &rest[i + name.len()..];
        if before.is_some_and(char::is_whitespace)
            && let Some(value) = after.strip_prefix("=\"")
        {
            return value.find('"').map(|end| decode(&value[..end]));
        }
        rest = after;
    }
    None
}

/// Decodes the character references HTML text uses.
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            ch.map(|ch| (ch, e))
        });
        match decoded {
            Some((ch, e)) => {
                out.push(ch);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl Converter {
    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/').trim_end_matches('/');
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        if let Some((skipped, depth)) = &mut self.skip {
            if *skipped == name {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skip = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            return;
        }
        if self.pre.is_some() && name != "pre" {
            return;
        }
        let class = attribute(body, "class").unwrap_or_default();
        if !closing
            && (class
                .split(' ')
                .any(|c| c == "backrefs" || c == "cite-sep" || c == "anchor")
                || matches!(name.as_str(), "script" | "style" | "head" | "title"))
        {
            self.skip = Some((name, 1));
            return;
        }
        match (name.as_str(), closing) {
            (
                "p" | "div" | "section" | "figure" | "figcaption" | "caption" | "header" | "footer"
                | "article" | "aside" | "main" | "nav",
                _,
            ) => {
                self.flush();
            }
            ("table", _) => {
                self.flush();
                self.tight = false;
                self.rows = 0;
            }
            ("thead", true) => {
                // A rule under the header row.
                let width = self.out.last().map_or(0, |l| l.chars().count());
                let prefix = self.prefix(false);
                let rule = "-".repeat(width.saturating_sub(prefix.chars().count()));
                self.out.push(format!("{prefix}{rule}"));
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                self.flush();
                self.heading = name[1..].parse().ok();
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => {
                let level = self.heading.take().unwrap_or(3);
                let text = std::mem::take(&mut self.inline);
                let lines = self.wrap_block(&text);
                let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
                if !lines.is_empty() {
                    self.out.extend(lines);
                    match level {
                        1 => self.out.push("=".repeat(longest.min(self.width))),
                        2 => self.out.push("-".repeat(longest.min(self.width))),
                        _ => {}
                    }
                }
            }
            ("ul" | "ol", false) => {
                self.flush();
                let start = attribute(body, "start").and_then(|s| s.parse().ok());
                self.lists
                    .push(((name == "ol").then(|| start.unwrap_or(1)), false));
            }
            ("ul" | "ol", true) => {
                self.flush();
                self.lists.pop();
            }
            ("li", false) => {
                self.flush();
                let (counter, started) =
                    self.lists.last_mut().map_or((None, false), |(n, started)| {
                        let marker = *n;
                        if let Some(number) = n {
                            *number += 1;
                        }
                        (marker, std::mem::replace(started, true))
                    });
                let marker = counter.map_or_else(|| "- ".to_string(), |n| format!("{n}. "));
                let rest = " ".repeat(marker.chars().count());
                self.levels.push(Level {
                    first: marker,
                    rest,
                    used: false,
                });
                // Items follow each other; the first is a new block.
                self.tight = started;
            }
            ("li" | "blockquote", true) => {
                self.flush();
                self.levels.pop();
            }
            ("blockquote", false) => {
                self.flush();
                self.levels.push(Level {
                    first: "> ".into(),
                    rest: "> ".into(),
                    used: false,
                });
            }
            ("tr", false) => {
                self.flush();
                // Rows follow each other; the first is a new block.
                self.tight = self.rows > 0;
                self.rows += 1;
                self.cells = 0;
            }
            ("tr", true) => {
                self.flush();
                self.tight = true;
            }
            ("td" | "th", false) => {
                if self.cells > 0 {
                    self.inline.push_str(" | ");
                }
                self.cells += 1;
            }
            ("pre", false) => {
                self.flush();
                self.pre = Some(String::new());
            }
            ("pre", true) => {
                let code = self.pre.take().unwrap_or_default();
                self.start_block();
                let prefix = format!("{}    ", self.prefix(false));
                for line in code.trim_end_matches('\n').lines() {
                    self.out
                        .push(format!("{prefix}{line}").trim_end().to_string());
                }
                self.mark_used();
            }
            ("br", _) => self.inline.push('\n'),
            ("hr", _) => {
                self.flush();
                self.start_block();
                let prefix = self.prefix(false);
                self.out.push(format!("{prefix}* * *"));
                self.mark_used();
            }
            ("img", false) => {
                let alt = attribute(body, "alt").unwrap_or_default();
                let src = attribute(body, "src").unwrap_or_default();
                let label = if alt.trim().is_empty() {
                    "Image".to_string()
                } else {
                    format!("Image: {}", alt.trim())
                };
                self.inline.push_str(&format!("[{label} <{src}>]"));
            }
            ("em" | "i", _) => self.inline.push('_'),
            ("strong" | "b", _) => self.inline.push('*'),
            ("code", _) => self.inline.push('`'),
            ("a", false) => {
                let href = attribute(body, "href");
                self.links.push((href, self.inline.len()));
            }
            ("a", true) => {
                let Some((href, start)) = self.links.pop() else {
                    return;
                };
                if !self.sups.is_empty() {
                    return;
                }
                let Some(href) = href else { return };
                let text = self.inline[start.min(self.inline.len())..]
                    .trim()
                    .to_string();
                let same = text == href
                    || href.strip_prefix("mailto:") == Some(text.as_str())
                    || href.trim_end_matches('/') == text.trim_end_matches('/');
                if !same {
                    self.inline.push_str(&format!(" <{href}>"));
                }
            }
            ("sup", false) => {
                let kind = if class.split(' ').any(|c| c == "cite") {
                    Sup::Cite
                } else if class.split(' ').any(|c| c == "footnote-ref") {
                    Sup::Note
                } else {
                    Sup::Plain
                };
                self.sups.push((kind, self.inline.len()));
            }
            ("sup", true) => {
                let Some((kind, start)) = self.sups.pop() else {
                    return;
                };
                let start = start.min(self.inline.len());
                let number = self.inline[start..].trim().to_string();
                self.inline.truncate(start);
                match kind {
                    Sup::Cite => self.inline.push_str(&format!("[{number}]")),
                    Sup::Note => self.inline.push_str(&format!("[note {number}]")),
                    Sup::Plain => self.inline.push_str(&format!("^{number}")),
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip.is_some() {
            return;
        }
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
            return;
        }
        let mut last_space = self.inline.ends_with([' ', '\n']) || self.inline.is_empty();
        for ch in text.chars() {
            if ch.is_whitespace() && ch != '\u{a0}' {
                if !last_space {
                    self.inline.push(' ');
                    last_space = true;
                }
            } else {
                self.inline.push(ch);
                last_space = false;
            }
        }
    }

    /// The prefix of the next line: each level's first prefix until used.
    fn prefix(&self, blank: bool) -> String {
        let mut prefix = String::new();
        for level in &self.levels {
            prefix.push_str(if level.used {
                &level.rest
            } else {
                &level.first
            });
        }
        if blank {
            prefix.trim_end().to_string()
        } else {
            prefix
        }
    }

    fn mark_used(&mut self) {
        for level in &mut self.levels {
            level.used = true;
        }
    }

    /// A blank line before a new block, unless it follows a list item's
    /// start or a table row.
    fn start_block(&mut self) {
        if std::mem::take(&mut self.tight) {
            return;
        }
        if self.out.last().is_some_and(|l| !l.trim().is_empty()) {
            let mut blank = String::new();
            for level in &self.levels {
                if level.used && level.rest.trim() == ">" {
                    blank.push('>');
                }
            }
            self.out.push(blank);
        }
    }

    /// Wraps a paragraph under the current levels.
    fn wrap_block(&mut self, text: &str) -> Vec<String> {
        let text = text.trim_matches(|c: char| c == ' ' || c == '\n');
        if text.is_empty() {
            return Vec::new();
        }
        self.start_block();
        let first = self.prefix(false);
        self.mark_used();
        let rest = self.prefix(false);
        wrap(text, self.width, &first, &rest)
    }

    /// Writes the paragraph being read, if any.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.inline);
        let lines = self.wrap_block(&text);
        self.out.extend(lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_the_width_and_keeps_long_words_whole() {
        let lines = wrap(
            "one two three four https://example.org/a/very/long/path five",
            20,
            "- ",
            "  ",
        );
        assert_eq!(
            lines,
            [
                "- one two three four",
                "  https://example.org/a/very/long/path",
                "  five"
            ]
        );
    }

    #[test]
    fn paragraphs_lists_quotes_and_citations() {
        let html = "<p>Russia&#8217;s navy<sup class=\"cite\"><a href=\"https://e.org/x/#source-1\">1</a></sup><sup class=\"cite-sep\">,</sup><sup class=\"cite\"><a href=\"https://e.org/x/#source-2\">2</a></sup> left.<sup class=\"footnote-ref\"><a href=\"https://e.org/x/#note-1\">1</a></sup></p>\n<ul>\n<li>a <a href=\"https://b.org/\">link</a></li>\n<li>b</li>\n</ul>\n<blockquote>\n<p>Quoted <em>words</em>.</p>\n<p>Again.</p>\n</blockquote>\n<pre><code>let x = 1;\n</code></pre>\n";
        assert_eq!(
            html_to_text(html, 72),
            "Russia’s navy[1][2] left.[note 1]\n\n- a link <https://b.org/>\n- b\n\n> Quoted _words_.\n>\n> Again.\n\n    let x = 1;"
        );
    }

    #[test]
    fn headings_are_underlined_and_ordered_lists_numbered() {
        let html = "<h2 id=\"a\">What next</h2>\n<ol start=\"3\">\n<li>x</li>\n<li>y</li>\n</ol>\n";
        assert_eq!(html_to_text(html, 72), "What next\n---------\n\n3. x\n4. y");
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode("a &amp; b &lt;c&gt; &#x27;d&#39; &quot;"),
            "a & b <c> 'd' \""
        );
        assert_eq!(decode("AT&T"), "AT&T");
    }
}
