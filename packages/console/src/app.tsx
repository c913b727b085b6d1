/** The console: the executions list, or one execution, by path. */
import { useRoute } from "./router.js";
import { ExecutionView } from "./views/execution-view.js";
import { ExecutionsView } from "./views/executions-view.js";

export function App() {
  const route = useRoute();
  return (
    <>
      <header className="topbar">
        <a href="/console/">Durable runtime console</a>
      </header>
      {route.page === "execution" ? (
        <ExecutionView key={route.arn} arn={route.arn} />
      ) : (
        <ExecutionsView />
      )}
    </>
  );
}
