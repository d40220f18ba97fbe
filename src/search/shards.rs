//! The search index as the script fetches it: one item table and one word shard per first
//! letter, so a query transfers the table and only the shards of its words' first letters.
//!
//! - `tim-kiem/index.json`: `{"v": version, "i": [row…]}`, one row per item in Vietnamese order
//!   of titles (the row's position is its id): title `t`, URL `u`, kind `k`, snippet `s`, code
//!   `c`, kind rank `r`, language `l`. `u` is left out when it is what the script derives from
//!   the title (`thu-tuc/<slug of t>/`, see [`derived_url`]): at 700 procedures the URLs were a
//!   third of the table.
//! - `tim-kiem/w/<key>.json` for every key of [`KEYS`] (written even when empty, so the plan
//!   knows every file without the content): `{"v": version, "w": {word: postings}}`, holding
//!   every folded word whose first character is `key`. `postings` lists the ids of the items
//!   holding the word by field — title, code, keywords, body, in that order; ids are
//!   delta-coded (first id, then differences) and trailing empty fields are left out:
//!   `"sinh": [[4, 9], [], [], [12]]` is items 4 and 13 by title and 25 by body.
//!
//! The script tolerates typos only within the shard of the word's first letter: "khia sinh"
//! finds "khai sinh", "jhai sinh" does not. Codes are words like any other ("1.001193" in
//! shard `1`, its digits "001193" in shard `0`) and typos never apply to words with digits, so
//! a full code still matches whole.
//!
//! Every file carries the same version `v` (a hash of the whole index) and the search page
//! asks for `index.json?v=<version>`: a browser that kept an old table under an old URL, then
//! fetches a new shard, sees two versions and reloads the table at the shard's version, so an
//! old table never ranks with new shards. The offline service worker keeps none of these files
//! (it keeps pages and `assets/`), so it cannot mix them either.
//!
//! One layout for every site, small or large: the script has one code path, and a demo site's
//! shards are a few hundred bytes each. The table of a site over [`TABLE_BUDGET_GZ`] (hundreds
//! of procedures) drops the procedures' snippets, as the single index did before; their words
//! all stay in the shards. `bench/search-payload` measures what each query transfers.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Item, RANK_PROCEDURE, tokens};
use crate::textfmt::json::compact as json;

pub use crate::plan::{SEARCH_INDEX as TABLE, SEARCH_KEYS as KEYS, search_paths as paths};
use crate::plan::search_shard_path as shard_path;

/// What the item table may weigh after gzip before procedures lose their snippets. A query
/// also fetches one shard per distinct first letter (about 3 KB each at 700 procedures), and
/// it must stay under 50 KB.
pub const TABLE_BUDGET_GZ: usize = 24 * 1024;

/// The shard in which the script looks up `word` (its first character), `None` for a word no
/// query token can be.
pub fn shard_key(word: &str) -> Option<char> {
    word.chars().next().filter(|c| KEYS.contains(*c))
}

/// The files of the index and their common version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    /// Hash of the whole index, in every file and in the search page's link to the table.
    pub version: String,
    /// `(path, bytes)`, in the order of [`paths`].
    pub files: Vec<(String, Vec<u8>)>,
}

/// The words of `it` by field (title, code, keywords, body), each word once, in the heaviest
/// field holding it, as the script weighs them.
pub fn fields(it: &Item) -> [Vec<String>; 4] {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut code = Vec::new();
    if !it.c.is_empty() {
        let c = it.c.to_lowercase();
        // "1.001193" is also found as "001193", the digits residents read off a form.
        let digits = c
            .split_once('.')
            .filter(|(head, _)| head.bytes().all(|b| b.is_ascii_digit()))
            .map(|(_, rest)| rest.to_owned());
        code.push(c);
        code.extend(digits);
    }
    let split = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
    let raw = [tokens(&it.t), code, split(&it.w), split(&it.b)];
    raw.map(|ws| {
        ws.into_iter()
            .filter(|w| shard_key(w).is_some() && w.bytes().all(|b| KEYS.as_bytes().contains(&b) || b == b'.'))
            .filter(|w| seen.insert(w.clone()))
            .collect()
    })
}

/// The URL the script derives from a title when the table leaves `u` out: `thu-tuc/<slug>/`.
/// Only for titles whose folding the script does exactly as `text::fold` (Latin letters with
/// the marks of U+0300–U+036F, and đ): anything else keeps its `u`.
pub fn derived_url(title: &str) -> Option<String> {
    let plain = title.chars().all(|c| {
        c.is_ascii()
            || ('\u{00c0}'..='\u{024f}').contains(&c)
            || ('\u{1e00}'..='\u{1eff}').contains(&c)
            || ('\u{0300}'..='\u{036f}').contains(&c)
    });
    (plain && crate::text::fold(title).is_ascii())
        .then(|| format!("{}/{}/", crate::plan::PROC_DIR, crate::text::slugify(title)))
}

#[derive(Serialize)]
struct Row<'a> {
    t: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<&'a str>,
    k: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    s: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    c: &'a str,
    r: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    l: Option<&'a str>,
}

#[derive(Serialize)]
struct Table<'a> {
    v: &'a str,
    i: &'a [Row<'a>],
}

type Words = BTreeMap<String, Vec<Vec<u32>>>;

#[derive(Serialize)]
struct Shard<'a> {
    v: &'a str,
    w: &'a Words,
}

fn rows(items: &[Item], snippets: bool) -> Vec<Row<'_>> {
    items
        .iter()
        .map(|it| Row {
            t: &it.t,
            u: (derived_url(&it.t).as_deref() != Some(it.u.as_str())).then_some(it.u.as_str()),
            k: &it.k,
            s: if snippets || it.r != RANK_PROCEDURE { &it.s } else { "" },
            c: &it.c,
            r: it.r,
            l: it.l.as_deref(),
        })
        .collect()
}

/// Word → postings, by shard key.
fn shards(items: &[Item]) -> BTreeMap<char, Words> {
    let mut ids: BTreeMap<String, [Vec<u32>; 4]> = BTreeMap::new();
    for (id, it) in items.iter().enumerate() {
        let id = u32::try_from(id).unwrap_or(u32::MAX);
        for (f, words) in fields(it).iter().enumerate() {
            for w in words {
                ids.entry(w.clone()).or_default()[f].push(id);
            }
        }
    }
    let mut out: BTreeMap<char, Words> = KEYS.chars().map(|k| (k, Words::new())).collect();
    for (word, lists) in ids {
        let mut coded: Vec<Vec<u32>> = lists
            .iter()
            .map(|l| {
                let mut prev = 0;
                l.iter()
                    .map(|&id| {
                        let d = id - prev;
                        prev = id;
                        d
                    })
                    .collect()
            })
            .collect();
        while coded.last().is_some_and(Vec::is_empty) {
            coded.pop();
        }
        if let Some(shard) = shard_key(&word).and_then(|k| out.get_mut(&k)) {
            shard.insert(word, coded);
        }
    }
    out
}

/// The table and the shards of `items` (sorted as [`super::items`] sorts them).
pub fn files(items: &[Item]) -> Files {
    let mut rows = rows(items, true);
    if crate::weight::gzip_len(json(&rows).as_bytes()) > TABLE_BUDGET_GZ {
        rows = self::rows(items, false);
    }
    let shards = shards(items);
    let mut h = crate::hash::Hasher::new();
    h.update(json(&rows));
    for words in shards.values() {
        h.update(json(words));
    }
    let version = crate::hash::hex(&h.finish()[..4]);
    let v = version.as_str();
    let mut files = vec![(TABLE.to_owned(), json(&Table { v, i: &rows }).into_bytes())];
    for (key, words) in &shards {
        files.push((shard_path(*key), json(&Shard { v, w: words }).into_bytes()));
    }
    Files { version, files }
}
