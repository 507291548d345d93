//! Tags and authors: which essays each has, at which URL.
//!
//! Names become ASCII slugs (`Türkiye` -> `turkiye`). Two different names
//! with the same slug (`Türkiye` and `Turkiye`, `Russia` and `russia`)
//! would share a URL: that is an error naming both uses, so a site never
//! silently merges or splits a tag.
//!
//! May use: `config`, `content` (types), `diagnostics`.

use std::collections::BTreeMap;

use super::EssayPage;
use super::paginate::{Pager, paginate};
use crate::config::AuthorProfile;
use crate::content::Named;
use crate::content::slug::slugify;
use crate::diagnostics::{Diagnostic, Diagnostics, Label};

/// A tag and its essays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The name as written.
    pub name: String,
    /// URL name.
    pub slug: String,
    /// Site path of its first page (`/tags/{slug}/`).
    pub path: String,
    /// Indexes into `Site::essays`, newest first.
    pub essays: Vec<usize>,
    /// Its pages.
    pub pages: Vec<Pager>,
}

/// An author and their essays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// The name as written.
    pub name: String,
    /// URL name.
    pub slug: String,
    /// Site path of the first page (`/authors/{slug}/`).
    pub path: String,
    /// Indexes into `Site::essays`, newest first.
    pub essays: Vec<usize>,
    /// Their pages.
    pub pages: Vec<Pager>,
    /// The `[[authors]]` entry, if site.toml has one.
    pub profile: Option<AuthorProfile>,
}

/// Groups essays (newest first) by tag; sorted by name.
pub fn tags(essays: &[EssayPage], per_page: usize, diags: &mut Diagnostics) -> Vec<Tag> {
    group(essays, |e| &e.essay.tags, "tag", "/tags/", diags)
        .into_iter()
        .map(|(name, slug, path, list)| Tag {
            pages: paginate(&path, list.len(), per_page),
            name,
            slug,
            path,
            essays: list,
        })
        .collect()
}

/// Groups essays (newest first) by author; sorted by name. Each author
/// gets their `[[authors]]` profile, if site.toml has one.
pub fn authors(
    essays: &[EssayPage],
    profiles: &[AuthorProfile],
    per_page: usize,
    diags: &mut Diagnostics,
) -> Vec<Author> {
    group(essays, |e| &e.essay.authors, "author", "/authors/", diags)
        .into_iter()
        .map(|(name, slug, path, list)| Author {
            profile: profiles.iter().find(|p| p.name == name).cloned(),
            pages: paginate(&path, list.len(), per_page),
            name,
            slug,
            path,
            essays: list,
        })
        .collect()
}

type Group = (String, String, String, Vec<usize>);

/// A name being grouped: as written, where first used, and its essays.
type Grouping = (String, (usize, usize), Vec<usize>);

fn group(
    essays: &[EssayPage],
    names: impl Fn(&EssayPage) -> &Vec<Named>,
    what: &str,
    base: &str,
    diags: &mut Diagnostics,
) -> Vec<Group> {
    // slug -> the name, its first use (essay, index into its names), its essays
    let mut by_slug: BTreeMap<String, Grouping> = BTreeMap::new();
    let mut reported: Vec<String> = Vec::new();
    for (index, entry) in essays.iter().enumerate() {
        for (position, named) in names(entry).iter().enumerate() {
            let slug = slugify(&named.name);
            match by_slug.get_mut(&slug) {
                Some((name, _, list)) if *name == named.name => {
                    if list.last() != Some(&index) {
                        list.push(index);
                    }
                }
                Some(_) if reported.contains(&named.name) => {}
                Some((name, (first_essay, first_position), _)) => {
                    reported.push(named.name.clone());
                    let first = &essays[*first_essay];
                    let first_named = &names(first)[*first_position];
                    diags.push(
                        Diagnostic::error(format!(
                            "the {what}s {:?} and {:?} would share the URL {base}{slug}/",
                            name, named.name
                        ))
                        .with_label(Label::span(
                            &entry.essay.file,
                            named.span.clone(),
                            format!("{what} {:?}", named.name),
                        ))
                        .with_label(Label::span(
                            &first.essay.file,
                            first_named.span.clone(),
                            format!("{what} {name:?}"),
                        ))
                        .with_help(format!("spell the {what} the same way in every essay")),
                    );
                }
                None => {
                    by_slug.insert(slug, (named.name.clone(), (index, position), vec![index]));
                }
            }
        }
    }
    let mut groups: Vec<Group> = by_slug
        .into_iter()
        .map(|(slug, (name, _, list))| {
            let path = format!("{base}{slug}/");
            (name, slug, path, list)
        })
        .collect();
    groups.sort_by_cached_key(|g| (sort_key(&g.0), g.1.clone()));
    groups
}

/// The order names are listed in: by their letters, accents and case
/// aside (`Égypte` with the Es, `Österreich` with the Os).
pub fn sort_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}
