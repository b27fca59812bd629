// "Convert to referral" of <jc-advice-panel>: a ReactiveController holding where the conversion of a request stands.
import type { CommunicationRequest } from 'fhir/r4.js';
import { FhirError } from '@joinedcare/core';
import { markConverted } from './writes.js';
import { AdviceController } from './host.js';

/** Where "Convert to referral" stands for one request. */
export interface ConvertState {
  requestId: string;
  phase: 'converting' | 'done' | 'requested';
  /** Why it failed: the client cannot update requests, or what it threw. */
  error?: { kind: 'not-supported' } | { kind: 'failed'; cause: unknown };
}

/**
 * Conversion to a referral: `event` mode only fires the request for the host; `update` mode also
 * marks the request converted with `client.update` (If-Match), unless a listener prevented it.
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

  /** Converts a request; the element's `updateComplete` waits for the update and the reload after it. */
  convert(requestId: string): Promise<void> {
    return this.advice.track(this.convertNow(requestId));
  }

  private async convertNow(requestId: string): Promise<void> {
    const session = this.advice.session();
    if (this.state?.phase === 'converting' || !session) return;
    const patientKey = session.patient.key;
    const proceed = this.host.emit('jc-advice-convert-request', { requestId }, { cancelable: true });
    if (session.settings.convertMode !== 'update' || !proceed) {
      this.set({ requestId, phase: 'requested' });
      this.advice.settled({ patientKey, announce: 'apConvertRequested' });
      return;
    }
    const client = session.client;
    const who = session.data?.who;
    if (!client?.update || !who) {
      this.set({ requestId, phase: 'done', error: { kind: 'not-supported' } });
      return;
    }
    this.set({ requestId, phase: 'converting' });
    try {
      const current = await client.read<CommunicationRequest>('CommunicationRequest', requestId, { cache: 'no-cache' });
      const ok = this.advice.guard(current, who);
      if (!ok) throw new FhirError('unexpected', 'The request belongs to another patient');
      const version = ok.meta?.versionId;
      await client.update(markConverted(ok), version ? { ifMatch: `W/"${version}"` } : {});
      this.set({ requestId, phase: 'done' });
      this.advice.settled({ patientKey, announce: 'apConverted', reload: true });
    } catch (e) {
      this.set({ requestId, phase: 'done', error: { kind: 'failed', cause: e } });
      this.advice.settled({ patientKey, announce: 'apConvertFailed' });
    }
  }
}
