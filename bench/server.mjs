// The benchmark's HTTP server (issue 8): one node:http server on 127.0.0.1 that serves the built
// bench pages (bench/dist) and two FHIR endpoints backed by the fixtures' in-memory FHIR server
// (`FhirFixtureServer`, the same search engine the widget tests use over MSW, here over real HTTP):
//
//   /fhir/...      the personas a–g (`buildPersonas({ now })`)
//   /pop/fhir/...  the personas plus the specialist finder's 10,000-patient practice (its test population)
//
// Every FHIR request is logged (method, URL, status, body bytes, gzip bytes) so the runner can count
// requests, bytes and duplicates per page load. Synthetic data only; never for real patient data.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadFixtures } from '../test/fhir-server/fixtures.mjs';
import { loadFinderPopulation } from '../packages/specialist-finder/bench/population.mjs';

/** The fixtures' "today": fixed so every run serves the same data. */
export const BENCH_NOW = new Date('2026-11-22T00:00:00Z');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Starts the server.
 * @param {{ distDir: string, population?: boolean }} options
 */
export async function startBenchServer({ distDir, population = true }) {
  const F = await loadFixtures();
  const personas = F.buildPersonas({ now: BENCH_NOW });
  const fhir = new F.FhirFixtureServer({ baseUrl: '/fhir', personas });
  let pop;
  let popServer;
  // the specialist finder's case-finding practice: 10,000 registered patients (packages/specialist-finder/test/population)
  const P = population ? await loadFinderPopulation() : undefined;
  if (P) {
    popServer = new F.FhirFixtureServer({ baseUrl: '/pop/fhir', personas });
    pop = P.buildFinderPopulation({
      now: BENCH_NOW,
      size: P.BENCH_SIZE,
      idPrefix: 'popl',
      excludeNhsNumbers: Object.values(personas.personas).map((p) => p.nhsNumber),
    });
    for (const r of pop.resources) popServer.put(r, { preserveLastUpdated: true });
  }

  /** @type {Array<{ method: string, url: string, status: number, bytes: number, gzipBytes: number, ms: number }>} */
  let log = [];
  /** GET answers kept by URL while `memoise(true)`: the cold-load section times the page, not the fixture server. */
  let memo;

  const serveFhir = (server, req, res, url) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const started = performance.now();
      const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : null;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const key = req.method === 'GET' ? `${url.pathname}${url.search}` : undefined;
      const result = (key && memo?.get(key)) ?? server.handle({ method: req.method ?? 'GET', url: url.href, headers, body });
      if (key && memo && !memo.has(key) && result.status === 200) memo.set(key, result);
      if (result.networkError) return res.destroy();
      const text =
        result.body === undefined || result.status === 204 || result.status === 304
          ? ''
          : typeof result.body === 'string'
            ? result.body
            : JSON.stringify(result.body);
      const raw = Buffer.from(text);
      const gz = raw.length ? gzipSync(raw, { level: 6 }) : raw;
      // a production FHIR server compresses its JSON: do the same when the browser asks for it
      const useGzip = raw.length > 0 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      log.push({
        method: req.method ?? 'GET',
        url: url.pathname + url.search,
        status: result.status,
        bytes: raw.length,
        gzipBytes: gz.length,
        ms: performance.now() - started,
      });
      res.writeHead(result.status, {
        ...result.headers,
        ...(useGzip ? { 'Content-Encoding': 'gzip' } : {}),
        'Cache-Control': 'no-store',
      });
      res.end(useGzip ? gz : raw);
    });
  };

  // a script with a precompressed copy beside it (.br, .gz: @joinedcare/elements ships both) is
  // served compressed when the browser accepts it, as a production server serving those files would
  const serveStatic = (req, res, pathname) => {
    const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = join(distDir, rel);
    if (!file.startsWith(distDir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const encoding = [
      ['br', '.br'],
      ['gzip', '.gz'],
    ].find(([name, ext]) => new RegExp(`\\b${name}\\b`).test(accepted) && existsSync(file + ext));
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      ...(encoding ? { 'Content-Encoding': encoding[0], Vary: 'Accept-Encoding' } : {}),
    });
    res.end(readFileSync(encoding ? file + encoding[1] : file));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (popServer && popServer.matches(url.href)) return serveFhir(popServer, req, res, url);
    if (fhir.matches(url.href)) return serveFhir(fhir, req, res, url);
    serveStatic(req, res, url.pathname);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    origin,
    personas,
    population: pop
      ? { size: pop.registered.length, resources: pop.resources.length, odsCode: P.FINDER_PRACTICE.ods, expected: P.expectedMatches(pop) }
      : undefined,
    /** Answers every GET that was answered before from memory (`true`), or from the FHIR server again (`false`). */
    memoise(on) {
      memo = on ? new Map() : undefined;
    },
    /** The FHIR requests since the last call, and a fresh log. */
    takeLog() {
      const out = log;
      log = [];
      return out;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve(undefined));
      }),
  };
}
