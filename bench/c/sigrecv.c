/* The child for the forwarding and stop benches. Reports, from inside its signal handlers,
 * when each signal arrived:
 *   "ready <pid>"            handlers are installed
 *   "sig <signo> <ns>"       SIGUSR2/SIGHUP/SIGINT/SIGUSR1 arrived (keeps running)
 *   "term <ns>" "exit <ns>"  SIGTERM arrived; exits 0 right after the second line
 * The time is taken first thing in the handler: the latency measured is kill(2) by the harness
 * to this handler, through the init in between. */
#include <signal.h>
#include "clock.h"

static void on_signal(int signo) {
  uint64_t t = now_ns();
  put_line(1, "sig", (uint64_t)signo, 1, t);
}

static void on_term(int signo) {
  (void)signo;
  put_line(1, "term", now_ns(), 0, 0);
  put_line(1, "exit", now_ns(), 0, 0);
  _exit(0);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sa.sa_handler = on_signal;
  int forwarded[] = { SIGUSR2, SIGUSR1, SIGHUP, SIGINT };
  for (unsigned i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
    sigaction(forwarded[i], &sa, NULL);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  put_line(1, "ready", (uint64_t)getpid(), 0, 0);
  for (;;) pause();
}
