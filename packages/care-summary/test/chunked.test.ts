import { expect } from '@open-wc/testing';
import type { FhirResource, MedicationStatement } from 'fhir/r4.js';
import {
  BUILD_CHUNK_SIZE,
  CHUNKED_BUILD_THRESHOLD,
  buildSection,
  buildSectionChunked,
  buildSummary,
  buildSummaryChunked,
  careSummaryStrings,
  SECTION_KEYS,
  startSection,
  type SectionKey,
  type SectionModel,
} from '../src/index.js';
import { SummaryBuild } from '../src/summary-build.js';
import { BAD, clock, now, personas, withDirectory } from './data.js';
import { BuildPacer, summaryInContext, type CareSummaryHarness } from './harness.js';

const { a, f } = personas;

/**
 * N current MedicationStatements for persona f: f's statements used as templates in turn, each made
 * active with a unique id and a medicine of its own (records of one medicine would be one row).
 */
function medicines(n: number, prefix = 'chunk-ms'): MedicationStatement[] {
  const templates = (f.resources() as FhirResource[]).filter((r): r is MedicationStatement => r.resourceType === 'MedicationStatement');
  return Array.from({ length: n }, (_, i) => {
    const ms = structuredClone(templates[i % templates.length]);
    ms.id = `${prefix}-${i}`;
    ms.status = 'active';
    delete ms.medicationReference;
    ms.medicationCodeableConcept = { text: `Test medicine ${i}` };
    if (ms.effectivePeriod) ms.effectivePeriod = { start: ms.effectivePeriod.start };
    return ms;
  });
}

/** Everything a model holds, item by item, in order. */
const dump = (m: SectionModel | undefined) => JSON.stringify(m);
const dumpAll = (models: Map<SectionKey, SectionModel>) => JSON.stringify([...models]);

/**
 * The care summary in a context, with `resources` handed in, its chunked builds paced by `pacer`
 * (held: the test steps the build; released: it runs to the end).
 */
async function handedIn(patientId: string, resources: FhirResource[], pacer = new BuildPacer()): Promise<CareSummaryHarness> {
  const h = await summaryInContext({ patientId, setting: 'secondary', clock, sections: 'medicines' });
  h.el.pause = pacer.pause;
  h.el.resources = resources;
  await h.drawn();
  return h;
}

describe('care summary: chunked builds of long lists', () => {
  describe('model', () => {
    it('stopping one section’s build keeps the progress of another still being built', async () => {
      const pacer = new BuildPacer();
      let updates = 0;
      const host = {
        addController() {},
        removeController() {},
        requestUpdate: () => void updates++,
        updateComplete: Promise.resolve(true),
        pause: pacer.pause,
      };
      const build = new SummaryBuild(host);
      const meds = withDirectory(medicines(CHUNKED_BUILD_THRESHOLD + 200, 'ctl-ms'));
      const observations = withDirectory((f.resources() as FhirResource[]).filter((r) => r.resourceType === 'Observation'));
      const stopMeds = new AbortController();
      const medsBuild = build.section('medicines', meds, { now, lang: 'en-GB' }, {}, stopMeds.signal);
      const results = build.section('results', observations, { now, lang: 'en-GB' }, {}, new AbortController().signal);
      // both show their progress from the start, before the first chunk
      expect(Object.fromEntries(build.progress)).to.deep.equal({
        medicines: { done: 0, total: CHUNKED_BUILD_THRESHOLD + 200 },
        results: { done: 0, total: observations.filter((r) => r.resourceType === 'Observation').length },
      });
      expect(updates).to.be.greaterThan(0);
      stopMeds.abort();
      // the stopped build's count goes at once; the other's stays
      expect([...build.progress.keys()]).to.deep.equal(['results']);
      let stopped: unknown;
      await medsBuild.catch((e: unknown) => (stopped = e));
      expect((stopped as Error).name).to.equal('AbortError');
      pacer.release();
      const model = await results;
      expect(model.total).to.be.greaterThan(CHUNKED_BUILD_THRESHOLD);
      expect(build.progress.size).to.equal(0);
    });

    it('a short section is built at once, with no progress', async () => {
      const build = new SummaryBuild({
        addController() {},
        removeController() {},
        requestUpdate() {},
        updateComplete: Promise.resolve(true),
        pause: () => new Promise(() => {}),
      });
      const model = await build.section('medicines', withDirectory(medicines(10)), { now }, {}, new AbortController().signal);
      expect(model.items).to.have.length(10);
      expect(build.progress.size).to.equal(0);
    });

    it('malformed grouping fields (a non-array derivedFrom, a non-array coding) never break a section, at once or in chunks', async () => {
      const base = (a.resources() as FhirResource[]).map((r) => structuredClone(r));
      const ms = base.find((r) => r.resourceType === 'MedicationStatement')!;
      (ms as unknown as Record<string, unknown>)['derivedFrom'] = { reference: 'MedicationRequest/x' };
      const obs = base.filter((r) => r.resourceType === 'Observation');
      (obs[0] as unknown as { code: unknown }).code = { coding: { code: 'not-an-array' } };
      const resources = withDirectory(base);
      const options = { now, lang: 'en-GB', sections: ['medicines', 'results'] as SectionKey[] };
      const sync = buildSummary(resources, options);
      const chunked = await buildSummaryChunked(resources, options, { chunkSize: 3, yieldToMain: () => Promise.resolve() });
      expect(dumpAll(chunked)).to.equal(dumpAll(sync));
      // the statement with the bad derivedFrom is still listed; the other results are all there
      expect(sync.get('medicines')!.items.map((i) => i.id)).to.include(ms.id);
      expect(sync.get('results')!.items.length).to.be.greaterThan(1);
    });

    it('builds every section of persona f in chunks exactly as at once (order and fields)', async () => {
      const resources = withDirectory(f.resources() as FhirResource[]);
      const options = { now, lang: 'en-GB', sections: SECTION_KEYS };
      let yields = 0;
      const chunked = await buildSummaryChunked(resources, options, {
        chunkSize: 97,
        yieldToMain: () => {
          yields++;
          return Promise.resolve();
        },
      });
      const sync = buildSummary(resources, options);
      expect([...chunked.keys()]).to.deep.equal([...SECTION_KEYS]);
      expect(dumpAll(chunked)).to.equal(dumpAll(sync));
      expect(chunked.get('results')!.total).to.be.greaterThan(5000);
      expect(chunked.get('medicines')!.items.length).to.be.greaterThan(0);
      expect(yields).to.be.greaterThan(10); // it really did yield between chunks
    });

    it('builds 5,000 medicines in chunks exactly as at once, reporting progress to the end', async () => {
      const resources = withDirectory(medicines(5000));
      const options = { now, lang: 'en-GB' };
      const seen: number[] = [];
      const chunked = await buildSectionChunked(
        'medicines',
        resources,
        options,
        {},
        {
          onProgress: ({ key, done, total }) => {
            expect(key).to.equal('medicines');
            expect(total).to.equal(5000);
            seen.push(done);
          },
        },
      );
      const sync = buildSection('medicines', resources, options);
      expect(chunked.items.length).to.equal(5000);
      expect(chunked.items.map((i) => i.key)).to.deep.equal(sync.items.map((i) => i.key));
      expect(dump(chunked)).to.equal(dump(sync));
      expect(BAD.test(JSON.stringify(chunked.items.map((i) => [i.title, i.date, i.fields, i.sourceText, i.settingText])))).to.equal(false);
      expect(seen.length).to.equal(Math.ceil(5000 / BUILD_CHUNK_SIZE));
      expect(seen).to.deep.equal([...seen].sort((x, y) => x - y));
      expect(seen.at(-1)).to.equal(5000);
    });

    it('keeps the grouping of current and recently stopped medicines across chunks', async () => {
      const meds = medicines(600);
      // every third one stopped last month: "recently stopped", after every current one
      meds.forEach((m, i) => {
        if (i % 3 === 0) {
          m.status = 'stopped';
          m.effectivePeriod = { start: '2025-01-01', end: '2026-10-01' };
        }
      });
      const resources = withDirectory(meds);
      const chunked = await buildSectionChunked(
        'medicines',
        resources,
        { now },
        {},
        { chunkSize: 7, yieldToMain: () => Promise.resolve() },
      );
      expect(dump(chunked)).to.equal(dump(buildSection('medicines', resources, { now })));
      const groups = chunked.items.map((i) => i.group);
      expect(groups.indexOf(careSummaryStrings.csRecentlyStopped)).to.equal(400);
      expect(groups.lastIndexOf(careSummaryStrings.csCurrentMedicines)).to.equal(399);
    });

    it('stops when aborted, and a step-by-step build reports its size', async () => {
      const controller = new AbortController();
      const resources = withDirectory(medicines(2000));
      const seen: number[] = [];
      const build = buildSectionChunked(
        'medicines',
        resources,
        { now },
        {},
        {
          signal: controller.signal,
          onProgress: ({ done }) => {
            seen.push(done);
            if (done >= 500) controller.abort();
          },
        },
      );
      let error: unknown;
      await build.catch((e: unknown) => (error = e));
      expect((error as Error).name).to.equal('AbortError');
      expect(seen).to.deep.equal([250, 500]);

      const step = startSection('medicines', resources, { now });
      expect(step.total).to.equal(2000); // an estimate before the first step
      expect(step.step(1000)).to.equal(false);
      expect(step.done).to.equal(1000);
      expect(step.result().items.length).to.equal(2000);
      expect(step.step(1)).to.equal(true);
    });
  });

  describe('<jc-care-summary>', () => {
    it('shows and announces the progress of a long list, then the list; accessible in both states', async () => {
      // the build goes one chunk further each time the test steps it
      const pacer = new BuildPacer();
      const h = await handedIn(f.patientId, withDirectory(medicines(5000)), pacer);
      const status = h.progressRegion('medicines')!;
      expect(status, 'progress shown at once, not a blank section').to.not.equal(null);
      expect(status.getAttribute('role')).to.equal('status');
      expect(status.getAttribute('aria-live')).to.equal('polite');
      expect(h.progress('medicines')).to.equal('Preparing medicines: 0 of 5,000 records');
      expect(h.count('medicines')).to.equal(undefined);
      await expect(h.el).to.be.accessible();
      for (const done of ['250', '500']) {
        await pacer.paused();
        pacer.step(); // one chunk is built, drawn, and the build pauses again
        await pacer.paused();
        await h.drawn();
        expect(h.progress('medicines')).to.equal(`Preparing medicines: ${done} of 5,000 records`);
      }
      await expect(h.el).to.be.accessible();
      pacer.release();
      await h.settled();
      expect(h.progress('medicines')).to.equal(undefined);
      expect(h.count('medicines')).to.equal('(5000 items)');
      expect(h.items('medicines').length).to.equal(10);
      expect(h.text()).to.not.match(BAD);
      await expect(h.el).to.be.accessible();
    }).timeout(30000);

    it('builds a short list at once, with no progress state', async () => {
      const h = await handedIn(f.patientId, withDirectory(medicines(CHUNKED_BUILD_THRESHOLD)));
      expect(h.progress('medicines')).to.equal(undefined);
      expect(h.count('medicines')).to.equal(`(${CHUNKED_BUILD_THRESHOLD} items)`);
    });

    it('on a patient switch mid-build, the old list and its progress go in the same update and never come back', async () => {
      const pacer = new BuildPacer();
      const h = await handedIn(f.patientId, withDirectory(medicines(5000)), pacer);
      await pacer.paused();
      pacer.step();
      await pacer.paused();
      await h.drawn();
      expect(h.progress('medicines')).to.match(/[1-9][\d,]* of 5,000/);
      // the host switches patient and hands in the new patient's record together
      h.context.setAttribute('patient-id', a.patientId);
      h.el.resources = withDirectory(a.resources() as FhirResource[]);
      await h.context.updateComplete;
      await h.drawn();
      expect(h.progress('medicines')).to.equal(undefined);
      await h.settled();
      expect(h.count('medicines')).to.equal('(5 items)');
      const aItems = h.titles('medicines');
      // the old build was stopped: letting every pause go never lands it over the new patient's list
      pacer.release();
      await h.settled();
      expect(h.count('medicines')).to.equal('(5 items)');
      expect(h.titles('medicines')).to.deep.equal(aItems);
      expect(h.safetyWarning()).to.equal(undefined);
    }).timeout(30000);

    it('on a patient switch mid-build without new resources, refuses the old resources and shows none of them', async () => {
      const pacer = new BuildPacer();
      const h = await handedIn(f.patientId, withDirectory(medicines(5000)), pacer);
      await pacer.paused();
      h.context.setAttribute('patient-id', a.patientId);
      await h.context.updateComplete;
      await h.settled();
      expect(h.progress('medicines')).to.equal(undefined);
      expect(h.items('medicines').length).to.equal(0);
      expect(h.text()).to.contain('No current or recently stopped medicines recorded');
      expect(h.safetyWarning(), 'the refusal is visible').to.not.equal(undefined);
      pacer.release();
      await h.settled();
      expect(h.items('medicines').length).to.equal(0);
      await expect(h.el).to.be.accessible();
    }).timeout(30000);

    it('new resources mid-build cancel the old build; for the same patient the current list stays until the new one is ready', async () => {
      const pacer = new BuildPacer();
      pacer.release();
      const h = await handedIn(f.patientId, withDirectory(medicines(3000, 'first')), pacer);
      await h.settled();
      expect(h.count('medicines')).to.equal('(3000 items)');
      const first = h.titles('medicines');

      // a second, longer list: the first stays on screen, marked as being updated
      pacer.hold();
      h.el.resources = withDirectory(medicines(5000, 'second'));
      await h.drawn();
      expect(h.count('medicines')).to.equal('(3000 items)');
      expect(h.titles('medicines')).to.deep.equal(first);
      expect(h.progress('medicines')).to.equal('Updating medicines: 0 of 5,000 records. The list below is the previous one.');
      await expect(h.el).to.be.accessible();
      await pacer.paused();
      pacer.step();
      await pacer.paused();
      await h.drawn();
      expect(h.progress('medicines')).to.match(/^Updating medicines: 250 of 5,000 records/);

      // a third list before the second is ready: the second build is cancelled
      const third = medicines(4000, 'third');
      third.forEach((m) => (m.dosage = [{ text: 'third list dose' }]));
      h.el.resources = withDirectory(third);
      await h.drawn();
      expect(h.progress('medicines')).to.contain('of 4,000 records');
      expect(h.count('medicines')).to.equal('(3000 items)');
      pacer.release();
      await h.settled();
      expect(h.progress('medicines')).to.equal(undefined);
      expect(h.count('medicines')).to.equal('(4000 items)');
      expect(h.sectionText('medicines')).to.contain('third list dose');
    }).timeout(40000);

    it('restarts a build stopped by a removal when put back', async () => {
      const pacer = new BuildPacer();
      const h = await handedIn(f.patientId, withDirectory(medicines(5000)), pacer);
      await pacer.paused();
      const ctx = h.context;
      const parent = ctx.parentNode!;
      ctx.remove();
      await h.settled(); // the stopped build settles at once: nothing waits for a removed element
      expect(h.count('medicines')).to.equal(undefined);
      parent.append(ctx);
      pacer.release();
      await h.settled();
      expect(h.progress('medicines')).to.equal(undefined);
      expect(h.count('medicines')).to.equal('(5000 items)');
    }).timeout(30000);
  });
});
