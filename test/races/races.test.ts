// Wrong-patient races (issue 7, part 4; hazard H-01 in docs/clinical-safety/hazard-log.md).
//
// One page, one <jc-context>, every patient widget inside it, data from the fixture FHIR server over
// MSW with random latency. More than 1,000 seeded, randomised patient switches: fast ones (before the
// data arrives, sometimes two in one task) and slow ones (after every widget has settled), by id, by
// NHS number or both, and now and then to no patient at all. Some responses carry a resource of
// another patient (a misrouted or stale entry), and some NHS number searches answer with another
// patient's record: the patient guard must refuse them.
//
// Every clinical text field of every persona's resources is prefixed with a marker of its patient
// ("zqaq " for persona a, ...), so any rendered text says whose data it is. A MutationObserver on
// every widget's shadow root and a requestAnimationFrame sampler check every rendered state: no
// marker, NHS number, resource id (data-id) or advice prompt card of a patient other than the one in
// context may be on screen.
import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import type { Bundle, Condition, FhirResource, Observation, Patient, Resource } from 'fhir/r4.js';
import {
  Rng,
  adviceStatusScenarios,
  buildPersonas,
  patientReferencesOf,
  parseReference,
  referralsPerErsState,
  referralsWithAppointments,
  FhirFixtureServer,
  type PersonaKey,
} from '@joinedcare/fixtures';
import { sharedRequestCache, type JcContext } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';
import '@joinedcare/specialist-finder/define.js';
import { useMswHandlers } from '../helpers/msw.js';

const BASE = '/races-fhir';
const now = new Date('2026-11-20T12:00:00Z');
const clock = { now: () => now };
const set = buildPersonas({ now });
const KEYS = ['a', 'b', 'c', 'd', 'e'] as const satisfies readonly PersonaKey[];
type Key = (typeof KEYS)[number];
const WIDGETS = ['jc-patient-banner', 'jc-care-summary', 'jc-referral-status', 'jc-advice-panel', 'jc-advice-prompt'] as const;
type WidgetTag = (typeof WIDGETS)[number];

const SWITCHES = 1000;
const SEED = 20261122;

// ---------- data: every persona's clinical text carries its patient's marker ----------

const marker = (k: string) => `zq${k}q`;
const MARKER_RE = /zq([a-g])q/gi;
const TEXT_KEYS = new Set(['text', 'display', 'contentString', 'description', 'title', 'comment', 'name']);

/** Prefixes every clinical text string inside `value` with the patient's marker (not narrative `div`, codes or ids). */
function mark<T>(value: T, k: string): T {
  if (Array.isArray(value)) return value.map((v: unknown) => mark(v, k)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = typeof v === 'string' && TEXT_KEYS.has(key) ? `${marker(k)} ${v}` : mark(v, k);
    }
    return out as T;
  }
  return value;
}

const patientIdOf: Record<Key, string> = Object.fromEntries(KEYS.map((k) => [k, set.personas[k].patientId])) as Record<Key, string>;
const keyByPatientId = new Map<string, Key>(KEYS.map((k) => [set.personas[k].patientId, k]));
const keyByNhs = new Map<string, Key>(KEYS.map((k) => [set.personas[k].nhsNumber, k]));

/** Whose record a clinical resource is, by its patient references. */
function ownerOf(r: Resource): Key | undefined {
  if (r.resourceType === 'Patient') return keyByPatientId.get(r.id ?? '');
  for (const ref of patientReferencesOf(r)) {
    const k = keyByPatientId.get(parseReference(ref)?.id ?? '');
    if (k) return k;
  }
  return undefined;
}

/**
 * Persona a's HbA1c results copied to another adult patient, 3 * n mmol/mol higher, so that its advice prompt
 * card differs, with a's type 2 diabetes (the HbA1c rule, NICE NG28, is for adults with type 2 diabetes).
 */
function diabetesCopies(k: Key, n: number): Resource[] {
  const a = set.personas.a.resources();
  const hba1c = a
    .filter((r): r is Observation => r.resourceType === 'Observation' && (r as Observation).code.coding?.[0]?.code === '1049301000000100')
    .map((o) => ({
      ...o,
      id: `${o.id}-${k}`,
      subject: { reference: `Patient/${patientIdOf[k]}` },
      ...(o.valueQuantity ? { valueQuantity: { ...o.valueQuantity, value: (o.valueQuantity.value ?? 0) + 3 * n } } : {}),
    }));
  const diabetes = a
    .filter((r): r is Condition => r.resourceType === 'Condition' && (r as Condition).code?.coding?.[0]?.code === '44054006')
    .map((c) => ({ ...c, id: `${c.id}-${k}`, subject: { reference: `Patient/${patientIdOf[k]}` } }));
  return [...hba1c, ...diabetes];
}

/** Extra scenario data so that several patients have referrals, conversations and advice prompts. */
function scenarioResources(): Resource[] {
  return [
    // d (34) and e (45): c is a child, whom no example rule is for
    ...diabetesCopies('d', 1),
    ...diabetesCopies('e', 2),
    ...referralsPerErsState({ now, patientId: patientIdOf.c }).slice(0, 16),
    ...referralsWithAppointments({ now, patientId: patientIdOf.e }),
    ...adviceStatusScenarios({ now, patientId: patientIdOf.a }),
    ...adviceStatusScenarios({ now, patientId: patientIdOf.b }).slice(0, 8),
  ];
}

/** The marked resources (patients and their records), the owner of each resource id, and resources by type for injection. */
function markedData() {
  const owners = new Map<string, Key>();
  const byType = new Map<string, Array<{ owner: Key; resource: FhirResource }>>();
  const out: Resource[] = [];
  const all = [...KEYS.flatMap((k) => set.personas[k].resources()), ...scenarioResources()];
  for (const r of all) {
    const owner = ownerOf(r);
    if (!owner) continue; // shared directory resources stay as they are
    let m: Resource;
    if (r.resourceType === 'Patient') {
      const p = structuredClone(r) as Patient;
      p.name = (p.name ?? []).map((n) => ({ ...n, given: (n.given ?? []).map((g, i) => (i === 0 ? `${marker(owner)} ${g}` : g)) }));
      m = p;
    } else m = mark(r, owner);
    out.push(m);
    if (m.id) owners.set(m.id, owner);
    const list = byType.get(m.resourceType) ?? [];
    list.push({ owner, resource: m as FhirResource });
    byType.set(m.resourceType, list);
  }
  return { resources: out, owners, byType };
}

const data = markedData();

// ---------- the monitor: what is on screen, and whose it is ----------

interface Violation {
  at: 'mutation' | 'frame';
  widget: string;
  inContext: string;
  shown: string;
  evidence: string;
  switchNo: number;
  how: string;
}

const NHS_RE = /\b(\d{3}) (\d{3}) (\d{4})\b/g;

/** The persona keys whose data a shadow root shows, with the evidence. */
function whoseData(root: ShadowRoot, promptCards: Map<Key | 'none', Set<string>>, context: Key | 'none'): Map<Key | 'unknown', string> {
  const found = new Map<Key | 'unknown', string>();
  const text = root.textContent ?? '';
  for (const m of text.matchAll(MARKER_RE)) {
    const k = m[1].toLowerCase() as Key;
    if (!found.has(k)) found.set(k, `marker "${m[0]}"`);
  }
  for (const m of text.matchAll(NHS_RE)) {
    const k = keyByNhs.get(`${m[1]}${m[2]}${m[3]}`);
    if (k && !found.has(k)) found.set(k, `NHS number ${m[0]}`);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-id]')) {
    const k = data.owners.get(el.dataset['id'] ?? '');
    if (k && !found.has(k)) found.set(k, `data-id ${el.dataset['id']}`);
  }
  // advice prompt cards carry values and dates, not text fields: compare with the cards each patient has
  if (root.host.localName === 'jc-advice-prompt') {
    const mine = promptCards.get(context) ?? new Set<string>();
    for (const card of root.querySelectorAll<HTMLElement>('[part=item]')) {
      const t = cardText(card);
      const owner = mine.has(t) && context !== 'none' ? context : KEYS.find((k) => promptCards.get(k)?.has(t));
      if (!found.has(owner ?? 'unknown')) found.set(owner ?? 'unknown', `advice prompt card "${t.slice(0, 80)}"`);
    }
  }
  return found;
}

const cardText = (card: Element) =>
  [...card.querySelectorAll('[part=summary], [part=detail]')].map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()).join(' | ');

class Monitor {
  readonly violations: Violation[] = [];
  /** Per widget, how many checks saw data of the patient in context (proves the markers are visible). */
  readonly sawOwn = new Map<string, number>();
  mutationChecks = 0;
  frames = 0;
  switchNo = 0;
  /** How the last switch was made (for the report). */
  how = '';
  promptCards = new Map<Key | 'none', Set<string>>();
  /** Patients in context since the last check: a render queued just before a switch is checked against both. */
  private window = new Set<Key | 'none'>();
  private observer?: MutationObserver;
  private raf = 0;
  private running = false;

  constructor(
    private readonly ctx: JcContext,
    private readonly widgets: HTMLElement[],
  ) {}

  current(): Key | 'none' {
    const p = this.ctx.patientInContext;
    if (!p) return 'none';
    return (p.id ? keyByPatientId.get(p.id) : p.nhsNumber ? keyByNhs.get(p.nhsNumber) : undefined) ?? 'none';
  }

  start(): void {
    this.running = true;
    this.window = new Set([this.current()]);
    this.ctx.addEventListener('jc-context-changed', this.onContext);
    this.observer = new MutationObserver(() => this.check('mutation'));
    for (const w of this.widgets) {
      this.observer.observe(w.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    }
    const frame = () => {
      if (!this.running) return;
      this.frames++;
      this.check('frame');
      this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  }

  stop(): void {
    this.running = false;
    cancelAnimationFrame(this.raf);
    this.observer?.disconnect();
    this.ctx.removeEventListener('jc-context-changed', this.onContext);
  }

  private readonly onContext = () => {
    this.window.add(this.current());
  };

  /** Checks every widget; at a frame only the patient in context is allowed. */
  checkMs = 0;
  check(at: 'mutation' | 'frame'): void {
    const t0 = performance.now();
    this.checkOnce(at);
    this.checkMs += performance.now() - t0;
  }

  private checkOnce(at: 'mutation' | 'frame'): void {
    const context = this.current();
    const allowed = at === 'frame' ? new Set([context]) : new Set([...this.window, context]);
    if (at === 'mutation') this.mutationChecks++;
    for (const w of this.widgets) {
      const found = whoseData(w.shadowRoot!, this.promptCards, context);
      for (const [k, evidence] of found) {
        if (k !== 'unknown' && allowed.has(k)) {
          if (k === context) this.sawOwn.set(w.localName, (this.sawOwn.get(w.localName) ?? 0) + 1);
          continue;
        }
        if (this.violations.length < 50) {
          this.violations.push({ at, widget: w.localName, inContext: context, shown: k, evidence, switchNo: this.switchNo, how: this.how });
        }
      }
    }
    this.window = new Set([context]);
  }
}

// ---------- the page ----------

type Mode = 'id' | 'nhs' | 'both';

function setPatient(ctx: JcContext, k: Key | 'none', mode: Mode): void {
  if (k === 'none') {
    ctx.patientId = undefined;
    ctx.nhsNumber = undefined;
    return;
  }
  const p = set.personas[k];
  ctx.patientId = mode === 'nhs' ? undefined : p.patientId;
  ctx.nhsNumber = mode === 'id' ? undefined : p.nhsNumber;
}

const settled = (widgets: HTMLElement[]) =>
  widgets.every((w) => {
    const r = w.shadowRoot;
    return !!r && r.childElementCount > 0 && !r.querySelector('[part~=loading]');
  });

/** Waits until every widget has drawn what it loads for the patient in context (`updateComplete`), however long that takes. */
async function settle(ctx: JcContext, widgets: HTMLElement[], what: string): Promise<void> {
  await ctx.updateComplete;
  await Promise.all(widgets.map((w) => (w as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
  expect(settled(widgets), `${what}: every widget settled`).to.equal(true);
}
const nextFrame = () => new Promise((r) => requestAnimationFrame(r));

describe('wrong-patient races: every widget on one page', function () {
  this.timeout(180_000);
  let server: FhirFixtureServer;
  const rng = new Rng(SEED); // the switches
  const injectRng = new Rng(SEED + 1); // injections and latency (drawn in the handler, in network order)
  let racesInject: { on: boolean; latency?: { min: number; max: number } } | undefined;
  let injected = { foreignEntries: 0, misroutedPatients: 0 };

  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => now });
    for (const r of data.resources) server.put(r, { preserveLastUpdated: true });
    /** Injection is on only during the race. */
    const inject: { on: boolean; latency?: { min: number; max: number }; slow: RegExp; slowExtra: number } = {
      on: false,
      slow: /\/(Observation|Communication)\?/,
      slowExtra: 10,
    };
    racesInject = inject;
    // GET answers are memoised (the data does not change during the race), which keeps the in-page
    // handler cheap enough for 1,000 switches; latency is drawn per request
    const memo = new Map<string, { status: number; headers: Record<string, string>; body: unknown; text: string | null }>();
    await useMswHandlers(
      http.all(
        ({ request }) => server.matches(request.url),
        async ({ request }) => {
          const url = new URL(request.url);
          let answer = request.method === 'GET' ? memo.get(request.url) : undefined;
          if (!answer) {
            const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
            const body = hasBody ? await request.text() : null;
            const r = server.handle({ method: request.method, url: request.url, headers: request.headers, body });
            const text = r.body === undefined || r.status === 204 ? null : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
            answer = { status: r.status, headers: r.headers, body: r.body, text };
            if (request.method === 'GET') memo.set(request.url, answer);
          }
          let text = answer.text;
          if (inject.on && request.method === 'GET' && isBundle(answer.body)) {
            const changed = maybeInject(answer.body, url);
            if (changed !== answer.body) text = JSON.stringify(changed);
          }
          const ms = inject.latency
            ? injectRng.int(inject.latency.min, inject.latency.max) + (inject.slow.test(request.url) ? inject.slowExtra : 0)
            : 0;
          if (ms > 0) await delay(ms);
          return new HttpResponse(text, { status: answer.status, headers: answer.headers });
        },
      ),
    );

    function isBundle(b: unknown): b is Bundle {
      return !!b && typeof b === 'object' && (b as Bundle).resourceType === 'Bundle';
    }

    /** Now and then: another patient's resource in a search result, or another patient's record for an NHS number search. */
    function maybeInject(bundle: Bundle, url: URL): Bundle {
      const type = url.pathname.split('/').pop() ?? '';
      const entries = bundle.entry ?? [];
      const owners = new Set(entries.map((e) => (e.resource ? ownerOf(e.resource) : undefined)).filter(Boolean));
      if (type === 'Patient' && url.searchParams.has('identifier') && injectRng.chance(0.15)) {
        const asked = keyByNhs.get((url.searchParams.get('identifier') ?? '').split('|').pop() ?? '');
        const other = injectRng.pick(KEYS.filter((k) => k !== asked));
        const patient = data.byType.get('Patient')!.find((x) => x.owner === other)!.resource;
        injected.misroutedPatients++;
        return {
          ...bundle,
          total: 1,
          entry: [{ fullUrl: `${url.origin}${BASE}/Patient/${patient.id}`, resource: patient, search: { mode: 'match' } }],
        };
      }
      if (!injectRng.chance(0.08)) return bundle;
      const candidates = (data.byType.get(type) ?? []).filter((x) => !owners.has(x.owner) && x.resource.resourceType !== 'Patient');
      if (!candidates.length || owners.size === 0) return bundle;
      const foreign = injectRng.pick(candidates).resource;
      injected.foreignEntries++;
      return {
        ...bundle,
        entry: [
          ...entries,
          { fullUrl: `${url.origin}${BASE}/${foreign.resourceType}/${foreign.id}`, resource: foreign, search: { mode: 'match' } },
        ],
      };
    }
  });

  after(() => {
    server.reset();
    sharedRequestCache.invalidate();
  });

  async function mountAll() {
    const ctx = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${BASE} setting="secondary" .clock=${clock}>
        <jc-patient-banner></jc-patient-banner>
        <jc-advice-prompt></jc-advice-prompt>
        <jc-referral-status filter="all"></jc-referral-status>
        <jc-advice-panel></jc-advice-panel>
        <jc-care-summary></jc-care-summary>
      </jc-context>`,
    );
    const widgets = WIDGETS.map((t: WidgetTag) => ctx.querySelector<HTMLElement>(t)!);
    for (const w of widgets) expect(w.shadowRoot, `${w.localName} is registered`).to.exist;
    return { ctx, widgets };
  }

  /** Each patient's advice prompt cards, loaded one patient at a time without latency or injections. */
  async function calibratePromptCards(ctx: JcContext, widgets: HTMLElement[]): Promise<Map<Key | 'none', Set<string>>> {
    const cards = new Map<Key | 'none', Set<string>>([['none', new Set()]]);
    const prompt = widgets[WIDGETS.indexOf('jc-advice-prompt')];
    for (const k of KEYS) {
      setPatient(ctx, k, 'id');
      await settle(ctx, widgets, `patient ${k}`);
      cards.set(k, new Set([...prompt.shadowRoot!.querySelectorAll('[part=item]')].map(cardText)));
    }
    setPatient(ctx, 'none', 'id');
    await ctx.updateComplete;
    return cards;
  }

  it('the monitor sees a wrong-patient frame when there is one', async () => {
    const { ctx, widgets } = await mountAll();
    const monitor = new Monitor(ctx, widgets);
    monitor.promptCards = await calibratePromptCards(ctx, widgets);
    setPatient(ctx, 'a', 'id');
    await settle(ctx, widgets, 'patient a');
    monitor.start();
    await nextFrame();
    expect(monitor.violations).to.deep.equal([]);
    // plant another patient's text in a widget, as a racy render would
    const planted = document.createElement('p');
    planted.textContent = `${marker('b')} Asthma`;
    widgets[1].shadowRoot!.append(planted);
    await nextFrame();
    monitor.stop();
    planted.remove();
    expect(monitor.violations.map((v) => `${v.at} ${v.widget} ${v.inContext}->${v.shown}`)).to.include.members([
      'mutation jc-care-summary a->b',
      'frame jc-care-summary a->b',
    ]);
    // and each patient's own data was visible to it
    expect(monitor.sawOwn.get('jc-patient-banner')).to.be.greaterThan(0);
    expect(monitor.sawOwn.get('jc-care-summary')).to.be.greaterThan(0);
    expect(monitor.sawOwn.get('jc-advice-panel')).to.be.greaterThan(0);
    expect(monitor.sawOwn.get('jc-referral-status')).to.be.greaterThan(0);
    // d and e have advice prompt cards, and different ones: else the prompt check would be blind
    expect(monitor.promptCards.get('d')!.size).to.be.greaterThan(0);
    expect(monitor.promptCards.get('e')!.size).to.be.greaterThan(0);
    expect([...monitor.promptCards.get('d')!].some((t) => monitor.promptCards.get('e')!.has(t))).to.equal(false);
  });

  it('1,000 randomised patient switches with random latency never show another patient’s data', async () => {
    const { ctx, widgets } = await mountAll();
    const monitor = new Monitor(ctx, widgets);
    monitor.promptCards = await calibratePromptCards(ctx, widgets);
    sharedRequestCache.invalidate();
    racesInject!.on = true;
    racesInject!.latency = { min: 0, max: 20 };
    injected = { foreignEntries: 0, misroutedPatients: 0 };
    monitor.start();
    const counts = { fast: 0, slow: 0, double: 0, none: 0, fastMs: 0, slowMs: 0 };
    let current: Key | 'none' = 'none';
    try {
      for (let i = 0; i < SWITCHES; i++) {
        monitor.switchNo = i;
        const next: Key | 'none' = rng.chance(0.04) ? 'none' : rng.pick(KEYS.filter((k) => k !== current));
        const mode: Mode = rng.pick(['id', 'id', 'both', 'nhs'] as const);
        if (rng.chance(0.1)) sharedRequestCache.invalidate();
        if (next === 'none') counts.none++;
        if (rng.chance(0.05)) {
          // two switches in one task: the first patient is never seen at all
          setPatient(ctx, rng.pick(KEYS), rng.pick(['id', 'nhs'] as const));
          counts.double++;
        }
        setPatient(ctx, next, mode);
        monitor.how = `${next} by ${mode}`;
        current = next;
        const t0 = performance.now();
        // the random pauses are the race itself (when the next switch comes), never a wait for a state
        if (rng.chance(0.85)) {
          counts.fast++;
          await new Promise((r) => setTimeout(r, rng.int(0, 12)));
          counts.fastMs += performance.now() - t0;
        } else {
          counts.slow++;
          await settle(ctx, widgets, `switch ${i}`);
          await nextFrame(); // the frame sampler looks at every settled patient at least once
          await new Promise((r) => setTimeout(r, rng.int(0, 20)));
          counts.slowMs += performance.now() - t0;
        }
      }
      await settle(ctx, widgets, 'the last patient');
      await nextFrame();
    } finally {
      monitor.stop();
      racesInject!.on = false;
      delete racesInject!.latency;
    }
    const summary = {
      ...counts,
      fastMs: Math.round(counts.fastMs),
      slowMs: Math.round(counts.slowMs),
      ...injected,
      mutationChecks: monitor.mutationChecks,
      checkMs: Math.round(monitor.checkMs),
      frames: monitor.frames,
      sawOwn: Object.fromEntries(monitor.sawOwn),
    };
    console.log(`races: ${JSON.stringify(summary)}`);
    expect(
      monitor.violations.map(
        (v) => `#${v.switchNo} (${v.how}) ${v.at}: <${v.widget}> showed ${v.shown}'s ${v.evidence} while ${v.inContext} was in context`,
      ),
    ).to.deep.equal([]);
    expect(counts.fast + counts.slow).to.equal(SWITCHES);
    // the race really raced: fast and slow switches, injections, many checks, and every widget showed data
    expect(counts.slow).to.be.greaterThan(100);
    expect(injected.foreignEntries).to.be.greaterThan(20);
    expect(injected.misroutedPatients).to.be.greaterThan(5);
    expect(monitor.frames, 'a frame checked after every slow switch at least').to.be.at.least(counts.slow);
    for (const w of WIDGETS) expect(monitor.sawOwn.get(w) ?? 0, `${w} showed its patient's data`).to.be.greaterThan(50);
  });
});
