// The portable build's launcher (src/portable/launcher.c) moves the image's LD_*, NODE_* and similar
// variables aside so that neither the bundled loader nor the init's Node reads them. This puts
// them back, unchanged, so the child (and every hook) sees the image's environment exactly.

/** Keep in step with src/portable/launcher.c. */
export const SAVED_PREFIX = 'GRACEFUL_INIT_PORTABLE_SAVED_';
/** The portable directory, as the launcher found it; set only in the portable build. */
export const ROOT_VARIABLE = 'GRACEFUL_INIT_PORTABLE_ROOT';

/**
 * Restores the moved variables in `env` and removes the launcher's own, so none of them reaches
 * the child. Returns the portable directory, or undefined when not started by the launcher.
 */
export function restoreImageEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  const root = env[ROOT_VARIABLE];
  delete env[ROOT_VARIABLE];
  for (const key of Object.keys(env)) {
    if (!key.startsWith(SAVED_PREFIX)) continue;
    // The launcher renamed "NAME=value" as a whole, so the key holds NAME up to the first "=".
    const value = env[key];
    delete env[key];
    if (value !== undefined) env[key.slice(SAVED_PREFIX.length)] = value;
  }
  return root;
}
