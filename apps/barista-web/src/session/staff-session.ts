/** The signed-in staff member (barista or admin), kept in localStorage across reloads. */
import { loginSchema, type StaffSession } from "../api/api-schemas.js";

const KEY = "coffee.staff";

export function loadStaffSession(storage: Storage): StaffSession | undefined {
  try {
    const parsed = loginSchema.safeParse(JSON.parse(storage.getItem(KEY) ?? "null"));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function saveStaffSession(storage: Storage, session: StaffSession | undefined): void {
  if (session) storage.setItem(KEY, JSON.stringify(session));
  else storage.removeItem(KEY);
}
