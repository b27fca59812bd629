// Investigations (GP Connect and R4 DiagnosticReport): a report's results, its test groups (an
// Observation whose members are the tests) and its specimen, so each result says which report,
// test group and specimen it belongs to. Test groups are headings, not results.
import type { DiagnosticReport, FhirResource, Observation, Specimen } from 'fhir/r4.js';
import { asArray } from '@joinedcare/core';
import { concept, date, str, titleOf, type BuildContext } from './model-shared.js';

/** What a result belongs to, in words. */
export interface ResultContext {
  /** The report: its name, when it was issued, and its status when not final. */
  report?: string;
  /** The test group (e.g. "FBC - Full blood count"). */
  group?: string;
  /** The specimen: its type and when it was collected. */
  specimen?: string;
  /** When the specimen was collected (the result's date when it has none of its own). */
  collected?: string;
  /** When the report was issued. */
  issued?: string;
}

/** The results of a section: every Observation given, and those the given reports (and their test groups) name. */
export interface Investigations {
  results: Observation[];
  about: Map<Observation, ResultContext>;
  /** Reports that name no result (shown as items of their own). */
  emptyReports: DiagnosticReport[];
}

const observationsIn = (refs: unknown, from: unknown, ctx: BuildContext): Observation[] =>
  asArray<unknown>(refs)
    .map((r) => ctx.record.resource<Observation>(r, from, 'Observation'))
    .filter((o): o is Observation => o !== undefined);

/** The members of a test group (R4 `hasMember`; STU3 `related` has-member is read as it by stu3.ts). */
const membersOf = (o: Observation, ctx: BuildContext): Observation[] => observationsIn(o.hasMember, o, ctx);

function specimenText(s: Specimen | undefined, ctx: BuildContext): { text?: string; collected?: string } {
  if (!s) return {};
  const collected = s.collection?.collectedDateTime ?? s.collection?.collectedPeriod?.start;
  const type = s.type ? concept(s.type, ctx) : ctx.t('csSpecimenUnnamed');
  const text = collected ? ctx.t('csSpecimenCollected', { type, date: date(collected, ctx).date }) : type;
  return { text, ...(collected ? { collected } : {}) };
}

const STATUS_WORDS: Record<string, 'csPreliminary' | 'csAmended' | 'csCorrected' | 'csRegistered' | 'csStatusUnknown' | 'csPartial'> = {
  registered: 'csRegistered',
  partial: 'csPartial',
  preliminary: 'csPreliminary',
  amended: 'csAmended',
  corrected: 'csCorrected',
  unknown: 'csStatusUnknown',
};

function reportText(r: DiagnosticReport, ctx: BuildContext): string {
  const name = titleOf(r.code, 'record', ctx);
  const issued = r.issued ? ctx.t('csReportIssued', { name, date: date(r.issued, ctx).date }) : name;
  const status = STATUS_WORDS[r.status ?? ''];
  return status ? `${issued} (${ctx.t(status)})` : issued;
}

/**
 * Expands reports into their results: each report's `result` (a test group's members in its place),
 * and any Observation given directly. A test group (an Observation with members) is not a result:
 * its name goes on each of its members.
 */
export function investigations(resources: readonly FhirResource[], ctx: BuildContext): Investigations {
  const about = new Map<Observation, ResultContext>();
  const results: Observation[] = [];
  const groups = new Set<Observation>();
  const emptyReports: DiagnosticReport[] = [];
  const add = (o: Observation, extra: ResultContext) => {
    if (!results.includes(o)) results.push(o);
    about.set(o, { ...about.get(o), ...extra });
  };
  const addWithMembers = (o: Observation, base: ResultContext, depth = 0) => {
    const members = membersOf(o, ctx);
    if (members.length && depth < 3) {
      groups.add(o);
      const group = titleOf(o.code, 'result', ctx);
      for (const m of members) addWithMembers(m, { ...base, group }, depth + 1);
    } else add(o, base);
  };
  for (const r of resources.filter((x): x is DiagnosticReport => x.resourceType === 'DiagnosticReport')) {
    const specimen = specimenText(ctx.record.resource<Specimen>(asArray(r.specimen)[0], r, 'Specimen'), ctx);
    const base: ResultContext = {
      report: reportText(r, ctx),
      ...(specimen.text ? { specimen: specimen.text } : {}),
      ...(specimen.collected ? { collected: specimen.collected } : {}),
      ...(r.issued ? { issued: r.issued } : {}),
    };
    const named = observationsIn(r.result, r, ctx);
    if (!named.length) emptyReports.push(r);
    for (const o of named) addWithMembers(o, base);
  }
  for (const o of resources.filter((x): x is Observation => x.resourceType === 'Observation')) {
    if (groups.has(o) || about.has(o)) continue;
    const specimen = specimenText(ctx.record.resource<Specimen>(o.specimen, o, 'Specimen'), ctx);
    addWithMembers(o, {
      ...(specimen.text ? { specimen: specimen.text } : {}),
      ...(specimen.collected ? { collected: specimen.collected } : {}),
    });
  }
  // a test group met directly as well as through its report is still a heading
  return { results: results.filter((o) => !groups.has(o)), about, emptyReports };
}

/** A report with no results: its conclusion (or "no results in this record") as its value. */
export function reportValue(r: DiagnosticReport, ctx: BuildContext): string {
  return str(r.conclusion) ?? (r.conclusionCode?.[0] ? concept(r.conclusionCode[0], ctx) : ctx.t('csReportNoResults'));
}
