/**
 * A progress line on stderr while the setups run (they take a few seconds
 * each and run side by side). On a terminal one line is redrawn in place; in
 * a log (CI) a line is printed only when a setup changes phase.
 */

/** In a log, only the steps worth a line each. */
const LOGGED_PHASES = new Set(['ready', 'stopping', 'done', 'error']);

/**
 * @typedef {{ sent: number, ok: number, failed: number, refused: number, inFlight: number }} Stats
 */

/**
 * @param {string[]} ids  setup ids, in display order
 * @param {NodeJS.WriteStream} [stream]
 */
export function createProgress(ids, stream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  /** @type {Map<string, { phase: string, stats: Stats | null }>} */
  const state = new Map(ids.map((id) => [id, { phase: 'waiting', stats: null }]));
  let lastDraw = 0;

  function line() {
    return [...state].map(([id, { phase, stats }]) => {
      const counts = stats ? ` ${stats.ok} ok ${stats.failed} failed ${stats.refused} refused` : '';
      return `${id}: ${phase}${counts}`;
    }).join(' | ');
  }

  function draw() {
    const width = stream.columns || 120;
    const text = line();
    stream.write(`\r\x1b[K${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`);
  }

  return {
    /**
     * @param {string} id
     * @param {string} phase
     * @param {Stats} [stats]
     */
    update(id, phase, stats) {
      const s = /** @type {{ phase: string, stats: Stats | null }} */ (state.get(id));
      const changed = s.phase !== phase;
      s.phase = phase;
      if (stats) s.stats = stats;
      if (tty) {
        // Redraw at most ten times a second: enough to see it move.
        if (changed || Date.now() - lastDraw > 100) {
          lastDraw = Date.now();
          draw();
        }
      } else if (changed && LOGGED_PHASES.has(phase)) {
        const counts = stats ? ` (${stats.sent} sent: ${stats.ok} ok, ${stats.failed} failed, ${stats.refused} refused)` : '';
        stream.write(`  ${id}: ${phase === 'stopping' ? 'stop signal sent' : phase}${counts}\n`);
      }
    },
    /** Leaves the terminal on a fresh line. */
    finish() {
      if (tty) stream.write('\r\x1b[K');
    },
  };
}
