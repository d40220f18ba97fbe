// The browser editor end to end: `congxa serve --edit` on a temporary copy of the demo project,
// Decap CMS at /admin/ driven through its forms in Debian's chromium. A clerk creates an urgent
// announcement for one hamlet (title typed key by key, in Vietnamese), uploads a phone photo
// with a GPS position in its EXIF, publishes, and finds the banner on the preview site with the
// photo resized and without its GPS data (the editor's own preview pane shows it too), with its
// end time in Vietnam time from a browser set to another zone; an invalid value is refused with
// check's message.
// No request may leave 127.0.0.1. Screenshots for docs/huong-dan-can-bo.md go to
// target/screenshots/editor-*.png.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const h = require('./helpers.js');

const REPO = h.REPO;
const SITE = 'xa-dong-van';
const CLOCK = '2026-11-23T08:00:00+07:00';
const TITLE = 'Khẩn: đá lở trên đường vào thôn Séo Lủng, tạm cấm xe qua';

function congxa() {
  if (process.env.CONGXA_BIN) return process.env.CONGXA_BIN;
  const bins = ['release', 'debug'].map((p) => path.join(REPO, 'target', p, 'congxa')).filter((b) => fs.existsSync(b))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (bins.length === 0) throw new Error('no congxa binary: run `cargo build` first, or set CONGXA_BIN');
  return bins[0];
}

/** A JPEG of `w`×`h` drawn by the browser, with an EXIF block holding a GPS position. */
async function photoWithGps(page, w, hgt) {
  const b64 = await page.evaluate(([w, hgt]) => {
    const c = document.createElement('canvas');
    c.width = w; c.height = hgt;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, w, hgt);
    grad.addColorStop(0, '#6b8e23'); grad.addColorStop(1, '#8b4513');
    g.fillStyle = grad; g.fillRect(0, 0, w, hgt);
    g.fillStyle = '#555'; g.beginPath(); g.arc(w / 2, hgt / 2, hgt / 3, 0, 7); g.fill();
    return c.toDataURL('image/jpeg', 0.85).split(',')[1];
  }, [w, hgt]);
  const jpeg = Buffer.from(b64, 'base64');
  return Buffer.concat([jpeg.subarray(0, 2), exifGps(), jpeg.subarray(2)]);
}

/** An APP1 EXIF segment (big-endian TIFF): IFD0 with a GPSInfo pointer, a GPS IFD with
 * latitude 23°15' N and longitude 105°19' E (Đồng Văn). */
function exifGps() {
  const t = Buffer.alloc(128);
  t.write('MM', 0, 'latin1'); t.writeUInt16BE(42, 2); t.writeUInt32BE(8, 4);
  t.writeUInt16BE(1, 8); // IFD0: one entry
  t.writeUInt16BE(0x8825, 10); t.writeUInt16BE(4, 12); t.writeUInt32BE(1, 14); t.writeUInt32BE(26, 18);
  t.writeUInt32BE(0, 22);
  t.writeUInt16BE(4, 26); // GPS IFD: four entries
  const entry = (i, tag, type, count, value) => {
    const o = 28 + i * 12;
    t.writeUInt16BE(tag, o); t.writeUInt16BE(type, o + 2); t.writeUInt32BE(count, o + 4);
    if (typeof value === 'string') t.write(value, o + 8, 'latin1'); else t.writeUInt32BE(value, o + 8);
  };
  entry(0, 1, 2, 2, 'N\0'); entry(1, 2, 5, 3, 80); entry(2, 3, 2, 2, 'E\0'); entry(3, 4, 5, 3, 104);
  t.writeUInt32BE(0, 76);
  [[23, 1], [15, 1], [0, 1], [105, 1], [19, 1], [0, 1]].forEach(([n, d], i) => {
    t.writeUInt32BE(n, 80 + i * 8); t.writeUInt32BE(d, 84 + i * 8);
  });
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(2 + 6 + t.length, 2);
  return Buffer.concat([head, Buffer.from('Exif\0\0', 'latin1'), t]);
}

/** Width and height from a JPEG's SOF marker. */
function jpegSize(buf) {
  let i = 2;
  while (i < buf.length) {
    const marker = buf[i + 1];
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { h: buf.readUInt16BE(i + 5), w: buf.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

let root; let child; let origin; let browser; let stderr = '';

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'congxa-editor-'));
  for (const d of ['sites', 'content', 'themes', 'data']) {
    fs.cpSync(path.join(REPO, d), path.join(root, d), { recursive: true });
  }
  const env = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  child = spawn(congxa(), ['serve', '--edit', '--port', '0', '--site', SITE, '--now', CLOCK, '--root', root],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.on('data', (d) => { stderr += d; });
  origin = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve --edit did not start:\n${out}\n${stderr}`)), 120000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Đang phục vụ tại (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (c) => reject(new Error(`serve --edit exited ${c}:\n${stderr}`)));
  });
  browser = await h.launch();
});

after(async () => {
  if (browser) await browser.close();
  if (child) child.kill();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** A page of the editor: every request must stay on this server. */
async function editorPage() {
  // A computer whose clock is set to another zone: the pickers still write Vietnam time.
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'vi-VN', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const foreign = [];
  if (process.env.EDITOR_DEBUG) {
    page.on('request', (r) => { if (r.method() === 'POST') console.log('>>', (r.postData() || '').slice(0, 200)); });
    page.on('response', async (r) => { if (r.request().method() === 'POST') console.log('<<', r.status(), (await r.text()).slice(0, 300)); });
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    page.on('requestfailed', (r) => console.log('FAILED', r.url(), r.failure() && r.failure().errorText));
    page.on('console', (m) => console.log('CONSOLE', m.type(), m.text().slice(0, 300)));
  }
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  await page.goto(`${origin}/admin/?site=${SITE}`);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  return { page, foreign };
}

async function shot(page, name) {
  fs.mkdirSync(h.SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(h.SCREENSHOT_DIR, `editor-${name}.png`) });
}

/** Picks `option` in the react-select of the field labelled `label`. */
async function choose(page, label, option) {
  const field = page.locator(`label:has-text("${label}")`).first();
  const id = await field.getAttribute('for');
  await page.locator(`#${id}`).click({ force: true });
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Waits until `fn()` is truthy, looking every half second, or fails with `what` after `looks`
 * looks (a guard against a hang, counted rather than timed: how fast this machine is does not
 * decide the result). */
async function eventually(what, fn, looks = 480) {
  for (let i = 0; ; i++) {
    const v = await fn();
    if (v) return v;
    if (i >= looks) throw new Error(`${what}: not after ${looks} looks\n${stderr.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('a clerk publishes an urgent announcement with a photo; the preview shows its banner and the photo without GPS', async () => {
  const { page, foreign } = await editorPage();
  await page.waitForSelector('text=Thông báo');
  await shot(page, '1-danh-sach');

  // The photo first, through the media library (as a clerk adds a phone picture).
  const photo = await photoWithGps(page, 2400, 1600);
  const upload = path.join(root, 'da-lo-lung-cam.jpg');
  fs.writeFileSync(upload, photo);
  await page.getByRole('button', { name: 'Tập tin' }).click();
  await page.locator('input[type="file"]').setInputFiles(upload);
  const saved = path.join(root, 'sites', SITE, 'static', 'anh', 'da-lo-lung-cam.jpg');
  await eventually('photo saved in static/anh/', () => fs.existsSync(saved));
  assert.ok(fs.readFileSync(saved).includes(Buffer.from('Exif\0\0', 'latin1')), 'the source keeps the EXIF the phone wrote');
  await shot(page, '2-anh');
  await page.keyboard.press('Escape');

  await page.goto(`${origin}/admin/?site=${SITE}#/collections/thong-bao/new`);
  const title = page.locator('label:has-text("Tiêu đề")').first();
  await page.locator(`#${await title.getAttribute('for')}`).click();
  await page.keyboard.type(TITLE, { delay: 15 });
  const date = await page.locator('label:has-text("Ngày đăng")').first().getAttribute('for');
  await page.locator(`#${date}`).fill('2026-11-23');
  await choose(page, 'Loại thông báo', 'Thiên tai, thời tiết');
  await choose(page, 'Đối tượng, thôn / tổ dân phố', 'Thôn Séo Lủng');
  const urgent = await page.locator('label:has-text("Khẩn")').first().getAttribute('for');
  await page.locator(`#${urgent}`).click();
  const expires = await page.locator('label:has-text("Hết hạn lúc")').first().getAttribute('for');
  await page.locator(`#${expires}`).fill('2026-11-30T17:00');
  // The body in Markdown mode, the photo referenced as the media library inserts it.
  const bodyField = page.locator('[aria-label="markdown field"]');
  await bodyField.getByRole('switch').click();
  await bodyField.locator('[contenteditable="true"], textarea').first().click();
  await page.keyboard.type('Đá lở chắn đường liên thôn. Bà con không đi qua đoạn này đến khi có thông báo mới.\n\n![Đá lở trên đường vào thôn Séo Lủng](/anh/da-lo-lung-cam.jpg)\n');
  // The CMS's own preview pane shows the photo: `/anh/…` on the editor's origin is the site's
  // static/anh/, found through the editor page that asks.
  const inPane = page.frameLocator('#preview-pane').locator('img[src="/anh/da-lo-lung-cam.jpg"]');
  await eventually('the photo shown in the editor\'s preview pane', () =>
    inPane.evaluate((i) => i.complete && i.naturalWidth === 2400).catch(() => false), 60000);
  await shot(page, '3-thong-bao-moi');

  await page.getByRole('button', { name: 'Công bố' }).click();
  await page.getByText('Công bố ngay').click();
  const file = path.join(root, 'sites', SITE, 'content', 'thong-bao');
  const created = await eventually('announcement file written', () =>
    fs.readdirSync(file).find((f) => f.startsWith('khan-da-lo-tren-duong-vao-thon-seo-lung')));
  const text = fs.readFileSync(path.join(file, created), 'utf8');
  assert.match(text, /urgent: true/);
  assert.match(text, /expires: "?2026-11-30T17:00:00\+07:00/, 'the end time as the clerk typed it, in Vietnam time (the browser is at +01:00)');
  assert.ok(text.includes(TITLE), text);
  await shot(page, '4-da-luu');

  // The preview rebuilds; the banner is on the home page of the site.
  const home = await eventually('banner on the preview home page', async () => {
    const r = await fetch(`${origin}/${SITE}/`);
    const html = await r.text();
    return html.includes(TITLE) && html.includes('sev-khan-cap') ? html : null;
  });
  assert.match(home, /<p class="alert sev-khan-cap">/);
  const slug = created.replace(/\.md$/, '');
  // The photo's page is waited for too: a rebuild started by the upload may still be running.
  const page2 = await eventually('the photo on the announcement page', async () => {
    const html = await (await fetch(`${origin}/${SITE}/thong-bao/${slug}/`)).text();
    return html.includes('srcset=') ? html : null;
  });
  const img = page2.match(/<img src="([^"]+)" srcset="([^"]+)"[^>]* width="(\d+)" height="(\d+)"/);
  assert.ok(img, `the photo is on the announcement page:\n${text}\n${(page2.match(/<img[^>]*>/g) || []).join('\n')}`);
  assert.deepEqual([img[3], img[4]], ['1600', '1066'], 'resized to the widest published width');
  const base = `${origin}/${SITE}/thong-bao/${slug}/`;
  for (const url of [img[1], ...img[2].split(', ').map((c) => c.split(' ')[0])]) {
    const bytes = Buffer.from(await (await fetch(new URL(url, base))).arrayBuffer());
    assert.equal(bytes[0], 0xff, url);
    assert.ok(!bytes.includes(Buffer.from('Exif\0\0', 'latin1')), `${url} has no EXIF (no GPS position)`);
    assert.ok(jpegSize(bytes).w <= 1600, url);
  }
  assert.deepEqual(foreign, [], 'no request left this computer');
});

test('a value check refuses is not saved, and the editor shows check\'s message', async () => {
  const { page, foreign } = await editorPage();
  await page.goto(`${origin}/admin/?site=${SITE}#/collections/thong-bao/new`);
  const title = await page.locator('label:has-text("Tiêu đề")').first().getAttribute('for');
  await page.locator(`#${title}`).click();
  await page.keyboard.type('Khẩn: mất nước thôn Tả Phìn');
  const date = await page.locator('label:has-text("Ngày đăng")').first().getAttribute('for');
  await page.locator(`#${date}`).fill('2026-11-23');
  await choose(page, 'Loại thông báo', 'Điện, nước');
  // Urgent, but no end time: a rule between two fields that only check knows.
  const urgent = await page.locator('label:has-text("Khẩn")').first().getAttribute('for');
  await page.locator(`#${urgent}`).click();
  await page.getByRole('button', { name: 'Công bố' }).click();
  await page.getByText('Công bố ngay').click();
  const message = 'thông báo khẩn (`urgent: true`) phải có `expires`';
  await page.getByText(message, { exact: false }).first().waitFor({ timeout: 240000 });
  await shot(page, '5-bi-tu-choi');
  const dir = path.join(root, 'sites', SITE, 'content', 'thong-bao');
  assert.ok(!fs.readdirSync(dir).some((f) => f.startsWith('khan-mat-nuoc')), 'nothing written');
  assert.deepEqual(foreign, []);
});
