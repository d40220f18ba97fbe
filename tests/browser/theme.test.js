// Browser tests of the default theme on the built demo sites (public/).
// Run: node --test tests/browser/   (after `cargo run --release -- build --now 2026-11-23T08:00:00+07:00`; see README.md).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers.js');

// Fails here, with a clear message, when public/ is missing.
h.requirePublic();
const SITES = h.sites();
if (SITES.length === 0) throw new Error(`no site folder with a sitemap.xml in ${h.PUBLIC_DIR}`);
// The site used for interaction, screenshots and print: the first demo site present.
const SITE = ['phuong-cam-thanh', ...SITES].find((s) => SITES.includes(s));
const PROCEDURE = `/${SITE}/thu-tuc/dang-ky-khai-sinh/`;

const HTML_BUDGET = 14 * 1024;   // gzip bytes of one HTML page
const PAGE_BUDGET = 50 * 1024;   // gzip bytes of HTML + CSS + JS of one page

const env = h.suite();

const newPage = (opts) => h.newPage(env.browser, opts);

const rootFontPx = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

test('(a) A+ enlarges the text and the choice persists across pages; contrast toggles', async () => {
  assert.ok(fs.existsSync(h.fileFor(PROCEDURE)), `${PROCEDURE} is not in ${h.PUBLIC_DIR}`);
  const { ctx, page, errors } = await newPage();
  try {
    await page.goto(`${env.server.origin}/${SITE}/`);
    const aids = page.locator('#aids');
    await assert.doesNotReject(aids.waitFor({ state: 'visible', timeout: 5000 }), 'reading aids are shown when JavaScript runs');

    const before = await rootFontPx(page);
    await page.locator('button[data-size="1"]').click();
    const larger = await rootFontPx(page);
    assert.ok(larger > before, `A+ makes <html> font-size grow (${before}px -> ${larger}px)`);
    const bodyPx = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(bodyPx > before, 'body text follows the root size');

    // Another page of the site: the size is remembered (localStorage) and applied before paint.
    await page.goto(`${env.server.origin}${PROCEDURE}`);
    assert.equal(await rootFontPx(page), larger, 'text size persists after navigation');
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-size')), '1');

    // "A" resets.
    await page.locator('button[data-size="0"]').click();
    assert.equal(await rootFontPx(page), before, '"A" returns to the normal size');

    // More contrast: attribute, pressed state and a computed colour change, and it persists.
    const more = page.locator('button[data-contrast="more"]');
    const colourOf = () => page.evaluate(() => {
      const a = document.querySelector('main a') || document.body;
      return `${getComputedStyle(document.body).color} ${getComputedStyle(a).color}`;
    });
    const colourBefore = await colourOf();
    assert.equal(await more.getAttribute('aria-pressed'), 'false');
    await more.click();
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-contrast')), 'more');
    assert.equal(await more.getAttribute('aria-pressed'), 'true');
    assert.notEqual(await colourOf(), colourBefore, 'more contrast changes the computed colours');
    await page.goto(`${env.server.origin}/${SITE}/`);
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-contrast')), 'more', 'contrast persists');
    // Pressing it again turns it off.
    await page.locator('button[data-contrast="more"]').click();
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-contrast')), null);
    // Compared on the page the first colours were read on (its first link is the online button).
    await page.goto(`${env.server.origin}${PROCEDURE}`);
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-contrast')), null, 'off persists');
    assert.equal(await colourOf(), colourBefore);
    assert.deepEqual(errors, [], 'no script errors');
  } finally {
    await ctx.close();
  }
});

test('(a2) axe finds no colour-contrast problem in any colour mode', async () => {
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const modes = [
    { name: 'light', colorScheme: 'light' },
    { name: 'dark', colorScheme: 'dark' },
    { name: 'light, more contrast', colorScheme: 'light', contrast: 'more' },
    { name: 'dark, more contrast', colorScheme: 'dark', contrast: 'more' },
    { name: 'dark, system more contrast turned off (normal)', colorScheme: 'dark', contrast: 'more', store: 'normal' },
    { name: 'light, less contrast (button)', colorScheme: 'light', store: 'less' },
    { name: 'dark, more contrast (button)', colorScheme: 'dark', store: 'more' },
    { name: 'dark, less contrast (button)', colorScheme: 'dark', store: 'less' },
  ];
  const pages = [`/${SITE}/`, PROCEDURE];
  const failures = [];
  for (const m of modes) {
    const { ctx, page } = await newPage({ colorScheme: m.colorScheme, contrast: m.contrast || 'no-preference', bypassCSP: true });
    if (m.store) await ctx.addInitScript((v) => localStorage.setItem('congxa-contrast', v), m.store);
    try {
      for (const p of pages) {
        await page.goto(`${env.server.origin}${p}`);
        await page.addScriptTag({ content: axeSource });
        const res = await page.evaluate(() => window.axe.run(document, { runOnly: ['color-contrast'] }));
        for (const v of res.violations) {
          for (const n of v.nodes) failures.push(`${m.name} ${p}: ${n.target.join(' ')} ${n.any.map((a) => a.message).join('; ')}`);
        }
      }
    } finally {
      await ctx.close();
    }
  }
  assert.deepEqual(failures, [], 'text contrast >= 4.5:1 in every mode');
});

test('(b) without JavaScript every sitemap page has <main> with real text and the aids are hidden', async () => {
  const { ctx, page } = await newPage({ javaScriptEnabled: false });
  const problems = [];
  let count = 0;
  try {
    for (const site of SITES) {
      for (const p of h.sitemapPaths(site)) {
        count++;
        const res = await page.goto(`${env.server.origin}${p}`);
        if (!res || res.status() !== 200) { problems.push(`${p}: HTTP ${res && res.status()}`); continue; }
        const r = await page.evaluate(() => {
          const main = document.querySelector('main');
          const aids = document.getElementById('aids');
          return {
            main: !!main,
            text: main ? main.innerText.replace(/\s+/g, ' ').trim().length : 0,
            h1: document.querySelectorAll('h1').length,
            aidsShown: !!aids && aids.getBoundingClientRect().height > 0,
            printShown: [...document.querySelectorAll('button[data-print]')].some((b) => b.getBoundingClientRect().height > 0),
          };
        });
        if (!r.main) problems.push(`${p}: no <main>`);
        else if (r.text < 100) problems.push(`${p}: <main> has only ${r.text} characters`);
        if (r.h1 !== 1) problems.push(`${p}: ${r.h1} h1`);
        if (r.aidsShown) problems.push(`${p}: reading aids visible without JavaScript`);
        if (r.printShown) problems.push(`${p}: print button visible without JavaScript`);
      }
    }
  } finally {
    await ctx.close();
  }
  assert.ok(count > 0, 'the sitemaps list pages');
  assert.deepEqual(problems, []);
});

test('(c) gzip weight: HTML <= 14 KB and HTML+CSS+JS <= 50 KB on every page', () => {
  const problems = [];
  let worst = { html: 0, total: 0, htmlPage: '', totalPage: '' };
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f); else if (e.name.endsWith('.html')) files.push(f);
    }
  };
  walk(h.PUBLIC_DIR);
  assert.ok(files.length > 0, 'HTML files exist');
  for (const f of files) {
    const rel = path.relative(h.PUBLIC_DIR, f);
    const html = h.gzipSize(f);
    let total = html;
    for (const a of h.assetsOf(f)) {
      if (!fs.existsSync(a)) { problems.push(`${rel}: missing asset ${path.relative(h.PUBLIC_DIR, a)}`); continue; }
      total += h.gzipSize(a);
    }
    if (html > worst.html) worst = { ...worst, html, htmlPage: rel };
    if (total > worst.total) worst = { ...worst, total, totalPage: rel };
    if (html > HTML_BUDGET) problems.push(`${rel}: HTML ${html} B gzip > ${HTML_BUDGET}`);
    if (total > PAGE_BUDGET) problems.push(`${rel}: HTML+CSS+JS ${total} B gzip > ${PAGE_BUDGET}`);
  }
  process.stdout.write(`# ${files.length} pages; heaviest HTML ${(worst.html / 1024).toFixed(1)} KB gzip (${worst.htmlPage}); ` +
    `heaviest page with CSS+JS ${(worst.total / 1024).toFixed(1)} KB gzip (${worst.totalPage})\n`);
  assert.deepEqual(problems, []);
});

test('(d) screenshots at 360px and 1280px of the home page and a procedure page', async () => {
  fs.mkdirSync(h.SCREENSHOT_DIR, { recursive: true });
  const shots = [];
  for (const [name, p] of [['home', `/${SITE}/`], ['procedure', PROCEDURE]]) {
    for (const w of [360, 1280]) {
      const mobile = w < 600;
      const { ctx, page } = await newPage({ viewport: { width: w, height: mobile ? 640 : 900 }, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: 1 });
      try {
        await page.goto(`${env.server.origin}${p}`);
        const file = path.join(h.SCREENSHOT_DIR, `${SITE}-${name}-${w}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const top = path.join(h.SCREENSHOT_DIR, `${SITE}-${name}-${w}-first-screen.png`);
        await page.screenshot({ path: top });
        const sw = await page.evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(sw <= w, `${p} at ${w}px: no horizontal scrolling (scrollWidth ${sw})`);
        shots.push(file, top);
      } finally {
        await ctx.close();
      }
    }
  }
  for (const f of shots) assert.ok(fs.statSync(f).size > 1000, `${f} written`);
});

test('(e) the procedure page prints on exactly one A4 page with the QR code', async () => {
  const { ctx, page } = await newPage();
  try {
    await page.goto(`${env.server.origin}${PROCEDURE}`);
    assert.equal(await page.locator('.qr svg').count(), 1, 'the QR code svg is in the DOM');
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getBoundingClientRect().height > 0);
      return { qr: shown('.qr svg'), checklist: shown('.checklist ul.check li'), address: shown('.site-footer .contact') };
    });
    assert.deepEqual(printed, { qr: true, checklist: true, address: true }, 'QR, checklist and address are printed');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    fs.mkdirSync(h.SCREENSHOT_DIR, { recursive: true });
    fs.writeFileSync(path.join(h.SCREENSHOT_DIR, `${SITE}-procedure-print.pdf`), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;
    assert.equal(pages, 1, `printed on ${pages} page(s)`);
  } finally {
    await ctx.close();
  }
});

test('(f) the directory page filters by current and former names, without diacritics', async () => {
  const dir = path.join(h.PUBLIC_DIR, 'index.html');
  if (!fs.readFileSync(dir, 'utf8').includes('id=loc')) return; // not a directory build
  const { ctx, page, errors } = await newPage({ viewport: { width: 360, height: 640 }, isMobile: true });
  try {
    await page.goto(`${env.server.origin}/`);
    const input = page.locator('#loc');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    const visible = () => page.$$eval('[data-search]', (els) => els.filter((e) => !e.hidden).length);
    const all = await visible();
    assert.ok(all >= 1);
    await input.fill('nguyen nghiem'); // a former ward of Phường Cẩm Thành, typed without accents
    if (SITES.includes('phuong-cam-thanh')) {
      assert.equal(await visible(), 1);
      assert.match(await page.locator('[data-search]:not([hidden]) a').innerText(), /Cẩm Thành/);
    }
    await input.fill('khong co xa nay');
    assert.equal(await visible(), 0);
    assert.notEqual((await page.locator('#loc-none').innerText()).trim(), '', 'a "no match" message is announced');
    await input.fill('');
    assert.equal(await visible(), all);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('(g) search: loaded only when used, diacritic-insensitive, A–Z list without JavaScript', async (t) => {
  const searchPage = `/${SITE}/tim-kiem/`;
  if (!fs.existsSync(h.fileFor(searchPage))) { t.skip('no search page in this build'); return; }
  const { ctx, page, errors } = await newPage({ viewport: { width: 360, height: 640 }, isMobile: true });
  const fetched = [];
  page.on('request', (r) => { if (/\/tim-kiem\/.*\.json(\?|$)/.test(r.url())) fetched.push(new URL(r.url()).pathname.replace(/^.*\/tim-kiem\//, '')); });
  try {
    await page.goto(`${env.server.origin}/${SITE}/`);
    await page.goto(`${env.server.origin}${PROCEDURE}`);
    assert.deepEqual(fetched, [], 'other pages never load the search index');
    await page.goto(`${env.server.origin}${searchPage}`);
    const input = page.locator('#q');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill('dang ky ket hon');
    const first = page.locator('#search-results li a').first();
    await first.waitFor({ timeout: 5000 });
    assert.equal((await first.innerText()).trim(), 'Đăng ký kết hôn');
    // The table once, then the word shards of the query's first letters (d, k, h) only.
    assert.deepEqual(fetched.slice().sort(), ['index.json', 'w/d.json', 'w/h.json', 'w/k.json'], 'the index is fetched once, when the box is used');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
  const nojs = await newPage({ javaScriptEnabled: false });
  try {
    await nojs.page.goto(`${env.server.origin}${searchPage}`);
    assert.equal(await nojs.page.locator('form[role=search]').isVisible(), false, 'no dead search box without JavaScript');
    const links = await nojs.page.locator('#az li a').count();
    assert.ok(links >= 12, `the A–Z list links every item (${links})`);
  } finally {
    await nojs.ctx.close();
  }
});
