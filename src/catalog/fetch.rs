//! `congxa catalog fetch`: downloads the national public-service portal's procedure records
//! into a folder, one JSON file per record, for `catalog import` to read.
//!
//! The portal's public citizen API answers POST requests with a JSON envelope
//! `{"code": "OK", "data": …, "message": …}` (HTTP 200 or 201). Three endpoints are used, their
//! paths taken from a public crawl of the portal and **not verified against the live portal**:
//! the catalogue (pages of 50 list items, cursor `lastId`), one procedure's detail record by its
//! `id` (formalityId), and the provinces (to find a province's own SPECIFIC procedures).
//!
//! Being polite to a state server matters more than speed: one request at a time, at most
//! `rate` requests a second, retries with a doubling wait on timeouts, 5xx and 429 (honouring
//! `Retry-After`), and a browser-like User-Agent (the portal's firewall answers short ones with
//! an HTML page). A run can be stopped and started again: a detail file already on disk that
//! parses and carries the expected `id` is not downloaded again, and every file is written to a
//! temp name and renamed, so a killed run never leaves half a record that looks whole.
//!
//! Output folder:
//! - `catalogue.json`: the list items kept (national STANDARD ones, plus the province's SPECIFIC
//!   ones with `--province`), sorted by code, as the portal sent them;
//! - `provinces.json`: the portal's province list (only with `--province`);
//! - `details/<code>.json`: each procedure's detail envelope, byte for byte as received.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::diag::{Diagnostic, Diagnostics, Msg, Span};
use crate::msg;

/// The portal (HTTPS). Tests and mirrors pass another base.
pub const PORTAL: &str = "https://dichvucong.gov.vn";
/// Paths of the portal's public citizen API, from a public crawl; not verified live.
pub const CATALOGUE_PATH: &str =
    "/api/v1/submitting/formality/list-all-public-formality-by-citizen";
/// See [`CATALOGUE_PATH`].
pub const DETAIL_PATH: &str = "/api/v1/configuring/formality/get-formality-by-citizen";
/// See [`CATALOGUE_PATH`].
pub const PROVINCES_PATH: &str = "/api/v1/configuring/province-vn/list-by-citizen";
/// List items per catalogue page, as the portal's own site asks for.
const PAGE: usize = 50;
/// A runaway guard: the whole catalogue is ~115 pages of 50.
const MAX_PAGES: usize = 1000;
/// A detail record is ~100 KB; anything past this is not a record.
const MAX_BODY: u64 = 16 * 1024 * 1024;
/// The longest `Retry-After` waited for; a longer one ends that record's tries.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
/// The portal's firewall rejects short User-Agents with an HTML page.
const USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 congxa-catalog-fetch";

/// What to fetch and how politely.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Base URL of the portal, without a trailing slash.
    pub base: String,
    /// Output folder.
    pub out: PathBuf,
    /// Two-digit province code: also fetch that province's SPECIFIC procedures.
    pub province: Option<String>,
    /// At most this many requests a second.
    pub rate: f64,
    /// Time allowed for one whole request (connect, send, receive).
    pub timeout: Duration,
    /// Tries after the first one for a retryable failure.
    pub retries: u32,
    /// Wait before the first retry; doubled at each next one.
    pub retry_wait: Duration,
    /// Download again what is already on disk.
    pub refresh: bool,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct FetchReport {
    /// List items kept in `catalogue.json`.
    pub listed: usize,
    /// Whether `catalogue.json` was reused from an earlier run.
    pub catalogue_reused: bool,
    /// Detail records downloaded now.
    pub downloaded: usize,
    /// Detail records already on disk and valid.
    pub skipped: usize,
    /// One error per record that could not be fetched (the run went on with the others), and
    /// warnings (a code listed twice).
    pub diags: Diagnostics,
}

/// Why one request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No answer within the time allowed.
    Timeout,
    /// The connection could not be made or broke before the answer began.
    Network(String),
    /// The answer stopped before its end (the connection closed mid-body, or the JSON ends early).
    Truncated,
    /// An HTML page instead of JSON: the portal's firewall or an error page.
    Html(u16),
    /// 404.
    NotFound,
    /// 429, with the wait the server asked for.
    TooMany(Option<Duration>),
    /// Another HTTP status.
    Status(u16),
    /// A body that is not JSON, or JSON not shaped like the portal's envelope.
    NotJson(String),
    /// The envelope's `code` is not "OK".
    Refused(String),
}

impl Problem {
    fn retryable(&self) -> bool {
        match self {
            Problem::Timeout | Problem::Network(_) | Problem::Truncated => true,
            Problem::TooMany(wait) => wait.is_none_or(|w| w <= MAX_RETRY_AFTER),
            Problem::Status(s) => *s >= 500,
            _ => false,
        }
    }

    /// The message and the hint a clerk reads.
    pub fn explain(&self) -> (Msg, Msg) {
        let later = msg!(
            "Chờ một lúc rồi chạy lại đúng lệnh này: các bản ghi đã tải được giữ lại, lệnh chỉ tải những bản ghi còn thiếu.",
            "Wait a while and run the same command again: records already downloaded are kept and only the missing ones are fetched."
        );
        match self {
            Problem::Timeout => (
                msg!(
                    "Cổng không trả lời trong thời gian cho phép.",
                    "the portal did not answer in time."
                ),
                msg!(
                    "Kiểm tra kết nối mạng; nếu mạng chậm, tăng `--timeout`. Chạy lại lệnh để tải tiếp.",
                    "Check the network; on a slow line raise `--timeout`. Run the command again to carry on."
                ),
            ),
            Problem::Network(e) => (
                msg!(
                    "không kết nối được với Cổng: {e}",
                    "cannot connect to the portal: {e}"
                ),
                msg!(
                    "Kiểm tra kết nối mạng và địa chỉ `--base-url`, rồi chạy lại lệnh.",
                    "Check the network and the `--base-url` address, then run the command again."
                ),
            ),
            Problem::Truncated => (
                msg!(
                    "câu trả lời của Cổng bị cắt giữa chừng (không trọn bản ghi).",
                    "the portal's answer was cut off before its end (an incomplete record)."
                ),
                later,
            ),
            Problem::Html(s) => (
                msg!(
                    "Cổng trả về một trang HTML (mã {s}) thay cho dữ liệu JSON: thường là tường lửa của Cổng chặn yêu cầu hoặc một trang báo lỗi.",
                    "the portal sent an HTML page (status {s}) instead of JSON data: usually its firewall blocking the request, or an error page."
                ),
                msg!(
                    "Chờ vài phút rồi chạy lại lệnh, có thể với `--rate` nhỏ hơn (ví dụ `--rate 0.5`).",
                    "Wait a few minutes and run the command again, perhaps with a lower `--rate` (e.g. `--rate 0.5`)."
                ),
            ),
            Problem::NotFound => (
                msg!(
                    "Cổng không có bản ghi này (404).",
                    "the portal has no such record (404)."
                ),
                msg!(
                    "Bản ghi có thể đã bị gỡ khỏi Cổng. Chạy lại với `--refresh` để tải danh sách mới.",
                    "The record may have been taken off the portal. Run again with `--refresh` to get a new list."
                ),
            ),
            Problem::TooMany(wait) => {
                let secs = wait.map_or_else(|| "?".to_owned(), |w| w.as_secs().to_string());
                (
                    msg!(
                        "Cổng báo gửi quá nhiều yêu cầu (429) và yêu cầu chờ {secs} giây.",
                        "the portal says too many requests (429) and asks to wait {secs} seconds."
                    ),
                    msg!(
                        "Chạy lại sau với `--rate` nhỏ hơn (ví dụ `--rate 0.5`).",
                        "Run again later with a lower `--rate` (e.g. `--rate 0.5`)."
                    ),
                )
            }
            Problem::Status(s) => (
                msg!(
                    "Cổng trả lời mã lỗi HTTP {s}.",
                    "the portal answered with HTTP status {s}."
                ),
                later,
            ),
            Problem::NotJson(e) => (
                msg!(
                    "câu trả lời của Cổng không đúng định dạng bản ghi: {e}",
                    "the portal's answer is not a record in the expected format: {e}"
                ),
                msg!(
                    "Định dạng của Cổng có thể đã thay đổi; báo cho người duy trì congxa, kèm tên tệp này.",
                    "The portal's format may have changed; tell the congxa maintainers, naming this file."
                ),
            ),
            Problem::Refused(m) => (
                msg!(
                    "Cổng từ chối yêu cầu: {m}",
                    "the portal refused the request: {m}"
                ),
                later,
            ),
        }
    }
}

/// One agent, one request at a time, spaced by the rate limit.
struct Client {
    agent: ureq::Agent,
    opts: FetchOptions,
    last: Option<Instant>,
}

impl Client {
    fn new(opts: &FetchOptions) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .http_status_as_error(false)
            // A redirect would turn the POST into a GET somewhere else: report it instead.
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .build()
            .into();
        Client {
            agent,
            opts: opts.clone(),
            last: None,
        }
    }

    fn pace(&mut self) {
        if self.opts.rate > 0.0 {
            let gap = Duration::from_secs_f64(1.0 / self.opts.rate);
            if let Some(last) = self.last {
                let since = last.elapsed();
                if since < gap {
                    sleep(gap - since);
                }
            }
        }
        self.last = Some(Instant::now());
    }

    /// POSTs `body` to `path`, retrying what may pass; returns the envelope and its raw bytes.
    fn post(&mut self, path: &str, body: &Value) -> Result<(Value, Vec<u8>), Problem> {
        let mut wait = self.opts.retry_wait;
        let mut tries = 0;
        loop {
            self.pace();
            let result = self.post_once(path, body);
            match result {
                Err(p) if p.retryable() && tries < self.opts.retries => {
                    tries += 1;
                    let asked = match &p {
                        Problem::TooMany(Some(w)) => *w,
                        _ => Duration::ZERO,
                    };
                    sleep(wait.max(asked));
                    wait *= 2;
                }
                other => return other,
            }
        }
    }

    fn post_once(&mut self, path: &str, body: &Value) -> Result<(Value, Vec<u8>), Problem> {
        let url = format!("{}{path}", self.opts.base);
        let sent = self
            .agent
            .post(&url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/plain, */*")
            .header("Accept-Language", "vi-VN,vi;q=0.9")
            .send(body.to_string());
        let mut resp = match sent {
            Ok(r) => r,
            Err(ureq::Error::Timeout(_)) => return Err(Problem::Timeout),
            Err(e) => return Err(Problem::Network(e.to_string())),
        };
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header("content-type").unwrap_or_default();
        let retry_after = header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let read = resp.body_mut().with_config().limit(MAX_BODY).read_to_vec();
        let bytes = match read {
            Ok(b) => b,
            Err(ureq::Error::Timeout(_)) => return Err(Problem::Timeout),
            Err(_) => return Err(Problem::Truncated),
        };
        classify(status, &content_type, retry_after, bytes)
    }
}

/// Turns one HTTP answer into the envelope, or the problem it shows.
pub fn classify(
    status: u16,
    content_type: &str,
    retry_after: Option<Duration>,
    bytes: Vec<u8>,
) -> Result<(Value, Vec<u8>), Problem> {
    let looks_html = content_type.contains("html")
        || bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'<');
    match status {
        429 => return Err(Problem::TooMany(retry_after)),
        404 => return Err(Problem::NotFound),
        200..=299 if looks_html => return Err(Problem::Html(status)),
        200..=299 => {}
        _ if status >= 500 => return Err(Problem::Status(status)),
        _ if looks_html => return Err(Problem::Html(status)),
        _ => return Err(Problem::Status(status)),
    }
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) if e.is_eof() => return Err(Problem::Truncated),
        Err(e) => return Err(Problem::NotJson(e.to_string())),
    };
    match value.get("code").and_then(Value::as_str) {
        Some("OK") => {}
        Some(c) => {
            let m = value.get("message").and_then(Value::as_str).unwrap_or("");
            return Err(Problem::Refused(format!("{c} {m}").trim().to_owned()));
        }
        None => return Err(Problem::NotJson("no \"code\" field".to_owned())),
    }
    if !value.get("data").is_some_and(Value::is_object) {
        return Err(Problem::NotJson("no \"data\" object".to_owned()));
    }
    Ok((value, bytes))
}

/// A file name for a procedure code: codes are dotted digits ("1.001193"); anything else
/// (never seen) falls back to the record id, cleaned the same way.
pub fn file_stem(code: &str, id: &str) -> String {
    let ok = |s: &str| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
    };
    if ok(code) {
        code.to_owned()
    } else if ok(id) {
        format!("id-{id}")
    } else {
        let clean: String = format!("{code}-{id}")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .take(64)
            .collect();
        format!("x-{clean}")
    }
}

fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A detail file from an earlier run is kept when it is a whole envelope for this `id`.
fn detail_is_valid(path: &Path, id: &str) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    classify(200, "application/json", None, bytes)
        .is_ok_and(|(v, _)| v.get("data").is_some_and(|d| str_field(d, "id") == id))
}

/// Which list items a site of `province` (or the whole country) needs: every national
/// (STANDARD) procedure, and the province's own SPECIFIC ones, named by the promulgating body
/// ("UBND Thành phố Huế").
fn keep(item: &Value, province_name: Option<&str>) -> bool {
    match str_field(item, "type") {
        "SPECIFIC" => province_name.is_some_and(|name| {
            let by = str_field(item, "departmentPromulgate");
            let by = by
                .strip_prefix("UBND ")
                .or_else(|| by.strip_prefix("Ủy ban nhân dân "))
                .unwrap_or(by);
            crate::text::fold(by.trim()) == crate::text::fold(name.trim())
        }),
        _ => true,
    }
}

fn write(path: &Path, bytes: &[u8], diags: &mut Diagnostics) -> bool {
    let result = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| crate::fsx::write_atomic(path, bytes));
    if let Err(e) = result {
        diags.push(Diagnostic::error(
            Span::file(path),
            msg!("không ghi được tệp: {e}", "cannot write the file: {e}"),
        ));
        return false;
    }
    true
}

fn problem_at(path: &Path, what: &str, p: &Problem) -> Diagnostic {
    let (m, hint) = p.explain();
    Diagnostic::error(
        Span::file(path),
        Msg::new(format!("{what}: {}", m.vi), format!("{what}: {}", m.en)),
    )
    .hint(hint)
}

/// A run that cannot go on (no catalogue, an unknown province).
#[derive(Debug)]
pub struct FetchFailed(pub Diagnostic);

/// The province's name on the portal, from its province list (saved as `provinces.json`).
fn province_name(client: &mut Client, code: &str, out: &Path) -> Result<String, FetchFailed> {
    let path = out.join("provinces.json");
    let mut rows: Vec<Value> = Vec::new();
    let mut last_id = String::new();
    for _ in 0..100 {
        let body = json!({ "limit": 100, "lastId": last_id });
        let (v, _) = client
            .post(PROVINCES_PATH, &body)
            .map_err(|p| FetchFailed(problem_at(&path, "danh sách tỉnh / province list", &p)))?;
        let data = &v["data"];
        let batch = data
            .get("rows")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let next = str_field(data, "lastId").to_owned();
        let before = rows.len();
        for r in batch {
            if !rows
                .iter()
                .any(|o| str_field(o, "id") == str_field(&r, "id"))
            {
                rows.push(r);
            }
        }
        if rows.len() == before || next.is_empty() || next == last_id {
            break;
        }
        last_id = next;
    }
    rows.sort_by(|a, b| str_field(a, "code").cmp(str_field(b, "code")));
    let mut diags = Diagnostics::new();
    if !write(
        &path,
        crate::textfmt::json::pretty(&rows).as_bytes(),
        &mut diags,
    ) {
        return Err(FetchFailed(diags.items()[0].clone()));
    }
    let found = rows.iter().find(|r| str_field(r, "code") == code);
    found
        .map(|r| str_field(r, "name").to_owned())
        .ok_or_else(|| {
            let known: Vec<String> = rows
                .iter()
                .map(|r| format!("{} {}", str_field(r, "code"), str_field(r, "name")))
                .collect();
            let known = known.join(", ");
            FetchFailed(
                Diagnostic::error(
                    Span::file(&path),
                    msg!(
                        "Cổng không có tỉnh mã \"{code}\".",
                        "the portal has no province with code \"{code}\"."
                    ),
                )
                .hint(msg!(
                    "Dùng một mã trong danh sách của Cổng: {known}",
                    "Use one of the portal's codes: {known}"
                )),
            )
        })
}

/// Every list item of the catalogue, page by page.
fn catalogue_items(client: &mut Client, path: &Path) -> Result<Vec<Value>, FetchFailed> {
    let mut items = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut last_id = String::new();
    for page in 1..=MAX_PAGES {
        let body = json!({ "limit": PAGE, "lastId": last_id, "q": "", "categoryId": "", "departmentCode": "" });
        let what = format!("danh mục, trang {page} / catalogue, page {page}");
        let (v, _) = client
            .post(CATALOGUE_PATH, &body)
            .map_err(|p| FetchFailed(problem_at(path, &what, &p)))?;
        let data = &v["data"];
        let batch = data
            .get("items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut fresh = 0;
        for it in batch {
            if seen.insert(str_field(&it, "id").to_owned()) {
                items.push(it);
                fresh += 1;
            }
        }
        let next = str_field(data, "lastId").to_owned();
        // The end is an empty page (a short page is not trusted to be the last: the server may
        // cap the page size); a cursor that does not move, or a page of items already seen,
        // would loop forever.
        if fresh == 0 || next.is_empty() || next == last_id {
            break;
        }
        last_id = next;
    }
    Ok(items)
}

/// The kept list items: reused from `catalogue.json` when a valid one is there (a resumed run),
/// else downloaded and written.
fn catalogue(
    client: &mut Client,
    province: Option<&str>,
    report: &mut FetchReport,
) -> Result<Vec<Value>, FetchFailed> {
    let out = client.opts.out.clone();
    let path = out.join("catalogue.json");
    if !client.opts.refresh {
        let old = std::fs::read(&path).ok();
        if let Some(Ok(Value::Array(items))) = old.map(|b| serde_json::from_slice::<Value>(&b)) {
            report.catalogue_reused = true;
            return Ok(items);
        }
    }
    let name = match province {
        Some(code) => Some(province_name(client, code, &out)?),
        None => None,
    };
    let mut items: Vec<Value> = catalogue_items(client, &path)?
        .into_iter()
        .filter(|it| keep(it, name.as_deref()))
        .collect();
    items.sort_by(|a, b| {
        (str_field(a, "code"), str_field(a, "id")).cmp(&(str_field(b, "code"), str_field(b, "id")))
    });
    let mut diags = Diagnostics::new();
    if !write(
        &path,
        crate::textfmt::json::pretty(&items).as_bytes(),
        &mut diags,
    ) {
        return Err(FetchFailed(diags.items()[0].clone()));
    }
    Ok(items)
}

/// Runs a fetch. `progress(done, total)` is called after each detail record. Records that fail
/// are errors in the report; only a failure that stops everything (no catalogue) is `Err`.
pub fn fetch(
    opts: &FetchOptions,
    progress: &dyn Fn(usize, usize),
) -> Result<FetchReport, FetchFailed> {
    let mut client = Client::new(opts);
    let mut report = FetchReport::default();
    let items = catalogue(&mut client, opts.province.as_deref(), &mut report)?;
    report.listed = items.len();
    // One file per code: a code listed twice (never seen so far) keeps its first record.
    let mut by_file: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for it in &items {
        let (code, id) = (str_field(it, "code"), str_field(it, "id"));
        let stem = file_stem(code, id);
        if let Some((_, first)) = by_file.get(&stem) {
            report.diags.warning(
                Span::file(opts.out.join("catalogue.json")),
                msg!(
                    "mã {code} có hai bản ghi trên Cổng ({first} và {id}); chỉ tải bản ghi thứ nhất.",
                    "code {code} has two records on the portal ({first} and {id}); only the first is fetched."
                ),
            );
            continue;
        }
        by_file.insert(stem, (code, id));
    }
    let total = by_file.len();
    for (n, (stem, (code, id))) in by_file.iter().enumerate() {
        let path = opts.out.join("details").join(format!("{stem}.json"));
        if id.is_empty() {
            let p = Problem::NotJson("no \"id\" in the catalogue item".to_owned());
            report.diags.push(problem_at(&path, code, &p));
        } else if !opts.refresh && detail_is_valid(&path, id) {
            report.skipped += 1;
        } else {
            match client.post(DETAIL_PATH, &json!({ "id": id })) {
                Ok((v, bytes)) if str_field(&v["data"], "id") == *id => {
                    if write(&path, &bytes, &mut report.diags) {
                        report.downloaded += 1;
                    }
                }
                Ok(_) => {
                    let p = Problem::NotJson(format!("the record is not the one asked for ({id})"));
                    report.diags.push(problem_at(&path, code, &p));
                }
                Err(p) => report.diags.push(problem_at(&path, code, &p)),
            }
        }
        progress(n + 1, total);
    }
    Ok(report)
}

/// The closing line of a run.
pub fn summary(r: &FetchReport, out: &Path) -> Msg {
    let failed = r.diags.error_count();
    let reused = if r.catalogue_reused {
        Msg::new(
            " (danh sách của lần chạy trước)",
            " (the list of an earlier run)",
        )
    } else {
        Msg::new("", "")
    };
    let (listed, downloaded, skipped, out) = (r.listed, r.downloaded, r.skipped, out.display());
    let (rv, re) = (&reused.vi, &reused.en);
    msg!(
        "Danh mục: {listed} thủ tục{rv}; đã tải {downloaded} bản ghi, bỏ qua {skipped} bản ghi đã có, {failed} bản ghi lỗi; thư mục: {out}",
        "Catalogue: {listed} procedures{re}; downloaded {downloaded} records, skipped {skipped} already there, {failed} failed; folder: {out}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_page_with_status_200_is_not_a_record() {
        let r = classify(
            200,
            "text/html",
            None,
            b"<html>Request Rejected</html>".to_vec(),
        );
        assert_eq!(r.unwrap_err(), Problem::Html(200));
        let r = classify(200, "application/json", None, b"  <!doctype html>".to_vec());
        assert_eq!(r.unwrap_err(), Problem::Html(200));
    }

    #[test]
    fn json_that_ends_early_is_truncated_not_malformed() {
        let r = classify(
            201,
            "application/json",
            None,
            br#"{"code":"OK","data":{"id":"#.to_vec(),
        );
        assert_eq!(r.unwrap_err(), Problem::Truncated);
        let r = classify(
            201,
            "application/json",
            None,
            br#"{"code":"OK","data":[}"#.to_vec(),
        );
        assert!(matches!(r.unwrap_err(), Problem::NotJson(_)));
    }

    #[test]
    fn status_201_with_an_ok_envelope_is_a_record() {
        let body = br#"{"code":"OK","data":{"id":"x"},"message":null}"#.to_vec();
        let (v, raw) =
            classify(201, "application/json; charset=utf-8", None, body.clone()).unwrap();
        assert_eq!(v["data"]["id"], "x");
        assert_eq!(raw, body);
    }

    #[test]
    fn rate_limits_and_server_errors_are_retried_but_not_404_or_html() {
        assert!(Problem::TooMany(Some(Duration::from_secs(3))).retryable());
        assert!(!Problem::TooMany(Some(Duration::from_secs(3600))).retryable());
        assert!(Problem::Status(503).retryable());
        assert!(Problem::Timeout.retryable());
        assert!(!Problem::NotFound.retryable());
        assert!(!Problem::Html(200).retryable());
        assert!(!Problem::Status(400).retryable());
    }

    #[test]
    fn odd_codes_never_become_paths_outside_the_folder() {
        assert_eq!(file_stem("1.001193", "u"), "1.001193");
        assert_eq!(file_stem("../etc", "019d-ab"), "id-019d-ab");
        assert_eq!(file_stem("", "../x"), "x-____x");
        assert_eq!(file_stem(".hidden", "a/b"), "x-_hidden_a_b");
    }

    #[test]
    fn a_province_keeps_national_procedures_and_only_its_own_specific_ones() {
        let std_item = json!({ "type": "STANDARD" });
        let hue = json!({ "type": "SPECIFIC", "departmentPromulgate": "UBND Thành phố Huế" });
        assert!(keep(&std_item, None) && keep(&std_item, Some("Thành phố Huế")));
        assert!(keep(&hue, Some("Thành phố Huế")));
        assert!(!keep(&hue, Some("Thành phố Hồ Chí Minh")));
        assert!(!keep(&hue, None));
    }
}
