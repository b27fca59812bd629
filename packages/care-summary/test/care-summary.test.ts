import { expect } from '@open-wc/testing';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { careTeamAndPlans, emptyReason, ipsDocumentBundle, otherPatientResource } from '@joinedcare/fixtures';
import { sharedRequestCache, type SafetyWarningDetail } from '@joinedcare/core';
import { DEFAULT_SECTIONS } from '../src/index.js';
import { BAD, clock, now, personas, useFixtureServer, withDirectory } from './data.js';
import { summaryAlone, summaryInContext, type CareSummaryHarness, type MountOptions } from './harness.js';

const { a, b, d, e, f, g } = personas;
const BASE = '/cs-fhir';

/** The summary reading the fixture server, for a hospital user unless told otherwise. */
const inContext = (patientId: string, o: MountOptions = {}): Promise<CareSummaryHarness> =>
  summaryInContext({ base: BASE, patientId, setting: 'secondary', clock, ...o });

/** Collects the `jc-safety-warning` events fired while the test runs. */
function safetyWarnings(): { seen: SafetyWarningDetail[]; stop(): void } {
  const seen: SafetyWarningDetail[] = [];
  const on = (e: Event) => seen.push((e as CustomEvent<SafetyWarningDetail>).detail);
  document.addEventListener('jc-safety-warning', on);
  return { seen, stop: () => document.removeEventListener('jc-safety-warning', on) };
}

describe('<jc-care-summary>', () => {
  const server = useFixtureServer(BASE);

  describe('states', () => {
    it('says what is missing when not configured', async () => {
      const h = await summaryAlone({ clock });
      expect(h.notConfigured()).to.contain('Care summary is not configured');
      await expect(h.el).to.be.accessible();
    });

    it('shows each section loading, then loaded with counts, "as of" and sources', async () => {
      const held = server.hold();
      const h = await inContext(a.patientId, { settle: false });
      await held.arrived;
      expect(DEFAULT_SECTIONS.filter((k) => h.loading(k)).length).to.be.greaterThan(0);
      await expect(h.el).to.be.accessible();
      held.release();
      await h.settled();
      expect(h.sectionKeys()).to.deep.equal([...DEFAULT_SECTIONS]);
      expect(DEFAULT_SECTIONS.every((k) => h.loaded(k))).to.equal(true);
      expect(h.count('problems')).to.equal('(2 items)');
      expect(h.count('medicines')).to.equal('(5 items)');
      expect(h.asOf('problems')).to.match(/^As of \d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2} \(/);
      // every source in core's one wording: the organisation and its kind, from a clinical field (the
      // latest issue's requester, whose PractitionerRole names the practice), never the server's meta.source
      expect(h.sourceOf('medicines', 'Metformin')).to.equal('Riverside Medical Practice (GP practice)');
      expect(h.field('medicines', 'Metformin', 'Prescribed by')).to.equal('Riverside Medical Practice (GP practice)');
      expect(h.sourceOf('results', 'HbA1c')).to.equal('Northbridge University Hospitals NHS Foundation Trust (NHS trust)');
      expect(h.trendLabel('HbA1c')).to.match(
        /^HbA1c level \(IFCC standardised\) 82 mmol\/mol on \d{2}-[A-Z][a-z]{2}-\d{4}, up from 78 on /,
      );
      expect(h.text()).not.to.match(BAD);
      await expect(h.el).to.be.accessible();
    });

    it('finds the patient by NHS number alone', async () => {
      const h = await summaryInContext({ base: BASE, nhsNumber: b.nhsNumber, clock, sections: 'encounters' });
      expect(h.count('encounters')).to.equal('(3 items)');
    });

    it('shows the error with Retry for the whole summary when the patient cannot be found', async () => {
      const h = await summaryInContext({ base: BASE, nhsNumber: '9000000009' });
      expect(h.error()).to.exist;
      expect(h.offersRetry()).to.equal(true);
      await expect(h.el).to.be.accessible();
    });

    it('partial failure: one section shows its error and Retry, the others render', async () => {
      server.addFault({
        match: '/Observation',
        status: 500,
        body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'Lab system offline' }] },
      });
      const h = await inContext(a.patientId, { sections: 'problems results allergies' });
      expect(h.error('results')!.textContent).to.contain('Lab system offline');
      expect(h.partial()).to.contain('Recent results');
      expect(h.sectionText('problems')).to.contain('Type 2 diabetes mellitus');
      await expect(h.el).to.be.accessible();
      server.clearFaults();
      sharedRequestCache.invalidate();
      await h.retry('results');
      expect(h.loaded('results')).to.equal(true);
      expect(h.partial()).to.equal(undefined);
      expect(h.sectionText('results')).to.contain('HbA1c');
    });

    it('an empty record says "not available" for allergies and "none recorded" elsewhere (d)', async () => {
      const h = await inContext(d.patientId);
      expect(h.notAvailable('allergies')!.textContent).to.contain('No allergy information available');
      expect(h.noneKnown('allergies')).to.equal(null);
      expect(h.empty('problems')).to.contain('No problems recorded');
      expect(h.sectionText('care-team')).to.contain('Moorland Health Centre');
      await expect(h.el).to.be.accessible();
    });
  });

  describe('allergies', () => {
    it('a coded "No known allergies" is a positive statement, unlike "no information"', async () => {
      const h = await inContext(a.patientId, { sections: 'allergies' });
      const statement = h.noneKnown()!;
      // the term as the record codes it (SNOMED CT 716186003 "No known allergy")
      expect(h.statements('allergies')).to.deep.equal([{ kind: 'none-known', text: 'No known allergy' }]);
      expect(statement.textContent).to.contain('Riverside Medical Practice (GP practice)');
      expect(h.notAvailable('allergies')).to.equal(null);
      const none = getComputedStyle(statement).borderLeftColor;
      const h2 = await inContext(d.patientId, { sections: 'allergies' });
      const notice = h2.notAvailable('allergies')!;
      expect(getComputedStyle(notice).borderLeftColor).not.to.equal(none);
      expect(getComputedStyle(notice).borderTopStyle).to.equal('dashed');
      await expect(h.el).to.be.accessible();
    });
  });

  describe('perspective and filter', () => {
    it('a hospital user sees GP items marked, and can show only those', async () => {
      const h = await inContext(a.patientId, { sections: 'results medicines' });
      // the section says its source once; the row from elsewhere says its own
      expect(h.sectionSource('results')).to.equal('From Northbridge University Hospitals NHS Foundation Trust (NHS trust) unless marked');
      expect(h.marked('results')).to.deep.equal([{ title: 'Blood pressure', tag: 'Riverside Medical Practice (GP practice)' }]);
      expect(h.count('results')).to.equal('(3 items)');
      expect(h.filterLabel('other')).to.contain('Without hospital items');
      await h.filter('other');
      expect(h.count('results')).to.equal('(1 of 3 items)');
      expect(h.items('results').length).to.equal(1);
      expect(h.sectionSource('results')).to.equal('From Riverside Medical Practice (GP practice)');
      expect(h.count('medicines')).to.equal('(5 items)');
      await expect(h.el).to.be.accessible();
      await h.filter('all');
      expect(h.items('results').length).to.equal(3);
    });

    it('a GP user sees hospital items marked; the setting attribute overrides the context', async () => {
      const h = await inContext(a.patientId, { sections: 'results' });
      h.el.setting = 'primary';
      await h.settled();
      const marked = h.marked('results');
      expect(marked).to.have.length(2);
      // most results are the hospital's: the section says so once, and only the GP's row names its source
      expect(marked.map((m) => m.tag)).to.deep.equal(['', '']);
      expect(h.sectionSource('results')).to.contain('Northbridge University Hospitals NHS Foundation Trust (NHS trust)');
      expect(h.filterLabel('other')).to.contain('Without GP items');
      await expect(h.el).to.be.accessible();
    });
  });

  describe('sections', () => {
    it('collapses and expands with the count still visible, firing jc-section-toggled', async () => {
      const h = await inContext(a.patientId, { sections: 'problems' });
      expect(h.expanded('problems')).to.equal(true);
      const collapsed = await h.toggle('problems');
      expect(collapsed.detail).to.deep.equal({ section: 'problems', expanded: false });
      expect(collapsed.bubbles && collapsed.composed).to.equal(true);
      expect(h.expanded('problems')).to.equal(false);
      expect(h.bodyHidden('problems')).to.equal(true);
      expect(h.toggleButton('problems').textContent).to.contain('(2 items)');
      await expect(h.el).to.be.accessible();
      expect((await h.toggle('problems')).detail).to.deep.equal({ section: 'problems', expanded: true });
    });

    it('honours the order of `sections` and ignores unknown keys with a warning free of patient data', async () => {
      const warn = console.warn;
      const warnings: string[] = [];
      console.warn = (m: string) => warnings.push(m);
      try {
        const h = await inContext(a.patientId, { sections: 'allergies,problems bogus' });
        expect(h.sectionKeys()).to.deep.equal(['allergies', 'problems']);
        expect(warnings.some((w) => w.includes('bogus'))).to.equal(true);
        expect(warnings.join()).not.to.contain(a.nhsNumber);
      } finally {
        console.warn = warn;
      }
    });

    it('a section added later loads on its own', async () => {
      const h = await inContext(a.patientId, { sections: 'problems' });
      server.clearLog();
      h.el.sections = 'problems encounters';
      await h.settled();
      expect(h.sectionKeys()).to.deep.equal(['problems', 'encounters']);
      expect(h.loaded('encounters')).to.equal(true);
      expect(
        server.requests.some((r) => r.url.includes('/Condition')),
        'problems are not fetched again',
      ).to.equal(false);
    });

    it('shows GP Connect warnings as banners on the affected sections (e)', async () => {
      const h = await inContext(e.patientId, { sections: 'problems medicines allergies results' });
      expect(h.warnings('medicines').join()).to.contain('confidential');
      // an incomplete GP2GP transfer is a warning on the whole record, not on the Problems List that carries it
      expect(h.warnings('problems')).to.deep.equal([]);
      expect(h.recordWarnings().join()).to.contain('record transfer');
      expect(h.recordWarnings()).to.have.length(1);
      expect(h.warnings('allergies').join()).to.contain('awaiting filing');
      expect(h.warnings('results')).to.deep.equal([]);
      await expect(h.el).to.be.accessible();
    });

    it('excludes entered-in-error items and never prints undefined (g)', async () => {
      const h = await inContext(g.patientId);
      expect(h.sectionText('problems')).not.to.contain('Asthma');
      expect(h.sectionText('problems')).to.contain('Funny turns');
      expect(h.text()).not.to.match(BAD);
      await expect(h.el).to.be.accessible();
    });
  });

  describe('events', () => {
    it('fires jc-item-selected and jc-document-open-request with ids only', async () => {
      const h = await inContext(b.patientId, { sections: 'documents', selectable: true });
      const selected = h.select('documents', /Discharge summary/);
      expect(selected.detail).to.deep.equal({ resourceType: 'DocumentReference', id: 'b-docref-1' });
      expect(selected.bubbles && selected.composed).to.equal(true);
      const open = h.openDocument(/Discharge summary/);
      expect(open.detail).to.deep.equal({ documentReferenceId: 'b-docref-1', attachmentUrl: 'Binary/b-binary-1' });
    });
  });

  describe('patient guard', () => {
    it('refuses a handed-in resource for another patient, with a visible warning', async () => {
      const resources = [...(a.resources() as FhirResource[]), otherPatientResource('pat-b', { now })];
      const h = await summaryInContext({ patientId: a.patientId, clock, sections: 'problems', resources });
      expect(h.safetyWarning()).to.contain('different patient');
      expect(h.count('problems')).to.equal('(2 items)');
      expect(h.sectionText('problems')).not.to.contain('Asthma');
      await expect(h.el).to.be.accessible();
    });

    it('refuses a resource for another patient from the server: the section fails, shown as such', async () => {
      const intruder = otherPatientResource('pat-c', { now });
      server.addFault({
        match: '/Condition',
        status: 200,
        body: { resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ resource: intruder, search: { mode: 'match' } }] },
      });
      const warnings = safetyWarnings();
      try {
        const h = await inContext(a.patientId, { sections: 'problems' });
        expect(warnings.seen).to.deep.include({ resourceType: 'Condition', id: intruder.id, reason: 'other-patient' });
        expect(h.safetyWarning()).to.contain('different patient');
        expect(h.sectionText('problems')).not.to.contain('Asthma');
        // a search for this patient answered with another patient's record: the section failed, never "No problems recorded"
        expect(h.sectionText('problems')).not.to.contain('No problems recorded');
        expect(h.sectionText('problems')).to.contain('records for a different patient, so none of it is shown');
      } finally {
        warnings.stop();
      }
    });
  });

  describe('patient switch', () => {
    it("never shows the previous patient's sections after a switch", async () => {
      const h = await inContext(a.patientId, { sections: 'problems' });
      expect(h.sectionText('problems')).to.contain('Type 2 diabetes mellitus');
      const held = server.hold();
      h.context.patientId = b.patientId;
      await h.context.updateComplete;
      await held.arrived;
      await h.drawn();
      expect(h.sectionText('problems')).not.to.contain('Type 2 diabetes mellitus');
      expect(h.loading('problems')).to.equal(true);
      held.release();
      await h.settled();
      expect(h.loaded('problems')).to.equal(true);
      expect(h.sectionText('problems')).to.contain('COPD');
      expect(h.sectionText('problems')).not.to.contain('Type 2 diabetes mellitus');
    });

    it('a list opened for one patient is closed for the next', async () => {
      const h = await inContext(f.patientId, { sections: 'results' });
      h.el.initialItems = 2;
      await h.showAll('results');
      expect(h.items('results').length).to.equal(11);
      h.context.patientId = a.patientId;
      await h.context.updateComplete;
      await h.settled();
      expect(h.count('results')).to.equal('(3 items)');
      expect(h.items('results').length).to.equal(2);
      expect(h.showAllButton('results')!.getAttribute('aria-expanded')).to.equal('false');
    }).timeout(30000);
  });

  describe('handed-in data', () => {
    it('maps an IPS document Bundle, shows emptyReason and makes no server requests', async () => {
      const bundle: Bundle = ipsDocumentBundle(a, { now, emptyReasons: { '11369-6': emptyReason('notasked', 'Not asked') } });
      server.clearLog();
      const h = await summaryAlone({ bundle, setting: 'secondary', clock });
      expect(h.sectionText('problems')).to.contain('Type 2 diabetes mellitus');
      expect(h.sectionText('immunisations')).to.contain('No entries: Not asked');
      expect(h.notAvailable('immunisations')).to.exist;
      expect(h.sectionText('care-plans')).to.contain('Not included in this summary document');
      expect(h.asOf('problems')).to.contain('31-Oct-2026 07:30');
      expect(h.safetyWarning()).to.equal(undefined);
      expect(server.requests).to.have.length(0);
      await expect(h.el).to.be.accessible();
    });

    it('takes a resources array (care team and care plans)', async () => {
      const resources = withDirectory([...(a.resources() as FhirResource[]), ...(careTeamAndPlans(a, { now }) as FhirResource[])]);
      const h = await summaryAlone({ sections: 'care-team care-plans', resources, clock });
      expect(h.sectionText('care-team')).to.contain('Dr Priya Raman');
      expect(h.sectionText('care-plans')).to.contain('Diabetes treatment intensification plan');
      expect(h.filterChoice('other')).to.equal(null); // no perspective, no filter
    });
  });

  describe('large record (f)', () => {
    it('shows counts and the first items, pages on "Show all", never thousands of rows', async () => {
      const h = await inContext(f.patientId, { sections: 'results medicines' });
      expect(h.count('results')).to.equal('(11 items)');
      expect(h.items('results').length).to.equal(10);
      expect(h.showAllButton('results')!.textContent).to.contain('Show all 11');
      await h.showAll('results');
      expect(h.items('results').length).to.equal(11);
      // one test's history: hundreds of values, one page in the DOM
      const repeated = h.titles('results').find((t) => /Show all \d{3} results/.test(h.itemText('results', t)))!;
      await h.showHistory(repeated);
      expect(h.historyRows().length).to.equal(20);
      expect(h.pagerStatus('results')).to.match(/^Showing 1 to 20 of \d{3}$/);
      expect(h.rowsInDom()).to.be.lessThan(100);
      await expect(h.el).to.be.accessible();
    }).timeout(40000);
  });
});
