// The one synthetic FHIR server every story talks to: the fixture personas, dated relative to today
// (so ages and waiting times look real), served at /fhir by MSW. `.storybook/preview.ts` installs
// its handlers and resets it before each story; a story asks for latency or faults with
// `parameters: fhirParameters({ latency, faults })`.
import type { Resource } from 'fhir/r4.js';
import { sharedRequestCache } from '@joinedcare/core';
import { FhirFixtureServer, buildPersonas, type FaultRule, type Persona, type PersonaKey } from '@joinedcare/fixtures';

/** Where the fixture server answers (same origin as the story). */
export const FHIR_BASE_URL = '/fhir';

/** The personas, a–g, with today as the reference date. */
export const fixtures = buildPersonas();
export const personas = fixtures.personas;
export type { Persona, PersonaKey };

/** The shared fixture server (state is reset before every story). */
export const server = new FhirFixtureServer({ baseUrl: FHIR_BASE_URL, personas: fixtures });

/** `parameters.fhir`: how the fixture server behaves while a story runs. */
export interface FhirStoryParameters {
  /** Delay before every response, in ms. */
  latency?: number;
  /** Faults to inject (errors, network failures, slow single requests). */
  faults?: FaultRule[];
  /** Extra resources to store on the server for this story (e.g. generated scenarios). */
  resources?: Resource[];
}

/**
 * Story parameters that change the server's behaviour. Such stories render in their own iframe on
 * the docs page, because each iframe has its own server while inline stories share the page's one
 * (and one story's faults would leak into the others).
 */
export function fhirParameters(fhir: FhirStoryParameters, iframeHeight = 180): Record<string, unknown> {
  return { fhir, docs: { story: { inline: false, iframeHeight } } };
}

/** Puts the server back to its initial state, then applies a story's `parameters.fhir`. */
export function prepareServer(fhir: FhirStoryParameters | undefined): void {
  // responses are shared page-wide for a few seconds: a story must never see the previous story's data
  sharedRequestCache.invalidate();
  server.reset(); // data, faults, latency and request log
  if (fhir?.latency !== undefined) server.setLatency(fhir.latency);
  for (const fault of fhir?.faults ?? []) server.addFault(fault);
  for (const resource of fhir?.resources ?? []) server.put(resource, { preserveLastUpdated: true });
}
