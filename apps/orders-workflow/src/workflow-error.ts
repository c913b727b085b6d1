/** The workflow's one error class, with a machine-readable code. */

export type OrdersWorkflowErrorCode = "INVALID_INPUT" | "CHECK_FAILED";

export class OrdersWorkflowError extends Error {
  override readonly name = "OrdersWorkflowError";
  constructor(
    readonly code: OrdersWorkflowErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
