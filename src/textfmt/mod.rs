//! The escaping rules of every text format congxa writes besides HTML: one module per format,
//! used by every writer of that format (`feeds`, `people`, `render`, `build`, `search`), so no
//! writer escapes by itself. Bottom-level: depends on no other module of the crate.
//!
//! Titles, names and places come from clerks' files, and YAML double-quoted strings can carry any
//! character (`"\r\n"`, `"\x01"`, `"\u2028"`). What each format cannot carry is escaped or
//! dropped here, never passed through:
//!
//! - [`ical`] and [`vcard`] (content lines, RFC 5545 §3.1 and RFC 6350 §3.2): line breaks become
//!   the escape `\n`, other control characters are dropped, lines are folded at 75 octets and end
//!   in CRLF. A value can never start a new property.
//! - [`xml`] (Atom, sitemaps): markup characters are escaped, characters XML 1.0 cannot carry are
//!   dropped, CR (and in attributes tab and LF) are written as character references so a parser
//!   gives back exactly the text.
//! - [`csv`] (broadcast lists): a byte-order mark, CRLF, and cells that a spreadsheet could
//!   take for a formula neutralised with a leading `'`.
//! - [`json`] (JSON Feed, JSON-LD, `procedures.json`, the search index): serde_json's output,
//!   and for JSON inside an HTML `<script>` the characters that could end the script escaped.

pub mod csv;
pub mod ical;
pub mod json;
mod lines;
pub mod vcard;
pub mod xml;

/// Characters that break a line in some reader: LF, VT, FF, CR, NEL (U+0085), LINE SEPARATOR
/// (U+2028) and PARAGRAPH SEPARATOR (U+2029), the mandatory breaks of Unicode's line-breaking
/// rules. Calendar and contact apps differ in which of them end a content line, so none may
/// appear raw in one.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The first character of `s` that a one-line text (a title, a name) should not hold: a line
/// break or a control character other than tab. The writers are safe regardless; this only
/// lets the clerk be told.
pub fn first_control(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| is_line_break(c) || (c.is_control() && c != '\t'))
}

/// The text a content-line value (iCalendar or vCard TEXT) stands for once a reader has
/// unescaped it: each line break (CRLF counted as one) becomes LF, other control characters
/// (C0, DEL, C1) except tab are dropped. This is the documented normalisation; tests compare
/// parsed values with it.
pub fn normalize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_line_break(c) {
            out.push('\n');
        } else if c == '\t' || !c.is_control() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_is_one_break_and_controls_are_dropped() {
        assert_eq!(
            normalize_text("a\r\nb\rc\u{2028}d\u{85}e\u{1}\u{7f}\u{9f}\tf"),
            "a\nb\nc\nd\ne\tf"
        );
        assert_eq!(normalize_text("\r\r\n\n"), "\n\n\n");
    }

    #[test]
    fn tab_is_not_reported_but_nel_is() {
        assert_eq!(first_control("Họp\tdân"), None);
        assert_eq!(first_control("Họp\u{85}dân\u{1}"), Some('\u{85}'));
    }
}
