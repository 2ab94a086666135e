// What the child inherits from the init, as under dumb-init and tini.
import t from 'tap'
import { closeSync, existsSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { startInit } from './lib/init-process.js'
import { modeArgs, modes, placements, type Mode } from './lib/modes.js'
import { fixture, node, python } from './lib/paths.js'
import { tempDir } from './lib/stop/temp.js'
import { waitUntil } from './lib/wait.js'
import { otherInit, type ContainerInit } from './lib/inits.js'

/** Prints fds 3 and 5, then sh's descriptors (ls to a file: a command substitution holds a pipe open). */
const SHOW_FDS = 'echo "three=$(cat <&3)"; echo "five=$(cat <&5)"; ls /proc/$$/fd > fds; echo "fds=$(sort -n fds | tr "\\n" " ")"'

const portable: Mode & { init: ContainerInit } = { name: 'the portable build (its launcher lists them), as PID 1', pid1: true, single: false, init: 'portable' }

for (const mode of [...modes, ...(otherInit ? [] : [portable])] as (Mode & { init?: ContainerInit })[]) {
  t.test(`inherited descriptors 3 and 5 (4 closed) reach the child at the same numbers, and nothing else, ${mode.name}`, async t => {
    const dir = tempDir(t)
    writeFileSync(join(dir, 'three'), 'file three')
    writeFileSync(join(dir, 'five'), 'file five')
    // Each run gets descriptors of its own: a file offset is shared by everyone holding it.
    const open = () => {
      const fds = { 3: openSync(join(dir, 'three'), 'r'), 5: openSync(join(dir, 'five'), 'r') }
      t.teardown(() => Object.values(fds).forEach(fd => closeSync(fd)))
      return fds
    }
    // The same command without an init (it sees tap's own channel too).
    const bare = await startInit(t, { cwd: dir, args: [], wrap: () => ['sh', '-c', SHOW_FDS], fds: open() }).waitExit()
    const want = /^fds=.*$/m.exec(bare.stdout)?.[0] ?? 'fds=?'
    t.match(want, /^fds=0 1 2 3 5 /, 'without an init, sh has 0-3 and 5', { bare: bare.stdout })
    const init = startInit(t, { pid1: mode.pid1, cwd: dir, args: [...modeArgs(mode), 'sh', '-c', SHOW_FDS], fds: open(), init: mode.init })
    const r = await init.waitExit()
    t.equal(r.code, 0, 'the child exits 0', { stderr: r.stderr })
    t.match(r.stdout, /^three=file three$/m, 'fd 3 is the file given as 3')
    t.match(r.stdout, /^five=file five$/m, 'fd 5 is the file given as 5')
    t.equal(/^fds=.*$/m.exec(r.stdout)?.[0], want, "under the init the same: the hole stays, none of the init's own", { stderr: r.stderr })
  })
}

t.test('control: a child started without fd 5 cannot read it', async t => {
  const r = await startInit(t, { args: ['sh', '-c', 'cat <&5 && echo read-five || echo no-five'] }).waitExit()
  t.match(r.stdout, /^no-five$/m, 'fd 5 is closed in the child')
})

function fetchLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const socket = connect({ host: '127.0.0.1', port })
    socket.setEncoding('utf8')
    socket.on('data', chunk => (text += chunk))
    socket.on('end', () => resolve(text.trim()))
    socket.on('error', reject)
  })
}

for (const mode of modes) {
  t.test(`socket activation: the child gets LISTEN_PID and accepts on both sockets, ${mode.name}`, async t => {
    const init = startInit(t, {
      pid1: mode.pid1,
      args: ['-v', ...modeArgs(mode), node, fixture('activated-app.cjs')],
      wrap: argv => [python, fixture('socket-activate.py'), ...(mode.pid1 ? ['--pid1'] : []), '--', ...argv],
    })
    const [, first, second] = await init.stdout.waitFor(/^listening (\d+) (\d+)$/m)
    await init.stdout.waitFor(/^(ready|not mine).*$/m)
    t.match(init.stdout.text, /^ready 2 sockets \(first:second\)$/m, 'LISTEN_PID is the app\'s own pid', { stdout: init.stdout.text })
    t.equal(await fetchLine(Number(first)), 'hello from fd 3', 'it accepts on the first socket')
    t.equal(await fetchLine(Number(second)), 'hello from fd 4', 'and on the second')
    t.equal((await init.waitExit()).code, 0, 'the init exits with the app\'s 0')
  })
}

t.test('control: an app whose LISTEN_PID names another process refuses the sockets', async t => {
  const wrap = () => [python, fixture('socket-activate.py'), '--', 'sh', '-c', `${node} ${fixture('activated-app.cjs')}; exit $?`]
  const r = await startInit(t, { args: [], wrap }).waitExit()
  t.match(r.stdout, /^not mine: LISTEN_PID=\d+, my pid \d+$/m, 'it says the sockets are not its own')
  t.equal(r.code, 3)
})

for (const mode of placements) {
  t.test(`the init moves to / while the child, hooks and the stop command keep the launch directory, ${mode.name}`, async t => {
    const dir = tempDir(t)
    const init = startInit(t, {
      pid1: mode.pid1, cwd: dir,
      args: ['--ready-file', 'ready', '--exit-file', 'exited', '--pre-stop', 'pwd > hook-dir',
        '--stop-command', 'pwd > stop-dir; kill -TERM "$GRACEFUL_INIT_CHILD_PID"', 'sh', '-c', 'echo "ready $(pwd)"; exec sleep 300'],
    })
    await init.stdout.waitFor(/^ready /m)
    t.match(init.stdout.text, new RegExp(`^ready ${dir}$`, 'm'), 'the child runs in the launch directory')
    const initPid = await init.pid()
    t.equal(readlinkSync(`/proc/${initPid}/cwd`), '/', 'the init itself is in /, pinning no mount')
    await waitUntil('the ready file', () => existsSync(join(dir, 'ready')), 20_000)
    t.pass('a relative --ready-file is written in the launch directory')
    await init.kill('SIGTERM')
    t.equal((await init.waitExit()).code, 143, 'the stop command ended the child')
    const read = (name: string) => readFileSync(join(dir, name), 'utf8').trim()
    t.equal(read('hook-dir'), dir, 'the pre-stop hook ran in the launch directory')
    t.equal(read('stop-dir'), dir, 'so did the stop command')
    t.equal(read('exited'), '143', 'and a relative --exit-file is written there too')
  })
}
