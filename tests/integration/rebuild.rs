//! `pipeline::Rebuilder`, which `serve` rebuilds through: after any edit,
//! its output must equal a fresh build's, whichever path it took.

use std::collections::BTreeMap;
use std::path::Path;

use cable::config::Options;
use cable::output::{Contents, Output};
use cable::pipeline::{Rebuilder, build_site};

use crate::support::fixtures_dir;

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn site() -> (tempfile::TempDir, Options) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures_dir().join("example-like"), dir.path());
    let options = Options {
        root: dir.path().to_path_buf(),
        drafts: true,
        base_url: None,
        skip_search: false,
    };
    (dir, options)
}

/// Every file's bytes, except the search index (rebuilt by full builds only).
fn bytes(output: &Output) -> BTreeMap<String, Vec<u8>> {
    output
        .files
        .iter()
        .filter(|(path, _)| !path.starts_with("pagefind/"))
        .map(|(path, contents)| {
            let bytes = match contents {
                Contents::Bytes(bytes) => bytes.to_vec(),
                Contents::Static(file) => file.read().unwrap().to_vec(),
                Contents::Asset(path) => std::fs::read(path).unwrap(),
            };
            (path.clone(), bytes)
        })
        .collect()
}

fn assert_same_as_fresh(rebuilt: &Output, options: &Options) {
    let fresh = build_site(options).unwrap();
    let (a, b) = (bytes(rebuilt), bytes(&fresh.output));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, content) in &a {
        assert!(content == &b[path], "{path} differs from a fresh build");
    }
}

fn essay_path(root: &Path) -> std::path::PathBuf {
    let dir = root.join("content/essays");
    let mut essays: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    essays.sort();
    essays.remove(0)
}

#[test]
fn a_text_edit_rebuilds_the_page_and_matches_a_fresh_build() {
    let (dir, options) = site();
    let mut rebuilder = Rebuilder::new(options.clone());
    rebuilder.rebuild(&[]).unwrap();
    let path = essay_path(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nA sentence added while serving.\n")).unwrap();
    let built = rebuilder.rebuild(std::slice::from_ref(&path)).unwrap();
    assert_eq!(
        built.stages.len(),
        1,
        "took the fast path: {:?}",
        built.stages
    );
    let pages: Vec<_> = built
        .output
        .files
        .iter()
        .filter_map(|(p, c)| match c {
            Contents::Bytes(b)
                if String::from_utf8_lossy(b).contains("A sentence added while serving.") =>
            {
                Some(p.clone())
            }
            _ => None,
        })
        .collect();
    assert!(pages.iter().any(|p| p.ends_with("index.html")), "{pages:?}");
    assert_same_as_fresh(&built.output, &options);
}

#[test]
fn a_title_edit_rebuilds_every_list_and_matches_a_fresh_build() {
    let (dir, options) = site();
    let mut rebuilder = Rebuilder::new(options.clone());
    rebuilder.rebuild(&[]).unwrap();
    let path = essay_path(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("title = \"", "title = \"Renamed: ", 1);
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
    let built = rebuilder.rebuild(std::slice::from_ref(&path)).unwrap();
    assert!(
        built.stages.len() > 1,
        "took the full path: {:?}",
        built.stages
    );
    assert_same_as_fresh(&built.output, &options);
}

#[test]
fn an_error_keeps_the_last_build_and_fixing_it_recovers() {
    let (dir, options) = site();
    let mut rebuilder = Rebuilder::new(options.clone());
    rebuilder.rebuild(&[]).unwrap();
    let path = essay_path(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("+++", "", 2)).unwrap();
    let errors = rebuilder.rebuild(std::slice::from_ref(&path)).unwrap_err();
    assert!(errors.has_errors());
    assert!(
        errors.to_plain_string().contains("no front matter"),
        "{errors}"
    );
    std::fs::write(&path, format!("{text}\nFixed again.\n")).unwrap();
    let built = rebuilder.rebuild(std::slice::from_ref(&path)).unwrap();
    assert_same_as_fresh(&built.output, &options);
}

#[test]
fn a_new_essay_takes_the_full_path() {
    let (dir, options) = site();
    let mut rebuilder = Rebuilder::new(options.clone());
    let before = rebuilder.rebuild(&[]).unwrap();
    let path = dir.path().join("content/essays/brand-new.md");
    std::fs::write(
        &path,
        "+++\ntitle = \"Brand new\"\ndate = 2030-01-01\n+++\nFresh text.\n",
    )
    .unwrap();
    let built = rebuilder.rebuild(std::slice::from_ref(&path)).unwrap();
    assert_eq!(built.essays, before.essays + 1);
    assert!(
        built
            .output
            .files
            .contains_key("essays/brand-new/index.html")
    );
    assert_same_as_fresh(&built.output, &options);
}
