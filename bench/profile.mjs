#!/usr/bin/env node
// Where does a widget's first render spend its time? A sampling CPU profile of one measured render
// of the render-cost page (bench/pages/render.js), summarised as self time per function.
//
//   BENCH_MINIFY=0 node -e "import('./bench/build.mjs').then((m) => m.buildPages())"   # readable names
//   node bench/profile.mjs referrals 500        # or: medicines 5000
//
// A diagnosis tool for bench/run.mjs figures; its numbers include the profiler's own overhead.
import { chromium } from 'playwright-core';
import { findChrome } from '../test/tools/find-chrome.mjs';
import { distDir } from './build.mjs';
import { startBenchServer } from './server.mjs';

const kind = process.argv[2] ?? 'referrals';
const n = Number(process.argv[3] ?? 500);
const server = await startBenchServer({ distDir, population: false });
const browser = await chromium.launch({ executablePath: findChrome(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/render.html`);
  await page.waitForFunction(() => window.bench?.ready === true);
  await page.evaluate(([k, count]) => window.bench.prepare(k, count), [kind, n]);
  for (let i = 0; i < 2; i++) {
    await page.evaluate(([k, count]) => window.bench.run(k, count, 'widget'), [kind, n]);
    await page.evaluate(() => window.bench.cleanup());
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const timing = await page.evaluate(([k, count]) => window.bench.run(k, count, 'widget'), [kind, n]);
  const { profile } = await cdp.send('Profiler.stop');
  const nodes = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log(`${kind} N=${n}: layout after ${Math.round(timing.layoutMs)} ms (wall, profiler on)`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
} finally {
  await browser.close();
  await server.close();
}
