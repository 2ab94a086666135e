// Readiness as others see it: --ready-file and the /readyz endpoint turn not-ready together, at
// the first moment of the stop sequence, so load balancers stop routing during the drain.
import type { Config } from '../config/config.js';
import type { Log } from '../log.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { removeMarker, writeMarker } from './ready-file.js';

export interface Readiness {
  ready(childPid: number): void;
  notReady(): void;
  /** The init is exiting: the endpoint closes. */
  close(): void;
}

/**
 * Removes a ready or exit file left by an earlier run before the child starts: a restarted
 * container keeps its pod's emptyDir, and a stale exit file would end a sidecar's drain at once.
 */
export function clearStaleMarkers(config: Pick<Config, 'readyFile' | 'exitFile'>, log: Log): void {
  if (config.readyFile !== undefined) removeMarker(config.readyFile, 'stale ready file', log);
  if (config.exitFile !== undefined) removeMarker(config.exitFile, 'stale exit file', log);
}

export function createReadiness(config: Pick<Config, 'readyFile' | 'healthListen'>, log: Log): Readiness {
  let ready = false;
  let server: Promise<HealthServer | undefined> | undefined;
  if (config.healthListen) server = startHealthServer(config.healthListen, () => ready, log);
  return {
    ready(childPid) {
      ready = true;
      if (config.readyFile !== undefined) writeMarker(config.readyFile, `${childPid}\n`, 'ready file', log);
    },
    notReady() {
      if (!ready) return; // the stop sequence and the child's exit both say so: once is enough
      ready = false;
      if (config.readyFile !== undefined) removeMarker(config.readyFile, 'ready file', log);
    },
    close() {
      void server?.then((s) => s?.close());
    },
  };
}
