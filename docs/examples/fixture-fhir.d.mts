import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import type { FhirFixtureServer } from '@joinedcare/fixtures';

export function fixtureFhir(options?: { baseUrl?: string }): {
  server: FhirFixtureServer;
  middleware: (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;
};
export function fixtureFhirPlugin(options?: { baseUrl?: string }): Plugin;
