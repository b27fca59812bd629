import type {
  CarePlan,
  CareTeam,
  ContactPoint,
  DocumentReference,
  Encounter,
  FhirResource,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Reference,
} from 'fhir/r4.js';
import {
  describeOrganisation,
  formatName,
  formatPeriod,
  organisationByOds,
  organisationOf,
  type MessageKey,
  type OrganisationInfo,
} from '@joinedcare/core';
import { baseItem, concept, field, newestFirst, settingText, str, type BuildContext, type SummaryItem } from './model-shared.js';
import { itemSource, sourceText } from './source.js';

const ENCOUNTER_CLASS: Record<string, MessageKey> = {
  IMP: 'csEncounterAdmission',
  ACUTE: 'csEncounterAdmission',
  NONAC: 'csEncounterAdmission',
  EMER: 'csEncounterAe',
  AMB: 'csEncounterClinic',
  OBSENC: 'csEncounterClinic',
  SS: 'csEncounterDayCase',
  HH: 'csEncounterHome',
  VR: 'csEncounterVirtual',
};

/** Encounters: admissions, clinic attendances and A&E, newest first. Cancelled ones are left out. */
export function encounterItems(encounters: readonly Encounter[], ctx: BuildContext): SummaryItem[] {
  return newestFirst(
    encounters
      .filter((e) => e.status !== 'cancelled')
      .map((e) => {
        const classKey = ENCOUNTER_CLASS[str(e.class?.code)?.toUpperCase() ?? ''];
        const kind = classKey ? ctx.t(classKey) : (str(e.class?.display) ?? str(e.class?.code) ?? ctx.t('csEncounterOther'));
        const type = e.type?.[0] ? concept(e.type[0], ctx) : undefined;
        const reasons = (e.reasonCode ?? []).map((r) => concept(r, ctx));
        const location = (e.location ?? []).map((l) => str(l?.location?.display)).find((x) => x);
        const opt = ctx.lang ? { lang: ctx.lang } : undefined;
        const item = baseItem(e, ctx, {
          title: type ?? kind,
          dateValue: e.period?.start ?? e.period?.end,
          dateLabel: 'csStartedOn',
          fields: [
            { label: ctx.t('csEncounterKind'), value: kind },
            { label: ctx.t('csDates'), value: e.period ? formatPeriod(e.period, opt) : ctx.t('csNotRecorded') },
            field('csReason', reasons.length ? reasons.join(', ') : undefined, ctx),
            ...(location ? [field('csLocation', location, ctx)] : []),
            ...(e.hospitalization?.dischargeDisposition
              ? [field('csDischarge', concept(e.hospitalization.dischargeDisposition, ctx), ctx)]
              : []),
          ],
        });
        if (e.status === 'in-progress' || e.status === 'arrived' || e.status === 'triaged') item.status = ctx.t('csInProgress');
        else if (e.status === 'planned') item.status = ctx.t('csPlanned');
        return item;
      }),
  );
}

/** Letters and documents: title, date and author organisation; each can be opened by the host. */
export function documentItems(documents: readonly DocumentReference[], ctx: BuildContext): SummaryItem[] {
  return newestFirst(
    documents
      .filter((d) => d.status !== 'superseded')
      .map((d) => {
        const attachment = d.content?.find((c) => c?.attachment)?.attachment;
        const title = str(attachment?.title) ?? str(d.description) ?? (d.type ? concept(d.type, ctx) : ctx.t('csUntitledDocument'));
        const item = baseItem(d, ctx, {
          title,
          dateValue: d.date ?? d.context?.period?.start ?? attachment?.creation,
          dateLabel: 'csDated',
          fields: [...(d.type ? [{ label: ctx.t('csDocumentType'), value: concept(d.type, ctx) }] : [])],
        });
        const url = str(attachment?.url);
        if (url) item.attachmentUrl = url;
        item.openable = !!attachment;
        if (d.docStatus === 'preliminary') item.status = ctx.t('csPreliminary');
        return item;
      }),
  );
}

function phoneOf(...lists: Array<readonly ContactPoint[] | undefined>): string | undefined {
  for (const list of lists) {
    const phone = (list ?? []).find((c) => c?.system === 'phone' && str(c.value));
    if (phone) return str(phone.value);
  }
  return undefined;
}

function memberName(ref: Reference | undefined, from: CareTeam, ctx: BuildContext): { name: string; resource?: FhirResource } {
  const target = ctx.record.resource<Practitioner | Organization | PractitionerRole>(ref, from);
  if (str(ref?.display)) return { name: str(ref?.display) as string, ...(target ? { resource: target } : {}) };
  if (target?.resourceType === 'Practitioner' && target.name?.length) {
    return { name: formatName(target.name, ctx.lang ? { lang: ctx.lang } : undefined), resource: target };
  }
  if (target?.resourceType === 'Organization' && str(target.name)) return { name: str(target.name) as string, resource: target };
  return { name: str(ref?.display) ?? ctx.t('notKnown'), ...(target ? { resource: target } : {}) };
}

/**
 * The organisation a `Patient.generalPractitioner` reference names (resolved through the record),
 * and the Organization itself when the record holds it. A reference to a practitioner is not the
 * practice: it is left out, as is a reference that names nothing.
 */
function registeredPractice(
  ref: Reference,
  patient: Patient,
  ctx: BuildContext,
): { org: Organization | undefined; info: OrganisationInfo } | undefined {
  const resolved = ctx.record.resolve(ref, patient);
  if (resolved.kind === 'resource' && resolved.resource.resourceType !== 'Organization') return undefined;
  const display = str(ref?.display);
  // a name alone (no reference, no identifier) still names the practice
  const named = ref?.reference === undefined && (ref?.type ?? 'Organization') === 'Organization' && display;
  const info = organisationOf(ctx.record, ref, patient) ?? (named ? describeOrganisation(undefined, { display }) : undefined);
  if (!info) return undefined;
  const org = resolved.kind === 'resource' ? (resolved.resource as Organization) : organisationByOds(ctx.record, info.odsCode);
  return { org, info };
}

/**
 * Care team: the registered GP practice (from the Patient), then the members of every active
 * CareTeam: named consultants, community teams, with their role and a contact number.
 */
export function careTeamItems(resources: readonly FhirResource[], ctx: BuildContext): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const patient of resources.filter((r): r is Patient => r.resourceType === 'Patient')) {
    for (const ref of patient.generalPractitioner ?? []) {
      const practice = registeredPractice(ref, patient, ctx);
      if (!practice) continue;
      const { org, info } = practice;
      const name = info.name ?? info.odsCode ?? ctx.t('notKnown');
      // the setting comes from the practice's ODS role (core's table): never assumed from the field
      const source = itemSource({ ...info, name }, 'clinical');
      const id = org?.id ?? info.key?.replace(/^Organization\//, '') ?? '';
      items.push({
        key: info.key ?? `Organization/${name}`,
        resourceType: 'Organization',
        id,
        title: name,
        date: ctx.t('notKnown'),
        dateLong: ctx.t('notKnown'),
        dateLabel: ctx.t('csRecorded'),
        fields: [{ label: ctx.t('csRole'), value: ctx.t('csRegisteredPractice') }, field('csPhone', phoneOf(org?.telecom), ctx)],
        source,
        sourceText: sourceText(source, ctx.lang),
        settingText: settingText(source, ctx),
        sortTime: Number.NaN,
        group: ctx.t('csGpPractice'),
      });
    }
  }
  for (const team of resources.filter((r): r is CareTeam => r.resourceType === 'CareTeam')) {
    if (team.status === 'inactive' || team.status === 'entered-in-error') continue;
    const teamName = str(team.name) ?? (team.category?.[0] ? concept(team.category[0], ctx) : ctx.t('csCareTeam'));
    for (const [i, p] of (team.participant ?? []).entries()) {
      const { name, resource } = memberName(p?.member, team, ctx);
      const role = p?.role?.[0] ? concept(p.role[0], ctx) : undefined;
      const prRole = resource?.resourceType === 'PractitionerRole' ? resource : undefined;
      const telecom = (resource as { telecom?: ContactPoint[] } | undefined)?.telecom;
      const onBehalf = ctx.record.resource<Organization>(p?.onBehalfOf, team, 'Organization');
      const item = baseItem(team, ctx, {
        title: name,
        dateValue: p?.period?.start ?? team.period?.start,
        dateLabel: 'csSince',
        fields: [
          field('csRole', role, ctx),
          field('csPhone', phoneOf(telecom, prRole?.telecom, onBehalf?.telecom, team.telecom), ctx),
          ...(onBehalf?.name || p?.onBehalfOf?.display
            ? [field('csOrganisation', str(onBehalf?.name) ?? str(p?.onBehalfOf?.display), ctx)]
            : []),
        ],
      });
      item.key = `${item.key}#${i}`;
      item.group = teamName;
      items.push(item);
    }
  }
  return items;
}

const CARE_PLAN_STATUS: Record<string, MessageKey> = {
  active: 'csActive',
  draft: 'csDraft',
  'on-hold': 'csOnHold',
  completed: 'csCompleted',
  revoked: 'csStoppedStatus',
};

/** Care plans: active first, then the rest, newest first. */
export function carePlanItems(plans: readonly CarePlan[], ctx: BuildContext): SummaryItem[] {
  const items = plans.map((p) => {
    const title =
      str(p.title) ?? (p.category?.[0] ? concept(p.category[0], ctx) : undefined) ?? str(p.description) ?? ctx.t('csUntitledPlan');
    const opt = ctx.lang ? { lang: ctx.lang } : undefined;
    const activities = (p.activity ?? [])
      .map((a) => (a?.detail?.code ? concept(a.detail.code, ctx) : str(a?.detail?.description)))
      .filter((x): x is string => !!x);
    const item = baseItem(p, ctx, {
      title,
      dateValue: p.period?.start ?? p.created,
      dateLabel: 'csStartedOn',
      fields: [
        ...(str(p.description) && str(p.description) !== title ? [field('csDescription', str(p.description), ctx)] : []),
        { label: ctx.t('csDates'), value: p.period ? formatPeriod(p.period, opt) : ctx.t('csNotRecorded') },
        ...(activities.length ? [field('csActivities', activities.join('; '), ctx)] : []),
      ],
    });
    const statusKey = CARE_PLAN_STATUS[p.status ?? ''];
    item.status = statusKey ? ctx.t(statusKey) : ctx.t('csStatusUnknown');
    return item;
  });
  const sorted = newestFirst(items);
  const active = ctx.t('csActive');
  return [...sorted.filter((i) => i.status === active), ...sorted.filter((i) => i.status !== active)];
}
