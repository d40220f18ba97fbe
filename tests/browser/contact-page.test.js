// The contact page of every demo site gives the contacts of its site.yaml, the same as the footer,
// with the hotline a tap away on a phone (360×640). Run after building the demo:
//   cargo run -- build --now 2026-11-23T08:00:00+07:00 && node --test tests/browser/contact-page.test.js
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers.js');

h.requirePublic();
const SITES = h.sites().filter((s) => fs.existsSync(path.join(h.PUBLIC_DIR, s, 'lien-he', 'index.html')));

/** `hotline: "…"` of a site's site.yaml, as digits: the one source of the number. */
function hotlineDigits(site) {
  const yaml = fs.readFileSync(path.join(h.REPO, 'sites', site, 'site.yaml'), 'utf8');
  const m = yaml.match(/^hotline:\s*"([^"]+)"/m);
  return m ? m[1].replace(/\D/g, '') : null;
}

const env = h.suite();

test('the demo has contact pages to test', () => {
  assert.ok(SITES.length > 0, `no site with lien-he/ in ${h.PUBLIC_DIR}`);
});

for (const site of SITES) {
  test(`${site}: the contact page's hotline is site.yaml's and the footer's, within two screens at 360×640`, async () => {
    const want = hotlineDigits(site);
    assert.ok(want, `sites/${site}/site.yaml has no hotline`);
    const ctx = await env.browser.newContext({ viewport: { width: 360, height: 640 } });
    const page = await ctx.newPage();
    try {
      await page.goto(`${env.server.origin}/${site}/lien-he/`);
      const tels = await page.$$eval('main a[href^="tel:"]', (as) => as.map((a) => ({
        href: a.getAttribute('href'), top: a.getBoundingClientRect().top + window.scrollY,
      })));
      assert.ok(tels.length > 0, 'no tel: link in <main> of the contact page');
      const first = tels[0];
      assert.equal(first.href.replace(/\D/g, '').replace(/^84/, '0'), want,
        `first tel: link ${first.href} is not site.yaml's hotline ${want}`);
      assert.ok(first.top < 1280, `hotline starts at y=${first.top}, below two phone screens`);
      const footer = await page.$eval('footer a[href^="tel:"]', (a) => a.getAttribute('href'));
      assert.equal(footer, first.href, 'the footer and the contact page give different numbers');
      // No placeholder text reaches a published page.
      const text = await page.textContent('main');
      assert.ok(!text.includes('[Cần điền'), 'a [Cần điền…] placeholder is on the contact page');
    } finally {
      await ctx.close();
    }
  });
}
