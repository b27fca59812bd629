import { expect, fixture, html } from '@open-wc/testing';
import type { Bundle, Observation } from 'fhir/r4.js';
import { http, HttpResponse } from 'msw';
import type { FhirFixtureServer } from '@joinedcare/fixtures/msw.js';
import { FhirFixtureServer as Server, createFhirHandlers, startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import type { JcContext } from '@joinedcare/core';
import '@joinedcare/advice-panel/define.js';
import { EXAMPLE_RULE_SET, parseRuleSet, resetDismissedPrompts, type JcAdvicePrompt } from '../src/index.js';
import { discoveryDocument, handleHook, prefetchTemplates } from '../src/cds/service.js';
import { BASE, clock, cleanServer, fixtureServer, now, threeSeverityRuleSet } from './support.js';
import { PromptHarness, squash } from './harness.js';
import type { FinderPopulation } from './population/index.js';

const DECLINE = 'ckd-egfr-rapid-decline';
const KFRE = 'ckd-kfre-5-year-risk';
const HBA1C = 'diabetes-hba1c-persistent';
const blobUrl = (text: string) => URL.createObjectURL(new Blob([text], { type: 'application/json' }));
const SERVICE = '/cds/cds-services/joinedcare-specialist-prompts';

describe('<jc-advice-prompt>', () => {
  let server: FhirFixtureServer;
  let population: FinderPopulation;
  const first = (slot: string) => population.bySlot[slot][0];
  before(async () => {
    ({ server, population } = await fixtureServer());
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
    const service = await PromptHarness.mount(
      { patientId: first('decline-match') },
      html`<jc-advice-prompt cds-service=${SERVICE}></jc-advice-prompt>`,
    );
    expect(service.text('[part=not-configured]')).to.contain('cds-user-id');
  });

  it('shows loading, then a CDS Hooks style card per matching rule', async () => {
    const held = server.hold();
    const p = await PromptHarness.mount({ patientId: first('decline-old-referral') }, undefined, { wait: false });
    await held.arrived;
    expect(p.has('[part=loading][role=status]')).to.equal(true);
    await expect(p.el).to.be.accessible();
    held.release();
    await p.settled();
    expect(p.ruleIds()).to.deep.equal([DECLINE]);
    expect(p.cardText(DECLINE, 'summary')).to.equal(
      'eGFR falling by 15 mL/min/1.73m2 or more a year: NICE NG203 says refer for specialist assessment',
    );
    expect(p.cardText(DECLINE, 'indicator')).to.equal('Warning');
    expect(p.card(DECLINE).querySelector('[part=indicator] svg')!.getAttribute('aria-hidden')).to.equal('true');
    const link = p.card(DECLINE).querySelector<HTMLAnchorElement>('[part=source] a')!;
    expect(link.href).to.equal('https://www.nice.org.uk/guidance/ng203');
    expect(link.rel).to.contain('noopener');
    expect(link.textContent).to.contain('NICE NG203: Chronic kidney disease, recommendation 1.5.5');
    expect(p.cardText(DECLINE, 'links')).to.equal('See also: NG203 recommendations');
    expect(p.detailLines(DECLINE)).to.deep.equal([
      'eGFR: 4 CKD-EPI results over 380 days, from 70 mL/min/1.73m2 on 18-Oct-2025 to 48 mL/min/1.73m2 on 02-Nov-2026: −21.2 mL/min/1.73m2 a year (least-squares trend)',
      'Aged 55',
      'no kidney specialist contact (referral, advice, attendance or episode of care) in the last 12 months',
      'earlier kidney specialist contact: Referral (completed) 01-Apr-2025',
    ]);
    expect(p.text()).to.contain('Checked against 7 rules on 22-Nov-2026.');
    expect(p.text()).to.contain('These rules are examples for an organisation to review and adopt');
    expect(p.text()).not.to.match(/undefined|null|NaN|\[object Object\]|Invalid Date/);
    await expect(p.el).to.be.accessible();
  });

  it('shows a KFRE risk as "5-year risk 12.9% (KFRE, 4-variable)" with its calibration, inputs and their dates', async () => {
    const p = await PromptHarness.mount({ patientId: first('kfre-match-a') });
    expect(p.ruleIds()).to.deep.equal([KFRE]);
    expect(p.detailLines(KFRE)[0]).to.equal(
      '5-year risk 12.9% (KFRE, 4-variable; non-North American calibration), from age 62, male, eGFR 35 mL/min/1.73m2 on 23-Oct-2026 and ACR 40 mg/mmol on 18-Oct-2026',
    );
  });

  it('labels the NG28 HbA1c threshold as local, not a NICE referral criterion', async () => {
    const p = await PromptHarness.mount({ patientId: first('hba1c-match') });
    expect(p.ruleIds()).to.deep.equal([HBA1C]);
    expect(p.cardText(HBA1C, 'summary')).to.contain('consider specialist diabetes advice (local threshold)');
    expect(p.detailLines(HBA1C)[0]).to.equal(
      'Local threshold: set by the organisation that adopted these rules, not a NICE referral criterion.',
    );
    expect(p.detailLines(HBA1C)[1]).to.match(
      /^HbA1c 84 mmol\/mol on \d{2}-Oct-2026, 80 mmol\/mol on \d{2}-Jun-2026 in the last 12 months$/,
    );
  });

  it('lists what could not be checked and why, and never says "no prompts" as if everything was checked', async () => {
    const p = await PromptHarness.mount({ patientId: first('kfre-no-acr') });
    expect(p.cards()).to.have.length(0);
    expect(p.text('[part=empty]')).to.equal('No specialist input prompts for this patient from the rules that could be checked.');
    expect(p.notChecked()).to.deep.equal([
      'Kidney failure risk (KFRE) above 5% in 5 years, no kidney specialist contact: no ACR result in the last 12 months',
    ]);
    await expect(p.el).to.be.accessible();
    const noBirth = await PromptHarness.mount({ patientId: first('hba1c-no-birth-date') });
    expect(noBirth.notChecked()[0]).to.contain('age not known (no full date of birth recorded)');
  });

  it('orders the cards critical, then warning, then info (issue 18), whatever the order of the rules', async () => {
    const rules = threeSeverityRuleSet(EXAMPLE_RULE_SET);
    const p = await PromptHarness.mount({ patientId: first('decline-match') }, html`<jc-advice-prompt .rules=${rules}></jc-advice-prompt>`);
    expect(p.ruleIds()).to.deep.equal(['decline-critical', 'decline-warning', 'decline-info']);
    expect(p.cards().map((c) => squash(c.querySelector('[part=indicator]')?.textContent))).to.deep.equal(['Critical', 'Warning', 'Info']);
    await expect(p.el).to.be.accessible();
  });

  it('shows no card when specialist contact excludes the patient: an e-RS referral, a clinic attendance, an episode of care', async () => {
    for (const slot of ['decline-excl-ers', 'decline-excl-clinic', 'decline-excl-episode', 'hba1c-excl-advice']) {
      const p = await PromptHarness.mount({ patientId: first(slot) });
      expect(p.cards(), slot).to.have.length(0);
      expect(p.text('[part=empty]'), slot).to.equal('No specialist input prompts for this patient.');
      expect(p.has('[part=safety-warning]'), slot).to.equal(false);
    }
  });

  it('shows no card for the traps: an AKI spike, mixed eGFR equations, a child', async () => {
    for (const slot of ['aki-spike', 'aki-coded', 'mixed-equations', 'child']) {
      const p = await PromptHarness.mount({ patientId: first(slot) });
      expect(p.cards(), slot).to.have.length(0);
    }
  });

  it('shows no card when a recent referral excludes the patient (persona a) and finds the patient by NHS number', async () => {
    const { personas } = await fixtureServer();
    const p = await PromptHarness.mount({ nhsNumber: personas.personas.a.nhsNumber });
    expect(p.cards()).to.have.length(0);
    expect(p.text('[part=empty]')).to.contain('No specialist input prompts for this patient.');
    expect(p.has('[part=safety-warning]')).to.equal(false);
    const patient = population.patients.find((x) => x.id === first('decline-match'))!;
    const byNumber = await PromptHarness.mount({ nhsNumber: patient.identifier![0].value });
    expect(byNumber.ruleIds()).to.deep.equal([DECLINE]);
  });

  it('fires advice and referral requests with ids only', async () => {
    const id = first('decline-match');
    const p = await PromptHarness.mount({ patientId: id });
    const advice = await p.act(DECLINE, 'advice');
    expect(advice.detail).to.deep.equal({ ruleId: DECLINE, patientId: id });
    expect(advice.bubbles && advice.composed).to.equal(true);
    expect((await p.act(DECLINE, 'refer')).detail).to.deep.equal({ ruleId: DECLINE, patientId: id });
  });

  it('dismisses with a required reason, remembered per patient and rule for the session', async () => {
    const [id, otherId] = population.bySlot['decline-match'];
    const p = await PromptHarness.mount({ patientId: id });
    await p.openDismiss(DECLINE);
    expect(squash(p.dismissForm(DECLINE)!.querySelector('legend')!.textContent)).to.contain('Why are you dismissing');
    expect(p.focused).to.equal(p.card(DECLINE).querySelector('input[name=reason]'));
    await p.submitDismiss(DECLINE);
    expect(squash(p.card(DECLINE).querySelector('[role=alert]')!.textContent)).to.contain('Choose a reason');
    await expect(p.el).to.be.accessible();
    await p.cancelDismiss(DECLINE);
    expect(p.dismissForm(DECLINE)).to.equal(null);
    expect(p.focused).to.equal(p.card(DECLINE).querySelector('[data-action=dismiss]'));
    await p.openDismiss(DECLINE);
    await p.keyInDismiss(DECLINE, 'Escape');
    expect(p.dismissForm(DECLINE)).to.equal(null);
    await p.dismiss(DECLINE, 'declined');
    expect(p.ruleIds()).to.deep.equal([]);
    expect(p.dismissed()).to.deep.equal([
      'Dismissed for this session: eGFR falling by 15 or more a year, no kidney specialist contact (Patient declined).',
    ]);
    expect(p.text()).to.contain('Prompt dismissed.');
    expect(p.focused).to.equal(p.$(`[data-restore="${DECLINE}"]`));
    await expect(p.el).to.be.accessible();
    const again = await PromptHarness.mount({ patientId: id });
    expect(again.ruleIds()).to.deep.equal([]);
    expect((await PromptHarness.mount({ patientId: otherId })).ruleIds()).to.deep.equal([DECLINE]);
    await again.restore(DECLINE);
    expect(again.ruleIds()).to.deep.equal([DECLINE]);
    expect(again.text()).to.contain('Prompt restored.');
    expect(again.focused).to.equal(again.card(DECLINE).querySelector('[data-action=dismiss]'));
  });

  it('keeps a dismissal per server, patient and user: the same patient id on another server, or another user, still sees the card', async () => {
    const id = first('decline-match');
    const second = new Server({ baseUrl: '/finder-fhir-b' });
    for (const r of population.resources)
      if (r.id === id || JSON.stringify(r).includes(`Patient/${id}"`)) second.put(r, { preserveLastUpdated: true });
    await startFixtureWorker(server, { handlers: createFhirHandlers(second) });
    try {
      const p = await PromptHarness.mount({ patientId: id, userKey: 'dr-a' });
      await p.dismiss(DECLINE, 'already');
      expect((await PromptHarness.mount({ patientId: id, userKey: 'dr-a' })).ruleIds(), 'same server, patient and user').to.deep.equal([]);
      expect(
        (await PromptHarness.mount({ patientId: id, userKey: 'dr-a', base: '/finder-fhir-b' })).ruleIds(),
        'another server',
      ).to.deep.equal([DECLINE]);
      expect((await PromptHarness.mount({ patientId: id, userKey: 'dr-b' })).ruleIds(), 'another user').to.deep.equal([DECLINE]);
    } finally {
      await startFixtureWorker(server);
    }
  });

  it('closes an open dismiss form when the patient changes', async () => {
    const [id, otherId] = population.bySlot['decline-match'];
    const p = await PromptHarness.mount({ patientId: id });
    await p.openDismiss(DECLINE);
    await p.switchPatient(otherId);
    expect(p.ruleIds()).to.include(DECLINE);
    expect(p.dismissForm(DECLINE), 'no form carried over to the next patient').to.equal(null);
  });

  it('shows an invalid rule file with the rule and field, never a silent non-match', async () => {
    const bad = structuredClone(EXAMPLE_RULE_SET) as unknown as { rules: Array<{ criteria: Record<string, unknown> }> };
    bad.rules[3].criteria.treshold = 58;
    const p = await PromptHarness.mount(
      { patientId: first('decline-match') },
      html`<jc-advice-prompt rules-src=${blobUrl(JSON.stringify(bad))}></jc-advice-prompt>`,
    );
    const error = p.$('[part=error]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(squash(error.textContent)).to.contain('Rule "ckd-egfr-rapid-decline", field "criteria.treshold": unknown field');
    await expect(p.el).to.be.accessible();
    p.el.rulesSrc = blobUrl('{ not json');
    await p.settled();
    expect(p.text()).to.contain('is not valid JSON');
    p.el.rulesSrc = '/no-such-rules.json';
    await p.settled();
    expect(p.text()).to.contain('The rule file could not be loaded (HTTP 404)');
    p.el.rulesSrc = undefined;
    p.el.rules = { ...EXAMPLE_RULE_SET, rules: [EXAMPLE_RULE_SET.rules[3]] };
    await p.settled();
    expect(p.ruleIds()).to.deep.equal([DECLINE]);
  });

  it('refuses a resource about another patient and shows a safety warning', async () => {
    const victim = first('healthy');
    const theirs = server.list<Observation>('Observation').filter((o) => o.subject?.reference === `Patient/${first('decline-match')}`);
    server.addFault({
      match: (r) => r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient') === victim,
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: theirs.map((resource) => ({ resource, search: { mode: 'match' } })),
      } satisfies Bundle,
    });
    const warnings: Event[] = [];
    const p = await PromptHarness.mount(
      { patientId: victim },
      html`<jc-advice-prompt @jc-safety-warning=${(e: Event) => warnings.push(e)}></jc-advice-prompt>`,
    );
    expect(p.cards()).to.have.length(0);
    expect(p.text('[part=safety-warning]')).to.contain('belonged to a different patient');
    expect(warnings.length).to.equal(theirs.length);
    expect((warnings[0] as CustomEvent).detail).to.deep.equal({ resourceType: 'Observation', id: theirs[0].id, reason: 'other-patient' });
    await expect(p.el).to.be.accessible();
  });

  it('shows an error with Retry when the record cannot be loaded', async () => {
    server.addFault({ match: '/EpisodeOfCare', status: 500, times: 1 });
    const p = await PromptHarness.mount({ patientId: first('decline-match') });
    expect(p.has('[part=error][role=alert]')).to.equal(true);
    await expect(p.el).to.be.accessible();
    await p.retry();
    expect(p.ruleIds()).to.deep.equal([DECLINE]);
  });

  it('names its own data in an error on a page with <jc-advice-panel> (the two once shared a string key)', async () => {
    server.addFault({ status: 500 });
    const ctx = await fixture<JcContext>(
      html`<jc-context fhir-base-url=${BASE} patient-id=${first('decline-match')} .clock=${clock}
        ><jc-advice-panel></jc-advice-panel><jc-advice-prompt></jc-advice-prompt
      ></jc-context>`,
    );
    const panel = ctx.querySelector<HTMLElement & { updateComplete: Promise<boolean> }>('jc-advice-panel')!;
    const p = await new PromptHarness(ctx.querySelector<JcAdvicePrompt>('jc-advice-prompt')!).settled();
    await panel.updateComplete;
    expect(p.text('[part=error]')).to.contain('Could not load specialist input prompts');
    expect(squash(panel.shadowRoot!.querySelector('[part=error]')?.textContent)).to.contain('advice and guidance conversations');
  });

  describe('cards from a CDS Hooks service (cds-service)', () => {
    const exampleRules = parseRuleSet(EXAMPLE_RULE_SET);
    let ruleSet = exampleRules;
    let requests: Array<Record<string, unknown>> = [];
    let failWith: number | undefined;
    /** Whether the service sends its cards info first, then warning, then critical. */
    let infoFirst = false;
    const rank = (c: unknown) => ['info', 'warning', 'critical'].indexOf((c as { indicator: string }).indicator);
    const serviceHandlers = [
      http.get('/cds/cds-services', () => HttpResponse.json(discoveryDocument({ ruleSet, now: () => now }).body)),
      http.post(SERVICE, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        requests.push(body);
        if (failWith) return HttpResponse.json({ error: 'down' }, { status: failWith });
        const answer = await handleHook(body, { ruleSet, now: () => now });
        const out = answer.body as { cards?: unknown[] };
        if (infoFirst && out.cards) out.cards.sort((a, b) => rank(a) - rank(b));
        return HttpResponse.json(out, { status: answer.status });
      }),
    ];
    before(() => startFixtureWorker(server, { handlers: serviceHandlers }));
    after(() => startFixtureWorker(server));
    afterEach(() => {
      requests = [];
      failWith = undefined;
      infoFirst = false;
      ruleSet = exampleRules;
    });
    const viaService = html`<jc-advice-prompt cds-service=${SERVICE} cds-user-id="Practitioner/gp-1"></jc-advice-prompt>`;

    it('takes the cards from the service instead of checking in the browser: the same cards, evidence and links', async () => {
      for (const slot of ['decline-old-referral', 'kfre-match-a', 'hba1c-match', 'copd-cor', 'kfre-no-acr']) {
        const local = await PromptHarness.mount({ patientId: first(slot) });
        const remote = await PromptHarness.mount({ patientId: first(slot) }, viaService);
        expect(remote.ruleIds(), slot).to.deep.equal(local.ruleIds());
        for (const id of local.ruleIds()) expect(remote.cardContent(id), `${slot} ${id}`).to.deep.equal(local.cardContent(id));
        expect(remote.notChecked(), slot).to.deep.equal(local.notChecked());
      }
      const p = await PromptHarness.mount({ patientId: first('decline-match') }, viaService);
      expect(p.text()).to.match(/Checked by the specialist input service at http:\/\/[^ ]+ on 22-Nov-2026\./);
      await expect(p.el).to.be.accessible();
    });

    it('sends a CDS Hooks patient-view request with the prefetch it asked for, the patient guard applied', async () => {
      const id = first('decline-match');
      const intruder = server.list<Observation>('Observation').filter((o) => o.subject?.reference === `Patient/${first('hba1c-match')}`);
      server.addFault({
        match: (r) => r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient') === id,
        status: 200,
        body: {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [...server.list<Observation>('Observation').filter((o) => o.subject?.reference === `Patient/${id}`), ...intruder].map(
            (resource) => ({ resource }),
          ),
        },
      });
      const p = await PromptHarness.mount({ patientId: id }, viaService);
      expect(p.ruleIds()).to.deep.equal([DECLINE]);
      expect(p.has('[part=safety-warning]')).to.equal(true);
      expect(requests).to.have.length(1);
      const body = requests[0];
      expect(body).to.deep.include({ hook: 'patient-view', context: { userId: 'Practitioner/gp-1', patientId: id } });
      expect(body['hookInstance']).to.match(/^[0-9a-f-]{36}$/);
      expect(body['fhirServer']).to.equal(new URL(BASE, location.href).href);
      const prefetch = body['prefetch'] as Record<string, { resourceType: string; entry?: Array<{ resource: { id: string } }> }>;
      expect(Object.keys(prefetch)).to.have.members(Object.keys(prefetchTemplates(ruleSet)));
      const sent = JSON.stringify(prefetch);
      for (const o of intruder) expect(sent, 'another patient’s result was never sent').not.to.contain(o.id);
    });

    it('shows a service’s cards critical, then warning, then info, in whatever order it sends them', async () => {
      ruleSet = parseRuleSet(threeSeverityRuleSet(EXAMPLE_RULE_SET));
      infoFirst = true;
      const p = await PromptHarness.mount({ patientId: first('decline-match') }, viaService);
      expect(p.ruleIds()).to.deep.equal(['decline-critical', 'decline-warning', 'decline-info']);
    });

    it('a service that fails shows an error with Retry, never an empty prompt', async () => {
      failWith = 500;
      const p = await PromptHarness.mount({ patientId: first('decline-match') }, viaService);
      expect(p.text('[part=error]')).to.contain('The specialist input service did not answer as expected (service: HTTP 500).');
      await expect(p.el).to.be.accessible();
      failWith = undefined;
      await p.retry();
      expect(p.ruleIds()).to.deep.equal([DECLINE]);
    });
  });
});
