// en-GB strings of @joinedcare/patient-banner (data only; messages.ts registers them). Every key starts with the package prefix.
// (The banner's older labels, such as bannerBorn, are still in core's catalogue.)

export const patientBannerStrings = {
  // the allergy indicator (packages/patient-banner/src/allergies.ts)
  pbAllergies: 'Allergies',
  pbAllergiesLoading: 'Loading allergies…',
  pbAllergiesNotAvailable: 'Allergy information not available',
  pbAllergiesNoneRecorded: 'No allergies recorded',
  pbAllergiesIncomplete: 'Some allergy information could not be loaded',
  pbNoKnownAllergies: 'No known allergies',
  pbNoKnownDrugAllergies: 'No known drug allergies',
  pbNoKnownFoodAllergies: 'No known food allergies',
  pbNoKnownEnvironmentalAllergies: 'No known environmental allergies',
  pbHighCriticality: 'high criticality',
  pbUnconfirmed: 'unconfirmed',
  pbUnnamedAllergy: 'Unnamed allergy',
  pbUnnamedAllergyCode: 'Unnamed allergy (code {code})',
} as const;
