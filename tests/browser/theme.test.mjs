// Browser tests for what an accessibility audit of the default theme found: two search
// landmarks with no names on the search page, listing pages 2 and later titled like page 1, a
// print stylesheet that kept the dark scheme's backgrounds, and a search page reached from the
// header box whose count was never announced. The sample site is built with `paginate_by: 2`
// (a copy of its site.yaml), so that its listings have pages 2 and later, and with two pages
// added (FEATURE_PAGES) that have every feature the theme draws: one in English, one in te reo
// Māori, so that every kind of page the build writes is audited in both languages.
// Run with `npm test` in this folder (see README.md here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, describeViolations, htmlFiles, isRedirect, runAxe, runAxeRules, serveSample, urlOf, vnuErrors } from './harness.mjs';

const SITE_TITLE = 'Attach Resources';

// Two pages with every feature a page can have: a content note, a figure with a caption,
// callouts, a citation and its reference list, a footnote, a table, a code block, a glossary
// term, review dates and a reviewer. The te reo Māori one is a translation (a page bundle with
// its own photo) whose English words are marked with spans. Test text, in our own words; the
// te reo Māori is a few simple words and says it is test text.
const PHOTO = fs.readFileSync(path.join(REPO, 'content', 'guides', 'getting-outside', 'photo.jpg'));
const FEATURE_PAGES = { en: 'guides/weekly-plan/', mi: 'mi/guides/getting-outside/' };
const FEATURE_FILES = {
  'content/guides/weekly-plan.md': `---
title: A weekly plan for time outside
description: A small table of outdoor ideas for each day of the week, with a note on each.
categories: [Relationships]
date: 2023-10-03
reviewed: 2025-11-03
reviewed_by: [sione-tupou]
content_note: This page mentions low mood in a whānau.
---

![A dirt path across a green field towards low hills](getting-outside/photo.jpg "A walk with your whānau, or a [hīkoi]{lang=mi}, counts.")

> [!TIP]
> Pick one row to start with, and keep it small.

Sleep and time outside go together for many people [@walker2017].[^end] Going out with your
whānau makes it easier to keep going.

| Day | Idea | Minutes outside in a busy week with children at home |
| --- | --- | --- |
| Monday | A walk to the shops and back, taking the longest path you can manage | 20 |
| Wednesday | Lunch on a bench | 15 |

\`\`\`text
a_long_line_of_code_that_does_not_wrap_because_it_is_code_and_goes_on_past_the_edge_of_a_phone
\`\`\`

[^end]: Notes like this one sit at the end of the page.
`,
  'content/guides/getting-outside.mi/photo.jpg': PHOTO,
  'content/guides/getting-outside.mi/index.md': `---
title: Te puta ki waho
description: "[Test text: a te reo Māori page with every feature the theme draws.]{lang=en-NZ}"
categories: [Hauora]
date: 2023-10-02
reviewed: 2024-11-03
reviewed_by: [sione-tupou]
content_note: "[This test page mentions feeling low.]{lang=en-NZ}"
---

![He ara i te pāmu](photo.jpg "[A path across a field.]{lang=en-NZ}")

> [!NOTE]
> [Test text written for the browser tests, not checked by a speaker of te reo Māori.]{lang=en-NZ}

> [!WARNING]
> Kōrero ki tō tākuta.

He pai te hīkoi mā te whānau [@walker2017].[^hikoi]

| Rā | Mahi |
| --- | --- |
| Mane | Hīkoi |
| Rāapa | [Read outside]{lang=en-NZ} |

[^hikoi]: [A short walk counts.]{lang=en-NZ}
`,
};

let sample;
let out;
let base;
let browser;

before(async () => {
  sample = await serveSample({ siteYaml: 'paginate_by: 2\n', files: FEATURE_FILES });
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
    const urls = htmlFiles(out).filter((f) => f !== '404.html' && !isRedirect(out, f)).map(urlOf);
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

// ---------------------------------------------------------------------------------------------
// Every kind of page, in both languages: what the sample's own build (audited by site.test.mjs)
// does not have is audited here: listings' pages 2 and later, a page of each language with
// every feature, and the 404 page met under mi/.

/**
 * The pages of this build that the sample's plain build lacks, and the 404 at a missing mi/
 * address. A listing's `page/1/` is a redirect to its first page, which leaves at once.
 */
function extraPages() {
  const later = htmlFiles(out)
    .filter((f) => /(^|\/)page\/\d+\/index\.html$/.test(f) && !isRedirect(out, f))
    .map(urlOf);
  return [FEATURE_PAGES.en, FEATURE_PAGES.mi, ...later, 'mi/no/such/page/'];
}

test('every kind of page in both languages: axe-core finds no WCAG 2.2 AA violation, light, dark and forced colours', { timeout: 180_000 }, async (t) => {
  const urls = extraPages();
  for (const want of ['page/2/', 'mi/page/2/', 'categories/wellbeing/page/2/', 'mi/categories/wellbeing/page/2/']) {
    assert.ok(urls.includes(want), `the audit covers ${want}`);
  }
  const problems = [];
  // Forced colours (Windows High Contrast) on the two pages that have every kind of box.
  const featured = [FEATURE_PAGES.en, FEATURE_PAGES.mi];
  let edgeBoxes = 0;
  for (const options of [{ colorScheme: 'light' }, { colorScheme: 'dark' }, { forcedColors: 'active' }]) {
    const page = await newPage(options);
    try {
      for (const url of options.forcedColors ? featured : urls) {
        await page.goto(base + url);
        const { violations } = await runAxe(page);
        if (violations.length) problems.push(`${url} ${JSON.stringify(options)}:\n${describeViolations(violations)}`);
        if (options.forcedColors) {
          // Backgrounds are dropped there: a box shown by its background alone must get an edge.
          const edgeless = await page.$$eval('main pre, .category-chips a, .banner', (boxes) => boxes
            .filter((b) => getComputedStyle(b).borderTopStyle === 'none' || parseFloat(getComputedStyle(b).borderTopWidth) === 0)
            .map((b) => b.tagName.toLowerCase()));
          if (edgeless.length) problems.push(`${url} in forced colours: no edge on ${edgeless.join(', ')}`);
          edgeBoxes += await page.$$eval('main pre, .category-chips a, .banner', (b) => b.length);
        }
      }
    } finally {
      await page.context().close();
    }
  }
  t.diagnostic(`axe on ${urls.length} pages × light and dark, and ${featured.length} in forced colours`);
  assert.ok(edgeBoxes > 0, 'the feature pages have a code block or a category chip to check in forced colours');
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('every kind of page in both languages: the Nu HTML Checker finds no error', { timeout: 120_000 }, async () => {
  const files = extraPages()
    .filter((url) => !url.includes('no/such'))
    .map((url) => path.join(out, url, 'index.html'));
  const { errors, status } = vnuErrors(files, out);
  assert.deepEqual(errors, [], errors.join('\n'));
  assert.equal(status, 0, `vnu exited with ${status}`);
});

test('language of parts: the content note and the caption mark words of the other language', { timeout: 60_000 }, async () => {
  const page = await newPage();
  try {
    // Before, both printed `[...]{lang=...}` as written, and the glossary's terms unmarked.
    await page.goto(base + FEATURE_PAGES.mi);
    assert.equal(await page.getAttribute('html', 'lang'), 'mi');
    assert.equal(await page.locator('.content-note span[lang="en-NZ"]').innerText(), 'This test page mentions feeling low.');
    assert.equal(await page.locator('figcaption span[lang="en-NZ"]').innerText(), 'A path across a field.');
    assert.doesNotMatch(await page.locator('main').innerText(), /\{lang=/);
    await page.goto(base + FEATURE_PAGES.en);
    assert.equal(await page.locator('.content-note span[lang="mi"]').innerText(), 'whānau');
    assert.equal(await page.locator('figcaption span[lang="mi"]').innerText(), 'hīkoi');
    assert.doesNotMatch(await page.locator('main').innerText(), /\{lang=/);
    // Search results show the note with the same marks.
    await page.goto(base + 'search/?q=weekly');
    const note = page.locator('main li p.content-note').first();
    await note.waitFor();
    assert.equal(await note.locator('span[lang="mi"]').innerText(), 'whānau');
    assert.match(await note.innerText(), /: This page mentions low mood in a whānau\.$/);
  } finally {
    await page.context().close();
  }
});

test('reflow (WCAG 1.4.10): at 320 CSS px no page of any kind scrolls sideways, and no text is cut off', { timeout: 120_000 }, async (t) => {
  // 320 CSS px is 1280 px zoomed to 400%. Tables and code blocks scroll inside their own box
  // (two-dimensional content, reached by keyboard), so they may be wider than the screen.
  const urls = ['', 'page/2/', 'categories/', 'categories/wellbeing/', 'categories/wellbeing/page/2/', 'glossary/', 'bibliography/', 'search/?q=whanau', 'reviews/', 'about/', 'guides/getting-outside/', FEATURE_PAGES.en, 'no/such/page/', 'mi/', 'mi/page/2/', 'mi/categories/', 'mi/categories/wellbeing/page/2/', 'mi/bibliography/', 'mi/search/?q=hauora', 'mi/about/', FEATURE_PAGES.mi, 'mi/no/such/page/'];
  const page = await newPage({ viewport: { width: 320, height: 640 } });
  const problems = [];
  try {
    for (const url of urls) {
      await page.goto(base + url);
      const found = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const cut = [];
        for (const el of document.querySelectorAll('body *')) {
          if (el.closest('.table-scroll, pre')) continue;
          const box = el.getBoundingClientRect();
          if (box.width > 0 && box.right > width + 1) cut.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)} px`);
        }
        return { sideways: document.documentElement.scrollWidth - width, cut: cut.slice(0, 5) };
      });
      if (found.sideways > 0) problems.push(`${url || '(home)'}: scrolls sideways by ${found.sideways} px`);
      if (found.cut.length) problems.push(`${url || '(home)'}: ${found.cut.join('; ')}`);
    }
  } finally {
    await page.context().close();
  }
  t.diagnostic(`${urls.length} pages at 320 px`);
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('keyboard: every link, button, field and scrolling box of the feature pages shows its focus', { timeout: 60_000 }, async () => {
  const page = await newPage();
  try {
    for (const url of [FEATURE_PAGES.en, FEATURE_PAGES.mi]) {
      await page.goto(base + url);
      const stops = [];
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const stop = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          return {
            what: `${el.tagName.toLowerCase()} ${el.getAttribute('href') ?? el.className ?? ''}`,
            ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          };
        });
        if (!stop) break;
        stops.push(stop);
      }
      assert.ok(stops.length > 20, `${url}: Tab went through the page (${stops.length} stops)`);
      assert.equal(stops[0].what, 'a #main', `${url}: the skip link comes first`);
      // The table's scrolling box is a stop of its own, so its hidden columns can be reached.
      assert.ok(stops.some((s) => s.what.includes('table-scroll')), `${url}: the table's box is reached`);
      const unseen = stops.filter((s) => !s.ring).map((s) => s.what);
      assert.deepEqual(unseen, [], `${url}: focus that shows no outline`);
    }
  } finally {
    await page.context().close();
  }
});
