/**
 * What the patches to the AWS SDK (patches/@smithy__core@3.41.1.patch,
 * patches/@aws-sdk__core@3.981.2.patch, patches/@aws-sdk__lib-dynamodb@3.1178.0.patch,
 * patches/@smithy__signature-v4@5.7.5.patch) change, on real requests to a real dynalite: the
 * SDK no longer copies the whole client config on every request (it did three to four times: for
 * the endpoint, the serializer, the deserializer and a new SigV4 signer), escapes the user
 * agent's parts once, parses a configured endpoint once, finds a known signing key without an
 * HMAC of the secret, and the document client takes `cacheMiddleware`; requests are signed and
 * answered as before, with the endpoint from the environment too.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "./aws-clients.js";
import { startTestTables } from "./testing/local-tables.js";

const CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/** SHA-256 for the SDK (its `sha256` option), counting the HMACs it is asked for. */
class CountingSha256 {
  static hmacs = 0;
  #hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    if (secret !== undefined) CountingSha256.hmacs++;
    const key =
      secret === undefined || typeof secret === "string"
        ? secret
        : ArrayBuffer.isView(secret)
          ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
          : new Uint8Array(secret);
    this.#hash = key === undefined ? createHash("sha256") : createHmac("sha256", key);
  }
  update(data: string | Uint8Array): void {
    this.#hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    throw new Error("not used by SigV4");
  }
}

/** Counts the URLs made from `text` while `run` runs (the SDK parses endpoints with `URL`). */
async function countParses(text: string, run: () => Promise<void>): Promise<number> {
  const Original = globalThis.URL;
  let parses = 0;
  globalThis.URL = class extends Original {
    constructor(url: string | URL, base?: string | URL) {
      super(url, base);
      if (String(url) === text) parses++;
    }
  };
  try {
    await run();
  } finally {
    globalThis.URL = Original;
  }
  return parses;
}

/** SigV4 (AWS4-HMAC-SHA256) written out from its specification, for a request with no query. */
function sigV4Authorization(
  request: { method: string; path: string; headers: Record<string, string>; body: string },
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
  service: string,
): string {
  const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
  const hmac = (key: string | Buffer, data: string) =>
    createHmac("sha256", key).update(data).digest();
  const names = Object.keys(request.headers)
    .map((n) => n.toLowerCase())
    .filter((n) => n !== "authorization")
    .sort();
  const value = (n: string) =>
    Object.entries(request.headers).find(([k]) => k.toLowerCase() === n)?.[1] ?? "";
  const longDate = value("x-amz-date");
  const scope = `${longDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const canonical = [
    request.method,
    request.path,
    "",
    ...names.map((n) => `${n}:${value(n).trim().replace(/\s+/g, " ")}`),
    "",
    names.join(";"),
    sha256(request.body),
  ].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", longDate, scope, sha256(canonical)].join("\n");
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, longDate.slice(0, 8));
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(toSign).digest("hex");
  return `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
}

describe("the AWS SDK's core, as patched", () => {
  let tables: Awaited<ReturnType<typeof startTestTables>>;
  let clients: AwsClients;
  let authorizations: string[];
  let userAgents: string[];
  beforeEach(async () => {
    tables = await startTestTables();
    authorizations = [];
    userAgents = [];
  });
  afterEach(async () => {
    clients?.destroy();
    await tables.close();
  });

  function build(config: { endpoint?: string; sha256?: typeof CountingSha256 }) {
    clients = createAwsClients({
      dynamo: { ...config, region: "us-east-1", credentials: CREDENTIALS },
    });
    // The deserialize step runs after signing: the request as it goes on the wire.
    clients.dynamo.middlewareStack.add(
      (next) => async (args) => {
        const { headers } = args.request as { headers: Record<string, string> };
        authorizations.push(headers.authorization ?? "");
        userAgents.push(headers["user-agent"] ?? "");
        return next(args);
      },
      { step: "deserialize", name: "captureAuthorization" },
    );
    return clients.dynamo;
  }

  const item = { pk: "CONFIG", sk: "CONFIG", value: 1 };
  const roundTrip = async (db: AwsClients["dynamo"]) => {
    await db.send(new PutCommand({ TableName: tables.names.shop, Item: item }));
    return (
      await db.send(
        new GetCommand({ TableName: tables.names.shop, Key: { pk: "CONFIG", sk: "CONFIG" } }),
      )
    ).Item;
  };

  it("copies no client config per request", async () => {
    const db = build({ endpoint: tables.endpoint });
    // A spread of the config reads every enumerable property, this one too.
    let copies = 0;
    Object.defineProperty(db.config, "copyProbe", {
      enumerable: true,
      get() {
        copies++;
        return undefined;
      },
    });
    await roundTrip(db);
    copies = 0;
    for (let i = 0; i < 5; i++) expect(await roundTrip(db)).toEqual(item);
    // Unpatched: 3 copies per request (endpoint, serializer, deserializer), 4 with the signer.
    expect(copies).toBe(0);
  });

  it("signs every request with the client's current credentials, with one signer", async () => {
    const db = build({ endpoint: tables.endpoint });
    expect(await roundTrip(db)).toEqual(item);
    const signer = db.config.signer as (authScheme?: unknown) => Promise<unknown>;
    // Unpatched, each request built a new SigV4 signer from a copy of the config.
    expect(await signer()).toBe(await signer());

    // The config's setter takes credentials as a client's constructor does.
    (db.config as { credentials: unknown }).credentials = {
      accessKeyId: "rotated",
      secretAccessKey: "other",
    };
    expect(await roundTrip(db)).toEqual(item);
    expect(authorizations.slice(0, 2).every((a) => a.includes("Credential=local/"))).toBe(true);
    expect(authorizations.slice(2).every((a) => a.includes("Credential=rotated/"))).toBe(true);
    expect(authorizations).toHaveLength(4);
  });

  it("takes the endpoint from the environment on every request, leaving the config as it was", async () => {
    const before = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = tables.endpoint;
    try {
      const db = build({});
      await roundTrip(db);
      // Parsed once: unpatched, twice on every request (the endpoint parameter, its headers).
      const parses = await countParses(tables.endpoint, async () => {
        for (let i = 0; i < 2; i++) expect(await roundTrip(db)).toEqual(item);
      });
      expect(parses).toBe(0);
      // The environment's endpoint was set on the request's view of the config, as it was on
      // the request's copy before: the client's own config still has none.
      expect(db.config.isCustomEndpoint).toBe(false);
      expect(authorizations).toHaveLength(6);
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      else process.env.AWS_ENDPOINT_URL_DYNAMODB = before;
    }
  });

  it("resolves a document command class's handler once, each call marshalling its own input", async () => {
    const db = build({ endpoint: tables.endpoint });
    // From the app's client config; unpatched, the document client refused it.
    expect(db.config.cacheMiddleware).toBe(true);
    const proto = GetCommand.prototype as unknown as {
      resolveMiddleware: (...args: unknown[]) => unknown;
    };
    const resolve = proto.resolveMiddleware;
    let resolved = 0;
    proto.resolveMiddleware = function (this: unknown, ...args: unknown[]) {
      resolved++;
      return resolve.apply(this, args);
    };
    try {
      const items = Array.from({ length: 6 }, (_, i) => ({ pk: `P${i}`, sk: "S", value: i }));
      for (const one of items) {
        await db.send(new PutCommand({ TableName: tables.names.shop, Item: one }));
      }
      const read = await Promise.all(
        items.map((one) =>
          db.send(new GetCommand({ TableName: tables.names.shop, Key: { pk: one.pk, sk: "S" } })),
        ),
      );
      expect(read.map((r) => r.Item)).toEqual(items);
      expect(resolved).toBe(1);
    } finally {
      proto.resolveMiddleware = resolve;
    }
  });

  it("escapes the user agent's parts once, not on every request", async () => {
    const db = build({ endpoint: tables.endpoint });
    await roundTrip(db);
    const replace = String.prototype.replace;
    let escapes = 0;
    // The SDK escapes each part's name with this pattern (`UA_NAME_ESCAPE_REGEX`).
    String.prototype.replace = function (this: string, pattern: unknown, ...rest: unknown[]) {
      if (pattern instanceof RegExp && pattern.source === "[^!$%&'*+\\-.^_`|~\\w]") escapes++;
      return (replace as (...args: unknown[]) => string).call(this, pattern, ...rest);
    } as typeof replace;
    try {
      for (let i = 0; i < 3; i++) expect(await roundTrip(db)).toEqual(item);
    } finally {
      String.prototype.replace = replace;
    }
    // Unpatched: every part of every request's user agent, ≈8 per request.
    expect(escapes).toBe(0);
    expect(userAgents).toHaveLength(8);
    expect(userAgents[0]).toContain("aws-sdk-js/");
    expect(new Set(userAgents.slice(2)).size).toBe(1);
  });

  it("parses a configured endpoint once, not on every request", async () => {
    const db = build({ endpoint: tables.endpoint });
    await roundTrip(db);
    const parses = await countParses(tables.endpoint, async () => {
      for (let i = 0; i < 3; i++) expect(await roundTrip(db)).toEqual(item);
    });
    // Unpatched: twice per request, 12 here.
    expect(parses).toBe(0);
    expect(authorizations).toHaveLength(8);
  });

  it("signs a request with one HMAC once its key is known, as SigV4 specifies", async () => {
    const db = build({ endpoint: tables.endpoint, sha256: CountingSha256 });
    await roundTrip(db);
    CountingSha256.hmacs = 0;
    for (let i = 0; i < 5; i++) expect(await roundTrip(db)).toEqual(item);
    // The signature's own HMAC; unpatched, one more per request for the key cache's key: 20.
    expect(CountingSha256.hmacs).toBe(10);

    // The client's signer, given credentials objects as a provider hands them out.
    const { constructor: Signer } = (await (db.config.signer as () => Promise<unknown>)()) as {
      constructor: new (init: object) => { sign(r: object, o: object): Promise<unknown> };
    };
    const request = {
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      path: "/",
      headers: { host: "127.0.0.1", "content-type": "application/x-amz-json-1.0" },
      body: '{"TableName":"t"}',
    };
    const sign = async (
      credentials: { accessKeyId: string; secretAccessKey: string },
      region: string,
    ) => {
      const signer = new Signer({
        credentials,
        region,
        service: "dynamodb",
        sha256: CountingSha256,
      });
      const signed = (await signer.sign(request, {
        signingDate: new Date("2026-12-08T01:02:03Z"),
      })) as { headers: Record<string, string> };
      const expected = sigV4Authorization(
        { ...request, headers: signed.headers },
        credentials,
        region,
        "dynamodb",
      );
      expect(signed.headers.authorization).toBe(expected);
      return expected;
    };
    const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "first" };
    const east = await sign(credentials, "us-east-1");
    expect(await sign(credentials, "us-east-1")).toBe(east);
    // Another region, then a secret changed on the same object: each its own key.
    expect(await sign(credentials, "eu-west-1")).not.toBe(east);
    credentials.secretAccessKey = "second";
    expect(await sign(credentials, "us-east-1")).not.toBe(east);
    credentials.secretAccessKey = "first";
    expect(await sign({ ...credentials }, "us-east-1")).toBe(east);
  });
});
