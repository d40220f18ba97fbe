//! Turning the portal's free text into structure: bullet strings into nested lists, headings
//! into groups, legal numbers into their canonical form. Pure functions on strings, so the
//! property tests can pin them.

use crate::procedures::official::Item;

/// Collapses runs of whitespace (double spaces, tabs, non-breaking spaces) and trims; NFC.
pub fn clean(s: &str) -> String {
    let nfc = crate::text::nfc(s);
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How deep a line sits: a `*` heading above `Bước n` steps above `-` bullets above `+`
/// sub-bullets; a line without a marker continues the one before it (one level deeper).
fn rank(line: &str) -> (u8, &str) {
    for (marker, r) in [("* ", 0), ("- ", 2), ("+ ", 3), ("• ", 2), ("– ", 2)] {
        if let Some(rest) = line.strip_prefix(marker) {
            return (r, rest);
        }
    }
    let lower = line.to_lowercase();
    if lower
        .strip_prefix("bước ")
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return (1, line);
    }
    (4, line)
}

/// Splits a text with "\n- " and "\n+ " bullets (and `*` headings, `Bước n` steps) into a tree:
/// every non-empty line becomes exactly one item, its marker removed, nested under the last line
/// of a lower rank.
pub fn bullets(text: &str) -> Vec<Item> {
    // (rank, path of indexes) of the open items, outermost first.
    let mut root: Vec<Item> = Vec::new();
    let mut open: Vec<u8> = Vec::new();
    for raw in text.split(['\n', '\r']) {
        let line = clean(raw);
        if line.is_empty() {
            continue;
        }
        let (r, rest) = rank(&line);
        let item = Item {
            text: clean(rest),
            items: Vec::new(),
        };
        if item.text.is_empty() {
            continue;
        }
        while open.last().is_some_and(|&o| o >= r) {
            open.pop();
        }
        let mut list = &mut root;
        for _ in 0..open.len() {
            list = &mut list.last_mut().expect("an open item exists").items;
        }
        list.push(item);
        open.push(r);
    }
    root
}

/// All item texts of a tree, depth first: what a loss-free page must show.
pub fn flatten(items: &[Item]) -> Vec<&str> {
    let mut out = Vec::new();
    for i in items {
        out.push(i.text.as_str());
        out.extend(flatten(&i.items));
    }
    out
}

/// A heading written as a document case ("* Giấy tờ phải nộp:", "* Lưu ý :"): marker, trailing
/// colon and spaces removed. `None` for an empty one.
pub fn heading(s: &str) -> Option<String> {
    let c = clean(s);
    let c = c.trim_start_matches(['*', '-', '+', ' ']);
    let c = c.trim_end_matches([':', ' ', '.']);
    (!c.is_empty()).then(|| c.to_owned())
}

/// A document or list line without its bullet marker.
pub fn unbullet(s: &str) -> String {
    let c = clean(s);
    let (_, rest) = rank(&c);
    clean(rest)
}

/// Words that precede a legal number and are not part of it.
const LEGAL_KINDS: [&str; 12] = [
    "Luật",
    "Bộ luật",
    "Nghị định",
    "Nghị quyết",
    "Thông tư liên tịch",
    "Thông tư",
    "Quyết định",
    "Pháp lệnh",
    "Chỉ thị",
    "Văn bản hợp nhất",
    "Công văn",
    "Lệnh",
];

/// Whether `tok` looks like a legal number: starts with a digit and has a slash ("60/2014/QH13",
/// "66.7/2025/NQ-CP", "163/QĐ-BTP").
fn is_number(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| c.is_ascii_digit()) && tok.contains('/')
}

/// The canonical legal number of a record's `code` ("Nghị định số 63/2010/NĐ-CP." →
/// "63/2010/NĐ-CP"); a code without a number keeps its cleaned text ("Luật Hộ tịch").
/// Idempotent.
pub fn legal_number(code: &str) -> String {
    let c = clean(code);
    for tok in c.split(' ') {
        let t = tok.trim_matches(|ch: char| matches!(ch, '.' | ',' | ';' | ':' | '(' | ')'));
        if is_number(t) {
            return t.to_owned();
        }
    }
    c.trim_end_matches(['.', ',', ';', ' ']).to_owned()
}

/// Legal numbers named after "sửa đổi" in a title: what amends the document.
pub fn amended_by(title: &str, own: &str) -> Vec<String> {
    let c = clean(title);
    let lower = c.to_lowercase();
    let Some(pos) = lower.find("sửa đổi") else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for tok in c[pos..].split(' ') {
        let n = legal_number(tok);
        if is_number(&n) && n != own && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The kind word a legal name starts with, if any (kept for the title).
pub fn legal_kind(name: &str) -> Option<&'static str> {
    let c = clean(name);
    LEGAL_KINDS.iter().copied().find(|k| c.starts_with(k))
}

/// Form number from a file name ("Mau so 11_73_2026_QD-UBND.docx" → "Mẫu số 11").
pub fn form_number(file: &str) -> Option<String> {
    let folded = crate::text::fold(file);
    let pos = folded.find("mau so")?;
    let digits: String = folded[pos + 6..]
        .trim_start_matches([' ', '_', '.', ':'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then(|| format!("Mẫu số {digits}"))
}

/// Words a document's name starts with (accent-folded, lower case): what makes each side of a
/// "hoặc" a document of its own rather than a qualifier.
const DOCUMENT_KINDS: [&str; 30] = [
    "giay",
    "ban ",
    "van ban",
    "hop dong",
    "quyet dinh",
    "so ",
    "the ",
    "ho chieu",
    "to khai",
    "don ",
    "bien ban",
    "trich luc",
    "trich do",
    "chung tu",
    "phieu",
    "can cuoc",
    "chung chi",
    "chung nhan",
    "hoa don",
    "danh sach",
    "so do",
    "thong bao",
    "bao cao",
    "cong van",
    "to trinh",
    "hoc ba",
    "bang ",
    "manh trich do",
    "mot trong cac",
    "mau ",
];

/// How a document is given, not which document: "Bản sao" alone names nothing, so "Bản sao hoặc
/// bản chụp giấy khai sinh" is one document in two forms, not two documents.
const FORMS_ONLY: [&str; 6] = [
    "ban sao",
    "ban chinh",
    "ban chup",
    "ban sao chup",
    "ban sao chung thuc",
    "tep tin",
];

/// The documents a name offers a choice of ("Giấy khai sinh hoặc giấy chứng sinh"), each one
/// accepted on its own, in order; empty when the name is not clearly such a choice. Clear means:
/// one line of at most 200 characters, with no ":" or ";" (a sentence or a list is not a choice),
/// cut at each " hoặc " into parts that each start with a kind of document and are more than a
/// form of one. A longer name ("… hoặc quyết định giao đất của cơ quan … đối với trường hợp …")
/// often ends with words that qualify every part, so it stays one document.
pub fn alternatives(name: &str) -> Vec<String> {
    let name = name.trim();
    if name.contains(['\n', ':', ';']) || name.chars().count() > 200 {
        return Vec::new();
    }
    let parts: Vec<&str> = name.split(" hoặc ").map(str::trim).collect();
    let clear = parts.len() > 1
        && parts.iter().all(|p| {
            let f = format!("{} ", crate::text::fold(p));
            DOCUMENT_KINDS.iter().any(|k| f.starts_with(k))
                && !FORMS_ONLY.iter().any(|x| f.trim_end() == *x)
        });
    if clear {
        parts.into_iter().map(str::to_owned).collect()
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_name_joining_documents_with_hoac_offers_each_of_them() {
        assert_eq!(
            alternatives("Giấy khai sinh hoặc giấy chứng sinh hoặc văn bản xác nhận nơi sinh"),
            [
                "Giấy khai sinh",
                "giấy chứng sinh",
                "văn bản xác nhận nơi sinh"
            ]
        );
        assert_eq!(
            alternatives("Bản trích lục bản đồ địa chính hoặc trích đo bản đồ địa chính"),
            [
                "Bản trích lục bản đồ địa chính",
                "trích đo bản đồ địa chính"
            ]
        );
    }

    #[test]
    fn forms_of_one_document_lists_of_bodies_and_sentences_are_not_choices() {
        for name in [
            "Bản sao hoặc bản chụp giấy tờ tùy thân",
            "Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan khác có thẩm quyền",
            "Hợp đồng chuyển nhượng dự án hoặc một phần dự án theo quy định của pháp luật",
            "Trường hợp không có giấy khai sinh hoặc giấy chứng sinh thì nộp văn bản xác nhận",
            "Tờ khai: nộp trực tiếp hoặc giấy tờ khác",
            "Giấy khai sinh",
        ] {
            assert!(alternatives(name).is_empty(), "{name}");
        }
        let long = format!(
            "Giấy chứng nhận hoặc quyết định giao đất {}",
            "của cơ quan ".repeat(20)
        );
        assert!(alternatives(&long).is_empty());
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dash_and_plus_bullets_in_one_string_nest() {
        let t = "Mở đầu\n- Một;  \n+ một a\n+ một b\n- Hai\nTiếp hai\n* Lưu ý:\n- Ba";
        let items = bullets(t);
        assert_eq!(
            flatten(&items),
            [
                "Mở đầu",
                "Một;",
                "một a",
                "một b",
                "Hai",
                "Tiếp hai",
                "Lưu ý:",
                "Ba"
            ]
        );
        assert_eq!(items.len(), 4, "{items:#?}");
        assert_eq!(items[1].items.len(), 2);
        assert_eq!(items[2].items[0].text, "Tiếp hai");
        assert_eq!(items[3].text, "Lưu ý:");
        assert_eq!(items[3].items[0].text, "Ba");
    }

    #[test]
    fn all_steps_in_one_string_become_steps() {
        let items = bullets("Bước 1: Nộp hồ sơ.\n- tại xã\nBước 2: Nhận kết quả.");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].items[0].text, "tại xã");
    }

    #[test]
    fn non_canonical_legal_codes_are_made_canonical() {
        assert_eq!(legal_number("Nghị định số 63/2010/NĐ-CP."), "63/2010/NĐ-CP");
        assert_eq!(
            legal_number("Thông tư  số 03/2023/TT-BTP"),
            "03/2023/TT-BTP"
        );
        assert_eq!(legal_number("66.7/2025/NQ-CP"), "66.7/2025/NQ-CP");
        assert_eq!(legal_number("Luật Hộ tịch."), "Luật Hộ tịch");
        assert_eq!(
            amended_by(
                "Nghị định 123/2015/NĐ-CP (sửa đổi bởi Nghị định 07/2025/NĐ-CP)",
                "123/2015/NĐ-CP"
            ),
            ["07/2025/NĐ-CP"]
        );
    }

    #[test]
    fn headings_lose_marker_and_colon() {
        assert_eq!(
            heading("* Giấy tờ phải nộp:").as_deref(),
            Some("Giấy tờ phải nộp")
        );
        assert_eq!(heading("* Lưu ý :").as_deref(), Some("Lưu ý"));
        assert_eq!(heading("  "), None);
    }

    #[test]
    fn form_numbers_come_from_file_names() {
        assert_eq!(
            form_number("Mau so 11_73_2026_QD-UBND.docx").as_deref(),
            Some("Mẫu số 11")
        );
        assert_eq!(form_number("Mẫu số_ 18.docx").as_deref(), Some("Mẫu số 18"));
        assert_eq!(form_number("to-khai.docx"), None);
    }

    fn line() -> impl Strategy<Value = (String, String)> {
        (
            prop_oneof![Just("- "), Just("+ "), Just("* "), Just("")],
            "[a-zA-Zàáạđêôơư0-9][a-zA-Zàáạđêôơư0-9 ,.;:()/]{0,40}",
        )
            .prop_map(|(m, t)| (format!("{m}{t}"), clean(&t)))
    }

    proptest! {
        #[test]
        fn every_bullet_line_is_one_list_item(lines in proptest::collection::vec(line(), 0..20)) {
            let text: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
            let items = bullets(&text.join("\n"));
            let got = flatten(&items);
            let want: Vec<&str> = lines
                .iter()
                .map(|(_, t)| t.as_str())
                .filter(|t| !t.is_empty())
                .collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn canonical_legal_number_is_idempotent(s in "[A-Za-zĐđố 0-9./-]{0,40}") {
            let once = legal_number(&s);
            prop_assert_eq!(legal_number(&once), once.clone());
        }
    }
}
