//! Watching the site for `serve`: file-system events -> [`Changes`].
//!
//! Watches `content/`, `themes/`, `templates/` and `static/` (recursively,
//! each when it exists) and the site folder itself (not recursively, for
//! `site.toml` and for those folders appearing or going). Events are
//! debounced for [`DEBOUNCE`] (notify-debouncer-full, which also pairs the
//! two halves of a rename, as editors' "save to a temporary file, then
//! rename" produces), then [`classify`]-ed into a [`ChangeKind`] each.
//! Editor leftovers (see [`crate::content::is_ignored`]), reads, the output
//! folder and anything else in the site folder are dropped.
//!
//! The only module that knows `notify`.
//!
//! May use: `content` (which names are editor leftovers).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// The folders of a site that `serve` watches, relative to its root.
pub const WATCHED_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];

/// How long the watcher waits for a burst of events to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// What one changed path means for the build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A file under `content/`: an essay, a page or a bundle asset.
    Content(PathBuf),
    /// A template: under `templates/` or `themes/` (but a theme's `static/`).
    Template,
    /// A file under `static/` or `themes/<name>/static/`.
    Static(PathBuf),
    /// `site.toml`.
    Config,
}

/// A batch of changes, ready for a rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// What changed, without repeats, sorted.
    pub kinds: BTreeSet<ChangeKind>,
    /// The paths on disk, without repeats, sorted.
    pub paths: BTreeSet<PathBuf>,
    /// Events were lost (the watcher asked for a rescan): anything may have changed.
    pub rescan: bool,
}

impl Changes {
    /// True when nothing that matters changed.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && !self.rescan
    }

    /// Adds another batch to this one.
    pub fn merge(&mut self, other: Changes) {
        self.kinds.extend(other.kinds);
        self.paths.extend(other.paths);
        self.rescan |= other.rescan;
    }

    /// Records one changed path; false when it does not matter.
    pub fn add(&mut self, root: &Path, path: &Path) -> bool {
        match classify(root, path) {
            Some(kind) => {
                self.kinds.insert(kind);
                self.paths.insert(path.to_path_buf());
                true
            }
            None => false,
        }
    }

    /// True when only stylesheets changed, so open pages can swap them
    /// instead of reloading.
    pub fn only_stylesheets(&self) -> bool {
        !self.rescan
            && !self.kinds.is_empty()
            && self.kinds.iter().all(|kind| {
                matches!(kind, ChangeKind::Static(path)
                    if path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("css")))
            })
    }

    /// The changed paths, for `Rebuilder::rebuild` (empty after a rescan:
    /// "anything may have changed").
    pub fn rebuild_paths(&self) -> Vec<PathBuf> {
        if self.rescan {
            Vec::new()
        } else {
            self.paths.iter().cloned().collect()
        }
    }

    /// The changed paths relative to `root`, for the terminal (at most a few).
    pub fn describe(&self, root: &Path) -> String {
        if self.rescan {
            return "files (the watcher lost track; rebuilding everything)".to_string();
        }
        let names: Vec<String> = self
            .paths
            .iter()
            .map(|path| {
                path.strip_prefix(root)
                    .unwrap_or(path)
                    .display()
                    .to_string()
            })
            .collect();
        match names.len() {
            0..=3 => names.join(", "),
            n => format!("{}, {} and {} more", names[0], names[1], n - 2),
        }
    }
}

/// What a changed `path` under the site folder `root` means, or `None` when
/// it does not matter for the build (outside the watched folders, an editor
/// leftover, the output folder).
pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let relative = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy()),
            _ => return None,
        }
    }
    if parts.iter().any(|part| is_leftover(part)) {
        return None;
    }
    let parts: Vec<&str> = parts.iter().map(|part| part.as_ref()).collect();
    match parts.as_slice() {
        ["site.toml"] => Some(ChangeKind::Config),
        ["content", ..] => Some(ChangeKind::Content(path.to_path_buf())),
        ["static", ..] | ["themes", _, "static", ..] => {
            Some(ChangeKind::Static(path.to_path_buf()))
        }
        ["templates", ..] | ["themes", ..] => Some(ChangeKind::Template),
        // `public/` (the output folder), `target/`, README.md, ...
        _ => None,
    }
}

/// Editor and system leftovers: what `content` ignores, plus the numbered
/// file Vim creates to test whether a folder is writable (`4913`).
fn is_leftover(name: &str) -> bool {
    crate::content::is_ignored(name)
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

/// The changes a batch of debounced events describes.
fn changes_of(root: &Path, events: &[notify::Event]) -> Changes {
    let mut changes = Changes::default();
    for event in events {
        if event.need_rescan() {
            changes.rescan = true;
            continue;
        }
        // Reads (our own builds open every file) and meta events change nothing.
        if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
            continue;
        }
        for path in &event.paths {
            changes.add(root, path);
        }
    }
    changes
}

/// Watches a site; dropping it stops watching.
pub struct SiteWatcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl std::fmt::Debug for SiteWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteWatcher")
            .field("root", &self.root)
            .field("watched", &self.watched)
            .finish_non_exhaustive()
    }
}

impl SiteWatcher {
    /// Starts watching the site folder `root` (an absolute, canonical path);
    /// each batch of changes that matters is sent to `sender`.
    pub fn start(root: &Path, sender: Sender<Changes>) -> Result<Self, notify::Error> {
        let events_root = root.to_path_buf();
        // Check for settled events every 10 ms (the default is a quarter of
        // the timeout): a saved file shows up sooner.
        let tick = Some(DEBOUNCE / 5);
        let debouncer = new_debouncer(DEBOUNCE, tick, move |result: DebounceEventResult| {
            let changes = match result {
                Ok(events) => {
                    let events: Vec<notify::Event> = events
                        .into_iter()
                        .map(|debounced| debounced.event)
                        .collect();
                    changes_of(&events_root, &events)
                }
                // An error (a watch limit, a folder gone) may hide changes.
                Err(_) => Changes {
                    rescan: true,
                    ..Changes::default()
                },
            };
            if !changes.is_empty() {
                let _ = sender.send(changes);
            }
        })?;
        let mut watcher = Self {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        watcher
            .debouncer
            .watch(&watcher.root, RecursiveMode::NonRecursive)?;
        watcher.refresh();
        Ok(watcher)
    }

    /// Watches the folders of [`WATCHED_DIRS`] that appeared since the last
    /// call and forgets those that went. Call after each batch of changes.
    pub fn refresh(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            let watched = self.watched.contains(&dir);
            if exists && !watched {
                if self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else if !exists && watched {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<ChangeKind> {
        classify(Path::new("/site"), &Path::new("/site").join(path))
    }

    #[test]
    fn classifies_each_watched_folder() {
        assert_eq!(kind("site.toml"), Some(ChangeKind::Config));
        assert_eq!(
            kind("content/essays/x.md"),
            Some(ChangeKind::Content("/site/content/essays/x.md".into()))
        );
        assert_eq!(
            kind("content/essays/arctic/map.svg"),
            Some(ChangeKind::Content(
                "/site/content/essays/arctic/map.svg".into()
            ))
        );
        assert_eq!(kind("templates/essay.html"), Some(ChangeKind::Template));
        assert_eq!(
            kind("themes/default/templates/base.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            kind("static/style.css"),
            Some(ChangeKind::Static("/site/static/style.css".into()))
        );
        assert_eq!(
            kind("themes/default/static/cite.js"),
            Some(ChangeKind::Static(
                "/site/themes/default/static/cite.js".into()
            ))
        );
        // The folders themselves (created or removed).
        assert_eq!(
            kind("content"),
            Some(ChangeKind::Content("/site/content".into()))
        );
        assert_eq!(kind("themes"), Some(ChangeKind::Template));
    }

    #[test]
    fn ignores_leftovers_output_and_other_files() {
        for path in [
            "content/essays/.x.md.swp",
            "content/essays/x.md~",
            "content/essays/.#x.md",
            "content/essays/#x.md#",
            "content/essays/x.md.tmp",
            "content/essays/4913",
            "content/.git/HEAD",
            "static/.DS_Store",
            "public/index.html",
            "public/essays/x/index.html",
            "target/debug/cable",
            "README.md",
            "site.toml~",
            ".site.toml.swp",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
        assert_eq!(
            classify(Path::new("/site"), Path::new("/elsewhere/x.md")),
            None
        );
        assert_eq!(classify(Path::new("/site"), Path::new("/site")), None);
    }

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        paths.iter().fold(notify::Event::new(kind), |event, path| {
            event.add_path(Path::new("/site").join(path))
        })
    }

    #[test]
    fn batches_drop_reads_and_repeats() {
        use notify::event::{AccessKind, CreateKind, DataChange, ModifyKind, RenameMode};
        let events = [
            event(EventKind::Access(AccessKind::Any), &["content/essays/a.md"]),
            event(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                &["content/essays/x.md"],
            ),
            event(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                &["content/essays/x.md"],
            ),
            // An editor's atomic save: write a leftover, rename it over the file.
            event(
                EventKind::Create(CreateKind::File),
                &["content/essays/.x.md.tmp"],
            ),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["content/essays/.x.md.tmp", "content/essays/y.md"],
            ),
        ];
        let changes = changes_of(Path::new("/site"), &events);
        assert_eq!(
            changes.kinds.into_iter().collect::<Vec<_>>(),
            [
                ChangeKind::Content("/site/content/essays/x.md".into()),
                ChangeKind::Content("/site/content/essays/y.md".into()),
            ]
        );
        assert!(!changes.rescan);

        let reads_only = [event(
            EventKind::Access(AccessKind::Any),
            &["content/essays/a.md"],
        )];
        assert!(changes_of(Path::new("/site"), &reads_only).is_empty());
    }

    #[test]
    fn only_stylesheets() {
        let root = Path::new("/site");
        let mut changes = Changes::default();
        assert!(!changes.only_stylesheets());
        changes.add(root, &root.join("static/style.css"));
        changes.add(root, &root.join("themes/default/static/print.CSS"));
        assert!(changes.only_stylesheets());
        let mut more = Changes::default();
        more.add(root, &root.join("static/cite.js"));
        changes.merge(more);
        assert!(!changes.only_stylesheets());

        let mut template = Changes::default();
        template.add(root, &root.join("templates/base.html"));
        assert!(!template.only_stylesheets());
        assert_eq!(template.rebuild_paths(), [root.join("templates/base.html")]);
    }

    #[test]
    fn describes_a_few_paths() {
        let root = Path::new("/site");
        let mut changes = Changes::default();
        changes.add(root, &root.join("content/a.md"));
        assert_eq!(changes.describe(root), "content/a.md");
        for name in ["b", "c", "d"] {
            changes.add(root, &root.join(format!("content/{name}.md")));
        }
        assert_eq!(
            changes.describe(root),
            "content/a.md, content/b.md and 2 more"
        );
    }
}
