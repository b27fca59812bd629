import { expect } from '@open-wc/testing';
import type { Condition, Encounter, EpisodeOfCare, Observation, Patient, ServiceRequest } from 'fhir/r4.js';
import {
  EXAMPLE_RULES,
  KFRE_4_VARIABLE,
  KFRE_BASELINE_SURVIVAL,
  acrMgMmolToMgG,
  convertUnit,
  kfre4,
  evaluateRule,
  hba1cMmolMolToPercent,
  hba1cPercentToMmolMol,
  meetsCriteria,
  monthsBefore,
  normaliseUnit,
  parseDate,
  queryPlan,
  slopePerYear,
  type ObservationThresholdCriteria,
  type ObservationTrendCriteria,
  type PatientRecord,
  type Rule,
} from '../src/index.js';
import { buildFinderPopulation, FINDER_EXPECTED, RULE_IDS } from './population/index.js';
import { recordOf } from './support.js';

const now = new Date('2026-11-22T00:00:00Z');
const rule = (id: string): Rule => EXAMPLE_RULES.find((r) => r.id === id)!;
const HBA1C = rule('diabetes-hba1c-persistent');
const DECLINE = rule('ckd-egfr-rapid-decline');
const FALL = rule('ckd-egfr-fall-25-percent');
const KFRE = rule('ckd-kfre-5-year-risk');
const ACR = rule('ckd-acr-70');
const UNDER_40 = rule('copd-under-40');
const COR = rule('copd-cor-pulmonale');
const DAY = 86_400_000;
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
let n = 0;

const CODES = {
  hba1c: ['http://snomed.info/sct', '1049301000000100', 'mmol/mol'],
  hba1cPct: ['http://loinc.org', '4548-4', '%'],
  egfr: ['http://snomed.info/sct', '1011481000000105', 'mL/min/{1.73_m2}'],
  mdrd: ['http://loinc.org', '33914-3', 'mL/min/{1.73_m2}'],
  acr: ['http://snomed.info/sct', '1023491000000104', 'mg/mmol'],
  acrMgG: ['http://loinc.org', '9318-7', 'mg/g'],
  creatinine: ['http://snomed.info/sct', '1000731000000107', 'umol/L'],
} as const;

function obs(
  kind: keyof typeof CODES,
  value: number | undefined,
  daysAgo: number | string | undefined,
  opts: { unit?: string | null; status?: Observation['status']; comparator?: '>' } = {},
): Observation {
  const [system, code, defaultUnit] = CODES[kind];
  const unit = opts.unit === undefined ? defaultUnit : opts.unit;
  return {
    resourceType: 'Observation',
    id: `o${++n}`,
    status: opts.status ?? 'final',
    code: { coding: [{ system, code }] },
    subject: { reference: 'Patient/p1' },
    ...(daysAgo === undefined ? {} : { effectiveDateTime: typeof daysAgo === 'string' ? daysAgo : ago(daysAgo) }),
    ...(value === undefined
      ? {}
      : {
          valueQuantity: {
            value,
            ...(unit === null ? {} : { unit, system: 'http://unitsofmeasure.org', code: unit }),
            ...(opts.comparator ? { comparator: opts.comparator } : {}),
          },
        }),
  };
}
const hba1c = (v: number, d: number | string, opts?: Parameters<typeof obs>[3]) => obs('hba1c', v, d, opts);
const egfr = (v: number, d: number | string) => obs('egfr', v, d);

function condition(code: string, daysAgo: number, clinical = 'active'): Condition {
  return {
    resourceType: 'Condition',
    id: `c${++n}`,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinical }] },
    code: { coding: [{ system: 'http://snomed.info/sct', code }] },
    subject: { reference: 'Patient/p1' },
    recordedDate: ago(daysAgo),
  };
}
const T2DM = () => condition('44054006', 3000);
const adult = (age = 60, gender: Patient['gender'] = 'male'): Patient => ({
  resourceType: 'Patient',
  id: 'p1',
  gender,
  birthDate: new Date(Date.UTC(now.getUTCFullYear() - age, 0, 1)).toISOString().slice(0, 10),
});
const record = (observations: Observation[] = [], extra: Partial<PatientRecord> = {}): PatientRecord => ({
  patient: adult(),
  observations,
  conditions: [],
  encounters: [],
  episodes: [],
  requests: [],
  ...extra,
});
const diabetic = (observations: Observation[], extra: Partial<PatientRecord> = {}) =>
  record(observations, { conditions: [T2DM()], ...extra });
const status = (r: Rule, rec: PatientRecord) => evaluateRule(r, rec, now).status;

describe('rule engine', () => {
  describe('threshold (NG28 local threshold: HbA1c at or above 75 on the latest 2 in 12 months, adults with type 2 diabetes)', () => {
    it('matches at the boundary and not just under it', () => {
      expect(status(HBA1C, diabetic([hba1c(75, 200), hba1c(75, 30)]))).to.equal('match');
      expect(status(HBA1C, diabetic([hba1c(90, 200), hba1c(74.9, 30)]))).to.equal('no-match');
      expect(status(HBA1C, diabetic([hba1c(74.9, 200), hba1c(90, 30)]))).to.equal('no-match');
    });

    it('needs the latest two: one high result is not enough', () => {
      expect(status(HBA1C, diabetic([hba1c(90, 30)]))).to.equal('no-match');
    });

    it('uses the newest results whatever order they arrive in', () => {
      const out = evaluateRule(HBA1C, diabetic([hba1c(80, 30), hba1c(40, 300), hba1c(85, 100)]), now);
      expect(out.status).to.equal('match');
      expect(out.evidence.map((e) => e.value)).to.deep.equal([80, 85]);
      expect(status(HBA1C, diabetic([hba1c(90, 300), hba1c(50, 30), hba1c(85, 100)]))).to.equal('no-match');
    });

    it('counts the window in calendar months, inclusive at the edge', () => {
      const edge = new Date(monthsBefore(now, 12)).toISOString();
      expect(edge).to.equal('2025-11-22T00:00:00.000Z');
      expect(status(HBA1C, diabetic([hba1c(80, edge), hba1c(80, 10)]))).to.equal('match');
      const before = new Date(monthsBefore(now, 12) - 1000).toISOString();
      expect(status(HBA1C, diabetic([hba1c(80, before), hba1c(80, 10)]))).to.equal('no-match');
      expect(new Date(monthsBefore(new Date('2026-05-31T00:00:00Z'), 3)).toISOString()).to.equal('2026-02-28T00:00:00.000Z');
    });

    it('converts HbA1c % to mmol/mol (IFCC = 10.929 x (DCCT - 2.15))', () => {
      expect(hba1cPercentToMmolMol(7.5)).to.be.closeTo(58.47, 0.01);
      expect(hba1cMmolMolToPercent(58)).to.be.closeTo(7.457, 0.001);
      expect(convertUnit(9, '%', 'mmol/mol')).to.be.closeTo(74.86, 0.01);
      const pct = (v: number, d: number) => obs('hba1cPct', v, d);
      const out = evaluateRule(HBA1C, diabetic([pct(9.5, 100), pct(10, 20)]), now);
      expect(out.status).to.equal('match');
      expect(out.evidence[0].recorded).to.deep.equal({ value: 10, unit: '%' });
      expect(status(HBA1C, diabetic([pct(8.9, 100), pct(10, 20)]))).to.equal('no-match'); // 73.8 mmol/mol
    });

    it('a result without a unit among the latest makes the rule "could not be checked", never "no match"', () => {
      const out = evaluateRule(HBA1C, diabetic([hba1c(80, 100), hba1c(82, 20, { unit: null })]), now);
      expect(out.status).to.equal('not-checked');
      expect(out.notChecked).to.deep.equal([{ kind: 'unusable-results', label: 'HbA1c' }]);
      expect(out.warnings).to.deep.include({ kind: 'missing-unit', count: 1 });
      const unknown = evaluateRule(HBA1C, diabetic([hba1c(80, 100), hba1c(82, 20, { unit: 'g/L' })]), now);
      expect(unknown.status).to.equal('not-checked');
      expect(unknown.warnings).to.deep.include({ kind: 'unknown-unit', count: 1 });
      // an older unusable result does not matter when the latest two are usable and one is low
      expect(status(HBA1C, diabetic([hba1c(80, 300, { unit: null }), hba1c(60, 100), hba1c(82, 20)]))).to.equal('no-match');
    });

    it('skips results with no date, a future date, no value, a range value or a non-final status, and says so', () => {
      const out = evaluateRule(
        HBA1C,
        diabetic([hba1c(90, -30), hba1c(90, 5, { status: 'entered-in-error' }), hba1c(80, 40), hba1c(81, 20), obs('hba1c', 90, undefined)]),
        now,
      );
      expect(out.status).to.equal('match');
      expect(out.evidence.map((e) => e.value)).to.deep.equal([81, 80]);
      expect(out.warnings.map((w) => w.kind).sort()).to.deep.equal(['future-date', 'no-date']);
      const range = evaluateRule(HBA1C, diabetic([hba1c(80, 40), hba1c(90, 12, { comparator: '>' })]), now);
      expect(range.status).to.equal('not-checked');
      expect(range.warnings).to.deep.include({ kind: 'qualified-value', count: 1 });
    });

    it('"any" scope counts results anywhere in the window, and every comparator works', () => {
      const c = HBA1C.criteria as ObservationThresholdCriteria;
      const anyRule: Rule = { ...HBA1C, criteria: { ...c, scope: 'any', count: 2 } };
      expect(status(anyRule, diabetic([hba1c(80, 200), hba1c(40, 100), hba1c(80, 30)]))).to.equal('match');
      const with_ = (comparator: ObservationThresholdCriteria['comparator'], value: number): Rule => ({
        ...HBA1C,
        criteria: { ...c, comparator, value, count: 1 },
      });
      expect(status(with_('<', 40), diabetic([hba1c(39, 10)]))).to.equal('match');
      expect(status(with_('<=', 40), diabetic([hba1c(40, 10)]))).to.equal('match');
      expect(status(with_('>', 40), diabetic([hba1c(40, 10)]))).to.equal('no-match');
    });
  });

  describe('who a rule is for (ageAtLeast, ageBelow, hasCondition with SNOMED CT descendants)', () => {
    const high = [hba1c(80, 100), hba1c(82, 20)];
    it('NG28 and NG203 rules are for adults: a child with the same results is no match', () => {
      expect(status(HBA1C, diabetic(high, { patient: adult(12) }))).to.equal('no-match');
      expect(status(HBA1C, diabetic(high, { patient: adult(18) }))).to.equal('match');
      const fast = [egfr(95, 300), egfr(80, 150), egfr(62, 20)];
      expect(status(DECLINE, record(fast, { patient: adult(12) }))).to.equal('no-match');
      expect(status(DECLINE, record(fast, { patient: adult(40) }))).to.equal('match');
    });

    it('needs the diagnosis from the code list, descendants included, and only a current one', () => {
      expect(status(HBA1C, record(high))).to.equal('no-match');
      expect(status(HBA1C, record(high, { conditions: [condition('237599002', 400)] }))).to.equal('match'); // insulin-treated type 2: a descendant
      expect(status(HBA1C, record(high, { conditions: [condition('44054006', 400, 'resolved')] }))).to.equal('no-match');
      expect(status(HBA1C, record(high, { conditions: [condition('46635009', 400)] }))).to.equal('no-match'); // type 1 diabetes
    });

    it('an age the record does not give is "could not be checked"; a birth year alone decides when it can', () => {
      const noBirth: Patient = { resourceType: 'Patient', id: 'p1', gender: 'male' };
      const out = evaluateRule(HBA1C, diabetic(high, { patient: noBirth }), now);
      expect(out.status).to.equal('not-checked');
      expect(out.notChecked).to.deep.equal([{ kind: 'no-birth-date' }]);
      expect(status(HBA1C, diabetic(high, { patient: { ...noBirth, birthDate: '1950' } }))).to.equal('match');
      expect(status(HBA1C, diabetic(high, { patient: { ...noBirth, birthDate: '2008' } }))).to.equal('not-checked'); // 17 or 18 in Nov 2026
      expect(status(HBA1C, diabetic(high, { patient: { ...noBirth, birthDate: '2015-03' } }))).to.equal('no-match');
    });

    it('NG115: COPD (any code of the list) between 16 and 39; cor pulmonale recorded in the last 12 months with COPD', () => {
      const copd = (code = '13645005') => condition(code, 400);
      expect(status(UNDER_40, record([], { patient: adult(34), conditions: [copd()] }))).to.equal('match');
      expect(status(UNDER_40, record([], { patient: adult(39), conditions: [copd('313297008')] }))).to.equal('match');
      expect(status(UNDER_40, record([], { patient: adult(40), conditions: [copd()] }))).to.equal('no-match');
      expect(status(UNDER_40, record([], { patient: adult(15), conditions: [copd()] }))).to.equal('no-match');
      const out = evaluateRule(UNDER_40, record([], { patient: adult(34), conditions: [copd()] }), now);
      expect(out.age).to.equal(34);
      expect(status(COR, record([], { patient: adult(70), conditions: [copd(), condition('83291003', 100)] }))).to.equal('match');
      expect(status(COR, record([], { patient: adult(70), conditions: [copd(), condition('83291003', 500)] }))).to.equal('no-match');
      expect(status(COR, record([], { patient: adult(70), conditions: [condition('83291003', 100)] }))).to.equal('no-match');
    });
  });

  describe('specialist contact (e-RS specialty and treatment function codes, A&G, attendances, episodes of care)', () => {
    const fast = () => [egfr(70, 400), egfr(62, 250), egfr(54, 120), egfr(48, 20)];
    const sr = (fields: Partial<ServiceRequest>, daysAgo = 60): ServiceRequest => ({
      resourceType: 'ServiceRequest',
      id: `s${++n}`,
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      authoredOn: ago(daysAgo),
      ...fields,
    });
    it('a referral coded by SNOMED CT specialty, treatment function or e-RS specialty excludes; another specialty or an old one does not', () => {
      const nephrology = { coding: [{ system: 'http://snomed.info/sct', code: '394589003' }] };
      expect(status(DECLINE, record(fast(), { requests: [sr({ code: nephrology })] }))).to.equal('excluded');
      const tfc = { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/NHSDataModelAndDictionary-TreatmentFunction', code: '361' }] };
      expect(status(DECLINE, record(fast(), { requests: [sr({ performerType: tfc })] }))).to.equal('excluded');
      const ers = {
        url: 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-Specialty',
        valueCoding: { system: 'https://api.service.nhs.uk/referrals/FHIR/STU3/CodeSystem/SPECIALTY', code: 'RENAL_MEDICINE' },
      };
      const out = evaluateRule(DECLINE, record(fast(), { requests: [sr({ extension: [ers] })] }), now);
      expect(out.status).to.equal('excluded');
      expect(out.exclusion?.kind).to.equal('referral');
      expect(
        status(
          DECLINE,
          record(fast(), { requests: [sr({ code: { coding: [{ system: 'http://snomed.info/sct', code: '418112009' }] } })] }),
        ),
      ).to.equal('match');
      const old = evaluateRule(DECLINE, record(fast(), { requests: [sr({ code: nephrology, status: 'completed' }, 600)] }), now);
      expect(old.status).to.equal('match');
      expect(old.existing).to.have.length(1);
      expect(status(DECLINE, record(fast(), { requests: [sr({ code: nephrology, status: 'revoked' })] }))).to.equal('match');
    });

    it('reads the specialty of published e-RS examples: a STU3 ReferralRequest and an A&G CommunicationRequest', async () => {
      const base = 'https://api.service.nhs.uk/referrals/FHIR';
      const load = async (name: string) =>
        JSON.parse((await (await fetch(`/test/data/ers/stu3/${name}.json`)).text()).replaceAll('_baseUrl_', base)) as Record<
          string,
          unknown
        >;
      const referral = { ...(await load('retrieveReferralRequest-BookedDBS')), authoredOn: ago(30) };
      const advice = { ...(await load('retrieveAdviceAndGuidanceRequest-MinimalExample')), authoredOn: ago(30) };
      const cardiology: Rule = {
        ...DECLINE,
        specialty: 'cardiology',
        exclusions: [
          {
            kind: 'specialist-contact',
            resourceTypes: ['ServiceRequest', 'CommunicationRequest'],
            codes: [{ system: `${base}/STU3/CodeSystem/SPECIALTY`, code: 'CARDIOLOGY' }],
            withinMonths: 12,
          },
        ],
      };
      const viaReferral = evaluateRule(cardiology, record(fast(), { requests: [referral as never] }), now);
      expect(viaReferral.status).to.equal('excluded');
      expect(viaReferral.exclusion).to.deep.include({ resourceType: 'ReferralRequest', kind: 'referral', id: '000000070001' });
      const viaAdvice = evaluateRule(cardiology, record(fast(), { requests: [advice as never] }), now);
      expect(viaAdvice.status).to.equal('excluded');
      expect(viaAdvice.exclusion).to.deep.include({ resourceType: 'CommunicationRequest', kind: 'advice' });
    });

    it('a specialist attendance or an open episode of specialist care excludes', () => {
      const clinic: Encounter = {
        resourceType: 'Encounter',
        id: 'e1',
        status: 'finished',
        class: { code: 'AMB' },
        serviceType: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/NHSDataModelAndDictionary-TreatmentFunction', code: '361' }] },
        subject: { reference: 'Patient/p1' },
        period: { start: ago(90) },
      };
      expect(evaluateRule(DECLINE, record(fast(), { encounters: [clinic] }), now).exclusion?.kind).to.equal('attendance');
      expect(status(DECLINE, record(fast(), { encounters: [{ ...clinic, status: 'cancelled' }] }))).to.equal('match');
      expect(status(DECLINE, record(fast(), { encounters: [{ ...clinic, period: { start: ago(500) } }] }))).to.equal('match');
      const episode: EpisodeOfCare = {
        resourceType: 'EpisodeOfCare',
        id: 'ep1',
        status: 'active',
        type: [{ coding: [{ system: 'http://snomed.info/sct', code: '394589003' }] }],
        patient: { reference: 'Patient/p1' },
        period: { start: ago(2000) },
      };
      expect(evaluateRule(DECLINE, record(fast(), { episodes: [episode] }), now).exclusion?.kind).to.equal('episode');
      expect(
        status(DECLINE, record(fast(), { episodes: [{ ...episode, status: 'finished', period: { start: ago(2000), end: ago(800) } }] })),
      ).to.equal('match');
    });
  });

  describe('eGFR trend (NG203: 15 or more a year, least squares over 3 or more results spanning 90 days or more)', () => {
    it('a regression over every result, not first and last: one low value does not make a fall', () => {
      expect(slopePerYear([62, 61, 60].map((v, i) => ({ t: Date.UTC(2026, 0, 1) + i * 182.625 * DAY, value: v })) as never)).to.be.closeTo(
        -2,
        1e-9,
      );
      const out = evaluateRule(DECLINE, record([egfr(70, 400), egfr(62, 250), egfr(54, 120), egfr(48, 20)]), now);
      expect(out.status).to.equal('match');
      expect(out.finding).to.deep.include({ kind: 'trend', count: 4, spanDays: 380 });
      expect(out.ratePerYear).to.be.closeTo(-21.2, 0.2);
    });

    it('needs 3 results spanning 90 days: 2 results, or 3 within 89 days, are no trend', () => {
      expect(status(DECLINE, record([egfr(70, 300), egfr(40, 20)]))).to.equal('no-match');
      expect(status(DECLINE, record([egfr(70, 100), egfr(60, 60), egfr(40, 12)]))).to.equal('no-match');
      expect(status(DECLINE, record([egfr(70, 110), egfr(60, 60), egfr(40, 20)]))).to.equal('match');
      const rise: Rule = { ...DECLINE, criteria: { ...(DECLINE.criteria as ObservationTrendCriteria), direction: 'rise' } };
      expect(status(rise, record([egfr(40, 300), egfr(50, 150), egfr(60, 20)]))).to.equal('match');
    });

    it('leaves out results around an acute kidney injury: a creatinine rise to 1.5 times baseline, a coded AKI, or an eGFR fall as large', () => {
      const spike = [egfr(62, 400), egfr(61, 260), egfr(60, 120), egfr(33, 10)];
      const creatinine = [obs('creatinine', 95, 400), obs('creatinine', 96, 260), obs('creatinine', 97, 120), obs('creatinine', 185, 10)];
      const out = evaluateRule(DECLINE, record([...spike, ...creatinine]), now);
      expect(out.status).to.equal('no-match');
      expect(out.warnings).to.deep.include({ kind: 'aki-window', count: 1 });
      // no creatinine results: the eGFR fall itself (33 <= 0.61 x 61) marks the AKI
      expect(status(DECLINE, record(spike))).to.equal('no-match');
      // a coded AKI
      const dip = [egfr(58, 300), egfr(57, 200), egfr(57, 100), egfr(40, 12)];
      expect(status(DECLINE, record(dip, { conditions: [condition('14669001', 15)] }))).to.equal('no-match');
      // a creatinine rise of less than 1.5 times is not an AKI: the fall stands
      const slow = [obs('creatinine', 95, 400), obs('creatinine', 96, 260), obs('creatinine', 97, 120), obs('creatinine', 130, 10)];
      expect(status(DECLINE, record([egfr(62, 400), egfr(58, 260), egfr(50, 120), egfr(42, 10), ...slow]))).to.equal('match');
    });

    it('keeps a series to one equation: MDRD results are never combined with CKD-EPI ones', () => {
      const mixed = [obs('mdrd', 75, 400), obs('mdrd', 74, 300), egfr(56, 330), egfr(55, 200), egfr(54, 100), egfr(54, 20)];
      const out = evaluateRule(DECLINE, record(mixed), now);
      expect(out.status).to.equal('no-match');
      expect(out.warnings).to.deep.include({ kind: 'other-series', count: 2 });
      expect(out.finding).to.deep.include({ kind: 'trend', series: 'CKD-EPI', count: 4 });
      // too few of the newest equation while another has more: "could not be checked"
      const short = evaluateRule(
        DECLINE,
        record([obs('mdrd', 75, 400), obs('mdrd', 70, 300), obs('mdrd', 60, 200), egfr(55, 100), egfr(54, 20)]),
        now,
      );
      expect(short.status).to.equal('not-checked');
      expect(short.notChecked).to.deep.equal([{ kind: 'mixed-series', label: 'eGFR', series: 'CKD-EPI' }]);
    });
  });

  describe('eGFR fall (NG203: a sustained fall of 25% or more with a change of category within 12 months)', () => {
    it('needs the two latest results 25% below the baseline, 90 days apart, and another category', () => {
      const out = evaluateRule(FALL, record([egfr(40, 340), egfr(29, 150), egfr(28.5, 20)]), now);
      expect(out.status).to.equal('match');
      expect(out.finding).to.deep.include({ kind: 'fall', from: 'G3b', to: 'G4' });
      expect((out.finding as { percent: number }).percent).to.be.closeTo(28.75, 0.01);
      // one low result only (not sustained)
      expect(status(FALL, record([egfr(40, 340), egfr(38, 150), egfr(28.5, 20)]))).to.equal('no-match');
      // 25% but the same category (G3a 59 -> 44 is G3b; 80 -> 60 stays G2)
      expect(status(FALL, record([egfr(80, 340), egfr(60, 150), egfr(60, 20)]))).to.equal('no-match');
      // the baseline more than 12 months before the latest does not count
      expect(status(FALL, record([egfr(40, 420), egfr(29, 150), egfr(28.5, 20)]))).to.equal('no-match');
    });
  });

  describe('KFRE (4-variable, non-North American calibration)', () => {
    it('reproduces published worked examples (Tangri 2011 coefficients, Tangri 2016 baselines)', () => {
      // the worked example of the kfre library's documentation (lshpaner/kfre, "single patient"): a 57.28-year-old
      // woman outside North America, eGFR 15, ACR 1762.00184 mg/g: 2-year risk 44.66%, 5-year 89.89%
      const example = { age: 57.28, male: false, egfr: 15, acrMgPerG: 1762.00184 };
      expect(kfre4(example, 2, 'non-north-american') * 100).to.be.closeTo(44.66, 0.005);
      expect(kfre4(example, 5, 'non-north-american') * 100).to.be.closeTo(89.89, 0.005);
      // the same ACR as UK laboratories report it: 199.32 mg/mmol
      expect(kfre4({ ...example, acrMgPerG: acrMgMmolToMgG(199.3214) }, 5, 'non-north-american') * 100).to.be.closeTo(89.89, 0.01);
      // at the centring values the risk is 1 - S0: the baselines of Tangri 2016
      const centre = { age: 70.36, male: true, egfr: 36.11, acrMgPerG: Math.exp(5.137) };
      const atCentre = (calibration: 'north-american' | 'non-north-american', years: 2 | 5) =>
        1 - KFRE_BASELINE_SURVIVAL[calibration][years] ** Math.exp(KFRE_4_VARIABLE.male * (1 - 0.5642));
      expect(kfre4(centre, 5, 'non-north-american')).to.be.closeTo(atCentre('non-north-american', 5), 1e-12);
      expect(KFRE_BASELINE_SURVIVAL).to.deep.equal({
        'north-american': { 2: 0.975, 5: 0.924 },
        'non-north-american': { 2: 0.9832, 5: 0.9365 },
      });
      expect(kfre4({ ...example, acrMgPerG: 0 }, 5, 'non-north-american')).to.be.NaN;
    });

    it('gives the 5-year risk with its inputs and their dates, and the calibration it used', () => {
      const rec = record([egfr(36, 300), egfr(35, 150), egfr(35, 30), obs('acr', 40, 35)], { patient: adult(62, 'male') });
      const out = evaluateRule(KFRE, rec, now);
      expect(out.status).to.equal('match');
      const f = out.finding as {
        riskPercent: number;
        calibration: string;
        age: number;
        sex: string;
        egfr: { value: number; date: string };
        acr: { value: number; unit: string };
      };
      expect(f.riskPercent).to.be.closeTo(12.9, 0.1);
      expect(f).to.deep.include({ calibration: 'non-north-american', age: 62, sex: 'male' });
      expect(f.egfr).to.deep.include({ value: 35, date: new Date(parseDate(ago(30))!).toISOString() });
      expect(f.acr).to.deep.include({ value: 40, unit: 'mg/mmol' });
    });

    it('applies to CKD G3a–G5 only, and says what is missing when it cannot be worked out', () => {
      expect(status(KFRE, record([egfr(61, 30), obs('acr', 60, 30)]))).to.equal('no-match');
      const noAcr = evaluateRule(KFRE, record([egfr(40, 30)]), now);
      expect(noAcr.status).to.equal('not-checked');
      expect(noAcr.notChecked).to.deep.equal([{ kind: 'missing-result', label: 'ACR', months: 12 }]);
      const noSex = evaluateRule(KFRE, record([egfr(38, 30), obs('acr', 45, 30)], { patient: { ...adult(70), gender: 'unknown' } }), now);
      expect(noSex.status).to.equal('not-checked');
      expect(noSex.notChecked).to.deep.equal([{ kind: 'no-sex' }]);
    });

    it('converts an ACR in mg/g (800 mg/g is 90.5 mg/mmol) for the ACR 70 rule', () => {
      expect(convertUnit(800, 'mg/g', 'mg/mmol')).to.be.closeTo(90.5, 0.05);
      expect(convertUnit(70, 'mg/mmol', 'mg/g')).to.be.closeTo(618.8, 0.1);
      expect(convertUnit(1, 'mg/g{creat}', 'mg/mmol{creat}')).to.be.closeTo(0.11312, 1e-6);
      const out = evaluateRule(ACR, record([obs('acrMgG', 800, 40)]), now);
      expect(out.status).to.equal('match');
      expect(out.evidence[0].recorded).to.deep.equal({ value: 800, unit: 'mg/g' });
      expect(status(ACR, record([obs('acr', 69, 40)]))).to.equal('no-match');
    });
  });

  it('reads UCUM spellings of the units as the same unit', () => {
    expect(normaliseUnit('mL/min/{1.73_m2}')).to.equal('ml/min/1.73m2');
    expect(normaliseUnit('mL/min/1.73 m^2')).to.equal('ml/min/1.73m2');
    expect(normaliseUnit('µmol/L')).to.equal('umol/l');
    expect(normaliseUnit('mg/mmol{creat}')).to.equal('mg/mmol');
    expect(convertUnit(1.13, 'mg/dL', 'umol/L')).to.be.closeTo(99.9, 0.1);
  });

  it('plans the searches: result and diagnosis codes, the longest window, specialist contact', () => {
    const plan = queryPlan(EXAMPLE_RULES, now);
    expect(plan.observationCodes).to.include.members([
      'http://snomed.info/sct|1049301000000100',
      'http://loinc.org|33914-3',
      'http://snomed.info/sct|1000731000000107',
    ]);
    expect(plan.conditionCodes).to.include.members([
      'http://snomed.info/sct|44054006',
      'http://snomed.info/sct|13645005',
      'http://snomed.info/sct|14669001',
    ]);
    expect(plan.observationSince).to.equal('2023-11-22'); // 24 months and a year of creatinine baseline
    expect(plan.encounterSince).to.equal('2024-11-22');
    expect(plan.contactTypes).to.have.members(['ServiceRequest', 'CommunicationRequest', 'Encounter', 'EpisodeOfCare']);
  });

  it('a candidate needs only the trigger data; the Patient may come later', () => {
    const trigger = { observations: [egfr(70, 400), egfr(62, 250), egfr(48, 20)], encounters: [] };
    expect(meetsCriteria(DECLINE, trigger, now)).to.equal(true);
    expect(meetsCriteria(DECLINE, { ...trigger, observations: [egfr(70, 30)] }, now)).to.equal(false);
  });

  it('parses FHIR dates and rejects nonsense', () => {
    expect(parseDate('2026-03-01')).to.equal(Date.UTC(2026, 2, 1));
    expect(parseDate('2026-03')).to.equal(Date.UTC(2026, 2, 1));
    expect(parseDate('yesterday')).to.equal(undefined);
    expect(parseDate(42)).to.equal(undefined);
    expect(parseDate('2026-03-01T25:99:00Z')).to.equal(undefined);
  });

  it('the test population gives exactly the expected outcome per rule, traps included', () => {
    const population = buildFinderPopulation({ now, size: 300 });
    const got = Object.fromEntries(RULE_IDS.map((id) => [id, { match: 0, excluded: 0, notChecked: 0 }]));
    for (const id of population.registered) {
      for (const r of EXAMPLE_RULES) {
        const s = evaluateRule(r, recordOf(population, id), now).status;
        if (s === 'match') got[r.id].match++;
        else if (s === 'excluded') got[r.id].excluded++;
        else if (s === 'not-checked') got[r.id].notChecked++;
      }
    }
    const times3 = Object.fromEntries(
      Object.entries(FINDER_EXPECTED).map(([k, v]) => [k, { match: v.match * 3, excluded: v.excluded * 3, notChecked: v.notChecked * 3 }]),
    );
    expect(got).to.deep.equal(times3);
    expect(FINDER_EXPECTED['ckd-egfr-rapid-decline']).to.deep.equal({ match: 4, excluded: 3, notChecked: 1 });
    // the traps: none of them is a match for any rule
    for (const slot of ['aki-spike', 'aki-coded', 'mixed-equations', 'child']) {
      for (const id of population.bySlot[slot]) {
        const matched = EXAMPLE_RULES.filter((r) => evaluateRule(r, recordOf(population, id), now).status === 'match').map((r) => r.id);
        expect(matched, slot).to.deep.equal([]);
      }
    }
    for (const id of population.bySlot['decline-excl-ers'])
      expect(evaluateRule(DECLINE, recordOf(population, id), now).status).to.equal('excluded');
  });
});
