/**
 * The stock item's writes as DynamoDB update parts, so that a plain `UpdateItem` and a step of a
 * transaction (the order's settlement) change the stock the same way.
 *
 * The stock item (`pk = STOCK`) holds `units` (what is free, per ingredient), `numbers` (each
 * order holding stock, with its number: the entry is the reservation) and `lastOrderNumber` (the
 * counter). A reservation and the order's number are taken in one write: only an order that got
 * its drink's stock gets a number, and a retried step finds both.
 *
 * Every write of the item pays for its size, so it keeps one entry per order in progress, not
 * two: until 2026-12-08 a string set `reservations` held the order ids as well (≈26 bytes more
 * per order). Reservations made then are still honoured through it (a retried reserve, a
 * release) and leave it as their orders end; nothing adds to it any more.
 */

/** The parts of an `Update` (expression, condition, names, values). */
export interface UpdateParts {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

const NAMES = {
  "#units": "units",
  "#held": "reservations",
  "#numbers": "numbers",
  "#last": "lastOrderNumber",
};

function ingredientParts(ingredients: Record<string, number>) {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const refs = Object.entries(ingredients).map(([ingredient, quantity], i) => {
    names[`#i${i}`] = ingredient;
    values[`:q${i}`] = quantity;
    return { path: `#units.#i${i}`, quantity: `:q${i}` };
  });
  return { names, values, refs };
}

/**
 * Takes `ingredients` out of `units` for `orderId` (all or nothing, never below zero) and gives
 * the order the next number, in one conditional write. Fails its condition when the order already
 * holds a reservation (a retried step: read `numbers` to answer it) or an ingredient is short.
 */
export function reserveUpdate(orderId: string, ingredients: Record<string, number>): UpdateParts {
  const { names, values, refs } = ingredientParts(ingredients);
  const sets = refs.map((r) => `${r.path} = ${r.path} - ${r.quantity}`);
  // Both right-hand sides read the counter from before this update.
  sets.push("#last = if_not_exists(#last, :zero) + :one");
  sets.push("#numbers.#order = if_not_exists(#last, :zero) + :one");
  return {
    UpdateExpression: `SET ${sets.join(", ")}`,
    ConditionExpression: [
      "attribute_not_exists(#numbers.#order)",
      "NOT contains(#held, :id)",
      ...refs.map((r) => `${r.path} >= ${r.quantity}`),
    ].join(" AND "),
    ExpressionAttributeNames: { ...NAMES, ...names, "#order": orderId },
    ExpressionAttributeValues: { ...values, ":id": orderId, ":zero": 0, ":one": 1 },
  };
}

/**
 * Puts a reservation's units back (a saga compensation). With `onlyIfHeld` the write applies only
 * while the reservation is held, which makes it idempotent on its own; inside a settlement the
 * order's status condition already makes it happen once.
 */
export function releaseUpdate(
  orderId: string,
  ingredients: Record<string, number>,
  options: { onlyIfHeld: boolean },
): UpdateParts {
  const { names, values, refs } = ingredientParts(ingredients);
  // if_not_exists: an ingredient removed from stock since the reservation comes back.
  const sets = refs.map((r) => `${r.path} = if_not_exists(${r.path}, :zero) + ${r.quantity}`);
  const parts: UpdateParts = {
    UpdateExpression: `${sets.length ? `SET ${sets.join(", ")} ` : ""}REMOVE #numbers.#order DELETE #held :ids`,
    // Spreads, not plain keys: DynamoDB rejects an undefined or unused expression name/value.
    ExpressionAttributeNames: {
      ...(sets.length ? { "#units": NAMES["#units"] } : {}),
      "#held": NAMES["#held"],
      "#numbers": NAMES["#numbers"],
      ...names,
      "#order": orderId,
    },
    ExpressionAttributeValues: {
      ...values,
      ...(sets.length ? { ":zero": 0 } : {}),
      ":ids": new Set([orderId]),
    },
  };
  if (options.onlyIfHeld) {
    parts.ConditionExpression = "attribute_exists(#numbers.#order) OR contains(#held, :id)";
    parts.ExpressionAttributeValues[":id"] = orderId;
  }
  return parts;
}

/** Marks a reservation as used (the drink was made): its units stay out of stock. */
export function commitUpdate(orderId: string): UpdateParts {
  return {
    UpdateExpression: "REMOVE #numbers.#order DELETE #held :ids",
    ExpressionAttributeNames: {
      "#held": NAMES["#held"],
      "#numbers": NAMES["#numbers"],
      "#order": orderId,
    },
    ExpressionAttributeValues: { ":ids": new Set([orderId]) },
  };
}
