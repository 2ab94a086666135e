// Socket activation (systemd, podman): LISTEN_FDS sockets at 3.. are meant for the process whose
// pid LISTEN_PID names, and sd_listen_fds() ignores them anywhere else. Handed to the child, they
// must name the child, as catatonit does. posix_spawn cannot set a variable to a pid it has not
// made yet, so the child is started through `sh`, which sets LISTEN_PID=$$ and execs it.
import { accessSync, constants } from 'node:fs';
import type { Env } from '../config/config.js';

/** The shell that sets LISTEN_PID; a POSIX sh is in every image but distroless and scratch. */
const SHELL = '/bin/sh';
const SET_AND_EXEC = 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"';

/** True when the environment hands the init activated sockets (LISTEN_PID is the init). */
export function activatesSockets(env: Env, initPid: number): boolean {
  return env.LISTEN_FDS !== undefined && env.LISTEN_PID === String(initPid);
}

/** How to start `command` so that LISTEN_PID names it; undefined when there is no shell. */
export function withListenPid(command: readonly string[]): string[] | undefined {
  try {
    accessSync(SHELL, constants.X_OK);
  } catch {
    return undefined;
  }
  return [SHELL, '-c', SET_AND_EXEC, ...command];
}
