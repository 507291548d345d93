//! Syntax highlighting of fenced code with syntect, as CSS classes.
//!
//! The syntax set is loaded once per process, and only when a page has a
//! fenced code block with a language. Output uses classes prefixed `hl-`
//! (`hl-keyword`, `hl-string`…), so the theme's stylesheet owns the colours
//! for light and dark mode.
//!
//! May use: nothing else in the crate.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// The class prefix of highlighted spans.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The language named by a fence's info string (`rust`, `{.rust}`, `rust,ignore`).
pub fn language(info: &str) -> Option<&str> {
    let first = info
        .split([' ', ',', '\t'])
        .next()?
        .trim_matches(['{', '}', '.']);
    (!first.is_empty()).then_some(first)
}

/// A `<pre class="code">` block for `code`, highlighted when `lang` is known.
pub fn code_block(code: &str, lang: Option<&str>) -> String {
    let mut html = String::with_capacity(code.len() * 2 + 64);
    html.push_str("<pre class=\"code\" tabindex=\"0\"");
    if let Some(lang) = lang {
        html.push_str(" data-lang=\"");
        escape_into(&mut html, lang);
        html.push('"');
    }
    html.push_str("><code>");
    match lang.and_then(highlighted) {
        Some(body) => html.push_str(&body(code)),
        None => escape_into(&mut html, code),
    }
    html.push_str("</code></pre>\n");
    html
}

/// A highlighter for `lang`, if syntect knows it.
fn highlighted(lang: &str) -> Option<impl Fn(&str) -> String> {
    let syntaxes = SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines);
    let syntax = syntaxes
        .find_syntax_by_token(lang)
        .or_else(|| syntaxes.find_syntax_by_token(&lang.to_ascii_lowercase()))?;
    Some(move |code: &str| {
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                // syntect gave up on this grammar; show the code plain.
                let mut plain = String::new();
                escape_into(&mut plain, code);
                return plain;
            }
        }
        generator.finalize()
    })
}

/// Appends `text` with `& < > "` escaped.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings() {
        assert_eq!(language("rust"), Some("rust"));
        assert_eq!(language("{.python}"), Some("python"));
        assert_eq!(language("rust,ignore"), Some("rust"));
        assert_eq!(language(""), None);
    }

    #[test]
    fn highlights_known_languages_with_classes() {
        let html = code_block("fn main() {}\n", Some("rust"));
        assert!(
            html.starts_with("<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\"><code>"),
            "{html}"
        );
        assert!(
            html.contains("class=\"hl-storage hl-type hl-function hl-rust\""),
            "{html}"
        );
    }

    #[test]
    fn unknown_languages_are_escaped_plain() {
        let html = code_block("<b>&</b>\n", Some("klingon"));
        assert_eq!(
            html,
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"klingon\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
        );
    }
}
