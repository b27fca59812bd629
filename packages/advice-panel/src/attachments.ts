// Attachments of <jc-advice-panel>: what a message's DocumentReferences say (availability, title, type, size), resolved through the record.
import type { CommunicationRequest, DocumentReference } from 'fhir/r4.js';
import { asArray, isRecord, type ClinicalRecord, type MessageKey } from '@joinedcare/core';
import { conceptText, missingIdOf, str } from './values.js';
import { ersAvailabilityOf, messageTextOf } from './ers.js';

/** Whether an attachment can be opened, and if not why (e-RS: still being scanned, a threat found, failed validation). */
export type AttachmentAvailability = 'available' | 'not-yet-available' | 'withdrawn' | 'not-loaded' | 'threats-found' | 'validation-failed';

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
 * is not `preliminary` (not yet scanned or processed), some content has a `url` or `data`, and e-RS's
 * availability status (when given) is AVAILABLE: PENDING is not yet available, THREATS_FOUND and
 * VALIDATION_FAILED cannot be retrieved.
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
  const att = asArray<NonNullable<DocumentReference['content']>[number]>(doc.content)
    .map((c) => c?.attachment)
    .find(isRecord);
  const hasContent = asArray<NonNullable<DocumentReference['content']>[number]>(doc.content).some(
    (c) => !!(str(c?.attachment?.url) || str(c?.attachment?.data)),
  );
  const ers = ersAvailabilityOf(att);
  const availability: AttachmentAvailability =
    doc.status === 'entered-in-error'
      ? 'withdrawn'
      : ers === 'THREATS_FOUND'
        ? 'threats-found'
        : ers === 'VALIDATION_FAILED'
          ? 'validation-failed'
          : doc.status === 'current' && doc.docStatus !== 'preliminary' && hasContent && (ers === undefined || ers === 'AVAILABLE')
            ? 'available'
            : 'not-yet-available';
  const size = typeof att?.size === 'number' && Number.isFinite(att.size) && att.size >= 0 ? att.size : undefined;
  return {
    documentReferenceId: id,
    title: str(att?.title) ?? str(doc.description) ?? fallbackTitle,
    type: conceptText(doc.type),
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

type Payload = NonNullable<CommunicationRequest['payload']>[number];

/**
 * A message's (or request's) text (`payload.contentString`, and e-RS's `note`) and attachments. Each `contentReference` is resolved through the record (a
 * stored DocumentReference, a contained one, a `urn:` entry); one the record does not hold is shown
 * as "could not be loaded". A contained or `urn:` document has no server id: its id is the local
 * key (`#doc1`, `urn:uuid:…`).
 */
export function payloadParts(record: ClinicalRecord, from: unknown): { text: string | undefined; attachments: AttachmentView[] } {
  const attachments: AttachmentView[] = [];
  for (const p of asArray<Payload>(isRecord(from) ? from['payload'] : undefined)) {
    if (!isRecord(p)) continue;
    const ref = p.contentReference;
    const title = isRecord(ref) ? str(ref.display) : undefined;
    const r = record.resolve(ref, from);
    if (r.kind === 'resource' && r.resource.resourceType === 'DocumentReference') {
      attachments.push(attachmentView(r.local ? r.key : (r.resource.id ?? r.key), r.resource, title));
    } else if (r.kind === 'unresolvable' && r.type === 'DocumentReference' && r.id) {
      attachments.push(attachmentView(r.id, undefined, title));
    }
  }
  return { text: messageTextOf(from), attachments };
}

/** Ids of the DocumentReferences the record's requests and messages point at and the record does not hold (to load them). */
export function referencedDocumentIds(record: ClinicalRecord): string[] {
  const ids = new Set<string>();
  for (const from of [...record.ofType('CommunicationRequest'), ...record.ofType('Communication')]) {
    for (const p of asArray<Payload>((from as { payload?: unknown }).payload)) {
      const id = isRecord(p) ? missingIdOf(record, p.contentReference, from, 'DocumentReference') : undefined;
      if (id) ids.add(id);
    }
  }
  return [...ids];
}
