// Welsh (cy) strings of @joinedcare/patient-banner: loaded on demand (messages.ts) when the banner is shown in Welsh.
// (The banner's older labels, such as bannerBorn, are in core's Welsh catalogue, packages/core/src/i18n/cy.ts.)
// MACHINE-DRAFTED: to be reviewed by a Welsh-language clinical translator before clinical use
// (docs/i18n.md). Placeholders are the English ones, unchanged.
import type { LocaleStrings } from '@joinedcare/core';

export const patientBannerCy: LocaleStrings = {
  pbAllergies: 'Alergeddau',
  pbAllergiesLoading: 'Yn llwytho alergeddau…',
  pbAllergiesNotAvailable: 'Gwybodaeth am alergeddau ddim ar gael',
  pbAllergiesNoneRecorded: 'Dim alergeddau wedi’u cofnodi',
  pbAllergiesIncomplete: 'Nid oedd modd llwytho rhywfaint o’r wybodaeth am alergeddau',
  pbNoKnownAllergies: 'Dim alergeddau hysbys',
  pbNoKnownDrugAllergies: 'Dim alergeddau hysbys i gyffuriau',
  pbNoKnownFoodAllergies: 'Dim alergeddau hysbys i fwyd',
  pbNoKnownEnvironmentalAllergies: 'Dim alergeddau amgylcheddol hysbys',
  pbHighCriticality: 'critigolrwydd uchel',
  pbUnconfirmed: 'heb ei gadarnhau',
  pbUnnamedAllergy: 'Alergedd heb enw',
  pbUnnamedAllergyCode: 'Alergedd heb enw (cod {code})',
};
