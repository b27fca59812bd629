// Widgets in Welsh (issue 20): lang="cy" on the element, on the page around it, or on the document
// loads the Welsh catalogue (a dynamic import, so an English page never fetches it) and the widget
// redraws with Welsh text and Welsh dates.
import { expect, fixture, html } from '@open-wc/testing';
import { buildPersonas } from '@joinedcare/fixtures';
import { defineMessages, loadLocale, localeLoaders } from '@joinedcare/core';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import type { JcPatientBanner } from '@joinedcare/patient-banner';
import type { JcCareSummary } from '@joinedcare/care-summary';

const now = new Date('2026-11-01T00:00:00Z');
const clock = { now: () => now };
const { a } = buildPersonas({ now }).personas;
const text = (el: Element) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

// CLDR's Welsh month names (what Intl.DateTimeFormat('cy') gives where the browser has Welsh date data)
const CY_SHORT = ['Ion', 'Chw', 'Maw', 'Ebr', 'Mai', 'Meh', 'Gor', 'Awst', 'Medi', 'Hyd', 'Tach', 'Rhag'];
const CY_LONG = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];
const welshShort = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return `${String(d).padStart(2, '0')}-${CY_SHORT[m - 1]}-${y}`;
};
const welshLong = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return `${d} ${CY_LONG[m - 1]} ${y}`;
};

/** Files of Welsh strings the page has fetched so far. */
const welshFetched = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => /strings\.cy\.|\/i18n\/cy\./.test(n));

describe('widgets in Welsh', () => {
  it('an English page fetches no Welsh', async () => {
    const el = await fixture<JcPatientBanner>(html`<jc-patient-banner .patient=${a.patient} .clock=${clock}></jc-patient-banner>`);
    expect(text(el)).to.contain('Born');
    await loadLocale('en-GB');
    expect(welshFetched()).to.deep.equal([]);
  });

  it('lang="cy" on the element: the banner asks for Welsh, then shows Welsh labels and a Welsh date of birth', async () => {
    // a probe catalogue shows that the element itself asks for the language it is shown in
    let asked = 0;
    localeLoaders(defineMessages('test-welsh-probe', 'twp', { twpWord: 'Word' }), { cy: () => (asked++, Promise.resolve({})) });
    const el = await fixture<JcPatientBanner>(
      html`<jc-patient-banner lang="cy" .patient=${a.patient} .clock=${clock}></jc-patient-banner>`,
    );
    expect(asked, 'the widget asked for Welsh').to.equal(1);
    await loadLocale('cy');
    await el.updateComplete;
    const t = text(el);
    const born = a.patient.birthDate!;
    expect(t).to.contain('Ganwyd').and.contain('Rhif GIG').and.contain('Rhywedd');
    expect(t).not.to.contain('Born');
    expect(t).to.contain(welshShort(born));
    expect(t).to.contain(welshLong(born));
    expect(el.shadowRoot!.querySelector('[part=base]')!.getAttribute('aria-label')).to.equal('Manylion y claf');
    expect(
      welshFetched().some((n) => n.includes('/core/src/i18n/cy.')),
      'core’s Welsh was fetched as its own file',
    ).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('lang="cy" on the page around the element: the care summary shows Welsh section titles, counts and dates', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="cy">
        <jc-care-summary sections="problems medicines" .resources=${a.resources()} .clock=${clock}></jc-care-summary>
      </div>`,
    );
    const el = wrapper.querySelector<JcCareSummary>('jc-care-summary')!;
    await loadLocale('cy');
    await el.updateComplete;
    const t = text(el);
    expect(t).to.contain('Problemau').and.contain('Meddyginiaethau');
    expect(t).not.to.contain('Problems');
    const count = el.shadowRoot!.querySelector('section[data-section="problems"] [part=count]')!.textContent;
    expect(count).to.match(/\d+ eitem/);
    expect(t).to.match(new RegExp(`\\d{2}-(${CY_SHORT.join('|')})-\\d{4}`));
    expect(t).not.to.match(/\d{2}-(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{4}/);
    expect(welshFetched().some((n) => n.includes('/care-summary/src/strings.cy.'))).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('lang="cy" on the document: a widget already shown redraws in Welsh, and back in English', async () => {
    const el = await fixture<JcPatientBanner>(html`<jc-patient-banner .patient=${a.patient} .clock=${clock}></jc-patient-banner>`);
    expect(text(el)).to.contain('Born');
    const before = document.documentElement.lang;
    document.documentElement.lang = 'cy';
    try {
      await loadLocale('cy');
      await el.updateComplete;
      expect(text(el)).to.contain('Ganwyd').and.contain(welshShort(a.patient.birthDate!));
    } finally {
      document.documentElement.lang = before;
    }
    await loadLocale(before); // a turn for the document's MutationObserver, which asks for the redraw
    await el.updateComplete;
    expect(text(el)).to.contain('Born');
  });

  it("the widget's own lang changed after it is shown: it redraws in that language, and back", async () => {
    const el = await fixture<JcPatientBanner>(html`<jc-patient-banner .patient=${a.patient} .clock=${clock}></jc-patient-banner>`);
    expect(text(el)).to.contain('Born');
    el.setAttribute('lang', 'cy');
    await loadLocale('cy');
    await el.updateComplete;
    expect(text(el)).to.contain('Ganwyd').and.not.contain('Born');
    el.removeAttribute('lang');
    await el.updateComplete;
    expect(text(el)).to.contain('Born').and.not.contain('Ganwyd');
  });
});
