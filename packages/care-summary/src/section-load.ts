// One section's data, from the server (server-load.ts) or from the handed-in data, built into its model.
import type { Guard } from './handed-in.js';
import { loadServerSection } from './server-load.js';
import { ownerOf, type SectionData, type SectionSource } from './section-state.js';
import type { SectionKey } from './sections.js';
import type { SummaryBuild } from './summary-build.js';

/** What a section load needs from its element. */
export interface SectionLoadDeps {
  build: SummaryBuild;
  guard: Guard;
  now(): Date;
  lang: string | undefined;
}

/** Loads (from the server, or from the handed-in data) and builds one section. */
export async function loadSectionData(
  key: SectionKey,
  source: SectionSource,
  deps: SectionLoadDeps,
  signal: AbortSignal,
): Promise<SectionData> {
  const owner = ownerOf(source);
  if (source.kind === 'handed') {
    const model = await deps.build.section(key, source.accepted, source.options, source.extras.get(key) ?? {}, signal);
    return { owner, model, asOf: source.asOf };
  }
  const both = AbortSignal.any([signal, source.signal]);
  const loaded = await loadServerSection(key, source, deps.guard, deps.lang, both);
  const options = { now: deps.now(), lang: deps.lang, record: loaded.record };
  const model = await deps.build.section(key, loaded.resources, options, loaded.extras, both);
  return {
    owner,
    model,
    asOf: deps.now(),
    ...(loaded.note ? { note: loaded.note } : {}),
    ...(loaded.recordWarnings ? { recordWarnings: loaded.recordWarnings } : {}),
  };
}
