/**
 * The only environment the CLI reads. pnpm sets INIT_CWD to the directory the user ran
 * `pnpm durable-runtime ...` from, while the script itself runs in the package directory, so
 * relative FILE and --db paths are resolved against INIT_CWD.
 */
export function readCliEnv(env: NodeJS.ProcessEnv = process.env) {
  const initCwd = env.INIT_CWD?.trim();
  return { baseDir: initCwd ? initCwd : process.cwd() };
}
