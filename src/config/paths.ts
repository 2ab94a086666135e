// File options made absolute against the launch directory: the init moves to / once the child
// runs (child/launch-directory.ts), and a relative --ready-file must still mean the app's file.
import { isAbsolute, resolve } from 'node:path';
import type { Config } from './config.js';

const resolved = (path: string | undefined, cwd: string) => (path === undefined || isAbsolute(path) ? path : resolve(cwd, path));

/** The config with --ready-file, --exit-file, --drain-until-file and file: targets absolute. */
export function withAbsolutePaths<C extends Config>(config: C, cwd: string): C {
  return Object.freeze({
    ...config,
    readyFile: resolved(config.readyFile, cwd),
    exitFile: resolved(config.exitFile, cwd),
    drainUntilFile: resolved(config.drainUntilFile, cwd),
    waitFor: config.waitFor.map((target) => (target.kind === 'file' ? { ...target, path: resolved(target.path, cwd) as string } : target)),
  });
}
