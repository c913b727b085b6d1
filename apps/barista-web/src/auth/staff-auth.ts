/**
 * How staff sign in, behind one interface: locally the API's own `POST /api/auth/login`, in AWS
 * the Cognito user pool (the API verifies both kinds of token the same way).
 */
import type { StaffSession } from "../api/api-schemas.js";

export type SignInResult =
  | { kind: "signed-in"; session: StaffSession }
  /** Cognito's first sign-in with a temporary password: a new one must be chosen. */
  | { kind: "new-password-required"; complete(newPassword: string): Promise<StaffSession> };

export interface StaffAuth {
  signIn(username: string, password: string): Promise<SignInResult>;
}
