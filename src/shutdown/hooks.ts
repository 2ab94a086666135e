// Runs pre-stop hooks and the stop command: `/bin/sh -c CMD` through execa (loaded lazily: it
// costs ~50 ms, so never on the start path), in a process group of its own so a timeout kills
// everything it started. Their output goes to the init's stderr; their pids are spared by the
// reaper, so libuv keeps their exit statuses.
import type { Log } from '../log.js';
import type { Reaper } from '../reaper/reaper.js';
import { ownDescriptor } from '../child/stdio.js';
import type { Libc } from '../sys/libc.js';
import { monotonicMs } from './clock.js';

export interface HookResult {
  ok: boolean;
  code?: number;
  signal?: string;
  timedOut: boolean;
  durationMs: number;
}

export interface HookRunner {
  /** Runs one command to its end or its timeout; never rejects. */
  run(command: string, env: Record<string, string>, timeoutMs: number, abort: AbortSignal): Promise<HookResult>;
  /** Loads execa ahead of need, off the start path. */
  preload(): void;
}

/** `cwd`: where the init was started; the init itself has moved to / by the time hooks run. */
export function createHookRunner(libc: Libc, reaper: Reaper, log: Log, cwd: string): HookRunner {
  let execa: Promise<typeof import('execa')> | undefined;
  const load = () => (execa ??= import('execa'));

  async function run(command: string, env: Record<string, string>, timeoutMs: number, abort: AbortSignal): Promise<HookResult> {
    const started = monotonicMs();
    const { execa: exec } = await load();
    const stderr = ownDescriptor(libc, 2);
    // execa's types only take literal fd numbers; any open fd works at run time.
    const out = stderr.fd as unknown as 'inherit';
    const subprocess = exec('/bin/sh', ['-c', command], {
      env, cwd, stdin: 'ignore', stdout: out, stderr: out,
      detached: true, cleanup: false, reject: false,
    });
    const release = subprocess.pid ? reaper.spareLibuvChild(subprocess.pid) : () => {};
    stderr.release();
    let timedOut = false;
    const killGroup = () => {
      try {
        if (subprocess.pid) process.kill(-subprocess.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    abort.addEventListener('abort', killGroup, { once: true });
    const result = await subprocess;
    clearTimeout(timer);
    abort.removeEventListener('abort', killGroup);
    release();
    const durationMs = Math.round(monotonicMs() - started);
    return {
      ok: !timedOut && result.exitCode === 0,
      ...(result.exitCode !== undefined ? { code: result.exitCode } : {}),
      ...(result.signal ? { signal: result.signal } : {}),
      timedOut,
      durationMs,
    };
  }

  return {
    run: (command, env, timeoutMs, abort) =>
      run(command, env, timeoutMs, abort).catch((error: unknown) => {
        log.error({ command, error: String(error) }, 'hook failed to start');
        return { ok: false, timedOut: false, durationMs: 0 };
      }),
    preload: () => void load().catch(() => {}),
  };
}
