/** A pending callback's controls: Succeed with a JSON result, Fail with an error, Heartbeat. */
import { formatMoment } from "@coffee/execution-timeline";
import { type FormEvent, useState } from "react";
import { useClient } from "../client-context.js";
import { Field } from "./field.js";

export function CallbackActions({
  callbackId,
  heartbeatTimeoutSeconds,
  act,
}: {
  callbackId: string;
  /** The callback's heartbeat timeout: after a Heartbeat, when the next one is due. */
  heartbeatTimeoutSeconds?: number | undefined;
  act(what: string, work: () => Promise<void>): Promise<void>;
}) {
  const client = useClient();
  // History records no heartbeat, so the deadline a Heartbeat from here moved is kept here.
  const [heartbeatAt, setHeartbeatAt] = useState<number>();
  const [result, setResult] = useState('"ok"');
  const [errorType, setErrorType] = useState("Rejected");
  const [errorMessage, setErrorMessage] = useState("");

  const succeed = (event: FormEvent) => {
    event.preventDefault();
    void act("Succeed", async () => {
      JSON.parse(result); // a callback result is the JSON the handler will parse
      await client.succeed(callbackId, result);
    });
  };
  return (
    <div className="callback-actions">
      <form onSubmit={succeed}>
        <Field label="Result">
          {(id) => <input id={id} value={result} onChange={(e) => setResult(e.target.value)} />}
        </Field>
        <button type="submit">Succeed</button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void act("Fail", () =>
            client.fail(callbackId, { ErrorType: errorType, ErrorMessage: errorMessage }),
          );
        }}
      >
        <Field label="Error type">
          {(id) => (
            <input id={id} value={errorType} onChange={(e) => setErrorType(e.target.value)} />
          )}
        </Field>
        <Field label="Error message">
          {(id) => (
            <input id={id} value={errorMessage} onChange={(e) => setErrorMessage(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="danger">
          Fail
        </button>
      </form>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          void act("Heartbeat", async () => {
            await client.heartbeat(callbackId);
            setHeartbeatAt(Date.now());
          })
        }
      >
        Heartbeat
      </button>
      {heartbeatAt !== undefined && heartbeatTimeoutSeconds ? (
        <span className="heartbeat-due">
          next heartbeat due{" "}
          {formatMoment(new Date(heartbeatAt + heartbeatTimeoutSeconds * 1000).toISOString())}
        </span>
      ) : null}
    </div>
  );
}
