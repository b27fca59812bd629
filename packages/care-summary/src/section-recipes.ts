// How each section is built from its resources: the units of work (one resource, or one test's
// results), the items of a unit, and their order. Run by `startSection` (section-build.ts).
import type {
  AllergyIntolerance,
  CarePlan,
  Condition,
  DocumentReference,
  Encounter,
  FhirResource,
  Immunization,
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
  concept,
  isEnteredInError,
  newestFirst,
  type BuildContext,
  type SectionModel,
  type SummaryItem,
} from './model-shared.js';
import type { SectionKey } from './sections.js';

function ofType<T extends FhirResource>(resources: readonly FhirResource[], type: T['resourceType']): T[] {
  return resources.filter((r): r is T => r?.resourceType === type && !isEnteredInError(r));
}

/** Allergies, and the "no known allergies" statement when there is no real allergy. */
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
export function readable<T extends FhirResource>(
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

/** Only the entries that are resources (untrusted data). */
export function validResources(resources: readonly FhirResource[] | undefined): FhirResource[] {
  return (resources ?? []).filter((r): r is FhirResource => !!r && typeof r === 'object' && typeof r.resourceType === 'string');
}

/** Resources whose items are built together: one resource, or one test's results. */
export type Unit = readonly FhirResource[];

/** A section's build split into units of work. */
export interface Recipe {
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

/** One unit per resource. */
export const each = (list: readonly FhirResource[]): Unit[] => list.map((r) => [r]);

/** The recipe of a section (may throw on malformed grouping fields: the caller then builds resource by resource). */
export function recipeFor(key: SectionKey, list: readonly FhirResource[], ctx: BuildContext, unreadable: { count: number }): Recipe {
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
      const folded = foldedRequestIds(statements, ctx.record);
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
