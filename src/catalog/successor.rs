//! Proposing the successor of an abolished procedure. The portal's record says a procedure is
//! abolished but not what replaced it; when the portal re-issues a procedure it usually keeps the
//! name under a new code. So an abolished record with no successor gets, as a proposal for staff
//! to verify, the one procedure in force of the same scope whose name is the same once case,
//! accents, spacing and the leading "Thủ tục" are set aside. Two or more such procedures: no
//! proposal (a guess would be wrong half the time), and the import summary says so.

use std::collections::BTreeMap;

use crate::procedures::official::OfficialFile;

/// What was proposed for one abolished procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposal {
    /// One procedure in force has the same name: proposed as successor.
    One(String),
    /// Several have it: none proposed.
    Several(Vec<String>),
}

/// The name as compared: accent-folded, lower case, words single-spaced, without a leading
/// "thủ tục" and trailing punctuation.
pub fn name_key(name: &str) -> String {
    let folded = crate::text::fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let bare = joined.strip_prefix("thu tuc ").unwrap_or(&joined);
    bare.trim_end_matches(['.', ';', ':', ',', ' ']).to_owned()
}

/// Fills `successor` of each abolished record of `recs` that has none, from the records in force
/// among `recs` and `existing` (the official layer already written). Returns what was proposed,
/// by abolished code.
pub fn propose(
    recs: &mut [&mut OfficialFile],
    existing: &BTreeMap<String, OfficialFile>,
) -> BTreeMap<String, Proposal> {
    // Candidates by name key: the records being imported replace the existing files of their code.
    let mut in_force: BTreeMap<String, &OfficialFile> = existing
        .iter()
        .filter(|(_, f)| f.state != "abolished")
        .map(|(c, f)| (c.clone(), f))
        .collect();
    let imported: Vec<OfficialFile> = recs.iter().map(|r| (**r).clone()).collect();
    for r in &imported {
        in_force.remove(&r.code);
    }
    for r in imported.iter().filter(|r| r.state != "abolished") {
        in_force.insert(r.code.clone(), r);
    }
    let mut out = BTreeMap::new();
    for r in recs.iter_mut() {
        if r.state != "abolished" || r.successor.is_some() {
            continue;
        }
        let key = name_key(&r.name);
        let same: Vec<String> = in_force
            .values()
            .filter(|f| f.code != r.code && f.scope == r.scope && name_key(&f.name) == key)
            .map(|f| f.code.clone())
            .collect();
        match same.as_slice() {
            [] => {}
            [one] => {
                r.successor = Some(one.clone());
                out.insert(r.code.clone(), Proposal::One(one.clone()));
            }
            _ => {
                out.insert(r.code.clone(), Proposal::Several(same));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedures::official::Scope;

    fn rec(code: &str, name: &str, state: &str) -> OfficialFile {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/records/9.000003.json"),
        )
        .unwrap();
        let mut f =
            super::super::records::parse(&text, std::path::Path::new("x.json"), &BTreeMap::new())
                .unwrap();
        f.code = code.into();
        f.name = name.into();
        f.state = state.into();
        f
    }

    #[test]
    fn names_compare_without_case_accents_spacing_and_the_word_thu_tuc() {
        assert_eq!(
            name_key("Thủ tục  Đăng ký   khai sinh."),
            name_key("đăng ký khai sinh")
        );
        assert_ne!(name_key("Đăng ký khai sinh"), name_key("Đăng ký khai tử"));
    }

    #[test]
    fn an_abolished_record_gets_the_one_same_named_procedure_in_force_as_successor() {
        let mut old = rec("9.000003", "Thủ tục cấp giấy xác nhận", "abolished");
        let mut new = rec("9.000004", "Cấp giấy xác nhận", "active");
        let got = propose(&mut [&mut old, &mut new], &BTreeMap::new());
        assert_eq!(old.successor.as_deref(), Some("9.000004"));
        assert_eq!(got["9.000003"], Proposal::One("9.000004".into()));
        assert_eq!(new.successor, None);
    }

    #[test]
    fn the_successor_may_be_already_in_the_official_folder() {
        let mut old = rec("9.000003", "Cấp giấy xác nhận", "abolished");
        let existing: BTreeMap<String, OfficialFile> = [(
            "9.000004".into(),
            rec("9.000004", "Cấp giấy xác nhận", "updated"),
        )]
        .into();
        propose(&mut [&mut old], &existing);
        assert_eq!(old.successor.as_deref(), Some("9.000004"));
    }

    #[test]
    fn two_candidates_or_another_scope_propose_nothing() {
        let mut old = rec("9.000003", "Cấp giấy xác nhận", "abolished");
        let mut a = rec("9.000004", "Cấp giấy xác nhận", "active");
        let mut b = rec("9.000005", "Cấp giấy xác nhận", "active");
        let got = propose(&mut [&mut old, &mut a, &mut b], &BTreeMap::new());
        assert_eq!(old.successor, None);
        assert_eq!(
            got["9.000003"],
            Proposal::Several(vec!["9.000004".into(), "9.000005".into()])
        );
        let mut old = rec("9.000003", "Cấp giấy xác nhận", "abolished");
        let mut other = rec("9.000004", "Cấp giấy xác nhận", "active");
        other.scope = Scope {
            kind: "province".into(),
            province: Some("12".into()),
        };
        assert!(propose(&mut [&mut old, &mut other], &BTreeMap::new()).is_empty());
    }

    #[test]
    fn an_abolished_file_already_naming_a_successor_keeps_it() {
        let mut old = rec("9.000003", "Cấp giấy xác nhận", "abolished");
        old.successor = Some("9.000009".into());
        let mut new = rec("9.000004", "Cấp giấy xác nhận", "active");
        assert!(propose(&mut [&mut old, &mut new], &BTreeMap::new()).is_empty());
        assert_eq!(old.successor.as_deref(), Some("9.000009"));
    }
}
