// @joinedcare/elements, the single file for `<script type="module">`, loaded in Chromium as a host
// page would: it registers every element, keeps a tag the page has already defined (a warning, not
// an exception), runs under a strict Content-Security-Policy, and needs nothing else.
// Run after `npm run build`:  node --test test/package/elements.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openPage, requireBuild, root, serve } from '../examples/support.mjs';
import { workspacePackages, readJson } from '../tools/workspaces.mjs';

const BUNDLE = 'packages/elements/dist/elements.js';
const pkg = readJson(join(root, 'packages/elements/package.json'));

/** Every tag the published packages register, from their custom-elements.json (written by the build). */
function publishedTags() {
  const tags = new Set();
  for (const p of workspacePackages()) {
    if (!p.pkg.customElements || !existsSync(join(p.dir, p.pkg.customElements))) continue;
    for (const mod of readJson(join(p.dir, p.pkg.customElements)).modules)
      for (const d of mod.exports ?? []) if (d.kind === 'custom-element-definition') tags.add(d.name);
  }
  return [...tags].sort();
}

const PATIENT = {
  resourceType: 'Patient',
  id: 'example-1',
  name: [{ family: 'Testpatient', given: ['Ada'], prefix: ['Ms'] }],
  birthDate: '1961-04-02',
  gender: 'female',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }],
};

const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>${body}</body></html>`;

const FILES = {
  'plain.html': page(`<p>Host content</p><script type="module" src="/elements.js"></script>`),
  // a host that already has its own <jc-patient-banner> (a classic script runs before the module)
  'predefined.html': page(
    `<p>Host content</p><script src="/predefine.js"></script><script type="module" src="/elements.js"></script>` +
      `<script type="module" src="/after.js"></script>`,
  ),
  'predefine.js': `customElements.define('jc-patient-banner', class HostBanner extends HTMLElement {});`,
  'after.js': `document.body.dataset.after = 'ran';`,
  // two copies of the library on one page (e.g. two teams' panels)
  'twice.html': page(`<script type="module" src="/elements.js"></script><script type="module" src="/elements.js?copy=2"></script>`),
  // strict CSP: no inline script or style allowed
  'csp.html': page(
    `<jc-context patient-id="example-1"><jc-patient-banner></jc-patient-banner></jc-context>` +
      `<script type="module" src="/elements.js"></script><script type="module" src="/csp-host.js"></script>`,
  ),
  'csp-host.js': `await customElements.whenDefined('jc-patient-banner');
document.querySelector('jc-patient-banner').patient = ${JSON.stringify(PATIENT)};`,
};

describe('@joinedcare/elements (single-file bundle)', () => {
  let dir, server, browser;
  before(async () => {
    requireBuild(BUNDLE);
    dir = mkdtempSync(join(tmpdir(), 'jc-elements-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
    const csp = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";
    server = await serve(dir, {
      mounts: { '/elements.js': join(root, BUNDLE), '/elements.js.map': join(root, `${BUNDLE}.map`) },
      middleware: (req, res, next) => {
        if (req.url === '/csp.html') res.setHeader('content-security-policy', csp);
        next();
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is one self-contained file in dist/ (no imports, Lit inside, production mode)', () => {
    const js = readdirSync(join(root, 'packages/elements/dist')).filter((f) => f.endsWith('.js'));
    assert.deepEqual(js, ['elements.js']);
    const code = readFileSync(join(root, BUNDLE), 'utf8');
    assert.doesNotMatch(code, /^\s*import[\s{'"*]/m, 'no static import');
    assert.doesNotMatch(code, /\bimport\s*\(/, 'no dynamic import');
    assert.ok(!code.includes('Lit is in dev mode'), 'production build of Lit');
    // minified: rolldown indents unminified code with tabs (the template literals use spaces)
    assert.equal(code.split('\n').filter((l) => l.startsWith('\t')).length, 0, 'minified');
  });

  it('registers every element of every package, and exports its version', async () => {
    const expected = publishedTags();
    assert.ok(expected.includes('jc-context') && expected.includes('jc-patient-banner'), `tags found: ${expected}`);
    const { page, context, pageErrors, consoleMessages } = await openPage(browser);
    await page.goto(`${server.url}/plain.html`);
    const defined = await page.evaluate(async (tags) => {
      await Promise.all(tags.map((t) => customElements.whenDefined(t)));
      return tags.filter((t) => customElements.get(t));
    }, expected);
    assert.deepEqual(defined, expected);
    const version = await page.evaluate(async () => (await import('/elements.js')).version);
    assert.equal(version, pkg.version, 'the version export matches package.json');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(
      consoleMessages.filter((m) => m.type === 'warning' || m.type === 'error'),
      [],
    );
    await context.close();
  });

  it('warns instead of throwing when the host page already defined a tag, and registers the others', async () => {
    const { page, context, pageErrors, consoleMessages } = await openPage(browser);
    await page.goto(`${server.url}/predefined.html`);
    await page.waitForFunction(() => document.body.dataset.after === 'ran');
    const state = await page.evaluate(async () => {
      await customElements.whenDefined('jc-context');
      return { bannerClass: customElements.get('jc-patient-banner').name, context: Boolean(customElements.get('jc-context')) };
    });
    assert.equal(state.bannerClass, 'HostBanner', "the host's definition is kept");
    assert.equal(state.context, true, 'the other tags are registered');
    assert.deepEqual(pageErrors, [], 'no exception');
    const warnings = consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    assert.equal(warnings.length, 1, `one warning: ${JSON.stringify(warnings)}`);
    assert.match(warnings[0], /<jc-patient-banner> is already defined/);
    await context.close();
  });

  it('tolerates a second copy of the library on the same page', async () => {
    const { page, context, pageErrors, consoleMessages } = await openPage(browser);
    await page.goto(`${server.url}/twice.html`);
    await page.waitForFunction(() => customElements.get('jc-patient-banner') && customElements.get('jc-context'));
    await page.waitForLoadState('load');
    assert.deepEqual(pageErrors, []);
    const warnings = consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    for (const tag of publishedTags())
      assert.ok(
        warnings.some((w) => w.includes(`<${tag}>`)),
        `a warning for <${tag}>`,
      );
    await context.close();
  });

  it('renders under a strict CSP (no inline styles or scripts): styles are constructed stylesheets', async () => {
    const { page, context, pageErrors, consoleMessages } = await openPage(browser);
    await page.goto(`${server.url}/csp.html`);
    const banner = page.locator('jc-patient-banner');
    await assert.doesNotReject(banner.getByText('TESTPATIENT, Ada (Ms)').waitFor({ timeout: 5000 }));
    const styled = await page.evaluate(() => {
      const root = document.querySelector('jc-patient-banner').shadowRoot;
      return { sheets: root.adoptedStyleSheets.length, styleTags: root.querySelectorAll('style').length };
    });
    assert.ok(styled.sheets > 0, 'styles applied through adoptedStyleSheets');
    assert.equal(styled.styleTags, 0, 'no <style> elements');
    assert.deepEqual(pageErrors, []);
    const violations = consoleMessages.filter((m) => /Content Security Policy|Refused to/i.test(m.text));
    assert.deepEqual(violations, [], 'no CSP violation');
    await context.close();
  });
});
