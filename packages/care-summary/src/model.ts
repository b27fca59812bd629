// The care summary's pure model: FHIR resources (and the record they belong to) to one view model per
// section, at once or in chunks. Sections are built by section-build.ts from the recipes in
// section-recipes.ts; items by model-clinical.ts, model-care.ts and model-results.ts.
import type { FhirResource, List } from 'fhir/r4.js';
import { ClinicalRecord, runChunked } from '@joinedcare/core';
import type { ModelOptions, SectionModel } from './model-shared.js';
import { startSection, type SectionBuild, type SectionExtras } from './section-build.js';
import { validResources } from './section-recipes.js';
import { SECTION_KEYS, SECTION_TYPES, type SectionKey } from './sections.js';
import { listWarnings } from './warnings.js';
import type { DocumentSection } from './ips.js';
import type { GpcRecord } from './gpc-record.js';

export type SummaryOptions = ModelOptions & {
  sections?: readonly SectionKey[];
  /** An IPS document's sections (see `readBundle`). */
  composition?: Map<SectionKey, Pick<DocumentSection, 'emptyReason' | 'entries'> & Partial<DocumentSection>>;
  /** A GP Connect record, read (see `readGpConnect`). */
  gpConnect?: GpcRecord;
};

/** The extras of one section of an IPS document: its Composition section, and the resources its entries name. */
function documentExtras(
  key: SectionKey,
  comp: NonNullable<SummaryOptions['composition']>,
  resources: readonly FhirResource[],
): SectionExtras {
  const section = comp.get(key);
  const held = new Set<unknown>(resources);
  const referenced = new Set<unknown>([...comp.values()].flatMap((s) => s.members ?? []));
  // resources of the section's types that no Composition section names are shown by type, never dropped
  const unreferenced = resources.filter((r) => SECTION_TYPES[key].includes(r.resourceType) && !referenced.has(r));
  const members = [...(section?.members ?? []).filter((r) => held.has(r)), ...unreferenced];
  if (!section) return { composition: 'absent', ...(unreferenced.length ? { members: unreferenced } : {}) };
  const { emptyReason, entries, text, textUnreadable } = section;
  return {
    composition: {
      entries,
      ...(emptyReason ? { emptyReason } : {}),
      ...(text ? { text } : {}),
      ...(textUnreadable ? { textUnreadable } : {}),
    },
    members,
    ...(section.groups?.size ? { groups: section.groups } : {}),
  };
}

/**
 * What every section of one set of resources gets besides its resources: the GP Connect warnings of
 * its List; for an IPS document its Composition section (or `absent`) and the resources it names;
 * for a GP Connect record its primary Lists' members, warnings and what they say (or `absent`).
 */
export function summaryExtras(
  resources: readonly FhirResource[],
  options: Pick<SummaryOptions, 'lang' | 'composition' | 'gpConnect'>,
): Map<SectionKey, SectionExtras> {
  const out = new Map<SectionKey, SectionExtras>();
  const gpc = options.gpConnect;
  if (gpc) {
    for (const key of SECTION_KEYS) {
      const s = gpc.sections.get(key);
      out.set(
        key,
        s
          ? { members: s.members, gpConnect: s, ...(s.warnings.length ? { warnings: s.warnings } : {}) }
          : { gpConnect: 'absent', members: [] },
      );
    }
    return out;
  }
  const warnings = listWarnings(
    resources.filter((r): r is List => r.resourceType === 'List'),
    options.lang,
  ).sections;
  for (const key of SECTION_KEYS) {
    const extras: SectionExtras = options.composition ? documentExtras(key, options.composition, resources) : {};
    const w = warnings.get(key);
    if (w) extras.warnings = w;
    out.set(key, extras);
  }
  return out;
}

/** Starts the build of every requested section from one set of resources (see `buildSummary`). */
export function startSummary(resources: readonly FhirResource[], options: SummaryOptions): SectionBuild[] {
  const list = validResources(resources);
  const record = options.record ?? new ClinicalRecord(list);
  const extras = summaryExtras(list, options);
  return (options.sections ?? SECTION_KEYS).map((key) => startSection(key, list, { ...options, record }, extras.get(key)));
}

/** Builds every requested section from one set of resources (handed-in resources or a Bundle). */
export function buildSummary(resources: readonly FhirResource[], options: SummaryOptions): Map<SectionKey, SectionModel> {
  return new Map(startSummary(resources, options).map((b) => [b.key, b.result()]));
}

// ---------------------------------------------------------------------------------------------
// chunked builds: a long list is built a chunk at a time (core's runChunked), yielding in between

/** Above this many resources (of a section's own types), the element builds that section in chunks. */
export const CHUNKED_BUILD_THRESHOLD = 1000;
/** Resources built per chunk before yielding to the main thread. */
export const BUILD_CHUNK_SIZE = 250;

export interface ChunkedBuildOptions {
  /** Resources per chunk (default 250). */
  chunkSize?: number;
  /** Stops the build: the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after each chunk with the progress of the section being built. */
  onProgress?: (progress: { key: SectionKey; done: number; total: number }) => void;
  /** Lets the main thread run between chunks (default: `scheduler.yield()` when available, else a 0 ms timeout). */
  yieldToMain?: () => Promise<void>;
}

/** Runs section builds to the end with core's chunked runner. */
async function runBuilds(builds: readonly SectionBuild[], options: ChunkedBuildOptions): Promise<void> {
  const { onProgress, ...rest } = options;
  await runChunked(builds, {
    chunkSize: BUILD_CHUNK_SIZE,
    ...rest,
    ...(onProgress ? { onProgress: (b: SectionBuild, done: number, total: number) => onProgress({ key: b.key, done, total }) } : {}),
  });
}

/** The same model as `buildSection` (same items, order and fields), built in chunks. */
export async function buildSectionChunked(
  key: SectionKey,
  resources: readonly FhirResource[],
  options: ModelOptions,
  extras: SectionExtras = {},
  build: ChunkedBuildOptions = {},
): Promise<SectionModel> {
  const b = startSection(key, resources, options, extras);
  await runBuilds([b], build);
  return b.result();
}

/** The same models as `buildSummary` (same items, order and fields), built in chunks. */
export async function buildSummaryChunked(
  resources: readonly FhirResource[],
  options: SummaryOptions,
  build: ChunkedBuildOptions = {},
): Promise<Map<SectionKey, SectionModel>> {
  const builds = startSummary(resources, options);
  await runBuilds(builds, build);
  return new Map(builds.map((b) => [b.key, b.result()]));
}
