//! Markdown bodies -> HTML, with headings, code, citations and notes.
//!
//! One pass over pulldown-cmark's events (tables, footnotes, strikethrough,
//! smart punctuation, heading attributes) that:
//! 1. gives every heading a stable id, unique in the page, and an anchor link;
//! 2. highlights fenced code through [`highlight`];
//! 3. turns `[@id]` groups into numbered citations ([`citations`]);
//! 4. moves `[^note]` footnotes into a Notes list with back-links ([`notes`]);
//! 5. keeps the first paragraph (without markers) as the default summary and
//!    counts the words a reader reads.
//!
//! Pure: the same text gives the same [`RenderedBody`].
//!
//! May use: `content` (types), `config`, `diagnostics`.

pub mod citations;
pub mod highlight;
pub mod notes;

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::content::slug::slugify;
use crate::content::{Essay, Page, Source};
use crate::diagnostics::{Diagnostic, Diagnostics, Label, SourceFile, did_you_mean};
pub use citations::CitedSource;

/// An essay's or page's body, rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedBody {
    /// The body HTML.
    pub html: String,
    /// The Sources section (empty when nothing is cited).
    pub sources_html: String,
    /// The Notes section (empty without footnotes).
    pub notes_html: String,
    /// Summary HTML: front matter `summary` or the first paragraph, without
    /// citation or note markers.
    pub summary_html: String,
    /// The summary as plain text, for meta descriptions.
    pub summary_text: String,
    /// Words a reader reads (code excluded).
    pub words: usize,
    /// The text a reader reads (code excluded), words separated by single
    /// spaces: what the search index holds.
    pub text: String,
    /// The body's headings, with their place in [`text`](Self::text).
    pub headings: Vec<HeadingMark>,
    /// The cited sources in citation order.
    pub cited: Vec<CitedSource>,
    /// The essay's own support message (front matter `[support]`), rendered.
    pub support_message_html: Option<String>,
}

/// A heading of a body, as search needs it: results can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMark {
    /// 1 to 6.
    pub level: u8,
    /// The `id` it was given in the HTML.
    pub id: String,
    /// Its words, without markers.
    pub text: String,
    /// The index of its first word among the words of the body's `text`.
    pub word: usize,
}

impl RenderedBody {
    /// Minutes at 230 words a minute, at least 1.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(230).max(1)
    }
}

/// The id given to a citation marker link, never a real URL.
const CITE_MARKER: &str = "cable:cite";

/// Ids the theme uses on an essay page; headings never take them.
const RESERVED_IDS: &[&str] = &[
    "main",
    "content",
    "top",
    "sources",
    "sources-title",
    "notes",
    "notes-title",
    "support",
    "support-title",
    "subscribe",
];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders an essay: body, citations, Sources and Notes; reports unknown
/// ids and uncited sources.
pub fn render_essay(essay: &Essay) -> (RenderedBody, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut body = render(&essay.file, essay.body_offset, &essay.sources, &mut diags);
    // With a mistyped citation, the source it meant looks uncited: say
    // only what is wrong until the citations are fixed.
    let citations_ok = !diags.has_errors();
    for (index, source) in essay.sources.iter().enumerate() {
        if citations_ok && !body.cited.iter().any(|c| c.source == index) {
            diags.push(
                Diagnostic::warning(format!("source `{}` is never cited", source.id))
                    .with_label(Label::span(
                        &essay.file,
                        source.id_span.clone(),
                        "defined here",
                    ))
                    .with_help(format!(
                        "cite it in the text as [@{}], or remove it",
                        source.id
                    )),
            );
        }
    }
    if let Some(summary) = &essay.summary {
        let (html, text) = inline_summary(summary);
        body.summary_html = html;
        body.summary_text = text;
    }
    if let crate::content::SupportSetting::Override(support) = &essay.support {
        body.support_message_html = support.message.as_deref().map(render_fragment);
    }
    (body, diags)
}

/// Renders a standalone page (citations there are reported as unknown).
pub fn render_page(page: &Page) -> (RenderedBody, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut body = render(&page.file, page.body_offset, &[], &mut diags);
    if let Some(summary) = &page.summary {
        let (html, text) = inline_summary(summary);
        body.summary_html = html;
        body.summary_text = text;
    }
    (body, diags)
}

/// Renders Markdown that is not a file's body (the support message, say).
pub fn render_fragment(markdown: &str) -> String {
    let file = SourceFile::new("", markdown.to_string());
    render(&file, 0, &[], &mut Diagnostics::new()).html
}

fn inline_summary(summary: &str) -> (String, String) {
    let mut html = String::new();
    let parser = Parser::new_ext(summary, options());
    let mut text = String::new();
    let events: Vec<Event> = parser
        .inspect(|event| {
            if let Event::Text(t) | Event::Code(t) = event {
                text.push_str(t);
            } else if matches!(event, Event::SoftBreak | Event::HardBreak) {
                text.push(' ');
            }
        })
        .collect();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, squash_spaces(&text))
}

fn squash_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render(
    file: &Arc<SourceFile>,
    offset: usize,
    sources: &[Source],
    diags: &mut Diagnostics,
) -> RenderedBody {
    let text = &file.text[offset..];
    let mut callback = |link: BrokenLink<'_>| {
        let bracketed = text.get(link.span.clone())?;
        citations::parse_group(bracketed).map(|_| (CowStr::from(CITE_MARKER), CowStr::from("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(&mut callback));
    let events: Vec<(Event, Range<usize>)> = parser.into_offset_iter().collect();

    let mut state = State {
        out: Vec::with_capacity(events.len()),
        citations: citations::Citations::new(sources),
        notes: notes::Notes::default(),
        ids: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
        reading: String::with_capacity(text.len()),
        headings: Vec::new(),
        tables: 0,
        summary: Vec::new(),
        summary_state: SummaryState::Waiting,
        footnote: None,
    };

    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        i += 1;
        state.read(event);
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let end = find_end(&events, i - 1);
                let inner = &events[i..end];
                state.heading(
                    *level,
                    id.as_deref(),
                    classes,
                    inner,
                    text,
                    file,
                    offset,
                    diags,
                );
                i = end + 1;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let end = find_end(&events, i - 1);
                let code: String = events[i..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => highlight::language(info),
                    CodeBlockKind::Indented => None,
                };
                state.emit(Event::Html(highlight::code_block(&code, lang).into()));
                i = end + 1;
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.as_ref() == CITE_MARKER => {
                let end = find_end(&events, i - 1);
                let html = state.cite(&text[range.clone()], range.start, file, offset, diags);
                state.emit_marker(Event::InlineHtml(html.into()));
                i = end + 1;
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if is_script_url(dest_url) =>
            {
                let span = offset + range.start..offset + range.end;
                diags.push(
                    Diagnostic::error(format!("link to a script URL: {dest_url}"))
                        .with_label(Label::span(file, span, "runs code when clicked"))
                        .with_help(
                            "link to an https:// address; Cable never puts script URLs on a page",
                        ),
                );
                state.emit(event.clone());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                state.footnote = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = state.footnote.take() {
                    state.notes.define(label, events);
                }
            }
            Event::FootnoteReference(label) => {
                let html = state.notes.reference(label);
                state.emit_marker(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Table(_)) => {
                state.tables += 1;
                let open = format!(
                    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table {}\">\n",
                    state.tables
                );
                state.emit(Event::Html(open.into()));
                state.emit(event.clone());
            }
            Event::End(TagEnd::Table) => {
                state.emit(event.clone());
                state.emit(Event::Html("</div>\n".into()));
            }
            Event::Text(_) => state.emit(event.clone()),
            Event::Start(Tag::Paragraph) => {
                if state.footnote.is_none()
                    && state.summary_state == SummaryState::Waiting
                    && depth_is_top(&events, i - 1)
                {
                    state.summary_state = SummaryState::Inside;
                }
                state.emit(event.clone());
            }
            Event::End(TagEnd::Paragraph) => {
                state.emit(event.clone());
                if state.summary_state == SummaryState::Inside && state.footnote.is_none() {
                    state.summary_state = SummaryState::Done;
                }
            }
            _ => state.emit(event.clone()),
        }
    }

    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, state.out.into_iter());
    let mut summary_html = String::new();
    let summary_events: Vec<Event> = state.summary;
    let summary_text = squash_spaces(
        &summary_events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                Event::SoftBreak | Event::HardBreak => Some(" "),
                _ => None,
            })
            .collect::<String>(),
    );
    pulldown_cmark::html::push_html(&mut summary_html, summary_events.into_iter());
    let notes_html = state.notes.html();
    let cited = state.citations.into_cited();
    RenderedBody {
        html,
        sources_html: citations::sources_html(sources, &cited),
        notes_html,
        summary_html: summary_html.trim_end().to_string(),
        summary_text,
        words: count_words(&state.reading),
        text: squash_spaces(&state.reading),
        headings: place_headings(&state.reading, state.headings),
        cited,
        support_message_html: None,
    }
}

/// Index of the `End` event matching the `Start` at `start`.
fn find_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// True when the event at `index` is not nested in any block.
fn depth_is_top(events: &[(Event, Range<usize>)], index: usize) -> bool {
    let mut depth = 0isize;
    for (event, _) in &events[..index] {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SummaryState {
    Waiting,
    Inside,
    Done,
}

struct State<'a> {
    out: Vec<Event<'a>>,
    citations: citations::Citations<'a>,
    notes: notes::Notes<'a>,
    ids: HashSet<String>,
    /// The text a reader reads, for the word count (code excluded).
    reading: String,
    /// Headings met so far, with the byte offset of their text in `reading`.
    headings: Vec<(HeadingMark, usize)>,
    tables: usize,
    summary: Vec<Event<'a>>,
    summary_state: SummaryState,
    footnote: Option<(String, Vec<Event<'a>>)>,
}

impl<'a> State<'a> {
    /// Keeps the text of `event` for the word count: text and inline code
    /// as they run, a space at line breaks and the end of each block.
    fn read(&mut self, event: &Event) {
        match event {
            Event::Text(t) | Event::Code(t) => self.reading.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.reading.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition,
            ) => self.reading.push(' '),
            _ => {}
        }
    }

    /// Sends an event to the body (or the footnote being read) and the summary.
    fn emit(&mut self, event: Event<'a>) {
        if self.summary_state == SummaryState::Inside && self.footnote.is_none() {
            self.summary.push(event.clone());
        }
        match &mut self.footnote {
            Some((_, events)) => events.push(event),
            None => self.out.push(event),
        }
    }

    /// Sends a citation or note marker. Superscripts attach to the word
    /// before them, so the space a writer leaves before `[@id]` goes; the
    /// summary drops the marker altogether.
    fn emit_marker(&mut self, event: Event<'a>) {
        if self.summary_state == SummaryState::Inside && self.footnote.is_none() {
            trim_trailing_space(&mut self.summary);
        }
        let target = match &mut self.footnote {
            Some((_, events)) => events,
            None => &mut self.out,
        };
        trim_trailing_space(target);
        target.push(event);
    }

    fn unique_id(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let mut id = base.to_string();
        let mut n = 1;
        while self.ids.contains(&id) || is_generated_id(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<&str>,
        classes: &[CowStr<'a>],
        inner: &[(Event<'a>, Range<usize>)],
        text: &'a str,
        file: &Arc<SourceFile>,
        offset: usize,
        diags: &mut Diagnostics,
    ) {
        // The heading's own words: not those of citation markers inside it.
        let mut plain = String::new();
        let mut in_citation = 0usize;
        for (event, _) in inner {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) if dest_url.as_ref() == CITE_MARKER => {
                    in_citation += 1
                }
                Event::End(TagEnd::Link) if in_citation > 0 => in_citation -= 1,
                Event::Text(t) | Event::Code(t) if in_citation == 0 => plain.push_str(t),
                _ => {}
            }
        }
        let plain = plain.trim_end().to_string();
        if !self.reading.is_empty() && !self.reading.ends_with(char::is_whitespace) {
            self.reading.push(' ');
        }
        let at = self.reading.len();
        self.reading.push_str(&plain);
        self.reading.push(' ');
        let id = self.unique_id(&slugify(explicit_id.unwrap_or(&plain)));
        let mark = HeadingMark {
            level: heading_level(level),
            id: id.clone(),
            text: squash_spaces(&plain),
            word: 0,
        };
        self.headings.push((mark, at));
        let mut open = format!("<{level} id=\"{id}\"");
        if !classes.is_empty() {
            let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            open.push_str(" class=\"");
            highlight::escape_into(&mut open, &joined.join(" "));
            open.push('"');
        }
        open.push('>');
        self.emit(Event::Html(open.into()));
        let mut i = 0;
        while i < inner.len() {
            let (event, range) = &inner[i];
            i += 1;
            match event {
                Event::Start(Tag::Link { dest_url, .. }) if dest_url.as_ref() == CITE_MARKER => {
                    let end = find_end(inner, i - 1);
                    let html = self.cite(&text[range.clone()], range.start, file, offset, diags);
                    self.emit_marker(Event::InlineHtml(html.into()));
                    i = end + 1;
                }
                Event::FootnoteReference(label) => {
                    let html = self.notes.reference(label);
                    self.emit_marker(Event::InlineHtml(html.into()));
                }
                _ => self.emit(event.clone()),
            }
        }
        let close = format!(
            " <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></{level}>\n"
        );
        self.emit(Event::Html(close.into()));
    }

    /// Renders a citation group found at `start` (relative to the body) and
    /// reports unknown ids at their place in the file.
    fn cite(
        &mut self,
        bracketed: &str,
        start: usize,
        file: &Arc<SourceFile>,
        offset: usize,
        diags: &mut Diagnostics,
    ) -> String {
        let items = citations::parse_group(bracketed).unwrap_or_default();
        let mut parts = Vec::new();
        for item in &items {
            match self.citations.cite(item) {
                Some(html) => parts.push(html),
                None => {
                    let span = offset + start + item.span.start..offset + start + item.span.end;
                    let known = self.citations.sources();
                    let help = match did_you_mean(&item.id, known.iter().map(|s| s.id.as_str())) {
                        Some(near) => format!(
                            "did you mean [@{near}]? Or add a [[sources]] entry with id = \"{}\"",
                            item.id
                        ),
                        None if known.is_empty() => format!(
                            "add a [[sources]] entry with id = \"{}\" to the front matter; write \\[@ for a literal \"[@\"",
                            item.id
                        ),
                        None => format!(
                            "add a [[sources]] entry with id = \"{}\"; known ids: {}",
                            item.id,
                            known
                                .iter()
                                .map(|s| s.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    diags.push(
                        Diagnostic::error(format!("citation of unknown source `{}`", item.id))
                            .with_label(Label::span(file, span, "no source has this id"))
                            .with_help(help),
                    );
                    let mut text = String::from("[");
                    highlight::escape_into(&mut text, &item.id);
                    text.push(']');
                    parts.push(text);
                }
            }
        }
        parts.join("<sup class=\"cite-sep\">,</sup>")
    }
}

/// `javascript:` and `vbscript:` links (any case, leading spaces and
/// control characters ignored, as browsers do).
fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:") || cleaned.starts_with("vbscript:")
}

/// Words: runs of non-space characters with at least one letter or digit
/// (`It’s` is one word, a lone `–` none).
/// Turns the byte offsets of headings in `reading` into word indexes.
fn place_headings(reading: &str, headings: Vec<(HeadingMark, usize)>) -> Vec<HeadingMark> {
    let mut words = 0;
    let mut counted = 0;
    headings
        .into_iter()
        .map(|(mut mark, at)| {
            words += reading[counted..at].split_whitespace().count();
            counted = at;
            mark.word = words;
            mark
        })
        .collect()
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Removes spaces and a line break at the end of the text before a marker.
fn trim_trailing_space(events: &mut Vec<Event<'_>>) {
    while matches!(events.last(), Some(Event::SoftBreak)) {
        events.pop();
    }
    if let Some(Event::Text(last)) = events.last_mut()
        && last.ends_with(char::is_whitespace)
    {
        let trimmed = last.trim_end().to_string();
        *last = trimmed.into();
    }
}

/// Ids the renderer generates for markers and list entries.
fn is_generated_id(id: &str) -> bool {
    ["source-", "cite-", "note-"].iter().any(|prefix| {
        id.strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> RenderedBody {
        let file = SourceFile::new("x.md", text.to_string());
        render(&file, 0, &[], &mut Diagnostics::new())
    }

    #[test]
    fn heading_ids_are_unique_and_avoid_reserved_names() {
        let body = page("## Sources\n\n## Intro\n\n## Intro\n\n## Why? {#custom}\n");
        assert!(body.html.contains("<h2 id=\"sources-1\">"), "{}", body.html);
        assert!(body.html.contains("<h2 id=\"intro\">"));
        assert!(body.html.contains("<h2 id=\"intro-1\">"));
        assert!(body.html.contains("<h2 id=\"custom\">"));
    }

    #[test]
    fn summary_is_the_first_top_level_paragraph() {
        let body = page("> quote\n\nFirst *para*.\n\nSecond.\n");
        assert_eq!(body.summary_html, "<p>First <em>para</em>.</p>");
        assert_eq!(body.summary_text, "First para.");
    }

    #[test]
    fn script_links_are_errors() {
        let file = SourceFile::new(
            "x.md",
            "[a](javascript:alert(1)) [b]( JaVaScRiPt:x) [c](https://x.org)\n",
        );
        let mut diags = Diagnostics::new();
        render(&file, 0, &[], &mut diags);
        assert_eq!(diags.error_count(), 2, "{diags}");
        assert!(diags.to_plain_string().contains("x.md:1:1"), "{diags}");
    }

    #[test]
    fn counts_words_across_inline_markup_and_quotes() {
        assert_eq!(page("It's Russia's \"plan\".\n").words, 3);
        assert_eq!(
            page("Ships use *the* [Tartus](https://x.org) base.\n").words,
            5
        );
        assert_eq!(
            page("## Two words\n\nThree more here -- really.\n").words,
            6
        );
    }

    #[test]
    fn counts_words_but_not_code() {
        let body = page("One two three.\n\n```\nnot counted at all\n```\n");
        assert_eq!(body.words, 3);
    }

    #[test]
    fn smart_punctuation_tables_and_strikethrough() {
        let body = page("\"Quote\" -- ~~gone~~\n\n|a|b|\n|-|-|\n|1|2|\n");
        assert!(
            body.html.contains("“Quote” – <del>gone</del>"),
            "{}",
            body.html
        );
        assert!(body.html.contains("<table>"));
    }
}
