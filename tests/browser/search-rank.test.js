// The search's ranking function on its own (no browser): themes/default/static/search.js run in
// a bare VM context, on hand-made items (sharded here as src/search/shards.rs shards them) and,
// when public/ is built, on each demo site's own table and word shards.
// Run: node --test tests/browser/search-rank.test.js
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const REPO = path.resolve(__dirname, '..', '..');
const PUBLIC_DIR = path.resolve(process.env.PUBLIC_DIR || path.join(REPO, 'public'));

function loadScript() {
  const src = fs.readFileSync(path.join(REPO, 'themes', 'default', 'static', 'search.js'), 'utf8');
  const ctx = { window: {} };
  vm.runInNewContext(src, ctx);
  assert.equal(typeof ctx.window.congxaRank, 'function', 'search.js exposes its ranking function');
  return ctx.window;
}
const script = loadScript();
// The word shards of `items`, as src/search/shards.rs writes them: each word once per item, in
// its heaviest field (title, code, keywords, body), ids delta-coded, keyed by first letter.
function shardsOf(items) {
  const ids = new Map();
  items.forEach((it, id) => {
    const seen = new Set();
    const code = it.c ? [it.c, ...(/^\d+\./.test(it.c) ? [it.c.replace(/^\d+\./, '')] : [])] : [];
    [script.congxaTokens(it.t), code, (it.w || '').split(' '), (it.b || '').split(' ')].forEach((ws, f) => {
      for (const w of ws) {
        if (!w || seen.has(w)) { continue; }
        seen.add(w);
        if (!ids.has(w)) { ids.set(w, [[], [], [], []]); }
        ids.get(w)[f].push(id);
      }
    });
  });
  const shards = {};
  for (const [w, lists] of ids) {
    const coded = lists.map((l) => l.map((id, j) => id - (j ? l[j - 1] : 0)));
    while (coded.length && !coded[coded.length - 1].length) { coded.pop(); }
    (shards[w[0]] = shards[w[0]] || {})[w] = coded;
  }
  return shards;
}
const rank = (q, items, shards) => script.congxaRank(q, items, shards || shardsOf(items));
// Arrays made in the VM have its own prototype: copy them for deepStrictEqual.
const titles = (q, items) => Array.from(rank(q, items), (r) => r.item.t);

// Items as congxa writes them (see src/search.rs): words of w and b are folded, y read as i.
const ITEMS = [
  { t: 'Cảnh báo: giả danh cán bộ thuế khai thuế thay, đòi giấy khai sinh', u: 'thong-bao/thue/', k: 'Thông báo', s: '', w: 'lua dao', b: '', r: 0 },
  { t: 'Đăng ký khai sinh', u: 'thu-tuc/dang-ky-khai-sinh/', k: 'Thủ tục', s: '', w: 'ho tich', b: 'tre co giai', c: '1.001193', r: 2 },
  { t: 'Khai sinh, đăng ký thường trú và cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi', u: 'thu-tuc/lien-thong/', k: 'Thủ tục', s: '', w: '', b: '', c: '2.000986', r: 2 },
  { t: 'Hỏi đáp về thuế hộ kinh doanh', u: 'hoi-dap/thue/', k: 'Trang', s: '', w: 'khai', b: 'sinh song', r: 1 },
  { t: 'Đăng ký kết hôn', u: 'thu-tuc/dang-ky-ket-hon/', k: 'Thủ tục', s: '', w: 'ho tich', b: '', c: '1.000894', r: 2 },
  { t: 'Phường Cẩm Thành', u: '', k: 'Trang chủ', s: '', w: 'tinh quang ngai trang chu nghia chanh lo nguien nghiem', b: '', r: 1 },
  { t: 'About Cam Thanh Ward', u: 'en/about/', k: 'Trang', s: '', w: '', b: 'quang ngai province', r: 1, l: 'en' },
];

test('"khai sinh" ranks the procedures above a notice or a tax answer that mention it', () => {
  const got = titles('khai sinh', ITEMS);
  assert.deepEqual(got.slice(0, 2), ['Đăng ký khai sinh', ITEMS[2].t]);
  assert.ok(got.indexOf(ITEMS[0].t) > 1 && got.indexOf(ITEMS[3].t) > 1, got.join(' | '));
});

test('a title that is exactly the query beats a longer title holding it', () => {
  assert.equal(titles('đăng ký khai sinh', ITEMS)[0], 'Đăng ký khai sinh');
  assert.equal(titles('DANG KY KHAI SINH', ITEMS)[0], 'Đăng ký khai sinh');
});

test('a word in the title outweighs the same word in the keywords or the body', () => {
  const items = [
    { t: 'Chứng thực chữ ký', u: 'b/', k: 'Thủ tục', w: 'ban sao', b: '', r: 2 },
    { t: 'Chứng thực bản sao từ bản chính', u: 'a/', k: 'Thủ tục', w: '', b: '', r: 2 },
  ];
  assert.deepEqual(titles('ban sao', items), ['Chứng thực bản sao từ bản chính', 'Chứng thực chữ ký']);
  const body = [
    { t: 'Cắt điện', u: 'a/', k: 'Thông báo', w: '', b: 'homestay', r: 0 },
    { t: 'Thôn Pải Lủng', u: 'b/', k: 'Trang', w: 'homestay', b: '', r: 0 },
  ];
  assert.deepEqual(titles('homestay', body), ['Thôn Pải Lủng', 'Cắt điện']);
});

test('a full procedure code finds that procedure and no other', () => {
  assert.deepEqual(titles('1.001193', ITEMS), ['Đăng ký khai sinh']);
  assert.deepEqual(titles('001193', ITEMS), ['Đăng ký khai sinh']);
  assert.deepEqual(titles('1.001195', ITEMS), [], 'a code one digit off is another procedure, not a typo');
});

test('former ward names find the home page, with or without accents', () => {
  assert.equal(titles('Chánh Lộ', ITEMS)[0], 'Phường Cẩm Thành');
  assert.equal(titles('chanh lo', ITEMS)[0], 'Phường Cẩm Thành');
  assert.equal(titles('Nguyễn Nghiêm', ITEMS)[0], 'Phường Cẩm Thành');
});

test('small typos and y/i spellings still match; one-letter words are ignored', () => {
  assert.equal(titles('khai sihn', ITEMS)[0], 'Đăng ký khai sinh');
  assert.equal(titles('dang ki ket hon', ITEMS)[0], 'Đăng ký kết hôn');
  assert.equal(titles('ket hon a', ITEMS)[0], 'Đăng ký kết hôn');
  assert.deepEqual(titles('a', ITEMS), []);
  assert.deepEqual(titles('   ', ITEMS), []);
});

test('typos are matched within the shard of the first letter: the first letter must be right', () => {
  assert.equal(titles('khia sinh', ITEMS)[0], 'Đăng ký khai sinh', 'a swap after the first letter');
  assert.deepEqual(titles('jhai sinh', ITEMS), [], 'a wrong first letter looks in another shard');
  // Each query word reads only its own letter's shard: without the s shard, "sinh" is missing.
  const shards = shardsOf(ITEMS);
  assert.deepEqual(Array.from(rank('khai sinh', ITEMS, { k: shards.k }), (r) => r.item.t), []);
});

// The built demo sites, when present: the same queries against their own table and shards.
const indexes = fs.existsSync(PUBLIC_DIR)
  ? fs.readdirSync(PUBLIC_DIR).filter((s) => fs.existsSync(path.join(PUBLIC_DIR, s, 'tim-kiem', 'index.json')))
  : [];

// What the page's script would fetch for `q`: the table and the shards of its words' first
// letters, from a built site folder; checks that each shard has the version the table lists.
function fetched(dir, q) {
  const table = JSON.parse(fs.readFileSync(path.join(dir, 'tim-kiem', 'index.json'), 'utf8'));
  const shards = {};
  for (const k of new Set(script.congxaTokens(q).map((w) => w[0]))) {
    const shard = JSON.parse(fs.readFileSync(path.join(dir, 'tim-kiem', 'w', `${k}.json`), 'utf8'));
    assert.equal(shard.v, table.s[k], `${dir}: shard ${k} has the version the table lists`);
    shards[k] = shard.w;
  }
  return { table, shards };
}
const search = (dir, q) => {
  const { table, shards } = fetched(dir, q);
  return script.congxaRank(q, table.i, shards);
};

test('on each demo site: "khai sinh" lists procedures first, the code and former names hit', (t) => {
  if (indexes.length === 0) { t.skip('no built site in public/'); return; }
  for (const site of indexes) {
    const dir = path.join(PUBLIC_DIR, site);
    const res = search(dir, 'khai sinh');
    assert.ok(res.length >= 2, `${site}: "khai sinh" finds something`);
    const firstOther = res.findIndex((r) => r.item.k !== 'Thủ tục');
    const procs = res.filter((r) => r.item.k === 'Thủ tục').length;
    assert.ok(firstOther === -1 || firstOther >= procs, `${site}: every procedure comes before other kinds`);
    assert.equal(res[0].item.t, 'Đăng ký khai sinh', site);
    const code = search(dir, '1.001193');
    assert.equal(code.length, 1, `${site}: the full code finds one item`);
    assert.equal(script.congxaUrl(code[0].item), 'thu-tuc/dang-ky-khai-sinh/', site);
    const { table } = fetched(dir, '');
    assert.ok(table.i.some((i) => i.u === '' && i.k === 'Trang chủ'), `${site}: the home page is in the index`);
    // Every URL the script makes from the table is a page of the site.
    for (const it of table.i) {
      const u = script.congxaUrl(it).replace(/#.*$/, '');
      assert.ok(fs.existsSync(path.join(dir, u, u.endsWith('/') || u === '' ? 'index.html' : '')), `${site}: ${u} exists`);
    }
  }
});

test('demo former names and hamlets are found (Chánh Lộ, Nguyễn Thái Bình, Pải Lủng)', (t) => {
  const cases = [
    ['phuong-cam-thanh', 'Chánh Lộ', ''],
    ['phuong-cam-thanh', 'Nguyễn Nghiêm', ''],
    ['phuong-sai-gon', 'Nguyễn Thái Bình', ''],
    ['phuong-sai-gon', 'Đa Kao', ''],
    ['xa-dong-van', 'Tả Lủng', ''],
    ['xa-dong-van', 'Há Súng', 'to-cong-nghe-so/#thon-ha-sung'],
    ['phuong-cam-thanh', 'tổ dân phố 11', 'to-cong-nghe-so/#thon-to-dan-pho-11'],
  ].filter(([site]) => indexes.includes(site));
  if (cases.length === 0) { t.skip('demo sites not built'); return; }
  for (const [site, q, url] of cases) {
    const res = search(path.join(PUBLIC_DIR, site), q);
    assert.ok(res.some((r) => script.congxaUrl(r.item) === url), `${site}: "${q}" finds ${url || 'the home page'}: ${res.map((r) => script.congxaUrl(r.item)).join(', ')}`);
  }
});
