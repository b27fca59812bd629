// Fails when a test file exists that no test run executes:
//   - browser tests (*.test.ts): the web-test-runner run must have executed each one, with at least one
//     test (its reporter writes test-results/collection.json, see test/web-test-runner.config.mjs);
//   - Node tests (*.test.mjs, run with `node --test` after the build): each must be matched by a
//     `node --test` argument in a root package.json script that `npm test` runs.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP = new Set(['node_modules', 'dist', 'coverage', 'storybook-static', '.git', 'test-results']);
const TEST_FILE = /\.(test|spec)\.(ts|tsx)$/;
const NODE_TEST_FILE = /\.(test|spec)\.(mjs|cjs|js)$/;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (TEST_FILE.test(name) || NODE_TEST_FILE.test(name)) out.push(relative(root, p));
  }
  return out;
}

const all = walk(root).sort();
const found = all.filter((f) => TEST_FILE.test(f));
const nodeTests = all.filter((f) => NODE_TEST_FILE.test(f));
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
// Node test files: matched by a `node --test` argument of a script reachable from "test"
const { scripts = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const reachable = new Set();
const visit = (name) => {
  if (reachable.has(name) || !scripts[name]) return;
  reachable.add(name);
  for (const m of scripts[name].matchAll(/npm run ([\w:-]+)/g)) visit(m[1]);
};
visit('test');
const globs = [...reachable].flatMap((name) =>
  [...scripts[name].matchAll(/node --test ((?:[^&|;]+?))(?=\s*(?:&&|\|\||;|$))/g)].flatMap((m) => m[1].trim().split(/\s+/)),
);
const toRegExp = (g) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
for (const f of nodeTests) {
  if (!globs.some((g) => toRegExp(g).test(f))) problems.push(`${f}: no \`node --test\` argument in the npm test scripts matches it`);
}
if (problems.length) {
  console.error(`check-collection: ${problems.length} test file(s) were not run:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const total = Object.values(ran).reduce((n, r) => n + r.tests, 0);
const passed = Object.values(ran).reduce((n, r) => n + (r.testsPassed ?? 0), 0);
const failed = Object.values(ran).reduce((n, r) => n + (r.testsFailed ?? 0), 0);
console.log(
  `check-collection: all ${found.length} browser test files ran (${total} tests); ${nodeTests.length} Node test files are in the npm test scripts.`,
);
console.log(`tests: ${passed} passed, ${failed} failed`);
if (failed > 0) process.exit(1);
