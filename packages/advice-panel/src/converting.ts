// "Convert to referral" of <jc-advice-panel>: a ReactiveController holding where the conversion of a request stands.
import type { Bundle, CodeableConcept, Coding, CommunicationRequest, Identifier, ServiceRequest } from 'fhir/r4.js';
import { asArray, FhirError, isUbrnSystem, parseReference } from '@joinedcare/core';
import { buildConversion } from './writes.js';
import { AdviceController } from './host.js';
import { conversionOf, resolveStatus, ADVICE_STATUS_TABLE } from './status.js';
import { SR_CATEGORY_SYSTEM, ubrnOf } from './ers.js';
import { spacedUbrn } from './values.js';

/** Where "Convert to referral" stands for one request. */
export interface ConvertState {
  requestId: string;
  /** `requested`: passed to the host (no referral made here); `done`: the referral was made and read back (or the attempt failed: `error`). */
  phase: 'converting' | 'done' | 'requested';
  /** The UBRN the referral was made under. */
  ubrn?: string;
  /**
   * Why it failed: the request cannot be converted here (no UBRN, no subject, no longer open or
   * authorised), the server refused, or the referral could not be read back after the transaction.
   */
  error?: { kind: 'not-convertible' } | { kind: 'failed'; cause: unknown } | { kind: 'not-confirmed' };
}

/** `convert-mode="transaction"`: the panel performs the whole conversion. Anything else: it only asks the host. */
export const CONVERT_BY_TRANSACTION = 'transaction';

const REFERRAL_CODE = 'referral';

/** Says so on the console when `convert-mode` is neither `event` nor `transaction` (it then acts as `event`). */
export function warnUnknownConvertMode(tag: string, mode: unknown): void {
  if (mode === 'event' || mode === CONVERT_BY_TRANSACTION) return;
  console.warn(`[joinedcare] <${tag}> convert-mode="${String(mode)}" is not known: conversion is only requested from the host (event).`);
}

/** The id of the ServiceRequest a transaction response created (its `location` or resource). */
function createdReferralId(response: Bundle): string | undefined {
  const entry = asArray<NonNullable<Bundle['entry']>[number]>(response?.entry)[0];
  const status = entry?.response?.status ?? '';
  if (!/^20[01]\b/.test(status)) return undefined;
  const fromLocation = parseReference(entry?.response?.location);
  if (fromLocation?.type === 'ServiceRequest') return fromLocation.id;
  const r = entry?.resource;
  return r?.resourceType === 'ServiceRequest' && typeof r.id === 'string' ? r.id : undefined;
}

/** Whether a ServiceRequest is the referral of this UBRN (category `referral`, identifier the UBRN). */
function isReferralFor(sr: ServiceRequest | undefined, ubrn: string): boolean {
  if (sr?.resourceType !== 'ServiceRequest') return false;
  const category = asArray<CodeableConcept>(sr.category).some((c) =>
    asArray<Coding>(c?.coding).some((x) => x?.system === SR_CATEGORY_SYSTEM && x?.code === REFERRAL_CODE),
  );
  const same = asArray<Identifier>(sr.identifier).some((i) => isUbrnSystem(i?.system) && i?.value === ubrn);
  return category && same;
}

/**
 * Conversion to a referral. It always fires the cancelable `jc-advice-convert-request` first. With
 * `convert-mode="transaction"` (and no listener preventing it) the panel then performs the whole
 * conversion in one FHIR transaction: the referral ServiceRequest under the request's UBRN, linked
 * to it, and the request marked ADVICE_CONVERTED (`If-Match`). It says "converted" only after it has
 * read the referral back from the server. In every other case (the default `event`) it only asks
 * the host, and says that no referral has been made here. No path says a referral exists when none
 * was created.
 */
export class AdviceConverting extends AdviceController {
  /** The current request's conversion, if any. */
  state: ConvertState | undefined;

  /** Forgets the conversion state (another conversation opened, or a patient switch). */
  reset(): void {
    this.set(undefined);
  }

  private set(state: ConvertState | undefined): void {
    if (state === this.state) return;
    this.state = state;
    this.host.requestUpdate();
  }

  /** Converts a request; the element's `updateComplete` waits for the conversion and the reload after it. */
  convert(requestId: string): Promise<void> {
    return this.advice.track(this.convertNow(requestId));
  }

  private async convertNow(requestId: string): Promise<void> {
    const session = this.advice.session();
    if (this.state?.phase === 'converting' || !session) return;
    const patientKey = session.patient.key;
    const proceed = this.host.emit('jc-advice-convert-request', { requestId }, { cancelable: true });
    const client = session.client;
    const who = session.data?.who;
    const byTransaction = session.settings.convertMode === CONVERT_BY_TRANSACTION && session.data?.source === 'server';
    if (!byTransaction || !proceed || !client || !who) {
      this.set({ requestId, phase: 'requested' });
      this.advice.settled({ patientKey, announce: 'apConvertRequested' });
      return;
    }
    this.set({ requestId, phase: 'converting' });
    try {
      const current = this.advice.guard(
        await client.read<CommunicationRequest>('CommunicationRequest', requestId, { cache: 'no-cache' }),
        who,
      );
      if (!current) throw new FhirError('unexpected', 'The request belongs to another patient');
      const ubrn = ubrnOf(current);
      const subject = current.subject;
      const open = ADVICE_STATUS_TABLE[resolveStatus(current).code].open;
      if (!ubrn || !subject || !open || conversionOf(current) !== 'authorised' || typeof current.id !== 'string') {
        this.set({ requestId, phase: 'done', error: { kind: 'not-convertible' } });
        this.advice.settled({ patientKey, announce: 'apConvertFailed' });
        return;
      }
      const response = await client.transaction(
        buildConversion({ request: { ...current, id: current.id, subject }, ubrn, now: session.now }),
      );
      // "converted" only once the referral is on the server, for this patient, under this UBRN
      const referralId = createdReferralId(response);
      // (a read that fails after the transaction succeeded is "not confirmed", never "not converted")
      const read = referralId
        ? await client.read<ServiceRequest>('ServiceRequest', referralId, { cache: 'no-cache' }).catch(() => undefined)
        : undefined;
      const referral = read ? this.advice.guard(read, who) : undefined;
      if (!referral || !isReferralFor(referral, ubrn)) {
        this.set({ requestId, phase: 'done', error: { kind: 'not-confirmed' } });
        this.advice.settled({ patientKey, announce: 'apConvertNotConfirmed', reload: true });
        return;
      }
      this.set({ requestId, phase: 'done', ubrn });
      this.advice.settled({ patientKey, announce: 'apConverted', params: { ubrn: spacedUbrn(ubrn) }, reload: true });
    } catch (e) {
      this.set({ requestId, phase: 'done', error: { kind: 'failed', cause: e } });
      this.advice.settled({ patientKey, announce: 'apConvertFailed' });
    }
  }
}
