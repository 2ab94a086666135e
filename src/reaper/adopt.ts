// Orphans must come to us to be reaped: as PID 1 they do; otherwise (Procfile, local runs) the
// init registers as a child subreaper. tini's -p: a signal when our own parent dies.
import type { Config } from '../config/config.js';
import type { Log } from '../log.js';
import { signalNumber } from '../signals/names.js';
import type { Libc } from '../sys/libc.js';

export function adoptOrphans(libc: Libc, config: Pick<Config, 'subreaper' | 'pdeathSignal'>, pid1: boolean, log: Log): void {
  if (!pid1 && config.subreaper) {
    if (libc.setSubreaper() === 0) log.debug({}, 'subreaper: on');
    else log.warn({ errno: libc.errno() }, 'cannot become a subreaper: orphans of the child will not be reaped here');
  }
  // prctl takes the number: the one place past the input where a signal is one.
  if (config.pdeathSignal && libc.setParentDeathSignal(signalNumber(config.pdeathSignal)) !== 0) {
    log.warn({ signal: config.pdeathSignal, errno: libc.errno() }, 'cannot set the parent-death signal');
  }
}
