/**
 * Staff sign-in: user name and password (local accounts or Cognito), plus the new password a
 * Cognito account must choose on its first sign-in. Errors are announced to screen readers.
 */
import { type FormEvent, useEffect, useRef, useState } from "react";
import { describeError } from "../api/api-error.js";
import type { Role, StaffSession } from "../api/api-schemas.js";
import { useServices } from "../services.js";
import styles from "./sign-in-form.module.css";

export function SignInForm({
  title,
  roles,
  onSignedIn,
}: {
  title: string;
  roles: Role[];
  onSignedIn(session: StaffSession): void;
}) {
  const { auth } = useServices();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [challenge, setChallenge] = useState<(newPassword: string) => Promise<StaffSession>>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const newPasswordRef = useRef<HTMLInputElement>(null);
  // The new-password field appears in answer to the submit: take the keyboard there.
  useEffect(() => {
    if (challenge) newPasswordRef.current?.focus();
  }, [challenge]);

  const accept = (session: StaffSession) => {
    if (roles.includes(session.role)) onSignedIn(session);
    else setError(`This needs a staff account with the ${roles.join(" or ")} role.`);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (challenge) {
        accept(await challenge(newPassword));
        return;
      }
      const result = await auth.signIn(username.trim(), password);
      if (result.kind === "signed-in") accept(result.session);
      // A function in state must be wrapped, or React calls it as an updater.
      else setChallenge(() => result.complete);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{title}</h1>
      <label>
        User name
        <input
          name="username"
          autoComplete="username"
          required
          readOnly={challenge !== undefined}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      {challenge ? (
        <label>
          New password (first sign-in)
          <input
            name="new-password"
            type="password"
            autoComplete="new-password"
            required
            ref={newPasswordRef}
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
          />
        </label>
      ) : (
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
      )}
      <p role="alert" className={styles.error}>
        {error ?? ""}
      </p>
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : challenge ? "Set password and sign in" : "Sign in"}
      </button>
    </form>
  );
}
