// The framework examples in docs/examples, built and used as their readers would:
//   html  - served as-is with @joinedcare/elements' single file (no build step), attributes only;
//   react - React 19, built with Vite + @vitejs/plugin-react (properties and `onjc-…` handlers);
//   vue   - Vue 3 SFC, built with Vite + @vitejs/plugin-vue (`.prop` bindings and `@jc-…` handlers);
//   angular - Angular 21, compiled ahead of time by ngc with strict templates and bundled by Vite
//             with the Angular linker (`[prop]` bindings and `(jc-…)` handlers).
// Each page is loaded in Chromium against the fixture FHIR server (/fhir, same origin): the banner
// shows the patient from the server, switching patient switches it, a widget event reaches the
// host's own code (the host renders "Last event: jc-…"), and the host reads the care summary's
// lifecycle (`jc-load` with its count, `state`, `refresh()`).
// Run after `npm run build`:  node --test test/examples/examples.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildExamples, serveExamples } from '../../docs/examples/run.mjs';
import { launchBrowser, openPage, requireBuild } from './support.mjs';

/** The banner's name line, NHS CUI style: FAMILY, Given. */
const HARRY = /AHMED, Harry/;
const AISHA = /MURPHY, Aisha/;

describe('framework examples (docs/examples)', () => {
  let out, server, browser;
  before(async () => {
    requireBuild('packages/elements/dist/elements.js', 'packages/fixtures/dist/index.js', 'packages/patient-banner/dist/define.js');
    out = await buildExamples(mkdtempSync(join(tmpdir(), 'jc-examples-')));
    server = await serveExamples(out);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  /** Loads an example, checks the banner shows the patient from the fixture server and that no error occurred. */
  async function open(name) {
    const session = await openPage(browser);
    await session.page.goto(`${server.url}/${name}/`);
    const banner = session.page.locator('jc-patient-banner');
    await banner.getByRole('heading', { name: HARRY }).waitFor({ timeout: 10_000 });
    return { ...session, banner };
  }

  function assertClean({ pageErrors, consoleMessages }) {
    assert.deepEqual(pageErrors, [], 'no uncaught error');
    const problems = consoleMessages.filter((m) => m.type === 'error' || (m.type === 'warning' && !/already defined/.test(m.text)));
    assert.deepEqual(problems, [], 'no console error');
  }

  it('html: one script tag and attributes; switching patient-id switches the widgets; events and the lifecycle reach the page', async () => {
    const s = await open('html');
    const { page, banner } = s;
    const scripts = await page.evaluate(() => [...document.scripts].map((x) => ({ src: x.getAttribute('src'), inline: !x.src })));
    assert.deepEqual(
      scripts.filter((x) => x.inline),
      [],
      'no inline script',
    );
    await page.locator('#patient').selectOption('pat-b');
    await banner.getByRole('heading', { name: AISHA }).waitFor({ timeout: 10_000 });
    assert.equal(await banner.getByText(HARRY).count(), 0, 'the previous patient is gone');
    await page.getByText('Last event: jc-context-changed').waitFor({ timeout: 5000 });
    await assertLifecycle(page, page.locator('#summary-state'));
    assertClean(s);
    await s.context.close();
  });

  /**
   * The host heard `jc-load` and read `state` (also the `state` attribute); its "Reload" button calls
   * `refresh()`, which resolves with the widget still `ready` and nothing gone wrong.
   */
  async function assertLifecycle(page, line) {
    const summary = page.locator('jc-care-summary');
    await line.getByText(/^Care summary: ready(, \d+ items)?$/).waitFor({ timeout: 10_000 });
    assert.equal(await summary.getAttribute('state'), 'ready', 'state is reflected as an attribute');
    await page.getByRole('button', { name: 'Reload the care summary' }).click();
    await page.evaluate(() => document.querySelector('jc-care-summary').refresh());
    assert.equal(await summary.getAttribute('state'), 'ready');
  }

  for (const name of ['react', 'vue', 'angular']) {
    it(`${name}: properties reach the elements (client, patient) and jc- events reach the ${name} handlers; the host reads the lifecycle (jc-load, state, refresh())`, async () => {
      const s = await open(name);
      const { page, banner } = s;
      // the client property was set (not stringified into an attribute)
      const client = await page.evaluate(() => {
        const ctx = document.querySelector('jc-context');
        return { isObject: typeof ctx.client === 'object' && ctx.client !== null, attribute: ctx.getAttribute('client') };
      });
      assert.deepEqual(client, { isObject: true, attribute: null });
      // switch patient through the framework's state
      await page.getByRole('combobox', { name: 'Patient', exact: true }).selectOption('pat-b');
      await banner.getByRole('heading', { name: AISHA }).waitFor({ timeout: 10_000 });
      // hand in another patient's record as a property: refused, and the event reaches the handler
      await page.getByRole('button', { name: 'Hand in a record from another system' }).click();
      await page.getByText('Last event: jc-safety-warning (Patient/other-system-17)').waitFor({ timeout: 5000 });
      assert.equal(await banner.getByText('UNRELATED').count(), 0, "the other patient's name is never shown");
      await assertLifecycle(page, page.getByTestId('summary-state'));
      assertClean(s);
      await s.context.close();
    });
  }
});
