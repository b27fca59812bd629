// Pure FHIR -> view-model functions for <jc-advice-panel>. No DOM, no network; never throws on odd data.
import type {
  CodeableConcept,
  Coding,
  Communication,
  CommunicationRequest,
  DocumentReference,
  Extension,
  Organization,
  Practitioner,
  PractitionerRole,
  Reference,
} from 'fhir/r4.js';
import {
  asArray,
  formatCodeableConcept,
  formatName,
  isRecord,
  plainMultilineText,
  plainText,
  type CareSetting,
  type MessageKey,
} from '@joinedcare/core';
import { addWorkingDays, type WorkingDayCalendar } from './working-days.js';

export { addWorkingDays };

/** Code system of the e-RS Advice & Guidance statuses (modelled on e-RS; see docs/advice-panel.md). */
export const AG_STATUS_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-AdviceAndGuidanceStatus';
/** Extension saying whether the provider may convert the request into a referral. */
export const AG_CONVERSION_EXTENSION = 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-AdviceAndGuidance-ConversionAuthorisation';
/** Extension on a Communication saying who sent it: REQUESTER or RESPONDER. */
export const AG_SENDER_ROLE_EXTENSION = 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-AdviceAndGuidance-SenderRole';
export const AG_SENDER_ROLE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-AdviceAndGuidanceSenderRole';
export const AG_CONVERSION_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-AdviceAndGuidanceConversionAuthorisation';
export const AG_CATEGORY_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-CommunicationCategory';
/** Identifier system of the client-generated id of every message and request the panel sends. */
export const CLIENT_ID_SYSTEM = 'urn:ietf:rfc:3986';
const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
const ORG_ROLE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/organisation-role';

/** The six e-RS A&G statuses, plus what a plain FHIR status falls back to. */
export type AdviceStatusCode =
  | 'PROVIDER_RESPONSE_REQUIRED'
  | 'REFERRER_TO_SUBMIT_FURTHER_INFORMATION'
  | 'REFERRER_TO_REVIEW_RESPONSE'
  | 'CONVERSATION_ENDED_CANCELLED'
  | 'CONVERSATION_ENDED_CLOSED'
  | 'ADVICE_CONVERTED'
  | 'DRAFT'
  | 'ON_HOLD'
  | 'ENTERED_IN_ERROR'
  | 'UNKNOWN';

/** The user's side of the conversation: the GP who asked (primary care) or the specialist who answers (secondary care). */
export type Perspective = 'requester' | 'responder';
/** Who must act next. */
export type NextActor = 'requester' | 'responder' | 'none' | 'unknown';
/** NHS.UK tag colour for the status. */
export type StatusTone = 'blue' | 'orange' | 'yellow' | 'green' | 'grey' | 'purple' | 'red';

export interface StatusRow {
  label: MessageKey;
  next: NextActor;
  /** Open conversations can be replied to. */
  open: boolean;
  tone: StatusTone;
  /** "Who acts next" in plain words, for each perspective. */
  nextText: Record<Perspective, MessageKey>;
}

/**
 * THE status table: each e-RS A&G status (and each FHIR fallback) mapped to its label, who acts
 * next, and the plain words for each perspective.
 */
export const ADVICE_STATUS_TABLE: Readonly<Record<AdviceStatusCode, StatusRow>> = {
  PROVIDER_RESPONSE_REQUIRED: {
    label: 'apStatusProviderResponseRequired',
    next: 'responder',
    open: true,
    tone: 'blue',
    nextText: { requester: 'apNextAwaitingSpecialist', responder: 'apNextYouRespond' },
  },
  REFERRER_TO_SUBMIT_FURTHER_INFORMATION: {
    label: 'apStatusReferrerToSubmitFurtherInformation',
    next: 'requester',
    open: true,
    tone: 'orange',
    nextText: { requester: 'apNextSpecialistAskedMore', responder: 'apNextAwaitingMoreInfo' },
  },
  REFERRER_TO_REVIEW_RESPONSE: {
    label: 'apStatusReferrerToReviewResponse',
    next: 'requester',
    open: true,
    tone: 'purple',
    nextText: { requester: 'apNextReviewResponse', responder: 'apNextAwaitingReview' },
  },
  CONVERSATION_ENDED_CANCELLED: {
    label: 'apStatusConversationEndedCancelled',
    next: 'none',
    open: false,
    tone: 'grey',
    nextText: { requester: 'apNextEndedCancelled', responder: 'apNextEndedCancelled' },
  },
  CONVERSATION_ENDED_CLOSED: {
    label: 'apStatusConversationEndedClosed',
    next: 'none',
    open: false,
    tone: 'green',
    nextText: { requester: 'apNextEndedClosed', responder: 'apNextEndedClosed' },
  },
  ADVICE_CONVERTED: {
    label: 'apStatusAdviceConverted',
    next: 'none',
    open: false,
    tone: 'green',
    nextText: { requester: 'apNextConverted', responder: 'apNextConverted' },
  },
  DRAFT: {
    label: 'apStatusDraft',
    next: 'requester',
    open: false,
    tone: 'grey',
    nextText: { requester: 'apNextDraft', responder: 'apNextDraft' },
  },
  ON_HOLD: {
    label: 'apStatusOnHold',
    next: 'none',
    open: false,
    tone: 'yellow',
    nextText: { requester: 'apNextOnHold', responder: 'apNextOnHold' },
  },
  ENTERED_IN_ERROR: {
    label: 'apStatusEnteredInError',
    next: 'none',
    open: false,
    tone: 'red',
    nextText: { requester: 'apNextEnteredInError', responder: 'apNextEnteredInError' },
  },
  UNKNOWN: {
    label: 'apStatusUnknown',
    next: 'unknown',
    open: false,
    tone: 'grey',
    nextText: { requester: 'apNextUnknown', responder: 'apNextUnknown' },
  },
};

const AG_CODES = new Set<AdviceStatusCode>([
  'PROVIDER_RESPONSE_REQUIRED',
  'REFERRER_TO_SUBMIT_FURTHER_INFORMATION',
  'REFERRER_TO_REVIEW_RESPONSE',
  'CONVERSATION_ENDED_CANCELLED',
  'CONVERSATION_ENDED_CLOSED',
  'ADVICE_CONVERTED',
]);

const arr = asArray;
/** Untrusted text as one clean line (bidi controls and invisible characters removed), or undefined when empty. */
const str = (v: unknown): string | undefined => plainText(v) || undefined;
/** Untrusted message text, line breaks kept. */
const multiline = (v: unknown): string | undefined => plainMultilineText(v) || undefined;

function codingsOf(v: unknown): Coding[] {
  if (!isRecord(v)) return [];
  if (Array.isArray(v['coding'])) return (v['coding'] as unknown[]).filter(isRecord);
  if ('code' in v) return [v];
  return [];
}

function agCodeIn(codings: Coding[]): AdviceStatusCode | undefined {
  // the A&G system first; a bare code from the six is accepted too (some servers drop the system)
  const bySystem = codings.find((c) => c.system === AG_STATUS_SYSTEM && AG_CODES.has(c.code as AdviceStatusCode));
  const any =
    bySystem ?? codings.find((c) => (c.system === undefined || c.system === AG_STATUS_SYSTEM) && AG_CODES.has(c.code as AdviceStatusCode));
  return any?.code as AdviceStatusCode | undefined;
}

function extensionValue(exts: unknown, url: string): Coding[] {
  for (const e of arr<Extension>(exts)) {
    if (!isRecord(e) || e.url !== url) continue;
    return [
      ...codingsOf(e.valueCoding),
      ...codingsOf(e.valueCodeableConcept),
      ...(str(e.valueCode) ? [{ code: e.valueCode } as Coding] : []),
    ];
  }
  return [];
}

export interface ResolvedStatus {
  code: AdviceStatusCode;
  /** True when no e-RS status was given and it was inferred from the FHIR status (and the last sender). */
  inferred: boolean;
}

/**
 * The A&G status of a request: `statusReason` coded in the e-RS A&G system (what the fixtures and
 * e-RS-shaped servers send), else an extension carrying such a coding, else inferred from the FHIR
 * `status` (an active request is waiting for whoever did not send the last message).
 */
export function resolveStatus(request: CommunicationRequest, lastSender?: 'REQUESTER' | 'RESPONDER'): ResolvedStatus {
  const fromReason = agCodeIn(codingsOf(request?.statusReason));
  if (fromReason) return { code: fromReason, inferred: false };
  for (const e of arr<Extension>(request?.extension)) {
    const c = agCodeIn([...codingsOf(e?.valueCoding), ...codingsOf(e?.valueCodeableConcept)]);
    if (c) return { code: c, inferred: false };
  }
  switch (request?.status) {
    case 'active':
      return { code: lastSender === 'RESPONDER' ? 'REFERRER_TO_REVIEW_RESPONSE' : 'PROVIDER_RESPONSE_REQUIRED', inferred: true };
    case 'completed':
      return { code: 'CONVERSATION_ENDED_CLOSED', inferred: true };
    case 'revoked':
      return { code: 'CONVERSATION_ENDED_CANCELLED', inferred: true };
    case 'draft':
      return { code: 'DRAFT', inferred: true };
    case 'on-hold':
      return { code: 'ON_HOLD', inferred: true };
    case 'entered-in-error':
      return { code: 'ENTERED_IN_ERROR', inferred: true };
    default:
      return { code: 'UNKNOWN', inferred: true };
  }
}

/** The plain-words "who acts next" key for a status and perspective. */
export function whoActsNext(code: AdviceStatusCode, perspective: Perspective): MessageKey {
  return ADVICE_STATUS_TABLE[code].nextText[perspective];
}

/** Perspective from the context setting: primary care asks (requester), secondary care answers (responder). */
export function perspectiveOf(setting: CareSetting | undefined): Perspective {
  return setting === 'secondary' ? 'responder' : 'requester';
}

export type ConversionAuthorisation = 'authorised' | 'not-authorised' | 'unknown';

/** Whether the referrer authorised conversion to a referral (the e-RS conversion extension). */
export function conversionOf(request: CommunicationRequest): ConversionAuthorisation {
  const codes = extensionValue(request?.extension, AG_CONVERSION_EXTENSION).map((c) => c.code);
  if (codes.includes('AUTHORISED_TO_CONVERT')) return 'authorised';
  if (codes.includes('NOT_AUTHORISED_TO_CONVERT')) return 'not-authorised';
  return 'unknown';
}

// ---------- dates and the response target ----------

const UK_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' });

/** Days since 1970-01-01 of the UK calendar date of an instant. */
export function ukDayNumber(epoch: number): number | undefined {
  if (!Number.isFinite(epoch)) return undefined;
  const p: Record<string, number> = {};
  for (const part of UK_DAY.formatToParts(epoch)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const { year, month, day } = p;
  if (!year || !month || !day) return undefined;
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** Default response target: 2 working days (design choice, see docs/advice-panel.md). */
export const DEFAULT_RESPONSE_TARGET_DAYS = 2;

export interface OverdueInfo {
  overdue: boolean;
  /** The UK date the response was due, as an ISO date (`yyyy-mm-dd`). */
  due?: string;
}

/**
 * Whether the specialist's response is overdue: only while the specialist must act; the clock
 * starts at the referrer's last message (or the request's authoredOn); due `target` working days
 * later (weekends, bank holidays and the calendar's other non-working days do not count); overdue
 * from the next UK calendar day.
 */
export function overdueOf(
  next: NextActor,
  waitingSince: string | undefined,
  now: Date,
  targetDays: number,
  calendar: WorkingDayCalendar = {},
): OverdueInfo {
  if (next !== 'responder' || !waitingSince) return { overdue: false };
  const start = ukDayNumber(Date.parse(waitingSince));
  const today = ukDayNumber(now.getTime());
  if (start === undefined || today === undefined) return { overdue: false };
  const target = Number.isFinite(targetDays) && targetDays >= 0 ? targetDays : DEFAULT_RESPONSE_TARGET_DAYS;
  const dueDay = addWorkingDays(start, target, calendar);
  return { overdue: today > dueDay, due: new Date(dueDay * 86_400_000).toISOString().slice(0, 10) };
}

// ---------- attachments ----------

export type AttachmentAvailability = 'available' | 'not-yet-available' | 'withdrawn' | 'not-loaded';

export interface AttachmentView {
  documentReferenceId: string;
  title: string | undefined;
  /** Document type text (e.g. "Laboratory report"), else the content type. */
  type: string | undefined;
  contentType: string | undefined;
  sizeBytes: number | undefined;
  availability: AttachmentAvailability;
}

/**
 * An attachment from its DocumentReference. Available only when `status` is `current`, `docStatus`
 * is not `preliminary` (not yet scanned or processed) and some content has a `url` or `data`.
 */
export function attachmentView(id: string, doc: DocumentReference | undefined, fallbackTitle?: string): AttachmentView {
  if (!doc) {
    return {
      documentReferenceId: id,
      title: fallbackTitle,
      type: undefined,
      contentType: undefined,
      sizeBytes: undefined,
      availability: 'not-loaded',
    };
  }
  const att = arr<NonNullable<DocumentReference['content']>[number]>(doc.content)
    .map((c) => c?.attachment)
    .find(isRecord);
  const hasContent = arr<NonNullable<DocumentReference['content']>[number]>(doc.content).some(
    (c) => !!(str(c?.attachment?.url) || str(c?.attachment?.data)),
  );
  const availability: AttachmentAvailability =
    doc.status === 'entered-in-error'
      ? 'withdrawn'
      : doc.status === 'current' && doc.docStatus !== 'preliminary' && hasContent
        ? 'available'
        : 'not-yet-available';
  const size = typeof att?.size === 'number' && Number.isFinite(att.size) && att.size >= 0 ? att.size : undefined;
  const typeText = doc.type ? formatCodeableConcept(doc.type) : undefined;
  return {
    documentReferenceId: id,
    title: str(att?.title) ?? str(doc.description) ?? fallbackTitle,
    type: typeText && typeText !== 'Not Known' ? typeText : undefined,
    contentType: str(att?.contentType),
    sizeBytes: size,
    availability,
  };
}

/** Bytes in words: `{ key, n }` for the catalogue (`apSizeBytes`, `apSizeKb`, `apSizeMb`). */
export function humanSize(bytes: number | undefined): { key: MessageKey; n: string } {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return { key: 'apSizeUnknown', n: '' };
  if (bytes < 1024) return { key: 'apSizeBytes', n: String(Math.round(bytes)) };
  if (bytes < 1024 * 1024) return { key: 'apSizeKb', n: String(Math.round(bytes / 1024)) };
  return { key: 'apSizeMb', n: (bytes / (1024 * 1024)).toFixed(1) };
}

/** Short names of common content types. */
export function contentTypeLabel(ct: string | undefined): string | undefined {
  if (!ct) return undefined;
  const known: Record<string, string> = {
    'application/pdf': 'PDF',
    'image/jpeg': 'JPEG image',
    'image/png': 'PNG image',
    'image/tiff': 'TIFF image',
    'text/plain': 'Text',
    'application/msword': 'Word document',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  };
  return known[ct.split(';')[0]?.trim().toLowerCase() ?? ''] ?? ct;
}

// ---------- senders ----------

export interface Directory {
  practitioners?: readonly Practitioner[];
  roles?: readonly PractitionerRole[];
  organisations?: readonly Organization[];
}

export interface SenderView {
  name: string | undefined;
  /** Role in the conversation. */
  conversationRole: 'REQUESTER' | 'RESPONDER' | undefined;
  /** Job role, e.g. "Consultant physician". */
  jobRole: string | undefined;
  organisation: string | undefined;
  setting: CareSetting | undefined;
}

const refKey = (r: unknown): string | undefined => {
  const ref = isRecord(r) ? str(r['reference']) : undefined;
  const m = ref ? /([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref) : null;
  return m ? `${m[1]}/${m[2]}` : undefined;
};

function settingOfOrg(org: Organization | undefined): CareSetting | undefined {
  for (const t of arr<CodeableConcept>(org?.type)) {
    for (const c of codingsOf(t)) {
      if (c.system !== ORG_ROLE_SYSTEM) continue;
      if (c.code === 'RO76' || c.code === 'RO177') return 'primary';
      if (c.code === 'RO197' || c.code === 'RO57') return 'secondary';
    }
  }
  return undefined;
}

function senderRoleOf(comm: Communication, request: CommunicationRequest): 'REQUESTER' | 'RESPONDER' | undefined {
  const code = extensionValue(comm.extension, AG_SENDER_ROLE_EXTENSION)[0]?.code;
  if (code === 'REQUESTER' || code === 'RESPONDER') return code;
  const s = refKey(comm.sender);
  const r = refKey(request.requester);
  if (s && r) return s === r ? 'REQUESTER' : 'RESPONDER';
  return undefined;
}

function describeSender(
  sender: Reference | undefined,
  role: SenderView['conversationRole'],
  source: string | undefined,
  dir: Directory,
): SenderView {
  const key = refKey(sender);
  const orgs = new Map<string, Organization>();
  for (const o of dir.organisations ?? []) if (o?.id) orgs.set(`Organization/${o.id}`, o);
  const orgByOds = (ods: string | undefined) =>
    ods
      ? (dir.organisations ?? []).find((o) =>
          arr<{ system?: string; value?: string }>(o?.identifier).some((i) => i?.system === ODS_SYSTEM && i.value === ods),
        )
      : undefined;
  let name = str(sender?.display);
  let jobRole: string | undefined;
  let org: Organization | undefined;
  let orgName: string | undefined;
  if (key?.startsWith('Practitioner/')) {
    const p = (dir.practitioners ?? []).find((x) => `Practitioner/${x?.id}` === key);
    if (p && !name) name = formatName(p.name);
    const pr = (dir.roles ?? []).find((x) => refKey(x?.practitioner) === key);
    if (pr) {
      const code = arr<CodeableConcept>(pr.code)[0];
      jobRole = code ? formatCodeableConcept(code) : undefined;
      const ok = refKey(pr.organization);
      org = ok ? orgs.get(ok) : undefined;
      orgName = str(pr.organization?.display);
    }
  } else if (key?.startsWith('PractitionerRole/')) {
    const pr = (dir.roles ?? []).find((x) => `PractitionerRole/${x?.id}` === key);
    if (pr) {
      name = name ?? str(pr.practitioner?.display);
      const code = arr<CodeableConcept>(pr.code)[0];
      jobRole = code ? formatCodeableConcept(code) : undefined;
      const ok = refKey(pr.organization);
      org = ok ? orgs.get(ok) : undefined;
      orgName = str(pr.organization?.display);
    }
  } else if (key?.startsWith('Organization/')) {
    org = orgs.get(key);
    orgName = name;
  }
  if (!org && !orgName && source?.startsWith('urn:ods:')) org = orgByOds(source.slice('urn:ods:'.length));
  const setting = settingOfOrg(org) ?? (role === 'REQUESTER' ? 'primary' : role === 'RESPONDER' ? 'secondary' : undefined);
  return {
    name,
    conversationRole: role,
    jobRole: jobRole && jobRole !== 'Not Known' ? jobRole : undefined,
    organisation: str(org?.name) ?? orgName,
    setting,
  };
}

// ---------- conversations ----------

export interface MessageView {
  id: string;
  sender: SenderView;
  /** FHIR dateTime the message was sent. */
  sent: string | undefined;
  text: string | undefined;
  attachments: AttachmentView[];
  /** True for the request's own question shown as the first message (no Communication carries it). */
  fromRequest?: boolean;
}

export interface ConversationView {
  requestId: string;
  status: ResolvedStatus;
  row: StatusRow;
  /** Plain words for who acts next, from the perspective given. */
  nextText: MessageKey;
  /** Whether it is the user's turn. */
  yourTurn: boolean;
  specialty: string | undefined;
  service: string | undefined;
  priority: string | undefined;
  authoredOn: string | undefined;
  lastActivity: string | undefined;
  question: string | undefined;
  requester: string | undefined;
  ubrn: string | undefined;
  conversion: ConversionAuthorisation;
  overdue: OverdueInfo;
  messages: MessageView[];
  versionId: string | undefined;
}

export interface ModelInput {
  requests: readonly CommunicationRequest[];
  communications: readonly Communication[];
  documents: readonly DocumentReference[];
  directory?: Directory;
  perspective: Perspective;
  now: Date;
  responseTargetDays?: number;
  /** Non-working days besides weekends (default: England and Wales bank holidays). */
  workingDays?: WorkingDayCalendar;
}

const UBRN_SYSTEM = 'https://fhir.nhs.uk/Id/UBRN';

/** Ids of the DocumentReferences a set of requests and messages point at. */
export function referencedDocumentIds(requests: readonly CommunicationRequest[], comms: readonly Communication[]): string[] {
  const ids = new Set<string>();
  const add = (r: unknown) => {
    const k = refKey(r);
    if (k?.startsWith('DocumentReference/')) ids.add(k.slice('DocumentReference/'.length));
  };
  for (const r of requests) for (const p of arr<{ contentReference?: Reference }>(r?.payload)) add(p?.contentReference);
  for (const c of comms) for (const p of arr<{ contentReference?: Reference }>(c?.payload)) add(p?.contentReference);
  return [...ids];
}

/** Ids of the Practitioners who sent messages or requested advice. */
export function referencedPractitionerIds(requests: readonly CommunicationRequest[], comms: readonly Communication[]): string[] {
  const ids = new Set<string>();
  for (const r of [...requests.map((x) => x?.requester), ...comms.map((c) => c?.sender)]) {
    const k = refKey(r);
    if (k?.startsWith('Practitioner/')) ids.add(k.slice('Practitioner/'.length));
  }
  return [...ids];
}

/** The request a message belongs to (`partOf`, else `basedOn`). */
export function requestIdOf(comm: Communication): string | undefined {
  for (const r of [...arr<Reference>(comm?.partOf), ...arr<Reference>(comm?.basedOn)]) {
    const k = refKey(r);
    if (k?.startsWith('CommunicationRequest/')) return k.slice('CommunicationRequest/'.length);
  }
  return undefined;
}

const timeOf = (s: string | undefined) => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

function payloadParts(payload: unknown, docs: Map<string, DocumentReference>): { text: string | undefined; attachments: AttachmentView[] } {
  const texts: string[] = [];
  const attachments: AttachmentView[] = [];
  for (const p of arr<Record<string, unknown>>(payload)) {
    if (!isRecord(p)) continue;
    const s = multiline(p['contentString']);
    if (s) texts.push(s);
    const ref = p['contentReference'];
    const k = refKey(ref);
    if (k?.startsWith('DocumentReference/')) {
      const id = k.slice('DocumentReference/'.length);
      attachments.push(attachmentView(id, docs.get(id), isRecord(ref) ? str(ref['display']) : undefined));
    }
  }
  return { text: texts.length ? texts.join('\n\n') : undefined, attachments };
}

/** The specialty: a category that is not the A&G category (e.g. a SNOMED specialty). */
function specialtyOf(req: CommunicationRequest): string | undefined {
  for (const c of arr<CodeableConcept>(req.category)) {
    if (codingsOf(c).some((x) => x.system === AG_CATEGORY_SYSTEM)) continue;
    const t = formatCodeableConcept(c);
    if (t && t !== 'Not Known') return t;
  }
  return undefined;
}

/** The service: a HealthcareService recipient's display, else the first recipient's. */
function serviceOf(req: CommunicationRequest): string | undefined {
  const recips = arr<Reference>(req.recipient);
  const hs = recips.find((r) => refKey(r)?.startsWith('HealthcareService/') || r?.type === 'HealthcareService');
  return str(hs?.display) ?? str(recips[0]?.display);
}

/** One conversation view per request, newest activity first (open before ended). */
export function conversationViews(input: ModelInput): ConversationView[] {
  const docs = new Map<string, DocumentReference>();
  for (const d of input.documents) if (d?.id) docs.set(d.id, d);
  const byRequest = new Map<string, Communication[]>();
  for (const c of input.communications) {
    const id = requestIdOf(c);
    if (!id || c.status === 'entered-in-error') continue;
    byRequest.set(id, [...(byRequest.get(id) ?? []), c]);
  }
  const dir = input.directory ?? {};
  const views = input.requests
    .filter((r) => typeof r?.id === 'string')
    .map((req) => {
      const comms = (byRequest.get(req.id as string) ?? []).slice().sort((a, b) => (timeOf(a.sent) ?? 0) - (timeOf(b.sent) ?? 0));
      const messages: MessageView[] = comms.map((c, i) => {
        const role = senderRoleOf(c, req);
        const { text, attachments } = payloadParts(c.payload, docs);
        return {
          id: c.id ?? `message-${i}`,
          sender: describeSender(c.sender, role, c.meta?.source, dir),
          sent: str(c.sent) ?? str(c.received),
          text,
          attachments,
        };
      });
      const q = payloadParts(req.payload, docs);
      if (q.text && !messages.some((m) => m.text === q.text)) {
        messages.unshift({
          id: `${req.id}-question`,
          sender: describeSender(req.requester, 'REQUESTER', req.meta?.source, dir),
          sent: str(req.authoredOn),
          text: q.text,
          attachments: q.attachments,
          fromRequest: true,
        });
      }
      const last = messages[messages.length - 1];
      const status = resolveStatus(req, last?.sender.conversationRole);
      const row = ADVICE_STATUS_TABLE[status.code];
      const lastRequesterMsg = [...messages].reverse().find((m) => m.sender.conversationRole === 'REQUESTER');
      const waitingSince = lastRequesterMsg?.sent ?? str(req.authoredOn);
      const view: ConversationView = {
        requestId: req.id as string,
        status,
        row,
        nextText: row.nextText[input.perspective],
        yourTurn: row.next === input.perspective,
        specialty: specialtyOf(req),
        service: serviceOf(req),
        priority: str(req.priority),
        authoredOn: str(req.authoredOn),
        lastActivity: last?.sent ?? str(req.authoredOn),
        question: q.text,
        requester: str(req.requester?.display),
        ubrn: str(arr<{ system?: string; value?: string }>(req.identifier).find((i) => i?.system === UBRN_SYSTEM)?.value),
        conversion: conversionOf(req),
        overdue: row.open
          ? overdueOf(row.next, waitingSince, input.now, input.responseTargetDays ?? DEFAULT_RESPONSE_TARGET_DAYS, input.workingDays)
          : { overdue: false },
        messages,
        versionId: str(req.meta?.versionId),
      };
      return view;
    });
  return views.sort((a, b) => Number(b.row.open) - Number(a.row.open) || (timeOf(b.lastActivity) ?? 0) - (timeOf(a.lastActivity) ?? 0));
}

/** Whether a responder may convert this conversation now. */
export function canConvert(view: ConversationView, perspective: Perspective): boolean {
  return perspective === 'responder' && view.conversion === 'authorised' && view.row.open;
}
