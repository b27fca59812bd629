// Types of plugins.mjs, for vite.config.ts.
import type { Plugin } from 'vite';

export function minifyCss(text: string, filename?: string): string;
export function collapseHtml(text: string): string;
export function minifyModuleTemplates(code: string, id: string): { code: string; map: string } | undefined;
export function minifyTemplates(options?: { include?: RegExp }): Plugin;
export function precompress(): Plugin;
export function writeLoaderManifest(options: {
  version: string;
  defines: ReadonlyArray<{ name: string; tags: readonly string[] }>;
}): Plugin;
export function loaderDefine(manifestFile: string): Record<string, string>;
