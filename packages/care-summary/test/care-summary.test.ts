import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { buildPersonas, careTeamAndPlans, emptyReason, ipsDocumentBundle, otherPatientResource } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { sharedRequestCache, type JcContext } from '@joinedcare/core';
import '../src/define.js';
import type { JcCareSummary } from '../src/index.js';

const now = new Date('2026-11-01T00:00:00Z');
const set = buildPersonas({ now });
const { a, b, d, e, f, g } = set.personas;
const clock = { now: () => now };
const BASE = '/cs-fhir';
const BAD = /undefined|null|NaN|\[object Object\]|Invalid Date/;

const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => root(el).textContent?.replace(/\s+/g, ' ').trim() ?? '';
const section = (el: Element, key: string) => root(el).querySelector<HTMLElement>(`section[data-section="${key}"]`)!;
const sectionText = (el: Element, key: string) => section(el, key).textContent.replace(/\s+/g, ' ').trim();
const loaded = (el: Element, key: string) => !!section(el, key)?.querySelector('[part=as-of]');
const allLoaded = (el: Element) => [...root(el).querySelectorAll('section')].every((s) => !s.querySelector('[part=loading]'));

function until(cond: () => boolean, what: string, timeout = 8000): Promise<void> {
  return waitUntil(cond, `timed out waiting for ${what}`, { timeout, interval: 10 });
}

async function inContext(patientId: string, attrs: { setting?: string; sections?: string } = {}): Promise<JcCareSummary> {
  const ctx = await fixture<JcContext>(
    html`<jc-context fhir-base-url=${BASE} patient-id=${patientId} setting=${attrs.setting ?? 'secondary'} .clock=${clock}>
      <jc-care-summary
        sections=${attrs.sections ?? 'problems medicines allergies results encounters documents immunisations care-team care-plans'}
      ></jc-care-summary>
    </jc-context>`,
  );
  return ctx.querySelector<JcCareSummary>('jc-care-summary')!;
}

describe('<jc-care-summary>', () => {
  let server: FhirFixtureServer;
  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set });
    await startFixtureWorker(server);
  });
  afterEach(() => {
    server.reset();
    sharedRequestCache.invalidate();
  });

  describe('states', () => {
    it('says what is missing when not configured', async () => {
      const el = await fixture<JcCareSummary>(html`<jc-care-summary></jc-care-summary>`);
      expect(root(el).querySelector('[part=not-configured]')!.textContent).to.contain('Care summary is not configured');
      await expect(el).to.be.accessible();
    });

    it('shows each section loading, then loaded with counts, "as of" and sources', async () => {
      const held = server.hold();
      const el = await inContext(a.patientId);
      await held.arrived;
      expect(root(el).querySelectorAll('[part=loading][role=status]').length).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
      held.release();
      await until(() => allLoaded(el), 'all sections');
      expect([...root(el).querySelectorAll('section')].map((s) => s.dataset['section'])).to.deep.equal([
        'problems',
        'medicines',
        'allergies',
        'results',
        'encounters',
        'documents',
        'immunisations',
        'care-team',
        'care-plans',
      ]);
      expect(section(el, 'problems').querySelector('[part=count]')!.textContent).to.equal('(2 items)');
      expect(section(el, 'medicines').querySelector('[part=count]')!.textContent).to.equal('(5 items)');
      expect(section(el, 'problems').querySelector('[part=as-of]')!.textContent).to.match(
        /^As of \d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2} \(/,
      );
      expect(sectionText(el, 'medicines')).to.contain('Riverside Medical Practice (GP)');
      expect(sectionText(el, 'results')).to.contain('Northbridge University Hospitals NHS Foundation Trust (Hospital)');
      const chart = section(el, 'results').querySelector('svg[role=img]')!;
      expect(chart.getAttribute('aria-label')).to.match(
        /^HbA1c level \(IFCC standardised\) 82 mmol\/mol on \d{2}-[A-Z][a-z]{2}-\d{4}, up from 78 on /,
      );
      expect(text(el)).not.to.match(BAD);
      await expect(el).to.be.accessible();
    });

    it('finds the patient by NHS number alone', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${BASE} nhs-number=${b.nhsNumber} .clock=${clock}
          ><jc-care-summary sections="encounters"></jc-care-summary
        ></jc-context>`,
      );
      const el = ctx.querySelector<JcCareSummary>('jc-care-summary')!;
      await until(() => loaded(el, 'encounters'), 'encounters');
      expect(section(el, 'encounters').querySelector('[part=count]')!.textContent).to.equal('(3 items)');
    });

    it('shows the error with Retry for the whole summary when the patient cannot be found', async () => {
      const ctx = await fixture<JcContext>(
        html`<jc-context fhir-base-url=${BASE} nhs-number="9000000009"><jc-care-summary></jc-care-summary></jc-context>`,
      );
      const el = ctx.querySelector<JcCareSummary>('jc-care-summary')!;
      await until(() => !!root(el).querySelector('[part=error]'), 'error');
      expect(root(el).querySelector('[part=retry-button]')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('partial failure: one section shows its error and Retry, the others render', async () => {
      server.addFault({
        match: '/Observation',
        status: 500,
        body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'Lab system offline' }] },
      });
      const el = await inContext(a.patientId, { sections: 'problems results allergies' });
      await until(() => !!section(el, 'results').querySelector('[part=error]') && loaded(el, 'problems'), 'partial');
      expect(section(el, 'results').querySelector('[part=error][role=alert]')!.textContent).to.contain('Lab system offline');
      expect(root(el).querySelector('[part=partial]')!.textContent).to.contain('Recent results');
      expect(sectionText(el, 'problems')).to.contain('Type 2 diabetes mellitus');
      await expect(el).to.be.accessible();
      server.clearFaults();
      sharedRequestCache.invalidate();
      section(el, 'results').querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
      await until(() => loaded(el, 'results'), 'results after retry');
      expect(root(el).querySelector('[part=partial]')).to.equal(null);
      expect(sectionText(el, 'results')).to.contain('HbA1c');
    });

    it('an empty record says "not available" for allergies and "none recorded" elsewhere (d)', async () => {
      const el = await inContext(d.patientId);
      await until(() => allLoaded(el), 'sections');
      expect(section(el, 'allergies').querySelector('[part=not-available]')!.textContent).to.contain('No allergy information available');
      expect(section(el, 'allergies').querySelector('[part=none-known]')).to.equal(null);
      expect(section(el, 'problems').querySelector('[part=empty]')!.textContent).to.contain('No problems recorded');
      expect(sectionText(el, 'care-team')).to.contain('Moorland Health Centre');
      await expect(el).to.be.accessible();
    });
  });

  describe('allergies', () => {
    it('a coded "No known allergies" is a positive statement, unlike "no information"', async () => {
      const el = await inContext(a.patientId, { sections: 'allergies' });
      await until(() => loaded(el, 'allergies'), 'allergies');
      const statement = section(el, 'allergies').querySelector('[part=none-known]')!;
      expect(statement.textContent).to.contain('No known allergies');
      expect(statement.textContent).to.contain('Riverside Medical Practice');
      expect(section(el, 'allergies').querySelector('[part=not-available]')).to.equal(null);
      const none = getComputedStyle(statement).borderLeftColor;
      const d2 = await inContext(d.patientId, { sections: 'allergies' });
      await until(() => loaded(d2, 'allergies'), 'allergies d');
      const notice = section(d2, 'allergies').querySelector('[part=not-available]')!;
      expect(getComputedStyle(notice).borderLeftColor).not.to.equal(none);
      expect(getComputedStyle(notice).borderTopStyle).to.equal('dashed');
      await expect(el).to.be.accessible();
    });
  });

  describe('perspective and filter', () => {
    it('a hospital user sees GP items marked, and can show only those', async () => {
      const el = await inContext(a.patientId, { setting: 'secondary', sections: 'results medicines' });
      await until(() => loaded(el, 'results') && loaded(el, 'medicines'), 'sections');
      const results = section(el, 'results');
      const marked = [...results.querySelectorAll('[part~=item-other]')];
      expect(marked.map((li) => li.querySelector('[part=item-title]')!.textContent.trim())).to.deep.equal(['Blood pressure']);
      expect(marked[0].querySelector('[part=other-setting]')!.textContent).to.equal('From GP record');
      expect(results.querySelector('[part=count]')!.textContent).to.equal('(3 items)');
      const only = root(el).querySelector<HTMLInputElement>('[part=filter] input[value=other]')!;
      expect(only.labels![0].textContent).to.contain('Only from the GP record');
      only.click();
      await el.updateComplete;
      expect(results.querySelector('[part=count]')!.textContent).to.equal('(1 of 3 items)');
      expect(results.querySelectorAll('[part~=item]').length).to.equal(1);
      expect(section(el, 'medicines').querySelector('[part=count]')!.textContent).to.equal('(5 items)');
      await expect(el).to.be.accessible();
      root(el).querySelector<HTMLInputElement>('[part=filter] input[value=all]')!.click();
      await el.updateComplete;
      expect(results.querySelectorAll('[part~=item]').length).to.equal(3);
    });

    it('a GP user sees hospital items marked; the setting attribute overrides the context', async () => {
      const el = await inContext(a.patientId, { setting: 'secondary', sections: 'results' });
      el.setting = 'primary';
      await until(() => loaded(el, 'results'), 'results');
      const marked = [...section(el, 'results').querySelectorAll('[part~=item-other]')];
      expect(marked).to.have.length(2);
      expect(marked[0].querySelector('[part=other-setting]')!.textContent).to.equal('From hospital');
      expect(root(el).querySelector('[part=filter]')!.textContent).to.contain('Only from hospital');
      await expect(el).to.be.accessible();
    });
  });

  describe('sections', () => {
    it('collapses and expands with the count still visible, firing jc-section-toggled', async () => {
      const el = await inContext(a.patientId, { sections: 'problems' });
      await until(() => loaded(el, 'problems'), 'problems');
      const toggle = section(el, 'problems').querySelector<HTMLButtonElement>('[part=toggle]')!;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      setTimeout(() => toggle.click());
      const ev = await oneEvent(el, 'jc-section-toggled');
      expect(ev.detail).to.deep.equal({ section: 'problems', expanded: false });
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(section(el, 'problems').querySelector<HTMLElement>('[part=body]')!.hidden).to.equal(true);
      expect(toggle.textContent).to.contain('(2 items)');
      await expect(el).to.be.accessible();
      setTimeout(() => toggle.click());
      expect((await oneEvent(el, 'jc-section-toggled')).detail).to.deep.equal({ section: 'problems', expanded: true });
    });

    it('honours the order of `sections` and ignores unknown keys with a warning free of patient data', async () => {
      const warn = console.warn;
      const warnings: string[] = [];
      console.warn = (m: string) => warnings.push(m);
      try {
        const el = await inContext(a.patientId, { sections: 'allergies,problems bogus' });
        await el.updateComplete;
        expect([...root(el).querySelectorAll('section')].map((s) => s.dataset['section'])).to.deep.equal(['allergies', 'problems']);
        expect(warnings.some((w) => w.includes('bogus'))).to.equal(true);
      } finally {
        console.warn = warn;
      }
    });

    it('shows GP Connect warnings as banners on the affected sections (e)', async () => {
      const el = await inContext(e.patientId, { sections: 'problems medicines allergies results' });
      await until(() => allLoaded(el), 'sections');
      expect(section(el, 'medicines').querySelector('[part=warning]')!.textContent).to.contain('confidential');
      expect(section(el, 'problems').querySelector('[part=warning]')!.textContent).to.contain('record transfer');
      expect(section(el, 'allergies').querySelector('[part=warning]')!.textContent).to.contain('awaiting filing');
      expect(section(el, 'results').querySelector('[part=warning]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('excludes entered-in-error items and never prints undefined (g)', async () => {
      const el = await inContext(g.patientId);
      await until(() => allLoaded(el), 'sections');
      expect(sectionText(el, 'problems')).not.to.contain('Asthma');
      expect(sectionText(el, 'problems')).to.contain('Funny turns');
      expect(text(el)).not.to.match(BAD);
      await expect(el).to.be.accessible();
    });
  });

  describe('events', () => {
    it('fires jc-item-selected and jc-document-open-request with ids only', async () => {
      const el = await inContext(b.patientId, { sections: 'documents' });
      await until(() => loaded(el, 'documents'), 'documents');
      const s = section(el, 'documents');
      setTimeout(() => s.querySelector<HTMLButtonElement>('[part=item-title]')!.click());
      const selected = await oneEvent(el, 'jc-item-selected');
      expect(selected.detail).to.deep.equal({ resourceType: 'DocumentReference', id: 'b-docref-1' });
      expect(selected.bubbles && selected.composed).to.equal(true);
      setTimeout(() => s.querySelector<HTMLButtonElement>('[part=open-button]')!.click());
      const open = await oneEvent(el, 'jc-document-open-request');
      expect(open.detail).to.deep.equal({ documentReferenceId: 'b-docref-1', attachmentUrl: 'Binary/b-binary-1' });
    });
  });

  describe('patient guard', () => {
    it('refuses a handed-in resource for another patient, with a visible warning', async () => {
      const resources = [...(a.resources() as FhirResource[]), otherPatientResource('pat-b', { now })];
      const ctx = await fixture<JcContext>(
        html`<jc-context patient-id=${a.patientId} .clock=${clock}
          ><jc-care-summary sections="problems" .resources=${resources}></jc-care-summary
        ></jc-context>`,
      );
      const el = ctx.querySelector<JcCareSummary>('jc-care-summary')!;
      await until(() => !!root(el).querySelector('[part=safety-warning]'), 'warning');
      expect(section(el, 'problems').querySelector('[part=count]')!.textContent).to.equal('(2 items)');
      expect(sectionText(el, 'problems')).not.to.contain('Asthma');
      await expect(el).to.be.accessible();
    });

    it('refuses a resource for another patient from the server', async () => {
      const intruder = otherPatientResource('pat-c', { now });
      server.addFault({
        match: '/Condition',
        status: 200,
        body: { resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ resource: intruder, search: { mode: 'match' } }] },
      });
      const el = await inContext(a.patientId, { sections: 'problems' });
      const warning = await oneEvent(el, 'jc-safety-warning');
      expect(warning.detail).to.deep.equal({ resourceType: 'Condition', id: intruder.id, reason: 'other-patient' });
      await until(() => loaded(el, 'problems'), 'problems');
      expect(root(el).querySelector('[part=safety-warning]')).to.exist;
      expect(sectionText(el, 'problems')).not.to.contain('Asthma');
      expect(sectionText(el, 'problems')).to.contain('No problems recorded');
    });
  });

  describe('patient switch', () => {
    it("never shows the previous patient's sections after a switch", async () => {
      const el = await inContext(a.patientId, { sections: 'problems' });
      await until(() => loaded(el, 'problems'), 'A');
      expect(sectionText(el, 'problems')).to.contain('Type 2 diabetes mellitus');
      const held = server.hold();
      const ctx = el.closest('jc-context')!;
      ctx.patientId = b.patientId;
      await ctx.updateComplete;
      await held.arrived;
      expect(sectionText(el, 'problems')).not.to.contain('Type 2 diabetes mellitus');
      expect(section(el, 'problems').querySelector('[part=loading]')).to.exist;
      held.release();
      await el.updateComplete;
      expect(loaded(el, 'problems')).to.equal(true);
      expect(sectionText(el, 'problems')).to.contain('COPD');
      expect(sectionText(el, 'problems')).not.to.contain('Type 2 diabetes mellitus');
    });
  });

  describe('handed-in data', () => {
    it('maps an IPS document Bundle, shows emptyReason and makes no server requests', async () => {
      const bundle: Bundle = ipsDocumentBundle(a, { now, emptyReasons: { '11369-6': emptyReason('notasked', 'Not asked') } });
      server.clearLog();
      const el = await fixture<JcCareSummary>(html`<jc-care-summary .bundle=${bundle} setting="secondary"></jc-care-summary>`);
      await el.updateComplete;
      expect(sectionText(el, 'problems')).to.contain('Type 2 diabetes mellitus');
      expect(sectionText(el, 'immunisations')).to.contain('No entries: Not asked');
      expect(section(el, 'immunisations').querySelector('[part=not-available]')).to.exist;
      expect(sectionText(el, 'care-plans')).to.contain('Not included in this summary document');
      expect(section(el, 'problems').querySelector('[part=as-of]')!.textContent).to.contain('31-Oct-2026 07:30');
      expect(server.requests).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('takes a resources array (care team and care plans)', async () => {
      const resources = [
        ...(a.resources() as FhirResource[]),
        ...(careTeamAndPlans(a, { now }) as FhirResource[]),
        ...(set.directory as FhirResource[]),
      ];
      const el = await fixture<JcCareSummary>(
        html`<jc-care-summary sections="care-team care-plans" .resources=${resources}></jc-care-summary>`,
      );
      expect(sectionText(el, 'care-team')).to.contain('Dr Priya Raman');
      expect(sectionText(el, 'care-plans')).to.contain('Diabetes treatment intensification plan');
      expect(root(el).querySelector('[part=filter]')).to.equal(null); // no perspective, no filter
    });
  });

  describe('large record (f)', () => {
    it('shows counts and the first items, pages on "Show all", never thousands of rows', async () => {
      const el = await inContext(f.patientId, { sections: 'results medicines' });
      await until(() => loaded(el, 'results') && loaded(el, 'medicines'), 'large sections', 30000);
      const results = section(el, 'results');
      expect(results.querySelector('[part=count]')!.textContent).to.equal('(11 items)');
      expect(results.querySelectorAll('[part~=item]').length).to.equal(10);
      const showAll = results.querySelector<HTMLButtonElement>('[part=show-all-button]')!;
      expect(showAll.textContent).to.contain('Show all 11');
      showAll.click();
      await el.updateComplete;
      expect(results.querySelectorAll('[part~=item]').length).to.equal(11);
      // one test's history: hundreds of values, one page in the DOM
      const history = [...results.querySelectorAll<HTMLButtonElement>('button')].find((x) => /Show all \d{3} results/.test(x.textContent))!;
      history.click();
      await el.updateComplete;
      expect(results.querySelectorAll('[part=history] tbody tr').length).to.equal(20);
      expect(results.querySelector('[part=pager] [role=status]')!.textContent).to.match(/^Showing 1 to 20 of \d{3}$/);
      expect(root(el).querySelectorAll('li, tr').length).to.be.lessThan(100);
      await expect(el).to.be.accessible();
    }).timeout(40000);
  });
});
