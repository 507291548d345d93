//! Offline full-text search: the Pagefind index of every essay.
//!
//! [`add_index`] feeds each essay page, already rendered in the [`Output`],
//! to Pagefind's indexer in-process (its Rust library; no Node, nothing on
//! disk) and adds the files it returns under `pagefind/` to the output, so
//! they are written atomically with the rest of the site. Only essays are
//! indexed: list pages, standalone pages and the sources index never are.
//! Within an essay page, the theme's `data-pagefind-body` element marks
//! what is indexed. The `/search/` page itself is a template of the theme.
//!
//! The bundle is deterministic: Pagefind numbers pages in the order they
//! are added (the site's essay order), names files by a hash of their
//! content, sorts its words, writes gzip without a timestamp, and its
//! parallel stages (rayon) keep their order; the integration tests compare
//! builds, and builds on one thread and on many.
//!
//! Cost: Pagefind parses and stems every word of every essay, one page at a
//! time (its API takes `&mut self`), then compresses each file at the best
//! gzip level: on 10,000 essays about 25-30 s of CPU, 3 GB of memory, 58 MB
//! of files. `search = false` skips all of it.
//!
//! This is the only module that knows Pagefind (and the tokio runtime its
//! API needs).
//!
//! May use: `site`, `config`, `diagnostics`.

use std::sync::Arc;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::{Contents, Output};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;
use crate::site::urls::output_path;

/// Folder of the search bundle in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// Files of Pagefind's bundle that nothing Cable writes loads: the other UI
/// flavours and the highlighting script. Left out to keep the site light.
const UNUSED: &[&str] = &[
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// Parts of an essay's body that are not words of the essay: citation and
/// note markers, the back-links (`↩ a b`) of the Sources and Notes, and
/// headings' self-links (`#`).
const EXCLUDED: &[&str] = &[
    ".cite",
    ".cite-sep",
    ".footnote-ref",
    ".backrefs",
    ".anchor",
];

/// When search is on, indexes the essay pages of `output` and adds the
/// search bundle (`pagefind/…`) to it.
pub fn add_index(site: &Site, output: &mut Output, diags: &mut Diagnostics) {
    if !site.config.search {
        return;
    }
    // The pages are shared with the output, not copied: each is turned into
    // the `String` Pagefind takes only when its turn comes.
    let pages: Vec<(String, Arc<[u8]>)> = site
        .essays
        .iter()
        .filter_map(|entry| match output.files.get(&output_path(&entry.path)) {
            Some(Contents::Bytes(bytes)) => {
                Some((site.config.site_path(&entry.path), Arc::clone(bytes)))
            }
            _ => None,
        })
        .collect();
    match build(&site.config.language, pages) {
        Ok(files) => {
            for (path, bytes) in files {
                output.insert(
                    format!("{BUNDLE_DIR}/{path}"),
                    Contents::Bytes(bytes.into()),
                    "the search index",
                    diags,
                );
            }
        }
        Err(error) => diags.push(
            Diagnostic::error(format!("cannot build the search index: {error}"))
                .with_help("set `search = false` in site.toml to build without search"),
        ),
    }
}

/// Runs Pagefind over `(url, html)` pages, in order (the order decides the
/// page numbers in the index); returns the bundle's files as (path inside
/// the bundle, bytes), sorted by path.
fn build(
    language: &str,
    pages: Vec<(String, Arc<[u8]>)>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_lowercase())
            .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| format!("{e:#}"))?;
        for (url, html) in pages {
            let html = String::from_utf8_lossy(&html).into_owned();
            index
                .add_html_file(None, Some(url.clone()), html)
                .await
                .map_err(|e| format!("{url}: {e:#}"))?;
        }
        let files = index.get_files().await.map_err(|e| format!("{e:#}"))?;
        let mut files: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .map(|file| {
                let path = file
                    .filename
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                (path, file.contents)
            })
            .filter(|(path, _)| !UNUSED.contains(&path.as_str()))
            .collect();
        // The language-neutral wasm is only needed when no language has its own.
        let has_language_wasm = files
            .iter()
            .any(|(p, _)| p.starts_with("wasm.") && p != "wasm.unknown.pagefind");
        if has_language_wasm {
            files.retain(|(p, _)| p != "wasm.unknown.pagefind");
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    })
}
