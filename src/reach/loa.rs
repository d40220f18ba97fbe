//! The loudspeaker script ("đọc trên loa"): an announcement or event as the commune's
//! loudspeaker reader says it. Every number, amount, date, time and phone number is written out
//! in words by the Vietnamese reading rules, abbreviations are expanded from one table, the
//! text is cut into short sentences and the key message is repeated at the end. Pure: strings
//! in, a string out. The rules and the table are documented in `docs/reach.md` ("Đọc trên loa").

use time::{OffsetDateTime, Weekday};

use crate::content::Page;
use crate::dates::VN_OFFSET;
use crate::items::{Event, Extra, Severity};

/// Folder of the scripts in a site's output: not linked from pages, not in the sitemap or the
/// search index. `phat-thanh/loa/thong-bao/<slug>.txt`, `phat-thanh/loa/su-kien/<slug>.txt`.
pub const DIR: &str = "phat-thanh/loa";

/// Largest number read in words (the reading stops at "tỷ"); longer digit runs are read digit
/// by digit, as one reads a code.
pub const MAX_NUMBER: u64 = 999_999_999_999;

/// A sentence longer than this many words is split at a comma or colon near its middle: a
/// reader needs a breath, and a listener loses the thread of longer ones.
const MAX_WORDS: usize = 30;

/// Fewest words a part of a split sentence keeps: shorter pieces sound like stray phrases.
const MIN_WORDS: usize = 8;

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// `n` in words, by the common (Northern and official broadcast) reading: "mốt" for a units 1
/// after twenty, "tư" for a units 4 after twenty, "lăm" for a units 5 after ten, "linh" (not
/// the Southern "lẻ") for a zero tens digit, "không trăm" inside a number (một nghìn không trăm
/// linh năm), groups of nghìn, triệu, tỷ. `None` above [`MAX_NUMBER`].
pub fn number(n: u64) -> Option<String> {
    if n > MAX_NUMBER {
        return None;
    }
    if n == 0 {
        return Some(DIGITS[0].to_owned());
    }
    let groups = [
        (n / 1_000_000_000, "tỷ"),
        (n / 1_000_000 % 1000, "triệu"),
        (n / 1000 % 1000, "nghìn"),
        (n % 1000, ""),
    ];
    let mut words: Vec<&str> = Vec::new();
    let mut started = false;
    for (g, unit) in groups {
        if g == 0 {
            continue;
        }
        group(g as usize, started, &mut words);
        if !unit.is_empty() {
            words.push(unit);
        }
        started = true;
    }
    Some(words.join(" "))
}

/// One group of three digits; `inner` when a larger group came before, so that hundreds and
/// tens are said even when zero ("không trăm linh năm").
fn group(g: usize, inner: bool, words: &mut Vec<&'static str>) {
    let (h, t, u) = (g / 100, g / 10 % 10, g % 10);
    let full = h > 0 || inner;
    if full {
        words.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 if u > 0 => {
            if full {
                words.push("linh");
            }
            words.push(DIGITS[u]);
        }
        0 => {}
        1 => {
            words.push("mười");
            match u {
                0 => {}
                5 => words.push("lăm"),
                _ => words.push(DIGITS[u]),
            }
        }
        _ => {
            words.extend([DIGITS[t], "mươi"]);
            match u {
                0 => {}
                1 => words.push("mốt"),
                4 => words.push("tư"),
                5 => words.push("lăm"),
                _ => words.push(DIGITS[u]),
            }
        }
    }
}

/// Digits one by one: "0912" → "không chín một hai".
pub fn digits(s: &str) -> String {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A digit run as a number in words, or digit by digit when it has a leading zero or is too
/// long to be a quantity.
fn number_or_digits(s: &str) -> String {
    match s.parse::<u64>() {
        Ok(n) if !(s.len() > 1 && s.starts_with('0')) => number(n).unwrap_or_else(|| digits(s)),
        _ => digits(s),
    }
}

/// Month names: the solar calendar's "tháng một" (not the lunar "tháng giêng") and "tháng tư"
/// for April, as official notices read them.
fn month(m: u8) -> String {
    match m {
        4 => "tư".to_owned(),
        _ => number(u64::from(m)).unwrap_or_default(),
    }
}

/// "ngày hai mươi sáu tháng mười một năm hai nghìn không trăm hai mươi sáu" (the year when
/// given). Days 1–10 are read plainly ("ngày năm"), not with the colloquial "mùng".
pub fn date(day: u8, m: u8, year: Option<i32>) -> String {
    let mut s = format!(
        "ngày {} tháng {}",
        number(u64::from(day)).unwrap_or_default(),
        month(m)
    );
    if let Some(y) = year.and_then(|y| u64::try_from(y).ok()).and_then(number) {
        s.push_str(" năm ");
        s.push_str(&y);
    }
    s
}

/// "mười tám giờ", "mười tám giờ ba mươi phút": the 24-hour clock, as notices write it.
pub fn clock(hour: u8, minute: u8) -> String {
    let h = number(u64::from(hour)).unwrap_or_default();
    if minute == 0 {
        format!("{h} giờ")
    } else {
        let m = number(u64::from(minute)).unwrap_or_default();
        format!("{h} giờ {m} phút")
    }
}

fn weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "thứ Hai",
        Weekday::Tuesday => "thứ Ba",
        Weekday::Wednesday => "thứ Tư",
        Weekday::Thursday => "thứ Năm",
        Weekday::Friday => "thứ Sáu",
        Weekday::Saturday => "thứ Bảy",
        Weekday::Sunday => "Chủ nhật",
    }
}

/// "mười chín giờ, thứ Bảy, ngày năm tháng mười hai năm hai nghìn không trăm hai mươi sáu", in
/// Vietnam time.
pub fn moment(t: OffsetDateTime) -> String {
    let t = t.to_offset(VN_OFFSET);
    format!(
        "{}, {}, {}",
        clock(t.hour(), t.minute()),
        weekday(t.weekday()),
        date(t.day(), u8::from(t.month()), Some(t.year()))
    )
}

/// When an event happens, in words: its start, and its end (the hour alone when on the same
/// day).
fn event_time(e: &Event) -> String {
    let start = e.start.to_offset(VN_OFFSET);
    match e.end.map(|t| t.to_offset(VN_OFFSET)) {
        Some(end) if end.date() == start.date() => format!(
            "từ {} đến {}, {}, {}",
            clock(start.hour(), start.minute()),
            clock(end.hour(), end.minute()),
            weekday(start.weekday()),
            date(start.day(), u8::from(start.month()), Some(start.year()))
        ),
        Some(end) => format!("từ {} đến {}", moment(start), moment(end)),
        None => moment(start),
    }
}

/// One abbreviation: what is written, what is said, and when it may be expanded.
struct Abbrev {
    written: &'static str,
    said: &'static str,
    guard: Guard,
}

/// When an abbreviation is safe to expand.
#[derive(Clone, Copy)]
enum Guard {
    /// Always, as a whole word.
    Always,
    /// Only before a number or a capitalised name ("Q. 1", "P. Bến Nghé"): a lone "P." could
    /// be an initial.
    BeforeName,
    /// Only before the name of an administrative level ("CA xã"): "CA" alone is also "ca"
    /// (a shift) or California.
    BeforeLevel,
}

/// The abbreviation table, documented in docs/reach.md: official bodies, papers and places
/// that notices write short and a reader must say in full.
const ABBREVIATIONS: [Abbrev; 19] = [
    ab("UBND", "Ủy ban nhân dân", Guard::Always),
    ab("HĐND", "Hội đồng nhân dân", Guard::Always),
    ab("MTTQ", "Mặt trận Tổ quốc", Guard::Always),
    ab("TDP", "tổ dân phố", Guard::Always),
    ab("KP", "khu phố", Guard::Always),
    ab("CCCD", "căn cước công dân", Guard::Always),
    ab("CMND", "chứng minh nhân dân", Guard::Always),
    ab("BHYT", "bảo hiểm y tế", Guard::Always),
    ab("BHXH", "bảo hiểm xã hội", Guard::Always),
    ab("PCCC", "phòng cháy, chữa cháy", Guard::Always),
    ab("THCS", "trung học cơ sở", Guard::Always),
    ab("THPT", "trung học phổ thông", Guard::Always),
    ab("SĐT", "số điện thoại", Guard::Always),
    ab("VNĐ", "đồng", Guard::Always),
    ab("VND", "đồng", Guard::Always),
    ab("CA", "Công an", Guard::BeforeLevel),
    ab("TP.", "thành phố", Guard::Always),
    ab("Q.", "quận", Guard::BeforeName),
    ab("P.", "phường", Guard::BeforeName),
];

const fn ab(written: &'static str, said: &'static str, guard: Guard) -> Abbrev {
    Abbrev {
        written,
        said,
        guard,
    }
}

/// The table as (written, said) pairs, for the documentation test.
pub fn abbreviations() -> impl Iterator<Item = (&'static str, &'static str)> {
    ABBREVIATIONS.iter().map(|a| (a.written, a.said))
}

const LEVELS: [&str; 8] = [
    "xã",
    "phường",
    "tỉnh",
    "huyện",
    "quận",
    "thành phố",
    "thị trấn",
    "đặc khu",
];

fn guard_holds(guard: Guard, rest: &str) -> bool {
    match guard {
        Guard::Always => true,
        Guard::BeforeName => rest
            .strip_prefix(' ')
            .and_then(|r| r.chars().next())
            .is_some_and(|c| c.is_ascii_digit() || c.is_uppercase()),
        Guard::BeforeLevel => rest.strip_prefix(' ').is_some_and(|r| {
            LEVELS.iter().any(|l| {
                r.strip_prefix(l)
                    .is_some_and(|after| !after.starts_with(char::is_alphanumeric))
            })
        }),
    }
}

/// Expands the abbreviations of [`ABBREVIATIONS`] that stand as whole words.
pub fn expand_abbreviations(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut i = 0;
    'scan: while i < s.len() {
        let at_word_start = !s[..i].ends_with(char::is_alphanumeric);
        if at_word_start {
            for a in &ABBREVIATIONS {
                let Some(rest) = s[i..].strip_prefix(a.written) else {
                    continue;
                };
                let whole = a.written.ends_with('.') || !rest.starts_with(char::is_alphanumeric);
                if whole && guard_holds(a.guard, rest) {
                    out.push_str(a.said);
                    i += a.written.len();
                    continue 'scan;
                }
            }
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The length of a document code at the start of `s` (`TB-UBND`, `QĐ-UBND`, `NĐ-CP`): parts of
/// capital letters joined by hyphens; 0 when there is none.
fn code_len(s: &str) -> usize {
    let mut len = 0;
    let mut rest = s;
    loop {
        let caps: usize = rest
            .chars()
            .take_while(|c| c.is_uppercase())
            .map(char::len_utf8)
            .sum();
        if caps == 0 {
            break;
        }
        len += caps + usize::from(len > 0);
        rest = &rest[caps..];
        match rest.strip_prefix('-') {
            Some(r) if r.starts_with(char::is_uppercase) => rest = r,
            _ => break,
        }
    }
    len
}

/// Document numbers read as a reader says them: "141/TB-UBND" → "141 của UBND", "15/2025/NĐ-CP"
/// → "15 năm 2025". The kind's code (TB, QĐ) is not said, since the kind is written before the
/// number ("Thông báo số 141/TB-UBND"); the issuer is said when the abbreviation table knows
/// it, else left out: letters spelled one by one help no listener.
pub fn document_numbers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let glued = s[..i].ends_with(|c: char| c.is_alphanumeric() || c == '/');
        let num = digit_run(rest);
        if !glued && !num.is_empty() {
            let mut j = num.len();
            let mut year = None;
            let after = &rest[j..];
            if let Some(y) = after
                .strip_prefix('/')
                .map(digit_run)
                .filter(|y| y.len() == 4)
            {
                year = Some(y);
                j += 1 + y.len();
            }
            if let Some(code) = rest[j..].strip_prefix('/') {
                let n = code_len(code);
                let end_ok = !code[n..].starts_with(|c: char| c.is_alphanumeric() || c == '/');
                if n > 0 && end_ok {
                    out.push_str(num);
                    if let Some(y) = year {
                        out.push_str(" năm ");
                        out.push_str(y);
                    }
                    let issuer = code[..n].rsplit('-').next().unwrap_or_default();
                    // "… 1234/QĐ-UBND của UBND huyện" names the issuer already.
                    let named = code[n..].trim_start().starts_with("của ");
                    let known = !named
                        && code[..n].contains('-')
                        && ABBREVIATIONS
                            .iter()
                            .any(|a| a.written == issuer && matches!(a.guard, Guard::Always));
                    if known {
                        out.push_str(" của ");
                        out.push_str(issuer);
                    }
                    i += j + 1 + n;
                    continue;
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Leading ASCII digits of `s`.
fn digit_run(s: &str) -> &str {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    &s[..n]
}

/// Whether the text after a match lets it end there (no digit glued on).
fn ends_clean(rest: &str) -> bool {
    !rest.starts_with(|c: char| c.is_ascii_digit())
}

/// The numbers of `s` in words. Tried in order at each digit run: ISO date, d/m/yyyy, d/m
/// (a date unless after "số", "hẻm", "ngõ", "ngách", "kiệt": then "trên", as house numbers
/// are read), time (18:00, 18h, 18h30), phone numbers (groups as written, digit by digit),
/// numbers grouped with dots (1.500.000), decimals with a comma (2,5 → hai phẩy năm), plain
/// numbers (111–115 digit by digit after "gọi"); "%" after a number is "phần trăm", "°" is
/// "độ", "đ" is "đồng", a dash to the next number is "đến", "thứ 1"/"thứ 4" are "thứ nhất"/
/// "thứ tư".
pub fn read_numbers(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let (len, words) = read_at(&s[..i], rest);
        if out.ends_with(char::is_alphanumeric) {
            out.push(' ');
        }
        out.push_str(&words);
        i += len;
        let after = &s[i..];
        if let Some(skip) = range_dash(after) {
            out.push_str(" đến ");
            i += skip;
            continue;
        }
        if let Some(r) = after.strip_prefix('%') {
            out.push_str(" phần trăm");
            i = s.len() - r.len();
        } else if let Some(r) = after.strip_prefix('°') {
            out.push_str(" độ");
            i = s.len() - r.len();
            if r.starts_with(['C', 'F']) {
                out.push(' ');
            }
        } else if after.starts_with('đ')
            && !after['đ'.len_utf8()..].starts_with(char::is_alphanumeric)
        {
            out.push_str(" đồng");
            i += 'đ'.len_utf8();
        } else if after.starts_with(char::is_alphanumeric) {
            out.push(' ');
        }
    }
    out
}

/// A reader of one written form: given the text before and from the digits on, the bytes it
/// takes and their words, or `None` when the text is not in its form.
type Reader = fn(&str, &str) -> Option<(usize, String)>;

/// A dash between two numbers ("15–20", "7:30 – 11:00", "15-20") is said "đến": the bytes
/// up to the second number.
fn range_dash(after: &str) -> Option<usize> {
    let trimmed = after.trim_start_matches(' ');
    let spaced = trimmed.len() < after.len();
    let rest = trimmed
        .strip_prefix('–')
        .or_else(|| trimmed.strip_prefix('-').filter(|_| !spaced))?;
    let next = if spaced {
        rest.trim_start_matches(' ')
    } else {
        rest
    };
    let digit_next = next.starts_with(|c: char| c.is_ascii_digit());
    // "15 –20" or "15- 20" is not written as a range.
    let balanced = spaced == (next.len() < rest.len());
    (digit_next && balanced).then_some(after.len() - next.len())
}

/// Reads the digits at the start of `rest` (`before` is the text before): bytes used, words.
fn read_at(before: &str, rest: &str) -> (usize, String) {
    let readers: [Reader; 7] = [
        iso_date,
        slash_date,
        time_of_day,
        phone,
        grouped,
        decimal,
        slash_number,
    ];
    readers
        .iter()
        .find_map(|r| r(before, rest))
        .unwrap_or_else(|| plain(before, rest))
}

fn plain(before: &str, rest: &str) -> (usize, String) {
    let run = digit_run(rest);
    let after_thu = before.ends_with("thứ ") || before.ends_with("Thứ ");
    let words = match run {
        "1" if after_thu => "nhất".to_owned(),
        "4" if after_thu => "tư".to_owned(),
        "111" | "112" | "113" | "114" | "115" if after_dial_word(before) => digits(run),
        _ => number_or_digits(run),
    };
    (run.len(), words)
}

fn small(s: &str, max: u8) -> Option<u8> {
    let n: u8 = s.parse().ok()?;
    (s.len() <= 2 && (1..=max).contains(&n)).then_some(n)
}

fn iso_date(_: &str, rest: &str) -> Option<(usize, String)> {
    let b = rest.as_bytes();
    let ok = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && ends_clean(&rest[10..]);
    if !ok {
        return None;
    }
    let m = small(&rest[5..7], 12)?;
    let d = small(&rest[8..10], 31)?;
    Some((10, date(d, m, rest[..4].parse().ok())))
}

/// The last word of `before`, lower-cased.
fn last_word(before: &str) -> String {
    before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// Text before the number asks to dial it: the emergency numbers (111 to 115) are said digit by
/// digit, "gọi một một ba", as everyone knows them.
fn after_dial_word(before: &str) -> bool {
    ["gọi", "lại", "đài", "bấm", "quay"].contains(&last_word(before).as_str())
}

/// Text before the number names a house or alley: "12/3" is a house number, not a date.
fn after_address_word(before: &str) -> bool {
    ["số", "hẻm", "ngõ", "ngách", "kiệt", "nhà"].contains(&last_word(before).as_str())
}

fn slash_date(before: &str, rest: &str) -> Option<(usize, String)> {
    if after_address_word(before) {
        return None;
    }
    let d_s = digit_run(rest);
    let r = rest[d_s.len()..].strip_prefix('/')?;
    let m_s = digit_run(r);
    let (d, m) = (small(d_s, 31)?, small(m_s, 12)?);
    let mut len = d_s.len() + 1 + m_s.len();
    let mut year = None;
    let r2 = &r[m_s.len()..];
    if let Some(y) = r2.strip_prefix('/') {
        let y_s = digit_run(y);
        if y_s.len() != 4 || !ends_clean(&y[4..]) {
            return None;
        }
        year = y_s.parse().ok();
        len += 5;
    } else if !ends_clean(r2) {
        return None;
    }
    let mut words = date(d, m, year);
    // "ngày 28/11" must not become "ngày ngày hai mươi tám".
    if before.to_lowercase().trim_end().ends_with("ngày") {
        words = words["ngày ".len()..].to_owned();
    }
    Some((len, words))
}

/// "12/3" read "mười hai trên ba" (house numbers, ratios).
fn slash_number(_: &str, rest: &str) -> Option<(usize, String)> {
    let a = digit_run(rest);
    let r = rest[a.len()..].strip_prefix('/')?;
    let b = digit_run(r);
    if b.is_empty() {
        return None;
    }
    Some((
        a.len() + 1 + b.len(),
        format!("{} trên {}", number_or_digits(a), number_or_digits(b)),
    ))
}

fn time_of_day(_: &str, rest: &str) -> Option<(usize, String)> {
    let h_s = digit_run(rest);
    let hour: u8 = h_s.parse().ok().filter(|h| *h <= 23 && h_s.len() <= 2)?;
    let r = &rest[h_s.len()..];
    let (sep, r) = match r.chars().next()? {
        ':' => (true, &r[1..]),
        'h' | 'g' => (false, &r[1..]),
        _ => return None,
    };
    let m_s = digit_run(r);
    let tail = &r[m_s.len()..];
    let minute = match m_s.len() {
        2 => m_s.parse::<u8>().ok().filter(|m| *m <= 59)?,
        // "18h" alone, not "18hai" nor "18:".
        0 if !sep && !tail.starts_with(char::is_alphanumeric) => 0,
        _ => return None,
    };
    if !ends_clean(tail) {
        return None;
    }
    Some((h_s.len() + 1 + m_s.len(), clock(hour, minute)))
}

/// Phone numbers: a mobile or landline (10 or 11 digits from a 0) or a 1800/1900 hotline (8
/// digits), groups written with spaces or dots. Read digit by digit, a pause between groups.
fn phone(_: &str, rest: &str) -> Option<(usize, String)> {
    let mut groups: Vec<&str> = Vec::new();
    let mut len = 0;
    let mut r = rest;
    loop {
        let g = digit_run(r);
        if g.is_empty() {
            break;
        }
        groups.push(g);
        len += g.len();
        r = &r[g.len()..];
        let total: usize = groups.iter().map(|g| g.len()).sum();
        let next = r
            .strip_prefix([' ', '.'])
            .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        match next {
            Some(n) if total < 11 => {
                len += 1;
                r = n;
            }
            _ => break,
        }
    }
    let all: String = groups.concat();
    let is_phone = (all.starts_with('0') && (10..=11).contains(&all.len()))
        || ((all.starts_with("1800") || all.starts_with("1900")) && all.len() == 8);
    if !is_phone {
        return None;
    }
    let said: Vec<String> = groups.iter().map(|g| digits(g)).collect();
    Some((len, said.join(", ")))
}

/// "1.500.000" (dots group thousands in Vietnamese).
fn grouped(_: &str, rest: &str) -> Option<(usize, String)> {
    let first = digit_run(rest);
    if first.len() > 3 || first.starts_with('0') {
        return None;
    }
    let mut all = first.to_owned();
    let mut len = first.len();
    let mut r = &rest[first.len()..];
    while let Some(n) = r.strip_prefix('.') {
        let g = digit_run(n);
        if g.len() != 3 {
            break;
        }
        all.push_str(g);
        len += 4;
        r = &n[3..];
    }
    if len == first.len() || !ends_clean(r) {
        return None;
    }
    Some((len, number_or_digits(&all)))
}

/// "2,5" → "hai phẩy năm"; "2,05" → "hai phẩy không năm" (leading zeros of the fraction said).
fn decimal(_: &str, rest: &str) -> Option<(usize, String)> {
    let int = digit_run(rest);
    let frac = digit_run(rest[int.len()..].strip_prefix(',')?);
    if frac.is_empty() {
        return None;
    }
    let zeros = frac.len() - frac.trim_start_matches('0').len();
    let mut words = vec![number_or_digits(int), "phẩy".to_owned()];
    words.extend(std::iter::repeat_n(DIGITS[0].to_owned(), zeros));
    if zeros < frac.len() {
        words.push(number_or_digits(&frac[zeros..]));
    }
    Some((int.len() + 1 + frac.len(), words.join(" ")))
}

/// Whether `c` is an invisible formatting character: zero-width characters, bidirectional
/// embeddings, overrides and isolates (which can make a line display in another order than it
/// is read), the byte-order mark and interlinear annotations.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

/// The digit a subscript or superscript digit stands for ("CO₂" is read "CO hai").
fn small_digit(c: char) -> Option<char> {
    let d = match c {
        '₀'..='₉' => c as u32 - '₀' as u32,
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴'..='⁹' => c as u32 - '⁴' as u32 + 4,
        _ => return None,
    };
    char::from_digit(d, 10)
}

/// Square and cubic metres said as units: "50 m²" → "50 mét vuông", "m³" → "mét khối".
fn units(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['²', '³']) {
        let (head, tail) = rest.split_at(i);
        let sq = tail.starts_with('²');
        let unit = head
            .strip_suffix('m')
            .filter(|h| !h.ends_with(char::is_alphabetic));
        match unit {
            Some(h) => {
                out.push_str(h);
                out.push_str(if sq { "mét vuông" } else { "mét khối" });
            }
            None => {
                out.push_str(head);
                out.push(if sq { '²' } else { '³' });
            }
        }
        rest = &tail[2..];
    }
    out.push_str(rest);
    out
}

/// The text a script line may carry: every whitespace character, line breaks of any kind
/// included (a title written with `"\r\n"` or U+2028), becomes a space, so a sentence is always
/// one line of the file; control and invisible formatting characters are dropped, so what the
/// reader sees in Notepad is what the text says.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in units(s).chars() {
        if let Some(d) = small_digit(c) {
            // A superscript after a number is a power: "10³" is "10 mũ 3".
            let power = !('₀'..='₉').contains(&c) && out.ends_with(|p: char| p.is_ascii_digit());
            if power {
                out.push_str(" mũ ");
            }
            out.push(d);
        } else if c.is_whitespace() {
            out.push(' ');
        } else if !(c.is_control() || is_invisible_format(c)) {
            out.push(c);
        }
    }
    out
}

/// Whether the slash at byte `i` of `s` stands between two words as "or": spaced on both
/// sides, or between two small letters.
fn slash_is_or(s: &str, i: usize) -> bool {
    let before = s[..i].chars().next_back();
    let after = s[i + 1..].chars().next();
    match (before, after) {
        (Some(' '), Some(' ')) => true,
        (Some(b), Some(a)) => b.is_lowercase() && a.is_lowercase(),
        _ => false,
    }
}

/// Punctuation a listener cannot hear, turned into pauses: brackets and dashes become commas,
/// quotes go.
fn speakable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '—' => out.push_str(", "),
            // An en dash before a capital joins names ("Văn hóa – Xã hội"): read straight on;
            // before a small letter it is a pause ("Khẩn cấp – bão số 15").
            '–' if s[i + c.len_utf8()..]
                .trim_start()
                .starts_with(char::is_uppercase) =>
            {
                out.push(' ')
            }
            '–' => out.push_str(", "),
            ')' | ']' => out.push(','),
            '"' | '“' | '”' | '*' | '_' | '`' => {}
            // Between words, spaced or in small letters, a slash offers a choice ("doanh
            // nghiệp / hộ kinh doanh"); in codes ("141/TB") it is said as in house numbers.
            '/' if slash_is_or(s, i) => out.push_str(" hoặc "),
            '/' => out.push_str(" trên "),
            _ => out.push(c),
        }
    }
    let mut t = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [
        (" ,", ","),
        (",,", ","),
        (", .", "."),
        (",.", "."),
        (", ;", ";"),
    ] {
        while t.contains(from) {
            t = t.replace(from, to);
        }
    }
    t.trim_start_matches([',', ' ']).to_owned()
}

/// One text as spoken sentences: abbreviations expanded, numbers read, split at sentence ends
/// and semicolons, long sentences split again, each ending with a full stop.
pub fn sentences(s: &str) -> Vec<String> {
    let said = speakable(&read_numbers(&expand_abbreviations(&document_numbers(
        &clean(s),
    ))));
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = said.chars().peekable();
    while let Some(c) = chars.next() {
        let end = matches!(c, '.' | ';' | '!' | '?') && chars.peek().is_none_or(|n| *n == ' ');
        if end {
            if c != ';' {
                cur.push(c);
            }
            split_long(cur.trim(), &mut out);
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    split_long(cur.trim(), &mut out);
    out
}

/// Splits a sentence over [`MAX_WORDS`] at the colon or comma nearest its middle (else before
/// "để", "nhưng", "vì"), leaving at least [`MIN_WORDS`] on each side, again until each part is
/// short or has no such point, and ends each part with a full stop.
fn split_long(s: &str, out: &mut Vec<String>) {
    // A block ending in a colon announces what follows (a list): the colon stays.
    let s = s.trim().trim_end_matches([',', ';', ' ']);
    // Punctuation alone ("!", "…") says nothing.
    if !s.contains(char::is_alphanumeric) {
        return;
    }
    let words = s.split_whitespace().count();
    let cut = (words > MAX_WORDS).then(|| cut_point(s)).flatten();
    match cut {
        Some((i, skip)) => {
            split_long(&s[..i], out);
            split_long(&s[i + skip..], out);
        }
        None => {
            let mut t = capitalize(s);
            if !t.ends_with(['.', '!', '?', ':']) {
                t.push('.');
            }
            out.push(t);
        }
    }
}

/// Words that start a new clause after a comma: a cut before them leaves two sentences a
/// listener can follow. A comma elsewhere usually separates items of a list ("hộ nghèo, hộ cận
/// nghèo"), which must stay together.
const CLAUSE_WORDS: [&str; 12] = [
    "rồi", "nhưng", "nên", "vì", "nếu", "khi", "để", "còn", "thì", "xin", "hãy", "sau đó",
];

/// Where to cut a long sentence: byte offset and how many bytes the cut drops. At a colon, at a
/// comma before a clause word, or before "để", "nhưng", "vì"; the one nearest the middle that
/// leaves [`MIN_WORDS`] on each side.
fn cut_point(s: &str) -> Option<(usize, usize)> {
    let mid = s.len() / 2;
    let fair = |i: usize| {
        s[..i].split_whitespace().count() >= MIN_WORDS
            && s[i..].split_whitespace().count() >= MIN_WORDS
    };
    let starts_word = |rest: &str, w: &str| {
        rest.strip_prefix(w)
            .is_some_and(|a| !a.starts_with(char::is_alphanumeric))
    };
    let colons = s.match_indices(':').map(|(i, _)| (i, 1));
    let commas = s
        .match_indices(", ")
        .filter(|(i, _)| CLAUSE_WORDS.iter().any(|w| starts_word(&s[i + 2..], w)))
        .map(|(i, _)| (i, 1));
    let bare = [" để ", " nhưng ", " vì "]
        .into_iter()
        .flat_map(|w| s.match_indices(w).map(|(i, _)| (i, 1)));
    colons
        .chain(commas)
        .chain(bare)
        .filter(|(i, _)| fair(*i))
        .min_by_key(|(i, _)| i.abs_diff(mid))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The script of an announcement or event of the commune `commune` ("phường Cẩm Thành"), as
/// paragraphs of sentences; `None` for any other page.
pub fn script(commune: &str, page: &Page) -> Option<Vec<Vec<String>>> {
    let event = match &page.extra {
        Extra::Announcement(_) => None,
        Extra::Event(e) => Some(e),
        _ => return None,
    };
    // Whoever calls keeps the no-digit, one-line promise of the file.
    let commune = read_numbers(
        &clean(commune)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    );
    let mut paras: Vec<Vec<String>> = Vec::new();
    let mut opening = vec![format!("Loa truyền thanh {commune} xin thông báo.")];
    if matches!(&page.extra, Extra::Announcement(a) if a.severity == Severity::KhanCap) {
        opening.push("Đây là thông báo khẩn.".to_owned());
    }
    paras.push(opening);
    let mut key = sentences(&page.title);
    if let Some(e) = event {
        key.extend(sentences(&format!("Thời gian: {}.", event_time(e))));
        if let Some(place) = &e.place {
            key.extend(sentences(&format!("Địa điểm: {place}.")));
        }
        if e.online_url.is_some() {
            key.push(format!(
                "Hình thức: trực tuyến, đường dẫn tham gia có trên trang thông tin điện tử của {commune}."
            ));
        }
    }
    paras.push(key.clone());
    for block in crate::markdown::speech_blocks(&page.body) {
        let s = sentences(&block);
        if !s.is_empty() {
            paras.push(s);
        }
    }
    let mut again = key;
    if let Some(first) = again.first_mut() {
        *first = format!("Xin nhắc lại: {first}");
    }
    paras.push(again);
    // A title of nothing but punctuation says nothing: no empty paragraph, no empty reminder.
    paras.retain(|p| !p.is_empty());
    paras.push(vec![
        format!("Loa truyền thanh {commune} xin hết thông báo."),
        "Xin cảm ơn bà con đã lắng nghe.".to_owned(),
    ]);
    Some(paras)
}

/// How the script names the commune: its kind in small letters, then its name ("phường Cẩm
/// Thành", "xã Đồng Văn"), numbers read out ("Phường Hà Giang 2" → "phường Hà Giang hai").
pub fn commune_name(c: &crate::communes::Commune) -> String {
    read_numbers(&clean(&format!("{} {}", c.kind, c.short_name)))
}

/// The script as one text with LF line ends and a blank line between paragraphs, for the
/// broadcast lists and the terminal (the file adds its BOM and CRLF, see [`file_bytes`]).
pub fn text(paras: &[Vec<String>]) -> String {
    paras
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The script as a file: UTF-8 with a byte-order mark and CRLF line ends, so that the Notepad
/// of older Windows machines in commune offices and a browser opening it from a server that
/// sends no charset both show the Vietnamese letters; one sentence a line, a blank line between
/// paragraphs.
pub fn file_bytes(paras: &[Vec<String>]) -> Vec<u8> {
    let mut s = String::from("\u{feff}");
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            s.push_str("\r\n");
        }
        for line in p {
            s.push_str(line);
            s.push_str("\r\n");
        }
    }
    s.into_bytes()
}

/// Where the script of `page` goes in the site's output: `phat-thanh/loa/thong-bao/<slug>.txt`.
pub fn output_path(page: &Page) -> String {
    format!("{DIR}/{}.txt", page.path.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: u64) -> String {
        number(v).unwrap()
    }

    #[test]
    fn small_numbers_follow_the_reading_rules() {
        let cases = [
            (0, "không"),
            (1, "một"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (31, "ba mươi mốt"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (115, "một trăm mười lăm"),
            (214, "hai trăm mười bốn"),
            (999, "chín trăm chín mươi chín"),
        ];
        for (v, want) in cases {
            assert_eq!(n(v), want, "{v}");
        }
    }

    #[test]
    fn large_numbers_say_zero_hundreds_inside_and_skip_empty_groups() {
        let cases = [
            (1_005, "một nghìn không trăm linh năm"),
            (1_015, "một nghìn không trăm mười lăm"),
            (2_026, "hai nghìn không trăm hai mươi sáu"),
            (10_000, "mười nghìn"),
            (21_000, "hai mươi mốt nghìn"),
            (1_000_000, "một triệu"),
            (1_000_005, "một triệu không trăm linh năm"),
            (2_500_000, "hai triệu năm trăm nghìn"),
            (1_000_000_000, "một tỷ"),
            (1_000_100_000, "một tỷ một trăm nghìn"),
            (1_000_010_000, "một tỷ không trăm mười nghìn"),
            (
                MAX_NUMBER,
                "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu \
                 chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
            ),
        ];
        for (v, want) in cases {
            assert_eq!(n(v), want, "{v}");
        }
        assert_eq!(number(MAX_NUMBER + 1), None);
    }

    #[test]
    fn money_is_read_in_words_with_dong() {
        assert_eq!(read_numbers("8.000 đồng"), "tám nghìn đồng");
        assert_eq!(read_numbers("8.000đ"), "tám nghìn đồng");
        assert_eq!(
            read_numbers("1.500.000 đồng"),
            "một triệu năm trăm nghìn đồng"
        );
        assert_eq!(read_numbers("1,5 triệu đồng"), "một phẩy năm triệu đồng");
        assert_eq!(
            read_numbers(&expand_abbreviations("50.000 VNĐ")),
            "năm mươi nghìn đồng"
        );
    }

    #[test]
    fn dates_are_read_as_day_month_year() {
        let full = "ngày hai mươi sáu tháng mười một năm hai nghìn không trăm hai mươi sáu";
        assert_eq!(read_numbers("26/11/2026"), full);
        assert_eq!(read_numbers("2026-11-26"), full);
        assert_eq!(read_numbers("ngày 26/11/2026"), full);
        assert_eq!(
            read_numbers("thứ Bảy 28/11"),
            "thứ Bảy ngày hai mươi tám tháng mười một"
        );
        assert_eq!(read_numbers("1/4"), "ngày một tháng tư");
        assert_eq!(read_numbers("24/1"), "ngày hai mươi tư tháng một");
    }

    #[test]
    fn times_are_read_on_the_twenty_four_hour_clock() {
        assert_eq!(read_numbers("18:00"), "mười tám giờ");
        assert_eq!(read_numbers("18h"), "mười tám giờ");
        assert_eq!(read_numbers("18h30"), "mười tám giờ ba mươi phút");
        assert_eq!(read_numbers("7:05 sáng"), "bảy giờ năm phút sáng");
        assert_eq!(
            read_numbers("từ 7:00 đến 16:00"),
            "từ bảy giờ đến mười sáu giờ"
        );
    }

    #[test]
    fn phone_numbers_are_read_digit_by_digit_grouped_as_written() {
        assert_eq!(
            read_numbers("0912 345 678"),
            "không chín một hai, ba bốn năm, sáu bảy tám"
        );
        assert_eq!(
            read_numbers("0912.345.678"),
            "không chín một hai, ba bốn năm, sáu bảy tám"
        );
        assert_eq!(
            read_numbers("gọi 0912345678."),
            "gọi không chín một hai ba bốn năm sáu bảy tám."
        );
        assert_eq!(
            read_numbers("1900 1909"),
            "một chín không không, một chín không chín"
        );
        // Not a phone: too few digits, so read as numbers.
        assert_eq!(read_numbers("tổ 12 34"), "tổ mười hai ba mươi tư");
    }

    #[test]
    fn decimals_percents_ordinals_and_house_numbers() {
        assert_eq!(read_numbers("2,5"), "hai phẩy năm");
        assert_eq!(read_numbers("2,05"), "hai phẩy không năm");
        assert_eq!(read_numbers("1, 2"), "một, hai");
        assert_eq!(read_numbers("50%"), "năm mươi phần trăm");
        assert_eq!(
            read_numbers("15–20 triệu đồng, 7:30 – 11:00, 1-3 độ, 1 -3"),
            "mười lăm đến hai mươi triệu đồng, bảy giờ ba mươi phút đến mười một giờ, \
             một đến ba độ, một -ba"
        );
        assert_eq!(read_numbers("sốt trên 39°C"), "sốt trên ba mươi chín độ C");
        assert_eq!(read_numbers("dưới 10°"), "dưới mười độ");
        assert_eq!(read_numbers("thứ 1"), "thứ nhất");
        assert_eq!(read_numbers("thứ 4"), "thứ tư");
        assert_eq!(read_numbers("số 12/3"), "số mười hai trên ba");
        assert_eq!(read_numbers("hẻm 214/7"), "hẻm hai trăm mười bốn trên bảy");
        assert_eq!(read_numbers("phòng A1"), "phòng A một");
        assert_eq!(read_numbers("mã 007"), "mã không không bảy");
        assert_eq!(read_numbers("gọi lại 113"), "gọi lại một một ba");
        assert_eq!(read_numbers("có 113 hộ"), "có một trăm mười ba hộ");
        assert_eq!(
            read_numbers("1234567890123"),
            "một hai ba bốn năm sáu bảy tám chín không một hai ba"
        );
    }

    #[test]
    fn abbreviations_are_expanded_only_as_whole_words() {
        assert_eq!(
            expand_abbreviations("UBND, HĐND và MTTQ phường"),
            "Ủy ban nhân dân, Hội đồng nhân dân và Mặt trận Tổ quốc phường"
        );
        assert_eq!(
            expand_abbreviations("mang CCCD, thẻ BHYT, sổ BHXH"),
            "mang căn cước công dân, thẻ bảo hiểm y tế, sổ bảo hiểm xã hội"
        );
        assert_eq!(expand_abbreviations("TDP 5"), "tổ dân phố 5");
        assert_eq!(expand_abbreviations("UBNDX"), "UBNDX");
        assert_eq!(expand_abbreviations("CA xã"), "Công an xã");
        assert_eq!(
            expand_abbreviations("CA phường Sài Gòn"),
            "Công an phường Sài Gòn"
        );
        assert_eq!(expand_abbreviations("ca CA trực"), "ca CA trực");
        assert_eq!(expand_abbreviations("CA xãi"), "CA xãi");
        assert_eq!(
            expand_abbreviations("TP. Hồ Chí Minh, Q. 1, P. Bến Nghé"),
            "thành phố Hồ Chí Minh, quận 1, phường Bến Nghé"
        );
        assert_eq!(expand_abbreviations("ông Nguyễn P. và"), "ông Nguyễn P. và");
    }

    #[test]
    fn long_sentences_are_cut_before_a_clause_not_inside_a_list() {
        let long = "Bà con trong tổ dân phố chuẩn bị nước sạch, đèn pin và thuốc men đủ dùng \
                    trong ba ngày, rồi gia cố nhà cửa và chằng chống mái tôn thật chắc chắn trước \
                    khi bão vào đất liền";
        let s = sentences(long);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[1].starts_with("Rồi gia cố"), "{s:?}");
        assert!(
            s.iter()
                .all(|x| x.ends_with('.') && x.split_whitespace().count() <= MAX_WORDS)
        );
        // Commas of a list are no place to cut: the sentence stays whole.
        let list = "Danh sách dùng để nhận hỗ trợ bảo hiểm y tế, học phí, tiền điện, vay vốn ưu \
                    đãi, quà Tết, hỗ trợ nhà ở, hỗ trợ sinh kế, nước sạch, điện sinh hoạt cho \
                    các hộ trong thôn";
        assert_eq!(sentences(list).len(), 1);
        // No cut leaves eight words on each side: kept whole rather than cut into scraps.
        let s = sentences("a b c d e f g h i k l m n o p q r s t u v x y z a b c d e f g: h");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn a_block_ending_in_a_colon_keeps_it() {
        assert_eq!(sentences("rồi yêu cầu:"), ["Rồi yêu cầu:"]);
    }

    #[test]
    fn brackets_become_pauses_and_semicolons_end_sentences() {
        assert_eq!(
            sentences("Các hẻm (minh họa) quanh chợ; dãy ki-ốt."),
            ["Các hẻm, minh họa, quanh chợ.", "Dãy ki-ốt."]
        );
        assert_eq!(
            sentences("Khẩn cấp – bão số 15; Phòng Văn hóa – Xã hội — phường"),
            [
                "Khẩn cấp, bão số mười lăm.",
                "Phòng Văn hóa Xã hội, phường."
            ]
        );
    }

    #[test]
    fn a_slash_between_words_is_or_and_in_codes_is_tren() {
        assert_eq!(
            sentences("Tên doanh nghiệp / hộ kinh doanh, ông/bà, số 141/TB-UBND"),
            [
                "Tên doanh nghiệp hoặc hộ kinh doanh, ông hoặc bà, số một trăm bốn mươi mốt của \
              Ủy ban nhân dân."
            ]
        );
    }

    #[test]
    fn small_digits_and_square_metres_are_read() {
        assert_eq!(
            sentences("Bình CO₂ nặng 5 kg"),
            ["Bình CO hai nặng năm kg."]
        );
        assert_eq!(
            sentences("Diện tích 50 m², bể 2m³"),
            ["Diện tích năm mươi mét vuông, bể hai mét khối."]
        );
        assert_eq!(sentences("10³ lít"), ["Mười mũ ba lít."]);
    }

    #[test]
    fn document_numbers_say_the_number_and_a_known_issuer_not_the_kinds_code() {
        assert_eq!(document_numbers("số 141/TB-UBND."), "số 141 của UBND.");
        assert_eq!(
            document_numbers("Nghị định 15/2025/NĐ-CP"),
            "Nghị định 15 năm 2025"
        );
        assert_eq!(document_numbers("số 12/QĐ"), "số 12");
        // House numbers and dates are not codes.
        assert_eq!(
            document_numbers("hẻm 214/7, ngày 26/11"),
            "hẻm 214/7, ngày 26/11"
        );
        assert_eq!(document_numbers("số 12/Trần"), "số 12/Trần");
        assert_eq!(
            sentences("Theo Quyết định số 1234/QĐ-UBND của huyện."),
            ["Theo Quyết định số một nghìn hai trăm ba mươi tư của huyện."]
        );
    }

    #[test]
    fn the_file_has_a_bom_and_crlf_lines() {
        let paras = [vec!["A.".into(), "B.".into()], vec!["C.".into()]];
        let b = file_bytes(&paras);
        assert_eq!(b, "\u{feff}A.\r\nB.\r\n\r\nC.\r\n".as_bytes());
        assert_eq!(text(&paras), "A.\nB.\n\nC.");
    }

    fn page(title: &str, body: &str, extra: Extra) -> Page {
        Page {
            file: "sites/x/content/thong-bao/a.md".into(),
            source: "thong-bao/a.md".into(),
            path: "thong-bao/a/".into(),
            section: "thong-bao".into(),
            is_index: false,
            title: title.into(),
            description: None,
            date: None,
            updated: None,
            weight: 0,
            lang: None,
            nav: false,
            body: body.into(),
            body_line: 1,
            extra,
        }
    }

    fn announcement(severity: Severity) -> Extra {
        Extra::Announcement(crate::items::Announcement {
            category: "khac".into(),
            audiences: Vec::new(),
            sms: crate::items::SmsOptions::DEFAULT,
            urgent: false,
            severity,
            expires: None,
            expires_at: None,
        })
    }

    /// Reads a script file back as a reader's program would: UTF-8, BOM, CRLF lines, blank
    /// lines between paragraphs.
    fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
        let s = std::str::from_utf8(bytes).unwrap();
        let s = s.strip_prefix('\u{feff}').expect("a BOM");
        let body = s.strip_suffix("\r\n").expect("a last line end");
        body.split("\r\n\r\n")
            .map(|p| p.split("\r\n").map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn an_event_script_says_when_and_where_and_repeats_them() {
        let start = time::macros::datetime!(2026-12-05 19:00 +07:00);
        let e = Extra::Event(Event {
            start,
            end: Some(start + time::Duration::hours(2)),
            place: Some("Nhà văn hóa thôn 3".into()),
            online_url: None,
            audiences: Vec::new(),
            sms: crate::items::SmsOptions::DEFAULT,
        });
        let p = page("Họp dân thôn 3", "Kính mời **bà con** dự họp.", e);
        let got = script("xã Đồng Văn", &p).unwrap();
        let key = [
            "Họp dân thôn ba.",
            "Thời gian: từ mười chín giờ đến hai mươi mốt giờ, thứ Bảy, ngày năm tháng mười hai \
             năm hai nghìn không trăm hai mươi sáu.",
            "Địa điểm: Nhà văn hóa thôn ba.",
        ];
        assert_eq!(got[1], key);
        assert_eq!(got[2], ["Kính mời bà con dự họp."]);
        assert_eq!(got[3][0], format!("Xin nhắc lại: {}", key[0]));
        assert_eq!(got[3][1..], key[1..]);
        // An event over two days names both.
        let e = Event {
            start,
            end: Some(start + time::Duration::days(1)),
            place: None,
            online_url: None,
            audiences: Vec::new(),
            sms: crate::items::SmsOptions::DEFAULT,
        };
        assert_eq!(
            event_time(&e),
            "từ mười chín giờ, thứ Bảy, ngày năm tháng mười hai năm hai nghìn không trăm hai mươi \
             sáu đến mười chín giờ, Chủ nhật, ngày sáu tháng mười hai năm hai nghìn không trăm hai \
             mươi sáu"
        );
    }

    #[test]
    fn a_commune_named_with_a_number_is_read_in_words() {
        let c = crate::communes::Commune {
            code: "00691".into(),
            name: "Phường Hà Giang 2".into(),
            kind: "phường".into(),
            short_name: "Hà Giang 2".into(),
            slug: "phuong-ha-giang-2".into(),
            province_code: "08".into(),
            province_name: "Tỉnh Tuyên Quang".into(),
            province_short_name: "Tuyên Quang".into(),
            province_slug: "tuyen-quang".into(),
        };
        assert_eq!(commune_name(&c), "phường Hà Giang hai");
        let p = page("T", "", announcement(Severity::ThongTin));
        let got = script("phường Hà Giang 2\n", &p).unwrap();
        assert_eq!(
            got[0],
            ["Loa truyền thanh phường Hà Giang hai xin thông báo."]
        );
    }

    #[test]
    fn an_urgent_notice_says_so_and_other_pages_have_no_script() {
        let p = page("Bão số 12", "", announcement(Severity::KhanCap));
        let got = script("phường Cẩm Thành", &p).unwrap();
        assert_eq!(
            got[0],
            [
                "Loa truyền thanh phường Cẩm Thành xin thông báo.",
                "Đây là thông báo khẩn."
            ]
        );
        assert!(script("x", &page("Giới thiệu", "", Extra::Plain)).is_none());
        assert_eq!(output_path(&p), "phat-thanh/loa/thong-bao/a.txt");
    }

    #[test]
    fn markdown_is_read_as_text_links_by_their_words_lists_as_sentences() {
        let body = "Xem [trang thôn](../thon/a.md).\n\n- mục một;\n- mục `hai`\n\n\
                    ![ảnh](a.png)\n\n| Giờ | Việc |\n|---|---|\n| 7:00 | họp |\n";
        let p = page("T", body, announcement(Severity::ThongTin));
        let got = script("xã X", &p).unwrap();
        assert_eq!(
            got[2..6],
            [
                vec!["Xem trang thôn.".to_owned()],
                vec!["Mục một.".to_owned()],
                vec!["Mục hai.".to_owned()],
                vec!["Giờ: bảy giờ.".to_owned(), "Việc: họp.".to_owned()],
            ]
        );
    }

    #[test]
    fn a_title_with_line_breaks_controls_and_bidi_overrides_stays_one_clean_line() {
        let p = page(
            "Cắt điện\r\nngày 1/12\u{2028}\u{202e}gnol\u{1b}[31m\u{feff}",
            "",
            announcement(Severity::ThongTin),
        );
        let got = script("xã X", &p).unwrap();
        assert_eq!(
            got[1],
            ["Cắt điện ngày một tháng mười hai gnol, ba mươi mốt m."]
        );
    }

    /// Reads Vietnamese number words back, strictly: `None` for any word out of place.
    fn parse_words(s: &str) -> Option<u64> {
        let words: Vec<&str> = s.split(' ').collect();
        let digit = |w: &str| DIGITS.iter().position(|d| *d == w).map(|d| d as u64);
        let mut total = 0u64;
        let mut i = 0;
        let mut last_scale = u64::MAX;
        if words == ["không"] {
            return Some(0);
        }
        while i < words.len() {
            let inner = total > 0;
            let mut g = 0;
            let mut has_hundreds = false;
            if words.get(i + 1) == Some(&"trăm") {
                g += 100 * digit(words[i])?;
                has_hundreds = true;
                i += 2;
            } else if inner {
                return None;
            }
            match words.get(i).copied() {
                Some("linh") if has_hundreds => {
                    let u = digit(words.get(i + 1)?)?;
                    if u == 0 {
                        return None;
                    }
                    g += u;
                    i += 2;
                }
                Some("mười") => {
                    g += 10;
                    i += 1;
                    match words.get(i).copied() {
                        Some("lăm") => (g += 5, i += 1).1,
                        Some(w) if digit(w).is_some_and(|u| u > 0 && u != 5) => {
                            (g += digit(w)?, i += 1).1
                        }
                        _ => {}
                    }
                }
                Some(w) if words.get(i + 1) == Some(&"mươi") => {
                    let t = digit(w)?;
                    if t < 2 {
                        return None;
                    }
                    g += 10 * t;
                    i += 2;
                    let u = match words.get(i).copied() {
                        Some("mốt") => Some(1),
                        Some("tư") => Some(4),
                        Some("lăm") => Some(5),
                        Some(w) if digit(w).is_some_and(|u| ![0, 1, 4, 5].contains(&u)) => digit(w),
                        _ => None,
                    };
                    if let Some(u) = u {
                        g += u;
                        i += 1;
                    }
                }
                Some(w) if !has_hundreds && digit(w).is_some_and(|u| u > 0) => {
                    g += digit(w)?;
                    i += 1;
                }
                _ => {}
            }
            if g == 0 && !has_hundreds {
                return None;
            }
            let scale = match words.get(i).copied() {
                Some("tỷ") => 1_000_000_000,
                Some("triệu") => 1_000_000,
                Some("nghìn") => 1000,
                None => 1,
                _ => return None,
            };
            if scale >= last_scale || (g == 0 && scale == 1) {
                return None;
            }
            last_scale = scale;
            total += g * scale;
            i += usize::from(scale > 1);
        }
        Some(total)
    }

    #[test]
    fn the_reverse_parser_refuses_misreadings() {
        for bad in [
            "hai mươi một",
            "mười năm",
            "một trăm lẻ năm",
            "năm mươi năm",
            "mười hai nghìn mười",
        ] {
            assert_eq!(parse_words(bad), None, "{bad}");
        }
        assert_eq!(parse_words("một nghìn không trăm linh năm"), Some(1005));
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn any_number_reads_without_digits_and_parses_back(v in 0u64..=MAX_NUMBER) {
                let w = number(v).unwrap();
                prop_assert!(!w.bytes().any(|b| b.is_ascii_digit()), "{}", w);
                prop_assert_eq!(parse_words(&w), Some(v), "{}", w);
            }

            #[test]
            fn small_and_round_numbers_parse_back(v in 0u64..=20_000, scale in 0u32..=9) {
                let v = (v * 10u64.pow(scale)).min(MAX_NUMBER);
                prop_assert_eq!(parse_words(&number(v).unwrap()), Some(v));
            }

            #[test]
            fn no_digit_survives_in_any_text(s in "[0-9 .,:/h%đ\\-a-zA-Zđạ()]{0,60}") {
                for line in sentences(&s) {
                    prop_assert!(!line.bytes().any(|b| b.is_ascii_digit()), "{:?} → {}", s, line);
                }
            }

            #[test]
            fn any_script_reads_back_as_clean_lines_without_digits(
                title in "\\PC{0,40}|[\\s\\x00-\\x1f\\u{2028}\\u{202e}0-9a-zđ]{0,40}",
                body in "\\PC{0,200}|[\\s\\x00-\\x1f\\u{85}\\u{2029}#*>|\\[\\]()0-9a-z-]{0,200}",
            ) {
                let p = page(&title, &body, announcement(Severity::QuanTrong));
                let paras = script("phường Cẩm Thành", &p).unwrap();
                let bytes = file_bytes(&paras);
                prop_assert_eq!(read_back(&bytes), paras.clone());
                for line in paras.iter().flatten() {
                    prop_assert!(!line.is_empty());
                    prop_assert!(
                        !line.chars().any(|c| c.is_control() || is_invisible_format(c)
                            || crate::textfmt::is_line_break(c) || c.is_ascii_digit()),
                        "{:?}", line
                    );
                }
            }

            #[test]
            fn no_digit_survives_in_arbitrary_unicode(s in "\\PC{0,80}") {
                for line in sentences(&s) {
                    prop_assert!(!line.bytes().any(|b| b.is_ascii_digit()), "{:?} → {}", s, line);
                }
            }
        }
    }
}
