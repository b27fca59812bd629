// Issue 7, part 2: malformed and unusual data. Every widget renders persona (g) (unusual but legal
// data) and hundreds of seeded mutations of the other personas: required fields removed, wrong
// types, nulls, unknown and STU3 resource types, STU3 resources in `contained`, wrong date formats,
// huge strings and objects nested 1000 deep. Mutations reach the widgets through the real data path
// (a fixture FHIR server over MSW whose answers are mutated on the way out) and, where a widget
// accepts them, as handed-in resources. The suite fails on an uncaught exception or rejection, on a
// widget that could not render or that reports a network failure when the server answered, and on
// "undefined", "null", "NaN", "Invalid Date" or "[object Object]" anywhere a user could see it.
import { expect } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import type { Bundle, Resource } from 'fhir/r4.js';
import { Rng, type PersonaKey } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { msg, sharedRequestCache } from '@joinedcare/core';
import { FORBIDDEN_TEXT, visibleText } from './trap.js';
import { MUTATION_KINDS, deeplyNested, mutate, type Mutation } from './mutations.js';
import { $$, FINDER_POPULATION, NOW, PERSONAS, WIDGETS, mountInContext } from './harness.js';

const BASE = '/malformed-fhir';
const SEED = 20261122;
/** Mutations each widget must have received, per data path. */
const TARGET = 200;
const MUTATED: PersonaKey[] = ['a', 'b', 'c', 'e'];

interface MutationState {
  rng: Rng;
  perResponse: number;
  applied: Mutation[];
}

/** Like createFhirHandlers, but every successful answer's resources are mutated on the way out. */
function mutatingHandler(server: FhirFixtureServer, state: () => MutationState | undefined) {
  return http.all(
    ({ request }) => server.matches(request.url),
    async ({ request }) => {
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const body = hasBody ? await request.text() : null;
      const result = server.handle({ method: request.method, url: request.url, headers: request.headers, body });
      let out = result.body;
      const s = state();
      if (s && result.status === 200 && out && typeof out === 'object') {
        out = structuredClone(out);
        const bundle = out as Bundle;
        if (bundle.resourceType === 'Bundle') {
          const holders = (bundle.entry ?? []).filter((e) => e.resource);
          const m = mutate(
            holders.map((e) => e.resource as Resource),
            s.rng,
            s.perResponse,
          );
          holders.forEach((e, i) => (e.resource = m.resources[i] as never));
          s.applied.push(...m.applied);
        } else {
          const m = mutate([out as Resource], s.rng, s.perResponse);
          out = m.resources[0];
          s.applied.push(...m.applied);
        }
      }
      const payload = out === undefined || result.status === 204 ? null : typeof out === 'string' ? out : JSON.stringify(out);
      return new HttpResponse(payload, { status: result.status, headers: result.headers });
    },
  );
}

describe('malformed and unusual data (issue 7.2)', function () {
  this.timeout(120_000);
  let server: FhirFixtureServer;
  let state: MutationState | undefined;
  const uncaught: string[] = [];
  const renderFailures: string[] = [];
  const onError = (e: ErrorEvent) => void uncaught.push(`error: ${e.error instanceof Error ? e.error.name : 'unknown'} ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) =>
    void uncaught.push(`unhandled rejection: ${e.reason instanceof Error ? `${e.reason.name} ${e.reason.message}` : String(e.reason)}`);
  const consoleError = console.error;

  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: PERSONAS, clock: () => NOW });
    for (const r of FINDER_POPULATION.resources) server.put(r, { preserveLastUpdated: true });
    await startFixtureWorker(server, { handlers: [mutatingHandler(server, () => state)] });
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    console.error = (...args: unknown[]) => {
      const first = typeof args[0] === 'string' ? args[0] : '';
      if (first.includes('could not render')) renderFailures.push(first);
      consoleError.apply(console, args);
    };
  });
  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    console.error = consoleError;
  });
  afterEach(() => {
    state = undefined;
    sharedRequestCache.invalidate();
  });

  /** Everything a user could see must be sound; `context` says how to reproduce (kinds and paths only). */
  function assertSound(el: HTMLElement, context: () => string): void {
    const seen = visibleText(el);
    const forbidden = FORBIDDEN_TEXT.exec(seen);
    const where = forbidden ? seen.slice(Math.max(0, forbidden.index - 60), forbidden.index + 40) : '';
    expect(forbidden, `forbidden text "${forbidden?.[0] ?? ''}" in "…${where}…" ${context()}`).to.equal(null);
    expect(uncaught, `uncaught ${context()}`).to.deep.equal([]);
    expect(renderFailures, `render failure ${context()}`).to.deep.equal([]);
    // the server answered: a "could not be reached" error means the widget's own code threw
    const networkError = msg('errorNetwork');
    const crashed = $$(el, '[part=error]').some((e) => e.textContent?.includes(networkError));
    expect(crashed, `the widget failed on the data and reported a network error ${context()}`).to.equal(false);
  }

  it('the generator is deterministic and covers every kind of mutation', () => {
    const data = PERSONAS.personas.a.resources();
    const one = mutate(data, new Rng(SEED), 300);
    const two = mutate(data, new Rng(SEED), 300);
    expect(one.applied).to.deep.equal(two.applied);
    expect(new Set(one.applied.map((m) => m.kind))).to.have.property('size', MUTATION_KINDS.length);
    expect(JSON.stringify(deeplyNested(1000)).split('{').length).to.be.greaterThan(1000);
  });

  it('the checks can fail: forbidden text and uncaught errors are caught', () => {
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' }).innerHTML = '<p>Dose: undefined mg</p>';
    expect(FORBIDDEN_TEXT.test(visibleText(host))).to.equal(true);
    const before = uncaught.length;
    window.dispatchEvent(
      new PromiseRejectionEvent('unhandledrejection', { promise: Promise.resolve(), reason: new TypeError('deliberate') }),
    );
    expect(uncaught.length).to.equal(before + 1);
    uncaught.length = 0;
  });

  for (const w of WIDGETS) {
    describe(`<${w.tag}>`, () => {
      it('renders every item of persona (g), through the FHIR client', async () => {
        const el = await mountInContext(w, w.viaClient(), { base: BASE, patientId: PERSONAS.personas.g.patientId });
        await w.explore(el, (view) => assertSound(el, () => `(persona g, ${view})`));
      });

      if (w.handedIn) {
        const handedIn = w.handedIn;
        it('renders every item of persona (g), handed in', async () => {
          const g = PERSONAS.personas.g;
          const el = await mountInContext(w, handedIn(g.resources(), g.patientId), { base: BASE, patientId: g.patientId });
          await w.explore(el, (view) => assertSound(el, () => `(persona g handed in, ${view})`));
        });
      }

      it(`survives ${TARGET}+ seeded mutations through the FHIR client`, async () => {
        const s: MutationState = { rng: new Rng(SEED ^ hash(w.tag)), perResponse: w.tag === 'jc-patient-banner' ? 8 : 3, applied: [] };
        state = s;
        for (let n = 0; s.applied.length < TARGET && n < 80; n++) {
          const persona = PERSONAS.personas[MUTATED[n % MUTATED.length]];
          const from = s.applied.length;
          sharedRequestCache.invalidate();
          const el = await mountInContext(w, w.viaClient(), { base: BASE, patientId: persona.patientId });
          const context = () => `(${w.tag}, seed ${SEED}, render ${n}, persona ${persona.key}, ${listMutations(s.applied.slice(from))})`;
          await w.explore(el, () => assertSound(el, context));
        }
        expect(s.applied.length, 'mutations delivered').to.be.at.least(TARGET);
      });

      if (w.handedIn) {
        const handedIn = w.handedIn;
        it(`survives ${TARGET} seeded mutations handed in`, async () => {
          const rng = new Rng(SEED ^ hash(`${w.tag}:handed-in`));
          let total = 0;
          for (let n = 0; total < TARGET; n++) {
            const persona = PERSONAS.personas[MUTATED[n % MUTATED.length]];
            const m = mutate(persona.resources(), rng, 8);
            total += m.applied.length;
            const el = await mountInContext(w, handedIn(m.resources, persona.patientId), { base: BASE, patientId: persona.patientId });
            await w.explore(el, () =>
              assertSound(el, () => `(${w.tag} handed in, seed ${SEED}, render ${n}, ${listMutations(m.applied)})`),
            );
          }
        });
      }
    });
  }
});

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

function listMutations(list: readonly Mutation[]): string {
  return list.map((m) => `${m.kind} ${m.where}`).join('; ') || 'no mutations';
}
