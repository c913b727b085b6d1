/**
 * The local staff accounts (admin, barista) on every start: created with the passwords from the
 * environment, or given them if they changed since the last start (which ends the sessions
 * signed in with the old ones). The passwords the banner prints are the ones that work.
 */
import { hashPassword, verifyPassword } from "@coffee/api";
import type { StaffAccountRepository } from "@coffee/data";

export interface StaffSeed {
  username: "admin" | "barista";
  password: string;
}

export interface StaffSeeded {
  /** Accounts that did not exist before this start. */
  created: string[];
  /** Accounts whose password this start changed. */
  changed: string[];
}

/** Makes each account exist with its password; answers what it had to create or change. */
export async function seedStaff(
  staff: StaffAccountRepository,
  accounts: StaffSeed[],
  now: Date,
): Promise<StaffSeeded> {
  const seeded: StaffSeeded = { created: [], changed: [] };
  for (const { username, password } of accounts) {
    // Twice at most: another start (a second stack on the same DATA_DIR) may write in between.
    for (let attempt = 0; attempt < 2; attempt++) {
      const account = await staff.get(username);
      if (account && (await verifyPassword(password, account.passwordHash))) break;
      const passwordHash = await hashPassword(password);
      if (!account) {
        const account = { username, role: username, passwordHash, createdAt: now.toISOString() };
        if (await staff.createIfAbsent(account)) {
          seeded.created.push(username);
          break;
        }
        continue;
      }
      const changed = await staff.changePassword(username, {
        passwordHash,
        fromVersion: account.credentialVersion,
        now: now.toISOString(),
      });
      if (changed !== undefined) {
        seeded.changed.push(username);
        break;
      }
    }
  }
  return seeded;
}
