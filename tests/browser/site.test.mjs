// Browser tests for the sample site, in Debian's Chromium through playwright-core.
//
// The sample site is built into a temporary folder and served on 127.0.0.1 under the sub-path
// /resources/, so every relative link is exercised the way a visitor on a real host would use
// it. Run with `npm test` in this folder (see README.md here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  AXE_TAGS,
  REPO,
  describeViolations,
  htmlFiles,
  isRedirect,
  runAxe,
  serveSample,
  urlOf,
  vnuErrors,
} from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCREENSHOTS = path.join(HERE, 'screenshots');

// The pages the tests walk through; all of them are in the sample site's content/.
const CATEGORY = { name: 'For Family / Whānau', url: 'categories/for-family-whanau/' };
const CITING_PAGE = { title: 'Supporting a grieving child', url: 'supporting-a-grieving-child/' };

let sample; // what serveSample() started
let out; // the output folder (<a temporary folder>/resources)
let base; // http://127.0.0.1:<port>/resources/
let publishedBase; // base_url from site.yaml, with a trailing slash
let browser;

// ---------------------------------------------------------------------------------------------
// Set-up: build the site, serve it, start Chromium.

const hasSearch = () => fs.existsSync(path.join(out, 'search', 'index.html'));
const NO_SEARCH = 'search/index.html is not in the output yet: no search page to test';

/**
 * A new page in its own context. Requests to anything other than the local server or the disk
 * are refused and recorded in `page.offsite`, except the published site (base_url), which is
 * answered from the local server (only the 404 page links there) and recorded in
 * `page.published`. Failed responses are recorded in `page.failures`.
 */
async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.offsite = [];
  page.published = [];
  page.failures = [];
  page.errors = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('file:') || url.startsWith('data:')) {
      return route.continue();
    }
    if (publishedBase && url.startsWith(publishedBase)) {
      page.published.push(url);
      try {
        const response = await route.fetch({ url: base + url.slice(publishedBase.length) });
        await route.fulfill({ response });
      } catch (e) {
        // A test may close its page while this answer is on its way (seen once in CI:
        // "Fetch response has been disposed"): there is no one left to answer then.
        if (!/disposed|closed/i.test(String(e))) throw e;
      }
      return;
    }
    page.offsite.push(url);
    return route.abort();
  });
  page.on('response', (r) => {
    if (r.status() >= 400) page.failures.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  return page;
}

async function closePage(page) {
  await page.context().close();
}

before(async () => {
  sample = await serveSample();
  ({ out, base, browser } = sample);
  const yaml = fs.readFileSync(path.join(REPO, 'site.yaml'), 'utf8');
  const m = yaml.match(/^base_url:\s*["']?([^"'\s#]+)/m);
  publishedBase = m ? m[1].replace(/\/*$/, '/') : null;
});

after(async () => {
  await sample?.close();
});

// ---------------------------------------------------------------------------------------------
// 1. Navigation under a sub-path.

test('navigation: home → category → page → citation → reference → category, under /resources/', { timeout: 60_000 }, async () => {
  const page = await newPage();
  try {
    const home = await page.goto(base);
    assert.equal(home.status(), 200);
    assert.match(await page.title(), /Attach Resources/);

    // Home → the category.
    await page.locator(`main a[href$="${CATEGORY.url}"]`).first().click();
    await page.waitForURL(base + CATEGORY.url);
    assert.equal((await page.locator('h1').innerText()).trim(), CATEGORY.name);

    // Category → a page in it that cites works.
    await page.locator(`main a[href$="${CITING_PAGE.url}"]`).first().click();
    await page.waitForURL(base + CITING_PAGE.url);
    assert.equal((await page.locator('h1').innerText()).trim(), CITING_PAGE.title);

    // An in-text citation → its entry in the page's reference list.
    const citation = page.locator('.citation a').first();
    const href = await citation.getAttribute('href');
    assert.match(href, /^#ref-/, 'citations link to #ref-<key>');
    await citation.click();
    await page.waitForURL(base + CITING_PAGE.url + href);
    const target = await page.evaluate(() => {
      const t = document.querySelector(':target');
      return t && { tag: t.tagName, id: t.id, inReferences: !!t.closest('.references') };
    });
    assert.deepEqual(target, { tag: 'LI', id: href.slice(1), inReferences: true });
    const box = await page.locator(`[id="${href.slice(1)}"]`).boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 900, `the reference ${href} is scrolled into view`);

    // The page → back to the category, through the page's own category link.
    await page.locator(`article a[href$="${CATEGORY.url}"]`).first().click();
    await page.waitForURL(base + CATEGORY.url);
    assert.equal((await page.locator('h1').innerText()).trim(), CATEGORY.name);

    // Every request stayed on the local server and under the sub-path, and none failed.
    assert.deepEqual(page.failures, [], 'failed requests');
    assert.deepEqual(page.offsite, [], 'requests that left the local server');
    assert.deepEqual(page.published, [], 'absolute links to base_url on ordinary pages');
    assert.deepEqual(page.errors, [], 'script errors');
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href));
    assert.ok(sheets.some((h) => h === base + 'style.css'), `style.css loaded: ${sheets}`);
  } finally {
    await closePage(page);
  }
});

test('404: a missing address at any depth gets a styled 404 page with working links', { timeout: 60_000 }, async () => {
  const page = await newPage();
  try {
    const response = await page.goto(base + 'no/such/page/');
    assert.equal(response.status(), 404);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Page not found');
    const position = await page.locator('.skip-link').evaluate((el) => getComputedStyle(el).position);
    assert.equal(position, 'absolute', 'the stylesheet is applied on the 404 page');
    await page.locator('main a[href$="categories/"]').first().click();
    await page.waitForLoadState();
    assert.equal((await page.locator('h1').innerText()).trim(), 'Categories');
    assert.deepEqual(page.offsite, [], 'requests that left the local server');
    assert.deepEqual(
      page.failures.filter((f) => !f.endsWith('/no/such/page/')),
      [],
      'failed requests',
    );
  } finally {
    await closePage(page);
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Keyboard only.

test('keyboard: the first Tab reaches a visible skip link, Enter moves focus to main', { timeout: 60_000 }, async () => {
  for (const url of ['', CITING_PAGE.url]) {
    const page = await newPage();
    try {
      await page.goto(base + url);
      const skip = page.locator('.skip-link');
      const hidden = await skip.boundingBox();
      assert.ok(!hidden || hidden.y + hidden.height <= 0, `${url || 'home'}: the skip link is off-screen until focused`);

      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({
        cls: document.activeElement.className,
        href: document.activeElement.getAttribute('href'),
        text: document.activeElement.textContent.trim(),
      }));
      assert.equal(focused.cls, 'skip-link', `${url || 'home'}: the first Tab stop is the skip link`);
      assert.equal(focused.href, '#main');
      assert.match(focused.text, /skip to (main )?content/i);
      const shown = await skip.boundingBox();
      assert.ok(shown && shown.y >= 0 && shown.y + shown.height <= 900 && shown.x >= 0, 'the focused skip link is on screen');
      const style = await skip.evaluate((el) => {
        const s = getComputedStyle(el);
        return { outline: s.outlineStyle, opacity: s.opacity, visibility: s.visibility };
      });
      assert.equal(style.visibility, 'visible');
      assert.equal(style.opacity, '1');
      assert.notEqual(style.outline, 'none', 'the focused skip link shows a focus outline');

      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main');
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN');

      // The next Tab continues inside the main content, past the header and navigation.
      await page.keyboard.press('Tab');
      assert.ok(
        await page.evaluate(() => document.querySelector('main').contains(document.activeElement)),
        'Tab after the skip link lands inside main',
      );
    } finally {
      await closePage(page);
    }
  }
});

test('glossary: a term\'s first use is a link to its entry, reached and followed by keyboard', { timeout: 60_000 }, async () => {
  const page = await newPage();
  try {
    await page.goto(base + 'staying-connected-as-a-whanau/');
    const marked = await page.$$eval('.content [lang="mi"]', (els) => els.map((e) => e.textContent));
    assert.ok(marked.includes('Whānau') && marked.includes('wairua'), `te reo words are marked: ${marked}`);
    // Tab through the page until the first glossary link has focus.
    let focused = null;
    for (let i = 0; i < 80 && !focused; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const el = document.activeElement;
        return el && el.classList.contains('glossary-term')
          ? { href: el.getAttribute('href'), lang: el.lang, text: el.textContent }
          : null;
      });
    }
    assert.ok(focused, 'Tab reaches the first glossary link');
    assert.deepEqual(focused, { href: '../glossary/#term-whanau', lang: 'mi', text: 'Whānau' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/glossary\/#term-whanau$/);
    const target = await page.evaluate(() => {
      const el = document.querySelector(':target');
      return el && { tag: el.tagName, lang: el.lang, text: el.textContent };
    });
    assert.deepEqual(target, { tag: 'DT', lang: 'mi', text: 'whānau' });
    const usedIn = await page.$$eval('#term-whanau + dd .cited-in a', (els) => els.map((e) => e.getAttribute('href')));
    assert.ok(usedIn.includes('../staying-connected-as-a-whanau/'), `Used in links back: ${usedIn}`);
    assert.deepEqual(page.failures, []);
  } finally {
    await closePage(page);
  }
});

test('language switcher: reached by keyboard, it opens the te reo Māori version and back', { timeout: 60_000 }, async () => {
  const page = await newPage();
  try {
    await page.goto(base + 'about/');
    // Tab through the page until the switcher's te reo Māori link has focus.
    let focused = null;
    for (let i = 0; i < 40 && !focused; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const el = document.activeElement;
        return el && el.closest('nav.language-switcher') && el.lang === 'mi'
          ? { href: el.getAttribute('href'), hreflang: el.getAttribute('hreflang'), text: el.textContent }
          : null;
      });
    }
    assert.deepEqual(focused, { href: '../mi/about/', hreflang: 'mi', text: 'Te reo Māori' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/mi\/about\/$/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'mi');
    const current = await page.$$eval('nav.language-switcher a[aria-current="page"]', (els) => els.map((e) => e.lang));
    assert.deepEqual(current, ['mi']);
    const back = await page.$$eval('nav.language-switcher a[lang="en-NZ"]', (els) => els.map((e) => e.getAttribute('href')));
    assert.deepEqual(back, ['../../about/']);
    assert.deepEqual(page.failures, []);
  } finally {
    await closePage(page);
  }
});

// ---------------------------------------------------------------------------------------------
// 3. axe-core on every page, light and dark; one h1, lang and landmarks.

test('axe-core: zero WCAG 2.2 AA violations on every page, light and dark', { timeout: 300_000 }, async (t) => {
  const files = htmlFiles(out);
  // The 404 page is audited where a visitor meets it: at a missing address.
  // Redirect pages (a page's old addresses) leave at once; their target pages are audited.
  const urls = files.filter((f) => f !== '404.html' && !isRedirect(out, f)).map(urlOf).concat(['no/such/page/']);
  const kinds = {
    home: '',
    'categories overview': 'categories/',
    'a category page': CATEGORY.url,
    'a resource page': CITING_PAGE.url,
    bibliography: 'bibliography/',
    '404': 'no/such/page/',
  };
  for (const [kind, url] of Object.entries(kinds)) {
    assert.ok(urls.includes(url), `the audit covers ${kind} (${url || 'home'})`);
  }
  if (hasSearch()) assert.ok(urls.includes('search/'));
  else t.diagnostic(`${NO_SEARCH}; the other page types are audited`);

  const problems = [];
  let audited = 0;
  for (const colorScheme of ['light', 'dark']) {
    const page = await newPage({ colorScheme });
    try {
      for (const url of urls) {
        await page.goto(base + url);
        const where = `${url || '(home)'} [${colorScheme}]`;
        // Make sure the colour scheme really switched the theme's colours.
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const dark = bg !== 'rgb(255, 255, 255)';
        if (dark !== (colorScheme === 'dark')) problems.push(`${where}: body background ${bg} does not match the scheme`);
        const result = await runAxe(page);
        audited += 1;
        if (result.violations.length) problems.push(`${where}:\n${describeViolations(result.violations)}`);
        if (colorScheme === 'light') {
          const s = await page.evaluate(() => ({
            h1: document.querySelectorAll('h1').length,
            lang: document.documentElement.lang,
            main: document.querySelectorAll('main').length,
            banner: document.querySelectorAll('body > header, [role="banner"]').length,
            footer: document.querySelectorAll('body > footer, [role="contentinfo"]').length,
          }));
          if (s.h1 !== 1) problems.push(`${where}: ${s.h1} h1 elements, want exactly 1`);
          if (!s.lang) problems.push(`${where}: <html> has no lang`);
          if (s.main !== 1) problems.push(`${where}: ${s.main} main elements, want 1`);
          if (s.banner !== 1) problems.push(`${where}: ${s.banner} page headers (banner landmark), want 1`);
          if (s.footer !== 1) problems.push(`${where}: ${s.footer} page footers (contentinfo landmark), want 1`);
        }
      }
      assert.deepEqual(page.offsite, [], 'requests that left the local server');
    } finally {
      await closePage(page);
    }
  }
  t.diagnostic(`audited ${audited} page loads (${urls.length} pages × light and dark) with tags ${AXE_TAGS.join(', ')}`);
  assert.equal(problems.length, 0, `accessibility problems:\n${problems.join('\n')}`);
});

// ---------------------------------------------------------------------------------------------
// 4. Search.

const LIVE = '[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"]';

/** Checks that `input` is labelled, types `query` into it like a person, and returns the results. */
async function typeSearch(page, input, query, { submit = false } = {}) {
  await input.waitFor();
  const name = await input.evaluate(
    (el) => (el.labels && [...el.labels].map((l) => l.textContent.trim()).join(' ')) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'),
  );
  assert.ok(name, 'the search input has a label');
  await input.click();
  await input.pressSequentially(query, { delay: 40 });
  if (submit) {
    await Promise.all([page.waitForNavigation(), input.press('Enter')]);
  }
  return searchResults(page);
}

/** Waits for the live region to announce a count and returns what the results show. */
async function searchResults(page) {
  const live = page.locator(`main :is(${LIVE})`);
  assert.ok((await live.count()) >= 1, 'the search page has a live region for the results');
  // Results update as the person types: wait until the announcement names a number and has
  // stayed the same for half a second, so that it is the one for the whole query.
  const readLive = async () => (await live.allTextContents()).map((s) => s.trim()).filter(Boolean).join(' | ');
  let liveText = await readLive();
  let stableSince = Date.now();
  for (const deadline = Date.now() + 10_000; ; ) {
    await page.waitForTimeout(100);
    const now = await readLive();
    if (now !== liveText) {
      liveText = now;
      stableSince = Date.now();
    } else if (/\d/.test(liveText) && Date.now() - stableSince >= 500) {
      break;
    }
    assert.ok(Date.now() < deadline, `the live region never settled on a count: "${liveText}"`);
  }
  // Result items: list items in main, outside navigation, that link to a page.
  const results = await page.evaluate(() =>
    [...document.querySelectorAll('main li')]
      .filter((li) => li.querySelector('a[href]') && !li.closest('nav'))
      .map((li) => ({ href: li.querySelector('a[href]').href, title: li.querySelector('a[href]').textContent.trim(), text: li.textContent.replace(/\s+/g, ' ').trim() })),
  );
  return { liveText, results };
}

/** The assertions every search for "whanau" must pass; `pageUrl` is the URL of a result page. */
function checkWhanauResults({ liveText, results }, pageUrl) {
  assert.match(liveText, /\d+\s+(results?|resources?|pages?|matches)/i, `the live region announces how many results: "${liveText}"`);
  assert.ok(results.some((r) => r.text.includes(CATEGORY.name)), `a result shows the category "${CATEGORY.name}"`);
  assert.ok(results.some((r) => r.href === pageUrl), `the page whose title has "whānau" is found (${pageUrl})`);
  assert.match(results[0].title, /wh[aā]nau/i, 'a title match ranks first');
}

test('search: a word of a heading, or of a content note, finds its page', { timeout: 60_000 }, async (t) => {
  if (!hasSearch()) return t.skip(NO_SEARCH);
  const page = await newPage();
  try {
    // "Notice when you are flooded" is a heading of the repairing page, not among its frequent words;
    // "death" is in the grieving page's content note, not its description.
    for (const [query, slug] of [['flooded', 'repairing-after-conflict/'], ['death', 'supporting-a-grieving-child/']]) {
      await page.goto(base + 'search/');
      const found = await typeSearch(page, page.locator('main input[type="search"]').first(), query);
      t.diagnostic(`"${query}": ${found.results.map((r) => r.title).join('; ')}`);
      assert.ok(found.results.some((r) => r.href === base + slug), `"${query}" finds ${slug}: ${JSON.stringify(found.results)}`);
    }
  } finally {
    await closePage(page);
  }
});

test('search: typing "whanau" finds the For Family / Whānau pages and announces the results', { timeout: 60_000 }, async (t) => {
  if (!hasSearch()) return t.skip(NO_SEARCH);
  const page = await newPage();
  try {
    // On the search page, results appear while typing.
    await page.goto(base + 'search/');
    const found = await typeSearch(page, page.locator('main input[type="search"]').first(), 'whanau');
    t.diagnostic(`search page, live region: ${found.liveText}`);
    t.diagnostic(`search page, results: ${found.results.map((r) => r.title).join('; ')}`);
    checkWhanauResults(found, base + 'staying-connected-as-a-whanau/');
    // A result opens the page under the sub-path.
    await page.locator('main a[href$="staying-connected-as-a-whanau/"]').first().click();
    await page.waitForURL(base + 'staying-connected-as-a-whanau/');

    // The search box in the header of every page leads to the search page with the results.
    const header = page.locator('header input[type="search"]');
    if ((await header.count()) === 0) {
      t.diagnostic('no search box in the page header: only the search page was tested');
    } else {
      const fromBox = await typeSearch(page, header.first(), 'whanau', { submit: true });
      assert.ok(page.url().startsWith(base + 'search/'), `the header search box leads to the search page: ${page.url()}`);
      t.diagnostic(`header box → ${page.url().slice(base.length)}: ${fromBox.liveText}`);
      checkWhanauResults(fromBox, base + 'staying-connected-as-a-whanau/');
    }
    assert.deepEqual(page.failures, [], 'failed requests');
    assert.deepEqual(page.errors, [], 'script errors');
    assert.deepEqual(page.offsite, [], 'requests that left the local server');
  } finally {
    await closePage(page);
  }
});

// ---------------------------------------------------------------------------------------------
// 5. Opened from disk.

test('file://: a page opened from disk has its stylesheet, and search works there', { timeout: 60_000 }, async (t) => {
  const page = await newPage();
  try {
    const fileUrl = pathToFileURL(path.join(out, CITING_PAGE.url, 'index.html')).href;
    await page.goto(fileUrl);
    assert.equal((await page.locator('h1').innerText()).trim(), CITING_PAGE.title);
    const styles = await page.evaluate(() => ({
      font: getComputedStyle(document.body).fontFamily,
      skip: getComputedStyle(document.querySelector('.skip-link')).position,
      sheets: [...document.styleSheets].map((s) => s.href),
    }));
    assert.match(styles.font, /system-ui/, 'body font from style.css');
    assert.equal(styles.skip, 'absolute', 'skip link positioned by style.css');
    assert.ok(styles.sheets.some((h) => h && h.startsWith('file:') && h.endsWith('/style.css')), `style.css from disk: ${styles.sheets}`);
    // Relative links point into the output folder.
    const catHref = await page.locator(`article a[href$="${CATEGORY.url}"]`).first().evaluate((a) => a.href);
    assert.equal(catHref, pathToFileURL(path.join(out, CATEGORY.url)).href);

    if (!hasSearch()) {
      assert.deepEqual(page.offsite, [], 'requests that left the disk');
      return t.skip(`${NO_SEARCH}; the stylesheet from disk was checked`);
    }
    // The header search box of the page on disk, then the search page itself.
    const header = page.locator('header input[type="search"]');
    if ((await header.count()) > 0) {
      const fromBox = await typeSearch(page, header.first(), 'whanau', { submit: true });
      assert.ok(page.url().startsWith('file:'), page.url());
      t.diagnostic(`header box from disk → ${path.basename(path.dirname(fileURLToPath(page.url())))}/: ${fromBox.liveText}`);
      checkWhanauResults(fromBox, pathToFileURL(path.join(out, 'staying-connected-as-a-whanau')).href + '/');
    }
    await page.goto(pathToFileURL(path.join(out, 'search', 'index.html')).href);
    const found = await typeSearch(page, page.locator('main input[type="search"]').first(), 'whanau');
    checkWhanauResults(found, pathToFileURL(path.join(out, 'staying-connected-as-a-whanau')).href + '/');
    assert.deepEqual(page.errors, [], 'script errors');
    assert.deepEqual(page.offsite, [], 'requests that left the disk');
  } finally {
    await closePage(page);
  }
});

// ---------------------------------------------------------------------------------------------
// 6. Screenshots for a person to look at, and no sideways scrolling.

test('screenshots at 375 px and 1280 px, with no horizontal scrolling', { timeout: 120_000 }, async (t) => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const shots = [];
  for (const width of [375, 1280]) {
    const page = await newPage({ viewport: { width, height: width < 600 ? 812 : 900 } });
    try {
      for (const [name, url] of [['home', ''], ['page', CITING_PAGE.url]]) {
        await page.goto(base + url);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
        const file = path.join(SCREENSHOTS, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        shots.push(path.relative(REPO, file));
      }
    } finally {
      await closePage(page);
    }
  }
  t.diagnostic(`screenshots: ${shots.join(', ')}`);
});

// ---------------------------------------------------------------------------------------------
// 7. The Nu HTML Checker over the whole output, in one Java call.

test('vnu: zero errors in every HTML file of the output', { timeout: 300_000 }, async (t) => {
  const { errors, status } = vnuErrors([out], out);
  t.diagnostic(`vnu checked ${htmlFiles(out).length} HTML files: ${errors.length} errors`);
  assert.deepEqual(errors, [], `vnu errors:\n${errors.join('\n')}`);
  assert.equal(status, 0, `vnu exited with ${status}`);
});
