// Reads processes out of `cat /proc/[0-9]*/stat` output (from `crun exec` in a container).

export interface ProcStat {
  pid: number
  comm: string
  state: string
  ppid: number
}

/** Parses /proc/PID/stat lines; the command name may hold spaces and parentheses. */
export function parseStats(text: string): ProcStat[] {
  const out: ProcStat[] = []
  for (const line of text.split('\n')) {
    const open = line.indexOf('(')
    const close = line.lastIndexOf(')')
    if (open < 0 || close < open) continue
    const [state = '', ppid = ''] = line.slice(close + 2).split(' ')
    out.push({ pid: Number(line.slice(0, open)), comm: line.slice(open + 1, close), state, ppid: Number(ppid) })
  }
  return out
}

/** The processes of a running container, seen from a `crun exec` inside it. */
export async function containerProcesses(exec: (...argv: string[]) => Promise<{ code: number | null; stdout: string; stderr: string }>): Promise<ProcStat[]> {
  const r = await exec('/bin/sh', '-c', 'cat /proc/[0-9]*/stat 2>/dev/null; true')
  if (r.code !== 0) throw new Error(`crun exec failed (${r.code}): ${r.stderr}`)
  return parseStats(r.stdout)
}
