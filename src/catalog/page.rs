//! The official layer on a procedure page: an [`OfficialFile`] turned into the view the theme's
//! `procedure.html` renders (every legal element, in lists and groups). Pure: model in, view out.

use serde::Serialize;

use crate::procedures::official::{Channel, Fee, Item, OfficialFile};

/// Deepest list level a page nests; deeper points are listed at this level (kept, not dropped).
const DEPTH: usize = 3;

/// A list item with its sub-items, at most [`DEPTH`] levels.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Node {
    /// Text.
    pub text: String,
    /// Sub-items.
    pub items: Vec<Node>,
}

/// A fee line.
#[derive(Debug, Clone, Serialize)]
pub struct FeeView {
    /// "Lệ phí", "Phí", "Giá".
    pub kind: String,
    /// "8.000 đồng", "Do Hội đồng nhân dân tỉnh quy định", "Không ghi mức".
    pub amount: String,
    /// The record's words.
    pub text: Vec<Node>,
    /// Attached files.
    pub files: Vec<String>,
}

/// One channel.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    /// "Trực tiếp", "Trực tuyến", "Qua bưu chính".
    pub label: String,
    /// "3 ngày làm việc".
    pub time: String,
    /// Notes on time.
    pub notes: Vec<Node>,
    /// Own fees, when channels differ.
    pub fees: Vec<FeeView>,
}

/// One document.
#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    /// Name.
    pub name: String,
    /// "Bản chính: 1, bản sao: 0".
    pub counts: String,
    /// Required.
    pub required: bool,
    /// Electronic form.
    pub electronic_form: bool,
    /// Alternatives.
    pub alternatives: Vec<String>,
    /// Forms ("Mẫu số 11 (tệp …)").
    pub forms: Vec<String>,
}

/// A group of documents.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Heading.
    pub title: Option<String>,
    /// Documents.
    pub documents: Vec<DocView>,
    /// Notes.
    pub notes: Vec<Node>,
}

/// The official layer of one procedure page.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    /// "Theo Cổng Dịch vụ công quốc gia, cập nhật 15/04/2026".
    pub attribution: String,
    /// Abolished.
    pub abolished: bool,
    /// Successor code.
    pub successor: Option<String>,
    /// Official name.
    pub name: String,
    /// Fields.
    pub fields: String,
    /// Issuer.
    pub issued_by: String,
    /// Bodies performing it.
    pub bodies: Vec<String>,
    /// Bodies deciding it.
    pub authority: Vec<String>,
    /// Delegated bodies.
    pub delegated: Vec<String>,
    /// Coordinating bodies.
    pub coordinating: Vec<String>,
    /// Who may apply.
    pub subjects: Vec<String>,
    /// Description.
    pub description: Vec<Node>,
    /// Steps.
    pub steps: Vec<Node>,
    /// Channels.
    pub channels: Vec<ChannelView>,
    /// Common fees.
    pub fees: Vec<FeeView>,
    /// Documents.
    pub groups: Vec<GroupView>,
    /// Conditions.
    pub conditions: Vec<Node>,
    /// Results.
    pub results: Vec<String>,
    /// Where to submit.
    pub where_to_submit: Vec<Node>,
    /// Variants, "1.001193.01 Thủ tục …: 1 ngày làm việc".
    pub variants: Vec<String>,
    /// Legal basis lines.
    pub legal: Vec<LegalView>,
    /// Publishing decision.
    pub decision: Option<String>,
    /// Note.
    pub note: Vec<Node>,
}

/// A legal document line.
#[derive(Debug, Clone, Serialize)]
pub struct LegalView {
    /// Canonical number.
    pub number: String,
    /// Title.
    pub title: String,
    /// Amended by.
    pub amended_by: String,
}

fn nodes(items: &[Item]) -> Vec<Node> {
    items.iter().map(|i| node(i, 1)).collect()
}

fn node(i: &Item, depth: usize) -> Node {
    let items = if depth + 1 < DEPTH {
        i.items.iter().map(|c| node(c, depth + 1)).collect()
    } else {
        let mut flat = Vec::new();
        flatten_into(&i.items, &mut flat);
        flat
    };
    Node {
        text: i.text.clone(),
        items,
    }
}

fn flatten_into(items: &[Item], out: &mut Vec<Node>) {
    for i in items {
        out.push(Node {
            text: i.text.clone(),
            items: Vec::new(),
        });
        flatten_into(&i.items, out);
    }
}

/// "2026-04-15" → "15/04/2026".
pub fn dmy(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

fn unit_label(u: &str) -> &'static str {
    match u {
        "ngay-lam-viec" => "ngày làm việc",
        "ngay" => "ngày",
        "gio" => "giờ",
        _ => "",
    }
}

fn time_text(time: Option<&str>, unit: &str) -> String {
    match (time, unit_label(unit)) {
        (Some(t), "") => format!("{t} (xem ghi chú)"),
        (Some(t), u) => format!("{t} {u}"),
        (None, _) => "Không ghi".to_owned(),
    }
}

fn fee_view(f: &Fee) -> FeeView {
    let kind = match f.kind.as_str() {
        "le-phi" => "Lệ phí",
        "phi" => "Phí",
        "gia" => "Giá dịch vụ",
        _ => "Khoản thu",
    }
    .to_owned();
    let amount = match (f.set_by_province, f.amount) {
        (true, _) => "Do Hội đồng nhân dân tỉnh quy định".to_owned(),
        (false, Some(0)) => "0 đồng".to_owned(),
        (false, Some(a)) => crate::text::format_money(a),
        (false, None) => "Không ghi mức".to_owned(),
    };
    FeeView {
        kind,
        amount,
        text: nodes(&f.text),
        files: f.files.clone(),
    }
}

fn channel_view(c: &Channel) -> ChannelView {
    ChannelView {
        label: match c.channel.as_str() {
            "truc-tiep" => "Trực tiếp".to_owned(),
            "truc-tuyen" => "Trực tuyến".to_owned(),
            "buu-chinh" => "Qua bưu chính".to_owned(),
            other => other.to_owned(),
        },
        time: time_text(c.time.as_deref(), &c.unit),
        notes: nodes(&c.notes),
        fees: c.fees.iter().flatten().map(fee_view).collect(),
    }
}

/// The view of `f`.
pub fn view(f: &OfficialFile) -> RecordView {
    RecordView {
        attribution: format!(
            "Theo Cổng Dịch vụ công quốc gia, cập nhật {}",
            dmy(&f.updated)
        ),
        abolished: f.state == "abolished",
        successor: f.successor.clone(),
        name: f.name.clone(),
        fields: f.fields.join(", "),
        issued_by: f.issued_by.clone(),
        bodies: f.bodies.clone(),
        authority: f.authority.clone(),
        delegated: f.delegated.clone(),
        coordinating: f.coordinating.clone(),
        subjects: f.subjects.clone(),
        description: nodes(&f.description),
        steps: nodes(&f.steps),
        channels: f.channels.iter().map(channel_view).collect(),
        fees: f.fees.iter().map(fee_view).collect(),
        groups: f
            .documents
            .iter()
            .map(|g| GroupView {
                title: g.title.clone(),
                documents: g
                    .documents
                    .iter()
                    .map(|d| DocView {
                        name: d.name.clone(),
                        counts: format!("bản chính: {}, bản sao: {}", d.originals, d.copies),
                        required: d.required,
                        electronic_form: d.electronic_form,
                        alternatives: d.alternatives.clone(),
                        forms: d
                            .forms
                            .iter()
                            .map(|fm| match &fm.number {
                                Some(n) => format!("{n} ({})", fm.file),
                                None => fm.file.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
                notes: nodes(&g.notes),
            })
            .collect(),
        conditions: nodes(&f.conditions),
        results: f.results.clone(),
        where_to_submit: nodes(&f.where_to_submit),
        variants: f
            .variants
            .iter()
            .map(|v| {
                format!(
                    "{} {}: {}",
                    v.code,
                    v.name,
                    time_text(v.time.as_deref(), &v.unit)
                )
            })
            .collect(),
        legal: f
            .legal_basis
            .iter()
            .map(|l| LegalView {
                number: l.number.clone(),
                title: l.title.clone(),
                amended_by: l.amended_by.join(", "),
            })
            .collect(),
        decision: f.decision.as_ref().map(|d| {
            let mut s = d.number.clone();
            if let Some(date) = &d.date {
                s.push_str(&format!(" ngày {}", dmy(date)));
            }
            if let Some(a) = &d.agency {
                s.push_str(&format!(" của {a}"));
            }
            s
        }),
        note: nodes(&f.note),
    }
}
