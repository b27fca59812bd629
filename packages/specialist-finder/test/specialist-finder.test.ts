import { expect, html } from '@open-wc/testing';
import type { Bundle, FhirResource, Group, Patient } from 'fhir/r4.js';
import { http, HttpResponse } from 'msw';
import type { FhirFixtureServer } from '@joinedcare/fixtures/msw.js';
import { startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { FetchFhirClient } from '@joinedcare/core';
import { EXAMPLE_RULE_SET, PRACTICE_MAX_PAGES } from '../src/index.js';
import { BASE, SIZE, cleanServer, clock, fixtureServer } from './support.js';
import { FinderHarness } from './harness.js';
import { FINDER_EXPECTED, FINDER_PRACTICE, RULE_IDS, type FinderPopulation } from './population/index.js';

const CYCLES = SIZE / 100;
/** Findings per rule in the population (every matching patient matches one rule). */
const EXPECTED = Object.fromEntries(RULE_IDS.map((r) => [r, FINDER_EXPECTED[r].match * CYCLES]));
const FINDINGS = Object.values(EXPECTED).reduce((a, b) => a + b, 0);
const REGISTERED = SIZE - CYCLES; // one patient per 100 is registered with another practice

/** Holds the Observation search of the chunk of patients that starts at `index` (chunks of 50). */
const chunkAt = (population: FinderPopulation, index: number) => (r: { url: URL }) =>
  r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient')?.split(',')[0] === population.registered[index];

describe('<jc-specialist-finder>', () => {
  let server: FhirFixtureServer;
  let population: FinderPopulation;
  before(async () => {
    ({ server, population } = await fixtureServer());
  });
  afterEach(() => cleanServer(server));
  const inGroup = (pageSize = 25) =>
    html`<jc-specialist-finder group-id=${population.group.id} page-size=${pageSize}></jc-specialist-finder>`;
  const inPractice = () => html`<jc-specialist-finder ods-code=${FINDER_PRACTICE.ods} page-size="100"></jc-specialist-finder>`;

  it('says what is missing when not configured', async () => {
    const alone = await FinderHarness.run(html`<jc-specialist-finder></jc-specialist-finder>`, { context: false });
    expect(alone.has('[part=not-configured]')).to.equal(true);
    expect(alone.text()).to.contain('a population (ods-code, group-id or patients)');
    await expect(alone.el).to.be.accessible();
    const noPopulation = await FinderHarness.run(html`<jc-specialist-finder></jc-specialist-finder>`);
    expect(noPopulation.text()).to.contain('Missing: a population');
  });

  it('a server that rejects the practice-wide search (400) ends in a visible state, not a hang', async () => {
    server.addFault({ match: (r) => r.url.pathname.endsWith('/Observation') || r.url.pathname.endsWith('/Condition'), status: 400 });
    const f = await FinderHarness.run(inPractice());
    expect(f.has('[part=error], [part=partial]')).to.equal(true);
    expect(f.has('[part=progress]')).to.equal(false);
    expect(f.text()).not.to.contain('No patients match');
    await expect(f.el).to.be.accessible();
  });

  it('finds exactly the expected patients of a practice (ODS code), over HTTP, and counts those it could not check', async () => {
    const f = await FinderHarness.run(inPractice());
    expect(f.countByRule()).to.deep.equal(EXPECTED);
    expect(f.text()).to.contain(`${FINDINGS} findings for ${FINDINGS} patients out of ${REGISTERED} checked`);
    const notChecked = f.text('[part=not-checked]');
    expect(notChecked).to.contain(`${6 * CYCLES} patients could not be checked against one or more rules`);
    expect(notChecked).to.contain(
      `Kidney failure risk (KFRE) above 5% in 5 years, no kidney specialist contact: ${3 * CYCLES} patients (no ACR result in the last 12 months: ${2 * CYCLES}; sex not recorded as male or female (the KFRE needs it): ${CYCLES})`,
    );
    expect(notChecked).to.contain(
      `HbA1c 75 mmol/mol or more twice running, no diabetes specialist contact (local threshold): ${2 * CYCLES} patients`,
    );
    expect(f.has('[part=elsewhere]')).to.equal(false);
    // efficient: practice-wide searches with the chained practice filter and _include of the patient
    const urls = server.requests.map((r) => decodeURIComponent(r.url));
    for (const type of ['Observation', 'Condition']) {
      expect(
        urls.some(
          (u) =>
            u.includes(`${type}?`) &&
            u.includes(`patient.general-practitioner=Organization/${FINDER_PRACTICE.id}`) &&
            u.includes(`_include=${type}:patient`),
        ),
        type,
      ).to.equal(true);
    }
    expect(urls.filter((u) => u.includes('/Patient?')).length).to.be.at.most(2);
    await expect(f.el).to.be.accessible();
  });

  it('checks Patient.generalPractitioner of every patient listed: a server that ignores the chained search lists other practices’ patients, who are left out', async () => {
    const everyone = (type: string): Bundle => ({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        ...population.resources
          .filter((r) => r.resourceType === type)
          .map((resource) => ({ resource: resource as FhirResource, search: { mode: 'match' as const } })),
        ...population.patients.map((resource) => ({ resource, search: { mode: 'include' as const } })),
      ],
    });
    for (const type of ['Observation', 'Condition']) {
      server.addFault({
        match: (r) => r.url.pathname.endsWith(`/${type}`) && r.url.searchParams.has('patient.general-practitioner'),
        status: 200,
        body: everyone(type),
      });
    }
    const f = await FinderHarness.run(inPractice());
    expect(f.countByRule()).to.deep.equal(EXPECTED);
    expect(f.text('[part=elsewhere]')).to.equal(
      `${CYCLES} patients the server listed are registered with another practice and were left out.`,
    );
    const shown = f.rows().map((r) => r.dataset['patient']);
    for (const id of population.bySlot['elsewhere']) expect(shown).not.to.include(id);
  });

  it('a next-link loop cannot make thousands of requests: the practice-wide search stops at its page cap and says the check is incomplete', async () => {
    let pages = 0;
    const loop = http.get(
      (info) =>
        new URL(info.request.url).pathname.endsWith(`${BASE}/Observation`) &&
        new URL(info.request.url).searchParams.has('patient.general-practitioner'),
      ({ request }) => {
        pages++;
        const next = new URL(request.url);
        next.searchParams.set('_page', String(pages + 1));
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [], link: [{ relation: 'next', url: next.href }] });
      },
    );
    await startFixtureWorker(server, { handlers: [loop] });
    try {
      const f = await FinderHarness.run(inPractice());
      expect(pages).to.equal(PRACTICE_MAX_PAGES);
      expect(f.text('[part=partial]')).to.contain('Part of the practice could not be searched');
    } finally {
      await startFixtureWorker(server);
    }
  });

  it('finds the same patients from a Group, showing progress in patients', async () => {
    const held = server.hold(chunkAt(population, 50));
    const f = await FinderHarness.run(inGroup(), { wait: false });
    await held.arrived;
    expect(f.text('[part=progress] [role=status]')).to.equal(`Checked 50 of ${REGISTERED} patients`);
    expect(f.$<HTMLProgressElement>('progress')!.max).to.equal(REGISTERED);
    await expect(f.el).to.be.accessible();
    held.release();
    await f.settled();
    expect(f.has('[part=progress]')).to.equal(false);
    expect(f.countByRule()).to.deep.equal(EXPECTED);
  });

  it("counts Group members given as versioned or absolute same-server references, not another server's", async () => {
    const young = population.bySlot['copd-young'];
    const base = new URL(BASE, location.href).href;
    const group: Group = {
      resourceType: 'Group',
      id: 'finder-reference-forms',
      type: 'person',
      actual: true,
      member: [
        ...young.map((id, i) => ({ entity: { reference: i % 2 ? `${base}/Patient/${id}` : `Patient/${id}/_history/1` } })),
        { entity: { reference: `https://elsewhere.example/fhir/Patient/${population.bySlot['copd-young-descendant'][0]}` } },
      ],
    };
    server.put(group);
    const f = await FinderHarness.run(html`<jc-specialist-finder group-id=${group.id}></jc-specialist-finder>`);
    expect(f.countByRule()).to.deep.equal({ 'copd-under-40': young.length });
    expect(f.text()).to.contain(`patients out of ${young.length} checked`);
  });

  it('checks the patients the host passes in (ids or Patient resources)', async () => {
    const ids = [...population.bySlot['copd-cor'], ...population.bySlot['healthy'].slice(0, 2)];
    const f = await FinderHarness.run(html`<jc-specialist-finder .patients=${ids}></jc-specialist-finder>`);
    expect(f.countByRule()).to.deep.equal({ 'copd-cor-pulmonale': population.bySlot['copd-cor'].length });
    f.el.patients = population.patients.filter((p) => population.bySlot['fall-match'].includes(p.id!));
    await f.settled();
    expect(f.countByRule()).to.deep.equal({ 'ckd-egfr-fall-25-percent': population.bySlot['fall-match'].length });
  });

  it('says so when nobody matches', async () => {
    const healthy = population.bySlot['healthy'].slice(0, 20);
    const f = await FinderHarness.run(html`<jc-specialist-finder .patients=${healthy}></jc-specialist-finder>`);
    expect(f.text('[part=empty]')).to.contain('No patients match the rules (20 patients checked)');
    expect(f.has('table')).to.equal(false);
    await expect(f.el).to.be.accessible();
    const unchecked = await FinderHarness.run(
      html`<jc-specialist-finder .patients=${population.bySlot['kfre-no-acr']}></jc-specialist-finder>`,
    );
    expect(unchecked.text('[part=empty]')).to.contain(
      `No patients match the rules (${2 * CYCLES} patients checked). ${2 * CYCLES} patients could not be checked`,
    );
  });

  it('shows a row per match with NHS number, name, age, rule, evidence and specialist contact', async () => {
    const f = await FinderHarness.run(inGroup(100));
    expect(f.text('caption')).to.contain(`${FINDINGS} findings`);
    const cells = f.cells(f.rows()[0]);
    expect(cells[0]).to.match(/^999 \d{3} \d{4}$/);
    expect(cells[1]).to.match(/^[A-Z' ]+, [A-Z][a-z]+ \((Mr|Ms)\)$/);
    expect(cells[2]).to.match(/^\d+y$/);
    expect(cells[4]).to.equal('Warning'); // sorted by severity: the example rules have no critical one
    expect(f.text()).not.to.match(/undefined|null|NaN|\[object Object\]|Invalid Date/);
    const old = f.rows().find((r) => r.dataset['rule'] === 'ckd-egfr-rapid-decline' && f.cells(r)[6].includes('Referral (completed)'));
    expect(old, 'row with an old referral').to.exist;
    expect(f.cells(old!)[5]).to.match(/^eGFR: 4 CKD-EPI results over 380 days/);
    expect(f.cells(old!)[7]).to.equal('01-Apr-2025');
    const kfre = f.rows().find((r) => r.dataset['rule'] === 'ckd-kfre-5-year-risk')!;
    expect(f.cells(kfre)[5]).to.match(/^5-year risk \d+(\.\d)?% \(KFRE, 4-variable; non-North American calibration\)/);
    expect(
      f.rows().find((r) => f.cells(r)[5].includes('recorded as 800 mg/g')),
      'ACR recorded in mg/g',
    ).to.exist;
  });

  it('sorts by column buttons with aria-sort, filters by rule and severity, and pages', async () => {
    const f = await FinderHarness.run(inGroup(10));
    const first = (column: number) => f.cells(f.rows()[0])[column];
    expect(f.sortOf('severity')).to.equal('descending');
    await f.sort('rule');
    expect(f.sortOf('rule')).to.equal('ascending');
    expect(first(3)).to.contain('COPD in a person under 40');
    await f.sort('rule');
    expect(first(3)).to.contain('Urine ACR 70');
    await f.sort('lastContact');
    expect(first(7)).to.equal('Never');
    await f.sort('lastContact');
    expect(first(7)).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
    await f.sort('name');
    expect(f.sortOf('name')).to.equal('ascending');
    await f.filter('rule', 'copd-under-40');
    expect(f.rows()).to.have.length(EXPECTED['copd-under-40']);
    await f.filter('severity', 'warning');
    expect(f.text('[part=empty]')).to.contain('No findings match the filters');
    await f.filter('rule', '');
    expect(f.rows()).to.have.length(10);
    expect(f.text()).to.contain(`Showing 1–10 of ${FINDINGS - EXPECTED['copd-under-40']}`);
    await f.page('next');
    expect(f.text()).to.contain('Showing 11–20 of');
    await f.page('previous');
    expect(f.text()).to.contain('Showing 1–10 of');
    await expect(f.el).to.be.accessible();
  });

  it('fires jc-patient-selected with the patient id only', async () => {
    const f = await FinderHarness.run(html`<jc-specialist-finder .patients=${population.bySlot['copd-cor']}></jc-specialist-finder>`);
    const row = f.rows()[0];
    expect(row.querySelector('button')!.getAttribute('aria-label')).to.match(/^Open record of /);
    const ev = await f.select(row);
    expect(ev.detail).to.deep.equal({ patientId: row.dataset['patient'] });
    expect(ev.bubbles && ev.composed).to.equal(true);
  });

  it('moved in the page during a check (removed, put back): checks again to the end, never stuck on "cancelled"', async () => {
    const held = server.hold(chunkAt(population, 50));
    const f = await FinderHarness.run(inGroup(), { wait: false });
    await held.arrived;
    const parent = f.el.parentElement!;
    f.el.remove();
    const again = server.hold(chunkAt(population, 50));
    parent.appendChild(f.el);
    await again.arrived;
    expect(f.text('[part=progress] [role=status]'), 'checking again').to.equal(`Checked 50 of ${REGISTERED} patients`);
    held.release();
    again.release();
    await f.settled();
    expect(f.has('[part=cancelled]')).to.equal(false);
    expect(f.countByRule()).to.deep.equal(EXPECTED);
  });

  it('can be cancelled and keeps what it found', async () => {
    const held = server.hold(chunkAt(population, 100));
    const f = await FinderHarness.run(inGroup(), { wait: false });
    await held.arrived;
    const found = f.rows().length;
    expect(found).to.be.above(0);
    await f.cancel();
    held.release();
    expect(f.text()).to.contain('Cancelled. Showing what was found before cancelling');
    expect(f.rows().length).to.be.at.least(found);
    expect(Object.values(f.countByRule()).reduce((a, b) => a + b, 0)).to.be.below(FINDINGS);
    expect(f.has('[part=cancel-button]')).to.equal(false);
    await expect(f.el).to.be.accessible();
    await f.checkAgain();
    expect(f.countByRule()).to.deep.equal(EXPECTED);
  });

  it('shows a partial failure with what was found, and Retry checks the rest', async () => {
    const failing = population.registered[60]; // second chunk of 50
    server.addFault({
      match: (r) => r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient')?.split(',').includes(failing) === true,
      status: 500,
      times: 1,
    });
    const f = await FinderHarness.run(inGroup());
    expect(f.$('[part=partial]')!.getAttribute('role')).to.equal('alert');
    expect(f.text('[part=partial]')).to.contain('50 patients could not be checked');
    expect(f.rows().length).to.be.above(0);
    await expect(f.el).to.be.accessible();
    server.clearLog();
    await f.retry();
    expect(f.has('[part=partial]')).to.equal(false);
    expect(f.countByRule()).to.deep.equal(EXPECTED);
    expect(server.requests.filter((r) => r.url.includes('/Observation?'))).to.have.length(1);
  });

  it('never says "no patients match" when patients could not be checked', async () => {
    server.addFault({ match: (r) => r.url.pathname.endsWith('/Observation'), status: 500 });
    const f = await FinderHarness.run(inGroup());
    expect(f.has('[part=partial]')).to.equal(true);
    expect(f.text()).not.to.contain('No patients match');
    expect(f.text()).to.contain('could not be checked, so there may be matches among them');
    expect(f.text()).to.contain('The server reported a problem (500)');
    await expect(f.el).to.be.accessible();
  });

  it('shows an error with Retry when the population cannot be read, and names an unknown practice', async () => {
    server.addFault({ match: '/Group/', status: 500, times: 1 });
    const f = await FinderHarness.run(inGroup());
    expect(f.$('[part=error]')!.getAttribute('role')).to.equal('alert');
    await expect(f.el).to.be.accessible();
    await f.retry();
    expect(f.countByRule()).to.deep.equal(EXPECTED);
    const unknown = await FinderHarness.run(html`<jc-specialist-finder ods-code="X99999"></jc-specialist-finder>`);
    expect(unknown.text()).to.contain('No practice with ODS code X99999 was found.');
  });

  it('shows an invalid rule set with the rule and field, and checks nobody', async () => {
    const bad = structuredClone(EXAMPLE_RULE_SET) as unknown as { rules: Array<{ criteria: Record<string, unknown> }> };
    bad.rules[1].criteria['unit'] = 'furlongs';
    const f = await FinderHarness.run(html`<jc-specialist-finder group-id=${population.group.id} .rules=${bad}></jc-specialist-finder>`);
    expect(f.has('[part=error]')).to.equal(true);
    expect(f.text()).to.contain('Rule "ckd-acr-70", field "criteria.unit": "furlongs" is not a unit results can be converted to');
    expect(server.requests.filter((r) => r.url.includes('/Observation'))).to.have.length(0);
    await expect(f.el).to.be.accessible();
  });

  it('loads rules from rules-src', async () => {
    const only = { ...EXAMPLE_RULE_SET, rules: [EXAMPLE_RULE_SET.rules[6]] };
    const url = URL.createObjectURL(new Blob([JSON.stringify(only)], { type: 'application/json' }));
    const f = await FinderHarness.run(html`<jc-specialist-finder group-id=${population.group.id} rules-src=${url}></jc-specialist-finder>`);
    expect(f.countByRule()).to.deep.equal({ 'copd-cor-pulmonale': EXPECTED['copd-cor-pulmonale'] });
  });

  it('exports CSV with every field quoted and formulas neutralised', async () => {
    const hostile: Patient[] = population.patients
      .filter((p) => population.bySlot['copd-cor'].includes(p.id!) || population.bySlot['copd-young'].includes(p.id!))
      .slice(0, 3)
      .map((p, i) => ({
        ...p,
        name: [
          [{ family: '=HYPERLINK("http://evil","x")', given: ['Ann'] }],
          [{ family: '+1', given: ['Line\nbreak, "quoted"'] }],
          [{ text: '@SUM(A1:A2)' }],
        ][i],
      }));
    const client = new FetchFhirClient({ baseUrl: BASE });
    const f = await FinderHarness.run(
      html`<jc-specialist-finder .client=${client} .clock=${clock} .patients=${hostile}></jc-specialist-finder>`,
      {
        context: false,
      },
    );
    const csv = f.csv();
    expect(csv.split('\r\n')[0]).to.equal(
      '"NHS No.","Name","Age","Rule ID","Rule","Severity","Evidence","Specialist contact","Last specialist contact"',
    );
    expect(csv.endsWith('\r\n')).to.equal(true);
    expect(csv).to.contain(`"'=HYPERLINK(""HTTP://EVIL"",""X""), Ann"`);
    expect(csv).to.contain(`"'+1, Line break, ""quoted"""`);
    expect(csv).to.contain(`"'@SUM(A1:A2)"`);
    for (const field of csv.match(/"(?:[^"]|"")*"/g)!) expect(field).not.to.match(/^"[=+\-@\t\r]/);
    expect(await f.export()).to.match(/^specialist-worklist-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(f.text()).to.contain('Worklist exported: 3 rows.');
  });

  it('refuses a resource about another patient and says so', async () => {
    const [victim, other] = population.bySlot['copd-cor'];
    server.addFault({
      match: (r) => r.url.pathname.endsWith('/Patient') && r.url.searchParams.get('_id') === victim,
      status: 200,
      body: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: server.get<Patient>('Patient', other)! }] } satisfies Bundle,
    });
    const f = await FinderHarness.run(html`<jc-specialist-finder .patients=${[victim]}></jc-specialist-finder>`);
    for (const r of f.rows()) expect(r.dataset['patient']).to.equal(victim);
    // without its own Patient, the victim's age is not known: the rule could not be checked, never guessed
    expect(f.rows()).to.have.length(0);
    expect(f.text('[part=not-checked]')).to.contain('age not known');
  });
});
