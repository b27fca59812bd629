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
export {
  FhirError,
  MAX_SERVER_TEXT,
  describeError,
  isAbort,
  operationOutcomeText,
  redactServerText,
  toFhirError,
  type FhirErrorKind,
} from './fhir/errors.js';
export { RequestCache, sharedRequestCache } from './fhir/request-cache.js';
export { bundleResources, indexResources } from './fhir/bundle.js';
export { searchParts, type SearchPart, type SearchPartsResult } from './fhir/search-parts.js';
export {
  fromSmartClient,
  needPatientBannerContext,
  smartLaunchContext,
  type SmartClientLike,
  type SmartLaunchContext,
  type SmartTokenResponse,
} from './fhir/smart.js';
export {
  JC_CONTEXTS,
  clockContext,
  fhirClientContext,
  localeContext,
  patientContext,
  settingContext,
  systemClock,
  type CareSetting,
  type Clock,
  type PatientInContext,
} from './context/contexts.js';
export { NHS_NUMBER_SYSTEM, makePatientInContext, nhsNumberOf, normaliseNhsNumber } from './context/patient.js';
export {
  confirmPatient,
  identityWho,
  patientScopeKey,
  resolvePatient,
  type ConfirmedIdentity,
  type IdentityNotice,
} from './context/identity.js';
export { digest } from './fhir/digest.js';
export {
  belongsToPatient,
  guardResources,
  refuseForeignAnswer,
  patientIdFromReference,
  type GuardOptions,
  type GuardResult,
  type PatientIdentity,
  type RejectedResource,
  type RejectionReason,
} from './context/guard.js';
export { JcContext, defineJcContext, ensureContextRoot } from './context/jc-context.js';
export { JcElement, type JcEventMap, type PatientLoadInput, type PatientScoped, type SafetyWarningDetail } from './element/jc-element.js';
export { safeDefine } from './element/define.js';
export { baseStyles, tokenNames, tokenStyles } from './element/tokens.js';
export {
  CHUNK_SIZE,
  mapChunked,
  mappingJob,
  runChunked,
  throwIfAborted,
  yieldToMain,
  type ChunkedOptions,
  type Steppable,
} from './element/main-thread.js';
export * from './format/index.js'; // an index of explicit exports
export {
  catalogueProblems,
  coreMessages,
  defineMessages,
  enGB,
  definedCatalogues,
  msg,
  onLocaleChange,
  registerLocale,
  registeredLocales,
  translate,
  translator,
  type Catalogue,
  type JcMessages,
  type MessageCatalogue,
  type MessageKey,
  type MessageKeys,
  type MessageValue,
  type PluralForms,
} from './i18n/index.js';
export { allPluralForms, loadLocale, localeLoaders, type LocaleLoader, type LocaleStrings } from './i18n/lazy.js';
export * from './record/index.js'; // an index of explicit exports
