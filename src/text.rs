//! Vietnamese text: NFC normalisation, slugs, accent folding for search, collation (CLDR `vi`
//! order via ICU4X) and Vietnamese formatting of money and phone numbers (dates: `dates`).
//!
//! Every other module calls these; nothing else imports `unicode-normalization` or `icu_*`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use icu_collator::CollatorBorrowed;
use icu_collator::options::CollatorOptions;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

// Kept so the render side's `crate::dates::format_date…` calls build until they call `dates` directly.
/// NFC form of `s`; borrows-free fast path when it already is NFC (the common case).
pub fn nfc(s: &str) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Folds a Vietnamese string to lowercase ASCII: tone marks and vowel marks dropped, đ → d.
/// Used for slugs and for diacritic-insensitive search ("dang ky ket hon" finds "Đăng ký kết hôn").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if is_combining_mark(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `s` with tone marks and vowel marks dropped and đ → d, Đ → D, case kept ("Đắk Lắk" →
/// "Dak Lak"): Vietnamese as SMS writes it. NFC, so letters of other scripts keep one form.
pub fn strip_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            c if is_combining_mark(c) => {}
            c => out.push(c),
        }
    }
    nfc(&out)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Vietnamese slug: folded, ASCII alphanumerics kept, apostrophes dropped, every other run of
/// characters becomes one `-`. Matches the `slug` column of the official commune list.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c == '\'' || c == '’' {
            // "Ea H'Leo" → "ea-hleo", as in the official list.
        } else {
            dash = true;
        }
    }
    out
}

/// Longest slug, in bytes, that a title may give one path segment. Real portal names reach 250
/// characters, and a file system refuses a name over 255 bytes; 100 keeps a URL readable, leaves
/// room for a code suffix, and keeps every existing hand-written URL (the longest, 84 bytes, is on
/// printed QR codes).
pub const SLUG_MAX: usize = 100;

/// `slug` cut to at most `max` bytes, at the last dash that fits (a word boundary), or at `max`
/// when the first word alone is longer. Slugs are ASCII, so any byte index is a char boundary.
pub fn slug_cut(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    let head = &slug[..max];
    match head.rfind('-') {
        Some(i) if i > 0 => &head[..i],
        _ => head,
    }
}

/// [`slugify`] bounded to [`SLUG_MAX`] bytes: the URL segment of a user-written title.
pub fn slugify_bounded(s: &str) -> String {
    slug_cut(&slugify(s), SLUG_MAX).to_owned()
}

/// Moves a tone mark written on the second vowel of "oa", "oe", "uy" (old style, "hoà") to the
/// first vowel (new style, "hòa"), so both spellings of a commune name compare equal.
pub fn normalize_tone_placement(s: &str) -> String {
    let chars: Vec<char> = s.nfd().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pair = chars.get(i + 1).copied();
        let tone = chars.get(i + 2).copied();
        let is_pair = matches!(
            (c.to_ascii_lowercase(), pair.map(|p| p.to_ascii_lowercase())),
            ('o', Some('a')) | ('o', Some('e')) | ('u', Some('y'))
        );
        // Only a bare second vowel followed directly by a tone mark (not ă/â/ê, which have their
        // own combining mark first) is moved, and only at the end of the word.
        let word_end = chars
            .get(i + 3)
            .is_none_or(|n| !n.is_alphabetic() && !is_combining_mark(*n));
        if is_pair && tone.is_some_and(is_tone_mark) && word_end {
            out.push(c);
            out.push(tone.unwrap_or_default());
            out.push(pair.unwrap_or_default());
            i += 3;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.into_iter().nfc().collect()
}

fn is_tone_mark(c: char) -> bool {
    matches!(c as u32, 0x0300 | 0x0301 | 0x0303 | 0x0309 | 0x0323)
}

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        let locale = icu_locale_core::locale!("vi");
        match CollatorBorrowed::try_new(locale.into(), CollatorOptions::default()) {
            Ok(c) => c,
            // The data is compiled into the binary; failing here is a build defect.
            Err(e) => panic!("Vietnamese collation data missing: {e}"),
        }
    })
}

/// Compares two strings in Vietnamese alphabetical order (a ă â b c d đ e ê …).
pub fn collate(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// The letter a Vietnamese A–Z index files `s` under: the first letter with its vowel mark
/// (ă, â, đ, ê, ô, ơ, ư are letters of their own) but without the tone mark, upper-cased.
pub fn index_letter(s: &str) -> String {
    let first = s.trim().nfd().find(|c| c.is_alphanumeric());
    let Some(first) = first else {
        return "#".to_owned();
    };
    let mut decomposed = s.trim().nfd().skip_while(|c| !c.is_alphanumeric());
    let base = decomposed.next().unwrap_or(first);
    let mut letter = String::new();
    letter.push(base);
    for m in decomposed {
        // U+0306 breve (ă), U+0302 circumflex (â ê ô), U+031B horn (ơ ư) make a new letter.
        if matches!(m as u32, 0x0306 | 0x0302 | 0x031B) {
            letter.push(m);
        } else if !is_combining_mark(m) {
            break;
        }
    }
    if base.is_ascii_digit() {
        return "0–9".to_owned();
    }
    let upper: String = letter.nfc().flat_map(char::to_uppercase).collect();
    if upper == "Đ" || base == 'đ' || base == 'Đ' {
        return "Đ".to_owned();
    }
    upper
}

/// Decodes the `%XX` escapes of a URL path (links in Markdown, the preview's requests); `None`
/// when a `%` is not followed by two hex digits. The bytes may not be UTF-8.
pub fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |k: usize| b.get(k).and_then(|&c| (c as char).to_digit(16));
            out.push((hex(i + 1)? * 16 + hex(i + 2)?) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Groups digits by thousands with a dot, as Vietnamese writes numbers: 1234567 → "1.234.567".
pub fn format_number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// "2.000 đồng"; zero is "Miễn phí" (free) because that is what a resident needs to read.
pub fn format_money(n: u64) -> String {
    if n == 0 {
        "Miễn phí".to_owned()
    } else {
        format!("{} đồng", format_number(n))
    }
}

/// A phone number as dialled: digits only, with a leading `+84` turned into `0`.
/// Returns `None` when it is not a Vietnamese number we can recognise.
pub fn phone_digits(s: &str) -> Option<String> {
    let trimmed = s.trim();
    let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let allowed = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')' | '+'));
    if !allowed {
        return None;
    }
    if trimmed.starts_with('+') {
        digits = digits.strip_prefix("84").map(|r| format!("0{r}"))?;
    }
    let ok = match digits.len() {
        // Emergency and short service numbers: 111–115, 1022 hotlines, 1800/1900 xxxx(xx).
        3 => digits.starts_with('1'),
        4 => digits.starts_with('1'),
        8 => digits.starts_with("1800") || digits.starts_with("1900"),
        10 => digits.starts_with("1800") || digits.starts_with("1900") || digits.starts_with('0'),
        11 => digits.starts_with("02"),
        _ => false,
    };
    ok.then_some(digits)
}

/// The Vietnamese way of writing a phone number: mobiles "0912 345 678", landlines
/// "0255 3822 123", hotlines "1900 1234", short numbers as they are.
pub fn format_phone(digits: &str) -> String {
    let d = digits;
    match d.len() {
        10 if d.starts_with("1800") || d.starts_with("1900") => {
            format!("{} {} {}", &d[..4], &d[4..7], &d[7..])
        }
        8 => format!("{} {}", &d[..4], &d[4..]),
        10 => format!("{} {} {}", &d[..4], &d[4..7], &d[7..]),
        // Hà Nội (024) and TP Hồ Chí Minh (028) have 3-digit area codes and 8-digit numbers.
        11 if d.starts_with("024") || d.starts_with("028") => {
            format!("{} {} {}", &d[..3], &d[3..7], &d[7..])
        }
        11 => format!("{} {} {}", &d[..4], &d[4..8], &d[8..]),
        _ => d.to_owned(),
    }
}

/// `tel:` URI for a dialled number: `tel:+84255...` for 0-prefixed numbers, short numbers as is.
pub fn tel_uri(digits: &str) -> String {
    match digits.strip_prefix('0') {
        Some(rest) => format!("tel:+84{rest}"),
        None => format!("tel:{digits}"),
    }
}

/// Escapes text for HTML element content and attribute values (generated HTML outside Tera).
/// XML files (Atom, sitemaps) go through `textfmt::xml`, which also drops what XML cannot carry.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Levenshtein-closest candidate for a "did you mean" hint, if it is close enough to be useful.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Only candidates whose length is within the accepted distance can be accepted (the
    // distance is at least the difference in length), so the others are skipped before the
    // quadratic edit distance: a page of many broken links to a site of many pages stays cheap.
    let word = fold(word);
    let len = word.chars().count();
    let mut best: Option<(&str, usize)> = None;
    for c in candidates {
        let folded = fold(c);
        let clen = folded.chars().count();
        if len.abs_diff(clen) > (c.chars().count() / 3).max(2) {
            continue;
        }
        let d = strsim::levenshtein(&word, &folded);
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    best.filter(|(c, d)| *d <= (c.chars().count() / 3).max(2))
        .map(|(c, _)| c)
}

/// Unique ids from slugs (the heading ids of a page, the officials of a site): the first of a
/// slug gets the slug, the next ones `slug-2`, `slug-3`, …, skipping any id already taken (a
/// heading the clerk wrote as "a 2" keeps `a-2`, and a later second "a 2" becomes `a-2-2`,
/// never a duplicate).
///
/// Each base remembers the next suffix to try, so n claims cost at most 2n
/// lookups of `taken` (counted in `probes`): one successful per claim, and each failed one
/// lands on a distinct taken id. An id is taken either as a base (and then that base is in
/// `next`, so its own first lookup is skipped) or as `parent-k` by its parent's counter (which
/// never tries the same k twice), so no id makes two lookups fail. Re-trying from 2 for every
/// claim, as before, took n²/2 lookups: 40,000 identical headings took minutes.
#[derive(Debug, Default)]
pub struct UniqueIds {
    taken: BTreeSet<String>,
    next: BTreeMap<String, u64>,
    probes: usize,
}

impl UniqueIds {
    /// Lookups of the taken ids so far (at most twice the ids claimed).
    pub fn lookups(&self) -> usize {
        self.probes
    }

    /// A fresh id for something whose slug is `base`.
    pub fn claim(&mut self, base: &str) -> String {
        if !self.next.contains_key(base) {
            self.probes += 1;
            if self.taken.insert(base.to_owned()) {
                self.next.insert(base.to_owned(), 2);
                return base.to_owned();
            }
        }
        let n = self.next.entry(base.to_owned()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            self.probes += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_cut_stops_at_a_word_boundary_within_the_limit() {
        let long = slugify(&"Thủ tục đăng ký khai sinh kết hợp ".repeat(10));
        let cut = slug_cut(&long, SLUG_MAX);
        assert!(cut.len() <= SLUG_MAX, "{cut}");
        assert!(
            long.starts_with(cut) && long.as_bytes()[cut.len()] == b'-',
            "{cut}"
        );
        assert!(!cut.ends_with('-'));
        assert_eq!(slug_cut("dang-ky-khai-sinh", SLUG_MAX), "dang-ky-khai-sinh");
        // One word longer than the limit is cut inside the word, still within the limit.
        assert_eq!(slug_cut(&"a".repeat(100), 80), "a".repeat(80));
        assert_eq!(slugify_bounded(&"Đ".repeat(300)).len(), SLUG_MAX);
    }

    #[test]
    fn closest_skips_candidates_too_far_in_length() {
        let pages = ["lien-he.md", "thon/to-1.md", "gioi-thieu.md"];
        assert_eq!(closest("lien-hr.md", pages), Some("lien-he.md"));
        assert_eq!(closest("gioi-thieu", pages), Some("gioi-thieu.md"));
        assert_eq!(closest("xyz", pages), None);
        // A 200,000-character link against a thousand pages: no edit distance is computed
        // (each would be 200,000 × 15 steps), and there is no suggestion.
        let long = "a".repeat(200_000);
        let many: Vec<String> = (0..1000).map(|i| format!("trang-{i}.md")).collect();
        assert_eq!(closest(&long, many.iter().map(String::as_str)), None);
    }

    #[test]
    fn fold_drops_all_marks() {
        assert_eq!(fold("Đăng ký kết hôn"), "dang ky ket hon");
        assert_eq!(fold("Ủy ban nhân dân"), "uy ban nhan dan");
    }

    #[test]
    fn slug_matches_official_list_style() {
        assert_eq!(slugify("Phường Ba Đình"), "phuong-ba-dinh");
        assert_eq!(slugify("Xã Ea H'Leo"), "xa-ea-hleo");
        assert_eq!(slugify("  Tổ dân phố 3 / Khu B "), "to-dan-pho-3-khu-b");
        assert_eq!(
            slugify("Thủ tục: đăng ký khai sinh?"),
            "thu-tuc-dang-ky-khai-sinh"
        );
    }

    #[test]
    fn tone_placement_old_and_new_compare_equal() {
        assert_eq!(normalize_tone_placement("Hoà An"), "Hòa An");
        assert_eq!(normalize_tone_placement("Thuỷ"), "Thủy");
        assert_eq!(normalize_tone_placement("Hòa"), "Hòa");
        // "hoàng": the tone is not at the end of the word; new style keeps it on "a".
        assert_eq!(normalize_tone_placement("Hoàng"), "Hoàng");
    }

    #[test]
    fn vietnamese_collation_order() {
        let mut words = vec!["ê", "đ", "e", "b", "â", "ă", "a", "d", "c", "ơ", "o", "ô"];
        words.sort_by(|a, b| collate(a, b));
        assert_eq!(
            words,
            ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "o", "ô", "ơ"]
        );
    }

    #[test]
    fn index_letters() {
        assert_eq!(index_letter("Đăng ký"), "Đ");
        assert_eq!(index_letter("ăn"), "Ă");
        assert_eq!(index_letter("Ấp"), "Â");
        assert_eq!(index_letter("Ủy"), "U");
        assert_eq!(index_letter("ướt"), "Ư");
        assert_eq!(index_letter("3 bước"), "0–9");
    }

    #[test]
    fn money_numbers() {
        assert_eq!(format_money(2000), "2.000 đồng");
        assert_eq!(format_money(0), "Miễn phí");
        assert_eq!(format_number(1_234_567), "1.234.567");
        assert_eq!(format_number(999), "999");
    }

    #[test]
    fn percent_escapes_need_two_hex_digits() {
        assert_eq!(
            percent_decode("t%C3%A0i%20li%e1%bb%87u").as_deref(),
            Some("tài liệu".as_bytes())
        );
        assert_eq!(percent_decode("%2e%2E/"), Some(b"../".to_vec()));
        for bad in ["%", "%4", "%zz", "%+1", "a%-1b"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(phone_digits("0912.345.678").as_deref(), Some("0912345678"));
        assert_eq!(
            phone_digits("+84 912 345 678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(phone_digits("113").as_deref(), Some("113"));
        assert_eq!(phone_digits("1900 1234").as_deref(), Some("19001234"));
        assert_eq!(
            phone_digits("0255 3822 123").as_deref(),
            Some("02553822123")
        );
        assert_eq!(phone_digits("12345"), None);
        assert_eq!(phone_digits("gọi tôi"), None);
        assert_eq!(format_phone("0912345678"), "0912 345 678");
        assert_eq!(format_phone("02553822123"), "0255 3822 123");
        assert_eq!(format_phone("19001234"), "1900 1234");
        assert_eq!(format_phone("02438230000"), "024 3823 0000");
        assert_eq!(tel_uri("0912345678"), "tel:+84912345678");
        assert_eq!(tel_uri("113"), "tel:113");
    }

    #[test]
    fn closest_suggests_near_misses_only() {
        assert_eq!(closest("hotlne", ["hotline", "email"]), Some("hotline"));
        assert_eq!(closest("zzzzzz", ["hotline", "email"]), None);
    }
}
