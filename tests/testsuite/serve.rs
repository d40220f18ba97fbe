//! `congxa serve`: the real binary on a free port, a tiny HTTP client over `TcpStream`, the
//! server-sent event stream, edits that rebuild, errors that show while the last good page stays,
//! path traversal, and a bounded burst of concurrent requests (loopback only).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::{NOW, ProjectTest};
use crate::scaffold::EmptyProject;

/// A running `congxa serve --port 0`; killed when dropped.
struct Serve {
    child: Child,
    addr: String,
    err: Arc<Mutex<String>>,
}

fn pump(r: impl std::io::Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines().map_while(Result::ok) {
            let mut s = into.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
}

impl Serve {
    fn start(root: &Path, ready_within: Duration) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_congxa"))
            .args(["serve", "--port", "0", "--now", NOW, "--root"])
            .arg(root)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start congxa serve");
        let (out, err) = (
            Arc::new(Mutex::new(String::new())),
            Arc::new(Mutex::new(String::new())),
        );
        pump(child.stdout.take().unwrap(), Arc::clone(&out));
        pump(child.stderr.take().unwrap(), Arc::clone(&err));
        let start = Instant::now();
        loop {
            // The line clerks read: "Đang phục vụ tại http://127.0.0.1:PORT/ (…)".
            let line = out
                .lock()
                .unwrap()
                .lines()
                .find(|l| l.starts_with("Đang phục vụ tại http://"))
                .map(str::to_owned);
            if let Some(l) = line {
                let addr = l
                    .trim_start_matches("Đang phục vụ tại http://")
                    .split('/')
                    .next()
                    .unwrap()
                    .to_owned();
                return Serve { child, addr, err };
            }
            if start.elapsed() > ready_within || child.try_wait().unwrap().is_some() {
                let _ = child.kill();
                panic!(
                    "serve did not start\nstdout:\n{}\nstderr:\n{}",
                    out.lock().unwrap(),
                    err.lock().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stderr(&self) -> String {
        self.err.lock().unwrap().clone()
    }

    /// Waits for a stderr line containing `needle` after the first `skip` bytes.
    fn wait_line(&self, skip: usize, needle: &str, within: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.stderr();
            if let Some(l) = s
                .get(skip..)
                .and_then(|rest| rest.lines().find(|l| l.contains(needle)))
            {
                return l.to_owned();
            }
            assert!(
                start.elapsed() < within,
                "no line with {needle:?} in stderr:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        get(&self.addr, path)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 GET; returns status, head and body.
fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head, buf[end + 4..].to_vec())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The `/__congxa/events` stream: (event, data) pairs.
struct Events(Receiver<(String, String)>);

impl Events {
    fn connect(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET /__congxa/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(s).lines().map_while(Result::ok);
            assert!(lines.next().unwrap_or_default().starts_with("HTTP/1.1 200"));
            for l in lines.by_ref() {
                if l.is_empty() {
                    break;
                }
            }
            let (mut name, mut data) = (String::new(), String::new());
            for l in lines {
                if let Some(v) = l.strip_prefix("event: ") {
                    name = v.to_owned();
                } else if let Some(v) = l.strip_prefix("data: ") {
                    data = v.to_owned();
                } else if l.is_empty()
                    && !name.is_empty()
                    && tx
                        .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                        .is_err()
                {
                    return;
                }
            }
        });
        Events(rx)
    }

    /// The next event named `name` whose data satisfies `pred`.
    fn wait(
        &self,
        name: &str,
        within: Duration,
        pred: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (n, d) = self
                .0
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no `{name}` event in {within:?}"));
            if n == name {
                let v: serde_json::Value = serde_json::from_str(&d).unwrap();
                if pred(&v) {
                    return v;
                }
            }
        }
    }
}

const PAGE: &str = "sites/phuong-ba-dinh/content/gioi-thieu.md";
const WAIT: Duration = Duration::from_secs(180);

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one clerk's session of edits, step by step, against one live server"
)]
fn edit_reloads_and_errors_show_while_the_last_good_page_stays() {
    let p = ProjectTest::from_fixture("core/basic");
    let s = Serve::start(&p.root, WAIT);
    // Built into the preview folder, never into public/.
    assert!(
        p.root
            .join("target/congxa-preview/phuong-ba-dinh/index.html")
            .is_file()
    );
    assert!(!p.out().exists());
    let (code, head, body) = s.get("/phuong-ba-dinh/gioi-thieu/");
    assert_eq!(code, 200, "{head}");
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    let html = text(&body);
    assert!(
        html.contains("Phường nằm ở trung tâm")
            && html.contains(r#"<script src="/__congxa/live.js"></script></body>"#),
        "{html}"
    );
    assert_eq!(s.get("/").0, 200);
    let (code, head, _) = s.get("/phuong-ba-dinh/gioi-thieu");
    assert_eq!(code, 301);
    assert!(
        head.contains("Location: /phuong-ba-dinh/gioi-thieu/"),
        "{head}"
    );
    let (code, _, body) = s.get("/phuong-ba-dinh/khong-co-trang-nay/");
    assert_eq!(code, 404);
    assert_eq!(
        body,
        std::fs::read(p.root.join("target/congxa-preview/phuong-ba-dinh/404.html")).unwrap(),
        "the site's own 404 page"
    );
    let (code, head, _) = s.get("/phuong-ba-dinh/files/qd.pdf");
    assert_eq!(code, 200);
    assert!(head.contains("Content-Type: application/pdf"), "{head}");
    let (code, head, js) = s.get("/__congxa/live.js");
    assert_eq!(code, 200);
    assert!(
        head.contains("text/javascript") && text(&js).contains("EventSource"),
        "{head}"
    );

    let events = Events::connect(&s.addr);
    events.wait("status", WAIT, |v| v["errors"] == 0);

    // 1. An edit: `reload`, and the new text is served.
    let original = std::fs::read_to_string(p.root.join(PAGE)).unwrap();
    p.write(
        PAGE,
        &original.replace("Phường nằm ở trung tâm", "Phường nằm bên sông Hồng"),
    );
    events.wait("reload", WAIT, |v| {
        v["sites"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x == "phuong-ba-dinh"))
    });
    assert!(text(&s.get("/phuong-ba-dinh/gioi-thieu/").2).contains("Phường nằm bên sông Hồng"));

    // 2. A misspelt key: a `status` naming file and line; the last good page is still served.
    let broken = original
        .replace("Phường nằm ở trung tâm", "Phường nằm bên sông Hồng")
        .replace("updated:", "updatd:");
    p.write(PAGE, &broken);
    let status = events.wait("status", WAIT, |v| v["errors"].as_u64() > Some(0));
    let problem = &status["problems"][0];
    assert_eq!(problem["file"], PAGE, "{status}");
    assert_eq!(problem["line"], 4, "{status}");
    assert!(
        problem["message"].as_str().unwrap().contains("updatd"),
        "{status}"
    );
    assert!(
        problem["hint"].as_str().unwrap().contains("updated"),
        "{status}"
    );
    let (code, _, json) = s.get("/__congxa/status");
    assert_eq!(code, 200);
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert!(
        json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["location"] == format!("{PAGE}:4:1")),
        "{json}"
    );
    let (code, _, body) = s.get("/phuong-ba-dinh/gioi-thieu/");
    assert_eq!(code, 200);
    assert!(
        text(&body).contains("Phường nằm bên sông Hồng"),
        "the last good page must stay"
    );
    s.wait_line(0, &format!("{PAGE}:4:1"), Duration::from_secs(10));

    // 3. Fixed: an empty status and a reload.
    p.write(PAGE, &original);
    events.wait("status", WAIT, |v| {
        v["errors"] == 0 && v["problems"].as_array().is_some_and(Vec::is_empty)
    });
    events.wait("reload", WAIT, |_| true);
    assert!(text(&s.get("/phuong-ba-dinh/gioi-thieu/").2).contains("Phường nằm ở trung tâm"));
    let (_, _, json) = s.get("/__congxa/status");
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json["errors"], 0, "{json}");

    // Editor temp files do not rebuild anything.
    let before = s.stderr().len();
    p.write("sites/phuong-ba-dinh/content/.gioi-thieu.md.swp", "x");
    p.write("sites/phuong-ba-dinh/content/4913", "");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !s.stderr()[before..].contains("Thay đổi"),
        "{}",
        &s.stderr()[before..]
    );
}

/// A site folder deleted while `serve` ran stayed in the preview, served as if it still existed.
#[test]
fn deleted_site_leaves_the_preview() {
    let p = ProjectTest::from_fixture("core/basic");
    let s = Serve::start(&p.root, WAIT);
    let gone = "phuong-nghia-lo-lao-cai";
    assert_eq!(s.get(&format!("/{gone}/")).0, 200);
    let before = s.stderr().len();
    std::fs::remove_dir_all(p.root.join("sites").join(gone)).unwrap();
    s.wait_line(before, "Đã dựng lại", Duration::from_secs(30));
    assert_eq!(s.get(&format!("/{gone}/")).0, 404);
    assert!(!p.root.join("target/congxa-preview").join(gone).exists());
    assert_eq!(s.get("/phuong-ba-dinh/").0, 200);
}

#[test]
fn path_traversal_never_reaches_project_files() {
    let p = ProjectTest::from_fixture("core/basic");
    p.write("canary.txt", "CANARY-7f3a");
    p.write("target/canary.txt", "CANARY-7f3a");
    let s = Serve::start(&p.root, WAIT);
    for path in [
        "/../Cargo.toml",
        "/../canary.txt",
        "/../../canary.txt",
        "/%2e%2e/",
        "/%2e%2e/canary.txt",
        "/%2e%2e/%2e%2e/canary.txt",
        "/%2E%2E/%2E%2E/canary.txt",
        "/phuong-ba-dinh/..%2f..%2fsite.yaml",
        "/phuong-ba-dinh/..%2f..%2f..%2fcanary.txt",
        "/phuong-ba-dinh/%2e%2e/%2e%2e/%2e%2e/sites/phuong-ba-dinh/site.yaml",
        "/..\\..\\canary.txt",
        "/%5c..%5c..%5ccanary.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/%00",
        "/.congxa-tmp-x",
        "http://localhost/../canary.txt",
        "canary.txt",
    ] {
        let (code, head, body) = s.get(path);
        let body = text(&body);
        assert!(code == 400 || code == 404, "{path}: {code}\n{head}");
        assert!(
            !body.contains("CANARY")
                && !body.contains("[package]")
                && !body.contains("code: \"00004\"")
                && !body.contains("root:"),
            "{path} leaked:\n{body}"
        );
    }
}

#[test]
fn many_concurrent_requests_all_succeed() {
    let p = ProjectTest::from_fixture("core/basic");
    let s = Serve::start(&p.root, WAIT);
    let paths = [
        "/",
        "/phuong-ba-dinh/",
        "/phuong-ba-dinh/gioi-thieu/",
        "/phuong-nghia-lo/",
        "/phuong-ba-dinh/sitemap.xml",
        "/__congxa/live.js",
        "/__congxa/status",
    ];
    let started = Instant::now();
    let threads: Vec<_> = (0..20)
        .map(|t| {
            let addr = s.addr.clone();
            std::thread::spawn(move || {
                let mut ok = 0;
                for i in 0..10 {
                    let path = paths[(t + i) % paths.len()];
                    let (code, _, body) = get(&addr, path);
                    if code == 200 && !body.is_empty() {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let ok: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    println!(
        "200 requests from 20 threads in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(ok, 200);
    assert_eq!(s.get("/phuong-ba-dinh/").0, 200);
}

/// A one-page edit in a 168-site project rebuilds that site only.
#[test]
fn one_page_edit_in_168_sites_rebuilds_one_site() {
    let p = EmptyProject::new("serve-168");
    let r = p.run(&["init", "--province", "79"]);
    r.assert_ok();
    p.publish_all();
    let started = Instant::now();
    let s = Serve::start(&p.root, Duration::from_secs(1800));
    let first = s.wait_line(0, "Đã dựng 168 trang web", Duration::from_secs(10));
    println!(
        "initial build of 168 sites: {first} (wall {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    assert!(first.contains(": không có lỗi"), "{first}");
    let events = Events::connect(&s.addr);
    events.wait("status", WAIT, |v| v["errors"] == 0);
    let page = "sites/phuong-sai-gon/content/gioi-thieu.md";
    let path = p.root.join(page);
    let t = std::fs::read_to_string(&path).unwrap();
    let skip = s.stderr().len();
    let edited = Instant::now();
    std::fs::write(
        &path,
        t.replace("## Vị trí", "## Vị trí\n\nPhường ở trung tâm thành phố."),
    )
    .unwrap();
    events.wait("reload", WAIT, |v| {
        v["sites"] == serde_json::json!(["phuong-sai-gon"]) && v["all"] == false
    });
    let seen = edited.elapsed().as_secs_f64();
    let line = s.wait_line(skip, "Đã dựng lại", Duration::from_secs(10));
    println!("one-page edit: {line} (edit to reload event {seen:.2} s)");
    assert!(
        line.contains("Đã dựng lại 1 trang web (phuong-sai-gon)"),
        "{line}"
    );
    assert!(
        text(&s.get("/phuong-sai-gon/gioi-thieu/").2).contains("Phường ở trung tâm thành phố.")
    );
}

/// Sends `request` as it is over one connection; returns the status and the response head.
fn raw(addr: &str, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(request).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(buf.len());
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head)
}

/// Header lines of a response head (after the status line), lowercased names.
fn header_names(head: &str) -> Vec<String> {
    head.split("\r\n")
        .skip(1)
        .map(|l| l.split(':').next().unwrap_or_default().to_ascii_lowercase())
        .collect()
}

#[test]
fn two_hundred_idle_connections_do_not_stall_the_preview() {
    let p = ProjectTest::from_fixture("core/basic");
    let s = Serve::start(&p.root, WAIT);
    // Connections that send nothing (or half a request line) and stay open: with a fixed pool
    // of 8 threads blocked on them, the next request waited for every one's read timeout.
    let idle: Vec<TcpStream> = (0..200)
        .map(|i| {
            let mut c = TcpStream::connect(&s.addr).unwrap();
            if i % 2 == 0 {
                c.write_all(b"GET /phuong-ba-dinh/ HT").unwrap();
            }
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // Within the 5 s the server gives a request head, an answer can only come from a server
    // that does not queue behind idle clients (the old one took 200 / 8 × 10 s).
    let started = Instant::now();
    let mut c = TcpStream::connect(&s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(4))).unwrap();
    write!(
        c,
        "GET /phuong-ba-dinh/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        s.addr
    )
    .unwrap();
    let mut buf = Vec::new();
    c.read_to_end(&mut buf)
        .unwrap_or_else(|e| panic!("no answer after {:?}: {e}", started.elapsed()));
    assert!(buf.starts_with(b"HTTP/1.1 200 "), "{}", text(&buf));
    println!(
        "answered in {:.3} s with 200 idle connections open",
        started.elapsed().as_secs_f64()
    );
    // The idle ones are closed after the head deadline rather than held forever.
    let mut first = idle.into_iter().next().unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut rest = Vec::new();
    let n = first.read_to_end(&mut rest).unwrap_or(0);
    assert!(
        n == 0 || rest.starts_with(b"HTTP/1.1 408 "),
        "{}",
        text(&rest)
    );
    drop(first);
    // Past the bound of open connections a new one is refused at once with 503, not queued.
    let flood: Vec<TcpStream> = (0..600)
        .map_while(|_| TcpStream::connect(&s.addr).ok())
        .collect();
    let refused = flood
        .iter()
        .skip(520)
        .filter(|c| {
            c.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
            let mut b = [0u8; 12];
            (&**c).read_exact(&mut b).is_ok() && b.starts_with(b"HTTP/1.1 503")
        })
        .count();
    assert!(refused > 0, "no 503 among 600 open connections");
    drop(flood);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(s.get("/phuong-ba-dinh/").0, 200);
}

#[test]
fn redirects_stay_on_site_and_request_bytes_never_reach_a_header() {
    let p = ProjectTest::from_fixture("core/basic");
    let s = Serve::start(&p.root, WAIT);
    let host = format!("Host: {}\r\nConnection: close\r\n\r\n", s.addr);
    let req = |target: &[u8]| {
        [
            b"GET ".as_slice(),
            target,
            b" HTTP/1.1\r\n",
            host.as_bytes(),
        ]
        .concat()
    };
    // A folder asked for with leading slashes: `//phuong-ba-dinh/` would be another host.
    for target in [
        "//phuong-ba-dinh",
        "///phuong-ba-dinh",
        "//phuong-ba-dinh//gioi-thieu",
    ] {
        let (code, head) = raw(&s.addr, &req(target.as_bytes()));
        let location = head
            .split("\r\n")
            .find_map(|l| l.strip_prefix("Location: "))
            .unwrap_or_else(|| panic!("{target}: no Location\n{head}"));
        assert_eq!(code, 301, "{target}\n{head}");
        assert!(
            location.starts_with('/') && !location.starts_with("//"),
            "{target}: {location}"
        );
    }
    let (code, head) = raw(&s.addr, &req(b"//evil.example/"));
    assert_eq!(code, 404, "{head}");
    assert!(!head.contains("Location"), "{head}");
    // CR and LF: raw in the target (400), percent-encoded in the path (400), percent-encoded in
    // the query of a redirect (kept encoded).
    for target in [
        b"/phuong-ba-dinh?\rSet-Cookie:x".as_slice(),
        b"/a\rSet-Cookie:x",
        b"/a%0d%0aSet-Cookie:x",
        b"/phuong-ba-dinh%0d%0aSet-Cookie:x",
    ] {
        let (code, head) = raw(&s.addr, &req(target));
        assert_eq!(code, 400, "{}\n{head}", String::from_utf8_lossy(target));
        assert!(
            !header_names(&head).contains(&"set-cookie".to_owned()),
            "{head}"
        );
    }
    let (code, head) = raw(
        &s.addr,
        &req(b"/phuong-ba-dinh?a=%0d%0aSet-Cookie:x&b=\xc3\xa1"),
    );
    assert_eq!(code, 301, "{head}");
    assert!(
        !header_names(&head).contains(&"set-cookie".to_owned()),
        "{head}"
    );
    assert!(
        head.contains("Location: /phuong-ba-dinh/?a=%0d%0aSet-Cookie:x&b=%C3%A1\r\n"),
        "{head}"
    );
}

/// The preview's broadcast page: each text in a read-only box with a "Sao chép" button, served
/// by `congxa serve` only and never written to the output folder.
#[test]
fn serve_shows_the_broadcast_page_with_copy_buttons_and_never_writes_it() {
    let p = ProjectTest::from_fixture("news/basic");
    let s = Serve::start(&p.root, Duration::from_secs(120));
    let (status, head, body) = s.get("/phuong-ba-dinh/_phat-thanh/");
    assert_eq!(status, 200, "{head}\n{}", s.stderr());
    assert!(head.contains("text/html"), "{head}");
    let html = text(&body);
    assert!(
        html.contains("<h1>Tin để gửi: phuong-ba-dinh</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<h2>Khẩn cấp – bão số 15 đổ bộ</h2>"),
        "{html}"
    );
    // The SMS box holds the SMS, readable and selectable without JavaScript.
    let sms_box = html
        .split("<textarea id=\"sms-0\" readonly rows=\"3\">")
        .nth(1)
        .and_then(|x| x.split("</textarea>").next())
        .expect("SMS box");
    assert!(
        sms_box.starts_with("KHAN CAP: Khan cap - bao so 15 do bo"),
        "{sms_box}"
    );
    assert!(html.contains("<button type=\"button\" data-copy=\"zalo-0\" hidden>Sao chép</button>"));
    assert!(html.contains("<script src=\"/__congxa/copy.js\"></script>"));
    let (status, _, js) = s.get("/__congxa/copy.js");
    assert_eq!(status, 200);
    assert!(text(&js).contains("navigator.clipboard"));
    // Not a file of the site: neither in the preview's folder nor in a build.
    assert_eq!(s.get("/phuong-ba-dinh/_phat-thanh/index.html").0, 404);
    assert_eq!(s.get("/khong-co/_phat-thanh/").0, 404);
    drop(s);
    p.build().assert_ok();
    let tree = crate::harness::read_tree(&p.out());
    assert!(tree.keys().all(|k| !k.contains("_phat-thanh")));
    assert!(
        tree.keys()
            .any(|k| k.ends_with("phat-thanh/danh-sach/tat-ca.json"))
    );
}
