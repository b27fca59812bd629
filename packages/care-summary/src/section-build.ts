// One section's build, in steps: `startSection` prepares its recipe on the first step, builds about
// `budget` resources a step, then finishes the model (order, warnings, what the source says about
// the section: an IPS section's emptyReason, a GP Connect List's emptyReason, notes and outcome).
import type { FhirResource } from 'fhir/r4.js';
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
import { SECTION_TITLE_KEYS, SECTION_TYPES, type SectionKey } from './sections.js';
import type { DocumentSection } from './ips.js';
import type { GpcSection } from './gpc-record.js';

/** Extra information for one section: GP Connect warnings, what its source says about it, which resources it holds. */
export interface SectionExtras {
  warnings?: readonly SectionWarning[];
  /** The IPS Composition's section(s), or `absent` when the document has none for this section. */
  composition?: Pick<DocumentSection, 'emptyReason' | 'entries' | 'text' | 'textUnreadable'> | 'absent';
  /** The GP Connect area's primary List(s), or `absent` when the record has none for this section. */
  gpConnect?: Pick<GpcSection, 'emptyReason' | 'notes' | 'missing' | 'outcome'> | 'absent';
  /** The resources the source assigns to the section (its List's or Composition section's entries); else every resource of its types. */
  members?: readonly FhirResource[];
  /** A heading for each member (an IPS member's own section title). */
  groups?: ReadonlyMap<FhirResource, string>;
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
  procedures: 'csNoProcedures',
  consultations: 'csNoConsultations',
  referrals: 'csNoReferrals',
  diary: 'csNoDiary',
  uncategorised: 'csNoUncategorised',
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
export function sectionSize(key: SectionKey, resources: readonly FhirResource[], extras: SectionExtras = {}): number {
  if (extras.members) return extras.members.length;
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
    const members = extras.members ? validResources([...extras.members]) : undefined;
    let recipe: Recipe;
    try {
      recipe = recipeFor(key, list, ctx, unreadable, members, extras.groups);
    } catch {
      // malformed data broke the section's grouping: build resource by resource instead (one that
      // cannot be read alone is counted as unreadable), newest first
      const own = members ?? list.filter((r) => SECTION_TYPES[key].includes(r.resourceType));
      recipe = {
        units: each(own),
        build: (u) => {
          const alone = recipeFor(key, list, ctx, unreadable, u, extras.groups);
          const items: SummaryItem[] = [];
          for (const unit of alone.units) items.push(...alone.build(unit));
          return items;
        },
        order: newestFirst,
        statements: [],
      };
    }
    prepared = {
      ctx,
      recipe,
      total: recipe.units.reduce((n, u) => n + u.length, 0),
      model: {
        key,
        items: [],
        statements: [...recipe.statements],
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
      return prepared ? prepared.total : sectionSize(key, resources, extras);
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

/** What an IPS document says about the section: not in the document, empty for a reason, or text only. */
function fromDocument(model: SectionModel, comp: SectionExtras['composition'], ctx: BuildContext): void {
  if (comp === 'absent') {
    model.emptyText = ctx.t('csNotInDocument');
    model.emptyKind = 'not-available';
    return;
  }
  if (!comp || model.items.length || model.statements.length) return;
  if (comp.emptyReason) {
    const reason = concept(comp.emptyReason, ctx);
    const noneKnown = codes(comp.emptyReason).some((c) => NONE_KNOWN_REASONS.has(c));
    model.emptyKind = noneKnown ? 'none' : 'not-available';
    model.emptyText = ctx.t('csEmptyReason', { reason });
    if (noneKnown && model.key === 'allergies') {
      // the document's allergies section is "nil known": the positive statement, with no date or source of its own
      model.statements.push({
        kind: 'none-known',
        text: ctx.t('csNoKnownAllergies'),
        date: ctx.t('notKnown'),
        sourceText: ctx.t('csSourceNotRecorded'),
        settingText: organisationKindText('unknown', ctx.lang),
        source: {},
      });
    }
  } else if (comp.text) {
    model.emptyKind = 'not-available';
    model.emptyText = ctx.t('csTextOnly', { text: comp.text });
  } else if (comp.textUnreadable) {
    // never "none recorded" for a section whose words could not be read
    model.emptyKind = 'not-available';
    model.emptyText = ctx.t('csTextUnreadable');
  }
}

/** What a GP Connect record says about the section: not in the record, switched off (its OperationOutcome), empty for a reason, listed items missing. */
function fromGpConnect(model: SectionModel, gpc: SectionExtras['gpConnect'], ctx: BuildContext): void {
  if (gpc === 'absent') {
    model.emptyText = ctx.t('csNotInGpcRecord');
    model.emptyKind = 'not-available';
    return;
  }
  if (!gpc) return;
  if (gpc.notes.length) model.notes = [...gpc.notes];
  if (gpc.missing) model.warnings.push({ code: 'missing', title: ctx.t('csListedMissing', { count: gpc.missing }) });
  if (gpc.outcome) {
    model.warnings.push({ code: 'not-sent', title: ctx.t('csGpcNotSent'), detail: gpc.outcome });
    if (!model.items.length && !model.statements.length) {
      model.emptyKind = 'not-available';
      model.emptyText = ctx.t('csGpcNotSentEmpty', { section: ctx.t(SECTION_TITLE_KEYS[model.key]).toLowerCase() });
    }
  } else if (gpc.emptyReason && !model.items.length && !model.statements.length) {
    // "No content recorded" says nothing is recorded, never that nothing is known (allergies: no "no known allergies")
    model.emptyKind = model.key === 'allergies' ? 'not-available' : 'none';
    model.emptyText = ctx.t('csGpcEmpty', { reason: concept(gpc.emptyReason, ctx) });
  }
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
  if (unreadable.count) model.warnings.push({ code: 'unreadable', title: ctx.t('csUnreadable', { count: unreadable.count }) });
  fromDocument(model, extras.composition, ctx);
  fromGpConnect(model, extras.gpConnect, ctx);
  // a section whose source never assigns it anything (consultations from a FHIR server) is not available here
  if (!SECTION_TYPES[model.key].length && !extras.members && extras.composition === undefined && extras.gpConnect === undefined) {
    model.emptyKind = 'not-available';
    model.emptyText = ctx.t('csNotFromSource');
  }
  if (model.statements.length && !model.items.length) {
    model.emptyKind = model.statements.some((s) => s.kind === 'none-known') ? 'none' : 'not-available';
    model.emptyText = model.statements[0].text;
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
