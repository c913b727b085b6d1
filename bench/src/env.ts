/** The bench's one access to its own environment. */

/**
 * Runs `start` with NODE_OPTIONS set to `options`, and puts it back before returning: a child
 * process that `start` spawns synchronously (before its first await) starts with these flags,
 * whatever spawns it.
 */
export function withNodeOptions<T>(options: string, start: () => T): T {
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = options;
  try {
    return start();
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
}
