// The contexts every joined-care element consumes, and what it forgets when it is moved.
import { LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { JC_CONTEXTS, type CareSetting, type Clock, type PatientInContext } from '../context/contexts.js';
import type { FhirClient } from '../fhir/types.js';

/**
 * Consumes the shared contexts (FHIR client, patient, setting, language, clock) from the nearest
 * `<jc-context>`. A widget moved somewhere else (a portal, a tab host, a dashboard) forgets what the
 * old place provided as it reconnects: the consumers ask again, a context there answers at once, and
 * where none answers the widget is "not configured", never the last patient. @internal
 */
export class JcContextConsumer extends LitElement {
  /** @internal */
  @consume({ context: JC_CONTEXTS.client, subscribe: true })
  @state()
  protected contextClient?: FhirClient;

  /** @internal */
  @consume({ context: JC_CONTEXTS.patient, subscribe: true })
  @state()
  protected contextPatient?: PatientInContext;

  /** @internal */
  @consume({ context: JC_CONTEXTS.setting, subscribe: true })
  @state()
  protected contextSetting?: CareSetting;

  /** @internal */
  @consume({ context: JC_CONTEXTS.locale, subscribe: true })
  @state()
  protected contextLocale?: string;

  /** @internal */
  @consume({ context: JC_CONTEXTS.clock, subscribe: true })
  @state()
  protected contextClock?: Clock;

  private connectedBefore = false;

  override connectedCallback(): void {
    if (this.connectedBefore) {
      this.contextClient = undefined;
      this.contextPatient = undefined;
      this.contextSetting = undefined;
      this.contextLocale = undefined;
      this.contextClock = undefined;
    }
    this.connectedBefore = true;
    super.connectedCallback();
  }
}
