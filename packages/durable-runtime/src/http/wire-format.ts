/**
 * Lambda's rest-json protocol writes timestamps in JSON bodies as epoch seconds (the protocol's
 * default format; client-lambda reads them back into `Date`s). The engine answers with `Date`s,
 * so every response body goes through `toWire`.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined) out[key] = toWire(inner);
    }
    return out;
  }
  return value;
}
