// Test data in e-RS's published shape: the e-RS sandbox responses in test/data/ers (unchanged), and
// the fixtures' A&G conversations rewritten into the fields e-RS publishes (the fixtures still carry
// the A&G status in `statusReason`, a sender-role extension and a conversion extension of their own,
// which the panel no longer reads).
import type { CodeableConcept, Communication, CommunicationRequest, Extension, Resource } from 'fhir/r4.js';

/** Where e-RS publishes the A&G fields (the e-RS FHIR API, STU3): written out here, so the tests say what the specification says. */
export const ERS = {
  status: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-AdviceAndGuidanceStatus-1',
  sentBy: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-CommunicationSentBy-1',
  conversion: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-eRS-ProviderConversionAuthorisation-1',
  conversionSystem: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ProviderConversionAuthorisation-1',
} as const;

/** A published e-RS sandbox response (`stu3/retrieveAdviceAndGuidanceRequest-MinimalExample`, `r4/searchServiceRequest-…`). */
export async function ersExample<T = Record<string, unknown>>(name: string): Promise<T> {
  const r = await fetch(`/test/data/ers/${name}.json`);
  if (!r.ok) throw new Error(`no e-RS example ${name}`);
  return (await r.json()) as T;
}

const INVENTED = {
  status: 'https://fhir.nhs.uk/CodeSystem/eRS-AdviceAndGuidanceStatus',
  category: 'https://fhir.nhs.uk/CodeSystem/eRS-CommunicationCategory',
  senderRole: 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-AdviceAndGuidance-SenderRole',
  conversion: 'https://fhir.nhs.uk/StructureDefinition/Extension-eRS-AdviceAndGuidance-ConversionAuthorisation',
};

const hasSystem = (c: CodeableConcept | undefined, system: string) => !!c?.coding?.some((x) => x.system === system);

/** One fixture resource with its A&G fields where e-RS publishes them. */
export function published<T extends Resource>(r: T): T {
  if (r.resourceType === 'CommunicationRequest') {
    const req = r as unknown as CommunicationRequest;
    const code = req.statusReason?.coding?.find((c) => c.system === INVENTED.status)?.code;
    const { statusReason: _dropped, ...rest } = req;
    const out: CommunicationRequest = {
      ...rest,
      category: [
        ...(code ? [{ coding: [{ system: ERS.status, code }] }] : []),
        ...(req.category ?? []).filter((c) => !hasSystem(c, INVENTED.category)),
      ],
      extension: (req.extension ?? []).map((e): Extension =>
        e.url === INVENTED.conversion
          ? { url: ERS.conversion, valueCoding: { system: ERS.conversionSystem, code: e.valueCoding?.code } }
          : e,
      ),
    };
    return out as unknown as T;
  }
  if (r.resourceType === 'Communication') {
    const c = r as unknown as Communication;
    const role = c.extension?.find((e) => e.url === INVENTED.senderRole)?.valueCoding?.code;
    const extension = (c.extension ?? []).filter((e) => e.url !== INVENTED.senderRole);
    return {
      ...c,
      ...(extension.length ? { extension } : { extension: undefined }),
      ...(role ? { category: [{ coding: [{ system: ERS.sentBy, code: role }] }] } : {}),
    } as unknown as T;
  }
  return r;
}

/** Fixture resources with their A&G fields where e-RS publishes them. */
export const asPublished = <T extends Resource>(resources: readonly T[]): T[] => resources.map(published);

/** `Communication.category` saying who sent a message, as e-RS does. */
export const sentByCategory = (code: string) => [{ coding: [{ system: ERS.sentBy, code }] }];
