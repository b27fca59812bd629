// Variations of fixture Patients for states no persona has on the server (a wrong check digit, an
// unverified number, a death). Each returns a modified deep copy; the fixtures stay untouched.
import type { Patient } from 'fhir/r4.js';
import { NHS_NUMBER_SYSTEM } from '@joinedcare/core';
import { NHS_VERIFICATION_EXTENSION } from '@joinedcare/patient-banner';

function copy(patient: Patient): Patient {
  return structuredClone(patient);
}

function nhsIdentifier(patient: Patient) {
  const id = patient.identifier?.find((i) => i.system === NHS_NUMBER_SYSTEM);
  if (!id?.value) throw new Error(`Fixture patient ${patient.id ?? '?'} has no NHS number`);
  return id as typeof id & { value: string };
}

/** The same patient with the NHS number's last (check) digit changed, so it fails modulus 11. */
export function withWrongCheckDigit(patient: Patient): Patient {
  const p = copy(patient);
  const id = nhsIdentifier(p);
  const digits = id.value.replace(/\s/g, '');
  id.value = digits.slice(0, 9) + String((Number(digits[9]) + 1) % 10);
  return p;
}

/** The same patient with UK Core NHS number verification status 02 "Number present but not traced". */
export function withUnverifiedNhsNumber(patient: Patient): Patient {
  const p = copy(patient);
  const id = nhsIdentifier(p);
  id.extension = [
    ...(id.extension ?? []).filter((e) => e.url !== NHS_VERIFICATION_EXTENSION),
    {
      url: NHS_VERIFICATION_EXTENSION,
      valueCodeableConcept: {
        coding: [
          {
            system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
            code: '02',
            display: 'Number present but not traced',
          },
        ],
      },
    },
  ];
  return p;
}

/** The same patient, deceased `daysAgo` days before `now`. */
export function asDeceased(patient: Patient, now: Date, daysAgo = 3): Patient {
  const p = copy(patient);
  const died = new Date(now.getTime() - daysAgo * 86_400_000);
  died.setUTCHours(6, 40, 0, 0);
  p.deceasedDateTime = died.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return p;
}
