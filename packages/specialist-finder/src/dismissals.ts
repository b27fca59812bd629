// The prompts a clinician dismissed, per server, patient and user (core's `patientScopeKey`) and rule, for this page session. In memory only: never stored.
export const DISMISS_REASONS = ['already', 'notAppropriate', 'declined', 'dataWrong'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

const dismissals = new Map<string, DismissReason>();

/** Why the prompt of `ruleId` was dismissed for `scope` (a `patientScopeKey`), if it was. @internal */
export function dismissalOf(scope: string, ruleId: string): DismissReason | undefined {
  return dismissals.get(`${scope}|${ruleId}`);
}

/** Remembers a dismissal (`reason`) or forgets it (`undefined`: restored). @internal */
export function setDismissal(scope: string, ruleId: string, reason: DismissReason | undefined): void {
  if (reason) dismissals.set(`${scope}|${ruleId}`, reason);
  else dismissals.delete(`${scope}|${ruleId}`);
}

/** Whether `value` is one of the reasons the dismiss form offers. @internal */
export const isDismissReason = (value: unknown): value is DismissReason => DISMISS_REASONS.includes(value as DismissReason);

/** Forgets every dismissal (e.g. when the user signs out). */
export function resetDismissedPrompts(): void {
  dismissals.clear();
}
