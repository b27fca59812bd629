// Keyboard-only walkthrough of every widget (issue 7, part 7b), with real key presses (sendKeys).
//
// For each widget: Tab goes through its controls in visual order (a radio group is one stop),
// Enter and Space activate buttons, arrow keys move within radio groups, Escape closes what is open
// (a referral's timeline, an open conversation, an advice prompt's dismiss form) or does nothing
// harmful, and focus never falls back to <body> after an action. axe runs in the states reached.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Condition, Reference, Resource } from 'fhir/r4';
import { adviceStatusScenarios, buildPersonas } from '@joinedcare/fixtures';
import { FhirFixtureServer, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { sharedRequestCache, type JcContext } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';
import '@joinedcare/specialist-finder/define.js';
import { clearAllDrafts, type JcAdvicePanel } from '@joinedcare/advice-panel';
import { AdvicePanelHarness } from '../../packages/advice-panel/test/harness.js';

const now = new Date('2026-11-20T12:00:00Z');
const set = buildPersonas({ now });
const { a, b } = set.personas;
const clock = { now: () => now };
const BASE = '/keyboard-fhir';
const sender: Reference = { reference: 'Practitioner/prac-gp-okafor', display: 'Dr Amara Okafor' };

const until = (cond: () => boolean, what: string, timeout = 8000) =>
  waitUntil(cond, `timed out waiting for ${what}`, { timeout, interval: 10 });
const press = (key: string) => sendKeys({ press: key });

/** The focused element, through shadow roots. */
function deepActive(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

function describeEl(el: Element | null): string {
  if (!el) return '(none)';
  const label = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
  const type = el instanceof HTMLInputElement ? `[${el.type}=${el.value}]` : '';
  return `${el.localName}${type} "${label}"`;
}

const FOCUSABLE = 'button, input, select, textarea, a[href], summary, [tabindex]';

/** The widget's tab stops in visual order: top to bottom, then left to right; one stop per radio group. */
function visualStops(root: ShadowRoot): Element[] {
  const all = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => {
    if ((el as HTMLButtonElement).disabled || el.tabIndex < 0) return false;
    if (el.closest('details:not([open])') && el.localName !== 'summary') return false;
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  });
  const groups = new Map<string, HTMLInputElement[]>();
  for (const el of all) {
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      const key = `${el.form ? 'form' : 'root'}|${el.name}|${el.closest('fieldset, form')?.textContent?.slice(0, 20)}`;
      groups.set(key, [...(groups.get(key) ?? []), el]);
    }
  }
  const stops = all.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio') return true;
    const group = [...groups.values()].find((g) => g.includes(el))!;
    const checked = group.find((r) => r.checked);
    return el === (checked ?? group[0]);
  });
  const pos = (el: Element) => el.getBoundingClientRect();
  return stops.sort((x, y) => {
    const px = pos(x);
    const py = pos(y);
    // same line when the boxes overlap vertically
    if (px.top < py.bottom - 2 && py.top < px.bottom - 2) return px.left - py.left;
    return px.top - py.top;
  });
}

/** Tabs from the button before the widget to the button after it; returns the stops visited. */
async function tabThrough(page: Element): Promise<Element[]> {
  const before = page.querySelector<HTMLButtonElement>('#before')!;
  before.focus();
  const seen: Element[] = [];
  for (let i = 0; i < 200; i++) {
    await press('Tab');
    const active = deepActive();
    if (active?.id === 'after') return seen;
    expect(active, `focus after ${seen.length} Tab presses`).not.to.equal(document.body);
    seen.push(active!);
  }
  throw new Error('Tab never left the widget');
}

async function expectTabOrder(page: Element, widget: Element): Promise<number> {
  const expected = visualStops(widget.shadowRoot!);
  const actual = await tabThrough(page);
  expect(actual.map(describeEl)).to.deep.equal(expected.map(describeEl));
  expect(actual).to.deep.equal(expected);
  return actual.length;
}

function expectFocusKept(what: string): void {
  const active = deepActive();
  expect(active, `focus after ${what}`).to.exist;
  expect(active, `focus after ${what}`).not.to.equal(document.body);
}

/** Focuses `el` the way a keyboard user gets there, then presses `key`. */
async function focusAndPress(el: HTMLElement, key: string): Promise<void> {
  el.focus();
  expect(deepActive()).to.equal(el);
  await press(key);
}

describe('keyboard-only walkthrough', function () {
  this.timeout(30_000);
  let server: FhirFixtureServer;

  before(async () => {
    server = new FhirFixtureServer({ baseUrl: BASE, personas: set, clock: () => now });
    await startFixtureWorker(server);
  });
  beforeEach(() => {
    for (const r of adviceStatusScenarios({ now, patientId: a.patientId })) server.put(r, { preserveLastUpdated: true });
  });
  afterEach(() => {
    server.reset();
    sharedRequestCache.invalidate();
    clearAllDrafts();
  });

  async function mount(widget: ReturnType<typeof html>, patientId = a.patientId, setting = 'secondary') {
    const page = await fixture<HTMLElement>(
      html`<div>
        <button id="before">Before</button>
        <jc-context fhir-base-url=${BASE} patient-id=${patientId} setting=${setting} .clock=${clock}>${widget}</jc-context>
        <button id="after">After</button>
      </div>`,
    );
    const ctx = page.querySelector<JcContext>('jc-context')!;
    const el = ctx.firstElementChild as HTMLElement;
    await until(() => !!el.shadowRoot?.childElementCount && !el.shadowRoot.querySelector('[part~=loading]'), `${el.localName} to load`);
    return { page, ctx, el };
  }
  const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
  const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];

  describe('<jc-patient-banner>', () => {
    it('has no tab stops of its own, and Escape changes nothing', async () => {
      const { page, el } = await mount(html`<jc-patient-banner></jc-patient-banner>`);
      expect(await expectTabOrder(page, el)).to.equal(0);
      const before = el.shadowRoot!.innerHTML;
      page.querySelector<HTMLButtonElement>('#after')!.focus();
      await press('Escape');
      expectFocusKept('Escape');
      expect(el.shadowRoot!.innerHTML).to.equal(before);
      await expect(el).to.be.accessible();
    });
  });

  describe('<jc-care-summary>', () => {
    const summary = html`<jc-care-summary sections="problems allergies results" selectable-items></jc-care-summary>`;

    it('tabs through the filter and every control in visual order', async () => {
      const { page, el } = await mount(summary);
      expect(await expectTabOrder(page, el)).to.be.greaterThan(5);
    });

    it('Enter and Space collapse and expand a section; arrows change the filter; focus stays put', async () => {
      const { el } = await mount(summary);
      const toggle = $<HTMLButtonElement>(el, '[part=toggle]')!;
      await focusAndPress(toggle, 'Enter');
      await until(() => toggle.getAttribute('aria-expanded') === 'false', 'collapsed');
      expect(deepActive()).to.equal(toggle);
      await press('Space');
      await until(() => toggle.getAttribute('aria-expanded') === 'true', 'expanded');
      expect(deepActive()).to.equal(toggle);
      // the default view (the other setting's items) first, then All
      const radio = $<HTMLInputElement>(el, '[part=filter] input[value=other]')!;
      expect(radio.checked).to.equal(true);
      await focusAndPress(radio, 'ArrowDown');
      await until(() => $<HTMLInputElement>(el, '[part=filter] input[value=all]')!.checked, 'filter changed');
      expectFocusKept('ArrowDown in the filter');
      expect(deepActive()).to.equal($(el, '[part=filter] input[value=all]'));
      await expect(el).to.be.accessible();
    });

    it('Enter and Space open and close a row’s details; focus stays on its button', async () => {
      const { el } = await mount(summary);
      const button = $<HTMLButtonElement>(el, '[part=expand-button]')!;
      const details = el.shadowRoot!.getElementById(button.getAttribute('aria-controls')!)!;
      expect(details.hidden).to.equal(true);
      await focusAndPress(button, 'Enter');
      await until(() => button.getAttribute('aria-expanded') === 'true', 'details shown');
      expect(details.hidden).to.equal(false);
      expect(deepActive()).to.equal(button);
      await expect(el).to.be.accessible();
      await press('Space');
      await until(() => button.getAttribute('aria-expanded') === 'false', 'details hidden');
      expect(details.hidden).to.equal(true);
      expect(deepActive()).to.equal(button);
    });

    it('Enter on an item (selectable-items) fires jc-item-selected; Escape does nothing harmful', async () => {
      const { el } = await mount(summary);
      const item = $<HTMLButtonElement>(el, '[part=item-title]')!;
      setTimeout(() => void focusAndPress(item, 'Enter'));
      const ev = await oneEvent(el, 'jc-item-selected');
      expect(ev.detail.id).to.be.a('string');
      const before = $$(el, '[aria-expanded]').map((b) => b.getAttribute('aria-expanded'));
      await press('Escape');
      expect(deepActive()).to.equal(item);
      expect($$(el, '[aria-expanded]').map((b) => b.getAttribute('aria-expanded'))).to.deep.equal(before);
    });
  });

  describe('<jc-referral-status>', () => {
    const referrals = html`<jc-referral-status filter="all" selectable></jc-referral-status>`;

    it('tabs through the filter and each referral’s controls in visual order', async () => {
      const { page, el } = await mount(referrals, b.patientId, 'primary');
      // the filter (one stop), then persona b's referral: its name (selectable) and its Details button
      expect(await expectTabOrder(page, el)).to.equal(3);
    });

    it('Enter opens a referral (selectable) and its details, Space asks to chase, Escape closes the details', async () => {
      const { el } = await mount(referrals, b.patientId, 'primary');
      const open = $<HTMLButtonElement>(el, '[part=item] button.link')!;
      setTimeout(() => void focusAndPress(open, 'Enter'));
      expect((await oneEvent(el, 'jc-referral-selected')).detail.id).to.be.a('string');
      const toggle = $<HTMLButtonElement>(el, '[part=item] [part=details-button]')!;
      await focusAndPress(toggle, 'Enter');
      await until(() => toggle.getAttribute('aria-expanded') === 'true', 'details open');
      expect(deepActive()).to.equal(toggle);
      const chase = $$<HTMLButtonElement>(el, '[part=action-button]')[0];
      setTimeout(() => void focusAndPress(chase, 'Space'));
      expect((await oneEvent(el, 'jc-referral-action-request')).detail.action).to.be.oneOf(['chase', 'view-letter']);
      expectFocusKept('Space on an action');
      await expect(el).to.be.accessible();
      await press('Escape');
      await until(() => toggle.getAttribute('aria-expanded') === 'false', 'details closed by Escape');
      expect(deepActive()).to.equal(toggle);
      await press('Escape'); // nothing open: nothing happens
      expect(deepActive()).to.equal(toggle);
    });

    it('arrow keys change the filter without losing focus', async () => {
      const { el } = await mount(referrals, b.patientId, 'primary');
      const all = $<HTMLInputElement>(el, '[part=filters] input[value=all]')!;
      await focusAndPress(all, 'ArrowUp');
      await until(() => $<HTMLInputElement>(el, '[part=filters] input[value=completed]')!.checked, 'completed');
      expectFocusKept('ArrowUp in the filter');
      expect(deepActive()).to.equal($(el, '[part=filters] input[value=completed]'));
    });
  });

  describe('<jc-advice-panel>', () => {
    const panel = (el: HTMLElement) => new AdvicePanelHarness(el as JcAdvicePanel);
    const writable = html`<jc-advice-panel can-reply .sender=${sender}></jc-advice-panel>`;

    it('tabs through the conversations in visual order', async () => {
      const { page, el } = await mount(writable, a.patientId, 'primary');
      expect(await expectTabOrder(page, el)).to.be.greaterThan(3);
    });

    it('Enter opens a conversation (focus on Back), Escape closes it (focus on the conversation), Space too', async () => {
      const { page, el } = await mount(writable, a.patientId, 'primary');
      const first = $<HTMLButtonElement>(el, '[part=item] button')!;
      const id = first.closest<HTMLElement>('[part=item]')!.dataset['id'];
      await focusAndPress(first, 'Enter');
      await panel(el).settled();
      expect(panel(el).state()).to.equal('thread');
      expect(deepActive(), 'focus on Back').to.equal($(el, '[data-focus-target]'));
      // tab order inside the conversation is visual too
      await expectTabOrder(page, el);
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[data-focus-target]')!.focus();
      await press('Escape');
      await panel(el).settled();
      expect(panel(el).state(), 'list after Escape').to.equal('list');
      expect((deepActive() as HTMLElement | null)?.closest?.('[part=item]')?.getAttribute('data-id'), 'focus on the conversation').to.equal(
        id,
      );
      await press('Space');
      await panel(el).settled();
      expect(panel(el).state(), 'thread after Space').to.equal('thread');
      // Escape while typing stays with the text box: the conversation (and the draft) stay
      const textarea = $<HTMLTextAreaElement>(el, 'textarea')!;
      textarea.focus();
      await sendKeys({ type: 'Draft' });
      await press('Escape');
      expect($(el, '[part=thread]')).to.exist;
      expect(deepActive()).to.equal(textarea);
      expect(textarea.value).to.equal('Draft');
    });

    it('New advice request opens with Space, its radios move with arrows, Escape goes back', async () => {
      const { el } = await mount(
        html`<jc-advice-panel
          can-reply
          .sender=${sender}
          .services=${[{ id: 'd', label: 'Diabetes', specialty: { text: 'Diabetic medicine' }, reference: { reference: 'HealthcareService/x' } }]}
        ></jc-advice-panel>`,
        a.patientId,
        'primary',
      );
      const newButton = $$<HTMLButtonElement>(el, 'button.jc-button').find((x) => x.textContent.includes('New advice request'))!;
      await focusAndPress(newButton, 'Space');
      await panel(el).settled();
      expect(panel(el).state(), 'the form').to.equal('new-request');
      const routine = $<HTMLInputElement>(el, 'input[type=radio][value=routine]')!;
      await focusAndPress(routine, 'ArrowDown');
      await panel(el).settled();
      expect($<HTMLInputElement>(el, 'input[type=radio][value=urgent]')!.checked, 'urgent').to.equal(true);
      expectFocusKept('ArrowDown in priority');
      await expect(el).to.be.accessible();
      await press('Escape');
      await panel(el).settled();
      expect(panel(el).state(), 'list after Escape').to.equal('list');
      expectFocusKept('Escape from the new request');
    });
  });

  describe('<jc-advice-prompt>', () => {
    // persona a's HbA1c is high, but a has diabetes referrals; copy the results to persona d (an adult), who has
    // none, with a's type 2 diabetes: the HbA1c rule (NICE NG28) is for adults with type 2 diabetes only
    const prompt = html`<jc-advice-prompt></jc-advice-prompt>`;
    const copied = (r: Resource) =>
      r.resourceType === 'Observation' ||
      (r.resourceType === 'Condition' &&
        !!(r as Condition).code?.coding?.some((c) => c.system === 'http://snomed.info/sct' && c.code === '44054006'));

    async function mountWithCard() {
      for (const o of a.resources().filter(copied)) {
        server.put(
          { ...o, id: `${o.id}-kb`, subject: { reference: `Patient/${set.personas.d.patientId}` } },
          { preserveLastUpdated: true },
        );
      }
      const m = await mount(prompt, set.personas.d.patientId, 'primary');
      await until(() => !!$(m.el, '[part=item]'), 'a prompt card');
      return m;
    }

    it('tabs through each card’s source link and buttons in visual order', async () => {
      const { page, el } = await mountWithCard();
      expect(await expectTabOrder(page, el)).to.be.greaterThan(2);
    });

    it('Enter asks for advice; Space opens the dismiss form; Escape or Cancel closes it without dismissing; focus is never lost', async () => {
      const { el } = await mountWithCard();
      const advice = $<HTMLButtonElement>(el, '[data-action=advice]')!;
      setTimeout(() => void focusAndPress(advice, 'Enter'));
      expect((await oneEvent(el, 'jc-advice-request')).detail.ruleId).to.be.a('string');
      await focusAndPress($<HTMLButtonElement>(el, '[data-action=dismiss]')!, 'Space');
      await until(() => !!$(el, '.dismiss-form'), 'dismiss form');
      await until(() => (deepActive() as HTMLInputElement | null)?.name === 'reason', 'focus on the first reason');
      await expect(el).to.be.accessible();
      await press('Escape');
      await until(() => !$(el, '.dismiss-form'), 'form closed by Escape');
      expect($(el, '[part=dismissed]'), 'Escape never dismisses').to.equal(null);
      await until(() => deepActive() === $(el, '[data-action=dismiss]'), 'focus back on Dismiss');
      await press('Enter');
      await until(() => !!$(el, '.dismiss-form'), 'dismiss form again');
      await focusAndPress($<HTMLButtonElement>(el, '[data-action=cancel-dismiss]')!, 'Enter');
      await until(() => !$(el, '.dismiss-form'), 'form closed by Cancel');
      await until(() => deepActive() === $(el, '[data-action=dismiss]'), 'focus back on Dismiss after Cancel');
      // a reason chosen with the keyboard, then confirmed with Enter
      await focusAndPress($<HTMLButtonElement>(el, '[data-action=dismiss]')!, 'Enter');
      await until(() => (deepActive() as HTMLInputElement | null)?.name === 'reason', 'focus on the first reason');
      await press('Space');
      await press('Tab');
      await press('Enter');
      await until(() => !!$(el, '[part=dismissed]'), 'dismissed');
      await until(() => deepActive() === $(el, '[part=dismissed] button'), 'focus on Restore');
      await press('Enter');
      await until(() => !$(el, '[part=dismissed]') && !!$(el, '[data-action=dismiss]'), 'restored');
      expectFocusKept('restoring');
      await expect(el).to.be.accessible();
    });
  });
});
