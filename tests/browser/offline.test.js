// Offline copies (the site's service worker, sw.js) and the "Đọc trang" button.
//
// The worker tests serve a site folder with their own small server, so they can stop it (every
// open connection closed: the browser then really is cut off) and swap the folder it serves.
// The same offline reading is run against a copy without sw.js and must fail there, so the
// worker is what makes the pages readable. The update test builds the demo twice (at the demo
// clock and a later one, so the site's files differ) with the newer of target/{release,debug}/
// congxa, or $CONGXA_BIN.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const h = require('./helpers.js');

const SITE = 'xa-dong-van';
const PAGE = 'gioi-thieu/';
const PROCEDURE = 'thu-tuc/dang-ky-khai-sinh/';
const NOTICE = 'Bạn đang xem bản lưu khi mất mạng, cập nhật lúc';
const DEMO_CLOCK = '2026-11-23T08:00:00+07:00';
const LATER = '2026-12-20T08:00:00+07:00';
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.ico': 'image/x-icon' };

/** Serves `dir()` (read on every request) at /; `stop()` also ends kept-alive connections. */
async function serveDir(dir) {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const root = dir();
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    // no-store: nothing but the worker can keep a copy.
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}

function congxa() {
  if (process.env.CONGXA_BIN) return process.env.CONGXA_BIN;
  const bins = ['release', 'debug'].map((p) => path.join(h.REPO, 'target', p, 'congxa')).filter((b) => fs.existsSync(b))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (bins.length === 0) throw new Error('no congxa binary: run `cargo build` first, or set CONGXA_BIN');
  return bins[0];
}

function buildAt(now) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'congxa-offline-'));
  const env = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  execFileSync(congxa(), ['build', '--root', h.REPO, '--out', out, '--now', now, '--site', SITE], { stdio: ['ignore', 'ignore', 'pipe'], env });
  return out;
}

/** A copy of the built site folder under a fresh temp folder, optionally without sw.js. */
function copySite(from, withWorker) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'congxa-offline-'));
  fs.cpSync(path.join(from, SITE), path.join(out, SITE), {
    recursive: true,
    filter: (src) => withWorker || path.basename(src) !== 'sw.js',
  });
  return out;
}

/** The text the save button's status line shows once the worker has answered. */
async function savedStatus(page) {
  const status = page.locator('button[data-save-offline] ~ [role=status]');
  await page.waitForFunction(() => {
    const s = document.querySelector('button[data-save-offline] ~ [role=status]');
    return s && s.textContent.trim() !== '';
  }, null, { timeout: 10000 });
  return (await status.textContent()).trim();
}

async function cacheNames(page) {
  return page.evaluate(() => caches.keys());
}

async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 10000 });
}

/**
 * Visits the home page, PAGE and PROCEDURE (pressing "Lưu để xem khi mất mạng" there) while
 * the server runs, stops it, and opens PAGE and PROCEDURE again. Returns, per page, whether it
 * opened and what it showed.
 */
async function readOffline(root) {
  const srv = await serveDir(() => root);
  const browser = await h.launch();
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const base = `${srv.origin}/${SITE}/`;
    await page.goto(base);
    const hasWorker = fs.existsSync(path.join(root, SITE, 'sw.js'));
    if (hasWorker) await controlled(page);
    else await page.waitForTimeout(500);
    await page.goto(base + PAGE);
    await page.goto(base + PROCEDURE);
    const saved = { button: false, status: '' };
    const save = page.locator('button[data-save-offline]');
    if (await save.isVisible()) {
      saved.button = true;
      await save.click();
      saved.status = await savedStatus(page);
      saved.caches = await page.evaluate(async (url) => {
        const out = {};
        for (const n of await caches.keys()) out[n] = !!(await (await caches.open(n)).match(url));
        return out;
      }, base + PROCEDURE);
    }
    await srv.stop();
    const read = {};
    for (const p of [PAGE, PROCEDURE]) {
      try {
        await page.goto(base + p, { timeout: 15000 });
        read[p] = {
          ok: true,
          h1: (await page.locator('h1').first().textContent()).trim(),
          notice: await page.locator('#offline-note').isVisible() ? (await page.locator('#offline-note').textContent()).trim() : null,
        };
      } catch (e) {
        read[p] = { ok: false, error: String(e.message).split('\n')[0] };
      }
    }
    return { read, saved };
  } finally {
    await browser.close();
    await srv.stop().catch(() => {});
  }
}

test('a visited page and a saved procedure page open offline from the worker, with the notice; without sw.js they do not', async () => {
  h.requirePublic();
  assert.ok(fs.existsSync(path.join(h.PUBLIC_DIR, SITE, 'sw.js')), `${SITE}/sw.js missing: rebuild the demo`);
  const withWorker = copySite(h.PUBLIC_DIR, true);
  const without = copySite(h.PUBLIC_DIR, false);
  try {
    const on = await readOffline(withWorker);
    assert.ok(on.saved.button, 'the "Lưu để xem khi mất mạng" button is shown on the procedure page');
    assert.match(on.saved.status, /Đã lưu/);
    const savedIn = Object.entries(on.saved.caches).filter(([n, hit]) => hit && /-saved$/.test(n));
    assert.equal(savedIn.length, 1, `the procedure page is in the saved cache: ${JSON.stringify(on.saved.caches)}`);
    for (const p of [PAGE, PROCEDURE]) {
      const r = on.read[p];
      assert.ok(r.ok, `${p} opens offline with the worker: ${r.error}`);
      assert.ok(r.h1.length > 0, `${p} has its heading offline`);
      assert.ok(r.notice && r.notice.startsWith(NOTICE), `${p} shows the offline copy notice: ${r.notice}`);
      assert.match(r.notice, /\d\d:\d\d \d\d\/\d\d\/\d{4}\.$/, 'the notice says when the copy was made');
    }
    const off = await readOffline(without);
    assert.equal(off.saved.button, false, 'no save button without a worker');
    for (const p of [PAGE, PROCEDURE]) {
      assert.equal(off.read[p].ok, false, `${p} must not open offline without the worker (the test would prove nothing)`);
    }
  } finally {
    fs.rmSync(withWorker, { recursive: true, force: true });
    fs.rmSync(without, { recursive: true, force: true });
  }
});

test('pages online are the network copy, without the offline notice; at most 30 visited pages are kept, the oldest visit dropped first', async () => {
  const srv = await serveDir(() => h.PUBLIC_DIR);
  const browser = await h.launch();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${srv.origin}/${SITE}/`);
    await controlled(page);
    await page.goto(`${srv.origin}/${SITE}/${PAGE}`);
    assert.equal(await page.locator('#offline-note').isVisible(), false);
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-saved')), false);
    const paths = h.sitemapPaths(SITE).filter((p) => p !== `/${SITE}/`).slice(0, 34);
    assert.ok(paths.length > 31, `enough pages to pass the bound: ${paths.length}`);
    for (const p of paths) await page.goto(srv.origin + encodeURI(p));
    const last = decodeURI(paths[paths.length - 1]);
    // The worker stores a page after answering with it: wait for the last one.
    let kept = [];
    for (let i = 0; i < 50 && !kept.map(decodeURI).includes(last); i++) {
      if (i > 0) await page.waitForTimeout(100);
      kept = await page.evaluate(async () => {
        const n = (await caches.keys()).find((k) => k.endsWith('-pages'));
        return (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname);
      });
    }
    assert.equal(kept.length, 30, `visited pages kept: ${kept.length}`);
    assert.ok(kept.map(decodeURI).includes(last), 'the last page opened is kept');
    assert.ok(!kept.map(decodeURI).includes(decodeURI(paths[0])), 'the page opened longest ago is dropped');
  } finally {
    await browser.close();
    await srv.stop();
  }
});

test('a new build\'s worker replaces the old caches and keeps the saved pages', async () => {
  const first = buildAt(DEMO_CLOCK);
  const again = buildAt(DEMO_CLOCK);
  const later = buildAt(LATER);
  let root = first;
  const srv = await serveDir(() => root);
  const browser = await h.launch();
  try {
    const version = (dir) => fs.readFileSync(path.join(dir, SITE, 'sw.js'), 'utf8').match(/V=["'`]([0-9a-f]{8})["'`]/)[1];
    assert.equal(fs.readFileSync(path.join(first, SITE, 'sw.js'), 'utf8'), fs.readFileSync(path.join(again, SITE, 'sw.js'), 'utf8'),
      'the same inputs give the same worker, byte for byte');
    const [v1, v2] = [version(first), version(later)];
    assert.notEqual(v1, v2, 'a build with other files has another version');
    const page = await (await browser.newContext()).newPage();
    const base = `${srv.origin}/${SITE}/`;
    await page.goto(base);
    await controlled(page);
    await page.goto(base + PROCEDURE);
    await page.locator('button[data-save-offline]').click();
    assert.match(await savedStatus(page), /Đã lưu/);
    let names = await cacheNames(page);
    assert.ok(names.length > 0 && names.every((n) => n.includes(v1)), `caches of the first build: ${names}`);
    root = later;
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    for (let i = 0; i < 100; i++) {
      names = await cacheNames(page);
      if (names.length > 0 && names.every((n) => n.includes(v2))) break;
      await page.waitForTimeout(100);
    }
    assert.ok(names.length > 0 && names.every((n) => n.includes(v2)), `only the new build's caches are left: ${names}`);
    const kept = await page.evaluate(async ([n, url]) => !!(await (await caches.open(n)).match(url)),
      [`congxa-${v2}-saved`, base + PROCEDURE]);
    assert.ok(kept, 'the saved procedure page moved to the new cache');
  } finally {
    await browser.close();
    await srv.stop();
    for (const d of [first, again, later]) fs.rmSync(d, { recursive: true, force: true });
  }
});

/** Replaces the browser's voice list (and records what would be spoken). */
function stubVoices(voices) {
  return (list) => {
    window.__voices = list;
    window.__spoken = [];
    const s = window.speechSynthesis;
    Object.defineProperty(s, 'getVoices', { configurable: true, value: () => window.__voices });
    Object.defineProperty(s, 'speak', { configurable: true, value: (u) => { window.__spoken.push(u.text); } });
    Object.defineProperty(s, 'cancel', { configurable: true, value: () => {} });
  };
}

test('"Đọc trang" appears with a Vietnamese voice, reads <main> only, and toggles its state', async () => {
  const srv = await serveDir(() => h.PUBLIC_DIR);
  const browser = await h.launch();
  try {
    const ctx = await browser.newContext();
    await ctx.addInitScript(stubVoices(), [{ lang: 'vi-VN', name: 'Tiếng Việt', voiceURI: 'vi-VN', localService: true, default: false }]);
    const page = await ctx.newPage();
    await page.goto(`${srv.origin}/${SITE}/${PROCEDURE}`);
    const btn = page.locator('button[data-speak]');
    assert.equal(await btn.isVisible(), true, 'shown where a Vietnamese voice exists');
    assert.equal(await btn.getAttribute('aria-pressed'), 'false');
    assert.equal((await btn.textContent()).trim(), 'Đọc trang');
    await btn.click();
    assert.equal(await btn.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('button[data-speak-pause]').isVisible(), true, 'pause is offered while reading');
    const spoken = (await page.evaluate(() => window.__spoken)).join(' ');
    const h1 = (await page.locator('main h1').textContent()).trim();
    assert.ok(spoken.includes(h1), 'the page heading is read');
    const menu = (await page.locator('nav.menu').textContent()).replace(/\s+/g, ' ').trim();
    assert.ok(!spoken.includes(menu), 'the menu is not read');
    const hiddenText = await page.evaluate(() => [...document.querySelectorAll('main .vh, main [hidden], main .print-only')]
      .map((e) => e.textContent.replace(/\s+/g, ' ').trim()).filter((t) => t.length > 12));
    for (const t of hiddenText) assert.ok(!spoken.includes(t), `hidden text is not read: ${t}`);
    await btn.click();
    assert.equal(await btn.getAttribute('aria-pressed'), 'false', 'a second press stops');
    assert.equal(await page.locator('button[data-speak-pause]').isVisible(), false);
  } finally {
    await browser.close();
    await srv.stop();
  }
});

test('"Đọc trang" stays hidden without a Vietnamese voice, without JavaScript, and appears on voiceschanged', async () => {
  const srv = await serveDir(() => h.PUBLIC_DIR);
  const browser = await h.launch();
  try {
    const ctx = await browser.newContext();
    await ctx.addInitScript(stubVoices(), [{ lang: 'en-US', name: 'English', voiceURI: 'en-US', localService: true, default: true }]);
    const page = await ctx.newPage();
    await page.goto(`${srv.origin}/${SITE}/`);
    const btn = page.locator('button[data-speak]');
    assert.equal(await btn.isVisible(), false, 'hidden with no Vietnamese voice');
    await page.evaluate(() => {
      window.__voices = [{ lang: 'vi_VN', name: 'vi', voiceURI: 'vi', localService: true, default: false }];
      window.speechSynthesis.dispatchEvent(new Event('voiceschanged'));
    });
    assert.equal(await btn.isVisible(), true, 'shown once the voices arrive');
    const noJs = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await noJs.goto(`${srv.origin}/${SITE}/`);
    assert.equal(await noJs.locator('button[data-speak]').isVisible(), false, 'hidden without JavaScript');
    assert.equal(await noJs.locator('#offline-note').isVisible(), false);
  } finally {
    await browser.close();
    await srv.stop();
  }
});
