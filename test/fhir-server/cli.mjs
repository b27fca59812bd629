#!/usr/bin/env node
// `npm run fhir-server`: the local FHIR server on 127.0.0.1 (PORT, default 8103), loaded with the fixtures.
import { createFhirServer } from './server.mjs';

const port = Number(process.env.PORT ?? 8103);
const server = await createFhirServer({
  port,
  host: '127.0.0.1',
  log: (m) => console.log(m),
  ...(process.env.FHIR_SERVER_NOW ? { now: new Date(process.env.FHIR_SERVER_NOW) } : {}),
});
console.log(`FHIR R4 server: ${server.url}`);
console.log(`Admin: POST ${server.origin}/admin/reset, GET ${server.origin}/admin/info`);

const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
