//! The only module that knows the YAML crate (serde-saphyr): `parse` turns text into a typed
//! value or one [`Diagnostic`] at `file:line:column`, translated into plain Vietnamese with a
//! "did you mean" hint for misspelt keys. Limits (alias expansion, nesting depth) come from
//! serde-saphyr's budget, which refuses YAML alias bombs.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Msg, Span};
use crate::msg;
use crate::text;

pub use serde_saphyr::Spanned;

/// Where a [`Spanned`] value was written: 1-based line and column in the YAML text.
pub fn spanned_pos<T>(s: &Spanned<T>) -> (u32, u32) {
    let loc = s.referenced;
    (loc.line() as u32, loc.column() as u32)
}

/// Where a [`Spanned`] value was written in `file`, whose YAML text starts on line
/// `first_line` (as given to [`parse`]: 1 for a YAML file, 2 for front matter). The one
/// conversion of a YAML position to a message's `file:line:column`.
pub fn span_in<T>(file: &Path, s: &Spanned<T>, first_line: u32) -> Span {
    let (l, c) = spanned_pos(s);
    Span::at(file, l + first_line - 1, c)
}

/// [`span_in`] for a whole YAML file.
pub fn span<T>(file: &Path, s: &Spanned<T>) -> Span {
    span_in(file, s, 1)
}

fn options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.with_snippet = false;
    o
}

/// Parses `text` (the YAML found at `file`, starting at line `first_line` of it, which is 1 for a
/// whole file and 2 for front matter after `---`).
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: u32,
) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping, so that a file with only comments reports the
    // missing required keys rather than a parser error.
    let doc = if text.trim().is_empty() { "{}" } else { text };
    serde_saphyr::from_str_with_options::<T>(doc, options())
        .map_err(|e| translate(&e, file, first_line))
}

fn translate(err: &serde_saphyr::Error, file: &Path, first_line: u32) -> Diagnostic {
    let (line, column) = err
        .location()
        .map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
    let line = if line > 0 {
        line + first_line - 1
    } else {
        first_line
    };
    let span = Span::at(file, line, column);
    let raw = err.without_snippet().to_string();
    let english = strip_location_suffix(&raw);
    let (message, hint) = explain(&english);
    let d = Diagnostic::error(span, message);
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}

/// serde-saphyr appends " at line L column C"; the span already says where.
fn strip_location_suffix(s: &str) -> String {
    let s = s.trim();
    match s.rfind(" at line ") {
        Some(i) => s[..i].trim_end_matches(',').to_owned(),
        None => s.to_owned(),
    }
}

/// Text between the first pair of backticks after `prefix`.
fn quoted_after<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = &s[s.find(prefix)? + prefix.len()..];
    let start = rest.find('`')? + 1;
    let end = start + rest[start..].find('`')?;
    Some(&rest[start..end])
}

fn expected_list(s: &str) -> Vec<&str> {
    if let Some(i) = s.find("expected one of ") {
        return s[i + 16..]
            .split(", ")
            .map(|k| k.trim_matches('`').trim())
            .filter(|k| !k.is_empty())
            .collect();
    }
    s.find("expected `")
        .and_then(|i| s[i + 9..].split('`').nth(1))
        .into_iter()
        .collect()
}

/// Plain-language Vietnamese (and English) for serde's and the parser's messages.
fn explain(english: &str) -> (Msg, Option<Msg>) {
    if let Some(key) = quoted_after(english, "unknown field") {
        let expected = expected_list(english);
        let list = expected.join(", ");
        let hint = match text::closest(key, expected.iter().copied()) {
            Some(c) => msg!(
                "có phải ý bạn là `{c}`? Các khóa được dùng ở đây: {list}.",
                "did you mean `{c}`? Keys allowed here: {list}."
            ),
            None => msg!(
                "xóa khóa này hoặc sửa tên cho đúng. Các khóa được dùng ở đây: {list}.",
                "remove the key or correct its name. Keys allowed here: {list}."
            ),
        };
        return (
            msg!("khóa `{key}` không có trong mẫu", "unknown key `{key}`"),
            Some(hint),
        );
    }
    if let Some(key) = quoted_after(english, "missing field") {
        return (
            msg!(
                "thiếu khóa bắt buộc `{key}`",
                "missing required key `{key}`"
            ),
            Some(msg!(
                "thêm dòng `{key}: …` vào khối kết thúc ở vị trí này (xem hướng dẫn trong docs/).",
                "add a `{key}: …` line to the block that ends here (see docs/)."
            )),
        );
    }
    if let Some(variant) = quoted_after(english, "unknown variant") {
        let expected = expected_list(english);
        let list = expected.join(", ");
        let hint = match text::closest(variant, expected.iter().copied()) {
            Some(c) => msg!(
                "có phải ý bạn là `{c}`? Giá trị hợp lệ: {list}.",
                "did you mean `{c}`? Valid values: {list}."
            ),
            None => msg!("dùng một trong các giá trị: {list}.", "use one of: {list}."),
        };
        return (
            msg!(
                "giá trị `{variant}` không hợp lệ",
                "invalid value `{variant}`"
            ),
            Some(hint),
        );
    }
    explain_syntax(english)
}

/// [`explain`] for errors of the YAML text itself rather than of a key or value.
fn explain_syntax(english: &str) -> (Msg, Option<Msg>) {
    if let Some(rest) = english.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(", set ").next().unwrap_or(rest).trim();
        return (
            msg!("khóa `{key}` bị lặp lại", "key `{key}` appears twice"),
            Some(msg!(
                "mỗi khóa chỉ được viết một lần trong một khối; xóa hoặc gộp dòng thừa.",
                "write each key once per block; delete or merge the extra line."
            )),
        );
    }
    if english.contains("duplicate") {
        return (
            msg!("khóa bị lặp lại", "duplicate key"),
            Some(msg!(
                "mỗi khóa chỉ được viết một lần; xóa dòng thừa.",
                "write each key once; delete the extra line."
            )),
        );
    }
    if english.contains("recursion limit") || english.contains("depth") {
        return (
            msg!("dữ liệu YAML lồng quá sâu", "YAML nested too deeply"),
            Some(msg!(
                "kiểm tra các dấu ngoặc `[` `{{` chưa đóng; mỗi mục chỉ cần vài cấp thụt lề.",
                "look for unclosed `[` or `{{`; entries need only a few levels of indentation."
            )),
        );
    }
    if english.contains("unknown anchor") {
        return (
            msg!(
                "bí danh `*…` trỏ tới một neo `&…` không có",
                "alias `*…` refers to an anchor `&…` that does not exist"
            ),
            Some(msg!(
                "viết giá trị trực tiếp thay vì dùng `*tên`, hoặc định nghĩa `&tên` ở trước.",
                "write the value directly instead of `*name`, or define `&name` before it."
            )),
        );
    }
    if english.contains("invalid type")
        || english.contains("invalid value")
        || english.starts_with("invalid ")
        || english.starts_with("expected ")
    {
        return (
            msg!(
                "kiểu giá trị không đúng ({english})",
                "wrong type of value ({english})"
            ),
            Some(msg!(
                "kiểm tra lại giá trị: văn bản, số, danh sách (dòng bắt đầu bằng `- `) hay ngày (YYYY-MM-DD).",
                "check the value: text, number, list (lines starting with `- `) or date (YYYY-MM-DD)."
            )),
        );
    }
    if english.to_ascii_lowercase().contains("tab") {
        return (
            msg!(
                "YAML không cho phép ký tự Tab để thụt lề",
                "YAML does not allow tabs for indentation"
            ),
            Some(msg!(
                "thay ký tự Tab bằng dấu cách.",
                "replace the tab with spaces."
            )),
        );
    }
    if english.to_ascii_lowercase().contains("budget") || english.contains("alias") {
        return (
            msg!(
                "tệp YAML quá lớn hoặc lồng quá sâu ({english})",
                "YAML file too large or too deeply nested ({english})"
            ),
            Some(msg!(
                "không dùng bí danh (&, *) lồng nhau; chia nhỏ tệp.",
                "do not nest aliases (&, *); split the file."
            )),
        );
    }
    (
        msg!(
            "lỗi cú pháp YAML: {english}",
            "YAML syntax error: {english}"
        ),
        Some(msg!(
            "kiểm tra thụt lề (dùng dấu cách), dấu hai chấm sau mỗi khóa, và đặt văn bản có dấu `:` hoặc `#` trong ngoặc kép.",
            "check indentation (spaces), a colon after each key, and quote text that contains `:` or `#`."
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "fields are read through Debug in assertions")]
    struct T {
        name: String,
        hotline: Option<String>,
        code: Option<String>,
    }

    #[test]
    fn unknown_key_gets_position_and_suggestion() {
        let e = parse::<T>("name: a\nhotlne: 113\n", Path::new("s.yaml"), 1).unwrap_err();
        assert_eq!(e.span.to_string(), "s.yaml:2:1");
        assert_eq!(e.message.vi, "khóa `hotlne` không có trong mẫu");
        assert!(e.hint.unwrap().vi.contains("`hotline`"));
    }

    #[test]
    fn missing_key_is_named() {
        let e = parse::<T>("hotline: '113'\n", Path::new("s.yaml"), 1).unwrap_err();
        assert_eq!(e.message.vi, "thiếu khóa bắt buộc `name`");
    }

    #[test]
    fn front_matter_lines_are_offset() {
        let e = parse::<T>("name: a\nname: b\n", Path::new("p.md"), 2).unwrap_err();
        assert_eq!(e.span.line, 3);
    }

    #[test]
    fn leading_zero_codes_stay_strings() {
        let t: T = parse("name: a\ncode: 08\n", Path::new("s.yaml"), 1).unwrap();
        assert_eq!(t.code.as_deref(), Some("08"));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_owned()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let r = parse::<std::collections::BTreeMap<String, serde_json::Value>>(
            &bomb,
            Path::new("b.yaml"),
            1,
        );
        assert!(r.is_err());
    }
}
