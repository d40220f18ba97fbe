//! Writes a form's values back into the existing file. Decap CMS sends the whole file as it
//! serialises it (its own quoting, no comments, keys in form order); writing that text would
//! turn every save into a diff of the whole file. Instead the VALUES are merged into the old
//! text: what did not change keeps its bytes, a changed scalar has only its own text replaced
//! (in the old quoting style where that re-reads to the new value), a new key goes after the key
//! that precedes it in the form's order at the map's indentation, a removed key loses its lines.
//!
//! Positions come from the project's YAML loader (`yaml`, serde-saphyr's spans); the result is
//! read back with the same loader and compared with the values sent, so a merge can never save
//! something other than what the clerk entered.
//!
//! A key sent as `null` or `""` counts as absent: Decap writes an emptied optional field that
//! way, and for every congxa schema an empty optional is the same as a missing one.

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::diag::Msg;
use crate::msg;
use crate::yaml::{self, Spanned};

/// Why a save could not be merged: the text sent or the file on disk is not valid YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    /// What went wrong.
    pub message: Msg,
    /// 1-based line in the text it concerns, 0 when unknown.
    pub line: u32,
}

/// A YAML value with the byte range of its text in the document it was read from.
#[derive(Debug, Clone)]
struct Node {
    value: Value,
    /// Byte offset where the value's text starts (the first key of a block map, `[` of a flow
    /// sequence, the opening quote of a quoted scalar).
    start: usize,
    /// Byte length of a scalar's text (unused for collections).
    len: usize,
}

#[derive(Debug, Clone)]
enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone)]
struct Key {
    name: String,
    start: usize,
    len: usize,
}

impl PartialEq for Value {
    /// Equality of values, not of their text.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits() || a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Seq(a), Value::Seq(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.value == y.value)
            }
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| {
                        b.iter()
                            .any(|(k2, v2)| k2.name == k.name && v2.value == v.value)
                    })
            }
            _ => false,
        }
    }
}

fn offsets<T>(s: &Spanned<T>) -> (usize, usize) {
    let span = s.referenced.span();
    (
        span.byte_offset().unwrap_or(0) as usize,
        span.byte_len().unwrap_or(0) as usize,
    )
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<Value>::deserialize(d)?;
        let (start, len) = offsets(&s);
        Ok(Node {
            value: s.value,
            start,
            len,
        })
    }
}

struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Str(s) => Ok(KeyText(s)),
            Value::Int(i) => Ok(KeyText(i.to_string())),
            Value::Bool(b) => Ok(KeyText(b.to_string())),
            Value::Float(f) => Ok(KeyText(f.to_string())),
            Value::Null => Ok(KeyText("null".to_owned())),
            _ => Err(de::Error::custom("a key must be text")),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            out.push(n);
        }
        Ok(Value::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Spanned<KeyText>>()? {
            let (start, len) = offsets(&k);
            let v = map.next_value::<Node>()?;
            out.push((
                Key {
                    name: k.value.0,
                    start,
                    len,
                },
                v,
            ));
        }
        Ok(Value::Map(out))
    }
}

fn parse(text: &str, which: &str) -> Result<Node, MergeError> {
    yaml::parse::<Node>(text, Path::new(which), 1).map_err(|d| {
        let (vi, en) = (&d.message.vi, &d.message.en);
        let (what_vi, what_en) = match which {
            "old" => ("tệp đang có", "the file on disk"),
            _ => ("nội dung gửi lên", "the text sent"),
        };
        MergeError {
            message: msg!(
                "không đọc được {what_vi}: {vi}",
                "cannot read {what_en}: {en}"
            ),
            line: d.span.line,
        }
    })
}

/// An empty optional (`null`, `""`) is the same as no key, recursively.
fn normalise(v: &Value) -> Value {
    match v {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .filter(|(_, n)| !is_empty_optional(&n.value))
                .map(|(k, n)| (k.clone(), renode(normalise(&n.value))))
                .collect(),
        ),
        Value::Seq(items) => {
            Value::Seq(items.iter().map(|n| renode(normalise(&n.value))).collect())
        }
        other => other.clone(),
    }
}

fn is_empty_optional(v: &Value) -> bool {
    matches!(v, Value::Null) || matches!(v, Value::Str(s) if s.is_empty())
}

fn renode(value: Value) -> Node {
    Node {
        value,
        start: 0,
        len: 0,
    }
}

/// Merges the values of `new_values` (a whole YAML document, as Decap serialises it) into `old`.
/// Unchanged values keep their bytes; the result always reads back to the values sent.
pub fn merge_yaml(old: &str, new_values: &str) -> Result<String, MergeError> {
    in_file_line_ends(old, new_values, merge_yaml_lf)
}

/// Runs `merge` on LF text without a byte-order mark and gives the result the old file's BOM
/// and line ends back (the loader accepts both; a save must not turn a CRLF file into a diff of
/// every line).
fn in_file_line_ends(
    old: &str,
    new: &str,
    merge: fn(&str, &str) -> Result<String, MergeError>,
) -> Result<String, MergeError> {
    let bom = old.starts_with('\u{feff}');
    let crlf = old.contains("\r\n");
    let lf = |t: &str| t.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let merged = merge(&lf(old), &lf(new))?;
    let merged = if crlf {
        merged.replace('\n', "\r\n")
    } else {
        merged
    };
    Ok(if bom {
        format!("\u{feff}{merged}")
    } else {
        merged
    })
}

fn merge_yaml_lf(old: &str, new_values: &str) -> Result<String, MergeError> {
    let new = normalise(&parse(new_values, "new")?.value);
    if old.trim().is_empty() || parse(old, "old").is_err() {
        return Ok(render_document(&new));
    }
    if let Some(merged) = merge_in_place(old, &new)? {
        return Ok(merged);
    }
    // Defensive: a layout the merge does not handle. The values win over the layout.
    let fresh = format!("{}{}", leading_comments(old), render_document(&new));
    if reads_back(&fresh, &new) {
        Ok(fresh)
    } else {
        Err(MergeError {
            message: msg!(
                "không ghi được các giá trị vào tệp YAML",
                "the values could not be written as YAML"
            ),
            line: 0,
        })
    }
}

/// The merge proper; `None` when its result would not read back to `new` (then the caller
/// rewrites the file from the values).
fn merge_in_place(old: &str, new: &Value) -> Result<Option<String>, MergeError> {
    let old_tree = parse(old, "old")?;
    let merged = Merger::new(old).document(&old_tree, new);
    Ok(reads_back(&merged, new).then_some(merged))
}

fn reads_back(text: &str, want: &Value) -> bool {
    parse(text, "merged").is_ok_and(|n| normalise(&n.value) == *want)
}

fn leading_comments(text: &str) -> String {
    text.split_inclusive('\n')
        .take_while(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        })
        .collect()
}

/// Merges a Markdown file with YAML front matter (`---` … `---`): front matter values as
/// [`merge_yaml`]; the body as sent, or the old body when only its final newlines differ.
pub fn merge_markdown(old: &str, new: &str) -> Result<String, MergeError> {
    in_file_line_ends(old, new, merge_markdown_lf)
}

fn merge_markdown_lf(old: &str, new: &str) -> Result<String, MergeError> {
    let (new_front, new_body) = split(new).ok_or_else(|| MergeError {
        message: msg!(
            "nội dung gửi lên thiếu phần khai báo đầu trang (`---`)",
            "the text sent has no front matter (`---`)"
        ),
        line: 1,
    })?;
    let Some((old_front, old_body)) = split(old) else {
        let front = merge_yaml_lf("", new_front)?;
        return Ok(format!("---\n{front}---\n{new_body}"));
    };
    let front = merge_yaml_lf(old_front, new_front)?;
    // The CMS may drop a blank line after `---` or the final newline: the same text is kept.
    let body = if old_body.trim() == new_body.trim() {
        old_body.to_owned()
    } else if old_body.ends_with('\n') && !new_body.ends_with('\n') {
        format!("{new_body}\n")
    } else {
        new_body.to_owned()
    };
    Ok(format!("---\n{front}---\n{body}"))
}

/// Front matter and body of `---\n<yaml>---\n<body>` (LF text).
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// A map keyed by an id that the CMS edits as a list: at `path` (map keys from the top; `*`
/// is every entry of a map), each `key: value` becomes an item `{id: key, ...value}`, or
/// `{id: key, value: scalar}` when the values are scalars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed {
    /// Where the map is.
    pub path: Vec<&'static str>,
    /// The item field that holds the key.
    pub id: &'static str,
    /// The item field that holds a scalar value.
    pub value: Option<&'static str>,
}

/// The file as the CMS edits it: the maps of `keyed` turned into lists (no comments; the save
/// merges the values back into the file).
pub fn keyed_to_lists(text: &str, keyed: &[Keyed]) -> Result<String, MergeError> {
    let mut v = parse(text, "old")?.value;
    let mut order: Vec<&Keyed> = keyed.iter().collect();
    order.sort_by_key(|k| std::cmp::Reverse(k.path.len()));
    for k in order {
        at_each(&mut v, &k.path, &mut |m| to_list(m, k));
    }
    Ok(render_document(&v))
}

/// The reverse of [`keyed_to_lists`] on the text the CMS sends.
pub fn lists_to_keyed(text: &str, keyed: &[Keyed]) -> Result<String, MergeError> {
    let mut v = parse(text, "new")?.value;
    let mut order: Vec<&Keyed> = keyed.iter().collect();
    order.sort_by_key(|k| k.path.len());
    for k in order {
        at_each(&mut v, &k.path, &mut |m| to_map(m, k));
    }
    Ok(render_document(&v))
}

fn at_each(v: &mut Value, path: &[&str], f: &mut dyn FnMut(&mut Value)) {
    let Some((first, rest)) = path.split_first() else {
        f(v);
        return;
    };
    if let Value::Map(m) = v {
        for (k, n) in m.iter_mut() {
            if *first == "*" || k.name == *first {
                at_each(&mut n.value, rest, f);
            }
        }
    }
}

fn key(name: &str) -> Key {
    Key {
        name: name.to_owned(),
        start: 0,
        len: 0,
    }
}

fn to_list(v: &mut Value, k: &Keyed) {
    let Value::Map(m) = v else { return };
    let items = m
        .drain(..)
        .map(|(name, n)| {
            let id = (key(k.id), renode(Value::Str(name.name)));
            let mut fields = vec![id];
            match (n.value, k.value) {
                (Value::Map(inner), _) => fields.extend(inner),
                (scalar, Some(field)) => fields.push((key(field), renode(scalar))),
                (other, None) => fields.push((key("value"), renode(other))),
            }
            renode(Value::Map(fields))
        })
        .collect();
    *v = Value::Seq(items);
}

fn to_map(v: &mut Value, k: &Keyed) {
    let Value::Seq(items) = v else { return };
    let entries = items
        .drain(..)
        .filter_map(|item| {
            let Value::Map(mut fields) = item.value else {
                return None;
            };
            let i = fields.iter().position(|(f, _)| f.name == k.id)?;
            let (_, id) = fields.remove(i);
            let name = match id.value {
                Value::Str(s) => s,
                Value::Int(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                _ => return None,
            };
            let value = match k.value {
                Some(field) => fields
                    .into_iter()
                    .find(|(f, _)| f.name == field)
                    .map_or(Value::Null, |(_, n)| n.value),
                None => Value::Map(fields),
            };
            Some((key(&name), renode(value)))
        })
        .collect();
    *v = Value::Map(entries);
}

/// One replacement of `text[start..end]`.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

struct Merger<'a> {
    src: &'a str,
    edits: Vec<Edit>,
}

impl<'a> Merger<'a> {
    fn new(src: &'a str) -> Self {
        Merger {
            src,
            edits: Vec::new(),
        }
    }

    fn document(mut self, old: &Node, new: &Value) -> String {
        let end = self.src.len();
        let body_end = self.content_end(old.start, end);
        if !self.merge_value(old, new) {
            // The document's top value changes kind: rewrite it after the header comments.
            let start = line_start(self.src, old.start);
            self.edits.push(Edit {
                start,
                end: body_end,
                text: render_document(new),
            });
        }
        self.apply()
    }

    fn apply(mut self) -> String {
        self.edits.sort_by_key(|e| e.start);
        let mut out = String::with_capacity(self.src.len());
        let mut at = 0;
        let needs_newline = !self.src.ends_with('\n');
        for e in &self.edits {
            out.push_str(&self.src[at..e.start.max(at)]);
            if e.start == self.src.len() && needs_newline && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&e.text);
            at = e.end.max(at);
        }
        out.push_str(&self.src[at..]);
        out
    }

    /// Merges in place where the old text's shape allows; false when the caller must rewrite
    /// the whole value.
    fn merge_value(&mut self, old: &Node, new: &Value) -> bool {
        if normalise(&old.value) == *new {
            return true;
        }
        let flow = matches!(self.src.as_bytes().get(old.start), Some(b'[' | b'{'));
        match (&old.value, new) {
            (Value::Map(o), Value::Map(n)) if !flow && !o.is_empty() && !n.is_empty() => {
                self.merge_map(o, n, indent_of(self.src, o[0].0.start));
                true
            }
            (Value::Seq(o), Value::Seq(n)) if !flow && !o.is_empty() && !n.is_empty() => {
                self.merge_seq(o, n);
                true
            }
            (Value::Seq(_), Value::Seq(n)) if flow && n.iter().all(|x| is_scalar(&x.value)) => {
                let end = flow_end(self.src, old.start);
                self.edits.push(Edit {
                    start: old.start,
                    end,
                    text: render_flow_seq(n),
                });
                true
            }
            (o, n) if is_scalar(o) && is_scalar(n) => {
                let old_text = &self.src[old.start..old.start + old.len];
                // A block scalar (`|`, `>`) spans lines; its value is rewritten as one scalar.
                if old_text.starts_with('|') || old_text.starts_with('>') || is_multiline(n) {
                    return false;
                }
                self.edits.push(Edit {
                    start: old.start,
                    end: old.start + old.len,
                    text: render_scalar(n, style_of(old_text)),
                });
                true
            }
            _ => false,
        }
    }

    fn merge_map(&mut self, old: &[(Key, Node)], new: &[(Key, Node)], indent: usize) {
        let dash_line = is_after_dash(self.src, old[0].0.start);
        let parent_end = self.region_end_of_map(old);
        let target = renames(old, new);
        let kept: Vec<bool> = target.iter().map(Option::is_some).collect();
        for (i, (k, v)) in old.iter().enumerate() {
            let next = old
                .get(i + 1)
                .map_or(parent_end, |(k2, _)| line_start(self.src, k2.start));
            let end = self.content_end(k.start, next);
            if !kept[i] {
                if i == 0 && dash_line {
                    // The first key shares its line with the item's `- `: the next kept key
                    // moves up to that line.
                    if let Some(j) = kept.iter().position(|&x| x) {
                        self.edits.push(Edit {
                            start: k.start,
                            end: old[j].0.start,
                            text: String::new(),
                        });
                    }
                } else if !(dash_line && kept[..i].iter().all(|&x| !x)) {
                    // Above the document's first key are the file's own header comments.
                    let header = i == 0 && indent == 0;
                    self.edits.push(Edit {
                        start: if header {
                            line_start(self.src, k.start)
                        } else {
                            attached_comments_start(self.src, k.start)
                        },
                        end,
                        text: String::new(),
                    });
                }
                continue;
            }
            let name = target[i].as_deref().unwrap_or_default();
            let (_, nv) = new.iter().find(|(n, _)| n.name == name).expect("kept");
            if name != k.name {
                let old_text = &self.src[k.start..k.start + k.len];
                self.edits.push(Edit {
                    start: k.start,
                    end: k.start + k.len,
                    text: render_scalar(&Value::Str(name.to_owned()), style_of(old_text)),
                });
            }
            if !self.merge_value(v, &nv.value) {
                let colon = value_start(self.src, k.start + k.len);
                self.edits.push(Edit {
                    start: colon,
                    end: end_without_newline(self.src, end),
                    text: render_entry_value(&nv.value, indent),
                });
            }
        }
        self.insert_new_keys(old, &target, new, indent, parent_end);
    }

    fn insert_new_keys(
        &mut self,
        old: &[(Key, Node)],
        target: &[Option<String>],
        new: &[(Key, Node)],
        indent: usize,
        parent_end: usize,
    ) {
        let mut after: Option<usize> = None; // index in old of the last kept key seen
        let mut pending_front = String::new();
        for (nk, nv) in new {
            if let Some(i) = target
                .iter()
                .position(|t| t.as_deref() == Some(nk.name.as_str()))
            {
                after = Some(i);
                continue;
            }
            let entry = render_entry(&nk.name, &nv.value, indent);
            match after {
                None => {
                    // Before the first old key, on its line: indentation follows the entry.
                    pending_front.push_str(entry.trim_start_matches(' '));
                    pending_front.push_str(&" ".repeat(indent));
                }
                Some(i) => {
                    let next = old
                        .get(i + 1)
                        .map_or(parent_end, |(k2, _)| line_start(self.src, k2.start));
                    let at = self.content_end(old[i].0.start, next);
                    self.edits.push(Edit {
                        start: at,
                        end: at,
                        text: entry,
                    });
                }
            }
        }
        if !pending_front.is_empty() {
            let at = old[0].0.start;
            self.edits.push(Edit {
                start: at,
                end: at,
                text: pending_front,
            });
        }
    }

    fn merge_seq(&mut self, old: &[Node], new: &[Node]) {
        let dashes: Vec<usize> = old.iter().map(|n| dash_before(self.src, n.start)).collect();
        let indent = indent_of(self.src, dashes[0]);
        let parent_end = self.region_end_after(dashes[dashes.len() - 1]);
        let item_end = |m: &Self, i: usize| {
            let next = dashes
                .get(i + 1)
                .map_or(parent_end, |&d| line_start(m.src, d));
            m.content_end(dashes[i], next)
        };
        let mut p = 0;
        while p < old.len() && p < new.len() && normalise(&old[p].value) == new[p].value {
            p += 1;
        }
        let mut s = 0;
        while s < old.len() - p
            && s < new.len() - p
            && normalise(&old[old.len() - 1 - s].value) == new[new.len() - 1 - s].value
        {
            s += 1;
        }
        let (om, nm) = (&old[p..old.len() - s], &new[p..new.len() - s]);
        let paired = om.len().min(nm.len());
        for (k, item) in nm.iter().enumerate().take(paired) {
            let i = p + k;
            if !self.merge_value(&old[i], &item.value) {
                let end = item_end(self, i);
                self.edits.push(Edit {
                    start: dashes[i] + 1,
                    end: end_without_newline(self.src, end),
                    text: render_item_value(&item.value, indent),
                });
            }
        }
        for k in paired..om.len() {
            let i = p + k;
            let end = item_end(self, i);
            self.edits.push(Edit {
                start: line_start(self.src, dashes[i]),
                end,
                text: String::new(),
            });
        }
        if nm.len() > paired {
            let at = if p + paired > 0 {
                item_end(self, p + paired - 1)
            } else {
                line_start(self.src, dashes[0])
            };
            let text: String = nm[paired..]
                .iter()
                .map(|n| render_item(&n.value, indent))
                .collect();
            self.edits.push(Edit {
                start: at,
                end: at,
                text,
            });
        }
    }

    /// Where the block that holds `old`'s keys ends.
    fn region_end_of_map(&self, old: &[(Key, Node)]) -> usize {
        let last = old[old.len() - 1].0.start;
        self.block_end(last, indent_of(self.src, old[0].0.start))
    }

    fn region_end_after(&self, last_dash: usize) -> usize {
        self.block_end(last_dash, indent_of(self.src, last_dash))
    }

    /// The start of the first line after the one holding `from` whose content is indented less
    /// than `col`, or at `col` without `- ` (YAML allows a key's sequence items at the key's own
    /// column, so those continue the block).
    fn block_end(&self, from: usize, col: usize) -> usize {
        let mut at = next_line(self.src, from);
        while at < self.src.len() {
            let line = line_at(self.src, at);
            let t = line.trim_start_matches(' ');
            let ind = line.len() - t.len();
            let blank = t.trim().is_empty() || t.starts_with('#');
            let dash = t.starts_with("- ") || t.trim_end() == "-";
            if !blank && (ind < col || (ind == col && !dash)) {
                return at;
            }
            at = next_line(self.src, at);
        }
        self.src.len()
    }

    /// The end (after its newline) of the last line between `start` and `limit` that is not
    /// blank and not a comment: trailing comments belong to what follows.
    fn content_end(&self, start: usize, limit: usize) -> usize {
        let mut end = next_line(self.src, start);
        let mut at = end;
        while at < limit {
            let line = line_at(self.src, at);
            let t = line.trim();
            let next = next_line(self.src, at);
            if !(t.is_empty() || t.starts_with('#')) {
                end = next;
            }
            at = next;
        }
        end
    }
}

/// For each old key, the new key it becomes: itself when the form still has it, else a key
/// new to the file whose value is the same (a procedure code corrected in the form: the entry
/// keeps its place and comments), else `None` (removed).
fn renames(old: &[(Key, Node)], new: &[(Key, Node)]) -> Vec<Option<String>> {
    let mut free: Vec<&(Key, Node)> = new
        .iter()
        .filter(|(n, _)| !old.iter().any(|(k, _)| k.name == n.name))
        .collect();
    old.iter()
        .map(|(k, v)| {
            if new.iter().any(|(n, _)| n.name == k.name) {
                return Some(k.name.clone());
            }
            let same = normalise(&v.value);
            let i = free.iter().position(|(_, n)| n.value == same)?;
            Some(free.remove(i).0.name.clone())
        })
        .collect()
}

/// Where the lines of the key at `key_start` begin once the comment lines right above it are
/// counted in: those at the key's own column with no blank line between describe that key and
/// go when it goes. A comment separated from the key by a blank line heads a section and
/// stays; a deeper-indented line is part of the value before it (a block scalar's text).
fn attached_comments_start(src: &str, key_start: usize) -> usize {
    let col = indent_of(src, key_start);
    let mut start = line_start(src, key_start);
    while start > 0 {
        let above = line_start(src, start - 1);
        let line = line_at(src, above);
        let text = line.trim_start_matches(' ');
        if line.len() - text.len() != col || !text.starts_with('#') {
            break;
        }
        start = above;
    }
    start
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Seq(_) | Value::Map(_))
}

fn line_start(src: &str, at: usize) -> usize {
    src[..at.min(src.len())].rfind('\n').map_or(0, |i| i + 1)
}

fn next_line(src: &str, at: usize) -> usize {
    src[at.min(src.len())..]
        .find('\n')
        .map_or(src.len(), |i| at + i + 1)
}

fn line_at(src: &str, at: usize) -> &str {
    let end = src[at..].find('\n').map_or(src.len(), |i| at + i);
    &src[at..end]
}

fn indent_of(src: &str, at: usize) -> usize {
    at - line_start(src, at)
}

fn end_without_newline(src: &str, end: usize) -> usize {
    if end > 0 && src.as_bytes().get(end - 1) == Some(&b'\n') {
        end - 1
    } else {
        end
    }
}

/// Whether only `- ` markers stand between the line start and `at`.
fn is_after_dash(src: &str, at: usize) -> bool {
    let before = &src[line_start(src, at)..at];
    before.contains('-') && before.chars().all(|c| c == ' ' || c == '-')
}

/// The `-` of the sequence item whose value starts at `at`.
fn dash_before(src: &str, at: usize) -> usize {
    if src.as_bytes().get(at) == Some(&b'-') && is_after_dash(src, at + 1) {
        return at;
    }
    let mut i = at;
    while i > 0 {
        i -= 1;
        if src.as_bytes()[i] == b'-' {
            return i;
        }
    }
    0
}

/// After `key:` (the key's text ends at `key_end`): the position just after the colon.
fn value_start(src: &str, key_end: usize) -> usize {
    src[key_end..]
        .find(':')
        .map_or(key_end, |i| key_end + i + 1)
}

/// The end of a flow collection starting at `start` (`[` or `{`), past its closing bracket.
fn flow_end(src: &str, start: usize) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = src[start..].char_indices();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return start + i + 1;
                }
            }
            _ => {}
        }
    }
    src.len()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

fn style_of(text: &str) -> Style {
    match text.as_bytes().first() {
        Some(b'"') => Style::Double,
        Some(b'\'') => Style::Single,
        _ => Style::Plain,
    }
}

/// A scalar's text, in `style` when that reads back to the same value, else double-quoted.
fn render_scalar(v: &Value, style: Style) -> String {
    match v {
        Value::Str(s) => {
            let candidates = [
                (Style::Plain, s.clone()),
                (Style::Single, format!("'{}'", s.replace('\'', "''"))),
            ];
            for (st, text) in candidates {
                if st == style && !s.contains('\n') && reads_as(&text, v) {
                    return text;
                }
            }
            double_quoted(s)
        }
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => {
            let t = format!("{f:?}");
            if reads_as(&t, v) {
                t
            } else {
                double_quoted(&t)
            }
        }
        // Collections are written as blocks by the callers; were one to come here, the read-back
        // check would refuse the result.
        Value::Seq(_) | Value::Map(_) => "null".to_owned(),
    }
}

fn reads_as(text: &str, v: &Value) -> bool {
    yaml::parse::<Node>(&format!("k: {text}\n"), Path::new("k"), 1)
        .ok()
        .is_some_and(|n| match n.value {
            Value::Map(m) => m.len() == 1 && m[0].1.value == *v,
            _ => false,
        })
}

pub(super) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20
                || c == '\u{7f}'
                || c == '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}'
                || c == '\u{feff}' =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The default text of a new scalar: ids and numbers plain, other text double-quoted as in the
/// demo files.
fn render_new_scalar(v: &Value) -> String {
    match v {
        Value::Str(s)
            if s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                })
                && reads_as(s, v) =>
        {
            s.clone()
        }
        _ => render_scalar(v, Style::Double),
    }
}

fn render_flow_seq(items: &[Node]) -> String {
    let parts: Vec<String> = items.iter().map(|n| render_new_scalar(&n.value)).collect();
    format!("[{}]", parts.join(", "))
}

fn render_document(v: &Value) -> String {
    match v {
        Value::Map(m) if !m.is_empty() => m
            .iter()
            .map(|(k, n)| render_entry(&k.name, &n.value, 0))
            .collect(),
        Value::Seq(s) if !s.is_empty() => s.iter().map(|n| render_item(&n.value, 0)).collect(),
        other => format!("{}\n", render_inline(other)),
    }
}

fn render_inline(v: &Value) -> String {
    match v {
        Value::Map(_) => "{}".to_owned(),
        Value::Seq(_) => "[]".to_owned(),
        s => render_new_scalar(s),
    }
}

fn render_key(k: &str) -> String {
    render_new_scalar(&Value::Str(k.to_owned()))
}

/// `key: value\n` (or `key:\n` and an indented block) at `indent`.
fn render_entry(key: &str, v: &Value, indent: usize) -> String {
    format!(
        "{}{}:{}\n",
        " ".repeat(indent),
        render_key(key),
        render_entry_value(v, indent)
    )
}

/// What follows `key:` (no final newline): ` scalar`, or the block on the next lines.
fn render_entry_value(v: &Value, indent: usize) -> String {
    match v {
        Value::Map(m) if !m.is_empty() => {
            let block: String = m
                .iter()
                .map(|(k, n)| render_entry(&k.name, &n.value, indent + 2))
                .collect();
            format!("\n{}", block.trim_end_matches('\n'))
        }
        Value::Seq(s) if !s.is_empty() => {
            let block: String = s
                .iter()
                .map(|n| render_item(&n.value, indent + 2))
                .collect();
            format!("\n{}", block.trim_end_matches('\n'))
        }
        other => format!(" {}", block_or_inline(other, indent)),
    }
}

fn is_multiline(v: &Value) -> bool {
    matches!(v, Value::Str(s) if s.contains('\n'))
}

/// A text of several lines as a literal block (`|` / `|-`) whose lines are indented
/// `indent + 2`, when that reads back to the same text; other values inline.
fn block_or_inline(v: &Value, indent: usize) -> String {
    match v {
        Value::Str(s) if is_multiline(v) => {
            literal_block(s, indent).unwrap_or_else(|| render_inline(v))
        }
        other => render_inline(other),
    }
}

fn literal_block(s: &str, indent: usize) -> Option<String> {
    let (body, chomp) = match s.strip_suffix('\n') {
        Some(b) if !b.ends_with('\n') => (b, ""),
        Some(_) => return None,
        None => (s, "-"),
    };
    let plain_lines = !body.starts_with(' ')
        && !body.chars().any(|c| c.is_control() && c != '\n')
        && !body.contains('\u{feff}');
    if !plain_lines {
        return None;
    }
    let pad = " ".repeat(indent + 2);
    let mut out = format!("|{chomp}");
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    let probe = format!("k: {}\n", out.replace(&format!("\n{pad}"), "\n  "));
    let ok = yaml::parse::<Node>(&probe, Path::new("k"), 1).is_ok_and(|n| {
        matches!(&n.value, Value::Map(m) if m.len() == 1 && m[0].1.value == Value::Str(s.to_owned()))
    });
    ok.then_some(out)
}

/// `- value\n` at `indent`; a map's first key on the dash line.
fn render_item(v: &Value, indent: usize) -> String {
    format!("{}-{}\n", " ".repeat(indent), render_item_value(v, indent))
}

/// What follows `-` (no final newline).
fn render_item_value(v: &Value, indent: usize) -> String {
    match v {
        Value::Map(m) if !m.is_empty() => {
            let block: String = m
                .iter()
                .map(|(k, n)| render_entry(&k.name, &n.value, indent + 2))
                .collect();
            format!(" {}", block.trim_start_matches(' ').trim_end_matches('\n'))
        }
        Value::Seq(s) if !s.is_empty() => {
            let block: String = s
                .iter()
                .map(|n| render_item(&n.value, indent + 2))
                .collect();
            format!(" {}", block.trim_start_matches(' ').trim_end_matches('\n'))
        }
        other => format!(" {}", block_or_inline(other, indent)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The values of `text` written again the way a form sends them: no comments, every text
    /// double-quoted, keys in the same order, block style.
    fn resend(text: &str) -> String {
        render_every_string_quoted(&parse(text, "t").unwrap().value)
    }

    fn render_every_string_quoted(v: &Value) -> String {
        render_document(v)
    }

    fn demo_files(ext: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sites = root.join("sites");
        for (_, path) in crate::fsx::every_file(root, &sites) {
            let p = path.as_path();
            if p.extension().is_some_and(|x| x == ext)
                && !p.components().any(|c| c.as_os_str() == "static")
            {
                out.push((p.display().to_string(), std::fs::read_to_string(p).unwrap()));
            }
        }
        assert!(out.len() >= 3, "demo files found");
        out
    }

    #[test]
    fn spans_point_at_the_text_of_keys_and_scalars() {
        let src = "# c\na: 1\nb: \"x y\"\nlist:\n  - name: p\n    role: q\nflow: [v, w]\n";
        let n = parse(src, "t").unwrap();
        let Value::Map(m) = &n.value else { panic!() };
        assert_eq!(&src[m[0].0.start..m[0].0.start + m[0].0.len], "a");
        assert_eq!(&src[m[1].1.start..m[1].1.start + m[1].1.len], "\"x y\"");
        let Value::Seq(items) = &m[2].1.value else {
            panic!()
        };
        assert_eq!(
            dash_before(src, items[0].start),
            src.find("- name").unwrap()
        );
        assert_eq!(src.as_bytes()[m[3].1.start], b'[');
    }

    #[test]
    fn saving_a_demo_yaml_file_unchanged_keeps_every_byte() {
        for (path, text) in demo_files("yaml") {
            let sent = resend(&text);
            assert_ne!(sent, text, "{path}: the resend differs in layout");
            let values = normalise(&parse(&sent, "s").unwrap().value);
            assert_eq!(
                merge_in_place(&text, &values).unwrap().as_deref(),
                Some(text.as_str()),
                "{path}"
            );
        }
    }

    #[test]
    fn saving_a_demo_page_unchanged_keeps_every_byte() {
        for (path, text) in demo_files("md") {
            let (front, body) = split(&text).unwrap();
            let sent = format!("---\n{}---\n{}", resend(front), body.trim_end());
            assert_eq!(merge_markdown(&text, &sent).unwrap(), text, "{path}");
        }
    }

    #[test]
    fn a_changed_scalar_replaces_only_its_text_in_the_old_quoting() {
        let old = "# đầu\ntitle: \"Cũ\"  # ghi chú\ncategory: y-te\n";
        let new = "title: \"Mới: họp\"\ncategory: y-te\n";
        assert_eq!(
            merge_yaml(old, new).unwrap(),
            "# đầu\ntitle: \"Mới: họp\"  # ghi chú\ncategory: y-te\n"
        );
        let plain = merge_yaml("id: a-b\n", "id: \"c: d\"\n").unwrap();
        assert_eq!(plain, "id: \"c: d\"\n");
        assert_eq!(
            merge_yaml("id: 'a'\n", "id: \"it's\"\n").unwrap(),
            "id: 'it''s'\n"
        );
    }

    #[test]
    fn a_new_key_goes_after_the_key_before_it_in_the_form_order() {
        let old = "title: A\n# về ngày\ndate: \"2026-01-02\"\n";
        let new = "title: A\nurgent: true\ndate: \"2026-01-02\"\nexpires: \"2026-02-01\"\n";
        assert_eq!(
            merge_yaml(old, new).unwrap(),
            "title: A\nurgent: true\n# về ngày\ndate: \"2026-01-02\"\nexpires: \"2026-02-01\"\n"
        );
        let first = merge_yaml("b: 1\n", "a: 0\nb: 1\n").unwrap();
        assert_eq!(first, "a: 0\nb: 1\n");
    }

    #[test]
    fn a_removed_key_loses_its_lines_and_an_emptied_field_counts_as_removed() {
        let old = "a: 1\nb:\n  - x\n  - y\nc: 3\n";
        assert_eq!(merge_yaml(old, "a: 1\nc: 3\n").unwrap(), "a: 1\nc: 3\n");
        assert_eq!(
            merge_yaml(old, "a: 1\nb: [x, y]\nc: \"\"\n").unwrap(),
            "a: 1\nb:\n  - x\n  - y\n"
        );
    }

    #[test]
    fn a_comment_right_above_a_removed_key_goes_with_it_a_section_comment_stays() {
        let old = "title: A\n# Hết hạn: giờ Việt Nam\n# (dải khẩn tắt lúc này)\nexpires: \"2026-12-01T17:00:00+07:00\"\nurgent: false\n";
        assert_eq!(
            merge_yaml(old, "title: A\nurgent: false\n").unwrap(),
            "title: A\nurgent: false\n"
        );
        let section = "title: A\n\n# Liên hệ\n\nphone: \"0255\"\nemail: a@b.vn\n";
        assert_eq!(
            merge_yaml(section, "title: A\nemail: a@b.vn\n").unwrap(),
            "title: A\n\n# Liên hệ\n\nemail: a@b.vn\n"
        );
        let nested = "contact:\n  # số trực\n  phone: \"0255\"\n  email: a@b.vn\n";
        assert_eq!(
            merge_yaml(nested, "contact:\n  email: a@b.vn\n").unwrap(),
            "contact:\n  email: a@b.vn\n"
        );
        // The file's header, and a block scalar's own line starting with `#`, are not the key's.
        let header = "# Tệp của xã\ntitle: A\nb: 1\n";
        assert_eq!(
            merge_yaml(header, "b: 1\n").unwrap(),
            "# Tệp của xã\nb: 1\n"
        );
        let block = "a: |\n  x\n  # y\nb: 1\nc: 2\n";
        assert_eq!(
            merge_yaml(block, "a: \"x\\n# y\\n\"\nc: 2\n").unwrap(),
            "a: |\n  x\n  # y\nc: 2\n"
        );
        // A comment under the removed key is the next key's.
        let below = "a: 1\n# về b\nb: 2\n";
        assert_eq!(merge_yaml(below, "b: 2\n").unwrap(), "# về b\nb: 2\n");
        // A key added where the removed one was goes in its place, without its comment.
        let swap = "a: 1\n# về b\nb: 2\nc: 3\n";
        assert_eq!(
            merge_yaml(swap, "a: 1\nx: 9\nc: 3\n").unwrap(),
            "a: 1\nx: 9\nc: 3\n"
        );
    }

    #[test]
    fn people_lists_merge_item_by_item() {
        let old = "officials:\n  # lãnh đạo\n  - name: \"A\"\n    role: \"Chủ tịch\"\n  - name: \"B\"\n    role: \"Phó\"\n";
        let added = "officials:\n- name: A\n  role: Chủ tịch\n- name: B\n  role: Phó\n- name: C\n  role: Mới\n";
        assert_eq!(
            merge_yaml(old, added).unwrap(),
            format!("{old}  - name: \"C\"\n    role: \"Mới\"\n")
        );
        let removed = "officials:\n- name: B\n  role: Phó\n";
        assert_eq!(
            merge_yaml(old, removed).unwrap(),
            "officials:\n  # lãnh đạo\n  - name: \"B\"\n    role: \"Phó\"\n"
        );
        let first_key_gone = "officials:\n- role: Chủ tịch\n- name: B\n  role: Phó\n";
        assert_eq!(
            merge_yaml(old, first_key_gone).unwrap(),
            "officials:\n  # lãnh đạo\n  - role: \"Chủ tịch\"\n  - name: \"B\"\n    role: \"Phó\"\n"
        );
    }

    #[test]
    fn a_flow_list_stays_a_flow_list() {
        assert_eq!(
            merge_yaml("languages: [vi, en]  # chính trước\n", "languages:\n- vi\n").unwrap(),
            "languages: [vi]  # chính trước\n"
        );
    }

    #[test]
    fn a_page_body_is_taken_as_sent_and_the_front_matter_merged() {
        let old = "---\ntitle: \"A\" # x\n---\nNội dung.\n";
        let new = "---\ntitle: B\n---\nNội dung mới.";
        assert_eq!(
            merge_markdown(old, new).unwrap(),
            "---\ntitle: \"B\" # x\n---\nNội dung mới.\n"
        );
    }

    #[test]
    fn procedure_overrides_go_to_the_cms_as_lists_and_come_back_as_the_same_file() {
        let keyed = [
            Keyed {
                path: vec!["local"],
                id: "code",
                value: None,
            },
            Keyed {
                path: vec!["local", "*", "fees"],
                id: "id",
                value: Some("amount"),
            },
        ];
        for (path, text) in demo_files("yaml")
            .into_iter()
            .filter(|(p, _)| p.ends_with("procedures.yaml"))
        {
            let cms = keyed_to_lists(&text, &keyed).unwrap();
            assert!(cms.contains("- code: \"1."), "{path}: {cms}");
            assert!(
                cms.contains("- id: le-phi\n") || !text.contains("le-phi"),
                "{path}"
            );
            let back = lists_to_keyed(&cms, &keyed).unwrap();
            assert_eq!(merge_yaml(&text, &back).unwrap(), text, "{path}");
        }
    }

    #[test]
    fn a_text_of_several_lines_is_written_as_a_literal_block() {
        let old = "a: 1\nduties: \"Một dòng\"\nb: 2\n";
        let got = merge_yaml(old, "a: 1\nduties: \"Dòng một\\nDòng hai\"\nb: 2\n").unwrap();
        assert_eq!(got, "a: 1\nduties: |-\n  Dòng một\n  Dòng hai\nb: 2\n");
        let list = merge_yaml("x:\n  - a\n", "x: [\"p\\n\\nq\\n\"]\n").unwrap();
        assert_eq!(list, "x:\n  - |\n    p\n\n    q\n");
    }

    #[test]
    fn a_file_with_crlf_line_ends_and_a_bom_keeps_them() {
        let old = "\u{feff}---\r\ntitle: \"A\"\r\n---\r\nThân bài.\r\n";
        let got = merge_markdown(old, "---\ntitle: B\n---\nThân bài.\n").unwrap();
        assert_eq!(got, "\u{feff}---\r\ntitle: \"B\"\r\n---\r\nThân bài.\r\n");
        assert_eq!(merge_yaml("a: 1\r\n", "a: 1\n").unwrap(), "a: 1\r\n");
    }

    #[test]
    fn text_that_is_not_yaml_is_refused_with_a_message() {
        let e = merge_yaml("a: 1\n", "a: [1\n").unwrap_err();
        assert!(e.message.vi.starts_with("không đọc được"), "{e:?}");
    }

    /// Every scalar of a document, as a path of map keys and sequence indexes.
    fn scalar_paths(v: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match v {
            Value::Map(m) => {
                for (k, n) in m {
                    path.push(Step::Key(k.name.clone()));
                    scalar_paths(&n.value, path, out);
                    path.pop();
                }
            }
            Value::Seq(s) => {
                for (i, n) in s.iter().enumerate() {
                    path.push(Step::Index(i));
                    scalar_paths(&n.value, path, out);
                    path.pop();
                }
            }
            _ => out.push(path.clone()),
        }
    }

    #[derive(Clone, Debug)]
    enum Step {
        Key(String),
        Index(usize),
    }

    fn at_path<'v>(v: &'v mut Value, path: &[Step]) -> &'v mut Node {
        let (first, rest) = path.split_first().unwrap();
        let node = match (v, first) {
            (Value::Map(m), Step::Key(k)) => {
                &mut m.iter_mut().find(|(x, _)| x.name == *k).unwrap().1
            }
            (Value::Seq(s), Step::Index(i)) => &mut s[*i],
            _ => unreachable!(),
        };
        if rest.is_empty() {
            node
        } else {
            at_path(&mut node.value, rest)
        }
    }

    fn sample_files() -> Vec<String> {
        let mut files: Vec<String> = demo_files("yaml").into_iter().map(|(_, t)| t).collect();
        files.push(
            "# tiêu đề\na: 1 # số\nb: 'x'\nc:\n- p\n- q\nd:\n  e: true\n  # f\n  f: [1, 2]\n"
                .to_owned(),
        );
        files
    }

    fn scalar_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            "\\PC{1,30}".prop_map(Value::Str),
            "[ -~]{1,12}".prop_map(Value::Str),
            "[a-zđ: #\n-]{1,24}".prop_map(Value::Str),
            any::<i64>().prop_map(|i| Value::Int(i.into())),
            any::<bool>().prop_map(Value::Bool),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn a_changed_scalar_reads_back_and_every_other_line_is_kept(
            file in 0usize..16, which in any::<prop::sample::Index>(), value in scalar_value()
        ) {
            let files = sample_files();
            let old = &files[file % files.len()];
            let mut tree = parse(old, "t").unwrap().value;
            let mut paths = Vec::new();
            scalar_paths(&tree, &mut Vec::new(), &mut paths);
            prop_assume!(!paths.is_empty());
            let path = which.get(&paths).clone();
            let node = at_path(&mut tree, &path);
            let line = crate::diag::line_col(old, node.start).0 as usize;
            let lines_of_old_value = old[node.start..node.start + node.len].matches('\n').count();
            node.value = value;
            let sent = render_document(&tree);
            let want = normalise(&parse(&sent, "s").unwrap().value);
            let merged = merge_in_place(old, &want).unwrap().expect("merged in place");
            prop_assert!(reads_back(&merged, &want));
            let (o, m): (Vec<&str>, Vec<&str>) = (old.lines().collect(), merged.lines().collect());
            let after = o.len() - line - lines_of_old_value;
            prop_assert_eq!(&o[..line - 1], &m[..line - 1]);
            prop_assert_eq!(&o[o.len() - after..], &m[m.len() - after..]);
        }

        #[test]
        fn added_and_removed_keys_and_items_read_back_and_keep_comments(
            file in 0usize..16, which in any::<prop::sample::Index>(), op in 0u8..3, value in scalar_value()
        ) {
            let files = sample_files();
            let old = &files[file % files.len()];
            let mut tree = parse(old, "t").unwrap().value;
            let mut paths = Vec::new();
            scalar_paths(&tree, &mut Vec::new(), &mut paths);
            prop_assume!(paths.len() > 1);
            let path = which.get(&paths).clone();
            let (last, parent) = path.split_last().unwrap();
            let holder = if parent.is_empty() { &mut tree } else { &mut at_path(&mut tree, parent).value };
            let removes = op == 0;
            let mut removed_key = None;
            match (holder, last, op) {
                (Value::Map(m), Step::Key(k), 0) => {
                    removed_key = m.iter().find(|(x, _)| x.name == *k).map(|(x, _)| x.start);
                    m.retain(|(x, _)| x.name != *k);
                }
                (Value::Seq(s), Step::Index(i), 0) => { s.remove(*i); }
                (Value::Map(m), Step::Key(k), _) => {
                    let i = m.iter().position(|(x, _)| x.name == *k).unwrap();
                    let key = Key { name: format!("{k}-moi"), start: 0, len: 0 };
                    m.insert(i + usize::from(op == 2), (key, renode(value)));
                }
                (Value::Seq(s), Step::Index(i), _) => s.insert(*i + usize::from(op == 2), renode(value)),
                _ => unreachable!(),
            }
            let sent = render_document(&tree);
            let want = normalise(&parse(&sent, "s").unwrap().value);
            let merged = merge_in_place(old, &want).unwrap();
            prop_assert!(merged.is_some(), "not merged in place:\n{}\n{}", old, sent);
            let merged = merged.unwrap();
            let comments_of = |t: &str| t.lines().filter(|l| l.trim_start().starts_with('#')).map(str::to_owned).collect::<Vec<_>>();
            if let Some(at) = removed_key.filter(|&at| !is_after_dash(old, at)) {
                // Only the removed key's lines go: its value and the comments right above it.
                let col = indent_of(old, at);
                let from = attached_comments_start(old, at);
                let mut to = next_line(old, at);
                while to < old.len() {
                    let l = line_at(old, to);
                    let t = l.trim_start_matches(' ');
                    if !t.trim().is_empty() && l.len() - t.len() <= col {
                        break;
                    }
                    to = next_line(old, to);
                }
                let outside = format!("{}{}", &old[..from], &old[to..]);
                let kept = comments_of(&merged);
                let mut rest = kept.iter();
                for c in comments_of(&outside) {
                    prop_assert!(rest.any(|k| *k == c), "comment lost: {}\n{}", c, merged);
                }
            }
            if !removes {
                // In order; a text value may itself have a line starting with `#`.
                let kept = comments_of(&merged);
                let mut rest = kept.iter();
                for c in comments_of(old) {
                    prop_assert!(rest.any(|k| *k == c), "comment lost: {}\n{}", c, merged);
                }
            }
        }
    }
}
