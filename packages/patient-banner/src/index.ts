// @joinedcare/patient-banner: side-effect-free exports. Import './define.js' to register the tag.
export { JcPatientBanner } from './patient-banner.js';
export {
  NHS_VERIFICATION_EXTENSION,
  nhsIdentifier,
  nhsNumberStatus,
  bannerModel,
  type NhsNumberStatus,
  type BannerModel,
} from './model.js';
export { allergyIndicator, type AllergyIndicator, type BannerAllergy } from './allergies.js';
export { patientBannerMessages, pbMsg } from './messages.js';
