//! Slugs: the lower-case ASCII, hyphen-separated names used in URLs.
//!
//! May use: nothing else in the crate.

/// `"Türkiye's Black Sea"` -> `"turkiyes-black-sea"`: transliterated to
/// ASCII, lower-cased, every run of other characters made one hyphen.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' {
            // "Assad's" -> "assads", not "assad-s".
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// True when `slug` is already a valid slug: `a-z`, `0-9` and single inner hyphens.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Türkiye"), "turkiye");
        assert_eq!(
            slugify("Moscow adapts to Assad's fall"),
            "moscow-adapts-to-assads-fall"
        );
        assert_eq!(slugify("  OPEC+ / Gulf  "), "opec-gulf");
        assert_eq!(slugify("Middle East"), "middle-east");
        assert_eq!(slugify("北京"), "bei-jing");
        assert!(is_slug("red-sea-2025"));
        assert!(!is_slug("../x"));
        assert!(!is_slug("Red-Sea"));
        assert!(!is_slug("a--b"));
    }
}
