// A local FHIR R4 server on a real engine (Medplum's FhirRouter + an in-memory repository), loaded
// with the fixture personas. For integration tests and the demo; never for real patient data.
//
//   const server = await createFhirServer({ port: 8103 });
//   server.url;          // http://127.0.0.1:8103/fhir
//   await server.reset(); // back to the loaded fixtures
//   await server.close();
//
// See docs/fhir-server.md.
import { createServer } from 'node:http';
import { allOk, badRequest, getStatus, isOk, normalizeOperationOutcome, notFound } from '@medplum/core';
import { FhirRouter } from '@medplum/fhir-router';
import { indexDefinitions } from './definitions.mjs';
import { loadFixtures } from './fixtures.mjs';
import { LiveRepository } from './repository.mjs';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
/** Written into fullUrl and paging links by the repository; replaced per request by the public base URL. */
const BASE_PLACEHOLDER = 'http://live-fhir-base.invalid/fhir';
const MAX_BODY = 10 * 1024 * 1024;

const CORS_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, If-Match, If-None-Match, If-None-Exist, If-Modified-Since, Prefer',
  'Access-Control-Expose-Headers': 'ETag, Location, Last-Modified, Content-Location',
  'Access-Control-Max-Age': '600',
};

/**
 * @typedef {object} FhirServerOptions
 * @property {number} [port] TCP port (default 0: any free port).
 * @property {string} [host] Interface to listen on (default 127.0.0.1; the server has no authentication).
 * @property {object | string[]} [personas] A PersonaSet from `buildPersonas()`, or persona keys to load (default: all).
 * @property {Date} [now] "Today" for the fixtures when they are built here (default: now).
 * @property {boolean} [validate] Validate every write against the R4 definitions (default true).
 * @property {(message: string) => void} [log] Where to log counts and the address (default: nothing). Never given patient data.
 */

/**
 * @typedef {object} FhirServer
 * @property {string} url The FHIR base URL, e.g. `http://127.0.0.1:8103/fhir`.
 * @property {string} origin e.g. `http://127.0.0.1:8103`.
 * @property {Date} now The fixtures' "today".
 * @property {number} loaded Resources loaded from the fixtures.
 * @property {number} skipped Fixture resources the engine refused (invalid), by count only.
 * @property {Record<string, { patientId: string; nhsNumber: string }>} personas Ids of the loaded personas.
 * @property {LiveRepository} repository The repository (for Node-side tests).
 * @property {() => Promise<void>} reset Back to exactly the loaded fixtures (drops everything written since).
 * @property {() => Promise<void>} close Stops listening.
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} handle The request handler (for mounting elsewhere).
 */

/**
 * Starts the server and loads the fixtures.
 * @param {FhirServerOptions} [options]
 * @returns {Promise<FhirServer>}
 */
export async function createFhirServer(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  indexDefinitions();

  const fixtures = await loadFixtures();
  const keys = Array.isArray(options.personas) ? options.personas : fixtures.PERSONA_KEYS;
  const set =
    options.personas && !Array.isArray(options.personas) ? options.personas : fixtures.buildPersonas({ now: options.now ?? new Date() });

  const repo = new LiveRepository({ validate: options.validate !== false });
  repo.baseUrl = BASE_PLACEHOLDER;
  const router = new FhirRouter();

  // load through the validating path; keep what was accepted as the snapshot for reset()
  const seen = new Set();
  const snapshot = [];
  let skipped = 0;
  for (const key of keys) {
    const persona = set.personas[key];
    if (!persona) throw new Error(`Unknown persona: ${key}`);
    for (const resource of persona.resources()) {
      const k = `${resource.resourceType}/${resource.id}`;
      if (seen.has(k)) continue; // shared directory resources appear in several personas
      seen.add(k);
      try {
        snapshot.push(await repo.createResource(resource));
      } catch {
        skipped++; // the engine refused it (e.g. a FHIR invariant); the id is not logged
      }
    }
  }
  log(
    `[fhir-server] loaded ${snapshot.length} resources from personas ${keys.join(', ')}; skipped ${skipped} the engine refused as invalid`,
  );

  const personas = Object.fromEntries(keys.map((k) => [k, { patientId: set.personas[k].patientId, nhsNumber: set.personas[k].nhsNumber }]));
  const now = new Date(set.now ?? options.now ?? Date.now());

  async function reset() {
    repo.clear();
    for (const r of snapshot) await repo.restore(r);
  }

  async function handle(req, res) {
    const headers = { ...CORS_HEADERS, 'Access-Control-Allow-Origin': req.headers.origin ?? '*', Vary: 'Origin' };
    try {
      const proto = String(req.headers['x-forwarded-proto'] ?? 'http')
        .split(',')[0]
        .trim();
      const hostHeader = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? `${host}`)
        .split(',')[0]
        .trim();
      const prefix = String(req.headers['x-forwarded-prefix'] ?? '').replace(/\/+$/, '');
      const url = new URL(req.url ?? '/', `${proto}://${hostHeader}`);
      const publicBase = `${proto}://${hostHeader}${prefix}/fhir`;
      const send = (status, body, extra = {}) => {
        const text = body === undefined ? '' : JSON.stringify(body).replaceAll(BASE_PLACEHOLDER, publicBase);
        res.writeHead(status, { ...headers, ...(text ? { 'Content-Type': FHIR_JSON } : {}), ...extra });
        res.end(text);
      };

      if (req.method === 'OPTIONS') return send(204);

      if (url.pathname === '/admin/reset' && req.method === 'POST') {
        await reset();
        return send(200, { reset: true, loaded: snapshot.length });
      }
      if (url.pathname === '/admin/info' && req.method === 'GET') {
        return send(200, { fhirBase: publicBase, now: now.toISOString(), loaded: snapshot.length, skipped, personas });
      }
      if (url.pathname !== '/fhir' && !url.pathname.startsWith('/fhir/')) return send(404, notFound);

      const path = url.pathname.slice('/fhir'.length).replace(/^\/+/, '');
      const method = String(req.method ?? 'GET').toUpperCase();
      if (path === 'metadata' && method === 'GET') return send(200, capabilityStatement(publicBase, repo));

      let body;
      if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
        const raw = await readBody(req);
        const type = String(req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim()
          .toLowerCase();
        if (type === 'application/x-www-form-urlencoded') {
          body = {};
          for (const [k, v] of new URLSearchParams(raw)) body[k] = body[k] === undefined ? v : [].concat(body[k], v);
        } else if (raw.length) {
          if (!['application/fhir+json', 'application/json', 'application/json-patch+json'].includes(type)) {
            return send(415, badRequest(`Unsupported Content-Type: ${type || '(none)'}`));
          }
          try {
            body = JSON.parse(raw);
          } catch {
            return send(400, badRequest('The body is not valid JSON'));
          }
        }
      }

      const query = {};
      for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : [].concat(query[k], v);

      const [outcome, resource] = await router.handleRequest(
        { method, url: path + url.search, pathname: '', body, params: {}, query, headers: req.headers },
        repo,
      );
      const status = getStatus(outcome);
      if (!isOk(outcome)) return send(status, outcome);
      if (!resource) return send(status, outcome === allOk ? undefined : outcome);

      const extra = {};
      const versionId = resource.meta?.versionId;
      if (versionId && resource.resourceType !== 'Bundle') {
        const etag = `W/"${versionId}"`;
        extra.ETag = etag;
        if (resource.meta.lastUpdated) extra['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
        if (method === 'GET' && req.headers['if-none-match'] === etag) return send(304, undefined, extra);
        if (status === 201) extra.Location = `${publicBase}/${resource.resourceType}/${resource.id}/_history/${versionId}`;
      }
      return send(status, resource, extra);
    } catch (err) {
      const outcome = normalizeOperationOutcome(err);
      res.writeHead(getStatus(outcome) || 500, { ...headers, 'Content-Type': FHIR_JSON });
      res.end(JSON.stringify(outcome));
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `${origin}/fhir`,
    origin,
    now,
    loaded: snapshot.length,
    skipped,
    personas,
    repository: repo,
    reset,
    handle,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('Body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A minimal CapabilityStatement: the types present, their interactions and search parameters. */
function capabilityStatement(base, repo) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    implementation: { description: 'joined-care local test server (Medplum FhirRouter, in memory)', url: base },
    rest: [
      {
        mode: 'server',
        resource: [...repo.current.keys()].sort().map((type) => ({
          type,
          interaction: ['read', 'vread', 'update', 'delete', 'history-instance', 'create', 'search-type'].map((code) => ({ code })),
          conditionalCreate: true,
          versioning: 'versioned',
        })),
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
      },
    ],
  };
}
