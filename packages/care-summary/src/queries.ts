import type { SearchParams } from '@joinedcare/core';
import type { SectionKey } from './sections.js';

/** One FHIR search a section makes. */
export interface SectionQuery {
  type: string;
  params: SearchParams;
  /** Page cap for `searchAll`. */
  maxPages?: number;
}

/** Page size of the results search (the fixture server allows up to 1000). */
export const RESULTS_PAGE_SIZE = 500;

/**
 * The searches each section makes for a patient (by logical id). Every search is narrowed by
 * `patient`, sorted newest first where the type has a date search parameter, and includes the
 * Medication and Organization resources the section needs to name medicines and sources.
 */
export function sectionQueries(key: SectionKey, patientId: string): SectionQuery[] {
  const patient = patientId;
  switch (key) {
    case 'problems':
      return [{ type: 'Condition', params: { patient, _count: 100, _sort: '-recorded-date' } }];
    case 'medicines':
      return [
        { type: 'MedicationStatement', params: { patient, _count: 200, _sort: '-effective', _include: 'MedicationStatement:medication' } },
        { type: 'MedicationRequest', params: { patient, _count: 200, _sort: '-authoredon', _include: 'MedicationRequest:medication' } },
      ];
    case 'allergies':
      return [{ type: 'AllergyIntolerance', params: { patient, _count: 100, _sort: '-date' } }];
    case 'results':
      return [
        {
          type: 'Observation',
          params: { patient, _count: RESULTS_PAGE_SIZE, _sort: '-date', _include: 'Observation:performer' },
          maxPages: 20,
        },
      ];
    case 'encounters':
      return [{ type: 'Encounter', params: { patient, _count: 100, _sort: '-date', _include: 'Encounter:service-provider' } }];
    case 'documents':
      return [
        {
          type: 'DocumentReference',
          params: { patient, _count: 100, _sort: '-date', _include: ['DocumentReference:custodian', 'DocumentReference:author'] },
        },
      ];
    case 'immunisations':
      return [{ type: 'Immunization', params: { patient, _count: 100, _sort: '-date', _include: 'Immunization:performer' } }];
    case 'care-team':
      return [
        { type: 'Patient', params: { _id: patientId, _include: 'Patient:general-practitioner' } },
        { type: 'CareTeam', params: { patient, _count: 50, _include: 'CareTeam:participant' } },
      ];
    case 'care-plans':
      return [{ type: 'CarePlan', params: { patient, _count: 50, _sort: '-date' } }];
    case 'procedures':
      return [{ type: 'Procedure', params: { patient, _count: 100, _sort: '-date', _include: 'Procedure:performer' } }];
    case 'consultations':
    case 'referrals':
    case 'diary':
    case 'uncategorised':
      // only a GP Connect record (or an IPS document) says what belongs here: nothing to search for
      return [];
  }
}

/** The GP Connect style Lists that carry section warnings. */
export function listQuery(patientId: string): SectionQuery {
  return { type: 'List', params: { patient: patientId, _count: 50 } };
}
