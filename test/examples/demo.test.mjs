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

  for (const [page, setting, other, otherId, list] of [
    ['gp.html', 'primary', /AHMED, Priya/, 'pat-c', ['AHMED, Harry', 'AHMED, Priya', 'Alex', 'CLARKE, Harry']],
    ['hospital.html', 'secondary', /CLARKE, Harry/, 'pat-f', ['AHMED, Harry', 'CLARKE, Harry']],
  ]) {
    it(`${page}: the banner shows the selected patient; the list switches patient (setting=${setting})`, async () => {
      const s = await openPage(browser);
      await s.page.goto(`${url}/${page}`);
      const banner = s.page.locator('jc-patient-banner');
      await banner.getByRole('heading', { name: /AHMED, Harry/ }).waitFor({ timeout: 30_000 });
      assert.equal(await s.page.locator('jc-context').getAttribute('setting'), setting);
      // only this practice's (or this clinic's) patients, and the heading is the patient's name only
      const names = await s.page.locator('#patient-list .patient__name').allTextContents();
      assert.deepEqual(
        names.map((n) => n.replace(/ \(.*$/, '').replace(/^(\w+, \w+).*$/, '$1')),
        list,
      );
      assert.equal(await s.page.locator('#patient-heading').textContent(), 'AHMED, Harry Owen (Mr)');
      await s.page.getByRole('button', { name: other }).click();
      await banner.getByRole('heading', { name: other }).waitFor({ timeout: 10_000 });
      assert.equal(await s.page.locator('jc-context').getAttribute('patient-id'), otherId);
      assert.equal(await s.page.getByRole('button', { name: other }).getAttribute('aria-current'), 'true');
      assert.deepEqual(s.pageErrors, []);
      await s.context.close();
    });
  }

  it('gp.html: "Open" on a letter shows the letter', async () => {
    const s = await openPage(browser);
    await s.page.goto(`${url}/gp.html#pat-g`);
    const open = s.page.locator('jc-care-summary').getByRole('button', { name: /^Open/ }).first();
    await open.waitFor({ timeout: 30_000 });
    await open.click();
    const letter = s.page.getByRole('dialog');
    await letter.getByText('Clinic letter text (synthetic).').waitFor({ timeout: 10_000 });
    await letter.getByRole('button', { name: 'Close' }).click();
    assert.equal(await s.page.locator('#letter-dialog').getAttribute('open'), null);
    assert.deepEqual(s.pageErrors, []);
    await s.context.close();
  });
});
