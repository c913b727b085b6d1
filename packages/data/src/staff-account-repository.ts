/**
 * Local staff accounts (admin, barista) with scrypt password hashes; in AWS, Cognito holds staff
 * users instead. Items live in the shop table under `pk = STAFF#<username>`, `sk = ACCOUNT`.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";

export const staffAccountSchema = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/),
  role: z.enum(["barista", "admin"]),
  /** Never a password: `scrypt$N$r$p$salt$hash`. */
  passwordHash: z.string().min(1),
  createdAt: z.string(),
});

export type StaffAccount = z.infer<typeof staffAccountSchema>;

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
  async createIfAbsent(account: StaffAccount): Promise<boolean> {
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

  /** Replaces the account (e.g. a password change). */
  async put(account: StaffAccount): Promise<void> {
    const item = staffAccountSchema.parse(account);
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { pk: `STAFF#${item.username}`, sk: "ACCOUNT", ...item },
      }),
    );
  }
}
