// Browser tests for what a health charity's editors need on their first day (issue 13): the
// "Need help now?" box and callouts pass axe in light and dark at 375 and 1280 px, the help
// box is one step from the top of a phone's screen, the page title is visible on a phone
// without scrolling, and the 404 page is styled when served under a sub-path that has nothing
// to do with base_url.
//
// The sample site is built into a temporary folder and served on 127.0.0.1 under an
// unrelated sub-path, /some/preview/of/the/site/. Run with `npm test` in this folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { runAttachGen } from './harness.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Nothing like base_url's path (/resources/): the 404 page must not depend on it.
const PREFIX = '/some/preview/of/the/site/';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 375, height: 667 };
const DESKTOP = { width: 1280, height: 900 };

// Sample pages holding the callouts, one kind or more each, and the help box (every page).
const CALLOUT_PAGES = {
  'noticing-anxiety/': ['tip', 'caution'],
  'supporting-a-grieving-child/': ['warning'],
  'guides/sleep-and-mood/': ['important'],
  'about/': ['note'],
};

let tmp;
let out;
let server;
let base;
let browser;

/** Serves `root` under PREFIX: a folder's index.html, else 404.html with status 404. */
function startServer(root) {
  const srv = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const inside = pathname.startsWith(PREFIX) ? pathname.slice(PREFIX.length) : null;
    let file = inside === null ? null : path.join(root, path.posix.normalize('/' + inside));
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const found = file && file.startsWith(root) && fs.existsSync(file);
    const type = (found ? file : '.html').endsWith('.css') ? 'text/css' : found && file.endsWith('.svg') ? 'image/svg+xml' : 'text/html; charset=utf-8';
    res.writeHead(found ? 200 : 404, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(fs.readFileSync(found ? file : path.join(root, '404.html')));
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

/** A page whose requests are all recorded; any leaving the local server are refused. */
async function newPage(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.requests = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    page.requests.push(url);
    return url.startsWith(base) || url.startsWith('data:') ? route.continue() : route.abort();
  });
  return page;
}

async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attach-gen-first-day-'));
  out = path.join(tmp, 'site');
  const build = runAttachGen(['build', '--quiet', '--output', out]);
  assert.equal(build.status, 0, 'building the sample site failed');
  out = fs.realpathSync(out);
  server = await startServer(out);
  base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('help box and callouts: axe finds nothing in light and dark, at 375 and 1280 px', { timeout: 300_000 }, async () => {
  const problems = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await newPage({ colorScheme, viewport });
      try {
        for (const [url, kinds] of Object.entries({ '': [], ...CALLOUT_PAGES })) {
          await page.goto(base + url);
          const where = `${url || '(home)'} [${colorScheme}, ${viewport.width} px]`;
          const seen = await page.$$eval('aside.callout', (all) => all.map((a) => a.className.replace('callout callout-', '')));
          for (const kind of kinds) if (!seen.includes(kind)) problems.push(`${where}: no ${kind} callout`);
          const titles = await page.$$eval('.callout-title', (all) => all.map((t) => getComputedStyle(t).display));
          if (titles.some((d) => d === 'none')) problems.push(`${where}: a callout title is hidden`);
          if ((await page.locator('aside#help').count()) !== 1) problems.push(`${where}: no help box`);
          for (const violation of await axeViolations(page)) problems.push(`${where}: ${violation}`);
        }
      } finally {
        await page.context().close();
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('help box: on a phone, the header\'s "Get help" link brings it into view in one step', { timeout: 60_000 }, async () => {
  const page = await newPage({ viewport: PHONE });
  try {
    await page.goto(base + 'supporting-a-grieving-child/');
    const link = page.locator('header a[href="#help"]');
    const box = await link.boundingBox();
    assert.ok(box && box.y + box.height <= PHONE.height, 'the link is on the first screen');
    await link.click();
    await page.waitForURL(/#help$/);
    const help = await page.locator('#help').boundingBox();
    assert.ok(help && help.y >= -1 && help.y < PHONE.height, `the help box is in view (y = ${help && help.y})`);
    const links = await page.$$eval('#help a', (all) => all.map((a) => [a.getAttribute('href'), a.textContent.trim()]));
    // Every link dials or texts a number, or opens a service's web page (`url:`), its text
    // naming the host it goes to.
    const dialable = links.filter(([h]) => /^(tel|sms):\*?\+?\d+$/.test(h));
    const web = links.filter(([h, text]) => /^https:\/\//.test(h)
      && text === 'visit ' + new URL(h).host.replace(/^www\./, ''));
    assert.ok(dialable.length >= 2 && dialable.length + web.length === links.length, `help links: ${JSON.stringify(links)}`);
  } finally {
    await page.context().close();
  }
});

test('phone: the page title is visible without scrolling past banner and header', { timeout: 60_000 }, async (t) => {
  const page = await newPage({ viewport: PHONE });
  try {
    for (const url of ['', 'noticing-anxiety/', 'categories/for-family-whanau/', 'bibliography/']) {
      await page.goto(base + url);
      const h1 = await page.locator('h1').boundingBox();
      t.diagnostic(`${url || '(home)'}: the h1 ends ${Math.round(h1.y + h1.height)} px from the top of a ${PHONE.height} px screen`);
      assert.ok(h1 && h1.y + h1.height <= PHONE.height, `${url || '(home)'}: the h1 ends at ${h1 && h1.y + h1.height} px`);
    }
  } finally {
    await page.context().close();
  }
});

test('404: styled when served under a sub-path unrelated to base_url, nothing loaded from it', { timeout: 60_000 }, async () => {
  for (const missing of ['x', 'deep/down/in/a/missing/folder/']) {
    const page = await newPage({ viewport: DESKTOP });
    try {
      const response = await page.goto(base + missing);
      assert.equal(response.status(), 404);
      assert.equal((await page.locator('h1').innerText()).trim(), 'Page not found');
      const styled = await page.evaluate(() => ({
        skip: getComputedStyle(document.querySelector('.skip-link')).position,
        help: getComputedStyle(document.querySelector('#help')).borderTopStyle,
      }));
      assert.deepEqual(styled, { skip: 'absolute', help: 'solid' }, 'the theme\'s styles apply');
      // Its links (and the logo) point at the published site, by design; no style comes from it.
      const styleRequests = page.requests.filter((u) => /\.css(\?|$)/.test(u));
      assert.deepEqual(styleRequests, [], 'no stylesheet is fetched');
    } finally {
      await page.context().close();
    }
  }
});

test('aliases: a renamed page\'s old address lands on the page', { timeout: 60_000 }, async () => {
  const page = await newPage({ viewport: DESKTOP });
  try {
    await page.goto(base + 'sleep-and-mood/');
    await page.waitForURL(base + 'guides/sleep-and-mood/');
    assert.equal((await page.locator('h1').innerText()).trim(), 'Sleep and mood');
  } finally {
    await page.context().close();
  }
});
