// Timing bounds shared by the stop-sequence tests.

/**
 * The init measures each step on its own clock from the moment it handles the signal; a test
 * stamps the signal just before kill(2). Node's timers run off a loop time cached a few ms
 * earlier (and tcp_info counts in jiffies), so a step may end this much "early" as the test sees it.
 */
export const CLOCK_SLACK_MS = 50

/** The --drain-until-idle time the tests use. */
export const IDLE_MS = 1000

/** The init reads the kernel's socket table every 250 ms at most (pollMs for a 1 s idle time). */
export const POLL_MS = 250
