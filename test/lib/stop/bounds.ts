// Timing bounds shared by the stop-sequence tests.

/** The init times steps from handling the signal, the test from before kill(2); Node's timers use
 * a loop time cached a few ms earlier (tcp_info counts jiffies), so a step may look this "early". */
export const CLOCK_SLACK_MS = 50

/** The --drain-until-idle time the tests use. */
export const IDLE_MS = 1000

/** The init reads the kernel's socket table every 250 ms at most (pollMs for a 1 s idle time). */
export const POLL_MS = 250
