// A React 19 host: the widgets are plain custom elements. React 19 sets objects as properties
// (`client`, `patient`) and attaches `onjc-…` props as listeners for the widgets' DOM events; the
// props and each event's `detail` are typed (custom-elements.d.ts).
import { useRef, useState } from 'react';
import type { Patient } from 'fhir/r4.js';
import { FetchFhirClient } from '@joinedcare/core';
import type { JcCareSummary } from '@joinedcare/care-summary';
import '@joinedcare/core/define.js';
import '@joinedcare/patient-banner/define.js';
import '@joinedcare/care-summary/define.js';
import '@joinedcare/referral-status/define.js';
import '@joinedcare/advice-panel/define.js';

// any FhirClient works (a SMART client wrapper, your own fetch with auth); here: the fixture server
const client = new FetchFhirClient({ baseUrl: '/fhir' });

const PATIENTS = [
  { id: 'pat-a', label: 'Harry Ahmed (diabetes)' },
  { id: 'pat-b', label: 'Aisha Murphy (COPD)' },
  { id: 'pat-c', label: 'Priya Ahmed (child)' },
];

/** A record from another system that is NOT the patient in context: the banner must refuse it. */
const UNRELATED: Patient = {
  resourceType: 'Patient',
  id: 'other-system-17',
  name: [{ family: 'Unrelated', given: ['Robin'] }],
  birthDate: '1970-01-01',
};

export function App() {
  const [patientId, setPatientId] = useState('pat-a');
  const [handedIn, setHandedIn] = useState<Patient | undefined>();
  const [lastEvent, setLastEvent] = useState('none yet');
  const [summaryState, setSummaryState] = useState('not loaded yet');
  const summary = useRef<JcCareSummary>(null);

  return (
    <main>
      <h1>Clinic list (React 19 host)</h1>
      <label>
        Patient{' '}
        <select value={patientId} onChange={(e) => setPatientId(e.target.value)}>
          {PATIENTS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => setHandedIn(handedIn ? undefined : UNRELATED)}>
        {handedIn ? 'Use the record from the server' : 'Hand in a record from another system'}
      </button>
      <button type="button" onClick={() => void summary.current?.refresh()}>
        Reload the care summary
      </button>

      <jc-context
        client={client}
        patient-id={patientId}
        setting="secondary"
        onjc-context-changed={() => setLastEvent('jc-context-changed')}
      >
        <jc-patient-banner
          patient={handedIn}
          onjc-safety-warning={(e) => setLastEvent(`jc-safety-warning (${e.detail.resourceType}/${e.detail.id})`)}
        ></jc-patient-banner>
        <jc-care-summary
          ref={summary}
          sections="problems medicines allergies"
          // the lifecycle: jc-load carries counts only; `state` is the widget's own reading (also its attribute)
          onjc-load={(e) => setSummaryState(`${summary.current?.state ?? ''}${e.detail.count === undefined ? '' : `, ${e.detail.count} items`}`)}
          onjc-error={(e) => setSummaryState(`error: ${e.detail.kind}`)}
        ></jc-care-summary>
        <jc-referral-status></jc-referral-status>
      </jc-context>

      <p role="status" data-testid="last-event">
        Last event: {lastEvent}
      </p>
      <p data-testid="summary-state">Care summary: {summaryState}</p>
    </main>
  );
}
