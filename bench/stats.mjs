// Small statistics and text-table helpers for bench/run.mjs.

/** Rounds to `digits` decimals (NaN and undefined become null, so JSON stays valid). */
export function round(x, digits = 1) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** `{ median, min, max, runs }`, rounded to 0.1. */
export function summary(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return {
    median: round(median(v)),
    min: round(v.length ? Math.min(...v) : NaN),
    max: round(v.length ? Math.max(...v) : NaN),
    runs: values.length,
  };
}

/** "12.3 (11.9–14.0)" */
export function fmtMs(s) {
  if (!s || s.median === null) return 'n/a';
  return `${s.median} (${s.min}–${s.max})`;
}

/** A plain-text table with a header rule. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r) => `  ${r.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
  return [line(all[0]), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...all.slice(1).map(line)].join('\n');
}
