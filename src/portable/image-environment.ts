// The portable build's launcher (src/portable/launcher.c) moves the image's LD_*, NODE_* and similar
// variables aside so that neither the bundled loader nor the init's Node reads them, and sets its
// own LD_PRELOAD. This removes that and puts the image's back, unchanged, so the child (and every
// hook) sees the image's environment exactly.
// It also takes the launcher's list of inherited descriptors.

/** Keep in step with src/portable/launcher.c. */
export const SAVED_PREFIX = 'GRACEFUL_INIT_PORTABLE_SAVED_';
/** The portable directory, as the launcher found it; set only in the portable build. */
export const ROOT_VARIABLE = 'GRACEFUL_INIT_PORTABLE_ROOT';
/** The descriptors the launcher inherited, "3,5" (unset without /proc). */
export const FDS_VARIABLE = 'GRACEFUL_INIT_PORTABLE_FDS';
/** The launcher's, for the bundled loader only (src/portable/preload.c); the image's is saved. */
const PRELOAD_VARIABLE = 'LD_PRELOAD';

export interface LauncherFacts {
  /** The portable directory. */
  root: string;
  /** The descriptors (3 and up) the launcher inherited, or undefined if it could not list them. */
  inheritedFds: number[] | undefined;
}

/**
 * Restores the moved variables in `env` and removes the launcher's own, so none of them reaches
 * the child. Returns what the launcher told the init, or undefined when not started by it.
 */
export function restoreImageEnvironment(env: NodeJS.ProcessEnv): LauncherFacts | undefined {
  const root = env[ROOT_VARIABLE];
  const fds = env[FDS_VARIABLE];
  delete env[ROOT_VARIABLE];
  delete env[FDS_VARIABLE];
  if (root !== undefined) delete env[PRELOAD_VARIABLE];
  for (const key of Object.keys(env)) {
    if (!key.startsWith(SAVED_PREFIX)) continue;
    // The launcher renamed "NAME=value" as a whole, so the key holds NAME up to the first "=".
    const value = env[key];
    delete env[key];
    if (value !== undefined) env[key.slice(SAVED_PREFIX.length)] = value;
  }
  if (root === undefined) return undefined;
  return { root, inheritedFds: fds === undefined ? undefined : fds.split(',').filter(Boolean).map(Number) };
}
