// --ready-file: present while the child serves, gone from the first moment of the stop sequence,
// so an exec readiness probe or a load balancer's check stops sending traffic during the drain.
import { rmSync, writeFileSync } from 'node:fs';
import type { Log } from '../log.js';

export interface Readiness {
  ready(childPid: number): void;
  notReady(): void;
}

export function createReadiness(path: string | undefined, log: Log): Readiness {
  if (path === undefined) return { ready() {}, notReady() {} };
  return {
    ready(childPid) {
      try {
        writeFileSync(path, `${childPid}\n`);
        log.info({ path }, 'ready file written');
      } catch (error) {
        log.error({ path, error: String(error) }, 'cannot write the ready file');
      }
    },
    notReady() {
      try {
        rmSync(path, { force: true });
        log.info({ path }, 'ready file removed');
      } catch (error) {
        log.error({ path, error: String(error) }, 'cannot remove the ready file');
      }
    },
  };
}
