//! `congxa catalog diff DIR` and `congxa check --records DIR`: what changed in the portal's
//! records since the plain-language text was checked. The baseline is the official layer the
//! last import wrote (`content/procedures/official/`); the hand-written entry adds its own
//! `facts.checked` date and `portal.formality_id`.

use std::collections::BTreeMap;
use std::path::Path;

use super::import;
use crate::diag::{Diagnostics, Msg, Span};
use crate::msg;
use crate::procedures::official::{Channel, OfficialFile};

/// One procedure's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// Code.
    pub code: String,
    /// Name (the plain-language one when there is one).
    pub name: String,
    /// The hand-written entry, when there is one.
    pub plain_file: Option<std::path::PathBuf>,
    /// Changes, one line each.
    pub changes: Vec<Msg>,
}

fn unit_vi(u: &str) -> &str {
    match u {
        "ngay-lam-viec" => "ngày làm việc",
        "ngay" => "ngày",
        "gio" => "giờ",
        _ => "(xem mô tả)",
    }
}

fn time_of(c: &Channel) -> String {
    format!("{} {}", c.time.as_deref().unwrap_or("?"), unit_vi(&c.unit))
}

fn fees_of(r: &OfficialFile) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let mut push = |f: &crate::procedures::official::Fee, ch: Option<&str>| {
        let amount = if f.set_by_province {
            "HĐND tỉnh quy định".to_owned()
        } else {
            f.amount.map_or("?".to_owned(), crate::text::format_money)
        };
        all.push(match ch {
            Some(c) => format!("{c}: {} {amount}", f.kind),
            None => format!("{} {amount}", f.kind),
        });
    };
    for f in &r.fees {
        push(f, None);
    }
    for c in &r.channels {
        for f in c.fees.iter().flatten() {
            push(f, Some(&c.channel));
        }
    }
    all
}

/// The changes from `old` (the baseline) to `new` (the record now).
pub fn changes(old: &OfficialFile, new: &OfficialFile) -> Vec<Msg> {
    let mut out = Vec::new();
    let (od, nd) = (old.document_names(), new.document_names());
    for d in nd.iter().filter(|d| !od.contains(d)) {
        out.push(msg!("thêm giấy tờ: «{d}»", "document added: «{d}»"));
    }
    for d in od.iter().filter(|d| !nd.contains(d)) {
        out.push(msg!("bỏ giấy tờ: «{d}»", "document removed: «{d}»"));
    }
    for c in &new.channels {
        let before = old.channels.iter().find(|o| o.channel == c.channel);
        match before {
            Some(o) if time_of(o) != time_of(c) => {
                let (a, b, ch) = (time_of(o), time_of(c), &c.channel);
                out.push(msg!(
                    "thời hạn ({ch}): {a} → {b}",
                    "processing time ({ch}): {a} → {b}"
                ));
            }
            None => {
                let ch = &c.channel;
                out.push(msg!("thêm cách nộp: {ch}", "channel added: {ch}"));
            }
            _ => {}
        }
    }
    for o in &old.channels {
        if !new.channels.iter().any(|c| c.channel == o.channel) {
            let ch = &o.channel;
            out.push(msg!("bỏ cách nộp: {ch}", "channel removed: {ch}"));
        }
    }
    let (of, nf) = (fees_of(old), fees_of(new));
    if of != nf {
        let (a, b) = (of.join("; "), nf.join("; "));
        out.push(msg!("phí, lệ phí: {a} → {b}", "fees: {a} → {b}"));
    }
    if old.formality_id != new.formality_id {
        let (a, b) = (&old.formality_id, &new.formality_id);
        out.push(msg!("formalityId: {a} → {b}", "formalityId: {a} → {b}"));
    }
    if new.state == "abolished" && old.state != "abolished" {
        out.push(match &new.successor {
            Some(s) => msg!(
                "đã bãi bỏ, thủ tục thay thế {s}",
                "abolished, successor {s}"
            ),
            None => msg!("đã bãi bỏ", "abolished"),
        });
    }
    if new.levels.contains(&"xa".to_owned()) && !old.levels.contains(&"xa".to_owned()) {
        out.push(msg!(
            "nay thực hiện ở cấp xã",
            "now performed at commune level"
        ));
    }
    out
}

/// Compares the records in `dir` with the official layer and the hand-written entries.
pub fn drift(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Drift> {
    let provinces = import::province_names(root, diags);
    let files = import::record_files(&[dir.to_path_buf()], diags);
    let mut recs = import::read_records(&files, &provinces, diags);
    let baseline =
        crate::procedures::official::load_dir(root, &root.join(import::OFFICIAL_DIR), diags);
    super::successor::propose(
        &mut recs.iter_mut().map(|(_, f)| f).collect::<Vec<_>>(),
        &baseline,
    );
    let mut catalog_diags = Diagnostics::new();
    let plain = crate::procedures::load_catalog(root, &mut catalog_diags);
    let mut out = Vec::new();
    let by_code: BTreeMap<&str, &OfficialFile> =
        recs.iter().map(|(_, r)| (r.code.as_str(), r)).collect();
    for (code, new) in by_code {
        let hand = plain.procedures.get(code);
        let mut ch = match baseline.get(code) {
            Some(old) => changes(old, new),
            None if hand.is_none() && new.levels.contains(&"xa".to_owned()) => {
                vec![msg!(
                    "thủ tục mới ở cấp xã, chưa có trong danh mục",
                    "new at commune level, not in the catalog yet"
                )]
            }
            None => Vec::new(),
        };
        if let Some(p) = hand {
            if let Some(id) = &p.formality_id
                && id != &new.formality_id
                && !ch.iter().any(|m| m.en.starts_with("formalityId"))
            {
                let b = &new.formality_id;
                ch.push(msg!(
                    "formalityId của lời dễ hiểu: {id} → {b}",
                    "formalityId of the plain-language entry: {id} → {b}"
                ));
            }
            let checked = crate::dates::format_date(p.checked);
            let iso = format!("{}", p.checked);
            if !ch.is_empty() && new.updated > iso {
                let upd = dmy(&new.updated);
                ch.insert(0, msg!("bản ghi cập nhật {upd}, sau ngày kiểm tra lời dễ hiểu {checked}", "record updated {upd}, after the plain-language text was checked on {checked}"));
            }
        }
        if ch.is_empty() {
            continue;
        }
        out.push(Drift {
            code: code.to_owned(),
            name: hand.map_or_else(|| new.name.clone(), |p| p.raw.short_name.clone()),
            plain_file: hand.map(|p| p.file.clone()),
            changes: ch,
        });
    }
    out
}

/// "2026-09-21" → "21/09/2026".
fn dmy(iso: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    match p.as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// The drift as warnings (for `check --records`): at the hand-written entry when there is one.
pub fn as_warnings(drifts: &[Drift], diags: &mut Diagnostics) {
    for d in drifts {
        let span = d.plain_file.as_ref().map_or_else(
            || Span::file(Path::new(import::OFFICIAL_DIR).join(format!("{}.yaml", d.code))),
            Span::file,
        );
        let vi: Vec<&str> = d.changes.iter().map(|m| m.vi.as_str()).collect();
        let en: Vec<&str> = d.changes.iter().map(|m| m.en.as_str()).collect();
        diags.warning_hint(
            span,
            Msg::new(
                format!("bản ghi của thủ tục {} ({}) đã đổi: {}", d.code, d.name, vi.join("; ")),
                format!("the record of procedure {} ({}) changed: {}", d.code, d.name, en.join("; ")),
            ),
            msg!(
                "đối chiếu lời dễ hiểu với bản ghi mới, sửa nếu cần, cập nhật `facts.checked`, rồi chạy `congxa catalog import`.",
                "compare the plain-language text with the new record, fix it if needed, update `facts.checked`, then run `congxa catalog import`."
            ),
        );
    }
}

/// `catalog diff`: the report text, the problems, and whether anything drifted.
pub fn run(root: &Path, dir: &Path) -> (Msg, Diagnostics, bool) {
    let mut diags = Diagnostics::new();
    let drifts = drift(root, dir, &mut diags);
    let (mut vi, mut en) = (String::new(), String::new());
    for d in &drifts {
        vi.push_str(&format!("{} {}:\n", d.code, d.name));
        en.push_str(&format!("{} {}:\n", d.code, d.name));
        for c in &d.changes {
            vi.push_str(&format!("  - {}\n", c.vi));
            en.push_str(&format!("  - {}\n", c.en));
        }
    }
    let n = drifts.len();
    vi.push_str(&format!(
        "{n} thủ tục có thay đổi so với lần kiểm tra trước.\n"
    ));
    en.push_str(&format!(
        "{n} procedures changed since they were last checked.\n"
    ));
    (Msg::new(vi, en), diags, n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> OfficialFile {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records/9.000001.json");
        let text = std::fs::read_to_string(&path).unwrap();
        super::super::records::parse(&text, &path, &BTreeMap::new()).unwrap()
    }

    #[test]
    fn a_changed_record_reports_documents_time_fees_and_id() {
        let old = fixture();
        let mut new = old.clone();
        new.documents[0].documents.remove(1);
        new.documents[0]
            .documents
            .push(crate::procedures::official::Document {
                name: "Giấy chứng nhận mới".into(),
                alternatives: vec![],
                originals: 1,
                copies: 0,
                required: true,
                electronic_form: false,
                forms: vec![],
            });
        new.channels[0].time = Some("5".into());
        new.fees[1].amount = Some(10000);
        new.formality_id = "new-id".into();
        new.state = "abolished".into();
        let got: Vec<String> = changes(&old, &new).into_iter().map(|m| m.vi).collect();
        assert_eq!(
            got,
            [
                "thêm giấy tờ: «Giấy chứng nhận mới»",
                "bỏ giấy tờ: «Văn bản ủy quyền (nếu nhờ người khác nộp)»",
                "thời hạn (truc-tiep): 3 ngày làm việc → 5 ngày làm việc",
                "phí, lệ phí: le-phi HĐND tỉnh quy định; phi 8.000 đồng → le-phi HĐND tỉnh quy định; phi 10.000 đồng",
                "formalityId: 00000000-0000-7000-8000-000000000001 → new-id",
                "đã bãi bỏ",
            ]
        );
    }

    #[test]
    fn a_record_changed_under_a_hand_written_entry_is_drift() {
        let root = std::env::temp_dir().join(format!("congxa-drift-{}", std::process::id()));
        let (proj, recs) = (root.join("p"), root.join("r"));
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(proj.join("content/procedures")).unwrap();
        std::fs::create_dir_all(&recs).unwrap();
        for f in ["life-events.yaml", "procedures/1.001193.yaml"] {
            std::fs::copy(repo.join("content").join(f), proj.join("content").join(f)).unwrap();
        }
        let fixture = std::fs::read_to_string(repo.join("tests/fixtures/records/9.000001.json"))
            .unwrap()
            .replace("9.000001", "1.001193")
            .replace(
                "00000000-0000-7000-8000-000000000001",
                "019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7",
            );
        std::fs::write(recs.join("1.001193.json"), &fixture).unwrap();
        let r = import::import(&proj, std::slice::from_ref(&recs), false);
        assert_eq!(r.imported, ["1.001193"]);
        let (text, _, drift) = run(&proj, &recs);
        assert!(!drift, "{}", text.vi);
        let changed = fixture
            .replace("\"processingTime\": 3", "\"processingTime\": 5")
            .replace(
                "\"updatedAt\": 1776242191512",
                "\"updatedAt\": 1790000000000",
            )
            .replace("- Tờ khai theo mẫu", "- Tờ khai theo mẫu mới");
        std::fs::write(recs.join("1.001193.json"), changed).unwrap();
        let (text, diags, drift) = run(&proj, &recs);
        std::fs::remove_dir_all(&root).unwrap();
        assert!(drift && diags.is_empty());
        assert_eq!(
            text.vi,
            "1.001193 Đăng ký khai sinh:\n  \
             - bản ghi cập nhật 21/09/2026, sau ngày kiểm tra lời dễ hiểu 18/07/2026\n  \
             - thêm giấy tờ: «Tờ khai theo mẫu mới»\n  \
             - bỏ giấy tờ: «Tờ khai theo mẫu»\n  \
             - thời hạn (truc-tiep): 3 ngày làm việc → 5 ngày làm việc\n  \
             - thời hạn (truc-tuyen): 3 ngày làm việc → 5 ngày làm việc\n\
             1 thủ tục có thay đổi so với lần kiểm tra trước.\n"
        );
    }

    #[test]
    fn an_abolished_record_names_its_successor() {
        let old = fixture();
        let mut new = old.clone();
        new.state = "abolished".into();
        new.successor = Some("9.000004".into());
        let got: Vec<String> = changes(&old, &new).into_iter().map(|m| m.en).collect();
        assert_eq!(got, ["abolished, successor 9.000004"]);
    }

    #[test]
    fn an_unchanged_record_reports_nothing() {
        assert!(changes(&fixture(), &fixture()).is_empty());
    }
}
