// The care summary's part of `npm run bench` (issues 18 and 19), on the render page:
//  - heights: persona (a), every section open, at 1280 and 360 px, in the default view (all but the
//    user's own setting's items) and with "All" (every item), as a hospital user and as a GP; and
//    whether anything scrolls sideways. Target (issue 18): at most 1,400 px at 1280 px.
//  - views: the medicines list at N items, every item drawn (`initial-items=N`) and "Show all"
//    pressed: long tasks (target, issue 19: none over 50 ms).
import { loadavg } from 'node:os';
import { median, summary, table } from './stats.mjs';

const HEIGHT_CASES = [
  [1280, 'secondary', 'other'],
  [1280, 'secondary', 'all'],
  [1280, 'primary', 'other'],
  [1280, 'primary', 'all'],
  [360, 'secondary', 'other'],
  [360, 'secondary', 'all'],
  [360, 'primary', 'all'],
];

/** Heights of persona (a)'s summary; `newPage(name)` opens a bench page (bench/run.mjs). */
export async function careSummaryHeights(newPage, log) {
  const p = await newPage('render');
  const rows = [];
  for (const [width, setting, filter] of HEIGHT_CASES)
    rows.push(await p.page.evaluate((a) => window.bench.height(...a), [width, setting, filter]));
  await p.close();
  log(
    table(
      ['care summary, persona (a)', 'width', 'view', 'height (px)', 'rows', 'sideways scroll'],
      rows.map((r) => [
        r.setting === 'primary' ? 'GP' : 'hospital',
        r.width,
        r.filter === 'all' ? 'All' : 'default',
        r.height,
        r.rows,
        r.sideways ? 'YES' : 'no',
      ]),
    ),
  );
  return { target: 'at most 1,400 px at 1280 px, every section open', rows };
}

/**
 * The main thread's tasks in wall and CPU (thread) time, from a trace, when the tracing helper is there
 * (packages/specialist-finder/bench/main-thread-tasks.mjs); else none.
 */
async function traced(cdp, fn) {
  const mod = await import('../packages/specialist-finder/bench/main-thread-tasks.mjs').catch(() => undefined);
  if (!mod) return { value: await fn() };
  return mod.mainThreadTasks(cdp, fn);
}

/** Long tasks of the medicines list at `n` items, `runs` times each view (wall time from the page's observer; CPU time from a trace). */
export async function careSummaryViews(newPage, log, { n = 5000, runs = 5 } = {}) {
  const p = await newPage('render');
  await p.page.evaluate((count) => window.bench.prepare('medicines', count), n);
  const out = [];
  // `mount`: the default view (10 items) from the mount: what the data's preparation and build cost, before any long list is drawn
  for (const view of ['mount', 'all-items', 'show-all']) {
    await p.page.evaluate(([count, v]) => window.bench.view('medicines', count, v), [n, view]); // warm-up
    const list = [];
    for (let r = 0; r < runs; r++) {
      const t = await traced(p.cdp, () => p.page.evaluate(([count, v]) => window.bench.view('medicines', count, v), [n, view]));
      list.push({ ...t.value, longestCpuMs: t.longestCpuMs, over50CpuMs: t.over50CpuMs });
    }
    out.push({
      list: 'jc-care-summary medicines',
      view: view === 'all-items' ? `initial-items=${n}` : view === 'mount' ? 'default view, from the mount' : '"Show all" pressed',
      rows: median(list.map((x) => x.rows)),
      ms: summary(list.map((x) => x.ms)),
      longTasks: summary(list.map((x) => x.longTasks)),
      longestTaskMs: summary(list.map((x) => x.longestTaskMs)),
      ...(list[0].longestCpuMs !== undefined
        ? { longestTaskCpuMs: summary(list.map((x) => x.longestCpuMs)), tasksOver50Cpu: summary(list.map((x) => x.over50CpuMs)) }
        : {}),
      loadAverage: loadavg()[0],
    });
  }
  await p.close();
  log(
    table(
      [
        'list',
        'view',
        'rows drawn',
        'until drawn (ms)',
        'tasks > 50 ms',
        'longest task (ms)',
        'tasks > 50 ms CPU',
        'longest task CPU (ms)',
        'load average',
      ],
      out.map((v) => [
        v.list,
        v.view,
        v.rows,
        v.ms.median,
        v.longTasks.median,
        `${v.longestTaskMs.median} (${v.longestTaskMs.max})`,
        v.tasksOver50Cpu?.median ?? '',
        v.longestTaskCpuMs ? `${v.longestTaskCpuMs.median} (${v.longestTaskCpuMs.max})` : '',
        v.loadAverage.toFixed(1),
      ]),
    ),
  );
  return { n, target: 'no task over 50 ms', rows: out };
}
