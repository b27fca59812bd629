import type { AllergyIntolerance, Annotation, Condition, FhirResource, Immunization } from 'fhir/r4.js';
import { asArray, isRecord, plainText } from '@joinedcare/core';
import { baseItem, codes, concept, date, field, newestFirst, titleOf } from './model-shared.js';
import type { BuildContext, Field, SummaryItem } from './model-shared.js';
import { GPC_EXT, isExtension } from './gpc-codes.js';
import { resourceLabel } from './model-links.js';

const INACTIVE_CONDITION = new Set(['inactive', 'remission', 'resolved']);

const extensions = (r: unknown, url: string): Record<string, unknown>[] =>
  asArray<unknown>(isRecord(r) ? r['extension'] : undefined).filter((e): e is Record<string, unknown> => isExtension(e, url));

const notesOf = (notes: unknown): string =>
  asArray<Annotation>(notes)
    .map((n) => (isRecord(n) ? plainText(n.text) : ''))
    .filter(Boolean)
    .join(' ');

/** GP Connect problem significance (`major` | `minor`), in any of the shapes the examples write it. */
function significance(c: Condition, ctx: BuildContext): string | undefined {
  const ext = extensions(c, GPC_EXT.problemSignificance)[0];
  if (!ext) return undefined;
  const v = ext['valueCode'] ?? ext['valueCodeableConcept'];
  const code = typeof v === 'string' ? v : Array.isArray(v) ? (v[0] as { code?: unknown })?.code : codes(v)[0];
  if (code === 'major') return ctx.t('csMajor');
  if (code === 'minor') return ctx.t('csMinor');
  return typeof code === 'string' && code ? code : undefined;
}

/** The items a GP Connect problem links to (its actual problem and related clinical content), in words; those not in the record counted. */
function linkedItems(c: Condition, ctx: BuildContext): string | undefined {
  const labels: string[] = [];
  let missing = 0;
  for (const ext of [...extensions(c, GPC_EXT.actualProblem), ...extensions(c, GPC_EXT.relatedClinicalContent)]) {
    const ref = ext['valueReference'];
    const target = ctx.record.resource<FhirResource>(ref, c);
    const said = isRecord(ref) && ref['reference'] === undefined ? plainText(ref['display']) : '';
    if (target) labels.push(resourceLabel(target, ctx));
    else if (said) labels.push(said);
    else missing++;
  }
  const unique = [...new Set(labels)];
  if (missing) unique.push(ctx.t('csNotInRecord', { count: missing }));
  return unique.length ? unique.join('; ') : undefined;
}

/** The problems a GP Connect problem is related to ("Parent: Postviral cough"). */
function relatedProblems(c: Condition, ctx: BuildContext): string | undefined {
  const out: string[] = [];
  for (const ext of extensions(c, GPC_EXT.relatedProblemHeader)) {
    const parts = asArray<Record<string, unknown>>(ext['extension']).filter(isRecord);
    const type = plainText(parts.find((p) => p['url'] === 'type')?.['valueCode']).toLowerCase();
    const target = ctx.record.resource<FhirResource>(parts.find((p) => p['url'] === 'target')?.['valueReference'], c);
    if (!target) continue;
    const name = resourceLabel(target, ctx);
    out.push(
      type === 'parent' ? ctx.t('csParentOf', { name }) : type === 'child' ? ctx.t('csChildOf', { name }) : ctx.t('csRelatedTo', { name }),
    );
  }
  return out.length ? out.join('; ') : undefined;
}

/** Problems: active first, then past; the onset (or recorded) date once; GP Connect significance, links and related problems. */
export function problemItems(conditions: readonly Condition[], ctx: BuildContext): SummaryItem[] {
  const active: SummaryItem[] = [];
  const past: SummaryItem[] = [];
  for (const c of conditions) {
    const clinical = codes(c.clinicalStatus)[0];
    const isPast = clinical !== undefined && INACTIVE_CONDITION.has(clinical);
    const onset = c.onsetDateTime ?? c.onsetPeriod?.start;
    const onsetWords = !onset ? plainText(c.onsetString) || undefined : undefined;
    const fields: Field[] = [];
    // the onset is the item's date when it is a date; a date is never printed twice
    if (!onset) fields.push(field('csOnset', onsetWords, ctx));
    else if (c.recordedDate) fields.push(field('csRecorded', date(c.recordedDate, ctx).date, ctx));
    const ended = c.abatementDateTime ?? c.abatementPeriod?.start;
    if (ended || c.abatementString) fields.push(field('csEnded', ended ? date(ended, ctx).date : plainText(c.abatementString), ctx));
    const sig = significance(c, ctx);
    if (sig) fields.push(field('csSignificance', sig, ctx));
    const related = relatedProblems(c, ctx);
    if (related) fields.push(field('csRelatedProblems', related, ctx));
    const linked = linkedItems(c, ctx);
    if (linked) fields.push(field('csLinkedItems', linked, ctx));
    const notes = notesOf(c.note);
    if (notes) fields.push(field('csNotes', notes, ctx));
    if (codes(c.verificationStatus).some((v) => v === 'provisional' || v === 'unconfirmed')) {
      fields.push(field('csVerification', ctx.t('csUnconfirmed'), ctx));
    }
    const item = baseItem(c, ctx, {
      title: titleOf(c.code, 'problem', ctx),
      dateValue: onset ?? c.recordedDate,
      dateLabel: onset ? 'csOnset' : 'csRecorded',
      fields,
    });
    item.status = isPast ? ctx.t('csPast') : ctx.t('csActive');
    item.group = isPast ? ctx.t('csPastProblems') : ctx.t('csActiveProblems');
    (isPast ? past : active).push(item);
  }
  return [...newestFirst(active), ...newestFirst(past)];
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
/** HL7 null flavours a GP Connect reaction manifestation uses when there is no reaction to name. */
const NULL_FLAVOURS = new Set(['NI', 'UNC', 'ASKU', 'UNK', 'NA']);

/** When and why a GP Connect allergy was ended (`allergyEnd`: endDate, and endReason or reasonEnded as written). */
function allergyEnd(a: AllergyIntolerance, ctx: BuildContext): string | undefined {
  const ext = extensions(a, GPC_EXT.allergyEnd)[0];
  if (!ext) return undefined;
  const parts = asArray<Record<string, unknown>>(ext['extension']).filter(isRecord);
  const end = parts.find((p) => p['url'] === 'endDate')?.['valueDateTime'];
  const reason = plainText(parts.find((p) => p['url'] === 'endReason' || p['url'] === 'reasonEnded')?.['valueString']);
  const when = typeof end === 'string' ? date(end, ctx).date : undefined;
  return [when, reason].filter(Boolean).join(': ') || undefined;
}

/** Allergies and adverse reactions (absence statements are read separately), high criticality first, ended allergies last. */
export function allergyItems(allergies: readonly AllergyIntolerance[], ctx: BuildContext): SummaryItem[] {
  const items = allergies.map((a) => {
    const reactions = (a.reaction ?? []).flatMap((r) => [
      ...(r?.manifestation ?? []).filter((m) => !codes(m).some((c) => NULL_FLAVOURS.has(c))).map((m) => concept(m, ctx)),
      ...(plainText(r?.description) ? [plainText(r.description)] : []),
    ]);
    const severities = (a.reaction ?? []).map((r) => (r?.severity ? SEVERITY[r.severity] : undefined)).filter((k) => k !== undefined);
    const crit = a.criticality ? CRITICALITY[a.criticality] : undefined;
    const clinical = codes(a.clinicalStatus)[0];
    const ended = clinical === 'inactive' || clinical === 'resolved';
    const end = allergyEnd(a, ctx);
    const notes = notesOf(a.note);
    const item = baseItem(a, ctx, {
      title: titleOf(a.code, 'allergy', ctx),
      dateValue: a.recordedDate ?? a.onsetDateTime,
      dateLabel: 'csRecorded',
      fields: [
        ...(a.onsetDateTime && a.recordedDate ? [field('csOnset', date(a.onsetDateTime, ctx).date, ctx)] : []),
        field('csReaction', reactions.length ? [...new Set(reactions)].join(', ') : undefined, ctx),
        field('csSeverity', severities.length ? ctx.t(severities[0]) : undefined, ctx),
        field('csCriticality', crit ? ctx.t(crit) : undefined, ctx),
        ...(ended || end ? [field('csEnded', end, ctx)] : []),
        ...(notes ? [field('csNotes', notes, ctx)] : []),
      ],
    });
    const verification = codes(a.verificationStatus)[0];
    if (ended) item.status = clinical === 'resolved' ? ctx.t('csResolved') : ctx.t('csInactive');
    else if (verification === 'unconfirmed' || verification === 'presumed') item.status = ctx.t('csUnconfirmed');
    else if (verification === 'refuted') item.status = ctx.t('csRefuted');
    else item.status = ctx.t('csActive');
    if (ended) item.group = ctx.t('csEndedAllergies');
    else if (a.criticality === 'high') item.group = ctx.t('csHighCriticality');
    return item;
  });
  // high criticality first, then the others, newest first; ended allergies last
  const sorted = newestFirst(items);
  const endedGroup = ctx.t('csEndedAllergies');
  const high = ctx.t('csHighCriticality');
  return [...sorted.filter((i) => i.group === high), ...sorted.filter((i) => !i.group), ...sorted.filter((i) => i.group === endedGroup)];
}

const NULL_FLAVOUR_SYSTEMS = /NullFlavor/i;

/** Immunisations, newest first; a GP Connect vaccination whose product is not known is named by its vaccination procedure. */
export function immunisationItems(immunisations: readonly Immunization[], ctx: BuildContext): SummaryItem[] {
  return newestFirst(
    immunisations.map((imm) => {
      const dose = imm.protocolApplied?.[0]?.doseNumberPositiveInt ?? imm.protocolApplied?.[0]?.doseNumberString;
      const target = (imm.protocolApplied ?? []).flatMap((p) => (p?.targetDisease ?? []).map((d) => concept(d, ctx)));
      const procedure = extensions(imm, GPC_EXT.vaccinationProcedure)[0]?.['valueCodeableConcept'];
      const productUnknown = asArray<{ system?: unknown; code?: unknown }>(imm.vaccineCode?.coding).some(
        (c) => isRecord(c) && (NULL_FLAVOUR_SYSTEMS.test(plainText(c.system)) || c.code === 'UNK'),
      );
      const title =
        productUnknown && isRecord(procedure) ? titleOf(procedure, 'vaccination', ctx) : titleOf(imm.vaccineCode, 'vaccination', ctx);
      const notes = notesOf(imm.note);
      const item = baseItem(imm, ctx, {
        title,
        dateValue: imm.occurrenceDateTime ?? imm.recorded,
        dateLabel: 'csGiven',
        fields: [
          ...(imm.occurrenceString && !imm.occurrenceDateTime ? [field('csWhen', plainText(imm.occurrenceString), ctx)] : []),
          ...(productUnknown ? [field('csVaccine', ctx.t('csVaccineNotKnown'), ctx)] : []),
          ...(!productUnknown && isRecord(procedure) ? [field('csVaccination', titleOf(procedure, 'vaccination', ctx), ctx)] : []),
          ...(target.length ? [field('csAgainst', target.join(', '), ctx)] : []),
          ...(dose !== undefined ? [field('csDoseNumber', String(dose), ctx)] : []),
          ...(imm.primarySource === false
            ? [
                field(
                  'csReportedBy',
                  plainText(imm.reportOrigin?.text) || (imm.reportOrigin ? concept(imm.reportOrigin, ctx) : undefined),
                  ctx,
                ),
              ]
            : []),
          ...(notes ? [field('csNotes', notes, ctx)] : []),
        ],
      });
      item.status = imm.status === 'not-done' ? ctx.t('csNotGiven') : ctx.t('csGivenStatus');
      return item;
    }),
  );
}
