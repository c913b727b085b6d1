/** `pnpm start`: brings the whole shop up locally and prints where it is. Ctrl-C stops it. */
import { LocalAwsError } from "@coffee/local-aws";
import { LocalStackError } from "./local-stack-error.js";
import { startLocalStack } from "./start-local-stack.js";

async function main(): Promise<void> {
  const started = Date.now();
  const stack = await startLocalStack();
  const lines = [
    "",
    `  Coffee shop is open at ${stack.url}`,
    `    web app          ${stack.webServed ? stack.url : "not built: run `pnpm build` (apps/barista-web/dist)"}`,
    `    API              ${stack.url}/api   (try ${stack.url}/api/config)`,
    `    durable runtime  ${stack.endpoints.lambda}   (Lambda API: AWS_ENDPOINT_URL_LAMBDA)`,
    `    runtime console  ${stack.endpoints.console}   (every execution, its timeline, actions)`,
    `    DynamoDB         ${stack.endpoints.dynamodb}   (dynalite)`,
    `    EventBridge      ${stack.endpoints.events}   (PutEvents)`,
    `    data             ${stack.dataDir}`,
    "",
    "  Staff sign-ins (local only):",
    ...stack.staff.map((s) => `    ${s.username.padEnd(8)} password: ${s.password}`),
    "",
    `  Ready in ${Date.now() - started} ms. Ctrl-C to stop; orders in flight continue on the next start.`,
    "",
  ];
  console.log(lines.join("\n"));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    console.log(`\n${signal}: closing the shop...`);
    await stack.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // The stack's own reasons (a taken port, an unusable DATA_DIR, a database another process
  // holds) are said in a line; anything else is shown whole.
  if (error instanceof LocalStackError || error instanceof LocalAwsError) {
    console.error(`coffee: ${error.message}`);
  } else {
    console.error("coffee: the local stack failed to start:", error);
  }
  process.exit(1);
});
