import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StaffAccountRepository } from "./staff-account-repository.js";
import { startTestTables } from "./testing/local-tables.js";

const account = {
  username: "barista",
  role: "barista" as const,
  passwordHash: "scrypt$1$1$1$a$b",
  createdAt: "2026-01-01T00:00:00.000Z",
};

describe("StaffAccountRepository (dynalite)", () => {
  let tables: Awaited<ReturnType<typeof startTestTables>>;
  let staff: StaffAccountRepository;
  beforeEach(async () => {
    tables = await startTestTables();
    staff = new StaffAccountRepository({ client: tables.db, tableName: tables.names.shop });
  });
  afterEach(() => tables.close());

  it("creates an account once, at credential version 1", async () => {
    expect(await staff.createIfAbsent(account)).toBe(true);
    expect(await staff.createIfAbsent({ ...account, role: "admin" })).toBe(false);
    expect(await staff.get("barista")).toEqual({ ...account, credentialVersion: 1 });
    expect(await staff.get("nobody")).toBeUndefined();
  });

  it("changes a password once per version: a second change from the same version loses", async () => {
    await staff.createIfAbsent(account);
    const now = "2026-01-02T00:00:00.000Z";
    const changes = await Promise.all(
      ["scrypt$1$1$1$c$d", "scrypt$1$1$1$e$f"].map((passwordHash) =>
        staff.changePassword("barista", { passwordHash, fromVersion: 1, now }),
      ),
    );
    expect(changes.filter((v) => v === 2)).toHaveLength(1);
    expect(changes.filter((v) => v === undefined)).toHaveLength(1);
    const changed = await staff.get("barista");
    expect(changed).toMatchObject({ credentialVersion: 2, passwordChangedAt: now });
    expect(changed?.passwordHash).not.toBe(account.passwordHash);
  });

  it("changes the password of an account stored before versions (version 1 implied)", async () => {
    // Written as the repository wrote accounts before: no credentialVersion attribute.
    await tables.db.send(
      new PutCommand({
        TableName: tables.names.shop,
        Item: { pk: "STAFF#barista", sk: "ACCOUNT", ...account },
      }),
    );
    expect((await staff.get("barista"))?.credentialVersion).toBe(1);
    const now = "2026-01-02T00:00:00.000Z";
    expect(
      await staff.changePassword("barista", { passwordHash: "x$y", fromVersion: 1, now }),
    ).toBe(2);
    expect(
      await staff.changePassword("nobody", { passwordHash: "x$y", fromVersion: 1, now }),
    ).toBeUndefined();
  });
});
