/**
 * The console's only way to the runtime: Lambda's durable-execution API over HTTP (the same
 * routes `@aws-sdk/client-lambda` uses, so every action is recorded as a client's would be),
 * plus the console's own routes for what Lambda has no API for.
 */
import type { HistoryEvent } from "@coffee/execution-timeline";
import type { z } from "zod";
import {
  type Execution,
  executionSchema,
  functionsSchema,
  historySchema,
  lambdaErrorSchema,
  listExecutionsSchema,
  type RegisteredFunction,
} from "./wire-schemas.js";

/** An answer the runtime refused, with its Lambda error type and message. */
export class RuntimeApiError extends Error {
  override readonly name = "RuntimeApiError";
  constructor(
    readonly errorType: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ListQuery {
  functionName: string;
  status?: string | undefined;
  name?: string | undefined;
  marker?: string | undefined;
  maxItems: number;
}

export type RuntimeClient = ReturnType<typeof runtimeClient>;

export function runtimeClient(baseUrl = "", fetchFn: typeof fetch = (...a) => fetch(...a)) {
  async function request(
    method: "GET" | "POST",
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<{ text: string; headers: Headers }> {
    const response = await fetchFn(`${baseUrl}${path}`, { method, ...init });
    const text = await response.text();
    if (!response.ok) {
      const parsed = lambdaErrorSchema.safeParse(text ? JSON.parse(text) : {});
      const message = parsed.success ? (parsed.data.message ?? parsed.data.Message) : undefined;
      throw new RuntimeApiError(
        response.headers.get("x-amzn-errortype") ?? `HTTP ${response.status}`,
        response.status,
        message ?? (text || response.statusText),
      );
    }
    return { text, headers: response.headers };
  }
  async function get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    const { text } = await request("GET", path);
    return schema.parse(text ? JSON.parse(text) : {});
  }
  const arnPath = (arn: string) => `/2025-12-01/durable-executions/${encodeURIComponent(arn)}`;
  const callbackPath = (id: string, action: string) =>
    `/2025-12-01/durable-execution-callbacks/${encodeURIComponent(id)}/${action}`;
  const json = { "Content-Type": "application/json" };

  return {
    async functions(): Promise<RegisteredFunction[]> {
      return (await get("/console/api/functions", functionsSchema)).Functions;
    },

    /** ListDurableExecutionsByFunction: newest first. */
    async listExecutions(q: ListQuery) {
      const params = new URLSearchParams({ MaxItems: String(q.maxItems) });
      if (q.status) params.append("Statuses", q.status);
      if (q.name) params.set("DurableExecutionName", q.name);
      if (q.marker) params.set("Marker", q.marker);
      const path = `/2025-12-01/functions/${encodeURIComponent(q.functionName)}/durable-executions?${params}`;
      return get(path, listExecutionsSchema);
    },

    async execution(arn: string): Promise<Execution> {
      return get(arnPath(arn), executionSchema);
    },

    /** GetDurableExecutionHistory with execution data, every page. */
    async history(arn: string): Promise<HistoryEvent[]> {
      const events: HistoryEvent[] = [];
      let marker: string | undefined;
      do {
        const params = new URLSearchParams({ IncludeExecutionData: "true", MaxItems: "1000" });
        if (marker) params.set("Marker", marker);
        const page = await get(`${arnPath(arn)}/history?${params}`, historySchema);
        events.push(...(page.Events as HistoryEvent[]));
        marker = page.NextMarker;
      } while (marker);
      return events;
    },

    /** Invoke (Event) with a durable execution name: the new execution's ARN. */
    async start(functionName: string, name: string, payload: string): Promise<string> {
      const headers: Record<string, string> = { ...json, "X-Amz-Invocation-Type": "Event" };
      if (name) headers["X-Amz-Durable-Execution-Name"] = name;
      const path = `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
      const answer = await request("POST", path, { body: payload, headers });
      return answer.headers.get("X-Amz-Durable-Execution-Arn") ?? "";
    },

    async stop(arn: string): Promise<void> {
      await request("POST", `${arnPath(arn)}/stop`);
    },

    /** PauseDurableExecution: no invocation until resumed; waits and callbacks still complete. */
    async pause(arn: string): Promise<void> {
      await request("POST", `${arnPath(arn)}/pause`);
    },

    async resume(arn: string): Promise<void> {
      await request("POST", `${arnPath(arn)}/resume`);
    },

    async succeed(callbackId: string, result: string): Promise<void> {
      await request("POST", callbackPath(callbackId, "succeed"), { body: result });
    },

    async fail(callbackId: string, error: { ErrorType: string; ErrorMessage: string }) {
      const body = JSON.stringify(error);
      await request("POST", callbackPath(callbackId, "fail"), { body, headers: json });
    },

    async heartbeat(callbackId: string): Promise<void> {
      await request("POST", callbackPath(callbackId, "heartbeat"));
    },

    async fireNow(arn: string, operationId: string): Promise<void> {
      const path = `/console/api/durable-executions/${encodeURIComponent(arn)}/operations/${encodeURIComponent(operationId)}/fire-now`;
      await request("POST", path);
    },

    /** Where the execution's history fixture downloads from. */
    fixtureUrl(arn: string): string {
      return `${baseUrl}/console/api/durable-executions/${encodeURIComponent(arn)}/fixture`;
    },
  };
}
