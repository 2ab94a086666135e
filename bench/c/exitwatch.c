/* Timestamps the exit of a process that is not our child (the init under unshare), through a
 * pidfd: it turns readable the moment the process terminates, before anyone reaps it, so
 * the time excludes the parent's wait and exit path. Prints "watching <pid>", then
 * "exited <ns>" (or "timeout <ns>" after TIMEOUT_MS). Usage: exitwatch PID TIMEOUT_MS */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include "clock.h"

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: exitwatch PID TIMEOUT_MS\n"); return 2; }
  pid_t pid = (pid_t)atoi(argv[1]);
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) { perror("exitwatch: pidfd_open"); return 1; }
  put_line(1, "watching", (uint64_t)pid, 0, 0);
  struct pollfd pfd = { .fd = fd, .events = POLLIN };
  int n = poll(&pfd, 1, atoi(argv[2]));
  put_line(1, n > 0 ? "exited" : "timeout", now_ns(), 0, 0);
  return n > 0 ? 0 : 1;
}
