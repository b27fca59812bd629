// Files a newcomer can find their way in (issue 14): fails when a source file in packages/*/src is
// over 400 lines, or when the source modules import each other in a cycle (type-only imports count
// too: a cycle of types is still a knot to untie). Run by `npm test`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MAX_LINES = 400;

/** Every .ts file under packages/<pkg>/src. */
function sources() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push(p);
    }
  };
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', pkg, 'src');
    try {
      if (statSync(src).isDirectory()) walk(src);
    } catch {
      /* a package without src */
    }
  }
  return out;
}

/** The source file an import specifier names, or undefined for a dependency outside packages/. */
function resolveImport(from, spec) {
  let target;
  if (spec.startsWith('.')) target = resolve(dirname(from), spec);
  else {
    const m = /^@joinedcare\/([^/]+)(?:\/(.+))?$/.exec(spec);
    if (!m) return undefined;
    target = join(root, 'packages', m[1], 'src', m[2] ?? 'index.js');
  }
  const ts = target.replace(/\.js$/, '.ts');
  for (const candidate of [ts, `${target}.ts`, join(target, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export function checkStructure() {
  const files = sources();
  const problems = [];
  const graph = new Map();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES) problems.push(`${relative(root, f)} has ${lines} lines (at most ${MAX_LINES})`);
    const deps = new Set();
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) {
      const dep = resolveImport(f, m[1] ?? m[2]);
      if (dep && dep !== f) deps.add(dep);
    }
    graph.set(f, deps);
  }
  // cycles: depth-first search, reporting each cycle once (by its smallest member)
  const seen = new Set();
  const reported = new Set();
  const stack = [];
  const onStack = new Set();
  const visit = (f) => {
    seen.add(f);
    stack.push(f);
    onStack.add(f);
    for (const d of graph.get(f) ?? []) {
      if (onStack.has(d)) {
        const cycle = stack.slice(stack.indexOf(d)).map((x) => relative(root, x));
        const key = [...cycle].sort().join('|');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`);
        }
      } else if (!seen.has(d)) visit(d);
    }
    stack.pop();
    onStack.delete(f);
  };
  for (const f of files) if (!seen.has(f)) visit(f);
  return { files: files.length, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, problems } = checkStructure();
  if (problems.length) {
    console.error(`check-structure: ${problems.length} problem(s) in packages/*/src:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`check-structure: ${files} source files, none over ${MAX_LINES} lines, no import cycles.`);
}
