//! Rewriting the links of rendered HTML: `href` and `src` values.
//!
//! Summaries shown on list pages and essays in feeds leave their page, so
//! their relative links (a bundle's `map.svg`, a `#source-1` fragment) must
//! be made to point back at it.
//!
//! May use: nothing else in the crate.

/// Calls `rewrite` on every `href="…"` and `src="…"` value; `Some(new)`
/// replaces it.
pub fn rewrite_urls(html: &str, rewrite: impl Fn(&str) -> Option<String>) -> String {
    const ATTRS: [&str; 2] = ["href=\"", "src=\""];
    let mut out = String::with_capacity(html.len() + 64);
    // The next place of each attribute, found once and kept until used, so
    // a page is scanned once whatever the mix of attributes.
    let find = |from: usize, attr: &str| html[from..].find(attr).map(|i| from + i);
    let mut next = ATTRS.map(|attr| find(0, attr));
    let mut copied = 0;
    loop {
        let Some((which, start)) = next
            .iter()
            .enumerate()
            .filter_map(|(which, at)| at.map(|at| (which, at)))
            .min_by_key(|&(_, at)| at)
        else {
            out.push_str(&html[copied..]);
            return out;
        };
        let value_start = start + ATTRS[which].len();
        out.push_str(&html[copied..value_start]);
        let Some(value_len) = html[value_start..].find('"') else {
            out.push_str(&html[value_start..]);
            return out;
        };
        let value = &html[value_start..value_start + value_len];
        match rewrite(value) {
            Some(new) => out.push_str(&new),
            None => out.push_str(value),
        }
        copied = value_start + value_len;
        for (i, attr) in ATTRS.iter().enumerate() {
            if next[i].is_some_and(|at| at < copied) {
                next[i] = find(copied, attr);
            }
        }
    }
}

/// What kind of reference a link value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `https://…`, `mailto:…`, `//host/…`: leave alone.
    Absolute,
    /// `/essays/x/`: relative to the site's origin.
    RootRelative,
    /// `#source-1`: a fragment of the same page.
    Fragment,
    /// `map.svg`, `../x/`: relative to the page.
    Relative,
}

/// Classifies a link value.
pub fn kind(value: &str) -> LinkKind {
    if value.starts_with("//") || has_scheme(value) {
        LinkKind::Absolute
    } else if value.starts_with('/') {
        LinkKind::RootRelative
    } else if value.starts_with('#') {
        LinkKind::Fragment
    } else {
        LinkKind::Relative
    }
}

fn has_scheme(value: &str) -> bool {
    match value.find(':') {
        Some(colon) => {
            let scheme = &value[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_and_rewrites() {
        assert_eq!(kind("https://x.org"), LinkKind::Absolute);
        assert_eq!(kind("mailto:a@b"), LinkKind::Absolute);
        assert_eq!(kind("/about/"), LinkKind::RootRelative);
        assert_eq!(kind("#notes"), LinkKind::Fragment);
        assert_eq!(kind("map.svg"), LinkKind::Relative);
        let html = "<img src=\"map.svg\" alt=\"x\"> <a href=\"https://x.org\">x</a>";
        let out = rewrite_urls(html, |v| {
            (kind(v) == LinkKind::Relative).then(|| format!("/e/{v}"))
        });
        assert_eq!(
            out,
            "<img src=\"/e/map.svg\" alt=\"x\"> <a href=\"https://x.org\">x</a>"
        );
    }
}
