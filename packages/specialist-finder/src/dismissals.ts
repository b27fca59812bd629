// The prompts a clinician dismissed, per patient and rule, for this page session. In memory only: never stored.
import type { PatientInContext } from '@joinedcare/core';

export const DISMISS_REASONS = ['already', 'notAppropriate', 'declined', 'dataWrong'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

const dismissals = new Map<string, DismissReason>();

/** Whose dismissals: the patient's id, else the NHS number. @internal */
export function dismissalOwner(patient: Pick<PatientInContext, 'id' | 'nhsNumber'> | undefined): string {
  return patient?.id ? `id:${patient.id}` : `nhs:${patient?.nhsNumber ?? ''}`;
}

/** Why the prompt of `ruleId` was dismissed for `owner`, if it was. @internal */
export function dismissalOf(owner: string, ruleId: string): DismissReason | undefined {
  return dismissals.get(`${owner}|${ruleId}`);
}

/** Remembers a dismissal (`reason`) or forgets it (`undefined`: restored). @internal */
export function setDismissal(owner: string, ruleId: string, reason: DismissReason | undefined): void {
  if (reason) dismissals.set(`${owner}|${ruleId}`, reason);
  else dismissals.delete(`${owner}|${ruleId}`);
}

/** Whether `value` is one of the reasons the dismiss form offers. @internal */
export const isDismissReason = (value: unknown): value is DismissReason => DISMISS_REASONS.includes(value as DismissReason);

/** Forgets every dismissal (e.g. when the user signs out). */
export function resetDismissedPrompts(): void {
  dismissals.clear();
}
