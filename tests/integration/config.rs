//! site.toml: strict keys, validated values, command-line overrides.

use crate::support::{MINIMAL_CONFIG, SiteTest, broken_links, invalid, listing};

/// A site with one essay and the given site.toml, built.
fn build_with(config: &str) -> crate::support::Run {
    SiteTest::empty()
        .config(config)
        .file(
            "content/essays/x.md",
            "+++\ntitle = \"X\"\ndate = 2025-01-01\n+++\n\nText.\n",
        )
        .build()
}

/// Builds with `config`, expects failure, returns stderr.
fn error_with(config: &str) -> String {
    let run = build_with(config);
    run.assert_exit(1);
    assert!(!run.out_dir().exists(), "public/ was created");
    run.stderr()
}

#[test]
fn unknown_config_key() {
    let stderr = invalid("invalid/unknown-config-key");
    assert!(stderr.contains("site.toml:3:1"), "{stderr}");
    assert!(stderr.contains("`paginte`"), "{stderr}");
    assert!(stderr.contains("did you mean `paginate`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_key_in_support_table_suggests_support_keys() {
    // The typo is found at the right place, but the help lists the keys of
    // the top level of site.toml (`title`, `base_url`…) instead of those of
    // [support], so `subscribe_label` is never suggested.
    let stderr = error_with(&format!(
        "{MINIMAL_CONFIG}\n[support]\nsubscribe_lable = \"Join\"\n"
    ));
    assert!(stderr.contains("site.toml:5:1"), "{stderr}");
    assert!(
        stderr.contains("did you mean `subscribe_label`?"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn missing_title_and_base_url_are_both_reported() {
    let stderr = error_with("description = \"No title, no base URL\"\n");
    assert!(stderr.contains("`title`"), "{stderr}");
    assert!(stderr.contains("`base_url`"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn base_url_must_be_absolute_http() {
    let stderr = error_with("title = \"T\"\nbase_url = \"example.org\"\n");
    assert!(stderr.contains("site.toml:2:12"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn toml_syntax_error_in_site_toml() {
    let stderr = error_with("title = \"T\nbase_url = \"https://example.org\"\n");
    assert!(stderr.contains("site.toml:1:"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn paginate_must_be_positive() {
    let stderr = error_with(&format!("{MINIMAL_CONFIG}paginate = 0\n"));
    assert!(stderr.contains("site.toml:3:12"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn permalink_must_contain_slug() {
    let stderr = error_with(&format!(
        "{MINIMAL_CONFIG}permalink = \"/essays/{{year}}/\"\n"
    ));
    assert!(stderr.contains("site.toml:3:13"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn permalink_may_not_climb_out_of_the_site() {
    let stderr = error_with(&format!("{MINIMAL_CONFIG}permalink = \"/../{{slug}}/\"\n"));
    assert!(stderr.contains("site.toml:3:13"), "{stderr}");
}

#[test]
fn unknown_theme_is_an_error() {
    let stderr = error_with(&format!("{MINIMAL_CONFIG}theme = \"nope\"\n"));
    assert!(stderr.contains("site.toml:3:9"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn support_link_error_points_at_the_url() {
    // The error quotes the `[support]` header line instead of the line with
    // the bad URL (line 5, column 17 or 18: the value, with or without its
    // opening quote).
    let stderr = error_with(&format!(
        "{MINIMAL_CONFIG}\n[support]\nsubscribe_url = \"javascript:alert(1)\"\n"
    ));
    assert!(
        stderr.contains("site.toml:5:17") || stderr.contains("site.toml:5:18"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn no_site_toml() {
    let run = SiteTest::empty().remove("site.toml").build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("no site.toml in [ROOT]"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert!(!run.out_dir().exists());
}

#[test]
fn defaults_apply_when_keys_are_missing() {
    let run = build_with(MINIMAL_CONFIG);
    run.assert_success().assert_quiet();
    let page = run.page("/essays/x/");
    assert!(
        page.starts_with("<!doctype html>\n<html lang=\"en\">"),
        "{page}"
    );
    assert!(run.exists("essays/x/index.html"), "default permalink");
}

#[test]
fn language_reaches_the_html_and_the_feed() {
    let run = build_with(&format!("{MINIMAL_CONFIG}language = \"fr-CA\"\n"));
    run.assert_success();
    assert!(run.page("/").contains("<html lang=\"fr-CA\">"));
    assert!(run.read("atom.xml").contains("xml:lang=\"fr-CA\""));
}

#[test]
fn support_block_is_rendered_under_each_essay() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    let main = run.main_html("/essays/red-sea/");
    let start = main
        .find("<aside class=\"support\"")
        .expect("a support block");
    let end = start + main[start..].find("</aside>").unwrap() + "</aside>".len();
    insta::assert_snapshot!(&main[start..end]);
    // support = false hides it.
    assert!(
        !run.main_html("/essays/turkiye/")
            .contains("class=\"support\"")
    );
}

#[test]
fn essay_support_table_overrides_the_site_settings() {
    let run = SiteTest::fixture("example-like")
        .file(
            "content/essays/own.md",
            "+++\ntitle = \"Own support\"\ndate = 2025-01-01\n\n[support]\nsubscribe_label = \"Join the Arctic desk\"\n+++\n\nText.\n",
        )
        .build();
    run.assert_success();
    let main = run.main_html("/essays/own/");
    assert!(
        main.contains("<a class=\"button button-primary\" href=\"https://buttondown.com/example/upgrade\">Join the Arctic desk</a>"),
        "{main}"
    );
    assert!(
        main.contains("Buy me a coffee"),
        "site links are kept: {main}"
    );
}

#[test]
fn base_url_flag_overrides_site_toml_everywhere() {
    let run = SiteTest::fixture("example-like").run(&[
        "build",
        "--base-url",
        "https://u.github.io/news/",
    ]);
    run.assert_success();
    let mut problems = Vec::new();
    for (page, html) in run.html_files() {
        for link in crate::support::links(&html) {
            let ok = link.starts_with("/news/")
                || link.starts_with("https://")
                || link.starts_with('#')
                // A bundle asset referenced from its own essay's body.
                || (page.starts_with("essays/") && !link.contains(':') && !link.starts_with('/'));
            if !ok {
                problems.push(format!("{page}: {link}"));
            }
            if page == "404.html"
                && !(link.starts_with("/news/")
                    || link.starts_with("https://")
                    || link.starts_with('#'))
            {
                // The 404 page is served at any URL: relative links break.
                problems.push(format!("{page}: relative link {link}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "links outside /news/:\n{}",
        listing(&problems)
    );
    // Every internal link, relative ones included, names a file that exists.
    let broken = broken_links(&run, "https://u.github.io/news/");
    assert!(broken.is_empty(), "broken links:\n{}", listing(&broken));
    // site.toml's base URL appears nowhere.
    for (file, bytes) in run.files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("example.org"),
            "{file} still uses site.toml's base_url"
        );
    }
    let atom = run.read("atom.xml");
    assert!(
        atom.contains("<id>https://u.github.io/news/essays/red-sea/</id>"),
        "{atom}"
    );
    assert!(
        atom.contains("src=&quot;https://u.github.io/news/essays/red-sea/lanes.svg&quot;"),
        "{atom}"
    );
    assert!(
        run.read("sitemap.xml")
            .contains("<loc>https://u.github.io/news/essays/red-sea/</loc>")
    );
    assert!(
        run.read("robots.txt")
            .contains("Sitemap: https://u.github.io/news/sitemap.xml")
    );
}

#[test]
fn base_url_without_trailing_slash_gets_one() {
    let run =
        SiteTest::fixture("minimal").run(&["build", "--base-url", "https://u.github.io/news"]);
    run.assert_success();
    let page = run.page("/essays/hello/");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://u.github.io/news/essays/hello/\">"),
        "{page}"
    );
    assert!(
        page.contains("<link rel=\"stylesheet\" href=\"/news/style.css"),
        "{page}"
    );
}

#[test]
fn invalid_base_url_flag_is_an_error() {
    let run = SiteTest::fixture("minimal").run(&["build", "--base-url", "u.github.io/news"]);
    run.assert_exit(1);
    assert!(!run.out_dir().exists());
    insta::assert_snapshot!(run.stderr());
}
