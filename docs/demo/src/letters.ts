// What the mock products do with `jc-document-open-request`: read the DocumentReference for the
// patient in context, fetch its attachment (inline data, or the Binary it points at) and show it in a
// dialog. A document about another patient is not shown. Text is set with textContent only; a PDF is
// shown from a blob: URL of the bytes the server sent.
import { FHIR_BASE_URL } from './data.js';

interface Attachment {
  contentType?: string;
  data?: string;
  url?: string;
  title?: string;
}

const fhirJson = async (path: string): Promise<Record<string, unknown>> => {
  const r = await fetch(`${FHIR_BASE_URL}/${path}`, { headers: { accept: 'application/fhir+json' } });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return (await r.json()) as Record<string, unknown>;
};

const bytesOf = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** The attachment's bytes and type: inline `data`, else the relative `Binary/<id>` on our server. */
async function contentOf(a: Attachment): Promise<{ type: string; bytes: Uint8Array } | undefined> {
  if (a.data) return { type: a.contentType ?? 'application/octet-stream', bytes: bytesOf(a.data) };
  const m = a.url ? /^(?:.*\/)?Binary\/([A-Za-z0-9\-.]{1,64})$/.exec(a.url) : null;
  if (!m) return undefined;
  const binary = await fhirJson(`Binary/${m[1]}`);
  const data = typeof binary['data'] === 'string' ? binary['data'] : undefined;
  const type = typeof binary['contentType'] === 'string' ? binary['contentType'] : (a.contentType ?? 'application/octet-stream');
  return data ? { type, bytes: bytesOf(data) } : undefined;
}

function dialog(): { dialog: HTMLDialogElement; title: HTMLElement; body: HTMLElement } {
  let d = document.querySelector<HTMLDialogElement>('#letter-dialog');
  if (!d) {
    d = document.createElement('dialog');
    d.id = 'letter-dialog';
    d.className = 'letter';
    d.setAttribute('aria-labelledby', 'letter-title');
    const head = document.createElement('div');
    head.className = 'letter__head';
    const h = document.createElement('h2');
    h.id = 'letter-title';
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'letter__close';
    close.textContent = 'Close';
    close.addEventListener('click', () => d?.close());
    head.append(h, close);
    const body = document.createElement('div');
    body.className = 'letter__body';
    d.append(head, body);
    d.addEventListener('close', () => {
      for (const f of body.querySelectorAll('iframe')) URL.revokeObjectURL(f.src);
      body.replaceChildren();
    });
    document.body.append(d);
  }
  return { dialog: d, title: d.querySelector<HTMLElement>('#letter-title')!, body: d.querySelector<HTMLElement>('.letter__body')! };
}

const paragraph = (text: string, className?: string): HTMLParagraphElement => {
  const p = document.createElement('p');
  if (className) p.className = className;
  p.textContent = text;
  return p;
};

/** Opens the letter `documentReferenceId` of patient `patientId` in the dialog. */
export async function openLetter(detail: { documentReferenceId: string }, patientId: string): Promise<void> {
  const { dialog: d, title, body } = dialog();
  title.textContent = 'Letter';
  body.replaceChildren(paragraph('Loading the letter…'));
  if (!d.open) d.showModal();
  try {
    const doc = await fhirJson(`DocumentReference/${encodeURIComponent(detail.documentReferenceId)}`);
    const subject = (doc['subject'] as { reference?: string } | undefined)?.reference ?? '';
    if (subject.replace(/^.*\/(Patient\/[^/]+)$/, '$1') !== `Patient/${patientId}`) {
      body.replaceChildren(paragraph('This document is not about the patient in context, so it is not shown.', 'letter__error'));
      return;
    }
    const content = (doc['content'] as { attachment?: Attachment }[] | undefined) ?? [];
    const attachment = content.find((c) => c.attachment)?.attachment;
    title.textContent = attachment?.title ?? (typeof doc['description'] === 'string' ? doc['description'] : 'Letter');
    const got = attachment ? await contentOf(attachment) : undefined;
    if (!got) {
      body.replaceChildren(paragraph('The letter has no content this system can show.', 'letter__error'));
      return;
    }
    if (got.type.startsWith('text/plain')) {
      const pre = document.createElement('pre');
      pre.textContent = new TextDecoder().decode(got.bytes);
      body.replaceChildren(pre);
    } else {
      const frame = document.createElement('iframe');
      frame.title = title.textContent;
      // a blob: URL has this page's origin: anything but a PDF (shown by the browser's viewer) is
      // sandboxed, so an HTML letter cannot run script here
      if (!got.type.startsWith('application/pdf')) frame.setAttribute('sandbox', '');
      frame.src = URL.createObjectURL(new Blob([got.bytes as BlobPart], { type: got.type }));
      body.replaceChildren(frame);
    }
  } catch {
    body.replaceChildren(paragraph('The letter could not be loaded. Try again, or open it in the source system.', 'letter__error'));
  }
}
