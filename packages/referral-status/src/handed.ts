// For the element: what the host hands in, read and guarded; the count of what was read but is not listed; and the options the model is built with.
import type { FhirResource } from 'fhir/r4.js';
import {
  ClinicalRecord,
  ukDayNumber,
  yieldToMain,
  type CareSetting,
  type GuardOptions,
  type PatientIdentity,
  type PatientInContext,
} from '@joinedcare/core';
import type { TriageDays } from './attention.js';
import { atRiskFractionOf } from './clock.js';
import { REFERRAL_TYPES, type ReferralLoad } from './data.js';
import { readReferralInput, type NotShown, type ReadInput } from './ers-input.js';
import type { ErsReference } from './ers-reference.js';
import { countNotReferrals, isReferral, subjectIdOf, subjectNhsNumberOf } from './grouping.js';
import type { ReferralModelOptions } from './model.js';
import { notShownText } from './referral-list-view.js';

type Guard = (resources: readonly FhirResource[], who: PatientIdentity, options: GuardOptions) => FhirResource[];

/**
 * Reads handed-in items (e-RS shapes included) and guards them: against the patient in context,
 * else against the first referral's patient (by id, else by NHS number). Worklist entries for
 * other patients are counted, not read. The record keeps the Bundle's `fullUrl`s of what passed.
 */
export function readHandedIn(
  items: readonly unknown[],
  ctx: PatientInContext | undefined,
  guard: Guard,
): { record: ClinicalRecord; read: ReadInput } {
  let read = readReferralInput(items, ctx?.nhsNumber ? { nhsNumber: ctx.nhsNumber } : {});
  let who: PatientIdentity | undefined = ctx ? { id: ctx.id, nhsNumber: ctx.nhsNumber } : undefined;
  if (!who) {
    const first = read.resources.find((r) => isReferral(r));
    const id = first && isReferral(first) ? subjectIdOf(first) : undefined;
    const nhsNumber = first && isReferral(first) ? subjectNhsNumberOf(first) : undefined;
    who = id || nhsNumber ? { ...(id ? { id } : {}), ...(nhsNumber ? { nhsNumber } : {}) } : { id: '(none)' };
    if (nhsNumber) read = readReferralInput(items, { nhsNumber });
  }
  const all = new ClinicalRecord(read.resources, { fullUrls: read.fullUrls });
  const accepted = guard(read.resources, who, { expectedTypes: REFERRAL_TYPES, record: all });
  // nothing refused (the usual case): the record already built is the record of what passed
  if (accepted.length === read.resources.length && accepted.every((r, i) => r === read.resources[i])) return { record: all, read };
  const kept = new Set(accepted);
  return { record: new ClinicalRecord(accepted, { fullUrls: new Map([...read.fullUrls].filter(([, r]) => kept.has(r))) }), read };
}

/** Loaded resources read (e-RS shapes included) and guarded against the patient searched by. */
export function readLoaded(
  load: ReferralLoad,
  patient: PatientInContext,
  baseUrl: string | undefined,
  guard: Guard,
): { accepted: FhirResource[]; read: ReadInput } {
  const read = readReferralInput(load.resources, patient.nhsNumber ? { nhsNumber: patient.nhsNumber } : {});
  const accepted = guard(
    read.resources,
    { id: load.patientId, nhsNumber: patient.nhsNumber },
    { expectedTypes: REFERRAL_TYPES, ...(baseUrl ? { baseUrl } : {}) },
  );
  return { accepted, read };
}

/** The "Not listed here: …" sentence of a record, worked out once per record and language. */
export class NotShownCounter {
  private readonly cache = new WeakMap<ClinicalRecord, { key: string; text: string | undefined }>();

  text(
    record: ClinicalRecord,
    read: { notShown: NotShown; reference: ErsReference },
    key: string,
    lang: string | undefined,
  ): string | undefined {
    const hit = this.cache.get(record);
    if (hit && hit.key === key) return hit.text;
    const text = notShownText(read.notShown, countNotReferrals(record), read.reference, lang);
    this.cache.set(record, { key, text });
    return text;
  }
}

/** What the element builds the model with. */
export interface ModelOptionSource {
  now: Date;
  lang: string | undefined;
  localeRevision: number;
  atRiskThreshold: number;
  triageDays: TriageDays | undefined;
  triageAlertDays: number | undefined;
  setting: CareSetting | undefined;
  reference: ErsReference | undefined;
}

export function modelOptionsOf(src: ModelOptionSource): ReferralModelOptions {
  return {
    now: src.now,
    ...(src.lang ? { lang: src.lang } : {}),
    atRiskFraction: atRiskFractionOf(src.atRiskThreshold),
    ...(src.triageDays ? { triageDays: src.triageDays } : {}),
    ...(typeof src.triageAlertDays === 'number' ? { triageAlertDays: src.triageAlertDays } : {}),
    ...(src.setting ? { setting: src.setting } : {}),
    ...(src.reference ? { reference: src.reference } : {}),
  };
}

/** What the views depend on besides the data: language and strings, thresholds, the viewer's side, and the UK day (the clocks count days). */
export function optionsKeyOf(src: ModelOptionSource): string {
  const day = ukDayNumber(src.now) ?? '';
  const triage = `${JSON.stringify(src.triageDays ?? {})}|${src.triageAlertDays ?? ''}`;
  return `${src.lang ?? ''}|${src.localeRevision}|${atRiskFractionOf(src.atRiskThreshold)}|${triage}|${src.setting ?? ''}|${day}`;
}

/** Handed-in resources (and Bundle entries) read in the update that receives them; more are read in a task of their own. */
export const HANDED_READ_AT_ONCE = 2000;

/**
 * What the host handed in, read and guarded (`record`, `read`): at once, or, when it is long, in a
 * task of its own after the update that received it (the guard and the record over thousands of
 * resources would otherwise share one task with the first drawing; issue 19). Until then nothing of
 * the previous input is kept: the list says it is being prepared.
 */
export class HandedReader {
  record?: ClinicalRecord;
  read?: ReadInput;
  /** Counts the reads started: a deferred read for an input since replaced does nothing. */
  private reading = 0;

  /** `track` counts the deferred read as the element's data work (`updateComplete` waits for it). */
  constructor(
    private readonly host: { requestUpdate(): void },
    private readonly track: (work: Promise<void>) => void,
  ) {}

  /**
   * A new input: the `resources` and `bundle` handed in. `readNow` reads the element's input as it
   * is when called (undefined: nothing is handed in any more).
   */
  start(
    resources: unknown,
    bundle: { entry?: unknown[] } | undefined,
    readNow: () => { record: ClinicalRecord; read: ReadInput } | undefined,
  ): void {
    const reading = ++this.reading;
    const items = (Array.isArray(resources) ? resources.length : 0) + (bundle?.entry?.length ?? 0);
    if (items <= HANDED_READ_AT_ONCE) {
      ({ record: this.record, read: this.read } = readNow() ?? {});
      return;
    }
    this.record = undefined;
    this.read = undefined;
    this.track(
      yieldToMain().then(() => {
        if (reading !== this.reading) return;
        ({ record: this.record, read: this.read } = readNow() ?? {});
        this.host.requestUpdate();
      }),
    );
  }
}
