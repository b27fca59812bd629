// Fails when a test named in the clinical safety hazard log no longer exists (issue 7).
//
// docs/clinical-safety/hazard-log.md names the tests that verify each control as
// `test: <file> › <test name>` items. Each must exist: the file, and a test whose title is exactly
// that name (an `it('…')` in a browser test file or a `test('…')` in a node test file). Renaming or
// deleting such a test without updating the hazard log fails `npm test`.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const logPath = join(root, 'docs/clinical-safety/hazard-log.md');
if (!existsSync(logPath)) {
  console.error('check-hazard-log: docs/clinical-safety/hazard-log.md is missing');
  process.exit(1);
}
const log = readFileSync(logPath, 'utf8');
const refs = [...log.matchAll(/test: `([^`]+?)` › `([^`]+?)`/g)].map((m) => ({ file: m[1], name: m[2] }));
if (refs.length === 0) {
  console.error('check-hazard-log: the hazard log names no tests (expected "test: `file` › `name`" items)');
  process.exit(1);
}

/** Test titles in a file: string literals passed to it()/test()/describe() (quotes of any kind). */
function titles(file) {
  const src = readFileSync(join(root, file), 'utf8');
  const out = new Set();
  for (const m of src.matchAll(/\b(?:it|test|describe)(?:\.only|\.skip)?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs)) {
    out.add(m[2].replace(/\\(['"`\\])/g, '$1'));
  }
  return out;
}

const missing = [];
const cache = new Map();
for (const { file, name } of refs) {
  if (!existsSync(join(root, file))) {
    missing.push(`${file} (file not found) › ${name}`);
    continue;
  }
  if (!cache.has(file)) cache.set(file, titles(file));
  if (!cache.get(file).has(name)) missing.push(`${file} › ${name}`);
}
if (missing.length) {
  console.error(`check-hazard-log: ${missing.length} test(s) named in the hazard log do not exist:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-hazard-log: all ${refs.length} tests named in the hazard log exist (${cache.size} files).`);
