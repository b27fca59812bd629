// A value recomputed only when one of its inputs has changed (each compared by identity).

export class Memo<T> {
  private inputs: readonly unknown[] | undefined;
  private current: T;

  constructor(initial: T) {
    this.current = initial;
  }

  /** The value last built. */
  get value(): T {
    return this.current;
  }

  /** Builds the value again when `inputs` differ from the last ones; returns it. */
  update(inputs: readonly unknown[], build: () => T): T {
    const last = this.inputs;
    if (last && last.length === inputs.length && inputs.every((x, i) => x === last[i])) return this.current;
    this.inputs = inputs;
    this.current = build();
    return this.current;
  }
}
