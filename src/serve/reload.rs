//! Live reload: the script `serve` injects into HTML pages, the Server-Sent
//! Events endpoint it listens to, and the error reports its overlay shows.
//!
//! 1. Every HTML response gets `<script src="/__cable/live.js"
//!    data-version="N">` before `</body>` ([`inject`]); `N` is the version of
//!    the build that served it.
//! 2. The script connects to `/__cable/events` (`events`), through a
//!    SharedWorker ([`WORKER`]) that holds one stream for all tabs. The stream opens
//!    with `hello {version}` (a page older than the current build reloads at
//!    once: no rebuild is missed between serving a page and connecting),
//!    then, when the last build failed, `build-error`.
//! 3. After each build, every open tab gets one [`Event`]: `reload` (reload,
//!    keeping the scroll position), `css` (swap the stylesheets, no reload)
//!    or `build-error` (show an overlay with file:line:column and message,
//!    set as text, never as HTML, until the next good build reloads).
//!
//! May use: `diagnostics`.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::sse::{self, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;

use super::Shared;
use crate::diagnostics::{Diagnostics, Severity};

/// Where the injected script is served.
pub const SCRIPT_PATH: &str = "/__cable/live.js";
/// The Server-Sent Events endpoint.
pub const EVENTS_PATH: &str = "/__cable/events";
/// The client: reload, stylesheet swap, scroll position, error overlay.
pub const SCRIPT: &str = include_str!("reload.js");
/// Where the shared worker is served.
pub const WORKER_PATH: &str = "/__cable/worker.js";
/// A SharedWorker that holds one event stream for all the tabs of a browser
/// (browsers allow about six HTTP/1.1 connections per host; a stream per
/// tab would stall the seventh).
pub const WORKER: &str = include_str!("worker.js");

/// What open tabs are told after a build.
#[derive(Debug, Clone)]
pub enum Event {
    /// The site changed: reload.
    Reload {
        /// The new build's version.
        version: u64,
    },
    /// Only stylesheets changed: swap them without reloading.
    Css {
        /// The new build's version.
        version: u64,
    },
    /// The build failed: show the errors.
    BuildError(Arc<ErrorReport>),
}

/// A failed build, as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorReport {
    /// Every error, sorted by file and position.
    pub errors: Vec<ErrorItem>,
}

/// One error of a failed build.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorItem {
    /// `file:line:column`, when the error has a place.
    pub location: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The full diagnostic as the terminal shows it (the line, a caret, the hint).
    pub detail: String,
}

impl ErrorReport {
    /// The errors (not the warnings) of a failed build.
    pub fn from_diagnostics(diags: &Diagnostics) -> Self {
        let errors = diags
            .sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| ErrorItem {
                location: d.location_string(),
                message: d.message.clone(),
                detail: Diagnostics::from(d.clone())
                    .to_plain_string()
                    .trim_end()
                    .to_string(),
            })
            .collect();
        Self { errors }
    }
}

impl Event {
    fn to_sse(&self) -> sse::Event {
        let (name, data) = match self {
            Event::Reload { version } => ("reload", serde_json::json!({ "version": version })),
            Event::Css { version } => ("css", serde_json::json!({ "version": version })),
            Event::BuildError(report) => (
                "build-error",
                serde_json::to_value(report.as_ref()).unwrap_or_default(),
            ),
        };
        sse::Event::default().event(name).data(data.to_string())
    }
}

fn hello(version: u64) -> sse::Event {
    sse::Event::default()
        .event("hello")
        .data(serde_json::json!({ "version": version }).to_string())
}

/// `html` with the live-reload script before its last `</body>` (or at the
/// end, when it has none).
pub fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-version=\"{version}\"></script>\n");
    let at = html
        .windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// `GET /__cable/live.js`.
pub(super) async fn script() -> Response {
    javascript(SCRIPT)
}

/// `GET /__cable/worker.js`.
pub(super) async fn worker() -> Response {
    javascript(WORKER)
}

fn javascript(code: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        code,
    )
        .into_response()
}

/// `GET /__cable/events`: `hello`, the current error if any, then one event
/// per build until the server stops.
pub(super) async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<sse::Event, Infallible>>> {
    // Subscribe before reading the state: a build that lands in between is
    // then both in the state and in the stream, never in neither.
    let receiver = shared.events.subscribe();
    let shutdown = shared.shutdown.subscribe();
    let state = shared.state();
    let mut first = vec![hello(state.version)];
    if let Some(report) = state.error {
        first.push(Event::BuildError(report).to_sse());
    }
    let updates = stream::unfold(
        (receiver, shutdown),
        |(mut receiver, mut shutdown)| async move {
            let event = tokio::select! {
                received = receiver.recv() => match received {
                    Ok(event) => event.to_sse(),
                    // Too far behind to know what changed: reload.
                    Err(RecvError::Lagged(_)) => Event::Reload { version: 0 }.to_sse(),
                    Err(RecvError::Closed) => return None,
                },
                _ = shutdown.wait_for(|stop| *stop) => return None,
            };
            Some((event, (receiver, shutdown)))
        },
    );
    let stream = stream::iter(first).chain(updates).map(Ok);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Label, SourceFile};

    #[test]
    fn injects_before_the_last_body_tag() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, 7)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__cable/live.js\" data-version=\"7\"></script>\n</BODY></html>"
        );
        let bare = String::from_utf8(inject(b"<p>x</p>", 1)).unwrap();
        assert!(bare.starts_with("<p>x</p><script"), "{bare}");
    }

    #[test]
    fn reports_errors_with_their_place() {
        let file = SourceFile::new("content/essays/x.md", "+++\ntitle = \n+++\n");
        let mut diags = Diagnostics::new();
        diags.push(Diagnostic::warning("a source is never cited"));
        diags.push(
            Diagnostic::error("invalid <front matter>")
                .with_label(Label::span(&file, 12..13, "here"))
                .with_help("give the title a value"),
        );
        let report = ErrorReport::from_diagnostics(&diags);
        assert_eq!(report.errors.len(), 1, "warnings are left out");
        let error = &report.errors[0];
        assert_eq!(error.location.as_deref(), Some("content/essays/x.md:2:9"));
        assert_eq!(error.message, "invalid <front matter>");
        assert!(error.detail.contains("help: give the title a value"));
        let json = Event::BuildError(Arc::new(report)).to_sse();
        let _ = json; // the JSON escaping is serde_json's
    }
}
