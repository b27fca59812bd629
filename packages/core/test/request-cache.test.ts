import { expect, waitUntil } from '@open-wc/testing';
import { FhirError, RequestCache } from '../src/index.js';

/** A request that resolves when the test says so. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('RequestCache memory bounds', () => {
  it('drops expired responses even when their URL is never asked for again', async () => {
    let t = 0;
    const cache = new RequestCache(1000, () => t);
    for (let i = 0; i < 5; i++) await cache.get(`/a/${i}`, () => Promise.resolve({ i }));
    expect(cache.size).to.equal(5);
    t = 999;
    await cache.get('/b/0', () => Promise.resolve('b'));
    expect(cache.size, 'nothing has expired yet').to.equal(6);
    t = 1000;
    await cache.get('/b/1', () => Promise.resolve('b'));
    // the five /a/ entries expired at t = 1000: gone, although /a/* was not requested again
    expect(cache.size).to.equal(2);
    t = 5000;
    cache.invalidate('/nothing-matches');
    expect(cache.size, 'invalidate also sweeps expired entries').to.equal(0);
  });

  it('holds at most maxEntries completed responses, dropping the oldest first', async () => {
    const cache = new RequestCache(60_000, () => 0, 3);
    const runs: string[] = [];
    const get = (key: string) =>
      cache.get(key, () => {
        runs.push(key);
        return Promise.resolve(key);
      });
    for (let i = 0; i < 10; i++) await get(`/k/${i}`);
    expect(cache.size).to.equal(3);
    // the newest three are still served from the cache, the oldest is fetched again
    await get('/k/9');
    await get('/k/8');
    await get('/k/7');
    expect(runs).to.have.length(10);
    await get('/k/0');
    expect(runs).to.have.length(11);
    expect(cache.size).to.equal(3);
  });

  it('never drops a request in flight to make room, and still merges identical ones', async () => {
    const cache = new RequestCache(60_000, () => 0, 1);
    const pending = [deferred<string>(), deferred<string>(), deferred<string>()];
    let started = 0;
    const run = (i: number) => () => {
      started++;
      return pending[i].promise;
    };
    const a = cache.get('/p/0', run(0));
    const b = cache.get('/p/1', run(1));
    const c = cache.get('/p/2', run(2));
    const a2 = cache.get('/p/0', run(0));
    expect(started).to.equal(3);
    expect(cache.size).to.equal(3);
    pending.forEach((d, i) => d.resolve(`v${i}`));
    expect(await Promise.all([a, b, c, a2])).to.deep.equal(['v0', 'v1', 'v2', 'v0']);
    expect(cache.size, 'once settled, only maxEntries are kept').to.equal(1);
  });

  it('drops expired responses by itself when no further request comes (the page goes idle)', async () => {
    const cache = new RequestCache(50);
    await cache.get('/idle/0', () => Promise.resolve(1));
    await cache.get('/idle/1', () => Promise.resolve(2));
    expect(cache.size).to.equal(2);
    await waitUntil(() => cache.size === 0, 'expired entries were never dropped', { timeout: 4000, interval: 50 });
  });

  it('keeps nothing for failed or aborted requests', async () => {
    const cache = new RequestCache(60_000);
    const failing = cache.get('/f/0', () => Promise.reject(new FhirError('network', 'down')));
    await failing.then(
      () => expect.fail('should fail'),
      () => undefined,
    );
    const controller = new AbortController();
    const never = deferred<string>();
    const aborted = cache.get('/f/1', () => never.promise, controller.signal);
    controller.abort();
    await aborted.then(
      () => expect.fail('should abort'),
      (e: unknown) => expect((e as FhirError).kind).to.equal('aborted'),
    );
    expect(cache.size).to.equal(0);
  });
});
