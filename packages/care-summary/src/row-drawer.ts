// Long lists drawn page by page (issue 19): a list of more than `ROWS_PER_TASK` rows (say
// `initial-items=5000`) is drawn `ROWS_PER_TASK` rows at a time, one update per task, the host's
// `pause` between them, so no task draws thousands of rows. What is already drawn is not drawn again.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Rows drawn in one task. */
export const ROWS_PER_TASK = 50;

export class RowDrawer implements ReactiveController {
  /** Rows drawn so far, by list id (each list id is one list of one section for one patient). */
  private readonly drawn = new Map<string, number>();
  /** Lists drawn in the last update that want more rows. */
  private readonly wanting = new Map<string, number>();
  private scheduled = false;

  /**
   * `pause` lets the main thread run between two batches of rows (tests pace it); `track` counts the
   * drawing as data the element is loading, so its `updateComplete` waits for the last row.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly pause: () => Promise<void>,
    private readonly track: (work: Promise<void>) => void,
  ) {
    host.addController(this);
  }

  /** How many of a list's `total` rows to draw in this update; the rest follow, a batch per task. */
  limit(id: string, total: number): number {
    if (total <= ROWS_PER_TASK) return total;
    const n = Math.min(total, Math.max(ROWS_PER_TASK, this.drawn.get(id) ?? 0));
    this.drawn.set(id, n);
    if (n < total) this.wanting.set(id, total);
    return n;
  }

  /** Forgets what was drawn (a patient switch, another list). */
  reset(): void {
    this.drawn.clear();
    this.wanting.clear();
  }

  hostUpdated(): void {
    if (!this.wanting.size || this.scheduled) return;
    this.scheduled = true;
    this.track(
      (async () => {
        try {
          await this.pause();
        } finally {
          this.scheduled = false;
        }
        for (const [id, total] of this.wanting) this.drawn.set(id, Math.min(total, (this.drawn.get(id) ?? 0) + ROWS_PER_TASK));
        this.wanting.clear();
        this.host.requestUpdate();
      })(),
    );
  }
}
