//! The HTTP side of `serve`: the site's files from the in-memory
//! [`Output`](crate::output::Output), over axum.
//!
//! - Request paths are decoded segment by segment; a segment that decodes
//!   to `.`, `..`, or holds `/`, `\` or NUL, an empty segment (`//`) and an
//!   invalid escape all get the 404 page. The path is only ever a key of the
//!   output map, never joined to a folder on disk; files the map says to copy
//!   from disk are read only from the path the map gives, and only when that
//!   path (symlinks resolved) lies inside the site folder.
//! - `/dir/` serves `dir/index.html`; `/dir` redirects (308) to `/dir/`
//!   when that exists; a miss gets the site's `404.html` with status 404.
//! - Everything lives under the base path (`--base-url https://x/news/` ->
//!   `/news/`); `/` and `/news` redirect to `/news/`.
//! - GET and HEAD only; `Cache-Control: no-store` everywhere, so a reload
//!   always shows the latest build; HTML gets the live-reload script.
//!
//! May use: `output`.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use axum::routing::get;

use super::{Shared, reload};
use crate::output::{Contents, is_safe_path};
use crate::render::StaticFile;

/// The server's routes: the live-reload endpoints, then the site.
pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(reload::EVENTS_PATH, get(reload::events))
        .route(reload::SCRIPT_PATH, get(reload::script))
        .route(reload::WORKER_PATH, get(reload::worker))
        .fallback(site)
        .with_state(shared)
}

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// This key of the output map.
    File(String),
    /// Redirect here (a folder without its trailing slash, the base path).
    Redirect(String),
    /// Nothing: the 404 page.
    NotFound,
}

/// Maps a raw (still percent-encoded) request path to a file of the site
/// under `base_path` (`/` or `/news/`); `exists` says whether the output has
/// a key.
pub fn resolve(raw: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let Some(rest) = raw.strip_prefix('/') else {
        return Resolved::NotFound;
    };
    let folder = rest.is_empty() || rest.ends_with('/');
    let mut segments = Vec::new();
    if !rest.is_empty() {
        for segment in rest.strip_suffix('/').unwrap_or(rest).split('/') {
            match decode_segment(segment) {
                Some(decoded) => segments.push(decoded),
                None => return Resolved::NotFound,
            }
        }
    }
    let base: Vec<&str> = base_path.split('/').filter(|s| !s.is_empty()).collect();
    let starts_with = |long: &[String], short: &[&str]| {
        long.len() >= short.len() && long.iter().zip(short).all(|(a, b)| a == b)
    };
    if !starts_with(&segments, &base) {
        // A parent of the base path (`/` while the site lives at `/news/`).
        let parent = segments.len() < base.len() && segments.iter().zip(&base).all(|(a, b)| a == b);
        return if parent {
            Resolved::Redirect(base_path.to_string())
        } else {
            Resolved::NotFound
        };
    }
    let relative = segments[base.len()..].join("/");
    if folder || relative.is_empty() {
        if relative.is_empty() && !folder {
            return Resolved::Redirect(base_path.to_string());
        }
        let key = if relative.is_empty() {
            "index.html".to_string()
        } else {
            format!("{relative}/index.html")
        };
        return if is_safe_path(&key) && exists(&key) {
            Resolved::File(key)
        } else {
            Resolved::NotFound
        };
    }
    if !is_safe_path(&relative) {
        return Resolved::NotFound;
    }
    if exists(&relative) {
        return Resolved::File(relative);
    }
    if exists(&format!("{relative}/index.html")) {
        return Resolved::Redirect(format!("{raw}/"));
    }
    Resolved::NotFound
}

/// One path segment, percent-decoded; `None` when it is empty, `.` or `..`,
/// holds a separator or NUL once decoded, or is not valid UTF-8.
fn decode_segment(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    let bad = decoded.is_empty()
        || decoded == "."
        || decoded == ".."
        || decoded.contains(['/', '\\', '\0']);
    (!bad).then_some(decoded)
}

/// The `Content-Type` of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// The bytes of an output file. Disk files are read only when they lie
/// inside `root` once symlinks are resolved.
fn read<'a>(contents: &'a Contents, root: &Path) -> Option<Cow<'a, [u8]>> {
    let path = match contents {
        Contents::Bytes(bytes) => return Some(Cow::Borrowed(bytes)),
        Contents::Static(StaticFile::Embedded(bytes)) => return Some(Cow::Borrowed(bytes)),
        Contents::Static(StaticFile::Disk(path)) | Contents::Asset(path) => path,
    };
    let real = std::fs::canonicalize(path).ok()?;
    if !real.starts_with(root) {
        return None;
    }
    std::fs::read(real).ok().map(Cow::Owned)
}

/// Everything that is not a live-reload endpoint.
async fn site(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = respond(StatusCode::METHOD_NOT_ALLOWED, "text/plain", Vec::new());
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let head = method == Method::HEAD;
    let state = shared.state();
    let Some(output) = state.output.as_deref() else {
        // No build has succeeded yet: a page that shows the overlay.
        let page = reload::inject(NOT_BUILT.as_bytes(), state.version);
        return strip(
            respond(StatusCode::SERVICE_UNAVAILABLE, content_type(".html"), page),
            head,
        );
    };
    let exists = |key: &str| output.files.contains_key(key);
    let response = match resolve(uri.path(), &shared.base_path, exists) {
        Resolved::File(key) => match read(&output.files[&key], &shared.root) {
            Some(bytes) => {
                let kind = content_type(&key);
                let body = if kind.starts_with("text/html") {
                    reload::inject(&bytes, state.version)
                } else {
                    bytes.into_owned()
                };
                respond(StatusCode::OK, kind, body)
            }
            None => not_found(output, state.version),
        },
        Resolved::Redirect(location) => {
            let location = match uri.query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            let mut response = respond(StatusCode::PERMANENT_REDIRECT, "text/plain", Vec::new());
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolved::NotFound => not_found(output, state.version),
    };
    strip(response, head)
}

/// Shown until the first build succeeds; the overlay tells why.
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>The site has not built yet</title></head><body><h1>The site has not built yet</h1>\
<p>See the errors in the terminal. This page reloads by itself once the build succeeds.</p>\
</body></html>";

fn not_found(output: &crate::output::Output, version: u64) -> Response {
    let body = match output.files.get("404.html") {
        Some(Contents::Bytes(page)) => reload::inject(page, version),
        _ => reload::inject(
            b"<!doctype html><title>Not found</title><h1>Not found</h1>",
            version,
        ),
    };
    respond(StatusCode::NOT_FOUND, content_type(".html"), body)
}

fn respond(status: StatusCode, kind: &'static str, body: Vec<u8>) -> Response {
    let length = body.len();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// For HEAD: the same headers (Content-Length included), no body.
fn strip(response: Response, head: bool) -> Response {
    if !head {
        return response;
    }
    let (parts, _) = response.into_parts();
    Response::from_parts(parts, Body::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: [&str; 5] = [
        "index.html",
        "essays/x/index.html",
        "essays/x/map.svg",
        "style.css",
        "a b/index.html",
    ];

    fn at(raw: &str, base: &str) -> Resolved {
        resolve(raw, base, |key| FILES.contains(&key))
    }

    fn file(key: &str) -> Resolved {
        Resolved::File(key.to_string())
    }

    #[test]
    fn folders_files_and_redirects() {
        assert_eq!(at("/", "/"), file("index.html"));
        assert_eq!(at("/essays/x/", "/"), file("essays/x/index.html"));
        assert_eq!(at("/essays/x/map.svg", "/"), file("essays/x/map.svg"));
        assert_eq!(at("/a%20b/", "/"), file("a b/index.html"));
        assert_eq!(
            at("/essays/x", "/"),
            Resolved::Redirect("/essays/x/".into())
        );
        assert_eq!(at("/essays/", "/"), Resolved::NotFound);
        assert_eq!(at("/essays/y/", "/"), Resolved::NotFound);
        assert_eq!(at("/style.css/", "/"), Resolved::NotFound);
    }

    #[test]
    fn base_path() {
        assert_eq!(at("/news/", "/news/"), file("index.html"));
        assert_eq!(at("/news/style.css", "/news/"), file("style.css"));
        assert_eq!(
            at("/news/essays/x", "/news/"),
            Resolved::Redirect("/news/essays/x/".into())
        );
        assert_eq!(at("/", "/news/"), Resolved::Redirect("/news/".into()));
        assert_eq!(at("/news", "/news/"), Resolved::Redirect("/news/".into()));
        assert_eq!(at("/style.css", "/news/"), Resolved::NotFound);
        assert_eq!(at("/newsx/", "/news/"), Resolved::NotFound);
        assert_eq!(at("/a/b/", "/a/b/"), file("index.html"));
        assert_eq!(at("/a/", "/a/b/"), Resolved::Redirect("/a/b/".into()));
        assert_eq!(at("/a/b", "/a/b/"), Resolved::Redirect("/a/b/".into()));
    }

    #[test]
    fn traversal_never_resolves() {
        for raw in [
            "/../style.css",
            "/essays/../style.css",
            "/essays/x/../../style.css",
            "/%2e%2e/style.css",
            "/%2E%2E/style.css",
            "/.%2e/style.css",
            "/essays%2fx%2fmap.svg",
            "/essays%2Fx/map.svg",
            "/..%2fstyle.css",
            "/essays\\..\\style.css",
            "/%5c..%5cstyle.css",
            "//style.css",
            "/essays//x/map.svg",
            "/./style.css",
            "/style.css%00",
            "/%00",
            "/%zz",
            "/%e2%28%a1",
            "style.css",
            "/%",
        ] {
            assert_eq!(at(raw, "/"), Resolved::NotFound, "{raw}");
        }
    }

    #[test]
    fn types() {
        assert_eq!(
            content_type("essays/x/index.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("feed.json"), "application/json");
        assert_eq!(content_type("a/B.PNG"), "image/png");
        assert_eq!(content_type("a/b.jpeg"), "image/jpeg");
        assert_eq!(content_type("a.gif"), "image/gif");
        assert_eq!(content_type("a.webp"), "image/webp");
        assert_eq!(content_type("a.avif"), "image/avif");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("f.woff"), "font/woff");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("x.wasm"), "application/wasm");
        assert_eq!(content_type("paper.pdf"), "application/pdf");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
