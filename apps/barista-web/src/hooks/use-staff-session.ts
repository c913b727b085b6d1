/** The staff session for staff screens: signed in once per browser, signed out on a 401. */
import { useCallback, useState } from "react";
import { ApiError } from "../api/api-error.js";
import type { StaffSession } from "../api/api-schemas.js";
import { useServices } from "../services.js";
import { loadStaffSession, saveStaffSession } from "../session/staff-session.js";

export function useStaffSession() {
  const { storage } = useServices();
  const [session, setSession] = useState(() => loadStaffSession(storage));
  const signIn = useCallback(
    (next: StaffSession) => {
      saveStaffSession(storage, next);
      setSession(next);
    },
    [storage],
  );
  const signOut = useCallback(() => {
    saveStaffSession(storage, undefined);
    setSession(undefined);
  }, [storage]);
  /** Signs out when the API says the session is no longer valid; true if it did. */
  const expireOn = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) {
        signOut();
        return true;
      }
      return false;
    },
    [signOut],
  );
  return { session, signIn, signOut, expireOn };
}
