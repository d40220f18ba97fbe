//! The lists of procedures: the A–Z index with the fields and life events (`thu-tuc/`), a
//! field's or life event's page, and, when the plan splits the A–Z lists
//! (`plan::lists`), each letter's pages of procedures and of the search page's list.

use crate::diag::Diagnostics;
use crate::plan::lists::{LetterJob, LetterLink, Part, SearchLetterJob};
use crate::plan::{
    GroupJob, GroupKind, PROC_DIR, SEARCH_DIR, Target, event_url, field_url, proc_url,
};
use crate::procedures::SiteProcedure;
use crate::text;
use crate::view::*;

use super::helpers::{Cx, PageSpec, Sink, TemplatePage, crumbs};

fn link(p: &SiteProcedure) -> Link {
    Link {
        title: p.proc.raw.short_name.clone(),
        url: proc_url(p),
    }
}

fn string(cx: &Cx<'_>, key: &str) -> String {
    cx.t.get(key).cloned().unwrap_or_default()
}

/// Breadcrumbs of the pages under `thu-tuc/`: home, procedures.
fn proc_crumbs(cx: &Cx<'_>) -> Vec<Link> {
    let title = string(cx, "procedures");
    let url = format!("{PROC_DIR}/");
    crumbs(cx.t, Some((&title, &url)))
}

/// The field groups, in Vietnamese order.
fn field_groups(cx: &Cx<'_>) -> Vec<GroupLink> {
    cx.plan
        .procedures
        .fields
        .iter()
        .map(|(f, ps)| GroupLink {
            title: f.clone(),
            url: field_url(f),
            description: None,
            procedures: ps.iter().map(|p| link(p)).collect(),
        })
        .collect()
}

/// The life events that have procedures, in catalog order (the index and the home page).
pub fn life_event_groups(cx: &Cx<'_>) -> Vec<GroupLink> {
    cx.plan
        .procedures
        .life_events
        .iter()
        .map(|(e, ps)| GroupLink {
            title: e.name.clone(),
            url: event_url(&e.id),
            description: Some(e.description.clone()),
            procedures: ps.iter().map(|p| link(p)).collect(),
        })
        .collect()
}

/// The A–Z index, with the fields and life events: every procedure by letter, or the letter
/// bar alone when the plan gave each letter its pages.
pub fn index(cx: &Cx<'_>, at: &Target, sink: &mut Sink, diags: &mut Diagnostics) {
    let mut letters: Vec<LetterGroup> = Vec::new();
    let split = !cx.plan.bars.procedures.is_empty();
    let (abolished, in_force): (Vec<_>, Vec<_>) = cx
        .site
        .procedures
        .iter()
        .partition(|p| crate::procedures::successor::abolished(&p.proc));
    for p in in_force.into_iter().filter(|_| !split) {
        let letter = text::index_letter(&p.proc.raw.short_name);
        match letters.last_mut() {
            Some(g) if g.letter == letter => g.items.push(link(p)),
            _ => letters.push(LetterGroup {
                id: format!("chu-{}", text::slugify(&letter)),
                letter,
                items: vec![link(p)],
            }),
        }
    }
    let idx = ProceduresIndexView {
        letters,
        letter_pages: bar(&cx.plan.bars.procedures, None),
        fields: field_groups(cx),
        life_events: life_event_groups(cx),
        abolished: abolished.into_iter().map(link).collect(),
    };
    let title = cx.t.get("procedures").cloned().unwrap_or_default();
    let page = PageSpec {
        description: cx.t.get("procedures_description").cloned(),
        ..PageSpec::plain(&at.url, &title, "procedures", crumbs(cx.t, None))
    }
    .view(cx.site);
    let page = TemplatePage {
        template: "procedures.html",
        page,
        kinds: Kinds::Procedures(idx),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

/// A field's or life event's page.
pub fn group(cx: &Cx<'_>, at: &Target, g: &GroupJob<'_>, sink: &mut Sink, diags: &mut Diagnostics) {
    let view = GroupView {
        kind: match g.kind {
            GroupKind::Field => "field",
            GroupKind::LifeEvent => "life_event",
        }
        .to_owned(),
        description: g.description.clone(),
        procedures: g
            .members
            .iter()
            .map(|p| PageLink {
                title: p.proc.raw.short_name.clone(),
                url: proc_url(p),
                description: Some(p.proc.raw.summary.clone()),
                updated: None,
                lang: None,
            })
            .collect(),
        pager: pager(cx, &g.part),
    };
    let title = paged_title(cx, &g.title, &g.part);
    let page = PageSpec {
        description: g.description.clone(),
        ..PageSpec::plain(&at.url, &title, "group", proc_crumbs(cx))
    }
    .view(cx.site);
    let page = TemplatePage {
        template: "procedure_group.html",
        page,
        kinds: Kinds::Group(view),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

/// The letter bar, the letter `current` marked.
fn bar(links: &[LetterLink], current: Option<&str>) -> Vec<LetterLinkView> {
    links
        .iter()
        .map(|l| LetterLinkView {
            letter: l.letter.clone(),
            url: l.url.clone(),
            current: current == Some(l.letter.as_str()),
        })
        .collect()
}

/// The links between a list's numbered pages; `None` for a list of one page.
fn pager(cx: &Cx<'_>, part: &Part) -> Option<PagerView> {
    (part.count > 1).then(|| PagerView {
        label: format!("{} {}/{}", string(cx, "page"), part.index + 1, part.count),
        prev: (part.index > 0).then(|| part.url(part.index - 1)),
        next: (part.index + 1 < part.count).then(|| part.url(part.index + 1)),
        pages: (0..part.count)
            .map(|i| PagerPage {
                number: i + 1,
                url: part.url(i),
                current: i == part.index,
            })
            .collect(),
    })
}

/// "Title (trang 2/3)" on every page of a list of several (each page its own title in a
/// browser tab or a search result), the title alone otherwise.
fn paged_title(cx: &Cx<'_>, title: &str, part: &Part) -> String {
    if part.count > 1 {
        let page = string(cx, "page").to_lowercase();
        format!("{title} ({page} {}/{})", part.index + 1, part.count)
    } else {
        title.to_owned()
    }
}

/// One letter's page of procedures.
pub fn letter(
    cx: &Cx<'_>,
    at: &Target,
    j: &LetterJob<'_>,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let view = LetterView {
        letter: j.letter.clone(),
        letters: bar(&cx.plan.bars.procedures, Some(&j.letter)),
        items: j
            .members
            .iter()
            .map(|p| LetterItem {
                t: p.proc.raw.short_name.clone(),
                u: proc_url(p),
                k: None,
            })
            .collect(),
        pager: pager(cx, &j.part),
        back: Link {
            title: string(cx, "all_procedures"),
            url: format!("{PROC_DIR}/"),
        },
    };
    let title = format!("{} {}", string(cx, "procedures_letter"), j.letter);
    let title = paged_title(cx, &title, &j.part);
    let page = PageSpec::plain(&at.url, &title, "letter", proc_crumbs(cx)).view(cx.site);
    let page = TemplatePage {
        template: "letter.html",
        page,
        kinds: Kinds::Letter(view),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

/// One letter's page of the search page's list without script.
pub fn search_letter(
    cx: &Cx<'_>,
    at: &Target,
    j: &SearchLetterJob,
    sink: &mut Sink,
    diags: &mut Diagnostics,
) {
    let search = cx.t.get("search").map_or("Tìm kiếm", String::as_str);
    let view = LetterView {
        letter: j.letter.clone(),
        letters: bar(&cx.plan.bars.search, Some(&j.letter)),
        items: j
            .entries
            .iter()
            .map(|e| LetterItem {
                t: e.title.clone(),
                u: e.url.clone(),
                k: Some(e.kind.clone()),
            })
            .collect(),
        pager: pager(cx, &j.part),
        back: Link {
            title: search.to_owned(),
            url: format!("{SEARCH_DIR}/"),
        },
    };
    let title = format!("{} {}", string(cx, "search_letter"), j.letter);
    let title = paged_title(cx, &title, &j.part);
    let url = format!("{SEARCH_DIR}/");
    let crumbs = crumbs(cx.t, Some((search, &url)));
    let page = PageSpec::plain(&at.url, &title, "letter", crumbs).view(cx.site);
    let page = TemplatePage {
        template: "letter.html",
        page,
        kinds: Kinds::Letter(view),
        lang: cx.plan.main_lang.clone(),
    };
    sink.page(cx, at, page, diags);
}

/// The search page's letter bar when the plan split its list (empty otherwise).
pub fn search_bar(cx: &Cx<'_>) -> Vec<LetterLinkView> {
    bar(&cx.plan.bars.search, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::demo;
    use crate::plan::{Job, lists};
    use crate::project::Site;
    use crate::weight::{HTML_BUDGET, gzip_len};

    const FIRST: [&str; 12] = [
        "Cấp",
        "Đăng ký",
        "Hỗ trợ",
        "Giải quyết",
        "Xác nhận",
        "Giao",
        "Công nhận",
        "Điều chỉnh",
        "Chấp thuận",
        "Thực hiện",
        "Thu hồi",
        "Đính chính",
    ];
    const OBJECTS: [&str; 8] = [
        "giấy chứng nhận quyền sử dụng đất",
        "trợ cấp xã hội hằng tháng",
        "giấy phép xây dựng nhà ở riêng lẻ",
        "đăng ký tàu cá",
        "hộ cận nghèo",
        "kinh phí hỗ trợ học tập",
        "việc nuôi con nuôi trong nước",
        "biển hiệu quảng cáo",
    ];
    const MORE: [&str; 6] = [
        "đối với trường hợp đã có giấy tờ về quyền sử dụng đất",
        "cho hộ gia đình, cá nhân ở khu vực biên giới, hải đảo",
        "thuộc thẩm quyền của Ủy ban nhân dân cấp xã",
        "khi có thay đổi về diện tích tăng thêm",
        "của người Việt Nam định cư ở nước ngoài",
        "mà không thuộc diện phải nộp lại hồ sơ",
    ];

    /// `site` with `n` procedures made from its own: names of the portal's lengths (40 to 240
    /// characters) and first words, a large field of one in seven, life events as the demo's.
    fn at_scale(mut site: Site, n: usize) -> Site {
        let models = site.procedures.clone();
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: usize| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((x >> 33) as usize) % m
        };
        site.procedures = (0..n)
            .map(|i| {
                let mut p = models[i % models.len()].clone();
                let want = 40 + next(200);
                let mut name = format!("{} {}", FIRST[next(FIRST.len())], OBJECTS[next(8)]);
                while name.chars().count() < want {
                    name = format!("{name} {}", MORE[next(MORE.len())]);
                }
                p.proc.code = format!("7.2{i:05}");
                p.proc.slug = text::slugify(&format!("{} {}", FIRST[i % 12], p.proc.code));
                p.proc.raw.short_name = format!("{name} ({})", i + 1);
                p.proc.raw.field = if i % 7 == 0 {
                    "Đất đai".into()
                } else {
                    format!("Lĩnh vực {}", i % 23)
                };
                p
            })
            .collect();
        site.procedures
            .sort_by(|a, b| text::collate(&a.proc.raw.short_name, &b.proc.raw.short_name));
        site
    }

    #[test]
    fn at_700_procedures_every_list_page_is_within_the_html_budget_and_lists_each_procedure_once() {
        demo(|site, theme, now| {
            if site.config.folder != "phuong-cam-thanh" {
                return;
            }
            let site = &at_scale(site, 700);
            let mut plan = crate::plan::plan(site, theme, now);
            plan.jobs.retain(|j| {
                matches!(
                    j.job,
                    Job::ProcedureIndex
                        | Job::ProcedureGroup(_)
                        | Job::ProcedureLetter(_)
                        | Job::Search
                        | Job::SearchLetter(_)
                )
            });
            let mut diags = Diagnostics::new();
            let input = crate::render::RenderInput { site, theme, now };
            let outputs = crate::render::render(&plan, &input, &mut diags);
            assert!(
                !diags.has_errors(),
                "{}",
                diags.render(crate::diag::Lang::En)
            );
            let html = |prefix: &str| -> Vec<(&str, String)> {
                outputs
                    .iter()
                    .filter(|o| o.path.starts_with(prefix))
                    .map(|o| {
                        (
                            o.path.as_str(),
                            String::from_utf8_lossy(&o.bytes).into_owned(),
                        )
                    })
                    .collect()
            };
            let letters = html("thu-tuc/a-z/");
            // Six first letters (C, Đ, G, H, T, X), some over a page.
            assert!(letters.len() > 6, "{} letter pages", letters.len());
            assert!(
                letters
                    .iter()
                    .any(|(p, _)| *p == "thu-tuc/a-z/dd/index.html")
            );
            assert!(
                letters
                    .iter()
                    .any(|(p, _)| p.ends_with("/trang-2/index.html"))
            );
            let field = html("thu-tuc/linh-vuc/dat-dai/");
            assert!(field.len() >= 2, "the field of 100 is cut into pages");
            for o in &outputs {
                let gz = gzip_len(&o.bytes);
                assert!(gz <= HTML_BUDGET, "{}: {gz} bytes gzip", o.path);
            }
            // The index keeps the letter bar, not the list; each procedure is on one letter page
            // of the index and on one of the search page's list.
            let index = &html("thu-tuc/index.html")[0].1;
            assert!(index.contains("href=\"../thu-tuc/a-z/dd/\""), "{index}");
            let search = html("tim-kiem/a-z/");
            for p in &site.procedures {
                let href = format!("thu-tuc/{}/\"", p.proc.slug);
                assert!(!index.contains(&href), "{href} listed on the index itself");
                for pages in [&letters, &search] {
                    let on = pages.iter().filter(|(_, h)| h.contains(&href)).count();
                    assert_eq!(on, 1, "{href}");
                }
            }
            // The estimate's premise, against the real gzip size: a list of a page compresses
            // at least `RATIO` times.
            for (path, h) in letters.iter().chain(&search) {
                let start = h.find("<ul class=\"plain\">").expect("a list");
                let list = &h[start..start + h[start..].find("</ul>").expect("its end")];
                if list.matches("<li>").count() >= 20 {
                    let gz = gzip_len(list.as_bytes());
                    assert!(
                        gz * lists::RATIO <= list.len(),
                        "{path}: {gz} of {}",
                        list.len()
                    );
                }
            }
            let page2 = &html("thu-tuc/linh-vuc/dat-dai/trang-2/index.html")[0].1;
            assert!(page2.contains("<title>Đất đai (trang 2/"), "{page2}");
            assert!(page2.contains("aria-current=\"page\">2</a>"), "{page2}");
        });
    }

    #[test]
    fn the_demo_lists_stay_one_page_each() {
        demo(|site, theme, now| {
            let plan = crate::plan::plan(&site, theme, now);
            assert!(plan.bars.procedures.is_empty() && plan.bars.search.is_empty());
            assert!(plan.jobs.iter().all(|j| match &j.job {
                Job::ProcedureGroup(g) => g.part.count == 1,
                Job::ProcedureLetter(_) | Job::SearchLetter(_) => false,
                _ => true,
            }));
        });
    }

    #[test]
    fn the_search_pages_letters_list_what_the_search_index_lists() {
        demo(|site, theme, _| {
            let lang = site.config.languages[0].clone();
            let entries = lists::search_entries(&site, theme, &lang);
            let t = &theme.i18n[&lang];
            let team_title = t
                .get("digital_team")
                .map(String::as_str)
                .unwrap_or_default();
            let extras = crate::search::Extras {
                formers: &[],
                team: site.people.team.as_ref().map(|team| {
                    let hamlets = team
                        .hamlets
                        .iter()
                        .map(|h| (h.hamlet.as_str(), format!("thon-{}", h.id)))
                        .collect();
                    (team_title, hamlets)
                }),
            };
            let items: Vec<(String, String, String)> =
                crate::search::items(&site, &proc_url, &extras)
                    .into_iter()
                    .filter(|i| i.l.is_none())
                    .map(|i| (i.t, i.u, i.k))
                    .collect();
            let planned: Vec<(String, String, String)> = entries
                .into_iter()
                .map(|e| (e.title, e.url, e.kind))
                .collect();
            assert_eq!(planned, items, "{}", site.config.folder);
        });
    }
}
