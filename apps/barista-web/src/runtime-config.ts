/**
 * `/config.json`, read once at startup: which realtime path and which staff sign-in this
 * deployment uses (infra writes it in AWS; locally it is absent or says `sse` and `local`).
 */
import { z } from "zod";
import type { ApiClient } from "./api/api-client.js";
import { createCognitoAuth } from "./auth/cognito-auth.js";
import { createLocalAuth } from "./auth/local-auth.js";
import type { StaffAuth } from "./auth/staff-auth.js";
import { createAppSyncEventsSource } from "./realtime/appsync-events-source.js";
import type { RealtimeSource } from "./realtime/realtime-source.js";
import { createSseSource } from "./realtime/sse-source.js";

export const runtimeConfigSchema = z.object({
  apiBaseUrl: z.string().optional(),
  realtime: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("sse"), url: z.string().optional() }),
      z.object({
        kind: z.literal("appsync-events"),
        httpDomain: z.string().min(1),
        realtimeDomain: z.string().min(1),
        apiKey: z.string().min(1),
        channels: z.object({ orders: z.string().min(1), shop: z.string().min(1) }),
      }),
    ])
    .default({ kind: "sse" }),
  auth: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("local") }),
      z.object({
        kind: z.literal("cognito"),
        region: z.string().min(1),
        userPoolId: z.string().min(1),
        clientId: z.string().min(1),
      }),
    ])
    .default({ kind: "local" }),
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** The deployment's config, or the local default when there is none or it does not parse. */
export async function loadRuntimeConfig(
  doFetch: typeof fetch = (input, init) => globalThis.fetch(input, init),
): Promise<RuntimeConfig> {
  try {
    const response = await doFetch("/config.json", { cache: "no-store" });
    if (response.ok) {
      const parsed = runtimeConfigSchema.safeParse(await response.json());
      if (parsed.success) return parsed.data;
      console.warn("config.json ignored:", parsed.error.message);
    }
  } catch {
    // No config.json (plain `vite` or the local stack): server-sent events.
  }
  return { realtime: { kind: "sse" }, auth: { kind: "local" } };
}

export function staffAuthFor(config: RuntimeConfig, api: ApiClient): StaffAuth {
  return config.auth.kind === "cognito" ? createCognitoAuth(config.auth) : createLocalAuth(api);
}

export function realtimeFor(config: RuntimeConfig): RealtimeSource {
  const realtime = config.realtime;
  if (realtime.kind === "appsync-events") return createAppSyncEventsSource(realtime);
  return createSseSource(realtime.url ? { url: realtime.url } : {});
}
