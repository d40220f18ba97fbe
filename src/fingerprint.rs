//! Per-site fingerprints so a rebuild skips sites whose inputs did not change: a hash of every
//! file of the site folder, of the shared catalog, of the theme, of the binary and of the build
//! options, plus the next moment the clock alone changes the site (a scheduled page, an
//! expiring banner, an event becoming past). Stored under `<root>/.congxa-cache/`, never in the
//! output folder. A site is skipped only when the fingerprint matches, that moment has not
//! come, and its output folder is exactly as the last build left it (paths, sizes, times).
//!
//! Hashing every byte of every site is what a no-change rebuild of the country would spend its
//! time on (2.6 GB read), so the record also holds the site folder's file-system state (path,
//! size, modification and change time, inode of every file), as git's index does: when the
//! state is the same, the inputs are taken as unchanged without reading a byte; only when it
//! differs are the bytes hashed and compared (a fresh clone has new times, same bytes). A file
//! changed in the same instant the state was taken could hide behind an equal state, so a
//! state with a file touched in the last few seconds is never trusted. A site never built into
//! this output renders anyway, so its bytes are not hashed then (a cold build reads each
//! source file once).
//!
//! Record (one per output folder and site, five lines): state digest, content digest (may be
//! empty), next clock-dependent change (Unix seconds, may be empty), output state, build clock
//! (Unix seconds). The output rendered at clock B is the site's for every clock from B up to
//! the next change; a build at an earlier clock (a `--now` in the past, as the demo's, after a
//! build at today's date) renders again, since an expired notice may be current then. A record
//! without the fifth line (an older congxa's) renders once.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use time::OffsetDateTime;

use crate::hash::Hasher;
// Kept for `reach::link`'s short-link codes until it calls `hash` directly.
pub use crate::hash::sha256;

fn hash_tree(h: &mut Hasher, root: &Path, dir: &Path) {
    for (rel, path) in crate::fsx::every_file(root, dir) {
        h.update(rel.as_bytes());
        h.update([0]);
        // Symlinks are hashed by their target's bytes, like the build reads them; a FIFO or a
        // link to a device is not read (it would block or never end): the build refuses it.
        match crate::fsx::read_regular(&path, crate::fsx::MAX_STATIC_BYTES) {
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
fn stat_state(root: &Path, dir: &Path) -> (String, i64) {
    let mut h = Hasher::new();
    let mut newest = 0;
    for (rel, path) in crate::fsx::every_file(root, dir) {
        h.update(rel.as_bytes());
        h.update([0]);
        // The target's state for a symlink: the build reads the target.
        match std::fs::metadata(&path) {
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
    (h.hex(), newest as i64)
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

/// Identity of the running binary (version, size and modification time of the executable),
/// so a new congxa build renders everything again. Metadata, not bytes: hashing a large
/// executable on every build would cost more than it saves.
fn binary_digest() -> &'static str {
    static D: OnceLock<String> = OnceLock::new();
    D.get_or_init(|| {
        let mut h = Hasher::new();
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
        h.hex()
    })
}

/// Hash of the shared inputs of every site: the catalog folder (`content/`).
pub fn shared_digest(root: &Path) -> String {
    let mut h = Hasher::new();
    hash_tree(&mut h, root, &root.join("content"));
    h.hex()
}

/// Where the fingerprint of `folder` built into `out` is kept.
fn store(root: &Path, out: &Path, folder: &str) -> PathBuf {
    root.join(".congxa-cache")
        .join("fingerprints")
        .join(out_key(out))
        .join(folder)
}

/// The name under `.congxa-cache/<kind>/` of the records kept for the output folder `out`
/// (fingerprints, output manifests, locks): a digest of its canonical path.
pub fn out_key(out: &Path) -> String {
    let abs = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf());
    let key = crate::hash::sha256_hex(abs.to_string_lossy().as_bytes());
    key[..16].to_owned()
}

/// Folders with a fingerprint for `out`: every site built into it (and not forgotten).
pub fn built_folders(root: &Path, out: &Path) -> Vec<String> {
    let dir = store(root, out, "x");
    let Some(dir) = dir.parent() else {
        return Vec::new();
    };
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = rd
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Forgets the fingerprint of `folder` in `out` (its output folder was removed).
pub fn forget_folder(root: &Path, out: &Path, folder: &str) {
    let _ = std::fs::remove_file(store(root, out, folder));
}

/// The state of a published site folder from its files' path, size and modification time, in
/// path order. Cheap (no reads); it changes when anything outside congxa touched the folder.
fn state_of(mut files: Vec<(String, u64, i128)>) -> String {
    files.sort();
    let mut h = Hasher::new();
    for (path, len, mtime) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(len.to_le_bytes());
        h.update(mtime.to_le_bytes());
    }
    h.hex()
}

/// The state of the folder as found on disk (every file, including any nobody wrote).
fn output_state(out: &Path, folder: &str) -> String {
    let dir = out.join(folder);
    let files = crate::fsx::regular_files_unfollowed(&dir)
        .into_iter()
        .map(|(rel, meta)| (rel, meta.len(), times(&meta).0))
        .collect();
    state_of(files)
}

/// The state of the folder right after a build wrote `paths` into it: a `stat` per file,
/// no directory walk (a cold build would otherwise list every page's folder again).
fn written_state(out: &Path, folder: &str, paths: &[&str]) -> String {
    let dir = out.join(folder);
    let files = paths
        .iter()
        .filter_map(|p| {
            let meta = std::fs::metadata(dir.join(p)).ok()?;
            Some(((*p).to_owned(), meta.len(), times(&meta).0))
        })
        .collect();
    state_of(files)
}

/// The clock window and output state of the last recorded build.
#[derive(Debug)]
struct Recorded {
    /// Next clock-dependent change (Unix seconds), `None` when nothing is pending.
    until: Option<i64>,
    /// Build clock of that build (Unix seconds).
    built: i64,
    /// Output folder state right after it.
    output: String,
}

impl Recorded {
    /// Whether the output rendered then is still the site's at `now`.
    fn covers(&self, now: OffsetDateTime) -> bool {
        let t = now.unix_timestamp();
        t >= self.built && self.until.is_none_or(|u| t < u)
    }

    fn lines(&self, state: &str, content: &str) -> String {
        let until = self.until.map(|u| u.to_string()).unwrap_or_default();
        format!(
            "{state}\n{content}\n{until}\n{}\n{}\n",
            self.output, self.built
        )
    }
}

/// One site's fingerprint, taken before its build (see module doc).
#[derive(Debug)]
pub struct Fingerprint {
    store: PathBuf,
    /// Digest of the shared inputs and the site folder's file-system state; empty when a file
    /// is too recent to trust its state.
    state: String,
    /// Digest of the shared inputs and the site folder's bytes, when it was computed.
    content: Option<String>,
    /// Whether the inputs are those of the last recorded build.
    same_inputs: bool,
    /// What the last build recorded, when the inputs are the same.
    recorded: Option<Recorded>,
    /// Whether the record's state line is out of date while its bytes are the same (a fresh
    /// clone, a file touched but not changed).
    stale_state: bool,
}

impl Fingerprint {
    /// Takes the fingerprint of the site in `site_dir` (folder `folder`) to be built into
    /// `out`, with the digests of the shared inputs (`shared`: catalog, theme, options).
    pub fn take(root: &Path, out: &Path, folder: &str, site_dir: &Path, shared: &[&str]) -> Self {
        Self::take_at(root, out, folder, site_dir, shared, crate::dates::now())
    }

    /// `take` with the wall clock given (the racy-state window is measured from it).
    fn take_at(
        root: &Path,
        out: &Path,
        folder: &str,
        site_dir: &Path,
        shared: &[&str],
        wall: OffsetDateTime,
    ) -> Self {
        let store = store(root, out, folder);
        let mut base = Hasher::new();
        base.update(binary_digest().as_bytes());
        for s in shared {
            base.update(s.as_bytes());
            base.update([0]);
        }
        let (stat, newest) = stat_state(root, site_dir);
        let racy = newest >= wall.unix_timestamp() - 2;
        let state = if racy {
            String::new()
        } else {
            let mut h = base.clone();
            h.update(b"state");
            h.update(stat.as_bytes());
            h.hex()
        };
        // A record is five short lines; anything else in its place (a FIFO, a huge file) is
        // read as no record, never waited on.
        let text = crate::fsx::read_regular(&store, 64 * 1024)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        let mut lines = text.lines();
        let (old_state, old_content) = (lines.next(), lines.next());
        let until = lines.next().map(|l| l.parse::<i64>().ok());
        let old_output = lines.next();
        let built = lines.next().and_then(|l| l.parse::<i64>().ok());
        let mut fp = Fingerprint {
            store,
            state,
            content: None,
            same_inputs: false,
            recorded: None,
            stale_state: false,
        };
        let (Some(old_state), Some(old_content), Some(until), Some(old_output), Some(built)) =
            (old_state, old_content, until, old_output, built)
        else {
            // Never built into this output: it renders anyway, so its bytes are not read
            // twice; the next build hashes them if the state changed.
            return fp;
        };
        if !fp.state.is_empty() && fp.state == old_state {
            fp.same_inputs = true;
            fp.content = (!old_content.is_empty()).then(|| old_content.to_owned());
        } else {
            let mut h = base;
            h.update(b"content");
            hash_tree(&mut h, root, site_dir);
            let content = h.hex();
            fp.same_inputs = content == old_content;
            fp.stale_state = fp.same_inputs && !fp.state.is_empty();
            fp.content = Some(content);
        }
        if fp.same_inputs {
            fp.recorded = Some(Recorded {
                until,
                built,
                output: old_output.to_owned(),
            });
        }
        fp
    }

    /// Whether the site can be skipped: same inputs, its clock-dependent moment not reached,
    /// and its published folder exactly as the last build left it. When it can and only the
    /// file-system state of its sources moved, the record takes the new state, so the next
    /// check reads no bytes.
    pub fn unchanged(&self, out: &Path, folder: &str, now: OffsetDateTime) -> bool {
        let Some(rec) = &self.recorded else {
            return false;
        };
        if !rec.covers(now) {
            return false;
        }
        let same = out.join(folder).join("index.html").is_file()
            && rec.output == output_state(out, folder);
        if same && self.stale_state {
            let content = self.content.as_deref().unwrap_or_default();
            let _ =
                crate::fsx::write_atomic(&self.store, rec.lines(&self.state, content).as_bytes());
        }
        same
    }

    /// Records a successful write of `paths` into `<out>/<folder>`, rendered at the build
    /// clock `now`, current until `next_change`.
    pub fn record(
        &self,
        out: &Path,
        folder: &str,
        paths: &[&str],
        now: OffsetDateTime,
        next_change: Option<OffsetDateTime>,
    ) {
        if let Some(dir) = self.store.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let rec = Recorded {
            until: next_change.map(OffsetDateTime::unix_timestamp),
            built: now.unix_timestamp(),
            output: written_state(out, folder, paths),
        };
        let content = self.content.as_deref().unwrap_or_default();
        // Best effort: a missing fingerprint only means the next build renders the site again.
        let _ = crate::fsx::write_atomic(&self.store, rec.lines(&self.state, content).as_bytes());
    }

    /// Forgets the site's fingerprint (after a failed write).
    pub fn forget(&self) {
        let _ = std::fs::remove_file(&self.store);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn output_covers_its_clock_window_only() {
        let at = |t: i64| OffsetDateTime::from_unix_timestamp(t).unwrap();
        let rec = Recorded {
            until: Some(100),
            built: 50,
            output: String::new(),
        };
        assert!(!rec.covers(at(49)), "an earlier clock renders again");
        assert!(rec.covers(at(50)) && rec.covers(at(99)));
        assert!(!rec.covers(at(100)), "the next change is due");
        let forever = Recorded { until: None, ..rec };
        assert!(forever.covers(at(1_000_000)) && !forever.covers(at(49)));
    }

    #[test]
    fn record_reads_back_with_its_build_clock() {
        let rec = Recorded {
            until: None,
            built: 1_795_400_000,
            output: "o".into(),
        };
        let text = rec.lines("s", "c");
        assert_eq!(text, "s\nc\n\no\n1795400000\n");
    }

    fn set_mtime(path: &Path, t: SystemTime) {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    /// A build as `build_one` does it: fingerprint, then (if not skipped) write and record.
    fn build(root: &Path, site: &Path, later: OffsetDateTime) -> bool {
        let out = root.join("out");
        let fp = Fingerprint::take_at(root, &out, "s", site, &["catalog", "theme"], later);
        if fp.unchanged(&out, "s", later) {
            return false;
        }
        std::fs::create_dir_all(out.join("s")).unwrap();
        std::fs::write(out.join("s/index.html"), "page").unwrap();
        fp.record(&out, "s", &["index.html"], later, None);
        true
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
        let now = OffsetDateTime::now_utc();
        // Files just written: their state is not trusted; the first build does not hash.
        assert!(build(&root, &site, now), "first build renders");
        assert!(build(&root, &site, now), "no bytes recorded yet: renders");
        assert!(!build(&root, &site, now), "same bytes: skipped");
        // A minute later the state is trusted and recorded by the skipped build.
        let later = now + time::Duration::minutes(1);
        assert!(!build(&root, &site, later));
        let record = std::fs::read_to_string(store(&root, &root.join("out"), "s")).unwrap();
        assert!(!record.starts_with('\n'), "state recorded: {record}");
        assert!(!build(&root, &site, later));
        // Same size, mtime put back: the change time (and so the state) differs.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&file, "bbbb").unwrap();
        set_mtime(&file, old);
        assert!(build(&root, &site, later), "edited file seen");
        // The output touched by someone else: rendered again.
        assert!(!build(&root, &site, later));
        std::fs::write(root.join("out/s/index.html"), "gone").unwrap();
        assert!(build(&root, &site, later), "changed output seen");
        let _ = std::fs::remove_dir_all(&root);
    }
}
