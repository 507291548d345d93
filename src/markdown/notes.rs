//! Footnotes: `[^note]` references -> a numbered Notes list with back-links.
//!
//! pulldown-cmark renders footnote definitions where they stand and without
//! back-links; this module numbers notes by first reference, gives every
//! reference its own anchor, and renders the list at the end of the body
//! (Wikipedia-style back-links, as for sources). Definitions that are never
//! referenced are still listed, after the others, so no text is lost.
//!
//! May use: nothing else in the crate.

use std::fmt::Write as _;

use pulldown_cmark::Event;

use super::citations::backrefs;
use super::highlight::escape_into;

#[derive(Debug)]
struct Note<'a> {
    label: String,
    number: Option<usize>,
    anchors: Vec<String>,
    events: Option<Vec<Event<'a>>>,
}

/// The notes of one page, in order of first reference.
#[derive(Debug, Default)]
pub struct Notes<'a> {
    notes: Vec<Note<'a>>,
}

impl<'a> Notes<'a> {
    fn index(&mut self, label: &str) -> usize {
        match self.notes.iter().position(|n| n.label == label) {
            Some(i) => i,
            None => {
                self.notes.push(Note {
                    label: label.to_string(),
                    number: None,
                    anchors: Vec::new(),
                    events: None,
                });
                self.notes.len() - 1
            }
        }
    }

    /// Records a reference and returns its superscript marker.
    pub fn reference(&mut self, label: &str) -> String {
        let index = self.index(label);
        let next = self.notes.iter().filter(|n| n.number.is_some()).count() + 1;
        let note = &mut self.notes[index];
        let number = *note.number.get_or_insert(next);
        let anchor = format!("note-ref-{number}-{}", note.anchors.len() + 1);
        note.anchors.push(anchor.clone());
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#note-{number}\" id=\"{anchor}\" aria-label=\"Note {number}\">{number}</a></sup>"
        )
    }

    /// Records a definition's content.
    pub fn define(&mut self, label: String, events: Vec<Event<'a>>) {
        let index = self.index(&label);
        self.notes[index].events = Some(events);
    }

    /// The Notes section (empty when there are no notes).
    pub fn html(self) -> String {
        let mut notes: Vec<Note> = self.notes;
        // Referenced notes first, in reference order; unreferenced after.
        notes.sort_by_key(|n| n.number.unwrap_or(usize::MAX));
        if notes.is_empty() {
            return String::new();
        }
        let mut html = String::from(
            "<section class=\"notes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\">Notes</h2>\n<ol>\n",
        );
        for (i, note) in notes.into_iter().enumerate() {
            let number = i + 1;
            let _ = write!(html, "<li id=\"note-{number}\">");
            if !note.anchors.is_empty() {
                let anchors: Vec<&str> = note.anchors.iter().map(String::as_str).collect();
                html.push_str(&backrefs(number, &anchors, "note"));
                html.push(' ');
            }
            match note.events {
                Some(events) => pulldown_cmark::html::push_html(&mut html, events.into_iter()),
                None => {
                    html.push_str("<p>(No text for note <code>");
                    escape_into(&mut html, &note.label);
                    html.push_str("</code>.)</p>");
                }
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
        html
    }
}
