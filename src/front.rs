//! Front matter, the part of every Markdown page both plain pages (`content`) and typed items
//! (`items`) read: the split from the body, the common schema [`FrontMatter`], where a key sits
//! in the file, which file is a section's `_index.md`, and the shared reports (a date that cannot
//! be taken, a control character in one-line text). Format: `docs/page-format.md`.

use std::path::Path;

use serde::Deserialize;

use crate::dates::{BadDate, FIRST_YEAR, LAST_YEAR};
use crate::diag::{Diagnostic, Diagnostics, Msg, Span};
use crate::msg;
use crate::yaml::{self, Spanned};

/// Whether `source` (a path under `content/`, `/`-separated) is a section's or the home page's
/// `_index.md`: the whole file name, so `thong-bao/lich_index.md` is an announcement.
pub fn is_section_index(source: &str) -> bool {
    source.rsplit('/').next() == Some("_index.md")
}

/// Where a front-matter value was written in the page `file` (front matter starts on line 2).
pub fn span<T>(file: &Path, s: &Spanned<T>) -> Span {
    yaml::span_in(file, s, 2)
}

/// Front matter of a page, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title (the page's `h1`).
    pub title: String,
    /// One-sentence description (search engines, link previews, lists).
    #[serde(default)]
    pub description: Option<String>,
    /// When it was first posted, YYYY-MM-DD.
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    /// When it was last updated, YYYY-MM-DD. Required: dates never come from file times.
    #[serde(default)]
    pub updated: Option<Spanned<String>>,
    /// Order in lists (smaller first), then title.
    #[serde(default)]
    pub weight: Option<i32>,
    /// Not published.
    #[serde(default)]
    pub draft: bool,
    /// Published from this moment (RFC 3339 or YYYY-MM-DD, Vietnam time).
    #[serde(default)]
    pub publish_at: Option<Spanned<String>>,
    /// Language of the page when not the site's main one.
    #[serde(default)]
    pub lang: Option<Spanned<String>>,
    /// Show in the site's small main navigation.
    #[serde(default)]
    pub nav: bool,
}

impl FrontMatter {
    /// The page fields of a typed item (announcement, event, document), taken from its own
    /// schema: items are listed by date, never by `weight`, and are never in the main
    /// navigation, so those two keys are not in their schemas.
    pub fn item(
        title: String,
        description: Option<String>,
        date: Option<Spanned<String>>,
        updated: Option<Spanned<String>>,
        draft: bool,
        publish_at: Option<Spanned<String>>,
        lang: Option<Spanned<String>>,
    ) -> Self {
        FrontMatter {
            title,
            description,
            date,
            updated,
            weight: None,
            draft,
            publish_at,
            lang,
            nav: false,
        }
    }
}

/// Text split into front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// YAML between the `---` lines.
    pub front: &'a str,
    /// Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: u32,
}

/// Splits `---\n<yaml>\n---\n<body>`. Text must already be LF-normalised.
pub fn split_front_matter<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let missing = || {
        Diagnostic::error(
            Span::at(file, 1, 1),
            msg!("trang thiếu phần khai báo đầu trang (front matter)", "the page has no front matter"),
        )
        .hint(msg!(
            "dòng đầu tiên phải là `---`, tiếp theo là `title: …` và `updated: \"YYYY-MM-DD\"`, rồi một dòng `---`.",
            "the first line must be `---`, then `title: …` and `updated: \"YYYY-MM-DD\"`, then a `---` line."
        ))
    };
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Err(missing());
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                front,
                body,
                body_line: i as u32 + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Span::at(file, 1, 1),
        msg!(
            "phần khai báo đầu trang không được đóng",
            "front matter is not closed"
        ),
    )
    .hint(msg!(
        "thêm một dòng chỉ có `---` sau phần khai báo (sau dòng `updated: …`).",
        "add a line with only `---` after the front matter."
    )))
}

/// Reports the date `value` of `key` at `span` that could not be taken: `invalid` (message and
/// hint) when it is not a date, the supported years when it is one too far away.
pub fn bad_date(
    diags: &mut Diagnostics,
    span: Span,
    key: &str,
    value: &str,
    why: BadDate,
    invalid: (Msg, Msg),
) {
    match why {
        BadDate::Invalid => diags.error_hint(span, invalid.0, invalid.1),
        BadDate::TooFar => diags.error_hint(
            span,
            msg!(
                "ngày quá xa: `{value}` trong `{key}` nằm ngoài các năm {FIRST_YEAR}–{LAST_YEAR}",
                "date too far away: `{value}` in `{key}` is outside the years {FIRST_YEAR}–{LAST_YEAR}"
            ),
            msg!(
                "kiểm tra lại năm (có thể gõ nhầm, ví dụ 9999 thay vì 2026); nếu không có hạn, bỏ hẳn dòng `{key}`.",
                "check the year (a slip such as 9999 for 2026?); if there is no limit, remove the `{key}` line."
            ),
        ),
    }
}

/// Where front matter (which starts on line 2) sets the top-level `key`: its line, else line 2.
pub fn front_key(front: &str, file: &Path, key: &str) -> Span {
    let line = front
        .lines()
        .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
        .map_or(2, |i| i as u32 + 2);
    Span::at(file, line, 1)
}

/// Warns when a one-line text (`title`, `place`, an official's `name` or `role`) holds a line break or a control
/// character, which YAML escapes such as `"\r\n"` or `"\x01"` can carry. Every output format
/// is safe regardless (`textfmt`); the clerk is told because the text will not show as typed.
pub fn warn_control(span: Span, field: &str, value: &str, diags: &mut Diagnostics) {
    let Some(c) = crate::textfmt::first_control(value) else {
        return;
    };
    let code = format!("U+{:04X}", u32::from(c));
    diags.warning_hint(
        span,
        msg!(
            "`{field}` có ký tự xuống dòng hoặc ký tự điều khiển ({code}): tệp lịch, danh bạ và nguồn tin đã bỏ ký tự này hoặc ghi thành xuống dòng",
            "`{field}` contains a line-break or control character ({code}); calendar, contact and feed files drop it or write it as a line break"
        ),
        msg!(
            "viết `{field}` trên một dòng, bỏ các mã như `\\r`, `\\n`, `\\u2028`, `\\x01` trong chuỗi đặt trong dấu ngoặc kép.",
            "write `{field}` on one line, without escapes such as `\\r`, `\\n`, `\\u2028`, `\\x01` in the quoted string."
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_whole_file_name_is_a_section_index() {
        assert!(is_section_index("_index.md"));
        assert!(is_section_index("thon/_index.md"));
        for other in [
            "thong-bao/lich_index.md",
            "lich_index.md",
            "thon/a_index.md",
            "_index.md/x.md",
        ] {
            assert!(!is_section_index(other), "{other}");
        }
    }
}
