//! `congxa broadcast`: what a clerk sends today, in the terminal. Loads one site, takes its
//! broadcast list (`reach::broadcast`), keeps the items for an audience or hamlet changed since a
//! date, and prints them as text, CSV or JSON on stdout. Returns the exit code: 2 for a usage
//! error (a bad date, an unknown site, audience or hamlet), 1 when the site has errors.

use time::OffsetDateTime;

use crate::cli::{BroadcastArgs, BroadcastFormat};
use crate::diag::{Diagnostics, Lang, Msg};
use crate::msg;
use crate::project::Project;
use crate::reach::broadcast as list;

fn usage(m: &Msg, lang: Lang) -> u8 {
    eprintln!("{}", m.get(lang));
    2
}

/// The id `given` checked against the ids of a vocabulary of site.yaml (`key`: `audiences` or
/// `hamlets`): the usage error names the closest id and the file's list.
fn known(given: &str, ids: &[&str], flag: &str, key: &str) -> Result<(), Msg> {
    if ids.contains(&given) {
        return Ok(());
    }
    let all = if ids.is_empty() {
        "(không có / none)".to_owned()
    } else {
        ids.join(", ")
    };
    Err(match crate::text::closest(given, ids.iter().copied()) {
        Some(c) => msg!(
            "{flag} `{given}` không có trong `{key}` của site.yaml; có phải ý bạn là `{c}`? Các mã có: {all}",
            "{flag} `{given}` is not in `{key}` of site.yaml; did you mean `{c}`? Known ids: {all}"
        ),
        None => msg!(
            "{flag} `{given}` không có trong `{key}` của site.yaml. Các mã có: {all}",
            "{flag} `{given}` is not in `{key}` of site.yaml. Known ids: {all}"
        ),
    })
}

/// Runs the command with the clock `now` (what is still in force); returns the exit code.
pub fn run(a: &BroadcastArgs, now: OffsetDateTime, lang: Lang) -> u8 {
    let Ok(since) = crate::dates::parse_date(&a.since) else {
        let s = &a.since;
        return usage(
            &msg!(
                "--since `{s}` không phải một ngày; viết dạng năm-tháng-ngày, ví dụ 2026-11-20",
                "--since `{s}` is not a date; write YYYY-MM-DD, e.g. 2026-11-20"
            ),
            lang,
        );
    };
    if !a.root.join("sites").is_dir() {
        let root = a.root.display();
        return usage(
            &msg!(
                "không có thư mục sites/ trong `{root}`: đây không phải thư mục dự án congxa. Chỉ --root vào đúng thư mục.",
                "no sites/ folder in `{root}`: this is not a congxa project folder. Point --root at the right folder."
            ),
            lang,
        );
    }
    let project = Project::load(&a.root);
    let s = &a.site;
    let Some(cfg) = project.sites.get(s) else {
        if project.broken.contains(s) {
            eprint!("{}", project.diags.render(lang));
            return 1;
        }
        let names = project.sites.keys().map(String::as_str);
        return usage(
            &match crate::text::closest(s, names) {
                Some(c) => msg!(
                    "không có trang `{s}` trong sites/; có phải ý bạn là `{c}`?",
                    "no site `{s}` in sites/; did you mean `{c}`?"
                ),
                None => msg!(
                    "không có trang `{s}` trong sites/",
                    "no site `{s}` in sites/"
                ),
            },
            lang,
        );
    };
    fn ids(v: &[crate::config::VocabFile]) -> Vec<&str> {
        v.iter().map(|x| x.id.as_str()).collect()
    }
    let checked = match (&a.audience, &a.hamlet) {
        (Some(x), _) => known(x, &ids(&cfg.audiences), "--audience", "audiences"),
        (_, Some(x)) => known(x, &ids(&cfg.hamlets), "--hamlet", "hamlets"),
        _ => Ok(()),
    };
    if let Err(m) = checked {
        return usage(&m, lang);
    }
    let mut diags = Diagnostics::new();
    let site = crate::project::load_site(&project, cfg, now, &mut diags);
    let entries = list::entries(&site, now, &mut diags);
    if diags.has_errors() {
        eprint!("{}", diags.render(lang));
        return 1;
    }
    let group = a.audience.as_deref().or(a.hamlet.as_deref());
    let chosen = list::since(&list::for_audience(&entries, group), since);
    let out: Vec<u8> = match a.format {
        BroadcastFormat::Text => list::text(&chosen, lang).into_bytes(),
        BroadcastFormat::Csv => list::csv(&chosen),
        BroadcastFormat::Json => list::json(group, &chosen),
    };
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return 1;
    }
    0
}
