// The search at catalog size, in the browser: a copy of the demo project with 300 generated
// procedures (bench/gencatalog.py), built into a temporary folder, where a name, a full code
// and a misspelt query each find their procedure from the item table and the word shards of
// their first letters only, under 50 KB gzip in all; and a table kept from an older build is
// fetched again when a shard of another version comes back.
//
// Builds with the newer congxa binary of target/release/ and target/debug/ (`CONGXA_BIN`
// overrides) and needs python3. Run: node --test tests/browser/search-shards.test.js
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const SITE = 'phuong-cam-thanh';
const COUNT = 300;

function congxa() {
  if (process.env.CONGXA_BIN) return process.env.CONGXA_BIN;
  // The newer of the two, so a stale release binary never stands in for today's debug one.
  const bins = ['release', 'debug'].map((p) => path.join(REPO, 'target', p, 'congxa')).filter((b) => fs.existsSync(b))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (bins.length === 0) throw new Error('no congxa binary: run `cargo build` (or `cargo test --release`) first, or set CONGXA_BIN');
  return bins[0];
}

/** The demo project plus COUNT generated procedures, built; returns the output folder. */
function buildLarge() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congxa-search-'));
  const proj = path.join(dir, 'project');
  for (const d of ['content', 'sites', 'themes']) {
    fs.cpSync(path.join(REPO, d), path.join(proj, d), { recursive: true });
  }
  execFileSync('python3', [path.join(REPO, 'bench', 'gencatalog.py'), '--dest', path.join(proj, 'content', 'procedures'),
    '--count', String(COUNT)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const out = path.join(dir, 'out');
  const env = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  execFileSync(congxa(), ['build', '--root', proj, '--out', out, '--now', '2026-11-23T08:00:00+07:00'],
    { stdio: ['ignore', 'ignore', 'inherit'], env });
  return { dir, out };
}

const BUILT = buildLarge();
// The helpers read PUBLIC_DIR when they are loaded (node --test runs each file on its own).
process.env.PUBLIC_DIR = BUILT.out;
const h = require('./helpers.js');
const env = h.suite({ cleanup: () => fs.rmSync(BUILT.dir, { recursive: true, force: true }) });

const TIM_KIEM = path.join(BUILT.out, SITE, 'tim-kiem');
const table = JSON.parse(fs.readFileSync(path.join(TIM_KIEM, 'index.json'), 'utf8'));
// A generated procedure from the middle of the catalog, its name and code from its source file.
const proc = (() => {
  const src = fs.readFileSync(path.join(BUILT.dir, 'project', 'content', 'procedures', `7.${100000 + COUNT / 2}.yaml`), 'utf8');
  return { t: src.match(/^short_name: "(.*)"$/m)[1], c: src.match(/^code: "(.*)"$/m)[1] };
})();

/** Types `q` and returns the results' [title, href] and the tim-kiem/ files fetched meanwhile. */
async function search(page, q, route) {
  const fetched = [];
  page.on('request', (r) => { if (/\/tim-kiem\/.*\.json/.test(r.url())) fetched.push(r.url().replace(/^.*\/tim-kiem\//, '')); });
  if (route) { await page.route('**/tim-kiem/w/*.json*', route); }
  await page.goto(`${env.server.origin}/${SITE}/tim-kiem/`);
  const input = page.locator('#q');
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.fill(q);
  await page.locator('#search-results h2').waitFor({ timeout: 10000 });
  const res = await page.$$eval('#search-results li a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  return { res, fetched };
}

// The script's own split of a query (search.js in a bare VM context).
const tokens = (() => {
  const ctx = { window: {} };
  require('node:vm').runInNewContext(fs.readFileSync(path.join(REPO, 'themes', 'default', 'static', 'search.js'), 'utf8'), ctx);
  return ctx.window.congxaTokens;
})();

const gz = (rel) => zlib.gzipSync(fs.readFileSync(path.join(TIM_KIEM, rel.split('?')[0])), { level: 9 }).length;

test('at 300 procedures a name, a full code and a typo find their procedure from a few shards, under 50 KB', async () => {
  assert.ok(table.i.length > COUNT, `the table lists every item (${table.i.length})`);
  const rel = (u) => u.replace(/^(\.\.\/)+/, '');
  const cases = [
    [proc.t, 'its name'],
    [proc.c, 'its full code'],
    [proc.c.replace(/^\d+\./, ''), 'its code\'s digits'],
    ['dang ki khia sinh', 'a typo (khia for khai)', 'Đăng ký khai sinh'],
  ];
  const { ctx, page, errors } = await h.newPage(env.browser, { viewport: { width: 360, height: 640 } });
  try {
    for (const [q, what, title] of cases) {
      const { res, fetched } = await search(page, q);
      assert.ok(res.length >= 1, `${what}: "${q}" finds something`);
      assert.equal(res[0][0], title || proc.t, `${what}: "${q}" lists it first: ${JSON.stringify(res.slice(0, 3))}`);
      // The link the script made from the table leads to that procedure's page.
      const html = fs.readFileSync(path.join(BUILT.out, SITE, rel(res[0][1]), 'index.html'), 'utf8');
      assert.ok(html.includes(title ? '1.001193' : proc.c), `${what}: ${res[0][1]} is its page`);
      // The table, then one shard per distinct first letter of the query's words, nothing else.
      const letters = [...new Set(Array.from(tokens(q), (w) => w[0]))].sort();
      const files = fetched.map((f) => f.split('?')[0]);
      assert.deepEqual(files.slice().sort(), ['index.json', ...letters.map((k) => `w/${k}.json`)], `${what}: ${fetched.join(' ')}`);
      assert.ok(letters.length >= 1 && (q !== proc.t || letters.length >= 3), `${what}: the query spans several shards`);
      const total = fetched.reduce((n, f) => n + gz(f), 0);
      assert.ok(total <= 50 * 1024, `${what}: ${total} B gzip transferred`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('a shard of another version makes the script fetch the table again at that version', async () => {
  const { ctx, page, errors } = await h.newPage(env.browser);
  try {
    let once = false;
    // The first shard answers as if the site had been rebuilt since the table was fetched.
    const route = async (r) => {
      if (once) { await r.continue(); return; }
      once = true;
      const res = await r.fetch();
      const shard = await res.json();
      await r.fulfill({ response: res, body: JSON.stringify({ ...shard, v: 'newer000' }) });
    };
    const { res, fetched } = await search(page, 'khai sinh', route);
    assert.ok(fetched.includes('index.json?v=newer000'), `the table is fetched again: ${fetched.join(' ')}`);
    assert.equal(res[0][0], 'Đăng ký khai sinh');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});
