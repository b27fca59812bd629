// @joinedcare/elements for `<script type="module">`, loaded in Chromium as a host page would:
// - elements.js, the single file: it registers every element, keeps a tag the page has already
//   defined (a warning, not an exception), runs under a strict Content-Security-Policy, and needs
//   nothing else;
// - loader.js (issue 19): defines each tag the first time it is used (in the document, in a shadow
//   root, added later), loads only that tag's chunk and the shared one, leaves a host's own tag
//   alone with a warning, and names the missing file in the console and in each element when a
//   chunk cannot be loaded;
// - the .gz and .br beside every file are the same bytes compressed.
// Run after `npm run build`:  node --test test/package/elements.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openPage, requireBuild, root, serve } from '../examples/support.mjs';
import { workspacePackages, readJson } from '../tools/workspaces.mjs';

const BUNDLE = 'packages/elements/dist/elements.js';
const DIST = join(root, 'packages/elements/dist');
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

/** A temporary folder holding `files`, served on 127.0.0.1 (`serve` options), and a browser; `close()` undoes all three. */
async function site(files, options) {
  const dir = mkdtempSync(join(tmpdir(), 'jc-elements-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const server = await serve(dir, options);
  const browser = await launchBrowser();
  return {
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
  let server, browser;
  before(async () => {
    requireBuild(BUNDLE);
    const csp = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";
    server = await site(FILES, {
      mounts: { '/elements.js': join(root, BUNDLE), '/elements.js.map': join(root, `${BUNDLE}.map`) },
      middleware: (req, res, next) => {
        if (req.url === '/csp.html') res.setHeader('content-security-policy', csp);
        next();
      },
    });
    browser = server.browser;
  });
  after(() => server?.close());

  it('is one self-contained file in dist/ (no imports, Lit inside, production mode)', () => {
    const js = readdirSync(DIST).filter((f) => f.endsWith('.js'));
    // beside it only the loader and the chunks it names
    const manifest = readJson(join(DIST, 'loader.json'));
    assert.deepEqual(js.sort(), ['elements.js', 'loader.js', ...manifest.files].sort());
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

describe('@joinedcare/elements/dist/loader.js (each tag loaded when first used)', () => {
  let server, browser, manifest;
  /** Files of dist/ the server answers 404 for (a chunk that cannot be loaded); reset per test. */
  let missing = new Set();
  /** Every dist/ file requested, in order. */
  let requested = [];
  const BANNER_CHUNK = () => manifest.tags['jc-patient-banner'];
  const SUMMARY_CHUNK = () => manifest.tags['jc-care-summary'];

  const LOADER_FILES = {
    // a banner only: loads the shared chunk and the banner's, nothing else
    'banner.html': page(
      `<jc-context patient-id="example-1"><jc-patient-banner></jc-patient-banner></jc-context>` +
        `<script type="module" src="/jc/loader.js"></script><script type="module" src="/banner-host.js"></script>`,
    ),
    'banner-host.js': `await customElements.whenDefined('jc-patient-banner');
document.querySelector('jc-patient-banner').patient = ${JSON.stringify(PATIENT)};
document.body.dataset.ready = 'yes';`,
    // the same banner in Welsh: its Welsh strings (and core's) are fetched, and only then
    'banner-cy.html': page(
      `<jc-context patient-id="example-1" lang="cy"><jc-patient-banner></jc-patient-banner></jc-context>` +
        `<script type="module" src="/jc/loader.js"></script><script type="module" src="/banner-host.js"></script>`,
    ),
    'empty.html': page(`<p>No widgets here</p><script type="module" src="/jc/loader.js"></script>`),
    // the host's framework adds a tag later, and renders another inside its own shadow roots
    'later.html': page(
      `<p>Host</p><host-before></host-before><script src="/shadow-before.js"></script>` +
        `<script type="module" src="/jc/loader.js"></script><script type="module" src="/later.js"></script>`,
    ),
    // a shadow root attached before the loader ran (a classic script runs before module scripts)
    'shadow-before.js': `customElements.define('host-before', class extends HTMLElement {
  constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<jc-care-summary></jc-care-summary>'; }
});`,
    // runs after the loader (module scripts run in order), so these tags come after its first search
    'later.js': `document.body.dataset.beforeAdd = String(Boolean(customElements.get('jc-referral-status')));
document.body.append(document.createElement('jc-referral-status'));
customElements.define('host-panel', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'closed' });
    root.append(document.createElement('div'));
    queueMicrotask(() => root.firstChild.append(document.createElement('jc-advice-panel')));
  }
});
document.body.append(document.createElement('host-panel'));`,
    // the host defined <jc-patient-banner> itself before the loader ran
    'predefined.html': page(
      `<jc-context><jc-patient-banner></jc-patient-banner><jc-care-summary></jc-care-summary></jc-context>` +
        `<script src="/predefine.js"></script><script type="module" src="/jc/loader.js"></script>`,
    ),
    'predefine.js': `customElements.define('jc-patient-banner', class HostBanner extends HTMLElement {});`,
    // two care summaries and a banner, for a chunk that cannot be loaded
    'failing.html': page(
      `<jc-context patient-id="example-1"><jc-patient-banner></jc-patient-banner>` +
        `<jc-care-summary id="one"></jc-care-summary><jc-care-summary id="two"></jc-care-summary></jc-context>` +
        `<script type="module" src="/jc/loader.js"></script>`,
    ),
    'unknown.html': page(`<jc-care-summry></jc-care-summry><script type="module" src="/jc/loader.js"></script>`),
  };

  before(async () => {
    requireBuild('packages/elements/dist/loader.js', 'packages/elements/dist/loader.json');
    manifest = readJson(join(DIST, 'loader.json'));
    server = await site(
      { ...FILES, ...LOADER_FILES },
      {
        // /jc/<file> is dist/<file>, as a trust would copy the folder
        mounts: Object.fromEntries(
          readdirSync(DIST)
            .filter((f) => /\.(js|map|json)$/.test(f))
            .map((f) => [`/jc/${f}`, join(DIST, f)]),
        ),
        middleware: (req, res, next) => {
          const m = /^\/jc\/([^?]+)/.exec(req.url);
          if (m) {
            requested.push(m[1]);
            if (missing.has(m[1])) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          }
          next();
        },
      },
    );
    browser = server.browser;
  });
  after(() => server?.close());
  /** A fresh page at `path`, with `missing` files answered 404 and the request log cleared. */
  const open = async (path, missingFiles = []) => {
    missing = new Set(missingFiles);
    requested = [];
    const opened = await openPage(browser);
    await opened.page.goto(`${server.url}${path}`);
    return opened;
  };

  it('has a .gz and a .br beside every file: the same bytes compressed', () => {
    const js = readdirSync(DIST).filter((f) => f.endsWith('.js'));
    assert.ok(js.includes('loader.js') && js.includes('elements.js') && js.length === manifest.files.length + 2, js.join(', '));
    for (const f of js) {
      const bytes = readFileSync(join(DIST, f));
      assert.ok(gunzipSync(readFileSync(join(DIST, `${f}.gz`))).equals(bytes), `${f}.gz`);
      assert.ok(brotliDecompressSync(readFileSync(join(DIST, `${f}.br`))).equals(bytes), `${f}.br`);
    }
  });

  it('is small and imports nothing itself; every chunk imports the shared chunk only (and its Welsh, dynamically)', () => {
    const loader = readFileSync(join(DIST, 'loader.js'), 'utf8');
    assert.doesNotMatch(loader, /^\s*import[\s{'"*]/m, 'no static import in loader.js');
    assert.ok(!loader.includes('lit-html'), 'no Lit in loader.js');
    for (const f of manifest.files) {
      const code = readFileSync(join(DIST, f), 'utf8');
      for (const m of code.matchAll(/\bfrom\s*["'`]([^"'`]+)["'`]|\bimport\s*\(\s*["'`]([^"'`]+)/g)) {
        const spec = m[1] ?? m[2];
        // besides the shared chunk: a dynamic import of a package's Welsh strings (loader.json `translations`), fetched only in Welsh
        if (m[2] !== undefined && manifest.translations.some((t) => spec === `./${t}`)) continue;
        assert.equal(spec, `./${manifest.shared}`, `${f} imports ${spec}`);
      }
    }
    assert.equal(manifest.tags['jc-context'], manifest.shared, '<jc-context> comes with the shared chunk');
    assert.deepEqual(Object.keys(manifest.tags).sort(), publishedTags(), 'a chunk for every published tag');
  });

  it('loads the shared chunk and the chunk of each tag on the page, nothing else, and the widget works', async () => {
    const { page, context, pageErrors, consoleMessages } = await open('/banner.html');
    await page.waitForFunction(() => document.body.dataset.ready === 'yes');
    await assert.doesNotReject(page.locator('jc-patient-banner').getByText('TESTPATIENT, Ada (Ms)').waitFor({ timeout: 5000 }));
    const scripts = requested.filter((f) => f.endsWith('.js'));
    assert.deepEqual(scripts.sort(), ['loader.js', manifest.shared, BANNER_CHUNK()].sort());
    const { version, locales } = await page.evaluate(async () => {
      const m = await import('/jc/loader.js');
      await m.registerLocale('cy', { loading: 'Yn llwytho…' });
      return { version: m.version, locales: await m.registeredLocales() };
    });
    assert.equal(version, pkg.version);
    assert.deepEqual(locales, ['en-GB', 'cy'], 'registerLocale reaches the shared chunk');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(
      consoleMessages.filter((m) => m.type === 'warning' || m.type === 'error'),
      [],
    );
    await context.close();
  });

  it('in Welsh, also loads the Welsh of core and of the banner, and the banner shows it', async () => {
    const { page, context, pageErrors } = await open('/banner-cy.html');
    await page.waitForFunction(() => document.body.dataset.ready === 'yes');
    await assert.doesNotReject(page.locator('jc-patient-banner').getByText('Ganwyd').waitFor({ timeout: 5000 }));
    const scripts = requested.filter((f) => f.endsWith('.js'));
    const welsh = scripts.filter((f) => ![`loader.js`, manifest.shared, BANNER_CHUNK()].includes(f));
    assert.equal(welsh.length, 2, scripts.join(', '));
    for (const f of welsh) assert.ok(manifest.translations.includes(f), `${f} is a translation`);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it('loads nothing but itself on a page without a joined-care tag', async () => {
    const { page, context, pageErrors } = await open('/empty.html');
    await page.waitForLoadState('networkidle');
    assert.deepEqual(
      requested.filter((f) => f.endsWith('.js')),
      ['loader.js'],
    );
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it('defines a tag added later by the host, and tags in shadow roots attached before or after it ran (open or closed)', async () => {
    const { page, context, pageErrors } = await open('/later.html');
    await assert.doesNotReject(
      page.waitForFunction(() => ['jc-care-summary', 'jc-referral-status', 'jc-advice-panel'].every((t) => customElements.get(t)), null, {
        timeout: 10_000,
      }),
    );
    assert.equal(await page.evaluate(() => document.body.dataset.beforeAdd), 'false', '<jc-referral-status> was loaded only once added');
    const upgraded = await page.evaluate(
      () =>
        document.querySelector('host-before').shadowRoot.querySelector('jc-care-summary') instanceof customElements.get('jc-care-summary'),
    );
    assert.equal(upgraded, true, 'the element inside the earlier shadow root is upgraded');
    assert.ok(!requested.includes(BANNER_CHUNK()), 'no chunk for a tag the page does not use');
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it('leaves a tag the host defined itself alone, with one warning, and defines the others', async () => {
    const { page, context, pageErrors, consoleMessages } = await open('/predefined.html');
    await page.waitForFunction(() => customElements.get('jc-care-summary') && customElements.get('jc-context'));
    assert.equal(await page.evaluate(() => customElements.get('jc-patient-banner').name), 'HostBanner');
    assert.ok(!requested.includes(BANNER_CHUNK()), "the banner's chunk is not loaded");
    const warnings = consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0], /<jc-patient-banner> is already defined/);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it('a chunk that cannot be loaded: each of its elements shows an error naming the file, the console names it once, the rest works', async () => {
    const { page, context, pageErrors, consoleMessages } = await open('/failing.html', [SUMMARY_CHUNK()]);
    const alerts = page.locator('jc-care-summary [role=alert]');
    await assert.doesNotReject(alerts.nth(1).waitFor({ timeout: 10_000 }));
    const texts = await alerts.allTextContents();
    assert.equal(texts.length, 2, 'one in each <jc-care-summary>');
    for (const t of texts) assert.ok(t.includes(SUMMARY_CHUNK()), `names the file: ${t}`);
    assert.ok(await alerts.first().isVisible(), 'visible, not a blank');
    await page.evaluate(() => customElements.whenDefined('jc-patient-banner'));
    const errors = consoleMessages.filter((m) => m.type === 'error' && m.text.startsWith('[joinedcare]')).map((m) => m.text);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.ok(errors[0].includes(SUMMARY_CHUNK()) && errors[0].includes('<jc-care-summary>'), errors[0]);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it('copied without its chunks: the console and each element name the missing shared chunk', async () => {
    const { page, context, pageErrors, consoleMessages } = await open('/failing.html', manifest.files);
    const alerts = page.locator('jc-patient-banner [role=alert], jc-care-summary [role=alert]');
    await assert.doesNotReject(alerts.nth(2).waitFor({ timeout: 10_000 }));
    for (const t of await alerts.allTextContents()) assert.ok(t.includes(manifest.shared), t);
    assert.equal(await page.locator('jc-context > [role=alert]').count(), 0, '<jc-context> draws nothing itself');
    const errors = consoleMessages.filter((m) => m.type === 'error' && m.text.startsWith('[joinedcare]')).map((m) => m.text);
    assert.equal(errors.length, 1, `one message for the one missing file: ${JSON.stringify(errors)}`);
    assert.ok(errors[0].includes(manifest.shared), errors[0]);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it('warns once about a jc- tag it does not know (a typo)', async () => {
    const { page, context, consoleMessages } = await open('/unknown.html');
    await page.waitForLoadState('load');
    await page.evaluate(() => 0); // the loader warns while it runs: its console messages come before this answer
    const warnings = consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0], /<jc-care-summry> is not an element of @joinedcare\/elements/);
    await context.close();
  });
});

describe('template minification for the script-tag builds (packages/elements/build/plugins.mjs)', () => {
  let plugins;
  before(async () => {
    plugins = await import('../../packages/elements/build/plugins.mjs');
  });

  it('collapses line breaks and their indentation in html`…` to one space, and nothing else', () => {
    const code = 'const v = html`\n  <p class="a">\n    ${x}  two  spaces\n  </p>\n`;';
    const out = plugins.minifyModuleTemplates(code, 'view.ts');
    assert.equal(out.code, 'const v = html` <p class="a"> ${x}  two  spaces </p> `;');
    assert.match(out.map, /"mappings":"[^"]+"/, 'with a source map');
  });

  it('leaves a template with pre-formatted text (<pre>, <textarea> with text) as written', () => {
    for (const code of ['html`<pre>\n  a\n</pre>`', 'html`<textarea>\n  a</textarea>`'])
      assert.equal(plugins.minifyModuleTemplates(code, 'v.ts'), undefined);
    assert.notEqual(
      plugins.minifyModuleTemplates('html`<textarea\n  .value=${v}\n></textarea>`', 'v.ts'),
      undefined,
      'a bound <textarea> has no text',
    );
  });

  it('minifies css`…` without interpolations, keeps its meaning, and leaves interpolated CSS alone', () => {
    const out = plugins.minifyModuleTemplates(
      'const s = css`\n  /* note */\n  :host {\n    display: block;\n    color: var(--x, #ffffff);\n  }\n`;',
      's.ts',
    );
    assert.equal(out.code, 'const s = css`:host{color:var(--x,#fff);display:block}`;');
    assert.equal(plugins.minifyModuleTemplates('css`:host { color: ${c}; }`', 's.ts'), undefined);
  });

  it('fails the build on CSS it cannot parse, instead of shipping it changed', () => {
    assert.throws(() => plugins.minifyCss(':host { color: red; } }}} {'));
  });
});
