/**
 * `/display`: the screen by the counter. The current QR code with its countdown and drinks left,
 * orders being made and ready for pickup by number; while the shop is closed it says so and
 * shows no code. It needs no interaction after sign-in and heals itself: loads retry, the live
 * stream reconnects, the code refreshes when it rotates or is used up, and opening or closing
 * the shop reaches it live.
 */
import type { PublicOrder } from "@coffee/shared";
import { useCallback, useEffect, useState } from "react";
import type { QrCodeInfo } from "../../api/api-schemas.js";
import { LiveBadge } from "../../components/live-badge.js";
import { QrCode } from "../../components/qr-code.js";
import { SignInForm } from "../../components/sign-in-form.js";
import { formatCountdown } from "../../components/time-format.js";
import { useNow } from "../../hooks/use-now.js";
import { useOpenOrders } from "../../hooks/use-open-orders.js";
import { useRetryingLoad } from "../../hooks/use-retrying-load.js";
import { useStaffSession } from "../../hooks/use-staff-session.js";
import { useServices } from "../../services.js";
import styles from "./display.module.css";

export function DisplayView({ retryMs = 3000 }: { retryMs?: number }) {
  const { session, signIn, expireOn } = useStaffSession();
  if (!session) {
    return (
      <main>
        <SignInForm
          title="Pickup display: staff sign-in"
          roles={["barista", "admin"]}
          onSignedIn={signIn}
        />
      </main>
    );
  }
  return <Display token={session.token} retryMs={retryMs} onAuthError={expireOn} />;
}

function Display({
  token,
  retryMs,
  onAuthError,
}: {
  token: string;
  retryMs: number;
  onAuthError(error: unknown): boolean;
}) {
  const { api, origin } = useServices();
  const now = useNow(1000);
  const [qr, setQr] = useState<QrCodeInfo>();

  const [storeOpen, setStoreOpen] = useState<boolean>();
  const loadShop = useCallback(() => {
    api.config().then(
      (config) => setStoreOpen(config.storeOpen),
      () => undefined,
    );
  }, [api]);
  // The code and whether the shop is open travel together: a display that comes back after the
  // API was away learns both.
  const fetchQr = useCallback(() => {
    loadShop();
    return api.qrCode(token);
  }, [api, token, loadShop]);
  const qrLoad = useRetryingLoad(fetchQr, { retryMs, onError: onAuthError, onLoaded: setQr });
  const loadQr = qrLoad.run;

  const orders = useOpenOrders(token, {
    retryMs,
    onAuthError,
    // A new order used one of the code's drinks (a used-up code is replaced at once): its
    // first event is Order.AwaitingOrder. A reconnect may follow a rotation; the shop opening
    // or closing changes what is shown.
    onEvent: (event) => {
      if (event.type.startsWith("Shop.")) loadQr();
      else if (event.type === "Order.AwaitingOrder" || !event.order) loadQr();
    },
  });

  // Fetch the next code as soon as this one rotates.
  const rotatesAt = qr ? Date.parse(qr.rotatesAt) : undefined;
  const msLeft = rotatesAt !== undefined ? rotatesAt - now : undefined;
  const rotated = msLeft !== undefined && msLeft <= 0;
  useEffect(() => {
    if (rotated) loadQr();
  }, [rotated, loadQr]);

  const making = byNumber(orders.orders.filter((o) => o.status === "ACCEPTED"));
  const queued = byNumber(orders.orders.filter((o) => o.status === "QUEUED"));
  const ready = byNumber(orders.orders.filter((o) => o.status === "READY"));
  const problem = qrLoad.error ?? orders.error;
  const closed = storeOpen === false;

  return (
    <main className={styles.display}>
      <section className={styles.qrPanel} aria-labelledby="scan-title">
        <h1 id="scan-title" data-testid="display-title">
          {closed ? "The shop is closed" : "Scan to order"}
        </h1>
        <div className={styles.qrBox}>
          {closed ? (
            <p className={styles.placeholder}>We are not taking orders right now.</p>
          ) : qr ? (
            <QrCode
              text={`${origin}/order?token=${encodeURIComponent(qr.token)}`}
              label="QR code to order a drink"
            />
          ) : (
            <p className={styles.placeholder}>
              {problem ? "Waiting for the coffee bar…" : "Loading…"}
            </p>
          )}
        </div>
        <p className={styles.qrFacts}>
          <span data-testid="drinks-left">
            {qr && !closed
              ? `${qr.remaining} ${qr.remaining === 1 ? "drink" : "drinks"} left`
              : "\u00a0"}
          </span>
          <span data-testid="qr-countdown">
            {msLeft !== undefined && !closed ? `New code in ${formatCountdown(msLeft)}` : "\u00a0"}
          </span>
        </p>
        <p className={styles.queued}>
          In the queue: <span data-testid="queued-count">{queued.length}</span>
        </p>
      </section>
      <section className={styles.column} aria-labelledby="making-title">
        <h2 id="making-title">Being made</h2>
        <NumberList orders={making} label="Orders being made" />
      </section>
      <section className={`${styles.column} ${styles.ready}`} aria-labelledby="ready-title">
        <h2 id="ready-title">Ready for pickup</h2>
        <NumberList orders={ready} label="Orders ready for pickup" />
      </section>
      <footer className={styles.footer}>
        <LiveBadge status={orders.live} />
        <span role="alert" className={styles.problem}>
          {problem ?? ""}
        </span>
      </footer>
    </main>
  );
}

function NumberList({ orders, label }: { orders: PublicOrder[]; label: string }) {
  return (
    <ul className={styles.numbers} aria-label={label} aria-live="polite">
      {orders.map((o) => (
        <li key={o.orderId} className={styles.number}>
          {o.orderNumber ?? "…"}
        </li>
      ))}
    </ul>
  );
}

function byNumber(orders: PublicOrder[]): PublicOrder[] {
  return [...orders].sort((a, b) => (a.orderNumber ?? 0) - (b.orderNumber ?? 0));
}
