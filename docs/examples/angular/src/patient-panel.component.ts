// Angular (standalone component) host for the joined-care widgets. SOURCE ONLY: Angular is not
// installed in this repository, so this file is neither built nor tested here (see ../README.md).
// Drop it into an Angular 17+ application that has @joinedcare/* installed.
import { CUSTOM_ELEMENTS_SCHEMA, Component, signal } from '@angular/core';
import type { Patient } from 'fhir/r4.js';
import { FetchFhirClient, type SafetyWarningDetail } from '@joinedcare/core';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';

@Component({
  selector: 'app-patient-panel',
  standalone: true,
  // lets Angular accept the jc-* tags, their properties and their events
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <label>
      Patient
      <select [value]="patientId()" (change)="patientId.set($any($event.target).value)">
        <option value="pat-a">Harry Ahmed (diabetes)</option>
        <option value="pat-b">Aisha Murphy (COPD)</option>
      </select>
    </label>
    <button type="button" (click)="handedIn.set(handedIn() ? undefined : unrelated)">Hand in a record from another system</button>

    <!-- [prop]="…" sets DOM properties (objects stay objects); (jc-…)="…" listens to DOM events -->
    <jc-context [client]="client" [patientId]="patientId()" setting="secondary" (jc-context-changed)="lastEvent.set('jc-context-changed')">
      <jc-patient-banner [patient]="handedIn()" (jc-safety-warning)="onSafetyWarning($event)"></jc-patient-banner>
      <jc-care-summary sections="problems medicines allergies" [resources]="summaryResources"></jc-care-summary>
      <jc-referral-status></jc-referral-status>
    </jc-context>

    <p role="status">Last event: {{ lastEvent() }}</p>
  `,
})
export class PatientPanelComponent {
  readonly client = new FetchFhirClient({ baseUrl: '/fhir' });
  readonly patientId = signal('pat-a');
  readonly handedIn = signal<Patient | undefined>(undefined);
  readonly lastEvent = signal('none yet');
  /** undefined: the care summary searches the server; an array: it shows these resources instead. */
  readonly summaryResources = undefined;
  readonly unrelated: Patient = { resourceType: 'Patient', id: 'other-system-17', name: [{ family: 'Unrelated', given: ['Robin'] }] };

  onSafetyWarning(event: Event): void {
    const { resourceType, id } = (event as CustomEvent<SafetyWarningDetail>).detail;
    this.lastEvent.set(`jc-safety-warning (${resourceType}/${id})`);
  }
}
