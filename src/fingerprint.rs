//! Per-site fingerprints so a rebuild skips sites whose inputs did not change: a hash of every
//! file of the site folder, of the shared catalog, of the theme, of the binary and of the build
//! options, plus the next moment the clock alone changes the site (a scheduled page, an
//! expiring banner, an event becoming past). Stored under `<root>/.congxa-cache/`, never in the
//! output folder. A site is skipped only when the fingerprint matches, that moment has not
//! come, and its output folder is exactly as the last build left it (paths, sizes, times).
//!
//! Hashing every byte of every site is what a no-change rebuild of the country would spend its
//! time on (2.6 GB read), so a site folder's hash is kept with the file-system state it was
//! computed from (path, size, modification and change time, inode of every file), as git's
//! index does: when the state is the same, the stored hash is used without reading a byte. A
//! file changed in the same instant the hash was taken could hide behind an equal state, so a
//! state with a file touched in the last few seconds is never stored.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

fn hash_tree(h: &mut Sha256, dir: &Path) {
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_dir() {
            continue;
        }
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
        h.update(rel.to_string_lossy().as_bytes());
        h.update([0]);
        // Symlinks are hashed by their target's bytes, like the build reads them.
        match std::fs::read(e.path()) {
            Ok(b) => {
                h.update((b.len() as u64).to_le_bytes());
                h.update(&b);
            }
            Err(_) => h.update(b"unreadable"),
        }
    }
}

/// The file-system state of every file under `dir` (see module doc), and the newest
/// modification or change time in it (seconds since the epoch).
fn stat_state(dir: &Path) -> (String, i64) {
    let mut h = Sha256::new();
    let mut newest = 0;
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_dir() {
            continue;
        }
        h.update(
            e.path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .as_bytes(),
        );
        h.update([0]);
        // The target's state for a symlink: the build reads the target.
        match std::fs::metadata(e.path()) {
            Ok(m) => {
                let (mtime, ctime, ino) = times(&m);
                newest = newest.max(mtime / 1_000_000_000).max(ctime / 1_000_000_000);
                h.update(m.len().to_le_bytes());
                h.update(mtime.to_le_bytes());
                h.update(ctime.to_le_bytes());
                h.update(ino.to_le_bytes());
            }
            Err(_) => h.update(b"unreadable"),
        }
    }
    (format!("{:x}", h.finalize()), newest as i64)
}

/// Modification and change time (ns) and inode of a file; the change time and inode exist
/// only on Unix (elsewhere the modification time stands in).
fn times(m: &std::fs::Metadata) -> (i128, i128, u64) {
    let mtime = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let ctime = i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec());
        (mtime, ctime, m.ino())
    }
    #[cfg(not(unix))]
    {
        (mtime, mtime, 0)
    }
}

/// Hash of every file under a site folder, from the stored hash when its file-system state is
/// unchanged (see module doc).
fn site_tree_digest(root: &Path, folder: &str, dir: &Path) -> String {
    let cache = root.join(".congxa-cache").join("inputs").join(folder);
    let (state, newest) = stat_state(dir);
    if let Ok(text) = std::fs::read_to_string(&cache) {
        let mut lines = text.lines();
        if lines.next() == Some(state.as_str())
            && let Some(hash) = lines.next()
        {
            return hash.to_owned();
        }
    }
    let mut h = Sha256::new();
    hash_tree(&mut h, dir);
    let hash = format!("{:x}", h.finalize());
    let now = OffsetDateTime::now_utc().unix_timestamp();
    if newest < now - 2 {
        if let Some(d) = cache.parent() {
            let _ = std::fs::create_dir_all(d);
        }
        // Best effort: without it the next build hashes the bytes again.
        let _ = std::fs::write(&cache, format!("{state}\n{hash}\n"));
    }
    hash
}

/// Identity of the running binary (version, size and modification time of the executable),
/// so a new congxa build renders everything again. Metadata, not bytes: hashing a large
/// executable on every build would cost more than it saves.
fn binary_digest() -> &'static str {
    static D: OnceLock<String> = OnceLock::new();
    D.get_or_init(|| {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
            h.update(meta.len().to_le_bytes());
            if let Ok(t) = meta.modified().and_then(|m| {
                m.duration_since(std::time::UNIX_EPOCH)
                    .map_err(std::io::Error::other)
            }) {
                h.update(t.as_nanos().to_le_bytes());
            }
        }
        format!("{:x}", h.finalize())
    })
}

/// Hash of the shared inputs of every site: the catalog folder (`content/`).
pub fn shared_digest(root: &Path) -> String {
    let mut h = Sha256::new();
    hash_tree(&mut h, &root.join("content"));
    format!("{:x}", h.finalize())
}

/// The fingerprint of one site's inputs: the site folder `site_dir` of `folder` under the
/// project `root`, with the shared inputs' digests.
pub fn site_digest(
    root: &Path,
    folder: &str,
    site_dir: &Path,
    shared: &str,
    theme: &str,
    options: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(binary_digest().as_bytes());
    h.update(shared.as_bytes());
    h.update(theme.as_bytes());
    h.update(options.as_bytes());
    h.update(site_tree_digest(root, folder, site_dir).as_bytes());
    format!("{:x}", h.finalize())
}

/// Where the fingerprint of `folder` built into `out` is kept.
fn store(root: &Path, out: &Path, folder: &str) -> PathBuf {
    let abs = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf());
    let key = format!("{:x}", Sha256::digest(abs.to_string_lossy().as_bytes()));
    root.join(".congxa-cache")
        .join("fingerprints")
        .join(&key[..16])
        .join(folder)
}

/// The state of a published site folder: every file's path, size and modification time.
/// Cheap (no reads), and it changes when anything outside congxa touched the folder.
fn output_state(out: &Path, folder: &str) -> String {
    let dir = out.join(folder);
    let mut h = Sha256::new();
    for e in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(meta) = e.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        h.update(
            e.path()
                .strip_prefix(&dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .as_bytes(),
        );
        h.update(meta.len().to_le_bytes());
        if let Ok(t) = meta.modified().and_then(|m| {
            m.duration_since(std::time::UNIX_EPOCH)
                .map_err(std::io::Error::other)
        }) {
            h.update(t.as_nanos().to_le_bytes());
        }
    }
    format!("{:x}", h.finalize())
}

/// Whether the site can be skipped: same input fingerprint, its clock-dependent moment not
/// reached, and its published folder exactly as the last build left it.
pub fn unchanged(root: &Path, out: &Path, folder: &str, digest: &str, now: OffsetDateTime) -> bool {
    let Ok(text) = std::fs::read_to_string(store(root, out, folder)) else {
        return false;
    };
    let mut lines = text.lines();
    if lines.next() != Some(digest) {
        return false;
    }
    let until = lines.next().and_then(|l| l.parse::<i64>().ok());
    if until.is_some_and(|u| now.unix_timestamp() >= u) {
        return false;
    }
    let state = lines.next();
    out.join(folder).join("index.html").is_file()
        && state == Some(output_state(out, folder).as_str())
}

/// Records a successful write (after it: the output state is part of the record).
pub fn record(
    root: &Path,
    out: &Path,
    folder: &str,
    digest: &str,
    next_change: Option<OffsetDateTime>,
) {
    let path = store(root, out, folder);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let until = next_change
        .map(|t| t.unix_timestamp().to_string())
        .unwrap_or_default();
    let state = output_state(out, folder);
    // Best effort: a missing fingerprint only means the next build renders the site again.
    let _ = std::fs::write(path, format!("{digest}\n{until}\n{state}\n"));
}

/// Forgets a site's fingerprint (after a failed write).
pub fn forget(root: &Path, out: &Path, folder: &str) {
    let _ = std::fs::remove_file(store(root, out, folder));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn set_mtime(path: &Path, t: SystemTime) {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    #[test]
    fn same_size_edit_with_the_old_mtime_is_still_seen() {
        let root = std::env::temp_dir().join(format!("congxa-fp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let site = root.join("sites/s");
        std::fs::create_dir_all(&site).unwrap();
        let file = site.join("a.md");
        std::fs::write(&file, "aaaa").unwrap();
        let old = SystemTime::now() - Duration::from_secs(60);
        set_mtime(&file, old);
        let cache = root.join(".congxa-cache/inputs/s");
        // A file just touched: the state is not trusted, so nothing is stored.
        let first = site_tree_digest(&root, "s", &site);
        assert!(!cache.exists(), "ctime is recent: not stored");
        // Once the files are older, the state is stored and reused without reading bytes.
        std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
        std::fs::write(
            &cache,
            format!("{}\n{}\n", stat_state(&site).0, "stored-hash"),
        )
        .unwrap();
        assert_eq!(site_tree_digest(&root, "s", &site), "stored-hash");
        // Same size, mtime put back: the change time (and so the state) still differs.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&file, "bbbb").unwrap();
        set_mtime(&file, old);
        let after = site_tree_digest(&root, "s", &site);
        assert_ne!(after, "stored-hash");
        assert_ne!(after, first);
        let _ = std::fs::remove_dir_all(&root);
    }
}
