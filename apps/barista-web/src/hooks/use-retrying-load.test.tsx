import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError, describeError } from "../api/api-error.js";
import { useRetryingLoad } from "./use-retrying-load.js";

/** A load whose answers the test gives, one per call. */
function scripted(answers: (() => Promise<string>)[]) {
  let calls = 0;
  const load = () => {
    const answer = answers[Math.min(calls, answers.length - 1)];
    calls++;
    return answer ? answer() : Promise.reject(new Error("no answer"));
  };
  return { load, calls: () => calls };
}

const down = () => Promise.reject(new ApiError("NETWORK", "GET /x: no answer"));

describe("useRetryingLoad", () => {
  it("shows a failure and tries again until a load succeeds", async () => {
    let up = false;
    let calls = 0;
    const load = () => {
      calls++;
      return up ? Promise.resolve("menu") : down();
    };
    const loaded: string[] = [];
    const { result } = renderHook(() =>
      useRetryingLoad(load, { retryMs: 5, onLoaded: (v) => loaded.push(v) }),
    );
    await waitFor(() => expect(calls).toBeGreaterThan(2));
    expect(result.current.error).toBe(describeError(new ApiError("NETWORK", "GET /x: no answer")));
    expect(loaded).toEqual([]);
    up = true;
    await waitFor(() => expect(loaded).toEqual(["menu"]));
    expect(result.current.error).toBeUndefined();
    const settled = calls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(settled);
  });

  it("retries nothing and shows nothing when onError dealt with the failure", async () => {
    const { load, calls } = scripted([down, () => Promise.resolve("late")]);
    const seen: unknown[] = [];
    const { result } = renderHook(() =>
      useRetryingLoad(load, {
        retryMs: 5,
        onLoaded: () => undefined,
        onError: (e) => seen.push(e) > 0,
      }),
    );
    await waitFor(() => expect(seen).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls()).toBe(1);
    expect(result.current.error).toBeUndefined();
  });

  it("drops an answer that a later run overtook, and loads nothing while disabled", async () => {
    let release: (v: string) => void = () => undefined;
    const slow = () => new Promise<string>((resolve) => (release = resolve));
    const { load } = scripted([slow, () => Promise.resolve("second")]);
    const loaded: string[] = [];
    const { result, rerender } = renderHook(
      ({ enabled }) => useRetryingLoad(load, { enabled, onLoaded: (v) => loaded.push(v) }),
      { initialProps: { enabled: false } },
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(loaded).toEqual([]);
    rerender({ enabled: true });
    act(() => result.current.run());
    await waitFor(() => expect(loaded).toEqual(["second"]));
    act(() => release("first"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(loaded).toEqual(["second"]);
  });
});
