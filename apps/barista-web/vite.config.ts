import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// The built app loads only its own scripts and styles; the API and AppSync Events (wss) are
// the only connections. Build only: the dev server injects inline styles for hot reload.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

const contentSecurityPolicy: Plugin = {
  name: "content-security-policy",
  apply: "build",
  transformIndexHtml: (html) =>
    html.replace(
      "<head>",
      `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
    ),
};

// `pnpm dev`: the web app on Vite, `/api` (JSON and the SSE stream) proxied to the local API.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy],
  server: {
    proxy: { "/api": { target: "http://localhost:3000", changeOrigin: false } },
  },
  build: { outDir: "dist", sourcemap: true, target: "es2022" },
});
