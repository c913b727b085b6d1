/** Component-test setup: unmount after each test (Vitest runs without globals). */
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// The whole suite shares two cores with the API and e2e projects: give waitFor/findBy room.
configure({ asyncUtilTimeout: 15_000 });

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
