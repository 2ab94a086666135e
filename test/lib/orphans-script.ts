// A shell script (busybox sh or dash) that makes ten orphans and reports, from inside the
// container, how many the init adopted and how many zombies of the init's were left.

// Ten `sleep`s whose parent exits at once must be adopted by the init (PID 1, or the subreaper
// when it is a plain process: $PPID of this script either way) and reaped.
export const ORPHANS_SCRIPT = [
  'i=0; while [ $i -lt 10 ]; do sh -c "sleep 1.5 & exit 0"; i=$((i+1)); done',
  'sleep 0.2',
  'adopted=0',
  'for f in /proc/[0-9]*/stat; do read -r line < $f || continue; case "$line" in *"(sleep) S $PPID "*) adopted=$((adopted+1));; esac; done 2>/dev/null',
  'echo adopted=$adopted',
  'sleep 2.5',
  // Only the init's: a plain process in the host's PID namespace sees the host's zombies too.
  'echo zombies=$(cat /proc/[0-9]*/stat 2>/dev/null | grep -c ") Z $PPID ")',
].join('\n')
