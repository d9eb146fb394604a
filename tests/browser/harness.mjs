// What the browser test files share: the sample site built once into a folder, a small static
// server for it under PREFIX, Chromium, axe-core and the list of HTML files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PREFIX = '/resources/';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The date the sample site's review statuses are written against (see README). */
export const SAMPLE_TODAY = '2026-03-01';

/** The sample site's own files: what a copy of it needs. */
const SAMPLE_FILES = ['site.yaml', 'content', 'static', 'themes', 'glossary.yaml', 'references.bib'];

/**
 * Runs attach-gen with `args` in the repository's folder, as `spawnSync` does: the binary
 * ATTACH_GEN_BIN names (`ATTACH_GEN_BIN=../../target/debug/attach-gen npm test`, where a
 * release build cannot be made), else the release build through `cargo run --release`.
 */
export function runAttachGen(args) {
  const bin = process.env.ATTACH_GEN_BIN;
  return bin
    ? spawnSync(path.resolve(bin), args, { cwd: REPO, stdio: 'inherit' })
    : spawnSync('cargo', ['run', '--release', '--quiet', '--', ...args], { cwd: REPO, stdio: 'inherit' });
}

/**
 * Builds the sample site (the repository's own) into `out` with the release binary; with
 * `siteYaml` or `files`, a copy of it in `copy` whose site.yaml ends with those lines
 * (`paginate_by: 2\n`) and which holds those files too (`{ 'content/x.md': text or Buffer }`).
 */
function buildSample(out, { siteYaml, files, copy, args = [] } = {}) {
  let root = REPO;
  if (siteYaml || files) {
    root = copy;
    for (const name of SAMPLE_FILES) {
      fs.cpSync(path.join(REPO, name), path.join(root, name), { recursive: true });
    }
    if (siteYaml) fs.appendFileSync(path.join(root, 'site.yaml'), `\n${siteYaml}`);
    for (const [rel, contents] of Object.entries(files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), contents);
    }
  }
  const build = runAttachGen(['build', '--quiet', '--root', root, '--today', SAMPLE_TODAY, '--output', out, ...args]);
  assert.equal(build.status, 0, 'building the sample site failed');
}

/**
 * The sample site built into a new temporary folder (`out` is its `resources/`), served under
 * PREFIX at `base`, and Chromium started; `close()` stops both and removes the folder.
 * `siteYaml`: lines added to the end of a copy of the sample's site.yaml (`paginate_by: 2\n`);
 * `files`: files added to that copy (`{ 'content/x.md': text or Buffer }`); `args`: more
 * arguments for `build` (`['--drafts']`).
 */
export async function serveSample({ siteYaml, files, args } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attach-gen-browser-'));
  const out = path.join(tmp, 'resources');
  buildSample(out, { siteYaml, files, args, copy: path.join(tmp, 'site') });
  const server = await startServer(fs.realpathSync(out));
  const base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { out, base, browser, close };
}

/** Debian's Chromium, headless, with nothing that talks to the network by itself. */
function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A tiny static server for `root` under PREFIX: index.html for folders, 404.html otherwise. */
function startServer(root) {
  const srv = http.createServer((req, res) => {
    const send = (status, file, headers = {}) => {
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
    };
    const notFound = () => {
      const page = path.join(root, '404.html');
      if (fs.existsSync(page)) return send(404, page);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return notFound();
    }
    if (!pathname.startsWith(PREFIX)) return notFound();
    const file = path.resolve(root, '.' + path.posix.normalize('/' + pathname.slice(PREFIX.length)));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound();
    }
    if (stat.isDirectory()) {
      // Like a real static host: a folder without its slash is redirected, so that relative
      // links resolve against the folder.
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: pathname + '/' });
        return res.end();
      }
      const index = path.join(file, 'index.html');
      return fs.existsSync(index) ? send(200, index) : notFound();
    }
    if (path.basename(file).startsWith('.')) return notFound();
    return send(200, file);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

/**
 * The Nu HTML Checker's errors over `targets` (folders, whose HTML files it all reads, or
 * files), in one Java call (it starts slowly): each as `file:line:column: message` and the
 * text around it, the file relative to `relativeTo`; and vnu's exit status.
 */
export function vnuErrors(targets, relativeTo) {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', ...targets], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ifError(run.error);
  // The JSON report goes to stderr.
  let report;
  try {
    report = JSON.parse(run.stderr || run.stdout);
  } catch {
    assert.fail(`vnu did not print a JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const errors = report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map(
      (m) =>
        `${path.relative(relativeTo, fileURLToPath(m.url))}:${m.lastLine}:${m.firstColumn ?? m.lastColumn}: ${m.message}\n    ${(m.extract || '').replace(/\n/g, ' ')}`,
    );
  return { errors, status: run.status };
}

/**
 * Whether an output file is a redirect page (an alias's, a listing's `page/1/`): it leaves at
 * once, so a browser test that reads a page must not open it; its target is audited instead.
 */
export function isRedirect(dir, file) {
  return fs.readFileSync(path.join(dir, file), 'utf8').includes('http-equiv="refresh"');
}

export function htmlFiles(dir, rel = '') {
  const found = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...htmlFiles(dir, r));
    else if (entry.name.endsWith('.html')) found.push(r);
  }
  return found.sort();
}

/** The site-relative URL a visitor would use for an output file. */
export function urlOf(file) {
  if (file === 'index.html') return '';
  return file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
}

export function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `  ${v.id} (${v.impact}): ${v.help}\n${nodes}`;
    })
    .join('\n');
}

/** Runs only the axe-core rules named (`['landmark-unique']`, a best practice) on the page. */
export async function runAxeRules(page, rules) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(
    (rules) => window.axe.run(document, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] }),
    rules,
  );
}

/** Runs axe-core with AXE_TAGS on the page, or only on the elements `include` selects. */
export async function runAxe(page, include) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(
    ([tags, include]) =>
      window.axe.run(include ? { include: [include] } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    [AXE_TAGS, include],
  );
}
