//! The search index, written in Pagefind's bundle format.
//!
//! [`build`] turns [`Document`]s into the files Pagefind's browser code
//! reads (`pagefind/…`):
//! - `fragment/<hash>.pf_fragment`: one per page (or, on big sites, per
//!   group of pages), gzipped JSON with its URL, text, title and headings,
//!   loaded for the results shown;
//! - `index/<hash>.pf_index`: the inverted index (each word with the pages
//!   and the positions it occurs at), sorted and cut into chunks of about
//!   the same size, gzipped CBOR; a search loads only the chunks its words
//!   fall in;
//! - `pagefind.<hash>.pf_meta`: the page list and the chunk ranges;
//! - `pagefind-entry.json`: the language, its index and its wasm.
//!
//! Pages are numbered in the order given. The work is parallel: each page's
//! words are read on its own (rayon, order kept), merged in page order, and
//! the chunks are encoded and compressed in parallel. Equal input gives
//! equal bytes: words are sorted, maps are ordered, gzip carries no
//! timestamp and file names are hashes of their content.
//!
//! May use: nothing of Cable's but [`super::words`].

use std::collections::BTreeMap;
use std::sync::Arc;

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use pagefind_stem::Stemmer;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::cbor::Cbor;
use super::words::{self, Key};

/// Weight of ordinary text, in Pagefind's units (24 per 1.0).
pub const NORMAL: u8 = 24;

/// Gzip level. The index is compressed once per build and read by the
/// browser at any level; on the newsletter benchmark, level 1 compresses
/// the text twice as fast as 6 for files about 9% larger.
const LEVEL: u32 = 1;

/// Every file starts, once decompressed, with this signature.
const SIGNATURE: &[u8] = b"pagefind_dcd";

/// About how many postings (positions plus one per page) a chunk of the
/// word index holds, as Pagefind chooses.
const CHUNK_SIZE: usize = 20_000;

/// A page to index.
#[derive(Debug, Clone, Default)]
pub struct Document<'a> {
    /// The URL results link to (with the site's base path).
    pub url: String,
    /// Shown with results; `title` is the result's heading. Their words are
    /// searchable too, and rank a page higher.
    pub meta: BTreeMap<String, String>,
    /// The text, in runs of equal weight.
    pub runs: Vec<Run<'a>>,
    /// Places inside the page that results can link to.
    pub anchors: Vec<Anchor>,
}

/// Text of one weight. Words are whatever whitespace separates.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub text: &'a str,
    /// [`NORMAL`] for body text; headings weigh more.
    pub weight: u8,
}

/// A heading (or other element with an id) in a page.
#[derive(Debug, Clone, Serialize)]
pub struct Anchor {
    /// Its tag name: `h2`...
    pub element: String,
    pub id: String,
    pub text: String,
    /// The index of its first word in the page's text.
    pub location: u32,
}

/// A finished bundle.
pub struct Bundle {
    /// (path inside `pagefind/`, bytes), sorted by path.
    pub files: Vec<(String, Vec<u8>)>,
    /// The meta file's hash and the number of pages, for [`entry_json`].
    pub meta_hash: String,
    pub page_count: usize,
}

/// Builds the index of `documents` for `language` (`en`, `pt-br`...).
///
/// With more pages than `max_fragments`, their fragments are written in
/// groups of consecutive pages, as many as it takes to stay within that
/// many files (Pagefind's `max_fragments`): the browser then loads a group
/// for a result, and the site has far fewer files to write and upload.
pub fn build(
    documents: &[Document<'_>],
    language: &str,
    version: &str,
    max_fragments: Option<usize>,
) -> Bundle {
    let stemmer = words::stemmer(language);
    let meta_fields: Vec<String> = {
        let mut fields: Vec<&String> = documents.iter().flat_map(|d| d.meta.keys()).collect();
        fields.sort();
        fields.dedup();
        fields.into_iter().cloned().collect()
    };

    // Each page on its own, in parallel; the order is kept. Pages without
    // a word to index are left out, as Pagefind leaves them out.
    // Pages go to workers in fixed batches, each worker keeping what it
    // learns of words for the whole batch.
    let pages: Vec<PageWords> = documents
        .par_chunks(BATCH)
        .flat_map_iter(|batch| {
            let mut worker = Worker::new(stemmer.as_ref());
            batch
                .iter()
                .filter_map(|doc| worker.read(doc, &meta_fields, language))
                .collect::<Vec<_>>()
        })
        .collect();

    let mut meta_pages = Vec::with_capacity(pages.len());
    let mut fragments = Vec::with_capacity(pages.len());
    let mut postings = Vec::with_capacity(pages.len());
    let mut buckets: Vec<Vec<Vec<Entry>>> = (0..BUCKETS).map(|_| Vec::new()).collect();
    for page in pages {
        meta_pages.push(MetaPage {
            hash: page.fragment_hash.clone(),
            word_count: page.word_count,
            group_hash: String::new(),
        });
        fragments.push(page.fragment);
        postings.push(page.postings);
        for (bucket, entries) in buckets.iter_mut().zip(page.buckets) {
            bucket.push(entries);
        }
    }
    let mut files = fragment_files(&mut meta_pages, fragments, language, max_fragments);

    // The words of all pages, merged bucket by bucket (a word is always in
    // the same bucket), pages in order within each.
    let mut sorted: Vec<Word> = buckets
        .into_par_iter()
        .flat_map_iter(merge_bucket)
        .collect();
    sorted.par_sort_unstable_by(|a, b| a.word.cmp(&b.word));

    let chunks = chunk(sorted);
    let ranges = chunk_ranges(&chunks);
    let encoded: Vec<(String, Vec<u8>)> = chunks
        .into_par_iter()
        .map_init(Gzip::new, |gzip, words| {
            let cbor = word_index_cbor(&words, &postings);
            (format!("{language}_{}", hash(&cbor)), gzip.compress(&cbor))
        })
        .collect();
    let mut index_chunks = Vec::with_capacity(encoded.len());
    for ((from, to), (name, bytes)) in ranges.into_iter().zip(encoded) {
        files.insert(format!("index/{name}.pf_index"), bytes);
        index_chunks.push(MetaChunk {
            from,
            to,
            hash: name,
        });
    }

    let page_count = meta_pages.len();
    let meta = MetaIndex {
        version: version.to_string(),
        pages: meta_pages,
        index_chunks,
        meta_fields,
    }
    .cbor();
    let meta_hash = format!("{language}_{}", hash(&meta));
    files.insert(
        format!("pagefind.{meta_hash}.pf_meta"),
        Gzip::new().compress(&meta),
    );

    Bundle {
        files: files.into_iter().collect(),
        meta_hash,
        page_count,
    }
}

/// The fragment files of the pages (their JSON, in page order), one per
/// page or, past `max_fragments`, one per group of pages; records each
/// page's group in `meta_pages`. Equal pages share a file.
fn fragment_files(
    meta_pages: &mut [MetaPage],
    fragments: Vec<Vec<u8>>,
    language: &str,
    max_fragments: Option<usize>,
) -> BTreeMap<String, Vec<u8>> {
    let group_size = match max_fragments {
        Some(max) if max > 0 && fragments.len() > max => fragments.len().div_ceil(max),
        _ => {
            return meta_pages
                .par_iter()
                .zip(fragments)
                .map_init(Gzip::new, |gzip, (page, json)| {
                    let path = format!("fragment/{}.pf_fragment", page.hash);
                    (path, gzip.compress(&json))
                })
                .collect();
        }
    };
    let groups: Vec<(String, Vec<u8>)> = meta_pages
        .par_chunks(group_size)
        .zip(fragments.par_chunks(group_size))
        .map_init(Gzip::new, |gzip, (pages, jsons)| {
            // A JSON object of the group's fragments by hash.
            let members: BTreeMap<&str, &[u8]> = pages
                .iter()
                .zip(jsons)
                .map(|(page, json)| (page.hash.as_str(), json.as_slice()))
                .collect();
            let mut json = Vec::with_capacity(jsons.iter().map(Vec::len).sum::<usize>() + 64);
            json.push(b'{');
            for (i, (hash, fragment)) in members.into_iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                json.extend_from_slice(
                    &serde_json::to_vec(hash).expect("a hash serializes as a string"),
                );
                json.push(b':');
                json.extend_from_slice(fragment);
            }
            json.push(b'}');
            let name = format!("{language}_group_{}", hash(&json));
            (name, gzip.compress(&json))
        })
        .collect();
    let mut files = BTreeMap::new();
    for (pages, (name, bytes)) in meta_pages.chunks_mut(group_size).zip(groups) {
        for page in pages {
            page.group_hash = name.clone();
        }
        files.insert(format!("fragment/{name}.pf_fragment"), bytes);
    }
    files
}

/// Merges one bucket's entries, given page by page in page order, and
/// numbers the pages.
fn merge_bucket(pages: Vec<Vec<Entry>>) -> Vec<Word> {
    let mut words: FxHashMap<Arc<str>, Word> = FxHashMap::default();
    for (number, entries) in pages.into_iter().enumerate() {
        let number = number as u32;
        for entry in entries {
            let word = match words.get_mut(&entry.word) {
                Some(word) => word,
                None => words
                    .entry(Arc::clone(&entry.word))
                    .or_insert_with(|| Word {
                        word: entry.word.to_string(),
                        pages: Vec::new(),
                        variants: Vec::new(),
                    }),
            };
            if let Some(mut posting) = entry.page {
                posting.page = number;
                word.pages.push(posting);
            }
            for (form, mut posting) in entry.variants {
                posting.page = number;
                match word.variants.iter_mut().find(|(f, _)| *f == form) {
                    Some((_, pages)) => pages.push(posting),
                    None => word.variants.push((form, vec![posting])),
                }
            }
        }
    }
    words.into_values().collect()
}

/// `pagefind-entry.json`: which index and wasm serve `language`.
pub fn entry_json(
    bundle: &Bundle,
    language: &str,
    version: &str,
    wasm: Option<&str>,
    include_characters: &[char],
) -> Vec<u8> {
    #[derive(Serialize)]
    struct Entry<'a> {
        version: &'a str,
        languages: BTreeMap<&'a str, Language<'a>>,
        include_characters: &'a [char],
    }
    #[derive(Serialize)]
    struct Language<'a> {
        hash: &'a str,
        wasm: Option<&'a str>,
        page_count: usize,
    }
    let entry = Entry {
        version,
        languages: BTreeMap::from([(
            language,
            Language {
                hash: &bundle.meta_hash,
                wasm,
                page_count: bundle.page_count,
            },
        )]),
        include_characters,
    };
    serde_json::to_vec(&entry).expect("the entry serializes")
}

/// Pages read by one worker in a row.
const BATCH: usize = 256;

/// Words are spread over this many buckets, merged in parallel.
const BUCKETS: usize = 64;

/// What one page contributes: its words, by bucket, and its fragment's
/// JSON.
struct PageWords {
    buckets: Vec<Vec<Entry>>,
    /// The CBOR of the positions of its words, which [`Posting`]s point into.
    postings: Vec<u8>,
    fragment: Vec<u8>,
    fragment_hash: String,
    word_count: u32,
}

/// A word of one page: where it occurs as written, and where in other
/// forms (with diacritics).
struct Entry {
    word: Arc<str>,
    page: Option<Posting>,
    variants: Vec<(String, Posting)>,
}

/// A word of one page while the page is read.
struct LocalEntry {
    word: Arc<str>,
    page: Option<PackedPage>,
    variants: Vec<PackedVariant>,
}

/// Where a word occurs in a page: the CBOR of its positions, in that
/// page's buffer.
#[derive(Clone, Copy)]
struct Posting {
    /// The page's number (set when merging).
    page: u32,
    start: u32,
    end: u32,
    /// How many positions it holds, for the size of chunks.
    count: u32,
}

impl Cbor {
    /// Writes a page's positions and returns where they are.
    fn posting(&mut self, page: &PackedPage) -> Posting {
        let start = self.bytes.len() as u32;
        self.ints(&page.locs);
        self.ints(&page.meta_locs);
        Posting {
            page: 0,
            start,
            end: self.bytes.len() as u32,
            count: (page.locs.len() + page.meta_locs.len()) as u32,
        }
    }
}

/// "No original form": the key is the word as written.
const PLAIN: u32 = u32::MAX;

/// A key as a worker keeps it: interned strings.
#[derive(Clone, Copy)]
struct WorkerKey {
    stem: u32,
    original: u32,
    part: bool,
}

/// The keys of a word, and how many of them are compound parts.
struct WordKeys {
    keys: Vec<WorkerKey>,
    parts: usize,
}

/// One rayon job's state: the keys of the words it has met (stemming is
/// the costly part, and most words come back) and the strings it has
/// interned.
struct Worker<'s> {
    stemmer: Option<&'s Stemmer>,
    /// Words met in bodies and in metadata: the index of their keys.
    body: FxHashMap<Box<str>, usize>,
    meta: FxHashMap<Box<str>, usize>,
    keys: Vec<WordKeys>,
    strings: Vec<Arc<str>>,
    ids: FxHashMap<Arc<str>, u32>,
}

impl<'s> Worker<'s> {
    fn new(stemmer: Option<&'s Stemmer>) -> Self {
        Worker {
            stemmer,
            body: FxHashMap::default(),
            meta: FxHashMap::default(),
            keys: Vec::new(),
            strings: Vec::new(),
            ids: FxHashMap::default(),
        }
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        let shared: Arc<str> = Arc::from(s);
        self.strings.push(Arc::clone(&shared));
        self.ids.insert(shared, id);
        id
    }

    fn interned(&mut self, keys: Vec<Key>) -> WordKeys {
        let parts = keys.iter().filter(|k| k.part).count();
        let keys = keys
            .into_iter()
            .map(|k| WorkerKey {
                stem: self.intern(&k.stem),
                original: k.original.map_or(PLAIN, |o| self.intern(&o)),
                part: k.part,
            })
            .collect();
        WordKeys { keys, parts }
    }

    /// The keys of a word of the body (`meta`: of metadata).
    fn keys(&mut self, word: &str, meta: bool) -> &WordKeys {
        let known = if meta { &self.meta } else { &self.body };
        let index = match known.get(word) {
            Some(&index) => index,
            None => {
                let keys = self.interned(words::keys(word, self.stemmer, !meta));
                self.keys.push(keys);
                let index = self.keys.len() - 1;
                let known = if meta { &mut self.meta } else { &mut self.body };
                known.insert(word.into(), index);
                index
            }
        };
        &self.keys[index]
    }

    /// What `doc` adds to the index (page numbers are set when merging),
    /// or nothing when it has no word to index.
    fn read(
        &mut self,
        doc: &Document<'_>,
        meta_fields: &[String],
        language: &str,
    ) -> Option<PageWords> {
        // (stem, original, position, weight) of every key of every word.
        let mut found: Vec<(u32, u32, u32, u8)> = Vec::new();
        let mut content = String::new();
        let mut position: u32 = 0;
        for run in &doc.runs {
            for raw in run.text.split_whitespace() {
                // Zero-width spaces are not part of words.
                let word = if raw.contains('\u{200B}') {
                    std::borrow::Cow::Owned(raw.replace('\u{200B}', ""))
                } else {
                    std::borrow::Cow::Borrowed(raw)
                };
                if word.is_empty() {
                    continue;
                }
                content.push_str(&word);
                content.push(' ');
                let keys = self.keys(&word, false);
                let part_weight = if keys.parts > 0 && run.weight > 0 {
                    (run.weight / u8::try_from(keys.parts).unwrap_or(u8::MAX)).max(1)
                } else {
                    0
                };
                for key in &keys.keys {
                    let weight = if key.part { part_weight } else { run.weight };
                    found.push((key.stem, key.original, position, weight));
                }
                position += 1;
            }
        }
        content.pop();
        if found.is_empty() {
            return None;
        }
        let word_count = position.max(1);

        // (stem, original, field, position) of the metadata's words.
        let mut meta_found: Vec<(u32, u32, u16, u32)> = Vec::new();
        for (name, value) in &doc.meta {
            let field = meta_fields.iter().position(|f| f == name).unwrap_or(0) as u16;
            for (index, word) in value.split_whitespace().enumerate() {
                for key in &self.keys(word, true).keys {
                    meta_found.push((key.stem, key.original, field, index as u32));
                }
            }
        }

        let mut entries: Vec<(u32, LocalEntry)> = Vec::new();
        found.sort_unstable_by_key(|&(stem, original, ..)| (stem, original));
        for group in found.chunk_by(|a, b| a.0 == b.0) {
            let mut entry = LocalEntry {
                word: Arc::clone(&self.strings[group[0].0 as usize]),
                page: None,
                variants: Vec::new(),
            };
            for form in group.chunk_by(|a, b| a.1 == b.1) {
                let locs = pack_positions(form.iter().map(|&(_, _, p, w)| (p, w)).collect());
                let page = PackedPage {
                    locs,
                    meta_locs: Vec::new(),
                };
                if form[0].1 == PLAIN {
                    entry.page = Some(page);
                } else {
                    entry.variants.push(PackedVariant {
                        form: self.strings[form[0].1 as usize].to_string(),
                        page,
                    });
                }
            }
            entry.variants.sort_by(|a, b| a.form.cmp(&b.form));
            entries.push((group[0].0, entry));
        }

        meta_found.sort_unstable_by_key(|&(stem, original, ..)| (stem, original));
        for group in meta_found.chunk_by(|a, b| a.0 == b.0) {
            let stem = group[0].0;
            let index = match entries.iter().position(|(s, _)| *s == stem) {
                Some(index) => index,
                None => {
                    entries.push((
                        stem,
                        LocalEntry {
                            word: Arc::clone(&self.strings[stem as usize]),
                            page: None,
                            variants: Vec::new(),
                        },
                    ));
                    entries.len() - 1
                }
            };
            let entry = &mut entries[index].1;
            let mut forms: Vec<(String, Vec<i32>)> = Vec::new();
            for form in group.chunk_by(|a, b| a.1 == b.1) {
                let meta_locs =
                    pack_meta_positions(form.iter().map(|&(_, _, f, p)| (f, p)).collect());
                if form[0].1 == PLAIN {
                    match &mut entry.page {
                        Some(page) => page.meta_locs = meta_locs,
                        None => {
                            entry.page = Some(PackedPage {
                                locs: Vec::new(),
                                meta_locs,
                            })
                        }
                    }
                } else {
                    forms.push((self.strings[form[0].1 as usize].to_string(), meta_locs));
                }
            }
            forms.sort();
            for (form, meta_locs) in forms {
                match entry.variants.iter_mut().find(|v| v.form == form) {
                    Some(variant) => variant.page.meta_locs = meta_locs,
                    None => entry.variants.push(PackedVariant {
                        form,
                        page: PackedPage {
                            locs: Vec::new(),
                            meta_locs,
                        },
                    }),
                }
            }
        }

        // The positions go into one buffer for the page, already in CBOR.
        let mut postings = Cbor::default();
        let mut buckets: Vec<Vec<Entry>> = (0..BUCKETS).map(|_| Vec::new()).collect();
        for (_, local) in entries {
            let entry = Entry {
                page: local.page.map(|page| postings.posting(&page)),
                variants: local
                    .variants
                    .into_iter()
                    .map(|v| (v.form, postings.posting(&v.page)))
                    .collect(),
                word: local.word,
            };
            buckets[bucket(&entry.word)].push(entry);
        }

        let fragment = serde_json::to_vec(&Fragment {
            url: &doc.url,
            content: &content,
            word_count: word_count as usize,
            filters: BTreeMap::new(),
            meta: &doc.meta,
            anchors: &doc.anchors,
        })
        .expect("a fragment serializes");
        Some(PageWords {
            buckets,
            postings: postings.bytes,
            fragment_hash: format!("{language}_{}", hash(&fragment)),
            fragment,
            word_count,
        })
    }
}

/// The bucket of a word: the same in every page.
fn bucket(word: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for &b in word.as_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize % BUCKETS
}

/// Positions of a word in a page, as Pagefind packs them: grouped by
/// weight (weight 25 first), each group sorted; a change of weight is
/// written as `-(weight + 1)` followed by an absolute position, other
/// positions as the distance from the one before.
fn pack_positions(mut found: Vec<(u32, u8)>) -> Vec<i32> {
    found.sort_unstable_by_key(|&(position, weight)| {
        (if weight == 25 { 0 } else { weight }, position)
    });
    let mut out = Vec::with_capacity(found.len() + 2);
    let mut current = 25;
    let mut last = 0;
    for (position, weight) in found {
        if weight != current {
            out.push(-i32::from(weight) - 1);
            out.push(position as i32);
            current = weight;
        } else {
            out.push((position - last) as i32);
        }
        last = position;
    }
    out
}

/// Positions in metadata: `-(field + 1)` starts each field, then distances.
fn pack_meta_positions(mut found: Vec<(u16, u32)>) -> Vec<i32> {
    found.sort_unstable();
    let mut out = Vec::with_capacity(found.len() + 2);
    let mut current = None;
    let mut last = 0;
    for (field, position) in found {
        if current != Some(field) {
            out.push(-i32::from(field) - 1);
            current = Some(field);
            last = 0;
        }
        out.push((position - last) as i32);
        last = position;
    }
    out
}

/// Cuts the sorted words into chunks of about [`CHUNK_SIZE`] postings.
fn chunk(words: Vec<Word>) -> Vec<Vec<Word>> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    let mut size = 0;
    for word in words {
        size += word
            .pages
            .iter()
            .chain(word.variants.iter().flat_map(|(_, pages)| pages))
            .map(|p| p.count as usize + 1)
            .sum::<usize>()
            + word.variants.len();
        current.push(word);
        if size >= CHUNK_SIZE {
            chunks.push(std::mem::take(&mut current));
            size = 0;
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// The first and last word of each chunk, shortened where the neighbours
/// allow to the shortest prefixes that still tell the chunks apart.
fn chunk_ranges(chunks: &[Vec<Word>]) -> Vec<(String, String)> {
    let mut ranges: Vec<(String, String)> = chunks
        .iter()
        .map(|c| {
            let first = c.first().map(|w| w.word.clone()).unwrap_or_default();
            let last = c.last().map(|w| w.word.clone()).unwrap_or_default();
            (first, last)
        })
        .collect();
    for i in 1..ranges.len() {
        let (before, after) = prefixes(&ranges[i - 1].1, &ranges[i].0);
        if before >= ranges[i - 1].0 {
            ranges[i - 1].1 = before;
        }
        ranges[i].0 = after;
    }
    ranges
}

/// The prefixes of `a` and `b` one character longer than what they share.
fn prefixes(a: &str, b: &str) -> (String, String) {
    let shared = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    (
        a.chars().take(shared + 1).collect(),
        b.chars().take(shared + 1).collect(),
    )
}

/// A gzip writer that keeps its deflate state from file to file (setting
/// one up costs more than compressing a page).
struct Gzip {
    deflate: Compress,
}

impl Gzip {
    fn new() -> Self {
        Gzip {
            deflate: Compress::new(Compression::new(LEVEL), false),
        }
    }

    /// Gzip (no name, no timestamp) of the signature and `bytes`.
    fn compress(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.deflate.reset();
        let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        let mut crc = Crc::new();
        crc.update(SIGNATURE);
        crc.update(bytes);
        for (i, input) in [SIGNATURE, bytes].into_iter().enumerate() {
            let flush = if i == 0 {
                FlushCompress::None
            } else {
                FlushCompress::Finish
            };
            let start = self.deflate.total_in();
            loop {
                let used = (self.deflate.total_in() - start) as usize;
                if out.len() == out.capacity() {
                    out.reserve(out.capacity() / 2 + 64);
                }
                let status = self
                    .deflate
                    .compress_vec(&input[used..], &mut out, flush)
                    .expect("deflate into memory cannot fail");
                let used = (self.deflate.total_in() - start) as usize;
                let finished = match flush {
                    FlushCompress::Finish => status == Status::StreamEnd,
                    _ => used == input.len(),
                };
                if finished {
                    break;
                }
            }
        }
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        out
    }
}

/// A stable 64-bit FNV-1a hash, in hex: file names that change when, and
/// only when, the content does.
fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A fragment file's JSON.
#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: &'a [Anchor],
}

// The shapes Pagefind's wasm decodes, each written as the CBOR array of
// its fields in order.

struct MetaIndex {
    version: String,
    pages: Vec<MetaPage>,
    index_chunks: Vec<MetaChunk>,
    meta_fields: Vec<String>,
}

impl MetaIndex {
    fn cbor(&self) -> Vec<u8> {
        let mut c = Cbor::default();
        c.array(6);
        c.text(&self.version);
        c.array(self.pages.len());
        for page in &self.pages {
            c.array(3);
            c.text(&page.hash);
            c.uint(u64::from(page.word_count));
            c.text(&page.group_hash);
        }
        c.array(self.index_chunks.len());
        for chunk in &self.index_chunks {
            c.array(3);
            c.text(&chunk.from);
            c.text(&chunk.to);
            c.text(&chunk.hash);
        }
        // No filters, no sorts.
        c.array(0);
        c.array(0);
        c.texts(&self.meta_fields);
        c.bytes
    }
}

struct MetaPage {
    hash: String,
    word_count: u32,
    group_hash: String,
}

struct MetaChunk {
    from: String,
    to: String,
    hash: String,
}

/// A chunk of the word index: its words, each with the pages it is on
/// (numbered as distances from the page before) and its other forms.
fn word_index_cbor(words: &[Word], postings: &[Vec<u8>]) -> Vec<u8> {
    let mut c = Cbor::default();
    c.array(1);
    c.array(words.len());
    for word in words {
        c.array(3);
        c.text(&word.word);
        postings_cbor(&mut c, &word.pages, postings);
        c.array(word.variants.len());
        for (form, pages) in &word.variants {
            c.array(2);
            c.text(form);
            postings_cbor(&mut c, pages, postings);
        }
    }
    c.bytes
}

fn postings_cbor(c: &mut Cbor, pages: &[Posting], postings: &[Vec<u8>]) {
    c.array(pages.len());
    let mut last = 0;
    for posting in pages {
        c.array(3);
        c.uint(u64::from(posting.page - last));
        last = posting.page;
        let bytes = &postings[posting.page as usize];
        c.bytes
            .extend_from_slice(&bytes[posting.start as usize..posting.end as usize]);
    }
}

/// A word of the whole index: the pages it is on, and its other forms
/// (with diacritics) with theirs.
struct Word {
    word: String,
    pages: Vec<Posting>,
    variants: Vec<(String, Vec<Posting>)>,
}

/// A word of a page in a form with diacritics, while the page is read.
struct PackedVariant {
    form: String,
    page: PackedPage,
}

/// A word's positions in a page's text and metadata, packed as Pagefind
/// packs them, while the page is read.
struct PackedPage {
    locs: Vec<i32>,
    meta_locs: Vec<i32>,
}
