//! `cable init DIR`: make a new site that builds at once, then say what to
//! do next.
//!
//! May use: `scaffold`, `diagnostics`.

use std::path::Path;
use std::process::ExitCode;

use crate::scaffold;

/// Creates the site in `dir` and prints what was made and the next steps.
pub fn init(dir: &Path, theme_copy: bool) -> ExitCode {
    let files = match scaffold::init(dir, theme_copy) {
        Ok(files) => files,
        Err(error) => return super::new::fail(&error),
    };
    let shown = dir.display().to_string();
    println!("Created a new site in {shown}:");
    let described = [
        ("site.toml", "the settings; every key is explained"),
        (
            "content/essays/welcome.md",
            "a first essay, citing a source",
        ),
        ("content/pages/about.md", "the About page"),
        (".gitignore", "keeps the built site (public/) out of git"),
    ];
    for (file, what) in described {
        if files.iter().any(|f| f == file) {
            println!("  {file:<27} {what}");
        }
    }
    if files.iter().any(|f| f.starts_with("themes/default/")) {
        println!(
            "  {:<27} a copy of the default theme, to edit",
            "themes/default/"
        );
    }
    println!();
    println!("Next steps:");
    let cd = format!("cd {} && cable build", shell_quote(&shown));
    println!("  {cd:<34} build the site into public/");
    println!(
        "  {:<34} start a new essay (a draft)",
        "cable new \"Title of your essay\""
    );
    println!(
        "  {:<34} build with drafts included",
        "cable build --drafts"
    );
    ExitCode::SUCCESS
}

/// `text` as one shell word: as is when safe, else in single quotes.
fn shell_quote(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | ':'));
    if safe {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(shell_quote("my-site"), "my-site");
        assert_eq!(shell_quote("../sites/a_b.c"), "../sites/a_b.c");
        assert_eq!(shell_quote("my site"), "'my site'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
