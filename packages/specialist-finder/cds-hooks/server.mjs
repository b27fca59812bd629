// The specialist finder's CDS Hooks 2.0 `patient-view` service over node:http, on 127.0.0.1 only.
// The logic is src/cds/service.ts (the same engine, rules and cards as <jc-advice-prompt>), bundled
// from its TypeScript source with esbuild when the server starts. This file adds only what HTTP
// needs: routes, a body size limit, JSON in and out, CORS for the origins given, and a log that
// never holds a request's data (method, route, status and time only: no body, no patient, no
// query string, no FHIR server, no token).
//
//   const { url, close } = await startCdsHooksServer({ port: 8190 });   // url: http://127.0.0.1:8190
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let service;

/** The service's logic (src/cds/service.ts) and the rules (src/rules), bundled once per process. */
export function loadService() {
  service ??= (async () => {
    const out = await build({
      stdin: {
        contents: [
          `export { SERVICE_ID, discoveryDocument, handleHook, prefetchTemplates } from './packages/specialist-finder/src/cds/service.ts';`,
          `export { EXAMPLE_RULE_SET, parseRuleSet } from './packages/specialist-finder/src/index.ts';`,
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      tsconfig: resolve(root, 'tsconfig.json'),
      // the elements are bundled but never defined here: Lit loads its server build from node_modules
      external: ['lit', 'lit/*', '@lit/*', 'dompurify'],
    });
    return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  })();
  return service;
}

/** Default request size limit: a patient's full prefetch stays well under it. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Starts the service.
 * @param {{ port?: number, rulesFile?: string, rules?: unknown, maxBodyBytes?: number,
 *   allowOrigins?: string[], log?: (line: string) => void, now?: () => Date, fetch?: typeof fetch }} options
 */
export async function startCdsHooksServer(options = {}) {
  const m = await loadService();
  const rules = options.rulesFile ? JSON.parse(readFileSync(options.rulesFile, 'utf8')) : (options.rules ?? m.EXAMPLE_RULE_SET);
  const cfg = {
    ruleSet: m.parseRuleSet(rules),
    ...(options.now ? { now: options.now } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const id = m.SERVICE_ID;
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const allow = new Set(options.allowOrigins ?? []);
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));

  const server = createServer((req, res) => {
    const started = performance.now();
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const route = path === '/cds-services' ? '/cds-services' : path === `/cds-services/${id}` ? `/cds-services/${id}` : '(other)';
    const origin = req.headers.origin;
    const cors = origin && allow.has(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
    const send = (status, body, note = '') => {
      if (res.headersSent) return;
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, {
        ...cors,
        ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(text);
      log(`${req.method} ${route} ${status} ${Math.round(performance.now() - started)}ms${note ? ` (${note})` : ''}`);
    };

    if (req.method === 'OPTIONS') {
      if (!cors['Access-Control-Allow-Origin']) return send(403, undefined, 'origin not allowed');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      res.setHeader('Access-Control-Max-Age', '600');
      return send(204);
    }
    if (route === '(other)') return send(404, { error: 'not found' });
    if (route === '/cds-services') return req.method === 'GET' ? send(200, m.discoveryDocument(cfg).body) : send(405, { error: 'use GET' });
    if (req.method !== 'POST') return send(405, { error: 'use POST' });
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return send(415, { error: 'the body must be application/json' });
    const declared = Number(req.headers['content-length'] ?? NaN);
    const tooLarge = () => {
      send(413, { error: `the body is larger than ${limit} bytes` }, 'too large');
      req.destroy();
    };
    if (declared > limit) return tooLarge();
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) tooLarge();
      else chunks.push(c);
    });
    req.on('end', async () => {
      if (size > limit) return;
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { error: 'the body is not JSON' }, 'not JSON');
      }
      try {
        const answer = await m.handleHook(body, cfg);
        send(answer.status, answer.body);
      } catch {
        send(500, { error: 'the service failed' }, 'failed');
      }
    });
    req.on('error', () => {});
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  await new Promise((ok, fail) => {
    server.once('error', fail);
    // loopback only: the service reads patient records, and nothing here authenticates its callers
    server.listen(options.port ?? 0, '127.0.0.1', () => ok(undefined));
  });
  const address = server.address();
  const url = `http://${address.address}:${address.port}`;
  return {
    url,
    serviceId: id,
    address,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok(undefined));
      }),
  };
}
