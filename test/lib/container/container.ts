// One container, driven as Docker and the kubelet do: `crun run` in the foreground (its status is
// the container's), `crun kill ID SIG` to PID 1, `docker stop -t` (then KILL after the timeout).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { Output } from '../output.js'
import { listeningPortsIn } from '../probes/net.js'
import { parseStats, type ProcStat } from '../processes.js'
import { HANG_GUARD_MS, withTimeout } from '../wait.js'
import { openFifo } from './fifo.js'
import { crunCommand, type Runtime } from './runtime.js'

/** How the container ended: crun's exit code (the container's), or crun's own signal. */
export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  /** Date.now() when crun exited (the container shares the host's clock). */
  at: number
}

interface StopResult {
  exit: Exit
  /** Date.now() just before the stop signal was sent. */
  sentAt: number
  /** Whether the stop timeout passed and KILL was sent. */
  killed: boolean
}

interface CommandResult {
  code: number | null
  stdout: string
  stderr: string
}

async function runCommandLine([cmd, ...args]: string[], timeoutMs = 10_000): Promise<CommandResult> {
  const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const [code] = (await once(child, 'close')) as [number | null]
  clearTimeout(timer)
  return { code, stdout, stderr }
}

export class Container {
  readonly stdout: Output
  readonly stderr: Output
  /** Resolves when `crun run` has exited. */
  readonly exited: Promise<Exit>
  #done = false

  /** @param fifoDir where to make the stdout and stderr FIFOs (the container's bundle). */
  constructor(readonly id: string, private readonly rt: Runtime, [cmd, ...args]: string[], fifoDir: string) {
    // stdin is /dev/null and stdout/stderr are pipes: `docker run` without -i and -t.
    const out = openFifo(join(fifoDir, 'stdout'))
    const err = openFifo(join(fifoDir, 'stderr'))
    let child
    try {
      child = spawn(cmd!, args, { stdio: ['ignore', out.writeFd, err.writeFd] })
    } finally {
      out.closeWriteFd()
      err.closeWriteFd()
    }
    this.stdout = new Output(`${id} stdout`, out.readable)
    this.stderr = new Output(`${id} stderr`, err.readable)
    const exit = new Promise<Omit<Exit, 'at'>>((resolve, reject) => {
      child.on('error', reject)
      child.on('exit', (code, signal) => resolve({ code, signal }))
    })
    this.exited = exit.then(async e => {
      const at = Date.now()
      // Every line is read once both pipes are at EOF (bounded: a process outside could hold a write end).
      await Promise.race([Promise.all([this.stdout.whenEnded(), this.stderr.whenEnded()]), delay(2000)])
      this.#done = true
      return { ...e, at }
    })
  }

  get done(): boolean {
    return this.#done
  }

  /** `crun kill ID SIGNAL` to PID 1; returns Date.now() before sending. Fails even if the container
   * exited meanwhile: crun can take seconds to start, and an unsent signal must not look delivered. */
  async kill(signal: string): Promise<number> {
    const sentAt = Date.now()
    const r = await runCommandLine(crunCommand(this.rt, 'kill', this.id, signal))
    if (r.code !== 0) throw new Error(`crun kill ${this.id} ${signal} failed after ${Date.now() - sentAt} ms: ${r.stderr}`)
    return sentAt
  }

  /** `docker stop -t`: sends the stop signal, then KILL if the container outlives the timeout. */
  async stop({ signal = 'TERM', timeoutMs }: { signal?: string; timeoutMs: number }): Promise<StopResult> {
    const sentAt = await this.kill(signal)
    const exit = await withTimeout('the stop', this.exited, timeoutMs).catch(() => undefined)
    if (exit) return { exit, sentAt, killed: false }
    // The container may exit on its own between the timeout and the KILL: crun kill then fails.
    await this.kill('KILL').catch(() => undefined)
    return { exit: await this.waitExit(10_000), sentAt, killed: true }
  }

  /** Waits for the container to exit; fails after timeoutMs (the container runs on). */
  waitExit(timeoutMs = HANG_GUARD_MS): Promise<Exit> {
    return withTimeout(`container ${this.id} to exit`, this.exited, timeoutMs).catch((err: Error) => {
      throw new Error(`${err.message}\nstdout:\n${this.stdout.text}\nstderr:\n${this.stderr.text}`)
    })
  }

  exec(...argv: string[]): Promise<CommandResult> {
    return runCommandLine(crunCommand(this.rt, 'exec', this.id, ...argv))
  }

  /** The container's processes, as its own /proc shows them (pids of its namespace). */
  async processes(): Promise<ProcStat[]> {
    return parseStats((await this.shell('cat /proc/[0-9]*/stat 2>/dev/null; true')).stdout)
  }

  async pid1ListeningPorts(): Promise<number[]> {
    const [tcp = '', fds = ''] = (await this.shell('cat /proc/net/tcp /proc/net/tcp6; echo ---; ls -l /proc/1/fd')).stdout.split('\n---\n')
    return listeningPortsIn(tcp, fds)
  }

  private async shell(script: string): Promise<CommandResult> {
    const r = await this.exec('/bin/sh', '-c', script)
    if (r.code !== 0) throw new Error(`crun exec failed (${r.code}): ${r.stderr}`)
    return r
  }

  /** `crun delete -f ID`: kills whatever is left and removes the state. Never throws. */
  async remove(): Promise<void> {
    await runCommandLine(crunCommand(this.rt, 'delete', '-f', this.id)).catch(() => undefined)
    if (!this.#done) await this.waitExit(5_000).catch(() => undefined)
  }
}
