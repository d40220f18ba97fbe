//! GSM 03.38 (3GPP TS 23.038): which characters an SMS can carry in the 7-bit default alphabet,
//! how many segments a text takes, and the conversion of Vietnamese to that alphabet.
//!
//! A text that holds one character outside the alphabet is sent as UCS-2, where a segment holds
//! 70 characters instead of 160: "Mất điện" costs more than twice "Mat dien". Residents read
//! unaccented Vietnamese in SMS every day, so congxa writes SMS without diacritics.

use crate::text;

/// The basic character set, in table order (LF and CR included; ESC is not a character).
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The extension table: each is sent as ESC plus a code, so it counts as two septets.
pub const EXTENSION: &str = "^{}\\[~]|€";

/// Septets in one single-segment GSM-7 message.
pub const GSM_SINGLE: usize = 160;
/// Septets per segment of a concatenated GSM-7 message (the user data header takes 7).
pub const GSM_MULTI: usize = 153;
/// UTF-16 units in one single-segment UCS-2 message.
pub const UCS2_SINGLE: usize = 70;
/// UTF-16 units per segment of a concatenated UCS-2 message.
pub const UCS2_MULTI: usize = 67;

/// Whether `c` is in the basic character set.
pub fn is_basic(c: char) -> bool {
    BASIC.contains(c)
}

/// Whether `c` is in the extension table (counts double).
pub fn is_extension(c: char) -> bool {
    EXTENSION.contains(c)
}

/// Whether `c` can be sent in GSM-7 at all.
pub fn is_gsm(c: char) -> bool {
    is_basic(c) || is_extension(c)
}

/// Whether every character of `s` can be sent in GSM-7.
pub fn is_gsm_text(s: &str) -> bool {
    s.chars().all(is_gsm)
}

/// The encoding an SMS of this text is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// GSM 7-bit default alphabet.
    Gsm7,
    /// UCS-2 (UTF-16 units on the wire).
    Ucs2,
}

/// Length and segments of an SMS text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// Encoding.
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 units (UCS-2).
    pub units: usize,
    /// Segments (messages billed); an empty text is one message.
    pub segments: usize,
}

/// Counts `s` by the GSM 03.38 rules. A concatenated message never splits an escape pair
/// (GSM-7) or a surrogate pair (UCS-2) across two segments, as phones and gateways do, so
/// the count here is what the operator bills.
pub fn count(s: &str) -> Count {
    if is_gsm_text(s) {
        let widths = s.chars().map(|c| if is_extension(c) { 2 } else { 1 });
        let units: usize = widths.clone().sum();
        let segments = if units <= GSM_SINGLE {
            1
        } else {
            pack(widths, GSM_MULTI)
        };
        Count {
            encoding: Encoding::Gsm7,
            units,
            segments,
        }
    } else {
        let widths = s.chars().map(char::len_utf16);
        let units: usize = widths.clone().sum();
        let segments = if units <= UCS2_SINGLE {
            1
        } else {
            pack(widths, UCS2_MULTI)
        };
        Count {
            encoding: Encoding::Ucs2,
            units,
            segments,
        }
    }
}

/// Segments of `size` that hold indivisible items of the given widths, filled in order.
fn pack(widths: impl Iterator<Item = usize>, size: usize) -> usize {
    let mut segments = 1;
    let mut used = 0;
    for w in widths {
        if used + w > size {
            segments += 1;
            used = 0;
        }
        used += w;
    }
    segments
}

/// The most units `segments` segments can hold (GSM-7), the upper bound of a text's length.
pub fn gsm_capacity(segments: usize) -> usize {
    match segments {
        0 => 0,
        1 => GSM_SINGLE,
        n => n * GSM_MULTI,
    }
}

/// Vietnamese without diacritics: tone and vowel marks removed (`ế` → `e`, `ư` → `u`), `đ` →
/// `d`, `Đ` → `D`. Other text is left as it is.
pub fn strip_diacritics(s: &str) -> String {
    text::strip_marks(s)
}

/// `s` in the GSM-7 alphabet, on one line: diacritics removed, typographic quotes, dashes,
/// ellipsis and unusual spaces replaced by their plain forms, line breaks and tabs turned into
/// spaces (runs of spaces collapsed), and whatever is still outside the alphabet (emoji,
/// Chinese characters, controls) dropped. The result is always GSM-7 ([`is_gsm_text`]).
pub fn to_gsm_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in strip_diacritics(s).chars() {
        let plain: &str = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '`' | '´' => "'",
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '«' | '»' => "\"",
            '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
            '\u{2026}' => "...",
            '•' | '·' => "-",
            c if c.is_whitespace() => " ",
            _ => "",
        };
        if !plain.is_empty() {
            out.push_str(plain);
        } else if is_gsm(c) {
            out.push(c);
        }
    }
    let mut collapsed = String::with_capacity(out.len());
    for w in out.split(' ').filter(|w| !w.is_empty()) {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(w);
    }
    collapsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An independent count: encode to the bytes a modem sends (ESC prefix for the extension
    /// table, UTF-16 for UCS-2) and cut them into segments without ending one on an ESC or a
    /// high surrogate.
    fn reference(s: &str) -> (Encoding, usize, usize) {
        let gsm = s
            .chars()
            .all(|c| BASIC.contains(c) || EXTENSION.contains(c));
        let (units, single, multi): (Vec<u32>, usize, usize) = if gsm {
            let mut v = Vec::new();
            for c in s.chars() {
                if EXTENSION.contains(c) {
                    v.push(0x1B);
                }
                v.push(c as u32);
            }
            (v, 160, 153)
        } else {
            (s.encode_utf16().map(u32::from).collect(), 70, 67)
        };
        let enc = if gsm { Encoding::Gsm7 } else { Encoding::Ucs2 };
        if units.len() <= single {
            return (enc, units.len(), 1);
        }
        let mut segs = 0;
        let mut i = 0;
        while i < units.len() {
            let mut end = (i + multi).min(units.len());
            let last = units[end - 1];
            let cut_pair = if gsm {
                last == 0x1B
            } else {
                (0xD800..0xDC00).contains(&last)
            };
            if end < units.len() && cut_pair {
                end -= 1;
            }
            segs += 1;
            i = end;
        }
        (enc, units.len(), segs)
    }

    #[test]
    fn basic_and_extension_sets_have_their_sizes() {
        assert_eq!(BASIC.chars().count(), 127, "128 codes minus ESC");
        assert_eq!(EXTENSION.chars().count(), 9);
        assert!(is_basic('@') && is_basic('à') && is_basic('\n') && !is_basic('á'));
        assert!(is_extension('€') && !is_basic('€') && !is_gsm('đ'));
    }

    #[test]
    fn extension_characters_count_double() {
        assert_eq!(count("a€").units, 3);
        let s = "€".repeat(80);
        assert_eq!(
            count(&s),
            Count {
                encoding: Encoding::Gsm7,
                units: 160,
                segments: 1
            }
        );
        // 81 × 2 = 162 septets: 76 pairs fit in 153 (152 septets), so 2 segments.
        assert_eq!(count(&"€".repeat(81)).segments, 2);
    }

    #[test]
    fn segment_limits_are_160_153_70_67() {
        assert_eq!(count(&"a".repeat(160)).segments, 1);
        assert_eq!(count(&"a".repeat(161)).segments, 2);
        assert_eq!(count(&"a".repeat(306)).segments, 2);
        assert_eq!(count(&"a".repeat(307)).segments, 3);
        assert_eq!(count(&"ạ".repeat(70)).segments, 1);
        assert_eq!(count(&"ạ".repeat(71)).segments, 2);
        assert_eq!(count(&"ạ".repeat(134)).segments, 2);
        assert_eq!(count(&"ạ".repeat(135)).segments, 3);
        assert_eq!(count("").segments, 1);
    }

    #[test]
    fn vietnamese_notice_is_one_gsm_segment_without_diacritics() {
        let vi = "Thông báo: tạm ngừng cấp điện khu vực thôn Đông từ 7h00 đến 17h00 ngày 26/11 để sửa chữa đường dây. Xem chi tiết tại trang xã.";
        assert_eq!(count(vi).encoding, Encoding::Ucs2);
        assert_eq!(count(vi).segments, 2);
        let plain = to_gsm_line(vi);
        assert!(
            plain.starts_with("Thong bao: tam ngung cap dien khu vuc thon Dong"),
            "{plain}"
        );
        assert_eq!(count(&plain).segments, 1);
    }

    #[test]
    fn strip_diacritics_handles_every_vietnamese_letter() {
        assert_eq!(
            strip_diacritics("ĐẶNG Đức Thắng ở Ưu Ơn, ỹ Ỵ ằ ẫ ộ ữ ỡ"),
            "DANG Duc Thang o Uu On, y Y a a o u o"
        );
        assert_eq!(strip_diacritics("Hà Nội"), "Ha Noi");
    }

    #[test]
    fn to_gsm_line_replaces_typography_and_drops_the_rest() {
        assert_eq!(
            to_gsm_line("“Lũ” – sắp đến… 🌊\r\n\tngay"),
            "\"Lu\" - sap den... ngay"
        );
        assert_eq!(to_gsm_line("Giá: 5€ ^_^ 水"), "Gia: 5€ ^_^");
    }

    proptest! {
        #[test]
        fn any_string_after_conversion_is_gsm_only(s in any::<String>()) {
            let g = to_gsm_line(&s);
            prop_assert!(is_gsm_text(&g), "{g:?}");
            prop_assert!(!g.contains('\n') && !g.contains("  "));
        }

        #[test]
        fn vietnamese_after_conversion_is_gsm_only(s in "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐÀÁÂÔƠƯ 0-9.,:/]{0,200}") {
            let g = to_gsm_line(&s);
            prop_assert!(is_gsm_text(&g));
            prop_assert_eq!(g.chars().count(), s.split_whitespace().collect::<Vec<_>>().join(" ").chars().count());
        }

        #[test]
        fn segment_counts_match_the_reference(s in any::<String>()) {
            let c = count(&s);
            prop_assert_eq!((c.encoding, c.units, c.segments), reference(&s));
        }

        #[test]
        fn gsm_segment_counts_match_the_reference(s in "[a-z €\\[\\]{}^~|\\\\]{0,700}") {
            let c = count(&s);
            prop_assert_eq!((c.encoding, c.units, c.segments), reference(&s));
        }
    }
}
