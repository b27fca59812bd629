// The record layer: where raw resources become something a model reads.
export {
  SYSTEM,
  NHS_NUMBER_SYSTEMS,
  ODS_SYSTEMS,
  UBRN_SYSTEMS,
  ORG_ROLE_SYSTEMS,
  isNhsNumberSystem,
  isOdsSystem,
  isUbrnSystem,
} from './systems.js';
export { isFhirId } from './ids.js';
export {
  parseReferenceString,
  parseReference,
  referenceKey,
  referenceVersion,
  normaliseBaseUrl,
  type ReferenceTarget,
} from './reference.js';
export { ClinicalRecord, type RecordOptions, type Resolution, type ResolvedVia, type UnresolvableReason } from './record.js';
export { ForeignRecord } from './foreign-record.js';
export {
  ODS_ROLE_KINDS,
  careSettingOfKind,
  describeOrganisation,
  odsCodeOf,
  odsFromMetaSource,
  organisationByOds,
  organisationKind,
  organisationOf,
  organisationRoles,
  organisationKindText,
  organisationLabel,
  rolesOfPractitioner,
  type OrganisationInfo,
  type OrganisationKind,
} from './organisation.js';
export {
  ATTRIBUTION_FIELDS,
  attributionsOf,
  describeActor,
  isPatientReported,
  originOf,
  provenanceOf,
  type ActorKind,
  type Attribution,
  type ItemOrigin,
} from './provenance.js';
export { loadReferenced, REFERENCED_CHUNK, type LoadReferencedOptions } from './load-referenced.js';
