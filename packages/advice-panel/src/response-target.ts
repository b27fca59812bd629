// The specialist's response target of <jc-advice-panel>: when a response is due, in working days, and whether it is overdue.
import { isoOfDayNumber, ukDayNumber } from '@joinedcare/core';
import { addWorkingDays, type WorkingDayCalendar } from './working-days.js';
import type { NextActor } from './status.js';

/** Default response target: 2 working days (design choice, see docs/advice-panel.md). */
export const DEFAULT_RESPONSE_TARGET_DAYS = 2;

export interface OverdueInfo {
  overdue: boolean;
  /** The UK date the response was due, as an ISO date (`yyyy-mm-dd`). */
  due?: string;
}

/**
 * Whether the specialist's response is overdue: only while the specialist must act; the clock
 * starts at the referrer's last message (or the request's authoredOn); due `target` working days
 * later (weekends, bank holidays and the calendar's other non-working days do not count); overdue
 * from the next UK calendar day.
 */
export function overdueOf(
  next: NextActor,
  waitingSince: string | undefined,
  now: Date,
  targetDays: number,
  calendar: WorkingDayCalendar = {},
): OverdueInfo {
  if (next !== 'responder' || !waitingSince) return { overdue: false };
  const start = ukDayNumber(waitingSince);
  const today = ukDayNumber(now);
  if (typeof start !== 'number' || typeof today !== 'number') return { overdue: false };
  const target = Number.isFinite(targetDays) && targetDays >= 0 ? targetDays : DEFAULT_RESPONSE_TARGET_DAYS;
  const dueDay = addWorkingDays(start, target, calendar);
  return { overdue: today > dueDay, due: isoOfDayNumber(dueDay) };
}
