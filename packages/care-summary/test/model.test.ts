import { expect } from '@open-wc/testing';
import type { Bundle, Condition, FhirResource, List, Observation } from 'fhir/r4.js';
import { careTeamAndPlans, emptyReason, ipsDocumentBundle, PERSONA_A_HBA1C } from '@joinedcare/fixtures';
import {
  buildSection,
  buildSummary,
  listWarnings,
  parseSections,
  readBundle,
  sectionQueries,
  sparklineGeometry,
  SECTION_KEYS,
  DEFAULT_SECTIONS,
  GP_CONNECT_SECTIONS,
  type SectionModel,
} from '../src/index.js';
import { BAD, now, personas, withDirectory } from './data.js';

const { a, b, c, d, e, g } = personas;
const res = (p: typeof a) => withDirectory(p.resources() as FhirResource[]);

/** Every string a section would render. */
function texts(m: SectionModel): string {
  return JSON.stringify(
    {
      items: m.items.map((i) => [
        i.title,
        i.status,
        i.group,
        i.date,
        i.dateLong,
        i.dateLabel,
        i.fields,
        i.sourceText,
        i.settingText,
        i.trend?.text,
        i.history?.map((h) => [h.date, h.fields]),
      ]),
      e: m.emptyText,
      n: m.statements.map((x) => x.text),
      w: m.warnings,
    },
    (_k, v: unknown) => (v === undefined || v === null ? '' : v),
  );
}

describe('care summary model', () => {
  describe('parseSections', () => {
    it('keeps order, accepts commas and spaces, drops duplicates and reports unknown keys', () => {
      expect(parseSections('allergies, problems  results,allergies bogus')).to.deep.equal({
        sections: ['allergies', 'problems', 'results'],
        unknown: ['bogus'],
      });
      expect(parseSections('').sections).to.deep.equal([...DEFAULT_SECTIONS]);
      expect(parseSections(undefined).sections).to.have.length(10);
      expect(parseSections(undefined, GP_CONNECT_SECTIONS).sections).to.deep.equal([...GP_CONNECT_SECTIONS]);
    });
  });

  describe('sources', () => {
    const withDir = (r: FhirResource) => buildSection('problems', withDirectory([r]), { now }).items[0];
    it('names the organisation from the performer, a practitioner’s role, or only where the record was held', () => {
      const obs = a
        .resources()
        .find((r): r is Observation => r.resourceType === 'Observation' && /HbA1c/.test(JSON.stringify((r as Observation).code)))!;
      const hba1c = buildSection('results', withDirectory([obs]), { now }).items[0];
      expect(hba1c.source).to.deep.equal({
        organisation: 'Northbridge University Hospitals NHS Foundation Trust',
        odsCode: 'R9A',
        setting: 'secondary',
        kind: 'nhs-trust',
        basis: 'clinical',
      });
      expect(hba1c.sourceText).to.equal('Northbridge University Hospitals NHS Foundation Trust (NHS trust)');
      // recorder is a GP whose PractitionerRole names the practice
      const cond = a.resources().find((r): r is Condition => r.resourceType === 'Condition')!;
      expect(withDir(cond).source).to.include({ organisation: 'Riverside Medical Practice', setting: 'primary', basis: 'clinical' });
      // only meta.source: where the record was held, never who recorded it
      const onlyMeta = { resourceType: 'Condition', id: 'c1', meta: { source: 'urn:ods:B82999' } } as Condition;
      const held = withDir(onlyMeta);
      expect(held.source).to.include({ organisation: 'Moorland Health Centre', setting: 'primary', basis: 'server' });
      expect(held.sourceText).to.equal('Record held by Moorland Health Centre (GP practice)');
    });
    it('guesses nothing from ODS code shapes or URL tails; nothing named is "Source not recorded"', () => {
      const onlyCode = buildSection(
        'problems',
        [{ resourceType: 'Condition', id: 'c1', meta: { source: 'urn:ods:A81001' } } as Condition],
        { now },
      );
      expect(onlyCode.items[0].source).to.deep.equal({ organisation: 'A81001', odsCode: 'A81001', kind: 'unknown', basis: 'server' });
      expect(onlyCode.items[0].sourceText).to.equal('Record held by A81001 (setting not known)');
      const urlTail = buildSection(
        'problems',
        [{ resourceType: 'Condition', id: 'c2', meta: { source: 'https://gp.example/fhir/A81999' } } as Condition],
        { now },
      );
      expect(urlTail.items[0].sourceText).to.equal('Source not recorded');
      const none = buildSection('problems', [{ resourceType: 'Condition', id: 'c3' } as Condition], { now }).items[0];
      expect(none.source).to.deep.equal({});
      expect(none.settingText).to.equal('setting not known');
    });
  });

  describe('sections from persona data', () => {
    it('(a) problems, medicines with last issue and prescriber, no known allergies', () => {
      const m = buildSummary(res(a), { now });
      const problems = m.get('problems')!;
      expect(problems.items.map((i) => i.title)).to.deep.equal(['Hypertensive disorder', 'Type 2 diabetes mellitus']);
      // the onset is the item's date, printed once; the recorded date is a field
      expect(problems.items[0].dateLabel).to.equal('Onset');
      expect(problems.items[0].date).to.match(/^\d{2}-[A-Z][a-z]{2}-\d{4}$/);
      expect(problems.items[0].fields.map((f) => f.label)).not.to.include('Onset');
      const meds = m.get('medicines')!;
      expect(meds.items).to.have.length(5); // 4 current + 1 stopped 90 days ago; issues folded in
      expect(meds.items.slice(0, 4).every((i) => i.group === 'Current medicines')).to.equal(true);
      expect(meds.items[4].group).to.equal('Stopped in the last 6 months');
      expect(meds.items[4].fields.find((f) => f.label === 'Reason')?.value).to.contain('ankle swelling');
      const metformin = meds.items.find((i) => i.title.startsWith('Metformin'))!;
      expect(metformin.fields.find((f) => f.label === 'Dose')?.value).to.equal('Take two tablets twice a day with meals');
      expect(metformin.fields.find((f) => f.label === 'Last issued')?.value).to.match(/^\d{2}-[A-Z][a-z]{2}-2026$/);
      expect(metformin.fields.find((f) => f.label === 'Prescribed by')?.value).to.equal('Riverside Medical Practice (GP practice)');
      const allergies = m.get('allergies')!;
      expect(allergies.items).to.have.length(0);
      expect(allergies.statements.map((x) => x.text)).to.deep.equal(['No known allergy']); // as coded
      expect(allergies.emptyKind).to.equal('none');
    });

    it('(a) results: one item per test with latest value, range and a trend text', () => {
      const results = buildSection('results', res(a), { now });
      expect(results.total).to.equal(15);
      const hba1c = results.items.find((i) => i.title.startsWith('HbA1c'))!;
      const [latestDays, latest] = PERSONA_A_HBA1C[PERSONA_A_HBA1C.length - 1];
      const previous = PERSONA_A_HBA1C[PERSONA_A_HBA1C.length - 2][1];
      expect(hba1c.fields[0]).to.deep.equal({ label: 'Value', value: `${latest} mmol/mol` });
      expect(hba1c.fields[1]).to.deep.equal({ label: 'Reference range', value: '20 - 41 mmol/mol' });
      expect(hba1c.status).to.equal('High');
      expect(hba1c.history).to.have.length(5);
      expect(hba1c.trend!.text).to.match(
        new RegExp(
          `^HbA1c level \\(IFCC standardised\\) ${latest} mmol/mol on \\d{2}-[A-Z][a-z]{2}-\\d{4}, up from ${previous} on \\d{2}-[A-Z][a-z]{2}-\\d{4}$`,
        ),
      );
      expect(latestDays).to.be.greaterThan(0);
      const bp = results.items.find((i) => i.title === 'Blood pressure')!;
      expect(bp.fields[0].value).to.equal('156/95 mmHg');
      expect(bp.trend!.series).to.have.length(2);
      expect(bp.trend!.text).to.match(/^Blood pressure 156\/95 mmHg on .*, up from 150\/88 on /);
      const egfr = results.items.find((i) => i.title.startsWith('eGFR'))!;
      expect(egfr.trend!.text).to.contain('down from 66');
      const geometry = sparklineGeometry(bp.trend!);
      expect(geometry.lines).to.have.length(2);
      expect(geometry.lines[0].split(' ')).to.have.length(5);
    });

    it('(b) encounters and letters with the author organisation', () => {
      const m = buildSummary(res(b), { now, sections: ['encounters', 'documents'] });
      const enc = m.get('encounters')!;
      expect(enc.items.map((i) => i.fields[0].value)).to.deep.equal(['Admission', 'A&E attendance', 'Admission']);
      expect(enc.items[0].sourceText).to.equal('Eastmoor Hospitals NHS Trust (NHS trust)');
      expect(enc.items[0].settingText).to.equal('NHS trust');
      const docs = m.get('documents')!;
      expect(docs.items).to.have.length(1);
      expect(docs.items[0].title).to.equal('Discharge summary - Respiratory Medicine');
      expect(docs.items[0].openable).to.equal(true);
      expect(docs.items[0].attachmentUrl).to.match(/^Binary\//);
      expect(docs.items[0].sourceText).to.equal('Eastmoor Hospitals NHS Trust (NHS trust)');
    });

    it('(c) a high-criticality allergy with reaction and severity; immunisations', () => {
      const m = buildSummary(res(c), { now, sections: ['allergies', 'immunisations'] });
      const allergy = m.get('allergies')!.items[0];
      expect(allergy.title).to.equal('Allergy to peanut');
      // the coded manifestation and the reaction's own description, and the allergy's notes
      expect(allergy.fields.find((f) => f.label === 'Reaction')?.value).to.match(/^Anaphylaxis, Lip swelling, wheeze and collapse/);
      expect(allergy.fields.find((f) => f.label === 'Notes')?.value).to.contain('Skin prick test strongly positive');
      expect(allergy.fields).to.deep.include({ label: 'Severity', value: 'Severe' });
      expect(allergy.fields).to.deep.include({ label: 'Criticality', value: 'High' });
      expect(allergy.settingText).to.equal('NHS trust');
      expect(m.get('allergies')!.statements).to.deep.equal([]);
      const imms = m.get('immunisations')!.items;
      expect(imms.length).to.be.greaterThan(5);
      expect(imms[0].fields.some((f) => f.label === 'Against')).to.equal(true);
    });

    it('(d) an empty record: allergies "not available", other sections "none recorded"', () => {
      const m = buildSummary(res(d), { now });
      expect(m.get('allergies')!.emptyKind).to.equal('not-available');
      expect(m.get('allergies')!.emptyText).to.equal('No allergy information available');
      expect(m.get('problems')!.emptyText).to.equal('No problems recorded');
      // the registered practice still shows in the care team
      expect(m.get('care-team')!.items[0]).to.include({ title: 'Moorland Health Centre', group: 'Registered GP practice' });
      expect(m.get('care-team')!.items[0].fields).to.deep.include({ label: 'Phone', value: '01632 960002' });
    });

    it('(e) GP Connect warnings on the sections they affect; data-in-transit on the whole record', () => {
      const m = buildSummary(res(e), { now });
      expect(m.get('medicines')!.warnings.map((w) => w.code)).to.deep.equal(['confidential-items']);
      // an incomplete GP2GP transfer is about the whole record, not the List that carries it
      expect(m.get('problems')!.warnings).to.deep.equal([]);
      expect(m.get('allergies')!.warnings.map((w) => w.code)).to.deep.equal(['data-awaiting-filing']);
      expect(m.get('results')!.warnings).to.deep.equal([]);
      const lists = res(e).filter((r): r is List => r.resourceType === 'List');
      const found = listWarnings(lists);
      expect(found.record.map((w) => w.code)).to.deep.equal(['data-in-transit']);
      expect(found.record[0].detail).to.match(/^Patient record transfer from previous GP practice not yet complete/);
      const list = (code: string | undefined, title: string): List => ({
        resourceType: 'List',
        status: 'current',
        mode: 'snapshot',
        title,
        ...(code ? { code: { coding: [{ system: 'http://snomed.info/sct', code }] } } : {}),
        extension: [{ url: 'x/ListWarningCode-1', valueCode: 'other' }],
      });
      // an unknown warning code on a coded List still flags its section
      expect(listWarnings([list('933361000000108', 'Medications')]).sections.get('medicines')![0].title).to.contain('flagged');
      // a List's section comes from its code only: a title is never guessed from
      expect([...listWarnings([list(undefined, 'Medications')]).sections.keys()]).to.deep.equal([]);
    });

    it('(g) malformed data: no throw, entered-in-error left out, never "undefined"', () => {
      const m = buildSummary(res(g), { now });
      for (const [key, model] of m) {
        expect(texts(model), key).not.to.match(BAD);
      }
      const problems = m.get('problems')!.items.map((i) => i.title);
      expect(problems).to.include('Funny turns');
      expect(problems).to.include('Unnamed problem (SNOMED CT 38341003)'); // a code without words is never a bare number
      expect(problems).to.include('Fatigue under review');
      expect(problems).not.to.include('Asthma'); // entered in error
      const meds = m.get('medicines')!.items.map((i) => i.title);
      expect(meds).not.to.include('Codeine 30mg tablets');
      expect(meds).to.include('Herbal remedy (patient reported)');
      const allergies = m.get('allergies')!.items;
      expect(allergies.map((i) => i.title)).to.deep.equal(['Latex allergy']);
      expect(allergies[0].fields).to.deep.include({ label: 'Reaction', value: 'Not recorded' });
      expect(allergies[0].status).to.equal('Unconfirmed');
      const results = m.get('results')!.items;
      expect(results.find((i) => i.title === 'Wellbeing score')!.fields[0].value).to.equal('7');
      expect(results.find((i) => i.title === 'Unnamed result (SNOMED CT 75367002)')!.date).to.equal('Not known');
      expect(results.some((i) => /182/.test(i.fields[0].value))).to.equal(false);
      expect(m.get('immunisations')!.items[0].fields).to.deep.include({ label: 'When', value: 'In childhood, date unknown' });
      expect(m.get('documents')!.items[0].title).to.equal('Clinic letter');
      expect(m.get('encounters')!.items[0].fields).to.deep.include({ label: 'Dates', value: 'Not recorded' });
    });

    it('says "Source not recorded" when nothing names a source, and never throws on junk', () => {
      const junk = [
        null,
        42,
        { resourceType: 'Condition' },
        { resourceType: 'Observation', code: 5, valueQuantity: { value: 'x' } },
      ] as unknown as FhirResource[];
      const m = buildSummary(junk, { now });
      expect(m.get('problems')!.items[0].sourceText).to.equal('Source not recorded');
      expect(m.get('problems')!.items[0].title).to.equal('Unnamed problem (no code recorded)');
      for (const model of m.values()) expect(texts(model)).not.to.match(BAD);
    });

    it('care team and care plans from the scenario', () => {
      const m = buildSummary(withDirectory([...(a.resources() as FhirResource[]), ...(careTeamAndPlans(a, { now }) as FhirResource[])]), {
        now,
      });
      const team = m.get('care-team')!.items;
      expect(team.map((i) => i.title)).to.deep.equal([
        'Riverside Medical Practice',
        'Dr Priya Raman',
        'Northbridge Community Diabetes Team',
        'Dr Amara Okafor',
      ]);
      expect(team[1].fields).to.deep.include({ label: 'Role', value: 'Consultant diabetologist' });
      expect(team[1].fields).to.deep.include({ label: 'Phone', value: '01632 960100' });
      expect(team[2].fields).to.deep.include({ label: 'Phone', value: '01632 960150' });
      const plans = m.get('care-plans')!.items;
      expect(plans.map((p) => p.status)).to.deep.equal(['Active', 'Completed']);
      expect(plans[0].settingText).to.equal('NHS trust');
    });
  });

  describe('IPS bundles', () => {
    it('maps Composition sections by LOINC code, with emptyReason', () => {
      const bundle = ipsDocumentBundle(a, { now, emptyReasons: { '11369-6': emptyReason('notasked', 'Not asked') } });
      const contents = readBundle(bundle);
      expect(contents.subject).to.deep.equal({ id: a.patientId, nhsNumber: a.nhsNumber });
      expect(contents.asOf).to.equal(bundle.timestamp);
      expect(contents.composition!.get('immunisations')!.emptyReason!.text).to.equal('Not asked');
      const m = buildSummary(withDirectory(contents.resources), { now, composition: contents.composition! });
      expect(m.get('immunisations')!.emptyText).to.equal('No entries: Not asked');
      expect(m.get('immunisations')!.emptyKind).to.equal('not-available');
      expect(m.get('care-plans')!.emptyText).to.equal('Not included in this summary document');
      expect(m.get('problems')!.items).to.have.length(2);
    });
    it('a "nil known" allergies section is a positive statement', () => {
      const bundle = ipsDocumentBundle(d, { now, emptyReasons: { '48765-2': emptyReason('nilknown', 'Nil known') } });
      const contents = readBundle(bundle);
      const m = buildSummary(contents.resources, { now, composition: contents.composition! });
      expect(m.get('allergies')!.statements.map((x) => x.text)).to.deep.equal(['No known allergies']);
      expect(m.get('problems')!.emptyText).to.equal('No entries: Information not available');
    });
    it('reads other Bundles and survives junk', () => {
      expect(readBundle(undefined)).to.deep.equal({ resources: [] });
      const b2: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: a.patient }, {}] };
      expect(readBundle(b2).subject).to.deep.equal({ id: a.patientId });
    });
  });

  describe('queries', () => {
    it('narrows every search by patient and includes what it needs', () => {
      for (const key of SECTION_KEYS) {
        for (const q of sectionQueries(key, 'pat-a')) {
          const p = q.params as Record<string, unknown>;
          expect(p['patient'] ?? p['_id'], `${key} ${q.type}`).to.equal('pat-a');
        }
      }
      expect(sectionQueries('medicines', 'x')[0].params).to.include({ _include: 'MedicationStatement:medication' });
      expect(sectionQueries('results', 'x')[0].params).to.include({ _sort: '-date' });
    });
  });
});
