//! The list pages of procedures at catalog scale: the A–Z index, the field and life-event pages,
//! and the search page's A–Z list without script. With a dozen procedures each is one page; with
//! the national catalog (~700 at commune level, 100 in one field, 200 under one letter) one page
//! would weigh twice the 14 KB HTML budget. The split is decided here, in the plan, from the byte
//! lengths of titles and URLs ([`estimate`]), never by rendering twice: the index keeps its
//! life-event tiles and field list and gains a letter bar, each letter gets its own page
//! (`thu-tuc/a-z/dd/`), and a list still too long is cut into numbered pages (`trang-2/`).

use crate::items::Extra;
use crate::procedures::SiteProcedure;
use crate::project::Site;
use crate::text;
use crate::theme::Theme;

use super::{GroupJob, Job, PROC_DIR, Planned, SEARCH_DIR, Target, job, proc_url};

/// What the list part of one page may weigh, estimated gzip bytes: the HTML budget
/// (`weight::HTML_BUDGET`, 14 KB) less what the header, menu, footer, alerts, life-event tiles
/// and field list of a page take (about 6 KB on the demo sites).
pub const LIST_BUDGET: usize = 8 * 1024;

/// Raw bytes of one list item for every gzip byte it is assumed to take. Lists of the portal's
/// real commune-level names compress 5.6 to 9 times; 4 is the safety margin.
pub const RATIO: usize = 4;

/// Markup around one item (`<li><a href="../../">…</a></li>`), raw bytes.
const MARKUP: usize = 40;

/// Estimated gzip bytes of one list item made of `parts` (title, URL, description…).
pub fn estimate(parts: &[&str]) -> usize {
    (parts.iter().map(|p| p.len()).sum::<usize>() + MARKUP).div_ceil(RATIO)
}

/// Cuts a list of items of estimated weights `sizes` into consecutive pages of at most
/// `budget` each (an item heavier than the budget alone on its page), as even as the items
/// allow: the number of pages is the least that fits, and each page aims at an equal share.
pub fn split(sizes: &[usize], budget: usize) -> Vec<std::ops::Range<usize>> {
    let total: usize = sizes.iter().sum();
    if total <= budget {
        return std::iter::once(0..sizes.len()).collect();
    }
    let pages = total.div_ceil(budget);
    let mut out = Vec::new();
    let (mut start, mut sum, mut before) = (0, 0, 0);
    for (i, &s) in sizes.iter().enumerate() {
        // Cut where an item's middle passes the next equal share, or where it would not fit.
        let share = (out.len() + 1) * total / pages;
        let past_share = out.len() + 1 < pages && before + s / 2 > share;
        if i > start && (sum + s > budget || past_share) {
            out.push(start..i);
            (start, sum) = (i, 0);
        }
        sum += s;
        before += s;
    }
    out.push(start..sizes.len());
    out
}

/// The URL word of an A–Z letter: the way Telex types it (ă `aw`, â `aa`, đ `dd`, ê `ee`,
/// ô `oo`, ơ `ow`, ư `uw`), which every Vietnamese typist knows and which keeps each letter
/// apart from its base (`a`, `d`…).
pub fn letter_slug(letter: &str) -> String {
    match letter {
        "Ă" => "aw".into(),
        "Â" => "aa".into(),
        "Đ" => "dd".into(),
        "Ê" => "ee".into(),
        "Ô" => "oo".into(),
        "Ơ" => "ow".into(),
        "Ư" => "uw".into(),
        "0–9" => "0-9".into(),
        "#" => "khac".into(),
        l => {
            let s = text::slugify(l);
            if s.is_empty() {
                l.chars().map(|c| format!("u{:x}", c as u32)).collect()
            } else {
                s
            }
        }
    }
}

/// Items grouped by their A–Z letter, letters in the order of their first item (the items come
/// in Vietnamese order, so the letters do too: A, Ă, Â, B, C, D, Đ…).
pub fn by_letter<T>(items: impl IntoIterator<Item = (String, T)>) -> Vec<(String, Vec<T>)> {
    let mut out: Vec<(String, Vec<T>)> = Vec::new();
    for (title, it) in items {
        let letter = text::index_letter(&title);
        match out.iter_mut().find(|(l, _)| *l == letter) {
            Some((_, v)) => v.push(it),
            None => out.push((letter, vec![it])),
        }
    }
    out
}

/// Which of a list's numbered pages a job renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// From 0.
    pub index: usize,
    /// How many pages the list has (1 when it is not split).
    pub count: usize,
    /// URL of the list's first page; page `k` (from 1) is [`Part::url`].
    pub first_url: String,
}

impl Part {
    /// The only page of a list.
    pub fn single(url: &str) -> Part {
        Part {
            index: 0,
            count: 1,
            first_url: url.to_owned(),
        }
    }

    /// URL of page `index` (from 0): the first page's URL, then `trang-2/`, `trang-3/`… below it.
    pub fn url(&self, index: usize) -> String {
        if index == 0 {
            self.first_url.clone()
        } else {
            format!("{}trang-{}/", self.first_url, index + 1)
        }
    }
}

/// A letter and the URL of its first page, for the letter bars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterLink {
    /// "Đ".
    pub letter: String,
    /// `thu-tuc/a-z/dd/`.
    pub url: String,
}

/// The letter bars of a site whose lists are split; empty when they are not.
#[derive(Debug, Default)]
pub struct Bars {
    /// Letters of the procedure index (`thu-tuc/a-z/<letter>/`).
    pub procedures: Vec<LetterLink>,
    /// Letters of the search page's list (`tim-kiem/a-z/<letter>/`).
    pub search: Vec<LetterLink>,
}

/// One page of procedures under one letter.
#[derive(Debug)]
pub struct LetterJob<'a> {
    /// "Đ".
    pub letter: String,
    /// Which page of the letter.
    pub part: Part,
    /// Its procedures, in Vietnamese order.
    pub members: Vec<&'a SiteProcedure>,
}

/// One entry of the search page's A–Z list: what the search index lists in the site's main
/// language (a test holds the two equal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Title.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// Kind label ("Thủ tục", "Thông báo", …).
    pub kind: String,
}

/// One page of the search page's A–Z list under one letter.
#[derive(Debug)]
pub struct SearchLetterJob {
    /// "Đ".
    pub letter: String,
    /// Which page of the letter.
    pub part: Part,
    /// Its entries.
    pub entries: Vec<Entry>,
}

/// URL of a letter's first page of procedures.
pub fn letter_url(letter: &str) -> String {
    format!("{PROC_DIR}/a-z/{}/", letter_slug(letter))
}

/// URL of a letter's first page in the search page's list.
pub fn search_letter_url(letter: &str) -> String {
    format!("{SEARCH_DIR}/a-z/{}/", letter_slug(letter))
}

fn procedure_size(p: &SiteProcedure) -> usize {
    estimate(&[&p.proc.raw.short_name, &proc_url(p)])
}

/// The index's letter pages when its whole A–Z list is over [`LIST_BUDGET`]; the letter bar
/// goes to `bars`. Nothing when it fits (the index then lists every procedure itself).
pub fn letter_jobs<'a>(site: &'a Site, bars: &mut Bars, jobs: &mut Vec<Planned<'a>>) {
    // The abolished procedures are listed apart, on the index itself.
    let in_force = || {
        site.procedures
            .iter()
            .filter(|p| !crate::procedures::successor::abolished(&p.proc))
    };
    let total: usize = in_force().map(procedure_size).sum();
    if total <= LIST_BUDGET {
        return;
    }
    let letters = by_letter(in_force().map(|p| (p.proc.raw.short_name.clone(), p)));
    for (letter, members) in letters {
        let first = letter_url(&letter);
        let sizes: Vec<usize> = members.iter().map(|p| procedure_size(p)).collect();
        let parts = split(&sizes, LIST_BUDGET);
        for (index, range) in parts.iter().enumerate() {
            let part = Part {
                index,
                count: parts.len(),
                first_url: first.clone(),
            };
            jobs.push(job(
                Target::page(&part.url(index)),
                Job::ProcedureLetter(LetterJob {
                    letter: letter.clone(),
                    part,
                    members: members[range.clone()].to_vec(),
                }),
            ));
        }
        bars.procedures.push(LetterLink { letter, url: first });
    }
}

/// A field's or life event's page, cut into numbered pages when its list (titles, URLs and
/// summaries) is over [`LIST_BUDGET`].
pub fn group_jobs<'a>(group: GroupJob<'a>, url: &str, jobs: &mut Vec<Planned<'a>>) {
    let sizes: Vec<usize> = group
        .members
        .iter()
        .map(|p| estimate(&[&p.proc.raw.short_name, &proc_url(p), &p.proc.raw.summary]))
        .collect();
    let parts = split(&sizes, LIST_BUDGET);
    for (index, range) in parts.iter().enumerate() {
        let part = Part {
            index,
            count: parts.len(),
            first_url: url.to_owned(),
        };
        let page = GroupJob {
            members: group.members[range.clone()].to_vec(),
            title: group.title.clone(),
            description: group.description.clone(),
            kind: group.kind,
            part: part.clone(),
        };
        jobs.push(job(
            Target::page(&part.url(index)),
            Job::ProcedureGroup(page),
        ));
    }
}

/// The entries of the search page's A–Z list, in Vietnamese order of titles: the home page,
/// the procedures, the pages in the site's main language and the digital team's hamlets.
pub fn search_entries(site: &Site, theme: &Theme, main_lang: &str) -> Vec<Entry> {
    let entry = |title: &str, url: String, kind: &str| Entry {
        title: title.to_owned(),
        url,
        kind: kind.to_owned(),
    };
    let mut out = vec![entry(&site.config.commune.name, String::new(), "Trang chủ")];
    for p in &site.procedures {
        let kind = if crate::procedures::successor::abolished(&p.proc) {
            "Thủ tục đã bãi bỏ"
        } else {
            "Thủ tục"
        };
        out.push(entry(&p.proc.raw.short_name, proc_url(p), kind));
    }
    for p in site.pages.iter().filter(|p| !p.is_index) {
        if p.lang.as_deref().is_some_and(|l| l != main_lang) {
            continue;
        }
        let kind = match &p.extra {
            Extra::Announcement(_) => "Thông báo",
            Extra::Event(_) => "Sự kiện",
            Extra::Document(_) => "Văn bản",
            Extra::Plain => "Trang",
        };
        out.push(entry(&p.title, p.path.clone(), kind));
    }
    if let Some(team) = &site.people.team {
        let strings = theme.i18n.get(main_lang).or_else(|| theme.i18n.get("vi"));
        let team_title = strings
            .and_then(|t| t.get("digital_team"))
            .map_or("Tổ công nghệ số cộng đồng", String::as_str);
        for h in &team.hamlets {
            let title = format!("{team_title}: {}", h.hamlet);
            out.push(entry(
                &title,
                format!("to-cong-nghe-so/#thon-{}", h.id),
                "Trang",
            ));
        }
    }
    out.sort_by(|a, b| text::collate(&a.title, &b.title).then_with(|| a.url.cmp(&b.url)));
    out
}

/// The search page's letter pages when its whole list is over [`LIST_BUDGET`]; the letter bar
/// goes to `bars`.
pub fn search_letter_jobs(
    site: &Site,
    theme: &Theme,
    main_lang: &str,
    bars: &mut Bars,
    jobs: &mut Vec<Planned<'_>>,
) {
    let entries = search_entries(site, theme, main_lang);
    let size = |e: &Entry| estimate(&[&e.title, &e.url, &e.kind]);
    if entries.iter().map(size).sum::<usize>() <= LIST_BUDGET {
        return;
    }
    let letters = by_letter(entries.into_iter().map(|e| (e.title.clone(), e)));
    for (letter, members) in letters {
        let first = search_letter_url(&letter);
        let sizes: Vec<usize> = members.iter().map(size).collect();
        let parts = split(&sizes, LIST_BUDGET);
        for (index, range) in parts.iter().enumerate() {
            let part = Part {
                index,
                count: parts.len(),
                first_url: first.clone(),
            };
            jobs.push(job(
                Target::page(&part.url(index)),
                Job::SearchLetter(SearchLetterJob {
                    letter: letter.clone(),
                    part,
                    entries: members[range.clone()].to_vec(),
                }),
            ));
        }
        bars.search.push(LetterLink { letter, url: first });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_within_the_budget_stays_one_page() {
        assert_eq!(
            split(&[100; 10], 1000),
            std::iter::once(0..10).collect::<Vec<_>>()
        );
        assert_eq!(split(&[], 1000), std::iter::once(0..0).collect::<Vec<_>>());
    }

    #[test]
    fn a_list_over_the_budget_is_cut_into_the_fewest_even_pages_each_within_it() {
        let sizes = vec![100; 25];
        let parts = split(&sizes, 1000);
        // 2,500 bytes need 3 pages of 1,000: cut evenly (8, 9, 8), not 10, 10, 5.
        assert_eq!(parts, [0..8, 8..17, 17..25]);
        let uneven: Vec<usize> = (0..200).map(|i| 20 + (i * 37) % 90).collect();
        let parts = split(&uneven, 1000);
        let total: usize = uneven.iter().sum();
        assert_eq!(parts.first().unwrap().start, 0);
        assert_eq!(parts.last().unwrap().end, uneven.len());
        for w in parts.windows(2) {
            assert_eq!(w[0].end, w[1].start, "pages follow each other");
        }
        for r in &parts {
            assert!(uneven[r.clone()].iter().sum::<usize>() <= 1000, "{r:?}");
        }
        assert!(parts.len() <= total.div_ceil(1000) + 1, "{}", parts.len());
    }

    #[test]
    fn an_item_heavier_than_the_budget_gets_a_page_of_its_own() {
        assert_eq!(split(&[10, 5000, 10], 1000), [0..1, 1..2, 2..3]);
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet_and_each_has_its_own_url_word() {
        let mut names = vec![
            "Ước tính",
            "Ơn nghĩa",
            "Ong mật",
            "Ô tô",
            "Ông bà",
            "Ê kíp",
            "Em bé",
            "Đăng ký",
            "Dạy nghề",
            "Cấp giấy",
            "Bảo trợ",
            "Âm nhạc",
            "Ăn uống",
            "An toàn",
            "Uống nước",
            "Đổi",
        ];
        names.sort_by(|a, b| text::collate(a, b));
        let letters: Vec<String> = by_letter(names.iter().map(|n| (n.to_string(), ())))
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(
            letters,
            [
                "A", "Ă", "Â", "B", "C", "D", "Đ", "E", "Ê", "O", "Ô", "Ơ", "U", "Ư"
            ]
        );
        let slugs: Vec<String> = letters.iter().map(|l| letter_slug(l)).collect();
        assert_eq!(
            slugs,
            [
                "a", "aw", "aa", "b", "c", "d", "dd", "e", "ee", "o", "oo", "ow", "u", "uw"
            ]
        );
        assert_eq!(letter_slug("0–9"), "0-9");
        assert_eq!(letter_slug("Ж"), "u416");
    }

    #[test]
    fn the_first_page_keeps_the_list_url_and_the_next_ones_are_numbered_below_it() {
        let part = Part::single("thu-tuc/a-z/dd/");
        assert_eq!(part.url(0), "thu-tuc/a-z/dd/");
        assert_eq!(part.url(2), "thu-tuc/a-z/dd/trang-3/");
    }
}
