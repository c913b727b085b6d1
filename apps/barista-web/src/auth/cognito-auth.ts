/**
 * Staff sign-in against a Cognito user pool with `USER_PASSWORD_AUTH` (plain HTTPS calls, no
 * SDK in the bundle). The ID token is the session: the API checks it against the pool's keys and
 * reads the role from `cognito:groups`; here the claims only label the screen.
 */
import { z } from "zod";
import { ApiError } from "../api/api-error.js";
import type { StaffSession } from "../api/api-schemas.js";
import type { SignInResult, StaffAuth } from "./staff-auth.js";

export interface CognitoConfig {
  region: string;
  clientId: string;
}

const authResultSchema = z.object({
  AuthenticationResult: z.object({ IdToken: z.string() }).optional(),
  ChallengeName: z.string().optional(),
  Session: z.string().optional(),
});
const claimsSchema = z.object({
  "cognito:username": z.string().optional(),
  "cognito:groups": z.array(z.string()).optional(),
});

export function createCognitoAuth(
  config: CognitoConfig,
  doFetch: typeof fetch = (input, init) => globalThis.fetch(input, init),
): StaffAuth {
  async function call(action: string, body: unknown) {
    let response: Response;
    try {
      response = await doFetch(`https://cognito-idp.${config.region}.amazonaws.com/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `AWSCognitoIdentityProviderService.${action}`,
        },
        body: JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError("NETWORK", "cannot reach the sign-in service", { cause });
    }
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const type =
        String(json.__type ?? "CognitoError")
          .split("#")
          .pop() ?? "CognitoError";
      const message =
        type === "NotAuthorizedException" || type === "UserNotFoundException"
          ? "wrong user name or password"
          : String(json.message ?? type);
      throw new ApiError(type, message, { status: response.status });
    }
    const parsed = authResultSchema.safeParse(json);
    if (!parsed.success) throw new ApiError("BAD_RESPONSE", "unexpected sign-in answer");
    return parsed.data;
  }

  function sessionOf(idToken: string): StaffSession {
    const claims = claimsSchema.parse(decodeJwtPayload(idToken));
    const groups = claims["cognito:groups"] ?? [];
    const role = groups.includes("admin")
      ? "admin"
      : groups.includes("barista")
        ? "barista"
        : undefined;
    if (!role)
      throw new ApiError("FORBIDDEN", "this account is in neither the barista nor the admin group");
    return { token: idToken, id: claims["cognito:username"] ?? "staff", role };
  }

  return {
    async signIn(username, password): Promise<SignInResult> {
      const answer = await call("InitiateAuth", {
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: config.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      });
      if (answer.AuthenticationResult) {
        return { kind: "signed-in", session: sessionOf(answer.AuthenticationResult.IdToken) };
      }
      if (answer.ChallengeName === "NEW_PASSWORD_REQUIRED" && answer.Session) {
        const session = answer.Session;
        return {
          kind: "new-password-required",
          async complete(newPassword) {
            const done = await call("RespondToAuthChallenge", {
              ChallengeName: "NEW_PASSWORD_REQUIRED",
              ClientId: config.clientId,
              Session: session,
              ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
            });
            if (!done.AuthenticationResult) {
              throw new ApiError(
                "BAD_RESPONSE",
                `sign-in needs ${done.ChallengeName ?? "another step"}`,
              );
            }
            return sessionOf(done.AuthenticationResult.IdToken);
          },
        };
      }
      throw new ApiError(
        "UNSUPPORTED_CHALLENGE",
        `sign-in needs ${answer.ChallengeName ?? "another step"}`,
      );
    },
  };
}

function decodeJwtPayload(token: string): unknown {
  const part = token.split(".")[1] ?? "";
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}
