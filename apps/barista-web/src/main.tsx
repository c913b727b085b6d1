/** Entry point: read the deployment's config.json, then render the app with real services. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApiClient } from "./api/api-client.js";
import { App } from "./app.js";
import { loadRuntimeConfig, realtimeFor, staffAuthFor } from "./runtime-config.js";
import { ServicesProvider } from "./services.js";
import "./styles/global.css";

const config = await loadRuntimeConfig();
const api = createApiClient({ baseUrl: (config.apiBaseUrl ?? "/api").replace(/\/api$/, "") });
const services = {
  api,
  realtime: realtimeFor(config),
  auth: staffAuthFor(config, api),
  now: () => Date.now(),
  storage: window.localStorage,
  origin: window.location.origin,
};

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <ServicesProvider services={services}>
      <App />
    </ServicesProvider>
  </StrictMode>,
);
