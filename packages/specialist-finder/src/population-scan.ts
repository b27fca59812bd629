// The population scan of <jc-specialist-finder> as a ReactiveController: rules, paged check with progress, cancel and retry.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort, type FhirClient, type FhirError } from '@joinedcare/core';
import { scanPopulation, type PatientData, type PopulationSource, type ScanProgress } from './data.js';
import { RuleSetError, parseRuleSet, type Rule, type RuleIssue } from './rules/schema.js';
import type { FinderRow } from './worklist.js';

export type ScanPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'error' | 'invalid-rules';

/** The scan's drawn state (what `set()` may change). */
type ScanState = Omit<PopulationScan, 'run' | 'cancel' | 'hostConnected' | 'hostDisconnected' | 'started'>;

/** What the scan needs from its element, read when a run starts. */
export interface PopulationScanOptions {
  client(): FhirClient | undefined;
  source(): PopulationSource | undefined;
  /** The `rules` property and the `rules-src` URL (which wins when set). */
  rules(): { rules: unknown; rulesSrc: string | undefined };
  now(): Date;
  /** A batch of patients through the patient guard and the rules: the rows it adds. */
  toRows(batch: PatientData[], rules: readonly Rule[], now: Date): FinderRow[];
  /** A fresh run (not a retry) starts: the element clears what belonged to the previous one. */
  reset(): void;
  /** The run finished or was cancelled (called after the phase is set). */
  settled(phase: 'done' | 'cancelled'): void;
}

/**
 * Checks a population against the rules. Only the latest run may change state (an older one is
 * aborted and ignored); `cancel()` keeps what was found so far; a removal aborts the run and the
 * next update starts again. `run()` is called from the host's `willUpdate`, so what it sets before
 * its first await (phase, cleared rows) is drawn in that same update.
 */
export class PopulationScan implements ReactiveController {
  phase: ScanPhase = 'idle';
  progress: ScanProgress = { phase: 'starting', done: 0 };
  rows: FinderRow[] = [];
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
    private readonly options: PopulationScanOptions,
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

  /** Checks the population from the start, or only `retryIds` (keeping the rows found so far). */
  async run(retryIds?: string[]): Promise<void> {
    const o = this.options;
    const client = o.client();
    const source = o.source();
    if (!client || !source) return;
    this.started = true;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const signal = controller.signal;
    const current = () => this.controller === controller;
    this.set({ phase: 'running', error: undefined, issues: [], progress: { phase: 'starting', done: 0 } });
    if (!retryIds) {
      this.set({ rows: [], failedIds: [], failureReason: undefined, incomplete: false });
      o.reset();
    }
    try {
      const rules = await this.resolveRules(signal);
      if (!current()) return;
      if (!rules) {
        this.set({ phase: 'invalid-rules' });
        return;
      }
      this.set({ ruleList: rules });
      const now = o.now();
      const result = await scanPopulation(client, retryIds ? { kind: 'patients', patients: retryIds } : source, {
        rules,
        now,
        signal,
        onProgress: (p) => {
          if (current()) this.set({ progress: p });
        },
        onPatients: (batch) => {
          if (current()) this.add(o.toRows(batch, rules, now));
        },
      });
      if (!current()) return;
      this.set({
        ...(retryIds ? {} : { population: result.population }),
        failedIds: result.failedPatientIds,
        failureReason: result.lastError,
        incomplete: retryIds ? this.incomplete : result.incomplete,
        phase: 'done',
      });
      o.settled('done');
    } catch (e) {
      if (!current()) return;
      if (signal.aborted || isAbort(e)) {
        this.set({ phase: 'cancelled' });
        o.settled('cancelled');
      } else {
        this.set({ phase: 'error', error: e });
      }
    }
  }

  /** Sets state and asks the host to draw it (like a `@state()` assignment). */
  private set(patch: Partial<ScanState>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  /** Adds matches, replacing any row with the same patient and rule (a retried patient). */
  private add(added: FinderRow[]): void {
    if (!added.length) return;
    const keys = new Set(added.map((r) => r.key));
    this.set({ rows: [...this.rows.filter((r) => !keys.has(r.key)), ...added] });
  }

  private async resolveRules(signal: AbortSignal): Promise<Rule[] | undefined> {
    try {
      const { rules, rulesSrc } = this.options.rules();
      let input: unknown = rules;
      if (rulesSrc) {
        const response = await fetch(rulesSrc, { signal, credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        try {
          input = JSON.parse(await response.text());
        } catch {
          this.set({ issues: [{ rule: '(file)', path: '', message: 'is not valid JSON' }] });
          return undefined;
        }
      }
      return parseRuleSet(input).rules;
    } catch (e) {
      if (e instanceof RuleSetError) {
        this.set({ issues: e.issues });
        return undefined;
      }
      throw e;
    }
  }
}
