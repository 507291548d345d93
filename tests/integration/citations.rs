//! Citations `[@id]`: numbering, back-links, the Sources list, and the
//! errors and warnings they raise.

use crate::support::{SiteTest, broken_links, ids, invalid, listing};

/// Builds a citation fixture and returns the `<main>` of its one essay.
fn main_of(fixture: &str, url: &str) -> String {
    let run = SiteTest::fixture(&format!("citations/{fixture}")).build();
    run.assert_success();
    run.main_html(url)
}

#[test]
fn basic_main() {
    insta::assert_snapshot!(main_of("basic", "/essays/bases/"));
}

#[test]
fn multi_main() {
    insta::assert_snapshot!(main_of("multi", "/essays/multi/"));
}

#[test]
fn locator_main() {
    insta::assert_snapshot!(main_of("locator", "/essays/locator/"));
}

#[test]
fn escaped_main() {
    insta::assert_snapshot!(main_of("escaped", "/essays/escaped/"));
}

#[test]
fn in_code_main() {
    insta::assert_snapshot!(main_of("in-code", "/essays/code/"));
}

#[test]
fn in_table_main() {
    insta::assert_snapshot!(main_of("in-table", "/essays/table/"));
}

#[test]
fn in_heading_main() {
    insta::assert_snapshot!(main_of("in-heading", "/essays/heading/"));
}

#[test]
fn repeated_main() {
    insta::assert_snapshot!(main_of("repeated", "/essays/repeated/"));
}

#[test]
fn notes_and_sources_main() {
    insta::assert_snapshot!(main_of("notes-and-sources", "/essays/both/"));
}

#[test]
fn sources_are_numbered_by_first_citation() {
    let main = main_of("multi", "/essays/multi/");
    // [@b; @a] first: b is 1, a is 2; c comes later as 3.
    let b = main.find("<li id=\"source-1\">").unwrap();
    assert!(main[b..].starts_with("<li id=\"source-1\">"));
    let entry = |n: usize| {
        let start = main.find(&format!("<li id=\"source-{n}\">")).unwrap();
        let end = start + main[start..].find("</li>").unwrap();
        main[start..end].to_string()
    };
    assert!(entry(1).contains("Source B"), "{}", entry(1));
    assert!(entry(2).contains("Source A"), "{}", entry(2));
    assert!(entry(3).contains("Source C"), "{}", entry(3));
}

#[test]
fn a_source_cited_again_keeps_its_number_and_gets_a_back_link_per_use() {
    let main = main_of("repeated", "/essays/repeated/");
    assert_eq!(main.matches("href=\"#source-1\"").count(), 3);
    assert_eq!(main.matches("href=\"#source-2\"").count(), 1);
    assert!(!main.contains("#source-3"));
    // ↩ a b c, each to its own citation.
    for (letter, anchor) in [("a", "cite-1-1"), ("b", "cite-1-2"), ("c", "cite-1-3")] {
        assert!(
            main.contains(&format!(
                "<a href=\"#{anchor}\" aria-label=\"Back to citation 1, use "
            )) && main.contains(&format!("\">{letter}</a>")),
            "no back-link {letter} to {anchor}:\n{main}"
        );
        assert!(main.contains(&format!("id=\"{anchor}\"")));
    }
    // A source cited once gets a single ↩.
    assert!(main.contains("<a href=\"#cite-2-1\" aria-label=\"Back to citation 2\">↩</a>"));
}

#[test]
fn every_citation_and_back_link_resolves() {
    for fixture in [
        "basic",
        "multi",
        "locator",
        "escaped",
        "in-code",
        "in-table",
        "in-heading",
        "repeated",
        "notes-and-sources",
    ] {
        let run = SiteTest::fixture(&format!("citations/{fixture}")).build();
        run.assert_success();
        let problems = broken_links(&run, "https://example.org/");
        assert!(problems.is_empty(), "{fixture}:\n{}", listing(&problems));
        for (page, html) in run.html_files() {
            let mut all = ids(&html);
            let count = all.len();
            all.sort();
            all.dedup();
            assert_eq!(all.len(), count, "{fixture}: duplicate ids in {page}");
        }
    }
}

#[test]
fn source_entry_shows_publisher_title_author_date_and_archive() {
    let main = main_of("basic", "/essays/bases/");
    let start = main.find("<li id=\"source-1\">").unwrap();
    let entry = &main[start..start + main[start..].find("</li>").unwrap()];
    for expected in [
        "<span class=\"publisher\">Reuters</span>",
        "<a class=\"source-title\" href=\"https://www.reuters.com/world/russia-bases\">Russia seeks to keep its Syrian bases</a>",
        "Jane Doe",
        "<time datetime=\"2025-10-14\">14 October 2025</time>",
        "<a class=\"archive\" href=\"https://web.archive.org/web/2025/https://www.reuters.com/world/russia-bases\">",
    ] {
        assert!(entry.contains(expected), "missing {expected:?} in {entry}");
    }
    // Titles and URLs are escaped.
    assert!(main.contains("Tartus &amp; the &lt;navy&gt;"));
    assert!(main.contains("href=\"https://www.ft.com/content/tartus?a=1&amp;b=2\""));
    assert!(!main.contains("<navy>"));
}

#[test]
fn locators_show_in_the_citation_and_the_source_entry() {
    let main = main_of("locator", "/essays/locator/");
    assert!(
        main.contains("data-locator=\"p. 214\">1</a></sup>"),
        "{main}"
    );
    assert!(
        main.contains("data-locator=\"pp. 12-15\">2</a></sup>"),
        "{main}"
    );
    assert!(
        main.contains("<span class=\"locators\"> (p. 214; chap. 3)</span>"),
        "{main}"
    );
}

#[test]
fn escaped_and_non_citation_brackets_stay_literal() {
    let main = main_of("escaped", "/essays/escaped/");
    assert!(
        main.contains("Write [@a] to show a citation key."),
        "{main}"
    );
    assert!(main.contains("An email [user@example.org]"), "{main}");
    assert!(main.contains("a bracket [see @a] are not"), "{main}");
    assert_eq!(main.matches("<sup class=\"cite\">").count(), 1, "{main}");
}

#[test]
fn text_inside_code_is_never_a_citation() {
    // [@missing] inside code must not be reported as an unknown source.
    let run = SiteTest::fixture("citations/in-code").build();
    run.assert_success().assert_quiet();
    let main = run.main_html("/essays/code/");
    assert!(main.contains("<code>[@a]</code>"), "{main}");
    assert!(main.contains("[@missing]"), "{main}");
    assert_eq!(main.matches("<sup class=\"cite\">").count(), 1, "{main}");
}

#[test]
fn citations_work_inside_table_cells() {
    let main = main_of("in-table", "/essays/table/");
    let cell = &main[main.find(">1,000").expect("the Mali row")..];
    let cell = &cell[..cell.find("</td>").unwrap()];
    assert!(cell.contains("<sup class=\"cite\">"), "{cell}");
    assert_eq!(main.matches("<sup class=\"cite\">").count(), 3, "{main}");
}

#[test]
fn citation_in_a_heading_is_not_part_of_its_id() {
    // `## The background [@a]` gets the id `the-background`.
    let main = main_of("in-heading", "/essays/heading/");
    assert!(main.contains("<sup class=\"cite\">"), "{main}");
    assert!(main.contains("<h2 id=\"the-background\">"), "{main}");
}

#[test]
fn citations_inside_notes_are_numbered_after_the_body() {
    let main = main_of("notes-and-sources", "/essays/both/");
    assert!(main.contains("<section class=\"sources\""));
    assert!(main.contains("<section class=\"notes\""));
    let note = &main[main.find("<li id=\"note-1\">").unwrap()..];
    assert!(
        note.contains("<a href=\"#source-2\" id=\"cite-2-1\""),
        "{note}"
    );
}

#[test]
fn default_summary_drops_citation_and_note_markers() {
    // The fixture without its explicit summary: the first paragraph is.
    let fixture = crate::support::fixtures_dir().join("citations/notes-and-sources");
    let text = std::fs::read_to_string(fixture.join("content/essays/both.md")).unwrap();
    let text = text.replace("summary = \"A citations fixture.\"\n", "");
    let run = SiteTest::fixture("citations/notes-and-sources")
        .file("content/essays/both.md", &text)
        .build();
    run.assert_success();
    let home = run.main_html("/");
    assert!(
        home.contains(
            "<div class=\"essay-item-summary\"><p>A claim with a source and an aside.</p></div>"
        ),
        "{home}"
    );
    let page = run.page("/essays/both/");
    assert!(
        page.contains(
            "<meta name=\"description\" content=\"A claim with a source and an aside.\">"
        ),
        "{page}"
    );
    let atom = run.read("atom.xml");
    assert!(
        atom.contains("<summary>A claim with a source and an aside.</summary>"),
        "{atom}"
    );
    // The body keeps them.
    let main = run.main_html("/essays/both/");
    assert!(main.contains("<p>A claim with a source"), "{main}");
    assert!(main.contains("<sup class=\"cite\">"), "{main}");
    assert!(main.contains("<sup class=\"footnote-ref\">"), "{main}");
}

#[test]
fn citations_reach_the_feed_with_absolute_links() {
    let run = SiteTest::fixture("citations/basic").build();
    run.assert_success();
    let atom = run.read("atom.xml");
    assert!(
        atom.contains("href=&quot;https://example.org/essays/bases/#source-1&quot;"),
        "{atom}"
    );
    assert!(atom.contains("Russia seeks to keep its Syrian bases"));
}

// ---------------------------------------------------------------- /sources/

#[test]
fn sources_index_lists_every_cited_publisher() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    insta::assert_snapshot!("sources_index_main", run.main_html("/sources/"));
    insta::assert_snapshot!(
        "publisher_page_main",
        run.main_html("/sources/lloyds-list/")
    );
}

#[test]
fn publishers_are_grouped_ignoring_case_and_fall_back_to_the_host() {
    let essay = |title: &str, date: &str, publisher: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = {date}\n\n[[sources]]\nid = \"r\"\ntitle = \"Wire story\"\nurl = \"https://www.reuters.com/x\"\n{publisher}\n[[sources]]\nid = \"c\"\ntitle = \"Think tank report\"\nurl = \"https://www.csis.org/analysis/y\"\n\n[[sources]]\nid = \"u\"\ntitle = \"Never cited\"\nurl = \"https://uncited.example/\"\npublisher = \"Uncited Press\"\n+++\n\nText [@r; @c].\n"
        )
    };
    let run = SiteTest::empty()
        .file(
            "content/essays/a.md",
            &essay("A", "2025-01-01", "publisher = \"Reuters\"\n"),
        )
        .file(
            "content/essays/b.md",
            &essay("B", "2025-02-01", "publisher = \"REUTERS\"\n"),
        )
        .build();
    run.assert_success();
    let sources: Vec<String> = run
        .file_list()
        .into_iter()
        .filter(|f| f.starts_with("sources/"))
        .collect();
    assert_eq!(
        sources,
        [
            "sources/csis-org/index.html",
            "sources/index.html",
            "sources/reuters/index.html"
        ]
    );
    // Both essays, newest first.
    let reuters = run.main_html("/sources/reuters/");
    let a = reuters.find("/essays/a/").expect("essay a listed");
    let b = reuters.find("/essays/b/").expect("essay b listed");
    assert!(b < a, "{reuters}");
    // Uncited sources do not count.
    assert!(!run.main_html("/sources/").contains("Uncited Press"));
    let problems = broken_links(&run, "https://example.org/");
    assert!(problems.is_empty(), "{}", listing(&problems));
}

// ---------------------------------------------------------------- errors

#[test]
fn unknown_id() {
    let stderr = invalid("citations/unknown-id");
    assert!(
        stderr.contains("content/essays/unknown.md:11:30"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean [@reuters-bases]?"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn duplicate_id() {
    let stderr = invalid("citations/duplicate-id");
    assert!(
        stderr.contains("content/essays/duplicate.md:11:6"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn bad_url() {
    let stderr = invalid("citations/bad-url");
    assert!(stderr.contains("content/essays/bad-url.md:8:7"), "{stderr}");
    assert!(
        stderr.contains("`a`"),
        "the error names the source id: {stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn non_http_archive_url_is_an_error() {
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            "+++\ntitle = \"X\"\ndate = 2025-01-01\n\n[[sources]]\nid = \"a\"\ntitle = \"A\"\nurl = \"https://a.example/\"\narchive_url = \"file:///etc/passwd\"\n+++\n\nCited [@a].\n",
        )
        .build();
    run.assert_exit(1);
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn source_without_title_or_url_is_an_error() {
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            "+++\ntitle = \"X\"\ndate = 2025-01-01\n\n[[sources]]\nid = \"a\"\n+++\n\nCited [@a].\n",
        )
        .build();
    run.assert_exit(1);
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn uncited_source_is_a_warning_and_the_build_succeeds() {
    let run = SiteTest::fixture("citations/uncited").build();
    run.assert_success();
    assert!(run.exists("essays/uncited/index.html"));
    assert!(run.stdout().contains(", 1 warning -> "), "{}", run.stdout());
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/essays/uncited.md:11:6"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
    // Uncited sources are not listed.
    assert!(
        !run.main_html("/essays/uncited/")
            .contains("Forgotten source")
    );
}

#[test]
fn uncited_source_warning_in_check_exits_0() {
    let run = SiteTest::fixture("citations/uncited").check();
    run.assert_success();
    assert!(
        run.stderr()
            .contains("warning: source `forgotten` is never cited")
    );
    assert!(run.stdout().contains("1 warning"), "{}", run.stdout());
}

#[test]
fn citation_in_a_standalone_page_is_an_unknown_source() {
    let run = SiteTest::empty()
        .file(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\n+++\n\nAs [@someone] said.\n",
        )
        .build();
    run.assert_exit(1);
    assert!(
        run.stderr().contains("content/pages/about.md:5:5"),
        "{}",
        run.stderr()
    );
}

#[test]
fn every_unknown_citation_of_a_file_is_reported() {
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            "+++\ntitle = \"X\"\ndate = 2025-01-01\n+++\n\nOne [@ghost], two [@phantom; @spectre].\n",
        )
        .build();
    run.assert_exit(1);
    let stderr = run.stderr();
    for location in ["x.md:6:6", "x.md:6:20", "x.md:6:30"] {
        assert!(stderr.contains(location), "no {location} in:\n{stderr}");
    }
    assert!(stderr.contains("3 errors; nothing was written"), "{stderr}");
}
