//! The preview's HTTP/1.1 server, on `std::net` with a fixed pool of worker threads: static
//! files of the preview folder only (GET and HEAD), the live-reload endpoints under
//! `/__congxa/`, one request per connection (`Connection: close`). No dependency: a preview on
//! the clerk's own computer needs no keep-alive or TLS, and owning the loop lets server-sent
//! events be flushed event by event (tiny_http buffers chunked bodies) and keeps the path checks
//! in one readable function ([`resolve`]).

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use super::Live;

use crate::text::percent_decode;

/// Connections open at once (reading a request or answering it); beyond, a new one gets 503 at
/// once and is closed. Each has a thread of its own, so an idle or slow client holds one slot
/// and never delays the others.
const MAX_CONNECTIONS: usize = 512;
/// Time a client has to send its whole request head before the connection is closed (408).
const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// Stack of a connection thread: it reads a file and writes it, nothing deep.
const CONNECTION_STACK: usize = 256 * 1024;
/// Open event streams at most (a browser tab holds one).
const MAX_STREAMS: usize = 64;
/// Largest request head accepted.
const MAX_HEAD: usize = 16 * 1024;

/// The live-reload script every preview page loads (see `BuildOptions::inject`).
pub const LIVE_JS: &str = include_str!("live.js");
/// Styles of the error overlay, a stylesheet because pages forbid inline styles (CSP).
pub const LIVE_CSS: &str = include_str!("live.css");

/// The copy buttons of the broadcast page (`/<site>/_phat-thanh/`).
pub const COPY_JS: &str = include_str!("copy.js");
/// The tag the build inserts before `</body>` of every preview page.
pub const SNIPPET: &str = r#"<script src="/__congxa/live.js"></script>"#;

/// What a request path resolves to in the preview folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Serve this file.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect here.
    Redirect(String),
    /// Nothing there; the first path segment (a site folder) when there is one.
    NotFound(Option<String>),
    /// A path that tries to leave the folder or cannot be a file name.
    Bad,
}

/// Percent-encodes every byte of `s` outside the unreserved characters, the sub-delimiters and
/// `extra`, so that what goes into a `Location` header is plain ASCII with no space, control
/// character or byte of the request as it came.
fn location_encode(s: &str, extra: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@".contains(&b)
            || extra.as_bytes().contains(&b)
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Maps a request path (no query) to a file under `dir`. Refuses `..` and `.` segments (also
/// percent-encoded), backslashes, NUL, dot-files and anything that resolves (through symlinks)
/// outside `dir`; `dir/` serves `dir/index.html`; a folder without its slash redirects.
pub fn resolve(dir: &Path, raw_path: &str) -> Resolved {
    if !raw_path.starts_with('/') {
        return Resolved::Bad;
    }
    let Some(bytes) = percent_decode(raw_path) else {
        return Resolved::Bad;
    };
    let Ok(path) = String::from_utf8(bytes) else {
        return Resolved::Bad;
    };
    if path.contains(['\\', '\0']) || path.chars().any(char::is_control) {
        return Resolved::Bad;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Resolved::Bad;
    }
    let first = segments.first().map(|s| (*s).to_owned());
    if segments
        .iter()
        .any(|s| s.starts_with('.') || s.contains(':'))
    {
        return Resolved::NotFound(first);
    }
    let mut target = dir.to_path_buf();
    for s in &segments {
        let p = Path::new(s);
        if p.components().count() != 1
            || !matches!(p.components().next(), Some(Component::Normal(_)))
        {
            return Resolved::Bad;
        }
        target.push(p);
    }
    let inside = |p: &Path| match (dir.canonicalize(), p.canonicalize()) {
        (Ok(d), Ok(p)) => p.starts_with(d),
        _ => false,
    };
    if target.is_dir() {
        if !path.ends_with('/') {
            // Rebuilt from the checked segments, never from the raw path: `//host` would be a
            // protocol-relative URL sending the browser to another site.
            let encoded: Vec<String> = segments.iter().map(|s| location_encode(s, "")).collect();
            return Resolved::Redirect(format!("/{}/", encoded.join("/")));
        }
        target.push("index.html");
    }
    if target.is_file() && inside(&target) {
        Resolved::File(target)
    } else {
        Resolved::NotFound(first)
    }
}

/// `Content-Type` by file extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "avif" => "image/avif",
        "pdf" => "application/pdf",
        "ics" => "text/calendar; charset=utf-8",
        "vcf" => "text/vcard; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Inserts the live-reload tag into an HTML page that lacks it (the directory page and
/// redirects are not built with it).
fn with_snippet(mut html: Vec<u8>) -> Vec<u8> {
    if html.windows(SNIPPET.len()).any(|w| w == SNIPPET.as_bytes()) {
        return html;
    }
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, SNIPPET.bytes());
    html
}

/// A response.
pub(super) struct Response {
    pub(super) status: u16,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) body: Vec<u8>,
}

impl Response {
    pub(super) fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_owned())],
            body,
        }
    }

    pub(super) fn text(status: u16, text: &str) -> Self {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

fn send(stream: &mut TcpStream, r: &Response, head_only: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        r.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

/// Shared by every connection.
pub struct Server {
    /// The preview folder (canonical).
    pub dir: PathBuf,
    /// Live-reload state.
    pub live: Arc<Live>,
    /// Site folders `serve` was limited to (`--site`); empty for all.
    pub only: Vec<String>,
    /// The browser editor (`serve --edit`).
    pub edit: Option<super::edit::Edit>,
    streams: AtomicUsize,
}

impl Server {
    /// A server for `dir`.
    pub fn new(dir: PathBuf, live: Arc<Live>, only: Vec<String>) -> Self {
        Server {
            dir,
            live,
            only,
            edit: None,
            streams: AtomicUsize::new(0),
        }
    }
}

/// Frees a connection slot when its thread ends, however it ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Accepts connections on `listener` forever, on a background thread that never reads from a
/// client: each connection gets a thread of its own (at most [`MAX_CONNECTIONS`]), which has
/// [`HEAD_DEADLINE`] to receive the request head.
pub fn spawn(listener: TcpListener, server: Arc<Server>) {
    let open = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            match conn {
                Ok(stream) => admit(stream, &open, &server),
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    });
}

/// Starts the thread of one connection, or refuses it with 503 when [`MAX_CONNECTIONS`] are
/// open (written without blocking: a client that reads nothing cannot stall the accept loop).
fn admit(stream: TcpStream, open: &Arc<AtomicUsize>, server: &Arc<Server>) {
    let busy = |mut s: TcpStream| {
        let _ = s.set_nonblocking(true);
        let _ = send(&mut s, &Response::text(503, "busy\n"), false);
    };
    if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
        open.fetch_sub(1, Ordering::SeqCst);
        busy(stream);
        return;
    }
    let slot = Slot(Arc::clone(open));
    let server = Arc::clone(server);
    let Ok(spare) = stream.try_clone() else {
        return;
    };
    let started = std::thread::Builder::new()
        .name("congxa-http".into())
        .stack_size(CONNECTION_STACK)
        .spawn(move || {
            let _slot = slot;
            handle(stream, &server);
        });
    if started.is_err() {
        busy(spare);
    }
}

/// Reads the request head within [`HEAD_DEADLINE`] of `started`, however slowly the bytes come,
/// with the bytes of the body read along with it; `Err(status)` when it cannot be read (0: the
/// client went away, answer nothing).
fn read_head(stream: &mut TcpStream, started: Instant) -> Result<(String, Vec<u8>), u16> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let mut early = Vec::new();
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            early = buf.split_off(end + 4);
            buf.truncate(end);
            break;
        }
        if buf.len() > MAX_HEAD {
            return Err(431);
        }
        let left = HEAD_DEADLINE.saturating_sub(started.elapsed());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(408);
        }
        match stream.read(&mut chunk) {
            Ok(0) => {
                if buf.is_empty() {
                    return Err(0);
                }
                break;
            }
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(408);
            }
            Err(_) => return Err(0),
        }
    }
    String::from_utf8(buf).map(|h| (h, early)).map_err(|_| 400)
}

fn handle(mut stream: TcpStream, server: &Arc<Server>) {
    let started = Instant::now();
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let _ = stream.set_nodelay(true);
    let (head, early) = match read_head(&mut stream, started) {
        Ok(h) => h,
        Err(0) => return,
        Err(status) => {
            let _ = send(&mut stream, &Response::text(status, "bad request\n"), false);
            return;
        }
    };
    let mut parts = head.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    // Nothing of the request reaches a response header raw: a target with a control character
    // (a CR or LF that would end the `Location` line) is refused outright.
    if target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        let _ = send(&mut stream, &Response::text(400, "bad request\n"), false);
        return;
    }
    let head_only = method == "HEAD";
    if let Some(r) = server
        .edit
        .as_ref()
        .and_then(|e| e.route(method, target, &head, early, &mut stream))
    {
        let _ = send(&mut stream, &r, head_only);
        linger(&mut stream);
        return;
    }
    if method != "GET" && !head_only {
        let mut r = Response::text(405, "only GET and HEAD\n");
        r.headers.push(("Allow", "GET, HEAD".to_owned()));
        let _ = send(&mut stream, &r, false);
        linger(&mut stream);
        return;
    }
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if path == "/__congxa/events" && !head_only {
        events(stream, server);
        return;
    }
    let r = respond(server, path, target);
    let _ = send(&mut stream, &r, head_only);
}

/// Closes a connection whose request may still have unread body bytes (an answer sent before the
/// body was read: a refusal, a 405). Closing with bytes unread makes the kernel reset the
/// connection, and the client can lose the answer it was about to read (seen as "connection
/// reset by peer"): stop writing, then read what is left, at most 1 MB and 2 s.
fn linger(stream: &mut TcpStream) {
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut buf = [0u8; 8192];
    let mut left: usize = 1 << 20;
    // A client dripping bytes cannot hold the connection's thread past the deadline.
    let deadline = Instant::now() + Duration::from_secs(2);
    while left > 0 && Instant::now() < deadline {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

fn respond(server: &Server, path: &str, target: &str) -> Response {
    match path {
        "/__congxa/live.js" => {
            return Response::new(
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            );
        }
        "/__congxa/live.css" => {
            return Response::new(200, "text/css; charset=utf-8", LIVE_CSS.as_bytes().to_vec());
        }
        "/__congxa/status" => {
            return Response::new(
                200,
                "application/json",
                server.live.status_json(true).into_bytes(),
            );
        }
        "/__congxa/copy.js" => {
            return Response::new(
                200,
                "text/javascript; charset=utf-8",
                COPY_JS.as_bytes().to_vec(),
            );
        }
        _ if path.ends_with("/_phat-thanh/") => return copy_page(server, path),
        "/" if !server.only.is_empty() || !server.dir.join("index.html").is_file() => {
            return Response::new(
                200,
                "text/html; charset=utf-8",
                server
                    .live
                    .index_page(&server.dir, &server.only)
                    .into_bytes(),
            );
        }
        _ => {}
    }
    match resolve(&server.dir, path) {
        Resolved::File(f) => match std::fs::read(&f) {
            Ok(bytes) => {
                let ct = content_type(&f);
                let body = if ct.starts_with("text/html") {
                    with_snippet(bytes)
                } else {
                    bytes
                };
                Response::new(200, ct, body)
            }
            Err(_) => not_found(server, None),
        },
        Resolved::Redirect(to) => {
            let query = target
                .find('?')
                .map_or(String::new(), |i| location_encode(&target[i..], "/?:%"));
            let mut r = Response::text(301, "moved\n");
            r.headers.push(("Location", format!("{to}{query}")));
            r
        }
        Resolved::NotFound(site) => not_found(server, site.as_deref()),
        Resolved::Bad => Response::text(400, "bad path\n"),
    }
}

/// `/<site>/_phat-thanh/`: the copy page of a built site's broadcast list (preview only: the
/// page is made here from `phat-thanh/danh-sach/tat-ca.json`, never written to the output).
fn copy_page(server: &Server, path: &str) -> Response {
    let site = path
        .trim_matches('/')
        .trim_end_matches("_phat-thanh")
        .trim_end_matches('/');
    if site.is_empty() || site.contains(['/', '\\']) || site.starts_with('.') {
        return not_found(server, None);
    }
    let list = server
        .dir
        .join(site)
        .join(crate::reach::broadcast::DIR)
        .join(format!("{}.json", crate::reach::broadcast::ALL));
    match std::fs::read(&list)
        .ok()
        .and_then(|b| crate::reach::broadcast::copy_page(site, &b, "/__congxa/copy.js"))
    {
        Some(html) => Response::new(
            200,
            "text/html; charset=utf-8",
            with_snippet(html.into_bytes()),
        ),
        None => not_found(server, Some(site)),
    }
}

/// The site's own `404.html` when the first segment is a built site, else a page of ours.
fn not_found(server: &Server, site: Option<&str>) -> Response {
    if let Some(s) = site.filter(|s| !s.contains(['/', '\\']) && !s.starts_with('.')) {
        let page = server.dir.join(s).join("404.html");
        if let Ok(bytes) = std::fs::read(&page) {
            return Response::new(404, "text/html; charset=utf-8", with_snippet(bytes));
        }
    }
    Response::new(
        404,
        "text/html; charset=utf-8",
        server.live.not_found_page(site).into_bytes(),
    )
}

/// `/__congxa/events`: a server-sent event stream on a thread of its own; the current status
/// first, then every `status` and `reload`, with a comment every 15 s so dead peers are found.
fn events(mut stream: TcpStream, server: &Arc<Server>) {
    if server.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        server.streams.fetch_sub(1, Ordering::SeqCst);
        let _ = send(
            &mut stream,
            &Response::text(503, "too many live-reload connections\n"),
            false,
        );
        return;
    }
    let (rx, status) = server.live.subscribe();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    let first = format!("{head}{}", super::event("status", &status));
    if stream
        .write_all(first.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        server.streams.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let server = Arc::clone(server);
    std::thread::spawn(move || {
        loop {
            let msg = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_owned(),
                Err(RecvTimeoutError::Disconnected) => break,
            };
            if stream
                .write_all(msg.as_bytes())
                .and_then(|()| stream.flush())
                .is_err()
            {
                break;
            }
        }
        server.streams.fetch_sub(1, Ordering::SeqCst);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("congxa-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("preview/xa-a/gioi-thieu")).unwrap();
        std::fs::write(d.join("preview/xa-a/index.html"), "home").unwrap();
        std::fs::write(d.join("preview/xa-a/gioi-thieu/index.html"), "about").unwrap();
        std::fs::write(d.join("preview/xa-a/.hidden"), "x").unwrap();
        std::fs::write(d.join("secret.txt"), "secret").unwrap();
        d
    }

    #[test]
    fn paths_resolve_inside_the_folder_only() {
        let d = tree("resolve");
        let p = d.join("preview");
        assert_eq!(
            resolve(&p, "/xa-a/"),
            Resolved::File(p.join("xa-a/index.html"))
        );
        assert_eq!(
            resolve(&p, "/xa-a/gioi-thieu/"),
            Resolved::File(p.join("xa-a/gioi-thieu/index.html"))
        );
        assert_eq!(
            resolve(&p, "/xa-a/gioi-thieu"),
            Resolved::Redirect("/xa-a/gioi-thieu/".into())
        );
        assert_eq!(
            resolve(&p, "/xa-a/khong-co/"),
            Resolved::NotFound(Some("xa-a".into()))
        );
        assert_eq!(
            resolve(&p, "/xa-a/.hidden"),
            Resolved::NotFound(Some("xa-a".into()))
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/xa-a/..%2f..%2fsecret.txt",
            "/xa-a/%2E%2E/%2e%2e/secret.txt",
            "/xa-a\\..\\..\\secret.txt",
            "/%5c..%5csecret.txt",
            "secret.txt",
            "/%zz",
            "/%00",
            "/xa-a/./index.html",
        ] {
            assert_eq!(resolve(&p, bad), Resolved::Bad, "{bad}");
        }
        // A symlink out of the folder is not followed.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.join("secret.txt"), p.join("xa-a/link.txt")).unwrap();
            assert_eq!(
                resolve(&p, "/xa-a/link.txt"),
                Resolved::NotFound(Some("xa-a".into()))
            );
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn leading_slashes_redirect_on_site_only() {
        let d = tree("redirect");
        let p = d.join("preview");
        for (path, to) in [
            ("//xa-a", "/xa-a/"),
            ("///xa-a//gioi-thieu", "/xa-a/gioi-thieu/"),
            ("/xa-a", "/xa-a/"),
        ] {
            assert_eq!(resolve(&p, path), Resolved::Redirect(to.into()), "{path}");
        }
        for bad in [
            "/xa-a%0d%0aSet-Cookie:x",
            "/xa-a%0d",
            "/xa-a%0a",
            "/xa-a%7f",
        ] {
            assert_eq!(resolve(&p, bad), Resolved::Bad, "{bad}");
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    proptest::proptest! {
        /// Whatever the request held, a `Location` value is printable ASCII without spaces and
        /// decodes back to exactly what was encoded.
        #[test]
        fn location_encoding_is_header_safe_and_reversible(s in ".*") {
            for extra in ["", "/?:%"] {
                let e = location_encode(&s, extra);
                proptest::prop_assert!(e.bytes().all(|b| b.is_ascii_graphic()), "{e:?}");
                if extra.is_empty() {
                    proptest::prop_assert_eq!(percent_decode(&e), Some(s.clone().into_bytes()));
                }
            }
        }
    }

    #[test]
    fn types_and_snippet() {
        assert_eq!(
            content_type(Path::new("a/b.ICS")),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.webp")), "image/webp");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
        let html = with_snippet(b"<html><body>x</body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html.clone()).unwrap(),
            format!("<html><body>x{SNIPPET}</body></html>")
        );
        assert_eq!(with_snippet(html.clone()), html, "never twice");
    }
}
