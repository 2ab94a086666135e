/* The child for the start-up bench: prints CLOCK_MONOTONIC as the first thing main() does.
 * Linked statically where possible, so its own exec costs little and the same in every run;
 * that cost is measured by running it directly and subtracted. Prints "stamp <ns>". */
#include "clock.h"

int main(void) {
  uint64_t t = now_ns();
  put_line(1, "stamp", t, 0, 0);
  return 0;
}
