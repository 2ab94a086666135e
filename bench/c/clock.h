/* Shared by the bench fixtures: CLOCK_MONOTONIC in nanoseconds (the same clock as Node's
 * process.hrtime.bigint()), and a line writer that is async-signal-safe (no stdio, no malloc),
 * so handlers can report their own time without buffering delaying or reordering it. */
#ifndef BENCH_CLOCK_H
#define BENCH_CLOCK_H
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Appends the decimal form of v to p and returns the new end. */
static inline char *put_u64(char *p, uint64_t v) {
  char tmp[24];
  int n = 0;
  do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (n) *p++ = tmp[--n];
  return p;
}

/* Writes "<word> <a> <b>\n" (b omitted when has_b is 0) in one write(2), so lines from a
 * handler and from main never interleave. */
static inline void put_line(int fd, const char *word, uint64_t a, int has_b, uint64_t b) {
  char buf[96];
  char *p = buf;
  size_t len = strlen(word);
  memcpy(p, word, len); p += len;
  *p++ = ' '; p = put_u64(p, a);
  if (has_b) { *p++ = ' '; p = put_u64(p, b); }
  *p++ = '\n';
  ssize_t r = write(fd, buf, (size_t)(p - buf));
  (void)r;
}
#endif
