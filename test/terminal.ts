// `docker run -it IMAGE bash`: the child gets the tty as controlling terminal, so job control
// works. Runtimes make PID 1 a session leader owning the tty: `setsid --ctty` under unshare,
// pty.fork for the plain process.
import t, { type Test } from 'tap'
import { startInit } from './lib/init-process.js'
import { modeArgs, modes, placements } from './lib/modes.js'
import { fixture, python } from './lib/paths.js'

const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child', 'setsid', '--ctty']

/** One step pty-drive.py reported: `ok` and what it saw. */
interface Step {
  ok: boolean
  [key: string]: unknown
}

/** Runs `pty-drive.py ...before INIT ...args ...after` and reads the steps it reported. */
async function drive(t: Test, args: string[], before: string[], after: string[], timeoutMs: number) {
  const r = await startInit(t, { args, wrap: argv => [python, fixture('pty-drive.py'), ...before, ...argv, ...after] }).waitExit(timeoutMs)
  const seen = JSON.parse(r.stdout) as { steps: Record<string, Step>; transcript: string }
  return { s: seen.steps, extra: { transcript: seen.transcript } }
}

for (const mode of placements) {
  t.test(`job control works under a terminal, ${mode.name}`, async t => {
    const { s, extra } = await drive(t, ['bash', '--norc', '-i'], mode.pid1 ? UNSHARE : [], [], 90_000)
    t.ok(s.prompt?.ok, 'bash shows its prompt', extra)
    t.match(String(s.flags?.flags), /m/, '$- contains m (job control is on)', extra)
    t.equal(s.tty?.tty, 'ok', ': < /dev/tty works (the tty is the controlling terminal)', extra)
    t.ok(s.ctrl_c?.ok, 'a foreground `sleep 100` runs in the terminal\'s foreground group; Ctrl-C brings the prompt back', { step: s.ctrl_c, ...extra })
    t.ok(Number(s.ctrl_c?.prompt_ms) < 3000, `... quickly (${s.ctrl_c?.prompt_ms} ms)`)
    t.equal(s.ctrl_c?.status, 130, '... and $? is 130')
    t.ok(s.ctrl_z?.ok, 'Ctrl-Z stops a foreground `sleep 100` ("Stopped"), fg resumes it, Ctrl-C ends it', { step: s.ctrl_z, ...extra })
    t.ok(s.ctrl_z?.stopped, '... the sleep was in state T after Ctrl-Z')
    t.equal(s.exit?.status, 7, '`exit 7` makes the init exit 7', { step: s.exit, ...extra })
  })
}

// The init typed at an interactive bash is a job: Ctrl-Z (and TTIN/TTOU) must stop the child and
// then the init, so the prompt comes back; fg and bg resume both (as dumb-init's setsid mode;
// under tini the shell hangs).
for (const mode of modes.filter(m => !m.pid1)) {
  t.test(`Ctrl-Z gives the prompt back with the job stopped, and fg/bg resume it, ${mode.name}`, async t => {
    const { s, extra } = await drive(t, [], ['--as-job'], modeArgs(mode), 120_000)
    const stopped = ['T', 'T']
    t.ok(s.start?.ok, '`graceful-init sleep 100` runs as a job', extra)
    t.same(s.ctrl_z?.states, stopped, 'Ctrl-Z: "Stopped", the prompt is back, the init and sleep are both stopped', { step: s.ctrl_z, ...extra })
    t.ok(s.fg?.ok, 'fg: both run again', { step: s.fg, ...extra })
    t.same(s.ctrl_z_again?.states, stopped, 'Ctrl-Z again stops both', { step: s.ctrl_z_again, ...extra })
    t.ok(s.bg?.ok, 'bg: both run again, in the background', { step: s.bg, ...extra })
    for (const signal of ['ttin', 'ttou'] as const) {
      const step = s[signal]
      t.same([step?.states, String(step?.jobs).startsWith('Stopped')], [stopped, true], `kill -${signal.toUpperCase()} %1 stops both and jobs says Stopped`, { step, ...extra })
      t.ok(s[`bg_after_${signal}`]?.ok, '... and bg resumes both', extra)
    }
    t.equal(s.end?.status, 143, 'kill -TERM %1 then ends the job: the init exits 143', { step: s.end, ...extra })
    t.same(s.end?.left, ['gone', 'gone'], 'nothing is left')
  })
}
