// One section's build, in steps: `startSection` prepares its recipe on the first step, builds about
// `budget` resources a step, then finishes the model (order, warnings, an IPS section's emptyReason).
import type { CodeableConcept, FhirResource } from 'fhir/r4.js';
import { ClinicalRecord, organisationKindText, type MessageKey, type Steppable } from '@joinedcare/core';
import {
  codes,
  concept,
  makeContext,
  newestFirst,
  type BuildContext,
  type ModelOptions,
  type SectionModel,
  type SectionWarning,
  type SummaryItem,
} from './model-shared.js';
import { each, readable, recipeFor, validResources, type Recipe } from './section-recipes.js';
import { SECTION_TYPES, type SectionKey } from './sections.js';

/** Extra information for one section: GP Connect warnings, an IPS section's emptyReason. */
export interface SectionExtras {
  warnings?: readonly SectionWarning[];
  /** The IPS Composition's section: its `emptyReason` (when empty), or `absent` when the document has no such section. */
  composition?: { emptyReason?: CodeableConcept; entries: number } | 'absent';
}

const EMPTY_TEXT: Record<SectionKey, MessageKey> = {
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

/**
 * One section's build, run in steps (see `buildSectionChunked`, and core's `runChunked`). Nothing is
 * read before the first step; `total` and `done` count resources.
 */
export interface SectionBuild extends Steppable {
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

/** Starts a section's build (see `buildSection`); run it with `step`, or with core's `runChunked`. */
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
    const ctx = makeContext(options, options.record ?? new ClinicalRecord(list));
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
        emptyText: ctx.t(EMPTY_TEXT[key]),
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
        settingText: organisationKindText('unknown', ctx.lang),
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
export function buildSection(...args: Parameters<typeof startSection>): SectionModel {
  return startSection(...args).result();
}
