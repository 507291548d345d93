//! `cable new` and `cable init`: the files a writer starts from.
//!
//! 1. [`new_essay`] writes `content/essays/{slug}.md`: front matter with the
//!    title, today's date, `draft = true`, the tags and author asked for, a
//!    commented `summary` and one commented example `[[sources]]` table, then
//!    a body paragraph that shows how to cite. It builds as written (no
//!    sources, no citations, no warnings) and never overwrites a file.
//! 2. [`init`] makes a site that builds at once: `site.toml` with every key
//!    of [`crate::config`] explained (the required ones set, the others
//!    commented out with their defaults), a first essay citing a real source,
//!    an about page and a `.gitignore`; it refuses a folder that is not
//!    empty. With `theme_copy`, it also writes the built-in default theme to
//!    `themes/default/` for editing.
//!
//! The file texts are pure functions ([`essay_text`], [`site_files`]) over
//! `include_str!` templates in `src/scaffold/`; only [`new_essay`] and
//! [`init`] touch the disk. Problems are [`ScaffoldError`]s, which the CLI
//! shows through [`ScaffoldError::to_diagnostic`].
//!
//! May use: `config`, `diagnostics`; and, read-only, two leaf helpers of
//! `content` that use nothing else in the crate (`slug::slugify`,
//! `date::Date`) and the embedded file list of the built-in theme
//! (`render::theme::default_theme_files`), so that `new` makes the slug the
//! build will make and `--theme-copy` copies exactly what the build embeds.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::content::date::Date;
use crate::content::slug::slugify;
use crate::diagnostics::{Diagnostic, Label};

/// The `site.toml` of a new site; `{{title}}` is replaced by a TOML string.
const SITE_TOML: &str = include_str!("scaffold/site.toml");
/// The first essay of a new site; `{{date}}` is replaced by today's date.
const WELCOME_MD: &str = include_str!("scaffold/welcome.md");
/// The about page of a new site.
const ABOUT_MD: &str = include_str!("scaffold/about.md");
/// The `.gitignore` of a new site.
const GITIGNORE: &str =
    "# The built site: `cable build` writes it, so it is not source.\npublic/\n";

/// The id of the commented example source in a new essay.
pub const EXAMPLE_SOURCE_ID: &str = "example-source";

/// What `cable new` is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEssay {
    /// The essay's title, as the writer typed it.
    pub title: String,
    /// Tags, in order (blank ones are dropped, repeats kept once).
    pub tags: Vec<String>,
    /// The author, when not the site's default one.
    pub author: Option<String>,
}

/// Why a file or site could not be created.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The title gives an empty slug, so no file name.
    #[error("the title {title:?} has no letters or digits to make a file name from")]
    NoSlug {
        /// The title as given.
        title: String,
    },
    /// A tag that would have no URL.
    #[error("the tag {tag:?} has no letters or digits")]
    BadTag {
        /// The tag as given.
        tag: String,
    },
    /// `cable new` outside a site.
    #[error("no site.toml in {}", folder_name(root))]
    NoSite {
        /// The folder that should hold site.toml.
        root: PathBuf,
    },
    /// The essay file (or a bundle of the same name) is already there.
    #[error("{} already exists", path.display())]
    EssayExists {
        /// The existing file or bundle folder.
        path: PathBuf,
    },
    /// `cable init` into a folder that holds files.
    #[error("{} is not empty", dir.display())]
    NotEmpty {
        /// The folder.
        dir: PathBuf,
    },
    /// `cable init` onto something that is not a folder.
    #[error("{} exists and is not a folder", dir.display())]
    NotADir {
        /// The path.
        dir: PathBuf,
    },
    /// Reading or writing failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl ScaffoldError {
    /// True for mistakes in the command's arguments (exit code 2) rather
    /// than in the state of the disk (exit code 1).
    pub fn is_usage(&self) -> bool {
        matches!(self, Self::NoSlug { .. } | Self::BadTag { .. })
    }

    /// The error as the writer sees it: what, where, and what to do.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let diagnostic = Diagnostic::error(self.to_string());
        match self {
            Self::NoSlug { .. } => diagnostic
                .with_help("give the essay a title with at least one letter or digit, such as cable new \"Moscow adapts\""),
            Self::BadTag { .. } => diagnostic.with_help(
                "a tag needs at least one letter or digit to have a URL; separate tags with commas: --tags Russia,NATO",
            ),
            Self::NoSite { root } => diagnostic
                .with_label(Label::path(under(root, "site.toml"), ""))
                .with_help("run cable new in a site folder, or pass --root DIR (cable init DIR makes a new site)"),
            Self::EssayExists { path } => diagnostic
                .with_label(Label::path(path, ""))
                .with_help("nothing was written: edit that essay, or choose another title"),
            Self::NotEmpty { dir } => diagnostic
                .with_label(Label::path(dir, ""))
                .with_help("nothing was written: choose a new folder name, or an empty folder, such as cable init my-newsletter"),
            Self::NotADir { dir } => diagnostic
                .with_label(Label::path(dir, ""))
                .with_help("choose a new folder name, such as cable init my-newsletter"),
            Self::Io { path, .. } => diagnostic
                .with_label(Label::path(path, ""))
                .with_help("check that the folder exists and that you may write to it"),
        }
    }
}

// ---------------------------------------------------------------- new

/// Writes `ROOT/content/essays/{slug}.md` for `essay`, dated today, and
/// returns its path (`ROOT` joined with the relative path). Refuses when the
/// file or a bundle `content/essays/{slug}/` exists, or ROOT holds no site.
pub fn new_essay(root: &Path, essay: &NewEssay) -> Result<PathBuf, ScaffoldError> {
    let (slug, essay) = validate(essay)?;
    if !under(root, "site.toml").is_file() {
        return Err(ScaffoldError::NoSite {
            root: root.to_path_buf(),
        });
    }
    let essays = under(root, "content/essays");
    let path = essays.join(format!("{slug}.md"));
    let bundle = essays.join(&slug);
    for existing in [&path, &bundle] {
        if existing.exists() {
            return Err(ScaffoldError::EssayExists {
                path: existing.clone(),
            });
        }
    }
    std::fs::create_dir_all(&essays).map_err(|source| ScaffoldError::Io {
        path: essays.clone(),
        source,
    })?;
    write_new(&path, essay_text(&essay, Date::today()).as_bytes())?;
    Ok(path)
}

/// Checks the title and tags; returns the slug and the cleaned request.
fn validate(essay: &NewEssay) -> Result<(String, NewEssay), ScaffoldError> {
    let title = essay.title.trim().to_string();
    let slug = slugify(&title);
    if slug.is_empty() {
        return Err(ScaffoldError::NoSlug {
            title: essay.title.clone(),
        });
    }
    let mut tags: Vec<String> = Vec::new();
    for tag in &essay.tags {
        let tag = tag.trim();
        if tag.is_empty() || tags.iter().any(|t| t == tag) {
            continue;
        }
        if slugify(tag).is_empty() {
            return Err(ScaffoldError::BadTag {
                tag: tag.to_string(),
            });
        }
        tags.push(tag.to_string());
    }
    let author = essay
        .author
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from);
    Ok((
        slug,
        NewEssay {
            title,
            tags,
            author,
        },
    ))
}

/// The text of a new essay dated `date`: front matter (title, date,
/// author, tags, a commented summary, `draft = true`, one commented example
/// source) and a body paragraph showing how to cite.
pub fn essay_text(essay: &NewEssay, date: Date) -> String {
    let date = date.iso_date();
    let mut out = String::from("+++\n");
    out.push_str(&format!("title = {}\n", toml_string(&essay.title)));
    out.push_str(&format!("date = {date}\n"));
    if let Some(author) = &essay.author {
        out.push_str(&format!("author = {}\n", toml_string(author)));
    }
    if !essay.tags.is_empty() {
        let tags: Vec<String> = essay.tags.iter().map(|t| toml_string(t)).collect();
        out.push_str(&format!("tags = [{}]\n", tags.join(", ")));
    }
    out.push_str(
        "# summary = \"\"            # one sentence for lists and feeds; default: the first paragraph\n",
    );
    out.push_str("draft = true               # delete this line to publish the essay\n");
    out.push_str(&format!(
        "\n\
         # One [[sources]] table per source; remove the `# ` to use this one, then\n\
         # cite it in the text as [@{id}]. Optional keys: author, accessed, archive_url.\n\
         # [[sources]]\n\
         # id = \"{id}\"\n\
         # title = \"Title of the article\"\n\
         # url = \"https://example.org/article\"\n\
         # publisher = \"Publisher\"\n\
         # date = {date}\n",
        id = EXAMPLE_SOURCE_ID
    ));
    out.push_str("+++\n\n");
    out.push_str(
        "Write the essay here, in Markdown. Unless you set `summary` above, this\n\
         first paragraph is the summary shown on the home page and in feeds.\n\n",
    );
    out.push_str(&format!(
        "To cite a source, add it as a `[[sources]]` table in the front matter,\n\
         then write its id in brackets right after the claim it supports, as in\n\
         `[@{EXAMPLE_SOURCE_ID}]`. Cite several at once with `[@a; @b]`, or a page with\n\
         `[@a, p. 4]`. Citations are numbered in order and listed under Sources.\n"
    ));
    out
}

// ---------------------------------------------------------------- init

/// Creates a new site in `dir` (made if missing; it must be empty if it
/// exists) and returns the files written, relative to `dir`, in order.
pub fn init(dir: &Path, theme_copy: bool) -> Result<Vec<String>, ScaffoldError> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(ScaffoldError::NotADir {
                dir: dir.to_path_buf(),
            });
        }
        let mut entries = std::fs::read_dir(dir).map_err(|source| ScaffoldError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty {
                dir: dir.to_path_buf(),
            });
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = site_files(&site_title(dir), Date::today())
        .into_iter()
        .map(|(path, text)| (path.to_string(), text.into_bytes()))
        .collect();
    if theme_copy {
        files.extend(
            crate::render::theme::default_theme_files()
                .into_iter()
                .map(|(path, bytes)| (format!("themes/default/{path}"), bytes.to_vec())),
        );
    }
    for (relative, bytes) in &files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_new(&path, bytes)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// The files of a new site called `title`, its first essay dated `date`:
/// (path relative to the site folder, text).
pub fn site_files(title: &str, date: Date) -> Vec<(&'static str, String)> {
    vec![
        (
            "site.toml",
            SITE_TOML.replace("{{title}}", &toml_string(title)),
        ),
        (
            "content/essays/welcome.md",
            WELCOME_MD.replace("{{date}}", &date.iso_date()),
        ),
        ("content/pages/about.md", ABOUT_MD.to_string()),
        (".gitignore", GITIGNORE.to_string()),
    ]
}

/// A site name from its folder: `my-newsletter` -> `My newsletter`.
fn site_title(dir: &Path) -> String {
    let name = std::path::absolute(dir)
        .ok()
        .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words = name
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) if words.chars().any(char::is_alphanumeric) => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => "My newsletter".to_string(),
    }
}

// ---------------------------------------------------------------- helpers

/// `ROOT/relative`, or just `relative` when ROOT is `.`, so that paths shown
/// to the writer stay short.
fn under(root: &Path, relative: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(relative)
    } else {
        root.join(relative)
    }
}

/// A folder as named in messages.
fn folder_name(dir: &Path) -> String {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        "the current folder".to_string()
    } else {
        dir.display().to_string()
    }
}

/// Creates `path` with `bytes`; fails if it exists (never overwrites).
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::EssayExists {
                path: path.to_path_buf(),
            });
        }
        Err(error) => return Err(io(error)),
    };
    file.write_all(bytes).map_err(io)
}

/// `text` as a TOML basic string, quotes included.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{self, Options, Support};
    use crate::diagnostics::SourceFile;

    fn front_matter(text: &str) -> toml::Table {
        let rest = text.strip_prefix("+++\n").expect("opens with +++");
        let end = rest.find("\n+++\n").expect("closes with +++");
        rest[..end + 1].parse().expect("front matter is TOML")
    }

    /// Removes the `# ` of every commented `key = value` line and table
    /// header (not the prose comments) and of the lines of a commented
    /// multi-line array.
    fn uncomment(text: &str) -> String {
        let mut out = String::new();
        let mut in_array = false;
        for line in text.lines() {
            let body = line.strip_prefix("# ");
            let is_code = body.is_some_and(|b| {
                in_array
                    || b.starts_with('[')
                    || b.split_once(" = ").is_some_and(|(key, _)| {
                        !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    })
            });
            match body {
                Some(body) if is_code => {
                    if body.ends_with('[') {
                        in_array = true;
                    } else if body.starts_with(']') {
                        in_array = false;
                    }
                    out.push_str(body);
                }
                _ => out.push_str(line),
            }
            out.push('\n');
        }
        out
    }

    fn essay(title: &str, tags: &[&str], author: Option<&str>) -> NewEssay {
        NewEssay {
            title: title.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            author: author.map(String::from),
        }
    }

    #[test]
    fn toml_strings_round_trip() {
        for text in [
            "Türkiye's drones",
            "The \"Sultan\" and the \\ straits",
            "Two\nlines\tand a bell \u{7}",
            "«Ça» — 北京",
            "",
        ] {
            let table: toml::Table = format!("t = {}", toml_string(text)).parse().unwrap();
            assert_eq!(table["t"].as_str(), Some(text));
        }
    }

    #[test]
    fn new_essay_front_matter() {
        let text = essay_text(
            &essay(
                "Türkiye's \"drones\"",
                &["Türkiye", "NATO"],
                Some("A. Writer"),
            ),
            Date::ymd(2025, 10, 15),
        );
        let fm = front_matter(&text);
        assert_eq!(fm["title"].as_str(), Some("Türkiye's \"drones\""));
        assert_eq!(fm["date"].to_string(), "2025-10-15");
        assert_eq!(fm["draft"].as_bool(), Some(true));
        assert_eq!(fm["author"].as_str(), Some("A. Writer"));
        let tags: Vec<_> = fm["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(tags, ["Türkiye", "NATO"]);
        // Commented: no summary, no sources.
        assert!(!fm.contains_key("summary") && !fm.contains_key("sources"));
        assert!(text.contains("\n# summary = \"\""), "{text}");
        assert_eq!(text.matches("# [[sources]]").count(), 1, "{text}");
        // The body shows a citation, inside code so that it is not one.
        assert!(text.contains("`[@example-source]`"), "{text}");
    }

    #[test]
    fn new_essay_without_tags_or_author_has_no_such_keys() {
        let fm = front_matter(&essay_text(
            &essay("Plain", &[], None),
            Date::ymd(2025, 1, 2),
        ));
        let mut keys: Vec<&str> = fm.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["date", "draft", "title"]);
    }

    #[test]
    fn uncommented_example_source_is_complete() {
        let text = uncomment(&essay_text(
            &essay("X", &["A"], None),
            Date::ymd(2025, 10, 15),
        ));
        let fm = front_matter(&text);
        let sources = fm["sources"].as_array().expect("one [[sources]] table");
        assert_eq!(sources.len(), 1);
        let source = sources[0].as_table().unwrap();
        let mut keys: Vec<&str> = source.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["date", "id", "publisher", "title", "url"]);
        assert_eq!(source["id"].as_str(), Some(EXAMPLE_SOURCE_ID));
        assert_eq!(fm["summary"].as_str(), Some(""));
        assert_eq!(fm["tags"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn validation_cleans_tags_and_rejects_unsluggable_input() {
        let (slug, clean) = validate(&essay(
            "  Türkiye's drones ",
            &[" Türkiye", "NATO ", "", "NATO"],
            Some("  "),
        ))
        .unwrap();
        assert_eq!(slug, "turkiyes-drones");
        assert_eq!(clean.title, "Türkiye's drones");
        assert_eq!(clean.tags, ["Türkiye", "NATO"]);
        assert_eq!(clean.author, None);
        let no_slug = validate(&essay("?!", &[], None)).unwrap_err();
        assert!(matches!(no_slug, ScaffoldError::NoSlug { .. }) && no_slug.is_usage());
        let bad_tag = validate(&essay("Fine", &["++"], None)).unwrap_err();
        assert!(matches!(bad_tag, ScaffoldError::BadTag { .. }) && bad_tag.is_usage());
    }

    fn parse_site(text: &str) -> config::Config {
        config::parse(&SourceFile::new("site.toml", text), &Options::default())
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    /// The keys config accepts, read from its own "unknown key" help.
    fn config_keys() -> Vec<String> {
        let text = "title = \"T\"\nbase_url = \"https://e.org\"\nzzzz_unknown = 1\n";
        let err = config::parse(&SourceFile::new("site.toml", text), &Options::default())
            .unwrap_err()
            .to_plain_string();
        let list = err
            .split("use one of: ")
            .nth(1)
            .unwrap_or_else(|| panic!("no key list in:\n{err}"));
        list.lines()
            .next()
            .unwrap()
            .split(", ")
            .map(|k| k.trim_matches('`').to_string())
            .collect()
    }

    /// The keys of the [support] table, read from serde's error.
    fn support_keys() -> Vec<String> {
        table_keys::<Support>()
    }

    /// The keys of a table type, read from serde's error.
    fn table_keys<T: serde::de::DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
        let err = toml::from_str::<T>("zzzz_unknown = 1").unwrap_err();
        let message = err.message().to_string();
        let list = message
            .split("expected one of ")
            .nth(1)
            .unwrap_or_else(|| panic!("no key list in: {message}"));
        list.split(", ")
            .map(|k| k.trim().trim_matches('`').to_string())
            .collect()
    }

    #[test]
    fn site_toml_documents_every_config_key() {
        let (_, text) = site_files("Test", Date::ymd(2025, 1, 1)).remove(0);
        let keys = config_keys();
        assert!(keys.len() >= 10, "{keys:?}");
        let subscribe_keys = table_keys::<config::RawSubscribe>();
        for key in keys.iter().chain(&support_keys()).chain(&subscribe_keys) {
            let set = text.lines().any(|l| l.starts_with(&format!("{key} = ")));
            // `# # key = …`: an alternative to the example around it (the
            // `action` of a custom provider), left commented when the
            // example is uncommented.
            let commented = text.lines().any(|l| {
                l.starts_with(&format!("# {key} = "))
                    || l.starts_with(&format!("# # {key} = "))
                    || l == format!("# [{key}]")
                    || l == format!("# [[{key}]]")
            });
            assert!(set || commented, "site.toml does not show `{key}`:\n{text}");
        }
    }

    #[test]
    fn site_toml_builds_as_is_and_its_comments_are_the_defaults() {
        let (_, text) = site_files("Türkiye \"Weekly\"", Date::ymd(2025, 1, 1)).remove(0);
        let as_is = parse_site(&text);
        assert_eq!(as_is.title, "Türkiye \"Weekly\"");
        assert!(as_is.support.is_none());

        let all = uncomment(&text);
        assert_ne!(all, text);
        let uncommented = parse_site(&all);
        assert_eq!(uncommented.description, as_is.description);
        assert_eq!(uncommented.language, as_is.language);
        assert_eq!(uncommented.theme, as_is.theme);
        assert_eq!(uncommented.author, as_is.author);
        assert_eq!(uncommented.paginate, as_is.paginate);
        assert_eq!(uncommented.permalink, as_is.permalink);
        assert_eq!(uncommented.feed_limit, as_is.feed_limit);
        let support = uncommented.support.expect("the [support] example");
        assert!(support.message.is_some() && support.subscribe_url.is_some());
        assert!(support.subscribe_label.is_some() && support.comments_url.is_some());
        assert_eq!(support.links.map_or(0, |l| l.len()), 2);
    }

    #[test]
    fn welcome_essay_cites_its_one_source() {
        let files = site_files("T", Date::ymd(2025, 3, 4));
        let (path, text) = &files[1];
        assert_eq!(*path, "content/essays/welcome.md");
        let fm = front_matter(text);
        assert_eq!(fm["date"].to_string(), "2025-03-04");
        let sources = fm["sources"].as_array().unwrap();
        assert_eq!(sources.len(), 1);
        let id = sources[0]["id"].as_str().unwrap();
        assert!(sources[0]["url"].as_str().unwrap().starts_with("https://"));
        assert!(text.contains(&format!("[@{id}].")), "no citation of {id}");
        assert!(
            files
                .iter()
                .any(|(p, t)| *p == ".gitignore" && t.contains("public/"))
        );
        assert!(files.iter().any(|(p, _)| *p == "content/pages/about.md"));
    }

    #[test]
    fn site_title_from_folder_name() {
        assert_eq!(site_title(Path::new("/tmp/my-newsletter")), "My newsletter");
        assert_eq!(site_title(Path::new("the_week/")), "The week");
        assert_eq!(site_title(Path::new("/")), "My newsletter");
        assert_eq!(site_title(Path::new("/x/---")), "My newsletter");
    }

    #[test]
    fn errors_have_help() {
        let errors = [
            ScaffoldError::NoSlug { title: "?".into() },
            ScaffoldError::BadTag { tag: "+".into() },
            ScaffoldError::NoSite { root: ".".into() },
            ScaffoldError::EssayExists {
                path: "content/essays/x.md".into(),
            },
            ScaffoldError::NotEmpty { dir: "x".into() },
            ScaffoldError::NotADir { dir: "x".into() },
        ];
        for error in errors {
            assert!(error.to_diagnostic().help.is_some(), "{error}");
        }
        let exists = ScaffoldError::EssayExists {
            path: "content/essays/x.md".into(),
        }
        .to_diagnostic();
        assert!(exists.message.contains("content/essays/x.md"));
        assert!(exists.help.unwrap().contains("another title"));
    }

    #[test]
    fn new_and_init_write_files_and_refuse_to_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let written = init(&site, false).unwrap();
        assert_eq!(written.len(), 4);
        assert!(matches!(
            init(&site, false),
            Err(ScaffoldError::NotEmpty { .. })
        ));
        let path = new_essay(&site, &essay("Türkiye's drones", &[], None)).unwrap();
        assert_eq!(path, site.join("content/essays/turkiyes-drones.md"));
        let first = std::fs::read_to_string(&path).unwrap();
        assert!(matches!(
            new_essay(&site, &essay("Türkiye’s  drones!", &["X"], None)),
            Err(ScaffoldError::EssayExists { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
        assert!(matches!(
            new_essay(tmp.path(), &essay("Other", &[], None)),
            Err(ScaffoldError::NoSite { .. })
        ));
        let copied = init(&tmp.path().join("copy"), true).unwrap();
        assert!(copied.contains(&"themes/default/templates/essay.html".to_string()));
        assert!(copied.contains(&"themes/default/static/style.css".to_string()));
    }
}
