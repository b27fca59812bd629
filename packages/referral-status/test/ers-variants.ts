// e-RS responses shaped exactly like the published sandbox ones (NHSDigital e-referrals-service-api,
// sandbox/src/mocks/stu3/retrieveReferralRequest, retrieveAppointment; r4/searchServiceRequest), for
// every e-RS state, reason and priority the sandbox does not cover. Used by the tests and the stories.
// Dates are relative to `now`; nothing here is read from the network.

const STU3 = 'https://fhir.nhs.uk/STU3/StructureDefinition/';
const STATE_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralState-1';
const PRIORITY_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-Priority-1';
export const NHS_NUMBER_STU3 = 'http://fhir.nhs.net/Id/nhs-number';

/** The sandbox's patient (retrieveReferralRequest-BookedDBS and most others). */
export const SANDBOX_NHS_NUMBER = '9912003888';

export type ErsState =
  | 'NOT_BOOKED'
  | 'BOOKED'
  | 'AWAITING_TRIAGE'
  | 'TRIAGE_RESPONSE'
  | 'TRIAGED_PROVIDER_TO_ACTION'
  | 'DEFERRED_TO_PROVIDER'
  | 'APPT_CANCELLED_BY_PROVIDER'
  | 'APPT_CANCELLED_BY_PATIENT'
  | 'DID_NOT_ATTEND'
  | 'ASSESSMENT_RESULT'
  | 'REJECTED'
  | 'CANCELLED_REFERRAL';

export type ErsPriority = 'ROUTINE' | 'URGENT' | 'TWO_WEEK_WAIT';

/** e-RS's displays (eRS-ReferralState-1, as the specification lists them). */
export const STATE_DISPLAY: Record<ErsState, string> = {
  NOT_BOOKED: 'Not Booked',
  BOOKED: 'Booked',
  AWAITING_TRIAGE: 'Awaiting Triage',
  TRIAGE_RESPONSE: 'Triage Response',
  TRIAGED_PROVIDER_TO_ACTION: 'Triaged - Provider To Action',
  DEFERRED_TO_PROVIDER: 'Deferred To Provider',
  APPT_CANCELLED_BY_PROVIDER: 'Appointment Cancelled By Provider',
  APPT_CANCELLED_BY_PATIENT: 'Appointment Cancelled By Patient',
  DID_NOT_ATTEND: 'Did Not Attend',
  ASSESSMENT_RESULT: 'Assessment Result',
  REJECTED: 'Rejected',
  CANCELLED_REFERRAL: 'Cancelled Referral',
};

const PRIORITY_DISPLAY: Record<ErsPriority, string> = { ROUTINE: 'Routine', URGENT: 'Urgent', TWO_WEEK_WAIT: '2 Week Wait' };

export interface Reason {
  system: string;
  code: string;
  display?: string;
}

/** The reason (and comment) each state carries in these variants: the e-RS code systems the specification names. */
export const STATE_REASON: Partial<Record<ErsState, { reason?: Reason; comments?: string }>> = {
  TRIAGE_RESPONSE: {
    reason: {
      system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReviewOutcome-1',
      code: 'RETURN_TO_REFERRER_WITH_ADVICE',
      display: 'Return to Referrer With Advice',
    },
    comments: 'Try a trial of a beta blocker for six weeks, then re-refer if symptoms continue.',
  },
  TRIAGED_PROVIDER_TO_ACTION: {
    reason: {
      system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReviewOutcome-1',
      code: 'ACCEPT_REFER_BOOK_LATER',
      display: 'Accept Refer Book Later',
    },
  },
  DEFERRED_TO_PROVIDER: { reason: { system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReviewReason-1', code: 'NO_SLOTS_AT_SERVICE' } },
  APPT_CANCELLED_BY_PROVIDER: {
    reason: { system: '_baseUrl_/STU3/CodeSystem/APPOINTMENT-CANCELLATION-REASON', code: 'CLINIC_CANCELLED', display: 'Clinic cancelled' },
    comments: 'Consultant on leave; the service will offer a new date.',
  },
  APPT_CANCELLED_BY_PATIENT: { reason: { system: '_baseUrl_/STU3/CodeSystem/APPOINTMENT-CANCELLATION-REASON', code: 'PATIENT_HOLIDAY' } },
  DID_NOT_ATTEND: {
    reason: {
      system: '_baseUrl_/STU3/CodeSystem/APPOINTMENT-NON-ATTENDANCE-REASON',
      code: 'PATIENT_FORGOT',
      display: 'Patient forgot about appointment',
    },
  },
  ASSESSMENT_RESULT: { comments: 'Assessment sent to the referrer: echocardiogram normal.' },
  REJECTED: {
    reason: {
      system: '_baseurl_/STU3/CodeSystem/APPOINTMENT-CANCELLATION-REASON',
      code: 'SERVICE_INAPPROPRIATE',
      display: 'Inappropriate service',
    },
    comments: 'Please refer to the heart failure clinic instead.',
  },
  CANCELLED_REFERRAL: {
    reason: {
      system: '_baseUrl_/STU3/CodeSystem/REQUEST-CANCELLATION-REASON',
      code: 'REFERRER_CANCELLATION',
      display: 'Other - Referrer request cancellation',
    },
    comments: 'Patient now treated privately.',
  },
};

/** What the referral's appointment (contained, as e-RS sends it) is in each state. */
const STATE_APPOINTMENT: Partial<Record<ErsState, 'booked' | 'proposed' | 'cancelled' | 'noshow' | 'fulfilled'>> = {
  BOOKED: 'booked',
  AWAITING_TRIAGE: 'proposed',
  TRIAGE_RESPONSE: 'proposed',
  TRIAGED_PROVIDER_TO_ACTION: 'proposed',
  DEFERRED_TO_PROVIDER: 'proposed',
  APPT_CANCELLED_BY_PROVIDER: 'cancelled',
  APPT_CANCELLED_BY_PATIENT: 'cancelled',
  DID_NOT_ATTEND: 'noshow',
  ASSESSMENT_RESULT: 'fulfilled',
  REJECTED: 'cancelled',
  CANCELLED_REFERRAL: 'cancelled',
};

export interface ErsReferralSpec {
  /** 12 digits: the ReferralRequest id (e-RS: the id IS the UBRN). */
  ubrn: string;
  state: ErsState;
  priority?: ErsPriority;
  /** Days before `now` the pathway started (omit for no `eReferralPathwayStart`). */
  pathwayStartDaysAgo?: number;
  /** Days before `now` the clinical information was first submitted. */
  submittedDaysAgo?: number;
  specialty?: string;
  nhsNumber?: string;
  /** Override the state's reason and comments (null: none). */
  reason?: Reason | null;
  comments?: string | null;
  /** Days from `now` of the appointment's start (negative: in the past). */
  appointmentInDays?: number;
  /** Days before `now` the appointment was created (booked or deferred). */
  appointmentCreatedDaysAgo?: number;
  /** Extra extensions (an RTT status, a cancer waiting-times source). */
  extension?: Record<string, unknown>[];
}

const iso = (now: Date, days: number, hour = 9) => {
  const d = new Date(now.getTime() + days * 86_400_000);
  d.setUTCHours(hour, 30, 0, 0);
  return d.toISOString();
};

/** An e-RS STU3 ReferralRequest (A005) in the sandbox's shape. */
export function ersReferral(spec: ErsReferralSpec, now: Date): Record<string, unknown> {
  const nhs = spec.nhsNumber ?? SANDBOX_NHS_NUMBER;
  const priority = spec.priority ?? 'ROUTINE';
  const preset = STATE_REASON[spec.state] ?? {};
  const reason = spec.reason === null ? undefined : (spec.reason ?? preset.reason);
  const comments = spec.comments === null ? undefined : (spec.comments ?? preset.comments);
  const apptStatus = STATE_APPOINTMENT[spec.state];
  const created = iso(now, -(spec.appointmentCreatedDaysAgo ?? 20), 11);
  const start = spec.appointmentInDays !== undefined ? iso(now, spec.appointmentInDays, 10) : undefined;
  const withStart =
    apptStatus === 'booked' || apptStatus === 'noshow' || apptStatus === 'fulfilled' || (apptStatus === 'cancelled' && start);
  const appointment = apptStatus
    ? {
        id: 'appointment',
        meta: {
          versionId: '0',
          profile: [`${STU3}eRS-Appointment-1`, 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1'],
        },
        language: 'en',
        resourceType: 'Appointment',
        status: apptStatus,
        description: 'e-Referral Appointment',
        ...(withStart ? { start: start ?? iso(now, apptStatus === 'booked' ? 14 : -5, 10) } : {}),
        created,
        incomingReferral: [{ reference: `ReferralRequest/${spec.ubrn}/_history/5` }],
        participant: [
          {
            actor: {
              identifier: { system: 'http://fhir.nhs.net/Id/ers-service', value: '11002' },
              display: 'Good Cardiology Business Service',
            },
            status: 'accepted',
          },
          { actor: { identifier: { system: NHS_NUMBER_STU3, value: nhs } }, status: 'accepted' },
        ],
      }
    : undefined;
  const state = [
    { url: 'state', valueCoding: { system: STATE_SYSTEM, code: spec.state, display: STATE_DISPLAY[spec.state] } },
    ...(reason ? [{ url: 'reason', valueCoding: { ...reason } }] : []),
    ...(comments ? [{ url: 'comments', valueString: comments }] : []),
  ];
  return {
    id: spec.ubrn,
    meta: { versionId: '5', profile: [`${STU3}eRS-ReferralRequest-1`] },
    resourceType: 'ReferralRequest',
    extension: [
      ...(appointment ? [{ url: `${STU3}Extension-eRS-Appointment-1`, valueReference: { reference: '#appointment' } }] : []),
      ...(spec.submittedDaysAgo !== undefined
        ? [{ url: `${STU3}Extension-eRS-ClinicalInfoFirstSubmitted-1`, valueDateTime: iso(now, -spec.submittedDaysAgo, 12) }]
        : []),
      ...(spec.pathwayStartDaysAgo !== undefined
        ? [{ url: `${STU3}Extension-eRS-eReferralPathwayStart-1`, valueInstant: iso(now, -spec.pathwayStartDaysAgo, 9) }]
        : []),
      {
        url: `${STU3}Extension-eRS-ReferralPriority-1`,
        valueCodeableConcept: { coding: [{ system: PRIORITY_SYSTEM, code: priority, display: PRIORITY_DISPLAY[priority] }] },
      },
      { url: `${STU3}Extension-eRS-ReferralShortlist-1`, valueReference: { reference: '#shortlist' } },
      {
        url: `${STU3}Extension-eRS-Commissioning-Rule-Org-1`,
        valueIdentifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'R69' },
      },
      { url: `${STU3}Extension-eRS-ReferralState-1`, extension: state },
      ...(spec.extension ?? []),
    ],
    contained: [
      {
        id: 'shortlist',
        meta: { profile: [`${STU3}eRS-Shortlist-List-1`] },
        resourceType: 'List',
        status: 'current',
        mode: 'snapshot',
        entry: [
          {
            item: {
              identifier: { system: 'http://fhir.nhs.net/Id/ers-service', value: '11002' },
              display: 'Good Cardiology Business Service',
            },
          },
        ],
      },
      ...(appointment ? [appointment] : []),
    ],
    status: spec.state === 'CANCELLED_REFERRAL' ? 'cancelled' : 'active',
    specialty: { coding: [{ system: '_baseUrl_/STU3/CodeSystem/SPECIALTY', code: 'CARDIOLOGY', display: spec.specialty ?? 'Cardiology' }] },
    subject: { identifier: { system: NHS_NUMBER_STU3, value: nhs } },
    supportingInfo: [],
    intent: 'plan',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/ers-request-id', value: `r.${spec.ubrn}` }],
  };
}

/** One referral per e-RS state, all for the sandbox's patient, UBRNs 000000081000 upwards. */
export function everyErsState(now: Date, extra: Partial<ErsReferralSpec> = {}): Record<string, unknown>[] {
  return (Object.keys(STATE_DISPLAY) as ErsState[]).map((state, i) =>
    ersReferral(
      { ubrn: `0000000810${String(i).padStart(2, '0')}`, state, pathwayStartDaysAgo: 30 + i, submittedDaysAgo: 31 + i, ...extra },
      now,
    ),
  );
}

/** One referral per e-RS priority, awaiting triage. */
export function everyErsPriority(now: Date): Record<string, unknown>[] {
  return (['ROUTINE', 'URGENT', 'TWO_WEEK_WAIT'] as const).map((priority, i) =>
    ersReferral({ ubrn: `0000000820${String(i).padStart(2, '0')}`, state: 'AWAITING_TRIAGE', priority, pathwayStartDaysAgo: 3 }, now),
  );
}

/** An R4 ServiceRequest as A041 returns it (subject by NHS number only), with what R4 e-RS data may add. */
export function a041Referral(
  ubrn: string,
  extra: { priority?: string; ersPriority?: ErsPriority; requester?: boolean; authoredDaysAgo?: number; advice?: boolean } = {},
  now = new Date(),
): Record<string, unknown> {
  return {
    id: `${extra.advice ? 'a' : 'r'}.${ubrn}`,
    meta: { versionId: '5' },
    resourceType: 'ServiceRequest',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/UBRN', value: ubrn }],
    status: 'active',
    intent: 'order',
    category: [
      {
        coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-category-servicerequest', code: extra.advice ? 'request' : 'referral' }],
      },
    ],
    ...(extra.advice
      ? { code: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/servicerequest-code', code: 'advice-and-guidance' }] } }
      : {}),
    ...(extra.priority ? { priority: extra.priority } : {}),
    ...(extra.ersPriority
      ? {
          extension: [
            {
              url: 'https://fhir.nhs.uk/StructureDefinition/Extension-ServiceRequest-Priority',
              valueCoding: { system: 'https://fhir.nhs.uk/CodeSystem/eRS-Priority', code: extra.ersPriority },
            },
          ],
        }
      : {}),
    ...(extra.authoredDaysAgo !== undefined ? { authoredOn: iso(now, -extra.authoredDaysAgo, 9) } : {}),
    ...(extra.requester
      ? {
          contained: [
            {
              resourceType: 'PractitionerRole',
              id: 'requester',
              practitioner: {
                identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '021600556514' },
                display: 'Dr Jo Bloggs',
              },
              organization: {
                identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'R68' },
                display: 'Leeds Medical Practice',
              },
            },
          ],
          requester: { reference: '#requester' },
        }
      : {}),
    subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: SANDBOX_NHS_NUMBER } },
  };
}

/** An RTT period status (this project's input: docs/referral-status.md). */
export const rttStatus = (code: string, date?: string) => ({
  url: 'urn:joinedcare:extension:rtt-period-status',
  extension: [
    { url: 'status', valueCoding: { system: 'https://www.datadictionary.nhs.uk/attributes/referral_to_treatment_period_status', code } },
    ...(date ? [{ url: 'date', valueDate: date }] : []),
  ],
});

/** A cancer waiting-times (28-day FDS) source (this project's input: docs/referral-status.md). */
export const cancerWaitingTimes = (o: { periodStart?: string; outcomeDate?: string; outcome?: string }) => ({
  url: 'urn:joinedcare:extension:cancer-waiting-times',
  extension: [
    ...(o.periodStart ? [{ url: 'periodStart', valueDate: o.periodStart }] : []),
    ...(o.outcomeDate ? [{ url: 'outcomeDate', valueDate: o.outcomeDate }] : []),
    ...(o.outcome ? [{ url: 'outcome', valueString: o.outcome }] : []),
  ],
});
