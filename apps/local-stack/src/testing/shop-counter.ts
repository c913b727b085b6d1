/**
 * The shop's counter for tests: the stack in a child process on a fresh DATA_DIR (as `pnpm start`
 * runs it), the admin and the barista signed in, and the code the display shows at hand.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, signIn } from "@coffee/shop-driver";
import { STACK_PASSWORDS, startStackProcess } from "./stack-process.js";

export interface QrCodeView {
  token: string;
  remaining: number;
}

export async function openCounter(name: string, options: { startTimeoutMs?: number } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), `coffee-${name}-`));
  const stack = await startStackProcess({
    dataDir,
    startTimeoutMs: options.startTimeoutMs,
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const { base } = stack;
  const login = (username: "admin" | "barista") =>
    signIn(base, username, STACK_PASSWORDS[username]);
  const admin = await login("admin");
  const barista = await login("barista");
  // Codes rotate at each multiple of the rotation period on the clock (every 5-minute mark by
  // default), and a test that reads a code's drinks twice would read a new code's across one.
  // A day-long period puts the only mark at midnight UTC.
  const rotation = await call(base, "PUT", "/admin/config", {
    token: admin,
    body: { limits: { tokenRotationSeconds: 86_400 } },
  });
  if (rotation.status !== 200) throw new Error(`setting the code's rotation: ${rotation.status}`);
  return {
    stack,
    base,
    admin,
    barista,
    /** The code the display shows now (a fresh one once the current one is used up). */
    qrCode: async () =>
      (await call(base, "GET", "/qr-code", { token: barista })).body as QrCodeView,
    async close() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type Counter = Awaited<ReturnType<typeof openCounter>>;
