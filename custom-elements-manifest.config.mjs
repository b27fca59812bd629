// Custom Elements Manifest for the whole monorepo (root custom-elements.json, read by Storybook's
// autodocs): `npm run analyze` = `cem analyze --litelement --config custom-elements-manifest.config.mjs`.
// test/tools/build.mjs reuses `jcPlugins()` to write each package's own custom-elements.json.
//
// What is public: elements, their documented attributes/properties/events/slots/parts/CSS properties.
// Not public (left out): members marked `/** @internal */` or `@ignore` (the analyzer drops those
// itself), `private`/`protected`/`#private` members (dropped by `publicApiOnly()` below), tests,
// stories and the fixtures package.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

/** Files that are not part of any package's public surface. */
export const excludeGlobs = [
  '**/*.test.ts',
  '**/*.spec.ts',
  '**/*.stories.ts',
  '**/*.d.ts',
  '**/test/**',
  '**/fixtures/**',
  'packages/fixtures/**',
  '**/node_modules/**',
  '**/dist/**',
];

/**
 * Our packages register tags with `safeDefine('jc-x', JcX)` (it tolerates double registration)
 * instead of `customElements.define`, which the analyzer would recognise. Treat a top-level
 * `safeDefine('<tag>', Class)` statement like `customElements.define`, so classes get their
 * `tagName` and define modules list a `custom-element-definition`.
 */
export function safeDefinePlugin({ functionNames = ['safeDefine'] } = {}) {
  return {
    name: 'joinedcare/safe-define',
    analyzePhase({ ts, node, moduleDoc, context }) {
      if (!ts.isExpressionStatement(node) || !ts.isSourceFile(node.parent)) return;
      const call = node.expression;
      if (!ts.isCallExpression(call)) return;
      const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
      if (!ts.isIdentifier(callee) || !functionNames.includes(callee.text)) return;
      const [tagArg, classArg] = call.arguments;
      if (!tagArg || !ts.isStringLiteralLike(tagArg) || !classArg || !ts.isIdentifier(classArg)) return;

      const className = classArg.text;
      const imported = context.imports?.find((i) => i.name === className);
      let where = { module: moduleDoc.path };
      if (imported?.isBareModuleSpecifier) where = { package: imported.importPath };
      else if (imported) where = { module: new URL(imported.importPath, `file:///${moduleDoc.path}`).pathname.slice(1) };

      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name: tagArg.text, declaration: { name: className, ...where } },
      ];
    },
  };
}

/**
 * Cleans up what the analyzer infers from code it cannot read statically:
 * - `customElements.define(tag, ctor)` inside a helper (e.g. `safeDefine` itself) is not a
 *   definition: definitions whose name is not a valid custom element name are dropped;
 * - `this.dispatchEvent(new CustomEvent(type))` with a variable `type` (e.g. `JcElement#emit`) is
 *   not an event named "type": such events are dropped unless documented with `@fires`;
 * - `this.emit('jc-x', ...)` (our typed helper) does fire `jc-x`: added when not documented.
 */
export function inferredNamesPlugin({ emitMethods = ['emit'] } = {}) {
  const variableEventNames = new Map(); // "module#Class" -> Set of identifier names
  const emittedEvents = new Map(); // "module#Class" -> Set of literal names
  const keyOf = (module, className) => `${module.replace(/^\//, '').replace(/\.js$/, '.ts')}#${className}`;
  const add = (map, key, name) => map.set(key, (map.get(key) ?? new Set()).add(name));
  const isCustomElementName = (n) => /^[a-z][a-z0-9._]*-[a-z0-9._-]*$/.test(n);
  return {
    name: 'joinedcare/inferred-names',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      if (node.expression.expression.kind !== ts.SyntaxKind.ThisKeyword) return;
      let cls = node.parent;
      while (cls && !ts.isClassDeclaration(cls)) cls = cls.parent;
      if (!cls?.name) return;
      const key = keyOf(moduleDoc.path, cls.name.text);
      const method = node.expression.name.text;
      const [first] = node.arguments;
      if (method === 'dispatchEvent' && first && ts.isNewExpression(first)) {
        const nameArg = first.arguments?.[0];
        if (nameArg && ts.isIdentifier(nameArg)) add(variableEventNames, key, nameArg.text);
      } else if (emitMethods.includes(method) && first && ts.isStringLiteralLike(first)) {
        add(emittedEvents, key, first.text);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        if (mod.exports) {
          mod.exports = mod.exports.filter((e) => e.kind !== 'custom-element-definition' || isCustomElementName(e.name));
        }
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class' && decl.kind !== 'mixin') continue;
          const key = keyOf(mod.path, decl.name);
          // also events inherited from a class in this manifest (inheritance is applied before us)
          const isVariable = (e) => {
            const from = e.inheritedFrom?.module ? keyOf(e.inheritedFrom.module, e.inheritedFrom.name) : key;
            return variableEventNames.get(from)?.has(e.name) ?? false;
          };
          if (decl.events) decl.events = decl.events.filter((e) => e.description || !isVariable(e));
          for (const name of emittedEvents.get(key) ?? []) {
            if (!decl.events?.some((e) => e.name === name)) (decl.events ??= []).push({ name, type: { text: 'CustomEvent' } });
          }
          if (decl.events?.length === 0) delete decl.events;
        }
      }
    },
  };
}

/** Drops private, protected and `#private` members (and attributes backed by them) from every class. */
export function publicApiOnlyPlugin() {
  const isHidden = (m) => m.privacy === 'private' || m.privacy === 'protected' || m.name?.startsWith('#');
  return {
    name: 'joinedcare/public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class' && decl.kind !== 'mixin') continue;
          if (decl.members) {
            const hidden = new Set(decl.members.filter(isHidden).map((m) => m.name));
            decl.members = decl.members.filter((m) => !hidden.has(m.name));
            if (decl.attributes) {
              decl.attributes = decl.attributes.filter((a) => !a.fieldName || !hidden.has(a.fieldName));
              if (decl.attributes.length === 0) delete decl.attributes;
            }
            if (decl.members.length === 0) delete decl.members;
          }
        }
      }
    },
  };
}

/**
 * Makes every `module` reference a path from the package root, as the schema asks: the analyzer
 * leaves named re-exports relative to their module (`./context/jc-context.js`) and writes other
 * references with a leading slash (`/packages/core/src/...`), and import paths end in `.js` where
 * the module is the `.ts` file.
 */
export function normalizeModulePathsPlugin() {
  return {
    name: 'joinedcare/normalize-module-paths',
    packageLinkPhase({ customElementsManifest }) {
      const paths = new Set(customElementsManifest.modules?.map((m) => m.path));
      const normalize = (ref, modulePath) => {
        let p = ref;
        if (p.startsWith('./') || p.startsWith('../')) p = posix.join(posix.dirname(modulePath), p);
        else if (p.startsWith('/')) p = p.slice(1);
        const ts = p.replace(/\.js$/, '.ts');
        return paths.has(ts) ? ts : p;
      };
      const visit = (value, modulePath) => {
        if (Array.isArray(value)) value.forEach((v) => visit(v, modulePath));
        else if (value && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) {
            if (k === 'module' && typeof v === 'string') value[k] = normalize(v, modulePath);
            else visit(v, modulePath);
          }
        }
      };
      for (const mod of customElementsManifest.modules ?? []) visit(mod, mod.path);
    },
  };
}

/**
 * Rewrites source paths to the published files, for a package's own manifest:
 * `src/x/y.ts` (and the analyzer's `/src/x/y.js` references) -> `dist/x/y.js`.
 */
export function distPathsPlugin() {
  const toDist = (p) => p.replace(/^src\/(.+)\.(?:ts|js)$/, 'dist/$1.js');
  const visit = (value) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if ((k === 'path' || k === 'module') && typeof v === 'string') value[k] = toDist(v);
        else visit(v);
      }
    }
  };
  return {
    name: 'joinedcare/dist-paths',
    packageLinkPhase({ customElementsManifest }) {
      visit(customElementsManifest.modules);
    },
  };
}

/**
 * Gives every event its detail type, from `JcEventMap` (core's map of event name -> detail, which
 * each widget package extends by declaration merging, and which `JcElement#emit` requires): an event
 * `jc-x` gets `"type": { "text": "<the detail type as written in JcEventMap>" }` (the convention of
 * the cem-tools plugins below and of Shoelace: an event's `type` is its `detail`). A type written in
 * a `@fires jc-x {Type}` tag is kept. Events fired by other packages' classes (inherited) arrive
 * with their type from that package's manifest.
 */
export function eventTypesPlugin() {
  const details = new Map(); // event name -> detail type text
  const untyped = (e) => !e.type?.text || e.type.text === 'CustomEvent' || e.type.text === 'Event';
  return {
    name: 'joinedcare/event-types',
    analyzePhase({ ts, node }) {
      if (!ts.isInterfaceDeclaration(node) || node.name.text !== 'JcEventMap') return;
      for (const m of node.members) {
        if (ts.isPropertySignature(m) && m.type && m.name && ts.isStringLiteralLike(m.name)) {
          details.set(m.name.text, m.type.getText().replace(/\s+/g, ' '));
        }
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          for (const e of decl.events ?? []) {
            if (untyped(e) && details.has(e.name)) e.type = { text: details.get(e.name) };
          }
        }
      }
    },
  };
}

/** The plugins used for the root manifest and for every package manifest. */
export function jcPlugins() {
  return [safeDefinePlugin(), inferredNamesPlugin(), publicApiOnlyPlugin(), eventTypesPlugin(), normalizeModulePathsPlugin()];
}

/** Global attributes an element may document with `@attr`: the same-named HTMLElement property types them. */
const GLOBAL_ATTRIBUTES = new Set(['lang', 'dir', 'title']);

/** Where the framework types of a package go, and what they are called (paths from the package root). */
export const FRAMEWORK_TYPES = {
  jsx: 'dist/custom-elements-jsx.d.ts',
  vue: 'dist/custom-elements-vue.d.ts',
  events: 'dist/custom-elements-events.d.ts',
};
/** Package declarations that load `events.d.ts`, so `addEventListener('jc-x', (e) => e.detail)` is typed on import. */
const ENTRY_DECLARATIONS = ['dist/index.d.ts', 'dist/define.d.ts'];
const GENERATED = '// Generated from custom-elements.json by custom-elements-manifest.config.mjs (npm run build). Do not edit.\n';

/** Runs `fn` without its console.log lines (the plugins log "Generated …" even with `hideLogs`). */
function quietly(fn) {
  const log = console.log;
  console.log = () => {};
  try {
    fn();
  } finally {
    console.log = log;
  }
}

const camelCase = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

/**
 * The manifest as Vue's template type-checker names things: it looks up `patient-id="…"` as the
 * prop `patientId` and `@jc-load="…"` as the prop `onJcLoad`, while custom-element-vuejs-integration
 * writes the attribute's own name and `on` + the event's name. So for Vue, attributes are named in
 * camelCase and events in PascalCase (descriptions keep the real names).
 */
function forVueTemplates(manifest) {
  const copy = structuredClone(manifest);
  for (const mod of copy.modules ?? []) {
    for (const decl of mod.declarations ?? []) {
      for (const a of decl.attributes ?? []) a.name = camelCase(a.name);
      for (const e of decl.events ?? []) e.name = camelCase(`-${e.name}`);
    }
  }
  return copy;
}

/**
 * A package's framework types, generated from its own custom-elements.json (run by
 * test/tools/build.mjs after the package's declarations are written):
 * - `dist/custom-elements-jsx.d.ts` (exported as `./jsx`) by custom-element-jsx-integration:
 *   `CustomElements`, the tags with their attributes, properties and `on<event>` handlers, for
 *   React 19's `JSX.IntrinsicElements`;
 * - `dist/custom-elements-vue.d.ts` (`./vue`) by custom-element-vuejs-integration: the same, added
 *   to Vue 3's `GlobalComponents`;
 * - `dist/custom-elements-events.d.ts`: every event of the package's elements in `HTMLElementEventMap` and
 *   `DocumentEventMap` (the events bubble and are composed), loaded by the package's entry
 *   declarations.
 * Attribute and property types are the element class's own (`JcCareSummary['setting']`); an
 * event's detail is `JcEventMap['jc-x']` from @joinedcare/core, the type `emit()` is checked against.
 * @param {{ dir: string, name: string }} pkg a workspace package
 */
export function frameworkTypesPlugin(pkg) {
  const dist = join(pkg.dir, 'dist');
  const toDist = (path) => `./${path.replace(/^(?:src|dist)\//, '').replace(/\.ts$/, '.js')}`;
  const detailOf = (name) => `import('@joinedcare/core').JcEventMap['${name}']`;
  return {
    name: 'joinedcare/framework-types',
    packageLinkPhase({ customElementsManifest }) {
      // a copy whose event types name JcEventMap, so the generated files need no other import
      const manifest = structuredClone(customElementsManifest);
      const classModule = new Map();
      const events = new Map();
      for (const mod of manifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          if (!decl.tagName) continue;
          classModule.set(decl.name, toDist(mod.path));
          // an attribute documented with `@attr` and no field of its own (`lang`, a global attribute
          // the base class watches) is typed as the element's HTMLElement property of that name
          decl.attributes = (decl.attributes ?? []).filter((a) => a.fieldName || GLOBAL_ATTRIBUTES.has(a.name));
          for (const a of decl.attributes) a.fieldName ??= a.name;
          for (const e of decl.events ?? []) {
            e.type = { text: detailOf(e.name) };
            events.set(e.name, e.description ?? '');
          }
        }
      }
      if (classModule.size === 0) return;
      for (const f of Object.values(FRAMEWORK_TYPES)) {
        const source = join(pkg.dir, f.replace(/^dist\//, 'src/').replace(/\.d\.ts$/, '.ts'));
        if (existsSync(source)) throw new Error(`${pkg.name}: ${f} would overwrite the declarations of ${source}`);
      }
      const common = { outdir: dist, hideLogs: true, componentTypePath: (name) => classModule.get(name) };
      quietly(() => {
        generateJsxTypes(manifest, { ...common, fileName: posix.basename(FRAMEWORK_TYPES.jsx) });
        generateVuejsTypes(forVueTemplates(manifest), { ...common, fileName: posix.basename(FRAMEWORK_TYPES.vue) });
      });
      for (const f of [FRAMEWORK_TYPES.jsx, FRAMEWORK_TYPES.vue]) {
        const file = join(pkg.dir, f);
        // the plugin's usage note names a placeholder module: name this package's entry instead
        const text = readFileSync(file, 'utf8').replaceAll('"path/to/library/jsx-integration"', `"${pkg.name}/jsx"`);
        writeFileSync(file, GENERATED + text);
      }
      const entries = [...events].sort(([a], [b]) => a.localeCompare(b));
      const members = entries
        .map(
          ([name, description]) =>
            `    ${description ? `/** ${description.replace(/\*\//g, '*\\/')} */\n    ` : ''}'${name}': CustomEvent<${detailOf(name)}>;`,
        )
        .join('\n');
      const map = (iface) => `  interface ${iface} {\n${members}\n  }`;
      mkdirSync(dist, { recursive: true });
      writeFileSync(
        join(pkg.dir, FRAMEWORK_TYPES.events),
        `${GENERATED}// The events of ${pkg.name}'s elements, typed for addEventListener on an element and on document.\n` +
          `export {};\n\ndeclare global {\n${entries.length ? `${map('HTMLElementEventMap')}\n${map('DocumentEventMap')}\n` : ''}}\n`,
      );
      const reference = `/// <reference path="./${posix.basename(FRAMEWORK_TYPES.events)}" />\n`;
      for (const f of ENTRY_DECLARATIONS) {
        const file = join(pkg.dir, f);
        if (!existsSync(file)) continue;
        const text = readFileSync(file, 'utf8');
        if (!text.startsWith(reference)) writeFileSync(file, reference + text);
      }
    },
  };
}

export default {
  globs: ['packages/*/src/**/*.ts'],
  exclude: excludeGlobs,
  outdir: '.',
  litelement: true,
  // do not let the analyzer write a "customElements" field into the root package.json
  packagejson: false,
  plugins: jcPlugins(),
};
