import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call } from "@coffee/shop-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StackProcess, startStackProcess } from "./testing/stack-process.js";

// The stack as `pnpm start` runs it, started again and again on one DATA_DIR with the staff
// passwords of each start: the ones printed are the ones that work, and a changed password ends
// the sessions signed in with the old one.

let dataDir: string;
let stack: StackProcess | undefined;

async function start(passwords: { admin: string; barista: string }) {
  await stack?.stop();
  stack = await startStackProcess({
    dataDir,
    startTimeoutMs: 20_000,
    env: { ADMIN_PASSWORD: passwords.admin, BARISTA_PASSWORD: passwords.barista },
  });
  return stack;
}

const login = (s: StackProcess, username: string, password: string) =>
  call(s.base, "POST", "/auth/login", { body: { username, password } });

const queueWith = (s: StackProcess, token: string) => call(s.base, "GET", "/orders", { token });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-staff-"));
});

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("staff passwords from the environment, on every start of one DATA_DIR", () => {
  it("take effect on each start, and a change ends the old sessions", async () => {
    let s = await start({ admin: "first-admin", barista: "first-barista" });
    const first = await login(s, "barista", "first-barista");
    expect(first.status).toBe(200);
    const oldSession = first.body.token as string;
    expect(s.output()).toContain("password: first-barista");

    // Same data, new passwords: the new ones work, the old ones and their sessions do not.
    s = await start({ admin: "second-admin", barista: "second-barista" });
    expect(s.output()).toContain("password: second-barista");
    expect((await login(s, "barista", "first-barista")).status).toBe(401);
    expect((await login(s, "admin", "first-admin")).status).toBe(401);
    const ended = await queueWith(s, oldSession);
    expect(ended.status).toBe(401);
    expect(ended.body.error.code).toBe("UNAUTHENTICATED");
    const second = await login(s, "barista", "second-barista");
    expect(second.status).toBe(200);
    expect((await login(s, "admin", "second-admin")).status).toBe(200);
    const session = second.body.token as string;

    // Same passwords again: nothing changes, sessions signed in before the restart go on.
    s = await start({ admin: "second-admin", barista: "second-barista" });
    expect((await queueWith(s, session)).status).toBe(200);
  }, 120_000);
});
