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
//! This is the only module that knows Pagefind (and the tokio runtime its
//! API needs).
//!
//! May use: `site`, `config`, `diagnostics`.

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
    let pages: Vec<(String, String)> = site
        .essays
        .iter()
        .filter_map(|entry| {
            let path = output_path(&entry.path);
            match output.files.get(&path) {
                Some(Contents::Bytes(bytes)) => Some((
                    site.config.site_path(&entry.path),
                    String::from_utf8_lossy(bytes).into_owned(),
                )),
                _ => None,
            }
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

/// Runs Pagefind over `(url, html)` pages; returns the bundle's files as
/// (path inside the bundle, bytes), sorted by path.
fn build(language: &str, pages: Vec<(String, String)>) -> Result<Vec<(String, Vec<u8>)>, String> {
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
