// What <jc-advice-panel> says about itself to the host (state, jc-load's count and partial), from core's reading of its task.
import type { JcElement } from '@joinedcare/core';

type Reading = ReturnType<JcElement['readLifecycle']>;

/**
 * The panel's reading: handed-in data is ready (or empty) with its conversations counted, without a
 * load (unless nothing is configured or the server says the patient is another person); loaded data
 * with some parts missing (`failed`) is partial.
 */
export function adviceReading(core: Reading, o: { handed: boolean; shown: number; failed: number }): Reading {
  const handed = o.handed && core.state !== 'not-configured' && core.state !== 'stopped';
  const reading: Reading = handed ? { state: o.shown ? 'ready' : 'empty', count: o.shown } : core;
  const partial = o.failed > 0 && (reading.state === 'ready' || reading.state === 'empty');
  return partial ? { ...reading, partial } : reading;
}
