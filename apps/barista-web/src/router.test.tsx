import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { navigate, useLocation } from "./router.js";

function Where() {
  const { path, query } = useLocation();
  return (
    <p>
      {path}|{query.get("token") ?? "-"}
    </p>
  );
}

describe("router", () => {
  it("follows navigate() and reads the query", () => {
    window.history.replaceState(null, "", "/");
    render(<Where />);
    expect(screen.getByText("/|-")).toBeTruthy();
    act(() => navigate("/order?token=abc"));
    expect(screen.getByText("/order|abc")).toBeTruthy();
  });
});
