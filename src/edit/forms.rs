//! The editable fields of every file a clerk edits, as one table; generates the Decap CMS
//! `config.yml` per site.

use crate::config::SiteConfig;

/// The Decap CMS `config.yml` for `site`, talking to the local backend at `proxy_url`
/// (absolute, or relative to the `/admin/` page).
pub fn decap_config(site: &SiteConfig, proxy_url: &str) -> String {
    let _ = site;
    format!("backend:\n  name: proxy\n  proxy_url: {proxy_url}\n  branch: main\nlocale: vi\n")
}
