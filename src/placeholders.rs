//! What `congxa new` writes for the clerk to replace, in one place: the scaffold writes these
//! values and the checks refuse them once a site leaves draft, so the two cannot drift apart.
//! A draft site may hold any of them; a published one holds none (errors at file:line).

use std::path::Path;

use crate::diag::{Diagnostics, Span};
use crate::msg;

/// The mark the starter pages put where only the commune knows the text.
pub const MARK: &str = "[Cần điền";

/// The example number `congxa new site` writes (commented out) for the hotline, as dialled.
pub const EXAMPLE_PHONE: &str = "0912 345 678";

/// The temporary address `congxa new site` writes for the site in `folder`.
pub fn temporary_base_url(folder: &str) -> String {
    format!("https://{folder}.example.vn/")
}

/// The example e-mail `congxa new site` writes (commented out) for a commune's short name.
pub fn example_email(short_name: &str) -> String {
    format!(
        "ubnd.{}@example.vn",
        crate::text::slugify(short_name).replace('-', "")
    )
}

/// Whether `url` is the temporary address of the site in `folder` (case and the final slash
/// aside, as the build reads it).
pub fn is_temporary_base_url(url: &str, folder: &str) -> bool {
    let url = url.trim().to_lowercase();
    let want = temporary_base_url(folder);
    url == want || format!("{url}/") == want
}

/// Whether a phone number, digits only, is the scaffold's example number.
pub fn is_example_phone(digits: &str) -> bool {
    let example: String = EXAMPLE_PHONE.chars().filter(char::is_ascii_digit).collect();
    digits == example
}

/// Reports every `[Cần điền…]` left in `text` (a page, or a YAML file when `yaml`: its comment
/// lines are instructions, not content, and are skipped).
pub fn scan(text: &str, file: &Path, yaml: bool, diags: &mut Diagnostics) {
    let lower_mark = MARK.replace("Cần", "cần");
    for (i, line) in text.lines().enumerate() {
        if yaml && line.trim_start().starts_with('#') {
            continue;
        }
        let found = [line.find(MARK), line.find(&lower_mark)];
        let Some(at) = found.into_iter().flatten().min() else {
            continue;
        };
        let column = line[..at].chars().count() as u32 + 1;
        let shown = placeholder_text(&line[at..]);
        diags.error_hint(
            Span::at(file, i as u32 + 1, column),
            msg!(
                "còn chỗ chưa điền `{shown}`: trang đã bỏ bản nháp nên chỗ này sẽ hiện cho người dân",
                "placeholder `{shown}` is still there; the site is no longer a draft, so residents would read it"
            ),
            msg!(
                "thay cả đoạn trong ngoặc vuông bằng nội dung thật (điều trong ngoặc cho biết cần viết gì), hoặc xóa dòng đó; muốn để sau thì giữ `draft: true` trong site.yaml.",
                "replace the whole bracketed text with the real content (the brackets say what to write), or delete the line; to finish later, keep `draft: true` in site.yaml."
            ),
        );
    }
}

/// Example texts `congxa new procedure` writes in commented lines of `procedures.yaml`, with what
/// to write instead: a line uncommented as it is would publish the example.
pub const PROCEDURE_EXAMPLES: [(&str, &str, &str); 7] = [
    (
        "Nghị quyết số .../NQ-HĐND",
        "số và ngày của Nghị quyết thật của HĐND tỉnh về lệ phí",
        "the number and date of the provincial council's real resolution on fees",
    ),
    (
        "Quầy số ...",
        "số quầy thật ở Bộ phận một cửa",
        "the real counter number at the one-stop desk",
    ),
    (
        "Họ và tên cán bộ",
        "họ tên thật của cán bộ phụ trách",
        "the real name of the official in charge",
    ),
    (
        "Chức danh, ví dụ",
        "chức danh thật, ví dụ Công chức Tư pháp – Hộ tịch",
        "the real title, e.g. Công chức Tư pháp – Hộ tịch",
    ),
    (
        "Chỉ ghi khi khác giờ làm việc chung",
        "giờ nhận hồ sơ thật, hoặc xóa dòng `hours`",
        "the real hours, or delete the `hours` line",
    ),
    (
        EXAMPLE_PHONE,
        "số điện thoại thật của cán bộ, hoặc xóa dòng `phone`",
        "the official's real number, or delete the `phone` line",
    ),
    (
        "Ghi chú ngắn hiện ở đầu trang thủ tục",
        "một ghi chú thật cho người dân, hoặc xóa dòng `note`",
        "a real note for residents, or delete the `note` line",
    ),
];

/// Reports each example of [`PROCEDURE_EXAMPLES`] (and `[Cần điền…]`) left outside the comments
/// of a site's `procedures.yaml`.
pub fn scan_procedures(text: &str, file: &Path, diags: &mut Diagnostics) {
    scan(text, file, true, diags);
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let code = line.split('#').next().unwrap_or(line);
        for (example, vi, en) in PROCEDURE_EXAMPLES {
            let Some(at) = code.find(example) else {
                continue;
            };
            let column = code[..at].chars().count() as u32 + 1;
            diags.error_hint(
                Span::at(file, i as u32 + 1, column),
                msg!(
                    "còn chữ mẫu `{example}` của `congxa new procedure`: trang đã bỏ bản nháp nên chữ này sẽ hiện cho người dân",
                    "example text `{example}` written by `congxa new procedure` is still there; the site is no longer a draft, so residents would read it"
                ),
                msg!("thay bằng {vi}.", "write {en} instead."),
            );
        }
    }
}

/// The placeholder as written, up to its closing bracket (at most 80 characters).
fn placeholder_text(from: &str) -> String {
    let end = from.find(']').map_or(from.len(), |i| i + 1);
    let s = &from[..end];
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(79).collect();
        format!("{cut}…")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_found_with_their_column_comments_skipped_in_yaml() {
        let mut d = Diagnostics::new();
        let text = "# [Cần điền] ở chú thích\n- **Địa chỉ:** [Cần điền]\nkhông có\n";
        scan(text, Path::new("a.md"), false, &mut d);
        assert_eq!(d.error_count(), 2);
        let mut y = Diagnostics::new();
        scan(text, Path::new("a.yaml"), true, &mut y);
        assert_eq!(y.error_count(), 1);
        assert_eq!(y.items()[0].span, Span::at("a.yaml", 2, 16));
        assert!(y.items()[0].message.vi.contains("`[Cần điền]`"));
    }

    #[test]
    fn procedure_examples_are_found_only_outside_comments() {
        let mut d = Diagnostics::new();
        let text = "local:\n  \"1.001193\":\n    # place: \"Quầy số ..., Bộ phận một cửa\"\n    place: \"Quầy số ..., Bộ phận một cửa\"\n    note: \"Mang bản chính\"  # Ghi chú ngắn hiện ở đầu trang thủ tục\n";
        scan_procedures(text, Path::new("p.yaml"), &mut d);
        assert_eq!(d.error_count(), 1, "{:?}", d.items());
        assert_eq!(d.items()[0].span, Span::at("p.yaml", 4, 13));
    }

    #[test]
    fn temporary_values_match_what_the_scaffold_writes() {
        assert!(is_temporary_base_url(
            "https://Phuong-Sai-Gon.example.vn",
            "phuong-sai-gon"
        ));
        assert!(!is_temporary_base_url(
            "https://saigon.hochiminh.gov.vn/",
            "phuong-sai-gon"
        ));
        assert_eq!(example_email("Cẩm Thành"), "ubnd.camthanh@example.vn");
        assert!(is_example_phone("0912345678"));
        assert!(!is_example_phone("02553822123"));
    }
}
