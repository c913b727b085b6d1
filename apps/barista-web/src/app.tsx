/** The routes: customer ordering, barista console, pickup display, admin, execution inspector. */

import styles from "./app.module.css";
import { Link, useLocation } from "./router.js";
import { AdminView } from "./views/admin/admin-view.js";
import { BaristaView } from "./views/barista/barista-view.js";
import { DisplayView } from "./views/display/display-view.js";
import { InspectorView } from "./views/inspector/inspector-view.js";
import { OrderView } from "./views/order/order-view.js";

export function App() {
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
