// Browser test runner for every *.test.ts in the repository.
// Tests run in the system Chromium (found by test/tools/find-chrome.mjs, CHROME_PATH overrides).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve, relative } from 'node:path';
import { CHROME_ARGS, CHROME_ARGS_NO_THROTTLING, findChrome } from './tools/find-chrome.mjs';
import { liveFhirServer } from './fhir-server/wtr-plugin.mjs';
import { secondOrigin } from './misbehaving/second-origin.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const chrome = findChrome();

const mswWorker = readFileSync(resolve(root, 'node_modules/msw/lib/mockServiceWorker.js'), 'utf8');

/** Records which test files ran and how many tests each executed (checked by check-collection.mjs). */
function collectionReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const files = {};
      const count = (suite, pred) => (!suite ? 0 : suite.tests.filter(pred).length + suite.suites.reduce((n, s) => n + count(s, pred), 0));
      for (const s of sessions) {
        const file = relative(root, s.testFile);
        files[file] = {
          passed: s.passed,
          tests: count(s.testResults, (t) => !t.skipped),
          testsPassed: count(s.testResults, (t) => !t.skipped && t.passed),
          testsFailed: count(s.testResults, (t) => !t.skipped && !t.passed),
        };
      }
      mkdirSync(resolve(root, 'test-results'), { recursive: true });
      writeFileSync(resolve(root, 'test-results/collection.json'), JSON.stringify(files, null, 2));
    },
  };
}

/**
 * The fixtures' "today" (22-Nov-2026 12:00 UTC). Tests hand it to the widgets as a clock (the
 * context's `.clock`, or a widget's own `clock` property) and build their fixtures for it; `Date`
 * itself is never patched, so a test that forgets its clock sees the machine's date and fails on
 * another day (the suite was run with the machine's calendar moved years ahead to check this).
 */
export const TEST_NOW = '2026-11-22T12:00:00Z';
// the real FHIR engine (Medplum) for test/integration, same-origin under /live-fhir; started on first
// use, its fixtures built for the tests' "today"
const liveFhir = liveFhirServer({ now: new Date(TEST_NOW) });
// another origin (another port of 127.0.0.1) for the redirect tests; started on first use
const otherOrigin = secondOrigin();

export default {
  rootDir: root,
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><head></head><body><script type="module" src="${testFramework}"></script></body></html>`,
  files: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'development', '@joinedcare/source'] },
  // one page at a time: a hidden page gets no animation frames, and the patient-switch tests check
  // what is on screen at the next frame
  concurrency: 1,
  filterBrowserLogs: ({ args }) => !String(args?.[0] ?? '').includes('Lit is in dev mode'),
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 10000 } },
  // the wrong-patient race suite makes 1,000 switches: give a file up to 4 minutes on a busy machine
  testsFinishTimeout: 240_000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chrome,
        // concurrent test pages share one browser: keep background pages' timers and frames running
        args: [...CHROME_ARGS, ...CHROME_ARGS_NO_THROTTLING],
      },
    }),
  ],
  coverage: process.argv.includes('--watch') ? false : true,
  coverageConfig: {
    report: true,
    reportDir: 'coverage',
    reporters: ['lcovonly', 'text-summary', 'json-summary'],
    include: ['packages/*/src/**'],
    exclude: ['**/node_modules/**', '**/test/**', 'packages/fixtures/**'],
  },
  middleware: [liveFhir.middleware, otherOrigin.middleware],
  plugins: [
    liveFhir.plugin,
    otherOrigin.plugin,
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: resolve(root, 'tsconfig.json') }),
    {
      name: 'msw-worker',
      serve(context) {
        if (context.path === '/mockServiceWorker.js') {
          return { body: mswWorker, type: 'js', headers: { 'Service-Worker-Allowed': '/' } };
        }
      },
    },
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), collectionReporter()],
};
