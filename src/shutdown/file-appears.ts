// --drain-until-file: the proxy's drain ends when its app's --exit-file appears. Polled, not
// watched: inotify does not see files written through another container's mount of a volume.
import { existsSync } from 'node:fs';

const POLL_MS = 25;

/** Resolves true once `path` exists, or false when `abort` fires first. */
export function fileAppears(path: string, abort: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (existsSync(path)) return resolve(true);
    const timer = setInterval(() => {
      if (!existsSync(path)) return;
      clearInterval(timer);
      resolve(true);
    }, POLL_MS);
    abort.addEventListener('abort', () => {
      clearInterval(timer);
      resolve(false);
    }, { once: true });
  });
}
