/** Serves the built web app next to the API, with the SPA fallback to `index.html`. */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";

/** Adds the web app's routes to `app`; answers false when `dist` is not built. */
export function mountStaticSite(app: Hono, dist: string): boolean {
  const index = join(dist, "index.html");
  if (!existsSync(index)) return false;
  // serveStatic resolves `root` against the process's working directory.
  const root = relative(process.cwd(), dist) || ".";
  // The web app sets its own content security policy; these are the other defaults.
  app.use("*", secureHeaders());
  app.use("*", serveStatic({ root }));
  app.get("*", (c) => c.html(readFileSync(index, "utf8")));
  return true;
}
