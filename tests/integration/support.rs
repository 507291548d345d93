//! `SiteTest`: a site in a fresh temporary folder, built by the real `cable`
//! binary, with helpers to look at what came out.
//!
//! ```ignore
//! let run = SiteTest::fixture("citations/basic").build();
//! run.assert_success();
//! insta::assert_snapshot!(run.main_html("/essays/bases/"));
//! ```
//!
//! - [`SiteTest::fixture`] copies `tests/fixtures/<name>` into a temp dir;
//!   [`SiteTest::empty`] starts from a site.toml with `title` and `base_url`.
//! - [`SiteTest::file`] / [`SiteTest::config`] / [`SiteTest::remove`] change it.
//! - [`SiteTest::build`] / [`SiteTest::check`] / [`SiteTest::run`] run the
//!   binary with `--root <tempdir>` (and `-o <tempdir>/public` for `build`),
//!   `NO_COLOR=1`, the temp dir as working directory, and return a [`Run`].
//! - [`Run::stderr`] / [`Run::stdout`] replace the temp dir by `[ROOT]` and
//!   the build time by `[TIME]`, so they can be snapshotted.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

/// The binary under test.
pub const CABLE: &str = env!("CARGO_BIN_EXE_cable");

/// `tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The site.toml of [`SiteTest::empty`].
pub const MINIMAL_CONFIG: &str = "title = \"Test site\"\nbase_url = \"https://example.org\"\n";

/// A site in a temporary folder.
pub struct SiteTest {
    dir: Rc<tempfile::TempDir>,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let source = fixtures_dir().join(name);
        assert!(
            source.join("site.toml").is_file(),
            "no fixture at {}",
            source.display()
        );
        let site = Self::bare();
        copy_tree(&source, site.root(), false);
        site
    }

    /// A copy of `tests/fixtures/<name>`, its files created in reverse path
    /// order (for tests that must not depend on the order files were made).
    pub fn fixture_reversed(name: &str) -> Self {
        let site = Self::bare();
        copy_tree(&fixtures_dir().join(name), site.root(), true);
        site
    }

    /// A site with only a minimal valid site.toml (no content, no themes).
    pub fn empty() -> Self {
        Self::bare().config(MINIMAL_CONFIG)
    }

    fn bare() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("cable-test-")
            .tempdir()
            .expect("create a temp dir");
        Self { dir: Rc::new(dir) }
    }

    /// Writes `text` to `path` (relative to the site root), creating folders.
    pub fn file(self, path: &str, text: &str) -> Self {
        self.file_bytes(path, text.as_bytes())
    }

    /// Writes bytes to `path` (relative to the site root), creating folders.
    pub fn file_bytes(self, path: &str, bytes: &[u8]) -> Self {
        let target = self.root().join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&target, bytes).expect("write a site file");
        self
    }

    /// Replaces site.toml.
    pub fn config(self, toml: &str) -> Self {
        self.file("site.toml", toml)
    }

    /// Deletes a file or folder of the site.
    pub fn remove(self, path: &str) -> Self {
        let target = self.root().join(path);
        if target.is_dir() {
            std::fs::remove_dir_all(&target).expect("remove a folder");
        } else {
            std::fs::remove_file(&target).expect("remove a file");
        }
        self
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `cable build --root ROOT -o ROOT/public`.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// `cable check --root ROOT`.
    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    /// Runs `cable ARGS`. For `build` and `check`, adds `--root ROOT` (unless
    /// given); for `build`, also `-o ROOT/public` (unless `-o`/`--output` is given).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut full: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let command = args.first().copied().unwrap_or_default();
        let has = |flags: &[&str]| {
            args.iter().any(|a| {
                flags
                    .iter()
                    .any(|f| a == f || a.starts_with(&format!("{f}=")))
            })
        };
        if command == "build" || command == "check" {
            if !has(&["--root"]) {
                full.push("--root".into());
                full.push(self.root().display().to_string());
            }
            if command == "build" && !has(&["-o", "--output"]) {
                full.push("-o".into());
                full.push(self.root().join("public").display().to_string());
            }
        }
        self.spawn(full)
    }

    fn spawn(&self, full: Vec<String>) -> Run {
        // The output folder: `-o DIR` (relative to the site folder, which is
        // the working directory), else ROOT/public.
        let out = full
            .iter()
            .position(|a| a == "-o" || a == "--output")
            .and_then(|i| full.get(i + 1))
            .map_or_else(|| self.root().join("public"), |dir| self.root().join(dir));
        let output = Command::new(CABLE)
            .args(&full)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("RUST_LOG")
            .env_remove("CABLE_TIMINGS")
            .output()
            .expect("run the cable binary");
        Run {
            dir: Rc::clone(&self.dir),
            out,
            args: full,
            output,
        }
    }

    /// Runs `cable ARGS` exactly as given (no `--root`, no `-o`), in the
    /// site folder.
    pub fn run_raw(&self, args: &[&str]) -> Run {
        self.spawn(args.iter().map(|a| a.to_string()).collect())
    }

    /// Every file under the site root (relative, `/`-separated, sorted),
    /// including any output folder.
    pub fn tree(&self) -> Vec<String> {
        list_files(self.root())
    }

    /// Every file under the site root with its bytes.
    pub fn tree_contents(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(self.root())
    }
}

/// The result of one run of the binary.
pub struct Run {
    dir: Rc<tempfile::TempDir>,
    out: PathBuf,
    args: Vec<String>,
    output: std::process::Output,
}

impl Run {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        self.output.status.code().expect("cable exited normally")
    }

    /// stderr, with the temp dir as `[ROOT]` and the build time as `[TIME]`.
    pub fn stderr(&self) -> String {
        self.normalize(&String::from_utf8_lossy(&self.output.stderr))
    }

    /// stdout, normalized like [`Run::stderr`].
    pub fn stdout(&self) -> String {
        self.normalize(&String::from_utf8_lossy(&self.output.stdout))
    }

    fn normalize(&self, text: &str) -> String {
        let root = self.dir.path();
        let mut roots = vec![root.display().to_string()];
        if let Ok(canonical) = root.canonicalize() {
            roots.push(canonical.display().to_string());
        }
        roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
        let mut text = text.to_string();
        for r in roots {
            text = text.replace(&r, "[ROOT]");
        }
        replace_timings(&text)
    }

    fn describe(&self) -> String {
        format!(
            "cable {}\nexit code: {:?}\n--- stdout\n{}--- stderr\n{}",
            self.args.join(" "),
            self.output.status.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Panics (showing the output) unless the run exited 0.
    pub fn assert_success(&self) -> &Self {
        assert_eq!(self.exit_code(), 0, "expected success\n{}", self.describe());
        self
    }

    /// Panics (showing the output) unless the run exited with `code`.
    pub fn assert_exit(&self, code: i32) -> &Self {
        assert_eq!(
            self.exit_code(),
            code,
            "expected exit code {code}\n{}",
            self.describe()
        );
        self
    }

    /// Panics unless the run printed no warning or error.
    pub fn assert_quiet(&self) -> &Self {
        assert_eq!(
            self.stderr(),
            "",
            "expected an empty stderr\n{}",
            self.describe()
        );
        self
    }

    /// The output folder (`ROOT/public` unless `-o` said otherwise).
    pub fn out_dir(&self) -> &Path {
        &self.out
    }

    /// True when `path` (relative to the output folder) exists.
    pub fn exists(&self, path: &str) -> bool {
        self.out.join(path).exists()
    }

    /// A file of the output, as text.
    pub fn read(&self, path: &str) -> String {
        let target = self.out.join(path);
        std::fs::read_to_string(&target).unwrap_or_else(|e| {
            panic!(
                "cannot read {path} in the output ({e}); files: {:#?}",
                self.file_list()
            )
        })
    }

    /// A file of the output, as bytes.
    pub fn read_bytes(&self, path: &str) -> Vec<u8> {
        std::fs::read(self.out.join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
    }

    /// The `index.html` of a site URL (`/essays/x/`), or the file a URL
    /// ending in a file name names (`/404.html`).
    pub fn page(&self, url: &str) -> String {
        self.read(&url_to_file(url))
    }

    /// The `<main …>…</main>` element of a page.
    pub fn main_html(&self, url: &str) -> String {
        let html = self.page(url);
        element(&html, "main")
            .unwrap_or_else(|| panic!("no <main> in {url}:\n{html}"))
            .to_string()
    }

    /// Every file of the output, relative and sorted.
    pub fn file_list(&self) -> Vec<String> {
        list_files(&self.out)
    }

    /// The file list for a snapshot: the search index's files, named by
    /// hashes of their content, are counted by kind instead
    /// (`pagefind/fragment/<hash>.pf_fragment × 3`), so that snapshots do
    /// not change with every word of the fixtures.
    pub fn file_list_snapshot(&self) -> String {
        let mut lines: Vec<(String, usize)> = Vec::new();
        for path in self.file_list() {
            let shown = match path.rsplit_once('/') {
                Some((dir, name))
                    if dir.starts_with("pagefind")
                        && (name.ends_with(".pf_fragment")
                            || name.ends_with(".pf_index")
                            || name.ends_with(".pf_meta")) =>
                {
                    let kind = name.rsplit('.').next().unwrap_or("");
                    let prefix = if kind == "pf_meta" { "pagefind." } else { "" };
                    format!("{dir}/{prefix}<hash>.{kind}")
                }
                _ => path,
            };
            match lines.last_mut() {
                Some((last, count)) if *last == shown => *count += 1,
                _ => lines.push((shown, 1)),
            }
        }
        lines
            .into_iter()
            .map(|(line, n)| {
                if n > 1 {
                    format!("{line} × {n}")
                } else {
                    line
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Every file of the output with its bytes.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.out)
    }

    /// Every `.html` page of the output with its text (the email editions,
    /// `…/email.html`, are not pages of the site: see [`Run::email_files`]).
    pub fn html_files(&self) -> Vec<(String, String)> {
        self.file_list()
            .into_iter()
            .filter(|p| p.ends_with(".html") && !is_email_edition(p))
            .map(|p| {
                let text = self.read(&p);
                (p, text)
            })
            .collect()
    }

    /// Every email edition (`essays/x/email.html`) with its text.
    pub fn email_files(&self) -> Vec<(String, String)> {
        self.file_list()
            .into_iter()
            .filter(|p| is_email_edition(p))
            .map(|p| {
                let text = self.read(&p);
                (p, text)
            })
            .collect()
    }
}

/// True for an essay's email edition (`essays/x/email.html`).
pub fn is_email_edition(path: &str) -> bool {
    path == "email.html" || path.ends_with("/email.html")
}

/// `/essays/x/` -> `essays/x/index.html`; `/404.html` -> `404.html`.
pub fn url_to_file(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The first `<name …>…</name>` element of `html` (no nesting of the same name).
pub fn element<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut from = 0;
    let start = loop {
        let i = from + html[from..].find(&open)?;
        let after = html[i + open.len()..].chars().next()?;
        if after == '>' || after.is_whitespace() {
            break i;
        }
        from = i + open.len();
    };
    let end = start + html[start..].find(&close)? + close.len();
    Some(&html[start..end])
}

/// Replaces `in 0.07 s` (the build time) by `in [TIME]`.
fn replace_timings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("in ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let digits = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        let number = &after[..digits];
        if !number.is_empty()
            && number.contains('.')
            && number.starts_with(|c: char| c.is_ascii_digit())
            && after[digits..].starts_with(" s")
        {
            out.push_str("in [TIME]");
            rest = &after[digits + 2..];
        } else {
            out.push_str("in ");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn copy_tree(from: &Path, to: &Path, reversed: bool) {
    let mut files = list_files(from);
    if reversed {
        files.reverse();
    }
    for relative in files {
        let target = to.join(&relative);
        std::fs::create_dir_all(target.parent().expect("a file has a parent"))
            .expect("create folders");
        std::fs::copy(from.join(&relative), &target).expect("copy a fixture file");
    }
}

/// Files under `dir`, relative with `/`, sorted (empty if `dir` is missing).
pub fn list_files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.expect("read a folder entry");
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                walk(base, &path, out);
            } else {
                let relative = path.strip_prefix(base).expect("under base");
                out.push(
                    relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Files under `dir` with their bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    list_files(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).expect("read an output file");
            (p, bytes)
        })
        .collect()
}

/// Panics with the first differing file unless both trees are byte-identical.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "the two trees hold different files");
    for (name, bytes) in a {
        if bytes != &b[name] {
            panic!(
                "{name} differs:\n--- first\n{}\n--- second\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&b[name])
            );
        }
    }
}

/// An HTML attribute found by [`attributes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// The element's name, lower-case.
    pub tag: String,
    /// The attribute's name, lower-case.
    pub name: String,
    /// Its value, with the common entities decoded.
    pub value: String,
}

/// Every attribute of every start tag of `html`: a small scanner that skips
/// comments, doctype and the contents of `<script>` and `<style>`.
pub fn attributes(html: &str) -> Vec<Attr> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |j| i + j + 3);
            continue;
        }
        if !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // Tag name.
        let mut j = i + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        let tag = html[i + 1..j].to_ascii_lowercase();
        // Attributes until `>`.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                j += 1;
                break;
            }
            let name_start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let name = html[name_start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j];
                    let start = j + 1;
                    let end = html[start..]
                        .find(quote as char)
                        .map_or(bytes.len(), |k| start + k);
                    value = decode_entities(&html[start..end]);
                    j = end + 1;
                } else {
                    let start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[start..j]);
                }
            }
            out.push(Attr {
                tag: tag.clone(),
                name,
                value,
            });
        }
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            j = html[j.min(bytes.len())..]
                .find(&close)
                .map_or(bytes.len(), |k| j + k);
        }
        i = j;
    }
    out
}

fn decode_entities(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The `href` and `src` values of a page.
pub fn links(html: &str) -> Vec<String> {
    attributes(html)
        .into_iter()
        .filter(|a| a.name == "href" || a.name == "src")
        .map(|a| a.value)
        .collect()
}

/// The `id` values of a page.
pub fn ids(html: &str) -> Vec<String> {
    attributes(html)
        .into_iter()
        .filter(|a| a.name == "id")
        .map(|a| a.value)
        .collect()
}

/// Problems with the links of every HTML page and email edition of `run`: an internal link
/// (root-relative, relative, or absolute under `base_url`) that names no
/// output file, or a `#fragment` with no such id on its page. `base_url`
/// ends with `/`.
pub fn broken_links(run: &Run, base_url: &str) -> Vec<String> {
    let base_path = base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".into());
    let files = run.file_list();
    let pages: BTreeMap<String, String> = run.html_files().into_iter().collect();
    let emails = run.email_files();
    let mut problems = Vec::new();
    for (page, html) in pages.iter().chain(emails.iter().map(|(p, h)| (p, h))) {
        let page_dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        for link in links(html) {
            let (without_fragment, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path.to_string(), Some(fragment.to_string())),
                None => (link.clone(), None),
            };
            let path = without_fragment
                .split_once('?')
                .map_or(without_fragment.clone(), |(p, _)| p.to_string());
            let target: Option<String> = if path.is_empty() {
                Some(page.clone())
            } else if let Some(rest) = path.strip_prefix(base_url) {
                Some(url_to_file(rest))
            } else if path.starts_with("//") || path.contains("://") || path.starts_with("mailto:")
            {
                None
            } else if let Some(rest) = path.strip_prefix('/') {
                match format!("/{rest}").strip_prefix(&base_path) {
                    Some(inside) => Some(url_to_file(inside)),
                    None => {
                        problems.push(format!(
                            "{page}: {link} is outside the base path {base_path}"
                        ));
                        continue;
                    }
                }
            } else {
                // Relative to the page's folder.
                let mut parts: Vec<&str> = if page_dir.is_empty() {
                    Vec::new()
                } else {
                    page_dir.split('/').collect()
                };
                for segment in path.split('/') {
                    match segment {
                        "." | "" => {}
                        ".." => {
                            parts.pop();
                        }
                        s => parts.push(s),
                    }
                }
                let joined = parts.join("/");
                Some(if path.ends_with('/') || joined.is_empty() {
                    url_to_file(&format!("{joined}/"))
                } else {
                    joined
                })
            };
            let Some(target) = target else { continue };
            let target = target.trim_start_matches('/').to_string();
            if !files.contains(&target) {
                problems.push(format!("{page}: {link} -> {target}, which does not exist"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                && let Some(target_html) = pages.get(&target)
                && !ids(target_html).contains(&fragment)
            {
                problems.push(format!("{page}: {link}: no id {fragment:?} in {target}"));
            }
        }
    }
    problems
}

/// Writes a readable listing of `problems` (for assertion messages).
pub fn listing(problems: &[String]) -> String {
    let mut out = String::new();
    for p in problems {
        let _ = writeln!(out, "  {p}");
    }
    out
}

/// Builds a fixture that must fail; checks exit code 1, that the
/// diagnostics show `path:line:col`, the offending line with a caret and a
/// `help:` line, and that nothing was written; returns stderr for a snapshot.
pub fn invalid(fixture: &str) -> String {
    let site = SiteTest::fixture(fixture);
    let before = site.tree_contents();
    let run = site.build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("error"), "no error in:\n{stderr}");
    assert!(stderr.contains("help:"), "no help: line in:\n{stderr}");
    assert!(
        stderr.lines().any(|line| {
            line.trim_start().starts_with("┌─ ")
                && line.rsplit(':').take(2).all(|n| n.parse::<usize>().is_ok())
        }),
        "no path:line:col in:\n{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|line| line.contains('│') && line.contains('^')),
        "no caret under the offending line in:\n{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with("; nothing was written"),
        "no summary line in:\n{stderr}"
    );
    assert!(!run.out_dir().exists(), "public/ was created for {fixture}");
    assert_eq!(
        site.tree_contents(),
        before,
        "the site folder changed during a failed build"
    );
    stderr
}
