/**
 * QR tokens: one token per rotation period, each allowing N drinks, redeemed with one atomic
 * conditional update so concurrent scans never over-spend it. A token used up before its period
 * ends is replaced early: the next `current` gives the period a fresh secret with N drinks, so
 * the next customer at the counter is not turned away. Items live in the shop table under
 * `pk = QR#<rotation>-<period>`, `sk = TOKEN`; the period's used-up tokens stay listed there
 * (`spent`) so that a late scan of one is told it is used up, not that it is forged.
 */
import { randomBytes } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";

export interface QrToken {
  /** What the QR code encodes: `<rotation>-<period>.<secret>`. */
  token: string;
  /** Drinks this token allows in total, and how many it has been used for. */
  drinks: number;
  used: number;
  /** When the next token takes over (ms since the epoch). */
  rotatesAt: number;
  /** After this (ms since the epoch) the token is refused; a grace period after `rotatesAt`. */
  expiresAt: number;
}

export interface QrTokenPolicy {
  rotationSeconds: number;
  drinksPerToken: number;
  /** How long a token stays valid after it rotated out (a customer mid-scan). Default 60 s. */
  graceSeconds?: number;
}

export type QrRedemption =
  | { ok: true; remaining: number }
  | { ok: false; reason: "invalid" | "expired" | "exhausted" };

const TOKEN_PATTERN = /^(\d{1,6})-(\d{1,12})\.([A-Za-z0-9_-]{22})$/;

export class QrTokenRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  /** The token for the period containing `nowMs`, created on first request (race-safe). */
  async current(nowMs: number, policy: QrTokenPolicy): Promise<QrToken> {
    const rotationMs = policy.rotationSeconds * 1000;
    const period = Math.floor(nowMs / rotationMs);
    const key = { pk: `QR#${policy.rotationSeconds}-${period}`, sk: "TOKEN" };
    const existing = await this.#get(key);
    if (existing) {
      return existing.used < existing.drinks
        ? toToken(existing)
        : this.#replace(key, existing, policy);
    }
    const rotatesAt = (period + 1) * rotationMs;
    const expiresAt = rotatesAt + (policy.graceSeconds ?? 60) * 1000;
    const item = {
      ...key,
      token: `${policy.rotationSeconds}-${period}.${randomBytes(16).toString("base64url")}`,
      drinks: policy.drinksPerToken,
      used: 0,
      rotatesAt,
      expiresAt,
      // DynamoDB TTL attribute (seconds): old tokens clean themselves up in AWS.
      ttl: Math.ceil(expiresAt / 1000) + 86_400,
    };
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return toToken(item);
    } catch (error) {
      // Another caller created this period's token first: everyone shows that one.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const winner = await this.#get(key);
      if (!winner) throw error;
      return toToken(winner);
    }
  }

  /** Uses one drink of `token` if it is genuine, unexpired and not used up. */
  async redeem(token: string, nowMs: number): Promise<QrRedemption> {
    const parts = redeemParts(token, nowMs);
    if (!parts) return { ok: false, reason: "invalid" };
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({ TableName: this.#table, ...parts, ReturnValues: "ALL_NEW" }),
      );
      return { ok: true, remaining: Number(Attributes?.drinks) - Number(Attributes?.used) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The update is the check; reading afterwards only explains which condition failed.
      const refused = refusalOf(await this.#get(parts.Key), token, nowMs);
      return { ok: false, reason: REDEMPTION_REASONS[refused] };
    }
  }

  /**
   * The period's token is used up: a fresh secret with the policy's drinks, in the same period
   * (same rotation and expiry). Conditional on the used-up token still being there, so that of
   * several displays asking at once one replaces it and all show that one.
   */
  async #replace(key: Key, spent: StoredToken, policy: QrTokenPolicy): Promise<QrToken> {
    const [rotation, period] = key.pk.slice("QR#".length).split("-");
    const fresh = `${rotation}-${period}.${randomBytes(16).toString("base64url")}`;
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key,
          UpdateExpression:
            "SET #token = :fresh, #used = :zero, #drinks = :drinks, #spent = :spent",
          ConditionExpression: "#token = :old",
          ExpressionAttributeNames: {
            "#token": "token",
            "#used": "used",
            "#drinks": "drinks",
            "#spent": "spent",
          },
          ExpressionAttributeValues: {
            ":fresh": fresh,
            ":old": spent.token,
            ":zero": 0,
            ":drinks": policy.drinksPerToken,
            ":spent": [...spent.spent, spent.token].slice(-MAX_SPENT),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return toToken(Attributes ?? {});
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const winner = await this.#get(key);
      if (!winner) throw error;
      return toToken(winner);
    }
  }

  async #get(key: Key): Promise<StoredToken | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
    );
    return Item ? { ...toToken(Item), spent: spentOf(Item) } : undefined;
  }
}

/**
 * The conditional update that spends one drink of `token` (also a part of the admission
 * transaction), or undefined when the token is not even well-formed.
 */
export function redeemParts(token: string, nowMs: number) {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  return {
    Key: { pk: `QR#${match[1]}-${match[2]}`, sk: "TOKEN" },
    UpdateExpression: "SET #used = #used + :one",
    ConditionExpression: "#token = :token AND #used < #drinks AND #expiresAt > :now",
    ExpressionAttributeNames: {
      "#used": "used",
      "#token": "token",
      "#drinks": "drinks",
      "#expiresAt": "expiresAt",
    },
    ExpressionAttributeValues: { ":one": 1, ":token": token, ":now": nowMs },
  };
}

export type TokenRefusal = "TOKEN_INVALID" | "TOKEN_EXPIRED" | "TOKEN_EXHAUSTED";

const REDEMPTION_REASONS = {
  TOKEN_INVALID: "invalid",
  TOKEN_EXPIRED: "expired",
  TOKEN_EXHAUSTED: "exhausted",
} as const satisfies Record<TokenRefusal, string>;

/** Why `redeemParts`' condition failed, from the token item as it was (or its absence). */
export function refusalOf(
  stored: Record<string, unknown> | StoredToken | undefined,
  token: string,
  nowMs: number,
): TokenRefusal {
  if (!stored) return "TOKEN_INVALID";
  // A token of this period that was used up and replaced reads as used up, not as forged.
  const spent = "spent" in stored ? spentOf(stored as Record<string, unknown>) : [];
  if (stored.token !== token && !spent.includes(token)) return "TOKEN_INVALID";
  if (Number(stored.expiresAt) <= nowMs) return "TOKEN_EXPIRED";
  return "TOKEN_EXHAUSTED";
}

type Key = { pk: string; sk: string };

/** A token as stored: with the period's used-up tokens before it. */
interface StoredToken extends QrToken {
  spent: string[];
}

/** Used-up tokens of one period kept to explain late scans (older ones read as invalid). */
const MAX_SPENT = 20;

function spentOf(item: Record<string, unknown>): string[] {
  return Array.isArray(item.spent) ? item.spent.map(String) : [];
}

function toToken(item: Record<string, unknown> | QrToken): QrToken {
  return {
    token: String(item.token),
    drinks: Number(item.drinks),
    used: Number(item.used),
    rotatesAt: Number(item.rotatesAt),
    expiresAt: Number(item.expiresAt),
  };
}
