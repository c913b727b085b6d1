/**
 * Callback results arrive as the raw strings the API sent (the SDK does not parse them); each is
 * parsed as JSON and validated with the schema the order lifecycle names for its callback. Anything else answers `undefined`, and the
 * workflow waits again instead of failing the order on a malformed message.
 */
import {
  CALLBACK_NAMES,
  CALLBACK_RESULT_SCHEMAS,
  type CallbackName,
  type CallbackResults,
} from "@coffee/shared";

function parseResult<C extends CallbackName>(
  callback: C,
  raw: unknown,
): CallbackResults[C] | undefined {
  if (typeof raw !== "string") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = CALLBACK_RESULT_SCHEMAS[callback].safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export const parseCustomerOrder = (raw: unknown) => parseResult(CALLBACK_NAMES.customerOrder, raw);

export const parseBaristaAccept = (raw: unknown) => parseResult(CALLBACK_NAMES.baristaAccept, raw);

export const parseBaristaComplete = (raw: unknown) =>
  parseResult(CALLBACK_NAMES.baristaComplete, raw);
