//! Files for crawlers and channels: `sitemap.xml` (and the project's sitemap index),
//! `robots.txt`, and the loudspeaker scripts.

use crate::content::Page;

use super::helpers::Cx;

/// A site's `sitemap.xml`: one `<loc>` per page path under `base`.
pub fn sitemap(base: &str, pages: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        s.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            crate::textfmt::xml::text(&format!("{base}{p}"))
        ));
    }
    s.push_str("</urlset>\n");
    s
}

/// The project's sitemap index: one `<loc>` per site's `sitemap.xml` URL.
pub fn sitemap_index<S: AsRef<str>>(sitemaps: &[S]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for loc in sitemaps {
        s.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            crate::textfmt::xml::text(loc.as_ref())
        ));
    }
    s.push_str("</sitemapindex>\n");
    s
}

/// The site's sitemap: every template page of the plan.
pub fn site_sitemap(cx: &Cx<'_>) -> Vec<u8> {
    sitemap(&cx.site.config.base_url.url, &cx.plan.sitemap_urls()).into_bytes()
}

/// `robots.txt`.
pub fn robots(cx: &Cx<'_>) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        cx.site.config.base_url.url
    )
    .into_bytes()
}

/// An announcement's or event's loudspeaker script.
pub fn loudspeaker(cx: &Cx<'_>, p: &Page) -> Vec<u8> {
    let commune = crate::reach::loa::commune_name(&cx.site.config.commune);
    crate::reach::loa::script(&commune, p)
        .map(|paras| crate::reach::loa::file_bytes(&paras))
        .unwrap_or_default()
}
