// "Convert to referral" of <jc-advice-panel>: a ReactiveController holding where the conversion of a request stands.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CommunicationRequest } from 'fhir/r4.js';
import { FhirError, describeError, type FhirClient, type MessageKey, type PatientIdentity } from '@joinedcare/core';
import { markConverted } from './writes.js';

/** Where "Convert to referral" stands for one request. */
export interface ConvertState {
  requestId: string;
  phase: 'converting' | 'done' | 'requested';
  error?: string;
}

/** What the controller reads from and reports to the element; each read happens when it is needed. */
export interface AdviceConvertingOptions {
  /** Fires the cancelable `jc-advice-convert-request`; false when a listener prevented it. */
  request(requestId: string): boolean;
  mode(): 'event' | 'update';
  client(): FhirClient | undefined;
  who(): PatientIdentity | undefined;
  guard(request: CommunicationRequest, who: PatientIdentity): CommunicationRequest | undefined;
  t(key: MessageKey): string;
  lang(): string | undefined;
  announce(key: MessageKey): void;
  /** Reloads the data after a conversion. */
  reload(): void;
}

/**
 * Conversion to a referral: `event` mode only fires the request for the host; `update` mode also
 * marks the request converted with `client.update` (If-Match), unless a listener prevented it.
 */
export class AdviceConverting implements ReactiveController {
  /** The current request's conversion, if any. */
  state: ConvertState | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: AdviceConvertingOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // nothing to set up
  }

  /** Forgets the conversion state (another conversation opened, or a patient switch). */
  reset(): void {
    this.set(undefined);
  }

  private set(state: ConvertState | undefined): void {
    if (state === this.state) return;
    this.state = state;
    this.host.requestUpdate();
  }

  async convert(requestId: string): Promise<void> {
    const o = this.options;
    if (this.state?.phase === 'converting') return;
    const proceed = o.request(requestId);
    if (o.mode() !== 'update' || !proceed) {
      this.set({ requestId, phase: 'requested' });
      o.announce('apConvertRequested');
      return;
    }
    const client = o.client();
    const who = o.who();
    if (!client?.update || !who) {
      this.set({ requestId, phase: 'done', error: o.t('apConvertNotSupported') });
      return;
    }
    this.set({ requestId, phase: 'converting' });
    try {
      const current = await client.read<CommunicationRequest>('CommunicationRequest', requestId, { cache: 'no-cache' });
      const ok = o.guard(current, who);
      if (!ok) throw new FhirError('unexpected', 'The request belongs to another patient');
      const version = ok.meta?.versionId;
      await client.update(markConverted(ok), version ? { ifMatch: `W/"${version}"` } : {});
      this.set({ requestId, phase: 'done' });
      o.announce('apConverted');
      o.reload();
    } catch (e) {
      this.set({ requestId, phase: 'done', error: describeError(e, o.lang()) });
      o.announce('apConvertFailed');
    }
  }
}
