// Conversations of <jc-advice-panel>: each A&G request with its messages, status, who acts next and response target, read from the record.
import type { CodeableConcept, Communication, CommunicationRequest, Reference } from 'fhir/r4.js';
import { asArray, ClinicalRecord, formatCodeableConcept, isUbrnSystem, type MessageKey } from '@joinedcare/core';
import {
  ADVICE_STATUS_TABLE,
  AG_CATEGORY_SYSTEM,
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
import { codingsOf, str, targetType } from './values.js';

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

/** The request a message belongs to (`partOf`, else `basedOn`), resolved through the record: its id. */
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

/** The specialty: a category that is not the A&G category (e.g. a SNOMED specialty). */
function specialtyOf(req: CommunicationRequest): string | undefined {
  for (const c of asArray<CodeableConcept>(req.category)) {
    if (codingsOf(c).some((x) => x.system === AG_CATEGORY_SYSTEM)) continue;
    const t = formatCodeableConcept(c);
    if (t && t !== 'Not Known') return t;
  }
  return undefined;
}

/** The service: a HealthcareService recipient's display, else the first recipient's. */
function serviceOf(record: ClinicalRecord, req: CommunicationRequest): string | undefined {
  const recips = asArray<Reference>(req.recipient);
  const hs = recips.find((r) => targetType(record, r, req) === 'HealthcareService');
  return str(hs?.display) ?? str(recips[0]?.display);
}

/** The thread, oldest first; the request's own question comes first when no message carries it. */
function messagesOf(
  record: ClinicalRecord,
  req: CommunicationRequest,
  comms: readonly Communication[],
): { messages: MessageView[]; question: string | undefined } {
  const sorted = comms.slice().sort((a, b) => (timeOf(a.sent) ?? 0) - (timeOf(b.sent) ?? 0));
  const messages: MessageView[] = sorted.map((c, i) => {
    const { text, attachments } = payloadParts(record, c, c.payload);
    return {
      id: c.id ?? `message-${i}`,
      sender: describeSender(record, c.sender, c, senderRoleOf(record, c, req)),
      sent: str(c.sent) ?? str(c.received),
      text,
      attachments,
    };
  });
  const q = payloadParts(record, req, req.payload);
  if (q.text && !messages.some((m) => m.text === q.text)) {
    messages.unshift({
      id: `${req.id}-question`,
      sender: describeSender(record, req.requester, req, 'REQUESTER'),
      sent: str(req.authoredOn),
      text: q.text,
      attachments: q.attachments,
      fromRequest: true,
    });
  }
  return { messages, question: q.text };
}

function conversationView(
  input: ModelInput,
  req: CommunicationRequest & { id: string },
  comms: readonly Communication[],
): ConversationView {
  const { messages, question } = messagesOf(input.record, req, comms);
  const last = messages[messages.length - 1];
  const status = resolveStatus(req, last?.sender.conversationRole);
  const row = ADVICE_STATUS_TABLE[status.code];
  const lastRequesterMsg = [...messages].reverse().find((m) => m.sender.conversationRole === 'REQUESTER');
  const waitingSince = lastRequesterMsg?.sent ?? str(req.authoredOn);
  return {
    requestId: req.id,
    status,
    row,
    nextText: row.nextText[input.perspective],
    yourTurn: row.next === input.perspective,
    specialty: specialtyOf(req),
    service: serviceOf(input.record, req),
    priority: str(req.priority),
    authoredOn: str(req.authoredOn),
    lastActivity: last?.sent ?? str(req.authoredOn),
    question,
    requester: str(req.requester?.display),
    ubrn: str(asArray<{ system?: string; value?: string }>(req.identifier).find((i) => isUbrnSystem(i?.system))?.value),
    conversion: conversionOf(req),
    overdue: row.open
      ? overdueOf(row.next, waitingSince, input.now, input.responseTargetDays ?? DEFAULT_RESPONSE_TARGET_DAYS, input.workingDays)
      : { overdue: false },
    messages,
    versionId: str(req.meta?.versionId),
  };
}

/** One conversation view per request of the record, newest activity first (open before ended). */
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
  return views.sort((a, b) => Number(b.row.open) - Number(a.row.open) || (timeOf(b.lastActivity) ?? 0) - (timeOf(a.lastActivity) ?? 0));
}

/** Whether a responder may convert this conversation now. */
export function canConvert(view: ConversationView, perspective: Perspective): boolean {
  return perspective === 'responder' && view.conversion === 'authorised' && view.row.open;
}
