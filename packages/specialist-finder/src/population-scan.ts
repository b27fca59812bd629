// The population scan of <jc-specialist-finder> as a ReactiveController: rules, paged check with progress, cancel and retry.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort, type FhirClient, type FhirError } from '@joinedcare/core';
import type { PatientData } from './data.js';
import { scanPopulation, type PopulationSource, type ScanProgress } from './population-data.js';
import { loadRules, type RuleInput } from './rules/load.js';
import type { Rule, RuleIssue } from './rules/schema.js';
import type { FinderRow, NotCheckedRow } from './worklist.js';

export type ScanPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'error' | 'invalid-rules';

/** The scan's drawn state (what `set()` may change). */
type ScanState = Omit<PopulationScan, 'run' | 'cancel' | 'hostConnected' | 'hostDisconnected' | 'started'>;

/** What one run checks, read by the element when it starts the run. */
export interface ScanRequest extends RuleInput {
  client: FhirClient;
  source: PopulationSource;
  now(): Date;
  /** Check only these patients again, keeping the rows found so far (Retry after a partial failure). */
  retryIds?: readonly string[] | undefined;
}

/** A batch of patients through the patient guard and the rules: the rows it adds, and the rules it could not check. */
export type RowsOf = (batch: PatientData[], rules: readonly Rule[], now: Date) => { rows: FinderRow[]; notChecked: NotCheckedRow[] };

/**
 * Checks a population against the rules. Only the latest run may change state (an older one is
 * aborted and ignored); `cancel()` keeps what was found so far; a removal aborts the run and the
 * next update starts again. Like `@lit/task`, it needs two things from its host: what to check (the
 * `run` request) and what to do with each batch (`rowsOf`, which runs the element's patient guard).
 * What `run()` sets before its first await (phase, cleared rows) is drawn in the update that started it.
 */
export class PopulationScan implements ReactiveController {
  phase: ScanPhase = 'idle';
  progress: ScanProgress = { phase: 'starting', done: 0 };
  rows: FinderRow[] = [];
  /** Patients and rules that could not be checked (the record lacks what the rule needs). */
  notChecked: NotCheckedRow[] = [];
  /** Patients the server listed for the practice who are registered elsewhere (left out). */
  elsewhere = 0;
  /** Patients in the population (from the last full run). */
  population = 0;
  /** Patients that could not be checked: Retry checks these. */
  failedIds: string[] = [];
  failureReason?: FhirError | undefined;
  /** A practice-wide search stopped early: some patients (unknown which) were not checked. */
  incomplete = false;
  error?: unknown;
  issues: RuleIssue[] = [];
  ruleList: Rule[] = [];
  /** A run was started since the element was (re)connected. */
  started = false;

  private controller?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly rowsOf: RowsOf,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // a removal is not a user's cancel: forget the run, so it ends quietly and a put-back starts again
    this.controller?.abort();
    this.controller = undefined;
    this.started = false;
    if (this.phase === 'running') this.set({ phase: 'idle' });
  }

  hostConnected(): void {
    // put back after a removal that stopped the check: draw again, which starts it (see willUpdate)
    if (!this.started) this.host.requestUpdate();
  }

  /** Stops the run in progress; what was found so far stays. */
  cancel(): void {
    this.controller?.abort();
  }

  /**
   * Checks the population from the start, or only `retryIds` (keeping the rows found so far).
   * Resolves with the phase the run ended in (`done`, `cancelled`, …), or undefined when a newer
   * run or a removal replaced it.
   */
  async run(request: ScanRequest): Promise<ScanPhase | undefined> {
    const { client, source, retryIds } = request;
    this.started = true;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const signal = controller.signal;
    const current = () => this.controller === controller;
    this.set({ phase: 'running', error: undefined, issues: [], progress: { phase: 'starting', done: 0 } });
    if (!retryIds) this.set({ rows: [], notChecked: [], elsewhere: 0, failedIds: [], failureReason: undefined, incomplete: false });
    try {
      const loaded = await loadRules(request, signal);
      if (!current()) return undefined;
      if (loaded.kind === 'rules-failed') throw loaded.error;
      if (loaded.kind === 'invalid-rules') return this.settle({ phase: 'invalid-rules', issues: loaded.issues });
      const rules = loaded.set.rules;
      this.set({ ruleList: rules });
      const now = request.now();
      const result = await scanPopulation(client, retryIds ? { kind: 'patients', patients: retryIds } : source, {
        rules,
        now,
        signal,
        onProgress: (p) => {
          if (current()) this.set({ progress: p });
        },
        onPatients: (batch) => {
          if (current()) this.add(this.rowsOf(batch, rules, now));
        },
      });
      if (!current()) return undefined;
      return this.settle({
        ...(retryIds ? {} : { population: result.population, elsewhere: result.elsewhere }),
        failedIds: result.failedPatientIds,
        failureReason: result.lastError,
        incomplete: retryIds ? this.incomplete : result.incomplete,
        phase: 'done',
      });
    } catch (e) {
      if (!current()) return undefined;
      if (signal.aborted || isAbort(e)) return this.settle({ phase: 'cancelled' });
      return this.settle({ phase: 'error', error: e });
    }
  }

  /** Sets state and asks the host to draw it (like a `@state()` assignment). */
  private set(patch: Partial<ScanState>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  /** Sets the state a run ends in: its phase. */
  private settle(patch: Partial<ScanState> & { phase: ScanPhase }): ScanPhase {
    this.set(patch);
    return patch.phase;
  }

  /** Adds matches and rules not checked, replacing any with the same patient and rule (a retried patient). */
  private add(added: { rows: FinderRow[]; notChecked: NotCheckedRow[] }): void {
    if (!added.rows.length && !added.notChecked.length) return;
    const keys = new Set([...added.rows, ...added.notChecked].map((r) => r.key));
    this.set({
      rows: [...this.rows.filter((r) => !keys.has(r.key)), ...added.rows],
      notChecked: [...this.notChecked.filter((r) => !keys.has(r.key)), ...added.notChecked],
    });
  }
}
