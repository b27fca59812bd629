// The client's request timeout through an injected timer (`FetchFhirClientOptions.setTimer`): a test
// says when a request's time runs out instead of waiting for it, so no test depends on how fast the
// machine is. (The default timer, setTimeout, is covered in client.test.ts.)
import { expect } from '@open-wc/testing';
import type { Patient } from 'fhir/r4.js';
import { FetchFhirClient, FhirError } from '../src/index.js';

interface Timer {
  ms: number;
  fire: () => void;
  cancelled: boolean;
}

/** A fetch that answers only when told to, and fails as a browser does when its signal aborts. */
function heldFetch() {
  const calls: { url: string; method: string; answer: (r: Response) => void }[] = [];
  const fetch: typeof globalThis.fetch = (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init?.signal;
      const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      calls.push({ url: input instanceof Request ? input.url : input.toString(), method: init?.method ?? 'GET', answer: resolve });
    });
  return { fetch, calls };
}

function setup(timeoutMs?: number) {
  const timers: Timer[] = [];
  const setTimer = (fire: () => void, ms: number) => {
    const t: Timer = { ms, fire, cancelled: false };
    timers.push(t);
    return () => void (t.cancelled = true);
  };
  const { fetch, calls } = heldFetch();
  const client = new FetchFhirClient({ baseUrl: '/timer/fhir', cache: false, fetch, setTimer, ...(timeoutMs ? { timeoutMs } : {}) });
  return { client, timers, calls };
}

/** The error a request ends with (it must end with one). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected the request to fail'),
    (e: unknown) => {
      expect(e).to.be.instanceOf(FhirError);
      return e as FhirError;
    },
  );

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });

describe('FetchFhirClient: the timeout timer can be injected (setTimer)', () => {
  it('a request times out when its timer fires, not before, with the client’s timeout', async () => {
    const { client, timers, calls } = setup(1234);
    const read = failure(client.read('Patient', 'p'));
    expect(timers.map((t) => t.ms)).to.deep.equal([1234]);
    expect(calls).to.have.length(1); // sent and waiting: nothing times out by itself
    timers[0].fire();
    const err = await read;
    expect(err.kind).to.equal('timeout');
    expect(err.message).to.contain('1234 ms');
  });

  it('a write times out the same way, and a per-request timeoutMs is the one the timer gets', async () => {
    const { client, timers } = setup();
    const write = failure(client.create({ resourceType: 'Communication', status: 'completed' }, { timeoutMs: 50 }));
    expect(timers.map((t) => t.ms)).to.deep.equal([50]);
    timers[0].fire();
    expect((await write).kind).to.equal('timeout');
  });

  it('an answer in time cancels the timer, and a timer fired late changes nothing', async () => {
    const { client, timers, calls } = setup();
    const read = client.read<Patient>('Patient', 'p');
    calls[0].answer(json({ resourceType: 'Patient', id: 'p' }));
    expect((await read).id).to.equal('p');
    expect(timers).to.have.length(1);
    expect(timers[0].cancelled, 'the timer is cancelled once the answer is read').to.equal(true);
    timers[0].fire(); // a timer that fires anyway (cancelled too late) must not break anything
    expect(timers[0].ms, 'the default timeout').to.equal(30_000);
  });
});
