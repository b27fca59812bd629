// Web Test Runner integration: the Medplum-based FHIR server, in the test runner's process, mounted
// same-origin under /live-fhir (FHIR base /live-fhir/fhir, admin /live-fhir/admin/*), so browser
// tests need no CORS and paging links stay on the page's origin. The server starts on the first
// request (suites that never touch it pay nothing) and stops with the test runner.
import { createFhirServer } from './server.mjs';

export const LIVE_PREFIX = '/live-fhir';

/**
 * @returns {{ plugin: object, middleware: (ctx: any, next: () => Promise<void>) => Promise<void> }}
 *   Put `plugin` in `plugins` and `middleware` in `middleware` of the test runner config.
 */
export function liveFhirServer(options = {}) {
  /** @type {Promise<import('./server.mjs').FhirServer> | undefined} */
  let starting;
  const start = () =>
    (starting ??= createFhirServer({
      port: 0,
      host: '127.0.0.1',
      log: (m) => console.log(m),
      ...options,
    }));

  return {
    plugin: {
      name: 'live-fhir-server',
      async serverStop() {
        if (starting) await (await starting).close();
      },
    },
    async middleware(ctx, next) {
      if (ctx.path !== LIVE_PREFIX && !ctx.path.startsWith(`${LIVE_PREFIX}/`)) return next();
      const server = await start();
      ctx.respond = false; // the FHIR server writes the raw response
      ctx.req.url = ctx.req.url.slice(LIVE_PREFIX.length) || '/';
      ctx.req.headers['x-forwarded-prefix'] = LIVE_PREFIX;
      await server.handle(ctx.req, ctx.res);
    },
  };
}
