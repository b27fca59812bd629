import type {
  AllergyIntolerance,
  CarePlan,
  CodeableConcept,
  Condition,
  DocumentReference,
  Encounter,
  FhirResource,
  Immunization,
  List,
  MedicationRequest,
  MedicationStatement,
  Observation,
} from 'fhir/r4.js';
import { allergyItems, foldedRequestIds, immunisationItems, isNoKnownAllergy, medicineItemOf, problemItems } from './model-clinical.js';
import { carePlanItems, careTeamItems, documentItems, encounterItems } from './model-care.js';
import { resultGroups, resultItems } from './model-results.js';
import {
  baseItem,
  codes,
  newestFirst,
  concept,
  isEnteredInError,
  type BuildContext,
  makeContext,
  type ModelOptions,
  type SectionModel,
  type SectionWarning,
  type SummaryItem,
} from './model-shared.js';
import { throwIfAborted, yieldToMain } from '@joinedcare/core';
import { SECTION_KEYS, SECTION_TYPES, type SectionKey } from './sections.js';
import { buildOrgDirectory } from './source.js';
import { listWarnings } from './warnings.js';

export * from './model-shared.js';
export {
  allergyItems,
  immunisationItems,
  isNoKnownAllergy,
  foldedRequestIds,
  medicineItemOf,
  medicineItems,
  problemItems,
  NO_KNOWN_ALLERGY_CODES,
} from './model-clinical.js';
export { carePlanItems, careTeamItems, documentItems, encounterItems } from './model-care.js';
export { observationValue, referenceRange, resultGroups, resultItems, trendOf, TREND_MAX_POINTS } from './model-results.js';

/** Extra information for one section: GP Connect warnings, an IPS section's emptyReason. */
export interface SectionExtras {
  warnings?: readonly SectionWarning[];
  /** The IPS Composition's section: its `emptyReason` (when empty), or undefined when the document has no such section. */
  composition?: { emptyReason?: CodeableConcept; entries: number } | 'absent';
}

const EMPTY_TEXT: Record<
  SectionKey,
  | 'csNoProblems'
  | 'csNoMedicines'
  | 'csNoAllergyInfo'
  | 'csNoResults'
  | 'csNoEncounters'
  | 'csNoDocuments'
  | 'csNoImmunisations'
  | 'csNoCareTeam'
  | 'csNoCarePlans'
> = {
  problems: 'csNoProblems',
  medicines: 'csNoMedicines',
  allergies: 'csNoAllergyInfo',
  results: 'csNoResults',
  encounters: 'csNoEncounters',
  documents: 'csNoDocuments',
  immunisations: 'csNoImmunisations',
  'care-team': 'csNoCareTeam',
  'care-plans': 'csNoCarePlans',
};

/** IPS / List empty-reason codes that mean "there is nothing" rather than "we do not know". */
const NONE_KNOWN_REASONS = new Set(['nilknown']);

function ofType<T extends FhirResource>(resources: readonly FhirResource[], type: T['resourceType']): T[] {
  return resources.filter((r): r is T => r?.resourceType === type && !isEnteredInError(r));
}

function allergySection(resources: readonly FhirResource[], ctx: BuildContext, model: SectionModel): void {
  const all = ofType<AllergyIntolerance>(resources, 'AllergyIntolerance');
  const none = all.filter(isNoKnownAllergy);
  const real = all.filter((a) => !isNoKnownAllergy(a) && !codes(a.verificationStatus).includes('refuted'));
  model.items = allergyItems(real, ctx);
  if (!real.length && none.length) {
    const latest = none
      .map((a) =>
        baseItem(a, ctx, { title: concept(a.code, ctx), dateValue: a.recordedDate ?? a.meta?.lastUpdated, dateLabel: 'csRecorded' }),
      )
      .sort((a, b) => (b.sortTime || 0) - (a.sortTime || 0))[0];
    model.noneKnown = {
      text: ctx.t('csNoKnownAllergies'),
      date: latest.date,
      sourceText: latest.sourceText,
      settingText: latest.settingText,
      source: latest.source,
    };
    model.emptyKind = 'none';
    model.emptyText = ctx.t('csNoKnownAllergies');
  }
}

/**
 * Runs a section builder. When malformed data makes it throw, it builds resource by resource and
 * counts the resources that cannot be read (shown as a warning), so one bad record never hides the
 * rest of the section or breaks the widget.
 */
function readable<T extends FhirResource>(
  build: (list: T[]) => SummaryItem[],
  list: readonly T[],
  unreadable: { count: number },
): SummaryItem[] {
  try {
    return build(list as T[]);
  } catch {
    const items: SummaryItem[] = [];
    for (const r of list) {
      try {
        for (const item of build([r])) items.push(item);
      } catch {
        unreadable.count++;
      }
    }
    return newestFirst(items);
  }
}

function validResources(resources: readonly FhirResource[] | undefined): FhirResource[] {
  return (resources ?? []).filter((r): r is FhirResource => !!r && typeof r === 'object' && typeof r.resourceType === 'string');
}

/** Resources whose items are built together: one resource, or one test's results. */
type Unit = readonly FhirResource[];

/** A section's build split into units of work. */
interface Recipe {
  units: Unit[];
  /** One unit's items (may throw on malformed data). */
  build: (unit: Unit) => SummaryItem[];
  /** Every unit's items (in unit order) in the order the section shows them. */
  order: (items: SummaryItem[]) => SummaryItem[];
  /** Work after the items (allergies' "no known allergies", the results total). */
  finish?: (model: SectionModel) => void;
}

/** Items of the first group (newest first), then the others (newest first). */
function groupFirst(items: SummaryItem[], first: (i: SummaryItem) => boolean): SummaryItem[] {
  return [...newestFirst(items.filter(first)), ...newestFirst(items.filter((i) => !first(i)))];
}

const each = (list: readonly FhirResource[]): Unit[] => list.map((r) => [r]);

function recipeFor(key: SectionKey, list: readonly FhirResource[], ctx: BuildContext, unreadable: { count: number }): Recipe {
  switch (key) {
    case 'problems': {
      const past = ctx.t('csPastProblems');
      return {
        units: each(ofType<Condition>(list, 'Condition')),
        build: (u) => problemItems(u as Condition[], ctx),
        order: (items) => groupFirst(items, (i) => i.group !== past),
      };
    }
    case 'medicines': {
      const meds = list.filter(
        (r) => (r.resourceType === 'MedicationStatement' || r.resourceType === 'MedicationRequest') && !isEnteredInError(r),
      );
      const statements = meds.filter((r): r is MedicationStatement => r.resourceType === 'MedicationStatement');
      const folded = foldedRequestIds(statements);
      const requests = meds.filter((r) => r.resourceType === 'MedicationRequest' && !(r.id && folded.has(r.id)));
      const current = ctx.t('csCurrentMedicines');
      return {
        units: [...each(statements), ...each(requests)],
        build: (u) => {
          const m = medicineItemOf(u[0] as MedicationStatement | MedicationRequest, ctx);
          return m ? [m.item] : [];
        },
        order: (items) => groupFirst(items, (i) => i.group === current),
      };
    }
    case 'allergies':
      return {
        units: [],
        build: () => [],
        order: (items) => items,
        finish: (model) => {
          try {
            allergySection(list, ctx, model);
          } catch {
            model.items = readable((l) => allergyItems(l, ctx), ofType<AllergyIntolerance>(list, 'AllergyIntolerance'), unreadable);
          }
        },
      };
    case 'results': {
      const obs = ofType<Observation>(list, 'Observation');
      return {
        units: resultGroups(obs),
        build: (u) => resultItems(u as Observation[], ctx),
        order: newestFirst,
        finish: (model) => {
          model.total = obs.filter((o) => o.status !== 'cancelled').length;
        },
      };
    }
    case 'encounters':
      return { units: each(ofType<Encounter>(list, 'Encounter')), build: (u) => encounterItems(u as Encounter[], ctx), order: newestFirst };
    case 'documents':
      return {
        units: each(ofType<DocumentReference>(list, 'DocumentReference')),
        build: (u) => documentItems(u as DocumentReference[], ctx),
        order: newestFirst,
      };
    case 'immunisations':
      return {
        units: each(ofType<Immunization>(list, 'Immunization')),
        build: (u) => immunisationItems(u as Immunization[], ctx),
        order: newestFirst,
      };
    case 'care-team':
      return { units: [list.filter((r) => !isEnteredInError(r))], build: (u) => careTeamItems(u, ctx), order: (items) => items };
    case 'care-plans':
      return { units: [ofType<CarePlan>(list, 'CarePlan')], build: (u) => carePlanItems(u as CarePlan[], ctx), order: (items) => items };
  }
}

/**
 * One section's build, run in steps (see `buildSectionChunked`). Nothing is read before the first
 * step; `total` and `done` count resources.
 */
export interface SectionBuild {
  readonly key: SectionKey;
  /** Resources the section builds items from (known after the first step; an estimate before). */
  readonly total: number;
  /** Resources built so far. */
  readonly done: number;
  /** Builds about `budget` resources more (at least one unit); true once the section is finished. */
  step(budget: number): boolean;
  /** The finished model (finishes the build first when needed). */
  result(): SectionModel;
}

/** How many resources `key` builds items from, counted cheaply (for the chunking decision and progress). */
export function sectionSize(key: SectionKey, resources: readonly FhirResource[]): number {
  const types = SECTION_TYPES[key];
  let n = 0;
  for (const r of resources ?? []) if (r && types.includes(r.resourceType)) n++;
  return n;
}

/** Starts a section's build (see `buildSection`); run it with `step`. */
export function startSection(
  key: SectionKey,
  resources: readonly FhirResource[],
  options: ModelOptions,
  extras: SectionExtras = {},
): SectionBuild {
  let prepared: { ctx: BuildContext; recipe: Recipe; model: SectionModel; total: number } | undefined;
  const unreadable = { count: 0 };
  const built: SummaryItem[] = [];
  let next = 0;
  let done = 0;
  let model: SectionModel | undefined;
  const prepare = () => {
    if (prepared) return prepared;
    const list = validResources(resources);
    const ctx = makeContext(list, options, options.directory ?? buildOrgDirectory(list));
    let recipe: Recipe;
    try {
      recipe = recipeFor(key, list, ctx, unreadable);
    } catch {
      // malformed data broke the section's grouping: build resource by resource instead (one that
      // cannot be read alone is counted as unreadable), newest first
      recipe = {
        units: each(list.filter((r) => SECTION_TYPES[key].includes(r.resourceType))),
        build: (u) => {
          const alone = recipeFor(key, u, ctx, unreadable);
          const items: SummaryItem[] = [];
          for (const unit of alone.units) items.push(...alone.build(unit));
          return items;
        },
        order: newestFirst,
      };
    }
    prepared = {
      ctx,
      recipe,
      total: recipe.units.reduce((n, u) => n + u.length, 0),
      model: {
        key,
        items: [],
        emptyText: ctx.t(key === 'allergies' ? 'csNoAllergyInfo' : EMPTY_TEXT[key]),
        emptyKind: key === 'allergies' ? 'not-available' : 'none',
        warnings: [...(extras.warnings ?? [])],
      },
    };
    return prepared;
  };
  const build: SectionBuild = {
    key,
    get total() {
      return prepared ? prepared.total : sectionSize(key, resources);
    },
    get done() {
      return done;
    },
    step(budget) {
      const { ctx, recipe, model: m } = prepare();
      let spent = 0;
      while (next < recipe.units.length && spent < budget) {
        const unit = recipe.units[next++];
        for (const item of readable((u) => recipe.build(u), unit, unreadable)) built.push(item);
        done += unit.length;
        spent += Math.max(1, unit.length);
      }
      if (next < recipe.units.length) return false;
      if (!model) model = finishSection(m, recipe, built, extras, ctx, unreadable);
      return true;
    },
    result() {
      while (!build.step(Number.POSITIVE_INFINITY));
      return model as SectionModel;
    },
  };
  return build;
}

function finishSection(
  model: SectionModel,
  recipe: Recipe,
  built: SummaryItem[],
  extras: SectionExtras,
  ctx: BuildContext,
  unreadable: { count: number },
): SectionModel {
  try {
    model.items = recipe.order(built);
  } catch {
    model.items = newestFirst(built);
  }
  recipe.finish?.(model);
  const key = model.key;
  if (unreadable.count) model.warnings.push({ code: 'unreadable', title: ctx.t('csUnreadable', { count: unreadable.count }) });
  const comp = extras.composition;
  if (comp === 'absent') {
    model.emptyText = ctx.t('csNotInDocument');
    model.emptyKind = 'not-available';
  } else if (comp?.emptyReason && !model.items.length && !model.noneKnown) {
    const reason = concept(comp.emptyReason, ctx);
    const noneKnown = codes(comp.emptyReason).some((c) => NONE_KNOWN_REASONS.has(c));
    model.emptyKind = noneKnown ? 'none' : 'not-available';
    model.emptyText = key === 'allergies' && noneKnown ? ctx.t('csNoKnownAllergies') : ctx.t('csEmptyReason', { reason });
    if (key === 'allergies' && noneKnown) {
      model.noneKnown = {
        text: ctx.t('csNoKnownAllergies'),
        date: ctx.t('notKnown'),
        sourceText: ctx.t('csSourceNotRecorded'),
        settingText: ctx.t('csSettingUnknown'),
        source: {},
      };
    }
  }
  return model;
}

/**
 * Builds one section's view model from FHIR resources (of any types: the section picks its own,
 * and uses Organization, PractitionerRole, Medication, … to resolve references). Entered-in-error
 * resources are left out everywhere. Never throws on malformed data: a resource that cannot be
 * read is left out and counted in an "unreadable" warning.
 */
export function buildSection(
  key: SectionKey,
  resources: readonly FhirResource[],
  options: ModelOptions,
  extras: SectionExtras = {},
): SectionModel {
  return startSection(key, resources, options, extras).result();
}

export type SummaryOptions = ModelOptions & {
  sections?: readonly SectionKey[];
  composition?: Map<SectionKey, { emptyReason?: CodeableConcept; entries: number }>;
};

/** Starts the build of every requested section from one set of resources (see `buildSummary`). */
export function startSummary(resources: readonly FhirResource[], options: SummaryOptions): SectionBuild[] {
  const list = validResources(resources);
  const directory = options.directory ?? buildOrgDirectory(list);
  const warnings = listWarnings(
    list.filter((r): r is List => r.resourceType === 'List'),
    options.lang,
  );
  return (options.sections ?? SECTION_KEYS).map((key) => {
    const extras: SectionExtras = {};
    const w = warnings.get(key);
    if (w) extras.warnings = w;
    if (options.composition) extras.composition = options.composition.get(key) ?? 'absent';
    return startSection(key, list, { ...options, directory }, extras);
  });
}

/** Builds every requested section from one set of resources (handed-in resources or a Bundle). */
export function buildSummary(resources: readonly FhirResource[], options: SummaryOptions): Map<SectionKey, SectionModel> {
  return new Map(startSummary(resources, options).map((b) => [b.key, b.result()]));
}

// ---------------------------------------------------------------------------------------------
// chunked builds: a long list is built a chunk at a time, yielding to the main thread in between

/** Above this many resources (of the sections' own types), the element builds in chunks. */
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

/** Yields to the main thread (from core; re-exported here for compatibility). */
export { yieldToMain };

/** Runs builds to the end, `chunkSize` resources at a time, yielding to the main thread between chunks. */
export async function runChunked(builds: readonly SectionBuild[], options: ChunkedBuildOptions = {}): Promise<void> {
  const size = options.chunkSize && options.chunkSize >= 1 ? Math.floor(options.chunkSize) : BUILD_CHUNK_SIZE;
  const pause = options.yieldToMain ?? yieldToMain;
  throwIfAborted(options.signal);
  let first = true;
  for (const b of builds) {
    for (;;) {
      if (!first) {
        await pause();
        throwIfAborted(options.signal);
      }
      first = false;
      const finished = b.step(size);
      options.onProgress?.({ key: b.key, done: b.done, total: b.total });
      if (finished) break;
    }
  }
}

/** The same model as `buildSection` (same items, order and fields), built in chunks (see `runChunked`). */
export async function buildSectionChunked(
  key: SectionKey,
  resources: readonly FhirResource[],
  options: ModelOptions,
  extras: SectionExtras = {},
  build: ChunkedBuildOptions = {},
): Promise<SectionModel> {
  const b = startSection(key, resources, options, extras);
  await runChunked([b], build);
  return b.result();
}

/** The same models as `buildSummary` (same items, order and fields), built in chunks (see `runChunked`). */
export async function buildSummaryChunked(
  resources: readonly FhirResource[],
  options: SummaryOptions,
  build: ChunkedBuildOptions = {},
): Promise<Map<SectionKey, SectionModel>> {
  const builds = startSummary(resources, options);
  await runChunked(builds, build);
  return new Map(builds.map((b) => [b.key, b.result()]));
}

/** The resource types a section reads (for documentation and the patient guard). */
export function sectionTypes(key: SectionKey): readonly string[] {
  return SECTION_TYPES[key];
}
