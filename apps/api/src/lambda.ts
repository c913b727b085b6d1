/**
 * The API as a Lambda function behind an HTTP API (used by infra). Live updates reach browsers
 * through the infra's realtime path; `/api/events` here serves only what this instance sees.
 */
import { handle } from "hono/aws-lambda";
import { createApp } from "./app.js";
import { createDeps } from "./create-deps.js";
import { readEnv } from "./env.js";

const env = readEnv();
if (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32) {
  throw new Error("SESSION_SECRET (32+ random characters) must be set in AWS");
}

interface LambdaRequestEnv {
  event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
}

const app = createApp(
  createDeps({
    env,
    // The secret is used as it is (UTF-8), whatever alphabet the generator chose.
    sessionSecret: new TextEncoder().encode(env.SESSION_SECRET),
    secureCookies: true,
    clientIp: (_request, lambdaEnv) => {
      const context = (lambdaEnv as LambdaRequestEnv | undefined)?.event?.requestContext;
      return context?.http?.sourceIp ?? context?.identity?.sourceIp ?? "unknown";
    },
  }),
);

export const handler = handle(app);
