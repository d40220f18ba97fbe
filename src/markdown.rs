//! The only module that knows pulldown-cmark and ammonia: Markdown to safe HTML. Options are
//! set here once (tables, footnotes, strikethrough). Headings get ids from a Vietnamese slug and
//! are never `h1` (the page title is); links to other `.md` files become URLs (a missing page is
//! an error); links to files must exist in `static/`; `javascript:`/`data:` links are refused;
//! raw HTML is sanitized, keeping heading and footnote ids and table alignment as classes.

use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, Span};
use crate::msg;
use crate::text;

/// A heading of the page, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 2–6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// Rendered Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Sanitized HTML.
    pub html: String,
    /// Headings in order.
    pub toc: Vec<Heading>,
    /// Plain text (for search and descriptions).
    pub plain: String,
}

/// What a link to a content page points at.
pub enum PageTarget {
    /// A published page at this URL path.
    Url(String),
    /// A draft or scheduled page: not published yet.
    Hidden,
    /// No such page.
    Missing,
}

/// What the renderer needs to resolve links of one page.
pub struct Links<'a> {
    /// Source file for messages.
    pub file: &'a Path,
    /// Line of the body's first line in the file.
    pub body_line: u32,
    /// Folder of the page inside `content/` (`thon` for `thon/a.md`), `/`-separated.
    pub source_dir: &'a str,
    /// From the page to the site root, e.g. `../../` (empty string for the home page).
    pub to_root: &'a str,
    /// Content path (`thon/a.md`) → URL path relative to the site root (`thon/a/`), or why not.
    pub page_url: &'a dyn Fn(&str) -> PageTarget,
    /// Whether a file exists in the site's `static/` (path relative to it).
    pub static_exists: &'a dyn Fn(&str) -> bool,
    /// All content paths, for "did you mean".
    pub all_pages: &'a [String],
    /// Processed images of `static/`, for `srcset`, `width` and `height`.
    pub images: &'a std::collections::BTreeMap<String, crate::images::ImageInfo>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The state of one pass over a page's Markdown events: what `render` collects on the way.
struct Walk<'e> {
    events: Vec<Event<'e>>,
    toc: Vec<Heading>,
    ids: text::UniqueIds,
    plain: String,
    problems: Vec<Diagnostic>,
    /// A heading being read: its start event's index, level and text so far.
    heading: Option<(usize, HeadingLevel, String)>,
    /// An image being read: resolved source, title, alt text so far, where it starts.
    image: Option<(String, String, String, Span)>,
}

impl<'e> Walk<'e> {
    fn new() -> Self {
        Walk {
            events: Vec::new(),
            toc: Vec::new(),
            ids: text::UniqueIds::default(),
            plain: String::new(),
            problems: Vec::new(),
            heading: None,
            image: None,
        }
    }

    fn event(&mut self, event: Event<'e>, span: &dyn Fn() -> Span, links: &Links<'_>) {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let level = level.max(HeadingLevel::H2);
                self.heading = Some((self.events.len(), level, String::new()));
                self.events.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = resolve(&dest_url, links, false, span, &mut self.problems);
                self.events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let dest = resolve(&dest_url, links, true, span, &mut self.problems);
                self.image = Some((dest, title.to_string(), String::new(), span()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((dest, title, alt, at)) = self.image.take() {
                    let html = image_html(&dest, &title, &alt, at, links, &mut self.problems);
                    self.events.push(Event::Html(html.into()));
                }
            }
            Event::Text(t) | Event::Code(t) if self.image.is_some() => {
                if let Some((_, _, alt, _)) = &mut self.image {
                    alt.push_str(&t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) if h.to_ascii_lowercase().contains("<img") => {
                check_raw_img(&h, span, &mut self.problems);
                self.events.push(Event::Html(h));
            }
            Event::Text(t) => self.text(t, Event::Text),
            Event::Code(t) => self.text(t, Event::Code),
            Event::SoftBreak | Event::HardBreak => {
                self.plain.push(' ');
                self.events.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                self.plain.push('\n');
                self.events.push(event);
            }
            other => self.events.push(other),
        }
    }

    /// Text and inline code count for the heading being read and for the plain text.
    fn text(&mut self, t: CowStr<'e>, wrap: fn(CowStr<'e>) -> Event<'e>) {
        if let Some((_, _, h)) = &mut self.heading {
            h.push_str(&t);
        }
        self.plain.push_str(&t);
        self.events.push(wrap(t));
    }

    /// A heading gets its id from its text (unique on the page) and joins the table of contents.
    fn end_heading(&mut self) {
        if let Some((at, level, txt)) = self.heading.take() {
            let base = match text::slugify(&txt) {
                s if s.is_empty() => "muc".to_owned(),
                s => s,
            };
            let id = self.ids.claim(&base);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[at] {
                *slot = Some(CowStr::from(id.clone()));
            }
            self.toc.push(Heading {
                level: level as u8,
                id,
                text: txt.trim().to_owned(),
            });
            self.events.push(Event::End(TagEnd::Heading(level)));
        }
        self.plain.push('\n');
    }
}

/// Renders `body`. Link problems are returned as diagnostics; the HTML is still produced.
pub fn render(body: &str, links: &Links<'_>) -> (Rendered, Vec<Diagnostic>) {
    let mut walk = Walk::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let span = || Span::at_offset(links.file, body, range.start, links.body_line);
        walk.event(event, &span, links);
    }
    let Walk {
        events,
        toc,
        plain,
        problems,
        ..
    } = walk;
    // Deeply nested content (thousands of `>` quotes, `<div>`s, `*`) would make the HTML
    // writers recurse past the stack and abort the whole build: refuse the page instead.
    let depth = event_depth(&events);
    if depth > MAX_NESTING {
        return refused(links, depth, toc, problems);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Inline styles are forbidden by the CSP; alignment becomes a class the theme styles.
    let html = html
        .replace(" style=\"text-align: left\"", " class=\"text-left\"")
        .replace(" style=\"text-align: center\"", " class=\"text-center\"")
        .replace(" style=\"text-align: right\"", " class=\"text-right\"");
    let html = sanitizer().clean(&html).to_string();
    // The sanitizer's output is well-formed, so its depth is exact: refuse what the parser
    // nested deeper than the raw-text estimate saw (e.g. `<span><div></span>` repeated).
    let depth = nesting_depth(&html);
    if depth > MAX_NESTING {
        return refused(links, depth, toc, problems);
    }
    (
        Rendered {
            html,
            toc,
            plain: plain.trim().to_owned(),
        },
        problems,
    )
}

/// The text blocks of `body` as a listener hears them: one string per paragraph, heading and
/// list item, links reduced to their text, images and raw HTML left out. A table row is read
/// cell by cell after its column's heading ("Ngày: Thứ Năm; Giờ: 7:30"), the heading row
/// itself not. For the loudspeaker script (`reach::loa`), which must not know Markdown.
pub fn speech_blocks(body: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut cur = String::new();
    let mut in_image = 0usize;
    let mut heads: Vec<String> = Vec::new();
    let mut in_head = false;
    let mut cell = 0usize;
    let mut flush = |cur: &mut String| {
        let t = cur.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            blocks.push(t);
        }
        cur.clear();
    };
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => cur.push_str(&t),
            Event::SoftBreak | Event::HardBreak => cur.push(' '),
            Event::Start(Tag::Table(_)) => heads.clear(),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                cur.clear();
            }
            Event::Start(Tag::TableRow) => cell = 0,
            Event::Start(Tag::TableCell) if !in_head => {
                if let Some(h) = heads.get(cell).filter(|h| !h.is_empty()) {
                    cur.push_str(h);
                    cur.push_str(": ");
                }
                cell += 1;
            }
            Event::End(TagEnd::TableCell) if in_head => {
                heads.push(cur.split_whitespace().collect::<Vec<_>>().join(" "));
                cur.clear();
            }
            Event::End(TagEnd::TableCell) => cur.push_str("; "),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item)
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) => flush(&mut cur),
            _ => {}
        }
    }
    flush(&mut cur);
    blocks
}

/// Deepest element nesting a page may have.
pub const MAX_NESTING: usize = 100;

/// A page refused for nesting `depth` levels deep: no HTML, the error added to `problems`.
fn refused(
    links: &Links<'_>,
    depth: usize,
    toc: Vec<Heading>,
    mut problems: Vec<Diagnostic>,
) -> (Rendered, Vec<Diagnostic>) {
    problems.push(nesting_error(links, depth));
    let page = Rendered {
        html: String::new(),
        toc,
        plain: String::new(),
    };
    (page, problems)
}

fn nesting_error(links: &Links<'_>, depth: usize) -> Diagnostic {
    Diagnostic::error(
        Span::at(links.file, links.body_line, 1),
        msg!(
            "nội dung lồng quá sâu (ít nhất {depth} cấp; tối đa {MAX_NESTING})",
            "content nested too deeply (at least {depth} levels; at most {MAX_NESTING})"
        ),
    )
    .hint(msg!(
        "bớt các dấu `>` trích dẫn, thẻ <div> hoặc dấu `*` lồng nhau; một trang chỉ cần vài cấp.",
        "remove nested `>` quotes, <div> tags or `*` markers; a page needs only a few levels."
    ))
}

/// Deepest nesting of Markdown elements plus raw HTML elements in the event stream.
fn event_depth(events: &[Event<'_>]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut raw = String::new();
    for e in events {
        match e {
            Event::Start(_) => {
                depth += 1;
                max = max.max(depth);
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) => raw.push_str(h),
            _ => {}
        }
    }
    max + nesting_depth(&raw)
}

/// Element nesting depth of HTML text (up to the first depth over [`MAX_NESTING`]), the way a
/// browser's parser would build it: void elements
/// do not nest, `<li>`/`<p>`/`<td>`/… close an open sibling of the same name, and an end tag
/// closes up to its matching open element (a stray `</x>` closes nothing).
fn nesting_depth(html: &str) -> usize {
    const VOID: [&str; 8] = ["br", "hr", "img", "wbr", "col", "input", "meta", "link"];
    const SIBLING_CLOSES: [&str; 9] = ["li", "p", "td", "th", "tr", "dt", "dd", "option", "tbody"];
    const SCOPES: [&str; 7] = ["ul", "ol", "table", "div", "blockquote", "section", "dl"];
    let mut stack: Vec<String> = Vec::new();
    let mut max = 0usize;
    let b = html.as_bytes();
    for i in 0..b.len() {
        if b[i] != b'<' {
            continue;
        }
        let closing = b.get(i + 1) == Some(&b'/');
        let start = if closing { i + 2 } else { i + 1 };
        if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name: String = html[start..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if closing {
            if let Some(pos) = stack.iter().rposition(|n| *n == name) {
                stack.truncate(pos);
            }
        } else if !VOID.contains(&name.as_str()) {
            // An open element of the same kind within the current list/table/block closes.
            if SIBLING_CLOSES.contains(&name.as_str())
                && let Some(pos) = stack.iter().rposition(|n| *n == name)
                && !stack[pos..].iter().any(|n| SCOPES.contains(&n.as_str()))
            {
                stack.truncate(pos);
            }
            stack.push(name);
            max = max.max(stack.len());
            // Past the limit the page is refused whatever follows; stopping here keeps the
            // stack short, so the scans above cost at most MAX_NESTING each (a long run of
            // unmatched end tags over a deep stack was quadratic).
            if max > MAX_NESTING {
                return max;
            }
        }
    }
    max
}

/// `<img>` for a Markdown image: `srcset` and size from the processed variants, lazy loading.
/// Alt text is required; `![""](…)` marks a decorative image (`alt=""`).
fn image_html(
    dest: &str,
    title: &str,
    alt: &str,
    at: Span,
    links: &Links<'_>,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let esc = text::escape_xml;
    let alt = alt.trim();
    let alt = if alt == "\"\"" || alt == "“”" {
        ""
    } else {
        if alt.is_empty() {
            problems.push(
                Diagnostic::error(at, msg!("ảnh `{dest}` thiếu mô tả (alt)", "image `{dest}` has no alt text"))
                    .hint(msg!("viết mô tả ngắn trong ngoặc vuông: ![Trụ sở Ủy ban nhân dân](…); ảnh chỉ để trang trí thì viết ![\"\"](…).", "describe it in the brackets: ![Office building](…); for a purely decorative image write ![\"\"](…).")),
            );
        }
        alt
    };
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", esc(title))
    };
    let rel = dest.strip_prefix(links.to_root).unwrap_or(dest);
    match links.images.get(rel) {
        Some(info) if !info.variants.is_empty() => {
            let largest = &info.variants[info.variants.len() - 1];
            let srcset: Vec<String> = info
                .variants
                .iter()
                .map(|v| format!("{}{} {}w", links.to_root, v.path, v.width))
                .collect();
            format!(
                "<img src=\"{}{}\" srcset=\"{}\" sizes=\"(max-width: 52rem) 100vw, 52rem\" width=\"{}\" height=\"{}\" alt=\"{}\"{title_attr} loading=\"lazy\" decoding=\"async\">",
                links.to_root,
                largest.path,
                srcset.join(", "),
                largest.width,
                largest.height,
                esc(alt)
            )
        }
        _ => format!(
            "<img src=\"{}\" alt=\"{}\"{title_attr} loading=\"lazy\" decoding=\"async\">",
            esc(dest),
            esc(alt)
        ),
    }
}

/// Raw `<img>` tags need an `alt` attribute too (`alt=""` for decoration).
fn check_raw_img(html: &str, span: &dyn Fn() -> Span, problems: &mut Vec<Diagnostic>) {
    let lower = html.to_ascii_lowercase();
    for tag in lower.split("<img").skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        if !tag
            .split(|c: char| c.is_whitespace())
            .any(|a| a.starts_with("alt=") || a == "alt")
        {
            problems.push(
                Diagnostic::error(
                    span(),
                    msg!(
                        "thẻ <img> thiếu thuộc tính alt",
                        "<img> without an alt attribute"
                    ),
                )
                .hint(msg!(
                    "thêm alt=\"mô tả ảnh\"; ảnh chỉ để trang trí thì alt=\"\".",
                    "add alt=\"description\"; alt=\"\" for decoration."
                )),
            );
        }
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tag_attributes("h2", ["id"])
            .add_tag_attributes("h3", ["id"])
            .add_tag_attributes("h4", ["id"])
            .add_tag_attributes("h5", ["id"])
            .add_tag_attributes("h6", ["id"])
            .add_tag_attributes("th", ["class"])
            .add_tag_attributes("td", ["class"])
            .add_tag_attributes("div", ["id", "class"])
            .add_tag_attributes("sup", ["id", "class"])
            .add_tag_attributes("section", ["id", "class"])
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("img", ["loading", "decoding", "srcset", "sizes"])
            .add_tags(["section"])
            .rm_tags(["h1"])
            .add_url_schemes(["tel", "geo"])
            .rm_url_schemes(["ftp", "data"])
            .link_rel(Some("noopener"))
            .add_allowed_classes("th", ["text-left", "text-center", "text-right"])
            .add_allowed_classes("td", ["text-left", "text-center", "text-right"]);
        // `add_allowed_classes` and a `class` attribute cannot both be set for one tag.
        b.rm_tag_attributes("th", ["class"])
            .rm_tag_attributes("td", ["class"]);
        b
    })
}

fn scheme_of(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let valid = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Browsers ignore tabs/newlines/controls inside schemes ("java\tscript:"): strip them first.
    valid.then(|| scheme.to_ascii_lowercase())
}

/// A link to another content page (`../lien-he.md`): its URL from this page, or an error for a
/// draft, a scheduled or a missing page (with the closest existing page as a hint).
fn resolve_page(
    dest: &str,
    decoded: &str,
    fragment: &str,
    links: &Links<'_>,
    span: &dyn Fn() -> Span,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let target = join_within(links.source_dir, decoded);
    match target.as_deref().map(links.page_url) {
        Some(PageTarget::Url(url)) => return format!("{}{url}{fragment}", links.to_root),
        Some(PageTarget::Hidden) => {
            problems.push(
                Diagnostic::error(
                    span(),
                    msg!(
                        "liên kết tới trang chưa đăng (bản nháp hoặc hẹn giờ) `{dest}`",
                        "link to an unpublished page (draft or scheduled) `{dest}`"
                    ),
                )
                .hint(msg!(
                    "bỏ liên kết hoặc đăng trang đó trước.",
                    "remove the link or publish that page first."
                )),
            );
            return String::new();
        }
        _ => {}
    }
    let wanted = target.unwrap_or(decoded.to_owned());
    let hint = match text::closest(&wanted, links.all_pages.iter().map(String::as_str)) {
        Some(c) => msg!(
            "có phải ý bạn là `{c}`? Đường dẫn tính từ thư mục của trang này.",
            "did you mean `{c}`? Paths are relative to this page's folder."
        ),
        None => msg!(
            "kiểm tra tên tệp; đường dẫn tính từ thư mục của trang này, ví dụ `../lien-he.md`.",
            "check the file name; paths are relative to this page's folder, e.g. `../lien-he.md`."
        ),
    };
    problems.push(
        Diagnostic::error(
            span(),
            msg!(
                "liên kết tới trang không tồn tại `{dest}`",
                "link to a missing page `{dest}`"
            ),
        )
        .hint(hint),
    );
    String::new()
}

fn resolve(
    dest: &str,
    links: &Links<'_>,
    image: bool,
    span: &dyn Fn() -> Span,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    if let Some(scheme) = scheme_of(&cleaned) {
        return match scheme.as_str() {
            "http" | "https" | "mailto" | "tel" | "geo" if !image || scheme.starts_with("http") => {
                dest.to_owned()
            }
            _ => {
                problems.push(
                    Diagnostic::error(
                        span(),
                        msg!("liên kết `{dest}` bị từ chối (loại `{scheme}:` không được phép)", "link `{dest}` refused (`{scheme}:` links are not allowed)"),
                    )
                    .hint(msg!(
                        "chỉ dùng liên kết https://, mailto:, tel:, geo: hoặc đến trang/tệp trong trang web.",
                        "use only https://, mailto:, tel:, geo: links or links to pages/files of the site."
                    )),
                );
                String::new()
            }
        };
    }
    if dest.starts_with('#') || dest.is_empty() {
        return dest.to_owned();
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (dest, String::new()),
    };
    let path_part = path_part.split('?').next().unwrap_or_default();
    let decoded = text::percent_decode(path_part).map_or_else(
        || path_part.to_owned(),
        |b| String::from_utf8_lossy(&b).into_owned(),
    );
    if decoded.ends_with(".md") && !image {
        return resolve_page(dest, &decoded, &fragment, links, span, problems);
    }
    // Anything else local is a file from `static/`: `/files/a.pdf` or `files/a.pdf`.
    let Some(rel) = crate::fsx::safe_relative(&decoded) else {
        problems.push(Diagnostic::error(
            span(),
            msg!(
                "đường dẫn `{dest}` không hợp lệ (không dùng `..` hay ổ đĩa)",
                "invalid path `{dest}` (no `..` or drive letters)"
            ),
        ));
        return String::new();
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    if !(links.static_exists)(&rel) {
        problems.push(
            Diagnostic::error(
                span(),
                msg!(
                    "không tìm thấy tệp `{dest}` trong thư mục static/",
                    "file `{dest}` not found in static/"
                ),
            )
            .hint(msg!(
                "đặt tệp vào sites/<thư-mục>/static/{rel} hoặc sửa đường dẫn.",
                "put the file at sites/<folder>/static/{rel} or correct the path."
            )),
        );
    }
    format!("{}{}{fragment}", links.to_root, encode_path(&rel))
}

/// Percent-encodes a decoded path for an `href`: `/` and unreserved ASCII stay, everything
/// else (space, `#`, `%`, `?`, Vietnamese letters) is encoded, so the link names the file.
fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Joins a relative `.md` link to the page's folder; `None` if it leaves `content/`.
fn join_within(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(text::nfc(&parts.join("/")))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn run(body: &str) -> (Rendered, Vec<Diagnostic>) {
        let page_url = |p: &str| match p {
            "lien-he.md" => PageTarget::Url("lien-he/".to_owned()),
            "thon/a.md" => PageTarget::Url("thon/a/".to_owned()),
            "nhap.md" => PageTarget::Hidden,
            _ => PageTarget::Missing,
        };
        let static_exists = |p: &str| p == "files/qd.pdf";
        let pages = vec!["lien-he.md".to_owned(), "thon/a.md".to_owned()];
        let images = std::collections::BTreeMap::new();
        let links = Links {
            images: &images,
            file: Path::new("sites/x/content/thon/b.md"),
            body_line: 5,
            source_dir: "thon",
            to_root: "../../",
            page_url: &page_url,
            static_exists: &static_exists,
            all_pages: &pages,
        };
        render(body, &links)
    }

    #[test]
    fn unmatched_end_tags_over_a_deep_stack_stop_at_the_limit() {
        // 50,000 open `<b>` then 50,000 `</i>` that match nothing: each end tag scanned the
        // whole stack (n² comparisons). The scan now stops just past the limit, so the stack
        // never holds more than MAX_NESTING + 1 names.
        let html = format!("{}{}", "<b>".repeat(50_000), "</i>".repeat(50_000));
        assert_eq!(nesting_depth(&html), MAX_NESTING + 1);
        let (r, p) = run(&html);
        assert!(r.html.is_empty());
        assert!(p.iter().any(|d| d.message.en.contains("at least")), "{p:?}");
    }

    #[test]
    fn forty_thousand_identical_headings_take_linear_id_lookups() {
        let mut ids = text::UniqueIds::default();
        let n = 40_000;
        let got: Vec<String> = (0..n).map(|_| ids.claim("a")).collect();
        assert_eq!(got[0], "a");
        assert_eq!(got[1], "a-2");
        assert_eq!(got[n - 1], format!("a-{n}"));
        assert!(
            ids.lookups() <= 2 * n,
            "{} lookups for {n} headings",
            ids.lookups()
        );
    }

    #[test]
    fn a_heading_written_like_a_generated_id_never_collides() {
        let mut ids = text::UniqueIds::default();
        let got: Vec<String> = ["a", "a-2", "a", "a-2", "a", "a-3"]
            .iter()
            .map(|b| ids.claim(b))
            .collect();
        assert_eq!(got, ["a", "a-2", "a-3", "a-2-2", "a-4", "a-3-2"]);
    }

    proptest::proptest! {
        /// Any sequence of slugs, including ones shaped like generated ids: every id is unique,
        /// is the slug or `slug-k`, and the lookups stay within 2n.
        #[test]
        fn heading_ids_are_unique_with_at_most_two_lookups_each(
            bases in proptest::collection::vec(
                proptest::sample::select(vec!["a", "a-2", "a-3", "a-2-2", "a-2-3", "b", "a-12", "a-1"]),
                0..300,
            )
        ) {
            let mut ids = text::UniqueIds::default();
            let mut seen = BTreeSet::new();
            for b in &bases {
                let id = ids.claim(b);
                let ok = id == *b
                    || id
                        .strip_prefix(b)
                        .and_then(|r| r.strip_prefix('-'))
                        .is_some_and(|k| k.parse::<u64>().is_ok_and(|k| k >= 2));
                proptest::prop_assert!(ok, "{b} -> {id}");
                proptest::prop_assert!(seen.insert(id.clone()), "duplicate {id}");
            }
            proptest::prop_assert!(ids.lookups() <= 2 * bases.len(), "{} > 2 × {}", ids.lookups(), bases.len());
        }
    }

    #[test]
    fn heading_ids_are_vietnamese_slugs_and_unique() {
        let (r, _) = run("# Giới thiệu\n\n## Giới thiệu\n");
        assert!(
            r.html.contains("<h2 id=\"gioi-thieu\">Giới thiệu</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"gioi-thieu-2\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn md_links_become_urls() {
        let (r, p) = run("[Liên hệ](../lien-he.md#gio) và [A](a.md)\n");
        assert!(p.is_empty(), "{p:?}");
        assert!(r.html.contains("href=\"../../lien-he/#gio\""), "{}", r.html);
        assert!(r.html.contains("href=\"../../thon/a/\""), "{}", r.html);
    }

    #[test]
    fn missing_page_is_an_error_with_position() {
        let (_, p) = run("Dòng một\n\nXem [đây](../lien-hê.md).\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].span.to_string(), "sites/x/content/thon/b.md:7:5");
        assert!(p[0].hint.as_ref().unwrap().vi.contains("lien-he.md"));
    }

    #[test]
    fn javascript_links_are_refused_and_scripts_removed() {
        let (r, p) = run(
            "[x](javascript:alert(1)) <script>alert(1)</script><img src=x onerror=alert(1)>\n\n<a href=\"JaVa\tScRiPt:alert(1)\">y</a>\n",
        );
        assert_eq!(p.len(), 2, "the javascript: link and the <img> without alt");
        assert!(!r.html.contains("script"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
    }

    #[test]
    fn link_to_draft_is_an_error() {
        let (_, p) = run("[x](../nhap.md)\n");
        assert!(p[0].message.vi.contains("chưa đăng"), "{p:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let (r, p) = run(&format!("{} x\n", ">".repeat(500)));
        assert!(r.html.is_empty());
        assert!(
            p.iter().any(|d| d.message.vi.contains("lồng quá sâu")),
            "{p:?}"
        );
        let (_, p) = run("> a\n> > b\n");
        assert!(p.is_empty());
    }

    #[test]
    fn table_alignment_becomes_classes() {
        let (r, _) = run("| a | b |\n|:-:|--:|\n| 1 | 2 |\n");
        assert!(r.html.contains("<th class=\"text-center\">"), "{}", r.html);
        assert!(!r.html.contains("style"), "{}", r.html);
    }

    #[test]
    fn static_files_checked() {
        let (r, p) = run("[QĐ](/files/qd.pdf) [x](/files/khong-co.pdf)\n");
        assert!(r.html.contains("href=\"../../files/qd.pdf\""), "{}", r.html);
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn images_need_alt_text_unless_decorative() {
        let (_, p) = run("![](/files/qd.pdf)\n");
        assert!(
            p.iter().any(|d| d.message.vi.contains("thiếu mô tả")),
            "{p:?}"
        );
        let (r, p) = run("![\"\"](/files/qd.pdf) <img src=\"/files/qd.pdf\">\n");
        assert!(r.html.contains("alt=\"\""), "{}", r.html);
        assert_eq!(p.len(), 1, "{p:?}");
    }

    #[test]
    fn footnotes_keep_ids() {
        let (r, _) = run("Câu[^1].\n\n[^1]: Chú thích.\n");
        assert!(r.html.contains("id=\"1\""), "{}", r.html);
    }
}
