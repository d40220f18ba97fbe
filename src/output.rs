//! The only module that writes to the output folder. A site is written only after all its
//! pages rendered; only files whose bytes changed are rewritten, each atomically (a temp file
//! with a fixed prefix, then rename: a killed build leaves every file old or new, never torn;
//! no fsync, the threat is a killed process, not power loss); stale files are removed; nothing
//! outside `<out>/<folder>/`, the site's redirects and the project-level files is touched.

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
    fs::create_dir_all(parent).map_err(werr(parent))?;
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

/// Replaces the content of `<out>/<folder>/` with `outputs`, changing only what differs.
pub fn write_site(out: &Path, folder: &str, outputs: &[Output]) -> Result<WriteStats, WriteError> {
    let dir = out.join(folder);
    fs::create_dir_all(&dir).map_err(werr(&dir))?;
    let mut stats = WriteStats::default();
    let wanted: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    for o in outputs {
        let path = dir.join(&o.path);
        if write_if_changed(&path, &o.bytes)? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    stats.removed += remove_stale(&dir, &wanted)?;
    Ok(stats)
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
}
