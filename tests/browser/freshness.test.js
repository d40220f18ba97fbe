// Nothing stale is shown as new: the demo sites built at a later clock than the one their
// content is written for (2026-11-23T08:00:00+07:00) show no expired announcement and no past
// event on the home page, while each expired announcement's URL still answers, marked
// "đã hết hiệu lực" (links shared on Zalo keep working). At the demo clock the home page shows
// upcoming events with their own date and place.
//
// Builds the demo itself, into temporary folders, with the newer congxa binary of
// target/release/ (what `bash tests/run` builds) and target/debug/; `CONGXA_BIN` overrides.
// Run: node --test tests/browser/freshness.test.js
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const DEMO_CLOCK = '2026-11-23T08:00:00+07:00';
const LATER = '2026-12-20T08:00:00+07:00';

function congxa() {
  if (process.env.CONGXA_BIN) return process.env.CONGXA_BIN;
  // The newer of the two, so a stale release binary never stands in for today's debug one.
  const bins = ['release', 'debug'].map((p) => path.join(REPO, 'target', p, 'congxa')).filter((b) => fs.existsSync(b))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (bins.length === 0) throw new Error('no congxa binary: run `cargo build` (or `cargo test --release`) first, or set CONGXA_BIN');
  return bins[0];
}

/** Builds every demo site at `now` into a fresh temporary folder; returns the folder. */
function buildAt(now) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'congxa-freshness-'));
  const env = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  execFileSync(congxa(), ['build', '--root', REPO, '--out', out, '--now', now], { stdio: ['ignore', 'ignore', 'pipe'], env });
  return out;
}

// The later build is served through the shared helpers (their PUBLIC_DIR is read when they are
// loaded; node --test runs each file in its own process).
const LATER_OUT = buildAt(LATER);
process.env.PUBLIC_DIR = LATER_OUT;
const h = require('./helpers.js');
const DEMO_OUT = buildAt(DEMO_CLOCK);

/** `key: value` of a front matter, as written (quotes removed). */
function frontValue(text, key) {
  const front = text.split(/^---\s*$/m)[1] || '';
  const m = front.match(new RegExp(`^${key}:\\s*"?([^"\\n]*)"?\\s*$`, 'm'));
  return m ? m[1].trim() : null;
}

/** A moment as congxa reads it: RFC 3339, or a date at midnight Vietnam time. */
function moment(s) {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+07:00` : s);
}

/** Demo items read from their source files (not from the output under test). */
function demoItems(site, folder, fields) {
  const dir = path.join(REPO, 'sites', site, 'content', folder);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.md') && !f.startsWith('_')).sort().map((f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const item = { url: `${folder}/${f.replace(/\.md$/, '')}/`, title: frontValue(text, 'title') };
    for (const k of fields) item[k] = frontValue(text, k);
    return item;
  });
}

const SITES = h.sites();
const env = h.suite({
  cleanup: () => {
    for (const d of [LATER_OUT, DEMO_OUT]) fs.rmSync(d, { recursive: true, force: true });
  },
});

/** The hrefs (relative to the site root) of the links in the home page's "Có gì mới" and banner. */
async function homeLinks(page, origin, site) {
  const res = await page.goto(`${origin}/${site}/`);
  assert.equal(res.status(), 200);
  return page.evaluate(() => {
    const base = new URL('./', location.href).href;
    const links = [...document.querySelectorAll('[aria-labelledby="h-new"] a, .alerts a')];
    return [...new Set(links.map((a) => a.href.startsWith(base) ? a.href.slice(base.length) : a.href))];
  });
}

test('at a later clock the home page lists no expired announcement and no past event', async () => {
  assert.ok(SITES.length >= 3, `demo sites built into ${LATER_OUT}: ${SITES}`);
  const later = moment(LATER);
  const ctx = await env.browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await ctx.newPage();
  try {
    for (const site of SITES) {
      const expired = demoItems(site, 'thong-bao', ['expires']).filter((a) => a.expires && moment(a.expires) <= later);
      assert.ok(expired.length > 0, `${site}: no demo announcement has expired by ${LATER}`);
      const past = demoItems(site, 'su-kien', ['start', 'end']).filter((e) => moment(e.end || e.start) <= later);
      const links = await homeLinks(page, env.server.origin, site);
      assert.ok(links.length > 0, `${site}: the home page has a "Có gì mới" panel`);
      for (const a of expired) assert.ok(!links.includes(a.url), `${site}: expired ${a.url} is on the home page at ${LATER}`);
      for (const e of past) assert.ok(!links.includes(e.url), `${site}: past event ${e.url} is on the home page at ${LATER}`);
      const banner = await page.locator('.alerts').count();
      assert.equal(banner, 0, `${site}: an urgent banner is still shown at ${LATER}`);
    }
  } finally {
    await ctx.close();
  }
});

test('an expired announcement keeps its URL, marked "đã hết hiệu lực", and sits in the archive', async () => {
  const later = moment(LATER);
  const ctx = await env.browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await ctx.newPage();
  try {
    for (const site of SITES) {
      const expired = demoItems(site, 'thong-bao', ['expires']).filter((a) => a.expires && moment(a.expires) <= later);
      for (const a of expired) {
        const res = await page.goto(`${env.server.origin}/${site}/${a.url}`);
        assert.equal(res.status(), 200, `${site}/${a.url} answers`);
        const text = (await page.locator('main').innerText()).toLowerCase();
        assert.ok(text.includes('đã hết hiệu lực'), `${site}/${a.url}: no "đã hết hiệu lực" mark`);
        assert.equal(await page.locator('main h1').innerText(), a.title);
      }
      await page.goto(`${env.server.origin}/${site}/thong-bao/`);
      const archived = await page.locator('#het-hieu-luc').locator('xpath=..').locator('a').evaluateAll(
        (as) => as.map((x) => new URL(x.href).pathname));
      const current = await page.locator('#danh-sach').locator('xpath=..').locator('a').evaluateAll(
        (as) => as.map((x) => new URL(x.href).pathname));
      for (const a of expired) {
        assert.ok(archived.includes(`/${site}/${a.url}`), `${site}: ${a.url} is in the archive`);
        assert.ok(!current.includes(`/${site}/${a.url}`), `${site}: ${a.url} is not in the current list`);
      }
    }
  } finally {
    await ctx.close();
  }
});

test('at the demo clock the home page shows upcoming events with their own date and place', async () => {
  const now = moment(DEMO_CLOCK);
  const ctx = await env.browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await ctx.newPage();
  try {
    for (const site of SITES) {
      const html = fs.readFileSync(path.join(DEMO_OUT, site, 'index.html'), 'utf8');
      await page.setContent(html);
      const events = await page.locator('#h-events + ul li').evaluateAll((lis) => lis.map((li) => ({
        href: li.querySelector('a').getAttribute('href'),
        when: li.querySelector('time') && li.querySelector('time').getAttribute('datetime'),
        text: li.innerText,
      })));
      const upcoming = demoItems(site, 'su-kien', ['start', 'end', 'place']).filter((e) => moment(e.end || e.start) > now);
      assert.ok(upcoming.length > 0 && events.length > 0, `${site}: upcoming events on the home page at ${DEMO_CLOCK}`);
      for (const ev of events) {
        const src = upcoming.find((e) => ev.href === `./${e.url}`);
        assert.ok(src, `${site}: ${ev.href} on the home page is an upcoming event`);
        assert.equal(moment(ev.when), moment(src.start), `${site}: ${ev.href} shows its own start`);
        if (src.place) assert.ok(ev.text.includes(src.place), `${site}: ${ev.href} shows its place`);
      }
      const expired = demoItems(site, 'thong-bao', ['expires']).filter((a) => a.expires && moment(a.expires) <= now);
      assert.ok(expired.length > 0, `${site}: the demo has an expired announcement at ${DEMO_CLOCK} (for the archive)`);
      for (const a of expired) assert.ok(!html.includes(`href="./${a.url}"`), `${site}: expired ${a.url} on the home page`);
    }
  } finally {
    await ctx.close();
  }
});
