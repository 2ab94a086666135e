// Runs the build's external tools, failing loudly with what was run.
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process'

/** Runs a command (argv), returns its stdout; throws with its stderr when it fails. */
export function run(argv: readonly string[], options: ExecFileSyncOptions = {}): string {
  const [cmd, ...args] = argv
  if (cmd === undefined) throw new Error('run: empty command')
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...options }).toString()
  } catch (error) {
    const { stderr, message } = error as { stderr?: string | Buffer, message: string }
    throw new Error(`${argv.join(' ')} failed: ${stderr?.toString() || message}`)
  }
}
