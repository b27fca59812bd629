import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Bundle, Patient } from 'fhir/r4.js';
import {
  POPULATION_EXPECTED,
  POPULATION_EXPECTED_PATIENTS,
  POPULATION_PRACTICE,
  POPULATION_SIZE,
  type Population,
} from '@joinedcare/fixtures';
import type { FhirFixtureServer } from '@joinedcare/fixtures/msw.js';
import { FetchFhirClient, type JcContext } from '@joinedcare/core';
import '../src/define.js';
import type { JcSpecialistFinder } from '../src/index.js';
import { BASE, clock, cleanServer, fixtureServer, text, until } from './support.js';

type Finder = JcSpecialistFinder;
const root = (el: Finder) => el.shadowRoot!;
const rowsOf = (el: Finder) => [...root(el).querySelectorAll('tbody tr')] as HTMLTableRowElement[];
/** Every row of the worklist (all pages), by rule id. */
function countByRule(el: Finder): Record<string, number> {
  const out: Record<string, number> = {};
  const csv = el.exportCsv().trim().split('\r\n').slice(1);
  for (const line of csv) {
    const ruleId = line.split('","')[3];
    out[ruleId] = (out[ruleId] ?? 0) + 1;
  }
  return out;
}

async function inContext(inner: ReturnType<typeof html>): Promise<Finder> {
  const ctx = await fixture<JcContext>(html`<jc-context fhir-base-url=${BASE} .clock=${clock}>${inner}</jc-context>`);
  const el = ctx.querySelector<Finder>('jc-specialist-finder')!;
  await el.updateComplete;
  return el;
}
const done = (el: Finder) =>
  until(() => !root(el).querySelector('[part=progress]') && !!root(el).querySelector('[part=base]'), 'the check to finish', 15000);

describe('<jc-specialist-finder>', () => {
  let server: FhirFixtureServer;
  let population: Population;
  before(async () => {
    ({ server, population } = await fixtureServer());
  });
  afterEach(() => cleanServer(server));

  it('says what is missing when not configured', async () => {
    const el = await fixture<Finder>(html`<jc-specialist-finder></jc-specialist-finder>`);
    expect(root(el).querySelector('[part=not-configured]')).to.exist;
    expect(text(el)).to.contain('a population (ods-code, group-id or patients)');
    await expect(el).to.be.accessible();
    const noPop = await inContext(html`<jc-specialist-finder></jc-specialist-finder>`);
    expect(text(noPop)).to.contain('Missing: a population');
  });

  it('a server that rejects the practice-wide search (400) ends in a visible state, not a hang', async () => {
    server.addFault({ match: (r) => r.url.pathname.endsWith('/Observation') || r.url.pathname.endsWith('/Encounter'), status: 400 });
    const el = await inContext(html`<jc-specialist-finder ods-code=${POPULATION_PRACTICE.ods}></jc-specialist-finder>`);
    await until(() => !!root(el).querySelector('[part=error], [part=partial]'), 'an error or partial state');
    expect(root(el).querySelector('[part=progress]')).to.equal(null);
    expect(text(el)).not.to.contain('No patients match');
    await expect(el).to.be.accessible();
  });

  it('finds exactly the expected patients of a practice (ODS code), over HTTP', async () => {
    const el = await inContext(html`<jc-specialist-finder ods-code=${POPULATION_PRACTICE.ods}></jc-specialist-finder>`);
    await done(el);
    expect(countByRule(el)).to.deep.equal(POPULATION_EXPECTED);
    expect(population.expected).to.deep.equal(POPULATION_EXPECTED);
    expect(text(el)).to.contain(`51 findings for ${POPULATION_EXPECTED_PATIENTS} patients out of ${POPULATION_SIZE} checked`);
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
    await expect(el).to.be.accessible();
  });

  it('finds the same patients from a Group, showing progress in patients', async () => {
    server.setLatency(20);
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId}></jc-specialist-finder>`);
    await until(() => /Checked \d+ of 300 patients/.test(text(el)), 'progress');
    expect(root(el).querySelector('[part=progress] [role=status]')).to.exist;
    expect(root(el).querySelector('progress')!.max).to.equal(300);
    await expect(el).to.be.accessible();
    await done(el);
    expect(countByRule(el)).to.deep.equal(POPULATION_EXPECTED);
  });

  it('checks the patients the host passes in (ids or Patient resources)', async () => {
    const ids = [...population.matching['copd-repeat-admission'], 'pop-00100', 'pop-00101'];
    const el = await inContext(html`<jc-specialist-finder .patients=${ids}></jc-specialist-finder>`);
    await done(el);
    expect(countByRule(el)['copd-repeat-admission']).to.equal(POPULATION_EXPECTED['copd-repeat-admission']);
    const resources = population.patients.filter((p) => population.matching['ckd-egfr-rapid-decline'].includes(p.id!));
    el.patients = resources;
    await until(() => countByRule(el)['ckd-egfr-rapid-decline'] === POPULATION_EXPECTED['ckd-egfr-rapid-decline'], 'eGFR rows');
  });

  it('says so when nobody matches', async () => {
    const healthy = population.patientIds.filter((id) => !Object.values(population.matching).flat().includes(id)).slice(0, 20);
    const el = await inContext(html`<jc-specialist-finder .patients=${healthy}></jc-specialist-finder>`);
    await done(el);
    expect(root(el).querySelector('[part=empty]')!.textContent).to.contain('No patients match the rules (20 patients checked)');
    expect(root(el).querySelector('table')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows a row per match with NHS number, name, age, rule, evidence and existing requests', async () => {
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId} page-size="100"></jc-specialist-finder>`);
    await done(el);
    const table = root(el).querySelector('table')!;
    expect(table.querySelector('caption')!.textContent).to.contain('51 findings');
    const first = rowsOf(el)[0];
    const cells = [...first.cells].map((c) => c.textContent.trim());
    expect(cells[0]).to.match(/^999 \d{3} \d{4}$/);
    expect(cells[1]).to.match(/^[A-Z' ]+, [A-Z][a-z]+ \((Mr|Mrs|Ms|Miss)\)$/);
    expect(cells[2]).to.match(/^\d+y$/);
    expect(cells[4]).to.equal('Critical'); // sorted by severity, critical first
    expect(text(el)).not.to.match(/undefined|null|NaN|\[object Object\]|Invalid Date/);
    // HbA1c evidence with values and dd-Mmm-yyyy dates; a row with an old referral says so
    const old = rowsOf(el).find(
      (r) => r.dataset.rule === 'diabetes-hba1c-persistent' && r.cells[6].textContent.includes('Referral (completed)'),
    );
    expect(old, 'row with an old referral').to.exist;
    expect(old!.cells[5].textContent).to.match(/HbA1c \d+ mmol\/mol on \d{2}-[A-Z][a-z]{2}-\d{4}/);
    expect(old!.cells[7].textContent).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
    const pct = rowsOf(el).find((r) => r.cells[5].textContent.includes('recorded as 8.1 %'));
    expect(pct, 'HbA1c recorded in %').to.exist;
  });

  it('sorts by column buttons with aria-sort, filters by rule and severity, and pages', async () => {
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId} page-size="10"></jc-specialist-finder>`);
    await done(el);
    const th = (col: string) => root(el).querySelector(`[data-sort=${col}]`)!.closest('th')!;
    expect(th('severity').getAttribute('aria-sort')).to.equal('descending');
    expect(th('rule').getAttribute('aria-sort')).to.equal('none');
    root(el).querySelector<HTMLButtonElement>('[data-sort=rule]')!.click();
    await el.updateComplete;
    expect(th('rule').getAttribute('aria-sort')).to.equal('ascending');
    expect(rowsOf(el)[0].cells[3].textContent).to.contain('eGFR falling fast');
    root(el).querySelector<HTMLButtonElement>('[data-sort=rule]')!.click();
    await el.updateComplete;
    expect(th('rule').getAttribute('aria-sort')).to.equal('descending');
    expect(rowsOf(el)[0].cells[3].textContent).to.contain('Second COPD admission');
    // time since last specialist contact: "Never" first when descending
    root(el).querySelector<HTMLButtonElement>('[data-sort=lastContact]')!.click();
    await el.updateComplete;
    expect(rowsOf(el)[0].cells[7].textContent.trim()).to.equal('Never');
    root(el).querySelector<HTMLButtonElement>('[data-sort=lastContact]')!.click();
    await el.updateComplete;
    expect(rowsOf(el)[0].cells[7].textContent.trim()).to.match(/\d{2}-[A-Z][a-z]{2}-\d{4}/);
    root(el).querySelector<HTMLButtonElement>('[data-sort=name]')!.click();
    await el.updateComplete;
    expect(th('name').getAttribute('aria-sort')).to.equal('ascending');

    const rule = root(el).querySelector<HTMLSelectElement>('[data-filter=rule]')!;
    rule.value = 'copd-repeat-admission';
    rule.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(rowsOf(el)).to.have.length(POPULATION_EXPECTED['copd-repeat-admission']);
    const sev = root(el).querySelector<HTMLSelectElement>('[data-filter=severity]')!;
    sev.value = 'warning';
    sev.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(root(el).querySelector('[part=empty]')!.textContent).to.contain('No findings match the filters');
    rule.value = '';
    rule.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(rowsOf(el)).to.have.length(10);
    expect(text(el)).to.contain(
      `Showing 1–10 of ${POPULATION_EXPECTED['diabetes-hba1c-persistent'] + POPULATION_EXPECTED['ckd-egfr-rapid-decline']}`,
    );
    const next = root(el).querySelector<HTMLButtonElement>('[data-page=next]')!;
    next.click();
    await el.updateComplete;
    expect(text(el)).to.contain('Showing 11–20 of');
    root(el).querySelector<HTMLButtonElement>('[data-page=previous]')!.click();
    await el.updateComplete;
    expect(text(el)).to.contain('Showing 1–10 of');
    await expect(el).to.be.accessible();
  });

  it('fires jc-patient-selected with the patient id only', async () => {
    const el = await inContext(
      html`<jc-specialist-finder .patients=${population.matching['copd-repeat-admission']}></jc-specialist-finder>`,
    );
    await done(el);
    const row = rowsOf(el)[0];
    const button = row.querySelector('button')!;
    expect(button.getAttribute('aria-label')).to.match(/^Open record of /);
    setTimeout(() => button.click());
    const ev = await oneEvent(el, 'jc-patient-selected');
    expect(ev.detail).to.deep.equal({ patientId: row.dataset.patient });
    expect(ev.bubbles && ev.composed).to.equal(true);
  });

  it('moved in the page during a check (removed, put back): checks again to the end, never stuck on "cancelled"', async () => {
    server.setLatency(30);
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId}></jc-specialist-finder>`);
    await until(() => /Checked \d+ of 300 patients/.test(text(el)), 'progress');
    const parent = el.parentElement!;
    el.remove();
    await new Promise((r) => setTimeout(r, 100));
    server.setLatency(0);
    parent.appendChild(el);
    await el.updateComplete;
    expect(root(el).querySelector('[part=progress]'), 'checking again').to.exist;
    await done(el);
    expect(root(el).querySelector('[part=cancelled]')).to.equal(null);
    expect(countByRule(el)).to.deep.equal(POPULATION_EXPECTED);
  });

  it('can be cancelled and keeps what it found', async () => {
    server.setLatency(40);
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId}></jc-specialist-finder>`);
    await until(() => rowsOf(el).length > 0, 'the first rows');
    const found = rowsOf(el).length;
    root(el).querySelector<HTMLButtonElement>('[part=cancel-button]')!.click();
    await until(() => !!root(el).querySelector('[part=cancelled]'), 'cancelled');
    expect(text(el)).to.contain('Cancelled. Showing what was found before cancelling');
    expect(rowsOf(el).length).to.be.at.least(found);
    expect(countByRule(el)['diabetes-hba1c-persistent'] ?? 0).to.be.below(POPULATION_EXPECTED['diabetes-hba1c-persistent']);
    expect(root(el).querySelector('[part=cancel-button]')).to.equal(null);
    await expect(el).to.be.accessible();
    server.setLatency(0);
    root(el).querySelector<HTMLButtonElement>('[data-action=rerun]')!.click();
    await el.updateComplete;
    await done(el);
    expect(countByRule(el)).to.deep.equal(POPULATION_EXPECTED);
  });

  it('shows a partial failure with what was found, and Retry checks the rest', async () => {
    const failing = population.patientIds[60]; // second chunk of 50
    server.addFault({
      match: (r) => r.url.pathname.endsWith('/Observation') && r.url.searchParams.get('patient')?.split(',').includes(failing) === true,
      status: 500,
      times: 1,
    });
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId}></jc-specialist-finder>`);
    await done(el);
    const partial = root(el).querySelector('[part=partial]')!;
    expect(partial.getAttribute('role')).to.equal('alert');
    expect(partial.textContent).to.contain('Some patients could not be checked');
    expect(partial.textContent).to.contain('50 patients could not be checked');
    expect(rowsOf(el).length).to.be.above(0);
    const partialCounts = countByRule(el);
    expect(partialCounts['diabetes-hba1c-persistent']).to.be.below(POPULATION_EXPECTED['diabetes-hba1c-persistent']);
    await expect(el).to.be.accessible();
    server.clearLog();
    partial.querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
    await until(() => !root(el).querySelector('[part=partial]') && !root(el).querySelector('[part=progress]'), 'retry');
    expect(countByRule(el)).to.deep.equal(POPULATION_EXPECTED);
    // only the failed chunk was checked again
    const obs = server.requests.filter((r) => r.url.includes('/Observation?'));
    expect(obs).to.have.length(1);
  });

  it('never says "no patients match" when patients could not be checked', async () => {
    server.addFault({ match: (r) => r.url.pathname.endsWith('/Observation'), status: 500 });
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId}></jc-specialist-finder>`);
    await done(el);
    const text = root(el).textContent.replace(/\s+/g, ' ');
    expect(root(el).querySelector('[part=partial]')).to.exist;
    expect(text).not.to.contain('No patients match');
    expect(text).to.contain('could not be checked, so there may be matches among them');
    expect(text).to.contain('The server reported a problem (500)');
    await expect(el).to.be.accessible();
  });

  it('shows an error with Retry when the population cannot be read, and names an unknown practice', async () => {
    server.addFault({ match: '/Group/', status: 500, times: 1 });
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId}></jc-specialist-finder>`);
    await until(() => !!root(el).querySelector('[part=error]'), 'error');
    expect(root(el).querySelector('[part=error]')!.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    root(el).querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
    await el.updateComplete;
    await done(el);
    expect(countByRule(el)).to.deep.equal(POPULATION_EXPECTED);

    const unknown = await inContext(html`<jc-specialist-finder ods-code="X99999"></jc-specialist-finder>`);
    await until(() => !!root(unknown).querySelector('[part=error]'), 'error');
    expect(text(unknown)).to.contain('No practice with ODS code X99999 was found.');
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
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId} .rules=${bad}></jc-specialist-finder>`);
    await until(() => !!root(el).querySelector('[part=error]'), 'error');
    expect(text(el)).to.contain('Rule "r1", field "criteria.count": must be a number');
    expect(server.requests.filter((r) => r.url.includes('/Observation'))).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('loads rules from rules-src', async () => {
    const only = { version: 1, name: 'COPD only', rules: [(await import('../src/index.js')).EXAMPLE_RULE_SET.rules[2]] };
    const url = URL.createObjectURL(new Blob([JSON.stringify(only)], { type: 'application/json' }));
    const el = await inContext(html`<jc-specialist-finder group-id=${population.groupId} rules-src=${url}></jc-specialist-finder>`);
    await done(el);
    expect(countByRule(el)).to.deep.equal({ 'copd-repeat-admission': POPULATION_EXPECTED['copd-repeat-admission'] });
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
    const el = await fixture<Finder>(html`<jc-specialist-finder .client=${client} .patients=${hostile}></jc-specialist-finder>`);
    await done(el);
    const csv = el.exportCsv();
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
    const clicked = new Promise<string>((resolve) => {
      const orig = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        HTMLAnchorElement.prototype.click = orig;
        resolve(this.download);
      };
    });
    root(el).querySelector<HTMLButtonElement>('[part=export-button]')!.click();
    expect(await clicked).to.match(/^specialist-worklist-\d{4}-\d{2}-\d{2}\.csv$/);
    await el.updateComplete;
    expect(text(el)).to.contain('Worklist exported: 4 rows.');
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
    const events: Event[] = [];
    const el = await inContext(
      html`<jc-specialist-finder .patients=${[victim]} @jc-safety-warning=${(e: Event) => events.push(e)}></jc-specialist-finder>`,
    );
    await done(el);
    // the other patient's resource is filed under the other patient (never under the victim's row)
    const rows = rowsOf(el);
    for (const r of rows) expect(r.dataset.patient).to.equal(victim);
    expect(rows[0].cells[1].textContent.trim()).to.equal('Not Known');
  });
});
