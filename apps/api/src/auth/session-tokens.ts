/**
 * Session tokens: the API signs its own (HS256) for customers and locally signed-in staff; in AWS
 * the same verification path also accepts Cognito ID/access tokens (JWKS), mapping groups to roles.
 */
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { ApiError } from "../api-error.js";
import type { Principal, Role } from "./principal.js";

const ISSUER = "coffee-api";
const AUDIENCE = "coffee";
/** Our own tokens remembered once verified (the least recently used forgotten past this many). */
const VERIFIED_TOKENS = 10_000;
/**
 * Seconds a verified token is remembered after its last use. The cache is for the requests of a
 * session that come together (a screen's reads, an order's steps); a token that comes back later
 * is verified again (≈0.1 ms), so the cache holds the sessions active now, not every one seen.
 */
const VERIFIED_IDLE_SECONDS = 10;

/** A token of ours whose signature and claims checked out: good until `exp`. */
interface VerifiedToken {
  principal: Principal;
  exp: number;
  cv: unknown;
  /** When it was last presented (seconds). */
  usedAt: number;
}

export interface CognitoOptions {
  region: string;
  userPoolId: string;
  /** App client id; checked against `aud` (ID tokens) or `client_id` (access tokens). */
  clientId?: string;
  /** Override for tests: where the JWKS lives. */
  jwksUrl?: string;
}

/** Where the current credential version of a locally signed-in staff member is read. */
export interface StaffCredentials {
  /** The account's credential version, or undefined if there is no such account. */
  credentialVersion(username: string): Promise<number | undefined>;
}

export interface SessionTokenOptions {
  /** HMAC secret, at least 32 bytes. */
  secret: Uint8Array;
  /**
   * Staff sessions the API signed carry their account's credential version (`cv`); a session
   * whose version is no longer the account's (the password changed) is refused. Without this,
   * no staff session the API signed is accepted.
   */
  staff?: StaffCredentials;
  /** How long a looked-up credential version is trusted, in seconds (default 10). */
  staffCacheSeconds?: number;
  customerTtlSeconds?: number;
  staffTtlSeconds?: number;
  cognito?: CognitoOptions;
  /** Seconds since the epoch; a test clock can replace it. */
  now?: () => number;
}

export class SessionTokens {
  readonly #secret: Uint8Array;
  readonly #customerTtl: number;
  readonly #staffTtl: number;
  readonly #now: () => number;
  readonly #staff?: StaffCredentials;
  readonly #staffCacheSeconds: number;
  readonly #versions = new Map<string, { version: number | undefined; at: number }>();
  /**
   * Tokens of ours verified lately, by their whole text, least recently used first: each request
   * of a session would otherwise check the same HMAC and claims again (7.6 % of the local
   * stack's CPU in the bench's profile). Only `exp` can turn a verified token bad; a staff
   * session's credential version is still checked on every request, so a password change ends
   * it as before.
   */
  readonly #verified = new Map<string, VerifiedToken>();
  readonly #cognito?: {
    issuer: string;
    clientId?: string;
    jwks: ReturnType<typeof createRemoteJWKSet>;
  };

  constructor(options: SessionTokenOptions) {
    if (options.secret.length < 32) throw new Error("session secret must be at least 32 bytes");
    this.#secret = options.secret;
    this.#customerTtl = options.customerTtlSeconds ?? 12 * 3600;
    this.#staffTtl = options.staffTtlSeconds ?? 12 * 3600;
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
    if (options.staff) this.#staff = options.staff;
    this.#staffCacheSeconds = options.staffCacheSeconds ?? 10;
    if (options.cognito) {
      const { region, userPoolId, clientId, jwksUrl } = options.cognito;
      const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
      this.#cognito = {
        issuer,
        clientId,
        jwks: createRemoteJWKSet(new URL(jwksUrl ?? `${issuer}/.well-known/jwks.json`)),
      };
    }
  }

  /**
   * A signed session for `principal`; its lifetime depends on the role. A staff session names
   * the credential version of the account it was signed in with.
   */
  async sign(principal: Principal, credentialVersion?: number): Promise<string> {
    const now = this.#now();
    const ttl = principal.role === "customer" ? this.#customerTtl : this.#staffTtl;
    if (principal.role !== "customer" && credentialVersion === undefined) {
      throw new Error("a staff session needs the account's credential version");
    }
    const claims = credentialVersion === undefined ? {} : { cv: credentialVersion };
    return new SignJWT({ role: principal.role, ...claims })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(principal.id)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .sign(this.#secret);
  }

  /** The principal a token stands for; throws 401 `UNAUTHENTICATED` for anything else. */
  async verify(token: string): Promise<Principal> {
    const now = this.#now();
    this.#forgetIdle(now);
    const known = this.#verified.get(token);
    if (known) {
      this.#verified.delete(token);
      if (now < known.exp) {
        known.usedAt = now;
        this.#verified.set(token, known);
        return this.#accept(known);
      }
    }
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch (cause) {
      throw new ApiError("UNAUTHENTICATED", "session token is malformed", { cause });
    }
    try {
      if (this.#cognito && issuer === this.#cognito.issuer) return await this.#verifyCognito(token);
      const { payload } = await jwtVerify(token, this.#secret, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
        currentDate: new Date(now * 1000),
        // A session that never expires is not one we signed: refuse it.
        requiredClaims: ["exp"],
      });
      // jose required exp and checked it is a number in the future.
      const verified = {
        principal: principalFrom(payload),
        exp: payload.exp!,
        cv: payload.cv,
        usedAt: now,
      };
      const principal = await this.#accept(verified);
      if (this.#verified.size >= VERIFIED_TOKENS) {
        this.#verified.delete(this.#verified.keys().next().value!);
      }
      this.#verified.set(token, verified);
      return principal;
    } catch (cause) {
      throw invalid(cause);
    }
  }

  /** How many verified tokens are remembered (after the last `verify`). */
  get remembered(): number {
    return this.#verified.size;
  }

  /** Forgets the tokens not presented in the last `VERIFIED_IDLE_SECONDS`, oldest use first. */
  #forgetIdle(now: number): void {
    for (const [token, { usedAt }] of this.#verified) {
      if (now - usedAt < VERIFIED_IDLE_SECONDS) return;
      this.#verified.delete(token);
    }
  }

  /** The principal of a verified token of ours, once a staff session's credentials still hold. */
  async #accept({ principal, cv }: VerifiedToken): Promise<Principal> {
    try {
      if (principal.role !== "customer") await this.#checkCredentials(principal.id, cv);
    } catch (cause) {
      throw invalid(cause);
    }
    return { id: principal.id, role: principal.role };
  }

  /** The staff session was signed with the account's current password, or 401. */
  async #checkCredentials(username: string, claimed: unknown): Promise<void> {
    if (!this.#staff) throw new ApiError("UNAUTHENTICATED", "staff sign-in is not available here");
    const now = this.#now();
    let cached = this.#versions.get(username);
    if (!cached || now - cached.at >= this.#staffCacheSeconds) {
      cached = { version: await this.#staff.credentialVersion(username), at: now };
      this.#versions.set(username, cached);
    }
    if (cached.version === undefined || claimed !== cached.version) {
      throw new ApiError(
        "UNAUTHENTICATED",
        "this session ended when the account's password changed; sign in again",
      );
    }
  }

  async #verifyCognito(token: string): Promise<Principal> {
    const cognito = this.#cognito!;
    const { payload } = await jwtVerify(token, cognito.jwks, {
      issuer: cognito.issuer,
      algorithms: ["RS256"],
      currentDate: new Date(this.#now() * 1000),
      requiredClaims: ["exp"],
    });
    if (cognito.clientId) {
      const audience = payload.token_use === "access" ? payload.client_id : payload.aud;
      const matches = Array.isArray(audience)
        ? audience.includes(cognito.clientId)
        : audience === cognito.clientId;
      if (!matches) throw new ApiError("UNAUTHENTICATED", "token is for another app client");
    }
    const groups = Array.isArray(payload["cognito:groups"]) ? payload["cognito:groups"] : [];
    const role: Role | undefined = groups.includes("admin")
      ? "admin"
      : groups.includes("barista")
        ? "barista"
        : undefined;
    if (!role)
      throw new ApiError("UNAUTHENTICATED", "user is in neither the admin nor the barista group");
    const id = payload["cognito:username"] ?? payload.username ?? payload.sub;
    if (typeof id !== "string") throw new ApiError("UNAUTHENTICATED", "token names no user");
    return { id, role };
  }
}

function invalid(cause: unknown): ApiError {
  if (cause instanceof ApiError) return cause;
  return new ApiError("UNAUTHENTICATED", "session token is invalid or expired; sign in again", {
    cause,
  });
}

function principalFrom(payload: JWTPayload): Principal {
  const role = payload.role;
  if (
    typeof payload.sub !== "string" ||
    (role !== "customer" && role !== "barista" && role !== "admin")
  ) {
    throw new ApiError("UNAUTHENTICATED", "session token has no valid subject or role");
  }
  return { id: payload.sub, role };
}
