import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by `durable-runtime serve` under /console; `pnpm dev` proxies the runtime's API to a
// runtime on port 9000 (`pnpm durable-runtime serve --port 9000 ...`).
export default defineConfig({
  base: "/console/",
  plugins: [react()],
  server: {
    proxy: {
      "/2015-03-31": "http://127.0.0.1:9000",
      "/2025-12-01": "http://127.0.0.1:9000",
      "/console/api": "http://127.0.0.1:9000",
    },
  },
  build: { outDir: "dist/app", sourcemap: true, target: "es2022" },
});
