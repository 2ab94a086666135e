/* Spawns a command and times it from C, so Node's event loop and its own spawn path add no
 * jitter to millisecond-scale start-ups. Prints "spawn <ns>" taken just before posix_spawnp
 * (the exec of the command starts right after), then, once the command is reaped,
 * "exit <ns> <wait status>". The command's stdout is inherited (the stamp child writes there).
 * Usage: launch CMD [ARGS...] */
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include "clock.h"

extern char **environ;

int main(int argc, char **argv) {
  if (argc < 2) {
    static const char usage[] = "usage: launch CMD [ARGS...]\n";
    ssize_t r = write(2, usage, sizeof usage - 1);
    (void)r;
    return 2;
  }
  pid_t pid;
  uint64_t t0 = now_ns();
  int err = posix_spawnp(&pid, argv[1], NULL, NULL, &argv[1], environ);
  if (err) {
    fprintf(stderr, "launch: %s: %s\n", argv[1], strerror(err));
    return 127;
  }
  put_line(1, "spawn", t0, 0, 0);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {}
  put_line(1, "exit", now_ns(), 1, (uint64_t)status);
  return 0;
}
