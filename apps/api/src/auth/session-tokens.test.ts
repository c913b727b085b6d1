import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionTokens } from "./session-tokens.js";

// A stand-in Cognito: its JWKS served over real HTTP on 127.0.0.1, tokens signed with its key.
const REGION = "eu-west-1";
const POOL = "eu-west-1_TEST";
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`;
let server: Server;
let jwksUrl: string;
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let privateKey: PrivateKey;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const cognitoToken = (claims: Record<string, unknown>, key: PrivateKey = privateKey) =>
  new SignJWT({ token_use: "id", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(ISSUER)
    .setAudience("web-client")
    .setSubject("0000-1111")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(key);

const sessions = () =>
  new SessionTokens({
    secret: new Uint8Array(32).fill(1),
    cognito: { region: REGION, userPoolId: POOL, clientId: "web-client", jwksUrl },
  });

describe("SessionTokens", () => {
  it("round-trips its own tokens and refuses tampered ones", async () => {
    const tokens = sessions();
    const token = await tokens.sign({ id: "cus_1", role: "customer" });
    expect(await tokens.verify(token)).toEqual({ id: "cus_1", role: "customer" });
    const other = new SessionTokens({ secret: new Uint8Array(32).fill(2) });
    await expect(other.verify(token)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("refuses a token of ours without exp, however well signed", async () => {
    const secret = new Uint8Array(32).fill(1);
    const tokens = new SessionTokens({ secret });
    const forever = await new SignJWT({ role: "customer" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("coffee-api")
      .setAudience("coffee")
      .setSubject("cus_forever")
      .setIssuedAt()
      .sign(secret);
    await expect(tokens.verify(forever)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("refuses a token it verified before once its exp has passed", async () => {
    let now = 1_000_000;
    const tokens = new SessionTokens({
      secret: new Uint8Array(32).fill(1),
      customerTtlSeconds: 60,
      now: () => now,
    });
    const token = await tokens.sign({ id: "cus_1", role: "customer" });
    expect(await tokens.verify(token)).toEqual({ id: "cus_1", role: "customer" });
    now += 59;
    expect(await tokens.verify(token)).toEqual({ id: "cus_1", role: "customer" });
    now += 1;
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("remembers the sessions in use, not every one it verified", async () => {
    let now = 1_000_000;
    const tokens = new SessionTokens({ secret: new Uint8Array(32).fill(1), now: () => now });
    const customers = Array.from({ length: 200 }, (_, i) => `cus_${i}`);
    const signed = await Promise.all(customers.map((id) => tokens.sign({ id, role: "customer" })));
    // All at once, as a busy API verifies them: each answers its own principal.
    const principals = await Promise.all(signed.map((token) => tokens.verify(token)));
    expect(principals.map((p) => p.id)).toEqual(customers);
    expect(tokens.remembered).toBe(200);
    // One session goes on being used; the others go quiet.
    for (let second = 0; second < 30; second++) {
      now += 1;
      expect(await tokens.verify(signed[7]!)).toEqual({ id: "cus_7", role: "customer" });
    }
    expect(tokens.remembered).toBe(1);
    // A quiet session that comes back is verified again, as before.
    expect(await tokens.verify(signed[3]!)).toEqual({ id: "cus_3", role: "customer" });
    expect(tokens.remembered).toBe(2);
    const forged = `${signed[5]!.slice(0, -2)}AA`;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("refuses a staff session once the account's credential version moved on", async () => {
    const versions = new Map([["ana", 1]]);
    const tokens = new SessionTokens({
      secret: new Uint8Array(32).fill(1),
      staff: { credentialVersion: async (u) => versions.get(u) },
      staffCacheSeconds: 0,
    });
    const token = await tokens.sign({ id: "ana", role: "admin" }, 1);
    expect(await tokens.verify(token)).toEqual({ id: "ana", role: "admin" });
    versions.set("ana", 2);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await tokens.verify(await tokens.sign({ id: "ana", role: "admin" }, 2))).toEqual({
      id: "ana",
      role: "admin",
    });
    versions.delete("ana");
    const gone = await tokens.sign({ id: "ana", role: "admin" }, 2);
    await expect(tokens.verify(gone)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    // Without a place to check staff accounts, no staff session of ours is accepted.
    const noStaff = new SessionTokens({ secret: new Uint8Array(32).fill(1) });
    await expect(noStaff.verify(token)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("accepts Cognito tokens through the same path, groups mapped to roles", async () => {
    const tokens = sessions();
    const admin = await cognitoToken({ "cognito:groups": ["admin"], "cognito:username": "ana" });
    expect(await tokens.verify(admin)).toEqual({ id: "ana", role: "admin" });
    const barista = await cognitoToken({ "cognito:groups": ["barista"], "cognito:username": "bo" });
    expect(await tokens.verify(barista)).toEqual({ id: "bo", role: "barista" });
  });

  it("refuses Cognito tokens without a staff group, for another client, or signed by another key", async () => {
    const tokens = sessions();
    const noGroup = await cognitoToken({ "cognito:username": "eve" });
    await expect(tokens.verify(noGroup)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const otherClient = await new SignJWT({ "cognito:groups": ["admin"] })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(ISSUER)
      .setAudience("another-client")
      .setExpirationTime("1h")
      .sign(privateKey);
    await expect(tokens.verify(otherClient)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const forged = await cognitoToken(
      { "cognito:groups": ["admin"], "cognito:username": "mallory" },
      (await generateKeyPair("RS256")).privateKey,
    );
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
