//! Writing the output folder atomically.
//!
//! The whole site is written to a hidden sibling folder first; only when
//! every file is written is it renamed into place (the old folder is moved
//! aside, then deleted). A failed build therefore leaves the previous output
//! byte for byte as it was. Nothing is written outside the output folder:
//! every path was checked by [`super::is_safe_path`], and the output folder
//! may not be the site itself or hold its sources.
//!
//! May use: `render` (`StaticFile`), `config`, `diagnostics`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Contents, Output, is_safe_path};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Label};

/// Writes `output` to `dir`, replacing what was there only on success.
pub fn write(output: &Output, dir: &Path, config: &Config) -> Result<Diagnostics, Diagnostics> {
    let dir = absolute(dir);
    check_target(&dir, config)?;
    let parent = dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    let name = dir
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create", &e))?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.cable-new-{pid}"));
    let retired = parent.join(format!(".{name}.cable-old-{pid}"));
    for stale in [&staging, &retired] {
        if stale.exists() {
            std::fs::remove_dir_all(stale).map_err(|e| io_error(stale, "remove", &e))?;
        }
    }

    if let Err(diags) = write_tree(output, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(diags);
    }

    let had_previous = dir.exists();
    if had_previous && let Err(error) = std::fs::rename(&dir, &retired) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(io_error(&dir, "replace", &error));
    }
    if let Err(error) = std::fs::rename(&staging, &dir) {
        if had_previous {
            let _ = std::fs::rename(&retired, &dir);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(io_error(&dir, "replace", &error));
    }
    let mut warnings = Diagnostics::new();
    if had_previous && let Err(error) = std::fs::remove_dir_all(&retired) {
        warnings.push(
            Diagnostic::warning(format!("could not remove the previous output: {error}"))
                .with_label(Label::path(&retired, ""))
                .with_help("delete that folder by hand"),
        );
    }
    Ok(warnings)
}

fn write_tree(output: &Output, root: &Path) -> Result<(), Diagnostics> {
    let dirs: BTreeSet<&str> = output
        .files
        .keys()
        .filter_map(|path| path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    std::fs::create_dir_all(root).map_err(|e| io_error(root, "create", &e))?;
    for dir in dirs {
        let path = root.join(dir);
        std::fs::create_dir_all(&path).map_err(|e| io_error(&path, "create", &e))?;
    }
    let errors: Vec<Diagnostic> = output
        .files
        .par_iter()
        .filter_map(|(relative, contents)| {
            assert!(
                is_safe_path(relative),
                "output paths are checked when assembled"
            );
            let target = root.join(relative);
            let result = match contents {
                Contents::Bytes(bytes) => std::fs::write(&target, bytes),
                Contents::Static(file) => {
                    file.read().and_then(|bytes| std::fs::write(&target, bytes))
                }
                Contents::Asset(source) => std::fs::copy(source, &target).map(|_| ()),
            };
            result.err().map(|error| {
                let what = match contents {
                    Contents::Asset(source) => format!("cannot copy {}: {error}", source.display()),
                    _ => format!("cannot write {relative}: {error}"),
                };
                Diagnostic::error(what)
                    .with_help("check the disk space and the folder's permissions")
            })
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        let mut diags = Diagnostics::new();
        for error in errors {
            diags.push(error);
        }
        Err(diags)
    }
}

/// Refuses output folders whose replacement would destroy the site's sources.
fn check_target(dir: &Path, config: &Config) -> Result<(), Diagnostics> {
    let root = absolute(&config.root);
    let refuse = |why: &str| {
        Err(Diagnostics::from(
            Diagnostic::error(format!(
                "refusing to write the site into {}: {why}",
                dir.display()
            ))
            .with_help("choose an output folder of its own, such as public/ (the default)"),
        ))
    };
    if root.starts_with(dir) {
        return refuse("it contains the site itself");
    }
    for source in ["content", "static", "templates", "themes"] {
        if dir.starts_with(root.join(source)) {
            return refuse(&format!("it is inside the site's {source}/ folder"));
        }
    }
    if dir.exists() && !dir.is_dir() {
        return refuse("it is a file, not a folder");
    }
    Ok(())
}

/// `dir` made absolute and cleaned of `.` and `..`, without touching the disk.
fn absolute(dir: &Path) -> PathBuf {
    let joined = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(dir)
    };
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

fn io_error(path: &Path, action: &str, error: &std::io::Error) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::error(format!("cannot {action} {}: {error}", path.display()))
            .with_help("check the folder's permissions and the free disk space"),
    )
}
