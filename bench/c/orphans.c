/* The child for the reaping bench: makes N orphans of the init that all exit at once.
 * A short-lived middle process forks N children blocked on a pipe, then exits, so the kernel
 * reparents them to the init (PID 1 of the namespace, or a subreaper). Then:
 *   "ready <n>"                         N orphans are waiting; we block reading GO_FIFO
 *   (one byte on GO_FIFO)               we close the pipe: every orphan reads EOF and exits
 *   "done <release ns> <done ns>"       every orphan is reaped, or TIMEOUT_MS passed, then
 *   "left <count>"                      how many orphans were still there (0 unless timed out)
 *   (EOF or a byte on GO_FIFO)          we exit 0, which ends the init
 * An orphan's pid disappears only when the init reaps it (a zombie still answers kill(pid, 0)),
 * so we wait on the pids one after another: N + (elapsed / 100 us) cheap syscalls in all.
 * Usage: orphans N GO_FIFO TIMEOUT_MS */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "clock.h"

static void die(const char *what) { perror(what); exit(1); }

/* Forks n children that block on gate_r and exits; writes their pids to pids_w. */
static void run_middle(int n, int gate_r, int pids_w) {
  for (int i = 0; i < n; i++) {
    pid_t pid = fork();
    if (pid < 0) die("orphans: fork");
    if (pid == 0) {
      char c;
      close(pids_w);
      /* Holding the harness's stdout/stderr pipes open would delay its EOF. */
      close(0); close(1); close(2);
      while (read(gate_r, &c, 1) < 0 && errno == EINTR) {}
      _exit(0);
    }
    if (write(pids_w, &pid, sizeof pid) != sizeof pid) die("orphans: write pid");
  }
  _exit(0);
}

static int read_byte(int fd) {
  char c;
  ssize_t r;
  while ((r = read(fd, &c, 1)) < 0 && errno == EINTR) {}
  return (int)r;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: orphans N GO_FIFO TIMEOUT_MS\n"); return 2; }
  int n = atoi(argv[1]);
  uint64_t timeout_ns = (uint64_t)atoll(argv[3]) * 1000000u;
  pid_t *pids = calloc((size_t)n, sizeof *pids);
  int gate[2], pidpipe[2];
  if (!pids || pipe(gate) || pipe(pidpipe)) die("orphans: setup");

  pid_t middle = fork();
  if (middle < 0) die("orphans: fork");
  if (middle == 0) { close(gate[1]); close(pidpipe[0]); run_middle(n, gate[0], pidpipe[1]); }
  close(gate[0]);
  close(pidpipe[1]);
  size_t want = (size_t)n * sizeof *pids, got = 0;
  while (got < want) {
    ssize_t r = read(pidpipe[0], (char *)pids + got, want - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  int status;
  /* Once the middle process is reaped, its children have been reparented. */
  while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {}
  if (got != want) { fprintf(stderr, "orphans: only %zu forked\n", got / sizeof *pids); return 1; }
  put_line(1, "ready", (uint64_t)n, 0, 0);

  int go = open(argv[2], O_RDONLY);
  if (go < 0) die("orphans: open fifo");
  if (read_byte(go) != 1) return 1;
  uint64_t release = now_ns();
  close(gate[1]);

  uint64_t deadline = release + timeout_ns;
  struct timespec nap = { 0, 100000 };
  int i = 0;
  while (i < n) {
    if (kill(pids[i], 0) < 0 && errno == ESRCH) { i++; continue; }
    if (now_ns() > deadline) break;
    nanosleep(&nap, NULL);
  }
  uint64_t done = now_ns();
  int left = 0;
  for (int j = i; j < n; j++) if (kill(pids[j], 0) == 0) left++;
  put_line(1, "done", release, 1, done);
  put_line(1, "left", (uint64_t)left, 0, 0);
  read_byte(go);
  return 0;
}
