// The procedure lists at catalog scale, without JavaScript: a demo project with 700 generated
// procedures (bench/gencatalog.py) splits the A–Z index into letter pages, long letters and
// fields into numbered pages, and the search page's list into letter pages. A resident follows
// the letter bar, the "Trang sau" link and a procedure link with scripts off, and axe finds no
// WCAG A/AA problem on those pages.
//
// Builds the project itself into a temporary folder, with the newer congxa binary of
// target/release/ and target/debug/ (`CONGXA_BIN` overrides).
// Run: node --test tests/browser/letter-pages.test.js
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const SITE = 'phuong-cam-thanh';

function congxa() {
  if (process.env.CONGXA_BIN) return process.env.CONGXA_BIN;
  const bins = ['release', 'debug'].map((p) => path.join(REPO, 'target', p, 'congxa')).filter((b) => fs.existsSync(b))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (bins.length === 0) throw new Error('no congxa binary: run `cargo build` first, or set CONGXA_BIN');
  return bins[0];
}

/** The demo project with 700 generated procedures, built; returns the temporary folder. */
function buildAtScale() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congxa-letters-'));
  for (const d of ['content', 'sites', 'themes', 'data']) {
    fs.cpSync(path.join(REPO, d), path.join(dir, 'project', d), { recursive: true });
  }
  execFileSync('python3', [path.join(REPO, 'bench', 'gencatalog.py'), '--dest', path.join(dir, 'project', 'content', 'procedures'), '--count', '700'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const env = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  execFileSync(congxa(), ['build', '--root', path.join(dir, 'project'), '--out', path.join(dir, 'out'), '--now', '2026-11-23T08:00:00+07:00'],
    { stdio: ['ignore', 'ignore', 'pipe'], env });
  return dir;
}

const TMP = buildAtScale();
process.env.PUBLIC_DIR = path.join(TMP, 'out');
const h = require('./helpers.js');
const env = h.suite({ cleanup: () => fs.rmSync(TMP, { recursive: true, force: true }) });

async function noScript() {
  return h.newPage(env.browser, { javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
}

test('without JavaScript the index leads by letter and page to every procedure', async () => {
  const { ctx, page, missing } = await noScript();
  try {
    await page.goto(`${env.server.origin}/${SITE}/thu-tuc/`);
    // The index keeps the fields and the life events, and its A–Z part is a letter bar.
    assert.ok(await page.locator('main a[href$="thu-tuc/linh-vuc/dat-dai/"]').count() > 0);
    const bar = page.locator('main nav.letters a');
    assert.ok(await bar.count() > 5, 'a letter bar');
    await page.locator('main nav.letters a', { hasText: /^C$/ }).click();
    assert.match(page.url(), /\/thu-tuc\/a-z\/c\/$/);
    assert.match(await page.locator('h1').innerText(), /chữ C \(trang 1\/\d\)$/);
    assert.equal(await page.locator('main nav.letters a[aria-current="page"]').first().innerText(), 'C');
    await page.locator('a[rel="next"]').click();
    assert.match(page.url(), /\/thu-tuc\/a-z\/c\/trang-2\/$/);
    assert.match(await page.locator('h1').innerText(), /\(trang 2\/\d\)$/);
    assert.equal(await page.locator('main nav[aria-label="Các trang"] a[aria-current="page"]').innerText(), '2');
    await page.locator('main ul.plain a').first().click();
    assert.match(page.url(), /\/thu-tuc\/[a-z0-9-]+\/$/);
    assert.equal(await page.locator('h1').count(), 1);
    // Đ has its own page, apart from D.
    await page.goto(`${env.server.origin}/${SITE}/thu-tuc/a-z/dd/`);
    assert.match(await page.locator('h1').innerText(), /chữ Đ( \(trang 1\/\d\))?$/);
    assert.deepEqual(missing, []);
  } finally {
    await ctx.close();
  }
});

test('without JavaScript the search page lists everything through its letter pages', async () => {
  const { ctx, page, missing } = await noScript();
  try {
    await page.goto(`${env.server.origin}/${SITE}/tim-kiem/`);
    const letters = page.locator('#az nav.letters a');
    assert.ok(await letters.count() > 5);
    assert.equal(await page.locator('#az ul.plain').count(), 0, 'no item list on the search page itself');
    await letters.first().click();
    assert.match(page.url(), /\/tim-kiem\/a-z\/[a-z0-9-]+\/$/);
    assert.ok(await page.locator('main ul.plain li').count() > 0);
    assert.ok(await page.locator('main ul.plain .meta').count() > 0, 'each item says its kind');
    assert.deepEqual(missing, []);
  } finally {
    await ctx.close();
  }
});

test('axe finds no WCAG A or AA problem on the split list pages', async () => {
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const pages = ['thu-tuc/', 'thu-tuc/a-z/dd/', 'thu-tuc/a-z/c/trang-2/', 'thu-tuc/linh-vuc/dat-dai/trang-2/', 'tim-kiem/', 'tim-kiem/a-z/c/'];
  const { ctx, page } = await h.newPage(env.browser, { bypassCSP: true });
  const failures = [];
  try {
    for (const p of pages) {
      await page.goto(`${env.server.origin}/${SITE}/${p}`);
      await page.addScriptTag({ content: axeSource });
      const res = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
      for (const v of res.violations) {
        for (const n of v.nodes) failures.push(`${p}: ${v.id} ${n.target.join(' ')}`);
      }
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(failures, []);
});
