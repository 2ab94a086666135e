// Running a command as PID 1 under another init (Debian's dumb-init), to show what graceful-init
// does differently, with the same harness (tagging, cleanup, output) as graceful-init itself.
import { startInit, type InitProcess, type StartOptions, type Teardown } from '../init-process.js'

/** Starts `init ARGS...` (e.g. ['dumb-init']) as PID 1 instead of graceful-init. */
export function startUnder(t: Teardown, init: string[], opts: StartOptions): InitProcess {
  // The harness picks the init from GI_TEST_INIT when it builds the argv, synchronously.
  const saved = process.env.GI_TEST_INIT
  process.env.GI_TEST_INIT = init.join(' ')
  try {
    return startInit(t, opts)
  } finally {
    if (saved === undefined) delete process.env.GI_TEST_INIT
    else process.env.GI_TEST_INIT = saved
  }
}
