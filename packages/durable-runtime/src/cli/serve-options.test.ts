import { describe, expect, it } from "vitest";
import { exposureWarning, parseServeOptions } from "./serve-options.js";
import { UsageError } from "./usage-error.js";

describe("parseServeOptions", () => {
  it("resolves FILE and --db against the directory pnpm was run from", () => {
    const options = parseServeOptions(
      [
        "--port",
        "0",
        "--function",
        "orders=apps/x/handler.js#main",
        "--function",
        "b=b.mjs",
        "--on-demand",
        "stock=lib/stock.cjs#check",
      ],
      "/repo",
    );
    expect(options).toEqual({
      port: 0,
      host: "127.0.0.1",
      db: "/repo/.data/durable-runtime.sqlite",
      functions: [
        { name: "orders", file: "/repo/apps/x/handler.js", exportName: "main", durable: true },
        { name: "b", file: "/repo/b.mjs", exportName: "handler", durable: true },
        { name: "stock", file: "/repo/lib/stock.cjs", exportName: "check", durable: false },
      ],
      echoUpdates: true,
      console: true,
    });
  });

  it("keeps :memory: as it is and reports --help", () => {
    expect(parseServeOptions(["--db", ":memory:"], "/repo")).toMatchObject({ db: ":memory:" });
    expect(parseServeOptions(["-h"], "/repo")).toBe("help");
    expect(parseServeOptions(["--echo-updates"], "/repo")).toMatchObject({ echoUpdates: true });
    expect(parseServeOptions(["--no-console"], "/repo")).toMatchObject({ console: false });
    expect(parseServeOptions(["--no-echo-updates"], "/repo")).toMatchObject({
      echoUpdates: false,
    });
  });

  it.each([
    [["--port", "http"], /--port must be an integer/],
    [["--port", "70000"], /--port must be an integer/],
    [["--function", "orders"], /NAME=FILE\[#EXPORT\]/],
    [["--function", "=x.js"], /NAME=FILE\[#EXPORT\]/],
    [["--function", "bad name=x.js"], /Lambda function name/],
    [["--function", "a=x.js#1x"], /not an export name/],
    [["--function", "a=x.js", "--function", "a=y.js"], /given twice/],
    [["--function", "a=x.js", "--on-demand", "a=y.js"], /given twice/],
    [["--on-demand", "x.js"], /--on-demand expects NAME=FILE/],
    [["--verbose"], /Unknown option '--verbose'/],
    [["--port"], /argument missing/],
  ])("rejects %j with a message saying what to fix", (args, message) => {
    expect(() => parseServeOptions(args, "/repo")).toThrow(UsageError);
    expect(() => parseServeOptions(args, "/repo")).toThrow(message);
  });

  it.each(["127.0.0.1", "127.0.0.53", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"])(
    "says nothing for the loopback host %s",
    (host) => expect(exposureWarning(host)).toBeUndefined(),
  );

  it.each(["0.0.0.0", "::", "192.168.1.20", "my-laptop.local", "128.0.0.1"])(
    "warns that the API has no authentication on %s",
    (host) => expect(exposureWarning(host)).toMatch(/WARNING.*no authentication/),
  );
});
