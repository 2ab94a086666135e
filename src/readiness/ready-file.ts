// --ready-file and --exit-file: files that tell others the child's state, for exec probes,
// load balancers' checks and a sidecar in the same pod (shared emptyDir).
import { rmSync, writeFileSync } from 'node:fs';
import type { Log } from '../log.js';

/** Writes `content` to `path`; logs instead of throwing (the child runs). */
export function writeMarker(path: string, content: string, what: string, log: Log): void {
  try {
    writeFileSync(path, content);
    log.info({ path }, `${what} written`);
  } catch (error) {
    log.error({ path, error: String(error) }, `cannot write the ${what}`);
  }
}

export function removeMarker(path: string, what: string, log: Log): void {
  try {
    rmSync(path, { force: true });
    log.info({ path }, `${what} removed`);
  } catch (error) {
    log.error({ path, error: String(error) }, `cannot remove the ${what}`);
  }
}
