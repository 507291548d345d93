//! Pagefind's browser side, from its crate.
//!
//! The search page runs Pagefind's own scripts, styles and wasm (its
//! stemmer and ranking, compiled for the browser). [`runtime`] takes them
//! from the `pagefind` crate's indexer, asked to index a one-word page in
//! the site's language, and reads from its `pagefind-entry.json` what our
//! index must declare: Pagefind's version, the wasm of the language and
//! the characters it counts as parts of words.
//!
//! This is the only module that knows the `pagefind` crate (and the tokio
//! runtime its API needs).
//!
//! May use: nothing of Cable's.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use serde::Deserialize;

/// Files of Pagefind's bundle that nothing Cable writes loads: the other UI
/// flavours and the highlighting script. Left out to keep the site light.
const UNUSED: &[&str] = &[
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// What Pagefind's crate gives a bundle besides the index.
pub struct Runtime {
    /// Scripts, styles and wasm: (path in the bundle, bytes), sorted.
    pub files: Vec<(String, Vec<u8>)>,
    /// Pagefind's version, which the index must carry.
    pub version: String,
    /// The wasm for the language (`en`), if Pagefind has one.
    pub wasm: Option<String>,
    /// Characters searched as parts of words.
    pub include_characters: Vec<char>,
}

#[derive(Deserialize)]
struct Entry {
    version: String,
    languages: std::collections::BTreeMap<String, EntryLanguage>,
    include_characters: Vec<char>,
}

#[derive(Deserialize)]
struct EntryLanguage {
    wasm: Option<String>,
}

/// Pagefind's runtime for `language` (lower case).
pub fn runtime(language: &str) -> Result<Runtime, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    let files = runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| format!("{e:#}"))?;
        index
            .add_custom_record(
                "/".into(),
                "search".into(),
                language.into(),
                None,
                None,
                None,
            )
            .await
            .map_err(|e| format!("{e:#}"))?;
        index.get_files().await.map_err(|e| format!("{e:#}"))
    })?;
    let mut entry = None;
    let mut kept = Vec::new();
    for file in files {
        let path = file
            .filename
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if path == "pagefind-entry.json" {
            entry = Some(
                serde_json::from_slice::<Entry>(&file.contents)
                    .map_err(|e| format!("Pagefind's entry file: {e}"))?,
            );
        } else if (path.ends_with(".js") || path.ends_with(".css") || path.starts_with("wasm."))
            && !UNUSED.contains(&path.as_str())
        {
            kept.push((path, file.contents));
        }
    }
    let entry = entry.ok_or("Pagefind wrote no entry file")?;
    let wasm = entry.languages.get(language).and_then(|l| l.wasm.clone());
    // The language-neutral wasm is only needed when the language has none.
    if wasm.is_some() {
        kept.retain(|(p, _)| p != "wasm.unknown.pagefind");
    }
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Runtime {
        files: kept,
        version: entry.version,
        wasm,
        include_characters: entry.include_characters,
    })
}
