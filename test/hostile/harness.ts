// Shared harness for the hostile-data, malformed-data and fault suites (issue 7): one entry per
// widget saying how to mount it (through <jc-context> and the FHIR client, or with handed-in
// resources), when it has settled, and how to open everything a user can open.
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { Reference, Resource } from 'fhir/r4.js';
import { buildPersonas, buildPopulation } from '@joinedcare/fixtures';
import type { FhirClient, GetAccessToken, JcContext } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';
import type { JcAdvicePanel } from '@joinedcare/advice-panel';
import '@joinedcare/specialist-finder/define.js';

export const NOW = new Date('2026-11-20T12:00:00Z');
export const clock = { now: () => NOW };

/** Persona data for the suites (the fixture "today" is NOW). */
export const PERSONAS = buildPersonas({ now: NOW });

/**
 * Patients the specialist finder checks: two from the synthetic practice population matching each
 * rule (the personas match none), with their records. Put them on the server next to the personas.
 */
export const FINDER_POPULATION = (() => {
  const pop = buildPopulation({ now: NOW, size: 100, excludeNhsNumbers: Object.values(PERSONAS.personas).map((p) => p.nhsNumber) });
  const ids = new Set(Object.values(pop.matching).flatMap((list) => list.slice(0, 2)));
  const mentions = (r: Resource) => [...ids].some((id) => JSON.stringify(r).includes(`Patient/${id}"`));
  const resources = pop.resources.filter((r) => (r.resourceType === 'Patient' && ids.has(r.id ?? '')) || mentions(r));
  return { ids: [...ids], resources: [pop.practice, ...resources] };
})();

/** Elements in `host`'s shadow tree (and nested shadow trees) matching `selector`. */
export function $$(host: Element, selector: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  const walk = (root: ParentNode) => {
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
      if (el.matches(selector)) out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  if (host.shadowRoot) walk(host.shadowRoot);
  return out;
}

export const has = (host: Element, selector: string) => $$(host, selector).length > 0;

export function until(cond: () => boolean, what: string, timeout = 8000): Promise<void> {
  return waitUntil(cond, `timed out waiting for ${what}`, { timeout, interval: 15 });
}

const REFERRAL_AND_DIRECTORY = /^(ServiceRequest|Task|Appointment|Organization|Practitioner|PractitionerRole|Location|HealthcareService)$/;
const settled = (el: Element) => !has(el, '[part~=loading]');
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

/** The practitioner the advice panel writes as (it only reads here). */
const sender: Reference = { reference: 'Practitioner/prac-gp-okafor', display: 'Dr Amara Okafor' };

export interface MountOptions {
  base: string;
  patientId: string;
  client?: FhirClient;
  getAccessToken?: GetAccessToken;
  setting?: 'primary' | 'secondary';
}

export interface WidgetCase {
  /** The tag, also the test title. */
  tag: string;
  /** The element inside <jc-context>, loading through the client. */
  viaClient(): TemplateResult;
  /** The element with handed-in data (only widgets that accept it). */
  handedIn?(resources: Resource[], patientId: string): TemplateResult;
  /** True when the widget shows a final state (loaded, empty, error, partial). */
  ready(el: HTMLElement): boolean;
  /** Opens everything a user can open, calling `check` in every view. */
  explore(el: HTMLElement, check: (view: string) => void): Promise<void>;
  /** Does the widget show free text from the record (names, notes, displays)? The advice prompt shows only rule text and numbers. */
  showsRecordText: boolean;
  /** Does the widget load with `searchAll` (so a failing later page leaves a partial result)? */
  pages: boolean;
}

async function clickAll(el: HTMLElement, selector: string, rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const buttons = $$(el, selector).filter((b) => !(b as HTMLButtonElement).disabled);
    if (!buttons.length) return;
    for (const b of buttons) b.click();
    await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  }
}

export const WIDGETS: WidgetCase[] = [
  {
    tag: 'jc-patient-banner',
    showsRecordText: true,
    pages: false,
    viaClient: () => html`<jc-patient-banner></jc-patient-banner>`,
    handedIn: (resources) => html`<jc-patient-banner .patient=${resources.find((r) => r.resourceType === 'Patient')}></jc-patient-banner>`,
    ready: (el) => has(el, '[part=base], [part=error], [part=safety-warning], [part=not-configured]'),
    explore: async (_el, check) => check('banner'),
  },
  {
    tag: 'jc-care-summary',
    showsRecordText: true,
    pages: true,
    viaClient: () => html`<jc-care-summary initial-items="3"></jc-care-summary>`,
    handedIn: (resources) => html`<jc-care-summary initial-items="3" .resources=${resources}></jc-care-summary>`,
    ready: (el) => settled(el) && has(el, '[part=base], [part=error]'),
    explore: async (el, check) => {
      check('sections');
      // "Show all N", then every result's history table
      await clickAll(el, '[part=show-all-button][aria-expanded=false]', 1);
      await clickAll(el, 'button.link-button[aria-expanded=false]', 1);
      check('expanded');
      // the "only from the other setting" filter
      const other = $$(el, 'input[type=radio][value=other]')[0] as HTMLInputElement | undefined;
      if (other) {
        other.click();
        await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        check('filtered');
      }
    },
  },
  {
    tag: 'jc-referral-status',
    showsRecordText: true,
    pages: true,
    viaClient: () => html`<jc-referral-status filter="all" page-size="3"></jc-referral-status>`,
    handedIn: (resources) =>
      html`<jc-referral-status
        filter="all"
        page-size="3"
        .resources=${resources.filter((r) => REFERRAL_AND_DIRECTORY.test(r.resourceType))}
      ></jc-referral-status>`,
    ready: (el) => settled(el) && has(el, '[part=base], [part=error]'),
    explore: async (el, check) => {
      check('list');
      await clickAll(el, '[part=show-more]');
      // every referral's details: the other side, comments, the history (drawn only while open)
      await clickAll(el, '[part=details-button][aria-expanded=false]', 1);
      if (!$$(el, '[part~=item]').every((li) => li.querySelector('.details td'))) throw new Error('a referral did not open its details');
      check('timelines');
    },
  },
  {
    tag: 'jc-advice-panel',
    showsRecordText: true,
    pages: true,
    viaClient: () => html`<jc-advice-panel can-reply .sender=${sender}></jc-advice-panel>`,
    ready: (el) => settled(el) && has(el, '[part=list], [part=empty], [part=error], [part=partial]'),
    explore: async (el, check) => {
      check('list');
      const ids = $$(el, '[part~=item]')
        .map((li) => li.dataset['id'])
        .filter((id): id is string => !!id);
      for (const id of ids) {
        const item = $$(el, '[part~=item]').find((li) => li.dataset['id'] === id);
        item?.querySelector('button')?.click();
        await (el as JcAdvicePanel).updateComplete;
        check(`conversation ${id}`);
        const back = $$(el, 'button[data-focus-target]')[0];
        back?.click();
        await (el as JcAdvicePanel).updateComplete;
      }
    },
  },
  {
    tag: 'jc-advice-prompt',
    showsRecordText: false,
    pages: true,
    viaClient: () => html`<jc-advice-prompt></jc-advice-prompt>`,
    ready: (el) => settled(el) && has(el, '[part=base], [part=error]'),
    explore: async (el, check) => {
      check('prompt');
      for (const d of $$(el, 'details')) (d as HTMLDetailsElement).open = true;
      await frame();
      check('details');
    },
  },
  {
    tag: 'jc-specialist-finder',
    showsRecordText: true,
    pages: true,
    viaClient: () => html`<jc-specialist-finder .patients=${FINDER_POPULATION.ids}></jc-specialist-finder>`,
    ready: (el) => {
      // the check's phase lives in the element's scan controller (internal; read for settling only)
      const phase = (el as unknown as { scan?: { phase?: string } }).scan?.phase;
      return phase !== undefined && phase !== 'idle' && phase !== 'running' && settled(el);
    },
    explore: async (el, check) => {
      check('worklist');
      for (const d of $$(el, 'details')) (d as HTMLDetailsElement).open = true;
      await frame();
      check('details');
    },
  },
];
// To add: any new widget tag (its define.js imported above and an entry here) is covered by every suite.

/** Mounts `widget` inside a <jc-context> and waits until it has settled. */
export async function mountInContext(w: WidgetCase, widget: TemplateResult, o: MountOptions, timeout = 8000): Promise<HTMLElement> {
  const ctx = await fixture<JcContext>(
    html`<jc-context
      fhir-base-url=${o.base}
      patient-id=${o.patientId}
      setting=${o.setting ?? 'secondary'}
      .clock=${clock}
      .client=${o.client}
      .getAccessToken=${o.getAccessToken}
      >${widget}</jc-context
    >`,
  );
  const el = ctx.querySelector<HTMLElement>(w.tag)!;
  await until(() => w.ready(el), `${w.tag} to settle`, timeout);
  return el;
}

/** Deep-walks every text node under `host` (shadow roots included). */
export function textNodes(host: Node): Text[] {
  const out: Text[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out.push(node as Text);
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(host);
  return out;
}
