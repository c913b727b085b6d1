/** Type-only entry for the web app: `import type { AppType } from "@coffee/api/app-type"`. */
export type { AppType } from "./app.js";
