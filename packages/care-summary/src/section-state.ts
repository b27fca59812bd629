// What one section shows, derived (never stored) from its task and its build's progress.
import { TaskStatus } from '@lit/task';
import { isAbort } from '@joinedcare/core';
import type { SectionModel, SectionWarning } from './model-shared.js';
import type { BuildProgress } from './summary-build.js';
import type { HandedInput } from './handed-in.js';
import type { LoadRun } from './server-load.js';

/** Where a section's data comes from: the patient's load run (the server), or the handed-in data. */
export type SectionSource = LoadRun | HandedInput;

/** Whose data a section's value is: a run, or the handed-in data's patient (ids only; else that very input). */
export const ownerOf = (source: SectionSource | undefined): unknown => (source?.kind === 'handed' ? (source.whoKey ?? source) : source);

/** A section task's value: the section's model, and whose data it is (`owner`). */
export interface SectionData {
  /** The patient's load run, or the handed-in data's patient key: a value is shown only for its owner. */
  owner: unknown;
  model: SectionModel;
  /** When its data was fetched (or the Bundle's timestamp). */
  asOf: Date | string;
  /** What could not be loaded or checked, in words. */
  note?: string;
  /** Warnings on the whole record its GP Connect Lists carry (server data: `data-in-transit`). */
  recordWarnings?: SectionWarning[];
}

/**
 * One section's state. `preparing`: a long list is being built in chunks; `done` with `updating`: the
 * previous list of the same patient, while a new one is built.
 */
export type SectionState =
  | { status: 'loading' }
  | { status: 'preparing'; progress: BuildProgress }
  | { status: 'error'; error: unknown }
  | {
      status: 'done';
      model: SectionModel;
      asOf: Date | string;
      note?: string;
      updating?: BuildProgress;
      recordWarnings?: SectionWarning[];
    };

/** The parts of a @lit/task a section's state is read from. */
export interface SectionTaskView {
  readonly status: TaskStatus;
  readonly value: SectionData | undefined;
  readonly error: unknown;
}

/**
 * A section's state: its task's value when the value belongs to `owner` (the data now wanted), else
 * loading, or preparing while a chunked build runs. Another patient's value is never shown, not even
 * for the moment between a switch and the new run.
 */
export function sectionState(task: SectionTaskView, owner: unknown, progress: BuildProgress | undefined): SectionState {
  const v = task.value;
  const own = v !== undefined && owner !== undefined && v.owner === owner;
  const done = (extra: { updating?: BuildProgress } = {}): SectionState =>
    v
      ? {
          status: 'done',
          model: v.model,
          asOf: v.asOf,
          ...(v.note ? { note: v.note } : {}),
          ...(v.recordWarnings ? { recordWarnings: v.recordWarnings } : {}),
          ...extra,
        }
      : { status: 'loading' };
  if (task.status === TaskStatus.COMPLETE) return own ? done() : { status: 'loading' };
  if (task.status === TaskStatus.ERROR && !isAbort(task.error)) return { status: 'error', error: task.error };
  // the same patient's previous list stays while a new one is built (marked as updating while chunked)
  if (own) return done(progress ? { updating: progress } : {});
  return progress ? { status: 'preparing', progress } : { status: 'loading' };
}
