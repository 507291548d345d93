//! Words as Pagefind's search looks them up.
//!
//! Pagefind's browser side normalizes and stems each word of a query with
//! the same Snowball stemmer (`pagefind_stem`) the index was built with, so
//! the index must hold words in exactly that form. For each word of the
//! text (a run between whitespace) this module gives the keys to index:
//!
//! - the word itself: letters and digits only (plus the connector
//!   punctuation Pagefind keeps, such as `_`), lower-cased, diacritics
//!   folded (`Türkiye` is indexed as `turkiye`, remembering the original
//!   form), then stemmed;
//! - for a compound (`Sino-Russian`, `iPhone`, `U.S.-China`), each part of
//!   two or more characters too, at a share of the word's weight, so that
//!   `russian` finds `Sino-Russian`;
//! - the dotted tails of identifiers (`os.path_join` also as `path_join`),
//!   the suffixes of katakana words, and emoji, as Pagefind indexes them.
//!
//! The integration tests check these keys against Pagefind's own indexer.
//!
//! May use: nothing of Cable's.

use std::collections::HashSet;

use convert_case::{Case, Casing};
use pagefind_stem::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;

/// Punctuation that Pagefind counts as part of a word (Unicode's
/// "connector punctuation"); the search page gets the same list.
pub const WORD_CHARACTERS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// Longest katakana suffix and dotted tail indexed, in characters.
const MAX_SUFFIX: usize = 16;
const MAX_TAIL: usize = 64;

/// One key to index for a word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The normalized, stemmed form searches look up.
    pub stem: String,
    /// The form before diacritics were folded, when they were.
    pub original: Option<String>,
    /// A part of a compound word, weighted less than whole words.
    pub part: bool,
}

/// The stemmer Pagefind uses for a language (`en`, `pt-BR`...), if it has
/// one.
pub fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match language.split('-').next().unwrap_or("") {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The keys of one word of the text (no whitespace inside), in the order
/// Pagefind gives them. `tails` adds the dotted tails, which Pagefind
/// indexes in the body but not in metadata such as the title.
pub fn keys(word: &str, stemmer: Option<&Stemmer>, tails: bool) -> Vec<Key> {
    let mut keys = Vec::new();
    let normalized = normalize(word);
    if !normalized.is_empty() {
        keys.push(stem(&normalized, stemmer, false));
    }
    for suffix in katakana_suffixes(word) {
        let folded = fold(suffix);
        keys.push(Key {
            original: folded.as_ref().map(|_| suffix.to_string()),
            stem: folded.unwrap_or_else(|| suffix.to_string()),
            part: true,
        });
    }
    let compound =
        word.chars().any(|c| !c.is_alphanumeric()) || word.chars().skip(1).any(char::is_uppercase);
    if compound {
        let parts = word
            .replace(|c: char| c.is_ascii_punctuation(), " ")
            .to_case(Case::Lower)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let splits = parts.contains(char::is_whitespace) || !normalized.starts_with(&parts);
        if !normalized.is_empty() && splits {
            for part in parts.split_whitespace().filter(|p| p.len() > 1) {
                let folded = fold(part);
                let base = folded.as_deref().unwrap_or(part);
                let stemmed = match stemmer {
                    Some(stemmer) => stemmer.stem(base).into_owned(),
                    None => base.to_string(),
                };
                keys.push(Key {
                    stem: stemmed,
                    original: folded.map(|_| part.to_string()),
                    part: true,
                });
            }
        }
        // Emoji are keys of their own.
        for grapheme in word.graphemes(true) {
            if emojis::get(grapheme).is_some() {
                keys.push(Key {
                    stem: grapheme.to_string(),
                    original: None,
                    part: false,
                });
            }
        }
    }
    if tails {
        dotted_tails(word, stemmer, &mut keys);
    }
    keys
}

/// Letters, digits and word punctuation, lower-cased.
fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_alphanumeric() || WORD_CHARACTERS.contains(&c) {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

fn stem(normalized: &str, stemmer: Option<&Stemmer>, part: bool) -> Key {
    let folded = fold(normalized);
    let base = folded.as_deref().unwrap_or(normalized);
    Key {
        stem: match stemmer {
            Some(stemmer) => stemmer.stem(base).into_owned(),
            None => base.to_string(),
        },
        original: folded.map(|_| normalized.to_string()),
        part,
    }
}

/// The word without its diacritics, when it had any. Kana voicing marks
/// stay: they tell words apart.
fn fold(word: &str) -> Option<String> {
    if word.is_ascii() || !word.chars().any(decomposes) {
        return None;
    }
    let voicing = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !is_combining_mark(c) || voicing(c))
        .collect();
    let folded = if stripped.chars().any(voicing) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (folded != word).then_some(folded)
}

fn decomposes(c: char) -> bool {
    if is_combining_mark(c) {
        return true;
    }
    let mut changes = false;
    decompose_canonical(c, |part| changes |= part != c);
    changes
}

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Every suffix of a katakana word (of two characters or more), so that a
/// search for part of the word finds it.
fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    word.char_indices()
        .skip(1)
        .map(|(i, _)| truncate(&word[i..], MAX_SUFFIX))
        .filter(|suffix| suffix.chars().count() >= 2 && seen.insert(*suffix))
        .collect()
}

/// After each `.`, the rest of the word when it is itself a compound
/// (`a.b_c` gives `b_c`), unless already a key.
fn dotted_tails(word: &str, stemmer: Option<&Stemmer>, keys: &mut Vec<Key>) {
    if !word.contains('.') {
        return;
    }
    let existing: HashSet<String> = keys.iter().map(|k| k.stem.clone()).collect();
    let mut seen = HashSet::new();
    let mut tails = Vec::new();
    for (i, _) in word.match_indices('.') {
        let tail = truncate(&word[i + 1..], MAX_TAIL);
        let compound = tail.chars().any(|c| !c.is_alphanumeric())
            || tail.chars().skip(1).any(char::is_uppercase);
        if !compound {
            continue;
        }
        let normalized = normalize(tail);
        if normalized.chars().count() < 2 {
            continue;
        }
        let key = stem(&normalized, stemmer, true);
        if !existing.contains(&key.stem) && seen.insert(key.stem.clone()) {
            tails.push(key);
        }
    }
    keys.extend(tails);
}

/// The first `chars` characters of `s`.
fn truncate(s: &str, chars: usize) -> &str {
    match s.char_indices().nth(chars) {
        Some((end, _)) => &s[..end],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(word: &str) -> Vec<(String, bool)> {
        let en = stemmer("en");
        keys(word, en.as_ref(), true)
            .into_iter()
            .map(|k| (k.stem, k.part))
            .collect()
    }

    #[test]
    fn plain_words_are_lower_cased_and_stemmed() {
        assert_eq!(stems("Sanctions,"), vec![("sanction".into(), false)]);
        assert_eq!(stems("running"), vec![("run".into(), false)]);
    }

    #[test]
    fn compounds_also_index_their_parts() {
        assert_eq!(
            stems("Sino-Russian"),
            vec![
                ("sinorussian".into(), false),
                ("sino".into(), true),
                ("russian".into(), true)
            ]
        );
        // A word that only ends in punctuation is not a compound.
        assert_eq!(stems("ports."), vec![("port".into(), false)]);
    }

    #[test]
    fn diacritics_are_folded_and_the_original_kept() {
        let en = stemmer("en");
        let keys = keys("Türkiye", en.as_ref(), true);
        assert_eq!(keys[0].stem, "turkiy");
        assert_eq!(keys[0].original.as_deref(), Some("türkiye"));
    }

    #[test]
    fn languages_without_a_stemmer_index_words_as_written() {
        assert!(stemmer("xx").is_none());
        let keys = keys("Words", None, true);
        assert_eq!(keys[0].stem, "words");
    }
}
