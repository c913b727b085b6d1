/**
 * The choice while the workflow waits for it: drinks (unavailable ones shown, not choosable),
 * their modifiers with defaults, the time left, submit, and "never mind".
 */
import type { Drink, PublicConfig, PublicOrder } from "@coffee/shared";
import { type FormEvent, useState } from "react";
import { ApiError, describeError } from "../../api/api-error.js";
import { ConfirmButton } from "../../components/confirm-button.js";
import { formatCountdown } from "../../components/time-format.js";
import { useNow } from "../../hooks/use-now.js";
import { useServices } from "../../services.js";
import type { CustomerSession } from "../../session/customer-session.js";
import styles from "./order.module.css";

export function MenuForm({
  order,
  config,
  session,
  onChanged,
  onRefresh,
}: {
  order: PublicOrder;
  config: PublicConfig;
  session: CustomerSession;
  onChanged(order: PublicOrder): void;
  onRefresh(): Promise<void>;
}) {
  const { api } = useServices();
  const now = useNow(1000);
  const firstAvailable = config.menu.find((d) => d.available);
  const [drinkId, setDrinkId] = useState(firstAvailable?.id ?? "");
  const [choices, setChoices] = useState<Record<string, Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const drink = config.menu.find((d) => d.id === drinkId);
  const waiting = order.status === "AWAITING_ORDER";
  // The workflow's window starts just after the order is created: counting from creation
  // never promises the customer more time than the workflow gives.
  const deadline = Date.parse(order.createdAt) + config.timeouts.customerOrderSeconds * 1000;
  const msLeft = deadline - now;

  const modifiersOf = (d: Drink) =>
    Object.fromEntries(
      d.modifiers.map((m) => [m.id, choices[d.id]?.[m.id] ?? m.default ?? m.options[0] ?? ""]),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!drink) return;
    setBusy(true);
    setError(undefined);
    try {
      onChanged(
        await api.submitChoice(
          order.orderId,
          { drink: drink.id, modifiers: modifiersOf(drink) },
          session.customerToken,
        ),
      );
    } catch (e) {
      setError(describeError(e));
      if (e instanceof ApiError && e.code === "INVALID_STATE") await onRefresh();
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    setBusy(true);
    try {
      onChanged(await api.act(order.orderId, "cancel", session.customerToken));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={styles.menu} onSubmit={submit} aria-labelledby="menu-title">
      <div className={styles.menuHead}>
        <h1 id="menu-title">Choose your drink</h1>
        <p className={styles.countdown} role="timer" aria-label="Time left to choose">
          {waiting ? (msLeft > 0 ? formatCountdown(msLeft) : "Time is up") : "One moment…"}
        </p>
      </div>
      <fieldset className={styles.drinks}>
        <legend>Drink</legend>
        {config.menu.map((d) => (
          <label
            key={d.id}
            className={d.available ? styles.drink : `${styles.drink} ${styles.unavailable}`}
          >
            <input
              type="radio"
              name="drink"
              value={d.id}
              checked={drinkId === d.id}
              disabled={!d.available}
              onChange={() => setDrinkId(d.id)}
            />
            <span>{d.name}</span>
            {d.available ? null : <span className={styles.tag}>unavailable</span>}
          </label>
        ))}
      </fieldset>
      <div className={styles.modifiers}>
        {drink?.modifiers.map((m) => (
          <label key={m.id}>
            {m.name}
            <select
              value={modifiersOf(drink)[m.id]}
              onChange={(e) =>
                setChoices((c) => ({
                  ...c,
                  [drink.id]: { ...c[drink.id], [m.id]: e.target.value },
                }))
              }
            >
              {m.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <p role="alert" className={styles.error}>
        {error ?? ""}
      </p>
      <div className={styles.actions}>
        <button type="submit" disabled={!waiting || !drink || busy || msLeft <= 0}>
          {drink ? `Order ${drink.name}` : "Order"}
        </button>
        <ConfirmButton
          label="Never mind"
          confirmLabel="Yes, cancel"
          className="secondary"
          disabled={!waiting || busy}
          onConfirm={() => void cancel()}
        />
      </div>
    </form>
  );
}
