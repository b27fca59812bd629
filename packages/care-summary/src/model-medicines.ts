// Medicines: a statement with the authorisation it is based on (GP Connect: MedicationRequest `plan`)
// and the issues made under it (MedicationRequest `order`, `basedOn` the plan; R4 servers:
// `derivedFrom`), folded into one row; the same medicine recorded several times is one row with
// its history; medicines stopped over six months ago are kept as past medicines.
import type { Annotation, Medication, MedicationRequest, MedicationStatement } from 'fhir/r4.js';
import { asArray, attributionsOf, isPatientReported, isRecord, organisationLabel, plainText } from '@joinedcare/core';
import { baseItem, concept, date, epochOf, field, fieldsLater, newestFirst, sourceOf, str, titleOf } from './model-shared.js';
import type { BuildContext, Field, SummaryItem } from './model-shared.js';
import { GPC_EXT, isExtension } from './gpc-codes.js';
import type { ItemSource } from './source.js';

type Med = MedicationStatement | MedicationRequest;

/** A statement with its authorisation and issues, or a request on its own (with its issues when it is a plan). */
export interface MedicineUnit {
  main: Med;
  plans: MedicationRequest[];
  orders: MedicationRequest[];
}

const SIX_MONTHS_MS = 183 * 86_400_000;

/** The medicine a statement or request is for: its concept, or the Medication it names (any reference form). */
export function medicationConcept(r: Med, ctx: BuildContext): unknown {
  if (r.medicationCodeableConcept) return r.medicationCodeableConcept;
  const med = ctx.record.resource<Medication>(r.medicationReference, r, 'Medication');
  return med?.code;
}

export function medicineName(r: Med, ctx: BuildContext): string {
  const c = medicationConcept(r, ctx);
  if (c) return titleOf(c, 'medicine', ctx);
  const display = str(r.medicationReference?.display);
  if (display) return display;
  // it names a Medication the data does not hold: say so, never "no code recorded"
  if (str(r.medicationReference?.reference)) return ctx.t('csUnnamedMedicine', { code: ctx.t('csMedicationNotReceived') });
  return titleOf(undefined, 'medicine', ctx);
}

/** One key per medicine (its first code, else its words), so that several records of one drug are one row. */
function medicineKey(r: Med, ctx: BuildContext, fallback: string): string {
  const c = medicationConcept(r, ctx) as { coding?: Array<{ system?: unknown; code?: unknown }>; text?: unknown } | undefined;
  const coded = asArray<{ system?: unknown; code?: unknown }>(c?.coding).find((x) => isRecord(x) && str(x.code));
  if (coded) return `code|${str(coded.system) ?? ''}|${str(coded.code) ?? ''}`;
  const words = str(c?.text) ?? str(r.medicationReference?.display);
  if (words) return `text|${words.toLowerCase()}`;
  // several records naming the same Medication that was not received are one medicine
  const ref = c ? undefined : str(r.medicationReference?.reference);
  return ref ? `ref|${ref}` : fallback;
}

const requestsIn = (refs: unknown, from: unknown, ctx: BuildContext): MedicationRequest[] =>
  asArray<unknown>(refs)
    .map((ref) => ctx.record.resource<MedicationRequest>(ref, from, 'MedicationRequest'))
    .filter((r): r is MedicationRequest => r !== undefined);

/**
 * The units of a medicines section: each statement with the plans it is `basedOn` and their issues
 * (every MedicationRequest of the record `basedOn` one of them), plus the requests it is
 * `derivedFrom`; then the requests no statement folds in (a plan with its issues, or a request alone).
 */
export function medicineUnits(meds: readonly Med[], allRequests: readonly MedicationRequest[], ctx: BuildContext): MedicineUnit[] {
  const ordersOf = new Map<MedicationRequest, MedicationRequest[]>();
  for (const req of allRequests) {
    for (const plan of requestsIn(req.basedOn, req, ctx)) {
      if (plan === req) continue;
      const l = ordersOf.get(plan) ?? [];
      l.push(req);
      ordersOf.set(plan, l);
    }
  }
  const folded = new Set<MedicationRequest>();
  const units: MedicineUnit[] = [];
  for (const s of meds.filter((r): r is MedicationStatement => r.resourceType === 'MedicationStatement')) {
    const plans = requestsIn(s.basedOn, s, ctx);
    const orders = [...plans.flatMap((p) => ordersOf.get(p) ?? []), ...requestsIn(s.derivedFrom, s, ctx)];
    for (const r of [...plans, ...orders]) folded.add(r);
    units.push({ main: s, plans, orders: [...new Set(orders)] });
  }
  const requests = meds.filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest' && !folded.has(r));
  const ofPlans = new Set(requests.filter((r) => r.intent === 'plan').flatMap((p) => ordersOf.get(p) ?? []));
  for (const r of requests) {
    if (ofPlans.has(r) || r.intent === 'proposal') continue;
    units.push({ main: r, plans: [], orders: r.intent === 'plan' ? (ordersOf.get(r) ?? []) : [] });
  }
  return units;
}

const newest = (list: readonly MedicationRequest[]): MedicationRequest | undefined =>
  [...list].sort((a, b) => (epochOf(b.authoredOn) || 0) - (epochOf(a.authoredOn) || 0))[0];

function extensionOf(r: unknown, url: string | readonly string[]): Record<string, unknown> | undefined {
  const ext = asArray<unknown>(isRecord(r) ? r['extension'] : undefined).find((e) => isExtension(e, url));
  return isRecord(ext) ? ext : undefined;
}

function subExtension(ext: Record<string, unknown> | undefined, ...names: string[]): Record<string, unknown> | undefined {
  const sub = asArray<unknown>(ext?.['extension']).find((e) => isRecord(e) && names.includes(String(e['url'])));
  return isRecord(sub) ? sub : undefined;
}

/** Who prescribed: only a request's requester or recorder (its organisation, else the person), never where the record was held. */
function prescriber(requests: readonly MedicationRequest[], ctx: BuildContext): string | undefined {
  for (const req of requests) {
    const named = attributionsOf(ctx.record, req, ctx.lang).filter((a) => /^(requester|recorder)/.test(a.field));
    const org = named.find((a) => a.organisation)?.organisation;
    if (org) return organisationLabel(org, ctx.lang);
    const person = named.find((a) => a.name)?.name;
    if (person) return person;
  }
  return undefined;
}

const noteText = (notes: unknown): string =>
  asArray<Annotation>(notes)
    .map((n) => (isRecord(n) ? plainText(n.text) : ''))
    .filter(Boolean)
    .join(' ');

type MedState = 'current' | 'recent' | 'old';

interface UnitState {
  state: MedState;
  statusText: string;
  start?: string | undefined;
  /** When it stopped or ended, only as the record says it (an end date, GP Connect's status reason date): never a recorded or issue date. */
  end?: string | undefined;
}

/** The date a GP Connect authorisation says it was stopped (`statusReason.date`). */
const statusReasonDate = (plan: MedicationRequest | undefined): string | undefined => {
  const v = subExtension(extensionOf(plan, GPC_EXT.statusReason), 'date', 'statusChangeDate')?.['valueDateTime'];
  return typeof v === 'string' ? v : undefined;
};

/**
 * Whether a medicine is current, stopped in the last six months or past, and its status wording.
 * Stopped with no end date: the date it was recorded (or issued) is only the latest it can have
 * stopped, so it decides the group (a recent record stays in view) but is never shown as the stop date.
 */
function unitState(unit: MedicineUnit, ctx: BuildContext): UnitState | undefined {
  const r = unit.main;
  const now = ctx.now.getTime();
  const stopped = (latest: string | undefined): MedState => {
    const t = epochOf(latest);
    return Number.isNaN(t) || now - t > SIX_MONTHS_MS ? 'old' : 'recent';
  };
  const plan = unit.plans[0] ?? (r.resourceType === 'MedicationRequest' ? r : undefined);
  const reasonDate = statusReasonDate(plan);
  if (r.resourceType === 'MedicationStatement') {
    const start = r.effectivePeriod?.start ?? r.effectiveDateTime;
    const end = r.effectivePeriod?.end;
    switch (r.status) {
      case 'active':
      case 'intended':
      case 'on-hold':
        return {
          state: end && epochOf(end) < now ? stopped(end) : 'current',
          statusText: r.status === 'on-hold' ? ctx.t('csOnHold') : ctx.t('csActive'),
          start,
          end,
        };
      case 'stopped':
      case 'completed': {
        const stop = end ?? reasonDate;
        return {
          state: stopped(stop ?? r.effectiveDateTime ?? r.dateAsserted),
          statusText: r.status === 'stopped' ? ctx.t('csStoppedStatus') : ctx.t('csCompleted'),
          start,
          end: stop,
        };
      }
      case 'not-taken':
        return undefined;
      default:
        // "unknown" (or missing): shown as current, so it is seen rather than silently dropped
        return { state: 'current', statusText: ctx.t('csStatusUnknown'), start, end };
    }
  }
  const start = r.dispenseRequest?.validityPeriod?.start ?? r.authoredOn;
  const end = r.dispenseRequest?.validityPeriod?.end;
  if (r.status === 'active' || r.status === 'on-hold' || r.status === 'draft') {
    return { state: 'current', statusText: r.status === 'on-hold' ? ctx.t('csOnHold') : ctx.t('csActive'), start, end };
  }
  if (r.status === 'stopped' || r.status === 'completed' || r.status === 'cancelled') {
    const stop = reasonDate ?? end;
    return {
      state: stopped(stop ?? newest(unit.orders)?.authoredOn ?? r.authoredOn),
      statusText: r.status === 'completed' ? ctx.t('csCompleted') : ctx.t('csStoppedStatus'),
      start,
      end: stop,
    };
  }
  return { state: 'current', statusText: ctx.t('csStatusUnknown'), start, end };
}

/** The number of issues: "2 of 5 allowed", "2" (GP Connect repeat information on the plan), else the issues held. */
function issuesText(unit: MedicineUnit, ctx: BuildContext): string | undefined {
  const info = extensionOf(
    unit.plans[0] ?? (unit.main.resourceType === 'MedicationRequest' ? unit.main : undefined),
    GPC_EXT.repeatInformation,
  );
  const num = (names: string[]) => {
    const sub = subExtension(info, ...names);
    const v = sub?.['valueUnsignedInt'] ?? sub?.['valuePositiveInt'] ?? sub?.['valueInteger'];
    return typeof v === 'number' ? v : undefined;
  };
  const issued = num(['numberOfRepeatPrescriptionsIssued']);
  const allowed = num(['numberOfRepeatPrescriptionsAllowed']);
  if (issued !== undefined) return allowed !== undefined ? ctx.t('csIssuesOf', { issued, allowed }) : String(issued);
  return unit.orders.length ? String(unit.orders.length) : undefined;
}

function conceptText(c: unknown, ctx: BuildContext): string | undefined {
  return isRecord(c) ? concept(c, ctx) : undefined;
}

/** The fields of one unit (see the medicines table in docs/care-summary.md). */
function unitFields(unit: MedicineUnit, st: UnitState, ctx: BuildContext): Field[] {
  const r = unit.main;
  const plan = unit.plans[0] ?? (r.resourceType === 'MedicationRequest' ? r : undefined);
  const dosage = str(r.resourceType === 'MedicationStatement' ? r.dosage?.[0]?.text : r.dosageInstruction?.[0]?.text);
  const lastIssue = extensionOf(r, GPC_EXT.lastIssueDate)?.['valueDateTime'] ?? newest(unit.orders)?.authoredOn;
  const stopReason = subExtension(extensionOf(plan, GPC_EXT.statusReason), 'statusReason', 'reason');
  const reasons = asArray<unknown>((r as { statusReason?: unknown }).statusReason);
  const reason = conceptText(stopReason?.['valueCodeableConcept'], ctx) ?? str(stopReason?.['valueString']) ?? conceptText(reasons[0], ctx);
  const type = conceptText(extensionOf(plan, GPC_EXT.prescriptionType)?.['valueCodeableConcept'], ctx);
  const agency = conceptText(extensionOf(r, GPC_EXT.prescribingAgency)?.['valueCodeableConcept'], ctx);
  const requests = [...unit.plans, ...(r.resourceType === 'MedicationRequest' ? [r] : []), ...[...unit.orders].reverse()];
  const reported = r.resourceType === 'MedicationStatement' && isPatientReported(ctx.record, r);
  const notes = noteText(r.note);
  const issues = issuesText(unit, ctx);
  return [
    field('csDose', dosage, ctx),
    field('csStarted', st.start ? date(st.start, ctx).date : undefined, ctx),
    ...(st.state !== 'current' ? [field('csStopped', st.end ? date(st.end, ctx).date : undefined, ctx)] : []),
    ...(st.state !== 'current' && reason ? [field('csReason', reason, ctx)] : []),
    field('csLastIssued', typeof lastIssue === 'string' ? date(lastIssue, ctx).date : undefined, ctx),
    ...(issues ? [field('csIssues', issues, ctx)] : []),
    ...(type ? [field('csPrescriptionType', type, ctx)] : []),
    // only a requester or recorder names the prescriber: the record's source or setting never does
    field('csPrescribedBy', prescriber(requests, ctx), ctx),
    ...(agency ? [field('csPrescribingAgency', agency, ctx)] : []),
    ...(reported ? [field('csReportedBy', ctx.t('csPatientReported'), ctx)] : []),
    ...(notes ? [field('csNotes', notes, ctx)] : []),
  ];
}

/** Where a medicine came from: its own clinical fields, else (for a statement that names no one) its latest issue's prescriber. */
function unitSource(unit: MedicineUnit, ctx: BuildContext): ItemSource {
  const own = sourceOf(unit.main, ctx);
  if (own.basis !== undefined && own.basis !== 'server') return own;
  for (const req of [newest(unit.orders), ...unit.plans]) {
    const s = req ? sourceOf(req, ctx) : undefined;
    if (s?.basis === 'clinical' || s?.basis === 'provenance') return s;
  }
  return own;
}

/** One unit's row (undefined for a medicine not taken). Its `mergeKey` names the medicine, for `mergeMedicines`. */
export function medicineUnitItem(unit: MedicineUnit, index: number, ctx: BuildContext): SummaryItem | undefined {
  const st = unitState(unit, ctx);
  if (!st) return undefined;
  const r = unit.main;
  const item = baseItem(r, ctx, {
    title: medicineName(r, ctx),
    dateValue: r.resourceType === 'MedicationStatement' ? (r.dateAsserted ?? st.start) : r.authoredOn,
    dateLabel: 'csRecorded',
    source: unitSource(unit, ctx),
  });
  // formatted when drawn; the labels every unit has are known now (the table's columns are among them)
  const always = [
    ctx.t('csDose'),
    ctx.t('csStarted'),
    ...(st.state !== 'current' ? [ctx.t('csStopped')] : []),
    ctx.t('csLastIssued'),
    ctx.t('csPrescribedBy'),
  ];
  fieldsLater(item, () => unitFields(unit, st, ctx), always, ctx);
  item.status = st.statusText;
  // stopped with no stop date: recorded as stopped in the last six months, but when it stopped is not known
  const recent = st.end ? ctx.t('csRecentlyStopped') : ctx.t('csStoppedNoDate');
  item.group = st.state === 'current' ? ctx.t('csCurrentMedicines') : st.state === 'recent' ? recent : ctx.t('csPastMedicines');
  if (st.state === 'old') item.past = true;
  item.mergeKey = medicineKey(r, ctx, `unit|${index}|${item.key}`);
  return item;
}

/**
 * The rows of one medicine (one `mergeKey`: the same code, or the same words) are one row, shown as
 * its most current record (current before recently stopped before past, then newest), with every
 * record of it in `history`. Then current medicines, recently stopped, past; newest first in each.
 */
export function mergeMedicines(items: readonly SummaryItem[], ctx: BuildContext): SummaryItem[] {
  const recent = new Set([ctx.t('csRecentlyStopped'), ctx.t('csStoppedNoDate')]);
  const groupRank = (i: SummaryItem) => (i.group === ctx.t('csCurrentMedicines') ? 0 : recent.has(i.group ?? '') ? 1 : 2);
  const groups = new Map<string, SummaryItem[]>();
  for (const item of items) {
    const key = item.mergeKey ?? item.key;
    const l = groups.get(key) ?? [];
    l.push(item);
    groups.set(key, l);
  }
  const out: SummaryItem[] = [];
  for (const list of groups.values()) {
    const sorted = newestFirst(list).sort((a, b) => groupRank(a) - groupRank(b));
    const main = sorted[0];
    if (sorted.length === 1) {
      out.push(main);
      continue;
    }
    const history = newestFirst(
      sorted.map((h) => ({
        ...h,
        fields: [{ label: ctx.t('csDetails'), value: [h.status, h.fields[0]?.value].filter(Boolean).join(' · ') }],
      })),
    );
    out.push({
      ...main,
      fields: [...main.fields, { label: ctx.t('csRecords'), value: String(sorted.length) }],
      history,
      historyNoun: 'records',
    });
  }
  return newestFirst(out).sort((a, b) => groupRank(a) - groupRank(b));
}

/** Ids of the MedicationRequests that statements fold in (their plans, the issues of those plans, the requests they are derived from). */
export function foldedRequestIds(statements: readonly MedicationStatement[], ctx: BuildContext): Set<string> {
  const requests = ctx.record.ofType<MedicationRequest>('MedicationRequest');
  const folded = new Set<string>();
  for (const unit of medicineUnits(statements, requests, ctx)) {
    for (const r of [...unit.plans, ...unit.orders]) if (typeof r.id === 'string') folded.add(r.id);
  }
  return folded;
}
