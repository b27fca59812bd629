/**
 * The 4-variable Kidney Failure Risk Equation (KFRE): the risk that a person with CKD G3a–G5 needs
 * renal replacement therapy (dialysis or a transplant) within 2 or 5 years, from age, sex, eGFR and
 * the urine albumin:creatinine ratio (ACR). NICE NG203 names the 5-year 4-variable KFRE in its
 * referral criteria (refer when the risk is greater than 5%).
 *
 *   risk = 1 − S0 ^ exp( −0.2201 × (age/10 − 7.036) + 0.2467 × (male − 0.5642)
 *                        − 0.5567 × (eGFR/5 − 7.222) + 0.4510 × (ln(ACR in mg/g) − 5.137) )
 *
 * Coefficients: Tangri N et al. A predictive model for progression of chronic kidney disease to
 * kidney failure. JAMA 2011;305(15):1553–1559 (doi:10.1001/jama.2011.451). Baseline survival S0
 * by region: Tangri N, Grams ME, Levey AS, et al. Multinational assessment of accuracy of equations
 * for predicting risk of kidney failure: a meta-analysis. JAMA 2016;315(2):164–174
 * (doi:10.1001/jama.2015.18202): North America 0.9750 (2 years) and 0.9240 (5 years); the
 * recalibration for populations outside North America 0.9832 and 0.9365. The non-North American
 * equation was externally validated in UK primary care by Major RW, Shepherd D, Medcalf JF, Xu G,
 * Gray LJ, Brunskill NJ. The Kidney Failure Risk Equation for prediction of end stage renal disease
 * in UK primary care: an external validation and clinical impact projection cohort study. PLOS Med
 * 2019;16(11):e1002955 (doi:10.1371/journal.pmed.1002955), which found excellent discrimination and
 * some overprediction at low risk. ACR in mg/mmol (UK laboratories) is converted to mg/g (× 8.84).
 */
import { ageInYears } from '@joinedcare/core';
import { akiWindows, outsideAki } from './aki.js';
import { NOT_MET, codesOf, compare, unknown, type Verdict } from './criteria.js';
import { evidenceOf, readings, type Warnings } from './readings.js';
import type { EvidenceItem, NotCheckedReason, PatientRecord } from './outcome.js';
import type { KfreCriteria } from './types.js';
import { convertUnit, normaliseUnit } from './units.js';

/** The 4-variable coefficients (Tangri 2011) and the centring values they apply to. */
export const KFRE_4_VARIABLE = {
  age: -0.2201,
  male: 0.2467,
  egfr: -0.5567,
  lnAcr: 0.451,
  centre: { age10: 7.036, male: 0.5642, egfr5: 7.222, lnAcr: 5.137 },
} as const;

/** Baseline survival at 2 and 5 years (Tangri 2016). */
export const KFRE_BASELINE_SURVIVAL = {
  'north-american': { 2: 0.975, 5: 0.924 },
  'non-north-american': { 2: 0.9832, 5: 0.9365 },
} as const;

export interface KfreInput {
  age: number;
  male: boolean;
  /** mL/min/1.73m2. */
  egfr: number;
  /** mg/g. */
  acrMgPerG: number;
}

/** The risk (0–1) of kidney failure within `horizonYears`; NaN when the ACR is not positive. */
export function kfre4(input: KfreInput, horizonYears: 2 | 5, calibration: keyof typeof KFRE_BASELINE_SURVIVAL): number {
  if (!(input.acrMgPerG > 0)) return Number.NaN;
  const k = KFRE_4_VARIABLE;
  const x =
    k.age * (input.age / 10 - k.centre.age10) +
    k.male * ((input.male ? 1 : 0) - k.centre.male) +
    k.egfr * (input.egfr / 5 - k.centre.egfr5) +
    k.lnAcr * (Math.log(input.acrMgPerG) - k.centre.lnAcr);
  return 1 - KFRE_BASELINE_SURVIVAL[calibration][horizonYears] ** Math.exp(x);
}

/** The KFRE criterion: worked out from the latest eGFR (outside AKI windows) and the latest ACR in the window. */
export function kfreVerdict(c: KfreCriteria, record: PatientRecord, now: Date, w: Warnings): Verdict {
  const egfrSet = readings(codesOf(c.egfr), 'mL/min/1.73m2', c.windowMonths, record.observations, now, w);
  const egfrs = outsideAki(egfrSet.readings, akiWindows(c.aki, record, now, c.windowMonths, egfrSet.readings), w);
  const egfr = egfrs[0];
  // no eGFR, or one of 60 or more: not CKD G3a–G5, so the equation does not apply
  if (!egfr) return egfrSet.unusable.length ? unknown({ kind: 'unusable-results', label: 'eGFR' }) : NOT_MET;
  if (egfrSet.unusable.some((t) => t > egfr.t)) return unknown({ kind: 'unusable-results', label: 'eGFR' });
  if (egfr.value >= (c.egfrBelow ?? 60)) return NOT_MET;
  const reasons: NotCheckedReason[] = [];
  const acrSet = readings(codesOf(c.acr), 'mg/g', c.windowMonths, record.observations, now, w);
  const acr = acrSet.readings.find((r) => r.value > 0);
  if (!acr)
    reasons.push(
      acrSet.unusable.length
        ? { kind: 'unusable-results', label: 'ACR' }
        : { kind: 'missing-result', label: 'ACR', months: c.windowMonths },
    );
  else if (acrSet.unusable.some((t) => t > acr.t)) reasons.push({ kind: 'unusable-results', label: 'ACR' });
  const gender = record.patient?.gender;
  if (gender !== 'male' && gender !== 'female') reasons.push({ kind: 'no-sex' });
  const age = ageInYears(record.patient?.birthDate, now);
  if (age === undefined) reasons.push({ kind: 'no-birth-date' });
  if (reasons.length || !acr || age === undefined || (gender !== 'male' && gender !== 'female')) return unknown(...reasons);
  const risk = kfre4({ age, male: gender === 'male', egfr: egfr.value, acrMgPerG: acr.value }, c.horizonYears, c.calibration) * 100;
  // the ACR as the rule shows it (mg/mmol in the UK), with the value as recorded when that was another unit
  const recorded = acr.recorded ?? { value: acr.value, unit: 'mg/g' };
  const { t: _t, recorded: _r, ...acrItem } = acr;
  const acrShown: EvidenceItem = {
    ...acrItem,
    value: convertUnit(acr.value, 'mg/g', c.acrUnit) ?? acr.value,
    unit: c.acrUnit,
    ...(normaliseUnit(recorded.unit) !== normaliseUnit(c.acrUnit) ? { recorded } : {}),
  };
  const met = compare(risk, c.comparator, c.valuePercent);
  return {
    state: met ? 'met' : 'not-met',
    evidence: met ? [evidenceOf(egfr), acrShown] : [],
    finding: {
      kind: 'kfre',
      riskPercent: risk,
      horizonYears: c.horizonYears,
      calibration: c.calibration,
      age,
      sex: gender,
      egfr: evidenceOf(egfr),
      acr: acrShown,
    },
  };
}
