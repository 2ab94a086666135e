/**
 * Reads what the init said on stderr (`-v`: one pino JSON object per line,
 * with the phrases of src/shutdown/sequence.ts) to place the stop sequence's steps on the timeline
 * with the init's own timestamps rather than guesses.
 */

/**
 * @typedef {object} InitEvents
 * @property {number | null} stopBegin   epoch ms the init started its stop sequence
 * @property {number | null} drainEnd    epoch ms the drain ended (null: no drain logged)
 * @property {number | null} stopAction  epoch ms the stop action ran (signal forwarded or stop command)
 * @property {string | null} forwarded   signal forwarded by the stop action, after the rewrite
 * @property {number | null} graceKill   epoch ms the init SIGKILLed after the grace
 * @property {number | null} exitCode    code of the init's last `exit` line
 * @property {object[]} lines            every JSON line, for --json
 */

/**
 * @param {{ at: number, text: string }[]} stderr lines with their arrival time
 * @returns {InitEvents}
 */
export function readInitLog(stderr) {
  /** @type {Record<string, any>[]} */
  const lines = [];
  for (const { text } of stderr) {
    if (!text.startsWith('{')) continue; // the server's own messages share this stderr
    try {
      lines.push(JSON.parse(text));
    } catch {
      // not a log line
    }
  }
  const find = (/** @type {(l: Record<string, any>) => boolean} */ test) => lines.find(test) ?? null;
  const begin = find((l) => l.msg === 'stop: begin');
  // Steps carry elapsedMs since the init's own t0; anchor them on its `time`
  // for stop: begin so every mark uses the init's clock consistently.
  const at = (/** @type {Record<string, any> | null} */ l) => {
    if (!l) return null;
    if (begin && typeof l.elapsedMs === 'number') return begin.time + l.elapsedMs;
    return typeof l.time === 'number' ? l.time : null;
  };
  const drain = find((l) => typeof l.msg === 'string' && l.msg.startsWith('stop: drain'));
  const action = find((l) => l.msg === 'stop: action' || l.msg === 'stop: stop command');
  const actionForward = action && action.msg === 'stop: action'
    ? find((l) => l.msg === 'forward' && l.time >= action.time)
    : null;
  const exit = [...lines].reverse().find((l) => l.msg === 'exit') ?? null;
  return {
    stopBegin: begin ? begin.time : null,
    drainEnd: at(drain),
    stopAction: at(action),
    forwarded: actionForward ? actionForward.signal : null,
    graceKill: at(find((l) => l.msg === 'stop: grace expired, killing')),
    exitCode: exit && typeof exit.code === 'number' ? exit.code : null,
    lines,
  };
}
