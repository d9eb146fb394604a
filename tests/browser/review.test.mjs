// Browser tests for review dates and content notes on the sample site, in Debian's Chromium
// through playwright-core: the review block, the content note and the published review report
// pass axe (WCAG 2.2 AA) in light and dark, and the note is read before the body.
//
// The sample site is built on the fixed date its review statuses are written against, into a
// temporary folder, and opened from disk (file://), which the theme supports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runAttachGen } from './harness.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// The date the sample site is built on (as in .ci/run and site.test.mjs).
const SAMPLE_TODAY = '2026-03-01';
// A sample page with a content note and a review by a named reviewer.
const NOTE_PAGE = 'supporting-a-grieving-child/index.html';

let tmp;
let out;
let browser;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attach-gen-review-'));
  out = path.join(tmp, 'site');
  const build = runAttachGen(['build', '--quiet', '--today', SAMPLE_TODAY, '--output', out]);
  assert.equal(build.status, 0, 'building the sample site failed');
  browser = await chromium.launch({ executablePath: CHROMIUM });
});

after(async () => {
  if (browser) await browser.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Opens the output file `rel` from disk in the given colour scheme. */
async function open(rel, colorScheme) {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.join(out, rel)).href);
  return page;
}

/** axe over `include` (CSS selectors) only, with the WCAG 2.2 AA tags. */
async function axe(page, include) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(
    ([include, tags]) =>
      window.axe.run(include ? { include: include.map((s) => [s]) } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    [include, AXE_TAGS],
  );
}

function describe(violations) {
  return violations
    .map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`)
    .join('\n');
}

test('the review block and the content note pass axe in light and dark', { timeout: 120_000 }, async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await open(NOTE_PAGE, colorScheme);
    try {
      const note = page.locator('aside.content-note');
      const review = page.locator('footer.review');
      assert.ok(await note.isVisible(), 'the content note is shown');
      assert.ok(await review.isVisible(), 'the review block is shown');
      const result = await axe(page, ['aside.content-note', 'footer.review']);
      assert.equal(result.violations.length, 0, `[${colorScheme}]\n${describe(result.violations)}`);
      // Colour contrast really ran on the note (it passes, not just "nothing to check").
      const checked = await page.evaluate(() =>
        window.axe
          .run({ include: [['aside.content-note']] }, { runOnly: { type: 'rule', values: ['color-contrast'] } })
          .then((r) => r.passes.length),
      );
      assert.ok(checked > 0, 'colour contrast was checked on the content note');
      // The note stands out from the page, like a warning callout.
      const [noteBg, bodyBg] = await page.evaluate(() => [
        getComputedStyle(document.querySelector('aside.content-note')).backgroundColor,
        getComputedStyle(document.body).backgroundColor,
      ]);
      assert.notEqual(noteBg, bodyBg, `[${colorScheme}] the content note has its own background`);
    } finally {
      await page.context().close();
    }
  }
});

test('a screen reader meets the content note before the body, and the review dates as dates', { timeout: 60_000 }, async () => {
  const page = await open(NOTE_PAGE, 'light');
  try {
    const tree = await page.locator('main').ariaSnapshot();
    const noteAt = tree.indexOf('note "Content note"');
    const noteText = tree.indexOf('This page talks about death');
    const bodyAt = tree.indexOf('Children often move in and out of grief');
    assert.ok(noteAt >= 0, `the note is a "note" named "Content note":\n${tree}`);
    assert.ok(noteAt < noteText && noteText < bodyAt, `the note comes before the body:\n${tree}`);
    const times = await page.locator('footer.review time').evaluateAll((els) =>
      els.map((el) => [el.getAttribute('datetime'), el.textContent]),
    );
    assert.deepEqual(times, [
      ['2025-09-01', '1 September 2025'],
      ['2027-09-01', '1 September 2027'],
    ]);
    assert.match(await page.locator('footer.review').innerText(), /Reviewed by Dr Aroha Ngata \(PhD\), Clinical psychologist/);
  } finally {
    await page.context().close();
  }
});

test('the published review report passes axe in light and dark', { timeout: 120_000 }, async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await open('reviews/index.html', colorScheme);
    try {
      const result = await axe(page, null);
      assert.equal(result.violations.length, 0, `[${colorScheme}]\n${describe(result.violations)}`);
      const statuses = await page.locator('table.review-report tbody tr td:first-of-type').allInnerTexts();
      assert.ok(statuses.includes('Due in 45 days'), statuses.join(', '));
      assert.ok(statuses.includes('Overdue by 193 days'), statuses.join(', '));
    } finally {
      await page.context().close();
    }
  }
});

test('search results show the content note of a page above its snippet', { timeout: 60_000 }, async () => {
  const page = await open('search/index.html', 'light');
  try {
    await page.locator('#search-query').fill('grieving');
    await page.locator('#search-query').press('Enter');
    const result = page.locator('#search-results li', { hasText: 'Supporting a grieving child' });
    await result.waitFor();
    const paragraphs = await result.locator('p').allInnerTexts();
    const note = paragraphs.findIndex((p) => p.startsWith('Content note: This page talks about death'));
    assert.ok(note >= 0, paragraphs.join(' | '));
    assert.ok(note === paragraphs.length - 2, `the note comes just before the snippet: ${paragraphs.join(' | ')}`);
    const result2 = await axe(page, ['#search-results']);
    assert.equal(result2.violations.length, 0, describe(result2.violations));
  } finally {
    await page.context().close();
  }
});
