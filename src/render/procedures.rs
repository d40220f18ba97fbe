//! Procedure pages (with their checklist QR code and `GovernmentService` JSON-LD) and
//! `procedures.json`; the lists of procedures are in `proc_lists`.
//!
//! A procedure's view is made of two parts: [`CatalogView`], which depends only on the catalog
//! entry (the same on every site listing it: see `plan::SharedKey`), and the site's own facts
//! (online level and link, fees, place, official, related procedures it lists, the QR code of
//! its own URL), added by [`procedure_view`]. The theme's `procedure-parts/` templates see only
//! the first, so their HTML is made once per run for all sites (`render::shared`).

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::plan::{PROC_DIR, ProcedureJob, Target, event_url, field_url, proc_url};
use crate::procedures::{OnlineLevel, Procedure, SiteProcedure};
use crate::project::Site;
use crate::view::*;

use super::helpers::{Cx, PageSpec, Sink, TemplatePage, crumbs, json_ld, phone};
use super::shared::PartKey;
use crate::theme::Converted;

/// The portal's search for a procedure by name.
fn portal_search(name: &str) -> String {
    format!(
        "https://dichvucong.gov.vn/dvc-ket-qua-thu-tuc?keyword={}",
        url_encode(name)
    )
}

fn link(p: &SiteProcedure) -> Link {
    Link {
        title: p.proc.raw.short_name.clone(),
        url: proc_url(p),
    }
}

/// Breadcrumbs of the pages under `thu-tuc/`: home, procedures.
fn proc_crumbs(cx: &Cx<'_>) -> Vec<Link> {
    let title = cx.t.get("procedures").cloned().unwrap_or_default();
    let url = format!("{PROC_DIR}/");
    crumbs(cx.t, Some((&title, &url)))
}

/// One procedure's page.
pub fn page(
    cx: &Cx<'_>,
    at: &Target,
    j: &ProcedureJob<'_>,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let p = j.site;
    let catalog = match catalog_part(cx, at, j) {
        Ok(c) => c,
        Err(d) => return diags.push(d),
    };
    let view = procedure_view(cx, p, catalog);
    let mut page = PageSpec {
        description: Some(p.proc.raw.summary.clone()),
        updated: Some(p.proc.checked),
        ..PageSpec::plain(
            &at.url,
            &p.proc.raw.short_name,
            "procedure",
            proc_crumbs(cx),
        )
    }
    .view(cx.site);
    page.json_ld = Some(json_ld(&government_service(cx, p, &view)));
    let page = TemplatePage {
        template: "procedure.html",
        page,
        kinds: Kinds::Procedure(Box::new(view)),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

/// The catalog's part of the page's view, with the theme's `procedure-parts/` rendered from
/// it, converted for the templates: taken from the run's shared parts for a catalog entry
/// (made by the first site that shows it), made here for a site's own procedure.
fn catalog_part(
    cx: &Cx<'_>,
    at: &Target,
    j: &ProcedureJob<'_>,
) -> Result<Converted, crate::diag::Diagnostic> {
    let root = at.root(&cx.site.config.base_url.path);
    let lang = &j.shared.lang;
    let make = || {
        let catalog = catalog_view(cx, &j.site.proc);
        let parts = if cx.theme.procedure_parts.is_empty() {
            std::collections::BTreeMap::new()
        } else {
            cx.theme
                .render_parts(&catalog, cx.strings(lang), &root, lang)?
        };
        let view = CatalogWithParts {
            catalog: &catalog,
            parts: &parts,
        };
        cx.theme.convert("procedure.html", &view)
    };
    match &j.shared.catalog_code {
        Some(_) => {
            let key = PartKey {
                shared: j.shared.clone(),
                theme: cx.theme.name.clone(),
                root: root.clone(),
            };
            cx.parts.get_or_make(key, make)
        }
        None => make(),
    }
}

/// The part of a procedure's view that its catalog entry alone decides (with the UI strings of
/// the main language): equal on every site listing the entry (see `plan::SharedKey`).
pub fn catalog_view(cx: &Cx<'_>, proc: &Procedure) -> CatalogView {
    let raw = &proc.raw;
    let doc = |d: &crate::procedures::Document| DocumentView {
        name: d.name.clone(),
        copies: d.copies,
        when: d.when.clone(),
        form_name: d.form_name.clone(),
        form_url: d.form_url.clone(),
        note: d.note.clone(),
    };
    let element_label = |k: &str| {
        cx.t.get(&format!("el_{k}"))
            .cloned()
            .unwrap_or_else(|| k.to_owned())
    };
    CatalogView {
        code: proc.code.clone(),
        name: raw.name.clone(),
        short_name: raw.short_name.clone(),
        field: Link {
            title: raw.field.clone(),
            url: field_url(&raw.field),
        },
        // The catalog's life events (`life-events.yaml`), the same list on every site.
        life_events: proc
            .life_events
            .iter()
            .filter_map(|id| cx.site.life_events.iter().find(|e| &e.id == id))
            .map(|e| Link {
                title: e.name.clone(),
                url: event_url(&e.id),
            })
            .collect(),
        summary: raw.summary.clone(),
        who_may_apply: raw.who_may_apply.clone(),
        conditions: raw.conditions.clone(),
        deciding_body: raw.deciding_body.clone(),
        in_person: raw.in_person,
        post: raw.post,
        portal_detail_url: portal_detail_url(proc),
        online_note: raw.online_note.clone(),
        where_note: raw.where_note.clone(),
        steps: raw.steps.clone(),
        submit: raw.submit.iter().map(doc).collect(),
        present: raw.present.iter().map(doc).collect(),
        document_notes: raw.document_notes.clone(),
        processing_time: raw.processing_time.clone(),
        result: raw.result.clone(),
        exemptions: raw.exemptions.clone(),
        legal_basis: raw
            .legal_basis
            .iter()
            .map(|l| format!("{} ({})", l.title, l.number))
            .collect(),
        checked: crate::dates::format_date(proc.checked),
        source: raw.source.clone(),
        verified: raw.verified && proc.unverified.is_empty(),
        unverified: proc.unverified.iter().map(|k| element_label(k)).collect(),
        unverified_keys: proc.unverified.clone(),
        record: proc
            .official
            .as_deref()
            .map(|o| crate::catalog::page::view(o, cx.t)),
        official_only: proc.official_only,
    }
}

/// The portal's page of the procedure, when the catalog knows its id.
fn portal_detail_url(proc: &Procedure) -> Option<String> {
    proc.formality_id
        .as_ref()
        .map(|id| format!("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{id}"))
}

/// Where to apply online: the portal's page for this commune when the site knows its ids,
/// else the procedure's portal page, else the portal's search for its name.
fn online_url(site: &Site, p: &SiteProcedure, detail: Option<&String>) -> String {
    let cfg = &site.config;
    let province_id = site.portal_provinces.get(&cfg.commune.province_code);
    match (&p.proc.formality_id, &cfg.dvc_ward_id, province_id) {
        (Some(f), Some(w), Some(pr)) => format!(
            "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?formalityId={f}&province={pr}&ministry=&ward={w}&searchType=PROVINCE&commune=WARD&provinceCode={}&wardCode={}",
            cfg.commune.province_code, cfg.commune.code
        ),
        (Some(_), _, _) => detail.cloned().unwrap_or_default(),
        (None, _, _) => portal_search(&p.proc.raw.name),
    }
}

/// Related procedures: the site's own page when it lists them; outside its list, the name and
/// the portal's search for it, or nothing at all (a bare code means nothing to a resident).
fn related(cx: &Cx<'_>, p: &SiteProcedure) -> Vec<Link> {
    let by_code = &cx.plan.procedures.by_code;
    p.proc
        .related
        .iter()
        .filter_map(|r| match (by_code.get(r.code.as_str()), &r.name) {
            (Some(sp), _) => Some(link(sp)),
            (None, Some(name)) => Some(Link {
                title: name.clone(),
                url: portal_search(name),
            }),
            (None, None) => None,
        })
        .collect()
}

/// What replaced an abolished procedure: its page when the site lists it, else its page on the
/// national portal, else the portal's search for its name.
fn successor(cx: &Cx<'_>, p: &SiteProcedure) -> Option<SuccessorLink> {
    let s = p.proc.successor.as_ref()?;
    if !crate::procedures::successor::abolished(&p.proc) {
        return None;
    }
    let here = cx.plan.procedures.by_code.get(s.code.as_str());
    let url = match (here, &s.portal_url) {
        (Some(sp), _) => proc_url(sp),
        (None, Some(u)) => u.clone(),
        (None, None) => portal_search(&s.name),
    };
    Some(SuccessorLink {
        code: s.code.clone(),
        title: here.map_or_else(|| s.name.clone(), |sp| sp.proc.raw.short_name.clone()),
        url,
        portal: here.is_none(),
    })
}

/// The whole view of a procedure on this site: the converted `catalog` part, plus the site's
/// own facts.
pub fn procedure_view(cx: &Cx<'_>, p: &SiteProcedure, catalog: Converted) -> ProcedureView {
    let site = cx.site;
    let cfg = &site.config;
    let place = p
        .local
        .place
        .clone()
        .unwrap_or_else(|| format!("{}, {}", cx.committee(), cfg.address));
    let canonical = format!("{}{}", cfg.base_url.url, proc_url(p));
    let facts = SiteFacts {
        online_level: match p.online {
            OnlineLevel::ToanTrinh => "toan-trinh",
            OnlineLevel::MotPhan => "mot-phan",
            OnlineLevel::Khong => "khong",
        }
        .to_owned(),
        // An abolished procedure can no longer be applied for: no button to the portal's form.
        online: p.online != OnlineLevel::Khong && !crate::procedures::successor::abolished(&p.proc),
        online_url: online_url(site, p, portal_detail_url(&p.proc).as_ref()),
        fees: p
            .fees
            .iter()
            .map(|f| FeeView {
                name: f.name.clone(),
                free_when: f.free_when.clone(),
                amount: f.amount.clone(),
                unit: f.unit.clone(),
                note: f.note.clone(),
                provincial: f.provincial,
                pending: f.pending,
            })
            .collect(),
        fees_pending: p.fees.iter().any(|f| f.pending),
        fee_notes: p.local.fee_basis.is_some()
            || p.fees.iter().any(|f| f.pending || f.note.is_some()),
        fee_basis: p.local.fee_basis.clone(),
        related: related(cx, p),
        successor: successor(cx, p),
        place,
        hours: p.local.hours.clone(),
        official: p.local.official.as_ref().map(|o| OfficialView {
            name: o.name.clone(),
            role: o.role.clone(),
            phone: p.official_phone.as_ref().map(phone),
        }),
        note: p.local.note.clone(),
        qr_svg: crate::qr::svg(&canonical),
    };
    ProcedureView {
        catalog,
        site: facts,
    }
}

fn government_service(cx: &Cx<'_>, p: &SiteProcedure, view: &ProcedureView) -> serde_json::Value {
    let cfg = &cx.site.config;
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": p.proc.raw.name,
        "alternateName": p.proc.raw.short_name,
        "identifier": p.proc.code,
        "description": p.proc.raw.summary,
        "serviceType": p.proc.raw.field,
        "url": format!("{}{}", cfg.base_url.url, proc_url(p)),
        "provider": { "@type": "GovernmentOffice", "name": cx.committee(), "address": cfg.address },
        "areaServed": { "@type": "AdministrativeArea", "name": cfg.commune.name },
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceUrl": if view.site.online { Some(view.site.online_url.clone()) } else { None },
            "serviceLocation": { "@type": "Place", "name": view.site.place },
        },
    })
}

fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(*b as char)
            }
            b' ' => out.push_str("%20"),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `procedures.json`: the site's procedures for other systems.
pub fn json(site: &Site) -> Vec<u8> {
    #[derive(Serialize)]
    struct Item<'a> {
        code: &'a str,
        name: &'a str,
        short_name: &'a str,
        field: &'a str,
        url: String,
        online: OnlineLevel,
        fees: &'a [crate::procedures::Fee],
        processing_time: &'a str,
        checked: String,
        verified: bool,
        // Only on abolished entries, so every other entry's bytes stay as they were.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        abolished: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        successor: Option<&'a str>,
    }
    let items: Vec<Item<'_>> = site
        .procedures
        .iter()
        .map(|p| Item {
            code: &p.proc.code,
            name: &p.proc.raw.name,
            short_name: &p.proc.raw.short_name,
            field: &p.proc.raw.field,
            url: format!("{}{}", site.config.base_url.url, proc_url(p)),
            online: p.online,
            fees: &p.fees,
            processing_time: &p.proc.raw.processing_time,
            checked: p.proc.checked.to_string(),
            verified: p.proc.raw.verified && p.proc.unverified.is_empty(),
            abolished: crate::procedures::successor::abolished(&p.proc),
            successor: p
                .proc
                .successor
                .as_ref()
                .filter(|_| crate::procedures::successor::abolished(&p.proc))
                .map(|s| s.code.as_str()),
        })
        .collect();
    crate::textfmt::json::pretty(
        &serde_json::json!({ "commune_code": site.config.commune.code, "procedures": items }),
    )
    .into_bytes()
}
