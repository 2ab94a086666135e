// The init leaves its launch directory once the child runs, so it does not pin that mount (as
// dumb-init and catatonit do); the child keeps it, and hooks and the stop command run there.
import type { Log } from '../log.js';

/** Moves the init to / and returns the directory it was started in. */
export function leaveLaunchDirectory(log: Log): string {
  let launched = '/';
  try {
    launched = process.cwd();
    process.chdir('/');
  } catch (error) {
    log.warn({ error: String(error) }, 'cannot move to /: the launch directory stays pinned');
  }
  return launched;
}
