//! The output folder as a whole: determinism, atomic replacement, never
//! writing outside it, and the generated files (feeds, sitemap, 404).

use std::path::Path;

use crate::support::{SiteTest, assert_same_tree, broken_links, invalid, list_files, listing};

// ---------------------------------------------------------------- determinism

#[test]
fn same_input_gives_byte_identical_output() {
    // Two copies of the site in two folders, their files created in opposite
    // orders, each built into its own output folder.
    let first = SiteTest::fixture("example-like");
    let second = SiteTest::fixture_reversed("example-like");
    let a = first.build();
    let b = second.run(&["build", "-o", "elsewhere/out"]);
    a.assert_success();
    b.assert_success();
    assert_same_tree(&a.files(), &b.files());
    // And the same folder built again.
    let c = first.run(&["build", "-o", "again"]);
    c.assert_success();
    assert_same_tree(&a.files(), &c.files());
}

#[test]
fn the_example_site_builds_deterministically_with_working_links() {
    // The repository's own site: site.toml, content/, themes/ (and
    // templates/ and static/ when they exist).
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut site = SiteTest::empty();
    for entry in ["site.toml", "content", "themes", "templates", "static"] {
        let source = repo.join(entry);
        if source.is_file() {
            site = site.file(entry, &std::fs::read_to_string(&source).unwrap());
        } else if source.is_dir() {
            for file in list_files(&source) {
                site = site.file_bytes(
                    &format!("{entry}/{file}"),
                    &std::fs::read(source.join(&file)).unwrap(),
                );
            }
        }
    }
    let a = site.build();
    a.assert_success();
    let b = site.run(&["build", "-o", "second"]);
    b.assert_success();
    assert_same_tree(&a.files(), &b.files());
    let problems = broken_links(&a, "https://example.org/");
    assert!(problems.is_empty(), "broken links:\n{}", listing(&problems));
}

// ---------------------------------------------------------------- atomicity

fn stray_build_folders(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public") || name.contains(".cable-"))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("example-like");
    site.build().assert_success();
    let before = site.build().files();
    assert!(!before.is_empty());

    let site = site.file(
        "content/essays/chips.md",
        "+++\ntitle = \"Broken\"\ndate = 2025-13-01\n+++\n\nText [@nowhere].\n",
    );
    let failed = site.build();
    failed.assert_exit(1);
    assert!(
        failed.stderr().ends_with("; nothing was written\n"),
        "{}",
        failed.stderr()
    );
    assert_same_tree(&failed.files(), &before);
    assert_eq!(stray_build_folders(site.root()), Vec::<String>::new());

    // `check` on the broken site does not touch it either.
    site.check().assert_exit(1);
    assert_same_tree(&site.build().files(), &before);
}

#[test]
fn a_failed_template_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("minimal");
    let before = {
        let run = site.build();
        run.assert_success();
        run.files()
    };
    let site = site.file("templates/index.html", "{% for x in %}{% endfor %}");
    let failed = site.build();
    failed.assert_exit(1);
    assert_same_tree(&failed.files(), &before);
    assert_eq!(stray_build_folders(site.root()), Vec::<String>::new());
}

#[test]
fn a_successful_rebuild_replaces_the_whole_output() {
    let site = SiteTest::fixture("pagination");
    let first = site.build();
    first.assert_success();
    assert!(first.exists("essays/one/index.html"));
    assert!(first.exists("page/3/index.html"));
    // A file someone put in the output folder by hand.
    std::fs::write(first.out_dir().join("leftover.txt"), "old").unwrap();

    let site = site.remove("content/essays/one.md");
    let second = site.build();
    second.assert_success();
    assert!(!second.exists("essays/one/index.html"));
    assert!(!second.exists("page/3/index.html"));
    assert!(!second.exists("leftover.txt"));
    assert_eq!(stray_build_folders(site.root()), Vec::<String>::new());
    // The same as a build from scratch.
    let fresh = site.run(&["build", "-o", "fresh"]);
    fresh.assert_success();
    assert_same_tree(&second.files(), &fresh.files());
}

// ---------------------------------------------------------------- safety

#[test]
fn slug_that_climbs_out_writes_nothing_anywhere() {
    // The site lives in ROOT/site, the output in ROOT/site/public: nothing
    // may appear in ROOT, ROOT/site or ROOT/site/public.
    let outer = SiteTest::empty().remove("site.toml");
    let fixture = crate::support::fixtures_dir().join("invalid/bad-slug");
    let mut outer = outer;
    for file in list_files(&fixture) {
        outer = outer.file(
            &format!("site/{file}"),
            &std::fs::read_to_string(fixture.join(&file)).unwrap(),
        );
    }
    let before = outer.tree_contents();
    let run = outer.run_raw(&["build", "--root", "site", "-o", "site/public"]);
    run.assert_exit(1);
    assert_eq!(outer.tree_contents(), before, "files were written");
    assert!(!outer.root().join("x").exists());
    assert!(!outer.root().join("site/x").exists());
    assert!(!outer.root().join("site/public").exists());
}

#[test]
fn output_folder_may_not_be_the_site_itself() {
    let site = SiteTest::fixture("minimal");
    let before = site.tree_contents();
    let root = site.root().display().to_string();
    let run = site.run(&["build", "-o", &root]);
    run.assert_exit(1);
    assert!(
        run.stderr()
            .contains("refusing to write the site into [ROOT]"),
        "{}",
        run.stderr()
    );
    insta::assert_snapshot!(run.stderr());
    assert_eq!(site.tree_contents(), before, "the site was changed");

    // `.` from inside the site is the same folder.
    let run = site.run(&["build", "-o", "."]);
    run.assert_exit(1);
    assert_eq!(site.tree_contents(), before, "the site was changed");
}

#[test]
fn output_folder_may_not_contain_the_site_or_sit_in_its_sources() {
    let outer = SiteTest::empty();
    let mut outer = outer;
    let fixture = crate::support::fixtures_dir().join("minimal");
    for file in list_files(&fixture) {
        outer = outer.file(
            &format!("site/{file}"),
            &std::fs::read_to_string(fixture.join(&file)).unwrap(),
        );
    }
    let before = outer.tree_contents();
    // The parent of the site.
    let run = outer.run_raw(&["build", "--root", "site", "-o", "."]);
    run.assert_exit(1);
    assert_eq!(outer.tree_contents(), before);
    // Inside content/.
    let run = outer.run_raw(&["build", "--root", "site", "-o", "site/content/out"]);
    run.assert_exit(1);
    assert_eq!(outer.tree_contents(), before);
    // A file, not a folder.
    let run = outer.run_raw(&["build", "--root", "site", "-o", "site/site.toml"]);
    run.assert_exit(1);
    assert_eq!(outer.tree_contents(), before);
}

#[test]
fn relative_output_folder_is_created_with_its_parents() {
    let site = SiteTest::fixture("minimal");
    let run = site.run(&["build", "-o", "deep/er/out"]);
    run.assert_success();
    assert!(site.root().join("deep/er/out/index.html").is_file());
    assert!(!site.root().join("public").exists());
}

#[test]
fn default_output_folder_is_public_under_the_root() {
    let site = SiteTest::fixture("minimal");
    let run = site.run_raw(&["build", "--root", "."]);
    run.assert_success();
    assert!(site.root().join("public/index.html").is_file());
}

#[test]
fn url_collision_points_at_both_slug_lines() {
    // Spec §6: errors are file:line:col diagnostics with the offending line
    // shown. Today the collision names both files but quotes no line; both
    // `slug = "same"` lines should be shown.
    let stderr = invalid("invalid/url-collision");
    assert!(stderr.contains("/essays/same/"), "{stderr}");
    assert!(stderr.contains("content/essays/first.md:4:8"), "{stderr}");
    assert!(stderr.contains("content/essays/second.md:4:8"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn url_collision_names_both_files() {
    let run = SiteTest::fixture("invalid/url-collision").build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("content/essays/first.md"), "{stderr}");
    assert!(stderr.contains("content/essays/second.md"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert!(!run.out_dir().exists());
}

#[test]
fn essay_and_page_at_the_same_url_is_an_error_naming_both() {
    let run = SiteTest::empty()
        .config("title = \"T\"\nbase_url = \"https://example.org\"\npermalink = \"/{slug}/\"\n")
        .file(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\n+++\n\nPage.\n",
        )
        .file(
            "content/essays/about.md",
            "+++\ntitle = \"About us\"\ndate = 2025-01-01\n+++\n\nEssay.\n",
        )
        .build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("content/pages/about.md"), "{stderr}");
    assert!(stderr.contains("content/essays/about.md"), "{stderr}");
    assert!(!run.out_dir().exists());
}

#[test]
fn essay_may_not_take_the_url_of_a_generated_page() {
    // permalink "/{slug}/" and slug "page" would be fine, but a slug whose
    // URL is the home page's second page is not.
    let mut site = SiteTest::empty()
        .config("title = \"T\"\nbase_url = \"https://example.org\"\npaginate = 1\npermalink = \"/page/{slug}/\"\n");
    for (name, day) in [("a", 1), ("b", 2), ("2", 3)] {
        site = site.file(
            &format!("content/essays/{name}.md"),
            &format!("+++\ntitle = \"{name}\"\ndate = 2025-01-0{day}\n+++\n\nText.\n"),
        );
    }
    let run = site.build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("/page/2/"), "{stderr}");
    assert!(stderr.contains("content/essays/2.md"), "{stderr}");
}

#[test]
fn static_file_may_not_replace_a_generated_file() {
    let run = SiteTest::fixture("minimal")
        .file("static/atom.xml", "<feed/>")
        .build();
    run.assert_exit(1);
    insta::assert_snapshot!(run.stderr());
    assert!(!run.out_dir().exists());
}

// ---------------------------------------------------------------- generated files

#[test]
fn atom_feed() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    insta::assert_snapshot!(run.read("atom.xml"));
}

#[test]
fn atom_feed_is_well_formed_enough() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    let atom = run.read("atom.xml");
    assert!(atom.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert_eq!(atom.matches("<entry>").count(), 3);
    assert_eq!(
        atom.matches("<entry>").count(),
        atom.matches("</entry>").count()
    );
    // Content is escaped HTML: no raw tags inside <content>.
    for content in atom.split("<content type=\"html\">").skip(1) {
        let body = &content[..content.find("</content>").unwrap()];
        assert!(!body.contains('<'), "raw markup in feed content: {body}");
    }
    // Every link in the content is absolute.
    for link in atom
        .match_indices("href=&quot;")
        .map(|(i, m)| &atom[i + m.len()..])
    {
        assert!(
            link.starts_with("https://"),
            "relative link in feed: {}",
            &link[..40.min(link.len())]
        );
    }
    for link in atom
        .match_indices("src=&quot;")
        .map(|(i, m)| &atom[i + m.len()..])
    {
        assert!(
            link.starts_with("https://"),
            "relative src in feed: {}",
            &link[..40.min(link.len())]
        );
    }
}

#[test]
fn feed_content_has_no_citation_previews() {
    // Feed readers and newsletter services show HTML without the site's
    // CSS, so the hidden-until-hover citation previews inside each <sup>
    // print inline: "…old level1Lloyd's List Suez transits fall again, 20
    // August 2025". Feed content should keep the numbered link and drop the
    // preview (the Sources list already has the details).
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    let atom = run.read("atom.xml");
    assert!(atom.contains("sup class=&quot;cite&quot;"), "{atom}");
    assert!(!atom.contains("cite-preview"), "{atom}");
}

#[test]
fn feed_limit_caps_the_feed() {
    let run = SiteTest::fixture("pagination")
        .config("title = \"P\"\nbase_url = \"https://example.org\"\nfeed_limit = 2\n")
        .build();
    run.assert_success();
    let atom = run.read("atom.xml");
    assert_eq!(atom.matches("<entry>").count(), 2, "{atom}");
    assert!(atom.contains("Essay five") && atom.contains("Essay four"));
}

#[test]
fn sitemap() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    insta::assert_snapshot!(run.read("sitemap.xml"));
}

#[test]
fn sitemap_lists_every_html_page_but_404() {
    for fixture in ["example-like", "pagination", "pages", "permalinks"] {
        let run = SiteTest::fixture(fixture).build();
        run.assert_success();
        let sitemap = run.read("sitemap.xml");
        for (page, _) in run.html_files() {
            let url = format!(
                "<loc>https://example.org/{}</loc>",
                page.trim_end_matches("index.html")
            );
            if page == "404.html" {
                assert!(!sitemap.contains(&url), "{fixture}: 404 in sitemap");
            } else {
                assert!(
                    sitemap.contains(&url),
                    "{fixture}: {url} missing from\n{sitemap}"
                );
            }
        }
    }
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let run = SiteTest::fixture("minimal").build();
    run.assert_success();
    assert_eq!(
        run.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn not_found_page() {
    let run = SiteTest::fixture("pages").build();
    run.assert_success();
    insta::assert_snapshot!(run.main_html("/404.html"));
    let page = run.page("/404.html");
    assert!(!page.contains("rel=\"canonical\""), "{page}");
}

#[test]
fn html_pages_have_the_essentials() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    for (page, html) in run.html_files() {
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"en\">"),
            "{page}"
        );
        for expected in [
            "<meta charset=\"utf-8\">",
            "<title>",
            "name=\"viewport\"",
            "<main id=\"main\"",
        ] {
            assert!(html.contains(expected), "{page}: no {expected}");
        }
        assert_eq!(html.matches("<h1").count(), 1, "{page}: one <h1>");
        // No JavaScript is needed to read: scripts may only be deferred,
        // external enhancements (JSON-LD data is not a script that runs).
        for tag in html.match_indices("<script").map(|(i, _)| &html[i..]) {
            let tag = &tag[..tag.find('>').unwrap()];
            if tag.contains("type=\"application/ld+json\"") {
                continue;
            }
            assert!(
                tag.contains(" src=") && (tag.contains(" defer") || tag.contains(" async")),
                "{page}: blocking or inline script {tag}"
            );
        }
    }
    let essay = run.page("/essays/red-sea/");
    for expected in [
        "<link rel=\"canonical\" href=\"https://example.org/essays/red-sea/\">",
        "<meta property=\"og:title\" content=\"The Red Sea after the attacks\">",
        "<meta property=\"og:url\" content=\"https://example.org/essays/red-sea/\">",
    ] {
        assert!(essay.contains(expected), "no {expected} in\n{essay}");
    }
}

#[test]
fn example_like_file_list() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    insta::assert_snapshot!(run.file_list_snapshot());
}

#[test]
fn links_that_lead_outside_the_site_are_not_copied() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "not for publishing").unwrap();
    let site = SiteTest::empty()
        .file(
            "content/essays/x/index.md",
            "+++\ntitle = \"X\"\ndate = 2025-01-01\n+++\nText.\n",
        )
        .file("static/inside.txt", "fine");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.root().join("content/essays/x/secret.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("static/elsewhere")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("static/inside.txt"),
        site.root().join("static/alias.txt"),
    )
    .unwrap();
    let run = site.build();
    run.assert_success();
    let files = run.file_list();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("secret") || f.contains("elsewhere")),
        "{files:?}"
    );
    assert!(
        files.contains(&"alias.txt".to_string()),
        "a link inside the site is fine: {files:?}"
    );
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/essays/x/secret.txt links outside the site"),
        "{stderr}"
    );
    assert!(
        stderr.contains("static/elsewhere links outside the site"),
        "{stderr}"
    );
}
