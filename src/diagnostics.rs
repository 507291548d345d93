//! Errors and warnings for the writer: the one place that turns problems into text.
//!
//! Every stage reports what is wrong with the input as a [`Diagnostic`]: a
//! message, where it happened (a [`Label`]: file, byte span, short note), and
//! a hint saying what to do. Stages collect them in a [`Diagnostics`] value
//! and keep going, so one run shows every problem of every file. This module
//! computes line and column from the file text and renders the offending line
//! with a caret (through `codespan-reporting`).
//!
//! May use: nothing else in the crate.

use std::fmt;
use std::io::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

/// A file the writer owns, kept whole so diagnostics can quote its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the writer knows it: relative to the site root when possible.
    pub path: PathBuf,
    /// The full text of the file.
    pub text: Arc<str>,
}

impl SourceFile {
    /// Wraps a file's display path and its text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Arc<Self> {
        Arc::new(Self {
            path: path.into(),
            text: text.into(),
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails and nothing is written.
    Error,
    /// Worth a look; the build goes on.
    Warning,
}

/// Where a problem is: a span of a file's text, or a whole file on disk.
#[derive(Debug, Clone)]
pub enum Location {
    /// A byte range inside a file whose text we have.
    Span {
        /// The file.
        file: Arc<SourceFile>,
        /// Byte range in `file.text`.
        span: Range<usize>,
    },
    /// A path without a text to quote (unreadable file, missing folder).
    Path(PathBuf),
}

/// A location with a short note shown next to the caret.
#[derive(Debug, Clone)]
pub struct Label {
    /// Where.
    pub location: Location,
    /// What is there (may be empty).
    pub message: String,
}

impl Label {
    /// A label on a byte span of a file.
    pub fn span(file: &Arc<SourceFile>, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            location: Location::Span {
                file: Arc::clone(file),
                span,
            },
            message: message.into(),
        }
    }

    /// A label on a whole path.
    pub fn path(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            location: Location::Path(path.into()),
            message: message.into(),
        }
    }

    fn sort_key(&self) -> (PathBuf, usize) {
        match &self.location {
            Location::Span { file, span } => (file.path.clone(), span.start),
            Location::Path(path) => (path.clone(), 0),
        }
    }
}

/// One problem with the input, ready to be shown to the writer.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// One sentence: what is wrong.
    pub message: String,
    /// Where it is, if anywhere in particular.
    pub primary: Option<Label>,
    /// Other places involved (the second of two colliding files, say).
    pub secondary: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with a message and nothing else yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// A warning with a message and nothing else yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Points the diagnostic at a place.
    pub fn with_label(mut self, label: Label) -> Self {
        if self.primary.is_none() {
            self.primary = Some(label);
        } else {
            self.secondary.push(label);
        }
        self
    }

    /// Adds the hint that tells the writer what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:column` of the primary label, for one-line summaries.
    pub fn location_string(&self) -> Option<String> {
        self.primary.as_ref().map(|label| match &label.location {
            Location::Span { file, span } => {
                let (line, col) = file.line_col(span.start);
                format!("{}:{line}:{col}", file.path.display())
            }
            Location::Path(path) => path.display().to_string(),
        })
    }
}

/// Something a stage's typed error can become: the bridge from `thiserror`
/// enums to what the writer sees. The message is the error's `Display`.
pub trait Problem: std::error::Error {
    /// Byte span of the problem in its file.
    fn span(&self) -> Range<usize>;
    /// Short note at the caret.
    fn label(&self) -> String {
        String::new()
    }
    /// What the writer should do.
    fn help(&self) -> Option<String> {
        None
    }
    /// Error unless the problem says otherwise.
    fn severity(&self) -> Severity {
        Severity::Error
    }
    /// The diagnostic for this problem in `file`.
    fn to_diagnostic(&self, file: &Arc<SourceFile>) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(self.to_string()).with_label(Label::span(
            file,
            self.span(),
            self.label(),
        ));
        diagnostic.severity = self.severity();
        diagnostic.help = self.help();
        diagnostic
    }
}

/// The problems found so far. Passed from stage to stage; never global.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No problems.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records a typed problem found in `file`.
    pub fn report(&mut self, file: &Arc<SourceFile>, problem: &impl Problem) {
        self.push(problem.to_diagnostic(file));
    }

    /// Takes every problem of another collector.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Drops the problems whose primary location is in the file `path`.
    pub fn forget_file(&mut self, path: &Path) {
        self.items
            .retain(|d| match d.primary.as_ref().map(|l| &l.location) {
                Some(Location::Span { file, .. }) => file.path != path,
                Some(Location::Path(p)) => p != path,
                None => true,
            });
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems, in a stable order: by file, then position.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by_key(|d| d.primary.as_ref().map(Label::sort_key));
        items
    }

    /// Renders every problem (sorted) as plain text, for tests and logs.
    pub fn to_plain_string(&self) -> String {
        let mut out = Vec::new();
        self.write_to(&mut termcolor::NoColor::new(&mut out));
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Renders every problem to stderr, in colour when stderr is a terminal.
    pub fn print_to_stderr(&self, color: bool) {
        let choice = if color {
            termcolor::ColorChoice::Auto
        } else {
            termcolor::ColorChoice::Never
        };
        let stream = termcolor::StandardStream::stderr(choice);
        let mut lock = stream.lock();
        self.write_to(&mut lock);
        let _ = lock.flush();
    }

    fn write_to(&self, out: &mut dyn termcolor::WriteColor) {
        for diagnostic in self.sorted() {
            render(diagnostic, out);
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_plain_string())
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self {
            items: vec![diagnostic],
        }
    }
}

fn render(diagnostic: &Diagnostic, out: &mut dyn termcolor::WriteColor) {
    let mut files = SimpleFiles::new();
    let mut ids: Vec<(PathBuf, usize)> = Vec::new();
    let mut file_id = |path: &Path, text: &str| {
        if let Some((_, id)) = ids.iter().find(|(p, _)| p == path) {
            return *id;
        }
        let id = files.add(path.display().to_string(), text.to_string());
        ids.push((path.to_path_buf(), id));
        id
    };

    let mut labels = Vec::new();
    let mut path_notes = Vec::new();
    let all = diagnostic
        .primary
        .iter()
        .map(|l| (cs::LabelStyle::Primary, l))
        .chain(
            diagnostic
                .secondary
                .iter()
                .map(|l| (cs::LabelStyle::Secondary, l)),
        );
    for (style, label) in all {
        match &label.location {
            Location::Span { file, span } => {
                let id = file_id(&file.path, &file.text);
                let start = floor_char_boundary(&file.text, span.start.min(file.text.len()));
                let end = floor_char_boundary(&file.text, span.end.clamp(start, file.text.len()));
                labels.push(cs::Label::new(style, id, start..end).with_message(&label.message));
            }
            Location::Path(path) => {
                let note = if label.message.is_empty() {
                    format!("in {}", path.display())
                } else {
                    format!("in {}: {}", path.display(), label.message)
                };
                path_notes.push(note);
            }
        }
    }

    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut notes = path_notes;
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    let rendered = cs::Diagnostic::new(severity)
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes);
    let config = term::Config::default();
    if term::emit_to_write_style(out, &config, &files, &rendered).is_err() {
        // The spans come from our own parsing of the same text; if the
        // renderer still refuses them, fall back to the plain message.
        let _ = writeln!(
            out,
            "{}: {}",
            severity_word(diagnostic.severity),
            diagnostic.message
        );
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&word, &candidate.to_lowercase()), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.chars().count() / 3).max(2))
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["title", "base_url", "paginate"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("baseurl", keys), Some("base_url"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let file = SourceFile::new("x.md", "ab\nTürkiye = 1\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        let eq = file.text.find('=').unwrap();
        assert_eq!(file.line_col(eq), (2, 9));
    }

    #[test]
    fn renders_file_line_column_caret_and_help() {
        let file = SourceFile::new("content/x.md", "+++\ntitel = \"x\"\n+++\n");
        let mut diags = Diagnostics::new();
        diags.push(
            Diagnostic::error("unknown key `titel`")
                .with_label(Label::span(&file, 4..9, "not a front matter key"))
                .with_help("did you mean `title`?"),
        );
        let text = diags.to_plain_string();
        assert!(text.contains("error: unknown key `titel`"), "{text}");
        assert!(text.contains("content/x.md:2:1"), "{text}");
        assert!(text.contains("^^^^^ not a front matter key"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
    }
}
