//! `site.toml` -> [`Config`]: the site's settings, strictly checked.
//!
//! Unknown keys are errors that name the key and its line (typos must not pass
//! silently), and every value is validated here, once, so later stages can
//! trust the [`Config`]. Command-line overrides (`--base-url`, `--drafts`) are
//! applied by [`load`] through [`Options`].
//!
//! May use: `diagnostics`.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Label, SourceFile, did_you_mean};

/// What the command line asks of a build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site's folder (holds `site.toml`).
    pub root: PathBuf,
    /// Include essays and pages marked `draft = true`.
    pub drafts: bool,
    /// Replaces `base_url` from site.toml.
    pub base_url: Option<String>,
    /// Build without the search index whatever site.toml says (`serve`:
    /// indexing a large site takes longer than the edit it follows).
    pub skip_search: bool,
}

/// The validated settings every later stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's folder.
    pub root: PathBuf,
    /// Site name, shown in the header and feeds.
    pub title: String,
    /// Absolute URL of the site, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/newsletter/`): the prefix of every
    /// root-relative link the site writes.
    pub base_path: String,
    /// One-line description for the home page, meta tags and feeds.
    pub description: String,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// Name of the theme under `themes/` (`default` is built in).
    pub theme: String,
    /// Default author of essays that name none.
    pub author: String,
    /// Essays per list page.
    pub paginate: usize,
    /// Where essays go.
    pub permalink: Permalink,
    /// Entries in each feed (0 = all).
    pub feed_limit: usize,
    /// The reader-support block under each essay.
    pub support: Option<Support>,
    /// The subscribe form (footer of every page and `/subscribe/`).
    pub subscribe: Option<Subscribe>,
    /// Build the offline search page and index (`/search/`).
    pub search: bool,
    /// Author profiles, by name.
    pub authors: Vec<AuthorProfile>,
    /// Whether drafts are built.
    pub drafts: bool,
    /// site.toml itself, for diagnostics that point into it.
    pub file: Arc<SourceFile>,
}

/// The `[support]` table: how readers can help.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// Markdown shown above the buttons.
    pub message: Option<String>,
    /// A paid-subscription page or form action.
    pub subscribe_url: Option<String>,
    /// Text of the primary button.
    pub subscribe_label: Option<String>,
    /// Comment link; may use `{slug}` and `{url}`.
    pub comments_url: Option<String>,
    /// Tip-jar buttons (in an essay's front matter, `links = []` hides
    /// the site's).
    pub links: Option<Vec<SupportLink>>,
}

/// The `[subscribe]` table as written: which newsletter provider the
/// subscribe form posts to.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubscribe {
    /// `buttondown`, `substack`, `ghost` or `custom`.
    pub provider: Option<Spanned<String>>,
    /// The account or publication name (or, for Substack and Ghost, its URL).
    pub name: Option<Spanned<String>>,
    /// The form action, for `custom`.
    pub action: Option<Spanned<String>>,
    /// The name of the email field the provider reads.
    pub email_field: Option<Spanned<String>>,
    /// Heading above the form.
    pub title: Option<String>,
    /// One line under the heading.
    pub description: Option<String>,
    /// Label of the email input.
    pub label: Option<String>,
    /// Text of the button.
    pub button: Option<String>,
}

/// A newsletter provider the subscribe form can post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// buttondown.com
    Buttondown,
    /// substack.com
    Substack,
    /// A Ghost site.
    Ghost,
    /// Any form endpoint (Mailchimp, listmonk, Kit…).
    Custom,
}

impl Provider {
    const NAMES: &[&str] = &["buttondown", "substack", "ghost", "custom"];

    fn parse(name: &str) -> Option<Self> {
        match name {
            "buttondown" => Some(Self::Buttondown),
            "substack" => Some(Self::Substack),
            "ghost" => Some(Self::Ghost),
            "custom" => Some(Self::Custom),
            _ => None,
        }
    }

    /// Its name in site.toml.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The validated `[subscribe]` table: a form ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribe {
    /// Who receives the form.
    pub provider: Provider,
    /// Where the form goes (the provider's public endpoint).
    pub action: String,
    /// `post`, or `get` for Ghost (its Portal signup screen).
    pub method: &'static str,
    /// The email input's name; `None` for Ghost, whose Portal asks for the
    /// address itself.
    pub email_field: Option<String>,
    /// Heading above the form.
    pub title: String,
    /// One line under the heading.
    pub description: Option<String>,
    /// Label of the email input.
    pub label: String,
    /// Text of the button ("Subscribe"; for Ghost "Subscribe on HOST").
    pub button: String,
}

/// An `[[authors]]` entry: who writes here, shown on author and essay pages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorProfile {
    /// The name essays use in `author`/`authors`.
    pub name: String,
    /// A short biography (Markdown).
    pub bio: Option<String>,
    /// The author's own site.
    pub url: Option<String>,
    /// Other profiles (Mastodon, Bluesky, a university page…).
    #[serde(default)]
    pub links: Vec<SupportLink>,
}

/// One tip-jar button.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportLink {
    /// Button text.
    pub label: String,
    /// Where it goes (http or https).
    pub url: String,
}

/// A permalink pattern such as `/essays/{slug}/`, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalink {
    /// The pattern as written.
    pub pattern: String,
    /// Literal text and placeholders, in order.
    pub parts: Vec<PermalinkPart>,
}

/// A piece of a [`Permalink`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermalinkPart {
    /// Text copied as is.
    Literal(String),
    /// `{slug}`
    Slug,
    /// `{year}`, four digits.
    Year,
    /// `{month}`, two digits.
    Month,
    /// `{day}`, two digits.
    Day,
}

/// site.toml as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<Spanned<String>>,
    base_url: Option<Spanned<String>>,
    description: Option<String>,
    language: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    author: Option<String>,
    paginate: Option<Spanned<i64>>,
    permalink: Option<Spanned<String>>,
    feed_limit: Option<Spanned<i64>>,
    support: Option<Spanned<Support>>,
    subscribe: Option<Spanned<RawSubscribe>>,
    search: Option<bool>,
    #[serde(default)]
    authors: Vec<Spanned<AuthorProfile>>,
}

/// Reads and validates `ROOT/site.toml`, applying the command-line overrides.
pub fn load(options: &Options) -> Result<Config, Diagnostics> {
    let path = options.root.join("site.toml");
    let text = std::fs::read_to_string(&path).map_err(|error| {
        let message = if error.kind() == std::io::ErrorKind::NotFound {
            format!("no site.toml in {}", options.root.display())
        } else {
            format!("cannot read {}: {error}", path.display())
        };
        Diagnostics::from(
            Diagnostic::error(message)
                .with_label(Label::path(&path, ""))
                .with_help("run cable in a site folder, or pass --root DIR (cable init DIR makes a new site)"),
        )
    })?;
    let file = SourceFile::new("site.toml", text);
    parse(&file, options)
}

/// Validates the text of a site.toml (already read) into a [`Config`].
pub fn parse(file: &Arc<SourceFile>, options: &Options) -> Result<Config, Diagnostics> {
    let raw: RawConfig = toml::from_str(&file.text)
        .map_err(|error| Diagnostics::from(toml_diagnostic(file, 0, &error, "site.toml")))?;
    let mut diags = Diagnostics::new();
    let whole = 0..file.text.len().min(1);

    let title = match raw.title {
        Some(title) if !title.get_ref().trim().is_empty() => title.into_inner(),
        Some(title) => {
            diags.push(value_error(
                file,
                title.span(),
                "`title` is empty",
                "give the site a name",
            ));
            String::new()
        }
        None => {
            diags.push(missing_key(
                file,
                whole.clone(),
                "title",
                "title = \"Global Geopolitics\"",
            ));
            String::new()
        }
    };

    let base_url = match (&options.base_url, raw.base_url) {
        (Some(cli), _) => match normalize_base_url(cli) {
            Ok(url) => url,
            Err(why) => {
                diags.push(
                    Diagnostic::error(format!("--base-url {cli:?} {why}"))
                        .with_help("pass an absolute URL such as https://example.org/ or https://user.github.io/newsletter/"),
                );
                String::new()
            }
        },
        (None, Some(url)) => match normalize_base_url(url.get_ref()) {
            Ok(normalized) => normalized,
            Err(why) => {
                diags.push(value_error(
                    file,
                    url.span(),
                    &format!("`base_url` {why}"),
                    "use an absolute URL such as \"https://example.org\"",
                ));
                String::new()
            }
        },
        (None, None) => {
            diags.push(missing_key(
                file,
                whole.clone(),
                "base_url",
                "base_url = \"https://example.org\"",
            ));
            String::new()
        }
    };
    let base_path = base_path_of(&base_url);

    let language = match raw.language {
        Some(lang) if is_language_tag(lang.get_ref()) => lang.into_inner(),
        Some(lang) => {
            diags.push(value_error(
                file,
                lang.span(),
                &format!("`language` {:?} is not a language tag", lang.get_ref()),
                "use a tag such as \"en\", \"en-GB\" or \"fr\"",
            ));
            String::new()
        }
        None => "en".to_string(),
    };

    let theme = match raw.theme {
        Some(theme) => {
            let name = theme.get_ref();
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                diags.push(value_error(
                    file,
                    theme.span(),
                    &format!("`theme` {name:?} is not a theme folder name"),
                    "name a folder under themes/, such as \"default\"",
                ));
            } else if name != "default" && !options.root.join("themes").join(name).is_dir() {
                diags.push(value_error(
                    file,
                    theme.span(),
                    &format!("theme {name:?} not found"),
                    &format!("create themes/{name}/, or use theme = \"default\" (built in)"),
                ));
            }
            theme.into_inner()
        }
        None => "default".to_string(),
    };

    let paginate = positive(file, &mut diags, raw.paginate, "paginate", 10, false);
    let feed_limit = positive(file, &mut diags, raw.feed_limit, "feed_limit", 20, true);

    let permalink = match raw.permalink {
        Some(pattern) => match Permalink::parse(pattern.get_ref()) {
            Ok(permalink) => permalink,
            Err(why) => {
                diags.push(value_error(
                    file,
                    pattern.span(),
                    &format!("`permalink` {:?} {why}", pattern.get_ref()),
                    "use a pattern such as \"/essays/{slug}/\" or \"/{year}/{month}/{slug}/\"",
                ));
                Permalink::default_essays()
            }
        },
        None => Permalink::default_essays(),
    };

    let support = raw.support.map(|support| {
        let span = support.span();
        let support = support.into_inner();
        let urls = support
            .subscribe_url
            .iter()
            .chain(support.comments_url.iter())
            .chain(support.links.iter().flatten().map(|l| &l.url));
        for url in urls {
            if !is_http_url(url) {
                diags.push(value_error(
                    file,
                    find_in(file, span.clone(), url),
                    &format!("support link {url:?} is not an http(s) URL"),
                    "reader-support links must start with https:// or http://",
                ));
            }
        }
        support
    });

    let subscribe = raw
        .subscribe
        .and_then(|table| subscribe(file, &mut diags, table));

    let mut authors: Vec<AuthorProfile> = Vec::new();
    for profile in raw.authors {
        let span = profile.span();
        let profile = profile.into_inner();
        if profile.name.trim().is_empty() {
            diags.push(value_error(
                file,
                span,
                "an [[authors]] entry has an empty `name`",
                "write the name essays use in `author`",
            ));
            continue;
        }
        if let Some(first) = authors.iter().find(|a| a.name == profile.name) {
            diags.push(value_error(
                file,
                span,
                &format!("author {:?} is described twice in [[authors]]", first.name),
                "keep one [[authors]] entry per name",
            ));
            continue;
        }
        for url in profile
            .url
            .iter()
            .chain(profile.links.iter().map(|l| &l.url))
        {
            if !is_http_url(url) {
                diags.push(value_error(
                    file,
                    find_in(file, span.clone(), url),
                    &format!("author link {url:?} is not an http(s) URL"),
                    "author links must start with https:// or http://",
                ));
            }
        }
        authors.push(profile);
    }

    if diags.has_errors() {
        return Err(diags);
    }
    let author = raw
        .author
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| title.clone());
    Ok(Config {
        root: options.root.clone(),
        title,
        base_url,
        base_path,
        description: raw.description.unwrap_or_default(),
        language,
        theme,
        author,
        paginate,
        permalink,
        feed_limit,
        support,
        subscribe,
        search: raw.search.unwrap_or(true) && !options.skip_search,
        authors,
        drafts: options.drafts,
        file: Arc::clone(file),
    })
}

impl Config {
    /// Absolute URL of a root-relative site path (`/essays/x/` -> `https://…/essays/x/`).
    pub fn absolute_url(&self, site_path: &str) -> String {
        let relative = site_path.strip_prefix(&self.base_path).unwrap_or(site_path);
        format!("{}{}", self.base_url, relative.trim_start_matches('/'))
    }

    /// `https://host` of the base URL, without the path.
    pub fn origin(&self) -> &str {
        &self.base_url[..self.base_url.len() - self.base_path.len()]
    }

    /// A root-relative link under the base path (`essays/x/` -> `/newsletter/essays/x/`).
    pub fn site_path(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The folder of the site's files, resolved against the root.
    pub fn dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }
}

impl Permalink {
    fn default_essays() -> Self {
        Self::parse("/essays/{slug}/").expect("the default permalink is valid")
    }

    /// Splits and checks a pattern: starts and ends with `/`, has `{slug}`,
    /// uses only the known placeholders and URL-safe literal characters.
    pub fn parse(pattern: &str) -> Result<Self, String> {
        if !pattern.starts_with('/') || !pattern.ends_with('/') {
            return Err("must start and end with `/`".into());
        }
        let mut parts = Vec::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            let literal = &rest[..open];
            check_literal(literal)?;
            if !literal.is_empty() {
                parts.push(PermalinkPart::Literal(literal.to_string()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or("has a `{` without a matching `}`")?
                + open;
            parts.push(match &rest[open + 1..close] {
                "slug" => PermalinkPart::Slug,
                "year" => PermalinkPart::Year,
                "month" => PermalinkPart::Month,
                "day" => PermalinkPart::Day,
                other => return Err(format!("uses unknown placeholder `{{{other}}}`; known: {{slug}} {{year}} {{month}} {{day}}")),
            });
            rest = &rest[close + 1..];
        }
        check_literal(rest)?;
        if !rest.is_empty() {
            parts.push(PermalinkPart::Literal(rest.to_string()));
        }
        if !parts.contains(&PermalinkPart::Slug) {
            return Err("must contain `{slug}`".into());
        }
        if pattern
            .split('/')
            .any(|segment| segment == "." || segment == "..")
        {
            return Err("must not contain `.` or `..` segments".into());
        }
        Ok(Self {
            pattern: pattern.to_string(),
            parts,
        })
    }
}

fn check_literal(literal: &str) -> Result<(), String> {
    match literal.chars().find(|c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '/' | '-' | '_' | '.'))
    }) {
        Some('}') => Err("has a `}` without a matching `{`".into()),
        Some(c) => Err(format!(
            "contains {c:?}; use lower-case letters, digits, `-`, `_` and `/`"
        )),
        None => Ok(()),
    }
}

fn positive(
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
    value: Option<Spanned<i64>>,
    key: &str,
    default: usize,
    zero_ok: bool,
) -> usize {
    let Some(value) = value else { return default };
    let n = *value.get_ref();
    match usize::try_from(n) {
        Ok(n) if n > 0 || zero_ok => n,
        _ => {
            let help = if zero_ok {
                "use 0 (all) or a positive number"
            } else {
                "use a positive number such as 10"
            };
            diags.push(value_error(
                file,
                value.span(),
                &format!("`{key}` cannot be {n}"),
                help,
            ));
            default
        }
    }
}

/// Validates `[subscribe]` into the form it describes: the provider's
/// public endpoint, method and email field.
///
/// Endpoints (no JavaScript needed on either side):
/// - Buttondown: `https://buttondown.com/api/emails/embed-subscribe/{name}`,
///   field `email`, the form Buttondown's "Embedding" settings give;
/// - Substack: `https://{name}.substack.com/api/v1/free?nojs=true`, field
///   `email` (`nojs=true` answers with a page instead of JSON);
/// - Ghost: `/members/api/send-magic-link/` takes only JSON with a token
///   that Ghost's own script fetches, so the form opens the site's Portal
///   signup screen instead (`{site}/#/portal/signup`, a GET);
/// - custom: `action` as given, field `email_field` (default `email`).
fn subscribe(
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
    table: Spanned<RawSubscribe>,
) -> Option<Subscribe> {
    let span = table.span();
    let raw = table.into_inner();
    let errors_before = diags.error_count();
    let known = Provider::NAMES
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let provider = match &raw.provider {
        None => {
            diags.push(
                Diagnostic::error("`[subscribe]` has no `provider`")
                    .with_label(Label::span(file, span.clone(), "`provider` is required"))
                    .with_help(format!(
                        "add a line such as: provider = \"buttondown\" (one of {known})"
                    )),
            );
            return None;
        }
        Some(name) => match Provider::parse(name.get_ref()) {
            Some(provider) => provider,
            None => {
                let help = match did_you_mean(name.get_ref(), Provider::NAMES.iter().copied()) {
                    Some(guess) => format!("did you mean \"{guess}\"? Providers: {known}"),
                    None => format!("use one of {known}; \"custom\" takes any form `action`"),
                };
                diags.push(value_error(
                    file,
                    name.span(),
                    &format!("unknown subscribe provider {:?}", name.get_ref()),
                    &help,
                ));
                return None;
            }
        },
    };
    let needs_name = provider != Provider::Custom;
    if let (false, Some(name)) = (needs_name, &raw.name) {
        diags.push(value_error(
            file,
            name.span(),
            "`name` is not used by provider = \"custom\"",
            "remove it; a custom form posts to its `action`",
        ));
    }
    if let (true, Some(action)) = (needs_name, &raw.action) {
        diags.push(value_error(
            file,
            action.span(),
            &format!(
                "`action` is only for provider = \"custom\", not \"{}\"",
                provider.name()
            ),
            "remove it: the form posts to the provider's endpoint, made from `name`",
        ));
    }
    let action = match provider {
        Provider::Custom => match &raw.action {
            Some(action) if is_http_url(action.get_ref()) => action.get_ref().clone(),
            Some(action) => {
                diags.push(value_error(
                    file,
                    action.span(),
                    &format!(
                        "subscribe `action` {:?} is not an http(s) URL",
                        action.get_ref()
                    ),
                    "give the absolute URL the provider's embed form posts to",
                ));
                String::new()
            }
            None => {
                diags.push(
                    Diagnostic::error("`[subscribe]` with provider = \"custom\" has no `action`")
                        .with_label(Label::span(file, span.clone(), "`action` is required"))
                        .with_help("add the URL the provider's embed form posts to, e.g. action = \"https://example.org/subscribe\""),
                );
                String::new()
            }
        },
        _ => match &raw.name {
            Some(name) => match provider_action(provider, name.get_ref().trim()) {
                Ok(action) => action,
                Err(help) => {
                    diags.push(value_error(
                        file,
                        name.span(),
                        &format!("{:?} is not a {} name", name.get_ref(), provider.name()),
                        &help,
                    ));
                    String::new()
                }
            },
            None => {
                let example = match provider {
                    Provider::Buttondown => "your Buttondown username, as in buttondown.com/NAME",
                    Provider::Substack => "your publication's subdomain, as in NAME.substack.com",
                    _ => "your Ghost site, as in NAME.ghost.io or https://news.example.org",
                };
                diags.push(
                    Diagnostic::error(format!(
                        "`[subscribe]` with provider = \"{}\" has no `name`",
                        provider.name()
                    ))
                    .with_label(Label::span(file, span.clone(), "`name` is required"))
                    .with_help(format!("add name = \"...\": {example}")),
                );
                String::new()
            }
        },
    };
    let email_field = match (&raw.email_field, provider) {
        (Some(field), Provider::Ghost) => {
            diags.push(value_error(
                file,
                field.span(),
                "`email_field` is not used by provider = \"ghost\"",
                "remove it: Ghost's signup screen asks for the address itself",
            ));
            None
        }
        (None, Provider::Ghost) => None,
        (None, _) => Some("email".to_string()),
        (Some(field), _) => {
            let name = field.get_ref();
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'));
            if !valid {
                diags.push(value_error(
                    file,
                    field.span(),
                    &format!("`email_field` {name:?} is not a form field name"),
                    "use the name of the provider's email input, such as \"email\" or \"EMAIL\"",
                ));
            }
            Some(name.clone())
        }
    };
    if diags.error_count() > errors_before {
        return None;
    }
    // Ghost's button leaves the site: say where to.
    let host = action.split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    });
    let button_default = match provider {
        Provider::Ghost => format!("Subscribe on {host}"),
        _ => "Subscribe".to_string(),
    };
    let text = |value: Option<String>, default: &str| {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| default.to_string())
    };
    Some(Subscribe {
        provider,
        method: if provider == Provider::Ghost {
            "get"
        } else {
            "post"
        },
        action,
        email_field,
        title: text(raw.title, "Get new essays by email"),
        description: raw
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        label: text(raw.label, "Email address"),
        button: text(raw.button, &button_default),
    })
}

/// The form action of a named account, or help on what a name looks like.
fn provider_action(provider: Provider, name: &str) -> Result<String, String> {
    let is_subdomain = |name: &str| {
        !name.is_empty()
            && name.len() <= 63
            && !name.starts_with('-')
            && !name.ends_with('-')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    // A publication on its own domain: `https://news.example.org`.
    let site = (is_http_url(name) && !name.contains(['?', '#']))
        .then(|| name.trim_end_matches('/').to_string());
    match provider {
        Provider::Buttondown => {
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if valid {
                Ok(format!(
                    "https://buttondown.com/api/emails/embed-subscribe/{name}"
                ))
            } else {
                Err("use your Buttondown username, as in buttondown.com/NAME".into())
            }
        }
        Provider::Substack => match site {
            Some(site) => Ok(format!("{site}/api/v1/free?nojs=true")),
            None if is_subdomain(name) => Ok(format!(
                "https://{name}.substack.com/api/v1/free?nojs=true"
            )),
            None => Err(
                "use the publication's subdomain, as in NAME.substack.com, or its custom domain as https://…"
                    .into(),
            ),
        },
        Provider::Ghost => match site {
            Some(site) => Ok(format!("{site}/#/portal/signup")),
            None if is_subdomain(name) => Ok(format!("https://{name}.ghost.io/#/portal/signup")),
            None => Err(
                "use the site's ghost.io subdomain, as in NAME.ghost.io, or its address as https://…"
                    .into(),
            ),
        },
        Provider::Custom => unreachable!("a custom form has an action, not a name"),
    }
}

fn value_error(
    file: &Arc<SourceFile>,
    span: Range<usize>,
    message: &str,
    help: &str,
) -> Diagnostic {
    Diagnostic::error(message)
        .with_label(Label::span(file, span, ""))
        .with_help(help)
}

fn missing_key(file: &Arc<SourceFile>, span: Range<usize>, key: &str, example: &str) -> Diagnostic {
    Diagnostic::error(format!("site.toml has no `{key}`"))
        .with_label(Label::span(file, span, format!("`{key}` is required")))
        .with_help(format!("add a line such as: {example}"))
}

/// The span of the first `needle` from `within.start` on, or `within`
/// itself: where a value sits, for a diagnostic.
pub fn find_in(file: &SourceFile, within: Range<usize>, needle: &str) -> Range<usize> {
    file.text
        .get(within.start..)
        .and_then(|text| text.find(needle))
        .map_or(within.clone(), |i| {
            within.start + i..within.start + i + needle.len()
        })
}

/// True for `http://` and `https://` URLs with a host.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(rest) if !rest.is_empty() && !rest.starts_with('/'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn normalize_base_url(url: &str) -> Result<String, &'static str> {
    if !is_http_url(url) {
        return Err("is not an absolute http(s) URL");
    }
    if url.contains(['?', '#']) {
        return Err("must not have a query or fragment");
    }
    // `https://x.org//news` (a variable ending in `/` joined with `/`) is
    // `https://x.org/news/`: a `//` in a link would name another host.
    let (scheme, rest) = url.split_once("://").expect("checked by is_http_url");
    let mut url = format!("{scheme}://");
    let mut previous_slash = false;
    for c in rest.chars() {
        if c == '/' && previous_slash {
            continue;
        }
        previous_slash = c == '/';
        url.push(c);
    }
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or("", |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Turns a TOML parse error into a diagnostic at the right place of `file`.
///
/// `offset` is where the TOML text starts inside the file (front matter sits
/// after a `+++` line); `what` names the document ("site.toml", "front
/// matter"); `keys` are the valid keys, for "did you mean" hints.
pub fn toml_diagnostic(
    file: &Arc<SourceFile>,
    offset: usize,
    error: &toml::de::Error,
    what: &str,
) -> Diagnostic {
    let span = error
        .span()
        .map_or(offset..offset, |s| s.start + offset..s.end + offset);
    let message = error.message().trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        // serde names the valid fields of the table the key is in.
        let keys: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let known = keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match (did_you_mean(key, keys.iter().copied()), keys.is_empty()) {
            (Some(suggestion), _) => {
                format!("did you mean `{suggestion}`? Valid keys here: {known}")
            }
            (None, false) => format!("remove it, or use one of: {known}"),
            (None, true) => "remove it: this table takes no keys".to_string(),
        };
        return Diagnostic::error(format!("unknown key `{key}` in {what}"))
            .with_label(Label::span(file, span, "not a known key"))
            .with_help(help);
    }
    Diagnostic::error(format!("invalid {what}: {message}"))
        .with_label(Label::span(file, span, ""))
        .with_help(format!("fix the TOML syntax of {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, Diagnostics> {
        parse(&SourceFile::new("site.toml", text), &Options::default())
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let config = parse_str("title = \"T\"\nbase_url = \"https://example.org\"\n").unwrap();
        assert_eq!(config.base_url, "https://example.org/");
        assert_eq!(config.base_path, "/");
        assert_eq!(config.paginate, 10);
        assert_eq!(config.permalink.pattern, "/essays/{slug}/");
        assert_eq!(
            config.absolute_url("/essays/x/"),
            "https://example.org/essays/x/"
        );
    }

    #[test]
    fn base_url_slashes_are_collapsed() {
        let config = parse_str("title = \"T\"\nbase_url = \"https://x.org//news//\"\n").unwrap();
        assert_eq!(config.base_url, "https://x.org/news/");
        assert_eq!(config.base_path, "/news/");
        let config = parse_str("title = \"T\"\nbase_url = \"https://x.org//\"\n").unwrap();
        assert_eq!(config.base_path, "/");
    }

    #[test]
    fn base_url_with_a_path() {
        let config = parse_str("title = \"T\"\nbase_url = \"https://u.github.io/news\"\n").unwrap();
        assert_eq!(config.base_path, "/news/");
        assert_eq!(config.site_path("essays/x/"), "/news/essays/x/");
        assert_eq!(
            config.absolute_url("/news/essays/x/"),
            "https://u.github.io/news/essays/x/"
        );
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err =
            parse_str("title = \"T\"\nbase_url = \"https://e.org\"\npaginte = 3\n").unwrap_err();
        let text = err.to_plain_string();
        assert!(
            text.contains("unknown key `paginte` in site.toml"),
            "{text}"
        );
        assert!(text.contains("site.toml:3:1"), "{text}");
        assert!(text.contains("did you mean `paginate`?"), "{text}");
    }

    #[test]
    fn unknown_support_key_is_an_error() {
        let err =
            parse_str("title = \"T\"\nbase_url = \"https://e.org\"\n[support]\nmesage = \"x\"\n")
                .unwrap_err();
        assert!(err.to_plain_string().contains("site.toml:4:1"), "{err}");
    }

    #[test]
    fn permalink_patterns() {
        assert!(Permalink::parse("/{year}/{month}/{slug}/").is_ok());
        assert!(Permalink::parse("/essays/").is_err());
        assert!(Permalink::parse("/x/{slug}").is_err());
        assert!(Permalink::parse("/{week}/{slug}/").is_err());
        assert!(Permalink::parse("/../{slug}/").is_err());
        assert!(Permalink::parse("/Essays/{slug}/").is_err());
    }

    fn subscribe_of(table: &str) -> Result<Subscribe, String> {
        parse_str(&format!(
            "title = \"T\"\nbase_url = \"https://e.org\"\n[subscribe]\n{table}"
        ))
        .map(|c| c.subscribe.expect("a [subscribe] table"))
        .map_err(|e| e.to_plain_string())
    }

    #[test]
    fn subscribe_endpoints_per_provider() {
        let form =
            subscribe_of("provider = \"buttondown\"\nname = \"global-geopolitics\"\n").unwrap();
        assert_eq!(
            form.action,
            "https://buttondown.com/api/emails/embed-subscribe/global-geopolitics"
        );
        assert_eq!(
            (form.method, form.email_field.as_deref()),
            ("post", Some("email"))
        );
        let form = subscribe_of("provider = \"substack\"\nname = \"geo\"\n").unwrap();
        assert_eq!(
            form.action,
            "https://geo.substack.com/api/v1/free?nojs=true"
        );
        let form =
            subscribe_of("provider = \"substack\"\nname = \"https://news.e.org/\"\n").unwrap();
        assert_eq!(form.action, "https://news.e.org/api/v1/free?nojs=true");
        let form = subscribe_of("provider = \"ghost\"\nname = \"geo\"\n").unwrap();
        assert_eq!(form.action, "https://geo.ghost.io/#/portal/signup");
        assert_eq!((form.method, form.email_field), ("get", None));
        let form = subscribe_of(
            "provider = \"custom\"\naction = \"https://x.us1.list-manage.com/subscribe/post?u=1\"\nemail_field = \"EMAIL\"\nbutton = \"Join\"\n",
        )
        .unwrap();
        assert_eq!(form.email_field.as_deref(), Some("EMAIL"));
        assert_eq!(
            (form.button.as_str(), form.label.as_str()),
            ("Join", "Email address")
        );
    }

    #[test]
    fn subscribe_errors_name_the_line() {
        let err = subscribe_of("provider = \"buttondwn\"\nname = \"x\"\n").unwrap_err();
        assert!(
            err.contains("unknown subscribe provider \"buttondwn\""),
            "{err}"
        );
        assert!(err.contains("site.toml:4:12"), "{err}");
        assert!(err.contains("did you mean \"buttondown\"?"), "{err}");
        let err = subscribe_of("provider = \"substack\"\n").unwrap_err();
        assert!(err.contains("has no `name`"), "{err}");
        assert!(err.contains("site.toml:3:"), "{err}");
        let err = subscribe_of("provider = \"custom\"\n").unwrap_err();
        assert!(err.contains("has no `action`"), "{err}");
        let err = subscribe_of("name = \"x\"\n").unwrap_err();
        assert!(err.contains("has no `provider`"), "{err}");
        let err = subscribe_of("provider = \"substack\"\nname = \"Not Valid\"\n").unwrap_err();
        assert!(err.contains("site.toml:5:8"), "{err}");
        let err =
            subscribe_of("provider = \"buttondown\"\nname = \"x\"\naction = \"https://e.org/\"\n")
                .unwrap_err();
        assert!(err.contains("only for provider = \"custom\""), "{err}");
        let err = subscribe_of("provider = \"ghost\"\nname = \"x\"\nemail_field = \"email\"\n")
            .unwrap_err();
        assert!(err.contains("not used by provider = \"ghost\""), "{err}");
        let err = subscribe_of("provider = \"buttondown\"\nnme = \"x\"\n").unwrap_err();
        assert!(err.contains("did you mean `name`?"), "{err}");
    }

    #[test]
    fn rejects_non_http_urls() {
        assert!(is_http_url("https://example.org"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("ftp://x.org"));
    }
}
