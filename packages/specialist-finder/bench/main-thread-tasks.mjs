// The renderer main thread's tasks while `fn` runs, from a Chromium trace (CDP Tracing, `RunTask`
// events of CrRendererMain): each task's wall time and its thread (CPU) time. On a machine shared
// with other work a task's wall time includes the time the OS gave its core to someone else, so a
// 5 ms task can measure 200 ms; its thread time does not. The finder bench reports both.

/**
 * @param {import('playwright-core').CDPSession} cdp a CDP session of the page
 * @param {() => Promise<T>} fn
 * @returns {Promise<{ value: T, tasks: number, longestWallMs: number, longestCpuMs: number, over50WallMs: number, over50CpuMs: number }>}
 * @template T
 */
export async function mainThreadTasks(cdp, fn) {
  const events = [];
  const collect = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'] },
    transferMode: 'ReportEvents',
  });
  let value;
  try {
    value = await fn();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const ms = (us) => Math.round((us ?? 0) / 100) / 10;
  return {
    value,
    tasks: tasks.length,
    longestWallMs: ms(Math.max(0, ...tasks.map((t) => t.dur))),
    longestCpuMs: ms(Math.max(0, ...tasks.map((t) => t.tdur ?? 0))),
    over50WallMs: tasks.filter((t) => t.dur > 50_000).length,
    over50CpuMs: tasks.filter((t) => (t.tdur ?? 0) > 50_000).length,
  };
}
