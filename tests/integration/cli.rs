//! The command line: help, version, usage errors, and `check`.

use crate::support::{SiteTest, invalid};

#[test]
fn help_mentions_the_commands() {
    let run = SiteTest::empty().run(&["--help"]);
    run.assert_success();
    let help = run.stdout();
    for command in ["build", "check"] {
        assert!(help.contains(command), "no {command} in:\n{help}");
    }
}

#[test]
fn build_help_mentions_its_options() {
    let run = SiteTest::empty().run_raw(&["build", "--help"]);
    run.assert_success();
    let help = run.stdout();
    for option in ["--drafts", "--base-url", "--output", "-o", "--root"] {
        assert!(help.contains(option), "no {option} in:\n{help}");
    }
}

#[test]
fn version() {
    let run = SiteTest::empty().run(&["--version"]);
    run.assert_success();
    assert_eq!(
        run.stdout(),
        format!("cable {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = SiteTest::fixture("minimal");
    let run = site.run(&["build", "--no-such-flag"]);
    run.assert_exit(2);
    assert!(run.stderr().contains("--no-such-flag"), "{}", run.stderr());
    assert!(!run.out_dir().exists());
}

#[test]
fn unknown_command_and_no_command_are_usage_errors() {
    let site = SiteTest::fixture("minimal");
    site.run(&["publish"]).assert_exit(2);
    site.run_raw(&[]).assert_exit(2);
}

#[test]
fn root_defaults_to_the_working_directory() {
    let site = SiteTest::fixture("minimal");
    let run = site.run_raw(&["build"]);
    run.assert_success();
    assert!(site.root().join("public/essays/hello/index.html").is_file());
}

#[test]
fn build_prints_one_summary_line_on_stdout() {
    let run = SiteTest::fixture("minimal").build();
    run.assert_success().assert_quiet();
    let stdout = run.stdout();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("in [TIME]"), "{stdout}");
    assert!(stdout.trim_end().ends_with("-> [ROOT]/public"), "{stdout}");
}

// ---------------------------------------------------------------- check

#[test]
fn check_on_a_valid_site_exits_0_and_writes_nothing() {
    let site = SiteTest::fixture("example-like");
    let before = site.tree_contents();
    let run = site.check();
    run.assert_success().assert_quiet();
    insta::assert_snapshot!(run.stdout());
    assert_eq!(site.tree_contents(), before, "check wrote files");
    assert!(!site.root().join("public").exists());
}

#[test]
fn check_reports_the_same_diagnostics_as_build() {
    for fixture in [
        "invalid/unknown-config-key",
        "invalid/missing-title",
        "invalid/several-bad-files",
        "invalid/broken-template",
        "invalid/url-collision",
        "citations/unknown-id",
    ] {
        let site = SiteTest::fixture(fixture);
        let before = site.tree_contents();
        let check = site.check();
        check.assert_exit(1);
        assert_eq!(site.tree_contents(), before, "{fixture}: check wrote files");
        let build = site.build();
        build.assert_exit(1);
        assert_eq!(check.stderr(), build.stderr(), "{fixture}");
        assert_eq!(check.stdout(), "", "{fixture}");
    }
}

#[test]
fn check_reports_warnings_and_exits_0() {
    let run = SiteTest::fixture("citations/uncited").check();
    run.assert_success();
    assert!(run.stderr().contains("warning:"), "{}", run.stderr());
    assert!(!run.out_dir().exists());
}

#[test]
fn check_accepts_drafts_and_base_url() {
    let site = SiteTest::fixture("drafts");
    let plain = site.check();
    let drafts = site.run(&[
        "check",
        "--drafts",
        "--base-url",
        "https://u.github.io/news/",
    ]);
    plain.assert_success();
    drafts.assert_success();
    assert!(
        plain.stdout().starts_with("Checked 1 essay"),
        "{}",
        plain.stdout()
    );
    assert!(
        drafts.stdout().starts_with("Checked 2 essays"),
        "{}",
        drafts.stdout()
    );
    assert!(!drafts.out_dir().exists());
}

#[test]
fn broken_template() {
    let stderr = invalid("invalid/broken-template");
    assert!(stderr.contains("templates/essay.html:3:20"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn template_rendering_error_names_the_template() {
    let run = SiteTest::fixture("minimal")
        .file(
            "templates/essay.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ essay.no_such_field }}\n{% endblock main %}\n",
        )
        .build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("templates/essay.html"), "{stderr}");
    insta::assert_snapshot!(stderr);
}
