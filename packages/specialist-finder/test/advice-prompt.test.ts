import { expect, fixture, html } from '@open-wc/testing';
import type { Bundle, Observation } from 'fhir/r4.js';
import { type Population } from '@joinedcare/fixtures';
import type { FhirFixtureServer } from '@joinedcare/fixtures/msw.js';
import type { JcContext } from '@joinedcare/core';
import '@joinedcare/advice-panel/define.js';
import { EXAMPLE_RULE_SET, resetDismissedPrompts, type JcAdvicePrompt } from '../src/index.js';
import { BASE, clock, cleanServer, fixtureServer } from './support.js';
import { PromptHarness, squash } from './harness.js';

const HBA1C = 'diabetes-hba1c-persistent';
const EGFR = 'ckd-egfr-rapid-decline';
const blobUrl = (text: string) => URL.createObjectURL(new Blob([text], { type: 'application/json' }));

describe('<jc-advice-prompt>', () => {
  let server: FhirFixtureServer;
  let population: Population;
  let both: string; // matches the HbA1c and the eGFR rule
  before(async () => {
    ({ server, population } = await fixtureServer());
    both = population.matching[EGFR].find((id) => population.matching[HBA1C].includes(id))!;
  });
  afterEach(() => {
    cleanServer(server);
    resetDismissedPrompts();
  });

  it('says what is missing when not configured', async () => {
    const el = await fixture<JcAdvicePrompt>(html`<jc-advice-prompt></jc-advice-prompt>`);
    const p = new PromptHarness(el);
    expect(p.has('[part=not-configured]')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows loading, then a CDS Hooks style card per matching rule', async () => {
    const held = server.hold();
    const p = await PromptHarness.mount({ patientId: both }, undefined, { wait: false });
    await held.arrived;
    expect(p.has('[part=loading][role=status]')).to.equal(true);
    await expect(p.el).to.be.accessible();
    held.release();
    await p.settled();
    expect(p.ruleIds()).to.deep.equal([HBA1C, EGFR]);
    expect(p.cardText(HBA1C, 'summary').length).to.be.below(140);
    expect(p.cardText(HBA1C, 'indicator')).to.equal('Warning');
    expect(p.card(HBA1C).querySelector('[part=indicator] svg')!.getAttribute('aria-hidden')).to.equal('true');
    const link = p.card(HBA1C).querySelector<HTMLAnchorElement>('[part=source] a')!;
    expect(link.href).to.equal('https://www.nice.org.uk/guidance/ng28');
    expect(link.rel).to.contain('noopener');
    expect(link.textContent).to.contain('NICE NG28');
    expect(p.cardText(HBA1C, 'detail')).to.match(
      /^HbA1c \d+ mmol\/mol on \d{2}-[A-Z][a-z]{2}-2026, \d+ mmol\/mol on \d{2}-[A-Z][a-z]{2}-20\d\d in the last 12 months; no diabetes referral or advice request in the last 12 months$/,
    );
    expect(p.cardText(EGFR, 'detail')).to.match(/^eGFR from \d+ mL\/min\/1.73m2 on .* to \d+ .*: −\d+(\.\d)? mL\/min\/1.73m2 per year/);
    expect(p.text()).to.contain('Checked against 3 rules on 22-Nov-2026.');
    expect(p.text()).to.contain('These rules are examples for an organisation to review and adopt. They are not clinical advice.');
    expect(p.text()).not.to.match(/undefined|null|NaN|\[object Object\]|Invalid Date/);
    await expect(p.el).to.be.accessible();
  });

  it('shows no card when a recent referral excludes the patient (persona a) and finds the patient by NHS number', async () => {
    const { personas } = await fixtureServer();
    const p = await PromptHarness.mount({ nhsNumber: personas.personas.a.nhsNumber });
    expect(p.cards()).to.have.length(0);
    expect(p.text('[part=empty]')).to.contain('No specialist input prompts for this patient.');
    // no card because the referral excludes it, not because the records were refused
    expect(p.has('[part=safety-warning]')).to.equal(false);
    await expect(p.el).to.be.accessible();
  });

  it('with only an NHS number in context, finds the patient and shows the same cards as by id', async () => {
    const patient = population.patients.find((x) => x.id === both)!;
    const nhs = patient.identifier!.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')!.value!;
    const p = await PromptHarness.mount({ nhsNumber: nhs });
    expect(p.has('[part=safety-warning]')).to.equal(false);
    expect(p.ruleIds()).to.deep.equal([HBA1C, EGFR]);
  });

  it('fires advice and referral requests with ids only', async () => {
    const p = await PromptHarness.mount({ patientId: both });
    const advice = await p.act(HBA1C, 'advice');
    expect(advice.detail).to.deep.equal({ ruleId: HBA1C, patientId: both });
    expect(advice.bubbles && advice.composed).to.equal(true);
    const refer = await p.act(HBA1C, 'refer');
    expect(refer.detail).to.deep.equal({ ruleId: HBA1C, patientId: both });
  });

  it('dismisses with a required reason, remembered per patient and rule for the session', async () => {
    const p = await PromptHarness.mount({ patientId: both });
    await p.openDismiss(HBA1C);
    expect(squash(p.dismissForm(HBA1C)!.querySelector('legend')!.textContent)).to.contain('Why are you dismissing');
    expect(p.focused).to.equal(p.card(HBA1C).querySelector('input[name=reason]'));
    // no reason: not dismissed, an error says why
    await p.submitDismiss(HBA1C);
    expect(squash(p.card(HBA1C).querySelector('[role=alert]')!.textContent)).to.contain('Choose a reason');
    expect(p.ruleIds()).to.include(HBA1C);
    await expect(p.el).to.be.accessible();
    // cancel keeps the prompt, and focus goes back to its Dismiss button
    await p.cancelDismiss(HBA1C);
    expect(p.dismissForm(HBA1C)).to.equal(null);
    expect(p.focused).to.equal(p.card(HBA1C).querySelector('[data-action=dismiss]'));
    // Escape closes the form like Cancel
    await p.openDismiss(HBA1C);
    await p.keyInDismiss(HBA1C, 'Escape');
    expect(p.dismissForm(HBA1C)).to.equal(null);
    await p.dismiss(HBA1C, 'declined');
    expect(p.ruleIds()).to.deep.equal([EGFR]);
    expect(p.dismissed()).to.deep.equal([
      'Dismissed for this session: HbA1c persistently high, no diabetes specialist contact (Patient declined).',
    ]);
    expect(p.text()).to.contain('Prompt dismissed.');
    expect(p.focused).to.equal(p.$(`[data-restore="${HBA1C}"]`));
    await expect(p.el).to.be.accessible();

    // a new prompt for the same patient remembers it; another patient is not affected
    const again = await PromptHarness.mount({ patientId: both });
    expect(again.ruleIds()).to.deep.equal([EGFR]);
    const other = population.matching[HBA1C].find((id) => id !== both)!;
    const otherPrompt = await PromptHarness.mount({ patientId: other });
    expect(otherPrompt.ruleIds()).to.include(HBA1C);

    // restore
    await again.restore(HBA1C);
    expect(again.ruleIds()).to.deep.equal([HBA1C, EGFR]);
    expect(again.text()).to.contain('Prompt restored.');
    expect(again.focused).to.equal(again.card(HBA1C).querySelector('[data-action=dismiss]'));
  });

  it('closes an open dismiss form when the patient changes', async () => {
    const other = population.matching[HBA1C].find((id) => id !== both)!;
    const p = await PromptHarness.mount({ patientId: both });
    await p.openDismiss(HBA1C);
    await p.switchPatient(other);
    expect(p.ruleIds()).to.include(HBA1C);
    expect(p.dismissForm(HBA1C), 'no form carried over to the next patient').to.equal(null);
  });

  it('shows an invalid rule file with the rule and field, never a silent non-match', async () => {
    const bad = structuredClone(EXAMPLE_RULE_SET) as unknown as { rules: Array<{ criteria: Record<string, unknown> }> };
    bad.rules[0].criteria.treshold = 58;
    const p = await PromptHarness.mount(
      { patientId: both },
      html`<jc-advice-prompt rules-src=${blobUrl(JSON.stringify(bad))}></jc-advice-prompt>`,
    );
    const error = p.$('[part=error]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(squash(error.textContent)).to.contain('Rule "diabetes-hba1c-persistent", field "criteria.treshold": unknown field');
    await expect(p.el).to.be.accessible();

    p.el.rulesSrc = blobUrl('{ not json');
    await p.settled();
    expect(p.text()).to.contain('is not valid JSON');
    p.el.rulesSrc = '/no-such-rules.json';
    await p.settled();
    expect(p.text()).to.contain('The rule file could not be loaded (HTTP 404)');
    p.el.rulesSrc = undefined;
    p.el.rules = { ...EXAMPLE_RULE_SET, rules: [EXAMPLE_RULE_SET.rules[1]] };
    await p.settled();
    expect(p.ruleIds()).to.deep.equal([EGFR]);
  });

  it('refuses a resource about another patient and shows a safety warning', async () => {
    const other = population.matching[HBA1C].find((id) => id !== both)!;
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
    const p = await PromptHarness.mount(
      { patientId: 'pop-00100' },
      html`<jc-advice-prompt @jc-safety-warning=${(e: Event) => warnings.push(e)}></jc-advice-prompt>`,
    );
    expect(p.cards()).to.have.length(0);
    expect(p.text('[part=safety-warning]')).to.contain('belonged to a different patient');
    expect(warnings.length).to.equal(theirs.length);
    expect((warnings[0] as CustomEvent).detail).to.deep.equal({ resourceType: 'Observation', id: theirs[0].id, reason: 'other-patient' });
    await expect(p.el).to.be.accessible();
  });

  it('shows an error with Retry when the record cannot be loaded', async () => {
    server.addFault({ match: '/Encounter', status: 500, times: 1 });
    const p = await PromptHarness.mount({ patientId: both });
    expect(p.has('[part=error][role=alert]')).to.equal(true);
    await expect(p.el).to.be.accessible();
    await p.retry();
    expect(p.ruleIds()).to.deep.equal([HBA1C, EGFR]);
  });

  it('names its own data in an error on a page with <jc-advice-panel> (the two once shared a string key)', async () => {
    server.addFault({ status: 500 });
    const ctx = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${BASE} patient-id=${both} .clock=${clock}
        ><jc-advice-panel></jc-advice-panel><jc-advice-prompt></jc-advice-prompt
      ></jc-context>`,
    );
    const panel = ctx.querySelector<HTMLElement & { updateComplete: Promise<boolean> }>('jc-advice-panel')!;
    const p = await new PromptHarness(ctx.querySelector<JcAdvicePrompt>('jc-advice-prompt')!).settled();
    await panel.updateComplete;
    expect(p.text('[part=error]')).to.contain('Could not load specialist input prompts');
    expect(p.text()).not.to.contain('advice and guidance');
    // both catalogues are on the page: the panel names its own data
    expect(squash(panel.shadowRoot!.querySelector('[part=error]')?.textContent)).to.contain('advice and guidance conversations');
  });
});
