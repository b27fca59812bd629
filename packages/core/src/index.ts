// @joinedcare/core: side-effect-free exports. Import '@joinedcare/core/define.js' to register <jc-context>.
export {
  FetchFhirClient,
  toSearchParams,
  type CreateOptions,
  type FetchFhirClientOptions,
  type FhirClient,
  type GetAccessToken,
  type RequestOptions,
  type SearchAllOptions,
  type SearchAllResult,
  type SearchParams,
} from './fhir/client.js';
export * from './fhir/errors.js';
export * from './fhir/request-cache.js';
export { bundleResources, indexResources } from './fhir/bundle.js';
export { searchParts, type SearchPart, type SearchPartsResult } from './fhir/search-parts.js';
export * from './fhir/smart.js';
export * from './context/contexts.js';
export * from './context/patient.js';
export {
  confirmPatient,
  identityWho,
  patientScopeKey,
  resolvePatient,
  type ConfirmedIdentity,
  type IdentityNotice,
} from './context/identity.js';
export { digest } from './fhir/digest.js';
export * from './context/guard.js';
export { JcContext, defineJcContext, ensureContextRoot } from './context/jc-context.js';
export * from './element/jc-element.js';
export * from './element/define.js';
export * from './element/tokens.js';
export * from './element/main-thread.js';
export * from './format/index.js';
export * from './i18n/index.js';
export * from './record/index.js';
