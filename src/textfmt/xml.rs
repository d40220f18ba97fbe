//! XML 1.0 text (Atom, `sitemap.xml`, the sitemap index). XML 1.0 cannot carry C0 control
//! characters other than tab, LF and CR, nor U+FFFE and U+FFFF (§2.2, production `Char`): a
//! single one makes the whole file malformed and a feed reader drops every entry. They are
//! dropped. U+0085 and U+2028, allowed by XML 1.0, are kept. Lone surrogates cannot occur in a
//! Rust string.

/// Whether XML 1.0 can carry `c` at all.
pub fn is_char(c: char) -> bool {
    !matches!(c, '\0'..='\u{08}' | '\u{0B}' | '\u{0C}' | '\u{0E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The text a parser reads back from [`text`] or [`attr`]: `s` without the characters XML 1.0
/// cannot carry.
pub fn normalize(s: &str) -> String {
    s.chars().filter(|&c| is_char(c)).collect()
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A raw CR is read back as LF (end-of-line handling, §2.11); a reference is not.
            '\r' => out.push_str("&#13;"),
            // In attributes raw tab and LF are read back as spaces (§3.3.3).
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            c if is_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Element content: a parser reads back exactly [`normalize`]`(s)`.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value (in double or single quotes): a parser reads back exactly
/// [`normalize`]`(s)`.
pub fn attr(s: &str) -> String {
    escape(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_dropped_and_markup_escaped() {
        assert_eq!(
            text("a\u{1}<b>&\"'\r\n\t\u{2028}"),
            "a&lt;b&gt;&amp;&quot;&#39;&#13;\n\t\u{2028}"
        );
        assert_eq!(attr("a\tb\nc"), "a&#9;b&#10;c");
        assert_eq!(text("\u{FFFE}\u{FFFF}\u{FFFD}"), "\u{FFFD}");
    }
}
