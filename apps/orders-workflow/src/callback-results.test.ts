import { describe, expect, it } from "vitest";
import {
  parseBaristaAccept,
  parseBaristaComplete,
  parseCustomerOrder,
} from "./callback-results.js";

describe("callback results", () => {
  it("parses the JSON strings the API sends", () => {
    const choice = {
      drink: { id: "latte", name: "Latte", ingredients: { beans: 1, milk: 1 } },
      modifiers: { size: "large" },
    };
    expect(parseCustomerOrder(JSON.stringify({ action: "submit", choice }))).toEqual({
      action: "submit",
      choice,
    });
    expect(parseCustomerOrder('{"action":"cancel"}')).toEqual({ action: "cancel" });
    expect(parseBaristaAccept('{"action":"accept","baristaId":"b1"}')).toEqual({
      action: "accept",
      baristaId: "b1",
    });
    expect(parseBaristaComplete('{"action":"unaccept"}')).toEqual({ action: "unaccept" });
  });

  it("answers undefined for anything that is not a valid result", () => {
    expect(parseCustomerOrder(undefined)).toBeUndefined();
    expect(parseCustomerOrder("not json")).toBeUndefined();
    // Already-parsed objects are not what the SDK hands over: refused, not trusted.
    expect(parseCustomerOrder({ action: "cancel" })).toBeUndefined();
    expect(parseCustomerOrder('{"action":"submit"}')).toBeUndefined();
    // The shape the API sent before choices were checked there: not a checked choice.
    expect(
      parseCustomerOrder('{"action":"submit","drink":"latte","modifiers":{}}'),
    ).toBeUndefined();
    expect(parseBaristaAccept('{"action":"accept","baristaId":"has spaces"}')).toBeUndefined();
    expect(parseBaristaComplete('{"action":"cancel","by":"robot"}')).toBeUndefined();
  });
});
