//! `cable init` and `cable new`, end to end: the new site builds at once and
//! cleanly, `--theme-copy` changes nothing in the output, a new essay is a
//! draft that builds, and neither command ever overwrites anything.
//!
//! Each test works in a [`SiteTest::empty`] folder used as the working
//! directory ("host"); `cable init site` makes the new site in `host/site`.

use crate::support::{SiteTest, assert_same_tree, list_files};

/// A host folder with a fresh `cable init site` (plus `extra` flags) in it.
fn init(extra: &[&str]) -> SiteTest {
    let host = SiteTest::empty();
    let mut args = vec!["init", "site"];
    args.extend(extra);
    host.run_raw(&args).assert_success().assert_quiet();
    host
}

/// `cable build --root site -o site/public` in the host folder, plus `extra`.
fn build_site(host: &SiteTest, extra: &[&str]) -> crate::support::Run {
    let mut args = vec!["build", "--root", "site", "-o", "site/public"];
    args.extend(extra);
    host.run_raw(&args)
}

#[test]
fn init_makes_a_site_that_builds_cleanly_with_a_cited_source() {
    let host = init(&[]);
    let mut files = list_files(&host.root().join("site"));
    files.sort();
    assert_eq!(
        files,
        [
            ".gitignore",
            "content/essays/welcome.md",
            "content/pages/about.md",
            "site.toml"
        ]
    );
    let gitignore = std::fs::read_to_string(host.root().join("site/.gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "public/"), "{gitignore}");

    let run = build_site(&host, &[]);
    run.assert_success().assert_quiet();
    let essay = run.main_html("/essays/welcome/");
    assert!(essay.contains("class=\"cite\""), "no citation in:\n{essay}");
    assert!(
        essay.contains("href=\"#source-1\""),
        "citation 1 not linked:\n{essay}"
    );
    assert!(
        essay.contains("United Nations"),
        "no Sources entry:\n{essay}"
    );
    assert!(run.exists("about/index.html"), "{:#?}", run.file_list());
    assert!(run.page("/").contains("/essays/welcome/"));
    // `check` agrees: no errors, no warnings.
    host.run_raw(&["check", "--root", "site"])
        .assert_success()
        .assert_quiet();
}

#[test]
fn init_prints_what_it_made_and_the_next_steps() {
    let host = SiteTest::empty();
    let run = host.run_raw(&["init", "my-newsletter"]);
    run.assert_success().assert_quiet();
    let stdout = run.stdout();
    for expected in [
        "site.toml",
        "content/essays/welcome.md",
        "cd my-newsletter && cable build",
        "cable new",
    ] {
        assert!(stdout.contains(expected), "no {expected:?} in:\n{stdout}");
    }
    let toml = std::fs::read_to_string(host.root().join("my-newsletter/site.toml")).unwrap();
    assert!(toml.contains("title = \"My newsletter\""), "{toml}");
}

#[test]
fn init_site_toml_shows_every_setting() {
    let host = init(&[]);
    let toml = std::fs::read_to_string(host.root().join("site/site.toml")).unwrap();
    for key in ["title = ", "base_url = "] {
        assert!(
            toml.lines().any(|l| l.starts_with(key)),
            "{key} unset:\n{toml}"
        );
    }
    for key in [
        "description",
        "language",
        "theme",
        "author",
        "paginate",
        "permalink",
        "feed_limit",
        "message",
        "subscribe_url",
        "subscribe_label",
        "comments_url",
        "links",
    ] {
        let line = format!("# {key} = ");
        assert!(toml.contains(&line), "no {line:?} in:\n{toml}");
    }
    assert!(toml.contains("\n# [support]\n"), "{toml}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let host = SiteTest::empty().file("site/notes.txt", "mine");
    let before = host.tree_contents();
    let run = host.run_raw(&["init", "site"]);
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("site is not empty"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert_eq!(
        host.tree_contents(),
        before,
        "init changed a folder it refused"
    );

    // A file in the way is refused too; an existing empty folder is fine.
    host.run_raw(&["init", "site/notes.txt"]).assert_exit(1);
    std::fs::create_dir(host.root().join("empty")).unwrap();
    host.run_raw(&["init", "empty"]).assert_success();
    assert!(host.root().join("empty/site.toml").is_file());
}

#[test]
fn theme_copy_copies_the_built_in_theme_and_builds_identically() {
    let plain = init(&[]);
    let copied = init(&["--theme-copy"]);
    let theme = list_files(&copied.root().join("site/themes/default"));
    for file in [
        "templates/base.html",
        "templates/essay.html",
        "templates/index.html",
        "static/style.css",
    ] {
        assert!(theme.iter().any(|f| f == file), "no {file} in {theme:#?}");
    }
    // The copy is byte-identical to the repository's default theme.
    let repo_theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for file in &theme {
        assert_eq!(
            std::fs::read(copied.root().join("site/themes/default").join(file)).unwrap(),
            std::fs::read(repo_theme.join(file)).unwrap(),
            "{file} differs from themes/default/{file}"
        );
    }
    // Same content on both sides (the essay's date is today's; avoid midnight).
    let welcome = std::fs::read(plain.root().join("site/content/essays/welcome.md")).unwrap();
    std::fs::write(
        copied.root().join("site/content/essays/welcome.md"),
        welcome,
    )
    .unwrap();

    let a = build_site(&plain, &[]);
    a.assert_success().assert_quiet();
    let b = build_site(&copied, &[]);
    b.assert_success().assert_quiet();
    assert_same_tree(&a.files(), &b.files());
}

#[test]
fn new_writes_a_draft_prints_its_path_and_refuses_to_overwrite() {
    let host = init(&[]);
    let args = [
        "new",
        "Türkiye's drones",
        "--tags",
        "Türkiye,NATO",
        "--root",
        "site",
    ];
    let run = host.run_raw(&args);
    run.assert_success().assert_quiet();
    assert_eq!(run.stdout(), "site/content/essays/turkiyes-drones.md\n");
    let path = host.root().join("site/content/essays/turkiyes-drones.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Türkiye's drones\"\n"),
        "{text}"
    );
    assert!(text.contains("\ndraft = true"), "{text}");
    assert!(
        text.contains("\ntags = [\"Türkiye\", \"NATO\"]\n"),
        "{text}"
    );
    assert!(text.contains("\n# [[sources]]\n"), "{text}");

    let again = host.run_raw(&args);
    again.assert_exit(1);
    let stderr = again.stderr();
    assert!(
        stderr.contains("site/content/essays/turkiyes-drones.md already exists"),
        "{stderr}"
    );
    assert!(stderr.contains("another title"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "overwritten");
}

#[test]
fn new_essay_is_a_draft_left_out_of_build_and_built_with_drafts() {
    let host = init(&[]);
    host.run_raw(&[
        "new",
        "Türkiye's drones",
        "--author",
        "A. Writer",
        "--root",
        "site",
    ])
    .assert_success();

    let published = build_site(&host, &[]);
    published.assert_success().assert_quiet();
    assert!(!published.exists("essays/turkiyes-drones/index.html"));
    assert!(!published.page("/").contains("turkiyes-drones"));

    // As written, nothing un-commented: builds with no warning.
    let drafts = build_site(&host, &["--drafts"]);
    drafts.assert_success().assert_quiet();
    let main = drafts.main_html("/essays/turkiyes-drones/");
    assert!(main.contains("Türkiye"), "{main}");
    assert!(main.contains("A. Writer"), "{main}");
    // The how-to-cite example stays literal text, not a citation.
    assert!(main.contains("[@example-source]"), "{main}");
    assert!(!main.contains("class=\"cite\""), "{main}");
}

#[test]
fn new_in_the_working_directory_prints_a_relative_path() {
    let site = SiteTest::fixture("minimal");
    let run = site.run_raw(&["new", "Black Sea grain"]);
    run.assert_success();
    assert_eq!(run.stdout(), "content/essays/black-sea-grain.md\n");
    site.run(&["build", "--drafts"])
        .assert_success()
        .assert_quiet();
}

#[test]
fn new_refuses_bad_titles_and_folders_without_a_site() {
    let host = SiteTest::empty().remove("site.toml");
    let run = host.run_raw(&["new", "Anything"]);
    run.assert_exit(1);
    assert!(run.stderr().contains("no site.toml"), "{}", run.stderr());
    assert!(run.stderr().contains("cable init"), "{}", run.stderr());

    let site = SiteTest::fixture("minimal");
    let before = site.tree_contents();
    let run = site.run_raw(&["new", "?!"]);
    run.assert_exit(2);
    assert!(
        run.stderr().contains("no letters or digits"),
        "{}",
        run.stderr()
    );
    site.run_raw(&["new", "Fine", "--tags", "ok,++"])
        .assert_exit(2);
    assert_eq!(site.tree_contents(), before, "a refused `new` wrote files");
}

#[test]
fn help_describes_new_and_init() {
    let host = SiteTest::empty();
    let help = host.run_raw(&["--help"]);
    help.assert_success();
    for command in ["new", "init"] {
        assert!(help.stdout().contains(command), "{}", help.stdout());
    }
    let new = host.run_raw(&["new", "--help"]);
    new.assert_success();
    for option in ["--tags", "--author", "--root", "draft"] {
        assert!(
            new.stdout().contains(option),
            "no {option}:\n{}",
            new.stdout()
        );
    }
    let init = host.run_raw(&["init", "--help"]);
    init.assert_success();
    assert!(init.stdout().contains("--theme-copy"), "{}", init.stdout());
    host.run_raw(&["init"]).assert_exit(2);
    host.run_raw(&["new"]).assert_exit(2);
}
