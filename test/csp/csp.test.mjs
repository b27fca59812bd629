// Issue 7, part 6: the drop-in bundle under a strict Content Security Policy; issue 19: the loader too.
//
//   node --test test/csp/
//
// Serves one page with
//   Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'
// that loads packages/elements/dist/elements.js (built by `npm run build`) and every widget, with data
// from a same-origin FHIR endpoint (the fixture server, bundled from its TypeScript source), and the
// same page through dist/loader.js (served from /jc/, with its chunks). Asserts zero
// `securitypolicyviolation` events, zero console errors and page errors, and that every widget
// rendered data (not an error or "not configured" state); and that the loader's error for a chunk
// that cannot be loaded shows, styled, with no violation either.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../tools/find-chrome.mjs';
import { loadFixtures } from '../fhir-server/fixtures.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUNDLE = resolve(root, 'packages/elements/dist/elements.js');
const DIST = resolve(root, 'packages/elements/dist');
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

// No inline script or style anywhere: the page's own code is a same-origin module too.
const page = (script) => `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8" />
    <title>joined-care widgets under a strict CSP</title>
    <script type="module" src="${script}"></script>
    <script type="module" src="/page.js"></script>
  </head>
  <body>
    <main>
      <jc-context fhir-base-url="/fhir" patient-id="pat-a" setting="secondary">
        <jc-patient-banner></jc-patient-banner>
        <jc-care-summary></jc-care-summary>
        <jc-referral-status filter="all"></jc-referral-status>
        <jc-advice-panel></jc-advice-panel>
        <jc-advice-prompt></jc-advice-prompt>
        <jc-specialist-finder id="finder"></jc-specialist-finder>
      </jc-context>
    </main>
  </body>
</html>`;

/** Every widget, and the parts that show it rendered data. */
const WIDGETS = {
  'jc-patient-banner': '[part=base] [part=nhs-number]',
  'jc-care-summary': '[part~=item]',
  'jc-referral-status': '[part~=item]',
  'jc-advice-panel': '[part~=item]',
  'jc-advice-prompt': '[part=base]',
  'jc-specialist-finder': '[part=table] [part~=item]',
};

let server;
let browser;
let origin;
let finderIds = [];
/** dist/ files the server answers 404 for (the loader's failure case). */
let missing = new Set();

before(async () => {
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` first`);
  const { FhirFixtureServer, buildPersonas, buildPopulation } = await loadFixtures();
  const personas = buildPersonas();
  const fhir = new FhirFixtureServer({ baseUrl: '/fhir', personas });
  const population = buildPopulation({
    now: personas.now,
    size: 100,
    excludeNhsNumbers: Object.values(personas.personas).map((p) => p.nhsNumber),
  });
  for (const r of population.resources) fhir.put(r, { preserveLastUpdated: true });
  finderIds = [...new Set(Object.values(population.matching).flatMap((ids) => ids.slice(0, 2)))];
  // the page sets the finder's population (a property) from a same-origin module, no inline script
  const pageJs = `document.getElementById('finder').patients = ${JSON.stringify(finderIds)};\n`;
  const bundle = readFileSync(BUNDLE);
  const distFiles = new Set(readdirSync(DIST).filter((f) => /\.(js|json)$/.test(f)));

  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/') return send(200, 'text/html; charset=utf-8', page('/elements.js'));
    if (url.pathname === '/tt-lit-only.html') {
      // a page that names the Trusted Types policies it allows, and leaves out core's narrative-text policy
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `${CSP}; trusted-types lit-html`,
        'Cache-Control': 'no-store',
      });
      return res.end(page('/elements.js'));
    }
    if (url.pathname === '/loader.html') return send(200, 'text/html; charset=utf-8', page('/jc/loader.js'));
    if (url.pathname === '/elements.js') return send(200, 'text/javascript; charset=utf-8', bundle);
    const jc = /^\/jc\/([^/]+)$/.exec(url.pathname);
    if (jc && distFiles.has(jc[1]) && !missing.has(jc[1])) {
      return send(200, 'text/javascript; charset=utf-8', readFileSync(resolve(DIST, jc[1])));
    }
    if (url.pathname === '/page.js') return send(200, 'text/javascript; charset=utf-8', pageJs);
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (fhir.matches(url.href)) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const result = fhir.handle({
          method: req.method ?? 'GET',
          url: `http://127.0.0.1${req.url}`,
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v ?? '')])),
          body: chunks.length ? Buffer.concat(chunks).toString('utf8') : null,
        });
        res.writeHead(result.status, { ...result.headers, 'Content-Security-Policy': CSP });
        res.end(result.body === undefined ? undefined : typeof result.body === 'string' ? result.body : JSON.stringify(result.body));
      });
      return;
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: findChrome(),
    args: [...CHROME_ARGS],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

/** Opens `path` under the CSP and checks every widget rendered data, with no violation and no console error. */
async function everyWidgetRenders(path) {
  const page = await browser.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && consoleErrors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`));
  // installed by the browser before any page script (not subject to the page's CSP)
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const response = await page.goto(`${origin}${path}`);
  assert.equal(response.headers()['content-security-policy'], CSP);

  // every widget settles: nothing loading any more
  await page.waitForFunction(
    (tags) =>
      tags.every((tag) => {
        const el = document.querySelector(tag);
        const root = el?.shadowRoot;
        if (!root || !root.firstElementChild) return false;
        if (root.querySelector('[part~=loading], [part=progress]')) return false;
        return true;
      }),
    Object.keys(WIDGETS),
    { timeout: 30_000, polling: 50 },
  );
  // the finder checks its population in the background: wait for its worklist
  await page.waitForFunction(() => !!document.querySelector('jc-specialist-finder')?.shadowRoot?.querySelector('[part=table]'), null, {
    timeout: 30_000,
  });

  const states = await page.evaluate((widgets) => {
    const out = {};
    for (const [tag, dataSelector] of Object.entries(widgets)) {
      const root = document.querySelector(tag).shadowRoot;
      out[tag] = {
        data: !!root.querySelector(dataSelector),
        error: !!root.querySelector('[part=error], [part=not-configured], [part=partial]'),
      };
    }
    return out;
  }, WIDGETS);
  for (const [tag, s] of Object.entries(states)) {
    assert.equal(s.error, false, `<${tag}> shows an error, partial or not-configured state`);
    assert.equal(s.data, true, `<${tag}> shows no data`);
  }

  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, [], 'Content-Security-Policy violations');
  assert.deepEqual(pageErrors, [], 'page errors');
  assert.deepEqual(consoleErrors, [], 'console errors');
  await page.close();
}

test('every widget renders data under a strict CSP with Trusted Types, with zero violations and zero console errors', () =>
  everyWidgetRenders('/'));

test('the same through loader.js (each chunk loaded when its tag is used): zero violations, zero console errors', () =>
  everyWidgetRenders('/loader.html'));

/** Opens `path` (elements.js under a CSP) and hands a care summary an IPS document whose allergies section is narrative only. */
async function narrativeOnlySection(path) {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
  });
  await page.goto(`${origin}${path}`);
  await page.waitForFunction(() => !!customElements.get('jc-care-summary'));
  // handed in from devtools (not page script)
  const shown = await page.evaluate(async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'document',
      timestamp: '2026-11-20T10:00:00Z',
      entry: [
        {
          fullUrl: 'urn:uuid:c1',
          resource: {
            resourceType: 'Composition',
            status: 'final',
            type: { coding: [{ system: 'http://loinc.org', code: '60591-5' }] },
            subject: { reference: 'urn:uuid:p1' },
            date: '2026-11-20T10:00:00Z',
            title: 'Patient summary',
            author: [{ display: 'Northbridge' }],
            section: [
              {
                title: 'Allergies',
                code: { coding: [{ system: 'http://loinc.org', code: '48765-2' }] },
                text: {
                  status: 'generated',
                  div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Penicillin: rash in 2019</p><script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"/></div>',
                },
              },
            ],
          },
        },
        { fullUrl: 'urn:uuid:p1', resource: { resourceType: 'Patient', id: 'pat-a' } },
      ],
    };
    const el = document.createElement('jc-care-summary');
    el.setAttribute('sections', 'allergies');
    el.bundle = bundle;
    document.querySelector('jc-context').append(el);
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 100));
    return { text: el.shadowRoot.textContent.replace(/\s+/g, ' '), pwned: window.__pwned ?? 0 };
  });
  const violations = await page.evaluate(() => window.__violations);
  await page.close();
  return { ...shown, violations, pageErrors };
}

test("an IPS document's text-only section is read under Trusted Types (the narrative text policy): its words shown, nothing run", async () => {
  const r = await narrativeOnlySection('/');
  assert.match(r.text, /The document gives this section as text only: Penicillin: rash in 2019/);
  assert.doesNotMatch(r.text, /__pwned/);
  assert.equal(r.pwned, 0);
  assert.deepEqual(r.violations, [], 'Content-Security-Policy violations');
  assert.deepEqual(r.pageErrors, []);
});

test('a page whose trusted-types list leaves out the narrative policy: the section says its text could not be read, never "none"', async () => {
  const r = await narrativeOnlySection('/tt-lit-only.html');
  assert.match(r.text, /The document gives this section as text, which could not be read on this page/);
  assert.doesNotMatch(r.text, /Penicillin|No known allergies|No allergies recorded/);
  assert.equal(r.pwned, 0);
  // the browser reports the refused policy (and nothing else of ours runs)
  assert.ok(r.violations.includes('trusted-types'), r.violations.join(', '));
  assert.deepEqual(r.pageErrors, []);
});

test('loader.js: a chunk that cannot be loaded shows its styled error under this CSP, with no violation', async () => {
  const manifest = JSON.parse(readFileSync(resolve(DIST, 'loader.json'), 'utf8'));
  missing = new Set([manifest.tags['jc-care-summary']]);
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  try {
    await page.goto(`${origin}/loader.html`);
    const alert = page.locator('jc-care-summary [role=alert]');
    await alert.waitFor({ timeout: 30_000 });
    assert.ok((await alert.textContent()).includes(manifest.tags['jc-care-summary']), 'names the file');
    const border = await alert.evaluate((el) => getComputedStyle(el).borderLeftWidth);
    assert.equal(border, '6px', 'styled (through the CSSOM, which style-src does not block)');
    await page.locator('jc-patient-banner').getByText(/NHS/).first().waitFor({ timeout: 30_000 });
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'Content-Security-Policy violations');
  } finally {
    missing = new Set();
    await page.close();
  }
});

test('the checks can fail: an inline style and an innerHTML assignment are reported under this CSP', async () => {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
  });
  await page.goto(`${origin}/`);
  const outcome = await page.evaluate(async () => {
    const div = document.createElement('div');
    div.setAttribute('style', 'color: red'); // style-src 'self' blocks inline style attributes
    document.body.append(div);
    let threw = false;
    try {
      div.innerHTML = '<b>x</b>'; // require-trusted-types-for 'script' blocks string HTML sinks
    } catch {
      threw = true;
    }
    await new Promise((r) => setTimeout(r, 100));
    return { threw, violations: window.__violations };
  });
  assert.equal(outcome.threw, true, 'innerHTML with a string is blocked by Trusted Types');
  assert.ok(
    outcome.violations.some((v) => v.startsWith('style-src')),
    `style violation reported: ${outcome.violations.join(', ')}`,
  );
  assert.ok(outcome.violations.includes('require-trusted-types-for'), 'Trusted Types violation reported');
  await page.close();
});
