//! The shape of the crate: every module of `src/` sits in one layer of the table in
//! ARCHITECTURE.md ("## Layers"), depends only on its own or lower layers, and the module graph
//! has no cycle. Dependencies are read from the source text: `use crate::…` (with `{…}` groups),
//! inline `crate::x::…` paths, `super::…` resolved against the file's place, and `congxa::…` in
//! the binary (`main.rs`). A file `src/a/b.rs` belongs to module `a` unless the table lists
//! `a/b`. `lib.rs` is the crate root (it only declares modules) and is not a module of the table.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::harness::repo;

/// One `use` or path naming another module of the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    from: String,
    to: String,
    /// `src/…:line` of the path.
    at: String,
}

/// The layer table: module → (layer number, layer name).
type Table = BTreeMap<String, (u32, String)>;

/// Reads the Markdown table under `## Layers`: `| <number> <name> | <modules> |`, modules
/// separated by commas, in backticks or not; a trailing `/` (a folder) and words in parentheses
/// (explanations) are ignored.
fn parse_table(markdown: &str) -> Result<Table, String> {
    let markdown = format!("\n{markdown}");
    let section = markdown
        .split("\n## ")
        .find(|s| s.starts_with("Layers"))
        .ok_or("ARCHITECTURE.md has no section `## Layers`")?;
    let mut table = Table::new();
    for row in section.lines().filter(|l| l.trim_start().starts_with('|')) {
        let cells: Vec<&str> = row.trim().trim_matches('|').split('|').collect();
        let [layer, modules] = cells[..] else {
            continue;
        };
        let layer = layer.trim();
        let digits: String = layer.chars().take_while(char::is_ascii_digit).collect();
        let Ok(n) = digits.parse::<u32>() else {
            continue; // the header and the `|---|` line
        };
        for m in split_modules(modules) {
            if let Some((before, _)) = table.insert(m.clone(), (n, layer.to_owned())) {
                return Err(format!(
                    "ARCHITECTURE.md, Layers: `{m}` is listed twice (layers {before} and {n})"
                ));
            }
        }
    }
    if table.is_empty() {
        return Err("ARCHITECTURE.md, Layers: the table lists no module".into());
    }
    Ok(table)
}

fn split_modules(cell: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0;
    for c in cell.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split(',')
        .map(|m| m.trim().trim_matches('`').trim_end_matches('/').to_owned())
        .filter(|m| !m.is_empty())
        .collect()
}

/// The module path of a file under `src/`: `x.rs` → [x], `a/mod.rs` → [a], `a/b.rs` → [a, b].
fn file_path(rel: &str) -> Vec<String> {
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The table's module for a module path: the longest listed prefix, else the top folder.
fn module_of(path: &[String], table: &Table) -> String {
    for n in (1..=path.len()).rev() {
        let name = path[..n].join("/");
        if table.contains_key(&name) {
            return name;
        }
    }
    path.first().cloned().unwrap_or_default()
}

/// The source with comments, string and character literals blanked (newlines kept), so that
/// a `crate::x` in a doc link or a message is not taken for a dependency.
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out: Vec<char> = b.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied();
        if b[i] == '/' && next == Some('/') {
            let end = (i..b.len()).find(|&j| b[j] == '\n').unwrap_or(b.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == '/' && next == Some('*') {
            let (mut j, mut depth) = (i + 2, 1);
            while j < b.len() && depth > 0 {
                if b[j] == '/' && b.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 1;
                } else if b[j] == '*' && b.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 1;
                }
                j += 1;
            }
            blank(&mut out, i, j);
            i = j;
        } else if b[i] == 'r' && (next == Some('"') || next == Some('#')) && word_start(&b, i) {
            let hashes = b[i + 1..].iter().take_while(|&&c| c == '#').count();
            if b.get(i + 1 + hashes) != Some(&'"') {
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let start = i + 2 + hashes;
            let rest: String = b[start..].iter().collect();
            let end = rest
                .find(&close)
                .map_or(b.len(), |k| start + rest[..k].chars().count() + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == '"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != '"' {
                j += if b[j] == '\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if b[i] == '\'' && (b.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal ('"', '\n', '\''); a lifetime ('a) has no closing quote.
            let from = if next == Some('\\') { i + 3 } else { i + 2 };
            let end = (from..b.len()).find(|&j| b[j] == '\'').unwrap_or(b.len());
            blank(&mut out, i, end + 1);
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// Whether a raw string's `r` at `i` starts a token (`r"…"`, `br"…"`), not ends a word.
fn word_start(b: &[char], i: usize) -> bool {
    let word = |k: usize| b[k].is_alphanumeric() || b[k] == '_';
    i == 0 || !word(i - 1) || (b[i - 1] == 'b' && (i == 1 || !word(i - 2)))
}

fn ident_at(c: &[char], mut i: usize) -> (String, usize) {
    let start = i;
    while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
        i += 1;
    }
    (c[start..i].iter().collect(), i)
}

fn skip_ws(c: &[char], mut i: usize) -> usize {
    while i < c.len() && c[i].is_whitespace() {
        i += 1;
    }
    i
}

/// The paths of a use tree starting at `i` (after `prefix::`), each with the position of its
/// first segment: `a::b`, `{a, b::{c, d}}`, `a::*`, `a as b`.
fn use_tree(c: &[char], i: usize, prefix: &[String], out: &mut Vec<(Vec<String>, usize)>) {
    let i = skip_ws(c, i);
    if c.get(i) == Some(&'{') {
        let mut j = i + 1;
        loop {
            j = skip_ws(c, j);
            match c.get(j) {
                None | Some('}') => return,
                Some(',') => j += 1,
                _ => {
                    use_tree(c, j, prefix, out);
                    // Skip this item to the next comma at this depth.
                    let mut depth = 0;
                    while let Some(&ch) = c.get(j) {
                        match ch {
                            '{' => depth += 1,
                            '}' if depth == 0 => break,
                            '}' => depth -= 1,
                            ',' if depth == 0 => break,
                            _ => {}
                        }
                        j += 1;
                    }
                }
            }
        }
    }
    let (name, end) = ident_at(c, i);
    if name.is_empty() {
        if !prefix.is_empty() {
            out.push((prefix.to_vec(), i));
        }
        return;
    }
    let mut path = prefix.to_vec();
    if name != "self" {
        path.push(name);
    }
    let after = skip_ws(c, end);
    if c.get(after) == Some(&':') && c.get(after + 1) == Some(&':') {
        use_tree(c, after + 2, &path, out);
    } else {
        out.push((path, i));
    }
}

/// How many inline `mod x { … }` blocks enclose each position.
fn inline_depths(c: &[char]) -> Vec<usize> {
    let mut depths = vec![0; c.len() + 1];
    let mut braces: Vec<bool> = Vec::new(); // true: this `{` opened an inline module
    // 0: nothing, 1: after `mod`, 2: after `mod name`.
    let mut state = 0;
    let mut i = 0;
    while i < c.len() {
        let inline = braces.iter().filter(|&&m| m).count();
        depths[i] = inline;
        let boundary = i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        if boundary && (c[i].is_alphabetic() || c[i] == '_') {
            let (word, end) = ident_at(c, i);
            state = match (word.as_str(), state) {
                ("mod", _) => 1,
                (_, 1) => 2,
                _ => 0,
            };
            for d in &mut depths[i..end] {
                *d = inline;
            }
            i = end;
            continue;
        }
        match c[i] {
            '{' => {
                braces.push(state == 2);
                state = 0;
            }
            '}' => {
                braces.pop();
            }
            ch if !ch.is_whitespace() => state = 0,
            _ => {}
        }
        i += 1;
    }
    depths
}

/// The modules of the crate one file depends on, with their lines.
fn file_edges(rel: &str, src: &str, table: &Table, macros: &Macros) -> Vec<Edge> {
    let here = file_path(rel);
    let from = module_of(&here, table);
    let code: Vec<char> = code_only(src).chars().collect();
    let depths = inline_depths(&code);
    let line_of = |pos: usize| code[..pos].iter().filter(|&&c| c == '\n').count() + 1;
    let roots: &[&str] = if rel == "main.rs" {
        &["crate", "congxa"]
    } else {
        &["crate"]
    };
    let mut found: Vec<(Vec<String>, usize)> = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let boundary = i == 0 || !(code[i - 1].is_alphanumeric() || code[i - 1] == '_');
        if !boundary || !code[i].is_alphabetic() {
            i += 1;
            continue;
        }
        let (word, end) = ident_at(&code, i);
        let sep = skip_ws(&code, end);
        let is_path = code.get(sep) == Some(&':') && code.get(sep + 1) == Some(&':');
        if is_path && roots.contains(&word.as_str()) {
            use_tree(&code, sep + 2, &[], &mut found);
        } else if is_path && word == "super" {
            // `super::super::…`: count the hops, then resolve above the enclosing modules.
            let (mut hops, mut j) = (1, sep + 2);
            loop {
                let k = skip_ws(&code, j);
                let (w, e) = ident_at(&code, k);
                let s = skip_ws(&code, e);
                if w == "super" && code.get(s) == Some(&':') && code.get(s + 1) == Some(&':') {
                    hops += 1;
                    j = s + 2;
                } else {
                    break;
                }
            }
            let inline = depths[i];
            if hops > inline {
                let up = hops - inline;
                let base = &here[..here.len().saturating_sub(up)];
                use_tree(&code, j, base, &mut found);
            }
            i = j;
            continue;
        }
        i = end;
    }
    let mut edges: Vec<Edge> = found
        .into_iter()
        .filter(|(path, _)| !path.is_empty())
        .map(|(path, pos)| Edge {
            from: from.clone(),
            to: macros
                .get(&path[0])
                .cloned()
                .unwrap_or_else(|| module_of(&path, table)),
            at: format!("src/{rel}:{}", line_of(pos)),
        })
        .filter(|e| e.to != e.from)
        .collect();
    edges.dedup();
    edges
}

/// `#[macro_export]` macros live at the crate root (`use crate::msg;`): name → defining module.
type Macros = BTreeMap<String, String>;

fn exported_macros(files: &[&(String, String)], table: &Table) -> Macros {
    let mut macros = Macros::new();
    for (rel, src) in files {
        let code = code_only(src);
        for (at, _) in code.match_indices("#[macro_export]") {
            let rest = &code[at..];
            if let Some(k) = rest.find("macro_rules!") {
                let chars: Vec<char> = rest[k + "macro_rules!".len()..].chars().collect();
                let (name, _) = ident_at(&chars, skip_ws(&chars, 0));
                macros.insert(name, module_of(&file_path(rel), table));
            }
        }
    }
    macros
}

/// Every problem of the crate's shape, in words; empty when it follows the table.
fn check(files: &[(String, String)], markdown: &str) -> Result<Vec<Edge>, Vec<String>> {
    let table = parse_table(markdown).map_err(|e| vec![e])?;
    let mut problems = Vec::new();
    let mut modules = BTreeSet::new();
    let mut edges = Vec::new();
    let mut files: Vec<&(String, String)> = files.iter().collect();
    files.sort();
    let macros = exported_macros(&files, &table);
    for (rel, src) in files {
        if rel == "lib.rs" {
            continue;
        }
        let m = module_of(&file_path(rel), &table);
        if !table.contains_key(&m) {
            problems.push(format!(
                "src/{rel}: module `{m}` is not in the layer table of ARCHITECTURE.md (## Layers); add it to the layer it belongs to"
            ));
        }
        modules.insert(m);
        edges.extend(file_edges(rel, src, &table, &macros));
    }
    for listed in table.keys().filter(|m| !modules.contains(*m)) {
        problems.push(format!(
            "ARCHITECTURE.md, Layers: `{listed}` is listed but there is no such module in src/"
        ));
    }
    for e in edges.iter().filter(|e| !modules.contains(&e.to)) {
        problems.push(format!(
            "{}: `{}` names no module of src/ (a path the checker cannot place)",
            e.at, e.to
        ));
    }
    for e in &edges {
        if let (Some((from, fname)), Some((to, tname))) = (table.get(&e.from), table.get(&e.to))
            && to > from
        {
            problems.push(format!(
                "{}: `{}` (layer {fname}) uses `{}` (layer {tname}), a higher layer",
                e.at, e.from, e.to
            ));
        }
    }
    problems.extend(cycles(&edges));
    if problems.is_empty() {
        Ok(edges)
    } else {
        Err(problems)
    }
}

/// One message per strongly connected group of modules: a cycle through it and the lines of
/// its edges.
fn cycles(edges: &[Edge]) -> Vec<String> {
    let mut graph: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for e in edges {
        graph
            .entry(&e.from)
            .or_default()
            .entry(&e.to)
            .or_insert(&e.at);
        graph.entry(&e.to).or_default();
    }
    let reach = |from: &str| -> BTreeSet<&str> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            for &m in graph[n].keys() {
                if seen.insert(m) {
                    stack.push(m);
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&str, BTreeSet<&str>> = graph.keys().map(|&n| (n, reach(n))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for &n in graph.keys() {
        if done.contains(n) || !reachable[n].contains(n) {
            continue;
        }
        let group: BTreeSet<&str> = reachable[n]
            .iter()
            .copied()
            .filter(|m| reachable[m].contains(n))
            .collect();
        done.extend(group.iter().copied());
        let path = shortest_cycle(n, &graph);
        let mut two_way = Vec::new();
        for (&a, tos) in &graph {
            for (&b, at) in tos {
                if a < b
                    && let Some(back) = graph[b].get(a)
                {
                    two_way.push(format!("{a} ↔ {b} ({at}, {back})"));
                }
            }
        }
        let mut lines = Vec::new();
        for (&a, tos) in &graph {
            for (&b, at) in tos {
                if group.contains(a) && group.contains(b) {
                    lines.push(format!("    {a} → {b}  ({at})"));
                }
            }
        }
        let two_way: Vec<String> = two_way
            .into_iter()
            .filter(|t| group.iter().any(|g| t.starts_with(&format!("{g} "))))
            .collect();
        out.push(format!(
            "module cycle: {}\n  two-way: {}\n  every edge inside the cycle:\n{}",
            path.join(" → "),
            if two_way.is_empty() {
                "none".to_owned()
            } else {
                two_way.join("; ")
            },
            lines.join("\n")
        ));
    }
    out
}

/// The shortest path from `start` back to itself (breadth first, in name order).
fn shortest_cycle<'a>(
    start: &'a str,
    graph: &BTreeMap<&'a str, BTreeMap<&'a str, &str>>,
) -> Vec<&'a str> {
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for &m in graph[n].keys() {
            if m == start {
                let mut path = vec![start];
                let mut at = n;
                while at != start {
                    path.push(at);
                    at = parent[at];
                }
                path.push(start);
                let last = path.len() - 1;
                path[1..last].reverse();
                return path;
            }
            if !parent.contains_key(m) {
                parent.insert(m, n);
                queue.push_back(m);
            }
        }
    }
    vec![start]
}

/// Every `.rs` file under `src/`, by path relative to it.
fn sources() -> Vec<(String, String)> {
    let src = repo().join("src");
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let e = e.unwrap();
        let path = e.path();
        if path.extension().is_some_and(|x| x == "rs") {
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, fs::read_to_string(path).unwrap()));
        }
    }
    files
}

fn architecture() -> String {
    fs::read_to_string(repo().join("ARCHITECTURE.md")).unwrap()
}

#[test]
#[ignore = "enabled when issue 14's refactor lands"]
fn src_modules_follow_the_layer_table_and_have_no_cycle() {
    if let Err(problems) = check(&sources(), &architecture()) {
        panic!("{}", problems.join("\n"));
    }
}

#[test]
fn layer_table_of_architecture_md_lists_every_module_of_src() {
    let table = parse_table(&architecture()).unwrap();
    let mut missing = Vec::new();
    for (rel, _) in sources() {
        let m = module_of(&file_path(&rel), &table);
        if rel != "lib.rs" && !table.contains_key(&m) {
            missing.push(format!("src/{rel} (module `{m}`)"));
        }
    }
    assert!(
        missing.is_empty(),
        "not in ARCHITECTURE.md's layer table: {missing:?}"
    );
    assert!(Path::new(&repo().join("src/lib.rs")).is_file());
}

// The checker itself, on small crates written here.

const TABLE: &str = "# x\n\n## Layers\n\n| layer | modules |\n|---|---|\n\
    | 0 foundation | `text`, `diag` (problems) |\n\
    | 1 model | `config`, `reach/gsm` |\n\
    | 2 render | `render/`, `reach` |\n\n## Next\n| 9 no | `ignored` |\n";

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn layer_table_is_read_from_its_section_only() {
    let t = parse_table(TABLE).unwrap();
    let names: Vec<&str> = t.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["config", "diag", "reach", "reach/gsm", "render", "text"]
    );
    assert_eq!(t["reach/gsm"].0, 1);
    assert_eq!(t["render"], (2, "2 render".to_owned()));
    assert!(parse_table("# no table\n").is_err());
    assert!(
        parse_table("## Layers\n| 0 a | `x` |\n| 1 b | `x` |\n")
            .unwrap_err()
            .contains("twice")
    );
}

#[test]
fn clean_graph_passes_and_yields_its_edges() {
    let crate_ = files(&[
        ("lib.rs", "pub mod text; pub mod diag; pub mod config;"),
        (
            "text.rs",
            "//! Uses nothing; a doc link [`crate::render`] is no edge.\nfn f() { let s = \"crate::render::x\"; let c = '\"'; }\n",
        ),
        (
            "diag.rs",
            "use crate::text::slug;\n#[macro_export]\nmacro_rules! msg { () => {} }\n",
        ),
        (
            "config.rs",
            "use crate::{diag::{self, Diagnostic},\n    text};\nfn g() { crate::text::nfc(\"\"); }\nuse crate::msg;\n",
        ),
        (
            "render/mod.rs",
            "mod page;\nuse crate::config::SiteConfig;\n",
        ),
        (
            "render/page.rs",
            "use super::helpers;\nuse crate::reach::gsm::Count;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    mod deeper { use super::super::*; }\n}\n",
        ),
        ("reach/mod.rs", "pub mod gsm;\nuse crate::render;\n"),
        ("reach/gsm.rs", "use super::super::text;\n"),
    ]);
    let edges = check(&crate_, TABLE).unwrap_or_else(|p| panic!("{p:#?}"));
    let mut got: Vec<String> = edges
        .iter()
        .map(|e| format!("{} {} {}", e.at, e.from, e.to))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "src/config.rs:1 config diag",
            "src/config.rs:2 config text",
            "src/config.rs:3 config text",
            "src/config.rs:4 config diag",
            "src/diag.rs:1 diag text",
            "src/reach/gsm.rs:1 reach/gsm text",
            "src/reach/mod.rs:2 reach render",
            "src/render/mod.rs:2 render config",
            "src/render/page.rs:2 render reach/gsm",
        ]
    );
}

#[test]
fn edge_to_a_higher_layer_is_named_with_its_line() {
    let crate_ = files(&[
        ("text.rs", "\n\nuse crate::{diag, render::Output};\n"),
        ("diag.rs", ""),
        ("config.rs", ""),
        ("render/mod.rs", ""),
        ("reach/mod.rs", ""),
        ("reach/gsm.rs", "fn f() { super::sms::send(); }\n"),
    ]);
    let problems = check(&crate_, TABLE).unwrap_err();
    assert_eq!(
        problems,
        [
            "src/reach/gsm.rs:1: `reach/gsm` (layer 1 model) uses `reach` (layer 2 render), a higher layer",
            "src/text.rs:3: `text` (layer 0 foundation) uses `render` (layer 2 render), a higher layer",
        ]
    );
}

#[test]
fn module_missing_from_the_table_and_stale_entries_fail() {
    let crate_ = files(&[
        ("text.rs", ""),
        ("diag.rs", ""),
        ("config.rs", ""),
        ("render/mod.rs", ""),
        ("reach/mod.rs", ""),
        ("dates.rs", "use crate::text;\nuse crate::nothing;\n"),
    ]);
    let problems = check(&crate_, TABLE).unwrap_err();
    assert_eq!(
        problems,
        [
            "src/dates.rs: module `dates` is not in the layer table of ARCHITECTURE.md (## Layers); add it to the layer it belongs to",
            "ARCHITECTURE.md, Layers: `reach/gsm` is listed but there is no such module in src/",
            "src/dates.rs:2: `nothing` names no module of src/ (a path the checker cannot place)",
        ]
    );
}

#[test]
fn cycle_is_printed_with_the_lines_of_its_edges() {
    let crate_ = files(&[
        ("text.rs", ""),
        ("diag.rs", "use crate::text;\n"),
        ("config.rs", "use crate::render::x;\n"),
        ("render/mod.rs", "use crate::reach::y;\n"),
        ("reach/mod.rs", "\nuse crate::render::z;\n"),
        ("reach/gsm.rs", ""),
    ]);
    let problems = check(&crate_, TABLE).unwrap_err();
    assert_eq!(
        problems,
        [
            "src/config.rs:1: `config` (layer 1 model) uses `render` (layer 2 render), a higher layer",
            "module cycle: reach → render → reach\n  two-way: reach ↔ render (src/reach/mod.rs:2, src/render/mod.rs:1)\n  every edge inside the cycle:\n    reach → render  (src/reach/mod.rs:2)\n    render → reach  (src/render/mod.rs:1)",
        ]
    );
}
