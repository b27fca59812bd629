#!/usr/bin/env node
// Heap snapshots of the bench's host page (bench/pages/page.js) over mount/unmount cycles, to find
// what grows (issue 8, "Memory"; see docs/performance.md). Used by the memory scenario of
// bench/run.mjs (`heapCategories`) and runnable on its own:
//
//   node bench/heap.mjs                     # snapshots after 10 warm-up cycles and after 25, 100, 300
//   BENCH_HEAP_STEPS=25,300,600 BENCH_HEAP_UNCACHED=1 BENCH_MINIFY=0 node bench/heap.mjs
//
// Prints, per snapshot, the self size by kind (JS objects, strings, compiled code, native), then the
// constructors that grew most between the second and the last snapshot, and the functions whose
// compiled code is new (V8 optimising more functions as they get hot is warm-up, not a leak).
// Options: BENCH_HEAP_STEPS (cycle counts, comma-separated), BENCH_HEAP_UNCACHED=1 (forget the
// request cache before each mount), BENCH_HEAP_JS_FLAGS (e.g. `--jitless`, a control without the
// JIT), BENCH_HEAP_KEEP=dir (keep the .heapsnapshot files there, to open in DevTools),
// BENCH_MINIFY=0 (readable function names).

/** Takes a heap snapshot through a CDP session and returns it parsed. */
export async function takeSnapshot(cdp) {
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const text = chunks.join('');
  return { graph: graphOf(JSON.parse(text)), text };
}

/** Index over the snapshot's flat node and edge arrays. */
export function graphOf(s) {
  const meta = s.snapshot.meta;
  const NF = meta.node_fields.length;
  const EF = meta.edge_fields.length;
  const f = (name) => meta.node_fields.indexOf(name);
  const [iType, iName, iId, iSize, iEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map(f);
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const count = s.nodes.length / NF;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, at = 0; i < count; i++) {
    firstEdge[i] = at;
    at += s.nodes[i * NF + iEdges] * EF;
    firstEdge[i + 1] = at;
  }
  return {
    count,
    node: (i) => ({
      type: types[s.nodes[i * NF + iType]],
      name: s.strings[s.nodes[i * NF + iName]],
      id: s.nodes[i * NF + iId],
      size: s.nodes[i * NF + iSize],
    }),
    *edges(i) {
      for (let k = firstEdge[i]; k < firstEdge[i + 1]; k += EF) {
        const type = edgeTypes[s.edges[k]];
        yield { type, to: s.edges[k + 2] / NF };
      }
    },
  };
}

const kindOf = (type) =>
  type.includes('string')
    ? 'strings'
    : type === 'code'
      ? 'code'
      : type === 'native'
        ? 'native'
        : type === 'synthetic'
          ? 'other'
          : 'objects';

/**
 * Self size (bytes) by kind: `objects` (JS objects, arrays, closures, shapes, numbers), `strings`,
 * `code` (bytecode, compiled code, type feedback) and `native` (DOM and browser objects).
 */
export function heapCategories(graph) {
  const out = { objects: 0, strings: 0, code: 0, native: 0, other: 0 };
  for (let i = 0; i < graph.count; i++) {
    const n = graph.node(i);
    out[kindOf(n.type)] += n.size;
  }
  return out;
}

/** Count and self size by `kind:constructor`. */
export function byConstructor(graph) {
  const m = new Map();
  for (let i = 0; i < graph.count; i++) {
    const n = graph.node(i);
    const kind = kindOf(n.type);
    const key = `${kind}:${kind === 'strings' ? '(string)' : n.name.slice(0, 70)}`;
    const v = m.get(key) ?? { count: 0, size: 0 };
    v.count++;
    v.size += n.size;
    m.set(key, v);
  }
  return m;
}

/** Rows `[key, countDelta, sizeDelta]`, largest size change first. */
export function diffByConstructor(a, b) {
  const ma = byConstructor(a);
  const mb = byConstructor(b);
  const rows = [];
  for (const [k, v] of mb) rows.push([k, v.count - (ma.get(k)?.count ?? 0), v.size - (ma.get(k)?.size ?? 0)]);
  for (const [k, v] of ma) if (!mb.has(k)) rows.push([k, -v.count, -v.size]);
  return rows.sort((x, y) => Math.abs(y[2]) - Math.abs(x[2]));
}

/** Compiled code (InstructionStream) in `b` but not in `a`, by the function that owns it. */
export function newCodeOwners(a, b) {
  const idsA = new Set();
  for (let i = 0; i < a.count; i++) idsA.add(a.node(i).id);
  const retainers = Array.from({ length: b.count }, () => []);
  for (let i = 0; i < b.count; i++) for (const e of b.edges(i)) retainers[e.to].push(i);
  const owners = new Map();
  for (let i = 0; i < b.count; i++) {
    const n = b.node(i);
    if (idsA.has(n.id) || n.name !== 'system / InstructionStream') continue;
    let owner = '(unknown)';
    const seen = new Set([i]);
    let frontier = [i];
    for (let depth = 0; depth < 5 && owner === '(unknown)'; depth++) {
      const next = [];
      for (const j of frontier)
        for (const p of retainers[j]) {
          if (seen.has(p)) continue;
          seen.add(p);
          next.push(p);
          if (owner === '(unknown)' && b.node(p).type === 'closure') owner = b.node(p).name || '(anonymous)';
        }
      frontier = next;
    }
    const v = owners.get(owner) ?? { count: 0, size: 0 };
    v.count++;
    v.size += n.size;
    owners.set(owner, v);
  }
  return [...owners].sort((x, y) => y[1].size - x[1].size);
}

// ------------------------------------------------------------------------------------------------
if (import.meta.url === `file://${process.argv[1]}`) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { chromium } = await import('playwright-core');
  const { findChrome } = await import('../test/tools/find-chrome.mjs');
  const { buildPages, distDir } = await import('./build.mjs');
  const { startBenchServer } = await import('./server.mjs');
  const steps = (process.env.BENCH_HEAP_STEPS ?? '25,100,300').split(',').map(Number);
  const uncached = process.env.BENCH_HEAP_UNCACHED === '1';
  const keep = process.env.BENCH_HEAP_KEEP;
  const jsFlags = process.env.BENCH_HEAP_JS_FLAGS;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

  await buildPages();
  const server = await startBenchServer({ distDir, population: false });
  const browser = await chromium.launch({
    executablePath: findChrome(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      ...(jsFlags ? [`--js-flags=${jsFlags}`] : []),
    ],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await page.goto(`${server.origin}/page.html`);
    await page.waitForFunction(() => window.bench?.ready === true);
    const patients = ['a', 'b'].map((k) => server.personas.personas[k].patientId);
    const cycles = (n) => page.evaluate(([count, ids, u]) => window.bench.cycles(count, ids, '/fhir', u), [n, patients, uncached]);
    const reading = async (cycle) => {
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const { graph, text } = await takeSnapshot(cdp);
      if (keep) {
        mkdirSync(keep, { recursive: true });
        writeFileSync(join(keep, `cycle-${cycle}.heapsnapshot`), text);
      }
      return { cycle, usedSize, graph, kinds: heapCategories(graph) };
    };
    await cycles(10);
    const readings = [await reading(0)];
    let done = 0;
    for (const s of steps) {
      await cycles(s - done);
      done = s;
      readings.push(await reading(s));
    }
    console.log(
      `heap after 10 warm-up cycles and after each step (${uncached ? 'request cache forgotten before each mount' : 'request cache on'}${jsFlags ? `, ${jsFlags}` : ''})`,
    );
    console.log(['cycle', 'V8 heap used', 'JS objects', 'strings', 'compiled code', 'native'].join('\t'));
    for (const r of readings)
      console.log([r.cycle, kb(r.usedSize), kb(r.kinds.objects), kb(r.kinds.strings), kb(r.kinds.code), kb(r.kinds.native)].join('\t'));
    const from = readings[Math.min(1, readings.length - 1)];
    const to = readings[readings.length - 1];
    console.log(`\ngrew most between cycle ${from.cycle} and ${to.cycle} (self size, count):`);
    for (const [k, n, size] of diffByConstructor(from.graph, to.graph).slice(0, 20))
      console.log(`${String(size).padStart(9)} ${String(n).padStart(6)}  ${k}`);
    console.log(`\nnew compiled code between cycle ${from.cycle} and ${to.cycle}, by function (bytes, pieces):`);
    for (const [k, v] of newCodeOwners(from.graph, to.graph).slice(0, 20))
      console.log(`${String(v.size).padStart(9)} ${String(v.count).padStart(6)}  ${k}`);
  } finally {
    await browser.close();
    await server.close();
  }
}
