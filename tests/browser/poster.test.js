// Notice-board posters (<item>/ap-phich/, src/reach/poster.rs, themes/default/static/poster.css):
// every demo poster prints on ONE A4 page (pages counted in the PDF Chromium writes) with its QR
// code visible on that page at a size a phone can scan, within the weight budgets, with no
// request refused by the CSP or missing; the item's page links to it.
// Run: node --test tests/browser/poster.test.js   (after a build of the demo into public/).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers.js');

h.requirePublic();
const env = h.suite();

const A4 = { width: 794, height: 1123 }; // CSS px at 96 dpi (210 × 297 mm)
const MM = 96 / 25.4;

/** URL paths of every poster of the build: /<site>/<section>/<slug>/ap-phich/. */
function posters() {
  const out = [];
  for (const site of h.sites()) {
    for (const section of ['thong-bao', 'su-kien']) {
      const dir = path.join(h.PUBLIC_DIR, site, section);
      if (!fs.existsSync(dir)) continue;
      for (const slug of fs.readdirSync(dir).sort()) {
        if (fs.existsSync(path.join(dir, slug, 'ap-phich', 'index.html'))) out.push(`/${site}/${section}/${slug}/ap-phich/`);
      }
    }
  }
  return out;
}

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree). */
function pdfPages(buf) {
  return (buf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

test('every poster prints on one A4 page with its QR code visible', async () => {
  const list = posters();
  assert.ok(list.length >= 20, `only ${list.length} posters in ${h.PUBLIC_DIR}`);
  const { ctx, page, errors, missing } = await h.newPage(env.browser, { viewport: { width: A4.width, height: A4.height } });
  const csp = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  try {
    for (const url of list) {
      await page.goto(`${env.server.origin}${url}`);
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      assert.equal(pdfPages(pdf), 1, `${url} prints on ${pdfPages(pdf)} pages`);
      await page.emulateMedia({ media: 'print' });
      const qr = await page.locator('figure.qr svg').boundingBox();
      assert.ok(qr, `${url}: QR code not rendered`);
      assert.ok(qr.width >= 40 * MM && qr.height >= 40 * MM, `${url}: QR code only ${Math.round(qr.width / MM)} mm wide`);
      assert.ok(qr.x >= 0 && qr.y >= 0 && qr.x + qr.width <= A4.width && qr.y + qr.height <= A4.height,
        `${url}: QR code outside the A4 page (${JSON.stringify(qr)})`);
      assert.equal(await page.locator('.help').isVisible(), false, `${url}: the on-screen help is printed`);
      await page.emulateMedia({ media: null }); // page.pdf() prints with the print media unless told otherwise
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(missing, []);
    assert.deepEqual(csp, []);
  } finally {
    await ctx.close();
  }
});

test('the poster is linked from its page and stays within the weight budgets', async () => {
  const url = posters()[0];
  const item = url.replace(/ap-phich\/$/, '');
  const { ctx, page } = await h.newPage(env.browser);
  try {
    await page.goto(`${env.server.origin}${item}`);
    await page.getByRole('link', { name: 'In áp phích dán bảng tin (khổ A4)' }).click();
    await page.waitForURL(`${env.server.origin}${url}`);
    assert.match(await page.locator('h1').innerText(), /\S/);
  } finally {
    await ctx.close();
  }
  for (const poster of posters()) {
    const file = h.fileFor(poster);
    const html = h.gzipSize(file);
    const total = html + h.assetsOf(file).reduce((n, f) => n + h.gzipSize(f), 0);
    assert.ok(html <= 14 * 1024, `${poster}: HTML ${html} B gzip > 14 KB`);
    assert.ok(total <= 50 * 1024, `${poster}: ${total} B gzip > 50 KB`);
  }
});
