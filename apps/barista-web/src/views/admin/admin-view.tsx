/**
 * `/admin`: open or close the shop, the menu (drinks, choices, options), stock, limits and
 * timeouts; changes made elsewhere arrive live.
 */
import type { PublicConfig, Stock } from "@coffee/shared";
import { useCallback, useEffect, useState } from "react";
import { describeError } from "../../api/api-error.js";
import type { StaffSession } from "../../api/api-schemas.js";
import { SignInForm } from "../../components/sign-in-form.js";
import { useLive } from "../../hooks/use-live.js";
import { useStaffSession } from "../../hooks/use-staff-session.js";
import { useServices } from "../../services.js";
import styles from "./admin.module.css";
import { MenuEditor } from "./menu-editor.js";
import { SettingsEditor } from "./settings-editor.js";
import { StockEditor } from "./stock-editor.js";

export function AdminView() {
  const { session, signIn, signOut, expireOn } = useStaffSession();
  if (session?.role !== "admin") {
    return (
      <main>
        <SignInForm title="Admin sign-in" roles={["admin"]} onSignedIn={signIn} />
      </main>
    );
  }
  return <Admin session={session} onSignOut={signOut} onAuthError={expireOn} />;
}

function Admin({
  session,
  onSignOut,
  onAuthError,
}: {
  session: StaffSession;
  onSignOut(): void;
  onAuthError(error: unknown): boolean;
}) {
  const { api } = useServices();
  const [config, setConfig] = useState<PublicConfig>();
  const [stock, setStock] = useState<Stock>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();

  const load = useCallback(async () => {
    try {
      const [c, s] = await Promise.all([api.config(), api.stock(session.token)]);
      setConfig(c);
      setStock(s);
      setError(undefined);
    } catch (e) {
      if (!onAuthError(e)) setError(describeError(e));
    }
  }, [api, session.token, onAuthError]);
  useEffect(() => {
    void load();
  }, [load]);

  // Another admin (or a barista opening the shop) changed it: show that, live. Only the config:
  // stock moves with every order, and reloading it would reset the stock form while typed in.
  useLive(
    { token: session.token },
    {
      onLive: () => undefined,
      onEvent: (event) => {
        if (!event.type.startsWith("Shop.")) return;
        api.config().then(setConfig, () => undefined);
      },
    },
  );

  /** Runs a save, reports it, and keeps the form's values if it failed. */
  const save = async (what: string, run: () => Promise<void>) => {
    setSaved(undefined);
    setError(undefined);
    try {
      await run();
      setSaved(`${what} saved.`);
    } catch (e) {
      if (!onAuthError(e)) setError(describeError(e));
    }
  };

  return (
    <main className={styles.admin}>
      <header className={styles.header}>
        <h1>Admin</h1>
        <span>Signed in as {session.id}</span>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <p role="status" className={styles.saved}>
        {saved ?? ""}
      </p>
      <p role="alert" className={styles.error}>
        {error ?? ""}
      </p>
      {!config || !stock ? (
        <p>{error ? "" : "Loading…"}</p>
      ) : (
        <>
          <section className={styles.card} aria-labelledby="shop-title">
            <h2 id="shop-title">Shop</h2>
            <p data-testid="admin-store">The shop is {config.storeOpen ? "open" : "closed"}.</p>
            <button
              type="button"
              onClick={() =>
                void save("Shop status", async () => {
                  const { storeOpen } = await api.setStoreOpen(!config.storeOpen, session.token);
                  setConfig({ ...config, storeOpen });
                })
              }
            >
              {config.storeOpen ? "Close shop" : "Open shop"}
            </button>
          </section>
          {/* Each editor holds a draft; a new value from the server remounts it (`key`). */}
          <MenuEditor
            key={JSON.stringify(config.menu)}
            menu={config.menu}
            onSave={(menu) =>
              save("Menu", async () => {
                const answer = await api.putMenu({ menu }, session.token);
                setConfig({ ...config, menu: answer.menu });
              })
            }
          />
          <StockEditor
            key={JSON.stringify(stock)}
            stock={stock}
            onSave={(next) =>
              save("Stock", async () => {
                setStock((await api.putMenu({ stock: next }, session.token)).stock);
              })
            }
          />
          <SettingsEditor
            key={JSON.stringify([config.limits, config.timeouts])}
            limits={config.limits}
            timeouts={config.timeouts}
            onSave={(limits, timeouts) =>
              save("Limits and timeouts", async () => {
                const answer = await api.putShopConfig({ limits, timeouts }, session.token);
                setConfig({ ...config, ...answer, menu: config.menu });
              })
            }
          />
        </>
      )}
    </main>
  );
}
