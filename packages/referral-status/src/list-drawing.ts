// What of a referral list is drawn: how many of the page's referrals (a long page is drawn step by step) and whose details are open; a ReactiveController.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { yieldToMain } from '@joinedcare/core';

/** Referrals drawn per step when a long page is drawn step by step. */
export const DRAW_CHUNK = 50;

/** What the drawing needs from its element. */
export interface ListDrawingHost extends ReactiveControllerHost {
  readonly isConnected: boolean;
}

/**
 * Draws a page of referrals `DRAW_CHUNK` at a time, with a yield to the main thread between steps,
 * so no task draws thousands of rows (`page-size=5000`); and keeps which referrals' details are
 * open. `target` says how many referrals the page holds; `track` counts a step as data, so that
 * `updateComplete` waits until the whole page is drawn.
 */
export class ListDrawing implements ReactiveController {
  /** How many of the page's referrals are drawn. */
  drawn = DRAW_CHUNK;
  /** The referrals whose details are open (a new set on each change, so views can compare it). */
  expanded: ReadonlySet<string> = new Set();
  private step?: Promise<void>;

  constructor(
    private readonly host: ListDrawingHost,
    private readonly target: () => number,
    private readonly track: (step: Promise<void>) => Promise<void>,
  ) {
    host.addController(this);
  }

  /** A new list or filter: draw from the first step again. `all` also closes every referral's details (a new patient). */
  reset(all = false): void {
    this.drawn = DRAW_CHUNK;
    if (all) this.expanded = new Set();
  }

  /** Opens or closes one referral's details. */
  toggle(id: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(id)) next.add(id);
    this.expanded = next;
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    if (this.step || this.drawn >= this.target()) return;
    this.step = this.track(
      yieldToMain().then(() => {
        this.step = undefined;
        if (!this.host.isConnected || this.drawn >= this.target()) return;
        this.drawn += DRAW_CHUNK;
        this.host.requestUpdate();
      }),
    );
  }
}
