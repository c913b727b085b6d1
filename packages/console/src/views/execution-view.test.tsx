import { cleanup, configure, render, screen, waitFor, within } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { RuntimeApiError, type RuntimeClient } from "../api/runtime-client.js";
import { ClientProvider } from "../client-context.js";
import { ExecutionView } from "./execution-view.js";

// waitFor gives up after 1 s by default: a deadline a busy machine misses.
configure({ asyncUtilTimeout: 15_000 });
afterEach(cleanup);

const ARN =
  "arn:aws:lambda:us-east-1:000000000000:function:refund:$LATEST/durable-execution/refund-1/x";
const t0 = Date.now() / 1000;
/** Wire JSON, as the runtime answers: timestamps in epoch seconds. */
const history = [
  {
    EventType: "ExecutionStarted",
    EventTimestamp: t0,
    Id: "e",
    ExecutionStartedDetails: { Input: { Payload: "{}" } },
  },
  {
    EventType: "CallbackStarted",
    EventTimestamp: t0,
    Id: "cb",
    Name: "approval",
    CallbackStartedDetails: { CallbackId: "cb-id", Timeout: 3600, HeartbeatTimeout: 600 },
  },
  {
    EventType: "WaitStarted",
    EventTimestamp: t0,
    Id: "w",
    Name: "cooling-off",
    WaitStartedDetails: { Duration: 3600, ScheduledEndTimestamp: t0 + 3600 },
  },
];

function stubClient(calls: string[]): RuntimeClient {
  const record =
    (what: string) =>
    async (...args: unknown[]) => {
      calls.push(`${what} ${args.map((a) => JSON.stringify(a)).join(" ")}`);
    };
  return {
    execution: async () => ({
      DurableExecutionArn: ARN,
      DurableExecutionName: "refund-1",
      Status: "RUNNING",
      StartTimestamp: t0,
    }),
    history: async () => history,
    heartbeat: record("heartbeat"),
    succeed: record("succeed"),
    fail: record("fail"),
    stop: record("stop"),
    pause: record("pause"),
    resume: record("resume"),
    fireNow: async () => {
      throw new RuntimeApiError(
        "InvalidParameterValueException",
        400,
        'Fire now applies to a pending wait or a step waiting to retry; WAIT "cooling-off" is SUCCEEDED',
      );
    },
    fixtureUrl: (arn: string) => `/fixture/${arn}`,
  } as unknown as RuntimeClient;
}

describe("ExecutionView", () => {
  it("answers a callback by its buttons and says what the runtime refused", async () => {
    const calls: string[] = [];
    const user = userEvent.setup();
    render(
      <ClientProvider client={stubClient(calls)}>
        <ExecutionView arn={ARN} pollMs={60_000} />
      </ClientProvider>,
    );
    const callback = (await screen.findAllByTestId("operation")).find((r) =>
      r.textContent?.includes("approval"),
    ) as HTMLElement;

    await user.click(within(callback).getByRole("button", { name: "Heartbeat" }));
    expect(calls).toEqual(['heartbeat "cb-id"']);
    expect(within(callback).getByText(/next heartbeat due/)).toBeTruthy();

    // A result that is not JSON never leaves the page.
    const result = within(callback).getByLabelText("Result");
    await user.clear(result);
    await user.type(result, "yes");
    await user.click(within(callback).getByRole("button", { name: "Succeed" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toMatch(/^Succeed refused/));
    expect(calls).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Fire now" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toBe(
        'Fire now refused: InvalidParameterValueException: Fire now applies to a pending wait or a step waiting to retry; WAIT "cooling-off" is SUCCEEDED',
      ),
    );
    await user.click(screen.getByRole("button", { name: "Pause" }));
    expect(calls.at(-1)).toBe(`pause ${JSON.stringify(ARN)}`);
  });
});
