// A script (busybox sh or dash) that makes ten orphaned `sleep`s and reports how many the init
// ($PPID: PID 1 or subreaper) adopted, then, once they are killed, how many zombies of its are left.
// Waits follow events (a loaded machine or qemu may take seconds to fork ten shells): up to 60 s
// for the ten, then 10 s for the reaping (a PID 1 that never reaps, the control, keeps them). The
// bounds are on the clock: a plain placement scans the host's /proc, and on a busy machine a
// hundred scans outlasted the test's wait.
import { HANG_GUARD_MS } from './wait.js'

/** The longest the script runs: its two bounded waits, and a last scan. */
export const ORPHANS_SCRIPT_MS = 75_000
/** How long a test waits for an init running the script: the script, then a hang guard. */
export const ORPHANS_WAIT_MS = ORPHANS_SCRIPT_MS + HANG_GUARD_MS

export const ORPHANS_SCRIPT = [
  // up: whole seconds since boot, from /proc/uptime (the Debian root has no `date`).
  'up() { read -r u _ < /proc/uptime; up=${u%.*}; }',
  'i=0; while [ $i -lt 10 ]; do sh -c "sleep 1000 & exit 0"; i=$((i+1)); done',
  // scan STATE: n and pids of the sleeps in that state (? is any) whose parent is the init.
  'scan() { n=0; pids=; for f in /proc/[0-9]*/stat; do read -r line < $f || continue; case "$line" in *"(sleep) $1 $PPID "*) n=$((n+1)); pids="$pids ${line%% *}";; esac; done 2>/dev/null; }',
  'up; end=$((up + 60)); scan S; while [ $n -lt 10 ] && [ $up -lt $end ]; do sleep 0.1; scan S; up; done',
  'echo adopted=$n',
  'kill $pids',
  // Zombies of the init's only (a plain placement sees the host's too), whatever their name; the
  // wait goes on while a killed sleep has not died yet.
  'zombies() { z=$(cat /proc/[0-9]*/stat 2>/dev/null | grep -c ") Z $PPID "); }',
  'up; end=$((up + 10)); scan "?"; zombies; while [ $((n+z)) -gt 0 ] && [ $up -lt $end ]; do sleep 0.1; scan "?"; zombies; up; done',
  'echo zombies=$z',
].join('\n')
