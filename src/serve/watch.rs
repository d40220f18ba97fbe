//! Which sites a set of changed files affects (pure: [`affected`]), which changes to ignore
//! (editor temp files), and the debounced file watcher (`notify`) feeding the rebuild loop.
//!
//! Rebuilds are narrowed by site, never by page (Zola #1114: fine-grained rebuilds produced a
//! stream of stale-output bugs): a change under `sites/<folder>/` rebuilds that site; under
//! `themes/<t>/` the sites using theme `t`; under `content/` (the shared catalog) every site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What a batch of changes requires.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Affected {
    /// Every site: the shared catalog (`content/`) changed.
    pub all: bool,
    /// These site folders.
    pub sites: BTreeSet<String>,
    /// The project directory page (`/`) may change: a `site.yaml` or a theme changed, a site
    /// folder appeared or went. Only a full build writes it.
    pub directory: bool,
}

impl Affected {
    /// Nothing to rebuild.
    pub fn is_empty(&self) -> bool {
        !self.all && !self.directory && self.sites.is_empty()
    }
}

/// Whether the file at `path` is one the build never reads ([`crate::fsx::is_ignored_name`]):
/// its changes never trigger a rebuild.
pub fn is_editor_temp(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| crate::fsx::is_ignored_name(&n.to_string_lossy()))
}

fn normal(c: Component<'_>) -> Option<String> {
    match c {
        Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// The sites `changed` (absolute paths, or relative to `root`) affect. `themes` maps each site
/// folder to the theme it uses.
pub fn affected(root: &Path, changed: &[PathBuf], themes: &BTreeMap<String, String>) -> Affected {
    let mut a = Affected::default();
    for p in changed {
        if is_editor_temp(p) {
            continue;
        }
        let rel = p.strip_prefix(root).unwrap_or(p);
        if rel.is_absolute() || crate::fsx::is_ignored(rel) {
            continue;
        }
        let parts: Vec<String> = rel.components().map_while(normal).collect();
        match parts.first().map(String::as_str) {
            Some("content") => a.all = true,
            Some("sites") => {
                let Some(folder) = parts.get(1) else { continue };
                if folder.starts_with('.') {
                    continue;
                }
                a.sites.insert(folder.clone());
                // The folder itself (created, removed, renamed) or its identity changed.
                if parts.len() == 2 || parts.get(2).is_some_and(|f| f == "site.yaml") {
                    a.directory = true;
                }
            }
            Some("themes") => {
                let Some(theme) = parts.get(1) else { continue };
                let users: Vec<&String> = themes
                    .iter()
                    .filter(|(_, t)| *t == theme)
                    .map(|(f, _)| f)
                    .collect();
                if !users.is_empty() {
                    a.sites.extend(users.into_iter().cloned());
                    a.directory = true;
                }
            }
            _ => {}
        }
    }
    a
}

/// Waits for the next batch of changes: blocks for the first event, then gathers events until
/// `quiet` passes without one (a save is often several events: write, rename, attribute), or
/// `max` since the first. `None` when the watcher is gone.
pub fn next_batch(
    rx: &Receiver<Vec<PathBuf>>,
    quiet: Duration,
    max: Duration,
) -> Option<Vec<PathBuf>> {
    let mut paths = rx.recv().ok()?;
    let start = Instant::now();
    loop {
        let left = max.saturating_sub(start.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(quiet.min(left)) {
            Ok(more) => paths.extend(more),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    paths.sort();
    paths.dedup();
    paths.retain(|p| !is_editor_temp(p));
    Some(paths)
}

/// Whether a notify event is a change of content (reads and access-time updates are not: the
/// build itself reads every file).
pub fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Any | EventKind::Other => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themes() -> BTreeMap<String, String> {
        [("xa-a", "default"), ("xa-b", "default"), ("xa-c", "rieng")]
            .iter()
            .map(|(f, t)| ((*f).to_owned(), (*t).to_owned()))
            .collect()
    }

    fn run(paths: &[&str]) -> Affected {
        let root = Path::new("/du-an");
        let changed: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        affected(root, &changed, &themes())
    }

    fn set(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_page_of_a_site_rebuilds_that_site_only() {
        let a = run(&["sites/xa-a/content/gioi-thieu.md"]);
        assert_eq!(
            a,
            Affected {
                all: false,
                sites: set(&["xa-a"]),
                directory: false
            }
        );
        let a = run(&["sites/xa-b/static/anh/a.jpg", "sites/xa-b/procedures.yaml"]);
        assert_eq!(a.sites, set(&["xa-b"]));
        assert!(!a.directory);
    }

    #[test]
    fn site_yaml_and_new_folders_also_refresh_the_directory() {
        let a = run(&["sites/xa-a/site.yaml"]);
        assert_eq!((a.sites, a.directory), (set(&["xa-a"]), true));
        let a = run(&["sites/xa-moi"]);
        assert_eq!((a.sites, a.directory), (set(&["xa-moi"]), true));
    }

    #[test]
    fn a_theme_rebuilds_the_sites_using_it() {
        let a = run(&["themes/rieng/templates/page.html"]);
        assert_eq!(a.sites, set(&["xa-c"]));
        let a = run(&["themes/default/static/style.css"]);
        assert_eq!(a.sites, set(&["xa-a", "xa-b"]));
        assert!(run(&["themes/khong-dung/base.html"]).is_empty());
    }

    #[test]
    fn the_shared_catalog_rebuilds_everything() {
        assert!(run(&["content/procedures/1.001193.yaml"]).all);
        assert!(run(&["content/life-events.yaml"]).all);
    }

    #[test]
    fn editor_files_and_other_folders_are_ignored() {
        for p in [
            "sites/xa-a/content/.gioi-thieu.md.swp",
            "sites/xa-a/content/gioi-thieu.md~",
            "sites/xa-a/content/.#gioi-thieu.md",
            "sites/xa-a/content/4913",
            "sites/xa-a/content/~$bao-cao.docx",
            "target/congxa-preview/xa-a/index.html",
            ".congxa-cache/fingerprints/x",
            "README.md",
            "sites",
        ] {
            assert!(run(&[p]).is_empty(), "{p}");
        }
        // Relative paths work too.
        let a = affected(
            Path::new("/r"),
            &[PathBuf::from("sites/xa-a/content/a.md")],
            &themes(),
        );
        assert_eq!(a.sites, set(&["xa-a"]));
    }

    #[test]
    fn batches_wait_for_quiet() {
        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(vec![PathBuf::from("a"), PathBuf::from("x.swp")])
            .unwrap();
        tx.send(vec![PathBuf::from("b"), PathBuf::from("a")])
            .unwrap();
        let b = next_batch(&rx, Duration::from_millis(50), Duration::from_secs(2)).unwrap();
        assert_eq!(b, vec![PathBuf::from("a"), PathBuf::from("b")]);
        drop(tx);
        assert!(next_batch(&rx, Duration::from_millis(50), Duration::from_secs(2)).is_none());
    }
}
