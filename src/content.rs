//! Markdown pages of a site (`sites/<folder>/content/**/*.md`): the loaded [`Page`] with its URL
//! path, drafts and scheduling (the front matter itself is read by `front`, typed items by
//! `items`). Folders become sections; `_index.md` gives a section (or the home page) its title
//! and introduction. Format: `docs/page-format.md`.

use std::path::{Path, PathBuf};

use time::{Date, OffsetDateTime};

use crate::dates::{parse_date, parse_moment};
use crate::diag::{Diagnostics, Span};
use crate::front::{
    FrontMatter, bad_date, front_key, is_section_index, span, split_front_matter, warn_control,
};
use crate::items::{Extra, Vocab};
use crate::msg;
use crate::text;
use crate::yaml::Spanned;

/// A page ready to render (body still Markdown; `markdown.rs` renders it).
#[derive(Debug, Clone)]
pub struct Page {
    /// Source file relative to the project root, for messages.
    pub file: PathBuf,
    /// Path relative to the site's `content/` folder, with `/` separators (`thon/thon-1.md`).
    pub source: String,
    /// URL path relative to the site root, ending in `/` (`thon/thon-1/`); empty for the home page.
    pub path: String,
    /// Section this page belongs to (`thon`), empty at the top level.
    pub section: String,
    /// Whether this is a section's (or the home page's) `_index.md`.
    pub is_index: bool,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Posted.
    pub date: Option<Date>,
    /// Last updated.
    pub updated: Option<Date>,
    /// Order.
    pub weight: i32,
    /// Language code, if not the site's main one.
    pub lang: Option<String>,
    /// In the main navigation.
    pub nav: bool,
    /// Markdown body.
    pub body: String,
    /// 1-based line of the body's first line in the source file.
    pub body_line: u32,
    /// Announcement, event or document fields, by folder.
    pub extra: Extra,
}

fn date_field(
    file: &Path,
    key: &str,
    v: &Option<Spanned<String>>,
    diags: &mut Diagnostics,
) -> Option<Date> {
    let v = v.as_ref()?;
    parse_date(&v.value)
        .map_err(|why| {
            let invalid = (
                msg!(
                    "ngày `{}` trong `{key}` không hợp lệ",
                    "invalid date `{}` in `{key}`",
                    v.value
                ),
                msg!(
                    "viết theo dạng \"YYYY-MM-DD\", ví dụ \"2026-11-23\".",
                    "write it as \"YYYY-MM-DD\", e.g. \"2026-11-23\"."
                ),
            );
            bad_date(diags, span(file, v), key, &v.value, why, invalid);
        })
        .ok()
}

/// The `publish_at` moment of a page, reported when it cannot be taken.
fn publish_at_field(
    file: &Path,
    p: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<OffsetDateTime> {
    parse_moment(&p.value)
        .map_err(|why| {
            let invalid = (
                msg!(
                    "thời điểm `{}` trong `publish_at` không hợp lệ",
                    "invalid `publish_at` `{}`",
                    p.value
                ),
                msg!(
                    "viết \"2026-12-01\" hoặc \"2026-12-01T07:00:00+07:00\".",
                    "write \"2026-12-01\" or \"2026-12-01T07:00:00+07:00\"."
                ),
            );
            bad_date(diags, span(file, p), "publish_at", &p.value, why, invalid);
        })
        .ok()
}

/// Outcome of loading a page.
#[derive(Debug)]
pub enum Loaded {
    /// Published.
    Page(Box<Page>),
    /// A draft, or scheduled for later (with the moment it will appear).
    Hidden(Option<OffsetDateTime>),
    /// Unusable; the problem is in the diagnostics.
    Failed,
}

/// Loads one page. `source` is relative to the content folder; problems go to `diags`.
pub fn load_page(
    text: &str,
    file: &Path,
    source: &str,
    now: OffsetDateTime,
    vocab: &Vocab<'_>,
    diags: &mut Diagnostics,
) -> Loaded {
    match load_page_inner(text, file, source, now, vocab, diags) {
        Some(Err(at)) => Loaded::Hidden(at),
        Some(Ok(p)) => Loaded::Page(Box::new(p)),
        None => Loaded::Failed,
    }
}

fn load_page_inner(
    text: &str,
    file: &Path,
    source: &str,
    now: OffsetDateTime,
    vocab: &Vocab<'_>,
    diags: &mut Diagnostics,
) -> Option<Result<Page, Option<OffsetDateTime>>> {
    let split = match split_front_matter(text, file) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let (fm, extra) = crate::items::parse_front(split.front, file, source, vocab, diags)?;
    let FrontMatter {
        title,
        description,
        date,
        updated,
        weight,
        draft,
        publish_at,
        lang,
        nav,
    } = fm;
    let is_index = is_section_index(source);
    if title.trim().is_empty() {
        diags.error(
            Span::at(file, 2, 1),
            msg!("tiêu đề (`title`) đang để trống", "`title` is empty"),
        );
    }
    warn_control(
        front_key(split.front, file, "title"),
        "title",
        &title,
        diags,
    );
    let date = date_field(file, "date", &date, diags);
    if updated.is_none() && !is_index {
        diags.error_hint(
            Span::at(file, 1, 1),
            msg!("thiếu ngày cập nhật `updated`", "missing `updated` date"),
            msg!(
                "thêm dòng `updated: \"YYYY-MM-DD\"` vào phần khai báo: ngày trang được sửa lần cuối.",
                "add `updated: \"YYYY-MM-DD\"`: the date the page was last changed."
            ),
        );
    }
    let updated = date_field(file, "updated", &updated, diags);
    let lang = lang.and_then(|l| {
        let ok = l.value.len() >= 2
            && l.value.len() <= 8
            && l.value.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        if !ok {
            diags.error(
                span(file, &l),
                msg!(
                    "mã ngôn ngữ `{}` không hợp lệ",
                    "invalid language code `{}`",
                    l.value
                ),
            );
        }
        ok.then_some(l.value)
    });
    let publish_at = publish_at.and_then(|p| publish_at_field(file, &p, diags));
    if draft {
        return Some(Err(None));
    }
    if let Some(t) = publish_at.filter(|t| *t > now) {
        return Some(Err(Some(t)));
    }
    let (path, section) = url_of(source);
    Some(Ok(Page {
        file: file.to_path_buf(),
        source: source.to_owned(),
        path,
        section,
        is_index,
        title: title.trim().to_owned(),
        description: description
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
        date,
        updated,
        weight: weight.unwrap_or(0),
        lang,
        nav,
        body: split.body.to_owned(),
        body_line: split.body_line,
        extra,
    }))
}

/// URL path (relative to the site root, ending in `/`) and section of a content file.
/// `gioi-thieu.md` → `gioi-thieu/`; `thon/_index.md` → `thon/`; `_index.md` → ``.
pub fn url_of(source: &str) -> (String, String) {
    let stem = source.strip_suffix(".md").unwrap_or(source);
    let (dir, name) = match stem.rsplit_once('/') {
        Some((d, n)) => (d.to_owned(), n),
        None => (String::new(), stem),
    };
    let slug_dir: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(text::slugify)
        .collect();
    let slug_dir = slug_dir.join("/");
    let path = if is_section_index(source) {
        if slug_dir.is_empty() {
            String::new()
        } else {
            format!("{slug_dir}/")
        }
    } else if slug_dir.is_empty() {
        format!("{}/", text::slugify(name))
    } else {
        format!("{slug_dir}/{}/", text::slugify(name))
    };
    (path, slug_dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 +7);
    const V: Vocab<'static> = Vocab {
        audiences: &[],
        static_files: &[],
    };

    #[test]
    fn split_finds_body_line() {
        let s = split_front_matter("---\ntitle: a\n---\nbody\n", Path::new("p.md")).unwrap();
        assert_eq!(s.front, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split_front_matter("---\ntitle: a\nbody\n", Path::new("p.md")).unwrap_err();
        assert_eq!(e.message.vi, "phần khai báo đầu trang không được đóng");
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        assert!(split_front_matter("# Hello\n", Path::new("p.md")).is_err());
    }

    #[test]
    fn urls_are_slugged() {
        assert_eq!(
            url_of("gioi-thieu.md"),
            ("gioi-thieu/".into(), String::new())
        );
        assert_eq!(
            url_of("Thôn/Thôn Một.md"),
            ("thon/thon-mot/".into(), "thon".into())
        );
        assert_eq!(url_of("thon/_index.md"), ("thon/".into(), "thon".into()));
        assert_eq!(url_of("_index.md"), (String::new(), String::new()));
    }

    #[test]
    fn drafts_and_scheduled_pages_are_left_out() {
        let mut d = Diagnostics::new();
        let draft = "---\ntitle: a\nupdated: \"2026-01-01\"\ndraft: true\n---\n";
        assert!(matches!(
            load_page(draft, Path::new("a.md"), "a.md", NOW, &V, &mut d),
            Loaded::Hidden(_)
        ));
        let later = "---\ntitle: a\nupdated: \"2026-01-01\"\npublish_at: \"2026-12-01\"\n---\n";
        assert!(matches!(
            load_page(later, Path::new("a.md"), "a.md", NOW, &V, &mut d),
            Loaded::Hidden(_)
        ));
        let due = "---\ntitle: a\nupdated: \"2026-01-01\"\npublish_at: \"2026-11-01T07:00:00+07:00\"\n---\n";
        assert!(matches!(
            load_page(due, Path::new("a.md"), "a.md", NOW, &V, &mut d),
            Loaded::Page(_)
        ));
        assert!(d.is_empty());
    }

    #[test]
    fn bad_date_names_position() {
        let mut d = Diagnostics::new();
        let t = "---\ntitle: a\nupdated: \"23/11/2026\"\n---\n";
        load_page(t, Path::new("a.md"), "a.md", NOW, &V, &mut d);
        assert_eq!(d.items()[0].span.to_string(), "a.md:3:10");
    }
}
