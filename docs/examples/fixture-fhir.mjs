// A FHIR server over the synthetic fixture patients, as connect-style middleware for Node
// (`http.createServer`, Vite's `server.middlewares` / `preview.middlewares`). It answers under
// `/fhir` on the same origin as the example, so `<jc-context fhir-base-url="/fhir">` just works.
// Used by the examples' Vite configs (`npm run examples`) and by test/examples/examples.test.mjs.
//
// It loads @joinedcare/fixtures from its dist/, so run `npm run build` once first.
// The patients: pat-a … pat-g (see packages/fixtures). Synthetic data only.
import { FhirFixtureServer, buildPersonas } from '@joinedcare/fixtures';

/**
 * @param {{ baseUrl?: string }} [options]
 * @returns {{ server: FhirFixtureServer, middleware: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: () => void) => void }}
 */
export function fixtureFhir({ baseUrl = '/fhir' } = {}) {
  const server = new FhirFixtureServer({ baseUrl, personas: buildPersonas() });
  const middleware = (req, res, next) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (!server.matches(url.href)) {
      if (next) next();
      else {
        res.statusCode = 404;
        res.end();
      }
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : null;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const result = server.handle({ method: req.method ?? 'GET', url: url.href, headers, body });
      const send = () => {
        if (result.networkError) return res.destroy();
        res.writeHead(result.status, result.headers);
        if (result.body === undefined || result.status === 204 || result.status === 304) return res.end();
        res.end(typeof result.body === 'string' ? result.body : JSON.stringify(result.body));
      };
      if (result.delayMs > 0) setTimeout(send, result.delayMs);
      else send();
    });
  };
  return { server, middleware };
}

/** A Vite plugin that serves the fixture FHIR server at `/fhir` in `vite` (dev) and `vite preview`. */
export function fixtureFhirPlugin(options) {
  const { middleware } = fixtureFhir(options);
  return {
    name: 'joinedcare-fixture-fhir',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
