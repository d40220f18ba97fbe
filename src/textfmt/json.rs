//! JSON (JSON Feed, JSON-LD, `procedures.json`, the search index). serde_json escapes every
//! control character and quote, so its output is always valid JSON (RFC 8259) and parses back to
//! exactly the input strings. JSON embedded in an HTML `<script type="application/ld+json">`
//! must also never contain `</script` or `<!--`; [`script`] escapes `<`, `>`, `&`, U+2028 and
//! U+2029 as `\u` escapes, which stand for the same characters to a JSON parser.

use serde::Serialize;

/// Compact JSON followed by a newline.
pub fn compact<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default() + "\n"
}

/// Indented JSON followed by a newline.
pub fn pretty<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// Compact JSON safe to place between `<script type="application/ld+json">` and `</script>`:
/// no character sequence in it can end the script element or open a comment.
pub fn script<T: Serialize + ?Sized>(v: &T) -> String {
    let json = serde_json::to_string(v).unwrap_or_default();
    let mut out = String::with_capacity(json.len());
    // These characters occur in serde_json's output only inside strings, where a `\u` escape
    // means the same character.
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = script(&serde_json::json!({ "name": "</script><!-- & \u{2028}" }));
        assert_eq!(
            s,
            r#"{"name":"\u003c/script\u003e\u003c!-- \u0026 \u2028"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><!-- & \u{2028}");
    }
}
