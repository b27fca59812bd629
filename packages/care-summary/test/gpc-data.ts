// The GP Connect Access Record Structured 1.6.2 example responses (test/data/gp-connect, copied
// unchanged from nhsconnect/gpconnect, branch feature/1.6.2, _includes/accessrecord_structured/), read
// as a relaying host would receive them, and variants of them derived in code (the files stay as
// published).
import type { Bundle, BundleEntry, FhirResource, List, Patient, Reference } from 'fhir/r4.js';

/** A published response and what the loader had to change to read it. */
export interface Published {
  bundle: Bundle;
  /** What was changed, in words: always the Jekyll wrapper; for one file, its trailing comma. */
  repaired: string[];
}

/**
 * Reads a published example's text. The files are Jekyll includes: the loader strips
 * `{% highlight json %}` and `{% endhighlight %}`, and for consultations_response1.json only, the
 * trailing comma it was published with (line 1555: `},` before `]`), and says so in `repaired`.
 * Nothing else is changed. Pure: the tests fetch the text, the Storybook stories import it.
 */
export function readPublishedGpc(name: string, raw: string): Published {
  const repaired = ['Jekyll wrapper {% highlight json %} … {% endhighlight %} removed'];
  let text = raw.replace(/^\s*\{%\s*highlight json\s*%\}/, '').replace(/\{%\s*endhighlight\s*%\}\s*$/, '');
  if (name === 'consultations_response1.json') {
    const commas = [...text.matchAll(/,(\s*\])/g)];
    if (commas.length !== 1) throw new Error(`expected the one published trailing comma, found ${commas.length}`);
    const at = commas[0].index ?? 0;
    const line = text.slice(0, at).split('\n').length;
    text = text.slice(0, at) + text.slice(at + 1);
    repaired.push(`trailing comma before "]" removed (line ${line} of the published file)`);
  }
  return { bundle: JSON.parse(text) as Bundle, repaired };
}

/** Reads a published example (see `readPublishedGpc`). */
export async function publishedGpc(name: string): Promise<Published> {
  return readPublishedGpc(name, await (await fetch(`/test/data/gp-connect/${name}`)).text());
}

export const gpc = async (name: string): Promise<Bundle> => (await publishedGpc(name)).bundle;

/** The published examples' patient: JACKSON Jane (Miss), NHS number 9999999999. */
export const GPC_NHS_NUMBER = '9999999999';
export const GPC_PATIENT_ID = '04603d77-1a4e-4d63-b246-d7504f8bd833';
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

const resources = (b: Bundle): FhirResource[] => (b.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => !!r);
export const patientOf = (b: Bundle): Patient => resources(b).find((r): r is Patient => r.resourceType === 'Patient')!;
export const listsOf = (b: Bundle): List[] => resources(b).filter((r): r is List => r.resourceType === 'List');
export const ofType = <T extends FhirResource>(b: Bundle, type: T['resourceType']): T[] =>
  resources(b).filter((r): r is T => r.resourceType === type);
export const listCoded = (b: Bundle, code: string): List | undefined =>
  listsOf(b).find((l) => l.code?.coding?.some((c) => c.code === code));

/** Every `reference` (and `identifier`) that names a patient, in place. */
function eachPatientRef(node: unknown, visit: (ref: Reference) => void): void {
  if (Array.isArray(node)) node.forEach((n) => eachPatientRef(n, visit));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if ((k === 'subject' || k === 'patient') && v && typeof v === 'object' && !Array.isArray(v)) visit(v);
      else eachPatientRef(v, visit);
    }
  }
}

/**
 * The example as it means to be: every resource about the Bundle's Patient. (Some published entries
 * name `Patient/9340157B-…`, the practitioner's id, or NHS number 1234567890: not the Patient sent.)
 */
export function consistent(bundle: Bundle): Bundle {
  const b = structuredClone(bundle);
  const id = patientOf(b).id!;
  for (const r of resources(b)) {
    eachPatientRef(r, (ref) => {
      for (const k of Object.keys(ref)) delete (ref as Record<string, unknown>)[k];
      ref.reference = `Patient/${id}`;
    });
  }
  return b;
}

/** The Bundle's Patient with another NHS number (the record of another person). */
export function withNhsNumber(bundle: Bundle, nhsNumber: string): Bundle {
  const b = structuredClone(bundle);
  patientOf(b).identifier = [{ system: NHS, value: nhsNumber }];
  return b;
}

/**
 * The List codes of the specification (1.6.2 "Using lists to return data"), where the example uses
 * older ones: ended allergies (published code "TBD", title "Resolved Allergies") 1103671000000101;
 * outbound referrals (published 886721000000107 "Referral details") 792931000000107.
 */
export function specListCodes(bundle: Bundle): Bundle {
  const b = structuredClone(bundle);
  for (const l of listsOf(b)) {
    const c = l.code?.coding?.[0];
    if (!c) continue;
    if (c.code === 'TBD' && /resolved allergies/i.test(l.title ?? ''))
      Object.assign(c, { system: 'http://snomed.info/sct', code: '1103671000000101', display: 'Ended allergies' });
    if (c.code === '886721000000107') Object.assign(c, { code: '792931000000107', display: 'Outbound referral' });
  }
  return b;
}

/** A GP Connect List warning (and its note) on the List coded `code`. */
export function withWarning(bundle: Bundle, code: string, warning: string, note: string): Bundle {
  const b = structuredClone(bundle);
  const list = listCoded(b, code);
  if (!list) throw new Error(`no List coded ${code}`);
  list.extension = [
    ...(list.extension ?? []),
    { url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-ListWarningCode-1', valueCode: warning },
  ];
  list.note = [...(list.note ?? []), { text: note }];
  return b;
}

/** Entries added to a Bundle. */
export function withEntries(bundle: Bundle, ...added: FhirResource[]): Bundle {
  const b = structuredClone(bundle);
  b.entry = [...(b.entry ?? []), ...added.map((resource): BundleEntry => ({ resource }))];
  return b;
}

/** Several published responses as one structured record (as one request for several areas returns): the first one's Patient, each resource once. */
export function oneRecord(...bundles: Bundle[]): Bundle {
  const seen = new Set<string>();
  const entry: BundleEntry[] = [];
  const first = patientOf(bundles[0]);
  for (const b of bundles.map(consistent)) {
    const own = patientOf(b);
    for (const e of b.entry ?? []) {
      const r = e.resource;
      if (!r || (r.resourceType === 'Patient' && r !== own)) continue;
      if (r === own && seen.has(`Patient/${first.id}`)) continue;
      // every resource is about the first response's Patient
      eachPatientRef(r, (ref) => (ref.reference = `Patient/${first.id}`));
      const key = r === own ? `Patient/${first.id}` : r.id ? `${r.resourceType}/${r.id}` : undefined;
      if (key && seen.has(key)) continue;
      if (key) seen.add(key);
      entry.push({ resource: r === own ? structuredClone(first) : r });
    }
  }
  return { ...structuredClone(bundles[0]), entry };
}

/** The published diary entries sit beside `resource` in their Bundle entries: as meant, each entry is its resource. */
export function diaryAsMeant(bundle: Bundle): Bundle {
  const b = structuredClone(bundle);
  b.entry = (b.entry ?? []).map((e) => (e.resource ? e : { resource: e as unknown as FhirResource }));
  return b;
}

/** The published responses that make up one whole structured record: one per clinical area. */
export const WHOLE_RECORD_FILES = [
  'problems_response1.json',
  'meds_response.json',
  'allergies_response1.json',
  'consultations_response1.json',
  'pathology_response1.json',
  'immunizations_response1.json',
  'referrals_response1.json',
  'diaryentries_response1.json',
  'uncategorised_response1.json',
] as const;

/**
 * The published responses of every clinical area as one structured record (as a request for all of
 * them returns), each as it means to be (`consistent`, the specification's List codes), with
 * `nhsNumber` on its Patient: the published one (9999999999) is not accepted as an NHS number.
 * `read` gives a published file's text, already read (`readPublishedGpc`).
 */
export function wholeGpcRecord(read: (name: string) => Bundle, nhsNumber: string): Bundle {
  return withNhsNumber(specListCodes(oneRecord(...WHOLE_RECORD_FILES.map((name) => consistent(diaryAsMeant(read(name)))))), nhsNumber);
}
