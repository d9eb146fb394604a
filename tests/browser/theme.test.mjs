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

/** WCAG's contrast ratio of two `rgb()`/`rgba()` colours (an alpha below 1 is not expected). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Each element `selector` finds: its text colour and the background it is printed on. */
function colours(page, selector) {
  return page.evaluate((selector) => {
    const opaque = (c) => c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c);
    return [...document.querySelectorAll(selector)].map((el) => {
      let bg = null;
      for (let e = el; e && !bg; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (opaque(c)) bg = c;
      }
      return { color: getComputedStyle(el).color, background: bg ?? 'rgb(255, 255, 255)' };
    });
  }, selector);
}

test('print: in a dark colour scheme, boxes print dark text on white; closed details print; no "Get help" link', { timeout: 60_000 }, async () => {
  const page = await newPage({ colorScheme: 'dark' });
  try {
    const problems = [];
    // The content note (supporting-a-grieving-child), a callout and a closed <details> (about),
    // category chips (home), the help box (every page), and a code block added to the page.
    for (const [url, boxes] of [
      ['supporting-a-grieving-child/', ['.content-note', '.content-note p', '.help-box', 'pre']],
      ['about/', ['.callout', '.callout p', '.help-box', 'pre']],
      ['', ['.category-chips a', '.help-box']],
    ]) {
      await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
      await page.goto(base + url);
      await page.evaluate(() => {
        const pre = document.createElement('pre');
        pre.textContent = 'printf "kia ora"\n';
        document.querySelector('main').append(pre);
      });
      // On screen the dark scheme is in force (the content note's box is dark), ...
      if (url === 'supporting-a-grieving-child/') {
        const [note] = await colours(page, '.content-note');
        assert.ok(contrast(note.background, 'rgb(0, 0, 0)') < 2, `on screen the note's box is dark: ${note.background}`);
      }
      // ... in print no box keeps it.
      await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
      for (const selector of boxes) {
        const found = await colours(page, selector);
        if (!found.length) problems.push(`${url || '(home)'}: no ${selector} to check`);
        for (const { color, background } of found) {
          const ratio = contrast(color, background);
          if (ratio < 7 || contrast(background, 'rgb(255, 255, 255)') > 1.1) {
            problems.push(`${url || '(home)'} ${selector}: ${color} on ${background} (${ratio.toFixed(2)}:1) in print`);
          }
        }
      }
      // The in-page "Get help" jump link means nothing on paper.
      const helpLink = await page.locator('.help-link').evaluate((a) => getComputedStyle(a).display);
      if (helpLink !== 'none') problems.push(`${url || '(home)'}: the "Get help" link is printed (display: ${helpLink})`);
    }
    assert.deepEqual(problems, [], problems.join('\n'));

    // A closed <details> (about/) shows only its summary on screen, and all it holds in print.
    await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
    await page.goto(base + 'about/');
    const inside = page.locator('.content details:not([open]) > p').first();
    assert.equal(await inside.evaluate((p) => p.checkVisibility()), false, 'on screen the closed details hide their text');
    const screenMarker = await page.locator('.content details:not([open]) > summary').first().evaluate((s) => getComputedStyle(s).listStyleType);
    assert.equal(screenMarker, 'disclosure-closed', 'on screen the closed details show their triangle');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const shown = await inside.evaluate((p) => ({ visible: p.checkVisibility(), height: p.getBoundingClientRect().height }));
    assert.ok(shown.visible && shown.height > 0, `in print the closed details' text is shown: ${JSON.stringify(shown)}`);
    // ... and without the "closed" triangle, which on paper would say the text is hidden.
    const marker = await page.locator('.content details:not([open]) > summary').first().evaluate((s) => getComputedStyle(s).listStyleType);
    assert.equal(marker, 'none', 'in print the closed details have no disclosure triangle');
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await page.context().close();
  }
});

test('search title: a search from the header box says its words and count in the title; typing still updates the live region', { timeout: 60_000 }, async () => {
  const page = await newPage();
  const status = page.locator('main [role="status"]');
  /** Waits for the title to be `want` (the script runs after the page has loaded). */
  const titleIs = async (want, where) => {
    try {
      await page.waitForFunction((want) => document.title === want, want, { timeout: 5_000 });
    } catch {
      assert.fail(`${where}: the title is "${await page.title()}", want "${want}"`);
    }
  };
  try {
    // Arriving from the header's search box: search/?q=whanau.
    await page.goto(base);
    await page.locator('header input[type="search"]').fill('whanau');
    await Promise.all([page.waitForURL(/search\/index\.html\?q=whanau$/), page.locator('header input[type="search"]').press('Enter')]);
    await page.waitForFunction(() => /\d/.test(document.querySelector('main [role="status"]').textContent));
    const count = Number((await status.innerText()).match(/\d+/)[0]);
    assert.ok(count >= 2, `"whanau" finds the For Family / Whānau pages (${count})`);
    await titleIs(`“whanau”: ${count} resources match · Search · ${SITE_TITLE}`, 'search/?q=whanau');

    // Typing on: the live region and the title follow each change.
    const input = page.locator('main input[type="search"]');
    await input.click();
    await input.press('End');
    await input.pressSequentially(' zzzz', { delay: 40 });
    await page.waitForFunction(() => document.querySelector('main [role="status"]').textContent.startsWith('No resources match'));
    assert.equal((await status.innerText()).trim(), 'No resources match “whanau zzzz”.');
    await titleIs(`No resources match “whanau zzzz” · Search · ${SITE_TITLE}`, 'after typing " zzzz"');
    await input.fill('');
    await input.pressSequentially('flooded', { delay: 40 });
    await page.waitForFunction(() => /^1 /.test(document.querySelector('main [role="status"]').textContent));
    await titleIs(`“flooded”: 1 resource matches · Search · ${SITE_TITLE}`, 'after typing "flooded"');
    await input.fill('');
    await titleIs(`Search · ${SITE_TITLE}`, 'with the box emptied');
    assert.equal((await status.innerText()).trim(), '');

    // In te reo Māori, with the words of mi.yaml that the search index carries.
    await page.goto(base + 'mi/search/?q=aratohu');
    await titleIs(`“aratohu”: 1 te rauemi e hāngai ana · Rapu · ${SITE_TITLE}`, 'mi/search/?q=aratohu');
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await page.context().close();
  }
});
