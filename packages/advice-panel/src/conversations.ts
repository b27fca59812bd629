// Conversations of <jc-advice-panel>: each A&G request with its messages, status, who acts next and response target, read from the record.
import type { CodeableConcept, Communication, CommunicationRequest, Reference, ServiceRequest } from 'fhir/r4.js';
import { asArray, ClinicalRecord, type MessageKey } from '@joinedcare/core';
import {
  ADVICE_STATUS_TABLE,
  conversionOf,
  resolveStatus,
  type ConversionAuthorisation,
  type Perspective,
  type ResolvedStatus,
  type StatusRow,
} from './status.js';
import { DEFAULT_RESPONSE_TARGET_DAYS, overdueOf, type OverdueInfo } from './response-target.js';
import { payloadParts, type AttachmentView } from './attachments.js';
import { describeSender, senderRoleOf, type SenderView } from './senders.js';
import type { WorkingDayCalendar } from './working-days.js';
import { conceptText, str, targetType } from './values.js';
import {
  ersPriorityOf,
  ersServiceName,
  ersSpecialtyOf,
  isAdviceServiceRequest,
  recipientsOf,
  requesterOf,
  senderOf,
  ubrnOf,
} from './ers.js';

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
  /** A CommunicationRequest (a conversation), or an R4 A&G ServiceRequest (A041: a summary, no messages). */
  kind: 'request' | 'summary';
  status: ResolvedStatus;
  row: StatusRow;
  /** Plain words for who acts next, from the perspective given. */
  nextText: MessageKey;
  /** Whether it is the user's turn. */
  yourTurn: boolean;
  specialty: string | undefined;
  service: string | undefined;
  /** e-RS priority code (ROUTINE, URGENT, TWO_WEEK_WAIT), else the FHIR priority. */
  priority: string | undefined;
  authoredOn: string | undefined;
  lastActivity: string | undefined;
  question: string | undefined;
  /** The question's first line: what tells one card from another. */
  questionFirstLine: string | undefined;
  /** Who asked (the requester); undefined when the record does not say. */
  asker: SenderView | undefined;
  /** Who answered: the sender of the latest message marked as the responder's; undefined while nobody has. */
  responder: SenderView | undefined;
  /** Messages whose sender's role the record does not say (then "not yet answered" cannot be said). */
  unattributed: number;
  /** The asker's name (the header's "Requested by"). */
  requester: string | undefined;
  ubrn: string | undefined;
  conversion: ConversionAuthorisation;
  overdue: OverdueInfo;
  messages: MessageView[];
  versionId: string | undefined;
}

export interface ModelInput {
  /**
   * The requests, their messages, attachments and the senders' roles and organisations, as one
   * record: every reference (relative, versioned, same-server absolute, contained, `urn:uuid:`) is
   * resolved through it.
   */
  record: ClinicalRecord;
  perspective: Perspective;
  now: Date;
  responseTargetDays?: number;
  /** Non-working days besides weekends (default: England and Wales bank holidays). */
  workingDays?: WorkingDayCalendar;
}

const NO_RECORD = new ClinicalRecord([]);

/** The request a message belongs to (`partOf`, else `basedOn`; versioned references too), resolved through the record: its id. */
export function requestIdOf(comm: Communication, record: ClinicalRecord = NO_RECORD): string | undefined {
  for (const r of [...asArray<Reference>(comm?.partOf), ...asArray<Reference>(comm?.basedOn)]) {
    const k = record.targetKey(r, comm);
    if (k?.startsWith('CommunicationRequest/')) return k.slice('CommunicationRequest/'.length);
  }
  return undefined;
}

const timeOf = (s: string | undefined) => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** The specialty: e-RS's specialty extension, else a SNOMED CT coded category (the A&G status is not one). */
function specialtyOf(req: CommunicationRequest): string | undefined {
  const ers = ersSpecialtyOf(req);
  if (ers) return ers;
  for (const c of asArray<CodeableConcept>(req.category)) {
    if (!asArray(c?.coding).some((x) => (x as { system?: unknown })?.system === 'http://snomed.info/sct')) continue;
    const t = conceptText(c);
    if (t) return t;
  }
  return undefined;
}

/** The service: a HealthcareService recipient's display (or, for e-RS, its name in the request's shortlist), else the first recipient's display. */
function serviceOf(record: ClinicalRecord, req: CommunicationRequest): string | undefined {
  const recips = recipientsOf(req);
  const hs = recips.find((r) => targetType(record, r, req) === 'HealthcareService' || isErsService(r));
  return str(hs?.display) ?? ersServiceName(req, hs) ?? str(recips[0]?.display);
}

const isErsService = (r: Reference) => r.identifier?.system === 'http://fhir.nhs.net/Id/ers-service';

/** The thread, oldest first; the request's own question comes first when no message carries it. */
function messagesOf(
  record: ClinicalRecord,
  req: CommunicationRequest,
  comms: readonly Communication[],
): { messages: MessageView[]; question: string | undefined } {
  const sorted = comms.slice().sort((a, b) => (timeOf(a.sent) ?? 0) - (timeOf(b.sent) ?? 0));
  const messages: MessageView[] = sorted.map((c, i) => {
    const { text, attachments } = payloadParts(record, c);
    return {
      id: c.id ?? `message-${i}`,
      sender: describeSender(record, senderOf(c), c, senderRoleOf(record, c, req)),
      sent: str(c.sent) ?? str(c.received),
      text,
      attachments,
    };
  });
  const q = payloadParts(record, req);
  if (q.text && !messages.some((m) => m.text === q.text)) {
    messages.unshift({
      id: `${req.id}-question`,
      sender: describeSender(record, requesterOf(req), req, 'REQUESTER'),
      sent: str(req.authoredOn),
      text: q.text,
      attachments: q.attachments,
      fromRequest: true,
    });
  } else if (q.attachments.length && !messages.length) {
    // e-RS: attachments on the request itself (A024), with no conversation handed in
    messages.push({
      id: `${req.id}-question`,
      sender: describeSender(record, requesterOf(req), req, 'REQUESTER'),
      sent: str(req.authoredOn),
      text: undefined,
      attachments: q.attachments,
      fromRequest: true,
    });
  }
  // e-RS sends the question as the referrer's first message, not on the request
  const question = q.text ?? messages.find((m) => m.sender.conversationRole === 'REQUESTER' && m.text)?.text;
  return { messages, question };
}

const partyOf = (s: SenderView | undefined): SenderView | undefined => (s && (s.name || s.organisation) ? s : undefined);

const firstLine = (text: string | undefined): string | undefined => str(text?.split(/\r?\n/).find((l) => l.trim()));

function conversationView(
  input: ModelInput,
  req: CommunicationRequest & { id: string },
  comms: readonly Communication[],
): ConversationView {
  const { messages, question } = messagesOf(input.record, req, comms);
  const last = messages[messages.length - 1];
  const status = resolveStatus(req);
  const row = ADVICE_STATUS_TABLE[status.code];
  const lastRequesterMsg = [...messages].reverse().find((m) => m.sender.conversationRole === 'REQUESTER');
  const lastResponderMsg = [...messages].reverse().find((m) => m.sender.conversationRole === 'RESPONDER');
  const waitingSince = lastRequesterMsg?.sent ?? str(req.authoredOn);
  const asker = describeSender(input.record, requesterOf(req), req, 'REQUESTER');
  return {
    requestId: req.id,
    kind: 'request',
    status,
    row,
    nextText: row.nextText[input.perspective],
    yourTurn: row.next === input.perspective,
    specialty: specialtyOf(req),
    service: serviceOf(input.record, req),
    priority: ersPriorityOf(req) ?? str(req.priority),
    authoredOn: str(req.authoredOn),
    lastActivity: last?.sent ?? str(req.authoredOn),
    question,
    questionFirstLine: firstLine(question),
    asker: partyOf(asker),
    responder: partyOf(lastResponderMsg?.sender),
    unattributed: messages.filter((m) => m.sender.conversationRole === undefined).length,
    requester: asker.name,
    ubrn: ubrnOf(req),
    conversion: conversionOf(req),
    overdue: row.open
      ? overdueOf(row.next, waitingSince, input.now, input.responseTargetDays ?? DEFAULT_RESPONSE_TARGET_DAYS, input.workingDays)
      : { overdue: false },
    messages,
    versionId: str(req.meta?.versionId),
  };
}

/** An R4 A&G ServiceRequest (A041): a summary of the request, with no conversation. */
function summaryView(sr: ServiceRequest & { id: string }): ConversationView {
  const status = resolveStatus({ resourceType: 'CommunicationRequest', status: sr.status });
  const row = ADVICE_STATUS_TABLE[status.code];
  return {
    requestId: sr.id,
    kind: 'summary',
    status,
    row,
    nextText: 'apNextUnknown',
    yourTurn: false,
    specialty: undefined,
    service: undefined,
    priority: ersPriorityOf(sr) ?? str(sr.priority),
    authoredOn: str(sr.authoredOn),
    lastActivity: str(sr.authoredOn),
    question: undefined,
    questionFirstLine: undefined,
    asker: undefined,
    responder: undefined,
    unattributed: 0,
    requester: undefined,
    ubrn: ubrnOf(sr),
    conversion: 'unknown',
    overdue: { overdue: false },
    messages: [],
    versionId: str(sr.meta?.versionId),
  };
}

/** One conversation view per request of the record (and per R4 A&G ServiceRequest), newest activity first (open before ended). */
export function conversationViews(input: ModelInput): ConversationView[] {
  const { record } = input;
  const byRequest = new Map<string, Communication[]>();
  for (const c of record.ofType<Communication>('Communication')) {
    const id = requestIdOf(c, record);
    if (!id || c.status === 'entered-in-error') continue;
    const list = byRequest.get(id);
    if (list) list.push(c);
    else byRequest.set(id, [c]);
  }
  const views = record
    .ofType<CommunicationRequest>('CommunicationRequest')
    .filter((r): r is CommunicationRequest & { id: string } => typeof r.id === 'string')
    .map((req) => conversationView(input, req, byRequest.get(req.id) ?? []));
  const summaries = record
    .ofType<ServiceRequest>('ServiceRequest')
    .filter((r): r is ServiceRequest & { id: string } => typeof r.id === 'string' && isAdviceServiceRequest(r))
    .map(summaryView);
  views.push(...summaries);
  return views.sort((a, b) => Number(b.row.open) - Number(a.row.open) || (timeOf(b.lastActivity) ?? 0) - (timeOf(a.lastActivity) ?? 0));
}

/** Whether a responder may convert this conversation now. */
export function canConvert(view: ConversationView, perspective: Perspective): boolean {
  return perspective === 'responder' && view.kind === 'request' && view.conversion === 'authorised' && view.row.open;
}
