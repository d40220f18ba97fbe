//! The editor's own files, carried by the binary: Decap CMS's bundle exactly as its npm package
//! ships it (`editor/`, pinned in `editor/package-lock.json` and checked against the tarball's
//! integrity by `editor/vendor.sh`), kept gzip-compressed and served as it is
//! (`Content-Encoding: gzip`), its licences, and congxa's page and script around it.

/// `dist/decap-cms.js` of the pinned `decap-cms` package, gzip -9 -n.
pub const DECAP_JS_GZ: &[u8] = include_bytes!("../../editor/decap-cms.js.gz");
/// SHA-256 of the uncompressed bundle, recorded by `editor/vendor.sh` from the tarball.
pub const DECAP_JS_SHA256: &str = include_str!("../../editor/decap-cms.js.sha256");
/// Decap CMS's MIT licence.
pub const DECAP_LICENSE: &str = include_str!("../../editor/LICENSE-decap-cms.txt");
/// The licences of the libraries inside the bundle, as the package ships them.
pub const BUNDLE_LICENSES: &str = include_str!("../../editor/decap-cms.js.LICENSE.txt");
/// Runs before the bundle: adds the session token to the editor's API requests.
pub const ADMIN_JS: &str = include_str!("admin.js");

/// Content-Security-Policy of every `/admin/` answer: nothing from another origin (no CDN, no
/// font or analytics request), no framing. Decap styles its components at run time
/// (`'unsafe-inline'` styles) and compiles its configuration schema with `new Function` (ajv:
/// `'unsafe-eval'`); scripts still come only from this server.
pub const ADMIN_CSP: &str = "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self' blob:; frame-src 'self' blob:; child-src 'self' blob:; worker-src 'self' blob:; manifest-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The editor page of `site`: the session token in a meta tag (read by `admin.js`), the
/// generated configuration's URL, then the bundle (in the body: it mounts itself there).
pub fn admin_page(site: &str, token: &str) -> String {
    let s = escape(site);
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>Soạn trang: {s}</title><meta name=\"congxa-token\" content=\"{}\"><link href=\"/admin/config.yml?site={s}\" type=\"text/yaml\" rel=\"cms-config-url\"><script src=\"/admin/congxa-admin.js\"></script></head><body><script src=\"/admin/decap-cms.js\"></script></body></html>\n",
        escape(token)
    )
}

/// `/admin/` when more than one site is served: a link to each site's editor.
pub fn site_list(sites: &[String]) -> String {
    let items: String = sites
        .iter()
        .map(|s| {
            let s = escape(s);
            format!("<li><a href=\"/admin/?site={s}\">{s}</a></li>")
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Soạn trang</title><link rel=\"stylesheet\" href=\"/__congxa/live.css\"></head><body class=\"congxa-page\"><main><h1>Chọn trang web để soạn</h1><ul>{items}</ul></main></body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carried_bundle_is_the_pinned_packages_file() {
        let js = crate::weight::gunzip(DECAP_JS_GZ).unwrap();
        let hex = crate::hash::sha256_hex(&js);
        assert_eq!(hex, DECAP_JS_SHA256.trim());
        let lock = include_str!("../../editor/package-lock.json");
        assert!(
            lock.contains("\"node_modules/decap-cms\": {\n      \"version\": \"3.16.3\""),
            "vendor.sh records the version the lock pins"
        );
        assert!(DECAP_LICENSE.contains("MIT License"));
    }

    #[test]
    fn admin_page_loads_only_its_own_scripts() {
        let p = admin_page("xa-a\"><script>", "t0k");
        assert!(!p.contains("<script>\""), "{p}");
        assert!(p.contains("content=\"t0k\""));
        assert!(!p.contains("http"), "no other origin: {p}");
        assert!(!ADMIN_CSP.contains("http") && !ADMIN_CSP.contains('*'));
    }
}
