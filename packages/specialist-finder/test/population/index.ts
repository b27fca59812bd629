/**
 * The case-finding population: a practice whose records meet the example rules a KNOWN number of
 * times. Every patient takes one slot of a 100-slot cycle; each slot is a case the rules must get
 * right, including the traps: an AKI spike (creatinine 1.9 times baseline) and a coded AKI that a
 * first-to-last slope reads as a fast decline, eGFR series that mix the MDRD and CKD-EPI equations,
 * a child with a fast eGFR fall and a high HbA1c, a patient whose e-RS referral carries the specialty
 * only as e-RS codes, specialist attendances and episodes of care, results without units, a patient
 * without a date of birth or a sex, and one patient registered with another practice.
 * `FINDER_EXPECTED` gives, per rule and per 100 patients, how many match, are excluded by
 * specialist contact, or could not be checked. Deterministic (no randomness in anything a rule reads).
 */
import type { Group, Organization, Patient, Resource } from 'fhir/r4.js';
import { NHS_NUMBER_VERIFICATION, addDays, generateTestNhsNumber, isoDate, rngFor } from '@joinedcare/fixtures';
import { CaseBuilder } from './records.js';

export const FINDER_PRACTICE = { id: 'org-C84998', ods: 'C84998', name: 'Millbrook Medical Centre' } as const;
export const OTHER_PRACTICE = { id: 'org-Y00001', ods: 'Y00001', name: 'Eastgate Surgery' } as const;

export const RULE_IDS = [
  'ckd-kfre-5-year-risk',
  'ckd-acr-70',
  'ckd-egfr-fall-25-percent',
  'ckd-egfr-rapid-decline',
  'diabetes-hba1c-persistent',
  'copd-under-40',
  'copd-cor-pulmonale',
] as const;
export type RuleId = (typeof RULE_IDS)[number];
type Status = 'match' | 'excluded' | 'not-checked';

/** Each slot: its age and sex, its records, and what each rule says about it (every other rule: no match). */
interface Slot {
  age?: number;
  gender?: Patient['gender'];
  registered?: 'elsewhere';
  build: (b: CaseBuilder) => void;
  expect: Partial<Record<RuleId, Status>>;
}

const stableEgfr = (v: number) => (b: CaseBuilder) =>
  b
    .result('egfr', 300, v + 1)
    .result('egfr', 150, v)
    .result('egfr', 30, v);
const declining = (b: CaseBuilder) =>
  b.result('egfr', 400, 70).result('egfr', 250, 62).result('egfr', 120, 54).result('egfr', 20, 48).result('acr', 25, 3);
const highHba1c = (b: CaseBuilder) => b.diagnosis('t2dm', 3000).result('hba1c', 400, 60).result('hba1c', 150, 80).result('hba1c', 30, 84);
const kfreMatch = (egfr: number, acr: number) => (b: CaseBuilder) => {
  stableEgfr(egfr)(b);
  b.result('acr', 35, acr);
};

export const SLOTS: Record<string, Slot> = {
  'kfre-match-a': { age: 62, gender: 'male', build: kfreMatch(35, 40), expect: { 'ckd-kfre-5-year-risk': 'match' } },
  'kfre-match-b': { age: 75, gender: 'female', build: kfreMatch(33, 30), expect: { 'ckd-kfre-5-year-risk': 'match' } },
  'kfre-match-c': { age: 58, gender: 'male', build: kfreMatch(28, 12), expect: { 'ckd-kfre-5-year-risk': 'match' } },
  'kfre-low-a': { age: 75, gender: 'female', build: kfreMatch(55, 3), expect: {} },
  'kfre-low-b': { age: 80, gender: 'male', build: kfreMatch(50, 1), expect: {} },
  'kfre-no-acr': { age: 70, gender: 'male', build: stableEgfr(40), expect: { 'ckd-kfre-5-year-risk': 'not-checked' } },
  'kfre-no-sex': { age: 70, gender: 'unknown', build: kfreMatch(38, 45), expect: { 'ckd-kfre-5-year-risk': 'not-checked' } },
  'acr-match': {
    age: 64,
    build: (b) => b.result('egfr', 200, 66).result('egfr', 40, 65).result('acr', 40, 85),
    expect: { 'ckd-acr-70': 'match' },
  },
  'acr-mg-g': { age: 52, build: (b) => b.result('egfr', 40, 70).result('acr-mg-g', 40, 800), expect: { 'ckd-acr-70': 'match' } },
  'acr-below': { age: 52, build: (b) => b.result('egfr', 40, 70).result('acr', 40, 69), expect: {} },
  'fall-match': {
    age: 81,
    gender: 'female',
    build: (b) => b.result('egfr', 340, 40).result('egfr', 150, 29).result('egfr', 20, 28.5).result('acr', 30, 2),
    expect: { 'ckd-egfr-fall-25-percent': 'match' },
  },
  'decline-match': { age: 55, gender: 'male', build: declining, expect: { 'ckd-egfr-rapid-decline': 'match' } },
  'decline-old-referral': {
    age: 55,
    gender: 'male',
    build: (b) => declining(b.referral('kidney', 600, { status: 'completed' })),
    expect: { 'ckd-egfr-rapid-decline': 'match' },
  },
  'decline-excl-ers': {
    age: 55,
    gender: 'male',
    build: (b) => declining(b.referral('kidney', 60, { ers: true })),
    expect: { 'ckd-egfr-rapid-decline': 'excluded' },
  },
  'decline-excl-clinic': {
    age: 55,
    gender: 'male',
    build: (b) => declining(b.attendance('kidney', 90)),
    expect: { 'ckd-egfr-rapid-decline': 'excluded' },
  },
  'decline-excl-episode': {
    age: 55,
    gender: 'male',
    build: (b) => declining(b.episode('kidney', 700)),
    expect: { 'ckd-egfr-rapid-decline': 'excluded' },
  },
  'decline-unusable': {
    age: 55,
    gender: 'male',
    build: (b) =>
      b
        .result('egfr', 400, 70)
        .result('egfr', 250, 62, { unit: null })
        .result('egfr', 120, 54, { unit: null })
        .result('egfr', 20, 48)
        .result('acr', 25, 3),
    expect: { 'ckd-egfr-rapid-decline': 'not-checked', 'ckd-egfr-fall-25-percent': 'not-checked' },
  },
  'aki-spike': {
    age: 67,
    gender: 'female',
    build: (b) =>
      b
        .results('egfr', [
          [400, 62],
          [260, 61],
          [120, 60],
          [10, 33],
        ])
        .results('creatinine', [
          [400, 95],
          [260, 96],
          [120, 97],
          [10, 185],
        ]),
    expect: {},
  },
  'aki-coded': {
    age: 50,
    gender: 'female',
    build: (b) =>
      b
        .results('egfr', [
          [300, 58],
          [200, 57],
          [100, 57],
          [12, 30],
        ])
        .diagnosis('aki', 15)
        .result('acr', 100, 2),
    expect: {},
  },
  'mixed-equations': {
    age: 60,
    gender: 'male',
    build: (b) =>
      b
        .results('egfr-mdrd', [
          [400, 75],
          [300, 74],
        ])
        .results('egfr', [
          [330, 56],
          [200, 55],
          [100, 54],
          [20, 54],
        ])
        .result('acr', 20, 2),
    expect: {},
  },
  child: {
    age: 12,
    build: (b) => highHba1c(b.result('egfr', 300, 95).result('egfr', 150, 80).result('egfr', 20, 62)),
    expect: {},
  },
  'hba1c-match': { age: 58, build: highHba1c, expect: { 'diabetes-hba1c-persistent': 'match' } },
  'hba1c-percent': {
    age: 66,
    build: (b) => b.diagnosis('t2dm', 2000).result('hba1c-percent', 150, 9.5).result('hba1c-percent', 30, 10),
    expect: { 'diabetes-hba1c-persistent': 'match' },
  },
  'hba1c-below-local': { age: 58, build: (b) => b.diagnosis('t2dm', 2000).result('hba1c', 150, 70).result('hba1c', 30, 72), expect: {} },
  'hba1c-no-diabetes': { age: 58, build: (b) => b.result('hba1c', 150, 80).result('hba1c', 30, 85), expect: {} },
  'hba1c-excl-advice': { age: 58, build: (b) => highHba1c(b.advice('diabetes', 100)), expect: { 'diabetes-hba1c-persistent': 'excluded' } },
  'hba1c-excl-clinic': {
    age: 58,
    build: (b) => highHba1c(b.attendance('diabetes', 200)),
    expect: { 'diabetes-hba1c-persistent': 'excluded' },
  },
  'hba1c-no-unit': {
    age: 58,
    build: (b) => b.diagnosis('t2dm', 2000).result('hba1c', 150, 80).result('hba1c', 30, 84, { unit: null }),
    expect: { 'diabetes-hba1c-persistent': 'not-checked' },
  },
  'hba1c-no-birth-date': { build: highHba1c, expect: { 'diabetes-hba1c-persistent': 'not-checked' } },
  'hba1c-resolved-diabetes': {
    age: 58,
    build: (b) => b.diagnosis('t2dm', 2000, 'resolved').result('hba1c', 150, 80).result('hba1c', 30, 84),
    expect: {},
  },
  'copd-young': { age: 34, build: (b) => b.diagnosis('copd', 400), expect: { 'copd-under-40': 'match' } },
  'copd-young-descendant': { age: 38, build: (b) => b.diagnosis('copd-moderate', 200), expect: { 'copd-under-40': 'match' } },
  'copd-teen': { age: 15, build: (b) => b.diagnosis('copd', 100), expect: {} },
  'copd-older': { age: 72, build: (b) => b.diagnosis('copd', 3000), expect: {} },
  'copd-cor': { age: 74, build: (b) => b.diagnosis('copd', 3000).diagnosis('cor', 100), expect: { 'copd-cor-pulmonale': 'match' } },
  'copd-cor-old': { age: 74, build: (b) => b.diagnosis('copd', 3000).diagnosis('cor', 500), expect: {} },
  'copd-cor-excl': {
    age: 74,
    build: (b) => b.diagnosis('copd', 3000).diagnosis('cor', 100).referral('respiratory', 30),
    expect: { 'copd-cor-pulmonale': 'excluded' },
  },
  'copd-young-excl': {
    age: 36,
    build: (b) => b.diagnosis('copd', 300).episode('respiratory', 200, 'tfc'),
    expect: { 'copd-under-40': 'excluded' },
  },
  elsewhere: { age: 62, gender: 'male', registered: 'elsewhere', build: kfreMatch(35, 40), expect: {} },
  healthy: { build: (b) => b.result('egfr', 300, 88).result('egfr', 60, 86).result('hba1c', 60, 40), expect: {} },
};
export type SlotName = keyof typeof SLOTS;

/** The 100-slot cycle: how many of each slot (the rest healthy). */
const CYCLE: Array<[SlotName, number]> = [
  ['kfre-match-a', 1],
  ['kfre-match-b', 1],
  ['kfre-match-c', 1],
  ['kfre-low-a', 1],
  ['kfre-low-b', 1],
  ['kfre-no-acr', 2],
  ['kfre-no-sex', 1],
  ['acr-match', 2],
  ['acr-mg-g', 1],
  ['acr-below', 1],
  ['fall-match', 2],
  ['decline-match', 3],
  ['decline-old-referral', 1],
  ['decline-excl-ers', 1],
  ['decline-excl-clinic', 1],
  ['decline-excl-episode', 1],
  ['decline-unusable', 1],
  ['aki-spike', 1],
  ['aki-coded', 1],
  ['mixed-equations', 1],
  ['child', 1],
  ['hba1c-match', 3],
  ['hba1c-percent', 1],
  ['hba1c-below-local', 2],
  ['hba1c-no-diabetes', 1],
  ['hba1c-excl-advice', 1],
  ['hba1c-excl-clinic', 1],
  ['hba1c-no-unit', 1],
  ['hba1c-no-birth-date', 1],
  ['hba1c-resolved-diabetes', 1],
  ['copd-young', 1],
  ['copd-young-descendant', 1],
  ['copd-teen', 1],
  ['copd-older', 3],
  ['copd-cor', 2],
  ['copd-cor-old', 1],
  ['copd-cor-excl', 1],
  ['copd-young-excl', 1],
  ['elsewhere', 1],
];
const CYCLE_SLOTS: SlotName[] = CYCLE.flatMap(([s, k]) => Array<SlotName>(k).fill(s));
while (CYCLE_SLOTS.length < 100) CYCLE_SLOTS.push('healthy');

/** Per rule, per 100 patients of the cycle: matches, exclusions by specialist contact, and "could not be checked". */
export const FINDER_EXPECTED = Object.fromEntries(
  RULE_IDS.map((rule) => {
    const count = (s: Status) => CYCLE_SLOTS.filter((slot) => SLOTS[slot].expect[rule] === s).length;
    return [rule, { match: count('match'), excluded: count('excluded'), notChecked: count('not-checked') }];
  }),
) as Record<RuleId, { match: number; excluded: number; notChecked: number }>;

export interface FinderPopulation {
  practice: Organization;
  other: Organization;
  /** A Group of every patient registered with the practice. */
  group: Group;
  /** Every patient (the one per 100 registered elsewhere included). */
  patients: Patient[];
  /** The patients registered with the practice. */
  registered: string[];
  resources: Resource[];
  /** Patient ids by slot. */
  bySlot: Record<string, string[]>;
  /** Expected patient ids per rule and status. */
  expected: Record<RuleId, Record<Status, string[]>>;
}

function organisation(o: { id: string; ods: string; name: string }): Organization {
  return {
    resourceType: 'Organization',
    id: o.id,
    identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: o.ods }],
    active: true,
    type: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/organisation-role', code: 'RO76', display: 'GP PRACTICE' }] }],
    name: o.name,
  };
}

const GIVEN = ['Alex', 'Sam', 'Jo', 'Priya', 'Kwame', 'Ruth', 'Tomasz', 'Fatima', 'Owen', 'Grace'];
const FAMILY = ['Hughes', 'Okoro', 'Singh', 'Morgan', 'Nowak', 'Begum', 'Reid', 'Walsh', 'Adeyemi', 'Clarke'];

/** The population: `size` patients (a multiple of 100 keeps the counts exact), ids `cf-00001`… */
export function buildFinderPopulation(options: {
  now: Date;
  size?: number;
  idPrefix?: string;
  excludeNhsNumbers?: Iterable<string>;
}): FinderPopulation {
  const now = new Date(Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate()));
  const size = options.size ?? 300;
  const prefix = options.idPrefix ?? 'cf';
  const practice = organisation(FINDER_PRACTICE);
  const other = organisation(OTHER_PRACTICE);
  const used = new Set<string>(options.excludeNhsNumbers ?? []);
  const rng = rngFor(20261122, prefix, 'nhs');
  const patients: Patient[] = [];
  const clinical: Resource[] = [];
  const bySlot: Record<string, string[]> = {};
  const expected = Object.fromEntries(
    RULE_IDS.map((r) => [r, { match: [], excluded: [], 'not-checked': [] }]),
  ) as unknown as FinderPopulation['expected'];
  for (let i = 0; i < size; i++) {
    const id = `${prefix}-${String(i + 1).padStart(5, '0')}`;
    const slotName = CYCLE_SLOTS[(i * 37) % 100];
    const slot = SLOTS[slotName];
    const nhs = generateTestNhsNumber(rng, used);
    used.add(nhs);
    const gender = slot.gender ?? (i % 2 ? 'female' : 'male');
    const org = slot.registered === 'elsewhere' ? OTHER_PRACTICE : FINDER_PRACTICE;
    const age = slot.age ?? 30 + (i % 50);
    const birth = addDays(new Date(Date.UTC(now.getUTCFullYear() - age, now.getUTCMonth(), now.getUTCDate())), -(20 + (i % 300)));
    patients.push({
      resourceType: 'Patient',
      id,
      identifier: [
        {
          system: 'https://fhir.nhs.uk/Id/nhs-number',
          value: nhs,
          extension: [
            {
              url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
              valueCodeableConcept: {
                coding: [
                  {
                    system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
                    code: NHS_NUMBER_VERIFICATION.verified.code,
                  },
                ],
              },
            },
          ],
        },
      ],
      name: [{ use: 'official', family: FAMILY[i % 10], given: [GIVEN[(i * 7) % 10]], prefix: [gender === 'female' ? 'Ms' : 'Mr'] }],
      gender,
      ...(slot.age === undefined && slotName !== 'healthy' ? {} : { birthDate: isoDate(birth) }),
      generalPractitioner: [
        {
          reference: `Organization/${org.id}`,
          identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: org.ods },
          display: org.name,
        },
      ],
    });
    const b = new CaseBuilder(id, now);
    slot.build(b);
    clinical.push(...b.out);
    (bySlot[slotName] ??= []).push(id);
    for (const [rule, status] of Object.entries(slot.expect) as Array<[RuleId, Status]>) expected[rule][status].push(id);
  }
  const registered = patients.filter((p) => p.generalPractitioner?.[0]?.reference === `Organization/${practice.id}`).map((p) => p.id!);
  const group: Group = {
    resourceType: 'Group',
    id: `grp-${prefix}-registered`,
    type: 'person',
    actual: true,
    name: `${FINDER_PRACTICE.name}: registered patients`,
    quantity: registered.length,
    member: registered.map((id) => ({ entity: { reference: `Patient/${id}` } })),
  };
  return { practice, other, group, patients, registered, resources: [practice, other, group, ...patients, ...clinical], bySlot, expected };
}
