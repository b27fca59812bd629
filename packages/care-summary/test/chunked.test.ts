import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { FhirResource, MedicationStatement } from 'fhir/r4.js';
import { buildPersonas } from '@joinedcare/fixtures';
import type { JcContext } from '@joinedcare/core';
import '../src/define.js';
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
  type JcCareSummary,
  type SectionKey,
  type SectionModel,
} from '../src/index.js';
import { SummaryBuild } from '../src/summary-build.js';

const now = new Date('2026-11-01T00:00:00Z');
const set = buildPersonas({ now });
const { a, f } = set.personas;
const clock = { now: () => now };
const directory = set.directory as FhirResource[];
const withDirectory = (rs: FhirResource[]) => [...rs, ...directory];
const BAD = /undefined|null|NaN|\[object Object\]|Invalid Date/;

/**
 * N current MedicationStatements for persona f, as the render benchmark builds them: f's
 * statements used as templates in turn, each made active with a unique id.
 */
function medicines(n: number, prefix = 'chunk-ms'): MedicationStatement[] {
  const templates = (f.resources() as FhirResource[]).filter((r): r is MedicationStatement => r.resourceType === 'MedicationStatement');
  return Array.from({ length: n }, (_, i) => {
    const ms = structuredClone(templates[i % templates.length]);
    ms.id = `${prefix}-${i}`;
    ms.status = 'active';
    if (ms.effectivePeriod) ms.effectivePeriod = { start: ms.effectivePeriod.start };
    return ms;
  });
}

/** Everything a model holds, item by item, in order. */
const dump = (m: SectionModel | undefined) => JSON.stringify(m);
const dumpAll = (models: Map<SectionKey, SectionModel>) => JSON.stringify([...models]);

const root = (el: Element) => el.shadowRoot!;
const section = (el: Element, key: string) => root(el).querySelector<HTMLElement>(`section[data-section="${key}"]`)!;
const progress = (el: Element, key = 'medicines') => section(el, key)?.querySelector<HTMLElement>('[part=progress]') ?? null;
const count = (el: Element, key = 'medicines') => section(el, key)?.querySelector('[part=count]')?.textContent ?? '';
const itemKeys = (el: Element, key = 'medicines') =>
  [...section(el, key).querySelectorAll('[part~=item] [part=item-title]')].map((b) => b.textContent?.trim());
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

function until(cond: () => boolean, what: string, timeout = 20000): Promise<void> {
  return waitUntil(cond, `timed out waiting for ${what}`, { timeout, interval: 5 });
}

/**
 * Waits for a state checked at every animation frame: a chunked build yields with
 * `scheduler.yield()`, whose continuations run before timers, so only frames see it under way.
 */
async function untilFrame(cond: () => boolean, what: string, frames = 2000): Promise<void> {
  for (let i = 0; i < frames; i++) {
    if (cond()) return;
    await frame();
  }
  throw new Error(`no frame showed ${what}`);
}

/**
 * The care summary in a context, with `resources` handed in. A chunked build yields with
 * `scheduler.yield()`, whose continuations run before timers and, for a short build, before the
 * next frame; here it yields to the next frame instead, so each chunk is drawn and can be seen.
 */
async function handedIn(
  patientId: string,
  resources: FhirResource[],
  pause: () => Promise<void> = frame,
): Promise<{ ctx: JcContext; el: JcCareSummary }> {
  const ctx = await fixture<JcContext>(
    html`<jc-context patient-id=${patientId} setting="secondary" .clock=${clock}>
      <jc-care-summary sections="medicines"></jc-care-summary>
    </jc-context>`,
  );
  const el = ctx.querySelector<JcCareSummary>('jc-care-summary')!;
  el.pause = pause;
  el.resources = resources;
  await el.updateComplete;
  return { ctx, el };
}

describe('care summary: chunked builds of long lists', () => {
  describe('model', () => {
    it('cancelling a handed-in build keeps the progress of a server section still being built', async () => {
      const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => (release = r));
      let handed = true;
      const meds = withDirectory(medicines(CHUNKED_BUILD_THRESHOLD + 200, 'ctl-ms'));
      const build = new SummaryBuild(host, {
        handedIn: () => handed,
        sections: () => ['medicines'],
        prepare: () => ({ accepted: meds, options: { now, lang: 'en-GB', sections: ['medicines'] }, asOf: now, whoKey: 'pat-f' }),
        pause: () => gate,
      });
      const observations = withDirectory((f.resources() as FhirResource[]).filter((r) => r.resourceType === 'Observation'));
      const controller = new AbortController();
      let built: SectionModel | undefined;
      const server = build.buildServerSection(
        'results',
        observations,
        { now, lang: 'en-GB' },
        {},
        {
          signal: controller.signal,
          current: () => !controller.signal.aborted,
          preparing: () => {},
          done: (m) => (built = m),
        },
      );
      expect(server).to.be.instanceOf(Promise);
      build.start();
      expect([...build.progress.keys()].sort()).to.deep.equal(['medicines', 'results']);
      handed = false;
      build.start(); // nothing handed in any more: the handed-in build is cancelled
      expect([...build.progress.keys()]).to.deep.equal(['results']);
      release();
      await server;
      expect(built?.total).to.be.greaterThan(CHUNKED_BUILD_THRESHOLD);
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
      // the build goes one chunk further each time the test lets it
      const gates: Array<() => void> = [];
      const gated = () => new Promise<void>((r) => gates.push(r));
      const step = async () => {
        gates.shift()!();
        await frame();
      };
      const { el } = await handedIn(f.patientId, withDirectory(medicines(5000)), gated);
      const text = () => progress(el)?.textContent?.replace(/\s+/g, ' ').trim();
      const status = progress(el)!;
      expect(status, 'progress shown at once, not a blank section').to.not.equal(null);
      expect(status.getAttribute('role')).to.equal('status');
      expect(status.getAttribute('aria-live')).to.equal('polite');
      expect(text()).to.equal('Preparing medicines: 0 of 5,000 records');
      expect(section(el, 'medicines').querySelector('[part=count]')).to.equal(null);
      await expect(el).to.be.accessible();
      await step(); // the first chunk is built
      await step(); // and drawn
      expect(text()).to.equal('Preparing medicines: 250 of 5,000 records');
      await step();
      expect(text()).to.equal('Preparing medicines: 500 of 5,000 records');
      await expect(el).to.be.accessible();
      el.pause = frame;
      await step();
      await untilFrame(() => progress(el) === null, 'the list');
      expect(count(el)).to.equal('(5000 items)');
      expect(itemKeys(el).length).to.equal(10);
      expect(root(el).textContent).to.not.match(BAD);
      await expect(el).to.be.accessible();
    }).timeout(30000);

    it('builds a short list at once, with no progress state', async () => {
      const { el } = await handedIn(f.patientId, withDirectory(medicines(CHUNKED_BUILD_THRESHOLD)));
      expect(progress(el)).to.equal(null);
      expect(count(el)).to.equal(`(${CHUNKED_BUILD_THRESHOLD} items)`);
    });

    it('on a patient switch mid-build, the old list and its progress go in the same update and never come back', async () => {
      const { ctx, el } = await handedIn(f.patientId, withDirectory(medicines(5000)));
      await untilFrame(() => /[1-9][\d,]* of 5,000/.test(progress(el)?.textContent ?? ''), 'the build under way');
      // the host switches patient and hands in the new patient's record together
      ctx.setAttribute('patient-id', a.patientId);
      el.resources = withDirectory(a.resources() as FhirResource[]);
      await ctx.updateComplete;
      await el.updateComplete;
      expect(progress(el)).to.equal(null);
      expect(count(el)).to.equal('(5 items)');
      const aItems = itemKeys(el);
      // the old build was cancelled: it never lands over the new patient's list
      for (let i = 0; i < 30; i++) await frame();
      expect(count(el)).to.equal('(5 items)');
      expect(itemKeys(el)).to.deep.equal(aItems);
      expect(root(el).querySelector('[part=safety-warning]')).to.equal(null);
    }).timeout(30000);

    it('on a patient switch mid-build without new resources, refuses the old resources and shows none of them', async () => {
      const { ctx, el } = await handedIn(f.patientId, withDirectory(medicines(5000)));
      await untilFrame(() => /[1-9][\d,]* of 5,000/.test(progress(el)?.textContent ?? ''), 'the build under way');
      ctx.setAttribute('patient-id', a.patientId);
      await ctx.updateComplete;
      await el.updateComplete;
      expect(progress(el)).to.equal(null);
      expect(section(el, 'medicines').querySelectorAll('[part~=item]').length).to.equal(0);
      expect(root(el).textContent).to.contain('No current or recently stopped medicines recorded');
      expect(root(el).querySelector('[part=safety-warning]'), 'the refusal is visible').to.not.equal(null);
      for (let i = 0; i < 30; i++) await frame();
      expect(section(el, 'medicines').querySelectorAll('[part~=item]').length).to.equal(0);
      await expect(el).to.be.accessible();
    }).timeout(30000);

    it('new resources mid-build cancel the old build; for the same patient the current list stays until the new one is ready', async () => {
      const { el } = await handedIn(f.patientId, withDirectory(medicines(3000, 'first')));
      await until(() => progress(el) === null, 'the first list');
      expect(count(el)).to.equal('(3000 items)');
      const first = itemKeys(el);

      // a second, longer list: the first stays on screen, marked as being updated
      el.resources = withDirectory(medicines(5000, 'second'));
      await el.updateComplete;
      expect(count(el)).to.equal('(3000 items)');
      expect(itemKeys(el)).to.deep.equal(first);
      expect(progress(el)!.textContent.replace(/\s+/g, ' ').trim()).to.match(
        /^Updating medicines: [\d,]+ of 5,000 records\. The list below is the previous one\.$/,
      );
      await expect(el).to.be.accessible();

      // a third list before the second is ready: the second build is cancelled
      await untilFrame(() => /[1-9][\d,]* of 5,000/.test(progress(el)?.textContent ?? ''), 'the second build under way');
      const third = medicines(4000, 'third');
      third.forEach((m) => (m.dosage = [{ text: 'third list dose' }]));
      el.resources = withDirectory(third);
      await el.updateComplete;
      expect(progress(el)!.textContent).to.contain('of 4,000 records');
      await until(() => progress(el) === null, 'the third list');
      expect(count(el)).to.equal('(4000 items)');
      expect(section(el, 'medicines').textContent).to.contain('third list dose');
      for (let i = 0; i < 30; i++) await frame();
      expect(count(el)).to.equal('(4000 items)');
    }).timeout(40000);

    it('restarts a build stopped by a removal when put back', async () => {
      const { ctx, el } = await handedIn(f.patientId, withDirectory(medicines(5000)));
      const parent = ctx.parentNode!;
      ctx.remove();
      for (let i = 0; i < 5; i++) await frame();
      parent.append(ctx);
      await until(() => progress(el) === null && count(el) === '(5000 items)', 'the list after re-insertion');
    }).timeout(30000);
  });
});
