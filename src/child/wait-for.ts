// --wait-for: hold the child's start until a TCP port accepts or a file exists (start-up
// ordering: an app waits for its sidecar proxy). Bounded by --wait-timeout.
import { existsSync } from 'node:fs';
import type { WaitTarget } from '../config/config.js';
import type { Log } from '../log.js';
import { monotonicMs } from '../monotonic.js';

const RETRY_MS = 100;

async function tcpAccepts(host: string, port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

const isReady = (target: WaitTarget) =>
  target.kind === 'file' ? Promise.resolve(existsSync(target.path)) : tcpAccepts(target.host, target.port);

/**
 * Waits until every target is ready. Resolves 'ready', 'timeout' (with what is not ready
 * logged), or 'aborted' (a stop signal came first).
 */
export async function waitForTargets(
  targets: readonly WaitTarget[],
  timeoutMs: number,
  abort: AbortSignal,
  log: Log,
): Promise<'ready' | 'timeout' | 'aborted'> {
  const deadline = monotonicMs() + timeoutMs;
  for (const target of targets) {
    log.info({ target: target.text }, 'waiting for');
    while (!(await isReady(target))) {
      if (abort.aborted) return 'aborted';
      if (monotonicMs() >= deadline) {
        log.error({ target: target.text, waitedMs: timeoutMs }, 'gave up waiting, the child is not started');
        return 'timeout';
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    log.info({ target: target.text }, 'ready');
  }
  return 'ready';
}
