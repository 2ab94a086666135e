// A shell script (busybox sh or dash) that makes ten orphans and reports, from inside the
// container, how many the init adopted and how many zombies of the init's were left.

// Ten orphaned `sleep`s must be adopted by the init ($PPID here, as PID 1 or subreaper) and
// reaped. Waits follow events (loaded machines and qemu may take seconds to fork ten shells): all
// ten seen as the init's (up to 60 s), killed, then reaped or 10 s before zombies are counted; a
// PID 1 that never reaps (the control) keeps them for good. The bounds are on the clock, not a
// count of polls: a plain placement scans the host's /proc, and on a busy CI machine a hundred
// scans took longer than the test's wait. The clock is /proc/uptime: the Debian root has no `date`.

import { HANG_GUARD_MS } from './wait.js'

/** The longest the script runs: its two bounded waits, and a last scan. */
export const ORPHANS_SCRIPT_MS = 75_000
/** How long a test waits for an init running the script: the script, then a hang guard. */
export const ORPHANS_WAIT_MS = ORPHANS_SCRIPT_MS + HANG_GUARD_MS

export const ORPHANS_SCRIPT = [
  // up: whole seconds since boot, from the one clock every root here has.
  'up() { read -r u _ < /proc/uptime; up=${u%.*}; }',
  'i=0; while [ $i -lt 10 ]; do sh -c "sleep 1000 & exit 0"; i=$((i+1)); done',
  // scan STATE: n and pids of the sleeps in that state (? is any) whose parent is the init.
  'scan() { n=0; pids=; for f in /proc/[0-9]*/stat; do read -r line < $f || continue; case "$line" in *"(sleep) $1 $PPID "*) n=$((n+1)); pids="$pids ${line%% *}";; esac; done 2>/dev/null; }',
  'up; end=$((up + 60)); scan S; while [ $n -lt 10 ] && [ $up -lt $end ]; do sleep 0.1; scan S; up; done',
  'echo adopted=$n',
  'kill $pids',
  // Zombies of the init's, whatever their name (only the init's: a plain process in the host's PID
  // namespace sees the host's zombies too); waiting also while a killed sleep has not died yet.
  'zombies() { z=$(cat /proc/[0-9]*/stat 2>/dev/null | grep -c ") Z $PPID "); }',
  'up; end=$((up + 10)); scan "?"; zombies; while [ $((n+z)) -gt 0 ] && [ $up -lt $end ]; do sleep 0.1; scan "?"; zombies; up; done',
  'echo zombies=$z',
].join('\n')
