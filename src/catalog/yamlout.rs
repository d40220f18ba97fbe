//! Writes the generated official layer as YAML. The YAML crate here only reads, so the writer is
//! this small emitter over a JSON tree: every string double-quoted with JSON escapes (valid YAML
//! 1.2), block mappings and sequences, keys in the order the tree gives. Its output is read back
//! by the project's YAML loader in the property test.

use serde_json::Value;

/// The header every generated file starts with.
pub const HEADER: &str = "# Tệp sinh tự động bởi `congxa catalog import` từ bản ghi của Cổng Dịch vụ công quốc gia.\n# KHÔNG SỬA TAY: lần nhập sau sẽ ghi đè. Viết lời dễ hiểu trong content/procedures/<mã>.yaml.\n# Generated, do not edit. Định dạng tệp: docs/procedure-format.md\n";

/// `value` (a serialised official file) as a YAML document with [`HEADER`].
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::from(HEADER);
    match value {
        Value::Object(m) if !m.is_empty() => map(&mut out, m, 0),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => Value::String(s.clone()).to_string(),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(o) if o.is_empty() => "{}".into(),
        _ => unreachable!("only scalars and empty collections are written inline"),
    }
}

fn inline(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => true,
    }
}

fn key(k: &str) -> String {
    // Keys are the format's own snake_case names or paths; quote anything else.
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !k.starts_with(|c: char| c.is_ascii_digit() || c == '-')
        && !matches!(
            k.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
    {
        k.to_owned()
    } else {
        Value::String(k.to_owned()).to_string()
    }
}

fn map(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize) {
    let pad = " ".repeat(indent);
    for (k, v) in m {
        out.push_str(&pad);
        out.push_str(&key(k));
        out.push(':');
        body(out, v, indent);
    }
}

/// Writes what follows `key:` or `-`: an inline scalar, or a nested block on the next lines.
fn body(out: &mut String, v: &Value, indent: usize) {
    if inline(v) {
        out.push(' ');
        out.push_str(&scalar(v));
        out.push('\n');
        return;
    }
    out.push('\n');
    match v {
        Value::Object(m) => map(out, m, indent + 2),
        Value::Array(a) => seq(out, a, indent + 2),
        _ => {}
    }
}

fn seq(out: &mut String, a: &[Value], indent: usize) {
    let pad = " ".repeat(indent);
    for v in a {
        out.push_str(&pad);
        out.push('-');
        match v {
            Value::Object(m) if !m.is_empty() => {
                // First key on the dash line, the rest aligned under it.
                let mut first = true;
                for (k, val) in m {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        out.push_str(&pad);
                        out.push_str("  ");
                    }
                    out.push_str(&key(k));
                    out.push(':');
                    body(out, val, indent + 2);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                seq(out, inner, indent + 2);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedures::official::*;
    use proptest::prelude::*;
    use std::path::Path;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ -~]{0,30}",
            "[a-zàđơư\"'#:\\- \\\\\n\t]{0,30}",
            Just("- không".to_owned()),
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("0123".to_owned()),
        ]
    }

    fn item() -> impl Strategy<Value = Item> {
        let leaf = text().prop_map(|t| Item {
            text: t,
            items: vec![],
        });
        leaf.prop_recursive(3, 12, 3, |inner| {
            (text(), proptest::collection::vec(inner, 0..3))
                .prop_map(|(t, items)| Item { text: t, items })
        })
    }

    fn official() -> impl Strategy<Value = OfficialFile> {
        (
            text(),
            proptest::collection::vec(item(), 0..4),
            proptest::collection::vec(text(), 0..3),
            proptest::option::of(0u64..1_000_000),
            proptest::collection::btree_map(text(), text(), 0..3),
            any::<bool>(),
        )
            .prop_map(
                |(name, steps, results, amount, unmapped, flag)| OfficialFile {
                    code: "1.000001".into(),
                    formality_id: "x".into(),
                    name: name.clone(),
                    fields: results.clone(),
                    scope: Scope {
                        kind: "national".into(),
                        province: flag.then(|| "12".into()),
                    },
                    issued_by: name,
                    levels: vec!["xa".into()],
                    state: "active".into(),
                    successor: None,
                    updated: "2026-04-15".into(),
                    checked: unmapped.clone(),
                    online: "khong".into(),
                    bodies: vec![],
                    authority: results.clone(),
                    delegated: vec![],
                    coordinating: vec![],
                    formality_type: "ASSIGNED_REGULATION".into(),
                    service_groups: vec![],
                    keywords: results.clone(),
                    note: steps.clone(),
                    subjects: results.clone(),
                    description: vec![],
                    steps: steps.clone(),
                    channels: vec![Channel {
                        channel: "truc-tiep".into(),
                        time: amount.map(|a| a.to_string()),
                        unit: "ngay".into(),
                        notes: steps.clone(),
                        fees: flag.then(|| {
                            vec![Fee {
                                kind: "phi".into(),
                                amount,
                                set_by_province: flag,
                                text: steps.clone(),
                                files: results.clone(),
                            }]
                        }),
                    }],
                    fees: vec![],
                    documents: vec![DocumentGroup {
                        title: results.first().cloned(),
                        documents: vec![Document {
                            name: "Tờ khai".into(),
                            alternatives: results.clone(),
                            originals: 1,
                            copies: 0,
                            required: flag,
                            electronic_form: !flag,
                            forms: vec![],
                        }],
                        notes: steps,
                    }],
                    conditions: vec![],
                    results,
                    where_to_submit: vec![],
                    returning: vec![],
                    variants: vec![],
                    legal_basis: vec![],
                    decision: None,
                    unmapped,
                },
            )
    }

    proptest! {
        #[test]
        fn generated_yaml_reads_back_to_the_same_value(f in official()) {
            let yaml = to_yaml(&serde_json::to_value(&f).unwrap());
            let back: OfficialFile = crate::yaml::parse(&yaml, Path::new("t.yaml"), 1)
                .map_err(|d| TestCaseError::fail(format!("{d:?}\n{yaml}")))?;
            prop_assert_eq!(back, f);
        }
    }
}
