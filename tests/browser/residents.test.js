// What a resident notices on the demo sites: the search finds codes, former names and hamlets
// with procedures first; English pages are English (dates) with Vietnamese parts marked
// lang="vi"; no 404 for the favicon; no layout shift on the search page; the text-size buttons
// show the size in use; the focused menu link stays in view at 360 px.
// Run: node --test tests/browser/residents.test.js   (after building the demo; see README.md).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./helpers.js');

h.requirePublic();
const SITES = h.sites();
const has = (s) => SITES.includes(s);
const SITE = ['phuong-cam-thanh', ...SITES].find(has);

const env = h.suite();

const newPage = (opts) => h.newPage(env.browser, opts);

/** Types `q` into the search box and returns the results' [title, href, meta] in order. */
async function search(page, site, q) {
  await page.goto(`${env.server.origin}/${site}/tim-kiem/`);
  const input = page.locator('#q');
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.fill(q);
  await page.locator('#search-results h2').waitFor({ timeout: 5000 });
  return page.$$eval('#search-results li', (lis) => lis.map((li) => {
    const a = li.querySelector('a');
    return [a.textContent, a.getAttribute('href'), (li.querySelector('.meta') || {}).textContent || ''];
  }));
}

test('search: a full procedure code, former unit names and hamlets find their pages; "khai sinh" lists procedures first', async (t) => {
  if (!has('phuong-cam-thanh')) { t.skip('phuong-cam-thanh not built'); return; }
  const { ctx, page, errors } = await newPage({ viewport: { width: 360, height: 640 }, isMobile: true });
  try {
    const code = await search(page, 'phuong-cam-thanh', '1.001193');
    assert.equal(code.length, 1, `the code finds one item: ${JSON.stringify(code)}`);
    assert.equal(code[0][0], 'Đăng ký khai sinh');
    assert.match(code[0][1], /thu-tuc\/dang-ky-khai-sinh\/$/);

    for (const q of ['Chánh Lộ', 'chanh lo', 'Nguyễn Nghiêm']) {
      const res = await search(page, 'phuong-cam-thanh', q);
      assert.ok(res.length >= 1, `"${q}" finds something`);
      assert.equal(res[0][0], 'Phường Cẩm Thành', `"${q}" leads to the home page first: ${JSON.stringify(res)}`);
      assert.equal(res[0][1], '../', 'the home page link');
    }

    const births = await search(page, 'phuong-cam-thanh', 'khai sinh');
    assert.ok(births.length >= 3, JSON.stringify(births));
    assert.equal(births[0][0], 'Đăng ký khai sinh');
    const firstOther = births.findIndex((r) => !r[2].startsWith('Thủ tục'));
    const procs = births.filter((r) => r[2].startsWith('Thủ tục')).length;
    assert.ok(firstOther === -1 || firstOther >= procs, `every procedure before any notice or news: ${births.map((r) => r[0]).join(' | ')}`);

    const hamlet = await search(page, 'phuong-cam-thanh', 'tổ dân phố 11');
    assert.ok(hamlet.some((r) => /to-cong-nghe-so\/#thon-to-dan-pho-11$/.test(r[1])), `a hamlet's digital team is found: ${JSON.stringify(hamlet)}`);
    // The link lands on that hamlet's part of the team page.
    await page.goto(`${env.server.origin}/phuong-cam-thanh/to-cong-nghe-so/#thon-to-dan-pho-11`);
    assert.match(await page.locator('#thon-to-dan-pho-11').innerText(), /Tổ dân phố 11/);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
  if (has('phuong-sai-gon')) {
    const sg = await newPage();
    try {
      const res = await search(sg.page, 'phuong-sai-gon', 'Nguyễn Thái Bình');
      assert.equal(res[0] && res[0][0], 'Phường Sài Gòn', `a former ward of Phường Sài Gòn: ${JSON.stringify(res)}`);
    } finally {
      await sg.ctx.close();
    }
  }
  if (has('xa-dong-van')) {
    const dv = await newPage();
    try {
      const res = await search(dv.page, 'xa-dong-van', 'Pải Lủng');
      assert.ok(res.some((r) => /thon\/pai-lung\/$/.test(r[1])), `the hamlet page: ${JSON.stringify(res)}`);
      assert.ok(res.some((r) => /to-cong-nghe-so\/#thon-pai-lung$/.test(r[1])), `the hamlet's digital team: ${JSON.stringify(res)}`);
    } finally {
      await dv.ctx.close();
    }
  }
});

const EN_DATE = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/;

test('English pages: English dates, Vietnamese fragments marked lang="vi", not in the Vietnamese A–Z', async (t) => {
  const enPages = SITES.flatMap((s) => h.sitemapPaths(s).filter((p) => p.startsWith(`/${s}/en/`)));
  if (enPages.length === 0) { t.skip('no English page in this build'); return; }
  const { ctx, page, errors } = await newPage();
  try {
    let dated = 0;
    for (const p of enPages) {
      await page.goto(`${env.server.origin}${p}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', p);
      const dates = await page.$$eval('main time', (els) => els.map((e) => e.textContent.trim()));
      for (const d of dates) assert.match(d, EN_DATE, `${p}: an English date`);
      dated += dates.length;
      // Every text with Vietnamese letters sits inside an element marked lang="vi".
      const unmarked = await page.evaluate(() => {
        const vi = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!vi.test(n.textContent)) continue;
          const el = n.parentElement.closest('[lang]');
          if (!el || el.lang !== 'vi') out.push(n.textContent.trim().slice(0, 60));
        }
        return out;
      });
      assert.deepEqual(unmarked, [], `${p}: Vietnamese text without lang="vi"`);
    }
    assert.ok(dated >= 1, 'at least one English page shows a date');
    for (const s of SITES) {
      await page.goto(`${env.server.origin}/${s}/tim-kiem/`);
      const az = await page.$$eval('#az li a', (as) => as.map((a) => a.getAttribute('href')));
      assert.ok(az.length > 0, `${s}: the A–Z list`);
      assert.deepEqual(az.filter((u) => /\/en\//.test(u)), [], `${s}: no English page in the Vietnamese A–Z`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('favicon: every page links one that loads, /favicon.ico answers at each root, no 404 on a crawl', async () => {
  const { ctx, page, missing } = await newPage();
  try {
    for (const root of ['/', ...SITES.map((s) => `/${s}/`)]) {
      const r = await page.request.get(`${env.server.origin}${root}favicon.ico`);
      assert.equal(r.status(), 200, `${root}favicon.ico`);
      const body = await r.body();
      assert.deepEqual([...body.subarray(0, 4)], [0, 0, 1, 0], `${root}favicon.ico is an ICO file`);
      assert.ok(body.length < 2048, `${root}favicon.ico is tiny (${body.length} bytes)`);
    }
    const icons = new Set();
    for (const s of SITES) {
      for (const p of h.sitemapPaths(s)) {
        await page.goto(`${env.server.origin}${p}`, { waitUntil: 'load' });
        const href = await page.evaluate(() => { const l = document.querySelector('link[rel~="icon"]'); return l && l.href; });
        assert.ok(href, `${p} links a favicon`);
        icons.add(href);
      }
    }
    for (const href of icons) {
      const r = await page.request.get(href);
      assert.equal(r.status(), 200, href);
      assert.match(r.headers()['content-type'] || '', /image\//, href);
    }
    await page.goto(`${env.server.origin}/`);
    assert.deepEqual(missing, [], 'no request answered 4xx/5xx while crawling every sitemap page');
  } finally {
    await ctx.close();
  }
});

test('search page: no layout shift while it loads (CLS < 0.01 at 360 px and 1280 px)', async (t) => {
  if (!SITE || !fs.existsSync(h.fileFor(`/${SITE}/tim-kiem/`))) { t.skip('no search page'); return; }
  for (const viewport of [{ width: 360, height: 640 }, { width: 1280, height: 800 }]) {
    const { ctx, page, errors } = await newPage({ viewport });
    try {
      await page.addInitScript(() => {
        window.__cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) { if (!e.hadRecentInput) window.__cls += e.value; }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${env.server.origin}/${SITE}/tim-kiem/`, { waitUntil: 'load' });
      await page.locator('#q').waitFor({ state: 'visible', timeout: 5000 });
      await page.waitForTimeout(1000);
      const cls = await page.evaluate(() => window.__cls);
      assert.ok(cls < 0.01, `CLS ${cls} at ${viewport.width} px`);
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  }
});

test('text size: the button of the size in use is pressed and looks pressed', async () => {
  const { ctx, page, errors } = await newPage();
  try {
    await page.goto(`${env.server.origin}/${SITE}/`);
    await page.locator('#aids').waitFor({ state: 'visible', timeout: 5000 });
    const state = () => page.$$eval('button[data-size]', (bs) => bs.map((b) => `${b.dataset.size}:${b.getAttribute('aria-pressed')}`).join(' '));
    const bg = (s) => page.$eval(`button[data-size="${s}"]`, (b) => getComputedStyle(b).backgroundColor);
    assert.equal(await state(), '-1:false 0:true 1:false', 'normal size: "A" pressed');
    const normalBg = await bg('1');
    await page.locator('button[data-size="1"]').click();
    assert.equal(await state(), '-1:false 0:false 1:true', 'larger: "A+" pressed');
    assert.notEqual(await bg('1'), normalBg, 'the pressed button looks different');
    // Remembered on the next page, before any click.
    await page.goto(`${env.server.origin}/${SITE}/tim-kiem/`);
    assert.equal(await state(), '-1:false 0:false 1:true', 'the state follows the remembered size');
    await page.locator('button[data-size="-1"]').click();
    await page.locator('button[data-size="-1"]').click();
    assert.equal(await state(), '-1:true 0:false 1:false', 'smaller: "A-" pressed');
    await page.locator('button[data-size="0"]').click();
    assert.equal(await state(), '-1:false 0:true 1:false', '"A" resets');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('menu at 360 px: each link reached with Tab is scrolled into view', async () => {
  const { ctx, page, errors } = await newPage({ viewport: { width: 360, height: 640 }, isMobile: true });
  try {
    await page.goto(`${env.server.origin}/${SITE}/`);
    const count = await page.locator('nav.menu a').count();
    assert.ok(count >= 3);
    const scrolls = await page.$eval('nav.menu ul', (ul) => ul.scrollWidth > ul.clientWidth);
    assert.ok(scrolls, 'the menu is wider than the screen at 360 px (else this test proves nothing)');
    await page.locator('nav.menu a').first().focus();
    let seen = 0;
    for (let i = 0; i < 60 && seen < count; i++) {
      const r = await page.evaluate(() => {
        const a = document.activeElement;
        const ul = document.querySelector('nav.menu ul');
        if (!a || !ul.contains(a)) return null;
        const ar = a.getBoundingClientRect(), ur = ul.getBoundingClientRect();
        return { text: a.textContent, left: ar.left - ur.left, right: ur.right - ar.right };
      });
      if (r) {
        seen++;
        assert.ok(r.left >= -1 && r.right >= -1, `"${r.text}" is fully visible in the menu (${JSON.stringify(r)})`);
      }
      await page.keyboard.press('Tab');
      await page.waitForTimeout(50);
    }
    assert.equal(seen, count, 'every menu link was reached with Tab');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});
