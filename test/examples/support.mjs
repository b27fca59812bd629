// Shared by the distribution tests (test/package/*.test.mjs, test/examples/*.test.mjs): a tiny
// static HTTP server on 127.0.0.1 and a headless Chromium driven by playwright-core.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../tools/find-chrome.mjs';
import { root } from '../tools/workspaces.mjs';

export { root };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * Serves `dir` (and `mounts`: URL path -> file) on 127.0.0.1 at a free port. `middleware` (connect
 * style) runs first, e.g. the fixture FHIR server. `headers` are added to every response (e.g. a CSP).
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serve(dir, { mounts = {}, middleware, headers = {} } = {}) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end(); // no 404 in the console
      return;
    }
    const staticFile = () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = mounts[path] ?? normalize(join(base, path));
      if (!mounts[path] && file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end();
        return;
      }
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      createReadStream(file).pipe(res);
    };
    if (middleware) middleware(req, res, staticFile);
    else staticFile();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

/** Headless Chromium (the system one, see find-chrome.mjs). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: findChrome(),
    headless: true,
    args: [...CHROME_ARGS], // playwright-core gives every launch a fresh, temporary profile
  });
}

/**
 * A page that records console messages and page errors, so a test can assert there were none.
 * @param {import('playwright-core').Browser} browser
 */
export async function openPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleMessages = [];
  const pageErrors = [];
  page.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => pageErrors.push(String(e?.message ?? e)));
  return { page, context, consoleMessages, pageErrors };
}

/** Fails with a helpful message when `npm run build` has not been run. */
export function requireBuild(...files) {
  const missing = files.filter((f) => !existsSync(resolve(root, f)));
  if (missing.length) throw new Error(`Missing ${missing.join(', ')}: run \`npm run build\` first.`);
}
