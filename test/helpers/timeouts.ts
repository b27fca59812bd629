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
  /**
   * `true`: from now on every request times out as soon as it has been sent (and those waiting now);
   * hold the answers (`server.hold()`) so that none can come first. `false`: back to `fire()`.
   */
  expireAll(on?: boolean): void;
}

export function manualTimeouts(): ManualTimeouts {
  const waiting = new Set<() => void>();
  let expired = false;
  const fire = () => {
    const due = [...waiting];
    waiting.clear();
    for (const f of due) f();
    return due.length;
  };
  return {
    setTimer: (onTimeout) => {
      waiting.add(onTimeout);
      // expired: the timeout fires once the request has gone out (a task later), not inside the call
      if (expired) setTimeout(fire, 0);
      return () => waiting.delete(onTimeout);
    },
    get pending() {
      return waiting.size;
    },
    fire,
    expireAll(on = true) {
      expired = on;
      if (on) fire();
    },
  };
}
