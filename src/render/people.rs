//! The people pages: officials (with a vCard each), organisation (also in English), the
//! digital-technology team, and feedback.

use crate::diag::Diagnostics;
use crate::people::Official;
use crate::plan::Target;
use crate::view::*;

use super::helpers::{Cx, PageSpec, Sink, TemplatePage, crumbs};

fn title(cx: &Cx<'_>, key: &str) -> String {
    cx.t.get(key).cloned().unwrap_or_else(|| key.to_owned())
}

/// A Vietnamese page with no text of its own.
fn plain(
    cx: &Cx<'_>,
    at: &Target,
    key: &str,
    kind: &str,
    template: &'static str,
    kinds: Kinds,
) -> TemplatePage {
    let title = title(cx, key);
    let page = PageSpec::plain(&at.url, &title, kind, crumbs(cx.t, None)).view(cx.site);
    TemplatePage {
        template,
        page,
        kinds,
        lang: "vi".into(),
    }
}

/// One official's vCard.
pub fn vcard(cx: &Cx<'_>, o: &Official) -> Vec<u8> {
    let cfg = &cx.site.config;
    crate::people::vcard(o, &cx.committee(), &cfg.base_url.url).into_bytes()
}

/// The officials' page.
pub fn officials(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let kinds = Kinds::Officials(cx.site.people.officials.clone());
    let page = plain(cx, at, "officials", "officials", "officials.html", kinds);
    sink.page(cx, at, page, diags);
}

/// The organisation page, in Vietnamese or (`english`) in English.
pub fn organisation(
    cx: &Cx<'_>,
    at: &Target,
    english: bool,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let people = &cx.site.people;
    let Some(o) = &people.organisation else {
        return;
    };
    let kinds = Kinds::Organisation(o.clone(), people.officials.clone());
    let page = if english {
        let title = "Organisation and contacts";
        let mut page = PageSpec::plain(&at.url, title, "organisation", Vec::new()).view(cx.site);
        page.html_title = format!("{title} – {}", cx.site.config.commune.name);
        TemplatePage {
            template: "organisation.html",
            page,
            kinds,
            lang: "en".into(),
        }
    } else {
        plain(
            cx,
            at,
            "organisation",
            "organisation",
            "organisation.html",
            kinds,
        )
    };
    sink.page(cx, at, page, diags);
}

/// The digital-technology team's page.
pub fn team(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let Some(team) = &cx.site.people.team else {
        return;
    };
    let page = plain(
        cx,
        at,
        "digital_team",
        "team",
        "digital_team.html",
        Kinds::Team(team.clone()),
    );
    sink.page(cx, at, page, diags);
}

/// The feedback page.
pub fn feedback(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let page = plain(cx, at, "feedback", "feedback", "feedback.html", Kinds::None);
    sink.page(cx, at, page, diags);
}
