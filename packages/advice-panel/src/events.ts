// The events of <jc-advice-panel>: their details (ids only, never clinical text), added to core's event map.
import type { FhirErrorKind } from '@joinedcare/core';

/** Detail of `jc-advice-sent`: ids only. `communicationId` is absent for a new request. */
export interface AdviceSentDetail {
  kind: 'reply' | 'request';
  requestId: string;
  communicationId?: string;
}
/** Detail of `jc-advice-send-failed`: ids and the error kind only. `requestId` is absent for a new request. */
export interface AdviceSendFailedDetail {
  requestId?: string;
  kind: FhirErrorKind;
}

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-advice-sent': AdviceSentDetail;
    'jc-advice-send-failed': AdviceSendFailedDetail;
    'jc-attachment-open-request': { documentReferenceId: string };
    'jc-advice-convert-request': { requestId: string };
  }
}
