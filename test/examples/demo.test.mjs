// `npm run demo`: both mock product pages on Vite's dev server, data from MSW in the browser.
// Each page shows the first patient in the banner, and choosing another patient in the list switches
// <jc-context patient-id> and the banner. Run:  node --test test/examples/demo.test.mjs
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openPage, root } from './support.mjs';

describe('demo pages (docs/demo)', () => {
  let server, browser, url;
  before(async () => {
    const { createServer } = await import('vite');
    server = await createServer({
      configFile: join(root, 'docs/demo/vite.config.ts'),
      logLevel: 'error',
      server: { port: 0, host: '127.0.0.1' },
    });
    await server.listen();
    url = server.resolvedUrls.local[0].replace(/\/$/, '');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [page, setting] of [
    ['gp.html', 'primary'],
    ['hospital.html', 'secondary'],
  ]) {
    it(`${page}: the banner shows the selected patient; the list switches patient (setting=${setting})`, async () => {
      const s = await openPage(browser);
      await s.page.goto(`${url}/${page}`);
      const banner = s.page.locator('jc-patient-banner');
      await banner.getByRole('heading', { name: /AHMED, Harry/ }).waitFor({ timeout: 30_000 });
      assert.equal(await s.page.locator('jc-context').getAttribute('setting'), setting);
      await s.page.getByRole('button', { name: /MURPHY, Aisha/ }).click();
      await banner.getByRole('heading', { name: /MURPHY, Aisha/ }).waitFor({ timeout: 10_000 });
      assert.equal(await s.page.locator('jc-context').getAttribute('patient-id'), 'pat-b');
      assert.equal(await s.page.getByRole('button', { name: /MURPHY, Aisha/ }).getAttribute('aria-current'), 'true');
      assert.deepEqual(s.pageErrors, []);
      await s.context.close();
    });
  }
});
