// An Angular (21) host for the joined-care widgets: a standalone component, compiled ahead of time
// with strict template type-checking (see ../tsconfig.json) and built and tested like the other
// examples (test/examples/examples.test.mjs).
//
// `[client]="…"` and `[patient]="…"` set DOM properties (objects stay objects); `(jc-…)="…"` listens
// to DOM events. Because the packages type their events in HTMLElementEventMap and their tags in
// HTMLElementTagNameMap, Angular's template type-checker types `$event` for each `(jc-…)` binding.
import { CUSTOM_ELEMENTS_SCHEMA, Component, signal } from '@angular/core';
import type { Patient } from 'fhir/r4.js';
import { FetchFhirClient } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';

@Component({
  selector: 'app-patient-panel',
  // lets Angular accept the jc-* tags, their properties and their events
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Referral clinic (Angular host)</h1>
      <label>
        Patient
        <select [value]="patientId()" (change)="selectPatient($event)">
          <option value="pat-a">Harry Ahmed (diabetes)</option>
          <option value="pat-b">Aisha Murphy (COPD)</option>
          <option value="pat-c">Priya Ahmed (child)</option>
        </select>
      </label>
      <button type="button" (click)="handedIn.set(handedIn() ? undefined : unrelated)">
        {{ handedIn() ? 'Use the record from the server' : 'Hand in a record from another system' }}
      </button>
      <button type="button" (click)="summary.refresh()">Reload the care summary</button>

      <jc-context [client]="client" [patientId]="patientId()" setting="secondary" (jc-context-changed)="lastEvent.set('jc-context-changed')">
        <jc-patient-banner [patient]="handedIn()" (jc-safety-warning)="onSafetyWarning($event)"></jc-patient-banner>
        <jc-care-summary
          #summary
          sections="problems medicines allergies"
          (jc-load)="onSummaryLoad($event, summary)"
          (jc-error)="summaryState.set('error: ' + $event.detail.kind)"
        ></jc-care-summary>
        <jc-referral-status></jc-referral-status>
      </jc-context>

      <p role="status">Last event: {{ lastEvent() }}</p>
      <p data-testid="summary-state">Care summary: {{ summaryState() }}</p>
    </main>
  `,
})
export class PatientPanelComponent {
  readonly client = new FetchFhirClient({ baseUrl: '/fhir' });
  readonly patientId = signal('pat-a');
  readonly handedIn = signal<Patient | undefined>(undefined);
  readonly lastEvent = signal('none yet');
  readonly summaryState = signal('not loaded yet');
  /** A record from another system that is NOT the patient in context: the banner must refuse it. */
  readonly unrelated: Patient = { resourceType: 'Patient', id: 'other-system-17', name: [{ family: 'Unrelated', given: ['Robin'] }] };

  selectPatient(event: Event): void {
    if (event.target instanceof HTMLSelectElement) this.patientId.set(event.target.value);
  }

  /** `$event` is typed from HTMLElementEventMap: `detail` is the `jc-safety-warning` detail (ids only). */
  onSafetyWarning(event: HTMLElementEventMap['jc-safety-warning']): void {
    const { resourceType, id } = event.detail;
    this.lastEvent.set(`jc-safety-warning (${resourceType}/${id})`);
  }

  /** The lifecycle: `jc-load` carries counts only; `state` is the widget's own reading (also its `state` attribute). */
  onSummaryLoad(event: HTMLElementEventMap['jc-load'], summary: HTMLElementTagNameMap['jc-care-summary']): void {
    this.summaryState.set(`${summary.state}${event.detail.count === undefined ? '' : `, ${event.detail.count} items`}`);
  }
}
