// The lifecycle a host can read and hear: the widget's state (reflected as the `state` attribute) and
// `jc-load` / `jc-error` / `jc-empty`, fired once per change of state or of patient.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TaskStatus, type Task } from '@lit/task';
import { isAbort, toFhirError, type FhirErrorKind } from '../fhir/errors.js';

/**
 * Where a widget stands: `not-configured` (no client or patient), `loading`, `ready` (loaded, with
 * something to show), `empty` (loaded: nothing recorded), `error` (could not load; Retry offered),
 * `stopped` (the server's record is another person: the stop-level message).
 */
export type WidgetState = 'not-configured' | 'loading' | 'ready' | 'empty' | 'error' | 'stopped';

/** What the widget says about itself after each update. */
export interface LifecycleReading {
  state: WidgetState;
  /** How many items it shows, when it counts them. */
  count?: number | undefined;
  /** Some parts could not be loaded (the partial state). */
  partial?: boolean | undefined;
  /** Why it could not load (`error`, `stopped`). */
  error?: FhirErrorKind | undefined;
}

/** What the lifecycle needs from its element. */
export interface LifecycleHost extends ReactiveControllerHost, HTMLElement {
  readLifecycle(): LifecycleReading;
  /** The patient selection the reading is about ('' when none). */
  lifecycleKey(): string;
}

/** Detail of `jc-load`: counts only. */
export interface LoadDetail {
  count?: number;
  partial: boolean;
}
/** Detail of `jc-error`: the kind of failure only, never text from the server or the record. */
export interface LifecycleErrorDetail {
  kind: FhirErrorKind;
}

export class Lifecycle implements ReactiveController {
  state: WidgetState = 'not-configured';
  private last = '';

  constructor(private readonly host: LifecycleHost) {
    host.addController(this);
  }

  hostUpdated(): void {
    const r = this.host.readLifecycle();
    this.state = r.state;
    if (this.host.getAttribute('state') !== r.state) this.host.setAttribute('state', r.state);
    const key = `${this.host.lifecycleKey()}|${r.state}|${r.count ?? ''}|${r.partial ? 1 : 0}|${r.error ?? ''}`;
    if (key === this.last) return;
    this.last = key;
    const fire = (type: string, detail: object) =>
      this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    if (r.state === 'ready')
      fire('jc-load', { ...(r.count !== undefined ? { count: r.count } : {}), partial: !!r.partial } satisfies LoadDetail);
    else if (r.state === 'empty') {
      fire('jc-load', { count: 0, partial: !!r.partial } satisfies LoadDetail);
      fire('jc-empty', {});
    } else if ((r.state === 'error' || r.state === 'stopped') && r.error)
      fire('jc-error', { kind: r.error } satisfies LifecycleErrorDetail);
  }
}

/**
 * The state the patient tasks say: `error`/`stopped` when one failed, `loading` until each has a value
 * for the patient now in context, else `ready` (or `empty` when the widget counts no items).
 */
export function readTasks(
  tasks: ReadonlyArray<Task<readonly unknown[], { patientKey: string; value: unknown } | undefined>>,
  currentKey: string | undefined,
  count: (value: unknown) => number | undefined,
): LifecycleReading {
  let reading: LifecycleReading = { state: 'ready' };
  for (const task of tasks) {
    if (task.status === TaskStatus.ERROR && !isAbort(task.error)) {
      const kind = toFhirError(task.error).kind;
      return { state: kind === 'wrong-patient' ? 'stopped' : 'error', error: kind };
    }
    const v = task.value;
    if (!v || v.patientKey !== currentKey) return { state: 'loading' };
    const n = count(v.value);
    if (n !== undefined) reading = { state: n === 0 ? 'empty' : 'ready', count: n };
  }
  return reading;
}
