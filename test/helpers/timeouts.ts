// The client's request timeouts, fired by the test instead of by the clock.
//
//   const timeouts = manualTimeouts();
//   const client = new FetchFhirClient({ baseUrl, setTimer: timeouts.setTimer });
//   const held = server.hold('POST /fhir/Communication');   // the request arrives and waits
//   press Send; await held.arrived;
//   expect(timeouts.fire()).to.equal(1);                      // "no answer in time", now
//   held.release();
//
// No request of such a client ever times out by itself, however slow the machine: a test that is
// about a timeout says when it happens, and every other request waits for its answer.
export interface ManualTimeouts {
  /** Give this to `FetchFhirClientOptions.setTimer`. */
  readonly setTimer: (fire: () => void, ms: number) => () => void;
  /** Timeouts of requests still waiting for an answer. */
  readonly pending: number;
  /** Fires the timeout of every request still waiting for an answer; returns how many. */
  fire(): number;
}

export function manualTimeouts(): ManualTimeouts {
  const waiting = new Set<() => void>();
  return {
    setTimer: (fire) => {
      waiting.add(fire);
      return () => waiting.delete(fire);
    },
    get pending() {
      return waiting.size;
    },
    fire() {
      const due = [...waiting];
      waiting.clear();
      for (const f of due) f();
      return due.length;
    },
  };
}
