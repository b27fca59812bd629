import { svg, type SVGTemplateResult } from 'lit';
import type { Trend } from './model-shared.js';

export interface SparklineGeometry {
  width: number;
  height: number;
  /** One SVG `points` string per series. */
  lines: string[];
  /** The last point of each series (drawn as a dot). */
  ends: Array<{ x: number; y: number }>;
  /** Censored values (`>90`): drawn as open markers, pointing the way the true value lies. */
  censored: Array<{ x: number; y: number; up: boolean }>;
}

const PAD = 3;

/**
 * Scales a trend's series into an SVG box. All series share one time axis and one value axis (so
 * systolic and diastolic blood pressure sit in their true relation). Pure, for tests.
 */
export function sparklineGeometry(trend: Trend, width = 120, height = 32): SparklineGeometry {
  const points = trend.series.flatMap((s) => s.points);
  const ts = points.map((p) => p.t);
  const vs = points.map((p) => p.v);
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  const v0 = Math.min(...vs);
  const v1 = Math.max(...vs);
  const x = (t: number) => (t1 === t0 ? width / 2 : PAD + ((t - t0) / (t1 - t0)) * (width - 2 * PAD));
  const y = (v: number) => (v1 === v0 ? height / 2 : height - PAD - ((v - v0) / (v1 - v0)) * (height - 2 * PAD));
  const round = (n: number) => Math.round(n * 10) / 10;
  const lines = trend.series.map((s) => s.points.map((p) => `${round(x(p.t))},${round(y(p.v))}`).join(' '));
  const ends = trend.series
    .filter((s) => s.points.length)
    .map((s) => {
      const last = s.points[s.points.length - 1];
      return { x: round(x(last.t)), y: round(y(last.v)) };
    });
  const censored = trend.series.flatMap((s) =>
    s.points
      .filter((p) => p.comparator)
      .map((p) => ({ x: round(x(p.t)), y: round(y(p.v)), up: p.comparator === '>' || p.comparator === '>=' })),
  );
  return { width, height, lines, ends, censored };
}

/** A small inline chart of a trend: `role="img"` labelled with the trend's text alternative. */
export function sparkline(trend: Trend, width = 120, height = 32): SVGTemplateResult {
  const g = sparklineGeometry(trend, width, height);
  return svg`<svg class="sparkline" part="trend" role="img" aria-label=${trend.text} viewBox="0 0 ${g.width} ${g.height}" width=${g.width} height=${g.height} focusable="false">
    <title>${trend.text}</title>
    ${g.lines.map((points, i) => svg`<polyline class="series series-${i}" points=${points} fill="none"></polyline>`)}
    ${g.ends.map((p, i) => svg`<circle class="end series-${i}" cx=${p.x} cy=${p.y} r="2.5"></circle>`)}
    ${g.censored.map((p) => svg`<path class="censored" d=${p.up ? `M${p.x - 3} ${p.y + 2} L${p.x} ${p.y - 3} L${p.x + 3} ${p.y + 2} Z` : `M${p.x - 3} ${p.y - 2} L${p.x} ${p.y + 3} L${p.x + 3} ${p.y - 2} Z`}></path>`)}
  </svg>`;
}
