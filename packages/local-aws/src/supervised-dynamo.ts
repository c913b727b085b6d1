/**
 * The local DynamoDB kept running: if its process ends on its own (killed, out of memory), it is
 * started again on the same port with the same data, so the clients that know its endpoint carry
 * on after a moment of refused connections (which the SDK retries).
 */
import {
  type LocalDynamo,
  type LocalDynamoExit,
  type LocalDynamoOptions,
  startLocalDynamo,
} from "./local-dynamo.js";

/** Longest pause between two attempts to start it again. */
const MAX_RETRY_DELAY_MS = 5_000;

export async function startSupervisedLocalDynamo(
  options: LocalDynamoOptions,
  log: (message: string) => void = (message) => console.error(message),
): Promise<LocalDynamo> {
  let current = await startLocalDynamo(options);
  const port = Number(new URL(current.endpoint).port);
  let closing = false;
  let settle: (exit: LocalDynamoExit) => void = () => {};
  const exited = new Promise<LocalDynamoExit>((resolve) => {
    settle = resolve;
  });

  const restart = async (exit: LocalDynamoExit) => {
    log(
      `local DynamoDB ended on its own (${exit.signal ?? `exit code ${exit.code}`}); starting it again on port ${port}`,
    );
    for (let attempt = 1; !closing; attempt++) {
      try {
        // The tables are there already: they live in the data, not in the process.
        const next = await startLocalDynamo({ ...options, port, tables: undefined });
        if (closing) {
          await next.close();
          break;
        }
        current = next;
        watch(next);
        log(`local DynamoDB is running again (pid ${next.pid})`);
        return;
      } catch (error) {
        log(`local DynamoDB did not start again: ${(error as Error).message}`);
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(250 * 2 ** attempt, MAX_RETRY_DELAY_MS)),
        );
      }
    }
    settle(exit);
  };

  const watch = (instance: LocalDynamo) => {
    void instance.exited.then((exit) => {
      if (exit.requested || closing) settle(exit);
      else void restart(exit);
    });
  };
  watch(current);

  return {
    endpoint: current.endpoint,
    get pid() {
      return current.pid;
    },
    exited,
    async close() {
      closing = true;
      await current.close();
      await exited;
    },
  };
}
