// Browser tests for what an accessibility audit of the default theme found: two search
// landmarks with no names on the search page, listing pages 2 and later titled like page 1, a
// print stylesheet that kept the dark scheme's backgrounds, and a search page reached from the
// header box whose count was never announced. The sample site is built with `paginate_by: 2`
// (a copy of its site.yaml), so that its listings have pages 2 and later.
// Run with `npm test` in this folder (see README.md here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeViolations, htmlFiles, runAxeRules, serveSample, urlOf } from './harness.mjs';

const SITE_TITLE = 'Attach Resources';

let sample;
let out;
let base;
let browser;

before(async () => {
  sample = await serveSample({ siteYaml: 'paginate_by: 2\n' });
  ({ out, base, browser } = sample);
});

after(async () => {
  await sample?.close();
});

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/** Every search landmark of the page, with its accessible name (aria-label or aria-labelledby). */
function searchLandmarks(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="search"], search')].map((el) => {
      const by = el.getAttribute('aria-labelledby');
      const name = by
        ? by.split(/\s+/).map((id) => document.getElementById(id)?.textContent.trim() ?? '').join(' ')
        : (el.getAttribute('aria-label') ?? '');
      return { where: el.closest('header') ? 'header' : el.closest('main') ? 'main' : 'other', name: name.trim() };
    }),
  );
}

test('search landmarks: each has a name of its own on every page (axe landmark-unique)', { timeout: 120_000 }, async (t) => {
  const page = await newPage();
  try {
    // In English and in te reo Māori, the search page has the header's box and its own form.
    for (const [url, names] of [
      ['search/', { header: 'Site search', main: 'Search the resources' }],
      ['mi/search/', { header: 'Rapu i te paetukutuku', main: 'Rapua ngā rauemi' }],
    ]) {
      await page.goto(base + url);
      const found = await searchLandmarks(page);
      assert.deepEqual(found, [{ where: 'header', name: names.header }, { where: 'main', name: names.main }], url);
    }
    // axe's best practice over every page of the output: no two landmarks of a kind share a name.
    // Redirect pages (a page's old addresses) leave at once; their targets are checked.
    const isRedirect = (f) => fs.readFileSync(path.join(out, f), 'utf8').includes('http-equiv="refresh"');
    const urls = htmlFiles(out).filter((f) => f !== '404.html' && !isRedirect(f)).map(urlOf);
    const problems = [];
    for (const url of urls) {
      await page.goto(base + url);
      const { violations } = await runAxeRules(page, ['landmark-unique']);
      if (violations.length) problems.push(`${url || '(home)'}:\n${describeViolations(violations)}`);
    }
    t.diagnostic(`landmark-unique on ${urls.length} pages`);
    assert.deepEqual(problems, [], problems.join('\n'));
  } finally {
    await page.context().close();
  }
});

test('paginated listings: pages 2 and later say their number in the title', { timeout: 60_000 }, async () => {
  const page = await newPage();
  try {
    // Each listing's words: English, and te reo Māori under mi/ (words from the theme's i18n).
    for (const { first, one, later, title } of [
      { first: '', one: SITE_TITLE, later: 'page/', title: (n, m) => `All resources, page ${n} of ${m} · ${SITE_TITLE}` },
      { first: 'categories/wellbeing/', one: `Wellbeing · ${SITE_TITLE}`, later: 'categories/wellbeing/page/', title: (n, m) => `Wellbeing, page ${n} of ${m} · ${SITE_TITLE}` },
      { first: 'mi/categories/wellbeing/', one: `Hauora · ${SITE_TITLE}`, later: 'mi/categories/wellbeing/page/', title: (n, m) => `Hauora, whārangi ${n} o ${m} · ${SITE_TITLE}` },
    ]) {
      await page.goto(base + first);
      const pageOne = await page.title();
      assert.equal(pageOne, one, `${first || '(home)'}: page 1 keeps its title`);
      // How many listing pages there are: the last number the pagination links.
      const total = Number((await page.locator('nav.pagination a').allTextContents()).filter((s) => /^\d+$/.test(s.trim())).pop());
      assert.ok(total >= 2, `${first || '(home)'} has pages 2 and later with paginate_by: 2 (${total})`);
      const titles = [pageOne];
      for (let n = 2; n <= total; n++) {
        await page.goto(`${base}${later}${n}/`);
        titles.push(await page.title());
        assert.equal(titles.at(-1), title(n, total), `${later}${n}/`);
        // The heading says the same, so the title and the page agree.
        assert.match(await page.locator('main h2 .page-number').innerText(), new RegExp(`${n}\\D+${total}`));
      }
      assert.equal(new Set(titles).size, titles.length, `every page of ${first || '(home)'} has a title of its own: ${titles}`);
    }
  } finally {
    await page.context().close();
  }
});
