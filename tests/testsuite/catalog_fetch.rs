//! `congxa catalog fetch` against a local HTTP server that plays the portal: hand-written records
//! in the portal's format (tests/fixtures/catalog-fetch/portal/), and, for chosen codes, the ways
//! a real server fails: an HTML page instead of JSON, 404, 429 with Retry-After, 503, a body cut
//! off mid-way, no answer at all.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::repo;

/// How the server answers a detail request for a code, the n-th time (0-based) it is asked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mood {
    Fine,
    /// Everything fails as the test table says.
    Troubled,
}

struct Portal {
    port: u16,
    /// Requests seen, by "path id".
    seen: Arc<Mutex<BTreeMap<String, usize>>>,
    mood: Arc<Mutex<Mood>>,
}

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/catalog-fetch/portal")
}

fn envelope(data: Value) -> Vec<u8> {
    json!({ "code": "OK", "data": data, "message": null })
        .to_string()
        .into_bytes()
}

fn respond(s: &mut TcpStream, status: &str, ctype: &str, extra: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body);
}

/// The catalogue in pages of at most 4 (whatever the limit asked), cursor = last id of a page.
fn catalogue_page(body: &Value) -> Vec<u8> {
    let all: Vec<Value> =
        serde_json::from_slice(&std::fs::read(fixture().join("catalogue.json")).unwrap()).unwrap();
    let last = body["lastId"].as_str().unwrap_or("");
    let start = all
        .iter()
        .position(|it| it["id"] == last)
        .map_or(0, |i| i + 1);
    let page: Vec<Value> = all.iter().skip(start).take(4).cloned().collect();
    let next = page
        .last()
        .map_or(String::new(), |it| it["id"].as_str().unwrap().to_owned());
    envelope(json!({ "items": page, "lastId": next, "total": all.len() }))
}

fn detail_file(id: &str) -> Option<(String, Vec<u8>)> {
    let all: Vec<Value> =
        serde_json::from_slice(&std::fs::read(fixture().join("catalogue.json")).unwrap()).unwrap();
    let it = all.iter().find(|it| it["id"] == id)?;
    let code = it["code"].as_str().unwrap().to_owned();
    let bytes = std::fs::read(fixture().join("details").join(format!("{code}.json"))).unwrap();
    Some((code, bytes))
}

fn handle(mut s: TcpStream, seen: &Mutex<BTreeMap<String, usize>>, mood: Mood) {
    let mut reader = BufReader::new(s.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("").to_owned();
    let mut len = 0;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let id = body["id"].as_str().unwrap_or("").to_owned();
    let n = {
        let mut seen = seen.lock().unwrap();
        let e = seen.entry(format!("{path} {id}")).or_insert(0);
        *e += 1;
        *e - 1
    };
    let json = "application/json; charset=utf-8";
    if path.ends_with("/list-all-public-formality-by-citizen") {
        return respond(&mut s, "201 Created", json, "", &catalogue_page(&body));
    }
    if path.ends_with("/province-vn/list-by-citizen") {
        let rows: Value =
            serde_json::from_slice(&std::fs::read(fixture().join("provinces.json")).unwrap())
                .unwrap();
        let rows = if body["lastId"].as_str().unwrap_or("").is_empty() {
            rows
        } else {
            json!([])
        };
        let last = rows
            .as_array()
            .unwrap()
            .last()
            .map_or(json!(""), |r| r["id"].clone());
        return respond(
            &mut s,
            "201 Created",
            json,
            "",
            &envelope(json!({ "rows": rows, "lastId": last })),
        );
    }
    let Some((code, bytes)) = detail_file(&id) else {
        return respond(
            &mut s,
            "404 Not Found",
            json,
            "",
            b"{\"code\":\"NOT_FOUND\"}",
        );
    };
    match (mood, code.as_str()) {
        (Mood::Troubled, "2.000003") => respond(
            &mut s,
            "200 OK",
            "text/html",
            "",
            b"<html><head><title>Request Rejected</title></head><body>The requested URL was rejected.</body></html>",
        ),
        (Mood::Troubled, "2.000004") => respond(&mut s, "404 Not Found", json, "", b"{\"code\":\"NOT_FOUND\",\"message\":\"\"}"),
        // Asks to wait once, then answers: the record must arrive in the same run.
        (_, "2.000005") if n == 0 => respond(&mut s, "429 Too Many Requests", json, "Retry-After: 1\r\n", b"{}"),
        // Two server errors, then the record: retried within the run.
        (_, "2.000006") if n < 2 => respond(&mut s, "503 Service Unavailable", "text/plain", "", b"busy"),
        (Mood::Troubled, "2.000007") => {
            let head = format!(
                "HTTP/1.1 201 Created\r\nContent-Type: {json}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                bytes.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&bytes[..bytes.len() / 2]);
        }
        (Mood::Troubled, "2.000008") => std::thread::sleep(Duration::from_secs(4)),
        _ => respond(&mut s, "201 Created", json, "", &bytes),
    }
}

impl Portal {
    fn start() -> Portal {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(BTreeMap::new()));
        let mood = Arc::new(Mutex::new(Mood::Troubled));
        let (seen2, mood2) = (seen.clone(), mood.clone());
        std::thread::spawn(move || {
            for s in listener.incoming().flatten() {
                let (seen, mood) = (seen2.clone(), *mood2.lock().unwrap());
                std::thread::spawn(move || handle(s, &seen, mood));
            }
        });
        Portal { port, seen, mood }
    }

    fn detail_requests(&self) -> usize {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter(|(k, _)| k.contains("/get-formality-by-citizen"))
            .map(|(_, n)| n)
            .sum()
    }
}

fn fetch(portal: &Portal, out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(["catalog", "fetch", "--out"])
        .arg(out)
        .args(["--base-url", &format!("http://127.0.0.1:{}", portal.port)])
        .args([
            "--rate",
            "50",
            "--timeout",
            "1",
            "--retries",
            "2",
            "--retry-wait",
            "0.05",
        ])
        .args(extra)
        .output()
        .unwrap()
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("congxa-fetch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn fetch_keeps_every_good_record_reports_each_failure_in_both_languages_and_exits_1() {
    let portal = Portal::start();
    let out = temp("failures");
    let run = fetch(&portal, &out, &["--province", "79", "--lang", "en"]);
    let stderr = String::from_utf8_lossy(&run.stderr).replace(&out.display().to_string(), "OUT");
    let want = "\
1. error: OUT/details/2.000003.json: 2.000003: the portal sent an HTML page (status 200) instead of JSON data: usually its firewall blocking the request, or an error page.
   → Fix: Wait a few minutes and run the command again, perhaps with a lower `--rate` (e.g. `--rate 0.5`).
2. error: OUT/details/2.000004.json: 2.000004: the portal has no such record (404).
   → Fix: The record may have been taken off the portal. Run again with `--refresh` to get a new list.
3. error: OUT/details/2.000007.json: 2.000007: the portal's answer was cut off before its end (an incomplete record).
   → Fix: Wait a while and run the same command again: records already downloaded are kept and only the missing ones are fetched.
4. error: OUT/details/2.000008.json: 2.000008: the portal did not answer in time.
   → Fix: Check the network; on a slow line raise `--timeout`. Run the command again to carry on.
Catalogue: 9 procedures; downloaded 5 records, skipped 0 already there, 4 failed; folder: OUT
";
    assert_eq!(stderr, want);
    assert_eq!(run.status.code(), Some(1));
    // The national records and Hồ Chí Minh City's own one; not Huế's; nothing half-written.
    assert_eq!(
        names(&out.join("details")),
        [
            "1.000001.json",
            "1.000002.json",
            "2.000005.json",
            "2.000006.json",
            "3.000010.json"
        ]
    );
    for code in ["1.000001", "3.000010", "2.000005"] {
        let got = std::fs::read(out.join(format!("details/{code}.json"))).unwrap();
        let want = std::fs::read(fixture().join(format!("details/{code}.json"))).unwrap();
        assert_eq!(got, want, "{code} is saved byte for byte as served");
    }
    let list: Vec<Value> =
        serde_json::from_slice(&std::fs::read(out.join("catalogue.json")).unwrap()).unwrap();
    let codes: Vec<&str> = list.iter().map(|it| it["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 9);
    assert!(
        !codes.contains(&"3.000009"),
        "another province's procedure: {codes:?}"
    );
    assert_eq!(names(&out), ["catalogue.json", "details", "provinces.json"]);
    // 429 then the record; 503 twice then the record; the timeout tried 3 times.
    let seen = portal.seen.lock().unwrap();
    let asked = |n: u8| {
        seen[&format!(
            "/api/v1/configuring/formality/get-formality-by-citizen 00000000-0000-4000-8000-0000000000{n:02}"
        )]
    };
    assert_eq!(
        (asked(5), asked(6), asked(8), asked(3), asked(4)),
        (2, 3, 3, 1, 1)
    );
    drop(seen);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_second_fetch_skips_the_valid_records_and_fetches_only_the_missing_ones() {
    let portal = Portal::start();
    let out = temp("resume");
    fetch(&portal, &out, &[]);
    let first = portal.detail_requests();
    *portal.mood.lock().unwrap() = Mood::Fine;
    // A record spoilt on disk since (a copy cut short by hand) is fetched again too.
    std::fs::write(
        out.join("details/1.000002.json"),
        b"{\"code\":\"OK\",\"data\":{",
    )
    .unwrap();
    let run = fetch(&portal, &out, &["--lang", "en"]);
    let stderr = String::from_utf8_lossy(&run.stderr).replace(&out.display().to_string(), "OUT");
    assert_eq!(
        stderr,
        "Catalogue: 8 procedures (the list of an earlier run); downloaded 5 records, skipped 3 already there, 0 failed; folder: OUT\n"
    );
    assert_eq!(run.status.code(), Some(0));
    // 2.000003, 2.000004, 2.000007, 2.000008 that failed, and the spoilt 1.000002.
    assert_eq!(portal.detail_requests() - first, 5);
    assert_eq!(names(&out.join("details")).len(), 8);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_fetch_killed_mid_way_leaves_only_whole_records_and_the_next_run_completes_them() {
    let portal = Portal::start();
    *portal.mood.lock().unwrap() = Mood::Fine;
    let out = temp("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_congxa"))
        .args(["catalog", "fetch", "--out"])
        .arg(&out)
        .args(["--base-url", &format!("http://127.0.0.1:{}", portal.port)])
        .args(["--rate", "4", "--retry-wait", "0.05"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Stopped once two records are on disk, of eight at four a second.
    let dir = out.join("details");
    for _ in 0..400 {
        if dir.is_dir() && names(&dir).iter().filter(|n| !n.starts_with('.')).count() >= 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let whole: Vec<String> = names(&dir)
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(
        (2..8).contains(&whole.len()),
        "not stopped mid-way: {whole:?}"
    );
    for name in &whole {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        serde_json::from_slice::<Value>(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let before = portal.seen.lock().unwrap().clone();
    let run = fetch(&portal, &out, &["--lang", "en"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The second run asks only for the records the first did not finish.
    let after = portal.seen.lock().unwrap().clone();
    let asked: Vec<&str> = after
        .iter()
        .filter(|(k, n)| k.contains("/get-formality-by-citizen") && before.get(*k) != Some(*n))
        .map(|(k, _)| &k[k.len() - 2..])
        .collect();
    let missing: Vec<String> = (1..=8)
        .map(|n: u8| format!("{n:02}"))
        .filter(|n| !whole.iter().any(|w| w.ends_with(&format!("0{n}.json"))))
        .collect();
    assert_eq!(asked, missing);
    let records: Vec<String> = names(&out.join("details"))
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(records.len(), 8);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn an_unknown_province_code_stops_the_fetch_and_lists_the_portal_s_codes() {
    let portal = Portal::start();
    let out = temp("province");
    let run = fetch(&portal, &out, &["--province", "99", "--lang", "en"]);
    let stderr = String::from_utf8_lossy(&run.stderr).replace(&out.display().to_string(), "OUT");
    assert_eq!(
        stderr,
        "1. error: OUT/provinces.json: the portal has no province with code \"99\".\n   → Fix: Use one of the portal's codes: 46 Thành phố Huế, 79 Thành phố Hồ Chí Minh\n"
    );
    assert_eq!(run.status.code(), Some(1));
    let run = fetch(&portal, &out, &["--province", "7"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "`--province` là mã tỉnh hai chữ số, ví dụ `--province 79`.\n"
    );
    let _ = std::fs::remove_dir_all(&out);
}
