// The care summary reads records through core's record layer: real-world references (urn:uuid in IPS
// documents, contained resources) and one organisation → setting rule (the ODS role table).
import { expect } from '@open-wc/testing';
import type { Bundle, BundleEntry, Condition, FhirResource, MedicationStatement, Organization, Patient } from 'fhir/r4.js';
import { ClinicalRecord, type SafetyWarningDetail } from '@joinedcare/core';
import { buildSection, readBundle } from '../src/index.js';
import { clock, now, personas } from './data.js';
import { summaryAlone, summaryInContext } from './harness.js';

const { a, b } = personas;
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const ROLE = 'https://fhir.nhs.uk/CodeSystem/organisation-role';
const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
const SECTIONS = 'problems medicines allergies';

/** The published IPS example (HL7/fhir-ips "Bundle-minimal"), as the test server serves it. */
async function publishedIps(): Promise<Bundle> {
  const r = await fetch('/test/data/ips/Bundle-IPS-examples-Bundle-minimal.json');
  return (await r.json()) as Bundle;
}

/**
 * The published example as many producers write a document: every `reference` that names an entry
 * becomes that entry's `urn:uuid:` fullUrl, and the patient carries an NHS number.
 */
function urnDocument(published: Bundle, nhsNumber: string): Bundle {
  const doc = structuredClone(published);
  const fullUrlOf = new Map((doc.entry ?? []).map((e) => [`${e.resource?.resourceType}/${e.resource?.id}`, e.fullUrl]));
  const rewrite = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(rewrite);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const url = typeof o['reference'] === 'string' ? fullUrlOf.get(o['reference']) : undefined;
      if (url) o['reference'] = url;
      Object.values(o).forEach(rewrite);
    }
  };
  rewrite(doc.entry);
  const patient = doc.entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource as Patient;
  patient.identifier = [{ system: NHS, value: nhsNumber }];
  return doc;
}

/** The document with another patient, and a problem about that patient, added as urn:uuid entries. */
function withIntruder(doc: Bundle, nhsNumber: string): Bundle {
  const out = structuredClone(doc);
  const patientUrl = 'urn:uuid:0f7c1e0a-1111-4a5b-9c2d-000000000001';
  const other: Patient = { resourceType: 'Patient', id: 'intruder', identifier: [{ system: NHS, value: nhsNumber }] };
  const condition: Condition = {
    resourceType: 'Condition',
    id: 'intruder-condition',
    code: { text: 'Intruder condition' },
    subject: { reference: patientUrl },
  };
  const entries: BundleEntry[] = [
    { fullUrl: patientUrl, resource: other },
    { fullUrl: 'urn:uuid:0f7c1e0a-1111-4a5b-9c2d-000000000002', resource: condition },
  ];
  out.entry = [...(out.entry ?? []), ...entries];
  return out;
}

function safetyWarnings(): { seen: SafetyWarningDetail[]; stop(): void } {
  const seen: SafetyWarningDetail[] = [];
  const on = (e: Event) => seen.push((e as CustomEvent<SafetyWarningDetail>).detail);
  document.addEventListener('jc-safety-warning', on);
  return { seen, stop: () => document.removeEventListener('jc-safety-warning', on) };
}

const org = (id: string, name: string, roles: string[], ods?: string): Organization => ({
  resourceType: 'Organization',
  id,
  name,
  ...(ods ? { identifier: [{ system: ODS, value: ods }] } : {}),
  ...(roles.length ? { type: roles.map((code) => ({ coding: [{ system: ROLE, code }] })) } : {}),
});

const recordedBy = (id: string, orgId: string): Condition => ({
  resourceType: 'Condition',
  id,
  code: { text: `Problem ${id}` },
  subject: { reference: `Patient/${a.patientId}` },
  recorder: { reference: `Organization/${orgId}` },
});

describe('care summary: the clinical record', () => {
  describe('an IPS document written with urn:uuid references', () => {
    it('is shown, not refused: problems, the urn:uuid Medication named, allergies', async () => {
      const doc = urnDocument(await publishedIps(), a.nhsNumber);
      const h = await summaryAlone({ bundle: doc, sections: SECTIONS, clock });
      expect(h.safetyWarning()).to.equal(undefined);
      expect(h.titles('problems')).to.deep.equal(['Menopausal flushing (finding)']);
      expect(h.titles('medicines')).to.deep.equal(['Product containing anastrozole (medicinal product)']);
      expect(h.titles('allergies')[0]).to.match(/^Substance with penicillin structure/);
      await expect(h.el).to.be.accessible();
    });

    it('is shown in a context that names the patient by NHS number only', async () => {
      const doc = urnDocument(await publishedIps(), a.nhsNumber);
      const h = await summaryInContext({ nhsNumber: a.nhsNumber, bundle: doc, sections: SECTIONS });
      expect(h.safetyWarning()).to.equal(undefined);
      expect(h.count('problems')).to.equal('(1 item)');
      expect(h.count('medicines')).to.equal('(1 item)');
    });

    it('a resource whose subject resolves to another patient is still refused, visibly', async () => {
      const doc = withIntruder(urnDocument(await publishedIps(), a.nhsNumber), b.nhsNumber);
      const warnings = safetyWarnings();
      try {
        const h = await summaryAlone({ bundle: doc, sections: SECTIONS, clock });
        expect(h.safetyWarning()).to.contain('belonged to a different patient');
        expect(h.sectionText('problems')).not.to.contain('Intruder condition');
        expect(h.titles('problems')).to.deep.equal(['Menopausal flushing (finding)']);
        expect(warnings.seen).to.deep.include({ resourceType: 'Condition', id: 'intruder-condition', reason: 'other-patient' });
        await expect(h.el).to.be.accessible();
      } finally {
        warnings.stop();
      }
    });

    it('readBundle: the subject is the Patient the Composition resolves to, with its NHS number', async () => {
      const contents = readBundle(urnDocument(await publishedIps(), a.nhsNumber));
      expect(contents.subject).to.deep.equal({ id: '7685713c-e29e-4a75-8a90-45be7ba3be94', nhsNumber: a.nhsNumber });
      expect([...contents.composition!.keys()]).to.deep.equal(['problems', 'medicines', 'allergies']);
      expect(contents.resources.map((r) => r.resourceType)).not.to.include('Composition');
    });
  });

  describe('medicines named through their reference', () => {
    const statement = (medicationReference: { reference: string }, contained?: FhirResource[]): MedicationStatement => ({
      resourceType: 'MedicationStatement',
      id: 'ms1',
      status: 'active',
      subject: { reference: `Patient/${a.patientId}` },
      medicationReference,
      ...(contained ? { contained } : {}),
    });
    const medication = (display: string): FhirResource => ({
      resourceType: 'Medication',
      id: 'med',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '325278004', display }] },
    });

    it('a contained Medication (#med)', () => {
      const ms = statement({ reference: '#med' }, [medication('Metformin 500mg tablets')]);
      expect(buildSection('medicines', [ms], { now }).items[0].title).to.equal('Metformin 500mg tablets');
    });

    it('a Medication in the Bundle by its urn:uuid fullUrl', () => {
      const urn = 'urn:uuid:7b0b4e4e-3c61-4c55-9d53-3e8b5f1a0c11';
      const ms = statement({ reference: urn });
      const bundle: Bundle = {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { fullUrl: 'urn:uuid:7b0b4e4e-3c61-4c55-9d53-3e8b5f1a0c12', resource: ms },
          { fullUrl: urn, resource: medication('Amlodipine 5mg tablets') },
        ],
      };
      const record = ClinicalRecord.fromBundle(bundle);
      expect(buildSection('medicines', record.resources, { now, record }).items[0].title).to.equal('Amlodipine 5mg tablets');
    });
  });

  describe('organisation → setting: the ODS role table, nothing guessed', () => {
    const orgs = [
      org('o-rx', 'Westfield Prescribing Centre', ['RO177'], 'Y01234'),
      org('o-ooh', 'Northbridge Out of Hours', ['RO80'], 'NOO1'),
      org('o-none', 'Riverside Surgery', [], 'A81001'), // shaped like a GP practice code, with no role
      org('o-none-r', 'Northbridge Hospice', [], 'R1A'), // shaped like a trust code, with no role
      org('o-gp', 'Riverside Medical Practice', ['RO177', 'RO76'], 'A81999'),
    ];
    const resources = [...orgs, ...orgs.map((o, i) => recordedBy(`c${i}`, o.id!))];

    it('labels each source with its kind in core’s one wording', () => {
      const items = buildSection('problems', resources, { now }).items;
      const label = (id: string) => items.find((i) => i.id === id)!;
      expect(label('c0').sourceText).to.equal('Westfield Prescribing Centre (community, urgent care or other)');
      expect(label('c1').sourceText).to.equal('Northbridge Out of Hours (community, urgent care or other)');
      expect(label('c2').sourceText).to.equal('Riverside Surgery (setting not known)');
      expect(label('c3').sourceText).to.equal('Northbridge Hospice (setting not known)');
      expect(label('c4').sourceText).to.equal('Riverside Medical Practice (GP practice)');
      for (const id of ['c0', 'c1', 'c2', 'c3']) expect(label(id).source.setting, id).to.equal(undefined);
      expect(label('c4').source.setting).to.equal('primary');
    });

    it('a hospital user sees only the RO76 practice’s item marked as from the GP record', async () => {
      const h = await summaryInContext({ patientId: a.patientId, setting: 'secondary', sections: 'problems', resources });
      expect(h.marked('problems').map((m) => m.title)).to.deep.equal(['Problem c4']);
      expect(h.sourceOf('problems', 'Problem c0')).to.equal('Westfield Prescribing Centre (community, urgent care or other)');
      expect(h.sourceOf('problems', 'Problem c2')).to.equal('Riverside Surgery (setting not known)');
      // "Without hospital items" hides only what is known to be a hospital's: items of unknown setting stay
      await h.filter('other');
      expect(h.titles('problems')).to.have.members(['Problem c0', 'Problem c1', 'Problem c2', 'Problem c3', 'Problem c4']);
    });

    it('contained organisations (#org) are read from their own resource, never shared between items', () => {
      const withContained = (id: string, o: Organization): Condition => ({
        ...recordedBy(id, 'unused'),
        recorder: { reference: '#org' },
        contained: [{ ...o, id: 'org' }],
      });
      const items = buildSection(
        'problems',
        [withContained('k1', orgs[4]), withContained('k2', org('x', 'Northbridge Trust', ['RO197'], 'R9A'))],
        { now },
      ).items;
      expect(items.map((i) => [i.id, i.sourceText]).sort()).to.deep.equal([
        ['k1', 'Riverside Medical Practice (GP practice)'],
        ['k2', 'Northbridge Trust (NHS trust)'],
      ]);
    });

    it('a Provenance names the source of the item it targets only', () => {
      const held = (id: string): Condition => ({
        resourceType: 'Condition',
        id,
        code: { text: `Problem ${id}` },
        subject: { reference: `Patient/${a.patientId}` },
        meta: { source: 'urn:ods:A81999' },
      });
      const provenance: FhirResource = {
        resourceType: 'Provenance',
        id: 'prov1',
        target: [{ reference: 'Condition/p1' }],
        recorded: '2026-10-01T10:00:00Z',
        agent: [{ who: { reference: 'Organization/o-ooh' } }],
      };
      const items = buildSection('problems', [held('p1'), held('p2'), provenance, ...orgs], { now }).items;
      expect(items.map((i) => [i.id, i.sourceText]).sort()).to.deep.equal([
        ['p1', 'Northbridge Out of Hours (community, urgent care or other)'],
        ['p2', 'Record held by Riverside Medical Practice (GP practice)'],
      ]);
    });

    it('where the server held a record is never shown as who prescribed it', () => {
      const ms: MedicationStatement = {
        resourceType: 'MedicationStatement',
        id: 'ms-held',
        status: 'active',
        meta: { source: 'urn:ods:A81999' },
        subject: { reference: `Patient/${a.patientId}` },
        medicationCodeableConcept: { text: 'Ramipril 5mg capsules' },
      };
      const item = buildSection('medicines', [ms, orgs[4]], { now }).items[0];
      expect(item.sourceText).to.equal('Record held by Riverside Medical Practice (GP practice)');
      expect(item.fields.find((f) => f.label === 'Prescribed by')?.value).to.equal('Not recorded');
    });
  });
});
