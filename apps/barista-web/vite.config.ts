import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `pnpm dev`: the web app on Vite, `/api` (JSON and the SSE stream) proxied to the local API.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      "node:crypto": fileURLToPath(new URL("src/browser-shims/node-crypto.ts", import.meta.url)),
    },
  },
  server: {
    proxy: { "/api": { target: "http://localhost:3000", changeOrigin: false } },
  },
  build: { outDir: "dist", sourcemap: true, target: "es2022" },
});
