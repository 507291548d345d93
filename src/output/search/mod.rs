//! Offline full-text search: a Pagefind bundle of every essay.
//!
//! The `/search/` page (a template of the theme) runs Pagefind in the
//! browser. Cable writes the index Pagefind searches itself, in Pagefind's
//! format ([`bundle`]), from the text it already has of each essay
//! ([`document`]), and takes Pagefind's scripts and wasm from its crate
//! ([`runtime`]). Only essays are indexed: list pages, standalone pages and
//! the sources index never are.
//!
//! Why not Pagefind's own indexer: its API reads pages one at a time
//! (`&mut self`), parses their HTML again and compresses at the best gzip
//! level; on 10,000 essays that is 30 s of CPU, which made a build 2.6
//! times as long. Writing the same format from the parsed essays, in
//! parallel, costs a few seconds. Words are split, folded and stemmed as
//! Pagefind does ([`words`], with Pagefind's stemmer), so the browser finds
//! them; the integration tests compare the index with the one Pagefind's
//! indexer builds from the same text.
//!
//! The bundle is deterministic: pages are numbered in the site's essay
//! order and files are named by hashes of their content.
//!
//! May use: `site`, `config`, `diagnostics`.

pub mod bundle;
pub mod cbor;
pub mod document;
pub mod runtime;
pub mod words;

use rayon::prelude::*;

use super::{Contents, Output};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

/// Folder of the search bundle in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// Past this many essays, their fragments (the text shown with results)
/// are grouped into this many files: on 10,000 essays, 1,000 files of ten
/// instead of 10,000, about 25 KB for a result's group.
const MAX_FRAGMENT_FILES: usize = 1000;

/// The files of the search bundle, each with its path in the output.
type Bundle = Vec<(String, Vec<u8>)>;

/// When search is on, indexes the essays of `site` and adds the search
/// bundle (`pagefind/…`) to `output`.
pub fn add_index(site: &Site, output: &mut Output, diags: &mut Diagnostics) {
    if !site.config.search {
        return;
    }
    match index(site) {
        Ok(bundle) => {
            for (path, bytes) in bundle {
                output.insert(
                    path,
                    Contents::Bytes(bytes.into()),
                    "the search index",
                    diags,
                );
            }
        }
        Err(error) => diags.push(
            Diagnostic::error(format!("cannot set up Pagefind for search: {error}"))
                .with_help("set `search = false` in site.toml to build without search"),
        ),
    }
}

/// The search bundle of `site`'s essays.
fn index(site: &Site) -> Result<Bundle, String> {
    let language = site.config.language.to_lowercase();
    let runtime = runtime::runtime(&language)?;
    let extras: Vec<String> = site.essays.par_iter().map(document::extra_text).collect();
    let documents: Vec<bundle::Document<'_>> = site
        .essays
        .iter()
        .zip(&extras)
        .map(|(entry, extra)| document::essay(&site.config, entry, extra))
        .collect();
    let index = bundle::build(
        &documents,
        &language,
        &runtime.version,
        Some(MAX_FRAGMENT_FILES),
    );
    let entry = bundle::entry_json(
        &index,
        &language,
        &runtime.version,
        runtime.wasm.as_deref(),
        &runtime.include_characters,
    );
    Ok(runtime
        .files
        .into_iter()
        .chain(index.files)
        .chain([("pagefind-entry.json".to_string(), entry)])
        .map(|(path, bytes)| (format!("{BUNDLE_DIR}/{path}"), bytes))
        .collect())
}
