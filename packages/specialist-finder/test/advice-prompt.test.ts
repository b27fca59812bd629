import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Bundle, Observation } from 'fhir/r4.js';
import { type Population } from '@joinedcare/fixtures';
import type { FhirFixtureServer } from '@joinedcare/fixtures/msw.js';
import type { JcContext } from '@joinedcare/core';
import '../src/define.js';
import { EXAMPLE_RULE_SET, resetDismissedPrompts, type JcAdvicePrompt } from '../src/index.js';
import { BASE, clock, cleanServer, fixtureServer, text, until } from './support.js';

type Prompt = JcAdvicePrompt;
const root = (el: Prompt) => el.shadowRoot!;
const cards = (el: Prompt) => [...root(el).querySelectorAll<HTMLLIElement>('[part=item]')];

async function promptFor(
  attrs: { patientId?: string; nhsNumber?: string },
  inner = html`<jc-advice-prompt></jc-advice-prompt>`,
): Promise<Prompt> {
  const ctx = await fixture<JcContext>(
    html`<jc-context fhir-base-url=${BASE} patient-id=${attrs.patientId ?? ''} nhs-number=${attrs.nhsNumber ?? ''} .clock=${clock}
      >${inner}</jc-context
    >`,
  );
  return ctx.querySelector<Prompt>('jc-advice-prompt')!;
}
const loaded = (el: Prompt) => until(() => !!root(el).querySelector('[part=base], [part=error]'), 'the prompt');

describe('<jc-advice-prompt>', () => {
  let server: FhirFixtureServer;
  let population: Population;
  let both: string; // matches the HbA1c and the eGFR rule
  before(async () => {
    ({ server, population } = await fixtureServer());
    both = population.matching['ckd-egfr-rapid-decline'].find((id) => population.matching['diabetes-hba1c-persistent'].includes(id))!;
  });
  afterEach(() => {
    cleanServer(server);
    resetDismissedPrompts();
  });

  it('says what is missing when not configured', async () => {
    const el = await fixture<Prompt>(html`<jc-advice-prompt></jc-advice-prompt>`);
    expect(root(el).querySelector('[part=not-configured]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('shows loading, then a CDS Hooks style card per matching rule', async () => {
    const held = server.hold();
    const el = await promptFor({ patientId: both });
    await held.arrived;
    expect(root(el).querySelector('[part=loading][role=status]')).to.exist;
    await expect(el).to.be.accessible();
    held.release();
    await loaded(el);
    const list = cards(el);
    expect(list.map((c) => c.dataset.rule)).to.deep.equal(['diabetes-hba1c-persistent', 'ckd-egfr-rapid-decline']);
    const [hba1c, egfr] = list;
    const summary = hba1c.querySelector('[part=summary]')!.textContent;
    expect(summary.length).to.be.below(140);
    expect(hba1c.querySelector('[part=indicator]')!.textContent.trim()).to.equal('Warning');
    expect(hba1c.querySelector('[part=indicator] svg')!.getAttribute('aria-hidden')).to.equal('true');
    const link = hba1c.querySelector<HTMLAnchorElement>('[part=source] a')!;
    expect(link.href).to.equal('https://www.nice.org.uk/guidance/ng28');
    expect(link.rel).to.contain('noopener');
    expect(link.textContent).to.contain('NICE NG28');
    expect(hba1c.querySelector('[part=detail]')!.textContent).to.match(
      /^HbA1c \d+ mmol\/mol on \d{2}-[A-Z][a-z]{2}-2026, \d+ mmol\/mol on \d{2}-[A-Z][a-z]{2}-20\d\d in the last 12 months; no diabetes referral or advice request in the last 12 months$/,
    );
    expect(egfr.querySelector('[part=detail]')!.textContent).to.match(
      /^eGFR from \d+ mL\/min\/1.73m2 on .* to \d+ .*: −\d+(\.\d)? mL\/min\/1.73m2 per year/,
    );
    expect(text(el)).to.contain('Checked against 3 rules on 22-Nov-2026.');
    expect(text(el)).to.contain('These rules are examples for an organisation to review and adopt. They are not clinical advice.');
    expect(text(el)).not.to.match(/undefined|null|NaN|\[object Object\]|Invalid Date/);
    await expect(el).to.be.accessible();
  });

  it('shows no card when a recent referral excludes the patient (persona a) and finds the patient by NHS number', async () => {
    const { personas } = await fixtureServer();
    const el = await promptFor({ nhsNumber: personas.personas.a.nhsNumber });
    await loaded(el);
    expect(cards(el)).to.have.length(0);
    expect(root(el).querySelector('[part=empty]')!.textContent).to.contain('No specialist input prompts for this patient.');
    // no card because the referral excludes it, not because the records were refused
    expect(root(el).querySelector('[part=safety-warning]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('with only an NHS number in context, finds the patient and shows the same cards as by id', async () => {
    const patient = population.patients.find((p) => p.id === both)!;
    const nhs = patient.identifier!.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')!.value!;
    const el = await promptFor({ nhsNumber: nhs });
    await loaded(el);
    expect(root(el).querySelector('[part=safety-warning]')).to.equal(null);
    expect(cards(el).map((c) => c.dataset.rule)).to.deep.equal(['diabetes-hba1c-persistent', 'ckd-egfr-rapid-decline']);
  });

  it('fires advice and referral requests with ids only', async () => {
    const el = await promptFor({ patientId: both });
    await loaded(el);
    const card = cards(el)[0];
    setTimeout(() => card.querySelector<HTMLButtonElement>('[data-action=advice]')!.click());
    const advice = await oneEvent(el, 'jc-advice-request');
    expect(advice.detail).to.deep.equal({ ruleId: 'diabetes-hba1c-persistent', patientId: both });
    expect(advice.bubbles && advice.composed).to.equal(true);
    setTimeout(() => card.querySelector<HTMLButtonElement>('[data-action=refer]')!.click());
    const refer = await oneEvent(el, 'jc-referral-request');
    expect(refer.detail).to.deep.equal({ ruleId: 'diabetes-hba1c-persistent', patientId: both });
  });

  it('dismisses with a required reason, remembered per patient and rule for the session', async () => {
    const el = await promptFor({ patientId: both });
    await loaded(el);
    const card = () => root(el).querySelector<HTMLElement>('[data-rule=diabetes-hba1c-persistent]')!;
    card().querySelector<HTMLButtonElement>('[data-action=dismiss]')!.click();
    await el.updateComplete;
    expect(card().querySelector('fieldset legend')!.textContent).to.contain('Why are you dismissing');
    expect(el.shadowRoot!.activeElement).to.equal(card().querySelector('input[name=reason]'));
    // no reason: not dismissed, an error says why
    card().querySelector('form')!.requestSubmit = HTMLFormElement.prototype.requestSubmit;
    card()
      .querySelector('form')!
      .dispatchEvent(new Event('submit', { cancelable: true }));
    await el.updateComplete;
    expect(card().querySelector('[role=alert]')!.textContent).to.contain('Choose a reason');
    await expect(el).to.be.accessible();
    // cancel keeps the prompt
    card().querySelector<HTMLButtonElement>('[data-action=cancel-dismiss]')!.click();
    await el.updateComplete;
    expect(card().querySelector('form')).to.equal(null);
    card().querySelector<HTMLButtonElement>('[data-action=dismiss]')!.click();
    await el.updateComplete;
    card().querySelector<HTMLInputElement>('input[value=declined]')!.click();
    card().querySelector<HTMLButtonElement>('[data-action=confirm-dismiss]')!.click();
    await el.updateComplete;
    expect(cards(el).map((c) => c.dataset.rule)).to.deep.equal(['ckd-egfr-rapid-decline']);
    expect(root(el).querySelector('[part=dismissed]')!.textContent).to.contain(
      'Dismissed for this session: HbA1c persistently high, no diabetes specialist contact (Patient declined).',
    );
    expect(text(el)).to.contain('Prompt dismissed.');
    await expect(el).to.be.accessible();

    // a new prompt for the same patient remembers it; another patient is not affected
    const again = await promptFor({ patientId: both });
    await loaded(again);
    expect(cards(again).map((c) => c.dataset.rule)).to.deep.equal(['ckd-egfr-rapid-decline']);
    const other = population.matching['diabetes-hba1c-persistent'].find((id) => id !== both)!;
    const otherEl = await promptFor({ patientId: other });
    await loaded(otherEl);
    expect(cards(otherEl).map((c) => c.dataset.rule)).to.include('diabetes-hba1c-persistent');

    // restore
    root(again).querySelector<HTMLButtonElement>('[part=dismissed] button')!.click();
    await again.updateComplete;
    expect(cards(again)).to.have.length(2);
    expect(text(again)).to.contain('Prompt restored.');
  });

  it('shows an invalid rule file with the rule and field, never a silent non-match', async () => {
    const bad = structuredClone(EXAMPLE_RULE_SET) as unknown as { rules: Array<{ criteria: Record<string, unknown> }> };
    bad.rules[0].criteria.treshold = 58;
    const url = URL.createObjectURL(new Blob([JSON.stringify(bad)], { type: 'application/json' }));
    const el = await promptFor({ patientId: both }, html`<jc-advice-prompt rules-src=${url}></jc-advice-prompt>`);
    await loaded(el);
    const error = root(el).querySelector('[part=error]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('Rule "diabetes-hba1c-persistent", field "criteria.treshold": unknown field');
    await expect(el).to.be.accessible();

    el.rulesSrc = URL.createObjectURL(new Blob(['{ not json'], { type: 'application/json' }));
    await until(() => text(el).includes('is not valid JSON'), 'JSON error');
    el.rulesSrc = '/no-such-rules.json';
    await until(() => text(el).includes('The rule file could not be loaded (HTTP 404)'), 'load error');
    el.rulesSrc = undefined;
    el.rules = { ...EXAMPLE_RULE_SET, rules: [EXAMPLE_RULE_SET.rules[1]] };
    await until(() => cards(el).length === 1, 'one card');
    expect(cards(el)[0].dataset.rule).to.equal('ckd-egfr-rapid-decline');
  });

  it('refuses a resource about another patient and shows a safety warning', async () => {
    const other = population.matching['diabetes-hba1c-persistent'].find((id) => id !== both)!;
    const theirs = server.list<Observation>('Observation').filter((o) => o.subject?.reference === `Patient/${other}`);
    server.addFault({
      match: (r) => r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient') === 'pop-00100',
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: theirs.map((resource) => ({ resource, search: { mode: 'match' } })),
      } satisfies Bundle,
    });
    const warnings: Event[] = [];
    const ctx = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${BASE} patient-id="pop-00100" .clock=${clock}
        ><jc-advice-prompt @jc-safety-warning=${(e: Event) => warnings.push(e)}></jc-advice-prompt
      ></jc-context>`,
    );
    const el = ctx.querySelector<Prompt>('jc-advice-prompt')!;
    await loaded(el);
    expect(cards(el)).to.have.length(0);
    expect(root(el).querySelector('[part=safety-warning]')!.textContent).to.contain('belonged to a different patient');
    expect(warnings.length).to.equal(theirs.length);
    expect((warnings[0] as CustomEvent).detail).to.deep.equal({ resourceType: 'Observation', id: theirs[0].id, reason: 'other-patient' });
    await expect(el).to.be.accessible();
  });

  it('shows an error with Retry when the record cannot be loaded', async () => {
    server.addFault({ match: '/Encounter', status: 500, times: 1 });
    const el = await promptFor({ patientId: both });
    await loaded(el);
    expect(root(el).querySelector('[part=error][role=alert]')).to.exist;
    await expect(el).to.be.accessible();
    root(el).querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
    await until(() => cards(el).length === 2, 'cards after retry');
  });
});
