//! iCalendar (RFC 5545) content lines: TEXT values (§3.3.11) escaped, every line folded at 75
//! octets (§3.1) and ended by CRLF. Line breaks in a value (CR, LF, CRLF, VT, FF, U+0085,
//! U+2028, U+2029) become the escape `\n`; other control characters are dropped.

pub use super::lines::{Lines as Calendar, fold, text, uri};
