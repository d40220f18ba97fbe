//! The search index as the script fetches it: one item table and one word shard per first
//! letter, so a query transfers the table and only the shards of its words' first letters.
//!
//! - `tim-kiem/index.json`: `{"v": version, "s": {key: shard version}, "i": [row…]}`, one row per item in Vietnamese order
//!   of titles (the row's position is its id): title `t`, URL `u`, kind `k`, snippet `s`, kind
//!   rank `r`, language `l`: what the script shows and what it ranks with besides the words.
//!   `u` is left out when it is what the script derives from the title (`thu-tuc/<slug of t>/`,
//!   see [`derived_url`]): at 700 procedures the URLs were a third of the table. Codes are not
//!   in it (the result list does not show them; they are words of the shards): another 15 %.
//! - `tim-kiem/w/<key>.json` for every key of [`KEYS`] (written even when empty, so the plan
//!   knows every file without the content): `{"v": its version, "w": {word: postings}}`, holding
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
//! Each shard carries its own version `v` (a hash of its words) and the table lists them all
//! (`"s": {key: version}`), with a version of its own over its rows and that list; the search
//! page asks for `index.json?v=<table version>` and each shard as `w/<key>.json?v=<its
//! version>`. An edit rewrites only the shards whose words changed (one catalog entry's new
//! word touches one shard, not 35), so a phone keeps the others in its cache. A browser that
//! kept an old table, then gets a shard whose version is not the one the table lists, fetches
//! the table again (under the shard's version, a URL no cache holds), so an old table never
//! ranks with new shards. The offline service worker keeps none of these files (it keeps pages
//! and `assets/`), so it cannot mix them either.
//!
//! One layout for every site, small or large: the script has one code path, and a demo site's
//! shards are a few hundred bytes each. The table of a site over [`TABLE_BUDGET_GZ`] (hundreds
//! of procedures) drops the procedures' snippets, as the single index did before; their words
//! all stay in the shards. `bench/search-payload` measures what each query transfers.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Item, RANK_PROCEDURE, tokens};
use crate::textfmt::json::compact as json;

use crate::plan::search_shard_path as shard_path;
pub use crate::plan::{SEARCH_INDEX as TABLE, SEARCH_KEYS as KEYS, search_paths as paths};

/// What the item table may weigh after gzip before procedures lose their snippets. A query
/// also fetches one shard per distinct first letter (1–4.5 KB each at 700 procedures; a long
/// query reads eight), and with the search page, its stylesheet and scripts (about 14 KB) it
/// must stay under 50 KB: at 700 procedures the snippets alone would be 8 KB more.
pub const TABLE_BUDGET_GZ: usize = 16 * 1024;

/// The shard in which the script looks up `word` (its first character), `None` for a word no
/// query token can be.
pub fn shard_key(word: &str) -> Option<char> {
    word.chars().next().filter(|c| KEYS.contains(*c))
}

/// The files of the index and the table's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    /// Hash of the table's rows and of every shard's version: the search page's link to the
    /// table carries it.
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
            .filter(|w| {
                shard_key(w).is_some()
                    && w.bytes().all(|b| KEYS.as_bytes().contains(&b) || b == b'.')
            })
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
    r: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    l: Option<&'a str>,
}

#[derive(Serialize)]
struct Table<'a> {
    v: &'a str,
    s: BTreeMap<char, &'a str>,
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
            s: if snippets || it.r != RANK_PROCEDURE {
                &it.s
            } else {
                ""
            },
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

/// Eight hex digits of the hash of `parts`: a version that changes with their bytes.
fn short_hash(parts: &[&str]) -> String {
    let mut h = crate::hash::Hasher::new();
    for p in parts {
        h.update(p);
    }
    crate::hash::hex(&h.finish()[..4])
}

/// The table and the shards of `items` (sorted as [`super::items`] sorts them).
pub fn files(items: &[Item]) -> Files {
    let mut rows = rows(items, true);
    if crate::weight::gzip_len(json(&rows).as_bytes()) > TABLE_BUDGET_GZ {
        rows = self::rows(items, false);
    }
    let shards = shards(items);
    let versions: BTreeMap<char, String> = shards
        .iter()
        .map(|(key, words)| (*key, short_hash(&[&json(words)])))
        .collect();
    let version = short_hash(&[&json(&rows), &json(&versions)]);
    let table = Table {
        v: &version,
        s: versions.iter().map(|(k, v)| (*k, v.as_str())).collect(),
        i: &rows,
    };
    let mut files = vec![(TABLE.to_owned(), json(&table).into_bytes())];
    for (key, words) in &shards {
        let v = &versions[key];
        files.push((shard_path(*key), json(&Shard { v, w: words }).into_bytes()));
    }
    Files { version, files }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Read = (serde_json::Value, BTreeMap<char, serde_json::Value>);

    /// The table and every shard, read back with serde_json; each shard has the version the
    /// table lists for it.
    fn read(files: &Files) -> Read {
        let parse = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).unwrap();
        let (path, table) = &files.files[0];
        assert_eq!(path, TABLE);
        let table = parse(table);
        assert_eq!(table["v"], files.version.as_str());
        let mut shards = BTreeMap::new();
        for ((path, bytes), key) in files.files[1..].iter().zip(KEYS.chars()) {
            assert_eq!(*path, shard_path(key));
            let shard = parse(bytes);
            assert_eq!(shard["v"], table["s"][key.to_string()], "{path}");
            shards.insert(key, shard["w"].clone());
        }
        assert_eq!(files.files.len(), paths().len());
        (table, shards)
    }

    /// The ids holding `word` in each field, decoded as the script decodes them.
    fn postings(shard: &serde_json::Value, word: &str) -> Vec<Vec<u64>> {
        let mut out = vec![Vec::new(); 4];
        for (f, list) in shard[word].as_array().into_iter().flatten().enumerate() {
            let mut id = 0;
            for d in list.as_array().unwrap() {
                id += d.as_u64().unwrap();
                out[f].push(id);
            }
        }
        out
    }

    fn item(t: &str, w: &str, b: &str, c: &str, u: Option<String>) -> Item {
        let u = u.unwrap_or_else(|| format!("thu-tuc/{}/", crate::text::slugify(t)));
        let (r, k) = (RANK_PROCEDURE, "Thủ tục".to_owned());
        Item {
            t: t.into(),
            u,
            k,
            s: String::new(),
            w: w.into(),
            b: b.into(),
            c: c.into(),
            r,
            l: None,
        }
    }

    const SYLLABLES: &[&str] = &[
        "đăng",
        "ký",
        "khai",
        "sinh",
        "kết",
        "hôn",
        "đất",
        "đai",
        "hộ",
        "nghèo",
        "cấp",
        "lại",
        "giấy",
        "phép",
        "xây",
        "dựng",
        "chứng",
        "thực",
        "bản",
        "sao",
        "trợ",
        "cấp",
        "ở",
        "y",
        "tế",
        "Quảng",
        "Ngãi",
        "26/11",
        "số",
        "12",
        "v.v.",
        "Ea",
        "H'Leo",
        "“Cờ”",
        "—",
        "zô",
    ];

    fn phrase() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(SYLLABLES), 0..8).prop_map(|w| w.join(" "))
    }

    fn folded() -> impl Strategy<Value = String> {
        phrase().prop_map(|p| tokens(&p).join(" "))
    }

    fn code() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            (1u8..10, 0u32..1_000_000).prop_map(|(a, b)| format!("{a}.{b:06}"))
        ]
    }

    fn items() -> impl Strategy<Value = Vec<Item>> {
        let one =
            (phrase(), folded(), folded(), code(), any::<bool>()).prop_map(|(t, w, b, c, own)| {
                let t = if t.is_empty() { "Trang".to_owned() } else { t };
                item(&t, &w, &b, &c, own.then(|| "thong-bao/x/".to_owned()))
            });
        prop::collection::vec(one, 1..40)
    }

    proptest! {
        #[test]
        fn every_word_of_every_item_is_in_exactly_the_shard_the_script_looks_in(items in items()) {
            let (table, shards) = read(&files(&items));
            for (id, it) in items.iter().enumerate() {
                let row = &table["i"][id];
                prop_assert_eq!(row["t"].as_str(), Some(it.t.as_str()));
                // The script's URL: `u` when given, else the one derived from the title.
                let url = row["u"].as_str().map(str::to_owned).or_else(|| derived_url(&it.t));
                prop_assert_eq!(url.as_deref(), Some(it.u.as_str()));
                for (f, words) in fields(it).iter().enumerate() {
                    for w in words {
                        // The script splits the query as `tokens` does and looks in the shard of
                        // the first letter of each query word.
                        let key = tokens(w).first().and_then(|q| q.chars().next());
                        prop_assert_eq!(key, w.chars().next());
                        let found = postings(&shards[&key.unwrap()], w);
                        prop_assert!(found[f].contains(&(id as u64)), "{} not in field {} of {}", w, f, id);
                        for (other, shard) in &shards {
                            prop_assert!(*other == key.unwrap() || shard.get(w).is_none(), "{} also in {}", w, other);
                        }
                    }
                }
            }
            // Nothing in the shards that no item holds.
            let all: BTreeSet<String> = items.iter().flat_map(|it| fields(it).into_iter().flatten()).collect();
            for shard in shards.values() {
                for w in shard.as_object().unwrap().keys() {
                    prop_assert!(all.contains(w), "{}", w);
                }
            }
        }
    }

    #[test]
    fn codes_are_words_whole_and_by_their_digits_and_each_word_keeps_its_heaviest_field() {
        let it = item(
            "Đăng ký khai sinh",
            "ho tich khai",
            "tre co giai",
            "1.001193",
            None,
        );
        assert_eq!(
            fields(&it),
            [
                vec!["dang".to_owned(), "ki".into(), "khai".into(), "sinh".into()],
                vec!["1.001193".into(), "001193".into()],
                vec!["ho".into(), "tich".into()],
                vec!["tre".into(), "co".into(), "giai".into()],
            ]
        );
        let (table, shards) = read(&files(&[it]));
        assert!(
            table["i"][0].get("u").is_none(),
            "the URL is the title's slug"
        );
        assert_eq!(postings(&shards[&'1'], "1.001193")[1], [0]);
        assert_eq!(postings(&shards[&'0'], "001193")[1], [0]);
        assert!(shards[&'1'].get("001193").is_none());
    }

    #[test]
    fn titles_the_script_cannot_fold_as_congxa_does_keep_their_url() {
        assert_eq!(
            derived_url("Đăng ký khai sinh").as_deref(),
            Some("thu-tuc/dang-ky-khai-sinh/")
        );
        assert_eq!(derived_url("Cờ “thi đua”"), None);
        assert_eq!(derived_url("Ea H\u{2019}Leo"), None);
        assert_eq!(derived_url("a\u{1dc4}b"), None);
    }

    /// A site of `n` procedures named from `SYLLABLES`, with summaries.
    fn catalog(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| {
                let pick = |k: usize| SYLLABLES[(i * 7 + k * 13) % SYLLABLES.len()];
                let t = format!("{} {} {} {} mẫu {i}", pick(0), pick(1), pick(2), pick(3));
                let mut it = item(
                    &t,
                    &tokens(pick(4)).join(" "),
                    &format!("ho so {}", i * 7919),
                    &format!("7.{i:06}"),
                    None,
                );
                // Pseudo-random letters, so the snippets compress like real text, not like a repeat.
                let mut x = (i as u64).wrapping_mul(6_364_136_223_846_793_005) | 1;
                let noise: String = (0..60)
                    .map(|_| {
                        x = x
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1_442_695_040_888_963_407);
                        char::from(b"abcdeghiklmnopqrstuv "[((x >> 33) % 21) as usize])
                    })
                    .collect();
                it.s = format!("Tóm tắt của thủ tục {i}: {noise}");
                it
            })
            .collect()
    }

    #[test]
    fn a_new_word_in_one_item_rewrites_the_table_and_that_words_shard_only() {
        let items = catalog(40);
        let before = files(&items);
        let mut changed = items.clone();
        changed[5].b.push_str(" zzmoi");
        let after = files(&changed);
        let differ: Vec<&str> = before
            .files
            .iter()
            .zip(&after.files)
            .filter(|(a, b)| a.1 != b.1)
            .map(|(a, _)| a.0.as_str())
            .collect();
        assert_eq!(differ, [TABLE, shard_path('z').as_str()]);
        assert_ne!(before.version, after.version);
        read(&after);
    }

    #[test]
    fn a_large_table_drops_procedure_snippets_and_the_version_follows_every_change() {
        let small = files(&catalog(12));
        let (table, _) = read(&small);
        assert!(table["i"][0]["s"].as_str().unwrap().starts_with("Tóm tắt"));
        let large_items = catalog(2000);
        let large = files(&large_items);
        let (table, shards) = read(&large);
        assert!(
            table["i"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r.get("s").is_none())
        );
        assert!(crate::weight::gzip_len(&large.files[0].1) <= TABLE_BUDGET_GZ);
        // Their words all stay: "7919 × 1999" is in the body of the last one.
        assert_eq!(
            postings(&shards[&'1'], &(1999 * 7919).to_string())[3],
            [1999]
        );
        let mut changed = large_items.clone();
        changed[5].b.push_str(" moi");
        assert_ne!(files(&changed).version, large.version);
        assert_eq!(files(&large_items), large, "byte-identical between runs");
    }
}
