// The image's environment is the app's, not the init's (SPEC §8, issue 10 point 3): in an
// alpine-shaped root whose variables each break a glibc Node, the portable init starts and the
// child gets them unchanged.
import { join } from 'node:path'
import t from 'tap'
import { runInit, startInit } from '../lib/init-process.js'
import { addMuslLibcAs, addMuslLibrary, addMuslProgram } from '../lib/musl-fixture.js'
import { addFixtureNode, inRoot, linkPortable, PORTABLE_INIT, portableDir } from '../lib/portable.js'
import { makeRootfs } from '../lib/rootfs.js'
import { tempDir } from '../lib/stop/temp.js'

const root = makeRootfs('musl', portableDir())
t.teardown(() => root.remove())
addMuslProgram(root.dir, 'show-env', '/app/bin/show-env')
addMuslLibrary(root.dir, 'preload', '/app/lib/libpreload.so')
// The image's library directory holds a libc.so.6 that is not glibc (musl's): a glibc process
// that searches LD_LIBRARY_PATH for libc.so.6 loads it and dies.
addMuslLibcAs(root.dir, '/app/lib/libc.so.6')
const node = addFixtureNode(root.dir)

/** The image's variables, each one a way to break a Node that reads it. */
const IMAGE_ENV: Record<string, string> = {
  NODE_OPTIONS: '--require /nonexistent.js --max-old-space-size=64',
  NODE_EXTRA_CA_CERTS: '/nonexistent-ca.pem',
  LD_PRELOAD: '/app/lib/libpreload.so',
  LD_LIBRARY_PATH: '/app/lib',
}

const run = (env: Record<string, string>, argv: string[]) =>
  startInit(t, { args: [], wrap: () => ['env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...inRoot(root.dir, 'pid1', argv.slice(1), argv[0])] })

t.test('controls: each variable alone breaks a plain glibc Node in this root', async t => {
  for (const name of ['NODE_OPTIONS', 'LD_PRELOAD', 'LD_LIBRARY_PATH']) {
    const exit = await run({ [name]: IMAGE_ENV[name]! }, [node, '-e', 'console.log("node ran")']).waitExit()
    t.not(exit.code, 0, `${name}: node fails`, { stderr: exit.stderr })
    t.notMatch(exit.stdout, /node ran/, `${name}: the script never ran`)
  }
  // Node reads NODE_EXTRA_CA_CERTS when TLS is first used (the init never does): it warns then.
  const script = 'require("tls").createSecureContext()'
  const exit = await run({ NODE_EXTRA_CA_CERTS: IMAGE_ENV.NODE_EXTRA_CA_CERTS! }, [node, '-e', script]).waitExit()
  t.match(exit.stderr, /nonexistent-ca\.pem/, 'NODE_EXTRA_CA_CERTS: node warns about the missing file')
})

t.test('the portable init starts and the child gets every variable unchanged', async t => {
  // A stale launcher variable in the image's environment (fd 99 is not open) is replaced, not used.
  const exit = await run({ ...IMAGE_ENV, GRACEFUL_INIT_PORTABLE_FDS: '99' }, [PORTABLE_INIT, '--', '/app/bin/show-env']).waitExit()
  t.equal(exit.code, 0, 'the init ran the child and exited with its code', { stderr: exit.stderr })
  const lines = exit.stdout.split('env:\n')[1]?.split('\n').filter(Boolean) ?? []
  const env = Object.fromEntries(lines.map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
  for (const [name, value] of Object.entries(IMAGE_ENV)) t.equal(env[name], value, `the child sees ${name} unchanged`)
  t.same(Object.keys(env).filter(k => k.startsWith('GRACEFUL_INIT_PORTABLE')), [], "none of the launcher's variables")
  t.match(exit.stderr, /musl-preload: loaded/, "the child's loader applied LD_PRELOAD")
  t.equal(exit.stderr.match(/musl-preload: loaded/g)?.length, 1, 'in the child only, not in the init')
  t.notMatch(exit.stderr, /nonexistent/, 'the init read neither NODE_OPTIONS nor NODE_EXTRA_CA_CERTS')
})

t.test('ps and /proc/1/comm show graceful-init, not the loader', async t => {
  const script = 'echo comm=$(cat /proc/1/comm); ps -o pid,args | grep "^ *1 "'
  const exit = await run(IMAGE_ENV, [PORTABLE_INIT, '--single-child', '--', '/bin/sh', '-c', script]).waitExit()
  t.equal(exit.code, 0, { stderr: exit.stderr })
  t.match(exit.stdout, /^comm=graceful-init$/m, '/proc/1/comm')
  const args = /^ *1 (.*)$/m.exec(exit.stdout)?.[1] ?? ''
  t.equal(args, `graceful-init --single-child -- /bin/sh -c ${script}`, 'ps -o args: the init and its own arguments only')
  t.notMatch(args, /ld-linux|--inhibit-cache|--library-path|lib\/node|\.cjs/, 'no loader, no Node, no bundle path')
})

// The launcher preloads lib/graceful-init-preload.so (koffi's addon loaded while Node boots).
const PRELOAD_REPORT = 'echo "preload=${LD_PRELOAD-none}"; echo "mapped=$(grep -c graceful-init-preload /proc/$PPID/maps)"'

t.test("the init's loader preloads its helper, and the child gets no LD_PRELOAD of it", async t => {
  const exit = await run({}, [PORTABLE_INIT, '--', '/bin/sh', '-c', PRELOAD_REPORT]).waitExit()
  t.equal(exit.code, 0, { stderr: exit.stderr })
  t.match(exit.stdout, /^mapped=[1-9]/m, 'the init has the helper loaded')
  t.match(exit.stdout, /^preload=none$/m, 'the child has no LD_PRELOAD')
})

t.test('installed under a path with a space (LD_PRELOAD cannot name it), the init runs without its helper', async t => {
  const init = join(linkPortable(join(tempDir(t, 'gi-space-'), 'a b:c', 'graceful-init')), 'bin/graceful-init')
  const exit = await runInit(t, { args: [], wrap: () => [init, '--', '/bin/sh', '-c', `${PRELOAD_REPORT}; exit 3`] })
  t.equal(exit.code, 3, "the child's code", { stderr: exit.stderr })
  t.match(exit.stdout, /^mapped=0$/m, 'no helper')
  t.match(exit.stdout, /^preload=none$/m, 'the child has no LD_PRELOAD')
  t.notMatch(exit.stderr, /cannot be preloaded|ld\.so/, 'the loader complained of nothing')
})
