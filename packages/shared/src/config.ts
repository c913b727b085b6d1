/** Shop configuration: open or closed, limits, and the workflow's timeouts. */
import { z } from "zod";
import { menuSchema } from "./menu.js";

export const timeoutsSchema = z.object({
  /** How long the customer has to choose a drink after scanning. */
  customerOrderSeconds: z.number().int().min(1).max(86_400),
  /** How long a queued order waits for a barista to accept it. */
  baristaAcceptSeconds: z.number().int().min(1).max(86_400),
  /** How long an accepted order waits for the barista to finish it. */
  baristaCompleteSeconds: z.number().int().min(1).max(86_400),
  /** How long a ready order stays on the pickup display. */
  pickupSeconds: z.number().int().min(1).max(86_400),
});

export const limitsSchema = z.object({
  maxOrdersInQueue: z.number().int().min(1).max(10_000),
  maxOrdersPerCustomer: z.number().int().min(1).max(100),
  /** Drinks that one QR token allows before it is used up. */
  drinksPerToken: z.number().int().min(1).max(1_000),
  /** How often the QR token rotates. */
  tokenRotationSeconds: z.number().int().min(10).max(86_400),
  /**
   * How many times an accepted order may go back to the queue (barista "unaccept"); one more
   * cancels it (`UNACCEPT_LIMIT`). Optional so that configs stored before it still parse; the
   * workflow reads a missing value as `DEFAULT_LIMITS.maxUnaccepts`.
   */
  maxUnaccepts: z.number().int().min(0).max(20).optional(),
});

export const shopConfigSchema = z.object({
  storeOpen: z.boolean(),
  limits: limitsSchema,
  timeouts: timeoutsSchema,
});

export type Timeouts = z.infer<typeof timeoutsSchema>;
export type Limits = z.infer<typeof limitsSchema>;
export type ShopConfig = z.infer<typeof shopConfigSchema>;

/** What `GET /api/config` answers. */
export const publicConfigSchema = shopConfigSchema.extend({
  menu: menuSchema,
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

export const DEFAULT_TIMEOUTS: Timeouts = {
  customerOrderSeconds: 5 * 60,
  baristaAcceptSeconds: 15 * 60,
  baristaCompleteSeconds: 15 * 60,
  pickupSeconds: 10 * 60,
};

export const DEFAULT_LIMITS = {
  maxOrdersInQueue: 20,
  maxOrdersPerCustomer: 1,
  drinksPerToken: 10,
  tokenRotationSeconds: 5 * 60,
  maxUnaccepts: 3,
} satisfies Limits;
