//! content/: front matter, slugs, authors, dates, and every way a file can
//! be wrong.

use crate::support::{SiteTest, invalid};

/// An essay file with the given extra front matter lines and body.
fn essay(front: &str, body: &str) -> String {
    format!("+++\ntitle = \"An essay\"\ndate = 2025-01-01\n{front}+++\n\n{body}\n")
}

// ---------------------------------------------------------------- invalid fixtures

#[test]
fn unknown_front_matter_key() {
    let stderr = invalid("invalid/unknown-front-matter-key");
    assert!(stderr.contains("content/essays/typo.md:4:1"), "{stderr}");
    assert!(stderr.contains("did you mean `tags`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn missing_title() {
    let stderr = invalid("invalid/missing-title");
    assert!(
        stderr.contains("content/essays/untitled.md:1:1"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn missing_date() {
    let stderr = invalid("invalid/missing-date");
    assert!(stderr.contains("content/essays/undated.md:1:1"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn bad_date() {
    let stderr = invalid("invalid/bad-date");
    assert!(
        stderr.contains("content/essays/bad-date.md:3:8"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn unclosed_front_matter() {
    let stderr = invalid("invalid/unclosed-front-matter");
    assert!(
        stderr.contains("content/essays/unclosed.md:1:1"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn no_front_matter() {
    let stderr = invalid("invalid/no-front-matter");
    assert!(stderr.contains("content/essays/bare.md:1:1"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn several_bad_files_are_all_reported_in_one_run() {
    let stderr = invalid("invalid/several-bad-files");
    for location in [
        "content/essays/a-no-title.md:1:1",
        "content/essays/b-bad-toml.md:2:",
        "content/essays/c-unknown-citation.md:6:21",
    ] {
        assert!(stderr.contains(location), "no {location} in:\n{stderr}");
    }
    assert!(!stderr.contains("d-fine.md"), "{stderr}");
    assert!(stderr.contains("3 errors; nothing was written"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn every_problem_of_one_file_is_reported() {
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            "+++\nauthor = \"A\"\nauthors = [\"B\"]\ntags = [\"!!\"]\nslug = \"Bad Slug\"\n+++\n\nText.\n",
        )
        .build();
    run.assert_exit(1);
    let stderr = run.stderr();
    for expected in [
        "front matter has no `title`",
        "front matter has no `date`",
        "both `author` and `authors` are set",
        "tag \"!!\" has no letters or digits",
        "slug \"Bad Slug\" is not a valid URL name",
        "5 errors; nothing was written",
    ] {
        assert!(stderr.contains(expected), "no {expected:?} in:\n{stderr}");
    }
    insta::assert_snapshot!(stderr);
}

// ---------------------------------------------------------------- line numbers

#[test]
fn crlf_files_build_and_report_the_right_line() {
    let ok = SiteTest::empty()
        .file(
            "content/essays/crlf.md",
            "+++\r\ntitle = \"Windows\"\r\ndate = 2025-01-01\r\n+++\r\n\r\nSaved on Windows.\r\n",
        )
        .build();
    ok.assert_success().assert_quiet();
    assert!(
        ok.main_html("/essays/crlf/")
            .contains("<p>Saved on Windows.</p>")
    );

    let bad = SiteTest::empty()
        .file(
            "content/essays/crlf.md",
            "+++\r\ntitle = \"Windows\"\r\ndate = 2025-01-01\r\n+++\r\n\r\nCites [@nothing].\r\n",
        )
        .build();
    bad.assert_exit(1);
    assert!(
        bad.stderr().contains("content/essays/crlf.md:6:8"),
        "{}",
        bad.stderr()
    );
}

#[test]
fn byte_order_mark_is_accepted() {
    let run = SiteTest::empty()
        .file(
            "content/essays/bom.md",
            "\u{feff}+++\ntitle = \"BOM\"\ndate = 2025-01-01\n+++\n\nText.\n",
        )
        .build();
    run.assert_success().assert_quiet();
}

#[test]
fn non_utf8_file_is_an_error_with_a_location() {
    let bytes = b"+++\ntitle = \"Latin-1\"\ndate = 2025-01-01\n+++\n\nCaf\xe9 au lait.\n";
    let run = SiteTest::empty()
        .file_bytes("content/essays/latin1.md", bytes)
        .build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("content/essays/latin1.md:6:4"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_citation_after_a_long_front_matter_points_at_the_body_line() {
    let mut front = String::new();
    for i in 0..5 {
        front.push_str(&format!(
            "\n[[sources]]\nid = \"s{i}\"\ntitle = \"S{i}\"\nurl = \"https://s{i}.example/\"\n"
        ));
    }
    let body = "[@s0] [@s1] [@s2] [@s3] [@s4]\n\nA Türkiye line with a typo [@s5].";
    let run = SiteTest::empty()
        .file("content/essays/long.md", &essay(&front, body))
        .build();
    run.assert_exit(1);
    // 3 + 25 front matter lines, `+++`, a blank line, the first body line,
    // a blank line: the typo is on line 33, after 28 characters.
    assert!(
        run.stderr().contains("content/essays/long.md:33:29"),
        "{}",
        run.stderr()
    );
}

// ---------------------------------------------------------------- slugs, titles, authors

#[test]
fn slug_defaults_to_the_file_name_made_ascii() {
    let run = SiteTest::empty()
        .file("content/essays/Türkiye Today.md", &essay("", "Text."))
        .file(
            "content/essays/nested/deeper/Assad's fall.md",
            &essay("", "Text."),
        )
        .build();
    run.assert_success();
    assert!(
        run.exists("essays/turkiye-today/index.html"),
        "{:?}",
        run.file_list()
    );
    assert!(
        run.exists("essays/assads-fall/index.html"),
        "{:?}",
        run.file_list()
    );
}

#[test]
fn explicit_slug_is_used() {
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            &essay("slug = \"moscow-adapts\"\n", "Text."),
        )
        .build();
    run.assert_success();
    assert!(run.exists("essays/moscow-adapts/index.html"));
    assert!(!run.exists("essays/x/index.html"));
}

#[test]
fn bad_slug() {
    let stderr = invalid("invalid/bad-slug");
    assert!(stderr.contains("content/essays/escape.md:4:8"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn title_is_escaped() {
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            "+++\ntitle = \"Guns & <b>butter</b>\"\ndate = 2025-01-01\n+++\n\nText.\n",
        )
        .build();
    run.assert_success();
    let page = run.page("/essays/x/");
    assert!(!page.contains("<b>butter</b>"), "{page}");
    assert!(
        page.contains("Guns &amp; &lt;b&gt;butter&lt;&#x2F;b&gt;")
            || page.contains("Guns &amp; &lt;b&gt;butter&lt;/b&gt;"),
        "{page}"
    );
    assert!(!run.read("atom.xml").contains("<b>butter"));
}

#[test]
fn several_authors_are_joined_with_and() {
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            &essay(
                "authors = [\"Mara Lindqvist\", \"Daniel Okafor\", \"Ana Ruiz\"]\n",
                "Text.",
            ),
        )
        .build();
    run.assert_success();
    let main = run.main_html("/essays/x/");
    assert!(
        main.contains("<a class=\"author\" href=\"/authors/mara-lindqvist/\">Mara Lindqvist</a>, <a class=\"author\" href=\"/authors/daniel-okafor/\">Daniel Okafor</a> and <a class=\"author\" href=\"/authors/ana-ruiz/\">Ana Ruiz</a>"),
        "{main}"
    );
    let atom = run.read("atom.xml");
    for name in ["Mara Lindqvist", "Daniel Okafor", "Ana Ruiz"] {
        assert!(
            atom.contains(&format!("<author><name>{name}</name></author>")),
            "{atom}"
        );
    }
}

#[test]
fn site_author_is_the_default_author() {
    let run = SiteTest::fixture("pages").build();
    run.assert_success();
    assert!(
        run.main_html("/essays/first/")
            .contains("<a class=\"author\" href=\"/authors/desk/\">Desk</a>")
    );
}

#[test]
fn empty_authors_list_is_an_error() {
    let run = SiteTest::empty()
        .file("content/essays/x.md", &essay("authors = []\n", "Text."))
        .build();
    run.assert_exit(1);
    assert!(
        run.stderr().contains("content/essays/x.md:4:11"),
        "{}",
        run.stderr()
    );
}

#[test]
fn updated_before_date_warning_points_at_updated() {
    // Spec §6: diagnostics show the offending line. The warning quotes the
    // `+++` line instead of `updated = 2024-12-31` (line 4, column 11), and
    // has no help line.
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            &essay("updated = 2024-12-31\n", "Text."),
        )
        .build();
    run.assert_success();
    let stderr = run.stderr();
    assert!(
        stderr.contains("warning: `updated` is earlier than `date`"),
        "{stderr}"
    );
    assert!(stderr.contains("content/essays/x.md:4:11"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_key_in_a_source_suggests_source_keys() {
    // A typo inside [[sources]] is reported at the right place, but the help
    // lists the essay's top-level keys and never suggests `publisher`.
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            &essay(
                "\n[[sources]]\nid = \"a\"\ntitle = \"A\"\nurl = \"https://a.example/\"\npublsher = \"Reuters\"\n",
                "Cited [@a].",
            ),
        )
        .build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("content/essays/x.md:9:1"), "{stderr}");
    assert!(stderr.contains("did you mean `publisher`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn updated_date_is_shown() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    let main = run.main_html("/essays/red-sea/");
    assert!(
        main.contains("Updated <time datetime=\"2025-09-12\">12 September 2025</time>"),
        "{main}"
    );
    assert!(
        run.read("atom.xml")
            .contains("<updated>2025-09-12T00:00:00Z</updated>"),
        "the feed's updated is the newest essay date"
    );
}

#[test]
fn dates_may_be_datetimes_or_strings() {
    let run = SiteTest::empty()
        .file(
            "content/essays/a.md",
            "+++\ntitle = \"A\"\ndate = \"2025-10-15T08:30:00+02:00\"\n+++\n\nA.\n",
        )
        .file(
            "content/essays/b.md",
            "+++\ntitle = \"B\"\ndate = 2025-10-15T07:00:00Z\n+++\n\nB.\n",
        )
        .build();
    run.assert_success();
    let main = run.main_html("/essays/a/");
    assert!(
        main.contains("<time datetime=\"2025-10-15T08:30:00+02:00\">15 October 2025</time>"),
        "{main}"
    );
    // 08:30+02:00 is 06:30 UTC, before B's 07:00 UTC: B is newer and first.
    let home = run.main_html("/");
    assert!(
        home.find("/essays/b/").unwrap() < home.find("/essays/a/").unwrap(),
        "{home}"
    );
}

#[test]
fn tags_are_shown_in_order_without_duplicates() {
    let run = SiteTest::empty()
        .file(
            "content/essays/x.md",
            &essay("tags = [\"Russia\", \"Syria\", \"Russia\"]\n", "Text."),
        )
        .build();
    run.assert_success();
    let main = run.main_html("/essays/x/");
    assert!(
        main.contains(
            "<li class=\"tag\"><a href=\"/tags/russia/\">Russia</a></li><li class=\"tag\"><a href=\"/tags/syria/\">Syria</a></li></ul>"
        ),
        "{main}"
    );
}

// ---------------------------------------------------------------- discovery

#[test]
fn editor_leftovers_and_hidden_files_are_ignored() {
    let run = SiteTest::empty()
        .file("content/essays/real.md", &essay("", "Text."))
        .file("content/essays/.#real.md", "garbage")
        .file("content/essays/real.md~", "garbage")
        .file("content/essays/#real.md#", "garbage")
        .file("content/essays/.real.md.swp", "garbage")
        .file("content/.hidden/secret.md", "garbage")
        .build();
    run.assert_success().assert_quiet();
    let essays: Vec<String> = run
        .file_list()
        .into_iter()
        .filter(|f| f.starts_with("essays/"))
        .collect();
    assert_eq!(
        essays,
        [
            "essays/real/email.html",
            "essays/real/email.txt",
            "essays/real/index.html"
        ]
    );
}

#[test]
fn essays_can_live_anywhere_under_content() {
    let run = SiteTest::empty()
        .file("content/top.md", &essay("", "Text."))
        .file("content/2025/october/deep.md", &essay("", "Text."))
        .build();
    run.assert_success();
    assert!(run.exists("essays/top/index.html"));
    assert!(run.exists("essays/deep/index.html"));
}

#[test]
fn missing_content_folder_is_a_warning() {
    let run = SiteTest::empty().build();
    run.assert_success();
    insta::assert_snapshot!(run.stderr());
    assert!(run.exists("index.html"));
}

#[test]
fn page_with_an_essay_only_key_is_an_error() {
    let run = SiteTest::empty()
        .file(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\ntags = [\"x\"]\n+++\n\nText.\n",
        )
        .build();
    run.assert_exit(1);
    assert!(
        run.stderr().contains("content/pages/about.md:3:1"),
        "{}",
        run.stderr()
    );
}
