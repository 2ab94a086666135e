// What can end the drain before --drain's upper bound: a file appearing (--drain-until-file), the
// child's connections going idle (--drain-until-idle). Both may be set: whichever comes first.
import { fileAppears } from './file-appears.js';

/** Why the drain ended early: the log line's phrase and its data. */
export interface DrainEnd {
  msg: string;
  fields: Record<string, unknown>;
}

/** Resolves with a DrainEnd once the drain may end, or undefined once `abort` fires. */
export type DrainEnds = (abort: AbortSignal) => Promise<DrainEnd | undefined>;

/** --drain-until-file as a DrainEnds. */
export function fileDrainEnd(path: string): DrainEnds {
  return async (abort) =>
    (await fileAppears(path, abort)) ? { msg: 'stop: drain ended early, the file is there', fields: { ended: 'file', path } } : undefined;
}

/** The first of `ends` to resolve with a DrainEnd wins and the others are aborted; undefined when none is given. */
export function firstDrainEnd(ends: readonly DrainEnds[]): DrainEnds | undefined {
  if (ends.length <= 1) return ends[0];
  return (abort) =>
    new Promise((resolve) => {
      const won = new AbortController();
      const stop = AbortSignal.any([abort, won.signal]);
      let pending = ends.length;
      for (const end of ends) {
        void end(stop).then((result) => {
          pending -= 1;
          if (result && !won.signal.aborted) {
            won.abort();
            resolve(result);
          } else if (pending === 0) {
            resolve(undefined);
          }
        });
      }
    });
}
