//! `congxa serve --edit`: the local backend of the browser editor, against the real binary on a
//! free loopback port. Who may call it (token, Origin, Host, loopback only), where it may write
//! (inside the served site's sources: no traversal, symlink, other site or `public/`), and what
//! a save guarantees (conflicts refused, `check` run, deleted files kept in the trash).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::harness::{NOW, ProjectTest};

const SITE: &str = "phuong-ba-dinh";

/// A running `congxa serve --edit --port 0`; killed when dropped.
struct Editor {
    child: Child,
    addr: String,
    token: String,
}

impl Editor {
    fn start(root: &Path, extra: &[&str]) -> Editor {
        let mut child = Command::new(env!("CARGO_BIN_EXE_congxa"))
            .args(["serve", "--edit", "--port", "0", "--now", NOW])
            .args(extra)
            .arg("--root")
            .arg(root)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start congxa serve --edit");
        let out = Arc::new(Mutex::new(String::new()));
        let stdout = child.stdout.take().unwrap();
        let sink = Arc::clone(&out);
        std::thread::spawn(move || {
            for l in BufReader::new(stdout).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(l + "\n"));
            }
        });
        // A hang guard, not a speed check: up to 2,400 looks 50 ms apart for the start line.
        let mut looks = 0u32;
        let addr = loop {
            let line = out.lock().unwrap().lines().find_map(|l| {
                l.strip_prefix("Đang phục vụ tại http://")
                    .map(str::to_owned)
            });
            if let Some(l) = line {
                break l.split('/').next().unwrap().to_owned();
            }
            looks += 1;
            assert!(
                looks < 2_400 && child.try_wait().unwrap().is_none(),
                "serve --edit did not start: {}",
                out.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut e = Editor {
            child,
            addr,
            token: String::new(),
        };
        let (status, page) = e.get(&format!("/admin/?site={SITE}"));
        assert_eq!(status, 200, "{page}");
        e.token = page
            .split("name=\"congxa-token\" content=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("token in the editor page")
            .to_owned();
        e
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (s, _, b) = request(
            &self.addr,
            &format!("GET {path} HTTP/1.1\r\nHost: {}\r\n", self.addr),
            b"",
        );
        (s, b)
    }

    /// `POST /api/v1?site=…` as the editor page sends it; `tweak` edits the header lines.
    fn api_with(
        &self,
        site: &str,
        body: &serde_json::Value,
        tweak: impl Fn(Vec<String>) -> Vec<String>,
    ) -> (u16, serde_json::Value) {
        let body = body.to_string();
        let headers = tweak(vec![
            format!("Host: {}", self.addr),
            format!("Origin: http://{}", self.addr),
            format!("X-Congxa-Token: {}", self.token),
            "Content-Type: application/json".to_owned(),
            "Sec-Fetch-Site: same-origin".to_owned(),
        ]);
        let head = format!(
            "POST /api/v1?site={site} HTTP/1.1\r\n{}\r\nContent-Length: {}\r\n",
            headers.join("\r\n"),
            body.len()
        );
        let (s, _, b) = request(&self.addr, &head, body.as_bytes());
        (
            s,
            serde_json::from_str(&b).unwrap_or(serde_json::Value::String(b)),
        )
    }

    fn api(&self, body: &serde_json::Value) -> (u16, serde_json::Value) {
        self.api_with(SITE, body, |h| h)
    }

    fn read(&self, path: &str) -> serde_json::Value {
        let (s, v) = self.api(&serde_json::json!({"action": "getEntry", "params": {"path": path}}));
        assert_eq!(s, 200, "{v}");
        v
    }

    fn save(&self, path: &str, raw: &str) -> (u16, serde_json::Value) {
        self.api(&serde_json::json!({
            "action": "persistEntry",
            "params": {"branch": "main", "dataFiles": [{"slug": "x", "path": path, "raw": raw}],
                       "assets": [], "options": {"commitMessage": "x", "useWorkflow": false}},
        }))
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request (`head` without its final blank line); status, head and body of the answer.
fn request(addr: &str, head: &str, body: &[u8]) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(format!("{head}Connection: close\r\n\r\n").as_bytes())
        .unwrap();
    s.write_all(body).unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (h, b) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = h
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, h.to_owned(), b.to_owned())
}

fn error_of(v: &serde_json::Value) -> String {
    v["error"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn edit_with_a_network_bind_is_a_usage_error() {
    let p = ProjectTest::from_fixture("core/basic");
    for bind in ["0.0.0.0", "::", "192.168.1.10"] {
        let r = p.run(&["serve", "--edit", "--port", "0", "--bind", bind]);
        r.assert_code(2);
        assert_eq!(
            r.stderr(),
            format!(
                "--edit chỉ chạy trên máy này: bỏ --bind {bind} (hoặc dùng --bind 127.0.0.1). Trình soạn thảo ghi được vào tệp, nên không được mở cho mạng; muốn cán bộ sửa từ máy khác, xem docs/soan-thao-tu-xa.md.\n"
            )
        );
    }
}

#[test]
fn without_edit_there_is_no_api_even_on_the_network() {
    let p = ProjectTest::from_fixture("core/basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args([
            "serve", "--port", "0", "--bind", "0.0.0.0", "--now", NOW, "--root",
        ])
        .arg(&p.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let addr = format!("127.0.0.1:{port}");
    let body = r#"{"action":"info"}"#;
    let (s, _, _) = request(
        &addr,
        &format!(
            "POST /api/v1?site={SITE} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ),
        body.as_bytes(),
    );
    assert_eq!(s, 405);
    let (s, _, _) = request(
        &addr,
        &format!("GET /admin/ HTTP/1.1\r\nHost: {addr}\r\n"),
        b"",
    );
    assert_eq!(s, 404);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn editor_listens_on_loopback_only() {
    let p = ProjectTest::from_fixture("core/basic");
    let e = Editor::start(&p.root, &[]);
    assert!(e.addr.starts_with("127.0.0.1:"), "{}", e.addr);
    // This machine's address on its network (no packet is sent by a UDP connect).
    let sock = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    if sock.connect("192.0.2.1:9").is_ok()
        && let Ok(local) = sock.local_addr()
        && !local.ip().is_loopback()
        && !local.ip().is_unspecified()
    {
        let port = e.addr.rsplit(':').next().unwrap();
        let there = format!("{}:{port}", local.ip());
        assert!(
            TcpStream::connect_timeout(&there.parse().unwrap(), Duration::from_secs(2)).is_err(),
            "the editor answered on {there}"
        );
    }
}

#[test]
fn api_without_the_session_token_or_with_a_wrong_one_is_refused() {
    let p = ProjectTest::from_fixture("core/basic");
    let e = Editor::start(&p.root, &[]);
    let info = serde_json::json!({"action": "info", "params": {}});
    let (s, v) = e.api(&info);
    assert_eq!((s, v["repo"].as_str()), (200, Some(SITE)));
    let no_token = |h: Vec<String>| {
        h.into_iter()
            .filter(|l| !l.starts_with("X-Congxa"))
            .collect()
    };
    let (s, v) = e.api_with(SITE, &info, no_token);
    assert_eq!(s, 403);
    assert!(
        error_of(&v).starts_with("Không được phép: thiếu hoặc sai mã phiên."),
        "{v}"
    );
    let wrong = |h: Vec<String>| {
        h.into_iter()
            .map(|l| {
                if l.starts_with("X-Congxa") {
                    "X-Congxa-Token: 00".to_owned()
                } else {
                    l
                }
            })
            .collect()
    };
    assert_eq!(e.api_with(SITE, &info, wrong).0, 403);
    // A token of another session (a page kept open across a restart) is refused too.
    let other = Editor::start(&p.root, &[]);
    assert_ne!(other.token, e.token);
    let theirs = other.token.clone();
    let stale = move |h: Vec<String>| {
        h.into_iter()
            .map(|l| {
                if l.starts_with("X-Congxa") {
                    format!("X-Congxa-Token: {theirs}")
                } else {
                    l
                }
            })
            .collect()
    };
    assert_eq!(e.api_with(SITE, &info, stale).0, 403);
}

#[test]
fn api_from_another_origin_or_host_is_refused() {
    let p = ProjectTest::from_fixture("core/basic");
    let e = Editor::start(&p.root, &[]);
    let write = serde_json::json!({
        "action": "persistEntry",
        "params": {"dataFiles": [{"slug": "x", "path": format!("sites/{SITE}/content/moi.md"),
                   "raw": "---\ntitle: Mới\nupdated: \"2026-11-01\"\n---\nx\n"}], "assets": []},
    });
    let replace = |from: &'static str, to: String| {
        move |h: Vec<String>| -> Vec<String> {
            h.into_iter()
                .map(|l| if l.starts_with(from) { to.clone() } else { l })
                .filter(|l| !l.is_empty())
                .collect()
        }
    };
    let port = e.addr.rsplit(':').next().unwrap().to_owned();
    for tweak in [
        replace("Origin:", "Origin: https://evil.example".to_owned()),
        replace("Origin:", "Origin: null".to_owned()),
        replace("Origin:", String::new()),
        replace(
            "Origin:",
            format!(
                "Origin: http://127.0.0.1:{}",
                port.parse::<u32>().unwrap() + 1
            ),
        ),
        replace("Sec-Fetch-Site:", "Sec-Fetch-Site: cross-site".to_owned()),
    ] {
        let (s, v) = e.api_with(SITE, &write, tweak);
        assert_eq!(s, 403, "{v}");
        assert!(error_of(&v).contains("Origin khác"), "{v}");
    }
    // DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own host name.
    for host in [
        "evil.example",
        "evil.example:80",
        "127.0.0.1",
        "localhost:1",
    ] {
        let h = format!("Host: {host}");
        let (s, v) = e.api_with(SITE, &write, move |l: Vec<String>| {
            l.into_iter()
                .map(|x| if x.starts_with("Host:") { h.clone() } else { x })
                .collect()
        });
        assert_eq!(s, 403, "{host}: {v}");
        assert!(error_of(&v).contains("chỉ mở được từ máy này"), "{v}");
    }
    let (s, _, _) = request(
        &e.addr,
        &format!("GET /admin/?site={SITE} HTTP/1.1\r\nHost: evil.example\r\n"),
        b"",
    );
    assert_eq!(s, 403, "the token page is not handed to another host name");
    assert!(
        !p.root
            .join("sites")
            .join(SITE)
            .join("content/moi.md")
            .exists()
    );
    // `localhost` and `[::1]` by name are this server too.
    let h = format!("Host: localhost:{port}");
    let o = format!("Origin: http://localhost:{port}");
    let (s, v) = e.api_with(SITE, &write, move |l: Vec<String>| {
        l.into_iter()
            .map(|x| {
                if x.starts_with("Host:") {
                    h.clone()
                } else if x.starts_with("Origin:") {
                    o.clone()
                } else {
                    x
                }
            })
            .collect()
    });
    assert_eq!(s, 200, "{v}");
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one table of hostile paths, each tried against the live API"
)]
fn api_paths_cannot_leave_the_sites_sources() {
    let p = ProjectTest::from_fixture("core/basic");
    let outside = p.root.join("outside.md");
    std::fs::write(&outside, "secret").unwrap();
    #[cfg(unix)]
    {
        let c = p.root.join("sites").join(SITE).join("content");
        std::os::unix::fs::symlink(&outside, c.join("link.md")).unwrap();
        std::os::unix::fs::symlink(
            p.root.join("sites/phuong-nghia-lo/content"),
            c.join("ben-kia"),
        )
        .unwrap();
    }
    let e = Editor::start(&p.root, &[]);
    let raw = "---\ntitle: Hack\nupdated: \"2026-11-01\"\n---\nx\n";
    for path in [
        "../phuong-nghia-lo/content/_index.md",
        "content/../../phuong-nghia-lo/content/_index.md",
        "content/%2e%2e/%2e%2e/phuong-nghia-lo/content/_index.md",
        "..%2f..%2foutside.md",
        "content\\..\\..\\outside.md",
        "C:/x.md",
        "../../public/index.html",
        "content/x.html",
        "content/./gioi-thieu.md",
        ".thung-rac/x.md",
        ".congxa-cache/x.md",
        "static/anh.md",
        "theme.yaml",
        "content/link.md",
        "content/ben-kia/_index.md",
    ]
    .iter()
    .map(|r| format!("sites/{SITE}/{r}"))
    .chain(
        [
            "/etc/passwd",
            "/tmp/x.md",
            "outside.md",
            "sites/phuong-nghia-lo/content/_index.md",
            "public/phuong-ba-dinh/index.md",
            "sites/phuong-ba-dinh",
        ]
        .map(String::from),
    ) {
        let path = path.as_str();
        let (s, v) = e.save(path, raw);
        assert_eq!(s, 403, "{path}: {v}");
        assert!(error_of(&v).starts_with("Không được phép"), "{path}: {v}");
        let (s, _) = e.api(&serde_json::json!({"action": "getEntry", "params": {"path": path}}));
        assert_eq!(s, 403, "read {path}");
    }
    for folder in [
        "..",
        "content/..",
        "/",
        "content/ben-kia",
        "../phuong-nghia-lo/content",
    ] {
        let (s, _) = e.api(&serde_json::json!({"action": "entriesByFolder",
            "params": {"folder": folder, "extension": "md", "depth": 5}}));
        assert_eq!(s, 403, "list {folder}");
    }
    for media in [
        "sites/phuong-nghia-lo/static",
        "sites/phuong-ba-dinh/static/../..",
        "sites/phuong-ba-dinh/content",
        "static",
    ] {
        let (s, _) =
            e.api(&serde_json::json!({"action": "getMedia", "params": {"mediaFolder": media}}));
        assert_eq!(s, 403, "media {media}");
    }
    let (s, v) = e.api(
        &serde_json::json!({"action": "persistMedia", "params": {"asset":
        {"path": "sites/phuong-nghia-lo/static/x.pdf", "content": "eA==", "encoding": "base64"}}}),
    );
    assert_eq!(s, 403, "{v}");
    let (s, v) = e.api(&serde_json::json!({"action": "deleteFiles",
        "params": {"paths": [format!("sites/{SITE}/content/gioi-thieu.md"), format!("sites/{SITE}/../phuong-nghia-lo/site.yaml")]}}));
    assert_eq!(s, 403, "{v}");
    assert!(
        p.root
            .join("sites")
            .join(SITE)
            .join("content/gioi-thieu.md")
            .is_file(),
        "nothing deleted when one path is refused"
    );
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "secret");
    assert!(
        !p.root.join("public").exists(),
        "the editor never writes public/"
    );
    // Listings leave the symlinks out.
    let (_, v) = e.api(&serde_json::json!({"action": "entriesByFolder",
        "params": {"folder": format!("sites/{SITE}/content"), "extension": "md", "depth": 5}}));
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["file"]["path"].as_str().unwrap())
        .collect();
    let want: Vec<String> = [
        "_index.md",
        "gioi-thieu.md",
        "thon/_index.md",
        "thon/nhap.md",
        "thon/to-1.md",
    ]
    .iter()
    .map(|f| format!("sites/{SITE}/content/{f}"))
    .collect();
    assert_eq!(paths, want);
}

#[test]
fn a_site_not_being_served_is_refused() {
    let p = ProjectTest::from_fixture("core/basic");
    let e = Editor::start(&p.root, &["--site", SITE]);
    let info = serde_json::json!({"action": "info", "params": {}});
    for site in [
        "phuong-nghia-lo",
        "khong-co",
        "..",
        "phuong-ba-dinh/../phuong-nghia-lo",
    ] {
        let (s, v) = e.api_with(site, &info, |h| h);
        assert_eq!(s, 404, "{site}: {v}");
        let (s, _) = e.get(&format!("/admin/?site={site}"));
        assert_eq!(s, 404, "{site}");
    }
    let (s, v) = e.get("/admin/config.yml?site=phuong-nghia-lo");
    assert_eq!(s, 404, "{v}");
}

#[test]
fn a_save_of_a_file_changed_on_disk_since_it_was_read_is_a_conflict() {
    let p = ProjectTest::from_fixture("core/basic");
    let e = Editor::start(&p.root, &[]);
    let file = p
        .root
        .join("sites")
        .join(SITE)
        .join("content/gioi-thieu.md");
    let v = e.read(&format!("sites/{SITE}/content/gioi-thieu.md"));
    let original = v["data"].as_str().unwrap().to_owned();
    let clerk = original.replace(
        "Phường nằm ở trung tâm.",
        "Phường nằm ở trung tâm thành phố.",
    );
    // Someone else edits the file in a text editor meanwhile.
    let theirs = original.replace("Giới thiệu phường.", "Giới thiệu phường (bản khác).");
    std::fs::write(&file, &theirs).unwrap();
    let (s, v) = e.save(&format!("sites/{SITE}/content/gioi-thieu.md"), &clerk);
    assert_eq!(s, 409, "{v}");
    assert_eq!(
        v["error"].as_str().unwrap(),
        "Chưa lưu: tệp `content/gioi-thieu.md` vừa bị thay đổi ở nơi khác từ lúc bạn mở nó. Hãy chép phần vừa sửa ra chỗ khác, tải lại trang soạn thảo (F5) để xem bản mới rồi sửa lại."
    );
    assert!(
        v["error_en"]
            .as_str()
            .unwrap()
            .starts_with("Not saved: `content/gioi-thieu.md` was changed elsewhere")
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        theirs,
        "their edit stays"
    );
    // Read again: the save goes through.
    e.read(&format!("sites/{SITE}/content/gioi-thieu.md"));
    let mine = theirs.replace(
        "Phường nằm ở trung tâm.",
        "Phường nằm ở trung tâm thành phố.",
    );
    let (s, v) = e.save(&format!("sites/{SITE}/content/gioi-thieu.md"), &mine);
    assert_eq!(s, 200, "{v}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("trung tâm thành phố")
    );
    // A new page over a file that exists (never read) is refused, not overwritten.
    let (s, v) = e.save(
        &format!("sites/{SITE}/content/thon/to-1.md"),
        "---\ntitle: Đè\nupdated: \"2026-11-01\"\n---\n",
    );
    assert_eq!(s, 409, "{v}");
    assert!(error_of(&v).contains("đã có sẵn"), "{v}");
}

#[test]
fn a_save_that_check_refuses_is_put_back_and_says_why_unless_the_page_is_a_draft() {
    let p = ProjectTest::from_fixture("core/basic");
    let e = Editor::start(&p.root, &[]);
    let file = p
        .root
        .join("sites")
        .join(SITE)
        .join("content/gioi-thieu.md");
    let before = std::fs::read(&file).unwrap();
    let v = e.read(&format!("sites/{SITE}/content/gioi-thieu.md"));
    let bad = v["data"]
        .as_str()
        .unwrap()
        .replace("updated: \"2026-11-01\"", "updated: \"31/12/2026\"");
    let (s, v) = e.save(&format!("sites/{SITE}/content/gioi-thieu.md"), &bad);
    assert_eq!(s, 422, "{v}");
    let err = error_of(&v);
    assert!(
        err.starts_with(
            "Chưa lưu, vì trang sẽ có lỗi: sites/phuong-ba-dinh/content/gioi-thieu.md:4:"
        ),
        "{err}"
    );
    assert!(err.contains("31/12/2026"), "{err}");
    assert!(
        v["error_en"]
            .as_str()
            .unwrap()
            .starts_with("Not saved: the site would have errors:"),
        "{v}"
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is put back"
    );
    // A draft may be saved unfinished.
    let draft = "---\ntitle: Trang mới\nupdated: \"31/12/2026\"\ndraft: true\n---\nĐang viết.\n";
    let (s, v) = e.save(&format!("sites/{SITE}/content/trang-moi.md"), draft);
    assert_eq!(s, 200, "{v}");
    let saved = p.root.join("sites").join(SITE).join("content/trang-moi.md");
    assert_eq!(std::fs::read_to_string(saved).unwrap(), draft);
    // A photo that the image pipeline refuses is not kept either.
    let (s, v) = e.api(
        &serde_json::json!({"action": "persistMedia", "params": {"asset":
        {"path": format!("sites/{SITE}/static/anh/hong.jpg"), "content": "bm90IGEgcGhvdG8=", "encoding": "base64"}}}),
    );
    assert_eq!(s, 422, "{v}");
    assert!(
        !p.root
            .join("sites")
            .join(SITE)
            .join("static/anh/hong.jpg")
            .exists()
    );
}

#[test]
fn deleted_files_go_to_the_sites_trash_out_of_the_build_and_the_listing() {
    let p = ProjectTest::from_fixture("core/basic");
    let e = Editor::start(&p.root, &[]);
    let site = p.root.join("sites").join(SITE);
    let text = std::fs::read(site.join("content/thon/nhap.md")).unwrap();
    let (s, v) = e.api(
        &serde_json::json!({"action": "deleteFile", "params": {"path": format!("sites/{SITE}/content/thon/nhap.md")}}),
    );
    assert_eq!(s, 200, "{v}");
    assert!(!site.join("content/thon/nhap.md").exists());
    let trashed: Vec<_> = walkdir::WalkDir::new(site.join(".thung-rac"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|d| d.file_type().is_file())
        .collect();
    assert_eq!(trashed.len(), 1);
    assert!(
        trashed[0].path().ends_with("content/thon/nhap.md"),
        "{:?}",
        trashed[0].path()
    );
    assert_eq!(std::fs::read(trashed[0].path()).unwrap(), text);
    let (_, v) = e.api(&serde_json::json!({"action": "entriesByFolder",
        "params": {"folder": format!("sites/{SITE}/content/thon"), "extension": "md", "depth": 1}}));
    assert_eq!(v.as_array().unwrap().len(), 2, "{v}");
    p.run(&["check"]).assert_ok();
}

#[test]
fn saving_a_page_through_the_forms_without_a_change_keeps_every_byte() {
    let p = ProjectTest::from_fixture("core/basic");
    let e = Editor::start(&p.root, &[]);
    let file = p
        .root
        .join("sites")
        .join(SITE)
        .join("content/gioi-thieu.md");
    let before = std::fs::read(&file).unwrap();
    let v = e.read(&format!("sites/{SITE}/content/gioi-thieu.md"));
    let body = v["data"]
        .as_str()
        .unwrap()
        .split("---\n")
        .nth(2)
        .unwrap()
        .to_owned();
    // What Decap sends back: the same values, quoted and ordered its own way.
    let sent = format!(
        "---\ntitle: \"Giới thiệu\"\ndescription: \"Giới thiệu phường.\"\nupdated: \"2026-11-01\"\nnav: true\n---\n{body}"
    );
    let (s, v) = e.save(&format!("sites/{SITE}/content/gioi-thieu.md"), &sent);
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        String::from_utf8(std::fs::read(&file).unwrap()).unwrap(),
        String::from_utf8(before).unwrap()
    );
}

/// `GET /anh/<name>` as the editor's preview pane asks for a page's photo; `extra` header lines.
fn photo(e: &Editor, name: &str, extra: &[String]) -> (u16, String, String) {
    let mut head = format!("GET /anh/{name} HTTP/1.1\r\nHost: {}\r\n", e.addr);
    for h in extra {
        head.push_str(h);
        head.push_str("\r\n");
    }
    request(&e.addr, &head, b"")
}

#[test]
fn the_editors_preview_pane_gets_the_photos_of_its_own_site_at_the_media_url_and_nothing_else() {
    let p = ProjectTest::from_fixture("core/basic");
    let sites = p.root.join("sites");
    for (site, bytes) in [(SITE, "anh ba dinh"), ("phuong-nghia-lo", "anh nghia lo")] {
        std::fs::create_dir_all(sites.join(site).join("static/anh")).unwrap();
        std::fs::write(sites.join(site).join("static/anh/cho-phien.jpg"), bytes).unwrap();
    }
    std::fs::write(sites.join(SITE).join("static/anh/.an.jpg"), "hidden").unwrap();
    std::fs::write(p.root.join("outside.jpg"), "secret").unwrap();
    #[cfg(unix)]
    {
        let anh = sites.join(SITE).join("static/anh");
        std::os::unix::fs::symlink(p.root.join("outside.jpg"), anh.join("link.jpg")).unwrap();
        let other = sites.join("phuong-nghia-lo-lao-cai/static");
        std::fs::create_dir_all(&other).unwrap();
        std::os::unix::fs::symlink(&p.root, other.join("anh")).unwrap();
    }
    let e = Editor::start(&p.root, &[]);
    let from = |site: &str| vec![format!("Referer: http://{}/admin/?site={site}", e.addr)];
    let (s, head, body) = photo(&e, "cho-phien.jpg", &from(SITE));
    assert_eq!((s, body.as_str()), (200, "anh ba dinh"), "{head}");
    assert!(head.contains("Content-Type: image/jpeg"), "{head}");
    assert!(
        head.contains("Cross-Origin-Resource-Policy: same-origin"),
        "{head}"
    );
    let (s, _, body) = photo(&e, "cho-phien.jpg", &from("phuong-nghia-lo"));
    assert_eq!((s, body.as_str()), (200, "anh nghia lo"));
    // Several sites served and no editor page asking: which site's photo is not known.
    assert_eq!(photo(&e, "cho-phien.jpg", &[]).0, 404);
    let elsewhere = vec![format!("Referer: http://evil.example/admin/?site={SITE}")];
    assert_eq!(photo(&e, "cho-phien.jpg", &elsewhere).0, 404);
    let mut embedded = from(SITE);
    embedded.push("Sec-Fetch-Site: cross-site".to_owned());
    assert_eq!(photo(&e, "cho-phien.jpg", &embedded).0, 403);
    for name in [
        "../../site.yaml",
        "%2e%2e/%2e%2e/site.yaml",
        "..%2f..%2fsite.yaml",
        ".an.jpg",
        "link.jpg",
        "",
        "khong-co.jpg",
    ] {
        let (s, _, body) = photo(&e, name, &from(SITE));
        assert!(s == 400 || s == 404, "{name}: {s} {body}");
        assert!(
            !body.contains("secret") && !body.contains("hidden"),
            "{name}"
        );
    }
    let (s, _, body) = photo(&e, "outside.jpg", &from("phuong-nghia-lo-lao-cai"));
    assert_eq!(
        s, 404,
        "a symlinked media folder leads out of the site: {body}"
    );
    let (s, _, _) = request(
        &e.addr,
        &format!(
            "GET /anh/cho-phien.jpg HTTP/1.1\r\nHost: evil.example:{}\r\n",
            e.addr.rsplit(':').next().unwrap()
        ),
        b"",
    );
    assert_eq!(s, 403, "another Host (DNS rebinding)");
    let (s, _, _) = request(
        &e.addr,
        &format!(
            "POST /anh/cho-phien.jpg HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\n",
            e.addr
        ),
        b"",
    );
    assert_eq!(s, 405);
    drop(e);
    // One site served: its photos, whoever asks on this computer's editor origin.
    let one = Editor::start(&p.root, &["--site", SITE]);
    let (s, _, body) = photo(&one, "cho-phien.jpg", &[]);
    assert_eq!((s, body.as_str()), (200, "anh ba dinh"));
}

#[test]
fn a_field_emptied_in_the_form_leaves_with_its_comment_and_the_section_comment_stays() {
    let p = ProjectTest::from_fixture("core/basic");
    let file = p
        .root
        .join("sites")
        .join(SITE)
        .join("content/gioi-thieu.md");
    let old = std::fs::read_to_string(&file).unwrap();
    let commented = old
        .replacen(
            "description:",
            "# Một câu cho máy tìm kiếm, Zalo\ndescription:",
            1,
        )
        .replacen("updated:", "\n# Ngày tháng\n\nupdated:", 1);
    std::fs::write(&file, &commented).unwrap();
    let e = Editor::start(&p.root, &[]);
    let path = format!("sites/{SITE}/content/gioi-thieu.md");
    let v = e.read(&path);
    let body = v["data"]
        .as_str()
        .unwrap()
        .split("---\n")
        .nth(2)
        .unwrap()
        .to_owned();
    // Decap sends an emptied optional field as "".
    let sent = format!(
        "---\ntitle: \"Giới thiệu\"\ndescription: \"\"\nupdated: \"2026-11-01\"\nnav: true\n---\n{body}"
    );
    let (s, v) = e.save(&path, &sent);
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        old.replacen("description: Giới thiệu phường.\n", "", 1)
            .replacen("updated:", "\n# Ngày tháng\n\nupdated:", 1)
    );
}

/// A refusal is sent before the request's body is read; closing with those bytes unread made
/// the kernel reset the connection, and the client sometimes lost the 403 ("connection reset by
/// peer" in `api_from_another_origin_or_host_is_refused`). The server now drains before closing.
#[test]
fn a_refused_request_with_an_unread_body_still_gets_its_answer() {
    let p = ProjectTest::from_fixture("core/basic");
    let e = Editor::start(&p.root, &[]);
    let body = format!(
        "{{\"action\":\"x\",\"pad\":\"{}\"}}",
        "a".repeat(256 * 1024)
    );
    for _ in 0..10 {
        let head = format!(
            "POST /api/v1?site={SITE} HTTP/1.1\r\nHost: {}\r\nOrigin: https://evil.example\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            e.addr,
            body.len()
        );
        let (status, _, text) = request(&e.addr, &head, body.as_bytes());
        assert_eq!(status, 403, "{text}");
        assert!(text.contains("Origin khác"), "{text}");
    }
}
