// GP Connect areas without an R4 counterpart in this summary: consultations (an Encounter and the
// List structure of its topics and headings), outbound referrals (STU3 ReferralRequest) and diary
// entries (STU3 ProcedureRequest); and procedures (Procedure).
import type { Encounter, FhirResource, List, Location, Practitioner, Procedure } from 'fhir/r4.js';
import {
  asArray,
  attributionsOf,
  describeActor,
  formatName,
  isRecord,
  organisationLabel,
  plainText,
  type MessageKey,
} from '@joinedcare/core';
import {
  baseItem,
  codes,
  concept,
  date,
  field,
  newestFirst,
  str,
  titleOf,
  type BuildContext,
  type Field,
  type SummaryItem,
} from './model-shared.js';
import { GPC_CONSULTATION, GPC_EXT, isExtension } from './gpc-codes.js';
import { referralTitle, resourceLabel } from './model-links.js';

type Json = Record<string, unknown>;

const listCodes = (l: List): string[] => codes(l.code);

/** The entries of a List as words: each named resource's label, what an entry says when it names none, and how many are not in the record. */
function entryWords(list: List, ctx: BuildContext): string[] {
  const out: string[] = [];
  let missing = 0;
  for (const e of asArray<Json>(list.entry)) {
    const item = isRecord(e) ? e['item'] : undefined;
    const r = ctx.record.resource<FhirResource>(item, list);
    if (r?.resourceType === 'List') continue; // a sub-list is read on its own
    const said = isRecord(item) && item['reference'] === undefined ? plainText(item['display']) : '';
    if (r) out.push(resourceLabel(r, ctx));
    else if (said) out.push(said);
    else missing++;
  }
  if (missing) out.push(ctx.t('csNotInRecord', { count: missing }));
  return out;
}

const subLists = (list: List, ctx: BuildContext): List[] =>
  asArray<Json>(list.entry)
    .map((e) => ctx.record.resource<List>(isRecord(e) ? e['item'] : undefined, list, 'List'))
    .filter((l): l is List => l !== undefined);

/** A consultation's topics: "Anxiety with Depression (problem: …)": "History: …; Examination: …". */
function topicFields(consultation: List, ctx: BuildContext): Field[] {
  return subLists(consultation, ctx).map((topic) => {
    const problemRef = asArray<unknown>(topic.extension).find((x) => isExtension(x, GPC_EXT.relatedProblemHeader));
    const problem = isRecord(problemRef) ? ctx.record.resource<FhirResource>(problemRef['valueReference'], topic) : undefined;
    const name = str(topic.title) ?? ctx.t('csTopic');
    const label = problem ? ctx.t('csTopicProblem', { topic: name, problem: resourceLabel(problem, ctx) }) : name;
    const headings = subLists(topic, ctx);
    const parts = headings.map((h) => `${str(h.title) ?? ctx.t('csHeading')}: ${entryWords(h, ctx).join(', ') || ctx.t('csNotRecorded')}`);
    const flat = entryWords(topic, ctx);
    return { label, value: [...parts, ...(flat.length ? [flat.join(', ')] : [])].join('; ') || ctx.t('csNotRecorded') };
  });
}

/** The name of a reference's person (Practitioner name, else the reference's display). */
function personName(ref: unknown, from: unknown, ctx: BuildContext): string | undefined {
  const p = ctx.record.resource<Practitioner>(ref, from, 'Practitioner');
  if (p?.name?.length) return formatName(p.name, ctx.lang ? { lang: ctx.lang } : undefined);
  return isRecord(ref) ? plainText(ref['display']) || undefined : undefined;
}

/** Consultations, newest first: type, date, clinician, location, and each topic with its headings and entries. */
export function consultationItems(encounters: readonly Encounter[], ctx: BuildContext): SummaryItem[] {
  const lists = ctx.record.ofType<List>('List').filter((l) => listCodes(l).includes(GPC_CONSULTATION));
  return newestFirst(
    encounters.map((e) => {
      const consultation = lists.find((l) => ctx.record.resource(l.encounter, l) === e);
      const performer = (e.participant ?? []).find((p) => (p?.type ?? []).some((t) => codes(t).includes('PPRF'))) ?? e.participant?.[0];
      const location = e.location?.[0]?.location;
      const place = ctx.record.resource<Location>(location, e, 'Location');
      const title = e.type?.[0] ? titleOf(e.type[0], 'record', ctx) : (str(consultation?.title) ?? ctx.t('csConsultation'));
      const item = baseItem(e, ctx, {
        title,
        dateValue: e.period?.start,
        dateLabel: 'csDate',
        fields: [
          field('csClinician', personName(performer?.individual, e, ctx), ctx),
          ...(location ? [field('csLocation', str(place?.name) ?? str(location.display), ctx)] : []),
          ...(consultation ? topicFields(consultation, ctx) : []),
        ],
      });
      if (e.status === 'in-progress') item.status = ctx.t('csInProgress');
      else if (e.status === 'planned') item.status = ctx.t('csPlanned');
      return item;
    }),
  );
}

const REQUEST_STATUS: Record<string, MessageKey> = {
  draft: 'csDraft',
  active: 'csActive',
  suspended: 'csOnHold',
  'on-hold': 'csOnHold',
  cancelled: 'csCancelled',
  revoked: 'csCancelled',
  completed: 'csCompleted',
  unknown: 'csStatusUnknown',
};

const PRIORITY: Record<string, MessageKey> = {
  routine: 'csPriorityRoutine',
  urgent: 'csPriorityUrgent',
  asap: 'csPriorityAsap',
  stat: 'csPriorityStat',
};

/** Who asked for a request: its requester (STU3 `requester.agent`/`onBehalfOf`, R4 `requester`), in words. */
function requesterOf(r: FhirResource, ctx: BuildContext): string | undefined {
  const named = attributionsOf(ctx.record, r, ctx.lang).filter((a) => a.field.startsWith('requester'));
  const person = named.find((a) => a.name && a.actor === 'practitioner')?.name;
  const org = named.find((a) => a.organisation)?.organisation;
  const orgText = org ? organisationLabel(org, ctx.lang) : undefined;
  return [person, orgText].filter(Boolean).join(', ') || undefined;
}

const notesOf = (r: Json): string =>
  asArray<Json>(r['note'])
    .map((n) => (isRecord(n) ? plainText(n['text']) : ''))
    .filter(Boolean)
    .join(' ');

function statusText(r: Json, ctx: BuildContext): string {
  const key = REQUEST_STATUS[plainText(r['status'])];
  return key ? ctx.t(key) : ctx.t('csStatusUnknown');
}

const reasons = (r: Json, ctx: BuildContext): string | undefined => {
  const list = asArray<unknown>(r['reasonCode'])
    .filter(isRecord)
    .map((c) => concept(c, ctx));
  return list.length ? list.join(', ') : undefined;
};

/** Outbound referrals (STU3 ReferralRequest), newest first: what for, when, to whom, how urgent, by whom, the UBRN. */
export function referralItems(referrals: readonly FhirResource[], ctx: BuildContext): SummaryItem[] {
  return newestFirst(
    referrals.map((res) => {
      const r = res as unknown as Json;
      const recipients = asArray<Json>(r['recipient'])
        .map((x) => personName(x, res, ctx) ?? (isRecord(x) ? plainText(x['display']) : ''))
        .filter(Boolean);
      const ubrn = asArray<Json>(r['identifier']).find((i) => isRecord(i) && /UBRN|ubr-number/i.test(plainText(i['system'])));
      const priority = PRIORITY[plainText(r['priority'])];
      const description = plainText(r['description']);
      const title = referralTitle(r, ctx);
      const notes = notesOf(r);
      const item = baseItem(res, ctx, {
        title,
        dateValue: r['authoredOn'],
        dateLabel: 'csReferred',
        fields: [
          field('csReferredTo', recipients.length ? recipients.join(', ') : undefined, ctx),
          field('csPriority', priority ? ctx.t(priority) : undefined, ctx),
          field('csRequestedBy', requesterOf(res, ctx), ctx),
          ...(reasons(r, ctx) && reasons(r, ctx) !== title ? [field('csReason', reasons(r, ctx), ctx)] : []),
          ...(description && description !== title ? [field('csDescription', description, ctx)] : []),
          ...(isRecord(ubrn) && plainText(ubrn['value']) ? [field('csUbrn', plainText(ubrn['value']), ctx)] : []),
          ...(notes ? [field('csNotes', notes, ctx)] : []),
        ],
      });
      item.status = statusText(r, ctx);
      return item;
    }),
  );
}

/** Diary entries (STU3 ProcedureRequest: recalls and reminders), soonest due last: what, when due, by whom. */
export function diaryItems(entries: readonly FhirResource[], ctx: BuildContext): SummaryItem[] {
  return newestFirst(
    entries.map((res) => {
      const r = res as unknown as Json;
      // occurrence[x] as written: occurrenceDateTime / occurrencePeriod (the published examples also write a bare `occurrence`)
      const period = [r['occurrencePeriod'], r['occurrence']].find(isRecord);
      const when = [r['occurrenceDateTime'], r['occurrence'], period?.['start']].find((v) => typeof v === 'string');
      const due = typeof when === 'string' ? when : undefined;
      const notes = notesOf(r);
      const item = baseItem(res, ctx, {
        title: titleOf(r['code'], 'record', ctx),
        dateValue: due ?? r['authoredOn'],
        dateLabel: due ? 'csDue' : 'csRecorded',
        fields: [
          ...(due && typeof r['authoredOn'] === 'string' ? [field('csRecorded', date(r['authoredOn'], ctx).date, ctx)] : []),
          field('csRequestedBy', requesterOf(res, ctx), ctx),
          ...(reasons(r, ctx) ? [field('csReason', reasons(r, ctx), ctx)] : []),
          ...(notes ? [field('csNotes', notes, ctx)] : []),
        ],
      });
      item.status = statusText(r, ctx);
      return item;
    }),
  );
}

const PROCEDURE_STATUS: Record<string, MessageKey> = {
  preparation: 'csPlanned',
  'in-progress': 'csInProgress',
  'not-done': 'csNotDone',
  'on-hold': 'csOnHold',
  stopped: 'csStoppedStatus',
  completed: 'csCompleted',
  unknown: 'csStatusUnknown',
};

/** Procedures (history of operations and procedures), newest first: performed date, performer, location, reason. */
export function procedureItems(procedures: readonly Procedure[], ctx: BuildContext): SummaryItem[] {
  return newestFirst(
    procedures.map((p) => {
      const performed = p.performedDateTime ?? p.performedPeriod?.start;
      const performers = (p.performer ?? [])
        .map((x) => {
          const named = describeActor(ctx.record, x?.actor, p, 'performer.actor', ctx.lang);
          const org = named?.organisation ? organisationLabel(named.organisation, ctx.lang) : undefined;
          return [named?.name, org].filter(Boolean).join(', ');
        })
        .filter(Boolean);
      const place = ctx.record.resource<Location>(p.location, p, 'Location');
      const reasonList = (p.reasonCode ?? []).map((c) => concept(c, ctx));
      const item = baseItem(p, ctx, {
        title: titleOf(p.code, 'procedure', ctx),
        dateValue: performed,
        dateLabel: 'csPerformed',
        fields: [
          ...(!performed && plainText(p.performedString) ? [field('csWhen', plainText(p.performedString), ctx)] : []),
          field('csPerformer', performers.length ? [...new Set(performers)].join('; ') : undefined, ctx),
          field('csLocation', str(place?.name) ?? str(p.location?.display), ctx),
          ...(reasonList.length ? [field('csReason', reasonList.join(', '), ctx)] : []),
        ],
      });
      const key = PROCEDURE_STATUS[p.status ?? ''];
      if (key) item.status = ctx.t(key);
      return item;
    }),
  );
}

/** The first date a resource of any type carries, for an entry with no builder of its own. */
function anyDate(r: Json): unknown {
  for (const k of [
    'effectiveDateTime',
    'occurrenceDateTime',
    'performedDateTime',
    'onsetDateTime',
    'recordedDate',
    'authoredOn',
    'date',
    'issued',
    'dateTime',
  ]) {
    if (typeof r[k] === 'string') return r[k];
  }
  for (const k of ['effectivePeriod', 'period', 'timingPeriod', 'occurrencePeriod']) {
    if (isRecord(r[k]) && typeof (r[k] as Json)['start'] === 'string') return (r[k] as Json)['start'];
  }
  return undefined;
}

/** Entries of a type a section has no builder for (an Observation in a GP Connect immunisations List, an IPS Flag): named, dated, sourced. */
export function genericItems(
  resources: readonly FhirResource[],
  ctx: BuildContext,
  groups?: ReadonlyMap<FhirResource, string>,
): SummaryItem[] {
  return newestFirst(
    resources.map((r) => {
      const notes = notesOf(r as unknown as Json) || plainText((r as unknown as Json)['comment']);
      const item = baseItem(r, ctx, {
        title: resourceLabel(r, ctx),
        dateValue: anyDate(r as unknown as Json),
        dateLabel: 'csRecorded',
        fields: notes ? [field('csNotes', notes, ctx)] : [],
      });
      const group = groups?.get(r);
      if (group) item.group = group;
      return item;
    }),
  );
}
