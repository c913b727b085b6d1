/**
 * What one order costs, counted rather than guessed: the stack as `pnpm start` runs it (a child
 * process), given a dynalite of the bench's own with a meter inside it (`DYNAMODB_URL`), runs
 * orders to COMPLETED through the HTTP API; the bench counts the DynamoDB requests and capacity
 * units each order made, its events, its invocations and durable operations (from the execution
 * histories, over the Lambda API), the checkpoint calls its workflow made (the runtime's count,
 * `GET /console/api/counts` on the stack's Lambda endpoint), and the CPU time of the stack's
 * processes; then it prices one million such orders at AWS list prices (`aws-prices.ts`).
 *
 * A second run paces orders at a fixed rate (an open loop: a new customer every 1/rate s,
 * whatever the stack answers) and reports each route's latency percentiles.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Event,
  GetDurableExecutionHistoryCommand,
  LambdaClient,
  ListDurableExecutionsByFunctionCommand,
} from "@aws-sdk/client-lambda";
import { startStackProcess } from "@coffee/local-stack/testing";
import { type OrderRun, OrderWatch, orderIdFrom, pool, runOrder } from "@coffee/shop-driver";
import { LAMBDA_ASSUMPTION, PRICES } from "./aws-prices.js";
import { DynamoMeter } from "./dynamo-meter.js";
import { cpuMs, threadCpuMs, threadSplitMs, treeCpuMs } from "./proc-cpu.js";
import { latencyRows, type Section } from "./report.js";
import { benchShop, customerAddress, openShop, retryTally } from "./shop-setup.js";
import { round } from "./stats.js";

/** The routes a customer and a barista use for one order (the driver's reads aside). */
const ACTION_ROUTES = [
  "POST /orders",
  "PUT /orders/:id",
  "POST /orders/:id/accept",
  "POST /orders/:id/complete",
];

export async function benchShopCost(options: {
  orders: number;
  concurrency: number;
  /** Orders per second for the paced run, and how many orders it starts. */
  pacedRate: number;
  pacedOrders: number;
  /** Orders completed before anything is counted (JIT, SQLite and dynalite caches). */
  warmUp: number;
  /** Another build's stack entry (`node <main>`), to measure a "before" the same way. */
  stackMain?: string;
}): Promise<Section[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "coffee-bench-cost-"));
  mkdirSync(path.join(dataDir, "meter"));
  const meter = await DynamoMeter.start(path.join(dataDir, "meter", "dynamodb"));
  // Sweeps off: they cost per minute, not per order.
  const stack = await startStackProcess({
    dataDir,
    env: { DYNAMODB_URL: meter.endpoint, PENDING_SWEEP_SECONDS: "0" },
    main: options.stackMain,
  });
  const pids = [stack.child.pid ?? 0, meter.pid];
  const { base } = stack;
  const lambda = new LambdaClient({
    endpoint: stack.lambdaUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    const open = await openShop(base);
    const { barista, random } = open;
    const watch = await OrderWatch.open(base, barista);
    // A second stream only counts: the driver's watch forgets an order once it has ended.
    const counter = await OrderWatch.open(base, barista);
    const latencies = new Map<string, number[]>();
    // Requests the driver sent again: a route's latency includes its retries, so they are
    // counted where they happen.
    const retries = retryTally();
    const shop = (record?: (route: string, ms: number) => void) =>
      benchShop(base, open, watch, {
        deadline: Date.now() + 600_000,
        onRetry: retries.onRetry,
        onLatency: record,
      });
    const recordInto = (map: Map<string, number[]>) => (route: string, ms: number) => {
      const list = map.get(route) ?? [];
      list.push(ms);
      map.set(route, list);
    };

    // Warm-up: JIT, SQLite and dynalite caches; not counted.
    await pool(options.warmUp, Math.min(options.warmUp, options.concurrency), (i) =>
      runOrder(shop(), orderIdFrom(random), "complete", customerAddress(i)),
    );

    // 1. Cost per order: a closed loop of `concurrency` customers.
    await meter.reset();
    retries.clear();
    const checkpointsAtStart = await checkpointCount(stack.lambdaUrl);
    const cpuBefore = treeCpuMs(pids);
    const threadsBefore = threadCpuMs(pids[0]!);
    const dynamoCpuBefore = cpuMs(meter.pid);
    const benchCpuBefore = process.cpuUsage();
    const began = performance.now();
    const runs: (OrderRun | Error)[] = await pool(options.orders, options.concurrency, (i) =>
      runOrder(
        shop(recordInto(latencies)),
        orderIdFrom(random),
        "complete",
        customerAddress(options.warmUp + i),
      ).catch((error: Error) => error),
    );
    const seconds = (performance.now() - began) / 1000;
    const cpuWithMeter = treeCpuMs(pids) - cpuBefore;
    const threads = threadSplitMs(pids[0]!, threadsBefore);
    const benchCpu = cpuUsageMs(process.cpuUsage(benchCpuBefore));
    const checkpointsAtEnd = await checkpointCount(stack.lambdaUrl);
    const tally = await meter.tally();
    // The meter's own time in the DynamoDB server's process is the bench's, not the stack's.
    const dynamoCpu = cpuMs(meter.pid) - dynamoCpuBefore - tally.meterMs;
    const cpu = cpuWithMeter - tally.meterMs;
    const done = runs.filter(
      (r): r is OrderRun => !(r instanceof Error) && r.final === "COMPLETED",
    );
    const n = Math.max(1, done.length);
    const driverReads = latencies.get("GET /orders/:id")?.length ?? 0;
    const requests = Object.values(tally.requests).reduce((a, b) => a + b, 0);
    const histories = await Promise.all(done.slice(0, 50).map((r) => history(lambda, r.orderId)));
    const perHistory = (count: (events: Event[]) => number) =>
      histories.reduce((sum, events) => sum + count(events), 0) / Math.max(1, histories.length);
    const invocations = perHistory(
      (e) => e.filter((x) => x.EventType === "InvocationCompleted").length,
    );
    const operations = perHistory(
      (e) =>
        e.filter((x) => x.EventType?.endsWith("Started") && x.EventType !== "ExecutionStarted")
          .length,
    );
    // The last event may still be on its way when the driver saw the order end.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const events = done.reduce((sum, r) => sum + counter.version(r.orderId), 0) / n;
    const closedRetries = retries.text();
    const apiRequests =
      ACTION_ROUTES.reduce((sum, r) => sum + (latencies.get(r)?.length ?? 0), 0) / n;

    const perOrder = {
      dynamo: (requests - driverReads) / n,
      readUnits: tally.readUnits / n,
      writeUnits: tally.writeUnits / n,
      events,
      invocations,
      operations,
      checkpoints: since(checkpointsAtStart, checkpointsAtEnd, (c) => c.Checkpoints / n),
      emptyCheckpoints: since(checkpointsAtStart, checkpointsAtEnd, (c) => c.EmptyCheckpoints / n),
      apiRequests,
      cpuMs: cpu / n,
      dynamoCpuMs: dynamoCpu / n,
      meterMs: tally.meterMs / n,
      benchCpuMs: benchCpu / n,
      threads: `${round(threads.main / n, 1)} / ${round(threads.busiest / n, 1)} / ${round(threads.rest / n, 1)}`,
    };
    const lambdaGBs = (ms: number) => (LAMBDA_ASSUMPTION.memoryGB * ms) / 1000;
    const million = {
      durable: perOrder.operations * PRICES.durableOperationPerMillion,
      workflowLambda:
        perOrder.invocations *
        (PRICES.lambdaRequestPerMillion +
          1e6 * lambdaGBs(LAMBDA_ASSUMPTION.workflowMsPerInvocation) * PRICES.lambdaGBSecond),
      api:
        perOrder.apiRequests *
        (PRICES.httpApiRequestPerMillion +
          PRICES.lambdaRequestPerMillion +
          1e6 * lambdaGBs(LAMBDA_ASSUMPTION.apiMsPerRequest) * PRICES.lambdaGBSecond),
      dynamo:
        perOrder.writeUnits * PRICES.dynamoWriteUnitPerMillion +
        perOrder.readUnits * PRICES.dynamoReadUnitPerMillion,
      events: perOrder.events * PRICES.eventBridgeEventPerMillion,
    };
    const total = Object.values(million).reduce((a, b) => a + b, 0);

    // 2. Paced: a new customer every 1/rate seconds; latency of every action.
    const paced = new Map<string, number[]>();
    retries.clear();
    await meter.reset();
    const pacedCheckpointsBefore = await checkpointCount(stack.lambdaUrl);
    const pacedCpuBefore = treeCpuMs(pids);
    const pacedThreadsBefore = threadCpuMs(pids[0]!);
    const pacedDynamoCpuBefore = cpuMs(meter.pid);
    const pacedBenchCpuBefore = process.cpuUsage();
    const pacedBegan = performance.now();
    const pacedRuns = await Promise.all(
      Array.from({ length: options.pacedOrders }, async (_, i) => {
        await new Promise((r) => setTimeout(r, (i * 1000) / options.pacedRate));
        return runOrder(
          shop(recordInto(paced)),
          orderIdFrom(random),
          "complete",
          customerAddress(options.warmUp + options.orders + i),
        ).catch((error: Error) => error);
      }),
    );
    const pacedSeconds = (performance.now() - pacedBegan) / 1000;
    const pacedDone = pacedRuns.filter((r) => !(r instanceof Error) && r.final === "COMPLETED");
    const pacedTally = await meter.tally();
    const pacedCpu = treeCpuMs(pids) - pacedCpuBefore - pacedTally.meterMs;
    const pacedThreads = threadSplitMs(pids[0]!, pacedThreadsBefore);
    const pacedDynamoCpu = cpuMs(meter.pid) - pacedDynamoCpuBefore - pacedTally.meterMs;
    const pacedBenchCpu = cpuUsageMs(process.cpuUsage(pacedBenchCpuBefore));
    const pacedDynamo = pacedTally.latencyMs;
    const pacedCheckpoints = since(
      pacedCheckpointsBefore,
      await checkpointCount(stack.lambdaUrl),
      (c) => c.Checkpoints / Math.max(1, pacedDone.length),
    );
    const pacedRetries = retries.text();
    watch.close();
    counter.close();

    return [
      {
        title: `Shop: cost per completed order (${done.length} orders, ${options.concurrency} customers at once, after ${options.warmUp} not counted)`,
        note: "DynamoDB requests and capacity units counted by a meter inside the bench's own dynalite, the process the stack runs (excluding the driver's reads of order views); events from the staff event stream; invocations and durable operations (every *Started event but ExecutionStarted) from the execution histories of the first 50 orders; checkpoints: CheckpointDurableExecution calls the runtime counted (GET /console/api/counts; n/a on a build without it), empty ones being the SDK polling while it waits; CPU: the stack's process and its DynamoDB server (the meter's own time left out), /proc utime+stime, the stack's split by thread from /proc/PID/task (main: the API, the event bus, the hub; runtime: its busiest other thread, the durable runtime's worker with the workflow; other: V8's garbage collector and compiler threads, libuv's pool); the bench's own process (the driver's customers and baristas) apart, from process.cpuUsage(). Orders/s on N cores can be at most N × 1000 / (stack + bench CPU ms per order).",
        rows: [
          {
            "orders/s": round(done.length / seconds, 1),
            "DynamoDB requests": round(perOrder.dynamo, 2),
            "…by operation": Object.entries(tally.requests)
              .map(
                ([op, count]) =>
                  `${op} ${round((op === "GetItem" ? count - driverReads : count) / n, 2)}`,
              )
              .join(", "),
            "driver reads": round(driverReads / n, 2),
            "…by item": Object.entries(tally.byItem)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([item, count]) => `${item} ${round(count / n, 2)}`)
              .join(", "),
            "read units": round(perOrder.readUnits, 2),
            "write units": round(perOrder.writeUnits, 2),
            events: round(perOrder.events, 2),
            invocations: round(perOrder.invocations, 2),
            "durable operations": round(perOrder.operations, 2),
            checkpoints:
              perOrder.checkpoints === undefined ? "n/a" : round(perOrder.checkpoints, 2),
            "…of them empty (polls)":
              perOrder.emptyCheckpoints === undefined ? "n/a" : round(perOrder.emptyCheckpoints, 2),
            "API requests": round(perOrder.apiRequests, 2),
            "stack CPU ms": round(perOrder.cpuMs, 1),
            "…of it DynamoDB server": round(perOrder.dynamoCpuMs, 1),
            "…its meter's, left out": round(perOrder.meterMs, 2),
            "…stack's main / runtime / other threads": perOrder.threads,
            "bench CPU ms (driver)": round(perOrder.benchCpuMs, 1),
            "requests sent again": closedRetries,
          },
        ],
      },
      {
        title: "Shop: one million such orders in AWS (list prices, us-east-1, USD)",
        note: `Durable operations $${PRICES.durableOperationPerMillion}/M; Lambda $${PRICES.lambdaRequestPerMillion}/M requests and $${PRICES.lambdaGBSecond}/GB-s, assuming ${LAMBDA_ASSUMPTION.memoryGB * 1024} MB and ${LAMBDA_ASSUMPTION.workflowMsPerInvocation} ms per workflow invocation, ${LAMBDA_ASSUMPTION.apiMsPerRequest} ms per API request; HTTP API $${PRICES.httpApiRequestPerMillion}/M; DynamoDB on-demand $${PRICES.dynamoWriteUnitPerMillion}/M write units, $${PRICES.dynamoReadUnitPerMillion}/M read units; EventBridge $${PRICES.eventBridgeEventPerMillion}/M events. Durable data written and retained, and storage, are left out.`,
        rows: [
          {
            "durable operations": round(million.durable, 2),
            "workflow Lambda": round(million.workflowLambda, 2),
            "API (HTTP API + Lambda)": round(million.api, 2),
            DynamoDB: round(million.dynamo, 2),
            EventBridge: round(million.events, 2),
            total: round(total, 2),
          },
        ],
      },
      {
        title: `Shop: paced at ${options.pacedRate} orders/s (${pacedDone.length} of ${options.pacedOrders} completed in ${round(pacedSeconds, 1)} s)`,
        note: `An open loop: a new customer every 1/rate s whatever the stack answers; latency per route, client side, loopback; then each DynamoDB operation the stack sent, timed inside the server from the whole request to its answer. CPU per completed order: ${round(pacedCpu / Math.max(1, pacedDone.length), 1)} ms (DynamoDB server ${round(pacedDynamoCpu / Math.max(1, pacedDone.length), 1)} ms, its meter's ${round(pacedTally.meterMs / Math.max(1, pacedDone.length), 2)} ms left out; the stack's main / runtime / other threads ${[pacedThreads.main, pacedThreads.busiest, pacedThreads.rest].map((ms) => round(ms / Math.max(1, pacedDone.length), 1)).join(" / ")} ms), and the bench's own process ${round(pacedBenchCpu / Math.max(1, pacedDone.length), 1)} ms; checkpoints per completed order: ${pacedCheckpoints === undefined ? "n/a" : round(pacedCheckpoints, 2)}. Requests sent again: ${pacedRetries}.`,
        rows: [
          ...latencyRows(paced),
          ...latencyRows(
            new Map(
              Object.entries(pacedDynamo).map(([op, samples]) => [`DynamoDB ${op}`, samples]),
            ),
          ),
        ],
      },
    ];
  } finally {
    lambda.destroy();
    await stack.stop();
    await meter.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `process.cpuUsage()` (µs, user and system) in milliseconds. */
function cpuUsageMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

interface CheckpointCounts {
  Checkpoints: number;
  EmptyCheckpoints: number;
}

/** The runtime's checkpoint calls so far; undefined from a build that does not count them. */
async function checkpointCount(lambdaUrl: string): Promise<CheckpointCounts | undefined> {
  const res = await fetch(`${lambdaUrl}/console/api/counts`);
  if (res.status !== 200) {
    await res.body?.cancel();
    return undefined;
  }
  return (await res.json()) as CheckpointCounts;
}

/** `per` of the calls between two counts, if both were counted. */
function since(
  before: CheckpointCounts | undefined,
  after: CheckpointCounts | undefined,
  per: (c: CheckpointCounts) => number,
): number | undefined {
  if (!before || !after) return undefined;
  return per({
    Checkpoints: after.Checkpoints - before.Checkpoints,
    EmptyCheckpoints: after.EmptyCheckpoints - before.EmptyCheckpoints,
  });
}

async function history(lambda: LambdaClient, orderId: string): Promise<Event[]> {
  const { DurableExecutions } = await lambda.send(
    new ListDurableExecutionsByFunctionCommand({
      FunctionName: "orders-workflow",
      DurableExecutionName: orderId,
    }),
  );
  const arn = DurableExecutions?.[0]?.DurableExecutionArn;
  if (!arn) return [];
  const events: Event[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(
      new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, Marker: marker }),
    );
    events.push(...(page.Events ?? []));
    marker = page.NextMarker;
  } while (marker);
  return events;
}
