// @joinedcare/core: side-effect-free exports. Import '@joinedcare/core/define.js' to register <jc-context>.
export * from './fhir/client.js';
export * from './fhir/errors.js';
export * from './fhir/request-cache.js';
export * from './fhir/bundle.js';
export * from './context/contexts.js';
export * from './context/patient.js';
export * from './context/guard.js';
export { JcContext, defineJcContext, ensureContextRoot } from './context/jc-context.js';
export * from './element/jc-element.js';
export * from './element/define.js';
export * from './element/tokens.js';
export * from './element/main-thread.js';
export * from './format/index.js';
export * from './i18n/index.js';
export * from './fhir/smart.js';
