// Drafts of <jc-advice-panel>: per (server, patient, user) scope and conversation, in memory at module
// level (so they survive re-render, element re-creation and a patient switch and back), optionally
// mirrored to sessionStorage (`persist-drafts`: survives a reload of the tab; cleared on send and when
// the tab closes). The scope is core's `patientScopeKey`: a digest of the server's base URL, the
// confirmed patient and the user, so no identifier is written into a key, and two servers' patients
// with the same id never share a draft. A draft is deleted only after the server confirms the send.
import { digest } from '@joinedcare/core';

/** What the user has typed and chosen, and the id that makes its send idempotent. */
export interface Draft {
  text: string;
  /** DocumentReference ids chosen from the host's `attachments`. */
  attachmentIds: string[];
  /** New request only: the chosen service id and priority. */
  serviceId?: string;
  priority?: 'routine' | 'urgent';
  /**
   * `urn:uuid:…` generated on the first send attempt and reused by every retry of this draft, so a
   * retry after a timeout cannot create a second message. Cleared with the draft.
   */
  sendId?: string;
}

const memory = new Map<string, Draft>();
const STORAGE_PREFIX = 'jc-advice-draft:';

/**
 * The draft key: the scope (core's `patientScopeKey(client, who)`: server, confirmed patient and user,
 * as a digest) and the conversation (digested too: a request's id may carry identifiers).
 */
export function draftKey(scope: string, conversation: string): string {
  return `${scope}|${digest(conversation)}`;
}

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined; // sandboxed iframes throw on access
  }
}

function isDraft(v: unknown): v is Draft {
  return typeof v === 'object' && v !== null && typeof (v as Draft).text === 'string' && Array.isArray((v as Draft).attachmentIds);
}

/** The draft for `key`: memory first, then (with `persist`) sessionStorage. */
export function loadDraft(key: string, persist: boolean): Draft | undefined {
  const m = memory.get(key);
  if (m) return m;
  if (!persist) return undefined;
  try {
    const raw = storage()?.getItem(STORAGE_PREFIX + key);
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    if (isDraft(parsed)) {
      memory.set(key, parsed);
      return parsed;
    }
  } catch {
    // unreadable: start afresh
  }
  return undefined;
}

/** Stores a draft (an empty one is deleted unless it carries a send id). */
export function saveDraft(key: string, draft: Draft, persist: boolean): void {
  const empty = !draft.text && !draft.attachmentIds.length && !draft.sendId && !draft.serviceId && !draft.priority;
  if (empty) {
    clearDraft(key);
    return;
  }
  memory.set(key, draft);
  if (persist) {
    try {
      storage()?.setItem(STORAGE_PREFIX + key, JSON.stringify(draft));
    } catch {
      // quota or privacy mode: memory still has it
    }
  }
}

/** Deletes a draft from memory and sessionStorage. */
export function clearDraft(key: string): void {
  memory.delete(key);
  try {
    storage()?.removeItem(STORAGE_PREFIX + key);
  } catch {
    // nothing to clear
  }
}

/** Forgets every draft (memory and sessionStorage). For tests and for a host's "sign out". */
export function clearAllDrafts(): void {
  memory.clear();
  const s = storage();
  if (!s) return;
  try {
    for (let i = s.length - 1; i >= 0; i--) {
      const k = s.key(i);
      if (k?.startsWith(STORAGE_PREFIX)) s.removeItem(k);
    }
  } catch {
    // ignore
  }
}

/** Sends in flight, by draft key: a second send of the same draft joins the first (double clicks, re-created elements). */
const inFlight = new Map<string, Promise<unknown>>();

/** Runs `send` unless a send of this draft is already in flight, in which case it returns that one. */
export function sendOnce<T>(key: string, send: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key);
  if (running) return running as Promise<T>;
  const p = send().finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

/** The send in flight for a draft, if any. */
export function sendInFlight(key: string): Promise<unknown> | undefined {
  return inFlight.get(key);
}

/** A new `urn:uuid:` value. */
export function newSendId(): string {
  const uuid =
    typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
          (Number(c) ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (Number(c) / 4)))).toString(16),
        );
  return `urn:uuid:${uuid}`;
}
