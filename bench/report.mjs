#!/usr/bin/env node
// Writes the figures of bench/results.json as Markdown tables into docs/performance.md, between
// `<!-- bench:start -->` and `<!-- bench:end -->` (the commentary around them is written by hand).
//   npm run bench && node bench/report.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './size.mjs';

const results = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8'));
const doc = join(root, 'docs/performance.md');

const kb = (n) => (typeof n === 'number' ? `${(n / 1024).toFixed(1)} KB` : 'n/a');
const ms = (s) => (s && s.median !== null ? `${s.median} (${s.min}–${s.max})` : 'n/a');
const row = (cells) => `| ${cells.join(' | ')} |`;
const tableOf = (header, rows) => [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');

const out = [];
const m = results.machine;
out.push(
  `Run of ${results.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGb} GB, ${m.os}), ` +
    `Chromium ${m.chromium}, Node ${m.node}; ${results.method.runs} interleaved runs per figure: median (min–max).`,
);

if (results.size?.items) {
  out.push('', '### Size (gzip level 9 per file, as the `.gz` beside it; brotli quality 11)', '');
  out.push(
    tableOf(
      ['What', 'Files', 'min', 'gzip', 'brotli', 'Budget (gzip)', ''],
      results.size.items.map((r) => [
        r.name,
        r.files.length,
        kb(r.min),
        kb(r.gzip),
        kb(r.brotli),
        kb(r.budget),
        r.withinBudget ? 'met' : '**missed**',
      ]),
    ),
  );
  const sh = results.size.shared;
  out.push('', `#### What the shared chunk is made of (${kb(sh.gzip)} gzip)`, '');
  out.push(
    "Each module as rendered into the chunk, minified on its own (`min`); its share of the chunk's gzip size in proportion to `min`; which widget packages use it (each widget bundled alone, tree-shaken).",
    '',
  );
  out.push(
    tableOf(
      ['Part', 'Modules', 'min', 'Share of gzip'],
      sh.byGroup.map((g) => [g.name, g.modules, kb(g.min), kb(g.gzipShare)]),
    ),
  );
  out.push('', `By use: ${sh.byUse.map((g) => `${g.name} ${kb(g.gzipShare)} (${g.modules} modules)`).join('; ')}.`, '');
  out.push(
    tableOf(
      ['Module', 'min', 'Share of gzip', 'gzip alone', 'Used by'],
      sh.modules.map((m) => [`\`${m.module}\``, m.min.toLocaleString('en-GB'), kb(m.gzipShare), kb(m.gzipAlone), m.usedBy]),
    ),
  );
}

if (results.cold) {
  const c = results.cold;
  const names = { loader: '`loader.js`', preload: '`loader.js` + `modulepreload` hints', single: '`elements.js`' };
  out.push(
    '',
    `### Cold page loads: CPU ${c.cpuSlowdown}× slower, network ${((c.network.downloadThroughput * 8) / 1024 / 1024).toFixed(1)} Mbit/s down, ${c.network.latency} ms round trip (${c.runs} interleaved runs)`,
    '',
  );
  out.push(
    tableOf(
      [
        'Page',
        'Entry',
        'Scripts (bytes on the wire)',
        'Last script in (ms)',
        'First FHIR request (ms)',
        'First care-summary item (ms)',
        'Every widget loaded (ms)',
        'Longest task (ms)',
        'Tasks > 50 ms',
      ],
      Object.entries(c.pages).flatMap(([page, r]) =>
        Object.keys(names).map((v) => [
          page === 'summary' ? 'banner + care summary' : 'all five widget packages',
          names[v],
          `${r[v].scriptRequests} (${kb(r[v].scriptBytes)}, ${r[v].scriptEncoding})`,
          ms(r[v].scriptsDoneMs),
          ms(r[v].firstFhirMs),
          ms(r[v].firstItemMs),
          ms(r[v].settledMs),
          ms(r[v].longestTaskMs),
          r[v].longTasks.median,
        ]),
      ),
    ),
  );
  out.push(
    '',
    ...Object.entries(c.pages).map(
      ([page, r]) =>
        `- ${page === 'summary' ? 'Banner + care summary' : 'All five widget packages'}: \`loader.js\` ÷ \`elements.js\` = **${r.ratio.firstItem}×** to the first care-summary item, **${r.ratio.settled}×** until every widget loaded; with preload hints ${r.ratioPreload.firstItem}× and ${r.ratioPreload.settled}×.`,
    ),
  );
}

/** One row of a render-cost table: the list, N, rows drawn, the widget (`w`) against the floor for N rows, `more` columns, the longest task. */
const renderRow = (r, w, ratio, more = []) => [
  r.list,
  r.n.toLocaleString('en-GB'),
  `${w.rows} / ${r.floor.rows}`,
  ms(w.cpuMs),
  ms(r.floor.cpuMs),
  `${ratio}×`,
  ...more,
  `${w.longestTaskMs.median} (${w.longestTaskMs.max}) ms`,
];

if (results.render) {
  out.push('', '### Render cost (renderer main-thread CPU, ms)', '');
  out.push(
    tableOf(
      [
        'List',
        'N',
        'Rows drawn (widget / floor)',
        'Widget',
        'Floor: N rows',
        'Ratio',
        'Floor: rows drawn',
        'Ratio',
        'Longest task, widget: median (max)',
      ],
      results.render.map((r) => renderRow(r, r.widget, r.ratio, [ms(r.floorVisibleRows.cpuMs), `${r.ratioVisibleRows}×`])),
    ),
  );
  const all = results.render.filter((r) => r.widgetAllDrawn);
  if (all.length) {
    out.push('', '### Render cost with every item drawn (issue 18: at most 2× the floor at N = 500)', '');
    out.push(
      tableOf(
        [
          'List',
          'N',
          'Rows drawn (widget / floor)',
          'Widget, every item drawn',
          'Floor: N rows',
          'Ratio',
          'Longest task, widget: median (max)',
        ],
        all.map((r) => renderRow(r, r.widgetAllDrawn, r.ratioAllDrawn)),
      ),
    );
  }
  const base = results.render.map((r) => r.baseline.cpuMs.median);
  out.push('', `Baseline (the measurement itself, nothing rendered): ${Math.min(...base)}–${Math.max(...base)} ms.`);
}

if (results.views) {
  out.push(
    '',
    `### Long tasks in views that draw many items (N = ${results.views.n.toLocaleString('en-GB')}; target: ${results.views.target})`,
    '',
  );
  out.push(
    tableOf(
      [
        'List',
        'View',
        'Rows drawn',
        'Until drawn (ms)',
        'Tasks > 50 ms',
        'Longest task (ms)',
        'Tasks > 50 ms CPU',
        'Longest task CPU (ms)',
      ],
      results.views.rows.map((v) => [
        v.list,
        v.view,
        v.rows,
        ms(v.ms),
        v.longTasks.median,
        ms(v.longestTaskMs),
        v.tasksOver50Cpu ? v.tasksOver50Cpu.median : '',
        v.longestTaskCpuMs ? ms(v.longestTaskCpuMs) : '',
      ]),
    ),
  );
}

if (results.heights) {
  const h = results.heights;
  out.push('', `### Page heights (issue 18; targets: the care summary ${h.target}; ${h.referrals?.target ?? ''})`, '');
  out.push(
    tableOf(
      ['Widget', 'Viewer', 'Width (px)', 'View', 'Height (px)', 'Items drawn', 'Sideways scroll'],
      [
        ...h.rows.map((r) => [
          'care summary, persona (a)',
          r.setting === 'primary' ? 'GP' : 'hospital',
          r.width,
          r.filter === 'all' ? 'All' : 'default',
          r.height.toLocaleString('en-GB'),
          r.rows,
          r.sideways ? 'yes' : 'no',
        ]),
        ...(h.referrals?.rows ?? []).map((r) => [
          'referral status, "Loaded" story',
          'GP',
          r.width,
          'default (active)',
          r.height.toLocaleString('en-GB'),
          r.rows,
          r.sideways ? 'yes' : 'no',
        ]),
      ],
    ),
  );
}

if (results.requests) {
  out.push('', `### Requests (${results.requests.patient}, fresh page each load)`, '');
  out.push(
    tableOf(
      ['Page', 'Requests', 'Bytes (JSON)', 'Bytes (gzip)', 'Load to network idle (ms)', 'Duplicates', 'Same search, other `_count`'],
      [
        ...results.requests.pages.map((p) => [
          p.page,
          p.requests.median,
          kb(p.bytes.median),
          kb(p.gzipBytes.median),
          ms(p.loadMs),
          p.duplicates.length ? p.duplicates.map((d) => `${d.request} ×${d.times}`).join('; ') : 'none',
          (p.nearDuplicates ?? []).map((g) => g.map((u) => `\`${u}\``).join(' and ')).join('; ') || 'none',
        ]),
        [
          'sum of the four alone',
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
}

if (results.patientSwitch) {
  const s = results.patientSwitch;
  out.push('', `### Patient switch (${s.from})`, '');
  out.push(
    tableOf(
      ['Measure', 'Median', 'Min', 'Max'],
      [
        [
          'Old patient gone: frame after the switch (0 = the same frame)',
          s.oldDataGoneFrame.median,
          s.oldDataGoneFrame.min,
          s.oldDataGoneFrame.max,
        ],
        ['Old patient gone (ms)', s.oldDataGoneMs.median, s.oldDataGoneMs.min, s.oldDataGoneMs.max],
        ['New patient first content (ms)', s.newFirstContentMs.median, s.newFirstContentMs.min, s.newFirstContentMs.max],
        ['Every widget loaded (ms)', s.allLoadedMs.median, s.allLoadedMs.min, s.allLoadedMs.max],
        ['Longest task (ms)', s.longestTaskMs.median, s.longestTaskMs.min, s.longestTaskMs.max],
      ].map((r) => r.map(String)),
    ),
  );
  out.push('', `Same frame in ${s.sameFrameRuns} runs.`);
}

if (results.memory) {
  const mem = results.memory;
  out.push('', `### Memory (${mem.cycles} mount/load/unmount cycles of the full set, after ${mem.warmUpCycles} warm-up cycles)`, '');
  const split = mem.readings.every((r) => r.objectsBytes !== undefined && r.codeBytes !== undefined);
  out.push(
    tableOf(
      [
        'After cycle',
        'JS heap used (after GC)',
        ...(split ? ['JS objects + strings (snapshot)', 'Compiled code (snapshot)'] : []),
        'DOM nodes',
        'JS event listeners',
      ],
      mem.readings.map((r) =>
        [r.cycle, kb(r.heapUsed), ...(split ? [kb(r.objectsBytes), kb(r.codeBytes)] : []), r.nodes, r.listeners].map(String),
      ),
    ),
  );
  const parts =
    mem.objectsGrowthBytes !== undefined && mem.codeGrowthBytes !== undefined
      ? ` (JS objects + strings ${kb(mem.objectsGrowthBytes)}, compiled code ${kb(mem.codeGrowthBytes)})`
      : '';
  out.push(
    '',
    `Growth: ${kb(mem.growthBytes)} (${mem.growthPercent}%)${parts}; DOM nodes ${mem.nodesGrowth}; listeners ${mem.listenersGrowth}. ` +
      `Request cache: ${mem.requestCache ?? 'on'}.`,
  );
  if (mem.steps) {
    out.push(
      '',
      `JS objects + strings from cycle 25 to ${mem.cycles}: ${kb(mem.objectsGrowthAfterCycle25Bytes)} (${mem.objectsFlat ? '**flat**: under 16 KB' : '**not flat**'}). ` +
        `Compiled code per 25 cycles, step by step: ${mem.steps.map((x) => `${x.from}–${x.to}: ${kb(x.codePer25)}`).join(', ')} ` +
        `(${mem.codeLevelsOff ? '**levels off**: the last step grows at most a third of the first' : '**does not level off**'} by cycle ${mem.levelCycles}).`,
    );
  }
}

if (results.finder) {
  const f = results.finder;
  out.push('', `### Specialist finder: ${f.population.toLocaleString('en-GB')} patients, ${f.source}`, '');
  out.push(
    tableOf(
      ['Measure', 'Median', 'Min', 'Max'],
      [
        ['Time to finish checking (ms)', f.doneMs.median, f.doneMs.min, f.doneMs.max],
        ['First progress shown (ms)', f.firstProgressMs.median, f.firstProgressMs.min, f.firstProgressMs.max],
        ['Renderer main-thread CPU (ms)', f.rendererCpuMs.median, f.rendererCpuMs.min, f.rendererCpuMs.max],
        ['FHIR server time, summed over requests (ms)', f.serverMs.median, f.serverMs.min, f.serverMs.max],
        ['Requests', f.requests.median, f.requests.min, f.requests.max],
        ['Bytes (JSON)', kb(f.bytes.median), kb(f.bytes.min), kb(f.bytes.max)],
        ['Bytes (gzip)', kb(f.gzipBytes.median), kb(f.gzipBytes.min), kb(f.gzipBytes.max)],
        ['Longest task (ms)', f.longestTaskMs.median, f.longestTaskMs.min, f.longestTaskMs.max],
        ['Worst delay of a 16 ms timer (ms)', f.worstTimerDelayMs.median, f.worstTimerDelayMs.min, f.worstTimerDelayMs.max],
      ].map((r) => r.map(String)),
    ),
  );
  out.push(
    '',
    `Result: ${f.phase}, ${f.rows.toLocaleString('en-GB')} worklist rows for ${f.patientsMatched.toLocaleString('en-GB')} patients ` +
      `(the number the fixtures expect: ${f.rowsAsExpected ? 'yes' : 'NO'}), ${f.failedPatients} patients failed.`,
  );
}

const text = readFileSync(doc, 'utf8');
const start = '<!-- bench:start -->';
const end = '<!-- bench:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error(`docs/performance.md has no ${start} … ${end} region`);
const body = `${start}\n<!-- prettier-ignore-start -->\n<!-- Generated from bench/results.json by bench/report.mjs. -->\n\n${out.join('\n')}\n\n<!-- prettier-ignore-end -->\n`;
writeFileSync(doc, text.slice(0, a) + body + text.slice(b));
console.log(`report: updated ${doc}`);
