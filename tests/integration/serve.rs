//! `cable serve`: the real binary on a free port of 127.0.0.1, over a copy
//! of a fixture site, talked to with raw HTTP/1.1 over TCP (so nothing
//! normalizes the paths the traversal test sends).
//!
//! Nothing here may hang: every read has a timeout, every wait a deadline,
//! and the server is killed when its [`Server`] is dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{CABLE, SiteTest};

/// How long a server may take to start, or a change to show.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `cable serve`, killed on drop.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/` (plus the base path).
    url: String,
    /// `127.0.0.1:PORT`.
    address: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// `cable serve --root ROOT --port 0 ARGS`, once it prints its URL.
    fn start(site: &SiteTest, args: &[&str]) -> Server {
        Self::start_with(site, args, &[])
    }

    /// [`Server::start`] with more environment variables.
    fn start_with(site: &SiteTest, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Server {
        let mut child = Command::new(CABLE)
            .arg("serve")
            .arg("--root")
            .arg(site.root())
            .args(["--port", "0"])
            .args(args)
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start cable serve");
        let (lines, receiver) = mpsc::channel();
        let stdout = collect(child.stdout.take().expect("piped stdout"), Some(lines));
        let stderr = collect(child.stderr.take().expect("piped stderr"), None);
        let mut server = Server {
            child,
            url: String::new(),
            address: String::new(),
            stdout,
            stderr,
        };
        server.url = server.wait_for_url(&receiver);
        let authority = server.url.trim_start_matches("http://");
        server.address = authority[..authority.find('/').unwrap_or(authority.len())].to_string();
        server
    }

    fn wait_for_url(&mut self, lines: &Receiver<String>) -> String {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            match lines.recv_timeout(Duration::from_millis(100)) {
                Ok(line) if line.starts_with("Serving ") => {
                    let at = line.find("http://").expect("a URL after Serving");
                    let url = line[at..].split_whitespace().next().unwrap_or_default();
                    return url.to_string();
                }
                Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Ok(Some(status)) = self.child.try_wait() {
                        panic!(
                            "cable serve exited ({status}) before serving\n{}",
                            self.log()
                        );
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("cable serve closed stdout before serving\n{}", self.log())
                }
            }
        }
        panic!("cable serve printed no URL in {PATIENCE:?}\n{}", self.log());
    }

    fn log(&self) -> String {
        format!(
            "--- stdout\n{}--- stderr\n{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }

    /// A site path under the server's base path (`essays/x/`).
    fn path(&self, path: &str) -> String {
        let base = &self.url[self.url.find(&self.address).unwrap() + self.address.len()..];
        format!("{base}{}", path.trim_start_matches('/'))
    }

    fn get(&self, path: &str) -> Response {
        request(&self.address, "GET", &self.path(path))
    }

    /// Waits until `GET path` gives a body for which `done` holds.
    fn wait_for_page(&self, path: &str, done: impl Fn(&str) -> bool) -> Response {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let response = self.get(path);
            if done(&response.text()) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never changed as expected; last body:\n{}\n{}",
                response.text(),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the server has printed `text` on stdout.
    fn wait_for_stdout(&self, text: &str) {
        self.wait_for_output(&self.stdout, text);
    }

    /// Waits until the server has printed `text` on stderr.
    fn wait_for_stderr(&self, text: &str) {
        self.wait_for_output(&self.stderr, text);
    }

    fn wait_for_output(&self, output: &Mutex<String>, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !output.lock().unwrap().contains(text) {
            assert!(
                Instant::now() < deadline,
                "the server never printed {text:?}\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn events(&self) -> Events {
        Events::connect(&self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads a pipe on a thread into a string (sending each line, if asked).
fn collect(
    pipe: impl Read + Send + 'static,
    lines: Option<mpsc::Sender<String>>,
) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            sink.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(lines) = &lines {
                let _ = lines.send(line);
            }
        }
    });
    text
}

/// An HTTP response.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request over a fresh connection, the target sent exactly as given.
fn request(address: &str, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(address).expect("connect to cable serve");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{method} {target}: {e}"));
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| {
            panic!(
                "{method} {target}: no headers in {:?}",
                String::from_utf8_lossy(&raw)
            )
        });
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("{method} {target}: bad status line in {head}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A connection to `/__cable/events`, decoded as it arrives.
struct Events {
    stream: TcpStream,
    raw: Vec<u8>,
    /// Where the undecoded chunked body starts in `raw` (`None`: headers not read yet).
    body_at: Option<usize>,
    decoded: String,
}

impl Events {
    fn connect(address: &str) -> Events {
        let mut stream = TcpStream::connect(address).expect("connect to cable serve");
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        write!(
            stream,
            "GET /__cable/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            stream,
            raw: Vec::new(),
            body_at: None,
            decoded: String::new(),
        };
        // Every stream opens with `hello`.
        events.next_event(PATIENCE).expect("a hello event");
        events
    }

    /// The next event as (name, data), skipping keep-alive comments.
    fn next_event(&mut self, patience: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + patience;
        loop {
            if let Some(end) = self.decoded.find("\n\n") {
                let block: String = self.decoded.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        name = value.trim().to_string();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push_str(value.trim_start());
                    }
                }
                if block
                    .lines()
                    .all(|line| line.starts_with(':') || line.is_empty())
                {
                    continue;
                }
                return Some((name, data));
            }
            if Instant::now() >= deadline {
                return None;
            }
            let mut buffer = [0u8; 8192];
            match self.stream.read(&mut buffer) {
                Ok(0) => return None,
                Ok(n) => {
                    self.raw.extend_from_slice(&buffer[..n]);
                    self.decode();
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("reading events: {e}"),
            }
        }
    }

    /// Waits for an event named `name` (skipping others); its data.
    fn wait_for(&mut self, name: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            match self.next_event(deadline - Instant::now()) {
                Some((event, data)) if event == name => return data,
                Some(other) => seen.push(other),
                None => break,
            }
        }
        panic!("no {name} event; saw {seen:?}");
    }

    /// Moves whole chunks of the chunked body from `raw` to `decoded`.
    fn decode(&mut self) {
        let mut at = match self.body_at {
            Some(at) => at,
            None => match self.raw.windows(4).position(|w| w == b"\r\n\r\n") {
                Some(end) => {
                    let head = String::from_utf8_lossy(&self.raw[..end]).to_lowercase();
                    assert!(head.starts_with("http/1.1 200"), "{head}");
                    assert!(head.contains("content-type: text/event-stream"), "{head}");
                    assert!(head.contains("transfer-encoding: chunked"), "{head}");
                    end + 4
                }
                None => return,
            },
        };
        while let Some(line_end) = self.raw[at..].windows(2).position(|w| w == b"\r\n") {
            let size_text = String::from_utf8_lossy(&self.raw[at..at + line_end]).into_owned();
            let size = usize::from_str_radix(size_text.trim(), 16).expect("a chunk size");
            let start = at + line_end + 2;
            if self.raw.len() < start + size + 2 {
                break;
            }
            self.decoded
                .push_str(&String::from_utf8_lossy(&self.raw[start..start + size]));
            at = start + size + 2;
        }
        self.body_at = Some(at);
    }
}

fn edit(root: &Path, path: &str, change: impl FnOnce(String) -> String) {
    let path = root.join(path);
    let text = std::fs::read_to_string(&path).expect("read a site file");
    std::fs::write(&path, change(text)).expect("write a site file");
}

/// The example-like fixture with a draft and static files of every kind.
fn site() -> SiteTest {
    SiteTest::fixture("example-like")
        .file(
            "content/essays/unfinished.md",
            "+++\ntitle = \"Unfinished thoughts\"\ndate = 2025-10-01\ndraft = true\n+++\n\nNot yet.\n",
        )
        .file_bytes("static/pixel.png", b"\x89PNG\r\n\x1a\n")
        .file_bytes("static/photo.jpg", b"\xff\xd8\xff")
        .file_bytes("static/fonts/body.woff2", b"wOF2")
        .file_bytes("static/app.wasm", b"\0asm")
        .file("static/extra.css", "p { color: black; }\n")
        .file("static/app.js", "console.log(1);\n")
        .file("static/data.json", "{}\n")
        .file("static/notes.txt", "notes\n")
        .file("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
}

#[test]
fn serves_pages_and_assets_with_their_types() {
    let site = site();
    let server = Server::start(&site, &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type(), "text/html; charset=utf-8");
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let html = home.text();
    assert!(
        html.contains("/__cable/live.js"),
        "live-reload script injected"
    );
    assert!(
        html.find("/__cable/live.js").unwrap() < html.rfind("</body>").unwrap(),
        "the script comes before </body>"
    );

    let essay = server.get("/essays/chips/").text();
    assert!(essay.contains("Chips and the strait"));
    assert!(
        essay.contains(&format!("{}essays/chips/", server.url)),
        "links use the server's URL as the base URL"
    );
    let draft = server.get("/essays/unfinished/");
    assert_eq!(draft.status, 200, "drafts are served");

    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/extra.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/logo.svg", "image/svg+xml"),
        ("/essays/red-sea/lanes.svg", "image/svg+xml"),
        ("/pixel.png", "image/png"),
        ("/photo.jpg", "image/jpeg"),
        ("/fonts/body.woff2", "font/woff2"),
        ("/app.wasm", "application/wasm"),
        ("/__cable/live.js", "text/javascript; charset=utf-8"),
        ("/__cable/worker.js", "text/javascript; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}\n{}", server.log());
        assert_eq!(response.content_type(), kind, "{path}");
    }
    assert_eq!(server.get("/pixel.png").body, b"\x89PNG\r\n\x1a\n");
    assert!(
        !server.get("/style.css").text().contains("__cable"),
        "only HTML gets the script"
    );
    assert!(!site.root().join("public").exists(), "serve writes nothing");
}

#[test]
fn head_redirects_404_and_methods() {
    let site = site();
    let server = Server::start(&site, &[]);

    let get = server.get("/essays/chips/");
    let head = request(&server.address, "HEAD", "/essays/chips/");
    assert_eq!(head.status, 200);
    assert_eq!(head.content_type(), "text/html; charset=utf-8");
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str()),
        "HEAD gives GET's length"
    );

    let redirect = server.get("/essays/chips");
    assert!([301, 308].contains(&redirect.status), "{}", redirect.status);
    assert_eq!(redirect.header("location"), Some("/essays/chips/"));
    let with_query = server.get("/essays/chips?x=1");
    assert_eq!(with_query.header("location"), Some("/essays/chips/?x=1"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.content_type(), "text/html; charset=utf-8");
    let not_found_page = server.get("/404.html").text();
    assert!(not_found_page.contains("There is no page at this address"));
    assert_eq!(missing.text(), not_found_page, "the site's own 404 page");
    assert_eq!(
        request(&server.address, "HEAD", "/no/such/page/").status,
        404
    );

    let post = request(&server.address, "POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[test]
fn path_traversal_gets_404() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET").unwrap();
    let site = site();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, site.root().join("static/leak.txt")).unwrap();
        std::os::unix::fs::symlink(&secret, site.root().join("content/essays/red-sea/leak.txt"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), site.root().join("static/outside")).unwrap();
    }
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/style.css").status, 200, "the server is up");
    let requests = [
        "/../site.toml",
        "/../../../../etc/passwd",
        "/essays/../../site.toml",
        "/essays/chips/../../../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/site.toml",
        "/%2e%2e%2fsite.toml",
        "/essays%2f..%2f..%2fsite.toml",
        "/essays%2Fchips%2Findex.html",
        "/..%5csite.toml",
        "/%5c..%5c..%5csite.toml",
        "/essays%5cchips%5cindex.html",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/index.html%00.css",
        "/%00",
        "/content/essays/chips.md",
        "/site.toml",
        "/leak.txt",
        "/essays/red-sea/leak.txt",
        "/outside/secret.txt",
        "/%252e%252e/site.toml",
    ];
    assert!(requests.len() >= 20);
    for target in requests {
        let response = request(&server.address, "GET", target);
        assert_eq!(response.status, 404, "GET {target}");
        let body = response.text();
        assert!(
            !body.contains("TOP SECRET") && !body.contains("base_url") && !body.contains("root:"),
            "GET {target} leaked a file:\n{body}"
        );
    }
}

#[test]
fn an_edited_essay_is_served_and_open_tabs_reload() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    let marker = "A sentence the server has not seen before (serve-test-4711).";
    edit(site.root(), "content/essays/chips.md", |text| {
        format!("{text}\n{marker}\n")
    });
    let data = events.wait_for("reload");
    assert!(data.contains("\"version\""), "{data}");
    let page = server.get("/essays/chips/").text();
    assert!(
        page.contains("serve-test-4711"),
        "new text served\n{}",
        server.log()
    );
    server.wait_for_stdout("content/essays/chips.md");
    assert!(!site.root().join("public").exists(), "serve writes nothing");
}

#[test]
fn a_stylesheet_change_swaps_css_without_reload() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    edit(site.root(), "static/extra.css", |text| {
        format!("{text}h1 {{ color: teal; }}\n")
    });
    events.wait_for("css");
    server.wait_for_page("/extra.css", |css| css.contains("teal"));
    // Anything else still reloads.
    edit(site.root(), "static/app.js", |text| {
        format!("{text}// more\n")
    });
    events.wait_for("reload");
}

#[test]
fn a_build_error_is_reported_and_the_last_good_build_stays() {
    let site = site();
    let server = Server::start(&site, &[]);
    let before = server.get("/essays/chips/").text();
    let mut events = server.events();

    // Line 3 of the file: the date is not a date.
    edit(site.root(), "content/essays/chips.md", |text| {
        text.replace("date = 2025-07-01T08:30:00+08:00", "date = \"someday\"")
    });
    let data = events.wait_for("build-error");
    let report: serde_json::Value = serde_json::from_str(&data).expect("JSON error data");
    let first = &report["errors"][0];
    let location = first["location"].as_str().unwrap_or_default();
    assert!(
        location.starts_with("content/essays/chips.md:3:"),
        "file:line:column in {data}"
    );
    assert!(!first["message"].as_str().unwrap_or_default().is_empty());
    server.wait_for_stderr("content/essays/chips.md:3:");

    let during = server.get("/essays/chips/");
    assert_eq!(during.status, 200, "the last good build is still served");
    assert_eq!(
        strip_script(&during.text()),
        strip_script(&before),
        "unchanged"
    );
    // A tab opened meanwhile learns of the error at once.
    let mut late = server.events();
    late.wait_for("build-error");

    edit(site.root(), "content/essays/chips.md", |text| {
        text.replace("date = \"someday\"", "date = 2025-07-01T08:30:00+08:00")
            .replace("Most advanced chips", "Fixed: most advanced chips")
    });
    events.wait_for("reload");
    late.wait_for("reload");
    assert!(
        server
            .get("/essays/chips/")
            .text()
            .contains("Fixed: most advanced chips")
    );
}

/// A page without the live-reload script (whose version changes per build).
fn strip_script(html: &str) -> String {
    html.lines()
        .filter(|line| !line.contains("/__cable/live.js"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_base_path_from_base_url_is_respected() {
    let site = site();
    let server = Server::start(&site, &["--base-url", "https://example.org/news/"]);
    assert!(server.url.ends_with("/news/"), "{}", server.url);
    let essay = request(&server.address, "GET", "/news/essays/chips/");
    assert_eq!(essay.status, 200);
    assert!(
        essay.text().contains("href=\"/news/style.css"),
        "links under the base path"
    );
    assert_eq!(
        request(&server.address, "GET", "/news/style.css").status,
        200
    );
    let root = request(&server.address, "GET", "/");
    assert_eq!(root.header("location"), Some("/news/"));
    assert_eq!(request(&server.address, "GET", "/style.css").status, 404);
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = run_with_deadline(
        Command::new(CABLE)
            .args(["serve", "--port", &port, "--root"])
            .arg(site.root())
            .env("NO_COLOR", "1"),
    );
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains(&format!("port {port}")), "{stderr}");
    assert!(stderr.contains("already in use"), "{stderr}");
    assert!(stderr.contains("--port"), "a hint: {stderr}");
}

#[test]
fn no_site_is_a_clear_error() {
    let empty = tempfile::tempdir().unwrap();
    let run = run_with_deadline(
        Command::new(CABLE)
            .args(["serve", "--port", "0", "--root"])
            .arg(empty.path())
            .env("NO_COLOR", "1"),
    );
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("no site.toml"), "{stderr}");
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = site();
    let server = Server::start(&site, &["--bind", "0.0.0.0"]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert_eq!(server.get("/").status, 200);
    server.wait_for_stderr("warning: serving on 0.0.0.0");
}

/// Runs a command that should exit by itself; kills it after [`PATIENCE`].
fn run_with_deadline(command: &mut Command) -> std::process::Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start cable");
    let deadline = Instant::now() + PATIENCE;
    while child.try_wait().expect("wait for cable").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("cable did not exit within {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("cable's output")
}

#[test]
fn a_site_that_does_not_build_yet_is_served_once_fixed() {
    let site = site().file(
        "content/essays/broken.md",
        "+++\ntitle = \"Broken\"\ndate = 2025-13-45\n+++\n\nText.\n",
    );
    let server = Server::start(&site, &[]);
    let waiting = server.get("/");
    assert_eq!(waiting.status, 503, "nothing to serve yet");
    assert!(
        waiting.text().contains("/__cable/live.js"),
        "but the overlay script"
    );
    server.wait_for_stderr("content/essays/broken.md:3:");
    let mut events = server.events();
    events.wait_for("build-error");
    std::fs::remove_file(site.root().join("content/essays/broken.md")).unwrap();
    events.wait_for("reload");
    assert_eq!(server.get("/").status, 200);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = site();
    let mut server = Server::start(&site, &[]);
    // An open live-reload stream must not keep the server up.
    let _events = server.events();
    let interrupted = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(interrupted.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    server.wait_for_stdout("Stopped.");
    assert!(!site.root().join("public").exists(), "serve writes nothing");
}

/// A folder on PATH with a fake `xdg-open`/`open` that records its argument
/// (or fails, when `fail`).
#[cfg(unix)]
fn fake_opener(fail: bool) -> (tempfile::TempDir, std::ffi::OsString) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("opened.txt");
    let script = if fail {
        "#!/bin/sh\nexit 3\n".to_string()
    } else {
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", log.display())
    };
    for name in ["xdg-open", "open"] {
        let path = dir.path().join(name);
        std::fs::write(&path, &script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut path = std::ffi::OsString::from(dir.path());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    (dir, path)
}

#[cfg(unix)]
#[test]
fn open_opens_the_browser_and_a_failure_is_a_warning() {
    let site = site();
    let (opener, path) = fake_opener(false);
    let server = Server::start_with(&site, &["--open"], &[("PATH", &path)]);
    let log = opener.path().join("opened.txt");
    let deadline = Instant::now() + PATIENCE;
    while !log.exists() {
        assert!(Instant::now() < deadline, "the browser was never opened");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(std::fs::read_to_string(&log).unwrap().trim(), server.url);
    drop(server);

    let (_failing, path) = fake_opener(true);
    let server = Server::start_with(&site, &["--open"], &[("PATH", &path)]);
    server.wait_for_stderr("could not open a browser");
    assert_eq!(server.get("/").status, 200, "still serving");
}
