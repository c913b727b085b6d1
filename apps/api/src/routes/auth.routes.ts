/** `POST /api/auth/login`: local staff sign-in with a seeded account; answers a session token. */
import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../api-error.js";
import type { AppDeps } from "../app-deps.js";
import type { AuthEnv } from "../auth/auth.middleware.js";
import { verifyPassword } from "../auth/password-hash.js";
import { enforceLimit } from "../rate-limiter.js";
import { validate } from "../validation.js";

const loginBody = z.object({
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
});

// Compared against when the user does not exist, so both paths cost one scrypt.
const DUMMY_HASH =
  "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export function authRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post("/auth/login", validate("json", loginBody), async (c) => {
      const { username, password } = c.req.valid("json");
      const limiter = deps.limits.login ?? deps.limits.redeem;
      enforceLimit(limiter, `login:${deps.clientIp(c.req.raw, c.env)}`);
      const account = await deps.staffAccounts.get(username.toLowerCase());
      const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
      if (!account || !ok) throw new ApiError("UNAUTHENTICATED", "wrong user name or password");
      const principal = { id: account.username, role: account.role };
      const token = await deps.sessions.sign(principal, account.credentialVersion);
      return c.json({ token, ...principal });
    })
    .get("/auth/me", (c) => {
      const principal = c.get("principal");
      if (!principal) throw new ApiError("UNAUTHENTICATED", "not signed in");
      return c.json(principal);
    });
}
