//! Cable's search index against Pagefind's own indexer.
//!
//! Cable writes the Pagefind index itself (`cable::output::search::bundle`),
//! so the browser's Pagefind must find in it what Pagefind's indexer would
//! have put there. These tests index the same pages both ways, Pagefind
//! through its crate's API (`add_custom_record`, with Pagefind's weight
//! markers for the headings), and compare the results: the same word
//! chunks byte for byte, the same page fragments, the same metadata but
//! for file names (which are hashes, computed differently).

use std::collections::BTreeMap;
use std::io::Read as _;

use cable::output::search::bundle::{self, Document, NORMAL, Run};
use minicbor::Decode;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// `pagefind.*.pf_meta`, decoded (Pagefind's CBOR layout).
#[derive(Debug, Decode)]
struct Meta {
    #[n(0)]
    version: String,
    #[n(1)]
    pages: Vec<MetaPage>,
    #[n(2)]
    chunks: Vec<MetaChunk>,
    #[n(5)]
    meta_fields: Vec<String>,
}

#[derive(Debug, Decode)]
struct MetaPage {
    #[n(0)]
    hash: String,
    #[n(1)]
    word_count: u32,
    #[n(2)]
    group_hash: String,
}

#[derive(Debug, Decode)]
struct MetaChunk {
    #[n(0)]
    from: String,
    #[n(1)]
    to: String,
    #[n(2)]
    hash: String,
}

/// A bundle's files by path.
type Files = BTreeMap<String, Vec<u8>>;

/// Gunzipped, without the `pagefind_dcd` mark.
fn open(files: &Files, path: &str) -> Vec<u8> {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in {:?}", files.keys()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{path} is not gzip: {e}"));
    out.strip_prefix(b"pagefind_dcd")
        .unwrap_or_else(|| panic!("{path} has no pagefind_dcd mark"))
        .to_vec()
}

fn meta(files: &Files) -> Meta {
    let path = files
        .keys()
        .find(|p| p.ends_with(".pf_meta"))
        .expect("a meta file");
    minicbor::decode(&open(files, path)).expect("the meta decodes")
}

/// What a bundle says, without its file names: (version, meta fields,
/// pages as (fragment JSON, word count, number of its fragment group),
/// chunks as (from, to, CBOR)).
type Content = (
    String,
    Vec<String>,
    Vec<(serde_json::Value, u32, Option<usize>)>,
    Vec<(String, String, Vec<u8>)>,
);

fn content(files: &Files) -> Content {
    let meta = meta(files);
    let mut groups: Vec<&str> = Vec::new();
    let pages = meta
        .pages
        .iter()
        .map(|p| {
            if p.group_hash.is_empty() {
                let json = open(files, &format!("fragment/{}.pf_fragment", p.hash));
                return (
                    serde_json::from_slice(&json).expect("JSON"),
                    p.word_count,
                    None,
                );
            }
            let json = open(files, &format!("fragment/{}.pf_fragment", p.group_hash));
            let group: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
            let fragment = group[&p.hash].clone();
            assert!(fragment.is_object(), "page {} not in its group", p.hash);
            if groups.last() != Some(&p.group_hash.as_str()) {
                groups.push(&p.group_hash);
            }
            (fragment, p.word_count, Some(groups.len() - 1))
        })
        .collect();
    let chunks = meta
        .chunks
        .iter()
        .map(|c| {
            let cbor = open(files, &format!("index/{}.pf_index", c.hash));
            (c.from.clone(), c.to.clone(), cbor)
        })
        .collect();
    (meta.version, meta.meta_fields, pages, chunks)
}

/// The documents' text as a Pagefind custom record, weights as markers.
fn record_text(doc: &Document<'_>) -> String {
    let mut text = String::new();
    for run in &doc.runs {
        if run.weight == NORMAL {
            text.push_str(run.text);
            text.push(' ');
        } else {
            let weight = f32::from(run.weight) / f32::from(NORMAL);
            text.push_str(&format!(
                " ___PAGEFIND_WEIGHT___{weight} {} ___END_PAGEFIND_WEIGHT___ ",
                run.text
            ));
        }
    }
    text
}

fn pagefind_bundle(docs: &[Document<'_>], language: &str, max_fragments: Option<u32>) -> Files {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let options = match max_fragments {
            Some(max) => PagefindServiceConfig::builder()
                .force_language(language.to_string())
                .max_fragments(max)
                .build(),
            None => PagefindServiceConfig::builder()
                .force_language(language.to_string())
                .build(),
        };
        let mut index = PagefindIndex::new(Some(options)).expect("options");
        for doc in docs {
            index
                .add_custom_record(
                    doc.url.clone(),
                    record_text(doc),
                    language.to_string(),
                    Some(doc.meta.clone()),
                    None,
                    None,
                )
                .await
                .expect("Pagefind indexes the record");
        }
        index
            .get_files()
            .await
            .expect("Pagefind writes its files")
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .collect()
    })
}

fn cable_bundle(docs: &[Document<'_>], language: &str, max_fragments: Option<u32>) -> Files {
    bundle::build(docs, language, "1.6.0", max_fragments.map(|m| m as usize))
        .files
        .into_iter()
        .collect()
}

fn doc<'a>(url: &str, title: &str, runs: &[(&'a str, u8)]) -> Document<'a> {
    Document {
        url: url.to_string(),
        meta: BTreeMap::from([("title".to_string(), title.to_string())]),
        runs: runs
            .iter()
            .map(|&(text, weight)| Run { text, weight })
            .collect(),
        anchors: Vec::new(),
    }
}

/// One page per text, `/essays/{i}/` titled "Essay {i}".
fn numbered(texts: &[String]) -> Vec<Document<'_>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            doc(
                &format!("/essays/{i}/"),
                &format!("Essay {i}"),
                &[(text.as_str(), NORMAL)],
            )
        })
        .collect()
}

fn assert_same_as_pagefind(docs: &[Document<'_>], language: &str, max_fragments: Option<u32>) {
    let ours = content(&cable_bundle(docs, language, max_fragments));
    let theirs = content(&pagefind_bundle(docs, language, max_fragments));
    assert_eq!(ours.0, theirs.0, "version");
    assert_eq!(ours.1, theirs.1, "meta fields");
    assert_eq!(ours.2.len(), theirs.2.len(), "page count");
    for (i, (a, b)) in ours.2.iter().zip(&theirs.2).enumerate() {
        assert_eq!(a, b, "page {i}");
    }
    let ranges = |c: &Content| -> Vec<(String, String)> {
        c.3.iter().map(|(f, t, _)| (f.clone(), t.clone())).collect()
    };
    assert_eq!(ranges(&ours), ranges(&theirs), "chunk ranges");
    for (a, b) in ours.3.iter().zip(&theirs.3) {
        assert!(
            a.2 == b.2,
            "chunk {}..{} differs:\nours   {:?}\ntheirs {:?}",
            a.0,
            a.1,
            String::from_utf8_lossy(&a.2),
            String::from_utf8_lossy(&b.2)
        );
    }
}

/// Words of the kinds an essay on geopolitics has, and then some.
const TRICKY: &str = "Sino-Russian ties, the U.S.-China rivalry and Türkiye's \
    “pivot” — as São Paulo, Köln and Zürich saw it in 2024–25. The G20's \
    iPhone-era McDonald's diplomacy; NATO/EU; e-mail; re-election; \
    well-known self-reliance; 3.5% of GDP; $1.2bn; 10,000 troops; \
    sysconfig.is_python_build and os.path_join; snake_case words; \
    naïve coöperation; Ελλάδα and Россия; 東京 and カタカナ; 🇺🇦 and 🙂 \
    with-emoji-🙂; don't can't won't; A.B.C. and x.y; — – ‐ … ";

#[test]
fn words_of_every_kind_are_indexed_as_pagefind_indexes_them() {
    let docs = vec![
        doc(
            "/essays/one/",
            "Türkiye’s Sino-Russian Pivot",
            &[
                ("Türkiye’s Sino-Russian Pivot", 168),
                (TRICKY, NORMAL),
                ("A heading: Ankara’s choice", 144),
                (
                    "More text after the heading, with Sino-Russian again.",
                    NORMAL,
                ),
            ],
        ),
        doc(
            "/essays/two/",
            "Red Sea shipping, insured",
            &[
                ("Red Sea shipping, insured", 168),
                ("Insurers priced the Red Sea route as a war zone.", NORMAL),
                ("Sub heading", 120),
                ("Deeper", 72),
                (
                    "Shipping shipped ships; Türkiye again, and Turkiye.",
                    NORMAL,
                ),
            ],
        ),
        doc("/essays/empty/", "Empty", &[]),
    ];
    assert_same_as_pagefind(&docs, "en", None);
}

#[test]
fn a_language_without_a_stemmer_is_indexed_as_written() {
    let docs = vec![doc(
        "/x/",
        "Kalimat",
        &[
            ("Kalimat", 168),
            ("running runs ran Türkiye's Sino-Russian", 24),
        ],
    )];
    assert_same_as_pagefind(&docs, "xx", None);
}

#[test]
fn a_big_site_is_cut_into_the_same_chunks() {
    // Enough words and pages for several index chunks.
    let texts: Vec<String> = (0..300)
        .map(|i| {
            let words: Vec<String> = (0..300)
                .map(|w| format!("word{}x{}", (i * 7 + w * 13) % 997, w % 5))
                .collect();
            words.join(" ")
        })
        .collect();
    let docs = numbered(&texts);
    let ours = cable_bundle(&docs, "en", None);
    assert!(
        ours.keys().filter(|p| p.ends_with(".pf_index")).count() > 3,
        "several chunks"
    );
    assert_same_as_pagefind(&docs, "en", None);
}

#[test]
fn past_max_fragments_pages_are_grouped_as_pagefind_groups_them() {
    let texts: Vec<String> = (0..23)
        .map(|i| format!("Essay {i} on Sino-Russian trade, Türkiye and ports {i}"))
        .collect();
    let docs = numbered(&texts);
    let ours = cable_bundle(&docs, "en", Some(5));
    let groups = ours.keys().filter(|p| p.starts_with("fragment/")).count();
    assert_eq!(groups, 5, "{:?}", ours.keys());
    assert_same_as_pagefind(&docs, "en", Some(5));
    // Under the limit, one file a page.
    assert_same_as_pagefind(&docs[..4], "en", Some(5));
}
