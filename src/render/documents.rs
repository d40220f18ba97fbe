//! Documents: the list by form and year, and each document's page.

use std::collections::BTreeMap;

use crate::content::Page;
use crate::diag::Diagnostics;
use crate::items::{self, DOCUMENTS};
use crate::plan::Target;
use crate::text;
use crate::view::*;

use super::helpers::{Cx, ItemPage, PageSpec, Sink, crumbs, item_page, list_page};

fn title(cx: &Cx<'_>) -> String {
    cx.section_title(DOCUMENTS, "legal_documents")
}

fn item(p: &Page, d: &items::Document) -> ItemView {
    ItemView {
        title: p.title.clone(),
        url: p.path.clone(),
        date: crate::dates::format_date(d.issued),
        date_iso: d.issued.to_string(),
        summary: Some(d.summary.clone()),
        label: Some(format!("{} {}", d.form, d.number)),
        severity: None,
        severity_label: None,
        mark: None,
    }
}

/// Groups by form (Vietnamese order), then by year, newest first.
fn groups(cx: &Cx<'_>) -> Vec<ItemGroup> {
    let mut groups: BTreeMap<(String, std::cmp::Reverse<i32>), Vec<ItemView>> = BTreeMap::new();
    for (p, d) in &cx.plan.documents {
        groups
            .entry((d.form.clone(), std::cmp::Reverse(d.issued.year())))
            .or_default()
            .push(item(p, d));
    }
    let mut groups: Vec<ItemGroup> = groups
        .into_iter()
        .map(|((form, year), items)| ItemGroup {
            id: format!("{}-{}", text::slugify(&form), year.0),
            title: format!("{form} – {}", year.0),
            items,
        })
        .collect();
    groups.sort_by(|a, b| text::collate(&a.title, &b.title));
    groups
}

/// The list of documents.
pub fn list(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let groups = groups(cx);
    let filters = groups
        .iter()
        .map(|g| Link {
            title: g.title.clone(),
            url: format!("{}#{}", at.url, g.id),
        })
        .collect();
    let view = ListView {
        kind: "documents".into(),
        groups,
        filters,
        audiences: Vec::new(),
        atom: None,
        json: None,
        ics: None,
    };
    let title = title(cx);
    let page = PageSpec {
        content: cx.section_text(DOCUMENTS),
        ..PageSpec::plain(&at.url, &title, "list", crumbs(cx.t, None))
    };
    list_page(cx, at, page, view, sink, diags);
}

/// One document's page.
pub fn page(
    cx: &Cx<'_>,
    at: &Target,
    p: &Page,
    d: &items::Document,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let view = DocView {
        form: d.form.clone(),
        issuer: d.issuer.clone(),
        number: d.number.clone(),
        issued: crate::dates::format_date(d.issued),
        issued_iso: d.issued.to_string(),
        effective: d.effective.map(crate::dates::format_date),
        summary: d.summary.clone(),
        file_url: d.file.clone(),
    };
    // A document has no description of its own: its summary (trích yếu) says what it is.
    let item = ItemPage {
        kind: "document",
        template: "document.html",
        folder: DOCUMENTS,
        folder_title: title(cx),
        description: Some(d.summary.clone()),
        json_ld: None,
        kinds: Kinds::Document(view),
        lang: "vi".into(),
    };
    item_page(cx, at, p, item, sink, diags);
}
