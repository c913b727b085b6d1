/**
 * What the patches to the AWS SDK (patches/@smithy__core@3.41.1.patch,
 * patches/@aws-sdk__core@3.981.2.patch, patches/@aws-sdk__lib-dynamodb@3.1178.0.patch) change,
 * on real requests to a real dynalite: the SDK no longer copies the whole client config on every
 * request (it did three to four times: for the endpoint, the serializer, the deserializer and a
 * new SigV4 signer), escapes the user agent's parts once, and the document client takes
 * `cacheMiddleware`; requests are signed and answered as before, with the endpoint from the
 * environment too.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "./aws-clients.js";
import { startTestTables } from "./testing/local-tables.js";

const CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

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

  function build(config: { endpoint?: string }) {
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
      for (let i = 0; i < 3; i++) expect(await roundTrip(db)).toEqual(item);
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
});
