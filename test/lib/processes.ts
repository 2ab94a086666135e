// Reading /proc: process state, parents, sessions, and the processes a test started (the one
// /proc/PID/stat parser, also for what a container's /proc shows through `crun exec`).
import { readdirSync, readFileSync } from 'node:fs'

/** The fields of /proc/PID/stat the tests use (proc(5)). */
export interface ProcStat {
  pid: number
  comm: string
  /** R, S, D, T, t, Z, X ... */
  state: string
  ppid: number
  pgid: number
  sid: number
  /** The foreground process group of the controlling terminal, or -1. */
  tpgid: number
  /** Clock ticks since boot: with pid, it names one process even if the pid is reused. */
  starttime: number
}

/** /proc/PID/FILE, or '' if the process is gone. */
export function readProc(pid: number, file: string, encoding: BufferEncoding = 'utf8'): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, encoding)
  } catch {
    return ''
  }
}

/** /proc/PID/stat parsed, or undefined if the process is gone. */
export function readStat(pid: number): ProcStat | undefined {
  return parseStat(readProc(pid, 'stat'))
}

export function parseStat(line: string): ProcStat | undefined {
  // comm may contain spaces and parentheses: the fields start after the last ')'.
  const open = line.indexOf('(')
  const close = line.lastIndexOf(')')
  if (open < 0 || close < open) return undefined
  const f = line.slice(close + 2).split(' ')
  return {
    pid: Number(line.slice(0, open)),
    comm: line.slice(open + 1, close),
    state: f[0] ?? '?',
    ppid: Number(f[1]),
    pgid: Number(f[2]),
    sid: Number(f[3]),
    tpgid: Number(f[5]),
    starttime: Number(f[19]),
  }
}

/** Every process in a dump of /proc/PID/stat files (e.g. from inside a container). */
export function parseStats(text: string): ProcStat[] {
  return text.split('\n').flatMap(line => parseStat(line) ?? [])
}

function listPids(): number[] {
  return readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(Number)
}

export function childrenOf(ppid: number): ProcStat[] {
  return listPids().flatMap(pid => readStat(pid) ?? []).filter(st => st.ppid === ppid)
}

/** Every process below pid, breadth first (one scan of /proc per process found). */
export function descendantsOf(pid: number): ProcStat[] {
  const out: ProcStat[] = []
  for (let queue = [pid]; queue.length > 0;) {
    for (const child of childrenOf(queue.shift()!)) {
      out.push(child)
      queue.push(child.pid)
    }
  }
  return out
}

/** True while the very process `st` names exists and has not died (a zombie has died). */
export function isRunning(st: Pick<ProcStat, 'pid' | 'starttime'>): boolean {
  const now = readStat(st.pid)
  return !!now && now.starttime === st.starttime && now.state !== 'Z' && now.state !== 'X'
}

/** The argv of a process, or [] if it is gone. */
export function cmdline(pid: number): string[] {
  return readProc(pid, 'cmdline').split('\0').filter(Boolean)
}

/** Marks every process a test starts, in its environment. */
export const TAG_VAR = 'GI_TEST_TAG'

/** The processes (running or zombie) whose environment carries GI_TEST_TAG=tag. */
export function tagged(tag: string): ProcStat[] {
  const needle = `${TAG_VAR}=${tag}\0`
  return listPids()
    .filter(pid => pid !== process.pid && (readProc(pid, 'environ', 'latin1') + '\0').includes(needle))
    .flatMap(pid => readStat(pid) ?? [])
}

export function runningTagged(tag: string): ProcStat[] {
  return tagged(tag).filter(st => st.state !== 'Z' && st.state !== 'X')
}

/** SIGKILL, unless the process is already gone. */
export function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** SIGKILL every process carrying the tag; a few rounds catch ones forked meanwhile. */
export function killTagged(tag: string): void {
  for (let round = 0; round < 3; round++) {
    const live = runningTagged(tag)
    if (live.length === 0) return
    for (const st of live) killIfAlive(st.pid)
  }
}

/** The tagged processes whose argv matches (e.g. `argv => argv.includes('grand')`). */
export function findTagged(tag: string, match: (argv: string[]) => boolean): ProcStat[] {
  return tagged(tag).filter(st => match(cmdline(st.pid)))
}
