/**
 * QR tokens: one token per rotation period, each allowing N drinks, redeemed with one atomic
 * conditional update so concurrent scans never over-spend it. Items live in the shop table under
 * `pk = QR#<rotation>-<period>`, `sk = TOKEN`.
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
    if (existing) return existing;
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
      return winner;
    }
  }

  /** Uses one drink of `token` if it is genuine, unexpired and not used up. */
  async redeem(token: string, nowMs: number): Promise<QrRedemption> {
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return { ok: false, reason: "invalid" };
    const key = { pk: `QR#${match[1]}-${match[2]}`, sk: "TOKEN" };
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key,
          UpdateExpression: "SET #used = #used + :one",
          ConditionExpression: "#token = :token AND #used < #drinks AND #expiresAt > :now",
          ExpressionAttributeNames: {
            "#used": "used",
            "#token": "token",
            "#drinks": "drinks",
            "#expiresAt": "expiresAt",
          },
          ExpressionAttributeValues: { ":one": 1, ":token": token, ":now": nowMs },
          ReturnValues: "ALL_NEW",
        }),
      );
      return { ok: true, remaining: Number(Attributes?.drinks) - Number(Attributes?.used) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The update is the check; reading afterwards only explains which condition failed.
      const stored = await this.#get(key);
      if (!stored || stored.token !== token) return { ok: false, reason: "invalid" };
      if (stored.expiresAt <= nowMs) return { ok: false, reason: "expired" };
      return { ok: false, reason: "exhausted" };
    }
  }

  async #get(key: { pk: string; sk: string }): Promise<QrToken | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
    );
    return Item ? toToken(Item) : undefined;
  }
}

function toToken(item: Record<string, unknown>): QrToken {
  return {
    token: String(item.token),
    drinks: Number(item.drinks),
    used: Number(item.used),
    rotatesAt: Number(item.rotatesAt),
    expiresAt: Number(item.expiresAt),
  };
}
