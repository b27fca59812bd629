import type { CodeableConcept, FhirResource } from 'fhir/r4.js';
import {
  formatCodeableConcept,
  formatDate,
  formatDateLong,
  parseFhirDate,
  plainText,
  whenRead,
  type ClinicalRecord,
  type MessageKey,
} from '@joinedcare/core';
import type { SectionKey } from './sections.js';
import { kindText, sourceKey, sourceOfResource, sourceText, type ItemSource } from './source.js';
import { csMsg } from './messages.js';

/** A labelled value shown under an item's title. */
export interface Field {
  label: string;
  value: string;
}

/** One row of a section, ready to render. Every string is display text; nothing is undefined. */
export interface SummaryItem {
  /** `Type/id`, unique within the summary. */
  key: string;
  resourceType: string;
  id: string;
  title: string;
  /** Short status tag ("Active", "Stopped", …), when the section has one. */
  status?: string;
  /** Group heading within the section ("Current", "Past", …). */
  group?: string;
  /** The main date, `dd-Mmm-yyyy`, or Not known. */
  date: string;
  /** Long form of `date` for screen readers. */
  dateLong: string;
  /** What the date is ("Recorded", "Onset", "Taken"…). */
  dateLabel: string;
  /** The item's labelled facts. May be formatted when first read (`fieldsLater`): only items drawn pay for it. */
  fields: Field[];
  /**
   * Labels `fields` is sure to have, readable without formatting them: set on an item whose fields
   * are formatted when first read, so a section's table columns are chosen without formatting every item.
   */
  knownLabels?: readonly string[];
  source: ItemSource;
  /**
   * The organisation with its kind ("Riverside Medical Practice (GP practice)"); "Record held by …"
   * when only the server's `meta.source` names it; else "Source not recorded".
   */
  sourceText: string;
  /** The kind of the source organisation: "GP practice", "NHS trust", …, "setting not known". */
  settingText: string;
  /** Milliseconds since 1970 of the main date (NaN when unknown), for sorting. */
  sortTime: number;
  /** Results: the trend over time, when there are at least two numeric values. */
  trend?: Trend;
  /** Results: every value of this test, newest first. */
  history?: SummaryItem[];
  /** Documents: the attachment URL to pass on with `jc-document-open-request`. */
  attachmentUrl?: string;
  /** Documents: whether an "Open" action is offered. */
  openable?: boolean;
  /** Medicines stopped or completed more than six months ago: shown after "Show past medicines". */
  past?: boolean;
  /** What the rows of `history` are: a test's results, or other records of the same item. */
  historyNoun?: 'results' | 'records';
  /** Items with one merge key are one row (several records of one medicine). @internal */
  mergeKey?: string;
}

export interface TrendPoint {
  /** Epoch ms. */
  t: number;
  v: number;
  /** A censored value (`>90`, `<5`): the true value is beyond `v`, on the comparator's side. */
  comparator?: '<' | '<=' | '>' | '>=';
}

export interface TrendSeries {
  label: string;
  points: TrendPoint[];
}

/** A small chart's data and its text alternative. */
export interface Trend {
  series: TrendSeries[];
  /** e.g. "HbA1c 78 mmol/mol on 12-Mar-2024, up from 64 on 03-Jan-2023". */
  text: string;
}

/** A GP Connect style warning shown as a banner on a section. */
export interface SectionWarning {
  code: string;
  title: string;
  /** The sender's own note (plain text), when given. */
  detail?: string;
}

/**
 * What a record (or the document) states about a whole section, as it states it: "No known drug
 * allergy" (none known), "No information about medications" (not available).
 */
export interface Statement {
  kind: 'none-known' | 'not-available';
  /** The coded term, as coded (or our wording of that exact code). */
  text: string;
  /** When it was recorded (dd-Mmm-yyyy), or Not known. */
  date: string;
  sourceText: string;
  settingText: string;
  source: ItemSource;
}

export interface SectionModel {
  key: SectionKey;
  items: SummaryItem[];
  /** What the record states about the section as a whole (absence statements), each as coded. */
  statements: Statement[];
  /** What to say when there are no items. */
  emptyText: string;
  /** `none`: nothing recorded (or coded as none known); `not-available`: no information at all. */
  emptyKind: 'none' | 'not-available';
  warnings: SectionWarning[];
  /** Results: how many results the items summarise. */
  total?: number;
  /** What the sender said about the section (GP Connect List notes), as plain text. */
  notes?: string[];
}

export interface ModelOptions {
  /** "Now", for "stopped in the last 6 months". */
  now: Date;
  lang?: string | undefined;
  /**
   * The record the resources belong to (a Bundle's, with its `fullUrl`s): every reference resolves
   * through it. Built from the resources handed to the model when omitted.
   */
  record?: ClinicalRecord;
}

/** Options after defaults, passed to every section builder. */
export interface BuildContext {
  now: Date;
  lang: string | undefined;
  record: ClinicalRecord;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /**
   * Memos for one build (a long list formats the same dates and sources thousands of times):
   * formatted dates by input string, and item sources by what decides them (see `sourceKey`).
   */
  memo: { dates: Map<string, { date: string; dateLong: string }>; sources: Map<string, ItemSource> };
}

/** Untrusted text as one clean line (bidi controls and invisible characters removed), or undefined when empty. */
export const str = (v: unknown): string | undefined => plainText(v) || undefined;

export function codes(concept: unknown): string[] {
  if (!concept || typeof concept !== 'object') return [];
  const codings = (concept as CodeableConcept).coding;
  return Array.isArray(codings) ? codings.map((c) => str(c?.code) ?? '').filter(Boolean) : [];
}

/** True for resources marked entered-in-error (by `status` or `verificationStatus`). */
export function isEnteredInError(resource: unknown): boolean {
  if (!resource || typeof resource !== 'object') return false;
  const r = resource as Record<string, unknown>;
  if (r['status'] === 'entered-in-error' || r['docStatus'] === 'entered-in-error') return true;
  return codes(r['verificationStatus']).includes('entered-in-error');
}

export function epochOf(value: unknown): number {
  return parseFhirDate(value)?.date.getTime() ?? Number.NaN;
}

/** Sorts newest first; undated last, in their original order. */
export function newestFirst<T extends { sortTime: number }>(items: T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      const at = Number.isNaN(a.item.sortTime) ? -Infinity : a.item.sortTime;
      const bt = Number.isNaN(b.item.sortTime) ? -Infinity : b.item.sortTime;
      return bt - at || a.i - b.i;
    })
    .map((x) => x.item);
}

export function concept(c: unknown, ctx: BuildContext): string {
  return formatCodeableConcept(c, ctx.lang ? { lang: ctx.lang } : undefined);
}

export function date(value: unknown, ctx: BuildContext): { date: string; dateLong: string } {
  const cached = typeof value === 'string' ? ctx.memo.dates.get(value) : undefined;
  if (cached) return { ...cached };
  const o = ctx.lang ? { lang: ctx.lang } : undefined;
  const out = { date: formatDate(value, o), dateLong: formatDateLong(value, o) };
  if (typeof value === 'string') ctx.memo.dates.set(value, { ...out });
  return out;
}

export function makeContext(options: ModelOptions, record: ClinicalRecord): BuildContext {
  const lang = options.lang;
  // strings without parameters are looked up once per build
  const labels = new Map<MessageKey, string>();
  const t = (key: MessageKey, params?: Record<string, string | number>): string => {
    if (params) return csMsg(key, params, lang);
    let text = labels.get(key);
    if (text === undefined) labels.set(key, (text = csMsg(key, undefined, lang)));
    return text;
  };
  return { now: options.now, lang, record, t, memo: { dates: new Map(), sources: new Map() } };
}

/** Where `resource` came from, resolved through the build's record (core's `originOf`), once per distinct source in a build. */
export function sourceOf(resource: FhirResource, ctx: BuildContext): ItemSource {
  const key = sourceKey(ctx.record, resource);
  if (key === undefined) return sourceOfResource(ctx.record, resource, ctx.lang);
  let source = ctx.memo.sources.get(key);
  if (!source) ctx.memo.sources.set(key, (source = Object.freeze(sourceOfResource(ctx.record, resource, ctx.lang))));
  return source;
}

/** Builds an item with its source, setting and date; section builders add the rest. */
export function baseItem(
  resource: FhirResource,
  ctx: BuildContext,
  init: { title: string; dateValue: unknown; dateLabel: MessageKey; fields?: Field[]; source?: ItemSource },
): SummaryItem {
  const source = init.source ?? sourceOf(resource, ctx);
  const id = str(resource.id) ?? '';
  return {
    key: `${resource.resourceType}/${id}`,
    resourceType: resource.resourceType,
    id,
    title: init.title,
    ...date(init.dateValue, ctx),
    dateLabel: ctx.t(init.dateLabel),
    fields: init.fields ?? [],
    source,
    sourceText: sourceText(source, ctx.lang),
    settingText: settingText(source, ctx),
    sortTime: epochOf(init.dateValue),
  };
}

/**
 * Makes `item.fields` formatted when first read (and settable, for the models that add to them),
 * with `known` the labels they are sure to have (see `SummaryItem.knownLabels`). Issue 19: a long
 * list formats only the items it draws; the guard and the sort keys have seen every record already.
 */
export function fieldsLater(item: SummaryItem, compute: () => Field[], known: readonly string[], ctx: BuildContext): SummaryItem {
  // malformed data that the sort keys survived but the details do not: said in the details, never a broken row
  whenRead(item, 'fields', (): Field[] => {
    try {
      return compute();
    } catch {
      return [{ label: ctx.t('csDetails'), value: ctx.t('csDetailsUnreadable') }];
    }
  });
  item.knownLabels = known;
  return item;
}

/** The kind of an item's source organisation in words (see `SummaryItem.settingText`). */
export function settingText(source: ItemSource, ctx: BuildContext): string {
  return kindText(source, ctx.lang);
}

const SYSTEM_NAMES: Record<string, string> = {
  'http://snomed.info/sct': 'SNOMED CT',
  'http://loinc.org': 'LOINC',
  'http://dmd.nhs.uk': 'dm+d',
  'https://dmd.nhs.uk': 'dm+d',
};

/** What an item is, for "Unnamed problem (SNOMED CT 38341003)". */
export type ItemNoun = 'problem' | 'medicine' | 'allergy' | 'result' | 'vaccination' | 'procedure' | 'record';

const UNNAMED: Record<ItemNoun, MessageKey> = {
  problem: 'csUnnamedProblem',
  medicine: 'csUnnamedMedicine',
  allergy: 'csUnnamedAllergy',
  result: 'csUnnamedResult',
  vaccination: 'csUnnamedVaccination',
  procedure: 'csUnnamedProcedure',
  record: 'csUnnamedRecord',
};

/**
 * An item's title from its concept: the text, else the first coding's display; a concept with a
 * code and no words is "Unnamed problem (SNOMED CT 38341003)", never a bare number; nothing at all
 * is "Unnamed problem (no code recorded)".
 */
export function titleOf(c: unknown, noun: ItemNoun, ctx: BuildContext): string {
  const concept = c && typeof c === 'object' ? (c as CodeableConcept) : undefined;
  const text = str(concept?.text);
  if (text) return text;
  const codings = Array.isArray(concept?.coding) ? concept.coding : [];
  for (const coding of codings) {
    const display = str(coding?.display);
    if (display) return display;
  }
  for (const coding of codings) {
    const code = str(coding?.code);
    if (!code) continue;
    const system = str(coding?.system);
    const name = system ? (SYSTEM_NAMES[system] ?? system) : ctx.t('csCodeNoSystem');
    return ctx.t(UNNAMED[noun], { code: `${name} ${code}` });
  }
  return ctx.t(UNNAMED[noun], { code: ctx.t('csNoCode') });
}

/** A field whose missing value reads "Not recorded". */
export function field(label: MessageKey, value: string | undefined, ctx: BuildContext): Field {
  return { label: ctx.t(label), value: value ?? ctx.t('csNotRecorded') };
}
