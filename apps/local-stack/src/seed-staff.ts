/** Seeds the local staff accounts (admin, barista) on first start, with hashed passwords. */

import { hashPassword } from "@coffee/api";
import type { StaffAccountRepository } from "@coffee/data";

export interface StaffSeed {
  username: "admin" | "barista";
  password: string;
}

/** Creates the accounts that do not exist yet; answers the names it created. */
export async function seedStaff(
  staff: StaffAccountRepository,
  accounts: StaffSeed[],
  now: Date,
): Promise<string[]> {
  const created: string[] = [];
  for (const { username, password } of accounts) {
    const wrote = await staff.createIfAbsent({
      username,
      role: username,
      passwordHash: await hashPassword(password),
      createdAt: now.toISOString(),
    });
    if (wrote) created.push(username);
  }
  return created;
}
