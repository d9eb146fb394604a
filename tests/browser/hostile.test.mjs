// The Nu HTML Checker over what a few hostile or unusual sites of tests/bad-inputs/ build to:
// inputs nobody tuned the theme to (headings, footnotes, callouts, glossary terms, language
// spans, help contacts and titles that try the renderer) must still make valid HTML. One Java
// call for all of them, as it starts slowly. Run with `npm test` in this folder (see README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { REPO, describeViolations, htmlFiles, runAttachGen, runAxe, vnuErrors } from './harness.mjs';


// Cases that build (exit 0) with the repository's theme; each once made invalid HTML or tries
// a part of the page the sample site does not.
const CASES = [
  '71-heading-ids-of-the-generator',
  '93-glossary-hostile-terms',
  '313-title-with-line-breaks',
  '315-markdown-in-plain-text',
  '330-help-contacts-per-language-built',
  '340-site-title-language-span',
  '510-callout-with-nothing-but-its-marker',
  '511-glossary-term-as-a-headings-link',
  '512-heading-with-no-words',
  '513-footnote-referred-to-three-times',
  '550-headings-with-no-words',
  '551-table-with-an-empty-header-row',
  '584-tables-with-no-words-in-te-reo',
];

/** Builds the case as tests/bad_inputs.rs does (the repository's theme, a base URL) into `out`. */
function buildCase(name, work, out) {
  const root = path.join(work, name);
  fs.cpSync(path.join(REPO, 'tests', 'bad-inputs', name), root, { recursive: true });
  fs.rmSync(path.join(root, 'expect.yaml'));
  fs.cpSync(path.join(REPO, 'themes', 'default'), path.join(root, 'themes', 'default'), { recursive: true });
  const args = ['build', '--quiet', '--root', root, '--output', out];
  if (!/^base_url:/m.test(fs.readFileSync(path.join(root, 'site.yaml'), 'utf8'))) {
    args.push('--base-url', 'https://example.test/site');
  }
  const build = runAttachGen(args);
  assert.equal(build.status, 0, `building tests/bad-inputs/${name} failed`);
}

test('hostile sites: the Nu HTML Checker finds no error', { timeout: 300_000 }, async (t) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'attach-gen-hostile-'));
  try {
    const outs = path.join(work, 'out');
    for (const name of CASES) buildCase(name, path.join(work, 'sites'), path.join(outs, name));
    const { errors, status } = vnuErrors([outs], outs);
    const checked = CASES.reduce((n, name) => n + htmlFiles(path.join(outs, name)).length, 0);
    t.diagnostic(`vnu checked ${checked} HTML files of ${CASES.length} cases: ${errors.length} errors`);
    assert.deepEqual(errors, [], errors.join('\n'));
    assert.equal(status, 0, `vnu exited with ${status}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('a note referred to three times: axe finds no violation, light and dark', { timeout: 300_000 }, async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'attach-gen-hostile-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const name = '513-footnote-referred-to-three-times';
    const out = path.join(work, 'out');
    buildCase(name, path.join(work, 'sites'), out);
    const page = await browser.newPage();
    const problems = [];
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      // Opened from disk: its back-links' size comes from the theme's stylesheet beside it.
      await page.goto(pathToFileURL(path.join(out, 'notes', 'index.html')).href);
      assert.equal(await page.locator('#fn-why a.footnote-back').count(), 3);
      const { violations } = await runAxe(page);
      if (violations.length) problems.push(`${colorScheme}:\n${describeViolations(violations)}`);
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  } finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('tables whose header row is empty: each scroll box is named, in the page\'s language, and axe finds no violation', { timeout: 300_000 }, async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'attach-gen-hostile-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const out = path.join(work, 'out');
    buildCase('551-table-with-an-empty-header-row', path.join(work, 'sites'), out);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(out, 'doses', 'index.html')).href);
    // The first table is named by its first row; the second, with no words in either, by its
    // number on the page.
    const names = await page.$$eval('.table-scroll', (boxes) => boxes.map((b) => b.getAttribute('aria-label')));
    assert.deepEqual(names, ['Age, Dose', 'Table 2']);
    const { violations } = await runAxe(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    // On a te reo Māori site, in the theme's te reo words; a footnote's table too.
    const reo = path.join(work, 'out-reo');
    buildCase('584-tables-with-no-words-in-te-reo', path.join(work, 'sites'), reo);
    await page.goto(pathToFileURL(path.join(reo, 'ripanga', 'index.html')).href);
    const reoNames = await page.$$eval('.table-scroll', (boxes) => boxes.map((b) => b.getAttribute('aria-label')));
    assert.deepEqual(reoNames, ['Tahi, Rua', 'Ripanga 2', 'Ripanga 3']);
    const reoAxe = await runAxe(page);
    assert.deepEqual(reoAxe.violations, [], describeViolations(reoAxe.violations));
  } finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
