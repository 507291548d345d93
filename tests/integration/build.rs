//! `cable build` on valid sites: what pages exist and what their `<main>` holds.

use crate::support::{SiteTest, broken_links, element, listing};

/// Every fixture that must build.
const VALID: &[&str] = &[
    "minimal",
    "drafts",
    "bundles",
    "pages",
    "pagination",
    "permalinks",
    "markdown",
    "themes",
    "example-like",
    "citations/basic",
    "citations/multi",
    "citations/locator",
    "citations/escaped",
    "citations/in-code",
    "citations/in-table",
    "citations/in-heading",
    "citations/repeated",
    "citations/notes-and-sources",
    "citations/uncited",
];

#[test]
fn every_valid_fixture_builds() {
    for fixture in VALID {
        let run = SiteTest::fixture(fixture).build();
        run.assert_success();
        // Only the uncited fixture warns.
        if *fixture != "citations/uncited" {
            run.assert_quiet();
        }
        for required in [
            "index.html",
            "404.html",
            "atom.xml",
            "sitemap.xml",
            "robots.txt",
        ] {
            assert!(run.exists(required), "{fixture}: no {required}");
        }
        assert!(
            run.stdout().starts_with("Built "),
            "{fixture}: {}",
            run.stdout()
        );
    }
}

#[test]
fn no_internal_link_is_broken_in_any_fixture() {
    for fixture in VALID {
        let run = SiteTest::fixture(fixture).build();
        run.assert_success();
        let problems = broken_links(&run, "https://example.org/");
        assert!(
            problems.is_empty(),
            "{fixture}: broken links\n{}",
            listing(&problems)
        );
    }
}

#[test]
fn summary_line_counts_essays_pages_and_files() {
    let run = SiteTest::fixture("pagination").build();
    run.assert_success();
    insta::assert_snapshot!(run.stdout());
}

#[test]
fn summary_line_says_1_essay_not_1_essays() {
    let run = SiteTest::fixture("minimal").build();
    run.assert_success();
    assert!(
        run.stdout().starts_with("Built 1 essay, "),
        "{}",
        run.stdout()
    );
}

#[test]
fn site_without_themes_folder_uses_the_built_in_theme() {
    let site = SiteTest::fixture("minimal");
    assert!(!site.root().join("themes").exists());
    assert!(!site.root().join("templates").exists());
    let run = site.build();
    run.assert_success();
    assert!(
        run.read("style.css").len() > 1000,
        "the built-in stylesheet"
    );
    assert!(run.exists("favicon.svg"));
    let page = run.page("/essays/hello/");
    assert!(page.starts_with("<!doctype html>"), "{page}");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/style.css?v="));
}

#[test]
fn built_in_theme_is_the_same_as_themes_default() {
    // Every template and static file of themes/default must be compiled
    // into the binary: a site without a themes/ folder renders exactly as
    // one that carries a copy of themes/default.
    let repo_theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let mut with_copy = SiteTest::fixture("example-like");
    for file in crate::support::list_files(&repo_theme) {
        with_copy = with_copy.file_bytes(
            &format!("themes/default/{file}"),
            &std::fs::read(repo_theme.join(&file)).unwrap(),
        );
    }
    let built_in = SiteTest::fixture("example-like").build();
    let on_disk = with_copy.build();
    built_in.assert_success();
    on_disk.assert_success();
    crate::support::assert_same_tree(&built_in.files(), &on_disk.files());
}

// ---------------------------------------------------------------- minimal

#[test]
fn minimal_file_list() {
    let run = SiteTest::fixture("minimal").build();
    run.assert_success();
    insta::assert_snapshot!(run.file_list_snapshot());
}

#[test]
fn minimal_essay_main() {
    let run = SiteTest::fixture("minimal").build();
    run.assert_success();
    insta::assert_snapshot!(run.main_html("/essays/hello/"));
}

#[test]
fn minimal_home_main() {
    let run = SiteTest::fixture("minimal").build();
    run.assert_success();
    insta::assert_snapshot!(run.main_html("/"));
}

/// An essay with neither `author` nor `summary`, in a site whose site.toml
/// has only `title` and `base_url`.
fn bare_essay_site() -> crate::support::Run {
    let run = SiteTest::empty()
        .file(
            "content/essays/hello.md",
            "+++\ntitle = \"Hello\"\ndate = 2025-01-15\n+++\n\nThe first essay of a very small newsletter.\n\nA second paragraph.\n",
        )
        .build();
    run.assert_success();
    run
}

#[test]
fn essay_without_any_author_falls_back_to_the_site_title() {
    // site.toml has no `author` and the essay none: the byline and the Atom
    // entry must still name someone (the site's title, as the feed's own
    // <author> does) or leave the byline out, never print an empty name.
    let run = bare_essay_site();
    let main = run.main_html("/essays/hello/");
    assert!(
        !main.contains("<span class=\"author\"></span>"),
        "empty author in:\n{main}"
    );
    let home = run.main_html("/");
    assert!(
        !home.contains("<span class=\"author\"></span>"),
        "empty author on the home page:\n{home}"
    );
    let atom = run.read("atom.xml");
    assert!(
        !atom.contains("<name></name>"),
        "empty author name in the feed:\n{atom}"
    );
}

#[test]
fn essay_page_does_not_repeat_the_first_paragraph_as_its_summary() {
    // Without `summary` in front matter the summary is the first paragraph;
    // showing it above the body prints that paragraph twice on the page.
    let run = bare_essay_site();
    let main = run.main_html("/essays/hello/");
    let first = "The first essay of a very small newsletter.";
    assert_eq!(
        main.matches(first).count(),
        1,
        "the first paragraph appears more than once:\n{main}"
    );
}

#[test]
fn default_summary_is_the_first_paragraph_on_list_pages_and_in_meta() {
    let run = bare_essay_site();
    let home = run.main_html("/");
    assert!(
        home.contains("<div class=\"essay-item-summary\"><p>The first essay of a very small newsletter.</p></div>"),
        "{home}"
    );
    assert!(!home.contains("A second paragraph"), "{home}");
    let page = run.page("/essays/hello/");
    assert!(
        page.contains(
            "<meta name=\"description\" content=\"The first essay of a very small newsletter.\">"
        ),
        "{page}"
    );
    assert!(
        run.read("atom.xml")
            .contains("<summary>The first essay of a very small newsletter.</summary>")
    );
}

#[test]
fn explicit_summary_is_shown_above_the_body() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    let main = run.main_html("/essays/turkiye/");
    let header = element(&main, "header").expect("an essay header");
    assert!(
        header.contains("Ankara keeps talking to <strong>everyone</strong>."),
        "{header}"
    );
}

// ---------------------------------------------------------------- markdown

#[test]
fn markdown_essay_main() {
    let run = SiteTest::fixture("markdown").build();
    run.assert_success();
    insta::assert_snapshot!(run.main_html("/essays/kitchen-sink/"));
}

#[test]
fn markdown_features_render() {
    let run = SiteTest::fixture("markdown").build();
    run.assert_success();
    let main = run.main_html("/essays/kitchen-sink/");
    for expected in [
        // smart punctuation
        "“Smart quotes” and ‘single ones’, an apostrophe in Assad’s",
        "ellipsis…",
        // strikethrough
        "<del>struck</del>",
        // tables with alignment
        "<th style=\"text-align: right\">Bases</th>",
        // heading ids: text, duplicate, explicit, reserved
        "<h2 id=\"overview\">",
        "<h2 id=\"overview-1\">",
        "<h2 id=\"my-anchor\">",
        "<h2 id=\"sources-1\">",
        // highlighted with classes, never inline styles
        " data-lang=\"rust\"><code><span class=\"hl-",
        // unknown language: escaped, plain
        " data-lang=\"klingon\"><code>Qapla' &lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>",
        "><code>indented code stays plain\n</code></pre>",
        "<code>code &lt;b&gt;</code>",
        // footnotes collected into Notes with back-links
        "<section class=\"notes\"",
        "<a href=\"#note-ref-1-2\"",
    ] {
        assert!(main.contains(expected), "missing {expected:?} in:\n{main}");
    }
    assert!(!main.contains("style=\"color"), "inline colours: {main}");
    // Heading ids are unique on the whole page.
    let page = run.page("/essays/kitchen-sink/");
    let mut ids = crate::support::ids(&page);
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids on the page");
}

// ---------------------------------------------------------------- drafts

#[test]
fn drafts_are_left_out_by_default() {
    let run = SiteTest::fixture("drafts").build();
    run.assert_success();
    insta::assert_snapshot!(run.file_list_snapshot());
    assert!(!run.exists("essays/unfinished/index.html"));
    assert!(!run.exists("secret/index.html"));
    for file in ["index.html", "atom.xml", "sitemap.xml"] {
        let text = run.read(file);
        assert!(!text.contains("unfinished"), "{file} mentions the draft");
        assert!(!text.contains("Unfinished"), "{file} mentions the draft");
        assert!(!text.contains("secret"), "{file} mentions the draft page");
    }
    assert!(!run.page("/").contains("Secret page"));
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let run = SiteTest::fixture("drafts").run(&["build", "--drafts"]);
    run.assert_success();
    insta::assert_snapshot!(run.file_list_snapshot());
    assert!(run.exists("essays/unfinished/index.html"));
    assert!(run.exists("secret/index.html"));
    assert!(run.page("/").contains("/essays/unfinished/"));
    assert!(run.read("atom.xml").contains("Unfinished essay"));
    assert!(run.read("sitemap.xml").contains("/essays/unfinished/"));
}

// ---------------------------------------------------------------- bundles

#[test]
fn bundle_assets_are_copied_beside_the_page() {
    let site = SiteTest::fixture("bundles");
    let run = site.build();
    run.assert_success();
    insta::assert_snapshot!(run.file_list_snapshot());
    for asset in ["route-map.svg", "images/detail/ice.svg"] {
        assert_eq!(
            run.read_bytes(&format!("essays/arctic/{asset}")),
            std::fs::read(site.root().join("content/essays/arctic").join(asset)).unwrap(),
            "{asset} is not a byte copy"
        );
    }
    // index.md itself is not copied.
    assert!(!run.exists("essays/arctic/index.md"));
}

#[test]
fn bundle_essay_main() {
    let run = SiteTest::fixture("bundles").build();
    run.assert_success();
    insta::assert_snapshot!("bundle_essay_main_arctic", run.main_html("/essays/arctic/"));
    insta::assert_snapshot!("bundle_essay_main_plain", run.main_html("/essays/plain/"));
}

#[test]
fn lead_image_of_a_bundle_works_on_the_home_page() {
    // An essay that opens with an image: the first paragraph becomes the
    // summary shown on the home page, where `src="map.svg"` resolves to
    // /map.svg, which does not exist. Links in summaries must still work
    // on list pages (e.g. made root-relative to the essay's folder).
    let run = SiteTest::empty()
        .file(
            "content/essays/lead/index.md",
            "+++\ntitle = \"Lead image\"\ndate = 2025-01-01\n+++\n\n![A map](map.svg)\n\nThe text.\n",
        )
        .file("content/essays/lead/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .build();
    run.assert_success();
    let problems = broken_links(&run, "https://example.org/");
    assert!(problems.is_empty(), "broken links:\n{}", listing(&problems));
}

#[test]
fn a_file_outside_any_bundle_is_a_warning_and_not_copied() {
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            "+++\ntitle = \"X\"\ndate = 2025-01-01\n+++\n\nText.\n",
        )
        .file("content/essays/stray.png", "not really a png")
        .build();
    run.assert_success();
    insta::assert_snapshot!(run.stderr());
    assert!(!run.file_list().iter().any(|f| f.ends_with("stray.png")));
}

// ---------------------------------------------------------------- pages

#[test]
fn pages_are_built_at_their_slug_and_listed_in_menu_order() {
    let run = SiteTest::fixture("pages").build();
    run.assert_success();
    insta::assert_snapshot!("pages_file_list", run.file_list_snapshot());
    insta::assert_snapshot!("pages_main_about", run.main_html("/about/"));
    insta::assert_snapshot!("pages_main_contact", run.main_html("/contact/"));
    insta::assert_snapshot!("pages_main_privacy", run.main_html("/privacy/"));
    let page = run.page("/about/");
    let nav = element(&page, "nav").expect("site navigation");
    insta::assert_snapshot!("pages_nav_on_about", nav);
    // menu = false keeps a page out of the navigation, but it is built.
    assert!(!nav.contains("Privacy"));
    // Every page of the site carries the same navigation.
    for url in ["/", "/essays/first/", "/contact/", "/404.html"] {
        let html = run.page(url);
        let other = element(&html, "nav").expect("site navigation");
        assert_eq!(
            other.replace(" aria-current=\"page\"", ""),
            nav.replace(" aria-current=\"page\"", ""),
            "{url}"
        );
    }
}

#[test]
fn page_summary_is_its_meta_description() {
    let run = SiteTest::fixture("pages").build();
    run.assert_success();
    let about = run.page("/about/");
    assert!(
        about.contains("<meta name=\"description\" content=\"Who writes this newsletter.\">"),
        "{about}"
    );
    assert!(about.contains("<title>About · Pages</title>"), "{about}");
}

// ---------------------------------------------------------------- pagination

#[test]
fn home_page_is_paginated() {
    let run = SiteTest::fixture("pagination").build();
    run.assert_success();
    insta::assert_snapshot!("pagination_file_list", run.file_list_snapshot());
    assert!(!run.exists("page/1/index.html"));
    assert!(!run.exists("page/4/index.html"));

    // Newest first, two a page.
    let titles = |url: &str| -> Vec<String> {
        let main = run.main_html(url);
        main.match_indices("<h2 class=\"essay-item-title\"><a href=\"")
            .map(|(i, m)| {
                let rest = &main[i + m.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    assert_eq!(titles("/"), ["/essays/five/", "/essays/four/"]);
    assert_eq!(titles("/page/2/"), ["/essays/three/", "/essays/two/"]);
    assert_eq!(titles("/page/3/"), ["/essays/one/"]);

    insta::assert_snapshot!("pagination_main_page_2", run.main_html("/page/2/"));
}

#[test]
fn paginated_pages_link_with_rel_prev_and_next() {
    let run = SiteTest::fixture("pagination").build();
    run.assert_success();
    let head = |url: &str| {
        let page = run.page(url);
        element(&page, "head").unwrap().to_string()
    };
    let first = head("/");
    assert!(!first.contains("rel=\"prev\""), "{first}");
    assert!(
        first.contains("<link rel=\"next\" href=\"/page/2/\">"),
        "{first}"
    );
    let second = head("/page/2/");
    assert!(
        second.contains("<link rel=\"prev\" href=\"/\">"),
        "{second}"
    );
    assert!(
        second.contains("<link rel=\"next\" href=\"/page/3/\">"),
        "{second}"
    );
    assert!(
        second.contains("<link rel=\"canonical\" href=\"https://example.org/page/2/\">"),
        "{second}"
    );
    let third = head("/page/3/");
    assert!(
        third.contains("<link rel=\"prev\" href=\"/page/2/\">"),
        "{third}"
    );
    assert!(!third.contains("rel=\"next\""), "{third}");

    // The visible pager too.
    let main = run.main_html("/page/2/");
    assert!(main.contains("<a rel=\"prev\" href=\"/\">"), "{main}");
    assert!(
        main.contains("<a rel=\"next\" href=\"/page/3/\">"),
        "{main}"
    );
    assert!(!run.main_html("/").contains("rel=\"prev\""));
    assert!(!run.main_html("/page/3/").contains("rel=\"next\""));
}

#[test]
fn essays_with_the_same_date_are_ordered_by_slug() {
    let essay =
        |title: &str| format!("+++\ntitle = \"{title}\"\ndate = 2025-01-01\n+++\n\nText.\n");
    let run = SiteTest::empty()
        .file("content/essays/bravo.md", &essay("Bravo"))
        .file("content/essays/alpha.md", &essay("Alpha"))
        .file("content/essays/charlie.md", &essay("Charlie"))
        .build();
    run.assert_success();
    let main = run.main_html("/");
    let positions: Vec<usize> = ["/essays/alpha/", "/essays/bravo/", "/essays/charlie/"]
        .iter()
        .map(|url| main.find(url).unwrap_or_else(|| panic!("{url} not listed")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{main}");
}

#[test]
fn a_site_without_essays_still_has_a_home_page() {
    let run = SiteTest::empty()
        .file(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\n+++\n\nHi.\n",
        )
        .build();
    run.assert_success();
    assert!(run.main_html("/").contains("No essays yet."));
    assert!(run.exists("about/index.html"));
}

// ---------------------------------------------------------------- permalinks

#[test]
fn permalink_pattern_places_essays_by_year_and_month() {
    let run = SiteTest::fixture("permalinks").build();
    run.assert_success();
    insta::assert_snapshot!("permalinks_file_list", run.file_list_snapshot());
    // Date-times use the calendar date as written, not converted to UTC.
    assert!(run.exists("2024/11/autumn/index.html"));
    let home = run.main_html("/");
    assert!(home.contains("href=\"/2025/03/spring/\""), "{home}");
    assert!(home.contains("href=\"/2024/11/autumn/\""), "{home}");
    assert!(
        run.read("sitemap.xml")
            .contains("<loc>https://example.org/2025/03/spring/</loc>")
    );
    assert!(
        run.read("atom.xml")
            .contains("<id>https://example.org/2025/03/spring/</id>")
    );
    assert!(
        run.page("/2025/03/spring/")
            .contains("<link rel=\"canonical\" href=\"https://example.org/2025/03/spring/\">")
    );
}

// ---------------------------------------------------------------- themes

#[test]
fn site_templates_and_static_override_the_theme_file_by_file() {
    let run = SiteTest::fixture("themes").build();
    run.assert_success();
    insta::assert_snapshot!("themes_file_list", run.file_list_snapshot());
    // The site's templates/essay.html beats the theme's essay.html.
    insta::assert_snapshot!("themes_essay_main", run.main_html("/essays/styled/"));
    // The theme's page.html beats the built-in one.
    assert!(
        run.main_html("/about/")
            .contains("<article class=\"paper-page\">")
    );
    // index.html comes from the built-in theme.
    assert!(run.main_html("/").contains("Latest essays"));
    // static/: site over theme over built-in, file by file.
    assert_eq!(
        run.read("style.css"),
        "/* the site's own stylesheet */\nbody { color: rebeccapurple; }\n"
    );
    assert!(
        run.read("paper.css")
            .contains("a file only the paper theme has")
    );
    assert_eq!(
        run.read("extra/notes.txt"),
        "A static file in a subfolder.\n"
    );
    assert!(run.read("favicon.svg").contains("<svg"));
}

#[test]
fn stylesheet_link_changes_with_the_stylesheet() {
    let version = |html: &str| {
        let at = html
            .find("/style.css?v=")
            .expect("a versioned stylesheet link");
        html[at..at + 21].to_string()
    };
    let default = SiteTest::fixture("minimal").build();
    let custom = SiteTest::fixture("themes").build();
    default.assert_success();
    custom.assert_success();
    assert_ne!(
        version(&default.page("/essays/hello/")),
        version(&custom.page("/essays/styled/"))
    );
}
