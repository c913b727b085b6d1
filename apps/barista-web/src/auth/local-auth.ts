/** Local staff sign-in: the seeded accounts, through the API. */
import type { ApiClient } from "../api/api-client.js";
import type { StaffAuth } from "./staff-auth.js";

export function createLocalAuth(api: ApiClient): StaffAuth {
  return {
    async signIn(username, password) {
      return { kind: "signed-in", session: await api.login(username, password) };
    },
  };
}
