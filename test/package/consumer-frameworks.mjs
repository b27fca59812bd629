// What test/package/pack.test.mjs checks in its clean consumer project (the packed packages installed
// from their tarballs), as an EPR vendor's toolchain would see them:
//   - publint and arethetypeswrong on every tarball;
//   - the events typed in HTMLElementEventMap / DocumentEventMap, every one named in a package's
//     custom-elements.json, with the detail type the element is checked against (JcEventMap);
//   - React 19: the React example (docs/examples/react/src) type-checks with tsc, with the JSX types
//     generated from the manifests; wrong props and handlers do not;
//   - Vue 3: the Vue example (docs/examples/vue/src) type-checks with vue-tsc and strict templates,
//     with the generated GlobalComponents; wrong attributes and handlers do not;
//   - Angular: the Angular example (docs/examples/angular/src) compiles with ngc and strict templates
//     (`$event` of each `(jc-…)` binding is typed); a handler that reads a wrong detail does not.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { root } from '../examples/support.mjs';

const exec = promisify(execFile);
/** A file of a package installed in the repository (its `bin` script, say). */
const installed = (name, file) => join(root, 'node_modules', name, file);
const bin = {
  tsc: installed('typescript', 'bin/tsc'),
  vueTsc: installed('vue-tsc', 'bin/vue-tsc.js'),
  ngc: installed('@angular/compiler-cli', 'bundles/src/bin/ngc.js'),
  attw: installed('@arethetypeswrong/cli', 'dist/index.js'),
};

/** What the consumer project installs besides the tarballs: the frameworks, at the versions the repository uses. */
export function frameworkDependencies(devDependencies) {
  const names = [
    'react',
    'react-dom',
    '@types/react',
    '@types/react-dom',
    'vue',
    '@angular/core',
    '@angular/common',
    '@angular/compiler',
    '@angular/platform-browser',
    'rxjs',
  ];
  return Object.fromEntries(names.map((n) => [n, devDependencies[n]]));
}

/** Runs a Node script; on failure, the assertion message is its output. */
async function run(script, args, cwd, what) {
  try {
    return await exec(process.execPath, [script, ...args], { cwd, maxBuffer: 32 * 1024 * 1024 });
  } catch (err) {
    assert.fail(`${what}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** Runs a Node script that must fail; returns its output. */
async function runFailing(script, args, cwd, what) {
  try {
    await exec(process.execPath, [script, ...args], { cwd, maxBuffer: 32 * 1024 * 1024 });
  } catch (err) {
    return `${err.stdout ?? ''}${err.stderr ?? ''}`;
  }
  return assert.fail(`${what} should have failed`);
}

/** publint (every rule, suggestions too) on a tarball: the messages, formatted. */
export async function publintMessages(tarball) {
  const [{ publint }, { formatMessage }] = await Promise.all([import('publint'), import('publint/utils')]);
  const buffer = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length) },
    level: 'suggestion',
    strict: true,
  });
  return messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
}

/** arethetypeswrong on a tarball, for ESM-only packages (CommonJS and node10 resolution are not supported, by design). */
export async function attw(tarball) {
  const { stdout } = await run(bin.attw, [tarball, '--profile', 'esm-only', '--format', 'json'], dirname(tarball), `attw ${tarball}`);
  const { problems } = JSON.parse(stdout);
  const ignored = new Set(['node10', 'node16-cjs']);
  return Object.values(problems ?? {})
    .flat()
    .filter((p) => !ignored.has(p.resolutionKind))
    .map((p) => `${p.kind} ${p.entrypoint ?? ''} (${p.resolutionKind ?? 'any'})`);
}

/** A file that uses every event named in the manifests through addEventListener, and wrong uses that must fail. */
export function writeEventsCheck(app, packages, eventNames) {
  const imports = packages.map((name) => `import '${name}/define.js';`).join('\n');
  const names = [...new Set(eventNames)].sort();
  writeFileSync(
    join(app, 'events.ts'),
    `${imports}
import type { JcEventMap } from '@joinedcare/core';

// every event in the packages' custom-elements.json is in HTMLElementEventMap and DocumentEventMap,
// as a CustomEvent of the detail the element is checked against
type Typed<K extends keyof JcEventMap & keyof HTMLElementEventMap & keyof DocumentEventMap> =
  HTMLElementEventMap[K] extends CustomEvent<JcEventMap[K]> ? (DocumentEventMap[K] extends CustomEvent<JcEventMap[K]> ? true : never) : never;
export const everyEvent: { [K in ${names.map((n) => `'${n}'`).join(' | ')}]: Typed<K> } = {
${names.map((n) => `  '${n}': true,`).join('\n')}
};

const referrals = document.createElement('jc-referral-status');
referrals.addEventListener('jc-referral-selected', (e) => e.detail.id.toUpperCase());
document.addEventListener('jc-safety-warning', (e) => e.detail.reason);
document.querySelector('jc-care-summary')?.addEventListener('jc-load', (e) => e.detail.partial);
// @ts-expect-error events carry ids, never names
referrals.addEventListener('jc-referral-selected', (e) => e.detail.name);
`,
  );
  return 'events.ts';
}

/** Copies an example's sources and tsconfig.json into `app/<name>`, as an application of that framework. */
function copyExample(app, name) {
  const dir = join(app, name);
  cpSync(join(root, `docs/examples/${name}/src`), join(dir, 'src'), { recursive: true });
  cpSync(join(root, `docs/examples/${name}/tsconfig.json`), join(dir, 'tsconfig.json'));
  return dir;
}

/** The React example in the consumer project, with wrong uses that must fail (`@ts-expect-error`). */
export async function checkReact(app) {
  const dir = copyExample(app, 'react');
  writeFileSync(
    join(dir, 'src/wrong.tsx'),
    `import type { FhirResource } from 'fhir/r4.js';
const resources: FhirResource[] = [];
export const right = <jc-care-summary setting="primary" resources={resources} onjc-item-selected={(e) => e.detail.id} />;
export const wrong = [
  // @ts-expect-error setting is 'primary' or 'secondary'
  <jc-care-summary setting="tertiary" />,
  // @ts-expect-error resources is a list of FHIR resources, not a string
  <jc-care-summary resources="Condition/1" />,
  // @ts-expect-error the detail of jc-item-selected carries ids, never names
  <jc-care-summary onjc-item-selected={(e) => e.detail.name} />,
  // @ts-expect-error not a property of <jc-patient-banner>
  <jc-patient-banner noSuchProperty="x" />,
];
`,
  );
  await run(bin.tsc, ['-p', 'tsconfig.json'], dir, 'tsc on the React example');
}

/** The Vue example in the consumer project, checked by vue-tsc with strict templates. */
export async function checkVue(app) {
  const dir = copyExample(app, 'vue');
  writeFileSync(
    join(dir, 'src/Wrong.vue'),
    `<script setup lang="ts">
function onSelected(e: HTMLElementEventMap['jc-item-selected']) {
  return e.detail.id;
}
function onNamed(e: CustomEvent<{ name: string }>) {
  return e.detail.name;
}
</script>

<template>
  <jc-care-summary setting="primary" @jc-item-selected="onSelected" />
  <!-- @vue-expect-error setting is 'primary' or 'secondary' -->
  <jc-care-summary setting="tertiary" />
  <!-- @vue-expect-error the handler expects another detail than jc-item-selected's -->
  <jc-care-summary @jc-item-selected="onNamed" />
</template>
`,
  );
  await run(bin.vueTsc, ['-p', 'tsconfig.json'], dir, 'vue-tsc (strict templates) on the Vue example');
}

/** The Angular example in the consumer project, compiled by ngc with strict templates; a wrong handler fails. */
export async function checkAngular(app) {
  const dir = copyExample(app, 'angular');
  await run(bin.ngc, ['-p', 'tsconfig.json', '--outDir', join(dir, 'out')], dir, 'ngc (strict templates) on the Angular example');
  assert.ok(existsSync(join(dir, 'out/patient-panel.component.js')), 'ngc wrote the compiled component');
  // the same component reading a detail the event does not have
  const component = readFileSync(join(dir, 'src/patient-panel.component.ts'), 'utf8');
  const wrong = component.replace(
    '(jc-error)="summaryState.set(\'error: \' + $event.detail.kind)"',
    '(jc-error)="summaryState.set(\'error: \' + $event.detail.text)"',
  );
  assert.notEqual(wrong, component, 'the Angular example binds (jc-error) as the check expects');
  mkdirSync(join(dir, 'wrong'), { recursive: true });
  cpSync(join(dir, 'src'), join(dir, 'wrong'), { recursive: true });
  writeFileSync(join(dir, 'wrong/patient-panel.component.ts'), wrong);
  const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
  writeFileSync(
    join(dir, 'tsconfig.wrong.json'),
    JSON.stringify({ ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, rootDir: 'wrong' }, files: ['wrong/main.ts'] }),
  );
  const output = await runFailing(
    bin.ngc,
    ['-p', 'tsconfig.wrong.json', '--outDir', join(dir, 'out-wrong')],
    dir,
    'ngc on a template reading $event.detail.text',
  );
  assert.match(output, /Property 'text' does not exist on type 'LifecycleErrorDetail'/);
}
