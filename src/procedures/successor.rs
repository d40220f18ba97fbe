//! The procedure replacing an abolished one. The portal's records carry no such field, so the
//! successor is named by a file: the hand-written layer's `successor:` (it wins), or the official
//! layer's (`catalog import` proposes one there, or a province writes its own). A named code must
//! be in the catalog, so the page can always say what replaced the procedure: the successor's page
//! when the site lists it, else its page on the national portal.

use std::collections::BTreeMap;

use crate::diag::{Diagnostics, Span};
use crate::msg;
use crate::text;

use super::Procedure;

/// A successor as a file names it, then resolved against the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Successor {
    /// Its code.
    pub code: String,
    /// Where it was written (`file:line:column`).
    pub span: Span,
    /// Resolved: the successor's name for residents; empty until [`resolve`] has run.
    pub name: String,
    /// Resolved: its page on the national portal, when its record id is known.
    pub portal_url: Option<String>,
}

/// The national portal's page of a procedure, by its record id (formalityId).
pub fn portal_url(formality_id: &str) -> String {
    format!("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{formality_id}")
}

/// A successor code as written at `span`; an error there when it is not a code.
pub fn named(code: &str, span: Span, diags: &mut Diagnostics) -> Option<Successor> {
    if !super::is_code(code) {
        diags.error_hint(
            span,
            msg!(
                "mã thủ tục thay thế `{code}` không hợp lệ",
                "invalid successor code `{code}`"
            ),
            msg!(
                "mã có dạng \"1.001193\", đặt trong ngoặc kép.",
                "codes look like \"1.001193\", quoted."
            ),
        );
        return None;
    }
    Some(Successor {
        code: code.to_owned(),
        span,
        name: String::new(),
        portal_url: None,
    })
}

/// Gives `p` the official layer's successor when its hand-written layer names none. `at` is where
/// the official file wrote it.
pub fn attach(p: &mut Procedure, at: Option<Span>, diags: &mut Diagnostics) {
    if p.successor.is_some() {
        return;
    }
    let Some(code) = p.official.as_ref().and_then(|o| o.successor.clone()) else {
        return;
    };
    let span = at.unwrap_or_else(|| Span::file(&p.file));
    p.successor = named(&code, span, diags);
}

/// What a successor link needs of each procedure of a catalog: its name and portal page.
pub fn known<'a>(
    procs: impl Iterator<Item = &'a Procedure>,
) -> BTreeMap<String, (String, Option<String>)> {
    procs
        .map(|p| {
            let url = p.formality_id.as_deref().map(portal_url);
            let name = if p.raw.short_name.trim().is_empty() {
                p.code.clone()
            } else {
                p.raw.short_name.clone()
            };
            (p.code.clone(), (name, url))
        })
        .collect()
}

/// Resolves every successor not yet resolved against `known` (see [`known`]): a code not in it, or
/// the procedure's own, is an error at the place it was written and the successor is dropped; a
/// successor of a procedure its record does not say is abolished is a warning (the page shows it
/// only once the record does).
pub fn resolve<'a>(
    procs: impl Iterator<Item = &'a mut Procedure>,
    known: &BTreeMap<String, (String, Option<String>)>,
    diags: &mut Diagnostics,
) {
    for p in procs {
        let is_abolished = abolished(p);
        let Some(s) = p.successor.as_mut().filter(|s| s.name.is_empty()) else {
            continue;
        };
        match known.get(&s.code) {
            Some((name, url)) if s.code != p.code => {
                s.name = name.clone();
                s.portal_url = url.clone();
            }
            _ => {
                unknown(&p.code, s, known, diags);
                p.successor = None;
                continue;
            }
        }
        if !is_abolished {
            let (code, span) = (&p.code, s.span.clone());
            diags.warning_hint(
                span,
                msg!(
                    "thủ tục {code} chưa bãi bỏ theo bản ghi của Cổng; thủ tục thay thế chỉ hiện khi bản ghi ghi đã bãi bỏ",
                    "procedure {code} is not abolished in the portal's record; the successor shows only once the record says it is"
                ),
                msg!(
                    "nhập lại bản ghi mới của Cổng (`congxa catalog import`), hoặc bỏ `successor`.",
                    "import the portal's new record (`congxa catalog import`), or remove `successor`."
                ),
            );
        }
    }
}

fn unknown(
    own: &str,
    s: &Successor,
    known: &BTreeMap<String, (String, Option<String>)>,
    diags: &mut Diagnostics,
) {
    let code = &s.code;
    if code == own {
        diags.error_hint(
            s.span.clone(),
            msg!(
                "thủ tục {code} không thể tự thay thế chính nó",
                "procedure {code} cannot be its own successor"
            ),
            msg!(
                "ghi mã của thủ tục mới thay cho thủ tục này, hoặc bỏ `successor`.",
                "give the code of the new procedure that replaces this one, or remove `successor`."
            ),
        );
        return;
    }
    let others = known.keys().map(String::as_str).filter(|c| *c != own);
    let hint = match text::closest(code, others) {
        Some(c) => msg!(
            "có phải ý bạn là `{c}` ({})? Thủ tục chưa có trong danh mục thì nhập bản ghi của nó trước (`congxa catalog import`).",
            "did you mean `{c}` ({})? A procedure not in the catalog yet needs its record imported first (`congxa catalog import`).",
            known[c].0
        ),
        None => msg!(
            "nhập bản ghi của thủ tục thay thế trước (`congxa catalog import`), hoặc bỏ `successor`.",
            "import the successor's record first (`congxa catalog import`), or remove `successor`."
        ),
    };
    diags.error_hint(
        s.span.clone(),
        msg!(
            "không có thủ tục thay thế mã `{code}` trong danh mục",
            "no successor procedure with code `{code}` in the catalog"
        ),
        hint,
    );
}

/// Whether the record of `p` says it is abolished.
pub fn abolished(p: &Procedure) -> bool {
    p.official.as_ref().is_some_and(|o| o.state == "abolished")
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::procedures::official::{self, OfficialFile};

    /// An official-only procedure from the abolished test file, with `state` and `successor` set.
    fn proc(code: &str, state: &str, successor: Option<&str>) -> Procedure {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "tests/cases/abolished-procedure-keeps-its-page-and-links-its-successor/in/content/procedures/official/9.000003.yaml",
        );
        let text = std::fs::read_to_string(path).unwrap();
        let mut f: OfficialFile = crate::yaml::parse(&text, Path::new("x.yaml"), 1).unwrap();
        f.code = code.into();
        f.state = state.into();
        f.successor = successor.map(str::to_owned);
        f.formality_id = format!("id-{code}");
        official::procedure(Arc::new(f), format!("{code}.yaml").into())
    }

    fn attached(mut p: Procedure, diags: &mut Diagnostics) -> Procedure {
        attach(&mut p, Some(Span::at("x.yaml", 42, 12)), diags);
        p
    }

    #[test]
    fn a_known_successor_gets_its_name_and_portal_page() {
        let mut d = Diagnostics::new();
        let mut procs = [
            attached(proc("9.000003", "abolished", Some("9.000004")), &mut d),
            proc("9.000004", "active", None),
        ];
        let known = known(procs.iter());
        resolve(procs.iter_mut(), &known, &mut d);
        assert!(d.is_empty(), "{:?}", d.items());
        let s = procs[0].successor.as_ref().unwrap();
        assert_eq!(s.name, procs[1].raw.short_name);
        assert_eq!(
            s.portal_url.as_deref(),
            Some("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/id-9.000004")
        );
    }

    #[test]
    fn an_unknown_or_own_successor_is_an_error_where_it_was_written_and_is_dropped() {
        for code in ["9.000009", "9.000003"] {
            let mut d = Diagnostics::new();
            let mut procs = [attached(proc("9.000003", "abolished", Some(code)), &mut d)];
            let known = known(procs.iter());
            resolve(procs.iter_mut(), &known, &mut d);
            assert_eq!(d.error_count(), 1, "{code}");
            assert_eq!(d.items()[0].span, Span::at("x.yaml", 42, 12));
            assert!(procs[0].successor.is_none());
        }
    }

    #[test]
    fn a_successor_of_a_procedure_in_force_is_a_warning_and_kept() {
        let mut d = Diagnostics::new();
        let mut procs = [
            attached(proc("9.000003", "active", Some("9.000004")), &mut d),
            proc("9.000004", "active", None),
        ];
        let known = known(procs.iter());
        resolve(procs.iter_mut(), &known, &mut d);
        assert_eq!((d.error_count(), d.warning_count()), (0, 1));
        assert!(procs[0].successor.is_some() && !abolished(&procs[0]));
    }

    #[test]
    fn the_hand_written_successor_wins_over_the_official_layers() {
        let mut d = Diagnostics::new();
        let mut p = proc("9.000003", "abolished", Some("9.000004"));
        p.successor = named("1.001193", Span::at("1.yaml", 3, 12), &mut d);
        let p = attached(p, &mut d);
        assert_eq!(p.successor.unwrap().code, "1.001193");
        assert!(named("1.0011", Span::file("1.yaml"), &mut d).is_none());
        assert_eq!(d.error_count(), 1);
    }
}
