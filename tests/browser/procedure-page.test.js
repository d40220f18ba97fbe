// Browser tests of the procedure page on the built demo sites (public/): the exemption said
// first, the printout keeping it, the two-screen rule on a phone, and an honest mark on every
// section the catalog lists as unverified.
// Run: node --test tests/browser/procedure-page.test.js   (after a build; see README.md).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers.js');

h.requirePublic();
const SITES = h.sites();
if (SITES.length === 0) throw new Error(`no site folder with a sitemap.xml in ${h.PUBLIC_DIR}`);
const BIRTH = 'thu-tuc/dang-ky-khai-sinh/';
const TWO_SCREENS = 1280; // two 640 px phone screens
const PHONE = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true };

const env = h.suite();

const newPage = (opts = PHONE) => h.newPage(env.browser, opts);

/** Procedure pages of a site: `{ code, path }` from its procedures.json. */
function procedurePages(site) {
  const json = JSON.parse(fs.readFileSync(path.join(h.PUBLIC_DIR, site, 'procedures.json'), 'utf8'));
  return json.procedures.map((p) => {
    const u = decodeURI(new URL(p.url).pathname);
    return { code: p.code, path: u.slice(u.indexOf(`/${site}/`)) };
  });
}

/**
 * `facts.unverified` of every catalog procedure, by code. The catalog's list is a plain YAML
 * sequence of quoted or bare element names under `facts:`; read without a YAML library (the
 * tests have no dependency beyond playwright and axe).
 */
function unverifiedByCode() {
  const dir = path.join(h.REPO, 'content', 'procedures');
  const out = {};
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const code = (text.match(/^code:\s*"?([0-9.]+)"?/m) || [])[1];
    const block = text.split(/^facts:\s*$/m)[1] || '';
    const m = block.match(/^ {2}unverified:\s*(\[[^\]]*\])?\s*$([\s\S]*)/m);
    let keys = [];
    if (m && m[1]) {
      keys = m[1].slice(1, -1).split(',').map((s) => s.trim().replace(/^"|"$/g, '')).filter(Boolean);
    } else if (m) {
      for (const line of m[2].split('\n')) {
        const item = line.match(/^ {4}- "?([a-z_]+)"?\s*$/);
        if (item) keys.push(item[1]);
        else if (line.trim() !== '') break;
      }
    }
    out[code] = keys;
  }
  return out;
}

/** Top (document y, px) of the first element matching `sel`, or null. */
const topOf = (page, sel) => page.evaluate((s) => {
  const e = document.querySelector(s);
  return e ? e.getBoundingClientRect().top + window.scrollY : null;
}, sel);

test('birth registration says the exemption first, before the amount', async () => {
  const { ctx, page } = await newPage();
  try {
    for (const site of SITES) {
      const p = `/${site}/${BIRTH}`;
      if (!fs.existsSync(h.fileFor(p))) continue;
      await page.goto(`${env.server.origin}${p}`);
      const r = await page.evaluate(() => {
        const li = [...document.querySelectorAll('.el-fees ul.fees li')].find((l) => l.querySelector('.free-when'));
        if (!li) return null;
        const text = li.textContent;
        const free = li.querySelector('.free-when');
        const amount = [...li.querySelectorAll('strong')].find((s) => /đồng|Nghị quyết/.test(s.textContent));
        return {
          free: free.textContent,
          freeBeforeAmount: !!amount && (free.compareDocumentPosition(amount) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
          firstMoney: text.search(/\d[\d.]* đồng|Nghị quyết/),
          freeAt: text.indexOf(free.textContent),
          visible: free.getBoundingClientRect().height > 0,
        };
      });
      assert.ok(r, `${p}: the birth registration fee has a "Miễn phí nếu" line`);
      assert.match(r.free, /^Miễn phí nếu đăng ký trong 60 ngày/, `${p}: the exemption is said plainly`);
      assert.ok(r.freeBeforeAmount && r.freeAt < r.firstMoney, `${p}: the exemption comes before the amount`);
      assert.ok(r.visible, `${p}: the exemption is visible without opening anything`);
    }
  } finally {
    await ctx.close();
  }
});

test('the printed page keeps the exemption, the conditions and the folded notes; every checklist is one A4 page', async () => {
  const site = ['phuong-cam-thanh', ...SITES].find((s) => SITES.includes(s));
  const { ctx, page, errors } = await newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(`${env.server.origin}/${site}/${BIRTH}`);
    // The theme's script opens every <details> before printing and closes them after.
    const opened = await page.evaluate(() => {
      const closed = document.querySelectorAll('details:not([open])').length;
      window.dispatchEvent(new Event('beforeprint'));
      const stillClosed = document.querySelectorAll('details:not([open])').length;
      window.dispatchEvent(new Event('afterprint'));
      return { closed, stillClosed, closedAgain: document.querySelectorAll('details:not([open])').length };
    });
    assert.ok(opened.closed > 0, 'the page folds something away in <details>');
    assert.deepEqual(opened, { closed: opened.closed, stillClosed: 0, closedAgain: opened.closed }, 'beforeprint opens, afterprint restores');
    // Without the event (Chromium's own print path), the print stylesheet shows folded content.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getBoundingClientRect().height > 0);
      return {
        exemption: shown('.el-fees .free-when'),
        exemptions: shown('.el-fees .exempt'),
        conditions: shown('.el-documents .when') && (!document.querySelector('.el-conditions') || shown('.el-conditions li')),
        foldedFeeNotes: !document.querySelector('.fee-notes') || shown('.fee-notes li'),
        checklist: shown('.checklist ul.check li'),
      };
    });
    assert.deepEqual(printed, { exemption: true, exemptions: true, conditions: true, foldedFeeNotes: true, checklist: true });
    // Every procedure page of the site: the checklist fits one A4 page.
    const long = [];
    for (const { path: p } of procedurePages(site)) {
      await page.emulateMedia({ media: 'screen' });
      await page.goto(`${env.server.origin}${p}`);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;
      if (pages !== 1) long.push(`${p}: ${pages} pages`);
    }
    assert.deepEqual(long, [], 'every printed checklist is one A4 page');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('at 360×640 the online button, the documents heading and the fee start within two screens', async () => {
  const { ctx, page } = await newPage();
  const problems = [];
  const lengths = [];
  try {
    for (const site of SITES) {
      for (const { path: p } of procedurePages(site)) {
        await page.goto(`${env.server.origin}${p}`);
        const online = await page.locator('.online-box a.button').count();
        const tops = {
          online: online ? await topOf(page, '.online-box a.button') : 0,
          documents: await topOf(page, '#s-docs'),
          fee: await topOf(page, '#s-fees'),
        };
        for (const [what, y] of Object.entries(tops)) {
          if (y === null || y >= TWO_SCREENS) problems.push(`${p}: ${what} starts at ${y} px`);
        }
        if (p.endsWith(`/${BIRTH}`)) lengths.push(await page.evaluate(() => document.documentElement.scrollHeight));
      }
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], 'everything a resident needs first is within two phone screens');
  // README: "Procedure page at 360 px" — it was 9089 px (14 screens) before the reordering.
  for (const len of lengths) assert.ok(len < 7040, `birth registration is ${len} px long at 360 px (under 11 screens)`);
});

test('every section the catalog lists as unverified carries the mark, and no other does', async () => {
  const unverified = unverifiedByCode();
  assert.ok(Object.values(unverified).some((k) => k.length > 0), 'the catalog\'s unverified lists were read');
  const { ctx, page } = await newPage();
  const problems = [];
  try {
    for (const site of SITES) {
      for (const { code, path: p } of procedurePages(site)) {
        if (!unverified[code]) continue; // a site's own procedure: not in the shared catalog
        await page.goto(`${env.server.origin}${p}`);
        const marks = await page.evaluate(() => Object.fromEntries(
          [...document.querySelectorAll('[class*="el-"]')].flatMap((s) => {
            const el = [...s.classList].find((c) => c.startsWith('el-'));
            const hd = s.querySelector('h2');
            return el && hd ? [[el, !!hd.querySelector('.unverified')]] : [];
          })));
        for (const key of ['who_may_apply', 'conditions', 'steps', 'documents', 'processing_time', 'fees', 'result', 'legal_basis']) {
          const el = `el-${key.replace(/_/g, '-')}`;
          const want = unverified[code].includes(key);
          if (want && marks[el] !== true) problems.push(`${p}: ${key} is unverified but ${el in marks ? 'has no mark' : 'is not shown'}`);
          if (!want && marks[el] === true) problems.push(`${p}: ${key} is marked but the catalog says it is verified`);
        }
      }
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, []);
});

test('no doubled label and no bare procedure code on any procedure page', async () => {
  const { ctx, page } = await newPage();
  const problems = [];
  try {
    for (const site of SITES) {
      for (const { path: p } of procedurePages(site)) {
        await page.goto(`${env.server.origin}${p}`);
        const r = await page.evaluate(() => ({
          doubled: (document.querySelector('main').innerText.match(/(\p{L}+ \p{L}+): \1/u) || [])[0] || null,
          bare: [...document.querySelectorAll('.el-related a')].map((a) => a.textContent.trim())
            .filter((t) => /^(Mã thủ tục |Mã )?\d\.\d{6}$/.test(t)),
        }));
        if (r.doubled) problems.push(`${p}: doubled wording "${r.doubled}"`);
        if (r.bare.length) problems.push(`${p}: related procedure shown as a bare code: ${r.bare.join(', ')}`);
      }
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, []);
});
