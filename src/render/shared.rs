//! The parts of procedure pages that many sites share, rendered once per build run.
//!
//! A catalog procedure's page on two sites differs only in the site's own facts (online link,
//! fees, place, official, related pages, the QR code of its URL). What its catalog entry alone
//! decides is rendered by the theme's `procedure-parts/*.html` templates from a
//! [`CatalogView`](crate::view::CatalogView), UI strings and the page's root, so the HTML is a
//! pure function of [`PartKey`]: the first site to need a key renders it, every other site of
//! the run gets the same `Arc`. The cache is a value the build owns for one run (no file, no
//! clock); a site's own procedure (`SharedKey::catalog_code` is `None`) never enters it.
//!
//! Memory: at most one entry per catalog entry × language × theme (× root, one per depth of
//! procedure pages, so one in practice), each the HTML of that entry's parts (a few KB; the
//! official layer of an imported record up to ~40 KB): bounded by the catalog, not by sites.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::diag::Diagnostic;
use crate::plan::SharedKey;
use crate::theme::Converted;

/// What a shared part's HTML depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PartKey {
    /// The catalog entry and language.
    pub shared: SharedKey,
    /// The theme's folder name (one theme per name in a run).
    pub theme: String,
    /// What the page's relative links start with (`../../`).
    pub root: String,
}

/// The shared parts made so far in this run, by key.
#[derive(Debug, Default)]
pub struct SharedParts {
    made: Mutex<HashMap<PartKey, Converted>>,
}

impl SharedParts {
    /// The parts of `key`, made by `make` the first time. An error is not kept: every site
    /// that needs the key reports it. Two sites asking at once may both make it; they make
    /// the same bytes, and the first one stored is the one every later site gets.
    pub fn get_or_make(
        &self,
        key: PartKey,
        make: impl FnOnce() -> Result<Converted, Diagnostic>,
    ) -> Result<Converted, Diagnostic> {
        if let Some(found) = self.lock().get(&key) {
            return Ok(found.clone());
        }
        let made = make()?;
        Ok(self.lock().entry(key).or_insert(made).clone())
    }

    /// How many keys are held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether nothing is held yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    // A site that panicked (each runs under `catch_unwind`) holds the lock only around a
    // lookup or an insert of a whole value, so the map is never half-written: keep using it.
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PartKey, Converted>> {
        self.made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: &str, lang: &str) -> PartKey {
        PartKey {
            shared: SharedKey {
                catalog_code: Some(code.to_owned()),
                lang: lang.to_owned(),
            },
            theme: "default".to_owned(),
            root: "../../".to_owned(),
        }
    }

    fn value(s: &str) -> Converted {
        Converted::of(&std::collections::BTreeMap::from([("a", s)])).unwrap()
    }

    fn text(c: &Converted) -> String {
        serde_json::to_string(c).unwrap()
    }

    #[test]
    fn a_key_is_made_once_and_every_later_site_gets_the_same_parts() {
        let parts = SharedParts::default();
        let mut calls = 0;
        let first = parts
            .get_or_make(key("1.1", "vi"), || {
                calls += 1;
                Ok(value("x"))
            })
            .unwrap();
        let again = parts
            .get_or_make(key("1.1", "vi"), || {
                calls += 1;
                Ok(value("y"))
            })
            .unwrap();
        assert_eq!(calls, 1);
        assert_eq!(
            (text(&first), text(&again)),
            (r#"{"a":"x"}"#.to_owned(), r#"{"a":"x"}"#.to_owned())
        );
        let other = parts
            .get_or_make(key("1.1", "en"), || Ok(value("z")))
            .unwrap();
        assert_eq!(text(&other), r#"{"a":"z"}"#);
        assert_eq!(parts.len(), 2);
    }

    #[test]
    fn a_failed_part_is_not_kept_so_the_next_site_reports_it_too() {
        let parts = SharedParts::default();
        let fail = || {
            Err(Diagnostic::error(
                crate::diag::Span::file("themes/t/templates/procedure-parts/a.html"),
                crate::msg!("hỏng", "broken"),
            ))
        };
        assert!(parts.get_or_make(key("1.1", "vi"), fail).is_err());
        assert!(parts.get_or_make(key("1.1", "vi"), fail).is_err());
        assert!(parts.is_empty());
    }
}
