/**
 * Serves the console's built files under `/console`. The files are read once, when the app is
 * made (a few hundred KB), and only those are served: no path from a request reaches the file
 * system. Any other `/console/...` page path answers `index.html`, where the console's router
 * takes over.
 */
import { readdirSync, readFileSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { Hono } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".map": "application/json",
};

// The page loads its own scripts and styles and talks to this origin only.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

interface Asset {
  body: Uint8Array;
  type: string;
  immutable: boolean;
}

export function consoleAssetRoutes(assetsDir: string) {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(assetsDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const path = `/console/${relative(assetsDir, file).split(sep).join("/")}`;
    assets.set(path, {
      body: readFileSync(file),
      type: TYPES[extname(file)] ?? "application/octet-stream",
      // Vite names built files by content hash.
      immutable: path.startsWith("/console/assets/"),
    });
  }
  const index = assets.get("/console/index.html");
  if (!index) throw new Error(`No console index.html in ${assetsDir} (was @coffee/console built?)`);

  const app = new Hono();
  app.get("/console", (c) => c.redirect("/console/", 302));
  app.get("/console/*", (c) => {
    const path = c.req.path;
    if (path.startsWith("/console/api/")) return c.notFound();
    const asset = assets.get(path) ?? (extname(path) === "" ? index : undefined);
    if (!asset) return c.notFound();
    c.header("Content-Type", asset.type);
    c.header("Cache-Control", asset.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    c.header("Content-Security-Policy", CSP);
    c.header("X-Content-Type-Options", "nosniff");
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  return app;
}
