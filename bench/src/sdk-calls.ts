/**
 * CPU per AWS SDK call, as the shop's clients make them: the data layer's clients
 * (`createAwsClients`: the DynamoDB document client, EventBridge) and a Lambda client, against a
 * server in another process that answers every call at once with a canned, realistic body, so
 * the figure is the client's own work (SDK and Node's HTTP client). A raw `http.request` of a
 * GetItem body is the floor.
 *
 * Two builds can run in one process, their rounds interleaved (A B B A ...) so that a busy
 * machine moves both alike: `--sdk-other /path/to/worktree` loads that worktree's installed SDK
 * and `packages/data` build beside this one's. Reported: the median over rounds of CPU µs per
 * call (`process.cpuUsage`, this process only).
 */
import { fork } from "node:child_process";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Row, Section } from "./report.js";
import { median, round } from "./stats.js";

const THIS_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVER = fileURLToPath(new URL("./sdk-canned-server.js", import.meta.url));

type Call = () => Promise<unknown>;
type Ctor = new (input: unknown) => unknown;
interface Sender {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}

const ORDER_ID = "01JXYZ0000000000000000000A";
const local = (endpoint: string) => ({
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  endpoint,
});

/** The calls of one build (a worktree with `packages/data` built), on its own SDK install. */
async function callsOf(root: string, endpoint: string) {
  const fromData = createRequire(path.join(root, "packages/data/package.json"));
  const fromApi = createRequire(path.join(root, "apps/api/package.json"));
  const doc = fromData("@aws-sdk/lib-dynamodb") as Record<string, Ctor>;
  const { PutEventsCommand } = fromData("@aws-sdk/client-eventbridge") as Record<string, Ctor>;
  const lambdaSdk = fromApi("@aws-sdk/client-lambda") as Record<string, Ctor>;
  const data = (await import(path.join(root, "packages/data/dist/index.js"))) as {
    createAwsClients(config: object): { dynamo: Sender; events: Sender; destroy(): void };
    CLIENT_CONFIG?: object;
  };
  const clients = data.createAwsClients({ dynamo: local(endpoint), events: local(endpoint) });
  // As the API's workflow gateway builds it (with the data layer's client config where the
  // build has one; an empty config before).
  const lambda = new lambdaSdk.LambdaClient!({
    ...data.CLIENT_CONFIG,
    ...local(endpoint),
  }) as Sender;
  const calls: Record<string, Call> = {
    GetItem: () =>
      clients.dynamo.send(
        new doc.GetCommand!({
          TableName: "coffee-orders",
          Key: { orderId: ORDER_ID },
          ConsistentRead: true,
        }),
      ),
    UpdateItem: () =>
      clients.dynamo.send(
        new doc.UpdateCommand!({
          TableName: "coffee-orders",
          Key: { orderId: ORDER_ID },
          UpdateExpression: "SET #status = :to, #updatedAt = :now",
          ConditionExpression: "attribute_exists(orderId) AND #status IN (:from0, :from1)",
          ExpressionAttributeNames: { "#status": "status", "#updatedAt": "updatedAt" },
          ExpressionAttributeValues: {
            ":to": "READY",
            ":now": "2026-12-07T12:00:02.000Z",
            ":from0": "IN_PROGRESS",
            ":from1": "READY",
          },
          ReturnValues: "ALL_NEW",
        }),
      ),
    TransactWriteItems: () =>
      clients.dynamo.send(
        new doc.TransactWriteCommand!({
          TransactItems: [
            {
              Put: {
                TableName: "coffee-orders",
                Item: { orderId: ORDER_ID, status: "PENDING", customerId: "c-1" },
                ConditionExpression: "attribute_not_exists(orderId)",
              },
            },
            {
              Update: {
                TableName: "coffee-shop",
                Key: { pk: "STOCK", sk: "STOCK" },
                UpdateExpression: "SET #q = #q - :one",
                ExpressionAttributeNames: { "#q": "latte" },
                ExpressionAttributeValues: { ":one": 1 },
              },
            },
          ],
        }),
      ),
    PutEvents: () =>
      clients.events.send(
        new PutEventsCommand!({
          Entries: [
            {
              EventBusName: "coffee",
              Source: "coffee.orders",
              DetailType: "OrderReady",
              Detail: JSON.stringify({ orderId: ORDER_ID, status: "READY", orderNumber: 42 }),
              Time: new Date(),
            },
          ],
        }),
      ),
    SendDurableExecutionCallbackSuccess: () =>
      lambda.send(
        new lambdaSdk.SendDurableExecutionCallbackSuccessCommand!({
          CallbackId: "Y2FsbGJhY2staWQtMDEyMzQ1Njc4OWFiY2RlZg==",
          Result: new TextEncoder().encode('{"accepted":true}'),
        }),
      ),
  };
  return {
    calls,
    destroy() {
      clients.destroy();
      lambda.destroy();
    },
  };
}

function rawGetItem(port: number, agent: http.Agent): Call {
  const body = JSON.stringify({ TableName: "coffee-orders", Key: { orderId: { S: ORDER_ID } } });
  return () =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/",
          agent,
          headers: {
            "content-type": "application/x-amz-json-1.0",
            "x-amz-target": "DynamoDB_20120810.GetItem",
            "content-length": Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}

/** `calls` calls of `call`, `concurrency` at a time: CPU µs per call. */
async function cpuPerCall(call: Call, calls: number, concurrency: number): Promise<number> {
  let started = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started++ < calls) await call();
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

export async function benchSdkCalls(options: {
  calls: number;
  rounds: number;
  concurrency: number;
  /** Another worktree to compare against (its rounds interleaved with this one's). */
  other?: string;
}): Promise<Section> {
  const server = fork(SERVER, { stdio: "inherit", execArgv: [] });
  const port = await new Promise<number>((resolve) =>
    server.once("message", (m: { port: number }) => resolve(m.port)),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });
  const builds = [{ name: "this build", root: THIS_ROOT }];
  if (options.other) builds.push({ name: path.resolve(options.other), root: options.other });
  const loaded = await Promise.all(builds.map((b) => callsOf(b.root, endpoint)));
  const floor = rawGetItem(port, agent);
  try {
    const samples = builds.map(() => new Map<string, number[]>());
    // Warm-up: every call of every build, and the floor.
    for (const build of loaded) {
      for (const call of Object.values(build.calls)) await cpuPerCall(call, 300, 8);
    }
    await cpuPerCall(floor, 300, 8);
    const floorSamples: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 ? [...loaded.keys()].reverse() : [...loaded.keys()];
      for (const i of order) {
        for (const [name, call] of Object.entries(loaded[i]!.calls)) {
          const perCall = await cpuPerCall(call, options.calls, options.concurrency);
          samples[i]!.set(name, [...(samples[i]!.get(name) ?? []), perCall]);
        }
      }
      floorSamples.push(await cpuPerCall(floor, options.calls, options.concurrency));
    }
    const rows: Row[] = builds.map((build, i) => {
      const medians = Object.fromEntries(
        [...samples[i]!].map(([name, values]) => [name, round(median(values), 0)]),
      );
      const total = Object.values(medians).reduce((a, b) => a + b, 0);
      return { build: build.name, ...medians, "sum of the five": total };
    });
    rows.push({
      build: "raw http.request (GetItem body)",
      GetItem: round(median(floorSamples), 0),
    });
    return {
      title: `AWS SDK: CPU µs per call (${options.rounds} rounds of ${options.calls} calls, ${options.concurrency} at once, medians)`,
      note: "The data layer's clients (createAwsClients) and a Lambda client, against canned answers from another process; this process's CPU (process.cpuUsage) per call. Builds' rounds interleaved.",
      rows,
    };
  } finally {
    for (const build of loaded) build.destroy();
    agent.destroy();
    server.kill();
  }
}
