/** Start an execution: Invoke (Event) with a durable execution name and a JSON payload. */
import { type FormEvent, useState } from "react";
import type { RegisteredFunction } from "../api/wire-schemas.js";
import { useClient } from "../client-context.js";
import { describeError } from "../describe-error.js";
import { executionNameOf, executionPath, Link } from "../router.js";
import { Field } from "./field.js";

export function StartForm({
  functions,
  onStarted,
}: {
  functions: RegisteredFunction[];
  onStarted(): void;
}) {
  const client = useClient();
  const durable = functions.filter((f) => f.Durable);
  const [fn, setFn] = useState("");
  const [name, setName] = useState("");
  const [payload, setPayload] = useState("{}");
  const [message, setMessage] = useState<{ error?: string; started?: string }>({});
  const chosen = fn || durable[0]?.FunctionName || "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      JSON.parse(payload);
    } catch (error) {
      setMessage({ error: `Payload is not JSON: ${(error as Error).message}` });
      return;
    }
    try {
      const arn = await client.start(chosen, name.trim(), payload);
      setMessage({ started: arn });
      setName("");
      onStarted();
    } catch (error) {
      setMessage({ error: describeError(error) });
    }
  };

  return (
    <form className="start-form" onSubmit={submit} aria-label="Start an execution">
      <Field label="Function">
        {(id) => (
          <select id={id} value={chosen} onChange={(e) => setFn(e.target.value)}>
            {durable.map((f) => (
              <option key={f.FunctionName}>{f.FunctionName}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Name">
        {(id) => (
          <input
            id={id}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="generated if empty"
            pattern="[a-zA-Z0-9_\-]{1,64}"
          />
        )}
      </Field>
      <Field label="Payload" className="grow">
        {(id) => (
          <textarea id={id} value={payload} onChange={(e) => setPayload(e.target.value)} rows={2} />
        )}
      </Field>
      <button type="submit" disabled={!chosen}>
        Start
      </button>
      <p role="status" className="form-message">
        {message.error ? <span className="error">{message.error}</span> : null}
        {message.started ? (
          <>
            Started{" "}
            <Link to={executionPath(message.started)}>{executionNameOf(message.started)}</Link>
          </>
        ) : null}
      </p>
    </form>
  );
}
