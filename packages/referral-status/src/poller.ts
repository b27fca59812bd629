import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Timer functions used for polling; tests inject a fake clock. */
export interface PollScheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: PollScheduler = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What the poller needs from its element. */
export interface PollHost extends ReactiveControllerHost {
  /** Milliseconds between checks; 0 or less: off. */
  readonly pollIntervalMs: number;
  /** The timer functions to schedule checks with. */
  readonly scheduler: PollScheduler;
  /** One check. The next is scheduled when it settles (never two at once). */
  poll(): Promise<void>;
}

/**
 * Runs the host's `poll` every `pollIntervalMs` while the host is connected and the page is
 * visible. Hidden pages do not poll: the timer stops and restarts when the page is shown again.
 */
export class Poller implements ReactiveController {
  private handle: unknown;
  private scheduledWith: PollScheduler | undefined;
  private running = false;
  private connected = false;
  private readonly onVisibility = () => (document.visibilityState === 'hidden' ? this.stop() : this.start());

  constructor(private readonly host: PollHost) {
    host.addController(this);
  }

  /** Whether a check is scheduled. */
  get active(): boolean {
    return this.handle !== undefined;
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('visibilitychange', this.onVisibility);
    this.start();
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stop();
  }

  /** (Re)starts the timer from now, if polling is on; a no-op while a check runs (it reschedules). */
  start(): void {
    this.stop();
    const ms = this.host.pollIntervalMs;
    if (!this.connected || this.running || !(ms > 0) || document.visibilityState === 'hidden') return;
    const scheduler = this.host.scheduler;
    this.scheduledWith = scheduler;
    this.handle = scheduler.setTimeout(() => void this.run(), ms);
  }

  stop(): void {
    if (this.handle !== undefined) this.scheduledWith?.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private async run(): Promise<void> {
    this.handle = undefined;
    this.running = true;
    try {
      await this.host.poll();
    } catch {
      // the check reports its own errors
    } finally {
      this.running = false;
    }
    this.start();
  }
}
