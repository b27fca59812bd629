// The pure parts of reading GP Connect and STU3: the R4 shapes, the record's Lists, absence codes,
// the relay's request. No element.
import { expect } from '@open-wc/testing';
import type { AllergyIntolerance, Condition, FhirResource, Immunization, List, Observation } from 'fhir/r4.js';
import { ClinicalRecord } from '@joinedcare/core';
import {
  absenceOf,
  buildSection,
  bundleToR4,
  isGpConnectBundle,
  readGpConnect,
  relayUrl,
  structuredRecordParameters,
  toR4,
} from '../src/index.js';
import { now } from './data.js';
import { consistent, gpc, specListCodes } from './gpc-data.js';

const stu3 = <T>(r: Record<string, unknown>): T => r as unknown as T;

describe('GP Connect and STU3, read', () => {
  it('STU3 fields are read in R4 shape, without changing the resource handed in', () => {
    const allergy = stu3<AllergyIntolerance>({
      resourceType: 'AllergyIntolerance',
      id: 'a1',
      clinicalStatus: 'active',
      verificationStatus: 'unconfirmed',
      assertedDate: '2016-02-08',
      category: 'food',
    });
    const r4 = toR4(allergy);
    expect(r4.clinicalStatus?.coding?.[0].code).to.equal('active');
    expect(r4.verificationStatus?.coding?.[0].code).to.equal('unconfirmed');
    expect(r4.recordedDate).to.equal('2016-02-08');
    expect(r4.category).to.deep.equal(['food']);
    expect((allergy as unknown as { clinicalStatus: string }).clinicalStatus).to.equal('active');
    // GP Connect's fixed verificationStatus carries no meaning and is not read
    const gpcAllergy = toR4(
      stu3<AllergyIntolerance>({
        ...allergy,
        meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-AllergyIntolerance-1'] },
      }),
    );
    expect(gpcAllergy.verificationStatus).to.equal(undefined);
    const imm = toR4(
      stu3<Immunization>({
        resourceType: 'Immunization',
        id: 'i1',
        status: 'completed',
        notGiven: true,
        date: '2019-09-28',
        practitioner: [{ actor: { reference: 'Practitioner/p1' } }],
      }),
    );
    expect(imm.status).to.equal('not-done');
    expect(imm.occurrenceDateTime).to.equal('2019-09-28');
    expect(imm.performer?.[0].actor.reference).to.equal('Practitioner/p1');
    const obs = toR4(
      stu3<Observation>({
        resourceType: 'Observation',
        id: 'o1',
        interpretation: { coding: [{ code: 'H' }] },
        comment: 'Haemolysed',
        related: [{ type: 'has-member', target: { reference: 'Observation/o2' } }],
      }),
    );
    expect(obs.interpretation).to.have.length(1);
    expect(obs.note).to.deep.equal([{ text: 'Haemolysed' }]);
    expect(obs.hasMember).to.deep.equal([{ reference: 'Observation/o2' }]);
    const cond = toR4(stu3<Condition>({ resourceType: 'Condition', id: 'c1', clinicalStatus: 'inactive', note: 'due to obesity' }));
    expect(cond.clinicalStatus?.coding?.[0].code).to.equal('inactive');
    expect(cond.note).to.deep.equal([{ text: 'due to obesity' }]);
    // an R4 resource is returned as it is
    const r4Allergy: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      id: 'x',
      patient: { reference: 'Patient/1' },
      recordedDate: '2020-01-01',
    };
    expect(toR4(r4Allergy)).to.equal(r4Allergy);
    for (const junk of [null, 42, 'x', { resourceType: 'Condition', clinicalStatus: 5 }]) expect(() => toR4(junk)).not.to.throw();
  });

  it('a GP Connect record: its Lists give each area its members, warnings, emptyReason and notes; unknown Lists are counted', async () => {
    const published = await gpc('allergies_response1.json');
    expect(isGpConnectBundle(published)).to.equal(true);
    expect(isGpConnectBundle({ resourceType: 'Bundle', type: 'collection', entry: [] })).to.equal(false);
    const bundle = bundleToR4(specListCodes(consistent(published)));
    const record = ClinicalRecord.fromBundle(bundle);
    const lists = record.ofType<List>('List');
    const contained = lists.flatMap((l) => l.contained ?? []);
    const read = readGpConnect([...record.resources, ...contained], record);
    const allergies = read.sections.get('allergies')!;
    expect(allergies.members.map((m) => m.id)).to.deep.equal([
      '6bff710a-0bdc-4c9b-b98b-40db0a107edc',
      '5eb0f76a-cecb-4b83-999d-ddb76e551a9b',
      'd92b7d42-554d-4c92-b829-e76508185702',
      'Resolved-1',
    ]);
    expect(allergies.missing).to.equal(1);
    expect(read.unreadableLists).to.equal(0);
    expect([...read.sections.keys()]).to.deep.equal(['allergies']);
    const model = buildSection(
      'allergies',
      [...record.resources, ...contained],
      { now, record },
      { members: allergies.members, gpConnect: allergies },
    );
    expect(model.items.find((i) => i.id === 'Resolved-1')!.group).to.equal('Ended allergies');
    // the published ended list (code "TBD") is not a known List
    const asPublished = ClinicalRecord.fromBundle(bundleToR4(consistent(published)));
    expect(readGpConnect(asPublished.resources, asPublished).unreadableLists).to.equal(1);
    // junk never throws
    const junk = [
      { resourceType: 'List', code: 5, entry: [null, 7] },
      { resourceType: 'OperationOutcome', issue: 'x' },
    ] as unknown as FhirResource[];
    expect(() => readGpConnect(junk, new ClinicalRecord(junk))).not.to.throw();
  });

  it('absence codes: IPS 1.x absent/unknown and SNOMED CT situations, as coded', () => {
    const ips = (code: string, display?: string) => ({
      resourceType: 'AllergyIntolerance',
      code: { coding: [{ system: 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips', code, ...(display ? { display } : {}) }] },
    });
    expect(absenceOf(ips('no-allergy-info', 'No information about allergies'))).to.deep.include({
      kind: 'not-available',
      term: 'No information about allergies',
    });
    expect(absenceOf(ips('no-known-allergies'))).to.deep.include({ kind: 'none-known', fallback: 'csAbsNoKnownAllergy' });
    expect(
      absenceOf({
        resourceType: 'MedicationStatement',
        medicationCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '787481004' }] },
      }),
    ).to.deep.include({ kind: 'none-known' });
    expect(absenceOf({ resourceType: 'Condition', code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003' }] } })).to.equal(
      undefined,
    );
  });

  it('the relay: the operation’s Parameters for the NHS number, and only an endpoint of this origin', () => {
    const p = structuredRecordParameters('9434765919') as {
      parameter: Array<{ name: string; part?: Array<{ name: string; valueBoolean: boolean }> }>;
    };
    expect(p.parameter.find((x) => x.name === 'includeAllergies')!.part).to.deep.equal([
      { name: 'includeResolvedAllergies', valueBoolean: true },
    ]);
    expect(p.parameter.find((x) => x.name === 'includeMedication')!.part).to.deep.equal([
      { name: 'includePrescriptionIssues', valueBoolean: true },
    ]);
    expect(relayUrl('/gpc', 'https://ward.example.nhs.uk/page').href).to.equal('https://ward.example.nhs.uk/gpc');
    expect(() => relayUrl('https://elsewhere.example.org/gpc', 'https://ward.example.nhs.uk/page')).to.throw('own origin');
  });
});
