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
use crate::view::SharedHtml;

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
    made: Mutex<HashMap<PartKey, SharedHtml>>,
}

impl SharedParts {
    /// The parts of `key`, made by `make` the first time. An error is not kept: every site
    /// that needs the key reports it. Two sites asking at once may both make it; they make
    /// the same bytes, and the first one stored is the one every later site gets.
    pub fn get_or_make(
        &self,
        key: PartKey,
        make: impl FnOnce() -> Result<SharedHtml, Diagnostic>,
    ) -> Result<SharedHtml, Diagnostic> {
        if let Some(found) = self.lock().get(&key) {
            return Ok(found.clone());
        }
        let made = make()?;
        Ok(self.lock().entry(key).or_insert(made).clone())
    }

    /// How many keys and how many bytes of HTML are held.
    pub fn size(&self) -> (usize, usize) {
        let made = self.lock();
        let bytes = made
            .values()
            .flat_map(|h| h.0.iter())
            .map(|(k, v)| k.len() + v.len())
            .sum();
        (made.len(), bytes)
    }

    // A site that panicked (each runs under `catch_unwind`) holds the lock only around a
    // lookup or an insert of a whole value, so the map is never half-written: keep using it.
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PartKey, SharedHtml>> {
        self.made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Arc;

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

    fn html(s: &str) -> SharedHtml {
        SharedHtml(Arc::new(BTreeMap::from([("a".to_owned(), s.to_owned())])))
    }

    #[test]
    fn a_key_is_made_once_and_every_later_site_gets_the_same_parts() {
        let parts = SharedParts::default();
        let mut calls = 0;
        let first = parts
            .get_or_make(key("1.1", "vi"), || {
                calls += 1;
                Ok(html("x"))
            })
            .unwrap();
        let again = parts
            .get_or_make(key("1.1", "vi"), || {
                calls += 1;
                Ok(html("y"))
            })
            .unwrap();
        assert_eq!(calls, 1);
        assert!(Arc::ptr_eq(&first.0, &again.0));
        let other = parts
            .get_or_make(key("1.1", "en"), || Ok(html("z")))
            .unwrap();
        assert_eq!(other.0["a"], "z");
        assert_eq!(parts.size(), (2, 4));
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
        assert_eq!(parts.size(), (0, 0));
    }
}
