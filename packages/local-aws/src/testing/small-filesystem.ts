/**
 * A real small filesystem for storage-fault tests: a tmpfs mounted on a fresh directory, which a
 * test fills (as `dd` would) and frees again, or remounts read-only. Mounting needs root:
 * `SMALL_FILESYSTEM_SKIP` says why tests that need one are skipped otherwise.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SMALL_FILESYSTEM_SKIP =
  process.getuid?.() === 0 ? undefined : "mounting a tmpfs needs root; run the tests as root";

export interface SmallFilesystem {
  dir: string;
  /** Writes a file that takes all the space left. */
  fill(): void;
  /** Removes what fill() wrote. */
  free(): void;
  /** Remounts the filesystem read-only (no file on it may be open for writing) or back. */
  readOnly(on: boolean): void;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeMb` on `at` (created if missing) or on a fresh temporary directory. */
export function mountSmallFilesystem(sizeMb = 8, at?: string): SmallFilesystem {
  const dir = at ?? mkdtempSync(join(tmpdir(), "small-fs-"));
  mkdirSync(dir, { recursive: true });
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", dir]);
  const filler = join(dir, "filler");
  return {
    dir,
    fill() {
      try {
        execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=1M", `count=${sizeMb * 2}`], {
          stdio: "ignore",
        });
      } catch {
        // dd stops with "No space left on device": the point.
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    readOnly(on) {
      execFileSync("mount", ["-o", `remount,${on ? "ro" : "rw"}`, dir]);
    },
    unmount() {
      execFileSync("umount", ["-l", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
