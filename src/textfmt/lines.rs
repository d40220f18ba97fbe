//! Content lines shared by iCalendar (RFC 5545 §3.1) and vCard (RFC 6350 §3.2): TEXT escaping,
//! folding at 75 octets, CRLF line ends.

use super::{is_line_break, normalize_text};

/// Escapes a TEXT value: `\` `;` `,` are backslash-escaped, each line break (CRLF counted as
/// one, see [`is_line_break`]) becomes `\n`, other control characters except tab are dropped.
/// The result contains no character that can end a content line.
pub fn text(s: &str) -> String {
    let plain = normalize_text(s);
    let mut out = String::with_capacity(plain.len() + 8);
    for c in plain.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A URI value (URL, `tel:`): URIs have no escaping inside a content line, so line breaks and
/// control characters, which no valid URI contains, are dropped.
pub fn uri(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() && !is_line_break(c))
        .collect()
}

/// Folds a content line at 75 octets, never inside a UTF-8 sequence: continuation lines start
/// with one space, which readers remove.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut count = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if count + n > 75 {
            out.push_str("\r\n ");
            count = 1;
        }
        out.push(c);
        count += n;
    }
    out
}

/// Builder of a file of content lines. Property names and parameters are constants of the
/// writers; values go through [`text`] or [`uri`] on the way in.
#[derive(Debug, Default)]
pub struct Lines {
    out: String,
}

impl Lines {
    /// A line whose value is already in its final form (a constant or a formatted date).
    pub fn raw(&mut self, name: &str, value: &str) {
        debug_assert!(
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-;=".contains(&b)),
            "{name}"
        );
        debug_assert!(
            !value
                .chars()
                .any(|c| is_line_break(c) || (c.is_control() && c != '\t')),
            "{value:?}"
        );
        self.out.push_str(&fold(&format!("{name}:{value}")));
        self.out.push_str("\r\n");
    }

    /// A TEXT property.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &text(value));
    }

    /// A URI property.
    pub fn uri(&mut self, name: &str, value: &str) {
        self.raw(name, &uri(value));
    }

    /// The file.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crlf_in_a_value_cannot_start_a_property() {
        let mut l = Lines::default();
        l.text("SUMMARY", "Họp\r\nATTENDEE:mailto:x@y");
        assert_eq!(l.finish(), "SUMMARY:Họp\\nATTENDEE:mailto:x@y\r\n");
    }

    #[test]
    fn folding_keeps_utf8_sequences_whole() {
        let line = format!("SUMMARY:{}", "ệ".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n") {
            assert!(part.len() <= 75, "{part}");
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
    }

    #[test]
    fn uris_lose_controls() {
        assert_eq!(uri("https://x.vn/\r\na\u{2028}b"), "https://x.vn/ab");
    }
}
