import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { LocalAwsError } from "./local-aws-error.js";
import { LOCAL_CLIENT_CONFIG, type LocalDynamo, startLocalDynamo } from "./local-dynamo.js";
import { startSupervisedLocalDynamo } from "./supervised-dynamo.js";
import { mountSmallFilesystem, SMALL_FILESYSTEM_SKIP } from "./testing/small-filesystem.js";

const tables = { orders: "test-orders", shop: "test-shop" };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Parameters<typeof startLocalDynamo>[0]) {
  const dynamo = await startLocalDynamo(options);
  cleanups.push(() => dynamo.close());
  // One attempt: these tests look at the server's own answers, not at the SDK's retries.
  const client = new DynamoDBClient({
    ...LOCAL_CLIENT_CONFIG,
    endpoint: dynamo.endpoint,
    maxAttempts: 1,
  });
  cleanups.push(() => client.destroy());
  return { dynamo, client };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "local-dynamo-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const putConfig = (client: DynamoDBClient, n = 0) =>
  client.send(
    new PutItemCommand({
      TableName: "test-shop",
      Item: { pk: { S: "CONFIG" }, sk: { S: `CONFIG-${n}` }, open: { BOOL: true } },
    }),
  );

const getConfig = async (client: DynamoDBClient, n = 0) =>
  (
    await client.send(
      new GetItemCommand({
        TableName: "test-shop",
        Key: { pk: { S: "CONFIG" }, sk: { S: `CONFIG-${n}` } },
      }),
    )
  ).Item;

/** Whether a process with this id is running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("startLocalDynamo", () => {
  it("serves on a loopback port and creates the app's tables with their indexes", async () => {
    const { dynamo, client } = await start({ tables });
    expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: "test-orders" }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
      "byCustomer",
      "byStatus",
    ]);
    const shop = await client.send(new DescribeTableCommand({ TableName: "test-shop" }));
    expect(shop.Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
  });

  it("keeps data across restarts when given a data directory", async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir, tables });
    await putConfig(first.client);
    await first.dynamo.close();

    // Creating tables again on the same directory is a no-op, and the item is still there.
    const { client } = await start({ dataDir, tables });
    expect((await getConfig(client))?.open).toEqual({ BOOL: true });
  });

  it("starts empty without a data directory", async () => {
    const first: LocalDynamo = await startLocalDynamo({ tables });
    await first.close();
    const { client } = await start({});
    await expect(
      client.send(new DescribeTableCommand({ TableName: "test-orders" })),
    ).rejects.toThrow(/not found|ResourceNotFound/i);
  });

  it("runs in a process of its own, which close() ends", async () => {
    const { dynamo } = await start({ tables });
    expect(dynamo.pid).not.toBe(process.pid);
    expect(alive(dynamo.pid)).toBe(true);
    await dynamo.close();
    expect(await dynamo.exited).toMatchObject({ code: 0, requested: true });
    expect(alive(dynamo.pid)).toBe(false);
  });

  it("gives the server's process the Node flags it is asked for", async () => {
    const dir = tempDir();
    // A preload that leaves the id of the process it ran in: the server's, not this one's.
    const preload = join(dir, "preload.mjs");
    writeFileSync(
      preload,
      `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(join(dir, "pid"))}, String(process.pid));\n`,
    );
    const { dynamo } = await start({ execArgv: ["--import", preload] });
    expect(readFileSync(join(dir, "pid"), "utf8")).toBe(String(dynamo.pid));
  });

  it("reports a server that ends on its own, and leaves the process that started it running", async () => {
    const { dynamo, client } = await start({ tables });
    process.kill(dynamo.pid, "SIGKILL");
    expect(await dynamo.exited).toEqual({ code: null, signal: "SIGKILL", requested: false });
    await expect(putConfig(client)).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket/i);
  });

  it("refuses a port in use with EADDRINUSE", async () => {
    const { dynamo } = await start({});
    const port = Number(new URL(dynamo.endpoint).port);
    const error = await startLocalDynamo({ port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalAwsError);
    expect(error).toMatchObject({ code: "EADDRINUSE" });
  });

  it("waits for a server that is ending to let go of the database", async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir, tables });
    await putConfig(first.client);
    // A new server on the same directory while the old one is still ending (as after `kill -9`
    // of the stack that started it: its server closes a moment later).
    const second = startLocalDynamo({ dataDir });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await first.dynamo.close();
    const dynamo = await second;
    cleanups.push(() => dynamo.close());
    const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: dynamo.endpoint });
    cleanups.push(() => client.destroy());
    expect((await getConfig(client))?.open).toEqual({ BOOL: true });
  });

  it("names the directory and the cause when another server holds the database", async () => {
    const dataDir = tempDir();
    await start({ dataDir });
    const error = await startLocalDynamo({ dataDir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    expect((error as Error).message).toBe(
      `cannot open the local DynamoDB database in ${dataDir}: IO error: lock ${dataDir}/LOCK: ` +
        "Resource temporarily unavailable (another process is using this directory)",
    );
  });

  describe.skipIf(SMALL_FILESYSTEM_SKIP)(
    `on a small filesystem (${SMALL_FILESYSTEM_SKIP ?? "a tmpfs"})`,
    () => {
      it("names the directory and the cause when the filesystem is read-only", async () => {
        const fs = mountSmallFilesystem();
        cleanups.push(() => fs.unmount());
        const dataDir = join(fs.dir, "dynamodb");
        const first = await startLocalDynamo({ dataDir, tables });
        await first.close();
        fs.readOnly(true);
        const error = await startLocalDynamo({ dataDir }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "STORAGE_UNAVAILABLE" });
        expect((error as Error).message).toMatch(
          `cannot open the local DynamoDB database in ${dataDir}: IO error: ${dataDir}/LOCK: Read-only file system`,
        );
      });

      it("fails writes on a full disk with the cause, keeps serving reads, and writes again once there is space", async () => {
        const fs = mountSmallFilesystem();
        cleanups.push(() => fs.unmount());
        const { dynamo, client } = await start({ dataDir: join(fs.dir, "dynamodb"), tables });
        await putConfig(client, 0);
        fs.fill();
        // LevelDB buffers writes in its log: one of the next few hits the full disk.
        let failure: unknown;
        for (let n = 1; n < 100 && failure === undefined; n++) {
          await putConfig(client, n).catch((error: unknown) => {
            failure = error;
          });
        }
        expect(failure).toMatchObject({
          name: "InternalServerError",
          message: expect.stringMatching(/IO error: .*: No space left on device/),
        });
        expect((await getConfig(client, 0))?.open).toEqual({ BOOL: true });
        expect(alive(dynamo.pid)).toBe(true);
        fs.free();
        await putConfig(client, 1000);
        expect((await getConfig(client, 1000))?.open).toEqual({ BOOL: true });
      });
    },
  );
});

describe("startSupervisedLocalDynamo", () => {
  it("starts the server again on the same port with the same data when it ends on its own", async () => {
    const dataDir = tempDir();
    const logged: string[] = [];
    const dynamo = await startSupervisedLocalDynamo({ dataDir, tables }, (m) => logged.push(m));
    cleanups.push(() => dynamo.close());
    const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: dynamo.endpoint });
    cleanups.push(() => client.destroy());
    await putConfig(client);
    const first = dynamo.pid;

    process.kill(first, "SIGKILL");
    await expect.poll(() => dynamo.pid, { timeout: 30_000, interval: 50 }).not.toBe(first);
    expect(alive(dynamo.pid)).toBe(true);
    // Same endpoint, same data; the client carries on.
    expect((await getConfig(client))?.open).toEqual({ BOOL: true });
    await putConfig(client, 1);
    expect(logged[0]).toMatch(/^local DynamoDB ended on its own \(SIGKILL\); starting it again/);

    await dynamo.close();
    expect(await dynamo.exited).toMatchObject({ requested: true });
    expect(alive(dynamo.pid)).toBe(false);
  });
});
