// Runs the build's external tools, failing loudly with what was run.
import { execFileSync } from 'node:child_process'

/** Runs a command (argv), returns its stdout; throws with its stderr when it fails. */
export function run(argv, options = {}) {
  const [cmd, ...args] = argv
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...options })
  } catch (error) {
    throw new Error(`${argv.join(' ')} failed: ${error.stderr || error.message}`)
  }
}
