/**
 * Callback results arrive as the raw strings the API sent (the SDK does not parse them); each is
 * parsed as JSON and validated with the shared schema. Anything else answers `undefined`, and the
 * workflow waits again instead of failing the order on a malformed message.
 */
import {
  type BaristaAcceptResult,
  type BaristaCompleteResult,
  baristaAcceptResultSchema,
  baristaCompleteResultSchema,
  type CustomerOrderResult,
  customerOrderResultSchema,
} from "@coffee/shared";
import type { z } from "zod";

function parseResult<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (typeof raw !== "string") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export const parseCustomerOrder = (raw: unknown): CustomerOrderResult | undefined =>
  parseResult(customerOrderResultSchema, raw);

export const parseBaristaAccept = (raw: unknown): BaristaAcceptResult | undefined =>
  parseResult(baristaAcceptResultSchema, raw);

export const parseBaristaComplete = (raw: unknown): BaristaCompleteResult | undefined =>
  parseResult(baristaCompleteResultSchema, raw);
