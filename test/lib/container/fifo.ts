// Real pipes for the container's stdio: Node's `stdio: 'pipe'` is a socketpair, but containerd's
// shim gives pipes, and a FIFO can be reopened through /proc for the child, a socket cannot.
import { spawnSync } from 'node:child_process'
import { closeSync, constants, openSync } from 'node:fs'
import { Socket } from 'node:net'

/** A named pipe: the read end for us, the write end for the container's spawn, then to close
 * with closeWriteFd() so that EOF comes when the container exits. */
export function openFifo(path: string): { readable: Socket; writeFd: number; closeWriteFd(): void } {
  const r = spawnSync('mkfifo', ['-m', '600', path], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`mkfifo ${path} failed: ${r.stderr || r.error?.message}`)
  // The read end first, non-blocking (libuv wants that), so the blocking write open finds a reader.
  // The container's end stays blocking, as a pipe from containerd's shim is.
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  const writeFd = openSync(path, constants.O_WRONLY)
  let open = true
  return {
    readable: new Socket({ fd: readFd, readable: true, writable: false }),
    writeFd,
    closeWriteFd() {
      if (open) closeSync(writeFd)
      open = false
    },
  }
}
