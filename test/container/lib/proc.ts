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

/** Local ports PID 1 listens on (TCP), from `cat /proc/net/tcp /proc/net/tcp6; ls -l /proc/1/fd`. */
export async function pid1ListeningPorts(exec: (...argv: string[]) => Promise<{ code: number | null; stdout: string; stderr: string }>): Promise<number[]> {
  const r = await exec('/bin/sh', '-c', 'cat /proc/net/tcp /proc/net/tcp6; echo ---; ls -l /proc/1/fd')
  if (r.code !== 0) throw new Error(`crun exec failed (${r.code}): ${r.stderr}`)
  const [tcp = '', fds = ''] = r.stdout.split('\n---\n')
  const inodes = new Set([...fds.matchAll(/socket:\[(\d+)\]/g)].map(m => m[1]))
  const ports: number[] = []
  for (const line of tcp.split('\n')) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    const f = line.trim().split(/\s+/)
    if (f[3] !== '0A' || !inodes.has(f[9])) continue
    ports.push(parseInt(f[1]?.split(':')[1] ?? '', 16))
  }
  return ports
}
