// The care summary's layout (issue 18): tables at wide sizes and cards in a narrow container, details
// on demand (a real button, keyboard operable), provenance once per section, risk first, the other
// setting as the default view, one error with "Retry all", item titles plain unless the host opts
// in; heights at 1280 px; no sideways scrolling at 360 px; axe in each state. And (issue 19) a long
// list drawn a batch of rows per task.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FhirResource, MedicationStatement } from 'fhir/r4.js';
import type { JcContext } from '@joinedcare/core';
import { careTeamAndPlans } from '@joinedcare/fixtures';
import '../src/define.js';
import type { JcCareSummary } from '../src/index.js';
import { clock, now, personas, useFixtureServer, withDirectory } from './data.js';
import { ALL_SECTIONS, BuildPacer, CareSummaryHarness, summaryInContext } from './harness.js';

const { a, c, f } = personas;
const BASE = '/cs-layout-fhir';
const personaA = withDirectory([...(a.resources() as FhirResource[]), ...(careTeamAndPlans(a, { now }) as FhirResource[])]);

/** Persona (a)'s summary handed in, in a box `width` px wide (the widget's container queries see that width). */
async function inBox(
  width: number,
  o: { setting?: string; filter?: 'all' | 'other'; resources?: FhirResource[]; patientId?: string } = {},
) {
  const box = await fixture<HTMLDivElement>(
    html`<div style="width:${width}px; overflow-x:auto">
      <jc-context patient-id=${o.patientId ?? a.patientId} setting=${o.setting ?? 'secondary'} .clock=${clock}>
        <jc-care-summary sections=${ALL_SECTIONS} filter=${o.filter ?? 'other'} .resources=${o.resources ?? personaA}></jc-care-summary>
      </jc-context>
    </div>`,
  );
  const el = box.querySelector<JcCareSummary>('jc-care-summary')!;
  await box.querySelector<JcContext>('jc-context')!.updateComplete;
  await el.updateComplete;
  return { box, h: new CareSummaryHarness(el) };
}

const press = (key: string) => sendKeys({ press: key });
function deepActive(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

describe('<jc-care-summary> layout', function () {
  this.timeout(30_000);
  const server = useFixtureServer(BASE);

  describe('tables and cards', () => {
    it('draws each section as a table with a caption and column headers at wide sizes (NHS CUI medication line)', async () => {
      const { h } = await inBox(1280, { filter: 'all' });
      const table = h.section('medicines').querySelector('table')!;
      expect(table.querySelector('caption')!.textContent.trim()).to.equal('Medicines');
      const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      expect(headers).to.deep.equal(['Medicine', 'Dose', 'Started', 'Last issued', 'Details']);
      expect(getComputedStyle(table).display).to.equal('table');
      // name (with form and strength, as recorded), dose, started, last issued on one row
      expect(h.field('medicines', 'Metformin', 'Dose')).to.equal('Take two tablets twice a day with meals');
      expect(h.field('medicines', 'Metformin', 'Started')).to.match(/^\d{2}-[A-Z][a-z]{2}-\d{4}$/);
      expect(h.field('medicines', 'Metformin', 'Last issued')).to.match(/^\d{2}-[A-Z][a-z]{2}-\d{4}$/);
      expect(table.querySelector('tbody th[scope=row]')!.textContent).to.contain('Metformin');
      await expect(h.el).to.be.accessible();
    });

    it('the same items are compact cards under a container width of 480 px, with their column labels, and nothing scrolls sideways at 360 px', async () => {
      const { box, h } = await inBox(360, { filter: 'all' });
      const table = h.section('medicines').querySelector('table')!;
      expect(getComputedStyle(table).display).to.equal('block');
      const label = h.item('medicines', 'Metformin').querySelector<HTMLElement>('.cell-label')!;
      expect(getComputedStyle(label).display).to.equal('inline');
      expect(label.getAttribute('aria-hidden')).to.equal('true');
      expect(box.scrollWidth, 'sideways scroll at 360 px').to.be.at.most(box.clientWidth);
      for (const key of ['results', 'medicines', 'care-team'] as const) await h.expand(key, h.titles(key)[0]);
      expect(box.scrollWidth, 'sideways scroll at 360 px, details open').to.be.at.most(box.clientWidth);
      await expect(h.el).to.be.accessible();
    });

    it('persona (a), every section open, at 1280 px: at most 1,400 px with every item shown (3,727 px before issue 18)', async () => {
      for (const filter of ['all', 'other'] as const) {
        const { box, h } = await inBox(1280, { filter });
        const height = h.el.getBoundingClientRect().height;
        expect(height, `height with filter ${filter}`).to.be.at.most(1400);
        expect(box.scrollWidth).to.be.at.most(box.clientWidth);
      }
    });
  });

  describe('details on demand', () => {
    it('a row opens and closes its details with a real button (aria-expanded, aria-controls), by keyboard', async () => {
      const { h } = await inBox(1280, { filter: 'all' });
      const button = h.expandButton('medicines', 'Metformin');
      expect(button.localName).to.equal('button');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(h.detailsShown('medicines', 'Metformin')).to.equal(false);
      expect(button.textContent).to.match(/Details\s+of Metformin 500mg tablets/);
      button.focus();
      await press('Enter');
      await h.settled();
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(h.detailsShown('medicines', 'Metformin')).to.equal(true);
      expect(deepActive()).to.equal(button);
      // the details: what has no column, with the full source
      expect(h.field('medicines', 'Metformin', 'Prescribed by')).to.equal('Riverside Medical Practice (GP practice)');
      expect(h.sourceOf('medicines', 'Metformin')).to.equal('Riverside Medical Practice (GP practice)');
      await expect(h.el).to.be.accessible();
      await press('Space');
      await h.settled();
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(h.detailsShown('medicines', 'Metformin')).to.equal(false);
      expect(deepActive()).to.equal(button);
    });

    it('Tab reaches each row’s Details button in order, and an opened row’s own controls before the next row', async () => {
      const { h } = await inBox(1280, { filter: 'all' });
      const titles = h.titles('results');
      const buttons = titles.map((t) => h.expandButton('results', t));
      const bp = titles.findIndex((t) => t.startsWith('Blood pressure'));
      buttons[0].focus();
      for (let i = 1; i <= bp; i++) {
        await press('Tab');
        expect(deepActive()).to.equal(buttons[i]);
      }
      await press('Enter');
      await h.settled();
      await press('Tab');
      expect(deepActive()?.textContent).to.match(/Show all 5 results/);
      await press('Enter');
      await h.settled();
      expect(h.historyRows().length).to.equal(5);
      await expect(h.el).to.be.accessible();
    });
  });

  describe('provenance once, risk first', () => {
    it('a section says its source and "as of" once; only rows from elsewhere name theirs, as text, with no row tint', async () => {
      const { h } = await inBox(1280, { filter: 'all' });
      expect(h.sectionSource('medicines')).to.equal('From Riverside Medical Practice (GP practice)');
      expect(h.asOf('medicines')).to.match(/^As of /);
      expect(h.item('medicines', 'Metformin').querySelector('[part~=row-source]')).to.equal(null);
      const bp = h.item('results', 'Blood pressure');
      const tag = bp.querySelector<HTMLElement>('[part~=row-source]')!;
      expect(tag.textContent).to.equal('Riverside Medical Practice (GP practice)');
      expect(getComputedStyle(bp).backgroundColor).to.equal(getComputedStyle(h.item('results', 'HbA1c')).backgroundColor);
      expect(getComputedStyle(tag).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
    });

    it('high-criticality allergies lead the summary, with an icon and words, whatever the filter (c)', async () => {
      server.clearLog();
      const h = await summaryInContext({ base: BASE, patientId: c.patientId, setting: 'secondary', clock, filter: null });
      const root = h.el.shadowRoot!;
      const risk = root.querySelector<HTMLElement>('[part=risk-summary]')!;
      expect(risk).to.exist;
      // before the filter and every section
      expect(risk.compareDocumentPosition(root.querySelector('section')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      expect(risk.textContent).to.match(/Allergy alerts/);
      expect(risk.textContent).to.match(/Peanut/i);
      expect(risk.textContent).to.contain('High criticality');
      expect(risk.querySelector('.risk-icon')!.textContent).to.equal('!');
      // the hospital's own allergy is hidden from the hospital's default view, but not from the alert
      await h.filter('all');
      const row = h.items('allergies').find((i) => /peanut/i.test(i.textContent ?? ''))!;
      expect(row.querySelector('[part~=risk]')!.textContent).to.contain('High criticality');
      await expect(h.el).to.be.accessible();
    });
  });

  describe('the default view and item titles', () => {
    it('opens on the other setting: a GP sees hospital items first, its own record one click away', async () => {
      const h = await summaryInContext({
        base: BASE,
        patientId: a.patientId,
        setting: 'primary',
        sections: 'results problems',
        clock,
        filter: null,
      });
      expect(h.el.filter).to.equal('other');
      expect(h.filterChoice('other')!.checked).to.equal(true);
      expect(h.filterLabel('other')).to.equal('Without GP items');
      expect(h.count('results')).to.equal('(2 of 3 items)');
      expect(h.titles('results')).not.to.include('Blood pressure');
      expect(h.empty('problems')).to.equal('Everything in this section is from the GP record: choose All to see it.');
      await expect(h.el).to.be.accessible();
      await h.filter('all');
      expect(h.count('results')).to.equal('(3 items)');
      expect(h.titles('problems')).to.have.length(2);
    });

    it('item titles are plain text; with selectable-items they are buttons that fire jc-item-selected', async () => {
      const plain = await summaryInContext({ base: BASE, patientId: a.patientId, setting: 'secondary', sections: 'problems', clock });
      const title = plain.item('problems', 'Type 2 diabetes').querySelector('[part=item-title]')!;
      expect(title.localName).to.equal('span');
      const selectable = await summaryInContext({
        base: BASE,
        patientId: a.patientId,
        setting: 'secondary',
        sections: 'problems',
        clock,
        selectable: true,
      });
      const button = selectable.item('problems', 'Type 2 diabetes').querySelector<HTMLButtonElement>('[part=item-title]')!;
      expect(button.localName).to.equal('button');
      expect(selectable.select('problems', 'Type 2 diabetes').detail.resourceType).to.equal('Condition');
      await expect(selectable.el).to.be.accessible();
    });
  });

  describe('states at the right level', () => {
    it('one error with "Retry all" when every section failed, instead of one per section', async () => {
      const body = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: 'Maintenance' }] };
      for (const match of ['/Condition', '/Observation']) server.addFault({ match, status: 503, body });
      const h = await summaryInContext({
        base: BASE,
        patientId: a.patientId,
        setting: 'secondary',
        sections: 'problems results',
        clock,
      });
      const errors = h.el.shadowRoot!.querySelectorAll('[part=error]');
      expect(errors).to.have.length(1);
      expect(h.sectionKeys()).to.deep.equal([]);
      expect(h.partial()).to.equal(undefined);
      expect(h.error()!.textContent).to.contain('The care summary could not be loaded');
      const retry = h.error()!.querySelector('[part=retry-button]')!;
      expect(retry.textContent).to.equal('Retry all');
      await expect(h.el).to.be.accessible();
      server.clearFaults();
      await h.retry();
      expect(h.error()).to.equal(null);
      expect(h.sectionKeys()).to.deep.equal(['problems', 'results']);
      expect(h.loaded('problems') && h.loaded('results')).to.equal(true);
    });
  });

  describe('a long list (issue 19)', () => {
    it('initial-items=N draws its rows a batch per task, every row in the end', async () => {
      const templates = (f.resources() as FhirResource[]).filter((r): r is MedicationStatement => r.resourceType === 'MedicationStatement');
      const many = Array.from({ length: 250 }, (_, i): FhirResource => {
        const ms = structuredClone(templates[i % templates.length]);
        const start = ms.effectivePeriod?.start;
        delete ms.medicationReference;
        // 250 different medicines (one medicine recorded many times is one row)
        const medicationCodeableConcept = { text: `Medicine ${i} 5mg tablets` };
        return {
          ...ms,
          id: `many-${i}`,
          status: 'active',
          medicationCodeableConcept,
          ...(start ? { effectivePeriod: { start } } : {}),
        };
      });
      const h = await summaryInContext({
        patientId: f.patientId,
        setting: 'secondary',
        sections: 'medicines',
        clock,
        resources: withDirectory(many),
      });
      const total = Number(/\((\d+) items?\)/.exec(h.count('medicines') ?? '')?.[1]);
      expect(total).to.be.greaterThan(200);
      const pacer = new BuildPacer();
      h.el.pause = pacer.pause;
      h.el.initialItems = 1000;
      await pacer.paused();
      await h.drawn();
      expect(h.items('medicines').length).to.equal(50);
      expect(h.progress('medicines')).to.equal(`Showing 50 of ${total} medicines`);
      pacer.step();
      await pacer.paused();
      await h.drawn();
      expect(h.items('medicines').length).to.equal(100);
      pacer.release();
      await h.settled();
      expect(h.items('medicines').length).to.equal(total);
      expect(h.progress('medicines')).to.equal(undefined);
    });
  });
});
