// tsc emits only scripts: the view's CSS module goes to dist beside the script that imports it.
import { cpSync } from "node:fs";

cpSync("src/view/timeline.module.css", "dist/view/timeline.module.css");
