/**
 * Units the engine knows and converts between. A result in a unit outside these tables is never
 * guessed at: it is left out and counted (`unknown-unit`), and a rule whose own unit is not here is
 * rejected by `parseRuleSet`.
 */

/** Canonical spelling of a unit: `mL/min/{1.73_m2}` -> `ml/min/1.73m2`, `mg/mmol{creat}` -> `mg/mmol`, `µmol/L` -> `umol/l`. */
export function normaliseUnit(unit: string): string {
  let u = unit.trim().toLowerCase().replace(/\s+/g, '');
  // the eGFR annotation names the body surface area: keep it; other UCUM annotations ({creat}) carry no meaning
  u = u.replace(/\{1\.73_?m\^?2\}/g, '1.73m2').replace(/\{[^}]*\}/g, '');
  u = u.replace(/1\.73_?m\^?2/g, '1.73m2');
  u = u.replace(/[µμ]/g, 'u').replace(/^micromol/, 'umol');
  return u === 'percent' ? '%' : u;
}

/** HbA1c: IFCC (mmol/mol) = 10.929 x (DCCT % - 2.15). */
export const hba1cPercentToMmolMol = (pct: number): number => 10.929 * (pct - 2.15);
export const hba1cMmolMolToPercent = (mmol: number): number => mmol / 10.929 + 2.15;

/**
 * Urine albumin:creatinine ratio: 1 mg/mmol = 8.84 mg/g (creatinine 113.12 g/mol, so 1 mmol of
 * creatinine weighs 0.11312 g). UK laboratories report mg/mmol; the KFRE was fitted in mg/g.
 */
export const ACR_MG_PER_G_PER_MG_PER_MMOL = 1 / 0.11312;
export const acrMgMmolToMgG = (v: number): number => v * ACR_MG_PER_G_PER_MG_PER_MMOL;

/** Serum creatinine: 1 mg/dL = 88.42 µmol/L. */
const CREATININE_UMOL_PER_MG_DL = 88.42;

/** Units that convert into each other by a factor: value in `base` = value x factor. */
const FACTOR_GROUPS: ReadonlyArray<Readonly<Record<string, number>>> = [
  { 'mg/g': 1, 'ug/mg': 1, 'mg/mmol': ACR_MG_PER_G_PER_MG_PER_MMOL },
  { 'umol/l': 1, 'mg/dl': CREATININE_UMOL_PER_MG_DL },
  { 'ml/min/1.73m2': 1 },
  { 'mmol/l': 1 },
  { l: 1, ml: 0.001 },
];

const HBA1C: Readonly<Record<string, (v: number) => number>> = {
  '%->mmol/mol': hba1cPercentToMmolMol,
  'mmol/mol->%': hba1cMmolMolToPercent,
};

/** Whether the engine knows `unit` (so it can convert results into it). */
export function isKnownUnit(unit: string): boolean {
  const u = normaliseUnit(unit);
  return u === '%' || u === 'mmol/mol' || FACTOR_GROUPS.some((g) => u in g);
}

/** Whether two units convert into each other. */
export function sameDimension(a: string, b: string): boolean {
  return convertUnit(1, a, b) !== undefined;
}

/** Converts `value` from `from` to `to`; undefined when the units are unknown to each other. */
export function convertUnit(value: number, from: string, to: string): number | undefined {
  const f = normaliseUnit(from);
  const t = normaliseUnit(to);
  if (f === t) return value;
  const hba1c = HBA1C[`${f}->${t}`];
  if (hba1c) return hba1c(value);
  for (const g of FACTOR_GROUPS) {
    const a = g[f];
    const b = g[t];
    if (a !== undefined && b !== undefined) return (value * a) / b;
  }
  return undefined;
}
