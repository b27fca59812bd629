// What the advice panel's controllers (sending, converting) need from their element: one small interface, not a bag of callbacks.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CommunicationRequest, Reference } from 'fhir/r4.js';
import type { FhirClient, JcElement, MessageKey, PatientIdentity, PatientInContext } from '@joinedcare/core';
import type { Loaded } from './load.js';
import type { Perspective } from './status.js';
import type { AdviceAttachmentOption, AdviceService } from './writes.js';

/** The element's settings a write reads (its public properties). */
export interface AdviceSettings {
  readonly sender?: Reference | undefined;
  readonly services: readonly AdviceService[];
  readonly attachments: readonly AdviceAttachmentOption[];
  readonly persistDrafts: boolean;
  readonly convertMode: string;
}

/** The patient in context and what the element has for them, read when a controller needs it. */
export interface AdviceSession {
  /** The patient selection (its `key` changes with every selection). */
  patient: PatientInContext;
  client: FhirClient | undefined;
  /** The patient task's value for this patient, once loaded. */
  data: Loaded | undefined;
  perspective: Perspective;
  now: Date;
  settings: AdviceSettings;
}

/** What a finished send or conversion asks of the element. Nothing of it happens under another patient. */
export interface AdviceOutcome {
  /** The patient selection the write was made for. */
  patientKey: string;
  /**
   * The scope (server, patient, user) the write was made for: a write that ends after a switch to
   * another patient and back to this one is this patient's again, and is shown and announced.
   */
  scope?: string | undefined;
  /** Announced in the panel's live region. */
  announce: MessageKey;
  /** Values for the announcement. */
  params?: Record<string, string | number>;
  /** A conversation to open (a new request, once saved). */
  select?: string;
  /** A reply was added to this conversation: it is not a "new message" for the user who sent it. */
  replied?: string;
  /** Reload the conversations. */
  reload?: boolean;
}

/** The element a controller is added to; it fires the controller's events. */
export type AdviceElement = ReactiveControllerHost & Pick<JcElement, 'emit'>;

/** The element's side of the advice controllers. */
export interface AdviceHost {
  /** The patient in context and what the element has for them; undefined without a patient. */
  session(): AdviceSession | undefined;
  /**
   * Runs the element's patient guard over one resource the server returned (with `parent`, the
   * request it belongs to, guarded with it: a message that names no patient is the request's).
   */
  guard<T extends { resourceType?: unknown; id?: unknown } = CommunicationRequest>(
    resource: T,
    who: PatientIdentity,
    parent?: unknown,
  ): T | undefined;
  /** Counts the work as data: the element's `updateComplete` waits until it has settled and been drawn. */
  track<T>(work: Promise<T>): Promise<T>;
  settled(outcome: AdviceOutcome): void;
}

/** The advice panel's controllers: added to their element, with its side (`AdviceHost`). */
export abstract class AdviceController implements ReactiveController {
  constructor(
    protected readonly host: AdviceElement,
    protected readonly advice: AdviceHost,
  ) {
    host.addController(this);
  }

  /** Nothing to set up on connection. */
  hostConnected(): void {
    // nothing to do
  }
}
