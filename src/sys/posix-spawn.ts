// posix_spawnp for the child: a new session (dumb-init's default), default signal dispositions
// and an empty mask (Node ignores SIGPIPE and blocks signals in its threads), and the file
// actions that give the child stdio of its own. glibc and musl both report exec errors.
import type { loadKoffi } from './koffi.js';

const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80;
/** Opaque libc objects live in Buffers bigger than any libc's struct (glibc: 336 and 80 bytes). */
const OPAQUE_BYTES = 1024;

export interface SpawnRequest {
  file: string;
  argv: string[];
  env: string[];
  /** New session (the child leads its own process group), as dumb-init does by default. */
  setsid: boolean;
  /** [targetFd, path] opened in the child (a tty opened there becomes its controlling terminal). */
  opens: Array<[number, string, number]>;
  /** [fromFd, toFd] dup2'ed in the child; dup2(fd, fd) clears close-on-exec. */
  dups: Array<[number, number]>;
}

type Library = ReturnType<ReturnType<typeof loadKoffi>['load']>;

/** Binds posix_spawnp; the function returns the child's pid, or a negative errno. */
export function bindPosixSpawn(lib: Library): (req: SpawnRequest) => number {
  const spawnp = lib.func('int posix_spawnp(_Out_ int *, const char *, void *, void *, const char **, const char **)');
  const faInit = lib.func('int posix_spawn_file_actions_init(void *)');
  const faDestroy = lib.func('int posix_spawn_file_actions_destroy(void *)');
  const faOpen = lib.func('int posix_spawn_file_actions_addopen(void *, int, const char *, int, int)');
  const faDup2 = lib.func('int posix_spawn_file_actions_adddup2(void *, int, int)');
  const attrInit = lib.func('int posix_spawnattr_init(void *)');
  const attrDestroy = lib.func('int posix_spawnattr_destroy(void *)');
  const attrFlags = lib.func('int posix_spawnattr_setflags(void *, short)');
  const attrSigmask = lib.func('int posix_spawnattr_setsigmask(void *, void *)');
  const attrSigdefault = lib.func('int posix_spawnattr_setsigdefault(void *, void *)');
  const sigemptyset = lib.func('int sigemptyset(void *)');
  const sigfillset = lib.func('int sigfillset(void *)');

  return (req: SpawnRequest): number => {
    const actions = Buffer.alloc(OPAQUE_BYTES);
    const attr = Buffer.alloc(OPAQUE_BYTES);
    const noSignals = Buffer.alloc(OPAQUE_BYTES);
    const allSignals = Buffer.alloc(OPAQUE_BYTES);
    faInit(actions);
    attrInit(attr);
    try {
      for (const [fd, path, flags] of req.opens) faOpen(actions, fd, path, flags, 0);
      for (const [from, to] of req.dups) faDup2(actions, from, to);
      sigemptyset(noSignals);
      sigfillset(allSignals);
      // Node ignores SIGPIPE and blocks signals in its threads: the child must start clean.
      attrSigmask(attr, noSignals);
      attrSigdefault(attr, allSignals);
      const setsid = req.setsid ? POSIX_SPAWN_SETSID : 0;
      attrFlags(attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | setsid);
      const pid = [0];
      const rc = spawnp(pid, req.file, actions, attr, [...req.argv, null], [...req.env, null]);
      return rc === 0 ? (pid[0] as number) : -rc;
    } finally {
      faDestroy(actions);
      attrDestroy(attr);
    }
  };
}
