// Browser tests for images: the sample site's page bundle `guides/getting-outside/` shows a
// 2000 px photo with a caption. A phone must download a resized copy, not the original, and
// the figure must pass axe-core in light and dark mode. (The Nu HTML Checker and the whole-page
// axe audits of site.test.mjs cover this page too.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeViolations, runAxe, serveSample } from './harness.mjs';

const PHOTO_PAGE = 'guides/getting-outside/';

let sample; // what serveSample() started
let out;
let base;
let browser;

before(async () => {
  sample = await serveSample();
  ({ out, base, browser } = sample);
});

after(async () => {
  await sample?.close();
});

/**
 * Opens the photo page in a fresh context (no cache) with `options` (viewport, scale, colour
 * scheme); gives the page and the URLs of every image it requested.
 */
async function openPhotoPage(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const images = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'image') images.push(r.url());
  });
  const response = await page.goto(base + PHOTO_PAGE, { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  await page.locator('main figure img').evaluate((img) => img.decode());
  return { page, images, close: () => context.close() };
}

/** The photo as the browser shows it: which file it chose and the size it laid it out at. */
function shownPhoto(page) {
  return page.locator('main figure img').evaluate((img) => ({
    currentSrc: img.currentSrc,
    naturalWidth: img.naturalWidth,
    width: img.getBoundingClientRect().width,
    loading: img.getAttribute('loading'),
  }));
}

const photoRequests = (images) => images.filter((u) => /\/photo(\.\d+w)?\.jpg$/.test(u));
const sizeOf = (file) => fs.statSync(path.join(out, PHOTO_PAGE, file)).size;

for (const { scale, want } of [
  { scale: 1, want: 'photo.480w.jpg' },
  { scale: 2, want: 'photo.960w.jpg' },
]) {
  test(`a 375 px phone at ${scale}x downloads ${want}, never the original`, { timeout: 60_000 }, async (t) => {
    const { page, images, close } = await openPhotoPage({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: scale,
    });
    try {
      const shown = await shownPhoto(page);
      assert.equal(shown.currentSrc, base + PHOTO_PAGE + want, 'img.currentSrc');
      assert.deepEqual(photoRequests(images), [base + PHOTO_PAGE + want], 'the photo files requested');
      assert.ok(shown.width <= 375, `the photo fits the screen (${shown.width} px wide)`);
      assert.equal(shown.loading, null, 'the first image of a page is not lazy');
      t.diagnostic(`sent ${want}: ${sizeOf(want)} bytes instead of photo.jpg: ${sizeOf('photo.jpg')} bytes`);
    } finally {
      await close();
    }
  });
}

test('the captioned photo passes axe-core WCAG 2.2 AA in light and dark mode', { timeout: 60_000 }, async () => {
  const problems = [];
  for (const colorScheme of ['light', 'dark']) {
    const { page, close } = await openPhotoPage({ viewport: { width: 375, height: 812 }, colorScheme });
    try {
      const figure = await page.locator('main figure').evaluate((f) => ({
        alt: f.querySelector('img').getAttribute('alt'),
        caption: f.querySelector('figcaption')?.textContent.trim(),
        width: f.querySelector('img').getAttribute('width'),
        height: f.querySelector('img').getAttribute('height'),
      }));
      assert.ok(figure.alt && figure.alt.length > 20, `the photo has alt text: "${figure.alt}"`);
      assert.ok(figure.caption, 'the figure has a caption');
      assert.notEqual(figure.alt, figure.caption, 'the alt text describes the photo, the caption says more');
      assert.ok(figure.width && figure.height, 'width and height are set, so the page does not jump');
      const result = await runAxe(page, 'main figure');
      if (result.violations.length) problems.push(`[${colorScheme}]\n${describeViolations(result.violations)}`);
    } finally {
      await close();
    }
  }
  assert.equal(problems.length, 0, `accessibility problems:\n${problems.join('\n')}`);
});
