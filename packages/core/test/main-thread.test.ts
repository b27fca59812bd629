import { expect } from '@open-wc/testing';
import { throwIfAborted, yieldToMain } from '../src/index.js';

describe('main-thread helpers', () => {
  const g = globalThis as { scheduler?: unknown };
  const withScheduler = async (value: unknown, run: () => Promise<void>) => {
    const had = Object.getOwnPropertyDescriptor(globalThis, 'scheduler');
    Object.defineProperty(globalThis, 'scheduler', { value, configurable: true, writable: true });
    try {
      await run();
    } finally {
      if (had) Object.defineProperty(globalThis, 'scheduler', had);
      else delete g.scheduler;
    }
  };

  it('yieldToMain uses scheduler.yield() where the browser has it', async () => {
    let calls = 0;
    await withScheduler({ yield: () => (calls++, Promise.resolve()) }, () => yieldToMain());
    expect(calls).to.equal(1);
  });

  it('yieldToMain without scheduler.yield() waits for a timer task, so queued tasks run first', async () => {
    await withScheduler(undefined, async () => {
      let timerRan = false;
      setTimeout(() => (timerRan = true), 0);
      await yieldToMain();
      expect(timerRan).to.equal(true);
    });
  });

  it('throwIfAborted: nothing before the abort, then the reason (or an AbortError)', () => {
    const c = new AbortController();
    expect(() => throwIfAborted(c.signal)).not.to.throw();
    expect(() => throwIfAborted(undefined)).not.to.throw();
    const reason = new Error('switched patient');
    c.abort(reason);
    expect(() => throwIfAborted(c.signal)).to.throw(reason);
    const d = new AbortController();
    d.abort('not an error');
    try {
      throwIfAborted(d.signal);
      expect.fail('should throw');
    } catch (e) {
      expect((e as DOMException).name).to.equal('AbortError');
    }
  });
});
