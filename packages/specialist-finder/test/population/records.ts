// The FHIR records of one patient of the case-finding population (see index.ts): results, diagnoses, specialist contact.
import type {
  CommunicationRequest,
  Condition,
  Encounter,
  EpisodeOfCare,
  Observation,
  Reference,
  Resource,
  ServiceRequest,
} from 'fhir/r4.js';
import { addDays, isoDateTime } from '@joinedcare/fixtures';
import { ERS_SPECIALTY_SYSTEM, TREATMENT_FUNCTION_SYSTEM } from '../../src/index.js';

const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

/** Result codes, as laboratories send them. */
const RESULTS = {
  egfr: {
    system: SCT,
    code: '1011481000000105',
    display: 'eGFR using creatinine (CKD-EPI) per 1.73 square metres',
    unit: 'mL/min/{1.73_m2}',
  },
  'egfr-mdrd': {
    system: LOINC,
    code: '33914-3',
    display: 'Glomerular filtration rate/1.73 sq M.predicted (MDRD)',
    unit: 'mL/min/{1.73_m2}',
  },
  hba1c: { system: SCT, code: '1049301000000100', display: 'HbA1c level (IFCC standardised)', unit: 'mmol/mol' },
  'hba1c-percent': { system: LOINC, code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%' },
  acr: { system: SCT, code: '1023491000000104', display: 'Urine albumin:creatinine ratio', unit: 'mg/mmol' },
  'acr-mg-g': { system: LOINC, code: '9318-7', display: 'Albumin/Creatinine [Mass Ratio] in Urine', unit: 'mg/g' },
  creatinine: { system: SCT, code: '1000731000000107', display: 'Serum creatinine level', unit: 'umol/L' },
} as const;
export type ResultKind = keyof typeof RESULTS;

const DIAGNOSES = {
  t2dm: { code: '44054006', display: 'Type 2 diabetes mellitus' },
  copd: { code: '13645005', display: 'Chronic obstructive lung disease' },
  'copd-moderate': { code: '313297008', display: 'Moderate chronic obstructive pulmonary disease' },
  cor: { code: '83291003', display: 'Cor pulmonale' },
  aki: { code: '14669001', display: 'Acute kidney injury' },
} as const;
export type DiagnosisKind = keyof typeof DIAGNOSES;

/** A specialty as the records name it: SNOMED CT specialty, treatment function code, e-RS specialty. */
const SPECIALTIES = {
  kidney: { sct: ['394589003', 'Nephrology'], tfc: ['361', 'Nephrology'], ers: ['RENAL_MEDICINE', 'Renal Medicine'] },
  diabetes: { sct: ['408475000', 'Diabetic medicine'], tfc: ['307', 'Diabetes Medicine'], ers: ['DIABETIC_MEDICINE', 'Diabetic Medicine'] },
  respiratory: {
    sct: ['418112009', 'Pulmonary medicine'],
    tfc: ['340', 'Respiratory Medicine'],
    ers: ['RESPIRATORY_MEDICINE', 'Respiratory Medicine'],
  },
} as const;
export type Specialty = keyof typeof SPECIALTIES;

const coding = (system: string, [code, display]: readonly [string, string]) => ({ system, code, display });

export class CaseBuilder {
  private n = 0;
  readonly out: Resource[] = [];
  private readonly subject: Reference;

  constructor(
    readonly id: string,
    readonly now: Date,
  ) {
    this.subject = { reference: `Patient/${id}` };
  }

  /** An instant `days` before now, in the morning. */
  ago(days: number): string {
    const d = addDays(this.now, -days);
    d.setUTCHours(9 + (days % 5), 10, 0, 0);
    return isoDateTime(d);
  }

  /** A final result; `unit: null` leaves the unit out (a result the engine cannot use). */
  result(kind: ResultKind, daysAgo: number, value: number, opts: { unit?: string | null } = {}): this {
    const r = RESULTS[kind];
    const unit = opts.unit === undefined ? r.unit : opts.unit;
    return this.add<Observation>('Observation', {
      status: 'final',
      code: { coding: [{ system: r.system, code: r.code, display: r.display }] },
      subject: { ...this.subject },
      effectiveDateTime: this.ago(daysAgo),
      valueQuantity: unit === null ? { value } : { value, unit, system: UCUM, code: unit },
    });
  }

  /** Several results of one kind: `[daysAgo, value]` pairs. */
  results(kind: ResultKind, series: ReadonlyArray<readonly [number, number]>): this {
    for (const [days, value] of series) this.result(kind, days, value);
    return this;
  }

  diagnosis(kind: DiagnosisKind, daysAgo: number, clinical: 'active' | 'resolved' = 'active'): this {
    const d = DIAGNOSES[kind];
    return this.add<Condition>('Condition', {
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinical }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
      code: { coding: [{ system: SCT, ...d }] },
      subject: { ...this.subject },
      onsetDateTime: this.ago(daysAgo),
      recordedDate: this.ago(daysAgo),
    });
  }

  /** A referral coded by SNOMED CT specialty, or (`ers`) as e-RS sends it: its specialty in an extension and a treatment function as performer type, no SNOMED CT code. */
  referral(specialty: Specialty, daysAgo: number, opts: { status?: ServiceRequest['status']; ers?: boolean } = {}): this {
    const s = SPECIALTIES[specialty];
    return this.add<ServiceRequest>('ServiceRequest', {
      status: opts.status ?? 'active',
      intent: 'order',
      ...(opts.ers
        ? {
            extension: [
              { url: 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-Specialty', valueCoding: coding(ERS_SPECIALTY_SYSTEM, s.ers) },
            ],
            category: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-category-servicerequest', code: 'referral' }] }],
            performerType: { coding: [coding(TREATMENT_FUNCTION_SYSTEM, s.tfc)] },
            identifier: [{ system: 'https://fhir.nhs.uk/Id/UBRN', value: `0000${String(7000 + this.out.length).padStart(8, '0')}` }],
          }
        : { code: { coding: [coding(SCT, s.sct)] } }),
      subject: { ...this.subject },
      authoredOn: this.ago(daysAgo),
    });
  }

  /** An Advice & Guidance request with e-RS's specialty extension. */
  advice(specialty: Specialty, daysAgo: number): this {
    const s = SPECIALTIES[specialty];
    return this.add<CommunicationRequest>('CommunicationRequest', {
      status: 'active',
      extension: [
        { url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-eRS-Specialty-1', valueCoding: coding(ERS_SPECIALTY_SYSTEM, s.ers) },
      ],
      category: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/eRS-CommunicationCategory', code: 'ADVICE_AND_GUIDANCE' }] }],
      subject: { ...this.subject },
      authoredOn: this.ago(daysAgo),
    });
  }

  /** An outpatient attendance under the specialty's treatment function. */
  attendance(specialty: Specialty, daysAgo: number): this {
    return this.add<Encounter>('Encounter', {
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
      serviceType: { coding: [coding(TREATMENT_FUNCTION_SYSTEM, SPECIALTIES[specialty].tfc)] },
      subject: { ...this.subject },
      period: { start: this.ago(daysAgo), end: this.ago(daysAgo) },
    });
  }

  /** An open episode of the specialty's care (by SNOMED CT specialty, or treatment function). */
  episode(specialty: Specialty, startDaysAgo: number, by: 'sct' | 'tfc' = 'sct'): this {
    const s = SPECIALTIES[specialty];
    return this.add<EpisodeOfCare>('EpisodeOfCare', {
      status: 'active',
      type: [{ coding: [by === 'sct' ? coding(SCT, s.sct) : coding(TREATMENT_FUNCTION_SYSTEM, s.tfc)] }],
      patient: { ...this.subject },
      period: { start: this.ago(startDaysAgo) },
    });
  }

  private add<T extends Resource>(resourceType: T['resourceType'], fields: Omit<T, 'resourceType' | 'id'>): this {
    this.out.push({ resourceType, id: `${this.id}-${++this.n}`, ...fields });
    return this;
  }
}
