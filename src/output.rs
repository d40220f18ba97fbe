//! The only module that writes to the output folder. A site is written only after all its
//! pages rendered; only files whose bytes changed are rewritten, each atomically (a temp file
//! with a fixed prefix, then rename: a killed build leaves every file old or new, never torn;
//! no fsync, the threat is a killed process, not power loss); stale files are removed; nothing
//! outside `<out>/<folder>/`, the site's redirects and the project-level files is touched.
//! A site built for the first time is written into a temp folder renamed into place at the
//! end: it appears whole or not at all, at half the file-system cost.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::render::Output;

/// Prefix of temporary files; leftovers from a killed build are removed by the next one.
pub const TMP_PREFIX: &str = ".congxa-tmp-";

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files created or changed.
    pub written: usize,
    /// Files left as they were (same bytes).
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
}

impl std::ops::AddAssign for WriteStats {
    fn add_assign(&mut self, o: Self) {
        self.written += o.written;
        self.unchanged += o.unchanged;
        self.removed += o.removed;
    }
}

/// A write failure, with the path it concerns.
#[derive(Debug)]
pub struct WriteError {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong.
    pub error: std::io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

fn werr(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |error| WriteError {
        path: path.to_path_buf(),
        error,
    }
}

/// Writes `bytes` to `path` unless it already holds exactly them. Returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, WriteError> {
    write_file(path, bytes, &mut BTreeSet::new())
}

/// `write_if_changed`, with the folders already made in `dirs` (one `mkdir` per folder instead
/// of one per file: each page is a folder of its own).
fn write_file(path: &Path, bytes: &[u8], dirs: &mut BTreeSet<PathBuf>) -> Result<bool, WriteError> {
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_file()
            && meta.len() == bytes.len() as u64
            && fs::read(path).is_ok_and(|old| old == bytes)
        {
            return Ok(false);
        }
        if meta.is_dir() {
            // A page replaced a folder of the same name: the folder is stale output.
            fs::remove_dir_all(path).map_err(werr(path))?;
        }
    }
    let parent = path.parent().unwrap_or(Path::new("."));
    make_parent(path, dirs)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(WriteError {
            path: path.to_path_buf(),
            error: e,
        });
    }
    Ok(true)
}

/// Creates the folder of `path` unless `dirs` says it exists.
fn make_parent(path: &Path, dirs: &mut BTreeSet<PathBuf>) -> Result<(), WriteError> {
    let parent = path.parent().unwrap_or(Path::new("."));
    if !dirs.contains(parent) {
        fs::create_dir_all(parent).map_err(werr(parent))?;
        dirs.insert(parent.to_path_buf());
    }
    Ok(())
}

/// Replaces the content of `<out>/<folder>/` with `outputs`, changing only what differs.
pub fn write_site(out: &Path, folder: &str, outputs: &[Output]) -> Result<WriteStats, WriteError> {
    let dir = out.join(folder);
    if !dir.exists() {
        return write_new_site(out, folder, outputs);
    }
    let mut dirs = BTreeSet::from([dir.clone()]);
    let mut stats = WriteStats::default();
    let wanted: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    for o in outputs {
        let path = dir.join(&o.path);
        if write_file(&path, &o.bytes, &mut dirs)? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    stats.removed += remove_stale(&dir, &wanted)?;
    Ok(stats)
}

/// A site's first build: every file written straight into a temp folder beside it, which is
/// then renamed into place, so the site appears whole or not at all. Half the file-system
/// operations of a temp file per page (nothing to compare with, nothing stale), which is most
/// of a cold build's system time. A leftover of a killed first build is removed first.
fn write_new_site(out: &Path, folder: &str, outputs: &[Output]) -> Result<WriteStats, WriteError> {
    let dir = out.join(folder);
    let tmp = out.join(format!("{TMP_PREFIX}{folder}"));
    if fs::symlink_metadata(&tmp).is_ok() {
        fs::remove_dir_all(&tmp).map_err(werr(&tmp))?;
    }
    fs::create_dir_all(&tmp).map_err(werr(&tmp))?;
    let result = (|| {
        let mut dirs = BTreeSet::from([tmp.clone()]);
        for o in outputs {
            let path = tmp.join(&o.path);
            make_parent(&path, &mut dirs)?;
            fs::write(&path, &o.bytes).map_err(werr(&path))?;
        }
        fs::rename(&tmp, &dir).map_err(werr(&dir))
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    Ok(WriteStats {
        written: outputs.len(),
        ..WriteStats::default()
    })
}

/// Removes files under `dir` not in `wanted` (and temp leftovers), then empty folders.
fn remove_stale(dir: &Path, wanted: &BTreeSet<&str>) -> Result<usize, WriteError> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e
            .path()
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if e.file_type().is_dir() {
            dirs.push(e.path().to_path_buf());
            continue;
        }
        let is_tmp = e.file_name().to_string_lossy().starts_with(TMP_PREFIX);
        if is_tmp || !wanted.contains(rel.as_str()) {
            fs::remove_file(e.path()).map_err(werr(e.path()))?;
            if !is_tmp {
                removed += 1;
            }
        }
    }
    // Deepest first, so parents empty out after their children.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        if fs::read_dir(&d).is_ok_and(|mut r| r.next().is_none()) {
            let _ = fs::remove_dir(&d);
        }
    }
    Ok(removed)
}

/// Writes project-level files at the root of `<out>` (directory page, sitemap index, robots,
/// redirects), each only if changed, and removes temp leftovers of a killed build in the
/// folders it writes to. Never removes anything else at the root.
pub fn write_root_files(out: &Path, files: &[Output]) -> Result<WriteStats, WriteError> {
    fs::create_dir_all(out).map_err(werr(out))?;
    let mut stats = WriteStats::default();
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::from([out.to_path_buf()]);
    for f in files {
        let path = out.join(&f.path);
        if let Some(d) = path.parent() {
            dirs.insert(d.to_path_buf());
        }
        if write_if_changed(&path, &f.bytes)? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    for d in dirs {
        remove_temp_files(&d)?;
    }
    Ok(stats)
}

/// Removes the whole output folder of a retired site (`build --prune`); returns the number of
/// files removed.
pub fn remove_site(out: &Path, folder: &str) -> Result<usize, WriteError> {
    let dir = out.join(folder);
    let files = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(werr(&dir))?;
    }
    Ok(files)
}

/// Removes the files directly in `<out>/assets/` that `files` no longer has: the directory
/// page's theme assets, named by content hash, so each theme change would otherwise leave the
/// old ones behind. Nothing is removed when `files` has no assets (a theme that failed to load).
pub fn prune_root_assets(out: &Path, files: &[Output]) -> Result<usize, WriteError> {
    let wanted: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.strip_prefix("assets/"))
        .collect();
    let dir = out.join("assets");
    let (false, Ok(rd)) = (wanted.is_empty(), fs::read_dir(&dir)) else {
        return Ok(0);
    };
    let mut removed = 0;
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.file_type().is_ok_and(|t| t.is_file()) && !wanted.contains(name.as_str()) {
            fs::remove_file(e.path()).map_err(werr(&e.path()))?;
            if !name.starts_with(TMP_PREFIX) {
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// Removes temp leftovers of a killed build directly inside `dir`.
pub fn remove_temp_files(dir: &Path) -> Result<(), WriteError> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Ok(());
    };
    for e in rd.filter_map(Result::ok) {
        if e.file_name().to_string_lossy().starts_with(TMP_PREFIX) && e.path().is_file() {
            fs::remove_file(e.path()).map_err(werr(&e.path()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("congxa-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn unchanged_files_are_not_rewritten_and_stale_removed() {
        let out = tmpdir("stale");
        let a = vec![
            Output {
                path: "index.html".into(),
                bytes: b"a".to_vec(),
            },
            Output {
                path: "x/index.html".into(),
                bytes: b"x".to_vec(),
            },
        ];
        let s = write_site(&out, "s", &a).unwrap();
        assert_eq!(s.written, 2);
        let s = write_site(&out, "s", &a).unwrap();
        assert_eq!((s.written, s.unchanged), (0, 2));
        fs::write(
            out.join("s").join(format!("{TMP_PREFIX}1-index.html")),
            b"torn",
        )
        .unwrap();
        let b = vec![Output {
            path: "index.html".into(),
            bytes: b"b".to_vec(),
        }];
        let s = write_site(&out, "s", &b).unwrap();
        assert_eq!((s.written, s.removed), (1, 1));
        assert!(!out.join("s/x").exists());
        assert_eq!(fs::read_dir(out.join("s")).unwrap().count(), 1);
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn first_build_leftover_of_a_killed_build_is_replaced_whole() {
        let out = tmpdir("fresh");
        let leftover = out.join(format!("{TMP_PREFIX}s"));
        fs::create_dir_all(leftover.join("old")).unwrap();
        fs::write(leftover.join("old/index.html"), b"half").unwrap();
        let a = vec![Output {
            path: "a/b/index.html".into(),
            bytes: b"new".to_vec(),
        }];
        let s = write_site(&out, "s", &a).unwrap();
        assert_eq!(s.written, 1);
        assert!(!leftover.exists());
        assert!(!out.join("s/old").exists());
        assert_eq!(fs::read(out.join("s/a/b/index.html")).unwrap(), b"new");
        let _ = fs::remove_dir_all(&out);
    }
}
