/** Staff sign-in (local accounts): user name and password, errors announced to screen readers. */
import { type FormEvent, useState } from "react";
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
  const { api } = useServices();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await api.login(username.trim(), password);
      if (!roles.includes(session.role)) {
        setError(`This needs a staff account with the ${roles.join(" or ")} role.`);
      } else {
        onSignedIn(session);
      }
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
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
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
      <p role="alert" className={styles.error}>
        {error ?? ""}
      </p>
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
