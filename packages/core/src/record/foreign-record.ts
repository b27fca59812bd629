// A record of data from another system, handed in by the host (a GP Connect structured record that
// the host relays from the GP practice's system): its ids are that system's, never this server's.
import type { FhirResource } from 'fhir/r4.js';
import { ClinicalRecord } from './record.js';

/**
 * A `ClinicalRecord` whose every resource's id is local to the data it came in (as if each had a
 * `urn:` fullUrl): the patient guard then compares a Patient in it by NHS number, never by id with
 * the id the context's server gave the patient. References between its resources resolve as in any
 * record. Use it only for data from another system; a Bundle read from this server keeps the
 * server's ids (`ClinicalRecord`).
 */
export class ForeignRecord extends ClinicalRecord {
  override isLocal(_resource: FhirResource): boolean {
    return true;
  }
}
