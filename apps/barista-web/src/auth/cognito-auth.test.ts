import { describe, expect, it } from "vitest";
import { createCognitoAuth } from "./cognito-auth.js";

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const idToken = (claims: Record<string, unknown>) =>
  `${b64url({ alg: "RS256" })}.${b64url(claims)}.sig`;

/** A stand-in for the Cognito endpoint: records calls, answers from a script. */
function cognito(answers: { status: number; body: unknown }[]) {
  const calls: { url: string; target: string | null; body: Record<string, unknown> }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({
      url: String(input),
      target: new Headers(init?.headers).get("x-amz-target"),
      body: JSON.parse(String(init?.body)),
    });
    const next = answers.shift() ?? { status: 500, body: {} };
    return new Response(JSON.stringify(next.body), { status: next.status });
  };
  return { calls, auth: createCognitoAuth({ region: "eu-west-1", clientId: "web" }, fetch) };
}

describe("createCognitoAuth", () => {
  it("signs in with USER_PASSWORD_AUTH and takes the role from the groups", async () => {
    const token = idToken({ "cognito:username": "ana", "cognito:groups": ["barista", "admin"] });
    const { calls, auth } = cognito([
      { status: 200, body: { AuthenticationResult: { IdToken: token } } },
    ]);
    const result = await auth.signIn("ana", "pw");
    expect(result).toEqual({ kind: "signed-in", session: { token, id: "ana", role: "admin" } });
    expect(calls[0]).toEqual({
      url: "https://cognito-idp.eu-west-1.amazonaws.com/",
      target: "AWSCognitoIdentityProviderService.InitiateAuth",
      body: {
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: "web",
        AuthParameters: { USERNAME: "ana", PASSWORD: "pw" },
      },
    });
  });

  it("answers the new-password challenge of a first sign-in", async () => {
    const token = idToken({ "cognito:username": "bo", "cognito:groups": ["barista"] });
    const { calls, auth } = cognito([
      { status: 200, body: { ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s1" } },
      { status: 200, body: { AuthenticationResult: { IdToken: token } } },
    ]);
    const result = await auth.signIn("bo", "temporary");
    if (result.kind !== "new-password-required") throw new Error("expected the challenge");
    expect(await result.complete("a-new-one")).toEqual({ token, id: "bo", role: "barista" });
    expect(calls[1]?.target).toBe("AWSCognitoIdentityProviderService.RespondToAuthChallenge");
    expect(calls[1]?.body).toMatchObject({
      Session: "s1",
      ChallengeResponses: { USERNAME: "bo", NEW_PASSWORD: "a-new-one" },
    });
  });

  it("says 'wrong user name or password' and refuses accounts outside the staff groups", async () => {
    const wrong = cognito([
      {
        status: 400,
        body: { __type: "NotAuthorizedException", message: "Incorrect username or password." },
      },
    ]);
    await expect(wrong.auth.signIn("x", "y")).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "wrong user name or password",
    });
    const outsider = cognito([
      {
        status: 200,
        body: { AuthenticationResult: { IdToken: idToken({ "cognito:username": "eve" }) } },
      },
    ]);
    await expect(outsider.auth.signIn("eve", "pw")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
