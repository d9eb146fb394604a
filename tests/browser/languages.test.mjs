// Browser tests for what each language of the sample site has under its prefix (mi/): its
// search page, category pages and bibliography are accessible (axe-core, light and dark, and
// the Nu HTML Checker), and the te reo Māori search finds a te reo page by keyboard alone.
// Run with `npm test` in this folder (see README.md here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { describeViolations, runAxe, serveSample, vnuErrors } from './harness.mjs';

// The te reo Māori pages of the sample that are not pages of content/.
const MAORI_PAGES = ['mi/search/', 'mi/categories/wellbeing/', 'mi/categories/', 'mi/bibliography/'];
// The sample's stand-in te reo page, and words of its te reo text.
const MAORI_PAGE = 'mi/about/';
const MAORI_QUERY = 'aratohu';

let sample;
let base;
let browser;

before(async () => {
  sample = await serveSample();
  ({ base, browser } = sample);
});

after(async () => {
  await sample?.close();
});

test('te reo pages: axe-core finds no WCAG 2.2 AA violation, light and dark', { timeout: 120_000 }, async (t) => {
  const problems = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      for (const url of MAORI_PAGES) {
        const response = await page.goto(base + url);
        assert.equal(response.status(), 200, url);
        assert.equal(await page.getAttribute('html', 'lang'), 'mi', `${url}: <html lang="mi">`);
        const { violations } = await runAxe(page);
        if (violations.length) problems.push(`${url} [${colorScheme}]:\n${describeViolations(violations)}`);
      }
    } finally {
      await context.close();
    }
  }
  t.diagnostic(`checked ${MAORI_PAGES.join(', ')} in light and dark`);
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('te reo pages: the Nu HTML Checker finds no error', { timeout: 120_000 }, async () => {
  const files = MAORI_PAGES.map((url) => path.join(sample.out, url, 'index.html'));
  const { errors, status } = vnuErrors(files, sample.out);
  assert.deepEqual(errors, [], errors.join('\n'));
  assert.equal(status, 0, `vnu exited with ${status}`);
});

/** Presses Tab until `selector` has focus (at most `limit` times); fails if it never does. */
async function tabTo(page, selector, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

test('te reo search: from the te reo home, by keyboard, "aratohu" (guides) finds the te reo page', { timeout: 60_000 }, async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(base + 'mi/');
    // The header's search box, reached and used with the keyboard alone.
    await tabTo(page, 'header input[type="search"]');
    await page.keyboard.type(MAORI_QUERY, { delay: 30 });
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/mi/search/index.html')), page.keyboard.press('Enter')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'mi', 'the te reo search page');
    const status = page.locator('#search-status');
    await assert.doesNotReject(status.filter({ hasText: /\d/ }).waitFor({ timeout: 10_000 }), 'the live region announces a count');
    t.diagnostic(`live region: ${(await status.textContent()).trim()}`);
    // The count's words are te reo, from the theme's mi.yaml: no lang of their own (the page's is mi).
    assert.match(await status.textContent(), /rauemi e hāngai ana/, 'the count is in te reo');
    assert.equal(await status.getAttribute('lang'), null, 'a te reo count is not marked as another language');
    const hrefs = await page.locator('#search-results a').evaluateAll((links) => links.map((a) => a.href));
    assert.ok(hrefs.includes(base + MAORI_PAGE), `the te reo page is found: ${hrefs.join(', ')}`);
    assert.ok(!hrefs.includes(base + 'about/'), `its English version is not listed too: ${hrefs.join(', ')}`);
    // On to the result, still by keyboard.
    await tabTo(page, `#search-results a[href$="${MAORI_PAGE}"]`);
    await Promise.all([page.waitForURL(base + MAORI_PAGE), page.keyboard.press('Enter')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'mi');
    // An English page in the te reo results: its result says it is English, and its title's
    // te reo span ("Staying connected as a [whānau]{lang=mi}") keeps its language.
    await page.goto(base + 'mi/search/?q=connected');
    const english = page.locator('#search-results li', { has: page.locator('a[href$="staying-connected-as-a-whanau/"]') });
    await assert.doesNotReject(english.first().waitFor({ timeout: 10_000 }), 'the English page is found');
    assert.equal(await english.first().getAttribute('lang'), 'en-NZ', 'the English result is marked as English');
    assert.equal(await english.locator('h2 a span[lang="mi"]').count(), 1, 'the result title keeps its span\'s language');
    // So do its category links: "For Family / Whānau" marks its te reo word, as the listings do.
    assert.deepEqual(
      await english.locator('.meta a span[lang="mi"]').allTextContents(),
      ['Whānau'],
      'the category link keeps its te reo word\'s language',
    );
    assert.deepEqual(errors, [], 'script errors');
  } finally {
    await context.close();
  }
});
