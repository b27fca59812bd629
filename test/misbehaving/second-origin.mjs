// A second origin for the tests (issue 15): a real HTTP server on another port of 127.0.0.1, so a
// redirect to "another origin" is a real cross-origin request, and a test can prove that nothing
// (no NHS number, no clinical text, no token) ever reached it.
//
// The test runner's own server gets two routes:
//   /misbehaving/redirect/<status>/<path>  answers <status> (301, 302, 303, 307, 308) with
//                                          Location: <second origin>/<path>?<query>
//   /__second-origin                       GET: { origin, requests: [{ method, url, hasAuthorization, body }] }
//                                          DELETE: clears the log
// The second origin answers every request as a FHIR server of another organisation would: a Patient
// search with another person, a read with that person, and any POST with a stored-looking copy.
import { createServer } from 'node:http';

const FHIR_JSON = 'application/fhir+json';
const OTHER_PATIENT = {
  resourceType: 'Patient',
  id: 'other-origin-patient',
  name: [{ family: 'ELSEWHERE', given: ['Someone'] }],
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000026' }],
  birthDate: '1950-01-01',
};

export function secondOrigin() {
  /** @type {{ method: string, url: string, hasAuthorization: boolean, body: string }[]} */
  const log = [];
  /** @type {Promise<{ origin: string, close: () => Promise<void> }> | undefined} */
  let starting;
  const start = () =>
    (starting ??= new Promise((resolve) => {
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          log.push({ method: req.method ?? '', url: req.url ?? '', hasAuthorization: !!req.headers.authorization, body });
          const cors = {
            'Access-Control-Allow-Origin': req.headers.origin ?? '*',
            'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, If-None-Exist, If-Match, Prefer',
            'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
          };
          if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
          const url = new URL(req.url ?? '/', 'http://x');
          let out;
          if (req.method === 'POST') {
            let sent = {};
            try {
              sent = JSON.parse(body);
            } catch {
              /* not JSON */
            }
            out = { status: 201, body: { ...sent, id: 'stored-elsewhere', meta: { versionId: '1' } } };
          } else if (/\/Patient$/.test(url.pathname)) {
            out = {
              status: 200,
              body: {
                resourceType: 'Bundle',
                type: 'searchset',
                total: 1,
                entry: [{ resource: OTHER_PATIENT, search: { mode: 'match' } }],
              },
            };
          } else if (/\/Patient\/[^/]+$/.test(url.pathname)) {
            out = { status: 200, body: { ...OTHER_PATIENT, id: url.pathname.split('/').pop() } };
          } else {
            out = { status: 200, body: { resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] } };
          }
          res.writeHead(out.status, { ...cors, 'Content-Type': FHIR_JSON }).end(JSON.stringify(out.body));
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
        resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r(undefined))) });
      });
    }));

  return {
    plugin: {
      name: 'second-origin',
      async serverStop() {
        if (starting) await (await starting).close();
      },
    },
    /** Koa middleware for the test runner's server. */
    async middleware(ctx, next) {
      if (ctx.path === '/__second-origin') {
        const { origin } = await start();
        if (ctx.method === 'DELETE') log.length = 0;
        ctx.type = 'application/json';
        ctx.body = JSON.stringify({ origin, requests: log });
        return;
      }
      const m = /^\/misbehaving\/redirect\/(301|302|303|307|308)(\/.*)$/.exec(ctx.path);
      if (!m) return next();
      const { origin } = await start();
      ctx.status = Number(m[1]);
      ctx.set('Location', `${origin}${m[2]}${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      ctx.body = '';
    },
  };
}
