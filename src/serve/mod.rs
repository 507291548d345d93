//! `cable serve`: build with drafts, serve from memory, rebuild on change,
//! reload open tabs.
//!
//! 1. Bind the port first (127.0.0.1 by default), so the build knows its
//!    base URL: `http://127.0.0.1:PORT/` plus the path of `--base-url`, if
//!    given.
//! 2. Watch the site ([`watch`]), then build through a
//!    [`Rebuilder`] with drafts. The last good [`Output`] is kept in memory
//!    and served ([`http`]); nothing is written to disk, `public/` included.
//! 3. A thread waits for batches of changes, rebuilds through the same
//!    `Rebuilder` (passing the changed paths) and tells open tabs
//!    ([`reload`]): reload, swap stylesheets, or show the build's errors in
//!    an overlay (and in the terminal) while the last good build stays up.
//! 4. Ctrl-C (or SIGTERM) closes the live-reload streams and stops.
//!
//! May use: `pipeline`, `output`, `config`, `diagnostics`, `content`
//! (through `watch`).

pub mod http;
pub mod reload;
pub mod watch;

use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use tokio::sync::{broadcast, watch as signal};

use crate::config::Options;
use crate::diagnostics::{Diagnostic, Diagnostics, Label};
use crate::output::Output;
use crate::pipeline::{Built, Rebuilder};
use reload::{ErrorReport, Event};
use watch::{Changes, SiteWatcher};

/// The port `serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// What `cable serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holds site.toml).
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1 unless `--bind`).
    pub bind: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// `--base-url`: only its path is used (the site is served under it).
    pub base_url: Option<String>,
    /// Open the site in a browser once it is served.
    pub open: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            base_url: None,
            open: false,
        }
    }
}

/// What the server serves: the last good build and the last build's errors.
#[derive(Debug, Clone, Default)]
struct ServedState {
    /// The last good build (`None` until one succeeds).
    output: Option<Arc<Output>>,
    /// The errors of the last build, when it failed.
    error: Option<Arc<ErrorReport>>,
    /// Changes with every good build; pages carry it, so a tab can tell
    /// whether it is stale.
    version: u64,
}

/// What the HTTP handlers and the rebuild thread share.
#[derive(Debug)]
struct Shared {
    state: RwLock<ServedState>,
    /// One event per build, to every open tab.
    events: broadcast::Sender<Event>,
    /// Set to true when the server stops: ends the live-reload streams.
    shutdown: signal::Sender<bool>,
    /// The site folder, canonical: files on disk are served only from inside it.
    root: PathBuf,
    /// `/` or `/news/`.
    base_path: String,
}

impl Shared {
    fn state(&self) -> ServedState {
        self.state
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Takes a build's result: serves it, or keeps the last good build and
    /// shows the errors. Tells open tabs; returns how many there are.
    fn publish(&self, result: Result<Built, Diagnostics>, css_only: bool) -> Published {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        let mut previous = None;
        let (event, published) = match result {
            Ok(built) => {
                let recovered = state.error.take().is_some();
                let first = state.output.is_none();
                previous = state.output.replace(Arc::new(built.output));
                state.version += 1;
                let version = state.version;
                let published = Published::Built {
                    essays: built.essays,
                    pages: state.output.as_ref().map_or(0, |o| o.page_count()),
                    elapsed: built.elapsed,
                    warnings: built.warnings,
                    css: css_only && !recovered && !first,
                    tabs: 0,
                };
                if css_only && !recovered && !first {
                    (Event::Css { version }, published)
                } else {
                    (Event::Reload { version }, published)
                }
            }
            Err(diags) => {
                let report = Arc::new(ErrorReport::from_diagnostics(&diags));
                state.error = Some(Arc::clone(&report));
                let kept = state.output.is_some();
                (
                    Event::BuildError(report),
                    Published::Failed {
                        diags,
                        kept,
                        tabs: 0,
                    },
                )
            }
        };
        drop(state);
        let tabs = self.events.send(event).unwrap_or(0);
        // Freeing a large site's pages takes a while: not under the lock,
        // and only once the tabs are told.
        drop(previous);
        published.with_tabs(tabs)
    }
}

/// What a build gave, for the terminal.
enum Published {
    Built {
        essays: usize,
        pages: usize,
        elapsed: Duration,
        warnings: Diagnostics,
        css: bool,
        tabs: usize,
    },
    Failed {
        diags: Diagnostics,
        /// A good build is still served.
        kept: bool,
        tabs: usize,
    },
}

impl Published {
    fn with_tabs(mut self, n: usize) -> Self {
        match &mut self {
            Published::Built { tabs, .. } | Published::Failed { tabs, .. } => *tabs = n,
        }
        self
    }

    /// Prints the diagnostics and one line; `what` says why it was built.
    fn print(&self, what: &str, color: bool) {
        match self {
            Published::Built {
                essays,
                pages,
                elapsed,
                warnings,
                css,
                tabs,
            } => {
                warnings.print_to_stderr(color);
                let told = match (tabs, css) {
                    (0, _) => String::new(),
                    (n, true) => format!("; swapped stylesheets in {}", plural(*n, "tab")),
                    (n, false) => format!("; reloaded {}", plural(*n, "tab")),
                };
                println!(
                    "{what} {}, {} in {} ms{told}",
                    plural(*essays, "essay"),
                    plural(*pages, "page"),
                    elapsed.as_millis()
                );
            }
            Published::Failed { diags, kept, tabs } => {
                diags.print_to_stderr(color);
                let shown = match tabs {
                    0 => String::new(),
                    n => format!(" (shown in {})", plural(*n, "tab")),
                };
                let serving = if *kept {
                    "still serving the last good build"
                } else {
                    "the site will be served once it builds"
                };
                eprintln!(
                    "The build failed with {}{shown}; {serving}.",
                    plural(diags.error_count(), "error")
                );
            }
        }
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Runs `cable serve` until Ctrl-C. `Err` holds what stopped it from
/// starting (no site, port taken); build errors never stop it.
pub fn serve(options: &ServeOptions) -> Result<(), Diagnostics> {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let root = site_root(&options.root)?;
    let base_path = base_path(options.base_url.as_deref())?;
    let listener = bind(options.bind, options.port)?;
    let address = listener.local_addr().map_err(|error| {
        Diagnostics::from(Diagnostic::error(format!(
            "cannot read the server's address: {error}"
        )))
    })?;
    if !options.bind.is_loopback() {
        Diagnostics::from(
            Diagnostic::warning(format!(
                "serving on {}: other machines on the network can see the site, drafts included",
                options.bind
            ))
            .with_help("leave out --bind to serve on 127.0.0.1 only"),
        )
        .print_to_stderr(color);
    }
    let url = format!("http://{}{base_path}", display_host(address));

    let (sender, changes) = mpsc::channel();
    let watcher = SiteWatcher::start(&root, sender).map_err(|error| {
        Diagnostics::from(
            Diagnostic::error(format!(
                "cannot watch {} for changes: {error}",
                root.display()
            ))
            .with_help("on Linux, raise fs.inotify.max_user_watches if the limit was reached"),
        )
    })?;
    let mut rebuilder = Rebuilder::new(Options {
        root: root.clone(),
        drafts: true,
        base_url: Some(url.clone()),
        skip_search: true,
    });
    let (shutdown, _) = signal::channel(false);
    let shared = Arc::new(Shared {
        state: RwLock::new(ServedState {
            version: initial_version(),
            ..ServedState::default()
        }),
        events: broadcast::channel(16).0,
        shutdown,
        root: root.clone(),
        base_path,
    });
    shared
        .publish(rebuilder.rebuild(&[]), false)
        .print("Built", color);
    println!("Serving {} at {url} (drafts included)", root.display());
    println!("Watching content/, themes/, templates/, static/ and site.toml; press Ctrl-C to stop");

    let looping = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("cable-rebuild".into())
        .spawn(move || rebuild_loop(rebuilder, watcher, &changes, &looping, color))
        .map_err(|error| {
            Diagnostics::from(Diagnostic::error(format!(
                "cannot start the rebuild thread: {error}"
            )))
        })?;
    if options.open {
        open_browser(&url, color);
    }
    run_server(listener, shared).map_err(|error| {
        Diagnostics::from(Diagnostic::error(format!("the server stopped: {error}")))
    })?;
    println!("Stopped.");
    Ok(())
}

/// The canonical site folder, or the error `build` would give.
fn site_root(root: &Path) -> Result<PathBuf, Diagnostics> {
    match std::fs::canonicalize(root) {
        Ok(root) if root.join("site.toml").is_file() => Ok(root),
        _ => Err(crate::config::load(&Options {
            root: root.to_path_buf(),
            ..Options::default()
        })
        .err()
        .unwrap_or_else(|| {
            Diagnostics::from(Diagnostic::error(format!(
                "no site folder at {}",
                root.display()
            )))
        })),
    }
}

/// The path of `--base-url` (`/` without one): `https://x.org/news` -> `/news/`.
fn base_path(base_url: Option<&str>) -> Result<String, Diagnostics> {
    let Some(url) = base_url else {
        return Ok("/".to_string());
    };
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None if url.starts_with('/') => url,
        None => {
            return Err(Diagnostics::from(
                Diagnostic::error(format!("--base-url {url:?} is not a URL"))
                    .with_help("serve uses its path only: --base-url https://example.org/newsletter/ (or --base-url /newsletter/)"),
            ));
        }
    };
    if path.contains(['?', '#', '\\', ' ']) || path.split('/').any(|s| s == "." || s == "..") {
        return Err(Diagnostics::from(
            Diagnostic::error(format!("--base-url {url:?} has an unusable path"))
                .with_help("use a plain path such as /newsletter/"),
        ));
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    Ok(path)
}

/// Binds the port, with a hint when it is taken.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Diagnostics> {
    let address = SocketAddr::new(ip, port);
    let listener = TcpListener::bind(address).map_err(|error| {
        use std::io::ErrorKind;
        let diagnostic = match error.kind() {
            ErrorKind::AddrInUse => Diagnostic::error(format!(
                "port {port} on {ip} is already in use (another `cable serve`?)"
            ))
            .with_help(format!(
                "stop the other server, or pick another port: cable serve --port {}",
                port.wrapping_add(1).max(1024)
            )),
            ErrorKind::PermissionDenied => {
                Diagnostic::error(format!("not allowed to listen on port {port} of {ip}"))
                    .with_help(format!(
                        "ports below 1024 need privileges: cable serve --port {DEFAULT_PORT}"
                    ))
            }
            ErrorKind::AddrNotAvailable => {
                Diagnostic::error(format!("{ip} is not an address of this machine"))
                    .with_help("leave out --bind to serve on 127.0.0.1")
            }
            _ => Diagnostic::error(format!("cannot listen on {address}: {error}"))
                .with_help("pick another port with --port N (0 picks a free one)"),
        };
        Diagnostics::from(diagnostic)
    })?;
    listener.set_nonblocking(true).map_err(|error| {
        Diagnostics::from(Diagnostic::error(format!(
            "cannot listen on {address}: {error}"
        )))
    })?;
    Ok(listener)
}

/// `127.0.0.1:1111`; a wildcard address shows as the loopback one, which a
/// browser on this machine can open.
fn display_host(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", address.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", address.port()),
        _ => address.to_string(),
    }
}

/// Versions start from the clock, so the pages of an earlier `serve` in
/// an open tab are seen as stale once the new one is up.
fn initial_version() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |since| since.as_millis() as u64)
}

/// Waits for changes and rebuilds, until the process ends.
fn rebuild_loop(
    mut rebuilder: Rebuilder,
    mut watcher: SiteWatcher,
    changes: &Receiver<Changes>,
    shared: &Shared,
    color: bool,
) {
    let root = shared.root.clone();
    while let Ok(mut batch) = changes.recv() {
        // Everything that came in meanwhile goes into the same build.
        while let Ok(more) = changes.try_recv() {
            batch.merge(more);
        }
        watcher.refresh();
        let result = rebuilder.rebuild(&batch.rebuild_paths());
        shared.publish(result, batch.only_stylesheets()).print(
            &format!("Changed {}: rebuilt", batch.describe(&root)),
            color,
        );
    }
}

/// Opens `url` in the default browser; failing is only a warning.
fn open_browser(url: &str, color: bool) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let url = url.to_string();
    std::thread::spawn(move || {
        let status = std::process::Command::new(program)
            .arg(&url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        let problem = match status {
            Ok(status) if status.success() || cfg!(windows) => return,
            Ok(status) => format!("{program} failed ({status})"),
            Err(error) => format!("{program}: {error}"),
        };
        Diagnostics::from(
            Diagnostic::warning(format!("could not open a browser: {problem}"))
                .with_label(Label::path(program, ""))
                .with_help(format!("open {url} yourself")),
        )
        .print_to_stderr(color);
    });
}

/// Serves until Ctrl-C or SIGTERM, then ends the live-reload streams and
/// gives open connections a moment to finish.
fn run_server(listener: TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = http::router(Arc::clone(&shared));
        let mut stopped = shared.shutdown.subscribe();
        let stopping = Arc::clone(&shared);
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            stop_signal().await;
            stopping.shutdown.send_replace(true);
        });
        tokio::select! {
            result = server => result,
            () = async {
                let _ = stopped.wait_for(|stop| *stop).await;
                tokio::time::sleep(Duration::from_secs(2)).await;
            } => Ok(()),
        }
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path(None).unwrap(), "/");
        assert_eq!(base_path(Some("https://example.org")).unwrap(), "/");
        assert_eq!(
            base_path(Some("https://user.github.io/newsletter")).unwrap(),
            "/newsletter/"
        );
        assert_eq!(base_path(Some("/a/b/")).unwrap(), "/a/b/");
        assert!(base_path(Some("example.org")).is_err());
        assert!(base_path(Some("https://x.org/a/../b/")).is_err());
    }

    #[test]
    fn wildcard_addresses_show_as_loopback() {
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(display_host(any), "127.0.0.1:1111");
        let lan: SocketAddr = "192.168.1.5:8000".parse().unwrap();
        assert_eq!(display_host(lan), "192.168.1.5:8000");
        let v6: SocketAddr = "[::]:80".parse().unwrap();
        assert_eq!(display_host(v6), "[::1]:80");
    }

    #[test]
    fn a_taken_port_says_how_to_pick_another() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let error = bind(IpAddr::V4(Ipv4Addr::LOCALHOST), port)
            .unwrap_err()
            .to_plain_string();
        assert!(error.contains("already in use"), "{error}");
        assert!(error.contains("--port"), "{error}");
    }
}
