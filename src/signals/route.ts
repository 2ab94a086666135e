// Where a received signal goes: the stop sequence (a stop signal, once the child runs), the end
// of the wait for --wait-for targets (a stop signal before the child runs), or the forwarder.
import type { Forwarder } from './forward.js';
import { isJobStop, suspendSelf } from './job-control.js';
import type { SignalName } from './names.js';
import { rewriteSignal, type RewriteTable } from './rewrite.js';

/** What starts on a stop signal once the child runs (the stop sequence). */
export interface StopTarget {
  begin(signal: SignalName): void;
}

/** The settings routing needs: which signals stop, and the rewrite table. */
export interface RouteConfig {
  stopSignals: ReadonlySet<SignalName>;
  rewrite: RewriteTable;
}

export interface SignalRoute {
  route(signal: SignalName): void;
  /** Stop signals go to this sequence from now on. */
  attach(stop: StopTarget): void;
  /** Fires when a stop signal arrives before the child runs (it then never starts). */
  readonly stoppedBeforeStart: AbortSignal;
  /** The stop signal that came before the start, if one did. */
  stoppedBy(): SignalName | undefined;
}

/**
 * `jobControl`: not PID 1, so a forwarded TSTP/TTIN/TTOU also stops the init (see job-control.ts).
 */
export function createSignalRoute(
  config: RouteConfig,
  forwarder: Forwarder,
  jobControl: boolean,
): SignalRoute {
  let stop: StopTarget | undefined;
  let stoppedBy: SignalName | undefined;
  // Made when first asked for (only --wait-for waits on it): AbortController costs ~0.5 ms to load.
  let beforeStart: AbortController | undefined;
  return {
    route(signal) {
      // A stop signal rewritten to 0 is dropped like any other (dumb-init's -r 15:0 ignores TERM).
      const isStop = config.stopSignals.has(signal) && rewriteSignal(config.rewrite, signal) !== null;
      if (isStop && stop) return stop.begin(signal);
      if (isStop && stoppedBy === undefined) {
        stoppedBy = signal;
        return beforeStart?.abort();
      }
      const sent = forwarder.forward(signal);
      if (jobControl && sent !== undefined && isJobStop(signal)) suspendSelf();
    },
    attach(sequence) {
      stop = sequence;
    },
    get stoppedBeforeStart() {
      if (!beforeStart) {
        beforeStart = new AbortController();
        if (stoppedBy !== undefined) beforeStart.abort();
      }
      return beforeStart.signal;
    },
    stoppedBy: () => stoppedBy,
  };
}
