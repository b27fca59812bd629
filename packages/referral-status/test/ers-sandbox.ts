// The e-RS sandbox responses copied unchanged into test/data/ers (see test/data/README.md), read as a host would get them.
const cache = new Map<string, Promise<Record<string, unknown>>>();

function load(path: string): Promise<Record<string, unknown>> {
  let p = cache.get(path);
  if (!p) {
    p = fetch(path).then(async (r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status}`);
      return (await r.json()) as Record<string, unknown>;
    });
    cache.set(path, p);
  }
  // a copy each time: a test never changes what another reads
  return p.then((json) => structuredClone(json));
}

/** An STU3 sandbox response: `test/data/ers/stu3/<endpoint>-<example>.json`. */
export const stu3 = (name: string) => load(`/test/data/ers/stu3/${name}.json`);
/** An R4 A041 sandbox response: `test/data/ers/r4/searchServiceRequest-<example>.json`. */
export const r4 = (name: string) => load(`/test/data/ers/r4/searchServiceRequest-${name}.json`);
