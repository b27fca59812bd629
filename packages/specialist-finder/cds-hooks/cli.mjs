#!/usr/bin/env node
// `npm run cds-hooks`: the specialist finder's CDS Hooks 2.0 patient-view service on 127.0.0.1.
//   npm run cds-hooks -- [--port 8190] [--rules our-rules.json] [--allow-origin http://localhost:6006] [--max-body-bytes N]
// Discovery: GET http://127.0.0.1:8190/cds-services. Synthetic data only in development: the service
// binds to the loopback address and does not authenticate its callers.
import { startCdsHooksServer } from './server.mjs';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const allowOrigins = args.flatMap((a, i) => (a === '--allow-origin' && args[i + 1] ? [args[i + 1]] : []));
try {
  const { url, serviceId } = await startCdsHooksServer({
    port: Number(opt('port') ?? process.env.PORT ?? 8190),
    ...(opt('rules') ? { rulesFile: opt('rules') } : {}),
    ...(opt('max-body-bytes') ? { maxBodyBytes: Number(opt('max-body-bytes')) } : {}),
    allowOrigins,
  });
  process.stdout.write(`CDS Hooks service: ${url}/cds-services (patient-view service "${serviceId}")\n`);
} catch (e) {
  // a rule file that cannot be used says which rule and field; nothing else is printed about it
  process.stderr.write(`cds-hooks: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
