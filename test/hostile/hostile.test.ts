// Issue 7, part 1: hostile text in every text field of every widget. Real persona data is deep-copied
// and every string at a text-like key (and every attachment URL and narrative) replaced by payloads
// from the corpus; each widget renders it through the real data path (fixture FHIR server over MSW)
// and, where it accepts them, as handed-in resources. Then: no script ran, no dangerous markup or
// javascript: link exists anywhere in the shadow trees, narrative never became markup except
// through the sanitiser, and no rendered text carries bidi controls.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import type { Resource } from 'fhir/r4.js';
import { adviceAttachmentScenario, careTeamAndPlans, referralInState, referralsWithAppointments, type Persona } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { narrativeText, plainText, sanitizeNarrative, sharedRequestCache } from '@joinedcare/core';
import { HOSTILE_PAYLOADS, hostileNarrative, type HostilePayload } from './payloads.js';
import { bidiLeaks, dangerousMarkup, injectedMarkup, installTrap, visibleText, type Trap } from './trap.js';
import { injectPayloads } from './inject.js';
import { FINDER_POPULATION, NOW, PERSONAS, WIDGETS, mountInContext } from './harness.js';

const BASE = '/hostile-fhir';
const set = PERSONAS;
const { a, b } = set.personas;
/** Payloads per render: every payload reaches every widget, several at a time. */
const BATCH = 12;
const batches: HostilePayload[][] = [];
for (let i = 0; i < HOSTILE_PAYLOADS.length; i += BATCH) batches.push(HOSTILE_PAYLOADS.slice(i, i + BATCH));

/** Persona data plus scenarios, so every widget has something in every field to show. */
function dataset(p: Persona): Resource[] {
  const opts = { now: NOW, patientId: p.patientId, nhsNumber: p.nhsNumber };
  const extra =
    p.key === 'a'
      ? [...careTeamAndPlans(p, { now: NOW }), ...adviceAttachmentScenario(opts), ...referralsWithAppointments(opts)]
      : [...referralInState('REJECTED', opts), ...referralInState('CANCELLED_REFERRAL', opts)];
  return [...p.resources(), ...extra, ...set.directory, ...FINDER_POPULATION.resources];
}
const datasets = [dataset(a), dataset(b)];
const patients = [a, b];

/** Settles async payloads (an image's onerror fires after its load fails). */
const settle = () => new Promise((r) => setTimeout(r, 40));

function assertClean(el: Element, trap: Trap, where: string): void {
  expect(trap.log, `${where}: something executed`).to.deep.equal([]);
  expect(dangerousMarkup(el), `${where}: dangerous markup`).to.deep.equal([]);
  expect(injectedMarkup(el), `${where}: hostile text became markup`).to.deep.equal([]);
  expect(bidiLeaks(el), `${where}: bidi controls in rendered text`).to.deep.equal([]);
}

/** Parts of the batch's payloads that must show up as text when the widget shows the field. */
function reached(el: Element, batch: readonly HostilePayload[]): boolean {
  const seen = visibleText(el).toLowerCase();
  return batch.some((p) => {
    const probe = plainText(p.text).slice(0, 16).toLowerCase();
    return probe.length >= 4 && seen.includes(probe);
  });
}

describe('hostile data (issue 7.1)', function () {
  this.timeout(60_000);
  let server: FhirFixtureServer;
  let trap: Trap;

  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => NOW });
    await startFixtureWorker(server);
  });
  beforeEach(() => {
    trap = installTrap();
  });
  afterEach(() => {
    trap.restore();
    server.reset();
    sharedRequestCache.invalidate();
  });

  it('has at least 50 payloads in every category of the issue', () => {
    expect(HOSTILE_PAYLOADS.length).to.be.at.least(50);
    const kinds = new Set(HOSTILE_PAYLOADS.map((p) => p.kind));
    for (const k of ['markup', 'url', 'svg-mathml', 'css', 'bidi', 'long']) expect(kinds, k).to.include(k);
  });

  it('the injector reaches names, notes, narrative, attachments, organisations and practitioners', () => {
    const { paths, resources } = injectPayloads(datasets[0], HOSTILE_PAYLOADS);
    const joined = paths.join('\n');
    for (const want of [
      /Patient\/.*\.name\[0\]\.family/,
      /\.name\[0\]\.given\[0\]/,
      /\.note\[0\]\.text/,
      /\.text\.div/,
      /attachment\.title/,
      /attachment\.url/,
      /Organization\/.*\.name$/m,
      /Practitioner\/.*\.name\[0\]\.family/,
      /\.code\.text|\.code\.coding\[0\]\.display/,
      /contentString/,
      /valueString|\.display/,
    ]) {
      expect(joined, String(want)).to.match(want);
    }
    // identity and references are untouched, so the patient guard still accepts the data
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    expect(patient.id).to.equal(a.patientId);
    expect(JSON.stringify(resources)).to.contain(`"reference":"Patient/${a.patientId}"`);
  });

  it('the traps can fail: an executed payload and a javascript: link are detected', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<img src="x" onerror="window.__jcPwned=(window.__jcPwned||0)+1"><a href="java\tscript:x">x</a>`;
    // the image's error event fires whenever the failed load is reported (no fixed wait: a busy machine is slow)
    await waitUntil(() => trap.fired > 0, 'the payload ran', { timeout: 20_000 });
    expect(trap.fired).to.be.greaterThan(0);
    expect(dangerousMarkup(host)).to.have.length.greaterThan(1);
    root.innerHTML = '<span>\u202Eabc</span><style></style>';
    expect(bidiLeaks(host)).to.have.length(1);
    expect(injectedMarkup(host)).to.deep.equal(['<style>']);
    window.__jcPwned = 0;
  });

  it('sanitizeNarrative (DOMPurify, for narrative drawn as markup): every payload comes out inert', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    for (const p of HOSTILE_PAYLOADS) {
      render(html`${sanitizeNarrative(hostileNarrative(p.text).div)}`, root);
      expect(dangerousMarkup(host), p.text.slice(0, 40)).to.deep.equal([]);
      expect(injectedMarkup(host), p.text.slice(0, 40)).to.deep.equal([]);
      for (const a of Array.from(root.querySelectorAll('a[href]'))) expect(a.getAttribute('href')).to.match(/^(https?:|mailto:)/i);
    }
    await settle();
    expect(trap.log).to.deep.equal([]);
  });

  it('narrativeText reads every payload as inert text: nothing runs or loads, nothing becomes markup', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    for (const p of HOSTILE_PAYLOADS) {
      const text = narrativeText(hostileNarrative(p.text).div);
      expect(typeof text, p.text.slice(0, 40)).to.equal('string');
      render(html`<p>${text}</p>`, root);
      expect(dangerousMarkup(host), p.text.slice(0, 40)).to.deep.equal([]);
      expect(injectedMarkup(host), p.text.slice(0, 40)).to.deep.equal([]);
    }
    await settle();
    expect(trap.log).to.deep.equal([]);
  });

  for (const w of WIDGETS) {
    describe(`<${w.tag}>`, () => {
      it(`every payload, through the FHIR client (${batches.length} renders)`, async () => {
        let shown = 0;
        for (const [n, batch] of batches.entries()) {
          const data = n % 2;
          const hostile = injectPayloads(datasets[data], batch, n);
          server.reset();
          for (const r of hostile.resources) server.put(r, { preserveLastUpdated: true });
          sharedRequestCache.invalidate();
          const el = await mountInContext(w, w.viaClient(), { base: BASE, patientId: patients[data].patientId });
          await w.explore(el, (view) => assertClean(el, trap, `${w.tag} batch ${n} ${view}`));
          if (reached(el, batch)) shown++;
          await settle();
          assertClean(el, trap, `${w.tag} batch ${n} after settling`);
        }
        // the hostile text really was shown (the suite is not vacuous)
        if (w.showsRecordText) expect(shown, 'batches whose text the widget showed').to.be.greaterThan(0);
      });

      if (w.handedIn) {
        const handedIn = w.handedIn;
        it(`every payload, handed in as resources (${batches.length} renders)`, async () => {
          for (const [n, batch] of batches.entries()) {
            const data = (n + 1) % 2;
            const hostile = injectPayloads(datasets[data], batch, n * 7);
            const el = await mountInContext(w, handedIn(hostile.resources, patients[data].patientId), {
              base: BASE,
              patientId: patients[data].patientId,
            });
            await w.explore(el, (view) => assertClean(el, trap, `${w.tag} handed-in batch ${n} ${view}`));
            await settle();
            assertClean(el, trap, `${w.tag} handed-in batch ${n} after settling`);
          }
        });
      }
    });
  }
});
