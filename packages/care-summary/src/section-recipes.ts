// How each section is built from its resources: the units of work (one resource, one medicine with
// its issues, or one test's results), the items of a unit, and their order. Run by `startSection`
// (section-build.ts). A section builds from the resources its source assigns to it (a GP Connect
// List's entries, an IPS section's entries), else from every resource of its types.
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
  Procedure,
} from 'fhir/r4.js';
import { allergyItems, immunisationItems, problemItems } from './model-clinical.js';
import { carePlanItems, careTeamItems, documentItems, encounterItems } from './model-care.js';
import { medicineUnitItem, medicineUnits, mergeMedicines, type MedicineUnit } from './model-medicines.js';
import { resultGroups, resultItems, unitsPerTest } from './model-results.js';
import { investigations, reportValue, type ResultContext } from './model-investigations.js';
import { consultationItems, diaryItems, genericItems, procedureItems, referralItems } from './model-gpc.js';
import { absenceOf } from './absent.js';
import {
  baseItem,
  codes,
  isEnteredInError,
  newestFirst,
  titleOf,
  type BuildContext,
  type SectionModel,
  type Statement,
  type SummaryItem,
} from './model-shared.js';
import { SECTION_TYPES, type SectionKey } from './sections.js';

const ofType = <T extends FhirResource>(resources: readonly FhirResource[], ...types: string[]): T[] =>
  resources.filter((r): r is T => types.includes(r?.resourceType) && !isEnteredInError(r));

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

/** Resources whose items are built together: one resource, one medicine with its issues, or one test's results. */
export type Unit = readonly FhirResource[];

/** A section's build split into units of work. */
export interface Recipe {
  units: Unit[];
  /** One unit's items (may throw on malformed data). */
  build: (unit: Unit) => SummaryItem[];
  /** Every unit's items (in unit order) in the order the section shows them. */
  order: (items: SummaryItem[]) => SummaryItem[];
  /** Work after the items (allergies, the results total). */
  finish?: (model: SectionModel) => void;
  /** What the section's absence records state (see absent.ts). */
  statements: Statement[];
}

/** Items of the first group (newest first), then the others (newest first). */
function groupFirst(items: SummaryItem[], first: (i: SummaryItem) => boolean): SummaryItem[] {
  return [...newestFirst(items.filter(first)), ...newestFirst(items.filter((i) => !first(i)))];
}

/** One unit per resource. */
export const each = (list: readonly FhirResource[]): Unit[] => list.map((r) => [r]);

/** A statement from an absence record: its coded term as coded, when and by whom it was recorded. */
function statementOf(r: FhirResource, ctx: BuildContext): Statement | undefined {
  const absence = absenceOf(r);
  if (!absence) return undefined;
  const x = r as unknown as Record<string, unknown>;
  const when = x['recordedDate'] ?? x['dateAsserted'] ?? x['occurrenceDateTime'] ?? x['effectiveDateTime'] ?? x['authoredOn'];
  const item = baseItem(r, ctx, { title: absence.term ?? ctx.t(absence.fallback), dateValue: when, dateLabel: 'csRecorded' });
  return {
    kind: absence.kind,
    text: item.title,
    date: item.date,
    sourceText: item.sourceText,
    settingText: item.settingText,
    source: item.source,
  };
}

/** The resources a section builds from, split into absence statements and the rest. */
function sectionInput(key: SectionKey, list: readonly FhirResource[], members: readonly FhirResource[] | undefined, ctx: BuildContext) {
  const own = (members ?? list.filter((r) => SECTION_TYPES[key].includes(r?.resourceType))).filter((r) => !isEnteredInError(r));
  const statements: Statement[] = [];
  const rest: FhirResource[] = [];
  for (const r of own) {
    const s = statementOf(r, ctx);
    if (s) statements.push(s);
    else rest.push(r);
  }
  return { own: rest, statements };
}

/** Entries of types the section has no builder for: built as generic items, never dropped. */
const othersOf = (own: readonly FhirResource[], ...types: string[]) => own.filter((r) => !types.includes(r.resourceType));

function resultsRecipe(
  own: readonly FhirResource[],
  ctx: BuildContext,
  statements: Statement[],
  groups?: ReadonlyMap<FhirResource, string>,
): Recipe {
  const inv = investigations(own, ctx);
  const about = (o: Observation): ResultContext | undefined => inv.about.get(o);
  const units = unitsPerTest(inv.results);
  const groupsOf = new Map(inv.results.map((o) => [o, groups?.get(o)] as const));
  return {
    units: [...resultGroups(inv.results), ...each(inv.emptyReports), ...each(othersOf(own, 'Observation', 'DiagnosticReport'))],
    build: (u) => {
      if (u[0]?.resourceType === 'Observation') {
        const items = resultItems(u as Observation[], ctx, about, units);
        const g = groupsOf.get(u[0]);
        if (g) for (const i of items) i.group = g;
        return items;
      }
      if (u[0]?.resourceType === 'DiagnosticReport') {
        const r = u[0];
        const item = baseItem(r, ctx, {
          title: titleOf(r.code, 'result', ctx),
          dateValue: r.issued ?? r.effectiveDateTime,
          dateLabel: 'csIssued',
        });
        item.fields.push({ label: ctx.t('csValue'), value: reportValue(r, ctx) });
        return [item];
      }
      return genericItems(u, ctx, groups);
    },
    order: groups ? (items) => byGroup(items) : newestFirst,
    finish: (model) => {
      model.total = inv.results.filter((o) => o.status !== 'cancelled').length;
    },
    statements,
  };
}

/** Newest first within each group, groups in order of first appearance. */
function byGroup(items: SummaryItem[]): SummaryItem[] {
  const sorted = newestFirst(items);
  const order = [...new Set(sorted.map((i) => i.group ?? ''))];
  return order.flatMap((g) => sorted.filter((i) => (i.group ?? '') === g));
}

/** The recipe of a section (may throw on malformed grouping fields: the caller then builds resource by resource). */
export function recipeFor(
  key: SectionKey,
  list: readonly FhirResource[],
  ctx: BuildContext,
  unreadable: { count: number },
  members?: readonly FhirResource[],
  groups?: ReadonlyMap<FhirResource, string>,
): Recipe {
  const { own, statements } = sectionInput(key, list, members, ctx);
  const simple = (type: string, build: (l: FhirResource[]) => SummaryItem[], order: Recipe['order'] = newestFirst): Recipe => ({
    units: [...each(ofType(own, type)), ...each(othersOf(own, type))],
    build: (u) => (u[0]?.resourceType === type ? build([...u]) : genericItems(u, ctx, groups)),
    order,
    statements,
  });
  switch (key) {
    case 'problems': {
      const past = ctx.t('csPastProblems');
      return simple(
        'Condition',
        (u) => problemItems(u as Condition[], ctx),
        (items) => groupFirst(items, (i) => i.group !== past),
      );
    }
    case 'medicines': {
      const meds = ofType<MedicationStatement | MedicationRequest>(own, 'MedicationStatement', 'MedicationRequest');
      const requests = [
        ...new Set([
          ...ctx.record.ofType<MedicationRequest>('MedicationRequest'),
          ...meds.filter((m): m is MedicationRequest => m.resourceType === 'MedicationRequest'),
        ]),
      ].filter((r) => !isEnteredInError(r));
      const units = medicineUnits(meds, requests, ctx);
      const index = new Map<FhirResource, MedicineUnit & { i: number }>(units.map((u, i) => [u.main, { ...u, i }]));
      return {
        units: [...units.map((u) => [u.main]), ...each(othersOf(own, 'MedicationStatement', 'MedicationRequest'))],
        build: (u) => {
          const unit = index.get(u[0]);
          if (!unit) return genericItems(u, ctx, groups);
          const item = medicineUnitItem(unit, unit.i, ctx);
          return item ? [item] : [];
        },
        order: (items) => mergeMedicines(items, ctx),
        statements,
      };
    }
    case 'allergies': {
      const allergies = ofType<AllergyIntolerance>(own, 'AllergyIntolerance').filter(
        (a) => !codes(a.verificationStatus).includes('refuted'),
      );
      return {
        units: each(othersOf(own, 'AllergyIntolerance')),
        build: (u) => genericItems(u, ctx, groups),
        order: (items) => items,
        finish: (model) => {
          model.items = [...readable((l) => allergyItems(l, ctx), allergies, unreadable), ...model.items];
        },
        statements,
      };
    }
    case 'results':
    case 'uncategorised':
      return resultsRecipe(own, ctx, statements, groups);
    case 'encounters':
      return simple('Encounter', (u) => encounterItems(u as Encounter[], ctx));
    case 'documents':
      return simple('DocumentReference', (u) => documentItems(u as DocumentReference[], ctx));
    case 'immunisations':
      return simple('Immunization', (u) => immunisationItems(u as Immunization[], ctx));
    case 'procedures':
      return simple('Procedure', (u) => procedureItems(u as Procedure[], ctx));
    case 'consultations':
      return simple('Encounter', (u) => consultationItems(u as Encounter[], ctx));
    case 'referrals':
      return {
        units: each(own),
        build: (u) =>
          ['ReferralRequest', 'ServiceRequest'].includes(u[0]?.resourceType) ? referralItems(u, ctx) : genericItems(u, ctx, groups),
        order: newestFirst,
        statements,
      };
    case 'diary':
      return {
        units: each(own),
        build: (u) =>
          ['ProcedureRequest', 'ServiceRequest'].includes(u[0]?.resourceType) ? diaryItems(u, ctx) : genericItems(u, ctx, groups),
        order: newestFirst,
        statements,
      };
    case 'care-team':
      return { units: [own], build: (u) => careTeamItems(u, ctx), order: (items) => items, statements };
    case 'care-plans':
      return {
        units: [ofType<CarePlan>(own, 'CarePlan')],
        build: (u) => carePlanItems(u as CarePlan[], ctx),
        order: (items) => items,
        statements,
      };
  }
}
