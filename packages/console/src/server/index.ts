/** Where the console's built files are, for the runtime that serves them (`durable-runtime serve`). */
import { fileURLToPath } from "node:url";

/** The directory `vite build` wrote: index.html and assets/. */
export const consoleAssetsDir = fileURLToPath(new URL("../app/", import.meta.url));
