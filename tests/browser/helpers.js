// Shared helpers for the browser tests: locate public/, serve it on 127.0.0.1 with a tiny
// dependency-free HTTP server, launch Debian's chromium through playwright-core (no browser
// download), read sitemaps, and compute gzip sizes the way a web server would (level 6).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const zlib = require('node:zlib');

const REPO = path.resolve(__dirname, '..', '..');
const PUBLIC_DIR = path.resolve(process.env.PUBLIC_DIR || path.join(REPO, 'public'));
const SCREENSHOT_DIR = path.join(REPO, 'target', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Fails with a clear message when public/ or a site in it is missing. */
function requirePublic() {
  if (!fs.existsSync(path.join(PUBLIC_DIR, 'index.html'))) {
    throw new Error(`No built site at ${PUBLIC_DIR} (index.html missing). Build first: ` +
      '`cargo run --release -- build --now 2026-11-23T08:00:00+07:00`, or set PUBLIC_DIR to the output folder.');
  }
  return PUBLIC_DIR;
}

/** Site folders of the build: every folder of public/ with a sitemap.xml. */
function sites() {
  requirePublic();
  return fs.readdirSync(PUBLIC_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(PUBLIC_DIR, d.name, 'sitemap.xml')))
    .map((d) => d.name).sort();
}

/** URL paths (e.g. /xa-dong-van/thu-tuc/) of every <loc> of a site's sitemap.xml. */
function sitemapPaths(site) {
  const xml = fs.readFileSync(path.join(PUBLIC_DIR, site, 'sitemap.xml'), 'utf8');
  const locs = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1]);
  if (locs.length === 0) throw new Error(`${site}/sitemap.xml lists no <loc>`);
  return locs.map((u) => {
    const p = decodeURI(new URL(u).pathname);
    // The production base URL may have a prefix; keep the part from /<site>/ on.
    const i = p.indexOf(`/${site}/`);
    if (i < 0) throw new Error(`sitemap URL ${u} is not under /${site}/`);
    return p.slice(i);
  });
}

/** The file a URL path maps to (dir/ -> dir/index.html). */
function fileFor(urlPath) {
  let rel = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(PUBLIC_DIR, path.normalize(rel));
  if (!file.startsWith(PUBLIC_DIR + path.sep)) throw new Error(`path escapes public/: ${urlPath}`);
  return file;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.avif': 'image/avif',
  '.ico': 'image/x-icon', '.pdf': 'application/pdf' };

/** Serves public/ on 127.0.0.1 (random port). Resolves to { origin, close() }. */
function serve() {
  requirePublic();
  const server = http.createServer((req, res) => {
    let file;
    try { file = fileFor(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        res.writeHead(301, { Location: req.url.replace(/^([^?#]*)/, '$1/') }).end();
        return;
      }
      if (err) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'); return; }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Launches chromium (Debian's, never a downloaded one). */
async function launch() {
  let pw;
  try { pw = require('playwright-core'); } catch {
    throw new Error('playwright-core is not installed: run `cd tests/browser && npm ci --ignore-scripts`');
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return pw.chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

/** gzip size (level 6) of a file. */
function gzipSize(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 6 }).length;
}

/** Local stylesheet and script files an HTML file links to (href/src relative to it). */
function assetsOf(htmlFile) {
  const html = fs.readFileSync(htmlFile, 'utf8');
  const refs = [...html.matchAll(/<link\b[^>]*\brel=(?:"stylesheet"|stylesheet)[^>]*>/g)]
    .map((m) => (m[0].match(/\bhref=(?:"([^"]+)"|([^\s>]+))/) || [])).map((m) => m[1] || m[2]);
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc=(?:"([^"]+)"|([^\s>]+))/g)].map((m) => m[1] || m[2]);
  return [...refs, ...scripts].filter((u) => u && !/^[a-z]+:/i.test(u))
    .map((u) => {
      const clean = decodeURIComponent(u.split(/[?#]/)[0]);
      // Root-absolute URLs (the 404 page uses them) are paths under public/.
      return clean.startsWith('/') ? path.join(PUBLIC_DIR, clean) : path.resolve(path.dirname(htmlFile), clean);
    });
}

/**
 * The shared set-up of a browser test file: `node:test` hooks that serve the output folder and
 * launch Chromium before its tests and close both after them (then run `cleanup`, if given).
 * Returns a holder whose `server` and `browser` are set once the `before` hook has run.
 */
function suite({ cleanup } = {}) {
  const { before, after } = require('node:test');
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.close();
    if (cleanup) cleanup();
  });
  return env;
}

/**
 * A fresh context (its own storage) and page, 1280×800 unless `opts` (Playwright context
 * options) say otherwise; collects script errors and every response of status 400 or more.
 */
async function newPage(browser, opts = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
  const page = await ctx.newPage();
  const errors = [];
  const missing = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`); });
  return { ctx, page, errors, missing };
}

module.exports = { REPO, PUBLIC_DIR, SCREENSHOT_DIR, CHROMIUM, LAUNCH_ARGS, requirePublic, sites, sitemapPaths, fileFor, serve, launch, gzipSize, assetsOf, suite, newPage };
