// The long lists' part of `npm run bench` (issues 18 and 19), on the render page:
//  - heights: the care summary for persona (a), every section open, at 1280 and 360 px, in the
//    default view (all but the user's own setting's items) and with "All" (every item), as a
//    hospital user and as a GP; and the referral status's "Loaded" story (16 referrals); whether
//    anything scrolls sideways. Targets (issue 18): 1,400 px and 2,600 px at 1280 px.
//  - views: the care summary's medicines and the referral status at N items, from the mount, every
//    item drawn (`initial-items=N`, `page-size=N`) and "Show all" / "Show more" pressed: long tasks
//    (target, issue 19: none over 50 ms).
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
  // the referral status's "Loaded" story: 16 referrals (target: at most 2,600 px at 1280 px)
  const referrals = [];
  for (const width of [1280, 360]) referrals.push(await p.page.evaluate((w) => window.bench.referralHeight(w), width));
  await p.close();
  log(
    table(
      ['referral status, "Loaded" story', 'width', 'height (px)', 'referrals', 'sideways scroll'],
      referrals.map((r) => ['GP', r.width, r.height, r.rows, r.sideways ? 'YES' : 'no']),
    ),
  );
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
  return {
    target: 'at most 1,400 px at 1280 px, every section open',
    rows,
    referrals: { target: 'the "Loaded" story\'s 16 referrals at most 2,600 px at 1280 px', rows: referrals },
  };
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
  const out = [];
  for (const kind of ['medicines', 'referrals']) {
    const p = await newPage('render');
    await p.page.evaluate(([k, count]) => window.bench.prepare(k, count), [kind, n]);
    await viewsOf(p, kind, n, runs, out);
    await p.close();
  }
  logViews(log, out);
  return { n, target: 'no task over 50 ms', rows: out };
}

/** The three views of one list (`medicines` in the care summary, `referrals` in the referral status), `runs` times each. */
async function viewsOf(p, kind, n, runs, out) {
  const medicines = kind === 'medicines';
  // `mount`: the default view from the mount: what the data's preparation and build cost, before any long list is drawn
  for (const view of ['mount', 'all-items', 'show-all']) {
    await p.page.evaluate(([k, count, v]) => window.bench.view(k, count, v), [kind, n, view]); // warm-up
    await p.page.evaluate(() => window.bench.clear());
    const list = [];
    for (let r = 0; r < runs; r++) {
      const t = await traced(p.cdp, () => p.page.evaluate(([k, count, v]) => window.bench.view(k, count, v), [kind, n, view]));
      list.push({ ...t.value, longestCpuMs: t.longestCpuMs, over50CpuMs: t.over50CpuMs });
      await p.page.evaluate(() => window.bench.clear());
    }
    out.push({
      list: medicines ? 'jc-care-summary medicines' : 'jc-referral-status referrals',
      view:
        view === 'all-items'
          ? `${medicines ? 'initial-items' : 'page-size'}=${n}`
          : view === 'mount'
            ? 'default view, from the mount'
            : medicines
              ? '"Show all" pressed'
              : '"Show more" pressed',
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
}

function logViews(log, out) {
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
}
