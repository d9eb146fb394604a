// Search in scripts other than English's: a small site with pages in Chinese, Russian, German
// and te reo Māori, built with the repository's theme and opened from disk. Run with
// `npm test` in this folder (see README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { REPO, runAttachGen } from './harness.mjs';

const SITE = {
  'site.yaml': 'title: Sleep site\nbase_url: https://example.org/\nlanguages:\n'
    + '  - { code: en-NZ, name: English }\n  - { code: zh-Hans, name: 简体中文, prefix: zh/ }\n',
  'content/sleep.md': '---\ntitle: Sleep and mood\ndate: 2026-01-01\n---\nSleep matters.\n',
  'content/sleep.zh-Hans.md': '---\ntitle: 睡眠与情绪\ndate: 2026-01-01\n---\n'
    + '良好的睡眠有助于改善情绪。\n\n## 午睡的好处\n\n短暂的午睡。\n',
  'content/russian.md': '---\ntitle: Сон и настроение\nlang: ru\ndate: 2026-01-02\n---\nТекст о сне.\n',
  'content/street.md': '---\ntitle: Die Straße\nlang: de\ndate: 2026-01-03\n---\nEin Text.\n',
  'content/greek.md': '---\ntitle: Ο δρόμος\nlang: el\ndate: 2026-01-05\n---\nΚείμενο.\n',
  'content/whanau.md': '---\ntitle: Time with Whānau\ndate: 2026-01-04\n---\nKia ora.\n',
};

/** Builds SITE into `out` with the repository's theme. */
function build(work, out) {
  const root = path.join(work, 'site');
  for (const [rel, text] of Object.entries(SITE)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  fs.cpSync(path.join(REPO, 'themes', 'default'), path.join(root, 'themes', 'default'), { recursive: true });
  const args = ['build', '--quiet', '--root', root, '--output', out];
  const run = runAttachGen(args);
  assert.equal(run.status, 0, 'building the site failed');
}

test('search finds pages by words in any script', { timeout: 300_000 }, async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'attach-gen-scripts-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const out = path.join(work, 'out');
    build(work, out);
    const page = await browser.newPage();
    /** The titles of the results for `query` on the search page at `folder`. */
    const results = async (folder, query) => {
      const url = pathToFileURL(path.join(out, folder, 'index.html')).href;
      await page.goto(`${url}?q=${encodeURIComponent(query)}`);
      return page.locator('#search-results h2 a').allTextContents();
    };
    // Chinese has no spaces: a word anywhere in a title (or a heading) finds it.
    assert.deepEqual(await results('zh/search', '睡眠与情绪'), ['睡眠与情绪']);
    assert.deepEqual(await results('zh/search', '睡眠'), ['睡眠与情绪']);
    assert.deepEqual(await results('zh/search', '情绪'), ['睡眠与情绪']);
    assert.deepEqual(await results('zh/search', '午睡'), ['睡眠与情绪']);
    assert.deepEqual(await results('zh/search', '咖啡'), []);
    // Cyrillic, by a word and by the start of one, in any case.
    assert.deepEqual(await results('search', 'настроение'), ['Сон и настроение']);
    assert.deepEqual(await results('search', 'СОН'), ['Сон и настроение']);
    // Greek: a final sigma typed in capitals (Σ lowercases to ς at a word's end) or not.
    assert.deepEqual(await results('search', 'ΔΡΟΜΟΣ'), ['Ο δρόμος']);
    assert.deepEqual(await results('search', 'δρομοσ'), ['Ο δρόμος']);
    // ß is a letter of the word, and folds as "ss"; macrons fold away.
    assert.deepEqual(await results('search', 'Straße'), ['Die Straße']);
    assert.deepEqual(await results('search', 'strasse'), ['Die Straße']);
    assert.deepEqual(await results('search', 'stra'), ['Die Straße']);
    assert.deepEqual(await results('search', 'whanau'), ['Time with Whānau']);
    assert.deepEqual(await results('search', 'whānau'), ['Time with Whānau']);
    // English search is as before: a word's start, not its middle.
    assert.deepEqual(await results('search', 'mood'), ['Sleep and mood']);
    assert.deepEqual(await results('search', 'ood'), []);
  } finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
