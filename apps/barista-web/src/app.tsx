/**
 * The routes: customer ordering, barista console, pickup display, admin, execution inspector.
 * Each screen is its own chunk, so a customer's phone loads the ordering screen only.
 */
import { lazy, Suspense } from "react";
import styles from "./app.module.css";
import { Link, useLocation } from "./router.js";

const OrderView = lazy(() =>
  import("./views/order/order-view.js").then((m) => ({ default: m.OrderView })),
);
const DisplayView = lazy(() =>
  import("./views/display/display-view.js").then((m) => ({ default: m.DisplayView })),
);
const BaristaView = lazy(() =>
  import("./views/barista/barista-view.js").then((m) => ({ default: m.BaristaView })),
);
const AdminView = lazy(() =>
  import("./views/admin/admin-view.js").then((m) => ({ default: m.AdminView })),
);
const InspectorView = lazy(() =>
  import("./views/inspector/inspector-view.js").then((m) => ({ default: m.InspectorView })),
);

export function App() {
  return (
    <Suspense
      fallback={
        <p className={styles.loading} role="status">
          Loading…
        </p>
      }
    >
      <Screen />
    </Suspense>
  );
}

function Screen() {
  const { path, query } = useLocation();
  if (path === "/display") return <DisplayView />;
  if (path === "/order") return <OrderView qrToken={query.get("token") ?? ""} />;
  if (path === "/barista") return <BaristaView />;
  if (path === "/admin") return <AdminView />;
  const execution = /^\/executions\/([^/]+)$/.exec(path);
  if (execution?.[1]) return <InspectorView orderId={decodeURIComponent(execution[1])} />;
  return <Home />;
}

function Home() {
  return (
    <main className={styles.home}>
      <h1>Coffee bar</h1>
      <p>Scan the QR code at the counter to order. Staff:</p>
      <nav aria-label="Screens">
        <ul>
          <li>
            <Link to="/barista">Barista console</Link>
          </li>
          <li>
            <Link to="/display">Pickup display</Link>
          </li>
          <li>
            <Link to="/admin">Admin</Link>
          </li>
        </ul>
      </nav>
    </main>
  );
}
