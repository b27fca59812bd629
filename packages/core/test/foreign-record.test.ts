// ForeignRecord: data from another system (a GP Connect record the host relays) is checked by NHS
// number, never by comparing that system's ids with this server's.
import { expect } from '@open-wc/testing';
import type { Condition, Patient } from 'fhir/r4.js';
import { ClinicalRecord, ForeignRecord, guardResources } from '../src/index.js';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const patient = (id: string, nhsNumber?: string): Patient => ({
  resourceType: 'Patient',
  id,
  ...(nhsNumber ? { identifier: [{ system: NHS, value: nhsNumber }] } : {}),
});
const condition = (id: string, patientId: string): Condition => ({
  resourceType: 'Condition',
  id,
  subject: { reference: `Patient/${patientId}` },
});
/** The patient as this server confirmed them: its own id, and the NHS number. */
const who = { id: 'hospital-42', nhsNumber: '9434765919' };

describe('ForeignRecord', () => {
  it('a Patient from another system is this patient by NHS number, whatever its id there', () => {
    const data = [patient('gp-system-9', '9434765919'), condition('c1', 'gp-system-9')];
    // read as this server's data, the other system's id says "another patient"
    expect(guardResources(data, who, { record: new ClinicalRecord(data) }).accepted).to.have.length(0);
    const r = guardResources(data, who, { record: new ForeignRecord(data) });
    expect(r.accepted).to.deep.equal(data);
    expect(new ForeignRecord(data).isLocal(data[0])).to.equal(true);
  });

  it('another NHS number is still another patient', () => {
    const other = [patient('gp-system-9', '9000000009'), condition('c1', 'gp-system-9')];
    const refused = guardResources(other, who, { record: new ForeignRecord(other) });
    expect(refused.accepted).to.deep.equal([]);
    expect(refused.rejected.map((x) => x.reason)).to.deep.equal(['other-patient', 'other-patient']);
  });
});
