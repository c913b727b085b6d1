/** Who is calling: an anonymous customer (from a QR token) or signed-in staff. */
import { z } from "zod";

export const ROLES = ["customer", "barista", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Customer id (`cus_...`) or staff user name. */
  id: string;
  role: Role;
}

export const principalSchema = z.object({ id: z.string().min(1), role: z.enum(ROLES) });

/** Staff are baristas and admins; an admin may do whatever a barista may. */
export function isStaff(principal: Principal): boolean {
  return principal.role === "barista" || principal.role === "admin";
}
