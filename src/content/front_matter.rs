//! The `+++` front matter block: splitting it off a file and parsing its TOML.
//!
//! [`split`] finds the block and records where the TOML and the body start
//! in the file, so every later error (a bad key here, an unknown citation in
//! the body) points at the right line of the original file. [`parse_essay`]
//! and [`parse_page`] turn the TOML into the raw, spanned structs that
//! `essay.rs` validates.
//!
//! May use: `config` (the support table, TOML diagnostics), `diagnostics`.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::date::Date;
use crate::config::{Support, toml_diagnostic};
use crate::diagnostics::{Diagnostic, Diagnostics, Label, Problem, SourceFile};

/// A file cut into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the TOML between the `+++` lines.
    pub toml: Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body: usize,
}

/// What can be wrong with the shape of the front matter block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontMatterError {
    /// The file does not start with `+++`.
    #[error("no front matter: the file must start with a `+++` line")]
    Missing {
        /// The first line.
        span: Range<usize>,
    },
    /// An opening `+++` without a closing one.
    #[error("front matter is never closed: no second `+++` line")]
    Unclosed {
        /// The opening `+++`.
        span: Range<usize>,
    },
}

impl Problem for FrontMatterError {
    fn span(&self) -> Range<usize> {
        match self {
            Self::Missing { span } | Self::Unclosed { span } => span.clone(),
        }
    }
    fn label(&self) -> String {
        match self {
            Self::Missing { .. } => "expected `+++` here".into(),
            Self::Unclosed { .. } => "front matter opened here".into(),
        }
    }
    fn help(&self) -> Option<String> {
        Some(match self {
            Self::Missing { .. } => {
                "start the file with `+++`, then TOML such as title = \"…\" and date = 2025-10-15, then `+++`".into()
            }
            Self::Unclosed { .. } => "add a line `+++` after the last front matter key, before the text".into(),
        })
    }
}

/// Finds the `+++` block at the top of `text`.
pub fn split(text: &str) -> Result<Split, FrontMatterError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = LineIter { text, pos: start };
    let first = lines.next();
    match first {
        Some((range, line)) if line.trim_end() == "+++" => {
            let toml_start = range.end;
            for (range, line) in lines.by_ref() {
                if line.trim_end() == "+++" {
                    return Ok(Split {
                        toml: toml_start..range.start,
                        body: range.end,
                    });
                }
            }
            let open = range.start..range.start + 3;
            Err(FrontMatterError::Unclosed { span: open })
        }
        Some((range, line)) => Err(FrontMatterError::Missing {
            span: range.start..range.start + line.trim_end().len().max(1),
        }),
        None => Err(FrontMatterError::Missing { span: start..start }),
    }
}

/// Lines with the byte range each occupies, including its line break.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (Range<usize>, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let range = self.pos..self.pos + len;
        self.pos += len;
        let line = rest[..len].trim_end_matches(['\n', '\r']);
        Some((range, line))
    }
}

/// A date field: a TOML date or date-time, or a string holding one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateField(pub Date);

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date such as 2025-10-15 or 2025-10-15T08:30:00Z")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<DateField, E> {
                Date::parse(text)
                    .map(DateField)
                    .map_err(|why| E::custom(format!("{text:?} is {why}")))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateField, A::Error> {
                let value =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Date::from_toml(&value)
                    .map(DateField)
                    .map_err(|why| de::Error::custom(format!("{value} is {why}")))
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// `support = true | false` or a `[support]` table overriding site.toml's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SupportSetting {
    /// Show (true) or hide (false) the site's block.
    Show(bool),
    /// Show it, with these fields replacing the site's.
    Override(Support),
}

impl Default for SupportSetting {
    fn default() -> Self {
        Self::Show(true)
    }
}

impl<'de> Deserialize<'de> for SupportSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SupportVisitor;
        impl<'de> Visitor<'de> for SupportVisitor {
            type Value = SupportSetting;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false or a [support] table")
            }
            fn visit_bool<E: de::Error>(self, show: bool) -> Result<SupportSetting, E> {
                Ok(SupportSetting::Show(show))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SupportSetting, A::Error> {
                Support::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(SupportSetting::Override)
            }
        }
        deserializer.deserialize_any(SupportVisitor)
    }
}

/// An essay's front matter as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<DateField>>,
    pub author: Option<Spanned<String>>,
    pub authors: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    pub summary: Option<String>,
    pub updated: Option<Spanned<DateField>>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub support: SupportSetting,
    #[serde(default)]
    pub sources: Vec<Spanned<RawSource>>,
}

/// One `[[sources]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub date: Option<DateField>,
    pub accessed: Option<DateField>,
    pub archive_url: Option<Spanned<String>>,
}

/// A standalone page's front matter as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPageFrontMatter {
    pub title: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    pub updated: Option<Spanned<DateField>>,
    /// Position in the site navigation (lower first).
    #[serde(default)]
    pub weight: i64,
    /// Whether the page is linked from the site navigation.
    #[serde(default = "yes")]
    pub menu: bool,
}

fn yes() -> bool {
    true
}

/// Spans from the TOML parser are relative to the TOML text; this shifts one
/// to the file.
pub fn shift(span: Range<usize>, offset: usize) -> Range<usize> {
    span.start + offset..span.end + offset
}

/// Parses the TOML of a block found by [`split`] into `T`.
pub fn parse<T: for<'de> Deserialize<'de>>(
    file: &Arc<SourceFile>,
    split: &Split,
) -> Result<T, Diagnostics> {
    let toml_text = &file.text[split.toml.clone()];
    toml::from_str(toml_text).map_err(|error| {
        let mut diagnostic = toml_diagnostic(file, split.toml.start, &error, "front matter");
        if diagnostic.help.as_deref() == Some("fix the TOML syntax of front matter") {
            diagnostic.help = Some(
                "front matter is TOML: key = value, strings in double quotes, dates as 2025-10-15"
                    .into(),
            );
        }
        Diagnostics::from(diagnostic)
    })
}

/// An error at a span of the TOML block, shifted into the file.
pub fn error_at(
    file: &Arc<SourceFile>,
    span: Range<usize>,
    offset: usize,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(message)
        .with_label(Label::span(file, shift(span, offset), ""))
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"x\"\n+++\nBody\n";
        let split = split(text).unwrap();
        assert_eq!(&text[split.toml.clone()], "title = \"x\"\n");
        assert_eq!(&text[split.body..], "Body\n");
    }

    #[test]
    fn handles_crlf_and_bom() {
        let text = "\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\nBody";
        let split = split(text).unwrap();
        assert_eq!(&text[split.toml.clone()], "title = \"x\"\r\n");
        assert_eq!(&text[split.body..], "Body");
    }

    #[test]
    fn missing_and_unclosed() {
        assert!(matches!(
            split("title = 1\n"),
            Err(FrontMatterError::Missing { .. })
        ));
        assert!(matches!(split(""), Err(FrontMatterError::Missing { .. })));
        assert_eq!(
            split("+++\ntitle = 1\nbody\n"),
            Err(FrontMatterError::Unclosed { span: 0..3 })
        );
    }

    #[test]
    fn date_field_accepts_toml_dates_and_strings() {
        #[derive(Deserialize)]
        struct T {
            a: DateField,
            b: DateField,
        }
        let t: T = toml::from_str("a = 2025-10-15\nb = \"2025-10-16T10:00:00Z\"").unwrap();
        assert_eq!(t.a.0.iso_date(), "2025-10-15");
        assert_eq!(t.b.0.rfc3339(), "2025-10-16T10:00:00Z");
        let err = toml::from_str::<T>("a = 2025-02-30\nb = 2025-01-01")
            .err()
            .unwrap();
        assert!(
            err.message().contains("day between 01 and 28"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn support_setting_bool_or_table() {
        #[derive(Deserialize)]
        struct T {
            support: SupportSetting,
        }
        let t: T = toml::from_str("support = false").unwrap();
        assert_eq!(t.support, SupportSetting::Show(false));
        let t: T = toml::from_str("[support]\nsubscribe_label = \"Join\"").unwrap();
        assert!(
            matches!(t.support, SupportSetting::Override(s) if s.subscribe_label.as_deref() == Some("Join"))
        );
        assert!(toml::from_str::<T>("[support]\nlabel = \"x\"").is_err());
    }
}
