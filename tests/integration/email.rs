//! Reader support and the email edition: the support block under essays
//! (site default, an essay's own `[support]`, hidden), the `[subscribe]`
//! form for each provider, `essays/x/email.html` and `email.txt`, and
//! `cable email`. Fixture: tests/fixtures/email.

use crate::support::{MINIMAL_CONFIG, Run, SiteTest, attributes, broken_links, element, listing};

const ESSAY: &str = "essays/straits/";

fn built() -> Run {
    let run = SiteTest::fixture("email").build();
    run.assert_success().assert_quiet();
    run
}

/// The `<aside class="support">` of an essay's page, if any.
fn support_block(run: &Run, url: &str) -> Option<String> {
    let main = run.main_html(url);
    let start = main.find("<aside class=\"support\"")?;
    let end = start + main[start..].find("</aside>")? + "</aside>".len();
    Some(main[start..end].to_string())
}

// ---------------------------------------------------------------- support block

#[test]
fn support_block_default() {
    let run = built();
    let block = support_block(&run, "/essays/straits/").expect("a support block");
    insta::assert_snapshot!(block);
    // Before the Sources, after the body.
    let main = run.main_html("/essays/straits/");
    assert!(
        main.find("class=\"support\"") < main.find("class=\"sources\""),
        "{main}"
    );
}

#[test]
fn support_block_overridden_by_the_essay() {
    // Its own message, label and comment link; `links = []` hides the
    // site's tip jars; the site's subscribe URL is kept.
    let block = support_block(&built(), "/essays/own/").expect("a support block");
    insta::assert_snapshot!(block);
    assert!(!block.contains("Ko-fi"), "{block}");
    assert!(
        block.contains("https://buttondown.com/example/upgrade"),
        "{block}"
    );
}

#[test]
fn support_block_hidden_with_support_false() {
    let run = built();
    assert_eq!(support_block(&run, "/essays/quiet/"), None);
    assert!(
        !run.read("essays/quiet/email.html")
            .contains("Support this newsletter")
    );
    assert!(
        !run.read("essays/quiet/email.txt")
            .contains("Support this newsletter")
    );
    insta::assert_snapshot!(run.main_html("/essays/quiet/"));
}

// ---------------------------------------------------------------- subscribe form

/// Builds a one-essay site with this `[subscribe]` table; returns the run.
fn with_subscribe(table: &str) -> Run {
    SiteTest::empty()
        .config(&format!("{MINIMAL_CONFIG}\n[subscribe]\n{table}"))
        .file(
            "content/essays/x.md",
            "+++\ntitle = \"X\"\ndate = 2025-01-01\n+++\n\nText.\n",
        )
        .build()
}

/// The footer's subscribe section of the home page.
fn footer_form(run: &Run) -> String {
    let footer = element(&run.page("/"), "footer")
        .expect("a footer")
        .to_string();
    element(&footer, "section")
        .unwrap_or_else(|| panic!("no subscribe section in {footer}"))
        .to_string()
}

fn assert_form_everywhere(run: &Run) {
    run.assert_success().assert_quiet();
    for (page, html) in run.html_files() {
        let footer = element(&html, "footer").unwrap_or_default();
        if page == "subscribe/index.html" {
            // The page is the form: the footer does not repeat it.
            assert!(!footer.contains("<form"), "{page}");
            assert_eq!(html.matches("<form").count(), 1, "{page}");
        } else {
            assert!(
                footer.contains("<form class=\"subscribe-form\""),
                "{page}: {footer}"
            );
        }
        assert!(
            html.contains("<li><a href=\"/subscribe/\""),
            "{page} has no Subscribe entry in the navigation"
        );
    }
    let page = run.main_html("/subscribe/");
    assert!(page.contains("<form class=\"subscribe-form\""), "{page}");
    assert!(
        run.read("sitemap.xml")
            .contains("https://example.org/subscribe/")
    );
}

#[test]
fn subscribe_form_buttondown() {
    let run = with_subscribe("provider = \"buttondown\"\nname = \"global-geopolitics\"\n");
    assert_form_everywhere(&run);
    insta::assert_snapshot!(footer_form(&run));
}

#[test]
fn subscribe_form_substack() {
    let run = with_subscribe(
        "provider = \"substack\"\nname = \"globalgeopolitics\"\ntitle = \"Join on Substack\"\nbutton = \"Join\"\n",
    );
    assert_form_everywhere(&run);
    insta::assert_snapshot!(footer_form(&run));
}

#[test]
fn subscribe_form_ghost() {
    // Ghost takes sign-ups from its own pages only: the button opens the
    // site's signup screen (a GET with no fields keeps the #/portal link).
    let run = with_subscribe("provider = \"ghost\"\nname = \"https://news.example.net\"\n");
    assert_form_everywhere(&run);
    let form = footer_form(&run);
    assert!(!form.contains("<input"), "{form}");
    insta::assert_snapshot!(form);
}

#[test]
fn subscribe_form_custom() {
    let run = with_subscribe(
        "provider = \"custom\"\naction = \"https://example.us1.list-manage.com/subscribe/post?u=1&id=2\"\nemail_field = \"EMAIL\"\nlabel = \"Your email\"\ndescription = \"Monthly, no more.\"\n",
    );
    assert_form_everywhere(&run);
    insta::assert_snapshot!(footer_form(&run));
    insta::assert_snapshot!("subscribe_page_custom", run.main_html("/subscribe/"));
}

#[test]
fn no_subscribe_table_no_form_and_no_page() {
    let config =
        std::fs::read_to_string(crate::support::fixtures_dir().join("email/site.toml")).unwrap();
    let without = config.split("[subscribe]").next().unwrap();
    let run = SiteTest::fixture("email").config(without).build();
    run.assert_success();
    assert!(!run.exists("subscribe/index.html"));
    for (page, html) in run.html_files() {
        assert!(!html.contains("<form"), "{page}");
        assert!(!html.contains("/subscribe/"), "{page}");
    }
    assert!(
        !run.read(&format!("{ESSAY}email.html"))
            .contains("/subscribe/")
    );
    assert!(
        !run.read(&format!("{ESSAY}email.txt"))
            .contains("Subscribe:")
    );
}

#[test]
fn subscribe_config_errors_name_the_line() {
    let build = |table: &str| {
        let run = with_subscribe(table);
        run.assert_exit(1);
        run.stderr()
    };
    let unknown = build("provider = \"mailchimp\"\nname = \"x\"\n");
    assert!(unknown.contains("site.toml:5:12"), "{unknown}");
    insta::assert_snapshot!("subscribe_unknown_provider", unknown);
    let missing = build("provider = \"substack\"\n");
    assert!(missing.contains("site.toml:4:1"), "{missing}");
    insta::assert_snapshot!("subscribe_missing_name", missing);
    let typo = build("provider = \"buttondown\"\nusername = \"x\"\n");
    assert!(typo.contains("unknown key `username`"), "{typo}");
    assert!(typo.contains("site.toml:6:1"), "{typo}");
}

#[test]
fn subscribe_page_url_is_reserved() {
    let run = SiteTest::fixture("email")
        .file(
            "content/pages/subscribe.md",
            "+++\ntitle = \"Subscribe\"\n+++\n\nMine.\n",
        )
        .build();
    run.assert_exit(1);
    assert!(run.stderr().contains("/subscribe/"), "{}", run.stderr());
}

// ---------------------------------------------------------------- email edition

#[test]
fn email_html_snapshot() {
    insta::assert_snapshot!(built().read(&format!("{ESSAY}email.html")));
}

#[test]
fn email_txt_snapshot() {
    insta::assert_snapshot!(built().read(&format!("{ESSAY}email.txt")));
}

/// Start tags (name, inside) of `html`, comments skipped.
fn start_tags(html: &str) -> Vec<(String, String)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |j| &after[j + 3..]);
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |j| j + 1);
        let inside = &rest[1..end.saturating_sub(1)];
        let name: String = inside
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !name.is_empty() {
            tags.push((name.to_ascii_lowercase(), inside.to_string()));
        }
        rest = &rest[end..];
    }
    tags
}

#[test]
fn email_html_is_self_contained_and_styled_inline() {
    let run = built();
    let emails = run.email_files();
    assert_eq!(emails.len(), 3, "one email edition per essay");
    for (path, html) in &emails {
        for banned in [
            "<style",
            "<script",
            "<link rel=\"stylesheet\"",
            "<link rel=stylesheet",
        ] {
            assert!(!html.contains(banned), "{path} contains {banned}");
        }
        for attr in attributes(html) {
            if attr.name == "href" || attr.name == "src" {
                assert!(
                    attr.value.starts_with("https://") || attr.value.starts_with("mailto:"),
                    "{path}: relative URL {:?} on <{}>",
                    attr.value,
                    attr.tag
                );
            }
        }
        let styled = [
            "p",
            "h1",
            "h2",
            "h3",
            "a",
            "blockquote",
            "ul",
            "ol",
            "li",
            "table",
            "td",
            "th",
            "pre",
            "code",
            "sup",
            "img",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for (name, inside) in start_tags(html) {
            if styled.contains(&name.as_str()) {
                seen.insert(name.clone());
                assert!(
                    inside.contains(" style=\""),
                    "{path}: <{inside}> has no inline style"
                );
            }
        }
        if path.starts_with(ESSAY) {
            // The essay that has one of each.
            assert_eq!(
                seen.into_iter().collect::<Vec<_>>().len(),
                styled.len(),
                "{path}"
            );
        }
    }
    // Its links lead somewhere: the web page's Sources, the about page.
    let problems = broken_links(&run, "https://example.org/");
    assert!(problems.is_empty(), "{}", listing(&problems));
}

#[test]
fn email_html_links_citations_to_the_web_sources_and_has_the_support_buttons() {
    let html = built().read(&format!("{ESSAY}email.html"));
    assert!(html.contains("href=\"https://example.org/essays/straits/#source-1\""));
    assert!(html.contains("href=\"https://example.org/essays/straits/#note-1\""));
    assert!(html.contains("src=\"https://example.org/essays/straits/map.svg\""));
    assert!(html.contains("Read on the web</a>"));
    assert!(
        !html.contains("class=\"backrefs\""),
        "no ↩ back-links in an email"
    );
    assert!(
        !html.contains("class=\"anchor\""),
        "no # heading links in an email"
    );
    for button in [
        "class=\"email-button email-button-primary\" href=\"https://buttondown.com/example/upgrade\"",
        "class=\"email-button\" href=\"https://buymeacoffee.com/example\"",
        "href=\"https://github.com/example/comments/discussions/new?title=straits&amp;body=https%3A%2F%2Fexample.org%2Fessays%2Fstraits%2F\"",
    ] {
        assert!(html.contains(button), "{button} missing from\n{html}");
    }
    // One column, at most 600 px wide.
    assert!(
        html.contains("class=\"email-column\" style=\"box-sizing: border-box;max-width: 600px;")
    );
}

#[test]
fn email_txt_is_wrapped_at_72_columns_with_numbered_sources() {
    let run = built();
    for (path, _) in run.email_files() {
        let text = run.read(&path.replace(".html", ".txt"));
        for line in text.lines() {
            // A URL longer than a line stays whole, alone on its line.
            let lone_url = line.trim().contains("://") && !line.trim().contains(' ');
            assert!(
                line.chars().count() <= 72 || lone_url,
                "{path}: {} columns: {line}",
                line.chars().count()
            );
        }
    }
    let text = run.read(&format!("{ESSAY}email.txt"));
    assert!(text.contains("since 1936[1],"), "{text}");
    assert!(text.contains("old level[2][1]."), "{text}");
    assert!(text.contains("pass[note 1][1]."), "{text}");
    let sources = &text[text.find("Sources\n-------").expect("a Sources list")..];
    assert!(sources.contains("[1] League of Nations"), "{sources}");
    assert!(
        sources.contains("    https://treaties.example/montreux\n"),
        "{sources}"
    );
    assert!(sources.contains("[2] Lloyd's List"), "{sources}");
    assert!(
        !text.contains('<') || !text.contains("</"),
        "no HTML left: {text}"
    );
}

#[test]
fn email_css_is_inlined_not_copied_and_a_site_can_override_it() {
    let run = built();
    assert!(!run.exists("email.css"));
    let run = SiteTest::fixture("email")
        .file("static/email.css", "p { color: #123456; }\n")
        .build();
    run.assert_success();
    let html = run.read(&format!("{ESSAY}email.html"));
    assert!(html.contains("<p style=\"color: #123456;\">"), "{html}");
    assert!(!run.exists("email.css"));
}

#[test]
fn rss_content_is_the_email_edition() {
    let rss = built().read("rss.xml");
    let item = &rss[rss.find("<title>Who holds the straits</title>").unwrap()..];
    let content = &item[item.find("<content:encoded><![CDATA[").unwrap()
        ..item.find("]]></content:encoded>").unwrap()];
    assert!(content.contains("<p style=\""), "{content}");
    assert!(
        content.contains("class=\"email-button email-button-primary\""),
        "{content}"
    );
    assert!(
        !content.contains("<style") && !content.contains("<script") && !content.contains("<body")
    );
    assert!(
        !content.contains("class=\"preheader\""),
        "no hidden preview line in feeds"
    );
    let atom = built().read("atom.xml");
    assert!(!atom.contains("&lt;p style="), "Atom keeps the plain HTML");
}

// ---------------------------------------------------------------- cable email

#[test]
fn cable_email_prints_the_edition_by_slug_file_or_url() {
    let site = SiteTest::fixture("email");
    let built = site.build();
    let html = built.read(&format!("{ESSAY}email.html"));
    let text = built.read(&format!("{ESSAY}email.txt"));
    let root = site.root().display().to_string();
    for essay in [
        "straits",
        "content/essays/straits/index.md",
        "content/essays/straits",
        "/essays/straits/",
        "https://example.org/essays/straits/",
    ] {
        let run = site.run_raw(&["email", essay]);
        run.assert_success().assert_quiet();
        assert_eq!(run.stdout(), html, "cable email {essay}");
        let run = site.run_raw(&["email", essay, "--text", "--root", &root]);
        run.assert_success();
        assert_eq!(run.stdout(), text, "cable email {essay} --text");
    }
}

#[test]
fn cable_email_unknown_essay_suggests_one() {
    let run = SiteTest::fixture("email").run_raw(&["email", "strait"]);
    run.assert_exit(1);
    assert!(run.stdout().is_empty());
    let stderr = run.stderr();
    assert!(stderr.contains("no essay `strait`"), "{stderr}");
    assert!(stderr.contains("did you mean `straits`?"), "{stderr}");
}
