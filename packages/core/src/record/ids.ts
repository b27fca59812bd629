// FHIR logical ids: one validation rule for every place that puts an id into a URL or a key.

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Whether `value` is a usable FHIR logical id: 1 to 64 of `A–Z a–z 0–9 - .` (the FHIR `id` type),
 * and not made of dots alone (`.` and `..` are path segments, not ids: in a URL they would name
 * another resource).
 */
export function isFhirId(value: unknown): value is string {
  return typeof value === 'string' && FHIR_ID.test(value) && !/^\.+$/.test(value);
}
