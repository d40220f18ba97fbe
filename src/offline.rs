//! The site's service worker (`<site>/sw.js`): offline copies of the home page, the theme's
//! assets, the pages a resident visited and the procedure pages saved with "Lưu để xem khi mất
//! mạng" (see `offline/sw.js` for the caching rules). Its version is a hash of every other file
//! of the site, so a build that changes nothing writes the same bytes and a build that changes
//! anything makes browsers replace the old caches. Not written for the preview server.

use crate::outfile::Output;
use crate::theme::{Theme, hex8};

/// Where the worker is published in a site's folder; its scope is the folder.
pub const PATH: &str = "sw.js";

const SOURCE: &str = include_str!("offline/sw.js");

/// The worker for a site whose other files are `outputs`.
pub fn worker(outputs: &[Output], theme: &Theme) -> Output {
    let mut parts: Vec<(&str, &[u8])> = outputs
        .iter()
        .filter(|o| o.path != PATH)
        .map(|o| (o.path.as_str(), o.bytes.as_slice()))
        .collect();
    parts.sort_unstable();
    let mut all = Vec::new();
    for (path, bytes) in parts {
        // Length-prefixed so two different sets of files cannot hash the same bytes.
        all.extend_from_slice(&(path.len() as u64).to_le_bytes());
        all.extend_from_slice(path.as_bytes());
        all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        all.extend_from_slice(bytes);
    }
    let version = hex8(&all);
    let precache: Vec<String> = std::iter::once("./".to_owned())
        .chain(
            theme
                .asset_paths
                .values()
                .filter(|p| !p.ends_with(".json"))
                .cloned(),
        )
        .collect();
    let list = crate::textfmt::json::script(&precache);
    // The minifier keeps comments; they are for the repository, not for every phone.
    let src: String = SOURCE
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("__VERSION__", &version)
        .replace("__PRECACHE__", &list);
    Output {
        path: PATH.to_owned(),
        bytes: crate::minify::asset(PATH, src.into_bytes()),
    }
}
