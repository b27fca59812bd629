#!/usr/bin/env node
// `npm run bench` (issues 8 and 9): sizes, render cost, requests, patient switch, memory and the
// specialist finder at 10,000 patients, measured in headless Chromium (playwright-core, the system
// browser) against bench pages built with Vite and served, with an HTTP FHIR endpoint backed by the
// fixtures, from a node:http server on 127.0.0.1. Prints a table and writes bench/results.json.
//
// Options (environment): BENCH_RUNS (default 5, at least 5 for the record), BENCH_ONLY (comma list of
// size,cold,render,requests,switch,memory,finder,heights,views; a partial run prints only, unless BENCH_MERGE=1),
// BENCH_SIZES (default 50,500,5000), BENCH_CYCLES (default 100), BENCH_MEMORY_UNCACHED=1 (memory:
// forget the request cache before each mount), BENCH_FINDER_RUNS (default 5), BENCH_NO_WRITE=1
// (print only, keep results.json).
// See docs/performance.md. Never run from `npm test`: timings on shared machines are noisy.
import { cpus, totalmem, platform, release, arch, loadavg } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, CHROME_ARGS_NO_THROTTLING, findChrome } from '../test/tools/find-chrome.mjs';
import { buildElements, compositionOf, kb, measureDist, moduleUsers, root, sumBy } from './size.mjs';
import { buildPages, distDir } from './build.mjs';
import { startBenchServer } from './server.mjs';
import { mainThreadTasks } from '../packages/specialist-finder/bench/main-thread-tasks.mjs';
import { heapCategories, takeSnapshot } from './heap.mjs';
import { careSummaryHeights, careSummaryViews } from './care-summary.mjs';
import { measureCold, writeColdPages } from './cold.mjs';
import { median, summary, fmtMs, table, round } from './stats.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'size,cold,render,requests,switch,memory,finder,heights,views').split(',').map((s) => s.trim()),
);
const SIZES = (process.env.BENCH_SIZES ?? '50,500,5000').split(',').map(Number);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 100);
const MEMORY_UNCACHED = process.env.BENCH_MEMORY_UNCACHED === '1';
const FINDER_RUNS = Math.max(1, Number(process.env.BENCH_FINDER_RUNS ?? 5));
// keep timers and rAF running at full rate in a headless tab
const CHROME_FLAGS = [...CHROME_ARGS, ...CHROME_ARGS_NO_THROTTLING];

const log = (m) => process.stdout.write(`${m}\n`);
const results = { schema: 1, date: new Date().toISOString(), machine: {}, method: {}, size: undefined };

// ------------------------------------------------------------------------------------------------
log('bench: building pages and @joinedcare/elements…');
await buildPages();
// the script-tag files, built as `npm run build` builds them, served from /jc/
const elements = await buildElements(join(distDir, 'jc'));
log('bench: starting the FHIR server (personas + 10,000-patient population)…');
const server = await startBenchServer({ distDir, population: ONLY.has('finder') });
const browser = await chromium.launch({ executablePath: findChrome(), headless: true, args: CHROME_FLAGS });

results.machine = {
  cpu: cpus()[0]?.model?.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGb: round(totalmem() / 1024 ** 3, 1),
  os: `${platform()} ${release()} ${arch()}`,
  chromium: browser.version(),
  node: process.version,
};
results.method = {
  runs: RUNS,
  order: 'interleaved (the order of the compared variants alternates every round); one discarded warm-up round first',
  cpu: 'renderer main-thread CPU time: delta of CDP Performance.getMetrics ThreadTime around each measured call, after a forced GC',
  statistics: 'median, min, max',
};
log(
  `bench: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGb} GB; Chromium ${results.machine.chromium}; Node ${results.machine.node}; ${RUNS} runs`,
);

async function newPage(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`  [page error] ${String(e.message).slice(0, 200)}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const open = async () => {
    await page.goto(`${server.origin}/${name}.html`);
    await page.waitForFunction(() => window.bench?.ready === true);
  };
  await open();
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const gc = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
  };
  return { page, cdp, open, metrics, gc, close: () => context.close() };
}

/** CPU (ms) of the renderer main thread spent in `fn`, with the value `fn` returned. */
async function cpuOf(p, fn) {
  await p.gc();
  const m0 = await p.metrics();
  const value = await fn();
  const m1 = await p.metrics();
  const key = 'ThreadTime' in m0 ? 'ThreadTime' : 'TaskDuration';
  return { cpuMs: (m1[key] - m0[key]) * 1000, taskMs: (m1.TaskDuration - m0.TaskDuration) * 1000, value };
}

try {
  // ----------------------------------------------------------------------------------------------
  // 1. Size: what @joinedcare/elements ships (built by the real config into bench/dist/jc), against
  // the budgets, and what the shared chunk is made of, module by module, with the widgets that use each
  if (ONLY.has('size')) {
    log('bench: size…');
    const { items } = measureDist(elements.dir);
    const shared = elements.outputs.chunks.find((c) => c.name === 'shared');
    const modules = await compositionOf(shared);
    const users = await moduleUsers();
    const widgets = [...new Set([...users.values()].flat())].filter((w) => w !== 'shared');
    for (const m of modules) {
      const u = (users.get(m.module) ?? []).filter((w) => w !== 'shared');
      m.usedBy = u.length === widgets.length ? 'all' : u.sort().join(', ');
    }
    const group = (m) => (m.package === '@joinedcare/core' ? `core ${m.module.split('/')[1]}` : 'Lit, @lit/context, @lit/task, helpers');
    results.size = {
      items: items.map((r) => ({ ...r, withinBudget: r.gzip <= r.budget })),
      shared: {
        file: shared.fileName,
        gzip: items.find((r) => r.kind === 'shared').gzip,
        modules,
        byGroup: sumBy(modules, group).map(([name, v]) => ({ name, ...v })),
        byUse: sumBy(modules, (m) => (m.usedBy === 'all' ? 'every widget' : 'some widgets')).map(([name, v]) => ({ name, ...v })),
      },
    };
    log(
      table(
        ['item', 'files', 'min', 'gzip', 'brotli', 'budget (gzip)', ''],
        results.size.items.map((r) => [
          r.name,
          r.files.length,
          kb(r.min),
          kb(r.gzip),
          kb(r.brotli),
          kb(r.budget),
          r.withinBudget ? 'ok' : 'OVER',
        ]),
      ),
    );
    log(
      table(
        ['shared chunk: part', 'modules', 'min', 'share of gzip'],
        results.size.shared.byGroup.map((g) => [g.name, g.modules, kb(g.min), kb(g.gzipShare)]),
      ),
    );
    log(`  shared chunk by use: ${results.size.shared.byUse.map((g) => `${g.name} ${kb(g.gzipShare)}`).join(', ')}`);
  }

  // ----------------------------------------------------------------------------------------------
  // 1b. Cold page loads: loader.js against elements.js (and loader.js with modulepreload hints), CPU
  // and network throttled, FHIR answers kept by URL so the page is timed, not the fixture server
  if (ONLY.has('cold')) {
    log(`bench: cold page loads, loader.js against elements.js (${RUNS} rounds after a warm-up)…`);
    writeColdPages(distDir, 'pat-a', elements.manifest);
    server.memoise(true);
    try {
      results.cold = await measureCold(browser, server.origin, { runs: RUNS, log });
    } finally {
      server.memoise(false);
    }
    for (const [page, r] of Object.entries(results.cold.pages))
      log(
        `  ${page}: loader.js / elements.js = ${r.ratio.firstItem}x to the first care-summary item, ${r.ratio.settled}x until settled; ` +
          `with modulepreload ${r.ratioPreload.firstItem}x and ${r.ratioPreload.settled}x`,
      );
  }

  // ----------------------------------------------------------------------------------------------
  // 2. Render cost
  if (ONLY.has('render')) {
    results.render = [];
    for (const kind of ['medicines', 'referrals']) {
      for (const n of SIZES) {
        log(`bench: render ${kind} N=${n}…`);
        const p = await newPage('render');
        const prepared = await p.page.evaluate(([k, count]) => window.bench.prepare(k, count), [kind, n]);
        const sample = async (mode, limit) => {
          const { cpuMs, taskMs, value } = await cpuOf(p, () =>
            p.page.evaluate(([k, count, m, l]) => window.bench.run(k, count, m, l), [kind, n, mode, limit ?? 0]),
          );
          const after = await p.page.evaluate(() => window.bench.cleanup());
          return { cpuMs, taskMs, wallMs: value.layoutMs, frameMs: value.frameMs, rows: after.rows, longestTaskMs: after.longestTaskMs };
        };
        // warm-up round (discarded): also tells how many rows the widget draws
        const warm = await sample('widget');
        const visible = warm.rows;
        await sample('floor');
        await sample('floor-visible', visible);
        await sample('baseline');
        await sample('widget-all');
        // widget-all: every item drawn (initial-items=N, page-size=N), issue 18's measure against the floor for N rows
        const modes = ['floor', 'widget', 'floor-visible', 'baseline', 'widget-all'];
        const samples = { widget: [], floor: [], 'floor-visible': [], baseline: [], 'widget-all': [] };
        for (let r = 0; r < RUNS; r++) {
          const order = r % 2 === 0 ? modes : [...modes].reverse();
          for (const m of order) samples[m].push(await sample(m, visible));
        }
        await p.close();
        const stat = (list) => ({
          cpuMs: summary(list.map((s) => s.cpuMs)),
          wallMs: summary(list.map((s) => s.wallMs)),
          longestTaskMs: summary(list.map((s) => s.longestTaskMs)),
          rows: median(list.map((s) => s.rows)),
        });
        const w = stat(samples.widget);
        const f = stat(samples.floor);
        const fv = stat(samples['floor-visible']);
        const wa = stat(samples['widget-all']);
        const base = stat(samples.baseline);
        const net = (x) => Math.max(0.1, x.cpuMs.median - base.cpuMs.median);
        results.render.push({
          list: kind === 'medicines' ? 'jc-care-summary medicines' : 'jc-referral-status referrals',
          n,
          resourcesHandedIn: prepared.resources,
          widget: w,
          floor: f,
          floorVisibleRows: fv,
          widgetAllDrawn: wa,
          ratioAllDrawn: round(wa.cpuMs.median / f.cpuMs.median, 2),
          baseline: { cpuMs: base.cpuMs },
          ratio: round(w.cpuMs.median / f.cpuMs.median, 2),
          ratioVisibleRows: round(w.cpuMs.median / fv.cpuMs.median, 2),
          netRatio: round(net(w) / net(f), 2),
          netRatioVisibleRows: round(net(w) / net(fv), 2),
        });
      }
    }
    log(
      table(
        [
          'list',
          'N',
          'rows drawn',
          'widget CPU ms',
          'floor, N rows',
          'ratio (net)',
          'floor, rows drawn',
          'ratio (net)',
          'baseline',
          'longest task',
          'every item drawn',
          'ratio to N rows',
        ],
        results.render.map((r) => [
          r.list,
          r.n,
          `${r.widget.rows} / ${r.floor.rows}`,
          fmtMs(r.widget.cpuMs),
          fmtMs(r.floor.cpuMs),
          `${r.ratio}x (${r.netRatio}x)`,
          fmtMs(r.floorVisibleRows.cpuMs),
          `${r.ratioVisibleRows}x (${r.netRatioVisibleRows}x)`,
          r.baseline.cpuMs.median,
          `${round(r.widget.longestTaskMs.max, 0)} ms`,
          `${fmtMs(r.widgetAllDrawn.cpuMs)} (${r.widgetAllDrawn.rows} rows)`,
          `${r.ratioAllDrawn}x`,
        ]),
      ),
    );
  }

  // ----------------------------------------------------------------------------------------------
  // 3. Requests: the full page vs each widget alone, fresh page (and request cache) per load
  const personaInfo = (key) => {
    const persona = server.personas.personas[key];
    const patient = persona.resources().find((r) => r.resourceType === 'Patient');
    const family = patient?.name?.[0]?.family ?? '';
    const nhs = persona.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
    return { patientId: persona.patientId, markers: [nhs, family, family.toUpperCase()].filter(Boolean) };
  };
  if (ONLY.has('requests')) {
    log('bench: requests…');
    const p = await newPage('page');
    const fullSet = await p.page.evaluate(() => window.bench.fullSet);
    const configs = [{ name: 'full page', widgets: fullSet }, ...fullSet.map((w) => ({ name: `${w} alone`, widgets: [w] }))];
    const loads = Object.fromEntries(configs.map((c) => [c.name, []]));
    for (let r = 0; r < RUNS + 1; r++) {
      const order = r % 2 === 0 ? configs : [...configs].reverse();
      for (const c of order) {
        await p.open();
        server.takeLog();
        const res = await p.page.evaluate((o) => window.bench.load(o), { widgets: c.widgets, patientId: personaInfo('a').patientId });
        const reqs = server.takeLog();
        if (r === 0) continue; // warm-up
        const seen = new Map();
        for (const q of reqs) seen.set(`${q.method} ${q.url}`, (seen.get(`${q.method} ${q.url}`) ?? 0) + 1);
        // near duplicates: the same search but for `_count` (two widgets asking for the same data)
        const near = new Map();
        for (const q of reqs) {
          const u = new URL(q.url, 'http://x');
          u.searchParams.delete('_count');
          u.searchParams.sort();
          const k = `${q.method} ${u.pathname}?${u.searchParams}`;
          near.set(k, [...(near.get(k) ?? []), `${q.method} ${q.url}`]);
        }
        loads[c.name].push({
          nearDuplicates: [...near.values()].filter((l) => new Set(l).size > 1).map((l) => [...new Set(l)].sort()),
          ms: res.ms,
          ok: res.ok,
          requests: reqs.length,
          bytes: reqs.reduce((s, q) => s + q.bytes, 0),
          gzipBytes: reqs.reduce((s, q) => s + q.gzipBytes, 0),
          duplicates: [...seen].filter(([, k]) => k > 1).map(([u, k]) => ({ request: u, times: k })),
          urls: reqs.map((q) => `${q.method} ${q.url}`),
        });
      }
    }
    await p.close();
    const rows = configs.map((c) => {
      const list = loads[c.name];
      const last = list[list.length - 1];
      return {
        page: c.name,
        requests: summary(list.map((l) => l.requests)),
        bytes: summary(list.map((l) => l.bytes)),
        gzipBytes: summary(list.map((l) => l.gzipBytes)),
        loadMs: summary(list.map((l) => l.ms)),
        duplicates: last.duplicates,
        nearDuplicates: last.nearDuplicates,
        requestList: [...last.urls].sort(),
      };
    });
    const alone = rows.slice(1);
    results.requests = {
      patient: 'pat-a (persona a)',
      pages: rows,
      sumOfWidgetsAlone: {
        requests: alone.reduce((s, r) => s + r.requests.median, 0),
        bytes: alone.reduce((s, r) => s + r.bytes.median, 0),
      },
    };
    log(
      table(
        ['page', 'requests', 'bytes (JSON)', 'bytes (gzip)', 'load ms', 'duplicates', 'same search, other _count'],
        [
          ...rows.map((r) => [
            r.page,
            r.requests.median,
            kb(r.bytes.median),
            kb(r.gzipBytes.median),
            fmtMs(r.loadMs),
            r.duplicates.length ? r.duplicates.map((d) => `${d.request} ×${d.times}`).join('; ') : 'none',
            r.nearDuplicates.length,
          ]),
          [
            'sum of widgets alone',
            results.requests.sumOfWidgetsAlone.requests,
            kb(results.requests.sumOfWidgetsAlone.bytes),
            '',
            '',
            '',
            '',
          ],
        ],
      ),
    );
    for (const group of rows[0].nearDuplicates) log(`  same search, other _count: ${group.join('  |  ')}`);
  }

  // ----------------------------------------------------------------------------------------------
  // 4. Patient switch: a → b and b → a alternately, full set loaded first
  if (ONLY.has('switch')) {
    log('bench: patient switch…');
    const p = await newPage('page');
    const a = personaInfo('a');
    const b = personaInfo('b');
    const runs = [];
    for (let r = 0; r < RUNS + 1; r++) {
      const [from, to] = r % 2 === 0 ? [a, b] : [b, a];
      await p.open();
      await p.page.evaluate((o) => window.bench.load(o), { patientId: from.patientId });
      const before = await p.page.evaluate((m) => window.bench.shows(m), from.markers);
      const res = await p.page.evaluate(([id, om, nm]) => window.bench.switchTo(id, om, nm), [to.patientId, from.markers, to.markers]);
      if (r > 0) runs.push({ ...res, oldShownBefore: before });
    }
    await p.close();
    results.patientSwitch = {
      from: 'pat-a ⇄ pat-b, all four widgets loaded',
      oldDataGoneMs: summary(runs.map((r) => r.oldGoneMs ?? NaN)),
      oldDataGoneFrame: summary(runs.map((r) => r.oldGoneFrame ?? NaN)),
      sameFrameRuns: `${runs.filter((r) => r.oldGoneFrame === 0).length} of ${runs.length}`,
      newFirstContentMs: summary(runs.map((r) => r.newFirstMs ?? NaN)),
      allLoadedMs: summary(runs.map((r) => r.settledMs)),
      longestTaskMs: summary(runs.map((r) => r.longestTask)),
      oldDataShownBeforeSwitch: runs.every((r) => r.oldShownBefore),
    };
    const s = results.patientSwitch;
    log(
      table(
        ['patient switch', 'median', 'min', 'max'],
        [
          ['old data gone (frame after switch, 0 = same frame)', s.oldDataGoneFrame.median, s.oldDataGoneFrame.min, s.oldDataGoneFrame.max],
          ['old data gone (ms)', s.oldDataGoneMs.median, s.oldDataGoneMs.min, s.oldDataGoneMs.max],
          ['new patient first content (ms)', s.newFirstContentMs.median, s.newFirstContentMs.min, s.newFirstContentMs.max],
          ['every widget loaded (ms)', s.allLoadedMs.median, s.allLoadedMs.min, s.allLoadedMs.max],
          ['longest task (ms)', s.longestTaskMs.median, s.longestTaskMs.min, s.longestTaskMs.max],
        ],
      ),
    );
    log(`  old patient's name and NHS number were on screen before each switch: ${s.oldDataShownBeforeSwitch}`);
  }

  // ----------------------------------------------------------------------------------------------
  // 5. Memory: mount + load + unmount the full set CYCLES times (alternating a and b)
  if (ONLY.has('memory')) {
    log(`bench: memory (${CYCLES} mount/unmount cycles${MEMORY_UNCACHED ? ', request cache forgotten before each mount' : ''})…`);
    const p = await newPage('page');
    const patients = [personaInfo('a').patientId, personaInfo('b').patientId];
    const reading = async (cycle) => {
      await p.gc();
      const heap = await p.cdp.send('Runtime.getHeapUsage');
      const m = await p.metrics();
      // what the heap holds, by kind: JS objects and strings (what a leak would grow) apart from
      // V8's compiled code, which grows while more functions get hot enough to be optimised
      const kinds = heapCategories((await takeSnapshot(p.cdp)).graph);
      return {
        cycle,
        heapUsed: heap.usedSize,
        jsHeapUsed: m.JSHeapUsedSize,
        objectsBytes: kinds.objects + kinds.strings,
        codeBytes: kinds.code,
        nodes: m.Nodes,
        listeners: m.JSEventListeners,
      };
    };
    const cycles = (n) => p.page.evaluate(([k, ids, u]) => window.bench.cycles(k, ids, '/fhir', u), [n, patients, MEMORY_UNCACHED]);
    await cycles(10); // warm-up
    const readings = [await reading(0)];
    const step = Math.max(1, Math.round(CYCLES / 4));
    for (let done = 0; done < CYCLES; done += step) {
      await cycles(Math.min(step, CYCLES - done));
      readings.push(await reading(Math.min(done + step, CYCLES)));
    }
    await p.close();
    const first = readings[0];
    const last = readings[readings.length - 1];
    results.memory = {
      cycles: CYCLES,
      warmUpCycles: 10,
      requestCache: MEMORY_UNCACHED ? 'forgotten before each mount' : 'on',
      readings,
      growthBytes: last.heapUsed - first.heapUsed,
      growthPercent: round(((last.heapUsed - first.heapUsed) / first.heapUsed) * 100, 1),
      objectsGrowthBytes: last.objectsBytes - first.objectsBytes,
      codeGrowthBytes: last.codeBytes - first.codeBytes,
      nodesGrowth: last.nodes - first.nodes,
      listenersGrowth: last.listeners - first.listeners,
    };
    log(
      table(
        [
          'after cycle',
          'JS heap used (after GC)',
          'JS objects + strings (snapshot)',
          'compiled code (snapshot)',
          'DOM nodes',
          'JS listeners',
        ],
        readings.map((r) => [r.cycle, kb(r.heapUsed), kb(r.objectsBytes), kb(r.codeBytes), r.nodes, r.listeners]),
      ),
    );
    const mem = results.memory;
    log(
      `  heap growth ${kb(mem.growthBytes)} (${mem.growthPercent}%) over ${CYCLES} cycles: JS objects + strings ${kb(mem.objectsGrowthBytes)}, compiled code ${kb(mem.codeGrowthBytes)}`,
    );
  }

  // ----------------------------------------------------------------------------------------------
  // 6. Specialist finder at 10,000 patients
  if (ONLY.has('finder') && server.population) {
    log(`bench: specialist finder, ${server.population.size} patients (${FINDER_RUNS} runs)…`);
    const p = await newPage('finder');
    const runs = [];
    for (let r = 0; r < FINDER_RUNS; r++) {
      await p.open();
      server.takeLog();
      const { cpuMs, value: traced } = await cpuOf(p, () =>
        mainThreadTasks(p.cdp, () => p.page.evaluate((o) => window.bench.run(o), { odsCode: server.population.odsCode })),
      );
      const { value } = traced;
      const reqs = server.takeLog();
      runs.push({
        ...value,
        cpuMs,
        taskCpuMs: traced.longestCpuMs,
        tasksOver50Wall: traced.over50WallMs,
        tasksOver50Cpu: traced.over50CpuMs,
        loadAverage: loadavg()[0],
        requests: reqs.length,
        bytes: reqs.reduce((s, q) => s + q.bytes, 0),
        gzipBytes: reqs.reduce((s, q) => s + q.gzipBytes, 0),
        serverMs: reqs.reduce((s, q) => s + q.ms, 0),
      });
      log(`  run ${r + 1}: ${value.phase} in ${Math.round(value.doneMs)} ms, ${value.rows} rows, ${reqs.length} requests`);
    }
    await p.close();
    const last = runs[runs.length - 1];
    results.finder = {
      population: server.population.size,
      resourcesOnServer: server.population.resources,
      source: `ods-code ${server.population.odsCode} (practice-wide searches)`,
      expectedMatches: server.population.expected,
      phase: last.phase,
      rows: last.rows,
      patientsMatched: last.patientsMatched,
      failedPatients: last.failed,
      incomplete: last.incomplete,
      rowsByRule: last.rowsByRule,
      rowsAsExpected: Object.entries(server.population.expected).every(([rule, n]) => (last.rowsByRule?.[rule] ?? 0) === n),
      notCheckedPatients: last.notCheckedPatients,
      registeredElsewhere: last.elsewhere,
      noTaskOver50Ms: runs.every((r) => r.longestTask <= 50),
      // the same, in main-thread CPU time (trace RunTask thread time): what the page's own work took, without the time the OS gave its core to other work
      noTaskOver50MsCpu: runs.every((r) => r.taskCpuMs <= 50),
      longestTaskCpuMs: summary(runs.map((r) => r.taskCpuMs)),
      tasksOver50MsWall: summary(runs.map((r) => r.tasksOver50Wall)),
      loadAverage: summary(runs.map((r) => round(r.loadAverage, 1))),
      doneMs: summary(runs.map((r) => r.doneMs)),
      firstProgressMs: summary(runs.map((r) => r.firstProgressMs ?? NaN)),
      firstRowMs: summary(runs.map((r) => r.firstRowMs ?? NaN)),
      rendererCpuMs: summary(runs.map((r) => r.cpuMs)),
      serverMs: summary(runs.map((r) => r.serverMs)),
      requests: summary(runs.map((r) => r.requests)),
      bytes: summary(runs.map((r) => r.bytes)),
      gzipBytes: summary(runs.map((r) => r.gzipBytes)),
      longestTaskMs: summary(runs.map((r) => r.longestTask)),
      worstTimerDelayMs: summary(runs.map((r) => r.worstDelayMs)),
    };
    const f = results.finder;
    log(
      table(
        ['specialist finder (10,000 patients)', 'median', 'min', 'max'],
        [
          ['time to finish checking (ms)', f.doneMs.median, f.doneMs.min, f.doneMs.max],
          ['first progress (ms)', f.firstProgressMs.median, f.firstProgressMs.min, f.firstProgressMs.max],
          ['renderer main-thread CPU (ms)', f.rendererCpuMs.median, f.rendererCpuMs.min, f.rendererCpuMs.max],
          ['FHIR server time (ms, sum)', f.serverMs.median, f.serverMs.min, f.serverMs.max],
          ['requests', f.requests.median, f.requests.min, f.requests.max],
          ['bytes (JSON)', kb(f.bytes.median), kb(f.bytes.min), kb(f.bytes.max)],
          ['longest task (ms)', f.longestTaskMs.median, f.longestTaskMs.min, f.longestTaskMs.max],
          ['longest task, main-thread CPU (ms)', f.longestTaskCpuMs.median, f.longestTaskCpuMs.min, f.longestTaskCpuMs.max],
          ['machine load average (1 min)', f.loadAverage.median, f.loadAverage.min, f.loadAverage.max],
          ['worst timer delay (ms)', f.worstTimerDelayMs.median, f.worstTimerDelayMs.min, f.worstTimerDelayMs.max],
        ],
      ),
    );
    log(`  ${f.phase}: ${f.rows} rows for ${f.patientsMatched} patients (per rule as the population expects: ${f.rowsAsExpected})`);
    log(`  ${f.notCheckedPatients} patients could not be checked against a rule (counted, never "no match")`);
    log(
      `  longest task ${f.longestTaskMs.max} ms over ${FINDER_RUNS} runs: ${f.noTaskOver50Ms ? 'no task over 50 ms' : 'a task OVER 50 ms'}`,
    );
    log(
      `  in main-thread CPU time ${f.longestTaskCpuMs.max} ms: ${f.noTaskOver50MsCpu ? 'no task over 50 ms' : 'a task OVER 50 ms'} (load average ${f.loadAverage.max} on ${results.machine.cores} cores)`,
    );
  }

  // ----------------------------------------------------------------------------------------------
  // 7. The care summary: page heights (issue 18) and long tasks of views that draw many items (issue 19)
  if (ONLY.has('heights')) {
    log('bench: care summary heights…');
    results.heights = await careSummaryHeights(newPage, log);
  }
  if (ONLY.has('views')) {
    log(`bench: care summary views at N = 5,000 (${RUNS} runs)…`);
    results.views = await careSummaryViews(newPage, log, { n: 5000, runs: RUNS });
  }
} finally {
  await browser.close();
  await server.close();
}

// A full run replaces bench/results.json. A partial run (BENCH_ONLY) writes nothing unless
// BENCH_MERGE=1, which replaces only the measured sections (and the machine and date) in it.
const file = join(root, 'bench/results.json');
const partial = process.env.BENCH_ONLY !== undefined;
if (process.env.BENCH_NO_WRITE !== '1' && (!partial || process.env.BENCH_MERGE === '1')) {
  const { format, resolveConfig } = await import('prettier');
  let out = results;
  if (partial && existsSync(file)) {
    const before = JSON.parse(readFileSync(file, 'utf8'));
    out = { ...before, ...Object.fromEntries(Object.entries(results).filter(([, v]) => v !== undefined)) };
    out.merged = [...new Set([...(before.merged ?? []), ...ONLY])].sort();
  }
  // the repository's Prettier settings: `npm run lint` checks this file too
  writeFileSync(file, await format(JSON.stringify(out, null, 2), { ...(await resolveConfig(file)), parser: 'json' }));
  log(`bench: wrote ${file}`);
}
