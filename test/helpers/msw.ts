// Starts one MSW service worker per test page and lets each test install its own handlers.
import { setupWorker } from 'msw/browser';
import type { RequestHandler } from 'msw';

let worker: ReturnType<typeof setupWorker> | undefined;
let started: Promise<unknown> | undefined;

/** Starts the worker (once) and replaces its handlers with `handlers`. */
export async function useMswHandlers(...handlers: RequestHandler[]): Promise<void> {
  if (!worker) {
    worker = setupWorker();
    started = worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
  }
  await started;
  worker.resetHandlers(...handlers);
}
