// The end of a run as the stop-sequence tests check it.
import type { InitProcess } from '../init-process.js'
import { runningTagged } from '../processes.js'
import { waitUntil } from '../wait.js'

/** Waits until every process the run started has died (the init, the child, its leftovers). */
export async function allGone(init: InitProcess): Promise<void> {
  await waitUntil('every process of the run to be gone', () => runningTagged(init.tag).length === 0, 20_000)
}
