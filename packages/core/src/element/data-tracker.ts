// Data a widget is loading, so that `updateComplete` can wait until it is drawn.

/** The promises a widget's data depends on, while they are pending. */
export class DataTracker {
  private readonly pending = new Set<Promise<unknown>>();

  /** Counts `work` until it settles. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  /** Waits until nothing is pending and the last update has rendered (`update` is the element's own updateComplete). */
  async settle(update: () => Promise<boolean>): Promise<boolean> {
    let result = await update();
    while (this.pending.size) {
      await Promise.allSettled([...this.pending]);
      result = await update();
    }
    return result;
  }
}
