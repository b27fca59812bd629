// `<jc-specialist-finder>` at scale (issues 9, 21): a 10,000-patient practice on the bench's HTTP FHIR
// endpoint (/pop/fhir). Measures the time to finish checking, the longest task and the worst
// event-loop delay (a 16 ms heartbeat) while it runs; the runner counts requests server-side.
import { longestTask, networkIdle, raf, sleep } from './instrument.js';
import '@joinedcare/core/define.js';
import '@joinedcare/specialist-finder/define.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const clock = { now: () => NOW };
const stage = document.getElementById('stage');

window.bench = {
  ready: true,
  /** Checks the practice `odsCode` (or the Group `groupId`) and returns timings and what was found. */
  async run({ odsCode, groupId, base = '/pop/fhir', timeoutMs = 600_000 }) {
    const ctx = document.createElement('jc-context');
    ctx.setAttribute('fhir-base-url', base);
    ctx.clock = clock;
    const el = document.createElement('jc-specialist-finder');
    if (odsCode) el.setAttribute('ods-code', odsCode);
    if (groupId) el.setAttribute('group-id', groupId);
    ctx.append(el);

    // heartbeat: how late a 16 ms timer fires tells how long the page was unresponsive
    let worstDelay = 0;
    let last = performance.now();
    const beat = setInterval(() => {
      const t = performance.now();
      worstDelay = Math.max(worstDelay, t - last - 16);
      last = t;
    }, 16);

    const t0 = performance.now();
    stage.append(ctx);
    let firstProgressMs;
    let firstRowMs;
    // the check's state lives in the element's scan controller (internal); reading it is the bench's only peek inside
    const scan = () => el.scan ?? {};
    while (performance.now() - t0 < timeoutMs) {
      await raf();
      const phase = scan().phase;
      if (firstProgressMs === undefined && scan().progress?.done > 0) firstProgressMs = performance.now() - t0;
      if (firstRowMs === undefined && scan().rows?.length > 0) firstRowMs = performance.now() - t0;
      if (phase !== undefined && phase !== 'running' && phase !== 'idle') break;
    }
    const doneMs = performance.now() - t0;
    await el.updateComplete;
    await sleep(50);
    clearInterval(beat);
    const s = scan();
    const rows = s.rows ?? [];
    const rowsByRule = {};
    for (const r of rows) rowsByRule[r.outcome.rule.id] = (rowsByRule[r.outcome.rule.id] ?? 0) + 1;
    const result = {
      phase: s.phase,
      doneMs,
      firstProgressMs,
      firstRowMs,
      population: s.population,
      rows: rows.length,
      rowsByRule,
      patientsMatched: new Set(rows.map((r) => r.patientId)).size,
      notCheckedPatients: new Set((s.notChecked ?? []).map((r) => r.patientId)).size,
      elsewhere: s.elsewhere ?? 0,
      failed: s.failedIds?.length ?? 0,
      incomplete: Boolean(s.incomplete),
      longestTask: longestTask(t0, performance.now()),
      worstDelayMs: Math.max(0, worstDelay),
    };
    ctx.remove();
    await networkIdle([]);
    return result;
  },
};
