//! The official layer on a procedure page: an [`OfficialFile`] turned into the view the theme's
//! `procedure.html` renders (every legal element, in lists and groups). Pure: model and the
//! theme's strings in, view out. Its words are the theme's (`i18n/<lang>.yaml`, keys `rec_*`), as
//! are the headings of `procedure_record.html`.

use std::collections::BTreeMap;

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
    /// The documents `name` offers a choice of, each one enough ("một trong các giấy tờ sau"),
    /// each starting with a capital; the name above keeps the record's words.
    pub alternatives: Vec<String>,
    /// Forms.
    pub forms: Vec<FormView>,
}

/// A form of a document.
#[derive(Debug, Clone, Serialize)]
pub struct FormView {
    /// "Mẫu số 11 (tệp …)".
    pub label: String,
    /// Its own link (https), when the file gives one; else the page links the portal's.
    pub url: Option<String>,
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
    /// Abolished (the successor is the site's to link: `ProcedureView::successor`).
    pub abolished: bool,
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

/// `s` with its first letter in upper case: a part cut from the middle of a name is listed as a
/// name of its own.
fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "2026-04-15" → "15/04/2026".
pub fn dmy(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// The theme's string `key`; the key itself when the theme lacks it (seen at once on the page).
fn word(t: &Strings, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_owned())
}

/// The theme's strings in the page's language.
pub type Strings = BTreeMap<String, String>;

fn time_text(t: &Strings, time: Option<&str>, unit: &str) -> String {
    let key = match unit {
        "ngay-lam-viec" => "rec_unit_working_days",
        "ngay" => "rec_unit_days",
        "gio" => "rec_unit_hours",
        _ => "",
    };
    match (time, key) {
        (Some(n), "") => format!("{n} {}", word(t, "rec_time_see_notes")),
        (Some(n), k) => format!("{n} {}", word(t, k)),
        (None, _) => word(t, "rec_time_none"),
    }
}

fn fee_view(t: &Strings, f: &Fee) -> FeeView {
    let kind = word(
        t,
        match f.kind.as_str() {
            "le-phi" => "rec_fee_le_phi",
            "phi" => "rec_fee_phi",
            "gia" => "rec_fee_gia",
            _ => "rec_fee_other",
        },
    );
    let amount = match (f.set_by_province, f.amount) {
        (true, _) => word(t, "rec_fee_by_province"),
        (false, Some(0)) => word(t, "rec_fee_zero"),
        (false, Some(a)) => crate::text::format_money(a),
        (false, None) => word(t, "rec_fee_none"),
    };
    FeeView {
        kind,
        amount,
        text: nodes(&f.text),
        files: f.files.clone(),
    }
}

fn channel_view(t: &Strings, c: &Channel) -> ChannelView {
    ChannelView {
        label: match c.channel.as_str() {
            "truc-tiep" => word(t, "rec_channel_in_person"),
            "truc-tuyen" => word(t, "rec_channel_online"),
            "buu-chinh" => word(t, "rec_channel_post"),
            other => other.to_owned(),
        },
        time: time_text(t, c.time.as_deref(), &c.unit),
        notes: nodes(&c.notes),
        fees: c.fees.iter().flatten().map(|f| fee_view(t, f)).collect(),
    }
}

/// The view of `f`, in the language of the strings `t`.
pub fn view(f: &OfficialFile, t: &Strings) -> RecordView {
    RecordView {
        attribution: format!("{} {}", word(t, "rec_attribution"), dmy(&f.updated)),
        abolished: f.state == "abolished",
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
        channels: f.channels.iter().map(|c| channel_view(t, c)).collect(),
        fees: f.fees.iter().map(|x| fee_view(t, x)).collect(),
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
                        counts: format!(
                            "{}: {}, {}: {}",
                            word(t, "rec_originals"),
                            d.originals,
                            word(t, "rec_copies"),
                            d.copies
                        ),
                        required: d.required,
                        electronic_form: d.electronic_form,
                        alternatives: d.alternatives.iter().map(|a| capital(a)).collect(),
                        forms: d
                            .forms
                            .iter()
                            .map(|fm| FormView {
                                label: match &fm.number {
                                    Some(n) => format!("{n} ({})", fm.file),
                                    None => fm.file.clone(),
                                },
                                url: fm.url.clone(),
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
                    time_text(t, v.time.as_deref(), &v.unit)
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
                s.push_str(&format!(" {} {}", word(t, "rec_decision_dated"), dmy(date)));
            }
            if let Some(a) = &d.agency {
                s.push_str(&format!(" {} {a}", word(t, "rec_decision_by")));
            }
            s
        }),
        note: nodes(&f.note),
    }
}
