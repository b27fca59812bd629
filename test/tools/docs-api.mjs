#!/usr/bin/env node
// Fills the API tables in docs/*.md from the root custom-elements.json (written by `npm run analyze`).
//
//   node test/tools/docs-api.mjs           rewrite every out-of-date region
//   node test/tools/docs-api.mjs --check   change nothing; exit 1 naming each out-of-date file
//
// A region is everything between a start marker and the next end marker, each on its own line:
//
//   <!-- api:start jc-patient-banner -->
//   (generated: attributes, properties, events, slots, CSS parts, CSS custom properties)
//   <!-- api:end -->
//
// Three region names cover every element at once: `events` (every event and who fires it), `parts`
// (every CSS part) and `tokens` (every CSS custom property).
//
// The start marker may add `level=N` (2..6) for the heading level of the generated sections
// (default 3). Nothing outside the markers is touched. Node built-ins only.
//
// Exit codes: 0 up to date (or rewritten), 1 out of date (--check), 2 usage or input error
// (no manifest, unknown tag, unbalanced markers).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function usage(message) {
  if (message) console.error(`docs-api: ${message}`);
  console.error('usage: node test/tools/docs-api.mjs [--check] [--manifest <custom-elements.json>] [files.md …]');
  process.exit(2);
}

// ---------- arguments ----------
let check = false;
let manifestPath = join(root, 'custom-elements.json');
const explicitFiles = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--check') check = true;
  else if (a === '--manifest') manifestPath = resolve(argv[++i] ?? usage('--manifest needs a path'));
  else if (a === '--help' || a === '-h') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else explicitFiles.push(resolve(a));
}

// ---------- manifest ----------
if (!existsSync(manifestPath)) {
  console.error(`docs-api: ${relative(root, manifestPath) || manifestPath} not found; run \`npm run analyze\` first.`);
  process.exit(2);
}
let manifest;
try {
  manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
} catch (e) {
  console.error(`docs-api: cannot read ${manifestPath}: ${e.message}`);
  process.exit(2);
}

/** tag name -> { decl, module (path of the class's module), definedIn (path of the module that registers the tag) } */
const elements = new Map();
const modulePath = (p) =>
  String(p ?? '')
    .replace(/^\//, '')
    .replace(/\.js$/, '.ts');
const declarations = new Map(); // "path#Name" -> declaration
for (const mod of manifest.modules ?? []) {
  for (const decl of mod.declarations ?? []) declarations.set(`${modulePath(mod.path)}#${decl.name}`, decl);
}
for (const mod of manifest.modules ?? []) {
  for (const decl of mod.declarations ?? []) {
    if (decl.tagName && !elements.has(decl.tagName)) elements.set(decl.tagName, { decl, module: modulePath(mod.path) });
  }
}
for (const mod of manifest.modules ?? []) {
  for (const exp of mod.exports ?? []) {
    if (exp.kind !== 'custom-element-definition' || !exp.declaration?.module) continue;
    const target = modulePath(exp.declaration.module);
    const decl = declarations.get(`${target}#${exp.declaration.name}`);
    if (!decl) continue;
    const entry = elements.get(exp.name) ?? { decl, module: target };
    entry.definedIn = modulePath(mod.path);
    elements.set(exp.name, entry);
  }
}

// ---------- import specifiers (from the packages' package.json "exports") ----------
const packageCache = new Map();
function packageOf(path) {
  let dir = dirname(join(root, path));
  while (dir.startsWith(root)) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && dir !== root) {
      if (!packageCache.has(dir)) {
        try {
          packageCache.set(dir, JSON.parse(readFileSync(pj, 'utf8')));
        } catch {
          packageCache.set(dir, undefined);
        }
      }
      return { dir, json: packageCache.get(dir) };
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** `@scope/pkg/sub.js` for a source module the package exports, else undefined. */
function specifierFor(path) {
  const pkg = packageOf(path);
  if (!pkg?.json?.name) return undefined;
  const rel = './' + relative(pkg.dir, join(root, path)).split('\\').join('/');
  const exportsField = pkg.json.exports;
  if (!exportsField || typeof exportsField !== 'object') return undefined;
  const matches = (target) =>
    typeof target === 'string' ? target === rel : target && typeof target === 'object' && Object.values(target).some(matches);
  for (const [key, target] of Object.entries(exportsField)) {
    if (matches(target)) return key === '.' ? pkg.json.name : `${pkg.json.name}/${key.replace(/^\.\//, '')}`;
  }
  return undefined;
}

/** The package entry (`@scope/pkg`) whose index module exports the class, else undefined. */
function classEntryFor(className, classModule) {
  for (const mod of manifest.modules ?? []) {
    const path = modulePath(mod.path);
    const spec = specifierFor(path);
    if (!spec || spec.includes('/', spec.startsWith('@') ? spec.indexOf('/') + 1 : 0)) continue; // package roots only
    for (const exp of mod.exports ?? []) {
      if (exp.kind !== 'js') continue;
      const from = exp.declaration?.module ?? '';
      const fromPath = from.startsWith('.') ? join(dirname(path), from).split('\\').join('/') : from;
      if ((exp.name === className || exp.name === '*') && modulePath(fromPath) === classModule) return spec;
    }
  }
  return undefined;
}

// ---------- markdown ----------
/** Text for a table cell: one line, pipes escaped, `<` outside code spans escaped. */
function cell(text) {
  const s = String(text ?? '')
    .replace(/\r?\n+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return s
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;')))
    .join('')
    .replace(/\|/g, '\\|');
}
const code = (text) =>
  text === undefined || text === null || text === '' ? '—' : '`' + String(text).replace(/\s+/g, ' ').replace(/\|/g, '\\|') + '`';

function table(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
}

const inheritedNote = (item) => (item.inheritedFrom?.name ? ` _(inherited from \`${item.inheritedFrom.name}\`)_` : '');
const ownFirst = (items) => [...items.filter((i) => !i.inheritedFrom), ...items.filter((i) => i.inheritedFrom)];

function render(tag, entry, level) {
  const { decl } = entry;
  const h = '#'.repeat(level);
  const out = [];
  const members = (decl.members ?? []).filter((m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected');
  const fields = members.filter((m) => m.kind === 'field');
  const byName = new Map(fields.map((f) => [f.name, f]));

  const intro = [];
  const defineSpec = entry.definedIn ? specifierFor(entry.definedIn) : undefined;
  if (defineSpec) intro.push(`\`import '${defineSpec}';\` registers \`<${tag}>\``);
  const classSpec = classEntryFor(decl.name, entry.module);
  intro.push(classSpec ? `the class \`${decl.name}\` is exported from \`${classSpec}\`` : `class \`${decl.name}\``);
  out.push(intro.join('; ') + '.');

  // attributes
  const attributes = ownFirst(decl.attributes ?? []);
  if (attributes.length) {
    const rows = attributes.map((a) => {
      const f = a.fieldName ? byName.get(a.fieldName) : undefined;
      const type = a.type?.text ?? f?.type?.text;
      const dflt = a.default ?? f?.default;
      const desc = cell(a.description ?? f?.description ?? '') + (f?.reflects ? ' Reflected to the attribute.' : '') + inheritedNote(a);
      return [code(a.name), a.fieldName ? code(a.fieldName) : '—', code(type), code(dflt), desc.trim()];
    });
    out.push(`${h} Attributes\n\n${table(['Attribute', 'Property', 'Type', 'Default', 'Description'], rows)}`);
  }

  // public properties without an attribute
  const attributeFields = new Set((decl.attributes ?? []).map((a) => a.fieldName).filter(Boolean));
  const props = ownFirst(fields.filter((f) => !f.attribute && !attributeFields.has(f.name) && !f.name.startsWith('#')));
  if (props.length) {
    const rows = props.map((p) => [
      code(p.name),
      code(p.type?.text),
      code(p.default),
      (cell(p.description ?? '') + (p.readonly && !/read-only/i.test(p.description ?? '') ? ' Read-only.' : '') + inheritedNote(p)).trim(),
    ]);
    out.push(`${h} Properties (no attribute)\n\n${table(['Property', 'Type', 'Default', 'Description'], rows)}`);
  }

  // events
  const events = ownFirst(decl.events ?? []);
  if (events.length) {
    const rows = events.map((e) => [
      code(e.name),
      (cell(e.description ?? (e.type?.text ? `\`${e.type.text}\`` : '')) + inheritedNote(e)).trim(),
    ]);
    out.push(`${h} Events\n\n${table(['Event', 'Detail and description'], rows)}`);
  }

  // slots
  const slots = ownFirst(decl.slots ?? []);
  if (slots.length) {
    const rows = slots.map((s) => [s.name ? code(s.name) : '(default)', (cell(s.description) + inheritedNote(s)).trim()]);
    out.push(`${h} Slots\n\n${table(['Slot', 'Description'], rows)}`);
  }

  // CSS parts
  const parts = ownFirst(decl.cssParts ?? []);
  if (parts.length) {
    const rows = parts.map((p) => [code(p.name), (cell(p.description) + inheritedNote(p)).trim()]);
    out.push(`${h} CSS parts\n\n${table(['Part', 'Description'], rows)}`);
  }

  // CSS custom properties: own ones in a table, inherited (global tokens) listed by name
  const cssProps = decl.cssProperties ?? [];
  const ownCss = cssProps.filter((p) => !p.inheritedFrom);
  const inheritedCss = cssProps.filter((p) => p.inheritedFrom);
  if (cssProps.length) {
    const parts = [`${h} CSS custom properties`];
    if (ownCss.length) {
      parts.push(
        table(
          ['Property', 'Description'],
          ownCss.map((p) => [code(p.name), cell(p.description)]),
        ),
      );
    }
    const groups = new Map();
    for (const p of inheritedCss) groups.set(p.inheritedFrom.name, [...(groups.get(p.inheritedFrom.name) ?? []), p.name]);
    for (const [from, names] of groups) {
      parts.push(`Also the global tokens (inherited from \`${from}\`): ${names.map((n) => `\`${n}\``).join(', ')}.`);
    }
    out.push(parts.join('\n\n'));
  }

  return out.join('\n\n');
}

// ---------- cross-element regions: every event, every CSS part, every CSS custom property ----------
/** Special region names, each rendering one table across every element in the manifest. */
const SUMMARIES = {
  events: () => {
    const rows = [];
    for (const [tag, { decl }] of [...elements].sort(([a], [b]) => a.localeCompare(b))) {
      for (const e of ownFirst(decl.events ?? [])) {
        if (e.inheritedFrom) continue;
        rows.push([code(e.name), code(tag), cell(e.description ?? e.type?.text ?? '')]);
      }
    }
    const shared = new Map();
    for (const [tag, { decl }] of elements) {
      for (const e of decl.events ?? []) {
        if (!e.inheritedFrom) continue;
        const entry = shared.get(e.name) ?? { e, tags: [] };
        entry.tags.push(tag);
        shared.set(e.name, entry);
      }
    }
    for (const [name, { e, tags }] of shared)
      rows.push([
        code(name),
        tags
          .sort()
          .map((t) => code(t))
          .join(', '),
        cell(e.description ?? ''),
      ]);
    return table(['Event', 'Fired by', 'Detail and description'], rows);
  },
  parts: () => {
    const rows = [];
    for (const [tag, { decl }] of [...elements].sort(([a], [b]) => a.localeCompare(b))) {
      const own = (decl.cssParts ?? []).filter((p) => !p.inheritedFrom);
      const inherited = (decl.cssParts ?? []).filter((p) => p.inheritedFrom).map((p) => code(p.name));
      for (const p of own) rows.push([code(tag), code(p.name), cell(p.description)]);
      if (inherited.length) rows.push([code(tag), inherited.join(', '), 'Shared states (see `JcElement`).']);
    }
    return table(['Element', 'Part', 'Description'], rows);
  },
  tokens: () => {
    const seen = new Map();
    for (const [tag, { decl }] of [...elements].sort(([a], [b]) => a.localeCompare(b))) {
      for (const p of decl.cssProperties ?? []) {
        const entry = seen.get(p.name) ?? { p, tags: new Set() };
        entry.tags.add(p.inheritedFrom ? '(all)' : tag);
        seen.set(p.name, entry);
      }
    }
    const rows = [...seen.values()]
      .sort((a, b) => Number(b.tags.has('(all)')) - Number(a.tags.has('(all)')) || a.p.name.localeCompare(b.p.name))
      .map(({ p, tags }) => [
        code(p.name),
        tags.has('(all)') ? 'all elements' : [...tags].map((t) => code(t)).join(', '),
        cell(p.description),
      ]);
    return table(['Token', 'Used by', 'Description'], rows);
  },
};

// ---------- regions ----------
const START = /^[ \t]*<!--\s*api:start\s+([^\s>]+)((?:\s+[a-z]+=\S+)*)\s*-->[ \t]*$/;
const END = /^[ \t]*<!--\s*api:end\s*-->[ \t]*$/;
const GENERATED_NOTE = '<!-- Generated from custom-elements.json by test/tools/docs-api.mjs (npm run docs). Do not edit by hand. -->';

/** Returns { text, errors } with every region regenerated. */
function processFile(file, original) {
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const lines = original.split(/\r?\n/);
  const errors = [];
  const out = [];
  let count = 0;
  let open; // { tag, level, line }
  let fence; // the opening fence of a code block we are in (markers there are examples, not regions)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!open) {
      const f = /^[ \t]{0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = undefined;
        out.push(line);
        continue;
      }
      if (f) {
        fence = f[1];
        out.push(line);
        continue;
      }
    }
    const start = START.exec(line);
    if (start) {
      if (open) errors.push(`${file}:${i + 1}: api:start inside the region opened at line ${open.line}`);
      const opts = Object.fromEntries(
        start[2]
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map((kv) => kv.split('=')),
      );
      const level = opts.level === undefined ? 3 : Number(opts.level);
      if (!Number.isInteger(level) || level < 2 || level > 6) errors.push(`${file}:${i + 1}: level must be 2..6`);
      for (const k of Object.keys(opts)) if (k !== 'level') errors.push(`${file}:${i + 1}: unknown option ${k}`);
      if (!elements.has(start[1]) && !SUMMARIES[start[1]]) {
        errors.push(`${file}:${i + 1}: <${start[1]}> is not in the manifest (known: ${[...elements.keys()].join(', ') || 'none'})`);
      }
      open = { tag: start[1], level, line: i + 1 };
      count++;
      out.push(line);
      continue;
    }
    if (END.test(line)) {
      if (!open) {
        errors.push(`${file}:${i + 1}: api:end without api:start`);
        out.push(line);
        continue;
      }
      const entry = elements.get(open.tag);
      const summary = SUMMARIES[open.tag];
      if (entry || summary)
        out.push(
          '<!-- prettier-ignore-start -->',
          GENERATED_NOTE,
          '',
          ...(summary ? summary() : render(open.tag, entry, open.level)).split('\n'),
          '',
          '<!-- prettier-ignore-end -->',
        );
      out.push(line);
      open = undefined;
      continue;
    }
    if (!open) out.push(line); // lines inside a region are replaced
  }
  if (open) errors.push(`${file}:${open.line}: api:start <${open.tag}> has no api:end`);
  return { text: out.join(eol), errors, count };
}

function docsFiles() {
  const dir = join(root, 'docs');
  if (!existsSync(dir)) return [];
  const found = [];
  const walk = (d) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && ent.name.endsWith('.md')) found.push(p);
    }
  };
  walk(dir);
  return found.sort();
}

const files = explicitFiles.length ? explicitFiles : docsFiles();
const stale = [];
const allErrors = [];
let regions = 0;
for (const abs of files) {
  const rel = relative(root, abs) || abs;
  const original = readFileSync(abs, 'utf8');
  const { text, errors, count } = processFile(rel, original);
  regions += count;
  if (errors.length) {
    allErrors.push(...errors);
    continue;
  }
  if (text === original) continue;
  stale.push(rel);
  if (!check) writeFileSync(abs, text);
}

if (allErrors.length) {
  console.error(`docs-api: ${allErrors.length} problem(s):\n  ${allErrors.join('\n  ')}`);
  process.exit(2);
}
if (check) {
  if (stale.length) {
    console.error(
      `docs-api: API tables out of date in:\n  ${stale.join('\n  ')}\nRun \`npm run analyze && npm run docs\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`docs-api: ${regions} API region(s) in ${files.length} file(s) are up to date.`);
} else {
  console.log(stale.length ? `docs-api: updated ${stale.join(', ')}.` : `docs-api: ${regions} API region(s) already up to date.`);
}
