// The workspace packages and their entries, read from the root package.json `workspaces` and each
// package's `exports` (shared by build.mjs and check-build.mjs; vite.config.ts reads `exports` the same way).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Expands the root `workspaces` (plain directories, or `dir/*`) into package directories. */
function workspaceDirs() {
  const { workspaces = [] } = readJson(join(root, 'package.json'));
  const patterns = Array.isArray(workspaces) ? workspaces : (workspaces.packages ?? []);
  const dirs = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const d of readdirSync(parent).sort()) {
        if (existsSync(join(parent, d, 'package.json'))) dirs.push(join(parent, d));
      }
    } else if (pattern.includes('*')) {
      throw new Error(`workspaces pattern "${pattern}" is not supported (use "dir" or "dir/*")`);
    } else if (existsSync(join(root, pattern, 'package.json'))) {
      dirs.push(join(root, pattern));
    } else {
      throw new Error(`workspace "${pattern}" has no package.json`);
    }
  }
  return dirs;
}

/**
 * Entries of a package from its `exports`: `{ subpath, name, src, js, types }` with absolute paths;
 * `name` is the dist file name without `.js` (`./dist/define.js` -> `define`).
 */
export function packageEntries(dir, pkg) {
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    // not JavaScript entries: ./package.json, ./custom-elements.json, patterns, types only (./jsx, ./vue)
    if (subpath.endsWith('.json') || subpath.includes('*')) continue;
    const conditions = typeof target === 'string' ? { default: target } : target;
    const js = conditions.default ?? conditions.import;
    if (!js && conditions.types) continue;
    const match = js && /^\.\/dist\/(.+)\.js$/.exec(js);
    if (!match) throw new Error(`${pkg.name}: exports["${subpath}"] must point at ./dist/<name>.js (got ${js})`);
    entries.push({
      subpath,
      name: match[1],
      src: resolve(dir, conditions['@joinedcare/source'] ?? `./src/${match[1]}.ts`),
      js: resolve(dir, js),
      types: conditions.types ? resolve(dir, conditions.types) : undefined,
    });
  }
  return entries;
}

/** All workspace packages, dependencies first. */
export function workspacePackages() {
  const packages = workspaceDirs().map((dir) => {
    const pkg = readJson(join(dir, 'package.json'));
    return { dir, rel: relative(root, dir), name: pkg.name, pkg, entries: packageEntries(dir, pkg) };
  });
  const byName = new Map(packages.map((p) => [p.name, p]));
  for (const p of packages) {
    const { dependencies, peerDependencies, devDependencies, optionalDependencies } = p.pkg;
    p.workspaceDeps = Object.keys({ ...dependencies, ...peerDependencies, ...devDependencies, ...optionalDependencies }).filter(
      (n) => byName.has(n) && n !== p.name,
    );
  }
  const ordered = [];
  const state = new Map();
  const visit = (p, chain) => {
    if (state.get(p.name) === 'done') return;
    if (state.get(p.name) === 'visiting') throw new Error(`workspace dependency cycle: ${[...chain, p.name].join(' -> ')}`);
    state.set(p.name, 'visiting');
    for (const d of p.workspaceDeps) visit(byName.get(d), [...chain, p.name]);
    state.set(p.name, 'done');
    ordered.push(p);
  };
  for (const p of packages) visit(p, []);
  return ordered;
}

/** Every file under `dir` (recursively), as absolute paths. */
export function walk(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) out.push(...walk(file));
    else out.push(file);
  }
  return out;
}

/** Minimal glob -> RegExp (`**`, `*`, `?`), for the exclude lists shared with the manifest config. */
export function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Package name of a bare specifier: `lit/decorators.js` -> `lit`, `@lit/context` -> `@lit/context`. */
export function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export const formatSize = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`);
