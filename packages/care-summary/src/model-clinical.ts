import type { AllergyIntolerance, Condition, Immunization, Medication, MedicationRequest, MedicationStatement } from 'fhir/r4.js';
import { ClinicalRecord, asArray, isRecord } from '@joinedcare/core';
import { baseItem, codes, concept, date, epochOf, field, newestFirst, sourceOf, str } from './model-shared.js';
import type { BuildContext, SummaryItem } from './model-shared.js';
import { recordedBy, type ItemSource } from './source.js';

const INACTIVE_CONDITION = new Set(['inactive', 'remission', 'resolved']);

/** Problems: active first, then past; each with onset and recorded dates. */
export function problemItems(conditions: readonly Condition[], ctx: BuildContext): SummaryItem[] {
  const active: SummaryItem[] = [];
  const past: SummaryItem[] = [];
  for (const c of conditions) {
    const clinical = codes(c.clinicalStatus)[0];
    const isPast = clinical !== undefined && INACTIVE_CONDITION.has(clinical);
    const onset = c.onsetDateTime ?? c.onsetPeriod?.start ?? c.onsetString;
    const onsetText = c.onsetString && !c.onsetDateTime && !c.onsetPeriod ? c.onsetString : onset ? date(onset, ctx).date : undefined;
    const item = baseItem(c, ctx, {
      title: concept(c.code, ctx),
      dateValue: onset ?? c.recordedDate,
      dateLabel: onset ? 'csOnset' : 'csRecorded',
      fields: [field('csOnset', onsetText, ctx), ...(c.recordedDate ? [field('csRecorded', date(c.recordedDate, ctx).date, ctx)] : [])],
    });
    item.status = isPast ? ctx.t('csPast') : ctx.t('csActive');
    item.group = isPast ? ctx.t('csPastProblems') : ctx.t('csActiveProblems');
    if (codes(c.verificationStatus).some((v) => v === 'provisional' || v === 'unconfirmed')) {
      item.fields.push(field('csVerification', ctx.t('csUnconfirmed'), ctx));
    }
    (isPast ? past : active).push(item);
  }
  return [...newestFirst(active), ...newestFirst(past)];
}

const LAST_ISSUE_EXTENSION = /MedicationStatementLastIssueDate$/;
const SIX_MONTHS_MS = 183 * 86_400_000;

function medicineName(r: MedicationStatement | MedicationRequest, ctx: BuildContext): string {
  if (r.medicationCodeableConcept) return concept(r.medicationCodeableConcept, ctx);
  const ref = r.medicationReference;
  // relative, contained (`#med`), `urn:uuid:` through the Bundle, …: the record resolves every form
  const med = ctx.record.resource<Medication>(ref, r, 'Medication');
  if (med?.code) return concept(med.code, ctx);
  return str(ref?.display) ?? ctx.t('notKnown');
}

/** The newest of the MedicationRequests a statement was derived from (its issues), resolved through the record. */
function latestIssue(ms: MedicationStatement, ctx: BuildContext): MedicationRequest | undefined {
  let best: MedicationRequest | undefined;
  for (const ref of asArray<unknown>(ms.derivedFrom)) {
    const req = ctx.record.resource<MedicationRequest>(ref, ms, 'MedicationRequest');
    if (req && (best === undefined || epochOf(req.authoredOn) > epochOf(best.authoredOn) || Number.isNaN(epochOf(best.authoredOn))))
      best = req;
  }
  return best;
}

function lastIssued(ms: MedicationStatement, ctx: BuildContext): string | undefined {
  const ext = ms.extension?.find((e) => typeof e?.url === 'string' && LAST_ISSUE_EXTENSION.test(e.url));
  return ext?.valueDateTime ?? latestIssue(ms, ctx)?.authoredOn;
}

/**
 * Where a medicine came from: its own clinical fields, else (for a statement that names no one) the
 * prescriber of its latest issue, else where the server held it.
 */
function medicineSource(r: MedicationStatement | MedicationRequest, ctx: BuildContext): ItemSource {
  const own = sourceOf(r, ctx);
  if (r.resourceType !== 'MedicationStatement' || (own.basis !== undefined && own.basis !== 'server')) return own;
  const issue = latestIssue(r, ctx);
  const prescriber = issue ? sourceOf(issue, ctx) : undefined;
  return prescriber?.basis === 'clinical' || prescriber?.basis === 'provenance' ? prescriber : own;
}

type MedState = 'current' | 'recent' | 'old';

function medicineItem(
  r: MedicationStatement | MedicationRequest,
  ctx: BuildContext,
  opts: { state: MedState; start?: string | undefined; end?: string | undefined; issued?: string | undefined; statusText: string },
): SummaryItem {
  const recorded = r.resourceType === 'MedicationStatement' ? (r.dateAsserted ?? opts.start) : r.authoredOn;
  const dosage = str(r.resourceType === 'MedicationStatement' ? r.dosage?.[0]?.text : r.dosageInstruction?.[0]?.text);
  const source = medicineSource(r, ctx);
  const item = baseItem(r, ctx, {
    title: medicineName(r, ctx),
    dateValue: recorded,
    dateLabel: 'csRecorded',
    source,
    fields: [
      field('csDose', dosage, ctx),
      field('csStarted', opts.start ? date(opts.start, ctx).date : undefined, ctx),
      ...(opts.state === 'recent' ? [field('csStopped', opts.end ? date(opts.end, ctx).date : undefined, ctx)] : []),
      field('csLastIssued', opts.issued ? date(opts.issued, ctx).date : undefined, ctx),
      // only a clinical field names the prescriber: where the server held the record is not who prescribed
      field('csPrescribedBy', recordedBy(source, ctx.lang), ctx),
    ],
  });
  const reasons: unknown[] = Array.isArray(r.statusReason) ? r.statusReason : r.statusReason ? [r.statusReason] : [];
  const reason = reasons.length ? concept(reasons[0], ctx) : undefined;
  if (opts.state === 'recent' && reason) item.fields.push(field('csReason', reason, ctx));
  item.status = opts.statusText;
  item.group = opts.state === 'current' ? ctx.t('csCurrentMedicines') : ctx.t('csRecentlyStopped');
  return item;
}

/**
 * One medicine's item and whether it is current or recently stopped; undefined when it is left out
 * (stopped over 6 months ago, not taken, a plan or proposal). Does not check whether a
 * MedicationRequest is folded into a statement (see `foldedRequestIds`).
 */
export function medicineItemOf(
  r: MedicationStatement | MedicationRequest,
  ctx: BuildContext,
): { state: 'current' | 'recent'; item: SummaryItem } | undefined {
  const now = ctx.now.getTime();
  const stoppedState = (end: string | undefined): MedState => {
    const t = epochOf(end);
    return !Number.isNaN(t) && now - t <= SIX_MONTHS_MS ? 'recent' : 'old';
  };
  let state: MedState;
  let statusText: string;
  if (r.resourceType === 'MedicationStatement') {
    const s = r;
    const start = s.effectivePeriod?.start ?? s.effectiveDateTime;
    const end = s.effectivePeriod?.end;
    switch (s.status) {
      case 'active':
      case 'intended':
      case 'on-hold':
        state = end && epochOf(end) < now ? stoppedState(end) : 'current';
        statusText = s.status === 'on-hold' ? ctx.t('csOnHold') : ctx.t('csActive');
        break;
      case 'stopped':
      case 'completed':
        state = stoppedState(end ?? s.dateAsserted);
        statusText = s.status === 'stopped' ? ctx.t('csStoppedStatus') : ctx.t('csCompleted');
        break;
      case 'not-taken':
        return undefined;
      default:
        // "unknown" (or missing): shown as current, so it is seen rather than silently dropped
        state = 'current';
        statusText = ctx.t('csStatusUnknown');
    }
    if (state === 'old') return undefined;
    const issued = lastIssued(s, ctx);
    return { state, item: medicineItem(s, ctx, { state, start, end: end ?? s.dateAsserted, issued, statusText }) };
  }
  if (r.intent === 'plan' || r.intent === 'proposal') return undefined;
  const start = r.dispenseRequest?.validityPeriod?.start ?? r.authoredOn;
  const end = r.dispenseRequest?.validityPeriod?.end;
  if (r.status === 'active' || r.status === 'on-hold' || r.status === 'draft') {
    state = 'current';
    statusText = r.status === 'on-hold' ? ctx.t('csOnHold') : ctx.t('csActive');
  } else if (r.status === 'stopped' || r.status === 'completed' || r.status === 'cancelled') {
    state = stoppedState(end ?? r.authoredOn);
    statusText = r.status === 'completed' ? ctx.t('csCompleted') : ctx.t('csStoppedStatus');
  } else {
    state = 'current';
    statusText = ctx.t('csStatusUnknown');
  }
  if (state === 'old') return undefined;
  return { state, item: medicineItem(r, ctx, { state, start, end: end ?? r.authoredOn, issued: r.authoredOn, statusText }) };
}

/**
 * Ids of the MedicationRequests that MedicationStatements were derived from (their issues), resolved
 * through `record` (by default a record of the statements alone: relative references by their id).
 */
export function foldedRequestIds(statements: readonly MedicationStatement[], record = new ClinicalRecord(statements)): Set<string> {
  const folded = new Set<string>();
  for (const s of statements) {
    // untrusted data: a non-array `derivedFrom` or a non-object entry folds nothing
    for (const ref of asArray<unknown>(s.derivedFrom)) {
      if (!isRecord(ref)) continue;
      const r = record.resolve(ref, s);
      const id =
        r.kind === 'resource'
          ? r.resource.resourceType === 'MedicationRequest'
            ? r.resource.id
            : undefined
          : r.kind === 'unresolvable' && r.type === 'MedicationRequest'
            ? r.id
            : undefined;
      if (typeof id === 'string') folded.add(id);
    }
  }
  return folded;
}

/** SNOMED CT codes that state the absence of allergies. */
export const NO_KNOWN_ALLERGY_CODES = new Set([
  '716186003', // No known allergy
  '409137002', // No known drug allergy
  '429625007', // No known food allergy
  '428607008', // No known environmental allergy
  '428197003', // No known insect allergy
  '1003774007', // No known Hevea brasiliensis latex allergy
]);

export function isNoKnownAllergy(a: AllergyIntolerance): boolean {
  return codes(a.code).some((c) => NO_KNOWN_ALLERGY_CODES.has(c));
}

const CRITICALITY: Record<string, 'csCriticalityHigh' | 'csCriticalityLow' | 'csCriticalityUnable'> = {
  high: 'csCriticalityHigh',
  low: 'csCriticalityLow',
  'unable-to-assess': 'csCriticalityUnable',
};
const SEVERITY: Record<string, 'csSeverityMild' | 'csSeverityModerate' | 'csSeveritySevere'> = {
  mild: 'csSeverityMild',
  moderate: 'csSeverityModerate',
  severe: 'csSeveritySevere',
};

/** Allergies and adverse reactions (the "no known allergy" statements are handled separately). */
export function allergyItems(allergies: readonly AllergyIntolerance[], ctx: BuildContext): SummaryItem[] {
  const items = allergies.map((a) => {
    const reactions = (a.reaction ?? []).flatMap((r) => (r?.manifestation ?? []).map((m) => concept(m, ctx)));
    const severities = (a.reaction ?? []).map((r) => (r?.severity ? SEVERITY[r.severity] : undefined)).filter((k) => k !== undefined);
    const crit = a.criticality ? CRITICALITY[a.criticality] : undefined;
    const item = baseItem(a, ctx, {
      title: concept(a.code, ctx),
      dateValue: a.recordedDate ?? a.onsetDateTime,
      dateLabel: 'csRecorded',
      fields: [
        field('csReaction', reactions.length ? [...new Set(reactions)].join(', ') : undefined, ctx),
        field('csSeverity', severities.length ? ctx.t(severities[0]) : undefined, ctx),
        field('csCriticality', crit ? ctx.t(crit) : undefined, ctx),
      ],
    });
    const verification = codes(a.verificationStatus)[0];
    const clinical = codes(a.clinicalStatus)[0];
    if (clinical === 'inactive' || clinical === 'resolved') item.status = ctx.t('csResolved');
    else if (verification === 'unconfirmed' || verification === 'presumed') item.status = ctx.t('csUnconfirmed');
    else if (verification === 'refuted') item.status = ctx.t('csRefuted');
    else item.status = ctx.t('csActive');
    if (a.criticality === 'high') item.group = ctx.t('csHighCriticality');
    return item;
  });
  // high criticality first, then newest first
  const sorted = newestFirst(items);
  return [...sorted.filter((i) => i.group), ...sorted.filter((i) => !i.group)];
}

/** Immunisations, newest first. */
export function immunisationItems(immunisations: readonly Immunization[], ctx: BuildContext): SummaryItem[] {
  return newestFirst(
    immunisations.map((imm) => {
      const dose = imm.protocolApplied?.[0]?.doseNumberPositiveInt ?? imm.protocolApplied?.[0]?.doseNumberString;
      const target = (imm.protocolApplied ?? []).flatMap((p) => (p?.targetDisease ?? []).map((d) => concept(d, ctx)));
      const item = baseItem(imm, ctx, {
        title: concept(imm.vaccineCode, ctx),
        dateValue: imm.occurrenceDateTime ?? imm.recorded,
        dateLabel: 'csGiven',
        fields: [
          ...(imm.occurrenceString && !imm.occurrenceDateTime ? [field('csWhen', str(imm.occurrenceString), ctx)] : []),
          ...(target.length ? [field('csAgainst', target.join(', '), ctx)] : []),
          ...(dose !== undefined ? [field('csDoseNumber', String(dose), ctx)] : []),
          ...(imm.primarySource === false
            ? [field('csReportedBy', str(imm.reportOrigin?.text) ?? (imm.reportOrigin ? concept(imm.reportOrigin, ctx) : undefined), ctx)]
            : []),
        ],
      });
      item.status = imm.status === 'not-done' ? ctx.t('csNotGiven') : ctx.t('csGivenStatus');
      return item;
    }),
  );
}
