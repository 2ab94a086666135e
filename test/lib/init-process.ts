// Runs the init under test, as real PID 1 of a new PID namespace or as a plain process,
// and cleans up every process it started, whatever the test did.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { onExit } from 'signal-exit'
import { initCommand, type ContainerInit } from './inits.js'
import { Output, type ReadPace } from './output.js'
import { childrenOf, cmdline, killIfAlive, killTagged, readStat, TAG_VAR, type ProcStat } from './processes.js'
import { HANG_GUARD_MS, waitUntil, withTimeout } from './wait.js'

export interface StartOptions {
  /** Another init than GI_TEST_INIT's, e.g. dumb-init for a contrast. */
  init?: ContainerInit
  /** Run as PID 1: `unshare --pid --fork --mount-proc --kill-child INIT ...`. */
  pid1?: boolean
  /** The init's options and the command. */
  args: string[]
  /** Extra environment (undefined removes a variable). */
  env?: Record<string, string | undefined>
  /** Wraps the init's argv in another command (e.g. a shell); the init is then its child. */
  wrap?: (initArgv: string[]) => string[]
  /** Descriptors 3 and up the init inherits: number in the init → an fd open in the test. */
  fds?: Record<number, number>
  stdoutPace?: ReadPace
  stderrPace?: ReadPace
  cwd?: string
}

export interface InitExit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** The smallest part of a tap Test the harness needs. */
export interface Teardown {
  teardown(fn: () => unknown): void
}

/** Environment variables that would configure the init behind the test's back. */
const FOREIGN_ENV = /^(GRACEFUL_INIT_|DUMB_INIT_|TINI_|NODE_OPTIONS$|TAP|TS_NODE_|NODE_V8_COVERAGE$)/

const liveTags = new Set<string>()
// On exit and on the signal tap's timeout sends: a test file killed mid-test (no teardown ran)
// once left nine inits with busy children, which slowed every later file of the run.
onExit(() => {
  for (const tag of liveTags) killTagged(tag)
})

export class InitProcess {
  readonly proc: ChildProcess
  /** GI_TEST_TAG's value, in the environment of every process this run starts. */
  readonly tag = randomUUID()
  readonly stdout: Output
  readonly stderr: Output
  readonly exited: Promise<InitExit>
  exit: InitExit | undefined
  /** Date.now() at the process's 'exit' event (NaN before): sooner than `exited`, which waits
   * for the pipes. */
  exitedAt = NaN
  private initPid: number | undefined

  constructor(readonly opts: StartOptions) {
    const inherited = Object.entries(process.env).filter(([k]) => !FOREIGN_ENV.test(k))
    // spawn leaves out a variable whose value is undefined: so opts.env removes one.
    const env = { ...Object.fromEntries(inherited), ...opts.env, [TAG_VAR]: this.tag }
    const prefix = opts.pid1 ? ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'] : []
    const initArgv = [...prefix, ...initCommand(opts.init), ...opts.args]
    // tap's processinfo hook puts its NODE_OPTIONS (an --import) back into every spawn; `env -u`
    // drops it again at exec, so the init (and Node children) start as they would in a container.
    const argv = ['env', '-u', 'NODE_OPTIONS', ...(opts.wrap ? opts.wrap(initArgv) : initArgv)]
    liveTags.add(this.tag)
    // detached: its own process group, so a teardown can kill the group at once.
    this.proc = spawn(argv[0]!, argv.slice(1), {
      detached: true,
      env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe', ...extraFds(opts.fds ?? {})],
    })
    this.stdout = new Output('stdout', this.proc.stdout, opts.stdoutPace)
    this.stderr = new Output('stderr', this.proc.stderr, opts.stderrPace)
    this.proc.on('error', () => {})
    this.proc.once('exit', () => (this.exitedAt = Date.now()))
    this.exited = new Promise(resolve => this.proc.on('close', (code, signal) => {
      this.exit = { code, signal, stdout: this.stdout.text, stderr: this.stderr.text }
      resolve(this.exit)
    }))
  }

  /** The init's pid on the host (the child of unshare when run as PID 1). */
  async pid(): Promise<number> {
    if (this.initPid !== undefined) return this.initPid
    if (!this.opts.pid1 && !this.opts.wrap) return (this.initPid = this.proc.pid!)
    let parent = this.proc.pid!
    if (this.opts.pid1 && this.opts.wrap) parent = (await this.childOf(parent)).pid
    return (this.initPid = (await this.childOf(parent)).pid)
  }

  private childOf(pid: number): Promise<ProcStat> {
    return waitUntil(`a child of ${pid} (${cmdline(pid).join(' ')})`, () => childrenOf(pid)[0], 5000, 5)
  }

  async stat(): Promise<ProcStat | undefined> {
    return readStat(await this.pid())
  }

  /** Sends a signal to the init itself (unshare forwards none). */
  async kill(signal: NodeJS.Signals | number): Promise<void> {
    process.kill(await this.pid(), signal)
  }

  /** Waits for the init to exit (both streams closed); rejects after timeoutMs, or with
   * `whileOutputGrows` only after timeoutMs in which neither stream grew: the time a slowly read
   * pipe takes depends on how starved the machine is, its progress does not. */
  async waitExit(timeoutMs = HANG_GUARD_MS, whileOutputGrows = false): Promise<InitExit> {
    const size = () => this.stdout.text.length + this.stderr.text.length
    for (;;) {
      const before = size()
      try {
        return await withTimeout('the init to exit', this.exited, timeoutMs)
      } catch (err) {
        if (whileOutputGrows && size() > before) continue
        const why = whileOutputGrows ? ' with no new output' : ''
        throw new Error(`${(err as Error).message}${why}\nstdout: ${this.stdout.text.slice(-1500)}\nstderr: ${this.stderr.text.slice(-1500)}`)
      }
    }
  }

  /** SIGKILLs the init's process group and every process that carries the tag. */
  cleanup(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) killIfAlive(-this.proc.pid!)
    killTagged(this.tag)
    liveTags.delete(this.tag)
  }
}

/** stdio entries for fds 3..max: the given descriptors, closed ('ignore') in the holes. */
function extraFds(fds: Record<number, number>): Array<number | 'ignore'> {
  const max = Math.max(2, ...Object.keys(fds).map(Number))
  return Array.from({ length: max - 2 }, (_, i) => fds[i + 3] ?? 'ignore')
}

/** Starts the init and registers its cleanup with the test. */
export function startInit(t: Teardown, opts: StartOptions): InitProcess {
  const init = new InitProcess(opts)
  t.teardown(() => init.cleanup())
  return init
}

export async function runInit(t: Teardown, opts: StartOptions, timeoutMs = HANG_GUARD_MS): Promise<InitExit> {
  return startInit(t, opts).waitExit(timeoutMs)
}
