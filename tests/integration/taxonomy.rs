//! Around the essays (issue 4): tags, authors and their profiles, the
//! archive, pagination edges of every list, related essays, reading time
//! and word counts.
//!
//! Fixtures: `tags-authors/` (5 essays over two years, two profiled authors,
//! `paginate = 2`), `tags-collision/` (two spellings of two tags),
//! `related/` (a ranking with one right answer); pagination edges are built
//! inline.

use crate::support::{Run, SiteTest, attributes, broken_links, element, invalid, listing};

// ---------------------------------------------------------------- helpers

/// Every start tag `<name …>` of `html`, whole.
pub fn start_tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&open).map(|i| from + i) {
        let after = html[i + open.len()..].chars().next();
        let end = html[i..].find('>').map_or(html.len(), |j| i + j + 1);
        if after.is_some_and(|c| c == '>' || c.is_whitespace() || c == '/') {
            out.push(&html[i..end]);
        }
        from = end.max(i + 1);
    }
    out
}

/// The value of attribute `name` of one start tag.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    attributes(tag)
        .into_iter()
        .find(|a| a.name == name)
        .map(|a| a.value)
}

/// The `<head>` of a page.
pub fn head(html: &str) -> &str {
    element(html, "head").expect("a <head>")
}

/// `href`s of the `<link rel="{rel}">` elements of the page's `<head>`.
pub fn head_links(html: &str, rel: &str) -> Vec<String> {
    start_tags(head(html), "link")
        .into_iter()
        .filter(|t| attr(t, "rel").as_deref() == Some(rel))
        .filter_map(|t| attr(t, "href"))
        .collect()
}

/// The `<nav class="pagination">` of a list page, if any.
fn pagination(html: &str) -> Option<&str> {
    let start = html.find("<nav class=\"pagination\"")?;
    let end = start + html[start..].find("</nav>")? + "</nav>".len();
    Some(&html[start..end])
}

/// The essay URLs a list page (home, tag, author) lists, in order.
fn listed(run: &Run, url: &str) -> Vec<String> {
    let main = run.main_html(url);
    main.split("<li class=\"essay-item\">")
        .skip(1)
        .map(|item| {
            let title = element(item, "h2").expect("an entry has a title");
            attr(start_tags(title, "a")[0], "href").expect("a linked title")
        })
        .collect()
}

/// `(href, text)` of every `<a>` inside `html`.
fn anchors(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a ") {
        let tag_end = i + rest[i..].find('>').unwrap() + 1;
        let close = tag_end + rest[tag_end..].find("</a>").unwrap();
        let href = attr(&rest[i..tag_end], "href").unwrap_or_default();
        out.push((href, rest[tag_end..close].to_string()));
        rest = &rest[close..];
    }
    out
}

fn tags_authors() -> Run {
    let run = SiteTest::fixture("tags-authors").build();
    run.assert_success().assert_quiet();
    run
}

// ---------------------------------------------------------------- tags

#[test]
fn tag_index_lists_every_tag_with_its_count() {
    let run = tags_authors();
    let main = run.main_html("/tags/");
    let mut entries = tag_index(&main);
    // (The order is checked by `tag_index_sorts_accented_names_with_their_letters`.)
    entries.sort_by(|a, b| a.1.cmp(&b.1));
    let expected = [
        ("Gulf of Guinea", "/tags/gulf-of-guinea/", "1"),
        ("Russia", "/tags/russia/", "3"),
        ("São Tomé", "/tags/sao-tome/", "1"),
        ("Syria", "/tags/syria/", "1"),
        ("Taiwan", "/tags/taiwan/", "1"),
        ("Türkiye", "/tags/turkiye/", "1"),
        ("Ukraine", "/tags/ukraine/", "1"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(entries, expected, "{main}");
}

/// `(name, href, count)` of each entry of the tag index.
fn tag_index(main: &str) -> Vec<(String, String, String)> {
    main.split("<li>")
        .skip(1)
        .map(|li| {
            let (href, name) = anchors(li).remove(0);
            let count = li
                .split("<span class=\"count\">")
                .nth(1)
                .and_then(|c| c.split('<').next())
                .unwrap_or_default()
                .to_string();
            (name, href, count)
        })
        .collect()
}

#[test]
fn tag_index_sorts_accented_names_with_their_letters() {
    // Tags (and authors) are sorted by their lower-cased name, code point by
    // code point, so every name starting with an accented letter comes after
    // Z: "Zambia" before "Österreich", "Syria" before "São Tomé". A reader
    // expects alphabetical order, which is also the order of the slugs.
    let mut site = SiteTest::empty();
    for (name, tag) in [
        ("a", "Zambia"),
        ("b", "Österreich"),
        ("c", "Albania"),
        ("d", "Égypte"),
    ] {
        site = site.file(
            &format!("content/essays/{name}.md"),
            &format!(
                "+++\ntitle = \"{name}\"\ndate = 2025-01-01\ntags = [\"{tag}\"]\n+++\n\nText.\n"
            ),
        );
    }
    let run = site.build();
    run.assert_success();
    let names: Vec<String> = tag_index(&run.main_html("/tags/"))
        .into_iter()
        .map(|(name, _, _)| name)
        .collect();
    assert_eq!(names, ["Albania", "Égypte", "Österreich", "Zambia"]);
}

#[test]
fn tag_pages_list_their_essays_newest_first_paginated() {
    let run = tags_authors();
    assert_eq!(
        listed(&run, "/tags/russia/"),
        ["/essays/bases/", "/essays/straits/"]
    );
    assert_eq!(listed(&run, "/tags/russia/page/2/"), ["/essays/grain/"]);
    assert!(!run.exists("tags/russia/page/1/index.html"));
    assert!(!run.exists("tags/russia/page/3/index.html"));
    assert_eq!(listed(&run, "/tags/taiwan/"), ["/essays/chips/"]);
    assert!(!run.exists("tags/taiwan/page/2/index.html"));

    let first = run.page("/tags/russia/");
    assert_eq!(head_links(&first, "next"), ["/tags/russia/page/2/"]);
    assert!(head_links(&first, "prev").is_empty());
    let second = run.page("/tags/russia/page/2/");
    assert_eq!(head_links(&second, "prev"), ["/tags/russia/"]);
    assert!(head_links(&second, "next").is_empty());
    // And in the page, for readers.
    let nav = pagination(&first).expect("a pagination nav on page 1");
    assert!(
        nav.contains("<a rel=\"next\" href=\"/tags/russia/page/2/\""),
        "{nav}"
    );
    let nav = pagination(&second).expect("a pagination nav on page 2");
    assert!(
        nav.contains("<a rel=\"prev\" href=\"/tags/russia/\""),
        "{nav}"
    );
}

#[test]
fn every_tag_has_an_atom_feed_with_its_own_essays_only() {
    let run = tags_authors();
    let entries = |feed: &str| -> Vec<String> {
        let xml = run.read(feed);
        xml.split("<entry>")
            .skip(1)
            .map(|e| {
                e.split("<id>")
                    .nth(1)
                    .unwrap()
                    .split("</id>")
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        entries("tags/russia/atom.xml"),
        [
            "https://example.org/essays/bases/",
            "https://example.org/essays/straits/",
            "https://example.org/essays/grain/",
        ]
    );
    assert_eq!(
        entries("tags/taiwan/atom.xml"),
        ["https://example.org/essays/chips/"]
    );
    assert_eq!(
        entries("tags/turkiye/atom.xml"),
        ["https://example.org/essays/straits/"]
    );
    let russia = run.read("tags/russia/atom.xml");
    assert!(
        russia.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/tags/russia/atom.xml\"/>"),
        "{russia}"
    );
    for tag in [
        "gulf-of-guinea",
        "russia",
        "sao-tome",
        "syria",
        "taiwan",
        "turkiye",
        "ukraine",
    ] {
        assert!(
            run.exists(&format!("tags/{tag}/atom.xml")),
            "no feed for {tag}"
        );
    }
}

#[test]
fn unicode_tags_get_ascii_slugs() {
    let run = tags_authors();
    assert!(
        run.page("/tags/turkiye/")
            .contains("<h1 class=\"page-title\">Türkiye</h1>")
    );
    assert!(
        run.page("/tags/sao-tome/")
            .contains("<h1 class=\"page-title\">São Tomé</h1>")
    );
    for file in run.file_list() {
        assert!(
            file.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-./".contains(c)),
            "not a lower-case ASCII path: {file}"
        );
    }
    // More scripts: a CJK tag, curly apostrophes, an author with diacritics.
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            "+++\ntitle = \"X\"\ndate = 2025-01-01\nauthor = \"Łukasz Żuk\"\ntags = [\"中国\", \"Côte d’Ivoire\"]\n+++\n\nText.\n",
        )
        .build();
    run.assert_success();
    for page in [
        "/tags/zhong-guo/",
        "/tags/cote-divoire/",
        "/authors/lukasz-zuk/",
    ] {
        assert!(run.exists(&crate::support::url_to_file(page)), "no {page}");
    }
}

#[test]
fn tags_with_the_same_slug_are_an_error_naming_both_uses() {
    // `Türkiye` and `Turkiye`, `Russia` and `russia`: each pair would share
    // one URL.
    let stderr = invalid("tags-collision");
    for place in [
        "content/essays/ankara.md:4:9",   // "Türkiye"
        "content/essays/straits.md:4:22", // "Turkiye"
        "content/essays/ankara.md:4:20",  // "Russia"
        "content/essays/moscow.md:4:9",   // "russia"
    ] {
        assert!(stderr.contains(place), "{place} not named in:\n{stderr}");
    }
    assert!(stderr.contains("/tags/turkiye/"), "{stderr}");
    assert!(stderr.contains("/tags/russia/"), "{stderr}");
    assert!(stderr.contains("2 errors; nothing was written"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn authors_with_the_same_slug_are_an_error_naming_both_uses() {
    let site = SiteTest::empty()
        .file(
            "content/essays/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-01-02\nauthor = \"Mara Lindqvist\"\n+++\n\nText.\n",
        )
        .file(
            "content/essays/b.md",
            "+++\ntitle = \"B\"\ndate = 2025-01-01\nauthors = [\"mara lindqvist\"]\n+++\n\nText.\n",
        );
    let run = site.build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("/authors/mara-lindqvist/"), "{stderr}");
    assert!(stderr.contains("content/essays/a.md:4:"), "{stderr}");
    assert!(stderr.contains("content/essays/b.md:4:"), "{stderr}");
    assert!(!run.out_dir().exists());
}

#[test]
fn essay_pages_link_their_tags() {
    let run = tags_authors();
    let main = run.main_html("/essays/straits/");
    let tags = main
        .split("<ul class=\"tags\"")
        .nth(1)
        .expect("a tag list on the essay");
    let tags = &tags[..tags.find("</ul>").unwrap()];
    assert_eq!(
        anchors(tags),
        [
            ("/tags/turkiye/".to_string(), "Türkiye".to_string()),
            ("/tags/russia/".to_string(), "Russia".to_string()),
        ]
    );
    let problems = broken_links(&run, "https://example.org/");
    assert!(problems.is_empty(), "broken links:\n{}", listing(&problems));
}

// ---------------------------------------------------------------- authors

#[test]
fn author_pages_are_paginated_newest_first() {
    let run = tags_authors();
    assert_eq!(
        listed(&run, "/authors/mara-lindqvist/"),
        ["/essays/bases/", "/essays/straits/"]
    );
    assert_eq!(
        listed(&run, "/authors/mara-lindqvist/page/2/"),
        ["/essays/grain/"]
    );
    assert!(!run.exists("authors/mara-lindqvist/page/3/index.html"));
    let first = run.page("/authors/mara-lindqvist/");
    assert_eq!(
        head_links(&first, "next"),
        ["/authors/mara-lindqvist/page/2/"]
    );
    let second = run.page("/authors/mara-lindqvist/page/2/");
    assert_eq!(head_links(&second, "prev"), ["/authors/mara-lindqvist/"]);
    assert!(
        pagination(&second)
            .unwrap()
            .contains("aria-current=\"page\"")
    );
    // An essay without an author is the site author's.
    assert_eq!(listed(&run, "/authors/the-desk/"), ["/essays/chips/"]);
}

#[test]
fn an_essay_with_two_authors_is_on_both_author_pages_and_its_byline_links_both() {
    let run = tags_authors();
    assert!(listed(&run, "/authors/mara-lindqvist/").contains(&"/essays/bases/".to_string()));
    assert!(listed(&run, "/authors/tomas-ferreira/").contains(&"/essays/bases/".to_string()));
    let main = run.main_html("/essays/bases/");
    let byline = main
        .split("<span class=\"byline\">")
        .nth(1)
        .expect("a byline");
    let byline = &byline[..byline.find("</span>").unwrap()];
    assert_eq!(
        anchors(byline),
        [
            (
                "/authors/mara-lindqvist/".to_string(),
                "Mara Lindqvist".to_string()
            ),
            (
                "/authors/tomas-ferreira/".to_string(),
                "Tomás Ferreira".to_string()
            ),
        ]
    );
    // The list entries link both too.
    let home = run.main_html("/");
    assert!(home.contains("<a href=\"/authors/tomas-ferreira/\">Tomás Ferreira</a>"));
}

#[test]
fn author_index_lists_every_author_with_a_count() {
    let run = tags_authors();
    let main = run.main_html("/authors/");
    let names: Vec<(String, String)> = main
        .split("<h2>")
        .skip(1)
        .map(|h| anchors(h).remove(0))
        .collect();
    assert_eq!(
        names,
        [
            ("/authors/mara-lindqvist/", "Mara Lindqvist"),
            ("/authors/the-desk/", "The Desk"),
            ("/authors/tomas-ferreira/", "Tomás Ferreira"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(main.contains("3 essays"), "{main}");
    assert!(main.contains("1 essay<"), "{main}");
}

#[test]
fn author_page_with_profile_main() {
    // Bio (Markdown), website and links from `[[authors]]`.
    let run = tags_authors();
    let main = run.main_html("/authors/mara-lindqvist/");
    assert!(main.contains("<em>The Straits</em>"), "{main}");
    assert!(main.contains("href=\"https://mara.example\""), "{main}");
    assert!(
        main.contains("href=\"https://social.example/@mara\""),
        "{main}"
    );
    assert!(
        main.contains("href=\"https://bsky.example/mara\""),
        "{main}"
    );
    insta::assert_snapshot!(main);
    // The profile is on the first page only; the list goes on.
    let second = run.main_html("/authors/mara-lindqvist/page/2/");
    assert!(!second.contains("author-bio"), "{second}");
}

#[test]
fn essay_with_author_profiles_main() {
    let run = tags_authors();
    let main = run.main_html("/essays/bases/");
    assert!(main.contains("class=\"about-authors\""), "{main}");
    assert!(main.contains("<em>The Straits</em>"), "{main}");
    assert!(
        main.contains("<a href=\"https://en.wikipedia.org/wiki/Lisbon\">Lisbon</a>"),
        "{main}"
    );
    insta::assert_snapshot!(main);
    // No profile, no card.
    assert!(!run.main_html("/essays/chips/").contains("about-authors"));
}

#[test]
fn essay_author_card_shows_the_profile_url_and_links() {
    // Issue 4: the `[[authors]]` profile (name, bio, url, links) is shown on
    // the author page and on the essay page. Under the essay, the card shows
    // the name and bio but neither the website nor the links.
    let run = tags_authors();
    let main = run.main_html("/essays/straits/");
    let card = main
        .split("<section class=\"about-authors\"")
        .nth(1)
        .expect("an author card");
    let card = &card[..card.find("</section>").unwrap()];
    for url in [
        "https://mara.example",
        "https://social.example/@mara",
        "https://bsky.example/mara",
    ] {
        assert!(
            card.contains(&format!("href=\"{url}\"")),
            "{url} missing from the author card:\n{card}"
        );
    }
}

#[test]
fn unknown_key_in_authors_is_an_error_with_its_line() {
    let site = SiteTest::empty().config(concat!(
        "title = \"T\"\n",
        "base_url = \"https://example.org\"\n",
        "\n",
        "[[authors]]\n",
        "name = \"Mara Lindqvist\"\n",
        "biography = \"Covers Russia.\"\n",
    ));
    let before = site.tree_contents();
    let run = site.build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("unknown key `biography`"), "{stderr}");
    assert!(stderr.contains("site.toml:6:1"), "{stderr}");
    assert!(stderr.contains("`bio`"), "{stderr}");
    assert!(!run.out_dir().exists());
    assert_eq!(site.tree_contents(), before);
    insta::assert_snapshot!(stderr);
}

// ---------------------------------------------------------------- archive

#[test]
fn archive_groups_every_essay_by_year_then_month_newest_first() {
    let run = tags_authors();
    let main = run.main_html("/archive/");
    let headings: Vec<&str> = main
        .lines()
        .filter(|l| l.starts_with("<h2") || l.starts_with("<h3") || l.starts_with("<li>"))
        .collect();
    let outline: Vec<String> = headings
        .iter()
        .map(|l| {
            if let Some(h) = l.strip_prefix("<h3") {
                format!(
                    "  {}",
                    h.split('>').nth(1).unwrap().trim_end_matches("</h3")
                )
            } else if l.starts_with("<h2") {
                // `<h2 id="year-2025">2025 <span class="count">3</span></h2>`
                let year = l.split('>').nth(1).unwrap().split_whitespace().next();
                year.unwrap().to_string()
            } else {
                format!("    {}", anchors(l)[0].0)
            }
        })
        .collect();
    assert_eq!(
        outline,
        [
            "2025",
            "  October",
            "    /essays/bases/",
            "  August",
            "    /essays/straits/",
            "    /essays/sao-tome/",
            "2024",
            "  December",
            "    /essays/grain/",
            "  March",
            "    /essays/chips/",
        ],
        "{main}"
    );
    insta::assert_snapshot!(main);
}

#[test]
fn archive_counts_one_essay_in_the_singular() {
    // Elsewhere the theme counts in the singular ("1 essay, newest first");
    // the archive of a one-essay site says "All 1 essays, newest first."
    let run = edge_site(1);
    let main = run.main_html("/archive/");
    assert!(!main.contains("1 essays"), "{main}");
}

// ---------------------------------------------------------------- pagination edges

/// A site with `paginate = 2` and `count` essays, all tagged "Edge",
/// essay `eN` dated 2025-01-0N (so e1 is the oldest).
fn edge_site(count: usize) -> Run {
    let mut site = SiteTest::empty().config(
        "title = \"Edges\"\nbase_url = \"https://example.org\"\npaginate = 2\nsearch = false\n",
    );
    for n in 1..=count {
        site = site.file(
            &format!("content/essays/e{n}.md"),
            &format!(
                "+++\ntitle = \"Essay {n}\"\ndate = 2025-01-{n:02}\ntags = [\"Edge\"]\n+++\n\nText {n}.\n"
            ),
        );
    }
    if count == 0 {
        site = site.file(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\n+++\n\nAbout.\n",
        );
    }
    let run = site.build();
    run.assert_success();
    run
}

/// `(number, url, current)` of each numbered page link.
fn page_links(nav: &str) -> Vec<(String, String, bool)> {
    start_tags(nav, "a")
        .into_iter()
        .filter(|a| attr(a, "rel").is_none())
        .map(|a| {
            let label = attr(a, "aria-label").unwrap_or_default();
            (
                label
                    .trim_start_matches("Page ")
                    .trim_end_matches(", current")
                    .to_string(),
                attr(a, "href").unwrap_or_default(),
                attr(a, "aria-current").as_deref() == Some("page"),
            )
        })
        .collect()
}

fn single_page(run: &Run, url: &str, expected: &[&str]) {
    let html = run.page(url);
    assert_eq!(listed(run, url), expected, "{url}");
    assert!(
        pagination(&html).is_none(),
        "{url}: a pagination nav for one page"
    );
    assert!(head_links(&html, "prev").is_empty(), "{url}: rel=prev");
    assert!(head_links(&html, "next").is_empty(), "{url}: rel=next");
    assert!(!run.exists(&crate::support::url_to_file(&format!("{url}page/2/"))));
}

#[test]
fn no_essays_is_one_home_page_saying_so() {
    let run = edge_site(0);
    let main = run.main_html("/");
    assert!(main.contains("No essays yet."), "{main}");
    single_page(&run, "/", &[]);
    assert!(!run.exists("tags/edge/index.html"));
    assert!(run.main_html("/tags/").contains("No essay has tags yet."));
    assert!(run.main_html("/authors/").contains("No essays yet."));
}

#[test]
fn one_essay_is_one_page() {
    let run = edge_site(1);
    single_page(&run, "/", &["/essays/e1/"]);
    single_page(&run, "/tags/edge/", &["/essays/e1/"]);
}

#[test]
fn exactly_paginate_essays_is_one_page() {
    let run = edge_site(2);
    single_page(&run, "/", &["/essays/e2/", "/essays/e1/"]);
    single_page(&run, "/tags/edge/", &["/essays/e2/", "/essays/e1/"]);
}

#[test]
fn paginate_plus_one_essays_is_two_pages() {
    let run = edge_site(3);
    for base in ["/", "/tags/edge/"] {
        let second = format!("{base}page/2/");
        assert_eq!(listed(&run, base), ["/essays/e3/", "/essays/e2/"]);
        assert_eq!(listed(&run, &second), ["/essays/e1/"]);
        assert!(!run.exists(&format!("{}page/1/index.html", &base[1..])));
        assert!(!run.exists(&format!("{}page/3/index.html", &base[1..])));

        let first_html = run.page(base);
        assert_eq!(
            head_links(&first_html, "next"),
            std::slice::from_ref(&second),
            "{base}"
        );
        assert!(head_links(&first_html, "prev").is_empty(), "{base}");
        let nav = pagination(&first_html).expect("a pagination nav");
        assert_eq!(
            page_links(nav),
            [
                ("1".to_string(), base.to_string(), true),
                ("2".to_string(), second.clone(), false),
            ],
            "{nav}"
        );
        assert!(
            nav.contains(&format!("<a rel=\"next\" href=\"{second}\"")),
            "{nav}"
        );
        assert!(!nav.contains("rel=\"prev\""), "{nav}");
        assert!(nav.contains("aria-label=\"Pagination\""), "{nav}");

        let second_html = run.page(&second);
        // The previous page of page 2 is the list's own URL, not /page/1/.
        assert_eq!(
            head_links(&second_html, "prev"),
            [base.to_string()],
            "{second}"
        );
        assert!(head_links(&second_html, "next").is_empty(), "{second}");
        let nav = pagination(&second_html).expect("a pagination nav");
        assert_eq!(
            page_links(nav),
            [
                ("1".to_string(), base.to_string(), false),
                ("2".to_string(), second.clone(), true),
            ],
            "{nav}"
        );
        assert!(
            nav.contains(&format!("<a rel=\"prev\" href=\"{base}\"")),
            "{nav}"
        );
        assert!(!nav.contains("rel=\"next\""), "{nav}");
        assert_eq!(nav.matches("aria-current=\"page\"").count(), 1, "{nav}");
    }
    let problems = broken_links(&run, "https://example.org/");
    assert!(problems.is_empty(), "broken links:\n{}", listing(&problems));
}

// ---------------------------------------------------------------- related essays

/// The related essays under an essay, as URLs, in order.
fn related(run: &Run, url: &str) -> Vec<String> {
    let main = run.main_html(url);
    let Some(start) = main.find("<nav class=\"related\"") else {
        return Vec::new();
    };
    let nav = &main[start..start + main[start..].find("</nav>").unwrap()];
    anchors(nav).into_iter().map(|(href, _)| href).collect()
}

#[test]
fn related_essays_rank_shared_sources_then_shared_tags_then_recency() {
    // The target cites three URLs and has two tags. Candidates:
    // a: 2 shared sources (under other ids), no tag, the oldest   -> 1st
    // b: 1 shared source, 1 shared tag                             -> 2nd
    // c: 1 shared source, no tag, 2024                             -> 3rd
    // d: 1 shared source, no tag, 2022 (older than c)              -> out
    // e: both tags but no shared source, the newest of all         -> out
    // f: nothing in common                                         -> out
    let run = SiteTest::fixture("related").build();
    run.assert_success().assert_quiet();
    assert_eq!(
        related(&run, "/essays/target/"),
        [
            "/essays/a-two-sources/",
            "/essays/b-source-and-tag/",
            "/essays/c-source-newer/",
        ]
    );
    // a shares 2 sources with the target, 1 with c and with d (c newer).
    assert_eq!(
        related(&run, "/essays/a-two-sources/"),
        [
            "/essays/target/",
            "/essays/c-source-newer/",
            "/essays/d-source-older/",
        ]
    );
    // Fewer than three candidates: only those.
    assert_eq!(
        related(&run, "/essays/e-tags-only/"),
        ["/essays/target/", "/essays/b-source-and-tag/"]
    );
    // Nothing in common: no section at all.
    assert_eq!(related(&run, "/essays/f-unrelated/"), Vec::<String>::new());
    assert!(
        !run.main_html("/essays/f-unrelated/")
            .contains("Related essays")
    );
}

#[test]
fn related_essays_are_deterministic() {
    // Many ties: six essays with the same tag, sources and date.
    let mut site = SiteTest::empty();
    for name in ["f", "b", "d", "a", "e", "c"] {
        site = site.file(
            &format!("content/essays/{name}.md"),
            &format!(
                "+++\ntitle = \"{name}\"\ndate = 2025-01-01\ntags = [\"Same\"]\n\n[[sources]]\nid = \"s\"\ntitle = \"S\"\nurl = \"https://src.example/s\"\n+++\n\nText [@s].\n"
            ),
        );
    }
    let runs = [site.build(), site.run(&["build", "-o", "again"])];
    let reversed = SiteTest::fixture_reversed("related");
    let fixture = SiteTest::fixture("related");
    let fixture_runs = [fixture.build(), reversed.build()];
    for run in runs.iter().chain(&fixture_runs) {
        run.assert_success();
    }
    for name in ["a", "b", "c", "d", "e", "f"] {
        let url = format!("/essays/{name}/");
        let first = related(&runs[0], &url);
        assert_eq!(first.len(), 3, "{url}");
        assert_eq!(first, related(&runs[1], &url), "{url}");
    }
    // Ties are broken by slug: a's related are b, c, d.
    assert_eq!(
        related(&runs[0], "/essays/a/"),
        ["/essays/b/", "/essays/c/", "/essays/d/"]
    );
    for (page, _) in fixture_runs[0].html_files() {
        if page.starts_with("essays/") {
            let url = format!("/{}", page.trim_end_matches("index.html"));
            assert_eq!(
                related(&fixture_runs[0], &url),
                related(&fixture_runs[1], &url),
                "{url}"
            );
        }
    }
}

// ---------------------------------------------------------------- reading time, word count

/// `(minutes, words)` text of every `reading-time` span of a page's `<main>`.
fn reading_times(run: &Run, url: &str) -> Vec<String> {
    run.main_html(url)
        .split("<span class=\"reading-time\">")
        .skip(1)
        .map(|s| s[..s.find("</span>").unwrap()].to_string())
        .collect()
}

#[test]
fn reading_time_and_word_count_on_essays_and_list_entries() {
    let long = "word ".repeat(1150);
    let medium = "word ".repeat(700);
    let run = SiteTest::empty()
        .file(
            "content/essays/long.md",
            &format!("+++\ntitle = \"Long\"\ndate = 2025-01-03\ntags = [\"T\"]\n+++\n\n{long}\n\n```\nnot counted in code\n```\n"),
        )
        .file(
            "content/essays/medium.md",
            &format!("+++\ntitle = \"Medium\"\ndate = 2025-01-02\ntags = [\"T\"]\n+++\n\n{medium}\n"),
        )
        .file(
            "content/essays/one.md",
            "+++\ntitle = \"One\"\ndate = 2025-01-01\ntags = [\"T\"]\n+++\n\nWord\n",
        )
        .build();
    run.assert_success();
    // 230 words a minute, rounded up, at least 1.
    assert_eq!(
        reading_times(&run, "/essays/long/"),
        ["5 min read · 1,150 words"]
    );
    assert_eq!(
        reading_times(&run, "/essays/medium/"),
        ["4 min read · 700 words"]
    );
    assert_eq!(reading_times(&run, "/essays/one/"), ["1 min read · 1 word"]);
    let expected = [
        "5 min read · 1,150 words",
        "4 min read · 700 words",
        "1 min read · 1 word",
    ];
    for list in ["/", "/tags/t/", "/authors/test-site/"] {
        assert_eq!(reading_times(&run, list), expected, "{list}");
    }
}

#[test]
fn word_count_ignores_punctuation_and_markup() {
    // Words are counted per Markdown text event, and smart punctuation and
    // inline elements split the text into several events: "Russia's" counts
    // as 3 words (Russia ’ s), and the "." after a link, emphasis or
    // citation as one more word.
    let run = SiteTest::empty()
        .file(
            "content/essays/apostrophes.md",
            "+++\ntitle = \"A\"\ndate = 2025-01-02\n+++\n\nIt's Russia's \"plan\".\n",
        )
        .file(
            "content/essays/inline.md",
            "+++\ntitle = \"B\"\ndate = 2025-01-01\n\n[[sources]]\nid = \"s\"\ntitle = \"S\"\nurl = \"https://s.example/\"\n+++\n\nShips use *the* [Tartus](https://t.example) base [@s].\n",
        )
        .build();
    run.assert_success();
    let counts = [
        ("/essays/apostrophes/", "1 min read · 3 words"),
        ("/essays/inline/", "1 min read · 5 words"),
    ];
    let actual: Vec<(&str, String)> = counts
        .iter()
        .map(|(url, _)| (*url, reading_times(&run, url).remove(0)))
        .collect();
    assert_eq!(
        actual,
        counts
            .iter()
            .map(|(u, c)| (*u, c.to_string()))
            .collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------- whole site

#[test]
fn tags_and_authors_build_deterministically_and_link_under_a_subpath() {
    let a = SiteTest::fixture("tags-authors");
    let b = SiteTest::fixture_reversed("tags-authors");
    let (first, second) = (a.build(), b.build());
    first.assert_success();
    second.assert_success();
    crate::support::assert_same_tree(&first.files(), &second.files());

    let base = "https://user.github.io/newsletter/";
    let run = a.run(&["build", "-o", "sub", "--base-url", base]);
    run.assert_success();
    let problems = broken_links(&run, base);
    assert!(problems.is_empty(), "broken links:\n{}", listing(&problems));
    let page = run.page("/tags/russia/page/2/");
    assert_eq!(head_links(&page, "prev"), ["/newsletter/tags/russia/"]);
    assert_eq!(
        head_links(&page, "canonical"),
        ["https://user.github.io/newsletter/tags/russia/page/2/"]
    );
    let essay = run.main_html("/essays/bases/");
    assert!(
        essay.contains("href=\"/newsletter/authors/tomas-ferreira/\""),
        "{essay}"
    );
    assert!(
        essay.contains("href=\"/newsletter/tags/syria/\""),
        "{essay}"
    );
}
