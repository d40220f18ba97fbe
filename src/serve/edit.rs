//! `congxa serve --edit`: the browser editor's routes on the preview server. `/admin/` serves
//! the vendored Decap CMS page of a site (`/admin/?site=<folder>`), `/admin/config.yml` its
//! generated configuration, `POST /api/v1?site=<folder>` the local backend (`edit::backend`),
//! and `GET /anh/<name>` the media library's photos for the CMS's own preview pane. Who may
//! call the API is decided here, before any file is touched: the peer is on loopback, the
//! `Host` header names this server (a DNS-rebinding page has its own host name there), `Origin`
//! is this server (a page of another site cannot send it), and the `X-Congxa-Token` header
//! holds the session's random token, which only the editor page carries.

use std::io::Read as _;
use std::net::{IpAddr, TcpStream};
use std::time::Duration;

use super::http::Response;
use crate::diag::{Lang, Msg};
use crate::edit::backend::{Backend, Reply};
use crate::edit::forms;
use crate::edit::vendor;
use crate::msg;

/// Largest API request (a phone photo, base64-encoded, with its entry).
const MAX_BODY: usize = 40 * 1024 * 1024;
/// Time a client has to send the body of an API request.
const BODY_DEADLINE: Duration = Duration::from_secs(60);
/// Stack of the thread that answers an API request (a build's worth, as the main thread has).
const WORKER_STACK: usize = 16 * 1024 * 1024;
/// The header that carries the session token.
pub const TOKEN_HEADER: &str = "x-congxa-token";

/// The editor of one `serve --edit` session.
pub struct Edit {
    backend: Backend,
    token: String,
    port: u16,
    lang: Lang,
}

/// A fresh random token (32 bytes, hex) for the session.
pub fn new_token() -> std::io::Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Why `--edit` refuses a `--bind` address: the editor writes files, so it is for this computer
/// only.
pub fn bind_refusal(bind: IpAddr) -> Option<Msg> {
    (!bind.is_loopback()).then(|| {
        msg!(
            "--edit chỉ chạy trên máy này: bỏ --bind {bind} (hoặc dùng --bind 127.0.0.1). Trình soạn thảo ghi được vào tệp, nên không được mở cho mạng; muốn cán bộ sửa từ máy khác, xem docs/soan-thao-tu-xa.md.",
            "--edit runs for this computer only: drop --bind {bind} (or use --bind 127.0.0.1). The editor writes files, so it is never open to the network; for editing from other computers see docs/soan-thao-tu-xa.md.",
        )
    })
}

/// The value of header `name` (lower case) in a request head.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The value of `key` in a query string (no decoding: site folders are plain ASCII slugs).
fn query<'a>(target: &'a str, key: &str) -> Option<&'a str> {
    let q = target.split_once('?')?.1.split('#').next()?;
    q.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then_some(v)
    })
}

/// Compares without stopping at the first differing byte.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn json(r: &Reply) -> Response {
    Response::new(r.status, "application/json", r.body.clone().into_bytes())
}

impl Edit {
    /// The editor over `backend`, for a server listening on `port`.
    pub fn new(backend: Backend, token: String, port: u16, lang: Lang) -> Self {
        Edit {
            backend,
            token,
            port,
            lang,
        }
    }

    fn refusal(&self, status: u16, m: &Msg) -> Response {
        let body = serde_json::json!({
            "error": m.get(self.lang),
            "error_vi": m.vi,
            "error_en": m.en,
        });
        json(&Reply {
            status,
            body: body.to_string(),
        })
    }

    /// Whether the `Host` header is this server by a loopback name.
    fn host_ok(&self, head: &str) -> Option<String> {
        let host = header(head, "host")?;
        let p = self.port;
        [
            format!("127.0.0.1:{p}"),
            format!("localhost:{p}"),
            format!("[::1]:{p}"),
        ]
        .into_iter()
        .find(|h| h.eq_ignore_ascii_case(host))
    }

    /// The answer to an editor route, or `None` when `path` is not one (the preview serves it).
    pub(super) fn route(
        &self,
        method: &str,
        target: &str,
        head: &str,
        early: Vec<u8>,
        stream: &mut TcpStream,
    ) -> Option<Response> {
        let path = target.split(['?', '#']).next().unwrap_or_default();
        // A site folder named like the media URL keeps its preview there.
        let media = path
            .strip_prefix(forms::MEDIA_URL)
            .filter(|rest| rest.starts_with('/'))
            .filter(|_| {
                !self
                    .backend
                    .serves(forms::MEDIA_URL.trim_start_matches('/'))
            });
        if path != "/api/v1" && path != "/admin" && !path.starts_with("/admin/") && media.is_none()
        {
            return None;
        }
        let local = stream.peer_addr().is_ok_and(|a| a.ip().is_loopback());
        let Some(host) = self.host_ok(head).filter(|_| local) else {
            return Some(self.refusal(
                403,
                &msg!(
                    "Không được phép: trình soạn thảo chỉ mở được từ máy này, tại http://127.0.0.1:{0}/admin/ hoặc http://localhost:{0}/admin/.",
                    "Refused: the editor only opens from this computer, at http://127.0.0.1:{0}/admin/ or http://localhost:{0}/admin/.",
                    self.port
                ),
            ));
        };
        if let Some(rest) = media {
            return Some(match method {
                "GET" | "HEAD" => self.media(&host, head, rest),
                _ => Response::text(405, "only GET and HEAD\n"),
            });
        }
        let site = query(target, "site").map(str::to_owned);
        if let Some(s) = site.as_deref().filter(|s| !self.backend.serves(s)) {
            return Some(self.refusal(
                404,
                &msg!(
                    "Phiên `congxa serve --edit` này không phục vụ trang `{s}`.",
                    "This `congxa serve --edit` session does not serve the site `{s}`.",
                ),
            ));
        }
        Some(match (method, path) {
            ("POST", "/api/v1") => self.api(&host, site.as_deref(), head, early, stream),
            ("GET" | "HEAD", _) => self.page(&host, path, site.as_deref()),
            _ => {
                let mut r = Response::text(405, "method not allowed\n");
                r.headers.push((
                    "Allow",
                    if path == "/api/v1" {
                        "POST"
                    } else {
                        "GET, HEAD"
                    }
                    .to_owned(),
                ));
                r
            }
        })
    }

    /// The editor's pages and files (`host`: the checked `Host` header), each with the CSP that keeps the CMS from loading anything
    /// from another origin.
    fn page(&self, host: &str, path: &str, site: Option<&str>) -> Response {
        let sites = self.backend.sites();
        let only = site.or_else(|| (sites.len() == 1).then(|| sites[0].as_str()));
        let mut r = match (path, only) {
            ("/admin", _) => {
                let mut r = Response::text(301, "moved\n");
                let q = site.map(|s| format!("?site={s}")).unwrap_or_default();
                r.headers.push(("Location", format!("/admin/{q}")));
                r
            }
            ("/admin/", Some(s)) => Response::new(
                200,
                "text/html; charset=utf-8",
                vendor::admin_page(s, &self.token).into_bytes(),
            ),
            ("/admin/", None) => Response::new(
                200,
                "text/html; charset=utf-8",
                vendor::site_list(&sites).into_bytes(),
            ),
            ("/admin/config.yml", Some(s)) => {
                // Absolute (Decap's `local_backend` wants a full URL), on the host name the
                // clerk opened, so the API stays same-origin.
                let api = format!("http://{host}/api/v1?site={s}");
                let preview = format!("http://{host}/{s}/");
                match self.backend.config_yml(s, &api, &preview) {
                    Ok(y) => Response::new(200, "text/yaml; charset=utf-8", y.into_bytes()),
                    Err(e) => json(&e),
                }
            }
            ("/admin/congxa-admin.js", _) => Response::new(
                200,
                "text/javascript; charset=utf-8",
                vendor::ADMIN_JS.as_bytes().to_vec(),
            ),
            ("/admin/decap-cms.js", _) => {
                let mut r = Response::new(
                    200,
                    "text/javascript; charset=utf-8",
                    vendor::DECAP_JS_GZ.to_vec(),
                );
                r.headers.push(("Content-Encoding", "gzip".to_owned()));
                r
            }
            ("/admin/LICENSE.txt", _) => Response::new(
                200,
                "text/plain; charset=utf-8",
                format!("{}\n\n{}", vendor::DECAP_LICENSE, vendor::BUNDLE_LICENSES).into_bytes(),
            ),
            _ => Response::text(404, "not found\n"),
        };
        r.headers
            .push(("Content-Security-Policy", vendor::ADMIN_CSP.to_owned()));
        r.headers.push(("X-Frame-Options", "DENY".to_owned()));
        // The editor's own requests name it (and its `?site=`) to this server, nothing to
        // another: the photos of its preview pane are found by it (`media`).
        r.headers
            .push(("Referrer-Policy", "same-origin".to_owned()));
        r
    }

    /// A photo of the media library at its public URL (`/anh/<rest>`): Decap's preview pane
    /// shows a page's Markdown on the editor's origin, where `/anh/x.jpg` is not the site's
    /// preview, so it is answered here from `sites/<site>/static/anh/` (the file as saved,
    /// before the build resizes it). The site is the one whose editor page asks (the
    /// `Referer`, same-origin only), else the only site served. Nothing outside that folder:
    /// `edit::backend` reads it under the API's path rules.
    fn media(&self, host: &str, head: &str, rest: &str) -> Response {
        // Another page may embed an image; it gets none from here (the browser says so).
        if header(head, "sec-fetch-site").is_some_and(|s| s != "same-origin") {
            return Response::text(403, "the editor's own pages only\n");
        }
        let from_editor = header(head, "referer")
            .filter(|r| r.starts_with(&format!("http://{host}/admin/")))
            .and_then(|r| query(r, "site"))
            .map(str::to_owned);
        let site = from_editor.or_else(|| {
            let sites = self.backend.sites();
            (sites.len() == 1).then(|| sites[0].clone())
        });
        let file = String::from_utf8(crate::text::percent_decode(rest).unwrap_or_default())
            .ok()
            .zip(site)
            .and_then(|(name, site)| self.backend.media_file(&site, name.trim_start_matches('/')));
        let mut r = match file {
            Some((rel, bytes)) => Response::new(
                200,
                super::http::content_type(std::path::Path::new(&rel)),
                bytes,
            ),
            None => Response::text(404, "not found\n"),
        };
        r.headers
            .push(("Cross-Origin-Resource-Policy", "same-origin".to_owned()));
        r.headers
            .push(("X-Content-Type-Options", "nosniff".to_owned()));
        r
    }

    /// `POST /api/v1`: same origin, the token, JSON, a bounded body; then the backend.
    fn api(
        &self,
        host: &str,
        site: Option<&str>,
        head: &str,
        early: Vec<u8>,
        stream: &mut TcpStream,
    ) -> Response {
        let origin_ok = header(head, "origin").is_some_and(|o| same(o, &format!("http://{host}")));
        let fetch_site_ok = header(head, "sec-fetch-site").is_none_or(|s| s == "same-origin");
        if !origin_ok || !fetch_site_ok {
            return self.refusal(
                403,
                &msg!(
                    "Không được phép: yêu cầu không đến từ trang soạn thảo của máy này (Origin khác).",
                    "Refused: the request does not come from this computer's editor page (another Origin).",
                ),
            );
        }
        if !header(head, TOKEN_HEADER).is_some_and(|t| same(t, &self.token)) {
            return self.refusal(
                403,
                &msg!(
                    "Không được phép: thiếu hoặc sai mã phiên. Tải lại trang soạn thảo (F5); nếu vừa khởi động lại `congxa serve --edit`, mở lại địa chỉ nó in ra.",
                    "Refused: missing or wrong session token. Reload the editor (F5); if `congxa serve --edit` was restarted, open the address it printed again.",
                ),
            );
        }
        let Some(site) = site else {
            return self.refusal(
                400,
                &msg!(
                    "Thiếu `?site=` (thư mục của trang trong sites/).",
                    "Missing `?site=` (the site's folder under sites/)."
                ),
            );
        };
        if !header(head, "content-type").is_some_and(|c| c.starts_with("application/json")) {
            return Response::text(415, "application/json only\n");
        }
        match read_body(head, early, stream) {
            Ok(body) => {
                // A save runs `check` on the site: far deeper than the connection thread's small
                // stack allows.
                let run = || self.backend.handle(site, &body);
                let reply = std::thread::scope(|s| {
                    std::thread::Builder::new()
                        .name("congxa-edit".into())
                        .stack_size(WORKER_STACK)
                        .spawn_scoped(s, run)
                        .ok()
                        .and_then(|h| h.join().ok())
                });
                match reply {
                    Some(r) => json(&r),
                    None => Response::text(500, "the editor's worker failed\n"),
                }
            }
            Err(status) => Response::text(status, "bad request body\n"),
        }
    }
}

/// The request body (`Content-Length` bytes, at most [`MAX_BODY`]), `early` being what was read
/// with the head.
fn read_body(head: &str, mut body: Vec<u8>, stream: &mut TcpStream) -> Result<Vec<u8>, u16> {
    let len: usize = header(head, "content-length")
        .and_then(|v| v.parse().ok())
        .ok_or(411u16)?;
    if len > MAX_BODY {
        return Err(413);
    }
    if body.len() > len {
        return Err(400);
    }
    let _ = stream.set_read_timeout(Some(BODY_DEADLINE));
    let start = body.len();
    body.resize(len, 0);
    stream.read_exact(&mut body[start..]).map_err(|_| 408u16)?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_query_are_read_case_insensitively_by_name() {
        let head =
            "POST /api/v1?site=xa-a HTTP/1.1\r\nHost: 127.0.0.1:9\r\nX-Congxa-Token:  abc \r\n";
        assert_eq!(header(head, "host"), Some("127.0.0.1:9"));
        assert_eq!(header(head, TOKEN_HEADER), Some("abc"));
        assert_eq!(header(head, "origin"), None);
        assert_eq!(query("/api/v1?a=1&site=xa-a", "site"), Some("xa-a"));
        assert_eq!(query("/api/v1", "site"), None);
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }

    #[test]
    fn edit_refuses_every_address_but_loopback() {
        assert!(bind_refusal("127.0.0.1".parse().unwrap()).is_none());
        assert!(bind_refusal("::1".parse().unwrap()).is_none());
        assert!(bind_refusal("0.0.0.0".parse().unwrap()).is_some());
        assert!(bind_refusal("192.168.1.5".parse().unwrap()).is_some());
        assert!(bind_refusal("::".parse().unwrap()).is_some());
    }
}
