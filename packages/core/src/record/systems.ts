// Code systems, identifier systems and extension URLs the widgets read: one list, in core.

/** Identifier and code systems, by what they identify. */
export const SYSTEM = {
  /** NHS number (FHIR R4, UK Core). */
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  /** NHS number as FHIR STU3 services (GP Connect, e-RS STU3) write it. */
  nhsNumberStu3: 'http://fhir.nhs.net/Id/nhs-number',
  /** ODS organisation code (`RAX`, `A81999`). */
  ods: 'https://fhir.nhs.uk/Id/ods-organization-code',
  /** ODS site code (`RAX01`). */
  odsSite: 'https://fhir.nhs.uk/Id/ods-site-code',
  /** e-Referral Service Unique Booking Reference Number. */
  ubrn: 'https://fhir.nhs.uk/Id/UBRN',
  /** The UBRN as e-RS STU3 writes it. */
  ubrnStu3: 'https://fhir.nhs.uk/Id/ubr-number',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  /** ODS organisation role codes (`RO76`, `RO197`, …) in UK Core. */
  orgRole: 'https://fhir.nhs.uk/CodeSystem/organisation-role',
  /** ODS organisation role codes as the ODS API (STU3) writes them. */
  orgRoleOdsApi: 'https://directory.spineservices.nhs.uk/STU3/CodeSystem/ODSAPI-OrganizationRole-1',
  /** ODS organisation role codes as the ODS FHIR API (R4) writes them. */
  orgRoleOds: 'https://digital.nhs.uk/services/organisation-data-service/CodeSystem/ODSOrganisationRoleType',
  appointmentCancellation: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
} as const;

/** Every system that names an NHS number (R4 and STU3). */
export const NHS_NUMBER_SYSTEMS: readonly string[] = [SYSTEM.nhsNumber, SYSTEM.nhsNumberStu3];
/** Every system that names an ODS code of an organisation or a site. */
export const ODS_SYSTEMS: readonly string[] = [SYSTEM.ods, SYSTEM.odsSite];
/** Every system that names a UBRN. */
export const UBRN_SYSTEMS: readonly string[] = [SYSTEM.ubrn, SYSTEM.ubrnStu3];
/** Every system that carries ODS role codes. */
export const ORG_ROLE_SYSTEMS: readonly string[] = [SYSTEM.orgRole, SYSTEM.orgRoleOdsApi, SYSTEM.orgRoleOds];

/** Whether `system` names an NHS number. */
export const isNhsNumberSystem = (system: unknown): boolean => typeof system === 'string' && NHS_NUMBER_SYSTEMS.includes(system);
/** Whether `system` names an ODS code. */
export const isOdsSystem = (system: unknown): boolean => typeof system === 'string' && ODS_SYSTEMS.includes(system);
/** Whether `system` names a UBRN. */
export const isUbrnSystem = (system: unknown): boolean => typeof system === 'string' && UBRN_SYSTEMS.includes(system);
