import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { buildTimeline } from "../model/build-timeline.js";
import { histories } from "../testing/histories.js";
import { ExecutionPayloads } from "./execution-payloads.js";
import { TimelineTable } from "./timeline-table.js";

const timelineOf = (key: keyof typeof histories) =>
  buildTimeline(histories[key].execution, histories[key].events);
const NOW = Date.parse("2026-01-01T00:00:10Z");

afterEach(cleanup);

describe("TimelineTable", () => {
  it("shows each attempt of a step with its error and the delay before the next", () => {
    render(<TimelineTable timeline={timelineOf("flakyRetrying")} now={NOW} />);
    const [row] = screen.getAllByTestId("operation");
    expect(row?.getAttribute("data-status")).toBe("RETRYING");
    expect(
      within(row as HTMLElement)
        .getAllByTestId("attempt")
        .map((a) => a.textContent),
    ).toEqual([
      "attempt 1 · 0 ms · Error: attempt 1 failed · next attempt after 2.0 s",
      "attempt 2 · 0 ms · Error: attempt 2 failed · next attempt after 2.0 s",
    ]);
    expect(screen.getByTestId("invocations").textContent).toContain("2 (first run and replays)");
  });

  it("nests a callback under its context, with its deadlines and a row for actions", () => {
    render(
      <TimelineTable
        timeline={timelineOf("approvalPending")}
        now={NOW}
        actions={(op) => (op.type === "CALLBACK" ? <button type="button">Succeed</button> : null)}
      />,
    );
    const rows = screen.getAllByTestId("operation");
    const callback = rows.find((r) => r.textContent?.includes("CALLBACK")) as HTMLElement;
    expect(within(callback).getByRole("rowheader").textContent).toBe("callback of approval");
    expect(within(callback).getByRole("rowheader").style.paddingLeft).toBe("1.75rem");
    expect(callback.textContent).toContain("timeout 60 s · heartbeat 20 s");
    expect(within(callback).getByRole("button", { name: "Succeed" })).toBeTruthy();
  });

  it("folds long payloads and links a chained invoke's child", () => {
    const long = { drinks: ["latte", "flat white", "cortado"], note: "x".repeat(40) };
    const timeline = { ...timelineOf("invoker"), result: JSON.stringify(long) };
    render(
      <>
        <ExecutionPayloads timeline={timeline} />
        <TimelineTable
          timeline={timeline}
          now={NOW}
          childLink={(op) => <a href={`#${op.childExecutionArn}`}>child execution</a>}
        />
      </>,
    );
    const [row] = screen.getAllByTestId("operation");
    expect(within(row as HTMLElement).getByText('{"n":2}')).toBeTruthy();
    expect(within(row as HTMLElement).getByRole("link", { name: "child execution" })).toBeTruthy();
    const payloads = screen.getByRole("region", { name: "Execution input and outcome" });
    // A short payload reads inline; a long one is folded, its pretty form inside.
    expect(within(payloads).getByText("Input").closest("details")).toBeNull();
    const result = within(payloads).getByText("Result").closest("details") as HTMLDetailsElement;
    expect(result.open).toBe(false);
    expect(result.querySelector("pre")?.textContent).toBe(JSON.stringify(long, null, 2));
  });
});
