// config.json of a test container (pure): a read-only rootfs skeleton with host directories bound
// in. https://github.com/opencontainers/runtime-spec/blob/main/config.md

/** A host directory bound into the container: read-only at the same path unless told otherwise. */
export interface Bind {
  path: string
  destination?: string
  writable?: boolean
}

export interface OciConfigInput {
  /** The container's PID 1 and its arguments. */
  args: string[]
  rootfs: string
  binds: Bind[]
  /** On top of PATH and HOME. */
  env?: Record<string, string>
}

// Docker's default set, so the init runs with what it gets in production:
// https://github.com/moby/moby/blob/master/oci/caps/defaults.go
const dockerCapabilities = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
]

/** config.json for a container in the host's network and user namespaces (loopback and real
 * root, as with rootful Docker). */
export function toOciConfig(input: OciConfigInput): object {
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/tmp', ...input.env }
  return {
    ociVersion: '1.0.0',
    process: {
      // stdio are the runtime's own pipes, as with `docker run` without -t.
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: input.args,
      env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      cwd: '/',
      capabilities: { bounding: dockerCapabilities, effective: dockerCapabilities, permitted: dockerCapabilities },
      // No rlimits (inherited): root here lacks CAP_SYS_RESOURCE to raise the hard limit.
      noNewPrivileges: true,
    },
    root: { path: input.rootfs, readonly: true },
    hostname: 'graceful-init-test',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'mode=1777', 'size=65536k'] },
      ...input.binds.map(b => ({
        destination: b.destination ?? b.path,
        type: 'bind',
        source: b.path,
        options: ['rbind', b.writable ? 'rw' : 'ro', 'nosuid', 'nodev'],
      })),
    ],
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
      maskedPaths: ['/proc/kcore', '/proc/keys', '/proc/timer_list', '/sys/firmware'],
      readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
    },
  }
}
