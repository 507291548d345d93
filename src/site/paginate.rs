//! Pagination: splitting a list of essays into numbered pages.
//!
//! Page 1 lives at the list's own path (`/`), page N at `{path}page/N/`.
//! An empty list still has one page, so the home page always exists.
//!
//! May use: nothing else in the crate.

use std::ops::Range;

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    /// 1-based page number.
    pub number: usize,
    /// Number of pages in the list.
    pub total: usize,
    /// Site path of this page.
    pub path: String,
    /// Site path of the previous (newer) page.
    pub prev: Option<String>,
    /// Site path of the next (older) page.
    pub next: Option<String>,
    /// Which items of the list are on this page.
    pub items: Range<usize>,
}

/// Site path of page `number` of the list at `base` (`/` or `/tags/x/`).
pub fn page_path(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

/// The pages of a list of `count` items at `base`, `per_page` a page.
pub fn paginate(base: &str, count: usize, per_page: usize) -> Vec<Pager> {
    let per_page = per_page.max(1);
    let total = count.div_ceil(per_page).max(1);
    (1..=total)
        .map(|number| Pager {
            number,
            total,
            path: page_path(base, number),
            prev: (number > 1).then(|| page_path(base, number - 1)),
            next: (number < total).then(|| page_path(base, number + 1)),
            items: (number - 1) * per_page..(number * per_page).min(count),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges() {
        let empty = paginate("/", 0, 10);
        assert_eq!(empty.len(), 1);
        assert_eq!(empty[0].items, 0..0);
        assert_eq!(paginate("/", 1, 10).len(), 1);
        assert_eq!(paginate("/", 10, 10).len(), 1);
        let two = paginate("/", 11, 10);
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].path, "/page/2/");
        assert_eq!(two[1].items, 10..11);
        assert_eq!(two[1].prev.as_deref(), Some("/"));
        assert_eq!(two[0].next.as_deref(), Some("/page/2/"));
    }
}
