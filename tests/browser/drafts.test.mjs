// Browser tests for a preview built with `--drafts`: a copy of the sample site with an English
// draft and a draft te reo Māori translation of a published page. Each draft says so at the
// top of its page, in its own language, and passes axe-core in light and dark mode and in
// forced colours, and the Nu HTML Checker; the published page links no draft translation.
// Run with `npm test` in this folder (see README.md here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { describeViolations, runAxe, serveSample, vnuErrors } from './harness.mjs';

const DRAFT_FILES = {
  'content/planning-a-quiet-evening.md': `---
title: Planning a quiet evening
description: A draft page for the browser tests.
categories: [Wellbeing]
date: 2025-01-10
draft: true
---

Test text: a page not yet published, built only for a preview.
`,
  'content/noticing-anxiety.mi.md': `---
title: Te kite i te māharahara
description: "[A draft translation for the browser tests.]{lang=en-NZ}"
categories: [Mental Health]
date: 2025-01-10
draft: true
---

[Test text: a draft te reo Māori translation, not checked by a speaker.]{lang=en-NZ}
`,
};
const DRAFTS = { en: 'planning-a-quiet-evening/', mi: 'mi/noticing-anxiety/' };

let sample;
let out;
let base;
let browser;

before(async () => {
  sample = await serveSample({ files: DRAFT_FILES, args: ['--drafts'] });
  ({ out, base, browser } = sample);
});

after(async () => {
  await sample?.close();
});

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

test('a draft says so first, in its own language; the published page links no draft translation', { timeout: 60_000 }, async () => {
  const page = await newPage();
  try {
    for (const [lang, url, words] of [
      ['en-NZ', DRAFTS.en, 'Draft: not published'],
      ['mi', DRAFTS.mi, 'Hukihuki: kāore anō kia whakaputaina'],
    ]) {
      await page.goto(base + url);
      assert.equal(await page.getAttribute('html', 'lang'), lang, url);
      const notice = page.locator('main .draft-notice');
      assert.equal(await notice.count(), 1, url);
      assert.equal((await notice.textContent()).trim(), words, url);
      assert.ok(await notice.isVisible(), url);
      // The first thing in the article, before the breadcrumbs and the title.
      const first = await page.$eval('main article', (a) => a.firstElementChild.className);
      assert.equal(first, 'draft-notice', url);
    }
    await page.goto(base + 'noticing-anxiety/');
    assert.equal(await page.locator('main .draft-notice').count(), 0);
    assert.equal(await page.locator('head link[hreflang]').count(), 0);
    assert.equal(await page.locator('nav.language-switcher').count(), 0);
  } finally {
    await page.context().close();
  }
});

test('drafts: axe-core finds no WCAG 2.2 AA violation, light, dark and forced colours', { timeout: 120_000 }, async () => {
  const problems = [];
  for (const options of [{ colorScheme: 'light' }, { colorScheme: 'dark' }, { forcedColors: 'active' }]) {
    const page = await newPage(options);
    try {
      for (const url of Object.values(DRAFTS)) {
        await page.goto(base + url);
        const { violations } = await runAxe(page);
        if (violations.length) problems.push(`${url} ${JSON.stringify(options)}:\n${describeViolations(violations)}`);
      }
    } finally {
      await page.context().close();
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('drafts: the Nu HTML Checker finds no error', { timeout: 120_000 }, async () => {
  const files = Object.values(DRAFTS).map((url) => path.join(out, url, 'index.html'));
  const { errors, status } = vnuErrors(files, out);
  assert.deepEqual(errors, [], errors.join('\n'));
  assert.equal(status, 0, `vnu exited with ${status}`);
});
