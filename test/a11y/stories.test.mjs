// Accessibility sweep over every Storybook story (issue 7, part 7a): `node --test test/a11y/`.
//
// Builds Storybook when storybook-static/ is missing or older than the stories, the widget sources or
// .storybook/ (`npm run build-storybook`), serves it on 127.0.0.1 (the MSW service worker needs a
// secure context: localhost is one), opens every story's iframe in Chromium (playwright-core, the
// system browser), waits until the widgets have settled (no `[part~=loading]` anywhere, unless the
// story is about loading), injects axe-core and runs the WCAG 2.0/2.1/2.2 A and AA rules over the
// whole document, shadow roots included. Fails listing story id, rule id and target of every
// violation. Three pages run in parallel.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../tools/find-chrome.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const staticDir = join(root, 'storybook-static');
// our own copy of axe, kept under its own name: Storybook's a11y addon loads another one as `axe`
const AXE_SOURCE = `${readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8')}\n;window.__jcAxe = window.axe;`;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PARALLEL = 3;
/**
 * How long a story may go without any change before it counts as stuck. Not a limit on how long it
 * may take: a story that is still drawing (5,000 medicines on a busy machine) is waited for as long
 * as its shadow roots keep changing, up to SETTLE_CAP_MS.
 */
const SETTLE_MS = 15_000;
const SETTLE_CAP_MS = 180_000;
/** The browser's failed update check of MSW's worker script: infrastructure, not the story. */
const SW_UPDATE_ERROR = /Failed to update a ServiceWorker for scope .*mockServiceWorker\.js/;

/** Newest modification time of the files under `dir` (recursively). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Builds Storybook unless storybook-static/ is newer than everything it is built from. */
function ensureStorybook() {
  const index = join(staticDir, 'index.json');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newest(join(root, 'stories')),
    newest(join(root, '.storybook')),
    ...readdirSync(join(root, 'packages')).map((p) => newest(join(root, 'packages', p, 'src'))),
  );
  if (built > sources) return 'reused';
  const r = spawnSync('npm', ['run', 'build-storybook'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm run build-storybook failed:\n${(r.stdout ?? '') + (r.stderr ?? '')}`.slice(-4000));
  return 'built';
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A page with known violations inside a shadow root: proves the sweep looks there. */
const PROBE = `<!doctype html><html lang="en"><head><title>probe</title></head><body><main><jc-probe></jc-probe></main><script>
  customElements.define('jc-probe', class extends HTMLElement {
    constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<button part="retry-button"></button><input type="text">'; }
  });
</script></body></html>`;

/** A static file server for storybook-static/ on 127.0.0.1 (random port). */
function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/__a11y-probe.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PROBE);
      return;
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/**
 * Waits until the story has settled (settledInPage). Gives up only when nothing in the page has
 * changed for SETTLE_MS, or after SETTLE_CAP_MS in all, so a slow machine is never a failure.
 */
async function waitSettled(page, allowLoading) {
  const started = Date.now();
  let lastChange = started;
  let last = -1;
  for (;;) {
    const nodes = await page.evaluate(settledInPage, allowLoading);
    if (nodes === true) return true;
    const now = Date.now();
    if (nodes !== last) [last, lastChange] = [nodes, now];
    if (now - lastChange > SETTLE_MS || now - started > SETTLE_CAP_MS) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * In the page: true when every joined-care element has rendered and none shows a loading state;
 * otherwise how many elements the document and its shadow roots hold (a story still drawing changes it).
 */
function settledInPage(allowLoading) {
  const elements = [];
  let count = 0;
  const walk = (node) => {
    for (const el of node.querySelectorAll('*')) {
      count += 1;
      if (el.localName.startsWith('jc-')) elements.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  const rootEl = document.querySelector('#storybook-root');
  if (!rootEl || rootEl.childElementCount === 0) return 0;
  walk(document);
  const widgets = elements.filter((el) => el.localName !== 'jc-context');
  if (widgets.some((el) => el.shadowRoot && el.shadowRoot.childElementCount === 0 && !el.hidden)) return count;
  if (allowLoading) return true;
  return widgets.some((el) => el.shadowRoot?.querySelector('[part~=loading]')) ? count : true;
}

async function checkStory(page, base, story) {
  const allowLoading = /loading/i.test(story.id);
  const errors = [];
  const onError = (e) => errors.push(String(e?.message ?? e));
  page.on('pageerror', onError);
  try {
    // globals a11y.manual: the addon does not run its own axe on render (two runs at once are refused)
    await page.goto(`${base}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=a11y.manual:!true`, {
      waitUntil: 'load',
    });
    const settled = await waitSettled(page, allowLoading);
    return { settled, violations: await runAxe(page), errors };
  } finally {
    page.off('pageerror', onError);
  }
}

let server;
let browser;
let base;
let how;
before(async () => {
  how = ensureStorybook();
  server = await serve(staticDir);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: findChrome(),
    args: [...CHROME_ARGS],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Runs axe on the page now open, with the sweep's settings. */
async function runAxe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const r = await window.__jcAxe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  }, WCAG_TAGS);
}

test('the sweep sees violations inside shadow roots', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${base}/__a11y-probe.html`);
    const ids = (await runAxe(page)).map((v) => v.id).sort();
    // target-size is a WCAG 2.2 AA rule: the 2.2 rules are on
    assert.deepEqual(ids, ['button-name', 'label', 'target-size']);
  } finally {
    await page.close();
  }
});

test('axe finds no WCAG 2.2 AA violation in any Storybook story, in any state', { timeout: 1_200_000 }, async (t) => {
  const started = performance.now();
  const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8'));
  const stories = Object.values(index.entries).filter((e) => e.type === 'story');
  assert.ok(stories.length > 0, 'storybook-static/index.json lists no stories');
  const problems = [];
  const unsettled = [];
  const swRetried = [];
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  try {
    const queue = [...stories];
    const worker = async () => {
      const page = await context.newPage();
      for (let story = queue.shift(); story; story = queue.shift()) {
        let r = await checkStory(page, base, story);
        // The browser's own update check of MSW's service worker can fail while three pages navigate
        // at once ("Failed to update a ServiceWorker … Not found"): not the story's error. Such a story
        // is checked once more, and only an error that happens again is reported.
        if (r.errors.length && r.errors.every((e) => SW_UPDATE_ERROR.test(e))) {
          swRetried.push(story.id);
          r = await checkStory(page, base, story);
        }
        if (!r.settled) unsettled.push(story.id);
        for (const v of r.violations) problems.push(`${story.id}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
        for (const e of r.errors) problems.push(`${story.id}: uncaught page error: ${e.slice(0, 200)}`);
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, stories.length) }, worker));
  } finally {
    await context.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  t.diagnostic(`${stories.length} stories checked in ${seconds}s (Storybook ${how})`);
  if (swRetried.length) t.diagnostic(`checked again after a service-worker update error: ${swRetried.join(', ')}`);
  if (unsettled.length)
    t.diagnostic(
      `not settled, nothing changing for ${SETTLE_MS / 1000}s or over ${SETTLE_CAP_MS / 1000}s in all (checked as they were): ${unsettled.join(', ')}`,
    );
  assert.deepEqual(problems, [], `axe violations:\n  ${problems.join('\n  ')}`);
  assert.deepEqual(unsettled, [], 'stories whose widgets never finished loading');
});
