//! The vendored official commune lists (`data/vn-communes-2025.csv` and the pre-2025 list with
//! its `new_codes_2025` mapping; licence in `data/README.md`), compiled into the binary so a site
//! is validated and scaffolded without network or `../shared`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One commune-level unit of the 2025 list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commune {
    /// Official 5-digit code.
    pub code: String,
    /// Full name with type prefix ("Phường Cẩm Thành").
    pub name: String,
    /// `xã`, `phường` or `đặc khu`.
    pub kind: String,
    /// Name without the type prefix.
    pub short_name: String,
    /// ASCII slug, unique within the province.
    pub slug: String,
    /// 2-digit province code.
    pub province_code: String,
    /// Full province name ("Tỉnh Quảng Ngãi").
    pub province_name: String,
    /// Province name without "Tỉnh"/"Thành phố".
    pub province_short_name: String,
    /// Province slug, unique nationally.
    pub province_slug: String,
}

/// One commune-level unit before 1 July 2025.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormerCommune {
    /// Old 5-digit code.
    pub code: String,
    /// Full old name ("Phường Nguyễn Nghiêm").
    pub name: String,
    /// Old district's full name ("Thành phố Quảng Ngãi").
    pub district_name: String,
    /// Old province's full name.
    pub province_name: String,
    /// 2025 codes it went into; the first is where most of it went.
    pub new_codes: Vec<String>,
}

/// Both lists, indexed.
#[derive(Debug, Default)]
pub struct Registry {
    /// 2025 units by code.
    pub by_code: BTreeMap<String, Commune>,
    /// Pre-2025 units that went (wholly or partly) into each 2025 code.
    pub formers_of: BTreeMap<String, Vec<FormerCommune>>,
}

const LIST_2025: &str = include_str!("../data/vn-communes-2025.csv");
const LIST_PRE_2025: &str = include_str!("../data/vn-communes-pre2025.csv");

/// The registry, parsed once.
pub fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(|| parse(LIST_2025, LIST_PRE_2025))
}

fn parse(list_2025: &str, list_pre: &str) -> Registry {
    let mut reg = Registry::default();
    for r in crate::textfmt::csv::rows(list_2025) {
        let f = |i: usize| r.get(i).cloned().unwrap_or_default();
        let c = Commune {
            code: f(0),
            name: f(1),
            kind: f(2),
            short_name: f(3),
            slug: f(4),
            province_code: f(5),
            province_name: f(6),
            province_short_name: f(7),
            province_slug: f(9),
        };
        reg.by_code.insert(c.code.clone(), c);
    }
    for r in crate::textfmt::csv::rows(list_pre) {
        let f = |i: usize| r.get(i).cloned().unwrap_or_default();
        let new_codes: Vec<String> = f(13).split(';').map(str::to_owned).collect();
        let former = FormerCommune {
            code: f(0),
            name: f(1),
            district_name: f(6),
            province_name: f(10),
            new_codes: new_codes.clone(),
        };
        for code in new_codes {
            reg.formers_of.entry(code).or_default().push(former.clone());
        }
    }
    reg
}

impl Registry {
    /// The 2025 unit with this code.
    pub fn get(&self, code: &str) -> Option<&Commune> {
        self.by_code.get(code)
    }

    /// Every 2025 unit of a province, given its 2-digit code or its slug.
    pub fn province(&self, code_or_slug: &str) -> Vec<&Commune> {
        self.by_code
            .values()
            .filter(|c| c.province_code == code_or_slug || c.province_slug == code_or_slug)
            .collect()
    }

    /// Units that went into `code`, the old units mostly absorbed first.
    pub fn formers(&self, code: &str) -> &[FormerCommune] {
        self.formers_of.get(code).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_counts() {
        let r = registry();
        assert_eq!(r.by_code.len(), 3321);
        assert_eq!(r.province("79").len(), 168);
        assert_eq!(r.province("ho-chi-minh").len(), 168);
    }

    #[test]
    fn former_units_of_cam_thanh_include_nguyen_nghiem() {
        let r = registry();
        let names: Vec<&str> = r.formers("21025").iter().map(|f| f.name.as_str()).collect();
        assert!(names.contains(&"Phường Nguyễn Nghiêm"), "{names:?}");
    }
}
