//! `congxa catalog import <file-or-folder>… [--dry-run]`: portal records into the generated
//! official layer, `content/procedures/official/<code>.yaml`, one file per code. Writes only
//! those files (atomically, and only when the bytes change, so a re-import is byte-identical),
//! never the hand-written plain-language layer beside them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::successor::{self, Proposal};
use super::{records, yamlout};
use crate::diag::{Diagnostic, Diagnostics, Lang, Span};
use crate::msg;
use crate::procedures::official::OfficialFile;
use crate::procedures::schema::PortalProvincesFile;

/// Folder of the generated official layer, under the project root.
pub const OFFICIAL_DIR: &str = "content/procedures/official";

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// New files, by code.
    pub imported: Vec<String>,
    /// Files whose content changed.
    pub updated: Vec<String>,
    /// Files already up to date.
    pub unchanged: Vec<String>,
    /// Unmapped field paths (indexes as `[]`) with how many records had them.
    pub unmapped: BTreeMap<String, usize>,
    /// Problems, at file:line where there is one.
    pub diags: Diagnostics,
    /// Successors proposed for abolished records (same name, in force), by abolished code.
    pub proposed: BTreeMap<String, Proposal>,
    /// The imported records, by code (for callers that build from them).
    pub records: BTreeMap<String, OfficialFile>,
}

/// Province names by 2-digit code, from `content/portal-provinces.yaml` (for SPECIFIC records).
pub fn province_names(root: &Path, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let path = root.join("content/portal-provinces.yaml");
    if !crate::fsx::present(&path) {
        return BTreeMap::new();
    }
    let rel = crate::fsx::rel(root, &path);
    let parsed = crate::fsx::read_text(root, &path, &rel)
        .and_then(|t| crate::yaml::parse::<PortalProvincesFile>(&t, &rel, 1));
    match parsed {
        Ok(f) => f.provinces.into_iter().map(|(k, v)| (k, v.name)).collect(),
        Err(d) => {
            diags.push(d);
            BTreeMap::new()
        }
    }
}

/// The record files named on the command line: files as given, folders' `*.json` sorted.
pub fn record_files(inputs: &[PathBuf], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(input)
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.is_file())
                        .collect()
                })
                .unwrap_or_default();
            files.sort();
            out.extend(files);
        } else if input.is_file() {
            out.push(input.clone());
        } else {
            diags.error_hint(
                Span::file(input),
                msg!("không có tệp hay thư mục này", "no such file or folder"),
                msg!(
                    "ghi đường dẫn tới tệp bản ghi .json hoặc thư mục chứa chúng.",
                    "give the path of a .json record file or of a folder holding them."
                ),
            );
        }
    }
    out
}

/// Reads and maps every record; problems go to `diags`. A code that is not `d.dddddd` is refused
/// (it names the output file).
pub fn read_records(
    files: &[PathBuf],
    provinces: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, OfficialFile)> {
    let mut out = Vec::new();
    for file in files {
        let text = match crate::fsx::read_regular(file, 16 << 20)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
        {
            Ok(t) => t,
            Err(e) => {
                diags.error(
                    Span::file(file),
                    msg!(
                        "không đọc được tệp bản ghi: {e}",
                        "cannot read the record file: {e}"
                    ),
                );
                continue;
            }
        };
        match records::parse(&text, file, provinces) {
            Ok(rec) if crate::procedures::is_code(&rec.code) => out.push((file.clone(), rec)),
            Ok(rec) => diags.push(
                Diagnostic::error(
                    Span::file(file),
                    msg!(
                        "mã thủ tục `{}` không đúng dạng (một chữ số, dấu chấm, sáu chữ số)",
                        "procedure code `{}` is not of the form digit, dot, six digits",
                        rec.code
                    ),
                )
                .hint(msg!(
                    "bản ghi này không nhập được; kiểm tra tệp có đúng là bản ghi của Cổng không.",
                    "this record cannot be imported; check that the file is a portal record."
                )),
            ),
            Err(d) => diags.push(d),
        }
    }
    out
}

/// The generated file's bytes for `rec`.
pub fn render(rec: &OfficialFile) -> String {
    let v = serde_json::to_value(rec).expect("an official file always serialises");
    yamlout::to_yaml(&v)
}

/// Imports `inputs` into `<root>/content/procedures/official/` (nothing written with `dry_run`).
pub fn import(root: &Path, inputs: &[PathBuf], dry_run: bool) -> ImportReport {
    let mut r = ImportReport::default();
    let provinces = province_names(root, &mut r.diags);
    let files = record_files(inputs, &mut r.diags);
    let mut recs = read_records(&files, &provinces, &mut r.diags);
    let dir = root.join(OFFICIAL_DIR);
    // The files already written are candidates only: their own problems are the build's to report.
    let existing = crate::procedures::official::load_dir(root, &dir, &mut Diagnostics::new());
    r.proposed = successor::propose(
        &mut recs.iter_mut().map(|(_, f)| f).collect::<Vec<_>>(),
        &existing,
    );
    if !dry_run
        && !recs.is_empty()
        && let Err(e) = std::fs::create_dir_all(&dir)
    {
        {
            r.diags.error(
                Span::file(OFFICIAL_DIR),
                msg!(
                    "không tạo được thư mục: {e}",
                    "cannot create the folder: {e}"
                ),
            );
            return r;
        }
    }
    for (file, rec) in recs {
        let mut seen: Vec<String> = rec.unmapped.keys().map(|k| collapse_indexes(k)).collect();
        seen.dedup();
        for k in seen {
            *r.unmapped.entry(k).or_default() += 1;
        }
        if r.records.contains_key(&rec.code) {
            r.diags.warning(
                Span::file(&file),
                msg!(
                    "mã {} đã có trong một tệp trước; dùng bản ghi này",
                    "code {} was in an earlier file too; this record is used",
                    rec.code
                ),
            );
        }
        let target = dir.join(format!("{}.yaml", rec.code));
        let bytes = render(&rec);
        let old = std::fs::read(&target).ok();
        let list = match &old {
            None => &mut r.imported,
            Some(b) if b == bytes.as_bytes() => &mut r.unchanged,
            Some(_) => &mut r.updated,
        };
        list.push(rec.code.clone());
        if !dry_run
            && old.as_deref() != Some(bytes.as_bytes())
            && let Err(e) = crate::fsx::write_atomic(&target, bytes.as_bytes())
        {
            {
                r.diags.error(
                    Span::file(crate::fsx::rel(root, &target)),
                    msg!("không ghi được tệp: {e}", "cannot write the file: {e}"),
                );
            }
        }
        r.records.insert(rec.code.clone(), rec);
    }
    r
}

/// "executionCases[3].profileComponents[12].foo" → "executionCases[].profileComponents[].foo".
fn collapse_indexes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The summary `catalog import` prints.
pub fn summary(r: &ImportReport, dry_run: bool, lang: Lang) -> String {
    let (a, u, s) = (r.imported.len(), r.updated.len(), r.unchanged.len());
    let e = r.diags.error_count();
    let mut out = match (lang, dry_run) {
        (Lang::Vi, false) => {
            format!("Nhập danh mục: {a} thủ tục mới, {u} cập nhật, {s} không đổi; {e} lỗi.\n")
        }
        (Lang::Vi, true) => format!(
            "Thử nhập (không ghi gì): {a} thủ tục mới, {u} cập nhật, {s} không đổi; {e} lỗi.\n"
        ),
        (Lang::En, false) => {
            format!("Catalog import: {a} new procedures, {u} updated, {s} unchanged; {e} errors.\n")
        }
        (Lang::En, true) => format!(
            "Dry run (nothing written): {a} new procedures, {u} updated, {s} unchanged; {e} errors.\n"
        ),
    };
    proposals(r, lang, &mut out);
    if !r.unmapped.is_empty() {
        out.push_str(match lang {
            Lang::Vi => "Trường chưa có chỗ trong định dạng (giữ trong `unmapped`), số bản ghi có trường:\n",
            Lang::En => "Fields with no place in the format yet (kept under `unmapped`), records having them:\n",
        });
        for (k, n) in &r.unmapped {
            out.push_str(&format!("  {k}: {n}\n"));
        }
    }
    out
}

/// The summary's lines on abolished records: the successor proposed, for staff to verify, or the
/// procedures of the same name among which none was chosen.
fn proposals(r: &ImportReport, lang: Lang, out: &mut String) {
    if r.proposed.is_empty() {
        return;
    }
    out.push_str(match lang {
        Lang::Vi => "Thủ tục đã bãi bỏ, thủ tục thay thế đề xuất theo cùng tên (cần kiểm tra lại; sửa bằng `successor:` trong lớp lời dễ hiểu):\n",
        Lang::En => "Abolished procedures, successor proposed by the same name (verify; correct it with `successor:` in the plain-language layer):\n",
    });
    for (code, p) in &r.proposed {
        match (p, lang) {
            (Proposal::One(s), _) => out.push_str(&format!("  {code} → {s}\n")),
            (Proposal::Several(list), Lang::Vi) => out.push_str(&format!(
                "  {code}: nhiều thủ tục cùng tên ({}), không đề xuất\n",
                list.join(", ")
            )),
            (Proposal::Several(list), Lang::En) => out.push_str(&format!(
                "  {code}: several procedures of that name ({}), none proposed\n",
                list.join(", ")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_whose_code_is_a_path_is_refused_and_nothing_is_written() {
        let root = std::env::temp_dir().join(format!("congxa-import-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        let rec = root.join("evil.json");
        std::fs::write(&rec, r#"{"code": "../../etc/x", "name": "x"}"#).unwrap();
        let r = import(&root, std::slice::from_ref(&rec), false);
        let listing: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        std::fs::remove_dir_all(&root).unwrap();
        assert!(r.diags.has_errors() && r.imported.is_empty());
        assert_eq!(listing, ["evil.json"]);
    }

    #[test]
    fn indexes_collapse_in_unmapped_paths() {
        assert_eq!(
            collapse_indexes("executionCases[3].profileComponents[12].foo"),
            "executionCases[].profileComponents[].foo"
        );
    }
}
