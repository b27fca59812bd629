import { expect, html } from '@open-wc/testing';
import type { Bundle, Group, Patient } from 'fhir/r4.js';
import {
  POPULATION_EXPECTED,
  POPULATION_EXPECTED_PATIENTS,
  POPULATION_PRACTICE,
  POPULATION_SIZE,
  type Population,
} from '@joinedcare/fixtures';
import type { FhirFixtureServer } from '@joinedcare/fixtures/msw.js';
import { FetchFhirClient } from '@joinedcare/core';
import { EXAMPLE_RULE_SET } from '../src/index.js';
import { BASE, cleanServer, fixtureServer } from './support.js';
import { FinderHarness } from './harness.js';

/** Holds the Observation search of the chunk of patients that starts at `index` (chunks of 50). */
const chunkAt = (population: Population, index: number) => (r: { url: URL }) =>
  r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient')?.split(',')[0] === population.patientIds[index];

describe('<jc-specialist-finder>', () => {
  let server: FhirFixtureServer;
  let population: Population;
  before(async () => {
    ({ server, population } = await fixtureServer());
  });
  afterEach(() => cleanServer(server));
  /** The finder on the population's Group. */
  const inGroup = (pageSize = 25) =>
    html`<jc-specialist-finder group-id=${population.groupId} page-size=${pageSize}></jc-specialist-finder>`;

  it('says what is missing when not configured', async () => {
    const alone = await FinderHarness.run(html`<jc-specialist-finder></jc-specialist-finder>`, { context: false });
    expect(alone.has('[part=not-configured]')).to.equal(true);
    expect(alone.text()).to.contain('a population (ods-code, group-id or patients)');
    await expect(alone.el).to.be.accessible();
    const noPopulation = await FinderHarness.run(html`<jc-specialist-finder></jc-specialist-finder>`);
    expect(noPopulation.text()).to.contain('Missing: a population');
  });

  it('a server that rejects the practice-wide search (400) ends in a visible state, not a hang', async () => {
    server.addFault({ match: (r) => r.url.pathname.endsWith('/Observation') || r.url.pathname.endsWith('/Encounter'), status: 400 });
    const f = await FinderHarness.run(html`<jc-specialist-finder ods-code=${POPULATION_PRACTICE.ods}></jc-specialist-finder>`);
    expect(f.has('[part=error], [part=partial]')).to.equal(true);
    expect(f.has('[part=progress]')).to.equal(false);
    expect(f.text()).not.to.contain('No patients match');
    await expect(f.el).to.be.accessible();
  });

  it('finds exactly the expected patients of a practice (ODS code), over HTTP', async () => {
    const f = await FinderHarness.run(html`<jc-specialist-finder ods-code=${POPULATION_PRACTICE.ods}></jc-specialist-finder>`);
    expect(f.countByRule()).to.deep.equal(POPULATION_EXPECTED);
    expect(population.expected).to.deep.equal(POPULATION_EXPECTED);
    expect(f.text()).to.contain(`51 findings for ${POPULATION_EXPECTED_PATIENTS} patients out of ${POPULATION_SIZE} checked`);
    // efficient: practice-wide searches with the chained practice filter and _include of the patient
    const urls = server.requests.map((r) => decodeURIComponent(r.url));
    expect(
      urls.some(
        (u) =>
          u.includes('Observation?') &&
          u.includes('patient.general-practitioner=Organization/org-C84999') &&
          u.includes('_include=Observation:patient'),
      ),
    ).to.equal(true);
    expect(urls.filter((u) => u.includes('/Patient?')).length).to.be.at.most(2);
    await expect(f.el).to.be.accessible();
  });

  it('finds the same patients from a Group, showing progress in patients', async () => {
    const held = server.hold(chunkAt(population, 50));
    const f = await FinderHarness.run(inGroup(), { wait: false });
    await held.arrived;
    expect(f.text('[part=progress] [role=status]')).to.equal('Checked 50 of 300 patients');
    expect(f.$<HTMLProgressElement>('progress')!.max).to.equal(300);
    await expect(f.el).to.be.accessible();
    held.release();
    await f.settled();
    expect(f.has('[part=progress]')).to.equal(false);
    expect(f.countByRule()).to.deep.equal(POPULATION_EXPECTED);
  });

  it("counts Group members given as versioned or absolute same-server references, not another server's", async () => {
    const copd = population.matching['copd-repeat-admission'];
    const base = new URL(BASE, location.href).href;
    const group: Group = {
      resourceType: 'Group',
      id: 'finder-reference-forms',
      type: 'person',
      actual: true,
      member: [
        ...copd.map((id, i) => ({ entity: { reference: i % 2 ? `${base}/Patient/${id}` : `Patient/${id}/_history/1` } })),
        // another server's Patient/pop-00100 is not this server's pop-00100
        { entity: { reference: 'https://elsewhere.example/fhir/Patient/pop-00100' } },
      ],
    };
    server.put(group);
    const f = await FinderHarness.run(html`<jc-specialist-finder group-id=${group.id}></jc-specialist-finder>`);
    expect(f.countByRule()['copd-repeat-admission']).to.equal(POPULATION_EXPECTED['copd-repeat-admission']);
    expect(f.text()).to.contain(`patients out of ${copd.length} checked`);
  });

  it('checks the patients the host passes in (ids or Patient resources)', async () => {
    const ids = [...population.matching['copd-repeat-admission'], 'pop-00100', 'pop-00101'];
    const f = await FinderHarness.run(html`<jc-specialist-finder .patients=${ids}></jc-specialist-finder>`);
    expect(f.countByRule()['copd-repeat-admission']).to.equal(POPULATION_EXPECTED['copd-repeat-admission']);
    f.el.patients = population.patients.filter((p) => population.matching['ckd-egfr-rapid-decline'].includes(p.id!));
    await f.settled();
    expect(f.countByRule()['ckd-egfr-rapid-decline']).to.equal(POPULATION_EXPECTED['ckd-egfr-rapid-decline']);
    expect(f.countByRule()['copd-repeat-admission'], 'a new list is a new check').to.equal(undefined);
  });

  it('says so when nobody matches', async () => {
    const healthy = population.patientIds.filter((id) => !Object.values(population.matching).flat().includes(id)).slice(0, 20);
    const f = await FinderHarness.run(html`<jc-specialist-finder .patients=${healthy}></jc-specialist-finder>`);
    expect(f.text('[part=empty]')).to.contain('No patients match the rules (20 patients checked)');
    expect(f.has('table')).to.equal(false);
    await expect(f.el).to.be.accessible();
  });

  it('shows a row per match with NHS number, name, age, rule, evidence and existing requests', async () => {
    const f = await FinderHarness.run(inGroup(100));
    expect(f.text('caption')).to.contain('51 findings');
    const cells = f.cells(f.rows()[0]);
    expect(cells[0]).to.match(/^999 \d{3} \d{4}$/);
    expect(cells[1]).to.match(/^[A-Z' ]+, [A-Z][a-z]+ \((Mr|Mrs|Ms|Miss)\)$/);
    expect(cells[2]).to.match(/^\d+y$/);
    expect(cells[4]).to.equal('Critical'); // sorted by severity, critical first
    expect(f.text()).not.to.match(/undefined|null|NaN|\[object Object\]|Invalid Date/);
    // HbA1c evidence with values and dd-Mmm-yyyy dates; a row with an old referral says so
    const old = f.rows().find((r) => r.dataset['rule'] === 'diabetes-hba1c-persistent' && f.cells(r)[6].includes('Referral (completed)'));
    expect(old, 'row with an old referral').to.exist;
    expect(f.cells(old!)[5]).to.match(/HbA1c \d+ mmol\/mol on \d{2}-[A-Z][a-z]{2}-\d{4}/);
    expect(f.cells(old!)[7]).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
    expect(
      f.rows().find((r) => f.cells(r)[5].includes('recorded as 8.1 %')),
      'HbA1c recorded in %',
    ).to.exist;
  });

  it('sorts by column buttons with aria-sort, filters by rule and severity, and pages', async () => {
    const f = await FinderHarness.run(inGroup(10));
    const first = (column: number) => f.cells(f.rows()[0])[column];
    expect(f.sortOf('severity')).to.equal('descending');
    expect(f.sortOf('rule')).to.equal('none');
    await f.sort('rule');
    expect(f.sortOf('rule')).to.equal('ascending');
    expect(first(3)).to.contain('eGFR falling fast');
    await f.sort('rule');
    expect(f.sortOf('rule')).to.equal('descending');
    expect(first(3)).to.contain('Second COPD admission');
    // time since last specialist contact: "Never" first when descending
    await f.sort('lastContact');
    expect(first(7)).to.equal('Never');
    await f.sort('lastContact');
    expect(first(7)).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
    await f.sort('name');
    expect(f.sortOf('name')).to.equal('ascending');

    await f.filter('rule', 'copd-repeat-admission');
    expect(f.rows()).to.have.length(POPULATION_EXPECTED['copd-repeat-admission']);
    await f.filter('severity', 'warning');
    expect(f.text('[part=empty]')).to.contain('No findings match the filters');
    await f.filter('rule', '');
    expect(f.rows()).to.have.length(10);
    expect(f.text()).to.contain(
      `Showing 1–10 of ${POPULATION_EXPECTED['diabetes-hba1c-persistent'] + POPULATION_EXPECTED['ckd-egfr-rapid-decline']}`,
    );
    await f.page('next');
    expect(f.text()).to.contain('Showing 11–20 of');
    await f.page('previous');
    expect(f.text()).to.contain('Showing 1–10 of');
    await expect(f.el).to.be.accessible();
  });

  it('fires jc-patient-selected with the patient id only', async () => {
    const f = await FinderHarness.run(
      html`<jc-specialist-finder .patients=${population.matching['copd-repeat-admission']}></jc-specialist-finder>`,
    );
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
    expect(f.text('[part=progress] [role=status]'), 'checking again').to.equal('Checked 50 of 300 patients');
    held.release();
    again.release();
    await f.settled();
    expect(f.has('[part=cancelled]')).to.equal(false);
    expect(f.countByRule()).to.deep.equal(POPULATION_EXPECTED);
  });

  it('can be cancelled and keeps what it found', async () => {
    // hold the chunk after the first one with a finding: rows are on screen while it waits
    const firstMatch = Math.min(
      ...Object.values(population.matching)
        .flat()
        .map((id) => population.patientIds.indexOf(id)),
    );
    const held = server.hold(chunkAt(population, (Math.floor(firstMatch / 50) + 1) * 50));
    const f = await FinderHarness.run(inGroup(), { wait: false });
    await held.arrived;
    const found = f.rows().length;
    expect(found).to.be.above(0);
    await f.cancel();
    held.release();
    expect(f.text()).to.contain('Cancelled. Showing what was found before cancelling');
    expect(f.has('[part=cancelled]')).to.equal(true);
    expect(f.rows().length).to.be.at.least(found);
    expect(f.countByRule()['diabetes-hba1c-persistent'] ?? 0).to.be.below(POPULATION_EXPECTED['diabetes-hba1c-persistent']);
    expect(f.has('[part=cancel-button]')).to.equal(false);
    await expect(f.el).to.be.accessible();
    await f.checkAgain();
    expect(f.countByRule()).to.deep.equal(POPULATION_EXPECTED);
  });

  it('shows a partial failure with what was found, and Retry checks the rest', async () => {
    const failing = population.patientIds[60]; // second chunk of 50
    server.addFault({
      match: (r) => r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient')?.split(',').includes(failing) === true,
      status: 500,
      times: 1,
    });
    const f = await FinderHarness.run(inGroup());
    const partial = f.$('[part=partial]')!;
    expect(partial.getAttribute('role')).to.equal('alert');
    expect(f.text('[part=partial]')).to.contain('Some patients could not be checked');
    expect(f.text('[part=partial]')).to.contain('50 patients could not be checked');
    expect(f.rows().length).to.be.above(0);
    expect(f.countByRule()['diabetes-hba1c-persistent']).to.be.below(POPULATION_EXPECTED['diabetes-hba1c-persistent']);
    await expect(f.el).to.be.accessible();
    server.clearLog();
    await f.retry();
    expect(f.has('[part=partial]')).to.equal(false);
    expect(f.has('[part=progress]')).to.equal(false);
    expect(f.countByRule()).to.deep.equal(POPULATION_EXPECTED);
    // only the failed chunk was checked again
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
    expect(f.countByRule()).to.deep.equal(POPULATION_EXPECTED);

    const unknown = await FinderHarness.run(html`<jc-specialist-finder ods-code="X99999"></jc-specialist-finder>`);
    expect(unknown.has('[part=error]')).to.equal(true);
    expect(unknown.text()).to.contain('No practice with ODS code X99999 was found.');
  });

  it('shows an invalid rule set with the rule and field, and checks nobody', async () => {
    const bad = {
      version: 1,
      name: 'x',
      rules: [
        {
          id: 'r1',
          title: 't',
          summary: 's',
          severity: 'warning',
          specialty: 'x',
          criteria: {
            kind: 'encounter-count',
            label: 'x',
            classes: ['IMP'],
            codes: [{ system: 'http://snomed.info/sct', code: '1' }],
            count: 'two',
            windowMonths: 12,
          },
          exclusions: [],
          source: { label: 'l', url: 'https://example.org' },
        },
      ],
    };
    const f = await FinderHarness.run(html`<jc-specialist-finder group-id=${population.groupId} .rules=${bad}></jc-specialist-finder>`);
    expect(f.has('[part=error]')).to.equal(true);
    expect(f.text()).to.contain('Rule "r1", field "criteria.count": must be a number');
    expect(server.requests.filter((r) => r.url.includes('/Observation'))).to.have.length(0);
    await expect(f.el).to.be.accessible();
  });

  it('loads rules from rules-src', async () => {
    const only = { version: 1, name: 'COPD only', rules: [EXAMPLE_RULE_SET.rules[2]] };
    const url = URL.createObjectURL(new Blob([JSON.stringify(only)], { type: 'application/json' }));
    const f = await FinderHarness.run(html`<jc-specialist-finder group-id=${population.groupId} rules-src=${url}></jc-specialist-finder>`);
    expect(f.countByRule()).to.deep.equal({ 'copd-repeat-admission': POPULATION_EXPECTED['copd-repeat-admission'] });
  });

  it('exports CSV with every field quoted and formulas neutralised', async () => {
    const hostile: Patient[] = population.patients
      .filter((p) => population.matching['copd-repeat-admission'].includes(p.id!))
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
    const f = await FinderHarness.run(html`<jc-specialist-finder .client=${client} .patients=${hostile}></jc-specialist-finder>`, {
      context: false,
    });
    const csv = f.csv();
    const lines = csv.split('\r\n');
    expect(lines[0]).to.equal(
      '"NHS No.","Name","Age","Rule ID","Rule","Severity","Evidence","Existing referral or advice","Last specialist contact"',
    );
    expect(csv.endsWith('\r\n')).to.equal(true);
    expect(csv).to.contain(`"'=HYPERLINK(""HTTP://EVIL"",""X""), Ann"`);
    expect(csv).to.contain(`"'+1, Line break, ""quoted"""`);
    expect(csv).to.contain(`"'@SUM(A1:A2)"`);
    for (const field of csv.match(/"(?:[^"]|"")*"/g)!) expect(field).not.to.match(/^"[=+\-@\t\r]/);
    // the button downloads it and says so
    expect(await f.export()).to.match(/^specialist-worklist-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(f.text()).to.contain('Worklist exported: 4 rows.');
  });

  it('refuses a resource about another patient and says so', async () => {
    const victim = population.matching['copd-repeat-admission'][0];
    const other = population.matching['copd-repeat-admission'][1];
    // a broken server answers the Patient search for one patient with another patient's record
    server.addFault({
      match: (r) => r.url.pathname.endsWith('/Patient') && r.url.searchParams.get('_id') === victim,
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [{ resource: server.get<Patient>('Patient', other)! }],
      } satisfies Bundle,
    });
    const f = await FinderHarness.run(html`<jc-specialist-finder .patients=${[victim]}></jc-specialist-finder>`);
    // the other patient's resource is filed under the other patient (never under the victim's row)
    for (const r of f.rows()) expect(r.dataset['patient']).to.equal(victim);
    expect(f.cells(f.rows()[0])[1]).to.equal('Not Known');
  });
});
