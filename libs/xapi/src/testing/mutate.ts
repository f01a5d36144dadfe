// xAPI 1.0.3 Data §2.2 / IEEE 9274.1.1 §4.2.1 — test helper: derive an invalid statement from a valid one
// by changing a single property, so each rejection test isolates one rule (test-only).

export const REMOVE = Symbol('remove');

type Key = string | number;

/** A deep copy of `base` with the value at `path` replaced (or removed with {@link REMOVE}). */
export function withValue(base: unknown, path: readonly Key[], value: unknown): unknown {
  const copy = structuredClone(base);
  let target = copy as Record<Key, unknown>;
  for (const key of path.slice(0, -1)) {
    target = target[key] as Record<Key, unknown>;
    if (typeof target !== 'object' || target === null) throw new Error(`no object at ${path.join('.')}`);
  }
  const last = path[path.length - 1];
  if (last === undefined) throw new Error('empty path');
  if (value === REMOVE) delete target[last];
  else target[last] = value;
  return copy;
}
