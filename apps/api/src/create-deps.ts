/**
 * Wires `AppDeps` from the environment: `@coffee/data` repositories and publisher, the workflow
 * through `@aws-sdk/client-lambda`, session tokens. The reconciler's Lambda entry shares the
 * first two (`createBackendDeps`). Clients come from the default provider chain,
 * so the same code serves Lambda and the local stack (which sets `AWS_ENDPOINT_URL_*` first).
 */
import type { LambdaClient } from "@aws-sdk/client-lambda";
import {
  type AwsClients,
  createAwsClients,
  createDataLayer,
  type DataLayer,
  QrTokenRepository,
  StaffAccountRepository,
} from "@coffee/data";
import type { AppDeps } from "./app-deps.js";
import { SessionTokens } from "./auth/session-tokens.js";
import type { ApiEnv } from "./env.js";
import { EventHub } from "./events/event-hub.js";
import { defaultRateLimits } from "./rate-limiter.js";
import { LambdaWorkflowGateway } from "./workflow/lambda-workflow-gateway.js";

export interface CreateDepsOptions {
  env: ApiEnv;
  sessionSecret: Uint8Array;
  clientIp: AppDeps["clientIp"];
  hub?: EventHub;
  lambdaClient?: LambdaClient;
  secureCookies?: boolean;
  heartbeatMs?: number;
  /** Override the per-client rate limits (tests that start many orders from one address). */
  limits?: AppDeps["limits"];
  storageFault?: AppDeps["storageFault"];
}

/** The part of the wiring every entry shares (the API, the reconciler): data layer and workflow. */
export interface BackendDeps {
  clients: AwsClients;
  data: DataLayer;
  workflow: LambdaWorkflowGateway;
  destroy(): void;
}

/**
 * The data layer and the workflow gateway from env, with clients from the default provider chain
 * (`AWS_ENDPOINT_URL_*` point them at the local stack; nothing else differs).
 */
export function createBackendDeps(options: {
  env: ApiEnv;
  lambdaClient?: LambdaClient;
}): BackendDeps {
  const { env } = options;
  const clients = createAwsClients();
  const tables = { orders: env.ORDERS_TABLE, shop: env.SHOP_TABLE };
  return {
    clients,
    data: createDataLayer({ tables, eventBusName: env.EVENT_BUS_NAME, clients }),
    workflow: new LambdaWorkflowGateway({
      functionName: env.WORKFLOW_FUNCTION_NAME,
      qualifier: env.WORKFLOW_QUALIFIER,
      client: options.lambdaClient,
    }),
    destroy: () => clients.destroy(),
  };
}

export function createDeps(
  options: CreateDepsOptions,
): AppDeps & { backend: BackendDeps; destroy(): void } {
  const { env } = options;
  const backend = createBackendDeps({
    env,
    lambdaClient: options.lambdaClient,
  });
  const { clients, data, workflow } = backend;
  const shopTable = env.SHOP_TABLE;
  const cognito =
    env.COGNITO_REGION && env.COGNITO_USER_POOL_ID
      ? {
          region: env.COGNITO_REGION,
          userPoolId: env.COGNITO_USER_POOL_ID,
          clientId: env.COGNITO_CLIENT_ID,
        }
      : undefined;
  const staffAccounts = new StaffAccountRepository({
    client: clients.dynamo,
    tableName: shopTable,
  });
  const staff = {
    credentialVersion: async (username: string) =>
      (await staffAccounts.get(username))?.credentialVersion,
  };
  return {
    orders: data.orders,
    admission: data.admission,
    shop: data.shop,
    shopEvents: data.events,
    qrTokens: new QrTokenRepository({ client: clients.dynamo, tableName: shopTable }),
    staffAccounts,
    workflow,
    sessions: new SessionTokens({
      secret: options.sessionSecret,
      staff,
      cognito,
    }),
    hub: options.hub ?? new EventHub(),
    limits: options.limits ?? defaultRateLimits(),
    webOrigin: env.WEB_ORIGIN,
    clientIp: options.clientIp,
    now: Date.now,
    maxBodyBytes: env.MAX_BODY_BYTES,
    // Spread: a heartbeatMs of 0 means "use the default", which `??` would not give.
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    storageFault: options.storageFault,
    secureCookies: options.secureCookies,
    backend,
    destroy: backend.destroy,
  };
}
