/**
 * Checks a JSON response body, as it travels on the wire, against the output shape that
 * `@aws-sdk/client-lambda` itself deserializes with (its static schemas, e.g.
 * `GetDurableExecutionHistoryResponse$`): every required member present, every member one the
 * model knows (a misspelt one would be dropped by the client without a word), and each value of
 * the JSON type the rest-json protocol uses for it (timestamps as epoch-second numbers, blobs as
 * base64 strings). Returns the violations as `path: problem` lines; empty means conformant.
 *
 * The schema layout (smithy's static schemas): a structure is
 * `[3, namespace, name, traits, memberNames, memberSchemas, requiredCount?]` (required members
 * come first), a list `[1, ns, name, traits, member]`, a map `[2, ns, name, traits, key,
 * value]`, a named simple type `[0, ns, name, traits, type]`; a member is a schema, a lazy
 * `() => schema`, or `[schema, memberTraits]`; simple types are numbers (0 string, 1 number,
 * 2 boolean, 4 and 7 epoch-second timestamps, 5 and 6 timestamps as text, 15 document, 21 blob,
 * 64|t list of t, 128|t map of t).
 */
export function wireViolations(schema: unknown, value: unknown, path = "$"): string[] {
  const s = resolve(schema);
  if (typeof s === "number") return simpleViolations(s, value, path);
  if (!Array.isArray(s)) return [`${path}: unreadable schema`];
  switch (s[0]) {
    case 0:
      return wireViolations(s[4], value, path);
    case 1:
      if (!Array.isArray(value)) return [`${path}: expected a JSON array, got ${kindOf(value)}`];
      return value.flatMap((item, i) => wireViolations(s[4], item, `${path}[${i}]`));
    case 2:
      if (!isObject(value)) return [`${path}: expected a JSON object, got ${kindOf(value)}`];
      return Object.entries(value).flatMap(([k, v]) => wireViolations(s[5], v, `${path}.${k}`));
    case 3: {
      if (!isObject(value)) return [`${path}: expected a JSON object, got ${kindOf(value)}`];
      const names = s[4] as string[];
      const members = s[5] as unknown[];
      const required = (s[6] as number | undefined) ?? 0;
      const out: string[] = [];
      for (const name of names.slice(0, required)) {
        if (value[name] === undefined || value[name] === null) {
          out.push(`${path}.${name}: required by the model, missing`);
        }
      }
      for (const [key, inner] of Object.entries(value)) {
        const at = names.indexOf(key);
        if (at < 0) out.push(`${path}.${key}: not a member of ${String(s[2])}`);
        else out.push(...wireViolations(members[at], inner, `${path}.${key}`));
      }
      return out;
    }
    default:
      return [`${path}: unknown schema kind ${String(s[0])}`];
  }
}

function resolve(schema: unknown): unknown {
  let s = typeof schema === "function" ? (schema as () => unknown)() : schema;
  // A member wrapper: [schema, memberTraits] (schemas themselves have 5 or more entries).
  if (Array.isArray(s) && s.length === 2) s = resolve(s[0]);
  return s;
}

function simpleViolations(type: number, value: unknown, path: string): string[] {
  if (type & 64) {
    if (!Array.isArray(value)) return [`${path}: expected a JSON array, got ${kindOf(value)}`];
    return value.flatMap((v, i) => simpleViolations(type & 63, v, `${path}[${i}]`));
  }
  if (type & 128) {
    if (!isObject(value)) return [`${path}: expected a JSON object, got ${kindOf(value)}`];
    return Object.entries(value).flatMap(([k, v]) =>
      simpleViolations(type & 127, v, `${path}.${k}`),
    );
  }
  const expected =
    type === 0 || type === 21 || type === 5 || type === 6
      ? "string"
      : type === 1 || type === 4 || type === 7
        ? "number"
        : type === 2
          ? "boolean"
          : undefined;
  if (expected === undefined || typeof value === expected) return [];
  return [`${path}: expected a JSON ${expected}, got ${kindOf(value)}`];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
