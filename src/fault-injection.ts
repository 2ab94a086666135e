// Test hook: GRACEFUL_INIT_FAULT makes the init fail on purpose while the child runs, so tests can
// show what a real failure does. `after-spawn`: an exception escapes (exit 1, the child killed).
// `segv`: a real memory fault in the init (it must die of it, not spin in a handler).
import type { Env } from './config/config.js';
import type { Libc } from './sys/libc.js';

export function injectFault(env: Env, libc: Libc): void {
  const fault = env.GRACEFUL_INIT_FAULT;
  if (fault === 'after-spawn') {
    setImmediate(() => {
      throw new Error('injected fault (GRACEFUL_INIT_FAULT=after-spawn)');
    });
  } else if (fault === 'segv') {
    setImmediate(() => libc.readAddress(16));
  }
}
