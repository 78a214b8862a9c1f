/**
 * JSON helpers for stored documents: deep copies, and PATCH-style merges in which nested objects are merged
 * key by key while arrays and other values replace what was there.
 */

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `target` with `patch` merged in; neither is changed. */
export function mergeJson<T extends JsonObject>(target: T, patch: JsonObject): T {
  const out: JsonObject = structuredClone(target);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] =
      isJsonObject(current) && isJsonObject(value) ? mergeJson(current, value) : structuredClone(value);
  }
  return out as T;
}

/** `doc` without the given keys. */
export function omit<T extends JsonObject>(doc: T, keys: readonly string[]): T {
  const out: JsonObject = { ...doc };
  for (const key of keys) delete out[key];
  return out as T;
}
