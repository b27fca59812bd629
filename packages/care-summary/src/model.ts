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
  Observation,
} from 'fhir/r4.js';
import { allergyItems, immunisationItems, isNoKnownAllergy, medicineItems, problemItems } from './model-clinical.js';
import { carePlanItems, careTeamItems, documentItems, encounterItems } from './model-care.js';
import { resultItems } from './model-results.js';
import {
  baseItem,
  codes,
  newestFirst,
  concept,
  isEnteredInError,
  makeContext,
  type BuildContext,
  type ModelOptions,
  type SectionModel,
  type SectionWarning,
  type SummaryItem,
} from './model-shared.js';
import { SECTION_KEYS, SECTION_TYPES, type SectionKey } from './sections.js';
import { buildOrgDirectory } from './source.js';
import { listWarnings } from './warnings.js';

export * from './model-shared.js';
export {
  allergyItems,
  immunisationItems,
  isNoKnownAllergy,
  medicineItems,
  problemItems,
  NO_KNOWN_ALLERGY_CODES,
} from './model-clinical.js';
import './strings.js';
export { carePlanItems, careTeamItems, documentItems, encounterItems } from './model-care.js';
export { observationValue, referenceRange, resultItems, trendOf, TREND_MAX_POINTS } from './model-results.js';

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
function readable<T extends FhirResource>(build: (list: T[]) => SummaryItem[], list: T[], unreadable: { count: number }): SummaryItem[] {
  try {
    return build(list);
  } catch {
    const items: SummaryItem[] = [];
    for (const r of list) {
      try {
        items.push(...build([r]));
      } catch {
        unreadable.count++;
      }
    }
    return newestFirst(items);
  }
}

/**
 * Builds one section's view model from FHIR resources (of any types: the section picks its own,
 * and uses Organization, PractitionerRole, Medication, … to resolve references). Entered-in-error
 * resources are left out everywhere. Never throws on malformed data.
 */
export function buildSection(
  key: SectionKey,
  resources: readonly FhirResource[],
  options: ModelOptions,
  extras: SectionExtras = {},
): SectionModel {
  const list = (resources ?? []).filter((r): r is FhirResource => !!r && typeof r === 'object' && typeof r.resourceType === 'string');
  const ctx = makeContext(list, options, options.directory ?? buildOrgDirectory(list));
  const model: SectionModel = {
    key,
    items: [],
    emptyText: ctx.t(key === 'allergies' ? 'csNoAllergyInfo' : EMPTY_TEXT[key]),
    emptyKind: key === 'allergies' ? 'not-available' : 'none',
    warnings: [...(extras.warnings ?? [])],
  };
  const unreadable = { count: 0 };
  switch (key) {
    case 'problems':
      model.items = readable((l) => problemItems(l, ctx), ofType<Condition>(list, 'Condition'), unreadable);
      break;
    case 'medicines':
      model.items = readable(
        (l) => medicineItems(l, ctx),
        list.filter((r) => (r.resourceType === 'MedicationStatement' || r.resourceType === 'MedicationRequest') && !isEnteredInError(r)),
        unreadable,
      );
      break;
    case 'allergies':
      try {
        allergySection(list, ctx, model);
      } catch {
        model.items = readable((l) => allergyItems(l, ctx), ofType<AllergyIntolerance>(list, 'AllergyIntolerance'), unreadable);
      }
      break;
    case 'results': {
      const obs = ofType<Observation>(list, 'Observation');
      model.items = readable((l) => resultItems(l, ctx), obs, unreadable);
      model.total = obs.filter((o) => o.status !== 'cancelled').length;
      break;
    }
    case 'encounters':
      model.items = readable((l) => encounterItems(l, ctx), ofType<Encounter>(list, 'Encounter'), unreadable);
      break;
    case 'documents':
      model.items = readable((l) => documentItems(l, ctx), ofType<DocumentReference>(list, 'DocumentReference'), unreadable);
      break;
    case 'immunisations':
      model.items = readable((l) => immunisationItems(l, ctx), ofType<Immunization>(list, 'Immunization'), unreadable);
      break;
    case 'care-team':
      model.items = readable(
        (l) => careTeamItems(l, ctx),
        list.filter((r) => !isEnteredInError(r)),
        unreadable,
      );
      break;
    case 'care-plans':
      model.items = readable((l) => carePlanItems(l, ctx), ofType<CarePlan>(list, 'CarePlan'), unreadable);
      break;
  }
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

/** Builds every requested section from one set of resources (handed-in resources or a Bundle). */
export function buildSummary(
  resources: readonly FhirResource[],
  options: ModelOptions & {
    sections?: readonly SectionKey[];
    composition?: Map<SectionKey, { emptyReason?: CodeableConcept; entries: number }>;
  },
): Map<SectionKey, SectionModel> {
  const list = (resources ?? []).filter((r): r is FhirResource => !!r && typeof r === 'object' && typeof r.resourceType === 'string');
  const directory = options.directory ?? buildOrgDirectory(list);
  const warnings = listWarnings(
    list.filter((r): r is List => r.resourceType === 'List'),
    options.lang,
  );
  const out = new Map<SectionKey, SectionModel>();
  for (const key of options.sections ?? SECTION_KEYS) {
    const extras: SectionExtras = {};
    const w = warnings.get(key);
    if (w) extras.warnings = w;
    if (options.composition) extras.composition = options.composition.get(key) ?? 'absent';
    out.set(key, buildSection(key, list, { ...options, directory }, extras));
  }
  return out;
}

/** The resource types a section reads (for documentation and the patient guard). */
export function sectionTypes(key: SectionKey): readonly string[] {
  return SECTION_TYPES[key];
}
