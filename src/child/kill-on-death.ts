// If the init dies first (an internal error, a fatal signal such as SIGABRT), the child must not
// outlive it unsupervised: signal-exit runs this on every way out of the process it can see.
import { onExit } from 'signal-exit';

/** Arms a SIGKILL of `target` (a pid, or -pgid) for the init's exit; returns the disarm. */
export function killOnInitDeath(target: number): () => void {
  return onExit(() => {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  });
}
