/**
 * Local staff accounts (admin, barista) with scrypt password hashes; in AWS, Cognito holds staff
 * users instead. Items live in the shop table under `pk = STAFF#<username>`, `sk = ACCOUNT`.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { z } from "zod";

export const staffAccountSchema = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/),
  role: z.enum(["barista", "admin"]),
  /** Never a password: `scrypt$N$r$p$salt$hash`. */
  passwordHash: z.string().min(1),
  /**
   * Goes up by one with every password change; sessions carry the version they were signed in
   * with, so a change ends them. Accounts stored before it have version 1.
   */
  credentialVersion: z.number().int().min(1).default(1),
  createdAt: z.string(),
  /** When the password last changed. */
  passwordChangedAt: z.string().optional(),
});

export type StaffAccount = z.infer<typeof staffAccountSchema>;
/** What is written: the version may be left out (a new account starts at 1). */
export type NewStaffAccount = z.input<typeof staffAccountSchema>;

export class StaffAccountRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async get(username: string): Promise<StaffAccount | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: `STAFF#${username}`, sk: "ACCOUNT" },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...account } = Item;
    return staffAccountSchema.parse(account);
  }

  /** Creates the account unless one with that name exists; true if it created it (seeding). */
  async createIfAbsent(account: NewStaffAccount): Promise<boolean> {
    const item = staffAccountSchema.parse(account);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { pk: `STAFF#${item.username}`, sk: "ACCOUNT", ...item },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Sets a new password hash and moves the credential version on by one, which ends the
   * sessions signed in with the old one. Applies only if the account is still at `fromVersion`
   * (two starts racing change it once); answers the new version, or undefined if it lost.
   */
  async changePassword(
    username: string,
    change: { passwordHash: string; fromVersion: number; now: string },
  ): Promise<number | undefined> {
    const next = change.fromVersion + 1;
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: `STAFF#${username}`, sk: "ACCOUNT" },
          UpdateExpression: "SET #hash = :hash, #version = :next, #changedAt = :now",
          // Version 1 may be implicit: an account stored before versions existed.
          ConditionExpression:
            "attribute_exists(pk) AND (#version = :from OR (attribute_not_exists(#version) AND :from = :one))",
          ExpressionAttributeNames: {
            "#hash": "passwordHash",
            "#version": "credentialVersion",
            "#changedAt": "passwordChangedAt",
          },
          ExpressionAttributeValues: {
            ":hash": change.passwordHash,
            ":next": next,
            ":from": change.fromVersion,
            ":one": 1,
            ":now": change.now,
          },
        }),
      );
      return next;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** Replaces the account (e.g. a password change). */
  async put(account: NewStaffAccount): Promise<void> {
    const item = staffAccountSchema.parse(account);
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { pk: `STAFF#${item.username}`, sk: "ACCOUNT", ...item },
      }),
    );
  }
}
