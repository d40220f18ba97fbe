//! Property-based tests (proptest) of the parsers and the Markdown sanitizer, through the
//! library's public API: arbitrary and structured hostile input never panics, every problem is a
//! `Diagnostic` pointing into the file it was given (line ≤ number of lines + 1), and rendered
//! HTML never carries script, event handlers, inline styles, frames or `javascript:`/`data:` URLs.
//!
//! Bounded: 256 cases per property, no failure files written (`failure_persistence: None`); a
//! failing input found here is kept as an explicit regression test at the end of this file or in
//! `tests/regressions/` (replayed by `regressions_never_panic`).

use std::path::Path;

use congxa::config::SiteFile;
use congxa::content;
use congxa::diag::{Diagnostic, Diagnostics};
use congxa::front::{self, FrontMatter};
use congxa::markdown::{self, Links, PageTarget};
use congxa::procedures::schema::{OverridesFile, ProcedureFile};
use congxa::{fsx, text, yaml};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

/// 256 cases per property (CI); `PROPTEST_CASES=N` runs more locally to hunt for bugs.
fn config() -> ProptestConfig {
    crate::harness::proptest_config(256)
}

const FILE: &str = "sites/xa-thu/content/thon/trang.md";
const YAML_FILE: &str = "sites/xa-thu/site.yaml";

/// Number of lines a diagnostic may point at: every line, plus the one after a final newline.
/// Lines end at LF, CRLF or a lone CR, as YAML and `fsx::decode` count them.
fn max_line(text: &str) -> u32 {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .count() as u32
        + 1
}

/// Checks a diagnostic names `file` and a line within `1..=last` (0 = whole file).
fn check_diag(d: &Diagnostic, file: &str, last: u32) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        d.span.file.as_path(),
        Path::new(file),
        "wrong file in {:?}",
        d
    );
    prop_assert!(
        d.span.line <= last,
        "line {} past {} in {:?}",
        d.span.line,
        last,
        d
    );
    prop_assert!(
        !d.message.vi.trim().is_empty() && !d.message.en.trim().is_empty(),
        "empty message {:?}",
        d
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Loading a page (the library call is wrapped here so an API change touches one place).

/// Content paths of each kind of page (plain, section index, announcement, event, document).
const SOURCES: &[&str] = &[
    "thon/trang.md",
    "_index.md",
    "thong-bao/a.md",
    "su-kien/a.md",
    "van-ban/a.md",
];

fn load(text: &str, source: &str, diags: &mut Diagnostics) -> content::Loaded {
    let audiences = ["nguoi-cao-tuoi".to_owned()];
    let statics = ["files/qd.pdf".to_owned()];
    let vocab = congxa::items::Vocab {
        audiences: &audiences,
        static_files: &statics,
    };
    content::load_page(
        text,
        Path::new(FILE),
        source,
        time::macros::datetime!(2026-11-23 08:00 +7),
        &vocab,
        diags,
    )
}

// ---------------------------------------------------------------------------------------------
// HTML safety oracle. html5ever's serializer (behind ammonia) escapes `<` in text, so every `<`
// of the output opens a tag; attribute values are always double-quoted.

/// Tags the sanitizer may leave (ammonia's defaults plus `section`).
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "area",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tfoot",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
    "section",
];

/// Attributes whose value is a URL.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "cite",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "background",
    "longdesc",
    "usemap",
    "xlink:href",
];

fn decode_entities(v: &str) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let c = match ent {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "nbsp" => Some('\u{a0}'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme a browser would see in `url` (controls and whitespace removed, lower-cased).
fn browser_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let colon = cleaned.find(':')?;
    let before = &cleaned[..colon];
    // URL standard: a scheme is an ASCII letter then letters, digits, `+`, `-`, `.`; anything
    // else before the colon makes the URL relative (`java%0Ascript:x` is a path, not a scheme).
    let valid = before.starts_with(|c: char| c.is_ascii_alphabetic())
        && before
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| before.to_owned())
}

/// Why `html` is unsafe, if it is.
fn unsafe_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<iframe", "<object", "<embed", "<style", "<svg", "<math", "<form", "<base",
        "<meta", "<link", "<frame", "<!--",
    ] {
        if lower.contains(bad) {
            return Some(format!("contains `{bad}`"));
        }
    }
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric()) {
            i += 1;
        }
        let tag = html[start..i].to_ascii_lowercase();
        if !ALLOWED_TAGS.contains(&tag.as_str()) {
            return Some(format!(
                "tag `<{}{tag}` not in the allow-list",
                if closing { "/" } else { "" }
            ));
        }
        // Attributes up to `>`.
        loop {
            while i < b.len() && (b[i] == b' ' || b[i] == b'\n' || b[i] == b'\t' || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                return Some("unterminated tag".into());
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            let ns = i;
            while i < b.len() && !matches!(b[i], b'=' | b' ' | b'>' | b'\n' | b'\t' | b'/') {
                i += 1;
            }
            let name = html[ns..i].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                if b.get(i) != Some(&b'"') {
                    return Some(format!("unquoted attribute `{name}`"));
                }
                i += 1;
                let vs = i;
                while i < b.len() && b[i] != b'"' {
                    i += 1;
                }
                value = decode_entities(&html[vs..i.min(b.len())]);
                i += 1;
            }
            if name.starts_with("on") {
                return Some(format!("event handler attribute `{name}`"));
            }
            if name == "style" {
                return Some("`style` attribute".into());
            }
            if URL_ATTRS.contains(&name.as_str())
                && let Some(s) = browser_scheme(&value)
                && !matches!(s.as_str(), "http" | "https" | "mailto" | "tel" | "geo")
            {
                return Some(format!("`{name}=\"{value}\"` has scheme `{s}:`"));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Rendering with a fixed link context.

const BODY_LINE: u32 = 7;

fn render(body: &str) -> (markdown::Rendered, Vec<Diagnostic>) {
    let page_url = |p: &str| match p {
        "lien-he.md" => PageTarget::Url("lien-he/".to_owned()),
        "thon/a.md" => PageTarget::Url("thon/a/".to_owned()),
        "nhap.md" => PageTarget::Hidden,
        _ => PageTarget::Missing,
    };
    let static_exists = |p: &str| p == "files/qd.pdf" || p == "anh/a.jpg";
    let pages = vec![
        "lien-he.md".to_owned(),
        "thon/a.md".to_owned(),
        "nhap.md".to_owned(),
    ];
    let links = Links {
        file: Path::new(FILE),
        body_line: BODY_LINE,
        source_dir: "thon",
        to_root: "../../",
        page_url: &page_url,
        static_exists: &static_exists,
        all_pages: &pages,
        images: &std::collections::BTreeMap::new(),
    };
    markdown::render(body, &links)
}

fn check_render(body: &str) -> Result<(), TestCaseError> {
    let (r, problems) = render(body);
    if let Some(why) = unsafe_html(&r.html) {
        return Err(TestCaseError::fail(format!(
            "unsafe HTML ({why}) from {body:?}:\n{}",
            r.html
        )));
    }
    let last = BODY_LINE - 1 + max_line(body);
    for d in &problems {
        check_diag(d, FILE, last)?;
        prop_assert!(d.span.line >= BODY_LINE, "line before the body in {:?}", d);
    }
    for h in &r.toc {
        prop_assert!((2..=6).contains(&h.level), "heading level {}", h.level);
        prop_assert!(is_slug(&h.id) && !h.id.is_empty(), "heading id {:?}", h.id);
    }
    Ok(())
}

fn is_slug(s: &str) -> bool {
    s.is_empty()
        || (s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        }))
}

// ---------------------------------------------------------------------------------------------
// Structured generators.

/// Hostile and ordinary Markdown fragments, concatenated.
fn markdown_fragment() -> impl Strategy<Value = String> {
    let dests = prop_oneof![
        Just("javascript:alert(1)"),
        Just("JaVaScRiPt:alert(1)"),
        Just("java\tscript:alert(1)"),
        Just(" javascript:alert(1)"),
        Just("jav&#x61;script:alert(1)"),
        Just("&#106;avascript:alert(1)"),
        Just("javascript&colon;alert(1)"),
        Just("java%0Ascript:alert(1)"),
        Just("vbscript:msgbox(1)"),
        Just("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
        Just("DATA:image/svg+xml,<svg onload=alert(1)>"),
        Just("file:///etc/passwd"),
        Just("/etc/passwd"),
        Just("../../../../etc/passwd"),
        Just("%2e%2e/%2e%2e/etc/passwd"),
        Just("..%2f..%2fetc%2fpasswd"),
        Just("C:\\Windows\\win.ini"),
        Just("//evil.example/x.js"),
        Just("../lien-he.md#gio"),
        Just("a.md"),
        Just("../nhap.md"),
        Just("khong-co.md"),
        Just("/files/qd.pdf"),
        Just("files/qd.pdf?x=1#t"),
        Just("/anh/a.jpg"),
        Just("#muc"),
        Just(""),
        Just("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"),
        Just("http://example.vn/a b"),
        Just("mailto:ubnd@xa.gov.vn"),
        Just("tel:+842553822123"),
        Just("geo:15.1,108.8"),
        Just("ftp://example.vn/x"),
        Just("blob:https://x/1"),
        Just("%"),
        Just("%zz%"),
        Just("%ff%fe.md"),
    ];
    prop_oneof![
        // Links and images, inline and by reference.
        (dests.clone(), "[a-zA-Zđạ ]{0,8}").prop_map(|(d, t)| format!("[{t}]({d})")),
        (dests.clone(), "[a-zA-Zđạ ]{0,8}").prop_map(|(d, t)| format!("![{t}]({d})")),
        (dests.clone(), "[a-z]{1,4}").prop_map(|(d, r)| format!("[x][{r}]\n\n[{r}]: {d} \"t\"\n")),
        dests.clone().prop_map(|d| format!("<{d}>")),
        dests.clone().prop_map(|d| format!("<a href=\"{d}\">a</a>")),
        dests.clone().prop_map(|d| format!("<img src=\"{d}\" alt=x>")),
        // Raw HTML.
        prop_oneof![
            Just("<script>alert(1)</script>"),
            Just("<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
            Just("<scr<script>ipt>alert(1)</script>"),
            Just("<img src=x onerror=alert(1)>"),
            Just("<img src=x oNeRrOr=\"alert(1)\">"),
            Just("<iframe src=\"https://evil.example\"></iframe>"),
            Just("<object data=\"x.swf\"></object>"),
            Just("<embed src=\"x.swf\">"),
            Just("<style>body{display:none}</style>"),
            Just("<div style=\"position:fixed\">x</div>"),
            Just("<p style=\"color:red\" class=\"x\">y</p>"),
            Just("<svg><script>alert(1)</script></svg>"),
            Just("<svg onload=alert(1)>"),
            Just("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>"),
            Just("<form action=\"javascript:alert(1)\"><button formaction=javascript:alert(1)>x</button></form>"),
            Just("<base href=\"https://evil.example/\">"),
            Just("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">"),
            Just("<link rel=stylesheet href=//evil.example/x.css>"),
            Just("<a href=\"jav&#x09;ascript:alert(1)\">t</a>"),
            Just("<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">t</a>"),
            Just("<a href=\"javascript&colon;alert(1)\">t</a>"),
            Just("<details open ontoggle=alert(1)>x</details>"),
            Just("<!-- comment <script>alert(1)</script> -->"),
            Just("<![CDATA[<script>alert(1)</script>]]>"),
            Just("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>"),
            Just("<template><script>alert(1)</script></template>"),
            Just("<textarea><script>alert(1)</script></textarea>"),
            Just("<xmp><script>alert(1)</script></xmp>"),
            Just("<h1 id=\"x\" onclick=\"alert(1)\">H</h1>"),
            Just("<section id=\"s\" class=\"c\" style=\"x\">s</section>"),
            Just("<sup id=\"fn\" class=\"c\">1</sup>"),
            Just("<td style=\"text-align: center\" class=\"text-center\">c</td>"),
            Just("<table><tr><td background=\"javascript:alert(1)\">x</td></tr></table>"),
            Just("<video src=x onerror=alert(1)></video><audio src=x>"),
            Just("<input autofocus onfocus=alert(1)>"),
            Just("</p></div></section></body></html>"),
        ]
        .prop_map(str::to_owned),
        // Block structure.
        "[a-zA-ZĐđăâêôơưáàảãạ0-9 ]{0,20}".prop_map(|t| format!("\n# {t}\n")),
        "[a-zA-Zđ ]{0,12}".prop_map(|t| format!("\n###### {t} {{#id .c onclick=x}}\n")),
        Just("\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n".to_owned()),
        Just("\n| x |\n|---|\n| <script>alert(1)</script> |\n".to_owned()),
        "[a-z0-9]{1,4}".prop_map(|n| format!("Câu[^{n}].\n\n[^{n}]: Chú thích <b onclick=x>{n}</b>.\n")),
        Just("[^missing]".to_owned()),
        Just("\n```html\n<script>alert(1)</script>\n```\n".to_owned()),
        Just("\n    <script>indented code</script>\n".to_owned()),
        Just("`<script>`".to_owned()),
        Just("\n> trích dẫn [x](javascript:alert(1))\n".to_owned()),
        Just("\n- một\n  - hai\n    1. ba\n".to_owned()),
        Just("**đậm** _nghiêng_ ~~gạch~~ \"ngoặc\" -- --- ...".to_owned()),
        Just("&lt;script&gt; &amp; &#0; &#x110000; &#xD800; &bogus;".to_owned()),
        Just("\r\n\r".to_owned()),
        Just("\u{0}\u{1}\u{7f}\u{200b}\u{feff}\u{202e}".to_owned()),
        Just("\n\n".to_owned()),
        Just("\n---\n".to_owned()),
        "[ -~]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ]
}

/// A harmless SVG element, as drawing programs write them.
fn svg_shape() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u8..100, 0u8..100, 1u8..50).prop_map(|(x, y, r)| format!(
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"#1a73e8\"/>"
        )),
        (0u8..100, 0u8..100).prop_map(|(w, h)| format!(
            "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" stroke=\"red\" opacity=\"0.5\"/>"
        )),
        Just(
            "<path d=\"M0 0L10 10Z\" transform=\"rotate(45 50 50)\" stroke-width=\"2\"/>"
                .to_owned()
        ),
        "[a-zA-Zàáạđêôơư0-9 ]{0,20}".prop_map(|t| format!(
            "<text x=\"10\" y=\"20\" font-family=\"Arial, sans-serif\">{t}</text>"
        )),
        Just("<g id=\"lop-1\"><title>Sơ đồ trụ sở</title><desc>Tầng 1</desc></g>".to_owned()),
        Just("<use href=\"#lop-1\" x=\"5\"/>".to_owned()),
        Just(
            "<linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient>"
                .to_owned()
        ),
    ]
}

fn markdown_doc() -> impl Strategy<Value = String> {
    proptest::collection::vec(markdown_fragment(), 0..24).prop_map(|v| v.concat())
}

const SITE_KEYS: &[&str] = &[
    "code",
    "name",
    "type",
    "province",
    "address",
    "map",
    "lat",
    "lon",
    "office_hours",
    "days",
    "hours",
    "hotline",
    "email",
    "zalo_oa",
    "province_portal",
    "dvc_ward_id",
    "base_url",
    "theme",
    "languages",
    "description",
    "feedback",
    "national_portal",
    "mailbox",
    "reception",
    "zalo",
    "audiences",
    "hamlets",
    "id",
    "procedure_max_age_days",
    "former_slugs",
    "demo",
    "draft",
    "hotlin",
    "Code",
];
const PROCEDURE_KEYS: &[&str] = &[
    "code",
    "name",
    "short_name",
    "field",
    "life_events",
    "summary",
    "who_may_apply",
    "conditions",
    "deciding_body",
    "submission",
    "in_person",
    "post",
    "online",
    "online_note",
    "where_note",
    "steps",
    "documents",
    "submit",
    "present",
    "notes",
    "copies",
    "when",
    "form",
    "url",
    "processing_time",
    "text",
    "working_days",
    "result",
    "fees",
    "items",
    "exemptions",
    "id",
    "amount",
    "set_by_province",
    "unit",
    "note",
    "legal_basis",
    "number",
    "title",
    "related",
    "portal",
    "formality_id",
    "facts",
    "checked",
    "source",
    "verified",
    "unverified",
    "only",
    "hide",
    "defaults",
    "local",
    "fee_basis",
    "place",
    "official",
    "role",
    "phone",
    "le-phi",
    "1.001193",
];
const FRONT_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "publish_at",
    "lang",
    "nav",
    "tittle",
    "audiences",
    "category",
    "severity",
    "urgent",
    "expires",
    "start",
    "end",
    "place",
    "online_url",
    "number",
    "issuer",
    "issued",
    "effective",
    "summary",
    "file",
    "form",
    "hamlet",
];

fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop_oneof![
            Just(""),
            Just("\"21025\""),
            Just("21025"),
            Just("08"),
            Just("0x1F"),
            Just("1e400"),
            Just("-99999999999999999999999"),
            Just("4294967296"),
            Just(".nan"),
            Just("~"),
            Just("null"),
            Just("true"),
            Just("yes"),
            Just("2026-11-01"),
            Just("\"2026-11-01\""),
            Just("\"2026-13-45\""),
            Just("\"2026-02-30T25:00:00+07:00\""),
            Just("Phường Ba Đình"),
            Just("\"unterminated"),
            Just("'single ''quoted'''"),
            Just("\"esc \\u00e0 \\x41 \\q\""),
            Just("|"),
            Just(">-"),
            Just("|+2"),
            Just("&a [1, 2, 3]"),
            Just("*a"),
            Just("*missing"),
            Just("&a"),
            Just("!!binary aGVsbG8="),
            Just("!!int 12"),
            Just("!!str 12"),
            Just("!!float x"),
            Just("!custom x"),
            Just("!<tag:yaml.org,2002:map> {}"),
            Just("{a: 1, b: [2, {c: 3}]}"),
            Just("{"),
            Just("["),
            Just("]"),
            Just("}"),
            Just("[x, y"),
            Just("{lat: 21.03, lon: 105.8}"),
            Just("[vi, en]"),
            Just("[{id: a, name: b}, {id: a, name: c}]"),
            Just("- a"),
            Just("a: b: c"),
            Just("https://x.gov.vn/a"),
            Just("javascript:alert(1)"),
            Just("/etc/passwd"),
            Just("../../etc/passwd"),
            Just("# comment"),
            Just("\"\\0\\a\\b\""),
            Just("\t"),
            Just("@reserved"),
            Just("`reserved"),
            Just("%"),
        ]
        .prop_map(str::to_owned),
        "[a-zA-Z0-9 đăâêôơưạ.:/-]{0,16}",
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn yaml_line(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    let key = proptest::sample::select(keys);
    let indent = prop_oneof![
        Just(""),
        Just("  "),
        Just("    "),
        Just("      "),
        Just(" "),
        Just("\t"),
        Just("  - ")
    ];
    prop_oneof![
        4 => (indent.clone(), key.clone(), yaml_value()).prop_map(|(i, k, v)| format!("{i}{k}: {v}")),
        2 => (indent.clone(), key.clone()).prop_map(|(i, k)| format!("{i}{k}:")),
        2 => (indent.clone(), yaml_value()).prop_map(|(i, v)| format!("{i}- {v}")),
        1 => (indent.clone(), key.clone(), yaml_value()).prop_map(|(i, k, v)| format!("{i}- {k}: {v}")),
        1 => (key.clone(), yaml_value()).prop_map(|(k, v)| format!("&anc {k}: {v}")),
        1 => (indent.clone(), key.clone()).prop_map(|(i, k)| format!("{i}? {k}\n{i}: x")),
        1 => Just("<<: *a".to_owned()),
        1 => Just("---".to_owned()),
        1 => Just("...".to_owned()),
        1 => Just("%YAML 1.2".to_owned()),
        1 => Just("%TAG ! tag:x,2026:".to_owned()),
        1 => Just("# ghi chú".to_owned()),
        1 => Just(String::new()),
        1 => "[ -~]{0,20}",
    ]
}

fn yaml_doc(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(yaml_line(keys), 0..16),
        prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        any::<bool>(),
    )
        .prop_map(|(lines, eol, end)| {
            let mut s = lines.join(eol);
            if end {
                s.push_str(eol);
            }
            s
        })
}

/// A whole site.yaml that is valid, then one line of it replaced or inserted.
fn near_valid_site() -> impl Strategy<Value = String> {
    const LINES: &[&str] = &[
        "code: \"00004\"",
        "name: Phường Ba Đình",
        "type: phường",
        "province: Hà Nội",
        "address: Số 1 phố Mẫu",
        "hotline: \"024 3823 0000\"",
        "base_url: https://badinh.example.vn/",
        "audiences:",
        "  - id: nguoi-cao-tuoi",
        "    name: Người cao tuổi",
        "map: {lat: 21.03, lon: 105.8}",
    ];
    (0..LINES.len(), yaml_line(SITE_KEYS), any::<bool>()).prop_map(|(at, line, replace)| {
        let mut v: Vec<String> = LINES.iter().map(|s| (*s).to_owned()).collect();
        if replace {
            v[at] = line;
        } else {
            v.insert(at, line);
        }
        v.join("\n") + "\n"
    })
}

fn check_yaml<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &str,
    first_line: u32,
) -> Result<(), TestCaseError> {
    // The yaml module receives LF-normalised NFC text from fsx::decode in the real pipeline.
    let normalised = fsx::decode(text.as_bytes(), Path::new(file));
    let Ok(norm) = normalised else { return Ok(()) };
    for t in [text, norm.as_str()] {
        if let Err(d) = yaml::parse::<T>(t, Path::new(file), first_line) {
            check_diag(&d, file, first_line - 1 + max_line(t))?;
        }
    }
    Ok(())
}

fn check_page(text: &str) -> Result<(), TestCaseError> {
    match front::split_front_matter(text, Path::new(FILE)) {
        Ok(s) => {
            prop_assert!(
                s.body_line >= 2 && s.body_line <= max_line(text),
                "body_line {} of {:?}",
                s.body_line,
                text
            );
            prop_assert!(text.ends_with(s.body), "body is not the tail");
            prop_assert!(text.contains(s.front));
        }
        Err(d) => check_diag(&d, FILE, max_line(text))?,
    }
    for source in SOURCES {
        let mut diags = Diagnostics::new();
        let loaded = load(text, source, &mut diags);
        for d in diags.items() {
            check_diag(d, FILE, max_line(text))?;
        }
        if let content::Loaded::Failed = loaded {
            prop_assert!(
                diags.has_errors(),
                "{} failed without an error for {:?}",
                source,
                text
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(config())]

    #[test]
    fn decode_never_panics_and_normalises(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        match fsx::decode(&bytes, Path::new(FILE)) {
            Ok(t) => {
                prop_assert!(!t.contains('\r'));
                prop_assert_eq!(text::nfc(&t), t.clone());
                prop_assert!(!t.contains('\0'));
            }
            Err(d) => check_diag(&d, FILE, max_line(&String::from_utf8_lossy(&bytes)))?,
        }
    }

    #[test]
    fn decode_of_text_with_bom_and_crlf(s in any::<String>()) {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(s.replace('\n', "\r\n").bytes());
        if let Ok(t) = fsx::decode(&bytes, Path::new(FILE)) {
            prop_assert_eq!(t, text::nfc(&s.replace("\r\n", "\n").replace('\r', "\n")));
        }
    }

    #[test]
    fn arbitrary_pages_give_positioned_diagnostics(s in any::<String>()) {
        check_page(&s)?;
        check_page(&format!("---\n{s}"))?;
        check_page(&format!("---\n{s}\n---\n{s}"))?;
    }

    #[test]
    fn structured_pages_give_positioned_diagnostics(front in yaml_doc(FRONT_KEYS), body in markdown_doc()) {
        let front = front.replace('\r', "\n");
        check_page(&format!("---\n{front}\n---\n{body}"))?;
        check_page(&format!("---\ntitle: T\nupdated: \"2026-11-01\"\n{front}\n---\n{body}"))?;
    }

    #[test]
    fn arbitrary_yaml_gives_positioned_diagnostics(s in any::<String>()) {
        check_yaml::<SiteFile>(&s, YAML_FILE, 1)?;
        check_yaml::<ProcedureFile>(&s, "content/procedures/1.001193.yaml", 1)?;
        check_yaml::<FrontMatter>(&s, FILE, 2)?;
    }

    #[test]
    fn site_yaml_shaped_text_gives_positioned_diagnostics(s in yaml_doc(SITE_KEYS), t in near_valid_site()) {
        check_yaml::<SiteFile>(&s, YAML_FILE, 1)?;
        check_yaml::<SiteFile>(&t, YAML_FILE, 1)?;
    }

    #[test]
    fn procedure_yaml_shaped_text_gives_positioned_diagnostics(s in yaml_doc(PROCEDURE_KEYS)) {
        check_yaml::<ProcedureFile>(&s, "content/procedures/1.001193.yaml", 1)?;
        check_yaml::<OverridesFile>(&s, "sites/xa-thu/procedures.yaml", 1)?;
    }

    #[test]
    fn front_matter_shaped_text_gives_positioned_diagnostics(s in yaml_doc(FRONT_KEYS)) {
        check_yaml::<FrontMatter>(&s, FILE, 2)?;
    }

    #[test]
    fn link_problems_point_at_the_link(
        before in proptest::collection::vec("[a-zđạ][a-zA-Zđạ ]{0,20}", 0..6),
        lead in prop_oneof![Just(String::new()), "[a-zđạ][a-zA-Zđạ ]{0,10}"],
        dest in prop_oneof![Just("khong-co.md"), Just("../../../x.md"), Just("/files/khong-co.pdf"), Just("javascript:alert(1)"), Just("data:text/html,x"), Just("%2e%2e/x.pdf"), Just("../nhap.md")],
        image in any::<bool>(),
    ) {
        let bang = if image && !dest.ends_with(".md") { "!" } else { "" };
        let mut body = before.join("\n");
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&format!("{lead}{bang}[liên kết]({dest}) sau\n"));
        let (_, problems) = render(&body);
        prop_assert_eq!(problems.len(), 1, "{:?} -> {:?}", body, problems);
        let want = (BODY_LINE + before.len() as u32, lead.chars().count() as u32 + 1);
        prop_assert_eq!((problems[0].span.line, problems[0].span.column), want, "{:?} -> {:?}", body, problems[0]);
    }

    #[test]
    fn misspelt_keys_are_named_at_their_line(at in 0usize..11, key in "[a-z_]{3,12}x", front in any::<bool>()) {
        let lines = [
            "code: \"00004\"", "name: Phường Ba Đình", "type: phường", "province: Hà Nội", "address: Số 1",
            "hotline: \"113\"", "base_url: https://badinh.example.vn/", "audiences:", "  - id: a", "    name: A", "demo: true",
        ];
        let mut v: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        // Not inside the `audiences` list, whose items have their own keys.
        let at = if (8..=9).contains(&at) { 10 } else { at };
        v.insert(at, format!("{key}: 1"));
        let text = v.join("\n") + "\n";
        let first = if front { 2 } else { 1 };
        let e = yaml::parse::<SiteFile>(&text, Path::new(YAML_FILE), first).expect_err("unknown key accepted");
        prop_assert_eq!((e.span.line, e.span.column), (at as u32 + first, 1), "{:?}", e);
        let quoted = format!("`{key}`");
        prop_assert!(e.message.vi.contains(&quoted), "{:?}", e);
    }

    #[test]
    fn scripted_svg_is_always_detected(
        shapes in proptest::collection::vec(svg_shape(), 0..6),
        at in any::<proptest::sample::Index>(),
        bad in prop_oneof![
            Just("<script>alert(1)</script>"), Just("<SCRIPT>alert(1)</SCRIPT>"), Just("<s:script>alert(1)</s:script>"),
            Just("<rect onclick=\"alert(1)\"/>"), Just("<rect onload ='alert(1)'/>"), Just("<rect\nONMOUSEOVER\n=\n\"alert(1)\"/>"),
            Just("<rect svg:onload=\"x\"/>"), Just("<a href=\"javascript:alert(1)\"><text>x</text></a>"),
            Just("<a xlink:href=\"JaVaScRiPt:alert(1)\"><text>x</text></a>"), Just("<a href=\"&#106;avascript:alert(1)\">x</a>"),
            Just("<a href=\"&#x6A;avascript:alert(1)\">x</a>"), Just("<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>"),
            Just("<foreignObject><iframe/></foreignObject>"), Just("<set attributeName=\"href\" to=\"javascript:alert(1)\"/>"),
            Just("<!DOCTYPE svg [<!ENTITY x \"javascript:alert(1)\">]>"),
        ],
    ) {
        let mut parts: Vec<String> = shapes;
        let i = at.index(parts.len() + 1);
        parts.insert(i, bad.to_owned());
        let svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">{}</svg>", parts.concat());
        prop_assert!(congxa::images::svg_is_active(&svg), "not detected: {}", svg);
    }

    #[test]
    fn plain_svg_is_accepted(shapes in proptest::collection::vec(svg_shape(), 0..8), junk in any::<String>()) {
        let svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">{}</svg>", shapes.concat());
        prop_assert!(!congxa::images::svg_is_active(&svg), "refused: {}", svg);
        let _ = congxa::images::svg_is_active(&junk);
    }

    #[test]
    fn arbitrary_markdown_renders_safe_html(s in any::<String>()) {
        check_render(&s)?;
    }

    #[test]
    fn hostile_markdown_renders_safe_html(s in markdown_doc()) {
        check_render(&s)?;
    }

    #[test]
    fn slugs_are_lowercase_ascii_words(s in any::<String>(), v in "[A-Za-zĐđÀ-ỹ0-9 '’_./()!?-]{0,30}") {
        for x in [&s, &v] {
            let slug = text::slugify(x);
            prop_assert!(is_slug(&slug), "slugify({:?}) = {:?}", x, slug);
            prop_assert_eq!(text::slugify(&slug), slug.clone(), "slug not stable");
        }
    }

    #[test]
    fn fold_and_nfc_are_idempotent(s in any::<String>(), v in "[A-Za-zĐđÀ-ỹ\u{300}-\u{36f} ]{0,30}") {
        for x in [&s, &v] {
            let f = text::fold(x);
            prop_assert_eq!(text::fold(&f), f.clone(), "fold not idempotent on {:?}", x);
            let n = text::nfc(x);
            prop_assert_eq!(text::nfc(&n), n.clone(), "nfc not idempotent on {:?}", x);
            prop_assert_eq!(text::fold(&n), f.clone(), "fold differs on NFC form of {:?}", x);
            let t = text::normalize_tone_placement(x);
            prop_assert_eq!(text::normalize_tone_placement(&t), t.clone(), "tone placement not idempotent on {:?}", x);
            prop_assert_eq!(text::fold(&t), f.clone(), "tone placement changed letters of {:?}", x);
            let l = text::index_letter(x);
            prop_assert!(!l.is_empty());
            prop_assert_eq!(text::index_letter(&n), l, "index letter differs on NFC form of {:?}", x);
        }
    }

    #[test]
    fn phone_digits_are_dialable(s in any::<String>(), v in "[+0-9 .()-]{0,16}") {
        for x in [&s, &v] {
            if let Some(d) = text::phone_digits(x) {
                prop_assert!(d.bytes().all(|b| b.is_ascii_digit()), "{:?} -> {:?}", x, d);
                prop_assert!(matches!(d.len(), 3 | 4 | 8 | 10 | 11), "{:?} -> {:?}", x, d);
                prop_assert_eq!(text::phone_digits(&d), Some(d.clone()));
                let shown = text::format_phone(&d);
                prop_assert_eq!(text::phone_digits(&shown), Some(d.clone()), "display {:?} does not parse back", shown);
                let _ = text::tel_uri(&d);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Exhaustive single-character checks (cheap: 1.1 million characters).

#[test]
fn every_char_folds_and_slugs_stably() {
    let mut bad = Vec::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let s = c.to_string();
        let f = text::fold(&s);
        if text::fold(&f) != f {
            bad.push(format!(
                "fold U+{:04X}: {f:?} -> {:?}",
                c as u32,
                text::fold(&f)
            ));
        }
        let slug = text::slugify(&s);
        if !is_slug(&slug) {
            bad.push(format!("slugify U+{:04X}: {slug:?}", c as u32));
        }
        let _ = text::index_letter(&s);
        let _ = text::normalize_tone_placement(&s);
        if bad.len() > 20 {
            break;
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Explicit cases: known-hostile inputs, kept so they run on every CI run regardless of seeds.

#[test]
fn known_xss_vectors_render_safe() {
    let vectors = [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](jav&#x61;script:alert(1))",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)\n\n[y][x]",
        "<a href=\"&#106;avascript:alert(1)\">t</a>",
        "<a href=\"java&#x09;script:alert(1)\">t</a>",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "<img src=\"data:image/png;base64,AAAA\">",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math href=\"javascript:alert(1)\">x</math>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "| a |\n|:-:|\n| b |\n\n<th style=\"text-align: center\">x</th>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<a href=\"https://ok.example\" target=\"_blank\" onclick=\"x\">t</a>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    ];
    for v in vectors {
        let (r, _) = render(v);
        assert!(
            unsafe_html(&r.html).is_none(),
            "{v:?} -> {} ({:?})",
            r.html,
            unsafe_html(&r.html)
        );
    }
}

#[test]
fn oracle_flags_what_it_should() {
    // The HTML oracle itself: it must catch each kind of unsafe output.
    for bad in [
        "<script>x</script>",
        "<p onclick=\"x\">a</p>",
        "<p style=\"x\">a</p>",
        "<a href=\"javascript:x\">a</a>",
        "<a href=\"jav&#x61;script:x\">a</a>",
        "<img src=\"data:image/png;base64,AA\">",
        "<iframe></iframe>",
        "<embed>",
        "<object></object>",
    ] {
        assert!(unsafe_html(bad).is_some(), "oracle missed {bad}");
    }
    assert!(unsafe_html("<p>javascript: là một ngôn ngữ &lt;script&gt; style=x</p><a href=\"../../files/qd.pdf\" rel=\"noopener\">x</a>").is_none());
}

/// Every file in `tests/regressions/` (inputs that once crashed or misbehaved somewhere) goes
/// through every parser and the renderer without a panic and with positioned diagnostics.
#[test]
fn regressions_never_panic() {
    let dir = congxa_dir().join("tests/regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut n = 0;
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "md")
            && path.file_name().is_some_and(|f| f == "README.md")
        {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let run = || -> Result<(), TestCaseError> {
            let _ = fsx::decode(&bytes, Path::new(FILE));
            let s = String::from_utf8_lossy(&bytes).into_owned();
            check_page(&s)?;
            check_yaml::<SiteFile>(&s, YAML_FILE, 1)?;
            check_yaml::<ProcedureFile>(&s, "content/procedures/1.001193.yaml", 1)?;
            check_yaml::<FrontMatter>(&s, FILE, 2)?;
            check_render(&s)?;
            Ok(())
        };
        if let Err(e) = run() {
            panic!("{name}: {e}");
        }
        n += 1;
    }
    eprintln!("replayed {n} regression inputs");
}

fn congxa_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
