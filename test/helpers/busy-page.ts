// A busy page, to find tests that depend on how fast the machine is (issue 14).
//
// CPU burners beside the browser barely slow a test page down (the scheduler favours the browser's
// short bursts), so they hide such tests. Keeping the page's own main thread busy does not: every
// task, timer, render and mocked response waits its turn, as on a loaded 2-core machine. Before this
// existed, test/races/nothing-lost.test.ts passed under four CPU burners and failed 10 of 11 tests here.
//
// Use it from a wrapper that the suite's glob does not match, and run that file alone:
//
//   // test/races/nothing-lost.busy-check.ts (do not commit)
//   import { busyPage } from '../helpers/busy-page.js';
//   import './nothing-lost.test.ts';
//   busyPage(120);
//
//   npx wtr --config test/web-test-runner.config.mjs --port 81xx --files test/races/nothing-lost.busy-check.ts
//
// A long file may need more than the config's testsFinishTimeout on such a page: that budget (and
// mocha's per-test timeout) is the one wall-time limit left, and it says so when it is hit.

/** Keeps the main thread busy `busyMs` out of every turn of the event loop while the tests run. */
export function busyPage(busyMs = 120): void {
  let running = false;
  const hog = () => {
    if (!running) return;
    const start = performance.now();
    while (performance.now() - start < busyMs) {
      // busy
    }
    setTimeout(hog, 0);
  };
  before(() => {
    running = true;
    hog();
  });
  after(() => {
    running = false;
  });
}
