// PID 1 or plain, signalling the child's group or the child only. The OCI container placement is
// containerColumn (container/suite.ts); the init is the third axis (inits.ts). Matrix: test/README.md.

export interface Mode {
  name: string
  pid1: boolean
  single: boolean
}

/** Every combination, named for a test title. */
export const modes: Mode[] = [
  { name: 'as PID 1, group mode', pid1: true, single: false },
  { name: 'as PID 1, single-child mode', pid1: true, single: true },
  { name: 'as a plain process, group mode', pid1: false, single: false },
  { name: 'as a plain process, single-child mode', pid1: false, single: true },
]

/** PID 1 and plain, in group mode. */
export const placements: Mode[] = modes.filter(m => !m.single)

export function modeArgs(mode: Mode): string[] {
  return mode.single ? ['-c'] : []
}
