// Fails when a test file exists that the browser test run did not execute (or that ran no tests).
// The run's reporter writes test-results/collection.json (see test/web-test-runner.config.mjs).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP = new Set(['node_modules', 'dist', 'coverage', 'storybook-static', '.git', 'test-results']);
const TEST_FILE = /\.(test|spec)\.(ts|tsx|js|mjs|cjs)$/;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (TEST_FILE.test(name)) out.push(relative(root, p));
  }
  return out;
}

const found = walk(root).sort();
let ran;
try {
  ran = JSON.parse(readFileSync(join(root, 'test-results/collection.json'), 'utf8'));
} catch {
  console.error('check-collection: test-results/collection.json is missing; run the browser tests first.');
  process.exit(1);
}
const problems = [];
for (const f of found) {
  const r = ran[f];
  if (!r) problems.push(`${f}: never run (does the test runner's files glob match it?)`);
  else if (r.tests === 0) problems.push(`${f}: ran, but executed no tests`);
}
if (problems.length) {
  console.error(`check-collection: ${problems.length} test file(s) were not run:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const total = Object.values(ran).reduce((n, r) => n + r.tests, 0);
const passed = Object.values(ran).reduce((n, r) => n + (r.testsPassed ?? 0), 0);
const failed = Object.values(ran).reduce((n, r) => n + (r.testsFailed ?? 0), 0);
console.log(`check-collection: all ${found.length} test files ran (${total} tests).`);
console.log(`tests: ${passed} passed, ${failed} failed`);
if (failed > 0) process.exit(1);
