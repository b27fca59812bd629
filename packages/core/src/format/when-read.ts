/**
 * Gives `target` a property `key` whose value is computed the first time it is read, then kept
 * (enumerable, so spreads, `JSON.stringify` and deep equality see it; settable, for code that
 * replaces the value). For view models of long lists: text that only the rows drawn need is not
 * formatted for the thousands that are not (issues 18 and 19).
 */
export function whenRead<T extends object, K extends PropertyKey, V>(target: T, key: K, compute: () => V): T & Record<K, V> {
  let value: V;
  let known = false;
  return Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!known) {
        value = compute();
        known = true;
      }
      return value;
    },
    set: (v: V) => {
      value = v;
      known = true;
    },
  }) as T & Record<K, V>;
}
