// @joinedcare/patient-banner: side-effect-free exports. Import './define.js' to register the tag.
export { JcPatientBanner } from './patient-banner.js';
export * from './model.js';
